"""A load test: 10,000 applications through their whole workflow; afterwards the count on chain, in
the index and in the input agree, and every record's history is complete."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from tests.faults.conftest import OwnChain
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.services.indexer import Indexer, IndexReader
from zhangdian_sdk.services.indexer.schema import applications, events

COUNT = 10_000
LIFE = ["ApplicationSubmitted", "ApplicationAccepted", "StepApproved", "ApplicationApproved", "ApplicationCompleted"]


def test_ten_thousand_applications_through_their_whole_workflow(own_chain: OwnChain, tmp_path: Path) -> None:
    clerk = own_chain.clerk()
    approver = ZhangdianClient(clerk.w3, own_chain.deployment, signer=own_chain.chain.dev_signer(2))
    numbers = [f"LOAD-{i:05d}" for i in range(COUNT)]
    clerk.ledger.submit_many(
        [NewApplication(n, "ZD-GTGSH-SL", (i + 1).to_bytes(32, "big")) for i, n in enumerate(numbers)]
    )
    clerk.ledger.accept_many(numbers)
    approver.ledger.approve_many([(n, 0) for n in numbers])
    assert clerk.ledger.count() == COUNT

    url = f"sqlite:///{tmp_path}/index.db"
    Indexer(clerk.w3, own_chain.deployment, url).sync()
    reader = IndexReader(url)
    with reader.engine.connect() as connection:
        statuses = dict(
            connection.execute(select(applications.c.status, func.count()).group_by(applications.c.status)).all()
        )
        per_application = connection.execute(
            select(events.c.subject, func.count()).where(events.c.name.in_(LIFE)).group_by(events.c.subject)
        ).all()
    assert statuses == {ApplicationStatus.COMPLETED: COUNT}
    assert len(per_application) == COUNT
    assert Counter(count for _subject, count in per_application) == {len(LIFE): COUNT}
    sample = reader.timeline("0x" + clerk.ledger.get(numbers[4321]).application_id.hex())
    assert [e["name"] for e in sample] == LIFE
