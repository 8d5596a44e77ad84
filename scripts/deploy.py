"""`ape run deploy`: deploy the suite to the selected network and write its manifest.

Examples:
    ape run deploy --network ethereum:local:foundry
    ape run deploy --network ethereum:sepolia:node --account council-1
"""

from __future__ import annotations

import click
from ape.cli import ConnectedProviderCommand, account_option, skip_confirmation_option

from zhangdian_sdk.core.accounts import ApeSigner
from zhangdian_sdk.core.errors import ZhangdianError
from zhangdian_sdk.ops.deploy import current_deployment, deploy_suite


@click.command(cls=ConnectedProviderCommand)
@account_option()
@skip_confirmation_option("Deploy without asking")
@click.option("--force", is_flag=True, help="Deploy again even if the live suite matches this build.")
def cli(ecosystem, network, provider, account, skip_confirmation, force):  # type: ignore[no-untyped-def]
    """Deploy the six contracts of the suite, each behind an ERC-1967 proxy, and write the manifest."""
    w3 = provider.web3
    existing = current_deployment(w3)
    if existing is not None and not force:
        click.echo(f"The suite is already deployed on chain {existing.chain_id} and matches this build:")
        for name, entry in existing.contracts.items():
            click.echo(f"  {name}: {entry.address}")
        return
    if not skip_confirmation and not network.is_local:
        click.confirm(f"Deploy the suite to {network.choice} from {account.address}?", abort=True)
    try:
        deployment = deploy_suite(w3, ApeSigner(account), network=network.choice, log=click.echo)
    except ZhangdianError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Deployed to chain {deployment.chain_id} ({network.choice}).")
