"""Automation: completion by rule, completion certificates, follow-on services, deadlines with
escalation and deemed approval, and the bound on a rule's gas."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import ape
import pytest
from ape.contracts import ContractContainer
from eth_abi import encode
from eth_utils import keccak
from ethpm_types import ContractType

from tests.ape.conftest import (
    ACCEPTED,
    APPROVED,
    APPROVER,
    COMPLETED,
    DAY,
    IN_REVIEW,
    ISSUER,
    NO_NATIONAL,
    REJECTED,
    SUBMITTED,
    code,
    hours,
    submitted_id,
)
from tests.ape.consents import SERVICE, signed_consent
from zhangdian_sdk.core.models import DeadlinePolicy

FLAG_ONLY, ESCALATE, DEEMED = DeadlinePolicy.FLAG_ONLY, DeadlinePolicy.ESCALATE, DeadlinePolicy.DEEMED_APPROVAL
NO_AUTOMATION: tuple[Any, ...] = ([], FLAG_ONLY, b"\0" * 32, b"\0" * 32, b"\0" * 32)
ZERO = b"\0" * 32
_codes: Iterator[int] = count(1)


def _error(signature: str, *values: Any) -> bytes:
    """Revert data of a custom error, as the contracts encode it."""
    types = signature[signature.index("(") + 1 : -1]
    return keccak(text=signature)[:4] + (encode(types.split(","), list(values)) if types else b"")


_ids: Iterator[int] = count(10**6)


def _definition(
    steps: list[tuple[str, int, int]],
    *,
    owner: str = "ZD-XPSJ",
    materials: tuple[str, ...] = (),
    follow_ons: tuple[bytes, ...] = (),
    limit: int = 10 * DAY,
) -> tuple[Any, ...]:
    return (
        code(owner),
        hours(limit),
        hours(limit),
        "自动化测试事项",
        "Automation test service",
        [(code(d), role, step_limit // 3600) for d, role, step_limit in steps],
        [code(m) for m in materials],
        list(follow_ons),
        NO_NATIONAL,
    )


@pytest.fixture
def publish(catalog: Any, admin: Any) -> Callable[..., bytes]:
    """``publish(steps, automation=..., ...)``: a new service with its automation; returns its code."""

    def make(steps: list[tuple[str, int, int]] | None = None, automation: tuple[Any, ...] = NO_AUTOMATION, **kw: Any):
        service = code(f"AUTO-{next(_codes)}")
        catalog.publishService(service, _definition(steps or [("ZD-XPSJ", APPROVER, 0)], **kw), sender=admin)
        if automation != NO_AUTOMATION:
            catalog.setAutomation(service, 1, automation, sender=admin)
        return service

    return make


@pytest.fixture
def open_app(ledger: Any, clerk: Any) -> Callable[..., bytes]:
    """``open_app(service, accept=True)``: submit (and accept) an application; returns its id."""

    def make(service: bytes, *, accept: bool = True, commitment: bytes = b"\x11" * 32, materials: Any = ()) -> bytes:
        number_hash = f"N-{next(_ids)}"
        application_id = submitted_id(
            ledger, ledger.submit((number_hash, service, commitment, list(materials)), sender=clerk)
        )
        if accept:
            ledger.accept(application_id, sender=clerk)
        return application_id

    return make


# --- completion by rule ----------------------------------------------------------------------------


def test_a_service_without_automation_completes_on_its_last_approval(
    ledger: Any, publish: Any, open_app: Any, approver: Any
) -> None:
    app = open_app(publish())
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    assert [log.event_name for log in receipt.events] == ["StepApproved", "ApplicationApproved", "ApplicationCompleted"]
    assert ledger.progressOf(app).approvedAt == ledger.getApplication(app).updatedAt


def test_a_waiting_period_defers_completion_until_anyone_completes_it(
    project: Any, ledger: Any, chain: Any, publish: Any, open_app: Any, admin: Any, approver: Any, outsider: Any
) -> None:
    rule = project.WaitingPeriodRule.deploy(ledger, 3 * DAY, sender=admin)
    app = open_app(publish(automation=([rule], FLAG_ONLY, ZERO, ZERO, ZERO)))
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    (deferred,) = receipt.events.filter(ledger.CompletionDeferred)
    ends_at = ledger.progressOf(app).approvedAt + 3 * DAY
    assert deferred.reason == _error("WaitingPeriodNotOver(bytes32,uint40)", app, ends_at)
    assert ledger.getApplication(app).status == APPROVED
    assert ledger.completionBlocker(app) == deferred.reason
    with ape.reverts(rule.WaitingPeriodNotOver, applicationId=app, endsAt=ends_at):
        ledger.complete(app, sender=outsider)
    chain.mine(timestamp=ends_at)
    assert ledger.completionBlocker(app) == b""
    receipt = ledger.complete(app, sender=outsider)
    assert [log.event_name for log in receipt.events] == ["ApplicationCompleted"]
    assert ledger.getApplication(app).status == COMPLETED
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=COMPLETED):
        ledger.complete(app, sender=outsider)
    with ape.reverts(project.WaitingPeriodRule.InvalidWaitingPeriod):
        project.WaitingPeriodRule.deploy(ledger, 0, sender=admin)


def test_a_fee_rule_waits_for_the_fee_departments_confirmation(
    project: Any, ledger: Any, registry: Any, publish: Any, open_app: Any, admin: Any, clerk: Any, approver: Any
) -> None:
    fee = project.FeePaymentRule.deploy(ledger, registry, code("ZD-XPSJ"), sender=admin)
    app = open_app(publish(automation=([fee], FLAG_ONLY, ZERO, ZERO, ZERO)))
    ledger.approve(app, 0, ZERO, sender=approver)
    with ape.reverts(fee.PaymentNotConfirmed, applicationId=app, feeDepartment=code("ZD-XPSJ")):
        ledger.complete(app, sender=clerk)
    with ape.reverts(fee.NotAFeeClerk, caller=approver, feeDepartment=code("ZD-XPSJ")):
        fee.confirmPayment(app, b"\x01" * 32, sender=approver)
    with ape.reverts(fee.MissingReceipt, applicationId=app):
        fee.confirmPayment(app, ZERO, sender=clerk)
    with ape.reverts(fee.UnknownApplication, applicationId=b"\x99" * 32):
        fee.confirmPayment(b"\x99" * 32, b"\x01" * 32, sender=clerk)
    receipt = fee.confirmPayment(app, b"\x01" * 32, sender=clerk)
    assert receipt.events.filter(fee.PaymentConfirmed)[0].receiptHash == b"\x01" * 32
    assert fee.receiptOf(app) == b"\x01" * 32
    with ape.reverts(fee.PaymentAlreadyConfirmed, applicationId=app):
        fee.confirmPayment(app, b"\x02" * 32, sender=clerk)
    ledger.complete(app, sender=clerk)
    assert ledger.getApplication(app).status == COMPLETED
    assert fee.describe()
    assert fee.version() == "1.0.0"


def test_a_prerequisite_must_be_completed_first_within_the_same_one_thing(
    project: Any, ledger: Any, publish: Any, open_app: Any, admin: Any, clerk: Any, approver: Any
) -> None:
    tax = publish()
    rule = project.PrerequisiteServiceRule.deploy(ledger, tax, sender=admin)
    social = publish(automation=([rule], FLAG_ONLY, ZERO, ZERO, ZERO))
    parent = open_app(publish(follow_ons=(social, tax)))
    ledger.approve(parent, 0, ZERO, sender=approver)
    social_child, tax_child = ledger.childrenOf(parent)
    for child in (social_child, tax_child):
        ledger.accept(child, sender=clerk)
    ledger.approve(social_child, 0, ZERO, sender=approver)
    with ape.reverts(rule.PrerequisiteNotCompleted, applicationId=social_child, prerequisite=tax):
        ledger.complete(social_child, sender=approver)

    # The same service outside the family does not count, whoever applied.
    outsider_tax = open_app(tax)
    ledger.approve(outsider_tax, 0, ZERO, sender=approver)
    assert ledger.completionBlocker(social_child) != b""
    standalone = open_app(social)
    ledger.approve(standalone, 0, ZERO, sender=approver)
    with ape.reverts(rule.PrerequisiteNotCompleted, applicationId=standalone, prerequisite=tax):
        ledger.complete(standalone, sender=approver)

    ledger.approve(tax_child, 0, ZERO, sender=approver)
    ledger.complete(social_child, sender=approver)
    assert ledger.getApplication(social_child).status == COMPLETED


def test_a_rule_that_burns_gas_fails_within_its_allowance(
    ledger: Any, publish: Any, open_app: Any, admin: Any, approver: Any
) -> None:
    # Runtime code JUMPDEST PUSH1 0 JUMP: loops until its gas runs out.
    looping = ContractType(abi=[], deploymentBytecode={"bytecode": "0x635b6000566000526004601cf3"})
    rule = ContractContainer(looping).deploy(sender=admin)
    app = open_app(publish(automation=([rule.address], FLAG_ONLY, ZERO, ZERO, ZERO)))
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    (deferred,) = receipt.events.filter(ledger.CompletionDeferred)
    assert deferred.reason == _error("RuleFailed(address)", rule.address)
    # The loop got its allowance, not the transaction's gas.
    assert receipt.gas_used < ledger.RULE_GAS_LIMIT() + 150_000
    with ape.reverts(ledger.RuleFailed, rule=rule.address):
        ledger.complete(app, sender=approver)


def test_a_rule_that_returns_a_return_bomb_costs_the_caller_only_its_first_bytes(
    ledger: Any, publish: Any, open_app: Any, admin: Any, approver: Any
) -> None:
    # Runtime code PUSH3 100000 PUSH1 0 REVERT: 100,000 bytes of revert data for about 30,000 gas.
    bomb = ContractType(abi=[], deploymentBytecode={"bytecode": "0x6007600c60003960076000f3620186a06000fd"})
    rule = ContractContainer(bomb).deploy(sender=admin)
    app = open_app(publish(automation=([rule.address], FLAG_ONLY, ZERO, ZERO, ZERO)))
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    (deferred,) = receipt.events.filter(ledger.CompletionDeferred)
    # Only the first 1,024 bytes are copied and logged (all 100,000 would cost the caller about 800,000
    # gas in the log alone).
    assert deferred.reason == b"\x00" * 1024
    assert receipt.gas_used < ledger.RULE_GAS_LIMIT() + 150_000


def test_a_rejected_approved_application_never_completes(
    project: Any, ledger: Any, publish: Any, open_app: Any, admin: Any, clerk: Any, approver: Any
) -> None:
    rule = project.WaitingPeriodRule.deploy(ledger, DAY, sender=admin)
    app = open_app(publish(automation=([rule], FLAG_ONLY, ZERO, ZERO, ZERO)))
    ledger.approve(app, 0, ZERO, sender=approver)
    with ape.reverts(ledger.UnauthorizedOfficer):
        ledger.reject(app, 4, sender=approver)
    ledger.reject(app, 4, sender=clerk)
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=REJECTED):
        ledger.complete(app, sender=clerk)


# --- completion certificate ------------------------------------------------------------------------


def test_completion_issues_the_services_certificate_in_the_same_transaction(
    ledger: Any, certificates: Any, publish: Any, open_app: Any, approver: Any
) -> None:
    licence = code("BIZ-LICENCE")
    service = publish(automation=([], FLAG_ONLY, ZERO, licence, code("ZD-SCJGJ")))
    app = open_app(service, commitment=b"\x55" * 32)
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    completed_at = receipt.events.filter(ledger.ApplicationCompleted)[0].completedAt
    digest = keccak(
        encode(["bytes32", "bytes32", "uint32", "bytes32", "uint40"], [licence, service, 1, b"\x55" * 32, completed_at])
    )
    root = keccak(keccak(encode(["bytes32", "bytes32"], [app, digest])))
    (issued,) = receipt.events.filter(certificates.ApplicationCertificateIssued)
    assert (issued.applicationId, issued.root, issued.issuer, issued.certificateType) == (
        app,
        root,
        code("ZD-SCJGJ"),
        licence,
    )
    batch = certificates.getApplicationBatch(app, root, code("ZD-SCJGJ"))
    assert (batch.count, batch.issuedBlock) == (1, receipt.block_number)
    assert certificates.getBatch(root, code("ZD-SCJGJ")).issuedBlock == 0  # not among the issuer's batches
    assert certificates.validAt(root, code("ZD-SCJGJ"), app, digest, [], receipt.block_number)
    assert not certificates.validAt(root, code("ZD-SCJGJ"), app, digest, [], receipt.block_number - 1)


def _completion_leaf(app: bytes, service: bytes, licence: bytes, commitment: bytes, at: int) -> tuple[bytes, bytes]:
    """The completion certificate's digest and root (its leaf), as the ledger computes them."""
    digest = keccak(
        encode(["bytes32", "bytes32", "uint32", "bytes32", "uint40"], [licence, service, 1, commitment, at])
    )
    return digest, keccak(keccak(encode(["bytes32", "bytes32"], [app, digest])))


