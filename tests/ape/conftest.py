"""Fixtures for the contract tests, which run under ape (in-process EVM by default, anvil with
``--network ethereum:local:foundry``). Ape reverts the chain between tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from eth_abi import encode
from eth_utils.crypto import keccak

from zhangdian_sdk.core.models import ApplicationStatus, OfficerRole
from zhangdian_sdk.core.suite import SuiteContract, deploy_in_order, suite_contract

CLERK, APPROVER, ISSUER, MANAGER = OfficerRole.CLERK, OfficerRole.APPROVER, OfficerRole.ISSUER, OfficerRole.MANAGER
# The statuses by the short names the ledger tests use.
SUBMITTED, ACCEPTED, IN_REVIEW, SUPPLEMENT, APPROVED, REJECTED, COMPLETED, WITHDRAWN, SPECIAL = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.SUPPLEMENT_REQUESTED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.COMPLETED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.SPECIAL_PROCEDURE,
)
DAY = 86_400
# TimeUnit (contracts/common/Types.sol)
WORKING_DAYS, NATURAL_DAYS, HOURS = 0, 1, 2


def hours(seconds: int) -> tuple[int, int]:
    """A TimeLimit of ``seconds`` counted in hours (whole hours), which runs exactly that long."""
    return (seconds // 3600, HOURS)


HOME_REGION = 370303
PARAMETERS = {"home_region": HOME_REGION}  # the suite's deployment parameters (zhangdian_sdk.core.suite)


def code(text: str) -> bytes:
    """A department or service code as the contracts store it."""
    return text.encode().ljust(32, b"\0")


APPLICATION_ID_TAG = keccak(text="zhangdian.ApplicationLedger.applicationId")


def app_id(number: str | bytes, department: str = "ZD-XPSJ") -> bytes:
    """The id the ledger gives a submission of ``number`` (a 办件编号, or its keccak-256) to ``department``
    (``applicationIdFor``)."""
    number_hash = keccak(text=number) if isinstance(number, str) else number
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


def implementation(project: Any, name: str, deployed: Mapping[str, Any], sender: Any) -> Any:
    """A new implementation of the suite contract ``name``, built on the ``deployed`` contracts it needs."""
    arguments = suite_contract(name).constructor_arguments(deployed, PARAMETERS)
    return getattr(project, name).deploy(*arguments, sender=sender)


def deploy_with_ape(project: Any, admin: Any) -> dict[str, Any]:
    """The suite deployed with ape's accounts as :func:`zhangdian_sdk.ops.deploy.deploy_suite` deploys it: the
    descriptor's order, constructor arguments and grants, every admin role with ``admin``."""

    def deploy(contract: SuiteContract, arguments: tuple[object, ...]) -> Any:
        container = getattr(project, contract.name)
        if not contract.upgradeable:
            return container.deploy(*arguments, admin, sender=admin)
        return proxied(project, container, admin, *arguments)

    def wire(contract: SuiteContract, deployed: Mapping[str, Any]) -> None:
        instance = deployed[contract.name]
        for grant in contract.grants:
            instance.grantRole(getattr(instance, grant.role)(), deployed[grant.to], sender=admin)
        for link in contract.links:
            getattr(instance, link.setter)(deployed[link.to], sender=admin)

    return deploy_in_order(deploy, wire, PARAMETERS)


@pytest.fixture(scope="session")
def deployed_suite(project: Any, admin: Any) -> dict[str, Any]:
    """Every contract of the suite by name, deployed and wired through the suite descriptor."""
    return deploy_with_ape(project, admin)


@pytest.fixture(scope="session")
def registry(
    deployed_suite: dict[str, Any], admin: Any, clerk: Any, approver: Any, inspector: Any, manager: Any
) -> Any:
    contract = deployed_suite["DepartmentRegistry"]
    contract.registerDepartment(
        code("ZD-XPSJ"), HOME_REGION, b"113703030042351144", "张店区行政审批服务局", "Approval Bureau", sender=admin
    )
    contract.registerDepartment(
        code("ZD-SCJGJ"), HOME_REGION, b"113703030042351144", "张店区市场监督管理局", "Market Supervision", sender=admin
    )
    contract.grantOfficerRole(code("ZD-XPSJ"), clerk, CLERK, sender=admin)
    contract.grantOfficerRole(code("ZD-XPSJ"), approver, APPROVER, sender=admin)
    contract.grantOfficerRole(code("ZD-SCJGJ"), inspector, APPROVER, sender=admin)
    contract.grantOfficerRole(code("ZD-XPSJ"), manager, MANAGER, sender=admin)
    return contract


def definition(steps: list[tuple[str, int]], *, owner: str = "ZD-XPSJ", materials: tuple[str, ...] = ()) -> tuple:
    """A ServiceDefinition tuple with the given (department, role) steps: 10 days promised and 1 day per
    step, counted in hours (so that they run exactly that long, whatever the calendar)."""
    return (
        code(owner),
        hours(10 * DAY),
        hours(10 * DAY),
        "测试事项",
        "Test service",
        [(code(d), role, 24) for d, role in steps],
        [code(m) for m in materials],
        [],
        NO_NATIONAL,
    )


# A ServiceDefinition's NationalProfile with nothing recorded yet: no codes, item type 0, case type None.
NO_NATIONAL = ("", "", "", 0, 0)


THREE_STEPS = [("ZD-XPSJ", APPROVER), ("ZD-SCJGJ", APPROVER), ("ZD-XPSJ", APPROVER)]


@pytest.fixture(scope="session")
def catalog(deployed_suite: dict[str, Any], admin: Any, registry: Any) -> Any:
    contract = deployed_suite["ServiceCatalog"]
    contract.publishService(code("SVC-3"), definition(THREE_STEPS), sender=admin)
    contract.publishService(code("SVC-1"), definition([("ZD-XPSJ", APPROVER)]), sender=admin)
    return contract


@pytest.fixture(scope="session")
def materials(deployed_suite: dict[str, Any], registry: Any) -> Any:
    """The MaterialRegistry, with the departments of ``registry`` in place."""
    return deployed_suite["MaterialRegistry"]


@pytest.fixture(scope="session")
def certificates(deployed_suite: dict[str, Any], registry: Any) -> Any:
    """The CertificateRegistry, with the departments of ``registry`` in place."""
    return deployed_suite["CertificateRegistry"]


@pytest.fixture(scope="session")
def ledger(deployed_suite: dict[str, Any], registry: Any, catalog: Any) -> Any:
    """The ledger, with the departments and services of ``registry`` and ``catalog`` in place."""
    return deployed_suite["ApplicationLedger"]


_counter = iter(range(1, 10**9))


@pytest.fixture
def submit(ledger: Any, clerk: Any) -> Callable[..., bytes]:
    """``submit()``: a new application of SVC-3 by the clerk; returns its id."""

    def make(service: str = "SVC-3", *, sender: Any = None) -> bytes:
        number = f"N-{next(_counter)}"
        receipt = ledger.submit((number, code(service), b"\x11" * 32, []), sender=sender or clerk)
        return submitted_id(ledger, receipt)

    return make
