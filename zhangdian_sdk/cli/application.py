"""`zhangdian application`: applications (办件) through their workflow."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    EXIT_CONFLICT,
    chain_options,
    check_applicant,
    console,
    error_console,
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
from zhangdian_sdk.cli._progress import WorkBar
from zhangdian_sdk.core import reasons
from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.codes import application_number, is_application_id, number_hash
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.gbt39046 import ProcedureKind
from zhangdian_sdk.core.models import RatingScore
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt, parse_salt
from zhangdian_sdk.core.workdays import beijing, beijing_moment

DEFAULT_PORTAL_URL = "http://127.0.0.1:8000"  # `make demo`'s portal

DEPARTMENT = click.option(
    "--department",
    default=None,
    help="The application's department, needed only when several departments use the number.",
)


@click.group()
def application() -> None:
    """Applications (办件): submit, accept, approve, reject, supplement, withdraw, status, history, rate."""


@application.command("submit")
@click.argument("number")
@click.option("--service", required=True, help="Service code, e.g. ZD-GTGSH-SL.")
@click.option("--commitment", default=None, help="The applicant's salted commitment (0x + 64 hex).")
@click.option("--applicant", default=None, help="The applicant's ID or credit code: hashed here, never sent.")
@click.option("--salt", default=None, help="Salt for --applicant (hex); a fresh one if omitted.")
@click.option("--material", "materials", multiple=True, help="Material id, once per required type, in order.")
@chain_options
@signer_options
@handle_errors
def submit(
    number: str,
    service: str,
    commitment: str | None,
    applicant: str | None,
    salt: str | None,
    materials: tuple[str, ...],
    **connection: Any,
) -> None:
    """Submit application NUMBER (the office's application number in the service's department)."""
    number_hash(number)
    if (commitment is None) == (applicant is None):
        raise InvalidInputError(
            "give exactly one of --commitment or --applicant / 需要 --commitment 或 --applicant 之一"
        )
    if applicant is not None:
        applicant = check_applicant(applicant)
    client = writer(**connection)
    salt_bytes = None
    if applicant is not None:
        owner = client.catalog.get(service).definition.owner_department
        salt_bytes = parse_salt(salt) if salt else new_salt()
        value = applicant_commitment(applicant, salt_bytes, department=owner)
    else:
        value = parse_hex32(commitment or "", "commitment")
    material_ids = tuple(parse_hex32(m, "material id") for m in materials)
    result = client.ledger.submit(number, service=service, applicant_commitment=value, materials=material_ids)
    report_write(result, f"application {number}")
    if salt_bytes is not None:
        console.print(
            f"回执码 receipt code: [bold]{salt_bytes.hex()}[/bold]\n"
            "Hand it to the applicant and keep it in the office's file: with it the applicant's identity can be "
            "matched to this record; deleting it everywhere unlinks the record (PIPL erasure).",
            highlight=False,
        )


@application.command("receipt")
@click.argument("number")
@click.option("--receipt", default=None, help="The receipt code (回执码, hex) printed at submission.")
@click.option(
    "--receipts",
    "receipts_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Or take it from the receipts CSV that `application import` wrote.",
)
@click.option(
    "--portal-url",
    default=DEFAULT_PORTAL_URL,
    show_default=True,
    help="The citizen portal the QR code opens (the number and code go in the URL's fragment only).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the HTML (default: receipt-NUMBER.html in the current folder).",
)
@DEPARTMENT
@chain_options
@handle_errors
def receipt_command(
    number: str,
    receipt: str | None,
    receipts_file: Path | None,
    portal_url: str,
    out: Path | None,
    department: str | None,
    rpc_url: str | None,
    deployment: Path | None,
) -> None:
    """Write the printable receipt (办件回执) of application NUMBER: one page of HTML with the service,
    department, promised date, receipt code and a QR code that opens the portal's lookup pre-filled."""
    from zhangdian_sdk.services.receipt import receipt_code_from_csv, receipt_facts, receipt_url, render_receipt

    number = application_number(number)
    if (receipt is None) == (receipts_file is None):
        raise InvalidInputError("需要 --receipt 或 --receipts 之一 / give exactly one of --receipt or --receipts")
    code = receipt_code_from_csv(receipts_file, number) if receipts_file else parse_salt(receipt or "").hex()
    receipt_url(portal_url, number, code)  # a bad portal URL is refused before the chain is read
    facts = receipt_facts(reader(rpc_url, deployment), number, receipt=code, department=department)
    path = out or Path(f"receipt-{number}.html")
    write_private(path, render_receipt(facts, portal_url=portal_url))  # it holds the receipt code
    console.print(f"办件回执 receipt: {path}", highlight=False)


