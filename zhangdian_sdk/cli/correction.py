"""`zhangdian application correct` and `zhangdian certificate correct`: 更正 of a clerical error by the
department that made the record, with a legal reason; the original stays on chain, marked corrected.

The commands join the existing `application` and `certificate` groups (see ``COMMANDS`` extras in
``zhangdian_sdk.cli``), so the groups' own modules stay as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    chain_options,
    console,
    handle_errors,
    json_option,
    parse_hex32,
    print_json,
    report_write,
    signer_options,
    writer,
)
from zhangdian_sdk.core import reasons
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.facades.certificates import Certificate
from zhangdian_sdk.facades.corrections import (
    DECISION_REASON_EVENTS,
    REASON_CODE_FIELD,
    CorrectionResult,
    correction_reason,
    field_code,
)

__all__ = ["application_correct", "certificate_correct"]

REASON_HELP = (
    "The legal reason of the correction (reason catalogue kind `correction`: 1 clerical error in a reason "
    "code, 2 clerical error in a certificate field, 3 wrong document attached)."
)


@click.command("correct")
@click.argument("number")
@click.option(
    "--field",
    default="reason-code",
    show_default=True,
    help="The decision's field: reason-code, opinion-hash (or any field code).",
)
@click.option(
    "--to",
    "to",
    required=True,
    help="The right value: a reason code (1-65535) for reason-code, 0x + 64 hex for another field.",
)
@click.option("--reason", type=int, required=True, help=REASON_HELP)
@click.option(
    "--department",
    default=None,
    help="The application's department, needed only when several departments use the number.",
)
@chain_options
@signer_options
@json_option
@handle_errors
def application_correct(
    number: str, field: str, to: str, reason: int, department: str | None, as_json: bool, **connection: Any
) -> None:
    """Correct (更正) a clerical error in the decision on application NUMBER: its reason code (the
    original, read from the ledger's events, stays visible, marked corrected) or another field. Only an
    Approver of the department that decided, or a Clerk of the receiving department, may."""
    client = writer(**connection)
    corrections = client.corrections
    app_id = client.ledger.resolve(number, department=department)
    name = field_code(field)
    if name == REASON_CODE_FIELD:
        result = corrections.correct_reason_code(app_id, to=_reason_code(to), reason_code=reason)
        event = corrections.decision_reason(app_id)[0]
    else:
        result = corrections.correct_decision(app_id, field=name, value=parse_hex32(to, "--to"), reason_code=reason)
        event = None
    if as_json:
        print_json(_as_json(result))
        return
    console.print(f"办件 {number} 的决定已更正 / the decision on application {number} was corrected", highlight=False)
    console.print(f"   {result.summary_zh} / {result.summary_en}", highlight=False, markup=False)
    kind = DECISION_REASON_EVENTS.get(event or "")
    if kind is not None and isinstance(result.previous, int) and isinstance(result.corrected, int):
        was, now = reasons.describe(kind, result.previous), reasons.describe(kind, result.corrected)
        console.print(f"   原为 was      {was.code} {was.both}", highlight=False, markup=False)
        console.print(f"   更正为 now    {now.code} {now.both}", highlight=False, markup=False)
    _print_reason(result)
    report_write(result.transaction, f"更正 correction #{result.sequence}")


@click.command("correct")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--field", required=True, help="The certificate's field, e.g. shop or holderName.")
@click.option("--to", "to", default=None, help="The field's right text (recorded as its keccak256 digest).")
@click.option("--to-digest", default=None, help="Or the digest of the right text (0x + 64 hex).")
@click.option("--reason", type=int, required=True, help=REASON_HELP)
@chain_options
@signer_options
@json_option
@handle_errors
def certificate_correct(
    path: Path, field: str, to: str | None, to_digest: str | None, reason: int, as_json: bool, **connection: Any
) -> None:
    """Correct (更正) a clerical error in a field of the certificate in PATH; the certificate stays valid
    and unchanged on chain, the correction is recorded next to it. Only an Issuer of its issuing
    department may. The right text stays off chain: only its digest is recorded."""
    if (to is None) == (to_digest is None):
        raise InvalidInputError("请给出 --to 或 --to-digest 之一 / give exactly one of --to and --to-digest")
    certificate = Certificate.from_json(path.read_text(encoding="utf-8"))
    digest = parse_hex32(to_digest, "--to-digest") if to_digest is not None else None
    result = writer(**connection).corrections.correct_certificate(
        certificate, field=field, value=to, digest=digest, reason_code=reason
    )
    if as_json:
        print_json(_as_json(result))
        return
    console.print(
        f"证照 {certificate.certificate_id.hex()} 已更正 / certificate 0x{certificate.certificate_id.hex()} corrected",
        highlight=False,
    )
    console.print(f"   {result.summary_zh} / {result.summary_en}", highlight=False, markup=False)
    if to is not None:
        console.print(f"   更正后 right text  {to}", highlight=False, markup=False)
    _print_reason(result)
    report_write(result.transaction, f"更正 correction #{result.sequence}")


def _reason_code(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInputError(f"原因代码 {text} 应为数字 / the reason code {text} must be a number") from None


def _print_reason(result: CorrectionResult) -> None:
    zh, en = correction_reason(result.reason_code)
    console.print(f"   更正原因 reason {result.reason_code} {zh} / {en}", highlight=False, markup=False)


def _as_json(result: CorrectionResult) -> dict[str, Any]:
    def shown(value: int | bytes | None) -> int | str | None:
        return "0x" + value.hex() if isinstance(value, bytes) else value

    zh, en = correction_reason(result.reason_code)
    return {
        "subject": result.subject.name.lower(),
        "subjectId": "0x" + result.subject_id.hex(),
        "field": result.field,
        "previous": shown(result.previous),
        "corrected": shown(result.corrected),
        "reasonCode": result.reason_code,
        "reason": {"zh": zh, "en": en},
        "sequence": result.sequence,
        "summary": {"zh": result.summary_zh, "en": result.summary_en},
        "alreadyRecorded": result.already_recorded,
        "transaction": result.transaction.transaction_hash,
        "block": result.transaction.block_number,
    }
