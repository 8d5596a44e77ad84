"""The transaction pipeline: simulate, sign, send, wait, and explain failures.

Every call is simulated first (``eth_estimateGas``), so a call that would revert raises the
matching :mod:`zhangdian_sdk.core.errors` exception and sends nothing. Nonces are kept locally so that
many transactions can be signed and sent before the first receipt (pipelining); fees follow
EIP-1559 where the chain has a base fee, legacy gas prices elsewhere. On a free-gas network (base fee
0, as a consortium chain runs: docs/consortium.md) every fee is 0, so accounts need no ETH.

Usage: ``receipt = sender.send(contract.functions.accept(app_id))``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from eth_abi.abi import encode as abi_encode
from eth_typing import ChecksumAddress, HexStr
from eth_utils.abi import get_abi_input_types
from hexbytes import HexBytes
from web3 import Web3
from web3.contract.contract import ContractFunction
from web3.exceptions import (
    ContractCustomError,
    ContractLogicError,
    ContractPanicError,
    TimeExhausted,
    Web3RPCError,
)
from web3.types import TxParams, TxReceipt

from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.errors import (
    NodeConnectionError,
    NonceConflictError,
    TransactionError,
    TransactionTimeoutError,
    ZhangdianError,
    decode_revert,
)

__all__ = ["EncodedCall", "FeePolicy", "TransactionSender", "explain_call_error"]

_GAS_HEADROOM = 1.2
_DEFAULT_PRIORITY_FEE = Web3.to_wei(1, "gwei")


@dataclass(frozen=True)
class FeePolicy:
    """How fees are set: EIP-1559 caps as a multiple of the base fee, or fixed overrides."""

    base_fee_multiplier: int = 2
    max_priority_fee: int | None = None
    gas_price: int | None = None


@dataclass(frozen=True)
class EncodedCall:
    """A contract call already ABI-encoded: bulk paths encode with eth-abi directly, which is
    many times faster than building a web3 ContractFunction for every batch.

    Usage: ``EncodedCall.of(ledger.functions.accept(app_id)).data`` is the call's calldata.
    """

    address: str
    data: bytes

    @classmethod
    def of(cls, call: ContractFunction | EncodedCall) -> EncodedCall:
        """The calldata of a web3 contract call: its selector and its arguments encoded with eth-abi
        (web3 has checked and normalised them against the function's ABI when the call was built)."""
        if isinstance(call, EncodedCall):
            return call
        selector = bytes.fromhex(str(call.selector).removeprefix("0x"))
        return cls(str(call.address), selector + abi_encode(get_abi_input_types(call.abi), call.arguments))


def explain_call_error(err: Exception) -> ZhangdianError:
    """Translate a web3 call/estimate failure into the SDK's exception for it."""
    if isinstance(err, ContractCustomError):
        return decode_revert(_revert_data(err))
    if isinstance(err, ContractPanicError):
        return TransactionError(f"合约内部错误 / contract panic: {err}")
    if isinstance(err, ContractLogicError):
        data = _revert_data(err)
        if data and len(data) >= 4:
            return decode_revert(data)
        return TransactionError(f"合约拒绝 / the contract reverted: {err}")
    if isinstance(err, requests.ConnectionError | ConnectionError):
        return NodeConnectionError(f"无法连接区块链节点 / cannot reach the RPC node: {err}")
    return TransactionError(f"{type(err).__name__}: {err}")


def _revert_data(err: Exception) -> bytes:
    data = getattr(err, "data", None)
    if isinstance(data, dict):
        data = data.get("data")
    if isinstance(data, str):
        try:
            return bytes.fromhex(data.removeprefix("0x"))
        except ValueError:
            return b""
    return bytes(data) if isinstance(data, bytes | bytearray) else b""


class TransactionSender:
    """Sends transactions from one signer, keeping its nonce locally.

    Thread-safe for nonce allocation: several threads may share a sender.
    """

    def __init__(
        self,
        w3: Web3,
        signer: Signer,
        *,
        receipt_timeout: float = 120.0,
        poll_interval: float = 0.05,
        fees: FeePolicy | None = None,
    ) -> None:
        self.w3 = w3
        self.signer = signer
        self.receipt_timeout = receipt_timeout
        self.poll_interval = poll_interval
        self.fees = fees or FeePolicy()
        self._lock = threading.Lock()
        self._next_nonce: int | None = None
        self._chain_id: int | None = None
        self._fees: tuple[float, dict[str, int]] | None = None

    @property
    def address(self) -> ChecksumAddress:
        return self.signer.address

    @property
    def chain_id(self) -> int:
        if self._chain_id is None:
            self._chain_id = int(self._rpc(lambda: self.w3.eth.chain_id))
        return self._chain_id

    def send(self, call: ContractFunction) -> TxReceipt:
        """Simulate, sign, send and wait for one contract call; raise on any failure."""
        tx = self._prepare(call)
        tx_hash = self._sign_and_send(tx)
        return self.wait(tx_hash, tx)

    def send_many(
        self,
        calls: Sequence[ContractFunction | EncodedCall],
        *,
        window: int = 64,
        on_mined: Callable[[int, TxReceipt], None] | None = None,
        shapes: Sequence[Any] | None = None,
    ) -> list[TxReceipt]:
        """Send independent calls pipelined: up to ``window`` in flight before waiting.

        Each call is simulated before it is signed, so a call that would revert raises before it
        is sent; calls sent before it stay sent and their receipts are awaited first. Calls given
        the same ``shapes`` entry do the same work: the first is simulated and the rest reuse its
        gas limit (a bulk import checks its rows before it sends, so it needs no second opinion).
        """
        receipts: list[TxReceipt] = []
        in_flight: list[tuple[HexBytes, TxParams]] = []
        gas_by_shape: dict[Any, int] = {}
        try:
            for index, call in enumerate(calls):
                shape = shapes[index] if shapes is not None else None
                if shape is not None and shape in gas_by_shape:
                    tx = self._encode(call)
                    tx["gas"] = gas_by_shape[shape]
                else:
                    tx = self._prepare(call)
                    if shape is not None:
                        gas_by_shape[shape] = int(tx["gas"])
                in_flight.append((self._sign_and_send(tx), tx))
                if len(in_flight) >= window:
                    self._drain(in_flight, receipts, on_mined)
        finally:
            self._drain(in_flight, receipts, on_mined)
        return receipts

    def deploy(self, abi: list[dict[str, Any]], bytecode: str, *args: Any) -> TxReceipt:
        """Deploy a contract; the receipt's ``contractAddress`` is its address."""
        factory = self.w3.eth.contract(abi=abi, bytecode=bytecode)
        constructor = factory.constructor(*args)
        tx: TxParams = {"from": self.address, "data": constructor.data_in_transaction}
        tx["gas"] = self._estimate(tx)
        tx_hash = self._sign_and_send(tx)
        return self.wait(tx_hash, tx)

    def wait(self, tx_hash: HexBytes, tx: TxParams | None = None) -> TxReceipt:
        """Wait for the receipt; raise the contract's error if the transaction reverted."""
        try:
            receipt = self.w3.eth.wait_for_transaction_receipt(
                tx_hash, timeout=self.receipt_timeout, poll_latency=self.poll_interval
            )
        except TimeExhausted:
            # The transaction may have been dropped: the next send reads the nonce from the node again,
            # so it never waits behind a gap.
            self.resync_nonce()
            raise TransactionTimeoutError(
                f"交易 {tx_hash.to_0x_hex()} 在 {self.receipt_timeout:.0f} 秒内未上链 / no receipt for "
                f"{tx_hash.to_0x_hex()} within {self.receipt_timeout:.0f} s; it may still be mined. "
                "Running the same command again is safe: records already on chain are not sent again."
            ) from None
        if receipt["status"] != 1:
            raise self._explain_failure(receipt, tx)
        return receipt

    def resync_nonce(self) -> None:
        """Forget the local nonce; the next send reads it from the node."""
        with self._lock:
            self._next_nonce = None

    def _drain(
        self,
        in_flight: list[tuple[HexBytes, TxParams]],
        receipts: list[TxReceipt],
        on_mined: Callable[[int, TxReceipt], None] | None,
    ) -> None:
        while in_flight:
            tx_hash, tx = in_flight.pop(0)
            receipt = self.wait(tx_hash, tx)
            receipts.append(receipt)
            if on_mined is not None:
                on_mined(len(receipts) - 1, receipt)

    def _prepare(self, call: ContractFunction | EncodedCall) -> TxParams:
        tx = self._encode(call)
        tx["gas"] = self._estimate(tx)
        return tx

    def _encode(self, call: ContractFunction | EncodedCall) -> TxParams:
        encoded = EncodedCall.of(call)
        return {"from": self.address, "to": encoded.address, "data": HexStr("0x" + encoded.data.hex())}  # type: ignore[typeddict-item]

    def _estimate(self, tx: TxParams) -> int:
        try:
            return int(self.w3.eth.estimate_gas(tx) * _GAS_HEADROOM)
        except (ContractCustomError, ContractLogicError, ContractPanicError) as err:
            raise explain_call_error(err) from err
        except Web3RPCError as err:
            raise TransactionError(f"节点拒绝估算 / the node refused to estimate gas: {err}") from err
        except (requests.ConnectionError, ConnectionError) as err:
            raise explain_call_error(err) from err

    def _sign_and_send(self, tx: TxParams) -> HexBytes:
        full = dict(tx)
        full.update(self._fee_fields())
        full["chainId"] = self.chain_id
        full.pop("from", None)
        for attempt in range(2):
            full["nonce"] = self._allocate_nonce()
            raw = self.signer.sign_transaction(full)
            try:
                return HexBytes(self.w3.eth.send_raw_transaction(raw))
            except Web3RPCError as err:
                message = str(err).lower()
                tx_hash = HexBytes(Web3.keccak(raw))
                if "already known" in message or self._known(tx_hash):
                    # A retry reached a node that has this very transaction: wait for it, never re-sign.
                    return tx_hash
                if "nonce too low" in message and attempt == 0:
                    self.resync_nonce()
                    continue
                if "underpriced" in message:
                    self.resync_nonce()
                    raise NonceConflictError(
                        f"账户 {self.address} 有另一笔同 nonce 的待处理交易 / another pending transaction of "
                        f"{self.address} uses this nonce (replacement underpriced); wait for it or speed it up, "
                        "then run the command again: records already on chain are skipped"
                    ) from err
                raise TransactionError(f"节点拒绝交易 / the node refused the transaction: {err}") from err
            except (requests.ConnectionError, ConnectionError) as err:
                self.resync_nonce()
                raise explain_call_error(err) from err
        raise NonceConflictError(
            f"账户 {self.address} 的 nonce 被其他发送方占用 / another sender keeps using the nonces of "
            f"{self.address}; nothing was recorded twice, retry the call"
        )

    def _known(self, tx_hash: HexBytes) -> bool:
        try:
            self.w3.eth.get_transaction(tx_hash)
        except Exception:  # noqa: BLE001 - unknown to this node
            return False
        return True

    def _allocate_nonce(self) -> int:
        with self._lock:
            if self._next_nonce is None:
                self._next_nonce = int(self._rpc(lambda: self.w3.eth.get_transaction_count(self.address, "pending")))
            nonce = self._next_nonce
            self._next_nonce += 1
            return nonce

    def _fee_fields(self) -> dict[str, int]:
        """Fees for the next transaction; read at most once a second, since pipelined sends share them."""
        now = time.monotonic()
        if self._fees is not None and now - self._fees[0] < 1.0:
            return dict(self._fees[1])
        fields = self._current_fees()
        self._fees = (now, fields)
        return dict(fields)

    def _current_fees(self) -> dict[str, int]:
        if self.fees.gas_price is not None:
            return {"gasPrice": self.fees.gas_price}
        block = self._rpc(lambda: self.w3.eth.get_block("latest"))
        base_fee = block.get("baseFeePerGas")
        if base_fee is None:
            # A chain without EIP-1559 (no London milestone): legacy (type 0) transactions at the node's
            # price, which is 0 on a free-gas network (Besu with --min-gas-price=0).
            return {"gasPrice": int(self._rpc(lambda: self.w3.eth.gas_price))}
        priority = self.fees.max_priority_fee
        if priority is None and int(base_fee) == 0:
            # A base fee of 0 is a free-gas network (Besu's zeroBaseFee, anvil --base-fee 0): its validators
            # take transactions without a tip, and the node's suggested tip would make every account need ETH.
            priority = 0
        if priority is None:
            try:
                priority = int(self.w3.eth.max_priority_fee)
            except (Web3RPCError, ValueError):
                priority = _DEFAULT_PRIORITY_FEE
        return {
            "maxFeePerGas": int(base_fee) * self.fees.base_fee_multiplier + priority,
            "maxPriorityFeePerGas": priority,
            "type": 2,
        }

    def _explain_failure(self, receipt: TxReceipt, tx: TxParams | None) -> ZhangdianError:
        tx_hash = receipt["transactionHash"].to_0x_hex()
        if tx is not None:
            replay: TxParams = {key: value for key, value in tx.items() if key in ("from", "to", "data")}  # type: ignore[assignment]
            replay["from"] = self.address
            try:
                self.w3.eth.call(replay, block_identifier=max(receipt["blockNumber"] - 1, 0))
            except (ContractCustomError, ContractLogicError, ContractPanicError) as err:
                error = explain_call_error(err)
                error.add_note(f"transaction {tx_hash}")
                return error
            except Exception as err:  # noqa: BLE001 - the replay only adds detail
                return TransactionError(
                    f"交易 {tx_hash} 执行失败 / transaction {tx_hash} reverted (replay failed: {type(err).__name__})"
                )
        return TransactionError(f"交易 {tx_hash} 执行失败 / transaction {tx_hash} reverted")

    def _rpc(self, fn: Callable[[], Any], *, attempts: int = 4) -> Any:
        """Run a read-only RPC call, retrying connection errors with capped backoff."""
        delay = 0.2
        for attempt in range(attempts):
            try:
                return fn()
            except (requests.ConnectionError, ConnectionError) as err:
                if attempt == attempts - 1:
                    raise explain_call_error(err) from err
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        raise AssertionError("unreachable")
