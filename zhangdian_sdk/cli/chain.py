"""`zhangdian chain`, `deploy`, `compiler`, `account` and `demo`: setting things up."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click
from eth_account import Account

from zhangdian_sdk.cli._context import (
    EXIT_CONFLICT,
    chain_options,
    console,
    error_console,
    handle_errors,
    print_json,
    signer_options,
)
from zhangdian_sdk.cli._progress import WorkBar
from zhangdian_sdk.client import connect_web3
from zhangdian_sdk.core.accounts import LocalSigner, create_keystore, load_signer
from zhangdian_sdk.core.extras import require_extra
from zhangdian_sdk.core.settings import Settings, load_settings, secret
from zhangdian_sdk.ops.deploy import current_deployment, deploy_suite
from zhangdian_sdk.ops.localchain import HOME_ENV, LocalChain, LocalChainInconsistent, data_home

if TYPE_CHECKING:
    from zhangdian_sdk.services.indexer import Indexer, SyncProgress

P = ParamSpec("P")
R = TypeVar("R")


def _chain(port: int, home: Path | None) -> LocalChain:
    if home is not None:
        os.environ[HOME_ENV] = str(home)
    return LocalChain(port=port, folder=(home / "chain") if home else None)


def _chain_options(function: Callable[P, R]) -> Callable[P, R]:
    function = click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"Local data folder (default: ${HOME_ENV} or .zhangdian).",
    )(function)
    return click.option("--port", type=int, default=8545, show_default=True, help="Port of the local chain.")(function)


@click.group()
def chain() -> None:
    """The local development chain (anvil, state kept in a file). 本地链."""


@chain.command()
@_chain_options
@click.option(
    "--deployment",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Manifest of the suite on this chain, checked after an unclean stop (default: deployments/<chain-id>.json).",
)
@click.option(
    "--accept-inconsistent",
    is_flag=True,
    help="Start even if, after an unclean stop, the state disagrees with the block history.",
)
@handle_errors
def up(port: int, home: Path | None, deployment: Path | None, accept_inconsistent: bool) -> None:
    """Start the local chain in the background; its data survives a clean stop (`chain down`).

    After an unclean stop (crash, SIGKILL) the state is checked against the block history first.
    """
    local = _chain(port, home)
    try:
        started = local.up(deployment=deployment, accept_inconsistent=accept_inconsistent)
    except LocalChainInconsistent as inconsistent:
        error_console.print(f"[red]错误 Error:[/red] {inconsistent}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_CONFLICT)
    if local.inconsistencies:
        error_console.print(
            "[yellow]警告 Warning:[/yellow] 状态与区块历史不一致, 按要求仍然启动 / the state disagrees with the "
            "block history; started anyway as asked (--accept-inconsistent):\n"
            + "\n".join(f"  - {line}" for line in local.inconsistencies),
            highlight=False,
            soft_wrap=True,
        )
    state = "started" if started else "already running"
    console.print(f"local chain {state} at {local.rpc_url} (state file {local.state_file})", highlight=False)


@chain.command()
@_chain_options
@handle_errors
def down(port: int, home: Path | None) -> None:
    """Stop the local chain; its state is written to the state file and the stop recorded as clean."""
    local = _chain(port, home)
    stopped = local.down()
    console.print("local chain stopped" if stopped else "no local chain was running from this folder")


@chain.command()
@_chain_options
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@handle_errors
def status(port: int, home: Path | None, as_json: bool) -> None:
    """Whether the local chain runs, and at which block."""
    local = _chain(port, home)
    running = local.is_running()
    block = connect_web3(local.rpc_url).eth.block_number if running else None
    info = {"running": running, "rpcUrl": local.rpc_url, "block": block, "stateFile": str(local.state_file)}
    if as_json:
        print_json(info)
    else:
        console.print(f"{'running' if running else 'stopped'}: {local.rpc_url}, block {block}", highlight=False)


@chain.command()
@_chain_options
@click.option("--count", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@handle_errors
def accounts(port: int, home: Path | None, count: int, as_json: bool) -> None:
    """The local chain's funded dev accounts (addresses only; keys stay in the data folder)."""
    local = _chain(port, home)
    addresses = [local.dev_signer(i).address for i in range(count)]
    if as_json:
        print_json(addresses)
    else:
        for index, address in enumerate(addresses):
            click.echo(f"{index}: {address}")


