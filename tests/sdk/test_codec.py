"""The SDK's records and enums against the contracts: every model bound to its ABI struct by name,
every Python enum equal (names and order) to its Solidity enum, and the codec's own behaviour."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import types
import typing
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any

import click
import pytest
from eth_utils.address import to_checksum_address

import zhangdian_sdk
from zhangdian_sdk.core import models
from zhangdian_sdk.core.codec import StructCodec, abi_type, by_name, camel, eip712_fields, named, struct_components
from zhangdian_sdk.core.errors import ConfigurationError
from zhangdian_sdk.core.models import (
    Application,
    ApplicationStatus,
    ApprovalStep,
    Automation,
    DeadlinePolicy,
    Department,
    OfficerRole,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
    UseKind,
)
from zhangdian_sdk.facades.federation import ATTESTATION_TYPES, Attestation
from zhangdian_sdk.facades.materials import Consent, ConsentRevocation, Purpose, PurposeKind

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
# The records read from the contracts; each must be bound by a StructCodec somewhere in the SDK.
BOUND_MODELS = {
    "Application",
    "Automation",
    "Department",
    "KeeperView",
    "MaterialRecord",
    "Peer",
    "Recognition",
    "ServiceDefinition",
}


def _sdk_modules() -> list[types.ModuleType]:
    names = [m.name for m in pkgutil.walk_packages(zhangdian_sdk.__path__, "zhangdian_sdk.")]
    skipped = ("zhangdian_sdk.services.portal", "zhangdian_sdk.cli")  # web and CLI layers bind no structs
    return [importlib.import_module(name) for name in names if not name.startswith(skipped)]


def _codecs() -> list[StructCodec[Any]]:
    found: dict[int, StructCodec[Any]] = {}
    for module in _sdk_modules():
        for value in vars(module).values():
            if isinstance(value, StructCodec):
                found[id(value)] = value
    return list(found.values())


def _compatible(hint: Any, component: dict[str, Any]) -> bool:
    """Whether a field of type ``hint`` can hold the ABI component (the codec's conversions)."""
    kind = component["type"]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return len(options) == 1 and _compatible(options[0], component)
    if kind.endswith("]"):
        element = {**component, "type": kind[: kind.rindex("[")]}
        args = typing.get_args(hint)
        return typing.get_origin(hint) is tuple and args[1:] == (Ellipsis,) and _compatible(args[0], element)
    if kind == "tuple":
        if not dataclasses.is_dataclass(hint):
            return False
        hints = typing.get_type_hints(hint)
        names = {camel(f.name): f.name for f in dataclasses.fields(hint)}
        return all(c["name"] in names and _compatible(hints[names[c["name"]]], c) for c in component["components"])
    internal = component.get("internalType", "")
    if internal.startswith("enum "):
        return (
            isinstance(hint, type)
            and issubclass(hint, IntEnum)
            and hint.__name__ == internal.removeprefix("enum ").split(".")[-1]
        )
    if kind.startswith("uint"):
        return hint is int or hint is datetime or (isinstance(hint, type) and issubclass(hint, IntEnum))
    return {
        "bytes32": (str, bytes),
        "bytes18": (str,),
        "address": (str,),
        "string": (str,),
        "bool": (bool,),
    }.get(kind, ()).__contains__(hint)


def test_every_contract_record_is_bound_to_its_struct() -> None:
    codecs = _codecs()
    assert {codec.model.__name__ for codec in codecs} >= BOUND_MODELS
    for codec in codecs:
        hints = typing.get_type_hints(codec.model)
        mapped = codec.fields  # raises when a component has no field
        components = {c["name"] for c in codec.components}
        assert codec.omitted <= components, f"{codec.struct} omits components it does not have"
        assert {c["name"] for c in mapped.values()} == components - codec.omitted
        for field_name, component in mapped.items():
            if field_name in codec.converters:
                continue
            assert _compatible(hints[field_name], component), (
                f"{codec.model.__name__}.{field_name}: {hints[field_name]} cannot hold "
                f"{component['type']} {codec.struct}.{component['name']}"
            )


def test_a_struct_component_without_a_field_is_caught() -> None:
    @dataclass(frozen=True)
    class Partial:
        code: str
        region_code: int

    with pytest.raises(ConfigurationError, match="active has no field in Partial"):
        _ = StructCodec(Partial, "DepartmentRegistry", "Department").fields


def test_records_are_decoded_by_name_not_position() -> None:
    department = StructCodec(Department, "DepartmentRegistry", "Department")
    # The struct's order (code, regionCode, active, registeredAt, nameZh, nameEn, creditCode) is not the model's.
    raw = (
        b"ZD-XPSJ".ljust(32, b"\0"),
        370303,
        True,
        1_767_225_600,
        "行政审批服务局",
        "Administrative Approval",
        b"113703030042351144",
    )
    assert department.decode(raw) == Department(
        code="ZD-XPSJ",
        region_code=370303,
        credit_code="113703030042351144",
        name_zh="行政审批服务局",
        name_en="Administrative Approval",
        active=True,
        registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_definitions_and_automation_round_trip() -> None:
    definition = ServiceDefinition(
        owner_department="ZD-XPSJ",
        name_zh="个体工商户设立登记",
        name_en="Sole proprietorship registration",
        steps=(ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 3600), ApprovalStep("ZD-SCJGJ", OfficerRole.ISSUER)),
        promised_time_limit=TimeLimit(5, TimeUnit.WORKING_DAYS),
        legal_time_limit=TimeLimit(30, TimeUnit.NATURAL_DAYS),
        required_material_types=("ID-CARD",),
        follow_on_services=("ZD-SW-DJ",),
        national=models.NationalProfile(
            "000120001000", "", "", models.ItemType.ADMINISTRATIVE_LICENSING, models.CaseType.PROMISED
        ),
    )
    codec = StructCodec(ServiceDefinition, "ServiceCatalog", "ServiceDefinition")
    encoded = codec.encode(definition)
    names = [c["name"] for c in codec.components]
    assert encoded[names.index("promisedTimeLimit")] == (5, 0)
    assert encoded[names.index("legalTimeLimit")] == (30, 1)
    assert encoded[names.index("national")] == ("000120001000", "", "", 1, 2)
    assert encoded[names.index("steps")][1] == (b"ZD-SCJGJ".ljust(32, b"\0"), 3, 0)
    assert codec.decode(encoded) == definition

    automation = Automation(rules=("0x" + "ab" * 20,), deadline_policy=DeadlinePolicy.ESCALATE, supervisor="ZD-DCB")
    terms = StructCodec(Automation, "ServiceCatalog", "Automation")
    encoded = terms.encode(automation)
    assert encoded[2:] == (b"ZD-DCB".ljust(32, b"\0"), bytes(32), bytes(32))
    assert terms.decode(encoded) == dataclasses.replace(automation, rules=(to_checksum_address("0x" + "ab" * 20),))


def test_a_model_that_omits_components_cannot_be_encoded() -> None:
    codec = StructCodec(Application, "ApplicationLedger", "Application", omitted={"resumeStatus", "suspendedAt"})
    with pytest.raises(ConfigurationError, match="omits"):
        codec.encode(None)  # type: ignore[arg-type]


def test_signed_messages_are_the_structs_the_contracts_take() -> None:
    purpose = Purpose(PurposeKind.SERVICE, b"ZD-GTGSH-SL".ljust(32, b"\0"))
    consent = Consent(bytes(range(32)), "ZD-XPSJ", purpose, 10, 0, 7, 20)
    revocation = ConsentRevocation(bytes(range(32)), "ZD-XPSJ", purpose, 0, 7, 20)
    attestation = Attestation(370302, 1, b"\1" * 32, "ZD-SCJGJ", 5, 6, 7)
    for struct, contract, message in (
        ("Consent", "MaterialRegistry", consent.message()),
        ("ConsentRevocation", "MaterialRegistry", revocation.message()),
        ("Attestation", "RegionFederation", attestation.message()),
    ):
        assert by_name(contract, struct, message) == tuple(message[f["name"]] for f in eip712_fields(contract, struct))
    assert eip712_fields("RegionFederation", "Attestation") == ATTESTATION_TYPES["Attestation"]
    with pytest.raises(ConfigurationError, match="takes"):
        by_name("MaterialRegistry", "Consent", {"materialId": bytes(32)})


def test_multiple_outputs_are_read_by_name() -> None:
    terms = named("ServiceCatalog", "openingTerms", (3, b"\1" * 32, 2, (5, 0)))
    assert terms == {"latestVersion": 3, "ownerDepartment": b"\1" * 32, "stepCount": 2, "promisedTimeLimit": (5, 0)}
    submissions = {"type": "tuple[]", "components": list(struct_components("ApplicationLedger", "Submission"))}
    assert abi_type(submissions) == "(string,bytes32,bytes32,bytes32[])[]"


# -- enums --------------------------------------------------------------------------------------


def _solidity_sources() -> list[Path]:
    return [p for p in CONTRACTS.rglob("*.sol") if ".cache" not in p.parts]


def _solidity_enums() -> dict[str, list[str]]:
    enums: dict[str, list[str]] = {}
    for path in _solidity_sources():
        text = re.sub(r"//[^\n]*", "", path.read_text())
        for name, body in re.findall(r"\benum\s+(\w+)\s*\{([^}]*)\}", text):
            enums[name] = [member.strip() for member in body.split(",") if member.strip()]
    return enums


def _upper_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def _python_enums() -> dict[str, type[IntEnum]]:
    found: dict[str, type[IntEnum]] = {}
    for module in _sdk_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, IntEnum)
                and not value.__name__.startswith("_")
                and value.__module__.startswith("zhangdian_sdk")
            ):
                found[value.__name__] = value
    return found


