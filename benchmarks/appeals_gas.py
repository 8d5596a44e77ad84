"""Gas of appeals (行政复议) through the suite's proxies on anvil: filing, accepting, extending and deciding
an appeal, and a revocation that revokes the completion certificate and reopens the original.

``make bench`` (benchmarks/run.py) adds these rows to the gas table; run alone with
``python benchmarks/appeals_gas.py``, which prints them. The appeal registry is driven through the SDK's
transaction pipeline with the shipped ABI (``client.contract("AppealRegistry")``), so the figures are the
gas of the transactions an office sends.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eth_utils.crypto import keccak  # noqa: E402

from tests.conftest import free_port  # noqa: E402
from zhangdian_sdk.client import ZhangdianClient, connect_web3  # noqa: E402
from zhangdian_sdk.core.codes import application_id, code_to_bytes32  # noqa: E402
from zhangdian_sdk.core.models import (  # noqa: E402
    ApprovalStep,
    Automation,
    OfficerRole,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
)
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt  # noqa: E402
from zhangdian_sdk.ops.deploy import deploy_suite  # noqa: E402
from zhangdian_sdk.ops.localchain import LocalChain  # noqa: E402

TX_FLOOR = 21_000
NEW_SLOT = 22_100
UPDATED_SLOT = 5_000
REVIEWER = "ZD-FZJ"  # the reviewing office (复议机构)
OWNER = "ZD-XPSJ"
NO_REOPEN = 255
UPHELD, REVOKED = 1, 2  # IAppealRegistry.AppealOutcome
Row = tuple[str, int, int, str]


def measure_appeals(admin: ZhangdianClient, clerk: ZhangdianClient, approver: ZhangdianClient) -> list[Row]:
    """The appeal rows of the gas table. ``admin`` governs a fresh suite where ZD-XPSJ is registered with
    ``clerk`` as its Clerk and ``approver`` as its Approver; they become the reviewing office's officers too."""
    admin.departments.register(REVIEWER, 370303, "113703030042351144", "张店区司法局", "Justice Bureau")
    admin.departments.grant(REVIEWER, clerk.sender.address, OfficerRole.CLERK)
    admin.departments.grant(REVIEWER, approver.sender.address, OfficerRole.APPROVER)
    limit = TimeLimit(72, TimeUnit.HOURS)
    step = (ApprovalStep(OWNER, OfficerRole.APPROVER, 24),)
    for service in ("ZD-AP-PLAIN", "ZD-AP-CERT"):
        admin.catalog.publish(service, ServiceDefinition(OWNER, service, service, step, limit, limit))
    admin.catalog.set_automation("ZD-AP-CERT", Automation(certificate_type="LICENCE", certificate_issuer=OWNER))
    registry = admin.contract("AppealRegistry")
    rows: list[Row] = []

    def sent(client: ZhangdianClient, call: object) -> int:
        return int(client.sender.send(call)["gasUsed"])  # type: ignore[arg-type]

    def row(name: str, gas: int, new_slots: int, updated_slots: int, note: str) -> None:
        rows.append((name, gas, TX_FLOOR + NEW_SLOT * new_slots + UPDATED_SLOT * updated_slots, note))

    terms = (code_to_bytes32(REVIEWER), 60, 60, 30)
    gas = sent(admin, registry.functions.setAppealTerms(bytes(32), terms))
    row("set appeal terms (行政复议 default)", gas, 2, 0, "reviewer; the three periods in one slot; once")

    def decided(number: str, service: str, complete: bool) -> bytes:
        commitment = applicant_commitment("370303199001011239", new_salt(), department=OWNER)
        clerk.ledger.submit(number, service=service, applicant_commitment=commitment)
        clerk.ledger.accept(number)
        if complete:
            approver.ledger.approve(number, step=0)
        else:
            approver.ledger.reject(number, reason_code=31)
        return application_id(number, OWNER)

    def appeal(original: bytes, index: int = 0) -> bytes:
        return bytes(registry.functions.appealIdFor(original, index).call())

    grounds, decision = keccak(text="复议申请书"), keccak(text="复议决定书")
    rejected = decided("AP-1", "ZD-AP-PLAIN", complete=False)
    gas = sent(clerk, registry.functions.file(rejected, grounds))
    row(
        "file an appeal (行政复议申请)",
        gas,
        6,
        0,
        "record (original, reviewer, packed status/times/periods, grounds), the original's appeal list and entry; "
        "reads the original from the ledger",
    )
    gas = sent(clerk, registry.functions.accept(appeal(rejected)))
    row("accept an appeal (受理)", gas, 0, 1, "status, acceptance time and deadline in the packed slot")
    gas = sent(approver, registry.functions.extend(appeal(rejected), 1))
    row("extend an appeal's deadline once (延期)", gas, 0, 1, "")
    gas = sent(approver, registry.functions.decide(appeal(rejected), UPHELD, 1, decision, NO_REOPEN))
    row("decide an appeal: upheld (维持)", gas, 1, 1, "outcome in the packed slot, the decision's hash")

    reopened = decided("AP-2", "ZD-AP-PLAIN", complete=False)
    sent(clerk, registry.functions.file(reopened, grounds))
    sent(clerk, registry.functions.accept(appeal(reopened)))
    gas = sent(approver, registry.functions.decide(appeal(reopened), REVOKED, 2, decision, 0))
    row(
        "decide an appeal: revoked, the rejection reopened (撤销, 责令重新作出)",
        gas,
        1,
        3,
        "as upheld, plus the ledger's record and step clock (reopen)",
    )

    certified = decided("AP-3", "ZD-AP-CERT", complete=True)
    sent(clerk, registry.functions.file(certified, grounds))
    sent(clerk, registry.functions.accept(appeal(certified)))
    gas = sent(approver, registry.functions.decide(appeal(certified), REVOKED, 2, decision, 0))
    row(
        "decide an appeal: revoked, completion certificate revoked, reopened",
        gas,
        2,
        3,
        "as above, plus the certificate's revocation (reads the completion terms, recomputes the root)",
    )
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        chain = LocalChain(port=free_port(), folder=Path(folder) / "chain")
        chain.up()
        try:
            w3 = connect_web3(chain.rpc_url)
            deployment = deploy_suite(w3, chain.dev_signer(0), manifest_path=Path(folder) / "m.json")
            admin, clerk, approver = (ZhangdianClient(w3, deployment, signer=chain.dev_signer(i)) for i in range(3))
            admin.departments.register(OWNER, 370303, "113703030042351144", "张店区行政审批服务局", "Approval Bureau")
            admin.departments.grant(OWNER, clerk.sender.address, OfficerRole.CLERK)
            admin.departments.grant(OWNER, approver.sender.address, OfficerRole.APPROVER)
            rows = measure_appeals(admin, clerk, approver)
        finally:
            chain.down()
    print("| operation | gas | floor | ratio | note |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, gas, floor, note in rows:
        print(f"| {name} | {gas:,} | {floor:,} | {gas / floor:.2f}x | {note} |")


if __name__ == "__main__":
    main()