def _simple(name: str, help_text: str, action: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("number")
    @DEPARTMENT
    @chain_options
    @signer_options
    @handle_errors
    def command(number: str, department: str | None, **connection: Any) -> None:
        ledger = writer(**connection).ledger
        result = getattr(ledger, action)(ledger.resolve(number, department=department))
        report_write(result, f"application {number} {action}")

    return command


application.add_command(_simple("accept", "Accept (受理) a submitted application; its deadline starts.", "accept"))


@application.command("approve")
@click.argument("number")
@click.option("--step", type=int, default=None, help="The step approved (a retry then never approves twice).")
@click.option("--opinion-hash", default=None, help="Hash of the approval opinion kept off chain.")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def approve(number: str, step: int | None, opinion_hash: str | None, department: str | None, **connection: Any) -> None:
    """Approve the current step; the last approval completes the application."""
    opinion = parse_hex32(opinion_hash, "opinion hash") if opinion_hash else None
    ledger = writer(**connection).ledger
    result = ledger.approve(ledger.resolve(number, department=department), step=step, opinion_hash=opinion)
    report_write(result, f"application {number} approved")


def _with_reason(name: str, help_text: str, action: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("number")
    @click.option("--reason", type=int, required=True, help="The office's reason code (1-65535).")
    @DEPARTMENT
    @chain_options
    @signer_options
    @handle_errors
    def command(number: str, reason: int, department: str | None, **connection: Any) -> None:
        ledger = writer(**connection).ledger
        result = getattr(ledger, action)(ledger.resolve(number, department=department), reason_code=reason)
        report_write(result, f"application {number} {name}")

    return command


application.add_command(_with_reason("reject", "Reject the application (不予受理 / 不予批准).", "reject"))
application.add_command(
    _with_reason(
        "request-supplement", "Ask the applicant for a supplement (补正); the deadline stops.", "request_supplement"
    )
)
application.add_command(_with_reason("withdraw", "Withdraw the application at the applicant's request.", "withdraw"))


@application.command("resubmit")
@click.argument("number")
@click.option("--supplement-hash", default=None, help="Hash of the supplement's record kept off chain.")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def resubmit(number: str, supplement_hash: str | None, department: str | None, **connection: Any) -> None:
    """Record the supplement; the application resumes where it stopped."""
    value = parse_hex32(supplement_hash, "supplement hash") if supplement_hash else None
    ledger = writer(**connection).ledger
    result = ledger.resubmit(ledger.resolve(number, department=department), supplement_hash=value)
    report_write(result, f"application {number} resubmitted")


_KINDS = {kind.name.lower().replace("_", "-"): kind for kind in ProcedureKind}


@application.command("special-start")
@click.argument("number")
@click.option(
    "--kind",
    type=click.Choice(sorted(_KINDS)),
    required=True,
    help="延长审批 extension, 专家评审 expert-review, 听证 hearing, 现场勘验 site-inspection, 检验检测 testing, "
    "招标拍卖 tender-auction, 公示 public-notice, other.",
)
@click.option("--reason", type=int, required=True, help="The office's reason code (1-65535).")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def special_start(number: str, kind: str, reason: int, department: str | None, **connection: Any) -> None:
    """Start a special procedure (特别程序) on the open step; its clock stops until it ends."""
    ledger = writer(**connection).ledger
    application_id = ledger.resolve(number, department=department)
    result = ledger.start_special_procedure(application_id, kind=_KINDS[kind], reason_code=reason)
    report_write(result, f"application {number}: special procedure {_KINDS[kind].label_zh} started")


@application.command("special-end")
@click.argument("number")
@click.option("--result", "result_code", type=int, required=True, help="The procedure's result code (1-65535).")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def special_end(number: str, result_code: int, department: str | None, **connection: Any) -> None:
    """End the running special procedure; the step's clock runs again."""
    ledger = writer(**connection).ledger
    result = ledger.end_special_procedure(ledger.resolve(number, department=department), result_code=result_code)
    report_write(result, f"application {number}: special procedure ended")


@application.command("status")
@click.argument("number")
@DEPARTMENT
@chain_options
@json_option
@handle_errors
def status(number: str, department: str | None, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Status, step, deadline and whether the application is overdue, with the service's and the
    departments' names next to their codes and times in Beijing time."""
    from zhangdian_sdk.services.timeline import application_names

    client = reader(rpc_url, deployment)
    ledger = client.ledger
    app = ledger.get(ledger.resolve(number, department=department))
    names = application_names(client, app)
    if as_json:
        shown = number if is_application_id(number) else application_number(number)
        print_json({"number": shown, **_plain(app), **names.as_json()})
        return
    overdue = " [red]逾期 OVERDUE[/red]" if app.overdue else ""
    console.print(f"办件 application {number}  ({app.id_hex})", highlight=False)
    console.print(f"事项 service     {names.service.shown} (v{app.service_version})", highlight=False, markup=False)
    console.print(f"部门 department  {names.department.shown}", highlight=False, markup=False)
    console.print(f"状态 status      {app.status.label_zh} / {app.status.label_en}{overdue}", highlight=False)
    step = f"{min(app.current_step + 1, app.step_count)}/{app.step_count}"
    if names.step is not None:
        acting = f" ({names.step_department.shown})" if names.step_department else ""
        step = f"{names.step.shown}{acting}, {step}"
    console.print(f"环节 step        {step}", highlight=False, markup=False)
    submitted = beijing_moment(app.submitted_at.timestamp()) if app.submitted_at else "-"
    console.print(f"提交 submitted   {submitted} 北京时间 Beijing time", highlight=False)
    due = f"{beijing(int(app.deadline.timestamp()))} 北京时间 Beijing time" if app.deadline else "-"
    console.print(f"期限 deadline    {due}", highlight=False)


@application.command("history")
@click.argument("number")
@DEPARTMENT
@chain_options
@json_option
@handle_errors
def history(number: str, department: str | None, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Every event of the application, oldest first, read from the chain: Beijing time, the department's
    name, the step, the officer's role, the reason in words and the transaction of each."""
    from zhangdian_sdk.services.timeline import readable_history

    client = reader(rpc_url, deployment)
    events = readable_history(client, client.ledger.resolve(number, department=department))
    if as_json:
        print_json([event.as_json() for event in events])
        return
    console.print(
        f"办件 {number} 历史 ({len(events)} 个事件, 北京时间) / "
        f"history of application {number} ({len(events)} events, Beijing time)",
        highlight=False,
    )
    for event in events:
        console.print(highlight=False)
        heading = f"{event.number}. {event.time_beijing}  {event.event_zh} / {event.event_en}"
        # 已更正: the entry stays as the chain recorded it, marked, with each correction below it.
        mark = " [yellow]已更正 / corrected[/yellow]" if event.corrected else ""
        console.print(f"[bold]{heading}[/bold] [dim]({event.event})[/dim]{mark}", highlight=False)
        lines = [
            ("部门 department", event.department.shown if event.department else ""),
            ("环节 step", event.step.shown if event.step else ""),
            ("经办 actor", event.actor_shown),
            (
                "状态 status",
                f"{event.status_after.label_zh} / {event.status_after.label_en}" if event.status_after else "",
            ),
            (_reason_caption(event.reason), f"{event.reason.code} {event.reason.both}" if event.reason else ""),
            ("详情 details", ", ".join(f"{name}={value}" for name, value in event.details.items())),
            ("交易 transaction", f"{event.transaction_hash} (block {event.block_number})"),
        ]
        lines += [("更正 correction", note.shown) for note in event.corrections]
        for caption, value in lines:
            if value:
                console.print(f"   {caption:<18}{value}", highlight=False, markup=False)


def _reason_caption(reason: reasons.Reason | None) -> str:
    """``原因 reason``; a special procedure's end carries its result instead."""
    if reason is not None and reason.kind == reasons.ReasonKind.SPECIAL_PROCEDURE_RESULT:
        return "结果 result"
    return "原因 reason"


@application.command("rate")
@click.argument("number")
@click.option("--applicant", required=True, help="The applicant's ID or credit code: hashed here, never sent.")
@click.option("--receipt", required=True, help="The receipt code (回执码) printed at submission (hex).")
@click.option(
    "--score",
    required=True,
    help="1 非常满意 very satisfied, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意 (GB/T 39046 codes, or a label).",
)
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def rate(number: str, applicant: str, receipt: str, score: str, department: str | None, **connection: Any) -> None:
    """Rate a concluded application (好差评), once, for its applicant: the receipt code signs the rating
    here and never reaches the chain; this command's account only relays the transaction."""
    identity = check_applicant(applicant)
    salt = parse_salt(receipt)
    try:
        value = RatingScore(int(score)) if score.strip().isdigit() else RatingScore.parse(score)
    except ValueError:
        raise InvalidInputError(
            f"评分 {score} 无效, 应为 1 至 5 / score {score} must be 1 to 5 or a label such as 满意"
        ) from None
    client = writer(**connection)
    app_id = client.ledger.resolve(number, department=department)
    result = client.ratings.rate(app_id, value, identity=identity, salt=salt)
    report_write(result, f"application {number} rated {value.value} ({value.label})")


def _plain(app: Any) -> dict[str, Any]:
    """The record under the SDK's field names, which the portal's API view uses too (``application_id``,
    ``current_step``, ...), with the deadline also in Beijing time."""
    data: dict[str, Any] = to_jsonable(app)
    data["deadline_beijing"] = beijing(int(app.deadline.timestamp())) if app.deadline else None
    data["submitted_beijing"] = beijing_moment(app.submitted_at.timestamp()) if app.submitted_at else None
    return data


ENCODING = click.option(
    "--encoding",
    default=None,
    help="The CSV's encoding (utf-8, gbk, gb18030 ...); detected when omitted (UTF-8 with or without BOM, GBK).",
)
SHEET = click.option(
    "--sheet",
    default=None,
    help="The XLSX sheet to read, by name (default: the sheet whose header has the columns; never 填表说明).",
)


def _rejected(rejected: Any) -> None:
    for error in rejected.errors:
        click.echo(str(error), err=True)


@application.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--journal",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Journal that makes a second run finish the job (default: FILE.journal).",
)
@click.option(
    "--receipts",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where the receipt codes go (default: FILE.receipts.csv).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Applications per transaction, at most the ledger's MAX_BATCH (default: MAX_BATCH).",
)
@ENCODING
@SHEET
@chain_options
@signer_options
@handle_errors
def import_command(
    path: Path,
    journal: Path | None,
    receipts: Path | None,
    batch_size: int | None,
    encoding: str | None,
    sheet: str | None,
    **connection: Any,
) -> None:
    """Submit every application in a CSV or XLSX file (see `application import-template`); every row is
    checked first and nothing is sent if one is wrong; safe to interrupt and run again."""
    from zhangdian_sdk.services.bulk import RowsRejected, import_applications

    client = writer(**connection)
    try:
        with WorkBar("提交 submitting", console=console, transient=False) as bar:
            report = import_applications(
                client,
                path,
                journal=journal,
                receipts=receipts,
                batch_size=batch_size,
                progress=bar.update,
                encoding=encoding,
                sheet=sheet,
            )
    except RowsRejected as rejected:
        _rejected(rejected)
        raise
    console.print(
        f"{report.rows} 行: {report.already_on_chain} 行已在链上, 本次提交 {report.submitted} 行 "
        f"({report.batches} 笔交易) / "
        f"{report.rows} rows: {report.already_on_chain} already on chain, {report.submitted} submitted in "
        f"{report.batches} batches",
        highlight=False,
    )
    if report.receipts_file and report.receipts_file.exists():
        console.print(
            f"回执码 ({report.receipt_codes} 个, 均已与链上核对) / receipt codes for the applicants "
            f"({report.receipt_codes}, each checked on chain): {report.receipts_file}",
            highlight=False,
        )
    if report.conflicts:
        for conflict in report.conflicts:
            click.echo(str(conflict), err=True)
        error_console.print(
            f"[red]{len(report.conflicts)} 行与链上记录冲突, 未给出回执码 / {len(report.conflicts)} rows conflict "
            "with the chain: not counted as done, no receipt code given[/red]",
            highlight=False,
        )
        sys.exit(EXIT_CONFLICT)


@application.command("accept-import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ENCODING
@SHEET
@chain_options
@signer_options
@handle_errors
def accept_import(path: Path, encoding: str | None, sheet: str | None, **connection: Any) -> None:
    """Accept (受理) every application of an import file that is still waiting, 100 a transaction; every
    row is checked first; applications accepted already are reported, not sent again."""
    from zhangdian_sdk.services.bulk import RowsRejected, accept_from_file

    try:
        with WorkBar("受理 accepting", console=console, transient=False) as bar:
            report = accept_from_file(writer(**connection), path, encoding=encoding, sheet=sheet, progress=bar.update)
    except RowsRejected as rejected:
        _rejected(rejected)
        raise
    console.print(
        f"{report.rows} 行: 受理 {report.sent} 件 ({report.batches} 笔交易), {len(report.already)} 件此前已受理 / "
        f"{report.rows} rows: {report.sent} accepted in {report.batches} batches, {len(report.already)} accepted "
        "already (not sent again)",
        highlight=False,
    )
    for number, label in report.not_waiting:
        click.echo(
            f"{number}: 未在等待受理 ({label}), 未发送 / not waiting for acceptance ({label}), not sent", err=True
        )


@application.command("approve-import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--opinion-hash", default=None, help="Hash of the approval opinion kept off chain (one for the file).")
@ENCODING
@SHEET
@chain_options
@signer_options
@handle_errors
def approve_import(
    path: Path, opinion_hash: str | None, encoding: str | None, sheet: str | None, **connection: Any
) -> None:
    """Approve in bulk from a CSV/XLSX with columns application_number and step (counted from 0), 100 a
    transaction; every row is checked first, and steps already approved are reported, not sent again."""
    from zhangdian_sdk.services.bulk import RowsRejected, approve_report

    opinion = parse_hex32(opinion_hash, "opinion hash") if opinion_hash else None
    try:
        with WorkBar("审批 approving", console=console, transient=False) as bar:
            report = approve_report(
                writer(**connection), path, opinion_hash=opinion, encoding=encoding, sheet=sheet, progress=bar.update
            )
    except RowsRejected as rejected:
        _rejected(rejected)
        raise
    console.print(
        f"{report.rows} 行: 批准 {report.sent} 个环节 ({report.batches} 笔交易), {len(report.already)} 个此前已批准 / "
        f"{report.rows} rows: {report.sent} steps approved in {report.batches} batches, {len(report.already)} "
        "approved already (not sent again)",
        highlight=False,
    )


@application.command("import-template")
@click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True, help="The file's format."
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
@handle_errors
def import_template(fmt: str, out: Path) -> None:
    """Write a template for `application import`: an XLSX with a 填表说明 (instructions) sheet and the data
    sheet, or a CSV; its columns are those of the published JSON Schema application-import.schema.json."""
    from zhangdian_sdk.services.import_template import write_template

    write_template(out, fmt)
    console.print(f"导入模板 / import template: {out}", highlight=False)
