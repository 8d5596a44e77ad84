"""Automation rules: deploy the shipped rules, confirm fee payments, describe a service's rules.

A rule is a contract the ledger asks, read-only and with bounded gas, before it completes an
application; the catalogue admin lists rules per service version (:meth:`CatalogFacade.set_automation`).

Usage::

    rule = client.rules.deploy_waiting_period(days=7)  # recorded in client.deployment (and its manifest file)
    client.catalog.set_automation("ZD-GTGSH-SL", Automation(rules=(rule,)))
    client.rules.confirm_payment(fee_rule, "ZD-2026-000123", receipt_hash=digest)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_utils.address import to_checksum_address

from zhangdian_sdk.core.artifacts import RULE_CONTRACTS, load_artifact
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.deployments import RuleDeployment
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import TransactionResult
from zhangdian_sdk.facades.facade import Facade
from zhangdian_sdk.facades.ledger import LedgerFacade

__all__ = ["RuleInfo", "RulesFacade"]

_DAY = 86_400
_MAX_UINT32 = 2**32 - 1


@dataclass(frozen=True)
class RuleInfo:
    """A deployed rule: its address, contract name and what it requires."""

    address: str
    kind: str
    description: str


class RulesFacade(Facade):
    """Deploys the rules shipped with the suite and talks to them; the rules serve the ledger
    (``contract_name``), whose ``ledger`` facade resolves application numbers."""

    contract_name = "ApplicationLedger"

    def __init__(self, chain: ChainContext, *, ledger: LedgerFacade) -> None:
        super().__init__(chain)
        self._ledger = ledger

    def deploy_waiting_period(self, *, seconds: int = 0, days: int = 0) -> str:
        """A rule: completion waits until ``seconds`` (plus ``days``) passed after the last approval."""
        period = seconds + days * _DAY
        if not 0 < period <= _MAX_UINT32:
            raise InvalidInputError(
                "等待期须在 1 秒到约 136 年之间 / a waiting period must be between 1 second and about 136 years"
            )
        return self._deploy("WaitingPeriodRule", period)

    def deploy_fee_payment(self, fee_department: str) -> str:
        """A rule: completion waits until a clerk of ``fee_department`` confirms the payment."""
        return self._deploy("FeePaymentRule", self._ledger_dependency("departments"), code_to_bytes32(fee_department))

    def deploy_prerequisite(self, service: str) -> str:
        """A rule: the same applicant must have completed ``service`` first."""
        return self._deploy("PrerequisiteServiceRule", code_to_bytes32(service))

    def deploy_material_valid(self, material_type: str, *, min_remaining_days: int = 0) -> str:
        """A rule: a ``material_type`` material is attached and stays valid ``min_remaining_days`` after completion."""
        remaining = min_remaining_days * _DAY
        if not 0 <= remaining <= _MAX_UINT32:
            raise InvalidInputError(
                "剩余有效期须在 0 到约 136 年之间 / the remaining validity must be between 0 and about 136 years"
            )
        return self._deploy(
            "MaterialValidRule", self._ledger_dependency("materials"), code_to_bytes32(material_type), remaining
        )

    def confirm_payment(self, rule: str, application: str | bytes, *, receipt_hash: bytes) -> TransactionResult:
        """Confirm an application's fee at a FeePaymentRule; no-op if the same receipt is on record."""
        if len(receipt_hash) != 32:
            raise InvalidInputError("收据哈希须为 32 字节 / a receipt hash has 32 bytes")
        app_id = self._ledger.resolve(application)
        contract = self._chain.at("FeePaymentRule", rule)
        return self._write(
            contract.functions.confirmPayment(app_id, receipt_hash),
            already=lambda: bytes(self._call(contract.functions.receiptOf(app_id))) == receipt_hash,
        )

    def describe(self, rule: str) -> RuleInfo:
        """What the rule at ``rule`` requires, read from the chain."""
        code = self._chain.w3.eth.get_code(to_checksum_address(rule))
        # Every rule implements IAutomationRule.describe(), shipped or not.
        description = str(self._call(self._chain.at("WaitingPeriodRule", rule).functions.describe()))
        return RuleInfo(address=to_checksum_address(rule), kind=_kind_by_runtime(code), description=description)

    def _deploy(self, name: str, *args: Any) -> str:
        """Deploy rule ``name`` for this ledger and record it in the deployment (and its manifest file, see
        :meth:`Deployment.record_rule`), with what ``verify-source`` needs: the creating transaction, the
        artifact hash and the ABI-encoded constructor arguments."""
        self._chain.deployment.check_rule_recordable()
        artifact = load_artifact(name)
        arguments = (self._contract.address, *args)
        creation = self._chain.w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode).constructor(*arguments)
        encoded = creation.data_in_transaction.removeprefix("0x")[len(artifact.bytecode.removeprefix("0x")) :]
        receipt = self._chain.sender.deploy(artifact.abi, artifact.bytecode, *arguments)
        address = receipt["contractAddress"]
        assert address is not None  # a successful creation receipt always has one
        self._chain.record_rule(
            RuleDeployment(
                kind=name,
                address=to_checksum_address(address),
                block_number=int(receipt["blockNumber"]),
                transaction_hash=receipt["transactionHash"].to_0x_hex(),
                artifact_hash=artifact.artifact_hash,
                constructor_arguments=encoded,
            )
        )
        return str(address)

    def _ledger_dependency(self, name: str) -> str:
        return str(self._call(getattr(self._contract.functions, name)()))


def _kind_by_runtime(code: bytes) -> str:
    """Which shipped rule the runtime code is. Immutables differ per deployment, so the code is
    matched by its length and its dispatcher prefix, which hold no immutables."""
    for name in RULE_CONTRACTS:
        runtime = load_artifact(name).runtime_bytecode
        expected = bytes.fromhex(runtime[2:] if runtime.startswith("0x") else runtime)
        if len(expected) == len(code) and expected[:64] == bytes(code)[:64]:
            return name
    return "custom"
