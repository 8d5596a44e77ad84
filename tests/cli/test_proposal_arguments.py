"""A proposal file's arguments become what the contract takes, as `upgrade prepare` writes them."""

from __future__ import annotations

from zhangdian_sdk.cli.governance import _coerce
from zhangdian_sdk.core.codes import code_to_bytes32


def test_call_data_written_as_hex_becomes_bytes() -> None:
    implementation = "0x" + "11" * 20
    assert _coerce("ApplicationLedger", "upgradeToAndCall", [implementation, "0x"]) == [implementation, b""]
    assert _coerce("ApplicationLedger", "upgradeToAndCall", [implementation, "0xabcd"]) == [
        implementation,
        b"\xab\xcd",
    ]


def test_codes_in_bytes32_arguments_become_their_bytes() -> None:
    code, active = _coerce("DepartmentRegistry", "setDepartmentActive", ["ZD-XPSJ", False])
    assert code == code_to_bytes32("ZD-XPSJ")
    assert active is False
