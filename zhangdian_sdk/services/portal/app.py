"""The citizen portal: look up an application, verify a certificate, see who used your materials,
and the departments' transparency figures. A JSON API under /api/ (OpenAPI at /api/openapi.json)
serves the pages.

Nothing personal reaches the server: the browser computes the application id and the applicant
commitment from what the citizen types, and a certificate's hashes from the file it picked; only
hashes are sent. The records are public on chain, commitment included: the lookup shows a citizen
their application, it does not hide it from anyone (SECURITY.md, "What is public").

好差评: once the application is concluded the page offers a rating; the browser signs it with the key
derived from the receipt code (which stays in the browser) and the portal relays the signed rating with
its relayer account (``PortalConfig.relayer``), which can change neither the application nor the score.

Usage: ``uvicorn.run(create_app(client, "sqlite:///index.db"), host="127.0.0.1")``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from eth_typing import HexStr
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.artifacts import SUITE_CONTRACTS, load_artifact
from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.errors import (
    AlreadyRated,
    ApplicationNotConcluded,
    InvalidRatingSignature,
    NotFoundError,
    ZhangdianError,
)
from zhangdian_sdk.core.events import decode_logs
from zhangdian_sdk.core.merkle import leaf_hash
from zhangdian_sdk.core.models import ApplicationStatus, RatingScore, UseKind
from zhangdian_sdk.core.workdays import beijing
from zhangdian_sdk.core.workflow import shown_step
from zhangdian_sdk.facades.certificates import LEAF_TYPES
from zhangdian_sdk.facades.completion import completion_certificate
from zhangdian_sdk.facades.ratings import RATEABLE_STATUSES
from zhangdian_sdk.facades.verification import chain_checks, status_of
from zhangdian_sdk.services.indexer import Indexer, IndexReader
from zhangdian_sdk.services.portal.i18n import TEXT, language

__all__ = ["PortalConfig", "create_app"]

_PACKAGE = Path(str(resources.files("zhangdian_sdk.services.portal")))


@dataclass(frozen=True)
class PortalConfig:
    """Where explorer links point (a URL template with {tx}, or the portal's own transaction page), and
    the account that relays citizens' signed ratings (none: the portal shows ratings but takes none)."""

    explorer_tx_url: str | None = None
    relayer: Signer | None = None


class RatingRequest(BaseModel):
    """A rating signed in the browser: the score, the inner commitment and the rating key's signature."""

    score: int = Field(ge=1, le=5)
    inner: str = Field(pattern="^0x[0-9a-fA-F]{64}$")
    signature: str = Field(pattern="^0x[0-9a-fA-F]{130}$")


@dataclass(frozen=True)
class _HashedCertificate:
    root: bytes
    issuer: str
    certificate_id: bytes
    digest: bytes
    proof: tuple[bytes, ...]
    region: int

    @property
    def leaf(self) -> bytes:
        return leaf_hash([self.certificate_id, self.digest], LEAF_TYPES)


def create_app(client: ZhangdianClient, database_url: str, config: PortalConfig | None = None) -> FastAPI:
    """The portal for one deployment, with its index in ``database_url`` (kept in sync on demand)."""
    config = config or PortalConfig()
    app = FastAPI(
        title="张店区政务服务区块链 Zhangdian Chain portal",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    templates = Jinja2Templates(directory=str(_PACKAGE / "templates"))
    app.mount("/static", StaticFiles(directory=str(_PACKAGE / "static")), name="static")
    indexer = Indexer(client.w3, client.deployment, database_url)
    relayer = ZhangdianClient(client.w3, client.deployment, signer=config.relayer) if config.relayer else None
    reader = IndexReader(indexer.engine)
    sync_lock = threading.Lock()

    def synced() -> int:
        with sync_lock:
            indexer.sync()
        return indexer.indexed_block()

    def tx_link(tx_hash: str) -> str:
        return config.explorer_tx_url.format(tx=tx_hash) if config.explorer_tx_url else f"/tx/{tx_hash}"

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        lang = language(request.query_params.get("lang"))
        block = client.w3.eth.block_number
        return templates.TemplateResponse(
            request, name, {"t": TEXT[lang], "lang": lang, "block": block, "texts": TEXT[lang], **context}
        )

    def vendored(package: str, file: str) -> FileResponse:
        """A browser library installed by npm (package-lock.json pins it; `make setup` runs npm ci)."""
        for root in (Path.cwd(), *Path(__file__).resolve().parents):
            candidate = root / "node_modules" / package / file
            if candidate.exists():
                return FileResponse(candidate, media_type="text/javascript")
        raise HTTPException(404, f"{package} is not installed: run `make setup`")

    @app.get("/vendor/sha3.min.js", include_in_schema=False)
    def sha3_library() -> FileResponse:
        return vendored("js-sha3", "build/sha3.min.js")

    @app.get("/vendor/secp256k1.js", include_in_schema=False)
    def secp256k1_library() -> FileResponse:
        # The audited @noble/secp256k1, one ES module without imports: the rating key's address and signature.
        return vendored("@noble/secp256k1", "index.js")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        return page(request, "index.html")

    @app.get("/verify", response_class=HTMLResponse, include_in_schema=False)
    def verify_page(request: Request) -> HTMLResponse:
        return page(request, "verify.html")

    @app.get("/uses", response_class=HTMLResponse, include_in_schema=False)
    def uses_page(request: Request) -> HTMLResponse:
        return page(request, "uses.html")

    @app.get("/transparency", response_class=HTMLResponse, include_in_schema=False)
    def transparency_page(request: Request) -> HTMLResponse:
        block = synced()
        return page(
            request,
            "transparency.html",
            departments=reader.statistics("department"),
            services=reader.statistics("service"),
            department_ratings=_named_ratings(client, reader, "department"),
            service_ratings=_named_ratings(client, reader, "service"),
            scores=[_score(score) for score in sorted(RatingScore)],
            indexed_block=block,
        )

    @app.get("/tx/{tx_hash}", response_class=HTMLResponse, include_in_schema=False)
    def transaction_page(request: Request, tx_hash: str) -> HTMLResponse:
        return page(request, "tx.html", tx=transaction(tx_hash))

    @app.get("/api/numbers/{number_hash}", tags=["applications"])
    def applications_by_number(number_hash: str) -> dict[str, Any]:
        """The applications whose number hashes to ``number_hash`` (keccak-256 of the application
        number, computed in the browser), one per department that uses the number, with that department
        (needed to compute the applicant commitment). Ids belong to departments, so there may be several."""
        try:
            found = client.ledger.lookup_number(_hex32(number_hash))
        except (ValueError, ZhangdianError):
            raise HTTPException(404, "not found") from None
        if not found:
            raise HTTPException(404, "not found")
        return {
            "applications": [
                {"applicationId": "0x" + app_id.hex(), "department": department}
                for department, app_id in sorted(found.items())
            ]
        }

    @app.get("/api/applications/{application_id}/department", tags=["applications"])
    def application_department(application_id: str) -> dict[str, str]:
        """The receiving department of an application (needed to compute the applicant commitment)."""
        app_record = _application_or_404(client, application_id)
        return {"department": app_record.department}

    @app.get("/api/applications/{application_id}", tags=["applications"])
    def application(application_id: str, commitment: str = Query(..., pattern="^0x[0-9a-fA-F]{64}$")) -> dict[str, Any]:
        """An application's status and timeline, if ``commitment`` matches the applicant's."""
        record = _application_or_404(client, application_id)
        if "0x" + record.applicant_commitment.hex() != commitment.lower():
            raise HTTPException(404, "not found")
        block = client.w3.eth.block_number
        catalog = client.catalog.get(record.service, record.service_version)
        department = client.departments.get(record.department)
        timeline = [
            {
                "event": entry.event,
                "label": {lang: messages.label("event", entry.event, lang) for lang in messages.LANGUAGES},
                "time": entry.timestamp.isoformat() if entry.timestamp else None,
                "department": entry.department,
                "transactionHash": entry.transaction_hash,
                "link": tx_link(entry.transaction_hash),
                "blockNumber": entry.block_number,
                "statusAfter": _status(entry.status_after),
            }
            for entry in client.ledger.history(record.application_id)
        ]
        step_deadline = client.ledger.step_deadline(record.application_id)
        return {
            "applicationId": "0x" + record.application_id.hex(),
            "service": record.service,
            "serviceName": {"zh": catalog.definition.name_zh, "en": catalog.definition.name_en},
            "department": record.department,
            "departmentName": {"zh": department.name_zh, "en": department.name_en},
            "status": {"name": record.status.name, "zh": record.status.label_zh, "en": record.status.label_en},
            "currentStep": shown_step(record.current_step, record.step_count),
            "stepCount": record.step_count,
            "submittedAt": record.submitted_at.isoformat() if record.submitted_at else None,
            "deadline": record.deadline.isoformat() if record.deadline else None,
            "deadlineBeijing": beijing(int(record.deadline.timestamp())) if record.deadline else None,
            "overdue": record.overdue,
            "stepDeadline": _iso(step_deadline),
            "stepDeadlineBeijing": beijing(int(step_deadline.timestamp())) if step_deadline else None,
            "waitingFor": _blocker(client, record),
            "linked": _linked(client, record.application_id),
            "certificate": _certificate(client, record),
            "timeline": timeline,
            "rating": _rating(client, record, can_relay=relayer is not None),
            "verifiedAtBlock": block,
        }

    @app.post("/api/applications/{application_id}/rating", tags=["ratings"])
    def rate(application_id: str, rating: RatingRequest) -> dict[str, Any]:
        """Relay the applicant's rating of a concluded application (好差评), signed in the browser with the
        key of the receipt code; once per application (409 with the score given when it was rated)."""
        record = _application_or_404(client, application_id)
        if relayer is None:
            raise HTTPException(503, _words("sdk.rating_relayer_missing"))
        given = client.ratings.rating_of(record.application_id)
        if given is not None:
            raise HTTPException(409, {"code": "already_rated", "score": _score(given), **_words("portal.rate_already")})
        try:
            result = relayer.ratings.relay(
                record.application_id,
                rating.score,
                inner=bytes.fromhex(rating.inner[2:]),
                signature=bytes.fromhex(rating.signature[2:]),
            )
        except AlreadyRated:
            given = client.ratings.rating_of(record.application_id)
            raise HTTPException(
                409, {"code": "already_rated", "score": _score(given), **_words("portal.rate_already")}
            ) from None
        except ApplicationNotConcluded:
            raise HTTPException(409, {"code": "not_concluded", **_words("sdk.rating_not_concluded")}) from None
        except InvalidRatingSignature:
            raise HTTPException(403, {"code": "wrong_applicant", **_words("sdk.rating_wrong_applicant")}) from None
        return {
            "score": _score(RatingScore(rating.score)),
            "transactionHash": result.transaction_hash,
            "link": tx_link(result.transaction_hash) if result.transaction_hash else None,
        }

    @app.get("/api/ratings", tags=["transparency"])
    def ratings(by: str = Query("department", pattern="^(department|service)$")) -> dict[str, Any]:
        """好差评 per department or service, from the index: counts per score, 满意率, 差评."""
        block = synced()
        return {"groups": _named_ratings(client, reader, by), "indexedBlock": block}

    @app.get("/api/certificates/status", tags=["certificates"])
    def certificate_status(
        root: str,
        issuer: str,
        region: int,
        certificate_id: str = Query(alias="certificateId"),
        digest: str = Query(),
        proof: str = "",
    ) -> dict[str, Any]:
        """What the chain says about a certificate, from its hashes only: the leaf's preimage
        (certificate id and digest), which the chain hashes, so a root or an inner node never passes."""
        try:
            hashed = _HashedCertificate(
                root=_hex32(root),
                issuer=issuer,
                certificate_id=_hex32(certificate_id),
                digest=_hex32(digest),
                proof=tuple(_hex32(p) for p in proof.split(",") if p),
                region=region,
            )
            checks = chain_checks(client, hashed)
        except (ValueError, ZhangdianError) as err:
            raise HTTPException(400, f"invalid certificate hashes: {err}") from err
        state = status_of(checks)
        return {
            "checks": [check.__dict__ for check in checks],
            "status": None if state is None else {"code": state.name, "zh": state.label_zh, "en": state.label_en},
            "verifiedAtBlock": client.w3.eth.block_number,
        }

    @app.get("/api/materials/uses", tags=["materials"])
    def material_uses(ids: str) -> dict[str, Any]:
        """Who used the given materials, when and for what (from the index)."""
        block = synced()
        wanted = [i.strip().lower() for i in ids.split(",") if i.strip()]
        uses = reader.material_uses(wanted)
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
                    "link": tx_link(use["transactionHash"]),
                }
                for use in uses
            ],
            "verifiedAtBlock": block,
        }

    @app.get("/api/statistics", tags=["transparency"])
    def statistics(by: str = Query("department", pattern="^(department|service)$")) -> dict[str, Any]:
        """Counts by status, on-time rate and median processing time, per department or service."""
        block = synced()
        return {"groups": [group.__dict__ for group in reader.statistics(by)], "indexedBlock": block}

    @app.get("/api/transactions/{tx_hash}", tags=["transactions"])
    def transaction(tx_hash: str) -> dict[str, Any]:
        """A transaction of the suite, decoded: the function called and the events emitted."""
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

    return app


