"""The demo's appeal (行政复议): a rejected construction permit, revoked on appeal and completed after reopening.

The district government's reconsideration office (张店区司法局, code ``ZD-SFJ``) is registered as the
reviewing body of every service (the default appeal terms: 60 days to file, 60 to decide, 30 more once).
The demo's window clerk files and accepts appeals there; the approver of ``ZD-RSJ`` (keystore
``approver-ZD-RSJ.json``) also serves as its reviewing approver, so that the demo needs no new account.

The story of ``ZD-2026-110007`` (建筑工程施工许可): accepted, approved by the housing bureau (step 1), rejected
at the approval bureau's decision (step 2, reason 31); the applicant appeals; the appeal is accepted and
decided 撤销 (revoked: reason 2, facts unclear) with the original reopened at step 2, which the approval
bureau then approves: the permit completes. Running it again adds nothing twice.

Usage: ``run_appeals(clients, officers, documents)`` (called by :func:`zhangdian_sdk.ops.demo.run_applications`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from eth_utils.crypto import keccak

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.models import (
    AppealOutcome,
    AppealStatus,
    AppealTerms,
    ApplicationStatus,
    Department,
    OfficerRole,
)
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.ops.demo_parts import Documents, Officers, register_consented_materials

__all__ = [
    "APPEAL_DECISION_STEP",
    "APPEAL_NUMBER",
    "APPEAL_OUTCOME_REASON",
    "APPEAL_SALT",
    "REVIEWER",
    "REVIEWER_APPROVER_OF",
    "DemoAppeal",
    "run_appeals",
]

REGION = 370303  # 淄博市张店区


# 统一社会信用代码: ILLUSTRATIVE, built like the demo departments' (GB 32100 and GB 11714 check characters).
REVIEWER = Department(
    "ZD-SFJ", REGION, "11370303004235907R",
    "张店区司法局", "Zhangdian Justice Bureau (the district government's reconsideration office)",
)  # fmt: skip
REVIEWER_APPROVER_OF = "ZD-RSJ"  # whose demo approver also approves in the reviewing body
APPEAL_TERMS = AppealTerms(REVIEWER.code, window_days=60, review_days=60, extension_days=30)

APPEAL_NUMBER = "ZD-2026-110007"
APPEAL_SALT = bytes.fromhex("7e" * 16)  # the applicant's receipt code (回执码)
_APPLICANT = "91370303MA3C00003D"  # a made-up credit code; only its salted commitment goes on chain
_SERVICE = "ZD-JZGC-SGXK"  # 建筑工程施工许可: step 0 ZD-ZJJ, step 1 ZD-XPSJ (the decision)
APPEAL_DECISION_STEP = 1  # the step rejected, and reopened by the appeal (0-based)
_REJECTION_REASON = 31  # rejection family 31-39 建筑工程施工许可
APPEAL_OUTCOME_REASON = 2  # appeal_outcome 2: 撤销, facts unclear
_GROUNDS = "行政复议申请书 (演示): 申请人认为不予批准决定认定事实不清。".encode()
_DECISION = "行政复议决定书 (演示): 撤销原不予批准决定, 责令自审批决定环节重新办理。".encode()


@dataclass(frozen=True)
class DemoAppeal:
    """What the appeal story left on chain: the original (number, receipt code, status) and its appeal."""

    number: str
    salt: bytes
    status: ApplicationStatus
    appeal_id: bytes
    appeal_status: AppealStatus
    outcome: AppealOutcome


def run_appeals(
    clients: Callable[[Signer], ZhangdianClient],
    officers: Officers,
    documents: Documents,
    log: Callable[[str], None] = print,
) -> DemoAppeal:
    """Set up the reviewing body and the default appeal terms, then play the appeal story once."""
    admin, clerk = clients(officers.admin), clients(officers.clerk)
    reviewing_approver = officers.approvers[REVIEWER_APPROVER_OF]
    admin.departments.register(REVIEWER.code, REVIEWER.region_code, REVIEWER.credit_code, REVIEWER.name_zh,
                               REVIEWER.name_en)  # fmt: skip
    admin.departments.grant(REVIEWER.code, officers.clerk.address, OfficerRole.CLERK)
    admin.departments.grant(REVIEWER.code, reviewing_approver.address, OfficerRole.APPROVER)
    admin.appeals.set_terms(APPEAL_TERMS)
    if not clerk.ledger.exists(APPEAL_NUMBER):  # a second demo run leaves the story where it is
        definition = clerk.catalog.get(_SERVICE).definition
        commitment = applicant_commitment(_APPLICANT, APPEAL_SALT, department=definition.owner_department)
        materials = register_consented_materials(
            clerk, documents, number=APPEAL_NUMBER, identity=_APPLICANT, salt=APPEAL_SALT, service=_SERVICE
        )
        clerk.ledger.submit(APPEAL_NUMBER, service=_SERVICE, applicant_commitment=commitment, materials=materials)
        clerk.ledger.accept(APPEAL_NUMBER)
        clients(officers.approvers[definition.steps[0].department]).ledger.approve(APPEAL_NUMBER, step=0)
        decider = clients(officers.approvers[definition.steps[APPEAL_DECISION_STEP].department])
        decider.ledger.reject(APPEAL_NUMBER, reason_code=_REJECTION_REASON)
        filed = clerk.appeals.file(APPEAL_NUMBER, grounds_hash=keccak(_GROUNDS))
        clerk.appeals.accept(filed.appeal_id)
        clients(reviewing_approver).appeals.decide(
            filed.appeal_id,
            AppealOutcome.REVOKED,
            reason_code=APPEAL_OUTCOME_REASON,
            decision_hash=keccak(_DECISION),
            reopen_step=APPEAL_DECISION_STEP,
        )
        decider.ledger.approve(APPEAL_NUMBER, step=APPEAL_DECISION_STEP)
    application = clerk.ledger.get(APPEAL_NUMBER)
    appeal = clerk.appeals.get(APPEAL_NUMBER)
    log(
        f"application {APPEAL_NUMBER} ({_SERVICE}): rejected, appealed to {REVIEWER.code} {REVIEWER.name_zh}, "
        f"appeal {appeal.outcome.label}, reopened at step {APPEAL_DECISION_STEP + 1}: {application.status.label}"
    )
    log(f"  appeal 0x{appeal.appeal_id.hex()} ({appeal.status.label}); receipt code {APPEAL_SALT.hex()}")
    return DemoAppeal(APPEAL_NUMBER, APPEAL_SALT, application.status, appeal.appeal_id, appeal.status, appeal.outcome)
