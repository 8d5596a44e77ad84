"""The template of `zhangdian application import`, written from the published JSON Schema of a row.

The XLSX has two sheets: 填表说明 (instructions: each column's meaning in Chinese and English, its
format and an example) and 办件 (the data sheet: the header row and one example row). The importer
reads the data sheet by its header and never reads the instructions. The CSV has the header and the
example row. Both columns and example come from ``_data/schemas/application-import.schema.json``.

Usage: ``write_template(Path("applications.xlsx"), "xlsx")``.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.extras import require_extra

__all__ = ["DATA_SHEET", "INSTRUCTIONS_SHEET", "import_schema", "template_rows", "write_template"]

DATA_SHEET = "办件"
INSTRUCTIONS_SHEET = "填表说明"
#: The example row of the template: a valid identity (a fictional ID number) and no commitment.
EXAMPLE = {
    "application_number": "ZD-2026-000001",
    "service": "ZD-GTGSH-SL",
    "applicant_id": "370303199001011239",
    "applicant_commitment": "",
    "materials": "",
}


@cache
def import_schema() -> dict[str, Any]:
    """The JSON Schema of one import row (package data)."""
    text = resources.files("zhangdian_sdk").joinpath("_data/schemas/application-import.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def template_rows() -> tuple[list[str], list[str]]:
    """The header and the example row, in the schema's column order."""
    columns = list(import_schema()["properties"])
    return columns, [EXAMPLE[name] for name in columns]


def write_template(out: Path, fmt: str) -> None:
    """Write the template as ``fmt`` ("xlsx" or "csv") to ``out``."""
    columns, example = template_rows()
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerow(example)
        out.write_text(buffer.getvalue(), encoding="utf-8-sig")  # the BOM makes Excel read it as UTF-8
        return
    if fmt != "xlsx":
        raise InvalidInputError(f"未知格式 {fmt} (xlsx 或 csv) / unknown format {fmt} (xlsx or csv)")
    require_extra("spreadsheet")
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    notes = book.active
    assert notes is not None  # a new workbook has one sheet
    notes.title = INSTRUCTIONS_SHEET
    schema = import_schema()
    required = set(schema["required"])
    notes.append(["批量导入办件 / Bulk import of applications"])
    notes.append([schema["description"]])
    notes.append(
        [
            "在「办件」工作表中每行填一件, 第 1 行列名不要改动; 导入: zhangdian application import FILE.xlsx / "
            f"Fill one application a row in the sheet {DATA_SHEET}, keep its header row; import with "
            "zhangdian application import FILE.xlsx"
        ]
    )
    notes.append([])
    notes.append(["列名 Column", "名称 Title", "必填 Required", "格式 Format", "说明 Description", "示例 Example"])
    for name, spec in schema["properties"].items():
        needed = "是 yes" if name in required else ("二选一 one of two" if name.startswith("applicant") else "否 no")
        notes.append(
            [name, spec["title"], needed, spec.get("pattern", "text"), spec["description"], EXAMPLE.get(name, "")]
        )
    for cell in notes[1] + notes[5]:
        cell.font = Font(bold=True)
    for row in notes.iter_rows(min_row=6):
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (22, 30, 16, 30, 80, 22), strict=True):
        notes.column_dimensions[letter].width = width
    data = book.create_sheet(DATA_SHEET)
    data.append(columns)
    data.append(example)
    for cell in data[1]:
        cell.font = Font(bold=True)
    for column_cells in data.columns:
        for cell in column_cells:
            cell.number_format = "@"  # text: Excel keeps an 18-digit ID number as it is typed
        data.column_dimensions[column_cells[0].column_letter].width = 24
    saved = io.BytesIO()
    book.save(saved)
    out.write_bytes(saved.getvalue())
