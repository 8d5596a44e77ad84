"""Upgrades: every contract of the suite sits behind an ERC-1967 proxy (UUPS) whose implementation
only the admin (the governance timelock, once the council governs) can change; records survive."""

from __future__ import annotations

from typing import Any

import ape
import pytest
from ape.exceptions import ContractLogicError
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from tests.ape.conftest import app_id, code, implementation
from zhangdian_sdk.core.suite import SUITE, UPGRADEABLE_CONTRACTS

# bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)
IMPLEMENTATION_SLOT = int.from_bytes(keccak(text="eip1967.proxy.implementation"), "big") - 1


def _implementation(chain: Any, proxy: Any) -> str:
    raw = chain.provider.get_storage(proxy.address, IMPLEMENTATION_SLOT)
    return to_checksum_address(bytes(raw)[-20:])


@pytest.fixture
def suite(deployed_suite: dict[str, Any], ledger: Any) -> dict[str, Any]:
    """Every contract of the suite, with the departments and services the ledger's fixture sets up."""
    return deployed_suite


@pytest.mark.parametrize("name", UPGRADEABLE_CONTRACTS)
def test_only_the_admin_upgrades_and_the_records_stay(
    project: Any, chain: Any, suite: dict[str, Any], name: str, admin: Any, outsider: Any, clerk: Any
) -> None:
    proxy = suite[name]
    before = _implementation(chain, proxy)
    registry, ledger = suite["DepartmentRegistry"], suite["ApplicationLedger"]
    application = app_id("N-5e")
    ledger.submit(("N-5e", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    record = ledger.getApplication(application)
    department = registry.getDepartment(code("ZD-XPSJ"))

    replacement = implementation(project, name, suite, admin)
    with ape.reverts(proxy.AccessControlUnauthorizedAccount, account=outsider, neededRole=b"\0" * 32):
        proxy.upgradeToAndCall(replacement, b"", sender=outsider)
    receipt = proxy.upgradeToAndCall(replacement, b"", sender=admin)
    (upgraded,) = [log for log in receipt.events if log.event_name == "Upgraded"]
    assert upgraded.implementation == replacement.address
    assert _implementation(chain, proxy) == replacement.address != before
    assert ledger.getApplication(application) == record
    assert registry.getDepartment(code("ZD-XPSJ")) == department
    assert proxy.hasRole(b"\0" * 32, admin)


def test_initializers_run_once_and_never_on_the_implementation(project: Any, registry: Any, admin: Any) -> None:
    with ape.reverts(registry.InvalidInitialization):
        registry.initialize(admin, sender=admin)
    implementation = project.DepartmentRegistry.deploy(sender=admin)
    with ape.reverts(implementation.InvalidInitialization):
        implementation.initialize(admin, sender=admin)
    with ape.reverts(project.DepartmentRegistry.ZeroAddress):
        project.SuiteProxy.deploy(
            implementation, implementation.initialize.encode_input("0x" + "00" * 20), sender=admin
        )


def test_an_upgrade_to_a_contract_that_is_not_uups_is_refused(
    project: Any, chain: Any, registry: Any, catalog: Any, admin: Any
) -> None:
    before = _implementation(chain, registry)
    rule = project.WaitingPeriodRule.deploy(catalog, 60, sender=admin)  # any contract without proxiableUUID
    call = {"from": admin.address, "to": registry.address, "data": registry.upgradeToAndCall.encode_input(rule, b"")}
    expected = keccak(text="ERC1967InvalidImplementation(address)")[:4] + encode(["address"], [rule.address])
    with pytest.raises(Exception) as raised:  # noqa: PT011 - the in-process EVM raises its own type
        chain.provider.web3.eth.call(call)
    assert str(expected) in str(raised.value)  # the in-process EVM shows the revert data as bytes
    with pytest.raises(ContractLogicError):
        registry.upgradeToAndCall(rule, b"", sender=admin)
    with pytest.raises(ContractLogicError):  # an account without code answers nothing to decode
        registry.upgradeToAndCall(admin, b"", sender=admin)
    assert _implementation(chain, registry) == before


def test_the_fixtures_deploy_the_suite_as_the_descriptor_says(
    chain: Any, deployed_suite: dict[str, Any], admin: Any
) -> None:
    """The contract tests run on the suite the SDK deploys: every contract of the descriptor, behind a
    proxy where it is upgradeable, its initial roles with the admin and its grants made."""
    assert set(deployed_suite) == {contract.name for contract in SUITE}
    for contract in SUITE:
        instance = deployed_suite[contract.name]
        if contract.upgradeable:
            assert _implementation(chain, instance) != to_checksum_address("0x" + "00" * 20), contract.name
        for role in contract.initial_roles:
            assert instance.hasRole(getattr(instance, role)(), admin), (contract.name, role)
        for grant in contract.grants:
            assert instance.hasRole(getattr(instance, grant.role)(), deployed_suite[grant.to]), (contract.name, grant)
        for link in contract.links:  # the department registry's role listener
            assert getattr(instance, link.getter)() == deployed_suite[link.to].address, (contract.name, link)


def test_an_existing_deployment_gets_the_role_listener_with_its_upgrade(
    project: Any, suite: dict[str, Any], registry: Any, admin: Any, accounts: Any
) -> None:
    """A registry deployed before the listener reads zero in the appended slot after its upgrade; governance
    upgrades the CertificateRegistry first, then the DepartmentRegistry with ``setRoleListener`` in the
    same call (``zhangdian upgrade prepare`` proposes it as a follow-up action), and from then on a
    revocation drops the status signer in its own transaction."""
    certificates, officer, department = suite["CertificateRegistry"], accounts[6], code("ZD-XPSJ")
    registry.setRoleListener("0x" + "00" * 20, sender=admin)  # as before DepartmentRegistry 1.3.0
    registry.grantOfficerRole(department, officer, 3, sender=admin)
    certificates.enrolStatusSigner(department, officer, sender=officer)
    certificates.upgradeToAndCall(implementation(project, "CertificateRegistry", suite, admin), b"", sender=admin)
    setter = registry.setRoleListener.encode_input(certificates)
    registry.upgradeToAndCall(implementation(project, "DepartmentRegistry", suite, admin), setter, sender=admin)
    assert registry.roleListener() == certificates.address
    assert certificates.isStatusSigner(department, officer)  # enrolments survive the upgrade
    registry.revokeOfficerRole(department, officer, 3, sender=admin)
    assert not certificates.isStatusSigner(department, officer)
