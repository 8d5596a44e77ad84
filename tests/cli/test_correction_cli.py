"""`zhangdian application correct` and `zhangdian certificate correct` (更正) as an officer runs them on the
session's chain: the output says what was corrected from what, in both languages, with the reason in words;
another department's officer is refused with a bilingual message and the permission exit code."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import Result

from tests.cli.conftest import Run
from zhangdian_sdk.cli._context import EXIT_BAD_INPUT, EXIT_PERMISSION
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.facades.corrections import correction_reason


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def _flat(text: str) -> str:
    return "".join(text.split())


def _rejected(run: Run, number: str, reason: int = 1) -> None:
    _ok(run("clerk", "application", "submit", number, "--service", "ZD-GTGSH-SL", "--applicant", "370303199001011239"))
    _ok(run("clerk", "application", "accept", number))
    _ok(run("approver", "application", "reject", number, "--reason", str(reason)))


def test_a_rejections_reason_code_is_corrected_and_the_output_says_from_what(run: Run, new_number) -> None:  # type: ignore[no-untyped-def]
    number = new_number()
    _rejected(run, number)
    output = _ok(
        run("approver", "application", "correct", number, "--field", "reason-code", "--to", "2", "--reason", "1")
    )
    flat = _flat(output)
    assert "reason1correctedto2" in flat
    assert "原因代码1更正为2" in flat
    was, now = describe(ReasonKind.REJECTION, 1), describe(ReasonKind.REJECTION, 2)
    assert _flat(was.both) in flat
    assert _flat(now.both) in flat
    zh, en = correction_reason(1)
    assert _flat(f"{zh} / {en}") in flat
    assert "transaction 0x" in output
    # the same again is on chain already; --json says what the chain holds
    again = json.loads(_ok(run("approver", "application", "correct", number, "--to", "2", "--reason", "1", "--json")))
    assert (again["previous"], again["corrected"], again["alreadyRecorded"], again["sequence"]) == (1, 2, True, 0)
    assert again["summary"]["en"] == "reason 1 corrected to 2"


def test_another_departments_officer_is_refused_in_both_languages(run: Run, new_number) -> None:  # type: ignore[no-untyped-def]
    number = new_number()
    _rejected(run, number)
    refused = run("inspector", "application", "correct", number, "--to", "2", "--reason", "1")
    assert refused.exit_code == EXIT_PERMISSION, refused.output
    assert "无权更正" in refused.output
    assert "may not correct it" in refused.output
    assert "Traceback" not in refused.output
    bad = run("approver", "application", "correct", number, "--to", "two", "--reason", "1")
    assert bad.exit_code == EXIT_BAD_INPUT, bad.output


def test_a_certificate_field_is_corrected_by_its_issuer(run: Run, tmp_path: Path, officers) -> None:  # type: ignore[no-untyped-def]
    _ok(run("admin", "officer", "grant", "ZD-XPSJ", officers.approver.address, "--role", "issuer"))
    cert = tmp_path / "licence.json"
    issue = ["certificate", "issue", "--issuer", "ZD-XPSJ", "--type", "FOOD-LICENCE", "--subject", "0x" + "cd" * 32]
    _ok(run("approver", *issue, "--field", "shop=张店小吃", "--valid-until", "365d", "--out", str(cert)))
    output = _ok(
        run("approver", "certificate", "correct", str(cert), "--field", "shop", "--to", "张店小吃店", "--reason", "2")
    )
    flat = _flat(output)
    assert "fieldshopcorrectedto0x" in flat
    assert "张店小吃店" in flat
    zh, en = correction_reason(2)
    assert _flat(f"{zh} / {en}") in flat
    refused = run("outsider", "certificate", "correct", str(cert), "--field", "shop", "--to", "x", "--reason", "2")
    assert refused.exit_code == EXIT_PERMISSION, refused.output
    neither = run("approver", "certificate", "correct", str(cert), "--field", "shop", "--reason", "2")
    assert neither.exit_code == EXIT_BAD_INPUT, neither.output
    # the certificate itself still verifies
    assert json.loads(_ok(run(None, "certificate", "verify", str(cert), "--json")))["valid"] is True
