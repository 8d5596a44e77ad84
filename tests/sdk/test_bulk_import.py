"""Bulk import from CSV and XLSX: rows checked first, batches pipelined, a rerun finishes the job."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from web3 import Web3

from tests.conftest import Officers
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.identifiers import citizen_id_check_character
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.services.bulk import ImportReport, RowsRejected, import_applications

ClientFor = Callable[[str], ZhangdianClient]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["application_number", "service", "applicant_id", "applicant_commitment"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


def _citizen(i: int) -> str:
    """A fictional ID number with a correct check character: born 1 Jan 1990 + i days, sequence 001."""
    body = f"370303{date(1990, 1, 1) + timedelta(days=i):%Y%m%d}001"
    return body + citizen_id_check_character(body)


def _rows(prefix: str, count: int) -> list[dict[str, str]]:
    return [
        {
            "application_number": f"{prefix}-{i:05d}",
            "service": "ZD-GTGSH-SL",
            "applicant_id": _citizen(i),
            "applicant_commitment": "",
        }
        for i in range(count)
    ]


def test_a_csv_import_submits_every_row_and_writes_the_receipt_codes(client_for: ClientFor, tmp_path: Path) -> None:
    clerk = client_for("clerk")
    before = clerk.ledger.count()
    path = _write_csv(tmp_path / "batch.csv", _rows("IMP-A", 250))
    seen: list[tuple[int, int]] = []
    report = import_applications(clerk, path, progress=lambda done, total: seen.append((done, total)))
    assert (report.rows, report.submitted, report.batches) == (250, 250, 3)
    assert clerk.ledger.count() == before + 250
    assert seen[-1] == (250, 250)
    with report.receipts_file.open() as handle:  # type: ignore[union-attr]
        receipts = {row["application_number"]: row["receipt_code"] for row in csv.DictReader(handle)}
    app = clerk.ledger.get("IMP-A-00007")
    assert app.applicant_commitment == applicant_commitment(
        _citizen(7), bytes.fromhex(receipts["IMP-A-00007"]), department="ZD-XPSJ"
    )
    again = import_applications(clerk, path)
    assert (again.already_on_chain, again.submitted) == (250, 0)


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_sent(
    client_for: ClientFor, w3: Web3, officers: Officers, tmp_path: Path
) -> None:
    rows = _rows("IMP-B", 4)
    rows[0]["application_number"] = "has.dot"  # spaces are dropped (normalised), a dot is refused
    rows[1]["service"] = "ZD-NO-SUCH"
    rows[2]["applicant_commitment"] = "0x1234"
    rows.append(dict(rows[3]))
    rows.append(dict(rows[3], application_number="IMP-B-00099", applicant_id="370303199001011234"))
    path = _write_csv(tmp_path / "bad.csv", rows)
    nonce = w3.eth.get_transaction_count(officers.clerk.address)
    with pytest.raises(RowsRejected) as rejected:
        import_applications(client_for("clerk"), path)
    where = {(e.row, e.column) for e in rejected.value.errors}
    assert {(2, "application_number"), (3, "service"), (4, "applicant_id"), (6, "application_number")} <= where
    (wrong_check,) = [e for e in rejected.value.errors if e.row == 7]
    assert wrong_check.column == "applicant_id"
    assert "check character should be 9" in wrong_check.message
    assert w3.eth.get_transaction_count(officers.clerk.address) == nonce


def test_an_interrupted_import_finishes_on_the_second_run_with_nothing_twice(
    client_for: ClientFor, tmp_path: Path
) -> None:
    clerk = client_for("clerk")
    before = clerk.ledger.count()
    path = _write_csv(tmp_path / "crash.csv", _rows("IMP-C", 330))
    sender = clerk.sender
    real_send = sender._sign_and_send
    sent = 0

    def dies_after_one_batch(tx):
        nonlocal sent
        sent += 1
        if sent > 1:
            raise KeyboardInterrupt
        return real_send(tx)

    sender._sign_and_send = dies_after_one_batch  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        import_applications(clerk, path)
    sender._sign_and_send = real_send  # type: ignore[method-assign]
    sender.resync_nonce()
    partial = clerk.ledger.count() - before
    assert 100 <= partial < 330
    report = import_applications(clerk, path)
    assert report.already_on_chain == partial
    assert clerk.ledger.count() == before + 330
    assert len(clerk.ledger.existing([clerk.ledger.get(f"IMP-C-{i:05d}").application_id for i in range(330)])) == 330


def test_xlsx_files_import_and_the_cli_reports_progress(
    client_for: ClientFor, anvil_chain, officers: Officers, manifest_path: Path, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["application_number", "service", "applicant_commitment"])
    for i in range(20):
        sheet.append([f"IMP-X-{i:03d}", "ZD-GTGSH-SL", "0x" + f"{i + 1:064x}"])
    path = tmp_path / "batch.xlsx"
    book.save(path)
    result = CliRunner().invoke(
        cli,
        ["application", "import", str(path), "--deployment", str(manifest_path)],
        env={
            "ZHANGDIAN_RPC_URL": anvil_chain.rpc_url,
            "ZHANGDIAN_PRIVATE_KEY": "0x" + officers.clerk._account.key.hex(),
        },
    )
    assert result.exit_code == 0, result.output
    assert "20 rows: 0 already on chain, 20 submitted in 1 batches" in result.output
    assert client_for("clerk").ledger.get("IMP-X-019").applicant_commitment == (20).to_bytes(32, "big")


def test_bulk_approvals_check_every_row_first_and_skip_what_is_done(client_for: ClientFor, tmp_path: Path) -> None:
    from zhangdian_sdk.services.bulk import approve_from_file

    clerk, approver = client_for("clerk"), client_for("approver")
    numbers = [f"IMP-AP-{i:03d}" for i in range(120)]
    clerk.ledger.submit_many([NewApplication(n, "ZD-GTGSH-SL", b"\x05" * 32) for n in numbers])
    clerk.ledger.accept_many(numbers)

    bad = tmp_path / "bad.csv"
    bad.write_text("application_number,step\nIMP-AP-000,0\nIMP-AP-NOPE,0\nIMP-AP-001,7\nIMP-AP-002,x\n")
    with pytest.raises(RowsRejected) as rejected:
        approve_from_file(approver, bad)
    assert {(e.row, e.column) for e in rejected.value.errors} == {(3, "application_number"), (4, "step"), (5, "step")}
    assert clerk.ledger.get("IMP-AP-000").status.name == "ACCEPTED"

    good = tmp_path / "good.csv"
    good.write_text("application_number,step\n" + "".join(f"{n},0\n" for n in numbers))
    assert approve_from_file(approver, good) == (120, 2)
    assert {clerk.ledger.get(n).status.name for n in numbers[::17]} == {"COMPLETED"}
    assert approve_from_file(approver, good) == (120, 0)


def _receipt_codes(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return {row["application_number"]: row["receipt_code"] for row in csv.DictReader(handle)}


def _assert_every_receipt_code_verifies(client: ZhangdianClient, receipts: Path, rows: list[dict[str, str]]) -> None:
    """Each code, with the row's identity, gives exactly the commitment on chain (the portal's check)."""
    identity = {row["application_number"]: row["applicant_id"] for row in rows}
    for number, code in _receipt_codes(receipts).items():
        on_chain = client.ledger.get(number).applicant_commitment
        assert applicant_commitment(identity[number], bytes.fromhex(code), department="ZD-XPSJ") == on_chain, number


def test_a_number_on_chain_with_another_service_or_commitment_is_a_conflict_not_a_success(
    client_for: ClientFor, anvil_chain, officers: Officers, manifest_path: Path, tmp_path: Path
) -> None:
    """Issue 12, finding 9: a record that is not the row's is never counted "already on chain"."""
    clerk = client_for("clerk")
    rows = _rows("IMP-D", 4)
    clerk.ledger.submit_many(
        [
            NewApplication("IMP-D-00000", "ZD-SPJY-XK", b"\x07" * 32),  # same number, another service
            NewApplication("IMP-D-00001", "ZD-GTGSH-SL", b"\x08" * 32),  # same service, another applicant
        ]
    )
    path = _write_csv(tmp_path / "taken.csv", rows)
    report = import_applications(clerk, path)
    assert (report.rows, report.already_on_chain, report.submitted) == (4, 0, 2)
    conflicts = {c.application_number: c for c in report.conflicts}
    assert set(conflicts) == {"IMP-D-00000", "IMP-D-00001"}
    assert conflicts["IMP-D-00000"].row == 2
    assert "ZD-SPJY-XK" in conflicts["IMP-D-00000"].reason
    assert "已在链上" in conflicts["IMP-D-00001"].reason
    assert "not submitted from this file" in conflicts["IMP-D-00001"].reason
    assert report.receipts_file is not None
    codes = _receipt_codes(report.receipts_file)
    assert set(codes) == {"IMP-D-00002", "IMP-D-00003"}
    assert report.receipt_codes == 2
    _assert_every_receipt_code_verifies(clerk, report.receipts_file, rows)
    again = import_applications(clerk, path)  # a rerun does not turn the conflicts into successes
    assert (again.already_on_chain, again.submitted, len(again.conflicts)) == (2, 0, 2)

    result = CliRunner().invoke(
        cli,
        ["application", "import", str(path), "--deployment", str(manifest_path)],
        env={
            "ZHANGDIAN_RPC_URL": anvil_chain.rpc_url,
            "ZHANGDIAN_PRIVATE_KEY": "0x" + officers.clerk._account.key.hex(),
        },
    )
    assert result.exit_code == 5, result.output
    assert "row 2 (IMP-D-00000)" in result.output
    assert "2 rows conflict with the chain" in result.output
    assert "Traceback" not in result.output


