"""`zhangdian application history` says why (issue 15): rejection, supplement, withdrawal and special
procedure events show the reason catalogue's words, Chinese first, not a bare ``reasonCode=12``."""

from __future__ import annotations

from click.testing import Result

from tests.cli.conftest import Run
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
