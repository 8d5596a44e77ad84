"""The local chain keeps its data across a restart and a crash."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tests.conftest import SOLE_PROPRIETOR, free_port
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.deploy import deploy_suite
from zhangdian_sdk.localchain import LocalChain
from zhangdian_sdk.models import OfficerRole


def _deploy_with_one_department(chain: LocalChain, manifest: Path) -> ZhangdianClient:
    w3 = connect_web3(chain.rpc_url)
    deployment = deploy_suite(w3, chain.dev_signer(0), manifest_path=manifest)
    admin = ZhangdianClient(w3, deployment, signer=chain.dev_signer(0))
    admin.departments.register("ZD-XPSJ", 370303, "张店区行政审批服务局", "Administrative Approval Service Bureau")
    return admin


def test_data_survives_stop_and_start(tmp_path: Path) -> None:
    chain = LocalChain(port=free_port(), folder=tmp_path / "chain")
    assert chain.up()
    assert not chain.up()  # already running: nothing started twice
    try:
        admin = _deploy_with_one_department(chain, tmp_path / "m.json")
        admin.departments.grant("ZD-XPSJ", chain.dev_signer(1).address, OfficerRole.CLERK)
        admin.catalog.publish("ZD-GTGSH-SL", SOLE_PROPRIETOR)
    finally:
        assert chain.down()
    assert not chain.is_running()
    assert chain.state_file.exists()
    assert not chain.down()

    chain.up()
    try:
        reader = ZhangdianClient.connect(chain.rpc_url, deployment=tmp_path / "m.json")
        assert reader.departments.get("ZD-XPSJ").name_en == "Administrative Approval Service Bureau"
        assert reader.departments.has_role("ZD-XPSJ", chain.dev_signer(1).address, OfficerRole.CLERK)
        assert reader.catalog.get("ZD-GTGSH-SL").definition == SOLE_PROPRIETOR
    finally:
        chain.down()


def test_data_written_before_a_sigkill_survives(tmp_path: Path) -> None:
    chain = LocalChain(port=free_port(), folder=tmp_path / "chain")
    chain.up()
    _deploy_with_one_department(chain, tmp_path / "m.json")
    time.sleep(2.5)  # the state file is dumped every second
    os.kill(int(chain.pid_file.read_text()), signal.SIGKILL)
    deadline = time.monotonic() + 10
    while chain.is_running() and time.monotonic() < deadline:
        time.sleep(0.1)
    chain.pid_file.unlink()

    chain.up()
    try:
        reader = ZhangdianClient.connect(chain.rpc_url, deployment=tmp_path / "m.json")
        assert reader.departments.exists("ZD-XPSJ")
    finally:
        chain.down()


def test_dev_accounts_come_from_a_generated_mnemonic_kept_private(tmp_path: Path) -> None:
    first = LocalChain(port=free_port(), folder=tmp_path / "a")
    second = LocalChain(port=free_port(), folder=tmp_path / "b")
    assert first.dev_signer(0).address != second.dev_signer(0).address
    assert first.dev_signer(0).address == LocalChain(folder=tmp_path / "a").dev_signer(0).address
    assert (tmp_path / "a" / "dev-accounts.json").stat().st_mode & 0o077 == 0
