"""The material use page: who used a citizen's materials, when and for what, from the index only (the
follower keeps it current; a request never syncs it nor reads the chain for it).

The result page links an application's log as ``/uses#application=<0xid>&commitment=<0xc>``: the
applicant's materials (registered with their subject commitment) and their uses, and the uses whose
purpose is that application. The ids form stays as a second way in (ids from material receipts)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.models import UseKind
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.materials import PurposeKind
from zhangdian_sdk.services.indexer import IndexReader
from zhangdian_sdk.services.indexer.records import materials_of, uses_of
from zhangdian_sdk.services.portal.naming import catalogue_named, department_named, fail, service_named, text_words
from zhangdian_sdk.services.portal.schemas import ApiError, MaterialUses, MaterialUseView, MaterialView, Named, Words
from zhangdian_sdk.services.portal.state import PortalState, page, portal_state
from zhangdian_sdk.services.portal.values import hex32

router = APIRouter()

_MAX_IDS = 200


@router.get("/uses", response_class=HTMLResponse, include_in_schema=False)
def uses_page(request: Request) -> HTMLResponse:
    return page(request, "uses.html")


@router.get(
    "/api/materials/uses",
    tags=["materials"],
    responses={400: {"model": ApiError, "description": "malformed or too many ids"}},
)
def material_uses(request: Request, ids: str) -> MaterialUses:
    """Who used the given materials (ids from the material receipts, comma-separated), when and for what."""
    state = portal_state(request)
    wanted = [i.strip().lower() for i in ids.split(",") if i.strip()]
    try:
        for material_id in wanted:
            hex32(material_id)
    except ValueError:
        fail(400, "bad_ids", "uses_bad_request")
    if len(wanted) > _MAX_IDS:
        fail(400, "too_many_ids", "uses_bad_request")
    return _log(request, state, wanted, application=None)


@router.get(
    "/api/applications/{application_id}/material-uses",
    tags=["materials"],
    responses={404: {"model": ApiError, "description": "no such application, or another applicant"}},
)
def application_material_uses(
    request: Request, application_id: str, commitment: str = Query(..., pattern="^0x[0-9a-fA-F]{64}$")
) -> MaterialUses:
    """The applicant's material use log for one application: the materials registered with the
    applicant's commitment and every use of them, and the uses whose purpose is this application."""
    state = portal_state(request)
    row = state.reader.application(application_id.lower())
    if row is None or row["applicant_commitment"].lower() != commitment.lower():
        fail(404, "not_found", "application_not_found")
    materials = materials_of(state.reader, commitment)
    return _log(request, state, [m["subject"] for m in materials], application=row, registered=materials)


def _log(
    request: Request,
    state: PortalState,
    material_ids: list[str],
    *,
    application: dict[str, Any] | None,
    registered: list[dict[str, Any]] | None = None,
) -> MaterialUses:
    reader = state.reader
    application_id = application["id"] if application else None
    registered = registered if registered is not None else []
    types = {m["subject"]: catalogue_named("material_type", m["args"]["materialType"]) for m in registered}
    uses = uses_of(reader, material_ids, application_id=application_id)
    return MaterialUses(
        application_id=application_id,
        number=(application["number"] or None) if application else None,
        materials=[
            MaterialView(
                material_id=m["subject"],
                material_type=types[m["subject"]],
                issuer=department_named(request, m["args"]["issuer"]),
                registered_at=m["timestamp"],
                registered_at_beijing=beijing_moment(m["timestamp"]),
                transaction_hash=m["transactionHash"],
                link=state.tx_link(m["transactionHash"]),
            )
            for m in registered
        ],
        uses=[_use(request, state, reader, u, types, application_id) for u in uses],
        indexed_block=reader.indexed_block(),
        freshness=state.freshness(),
    )


def _use(
    request: Request,
    state: PortalState,
    reader: IndexReader,
    use: dict[str, Any],
    types: dict[str, Named],
    application_id: str | None,
) -> MaterialUseView:
    args = use["args"]
    kind = UseKind(int(args["useKind"]))
    return MaterialUseView(
        material_id=use["subject"],
        material_type=types.get(use["subject"]),
        department=department_named(request, args["department"]),
        purpose=args["purpose"],
        purpose_kind=int(args["purposeKind"]),
        purpose_text=_purpose(request, reader, int(args["purposeKind"]), args["purpose"], application_id),
        kind=Words(zh=kind.label_zh, en=kind.label_en),
        officer=args["actor"],
        timestamp=use["timestamp"],
        timestamp_beijing=beijing_moment(use["timestamp"]),
        transaction_hash=use["transactionHash"],
        link=state.tx_link(use["transactionHash"]),
    )


def _purpose(request: Request, reader: IndexReader, kind: int, purpose: str, application_id: str | None) -> Words:
    """A use's purpose in words: the service's name, this application, or another application's number."""
    if kind == PurposeKind.SERVICE:
        code = bytes32_to_code(hex32(purpose))
        return service_named(request, reader, code).name
    if application_id is not None and purpose.lower() == application_id:
        return text_words("this_application")
    other = reader.application(purpose.lower())
    return text_words("other_application", number=(other["number"] if other and other["number"] else purpose))
