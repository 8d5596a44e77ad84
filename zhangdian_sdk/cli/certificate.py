"""`zhangdian certificate` and `federation`: electronic certificates and cross-region recognition."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from eth_account import Account

from zhangdian_sdk.cli._context import (
    EXIT_CONFLICT,
    chain_options,
    check_address,
    console,
    handle_errors,
    json_option,
    parse_duration,
    parse_hex32,
    print_json,
    reader,
    report_write,
    signer_options,
    table,
    writer,
)
from zhangdian_sdk.cli.templates import certificate_template
from zhangdian_sdk.core import reasons
from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.errors import InvalidInputError, KeystoreError, UnknownPeer
from zhangdian_sdk.core.identifiers import certificate_identifier
from zhangdian_sdk.core.licence import LicenceMetadata
from zhangdian_sdk.core.models import CertificateState
from zhangdian_sdk.core.schemas import read_document
from zhangdian_sdk.core.settings import load_settings, secret
from zhangdian_sdk.facades.certificates import TERMINAL_STATES, Certificate, CertificateDraft, annotate, disclose
from zhangdian_sdk.facades.completion import completion_document
from zhangdian_sdk.facades.federation import Attestation, AttestationDomain, Peer, attest_certificate
from zhangdian_sdk.facades.verification import VerificationReport

CERT_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _read(path: Path) -> Certificate:
    return Certificate.from_json(path.read_text(encoding="utf-8"))


def _write(certificate: Certificate, path: Path) -> None:
    # a certificate file holds the field values and their salts: the holder decides whom to show
    write_private(path, json.dumps(certificate.to_json(), ensure_ascii=False, indent=2) + "\n")


def _fields(pairs: tuple[str, ...]) -> dict[str, str]:
    fields = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InvalidInputError(f"字段须写作 NAME=VALUE / a field is NAME=VALUE, not {pair!r}")
        fields[name] = value
    return fields


def _licence(data: Any, where: str) -> LicenceMetadata:
    """GB/T 36903 metadata from a JSON object (document field names, e.g. ``licenceIdentifier``)."""
    if not isinstance(data, dict):
        raise InvalidInputError(f"{where}: 证照元数据应为 JSON 对象 / the licence metadata must be a JSON object")
    return LicenceMetadata.from_json(data)


def _licence_file(path: Path | None) -> LicenceMetadata | None:
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise InvalidInputError(f"{path}: 不是 JSON 文件 / not a JSON file: {err}") from err
    return _licence(data, str(path))


def _until(text: str) -> int:
    try:
        return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())
    except ValueError:
        return int(datetime.now(UTC).timestamp()) + parse_duration(text)


@click.group()
def certificate() -> None:
    """Electronic certificates (电子证照): issue, suspend, revoke, verify, disclose, annotate."""


@certificate.command("issue")
@click.option("--issuer", required=True, help="Issuing department code.")
@click.option("--type", "certificate_type", required=True, help="Certificate type code, e.g. FOOD-LICENCE.")
@click.option("--subject", required=True, help="The holder's commitment (0x + 64 hex).")
@click.option("--field", "fields", multiple=True, required=True, help="NAME=VALUE, repeatable.")
@click.option(
    "--valid-until", default=None, help="Date (2031-12-31) or duration (1825d); with --licence, its 有效期截止."
)
@click.option(
    "--licence",
    "licence_file",
    type=CERT_FILE,
    default=None,
    help="GB/T 36903 metadata (JSON: licenceName, licenceTypeCode, licenceNumber, licenceIdentifier, issuerName, "
    "issuerCode, issueDate, validFromDate, validUntilDate, holderName, holderCode, holderCodeType, matterCode, "
    "replaces).",
)
@click.option("--application", default=None, help="The application it came from (number or 0x id).")
@click.option("--department", default=None, help="The application's department, if several use its number.")
@click.option(
    "--status-list",
    is_flag=True,
    help="Give the certificate the next index of the issuer's status list (状态序号), bound into its leaf.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@chain_options
@signer_options
@handle_errors
def issue(
    issuer: str,
    certificate_type: str,
    subject: str,
    fields: tuple[str, ...],
    valid_until: str | None,
    licence_file: Path | None,
    application: str | None,
    department: str | None,
    status_list: bool,
    out: Path,
    **connection: Any,
) -> None:
    """Issue one certificate and write its file (give the file to the holder)."""
    licence = _licence_file(licence_file)
    if valid_until is None and licence is None:
        raise InvalidInputError("请给出 --valid-until 或 --licence / give --valid-until or --licence")
    client = writer(**connection)
    draft = CertificateDraft(
        certificate_type,
        parse_hex32(subject, "subject"),
        _fields(fields),
        _until(valid_until) if valid_until else 0,
        application_id=client.ledger.resolve(application, department=department) if application else bytes(32),
        licence=licence,
    )
    issued = client.certificates.issue(draft, issuer=issuer, status_list=status_list)
    _write(issued, out)
    console.print(
        f"证照已签发 / certificate 0x{issued.certificate_id.hex()} issued under root 0x{issued.root.hex()}",
        highlight=False,
    )
    if issued.status_index is not None:
        console.print(f"状态序号 status index: {issued.status_index}", highlight=False)
    shown = issued.licence()
    if shown is not None:
        console.print(f"证照标识 licence identifier: {shown.identifier}", highlight=False)


@certificate.command("issue-batch")
@click.argument("drafts", type=CERT_FILE)
@click.option("--issuer", required=True, help="Issuing department code.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--status-list/--no-status-list",
    default=True,
    show_default=True,
    help="Give each certificate the next index of the issuer's status list (状态序号), bound into its leaf; "
    "--no-status-list issues the original format, one status record per certificate.",
)
@chain_options
@signer_options
@handle_errors
def issue_batch(drafts: Path, issuer: str, out_dir: Path, status_list: bool, **connection: Any) -> None:
    """Issue every certificate in DRAFTS (JSON: a list, or {"drafts": [...]}; see `certificate template`)
    under one Merkle root. Each certificate gets its status index (状态序号) in the issuer's status list;
    the sender is enrolled as the issuer's status signer first if it is not yet."""
    document = read_document(drafts, "certificate-drafts")
    entries = document["drafts"] if isinstance(document, dict) else document
    try:
        parsed = [
            CertificateDraft(
                e["type"],
                parse_hex32(e["subject"], "subject"),
                {str(k): str(v) for k, v in e.get("fields", {}).items()},
                _until(str(e["validUntil"])) if e.get("validUntil") else 0,
                licence=_licence(e["licence"], str(drafts)) if e.get("licence") else None,
            )
            for e in entries
        ]
    except (ValueError, KeyError, TypeError) as err:
        raise InvalidInputError(f"证照草稿文件无效 / invalid drafts file {drafts}: {err}") from err
    issued = writer(**connection).certificates.issue_batch(parsed, issuer=issuer, status_list=status_list)
    out_dir.mkdir(parents=True, exist_ok=True)
    for cert in issued:
        _write(cert, out_dir / f"{cert.certificate_id.hex()}.json")
    console.print(
        f"{len(issued)} 张证照已签发 / certificates issued under root 0x{issued[0].root.hex()} into {out_dir}",
        highlight=False,
    )
    first, last = issued[0].status_index, issued[-1].status_index
    if first is not None:
        console.print(f"状态序号 status indices: {first}-{last}", highlight=False)


