"""The indexer against real anvil chains: projections, a real reorg, crash and resume, PostgreSQL."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.event import listen
from web3 import Web3

from tests.conftest import FOOD_LICENCE, SOLE_PROPRIETOR, free_port
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.errors import ConfigurationError
from zhangdian_sdk.core.models import ApplicationStatus, OfficerRole
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.localchain import LocalChain
from zhangdian_sdk.services.indexer import Indexer, IndexReader, SyncProgress, schema
from zhangdian_sdk.services.indexer.sync import prepare_schema


def _workload(client_for: Callable[[str], ZhangdianClient], new_number: Callable[[], str]) -> dict[str, int]:
    """A few applications in different states; returns number -> expected status."""
    clerk, approver, inspector = (client_for(r).ledger for r in ("clerk", "approver", "inspector"))
    expected = {}
    for story in ("done", "review", "supplement", "rejected", "withdrawn", "submitted"):
        number = new_number()
        clerk.submit(number, service="ZD-SPJY-XK", applicant_commitment=b"\x11" * 32)
        if story != "submitted" and story != "withdrawn":
            clerk.accept(number)
            approver.approve(number, step=0)
        if story == "done":
            inspector.approve(number, step=1)
            approver.approve(number, step=2)
        elif story == "supplement":
            inspector.request_supplement(number, reason_code=3)
        elif story == "rejected":
            inspector.reject(number, reason_code=4)
        elif story == "withdrawn":
            clerk.withdraw(number, reason_code=1)
        expected[number] = int(clerk.get(number).status)
    return expected


def _check(reader: IndexReader, expected: dict[str, int], client: ZhangdianClient) -> None:
    for number, status in expected.items():
        row = reader.application("0x" + application_id(number, "ZD-XPSJ").hex())
        assert row is not None, number
        on_chain = client.ledger.get(number)
        assert (row["status"], row["current_step"]) == (status, on_chain.current_step)
        assert row["deadline"] == (int(on_chain.deadline.timestamp()) if on_chain.deadline else 0)


def test_sync_projects_every_application_as_the_chain_has_it(
    w3: Web3,
    deployment,
    client_for,
    new_number,
    tmp_path: Path,
) -> None:
    expected = _workload(client_for, new_number)
    seen: list[SyncProgress] = []
    indexer = Indexer(w3, deployment, f"sqlite:///{tmp_path}/index.db", chunk_size=3)
    report = indexer.sync(progress=seen.append)
    assert report.events > 0
    assert len(seen) > 1
    assert seen[-1].to_block == w3.eth.block_number
    reader = IndexReader(f"sqlite:///{tmp_path}/index.db")
    _check(reader, expected, client_for("clerk"))
    timeline = reader.timeline("0x" + application_id(next(iter(expected)), "ZD-XPSJ").hex())
    assert [e["name"] for e in timeline][-2:] == ["ApplicationApproved", "ApplicationCompleted"]
    assert indexer.sync().events == 0  # nothing new: nothing written twice
    stats = {s.key: s for s in reader.statistics("service")}
    assert stats["ZD-SPJY-XK"].counts["COMPLETED"] >= 1
    assert stats["ZD-SPJY-XK"].median_hours is not None


def test_a_crash_between_ranges_resumes_with_nothing_lost_or_doubled(
    w3: Web3,
    deployment,
    client_for,
    new_number,
    tmp_path: Path,
) -> None:
    expected = _workload(client_for, new_number)
    url = f"sqlite:///{tmp_path}/index.db"

    def crash_after_first_range(progress: SyncProgress) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Indexer(w3, deployment, url, chunk_size=2).sync(progress=crash_after_first_range)
    first = IndexReader(url).indexed_block()
    assert first is not None
    assert first < w3.eth.block_number
    Indexer(w3, deployment, url, chunk_size=2).sync()
    _check(IndexReader(url), expected, client_for("clerk"))


def test_a_sync_commits_in_transactions_of_bounded_size(
    w3: Web3, deployment, client_for, new_number, tmp_path: Path
) -> None:
    numbers = [new_number() for _ in range(30)]
    client_for("clerk").ledger.submit_many(
        [NewApplication(n, "ZD-GTGSH-SL", b"\x12" * 32) for n in numbers], batch_size=10
    )
    url = f"sqlite:///{tmp_path}/index.db"
    committed: list[SyncProgress] = []
    indexed: list[int] = []

    def seen(progress: SyncProgress) -> None:  # after each commit, as a reader sees the database
        committed.append(progress)
        indexed.append(IndexReader(url).count())

    Indexer(w3, deployment, url, chunk_size=1_000_000, commit_events=4).sync(progress=seen)  # one range
    assert len(committed) > 5
    engine = create_engine(url)
    for before, after in itertools.pairwise([None, *committed]):
        assert before is None or after.from_block == before.to_block + 1
        with engine.connect() as connection:
            blocks_with_events = connection.execute(
                select(schema.events.c.block_number, func.count())
                .where(schema.events.c.block_number.between(after.from_block, after.to_block))
                .group_by(schema.events.c.block_number)
            ).all()
        written = sum(count for _block, count in blocks_with_events)
        assert written == after.events - (before.events if before else 0)
        # At most 4 events a transaction, or one block's (a batch of 10 submissions is one block).
        assert written <= 4 or len(blocks_with_events) == 1
    assert indexed[-1] == IndexReader(url).count()


def test_postgresql_holds_the_same_index(
    w3: Web3,
    deployment,
    client_for,
    new_number,
    postgres_url: str,
) -> None:
    expected = _workload(client_for, new_number)
    Indexer(w3, deployment, postgres_url).sync()
    reader = IndexReader(postgres_url)
    _check(reader, expected, client_for("clerk"))
    assert reader.count() >= len(expected)


def test_a_real_reorg_rolls_back_orphaned_events(tmp_path: Path) -> None:
    chain = LocalChain(port=free_port(), folder=tmp_path / "chain")
    chain.up()
    try:
        w3 = connect_web3(chain.rpc_url)
        admin_signer, clerk_signer = chain.dev_signer(0), chain.dev_signer(1)
        deployment = deploy_suite(w3, admin_signer, manifest_path=tmp_path / "m.json")
        admin = ZhangdianClient(w3, deployment, signer=admin_signer)
        admin.departments.register("ZD-XPSJ", 370303, "113703030042351144", "张店区行政审批服务局", "Approval Bureau")
        admin.departments.register(
            "ZD-SCJGJ", 370303, "11370303004235288D", "张店区市场监督管理局", "Market Supervision"
        )
        admin.departments.grant("ZD-XPSJ", clerk_signer.address, OfficerRole.CLERK)
        admin.catalog.publish("ZD-GTGSH-SL", SOLE_PROPRIETOR)
        admin.catalog.publish("ZD-SPJY-XK", FOOD_LICENCE)
        clerk = ZhangdianClient(w3, deployment, signer=clerk_signer).ledger
        clerk.submit("KEEP-1", service="ZD-GTGSH-SL", applicant_commitment=b"\x01" * 32)
        clerk.submit("ORPHAN-1", service="ZD-GTGSH-SL", applicant_commitment=b"\x02" * 32)
        clerk.accept("KEEP-1")

        url = f"sqlite:///{tmp_path}/index.db"
        indexer = Indexer(w3, deployment, url)
        indexer.sync()
        reader = IndexReader(url)
        assert reader.application("0x" + application_id("ORPHAN-1", "ZD-XPSJ").hex()) is not None
        assert (
            reader.application("0x" + application_id("KEEP-1", "ZD-XPSJ").hex())["status"] == ApplicationStatus.ACCEPTED
        )

        # Replace the last two blocks (ORPHAN-1's submission and KEEP-1's acceptance) with empty ones.
        w3.provider.make_request("anvil_reorg", [2, []])
        report = indexer.sync()
        assert report.reorgs == 1
        assert report.rolled_back_events == 2
        assert reader.application("0x" + application_id("ORPHAN-1", "ZD-XPSJ").hex()) is None
        assert (
            reader.application("0x" + application_id("KEEP-1", "ZD-XPSJ").hex())["status"]
            == ApplicationStatus.SUBMITTED
        )
        assert not clerk.exists("ORPHAN-1")
    finally:
        chain.down()


def test_confirmations_hold_back_the_newest_blocks(
    w3: Web3, deployment, client_for, new_number, tmp_path: Path
) -> None:
    _workload(client_for, new_number)
    indexer = Indexer(w3, deployment, f"sqlite:///{tmp_path}/index.db", confirmations=3)
    report = indexer.sync()
    assert report.end_block == w3.eth.block_number - 3
    assert indexer.indexed_block() == w3.eth.block_number - 3


def test_ranges_shrink_when_the_node_refuses_them(w3: Web3, deployment, client_for, new_number, tmp_path: Path) -> None:
    expected = _workload(client_for, new_number)
    indexer = Indexer(w3, deployment, f"sqlite:///{tmp_path}/index.db", chunk_size=10_000)
    real_request = w3.provider.make_request
    asked: list[int] = []

    def limited(method, params):  # the indexer asks eth_getLogs as raw JSON-RPC
        if method == "eth_getLogs":
            span = int(params[0]["toBlock"], 16) - int(params[0]["fromBlock"], 16) + 1
            asked.append(span)
            if span > 8:
                return {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "error": {"code": -32000, "message": "query exceeds max block range 8"},
                }
        return real_request(method, params)

    w3.provider.make_request = limited  # type: ignore[method-assign]
    try:
        indexer.sync()
    finally:
        w3.provider.make_request = real_request  # type: ignore[method-assign]
    assert asked[0] > 8
    refused = [span for span in asked if span > 8]
    assert len(refused) <= 14  # halving from 10,000 down to 8, then no growth past a refused size
    _check(IndexReader(f"sqlite:///{tmp_path}/index.db"), expected, client_for("clerk"))


def _rated(client_for, new_number, score: int) -> str:  # type: ignore[no-untyped-def]
    """A completed one-step application, rated ``score`` by its applicant; its id (hex)."""
    salt = new_salt()
    number = new_number()
    clerk = client_for("clerk")
    commitment = applicant_commitment("370303199001011239", salt, department="ZD-XPSJ")
    clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=commitment)
    clerk.ledger.accept(number)
    client_for("approver").ledger.approve(number, step=0)
    client_for("outsider").ratings.rate(number, score, identity="370303199001011239", salt=salt)
    return "0x" + application_id(number, "ZD-XPSJ").hex()


def test_ratings_are_counted_per_department_and_service_as_on_chain(
    w3: Web3, deployment, client_for, new_number, tmp_path: Path
) -> None:
    rated = {_rated(client_for, new_number, 1): 1, _rated(client_for, new_number, 4): 4}
    url = f"sqlite:///{tmp_path}/index.db"
    Indexer(w3, deployment, url).sync()
    reader = IndexReader(url)
    chain = client_for("outsider").ratings
    by_department = {group.key: group for group in reader.ratings("department")}
    by_service = {group.key: group for group in reader.ratings("service")}
    on_chain = chain.department_ratings("ZD-XPSJ")
    assert by_department["ZD-XPSJ"].counts == {int(score): n for score, n in on_chain.counts.items()}
    assert by_service["ZD-GTGSH-SL"].counts == {
        int(score): n for score, n in chain.service_ratings("ZD-GTGSH-SL").counts.items()
    }
    assert by_department["ZD-XPSJ"].counts[1] >= 1
    assert by_department["ZD-XPSJ"].negative >= 1
    assert by_department["ZD-XPSJ"].satisfied_rate == on_chain.satisfied_rate
    assert sum(group.total for group in by_department.values()) == chain.count()
    for app, score in rated.items():
        assert [e["args"]["score"] for e in reader.timeline(app) if e["name"] == "ApplicationRated"] == [score]


def test_an_index_of_an_older_schema_is_rebuilt_from_the_chain(
    w3: Web3, deployment, client_for, new_number, tmp_path: Path
) -> None:
    _rated(client_for, new_number, 4)
    url = f"sqlite:///{tmp_path}/index.db"
    # An index written before schema versions (no schema_info, no ratings table), synced to the head.
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in (schema.checkpoint, schema.blocks, schema.events, schema.services, schema.applications):
            table.create(connection)
        connection.execute(
            insert(schema.checkpoint).values(
                id=1,
                chain_id=w3.eth.chain_id,
                block_number=w3.eth.block_number,
                block_hash=w3.eth.get_block("latest")["hash"].to_0x_hex(),
            )
        )
    assert prepare_schema(engine) is True
    assert prepare_schema(engine) is False  # once rebuilt, the version is recorded
    Indexer(w3, deployment, url).sync()
    assert sum(group.total for group in IndexReader(url).ratings("service")) == client_for("clerk").ratings.count()


_VERSION_4_INDEXES = {  # the secondary indexes version 4 had beyond version 5's (names as create_all gave them)
    "ix_events_department": "events (department)",
    "ix_applications_service": "applications (service)",
    "ix_applications_department": "applications (department)",
    "ix_applications_status": "applications (status)",
    "ix_applications_number": "applications (number)",
    "ix_applications_service_status": "applications (service, status)",
}


def test_an_index_of_version_4_is_migrated_in_place_and_read_meanwhile(
    w3: Web3, deployment, client_for, new_number, tmp_path: Path
) -> None:
    _rated(client_for, new_number, 2)
    url = f"sqlite:///{tmp_path}/index.db"
    Indexer(w3, deployment, url).sync()
    engine = create_engine(url)
    with engine.begin() as connection:  # make it the index version 4 wrote: its indexes and its version
        connection.exec_driver_sql("DROP INDEX ix_applications_parent_id")
        connection.exec_driver_sql("CREATE INDEX ix_applications_parent_id ON applications (parent_id)")
        for name, columns in _VERSION_4_INDEXES.items():
            connection.exec_driver_sql(f"CREATE INDEX {name} ON {columns}")
        connection.execute(schema.schema_info.update().values(version=4))
    before = IndexReader(url).count()  # readers read version 4 as it is
    assert before >= 1
    assert prepare_schema(engine) is False  # migrated, not dropped
    with engine.connect() as connection:
        version = connection.execute(select(schema.schema_info.c.version)).scalar_one()
        indexes = {
            name: sql
            for name, sql in connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        }
    assert version == schema.SCHEMA_VERSION
    assert not set(_VERSION_4_INDEXES) & set(indexes)
    assert "WHERE" in indexes["ix_applications_parent_id"]  # only the follow-ons
    assert IndexReader(url).count() == before  # nothing rebuilt or lost
    _rated(client_for, new_number, 1)
    Indexer(w3, deployment, url).sync()
    assert IndexReader(url).count() == before + 1


def test_an_index_of_an_unknown_version_is_refused_by_readers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/index.db"
    engine = create_engine(url)
    prepare_schema(engine)
    with engine.begin() as connection:
        connection.execute(schema.schema_info.update().values(version=3))
    with pytest.raises(ConfigurationError, match="zhangdian index sync"):
        IndexReader(url)


def test_the_portal_lookups_search_by_index_not_by_scanning(
    w3: Web3, deployment, client_for, new_number, tmp_path: Path
) -> None:
    # Schema 5 keeps only the indexes readers use: every query of a lookup must still be an index search.
    expected = _workload(client_for, new_number)
    url = f"sqlite:///{tmp_path}/index.db"
    Indexer(w3, deployment, url).sync()
    reader = IndexReader(url)
    statements: list[tuple[str, Any]] = []
    listen(reader.engine, "before_cursor_execute", lambda _c, _k, sql, params, *_: statements.append((sql, params)))
    subject = "0x" + application_id(next(iter(expected)), "ZD-XPSJ").hex()
    record = reader.lookup(subject)
    assert record is not None
    assert record.timeline
    assert reader.applications_by_number(record.row["number_hash"])
    assert reader.transaction(record.timeline[0]["transactionHash"])
    searched = [(sql, params) for sql, params in statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(searched) >= 5
    with reader.engine.connect() as connection:
        for sql, params in searched:
            plan = [row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
            scans = [step for step in plan if re.match(r"SCAN (TABLE )?(applications|events)\b", step)]
            assert not scans, (sql, plan)


def test_the_writer_connection_syncs_with_its_page_cache_and_normal_sync(w3: Web3, deployment, tmp_path: Path) -> None:
    # The pool keeps the connection prepare_schema opened: the PRAGMAs must be on that one too.
    indexer = Indexer(w3, deployment, f"sqlite:///{tmp_path}/index.db")
    with indexer.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -65536
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
