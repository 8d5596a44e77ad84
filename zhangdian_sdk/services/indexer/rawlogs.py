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

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    args_json: str  # json.dumps(args), as the events table stores it
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

# json.dumps of a str is this C function (ensure_ascii, the default) behind three Python calls: the same text.
_json_text = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]
_json_code = lru_cache(maxsize=4096)(json.dumps)  # a code may hold a quote or a backslash
_checksum = lru_cache(maxsize=4096)(lambda word: to_checksum_address("0x" + word[24:]))
_code = lru_cache(maxsize=4096)(lambda word: bytes32_to_code(bytes.fromhex(word)))


def _bool(word: str) -> bool:
    value = int(word, 16)
    if value > 1:
        raise ValueError(f"不是布尔值 / not a boolean: 0x{word}")
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
    """A ``string`` or ``bytes`` argument: its offset word, then length and contents, in the data (0x hex)."""

    def read(data: str, offset_word: int) -> Any:
        start = 2 + 2 * int(data[2 + 64 * offset_word : 66 + 64 * offset_word], 16)
        length = int(data[start : start + 64], 16)
        raw = data[start + 64 : start + 64 + 2 * length]
        if len(raw) != 2 * length:
            raise ValueError("日志数据短于其字符串 / the log's data is shorter than its string")
        if kind == "string":
            return bytes.fromhex(raw).decode("utf-8")
        value = bytes.fromhex(raw)
        return bytes32_to_code(value) if name in CODE_ARGS else "0x" + raw

    return read


_Decode = Callable[[Mapping[str, Any]], DecodedRow]


def _compile(abi: Mapping[str, Any]) -> _Decode | None:
    """One function decoding the event's logs, its arguments read in line (no loop over the ABI per log);
    ``None`` for an event with an argument that is not elementary (none of the suite's)."""
    if abi.get("anonymous"):
        return None
    inputs = list(abi.get("inputs", []))
    scope: dict[str, Any] = {
        "DecodedRow": DecodedRow,
        "ValueError": ValueError,
        "int": int,
        "len": len,
        "str": str,
        "json_text": _json_text,
        "json_code": _json_code,
    }
    lines: list[str] = []
    names: list[tuple[bool, int, str]] = []  # (in the data, position, name)
    texts: list[str] = []  # each argument as json.dumps writes it within the arguments' object
    topic = word = 0
    for position, item in enumerate(inputs):
        kind, name, indexed = str(item["type"]), str(item["name"]), bool(item["indexed"])
        if not name.isidentifier():
            return None
        local = f"v{position}"
        if _STATIC.fullmatch(kind):
            if indexed:
                topic += 1
                text = f"t[{topic}][2:]"
            else:
                text = f"d[{2 + 64 * word}:{66 + 64 * word}]"
                word += 1
            if kind.startswith("uint"):
                lines.append(f"{local} = int({text}, 16)")
            else:
                scope[f"read_{position}"] = _word_reader(kind, name)
                lines.append(f"{local} = read_{position}({text})")
            if kind == "bool":
                texts.append(f'("true" if {local} else "false")')
            elif kind.startswith(("uint", "int")):
                texts.append(f"str({local})")
            elif kind == "address" or name not in CODE_ARGS:
                texts.append(f"'\"' + {local} + '\"'")  # checksummed address, 0x hex: nothing to escape
            else:
                texts.append(f"json_code({local})")
        elif kind in ("string", "bytes") and not indexed:
            scope[f"read_{position}"] = _dynamic_reader(kind, name)
            lines.append(f"{local} = read_{position}(d, {word})")
            texts.append(f"json_text({local})")
            word += 1
        else:
            return None
        names.append((not indexed, position, name))
    # The indexed arguments first, then the data's, each in the ABI's order (as web3's decoding gives them).
    order = sorted(range(len(names)), key=lambda i: names[i][:2])
    subject = "t[1]" if topic else "None"
    body = "\n    ".join(lines) or "pass"
    values = ", ".join(f"{names[i][2]!r}: v{names[i][1]}" for i in order)
    text = " + ', ' + ".join(f"{json.dumps(names[i][2])!r} + ': ' + {texts[i]}" for i in order)
    source = f"""def decode(log):
    t = log["topics"]
    d = log["data"]
    if len(t) != {topic + 1}:
        return None
    if len(d) < {2 + 64 * word}:
        raise ValueError("the {abi["name"]} log's data is too short")
    {body}
    stamp = log.get("blockTimestamp")
    return DecodedRow(
        {str(abi["name"])!r},
        {{{values}}},
        "{{" + {text or "''"} + "}}",
        log["address"],
        int(log["blockNumber"], 16),
        log["blockHash"],
        log["transactionHash"],
        int(log["logIndex"], 16),
        {subject},
        None if stamp is None else int(stamp, 16),
    )
"""
    exec(compile(source, f"<decoder of {abi['name']}>", "exec"), scope)  # noqa: S102 - built from the ABI
    decode: _Decode = scope["decode"]
    return decode


@lru_cache(maxsize=1)
def _decoders() -> dict[str, _Decode | None]:
    """topic0 (0x hex, lower case) -> the decoder of every event of the suite's contracts."""
    return {
        "0x" + bytes(event_abi_to_log_topic(abi)).hex(): _compile(abi)  # type: ignore[arg-type]
        for abi in suite_event_abis()
    }


class EventDecoder:
    """Decodes raw JSON-RPC logs of the suite (``None`` for a log no ABI of the suite knows)."""

    def __init__(self) -> None:
        self._decoders = _decoders()

    def __call__(self, log: Mapping[str, Any]) -> DecodedRow | None:
        topics: list[str] = log["topics"]
        if not topics:
            return None
        topic0 = topics[0]
        if topic0 not in self._decoders:
            topic0 = topic0.lower()
            if topic0 not in self._decoders:
                return None
        decode = self._decoders[topic0]
        decoded = None if decode is None else decode(log)
        return decoded if decoded is not None else self._through_web3(log)

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
        args = plain_args(event.args)
        return DecodedRow(
            name=event.name,
            args=args,
            args_json=json.dumps(args),
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
                raise Web3RPCError(f"节点没有区块 {number} / the node has no block {number}")
            headers[number] = (str(block["hash"]), int(block["timestamp"], 16))
        return headers
