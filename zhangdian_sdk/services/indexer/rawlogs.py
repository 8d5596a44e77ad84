"""The indexer's log source: ``eth_getLogs`` as raw JSON-RPC, decoded straight from the node's JSON.

web3's ``get_logs`` formats every field of every log (HexBytes, checksummed addresses, AttributeDicts)
and its event decoding walks the ABI per log; at a hundred thousand events that is most of an index
sync. Here each of the suite's events gets one decoder, built once from its ABI, that reads the
arguments from the hex strings the node sent: an indexed argument from its topic, a data argument from
its 32-byte word (a ``string`` or ``bytes`` from its offset). The values are those the projection got
from web3's decoding: codes as text (``bytes32_to_code``), other bytes as ``0x`` hex, addresses
checksummed, integers and booleans as such, strings as text.

Usage: ``RawLogSource(w3).logs(addresses, low, high)`` then ``decoder = EventDecoder(); decoder(log)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from eth_utils.abi import event_abi_to_log_topic
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import Web3RPCError

from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.events import decode_log, suite_event_abis

__all__ = ["CODE_ARGS", "DecodedRow", "EventDecoder", "RawLogSource", "plain_args"]

# Arguments holding a code (a department's, a service's, ...) left-aligned in a bytes32: stored as text.
CODE_ARGS = frozenset({"department", "service", "issuer", "ownerDepartment", "materialType"})

_STATIC = re.compile(r"address|bool|bytes([1-9]|[12][0-9]|3[0-2])|u?int([1-9][0-9]{0,2})")


class DecodedRow(NamedTuple):
    """One of the suite's logs, decoded: what the events table and the projection take."""

    name: str
    args: dict[str, Any]
    address: str  # as the node sent it (lower case)
    block_number: int
    block_hash: str
    transaction_hash: str
    log_index: int
    subject: str | None  # the first indexed argument, 0x hex
    timestamp: int | None  # the node's blockTimestamp, when it sends one


def plain_args(args: Mapping[str, Any]) -> dict[str, Any]:
    """web3's decoded arguments as the index stores them: codes as text, other bytes as 0x hex."""
    plain: dict[str, Any] = {}
    for name, value in args.items():
        if name in CODE_ARGS and isinstance(value, bytes):
            plain[name] = bytes32_to_code(value)
        elif isinstance(value, bytes):
            plain[name] = "0x" + value.hex()
        else:
            plain[name] = value
    return plain


# -- per-type readers: from a 64-hex-digit word (no 0x) to the stored value ------------------------------

_checksum = lru_cache(maxsize=4096)(lambda word: to_checksum_address("0x" + word[24:]))
_code = lru_cache(maxsize=4096)(lambda word: bytes32_to_code(bytes.fromhex(word)))


def _bool(word: str) -> bool:
    value = int(word, 16)
    if value > 1:
        raise ValueError(f"not a boolean: 0x{word}")
    return value == 1


def _word_reader(kind: str, name: str) -> Callable[[str], Any]:
    if kind == "address":
        return _checksum
    if kind == "bool":
        return _bool
    if kind.startswith("uint"):
        return lambda word: int(word, 16)
    if kind.startswith("int"):
        bits = int(kind[3:])
        limit, span = 1 << (bits - 1), 1 << bits

        def signed(word: str) -> int:
            value = int(word, 16) & (span - 1)
            return value - span if value >= limit else value

        return signed
    size = int(kind[5:])  # bytesN
    if name in CODE_ARGS:
        return _code if size == 32 else lambda word: bytes32_to_code(bytes.fromhex(word[: 2 * size]))
    return lambda word: "0x" + word[: 2 * size]


def _dynamic_reader(kind: str, name: str) -> Callable[[str, int], Any]:
    """A ``string`` or ``bytes`` argument: its offset word, then length and contents, in the data."""

    def read(data: str, offset_word: int) -> Any:
        start = 2 * int(data[64 * offset_word : 64 * offset_word + 64], 16)
        length = int(data[start : start + 64], 16)
        raw = data[start + 64 : start + 64 + 2 * length]
        if len(raw) != 2 * length:
            raise ValueError("the log's data is shorter than its string")
        if kind == "string":
            return bytes.fromhex(raw).decode("utf-8")
        value = bytes.fromhex(raw)
        return bytes32_to_code(value) if name in CODE_ARGS else "0x" + raw

    return read


@dataclass(frozen=True, slots=True)
class _EventShape:
    name: str
    indexed: tuple[tuple[str, Callable[[str], Any]], ...]
    data: tuple[tuple[str, Callable[[str], Any] | None, Callable[[str, int], Any] | None], ...]
    words: int  # 32-byte words the data's head holds


def _event_shape(abi: Mapping[str, Any]) -> _EventShape | None:
    """The decoder of an event whose arguments are elementary (each of the suite's); ``None`` otherwise."""
    if abi.get("anonymous"):
        return None
    indexed: list[tuple[str, Callable[[str], Any]]] = []
    data: list[tuple[str, Callable[[str], Any] | None, Callable[[str, int], Any] | None]] = []
    for item in abi.get("inputs", []):
        kind, name = str(item["type"]), str(item["name"])
        if _STATIC.fullmatch(kind):
            if item["indexed"]:
                indexed.append((name, _word_reader(kind, name)))
            else:
                data.append((name, _word_reader(kind, name), None))
        elif kind in ("string", "bytes") and not item["indexed"]:
            data.append((name, None, _dynamic_reader(kind, name)))
        else:
            return None
    return _EventShape(str(abi["name"]), tuple(indexed), tuple(data), len(data))


