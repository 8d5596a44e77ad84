"""`zhangdian upgrade`: check storage layouts, deploy a new implementation for governance, record it; list
the suite's contracts a deployment lacks and add one (its grants on the others written for governance)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    chain_options,
    console,
    handle_errors,
    reader,
    signer_options,
    writer,
)
from zhangdian_sdk.cli._progress import WorkBar
from zhangdian_sdk.core.errors import InvalidInputError, StorageLayoutError
from zhangdian_sdk.core.suite import UPGRADEABLE_CONTRACTS
from zhangdian_sdk.ops.layout import compare_layouts

__all__ = ["upgrade"]

CONTRACT = click.argument("name", type=click.Choice(UPGRADEABLE_CONTRACTS))


@click.group()
def upgrade() -> None:
    """Upgrades: storage-layout checks, new implementations, contracts the suite gained, proposals, the manifest."""


@upgrade.command("check")
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Layouts to compare with (default: those recorded in the chain's manifest).",
)
@chain_options
@handle_errors
def check(baseline: Path | None, rpc_url: str | None, deployment: Path | None) -> None:
    """Compare the project's storage layouts with the deployed ones; exit 5 if any upgrade would break them."""
    from zhangdian_sdk.ops.layout import project_layouts

    if baseline is not None:
        deployed = json.loads(baseline.read_text(encoding="utf-8"))["layouts"]
    else:
        contracts = reader(rpc_url, deployment).deployment.contracts
        deployed = {n: c.storage_layout for n, c in contracts.items() if c.storage_layout is not None}
    if not deployed:
        raise InvalidInputError("没有可比对的已部署存储布局 / no deployed storage layouts to compare with")
    current = project_layouts()
    report = []
    for name, layout in sorted(deployed.items()):
        problems = compare_layouts(layout, current[name])
        mark = "[green]compatible[/green]" if not problems else "[red]INCOMPATIBLE[/red]"
        console.print(f"{name}: {mark}", highlight=False)
        report += [f"{name}: {problem}" for problem in problems]
        for problem in problems:
            console.print(f"  - {problem}", highlight=False)
    if report:
        raise StorageLayoutError("存储布局不兼容 / incompatible storage layouts:\n" + "\n".join(report))


@upgrade.command("prepare")
@CONTRACT
@click.option(
    "--proposal",
    "proposal_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the proposal file for `zhangdian gov propose`.",
)
@chain_options
@signer_options
@handle_errors
def prepare(name: str, proposal_path: Path, **connection: Any) -> None:
    """Check NAME's new layout against the deployed one, deploy the new implementation, write the proposal."""
    from zhangdian_sdk.ops.upgrades import plan_to_file, prepare_upgrade

    plan = prepare_upgrade(writer(**connection), name)
    plan_to_file(plan, proposal_path)
    console.print(
        f"{name}: 存储布局兼容 / storage layout compatible; new implementation {plan.new_implementation}",
        highlight=False,
    )
    console.print(
        f"提案已写出 / proposal written to {proposal_path}: `zhangdian gov propose {proposal_path}`", highlight=False
    )
    click.echo(plan.new_implementation)


@upgrade.command("record")
@CONTRACT
@click.argument("implementation")
@chain_options
@handle_errors
def record(name: str, implementation: str, rpc_url: str | None, deployment: Path | None) -> None:
    """After governance executed the upgrade, write IMPLEMENTATION of NAME into the manifest."""
    from eth_utils.address import to_checksum_address

    from zhangdian_sdk.core.artifacts import load_artifact
    from zhangdian_sdk.ops.upgrades import UpgradePlan, implementation_of, record_upgrade

    client = reader(rpc_url, deployment)
    entry = client.deployment.contracts[name]
    transaction = _creation_transaction(client, implementation)
    plan = UpgradePlan(
        contract=name,
        proxy=entry.address,
        current_implementation=implementation_of(client, entry.address),
        new_implementation=to_checksum_address(implementation),
        implementation_transaction_hash=transaction,
        artifact=load_artifact(name),
    )
    record_upgrade(client, plan, manifest_path=deployment)
    console.print(f"{name}: 清单已记录新实现 / manifest now names implementation {implementation}", highlight=False)


