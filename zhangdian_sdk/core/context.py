"""What a facade needs from the chain, and nothing more: the node, the deployment, contract objects,
read calls with the SDK's exceptions, and the signer's transaction sender (made when first needed).

The client builds one :class:`ChainContext` and hands it to every facade; no facade sees the client.

Usage::

    chain = ChainContext(w3, Deployment.load(chain_id=w3.eth.chain_id), signer=load_signer())
    ledger = chain.contract("ApplicationLedger")
    count = chain.call(ledger.functions.applicationCount())
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import requests
from eth_utils.address import to_checksum_address
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import ContractCustomError, ContractLogicError, ContractPanicError

from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.deployments import Deployment, RuleDeployment
from zhangdian_sdk.core.errors import ConfigurationError
from zhangdian_sdk.core.tx import TransactionSender, explain_call_error

__all__ = ["ChainContext"]


class ChainContext:
    """One deployment of the suite on one chain, as the facades read and write it."""

    def __init__(
        self,
        w3: Web3,
        deployment: Deployment,
        *,
        signer: Signer | None = None,
        receipt_timeout: float = 120.0,
    ) -> None:
        self.w3 = w3
        self.deployment = deployment
        self.signer = signer
        self.receipt_timeout = receipt_timeout

    @cached_property
    def sender(self) -> TransactionSender:
        """The transaction pipeline of the signer, made at the first write; reads never need it."""
        if self.signer is None:
            raise ConfigurationError(
                "没有签名账户 / this client has no account to sign with: pass signer=load_signer(...) "
                "(CLI: --keystore, --ape-account, or ZHANGDIAN_PRIVATE_KEY)"
            )
        return TransactionSender(self.w3, self.signer, receipt_timeout=self.receipt_timeout)

    def record_rule(self, rule: RuleDeployment) -> None:
        """Add a deployed rule to this deployment, and to its manifest file when it was read from one."""
        self.deployment = self.deployment.record_rule(rule)

    def contract(self, name: str) -> Contract:
        """The web3 contract object of one of the suite's contracts in this deployment."""
        return self.at(name, self.deployment.address_of(name))

    def at(self, name: str, address: str) -> Contract:
        """A contract with the shipped ABI of ``name`` at ``address`` (a rule, a peer's registry)."""
        return self.w3.eth.contract(address=to_checksum_address(address), abi=load_artifact(name).abi)

    def call(self, function: Any) -> Any:
        """Run a read-only contract call, translating reverts into the SDK's exceptions."""
        try:
            return function.call()
        except (ContractCustomError, ContractLogicError, ContractPanicError) as err:
            raise explain_call_error(err) from err
        except (requests.ConnectionError, ConnectionError) as err:
            raise explain_call_error(err) from err
