"""好差评 on chain: a concluded application is rated once, by whoever holds its receipt code, and nobody
else — not a relayer, not the department — can rate it or change the score."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ape
import pytest
from eth_account import Account
from eth_utils.crypto import keccak

from tests.ape.conftest import COMPLETED, REJECTED, code, submitted_id
from zhangdian_sdk.core.privacy import applicant_commitment, applicant_inner, new_salt, rating_address
from zhangdian_sdk.facades.ratings import sign_rating

IDENTITY = "370303199001011239"
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

_numbers = iter(range(10**6, 10**9))


class Receipt:
    """What the applicant holds: ID number and receipt code (the salt)."""

    def __init__(self, salt: bytes | None = None) -> None:
        self.salt = salt or new_salt()
        self.inner = applicant_inner(IDENTITY, self.salt, department="ZD-XPSJ")
        self.commitment = applicant_commitment(IDENTITY, self.salt, department="ZD-XPSJ")


@pytest.fixture(scope="session")
def ratings(deployed_suite: dict[str, Any], ledger: Any) -> Any:
    return deployed_suite["ServiceRatings"]


@pytest.fixture
def sign(ratings: Any) -> Callable[..., bytes]:
    def make(salt: bytes, application_id: bytes, score: int) -> bytes:
        return sign_rating(salt, application_id, score, chain_id=ape.chain.chain_id, verifying_contract=ratings.address)

    return make


@pytest.fixture
def apply(ledger: Any, clerk: Any) -> Callable[..., bytes]:
    """``apply(receipt)``: a new one-step application (SVC-1) with the receipt's commitment; its id."""

    def make(receipt: Receipt) -> bytes:
        number = f"RATE-{next(_numbers)}"
        return submitted_id(ledger, ledger.submit((number, code("SVC-1"), receipt.commitment, []), sender=clerk))

    return make


@pytest.fixture
def completed(ledger: Any, apply: Callable[..., bytes], clerk: Any, approver: Any) -> Callable[..., bytes]:
    def make(receipt: Receipt) -> bytes:
        app = apply(receipt)
        ledger.accept(app, sender=clerk)
        ledger.approve(app, 0, b"\0" * 32, sender=approver)
        assert ledger.getApplication(app).status == COMPLETED
        return app

    return make


def test_the_commitment_binds_the_rating_address_derived_from_the_salt() -> None:
    receipt = Receipt()
    assert receipt.commitment == keccak(receipt.inner + bytes.fromhex(rating_address(receipt.salt)[2:]))


def test_the_applicant_rates_a_completed_application_once_and_anyone_relays_it(
    ratings: Any, completed: Callable[..., bytes], sign: Callable[..., bytes], outsider: Any
) -> None:
    receipt = Receipt()
    app = completed(receipt)
    tx = ratings.rate(app, 4, receipt.inner, sign(receipt.salt, app, 4), sender=outsider)
    (event,) = tx.events.filter(ratings.ApplicationRated)
    assert (bytes(event.applicationId), event.score) == (app, 4)
    assert (bytes(event.service), bytes(event.department)) == (code("SVC-1"), code("ZD-XPSJ"))
    assert ratings.ratingOf(app) == 4
    assert ratings.ratingCount() == 1
    assert list(ratings.departmentRatings(code("ZD-XPSJ"))) == [0, 0, 0, 1, 0]
    assert list(ratings.serviceRatings(code("SVC-1"))) == [0, 0, 0, 1, 0]
    assert list(ratings.serviceRatings(code("SVC-3"))) == [0] * 5
    # Once per application: not again, not with another score, not by another relayer.
    with ape.reverts(ratings.AlreadyRated, applicationId=app, score=4):
        ratings.rate(app, 4, receipt.inner, sign(receipt.salt, app, 4), sender=outsider)
    with ape.reverts(ratings.AlreadyRated, applicationId=app, score=4):
        ratings.rate(app, 1, receipt.inner, sign(receipt.salt, app, 1), sender=outsider)


def test_a_rejected_application_is_concluded_and_may_be_rated(
    ledger: Any, ratings: Any, apply: Callable[..., bytes], sign: Callable[..., bytes], clerk: Any
) -> None:
    receipt = Receipt()
    app = apply(receipt)
    ledger.reject(app, 7, sender=clerk)
    assert ledger.getApplication(app).status == REJECTED
    ratings.rate(app, 1, receipt.inner, sign(receipt.salt, app, 1), sender=clerk)
    assert ratings.ratingOf(app) == 1


def test_open_and_withdrawn_applications_cannot_be_rated(
    ledger: Any,
    ratings: Any,
    apply: Callable[..., bytes],
    sign: Callable[..., bytes],
    clerk: Any,
    approver: Any,
    submit: Callable[..., bytes],
) -> None:
    receipt = Receipt()
    app = apply(receipt)
    with ape.reverts(ratings.ApplicationNotConcluded, applicationId=app, status=1):  # Submitted
        ratings.rate(app, 5, receipt.inner, sign(receipt.salt, app, 5), sender=clerk)
    ledger.accept(app, sender=clerk)
    with ape.reverts(ratings.ApplicationNotConcluded, applicationId=app, status=2):  # Accepted
        ratings.rate(app, 5, receipt.inner, sign(receipt.salt, app, 5), sender=clerk)
    in_review = submit()  # three steps: in review after the first approval
    ledger.accept(in_review, sender=clerk)
    ledger.approve(in_review, 0, b"\0" * 32, sender=approver)
    with ape.reverts(ratings.ApplicationNotConcluded, applicationId=in_review, status=3):  # InReview
        ratings.rate(in_review, 5, receipt.inner, sign(receipt.salt, in_review, 5), sender=clerk)
    ledger.withdraw(app, 3, sender=clerk)
    with ape.reverts(ratings.ApplicationNotConcluded, applicationId=app, status=8):  # Withdrawn
        ratings.rate(app, 5, receipt.inner, sign(receipt.salt, app, 5), sender=clerk)
    unknown = b"\x42" * 32
    with ape.reverts(ratings.UnknownApplication, applicationId=unknown):
        ratings.rate(unknown, 5, receipt.inner, sign(receipt.salt, unknown, 5), sender=clerk)
    assert ratings.ratingOf(app) == 0


