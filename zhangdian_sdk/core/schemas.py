"""The published input formats: JSON Schemas (draft 2020-12) of the files people write by hand.

``zhangdian_sdk/_data/schemas/<name>.schema.json`` (package data) holds one schema per format:

- ``service``: a service definition, as ``zhangdian service add/update --file`` reads it (also what
  ``zhangdian service show --json`` prints, so a shown service reads back);
- ``certificate-drafts``: the drafts ``zhangdian certificate issue-batch`` issues;
- ``governance-proposal``: a proposal file of ``zhangdian gov`` (``calendar propose`` and ``upgrade
  prepare`` write them).

Each schema carries a bilingual title and description on every property, and one complete example
(``examples[0]``) that ``zhangdian ... template`` writes. Every object may carry a ``"$comment"`` (a
string or a list of strings) for people; readers drop it (:func:`strip_comments`).

The enumerations (roles, 事项类型, 办件类型, time units, codes, contract names, licence fields) are not
written by hand: they are generated from the code that keeps them (:func:`generated_defs`) into the
schemas' ``$defs`` by ``python -m zhangdian_sdk.core.schemas``; a test fails while a file is stale.

Usage: ``data = read_document(Path("service.json"), "service")`` returns the document without its
comments, or raises :class:`InputFileError`: "事项定义文件无效 / invalid service file service.json:
$.steps[1].role: 'boss' 不是有效的角色 / 'boss' is not a valid role".
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import sys
from collections.abc import Iterable
from enum import IntEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from zhangdian_sdk.core import messages
from zhangdian_sdk.core._bytes32 import CODE_PATTERN
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.licence import HOLDER_CODE_TYPES, LICENCE_FIELDS, LicenceMetadata
from zhangdian_sdk.core.models import CaseType, ItemType, OfficerRole, TimeUnit
from zhangdian_sdk.core.suite import GOVERNANCE_CONTRACTS, SUITE_CONTRACTS
from zhangdian_sdk.core.workdays import _UNITS

__all__ = [
    "COMMENT_KEY",
    "SCHEMAS",
    "InputFileError",
    "Violation",
    "example",
    "generated_defs",
    "load_schema",
    "read_document",
    "schema_path",
    "strip_comments",
    "validate",
    "violations",
]

SCHEMAS = ("service", "certificate-drafts", "governance-proposal")
"""The published formats, by name (the file is ``<name>.schema.json``)."""

COMMENT_KEY = "$comment"
"""The property any object of an input file may carry for people; readers drop it."""

MAX_SHOWN = 5
"""At most this many violations are named in one message (the rest are counted)."""


@dataclasses.dataclass(frozen=True)
class Violation:
    """One place where a document breaks its schema: the JSON path and what is wrong, in both languages."""

    path: str  # "$.steps[1].role"
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.zh} / {self.en}"


class InputFileError(InvalidInputError):
    """An input file is not valid JSON or breaks its published schema; nothing was sent.

    ``source`` names the file, ``violations`` every place that is wrong (the message names the first few).
    """

    def __init__(self, source: str, found: list[Violation], *, name: str | None = None) -> None:
        self.source = source
        self.violations = found
        shown = "; ".join(str(v) for v in found[:MAX_SHOWN])
        more = len(found) - MAX_SHOWN
        if more > 0:
            shown += "; " + messages.text("sdk.schema_more", "zh", count=more)
            shown += " / " + messages.text("sdk.schema_more", "en", count=more)
        zh, en = _FILE_KINDS.get(name or "", ("输入文件", "input file"))
        super().__init__(f"{zh}无效 / invalid {en} {source}: {shown}")


# What each format's files are called in messages.
_FILE_KINDS = {
    "service": ("事项定义文件", "service file"),
    "certificate-drafts": ("证照草稿文件", "drafts file"),
    "governance-proposal": ("提案文件", "proposal file"),
}


def schema_path(name: str) -> Path:
    """Where the schema ``name`` is shipped (for people and editors to point at)."""
    _check_name(name)
    return Path(str(resources.files("zhangdian_sdk") / "_data" / "schemas" / f"{name}.schema.json"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema ``name`` (one of :data:`SCHEMAS`), parsed once."""
    _check_name(name)
    text = (resources.files("zhangdian_sdk") / "_data" / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def example(name: str) -> Any:
    """The schema's complete example (its ``examples[0]``): what ``zhangdian ... template`` writes."""
    return copy.deepcopy(load_schema(name)["examples"][0])


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


def violations(document: Any, name: str) -> list[Violation]:
    """Every place ``document`` breaks the schema ``name``, in document order (empty: valid)."""
    found = sorted(_validator(name).iter_errors(document), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [_violation(error) for error in found]


def validate(document: Any, name: str, *, source: str) -> None:
    """Raise :class:`InputFileError` naming ``source`` and the JSON paths where ``document`` breaks
    the schema ``name``."""
    found = violations(document, name)
    if found:
        raise InputFileError(source, found, name=name)


def read_document(path: Path, name: str) -> Any:
    """Read a JSON input file, check it against the schema ``name`` and return it without its
    ``"$comment"`` properties. Raises :class:`InputFileError` (a bilingual ``InvalidInputError``, exit code 2)."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(source, [Violation("$", *_both("schema_not_utf8"))], name=name) from None
    except OSError as err:
        raise InputFileError(
            source, [Violation("$", *_both("schema_unreadable", error=err.strerror or err))], name=name
        ) from err
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        where = _both("schema_not_json", line=err.lineno, column=err.colno, error=err.msg)
        raise InputFileError(source, [Violation("$", *where)], name=name) from None
    validate(document, name, source=source)
    return strip_comments(document)


def strip_comments(document: Any) -> Any:
    """``document`` without the ``"$comment"`` property of any object in it."""
    if isinstance(document, dict):
        return {key: strip_comments(value) for key, value in document.items() if key != COMMENT_KEY}
    if isinstance(document, list):
        return [strip_comments(item) for item in document]
    return document


def _check_name(name: str) -> None:
    if name not in SCHEMAS:
        known = ", ".join(SCHEMAS)
        raise InvalidInputError(f"没有名为 {name!r} 的格式 (可选: {known}) / no format {name!r} (one of: {known})")


def _both(key: str, **arguments: Any) -> tuple[str, str]:
    return messages.text(f"sdk.{key}", "zh", **arguments), messages.text(f"sdk.{key}", "en", **arguments)


def _names(schema: Any) -> tuple[str, str]:
    """The Chinese and English names of what a (sub)schema describes, from its title "中文 / English"."""
    title = schema.get("title", "") if isinstance(schema, dict) else ""
    zh, _, en = str(title).partition(" / ")
    return (zh or "值", en or "value")


_JSON_TYPES = {
    "object": ("对象", "an object"),
    "array": ("数组", "an array"),
    "string": ("字符串", "a string"),
    "integer": ("整数", "an integer"),
    "number": ("数字", "a number"),
    "boolean": ("true 或 false", "true or false"),
    "null": ("null", "null"),
}


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _violation(error: ValidationError) -> Violation:
    """One jsonschema error in words people read (the SDK's catalogue), at its JSON path."""
    if error.validator in ("anyOf", "oneOf"):
        # An object that took one of the branches (a time limit written as {"amount", "unit"}): name the
        # place inside it rather than the whole object.
        deeper = [e for e in error.context or () if len(e.absolute_path) > len(error.absolute_path)]
        if deeper:
            return _violation(min(deeper, key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path)))))
    path = error.json_path
    kind = error.validator
    zh_name, en_name = _names(error.schema)
    value = _shown(error.instance)
    if kind == "required":
        missing = next(
            (m for m in error.validator_value if isinstance(error.instance, dict) and m not in error.instance), ""
        )
        return Violation(path, *_both("schema_required", field=missing))
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed) if isinstance(error.instance, dict) else []
        return Violation(path, *_both("schema_unknown_field", field=", ".join(extra)))
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        zh = " 或 ".join(_JSON_TYPES.get(t, (t, t))[0] for t in wanted)
        en = " or ".join(_JSON_TYPES.get(t, (t, t))[1] for t in wanted)
        return Violation(path, *_both("schema_type", value=value, type_zh=zh, type_en=en))
    if kind in ("enum", "const", "anyOf", "oneOf", "pattern", "format"):
        hint = error.schema.get("description", "") if kind == "pattern" else ""
        zh, en = _both("schema_invalid", value=value, name_zh=zh_name, name_en=en_name)
        if hint:
            zh_hint, _, en_hint = str(hint).partition(" / ")
            zh, en = f"{zh} ({zh_hint})", f"{en} ({en_hint or zh_hint})"
        return Violation(path, zh, en)
    if kind in ("minItems", "minLength"):
        return Violation(path, *_both("schema_empty", name_zh=zh_name, name_en=en_name))
    if kind in ("maxItems", "maxLength"):
        return Violation(path, *_both("schema_too_long", name_zh=zh_name, name_en=en_name, limit=error.validator_value))
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return Violation(path, *_both("schema_out_of_range", value=value, name_zh=zh_name, name_en=en_name))
    return Violation(path, *_both("schema_other", error=error.message))


