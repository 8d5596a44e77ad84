"""`zhangdian appeal` as the reviewing body's officers run it, on the session's chain: every command's
success path in both languages, and one clear line with its exit code for what is refused."""

from __future__ import annotations

import itertools
import json

import pytest
from eth_utils.crypto import keccak
from web3 import Web3

from tests.cli.conftest import Run
from tests.conftest import Officers
from tests.sdk.test_appeals import APPEAL_SERVICE, REVIEWING_BODY, set_up_appeals
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import reasons
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import ApplicationStatus

GROUNDS = "0x" + keccak(b"cli grounds").hex()
DECISION = "0x" + keccak(b"cli decision").hex()
_numbers = itertools.count(1)


@pytest.fixture
def rejected(w3: Web3, deployment: Deployment, officers: Officers) -> str:
    """A fresh application of the appeal service, rejected at its second step."""
    set_up_appeals(ZhangdianClient(w3, deployment, signer=officers.admin), officers)
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    number = f"ZD-T-APLC-{next(_numbers):05d}"
    clerk.ledger.submit(number, service=APPEAL_SERVICE, applicant_commitment=keccak(number.encode()))
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    approver.ledger.reject(number, reason_code=1)
    return number


def _value(output: str, caption: str) -> str:
    """The value printed after ``caption`` on its line of `appeal show`."""
    return next(line[len(caption) :].strip() for line in output.splitlines() if line.startswith(caption))


def _squeezed(text: str) -> str:
    """The text without whitespace: the console wraps a long reason at its width."""
    return "".join(text.split())


def _label(status: ApplicationStatus) -> str:
    return f"{status.label_zh} / {status.label_en}"


def _words(kind: str, code: int) -> str:
    """How the catalogue words a reason (its number and both texts), or its fallback."""
    try:
        found = reasons.describe(kind, code)
    except ValueError:  # the kind is not in this version of the catalogue
        return f"原因代码 {code} / reason code {code}"
    return f"{code} {found.both}" if found.known else f"原因代码 {code} / reason code {code}"


def _ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return str(result.output)


def _refused(result, code: int) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert "错误 Error:" in result.output
    return str(result.output)


def test_file_accept_extend_decide_revoked_and_show(run: Run, rejected: str, w3: Web3, deployment: Deployment) -> None:
    filed = _ok(run("clerk", "appeal", "file", rejected, "--grounds-hash", GROUNDS))
    assert "行政复议已申请" in filed
    assert "appeal 0x" in filed
    assert "申请期限 window to appeal" in filed
    assert "北京时间 Beijing time" in filed
    appeal_id = next(line.split()[1] for line in filed.splitlines() if line.startswith("appeal 0x"))

    accepted = _ok(run("clerk", "appeal", "accept", rejected))  # named by the original's number
    assert "已受理" in accepted
    assert "复议期限 decide by" in accepted
    assert "already recorded" in _ok(run("clerk", "appeal", "accept", appeal_id))

    extended = _ok(run("inspector", "appeal", "extend", appeal_id, "--reason", "1"))
    assert "已延期" in extended
    assert _squeezed(f"原因 reason  {_words('appeal_extension', 1)}") in _squeezed(extended)

    decided = _ok(
        run(
            "inspector", "appeal", "decide", appeal_id, "--outcome", "revoked", "--reason", "2",
            "--decision-hash", DECISION, "--reopen-step", "1",
        )
    )  # fmt: skip
    assert "撤销 Revoked" in decided
    assert _squeezed(f"原因 reason  {_words('appeal_outcome', 2)}") in _squeezed(decided)
    assert "the original is reopened at step 2" in decided
    client = ZhangdianClient(w3, deployment)
    assert client.ledger.get(rejected).status == ApplicationStatus.IN_REVIEW

    shown = _ok(run(None, "appeal", "show", rejected))
    assert appeal_id in shown
    assert _value(shown, "原办件 original").startswith(f"{rejected} 0x")  # the number typed, then the id
    assert f"复议测试事项 / 复议测试事项 ({APPEAL_SERVICE})" in shown
    assert _value(shown, "原办件状态 now") == _label(ApplicationStatus.IN_REVIEW)
    assert f"张店区行政复议办公室 / Reconsideration Office ({REVIEWING_BODY})" in shown  # names before the code
    assert _value(shown, "状态 status") == "已决定 / Decided"
    assert "撤销 / Revoked" in shown
    assert "第 2 步 / at step 2" in shown
    assert "申请期限 window end" in shown
    assert "北京时间 Beijing time" in shown
    assert "延期 extended" in shown

    data = json.loads(_ok(run(None, "appeal", "show", appeal_id, "--json")))
    assert data["appeal_id"] == appeal_id
    assert data["outcome"]["name"] == "REVOKED"
    assert data["reopened_step"] == 1
    assert data["reopened_step_number"] == 2
    assert data["reviewer"] == REVIEWING_BODY
    assert data["reviewer_name"]["zh"] == "张店区行政复议办公室"
    assert data["reason"]["kind"] == "appeal_outcome"
    assert data["reason"]["code"] == 2
    assert data["window_end_beijing"]
    assert data["deadline_beijing"]
    assert data["appeals_of_original"] == [appeal_id]


