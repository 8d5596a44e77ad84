"""A local chain for development and demos: anvil, with its state kept in a file.

The chain's accounts come from a mnemonic generated on first start and kept (mode 0600) in the
data folder, never from code. Stopping the chain keeps its data: the next ``up`` continues from
the state file.

What it guarantees: after a clean stop (:meth:`LocalChain.down`, which lets anvil write its state
and then records a clean-stop marker with the state file's hash), the next start has exactly the
state and the blocks of the moment it stopped. After a crash (SIGKILL, power loss) the state file
is the last periodic dump (every second), and that dump can hold storage written by transactions
whose blocks it does not hold: records without their events or transactions. So ``up`` after an
unclean stop compares what the state says with what the blocks say (account nonces with the
transactions sent, the head block, the deployed contracts' code, the ledger's application count
with its ``ApplicationSubmitted`` events) and refuses to start a chain that disagrees
(:class:`LocalChainInconsistent`) unless told ``accept_inconsistent=True``.

The dev accounts that hold roles can be written to encrypted keystores
(:meth:`LocalChain.write_keystore`, used by the demo for ``.zhangdian/keystores/``), and
:func:`account_roles` reads back from the chain which roles any accounts hold.

Usage: ``chain = LocalChain(); chain.up(); chain.dev_signer(0)``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from eth_account import Account

from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core._bytes32 import bytes32_to_code
from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.deployments import Deployment, deployments_dir
from zhangdian_sdk.core.errors import ConfigurationError, KeystoreError, NodeConnectionError, ZhangdianError
from zhangdian_sdk.core.models import OfficerRole
from zhangdian_sdk.core.settings import Settings, load_settings
from zhangdian_sdk.core.suite import PAUSER_ROLE, SUITE

__all__ = [
    "HOME_ENV",
    "KEYSTORE_SCRYPT_N",
    "HeldRole",
    "LocalChain",
    "LocalChainInconsistent",
    "NoMatchingAccount",
    "account_roles",
    "chain_disagreements",
    "data_home",
    "find_anvil",
    "keystore_files",
    "keystores_dir",
    "state_file_disagreements",
]

HOME_ENV = Settings.env_name("home")
_ACCOUNT_COUNT = 10
_BALANCE_ETH = 100_000
# scrypt cost of the dev accounts' keystores: their password is published (the demo prints it), so a costly
# key derivation protects nothing and would only add ~2 s to every command signed with them.
KEYSTORE_SCRYPT_N = 2**14


class NoMatchingAccount(ZhangdianError, LookupError):
    """No dev account of the local chain holds the role asked for."""


class LocalChainInconsistent(ZhangdianError):
    """After an unclean stop, the local chain's state disagrees with its block history; not started."""

    def __init__(self, state_file: Path, disagreements: list[str]) -> None:
        self.state_file = state_file
        self.disagreements = disagreements
        super().__init__(
            "\n".join(
                [
                    "本地链上次未正常停止, 其状态与区块历史不一致, 未启动 / the local chain was not stopped cleanly "
                    f"last time and its state ({state_file}) disagrees with its block history; it was not started "
                    "(`zhangdian chain up` shows what disagrees and what to do):",
                    *(f"  - {line}" for line in disagreements),
                    WHAT_TO_DO,
                ]
            )
        )


WHAT_TO_DO = (
    "怎么办 / what to do: 重建本地链 (移走数据文件夹后运行 `make demo`) / re-create the local chain (move the "
    "chain folder away, then run `make demo` or `zhangdian demo`); or start it as it is with "
    "`zhangdian chain up --accept-inconsistent` (records without their events stay invisible to `history`, "
    "the index and the portal)"
)


def data_home() -> Path:
    """The folder for local data (chain state, dev accounts): ``$ZHANGDIAN_HOME`` or ``.zhangdian``."""
    return load_settings().home


def keystores_dir() -> Path:
    """Where the demo writes the dev accounts' keystores: ``keystores`` in the data folder."""
    return data_home() / "keystores"


def keystore_files(folder: Path | None = None) -> dict[str, Path]:
    """The keystores in ``folder`` (default :func:`keystores_dir`) by lower-case 0x address, read from
    each file's ``address`` field (nothing is decrypted); unreadable files are left out."""
    found: dict[str, Path] = {}
    for path in sorted((folder or keystores_dir()).glob("*.json")):
        address = _keystore_address(path)
        if address is not None:
            found.setdefault(address, path)
    return found


