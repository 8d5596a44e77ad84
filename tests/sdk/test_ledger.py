"""The ledger through the SDK, on a real anvil chain: workflow, idempotency, errors, history."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.facades.ledger import NewApplication

ClientFor = Callable[[str], ZhangdianClient]


def _commitment() -> bytes:
    return applicant_commitment("370303199001011239", new_salt(), department="ZD-XPSJ")


def _submitted(client_for: ClientFor, number: str, service: str = "ZD-SPJY-XK") -> bytes:
    commitment = _commitment()
    client_for("clerk").ledger.submit(number, service=service, applicant_commitment=commitment)
    return commitment


def test_three_step_service_runs_to_completion_in_order(client_for: ClientFor, new_number) -> None:
    number = new_number()
    commitment = _submitted(client_for, number)
    clerk, approver, inspector = client_for("clerk"), client_for("approver"), client_for("inspector")

    app = clerk.ledger.get(number)
    assert (app.status, app.current_step, app.step_count, app.service_version) == (
        ApplicationStatus.SUBMITTED, 0, 3, 1,
    )  # fmt: skip
    assert app.applicant_commitment == commitment
    assert app.deadline is None

    accepted = clerk.ledger.accept(number)
    assert accepted.events == ("ApplicationAccepted",)
    assert clerk.ledger.get(number).deadline is not None

    assert approver.ledger.approve(number, step=0).events == ("StepApproved",)
    assert clerk.ledger.get(number).status == ApplicationStatus.IN_REVIEW
    assert inspector.ledger.approve(number, step=1).events == ("StepApproved",)
    final = approver.ledger.approve(number, step=2)
    assert final.events == ("StepApproved", "ApplicationApproved", "ApplicationCompleted")
    assert clerk.ledger.get(number).status == ApplicationStatus.COMPLETED


def test_resubmitting_the_same_application_returns_the_existing_record(client_for: ClientFor, new_number) -> None:
    number = new_number()
    commitment = _submitted(client_for, number)
    again = client_for("clerk").ledger.submit(number, service="ZD-SPJY-XK", applicant_commitment=commitment)
    assert again.already_recorded
    assert client_for("clerk").ledger.get(number).status == ApplicationStatus.SUBMITTED


def test_the_same_number_with_other_content_is_a_conflict(client_for: ClientFor, new_number) -> None:
    number = new_number()
    _submitted(client_for, number)
    with pytest.raises(errors.ApplicationAlreadyExists):
        client_for("clerk").ledger.submit(number, service="ZD-SPJY-XK", applicant_commitment=_commitment())


def test_a_retried_approval_never_approves_the_next_step(client_for: ClientFor, new_number) -> None:
    number = new_number()
    _submitted(client_for, number)
    client_for("clerk").ledger.accept(number)
    approver = client_for("approver").ledger
    approver.approve(number, step=0)
    assert approver.approve(number, step=0).already_recorded
    assert approver.get(number).current_step == 1


def test_approving_a_stale_step_raises_step_mismatch_from_the_contract(
    client_for: ClientFor,
    new_number,
    w3: Web3,
) -> None:
    number = new_number()
    _submitted(client_for, number)
    client_for("clerk").ledger.accept(number)
    approver = client_for("approver")
    approver.ledger.approve(number, step=0)
    contract = approver.contract("ApplicationLedger")
    with pytest.raises(errors.StepMismatch) as caught:
        approver.sender.send(contract.functions.approve(application_id(number, "ZD-XPSJ"), 0, bytes(32)))
    assert caught.value.arguments == {
        "applicationId": application_id(number, "ZD-XPSJ"),
        "expected": 0,
        "current": 1,
    }


@pytest.mark.parametrize(
    ("who", "action", "error"),
    [
        ("approver", "accept", errors.UnauthorizedOfficer),
        ("outsider", "accept", errors.UnauthorizedOfficer),
        ("clerk", "approve", errors.WrongStatus),
        ("inspector", "reject", errors.UnauthorizedOfficer),
    ],
)
def test_reverts_arrive_as_named_exceptions_and_send_nothing(
    client_for: ClientFor,
    new_number,
    w3: Web3,
    who: str,
    action: str,
    error: type[Exception],
) -> None:
    number = new_number()
    _submitted(client_for, number)
    ledger = client_for(who).ledger
    sender_address = client_for(who).sender.address
    nonce_before = w3.eth.get_transaction_count(sender_address)
    actions = {
        "accept": lambda: ledger.accept(number),
        "approve": lambda: ledger.approve(number),
        "reject": lambda: ledger.reject(number, reason_code=7),
    }
    with pytest.raises(error) as caught:
        actions[action]()
    assert " / " in str(caught.value)
    assert w3.eth.get_transaction_count(sender_address) == nonce_before


def test_unknown_application_is_a_lookup_error(client_for: ClientFor) -> None:
    with pytest.raises(errors.UnknownApplication) as caught:
        client_for("clerk").ledger.get("ZD-NEVER-SUBMITTED")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, errors.UnknownApplicationNumber)
    assert "ZD-NEVER-SUBMITTED" in caught.value.message_zh
    assert "ZD-NEVER-SUBMITTED" in caught.value.message_en
    assert not client_for("clerk").ledger.exists("ZD-NEVER-SUBMITTED")


def test_a_number_resolves_to_the_department_that_has_it(
    client_for: ClientFor, market_clerk: ZhangdianClient, new_number
) -> None:
    """Ids belong to the receiving department; the SDK finds a number's department on chain, and
    another department using the same number neither blocks it nor is mistaken for it (issue 12, finding 2)."""
    number = new_number()
    commitment = _submitted(client_for, number)
    clerk = client_for("clerk").ledger
    ours = application_id(number, "ZD-XPSJ")
    assert clerk.resolve(number) == ours
    assert clerk.get(number).applicant_commitment == commitment
    assert clerk.lookup_number(number) == {"ZD-XPSJ": ours}

    theirs_commitment = applicant_commitment("91370303MA3C000004", new_salt(), department="ZD-SCJGJ")
    result = market_clerk.ledger.submit(number, service="ZD-SC-SCXK", applicant_commitment=theirs_commitment)
    assert result.events == ("ApplicationSubmitted",)
    theirs = application_id(number, "ZD-SCJGJ")
    assert clerk.lookup_number(number) == {"ZD-XPSJ": ours, "ZD-SCJGJ": theirs}
    with pytest.raises(errors.InvalidInputError, match="--department") as caught:
        clerk.get(number)
    assert "ZD-SCJGJ" in str(caught.value)
    assert "请指明部门" in str(caught.value)
    assert clerk.resolve(number, department="ZD-XPSJ") == ours
    assert clerk.get(clerk.resolve(number, department="ZD-SCJGJ")).department == "ZD-SCJGJ"
    assert clerk.get(ours).applicant_commitment == commitment
    assert clerk.exists(number)
    # Both records keep working for their own department only.
    with pytest.raises(errors.UnauthorizedOfficer):
        market_clerk.ledger.accept(ours)
    with pytest.raises(errors.UnauthorizedOfficer):
        clerk.accept(theirs)
    assert clerk.accept(ours).events == ("ApplicationAccepted",)
    assert market_clerk.ledger.accept(theirs).events == ("ApplicationAccepted",)
    with pytest.raises(errors.UnknownApplicationNumber):
        clerk.resolve(new_number())


def test_many_numbers_resolve_in_a_few_calls_with_the_same_answers_and_errors(
    client_for: ClientFor, new_number, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bulk accept and approve resolve their numbers together: one existsMany per 500 candidate ids,
    not one call a number (10,000 numbers were 10,000 calls), and the same ids and errors as resolve."""
    client = client_for("clerk")
    clerk = client.ledger
    numbers = [new_number() for _ in range(3)]
    for number in numbers:
        _submitted(client_for, number)
    refs: list[str | bytes] = [*numbers, "0x" + application_id(numbers[0], "ZD-XPSJ").hex(), b"\x07" * 32]
    clerk.resolve(numbers[0])  # reads the list of departments once; the client keeps it
    calls = 0
    real_call = client.chain.call

    def counting(function):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real_call(function)

    monkeypatch.setattr(client.chain, "call", counting)
    assert clerk.resolve_many(refs) == [
        application_id(numbers[0], "ZD-XPSJ"),
        application_id(numbers[1], "ZD-XPSJ"),
        application_id(numbers[2], "ZD-XPSJ"),
        application_id(numbers[0], "ZD-XPSJ"),
        b"\x07" * 32,
    ]
    assert calls == 1  # one existsMany for every number in every department
    with pytest.raises(errors.UnknownApplicationNumber):
        clerk.resolve_many([numbers[0], new_number()])