def test_an_issuer_cannot_block_a_completion_by_pre_issuing_or_pre_revoking_its_certificate(
    ledger: Any,
    certificates: Any,
    registry: Any,
    publish: Any,
    open_app: Any,
    approver: Any,
    admin: Any,
    accounts: Any,
    chain: Any,
) -> None:
    """issue 12, finding 11 (first suspicion, confirmed): the completion root depends only on public
    data and ``block.timestamp``, so a rogue Issuer of the certificate department could issue it first
    with ``issueBatch`` and the last approval reverted with ``BatchAlreadyIssued`` (it did on main).
    Completion certificates now live under keys ``issueBatch`` cannot produce."""
    rogue = accounts[8]
    registry.grantOfficerRole(code("ZD-SCJGJ"), rogue, ISSUER, sender=admin)
    licence, issuer = code("BIZ-LICENCE"), code("ZD-SCJGJ")
    service = publish(automation=([], FLAG_ONLY, ZERO, licence, issuer))
    app = open_app(service, commitment=b"\x55" * 32)
    at = chain.pending_timestamp + 100
    digest, root = _completion_leaf(app, service, licence, b"\x55" * 32, at)
    # Pre-issue the predicted root, pre-revoke its only certificate and the batch.
    certificates.issueBatch(root, issuer, 1, sender=rogue)
    certificates.revokeCertificate(root, issuer, app, digest, [], 9, sender=rogue)
    certificates.revokeBatch(root, issuer, 9, sender=rogue)

    chain.pending_timestamp = at
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    assert ledger.getApplication(app).status == COMPLETED
    (issued,) = receipt.events.filter(certificates.ApplicationCertificateIssued)
    assert (issued.applicationId, issued.root) == (app, root)
    status = certificates.certificateStatus(root, issuer, app, digest, [])
    assert (status.issued, status.issuedBlock) == (True, receipt.block_number)
    assert (status.batchRevokedBlock, status.certificateRevokedBlock, status.reasonCode) == (0, 0, 0)
    assert certificates.validAt(root, issuer, app, digest, [], receipt.block_number)
    # The issuer still revokes it, openly, once it exists.
    revoked = certificates.revokeCertificate(root, issuer, app, digest, [], 7, sender=rogue)
    assert not certificates.validAt(root, issuer, app, digest, [], revoked.block_number)
    assert certificates.certificateStatus(root, issuer, app, digest, []).reasonCode == 7
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.revokeCertificate(root, issuer, app, digest, [], 7, sender=rogue)


