""" "Verify it yourself": the node read that returns an application's record, so a citizen (or anyone
they trust) can check what the portal shows against any node of the chain, without the portal."""

from __future__ import annotations

from eth_utils.crypto import keccak

from zhangdian_sdk.services.portal.schemas import SelfCheck

__all__ = ["GET_APPLICATION", "self_check"]

GET_APPLICATION = "getApplication(bytes32)"


def self_check(
    *,
    chain_id: int,
    ledger: str,
    application_id: str,
    rpc_url_hint: str = "<节点地址 node URL>",
    explorer_address_url: str | None = None,
) -> SelfCheck:
    """The read call for ``application_id`` on the ledger at ``ledger``: as a ``cast call`` command and
    as the JSON-RPC ``eth_call`` request body, and the explorer's page of the ledger if one is configured."""
    data = "0x" + keccak(text=GET_APPLICATION)[:4].hex() + application_id.removeprefix("0x").lower()
    return SelfCheck(
        chain_id=chain_id,
        contract=ledger,
        application_id=application_id,
        cast_call=f'cast call {ledger} "{GET_APPLICATION}" {application_id} --rpc-url {rpc_url_hint}',
        eth_call={
            "jsonrpc": "2.0",
            "id": 1,
            "method": "eth_call",
            "params": [{"to": ledger, "data": data}, "latest"],
        },
        explorer_address_url=explorer_address_url.format(address=ledger) if explorer_address_url else None,
        verifier_url="/verifier.html",
    )