def _terminal_state(text: str) -> CertificateState:
    try:
        state = CertificateState.parse(text)
    except ValueError:
        state = CertificateState.VALID
    if state not in TERMINAL_STATES:
        raise InvalidInputError(
            f"--state {text!r}: 应为 revoked (撤销)、cancelled (注销) 或 withdrawn (吊销)"
            " / must be revoked, cancelled or withdrawn"
        )
    return state


@certificate.command("revoke")
@click.argument("path", type=CERT_FILE)
@click.option("--reason", type=int, required=True, help="Reason code (1-65535).")
@click.option(
    "--state",
    default="revoked",
    show_default=True,
    help="The terminal state: revoked (撤销), cancelled (注销) or withdrawn (吊销, a penalty).",
)
@click.option("--whole-batch", is_flag=True, help="Revoke every certificate of the batch.")
@chain_options
@signer_options
@handle_errors
def revoke(path: Path, reason: int, state: str, whole_batch: bool, **connection: Any) -> None:
    """End the certificate in PATH for good: revoke, cancel or withdraw it (or revoke its whole batch)."""
    cert = _read(path)
    terminal = _terminal_state(state)
    certificates = writer(**connection).certificates
    if whole_batch and cert.status_index is not None:
        indices = certificates.batch_indices(cert)
        for written in certificates.set_statuses(cert.issuer, indices, state=terminal, reason_code=reason):
            report_write(written, f"{terminal.label} ({len(indices)})")
        return
    if whole_batch:
        if terminal is not CertificateState.REVOKED:
            raise InvalidInputError("整批只能撤销 / a whole batch can only be revoked")
        result = certificates.revoke_batch(cert.root, issuer=cert.issuer, reason_code=reason)
    else:
        result = certificates.end(cert, state=terminal, reason_code=reason)
    report_write(result, terminal.label)


