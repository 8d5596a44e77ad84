"""Fixtures shared by the SDK, CLI and end-to-end tests: a real anvil chain started by the tests.

Contract tests under tests/contracts use ape's in-process chain and fixtures instead.
"""

from __future__ import annotations

import itertools
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import ApprovalStep, OfficerRole, ServiceDefinition, TimeLimit, TimeUnit
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.localchain import LocalChain


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the forge invariant campaigns in the background as soon as they are known to be wanted."""
    if any("tests/forge/" in item.nodeid for item in session.items):
        from tests.forge import runner

        runner.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.forge import runner

    runner.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def anvil_chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalChain]:
    """One anvil for the session, on a free port, with its own dev accounts and state file."""
    chain = LocalChain(port=free_port(), folder=tmp_path_factory.mktemp("chain"))
    chain.up()
    yield chain
    chain.down()


@pytest.fixture(scope="session")
def w3(anvil_chain: LocalChain) -> Web3:
    return connect_web3(anvil_chain.rpc_url)


@dataclass(frozen=True)
class Officers:
    """The dev accounts by the part they play in the tests."""

    admin: LocalSigner
    clerk: LocalSigner
    approver: LocalSigner
    inspector: LocalSigner
    outsider: LocalSigner


@pytest.fixture(scope="session")
def officers(anvil_chain: LocalChain) -> Officers:
    return Officers(*(anvil_chain.dev_signer(i) for i in range(5)))


@pytest.fixture(scope="session")
def deployment(w3: Web3, officers: Officers, tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    """The suite deployed once per session, with two departments, their officers and two services."""
    manifest = tmp_path_factory.mktemp("deployments") / f"{w3.eth.chain_id}.json"
    deployment = deploy_suite(w3, officers.admin, manifest_path=manifest)
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    admin.departments.register(
        "ZD-XPSJ", 370303, "113703030042351144", "张店区行政审批服务局", "Administrative Approval Service Bureau"
    )
    admin.departments.register(
        "ZD-SCJGJ", 370303, "113703030042351144", "张店区市场监督管理局", "Market Supervision Administration"
    )
    admin.departments.grant("ZD-XPSJ", officers.clerk.address, OfficerRole.CLERK)
    admin.departments.grant("ZD-XPSJ", officers.approver.address, OfficerRole.APPROVER)
    admin.departments.grant("ZD-SCJGJ", officers.inspector.address, OfficerRole.APPROVER)
    admin.catalog.publish("ZD-GTGSH-SL", SOLE_PROPRIETOR)
    admin.catalog.publish("ZD-SPJY-XK", FOOD_LICENCE)
    admin.catalog.publish("ZD-JKZM-BA", HEALTH_CERTIFICATE_SERVICE)
    return deployment


SOLE_PROPRIETOR = ServiceDefinition(
    owner_department="ZD-XPSJ",
    name_zh="个体工商户设立登记",
    name_en="Sole proprietorship registration",
    steps=(ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 24),),
    promised_time_limit=TimeLimit(3 * 24, TimeUnit.HOURS),
    legal_time_limit=TimeLimit(3 * 24, TimeUnit.HOURS),
)

FOOD_LICENCE = ServiceDefinition(
    owner_department="ZD-XPSJ",
    name_zh="食品经营许可",
    name_en="Food business licence",
    steps=(
        ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 2 * 24),
        ApprovalStep("ZD-SCJGJ", OfficerRole.APPROVER, 5 * 24),
        ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 2 * 24),
    ),
    promised_time_limit=TimeLimit(10 * 24, TimeUnit.HOURS),
    legal_time_limit=TimeLimit(10 * 24, TimeUnit.HOURS),
)

HEALTH_CERTIFICATE_SERVICE = ServiceDefinition(
    owner_department="ZD-XPSJ",
    name_zh="从业人员健康证明备案",
    name_en="Food handler health certificate record",
    steps=(ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 24),),
    promised_time_limit=TimeLimit(2 * 24, TimeUnit.HOURS),
    legal_time_limit=TimeLimit(2 * 24, TimeUnit.HOURS),
    required_material_types=("ID-CARD", "HEALTH-CERT"),
)


@pytest.fixture
def client_for(w3: Web3, deployment: Deployment, officers: Officers):  # type: ignore[no-untyped-def]
    """``client_for("clerk")``: a client signing as that officer."""

    def make(role: str) -> ZhangdianClient:
        return ZhangdianClient(w3, deployment, signer=getattr(officers, role))

    return make


@pytest.fixture
def manifest_path(deployment: Deployment, tmp_path: Path) -> Path:
    """A copy of the session's manifest in this test's folder."""
    return deployment.save(tmp_path / f"{deployment.chain_id}.json")


_numbers = itertools.count(1)


@pytest.fixture
def new_number() -> Callable[[], str]:
    """``new_number()``: a fresh application number (the chain is shared by the whole session)."""
    return lambda: f"ZD-T-{next(_numbers):06d}"


MARKET_SERVICE = ServiceDefinition(
    owner_department="ZD-SCJGJ",
    name_zh="食品生产许可",
    name_en="Food production licence",
    steps=(ApprovalStep("ZD-SCJGJ", OfficerRole.APPROVER, 24),),
    promised_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
    legal_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
)


@pytest.fixture
def market_clerk(anvil_chain: LocalChain, w3: Web3, deployment: Deployment, officers: Officers) -> ZhangdianClient:
    """A clerk of ZD-SCJGJ (dev account 8), which owns the service ZD-SC-SCXK; set up once per chain.
    With it a test uses one application number in two departments."""
    signer = anvil_chain.dev_signer(8)
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    if not admin.departments.has_role("ZD-SCJGJ", signer.address, OfficerRole.CLERK):
        admin.departments.grant("ZD-SCJGJ", signer.address, OfficerRole.CLERK)
    admin.catalog.publish("ZD-SC-SCXK", MARKET_SERVICE)
    return ZhangdianClient(w3, deployment, signer=signer)
