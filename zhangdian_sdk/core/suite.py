"""The suite described once: its contracts, what each needs wired, and who holds which role.

Every table about the suite derives from :data:`SUITE`: the artifacts shipped with the SDK
(:data:`zhangdian_sdk.core.artifacts.SUITE_CONTRACTS`), the deployment order and constructor arguments
(:func:`zhangdian_sdk.ops.deploy.deploy_suite`, :func:`~zhangdian_sdk.ops.deploy.implementation_arguments`),
the roles the governance timelock and guardian receive (:func:`zhangdian_sdk.ops.governance.govern_suite`),
the contracts ``zhangdian upgrade`` offers, and the contract tests' fixtures (``tests/ape/conftest.py``).
Adding a contract to the suite means adding one :class:`SuiteContract` here (and its Solidity).

Pure data and small helpers: nothing here talks to a chain.

Usage::

    for contract in deployment_order():
        arguments = contract.constructor_arguments(addresses, {"home_region": 370303})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from zhangdian_sdk.core.errors import ConfigurationError, InvalidInputError
from zhangdian_sdk.core.roles import DEFAULT_ADMIN_ROLE

__all__ = [
    "CALENDAR_CONTRACT",
    "DEFAULT_ADMIN_ROLE",
    "GOVERNANCE_CONTRACTS",
    "PAUSABLE_CONTRACTS",
    "PAUSER_ROLE",
    "PROXY_CONTRACT",
    "RULE_CONTRACTS",
    "SUITE",
    "SUITE_CONTRACTS",
    "UPGRADEABLE_CONTRACTS",
    "Grant",
    "Link",
    "SuiteContract",
    "deploy_in_order",
    "deployment_order",
    "suite_contract",
]

PAUSER_ROLE = "PAUSER_ROLE"

T = TypeVar("T")


@dataclass(frozen=True)
class Grant:
    """A role of one suite contract given, at deployment, to another suite contract (``to``)."""

    role: str
    to: str


@dataclass(frozen=True)
class Link:
    """A setter of one suite contract called, at deployment, with the address of another (``to``): the
    department registry's role listener is the certificate registry. An existing deployment gets it
    through governance (:func:`zhangdian_sdk.ops.upgrades.link_actions`)."""

    setter: str
    to: str
    getter: str  # reads what the setter set (zero when unset)


@dataclass(frozen=True)
class SuiteContract:
    """One contract of the suite.

    - ``needs``: the suite contracts its implementation's constructor takes, in the constructor's order
      (they are deployed first); ``parameters`` follow them: named deployment settings, not contracts.
    - ``admin_roles``: the role constants ``initialize(admin)`` gives the admin, each handed to the
      governance timelock; ``pauser_role``: the role that may pause (``None``: not pausable), given to
      the admin at initialisation and handed to the guardian.
    - ``grants``: roles given to other suite contracts once they exist (the ledger writes the registries).
    - ``links``: admin setters called with other suite contracts' addresses once they exist.
    - ``upgradeable``: an implementation behind an ERC-1967 (UUPS) proxy, initialised for the admin in the
      proxy's creation; otherwise deployed directly, its constructor taking the admin after its arguments.
    """

    name: str
    needs: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()
    admin_roles: tuple[str, ...] = (DEFAULT_ADMIN_ROLE,)
    pauser_role: str | None = None
    grants: tuple[Grant, ...] = ()
    links: tuple[Link, ...] = ()
    upgradeable: bool = True

    @property
    def wired_to(self) -> tuple[str, ...]:
        """The suite contracts its grants and links name: it is wired once they are all deployed."""
        return tuple(grant.to for grant in self.grants) + tuple(link.to for link in self.links)

    @property
    def pausable(self) -> bool:
        return self.pauser_role is not None

    @property
    def initial_roles(self) -> tuple[str, ...]:
        """What ``initialize(admin)`` gives the admin: the admin roles, then the pauser role."""
        return self.admin_roles + ((self.pauser_role,) if self.pauser_role else ())

    @property
    def role_names(self) -> tuple[str, ...]:
        """Every role constant the descriptor names for this contract."""
        granted = tuple(grant.role for grant in self.grants if grant.role not in self.initial_roles)
        return self.initial_roles + granted

    def constructor_arguments(self, deployed: Mapping[str, T], parameters: Mapping[str, object]) -> tuple[object, ...]:
        """The implementation's constructor arguments: the deployed dependencies (addresses or
        contract objects), then the named parameters."""
        missing = [name for name in self.needs if name not in deployed] + [
            name for name in self.parameters if name not in parameters
        ]
        if missing:
            raise ConfigurationError(
                f"{self.name} 的构造参数缺少 {', '.join(missing)} / "
                f"{self.name} needs {', '.join(missing)} before it can be deployed"
            )
        return tuple(deployed[name] for name in self.needs) + tuple(parameters[name] for name in self.parameters)


SUITE: tuple[SuiteContract, ...] = (
    SuiteContract(
        "DepartmentRegistry",
        admin_roles=(DEFAULT_ADMIN_ROLE, "REGISTRAR_ROLE"),
        # Role changes end the certificate registry's status signers in the same transaction.
        links=(Link("setRoleListener", "CertificateRegistry", getter="roleListener"),),
    ),
    SuiteContract(
        "ServiceCatalog", needs=("DepartmentRegistry",), admin_roles=(DEFAULT_ADMIN_ROLE, "CATALOG_ADMIN_ROLE")
    ),
    SuiteContract(
        "MaterialRegistry",
        needs=("DepartmentRegistry",),
        admin_roles=(DEFAULT_ADMIN_ROLE, "REGISTRAR_ROLE"),
        pauser_role=PAUSER_ROLE,
        grants=(Grant("LEDGER_ROLE", "ApplicationLedger"),),
    ),
    SuiteContract("WorkingCalendar", admin_roles=(DEFAULT_ADMIN_ROLE, "CALENDAR_ADMIN_ROLE")),
    SuiteContract(
        "ApplicationLedger",
        needs=("DepartmentRegistry", "ServiceCatalog", "MaterialRegistry", "CertificateRegistry", "WorkingCalendar"),
        pauser_role=PAUSER_ROLE,
    ),
    SuiteContract(
        "CertificateRegistry",
        needs=("DepartmentRegistry",),
        pauser_role=PAUSER_ROLE,
        grants=(Grant("LEDGER_ROLE", "ApplicationLedger"),),
    ),
    SuiteContract(
        "RegionFederation",
        parameters=("home_region",),
        admin_roles=(DEFAULT_ADMIN_ROLE, "FEDERATION_ADMIN_ROLE"),
        pauser_role=PAUSER_ROLE,
    ),
    SuiteContract("ServiceRatings", needs=("ApplicationLedger",), pauser_role=PAUSER_ROLE),
    # 更正 (issue 18): reads the ledger, the certificates and the departments; writes only its own records.
    SuiteContract(
        "CorrectionRegistry",
        needs=("DepartmentRegistry", "ApplicationLedger", "CertificateRegistry"),
        pauser_role=PAUSER_ROLE,
    ),
)

SUITE_CONTRACTS = tuple(contract.name for contract in SUITE)
UPGRADEABLE_CONTRACTS = tuple(contract.name for contract in SUITE if contract.upgradeable)
PAUSABLE_CONTRACTS = tuple(contract.name for contract in SUITE if contract.pausable)

# The working-day calendar: deployment sets the years shipped with the SDK before handing it to the admin.
CALENDAR_CONTRACT = "WorkingCalendar"
# The ERC-1967 proxy every upgradeable suite contract sits behind.
PROXY_CONTRACT = "SuiteProxy"
# The council's contracts, deployed by the governance set-up (not part of the suite's wiring).
GOVERNANCE_CONTRACTS = ("CouncilSeats", "Timelock", "Council")
# Automation rules shipped with the suite; the catalogue admin deploys them per service as needed.
RULE_CONTRACTS = ("MaterialValidRule", "PrerequisiteServiceRule", "WaitingPeriodRule", "FeePaymentRule")


def suite_contract(name: str) -> SuiteContract:
    """The descriptor of the suite contract ``name``."""
    for contract in SUITE:
        if contract.name == name:
            return contract
    raise InvalidInputError(
        f"{name} 不是本套合约之一 (可选: {', '.join(SUITE_CONTRACTS)}) / "
        f"{name} is not a contract of the suite (one of: {', '.join(SUITE_CONTRACTS)})"
    )


def deployment_order(contracts: tuple[SuiteContract, ...] = SUITE) -> tuple[SuiteContract, ...]:
    """The contracts in an order where each comes after what it needs: the listed order, except that
    a contract waits for its dependencies. Refuses an unknown dependency or a cycle."""
    names = {contract.name for contract in contracts}
    for contract in contracts:
        unknown = [name for name in contract.needs + contract.wired_to if name not in names]
        if unknown:
            raise ConfigurationError(f"{contract.name} refers to {', '.join(unknown)}, which is not in the suite")
    ordered: list[SuiteContract] = []
    placed: set[str] = set()
    while len(ordered) < len(contracts):
        ready = next((c for c in contracts if c.name not in placed and placed.issuperset(c.needs)), None)
        if ready is None:
            waiting = ", ".join(c.name for c in contracts if c.name not in placed)
            raise ConfigurationError(f"the suite's dependencies form a cycle among {waiting}")
        ordered.append(ready)
        placed.add(ready.name)
    return tuple(ordered)


def deploy_in_order(
    deploy: Callable[[SuiteContract, tuple[object, ...]], T],
    wire: Callable[[SuiteContract, Mapping[str, T]], None],
    parameters: Mapping[str, object],
    contracts: tuple[SuiteContract, ...] = SUITE,
) -> dict[str, T]:
    """Walk the suite in :func:`deployment_order`: ``deploy(contract, constructor_arguments)`` returns
    what later constructors take (an address or a contract object); ``wire(contract, deployed)`` runs
    for each contract with :attr:`~SuiteContract.grants` or :attr:`~SuiteContract.links` as soon as every
    contract they name is deployed."""
    deployed: dict[str, T] = {}
    waiting: list[SuiteContract] = []
    for contract in deployment_order(contracts):
        deployed[contract.name] = deploy(contract, contract.constructor_arguments(deployed, parameters))
        if contract.wired_to:
            waiting.append(contract)
        for ready in [c for c in waiting if all(name in deployed for name in c.wired_to)]:
            wire(ready, deployed)
            waiting.remove(ready)
    return deployed