def test_only_the_ledger_issues_completion_certificates(certificates: Any, admin: Any, clerk: Any) -> None:
    with ape.reverts(certificates.AccessControlUnauthorizedAccount):
        certificates.issueForApplication(b"\x01" * 32, code("ZD-XPSJ"), code("X"), b"\x02" * 32, sender=admin)


# --- automation terms ------------------------------------------------------------------------------


def test_automation_terms_are_checked_and_only_the_catalogue_admin_sets_them(
    project: Any, catalog: Any, ledger: Any, publish: Any, admin: Any, outsider: Any
) -> None:
    service = publish()
    rule = project.WaitingPeriodRule.deploy(ledger, DAY, sender=admin)
    with ape.reverts(catalog.AccessControlUnauthorizedAccount):
        catalog.setAutomation(service, 1, NO_AUTOMATION, sender=outsider)
    with ape.reverts(catalog.UnknownServiceVersion, service=service, version=2):
        catalog.setAutomation(service, 2, NO_AUTOMATION, sender=admin)
    with ape.reverts(catalog.RuleNotAContract, rule=outsider):
        catalog.setAutomation(service, 1, ([outsider], FLAG_ONLY, ZERO, ZERO, ZERO), sender=admin)
    with ape.reverts(catalog.DuplicateRule, rule=rule):
        catalog.setAutomation(service, 1, ([rule, rule], FLAG_ONLY, ZERO, ZERO, ZERO), sender=admin)
    with ape.reverts(catalog.ListTooLong, count=5, max=4):
        catalog.setAutomation(service, 1, ([rule] * 5, FLAG_ONLY, ZERO, ZERO, ZERO), sender=admin)
    with ape.reverts(catalog.InvalidSupervisor, supervisor=ZERO):
        catalog.setAutomation(service, 1, ([], ESCALATE, ZERO, ZERO, ZERO), sender=admin)
    with ape.reverts(catalog.InvalidSupervisor, supervisor=code("ZD-NONE")):
        catalog.setAutomation(service, 1, ([], ESCALATE, code("ZD-NONE"), ZERO, ZERO), sender=admin)
    with ape.reverts(catalog.InvalidSupervisor, supervisor=code("ZD-SCJGJ")):
        catalog.setAutomation(service, 1, ([], DEEMED, code("ZD-SCJGJ"), ZERO, ZERO), sender=admin)
    with ape.reverts(catalog.InvalidCertificateTerms, certificateType=code("X"), certificateIssuer=ZERO):
        catalog.setAutomation(service, 1, ([], FLAG_ONLY, ZERO, code("X"), ZERO), sender=admin)
    with ape.reverts(catalog.InvalidCertificateTerms, certificateType=code("X"), certificateIssuer=code("ZD-NONE")):
        catalog.setAutomation(service, 1, ([], FLAG_ONLY, ZERO, code("X"), code("ZD-NONE")), sender=admin)
    terms = ([rule], ESCALATE, code("ZD-SCJGJ"), code("X"), code("ZD-XPSJ"))
    receipt = catalog.setAutomation(service, 1, terms, sender=admin)
    event = receipt.events.filter(catalog.AutomationSet)[0]
    assert (event.service, event.version, event.ruleCount, event.deadlinePolicy) == (service, 1, 1, ESCALATE)
    stored = catalog.getAutomation(service, 1)
    assert (list(stored.rules), stored.deadlinePolicy, stored.supervisor) == ([rule.address], ESCALATE, terms[2])


