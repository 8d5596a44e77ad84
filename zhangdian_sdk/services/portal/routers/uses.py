"""The material use page: who used a citizen's materials, when and for what (from the index)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from zhangdian_sdk.core.models import UseKind
from zhangdian_sdk.services.portal.state import page, portal_state

router = APIRouter()


@router.get("/uses", response_class=HTMLResponse, include_in_schema=False)
def uses_page(request: Request) -> HTMLResponse:
    return page(request, "uses.html")


@router.get("/api/materials/uses", tags=["materials"])
def material_uses(
    request: Request,
    ids: str = Query(pattern=r"^0x[0-9a-fA-F]{64}(,0x[0-9a-fA-F]{64})*$"),  # bad-input limits
) -> dict[str, Any]:
    """Who used the given materials, when and for what (from the index)."""
    state = portal_state(request)
    block = state.synced()
    wanted = [i.strip().lower() for i in ids.split(",") if i.strip()]
    uses = state.reader.material_uses(wanted)
    kinds = {kind.value: (kind.label_zh, kind.label_en) for kind in UseKind}
    return {
        "uses": [
            {
                "materialId": use["args"].get("materialId"),
                "department": use["department"],
                "purpose": use["args"]["purpose"],
                "purposeKind": use["args"].get("purposeKind"),
                "kind": dict(zip(("zh", "en"), kinds.get(use["args"]["useKind"], ("?", "?")), strict=True)),
                "officer": use["args"]["actor"],
                "time": datetime.fromtimestamp(use["timestamp"], tz=UTC).isoformat(),
                "transactionHash": use["transactionHash"],
                "link": state.tx_link(use["transactionHash"]),
            }
            for use in uses
        ],
        "verifiedAtBlock": block,
    }
