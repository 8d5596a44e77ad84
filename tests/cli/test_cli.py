"""The `zhangdian` command through click's runner, against the session's anvil chain."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from web3 import Web3

from tests.conftest import Officers, free_port
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.workdays import beijing

Run = Callable[..., Result]


@pytest.fixture
def run(anvil_chain, manifest_path: Path, officers: Officers) -> Run:
    """``run("clerk", "application", "accept", number)``: the CLI as that officer (or None: no key)."""

    def invoke(who: str | None, *args: str) -> Result:
        env = {"ZHANGDIAN_RPC_URL": anvil_chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": ""}
        if who is not None:
            env["ZHANGDIAN_PRIVATE_KEY"] = "0x" + getattr(officers, who)._account.key.hex()
        command = [*args]
        if (args and args[0] not in {"chain", "compiler", "account", "citizen", "certificate"}) or args[:2] == (
            "certificate",
            "verify",
        ):
            command += ["--deployment", str(manifest_path)]
        return CliRunner().invoke(cli, command, env=env, catch_exceptions=False)

    return invoke


def _submit(run: Run, number: str, service: str = "ZD-SPJY-XK") -> Result:
    return run("clerk", "application", "submit", number, "--service", service, "--applicant", "370303199001011239")


def test_a_whole_workflow_from_the_command_line(run: Run, new_number) -> None:
    number = new_number()
    submitted = _submit(run, number)
    assert submitted.exit_code == 0, submitted.output
    assert "transaction 0x" in submitted.output
    assert "回执码 receipt code" in submitted.output
    assert run("clerk", "application", "accept", number).exit_code == 0
    assert run("approver", "application", "approve", number, "--step", "0").exit_code == 0
    assert run("inspector", "application", "request-supplement", number, "--reason", "12").exit_code == 0
    assert run("clerk", "application", "resubmit", number).exit_code == 0
    assert run("inspector", "application", "approve", number, "--step", "1").exit_code == 0
    assert run("approver", "application", "approve", number, "--step", "2").exit_code == 0

    status = json.loads(run(None, "application", "status", number, "--json").output)
    assert status["status"]["name"] == "COMPLETED"
    assert status["status"]["zh"] == "已办结"
    assert status["application_id"] == "0x" + application_id(number, "ZD-XPSJ").hex()
    # Typed as people type (full-width, lower case, spaces): the same application, as the portal finds it.
    typed = " ".join(chr(ord(c) + 0xFEE0) for c in number.lower())
    again = json.loads(run(None, "application", "status", typed, "--json").output)
    assert (again["number"], again["application_id"]) == (number, status["application_id"])
    history = json.loads(run(None, "application", "history", number, "--json").output)
    assert [h["event"] for h in history][-3:] == ["StepApproved", "ApplicationApproved", "ApplicationCompleted"]
    table = run(None, "application", "history", number)
    assert table.exit_code == 0
    assert "SupplementRequested" in table.output
    # Times and deadlines in Beijing time, as staff read them; no raw unix times.
    assert "北京时间" in table.output
    accepted = next(h for h in history if h["event"] == "ApplicationAccepted")
    deadline = accepted["details"]["deadline"]
    assert "".join(f"deadline={beijing(deadline)} 北京时间".split()) in "".join(table.output.split())
    assert str(deadline) not in " ".join(table.output.split())


def test_a_special_procedure_from_the_command_line(run: Run, new_number) -> None:
    """特别程序 (issue 14): only the open step's officer starts and ends it; a bad number is refused."""
    number = new_number()
    assert _submit(run, number).exit_code == 0
    assert run("clerk", "application", "accept", number).exit_code == 0
    refused = run("inspector", "application", "special-start", number, "--kind", "hearing", "--reason", "3")
    assert refused.exit_code == 4, refused.output
    started = run("approver", "application", "special-start", number, "--kind", "hearing", "--reason", "3")
    assert started.exit_code == 0, started.output
    assert "听证" in started.output
    status = json.loads(run(None, "application", "status", number, "--json").output)
    assert status["status"]["name"] == "SPECIAL_PROCEDURE"
    assert status["status"]["zh"] == "特别程序"
    again = run("approver", "application", "special-start", number, "--kind", "hearing", "--reason", "3")
    assert again.exit_code == 0  # already running: nothing sent
    assert "already recorded on chain" in again.output
    assert run("approver", "application", "special-end", number, "--result", "1").exit_code == 0
    twice = run("approver", "application", "special-end", number, "--result", "1")
    assert twice.exit_code == 5, twice.output
    history = json.loads(run(None, "application", "history", number, "--json").output)
    assert [h["event"] for h in history][-2:] == ["SpecialProcedureStarted", "SpecialProcedureEnded"]
    commitment = "0x" + "ab" * 32
    bad = run("clerk", "application", "submit", "ZD_2026/1", "--service", "ZD-SPJY-XK", "--commitment", commitment)
    assert bad.exit_code == 2
    assert "1-50" in bad.output


