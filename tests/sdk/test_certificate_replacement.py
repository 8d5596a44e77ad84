"""Replacing certificates through the SDK (换发/补发, issue 18 item 3): verifying the old one reports
CERTIFICATE_REPLACED with the replacement's id and date (Beijing time), the new one says what it replaced."""

from __future__ import annotations

import time

import pytest
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.models import CertificateState, OfficerRole
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.certificates import CertificateDraft

CHANGE_OF_DETAILS, LOST, RENAMED = 1, 2, 4


@pytest.fixture(scope="module")
def issuer(w3: Web3, deployment, officers) -> ZhangdianClient:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    admin.departments.grant("ZD-XPSJ", officers.approver.address, OfficerRole.ISSUER)
    return ZhangdianClient(w3, deployment, signer=officers.approver)


def _drafts(count: int, shop: str = "张店小吃") -> list[CertificateDraft]:
    until = int(time.time()) + 365 * 86_400
    return [
        CertificateDraft("FOOD-LICENCE", bytes([i + 1]) * 32, {"shop": f"{shop} {i}"}, valid_until=until)
        for i in range(count)
    ]


def _codes(report) -> dict[str, str]:
    return {check.name: check.code for check in report.checks}


def test_the_old_certificate_reports_its_replacement_and_the_new_one_what_it_replaced(
    issuer: ZhangdianClient, w3: Web3
) -> None:
    old = issuer.certificates.issue(_drafts(1)[0], issuer="ZD-XPSJ")
    new = issuer.certificates.issue(_drafts(1, "张店小吃 (新址)")[0], issuer="ZD-XPSJ")
    result = issuer.certificates.replace(old, new, reason_code=CHANGE_OF_DETAILS)
    when = beijing_moment(int(w3.eth.get_block(result.block_number)["timestamp"]))

    report = issuer.certificates.verify(old.to_json())
    assert not report.valid
    assert report.status is CertificateState.REPLACED
    revocation = next(check for check in report.checks if check.name == "revocation")
    assert revocation.code == "CERTIFICATE_REPLACED"
    new_id = "0x" + new.certificate_id.hex()
    assert new_id in revocation.message_zh
    assert new_id in revocation.message_en
    assert when in revocation.message_zh
    assert "北京时间" in revocation.message_zh
    assert report.replaced_by is not None
    assert (report.replaced_by.certificate_id, report.replaced_by.reason_code) == (new_id, CHANGE_OF_DETAILS)
    assert report.replaced_by.date_beijing == when
    assert report.to_json()["replacedBy"]["certificateId"] == new_id

    fresh = issuer.certificates.verify(new.to_json())
    assert fresh.valid
    assert fresh.status is CertificateState.VALID
    assert _codes(fresh)["replacement"] == "REPLACES"
    assert fresh.replaces is not None
    assert fresh.replaces.certificate_id == "0x" + old.certificate_id.hex()
    assert issuer.certificates.replaced_of(new) == fresh.replaces
    assert issuer.certificates.replacement_of(new) is None


def test_replacing_twice_and_by_itself_fail_with_their_errors(issuer: ZhangdianClient) -> None:
    old, new, other = issuer.certificates.issue_batch(_drafts(3), issuer="ZD-XPSJ")
    with pytest.raises(errors.InvalidReplacement):
        issuer.certificates.replace(old, old, reason_code=LOST)
    with pytest.raises(errors.MissingReplacementReason):
        issuer.certificates.replace(old, new, reason_code=0)
    issuer.certificates.replace(old, new, reason_code=LOST)
    with pytest.raises(errors.CertificateAlreadyReplaced):
        issuer.certificates.replace(old, other, reason_code=LOST)


def test_a_batch_replacement_reports_the_new_batch(issuer: ZhangdianClient) -> None:
    old = issuer.certificates.issue_batch(_drafts(2), issuer="ZD-XPSJ")
    new = issuer.certificates.issue_batch(_drafts(2, "张店小吃 (更名后)"), issuer="ZD-XPSJ")
    issuer.certificates.replace_batch(old[0].root, new[0].root, old_issuer="ZD-XPSJ", reason_code=RENAMED)
    for certificate in old:
        report = issuer.certificates.verify(certificate)
        assert _codes(report)["revocation"] == "CERTIFICATE_REPLACED"
        assert report.replaced_by is not None
        assert report.replaced_by.batch
        assert report.replaced_by.root == "0x" + new[0].root.hex()
    assert issuer.certificates.verify(new[1]).replaces is not None


def test_a_status_list_certificate_is_refused_with_a_bilingual_message(issuer: ZhangdianClient) -> None:
    listed = issuer.certificates.issue(_drafts(1)[0], issuer="ZD-XPSJ", status_list=True)
    plain = issuer.certificates.issue(_drafts(1)[0], issuer="ZD-XPSJ")
    with pytest.raises(errors.InvalidInputError, match="status-list"):
        issuer.certificates.replace(listed, plain, reason_code=LOST)
