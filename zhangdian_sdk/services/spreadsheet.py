"""Reading the office's spreadsheets: CSV in any encoding Chinese offices use, XLSX by sheet name.

- CSV: UTF-8 (with or without BOM), else detected with ``charset-normalizer`` among the Chinese
  encodings (GBK/GB2312 files are read as GB18030, their superset; Big5); ``encoding=`` forces one.
- XLSX: the sheet named ``sheet``, or by default the first sheet whose header row has the expected
  columns; an instructions sheet (填表说明, 说明, instructions) is never read as data.
- Header cells are the column names (any case) or their Chinese names (``办件编号`` ...); a
  missing required column is reported as such, with the file's name.

Usage: ``table = read_table(Path("rows.csv"), columns=COLUMNS, required=("application_number",))``.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.extras import require_extra

__all__ = ["CHINESE_NAMES", "INSTRUCTION_SHEETS", "Table", "decode_csv", "read_table"]

#: Chinese header names accepted for each column (the template writes the English names).
CHINESE_NAMES = {
    "办件编号": "application_number",
    "事项编码": "service",
    "申请人证件号码": "applicant_id",
    "申请人承诺值": "applicant_commitment",
    "材料编号": "materials",
    "环节序号": "step",
    "审批意见哈希": "opinion_hash",
}
#: Sheets never read as data, whatever their header.
INSTRUCTION_SHEETS = frozenset({"填表说明", "说明", "instructions", "readme"})
_CHINESE_ENCODINGS = ["gb18030", "big5"]


@dataclass(frozen=True)
class Table:
    """The data rows of one file (or sheet), keyed by column name; row numbers as a spreadsheet shows
    them (the header is row 1). ``where`` names the file, and the sheet for XLSX."""

    where: str
    rows: list[dict[str, str]]
    numbers: list[int]
    encoding: str | None = None
    header: tuple[str, ...] = ()


def read_table(
    path: Path,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    encoding: str | None = None,
    sheet: str | None = None,
) -> Table:
    """The rows of a CSV or XLSX file, checked for unknown and missing columns (bilingual errors)."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        where, values = _xlsx_values(path, columns, required, sheet)
        used = None
    else:
        if sheet is not None:
            raise InvalidInputError(
                f"{path.name}: CSV 文件没有工作表, 请去掉 --sheet / a CSV file has no sheets, drop --sheet"
            )
        text, used = decode_csv(path.read_bytes(), path.name, encoding)
        values = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
        where = path.name
    if not values or not any(values[0]):
        raise InvalidInputError(f"{where}: 文件为空 (没有表头行) / the file is empty (no header row)")
    header = [_column(cell) for cell in values[0]]
    unknown = [raw for raw, name in zip(values[0], header, strict=True) if raw and name not in columns]
    if unknown:
        raise InvalidInputError(
            f"{where}: 未知的列 {', '.join(unknown)}; 可用的列为 {', '.join(columns)} / unknown columns "
            f"{', '.join(unknown)}; the columns are {', '.join(columns)}"
        )
    missing = [name for name in required if name not in header]
    if missing:
        raise InvalidInputError(
            f"{where}: 缺少列 {', '.join(missing)} (第 1 行表头) / missing column {', '.join(missing)} in the "
            f"header row (row 1); the columns are {', '.join(columns)}"
        )
    rows: list[dict[str, str]] = []
    numbers: list[int] = []
    for number, row in enumerate(values[1:], start=2):
        if any(row):
            rows.append({name: value for name, value in zip(header, row, strict=False) if name})
            numbers.append(number)
    return Table(where, rows, numbers, used, tuple(header))


def decode_csv(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with: ``encoding`` if given, else UTF-8
    (BOM or not), else the Chinese encoding ``charset-normalizer`` finds (GBK is read as GB18030)."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InvalidInputError(
                f"未知的编码 {encoding} / unknown encoding {encoding} (e.g. utf-8, gbk, gb18030)"
            ) from None
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except UnicodeDecodeError as err:
            raise InvalidInputError(
                f"{name}: 不是 {encoding} 编码 (第 {err.start} 字节) / is not in {encoding} (byte {err.start}); "
                "drop --encoding to detect it"
            ) from None
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CHINESE_ENCODINGS).best()
    if best is None or best.encoding is None:
        raise InvalidInputError(
            f"{name}: 无法识别文件编码 / cannot tell the file's encoding; give it with --encoding "
            "(e.g. gbk, gb18030, utf-8)"
        )
    used = "gb18030" if best.encoding.lower().replace("_", "") in {"gb18030", "gbk", "gb2312", "hz"} else best.encoding
    return data.decode(used).removeprefix("\ufeff"), used


def _column(cell: str) -> str:
    text = cell.strip()
    return CHINESE_NAMES.get(text, text.lower())


def _xlsx_values(
    path: Path, columns: Sequence[str], required: Sequence[str], sheet: str | None
) -> tuple[str, list[list[str]]]:
    require_extra("spreadsheet")
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        names = list(book.sheetnames)
        if sheet is not None:
            if sheet not in names:
                raise InvalidInputError(
                    f"{path.name}: 没有名为 {sheet} 的工作表; 现有: {', '.join(names)} / no sheet named {sheet}; "
                    f"the sheets are {', '.join(names)}"
                )
            return f"{path.name} [{sheet}]", _sheet_values(book[sheet])
        for name in names:
            if name.strip().lower() in INSTRUCTION_SHEETS:
                continue
            values = _sheet_values(book[name])
            header = {_column(cell) for cell in values[0]} if values else set()
            if set(required) <= header:
                return f"{path.name} [{name}]", values
        raise InvalidInputError(
            f"{path.name}: 没有工作表的表头含有 {', '.join(required)} 列 (工作表: {', '.join(names)}); 请用 --sheet "
            f"指定 / no sheet has a header row with the columns {', '.join(required)} (sheets: {', '.join(names)}); "
            "name the sheet with --sheet"
        )
    finally:
        book.close()


def _sheet_values(sheet: object) -> list[list[str]]:
    rows = sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
    values = [["" if cell is None else str(cell).strip() for cell in row] for row in rows]
    while values and not any(values[-1]):
        values.pop()
    return values