def _keystore_address(path: Path) -> str | None:
    """The lower-case 0x address a keystore file names, or None if it names none."""
    try:
        return "0x" + str(json.loads(path.read_text())["address"]).lower().removeprefix("0x")
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_anvil() -> Path:
    """The anvil binary: on PATH, or from the npm package ``@foundry-rs/anvil`` in this project."""
    on_path = shutil.which("anvil")
    if on_path:
        return Path(on_path)
    here = Path(__file__).resolve()
    for root in (Path.cwd(), *Path.cwd().parents, *here.parents):
        for candidate in sorted((root / "node_modules" / "@foundry-rs").glob("anvil-*/bin/anvil")):
            if os.access(candidate, os.X_OK):
                return candidate
    raise ConfigurationError("找不到 anvil / anvil not found: run `make setup` (npm install) or put anvil on PATH")


@dataclass
class LocalChain:
    """An anvil node on ``127.0.0.1:port`` with state under ``folder``."""

    port: int = 8545
    folder: Path | None = None
    chain_id: int = 31337
    block_time: float | None = None
    inconsistencies: list[str] = field(default_factory=list, init=False, repr=False)
    """What the last :meth:`up` found wrong after an unclean stop (kept when told to accept it)."""

    def __post_init__(self) -> None:
        self.folder = self.folder or data_home() / "chain"

    @property
    def _dir(self) -> Path:
        assert self.folder is not None
        return self.folder

    @property
    def rpc_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state_file(self) -> Path:
        return self._dir / "state.json"

    @property
    def pid_file(self) -> Path:
        return self._dir / "anvil.pid"

    @property
    def log_file(self) -> Path:
        return self._dir / "anvil.log"

    @property
    def clean_stop_file(self) -> Path:
        """Written by :meth:`down` after anvil wrote its state and exited: the state's sha256."""
        return self._dir / "clean-stop.json"

    def stopped_cleanly(self) -> bool:
        """Whether the state file is the one a clean :meth:`down` left (or there is no state yet)."""
        if not self.state_file.exists():
            return True
        try:
            marker = json.loads(self.clean_stop_file.read_text())
        except (OSError, ValueError):
            return False
        return isinstance(marker, dict) and marker.get("stateSha256") == _sha256(self.state_file)

    def mnemonic(self) -> str:
        """The dev accounts' mnemonic, created on first use."""
        path = self._dir / "dev-accounts.json"
        if path.exists():
            return str(json.loads(path.read_text())["mnemonic"])
        Account.enable_unaudited_hdwallet_features()
        _account, phrase = Account.create_with_mnemonic()
        try:
            write_private(
                path, json.dumps({"mnemonic": phrase, "note": "local development chain only"}), exclusive=True
            )
        except FileExistsError:  # another process created it first: use theirs
            return str(json.loads(path.read_text())["mnemonic"])
        return str(phrase)

    def dev_signer(self, index: int) -> LocalSigner:
        """Dev account ``index`` of the local chain (funded at start)."""
        Account.enable_unaudited_hdwallet_features()
        return LocalSigner(Account.from_mnemonic(self.mnemonic(), account_path=f"m/44'/60'/0'/0/{index}"))

    def write_keystore(self, index: int, path: Path, password: str) -> bool:
        """Write dev account ``index`` to ``path`` as an encrypted keystore; True if written, False if
        ``path`` already holds that account (kept as it is). A file there for another account (left from
        an earlier local chain) is replaced."""
        signer = self.dev_signer(index)
        if path.exists() and _keystore_address(path) == signer.address.lower():
            return False
        if len(password) < 8:
            raise KeystoreError("密码至少 8 个字符 / the keystore password must have at least 8 characters")
        Account.enable_unaudited_hdwallet_features()
        account = Account.from_mnemonic(self.mnemonic(), account_path=f"m/44'/60'/0'/0/{index}")
        encrypted = Account.encrypt(account.key, password, kdf="scrypt", iterations=KEYSTORE_SCRYPT_N)
        path.unlink(missing_ok=True)
        write_private(path, json.dumps(encrypted), exclusive=True)
        return True

    def is_running(self) -> bool:
        try:
            response = requests.post(
                self.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}, timeout=1
            )
            return response.ok
        except requests.RequestException:
            return False

    def up(self, *, timeout: float = 30.0, deployment: Path | None = None, accept_inconsistent: bool = False) -> bool:
        """Start anvil in the background unless it runs already; returns True if it was started.

        After an unclean stop, the state is checked against the block history first (with the
        deployment manifest ``deployment``, default ``deployments/<chain-id>.json``, if it exists):
        on any disagreement the chain is not started and :class:`LocalChainInconsistent` says what
        disagrees, unless ``accept_inconsistent`` (then :attr:`inconsistencies` lists it).

        Raises:
            LocalChainInconsistent: the state disagrees with the blocks and ``accept_inconsistent`` is False.
        """
        self.inconsistencies = []
        if self.is_running():
            return False
        self._dir.mkdir(parents=True, exist_ok=True)
        check = not self.stopped_cleanly()
        if check:
            self.inconsistencies = state_file_disagreements(self.state_file)
        self.clean_stop_file.unlink(missing_ok=True)  # this run is not stopped cleanly until `down` says so
        command = [
            str(find_anvil()),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--chain-id", str(self.chain_id),
            "--mnemonic", self.mnemonic(),
            "--accounts", str(_ACCOUNT_COUNT),
            "--balance", str(_BALANCE_ETH),
            "--state", str(self.state_file),
            "--state-interval", "1",
            "--gas-limit", "60000000",
        ]  # fmt: skip
        if self.block_time:
            command += ["--block-time", str(self.block_time)]
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(  # noqa: S603 - fixed binary, no shell
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        self.pid_file.write_text(str(process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise NodeConnectionError(
                    f"anvil 已退出 / anvil exited with code {process.returncode}; see {self.log_file}"
                )
            if self.is_running():
                break
            time.sleep(0.1)
        else:
            process.kill()
            raise NodeConnectionError(
                f"anvil 没有响应 / anvil did not answer on {self.rpc_url} within {timeout:.0f} s; see {self.log_file}"
            )
        if check:
            self.inconsistencies += chain_disagreements(self.rpc_url, deployment)
        if self.inconsistencies and not accept_inconsistent:
            self._stop(process.pid, clean=False, timeout=timeout)
            raise LocalChainInconsistent(self.state_file, self.inconsistencies)
        return True

    def down(self, *, timeout: float = 15.0) -> bool:
        """Stop the anvil started by :meth:`up` (its state is dumped on exit); True if one was stopped."""
        if not self.pid_file.exists():
            return False
        return self._stop(int(self.pid_file.read_text()), clean=True, timeout=timeout)

    def _stop(self, pid: int, *, clean: bool, timeout: float) -> bool:
        """SIGTERM (anvil writes its state and exits), SIGKILL if it does not; mark a clean stop."""
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:  # it died on its own: not a clean stop
            self.pid_file.unlink(missing_ok=True)
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            clean = False
        if clean and self.state_file.exists():
            marker = {"stateSha256": _sha256(self.state_file), "stoppedAt": int(time.time())}
            write_private(self.clean_stop_file, json.dumps(marker))
        self.pid_file.unlink(missing_ok=True)
        return True


@dataclass(frozen=True)
class HeldRole:
    """A role an account holds: ``admin`` or ``pauser`` of the suite (``contracts``: of which contracts,
    empty for all of them), or an officer role (clerk, approver, issuer, manager) of a department."""

    role: str
    department: str | None = None
    department_name: str | None = None
    contracts: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line in both languages, e.g. ``受理 clerk of ZD-XPSJ 张店区行政审批服务局``."""
        if self.department is not None:
            officer = OfficerRole[self.role.upper()]
            return f"{officer.label_zh} {self.role} of {self.department} {self.department_name or ''}".rstrip()
        zh = {"admin": "管理员", "pauser": "暂停权限"}[self.role]
        scope = f" of {', '.join(self.contracts)}" if self.contracts else ""
        return f"{zh} {self.role}{scope}"


def account_roles(client: ZhangdianClient, addresses: Iterable[str]) -> dict[str, list[HeldRole]]:
    """The roles each of ``addresses`` holds, read from the chain (by checksummed address).

    Suite roles: ``admin`` (DEFAULT_ADMIN_ROLE) and ``pauser`` of each suite contract, shown once for the
    whole suite when held on every contract that has the role. Department roles: candidates from the
    registry's ``OfficerRoleGranted`` events, each confirmed with ``hasOfficerRole`` (so a revoked role is
    not shown), in the departments' registration order."""
    w3 = client.w3
    wanted: list[str] = [w3.to_checksum_address(address) for address in addresses]
    held: dict[str, list[HeldRole]] = {address: [] for address in wanted}
    suite = [entry for entry in SUITE if entry.name in client.deployment.contracts]
    for role_name, contracts in (
        ("DEFAULT_ADMIN_ROLE", suite),
        (PAUSER_ROLE, [entry for entry in suite if entry.pauser_role == PAUSER_ROLE]),
    ):
        objects = [(entry.name, client.contract(entry.name)) for entry in contracts]
        role_ids = {name: getattr(contract.functions, role_name)().call() for name, contract in objects}
        for address in wanted:
            on = tuple(name for name, contract in objects if contract.functions.hasRole(role_ids[name], address).call())
            if on:
                short = "admin" if role_name == "DEFAULT_ADMIN_ROLE" else "pauser"
                held[address].append(HeldRole(short, contracts=() if len(on) == len(objects) else on))
    registry = client.contract("DepartmentRegistry")
    start = client.deployment.contracts["DepartmentRegistry"].block_number
    candidates: set[tuple[bytes, str, int]] = set()
    for log in registry.events.OfficerRoleGranted.get_logs(from_block=start):
        holder: str = w3.to_checksum_address(log["args"]["account"])
        if holder in held:
            candidates.add((bytes(log["args"]["department"]), holder, int(log["args"]["role"])))
    order = {code: index for index, code in enumerate(client.departments.codes())} if candidates else {}
    names: dict[bytes, str] = {}
    for department, account, role in sorted(candidates, key=lambda c: (order.get(c[0], len(order)), c[2])):
        if not registry.functions.hasOfficerRole(department, account, role).call():
            continue
        code = bytes32_to_code(department)
        if department not in names:
            names[department] = client.departments.get(code).name_zh
        officer = OfficerRole(role)
        held[account].append(HeldRole(officer.name.lower(), department=code, department_name=names[department]))
    return held


def state_file_disagreements(state_file: Path) -> list[str]:
    """What anvil's state file says against itself: account nonces against the transactions its
    blocks hold, and the head block against the blocks it holds (bilingual lines, empty if none)."""
    try:
        state = json.loads(state_file.read_text())
    except (OSError, ValueError) as err:
        return [f"状态文件无法读取 / the state file cannot be read: {err}"]
    found: list[str] = []
    try:
        sent: dict[str, int] = {}
        for entry in state.get("transactions") or []:
            sender = str(entry["info"]["from"]).lower()
            sent[sender] = sent.get(sender, 0) + 1
        for address, account in (state.get("accounts") or {}).items():
            if _has_code(account.get("code")):
                continue  # a contract's nonce counts the contracts it created, not transactions
            nonce = _number(account.get("nonce", 0))
            count = sent.get(address.lower(), 0)
            if nonce != count:
                found.append(
                    f"账户 {address} 的 nonce 为 {nonce}, 但区块中只有它的 {count} 笔交易 / account {address} has "
                    f"nonce {nonce} in the state but {count} transactions in the blocks"
                )
        numbers = [_number(block["header"]["number"]) for block in state.get("blocks") or []]
        best = state.get("best_block_number")
        if best is not None and numbers and _number(best) != max(numbers):
            found.append(
                f"状态的最新区块为 {_number(best)}, 但保存的区块只到 {max(numbers)} / the state says the head is "
                f"block {_number(best)} but the blocks kept end at {max(numbers)}"
            )
    except (KeyError, TypeError, ValueError) as err:
        found.append(f"状态文件格式异常 / the state file is malformed: {err!r}")
    return found


def chain_disagreements(rpc_url: str, deployment: Path | None = None) -> list[str]:
    """What the running chain's storage says against its blocks, for the suite in the manifest:
    each contract has code and was deployed in a block the chain has, and the ledger's
    ``applicationCount()`` equals its ``ApplicationSubmitted`` events over the whole chain."""
    w3 = connect_web3(rpc_url)
    path = deployment or deployments_dir() / f"{w3.eth.chain_id}.json"
    if not path.exists():
        return []
    try:
        manifest = Deployment.load(path=path)
    except ConfigurationError:
        return []
    if manifest.chain_id != w3.eth.chain_id:
        return []
    head = w3.eth.block_number
    with_code = {name for name, entry in manifest.contracts.items() if w3.eth.get_code(entry.address)}
    if not with_code:
        return []  # a manifest left from another local chain, not this one's
    found = [
        f"合约 {name} ({entry.address}) 在链上没有代码 / contract {name} of {path} has no code on chain"
        for name, entry in manifest.contracts.items()
        if name not in with_code
    ]
    found += [
        f"合约 {name} 部署于区块 {entry.block_number}, 但链只到区块 {head} / {name} was deployed in block "
        f"{entry.block_number} but the chain's head is block {head}"
        for name, entry in manifest.contracts.items()
        if entry.block_number > head
    ]
    if "ApplicationLedger" in with_code:
        client = ZhangdianClient(w3, manifest)
        ledger = client.contract("ApplicationLedger")
        stored = client.ledger.count()
        events = len(ledger.events.ApplicationSubmitted.get_logs(from_block=0, to_block=head))
        if stored != events:
            found.append(
                f"账本存有 {stored} 个办件, 但区块中只有 {events} 个提交事件: {stored - events} 个办件没有事件和交易, "
                f"查询历史、索引和门户都看不到 / the ledger stores {stored} applications but the blocks hold "
                f"{events} ApplicationSubmitted events: {stored - events} records have no event or transaction, "
                "so `history`, the index and the portal never show them"
            )
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _number(value: object) -> int:
    if isinstance(value, str):
        return int(value, 16) if value.startswith("0x") else int(value)
    if isinstance(value, int):
        return value
    raise ValueError(f"不是数字 / not a number: {value!r}")


def _has_code(code: object) -> bool:
    return isinstance(code, str) and code not in ("", "0x")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child of this process counts as gone
        waited, _status = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True