# ---- Replacement (换发/补发), issue 18 ----

REPLACEMENT_REASON_HELP = (
    "Replacement reason (reason catalogue kind replacement, `zhangdian reasons list replacement`): "
    "1 变更换发 change of registered details, 2 补发 lost or damaged, 3 延续换发 renewal, "
    "4 发证部门更名或合并 issuing department renamed or merged."
)


def _replacement_reason(code: int) -> reasons.Reason:
    """The replacement reason ``code`` in words; a code not in the catalogue is refused before anything is
    signed (the chain would record it, but nobody could read it)."""
    reason = reasons.describe(reasons.ReasonKind.REPLACEMENT, code)
    if not reason.known:
        known = ", ".join(f"{r.code} {r.text_zh.split(':')[0]}" for r in reasons.codes(reasons.ReasonKind.REPLACEMENT))
        raise InvalidInputError(
            f"--reason {code}: 不是换发原因代码 (可用: {known}) / not a replacement reason code; see "
            "`zhangdian reasons list replacement`"
        )
    return reason


def _replaceable(path: Path, side: str) -> Certificate:
    cert = _read(path)
    if cert.status_index is not None:
        raise InvalidInputError(
            f"{path}: 状态列表格式的证照不能在链上关联换发{side}, 请以原格式签发新证照 (certificate issue 不加"
            f" --status-list) / a status-list certificate cannot be linked on chain as the {side} one: issue the"
            " replacement in the original format (without --status-list)"
        )
    return cert


@certificate.command("replace")
@click.argument("old", type=CERT_FILE)
@click.argument("new", type=CERT_FILE)
@click.option("--reason", type=int, required=True, help=REPLACEMENT_REASON_HELP)
@chain_options
@signer_options
@handle_errors
def replace(old: Path, new: Path, reason: int, **connection: Any) -> None:
    """Replace (换发/补发) the certificate in file OLD by the one in file NEW (issue it first with
    `certificate issue`): OLD becomes 已换发 (no longer valid) and each names the other on chain. Both of the
    original format; the sender an Issuer of both issuers."""
    why = _replacement_reason(reason)
    old_cert, new_cert = _replaceable(old, "old"), _replaceable(new, "new")
    result = writer(**connection).certificates.replace(old_cert, new_cert, reason_code=reason)
    report_write(result, "换发 replacement")
    console.print(
        f"证照 0x{old_cert.certificate_id.hex()} 已换发, 由证照 0x{new_cert.certificate_id.hex()} 取代"
        f" / certificate 0x{old_cert.certificate_id.hex()} replaced by 0x{new_cert.certificate_id.hex()}",
        highlight=False,
    )
    console.print(f"原因 reason {reason}: {why.both}", highlight=False)


