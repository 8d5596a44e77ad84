"""`ape run demo`: deploy the suite if needed and load the demo catalogue and applications.

The officers are ape's test accounts, so it runs on local networks only. Example:
    ape run demo --network ethereum:local:foundry
"""

from __future__ import annotations

import click
from ape import accounts
from ape.cli import ConnectedProviderCommand

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.accounts import ApeSigner
from zhangdian_sdk.core.errors import ZhangdianError
from zhangdian_sdk.ops.demo import DEMO_DEPARTMENTS, DemoOfficers, demo_documents, load_catalogue, run_applications
from zhangdian_sdk.ops.deploy import current_deployment, deploy_suite
from zhangdian_sdk.ops.localchain import data_home


@click.command(cls=ConnectedProviderCommand)
@click.option("--with-applications/--catalogue-only", default=True, help="Also run the demo applications.")
def cli(network, provider, with_applications):  # type: ignore[no-untyped-def]
    """Load the demo catalogue, officers and applications (local networks only)."""
    if not network.is_local:
        raise click.UsageError("the demo uses test accounts: run it on a local network")
    w3 = provider.web3
    signers = [ApeSigner(account) for account in accounts.test_accounts]
    deployment = current_deployment(w3) or deploy_suite(w3, signers[0], network=network.choice, log=click.echo)
    officers = DemoOfficers(
        admin=signers[0],
        clerk=signers[1],
        approvers={department.code: signers[2 + i] for i, department in enumerate(DEMO_DEPARTMENTS)},
    )

    def clients(signer):  # type: ignore[no-untyped-def]
        return ZhangdianClient(w3, deployment, signer=signer)

    try:
        load_catalogue(clients(officers.admin), officers, click.echo)
        if with_applications:
            documents = demo_documents(clients(officers.admin), data_home() / "ape-demo")
            run_applications(clients, officers, documents, click.echo)
    except ZhangdianError as err:
        raise click.ClickException(str(err)) from err
