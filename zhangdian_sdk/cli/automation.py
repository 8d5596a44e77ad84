"""`zhangdian keeper`, `zhangdian rule`, `zhangdian service automation` and the automation
commands of `zhangdian application`: what the ledger does by itself, and the keeper that drives it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from zhangdian_sdk.cli._context import (
    chain_options,
    check_addresses,
    console,
    handle_errors,
    json_option,
    parse_hex32,
    print_json,
    reader,
    report_write,
    signer_options,
    table,
    writer,
)
from zhangdian_sdk.cli.application import DEPARTMENT
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import Automation, DeadlinePolicy

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = ["application_automation_commands", "keeper", "rule", "service_automation"]

# Every policy by its word (flag-only, escalate, deemed-approval), and the short words used so far.
_POLICIES = {
    **{policy.word: policy for policy in DeadlinePolicy},
    "flag": DeadlinePolicy.FLAG_ONLY,
    "deemed": DeadlinePolicy.DEEMED_APPROVAL,
}


@click.command("automation")
@click.argument("code")
@click.option("--rule", "rules", multiple=True, help="Rule contract address, once per rule (at most 4).")
@click.option(
    "--policy", type=click.Choice(sorted(_POLICIES)), default=None, help="What flagging an overdue step does."
)
@click.option("--supervisor", default=None, help="Supervising department, for --policy escalate.")
@click.option("--certificate", "certificate_type", default=None, help="Certificate type issued on completion.")
@click.option("--certificate-issuer", default=None, help="Department that issues the completion certificate.")
@click.option("--version", type=int, default=None, help="Service version (default: the newest).")
@click.option("--show", is_flag=True, help="Only show the current automation terms.")
@chain_options
@signer_options
@json_option
@handle_errors
def service_automation(
    code: str,
    rules: tuple[str, ...],
    policy: str | None,
    supervisor: str | None,
    certificate_type: str | None,
    certificate_issuer: str | None,
    version: int | None,
    show: bool,
    as_json: bool,
    **connection: Any,
) -> None:
    """Set (or --show) the rules, deadline policy and completion certificate of service CODE."""
    if show:
        client = reader(connection["rpc_url"], connection["deployment"])
        terms = client.catalog.automation(code, version=version)
        if as_json:
            print_json(terms)
            return
        console.print(f"事项 service {code}: 超期处理 deadline policy {terms.deadline_policy.label}", highlight=False)
        if terms.supervisor:
            console.print(f"督办部门 supervisor {terms.supervisor}", highlight=False)
        if terms.certificate_type:
            console.print(
                f"办结证照 certificate {terms.certificate_type} by {terms.certificate_issuer}", highlight=False
            )
        for address in terms.rules:
            info = client.rules.describe(address)
            console.print(f"规则 rule {info.address} ({info.kind}): {info.description}", highlight=False)
        return
    if len(rules) > 4:
        raise InvalidInputError("--rule: 最多 4 条规则 / at most 4 rules")
    automation = Automation(
        rules=check_addresses(rules, "--rule"),
        deadline_policy=_POLICIES[policy or "flag"],
        supervisor=supervisor,
        certificate_type=certificate_type,
        certificate_issuer=certificate_issuer,
    )
    result = writer(**connection).catalog.set_automation(code, automation, version=version)
    report_write(result, f"service {code} automation")


@click.group()
def rule() -> None:
    """Automation rules: deploy the shipped ones, describe one, confirm a fee payment."""


def _deployed(client: ZhangdianClient, address: str, what: str) -> None:
    """Say where the rule is and which manifest records it (for `verify-source`); the last line is the address."""
    console.print(f"{what}: 已部署 / deployed at [bold]{address}[/bold]", highlight=False)
    if client.deployment.path is not None:
        console.print(f"已记入部署清单 / recorded in the deployment manifest {client.deployment.path}", highlight=False)
    click.echo(address)


@rule.command("waiting-period")
@click.option("--days", type=int, default=0, help="Days to wait after the last approval.")
@click.option("--seconds", type=int, default=0, help="Seconds to wait (added to --days).")
@chain_options
@signer_options
@handle_errors
def rule_waiting_period(days: int, seconds: int, **connection: Any) -> None:
    """Deploy a rule: completion waits for a period after the last approval (公示期)."""
    client = writer(**connection)
    _deployed(client, client.rules.deploy_waiting_period(days=days, seconds=seconds), "waiting period rule")


@rule.command("fee-payment")
@click.option("--department", required=True, help="The department whose clerks confirm payments.")
@chain_options
@signer_options
@handle_errors
def rule_fee_payment(department: str, **connection: Any) -> None:
    """Deploy a rule: completion waits for the fee department's confirmation."""
    client = writer(**connection)
    _deployed(client, client.rules.deploy_fee_payment(department), "fee payment rule")