# --- follow-on services ----------------------------------------------------------------------------


def test_completion_opens_the_follow_on_services_once_and_records_failures(
    ledger: Any, catalog: Any, publish: Any, open_app: Any, admin: Any, approver: Any, outsider: Any
) -> None:
    tax = publish(owner="ZD-SCJGJ")
    social = publish()
    closed = publish()
    catalog.setServiceActive(closed, False, sender=admin)
    needs_id = publish(materials=("ID-CARD",))
    parent_service = publish(follow_ons=(tax, social, closed, needs_id))
    parent = open_app(parent_service, commitment=b"\x77" * 32)
    receipt = ledger.approve(parent, 0, ZERO, sender=approver)

    opened = receipt.events.filter(ledger.FollowOnOpened)
    assert [(e.parentId, e.service) for e in opened] == [(parent, tax), (parent, social)]
    children = [e.childId for e in opened]
    assert children == [ledger.followOnId(parent, tax), ledger.followOnId(parent, social)]
    assert list(ledger.childrenOf(parent)) == children
    for child, service, department in zip(children, (tax, social), ("ZD-SCJGJ", "ZD-XPSJ"), strict=True):
        record = ledger.getApplication(child)
        assert (record.status, record.service, record.department) == (SUBMITTED, service, code(department))
        assert record.applicantCommitment == b"\x77" * 32
        assert ledger.parentOf(child) == parent
    submitted = receipt.events.filter(ledger.ApplicationSubmitted)
    assert {e.actor for e in submitted} == {approver.address}

    failed = receipt.events.filter(ledger.FollowOnFailed)
    assert [e.service for e in failed] == [closed, needs_id]
    assert failed[0].reason == _error("ServiceInactive(bytes32)", closed)
    assert failed[1].reason == _error("FollowOnMaterialMissing(bytes32,bytes32)", needs_id, code("ID-CARD"))
    assert ledger.getApplication(parent).status == COMPLETED  # the failures did not undo the completion
    count_before = ledger.applicationCount()

    with ape.reverts(ledger.WrongStatus, applicationId=parent, status=COMPLETED):  # a retried last approval
        ledger.approve(parent, 0, ZERO, sender=approver)
    with ape.reverts(ledger.WrongStatus, applicationId=parent, status=COMPLETED):
        ledger.complete(parent, sender=outsider)
    with ape.reverts(ledger.OnlyLedger, caller=outsider):
        ledger.openFollowOn(parent, tax, outsider, sender=outsider)
    assert ledger.applicationCount() == count_before
    assert list(ledger.childrenOf(parent)) == children


def test_a_deferred_completion_opens_children_when_it_completes(
    project: Any, ledger: Any, chain: Any, publish: Any, open_app: Any, admin: Any, approver: Any, outsider: Any
) -> None:
    rule = project.WaitingPeriodRule.deploy(ledger, DAY, sender=admin)
    child_service = publish()
    parent = open_app(publish(follow_ons=(child_service,), automation=([rule], FLAG_ONLY, ZERO, ZERO, ZERO)))
    receipt = ledger.approve(parent, 0, ZERO, sender=approver)
    assert not receipt.events.filter(ledger.FollowOnOpened)
    assert list(ledger.childrenOf(parent)) == []
    chain.pending_timestamp += DAY
    receipt = ledger.complete(parent, sender=outsider)
    (opened,) = receipt.events.filter(ledger.FollowOnOpened)
    assert ledger.getApplication(opened.childId).status == SUBMITTED


# --- materials carried to children, checked at completion -----------------------------------------


def _consent(materials: Any, citizen: Any, material: bytes, department: str, service: bytes, nonce: int) -> Any:
    consent, signature = signed_consent(materials, citizen, material, code(department), SERVICE, service, nonce=nonce)
    materials.grantConsent(consent, signature, sender=citizen)


def _material(materials: Any, clerk: Any, citizen: Any, material_type: str, valid_until: int = 0) -> bytes:
    material_id = next(_ids).to_bytes(32, "big")
    record = (material_id, code(material_type), code("ZD-XPSJ"), b"\x22" * 32, citizen, b"\x33" * 32, 0, valid_until)
    materials.registerMaterial((*record, "cas:sha256:33"), sender=clerk)
    return material_id


