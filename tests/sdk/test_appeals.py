"""行政复议 through the SDK: file, accept, extend, decide (upheld, revoked with reopening), withdraw, the terms,
who may do what, and the demo's appeal, on real anvil chains.

Most tests use the session's chain with a reviewing body and a service of their own. The demo's appeal and
the closed filing window run on a chain of this module's own, whose clock jumps by days."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from eth_utils.crypto import keccak
from web3 import Web3

from tests.conftest import Officers, free_port
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import (
    AppealOutcome,
    AppealStatus,
    AppealTerms,
    ApplicationStatus,
    ApprovalStep,
    Automation,
    CertificateState,
    OfficerRole,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
)
from zhangdian_sdk.facades.appeals import NoAppealError, parse_outcome
from zhangdian_sdk.facades.certificates import CertificateDraft
from zhangdian_sdk.facades.completion import completion_certificate
from zhangdian_sdk.ops.demo import (
    DEMO_APPROVER_DEPARTMENTS,
    DemoDocuments,
    DemoOfficers,
    demo_documents,
    demo_keystore_accounts,
    load_catalogue,
)
from zhangdian_sdk.ops.demo_appeals import APPEAL_DECISION_STEP, APPEAL_NUMBER, REVIEWER, run_appeals
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.localchain import LocalChain

DAY = 86_400
BEIJING = ZoneInfo("Asia/Shanghai")
REVIEWING_BODY = "ZD-T-FYJG"  # the tests' reviewing body (复议机构)
APPEAL_SERVICE = "ZD-T-APL"
GROUNDS = keccak(b"grounds of the appeal")
DECISION = keccak(b"the reconsideration decision")
_numbers = itertools.count(1)


def _service(name: str, steps: int = 1) -> ServiceDefinition:
    return ServiceDefinition(
        owner_department="ZD-XPSJ",
        name_zh=name,
        name_en=name,
        steps=tuple(ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 24) for _ in range(steps)),
        promised_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
        legal_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
    )


def set_up_appeals(admin: ZhangdianClient, officers: Officers) -> None:
    """The tests' reviewing body (the clerk files and accepts, the inspector decides) and a two-step
    service whose appeals it reviews (its own terms: the default stays unset on the shared chain)."""
    admin.departments.register(
        REVIEWING_BODY, 370303, "11370303004235907R", "张店区行政复议办公室", "Reconsideration Office"
    )
    admin.departments.grant(REVIEWING_BODY, officers.clerk.address, OfficerRole.CLERK)
    admin.departments.grant(REVIEWING_BODY, officers.inspector.address, OfficerRole.APPROVER)
    admin.catalog.publish(APPEAL_SERVICE, _service("复议测试事项", steps=2))
    admin.appeals.set_terms(AppealTerms(REVIEWING_BODY, 60, 60, 30), service=APPEAL_SERVICE)


@dataclass(frozen=True)
class Parties:
    admin: ZhangdianClient
    clerk: ZhangdianClient  # the window clerk, also the reviewing body's clerk
    approver: ZhangdianClient  # decides applications; not an officer of the reviewing body
    reviewer: ZhangdianClient  # the reviewing body's approver
    outsider: ZhangdianClient


@pytest.fixture
def parties(w3: Web3, deployment: Deployment, officers: Officers) -> Parties:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    set_up_appeals(admin, officers)
    return Parties(
        admin,
        *(
            ZhangdianClient(w3, deployment, signer=signer)
            for signer in (officers.clerk, officers.approver, officers.inspector, officers.outsider)
        ),
    )


def decided(parties: Parties, *, approve: bool = False) -> str:
    """A fresh application of the appeal service, rejected at its second step (or approved: completed)."""
    number = f"ZD-T-APL-{next(_numbers):05d}"
    parties.clerk.ledger.submit(number, service=APPEAL_SERVICE, applicant_commitment=keccak(number.encode()))
    parties.clerk.ledger.accept(number)
    parties.approver.ledger.approve(number, step=0)
    if approve:
        parties.approver.ledger.approve(number, step=1)
    else:
        parties.approver.ledger.reject(number, reason_code=1)
    return number


def test_an_appeal_is_filed_accepted_extended_once_and_upheld(parties: Parties) -> None:
    number = decided(parties)
    window_end = parties.clerk.appeals.window_end(number)
    assert window_end is not None
    filed = parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    assert filed.appeal_id == parties.clerk.appeals.appeal_id_for(number, 0)
    assert parties.clerk.appeals.file(number, grounds_hash=GROUNDS).transaction.already_recorded
    appeal = parties.clerk.appeals.get(number)  # named by the original's number: its latest appeal
    assert (appeal.appeal_id, appeal.status, appeal.reviewer) == (filed.appeal_id, AppealStatus.FILED, REVIEWING_BODY)
    assert appeal.original_id == parties.clerk.ledger.resolve(number)
    assert appeal.grounds_hash == GROUNDS
    assert appeal.deadline is None
    assert appeal.decision_hash is None
    assert parties.clerk.appeals.filed_window_end(filed.appeal_id) == window_end

    parties.clerk.appeals.accept(filed.appeal_id)
    assert parties.clerk.appeals.accept(filed.appeal_id).already_recorded
    accepted = parties.clerk.appeals.get(filed.appeal_id)
    assert accepted.status == AppealStatus.ACCEPTED
    assert accepted.accepted_at is not None
    assert accepted.deadline is not None
    assert (accepted.deadline - accepted.accepted_at).total_seconds() == 60 * DAY

    parties.reviewer.appeals.extend(filed.appeal_id, reason_code=1)
    extended = parties.clerk.appeals.get(filed.appeal_id)
    assert extended.extended
    assert extended.deadline is not None
    assert (extended.deadline - accepted.deadline).total_seconds() == 30 * DAY
    assert parties.reviewer.appeals.extend(filed.appeal_id, reason_code=1).already_recorded

    parties.reviewer.appeals.decide(filed.appeal_id, "upheld", reason_code=1, decision_hash=DECISION)
    upheld = parties.clerk.appeals.get(filed.appeal_id)
    assert (upheld.status, upheld.outcome, upheld.reason_code) == (AppealStatus.DECIDED, AppealOutcome.UPHELD, 1)
    assert upheld.reopened_step is None
    assert upheld.decision_hash == DECISION
    assert upheld.decided_at is not None
    again = parties.reviewer.appeals.decide(
        filed.appeal_id, AppealOutcome.UPHELD, reason_code=1, decision_hash=DECISION
    )
    assert again.already_recorded
    assert parties.clerk.ledger.get(number).status == ApplicationStatus.REJECTED  # 维持: the rejection stands
    events = [event.event for event in parties.clerk.appeals.events(filed.appeal_id)]
    assert events == ["AppealFiled", "AppealAccepted", "AppealExtended", "AppealDecided"]


def test_a_revoked_rejection_reopens_the_original_at_the_named_step_and_it_completes(parties: Parties) -> None:
    number = decided(parties)
    filed = parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    parties.clerk.appeals.accept(filed.appeal_id)
    parties.reviewer.appeals.decide(
        filed.appeal_id, AppealOutcome.REVOKED, reason_code=2, decision_hash=DECISION, reopen_step=1
    )
    appeal = parties.clerk.appeals.get(number)
    assert (appeal.outcome, appeal.reopened_step) == (AppealOutcome.REVOKED, 1)
    reopened = parties.clerk.ledger.get(number)
    assert (reopened.status, reopened.current_step) == (ApplicationStatus.IN_REVIEW, 1)
    assert "ApplicationReopened" in [entry.event for entry in parties.clerk.ledger.history(number)]
    parties.approver.ledger.approve(number, step=1)
    assert parties.clerk.ledger.get(number).status == ApplicationStatus.COMPLETED


def _licensed_completion(parties: Parties, service: str) -> str:
    """A completed application of a one-step ``service`` that issues a BIZ-LICENCE of ZD-XPSJ."""
    parties.admin.catalog.publish(service, _service("复议发证测试事项"))
    parties.admin.catalog.set_automation(
        service, Automation(certificate_type="BIZ-LICENCE", certificate_issuer="ZD-XPSJ")
    )
    parties.admin.appeals.set_terms(AppealTerms(REVIEWING_BODY), service=service)
    number = f"ZD-T-APL-{next(_numbers):05d}"
    parties.clerk.ledger.submit(number, service=service, applicant_commitment=keccak(number.encode()))
    parties.clerk.ledger.accept(number)
    parties.approver.ledger.approve(number, step=0)
    return number


def test_a_revoked_completion_loses_its_certificate_and_is_not_reopened_without_a_step(parties: Parties) -> None:
    number = _licensed_completion(parties, "ZD-T-APL-CERT")
    licence = completion_certificate(parties.clerk, number)
    assert licence is not None
    assert licence.valid
    filed = parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    parties.clerk.appeals.accept(filed.appeal_id)
    parties.reviewer.appeals.decide(filed.appeal_id, "撤销", reason_code=3, decision_hash=DECISION)
    revoked = completion_certificate(parties.clerk, number)
    assert revoked is not None
    assert not revoked.valid
    assert revoked.reason_code == 10  # certificate_revocation 10: the decision was revoked on appeal
    assert parties.clerk.ledger.get(number).status == ApplicationStatus.COMPLETED  # not reopened
    assert parties.clerk.appeals.get(number).reopened_step is None


def test_a_revoked_completion_revokes_the_licence_that_replaced_its_certificate(parties: Parties) -> None:
    """换发 before the appeal (CertificateRegistry 1.7.0): the licence issued in the completion certificate's
    place is the one the decision now stands behind, so revoking the decision on appeal revokes it, and
    verifying it reports 撤销 with reason 10."""
    number = _licensed_completion(parties, "ZD-T-APL-CERT-RE")
    completion = completion_certificate(parties.clerk, number)
    assert completion is not None
    issuer = parties.approver  # an Issuer of ZD-XPSJ replaces the licence (换发)
    signer = issuer.signer
    assert signer is not None
    parties.admin.departments.grant("ZD-XPSJ", signer.address, OfficerRole.ISSUER)
    draft = CertificateDraft("BIZ-LICENCE", keccak(number.encode()), {"shop": "张店小吃 (新址)"}, 0)
    replacement = issuer.certificates.issue(draft, issuer="ZD-XPSJ")
    # The SDK's replace() takes certificate files; a completion certificate is the ledger's, named here
    # the way the registry names it (its application id and digest, its root its leaf, no proof).
    old_ref = (completion.root, code_to_bytes32("ZD-XPSJ"), completion.application_id, completion.digest, [])
    new_ref = (replacement.root, code_to_bytes32("ZD-XPSJ"), replacement.certificate_id, replacement.digest, [])
    registry = issuer.contract("CertificateRegistry")
    issuer.sender.send(registry.functions.replaceCertificate(old_ref, new_ref, 1))  # 1: change of details
    assert issuer.certificates.verify(replacement).valid

    filed = parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    parties.clerk.appeals.accept(filed.appeal_id)
    parties.reviewer.appeals.decide(filed.appeal_id, AppealOutcome.REVOKED, reason_code=3, decision_hash=DECISION)

    report = parties.outsider.certificates.verify(replacement.to_json())
    assert not report.valid
    assert report.status is CertificateState.REVOKED
    revocation = next(check for check in report.checks if check.name == "revocation")
    assert revocation.code == "CERTIFICATE_REVOKED"
    assert "(reason 10)" in revocation.message_en
    assert "(原因 10)" in revocation.message_zh
    assert report.replaces is not None  # it still says what it replaced
    assert report.replaces.certificate_id == "0x" + completion.application_id.hex()
    replaced = completion_certificate(parties.clerk, number)
    assert replaced is not None
    assert not replaced.valid
    assert replaced.reason_code == 1  # the completion certificate stays 已换发, for its own reason


def test_a_withdrawn_appeal_leaves_room_for_a_new_one(parties: Parties) -> None:
    number = decided(parties, approve=True)
    first = parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    with pytest.raises(errors.AppealPending):
        parties.clerk.appeals.file(number, grounds_hash=keccak(b"other grounds"))
    parties.clerk.appeals.withdraw(first.appeal_id, reason_code=1)
    assert parties.clerk.appeals.withdraw(first.appeal_id, reason_code=1).already_recorded
    withdrawn = parties.clerk.appeals.get(first.appeal_id)
    assert (withdrawn.status, withdrawn.reason_code, withdrawn.outcome) == (
        AppealStatus.WITHDRAWN,
        1,
        AppealOutcome.NONE,
    )
    second = parties.clerk.appeals.file(number, grounds_hash=keccak(b"other grounds"))
    assert second.appeal_id == parties.clerk.appeals.appeal_id_for(number, 1) != first.appeal_id
    assert [a.appeal_id for a in parties.clerk.appeals.appeals_of(number)] == [first.appeal_id, second.appeal_id]
    assert parties.clerk.appeals.get(number).appeal_id == second.appeal_id


def test_only_the_reviewing_bodys_officers_act_and_each_in_their_role(parties: Parties) -> None:
    number = decided(parties)
    for stranger in (parties.outsider, parties.approver):  # the deciding department is not the reviewer
        with pytest.raises(errors.NotReviewingOfficer) as raised:
            stranger.appeals.file(number, grounds_hash=GROUNDS)
        assert isinstance(raised.value, errors.PermissionDeniedError)
        assert REVIEWING_BODY in raised.value.message_zh
        assert REVIEWING_BODY in raised.value.message_en
    filed = parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    with pytest.raises(errors.NotReviewingOfficer):
        parties.outsider.appeals.accept(filed.appeal_id)
    parties.clerk.appeals.accept(filed.appeal_id)
    for not_approver in (parties.clerk, parties.approver, parties.outsider):  # deciding needs its approver
        with pytest.raises(errors.NotReviewingOfficer):
            not_approver.appeals.decide(filed.appeal_id, "upheld", reason_code=1, decision_hash=DECISION)
        with pytest.raises(errors.NotReviewingOfficer):
            not_approver.appeals.extend(filed.appeal_id, reason_code=1)
    with pytest.raises(errors.NotReviewingOfficer):
        parties.outsider.appeals.withdraw(filed.appeal_id, reason_code=1)
    with pytest.raises(errors.PermissionDeniedError):
        parties.outsider.appeals.set_terms(AppealTerms(REVIEWING_BODY), service=APPEAL_SERVICE)
    assert parties.clerk.appeals.get(filed.appeal_id).status == AppealStatus.ACCEPTED


def test_bad_input_is_refused_before_anything_is_sent(parties: Parties) -> None:
    number = decided(parties)
    with pytest.raises(NoAppealError, match="has no appeal"):
        parties.clerk.appeals.get(number)
    with pytest.raises(errors.InvalidInputError, match="grounds hash"):
        parties.clerk.appeals.file(number, grounds_hash=bytes(32))
    filed = parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    parties.clerk.appeals.accept(filed.appeal_id)
    reviewer = parties.reviewer.appeals
    with pytest.raises(errors.InvalidInputError, match="unknown appeal outcome"):
        reviewer.decide(filed.appeal_id, "quashed", reason_code=1, decision_hash=DECISION)
    with pytest.raises(errors.InvalidInputError, match="only a revoked decision reopens"):
        reviewer.decide(filed.appeal_id, AppealOutcome.UPHELD, reason_code=1, decision_hash=DECISION, reopen_step=0)
    with pytest.raises(errors.InvalidInputError, match="reason code 0"):
        reviewer.decide(filed.appeal_id, AppealOutcome.UPHELD, reason_code=0, decision_hash=DECISION)
    with pytest.raises(errors.InvalidInputError, match="reason code 0"):
        reviewer.extend(filed.appeal_id, reason_code=0)
    with pytest.raises(errors.InvalidInputError):
        parties.admin.appeals.set_terms(AppealTerms(REVIEWING_BODY, window_days=0), service=APPEAL_SERVICE)
    assert parties.clerk.appeals.get(filed.appeal_id).status == AppealStatus.ACCEPTED
    # An outcome by word, label or number; none and unknown ones are refused.
    assert parse_outcome("confirmed-unlawful") is AppealOutcome.CONFIRMED_UNLAWFUL
    assert parse_outcome(AppealOutcome.REVOKED.label_zh) is AppealOutcome.REVOKED
    assert parse_outcome("3") is AppealOutcome.CHANGED
    for wrong in ("none", "0", 9):
        with pytest.raises(errors.InvalidInputError):
            parse_outcome(wrong)


def test_the_terms_apply_per_service_and_an_appeal_of_an_open_application_is_refused(parties: Parties) -> None:
    terms = parties.clerk.appeals.terms(APPEAL_SERVICE)
    assert terms == AppealTerms(REVIEWING_BODY, 60, 60, 30)
    number = f"ZD-T-APL-{next(_numbers):05d}"
    parties.clerk.ledger.submit(number, service=APPEAL_SERVICE, applicant_commitment=keccak(number.encode()))
    assert parties.clerk.appeals.window_end(number) is None
    with pytest.raises(errors.NotAppealable) as raised:
        parties.clerk.appeals.file(number, grounds_hash=GROUNDS)
    assert ApplicationStatus.SUBMITTED.label_zh in raised.value.message_zh


def test_the_closed_window_reads_as_its_end_in_beijing_time() -> None:
    closed = errors.AppealWindowClosed({"originalId": b"\x01" * 32, "windowEnd": 1_780_000_000})
    moment = datetime.fromtimestamp(1_780_000_000, BEIJING).strftime("%Y-%m-%d %H:%M")
    assert f"申请期限已于 {moment} 北京时间 届满" in closed.message_zh
    assert "the window to appeal" in closed.message_en
    assert f"closed on {moment} Beijing time" in closed.message_en
    wrong = errors.WrongAppealStatus({"appealId": b"\x02" * 32, "status": int(AppealStatus.WITHDRAWN)})
    assert AppealStatus.WITHDRAWN.label_zh in wrong.message_zh
    assert "Withdrawn" in wrong.message_en


# -- the demo's appeal, and the closed window, on a chain of this module's own --------------------------


@dataclass(frozen=True)
class OwnChain:
    chain: LocalChain
    w3: Web3
    deployment: Deployment
    manifest: Path
    officers: DemoOfficers
    documents: DemoDocuments

    def client(self, signer: object) -> ZhangdianClient:
        return ZhangdianClient(self.w3, self.deployment, signer=signer)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def own_chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnChain]:
    """A chain with the demo's catalogue and officers, and the demo's appeal played on it."""
    chain = LocalChain(port=free_port(), folder=tmp_path_factory.mktemp("appeal-chain"))
    chain.up()
    try:
        w3 = connect_web3(chain.rpc_url)
        accounts = demo_keystore_accounts()
        officers = DemoOfficers(
            admin=chain.dev_signer(accounts["admin"]),
            clerk=chain.dev_signer(accounts["clerk"]),
            approvers={code: chain.dev_signer(accounts[f"approver-{code}"]) for code in DEMO_APPROVER_DEPARTMENTS},
        )
        manifest = tmp_path_factory.mktemp("appeal-deployments") / f"{w3.eth.chain_id}.json"
        deployment = deploy_suite(w3, officers.admin, manifest_path=manifest, log=lambda _m: None)
        admin = ZhangdianClient(w3, deployment, signer=officers.admin)
        load_catalogue(admin, officers, lambda _m: None)
        documents = demo_documents(admin, tmp_path_factory.mktemp("appeal-home"))
        own = OwnChain(chain, w3, deployment, manifest, officers, documents)
        run_appeals(own.client, officers, documents, lambda _m: None)
        yield own
    finally:
        chain.down()


def test_the_demo_appeal_is_revoked_reopened_and_completed_and_a_second_run_adds_nothing(own_chain: OwnChain) -> None:
    client = own_chain.client(None)
    original = client.ledger.get(APPEAL_NUMBER)
    assert original.status == ApplicationStatus.COMPLETED
    appeal = client.appeals.get(APPEAL_NUMBER)
    assert (appeal.status, appeal.outcome, appeal.reopened_step) == (
        AppealStatus.DECIDED,
        AppealOutcome.REVOKED,
        APPEAL_DECISION_STEP,
    )
    assert appeal.reviewer == REVIEWER.code
    assert client.appeals.terms() == AppealTerms(REVIEWER.code, 60, 60, 30)  # the default terms
    events = [entry.event for entry in client.ledger.history(APPEAL_NUMBER)]
    assert (
        events.index("ApplicationRejected") < events.index("ApplicationReopened") < events.index("ApplicationCompleted")
    )
    count, block = client.ledger.count(), own_chain.w3.eth.block_number
    messages: list[str] = []
    again = run_appeals(own_chain.client, own_chain.officers, own_chain.documents, messages.append)
    assert (again.status, again.appeal_id, again.outcome) == (
        ApplicationStatus.COMPLETED,
        appeal.appeal_id,
        appeal.outcome,
    )
    assert client.ledger.count() == count
    assert len(client.appeals.appeal_ids_of(APPEAL_NUMBER)) == 1
    assert own_chain.w3.eth.block_number == block  # nothing sent
    assert any(f"0x{appeal.appeal_id.hex()}" in message for message in messages)


def test_filing_after_the_window_fails_naming_its_end_in_beijing_time(own_chain: OwnChain) -> None:
    admin, clerk = own_chain.client(own_chain.officers.admin), own_chain.client(own_chain.officers.clerk)
    approver = own_chain.client(own_chain.officers.approvers["ZD-XPSJ"])
    admin.catalog.publish("ZD-T-WIN", _service("一日复议期限事项"))
    admin.appeals.set_terms(AppealTerms(REVIEWER.code, window_days=1), service="ZD-T-WIN")
    number = "ZD-T-WIN-000001"
    clerk.ledger.submit(number, service="ZD-T-WIN", applicant_commitment=keccak(b"window"))
    clerk.ledger.accept(number)
    approver.ledger.reject(number, reason_code=1)
    end = clerk.appeals.window_end(number)
    assert end is not None
    own_chain.w3.provider.make_request("evm_increaseTime", [DAY + 60])  # type: ignore[arg-type]
    own_chain.w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    moment = end.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    with pytest.raises(errors.AppealWindowClosed) as raised:
        clerk.appeals.file(number, grounds_hash=GROUNDS)
    assert f"申请期限已于 {moment} 北京时间 届满" in raised.value.message_zh
    assert "the window to appeal" in raised.value.message_en
    assert f"closed on {moment} Beijing time" in raised.value.message_en
    # The CLI says the same in one line, with the exit code of a state conflict and no traceback.
    key = "0x" + own_chain.officers.clerk._account.key.hex()  # type: ignore[attr-defined]
    result = CliRunner().invoke(
        cli,
        ["appeal", "file", number, "--grounds-hash", "0x" + GROUNDS.hex(), "--deployment", str(own_chain.manifest)],
        env={"ZHANGDIAN_RPC_URL": own_chain.chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": key},
        catch_exceptions=False,
    )
    assert result.exit_code == 5, result.output
    assert f"申请期限已于 {moment} 北京时间 届满" in result.output
    assert f"closed on {moment} Beijing time" in result.output
    assert "Traceback" not in result.output
