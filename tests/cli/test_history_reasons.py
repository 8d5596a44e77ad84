"""`zhangdian application history` says why (issue 15): rejection, supplement, withdrawal and special
procedure events show the reason catalogue's words, Chinese first, not a bare ``reasonCode=12``."""

from __future__ import annotations

import re

from click.testing import Result
from eth_utils.crypto import keccak
from web3 import Web3

from tests.cli.conftest import Run
from tests.conftest import Officers
from tests.sdk.test_appeals import APPEAL_SERVICE, set_up_appeals
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import AppealOutcome
from zhangdian_sdk.core.reasons import ReasonKind, describe


def _details(output: str) -> str:
    """The history's event lines, wrapped lines joined, without spaces."""
    return "".join(output.split())


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _ok(result: Result) -> None:
    assert result.exit_code == 0, result.output


def test_history_shows_why_an_application_was_returned_and_rejected(run: Run, new_number) -> None:
    number = new_number()
    _ok(run("clerk", "application", "submit", number, "--service", "ZD-SPJY-XK", "--applicant", "370303199001011239"))
    _ok(run("clerk", "application", "accept", number))
    _ok(run("approver", "application", "request-supplement", number, "--reason", "12"))
    _ok(run("clerk", "application", "resubmit", number))
    _ok(run("approver", "application", "special-start", number, "--kind", "expert-review", "--reason", "1"))
    _ok(run("approver", "application", "special-end", number, "--result", "2"))
    _ok(run("approver", "application", "reject", number, "--reason", "31"))

    shown = run(None, "application", "history", number)
    _ok(shown)
    details = _details(shown.output)
    for kind, code in (
        (ReasonKind.SUPPLEMENT, 12),
        (ReasonKind.SPECIAL_PROCEDURE, 1),
        (ReasonKind.SPECIAL_PROCEDURE_RESULT, 2),
        (ReasonKind.REJECTION, 31),
    ):
        reason = describe(kind, code)
        assert _squeezed(f"{reason.text_zh} / {reason.text_en}") in details, (kind, code)
    assert "健康证明" in details
    assert "建设工程规划许可证" in details
    # Chinese first: the supplement's Chinese words come before its English ones.
    assert details.index("健康证明") < details.index("healthcertificates")


def test_a_withdrawal_and_an_unknown_code_are_shown_too(run: Run, new_number) -> None:
    number = new_number()
    _ok(run("clerk", "application", "submit", number, "--service", "ZD-SPJY-XK", "--applicant", "370303199001011239"))
    _ok(run("clerk", "application", "withdraw", number, "--reason", "2"))
    details = _details(run(None, "application", "history", number).output)
    assert _squeezed(describe(ReasonKind.WITHDRAWAL, 2).text_zh) in details

    other = new_number()
    _ok(run("clerk", "application", "submit", other, "--service", "ZD-SPJY-XK", "--applicant", "370303199001011239"))
    _ok(run("clerk", "application", "accept", other))
    _ok(run("approver", "application", "request-supplement", other, "--reason", "777"))
    details = _details(run(None, "application", "history", other).output)
    assert "原因reason777原因代码777" in details
    assert "reasoncode777" in details


# 行政复议 and 更正 (issue 18): the history shows an appeal revoked with the reopening and the completion,
# and a corrected rejection marked with who, when and why, in words.
def test_history_shows_an_appeal_revoked_the_reopening_and_the_completion(
    run: Run, new_number, w3: Web3, deployment: Deployment, officers: Officers
) -> None:
    set_up_appeals(ZhangdianClient(w3, deployment, signer=officers.admin), officers)
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    number = new_number()
    clerk.ledger.submit(number, service=APPEAL_SERVICE, applicant_commitment=keccak(number.encode()))
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    approver.ledger.reject(number, reason_code=2)
    filed = clerk.appeals.file(number, grounds_hash=keccak(b"grounds"))
    clerk.appeals.accept(filed.appeal_id)
    ZhangdianClient(w3, deployment, signer=officers.inspector).appeals.decide(
        filed.appeal_id, AppealOutcome.REVOKED, reason_code=2, decision_hash=keccak(b"decision"), reopen_step=1
    )
    approver.ledger.approve(number, step=1)

    shown = run(None, "application", "history", number)
    _ok(shown)
    assert "Traceback" not in shown.output
    details = _details(shown.output)
    order = [
        "不予批准/Rejected(ApplicationRejected)",
        "申请行政复议/Appealfiled(AppealFiled)",
        "复议受理/Appealaccepted(AppealAccepted)",
        "复议决定/Appealdecided(AppealDecided)",
        "复议后重新办理/Reopenedafteranappeal(ApplicationReopened)",
        "办结/Completed(ApplicationCompleted)",
    ]
    assert [details.index(event) for event in order] == sorted(details.index(event) for event in order)
    assert "张店区行政复议办公室/ReconsiderationOffice" in details  # the reviewing body by its names
    # Every later event of the appeal, and the reopening it ordered, names the reviewing body as who acted.
    for event in order[2:5]:
        line = details[details.index(event) :]
        assert line.index("张店区行政复议办公室/ReconsiderationOffice") < line.index("(", len(event))
    assert "outcome=2撤销/Revoked" in details
    outcome = describe(ReasonKind.APPEAL_OUTCOME, 2)
    assert _squeezed(f"{outcome.text_zh} / {outcome.text_en}") in details
    reopened = details[details.index("(ApplicationReopened)") :]
    assert reopened.index("第2步") < reopened.index("审查中/Inreview") < reopened.index("(StepApproved)")


def test_history_shows_a_corrected_rejection_with_who_when_why_and_the_right_reason(
    run: Run, new_number, w3: Web3, deployment: Deployment, officers: Officers
) -> None:
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    number = new_number()
    clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=keccak(number.encode()))
    clerk.ledger.accept(number)
    approver.ledger.reject(number, reason_code=1)
    approver.corrections.correct_reason_code(number, to=2, reason_code=1)

    shown = run(None, "application", "history", number)
    _ok(shown)
    details = _details(shown.output)
    wrong, right = describe(ReasonKind.REJECTION, 1), describe(ReasonKind.REJECTION, 2)
    why = describe(ReasonKind.CORRECTION, 1)
    rejection = details[details.index("(ApplicationRejected)") : details.index("(DecisionCorrected)")]
    assert rejection.startswith("(ApplicationRejected)已更正/corrected")
    assert _squeezed(wrong.text_zh) in rejection  # the original reason stays as recorded
    note = rejection[rejection.index("更正correction") :]
    assert _squeezed(f"reasonCode → 2 {right.text_zh} / 2 {right.text_en}") in note  # the right reason
    assert _squeezed(f"{why.text_zh} / {why.text_en}") in note  # why
    assert _squeezed(officers.approver.address) in note  # who
    assert "张店区行政审批服务局" in note
    assert re.search(r"已更正/corrected\d{4}-\d{2}-\d{2}\d{2}:\d{2}:\d{2}", note)  # when, in Beijing time