@certificate.command("replace-batch")
@click.argument("old_root")
@click.argument("new_root")
@click.option("--issuer", required=True, help="The old batch's issuing department.")
@click.option("--new-issuer", default=None, help="The new batch's issuing department (default: --issuer).")
@click.option("--reason", type=int, required=True, help=REPLACEMENT_REASON_HELP)
@chain_options
@signer_options
@handle_errors
def replace_batch(
    old_root: str, new_root: str, issuer: str, new_issuer: str | None, reason: int, **connection: Any
) -> None:
    """Replace a whole batch (e.g. every licence of a renamed department): each certificate under OLD_ROOT
    of --issuer is replaced by the certificate with the same id under NEW_ROOT of --new-issuer."""
    why = _replacement_reason(reason)
    old, new = parse_hex32(old_root, "OLD_ROOT"), parse_hex32(new_root, "NEW_ROOT")
    result = writer(**connection).certificates.replace_batch(
        old, new, old_issuer=issuer, new_issuer=new_issuer, reason_code=reason
    )
    report_write(result, "整批换发 batch replacement")
    console.print(
        f"批次 0x{old.hex()} ({issuer}) 的证照已由批次 0x{new.hex()} ({new_issuer or issuer}) 中同一编号的证照取代"
        f" / every certificate of batch 0x{old.hex()} ({issuer}) replaced by the one with the same id in batch"
        f" 0x{new.hex()} ({new_issuer or issuer})",
        highlight=False,
    )
    console.print(f"原因 reason {reason}: {why.both}", highlight=False)


def print_replacement(report: VerificationReport) -> None:
    """What replaced the certificate (已换发) and what it replaced (换发自), with when and why in words."""
    if report.replaced_by is not None:
        link = report.replaced_by
        (by_zh, by_en), (why_zh, why_en) = link.names(), link.reason
        console.print(
            f"[red]已换发 / replaced[/red] by {link.certificate_id or by_en} on {link.date_beijing} (北京时间 Beijing"
            f" time), reason {link.reason_code}: {why_zh} / {why_en}",
            highlight=False,
        )
        console.print(f"  由{by_zh}取代 / replaced by {by_en}", highlight=False)
    if report.replaces is not None:
        link = report.replaces
        (was_zh, was_en), (why_zh, why_en) = link.names(), link.reason
        console.print(
            f"换发自 / replaces {link.certificate_id or was_en} (于 {link.date_beijing} 北京时间 on {link.date_beijing}"
            f" Beijing time), reason {link.reason_code}: {why_zh} / {why_en}",
            highlight=False,
        )
        console.print(f"  取代{was_zh} / replaces {was_en}", highlight=False)


def _index_list(path: Path) -> list[int]:
    """Status indices from a text file: one index or range (100-199) a line; # starts a comment."""
    indices: list[int] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            if "-" in line:
                low, high = (int(part) for part in line.split("-", 1))
                if low > high:
                    raise ValueError(f"{low} > {high}")
                indices.extend(range(low, high + 1))
            else:
                indices.append(int(line))
        except ValueError as err:
            raise InvalidInputError(
                f"{path} 第 {number} 行不是状态序号或范围 / line {number} of {path} is not an index or range: {err}"
            ) from err
    return indices