def test_a_second_import_of_the_same_file_fails_on_the_lock_while_the_first_runs(
    client_for: ClientFor, tmp_path: Path
) -> None:
    """Issue 12, finding 9: two importers of one file would each write their own salts; one waits out."""
    import threading

    from zhangdian_sdk.services.bulk import ImportLocked

    rows = _rows("IMP-L", 150)
    path = _write_csv(tmp_path / "shared.csv", rows)
    first_running, second_tried = threading.Event(), threading.Event()
    outcome: list[object] = []

    def hold(done: int, total: int) -> None:
        first_running.set()
        assert second_tried.wait(60)

    def first() -> None:
        try:
            outcome.append(import_applications(client_for("clerk"), path, progress=hold))
        except BaseException as err:  # reported to the main thread
            outcome.append(err)

    worker = threading.Thread(target=first)
    worker.start()
    try:
        assert first_running.wait(60)
        with pytest.raises(ImportLocked) as locked:
            import_applications(client_for("clerk"), path)
    finally:
        second_tried.set()
        worker.join(120)
    message = str(locked.value)
    assert "shared.csv.journal.lock" in message
    assert "另一个导入进程" in message
    assert "another import" in message
    (report,) = outcome
    assert isinstance(report, ImportReport), report
    assert (report.submitted, report.conflicts, report.receipt_codes) == (150, (), 150)
    assert report.receipts_file is not None
    _assert_every_receipt_code_verifies(client_for("clerk"), report.receipts_file, rows)
    rerun = import_applications(client_for("clerk"), path)  # the lock is free again once the first finished
    assert (rerun.already_on_chain, rerun.conflicts) == (150, ())