def _words(key: str) -> dict[str, str]:
    return {lang: messages.text(key, lang) for lang in messages.LANGUAGES}


def _score(score: RatingScore | None) -> dict[str, Any] | None:
    return None if score is None else {"value": int(score), "zh": score.label_zh, "en": score.label_en}


def _rating(client: ZhangdianClient, record: Any, *, can_relay: bool) -> dict[str, Any] | None:
    """What the rating form needs: None while the application is open (or the suite has no ratings);
    else the score given (None if not yet), the five options and the EIP-712 domain to sign in."""
    if record.status not in RATEABLE_STATUSES or "ServiceRatings" not in client.deployment.contracts:
        return None
    return {
        "score": _score(client.ratings.rating_of(record.application_id)),
        "canRate": can_relay,
        "options": [_score(score) for score in sorted(RatingScore)],
        "chainId": client.w3.eth.chain_id,
        "verifyingContract": client.ratings.address,
    }


def _named_ratings(client: ZhangdianClient, reader: IndexReader, by: str) -> list[dict[str, Any]]:
    """The index's ratings per department or service, with the names the chain gives them."""
    named = []
    for group in reader.ratings(by):
        try:
            if by == "department":
                department = client.departments.get(group.key)
                name = {"zh": department.name_zh, "en": department.name_en}
            else:
                definition = client.catalog.get(group.key).definition
                name = {"zh": definition.name_zh, "en": definition.name_en}
        except ZhangdianError:
            name = {"zh": group.key, "en": group.key}
        named.append(
            {
                "key": group.key,
                "name": name,
                "counts": {str(score): n for score, n in group.counts.items()},
                "total": group.total,
                "satisfiedRate": group.satisfied_rate,
                "negative": group.negative,
            }
        )
    return named


