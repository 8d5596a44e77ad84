"""National identifiers on chain: a department's 统一社会信用代码 (GB 32100-2015) with its check character
and county-level region, and a service version's national codes (GB/T 39554.1-2020)."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from tests.ape.conftest import APPROVER, code, definition

# Illustrative codes with correct check characters (computed by zhangdian_sdk.core.identifiers).
VALID = b"113703030042351144"
CHECK_ZERO = b"113703030000000510"  # weighted sum divisible by 31: check value 0
CHECK_Y = b"1137030300000022XY"  # check value 30: 'Y'
ZD = "ZD-NEW"


@pytest.mark.parametrize("credit", [VALID, CHECK_ZERO, CHECK_Y])
def test_a_valid_credit_code_is_stored_and_announced(registry: Any, admin: Any, credit: bytes) -> None:
    receipt = registry.registerDepartment(code(ZD), 370303, credit, "新局", "New Bureau", sender=admin)
    (event,) = receipt.events.filter(registry.DepartmentRegistered)
    assert bytes(event.creditCode) == credit
    assert bytes(registry.getDepartment(code(ZD)).creditCode) == credit


@pytest.mark.parametrize(
    "credit",
    [
        b"113703030042351145",  # wrong check character
        b"113703030000000511",  # the check-0 code with 1
        b"1137030300000022XX",  # the check-Y code with X
        b"11370303004235114I",  # forbidden letters: I, O, Z, S, V
        b"1137030300423511O4",
        b"11370303004235Z144",
        b"1137030300S2351144",
        b"113703030V42351144",
        b"11370303004235114a",  # lower case
        b"\0" * 18,
    ],
)
def test_a_malformed_credit_code_is_refused(registry: Any, admin: Any, credit: bytes) -> None:
    with ape.reverts(registry.InvalidCreditCode, creditCode=credit):
        registry.registerDepartment(code(ZD), 370303, credit, "新局", "New Bureau", sender=admin)


@pytest.mark.parametrize("region", [370300, 370000, 99_999, 1_000_000])
def test_a_department_region_must_be_county_level(registry: Any, admin: Any, region: int) -> None:
    with ape.reverts(registry.InvalidRegionCode, regionCode=region):
        registry.registerDepartment(code(ZD), region, VALID, "新局", "New Bureau", sender=admin)


def test_the_registrar_corrects_a_credit_code(registry: Any, admin: Any, outsider: Any, manager: Any) -> None:
    before = bytes(registry.getDepartment(code("ZD-XPSJ")).creditCode)
    receipt = registry.setCreditCode(code("ZD-XPSJ"), CHECK_Y, sender=admin)
    (event,) = receipt.events.filter(registry.DepartmentCreditCodeChanged)
    assert (bytes(event.previous), bytes(event.creditCode), event.actor) == (before, CHECK_Y, admin.address)
    assert bytes(registry.getDepartment(code("ZD-XPSJ")).creditCode) == CHECK_Y
    with ape.reverts(registry.CreditCodeUnchanged, department=code("ZD-XPSJ"), creditCode=CHECK_Y):
        registry.setCreditCode(code("ZD-XPSJ"), CHECK_Y, sender=admin)
    with ape.reverts(registry.InvalidCreditCode, creditCode=b"1137030300000022XX"):
        registry.setCreditCode(code("ZD-XPSJ"), b"1137030300000022XX", sender=admin)
    with ape.reverts(registry.UnknownDepartment, department=code("ZD-NONE")):
        registry.setCreditCode(code("ZD-NONE"), VALID, sender=admin)
    for who in (outsider, manager):  # a department manager manages officers, not the registry's records
        with ape.reverts(registry.AccessControlUnauthorizedAccount, account=who, neededRole=registry.REGISTRAR_ROLE()):
            registry.setCreditCode(code("ZD-XPSJ"), VALID, sender=who)


# -- services ---------------------------------------------------------------------------------------

IMPLEMENTATION = "113703030042351144000120011000" + "01"
PROFILE = ("000120011000", IMPLEMENTATION, IMPLEMENTATION + "01", 1, 2)


def _with(national: tuple[Any, ...]) -> tuple[Any, ...]:
    return (*definition([("ZD-XPSJ", APPROVER)])[:8], national)


def test_national_codes_round_trip(catalog: Any, admin: Any) -> None:
    catalog.publishService(code("SVC-N"), _with(PROFILE), sender=admin)
    stored = catalog.getServiceVersion(code("SVC-N"), 1).national
    assert (stored.basicCode, stored.implementationCode, stored.handlingItemCode) == PROFILE[:3]
    assert (stored.itemType, stored.caseType) == (1, 2)
    catalog.updateService(code("SVC-N"), _with(("", "", "", 20, 1)), sender=admin)
    assert catalog.getServiceVersion(code("SVC-N"), 2).national.itemType == 20
    assert catalog.getServiceVersion(code("SVC-N"), 1).national.basicCode == PROFILE[0]


@pytest.mark.parametrize(
    ("national", "error", "arguments"),
    [
        (("00012001100", "", "", 1, 2), "InvalidBasicCode", {"length": 11}),
        (("0001200110001", "", "", 1, 2), "InvalidBasicCode", {"length": 13}),
        (("", "A" * 37, "", 1, 2), "NationalCodeTooLong", {"length": 37, "maxLength": 36}),
        (("", "", "B" * 51, 1, 2), "NationalCodeTooLong", {"length": 51, "maxLength": 50}),
        (("00012001100a", "", "", 1, 2), "InvalidNationalCodeCharacter", {"code": "00012001100a", "index": 11}),
        (("", "1137-0303", "", 1, 2), "InvalidNationalCodeCharacter", {"code": "1137-0303", "index": 4}),
        (("", "", "X Y", 1, 2), "InvalidNationalCodeCharacter", {"code": "X Y", "index": 1}),
        (("", "", "", 11, 2), "InvalidItemType", {"itemType": 11}),
        (("", "", "", 19, 2), "InvalidItemType", {"itemType": 19}),
        (("", "", "", 99, 2), "InvalidItemType", {"itemType": 99}),
        (("", "", "", 255, 2), "InvalidItemType", {"itemType": 255}),
        (("", "", "", 1, 3), "InvalidCaseType", {"caseType": 3}),
    ],
)
def test_malformed_national_codes_are_refused(
    catalog: Any, admin: Any, national: tuple[Any, ...], error: str, arguments: dict[str, Any]
) -> None:
    with ape.reverts(getattr(catalog, error), **arguments):
        catalog.publishService(code("SVC-N"), _with(national), sender=admin)


def test_every_item_type_of_the_standard_is_accepted(catalog: Any, admin: Any) -> None:
    # GB/T 39046-2020 table A.1: 01 to 10 (the 行政权力事项) and 20 (公共服务事项); 0 = not recorded.
    for version, item_type in enumerate([*range(0, 11), 20], start=1):
        national = ("", "", "", item_type, 2)
        if version == 1:
            catalog.publishService(code("SVC-T"), _with(national), sender=admin)
        else:
            catalog.updateService(code("SVC-T"), _with(national), sender=admin)
        assert catalog.getServiceVersion(code("SVC-T"), version).national.itemType == item_type