def test_children_reuse_the_parents_materials_with_the_citizens_consent(
    accounts: Any, ledger: Any, materials: Any, publish: Any, open_app: Any, clerk: Any, approver: Any
) -> None:
    citizen = accounts[8]
    id_card = _material(materials, clerk, citizen, "ID-CARD")
    health = _material(materials, clerk, citizen, "HEALTH-CERT")
    consented_child = publish(owner="ZD-SCJGJ", materials=("ID-CARD",))
    unconsented_child = publish(owner="ZD-SCJGJ", materials=("HEALTH-CERT",))
    parent_service = publish(materials=("ID-CARD", "HEALTH-CERT"), follow_ons=(consented_child, unconsented_child))
    _consent(materials, citizen, id_card, "ZD-XPSJ", parent_service, 1)
    _consent(materials, citizen, health, "ZD-XPSJ", parent_service, 2)
    _consent(materials, citizen, id_card, "ZD-SCJGJ", consented_child, 3)
    parent = open_app(parent_service, materials=(id_card, health))
    assert list(ledger.materialsOf(parent)) == [id_card, health]

    receipt = ledger.approve(parent, 0, ZERO, sender=approver)
    (opened,) = receipt.events.filter(ledger.FollowOnOpened)
    assert list(ledger.materialsOf(opened.childId)) == [id_card]
    used = [e for e in receipt.events.filter(materials.MaterialUsed) if e.department == code("ZD-SCJGJ")]
    assert [(e.materialId, e.purpose) for e in used] == [(id_card, consented_child)]
    (failed,) = receipt.events.filter(ledger.FollowOnFailed)
    assert failed.service == unconsented_child
    assert failed.reason == _error(
        "ConsentMissing(bytes32,bytes32,bytes32)",
        health,
        code("ZD-SCJGJ"),
        ledger.followOnId(parent, unconsented_child),
    )


def test_a_revoked_material_blocks_completion_until_the_clerk_rejects(
    accounts: Any, ledger: Any, materials: Any, publish: Any, open_app: Any, clerk: Any, approver: Any
) -> None:
    citizen = accounts[8]
    id_card = _material(materials, clerk, citizen, "ID-CARD")
    service = publish(materials=("ID-CARD",))
    _consent(materials, citizen, id_card, "ZD-XPSJ", service, 11)
    app = open_app(service, materials=(id_card,))
    materials.revokeMaterial(id_card, 9, sender=clerk)
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    (deferred,) = receipt.events.filter(ledger.CompletionDeferred)
    assert deferred.reason == _error("MaterialIsRevoked(bytes32)", id_card)
    with ape.reverts(materials.MaterialIsRevoked, materialId=id_card):
        ledger.complete(app, sender=approver)
    ledger.reject(app, 7, sender=clerk)
    assert ledger.getApplication(app).status == REJECTED


def test_a_material_rule_wants_the_material_valid_long_enough(
    project: Any, accounts: Any, ledger: Any, materials: Any, chain: Any, publish: Any, open_app: Any, admin: Any
) -> None:
    clerk, citizen = accounts[1], accounts[8]
    expires = chain.pending_timestamp + 40 * DAY
    health = _material(materials, clerk, citizen, "HEALTH-CERT", valid_until=expires)
    rule = project.MaterialValidRule.deploy(ledger, materials, code("HEALTH-CERT"), 30 * DAY, sender=admin)
    missing_rule = project.MaterialValidRule.deploy(ledger, materials, code("ID-CARD"), 0, sender=admin)
    service = publish(materials=("HEALTH-CERT",), automation=([rule], FLAG_ONLY, ZERO, ZERO, ZERO))
    _consent(materials, citizen, health, "ZD-XPSJ", service, 21)
    app = open_app(service, materials=(health,))
    assert rule.describe()
    rule.check(app)  # 40 days left, 30 required
    with ape.reverts(missing_rule.RequiredMaterialMissing, applicationId=app, materialType=code("ID-CARD")):
        missing_rule.check(app)
    chain.pending_timestamp += 15 * DAY
    chain.mine()
    with ape.reverts(rule.RequiredMaterialExpiresSoon, applicationId=app, materialId=health, validUntil=expires):
        rule.check(app)
    materials.revokeMaterial(health, 9, sender=clerk)
    with ape.reverts(rule.RequiredMaterialInvalid):
        rule.check(app)


# --- deadlines ------------------------------------------------------------------------------------


def test_overdue_can_be_flagged_by_anyone_once_per_step_after_its_deadline(
    ledger: Any, chain: Any, publish: Any, open_app: Any, outsider: Any, clerk: Any, approver: Any, inspector: Any
) -> None:
    service = publish([("ZD-XPSJ", APPROVER, DAY), ("ZD-SCJGJ", APPROVER, 2 * DAY)])
    app = open_app(service, accept=False)
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=SUBMITTED):
        ledger.flagOverdue(app, sender=outsider)
    ledger.accept(app, sender=clerk)
    deadline = ledger.progressOf(app).stepStartedAt + DAY
    assert ledger.stepDeadline(app) == deadline
    with ape.reverts(ledger.NotOverdue, applicationId=app, deadline=deadline):
        ledger.flagOverdue(app, sender=outsider)
    chain.pending_timestamp = deadline + 1
    receipt = ledger.flagOverdue(app, sender=outsider)
    (flag,) = receipt.events.filter(ledger.ApplicationOverdue)
    assert (flag.department, flag.stepIndex, flag.deadline, flag.flaggedBy) == (
        code("ZD-XPSJ"),
        0,
        deadline,
        outsider.address,
    )
    assert [log.event_name for log in receipt.events] == ["ApplicationOverdue"]  # flag only
    with ape.reverts(ledger.AlreadyFlagged, applicationId=app, stepIndex=0):
        ledger.flagOverdue(app, sender=outsider)
    ledger.approve(app, 0, ZERO, sender=approver)
    view = ledger.keeperViews([app])[0]
    assert (view.status, view.currentStep, view.flagged) == (IN_REVIEW, 1, False)
    assert view.stepDeadline == ledger.progressOf(app).stepStartedAt + 2 * DAY
    ledger.approve(app, 1, ZERO, sender=inspector)
    assert ledger.stepDeadline(app) == 0
    assert ledger.keeperViews([app, b"\x98" * 32])[1].status == 0


