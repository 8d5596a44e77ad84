"""The role listener (issue 17, the status list's security hole): the department registry tells the
certificate registry, in the transaction that takes a role or deactivates a department, so that an
officer who lost the Issuer role can no longer suspend or end a single certificate of the department
(suspending and ending trust the enrolment, for the gas target, instead of asking the registry).
A listener that fails reverts the role change: the change and the drop never come apart."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from tests.ape.conftest import ISSUER, MANAGER, code, proxied
from zhangdian_sdk.core.models import CertificateState

XPSJ = code("ZD-XPSJ")
REVOKED, SUSPENDED = CertificateState.REVOKED, CertificateState.SUSPENDED
NO_LISTENER = "0x" + "00" * 20
# The gas of revoking the Issuer role of an enrolled primary signer, the listener's call and drop included,
# and what the listener adds at most to a revocation that drops nothing (a Clerk role: no call at all).
REVOKE_WITH_DROP_CEILING = 60_000
LISTENER_OVERHEAD_CEILING = 25_000


def _issuer(registry: Any, certificates: Any, officer: Any, admin: Any, *, enrol: bool = True) -> Any:
    registry.grantOfficerRole(XPSJ, officer, ISSUER, sender=admin)
    if enrol:
        certificates.enrolStatusSigner(XPSJ, officer, sender=officer)
    return officer


@pytest.fixture
def signer(certificates: Any, registry: Any, accounts: Any, admin: Any) -> Any:
    """An Issuer of ZD-XPSJ, enrolled as its primary status signer, with 4 status indices issued."""
    officer = _issuer(registry, certificates, accounts[6], admin)
    first = certificates.statusRecord(XPSJ)[1]
    certificates.issueStatusBatch(b"\x5a" * 32, XPSJ, first, 4, sender=officer)
    return officer


def _first(certificates: Any) -> int:
    return int(certificates.statusRecord(XPSJ)[1]) - 4


def test_the_suite_is_deployed_with_the_certificate_registry_as_listener(registry: Any, certificates: Any) -> None:
    assert registry.roleListener() == certificates.address
    assert certificates.supportsInterface(bytes.fromhex("01ffc9a7"))  # ERC-165 itself
    assert registry.version() == "1.3.0"
    assert certificates.version() == "1.7.0"


def test_revoking_the_issuer_role_drops_the_primary_signer_in_the_same_transaction(
    certificates: Any, registry: Any, signer: Any, manager: Any
) -> None:
    first = _first(certificates)
    certificates.setStatus(XPSJ, first, SUSPENDED, 1, sender=signer)
    receipt = registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=manager)  # the department's own manager
    (dropped,) = receipt.decode_logs(certificates.StatusSignerChanged)
    assert (dropped.issuer, dropped.account, dropped.enrolled, dropped.actor) == (
        XPSJ,
        signer.address,
        False,
        manager.address,
    )
    assert not certificates.isStatusSigner(XPSJ, signer)
    assert certificates.statusRecord(XPSJ)[0] == NO_LISTENER
    # The dismissed officer can end nothing, one at a time or in bulk.
    with ape.reverts(certificates.NotAStatusSigner):
        certificates.setStatus(XPSJ, first + 1, REVOKED, 1, sender=signer)
    with ape.reverts(certificates.NotAStatusSigner):
        certificates.setStatuses(XPSJ, [first, first + 1, first + 2], CertificateState.WITHDRAWN, 1, sender=signer)
    assert certificates.statusOf(XPSJ, first + 1) == CertificateState.VALID


def test_a_delegate_is_dropped_the_same_and_the_primary_keeps_signing(
    certificates: Any, registry: Any, signer: Any, accounts: Any, admin: Any, manager: Any
) -> None:
    first = _first(certificates)
    delegate = _issuer(registry, certificates, accounts[8], admin)
    certificates.setStatus(XPSJ, first, SUSPENDED, 1, sender=delegate)
    receipt = registry.revokeOfficerRole(XPSJ, delegate, ISSUER, sender=admin)
    assert [(log.account, log.enrolled) for log in receipt.decode_logs(certificates.StatusSignerChanged)] == [
        (delegate.address, False)
    ]
    assert not certificates.isStatusSigner(XPSJ, delegate)
    with ape.reverts(certificates.NotAStatusSigner):
        certificates.setStatus(XPSJ, first + 1, REVOKED, 1, sender=delegate)
    certificates.setStatus(XPSJ, first + 1, REVOKED, 1, sender=signer)
    # Granted the role again, the officer is not a signer again until enrolled again.
    registry.grantOfficerRole(XPSJ, delegate, ISSUER, sender=manager)
    assert not certificates.isStatusSigner(XPSJ, delegate)


def test_losing_the_manager_role_keeps_an_issuers_enrolment(
    certificates: Any, registry: Any, signer: Any, admin: Any
) -> None:
    registry.grantOfficerRole(XPSJ, signer, MANAGER, sender=admin)
    receipt = registry.revokeOfficerRole(XPSJ, signer, MANAGER, sender=admin)
    assert list(receipt.decode_logs(certificates.StatusSignerChanged)) == []
    assert certificates.isStatusSigner(XPSJ, signer)
    certificates.setStatus(XPSJ, _first(certificates), SUSPENDED, 1, sender=signer)


def test_deactivating_the_department_stops_every_signer_and_reactivating_restores_none(
    certificates: Any, registry: Any, signer: Any, accounts: Any, admin: Any, manager: Any
) -> None:
    first = _first(certificates)
    delegates = [_issuer(registry, certificates, accounts[i], admin) for i in (8, 9)]
    receipt = registry.setDepartmentActive(XPSJ, False, sender=admin)
    assert [(log.account, log.enrolled) for log in receipt.decode_logs(certificates.StatusSignerChanged)] == [
        (signer.address, False)
    ]
    (cleared,) = receipt.decode_logs(certificates.StatusSignersCleared)
    assert (cleared.issuer, cleared.actor) == (XPSJ, admin.address)
    for officer in (signer, *delegates):
        assert not certificates.isStatusSigner(XPSJ, officer)
        with ape.reverts(certificates.NotAStatusSigner):
            certificates.setStatus(XPSJ, first, REVOKED, 1, sender=officer)
    registry.setDepartmentActive(XPSJ, True, sender=admin)
    for officer in (signer, *delegates):  # still Issuers, but not signers: re-enrolment is explicit
        assert registry.canAct(XPSJ, officer, ISSUER)
        assert not certificates.isStatusSigner(XPSJ, officer)
        with ape.reverts(certificates.NotAStatusSigner):
            certificates.setStatus(XPSJ, first, REVOKED, 1, sender=officer)
    certificates.enrolStatusSigner(XPSJ, delegates[0], sender=manager)  # now the primary
    certificates.enrolStatusSigner(XPSJ, signer, sender=manager)  # a delegate of the new generation
    assert certificates.statusRecord(XPSJ)[0] == delegates[0].address
    certificates.setStatus(XPSJ, first, SUSPENDED, 1, sender=signer)
    certificates.setStatus(XPSJ, first + 1, SUSPENDED, 1, sender=delegates[0])
    assert not certificates.isStatusSigner(XPSJ, delegates[1])
    with ape.reverts(certificates.NotAStatusSigner):
        certificates.setStatus(XPSJ, first + 2, REVOKED, 1, sender=delegates[1])
    assert certificates.statusRecord(XPSJ)[1] == first + 4  # the status list itself is untouched


@pytest.mark.parametrize("caller", ["outsider", "manager", "admin", "signer"])
def test_only_the_department_registry_calls_the_listener(
    certificates: Any, signer: Any, outsider: Any, manager: Any, admin: Any, caller: str
) -> None:
    who = {"outsider": outsider, "manager": manager, "admin": admin, "signer": signer}[caller]
    with ape.reverts(certificates.NotTheDepartmentRegistry, caller=who.address):
        certificates.officerRoleRevoked(XPSJ, signer, ISSUER, who, sender=who)
    with ape.reverts(certificates.NotTheDepartmentRegistry, caller=who.address):
        certificates.departmentDeactivated(XPSJ, who, sender=who)
    assert certificates.isStatusSigner(XPSJ, signer)


def test_without_a_listener_role_changes_still_work(
    certificates: Any, registry: Any, signer: Any, admin: Any, outsider: Any
) -> None:
    """A deployment whose registry has no listener (zero: before DepartmentRegistry 1.3.0, or governance's
    escape from a broken one): revoking and deactivating work, and the stale enrolment waits for
    dropStatusSigner as before."""
    receipt = registry.setRoleListener(NO_LISTENER, sender=admin)
    (changed,) = receipt.decode_logs(registry.RoleListenerChanged)
    assert (changed.previous, changed.listener, changed.actor) == (certificates.address, NO_LISTENER, admin.address)
    registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=admin)
    assert not registry.hasOfficerRole(XPSJ, signer, ISSUER)
    assert certificates.isStatusSigner(XPSJ, signer)
    registry.setDepartmentActive(XPSJ, False, sender=admin)
    certificates.dropStatusSigner(XPSJ, signer, sender=outsider)
    assert not certificates.isStatusSigner(XPSJ, signer)


def test_the_listener_answers_while_the_certificate_registry_is_paused(
    certificates: Any, registry: Any, signer: Any, admin: Any
) -> None:
    """Pausing (the guardian's switch) must not block dismissing an officer."""
    certificates.pause(sender=admin)
    registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=admin)
    assert not certificates.isStatusSigner(XPSJ, signer)
    registry.setDepartmentActive(XPSJ, False, sender=admin)
    certificates.unpause(sender=admin)
    with ape.reverts(certificates.NotAStatusSigner):
        certificates.setStatus(XPSJ, _first(certificates), REVOKED, 1, sender=signer)


