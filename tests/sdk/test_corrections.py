"""更正 through the SDK on a real anvil: a department corrects the reason code of its own rejection (the
SDK reads the original from the ledger's events and says "reason 1 corrected to 2"), and a field of a
certificate it issued; the originals stay, other departments and outsiders are refused."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import pytest
from eth_account import Account
from eth_utils.crypto import keccak
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.models import ApplicationStatus, OfficerRole
from zhangdian_sdk.facades.certificates import Certificate, CertificateDraft
from zhangdian_sdk.facades.corrections import CorrectionSubject, correction_reason, field_code

ClientFor = Callable[[str], ZhangdianClient]


@pytest.fixture
def rejected(client_for: ClientFor, new_number: Callable[[], str]) -> str:
    """An application of ZD-GTGSH-SL (one step of ZD-XPSJ) rejected by its approver with reason code 1."""
    clerk, approver = client_for("clerk"), client_for("approver")
    number = new_number()
    clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=b"\x11" * 32)
    clerk.ledger.accept(number)
    approver.ledger.reject(number, reason_code=1)
    return number


@pytest.fixture(scope="module")
def issued(w3: Web3, deployment, officers) -> Certificate:  # type: ignore[no-untyped-def]
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    if not admin.departments.has_role("ZD-XPSJ", officers.approver.address, OfficerRole.ISSUER):
        admin.departments.grant("ZD-XPSJ", officers.approver.address, OfficerRole.ISSUER)
    issuer = ZhangdianClient(w3, deployment, signer=officers.approver)
    draft = CertificateDraft("FOOD-LICENCE", b"\x21" * 32, {"shop": "张店小炒"}, int(time.time()) + 86_400)
    (certificate,) = issuer.certificates.issue_batch([draft], issuer="ZD-XPSJ")
    return certificate


def test_the_deciding_department_corrects_a_rejections_reason_and_the_sdk_says_from_what(
    client_for: ClientFor, rejected: str
) -> None:
    approver = client_for("approver")
    record = approver.ledger.get(rejected)
    result = approver.corrections.correct_reason_code(rejected, to=2, reason_code=1)
    assert (result.previous, result.corrected, result.reason_code, result.sequence) == (1, 2, 1, 0)
    assert result.subject == CorrectionSubject.DECISION
    assert result.summary_en == "reason 1 corrected to 2"
    assert result.summary_zh == "原因代码 1 更正为 2"
    assert not result.already_recorded
    assert result.transaction.gas_used > 0
    print(f"\ncorrectDecision through the proxy on anvil: {result.transaction.gas_used} gas")
    (correction,) = approver.corrections.decision_corrections(rejected)
    assert (correction.department, correction.field, correction.corrected_int) == ("ZD-XPSJ", "reasonCode", 2)
    assert (correction.reason_zh, correction.reason_en) == correction_reason(1)
    assert correction.actor == approver.sender.address
    # the original stays as it was: the ledger's record and its rejection event
    assert approver.ledger.get(rejected) == record
    assert record.status == ApplicationStatus.REJECTED
    assert approver.corrections.decision_reason(rejected) == ("ApplicationRejected", 1)
    assert approver.corrections.current_reason_code(rejected) == 2

    # a retry of the same correction is found on chain; a later one corrects the corrected code
    assert approver.corrections.correct_reason_code(rejected, to=2, reason_code=1).already_recorded
    again = client_for("clerk").corrections.correct_reason_code(rejected, to=3, reason_code=1)
    assert (again.previous, again.corrected, again.sequence) == (2, 3, 1)
    assert again.summary_en == "reason 2 corrected to 3"
    print(f"a second correction of the same decision: {again.transaction.gas_used} gas")
    assert [c.corrected_int for c in approver.corrections.decision_corrections(rejected)] == [2, 3]


def test_other_departments_and_outsiders_are_refused_by_name(client_for: ClientFor, rejected: str) -> None:
    for role in ("inspector", "outsider", "admin"):
        with pytest.raises(errors.NotTheRecordsDepartment) as refused:
            client_for(role).corrections.correct_reason_code(rejected, to=2, reason_code=1)
        assert "ZD-XPSJ" in str(refused.value)
    assert client_for("outsider").corrections.decision_corrections(rejected) == ()


def test_repeating_anothers_correction_is_judged_by_the_chain_not_reported_as_recorded(
    client_for: ClientFor, rejected: str
) -> None:
    """Only the signer's own retry is "already recorded"; an outsider repeating an officer's correction is
    refused, and another officer of the department records it again under their own name."""
    approver = client_for("approver")
    approver.corrections.correct_reason_code(rejected, to=2, reason_code=1)
    for role in ("inspector", "outsider"):
        with pytest.raises(errors.NotTheRecordsDepartment):
            client_for(role).corrections.correct_reason_code(rejected, to=2, reason_code=1)
    clerk = client_for("clerk")
    repeated = clerk.corrections.correct_reason_code(rejected, to=2, reason_code=1)
    assert not repeated.already_recorded
    assert [c.actor for c in approver.corrections.decision_corrections(rejected)] == [
        approver.sender.address,
        clerk.sender.address,
    ]


def test_the_sdk_refuses_what_is_not_a_correction(
    client_for: ClientFor, rejected: str, new_number: Callable[[], str]
) -> None:
    approver = client_for("approver")
    with pytest.raises(errors.InvalidInputError, match="already"):
        approver.corrections.correct_reason_code(rejected, to=1, reason_code=1)
    with pytest.raises(errors.InvalidInputError):
        approver.corrections.correct_reason_code(rejected, to=2, reason_code=0)
    with pytest.raises(errors.InvalidInputError):
        approver.corrections.correct_reason_code(rejected, to=70_000, reason_code=1)
    with pytest.raises(errors.InvalidInputError):
        approver.corrections.correct_decision(rejected, field="opinion-hash", value=bytes(32), reason_code=1)
    with pytest.raises(errors.InvalidInputError):
        field_code("has space")
    accepted = new_number()
    clerk = client_for("clerk")
    clerk.ledger.submit(accepted, service="ZD-GTGSH-SL", applicant_commitment=b"\x11" * 32)
    clerk.ledger.accept(accepted)
    with pytest.raises(errors.InvalidInputError, match="no decision with a reason code"):
        approver.corrections.correct_reason_code(accepted, to=2, reason_code=1)
    with pytest.raises(errors.UnknownApplication):
        approver.corrections.correct_reason_code(b"\x99" * 32, to=2, reason_code=1)


def test_an_opinion_hash_is_corrected_by_the_receiving_clerk(client_for: ClientFor, rejected: str) -> None:
    clerk = client_for("clerk")
    result = clerk.corrections.correct_decision(rejected, field="opinion_hash", value=b"\x42" * 32, reason_code=3)
    assert (result.field, result.corrected, result.previous) == ("opinionHash", b"\x42" * 32, None)
    assert result.summary_en == "field opinionHash corrected to 0x" + "42" * 32


def test_the_issuer_corrects_a_certificate_field_and_no_one_else_can(  # type: ignore[no-untyped-def]
    client_for: ClientFor, issued: Certificate, w3: Web3, deployment
) -> None:
    issuer = client_for("approver")
    before = issuer.certificates.verify(issued)
    result = issuer.corrections.correct_certificate(issued, field="shop", value="张店小炒店", reason_code=2)
    assert (result.subject, result.subject_id, result.field) == (CorrectionSubject.CERTIFICATE, issued.leaf, "shop")
    assert result.corrected == keccak(text="张店小炒店")
    (correction,) = issuer.corrections.certificate_corrections(issued)
    assert (correction.department, correction.field, correction.reason_code) == ("ZD-XPSJ", "shop", 2)
    assert issuer.corrections.correct_certificate(
        issued, field="shop", value="张店小炒店", reason_code=2
    ).already_recorded
    # the certificate itself verifies as before
    assert issuer.certificates.verify(issued).valid == before.valid
    for role in ("clerk", "outsider"):
        with pytest.raises(errors.NotTheRecordsDepartment):
            client_for(role).corrections.correct_certificate(issued, field="shop", value="x", reason_code=2)
    # an Issuer of another department (a fresh account: the session's officers gain roles elsewhere)
    stranger = LocalSigner(Account.create())
    w3.provider.make_request("anvil_setBalance", [stranger.address, hex(10**20)])  # type: ignore[arg-type]
    client_for("admin").departments.grant("ZD-SCJGJ", stranger.address, OfficerRole.ISSUER)
    other_issuer = ZhangdianClient(w3, deployment, signer=stranger)
    with pytest.raises(errors.NotTheRecordsDepartment):
        other_issuer.corrections.correct_certificate(issued, field="shop", value="x", reason_code=2)
    with pytest.raises(errors.UnknownCertificate):
        issuer.corrections.correct_certificate(
            replace(issued, issuer="ZD-SCJGJ"), field="shop", value="x", reason_code=2
        )
    with pytest.raises(errors.InvalidInputError):
        issuer.corrections.correct_certificate(issued, field="shop", reason_code=2)
    assert issuer.corrections.count() >= 1
