"""Every custom error of the contracts maps to a named Python exception with a bilingual message."""

from __future__ import annotations

import pytest
from eth_abi import encode
from eth_utils import function_signature_to_4byte_selector

from zhangdian_sdk import errors
from zhangdian_sdk.artifacts import GOVERNANCE_CONTRACTS, RULE_CONTRACTS, SUITE_CONTRACTS, load_artifact
from zhangdian_sdk.codes import code_to_bytes32


def _abi_errors() -> dict[str, str]:
    found = {}
    for name in SUITE_CONTRACTS + GOVERNANCE_CONTRACTS + RULE_CONTRACTS:
        for item in load_artifact(name).abi:
            if item["type"] == "error":
                types = ",".join(i["type"] for i in item["inputs"])
                found[item["name"]] = f"{item['name']}({types})"
    return found


def test_every_contract_error_has_a_named_exception_with_the_abi_signature() -> None:
    classes = errors.contract_error_classes()
    for name, signature in _abi_errors().items():
        assert name in classes, f"{name} has no exception class in zhangdian_sdk.errors"
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