def test_a_failing_listener_reverts_the_role_change_until_governance_replaces_it(
    project: Any, certificates: Any, registry: Any, signer: Any, admin: Any, manager: Any
) -> None:
    """The chosen failure mode: atomic. A listener built on another department registry refuses the call,
    so the revocation reverts and the officer keeps both the role and the enrolment (never the role gone
    and the enrolment left); a role the listener is not told of still changes; setting zero unblocks."""
    other_registry = proxied(project, project.DepartmentRegistry, admin)
    broken = proxied(project, project.CertificateRegistry, admin, other_registry)
    registry.setRoleListener(broken, sender=admin)
    with ape.reverts(certificates.NotTheDepartmentRegistry, caller=registry.address):
        registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=manager)
    with ape.reverts(certificates.NotTheDepartmentRegistry):
        registry.setDepartmentActive(XPSJ, False, sender=admin)
    assert registry.hasOfficerRole(XPSJ, signer, ISSUER)
    assert certificates.isStatusSigner(XPSJ, signer)
    registry.setRoleListener(certificates, sender=admin)  # governance puts the right one back
    registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=manager)
    assert not certificates.isStatusSigner(XPSJ, signer)


def test_only_governance_sets_the_listener_and_only_to_a_listener(
    certificates: Any, registry: Any, catalog: Any, manager: Any, admin: Any
) -> None:
    with ape.reverts(registry.AccessControlUnauthorizedAccount):
        registry.setRoleListener(NO_LISTENER, sender=manager)
    with ape.reverts(registry.InvalidRoleListener, listener=catalog.address):  # a contract, not a listener
        registry.setRoleListener(catalog, sender=admin)
    with ape.reverts(registry.InvalidRoleListener, listener=manager.address):  # an account without code
        registry.setRoleListener(manager, sender=admin)
    with ape.reverts(registry.RoleListenerUnchanged):
        registry.setRoleListener(certificates, sender=admin)


def test_the_gas_of_revoking_an_issuer_with_and_without_the_listener(
    chain: Any, certificates: Any, registry: Any, signer: Any, accounts: Any, admin: Any
) -> None:
    """Exact gas on the suite as deployed (proxies): with the listener the revocation pays a call through
    the certificate registry's proxy and the drop (a storage write back to zero refunds part of it)."""
    with chain.isolate():
        with_drop = registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=admin).gas_used
    unenrolled = _issuer(registry, certificates, accounts[8], admin, enrol=False)
    with chain.isolate():
        with_call = registry.revokeOfficerRole(XPSJ, unenrolled, ISSUER, sender=admin).gas_used
    registry.setRoleListener(NO_LISTENER, sender=admin)
    without = registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=admin).gas_used
    print(
        f"revokeOfficerRole(Issuer): {without} without the listener, {with_call} with it (nothing to drop), "
        f"{with_drop} with it dropping the primary signer"
    )
    assert with_drop <= REVOKE_WITH_DROP_CEILING, with_drop
    assert 0 < with_call - without <= LISTENER_OVERHEAD_CEILING, (with_call, without)