def test_a_step_deadline_is_capped_by_the_promise_and_paused_by_a_supplement(
    ledger: Any, chain: Any, publish: Any, open_app: Any, clerk: Any, approver: Any
) -> None:
    app = open_app(publish([("ZD-XPSJ", APPROVER, 30 * DAY)], limit=5 * DAY))
    assert ledger.stepDeadline(app) == ledger.getApplication(app).deadline
    untimed = open_app(publish([("ZD-XPSJ", APPROVER, 0)], limit=4 * DAY))
    assert ledger.stepDeadline(untimed) == ledger.getApplication(untimed).deadline
    timed = open_app(publish([("ZD-XPSJ", APPROVER, DAY)]))
    before = ledger.stepDeadline(timed)
    ledger.requestSupplement(timed, 3, sender=approver)
    assert ledger.stepDeadline(timed) == 0
    requested_at = ledger.getApplication(timed).suspendedAt
    chain.pending_timestamp += 2 * DAY
    ledger.resubmit(timed, ZERO, sender=clerk)
    resumed_at = ledger.getApplication(timed).updatedAt
    assert ledger.stepDeadline(timed) == before + (resumed_at - requested_at)


def test_escalation_lets_the_supervisor_act_on_the_overdue_step(
    ledger: Any, chain: Any, publish: Any, open_app: Any, outsider: Any, approver: Any, inspector: Any
) -> None:
    service = publish([("ZD-XPSJ", APPROVER, DAY)], automation=([], ESCALATE, code("ZD-SCJGJ"), ZERO, ZERO))
    app = open_app(service)
    with ape.reverts(ledger.UnauthorizedOfficer, account=inspector, department=code("ZD-XPSJ"), role=APPROVER):
        ledger.approve(app, 0, ZERO, sender=inspector)
    chain.pending_timestamp = ledger.stepDeadline(app) + 1
    receipt = ledger.flagOverdue(app, sender=outsider)
    (escalated,) = receipt.events.filter(ledger.StepEscalated)
    assert (escalated.supervisor, escalated.stepIndex) == (code("ZD-SCJGJ"), 0)
    receipt = ledger.approve(app, 0, ZERO, sender=inspector)
    assert receipt.events.filter(ledger.StepApproved)[0].department == code("ZD-SCJGJ")
    assert ledger.getApplication(app).status == COMPLETED


def test_deemed_approval_moves_past_overdue_steps_and_completes(
    ledger: Any, chain: Any, publish: Any, open_app: Any, outsider: Any
) -> None:
    child_service = publish()
    steps = [("ZD-XPSJ", APPROVER, DAY), ("ZD-SCJGJ", APPROVER, DAY)]
    service = publish(steps, follow_ons=(child_service,), automation=([], DEEMED, ZERO, ZERO, ZERO))
    app = open_app(service)
    chain.pending_timestamp = ledger.stepDeadline(app) + 1
    receipt = ledger.flagOverdue(app, sender=outsider)
    names = [log.event_name for log in receipt.events]
    assert names == ["ApplicationOverdue", "StepDeemedApproved"]
    assert ledger.getApplication(app).currentStep == 1
    chain.pending_timestamp = ledger.stepDeadline(app) + 1
    receipt = ledger.flagOverdue(app, sender=outsider)
    names = [log.event_name for log in receipt.events]
    assert names[:4] == ["ApplicationOverdue", "StepDeemedApproved", "ApplicationApproved", "ApplicationCompleted"]
    assert "FollowOnOpened" in names
    deemed = receipt.events.filter(ledger.StepDeemedApproved)[0]
    assert (deemed.department, deemed.stepIndex) == (code("ZD-SCJGJ"), 1)
    assert ledger.getApplication(app).status == COMPLETED


def test_automation_writes_stop_while_paused(ledger: Any, publish: Any, open_app: Any, admin: Any) -> None:
    app = open_app(publish())
    ledger.pause(sender=admin)
    with ape.reverts(ledger.EnforcedPause):
        ledger.flagOverdue(app, sender=admin)
    with ape.reverts(ledger.EnforcedPause):
        ledger.complete(app, sender=admin)
    ledger.unpause(sender=admin)


def test_a_caller_short_of_gas_cannot_turn_a_child_into_a_recorded_failure(
    ledger: Any, publish: Any, open_app: Any, approver: Any
) -> None:
    parent = open_app(publish(follow_ons=(publish(),)))
    with ape.reverts(ledger.InsufficientGas, required=ledger.FOLLOW_ON_GAS()):
        ledger.approve(parent, 0, ZERO, sender=approver, gas=400_000)
    assert ledger.getApplication(parent).status == ACCEPTED
    receipt = ledger.approve(parent, 0, ZERO, sender=approver)  # estimated: enough for the child
    assert receipt.events.filter(ledger.FollowOnOpened)
    assert not receipt.events.filter(ledger.FollowOnFailed)


# --- documented maxima (issue 12, finding 8) -------------------------------------------------------

LONGEST_URI = "cas:sha256:" + "ab" * 122 + "c"  # MaterialRegistry.MAX_URI_BYTES: 256 bytes
FAR_FUTURE = 2**39


def _full_material(materials: Any, clerk: Any, citizen: Any, material_type: str) -> bytes:
    """A material as expensive to read as the registry allows: the longest URI, an end of validity."""
    material_id = next(_ids).to_bytes(32, "big")
    record = (material_id, code(material_type), code("ZD-XPSJ"), b"\x22" * 32, citizen, b"\x33" * 32, 0, FAR_FUTURE)
    materials.registerMaterial((*record, LONGEST_URI), sender=clerk)
    return material_id


@pytest.fixture
def most_materials(accounts: Any, catalog: Any, materials: Any, clerk: Any) -> tuple[list[str], list[bytes]]:
    """The most material types a service version may require, and one full material of each."""
    assert len(LONGEST_URI) == materials.MAX_URI_BYTES()
    types = [f"MAX-{i}" for i in range(catalog.MAX_MATERIAL_TYPES())]
    return types, [_full_material(materials, clerk, accounts[8], t) for t in types]


def _consent_all(materials: Any, citizen: Any, ids: list[bytes], department: str, purpose: bytes) -> None:
    for material in ids:
        _consent(materials, citizen, material, department, purpose, next(_ids))


