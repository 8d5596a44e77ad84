"""Benchmarks: gas per operation and bulk submission speed, on a fresh anvil.

Run with ``make bench``; writes ``benchmarks/RESULTS.md``. Every figure stands beside its baseline
measured in the same run: gas against the floor (21,000 per transaction plus 22,100 per new storage
slot), bulk submission against a naive loop that sends one application and waits for its receipt.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from web3 import Web3
from web3.types import RPCEndpoint

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eth_account import Account  # noqa: E402

from benchmarks import anchors as anchor  # noqa: E402
from benchmarks.anchors import measure_anchors  # noqa: E402
from benchmarks.appeals_gas import measure_appeals  # noqa: E402
from tests.conftest import FOOD_LICENCE, SOLE_PROPRIETOR, free_port  # noqa: E402
from zhangdian_sdk.client import ZhangdianClient, connect_web3  # noqa: E402
from zhangdian_sdk.core.documents import DepartmentKey  # noqa: E402
from zhangdian_sdk.core.gbt39046 import ProcedureKind  # noqa: E402
from zhangdian_sdk.core.models import (  # noqa: E402
    ApprovalStep,
    Automation,
    DeadlinePolicy,
    OfficerRole,
    RatingScore,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
    TransactionResult,
)
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt  # noqa: E402
from zhangdian_sdk.core.storage import FolderStore  # noqa: E402
from zhangdian_sdk.core.workdays import CalendarYear  # noqa: E402
from zhangdian_sdk.facades.certificates import CertificateDraft  # noqa: E402
from zhangdian_sdk.facades.ledger import NewApplication  # noqa: E402
from zhangdian_sdk.facades.materials import MaterialSpec, Purpose, sign_consent  # noqa: E402
from zhangdian_sdk.ops.deploy import deploy_suite  # noqa: E402
from zhangdian_sdk.ops.localchain import LocalChain  # noqa: E402
from zhangdian_sdk.services.indexer import Indexer  # noqa: E402

TX_FLOOR = 21_000
NEW_SLOT = 22_100
UPDATED_SLOT = 5_000  # cold SSTORE of a non-zero slot to another non-zero value
BULK_COUNT = 10_000
# Time limits in hours, so that the benchmark's clock jumps make steps overdue whatever the calendar says.
ONE_DAY, THREE_DAYS = TimeLimit(24, TimeUnit.HOURS), TimeLimit(72, TimeUnit.HOURS)
NAIVE_COUNT = 200


def _optimizer_runs() -> int:
    """The optimizer runs the contracts are compiled with (ape-config.yaml, the one place they are set)."""
    import yaml

    return int(yaml.safe_load((ROOT / "ape-config.yaml").read_text())["solidity"]["optimization_runs"])


def _commitment() -> bytes:
    return applicant_commitment("370303199001011239", new_salt(), department="ZD-XPSJ")


def main() -> None:
    rows: list[tuple[str, int, int, str]] = []  # operation, gas, floor, note
    with tempfile.TemporaryDirectory() as folder:
        chain = LocalChain(port=free_port(), folder=Path(folder) / "chain")
        chain.up()
        try:
            w3 = connect_web3(chain.rpc_url)
            deployment = deploy_suite(w3, chain.dev_signer(0), manifest_path=Path(folder) / "m.json")
            for name, entry in deployment.contracts.items():
                receipt = w3.eth.get_transaction_receipt(entry.transaction_hash)
                if entry.implementation_transaction_hash is not None:
                    implementation = w3.eth.get_transaction_receipt(entry.implementation_transaction_hash)
                    rows.append((f"deploy {name} implementation", int(implementation["gasUsed"]), 0, "one-off"))
                    rows.append((f"deploy {name} proxy + initialize", int(receipt["gasUsed"]), 0, "one-off"))
                else:
                    rows.append((f"deploy {name}", int(receipt["gasUsed"]), 0, "one-off"))
            clients = [ZhangdianClient(w3, deployment, signer=chain.dev_signer(i)) for i in range(4)]
            admin, clerk, approver, inspector = clients
            rows += _measure_operations(admin, clerk, approver, inspector)
            anchors = measure_anchors(w3, chain.dev_signer(5))
            speed = _measure_bulk(w3, clerk)
            speed |= _measure_index_and_lookups(w3, clerk, Path(folder))
        finally:
            chain.down()
    _write(rows, speed, anchors)


def _gas(result: TransactionResult) -> int:
    return result.gas_used


def _measure_operations(
    admin: ZhangdianClient, clerk: ZhangdianClient, approver: ZhangdianClient, inspector: ZhangdianClient
) -> list[tuple[str, int, int, str]]:
    rows: list[tuple[str, int, int, str]] = []

    def row(name: str, result: TransactionResult, new_slots: int, updated_slots: int = 0, note: str = "") -> None:
        floor = TX_FLOOR + NEW_SLOT * new_slots + UPDATED_SLOT * updated_slots
        rows.append((name, _gas(result), floor, note))

    row(
        "register department",
        admin.departments.register("ZD-XPSJ", 370303, "113703030042351144", "张店区行政审批服务局", "Approval Bureau"),
        6,
        note="record (4 slots), list length and entry",
    )
    admin.departments.register("ZD-SCJGJ", 370303, "113703030042351144", "张店区市场监督管理局", "Market Supervision")
    row("grant officer role", admin.departments.grant("ZD-XPSJ", clerk.sender.address, OfficerRole.CLERK), 1)
    admin.departments.grant("ZD-XPSJ", approver.sender.address, OfficerRole.APPROVER)
    admin.departments.grant("ZD-SCJGJ", inspector.sender.address, OfficerRole.APPROVER)
    row("publish service (1 step)", admin.catalog.publish("ZD-GTGSH-SL", SOLE_PROPRIETOR), 10)
    row("publish service (3 steps)", admin.catalog.publish("ZD-SPJY-XK", FOOD_LICENCE), 14)

    ledger, approving, inspecting = clerk.ledger, approver.ledger, inspector.ledger
    # Publishing caches the version in the ledger (ledger 1.4.0): a new record leaves its department to
    # the cache, and a step is read from the ledger, not from the catalogue.
    row(
        "first application on a new chain",
        ledger.submit("B-0", service="ZD-SPJY-XK", applicant_commitment=_commitment()),
        4,
        note="as a later submit, but the application counter is a new slot (once per chain)",
    )
    row(
        "submit application",
        ledger.submit("B-1", service="ZD-SPJY-XK", applicant_commitment=_commitment()),
        3,
        1,
        "service, commitment, packed status/times (the department is in the version's cache); counter",
    )
    row("accept", ledger.accept("B-1"), 1, 1, "status and deadline; the step clock (new slot)")
    # Later than the acceptance (a minute: any time does, and the consents measured below run on the
    # wall clock), as in an office: the step clock's update is a real change, not a same-second no-op.
    _pass_time(clerk, 60)
    row("approve step (not last)", approving.approve("B-1", step=0), 0, 2, "status and step; the step clock")
    row("request supplement", inspecting.request_supplement("B-1", reason_code=12), 0, 1)
    row("resubmit", ledger.resubmit("B-1"), 0, 2, "status and deadline; the step clock")
    inspecting.approve("B-1", step=1)
    row("approve last step + complete", approving.approve("B-1", step=2), 0, 2, "reads the automation terms")
    ledger.submit("B-2", service="ZD-GTGSH-SL", applicant_commitment=_commitment())
    ledger.accept("B-2")
    row("reject", approving.reject("B-2", reason_code=31), 0, 1)
    ledger.submit("B-3", service="ZD-GTGSH-SL", applicant_commitment=_commitment())
    row("withdraw", ledger.withdraw("B-3", reason_code=2), 0, 1)
    ledger.submit("B-4", service="ZD-SPJY-XK", applicant_commitment=_commitment())
    ledger.accept("B-4")
    started = approving.start_special_procedure("B-4", kind=ProcedureKind.EXPERT_REVIEW, reason_code=7)
    row("start a special procedure (特别程序)", started, 0, 1, "status; the clock stops")
    ended = approving.end_special_procedure("B-4", result_code=1)
    row("end a special procedure", ended, 0, 2, "status and deadline, moved by the calendar")
    salt = new_salt()
    ledger.submit(
        "B-5",
        service="ZD-GTGSH-SL",
        applicant_commitment=applicant_commitment("370303199001011239", salt, department="ZD-XPSJ"),
    )
    ledger.accept("B-5")
    approving.approve("B-5", step=0)
    rated = clerk.ratings.rate("B-5", RatingScore.SATISFIED, identity="370303199001011239", salt=salt)
    row("rate a concluded application (好差评)", rated, 1, 2, "EIP-712 signature check; department and service tallies")
    # A year the deployment did not set yet (2026 and 2027 ship): Monday to Friday, no holidays.
    year = CalendarYear(2028, holidays=(), workdays=())
    row("set a year's working days (calendar)", admin.calendar.set_year(year), 2, 0, "two bitmap words; once a year")

    batch = [NewApplication(f"B-BATCH-{i}", "ZD-GTGSH-SL", _commitment()) for i in range(100)]
    (submitted,) = ledger.submit_many(batch)
    rows += _measure_uncached(admin, clerk, approver)
    rows += _measure_certificates(admin, approver)
    rows += _measure_replacement(admin, approver)  # 换发/补发 (issue 18)
    rows += _measure_materials(admin, clerk)
    per_tx = TX_FLOOR // 100
    rows.append(
        (
            "submit, per record in a batch of 100",
            submitted.gas_used // 100,
            per_tx + 3 * NEW_SLOT,
            f"batch total {submitted.gas_used:,}",
        )
    )
    (accepted,) = ledger.accept_many([n.application_number for n in batch])
    rows.append(
        ("accept, per record in a batch of 100", accepted.gas_used // 100, per_tx + NEW_SLOT + UPDATED_SLOT, "")
    )
    (approved,) = approving.approve_many([(n.application_number, 0) for n in batch])
    rows.append(
        ("approve + complete, per record in a batch of 100", approved.gas_used // 100, per_tx + 2 * UPDATED_SLOT, "")
    )
    rows += _measure_automation(admin, clerk, approver)
    rows += measure_appeals(admin, clerk, approver)  # 行政复议 (benchmarks/appeals_gas.py)
    return rows


def _pass_time(client: ZhangdianClient, seconds: int) -> None:
    client.w3.provider.make_request(RPCEndpoint("evm_increaseTime"), [seconds])


def _measure_uncached(
    admin: ZhangdianClient, clerk: ZhangdianClient, approver: ZhangdianClient
) -> list[tuple[str, int, int, str]]:
    """Submit and approve for a service version the ledger has not cached (published before ledger
    1.4.0, or with ``cache_in_ledger=False``): the record stores its department, and every step is
    read from the catalogue. Then what caching such a version costs, once."""
    admin.catalog.publish("ZD-SPJY-BG", FOOD_LICENCE, cache_in_ledger=False)
    submitted = clerk.ledger.submit("U-1", service="ZD-SPJY-BG", applicant_commitment=_commitment())
    clerk.ledger.accept("U-1")
    _pass_time(clerk, 60)
    approved = approver.ledger.approve("U-1", step=0)
    cached = admin.catalog.cache("ZD-SPJY-BG")
    return [
        (
            "submit, version not cached (fallback)",
            submitted.gas_used,
            TX_FLOOR + 4 * NEW_SLOT + UPDATED_SLOT,
            "the record stores its department",
        ),
        (
            "approve step, version not cached (fallback)",
            approved.gas_used,
            TX_FLOOR + 2 * UPDATED_SLOT,
            "the step read from the catalogue (a call through its proxy)",
        ),
        (
            "cache a service version (3 steps)",
            cached.gas_used,
            TX_FLOOR + 8 * NEW_SLOT,
            "once per version, anyone; publishing through the SDK does it",
        ),
    ]


def _measure_automation(
    admin: ZhangdianClient, clerk: ZhangdianClient, approver: ZhangdianClient
) -> list[tuple[str, int, int, str]]:
    """What the automation adds: overdue flags, deemed approval, rules, certificates, follow-ons."""
    one_step = (ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 24),)  # hours: the promise counts in hours

    def service(code: str, follow_ons: tuple[str, ...] = ()) -> None:
        admin.catalog.publish(
            code, ServiceDefinition("ZD-XPSJ", code, code, one_step, THREE_DAYS, THREE_DAYS, (), follow_ons)
        )

    for code in ("ZD-A-FLAG", "ZD-A-DEEMED", "ZD-A-WAIT", "ZD-A-CERT", "ZD-A-CHILD"):
        service(code)
    service("ZD-A-PARENT", ("ZD-A-CHILD",))
    service("ZD-A-PARENT3", ("ZD-A-CHILD", "ZD-A-FLAG", "ZD-A-DEEMED"))
    admin.catalog.set_automation("ZD-A-DEEMED", Automation(deadline_policy=DeadlinePolicy.DEEMED_APPROVAL))
    admin.catalog.set_automation("ZD-A-WAIT", Automation(rules=(admin.rules.deploy_waiting_period(days=1),)))
    admin.catalog.set_automation("ZD-A-CERT", Automation(certificate_type="LICENCE", certificate_issuer="ZD-XPSJ"))

    def opened(number: str, code: str) -> str:
        clerk.ledger.submit(number, service=code, applicant_commitment=_commitment())
        clerk.ledger.accept(number)
        return number

    flag, deemed, waiting, certified = (opened(f"B-A-{c}", f"ZD-A-{c}") for c in ("FLAG", "DEEMED", "WAIT", "CERT"))
    baseline = approver.ledger.approve(opened("B-A-PLAIN", "ZD-A-CHILD"), step=0).gas_used
    rows = [
        ("approve last step, no automation terms", baseline, TX_FLOOR + 2 * UPDATED_SLOT, "the baseline below"),
    ]
    approver.ledger.approve(waiting, step=0)
    rows.append(
        (
            "approve last step issuing the completion certificate",
            approver.ledger.approve(certified, step=0).gas_used,
            baseline + 2 * NEW_SLOT,
            "the certificate's batch slot and the issuance events",
        )
    )
    for parent_code, children in (("ZD-A-PARENT", 1), ("ZD-A-PARENT3", 3)):
        parent = opened(f"B-A-{parent_code}", parent_code)
        gas = approver.ledger.approve(parent, step=0).gas_used
        floor = baseline + children * (4 * NEW_SLOT + 2 * NEW_SLOT)
        note = f"{(gas - baseline) // children:,} gas per child: record, counter, parent link and child list"
        rows.append((f"approve last step opening {children} follow-on(s)", gas, floor, note))
    clerk.w3.provider.make_request("evm_increaseTime", [2 * 86_400])  # type: ignore[arg-type]
    clerk.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    rows.append(("flag overdue (flag only)", approver.ledger.flag_overdue(flag).gas_used, TX_FLOOR + UPDATED_SLOT, ""))
    rows.append(
        (
            "flag overdue + deemed approval + complete",
            approver.ledger.flag_overdue(deemed).gas_used,
            TX_FLOOR + 3 * UPDATED_SLOT,
            "the flag, then the approval path",
        )
    )
    rows.append(
        (
            "complete after a waiting period (1 rule)",
            approver.ledger.complete(waiting).gas_used,
            TX_FLOOR + UPDATED_SLOT,
            "the rule runs read-only within 100,000 gas",
        )
    )
    return rows


def _measure_materials(admin: ZhangdianClient, clerk: ZhangdianClient) -> list[tuple[str, int, int, str]]:
    key = DepartmentKey.generate()
    admin.materials.set_encryption_key("ZD-XPSJ", key.public_key)
    admin.catalog.publish(
        "ZD-M2",
        ServiceDefinition(
            "ZD-XPSJ", "两份材料", "Two materials", (ApprovalStep("ZD-XPSJ"),), ONE_DAY, ONE_DAY, ("ID-CARD", "LICENCE")
        ),
    )
    citizen = Account.create()
    now = int(time.time())
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        store = FolderStore(Path(folder))
        ids = []
        for material_type in ("ID-CARD", "LICENCE"):
            spec = MaterialSpec(material_type, "ZD-XPSJ", _commitment(), citizen.address, now - 60, now + 86_400)
            record = clerk.materials.register(spec, document=b"scan", store=store, issuer_public_key=key.public_key)
            registered_gas = int(_last_receipt(clerk)["gasUsed"])
            ids.append(record.material_id)
            consent = clerk.materials.consent(
                record.material_id, department="ZD-XPSJ", purpose=Purpose.service("ZD-M2"), valid_for=3600
            )
            granted = clerk.materials.grant_consent(consent, sign_consent(citizen, consent, clerk.materials.domain()))
        rows.append(
            (
                "register material",
                registered_gas,
                TX_FLOOR + 10 * NEW_SLOT,
                "6 packed record slots and a 79-byte storage URI (4 slots)",
            )
        )
        submitted = clerk.ledger.submit(
            "B-M", service="ZD-M2", applicant_commitment=_commitment(), materials=tuple(ids)
        )
    rows.append(
        ("grant consent (EIP-712 signature)", granted.gas_used, TX_FLOOR + 2 * NEW_SLOT, "consent and nonce slots")
    )
    rows.append(
        (
            "submit application with 2 materials",
            submitted.gas_used,
            TX_FLOOR + 7 * NEW_SLOT + UPDATED_SLOT,
            "checks type, validity and consent of each; logs each use; keeps the 2 ids (3 slots)",
        )
    )
    return rows


def _measure_certificates(admin: ZhangdianClient, issuer: ZhangdianClient) -> list[tuple[str, int, int, str]]:
    """Batch roots and revocations, in the original leaf format (one record per certificate) and the status
    list (an index bound into each leaf, 4 bits of status per certificate, 64 to a storage word)."""
    admin.departments.grant("ZD-XPSJ", issuer.sender.address, OfficerRole.ISSUER)
    until = int(time.time()) + 365 * 86_400

    def drafts(size: int) -> list[CertificateDraft]:
        return [CertificateDraft("LICENCE", bytes(32), {"n": str(i)}, valid_until=until) for i in range(size)]

    rows = []
    for size in (1, 1024):
        issued = issuer.certificates.issue_batch(drafts(size), issuer="ZD-XPSJ")
        receipt = _last_receipt(issuer)
        gas = int(receipt["gasUsed"])
        note = f"{gas / size:.0f} gas a certificate" if size > 1 else "a single certificate is a batch of one"
        rows.append((f"certificate batch root ({size:,})", gas, TX_FLOOR + NEW_SLOT, note))
    revoked = issuer.certificates.revoke(issued[512], reason_code=1)
    rows.append(
        (
            "revoke one certificate in a batch of 1,024",
            revoked.gas_used,
            TX_FLOOR + NEW_SLOT,
            "original leaf format: proof of 10 hashes in calldata",
        )
    )
    issuer.certificates.enrol_status_signer("ZD-XPSJ")  # once per signer, before its first status-list batch
    listed = issuer.certificates.issue_batch(drafts(1024), issuer="ZD-XPSJ", status_list=True)
    rows.append(
        (
            "certificate batch root (1,024), status list",
            int(_last_receipt(issuer)["gasUsed"]),
            TX_FLOOR + UPDATED_SLOT,
            "the issuer's record (signer, next index, pause mark): one slot read and updated; the root is in the event",
        )
    )
    one = issuer.certificates.revoke(listed[512], reason_code=1)
    rows.append(
        (
            "revoke one certificate in a batch of 1,024, status list",
            one.gas_used,
            TX_FLOOR + NEW_SLOT,
            "by status index, no proof: a fresh status word (64 entries of 4 bits)",
        )
    )
    shared = listed[600:700]  # 100 consecutive indices: two status words (one of them fresh)
    (bulk,) = issuer.certificates.revoke_many(shared, reason_code=2)
    rows.append(
        (
            "revoke 100 certificates in one transaction sharing status words, per certificate",
            bulk.gas_used // 100,
            TX_FLOOR // 100 + 2 * NEW_SLOT // 100,
            f"transaction {bulk.gas_used:,}; one event per certificate keeps its reason, state and actor",
        )
    )
    spread = issuer.certificates.issue_batch(drafts(6400), issuer="ZD-XPSJ", status_list=True)
    (apart,) = issuer.certificates.revoke_many(spread[::64], reason_code=2)
    rows.append(
        (
            "revoke 100 certificates in one transaction, each in its own status word, per certificate",
            apart.gas_used // 100,
            TX_FLOOR // 100 + NEW_SLOT,
            f"transaction {apart.gas_used:,}; a fresh storage word per certificate",
        )
    )
    return rows


# ---- issue 18 (replace): replacing certificates (换发/补发) ----


def _measure_replacement(admin: ZhangdianClient, issuer: ZhangdianClient) -> list[tuple[str, int, int, str]]:
    """Replacing one certificate by another (the old one ends Replaced; a link each way with when and why)
    and a whole batch by another (one link each way for the batch, nothing per certificate)."""
    admin.departments.grant("ZD-XPSJ", issuer.sender.address, OfficerRole.ISSUER)
    until = int(time.time()) + 365 * 86_400

    def drafts(size: int, tag: str) -> list[CertificateDraft]:
        return [CertificateDraft("LICENCE", bytes(32), {"n": f"{tag} {i}"}, valid_until=until) for i in range(size)]

    certificates = issuer.certificates
    old, new = (certificates.issue(drafts(1, tag)[0], issuer="ZD-XPSJ") for tag in ("old", "new"))
    single = certificates.replace(old, new, reason_code=1)
    rows = [
        (
            "replace one certificate by another (换发, single certificates)",
            single.gas_used,
            TX_FLOOR + 7 * NEW_SLOT,
            "the old one's end record; a link each way (leaf, id, packed when/why: root and issuer implied)",
        )
    ]
    batch = certificates.issue_batch(drafts(1024, "batch"), issuer="ZD-XPSJ")
    renewed = certificates.issue(drafts(1, "renewed")[0], issuer="ZD-XPSJ")
    in_batch = certificates.replace(batch[512], renewed, reason_code=2)
    rows.append(
        (
            "replace one certificate of a batch of 1,024 (补发)",
            in_batch.gas_used,
            TX_FLOOR + 8 * NEW_SLOT,
            "as above, plus the old batch's root in its link; proof of 10 hashes in calldata",
        )
    )
    successor = certificates.issue_batch(drafts(1024, "successor"), issuer="ZD-XPSJ")
    whole = certificates.replace_batch(batch[0].root, successor[0].root, old_issuer="ZD-XPSJ", reason_code=4)
    rows.append(
        (
            "replace a batch of 1,024 by another (整批换发)",
            whole.gas_used,
            TX_FLOOR + 4 * NEW_SLOT,
            "a link each way for the batch (root, packed when/why); nothing per certificate",
        )
    )
    return rows


def _last_receipt(client: ZhangdianClient) -> Any:
    w3 = client.w3
    block = w3.eth.get_block("latest", full_transactions=True)
    return w3.eth.get_transaction_receipt(block["transactions"][-1]["hash"])


LOOKUP_APPLICATIONS = int(os.environ.get("BENCH_LOOKUP_APPLICATIONS", "100000"))
LOOKUPS = 300


def _measure_index_and_lookups(w3: Web3, clerk: ZhangdianClient, folder: Path) -> dict[str, float]:
    """Indexer events/s against fetching the same logs alone; portal lookup latency against one eth_call."""
    existing = clerk.ledger.count()
    extra = max(LOOKUPS, LOOKUP_APPLICATIONS - existing)
    apps = [NewApplication(f"P-{i:06d}", "ZD-GTGSH-SL", (i + 1).to_bytes(32, "big")) for i in range(extra)]
    clerk.ledger.submit_many(apps)
    from benchmarks.index_bench import BLOCKS_PER_RANGE, block_ranges, raw_get_logs, web3_get_logs

    # The baseline is the node itself: raw JSON-RPC eth_getLogs (HTTP + json.loads) over the block ranges
    # the indexer reads, measured in the same run (benchmarks/index_bench.py measures the same at 100,000+).
    head = w3.eth.block_number
    span = BLOCKS_PER_RANGE
    indexer = Indexer(w3, clerk.deployment, f"sqlite:///{folder}/bench-index.db", chunk_size=span, max_chunk_size=span)
    addresses = list(indexer._addresses)
    ranges = block_ranges(clerk.deployment.start_block, head, span)
    _logs, fetch = raw_get_logs(str(w3.provider.endpoint_uri), addresses, ranges)  # type: ignore[attr-defined]
    _logs, web3_fetch = web3_get_logs(w3, addresses, ranges)
    report_holder: list[Any] = []
    index_time = _timed(lambda: report_holder.append(indexer.sync(to_block=head)))
    events = report_holder[0].events

    from fastapi.testclient import TestClient

    from zhangdian_sdk.services.portal import create_app

    api = TestClient(create_app(clerk, f"sqlite:///{folder}/bench-index.db"))
    ledger = clerk.contract("ApplicationLedger")
    picks = [apps[(i * 7919) % len(apps)] for i in range(LOOKUPS)]
    portal_ms, call_ms = [], []
    for app in picks:
        app_id = "0x" + clerk.ledger.id_for(app).hex()
        began = time.perf_counter()
        response = api.get(f"/api/applications/{app_id}", params={"commitment": "0x" + app.applicant_commitment.hex()})
        portal_ms.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.text
        began = time.perf_counter()
        ledger.functions.getApplication(clerk.ledger.id_for(app)).call()
        call_ms.append((time.perf_counter() - began) * 1000)
    return {
        "applications": float(clerk.ledger.count()),
        "index_events": float(events),
        "index_rate": events / index_time,
        "fetch_rate": events / fetch if fetch else 0.0,
        "web3_rate": events / web3_fetch if web3_fetch else 0.0,
        "portal_p50": _percentile(portal_ms, 50),
        "portal_p99": _percentile(portal_ms, 99),
        "call_p50": _percentile(call_ms, 50),
        "call_p99": _percentile(call_ms, 99),
    }


def _percentile(values: list[float], pct: int) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _measure_bulk(w3: Web3, clerk: ZhangdianClient) -> dict[str, float]:
    """Applications per second: naive loop (one tx, wait for it) versus batched, pipelined sending."""
    contract = clerk.contract("ApplicationLedger")
    signer = clerk.sender.signer
    naive_apps = [NewApplication(f"N-{i}", "ZD-GTGSH-SL", _commitment()) for i in range(NAIVE_COUNT)]

    def naive() -> None:
        address = signer.address
        for app in naive_apps:
            tx = contract.functions.submit(
                (app.application_number, app.service.encode().ljust(32, b"\0"), app.applicant_commitment, [])
            ).build_transaction({"from": address, "nonce": w3.eth.get_transaction_count(address)})
            tx_hash = w3.eth.send_raw_transaction(signer.sign_transaction(dict(tx)))
            w3.eth.wait_for_transaction_receipt(tx_hash, poll_latency=0.01)

    bulk_apps = [NewApplication(f"S-{i}", "ZD-GTGSH-SL", _commitment()) for i in range(BULK_COUNT)]
    naive_rate = NAIVE_COUNT / _timed(naive)
    bulk_rate = BULK_COUNT / _timed(lambda: clerk.ledger.submit_many(bulk_apps))
    return {"naive": naive_rate, "bulk": bulk_rate}


def _write(rows: list[tuple[str, int, int, str]], speed: dict[str, float], anchors: dict[str, int]) -> None:
    import web3

    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC).isoformat(timespec='seconds')} on {platform.machine()}, {platform.system()}, "
        f"Python {platform.python_version()}, web3 {web3.__version__}, anvil (npm @foundry-rs/anvil 1.7.1), "
        f"solc 0.8.28 (optimizer {_optimizer_runs()} runs, cancun). Rerun with `make bench`.",
        "",
        "## Gas per operation",
        "",
        "Floor: 21,000 per transaction, plus 22,100 per new storage slot and 5,000 per updated slot (per",
        "record in batches, the 21,000 is shared by 100 records). Ratio = gas / floor: what the contract adds",
        "on top of the storage it cannot avoid (calldata, events, role and workflow checks).",
        "",
        "| operation | gas | floor | ratio | note |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, gas, floor, note in rows:
        ratio = f"{gas / floor:.2f}x" if floor else "-"
        lines.append(f"| {name} | {gas:,} | {floor:,} | {ratio} | {note} |")
    gas = {name: value for name, value, _floor, _note in rows}
    lines += ["", *_against_anchors(gas, anchors)]
    ratio = speed["bulk"] / speed["naive"]
    lines += [
        "",
        "## Bulk submission",
        "",
        f"bulk submit speedup vs naive loop: {ratio:.1f}x ({BULK_COUNT:,} applications batched and pipelined at "
        f"{speed['bulk']:.0f}/s; naive loop of {NAIVE_COUNT} with a receipt wait each at {speed['naive']:.0f}/s)",
        "",
        "## Indexer and portal",
        "",
        f"indexer into SQLite: {speed['index_rate']:.0f} events/s, {speed['index_rate'] / speed['fetch_rate']:.2f}x of "
        f"raw JSON-RPC eth_getLogs over the same block ranges ({speed['fetch_rate']:.0f} events/s; web3's get_logs "
        f"{speed['web3_rate']:.0f} events/s; {speed['index_events']:,.0f} events)",
        f"status lookup through the portal API at {speed['applications']:,.0f} applications: p50 "
        f"{speed['portal_p50']:.1f} ms, p99 {speed['portal_p99']:.1f} ms; "
        f"{speed['portal_p50'] / speed['call_p50']:.1f}x / {speed['portal_p99'] / speed['call_p99']:.1f}x of one "
        f"getApplication eth_call (p50 {speed['call_p50']:.1f} ms, p99 {speed['call_p99']:.1f} ms; {LOOKUPS} lookups, "
        "each with the full timeline)",
        "",
    ]
    output = ROOT / "benchmarks" / "RESULTS.md"
    kept = output.read_text().partition("\n## Portal under load")[2] if output.exists() else ""
    output.write_text("\n".join(lines) + ("\n## Portal under load" + kept if kept else ""))  # portal_load.py's
    print("\n".join(lines))
    print(f"written to {output}")


BULK_REVOCATION = re.compile(r"^(?:bulk )?revoke (\d[\d,]*) certificates")


def _against_anchors(gas: dict[str, int], anchors: dict[str, int]) -> list[str]:
    """Our rows beside the anchors measured in the same run (benchmarks/anchors.py): a row absent from
    this run (a bulk revocation, before it exists) gets no line."""
    eas = anchor.package_version(anchor.EAS_PACKAGE)
    store = anchor.package_version(anchor.DOCUMENT_STORE_PACKAGE)
    lines = [
        "## Against the anchors",
        "",
        "Comparable public systems deployed on the same anvil in this run, as their npm packages ship them "
        f"(EAS {eas}, OpenAttestation's DocumentStore v3 from `{anchor.DOCUMENT_STORE_PACKAGE}` {store}), "
        "measured like our rows (gasUsed):",
        "",
        "| anchor | gas |",
        "| --- | ---: |",
        *(f"| {name} | {value:,} |" for name, value in anchors.items()),
        "",
    ]

    def against(ours: str, theirs: str, label: str, *, per: int = 1, note: str = "") -> None:
        if ours not in gas:
            return
        mine = gas[ours] / per
        extra = f"; {note}" if note else ""
        lines.append(f"- {label}: {mine / anchors[theirs]:.2f}x ({mine:,.0f} against {anchors[theirs]:,}{extra})")

    against("submit application", anchor.EAS_ATTEST, "submit vs EAS `attest` (64 bytes of data)")
    against("approve step (not last)", anchor.EAS_REVOKE, "approve a step vs EAS `revoke`")
    against(
        "certificate batch root (1,024)",
        anchor.OA_ISSUE,
        "certificate batch root vs OpenAttestation `issue(root)`",
        note="both check the issuer's role on chain",
    )
    against(
        "revoke one certificate in a batch of 1,024",
        anchor.OA_REVOKE,
        "revoke one certificate in a batch of 1,024 vs OpenAttestation `revoke(root, document, proof)`",
    )
    for ours, theirs, label in (
        (
            "certificate batch root (1,024), status list",
            anchor.OA_ISSUE,
            "status-list batch root vs OpenAttestation `issue(root)`",
        ),
        (
            "revoke one certificate in a batch of 1,024, status list",
            anchor.OA_REVOKE,
            "revoke one status-list certificate in a batch of 1,024 vs OpenAttestation `revoke(root, document, proof)`",
        ),
    ):
        against(ours, theirs, label)
    for name in gas:
        match = BULK_REVOCATION.match(name)
        if match is None:
            continue
        # A row named "..., per certificate" is already per certificate; otherwise it is the whole transaction.
        count = 1 if name.endswith("per certificate") else int(match.group(1).replace(",", ""))
        for theirs, label in (
            (anchor.EAS_MULTI_REVOKE, "EAS `multiRevoke` per item"),
            (anchor.OA_MULTICALL_REVOKE, "OpenAttestation `multicall` of `revoke(root, document, proof)` per document"),
            (anchor.OA_MULTICALL_REVOKE_ROOTS, "OpenAttestation `multicall` of `revoke(root)` per document"),
        ):
            subject = name if name.endswith("per certificate") else f"{name}, per certificate"
            against(name, theirs, f"{subject}, vs {label}", per=count)
    against("register material", anchor.EAS_ATTEST, "material registration vs EAS `attest`")
    against("grant consent (EIP-712 signature)", anchor.EAS_ATTEST, "grant consent vs EAS `attest`")
    return lines


if __name__ == "__main__":
    main()
