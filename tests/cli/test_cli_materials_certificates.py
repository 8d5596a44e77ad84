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
