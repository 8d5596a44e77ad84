"""Names instead of codes for the record pages (transaction, certificate, material uses): statuses,
departments, services, material and certificate types, reason codes, and the API's bilingual errors.

Departments and services come from the in-memory :class:`PortalDirectory` (the portal state's, or one
kept on the app when the state has none); everything else from the message and reason catalogues.
"""

from __future__ import annotations

import threading
from typing import NoReturn

from fastapi import HTTPException, Request

from zhangdian_sdk.core import messages
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.core.reasons import ReasonKind
from zhangdian_sdk.services.indexer import IndexReader
from zhangdian_sdk.services.indexer.records import latest_version
from zhangdian_sdk.services.portal.directory import PortalDirectory
from zhangdian_sdk.services.portal.schemas import Named, Words
from zhangdian_sdk.services.portal.state import portal_state, words
from zhangdian_sdk.services.portal.values import reason_view

__all__ = [
    "REASON_ARGUMENTS",
    "catalogue_named",
    "department_named",
    "directory",
    "fail",
    "reason_view",
    "service_named",
    "status_named",
    "text_words",
]

_LOCK = threading.Lock()

# The events that carry a reason code: event -> (argument, the catalogue's kind).
REASON_ARGUMENTS: dict[str, tuple[str, ReasonKind]] = {
    "ApplicationRejected": ("reasonCode", ReasonKind.REJECTION),
    "SupplementRequested": ("reasonCode", ReasonKind.SUPPLEMENT),
    "ApplicationWithdrawn": ("reasonCode", ReasonKind.WITHDRAWAL),
    "SpecialProcedureStarted": ("reasonCode", ReasonKind.SPECIAL_PROCEDURE),
    "SpecialProcedureEnded": ("resultCode", ReasonKind.SPECIAL_PROCEDURE_RESULT),
    "BatchRevoked": ("reasonCode", ReasonKind.CERTIFICATE_REVOCATION),
    "CertificateRevoked": ("reasonCode", ReasonKind.CERTIFICATE_REVOCATION),
    "CertificateSuspended": ("reasonCode", ReasonKind.CERTIFICATE_REVOCATION),
    "MaterialRevoked": ("reasonCode", ReasonKind.MATERIAL_REVOCATION),
}


def directory(request: Request) -> PortalDirectory:
    """The names directory: the portal state's when it has one, else one kept on the app (loaded lazily)."""
    state = portal_state(request)
    shared = getattr(state, "directory", None)
    if isinstance(shared, PortalDirectory):
        return shared
    with _LOCK:
        kept = getattr(request.app.state, "record_names", None)
        if not isinstance(kept, PortalDirectory):
            kept = PortalDirectory(state.client)
            request.app.state.record_names = kept
    return kept


def fail(status: int, code: str, key: str) -> NoReturn:
    """Raise the API's error: ``{"detail": {"code", "zh", "en"}}`` with the portal message ``key``."""
    raise HTTPException(status, {"code": code, **words(f"portal.{key}")})


def text_words(key: str, **arguments: object) -> Words:
    """A portal message in both languages, its placeholders filled."""
    return Words(**{lang: messages.text(f"portal.{key}", lang, **arguments) for lang in messages.LANGUAGES})


def status_named(status: ApplicationStatus) -> Named:
    return Named(code=status.name, name=Words(zh=status.label_zh, en=status.label_en))


def catalogue_named(kind: str, code: str) -> Named:
    """A code with the catalogue's labels of ``kind`` (``material_type``, ``certificate_type``, ...); the
    code itself as its name when the catalogue has none."""
    entry = messages.catalogue()["labels"].get(kind, {}).get(code)
    return Named(code=code, name=Words(zh=entry["zh"], en=entry["en"]) if entry else Words(zh=code, en=code))


def service_named(request: Request, reader: IndexReader, code: str, version: int | None = None) -> Named:
    """A service's names (the given version, else the latest the index knows); its code if unknown."""
    version = version if version is not None else latest_version(reader, code)
    if version is None:
        return Named(code=code, name=Words(zh=code, en=code))
    try:
        return directory(request).service(code, version).named
    except Exception:  # noqa: BLE001 - an unknown service or a node away: the code is still its name
        return Named(code=code, name=Words(zh=code, en=code))


def department_named(request: Request, code: str) -> Named:
    """A department's names (the code if neither the directory nor the node can tell)."""
    try:
        return directory(request).department(code)
    except Exception:  # noqa: BLE001 - a node away: the code is still its name
        return Named(code=code, name=Words(zh=code, en=code))
