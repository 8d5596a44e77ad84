"""`zhangdian verify`: check a record against the chain itself, without trusting the portal or its index.

``zhangdian verify application NUMBER --rpc-url URL`` reads the application's record and its events
straight from a node (any node of the chain: the citizen's own, a public one), and with
``--applicant`` and ``--receipt`` recomputes the applicant commitment here to say whether the record is
the applicant's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    EXIT_NOT_FOUND,
    chain_options,
    check_applicant,
    console,
    error_console,
    handle_errors,
    json_option,
    print_json,
    reader,
    table,
)
from zhangdian_sdk.cli.application import DEPARTMENT
from zhangdian_sdk.cli.certificate import CERT_FILE, show_verification
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.codes import application_number
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import HistoryEntry
from zhangdian_sdk.core.privacy import applicant_commitment, parse_salt
from zhangdian_sdk.core.workdays import beijing

__all__ = ["verify"]

MATCH = ("本人办件：申请人承诺与链上记录一致", "your application: the applicant commitment matches the chain's record")
MISMATCH = (
    "不一致：身份证号码或回执码与链上记录不符，此记录不是该申请人的（或输入有误）",
    "mismatch: the ID number or receipt code does not give the commitment on chain; this record is not this "
    "applicant's (or a value was mistyped)",
)


@click.group()
def verify() -> None:
    """Check records against the chain itself (no portal, no index)."""


@verify.command("application")
@click.argument("number")
@DEPARTMENT
@click.option("--applicant", default=None, help="The applicant's ID number or credit code: hashed here, never sent.")
@click.option("--receipt", default=None, help="The receipt code (回执码, hex), with --applicant.")
@chain_options
@json_option
@handle_errors
def application(
    number: str,
    department: str | None,
    applicant: str | None,
    receipt: str | None,
    rpc_url: str | None,
    deployment: Path | None,
    as_json: bool,
) -> None:
    """Status and timeline of application NUMBER read straight from the node at --rpc-url; with
    --applicant and --receipt, whether it is that applicant's application."""
    number = application_number(number)
    if (applicant is None) != (receipt is None):
        raise InvalidInputError("--applicant 与 --receipt 需同时给出 / give --applicant and --receipt together")
    identity = check_applicant(applicant) if applicant is not None else None
    salt = parse_salt(receipt) if receipt is not None else None
    client = reader(rpc_url, deployment)
    ledger = client.ledger
    app = ledger.get(ledger.resolve(number, department=department))
    entries = list(ledger.history(app.application_id))
    matches: bool | None = None
    if identity is not None and salt is not None:
        matches = applicant_commitment(identity, salt, department=app.department) == app.applicant_commitment
    head = client.w3.eth.block_number
    deadline = int(app.deadline.timestamp()) if app.deadline else None
    if as_json:
        print_json(
            {
                "number": number,
                "application_id": app.id_hex,
                "chain_id": client.deployment.chain_id,
                "ledger": client.deployment.address_of("ApplicationLedger"),
                "block": head,
                "service": app.service,
                "department": app.department,
                "status": {"name": app.status.name, "zh": app.status.label_zh, "en": app.status.label_en},
                "current_step": app.current_step,
                "step_count": app.step_count,
                "deadline": deadline,
                "deadline_beijing": beijing(deadline) if deadline else None,
                "overdue": app.overdue,
                "applicant_matches": matches,
                "timeline": [_entry(e) for e in entries],
            }
        )
    else:
        console.print(f"办件 application {number}  ({app.id_hex})", highlight=False)
        console.print(
            f"链 chain {client.deployment.chain_id}, 合约 ledger {client.deployment.address_of('ApplicationLedger')}, "
            f"区块 block {head}",
            highlight=False,
        )
        console.print(f"事项 service   {app.service}, 部门 department {app.department}", highlight=False)
        console.print(f"状态 status    {app.status.label}", highlight=False)
        due = f"{beijing(deadline)} 北京时间 Beijing time" if deadline else "-"
        console.print(f"期限 deadline  {due}", highlight=False)
        rows = [
            [
                beijing(int(e.timestamp.timestamp())) if e.timestamp else "",
                f"{messages.label('event', e.event, 'zh')} {e.event}",
                e.department or "",
                e.status_after.label if e.status_after else "",
                e.transaction_hash,
            ]
            for e in entries
        ]
        table(
            f"办件 application {number} 链上记录 On-chain timeline",
            ["time (北京时间 Beijing)", "event", "department", "status after", "transaction"],
            rows,
        )
        if matches:
            console.print(f"[green]✓ {MATCH[0]} / {MATCH[1]}[/green]", highlight=False)
    if matches is False:
        error_console.print(f"[red]✗ {MISMATCH[0]} / {MISMATCH[1]}[/red]", highlight=False)
        sys.exit(EXIT_NOT_FOUND)


@verify.command("certificate")
@click.argument("path", type=CERT_FILE)
@click.option("--purpose", default=None, help="用证事由 accepted: only an annotated copy for it passes.")
@chain_options
@json_option
@handle_errors
def certificate(path: Path, purpose: str | None, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Check the certificate file PATH straight against the node at --rpc-url: issued, not ended, its
    dates; a replaced certificate shows 已换发 with its replacement, when (Beijing time) and why, a
    replacement shows what it replaced (换发自). Exit code 0 only if it is valid."""
    report = reader(rpc_url, deployment).certificates.verify(path.read_text(encoding="utf-8"), purpose=purpose)
    show_verification(report, as_json=as_json)


def _entry(entry: HistoryEntry) -> dict[str, Any]:
    seconds = int(entry.timestamp.timestamp()) if entry.timestamp else None
    return {
        "event": entry.event,
        "label": {"zh": messages.label("event", entry.event, "zh"), "en": messages.label("event", entry.event, "en")},
        "time": seconds,
        "time_beijing": beijing(seconds) if seconds else None,
        "department": entry.department,
        "status_after": entry.status_after.name if entry.status_after else None,
        "block_number": entry.block_number,
        "transaction_hash": entry.transaction_hash,
    }
