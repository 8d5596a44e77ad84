"""Issue 15: applicant identities checked before anything is sent, the printed receipt (办件回执), and
`zhangdian verify application` reading the record straight from the node."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import Result
from web3 import Web3

from tests.cli.conftest import Run
from tests.conftest import Officers
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import TimeUnit
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.services.receipt import (
    ReceiptFacts,
    group_code,
    promised_text,
    qr_svg,
    receipt_code_from_csv,
    receipt_url,
    render_receipt,
)

IDENTITY = "37030319921212011X"
RECEIPT = "5e" * 16


def _submit(run: Run, number: str, identity: str = IDENTITY, salt: str = RECEIPT) -> Result:
    return run(
        "clerk", "application", "submit", number, "--service", "ZD-SPJY-XK", "--applicant", identity, "--salt", salt
    )


# --- 1. validated input at submission -----------------------------------------------------------


@pytest.mark.parametrize(
    ("applicant", "messages"),
    [
        ("abc", ["申请人标识应为18位", "18-character ID number or USCC, not 3"]),
        ("370303199212120119", ["校验位错误，应为 X", "check character should be X, not 9"]),
        ("37030319921312011x", ["出生日期 19921312 不存在", "not a real date"]),
        ("913703036135781460", ["统一社会信用代码校验位错误，应为 H", "USCC check character should be H, not 0"]),
        ("91370303MA3C00001X", ["统一社会信用代码校验位错误，应为 7", "USCC check character should be 7, not X"]),
    ],
)
def test_an_invalid_applicant_is_refused_before_anything_is_sent(
    run: Run, new_number, w3: Web3, officers: Officers, applicant: str, messages: list[str]
) -> None:
    nonce = w3.eth.get_transaction_count(officers.clerk.address)
    result = _submit(run, new_number(), identity=applicant)
    assert result.exit_code == 2, result.output
    for message in messages:
        assert message in result.output
    assert "--applicant" in result.output
    assert "Traceback" not in result.output
    assert w3.eth.get_transaction_count(officers.clerk.address) == nonce


def test_a_lower_case_x_is_accepted_and_normalised(run: Run, new_number, client_for) -> None:
    number = new_number()
    assert _submit(run, number, identity=IDENTITY.lower()).exit_code == 0
    record = client_for("clerk").ledger.get(number)
    assert record.applicant_commitment == applicant_commitment(IDENTITY, bytes.fromhex(RECEIPT), department="ZD-XPSJ")


def test_the_sdk_refuses_an_invalid_identity_when_it_computes_the_commitment() -> None:
    with pytest.raises(InvalidInputError, match="check character should be X"):
        applicant_commitment("370303199212120119", bytes.fromhex(RECEIPT), department="ZD-XPSJ")


def test_a_bulk_import_row_with_a_wrong_check_character_is_refused_and_nothing_is_sent(
    run: Run, new_number, w3: Web3, officers: Officers, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    good, bad = new_number(), new_number()
    rows.write_text(
        "application_number,service,applicant_id\n"
        f"{good},ZD-GTGSH-SL,{IDENTITY.lower()}\n"
        f"{bad},ZD-GTGSH-SL,370303199212120119\n"
    )
    nonce = w3.eth.get_transaction_count(officers.clerk.address)
    result = run("clerk", "application", "import", str(rows))
    assert result.exit_code == 2, result.output
    assert "row 3, applicant_id" in result.output
    assert "check character should be X" in result.output
    assert w3.eth.get_transaction_count(officers.clerk.address) == nonce


# --- 2. the printed receipt ----------------------------------------------------------------------


def _facts(**changes: object) -> ReceiptFacts:
    facts = ReceiptFacts(
        number="ZD-2026-000123",
        application_id="0x" + "11" * 32,
        service="ZD-GTGSH-SL",
        service_name_zh="个体工商户设立登记",
        service_name_en="Sole proprietorship registration",
        department="ZD-XPSJ",
        department_name_zh="张店区行政审批服务局",
        department_name_en="Administrative Approval Service Bureau",
        submitted_at=1_767_225_600,  # 2026-01-01 00:00 UTC = 08:00 Beijing time
        deadline=None,
        promised_amount=20,
        time_unit=TimeUnit.WORKING_DAYS,
        receipt_code=RECEIPT,
    )
    return ReceiptFacts(**{**facts.__dict__, **changes})  # type: ignore[arg-type]


def test_the_receipt_url_carries_number_and_code_in_the_fragment_only() -> None:
    url = receipt_url("https://zwfw.example.gov.cn/", "ZD-2026-000123", "0x" + RECEIPT.upper())
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "zwfw.example.gov.cn", "/")
    assert parse_qs(parts.query) == {"lang": ["zh"]}  # what a server sees: nothing personal
    assert parse_qs(parts.fragment) == {"number": ["ZD-2026-000123"], "receipt": [RECEIPT]}
    with pytest.raises(InvalidInputError, match="http"):
        receipt_url("zwfw.example.gov.cn", "ZD-1", RECEIPT)
    with pytest.raises(InvalidInputError, match="receipt"):
        receipt_url("https://x", "ZD-1", "12zz")


def test_the_receipt_page_shows_names_times_the_grouped_code_a_qr_code_and_a_warning() -> None:
    page = render_receipt(_facts(), portal_url="https://zwfw.example.gov.cn")
    assert group_code(RECEIPT) == " ".join(["5e5e"] * 8)
    assert "5e5e 5e5e 5e5e 5e5e 5e5e 5e5e 5e5e 5e5e" in page
    assert "个体工商户设立登记" in page
    assert "(ZD-GTGSH-SL)" in page
    assert "张店区行政审批服务局" in page
    assert "(ZD-XPSJ)" in page
    assert "2026-01-01 08:00:00（北京时间）" in page
    assert "受理后 20 个工作日" in page
    assert "within 20 working days after acceptance" in page
    assert "请妥善保管本回执" in page
    assert "Keep this receipt private" in page
    assert "@page { size: A5" in page
    assert "@media print" in page
    url = "https://zwfw.example.gov.cn/?lang=zh#number=ZD-2026-000123&amp;receipt=" + RECEIPT
    assert f'href="{url}"' in page
    svg = qr_svg(receipt_url("https://zwfw.example.gov.cn", "ZD-2026-000123", RECEIPT))
    assert svg.startswith("<svg")
    assert svg in page
    assert re.search(r'<path[^>]+d="M', svg)  # the modules are drawn
    assert "3700" not in page  # no ID number anywhere
    # Once accepted, the promised date itself; a limit in hours is said in hours.
    accepted = _facts(deadline=1_769_875_200)  # 2026-02-01 00:00 Beijing = the end of 2026-01-31
    assert promised_text(accepted) == ("2026-01-31 24:00（北京时间）", "2026-01-31 24:00 (Beijing time)")
    assert promised_text(_facts(promised_amount=72, time_unit=TimeUnit.HOURS))[0] == "受理后 72 小时"


def test_the_receipt_command_writes_the_page_from_the_chain(
    run: Run, new_number, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = new_number()
    assert _submit(run, number).exit_code == 0
    monkeypatch.chdir(tmp_path)
    made = run(None, "application", "receipt", number, "--receipt", RECEIPT, "--portal-url", "https://portal.test")
    assert made.exit_code == 0, made.output
    path = tmp_path / f"receipt-{number}.html"
    assert str(path.name) in made.output
    assert path.stat().st_mode & 0o077 == 0  # it holds the receipt code: the owner's only
    page = path.read_text(encoding="utf-8")
    assert number in page
    assert "食品经营许可" in page
    assert "张店区行政审批服务局" in page
    assert "受理后 240 小时" in page  # not accepted yet: the promised limit
    assert f"https://portal.test/?lang=zh#number={number}&amp;receipt={RECEIPT}" in page
    assert "<svg" in page
    assert run("clerk", "application", "accept", number).exit_code == 0
    out = tmp_path / "elsewhere" / "r.html"
    again = run(None, "application", "receipt", number, "--receipt", RECEIPT, "--out", str(out))
    assert again.exit_code == 0, again.output
    accepted = out.read_text(encoding="utf-8")
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）</?", accepted)
    assert "受理后" not in accepted
    assert "http://127.0.0.1:8000/?lang=zh#number=" in accepted  # the default portal


def test_the_receipt_code_can_come_from_the_import_receipts_file(run: Run, new_number, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    number = new_number()
    rows.write_text(f"application_number,service,applicant_id\n{number},ZD-GTGSH-SL,{IDENTITY}\n")
    imported = run("clerk", "application", "import", str(rows))
    assert imported.exit_code == 0, imported.output
    receipts = tmp_path / "rows.csv.receipts.csv"
    code = receipt_code_from_csv(receipts, number)
    out = tmp_path / "receipt.html"
    made = run(None, "application", "receipt", number, "--receipts", str(receipts), "--out", str(out))
    assert made.exit_code == 0, made.output
    assert f"receipt={code}" in out.read_text(encoding="utf-8")
    assert "个体工商户设立登记" in out.read_text(encoding="utf-8")
    missing = run(None, "application", "receipt", "ZD-NOT-THERE", "--receipts", str(receipts))
    assert missing.exit_code == 2
    assert "has no receipt code for ZD-NOT-THERE" in missing.output
    both = run(None, "application", "receipt", number, "--receipts", str(receipts), "--receipt", RECEIPT)
    assert both.exit_code == 2
    assert "exactly one of --receipt or --receipts" in both.output


# --- 5. zhangdian verify application --------------------------------------------------------------


def test_verify_application_reads_the_chain_and_checks_the_applicant(run: Run, new_number) -> None:
    number = new_number()
    assert _submit(run, number).exit_code == 0
    assert run("clerk", "application", "accept", number).exit_code == 0
    shown = run(None, "verify", "application", number, "--applicant", IDENTITY.lower(), "--receipt", RECEIPT)
    assert shown.exit_code == 0, shown.output
    assert "已受理 Accepted" in shown.output
    assert "本人办件" in shown.output
    assert "your application" in shown.output
    assert "ApplicationSubmitted" in shown.output
    assert "ApplicationAccepted" in shown.output
    assert "北京时间" in shown.output

    data = json.loads(run(None, "verify", "application", number, "--json").output)
    assert data["status"] == {"name": "ACCEPTED", "zh": "已受理", "en": "Accepted"}
    assert data["applicant_matches"] is None
    assert [e["event"] for e in data["timeline"]] == ["ApplicationSubmitted", "ApplicationAccepted"]
    assert data["timeline"][0]["label"]["zh"]
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", data["deadline_beijing"])

    wrong = run(None, "verify", "application", number, "--applicant", IDENTITY, "--receipt", "00" * 16, "--json")
    assert wrong.exit_code == 3
    printed, _, error = wrong.output.rpartition("}")
    assert json.loads(printed + "}")["applicant_matches"] is False
    assert "不一致" in error
    assert "mismatch" in error
    bad = run(None, "verify", "application", number, "--applicant", "370303199212120119", "--receipt", RECEIPT)
    assert bad.exit_code == 2
    assert "check character should be X" in bad.output
    alone = run(None, "verify", "application", number, "--applicant", IDENTITY)
    assert alone.exit_code == 2
    assert "together" in alone.output
