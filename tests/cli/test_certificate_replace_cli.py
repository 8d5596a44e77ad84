"""Replacing certificates from the command line (换发/补发, issue 18 item 3): `certificate replace` and
`certificate replace-batch` record the link with a reason in words; `verify certificate` (and
`certificate verify`) show 已换发 with the replacement, its date in Beijing time and the reason on the old
certificate, and 换发自 on the new one; an unauthorized caller and bad input get bilingual messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.test_cli_materials_certificates import _env
from tests.conftest import Officers
from zhangdian_sdk.cli import cli

CHANGE_OF_DETAILS_ZH = "变更换发"
CHANGE_OF_DETAILS_EN = "Change of registered details"
RENAMED_EN = "renamed or merged"


@pytest.fixture
def run(anvil_chain, officers: Officers, manifest_path: Path):
    runner = CliRunner()

    def invoke(who: str | None, *args: str, code: int = 0, chain: bool = True) -> str:
        argv = [*args, "--deployment", str(manifest_path)] if chain else list(args)
        result = runner.invoke(cli, argv, env=_env(anvil_chain, officers, who), catch_exceptions=False)
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        return result.output

    return invoke


@pytest.fixture
def issuer(run, officers: Officers) -> str:
    """The inspector as an Issuer of both departments (a replacement needs the role for both issuers)."""
    for department in ("ZD-XPSJ", "ZD-SCJGJ"):
        run("admin", "officer", "grant", department, officers.inspector.address, "--role", "issuer")
    return "inspector"


def _issue(run, who: str, tmp_path: Path, name: str, shop: str, department: str = "ZD-XPSJ") -> Path:
    out = tmp_path / f"{name}.json"
    run(who, "certificate", "issue", "--issuer", department, "--type", "FOOD-LICENCE", "--subject", "0x" + "07" * 32,
        "--field", f"shop={shop}", "--valid-until", "365d", "--out", str(out))  # fmt: skip
    return out


def _batch(run, who: str, tmp_path: Path, name: str, department: str) -> list[Path]:
    drafts = tmp_path / f"{name}-drafts.json"
    entries = [
        {"type": "FOOD-LICENCE", "subject": "0x" + "08" * 32, "fields": {"shop": f"店 {i}"}, "validUntil": "30d"}
        for i in range(2)
    ]
    drafts.write_text(json.dumps(entries), encoding="utf-8")
    run(who, "certificate", "issue-batch", str(drafts), "--issuer", department, "--no-status-list",
        "--out-dir", str(tmp_path / name))  # fmt: skip
    return sorted((tmp_path / name).glob("*.json"))


def _id(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["certificateId"])


def _root(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["proof"]["root"])


def test_replace_links_both_certificates_and_verify_shows_it_in_both_languages(
    run, issuer: str, tmp_path: Path
) -> None:
    old = _issue(run, issuer, tmp_path, "old", "张店小吃")
    new = _issue(run, issuer, tmp_path, "new", "张店小吃 (新址)")
    done = run(issuer, "certificate", "replace", str(old), str(new), "--reason", "1")
    assert "换发 replacement: 已上链 / recorded in block" in done
    assert f"replaced by {_id(new)}" in done
    assert CHANGE_OF_DETAILS_ZH in done
    assert CHANGE_OF_DETAILS_EN in done

    shown = run(None, "verify", "certificate", str(old), code=5)
    assert f"已换发 / replaced by {_id(new)} on 20" in shown
    assert "北京时间 Beijing time" in shown
    assert CHANGE_OF_DETAILS_ZH in shown
    assert CHANGE_OF_DETAILS_EN in shown
    assert "无效 NOT VALID" in shown
    report = json.loads(run(None, "certificate", "verify", str(old), "--json", code=5))
    assert report["status"]["code"] == "REPLACED"
    assert report["replacedBy"]["certificateId"] == _id(new)

    fresh = run(None, "verify", "certificate", str(new))
    assert f"换发自 / replaces {_id(old)}" in fresh
    assert CHANGE_OF_DETAILS_EN in fresh
    assert "有效 VALID" in fresh
    assert f"换发自 / replaces {_id(old)}" in run(None, "certificate", "verify", str(new))

    # Once replaced, for good: the error names the state in both languages, without a traceback.
    other = _issue(run, issuer, tmp_path, "other", "张店小吃 (补发)")
    again = run(issuer, "certificate", "replace", str(old), str(other), "--reason", "2", code=5)
    assert "已换发或补发" in again
    assert "was already replaced" in again


def test_replace_batch_replaces_every_certificate_of_a_renamed_department(run, issuer: str, tmp_path: Path) -> None:
    old = _batch(run, issuer, tmp_path, "old-batch", "ZD-SCJGJ")
    new = _batch(run, issuer, tmp_path, "new-batch", "ZD-XPSJ")
    done = run(issuer, "certificate", "replace-batch", _root(old[0]), _root(new[0]), "--issuer", "ZD-SCJGJ",
               "--new-issuer", "ZD-XPSJ", "--reason", "4")  # fmt: skip
    assert "整批换发 batch replacement: 已上链 / recorded in block" in done
    assert RENAMED_EN in done
    for path in old:
        shown = run(None, "verify", "certificate", str(path), code=5)
        assert f"已换发 / replaced by the certificate with the same id in batch {_root(new[0])}" in shown
        assert RENAMED_EN in shown
    assert "换发自 / replaces" in run(None, "verify", "certificate", str(new[1]))


def test_an_officer_who_is_not_an_issuer_is_refused_without_a_traceback(run, issuer: str, tmp_path: Path) -> None:
    old = _issue(run, issuer, tmp_path, "old", "张店面馆")
    new = _issue(run, issuer, tmp_path, "new", "张店面馆 (更名)")
    refused = run("outsider", "certificate", "replace", str(old), str(new), "--reason", "1", code=4)
    assert "不是在用部门 ZD-XPSJ 的发证人员" in refused
    assert "is not an Issuer of the active department ZD-XPSJ" in refused
    # nothing was recorded: the old certificate is still valid
    assert "有效 VALID" in run(None, "verify", "certificate", str(old))


def test_bad_input_is_refused_before_anything_is_signed(run, issuer: str, tmp_path: Path) -> None:
    old = _issue(run, issuer, tmp_path, "old", "张店茶馆")
    new = _issue(run, issuer, tmp_path, "new", "张店茶馆 (新址)")
    unknown = run(issuer, "certificate", "replace", str(old), str(new), "--reason", "99", code=2)
    assert "不是换发原因代码" in unknown
    assert "not a replacement reason code" in unknown
    assert "not a replacement reason code" in run(
        issuer, "certificate", "replace", str(old), str(new), "--reason", "0", code=2
    )
    listed = tmp_path / "listed.json"
    run(issuer, "certificate", "issue", "--issuer", "ZD-XPSJ", "--type", "FOOD-LICENCE", "--subject",
        "0x" + "09" * 32, "--field", "shop=状态列表店", "--valid-until", "30d", "--status-list",
        "--out", str(listed))  # fmt: skip
    refused = run(issuer, "certificate", "replace", str(listed), str(new), "--reason", "1", code=2)
    assert "状态列表" in refused
    assert "status-list" in refused
    mangled = run(issuer, "certificate", "replace-batch", "0x12", _root(new), "--issuer", "ZD-XPSJ", "--reason", "4",
                  code=2)  # fmt: skip
    assert "OLD_ROOT" in mangled
    assert "有效 VALID" in run(None, "verify", "certificate", str(old))
