"""National licences (issue 14, item 5): the 证照标识 and GB/T 36903 metadata in the document, the
status vocabulary (有效, 暂扣, 撤销, 注销, 吊销, 失效) through verification, and 加注件 (annotated copies)."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import certificate_identifier
from zhangdian_sdk.core.licence import LicenceMetadata, date_end, validate_licence
from zhangdian_sdk.core.models import CertificateState, OfficerRole
from zhangdian_sdk.facades.certificates import Certificate, CertificateDraft, annotate, disclose
from zhangdian_sdk.ops.demo import DEMO_ISSUER_USCC, DEMO_LICENCE_TYPES, demo_licence

ISSUER_USCC = "11370303MB2855001U"  # illustrative, with a correct GB 32100 check character
TYPE_CODE = "31370000001"
HOLDER_ID = "370303199003150013"  # made up, with a correct GB 11643 check character


def _licence(**changes: str) -> LicenceMetadata:
    base = LicenceMetadata(
        name="食品经营许可证",
        type_code=TYPE_CODE,
        number="JY23703030000123",
        identifier=certificate_identifier(TYPE_CODE, ISSUER_USCC, "2026000059"),
        issuer_name="淄博市张店区行政审批服务局",
        issuer_code=ISSUER_USCC,
        issue_date="2026-03-02",
        valid_from="2026-03-02",
        valid_until="2031-03-01",
        holder_name="张店小吃店",
        holder_code=HOLDER_ID,
        holder_code_type="111",
        matter_code="370303-000-XK-0001",
    )
    return replace(base, **changes)


@pytest.fixture(scope="module")
def issuer(w3: Web3, deployment, officers) -> ZhangdianClient:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    admin.departments.grant("ZD-XPSJ", officers.approver.address, OfficerRole.ISSUER)
    return ZhangdianClient(w3, deployment, signer=officers.approver)


def _draft(licence: LicenceMetadata | None = None, **fields: str) -> CertificateDraft:
    return CertificateDraft(
        "FOOD-LICENCE", b"\x42" * 32, {"经营项目": "热食类食品制售", **fields}, 0, licence=licence or _licence()
    )


def _codes(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {check.name: check.code for check in report.checks}


# --- the identifier and the metadata, without a chain --------------------------------------------


def test_identifier_check_characters_at_both_ends_of_the_alphabet() -> None:
    assert certificate_identifier(TYPE_CODE, ISSUER_USCC, "2026000059").endswith(".001.0")
    assert certificate_identifier(TYPE_CODE, ISSUER_USCC, "2026000028").endswith(".001.Z")
    assert validate_licence(_licence()).identifier.endswith(".0")
    assert validate_licence(_licence(identifier=certificate_identifier(TYPE_CODE, ISSUER_USCC, "2026000028")))


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"identifier": certificate_identifier(TYPE_CODE, ISSUER_USCC, "2026000059")[:-1] + "1"}, "应为 0"),
        ({"identifier": certificate_identifier(TYPE_CODE, ISSUER_USCC, "2026000059")[:-1] + "Z"}, "should be 0"),
        ({"type_code": "31370000002"}, "类型代码"),
        ({"issuer_code": "11370303MB2855002Y"}, "issuer code"),
        ({"holder_code_type": "112"}, "111"),
        ({"holder_code": "370303199003150014"}, "check character"),
        ({"holder_code_type": "001"}, "USCC"),
        ({"valid_until": "2026-03-01"}, "before it starts"),
        ({"issue_date": "2031-03-02", "valid_from": "2026-01-01"}, "before the date of issue"),
        ({"issue_date": "2026-02-30"}, "YYYY-MM-DD"),
        ({"holder_name": ""}, "持证主体"),
        ({"name": " ", "number": ""}, "证照编号"),
        ({"replaces": "1.2.156.3005.2.X.Y"}, "type.issuer.serial.version.check"),
    ],
)
def test_bad_metadata_is_refused_with_both_languages(changes: dict[str, str], says: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        validate_licence(_licence(**changes))
    message = str(caught.value)
    assert says in message
    assert " / " in message  # Chinese, then English


def test_a_replacement_names_a_valid_other_identifier_and_codes_are_normalized() -> None:
    old = certificate_identifier(TYPE_CODE, ISSUER_USCC, "2025000001")
    licence = validate_licence(_licence(replaces=old.lower(), holder_code=HOLDER_ID[:-1] + "3"))
    assert licence.replaces == old
    with pytest.raises(InvalidInputError, match="cannot replace itself"):
        validate_licence(_licence(replaces=_licence().identifier))


def test_an_organisation_holds_a_licence_by_its_uscc() -> None:
    assert validate_licence(_licence(holder_code="91370303ma3c000017", holder_code_type="001")).holder_code == (
        "91370303MA3C000017"
    )


# --- issuing and verifying on the chain ------------------------------------------------------------


def test_the_metadata_is_in_the_document_and_the_holder_code_never_on_chain(issuer: ZhangdianClient) -> None:
    certificate = issuer.certificates.issue(_draft(), issuer="ZD-XPSJ")
    licence = certificate.licence()
    assert licence is not None
    assert (licence.identifier, licence.holder_code) == (_licence().identifier, HOLDER_ID)
    assert certificate.valid_until == date_end("2031-03-01")
    receipt = issuer.w3.eth.get_transaction(issuer.w3.eth.get_block("latest")["transactions"][-1])
    assert HOLDER_ID.encode().hex() not in bytes(receipt["input"]).hex()
    report = issuer.certificates.verify(certificate.to_json(), now=int(time.time()))
    assert report.valid
    assert _codes(report)["licence"] == "LICENCE_OK"
    assert report.status is CertificateState.VALID
    assert report.status_words == "有效 Valid"
    assert report.licence["证照标识 licence identifier"] == _licence().identifier
    assert report.to_json()["status"] == {"code": "VALID", "zh": "有效", "en": "Valid"}

    hidden = issuer.certificates.verify(disclose(certificate, ["holderCode"]).to_json())
    assert hidden.valid
    assert "持证主体代码" in next(c for c in hidden.checks if c.name == "licence").message_zh


def test_bad_metadata_never_reaches_the_chain(issuer: ZhangdianClient) -> None:
    bad = _licence(identifier=_licence().identifier[:-1] + "7")
    with pytest.raises(InvalidInputError, match="check character"):
        issuer.certificates.issue(_draft(bad), issuer="ZD-XPSJ")
    with pytest.raises(InvalidInputError, match="licence metadata"):
        issuer.certificates.issue(_draft(licenceNumber="X"), issuer="ZD-XPSJ")


def test_a_forged_identifier_in_a_document_fails_the_licence_check(issuer: ZhangdianClient) -> None:
    certificate = issuer.certificates.issue(_draft(), issuer="ZD-XPSJ")
    document = certificate.to_json()
    document["fields"]["licenceIdentifier"]["value"] = _licence().identifier[:-1] + "5"
    report = issuer.certificates.verify(document)
    assert _codes(report)["licence"] == "LICENCE_INVALID"
    assert _codes(report)["integrity"] == "INTEGRITY_MISMATCH"


def test_the_status_vocabulary_through_verification(issuer: ZhangdianClient) -> None:
    batch = issuer.certificates.issue_batch([_draft() for _ in range(4)], issuer="ZD-XPSJ")

    issuer.certificates.suspend(batch[0], reason_code=11)
    report = issuer.certificates.verify(batch[0])
    assert (report.status, _codes(report)["revocation"], report.valid) == (
        CertificateState.SUSPENDED,
        "CERTIFICATE_SUSPENDED",
        False,
    )
    assert report.status_words == "暂扣 Suspended"
    with pytest.raises(errors.CertificateAlreadySuspended):
        issuer.certificates.suspend(batch[0], reason_code=11)
    issuer.certificates.reinstate(batch[0])
    assert issuer.certificates.verify(batch[0]).status is CertificateState.VALID
    with pytest.raises(errors.CertificateNotSuspended):
        issuer.certificates.reinstate(batch[0])

    for certificate, state in zip(
        batch[1:], (CertificateState.REVOKED, CertificateState.CANCELLED, CertificateState.WITHDRAWN), strict=True
    ):
        issuer.certificates.end(certificate, state=state, reason_code=3)
        report = issuer.certificates.verify(certificate)
        assert (report.status, _codes(report)["revocation"]) == (state, f"CERTIFICATE_{state.name}")
        assert state.label_zh in next(c for c in report.checks if c.name == "revocation").message_zh
    with pytest.raises(errors.CertificateAlreadyRevoked):
        issuer.certificates.suspend(batch[3], reason_code=1)
    with pytest.raises(InvalidInputError, match="not revoked, cancelled or withdrawn"):
        issuer.certificates.end(batch[0], state=CertificateState.SUSPENDED, reason_code=1)

    expired = issuer.certificates.verify(batch[0], now=date_end("2031-03-01") + 1)
    assert (expired.status, expired.status_words) == (CertificateState.EXPIRED, "失效 Expired")


def test_an_old_document_without_metadata_still_verifies(issuer: ZhangdianClient) -> None:
    draft = CertificateDraft("FOOD-LICENCE", b"\x01" * 32, {"shop": "张店小吃"}, int(time.time()) + 86_400)
    report = issuer.certificates.verify(issuer.certificates.issue(draft, issuer="ZD-XPSJ").to_json())
    assert report.valid
    assert "licence" not in _codes(report)
    assert "annotation" not in _codes(report)
    assert report.status is CertificateState.VALID


def test_an_annotated_copy_for_one_purpose(issuer: ZhangdianClient) -> None:
    certificate = issuer.certificates.issue(_draft(), issuer="ZD-XPSJ")
    now = int(time.time())
    copy = annotate(certificate, purpose="银行开户", valid_until=now + 7 * 86_400, hide=["holderCode"], now=now)
    read_back = Certificate.from_json(copy.to_json())
    assert read_back.annotation == copy.annotation
    assert "hash" in read_back.fields["holderCode"]

    report = issuer.certificates.verify(read_back.to_json(), purpose="银行开户", now=now + 60)
    assert report.valid
    assert _codes(report)["annotation"] == "ANNOTATION_OK"
    assert report.to_json()["annotation"]["purpose"] == "银行开户"
    assert "银行开户" in next(c for c in report.checks if c.name == "annotation").message_zh

    wrong = issuer.certificates.verify(read_back, purpose="申领社保", now=now + 60)
    assert (wrong.valid, _codes(wrong)["annotation"]) == (False, "ANNOTATION_PURPOSE_MISMATCH")
    late = issuer.certificates.verify(read_back, now=now + 8 * 86_400)
    assert (late.valid, _codes(late)["annotation"]) == (False, "ANNOTATION_EXPIRED")
    plain = issuer.certificates.verify(certificate, purpose="银行开户")
    assert (plain.valid, _codes(plain)["annotation"]) == (False, "ANNOTATION_MISSING")


def test_an_annotation_needs_a_purpose_and_a_future_date(issuer: ZhangdianClient) -> None:
    certificate = issuer.certificates.issue(_draft(), issuer="ZD-XPSJ")
    with pytest.raises(InvalidInputError, match="purpose"):
        annotate(certificate, purpose=" ", valid_until=int(time.time()) + 60)
    with pytest.raises(InvalidInputError, match="valid until after"):
        annotate(certificate, purpose="银行开户", valid_until=int(time.time()) - 1)


def test_every_demo_licence_type_builds_valid_national_metadata() -> None:
    """The demo's licences carry a 证照标识 with a correct check character, issued under the configured
    USCC of their department (a parameter, not read from the chain)."""
    for certificate_type in DEMO_LICENCE_TYPES:
        licence = demo_licence(
            certificate_type,
            issuer="ZD-XPSJ",
            issuer_uscc=DEMO_ISSUER_USCC["ZD-XPSJ"],
            serial="2026110002",
            number="ZD2026110002",
            holder_name="张店小吃店",
            holder_code="91370303MA3C000017",
            issued_on="2026-03-02",
        )
        assert validate_licence(licence) == licence
        assert licence.identifier.split(".")[6] == DEMO_ISSUER_USCC["ZD-XPSJ"]
        assert licence.holder_code_type == "001"
    food = demo_licence(
        "FOOD-LICENCE", issuer="ZD-XPSJ", issuer_uscc="11370303MB28550045", serial="1", number="1",
        holder_name="某", holder_code=HOLDER_ID, issued_on="2026-03-02",
    )  # fmt: skip
    assert (food.valid_until, food.holder_code_type, food.issuer_code) == ("2031-03-01", "111", "11370303MB28550045")