def test_unknown_service_is_refused_by_the_chain(client_for: ClientFor, new_number) -> None:
    with pytest.raises(errors.UnknownService):
        client_for("clerk").ledger.submit(new_number(), service="ZD-NO-SUCH", applicant_commitment=_commitment())


@pytest.mark.parametrize("reason", [0, 65536])
def test_reason_codes_are_checked_before_sending(client_for: ClientFor, new_number, reason: int) -> None:
    number = new_number()
    _submitted(client_for, number)
    with pytest.raises(errors.InvalidInputError):
        client_for("clerk").ledger.reject(number, reason_code=reason)


def test_supplement_round_trip_and_history(client_for: ClientFor, new_number) -> None:
    number = new_number()
    _submitted(client_for, number)
    clerk, approver, inspector = (client_for(r).ledger for r in ("clerk", "approver", "inspector"))
    clerk.accept(number)
    approver.approve(number, step=0)
    inspector.request_supplement(number, reason_code=12)
    assert inspector.request_supplement(number, reason_code=12).already_recorded
    assert clerk.get(number).status == ApplicationStatus.SUPPLEMENT_REQUESTED
    clerk.resubmit(number, supplement_hash=b"\x05" * 32)
    resumed = clerk.get(number)
    assert (resumed.status, resumed.current_step) == (ApplicationStatus.IN_REVIEW, 1)
    inspector.reject(number, reason_code=31)

    history = list(clerk.history(number))
    assert [entry.event for entry in history] == [
        "ApplicationSubmitted",
        "ApplicationAccepted",
        "StepApproved",
        "SupplementRequested",
        "ApplicationResubmitted",
        "ApplicationRejected",
    ]
    assert [entry.status_after for entry in history] == [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.SUPPLEMENT_REQUESTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.REJECTED,
    ]
    assert history[3].department == "ZD-SCJGJ"
    assert history[3].details["reasonCode"] == 12
    assert history[4].details["supplementHash"] == "0x" + "05" * 32
    assert all(entry.timestamp is not None and entry.transaction_hash.startswith("0x") for entry in history)
    assert [entry.event for entry in clerk.history(number, chunk_blocks=1)] == [entry.event for entry in history]