def test_every_solidity_enum_has_the_same_python_enum() -> None:
    solidity = _solidity_enums()
    python = _python_enums()
    assert {"OfficerRole", "ApplicationStatus", "DeadlinePolicy", "PeerStatus"} <= set(solidity)
    for name, members in solidity.items():
        assert name in python, f"Solidity enum {name} has no IntEnum in the SDK"
        stored = [m for m in python[name] if m not in models.DERIVED_CERTIFICATE_STATES]
        assert [(m.name, m.value) for m in stored] == [
            (_upper_snake(member), index) for index, member in enumerate(members)
        ], name


def _constants(contract: str, prefix: str) -> dict[str, int]:
    text = (CONTRACTS / f"{contract}.sol").read_text()
    pattern = rf"uint8\s+(?:public|private|internal)\s+constant\s+{prefix}(\w+)\s*=\s*(\d+);"
    return {name: int(value) for name, value in re.findall(pattern, text)}


def test_python_enums_without_a_solidity_enum_match_the_contract_constants() -> None:
    assert {m.name: m.value for m in PurposeKind} == _constants("MaterialRegistry", "PURPOSE_")
    assert {m.name: m.value for m in UseKind} == _constants("MaterialRegistry", "USE_")
    item_types = _constants("ServiceCatalog", "ITEM_TYPE_")
    accepted = {0, *range(1, item_types["LAST_POWER"] + 1), item_types["PUBLIC_SERVICE"]}
    assert {m.value for m in models.ItemType} == accepted
    assert [m.value for m in models.RatingScore] == list(range(1, _constants("ServiceRatings", "LAST_")["SCORE"] + 1))
    kinds = _constants("RegionFederation", "KIND_")
    assert kinds == {"CERTIFICATE": models.KIND_CERTIFICATE, "DECISION": models.KIND_DECISION}
    for name, enum in _python_enums().items():
        # The GB/T 39046 code lists are the standard's, not the contracts' (tests/sdk/test_gbt39046.py).
        national = enum.__module__ == "zhangdian_sdk.core.gbt39046"
        known = enum in (PurposeKind, UseKind, models.ItemType, models.RatingScore)
        assert name in _solidity_enums() or known or national, f"{name} matches nothing in Solidity"


def test_every_labelled_enum_has_both_labels() -> None:
    for enum in (
        OfficerRole,
        ApplicationStatus,
        DeadlinePolicy,
        models.PeerStatus,
        UseKind,
        models.ItemType,
        models.CaseType,
    ):
        for member in enum:
            assert member.label_zh, member
            assert member.label_en, member


def test_cli_choices_come_from_the_enums() -> None:
    from zhangdian_sdk.cli.automation import service_automation
    from zhangdian_sdk.cli.department import ROLE

    assert ROLE.choices == ["clerk", "approver", "issuer", "manager"] == OfficerRole.words()
    policy = next(p for p in service_automation.params if p.name == "policy")
    assert isinstance(policy.type, click.Choice)
    assert {p.word for p in DeadlinePolicy} <= set(policy.type.choices)
    assert DeadlinePolicy.parse("deemed-approval") is DeadlinePolicy.DEEMED_APPROVAL
