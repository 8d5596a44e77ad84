"""好差评 through the SDK: the applicant's receipt code rates, the relaying account changes nothing,
and a follow-on application (一件事) is rated with the receipt code of the application that opened it."""

from __future__ import annotations

import pytest

from zhangdian_sdk.core.errors import AlreadyRated, ApplicationNotConcluded, InvalidInputError
from zhangdian_sdk.core.models import (
    ApplicationStatus,
    ApprovalStep,
    OfficerRole,
    RatingScore,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
)
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt

IDENTITY = "370303199001011239"
ONE_THING = ServiceDefinition(
    owner_department="ZD-XPSJ",
    name_zh="开办一件事 (评价测试)",
    name_en="Opening one thing (rating test)",
    steps=(ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 1),),
    promised_time_limit=TimeLimit(3, TimeUnit.WORKING_DAYS),
    legal_time_limit=TimeLimit(20, TimeUnit.WORKING_DAYS),
    follow_on_services=("ZD-GTGSH-SL",),
)


def test_a_follow_on_is_rated_with_the_receipt_code_of_its_parent(client_for, new_number) -> None:  # type: ignore[no-untyped-def]
    admin, clerk, approver, relayer = (client_for(r) for r in ("admin", "clerk", "approver", "outsider"))
    admin.catalog.publish("ZD-RATE-YJS", ONE_THING)
    salt, number = new_salt(), new_number()
    clerk.ledger.submit(
        number, service="ZD-RATE-YJS", applicant_commitment=applicant_commitment(IDENTITY, salt, department="ZD-XPSJ")
    )
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    (child,) = clerk.ledger.links(number).children
    with pytest.raises(ApplicationNotConcluded):
        relayer.ratings.rate(child, RatingScore.SATISFIED, identity=IDENTITY, salt=salt)
    clerk.ledger.accept(child)
    approver.ledger.approve(child, step=0)
    assert clerk.ledger.get(child).status == ApplicationStatus.COMPLETED

    before = relayer.ratings.service_ratings("ZD-GTGSH-SL")
    assert relayer.ratings.rate(child, RatingScore.SATISFIED, identity=IDENTITY, salt=salt).transaction_hash
    assert relayer.ratings.rate(number, RatingScore.VERY_SATISFIED, identity=IDENTITY, salt=salt).transaction_hash
    assert relayer.ratings.rating_of(child) == RatingScore.SATISFIED
    assert relayer.ratings.rating_of(number) == RatingScore.VERY_SATISFIED
    after = relayer.ratings.service_ratings("ZD-GTGSH-SL")
    assert after.counts[RatingScore.SATISFIED] == before.counts[RatingScore.SATISFIED] + 1
    assert after.total == before.total + 1
    # The same rating again is already on chain; another score is refused by the contract.
    assert relayer.ratings.rate(child, RatingScore.SATISFIED, identity=IDENTITY, salt=salt).already_recorded
    with pytest.raises(AlreadyRated):
        relayer.ratings.rate(child, RatingScore.DISSATISFIED, identity=IDENTITY, salt=salt)


def test_a_wrong_receipt_or_score_is_refused_before_anything_is_sent(client_for, new_number) -> None:  # type: ignore[no-untyped-def]
    clerk, approver, relayer = (client_for(r) for r in ("clerk", "approver", "outsider"))
    salt, number = new_salt(), new_number()
    commitment = applicant_commitment(IDENTITY, salt, department="ZD-XPSJ")
    clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=commitment)
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    with pytest.raises(InvalidInputError, match="does not match this application"):
        relayer.ratings.rate(number, 5, identity=IDENTITY, salt=new_salt())
    with pytest.raises(InvalidInputError, match="must be 1"):
        relayer.ratings.rate(number, 6, identity=IDENTITY, salt=salt)
    assert relayer.ratings.rating_of(number) is None
