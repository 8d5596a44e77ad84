"""Decode the suite's event logs, whichever contract emitted them.

Usage: ``[e.name for e in decode_logs(receipt["logs"])]``.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from eth_utils.abi import event_abi_to_log_topic
from eth_utils.address import to_checksum_address
from web3 import Web3
from web3.contract.contract import ContractEvent
from web3.exceptions import Web3RPCError

from zhangdian_sdk.core.artifacts import RULE_CONTRACTS, SUITE_CONTRACTS, load_artifact

__all__ = [
    "DecodedEvent",
    "decode_log",
    "decode_logs",
    "event_topic",
    "log_range_hint",
    "paged_logs",
    "suite_event_abis",
]

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


def suite_event_abis() -> list[dict[str, Any]]:
    """The ABI entry of every event the suite's contracts (and its rule contracts) emit, one per topic0."""
    return list(_events_by_topic().values())


@cache
def _decoder(topic: bytes) -> ContractEvent:
    """The web3 event of ``topic`` (one of the suite's), which decodes its logs (``process_log``)."""
    abi = _events_by_topic()[topic]
    event: ContractEvent = _OFFLINE.eth.contract(abi=[abi]).events[abi["name"]]()
    return event


@dataclass(frozen=True)
class _Shape:
    """An event's arguments: the indexed ones (one topic each) and the ones ABI-encoded in the data."""

    name: str
    indexed: tuple[tuple[str, str], ...]  # (name, type)
    data: tuple[tuple[str, str], ...]


@cache
def _shape(topic: bytes) -> _Shape | None:
    """The event's shape when every argument is a static elementary type (each of the suite's is), which
    :func:`decode_log` decodes directly; ``None`` sends the log through web3's general decoder."""
    abi = _events_by_topic()[topic]
    inputs = abi.get("inputs", [])
    for item in inputs:
        elementary = _STATIC.fullmatch(item["type"]) or (item["type"] in ("string", "bytes") and not item["indexed"])
        if not elementary or abi.get("anonymous"):
            return None
    return _Shape(
        abi["name"],
        tuple((item["name"], item["type"]) for item in inputs if item["indexed"]),
        tuple((item["name"], item["type"]) for item in inputs if not item["indexed"]),
    )


_STATIC = re.compile(r"address|bool|bytes([1-9]|[12][0-9]|3[0-2])|u?int([1-9][0-9]{0,2})")


def _plain(kind: str, value: Any) -> Any:
    """As web3 returns a decoded value: addresses checksummed."""
    return to_checksum_address(value) if kind == "address" else value


def _args(shape: _Shape, topics: Any, data: bytes) -> dict[str, Any]:
    """The event's arguments, the indexed ones first (as web3 orders them)."""
    args = {
        name: _plain(kind, _OFFLINE.codec.decode([kind], bytes(topic))[0])
        for (name, kind), topic in zip(shape.indexed, topics[1:], strict=True)
    }
    values = _OFFLINE.codec.decode([kind for _name, kind in shape.data], data)
    args.update({name: _plain(kind, value) for (name, kind), value in zip(shape.data, values, strict=True)})
    return args


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
    shape = _shape(topic)
    if shape is not None and len(topics) == 1 + len(shape.indexed):
        # The direct decode: web3's process_log gives the same event but costs ~3 ms a log (the indexer
        # decodes every log of the chain).
        raw = log["data"]
        payload = bytes(raw) if isinstance(raw, bytes | bytearray) else bytes.fromhex(str(raw).removeprefix("0x"))
        return DecodedEvent(
            name=shape.name,
            args=_args(shape, topics, payload),
            address=str(log["address"]),
            block_number=int(log["blockNumber"]),
            transaction_hash="0x" + bytes(log["transactionHash"]).hex(),
            log_index=int(log["logIndex"]),
        )
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


# The block span each node (by its provider) last accepted for eth_getLogs after refusing a wider one:
# the next lookup starts there instead of paying the same refusals again.
_ACCEPTED_SPAN: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()

_HINTED_RANGE = re.compile(r"\[\s*(0x[0-9a-fA-F]+)\s*,\s*(0x[0-9a-fA-F]+)\s*\]")
_STATED_LIMIT = re.compile(
    r"(?:max(?:imum)?\s+(?:block\s+)?range(?:\s+(?:of|is))?|limited\s+to(?:\s+a)?|maximum)\s*:?\s*(\d+)"
    r"|(\d+)[\s-]+block\s+range",
    re.IGNORECASE,
)


def log_range_hint(err: BaseException) -> int | None:
    """The block span a node's refusal of an ``eth_getLogs`` range suggests, if it says one.

    Infura ("Try with this block range [0x.., 0x..]") and Alchemy ("this block range should work:
    [0x.., 0x..]") name a range that works; others state their limit ("query exceeds max block range
    1000", "eth_getLogs is limited to 1024 block range"). Besu says no number ("Requested range exceeds
    maximum RPC range limit"): the caller then halves.
    """
    text = str(err)
    hinted = _HINTED_RANGE.search(text)
    if hinted is not None:
        low, high = int(hinted.group(1), 16), int(hinted.group(2), 16)
        return high - low + 1 if high >= low else None
    stated = _STATED_LIMIT.search(text)
    if stated is not None:
        value = int(stated.group(1) or stated.group(2))
        return value if value > 0 else None
    return None


def _provider_key(w3: Any) -> Any:
    return getattr(w3, "provider", None)


def paged_logs(
    w3: Any, address: str, subject: bytes, start: int, head: int, chunk: int = 50_000, *, position: int = 1
) -> Iterator[list[Any]]:
    """Logs of one contract about one subject (its first indexed argument, or the ``position``-th: an
    appeal's events name the appealed application second), in block ranges, oldest
    first; a range the node refuses is narrowed (to the span the node suggests, else halved), and the
    span that worked is remembered for the next lookup on the same connection."""
    key = _provider_key(w3)
    try:
        chunk = min(chunk, _ACCEPTED_SPAN.get(key, chunk))
    except TypeError:  # a provider that cannot be weakly referenced: nothing remembered
        key = None
    low = start
    while low <= head:
        high = min(low + chunk - 1, head)
        try:
            logs = w3.eth.get_logs(
                {
                    "address": address,
                    "fromBlock": low,
                    "toBlock": high,
                    "topics": [None] * position + ["0x" + subject.hex()],
                }
            )
        except Web3RPCError as err:
            if chunk <= 1:
                raise
            hint = log_range_hint(err)
            chunk = hint if hint is not None and hint < chunk else max(chunk // 2, 1)
            if key is not None:
                _ACCEPTED_SPAN[key] = chunk
            continue
        yield sorted(logs, key=lambda log: (log["blockNumber"], log["logIndex"]))
        low = high + 1
