"""`zhangdian reasons`: the reason catalogue (原因目录) staff look codes up in.

``list [KIND]`` prints every code of one kind (rejection, supplement, withdrawal, appeal_outcome,
appeal_extension, correction, replacement, certificate_revocation ...) with its Chinese and English text
and its legal basis; without KIND it lists the kinds and how many codes each has. Read from the
catalogue shipped with the SDK (``zhangdian_sdk/_data/reasons.json``): no chain is needed.
"""

from __future__ import annotations

import click

from zhangdian_sdk.cli._context import console, handle_errors, json_option, print_json
from zhangdian_sdk.core import messages, reasons
from zhangdian_sdk.core.errors import InvalidInputError

__all__ = ["reasons_group"]


@click.group("reasons")
def reasons_group() -> None:
    """Reason codes (原因目录): what each on-chain reason code means, in both languages, with its legal basis."""


@reasons_group.command("list")
@click.argument("kind", required=False)
@json_option
@handle_errors
def list_reasons(kind: str | None, as_json: bool) -> None:
    """The codes of KIND (e.g. appeal_outcome, correction, replacement), or the kinds when none is named."""
    if kind is None:
        kinds = [(k, len(reasons.codes(k))) for k in reasons.ReasonKind]
        if as_json:
            print_json(
                [
                    {"kind": k.value, "zh": _kind_label(k, "zh"), "en": _kind_label(k, "en"), "codes": n}
                    for k, n in kinds
                ]
            )
            return
        console.print("原因类别 / reason kinds (zhangdian reasons list KIND):", highlight=False)
        for k, n in kinds:
            console.print(
                f"  {k.value:<26}{_kind_label(k, 'zh')} / {_kind_label(k, 'en')} ({n})", highlight=False, markup=False
            )
        return
    try:
        chosen = reasons.ReasonKind(kind.strip().lower())
    except ValueError:
        known = ", ".join(k.value for k in reasons.ReasonKind)
        raise InvalidInputError(
            f"没有原因类别 {kind} (可选: {known}) / there is no reason kind {kind} (one of: {known})"
        ) from None
    listed = reasons.codes(chosen)
    if as_json:
        print_json(
            [
                {
                    "kind": r.kind.value,
                    "code": r.code,
                    "zh": r.text_zh,
                    "en": r.text_en,
                    "basis_zh": r.basis_zh,
                    "basis_en": r.basis_en,
                    "remedy_zh": r.remedy_zh,
                    "remedy_en": r.remedy_en,
                }
                for r in listed
            ]
        )
        return
    console.print(
        f"{_kind_label(chosen, 'zh')} / {_kind_label(chosen, 'en')} ({chosen.value}, {len(listed)})",
        highlight=False,
        markup=False,
    )
    for reason in listed:
        console.print(highlight=False)
        console.print(f"{reason.code:>4}  {reason.text_zh}", highlight=False, markup=False)
        console.print(f"      {reason.text_en}", highlight=False, markup=False)
        console.print(f"      依据 basis: {reason.basis_zh} / {reason.basis_en}", highlight=False, markup=False)


def _kind_label(kind: reasons.ReasonKind, lang: str) -> str:
    """The kind's name from the message catalogue (``reason_kind`` labels)."""
    return messages.label("reason_kind", kind.value, lang)
