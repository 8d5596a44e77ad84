"""The transaction page: one transaction of the suite, decoded."""

from __future__ import annotations

from typing import Any

from eth_typing import HexStr
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.artifacts import SUITE_CONTRACTS, load_artifact
from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.events import decode_logs
from zhangdian_sdk.services.portal.state import page, portal_state

router = APIRouter()


@router.get("/tx/{tx_hash}", response_class=HTMLResponse, include_in_schema=False)
def transaction_page(request: Request, tx_hash: str) -> HTMLResponse:
    return page(request, "tx.html", tx=transaction(request, tx_hash))


@router.get("/api/transactions/{tx_hash}", tags=["transactions"])
def transaction(request: Request, tx_hash: str) -> dict[str, Any]:
    """A transaction of the suite, decoded: the function called and the events emitted."""
    client = portal_state(request).client
    try:
        tx = client.w3.eth.get_transaction(HexStr(tx_hash))
        receipt = client.w3.eth.get_transaction_receipt(HexStr(tx_hash))
    except Exception as err:
        raise HTTPException(404, "not found") from err
    call = _decode_call(client, tx)
    decoded = [
        {"name": e.name, "args": {k: _plain(v) for k, v in e.args.items()}, "logIndex": e.log_index}
        for e in decode_logs(receipt["logs"])
    ]
    return {
        "hash": tx_hash,
        "blockNumber": receipt["blockNumber"],
        "from": tx["from"],
        "to": tx["to"],
        "status": receipt["status"],
        "gasUsed": receipt["gasUsed"],
        "call": call,
        "events": decoded,
    }


def _decode_call(client: ZhangdianClient, tx: Any) -> dict[str, Any] | None:
    to = tx.get("to")
    for name in SUITE_CONTRACTS:
        entry = client.deployment.contracts.get(name)
        if entry is None or to is None or entry.address.lower() != str(to).lower():
            continue
        contract = client.w3.eth.contract(address=entry.address, abi=load_artifact(name).abi)
        try:
            function, arguments = contract.decode_function_input(tx["input"])
        except ValueError:
            return {"contract": name, "function": None, "arguments": {}}
        return {
            "contract": name,
            "function": function.fn_name,
            "arguments": {k: _plain(v) for k, v in arguments.items()},
        }
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        code = bytes32_to_code(value) if len(value) == 32 else ""
        return code if code and not code.startswith("0x") else "0x" + value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
