"""`application import` reads the files offices have: CSV in UTF-8 (BOM or not) and GBK/GB18030, XLSX
with an instructions sheet, Chinese headers; a missing column is named; the template and the published
JSON Schema agree with the reader; no progress bar when the file is refused; the catalogue is read
once per service."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook
from web3 import Web3

from tests.cli.conftest import Run
from tests.conftest import Officers
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.identifiers import citizen_id_check_character
from zhangdian_sdk.services.bulk import COLUMNS, REQUIRED, import_applications, validate_rows
from zhangdian_sdk.services.import_template import import_schema

NewNumber = Callable[[], str]


def _citizen(i: int) -> str:
    body = f"370303{date(1980, 1, 1) + timedelta(days=i):%Y%m%d}002"
    return body + citizen_id_check_character(body)


def _chinese_csv(numbers: list[str]) -> str:
    lines = ["办件编号,事项编码,申请人证件号码"] + [f"{n},ZD-GTGSH-SL,{_citizen(i)}" for i, n in enumerate(numbers)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_files_in_the_encodings_offices_export_are_imported(
    run: Run, new_number: NewNumber, tmp_path: Path, encoding: str
) -> None:
    numbers = [new_number() for _ in range(3)]
    path = tmp_path / f"rows-{encoding}.csv"
    path.write_bytes(_chinese_csv(numbers).encode(encoding))
    result = run("clerk", "application", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "3 submitted" in result.output
    assert "提交" in result.output


def test_the_encoding_can_be_forced_and_a_wrong_one_is_named(run: Run, new_number: NewNumber, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(_chinese_csv([new_number()]).encode("gbk"))
    wrong = run("clerk", "application", "import", str(path), "--encoding", "utf-8")
    assert wrong.exit_code == 2
    assert "rows.csv" in wrong.output
    assert "is not in utf-8" in wrong.output
    assert "不是 utf-8 编码" in wrong.output
    assert "Traceback" not in wrong.output
    forced = run("clerk", "application", "import", str(path), "--encoding", "gbk")
    assert forced.exit_code == 0, forced.output


def _workbook(path: Path, numbers: list[str], *, data_sheet: str = "办件") -> Path:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["列名 Column", "说明 Description"])
    notes.append(["application_number", "办件编号 / the office's number"])
    data = book.create_sheet(data_sheet)
    data.append(["application_number", "service", "applicant_id"])
    for i, number in enumerate(numbers):
        data.append([number, "ZD-GTGSH-SL", _citizen(100 + i)])
    book.save(path)
    return path


def test_the_data_sheet_is_found_by_its_header_never_the_instructions(
    run: Run, new_number: NewNumber, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "office.xlsx", [new_number(), new_number()], data_sheet="Sheet2")
    result = run("clerk", "application", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "2 submitted" in result.output


def test_the_sheet_can_be_named_and_an_unknown_one_is_listed(run: Run, new_number: NewNumber, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "named.xlsx", [new_number()])
    missing = run("clerk", "application", "import", str(path), "--sheet", "数据")
    assert missing.exit_code == 2
    assert "no sheet named 数据" in missing.output
    assert "填表说明, 办件" in missing.output
    named = run("clerk", "application", "import", str(path), "--sheet", "办件")
    assert named.exit_code == 0, named.output
    instructions = run("clerk", "application", "import", str(path), "--sheet", "填表说明")
    assert instructions.exit_code == 2
    assert "named.xlsx [填表说明]: 未知的列" in instructions.output


def test_a_missing_column_is_reported_as_missing_and_nothing_is_sent(
    run: Run, new_number: NewNumber, w3: Web3, officers: Officers, tmp_path: Path
) -> None:
    path = tmp_path / "no-service.csv"
    path.write_text(f"application_number,applicant_id\n{new_number()},{_citizen(1)}\n")
    nonce = w3.eth.get_transaction_count(officers.clerk.address)
    result = run("clerk", "application", "import", str(path))
    assert result.exit_code == 2
    assert "no-service.csv" in result.output
    assert "missing column service" in result.output
    assert "缺少列 service" in result.output
    assert "unknown or closed service" not in result.output
    no_applicant = tmp_path / "no-applicant.csv"
    no_applicant.write_text(f"application_number,service\n{new_number()},ZD-GTGSH-SL\n")
    result = run("clerk", "application", "import", str(no_applicant))
    assert result.exit_code == 2
    assert "missing column applicant_id" in result.output
    assert w3.eth.get_transaction_count(officers.clerk.address) == nonce


def test_row_messages_are_bilingual_and_name_file_row_and_column(
    run: Run, new_number: NewNumber, tmp_path: Path
) -> None:
    path = tmp_path / "bad-rows.csv"
    path.write_text(f"application_number,service,applicant_id\n{new_number()},ZD-NO-SUCH,{_citizen(2)}\n")
    result = run("clerk", "application", "import", str(path))
    assert result.exit_code == 2
    assert "bad-rows.csv: 第 2 行 service 列 / row 2, service: 事项 ZD-NO-SUCH 不存在或已停办 / unknown or closed" in (
        result.output
    )


def test_no_progress_bar_is_shown_when_the_file_is_refused(run: Run, new_number: NewNumber, tmp_path: Path) -> None:
    path = tmp_path / "refused.csv"
    path.write_text(f"application_number,service,applicant_id\n{new_number()},ZD-GTGSH-SL,370303199001011234\n")
    result = run("clerk", "application", "import", str(path))
    assert result.exit_code == 2
    assert "submitting" not in result.output
    good = tmp_path / "good.csv"
    good.write_text(f"application_number,service,applicant_id\n{new_number()},ZD-GTGSH-SL,{_citizen(3)}\n")
    shown = run("clerk", "application", "import", str(good))
    assert "提交 submitting" in shown.output
    assert "1/1" in shown.output


def _template(*args: str) -> Result:
    """``application import-template`` (it needs no chain)."""
    return CliRunner().invoke(cli, ["application", "import-template", *args], catch_exceptions=False)


def test_the_xlsx_template_has_instructions_and_imports_as_written(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    assert _template("--out", str(out)).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["填表说明", "办件"]
    notes = "\n".join(str(c) for row in book["填表说明"].iter_rows(values_only=True) for c in row if c)
    for name, spec in import_schema()["properties"].items():
        assert name in notes
        assert spec["title"] in notes
    assert "Application number" in notes
    assert "办件编号" in notes
    result = run("clerk", "application", "import", str(out))
    assert result.exit_code == 0, result.output
    assert "1 submitted" in result.output


def test_the_csv_template_imports_once_its_example_number_is_replaced(
    run: Run, new_number: NewNumber, tmp_path: Path
) -> None:
    out = tmp_path / "template.csv"
    assert _template("--format", "csv", "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].split(",") == list(COLUMNS)
    out.write_text(text.replace("ZD-2026-000001", new_number()), encoding="utf-8-sig")
    result = run("clerk", "application", "import", str(out))
    assert result.exit_code == 0, result.output


def test_the_published_schema_agrees_with_the_reader(client_for: Callable[[str], ZhangdianClient]) -> None:
    schema = import_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert tuple(schema["properties"]) == COLUMNS
    assert tuple(schema["required"]) == REQUIRED
    for spec in schema["properties"].values():
        assert " / " in spec["title"]
        assert " / " in spec["description"]
    good = {"application_number": "ZD-S-1", "service": "ZD-GTGSH-SL", "applicant_id": _citizen(4)}
    cases = [
        good,
        {**good, "applicant_id": "", "applicant_commitment": "0x" + "ab" * 32},
        {**good, "applicant_commitment": "0x" + "ab" * 32},  # both
        {**good, "applicant_id": ""},  # neither
        {**good, "applicant_id": "", "applicant_commitment": "0x12"},
        {**good, "materials": "0x1234"},
        {**good, "application_number": ""},
    ]
    clerk = client_for("clerk")
    for row in cases:
        in_schema = jsonschema.Draft202012Validator(schema).is_valid({k: v for k, v in row.items() if v})
        errors = validate_rows(clerk, [row])
        assert in_schema == (not errors), (row, errors)
    assert json.dumps(schema, ensure_ascii=False)  # plain JSON, shipped as package data


def test_the_catalogue_is_read_once_per_service_whatever_the_rows(
    client_for: Callable[[str], ZhangdianClient], new_number: NewNumber, tmp_path: Path
) -> None:
    def catalogue_reads(rows: int) -> int:
        clerk = client_for("clerk")
        calls = 0
        real = clerk.catalog._call

        def counted(function: object) -> object:
            nonlocal calls
            calls += 1
            return real(function)

        clerk.catalog._call = counted  # type: ignore[method-assign]
        path = tmp_path / f"count-{rows}.csv"
        lines = ["application_number,service,applicant_id"]
        lines += [f"{new_number()},{('ZD-GTGSH-SL', 'ZD-SPJY-XK')[i % 2]},{_citizen(200 + i)}" for i in range(rows)]
        path.write_text("\n".join(lines) + "\n")
        report = import_applications(clerk, path)
        assert report.submitted == rows
        return calls

    few, many = catalogue_reads(2), catalogue_reads(60)
    assert few == many
    assert many <= 2 * 3  # per service: its info, its version's definition, its opening terms
