"""A local chain for development and demos: anvil, with its state kept in a file.

The chain's accounts come from a mnemonic generated on first start and kept (mode 0600) in the
data folder, never from code. Stopping the chain (or SIGKILL, thanks to the periodic dump)
keeps its data: the next ``up`` continues from the state file.

Usage: ``chain = LocalChain(); chain.up(); chain.dev_signer(0)``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from eth_account import Account

from zhangdian_sdk._files import write_private
from zhangdian_sdk.accounts import LocalSigner
from zhangdian_sdk.errors import ConfigurationError, NodeConnectionError

__all__ = ["HOME_ENV", "LocalChain", "data_home", "find_anvil"]

HOME_ENV = "ZHANGDIAN_HOME"
_ACCOUNT_COUNT = 10
_BALANCE_ETH = 100_000


def data_home() -> Path:
    """The folder for local data (chain state, dev accounts): ``$ZHANGDIAN_HOME`` or ``.zhangdian``."""
    return Path(os.environ.get(HOME_ENV, ".zhangdian"))


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
    raise ConfigurationError("anvil not found: run `make setup` (npm install) or put anvil on PATH")


@dataclass
class LocalChain:
    """An anvil node on ``127.0.0.1:port`` with state under ``folder``."""

    port: int = 8545
    folder: Path | None = None
    chain_id: int = 31337
    block_time: float | None = None

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

    def is_running(self) -> bool:
        try:
            response = requests.post(
                self.rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}, timeout=1
            )
            return response.ok
        except requests.RequestException:
            return False

    def up(self, *, timeout: float = 30.0) -> bool:
        """Start anvil in the background unless it runs already; returns True if it was started."""
        if self.is_running():
            return False
        self._dir.mkdir(parents=True, exist_ok=True)
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
                raise NodeConnectionError(f"anvil exited with code {process.returncode}; see {self.log_file}")
            if self.is_running():
                return True
            time.sleep(0.1)
        process.kill()
        raise NodeConnectionError(f"anvil did not answer on {self.rpc_url} within {timeout:.0f} s; see {self.log_file}")

    def down(self, *, timeout: float = 15.0) -> bool:
        """Stop the anvil started by :meth:`up` (its state is dumped on exit); True if one was stopped."""
        if not self.pid_file.exists():
            return False
        pid = int(self.pid_file.read_text())
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            self.pid_file.unlink(missing_ok=True)
            return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True


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
