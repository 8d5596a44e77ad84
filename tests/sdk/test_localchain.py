"""The local chain keeps its data across a restart and a crash."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SOLE_PROPRIETOR, free_port
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.models import OfficerRole
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.localchain import HOME_ENV, LocalChain


def _deploy_with_one_department(chain: LocalChain, manifest: Path) -> ZhangdianClient:
    w3 = connect_web3(chain.rpc_url)
    deployment = deploy_suite(w3, chain.dev_signer(0), manifest_path=manifest)
    admin = ZhangdianClient(w3, deployment, signer=chain.dev_signer(0))
    admin.departments.register(
        "ZD-XPSJ", 370303, "113703030042351144", "张店区行政审批服务局", "Administrative Approval Service Bureau"
    )
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
    assert not chain.stopped_cleanly()

    chain.up(deployment=tmp_path / "m.json")  # checked against its blocks: a consistent dump starts as usual
    try:
        assert chain.inconsistencies == []
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


def _with_ten_applications(chain: LocalChain, manifest: Path) -> None:
    """The suite, a clerk and one batch of 10 applications as the chain's last transaction."""
    admin = _deploy_with_one_department(chain, manifest)
    admin.departments.grant("ZD-XPSJ", chain.dev_signer(1).address, OfficerRole.CLERK)
    admin.catalog.publish("ZD-GTGSH-SL", SOLE_PROPRIETOR)
    clerk = ZhangdianClient(admin.w3, admin.deployment, signer=chain.dev_signer(1))
    clerk.ledger.submit_many([NewApplication(f"CRASH-{i}", "ZD-GTGSH-SL", b"\x01" * 32) for i in range(10)])


def _lose_the_last_block(state_file: Path) -> None:
    """What anvil's periodic dump held after the SIGKILL of issue 12: the last batch's storage, but
    neither its block nor its transaction."""
    state = json.loads(state_file.read_text())
    last = max(int(block["header"]["number"], 16) for block in state["blocks"])
    state["blocks"] = [b for b in state["blocks"] if int(b["header"]["number"], 16) != last]
    state["transactions"] = [t for t in state["transactions"] if t["block_number"] != last]
    state["best_block_number"] = last - 1
    state["block"]["number"] = hex(last - 1)
    state_file.write_text(json.dumps(state))


def test_after_an_unclean_stop_a_state_that_disagrees_with_its_blocks_is_refused_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12, finding 12: records in storage without their events are not served silently."""
    from zhangdian_sdk.ops.localchain import LocalChainInconsistent

    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    port = free_port()
    chain = LocalChain(port=port, folder=tmp_path / "home" / "chain")
    manifest = tmp_path / "m.json"
    chain.up()
    try:
        _with_ten_applications(chain, manifest)
    finally:
        chain.down()
    _lose_the_last_block(chain.state_file)

    with pytest.raises(LocalChainInconsistent) as refused:
        chain.up(deployment=manifest)
    message = str(refused.value)
    assert "not stopped cleanly" in message
    assert "未正常停止" in message
    assert "the ledger stores 10 applications but the blocks hold 0 ApplicationSubmitted events" in message
    assert "10 records have no event or transaction" in message
    assert f"account {chain.dev_signer(1).address.lower()} has nonce 1 in the state but 0 transactions" in message
    assert "--accept-inconsistent" in message
    assert not chain.is_running()

    args = ["chain", "up", "--port", str(port), "--home", str(tmp_path / "home"), "--deployment", str(manifest)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 5, result.output
    assert "10 records have no event or transaction" in result.output
    assert "re-create the local chain" in result.output
    assert "Traceback" not in result.output
    assert not chain.is_running()

    result = CliRunner().invoke(cli, [*args, "--accept-inconsistent"])
    try:
        assert result.exit_code == 0, result.output
        assert "started anyway" in result.output
        assert "10 records have no event or transaction" in result.output
        assert ZhangdianClient.connect(chain.rpc_url, deployment=manifest).ledger.count() == 10
    finally:
        chain.down()


def test_a_clean_stop_and_start_reports_nothing(tmp_path: Path) -> None:
    """Issue 12, finding 12: `chain down` marks the stop clean; the next start finds nothing to report."""
    chain = LocalChain(port=free_port(), folder=tmp_path / "chain")
    manifest = tmp_path / "m.json"
    chain.up()
    try:
        _with_ten_applications(chain, manifest)
    finally:
        chain.down()
    assert chain.stopped_cleanly()
    assert chain.clean_stop_file.stat().st_mode & 0o077 == 0

    assert chain.up(deployment=manifest)
    try:
        assert chain.inconsistencies == []
        assert not chain.clean_stop_file.exists()  # running: not stopped cleanly until `down` says so
        assert ZhangdianClient.connect(chain.rpc_url, deployment=manifest).ledger.count() == 10
    finally:
        chain.down()
    assert chain.stopped_cleanly()