@lru_cache(maxsize=1)
def _shapes() -> dict[str, tuple[Mapping[str, Any], _EventShape | None]]:
    """topic0 (0x hex, lower case) -> (ABI, decoder) for every event of the suite's contracts."""
    return {
        "0x" + bytes(event_abi_to_log_topic(abi)).hex(): (abi, _event_shape(abi))  # type: ignore[arg-type]
        for abi in suite_event_abis()
    }


class EventDecoder:
    """Decodes raw JSON-RPC logs of the suite (``None`` for a log no ABI of the suite knows)."""

    def __init__(self) -> None:
        self._shapes = _shapes()

    def __call__(self, log: Mapping[str, Any]) -> DecodedRow | None:
        topics: list[str] = log["topics"]
        if not topics:
            return None
        found = self._shapes.get(topics[0].lower())
        if found is None:
            return None
        shape = found[1]
        if shape is None or len(topics) != 1 + len(shape.indexed):
            return self._through_web3(log)
        args: dict[str, Any] = {}
        for (name, read), topic in zip(shape.indexed, topics[1:], strict=True):
            args[name] = read(topic[2:])
        data: str = log["data"][2:]
        if len(data) < 64 * shape.words:
            raise ValueError(f"the {shape.name} log's data is too short")
        for position, (name, word_reader, dynamic_reader) in enumerate(shape.data):
            if word_reader is not None:
                args[name] = word_reader(data[64 * position : 64 * position + 64])
            elif dynamic_reader is not None:
                args[name] = dynamic_reader(data, position)
        stamp = log.get("blockTimestamp")
        return DecodedRow(
            shape.name,
            args,
            log["address"],
            int(log["blockNumber"], 16),
            log["blockHash"],
            log["transactionHash"],
            int(log["logIndex"], 16),
            topics[1] if len(topics) > 1 else None,
            None if stamp is None else int(stamp, 16),
        )

    @staticmethod
    def _through_web3(log: Mapping[str, Any]) -> DecodedRow | None:
        """A log the direct decoders do not cover: web3's decoding, on the log formatted as web3 would."""
        formatted = {
            "address": to_checksum_address(log["address"]),
            "topics": [HexBytes(topic) for topic in log["topics"]],
            "data": HexBytes(log["data"]),
            "blockNumber": int(log["blockNumber"], 16),
            "blockHash": HexBytes(log["blockHash"]),
            "transactionHash": HexBytes(log["transactionHash"]),
            "transactionIndex": int(log["transactionIndex"], 16),
            "logIndex": int(log["logIndex"], 16),
        }
        event = decode_log(formatted)
        if event is None:
            return None
        stamp = log.get("blockTimestamp")
        return DecodedRow(
            name=event.name,
            args=plain_args(event.args),
            address=log["address"],
            block_number=event.block_number,
            block_hash=log["blockHash"],
            transaction_hash=event.transaction_hash,
            log_index=event.log_index,
            subject=log["topics"][1].lower() if len(log["topics"]) > 1 else None,
            timestamp=None if stamp is None else int(stamp, 16),
        )


class RawLogSource:
    """``eth_getLogs`` and block headers over the node's JSON-RPC, without web3's result formatting."""

    def __init__(self, w3: Web3) -> None:
        self._provider = w3.provider

    def _call(self, method: str, params: list[Any]) -> Any:
        response = self._provider.make_request(method, params)  # type: ignore[arg-type]
        if "error" in response:
            raise Web3RPCError(str(response["error"]), rpc_response=response)
        return response["result"]

    def logs(self, addresses: Sequence[str], low: int, high: int) -> list[dict[str, Any]]:
        """The raw logs of ``addresses`` in blocks ``low``-``high``, in chain order."""
        found: list[dict[str, Any]] = self._call(
            "eth_getLogs", [{"address": list(addresses), "fromBlock": hex(low), "toBlock": hex(high)}]
        )
        found.sort(key=lambda log: (int(log["blockNumber"], 16), int(log["logIndex"], 16)))
        return found

    def headers(self, numbers: Iterable[int]) -> dict[int, tuple[str, int]]:
        """(hash, timestamp) of each block, in one JSON-RPC batch where the provider sends batches."""
        wanted = sorted(set(numbers))
        if not wanted:
            return {}
        answers: list[Any] | None = None
        batch = getattr(self._provider, "make_batch_request", None)
        if batch is not None and len(wanted) > 1:
            try:
                answers = list(batch([("eth_getBlockByNumber", [hex(n), False]) for n in wanted]))
            except (NotImplementedError, ValueError, TypeError):  # a provider or node without batches
                answers = None
            if answers is not None and (
                len(answers) != len(wanted) or any(not isinstance(a, dict) or "result" not in a for a in answers)
            ):
                answers = None
        if answers is None:
            answers = [{"result": self._call("eth_getBlockByNumber", [hex(n), False])} for n in wanted]
        else:
            answers.sort(key=lambda answer: int(answer["result"]["number"], 16) if answer.get("result") else -1)
        headers: dict[int, tuple[str, int]] = {}
        for number, answer in zip(wanted, answers, strict=True):
            block = answer["result"]
            if block is None or int(block["number"], 16) != number:
                raise Web3RPCError(f"the node has no block {number}")
            headers[number] = (str(block["hash"]), int(block["timestamp"], 16))
        return headers
