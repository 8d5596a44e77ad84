"""The CLI as an officer would run it, on the session's chain."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import Officers
from zhangdian_sdk.cli import cli

Run = Callable[..., Result]


@pytest.fixture
def run(anvil_chain, manifest_path: Path, officers: Officers) -> Run:
    """``run("clerk", "application", ...)``: the CLI as that officer (None: no key), with the session's
    deployment (test_cli.py has its own, which adds the deployment only to commands that take one)."""

    def invoke(who: str | None, *args: str) -> Result:
        env = {"ZHANGDIAN_RPC_URL": anvil_chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": ""}
        if who is not None:
            env["ZHANGDIAN_PRIVATE_KEY"] = "0x" + getattr(officers, who)._account.key.hex()
        return CliRunner().invoke(cli, [*args, "--deployment", str(manifest_path)], env=env, catch_exceptions=False)

    return invoke