@pytest.mark.parametrize("score", [0, 6, 255])
def test_a_score_outside_one_to_five_is_refused(
    ratings: Any, completed: Callable[..., bytes], sign: Callable[..., bytes], outsider: Any, score: int
) -> None:
    receipt = Receipt()
    app = completed(receipt)
    with ape.reverts(ratings.InvalidScore, score=score):
        ratings.rate(app, score, receipt.inner, sign(receipt.salt, app, score), sender=outsider)


def test_a_relayer_cannot_change_the_score_it_relays(
    ratings: Any, completed: Callable[..., bytes], sign: Callable[..., bytes], outsider: Any
) -> None:
    receipt = Receipt()
    app = completed(receipt)
    signature = sign(receipt.salt, app, 5)
    for other in (1, 2, 3, 4):
        with ape.reverts(ratings.InvalidRatingSignature, applicationId=app):
            ratings.rate(app, other, receipt.inner, signature, sender=outsider)
    # Front-running the citizen's own transaction gains nothing: the chain records the signed score.
    ratings.rate(app, 5, receipt.inner, signature, sender=outsider)
    assert ratings.ratingOf(app) == 5


def test_a_signature_is_bound_to_its_application(
    ratings: Any, completed: Callable[..., bytes], sign: Callable[..., bytes], outsider: Any
) -> None:
    # Same applicant, same receipt code, two applications (as a parent and its follow-on share one):
    # the rating of one cannot be replayed on the other.
    receipt = Receipt()
    first, second = completed(receipt), completed(receipt)
    signature = sign(receipt.salt, first, 2)
    ratings.rate(first, 2, receipt.inner, signature, sender=outsider)
    with ape.reverts(ratings.InvalidRatingSignature, applicationId=second):
        ratings.rate(second, 2, receipt.inner, signature, sender=outsider)
    assert ratings.ratingOf(second) == 0


def test_nobody_without_the_receipt_code_can_rate(
    ratings: Any, completed: Callable[..., bytes], sign: Callable[..., bytes], clerk: Any, outsider: Any
) -> None:
    receipt = Receipt()
    app = completed(receipt)
    # The department knows the inner commitment's parts but signs with its own key: refused.
    digest = bytes(ratings.ratingDigest(app, 1))
    department_key = Account.create()
    department_signature = bytes(department_key.unsafe_sign_hash(digest).signature)
    with ape.reverts(ratings.InvalidRatingSignature, applicationId=app):
        ratings.rate(app, 1, receipt.inner, department_signature, sender=clerk)
    # Another receipt code (another application's) signs validly but for the wrong commitment.
    with ape.reverts(ratings.InvalidRatingSignature, applicationId=app):
        ratings.rate(app, 1, receipt.inner, sign(Receipt().salt, app, 1), sender=outsider)
    # The right key with a wrong inner commitment, and a malformed signature.
    with ape.reverts(ratings.InvalidRatingSignature, applicationId=app):
        ratings.rate(app, 1, b"\x01" * 32, sign(receipt.salt, app, 1), sender=outsider)
    with ape.reverts(ratings.InvalidRatingSignature, applicationId=app):
        ratings.rate(app, 1, receipt.inner, b"\x01" * 64, sender=outsider)
    # A signature for another chain or another contract does not verify here.
    foreign = sign_rating(receipt.salt, app, 1, chain_id=ape.chain.chain_id + 1, verifying_contract=ratings.address)
    with ape.reverts(ratings.InvalidRatingSignature, applicationId=app):
        ratings.rate(app, 1, receipt.inner, foreign, sender=outsider)
    assert ratings.ratingOf(app) == 0
    # The signature the SDK makes is over the digest the contract computes.
    assert Account._recover_hash(digest, signature=sign(receipt.salt, app, 1)) == rating_address(receipt.salt)


def test_pause_stops_ratings_and_only_the_admin_resumes(
    ledger: Any, ratings: Any, completed: Callable[..., bytes], sign: Callable[..., bytes], admin: Any, outsider: Any
) -> None:
    receipt = Receipt()
    app = completed(receipt)
    ratings.pause(sender=admin)
    with ape.reverts(ratings.EnforcedPause):
        ratings.rate(app, 3, receipt.inner, sign(receipt.salt, app, 3), sender=outsider)
    ratings.unpause(sender=admin)
    ratings.rate(app, 3, receipt.inner, sign(receipt.salt, app, 3), sender=outsider)
    assert ratings.version() == "1.0.0"
    assert ratings.ledger() == ledger.address


def test_a_malleable_copy_of_a_rating_signature_is_refused(
    ratings: Any, completed: Callable[..., bytes], sign: Callable[..., bytes], outsider: Any
) -> None:
    receipt = Receipt()
    app = completed(receipt)
    signature = sign(receipt.salt, app, 3)
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    high_s = r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])  # 27 <-> 28
    with ape.reverts(ratings.InvalidRatingSignature, applicationId=app):
        ratings.rate(app, 3, receipt.inner, high_s, sender=outsider)
    ratings.rate(app, 3, receipt.inner, signature, sender=outsider)
    assert ratings.ratingOf(app) == 3