@certificate.command("revoke-many")
@click.argument("paths", nargs=-1, type=CERT_FILE)
@click.option(
    "--indices",
    "index_file",
    type=CERT_FILE,
    default=None,
    help="A text file of status indices of --issuer: one index or range (100-199) a line, # comments.",
)
@click.option("--issuer", default=None, help="The issuing department of --indices.")
@click.option("--reason", type=int, required=True, help="Reason code (1-65535), the same for all.")
@click.option(
    "--state",
    default="revoked",
    show_default=True,
    help="The terminal state: revoked (撤销), cancelled (注销) or withdrawn (吊销, a penalty).",
)
@chain_options
@signer_options
@handle_errors
def revoke_many(
    paths: tuple[Path, ...], index_file: Path | None, issuer: str | None, reason: int, state: str, **connection: Any
) -> None:
    """End many status-list certificates at once: the certificate files PATHS, and/or the status indices
    listed in --indices for --issuer. Sorted so that neighbours share their status word; at most 500 a
    transaction. Each certificate's reason stays in its own event."""
    terminal = _terminal_state(state)
    if index_file is not None and issuer is None:
        raise InvalidInputError("--indices 需要 --issuer / --indices needs --issuer")
    by_issuer: dict[str, list[int]] = {}
    for path in paths:
        cert = _read(path)
        if cert.status_index is None:
            raise InvalidInputError(
                f"{path} 没有状态序号 (旧格式), 请用 certificate revoke 逐张撤销"
                f" / {path} has no status index (original format): use certificate revoke"
            )
        by_issuer.setdefault(cert.issuer, []).append(cert.status_index)
    if index_file is not None and issuer is not None:
        by_issuer.setdefault(issuer, []).extend(_index_list(index_file))
    if not by_issuer:
        raise InvalidInputError("请给出证照文件或 --indices / give certificate files or --indices")
    certificates = writer(**connection).certificates
    for department, indices in by_issuer.items():
        for result in certificates.set_statuses(department, indices, state=terminal, reason_code=reason):
            report_write(result, f"{terminal.label}: {department}")
    total = sum(len(indices) for indices in by_issuer.values())
    console.print(
        f"共 {total} 张证照{terminal.label_zh} / {total} certificates {terminal.label_en.lower()}", highlight=False
    )


@certificate.command("enrol-signer")
@click.argument("account")
@click.option("--issuer", required=True, help="The department.")
@chain_options
@signer_options
@handle_errors
def enrol_signer(account: str, issuer: str, **connection: Any) -> None:
    """Enrol ACCOUNT (an Issuer of --issuer) as a status signer: it may then issue status-list batches and
    change their certificates' status. A Manager of the department, or the account itself, signs."""
    result = writer(**connection).certificates.enrol_status_signer(issuer, check_address(account, "ACCOUNT"))
    report_write(result, "状态签署人登记 status signer enrolment")


@certificate.command("drop-signer")
@click.argument("account")
@click.option("--issuer", required=True, help="The department.")
@chain_options
@signer_options
@handle_errors
def drop_signer(account: str, issuer: str, **connection: Any) -> None:
    """End ACCOUNT's enrolment as a status signer of --issuer. Anyone may drop an account that lost its Issuer
    role; otherwise a Manager of the department or the account itself."""
    result = writer(**connection).certificates.drop_status_signer(issuer, check_address(account, "ACCOUNT"))
    report_write(result, "状态签署人注销 status signer dropped")


@certificate.command("suspend")
@click.argument("path", type=CERT_FILE)
@click.option("--reason", type=int, required=True, help="Reason code (1-65535).")
@chain_options
@signer_options
@handle_errors
def suspend(path: Path, reason: int, **connection: Any) -> None:
    """Suspend (暂扣) the certificate in PATH until it is reinstated."""
    report_write(writer(**connection).certificates.suspend(_read(path), reason_code=reason), "暂扣 suspension")


@certificate.command("reinstate")
@click.argument("path", type=CERT_FILE)
@chain_options
@signer_options
@handle_errors
def reinstate(path: Path, **connection: Any) -> None:
    """Reinstate the suspended certificate in PATH (恢复有效)."""
    report_write(writer(**connection).certificates.reinstate(_read(path)), "恢复有效 reinstatement")


