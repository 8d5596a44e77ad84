"""Turning receipts into the SDK's TransactionResult."""

from __future__ import annotations

from web3.types import TxReceipt

from zhangdian_sdk.core.events import decode_logs
from zhangdian_sdk.core.models import TransactionResult


def result_of(receipt: TxReceipt, *, decode_events: bool = True) -> TransactionResult:
    """The result of a mined transaction; bulk paths skip decoding hundreds of events per batch."""
    return TransactionResult(
        transaction_hash=receipt["transactionHash"].to_0x_hex(),
        block_number=int(receipt["blockNumber"]),
        gas_used=int(receipt["gasUsed"]),
        events=tuple(event.name for event in decode_logs(receipt["logs"])) if decode_events else (),
    )


def already_recorded() -> TransactionResult:
    """What a write returns when the chain already holds what it would have recorded."""
    return TransactionResult(transaction_hash="", block_number=0, gas_used=0, already_recorded=True)
