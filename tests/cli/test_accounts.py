"""Local accounts as an officer meets them: who holds which role, keystores that open with the
documented password, funding a new account on the local chain, and the one password scheme."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from eth_account import Account
from eth_typing import HexStr
from web3 import Web3

from tests.conftest import Officers, free_port
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.settings import load_settings, secret
from zhangdian_sdk.ops.demo import DEMO_APPROVER_DEPARTMENTS, DEMO_KEYSTORE_PASSWORD, write_demo_keystores
from zhangdian_sdk.ops.localchain import HOME_ENV, LocalChain

DemoHome = Callable[..., Result]


@pytest.fixture
def home(anvil_chain: LocalChain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder for the session's chain (its dev accounts) with the demo's keystores in it."""
    folder = tmp_path / "home"
    (folder / "chain").mkdir(parents=True)
    assert anvil_chain.folder is not None
    shutil.copy(anvil_chain.folder / "dev-accounts.json", folder / "chain" / "dev-accounts.json")
    monkeypatch.setenv(HOME_ENV, str(folder))  # restored after the test (`--home` sets it too)
    write_demo_keystores(anvil_chain, folder / "keystores", log=lambda _m: None)
    return folder


@pytest.fixture
def accounts(anvil_chain: LocalChain, home: Path, manifest_path: Path) -> DemoHome:
    """``accounts("--json")``: `zhangdian chain accounts` on the session's chain and deployment."""

    def invoke(*args: str) -> Result:
        where = ["--port", str(anvil_chain.port), "--home", str(home), "--deployment", str(manifest_path)]
        return CliRunner().invoke(cli, ["chain", "accounts", *where, *args], catch_exceptions=False)

    return invoke


def test_accounts_show_the_roles_read_from_the_chain_and_the_demo_keystores(
    accounts: DemoHome, officers: Officers, home: Path
) -> None:
    result = accounts("--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [entry["address"] for entry in listed[:5]] == [
        officers.admin.address,
        officers.clerk.address,
        officers.approver.address,
        officers.inspector.address,
        officers.outsider.address,
    ]
    assert {"role": "admin", "description": "管理员 admin"} in listed[0]["roles"]
    assert listed[1]["roles"] == [
        {
            "role": "clerk",
            "department": "ZD-XPSJ",
            "departmentName": "张店区行政审批服务局",
            "description": "受理 clerk of ZD-XPSJ 张店区行政审批服务局",
        }
    ]
    assert [(r["role"], r["department"]) for r in listed[3]["roles"]] == [("approver", "ZD-SCJGJ")]
    assert listed[4]["roles"] == []  # the outsider holds nothing
    assert listed[0]["keystore"] == str(home / "keystores" / "admin.json")
    assert listed[1]["keystore"] == str(home / "keystores" / "clerk.json")
    assert listed[2]["keystore"] == str(home / "keystores" / "approver-ZD-XPSJ.json")

    text = accounts()
    assert text.exit_code == 0
    assert f"1: {officers.clerk.address}  受理 clerk of ZD-XPSJ 张店区行政审批服务局" in text.output
    assert f"keystore {home / 'keystores' / 'clerk.json'}" in text.output
    assert "无角色 / no role" in text.output


def test_address_prints_only_the_first_matching_account_for_scripts(accounts: DemoHome, officers: Officers) -> None:
    clerk = accounts("--role", "clerk", "--department", "ZD-XPSJ", "--address")
    assert (clerk.exit_code, clerk.output) == (0, officers.clerk.address + "\n")
    approver = accounts("--role", "approver", "--department", "zd-scjgj", "--address")
    assert approver.output == officers.inspector.address + "\n"
    assert accounts("--role", "admin", "--address").output == officers.admin.address + "\n"

    nobody = accounts("--role", "issuer", "--department", "ZD-XPSJ", "--address")
    assert nobody.exit_code == 3
    assert "没有本地开发账户持有 issuer of ZD-XPSJ / no dev account of the local chain is issuer of ZD-XPSJ" in (
        nobody.output
    )
    no_role = accounts("--address")
    assert no_role.exit_code == 2
    assert "--address 需要同时给出 --role" in no_role.output
    assert "Traceback" not in nobody.output + no_role.output


def test_the_demo_keystores_open_with_the_documented_password_and_sign(
    anvil_chain: LocalChain,
    home: Path,
    manifest_path: Path,
    officers: Officers,
    new_number: Callable[[], str],
    w3: Web3,
) -> None:
    clerk = home / "keystores" / "clerk.json"
    assert DEMO_KEYSTORE_PASSWORD == "zhangdian-demo"
    assert Account.from_key(Account.decrypt(clerk.read_text(), "zhangdian-demo")).address == officers.clerk.address
    assert clerk.stat().st_mode & 0o077 == 0  # readable by its owner only

    def submit(number: str, password: str) -> Result:
        env = {
            "ZHANGDIAN_RPC_URL": anvil_chain.rpc_url,
            "ZHANGDIAN_PRIVATE_KEY": "",
            "ZHANGDIAN_KEYSTORE_PASSWORD": password,
        }
        arguments = ["application", "submit", number, "--service", "ZD-GTGSH-SL", "--commitment", "0x" + "cd" * 32]
        return CliRunner().invoke(
            cli, [*arguments, "--keystore", str(clerk), "--deployment", str(manifest_path)], env=env
        )

    number = new_number()
    signed = submit(number, "zhangdian-demo")
    assert signed.exit_code == 0, signed.output
    assert "transaction 0x" in signed.output
    sent = w3.eth.get_transaction(HexStr(signed.output.split("transaction ")[1].split()[0]))
    assert sent["from"] == officers.clerk.address

    wrong = submit(new_number(), "not-the-password")
    assert wrong.exit_code == 6
    assert "Traceback" not in wrong.output

    # Running the demo again keeps the keystores as they are.
    before = clerk.read_text()
    write_demo_keystores(anvil_chain, home / "keystores", log=lambda _m: None)
    assert clerk.read_text() == before


