"""Calls are encoded with public APIs only, and exactly as web3 encodes them."""

from __future__ import annotations

from eth_abi.abi import encode
from eth_utils.address import to_checksum_address
from hexbytes import HexBytes
from web3 import Web3

from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.events import decode_log, event_topic
from zhangdian_sdk.core.tx import EncodedCall

_LEDGER = to_checksum_address("0x" + "11" * 20)


def test_calls_are_encoded_as_web3_encodes_them() -> None:
    ledger = Web3().eth.contract(address=_LEDGER, abi=load_artifact("ApplicationLedger").abi)
    app_id, other = b"\x01" * 32, b"\x02" * 32
    calls: list[tuple[str, list[object]]] = [
        ("accept", [app_id]),
        ("submit", [("ZD-2026-000003", b"ZD-GTGSH-SL".ljust(32, b"\0"), b"\x04" * 32, [b"\x05" * 32, b"\x06" * 32])]),
        ("approveBatch", [[(app_id, 0), (other, 2)], bytes(32)]),
        ("reject", [app_id, 7]),
    ]
    for name, args in calls:
        encoded = EncodedCall.of(getattr(ledger.functions, name)(*args))
        assert encoded.address == _LEDGER
        assert "0x" + encoded.data.hex() == ledger.encode_abi(name, args=args)


def test_an_encoded_call_is_its_own_encoding() -> None:
    call = EncodedCall(_LEDGER, b"\xde\xad\xbe\xef")
    assert EncodedCall.of(call) is call


def test_logs_decode_through_the_public_event_api() -> None:
    """An ApplicationAccepted log decodes to its name and arguments; an unknown topic to None."""
    app_id = b"\x01" * 32
    department = b"ZD-XPSJ".ljust(32, b"\0")
    actor = "0x" + "22" * 20
    log = {
        "address": _LEDGER,
        "topics": [event_topic("ApplicationAccepted"), app_id, department],
        "data": encode(["uint40", "address"], [1_800_000_000, actor]),
        "blockNumber": 7,
        "transactionHash": HexBytes(bytes(32)),
        "transactionIndex": 0,
        "blockHash": bytes(32),
        "logIndex": 3,
    }
    abi = next(
        item
        for item in load_artifact("ApplicationLedger").abi
        if item.get("type") == "event" and item["name"] == "ApplicationAccepted"
    )
    indexed = [i["name"] for i in abi["inputs"] if i["indexed"]]
    assert indexed == ["applicationId", "department"]  # the log above follows the event's layout
    event = decode_log(log)
    assert event is not None
    assert (event.name, event.args["applicationId"], event.args["deadline"]) == (
        "ApplicationAccepted",
        app_id,
        1_800_000_000,
    )
    assert (event.args["actor"].lower(), event.block_number, event.log_index) == (actor, 7, 3)
    assert decode_log({**log, "topics": [b"\x09" * 32]}) is None
