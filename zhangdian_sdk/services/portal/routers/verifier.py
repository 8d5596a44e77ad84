"""The standalone verifier (``GET /verifier.html``): one self-contained page a citizen saves and opens from
disk, which reads an application's status and timeline straight from a node of the chain (JSON-RPC over
HTTP), with no portal involved.

The page (``static/verifier.html``) gets here what it needs of this deployment, in its JSON config block:
the ledger's address, the chain id, the block the ledger was deployed in, the departments (codes and
names), the status labels, the ledger's events (names, argument types and labels) and the field order of
``getApplication``. The libraries are inlined (js-sha3 as a script, @noble/secp256k1 as a ``data:`` module),
so the saved file needs nothing else. The department names are read from the chain at most every
:data:`REFRESH_SECONDS`, not per request.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from zhangdian_sdk.core import messages
from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.codec import function_abi
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.services.portal.routers.vendor import vendored
from zhangdian_sdk.services.portal.state import PACKAGE, PortalState, portal_state

__all__ = ["REFRESH_SECONDS", "router", "verifier_config", "verifier_page"]

router = APIRouter(include_in_schema=False)

REFRESH_SECONDS = 300.0
_LEDGER = "ApplicationLedger"
_CONFIG_BLOCK = '<script type="application/json" id="zhangdian-config">null</script>'
_SHA3_BLOCK = "<script>/*JS_SHA3*/</script>"
_SECP_IMPORT = 'import * as secp from "/vendor/secp256k1.js";'


def verifier_config(state: PortalState) -> dict[str, Any]:
    """What the page needs of this deployment (read from the chain: the department registry)."""
    deployment = state.client.deployment
    fields = function_abi(_LEDGER, "getApplication")["outputs"][0]["components"]
    if any(
        f["type"] in {"bytes", "string"} or f["type"].endswith("]") or f["type"].startswith("tuple") for f in fields
    ):
        raise RuntimeError("getApplication no longer returns one static struct: the verifier must decode it anew")
    events = [
        {
            "name": entry["name"],
            "inputs": [item["type"] for item in entry["inputs"]],
            "label": {lang: messages.label("event", entry["name"], lang) for lang in ("zh", "en")},
        }
        for entry in load_artifact(_LEDGER).abi
        if entry.get("type") == "event"
    ]
    return {
        "chain_id": deployment.chain_id,
        "ledger": deployment.address_of(_LEDGER),
        "deployment_block": deployment.contracts[_LEDGER].block_number,
        "departments": [d.model_dump() for d in state.directory.departments()],  # the names the follower keeps
        "statuses": {str(s.value): {"name": s.name, "zh": s.label_zh, "en": s.label_en} for s in ApplicationStatus},
        "events": events,
        "get_application": {"name": "getApplication", "fields": [f["name"] for f in fields]},
    }


def verifier_page(config: dict[str, Any]) -> str:
    """``static/verifier.html`` with ``config`` and the libraries filled in: one file that works from disk."""
    page = (PACKAGE / "static" / "verifier.html").read_text(encoding="utf-8")
    sha3_text = Path(vendored("js-sha3", "build/sha3.min.js").path).read_text(encoding="utf-8")
    secp = Path(vendored("@noble/secp256k1", "index.js").path).read_bytes()
    if "</script" in sha3_text.lower():
        raise RuntimeError("js-sha3 cannot be inlined: it contains </script")
    secp_url = "data:text/javascript;base64," + base64.b64encode(secp).decode("ascii")
    # JSON inside <script>: "<" escaped so no value can close the element.
    config_json = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    for marker in (_CONFIG_BLOCK, _SHA3_BLOCK, _SECP_IMPORT):
        if page.count(marker) != 1:
            raise RuntimeError(f"static/verifier.html lost its marker {marker!r}")
    return (
        page.replace(_CONFIG_BLOCK, _CONFIG_BLOCK.replace("null", config_json))
        .replace(_SHA3_BLOCK, f"<script>{sha3_text}</script>")
        .replace(_SECP_IMPORT, f'import * as secp from "{secp_url}";')
    )


@dataclass
class _Cached:
    made_at: float
    page: str


_lock = threading.Lock()


@router.get("/verifier.html", response_class=HTMLResponse)
def verifier(request: Request) -> HTMLResponse:
    """The standalone verifier, to save and open from disk (served as a download-friendly HTML file)."""
    state = portal_state(request)
    with _lock:
        cached: _Cached | None = getattr(request.app.state, "verifier_page", None)
        if cached is None or time.monotonic() - cached.made_at > REFRESH_SECONDS:
            try:
                cached = _Cached(time.monotonic(), verifier_page(verifier_config(state)))
            except (ConnectionError, OSError) as error:
                detail = {"code": "unavailable", "zh": "服务暂不可用", "en": "service unavailable"}
                raise HTTPException(503, detail) from error
            request.app.state.verifier_page = cached
    headers = {"Content-Disposition": 'inline; filename="zhangdian-verifier.html"', "Cache-Control": "no-store"}
    return HTMLResponse(cached.page, headers=headers)