def test_a_keystore_left_from_another_chain_is_replaced(anvil_chain: LocalChain, tmp_path: Path) -> None:
    folder = tmp_path / "keystores"
    folder.mkdir()
    stale = Account.encrypt(Account.create().key, "zhangdian-demo", kdf="scrypt", iterations=2**14)
    (folder / "admin.json").write_text(json.dumps(stale))
    messages: list[str] = []
    paths = write_demo_keystores(anvil_chain, folder, log=messages.append)
    address = Account.from_key(Account.decrypt(paths["admin"].read_text(), "zhangdian-demo")).address
    assert address == anvil_chain.dev_signer(0).address
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "admin.json",
        *(f"approver-{code}.json" for code in sorted(DEMO_APPROVER_DEPARTMENTS)),
        "clerk.json",
    ]
    assert "password zhangdian-demo" in messages[0]
    assert "9 written, 0 kept" in messages[0]


def _fund(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["chain", "fund", *args], env=env or {}, catch_exceptions=False)


def test_fund_adds_eth_on_the_local_chain_and_says_the_new_balance(anvil_chain: LocalChain, w3: Web3) -> None:
    new = Account.create().address
    result = _fund(new.lower(), "--port", str(anvil_chain.port), env={"ZHANGDIAN_RPC_URL": ""})
    assert result.exit_code == 0, result.output
    assert w3.eth.get_balance(new) == 10 * 10**18
    assert f"已向 {new} 充值 10 ETH, 余额 10 ETH / funded {new} with 10 ETH; balance now 10 ETH" in result.output
    again = _fund(new, "--eth", "2.5", "--rpc-url", anvil_chain.rpc_url)
    assert again.exit_code == 0
    assert w3.eth.get_balance(new) == 125 * 10**17
    assert "balance now 12.5 ETH" in again.output


@pytest.fixture
def other_chain(tmp_path: Path) -> Iterator[LocalChain]:
    """An anvil that is not the local development chain: another chain id, as a test network would have."""
    chain = LocalChain(port=free_port(), folder=tmp_path / "other", chain_id=4242)
    chain.up()
    yield chain
    chain.down()


def test_fund_refuses_a_chain_that_is_not_the_local_one(other_chain: LocalChain) -> None:
    new = Account.create().address
    result = _fund(new, "--rpc-url", other_chain.rpc_url)
    assert result.exit_code == 6
    assert "只能在本地开发链" in result.output
    assert "funding works on the local development chain only (anvil, chain id 31337); this node is chain 4242" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert Web3(Web3.HTTPProvider(other_chain.rpc_url)).eth.get_balance(new) == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["0xA…"], "地址无效: 0xA… (应为 0x 开头的 40 位十六进制) / not an Ethereum address: 0xA…"),
        (["0x1234"], "not an Ethereum address: 0x1234"),
        (["0x" + "11" * 20, "--eth", "0"], "the amount must be more than 0 ETH: 0"),
        (["0x" + "11" * 20, "--eth", "ten"], "the amount must be more than 0 ETH: ten"),
    ],
)
def test_fund_checks_its_arguments_before_anything_else(args: list[str], expected: str) -> None:
    result = _fund(*args, "--rpc-url", "http://127.0.0.1:9")  # nothing listens there: checked before connecting
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_one_password_opens_every_kind_of_keystore(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KEYSTORE", "CITIZEN", "DEPARTMENT_KEY"):
        monkeypatch.delenv(f"ZHANGDIAN_{name}_PASSWORD", raising=False)
    assert secret(load_settings().citizen_password) is None
    monkeypatch.setenv("ZHANGDIAN_KEYSTORE_PASSWORD", "zhangdian-demo")
    settings = load_settings()
    assert secret(settings.citizen_password) == "zhangdian-demo"
    assert secret(settings.department_key_password) == "zhangdian-demo"
    monkeypatch.setenv("ZHANGDIAN_CITIZEN_PASSWORD", "citizen's own")  # the overrides still win
    settings = load_settings()
    assert (secret(settings.citizen_password), secret(settings.department_key_password)) == (
        "citizen's own",
        "zhangdian-demo",
    )


def test_a_department_key_is_saved_with_the_keystore_password_when_no_other_is_set(
    anvil_chain: LocalChain,
    client_for: Callable[[str], ZhangdianClient],
    deployment: Deployment,
    manifest_path: Path,
    officers: Officers,
    tmp_path: Path,
) -> None:
    client_for("admin").departments.register("ZD-PWTEST", 370303, "113703030042351144", "密码测试局", "Password Bureau")
    out = tmp_path / "ZD-PWTEST.pem"
    env = {
        "ZHANGDIAN_RPC_URL": anvil_chain.rpc_url,
        "ZHANGDIAN_PRIVATE_KEY": "0x" + officers.admin._account.key.hex(),
        "ZHANGDIAN_KEYSTORE_PASSWORD": "zhangdian-demo",
        "ZHANGDIAN_DEPARTMENT_KEY_PASSWORD": "",
    }
    result = CliRunner().invoke(
        cli,
        ["material", "department-key", "ZD-PWTEST", "--out", str(out), "--deployment", str(manifest_path)],
        env=env,
        input="",  # no prompt answered: the password must come from ZHANGDIAN_KEYSTORE_PASSWORD
    )
    assert result.exit_code == 0, result.output
    assert DepartmentKey.load(out, "zhangdian-demo").public_key == client_for("admin").materials.encryption_key(
        "ZD-PWTEST"
    )
