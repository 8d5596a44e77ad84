"""DepartmentRegistry and ServiceCatalog: every path and every revert with its arguments."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from tests.ape.conftest import APPROVER, CLERK, ISSUER, MANAGER, NO_NATIONAL, THREE_STEPS, code, definition


def test_registering_a_department_records_it_and_emits_the_event(registry: Any, admin: Any) -> None:
    receipt = registry.registerDepartment(
        code("ZD-SWJ"), 370303, b"113703030042351144", "税务局", "Taxation Bureau", sender=admin
    )
    (event,) = receipt.events.filter(registry.DepartmentRegistered)
    assert event.department == code("ZD-SWJ")
    assert event.regionCode == 370303
    record = registry.getDepartment(code("ZD-SWJ"))
    assert (record.nameZh, record.nameEn, record.active) == ("税务局", "Taxation Bureau", True)
    assert registry.departmentCount() == 3
    assert registry.departmentAt(2) == code("ZD-SWJ")
    assert registry.version() == "1.3.0"


@pytest.mark.parametrize(
    "bad",
    [
        b"\0" * 32,
        b" ZD".ljust(32, b"\0"),
        "张店".encode().ljust(32, b"\0"),
        b"ZD\0X".ljust(32, b"\0"),
        b"ZD X".ljust(32, b"\0"),
    ],
)
def test_malformed_department_codes_are_refused(registry: Any, admin: Any, bad: bytes) -> None:
    with ape.reverts(registry.InvalidDepartmentCode, department=bad):
        registry.registerDepartment(bad, 370303, b"113703030042351144", "名", "Name", sender=admin)


def test_registration_reverts_name_region_duplicate_and_role(registry: Any, admin: Any, outsider: Any) -> None:
    with ape.reverts(registry.DepartmentAlreadyRegistered, department=code("ZD-XPSJ")):
        registry.registerDepartment(code("ZD-XPSJ"), 370303, b"113703030042351144", "名", "Name", sender=admin)
    with ape.reverts(registry.InvalidRegionCode, regionCode=99_999):
        registry.registerDepartment(code("ZD-A"), 99_999, b"113703030042351144", "名", "Name", sender=admin)
    with ape.reverts(registry.InvalidDepartmentName, length=0, maxLength=96):
        registry.registerDepartment(code("ZD-A"), 370303, b"113703030042351144", "", "Name", sender=admin)
    with ape.reverts(registry.InvalidDepartmentName, length=97, maxLength=96):
        registry.registerDepartment(code("ZD-A"), 370303, b"113703030042351144", "名", "x" * 97, sender=admin)
    with ape.reverts(registry.AccessControlUnauthorizedAccount, account=outsider, neededRole=registry.REGISTRAR_ROLE()):
        registry.registerDepartment(code("ZD-A"), 370303, b"113703030042351144", "名", "Name", sender=outsider)
    with ape.reverts(registry.UnknownDepartment, department=code("ZD-NONE")):
        registry.getDepartment(code("ZD-NONE"))


def test_deactivation_takes_effect_at_once_and_can_be_undone(registry: Any, admin: Any, clerk: Any) -> None:
    assert registry.canAct(code("ZD-XPSJ"), clerk, CLERK)
    receipt = registry.setDepartmentActive(code("ZD-XPSJ"), False, sender=admin)
    assert not receipt.events.filter(registry.DepartmentStatusChanged)[0].active
    assert not registry.canAct(code("ZD-XPSJ"), clerk, CLERK)
    assert registry.hasOfficerRole(code("ZD-XPSJ"), clerk, CLERK)
    with ape.reverts(registry.DepartmentStatusUnchanged, department=code("ZD-XPSJ"), active=False):
        registry.setDepartmentActive(code("ZD-XPSJ"), False, sender=admin)
    registry.setDepartmentActive(code("ZD-XPSJ"), True, sender=admin)
    assert registry.canAct(code("ZD-XPSJ"), clerk, CLERK)


def test_a_manager_manages_only_its_own_department(registry: Any, manager: Any, outsider: Any, admin: Any) -> None:
    receipt = registry.grantOfficerRole(code("ZD-XPSJ"), outsider, ISSUER, sender=manager)
    assert receipt.events.filter(registry.OfficerRoleGranted)[0].actor == manager
    with ape.reverts(registry.OfficerRoleAlreadyGranted, department=code("ZD-XPSJ"), account=outsider, role=ISSUER):
        registry.grantOfficerRole(code("ZD-XPSJ"), outsider, ISSUER, sender=manager)
    registry.revokeOfficerRole(code("ZD-XPSJ"), outsider, ISSUER, sender=manager)
    with ape.reverts(registry.OfficerRoleNotHeld, department=code("ZD-XPSJ"), account=outsider, role=ISSUER):
        registry.revokeOfficerRole(code("ZD-XPSJ"), outsider, ISSUER, sender=manager)
    with ape.reverts(registry.NotDepartmentManager, department=code("ZD-SCJGJ"), caller=manager):
        registry.grantOfficerRole(code("ZD-SCJGJ"), outsider, CLERK, sender=manager)
    with ape.reverts(registry.NotDepartmentManager, department=code("ZD-XPSJ"), caller=outsider):
        registry.grantOfficerRole(code("ZD-XPSJ"), outsider, CLERK, sender=outsider)
    with ape.reverts(registry.InvalidOfficerRole, role=0):
        registry.grantOfficerRole(code("ZD-XPSJ"), outsider, 0, sender=admin)
    with ape.reverts(registry.ZeroAddress):
        registry.grantOfficerRole(code("ZD-XPSJ"), "0x" + "00" * 20, CLERK, sender=admin)
    registry.setDepartmentActive(code("ZD-XPSJ"), False, sender=admin)
    with ape.reverts(registry.DepartmentInactive, department=code("ZD-XPSJ")):
        registry.grantOfficerRole(code("ZD-XPSJ"), outsider, CLERK, sender=manager)


@pytest.mark.parametrize("role", [5, 255])
def test_an_officer_role_out_of_range_is_named(registry: Any, admin: Any, manager: Any, clerk: Any, role: int) -> None:
    """Issue 12 hardening (matrix finding 1): a role number outside OfficerRole reverted in the ABI decoder
    without data, which no client can name; it is now InvalidOfficerRole with the number given."""
    for who in (admin, manager):
        with ape.reverts(registry.InvalidOfficerRole, role=role):
            registry.grantOfficerRole(code("ZD-XPSJ"), clerk, role, sender=who)
        with ape.reverts(registry.InvalidOfficerRole, role=role):
            registry.revokeOfficerRole(code("ZD-XPSJ"), clerk, role, sender=who)
    assert registry.hasOfficerRole(code("ZD-XPSJ"), clerk, CLERK)


def test_follow_ons_are_published_before_the_services_that_name_them(catalog: Any, admin: Any) -> None:
    """Issue 12 hardening (matrix finding 4): a follow-on that is not published yet (or named twice) made
    every completion record a failed follow-on; it is refused until the follow-on is published."""
    child, parent = code("SVC-CHILD"), code("SVC-PARENT")
    naming = (*definition([("ZD-XPSJ", APPROVER)])[:7], [child], NO_NATIONAL)
    with ape.reverts(catalog.UnknownFollowOnService, service=child):
        catalog.publishService(parent, naming, sender=admin)
    catalog.publishService(child, definition([("ZD-XPSJ", APPROVER)]), sender=admin)
    catalog.publishService(parent, naming, sender=admin)
    assert list(catalog.followOnServices(parent, 1)) == [child]
    with ape.reverts(catalog.DuplicateFollowOnService, service=child):
        catalog.updateService(parent, (*naming[:7], [child, child], NO_NATIONAL), sender=admin)
    with ape.reverts(catalog.InvalidMaterialType, index=1):
        catalog.updateService(parent, (*naming[:6], [code("ID-CARD"), b"\0" * 32], [child], NO_NATIONAL), sender=admin)
    assert catalog.getServiceInfo(parent).latestVersion == 1


def test_publishing_versions_and_closing_services(catalog: Any, admin: Any) -> None:
    info = catalog.getServiceInfo(code("SVC-3"))
    assert (info.latestVersion, info.active) == (1, True)
    receipt = catalog.updateService(code("SVC-3"), definition([("ZD-XPSJ", APPROVER)]), sender=admin)
    (event,) = receipt.events.filter(catalog.ServicePublished)
    assert (event.version, event.stepCount) == (2, 1)
    assert len(catalog.getServiceVersion(code("SVC-3"), 1).steps) == 3
    assert len(catalog.getServiceVersion(code("SVC-3"), 2).steps) == 1
    with ape.reverts(catalog.UnknownServiceVersion, service=code("SVC-3"), version=3):
        catalog.getServiceVersion(code("SVC-3"), 3)
    catalog.setServiceActive(code("SVC-3"), False, sender=admin)
    with ape.reverts(catalog.ServiceInactive, service=code("SVC-3")):
        catalog.openingTerms(code("SVC-3"))
    with ape.reverts(catalog.ServiceStatusUnchanged, service=code("SVC-3"), active=False):
        catalog.setServiceActive(code("SVC-3"), False, sender=admin)


def test_service_definitions_are_checked(catalog: Any, admin: Any, outsider: Any) -> None:
    with ape.reverts(catalog.InvalidStepCount, count=0, max=16):
        catalog.publishService(code("S"), definition([]), sender=admin)
    with ape.reverts(catalog.InvalidStepCount, count=17, max=16):
        catalog.publishService(code("S"), definition([("ZD-XPSJ", APPROVER)] * 17), sender=admin)
    with ape.reverts(catalog.InvalidStepRole, index=1):
        catalog.publishService(code("S"), definition([("ZD-XPSJ", APPROVER), ("ZD-XPSJ", MANAGER)]), sender=admin)
    with ape.reverts(catalog.UnknownDepartment, department=code("ZD-NONE")):
        catalog.publishService(code("S"), definition([("ZD-NONE", APPROVER)]), sender=admin)
    with ape.reverts(catalog.ListTooLong, count=17, max=16):
        catalog.publishService(
            code("S"), definition(THREE_STEPS, materials=tuple(f"M{i}" for i in range(17))), sender=admin
        )
    with ape.reverts(catalog.ServiceAlreadyPublished, service=code("SVC-3")):
        catalog.publishService(code("SVC-3"), definition(THREE_STEPS), sender=admin)
    with ape.reverts(catalog.UnknownService, service=code("NOPE")):
        catalog.updateService(code("NOPE"), definition(THREE_STEPS), sender=admin)
    no_time = list(definition(THREE_STEPS))
    no_time[2] = (0, 2)
    with ape.reverts(catalog.InvalidTimeLimit):
        catalog.publishService(code("S"), tuple(no_time), sender=admin)
    with ape.reverts(
        catalog.AccessControlUnauthorizedAccount, account=outsider, neededRole=catalog.CATALOG_ADMIN_ROLE()
    ):
        catalog.publishService(code("S"), definition(THREE_STEPS), sender=outsider)