def test_withdrawal_is_idempotent(client_for: ClientFor, new_number) -> None:
    number = new_number()
    _submitted(client_for, number)
    clerk = client_for("clerk").ledger
    assert clerk.withdraw(number, reason_code=2).events == ("ApplicationWithdrawn",)
    assert clerk.withdraw(number, reason_code=2).already_recorded
    with pytest.raises(errors.WrongStatus):
        clerk.accept(number)


def test_bulk_submit_accept_and_approve_in_batches(client_for: ClientFor, new_number) -> None:
    clerk = client_for("clerk").ledger
    count_before = clerk.count()
    applications = [NewApplication(new_number(), "ZD-GTGSH-SL", _commitment()) for _ in range(230)]
    progress: list[int] = []
    results = clerk.submit_many(applications, on_progress=progress.append)
    assert len(results) == 3
    assert progress == [100, 100, 30]
    assert clerk.count() == count_before + 230
    assert clerk.submit_many(applications) == []  # all on chain already: nothing is sent twice

    numbers = [a.application_number for a in applications[:150]]
    clerk.accept_many(numbers)
    client_for("approver").ledger.approve_many([(n, 0) for n in numbers])
    assert {clerk.get(n).status for n in numbers} == {ApplicationStatus.COMPLETED}
    assert clerk.get(applications[200].application_number).status == ApplicationStatus.SUBMITTED
    assert client_for("approver").ledger.approve_many([(n, 0) for n in numbers]) == []


def test_bulk_submit_refuses_conflicting_duplicates_before_sending(client_for: ClientFor, new_number) -> None:
    clerk = client_for("clerk").ledger
    number = new_number()
    before = clerk.count()
    with pytest.raises(errors.InvalidInputError):
        clerk.submit_many([NewApplication(number, "ZD-GTGSH-SL", _commitment()) for _ in range(2)])
    assert clerk.count() == before


def test_writes_need_a_signer(w3: Web3, deployment, new_number) -> None:
    reader = ZhangdianClient(w3, deployment)
    with pytest.raises(errors.ConfigurationError):
        reader.ledger.submit(new_number(), service="ZD-GTGSH-SL", applicant_commitment=_commitment())
