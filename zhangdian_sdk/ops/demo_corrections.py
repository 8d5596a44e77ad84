"""The demo's 更正: a decision with a clerical error, corrected by the department that made it.

A construction permit application (施工许可, ZD-JZGC-SGXK) is rejected at its first step by the housing
bureau (ZD-ZJJ) with reason code 31 (no planning permit) where the file shows the real reason, 32 (no
qualified construction company); the bureau's approver corrects the reason code to 32 with the legal
reason 1 of the catalogue kind ``correction`` (a clerical error in a reason code). The rejection stays on
chain as it was, marked corrected, with who, when and why. Running it again adds nothing.

Usage (``zhangdian_sdk.ops.demo.run_demo`` calls it): ``run_corrections(clients, officers, documents, log)``.
It reads the service from the chain's catalogue and does not import the demo module (which imports it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.ops.demo_parts import Documents, Officers, register_consented_materials

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
    officers: Officers,
    documents: Documents,
    log: Callable[[str], None] = print,
) -> DemoCorrection:
    """Submit, reject with the wrong reason and correct it (each step only if not done yet). The service's
    owner, materials and steps are read from the catalogue the demo loaded."""
    clerk = clients(officers.clerk)
    service = clerk.catalog.get(CORRECTED_SERVICE).definition
    deciding = service.steps[0].department
    if not clerk.ledger.exists(CORRECTED_NUMBER):
        materials = register_consented_materials(
            clerk,
            documents,
            number=CORRECTED_NUMBER,
            identity=CORRECTED_APPLICANT,
            salt=CORRECTED_RECEIPT,
            service=CORRECTED_SERVICE,
        )
        commitment = applicant_commitment(CORRECTED_APPLICANT, CORRECTED_RECEIPT, department=service.owner_department)
        clerk.ledger.submit(
            CORRECTED_NUMBER, service=CORRECTED_SERVICE, applicant_commitment=commitment, materials=materials
        )
        clerk.ledger.accept(CORRECTED_NUMBER)
        clients(officers.approvers[deciding]).ledger.reject(CORRECTED_NUMBER, reason_code=WRONG_REASON)
    application = clerk.ledger.get(CORRECTED_NUMBER)
    if application.status is not ApplicationStatus.REJECTED:
        raise RuntimeError(f"demo application {CORRECTED_NUMBER} is {application.status.name}, not rejected")
    corrections = clients(officers.approvers[deciding]).corrections
    result = corrections.correct_reason_code(CORRECTED_NUMBER, to=RIGHT_REASON, reason_code=CORRECTION_REASON)
    said = "already on chain / 链上已有" if result.already_recorded else "recorded / 已上链"
    log(
        f"application {CORRECTED_NUMBER}: 更正 by {deciding}: {result.summary_zh} / {result.summary_en} ({said}); "
        f"回执码 receipt code {CORRECTED_RECEIPT.hex()}"
    )
    return DemoCorrection(
        CORRECTED_NUMBER,
        CORRECTED_RECEIPT.hex(),
        result.previous if isinstance(result.previous, int) else None,
        RIGHT_REASON,
        result.sequence,
        "" if result.already_recorded else result.transaction.transaction_hash,
    )
