"""Small conversions the portal's routers share: hex ids, and scores and statuses with their labels."""

from __future__ import annotations

from typing import Any

from zhangdian_sdk.core.models import ApplicationStatus, RatingScore
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.services.portal.schemas import ReasonView, Words

__all__ = ["hex32", "rating_score", "reason_view", "status_words"]


def hex32(value: str) -> bytes:
    raw = bytes.fromhex(value.removeprefix("0x"))
    if len(raw) != 32:
        raise ValueError("expected 32 bytes")
    return raw


def rating_score(score: RatingScore | None) -> dict[str, Any] | None:
    return None if score is None else {"value": int(score), "zh": score.label_zh, "en": score.label_en}


def status_words(status: ApplicationStatus | None) -> dict[str, str] | None:
    """A status by name, with its labels in both languages."""
    return None if status is None else {"name": status.name, "zh": status.label_zh, "en": status.label_en}


def reason_view(kind: ReasonKind, code: int) -> ReasonView:
    """A reason code in words from the reason catalogue (an unknown code still reads as "reason code N")."""
    found = describe(kind, code)
    return ReasonView(
        kind=kind.value,
        code=code,
        text=Words(zh=found.text_zh, en=found.text_en),
        legal_basis=Words(zh=found.basis_zh, en=found.basis_en) if found.basis_zh or found.basis_en else None,
        remedy=Words(zh=found.remedy_zh, en=found.remedy_en) if found.remedy_zh or found.remedy_en else None,
    )