def test_submitting_again_says_already_recorded(run: Run, new_number) -> None:
    number = new_number()
    first = run("clerk", "application", "submit", number, "--service", "ZD-GTGSH-SL", "--commitment", "0x" + "ab" * 32)
    assert first.exit_code == 0
    again = run("clerk", "application", "submit", number, "--service", "ZD-GTGSH-SL", "--commitment", "0x" + "ab" * 32)
    assert again.exit_code == 0
    assert "already recorded on chain" in again.output
    assert "transaction" not in again.output


def test_the_applicant_identity_never_reaches_the_chain(run: Run, new_number, w3: Web3) -> None:
    number = new_number()
    assert _submit(run, number).exit_code == 0
    block = w3.eth.get_block("latest", full_transactions=True)
    calldata = bytes(block["transactions"][-1]["input"])
    assert number.encode() in calldata  # the 办件编号 itself travels (issue 14); the identity does not
    assert b"370303199001011239" not in calldata
    assert b"370303199001011239".hex().encode() not in calldata.hex().encode()


def test_a_lower_case_x_gives_the_commitment_of_the_upper_case_one(run: Run, new_number, client_for) -> None:
    """The CLI normalizes the applicant's ID number before hashing it (issue 14, item 1)."""
    salt = "ab" * 16
    lower, upper = new_number(), new_number()
    for number, identity in ((lower, "37030319921212011x"), (upper, " 37030319921212011X ")):
        result = run(
            "clerk",
            "application",
            "submit",
            number,
            "--service",
            "ZD-GTGSH-SL",
            "--applicant",
            identity,
            "--salt",
            salt,
        )
        assert result.exit_code == 0, result.output
    reader = client_for("clerk")
    assert reader.ledger.get(lower).applicant_commitment == reader.ledger.get(upper).applicant_commitment


@pytest.mark.parametrize(
    ("who", "args", "code", "message"),
    [
        ("approver", ("application", "accept", "{number}"), 4, "does not hold Clerk"),
        ("clerk", ("application", "approve", "{number}"), 5, "this action is not allowed now"),
        ("clerk", ("application", "status", "ZD-NEVER"), 3, "does not exist"),
        ("clerk", ("application", "accept", "bad.number/with.dots"), 2, "invalid application number"),
        (
            "clerk",
            ("application", "submit", "ZD-X-1", "--service", "ZD-NO-SUCH", "--commitment", "0x" + "ab" * 32),
            3,
            "service ZD-NO-SUCH does not exist",
        ),
        (
            "clerk",
            ("application", "submit", "ZD-X-2", "--service", "ZD-GTGSH-SL", "--applicant", "370303199001011234"),
            2,
            "check character should be 9",
        ),
        (
            "clerk",
            ("application", "submit", "ZD-X-3", "--service", "ZD-GTGSH-SL", "--applicant", "91370303MI3C000017"),
            2,
            "forbidden character 'I' at position 10",
        ),
        (None, ("application", "accept", "{number}"), 6, "no account to sign with"),
        ("clerk", ("application", "reject", "{number}", "--reason", "0"), 2, "reason code 0"),
    ],
)
def test_errors_are_one_line_with_an_exit_code_and_send_nothing(
    run: Run,
    new_number,
    w3: Web3,
    officers: Officers,
    who: str | None,
    args: tuple[str, ...],
    code: int,
    message: str,
) -> None:
    number = new_number()
    assert _submit(run, number).exit_code == 0
    nonces = {name: w3.eth.get_transaction_count(getattr(officers, name).address) for name in ("clerk", "approver")}
    result = run(who, *(a.format(number=number) for a in args))
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if "Error" in line]) == 1
    assert nonces == {name: w3.eth.get_transaction_count(getattr(officers, name).address) for name in nonces}


