"""The user's paths end to end: the demo on its own anvil, and ape's deploy and demo scripts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from eth_account import Account

from tests.conftest import free_port
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.artifacts import SUITE_CONTRACTS
from zhangdian_sdk.core.deployments import DEPLOYMENTS_DIR_ENV, Deployment
from zhangdian_sdk.core.models import ApplicationStatus, RatingScore
from zhangdian_sdk.facades.completion import completion_certificate
from zhangdian_sdk.ops.demo import DEMO_SERVICES, run_demo
from zhangdian_sdk.ops.localchain import HOME_ENV, LocalChain

ROOT = Path(__file__).resolve().parents[2]


def test_demo_runs_on_its_own_chain_and_a_second_run_records_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    monkeypatch.setenv(DEPLOYMENTS_DIR_ENV, str(tmp_path / "deployments"))
    port = free_port()
    try:
        first = run_demo(port=port, log=lambda _m: None)
        statuses = [application.status for application, _salt in first]
        assert statuses == [
            ApplicationStatus.COMPLETED,
            ApplicationStatus.COMPLETED,
            ApplicationStatus.IN_REVIEW,
            ApplicationStatus.REJECTED,
            ApplicationStatus.WITHDRAWN,
            ApplicationStatus.SUBMITTED,
        ]
        client = ZhangdianClient.connect(f"http://127.0.0.1:{port}")
        # Opening the business opened its three follow-on services, each reusing the opening's materials.
        children = client.ledger.links("ZD-2026-110001").children
        assert [client.ledger.get(c).service for c in children] == ["ZD-SWDJ", "ZD-SBDJ", "ZD-YZBA"]
        assert all(client.ledger.get(c).status == ApplicationStatus.SUBMITTED for c in children)
        assert len(client.ledger.materials_of(children[2])) == 2
        licence = completion_certificate(client, "ZD-2026-110001")
        assert licence is not None
        assert (licence.certificate_type, licence.valid) == ("BIZ-LICENCE", True)
        rules = client.catalog.automation("ZD-SBDJ").rules
        assert len(rules) == 1
        # 好差评: the completed opening was rated 非常满意, the rejected permit 不满意, each once.
        assert client.ratings.rating_of("ZD-2026-110001") == RatingScore.VERY_SATISFIED
        assert client.ratings.rating_of("ZD-2026-110004") == RatingScore.DISSATISFIED
        assert client.ratings.count() == 2
        # 更正: the housing bureau corrected its rejection's reason code 31 to 32 (a clerical error).
        (correction,) = client.corrections.decision_corrections("ZD-2026-110301")
        assert (correction.department, correction.corrected_int, correction.reason_code) == ("ZD-ZJJ", 32, 1)
        assert client.corrections.decision_reason("ZD-2026-110301") == ("ApplicationRejected", 31)
        # The officers' keystores, ready for the CLI with the documented password.
        keystores = tmp_path / "home" / "keystores"
        clerk = json.loads((keystores / "clerk.json").read_text())
        assert (
            Account.from_key(Account.decrypt(clerk, "zhangdian-demo")).address
            == LocalChain(port=port).dev_signer(1).address
        )
        assert {p.name for p in keystores.iterdir()} >= {"admin.json", "clerk.json", "approver-ZD-XPSJ.json"}
        count = client.ledger.count()
        messages: list[str] = []
        second = run_demo(port=port, log=messages.append)
        assert [a.status for a, _ in second] == statuses
        assert client.ledger.count() == count
        assert client.ratings.count() == 2
        assert len(client.corrections.decision_corrections("ZD-2026-110301")) == 1  # corrected once
        assert any("reason 31 corrected to 32 (already on chain" in m for m in messages)
        assert any("already deployed" in m for m in messages)
        assert any("0 written, 9 kept" in m for m in messages)
        assert json.loads((keystores / "clerk.json").read_text()) == clerk
        assert {s.code for s in client.catalog.list()} == set(DEMO_SERVICES)
        assert client.catalog.automation("ZD-SBDJ").rules == rules  # no second rule deployed
    finally:
        LocalChain(port=port).down()


# ape-foundry gives the anvil it spawns a fixed 20 s to answer (not configurable); on a loaded 2-core
# machine the spawn itself can take longer. That is ape's start-up, not the script under test, so a
# run that never reached the script is tried once more.
_ANVIL_START_TIMEOUT = "Timed out waiting for successful RPC connection to the 'anvil' process"


def _ape(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    for attempt in range(2):
        result = subprocess.run(
            [str(Path(sys.executable).with_name("ape")), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode == 0 or _ANVIL_START_TIMEOUT not in result.stdout + result.stderr or attempt:
            return result
    return result


def test_ape_run_deploy_and_demo_on_anvil(tmp_path: Path) -> None:
    env = dict(os.environ)
    env[DEPLOYMENTS_DIR_ENV] = str(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    deployed = _ape("run", "deploy", "--network", "ethereum:local:foundry", "--account", "TEST::0", env=env)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    assert "deployed ApplicationLedger at" in deployed.stdout
    manifest = Deployment.load(path=tmp_path / "31337.json")
    assert set(manifest.contracts) == set(SUITE_CONTRACTS)

    demo = _ape("run", "demo", "--network", "ethereum:local:foundry", env=env)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "ZD-2026-110002 (ZD-SPJY-XK): 已办结 Completed" in demo.stdout
