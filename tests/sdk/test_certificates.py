"""Electronic certificates: batches, selective disclosure, revocation, verification and recognition."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from eth_account import Account
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.merkle import StandardMerkleTree
from zhangdian_sdk.core.models import OfficerRole
from zhangdian_sdk.core.tx import TransactionSender
from zhangdian_sdk.facades.certificates import Certificate, CertificateDraft, disclose
from zhangdian_sdk.facades.federation import (
    Attestation,
    attest_certificate,
    attest_decision,
    new_nonce,
    sign_attestation,
)
from zhangdian_sdk.ops.deploy import deploy_proxied

ROOT = Path(__file__).resolve().parents[2]
ClientFor = Callable[[str], ZhangdianClient]


@pytest.fixture(scope="module")
def issuer(w3: Web3, deployment, officers) -> ZhangdianClient:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    admin.departments.grant("ZD-XPSJ", officers.approver.address, OfficerRole.ISSUER)
    return ZhangdianClient(w3, deployment, signer=officers.approver)


def _drafts(count: int, *, valid_for: int = 365 * 86_400) -> list[CertificateDraft]:
    until = int(time.time()) + valid_for
    return [
        CertificateDraft(
            "FOOD-LICENCE",
            bytes([i % 256]) * 32,
            {"shop": f"张店小吃 {i}", "address": f"华光路 {i} 号", "scope": "热食类"},
            valid_until=until,
        )
        for i in range(count)
    ]


def _codes(report) -> dict[str, str]:
    return {check.name: check.code for check in report.checks}


def test_a_batch_puts_one_root_on_chain_and_every_certificate_verifies(issuer: ZhangdianClient) -> None:
    issued = issuer.certificates.issue_batch(_drafts(5), issuer="ZD-XPSJ")
    assert len({c.root for c in issued}) == 1
    for certificate in issued:
        report = issuer.certificates.verify(json.dumps(certificate.to_json()))
        assert report.valid, report
        assert _codes(report) == {
            "integrity": "INTEGRITY_OK",
            "issuance": "ISSUED",
            "revocation": "NOT_REVOKED",
            "issuer": "ISSUER_OK",
            "validity": "VALIDITY_OK",
            "region": "REGION_HOME",
        }
        assert all(check.message_zh and check.message_en for check in report.checks)


def test_a_tampered_field_fails_integrity_and_a_hidden_field_still_verifies(issuer: ZhangdianClient) -> None:
    (certificate,) = issuer.certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ")
    hidden = disclose(certificate, ["address", "scope"])
    assert "value" not in hidden.fields["address"]
    assert hidden.shown_fields() == {"shop": certificate.fields["shop"]["value"]}
    assert issuer.certificates.verify(hidden.to_json()).valid

    data = certificate.to_json()
    data["fields"]["shop"]["value"] = "别的店"
    report = issuer.certificates.verify(data)
    assert not report.valid
    assert _codes(report)["integrity"] == "INTEGRITY_MISMATCH"


def test_a_wrong_proof_fails_integrity(issuer: ZhangdianClient) -> None:
    first, second = issuer.certificates.issue_batch(_drafts(2), issuer="ZD-XPSJ")
    data = first.to_json()
    data["proof"]["merkleProof"] = second.to_json()["proof"]["merkleProof"]  # the sibling's proof
    assert _codes(issuer.certificates.verify(data))["integrity"] == "INTEGRITY_MISMATCH"


def test_revoking_one_certificate_of_a_batch_leaves_its_siblings_valid(issuer: ZhangdianClient, w3: Web3) -> None:
    issued = issuer.certificates.issue_batch(_drafts(8), issuer="ZD-XPSJ")
    before = w3.eth.block_number
    issuer.certificates.revoke(issued[3], reason_code=5)
    report = issuer.certificates.verify(issued[3].to_json())
    assert _codes(report)["revocation"] == "CERTIFICATE_REVOKED"
    assert "reason 5" in next(c for c in report.checks if c.name == "revocation").message_en
    assert all(issuer.certificates.verify(c.to_json()).valid for i, c in enumerate(issued) if i != 3)

    registry = issuer.contract("CertificateRegistry")
    revoked = issued[3]
    args = (revoked.root, code_to_bytes32("ZD-XPSJ"), revoked.certificate_id, revoked.digest, list(revoked.proof))
    assert registry.functions.validAt(*args, before).call()
    assert not registry.functions.validAt(*args, w3.eth.block_number).call()
    with pytest.raises(errors.CertificateAlreadyRevoked):
        issuer.certificates.revoke(issued[3], reason_code=5)


def test_revoking_a_batch_revokes_all_of_it(issuer: ZhangdianClient) -> None:
    issued = issuer.certificates.issue_batch(_drafts(3), issuer="ZD-XPSJ")
    issuer.certificates.revoke_batch(issued[0].root, issuer="ZD-XPSJ", reason_code=9)
    assert {_codes(issuer.certificates.verify(c.to_json()))["revocation"] for c in issued} == {"BATCH_REVOKED"}


def test_expired_and_not_yet_valid_certificates_fail_the_dates_check(issuer: ZhangdianClient) -> None:
    (certificate,) = issuer.certificates.issue_batch(_drafts(1, valid_for=60), issuer="ZD-XPSJ")
    assert _codes(issuer.certificates.verify(certificate, now=certificate.valid_until + 1))["validity"] == "EXPIRED"
    assert (
        _codes(issuer.certificates.verify(certificate, now=certificate.valid_from - 1))["validity"] == "NOT_YET_VALID"
    )


def test_only_an_issuer_of_an_active_department_issues(client_for: ClientFor, w3: Web3, deployment, officers) -> None:
    with pytest.raises(errors.NotAnIssuer):
        client_for("clerk").certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ")
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    admin.departments.grant("ZD-SCJGJ", officers.inspector.address, OfficerRole.ISSUER)
    inspector = client_for("inspector")
    (certificate,) = inspector.certificates.issue_batch(_drafts(1), issuer="ZD-SCJGJ")
    admin.departments.set_active("ZD-SCJGJ", False)
    try:
        with pytest.raises(errors.NotAnIssuer):
            inspector.certificates.issue_batch(_drafts(1), issuer="ZD-SCJGJ")
        report = inspector.certificates.verify(certificate.to_json())
        assert report.valid  # issued while active: still valid, and the report says the department is gone
        assert "deactivated" in next(c for c in report.checks if c.name == "issuer").message_en
    finally:
        admin.departments.set_active("ZD-SCJGJ", True)


def test_an_unissued_certificate_fails_issuance(issuer: ZhangdianClient) -> None:
    (certificate,) = issuer.certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ")
    forged = Certificate.from_json({**certificate.to_json(), "issuer": "ZD-SCJGJ"})
    codes = _codes(issuer.certificates.verify(forged))
    assert codes["issuance"] == "NOT_ISSUED"
    assert codes["revocation"] == "NOT_ISSUED"


def test_roots_and_proofs_match_the_openzeppelin_javascript_library(issuer: ZhangdianClient) -> None:
    issued = issuer.certificates.issue_batch(_drafts(7), issuer="ZD-XPSJ")
    values = [["0x" + c.certificate_id.hex(), "0x" + c.digest.hex()] for c in issued]
    script = (
        "const {StandardMerkleTree}=require('@openzeppelin/merkle-tree');"
        "const v=JSON.parse(process.argv[1]);const t=StandardMerkleTree.of(v,['bytes32','bytes32']);"
        "console.log(JSON.stringify({root:t.root,proofs:v.map((_,i)=>t.getProof(i))}));"
    )
    result = subprocess.run(
        ["node", "-e", script, json.dumps(values)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    expected = json.loads(result.stdout)
    assert expected["root"] == "0x" + issued[0].root.hex()
    assert expected["proofs"] == [["0x" + p.hex() for p in c.proof] for c in issued]


def test_batch_root_gas_does_not_grow_with_the_batch(issuer: ZhangdianClient, w3: Web3) -> None:
    gas = {}
    for size in (1, 1024):
        issuer.certificates.issue_batch(_drafts(size), issuer="ZD-XPSJ")
        block = w3.eth.get_block("latest", full_transactions=True)
        gas[size] = w3.eth.get_transaction_receipt(block["transactions"][-1]["hash"])["gasUsed"]
    # Only the calldata differs (the count and the root's zero bytes): at most 16 gas a byte.
    assert abs(gas[1024] - gas[1]) <= 64


def _peer_registry(w3: Web3, officers) -> str:
    """A peer region's own suite on the same chain: a department registry and a certificate registry."""
    sender = TransactionSender(w3, officers.admin)
    departments = deploy_proxied(sender, "DepartmentRegistry", officers.admin.address)
    return deploy_proxied(sender, "CertificateRegistry", officers.admin.address, departments)