@click.command()
@chain_options
@signer_options
@click.option("--network-name", default="local", show_default=True, help="Name recorded in the manifest.")
@click.option("--force", is_flag=True, help="Deploy again even if the live suite matches this build.")
@handle_errors
def deploy(
    rpc_url: str | None,
    deployment: Path | None,
    keystore: Path | None,
    ape_account: str | None,
    network_name: str,
    force: bool,
) -> None:
    """Deploy the contract suite and write deployments/<chain-id>.json. 部署合约."""
    w3 = connect_web3(rpc_url)
    existing = None if force else current_deployment(w3, path=deployment)
    if existing is not None:
        console.print(
            f"the suite on chain {existing.chain_id} matches this build; nothing deployed (--force to redeploy)"
        )
        for name, entry in existing.contracts.items():
            click.echo(f"{name}: {entry.address}")
        return
    signer = load_signer(keystore=keystore, ape_alias=ape_account)
    result = deploy_suite(w3, signer, network=network_name, manifest_path=deployment, log=click.echo)
    console.print(f"deployed to chain {result.chain_id}", highlight=False)


@click.group()
def compiler() -> None:
    """The Solidity compiler (solc 0.8.28)."""


@compiler.command("install")
@click.option("--offline", is_flag=True, help="Do not try the native download; use the npm WebAssembly build.")
@handle_errors
def compiler_install(offline: bool) -> None:
    """Install solc where py-solc-x and ape-solidity find it (native, or the npm build offline)."""
    require_extra("compiler")
    from zhangdian_sdk.ops.compiler import install_compiler

    installed = install_compiler(prefer_native=not offline, log=click.echo)
    console.print(f"solc {installed.version} ({installed.kind}) at {installed.executable}", highlight=False)


@click.group()
def account() -> None:
    """Signing accounts kept in encrypted keystores."""


@account.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def account_new(path: Path) -> None:
    """Create a key in an encrypted keystore file and print its address."""
    password = secret(load_settings().keystore_password) or click.prompt(
        "Keystore password", hide_input=True, confirmation_prompt=True
    )
    address = create_keystore(path, password)
    console.print(f"new account {address} in {path}", highlight=False)


@click.command()
@click.option("--port", type=int, default=8545, show_default=True)
@handle_errors
def demo(port: int) -> None:
    """Start the local chain, deploy, load the demo catalogue and applications."""
    from zhangdian_sdk.ops.demo import print_demo

    print_demo(port=port)


@click.group()
def index() -> None:
    """The event indexer (SQLite by default, PostgreSQL by URL)."""


def _index_options(function: Callable[P, R]) -> Callable[P, R]:
    function = click.option(
        "--database",
        default=None,
        help=f"SQLAlchemy URL (default: ${Settings.env_name('index_url')}, else sqlite:///<data folder>/index.db; "
        "postgresql+psycopg://... for scale).",
    )(function)
    return click.option("--confirmations", type=int, default=0, show_default=True)(function)


def _indexer(rpc_url: str | None, deployment: Path | None, database: str | None, confirmations: int) -> Indexer:
    require_extra("index")
    from zhangdian_sdk.client import ZhangdianClient
    from zhangdian_sdk.services.indexer import Indexer

    client = ZhangdianClient.connect(rpc_url, deployment=deployment)
    home = data_home()
    home.mkdir(parents=True, exist_ok=True)
    return Indexer(
        client.w3,
        client.deployment,
        database or load_settings().index_url or f"sqlite:///{home / 'index.db'}",
        confirmations=confirmations,
    )


@index.command("sync")
@chain_options
@_index_options
@handle_errors
def index_sync(rpc_url: str | None, deployment: Path | None, database: str | None, confirmations: int) -> None:
    """Index every event up to the chain head once, with progress."""
    indexer = _indexer(rpc_url, deployment, database, confirmations)
    first: list[int] = []  # the first block this sync indexes: the bar counts blocks from it

    with WorkBar("indexing", console=console) as bar:

        def show(p: SyncProgress) -> None:
            if not first:
                first.append(p.from_block)
            done, total = p.to_block - first[0] + 1, p.target_block - first[0] + 1
            bar.update(done, total, description=f"{p.events} events")

        report = indexer.sync(progress=show)
    console.print(
        f"indexed blocks {report.start_block}-{report.end_block}: {report.events} events, "
        f"{report.reorgs} reorgs ({report.rolled_back_events} events rolled back)",
        highlight=False,
    )


@index.command("follow")
@click.option("--interval", type=float, default=2.0, show_default=True, help="Seconds between polls.")
@chain_options
@_index_options
@handle_errors
def index_follow(
    interval: float, rpc_url: str | None, deployment: Path | None, database: str | None, confirmations: int
) -> None:
    """Keep the index in step with the chain until interrupted."""
    indexer = _indexer(rpc_url, deployment, database, confirmations)

    def show(p: SyncProgress) -> None:
        if p.events:
            console.print(f"block {p.to_block}: {p.events} events", highlight=False)

    try:
        indexer.follow(interval=interval, progress=show)
    except KeyboardInterrupt:
        console.print("stopped")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--explorer-tx-url", default=None, help="Explorer link template, e.g. https://.../tx/{tx}.")