def test_a_follow_on_that_needs_the_most_materials_opens(
    accounts: Any, ledger: Any, materials: Any, publish: Any, open_app: Any, approver: Any, most_materials: Any
) -> None:
    """Issue 12, finding 8: a follow-on needing MAX_MATERIAL_TYPES materials ran out of its fixed gas."""
    types, ids = most_materials
    citizen = accounts[8]
    # The child wants them in the opposite order: the most work to pick them from the parent's.
    child = publish(owner="ZD-SCJGJ", materials=tuple(reversed(types)))
    parent_service = publish(materials=tuple(types), follow_ons=(child,))
    _consent_all(materials, citizen, ids, "ZD-XPSJ", parent_service)
    _consent_all(materials, citizen, ids, "ZD-SCJGJ", child)
    parent = open_app(parent_service, materials=ids)
    receipt = ledger.approve(parent, 0, ZERO, sender=approver)
    assert not receipt.events.filter(ledger.FollowOnFailed)
    (opened,) = receipt.events.filter(ledger.FollowOnOpened)
    assert list(ledger.materialsOf(opened.childId)) == list(reversed(ids))


def test_a_material_rule_passes_over_the_most_attached_materials(
    project: Any,
    accounts: Any,
    ledger: Any,
    materials: Any,
    publish: Any,
    open_app: Any,
    admin: Any,
    approver: Any,
    most_materials: Any,
) -> None:
    """Issue 12, finding 8: a MaterialValidRule over 8 or more attached materials ran out of its gas."""
    types, ids = most_materials
    # The required type is the last attached: the rule reads every material before it finds it.
    rule = project.MaterialValidRule.deploy(ledger, materials, code(types[-1]), 30 * DAY, sender=admin)
    service = publish(materials=tuple(types), automation=([rule], FLAG_ONLY, ZERO, ZERO, ZERO))
    _consent_all(materials, accounts[8], ids, "ZD-XPSJ", service)
    app = open_app(service, materials=ids)
    # Read cold, outside the ledger, the rule still fits its allowance.
    assert rule.check.estimate_gas_cost(app) - 21_000 < ledger.RULE_GAS_LIMIT()
    receipt = ledger.approve(app, 0, ZERO, sender=approver)
    assert not receipt.events.filter(ledger.CompletionDeferred)
    assert ledger.getApplication(app).status == COMPLETED


def test_a_prerequisite_rule_passes_over_the_largest_family(
    project: Any, ledger: Any, catalog: Any, publish: Any, admin: Any, clerk: Any, approver: Any, open_app: Any
) -> None:
    """Issue 12, finding 8: the prerequisite rule reads the parent and every sibling (MAX_FOLLOW_ONS)."""
    prerequisite = publish()
    rule = project.PrerequisiteServiceRule.deploy(ledger, prerequisite, sender=admin)
    dependent = publish(automation=([rule], FLAG_ONLY, ZERO, ZERO, ZERO))
    others = [publish() for _ in range(catalog.MAX_FOLLOW_ONS() - 2)]
    # The prerequisite is the last sibling: the rule reads the whole family before it finds it.
    parent = open_app(publish(follow_ons=(dependent, *others, prerequisite)))
    ledger.approve(parent, 0, ZERO, sender=approver)
    children = list(ledger.childrenOf(parent))
    assert len(children) == catalog.MAX_FOLLOW_ONS()
    for child in (children[0], children[-1]):
        ledger.accept(child, sender=clerk)
    ledger.approve(children[-1], 0, ZERO, sender=approver)
    assert rule.check.estimate_gas_cost(children[0]) - 21_000 < ledger.RULE_GAS_LIMIT()
    receipt = ledger.approve(children[0], 0, ZERO, sender=approver)
    assert not receipt.events.filter(ledger.CompletionDeferred)
    assert ledger.getApplication(children[0]).status == COMPLETED


BLOCK_GAS = 30_000_000  # the block gas limit of anvil and of Ethereum mainnet; consortium chains set their own


def test_the_most_rules_and_follow_ons_complete_in_one_transaction(
    project: Any,
    accounts: Any,
    chain: Any,
    ledger: Any,
    catalog: Any,
    materials: Any,
    publish: Any,
    open_app: Any,
    admin: Any,
    approver: Any,
    most_materials: Any,
) -> None:
    """Issue 12, finding 8: MAX_RULES rules and MAX_FOLLOW_ONS follow-ons of MAX_MATERIAL_TYPES materials
    each, with a certificate, complete in one transaction within a block's gas."""
    types, ids = most_materials
    citizen = accounts[8]
    rules = [
        project.MaterialValidRule.deploy(ledger, materials, code(types[-1 - i]), 30 * DAY, sender=admin)
        for i in range(catalog.MAX_RULES())
    ]
    children = [
        publish(owner=("ZD-SCJGJ", "ZD-XPSJ")[i % 2], materials=tuple(reversed(types)))
        for i in range(catalog.MAX_FOLLOW_ONS())
    ]
    automation = (rules, FLAG_ONLY, ZERO, code("LICENCE"), code("ZD-SCJGJ"))
    parent_service = publish(materials=tuple(types), follow_ons=tuple(children), automation=automation)
    _consent_all(materials, citizen, ids, "ZD-XPSJ", parent_service)
    for i, child in enumerate(children):
        _consent_all(materials, citizen, ids, ("ZD-SCJGJ", "ZD-XPSJ")[i % 2], child)
    parent = open_app(parent_service, materials=ids)

    receipt = ledger.approve(parent, 0, ZERO, sender=approver)
    assert not receipt.events.filter(ledger.CompletionDeferred)
    assert not receipt.events.filter(ledger.FollowOnFailed)
    assert len(receipt.events.filter(ledger.FollowOnOpened)) == len(children)
    assert ledger.getApplication(parent).status == COMPLETED
    assert receipt.gas_used < BLOCK_GAS
    print("max everything:", receipt.gas_used)


# --- retrying a failed follow-on (issue 12, finding 8) ---------------------------------------------


