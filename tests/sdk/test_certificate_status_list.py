"""Certificates of the status-list format (issue 17): each carries its status index, bound into its leaf;
verification reads the entry; single and bulk status changes; the original format still verifies."""

from __future__ import annotations

import json
import time

import pytest
from eth_account import Account
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.merkle import certificate_leaf
from zhangdian_sdk.core.models import CertificateState, OfficerRole
from zhangdian_sdk.facades.certificates import Certificate, CertificateDraft, disclose


@pytest.fixture(scope="module")
def issuer(w3: Web3, deployment, officers) -> ZhangdianClient:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    admin.departments.grant("ZD-XPSJ", officers.approver.address, OfficerRole.ISSUER)
    return ZhangdianClient(w3, deployment, signer=officers.approver)


def _drafts(count: int) -> list[CertificateDraft]:
    until = int(time.time()) + 365 * 86_400
    return [CertificateDraft("FOOD-LICENCE", bytes([i % 256]) * 32, {"shop": f"店 {i}"}, until) for i in range(count)]


def _codes(report) -> dict[str, str]:
    return {check.name: check.code for check in report.checks}


def test_a_status_list_batch_gives_consecutive_indices_and_verifies(issuer: ZhangdianClient) -> None:
    first_batch = issuer.certificates.issue_batch(_drafts(3), issuer="ZD-XPSJ", status_list=True)
    second_batch = issuer.certificates.issue_batch(_drafts(2), issuer="ZD-XPSJ", status_list=True)
    indices = [c.status_index for c in first_batch + second_batch]
    assert indices == list(range(indices[0], indices[0] + 5))  # per issuer, batch after batch
    certificate = first_batch[1]
    assert certificate.leaf == certificate_leaf(
        certificate.certificate_id, certificate.digest, certificate.status_index
    )
    document = json.loads(json.dumps(certificate.to_json()))
    assert document["version"] == 2
    assert Certificate.from_json(document) == certificate
    report = issuer.certificates.verify(document)
    assert report.valid, report
    assert _codes(report) == {
        "integrity": "INTEGRITY_OK",
        "issuance": "ISSUED",
        "revocation": "NOT_REVOKED",
        "issuer": "ISSUER_OK",
        "validity": "VALIDITY_OK",
        "region": "REGION_HOME",
    }
    assert issuer.certificates.verify(disclose(certificate, ["shop"])).valid
    # Without the block hint the verifier searches from the deployment's start.
    document["proof"]["issuedBlock"] = 0
    assert issuer.certificates.verify(document).valid


def test_a_holder_cannot_claim_another_status_index(issuer: ZhangdianClient) -> None:
    first, second = issuer.certificates.issue_batch(_drafts(2), issuer="ZD-XPSJ", status_list=True)
    issuer.certificates.revoke(first, reason_code=3)
    document = first.to_json()
    document["proof"]["statusIndex"] = second.status_index  # the sibling's index, still valid
    report = issuer.certificates.verify(document)
    assert not report.valid
    assert _codes(report)["integrity"] == "INTEGRITY_MISMATCH"
    assert _codes(report)["issuance"] == "NOT_ISSUED"


def test_revoke_suspend_reinstate_and_end_by_index(issuer: ZhangdianClient) -> None:
    issued = issuer.certificates.issue_batch(_drafts(4), issuer="ZD-XPSJ", status_list=True)
    result = issuer.certificates.revoke(issued[0], reason_code=5)
    assert result.gas_used <= 55_000
    report = issuer.certificates.verify(issued[0].to_json())
    assert _codes(report)["revocation"] == "CERTIFICATE_REVOKED"
    assert (
        f"in block {result.block_number} (reason 5)"
        in next(c for c in report.checks if c.name == "revocation").message_en
    )
    assert all(issuer.certificates.verify(c).valid for c in issued[1:])
    with pytest.raises(errors.CertificateStatusFinal):
        issuer.certificates.revoke(issued[0], reason_code=5)

    issuer.certificates.suspend(issued[1], reason_code=4)
    assert issuer.certificates.verify(issued[1]).status is CertificateState.SUSPENDED
    with pytest.raises(errors.CertificateStatusUnchanged):
        issuer.certificates.suspend(issued[1], reason_code=4)
    issuer.certificates.reinstate(issued[1])
    assert issuer.certificates.status(issued[1]) is CertificateState.VALID
    issuer.certificates.end(issued[2], state=CertificateState.WITHDRAWN, reason_code=8)
    assert issuer.certificates.verify(issued[2]).status is CertificateState.WITHDRAWN


def test_revoking_100_in_one_transaction_shares_status_words(issuer: ZhangdianClient) -> None:
    issued = issuer.certificates.issue_batch(_drafts(130), issuer="ZD-XPSJ", status_list=True)
    (result,) = issuer.certificates.revoke_many(issued[10:110], reason_code=6)
    assert result.gas_used // 100 <= 5_000, result.gas_used
    assert {issuer.certificates.status(c) for c in (issued[10], issued[109])} == {CertificateState.REVOKED}
    assert issuer.certificates.verify(issued[110]).valid
    # The whole batch, by the indices of its StatusBatchIssued event.
    indices = issuer.certificates.batch_indices(issued[0])
    assert list(indices) == [c.status_index for c in issued]


def test_bulk_changes_refuse_duplicates_and_original_format_certificates(issuer: ZhangdianClient) -> None:
    (legacy,) = issuer.certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ")
    assert legacy.status_index is None
    assert legacy.to_json()["version"] == 1
    with pytest.raises(errors.InvalidInputError):
        issuer.certificates.revoke_many([legacy], reason_code=1)
    (indexed,) = issuer.certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ", status_list=True)
    assert indexed.status_index is not None
    with pytest.raises(errors.InvalidInputError):
        issuer.certificates.set_statuses(
            "ZD-XPSJ", [indexed.status_index] * 2, state=CertificateState.REVOKED, reason_code=1
        )
    # The original format is revoked as before, and both formats verify side by side.
    issuer.certificates.revoke(legacy, reason_code=2)
    assert _codes(issuer.certificates.verify(legacy))["revocation"] == "CERTIFICATE_REVOKED"
    assert issuer.certificates.verify(indexed).valid


def test_another_departments_issuer_cannot_change_the_list(
    issuer: ZhangdianClient, w3: Web3, deployment, officers
) -> None:
    (certificate,) = issuer.certificates.issue_batch(_drafts(1), issuer="ZD-XPSJ", status_list=True)
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    # A fresh account: the session's shared officers may hold roles in ZD-XPSJ from other tests (the CLI's).
    stranger = LocalSigner(Account.create())
    w3.provider.make_request("anvil_setBalance", [stranger.address, hex(10**18)])  # type: ignore[arg-type]
    admin.departments.grant("ZD-SCJGJ", stranger.address, OfficerRole.ISSUER)
    inspector = ZhangdianClient(w3, deployment, signer=stranger)
    with pytest.raises(errors.NotAStatusSigner):
        inspector.certificates.revoke(certificate, reason_code=1)
    with pytest.raises(errors.NotAnIssuer):
        inspector.certificates.enrol_status_signer("ZD-XPSJ")
    assert issuer.certificates.verify(certificate).valid
