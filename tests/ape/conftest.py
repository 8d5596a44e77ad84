"""Fixtures for the contract tests, which run under ape (in-process EVM by default, anvil with
``--network ethereum:local:foundry``). Ape reverts the chain between tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eth_abi import encode
from eth_utils.crypto import keccak

from zhangdian_sdk.models import OfficerRole

CLERK, APPROVER, ISSUER, MANAGER = OfficerRole.CLERK, OfficerRole.APPROVER, OfficerRole.ISSUER, OfficerRole.MANAGER
DAY = 86_400


def code(text: str) -> bytes:
    """A department or service code as the contracts store it."""
    return text.encode().ljust(32, b"\0")


APPLICATION_ID_TAG = keccak(text="zhangdian.ApplicationLedger.applicationId")


def app_id(number_hash: bytes, department: str = "ZD-XPSJ") -> bytes:
    """The id the ledger gives a submission of ``number_hash`` to ``department`` (``applicationIdFor``)."""
    return keccak(encode(["bytes32", "bytes32", "bytes32"], [APPLICATION_ID_TAG, code(department), number_hash]))


def submitted_id(ledger: Any, receipt: Any) -> bytes:
    """The id of the (only) application a submission receipt recorded."""
    (event,) = receipt.events.filter(ledger.ApplicationSubmitted)
    return bytes(event.applicationId)


@pytest.fixture(scope="session")
def admin(accounts: Any) -> Any:
    return accounts[0]


@pytest.fixture(scope="session")
def clerk(accounts: Any) -> Any:
    return accounts[1]


@pytest.fixture(scope="session")
def approver(accounts: Any) -> Any:
    return accounts[2]


@pytest.fixture(scope="session")
def inspector(accounts: Any) -> Any:
    return accounts[3]


@pytest.fixture(scope="session")
def manager(accounts: Any) -> Any:
    return accounts[4]


@pytest.fixture(scope="session")
def outsider(accounts: Any) -> Any:
    return accounts[5]


def proxied(project: Any, container: Any, admin: Any, *constructor_args: Any) -> Any:
    """Deploy an implementation and a SuiteProxy initialized for ``admin``, as the suite is deployed;
    returns the contract at the proxy's address."""
    implementation = container.deploy(*constructor_args, sender=admin)
    proxy = project.SuiteProxy.deploy(implementation, implementation.initialize.encode_input(admin), sender=admin)
    return container.at(proxy.address)


@pytest.fixture(scope="session")
def registry(project: Any, admin: Any, clerk: Any, approver: Any, inspector: Any, manager: Any) -> Any:
    contract = proxied(project, project.DepartmentRegistry, admin)
    contract.registerDepartment(code("ZD-XPSJ"), 370303, "张店区行政审批服务局", "Approval Bureau", sender=admin)
    contract.registerDepartment(code("ZD-SCJGJ"), 370303, "张店区市场监督管理局", "Market Supervision", sender=admin)
    contract.grantOfficerRole(code("ZD-XPSJ"), clerk, CLERK, sender=admin)
    contract.grantOfficerRole(code("ZD-XPSJ"), approver, APPROVER, sender=admin)
    contract.grantOfficerRole(code("ZD-SCJGJ"), inspector, APPROVER, sender=admin)
    contract.grantOfficerRole(code("ZD-XPSJ"), manager, MANAGER, sender=admin)
    return contract


def definition(steps: list[tuple[str, int]], *, owner: str = "ZD-XPSJ", materials: tuple[str, ...] = ()) -> tuple:
    """A ServiceDefinition tuple with the given (department, role) steps."""
    return (
        code(owner),
        10 * DAY,
        "测试事项",
        "Test service",
        [(code(d), role, DAY) for d, role in steps],
        [code(m) for m in materials],
        [],
    )


THREE_STEPS = [("ZD-XPSJ", APPROVER), ("ZD-SCJGJ", APPROVER), ("ZD-XPSJ", APPROVER)]


@pytest.fixture(scope="session")
def catalog(project: Any, admin: Any, registry: Any) -> Any:
    contract = proxied(project, project.ServiceCatalog, admin, registry)
    contract.publishService(code("SVC-3"), definition(THREE_STEPS), sender=admin)
    contract.publishService(code("SVC-1"), definition([("ZD-XPSJ", APPROVER)]), sender=admin)
    return contract


@pytest.fixture(scope="session")
def materials(project: Any, admin: Any, registry: Any) -> Any:
    return proxied(project, project.MaterialRegistry, admin, registry)


@pytest.fixture(scope="session")
def certificates(project: Any, admin: Any, registry: Any) -> Any:
    return proxied(project, project.CertificateRegistry, admin, registry)


@pytest.fixture(scope="session")
def ledger(project: Any, admin: Any, registry: Any, catalog: Any, materials: Any, certificates: Any) -> Any:
    contract = proxied(project, project.ApplicationLedger, admin, registry, catalog, materials, certificates)
    materials.grantRole(materials.LEDGER_ROLE(), contract, sender=admin)
    certificates.grantRole(certificates.LEDGER_ROLE(), contract, sender=admin)
    return contract


_counter = iter(range(1, 10**9))


@pytest.fixture
def submit(ledger: Any, clerk: Any) -> Callable[..., bytes]:
    """``submit()``: a new application of SVC-3 by the clerk; returns its id."""

    def make(service: str = "SVC-3", *, sender: Any = None) -> bytes:
        number_hash = next(_counter).to_bytes(32, "big")
        receipt = ledger.submit((number_hash, code(service), b"\x11" * 32, []), sender=sender or clerk)
        return submitted_id(ledger, receipt)

    return make