def test_a_number_two_departments_use_needs_the_department(run: Run, new_number, market_clerk: ZhangdianClient) -> None:
    """Ids belong to departments; the CLI asks which one when a number is ambiguous (issue 12, finding 2)."""
    number = new_number()
    assert _submit(run, number).exit_code == 0
    assert json.loads(run(None, "application", "status", number, "--json").output)["department"] == "ZD-XPSJ"
    market_clerk.ledger.submit(number, service="ZD-SC-SCXK", applicant_commitment=b"\x0c" * 32)
    ambiguous = run("clerk", "application", "accept", number)
    assert ambiguous.exit_code == 2, ambiguous.output
    assert "--department" in ambiguous.output
    assert "Traceback" not in ambiguous.output
    assert run("clerk", "application", "accept", number, "--department", "ZD-XPSJ").exit_code == 0
    for department in ("ZD-XPSJ", "ZD-SCJGJ"):
        shown = json.loads(run(None, "application", "status", number, "--department", department, "--json").output)
        assert (shown["department"], shown["application_id"]) == (
            department,
            "0x" + application_id(number, department).hex(),
        )
    assert (
        json.loads(run(None, "application", "status", number, "--department", "ZD-XPSJ", "--json").output)["status"][
            "name"
        ]
        == "ACCEPTED"
    )


def test_an_unreachable_node_is_exit_code_6(manifest_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["application", "status", "ZD-1", "--rpc-url", f"http://127.0.0.1:{free_port()}"], catch_exceptions=False
    )
    assert result.exit_code == 6
    assert "cannot reach the RPC node" in result.output


def test_departments_officers_and_services(run: Run, officers: Officers, tmp_path: Path) -> None:
    code = f"ZD-T{free_port()}"
    wrong = run(
        "admin",
        "department",
        "add",
        code,
        "--credit-code",
        "113703030042351145",
        "--name-zh",
        "测试局",
        "--name-en",
        "T",
    )
    assert wrong.exit_code == 2
    assert "校验位错误，应为 4" in wrong.output
    assert "check character should be 4" in wrong.output
    county = run(
        "admin", "department", "add", code, "--region", "370300", "--credit-code", "113703030042351144",
        "--name-zh", "测试局", "--name-en", "T",
    )  # fmt: skip
    assert county.exit_code == 2
    assert "county-level" in county.output
    added = run(
        "admin", "department", "add", code, "--credit-code", "1137030300000022xy",
        "--name-zh", "测试局", "--name-en", "Test Bureau",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    listed = json.loads(run(None, "department", "list", "--json").output)
    assert {
        "code": code,
        "region_code": 370303,
        "credit_code": "1137030300000022XY",
        "name_zh": "测试局",
    }.items() <= next(d for d in listed if d["code"] == code).items()
    shown_department = run(None, "department", "show", code).output
    assert shown_department.index("测试局") < shown_department.index(code)  # names before codes
    corrected = run("admin", "department", "set-credit-code", code, "113703030000000510")
    assert corrected.exit_code == 0, corrected.output
    assert json.loads(run(None, "department", "show", code, "--json").output)["credit_code"] == "113703030000000510"
    assert run("admin", "officer", "grant", code, officers.outsider.address, "--role", "approver").exit_code == 0
    service_file = tmp_path / "service.json"
    service_file.write_text(
        json.dumps(
            {
                "owner_department": code,
                "name_zh": "测试事项",
                "name_en": "Test service",
                "promised_time_limit": "3wd",
                "legal_time_limit": "20 工作日",
                "steps": [{"department": code, "role": "approver", "time_limit": "1wd"}],
                "national": {
                    "basic_code": "000120011000",
                    "implementation_code": "113703030000000510000120011000",
                    "handling_item_code": "11370303000000051000012001100001",
                    "item_type": "行政许可",
                    "case_type": "promised",
                },
            }
        )
    )
    service = f"SVC-{code}"
    assert run("admin", "service", "add", service, "--file", str(service_file)).exit_code == 0
    shown = json.loads(run(None, "service", "show", service, "--json").output)
    promised, legal = shown["definition"]["promised_time_limit"], shown["definition"]["legal_time_limit"]
    assert (promised["amount"], promised["unit"]["name"]) == (3, "WORKING_DAYS")
    assert (legal["amount"], legal["unit"]["name"]) == (20, "WORKING_DAYS")
    assert shown["definition"]["steps"][0]["time_limit"] == 1
    assert shown["definition"]["steps"][0]["role"]["name"] == "APPROVER"
    national = shown["definition"]["national"]
    assert (national["basic_code"], national["item_type"]["name"], national["case_type"]["name"]) == (
        "000120011000",
        "ADMINISTRATIVE_LICENSING",
        "PROMISED",
    )
    text = run(None, "service", "show", service).output
    assert "行政许可 Administrative licensing (01)" in text
    assert "承诺件" in text
    assert text.index("测试事项") < text.index(service)  # names before codes
    too_long = tmp_path / "too_long.json"
    too_long.write_text(
        json.dumps(
            {**shown["definition"], "national": {**national, "implementation_code": "A" * 37}}, ensure_ascii=False
        )
    )
    refused_code = run("admin", "service", "update", service, "--file", str(too_long))
    assert refused_code.exit_code == 2
    assert "实施编码最多36位" in refused_code.output
    assert "at most 36 characters" in refused_code.output
    shown_file = tmp_path / "shown.json"
    shown_file.write_text(json.dumps(shown, ensure_ascii=False))
    again = run("admin", "service", "update", service, "--file", str(shown_file))
    assert again.exit_code == 0, again.output
    assert "already recorded" in again.output  # what `show --json` prints reads back as the same definition
    copied = run("admin", "service", "add", f"{service}-2", "--file", str(shown_file))
    assert copied.exit_code == 0, copied.output
    copy = json.loads(run(None, "service", "show", f"{service}-2", "--json").output)
    assert copy["definition"]["national"] == national
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps({**shown["definition"], "promised_time_limt": "3d"}))
    refused = run("admin", "service", "update", service, "--file", str(typo))
    assert refused.exit_code == 2
    assert "unknown field(s) promised_time_limt" in refused.output
    assert run("admin", "service", "close", service).exit_code == 0
    assert run("admin", "department", "deactivate", code).exit_code == 0
    assert json.loads(run(None, "department", "show", code, "--json").output)["active"] is False
    assert run("admin", "officer", "revoke", code, officers.outsider.address, "--role", "approver").exit_code == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = run("admin", "service", "add", "SVC-BAD", "--file", str(bad))
    assert result.exit_code == 2
    assert "invalid service file" in result.output


