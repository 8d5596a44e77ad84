"""The reason catalogue: what an on-chain reason code means, in Chinese and English, with its legal
basis, and for a rejection the remedy (行政复议 / 行政诉讼, within which time, to whom).

The contracts record reasons as ``uint16`` codes per kind (rejection, supplement, withdrawal, special
procedure, revocation ...); the texts live in ``zhangdian_sdk/_data/reasons.json``, shipped as package
data, and are what the CLI and the portal show. A code the catalogue does not know is still shown, as
"reason code N" in both languages, never dropped.

Usage: ``describe(ReasonKind.REJECTION, 3).text_zh``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["CONTRACT_REASONS", "EVENT_REASONS", "Reason", "ReasonKind", "catalogue", "codes", "describe", "of_event"]


class ReasonKind(StrEnum):
    """Which decision a reason code belongs to (the catalogue's top-level keys)."""

    REJECTION = "rejection"
    SUPPLEMENT = "supplement"
    WITHDRAWAL = "withdrawal"
    SPECIAL_PROCEDURE = "special_procedure"
    SPECIAL_PROCEDURE_RESULT = "special_procedure_result"
    CERTIFICATE_REVOCATION = "certificate_revocation"
    CERTIFICATE_SUSPENSION = "certificate_suspension"
    MATERIAL_REVOCATION = "material_revocation"
    APPEAL_OUTCOME = "appeal_outcome"  # 行政复议决定: why an appeal was upheld, revoked, changed ...
    APPEAL_EXTENSION = "appeal_extension"  # 延期审理: why an appeal's review deadline was extended
    CORRECTION = "correction"  # 更正: the legal reason for correcting a decision or a certificate
    REPLACEMENT = "replacement"  # 换发/补发: why a certificate was replaced


@dataclass(frozen=True)
class Reason:
    """One reason code in words."""

    kind: ReasonKind
    code: int
    text_zh: str
    text_en: str
    basis_zh: str = ""  # 法律依据
    basis_en: str = ""
    remedy_zh: str = ""  # 救济途径 (rejections)
    remedy_en: str = ""
    known: bool = True

    def text(self, lang: str) -> str:
        """The reason in ``lang`` ("zh" or "en")."""
        return self.text_en if lang == "en" else self.text_zh

    @property
    def both(self) -> str:
        """Chinese first, then English: how the CLI shows a reason to staff."""
        return f"{self.text_zh} / {self.text_en}"


# Which event argument carries which kind of reason code (contract event name, argument name).
EVENT_REASONS: dict[tuple[str, str], ReasonKind] = {
    ("ApplicationRejected", "reasonCode"): ReasonKind.REJECTION,
    ("SupplementRequested", "reasonCode"): ReasonKind.SUPPLEMENT,
    ("ApplicationWithdrawn", "reasonCode"): ReasonKind.WITHDRAWAL,
    ("SpecialProcedureStarted", "reasonCode"): ReasonKind.SPECIAL_PROCEDURE,
    ("SpecialProcedureEnded", "resultCode"): ReasonKind.SPECIAL_PROCEDURE_RESULT,
    ("CertificateRevoked", "reasonCode"): ReasonKind.CERTIFICATE_REVOCATION,
    ("BatchRevoked", "reasonCode"): ReasonKind.CERTIFICATE_REVOCATION,
    ("CertificateSuspended", "reasonCode"): ReasonKind.CERTIFICATE_SUSPENSION,
    # A status-list change: its `state` argument says suspended or ended; the reason is read as a revocation's.
    ("CertificateStatusSet", "reasonCode"): ReasonKind.CERTIFICATE_REVOCATION,
    ("MaterialRevoked", "reasonCode"): ReasonKind.MATERIAL_REVOCATION,
    # Appeals (行政复议), corrections (更正) and replacements (换发/补发), issue 18.
    ("AppealExtended", "reasonCode"): ReasonKind.APPEAL_EXTENSION,
    ("AppealDecided", "reasonCode"): ReasonKind.APPEAL_OUTCOME,
    ("AppealWithdrawn", "reasonCode"): ReasonKind.WITHDRAWAL,
    ("DecisionCorrected", "reasonCode"): ReasonKind.CORRECTION,
    ("CertificateCorrected", "reasonCode"): ReasonKind.CORRECTION,
    ("CertificateReplaced", "reasonCode"): ReasonKind.REPLACEMENT,
    ("BatchReplaced", "reasonCode"): ReasonKind.REPLACEMENT,
    ("CertificateRevokedOnAppeal", "reasonCode"): ReasonKind.CERTIFICATE_REVOCATION,
}

# Reason codes the contracts record by themselves, as public constants (contract, constant): each must be
# in the catalogue (tests/sdk/test_reasons.py reads the Solidity constants and checks them against this).
CONTRACT_REASONS: dict[tuple[str, str], tuple[ReasonKind, int]] = {
    # The appeal registry revokes a completion certificate whose granting decision an appeal revoked.
    ("AppealRegistry", "REVOKED_ON_APPEAL"): (ReasonKind.CERTIFICATE_REVOCATION, 10),
}


@cache
def catalogue() -> dict[str, Any]:
    """The catalogue file as it is (kind -> code -> entry, plus ``remedies``)."""
    text = resources.files("zhangdian_sdk").joinpath("_data/reasons.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def describe(kind: ReasonKind | str, code: int) -> Reason:
    """The words for ``code`` of ``kind``; an unknown code still reads as "reason code N"."""
    kind = ReasonKind(kind)
    data = catalogue()
    entry = data.get(kind.value, {}).get(str(code))
    remedy = data.get("remedies", {}).get(kind.value, {})
    if entry is None:
        return Reason(
            kind,
            code,
            f"原因代码 {code} (未在原因目录中)",
            f"reason code {code} (not in the reason catalogue)",
            remedy_zh=remedy.get("zh", ""),
            remedy_en=remedy.get("en", ""),
            known=False,
        )
    return Reason(
        kind,
        code,
        entry["zh"],
        entry["en"],
        entry.get("basis_zh", ""),
        entry.get("basis_en", ""),
        entry.get("remedy_zh", remedy.get("zh", "")),  # an entry may say its own remedy, "" for none
        entry.get("remedy_en", remedy.get("en", "")),
    )


def of_event(event: str, argument: str, value: object) -> Reason | None:
    """The reason an event's argument carries (``of_event("ApplicationRejected", "reasonCode", 31)``),
    or None when that argument is not a reason code."""
    kind = EVENT_REASONS.get((event, argument))
    if kind is None or not isinstance(value, int) or isinstance(value, bool):
        return None
    return describe(kind, value)


def codes(kind: ReasonKind | str) -> list[Reason]:
    """Every code of ``kind`` in the catalogue, in code order (what ``zhangdian reasons list`` shows)."""
    kind = ReasonKind(kind)
    return [describe(kind, int(code)) for code in sorted(catalogue().get(kind.value, {}), key=int)]
