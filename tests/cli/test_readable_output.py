"""What staff read (issue 16, item 6): `application history` and `status` in Beijing time with names next
to codes, step labels, the officer's role, reasons in words and each event's transaction; role errors
that name the role instead of its hash; the council's proposal states, dates and state errors in words."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from eth_utils.crypto import keccak
from rich.console import Console
from web3 import Web3

from tests.cli.conftest import Run
from tests.faults.conftest import COUNCIL, GUARDIAN, OwnChain, own_chain  # noqa: F401 - own_chain is a fixture
from zhangdian_sdk.cli import cli
from zhangdian_sdk.cli._progress import WorkBar
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.core.suite import SUITE
from zhangdian_sdk.core.workdays import BEIJING, beijing
from zhangdian_sdk.ops.governance import govern_suite

APPLICANT = "370303199001011239"
TX_HASH = re.compile(r"0x[0-9a-f]{64}")


def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _through_two_departments(run: Run, number: str) -> None:
    """食品经营许可: accepted at ZD-XPSJ, a supplement asked and given, step 1 approved at ZD-XPSJ, then
    rejected at step 2 by the market supervision bureau (ZD-SCJGJ)."""
    _ok(run("clerk", "application", "submit", number, "--service", "ZD-SPJY-XK", "--applicant", APPLICANT))
    _ok(run("clerk", "application", "accept", number))
    _ok(run("approver", "application", "request-supplement", number, "--reason", "12"))
    _ok(run("clerk", "application", "resubmit", number))
    _ok(run("approver", "application", "approve", number, "--step", "0"))
    _ok(run("inspector", "application", "reject", number, "--reason", "31"))


def test_history_in_words_with_every_transaction(run: Run, new_number) -> None:
    number = new_number()
    _through_two_departments(run, number)
    events = json.loads(_ok(run(None, "application", "history", number, "--json")).output)
    text = _ok(run(None, "application", "history", number)).output
    flat = _squeezed(text)

    assert [e["event"] for e in events] == [
        "ApplicationSubmitted",
        "ApplicationAccepted",
        "SupplementRequested",
        "ApplicationResubmitted",
        "StepApproved",
        "ApplicationRejected",
    ]
    for event in events:
        # Every event's transaction, in both outputs; the time in Beijing time (UTC+8), to the second.
        assert TX_HASH.fullmatch(event["transaction_hash"])
        assert event["transaction_hash"] in text
        moment = datetime.fromisoformat(event["timestamp"])
        assert moment.utcoffset() == BEIJING.utcoffset(moment)
        assert event["time_beijing"] == moment.strftime("%Y-%m-%d %H:%M:%S")
        assert event["time_beijing"] in text
        # The department's name next to its code.
        assert event["department_name"]["zh"]
        assert event["department_name"]["en"]
    assert "ZD-XPSJ 张店区行政审批服务局 / Administrative Approval Service Bureau" in text
    assert "ZD-SCJGJ 张店区市场监督管理局 / Market Supervision Administration" in text
    # No unix time anywhere: the deadline the acceptance set is a Beijing date.
    deadline = events[1]["details"]["deadline"]
    assert str(deadline) not in text
    assert _squeezed(f"{beijing(deadline)} 北京时间 Beijing time") in flat

    # Step labels: the supplement and approval at step 1, the rejection at step 2 (in the other bureau).
    supplement, approved, rejected = events[2], events[4], events[5]
    assert (supplement["step"]["zh"], supplement["step"]["en"]) == ("第 1 步 审批", "step 1 approval")
    assert approved["step"]["number"] == 1
    assert (rejected["step"]["zh"], rejected["step"]["en"]) == ("第 2 步 审批", "step 2 approval")
    assert rejected["step"]["department"] == rejected["department"] == "ZD-SCJGJ"
    assert "第 2 步 审批 / step 2 approval" in text
    assert events[0]["step"] is None  # submission runs no step

    # The officer's role in the acting department.
    assert [r["code"] for r in events[0]["actor_roles"]] == ["CLERK"]
    assert [r["en"] for r in rejected["actor_roles"]] == ["Approver of ZD-SCJGJ"]
    assert "(ZD-SCJGJ 审批 / Approver of ZD-SCJGJ)" in text
    assert "(ZD-XPSJ 受理 / Clerk of ZD-XPSJ)" in text

    # Reasons in words, Chinese first, in both outputs.
    for event, kind, code in ((supplement, ReasonKind.SUPPLEMENT, 12), (rejected, ReasonKind.REJECTION, 31)):
        reason = describe(kind, code)
        assert event["reason"] == {
            "kind": kind.value,
            "code": code,
            "zh": reason.text_zh,
            "en": reason.text_en,
            "known": True,
        }
        assert _squeezed(f"{code} {reason.text_zh} / {reason.text_en}") in flat
    # Events in words, the contract's name beside.
    assert "要求补正 / Supplement requested" in text
    assert "(SupplementRequested)" in text


def test_status_names_the_service_departments_and_step(run: Run, new_number) -> None:
    number = new_number()
    _ok(run("clerk", "application", "submit", number, "--service", "ZD-SPJY-XK", "--applicant", APPLICANT))
    _ok(run("clerk", "application", "accept", number))
    _ok(run("approver", "application", "approve", number, "--step", "0"))
    text = _ok(run(None, "application", "status", number)).output
    assert "ZD-SPJY-XK 食品经营许可 / Food business licence" in text
    assert "ZD-XPSJ 张店区行政审批服务局" in text
    assert "第 2 步 审批 / step 2 approval (ZD-SCJGJ 张店区市场监督管理局" in text
    assert "审查中 / In review" in text
    shown = json.loads(_ok(run(None, "application", "status", number, "--json")).output)
    assert shown["service_name"] == {"zh": "食品经营许可", "en": "Food business licence"}
    assert shown["department_name"]["zh"] == "张店区行政审批服务局"
    assert shown["step"]["number"] == 2
    assert shown["step_department"]["code"] == "ZD-SCJGJ"
    assert f"{shown['submitted_beijing']} 北京时间 Beijing time" in text
    assert f"{shown['deadline_beijing']} 北京时间 Beijing time" in text
    assert "+00:00" not in text  # no UTC times for staff


def test_a_role_error_names_the_role(run: Run) -> None:
    """The clerk may not register a department: the message names the registrar role, not its hash."""
    refused = run(
        "clerk",
        "department",
        "add",
        "ZD-SWJ",
        "--credit-code",
        "113703030042351144",
        "--name-zh",
        "税务局",
        "--name-en",
        "Taxation Bureau",
    )
    assert refused.exit_code == 4, refused.output
    assert "登记管理员 (REGISTRAR_ROLE)" in refused.output
    assert "registrar (REGISTRAR_ROLE)" in refused.output
    assert keccak(text="REGISTRAR_ROLE").hex() not in refused.output
    assert "Traceback" not in refused.output

    admin = errors.AccessControlUnauthorizedAccount({"account": "0x" + "11" * 20, "neededRole": bytes(32)})
    assert "管理员 (DEFAULT_ADMIN_ROLE)" in admin.message_zh
    assert "admin (DEFAULT_ADMIN_ROLE)" in admin.message_en
    unknown = errors.AccessControlUnauthorizedAccount({"account": "0x" + "11" * 20, "neededRole": b"\x07" * 32})
    assert "0x" + "07" * 32 in unknown.message_en  # a role the suite does not know stays as it is


def test_proposal_states_dates_and_state_errors_in_words(own_chain: OwnChain, tmp_path: Path) -> None:  # noqa: F811
    chain = own_chain.chain
    w3 = Web3(Web3.HTTPProvider(chain.rpc_url))
    council = [chain.dev_signer(i).address for i in COUNCIL]
    steps: list[tuple[int, int]] = []

    def hand_over(quorum: int) -> None:
        govern_suite(
            w3,
            chain.dev_signer(0),
            own_chain.deployment,
            members=council,
            quorum=quorum,
            delay=3600,
            guardian=chain.dev_signer(GUARDIAN).address,
            voting_period=5,
            manifest_path=own_chain.manifest,
            progress=lambda done, total: steps.append((done, total)),
        )

    # The progress of the hand-over: none when its checks fail, then one step at a time up to the total.
    with pytest.raises(errors.InvalidInputError):
        hand_over(quorum=4)
    assert steps == []
    hand_over(quorum=2)
    total = steps[-1][1]
    assert steps == [(done, total) for done in range(1, total + 1)]
    assert total == 3 + 1 + len(COUNCIL) + 1 + len(SUITE)

    proposal = tmp_path / "proposal.json"
    proposal.write_text(
        json.dumps(
            {
                "description": "登记张店区税务局 / Register the Zhangdian Taxation Bureau",
                "actions": [
                    {
                        "contract": "DepartmentRegistry",
                        "function": "registerDepartment",
                        "args": ["ZD-SWJ", 370303, "113703030042353681", "税务局", "Taxation Bureau"],
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )

    def gov(member: int | None, *args: str) -> Result:
        env = {"ZHANGDIAN_RPC_URL": chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": ""}
        if member is not None:
            env["ZHANGDIAN_PRIVATE_KEY"] = "0x" + chain.dev_signer(member)._account.key.hex()
        command = ["gov", *args, str(proposal), "--deployment", str(own_chain.manifest)]
        return CliRunner().invoke(cli, command, env=env, catch_exceptions=False)

    proposed = _ok(gov(COUNCIL[0], "propose"))
    assert "待定 / pending" in proposed.output
    assert "投票开始于区块" in proposed.output
    assert "voting starts at block" in proposed.output
    assert "投票截止于区块" in proposed.output
    assert "voting ends at block" in proposed.output
    assert "北京时间" in proposed.output
    assert "Beijing time" in proposed.output

    # Voting before it opens: the governor's state error in words, not a state bitmap.
    early = gov(COUNCIL[0], "approve")
    assert early.exit_code == 5, early.output
    assert "提案状态为 待定, 需要 投票中" in early.output
    assert "proposal is pending, needs active" in early.output
    assert "0x0000" not in early.output
    assert "Traceback" not in early.output

    w3.provider.make_request("anvil_mine", [hex(2)])  # type: ignore[arg-type]
    _ok(gov(COUNCIL[0], "approve"))
    active = _ok(gov(None, "status")).output
    assert "投票中 / active" in active
    assert "赞成 1 票" in active
    assert "1 for" in active
    status = json.loads(_ok(gov(None, "status", "--json")).output)
    assert status["state"] == "Active"
    assert status["state_words"] == {"zh": "投票中", "en": "active"}
    ends = status["voting_ends"]
    assert ends["block"] > w3.eth.block_number
    assert ends["estimated"] is True
    when = datetime.fromisoformat(ends["beijing"])
    assert when.utcoffset() == BEIJING.utcoffset(when)
    assert f"voting ends at block {ends['block']} (about {when.strftime('%Y-%m-%d %H:%M')} Beijing time)" in active

    # Executing what has not passed: the state error says what it is and what it needs.
    premature = gov(COUNCIL[0], "execute")
    assert premature.exit_code == 5, premature.output
    assert "提案状态为 投票中, 需要 已排队" in premature.output  # through the timelock: queued first
    assert "proposal is active, needs queued" in premature.output


def test_a_work_bar_appears_only_with_work_done() -> None:
    """A command that fails its checks shows no bar; a bar that shows counts the work done."""
    output = io.StringIO()
    console = Console(file=output, force_terminal=True, width=80)
    with pytest.raises(errors.InvalidInputError), WorkBar("checking", console=console) as bar:
        raise errors.InvalidInputError("refused before any work")
    assert not bar.shown
    assert output.getvalue() == ""
    with WorkBar("working", console=console) as bar:
        bar.update(1, 4)
        assert bar.shown
        bar.update(3, 4)
        assert bar._progress is not None
        task = bar._progress.tasks[0]
        assert (task.completed, task.total) == (3, 4)
    assert "working" in output.getvalue()


def test_a_time_in_an_error_is_beijing_time() -> None:
    """2026-12-01 02:00 UTC is 10:00 in Beijing: the error says so in each language, never in UTC."""
    error = errors.NotOverdue({"applicationId": b"\x01" * 32, "deadline": 1_796_090_400})
    assert "2026-12-01 10:00 北京时间" in error.message_zh
    assert "2026-12-01 10:00 Beijing time" in error.message_en
    assert "UTC" not in str(error)