def test_certificates_of_other_regions_are_recognised_by_attestation_until_the_peer_is_removed(
    w3: Web3,
    deployment,
    officers,
    issuer: ZhangdianClient,
) -> None:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    peer_key = Account.create()
    (local,) = issuer.certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ")
    # The certificate as the peer region (淄川区 370302) would have issued it.
    foreign = Certificate.from_json({**local.to_json(), "region": 370302, "issuer": "ZC-XPSJ"})
    foreign_tree = StandardMerkleTree.of([[foreign.certificate_id, foreign.digest]], ["bytes32", "bytes32"])
    foreign = Certificate.from_json(
        {
            **foreign.to_json(),
            "proof": {**foreign.to_json()["proof"], "root": "0x" + foreign_tree.root.hex(), "merkleProof": []},
        }
    )

    assert _codes(issuer.certificates.verify(foreign))["region"] == "REGION_UNRECOGNISED"

    admin.federation.add_peer(370302, "淄川区")
    admin.federation.add_key(370302, peer_key.address)
    domain = admin.federation.domain()
    attestation, signature = attest_certificate(peer_key, foreign, domain=domain)
    with pytest.raises(errors.NotPeerKey):
        admin.federation.import_attestation(
            attestation, attest_certificate(Account.create(), foreign, domain=domain)[1]
        )
    admin.federation.import_attestation(attestation, signature)
    with pytest.raises(errors.AttestationReplayed):
        admin.federation.import_attestation(attestation, signature)
    report = issuer.certificates.verify(foreign)
    assert report.valid, report
    assert _codes(report)["issuance"] == "ATTESTED"

    admin.federation.remove_peer(370302)
    report = issuer.certificates.verify(foreign)
    assert not report.valid
    assert _codes(report)["region"] == "REGION_REMOVED"
    assert _codes(report)["revocation"] == "ATTESTATION_LAPSED"