# --- the generated part: enumerations and patterns kept once, in the code ---------------------------------


def _enum_def(enum: type[IntEnum], title: str, description: str, *, with_none: bool) -> dict[str, Any]:
    """How a file may name a member of ``enum``: its word (``approver``), its name (``APPROVER``), its
    Chinese or English label, its number, or the ``{"name": ...}`` object ``--json`` prints."""
    members = [m for m in enum if with_none or m.name != "NONE"]
    texts: list[str] = []
    for member in members:
        word = member.name.lower().replace("_", "-")
        zh, en = messages.label(_kind(enum), member.name, "zh"), messages.label(_kind(enum), member.name, "en")
        for text in (word, member.name, zh, en, en.lower()):
            if text not in texts:
                texts.append(text)
    names = [m.name for m in members]
    return {
        "title": title,
        "description": description,
        "anyOf": [
            {"type": "string", "enum": texts},
            {"type": "integer", "enum": [int(m) for m in members]},
            {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"enum": names}, "zh": {"type": "string"}, "en": {"type": "string"}},
                "additionalProperties": False,
            },
        ],
    }


def _kind(enum: type[IntEnum]) -> str:
    kind: str = enum._label_kind()  # type: ignore[attr-defined]
    return kind


def _case_insensitive(text: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in text)


