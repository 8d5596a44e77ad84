"""The demo's 更正: a decision with a clerical error, corrected by the department that made it.

A construction permit application (施工许可, ZD-JZGC-SGXK) is rejected at its first step by the housing
bureau (ZD-ZJJ) with reason code 31 (no planning permit) where the file shows the real reason, 32 (no
qualified construction company); the bureau's approver corrects the reason code to 32 with the legal
reason 1 of the catalogue kind ``correction`` (a clerical error in a reason code). The rejection stays on
chain as it was, marked corrected, with who, when and why. Running it again adds nothing.

Usage (``zhangdian_sdk.ops.demo.run_demo`` calls it): ``run_corrections(clients, officers, documents, log)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.core.privacy import applicant_commitment

if TYPE_CHECKING:
    from zhangdian_sdk.ops.demo import DemoDocuments, DemoOfficers

__all__ = [
    "CORRECTED_NUMBER",
    "CORRECTED_RECEIPT",
    "CORRECTION_REASON",
    "RIGHT_REASON",
    "WRONG_REASON",
    "DemoCorrection",
    "run_corrections",
]

CORRECTED_NUMBER = "ZD-2026-110301"
CORRECTED_SERVICE = "ZD-JZGC-SGXK"
CORRECTED_APPLICANT = "91370303MA3C000017"  # the company of ZD-2026-110004, applying again (made up)
CORRECTED_RECEIPT = bytes.fromhex("7c" * 16)  # the receipt code (salt) the applicant holds
WRONG_REASON = 31  # rejection: 依法应当办理建设工程规划许可证而未取得
RIGHT_REASON = 32  # rejection: 尚未确定建筑施工企业, 或者施工企业不具备相应资质
CORRECTION_REASON = 1  # correction: a clerical error in a reason code


@dataclass(frozen=True)
class DemoCorrection:
    """What the demo's correction left on chain, for the printout and the portal's browser tests."""

    number: str
    receipt_code: str  # hex
    previous: int | None
    corrected: int
    sequence: int
    transaction_hash: str  # "" when it was recorded by an earlier run


def run_corrections(
    clients: Callable[[Signer], ZhangdianClient],
    officers: DemoOfficers,
    documents: DemoDocuments,
    log: Callable[[str], None] = print,
) -> DemoCorrection:
    """Submit, reject with the wrong reason and correct it (each step only if not done yet)."""
    from zhangdian_sdk.ops import demo  # the demo's stories and officers (imported here: demo imports this)

    story = demo._Story(  # the demo's own story machinery, shared within ops
        CORRECTED_NUMBER,
        CORRECTED_SERVICE,
        CORRECTED_APPLICANT,
        CORRECTED_RECEIPT,
        (("accept", 0), ("reject", WRONG_REASON)),
    )
    clerk = clients(officers.clerk)
    if not clerk.ledger.exists(story.number):
        owner = demo.DEMO_SERVICES[story.service].owner_department
        materials = demo._register_materials(clerk, story, documents)
        commitment = applicant_commitment(story.applicant, story.salt, department=owner)
        clerk.ledger.submit(story.number, service=story.service, applicant_commitment=commitment, materials=materials)
        for action, argument in story.script:
            demo._act(clients, officers, story, action, argument)
    application = clerk.ledger.get(story.number)
    if application.status is not ApplicationStatus.REJECTED:
        raise RuntimeError(f"demo application {story.number} is {application.status.name}, not rejected")
    department = demo.DEMO_SERVICES[story.service].steps[application.current_step].department
    corrections = clients(officers.approvers[department]).corrections
    result = corrections.correct_reason_code(story.number, to=RIGHT_REASON, reason_code=CORRECTION_REASON)
    said = "already on chain / 链上已有" if result.already_recorded else "recorded / 已上链"
    log(
        f"application {story.number}: 更正 by {department}: {result.summary_zh} / {result.summary_en} ({said}); "
        f"回执码 receipt code {story.salt.hex()}"
    )
    return DemoCorrection(
        story.number,
        story.salt.hex(),
        result.previous if isinstance(result.previous, int) else None,
        RIGHT_REASON,
        result.sequence,
        "" if result.already_recorded else result.transaction.transaction_hash,
    )
