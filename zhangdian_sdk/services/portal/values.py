"""Small conversions the portal's routers share: hex ids, and scores and statuses with their labels."""

from __future__ import annotations

from typing import Any

from zhangdian_sdk.core.models import ApplicationStatus, RatingScore

__all__ = ["hex32", "rating_score", "status_words"]


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