@certificate.command("annotate")
@click.argument("path", type=CERT_FILE)
@click.option("--purpose", required=True, help="用证事由: the one purpose the copy is for.")
@click.option("--valid-until", required=True, help="Until when the copy may be used: date or duration (7d).")
@click.option("--hide", multiple=True, help="A field to hide as well, repeatable (e.g. holderCode).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@handle_errors
def annotate_command(path: Path, purpose: str, valid_until: str, hide: tuple[str, ...], out: Path) -> None:
    """Write a 加注件: a copy for one purpose until a date; verifiers refuse it after that or for another purpose."""
    copy = annotate(_read(path), purpose=purpose, valid_until=_until(valid_until), hide=hide)
    _write(copy, out)
    until = datetime.fromtimestamp(_until(valid_until), UTC).isoformat(timespec="minutes")
    console.print(f"加注件已写入 {out} (用证事由: {purpose}, 有效至 {until}) / annotated copy written", highlight=False)


@certificate.command("identifier")
@click.argument("type_code")
@click.argument("issuer_code")
@click.argument("serial")
@click.option("--version", "revision", type=int, default=1, show_default=True, help="版本号 (0-999).")
@handle_errors
def identifier(type_code: str, issuer_code: str, serial: str, revision: int) -> None:
    """Print the 证照标识 of TYPE_CODE, ISSUER_CODE (the issuer's USCC) and SERIAL, with its check character."""
    click.echo(certificate_identifier(type_code, issuer_code, serial, revision))


@certificate.command("revoke-completion")
@click.argument("number")
@click.option("--reason", type=int, required=True, help="Reason code (1-65535).")
@click.option("--department", default=None, help="The application's department, if several use its number.")
@chain_options
@signer_options
@handle_errors
def revoke_completion(number: str, reason: int, department: str | None, **connection: Any) -> None:
    """Revoke the completion certificate the ledger issued for application NUMBER."""
    client = writer(**connection)
    application = client.ledger.resolve(number, department=department)
    result = client.certificates.revoke_completion(application, reason_code=reason)
    report_write(result, "revocation")


@certificate.command("completion")
@click.argument("number")
@click.option("--department", default=None, help="The application's department, if several use its number.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File to write.")
@chain_options
@handle_errors
def completion(
    number: str, department: str | None, out: Path | None, rpc_url: str | None, deployment: Path | None
) -> None:
    """Write the completion certificate of application NUMBER as a file (the portal's download; the
    portal's certificate page verifies it)."""
    client = reader(rpc_url, deployment)
    application = client.ledger.resolve(number, department=department)
    document = completion_document(client, application, number=number)
    if document is None:
        raise InvalidInputError(f"办件 {number} 没有办结证照 / application {number} has no completion certificate")
    path = out or Path(document.file_name)
    write_private(path, json.dumps(document.to_json(), ensure_ascii=False, indent=2) + "\n")
    console.print(f"办结证照已写入 Completion certificate written to {path}", highlight=False)


@certificate.command("verify")
@click.argument("path", type=CERT_FILE)
@click.option("--purpose", default=None, help="用证事由 accepted: only an annotated copy for it passes.")
@chain_options
@json_option
@handle_errors
def verify(path: Path, purpose: str | None, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Check a certificate file against the chain; exit code 0 only if every check passes."""
    report = reader(rpc_url, deployment).certificates.verify(path.read_text(encoding="utf-8"), purpose=purpose)
    show_verification(report, as_json=as_json)


def show_verification(report: VerificationReport, *, as_json: bool) -> None:
    """Print a certificate's verification (its checks, licence metadata, status, replacement) and exit
    with EXIT_CONFLICT unless it is valid."""
    if as_json:
        print_json(report.to_json())
    else:
        rows = [["✔" if c.ok else "✘", c.name, c.code, c.message_zh, c.message_en] for c in report.checks]
        table(f"证照核验 Verification at block {report.block_number}", ["", "check", "code", "结果", "result"], rows)
        if report.licence:
            table("证照元数据 Licence metadata", ["", ""], [[k, v] for k, v in report.licence.items()])
        console.print(f"证照状态 Status: {report.status_words}", highlight=False)
        print_replacement(report)
        console.print("有效 VALID" if report.valid else "[red]无效 NOT VALID[/red]")
    if not report.valid:
        raise SystemExit(EXIT_CONFLICT)


@certificate.command("disclose")
@click.argument("path", type=CERT_FILE)
@click.option("--hide", multiple=True, required=True, help="A field to hide, repeatable.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@handle_errors
def disclose_command(path: Path, hide: tuple[str, ...], out: Path) -> None:
    """Write a copy with some fields hidden; it still verifies."""
    _write(disclose(_read(path), hide), out)
    console.print(f"已写出隐去字段的副本 / disclosed copy without {', '.join(hide)} written to {out}", highlight=False)


@certificate.command("show")
@click.argument("path", type=CERT_FILE)
@json_option
@handle_errors
def show(path: Path, as_json: bool) -> None:
    """What a certificate file says (shown fields only)."""
    cert = _read(path)
    if as_json:
        print_json(cert.to_json())
        return
    click.echo(
        f"{cert.certificate_type} 签发 issued by {cert.issuer} (region {cert.region}), valid until {cert.valid_until}"
    )
    for name, value in cert.shown_fields().items():
        click.echo(f"  {name}: {value}")
    hidden = [name for name, entry in cert.fields.items() if "hash" in entry]
    if hidden:
        click.echo("  隐去 hidden: " + ", ".join(hidden))
    if cert.status_index is not None:
        click.echo(f"  状态序号 status index: {cert.status_index} (issued in block {cert.issued_block})")


@click.group()
def federation() -> None:
    """Cross-region recognition (跨区域互认)."""


@federation.command("add")
@click.argument("region", type=int)
@click.option("--name", required=True)
@click.option("--registry", default=None, help="The peer's CertificateRegistry on this chain, if any.")
@click.option("--key", "keys", multiple=True, help="A signing key address of the peer, repeatable.")
@chain_options
@signer_options
@handle_errors
def add(region: int, name: str, registry: str | None, keys: tuple[str, ...], **connection: Any) -> None:
    """Recognise REGION (its certificates and decisions).

    Every argument is checked, and the registration simulated, before anything is signed; run again
    after a failure, it adds what is missing (the peer, if not yet active with this name, then its keys)."""
    _region(region)
    if not name.strip():
        raise InvalidInputError("--name 不能为空 / --name must not be empty")
    checked_registry = check_address(registry, "--registry") if registry else None
    checked_keys = list(dict.fromkeys(check_address(key, "--key") for key in keys))
    if any(int(key, 16) == 0 for key in checked_keys):
        raise InvalidInputError("--key 不能是零地址 / --key must not be the zero address")
    client = writer(**connection)
    try:
        current: Peer | None = client.federation.peer(region)
    except UnknownPeer:
        current = None
    if current is not None and current.status == "active":
        if current.name != name or (current.certificate_registry or None) != checked_registry:
            raise InvalidInputError(
                f"区域 {region} 已是互认区域（{current.name}），名称或登记簿不同；请先 federation remove / "
                f"region {region} is already a peer ({current.name}) with another name or registry; "
                "run `federation remove` first"
            )
        console.print(f"peer {region}: 链上已有记录 / already recorded on chain; nothing sent", highlight=False)
    else:
        report_write(client.federation.add_peer(region, name, certificate_registry=checked_registry), f"peer {region}")
    for key in checked_keys:
        if client.federation.is_peer_key(region, key):
            console.print(f"key {key} of {region}: 链上已有记录 / already recorded on chain; nothing sent")
            continue
        report_write(client.federation.add_key(region, key), f"key {key} of {region}")


def _region(region: int) -> int:
    if not 100_000 <= region <= 999_999:
        raise InvalidInputError(
            f"REGION {region}: 须为 6 位行政区划代码 / must be a 6-digit administrative division code (e.g. 370302)"
        )
    return region


@federation.command("remove")
@click.argument("region", type=int)
@chain_options
@signer_options
@handle_errors
def remove(region: int, **connection: Any) -> None:
    """Stop recognising REGION from now on."""
    report_write(writer(**connection).federation.remove_peer(_region(region)), f"peer {region} removed")


@federation.command("remove-key")
@click.argument("region", type=int)
@click.argument("key")
@chain_options
@signer_options
@handle_errors
def remove_key(region: int, key: str, **connection: Any) -> None:
    """Withdraw KEY of REGION (a stolen key, say): what it signed stops being recognised at once."""
    checked = check_address(key, "KEY")
    report_write(writer(**connection).federation.remove_key(_region(region), checked), f"key {key} of {region}")


@federation.command("list")
@chain_options
@json_option
@handle_errors
def list_peers(rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Every peer region."""
    peers = reader(rpc_url, deployment).federation.peers()
    if as_json:
        print_json(peers)
        return
    rows = [[str(p.region_code), p.name, p.status, str(p.generation), p.certificate_registry or "-"] for p in peers]
    table("互认地区 Peer regions", ["region", "name", "status", "generation", "registry"], rows)


@federation.command("attest")
@click.argument("path", type=CERT_FILE)
@click.option("--keystore", "key_file", type=CERT_FILE, required=True, help="This region's signing keystore.")
@click.option(
    "--for-deployment",
    "for_deployment",
    type=CERT_FILE,
    default=None,
    help="The importing region's deployment manifest (its chain id and RegionFederation).",
)
@click.option("--for-chain-id", type=int, default=None, help="The importing chain's id (with --for-federation).")
@click.option("--for-federation", default=None, help="The importing RegionFederation's address (with --for-chain-id).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@handle_errors
def attest(
    path: Path,
    key_file: Path,
    for_deployment: Path | None,
    for_chain_id: int | None,
    for_federation: str | None,
    out: Path,
) -> None:
    """Sign an attestation of one of this region's certificates, for one peer federation to import."""
    domain = _domain(for_deployment, for_chain_id, for_federation)
    password = secret(load_settings().keystore_password) or click.prompt(
        "密钥库密码 / Keystore password", hide_input=True
    )
    try:
        key = Account.from_key(Account.decrypt(key_file.read_text(), password))
    except ValueError as err:
        raise KeystoreError(f"无法打开 {key_file}：密码不对 / cannot open {key_file}: wrong password") from err
    attestation, signature = attest_certificate(key, _read(path), domain=domain)
    document = {"attestation": attestation.to_json(), "domain": domain.to_json(), "signature": "0x" + signature.hex()}
    out.write_text(json.dumps(document, indent=2))
    console.print(
        f"证明已写入 {out}, 仅供链 {domain.chain_id} 上的 {domain.verifying_contract} 导入 / attestation written "
        f"to {out}, for the federation {domain.verifying_contract} on chain {domain.chain_id} only",
        highlight=False,
    )


def _domain(deployment: Path | None, chain_id: int | None, federation_address: str | None) -> AttestationDomain:
    if deployment is not None and chain_id is None and federation_address is None:
        return AttestationDomain.of(Deployment.load(path=deployment))
    if deployment is None and chain_id is not None and federation_address is not None:
        return AttestationDomain(chain_id, check_address(federation_address, "--for-federation"))
    raise InvalidInputError(
        "说明由哪个互认合约导入: --for-deployment 或 --for-chain-id 加 --for-federation / name the federation that "
        "will import it: --for-deployment, or --for-chain-id with --for-federation"
    )


@federation.command("import")
@click.argument("path", type=CERT_FILE)
@chain_options
@signer_options
@handle_errors
def import_attestation(path: Path, **connection: Any) -> None:
    """Import a peer's signed attestation."""
    try:
        data = json.loads(path.read_text())
        a = data["attestation"]
        attestation = Attestation(
            int(a["originRegion"]),
            int(a["kind"]),
            parse_hex32(a["subject"], "subject"),
            str(a["issuer"]),
            int(a["issuedAt"]),
            int(a["validUntil"]),
            int(a["nonce"]),
        )
        signature = bytes.fromhex(str(data["signature"]).removeprefix("0x"))
        signed_for = data.get("domain")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise InvalidInputError(f"互认证明文件 {path} 无效 / invalid attestation file {path}: {err}") from err
    client = writer(**connection)
    here = client.federation.domain()
    if isinstance(signed_for, dict) and (
        signed_for.get("chainId") != here.chain_id
        or str(signed_for.get("verifyingContract", "")).lower() != here.verifying_contract.lower()
    ):
        raise InvalidInputError(
            f"该证明是为链 {signed_for.get('chainId')} 上的 {signed_for.get('verifyingContract')} 签署的, 不是本区 / "
            f"this attestation was signed for {signed_for.get('verifyingContract')} on chain "
            f"{signed_for.get('chainId')}, not for this federation ({here.verifying_contract} on chain "
            f"{here.chain_id})"
        )
    report_write(client.federation.import_attestation(attestation, signature), "attestation")


certificate.add_command(certificate_template)