def test_service_cache_copies_a_version_into_the_ledger(
    run: Run, w3: Web3, deployment: Deployment, officers: Officers
) -> None:
    """`service add` caches at once; `service cache` copies a version published without it (before
    ledger 1.4.0), for anyone, once; an unknown version is refused in both languages."""
    assert "already recorded" in run("outsider", "service", "cache", "ZD-SPJY-XK").output
    service = f"SVC-C{free_port()}"
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    admin.catalog.publish(service, admin.catalog.get("ZD-SPJY-XK").definition, cache_in_ledger=False)
    assert not admin.catalog.is_cached(service, version=1)
    cached = run("outsider", "service", "cache", service, "--version", "1")
    assert cached.exit_code == 0, cached.output
    assert f"service {service} v1 cached" in cached.output
    assert "recorded in block" in cached.output
    assert admin.catalog.is_cached(service, version=1)
    assert "already recorded" in run("outsider", "service", "cache", service).output
    unknown = run("outsider", "service", "cache", service, "--version", "9")
    assert unknown.exit_code != 0
    assert "Traceback" not in unknown.output
    assert "version 9" in unknown.output, unknown.output


def test_chain_up_status_down_with_its_own_folder(tmp_path: Path) -> None:
    port = str(free_port())
    runner = CliRunner()
    home = str(tmp_path / "home")
    try:
        assert runner.invoke(cli, ["chain", "up", "--port", port, "--home", home]).exit_code == 0
        status = json.loads(runner.invoke(cli, ["chain", "status", "--port", port, "--home", home, "--json"]).output)
        assert status["running"] is True
        accounts = json.loads(
            runner.invoke(cli, ["chain", "accounts", "--port", port, "--home", home, "--json"]).output
        )
        assert len(accounts) == 10
        assert all(a["address"].startswith("0x") for a in accounts)
    finally:
        down = runner.invoke(cli, ["chain", "down", "--port", port, "--home", home])
    assert "stopped" in down.output
    assert Path(home, "chain", "state.json").exists()


