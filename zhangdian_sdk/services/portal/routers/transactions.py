"""The transaction page: one transaction of the suite in words (what happened, when in Beijing time,
which department and step, the 办件 and its status before and after, the reason), read from the index;
below it, folded away, the raw call and events decoded from the node's receipt."""

from __future__ import annotations

import re
from typing import Any

from eth_typing import HexStr
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from web3.exceptions import TransactionNotFound

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages, workflow
from zhangdian_sdk.core.artifacts import SUITE_CONTRACTS, load_artifact
from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.events import decode_logs
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.services.indexer import IndexReader
from zhangdian_sdk.services.indexer.records import subject_events, transaction_events
from zhangdian_sdk.services.portal.naming import (
    REASON_ARGUMENTS,
    department_named,
    fail,
    reason_view,
    service_named,
    status_named,
    text_words,
)
from zhangdian_sdk.services.portal.schemas import (
    ApiError,
    RawCall,
    RawEvent,
    RawTransaction,
    TransactionEvent,
    TransactionView,
    Words,
)
from zhangdian_sdk.services.portal.state import page, portal_state

router = APIRouter()

_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")
# Events about one application besides the workflow's own (their first topic is the application id).
_APPLICATION_EVENTS = workflow.EVENTS | {"ApplicationCertificateIssued", "ApplicationRated", "PaymentConfirmed"}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ApiError, "description": "malformed hash"},
    404: {"model": ApiError, "description": "unknown transaction"},
    503: {"model": ApiError, "description": "node unavailable"},
}


@router.get("/tx/{tx_hash}", response_class=HTMLResponse, include_in_schema=False)
def transaction_page(request: Request, tx_hash: str) -> HTMLResponse:
    try:
        tx = transaction(request, tx_hash)
    except HTTPException as err:
        response = page(request, "tx.html", tx=None, error=err.detail)
        response.status_code = err.status_code
        return response
    return page(request, "tx.html", tx=tx, error=None)


@router.get("/api/transactions/{tx_hash}", tags=["transactions"], responses=_ERRORS)
def transaction(request: Request, tx_hash: str) -> TransactionView:
    """A transaction of the suite: its events in words (from the index) and, folded, the raw decoded call
    and events (from the node; ``raw`` is None when the node cannot be asked)."""
    if not _HASH.match(tx_hash):
        fail(400, "bad_hash", "tx_bad_hash")
    tx_hash = tx_hash.lower()
    state = portal_state(request)
    indexed = transaction_events(state.reader, tx_hash)
    try:
        raw = _raw(state.client, tx_hash)
    except TransactionNotFound:
        raw = None
        if not indexed:
            fail(404, "not_found", "tx_not_found")
    except Exception:  # noqa: BLE001 - the node is away: the index still tells what happened
        raw = None
        if not indexed:
            fail(503, "unavailable", "records_unavailable")
    described = _Describer(request, state.reader)
    first = indexed[0] if indexed else None
    return TransactionView(
        transaction_hash=tx_hash,
        block_number=first["blockNumber"] if first else (raw.block_number if raw else 0),
        timestamp=first["timestamp"] if first else None,
        timestamp_beijing=beijing_moment(first["timestamp"]) if first else None,
        events=[described.event(e) for e in indexed],
        raw=raw.view if raw else None,
    )


class _Describer:
    """Turns indexed events into words, replaying each application's history once per request."""

    def __init__(self, request: Request, reader: IndexReader) -> None:
        self._request = request
        self._reader = reader
        self._walks: dict[str, dict[tuple[str, int], tuple[workflow.WorkflowState, workflow.WorkflowState]]] = {}

    def event(self, e: dict[str, Any]) -> TransactionEvent:
        name, args = e["name"], e["args"]
        view = TransactionEvent(
            event=name,
            label=Words(**{lang: messages.label("event", name, lang) for lang in messages.LANGUAGES}),
            log_index=e["logIndex"],
            contract=e["contract"],
            actor=args.get("actor") or args.get("flaggedBy"),
        )
        code = args.get("department") or args.get("issuer")
        if name in REASON_ARGUMENTS:
            argument, kind = REASON_ARGUMENTS[name]
            if args.get(argument):
                view.reason = reason_view(kind, int(args[argument]))
        if name in _APPLICATION_EVENTS and e["subject"]:
            self._application(view, e, e["subject"])
            code = code or (view.department.code if view.department else None)
        view.department = department_named(self._request, code) if code else None
        return view

    def _application(self, view: TransactionEvent, e: dict[str, Any], application_id: str) -> None:
        row = self._reader.application(application_id)
        view.application_id = application_id
        if row is None:
            return
        view.number = row["number"] or None
        view.service = service_named(self._request, self._reader, row["service"], row["service_version"])
        view.department = department_named(self._request, row["department"])
        view.step_count = row["step_count"]
        states = self._walk(application_id, row["step_count"]).get((e["transactionHash"], e["logIndex"]))
        if states is not None and e["name"] in workflow.EVENTS:
            before, after = states
            view.status_before = status_named(before.status) if before.status else None
            view.status_after = status_named(after.status)
            if "stepIndex" in e["args"]:
                view.step = int(e["args"]["stepIndex"]) + 1
            elif after.status in workflow.RUNNING:
                view.step = after.current_step + 1
        if view.step is not None:
            view.step_text = text_words("step_of", step=view.step, count=row["step_count"])

    def _walk(
        self, application_id: str, step_count: int
    ) -> dict[tuple[str, int], tuple[workflow.WorkflowState, workflow.WorkflowState]]:
        """Each of the application's events with the state before and after it."""
        if application_id not in self._walks:
            found = {}
            state = workflow.WorkflowState(step_count=step_count)
            for event in subject_events(self._reader, application_id):
                after = workflow.evolve(state, workflow.Event(event["name"], event["args"]))
                found[(event["transactionHash"], event["logIndex"])] = (state, after)
                state = after
            self._walks[application_id] = found
        return self._walks[application_id]


class _Raw:
    def __init__(self, view: RawTransaction, block_number: int) -> None:
        self.view = view
        self.block_number = block_number


def _raw(client: ZhangdianClient, tx_hash: str) -> _Raw:
    """The transaction and its receipt from the node, decoded with the suite's ABIs."""
    receipt = client.w3.eth.get_transaction_receipt(HexStr(tx_hash))
    tx = client.w3.eth.get_transaction(HexStr(tx_hash))
    events = [
        RawEvent(name=e.name, log_index=e.log_index, args={k: _plain(v) for k, v in e.args.items()})
        for e in decode_logs(receipt["logs"])
    ]
    view = RawTransaction(
        sender=str(tx["from"]),
        to=str(tx["to"]) if tx.get("to") else None,
        status=int(receipt["status"]),
        gas_used=int(receipt["gasUsed"]),
        call=_decode_call(client, tx),
        events=events,
    )
    return _Raw(view, int(receipt["blockNumber"]))


def _decode_call(client: ZhangdianClient, tx: Any) -> RawCall | None:
    to = tx.get("to")
    for name in SUITE_CONTRACTS:
        entry = client.deployment.contracts.get(name)
        if entry is None or to is None or entry.address.lower() != str(to).lower():
            continue
        contract = client.w3.eth.contract(address=entry.address, abi=load_artifact(name).abi)
        try:
            function, arguments = contract.decode_function_input(tx["input"])
        except ValueError:
            return RawCall(contract=name, function=None, arguments={})
        return RawCall(contract=name, function=function.fn_name, arguments={k: _plain(v) for k, v in arguments.items()})
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