@pytest.fixture
def failed_child(
    accounts: Any, registry: Any, publish: Any, open_app: Any, admin: Any, approver: Any, ledger: Any
) -> tuple[bytes, bytes, Any]:
    """A completed parent whose follow-on under a ZD-SCJGJ service failed: that department was
    inactive. Returns the parent, the follow-on service and a clerk of ZD-SCJGJ."""
    scjgj_clerk = accounts[7]
    registry.grantOfficerRole(code("ZD-SCJGJ"), scjgj_clerk, 1, sender=admin)
    child_service = publish(owner="ZD-SCJGJ")
    parent = open_app(publish(follow_ons=(child_service,)))
    registry.setDepartmentActive(code("ZD-SCJGJ"), False, sender=admin)
    receipt = ledger.approve(parent, 0, ZERO, sender=approver)
    (failed,) = receipt.events.filter(ledger.FollowOnFailed)
    assert failed.reason == _error("DepartmentInactive(bytes32)", code("ZD-SCJGJ"))
    return parent, child_service, scjgj_clerk


def test_a_failed_follow_on_is_recorded_and_its_departments_clerk_retries_it(
    ledger: Any, registry: Any, admin: Any, approver: Any, failed_child: Any
) -> None:
    """Issue 12, finding 8: a failed follow-on could never be opened; now it is retried once fixed."""
    parent, service, scjgj_clerk = failed_child
    child = ledger.followOnId(parent, service)
    assert ledger.followOnFailed(parent, service)
    assert not ledger.exists(child)
    # The cause is not fixed yet: the retry fails with it and the failure stays recorded.
    with ape.reverts(ledger.DepartmentInactive, department=code("ZD-SCJGJ")):
        ledger.retryFollowOn(parent, service, sender=admin)
    registry.setDepartmentActive(code("ZD-SCJGJ"), True, sender=admin)
    assert ledger.followOnFailed(parent, service)

    receipt = ledger.retryFollowOn(parent, service, sender=scjgj_clerk)
    (opened,) = receipt.events.filter(ledger.FollowOnOpened)
    assert (opened.parentId, opened.childId, opened.service) == (parent, child, service)
    (retried,) = receipt.events.filter(ledger.FollowOnRetried)
    assert (retried.parentId, retried.childId, retried.service, retried.actor) == (
        parent,
        child,
        service,
        scjgj_clerk.address,
    )
    record = ledger.getApplication(child)
    assert (record.status, record.department) == (SUBMITTED, code("ZD-SCJGJ"))
    assert ledger.parentOf(child) == parent
    assert list(ledger.childrenOf(parent)) == [child]
    assert not ledger.followOnFailed(parent, service)
    with ape.reverts(ledger.FollowOnAlreadyOpen, parentId=parent, service=service, childId=child):
        ledger.retryFollowOn(parent, service, sender=scjgj_clerk)
    with ape.reverts(ledger.FollowOnAlreadyOpen, parentId=parent, service=service, childId=child):
        ledger.retryFollowOn(parent, service, sender=admin)


def test_governance_retries_a_failed_follow_on(ledger: Any, registry: Any, admin: Any, failed_child: Any) -> None:
    """Issue 12, finding 8: the admin (governance) may retry any recorded failure."""
    parent, service, _clerk = failed_child
    registry.setDepartmentActive(code("ZD-SCJGJ"), True, sender=admin)
    receipt = ledger.retryFollowOn(parent, service, sender=admin)
    assert receipt.events.filter(ledger.FollowOnRetried)[0].actor == admin.address
    assert ledger.exists(ledger.followOnId(parent, service))


def test_only_the_follow_ons_clerks_or_governance_retry_it(
    ledger: Any, registry: Any, admin: Any, clerk: Any, approver: Any, inspector: Any, outsider: Any, failed_child: Any
) -> None:
    """Issue 12, finding 8: outsiders, other departments' officers and the right department's approver
    may not retry a follow-on; nor may anyone while the ledger is paused."""
    parent, service, scjgj_clerk = failed_child
    registry.setDepartmentActive(code("ZD-SCJGJ"), True, sender=admin)
    # A clerk of another department (the parent's), an approver of the child's department, outsiders.
    for caller in (clerk, approver, inspector, outsider):
        with ape.reverts(ledger.UnauthorizedOfficer, account=caller, department=code("ZD-SCJGJ"), role=1):
            ledger.retryFollowOn(parent, service, sender=caller)
    ledger.pause(sender=admin)
    with ape.reverts(ledger.EnforcedPause):
        ledger.retryFollowOn(parent, service, sender=scjgj_clerk)
    ledger.unpause(sender=admin)
    assert ledger.followOnFailed(parent, service)
    assert not ledger.exists(ledger.followOnId(parent, service))


def test_only_a_recorded_failure_can_be_retried(
    ledger: Any, publish: Any, open_app: Any, admin: Any, clerk: Any, approver: Any, failed_child: Any
) -> None:
    """Issue 12, finding 8: a follow-on that never failed, a service that is no follow-on, another
    parent, zero values: nothing to retry."""
    parent, service, scjgj_clerk = failed_child
    opened_service = publish()
    other = open_app(publish(follow_ons=(opened_service,)))
    ledger.approve(other, 0, ZERO, sender=approver)
    opened_child = ledger.followOnId(other, opened_service)
    with ape.reverts(ledger.FollowOnAlreadyOpen, parentId=other, service=opened_service, childId=opened_child):
        ledger.retryFollowOn(other, opened_service, sender=admin)
    for parent_id, follow_on in ((other, service), (parent, opened_service), (parent, ZERO), (ZERO, service)):
        with ape.reverts(ledger.FollowOnNotFailed, parentId=parent_id, service=follow_on):
            ledger.retryFollowOn(parent_id, follow_on, sender=admin)
    with ape.reverts(ledger.FollowOnNotFailed, parentId=other, service=service):
        ledger.retryFollowOn(other, service, sender=scjgj_clerk)
    assert not ledger.followOnFailed(other, opened_service)