def test_deploy_writes_a_manifest_and_skips_a_matching_suite(anvil_chain, officers: Officers, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    env = {
        "ZHANGDIAN_RPC_URL": anvil_chain.rpc_url,
        "ZHANGDIAN_PRIVATE_KEY": "0x" + officers.outsider._account.key.hex(),
    }
    first = CliRunner().invoke(cli, ["deploy", "--deployment", str(manifest)], env=env)
    assert first.exit_code == 0, first.output
    assert Deployment.load(path=manifest).deployer == officers.outsider.address
    second = CliRunner().invoke(cli, ["deploy", "--deployment", str(manifest)], env=env)
    assert "nothing deployed" in second.output


def test_account_new_creates_an_encrypted_keystore(tmp_path: Path) -> None:
    path = tmp_path / "clerk.json"
    result = CliRunner().invoke(
        cli, ["account", "new", str(path)], env={"ZHANGDIAN_KEYSTORE_PASSWORD": "correct horse"}
    )
    assert result.exit_code == 0
    assert "crypto" in json.loads(path.read_text())
    again = CliRunner().invoke(cli, ["account", "new", str(path)], env={"ZHANGDIAN_KEYSTORE_PASSWORD": "correct horse"})
    assert again.exit_code == 6


def test_keystore_signing_with_a_wrong_password_fails_cleanly(
    run: Run, tmp_path: Path, anvil_chain, manifest_path: Path
) -> None:
    path = tmp_path / "k.json"
    CliRunner().invoke(cli, ["account", "new", str(path)], env={"ZHANGDIAN_KEYSTORE_PASSWORD": "correct horse"})
    result = CliRunner().invoke(
        cli,
        ["application", "accept", "ZD-1", "--keystore", str(path), "--deployment", str(manifest_path)],
        env={"ZHANGDIAN_RPC_URL": anvil_chain.rpc_url, "ZHANGDIAN_KEYSTORE_PASSWORD": "wrong password"},
    )
    assert result.exit_code == 6
    assert "wrong password" in result.output


def test_index_sync_reports_progress_and_fills_the_database(run: Run, tmp_path: Path, new_number) -> None:
    assert _submit(run, new_number()).exit_code == 0
    database = f"sqlite:///{tmp_path}/index.db"
    first = run(None, "index", "sync", "--database", database)
    assert first.exit_code == 0, first.output
    assert "events" in first.output
    again = run(None, "index", "sync", "--database", database)
    assert ": 0 events" in again.output


def test_the_applicant_rates_a_concluded_application_once(run: Run, new_number, client_for) -> None:
    number, salt = new_number(), "e5" * 16
    submitted = run(
        "clerk", "application", "submit", number, "--service", "ZD-GTGSH-SL",
        "--applicant", "370303199001011239", "--salt", salt,
    )  # fmt: skip
    assert submitted.exit_code == 0, submitted.output
    rate = ("application", "rate", number, "--applicant", "370303199001011239", "--receipt", salt)
    early = run("outsider", *rate, "--score", "5")
    assert early.exit_code != 0
    assert "尚未办结" in early.output
    assert run("clerk", "application", "accept", number).exit_code == 0
    assert run("approver", "application", "approve", number, "--step", "0").exit_code == 0
    wrong = run("outsider", "application", "rate", number, "--applicant", "370303199001011239",
                "--receipt", "e6" * 16, "--score", "5")  # fmt: skip
    assert wrong.exit_code != 0
    assert "回执码与该办件不符" in wrong.output
    assert run("outsider", *rate, "--score", "0").exit_code != 0
    rated = run("outsider", *rate, "--score", "满意")
    assert rated.exit_code == 0, rated.output
    assert "rated 2" in rated.output
    assert client_for("clerk").ratings.rating_of(number) == 2
    again = run("outsider", *rate, "--score", "1")
    assert again.exit_code != 0
    assert "已评价过" in again.output


def test_the_portal_relays_ratings_with_the_configured_account_only(
    monkeypatch: pytest.MonkeyPatch, officers: Officers, tmp_path: Path
) -> None:
    from zhangdian_sdk.cli.chain import _rating_relayer

    monkeypatch.setenv("ZHANGDIAN_HOME", str(tmp_path))  # no local chain's dev accounts here
    monkeypatch.delenv("ZHANGDIAN_RATING_RELAYER_KEY", raising=False)
    assert _rating_relayer(31337) is None
    assert _rating_relayer(1) is None
    monkeypatch.setenv("ZHANGDIAN_RATING_RELAYER_KEY", "0x" + officers.outsider._account.key.hex())
    relayer = _rating_relayer(1)
    assert relayer is not None
    assert relayer.address == officers.outsider.address
