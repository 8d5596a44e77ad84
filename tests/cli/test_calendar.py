"""`zhangdian calendar` on a dev chain: the shipped years as deployment set them, a year not set, and the
admin (the deployer, before governance) setting a year directly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import Officers
from zhangdian_sdk.cli import cli

Run = Callable[..., Result]

CALENDAR_2032 = {
    "year": 2032,
    "source": "测试 / test",
    "holidays": [{"name_zh": "春节", "name_en": "Spring Festival", "start": "2032-02-10", "end": "2032-02-16"}],
    "workdays": [{"name_zh": "春节调休上班", "name_en": "make-up workday", "date": "2032-02-07"}],
}


@pytest.fixture
def run(anvil_chain, manifest_path: Path, officers: Officers) -> Run:  # type: ignore[no-untyped-def]
    """``run("admin", "calendar", "set", ...)``: the CLI as that officer (None: no key) on the session's chain."""

    def invoke(who: str | None, *args: str) -> Result:
        key = "0x" + getattr(officers, who)._account.key.hex() if who else ""
        env = {"ZHANGDIAN_RPC_URL": anvil_chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": key}
        return CliRunner().invoke(cli, [*args, "--deployment", str(manifest_path)], env=env, catch_exceptions=False)

    return invoke


def test_show_lists_the_shipped_holidays_and_says_the_year_is_set(run: Run) -> None:
    shown = run(None, "calendar", "show", "2026")
    assert shown.exit_code == 0, shown.output
    for expected in ("春节 Spring Festival", "2026-02-15", "2026-02-28", "春节调休上班"):
        assert expected in shown.output
    assert "set on chain as below" in shown.output
    data = json.loads(run(None, "calendar", "show", "2026", "--json").output)
    assert (data["setOnChain"], data["matchesChain"], data["workingDays"]) == (True, True, 248)
    provisional = run(None, "calendar", "show", "2027")
    assert "暂定 provisional" in provisional.output


def test_a_year_without_a_shipped_calendar_needs_a_file(run: Run) -> None:
    missing = run(None, "calendar", "show", "2035")
    assert missing.exit_code != 0
    assert "no calendar of 2035 ships with the SDK" in missing.output
    assert "Traceback" not in missing.output


def test_the_admin_sets_a_year_on_a_dev_chain_and_a_clerk_cannot(run: Run, tmp_path: Path) -> None:
    calendar_file = tmp_path / "2032.json"
    calendar_file.write_text(json.dumps(CALENDAR_2032, ensure_ascii=False), encoding="utf-8")
    before = run(None, "calendar", "show", "2032", "--file", str(calendar_file))
    assert "not set on chain" in before.output, before.output
    refused = run("clerk", "calendar", "set", "2032", "--file", str(calendar_file))
    assert refused.exit_code != 0
    assert "Traceback" not in refused.output
    done = run("admin", "calendar", "set", "2032", "--file", str(calendar_file))
    assert done.exit_code == 0, done.output
    assert "recorded in block" in done.output
    assert "already recorded" in run("admin", "calendar", "set", "2032", "--file", str(calendar_file)).output
    after = json.loads(run(None, "calendar", "show", "2032", "--file", str(calendar_file), "--json").output)
    assert (after["setOnChain"], after["matchesChain"]) == (True, True)


def test_a_malformed_calendar_file_is_refused_with_its_reason(run: Run, tmp_path: Path) -> None:
    bad = dict(CALENDAR_2032, workdays=[{"name_zh": "上班", "name_en": "work", "date": "2032-02-12"}])
    calendar_file = tmp_path / "bad.json"
    calendar_file.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    refused = run("admin", "calendar", "set", "2032", "--file", str(calendar_file))
    assert refused.exit_code != 0
    assert "falls in a holiday" in refused.output