def test_withdraw_and_a_reason_the_catalogue_lacks_still_reads(run: Run, rejected: str) -> None:
    _ok(run("clerk", "appeal", "file", rejected, "--grounds-hash", GROUNDS))
    withdrawn = _ok(run("clerk", "appeal", "withdraw", rejected, "--reason", "9999"))
    assert "已撤回" in withdrawn
    assert "9999" in withdrawn
    assert "原因代码 9999 / reason code 9999" in withdrawn  # not in the catalogue: still shown
    shown = _ok(run(None, "appeal", "show", rejected))
    assert _value(shown, "状态 status") == "已撤回 / Withdrawn"
    _ok(run("clerk", "appeal", "file", rejected, "--grounds-hash", "0x" + keccak(b"second grounds").hex()))
    latest = _ok(run(None, "appeal", "show", rejected))  # the number names the latest appeal
    assert _value(latest, "状态 status") == "已申请 / Filed"
    assert _value(latest, "复议次数 appeals") == "第 2 件, 共 2 件 / 2 of 2"


def test_terms_show_and_set(run: Run, rejected: str) -> None:
    shown = _ok(run(None, "appeal", "terms", "show", "--service", APPEAL_SERVICE))
    assert f"张店区行政复议办公室 / Reconsideration Office ({REVIEWING_BODY})" in shown
    assert "60 日 / days" in shown
    assert "30 日 / days" in shown
    data = json.loads(_ok(run(None, "appeal", "terms", "show", "--service", APPEAL_SERVICE, "--json")))
    assert (data["reviewer"], data["window_days"], data["review_days"], data["extension_days"]) == (
        REVIEWING_BODY, 60, 60, 30,
    )  # fmt: skip
    set_again = _ok(run("admin", "appeal", "terms", "set", "--reviewer", REVIEWING_BODY, "--service", APPEAL_SERVICE))
    assert "appeal terms of ZD-T-APL" in set_again
    refused = _refused(
        run("outsider", "appeal", "terms", "set", "--reviewer", REVIEWING_BODY, "--service", APPEAL_SERVICE), 4
    )
    assert refused.count("\n") <= 2


def test_unauthorized_callers_get_one_line_and_exit_code_4(run: Run, rejected: str) -> None:
    for who in ("outsider", "approver"):
        line = _refused(run(who, "appeal", "file", rejected, "--grounds-hash", GROUNDS), 4)
        assert REVIEWING_BODY in line
    _ok(run("clerk", "appeal", "file", rejected, "--grounds-hash", GROUNDS))
    _ok(run("clerk", "appeal", "accept", rejected))
    decide = ["appeal", "decide", rejected, "--outcome", "upheld", "--reason", "1", "--decision-hash", DECISION]
    for who in ("clerk", "approver", "outsider"):
        _refused(run(who, *decide), 4)
    _refused(run("outsider", "appeal", "withdraw", rejected, "--reason", "1"), 4)


def test_bad_input_is_refused_with_exit_code_2(run: Run, rejected: str) -> None:
    _ok(run("clerk", "appeal", "file", rejected, "--grounds-hash", GROUNDS))
    _ok(run("clerk", "appeal", "accept", rejected))
    base = ["appeal", "decide", rejected, "--decision-hash", DECISION]
    unknown = _refused(run("inspector", *base, "--outcome", "quashed", "--reason", "1"), 2)
    assert "unknown appeal outcome" in unknown
    assert "confirmed-unlawful" in unknown
    missing = _refused(run("inspector", *base, "--outcome", "upheld"), 2)
    assert "--reason" in missing
    reopen = _refused(run("inspector", *base, "--outcome", "upheld", "--reason", "1", "--reopen-step", "0"), 2)
    assert "only a revoked decision reopens" in reopen
    _refused(run("inspector", *base, "--outcome", "upheld", "--reason", "0"), 2)
    _refused(run("clerk", "appeal", "file", rejected), 2)  # neither --grounds nor --grounds-hash
    _refused(run(None, "appeal", "show", "ZD-T-NO-SUCH-APPLICATION"), 3)
