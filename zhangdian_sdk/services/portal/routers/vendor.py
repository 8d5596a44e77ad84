"""Browser libraries installed by npm (package-lock.json pins them; `make setup` runs npm ci)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

router = APIRouter(include_in_schema=False)


def vendored(package: str, file: str) -> FileResponse:
    for root in (Path.cwd(), *Path(__file__).resolve().parents):
        candidate = root / "node_modules" / package / file
        if candidate.exists():
            return FileResponse(candidate, media_type="text/javascript")
    raise HTTPException(404, f"{package} is not installed: run `make setup`")


@router.get("/vendor/sha3.min.js")
def sha3_library() -> FileResponse:
    return vendored("js-sha3", "build/sha3.min.js")


@router.get("/vendor/secp256k1.js")
def secp256k1_library() -> FileResponse:
    # The audited @noble/secp256k1, one ES module without imports: the rating key's address and signature.
    return vendored("@noble/secp256k1", "index.js")