@rule.command("prerequisite")
@click.option("--service", required=True, help="The service the applicant must have completed first.")
@chain_options
@signer_options
@handle_errors
def rule_prerequisite(service: str, **connection: Any) -> None:
    """Deploy a rule: the same applicant must have completed another service first."""
    client = writer(**connection)
    _deployed(client, client.rules.deploy_prerequisite(service), "prerequisite rule")


@rule.command("material-valid")
@click.option("--type", "material_type", required=True, help="The material type that must be valid.")
@click.option("--min-remaining-days", type=int, default=0, help="Days it must stay valid after completion.")
@chain_options
@signer_options
@handle_errors
def rule_material_valid(material_type: str, min_remaining_days: int, **connection: Any) -> None:
    """Deploy a rule: a material of a type is attached and stays valid long enough."""
    client = writer(**connection)
    rule_address = client.rules.deploy_material_valid(material_type, min_remaining_days=min_remaining_days)
    _deployed(client, rule_address, "material validity rule")


@rule.command("show")
@click.argument("address")
@chain_options
@json_option
@handle_errors
def rule_show(address: str, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """What the rule at ADDRESS requires."""
    info = reader(rpc_url, deployment).rules.describe(address)
    if as_json:
        print_json(info)
        return
    console.print(f"{info.address} ({info.kind}): {info.description}", highlight=False)


@rule.command("confirm-payment")
@click.argument("address")
@click.argument("number")
@click.option("--receipt-hash", required=True, help="Hash of the payment receipt kept off chain (0x + 64 hex).")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def rule_confirm_payment(
    address: str, number: str, receipt_hash: str, department: str | None, **connection: Any
) -> None:
    """Confirm the fee of application NUMBER at the fee payment rule ADDRESS (fee department clerks)."""
    receipt = parse_hex32(receipt_hash, "receipt hash")
    client = writer(**connection)
    app_id = client.ledger.resolve(number, department=department)
    result = client.rules.confirm_payment(address, app_id, receipt_hash=receipt)
    report_write(result, f"payment for {number}")


@click.command("complete")
@click.argument("number")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def application_complete(number: str, department: str | None, **connection: Any) -> None:
    """Complete an approved application whose conditions now hold (anyone may)."""
    ledger = writer(**connection).ledger
    report_write(ledger.complete(ledger.resolve(number, department=department)), f"application {number} completed")


@click.command("flag-overdue")
@click.argument("number")
@DEPARTMENT
@chain_options
@signer_options
@handle_errors
def application_flag_overdue(number: str, department: str | None, **connection: Any) -> None:
    """Flag the open step as overdue; the service's policy escalates it or deems it approved."""
    ledger = writer(**connection).ledger
    result = ledger.flag_overdue(ledger.resolve(number, department=department))
    report_write(result, f"application {number} flagged overdue")


@click.command("retry-follow-on")
@click.argument("number")
@click.option("--service", required=True, help="The follow-on service that failed to open, e.g. ZD-SHBX-DJ.")
@chain_options
@signer_options
@handle_errors
def application_retry_follow_on(number: str, service: str, **connection: Any) -> None:
    """Open again the follow-on SERVICE that failed when application NUMBER completed, once the cause is
    fixed (a clerk of the follow-on's department, or governance)."""
    client = writer(**connection)
    result = client.ledger.retry_follow_on(number, service=service)
    report_write(result, f"关联办件 follow-on {service} of application {number}")


@click.command("links")
@click.argument("number")
@DEPARTMENT
@chain_options
@json_option
@handle_errors
def application_links(
    number: str, department: str | None, rpc_url: str | None, deployment: Path | None, as_json: bool
) -> None:
    """The parent and the follow-on applications of NUMBER (一件事一次办)."""
    client = reader(rpc_url, deployment)
    app_id = client.ledger.resolve(number, department=department)
    links = client.ledger.links(app_id)
    blocker = client.ledger.completion_blocker(app_id) if client.ledger.get(app_id).status.name == "APPROVED" else None
    if as_json:
        print_json({"links": links, "completion_blocker": blocker.message_en if blocker else None})
        return
    parent = "0x" + links.parent.hex() if links.parent else "-"
    console.print(f"上级办件 parent  {parent}", highlight=False)
    rows = []
    for child in links.children:
        record = client.ledger.get(child)
        rows.append(["0x" + child.hex(), record.service, record.department, record.status.label])
    table("关联办件 Follow-on applications", ["application id", "service", "department", "status"], rows)
    if blocker is not None:
        console.print(f"待办结 waiting to complete: {blocker.message_zh} / {blocker.message_en}", highlight=False)


def application_automation_commands() -> list[click.Command]:
    return [application_complete, application_flag_overdue, application_retry_follow_on, application_links]


@click.group()
def keeper() -> None:
    """The keeper: flags overdue steps and completes applications whose conditions now hold."""


@keeper.command("run")
@click.option("--once", is_flag=True, help="Do one pass and exit (for cron).")
@click.option("--interval", type=float, default=15.0, show_default=True, help="Seconds between passes.")
@click.option(
    "--state",
    "state_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where the keeper keeps its cursor (default: <data dir>/keeper-<chain id>.json).",
)
@chain_options
@signer_options
@handle_errors
def keeper_run(once: bool, interval: float, state_path: Path | None, **connection: Any) -> None:
    """Watch the chain and perform the time-based actions; safe to run several at once."""
    from rich.progress import Progress

    from zhangdian_sdk.ops.localchain import data_home
    from zhangdian_sdk.services.keeper import Keeper, KeeperAction, KeeperReport

    client = writer(**connection)
    path = state_path or data_home() / f"keeper-{client.w3.eth.chain_id}.json"
    worker = Keeper(client, state_path=path)

    def one_pass() -> KeeperReport:
        with Progress(console=console, transient=True) as bar:
            task = bar.add_task("keeper pass", total=None)

            def done(action: KeeperAction) -> None:
                _log_action(action)
                bar.advance(task)

            report = worker.run_once(on_plan=lambda total: bar.update(task, total=total), on_action=done)
        console.print(
            f"区块 blocks {report.from_block}-{report.to_block}: watching {report.watched}, "
            f"flagged {report.flagged}, completed {report.completed}, raced {report.raced}, failed {report.failed}",
            highlight=False,
        )
        return report

    if once:
        report = one_pass()
        if report.failed:
            raise SystemExit(1)
        return
    console.print(
        f"守护进程运行中 / keeper running every {interval:g} s; state in {path}; Ctrl-C stops it", highlight=False
    )
    try:
        while True:
            try:
                one_pass()
            except (ConnectionError, OSError) as err:
                console.print(f"[yellow]本轮失败，重试 / pass failed, retrying: {err}[/yellow]", highlight=False)
            time.sleep(interval)
    except KeyboardInterrupt:
        console.print("守护进程已停止 / keeper stopped", highlight=False)


def _log_action(action: Any) -> None:
    what = {"flag": "flagged overdue", "complete": "completed"}[action.kind]
    suffix = f" ({', '.join(action.events)})" if action.events else ""
    if action.outcome == "raced":
        suffix = " (another keeper was first)"
    elif action.outcome == "failed":
        suffix = f": {action.error}"
    console.print(f"0x{action.application_id.hex()[:16]}… {what} [{action.outcome}]{suffix}", highlight=False)
