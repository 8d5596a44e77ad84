"""Bulk decisions from the office's file: `accept-import` and `approve-import` check every row first,
send 100 a transaction, and report what was done already instead of sending it again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from web3 import Web3

from tests.cli.conftest import Run
from tests.conftest import Officers
from zhangdian_sdk.client import ZhangdianClient


def _import_file(run: Run, tmp_path: Path, numbers: list[str]) -> Path:
    path = tmp_path / "office.csv"
    lines = ["application_number,service,applicant_commitment"]
    lines += [f"{n},ZD-GTGSH-SL,0x{i + 1:064x}" for i, n in enumerate(numbers)]
    path.write_text("\n".join(lines) + "\n")
    assert run("clerk", "application", "import", str(path)).exit_code == 0
    return path


def test_accept_import_accepts_what_waits_and_reports_the_rest_on_a_rerun(
    run: Run, new_number: Callable[[], str], client_for: Callable[[str], ZhangdianClient], tmp_path: Path
) -> None:
    numbers = [new_number() for _ in range(130)]
    path = _import_file(run, tmp_path, numbers)
    clerk = client_for("clerk")
    clerk.ledger.accept(numbers[0])  # accepted one by one before the bulk run
    first = run("clerk", "application", "accept-import", str(path))
    assert first.exit_code == 0, first.output
    assert "129 accepted in 2 batches, 1 accepted already" in first.output
    assert "受理 129 件" in first.output
    assert {clerk.ledger.get(n).status.name for n in numbers[::13]} == {"ACCEPTED"}
    again = run("clerk", "application", "accept-import", str(path))
    assert again.exit_code == 0, again.output
    assert "0 accepted in 0 batches, 130 accepted already (not sent again)" in again.output


def test_accept_import_refuses_a_file_with_an_unknown_number_and_sends_nothing(
    run: Run, new_number: Callable[[], str], w3: Web3, officers: Officers, tmp_path: Path
) -> None:
    numbers = [new_number() for _ in range(2)]
    path = _import_file(run, tmp_path, numbers)
    path.write_text(path.read_text() + f"{new_number()},ZD-GTGSH-SL,0x{9:064x}\n")
    nonce = w3.eth.get_transaction_count(officers.clerk.address)
    result = run("clerk", "application", "accept-import", str(path))
    assert result.exit_code == 2
    assert "office.csv: 第 4 行 application_number 列 / row 4, application_number: 链上没有此办件" in result.output
    assert "accepting" not in result.output  # no progress bar for a refused file
    assert w3.eth.get_transaction_count(officers.clerk.address) == nonce


def test_approve_import_approves_in_batches_and_skips_steps_approved_already(
    run: Run, new_number: Callable[[], str], client_for: Callable[[str], ZhangdianClient], tmp_path: Path
) -> None:
    numbers = [new_number() for _ in range(105)]
    path = _import_file(run, tmp_path, numbers)
    assert run("clerk", "application", "accept-import", str(path)).exit_code == 0
    approvals = tmp_path / "approvals.csv"
    approvals.write_text("办件编号,环节序号\n" + "".join(f"{n},0\n" for n in numbers))
    first = run("approver", "application", "approve-import", str(approvals))
    assert first.exit_code == 0, first.output
    assert "105 steps approved in 2 batches, 0 approved already" in first.output
    assert client_for("clerk").ledger.get(numbers[50]).status.name == "COMPLETED"
    again = run("approver", "application", "approve-import", str(approvals))
    assert "0 steps approved in 0 batches, 105 approved already" in again.output
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(f"application_number,step\n{numbers[0]},4\n")
    refused = run("approver", "application", "approve-import", str(wrong))
    assert refused.exit_code == 2
    assert "step 4 does not exist" in refused.output
