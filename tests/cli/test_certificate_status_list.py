"""The status list from the command line: issue-batch gives status indices, revoke-many ends many
certificates at once (from their files or a list of indices), and verify reads their entries."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.cli.test_cli_materials_certificates import _env
from tests.conftest import Officers
from zhangdian_sdk.cli import cli


def test_issue_batch_assigns_indices_and_revoke_many_ends_them(
    anvil_chain, officers: Officers, manifest_path: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    chain = ["--deployment", str(manifest_path)]

    def run(who: str | None, *args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=_env(anvil_chain, officers, who), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run("admin", "officer", "grant", "ZD-XPSJ", officers.inspector.address, "--role", "issuer", *chain)
    drafts = tmp_path / "drafts.json"
    entries = [
        {"type": "FOOD-LICENCE", "subject": "0x" + "02" * 32, "fields": {"shop": f"店 {i}"}, "validUntil": "30d"}
        for i in range(6)
    ]
    drafts.write_text(json.dumps(entries), encoding="utf-8")
    issued = run("inspector", "certificate", "issue-batch", str(drafts), "--issuer", "ZD-XPSJ", "--out-dir",
                 str(tmp_path / "b"), *chain)  # fmt: skip
    assert "状态序号 status indices:" in issued
    files = sorted((tmp_path / "b").glob("*.json"), key=lambda p: json.loads(p.read_text())["proof"]["statusIndex"])
    indices = [json.loads(p.read_text())["proof"]["statusIndex"] for p in files]
    assert indices == list(range(indices[0], indices[0] + 6))
    assert f"状态序号 status index: {indices[0]}" in run(None, "certificate", "show", str(files[0]))

    # Two by their files, two from a list of indices (a range and a comment).
    listed = tmp_path / "revoke.txt"
    listed.write_text(f"# 抽查不合格 / failed inspection\n{indices[2]}-{indices[3]}\n", encoding="utf-8")
    done = run("inspector", "certificate", "revoke-many", str(files[0]), str(files[1]), "--indices", str(listed),
               "--issuer", "ZD-XPSJ", "--reason", "7", "--state", "注销", *chain)  # fmt: skip
    assert "共 4 张证照注销 / 4 certificates cancelled" in done
    for path in files[:4]:
        report = json.loads(run(None, "certificate", "verify", str(path), "--json", *chain, code=5))
        assert report["status"]["code"] == "CANCELLED"
    assert json.loads(run(None, "certificate", "verify", str(files[4]), "--json", *chain))["valid"] is True

    # Again: the entries are final, and the error says so in both languages, without a traceback.
    again = run("inspector", "certificate", "revoke-many", str(files[0]), "--reason", "7", *chain, code=5)
    assert "已终止" in again
    assert "has ended" in again
    bad = tmp_path / "bad.txt"
    bad.write_text("12-x\n", encoding="utf-8")
    refused = run("inspector", "certificate", "revoke-many", "--indices", str(bad), "--issuer", "ZD-XPSJ",
                  "--reason", "1", *chain, code=2)  # fmt: skip
    assert "line 1" in refused
    assert "--indices needs --issuer" in run(
        "inspector", "certificate", "revoke-many", "--indices", str(listed), "--reason", "1", *chain, code=2
    )
    # The whole batch: what is left of it.
    run("inspector", "certificate", "suspend", str(files[5]), "--reason", "3", *chain)
    run("inspector", "certificate", "reinstate", str(files[5]), *chain)
    run("inspector", "certificate", "revoke", str(files[4]), "--reason", "2", *chain)
    again = run("inspector", "certificate", "revoke", str(files[5]), "--reason", "2", "--whole-batch", *chain, code=5)
    assert "已终止" in again  # the batch's first entries ended already: nothing is written
