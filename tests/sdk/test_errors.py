"""Every custom error of the contracts maps to a named Python exception with a bilingual message."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from eth_abi import encode
from eth_utils import function_signature_to_4byte_selector

from zhangdian_sdk.core import errors, errors_codegen, messages
from zhangdian_sdk.core.artifacts import (
    GOVERNANCE_CONTRACTS,
    PROXY_CONTRACT,
    RULE_CONTRACTS,
    SUITE_CONTRACTS,
    load_artifact,
)
from zhangdian_sdk.core.codes import code_to_bytes32

# Single letters separated by spaces ("e r c721 incorrect owner"): a class name split by a machine.
MANGLED = re.compile(r"(?<![\w{])[A-Za-z] [A-Za-z](?![\w}])")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _abi_errors() -> dict[str, str]:
    found = {}
    for name in SUITE_CONTRACTS + GOVERNANCE_CONTRACTS + RULE_CONTRACTS + (PROXY_CONTRACT,):
        for item in load_artifact(name).abi:
            if item["type"] == "error":
                types = ",".join(i["type"] for i in item["inputs"])
                found[item["name"]] = f"{item['name']}({types})"
    return found


def test_every_contract_error_has_a_named_exception_with_the_abi_signature() -> None:
    classes = errors.contract_error_classes()
    for name, signature in _abi_errors().items():
        assert name in classes, f"{name} has no exception class in zhangdian_sdk.core.errors"
        cls = classes[name]
        assert f"{name}({','.join(cls.signature)})" == signature
        assert len(cls.argument_names) == len(cls.signature)
        assert cls.__doc__


def test_exceptions_are_exported_and_inherit_from_the_root() -> None:
    for name, cls in errors.contract_error_classes().items():
        assert name in errors.__all__
        assert issubclass(cls, errors.ContractError)
        assert issubclass(cls, errors.ZhangdianError)
    assert len(errors.__all__) == len(set(errors.__all__))
    assert all(hasattr(errors, name) for name in errors.__all__)


@pytest.mark.parametrize(
    ("name", "builtin"),
    [
        ("UnknownApplication", LookupError),
        ("UnknownService", LookupError),
        ("UnauthorizedOfficer", PermissionError),
        ("AccessControlUnauthorizedAccount", PermissionError),
        ("InvalidBatchSize", ValueError),
        ("InvalidRegionCode", ValueError),
    ],
)
def test_errors_also_inherit_the_matching_builtin(name: str, builtin: type[Exception]) -> None:
    assert issubclass(errors.contract_error_classes()[name], builtin)


def test_decoding_gives_arguments_and_messages_a_clerk_reads() -> None:
    department = code_to_bytes32("ZD-XPSJ")
    account = "0x" + "ab" * 20
    data = function_signature_to_4byte_selector("UnauthorizedOfficer(address,bytes32,uint8)") + encode(
        ["address", "bytes32", "uint8"], [account, department, 1]
    )
    error = errors.decode_revert(data)
    assert isinstance(error, errors.UnauthorizedOfficer)
    assert error.arguments == {"account": account, "department": department, "role": 1}
    assert error.message_zh == f"{account} 不是部门 ZD-XPSJ 的 受理 人员, 无权办理"
    assert error.message_en == f"{account} does not hold Clerk in department ZD-XPSJ"
    assert str(error) == f"{error.message_zh} / {error.message_en}"


def test_status_arguments_are_shown_by_label() -> None:
    data = function_signature_to_4byte_selector("WrongStatus(bytes32,uint8)") + encode(
        ["bytes32", "uint8"], [b"\x01" * 32, 7]
    )
    error = errors.decode_revert("0x" + data.hex())
    assert isinstance(error, errors.WrongStatus)
    assert "已办结" in error.message_zh
    assert "Completed" in error.message_en


@pytest.mark.parametrize("data", [None, b"", "0x", "0xdeadbeef", "not hex", b"\x00" * 3])
def test_unknown_or_malformed_revert_data_is_reported_not_raised(data: object) -> None:
    error = errors.decode_revert(data)
    assert isinstance(error, errors.UnknownContractError)
    assert "data" in error.arguments


def test_truncated_arguments_of_a_known_error_are_reported_as_unknown() -> None:
    selector = function_signature_to_4byte_selector("UnknownApplication(bytes32)")
    error = errors.decode_revert(selector + b"\x01\x02")
    assert isinstance(error, errors.UnknownContractError)


def _arguments_of(name: str) -> set[str]:
    return set(errors.contract_error_classes()[name].argument_names)


def test_every_contract_error_has_a_catalogue_entry_in_both_languages() -> None:
    catalogue = messages.section("errors")
    abi = _abi_errors()
    missing = sorted(set(abi) - set(catalogue))
    assert not missing, f"add these errors to zhangdian_sdk/_data/messages.json: {missing}"
    assert not set(catalogue) - set(abi), "the catalogue names errors no shipped ABI declares"
    for name, entry in catalogue.items():
        assert entry["category"] in errors.CATEGORIES, name
        assert entry["zh"].strip(), name
        assert entry["en"].strip(), name
        assert HAN.search(entry["zh"]), f"{name}: the Chinese message has no Chinese"
        assert not HAN.search(entry["en"]), f"{name}: the English message has Chinese in it"
        for language in messages.LANGUAGES:
            placeholders = {field for _, field, _, _ in string.Formatter().parse(entry[language]) if field}
            assert placeholders <= _arguments_of(name), f"{name} ({language}) names unknown arguments"


def test_the_class_of_each_error_derives_from_its_catalogue_category() -> None:
    for name, entry in messages.section("errors").items():
        assert errors.contract_error_classes()[name].__mro__[1] is errors.CATEGORIES[entry["category"]]


def test_no_message_or_label_is_machine_mangled() -> None:
    def texts(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [
                t for key, value in node.items() if key in {"zh", "en"} or isinstance(value, dict) for t in texts(value)
            ]
        return []

    found = texts({key: value for key, value in messages.catalogue().items() if not key.startswith("_")})
    assert len(found) > 400
    mangled = [t for t in found if MANGLED.search(t)]
    assert not mangled, mangled
    for name, entry in messages.section("errors").items():
        spaced = re.sub(r"(?<!^)([A-Z])", r" \1", name).lower()
        machine = rf"{re.escape(spaced)}( \(\w+=\{{\w+\}}(, \w+=\{{\w+\}})*\))?"
        assert not re.fullmatch(machine, entry["en"].lower()), f"{name}: the message only repeats the name"


def test_formerly_mangled_openzeppelin_errors_read_as_sentences() -> None:
    owner, sender = "0x" + "11" * 20, "0x" + "22" * 20
    data = function_signature_to_4byte_selector("ERC721IncorrectOwner(address,uint256,address)") + encode(
        ["address", "uint256", "address"], [sender, 7, owner]
    )
    error = errors.decode_revert(data)
    assert isinstance(error, errors.ERC721IncorrectOwner)
    assert isinstance(error, errors.PermissionDeniedError)
    assert error.message_en == f"token 7 belongs to {owner}, not to {sender}"
    assert error.message_zh == f"凭证 7 属于 {owner}, 不属于 {sender}"


def test_the_generated_module_is_fresh() -> None:
    expected = errors_codegen.render(errors_codegen.abi_errors(), messages.section("errors"))
    assert errors_codegen.output_path().read_text(encoding="utf-8") == expected, (
        "zhangdian_sdk/core/_contract_errors.py is stale: run `python -m zhangdian_sdk.core.errors_codegen`"
    )
    assert "Procedurally generated from" in expected
    assert "DO NOT EDIT" in expected


def test_the_generator_checks_from_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zhangdian_sdk.core.errors_codegen", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "is fresh" in result.stdout


def test_the_generator_asks_for_the_catalogue_entry_of_a_new_error() -> None:
    new = errors_codegen.AbiError("DepartmentMerged", ("bytes32",), ("department",), ["DepartmentRegistry"])
    with pytest.raises(errors_codegen.CatalogueMismatch, match="DepartmentMerged") as refused:
        errors_codegen.render({"DepartmentMerged": new}, messages.section("errors"))
    assert '"category"' in str(refused.value)


def test_errors_module_stays_small() -> None:
    source = Path(errors.__file__).read_text(encoding="utf-8")
    assert len(source.splitlines()) < 300


def test_sdk_raised_subclass_keeps_its_own_message() -> None:
    error = errors.UnknownApplicationNumber({"applicationNumber": "ZD-2026-000001"})
    assert isinstance(error, errors.UnknownApplication)
    assert error.message_en == "application number ZD-2026-000001 does not exist in any department"
    assert errors.decode_revert(b"").message_zh.startswith("合约回滚")
