"""Decode the suite's event logs, whichever contract emitted them.

Usage: ``[e.name for e in decode_logs(receipt["logs"])]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from eth_utils.abi import event_abi_to_log_topic
from web3 import Web3
from web3.contract.contract import ContractEvent
from web3.exceptions import Web3RPCError

from zhangdian_sdk.core.artifacts import RULE_CONTRACTS, SUITE_CONTRACTS, load_artifact

__all__ = ["DecodedEvent", "decode_log", "decode_logs", "event_topic", "paged_logs"]

_OFFLINE = Web3()  # decoding needs web3's codec, never a node


@dataclass(frozen=True)
class DecodedEvent:
    """One decoded log."""

    name: str
    args: dict[str, Any]
    address: str
    block_number: int
    transaction_hash: str
    log_index: int


@cache
def _events_by_topic() -> dict[bytes, dict[str, Any]]:
    table: dict[bytes, dict[str, Any]] = {}
    for name in SUITE_CONTRACTS + RULE_CONTRACTS:
        for item in load_artifact(name).abi:
            if item.get("type") == "event":
                table[bytes(event_abi_to_log_topic(item))] = item  # type: ignore[arg-type]
    return table


@cache
def _decoder(topic: bytes) -> ContractEvent:
    """The web3 event of ``topic`` (one of the suite's), which decodes its logs (``process_log``)."""
    abi = _events_by_topic()[topic]
    event: ContractEvent = _OFFLINE.eth.contract(abi=[abi]).events[abi["name"]]()
    return event


def event_topic(name: str) -> bytes:
    """topic0 of the suite's event ``name``."""
    for topic, item in _events_by_topic().items():
        if item["name"] == name:
            return topic
    raise KeyError(name)


def decode_log(log: Any) -> DecodedEvent | None:
    """Decode one log of the suite; ``None`` for a log the suite's ABIs do not know."""
    topics = log["topics"]
    if not topics:
        return None
    topic = bytes(topics[0])
    if topic not in _events_by_topic():
        return None
    data = _decoder(topic).process_log(log)
    return DecodedEvent(
        name=data["event"],
        args=dict(data["args"]),
        address=str(data["address"]),
        block_number=int(data["blockNumber"]),
        transaction_hash=data["transactionHash"].to_0x_hex(),
        log_index=int(data["logIndex"]),
    )


def decode_logs(logs: Iterable[Any]) -> list[DecodedEvent]:
    """Decode the suite's logs, skipping others."""
    return [event for event in map(decode_log, logs) if event is not None]


def paged_logs(
    w3: Any, address: str, subject: bytes, start: int, head: int, chunk: int = 50_000
) -> Iterator[list[Any]]:
    """Logs of one contract about one subject (its first indexed argument), in block ranges, oldest
    first; a range the node refuses is halved."""
    low = start
    while low <= head:
        high = min(low + chunk - 1, head)
        try:
            logs = w3.eth.get_logs(
                {"address": address, "fromBlock": low, "toBlock": high, "topics": [None, "0x" + subject.hex()]}
            )
        except Web3RPCError:
            if chunk <= 1:
                raise
            chunk = max(chunk // 2, 1)
            continue
        yield sorted(logs, key=lambda log: (log["blockNumber"], log["logIndex"]))
        low = high + 1
