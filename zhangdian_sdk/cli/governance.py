"""`zhangdian gov`: the council's proposals, from a proposal file everyone can read before voting.

A proposal file is JSON: ``{"description": "...", "actions": [{"contract": "DepartmentRegistry",
"function": "registerDepartment", "args": ["ZD-SWJ", 370303, "113703030042353681", "税务局", "Taxation Bureau"]}]}``;
bytes32 arguments may be given as codes, a bytes18 统一社会信用代码 as its text. The same file identifies the
proposal in every command.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    chain_options,
    check_address,
    check_addresses,
    console,
    handle_errors,
    json_option,
    print_json,
    reader,
    report_write,
    signer_options,
    table,
    writer,
)
from zhangdian_sdk.cli._progress import WorkBar
from zhangdian_sdk.cli.templates import gov_template
from zhangdian_sdk.client import connect_web3
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.accounts import load_signer
from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import validate_uscc
from zhangdian_sdk.core.schemas import read_document
from zhangdian_sdk.core.workdays import BEIJING
from zhangdian_sdk.ops.governance import Action, GovernanceFacade, ProposalStatus, govern_suite

PROPOSAL = click.argument("proposal_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


def _load(path: Path) -> tuple[list[Action], str]:
    """A proposal file (the published schema ``governance-proposal``), checked before anything is sent."""
    data = read_document(path, "governance-proposal")
    try:
        actions = [
            Action(a["contract"], a["function"], _coerce(a["contract"], a["function"], a["args"]))
            for a in data["actions"]
        ]
        return actions, str(data["description"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InvalidInputError(f"提案文件无效 / invalid proposal file {path}: {err}") from err


def _coerce(contract: str, function: str, args: list[Any]) -> list[Any]:
    """bytes32 arguments written as codes or hex, and other bytes written as hex, become bytes, as the
    contract takes them."""
    entry = next(
        (
            i
            for i in load_artifact(contract).abi
            if i.get("type") == "function" and i["name"] == function and len(i["inputs"]) == len(args)
        ),
        None,
    )
    if entry is None:
        raise InvalidInputError(
            f"{contract} 没有 {len(args)} 个参数的函数 {function} / {contract} has no function {function} taking "
            f"{len(args)} arguments"
        )
    coerced = []
    for spec, value in zip(entry["inputs"], args, strict=True):
        if spec["type"] == "bytes32" and isinstance(value, str):
            value = bytes.fromhex(value[2:]) if value.startswith("0x") and len(value) == 66 else code_to_bytes32(value)
        elif spec["type"] == "bytes18" and isinstance(value, str):  # a 统一社会信用代码, as text
            value = validate_uscc(value).encode("ascii")
        elif spec["type"].startswith("bytes") and isinstance(value, str) and value.startswith("0x"):
            value = bytes.fromhex(value[2:])  # call data such as upgradeToAndCall's, "0x" for none
        coerced.append(value)
    return coerced


@click.group()
def gov() -> None:
    """Governance: the council (M of N department keys), the timelock, the guardian."""


@gov.command("setup")
@click.option("--member", "members", multiple=True, required=True, help="A council member's address, repeatable.")
@click.option("--quorum", type=int, required=True, help="M: votes a proposal needs.")
@click.option(
    "--delay", type=int, required=True, help="Timelock delay in seconds (minutes locally, days in production)."
)
@click.option("--guardian", required=True, help="The address that may pause the suite in an emergency.")
@click.option("--voting-period", type=int, default=50, show_default=True, help="Blocks a vote stays open.")
@chain_options
@signer_options
@handle_errors
def setup(
    members: tuple[str, ...],
    quorum: int,
    delay: int,
    guardian: str,
    voting_period: int,
    rpc_url: str | None,
    deployment: Path | None,
    keystore: Path | None,
    ape_account: str | None,
) -> None:
    """Deploy the council and timelock and hand them every admin role; the deployer keeps none."""
    members = check_addresses(members, "--member")
    guardian = check_address(guardian, "--guardian")
    if not 1 <= quorum <= len(members):
        raise InvalidInputError(
            f"--quorum {quorum}: 须在 1 到成员数 {len(members)} 之间 / must be between 1 and the {len(members)} members"
        )
    if delay < 0 or voting_period < 1:
        raise InvalidInputError(
            "--delay 不能为负，--voting-period 至少 1 / --delay must not be negative, --voting-period at least 1"
        )
    w3 = connect_web3(rpc_url)
    current = Deployment.load(chain_id=w3.eth.chain_id, path=deployment)
    signer = load_signer(keystore=keystore, ape_alias=ape_account)
    with WorkBar("治理移交 handing over", console=console) as bar:
        govern_suite(
            w3,
            signer,
            current,
            members=list(members),
            quorum=quorum,
            delay=delay,
            guardian=guardian,
            voting_period=voting_period,
            manifest_path=deployment,
            log=lambda line: console.print(line, highlight=False, markup=False),
            progress=bar.update,
        )
    console.print(
        f"由 {len(members)} 名成员的委员会治理 (需 {quorum} 票赞成), 时间锁 {delay} 秒; 守护者 {guardian} 可暂停 / "
        f"governed by a council of {len(members)} ({quorum} votes for needed; abstentions do not count) through a "
        f"{delay} s timelock; the guardian {guardian} may pause",
        highlight=False,
    )


@gov.command("propose")
@PROPOSAL
@chain_options
@signer_options
@handle_errors
def propose(proposal_file: Path, **connection: Any) -> None:
    """Put a proposal file to the council (a member's key)."""
    actions, description = _load(proposal_file)
    council = GovernanceFacade(writer(**connection))
    proposal_id = council.propose(actions, description)
    found = council.status(proposal_id)
    console.print(f"提案 proposal {proposal_id}", highlight=False)
    _print_state(found)


@gov.command("approve")
@PROPOSAL
@click.option("--against", is_flag=True, help="Vote against instead.")
@chain_options
@signer_options
@handle_errors
def approve(proposal_file: Path, against: bool, **connection: Any) -> None:
    """Vote for the proposal (a member's key)."""
    actions, description = _load(proposal_file)
    council = GovernanceFacade(writer(**connection))
    proposal_id = council.proposal_id(actions, description)
    report_write(council.approve(proposal_id, support=not against), f"vote on proposal {proposal_id}")


@gov.command("execute")
@PROPOSAL
@chain_options
@signer_options
@handle_errors
def execute(proposal_file: Path, **connection: Any) -> None:
    """Queue a passed proposal in the timelock, or execute it once its delay has passed."""
    actions, description = _load(proposal_file)
    council = GovernanceFacade(writer(**connection))
    found = council.status(council.proposal_id(actions, description))
    if found.state == "Succeeded":
        report_write(council.queue(actions, description), "已排入时间锁 / queued in the timelock")
        for zh, en in zip(*(council.status(found.proposal_id).timing(lang) for lang in ("zh", "en")), strict=True):
            console.print(f"{zh} / {en}", highlight=False)
    else:
        report_write(council.execute(actions, description), "已执行 / executed")


@gov.command("status")
@PROPOSAL
@chain_options
@json_option
@handle_errors
def status(proposal_file: Path, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Where a proposal stands, with its calls decoded."""
    actions, description = _load(proposal_file)
    council = GovernanceFacade(reader(rpc_url, deployment))
    found = council.status(council.proposal_id(actions, description), actions, description)
    if as_json:
        print_json(_status_json(found))
        return
    console.print(f"提案 proposal {found.proposal_id}", highlight=False)
    _print_state(found)
    table("提案内容 Calls", ["call"], [[call] for call in found.actions])


def _print_state(found: ProposalStatus) -> None:
    """State, votes and dates in words, Chinese then English."""
    console.print(f"状态 state  {found.state_zh} / {found.state_en}", highlight=False)
    votes = {"votes_for": found.votes_for, "votes_against": found.votes_against, "quorum": found.quorum}
    console.print(
        f"票数 votes  {messages.text('sdk.proposal_votes', 'zh', **votes)} / "
        f"{messages.text('sdk.proposal_votes', 'en', **votes)}",
        highlight=False,
    )
    for zh, en in zip(found.timing("zh"), found.timing("en"), strict=True):
        console.print(f"时间 time   {zh} / {en}", highlight=False)


def _status_json(found: ProposalStatus) -> dict[str, Any]:
    """The status with its state in words and its dates in ISO Beijing time (block numbers beside)."""

    def moment(timestamp: int) -> str | None:
        return datetime.fromtimestamp(timestamp, tz=BEIJING).isoformat() if timestamp else None

    return {
        "proposal_id": found.proposal_id,
        "state": found.state,
        "state_words": {"zh": found.state_zh, "en": found.state_en},
        "votes_for": found.votes_for,
        "votes_against": found.votes_against,
        "quorum": found.quorum,
        "voting_starts": {
            "block": found.voting_starts,
            "beijing": moment(found.voting_starts_at),
            "estimated": found.voting_starts_estimated,
        },
        "voting_ends": {
            "block": found.voting_ends,
            "beijing": moment(found.voting_ends_at),
            "estimated": found.voting_ends_estimated,
        },
        "eta": found.eta,
        "eta_beijing": moment(found.eta),
        "timing": {"zh": found.timing("zh"), "en": found.timing("en")},
        "description": found.description,
        "actions": list(found.actions),
    }


gov.add_command(gov_template)
