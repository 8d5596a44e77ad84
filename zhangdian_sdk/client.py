"""Connect to a deployment of the suite and work with it through typed facades.

Usage::

    client = ZhangdianClient.connect("http://127.0.0.1:8545", signer=load_signer())
    client.ledger.submit("ZD-2026-000123", service="ZD-GTGSH-SL", applicant_commitment=commitment)
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import requests
from web3 import HTTPProvider, Web3
from web3.contract import Contract
from web3.types import RPCEndpoint

from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.errors import ConfigurationError, NodeConnectionError
from zhangdian_sdk.core.failover import FailoverProvider
from zhangdian_sdk.core.settings import Settings, load_settings
from zhangdian_sdk.core.tx import TransactionSender
from zhangdian_sdk.facades.appeals import AppealsFacade
from zhangdian_sdk.facades.calendar import CalendarFacade
from zhangdian_sdk.facades.catalog import CatalogFacade
from zhangdian_sdk.facades.certificates import CertificatesFacade
from zhangdian_sdk.facades.corrections import CorrectionsFacade
from zhangdian_sdk.facades.departments import DepartmentsFacade
from zhangdian_sdk.facades.federation import FederationFacade
from zhangdian_sdk.facades.ledger import LedgerFacade
from zhangdian_sdk.facades.materials import MaterialsFacade
from zhangdian_sdk.facades.ratings import RatingsFacade
from zhangdian_sdk.facades.rules import RulesFacade

__all__ = ["DEFAULT_RPC_URL", "RPC_URL_ENV", "ZhangdianClient", "connect_web3"]

RPC_URL_ENV = Settings.env_name("rpc_url")
DEFAULT_RPC_URL = "http://127.0.0.1:8545"


def connect_web3(rpc_url: str | None = None, *, request_timeout: float = 30.0) -> Web3:
    """A Web3 connected to ``rpc_url`` (or ``ZHANGDIAN_RPC_URL``, or the local chain).

    Several URLs separated by commas are endpoints of the same chain, used in turn when one fails.
    """
    url = rpc_url or load_settings().rpc_url or DEFAULT_RPC_URL
    urls = [part.strip() for part in url.split(",") if part.strip()]
    provider = (
        FailoverProvider(urls, request_timeout=request_timeout)
        if len(urls) > 1
        else HTTPProvider(
            url,
            request_kwargs={"timeout": request_timeout},
            # web3's middleware asks the chain id before every call and estimate; it never changes.
            cache_allowed_requests=True,
            cacheable_requests={RPCEndpoint("eth_chainId")},
        )
    )
    w3 = Web3(provider)
    try:
        w3.eth.chain_id  # noqa: B018 - the first request tells whether the node answers
    except (requests.ConnectionError, ConnectionError) as err:
        raise NodeConnectionError(
            f"无法连接区块链节点 {url} / cannot reach the RPC node at {url}: start the local chain with "
            "`zhangdian chain up`, or pass --rpc-url / set ZHANGDIAN_RPC_URL"
        ) from err
    return w3


class ZhangdianClient:
    """One deployment of the suite on one chain, read and (with a signer) written."""

    def __init__(
        self,
        w3: Web3,
        deployment: Deployment,
        *,
        signer: Signer | None = None,
        receipt_timeout: float = 120.0,
    ) -> None:
        self.chain = ChainContext(w3, deployment, signer=signer, receipt_timeout=receipt_timeout)
        """What the facades get: the node, the deployment, contracts, reads and the lazily made sender."""

    @property
    def w3(self) -> Web3:
        return self.chain.w3

    @property
    def deployment(self) -> Deployment:
        return self.chain.deployment

    @property
    def signer(self) -> Signer | None:
        return self.chain.signer

    @classmethod
    def connect(
        cls,
        rpc_url: str | None = None,
        *,
        signer: Signer | None = None,
        deployment: Path | Deployment | None = None,
        receipt_timeout: float = 120.0,
    ) -> ZhangdianClient:
        """Connect by RPC URL; the manifest defaults to ``deployments/<chain id>.json``."""
        w3 = connect_web3(rpc_url)
        if not isinstance(deployment, Deployment):
            deployment = Deployment.load(chain_id=w3.eth.chain_id, path=deployment)
        if deployment.chain_id != w3.eth.chain_id:
            raise ConfigurationError(
                f"部署清单与节点的链不同 / "
                f"the manifest is for chain {deployment.chain_id} but the node is chain {w3.eth.chain_id}"
            )
        return cls(w3, deployment, signer=signer, receipt_timeout=receipt_timeout)

    @classmethod
    def from_ape(cls, *, deployment: Path | Deployment | None = None, signer: Signer | None = None) -> ZhangdianClient:
        """Use the network ape is connected to (inside ``ape run`` or ``ape test``)."""
        from ape import chain

        w3 = chain.provider.web3
        if not isinstance(deployment, Deployment):
            deployment = Deployment.load(chain_id=w3.eth.chain_id, path=deployment)
        return cls(w3, deployment, signer=signer)

    @property
    def sender(self) -> TransactionSender:
        """The transaction pipeline of the signer; needed for every write."""
        return self.chain.sender

    def contract(self, name: str) -> Contract:
        """The web3 contract object of one of the suite's contracts."""
        return self.chain.contract(name)

    def call(self, function: Any) -> Any:
        """Run a read-only contract call, translating reverts into the SDK's exceptions."""
        return self.chain.call(function)

    @cached_property
    def departments(self) -> DepartmentsFacade:
        return DepartmentsFacade(self.chain)

    @cached_property
    def catalog(self) -> CatalogFacade:
        return CatalogFacade(self.chain)

    @cached_property
    def ledger(self) -> LedgerFacade:
        return LedgerFacade(self.chain, departments=self.departments, catalog=self.catalog)

    @cached_property
    def materials(self) -> MaterialsFacade:
        return MaterialsFacade(self.chain)

    @cached_property
    def certificates(self) -> CertificatesFacade:
        return CertificatesFacade(self.chain, ledger=self.ledger, departments=self.departments)

    @cached_property
    def federation(self) -> FederationFacade:
        return FederationFacade(self.chain)

    @cached_property
    def ratings(self) -> RatingsFacade:
        return RatingsFacade(self.chain, ledger=self.ledger)

    @cached_property
    def corrections(self) -> CorrectionsFacade:
        return CorrectionsFacade(self.chain, ledger=self.ledger)

    @cached_property
    def calendar(self) -> CalendarFacade:
        return CalendarFacade(self.chain)

    @cached_property
    def rules(self) -> RulesFacade:
        return RulesFacade(self.chain, ledger=self.ledger)

    @cached_property
    def appeals(self) -> AppealsFacade:
        """行政复议: appeals against the ledger's decisions (AppealRegistry)."""
        return AppealsFacade(self.chain, ledger=self.ledger)