def test_a_tampered_or_lost_journal_salt_is_a_conflict_on_rerun_and_gets_no_receipt_code(
    client_for: ClientFor, tmp_path: Path
) -> None:
    """Issue 12, finding 9: a rerun compares the journal's salts with the commitments on chain."""
    clerk = client_for("clerk")
    rows = _rows("IMP-T", 3)
    path = _write_csv(tmp_path / "tamper.csv", rows)
    first = import_applications(clerk, path)
    assert first.receipts_file is not None
    assert len(_receipt_codes(first.receipts_file)) == 3
    journal = tmp_path / "tamper.csv.journal"
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    for entry in lines:
        if entry.get("fixed") == "IMP-T-00001":  # the salt changed, its commitment left alone
            entry["salt"] = "ab" * 32
        if entry.get("fixed") == "IMP-T-00002":  # salt and commitment changed consistently
            entry["salt"] = "cd" * 32
            entry["commitment"] = (
                "0x" + applicant_commitment(rows[2]["applicant_id"], b"\xcd" * 32, department="ZD-XPSJ").hex()
            )
    journal.write_text("".join(json.dumps(entry) + "\n" for entry in lines))

    rerun = import_applications(clerk, path)
    assert (rerun.already_on_chain, rerun.submitted) == (1, 0)
    reasons = {c.application_number: c.reason for c in rerun.conflicts}
    assert set(reasons) == {"IMP-T-00001", "IMP-T-00002"}
    assert "journal's receipt code does not give" in reasons["IMP-T-00001"]
    assert "another applicant commitment" in reasons["IMP-T-00002"]
    assert rerun.receipts_file is not None
    assert set(_receipt_codes(rerun.receipts_file)) == {"IMP-T-00000"}
    _assert_every_receipt_code_verifies(clerk, rerun.receipts_file, rows)

    journal.unlink()  # a lost journal: fresh salts would be wrong codes for records already on chain
    lost = import_applications(clerk, path)
    assert (lost.already_on_chain, len(lost.conflicts), lost.receipt_codes) == (0, 3, 0)
    assert all("no receipt code" in c.reason for c in lost.conflicts)
    assert _receipt_codes(rerun.receipts_file) == {}


def test_the_journal_lock_and_receipts_are_created_0600_with_no_chmod_window(
    client_for: ClientFor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12, finding 10: every salt is in the journal and the receipts; they are never world-readable."""
    import os

    def no_chmod(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"chmod after creation leaves a window: {args}")

    monkeypatch.setattr(os, "chmod", no_chmod)
    monkeypatch.setattr(os, "fchmod", no_chmod)
    monkeypatch.setattr(Path, "chmod", no_chmod)
    path = _write_csv(tmp_path / "modes.csv", _rows("IMP-M", 3))
    old_umask = os.umask(0)  # the most open umask: only the mode given at creation protects the files
    try:
        report = import_applications(client_for("clerk"), path)
    finally:
        os.umask(old_umask)
    assert report.receipt_codes == 3
    for name in ("modes.csv.journal", "modes.csv.journal.lock", "modes.csv.receipts.csv"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