@click.option(
    "--explorer-address-url", default=None, help="Explorer address template, e.g. https://.../address/{address}."
)
@click.option(
    "--follow-interval",
    type=click.FloatRange(min=0.1),
    default=1.0,
    show_default=True,
    help="Seconds between the follower's polls of the node.",
)
@click.option(
    "--stale-after",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    help="Seconds without an answer from the node after which the portal answers 503 (service unavailable).",
)
@chain_options
@_index_options
@handle_errors
def portal(
    host: str,
    port: int,
    explorer_tx_url: str | None,
    explorer_address_url: str | None,
    follow_interval: float,
    stale_after: float,
    rpc_url: str | None,
    deployment: Path | None,
    database: str | None,
    confirmations: int,
) -> None:
    """Serve the citizen portal (Chinese by default, English one click away).

    The portal keeps its index current itself: a follower in the same process polls the node every
    --follow-interval seconds and indexes new blocks (less --confirmations), so requests read the index
    only; no separate `zhangdian index follow` is needed (do not run one on the same database)."""
    require_extra("portal")
    import uvicorn

    from zhangdian_sdk.client import ZhangdianClient
    from zhangdian_sdk.services.portal import PortalConfig, create_app
    from zhangdian_sdk.services.portal.limits import SERVER_OPTIONS

    client = ZhangdianClient.connect(rpc_url, deployment=deployment)
    home = data_home()
    home.mkdir(parents=True, exist_ok=True)
    url = database or load_settings().index_url or f"sqlite:///{home / 'index.db'}"
    relayer = _rating_relayer(client.w3.eth.chain_id)
    if relayer is None:
        console.print(
            f"未配置评价中继账户, 门户不接受评价 / no rating relayer ({Settings.env_name('rating_relayer_key')}): "
            "the portal shows ratings but takes none",
            highlight=False,
        )
    config = PortalConfig(
        explorer_tx_url=explorer_tx_url,
        explorer_address_url=explorer_address_url,
        relayer=relayer,
        follow_interval=follow_interval,
        stale_after=stale_after,
        confirmations=confirmations,
    )
    app = create_app(client, url, config)
    console.print(
        f"索引跟随已启动, 每 {follow_interval:g} 秒检查新区块 / the index follower runs in this process, "
        f"polling the node every {follow_interval:g} s",
        highlight=False,
    )
    console.print(f"portal at http://{host}:{port}/ (API docs at /api/docs)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", **SERVER_OPTIONS)


def _rating_relayer(chain_id: int) -> LocalSigner | None:
    """The account the portal relays ratings with: ``ZHANGDIAN_RATING_RELAYER_KEY``, else on the local
    development chain its dev account 9 (the demo's officers use 0-8), else none."""
    key = secret(load_settings().rating_relayer_key)
    if key:
        return LocalSigner(Account.from_key(key))
    local = LocalChain()
    if chain_id == local.chain_id and (local.folder or data_home() / "chain").joinpath("dev-accounts.json").exists():
        return local.dev_signer(9)
    return None


@click.command("verify-source")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("verification"),
    show_default=True,
    help="Where to write the Standard JSON inputs.",
)
@click.option(
    "--explorer-api",
    default=None,
    help=f"Etherscan-compatible API URL (default: ${Settings.env_name('explorer_api')}); with a key, the sources "
    "are submitted.",
)
@click.option(
    "--api-key-env",
    default="ETHERSCAN_API_KEY",
    show_default=True,
    help="Environment variable that holds the explorer API key.",
)
@chain_options
@handle_errors
def verify_source(
    out_dir: Path, explorer_api: str | None, api_key_env: str, rpc_url: str | None, deployment: Path | None
) -> None:
    """Write (and, with an explorer API, submit) what explorers need to verify each contract."""
    require_extra("compiler")
    from zhangdian_sdk.client import ZhangdianClient
    from zhangdian_sdk.services.explorer import submit_to_explorer, write_bundle

    client = ZhangdianClient.connect(rpc_url, deployment=deployment)
    explorer_api = explorer_api or load_settings().explorer_api
    for entry in write_bundle(client, out_dir):
        state = "matches the chain" if entry.matches_chain else "[red]does NOT match the chain[/red]"
        console.print(f"{entry.name} {entry.address}: {state}", highlight=False)
        api_key = os.environ.get(api_key_env)
        if explorer_api and api_key:
            guid = submit_to_explorer(entry, api_url=explorer_api, api_key=api_key, chain_id=client.deployment.chain_id)
            console.print(f"  submitted, guid {guid}", highlight=False)
    console.print(f"Standard JSON inputs in {out_dir}", highlight=False)
