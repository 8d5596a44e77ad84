"""`zhangdian chain`, `deploy`, `compiler`, `account` and `demo`: setting things up."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar
from urllib.parse import urlsplit

import click
from eth_account import Account
from eth_utils.address import to_checksum_address
from web3.types import RPCEndpoint

from zhangdian_sdk.cli._context import (
    EXIT_CONFLICT,
    chain_options,
    check_address,
    console,
    error_console,
    handle_errors,
    print_json,
    signer_options,
)
from zhangdian_sdk.cli._progress import WorkBar
from zhangdian_sdk.client import RPC_URL_ENV, ZhangdianClient, connect_web3
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.accounts import LocalSigner, create_keystore, load_signer
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.errors import ConfigurationError, InvalidInputError
from zhangdian_sdk.core.extras import require_extra
from zhangdian_sdk.core.settings import Settings, load_settings, secret
from zhangdian_sdk.ops.deploy import current_deployment, deploy_suite
from zhangdian_sdk.ops.localchain import (
    HOME_ENV,
    HeldRole,
    LocalChain,
    LocalChainInconsistent,
    NoMatchingAccount,
    account_roles,
    data_home,
    keystore_files,
)

if TYPE_CHECKING:
    from web3 import Web3

    from zhangdian_sdk.client import ZhangdianClient
    from zhangdian_sdk.services.indexer import Indexer, SyncProgress

P = ParamSpec("P")
R = TypeVar("R")


DEFAULT_PORT = 8545


def _chain(port: int | None, home: Path | None) -> LocalChain:
    if home is not None:
        os.environ[HOME_ENV] = str(home)
    return LocalChain(port=port or _local_port(), folder=(home / "chain") if home else None)


def _local_port() -> int:
    """The local chain's port when --port is not given: that of ZHANGDIAN_RPC_URL when it names this
    machine (so that one variable points every command at one chain), else 8545."""
    url = urlsplit((load_settings().rpc_url or "").split(",")[0].strip())
    if url.hostname in ("127.0.0.1", "localhost", "::1") and url.port:
        return url.port
    return DEFAULT_PORT


def _chain_options(function: Callable[P, R]) -> Callable[P, R]:
    function = click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"Local data folder (default: ${HOME_ENV} or .zhangdian).",
    )(function)
    return click.option(
        "--port",
        type=int,
        default=None,
        help=f"Port of the local chain (default: that of ${RPC_URL_ENV} on this machine, else {DEFAULT_PORT}).",
    )(function)


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
def up(port: int | None, home: Path | None, deployment: Path | None, accept_inconsistent: bool) -> None:
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
    console.print(f"本地链 / local chain {state} at {local.rpc_url} (state file {local.state_file})", highlight=False)


@chain.command()
@_chain_options
@handle_errors
def down(port: int | None, home: Path | None) -> None:
    """Stop the local chain; its state is written to the state file and the stop recorded as clean."""
    local = _chain(port, home)
    stopped = local.down()
    console.print("local chain stopped" if stopped else "no local chain was running from this folder")


@chain.command()
@_chain_options
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@handle_errors
def status(port: int | None, home: Path | None, as_json: bool) -> None:
    """Whether the local chain runs, and at which block."""
    local = _chain(port, home)
    running = local.is_running()
    block = connect_web3(local.rpc_url).eth.block_number if running else None
    info = {"running": running, "rpcUrl": local.rpc_url, "block": block, "stateFile": str(local.state_file)}
    if as_json:
        print_json(info)
    else:
        console.print(
            f"{'运行中 running' if running else '已停止 stopped'}: {local.rpc_url}, 区块 block {block}", highlight=False
        )


_ROLE_CHOICES = ("admin", "pauser", "clerk", "approver", "issuer", "manager")


def _both(key: str, **arguments: object) -> str:
    """A catalogue message as one line, Chinese then English."""
    return f"{messages.text('sdk.' + key, 'zh', **arguments)} / {messages.text('sdk.' + key, 'en', **arguments)}"


def _local_suite(w3: Web3, deployment: Path | None) -> ZhangdianClient | None:
    """A reader of the suite on the local chain, or None when none is deployed there."""
    try:
        manifest = Deployment.load(chain_id=w3.eth.chain_id, path=deployment)
        registry = manifest.address_of("DepartmentRegistry")
    except ConfigurationError:
        return None
    if len(w3.eth.get_code(registry)) == 0:  # a manifest left from an earlier local chain
        return None
    return ZhangdianClient(w3, manifest)


@chain.command()
@_chain_options
@click.option("--count", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many dev accounts.")
@click.option(
    "--deployment",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Manifest of the suite whose roles are read (default: deployments/<chain-id>.json).",
)
@click.option("--role", type=click.Choice(_ROLE_CHOICES, case_sensitive=False), default=None, help="Only this role.")
@click.option("--department", default=None, help="Only roles of this department (code, e.g. ZD-XPSJ).")
@click.option(
    "--address",
    "address_only",
    is_flag=True,
    help="Print only the first matching address (with --role), e.g. CLERK=$(zhangdian chain accounts "
    "--role clerk --department ZD-XPSJ --address).",
)
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@handle_errors
def accounts(
    port: int | None,
    home: Path | None,
    count: int,
    deployment: Path | None,
    role: str | None,
    department: str | None,
    address_only: bool,
    as_json: bool,
) -> None:
    """The local chain's dev accounts: the roles each holds (read from the chain) and its keystore.

    The demo (`make demo`) writes keystores of the accounts with roles to .zhangdian/keystores/
    (admin.json, clerk.json, approver-<DEPARTMENT>.json), password `zhangdian-demo`.
    """
    if address_only and role is None:
        raise InvalidInputError(_both("address_needs_role"))
    local = _chain(port, home)
    signers = [local.dev_signer(i) for i in range(count)]
    keystores = keystore_files()
    held: dict[str, list[HeldRole]] | None = None
    note = ""
    if local.is_running():
        w3 = connect_web3(local.rpc_url)
        suite = _local_suite(w3, deployment)
        if suite is not None:
            held = account_roles(suite, [signer.address for signer in signers])
        else:
            note = _both("no_suite_on_chain")
    else:
        note = _both("local_chain_not_running", rpc_url=local.rpc_url)
    if held is None and (role is not None or department is not None):
        raise ConfigurationError(note)

    def wanted(found: HeldRole) -> bool:
        return (role is None or found.role == role.lower()) and (
            department is None or (found.department or "").upper() == department.upper()
        )

    rows = []
    for index, signer in enumerate(signers):
        roles = None if held is None else held[signer.address]
        if (role is not None or department is not None) and not any(wanted(r) for r in roles or []):
            continue
        keystore = keystores.get(signer.address.lower())
        rows.append((index, signer.address, roles, keystore))
    if address_only or (not rows and (role is not None or department is not None)):
        if not rows:
            what = " ".join(filter(None, [role, f"of {department}" if department else None])) or "?"
            raise NoMatchingAccount(_both("no_matching_account", wanted=what))
        click.echo(rows[0][1])
        return
    if as_json:
        print_json(
            [
                {
                    "index": index,
                    "address": address,
                    "roles": None if roles is None else [_role_json(r) for r in roles],
                    "keystore": str(keystore) if keystore else None,
                }
                for index, address, roles, keystore in rows
            ]
        )
        return
    if note:
        error_console.print(f"[yellow]注意 Note:[/yellow] {note}", highlight=False, soft_wrap=True)
    for index, address, roles, keystore in rows:
        described = "; ".join(r.describe() for r in roles or []) or ("" if roles is None else _both("no_role"))
        click.echo(f"{index}: {address}  {described}".rstrip())
        if keystore is not None:
            click.echo(f"   密钥库 keystore {keystore}")


def _role_json(found: HeldRole) -> dict[str, object]:
    entry: dict[str, object] = {"role": found.role, "description": found.describe()}
    if found.department is not None:
        entry |= {"department": found.department, "departmentName": found.department_name}
    if found.contracts:
        entry["contracts"] = list(found.contracts)
    return entry


@chain.command()
@click.argument("address")
@click.option("--eth", default="10", show_default=True, help="How much ETH to add.")
@_chain_options
@click.option(
    "--rpc-url", default=None, help="Node to fund on (default: $ZHANGDIAN_RPC_URL, else the local chain at --port)."
)
@handle_errors
def fund(address: str, eth: str, port: int | None, home: Path | None, rpc_url: str | None) -> None:
    """Add ETH to ADDRESS on the local development chain (anvil) only, e.g. a new keystore's account.

    Refused (exit code 6) on any other chain: a consortium chain with zero gas price needs no funding.
    """
    account = to_checksum_address(check_address(address, "ADDRESS"))
    try:
        amount = Decimal(eth)
    except ArithmeticError:
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0:
        raise InvalidInputError(_both("fund_amount", value=eth))
    local = _chain(port, home)
    w3 = connect_web3(rpc_url or load_settings().rpc_url or local.rpc_url)
    chain_id = w3.eth.chain_id
    client_version = str(w3.client_version)
    if chain_id != local.chain_id or not client_version.lower().startswith("anvil"):
        raise ConfigurationError(
            _both("fund_not_local", local_chain_id=local.chain_id, chain_id=chain_id, client=client_version)
        )
    balance = w3.eth.get_balance(account) + int(amount * 10**18)
    w3.provider.make_request(RPCEndpoint("anvil_setBalance"), [account, hex(balance)])
    now = Decimal(w3.eth.get_balance(account)) / 10**18
    click.echo(_both("funded", address=account, eth=f"{amount:f}", balance=f"{now:f}"))


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
            f"链 {existing.chain_id} 上的套件与本次构建一致，未部署 / "
            f"the suite on chain {existing.chain_id} matches this "
            "build; nothing deployed (--force to redeploy)"
        )
        for name, entry in existing.contracts.items():
            click.echo(f"{name}: {entry.address}")
        return
    signer = load_signer(keystore=keystore, ape_alias=ape_account)
    result = deploy_suite(w3, signer, network=network_name, manifest_path=deployment, log=click.echo)
    console.print(f"已部署 / deployed to chain {result.chain_id}", highlight=False)


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
    console.print(f"编译器 solc {installed.version} ({installed.kind}) at {installed.executable}", highlight=False)


@click.group()
def account() -> None:
    """Signing accounts kept in encrypted keystores."""


@account.command("new")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def account_new(path: Path) -> None:
    """Create a key in an encrypted keystore file and print its address."""
    password = secret(load_settings().keystore_password) or click.prompt(
        "密钥库密码 / Keystore password", hide_input=True, confirmation_prompt=True
    )
    address = create_keystore(path, password)
    console.print(f"新账户 / new account {address} in {path}", highlight=False)


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
@click.option(
    "--commit-events",
    type=click.IntRange(min=1),
    default=None,
    help="Events per database transaction at most (default 5,000): what an interrupted sync redoes.",
)
@chain_options
@_index_options
@handle_errors
def index_sync(
    commit_events: int | None, rpc_url: str | None, deployment: Path | None, database: str | None, confirmations: int
) -> None:
    """Index every event up to the chain head once, with progress."""
    indexer = _indexer(rpc_url, deployment, database, confirmations)
    if commit_events is not None:
        indexer.commit_events = commit_events
    first: list[int] = []  # the first block this sync indexes: the bar counts blocks from it

    with WorkBar("indexing", console=console) as bar:

        def show(p: SyncProgress) -> None:
            if not first:
                first.append(p.from_block)
            done, total = p.to_block - first[0] + 1, p.target_block - first[0] + 1
            bar.update(done, total, description=f"{p.events} events")

        report = indexer.sync(progress=show)
    console.print(
        f"已索引 / indexed blocks {report.start_block}-{report.end_block}: {report.events} events, "
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
            console.print(f"区块 block {p.to_block}: {p.events} events", highlight=False)

    try:
        indexer.follow(interval=interval, progress=show)
    except KeyboardInterrupt:
        console.print("已停止 / stopped")


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
    console.print(f"门户 / portal at http://{host}:{port}/ (API docs at /api/docs)", highlight=False)
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
    _require_code(client)
    explorer_api = explorer_api or load_settings().explorer_api
    for entry in write_bundle(client, out_dir):
        state = "matches the chain" if entry.matches_chain else "[red]does NOT match the chain[/red]"
        console.print(f"{entry.name} {entry.address}: {state}", highlight=False)
        api_key = os.environ.get(api_key_env)
        if explorer_api and api_key:
            guid = submit_to_explorer(entry, api_url=explorer_api, api_key=api_key, chain_id=client.deployment.chain_id)
            console.print(f"  已提交 / submitted, guid {guid}", highlight=False)
    console.print(f"验证输入文件在 / Standard JSON inputs in {out_dir}", highlight=False)


def _require_code(client: ZhangdianClient) -> None:
    """Refuse, before anything is compiled or written, a manifest whose contracts are not on this chain
    (another chain with the same id, or a local chain started afresh)."""

    suite = client.deployment.contracts.items()
    addresses = [(name, address) for name, c in suite for address in (c.address, c.implementation) if address]
    addresses += [(rule.kind, rule.address) for rule in client.deployment.rules]
    for name, address in addresses:
        if not bytes(client.w3.eth.get_code(to_checksum_address(address))):
            raise ConfigurationError(
                f"部署清单中的 {name}（{address}）在此链上没有合约：--deployment 或 --rpc-url 不对，或链已重置 / "
                f"{name} at {address} from the manifest has no code on this chain: wrong --deployment or "
                "--rpc-url, or the chain was started afresh"
            )
