"""Materials, consents, certificates and federation from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import Officers
from zhangdian_sdk.cli import cli
from zhangdian_sdk.facades.certificates import Certificate

PASSWORDS = {
    "ZHANGDIAN_DEPARTMENT_KEY_PASSWORD": "department secret",
    "ZHANGDIAN_CITIZEN_PASSWORD": "citizen secret",
    "ZHANGDIAN_KEYSTORE_PASSWORD": "region secret",
}


def _env(anvil_chain, officers: Officers, who: str | None) -> dict[str, str]:
    env = {"ZHANGDIAN_RPC_URL": anvil_chain.rpc_url, **PASSWORDS}
    env["ZHANGDIAN_PRIVATE_KEY"] = "0x" + getattr(officers, who)._account.key.hex() if who else ""
    return env


def test_material_register_consent_fetch_and_log(
    anvil_chain,
    officers: Officers,
    manifest_path: Path,
    tmp_path: Path,
    new_number,
) -> None:
    runner = CliRunner()
    chain = ["--deployment", str(manifest_path)]
    store = ["--store", str(tmp_path / "store")]

    def run(who: str | None, *args: str) -> str:
        result = runner.invoke(cli, list(args), env=_env(anvil_chain, officers, who), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    key = tmp_path / "xpsj.pem"
    run("admin", "material", "department-key", "ZD-XPSJ", "--out", str(key), *chain)
    citizen_keystore = tmp_path / "citizen.json"
    out = run(None, "citizen", "keygen", str(citizen_keystore))
    citizen = re.search(r"0x[0-9a-fA-F]{40}", out).group(0)  # type: ignore[union-attr]

    scan = tmp_path / "id.txt"
    scan.write_text("身份证 370303199001011239")
    ids = []
    for material_type in ("ID-CARD", "HEALTH-CERT"):
        out = run(
            "clerk",
            "material",
            "register",
            str(scan),
            "--type",
            material_type,
            "--issuer",
            "ZD-XPSJ",
            "--owner-key",
            citizen,
            "--applicant",
            "370303199001011239",
            "--valid-until",
            "365d",
            "--key",
            str(key),
            *store,
            *chain,
        )
        ids.append(re.search(r"material (0x[0-9a-f]{64})", out).group(1))  # type: ignore[union-attr]
        run(
            "clerk",
            "consent",
            "grant",
            ids[-1],
            "--department",
            "ZD-XPSJ",
            "--for-service",
            "ZD-JKZM-BA",
            "--citizen-keystore",
            str(citizen_keystore),
            *chain,
        )

    number = new_number()
    run(
        "clerk",
        "application",
        "submit",
        number,
        "--service",
        "ZD-JKZM-BA",
        "--applicant",
        "370303199001011239",
        "--material",
        ids[0],
        "--material",
        ids[1],
        *chain,
    )
    shown = json.loads(run(None, "material", "show", ids[0], "--json", *chain))
    assert shown["material_type"] == "ID-CARD"
    consents = json.loads(run(None, "consent", "list", ids[0], "--json", *chain))
    assert consents[0]["inForce"] is True
    assert consents[0]["purposeKind"] == "service"

    plain = tmp_path / "plain.txt"
    run(
        "clerk",
        "material",
        "fetch",
        ids[0],
        "--department",
        "ZD-XPSJ",
        "--for-service",
        "ZD-JKZM-BA",
        "--key",
        str(key),
        "--out",
        str(plain),
        *store,
        *chain,
    )
    assert plain.read_text() == "身份证 370303199001011239"
    log = json.loads(run(None, "material", "log", ids[0], "--json", *chain))
    assert [entry["kind"] for entry in log] == ["attached", "decrypted"]
    assert [entry["purpose"]["kind"]["name"] for entry in log] == ["SERVICE", "SERVICE"]

    run(
        "clerk",
        "consent",
        "revoke",
        ids[0],
        "--department",
        "ZD-XPSJ",
        "--for-service",
        "ZD-JKZM-BA",
        "--citizen-keystore",
        str(citizen_keystore),
        *chain,
    )
    refused = runner.invoke(
        cli,
        [
            "material",
            "fetch",
            ids[0],
            "--department",
            "ZD-XPSJ",
            "--for-service",
            "ZD-JKZM-BA",
            "--key",
            str(key),
            "--out",
            str(plain),
            *store,
            *chain,
        ],
        env=_env(anvil_chain, officers, "clerk"),
    )
    assert refused.exit_code == 4
    assert "no consent in force" in refused.output
    # The citizen consents again after the withdrawal: the command signs for the new consent epoch.
    run(
        "clerk",
        "consent",
        "grant",
        ids[0],
        "--department",
        "ZD-XPSJ",
        "--for-service",
        "ZD-JKZM-BA",
        "--citizen-keystore",
        str(citizen_keystore),
        *chain,
    )
    consents = json.loads(run(None, "consent", "list", ids[0], "--json", *chain))
    assert [(c["event"], c["inForce"]) for c in consents][-2:] == [("ConsentRevoked", True), ("ConsentGranted", True)]
    run("clerk", "material", "revoke", ids[1], "--reason", "3", *chain)
    assert json.loads(run(None, "material", "show", ids[1], "--json", *chain))["revoked"] is True


def test_certificate_issue_verify_disclose_revoke_and_federation(
    anvil_chain,
    officers: Officers,
    manifest_path: Path,
    tmp_path: Path,
) -> None:
    runner = CliRunner()
    chain = ["--deployment", str(manifest_path)]

    def run(who: str | None, *args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=_env(anvil_chain, officers, who), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run("admin", "officer", "grant", "ZD-XPSJ", officers.inspector.address, "--role", "issuer", *chain)
    cert = tmp_path / "licence.json"
    run(
        "inspector",
        "certificate",
        "issue",
        "--issuer",
        "ZD-XPSJ",
        "--type",
        "FOOD-LICENCE",
        "--subject",
        "0x" + "cd" * 32,
        "--field",
        "shop=张店小吃",
        "--field",
        "address=华光路 1 号",
        "--valid-until",
        "365d",
        "--out",
        str(cert),
        *chain,
    )
    report = json.loads(run(None, "certificate", "verify", str(cert), "--json", *chain))
    assert report["valid"] is True
    assert "VALID" in run(None, "certificate", "verify", str(cert), *chain)

    hidden = tmp_path / "hidden.json"
    run(None, "certificate", "disclose", str(cert), "--hide", "address", "--out", str(hidden))
    assert "value" not in json.loads(run(None, "certificate", "show", str(hidden), "--json"))["fields"]["address"]
    assert json.loads(run(None, "certificate", "verify", str(hidden), "--json", *chain))["valid"] is True

    run("inspector", "certificate", "revoke", str(cert), "--reason", "7", *chain)
    revoked = json.loads(run(None, "certificate", "verify", str(cert), "--json", *chain, code=5))
    assert {c["name"]: c["code"] for c in revoked["checks"]}["revocation"] == "CERTIFICATE_REVOKED"

    drafts = tmp_path / "drafts.json"
    drafts.write_text(
        json.dumps(
            [
                {
                    "type": "FOOD-LICENCE",
                    "subject": "0x" + "01" * 32,
                    "fields": {"shop": f"店 {i}"},
                    "validUntil": "30d",
                }
                for i in range(4)
            ]
        )
    )
    run(
        "inspector",
        "certificate",
        "issue-batch",
        str(drafts),
        "--issuer",
        "ZD-XPSJ",
        "--out-dir",
        str(tmp_path / "b"),
        *chain,
    )
    batch = sorted((tmp_path / "b").glob("*.json"))
    assert len(batch) == 4

    # Another region attests one of its certificates; this region recognises it once the peer is added.
    region_keystore = tmp_path / "region.json"
    out = run(None, "account", "new", str(region_keystore))
    region_key = re.search(r"0x[0-9a-fA-F]{40}", out).group(0)  # type: ignore[union-attr]
    foreign = json.loads(batch[0].read_text())
    foreign["region"] = 370306  # as issued there, alone in its batch: the root is its own leaf
    foreign["proof"]["merkleProof"] = []
    foreign["proof"]["root"] = "0x" + Certificate.from_json(foreign).leaf.hex()
    foreign_path = tmp_path / "foreign.json"
    foreign_path.write_text(json.dumps(foreign))
    attestation = tmp_path / "attestation.json"
    run(
        None,
        "federation",
        "attest",
        str(foreign_path),
        "--keystore",
        str(region_keystore),
        "--for-deployment",
        str(manifest_path),
        "--out",
        str(attestation),
    )
    # Signed for another chain's federation, it is refused before anything is sent; without a target, too.
    elsewhere = tmp_path / "elsewhere.json"
    other = ["--for-chain-id", "1", "--for-federation", "0x" + "12" * 20]
    run(
        None,
        "federation",
        "attest",
        str(foreign_path),
        "--keystore",
        str(region_keystore),
        *other,
        "--out",
        str(elsewhere),
    )
    assert "not for this federation" in run("admin", "federation", "import", str(elsewhere), *chain, code=2)
    no_target = ["federation", "attest", str(foreign_path), "--keystore", str(region_keystore), "--out", str(elsewhere)]
    assert "--for-deployment" in run(None, *no_target, code=2)
    run("admin", "federation", "add", "370306", "--name", "周村区", "--key", region_key, *chain)
    assert any(p["region_code"] == 370306 for p in json.loads(run(None, "federation", "list", "--json", *chain)))
    run("admin", "federation", "import", str(attestation), *chain)
    replay = runner.invoke(
        cli, ["federation", "import", str(attestation), *chain], env=_env(anvil_chain, officers, "admin")
    )
    assert replay.exit_code == 5
    assert "replay" in replay.output
    assert json.loads(run(None, "certificate", "verify", str(foreign_path), "--json", *chain))["valid"] is True
    run("admin", "federation", "remove-key", "370306", region_key, *chain)
    lapsed = json.loads(run(None, "certificate", "verify", str(foreign_path), "--json", *chain, code=5))
    assert {c["name"]: c["code"] for c in lapsed["checks"]}["revocation"] == "ATTESTATION_LAPSED"
    run("admin", "federation", "remove", "370306", *chain)
    after = json.loads(run(None, "certificate", "verify", str(foreign_path), "--json", *chain, code=5))
    assert {c["name"]: c["code"] for c in after["checks"]}["region"] == "REGION_REMOVED"


def test_certificate_licence_metadata_status_and_annotated_copy(
    anvil_chain,
    officers: Officers,
    manifest_path: Path,
    tmp_path: Path,
) -> None:
    """Issue 14, item 5: a licence with its 证照标识 and GB/T 36903 metadata, its status in words through
    suspend, reinstate and cancel, and a 加注件 that verifies only for its purpose."""
    runner = CliRunner()
    chain = ["--deployment", str(manifest_path)]

    def run(who: str | None, *args: str, code: int = 0) -> str:
        result = runner.invoke(cli, list(args), env=_env(anvil_chain, officers, who), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    identifier = run(None, "certificate", "identifier", "31370000001", "11370303mb2855001u", "2026000059").strip()
    assert identifier == "1.2.156.3005.2.31370000001.11370303MB2855001U.2026000059.001.0"
    assert "USCC" in run(None, "certificate", "identifier", "31370000001", "11370303MB2855001A", "1", code=2)

    run("admin", "officer", "grant", "ZD-XPSJ", officers.inspector.address, "--role", "issuer", *chain)
    metadata = {
        "licenceName": "食品经营许可证",
        "licenceTypeCode": "31370000001",
        "licenceNumber": "JY23703030000123",
        "licenceIdentifier": identifier,
        "issuerName": "淄博市张店区行政审批服务局",
        "issuerCode": "11370303MB2855001U",
        "issueDate": "2026-03-02",
        "validFromDate": "2026-03-02",
        "validUntilDate": "2031-03-01",
        "holderName": "张店小吃店",
        "holderCode": "370303199003150013",
        "holderCodeType": "111",
    }
    licence = tmp_path / "licence-metadata.json"
    licence.write_text(json.dumps({**metadata, "licenceIdentifier": identifier[:-1] + "1"}), encoding="utf-8")
    cert = tmp_path / "licence.json"
    issue = ["certificate", "issue", "--issuer", "ZD-XPSJ", "--type", "FOOD-LICENCE", "--subject", "0x" + "ab" * 32]
    issue += ["--field", "scope=热食类", "--licence", str(licence), "--out", str(cert), *chain]
    refused = run("inspector", *issue, code=2)
    assert "校验位" in refused
    assert "check character should be 0" in refused
    licence.write_text(json.dumps(metadata), encoding="utf-8")
    assert identifier in run("inspector", *issue)

    shown = run(None, "certificate", "verify", str(cert), *chain)
    assert "有效 Valid" in shown
    assert "JY23703030000123" in shown
    run("inspector", "certificate", "suspend", str(cert), "--reason", "4", *chain)
    suspended = json.loads(run(None, "certificate", "verify", str(cert), "--json", *chain, code=5))
    assert suspended["status"] == {"code": "SUSPENDED", "zh": "暂扣", "en": "Suspended"}
    again = run("inspector", "certificate", "suspend", str(cert), "--reason", "4", *chain, code=5)
    assert "已处于暂扣状态" in again
    run("inspector", "certificate", "reinstate", str(cert), *chain)
    assert json.loads(run(None, "certificate", "verify", str(cert), "--json", *chain))["status"]["code"] == "VALID"

    copy = tmp_path / "for-the-bank.json"
    run(None, "certificate", "annotate", str(cert), "--purpose", "银行开户", "--valid-until", "7d",
        "--hide", "holderCode", "--out", str(copy))  # fmt: skip
    assert json.loads(run(None, "certificate", "verify", str(copy), "--purpose", "银行开户", "--json", *chain))["valid"]
    wrong = json.loads(run(None, "certificate", "verify", str(copy), "--purpose", "申领社保", "--json", *chain, code=5))
    assert {c["name"]: c["code"] for c in wrong["checks"]}["annotation"] == "ANNOTATION_PURPOSE_MISMATCH"

    assert "withdrawn" in run("inspector", "certificate", "revoke", str(cert), "--reason", "2", "--state", "valid",
                              *chain, code=2)  # fmt: skip
    run("inspector", "certificate", "revoke", str(cert), "--reason", "2", "--state", "注销", *chain)
    cancelled = run(None, "certificate", "verify", str(cert), *chain, code=5)
    assert "注销 Cancelled" in cancelled
