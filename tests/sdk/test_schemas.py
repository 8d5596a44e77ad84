"""The published input formats (issue 16, item 3): JSON Schemas shipped as package data, their
enumerations generated from the code, bilingual on every property, and errors that name the file and
the JSON path. No chain needed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from zhangdian_sdk.cli._context import from_jsonable, to_jsonable
from zhangdian_sdk.cli.calendar import _action, _describe
from zhangdian_sdk.core import schemas
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.licence import HOLDER_CODE_TYPES, LICENCE_FIELDS, LicenceMetadata, validate_licence
from zhangdian_sdk.core.models import CaseType, ItemType, OfficerRole, Service, ServiceDefinition, TimeUnit
from zhangdian_sdk.core.suite import GOVERNANCE_CONTRACTS, SUITE_CONTRACTS
from zhangdian_sdk.core.workdays import _UNITS, load_year, parse_time_limit
from zhangdian_sdk.ops.demo import DEMO_SERVICES
from zhangdian_sdk.ops.upgrades import UpgradePlan

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", schemas.SCHEMAS)
def test_each_schema_is_draft_2020_12_and_its_example_validates(name: str) -> None:
    schema = schemas.load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schemas.violations(schemas.example(name), name) == []
    assert schemas.schema_path(name).is_file()  # shipped as package data


def test_the_generated_enumerations_are_up_to_date() -> None:
    """The files hold what ``python -m zhangdian_sdk.core.schemas`` writes from the code."""
    for name, defs in schemas.generated_defs().items():
        assert {key: schemas.load_schema(name)["$defs"][key] for key in defs} == defs, (
            f"{name}.schema.json is stale: run python -m zhangdian_sdk.core.schemas"
        )


def _object_names(definition: dict[str, Any]) -> list[str]:
    branch = next(b for b in definition["anyOf"] if b.get("type") == "object")
    return list(branch["properties"]["name"]["enum"])


def test_the_enumerations_equal_the_codes_lists() -> None:
    service = schemas.load_schema("service")["$defs"]
    assert _object_names(service["OfficerRole"]) == [m.name for m in OfficerRole if m is not OfficerRole.NONE]
    assert _object_names(service["ItemType"]) == [m.name for m in ItemType]
    assert _object_names(service["CaseType"]) == [m.name for m in CaseType]
    assert _object_names(service["TimeUnit"]) == [m.name for m in TimeUnit]
    strings = next(b for b in service["OfficerRole"]["anyOf"] if b.get("type") == "string")["enum"]
    assert set(OfficerRole.words()) | {m.label_zh for m in OfficerRole if m.value} <= set(strings)
    for text in strings:  # every spelling the schema allows is one the reader understands
        assert OfficerRole.parse(text) is not OfficerRole.NONE
    pattern = re.compile(service["TimeLimitText"]["pattern"])
    for unit in _UNITS:
        assert pattern.match(f"5 {unit}")
        assert pattern.match(f"5{unit.upper()}")
        assert parse_time_limit(f"5{unit.upper()}").amount == 5
    assert not pattern.match("5 weeks")
    proposal = schemas.load_schema("governance-proposal")["$defs"]
    assert proposal["ContractName"]["enum"] == [*SUITE_CONTRACTS, *GOVERNANCE_CONTRACTS]
    licence = schemas.load_schema("certificate-drafts")["$defs"]["LicenceMetadata"]
    assert [k for k in licence["properties"] if k != "$comment"] == list(LICENCE_FIELDS)
    assert licence["properties"]["holderCodeType"]["enum"] == sorted(HOLDER_CODE_TYPES)
    assert set(licence["required"]) == {"licenceName", "licenceTypeCode", "licenceNumber", "licenceIdentifier"} | {
        "issuerName",
        "issuerCode",
        "issueDate",
        "validFromDate",
        "holderName",
        "holderCode",
        "holderCodeType",
    }


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref and "title" not in node:
        return schema["$defs"][ref.removeprefix("#/$defs/")]  # type: ignore[no-any-return]
    return node


def _properties(schema: dict[str, Any], node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                found += [(f"{where}.{name}", _resolve(schema, sub)) for name, sub in value.items()]
            if key != "examples":
                found += _properties(schema, value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _properties(schema, item, f"{where}[{index}]")
    return found


@pytest.mark.parametrize("name", schemas.SCHEMAS)
def test_every_property_has_a_title_and_description_in_chinese_and_english(name: str) -> None:
    schema = schemas.load_schema(name)
    properties = _properties(schema, schema, name)
    assert len(properties) > 5
    for where, node in properties:
        if node.get("type") == "string" and "title" not in node and where.endswith((".zh", ".en")):
            continue  # the labels inside an enum's {"name", "zh", "en"} object, as --json prints it
        if where.endswith(".name") and "enum" in node and "title" not in node:
            continue
        title, description = node.get("title", ""), node.get("description", node.get("title", ""))
        for text in (title, description):
            zh, sep, en = text.partition(" / ")
            assert sep, f"{where}: {text!r}"
            assert CHINESE.search(zh), f"{where}: {text!r}"
            assert re.search("[A-Za-z]", en), f"{where}: {text!r}"


def test_a_wrong_role_is_named_by_file_and_json_path_in_both_languages() -> None:
    document = schemas.example("service")
    document["steps"][1]["role"] = "boss"
    with pytest.raises(InvalidInputError) as raised:
        schemas.validate(document, "service", source="service.json")
    assert str(raised.value) == (
        "事项定义文件无效 / invalid service file service.json: "
        "$.steps[1].role: 'boss' 不是有效的角色 / 'boss' is not a valid role"
    )
    assert isinstance(raised.value, ValueError)


def test_every_violation_is_reported_in_document_order() -> None:
    document = schemas.example("service")
    del document["name_en"]
    document["extra"] = 1
    document["promised_time_limit"] = "10 weeks"
    document["legal_time_limit"] = {"amount": 20, "unit": "fortnights"}
    document["steps"][0]["department"] = "ZD XPSJ"
    document["national"]["item_type"] = "licence"
    found = [str(v) for v in schemas.violations(document, "service")]
    assert found == [
        "$: 缺少必填字段 name_en / the required field name_en is missing",
        "$: 未知字段 extra / unknown field(s) extra",
        "$.legal_time_limit.unit: 'fortnights' 不是有效的时间单位 / 'fortnights' is not a valid time unit",
        "$.national.item_type: 'licence' 不是有效的事项类型 / 'licence' is not a valid item type",
        "$.promised_time_limit: '10 weeks' 不是有效的时限 / '10 weeks' is not a valid time limit",
        "$.steps[0].department: 'ZD XPSJ' 不是有效的代码 (1-32 个可打印 ASCII 字符, 不含空格) / "
        "'ZD XPSJ' is not a valid code (1-32 printable ASCII characters, no spaces)",
    ]


def test_read_document_names_the_line_of_bad_json_and_drops_comments(tmp_path: Path) -> None:
    broken = tmp_path / "proposal.json"
    broken.write_text('{"description": "x",\n "actions": [}\n', encoding="utf-8")
    with pytest.raises(schemas.InputFileError) as raised:
        schemas.read_document(broken, "governance-proposal")
    assert str(raised.value).startswith(f"提案文件无效 / invalid proposal file {broken}: $: 第 2 行第 14 列")
    assert "not valid JSON at line 2, column 14" in str(raised.value)
    good = tmp_path / "good.json"
    good.write_text("\ufeff" + json.dumps(schemas.example("governance-proposal"), ensure_ascii=False), encoding="utf-8")
    read = schemas.read_document(good, "governance-proposal")  # a BOM, as Windows editors write it, is fine
    assert "$comment" not in json.dumps(read)
    assert read["actions"][0]["function"] == "registerDepartment"


def test_the_examples_read_into_the_sdks_types() -> None:
    definition = from_jsonable(ServiceDefinition, schemas.strip_comments(schemas.example("service")))
    assert definition.steps[1].department == "ZD-SCJGJ"
    assert definition.national.item_type is ItemType.ADMINISTRATIVE_LICENSING
    assert (definition.legal_time_limit.amount, definition.legal_time_limit.unit) == (20, TimeUnit.WORKING_DAYS)
    drafts = schemas.strip_comments(schemas.example("certificate-drafts"))["drafts"]
    validate_licence(LicenceMetadata.from_json(drafts[1]["licence"]))  # the example licence is consistent


def test_the_proposal_files_the_sdk_writes_match_the_schema() -> None:
    year = load_year(2026, None)
    action = _action(year)
    calendar = {
        "description": _describe(year),
        "actions": [{"contract": action.contract, "function": action.function, "args": action.args}],
    }
    assert schemas.violations(json.loads(json.dumps(calendar)), "governance-proposal") == []
    plan = UpgradePlan("ApplicationLedger", "0x" + "11" * 20, "0x" + "22" * 20, "0x" + "33" * 20, "0x", None)  # type: ignore[arg-type]
    assert schemas.violations(plan.proposal_json(), "governance-proposal") == []


def test_an_unknown_format_is_a_bilingual_input_error() -> None:
    with pytest.raises(InvalidInputError, match=r"没有名为 'services' 的格式 .* / no format 'services'"):
        schemas.load_schema("services")


def test_what_service_show_json_prints_for_every_demo_service_reads_back_the_same() -> None:
    """Natural days, follow-on services, materials, national codes: the shown JSON validates and reads
    back into the same definition (the anvil round trip is in tests/cli/test_templates.py)."""
    for code, definition in DEMO_SERVICES.items():
        shown = json.loads(json.dumps(to_jsonable(Service(code, 1, 1, True, definition)), ensure_ascii=False))
        assert schemas.violations(shown, "service") == [], code
        assert schemas.violations(shown["definition"], "service") == [], code
        assert from_jsonable(ServiceDefinition, shown["definition"]) == definition, code
