"""Small conversions the portal's routers share: hex ids, and scores and statuses with their labels."""

from __future__ import annotations

from zhangdian_sdk.core.models import RatingScore
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.services.portal.schemas import Named, ReasonView, Words

__all__ = ["hex32", "reason_view", "score_named"]


def hex32(value: str) -> bytes:
    raw = bytes.fromhex(value.removeprefix("0x"))
    if len(raw) != 32:
        raise ValueError("须为 32 字节 / expected 32 bytes")
    return raw


def score_named(score: RatingScore) -> Named:
    """A 好差评 score (GB/T 39046 满意度代码) with its names: ``{"code": "2", "name": {"zh": "满意", ...}}``."""
    return Named(code=str(int(score)), name=Words(zh=score.label_zh, en=score.label_en))


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