def _time_limit_pattern() -> str:
    units = sorted(_UNITS, key=len, reverse=True)
    return r"^\s*\d+\s*(" + "|".join(_case_insensitive(u) for u in units) + r")\s*$"


def _licence_def() -> dict[str, Any]:
    by_attr = {item.name: item for item in dataclasses.fields(LicenceMetadata)}
    properties: dict[str, Any] = {
        COMMENT_KEY: {"$ref": "#/$defs/Comment"},
    }
    required = []
    for key, (attr, zh, en) in LICENCE_FIELDS.items():
        properties[key] = {"title": f"{zh} / {en}", "type": "string"}
        if by_attr[attr].default is dataclasses.MISSING:
            required.append(key)
    properties["holderCodeType"] |= {
        "enum": sorted(HOLDER_CODE_TYPES),
        "description": "; ".join(f"{code}: {zh} / {en}" for code, (zh, en) in sorted(HOLDER_CODE_TYPES.items())),
    }
    return {
        "title": "证照元数据 / licence metadata",
        "description": "GB/T 36903 电子证照元数据, 以文档字段名书写; 日期为 YYYY-MM-DD (北京时间) / "
        "GB/T 36903 licence metadata under the document field names; dates are YYYY-MM-DD (Beijing time)",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def generated_defs() -> dict[str, dict[str, Any]]:
    """The ``$defs`` each schema takes from the code, by schema name: what
    ``python -m zhangdian_sdk.core.schemas`` writes and the test compares."""
    code = {
        "title": "代码 / code",
        "description": "1-32 个可打印 ASCII 字符, 不含空格 / 1-32 printable ASCII characters, no spaces",
        "type": "string",
        "pattern": CODE_PATTERN.pattern,
    }
    time_limit_text = {
        "title": "时限 / time limit",
        "description": "数字加单位, 如 5wd, 5 工作日, 30d, 30 自然日, 48h / a number and a unit, e.g. 5wd, 30d, 48h",
        "type": "string",
        "pattern": _time_limit_pattern(),
    }
    service = {
        "Code": code,
        "OfficerRole": _enum_def(
            OfficerRole,
            "角色 / role",
            "办理该环节的官员角色 / the role of the officer who acts on the step",
            with_none=False,
        ),
        "ItemType": _enum_def(
            ItemType,
            "事项类型 / item type",
            "GB/T 39046-2020 表 A.1 的事项类型; none 表示未记录 / the item type of GB/T 39046-2020 table A.1; "
            "none means not recorded",
            with_none=True,
        ),
        "CaseType": _enum_def(
            CaseType,
            "办件类型 / case type",
            "即办件或承诺件; none 表示未记录 / immediate or promised; none means not recorded",
            with_none=True,
        ),
        "TimeUnit": _enum_def(
            TimeUnit,
            "时间单位 / time unit",
            "工作日、自然日或小时 / working days, natural days or hours",
            with_none=True,
        ),
        "TimeLimitText": time_limit_text,
    }
    drafts = {"Code": code, "LicenceMetadata": _licence_def()}
    proposal = {
        "ContractName": {
            "title": "合约 / contract",
            "description": "本套合约或理事会合约之一 / one of the suite's or the council's contracts",
            "enum": [*SUITE_CONTRACTS, *GOVERNANCE_CONTRACTS],
        },
    }
    return {"service": service, "certificate-drafts": drafts, "governance-proposal": proposal}


def _regenerate(source: Path, name: str) -> str:
    """The text of the schema file with its generated ``$defs`` brought up to date."""
    schema = json.loads(source.read_text(encoding="utf-8"))
    schema["$defs"] |= generated_defs()[name]
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _main(arguments: Iterable[str]) -> int:
    check = "--check" in arguments
    stale = []
    for name in SCHEMAS:
        path = Path(__file__).resolve().parent.parent / "_data" / "schemas" / f"{name}.schema.json"
        text = _regenerate(path, name)
        if path.read_text(encoding="utf-8") != text:
            stale.append(path.name)
            if not check:
                path.write_text(text, encoding="utf-8")
    if stale:
        print(("stale: " if check else "updated: ") + ", ".join(stale))
    return 1 if stale and check else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