def test_a_rogue_peer_cannot_change_how_another_regions_certificate_verifies(
    w3: Web3, deployment, officers, issuer: ZhangdianClient
) -> None:
    """Issue 12, finding 5 (a, b): the verifier reads the certificate's own region's recognition only, and
    it lapses when the key that signed it is withdrawn."""
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    origin_key, rogue_key = Account.create(), Account.create()
    admin.federation.add_peer(370322, "周村区")
    admin.federation.add_key(370322, origin_key.address)
    admin.federation.add_peer(370321, "高青县")
    admin.federation.add_key(370321, rogue_key.address)
    (local,) = issuer.certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ")
    foreign = Certificate.from_json({**local.to_json(), "region": 370322, "issuer": "ZC-XPSJ"})
    foreign = Certificate.from_json(
        {
            **foreign.to_json(),
            "proof": {**foreign.to_json()["proof"], "root": "0x" + foreign.leaf.hex(), "merkleProof": []},
        }
    )
    domain = admin.federation.domain()
    admin.federation.import_attestation(*attest_certificate(origin_key, foreign, domain=domain))
    # The rogue peer attests the same leaf, soon to lapse and with another issuer.
    soon = int(w3.eth.get_block("latest")["timestamp"]) + 5
    rogue = Attestation(370321, 1, foreign.leaf, "GQ-XPSJ", foreign.issued_at + 1, soon, new_nonce())
    admin.federation.import_attestation(rogue, sign_attestation(rogue_key, rogue, domain=domain))
    w3.provider.make_request("evm_increaseTime", [10])  # type: ignore[arg-type]
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]

    report = admin.certificates.verify(foreign)
    assert report.valid, report
    assert _codes(report)["issuance"] == "ATTESTED"
    assert _codes(report)["issuer"] == "ISSUER_OK"
    assert [r.origin_region for r in admin.federation.recognitions(foreign.leaf)] == [370322, 370321]
    assert [r.in_force for r in admin.federation.recognitions(foreign.leaf)] == [True, False]
    assert admin.federation.peer(370322).generation == 1

    admin.federation.remove_key(370322, origin_key.address)
    report = admin.certificates.verify(foreign)
    assert not report.valid
    assert _codes(report)["revocation"] == "ATTESTATION_LAPSED"
    assert not admin.federation.is_recognized(foreign.leaf, origin_region=370322)


def test_same_chain_peer_certificates_are_read_from_the_peer_registry(
    w3: Web3,
    deployment,
    officers,
) -> None:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    registry = _peer_registry(w3, officers)
    admin.federation.add_peer(370305, "临淄区", certificate_registry=registry)
    assert admin.federation.peer(370305).certificate_registry == registry
    (local,) = ZhangdianClient(w3, deployment, signer=officers.approver).certificates.issue_batch(
        _drafts(1), issuer="ZD-XPSJ"
    )
    foreign = Certificate.from_json({**local.to_json(), "region": 370305})
    codes = _codes(admin.certificates.verify(foreign))
    assert codes["region"] == "REGION_RECOGNISED"
    assert codes["issuance"] == "NOT_ISSUED"  # the peer's registry never issued it


def test_approval_decisions_of_peer_regions_are_recognised_by_attestation(w3: Web3, deployment, officers) -> None:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    peer_key = Account.create()
    admin.federation.add_peer(370304, "博山区")
    admin.federation.add_key(370304, peer_key.address)
    decision = b"\x42" * 32  # the hash of the peer's approval decision record
    attestation, signature = attest_decision(
        peer_key,
        domain=admin.federation.domain(),
        origin_region=370304,
        decision_hash=decision,
        issuer="BS-XPSJ",
        issued_at=int(time.time()),
    )
    assert not admin.federation.is_recognized(decision)
    admin.federation.import_attestation(attestation, signature)
    assert admin.federation.is_recognized(decision)
    admin.federation.remove_peer(370304)
    assert not admin.federation.is_recognized(decision)
    with pytest.raises(errors.PeerNotActive):
        admin.federation.import_attestation(
            *attest_decision(
                peer_key,
                domain=admin.federation.domain(),
                origin_region=370304,
                decision_hash=b"\x43" * 32,
                issuer="BS-XPSJ",
                issued_at=int(time.time()),
            )
        )
