"""`zhangdian upgrade`: check storage layouts, deploy a new implementation for governance, record it."""

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
from zhangdian_sdk.core.errors import InvalidInputError, StorageLayoutError
from zhangdian_sdk.core.suite import UPGRADEABLE_CONTRACTS
from zhangdian_sdk.ops.layout import compare_layouts

__all__ = ["upgrade"]

CONTRACT = click.argument("name", type=click.Choice(UPGRADEABLE_CONTRACTS))


@click.group()
def upgrade() -> None:
    """Upgrades: storage-layout checks, new implementations, the governance proposal, the manifest."""


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
