"""`zhangdian service/certificate/gov template` and the checked readers (issue 16, item 3), on the session's
anvil: every template is accepted as it is, `service show --json` reads back, and a malformed file is
refused with its file name and JSON path, exit code 2, before anything is sent."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from click.testing import CliRunner, Result
from web3 import Web3

from tests.cli.conftest import Run
from tests.conftest import Officers
from zhangdian_sdk.cli import cli
from zhangdian_sdk.cli.governance import _load
from zhangdian_sdk.core import schemas
from zhangdian_sdk.core.codes import code_to_bytes32


def _template(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _code(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"


def _definition(run: Run, code: str) -> dict[str, object]:
    shown = run(None, "service", "show", code, "--json")
    assert shown.exit_code == 0, shown.output
    definition: dict[str, object] = json.loads(shown.output)["definition"]
    return definition


def test_the_service_template_is_accepted_by_service_add_as_it_is(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "service.json"
    written = _template("service", "template", "--out", str(path))
    assert written.exit_code == 0, written.output
    assert f"已写入模板 {path} / template written to {path}" in written.output
    template = json.loads(path.read_text(encoding="utf-8"))
    assert "$comment" in template
    assert "$comment" in template["steps"][0]
    code = _code("TPL")
    added = run("admin", "service", "add", code, "--file", str(path))
    assert added.exit_code == 0, added.output
    definition = _definition(run, code)
    assert definition["name_zh"] == template["name_zh"]
    assert [(s["department"], s["role"]["name"], s["time_limit"]) for s in definition["steps"]] == [  # type: ignore[attr-defined]
        ("ZD-XPSJ", "APPROVER", 2),
        ("ZD-SCJGJ", "APPROVER", 5),
        ("ZD-XPSJ", "APPROVER", 2),
    ]
    assert definition["legal_time_limit"] == {
        "amount": 20,
        "unit": {"name": "WORKING_DAYS", "zh": "工作日", "en": "working days"},
    }
    assert definition["national"]["item_type"]["name"] == "ADMINISTRATIVE_LICENSING"  # type: ignore[index]
    # Once more: the same definition is already on chain, nothing is sent.
    assert "already recorded" in run("admin", "service", "add", code, "--file", str(path)).output


def test_service_show_json_round_trips_into_add_and_update(run: Run, tmp_path: Path) -> None:
    for original in ("ZD-GTGSH-SL", "ZD-SPJY-XK", "ZD-JKZM-BA"):
        shown = run(None, "service", "show", original, "--json")
        path = tmp_path / f"{original}.json"
        path.write_text(shown.output, encoding="utf-8")  # exactly what show printed
        copy = _code("COPY")
        added = run("admin", "service", "add", copy, "--file", str(path))
        assert added.exit_code == 0, added.output
        assert _definition(run, copy) == json.loads(shown.output)["definition"]
    # As a new version: the shown file, edited, goes back in with `update`.
    shown_copy = json.loads(run(None, "service", "show", copy, "--json").output)
    shown_copy["definition"]["name_en"] = "Health certificate record (v2)"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(shown_copy, ensure_ascii=False), encoding="utf-8")
    updated = run("admin", "service", "update", copy, "--file", str(edited))
    assert updated.exit_code == 0, updated.output
    again = json.loads(run(None, "service", "show", copy, "--json").output)
    assert (again["version"], again["definition"]) == (2, shown_copy["definition"])


def _nothing_sent(w3: Web3, address: str, before: tuple[int, int]) -> bool:
    return (w3.eth.block_number, w3.eth.get_transaction_count(address)) == before


def test_a_malformed_service_file_names_the_file_and_path_and_sends_nothing(
    run: Run, w3: Web3, officers: Officers, tmp_path: Path
) -> None:
    document = schemas.example("service")
    document["steps"][1]["role"] = "boss"
    path = tmp_path / "service.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = (w3.eth.block_number, w3.eth.get_transaction_count(officers.admin.address))
    refused = run("admin", "service", "add", _code("BAD"), "--file", str(path))
    assert refused.exit_code == 2
    assert "Traceback" not in refused.output
    message = " ".join(refused.output.split())
    assert f"事项定义文件无效 / invalid service file {path}: $.steps[1].role: 'boss' 不是有效的角色" in message
    assert "'boss' is not a valid role" in message
    broken = tmp_path / "broken.json"
    broken.write_text('{"owner_department": "ZD-XPSJ",\n "steps": [,]}', encoding="utf-8")
    refused = run("admin", "service", "update", "ZD-SPJY-XK", "--file", str(broken))
    assert refused.exit_code == 2
    assert "not valid JSON at line 2, column 12" in " ".join(refused.output.split())
    assert _nothing_sent(w3, officers.admin.address, before)


def test_the_certificate_template_is_issued_as_it_is(
    run: Run, w3: Web3, officers: Officers, manifest_path: Path, tmp_path: Path
) -> None:
    assert run("admin", "officer", "grant", "ZD-XPSJ", officers.inspector.address, "--role", "issuer").exit_code == 0
    path = tmp_path / "drafts.json"
    assert _template("certificate", "template", "--out", str(path)).exit_code == 0
    issued = run("inspector", "certificate", "issue-batch", str(path), "--issuer", "ZD-XPSJ", "--out-dir",
                 str(tmp_path / "issued"))  # fmt: skip
    assert issued.exit_code == 0, issued.output
    files = sorted((tmp_path / "issued").glob("*.json"))
    assert len(files) == 2
    for file in files:
        report = CliRunner().invoke(
            cli,
            ["certificate", "verify", str(file), "--json", "--deployment", str(manifest_path)],
            env={"ZHANGDIAN_RPC_URL": f"{w3.provider.endpoint_uri}"},  # type: ignore[attr-defined]
            catch_exceptions=False,
        )
        assert json.loads(report.output)["valid"] is True, report.output

    document = schemas.example("certificate-drafts")
    document["drafts"][0]["subject"] = "0x1234"
    bad = tmp_path / "bad-drafts.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = (w3.eth.block_number, w3.eth.get_transaction_count(officers.inspector.address))
    refused = run("inspector", "certificate", "issue-batch", str(bad), "--issuer", "ZD-XPSJ", "--out-dir",
                  str(tmp_path / "none"))  # fmt: skip
    assert refused.exit_code == 2
    message = " ".join(refused.output.split())
    assert (
        f"证照草稿文件无效 / invalid drafts file {bad}: $.drafts[0].subject: '0x1234' 不是有效的持证人承诺值" in message
    )
    assert "is not a valid holder commitment" in message
    assert _nothing_sent(w3, officers.inspector.address, before)
    assert not (tmp_path / "none").exists()


def test_the_gov_template_reads_as_a_proposal_and_a_bad_one_is_refused(
    run: Run, w3: Web3, officers: Officers, tmp_path: Path
) -> None:
    path = tmp_path / "proposal.json"
    assert _template("gov", "template", "--out", str(path)).exit_code == 0
    actions, description = _load(path)
    assert description == "登记张店区税务局 / Register the Zhangdian Taxation Bureau"
    assert (actions[0].contract, actions[0].function) == ("DepartmentRegistry", "registerDepartment")
    assert actions[0].args[0] == code_to_bytes32("ZD-SWJ")  # a code where the contract takes bytes32

    document = schemas.example("governance-proposal")
    document["actions"][0]["contract"] = "DepartmentRegistryy"
    del document["description"]
    bad = tmp_path / "bad-proposal.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = (w3.eth.block_number, w3.eth.get_transaction_count(officers.admin.address))
    refused = run("admin", "gov", "propose", str(bad))
    assert refused.exit_code == 2
    message = " ".join(refused.output.split())
    assert f"提案文件无效 / invalid proposal file {bad}: $: 缺少必填字段 description" in message
    assert (
        "$.actions[0].contract: 'DepartmentRegistryy' 不是有效的合约 / 'DepartmentRegistryy' is not a valid contract"
        in (message)
    )
    assert _nothing_sent(w3, officers.admin.address, before)


def test_template_prints_the_schema_and_keeps_an_existing_file(tmp_path: Path) -> None:
    for group, name in (("service", "service"), ("certificate", "certificate-drafts"), ("gov", "governance-proposal")):
        printed = _template(group, "template")
        assert printed.exit_code == 0
        assert schemas.violations(json.loads(printed.output), name) == []
        schema = _template(group, "template", "--schema")
        assert json.loads(schema.output) == schemas.load_schema(name)
    path = tmp_path / "service.json"
    path.write_text("mine", encoding="utf-8")
    kept = _template("service", "template", "--out", str(path))
    assert kept.exit_code == 2
    assert "已存在; 用 --force 覆盖" in kept.output
    assert "exists already; use --force" in kept.output
    assert path.read_text(encoding="utf-8") == "mine"
    assert _template("service", "template", "--out", str(path), "--force").exit_code == 0
    assert json.loads(path.read_text(encoding="utf-8")) == schemas.example("service")