def _creation_transaction(client: Any, implementation: str) -> str:
    """The transaction that created a contract, searched backwards from the head (recent upgrades)."""
    from eth_utils.address import to_checksum_address

    wanted = to_checksum_address(implementation)
    head = int(client.w3.eth.block_number)
    for number in range(head, max(head - 5_000, -1), -1):
        for tx in client.w3.eth.get_block(number, full_transactions=True)["transactions"]:
            if tx["to"] is None:
                receipt = client.w3.eth.get_transaction_receipt(tx["hash"])
                if receipt["contractAddress"] == wanted:
                    return str(tx["hash"].to_0x_hex())
    raise InvalidInputError(
        f"最近 5,000 个区块内没有创建记录 / no creation of {implementation} in the last 5,000 blocks"
    )


@upgrade.command("missing")
@chain_options
@handle_errors
def missing(rpc_url: str | None, deployment: Path | None) -> None:
    """List the suite's contracts the deployment lacks, and the grants and links between its contracts
    that the chain does not show yet."""
    from zhangdian_sdk.core.suite import SUITE
    from zhangdian_sdk.ops.additions import missing_contracts, pending_wiring

    client = reader(rpc_url, deployment)
    lacking = missing_contracts(client.deployment)
    present = client.deployment.contracts
    for contract in lacking:
        absent = [needed for needed in contract.needs if needed not in present]
        wired = [f"{other.name} {grant.role}" for other in SUITE for grant in other.grants if grant.to == contract.name]
        wired += [f"{other.name}.{link.setter}" for other in SUITE for link in other.links if link.to == contract.name]
        line = f"{contract.name}: 缺少 / missing"
        if absent:
            line += f"; 先添加 / add first: {', '.join(absent)}"
        if wired:
            line += f"; 需授权 / to be wired: {', '.join(wired)}"
        console.print(line, highlight=False)
    unwired = [wiring for name in present for wiring in pending_wiring(client.w3, client.deployment, name)]
    for wiring in dict.fromkeys(unwired):
        console.print(f"{wiring.describe()}: 尚未授权 / not made yet", highlight=False)
    if not lacking and not unwired:
        console.print("部署包含套件全部合约 / the deployment has every contract of the suite", highlight=False)
    elif lacking:
        console.print(
            f"添加 / add: `zhangdian upgrade add {lacking[0].name} --proposal FILE` (or --grant-now)", highlight=False
        )


@upgrade.command("add")
@click.argument("name")
@click.option(
    "--proposal",
    "proposal_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the grants on other contracts, as a proposal for `zhangdian gov propose`.",
)
@click.option(
    "--grant-now",
    is_flag=True,
    help="Make those grants at once (the signer still holds the admin roles: a deployment not handed over).",
)
@chain_options
@signer_options
@handle_errors
def add(name: str, proposal_path: Path | None, grant_now: bool, **connection: Any) -> None:
    """Deploy the suite contract NAME the deployment lacks (implementation and proxy), record it in the
    manifest, hand its roles to the suite's admin and guardian, and grant (--grant-now) or propose
    (--proposal) the roles other contracts give it. Run again, it deploys nothing."""
    from zhangdian_sdk.core.suite import suite_contract
    from zhangdian_sdk.ops.additions import add_contract

    suite_contract(name)  # an unknown name is refused before any connection
    if grant_now and proposal_path is not None:
        raise InvalidInputError("--grant-now 与 --proposal 只能选一 / pass either --grant-now or --proposal, not both")
    client = writer(**connection)
    with WorkBar(f"添加 adding {name}", console=console) as bar:
        added = add_contract(
            client,
            name,
            grant_now=grant_now,
            proposal_path=proposal_path,
            manifest_path=connection["deployment"],
            log=lambda line: console.print(line, highlight=False, markup=False),
            progress=bar.update,
        )
    if not added.deployed:
        console.print(
            f"{name}: 已在部署中, 未重复部署 / already in the deployment at {added.address}: nothing deployed",
            highlight=False,
        )
    if added.proposed:
        console.print(
            f"须经治理授权 / only governance can make: {'; '.join(w.describe() for w in added.proposed)}",
            highlight=False,
        )
        console.print(
            f"提案已写出 / proposal written to {proposal_path}: `zhangdian gov propose {proposal_path}`",
            highlight=False,
        )
        if added.signer_may_grant:
            console.print(
                "签名账户仍持有管理角色 (尚未移交治理), 可改用 --grant-now 直接授权 / the signer still holds the "
                "admin roles (not handed over to governance yet): run again with --grant-now to grant directly",
                highlight=False,
            )
    elif not added.granted and not added.deployed:
        console.print(f"{name}: 授权齐全 / every grant it needs is made", highlight=False)
    click.echo(added.address)
