"""`zhangdian appeal`: 行政复议, appeals against the ledger's decisions (file, accept, extend, decide,
withdraw, show, terms).

An appeal is named by its id (0x + 64 hex) or by its original application's number (or id): that names
the original's latest appeal. Times are Beijing time; departments are shown by name, then code; reason
codes in words from the reason catalogue (kinds appeal_outcome, appeal_extension, withdrawal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from eth_utils.crypto import keccak

from zhangdian_sdk.cli._context import (
    chain_options,
    console,
    handle_errors,
    json_option,
    parse_hex32,
    print_json,
    reader,
    report_write,
    signer_options,
    to_jsonable,
    writer,
)
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages, reasons
from zhangdian_sdk.core.codes import is_application_id
from zhangdian_sdk.core.errors import InvalidInputError, ZhangdianError
from zhangdian_sdk.core.models import Appeal, AppealOutcome, AppealTerms
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.appeals import parse_outcome

DEPARTMENT = click.option(
    "--department",
    default=None,
    help="The original application's department, needed only when several departments use the number.",
)


@click.group()
def appeal() -> None:
    """行政复议 Appeals: file, accept, extend, decide, withdraw, show, terms."""


def _grounds(hash_text: str | None, path: Path | None, what: str) -> bytes:
    """The document hash from --X-hash (hex) or the keccak-256 of --X (a file), exactly one of them."""
    if (hash_text is None) == (path is None):
        raise InvalidInputError(f"需要 --{what} 或 --{what}-hash 之一 / give exactly one of --{what} or --{what}-hash")
    if hash_text is not None:
        return parse_hex32(hash_text, f"{what} hash")
    assert path is not None
    return keccak(path.read_bytes())


@appeal.command("file")
@click.argument("original")
@click.option(
    "--grounds", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The 申请书 (hashed here)."
)
@click.option("--grounds-hash", default=None, help="Or the hash of the appeal's grounds (0x + 64 hex), kept off chain.")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def file_command(
    original: str, grounds: Path | None, grounds_hash: str | None, department: str | None, **connection: Any
) -> None:
    """File an appeal against the decision on application ORIGINAL (its number or id), for its applicant:
    a clerk of the reviewing body, within the window after the decision."""
    value = _grounds(grounds_hash, grounds, "grounds")
    client = writer(**connection)
    filed = client.appeals.file(original, grounds_hash=value, department=department)
    report_write(filed.transaction, f"appeal of {original} filed 行政复议已申请")
    click.echo(f"appeal {filed.id_hex} 复议编号")
    end = client.appeals.filed_window_end(filed.appeal_id)
    if end is not None:
        console.print(f"申请期限 window to appeal  {_when(end.timestamp())}", highlight=False)


@appeal.command("accept")
@click.argument("appeal_ref", metavar="APPEAL")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def accept_command(appeal_ref: str, department: str | None, **connection: Any) -> None:
    """Accept (受理) a filed APPEAL (its id, or its original's number); the review deadline starts."""
    client = writer(**connection)
    appeal_id = client.appeals.resolve(appeal_ref, department=department)
    report_write(client.appeals.accept(appeal_id), f"appeal {appeal_ref} accepted 已受理")
    _print_deadline(client, appeal_id)


def _print_deadline(client: ZhangdianClient, appeal_id: bytes) -> None:
    """The appeal's review deadline as it stands after an acceptance or an extension."""
    record = client.appeals.get(appeal_id)
    if record.deadline is not None:
        console.print(f"复议期限 decide by  {_when(record.deadline.timestamp())}", highlight=False)


@appeal.command("extend")
@click.argument("appeal_ref", metavar="APPEAL")
@click.option("--reason", type=int, required=True, help="Why (reason code of kind appeal_extension, e.g. 1 案情复杂).")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def extend_command(appeal_ref: str, reason: int, department: str | None, **connection: Any) -> None:
    """Extend the review deadline of APPEAL once (延期, an approver of the reviewing body)."""
    client = writer(**connection)
    appeal_id = client.appeals.resolve(appeal_ref, department=department)
    report_write(client.appeals.extend(appeal_id, reason_code=reason), f"appeal {appeal_ref} extended 已延期")
    _print_deadline(client, appeal_id)
    console.print(f"原因 reason  {_reason('appeal_extension', reason)}", highlight=False, markup=False)


@appeal.command("decide")
@click.argument("appeal_ref", metavar="APPEAL")
@click.option(
    "--outcome",
    required=True,
    help="upheld 维持, revoked 撤销, changed 变更, confirmed-unlawful 确认违法 (a word or its label).",
)
@click.option("--reason", type=int, required=True, help="The reason code (kind appeal_outcome, e.g. 2 事实不清).")
@click.option("--decision", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="The 复议决定书.")
@click.option("--decision-hash", default=None, help="Or the hash of the decision document (0x + 64 hex).")
@click.option(
    "--reopen-step",
    type=click.IntRange(min=0),
    default=None,
    help="With --outcome revoked: reopen the original at this step (counted from 0, as `application approve "
    "--step`), to be decided again.",
)
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def decide_command(
    appeal_ref: str,
    outcome: str,
    reason: int,
    decision: Path | None,
    decision_hash: str | None,
    reopen_step: int | None,
    department: str | None,
    **connection: Any,
) -> None:
    """Decide an accepted APPEAL (an approver of the reviewing body). A revoked decision revokes the
    original's completion certificate, and with --reopen-step the original is decided again from that step."""
    chosen = parse_outcome(outcome)
    value = _grounds(decision_hash, decision, "decision")
    client = writer(**connection)
    appeal_id = client.appeals.resolve(appeal_ref, department=department)
    result = client.appeals.decide(appeal_id, chosen, reason_code=reason, decision_hash=value, reopen_step=reopen_step)
    report_write(result, f"appeal {appeal_ref} decided: {chosen.label_zh} {chosen.label_en}")
    console.print(f"原因 reason  {_reason('appeal_outcome', reason)}", highlight=False, markup=False)
    if reopen_step is not None:
        console.print(
            f"原办件自第 {reopen_step + 1} 步重新办理 / the original is reopened at step {reopen_step + 1}",
            highlight=False,
        )


@appeal.command("withdraw")
@click.argument("appeal_ref", metavar="APPEAL")
@click.option("--reason", type=int, required=True, help="Why (reason code of kind withdrawal).")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def withdraw_command(appeal_ref: str, reason: int, department: str | None, **connection: Any) -> None:
    """Withdraw APPEAL before its decision, at the applicant's request (撤回复议申请)."""
    client = writer(**connection)
    appeal_id = client.appeals.resolve(appeal_ref, department=department)
    report_write(client.appeals.withdraw(appeal_id, reason_code=reason), f"appeal {appeal_ref} withdrawn 已撤回")
    console.print(f"原因 reason  {_reason('withdrawal', reason)}", highlight=False, markup=False)


@appeal.command("show")
@click.argument("appeal_ref", metavar="APPEAL")
@DEPARTMENT
@chain_options
@json_option
@handle_errors
def show_command(
    appeal_ref: str, department: str | None, rpc_url: str | None, deployment: Path | None, as_json: bool
) -> None:
    """The appeal (its id, or the latest of an application named by number or id): status, outcome and
    reason in words, the reviewing body, the window it was filed in and its times, in Beijing time."""
    client = reader(rpc_url, deployment)
    record = client.appeals.get(appeal_ref, department=department)
    siblings = client.appeals.appeal_ids_of(record.original_id)
    window_end = client.appeals.filed_window_end(record.appeal_id)
    reviewer = _department(client, record.reviewer)
    reason = _outcome_reason(record)
    original = client.ledger.get(record.original_id)
    number = "" if is_application_id(appeal_ref) else f"{appeal_ref.strip()} "
    service = _service(client, original.service)
    if as_json:
        data: dict[str, Any] = to_jsonable(record)
        data |= {
            "reviewer_name": {"zh": reviewer[0], "en": reviewer[1]},
            "reopened_step_number": None if record.reopened_step is None else record.reopened_step + 1,
            "reason": {"kind": reason[0], "code": record.reason_code, "text": reason[1]} if reason else None,
            "window_end": window_end.isoformat() if window_end else None,
            "window_end_beijing": beijing_moment(window_end.timestamp()) if window_end else None,
            "appeals_of_original": ["0x" + a.hex() for a in siblings],
            "original_status": to_jsonable(original.status),
            "original_service": original.service,
        }
        for field in ("filed_at", "accepted_at", "deadline", "decided_at"):
            moment = getattr(record, field)
            data[f"{field}_beijing"] = beijing_moment(moment.timestamp()) if moment else None
        print_json(data)
        return
    lines = [
        ("复议 appeal", record.id_hex),
        ("原办件 original", f"{number}0x{record.original_id.hex()}"),
        ("事项 service", f"{service[0]} / {service[1]} ({original.service})" if service[0] else original.service),
        ("原办件状态 now", f"{original.status.label_zh} / {original.status.label_en}"),
        ("复议机关 reviewer", f"{reviewer[0]} / {reviewer[1]} ({record.reviewer})" if reviewer[0] else record.reviewer),
        ("状态 status", f"{record.status.label_zh} / {record.status.label_en}"),
    ]
    if record.outcome != AppealOutcome.NONE:
        lines.append(("结果 outcome", f"{record.outcome.label_zh} / {record.outcome.label_en}"))
    if reason is not None:
        lines.append(("原因 reason", reason[1]))
    if record.reopened_step is not None:
        lines.append(("重新办理 reopened", f"第 {record.reopened_step + 1} 步 / at step {record.reopened_step + 1}"))
    if window_end is not None:
        lines.append(("申请期限 window end", _when(window_end.timestamp())))
    for caption, moment in (
        ("申请 filed", record.filed_at),
        ("受理 accepted", record.accepted_at),
        ("复议期限 deadline", record.deadline),
        ("决定 decided", record.decided_at),
    ):
        if moment is not None:
            lines.append((caption, _when(moment.timestamp())))
    if record.extended:
        lines.append(("延期 extended", "是 / yes"))
    lines.append(("申请书 grounds", "0x" + record.grounds_hash.hex()))
    if record.decision_hash is not None:
        lines.append(("决定书 decision", "0x" + record.decision_hash.hex()))
    if len(siblings) > 1:
        position = siblings.index(record.appeal_id) + 1
        total = len(siblings)
        lines.append(("复议次数 appeals", f"第 {position} 件, 共 {total} 件 / {position} of {total}"))
    for caption, value in lines:
        console.print(f"{caption:<22}{value}", highlight=False, markup=False)


@appeal.group("terms")
def terms() -> None:
    """The appeal terms: the reviewing body (复议机关) and the filing window, per service or the default."""


@terms.command("show")
@click.option("--service", default=None, help="The service (default: the default terms).")
@chain_options
@json_option
@handle_errors
def terms_show(service: str | None, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """The terms that apply to --service (its own, else the default), or the default."""
    client = reader(rpc_url, deployment)
    found = client.appeals.terms(service)
    if as_json:
        print_json({"service": service, **to_jsonable(found)})
        return
    _print_terms(client, found, service)


@terms.command("set")
@click.option("--reviewer", required=True, help="The reviewing body's department code (复议机关), e.g. ZD-SFJ.")
@click.option("--service", default=None, help="The service (default: the default for every service).")
@click.option("--window-days", type=int, default=60, show_default=True, help="Filing window after a decision.")
@click.option("--review-days", type=int, default=60, show_default=True, help="Review period from acceptance.")
@click.option("--extension-days", type=int, default=30, show_default=True, help="What one extension adds.")
@chain_options
@signer_options
@handle_errors
def terms_set(
    reviewer: str, service: str | None, window_days: int, review_days: int, extension_days: int, **connection: Any
) -> None:
    """Set the appeal terms of --service, or the default (an appeal administrator)."""
    client = writer(**connection)
    wanted = AppealTerms(reviewer, window_days, review_days, extension_days)
    report_write(client.appeals.set_terms(wanted, service=service), f"appeal terms of {service or 'the default'}")
    _print_terms(client, client.appeals.terms(service), service)


def _print_terms(client: ZhangdianClient, found: AppealTerms, service: str | None) -> None:
    whose = f"事项 {service} / service {service}" if service else "默认 / default"
    if found.reviewer is None:
        console.print(f"{whose}: 未设复议条款 / no appeal terms", highlight=False, markup=False)
        return
    name = _department(client, found.reviewer)
    shown = f"{name[0]} / {name[1]} ({found.reviewer})" if name[0] else found.reviewer
    console.print(f"{whose}", highlight=False, markup=False)
    for caption, value in (
        ("复议机关 reviewer", shown),
        ("申请期限 window", f"{found.window_days} 日 / days"),
        ("复议期限 review", f"{found.review_days} 日 / days"),
        ("延期 extension", f"{found.extension_days} 日 / days"),
    ):
        console.print(f"   {caption:<20}{value}", highlight=False, markup=False)


def _when(timestamp: float) -> str:
    return f"{beijing_moment(timestamp)} 北京时间 Beijing time"


def _department(client: ZhangdianClient, code: str) -> tuple[str, str]:
    """The department's names (Chinese, English); empty when it is not registered."""
    try:
        found = client.departments.get(code)
    except ZhangdianError:
        return "", ""
    return found.name_zh, found.name_en


def _service(client: ZhangdianClient, code: str) -> tuple[str, str]:
    """The service's names (Chinese, English); empty when the catalogue does not have it."""
    try:
        definition = client.catalog.get(code).definition
    except ZhangdianError:
        return "", ""
    return definition.name_zh, definition.name_en


def _reason(kind: str, code: int) -> str:
    """A reason code in words, ``2 事实不清 / facts unclear``; ``原因代码 N / reason code N`` while the
    catalogue lacks the kind or the code."""
    try:
        found = reasons.describe(kind, code)
    except ValueError:  # a kind this version of the catalogue does not have
        found = None
    if found is None or not found.known:
        return messages.bilingual("sdk.reason_code", code=code)
    return f"{code} {found.both}"


def _outcome_reason(record: Appeal) -> tuple[str, str] | None:
    """(kind, words) of the appeal's reason: an outcome's, or a withdrawal's."""
    if not record.reason_code:
        return None
    kind = "appeal_outcome" if record.outcome != AppealOutcome.NONE else "withdrawal"
    return kind, _reason(kind, record.reason_code)
