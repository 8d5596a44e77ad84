"""Bulk import from CSV and XLSX: rows checked first, batches pipelined, a rerun finishes the job."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from web3 import Web3

from tests.conftest import Officers
from zhangdian_sdk.bulk import RowsRejected, import_applications
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.ledger import NewApplication
from zhangdian_sdk.privacy import applicant_commitment

ClientFor = Callable[[str], ZhangdianClient]


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["application_number", "service", "applicant_id", "applicant_commitment"]
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


def _rows(prefix: str, count: int) -> list[dict[str, str]]:
    return [
        {
            "application_number": f"{prefix}-{i:05d}",
            "service": "ZD-GTGSH-SL",
            "applicant_id": f"3703031990{i:08d}",
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
        "370303199000000007", bytes.fromhex(receipts["IMP-A-00007"]), department="ZD-XPSJ"
    )
    again = import_applications(clerk, path)
    assert (again.already_on_chain, again.submitted) == (250, 0)


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_sent(
    client_for: ClientFor, w3: Web3, officers: Officers, tmp_path: Path
) -> None:
    rows = _rows("IMP-B", 4)
    rows[0]["application_number"] = "has space"
    rows[1]["service"] = "ZD-NO-SUCH"
    rows[2]["applicant_commitment"] = "0x1234"
    rows.append(dict(rows[3]))
    path = _write_csv(tmp_path / "bad.csv", rows)
    nonce = w3.eth.get_transaction_count(officers.clerk.address)
    with pytest.raises(RowsRejected) as rejected:
        import_applications(client_for("clerk"), path)
    where = {(e.row, e.column) for e in rejected.value.errors}
    assert {(2, "application_number"), (3, "service"), (4, "applicant_id"), (6, "application_number")} <= where
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
    from zhangdian_sdk.bulk import approve_from_file

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