def _status(status: ApplicationStatus | None) -> dict[str, str] | None:
    """A status by name, with its labels in both languages."""
    return None if status is None else {"name": status.name, "zh": status.label_zh, "en": status.label_en}


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def _blocker(client: ZhangdianClient, record: Any) -> dict[str, str] | None:
    """What an approved application waits for before it completes, in both languages."""
    if record.status != ApplicationStatus.APPROVED:
        return None
    blocker = client.ledger.completion_blocker(record.application_id)
    return {"zh": blocker.message_zh, "en": blocker.message_en} if blocker else None


def _linked(client: ZhangdianClient, app_id: bytes) -> list[dict[str, Any]]:
    """The parent and the follow-on applications of one 一件事, with their services and statuses.

    They share the applicant's commitment, so whoever may see one may see the others."""
    links = client.ledger.links(app_id)
    related = [("parent", links.parent)] if links.parent else []
    related += [("child", child) for child in links.children]
    shown = []
    for relation, other in related:
        record = client.ledger.get(other)
        definition = client.catalog.get(record.service, record.service_version).definition
        shown.append(
            {
                "relation": relation,
                "applicationId": "0x" + other.hex(),
                "service": record.service,
                "serviceName": {"zh": definition.name_zh, "en": definition.name_en},
                "department": record.department,
                "status": {"name": record.status.name, "zh": record.status.label_zh, "en": record.status.label_en},
            }
        )
    return shown


def _certificate(client: ZhangdianClient, record: Any) -> dict[str, Any] | None:
    if record.status != ApplicationStatus.COMPLETED:
        return None
    certificate = completion_certificate(client, record.application_id)
    if certificate is None:
        return None
    return {
        "type": certificate.certificate_type,
        "issuer": certificate.issuer,
        "root": "0x" + certificate.root.hex(),
        "valid": certificate.valid,
    }


def _application_or_404(client: ZhangdianClient, application_id: str) -> Any:
    try:
        return client.ledger.get(_hex32(application_id))
    except (ValueError, NotFoundError, ZhangdianError):
        raise HTTPException(404, "not found") from None


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


def _hex32(value: str) -> bytes:
    raw = bytes.fromhex(value.removeprefix("0x"))
    if len(raw) != 32:
        raise ValueError("expected 32 bytes")
    return raw
