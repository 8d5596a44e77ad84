"""The working calendar under governance (issue 14, item 4): deployment sets the shipped years, the council
sets next year's from a calendar file, and the deployer can no longer set one once governance took over."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from web3 import Web3

from tests.faults.conftest import COUNCIL, OwnChain
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.workdays import load_year

DELAY = 3600
CALENDAR_2031 = {
    "year": 2031,
    "provisional": False,
    "source": "测试 / test",
    "holidays": [{"name_zh": "元旦", "name_en": "New Year's Day", "start": "2031-01-01", "end": "2031-01-01"}],
    "workdays": [{"name_zh": "调休上班", "name_en": "make-up workday", "date": "2031-01-04"}],
}


def _mine(w3: Web3, blocks: int, seconds: int = 0) -> None:
    if seconds:
        w3.provider.make_request("evm_increaseTime", [seconds])
    w3.provider.make_request("anvil_mine", [hex(blocks)])


def test_the_council_sets_a_year_from_a_calendar_file(own_chain: OwnChain, tmp_path: Path) -> None:
    chain = own_chain.chain
    w3 = own_chain.clerk().w3

    def run(signer_index: int, *args: str) -> Result:
        key = "0x" + chain.dev_signer(signer_index)._account.key.hex()
        env = {"ZHANGDIAN_RPC_URL": chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": key}
        return CliRunner().invoke(
            cli, [*args, "--deployment", str(own_chain.manifest)], env=env, catch_exceptions=False
        )

    reader = ZhangdianClient(w3, own_chain.deployment)
    # Deployment set the shipped years.
    assert reader.calendar.year_bitmap(2026) == load_year(2026).bitmap()
    assert reader.calendar.year_bitmap(2027) == load_year(2027).bitmap()
    assert not reader.calendar.is_year_set(2031)
    own_chain.govern(delay=DELAY)
    _mine(w3, 1)
    calendar_file = tmp_path / "2031.json"
    calendar_file.write_text(json.dumps(CALENDAR_2031, ensure_ascii=False), encoding="utf-8")
    # The deployer gave the calendar admin role to the timelock.
    refused = run(0, "calendar", "set", "2031", "--file", str(calendar_file))
    assert refused.exit_code != 0
    assert "CALENDAR_ADMIN_ROLE" in refused.output or "lacks" in refused.output, refused.output
    proposal = tmp_path / "proposal-2031.json"
    proposed = run(COUNCIL[0], "calendar", "propose", "2031", "--file", str(calendar_file), "--out", str(proposal))
    assert proposed.exit_code == 0, proposed.output
    assert json.loads(proposal.read_text(encoding="utf-8"))["actions"][0]["function"] == "setYear"
    _mine(w3, 2)
    for member in COUNCIL[:2]:
        assert run(member, "gov", "approve", str(proposal)).exit_code == 0
    _mine(w3, 6)
    assert run(COUNCIL[0], "gov", "execute", str(proposal)).exit_code == 0  # queued
    _mine(w3, 1, DELAY + 1)
    executed = run(COUNCIL[0], "gov", "execute", str(proposal))
    assert executed.exit_code == 0, executed.output
    shown = json.loads(run(COUNCIL[0], "calendar", "show", "2031", "--file", str(calendar_file), "--json").output)
    assert (shown["setOnChain"], shown["matchesChain"]) == (True, True)
    # 2031: 261 weekdays (1 January is a Wednesday), New Year's Day off, Saturday 4 January on.
    assert shown["workingDays"] == 261
