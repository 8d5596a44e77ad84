"""The authorization matrix: every external state-changing function of every contract, called by
every role and by an outsider, succeeds exactly where the design says; and every such function,
called with malformed or zero arguments by the caller it would serve with good ones (and by the
admin), reverts with the custom error its interface documents (issue 12: the matrix must include
malformed and zero arguments, not only well-formed calls).

Every call starts from the same state: the module's ``suite``, plus a row's setup transactions in a
chain snapshot. The calls themselves are simulated with eth_call as their caller, which runs the very
EVM code a transaction runs (ape estimates gas the same way before sending one) without writing
anything: a reverting call changes no state by construction, and the file stays fast enough to run
every time (a transaction costs three times as much on the in-process EVM)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import ape
import pytest
from ape.contracts.base import ContractTransactionHandler
from ape.exceptions import ContractLogicError
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils.crypto import keccak

from tests.ape.conftest import (
    APPROVER,
    CLERK,
    HOURS,
    ISSUER,
    MANAGER,
    NO_NATIONAL,
    app_id,
    code,
    definition,
    implementation,
    proxied,
)
from tests.ape.consents import APPLICATION, signed_consent, signed_revocation
from zhangdian_sdk.core.models import CertificateState, DeadlinePolicy
from zhangdian_sdk.core.privacy import applicant_commitment, applicant_inner
from zhangdian_sdk.core.workdays import load_year, year_bitmap_words
from zhangdian_sdk.facades.federation import ATTESTATION_TYPES
from zhangdian_sdk.facades.ratings import sign_rating

CALLERS = ("admin", "clerk", "approver", "issuer", "manager", "outsider")
ANYONE = set(CALLERS)
APP = app_id("N-aa")
MATERIAL = b"\xbb" * 32
CERTIFICATE, DIGEST = b"\xcc" * 32, b"\xcd" * 32  # a batch of one: its root is its StandardMerkleTree leaf
ROOT = keccak(keccak(CERTIFICATE + DIGEST))
ACCEPTED = app_id("N-ab")
WAITING = app_id("N-ac")
IN_PROCEDURE = app_id("N-ae")  # accepted, a special procedure (特别程序) running on its step
DEFERRED = app_id("N-a1")  # approved under SVC-W, completable once its waiting period is over
PARENT = app_id("N-a2")  # completed under SVC-P; its follow-ons under SVC-F and SVC-FS failed to open
FRESH = app_id("N-a3")  # accepted after the clock moved on: not overdue
# The other department's records, for calls that name them with ZD-XPSJ's officers.
XPSJ, SCJGJ = code("ZD-XPSJ"), code("ZD-SCJGJ")
FOREIGN_APP = app_id("N-ba", "ZD-SCJGJ")  # submitted
FOREIGN_ACCEPTED = app_id("N-bb", "ZD-SCJGJ")
FOREIGN_WAITING = app_id("N-bc", "ZD-SCJGJ")  # a supplement was requested
FOREIGN_MATERIAL = b"\xbe" * 32
FOREIGN_ROOT = b"\xbf" * 32
STATUS_ROOT = b"\xb5" * 32  # a status-list batch of ZD-XPSJ (indices 0..3) and of ZD-SCJGJ (index 0)
ZERO, UNKNOWN, NOBODY = b"\0" * 32, b"\x99" * 32, "0x" + "00" * 20
HOME, PEER = 370303, 370302
# The matrix's short name of each suite contract.
SUITE_KEYS = {
    "registry": "DepartmentRegistry",
    "catalog": "ServiceCatalog",
    "materials": "MaterialRegistry",
    "certificates": "CertificateRegistry",
    "ledger": "ApplicationLedger",
    "federation": "RegionFederation",
    "ratings": "ServiceRatings",
    "calendar": "WorkingCalendar",
    "corrections": "CorrectionRegistry",
    "appeals": "AppealRegistry",
}
SUBJECT = b"\x44" * 32
# A completed application of SVC-1 whose applicant holds RECEIPT (好差评: anyone relays its rating).
RATED = app_id("N-a4")
RECEIPT = bytes.fromhex("a4" * 16)
RATER = "370303199001011239"
# 行政复议 (AppealRegistry): ZD-XPSJ reviews (its clerk files and accepts, its approver extends and decides).
APPEALABLE = app_id("N-a5")  # rejected, not appealed
FILED_ON = app_id("N-a6")  # rejected, with an appeal filed (FILED_APPEAL)
ACCEPTED_ON = app_id("N-a7")  # rejected, with an appeal filed and accepted (ACCEPTED_APPEAL)
GROUNDS, DECISION = b"\x61" * 32, b"\x62" * 32
APPEAL_UPHELD, APPEAL_REVOKED, NO_REOPEN = 1, 2, 255


def _service(owner: str, steps: list[tuple[str, int]], follow_ons: tuple[str, ...] = ()) -> tuple[Any, ...]:
    """A ServiceDefinition with follow-on services (``definition`` of conftest has none)."""
    base = definition(steps, owner=owner)
    return (*base[:7], [code(f) for f in follow_ons], base[8])


@pytest.fixture(scope="module")
def suite(
    project: Any,
    accounts: Any,
    chain: Any,
    deployed_suite: dict[str, Any],
    registry: Any,
    catalog: Any,
    materials: Any,
    ledger: Any,
) -> dict[str, Any]:
    admin, clerk, approver, _inspector, manager, outsider, issuer, citizen = (accounts[i] for i in range(8))
    # An officer of ZD-SCJGJ with every role that writes records, and an account holding the registries'
    # LEDGER_ROLE, so that the ledger-only functions can be called with malformed arguments by the caller
    # they serve (the ledger itself cannot sign a transaction here).
    foreign, stand_in = accounts[8], accounts[9]
    registry.grantOfficerRole(XPSJ, issuer, ISSUER, sender=admin)
    for role in (CLERK, ISSUER):
        registry.grantOfficerRole(SCJGJ, foreign, role, sender=admin)
    certificates = proxied(project, project.CertificateRegistry, admin, registry)
    registry.setRoleListener(certificates, sender=admin)  # the matrix's registry tells this one of role changes
    federation = proxied(project, project.RegionFederation, admin, HOME)
    federation.addPeer(PEER, "淄川区", NOBODY, sender=admin)
    federation.addPeerKey(PEER, citizen, sender=admin)
    ledger.submit(("N-aa", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.submit(("N-ab", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(ACCEPTED, sender=clerk)
    ledger.submit(("N-ac", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.requestSupplement(WAITING, 5, sender=clerk)
    ledger.submit(("N-ae", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(IN_PROCEDURE, sender=clerk)
    ledger.startSpecialProcedure(IN_PROCEDURE, 2, 1, sender=approver)
    materials.registerMaterial(
        (MATERIAL, code("ID-CARD"), XPSJ, b"\x22" * 32, citizen, b"\x33" * 32, 0, 0, "cas:sha256:33"),
        sender=clerk,
    )
    consent = signed_consent(materials, citizen, MATERIAL, XPSJ, APPLICATION, APP, nonce=100)
    materials.grantConsent(*consent, sender=citizen)
    certificates.issueBatch(ROOT, XPSJ, 1, sender=issuer)
    # ZD-SCJGJ's own service, applications, material and batch.
    catalog.publishService(code("SVC-S"), _service("ZD-SCJGJ", [("ZD-SCJGJ", APPROVER)]), sender=admin)
    for number in ("N-ba", "N-bb", "N-bc"):
        ledger.submit((number, code("SVC-S"), b"\x11" * 32, []), sender=foreign)
    ledger.accept(FOREIGN_ACCEPTED, sender=foreign)
    ledger.requestSupplement(FOREIGN_WAITING, 5, sender=foreign)
    materials.registerMaterial(
        (FOREIGN_MATERIAL, code("ID-CARD"), SCJGJ, b"\x22" * 32, citizen, b"\x33" * 32, 0, 0, "cas:f"),
        sender=foreign,
    )
    certificates.issueBatch(FOREIGN_ROOT, SCJGJ, 1, sender=foreign)
    # The status list: each department's issuer enrolled, ZD-XPSJ's indices 0..3 and ZD-SCJGJ's 0 issued.
    certificates.enrolStatusSigner(XPSJ, issuer, sender=issuer)
    certificates.enrolStatusSigner(SCJGJ, foreign, sender=foreign)
    certificates.issueStatusBatch(STATUS_ROOT, XPSJ, 0, 4, sender=issuer)
    certificates.issueStatusBatch(STATUS_ROOT, SCJGJ, 0, 1, sender=foreign)
    # An application approved while its waiting period runs: anyone completes it once the period is over.
    waiting_rule = project.WaitingPeriodRule.deploy(ledger, 60, sender=admin)
    catalog.publishService(code("SVC-W"), _service("ZD-XPSJ", [("ZD-XPSJ", APPROVER)]), sender=admin)
    catalog.setAutomation(code("SVC-W"), 1, ([waiting_rule], 0, ZERO, ZERO, ZERO), sender=admin)
    ledger.submit(("N-a1", code("SVC-W"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(DEFERRED, sender=clerk)
    ledger.approve(DEFERRED, 0, ZERO, sender=approver)
    # A completed parent whose follow-ons (one per department) failed to open because their services
    # were closed; both are open again, so a retry succeeds for the admin or a clerk of the owner.
    catalog.publishService(code("SVC-F"), _service("ZD-XPSJ", [("ZD-XPSJ", APPROVER)]), sender=admin)
    catalog.publishService(code("SVC-FS"), _service("ZD-SCJGJ", [("ZD-SCJGJ", APPROVER)]), sender=admin)
    catalog.publishService(
        code("SVC-P"), _service("ZD-XPSJ", [("ZD-XPSJ", APPROVER)], ("SVC-F", "SVC-FS")), sender=admin
    )
    for follow_on in ("SVC-F", "SVC-FS"):
        catalog.setServiceActive(code(follow_on), False, sender=admin)
    ledger.submit(("N-a2", code("SVC-P"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(PARENT, sender=clerk)
    ledger.approve(PARENT, 0, ZERO, sender=approver)
    for follow_on in ("SVC-F", "SVC-FS"):
        assert ledger.followOnFailed(PARENT, code(follow_on))
        catalog.setServiceActive(code(follow_on), True, sender=admin)
    materials.grantRole(materials.LEDGER_ROLE(), stand_in, sender=admin)
    certificates.grantRole(certificates.LEDGER_ROLE(), stand_in, sender=admin)
    overdue = app_id("N-ad")
    ledger.submit(("N-ad", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(overdue, sender=clerk)
    chain.mine(timestamp=ledger.stepDeadline(overdue) + 1)
    ledger.submit(("N-a3", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(FRESH, sender=clerk)
    ratings = proxied(project, project.ServiceRatings, admin, ledger)
    ledger.submit(("N-a4", code("SVC-1"), applicant_commitment(RATER, RECEIPT, department="ZD-XPSJ"), []), sender=clerk)
    ledger.accept(RATED, sender=clerk)
    ledger.approve(RATED, 0, ZERO, sender=approver)
    appeals = deployed_suite["AppealRegistry"]
    appeals.setAppealTerms(ZERO, (XPSJ, 60, 60, 30), sender=admin)
    for number in ("N-a5", "N-a6", "N-a7"):
        ledger.submit((number, code("SVC-1"), b"\x11" * 32, []), sender=clerk)
        ledger.reject(app_id(number), 1, sender=clerk)
    appeals.file(FILED_ON, GROUNDS, sender=clerk)
    appeals.file(ACCEPTED_ON, GROUNDS, sender=clerk)
    appeals.accept(appeals.appealIdFor(ACCEPTED_ON, 0), sender=clerk)
    ledger.grantRole(ledger.APPEAL_ROLE(), stand_in, sender=admin)  # the registry's stand-in for ledger.reopen
    contracts = {"registry": registry, "catalog": catalog, "materials": materials, "ledger": ledger}
    contracts |= {"certificates": certificates, "federation": federation, "ratings": ratings}
    contracts |= {"calendar": deployed_suite["WorkingCalendar"]}
    contracts |= {"corrections": proxied(project, project.CorrectionRegistry, admin, registry, ledger, certificates)}
    contracts |= {"appeals": appeals}
    by_name = {name: contracts[key] for key, name in SUITE_KEYS.items()}
    implementations = {key: implementation(project, name, by_name, admin) for key, name in SUITE_KEYS.items()}
    return {
        "registry": registry,
        "catalog": catalog,
        "materials": materials,
        "ledger": ledger,
        "certificates": certificates,
        "federation": federation,
        "ratings": ratings,
        "calendar": contracts["calendar"],
        "corrections": contracts["corrections"],
        "appeals": appeals,
        "citizen": citizen,
        "overdue": overdue,
        "implementations": implementations,
        "people": {
            "admin": admin,
            "clerk": clerk,
            "approver": approver,
            "issuer": issuer,
            "manager": manager,
            "outsider": outsider,
            "foreign": foreign,
            "stand_in": stand_in,
        },
    }


def _sign(citizen: Any, domain: dict[str, Any], types: dict[str, Any], message: dict[str, Any]) -> bytes:
    key = citizen.private_key
    return bytes(Account.sign_message(encode_typed_data(domain, types, message), key).signature)


def _rating(s: dict[str, Any], application: bytes, score: int, salt: bytes = RECEIPT) -> tuple[bytes, bytes]:
    """The inner commitment and the rating key's signature of (application, score) for the matrix's ratings."""
    signature = sign_rating(
        salt, application, score, chain_id=ape.chain.chain_id, verifying_contract=s["ratings"].address
    )
    return applicant_inner(RATER, RECEIPT, department="ZD-XPSJ"), signature


def _consent(s: dict[str, Any], nonce: int, **terms: Any) -> tuple[tuple[Any, ...], bytes]:
    """The citizen's consent for ZD-XPSJ to use MATERIAL for APP; ``terms`` change what is signed
    (``signer`` signs instead of the citizen)."""
    signer = terms.pop("signer", s["citizen"])
    head: dict[str, Any] = {"material": MATERIAL, "department": XPSJ, "kind": APPLICATION, "purpose": APP}
    head.update({k: terms.pop(k) for k in list(terms) if k in head})
    return signed_consent(
        s["materials"],
        signer,
        head["material"],
        head["department"],
        head["kind"],
        head["purpose"],
        nonce=nonce,
        **terms,
    )


def _revocation(s: dict[str, Any], nonce: int, **terms: Any) -> tuple[tuple[Any, ...], bytes]:
    """The citizen's withdrawal of the consent of :func:`_consent`; ``terms`` as there."""
    signer = terms.pop("signer", s["citizen"])
    head: dict[str, Any] = {"material": MATERIAL, "department": XPSJ, "kind": APPLICATION, "purpose": APP}
    head.update({k: terms.pop(k) for k in list(terms) if k in head})
    return signed_revocation(
        s["materials"],
        signer,
        head["material"],
        head["department"],
        head["kind"],
        head["purpose"],
        nonce=nonce,
        **terms,
    )


def _attestation(
    s: dict[str, Any], *, signer: Any = None, chain_id: int | None = None, contract: str | None = None, **fields: Any
) -> tuple[tuple[Any, ...], bytes]:
    """A certificate attestation of the peer, signed by its registered key (the citizen's account here);
    ``fields`` change the attestation, the keywords the key and the EIP-712 domain it is signed under."""
    att = {
        "originRegion": PEER,
        "kind": 1,
        "subject": SUBJECT,
        "issuer": code("ZC-XPSJ"),
        "issuedAt": 1,
        "validUntil": 0,
        "nonce": 9,
    }
    att.update(fields)
    f = s["federation"]
    domain = {
        "name": "RegionFederation",
        "version": "1",
        "chainId": f.provider.chain_id if chain_id is None else chain_id,
        "verifyingContract": f.address if contract is None else contract,
    }
    return tuple(att.values()), _sign(signer or s["citizen"], domain, ATTESTATION_TYPES, att)


Call = Callable[..., Any]  # (suite, caller) -> the call's result
ADMIN, CLERK_ONLY, MANAGERS = {"admin"}, {"clerk"}, {"admin", "manager"}

MATRIX: list[tuple[str, Call, set[str]]] = [
    (
        "registry.registerDepartment",
        lambda s, who: s["registry"].registerDepartment(
            code("ZD-N"), 370303, b"113703030042351144", "名", "N", sender=who
        ),
        ADMIN,
    ),
    (
        "registry.renameDepartment",
        lambda s, who: s["registry"].renameDepartment(code("ZD-XPSJ"), "名", "N", sender=who),
        ADMIN,
    ),
    (
        "registry.setCreditCode",
        lambda s, who: s["registry"].setCreditCode(code("ZD-XPSJ"), b"1137030300000022XY", sender=who),
        ADMIN,
    ),
    (
        "registry.setDepartmentActive",
        lambda s, who: s["registry"].setDepartmentActive(code("ZD-SCJGJ"), False, sender=who),
        ADMIN,
    ),
    (
        "registry.setRoleListener",
        lambda s, who: s["registry"].setRoleListener(NOBODY, sender=who),
        ADMIN,
    ),
    (
        "registry.grantOfficerRole",
        lambda s, who: s["registry"].grantOfficerRole(code("ZD-XPSJ"), s["people"]["outsider"], APPROVER, sender=who),
        MANAGERS,
    ),
    (
        "registry.revokeOfficerRole",
        lambda s, who: s["registry"].revokeOfficerRole(code("ZD-XPSJ"), s["people"]["approver"], APPROVER, sender=who),
        MANAGERS,
    ),
    (
        "registry.grantRole",
        lambda s, who: s["registry"].grantRole(s["registry"].REGISTRAR_ROLE(), s["people"]["outsider"], sender=who),
        ADMIN,
    ),
    (
        "catalog.publishService",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), definition([("ZD-XPSJ", APPROVER)]), sender=who),
        ADMIN,
    ),
    (
        "catalog.updateService",
        lambda s, who: s["catalog"].updateService(code("SVC-1"), definition([("ZD-XPSJ", APPROVER)]), sender=who),
        ADMIN,
    ),
    ("catalog.setServiceActive", lambda s, who: s["catalog"].setServiceActive(code("SVC-1"), False, sender=who), ADMIN),
    (
        "ledger.submit",
        lambda s, who: s["ledger"].submit(("N-01", code("SVC-1"), b"\x11" * 32, []), sender=who),
        CLERK_ONLY,
    ),
    (
        "ledger.submitBatch",
        lambda s, who: s["ledger"].submitBatch([("N-01", code("SVC-1"), b"\x11" * 32, [])], sender=who),
        CLERK_ONLY,
    ),
    ("ledger.accept", lambda s, who: s["ledger"].accept(APP, sender=who), CLERK_ONLY),
    ("ledger.acceptBatch", lambda s, who: s["ledger"].acceptBatch([APP], sender=who), CLERK_ONLY),
    ("ledger.reject", lambda s, who: s["ledger"].reject(APP, 1, sender=who), CLERK_ONLY),
    ("ledger.requestSupplement", lambda s, who: s["ledger"].requestSupplement(APP, 1, sender=who), CLERK_ONLY),
    ("ledger.withdraw", lambda s, who: s["ledger"].withdraw(APP, 1, sender=who), CLERK_ONLY),
    ("ledger.approve", lambda s, who: s["ledger"].approve(ACCEPTED, 0, b"\0" * 32, sender=who), {"approver"}),
    (
        "ledger.approveBatch",
        lambda s, who: s["ledger"].approveBatch([(ACCEPTED, 0)], b"\0" * 32, sender=who),
        {"approver"},
    ),
    ("ledger.resubmit", lambda s, who: s["ledger"].resubmit(WAITING, b"\0" * 32, sender=who), CLERK_ONLY),
    (
        "ledger.startSpecialProcedure",
        lambda s, who: s["ledger"].startSpecialProcedure(ACCEPTED, 2, 1, sender=who),
        {"approver"},
    ),
    (
        "ledger.endSpecialProcedure",
        lambda s, who: s["ledger"].endSpecialProcedure(IN_PROCEDURE, 1, sender=who),
        {"approver"},
    ),
    ("ledger.pause", lambda s, who: s["ledger"].pause(sender=who), ADMIN),
    (
        "ledger.unpause",
        lambda s, who: s["ledger"].unpause(sender=who),  # paused first: see MATRIX_SETUP
        ADMIN,
    ),
    (
        "materials.registerMaterial",
        lambda s, who: s["materials"].registerMaterial(
            (b"\x05" * 32, code("ID-CARD"), code("ZD-XPSJ"), b"\x22" * 32, s["citizen"], b"\x33" * 32, 0, 0, "cas:x"),
            sender=who,
        ),
        {"clerk", "issuer"},
    ),
    (
        "materials.supersedeMaterial",
        lambda s, who: s["materials"].supersedeMaterial(
            MATERIAL,
            (b"\x06" * 32, code("ID-CARD"), code("ZD-XPSJ"), b"\x22" * 32, s["citizen"], b"\x33" * 32, 0, 0, "cas:y"),
            sender=who,
        ),
        {"clerk", "issuer"},
    ),
    (
        "materials.recordUse",
        lambda s, who: s["materials"].recordUse(MATERIAL, code("ZD-XPSJ"), APPLICATION, APP, 2, sender=who),
        {"clerk", "approver", "issuer"},
    ),
    (
        "materials.revokeMaterial",
        lambda s, who: s["materials"].revokeMaterial(MATERIAL, 1, sender=who),
        {"clerk", "issuer"},
    ),
    ("materials.grantConsent", lambda s, who: s["materials"].grantConsent(*_consent(s, 1), sender=who), ANYONE),
    ("materials.revokeConsent", lambda s, who: s["materials"].revokeConsent(*_revocation(s, 2), sender=who), ANYONE),
    (
        "materials.setEncryptionKey",
        lambda s, who: s["materials"].setEncryptionKey(code("ZD-XPSJ"), b"\x66" * 32, sender=who),
        MANAGERS,
    ),
    (
        "materials.useForApplication",
        lambda s, who: s["materials"].useForApplication(
            MATERIAL, code("ID-CARD"), code("ZD-XPSJ"), APP, code("SVC-1"), who, sender=who
        ),
        set(),
    ),
    ("materials.pause", lambda s, who: s["materials"].pause(sender=who), ADMIN),
    (
        "certificates.issueBatch",
        lambda s, who: s["certificates"].issueBatch(b"\x07" * 32, code("ZD-XPSJ"), 3, sender=who),
        {"issuer"},
    ),
    (
        "certificates.revokeBatch",
        lambda s, who: s["certificates"].revokeBatch(ROOT, code("ZD-XPSJ"), 1, sender=who),
        {"issuer"},
    ),
    (
        "certificates.revokeCertificate",
        lambda s, who: s["certificates"].revokeCertificate(
            ROOT, code("ZD-XPSJ"), CERTIFICATE, DIGEST, [], 1, sender=who
        ),
        {"issuer"},
    ),
    (
        "certificates.endCertificate",
        lambda s, who: s["certificates"].endCertificate(
            ROOT, code("ZD-XPSJ"), CERTIFICATE, DIGEST, [], CertificateState.CANCELLED, 1, sender=who
        ),
        {"issuer"},
    ),
    (
        "certificates.suspendCertificate",
        lambda s, who: s["certificates"].suspendCertificate(
            ROOT, code("ZD-XPSJ"), CERTIFICATE, DIGEST, [], 1, sender=who
        ),
        {"issuer"},
    ),
    (
        "certificates.reinstateCertificate",
        lambda s, who: s["certificates"].reinstateCertificate(
            ROOT, code("ZD-XPSJ"), CERTIFICATE, DIGEST, [], sender=who
        ),
        {"issuer"},
    ),
    # ---- CertificateRegistry 1.6.0: replacement (换发/补发) and revocation on appeal (helper replace) ----
    (
        "certificates.replaceCertificate",
        lambda s, who: s["certificates"].replaceCertificate(
            (ROOT, XPSJ, CERTIFICATE, DIGEST, []), (NEW_ROOT, XPSJ, *NEW_CERTIFICATE, []), 1, sender=who
        ),
        {"issuer"},  # NEW_ROOT issued first: see MATRIX_SETUP
    ),
    (
        "certificates.replaceBatch",
        lambda s, who: s["certificates"].replaceBatch(ROOT, XPSJ, NEW_ROOT, XPSJ, 4, sender=who),
        {"issuer"},
    ),
    (
        "certificates.revokeForAppeal",
        lambda s, who: s["certificates"].revokeForAppeal(APP, XPSJ, COMPLETION_ROOT, 10, UNKNOWN, sender=who),
        set(),  # APPEAL_ROLE only: the appeal registry's
    ),
    # ---- end of helper replace's rows ----
    (
        "certificates.enrolStatusSigner",
        lambda s, who: s["certificates"].enrolStatusSigner(XPSJ, s["people"]["issuer"], sender=who),
        {"issuer", "manager"},  # dropped first: see MATRIX_SETUP
    ),
    (
        "certificates.dropStatusSigner",
        lambda s, who: s["certificates"].dropStatusSigner(XPSJ, s["people"]["issuer"], sender=who),
        {"issuer", "manager"},
    ),
    # The role listener: the department registry only (it cannot sign here, so nobody succeeds).
    (
        "certificates.officerRoleRevoked",
        lambda s, who: s["certificates"].officerRoleRevoked(XPSJ, s["people"]["issuer"], ISSUER, who, sender=who),
        set(),
    ),
    (
        "certificates.departmentDeactivated",
        lambda s, who: s["certificates"].departmentDeactivated(XPSJ, who, sender=who),
        set(),
    ),
    (
        "certificates.issueStatusBatch",
        lambda s, who: s["certificates"].issueStatusBatch(b"\x71" * 32, XPSJ, 4, 8, sender=who),
        {"issuer"},
    ),
    (
        "certificates.setStatus",
        lambda s, who: s["certificates"].setStatus(XPSJ, 3, CertificateState.SUSPENDED, 1, sender=who),
        {"issuer"},
    ),
    (
        "certificates.setStatuses",
        lambda s, who: s["certificates"].setStatuses(XPSJ, [0, 2], CertificateState.REVOKED, 1, sender=who),
        {"issuer"},
    ),
    ("certificates.pause", lambda s, who: s["certificates"].pause(sender=who), ADMIN),
    (
        "federation.addPeer",
        lambda s, who: s["federation"].addPeer(370305, "临淄区", "0x" + "00" * 20, sender=who),
        ADMIN,
    ),
    ("federation.removePeer", lambda s, who: s["federation"].removePeer(370302, sender=who), ADMIN),
    (
        "federation.addPeerKey",
        lambda s, who: s["federation"].addPeerKey(370302, s["people"]["outsider"], sender=who),
        ADMIN,
    ),
    (
        "federation.importAttestation",
        lambda s, who: s["federation"].importAttestation(*_attestation(s), sender=who),
        ANYONE,
    ),
    ("federation.pause", lambda s, who: s["federation"].pause(sender=who), ADMIN),
    (
        "catalog.setAutomation",
        lambda s, who: s["catalog"].setAutomation(
            code("SVC-1"), 1, ([], 0, b"\0" * 32, b"\0" * 32, b"\0" * 32), sender=who
        ),
        ADMIN,
    ),
    ("ledger.flagOverdue", lambda s, who: s["ledger"].flagOverdue(s["overdue"], sender=who), ANYONE),
    # Permissionless: the ledger copies a published version from the catalogue, where it never changes.
    (
        "ledger.cacheServiceVersion",
        lambda s, who: s["ledger"].cacheServiceVersion(code("SVC-1"), 1, sender=who),
        ANYONE,
    ),
    (
        "ledger.openFollowOn",
        lambda s, who: s["ledger"].openFollowOn(APP, code("SVC-1"), who, sender=who),
        set(),
    ),
    (
        "certificates.issueForApplication",
        lambda s, who: s["certificates"].issueForApplication(APP, code("ZD-XPSJ"), code("X"), b"\x09" * 32, sender=who),
        set(),
    ),
    ("ledger.complete", lambda s, who: s["ledger"].complete(DEFERRED, sender=who), ANYONE),
    (
        "ledger.retryFollowOn",
        lambda s, who: s["ledger"].retryFollowOn(PARENT, code("SVC-F"), sender=who),
        {"admin", "clerk"},
    ),
    ("federation.removePeerKey", lambda s, who: s["federation"].removePeerKey(PEER, s["citizen"], sender=who), ADMIN),
    # ServiceRatings: whoever relays the applicant's signed rating (the receipt code authorises, not the sender).
    ("ratings.rate", lambda s, who: s["ratings"].rate(RATED, 4, *_rating(s, RATED, 4), sender=who), ANYONE),
    ("ratings.pause", lambda s, who: s["ratings"].pause(sender=who), ADMIN),
    # WorkingCalendar: the calendar admin (governance) sets a year's working days.
    ("calendar.setYear", lambda s, who: s["calendar"].setYear(2026, _year_words(), sender=who), ADMIN),
]
# 行政复议: the reviewing body's (here ZD-XPSJ's) clerk files, accepts and withdraws, its approver extends
# and decides; the appeal admin sets terms; only the appeal registry (APPEAL_ROLE) reopens on the ledger.
MATRIX += [
    ("appeals.setAppealTerms", lambda s, who: s["appeals"].setAppealTerms(ZERO, (SCJGJ, 30, 30, 0), sender=who), ADMIN),
    ("appeals.file", lambda s, who: s["appeals"].file(APPEALABLE, GROUNDS, sender=who), CLERK_ONLY),
    ("appeals.accept", lambda s, who: s["appeals"].accept(_appeal(s, FILED_ON), sender=who), CLERK_ONLY),
    ("appeals.withdraw", lambda s, who: s["appeals"].withdraw(_appeal(s, FILED_ON), 1, sender=who), CLERK_ONLY),
    ("appeals.extend", lambda s, who: s["appeals"].extend(_appeal(s, ACCEPTED_ON), 1, sender=who), {"approver"}),
    (
        "appeals.decide",
        lambda s, who: s["appeals"].decide(_appeal(s, ACCEPTED_ON), APPEAL_REVOKED, 2, DECISION, 0, sender=who),
        {"approver"},
    ),
    ("appeals.pause", lambda s, who: s["appeals"].pause(sender=who), ADMIN),
    ("ledger.reopen", lambda s, who: s["ledger"].reopen(APPEALABLE, 0, b"\x63" * 32, sender=who), set()),
]


def _appeal(s: dict[str, Any], original: bytes) -> bytes:
    """The first appeal of ``original`` (filed in the suite's set-up)."""
    return bytes(s["appeals"].appealIdFor(original, 0))


# CorrectionRegistry (更正): the department that made the record. WAITING (SVC-1, one step of ZD-XPSJ) had a
# supplement requested: its step's Approver and its receiving department's Clerk correct it; the batch ROOT
# of ZD-XPSJ: its Issuer.
CORRECTION_REASON = code("reasonCode")
MATRIX += [
    (
        "corrections.correctDecision",
        lambda s, who: s["corrections"].correctDecision(WAITING, CORRECTION_REASON, _word(4), 1, sender=who),
        {"clerk", "approver"},
    ),
    (
        "corrections.correctCertificate",
        lambda s, who: s["corrections"].correctCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], code("holderName"), b"\x01" * 32, 2, sender=who
        ),
        {"issuer"},
    ),
    ("corrections.pause", lambda s, who: s["corrections"].pause(sender=who), ADMIN),
]


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


# Names the tests use for the suite's contracts (the keys of the ``suite`` fixture).
CONTRACTS = {
    "registry": "DepartmentRegistry",
    "catalog": "ServiceCatalog",
    "materials": "MaterialRegistry",
    "ledger": "ApplicationLedger",
    "certificates": "CertificateRegistry",
    "federation": "RegionFederation",
    "ratings": "ServiceRatings",
    "calendar": "WorkingCalendar",
    "corrections": "CorrectionRegistry",
    "appeals": "AppealRegistry",
}
PAUSABLE = ("materials", "ledger", "certificates", "federation", "ratings", "corrections", "appeals")


def _role_rows(key: str) -> list[tuple[str, Call, set[str]]]:
    """The rows every contract shares: AccessControl, UUPS and the initializer (all behind the proxy)."""
    rows: list[tuple[str, Call, set[str]]] = [
        (
            f"{key}.revokeRole",
            lambda s, who: s[key].revokeRole(ZERO, s["people"]["admin"], sender=who),
            ADMIN,
        ),
        # Renouncing is one's own act; renouncing a role one does not hold changes nothing (OpenZeppelin).
        (f"{key}.renounceRole", lambda s, who: s[key].renounceRole(ZERO, who, sender=who), ANYONE),
        (
            f"{key}.upgradeToAndCall",
            lambda s, who: s[key].upgradeToAndCall(s["implementations"][key], b"", sender=who),
            ADMIN,
        ),
        (f"{key}.initialize", lambda s, who: s[key].initialize(who, sender=who), set()),
    ]
    if key != "registry":  # registry.grantRole is above
        rows.append(
            (f"{key}.grantRole", lambda s, who: s[key].grantRole(ZERO, s["people"]["outsider"], sender=who), ADMIN)
        )
    if key in PAUSABLE and key != "ledger":  # the ledger's pause and unpause are above
        rows.append((f"{key}.unpause", lambda s, who: s[key].unpause(sender=who), ADMIN))
    return rows


MATRIX += [row for key in CONTRACTS for row in _role_rows(key)]
# Transactions that bring the chain into the state a row's call needs (in the row's snapshot).
MATRIX_SETUP: dict[str, Callable[..., Any]] = {
    f"{key}.unpause": lambda s, key=key: s[key].pause(sender=s["people"]["admin"]) for key in PAUSABLE
}
MATRIX_SETUP["certificates.enrolStatusSigner"] = lambda s: s["certificates"].dropStatusSigner(
    XPSJ, s["people"]["issuer"], sender=s["people"]["issuer"]
)
MATRIX_SETUP["certificates.reinstateCertificate"] = lambda s: s["certificates"].suspendCertificate(
    ROOT, XPSJ, CERTIFICATE, DIGEST, [], 1, sender=s["people"]["issuer"]
)

# CertificateRegistry 1.6.0 (helper replace): a second certificate of ZD-XPSJ to replace with, and a
# completion certificate of APP for revokeForAppeal.
NEW_CERTIFICATE = (b"\xce" * 32, b"\xcf" * 32)
NEW_ROOT = keccak(keccak(NEW_CERTIFICATE[0] + NEW_CERTIFICATE[1]))
COMPLETION_ROOT = keccak(keccak(APP + b"\xd1" * 32))


def _issue_new_root(s: dict[str, Any]) -> None:
    s["certificates"].issueBatch(NEW_ROOT, XPSJ, 1, sender=s["people"]["issuer"])


def _completion_for_appeal(s: dict[str, Any]) -> None:
    """A completion certificate of APP, and APPEAL_ROLE for the stand-in (the appeal registry's place)."""
    certificates, stand_in = s["certificates"], s["people"]["stand_in"]
    certificates.issueForApplication(APP, XPSJ, code("LICENCE"), COMPLETION_ROOT, sender=stand_in)
    certificates.grantRole(certificates.APPEAL_ROLE(), stand_in, sender=s["people"]["admin"])


MATRIX_SETUP["certificates.replaceCertificate"] = _issue_new_root
MATRIX_SETUP["certificates.replaceBatch"] = _issue_new_root
MATRIX_SETUP["certificates.revokeForAppeal"] = _completion_for_appeal


class _Simulated:
    """A contract whose state-changing functions are simulated with eth_call from the current state, as
    the caller: the EVM runs exactly what a transaction would (ape estimates gas the same way before it
    sends one), about three times faster, and nothing is written, so a row needs no snapshot of its own."""

    def __init__(self, contract: Any) -> None:
        self._contract = contract

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._contract, name)
        return attribute.call if isinstance(attribute, ContractTransactionHandler) else attribute


@contextmanager
def _snapshot(chain: Any) -> Iterator[None]:
    """A chain snapshot restored on leaving; unlike ape's ``chain.isolate()``, which swallows every
    exception raised inside it (an AssertionError or a TypeError would pass unseen), it lets them through."""
    snapshot = chain.snapshot()
    try:
        yield
    finally:
        chain.restore(snapshot)


def _simulated(s: dict[str, Any]) -> dict[str, Any]:
    return {**s, **{key: _Simulated(s[key]) for key in CONTRACTS}}


@pytest.mark.parametrize(("name", "call", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_function_succeeds_exactly_for_its_roles(
    suite: dict[str, Any], chain: Any, name: str, call: Call, allowed: set[str]
) -> None:
    outcome = {}
    with _snapshot(chain):
        if name in MATRIX_SETUP:
            MATRIX_SETUP[name](suite)
        simulated = _simulated(suite)
        for caller in CALLERS:
            try:
                call(simulated, suite["people"][caller])
                outcome[caller] = True
            except ContractLogicError:
                outcome[caller] = False
    assert {caller for caller, ok in outcome.items() if ok} == allowed, name


def test_the_matrix_calls_every_state_changing_function_of_the_suite(project: Any) -> None:
    """Every external non-view function in the ABIs of the suite contracts has a row in the
    authorization matrix and at least one row of malformed arguments (issue 12)."""
    functions = _state_changing(project)
    rows = [name for name, _call, _allowed in MATRIX]
    assert len(rows) == len(set(rows)), "a function has two matrix rows"
    assert set(rows) <= functions, f"rows for functions that do not exist: {sorted(set(rows) - functions)}"
    assert functions - set(rows) - set(NOT_IN_MATRIX) == set(), "functions missing from the matrix"
    malformed = {row.function for row in MALFORMED}
    assert malformed <= functions, f"malformed rows for functions that do not exist: {sorted(malformed - functions)}"
    assert functions - malformed - set(NO_MALFORMED_ROWS) == set(), "functions without malformed rows"


# Nothing is left out of the matrix. upgradeToAndCall and initialize of every contract have rows above;
# tests/ape/test_upgrades.py additionally checks that records survive an upgrade
# (test_only_the_admin_upgrades_and_the_records_stay, five contracts) and that initializers run once
# (test_initializers_run_once_and_never_on_the_implementation). Council.setQuorum etc. are governance,
# not suite contracts, and tested in test_council.py.
NOT_IN_MATRIX: dict[str, str] = {}
# Every function has malformed rows too: those without arguments (pause, unpause) are called in the
# wrong state (pausing twice, resuming what is not paused).
NO_MALFORMED_ROWS: dict[str, str] = {}


def _state_changing(project: Any) -> set[str]:
    """``<contract>.<function>`` for each external non-view, non-pure function in the suite's ABIs."""
    return {
        f"{key}.{item.name}"
        for key, name in CONTRACTS.items()
        for item in project.contracts[name].abi
        if item.type == "function" and item.stateMutability not in ("view", "pure")
    }


NO_DATA = "<revert without data>"


@pytest.fixture(scope="module")
def error_names(project: Any) -> dict[bytes, str]:
    """Every custom error the project's contracts declare, by selector (with Error and Panic)."""
    names = {keccak(text="Error(string)")[:4]: "Error(string)", keccak(text="Panic(uint256)")[:4]: "Panic"}
    for contract in project.contracts:
        try:
            abi = project.contracts[contract].abi
        except KeyError:  # an abstract contract is listed, but has no contract type
            continue
        for item in abi:
            if item.type == "error":
                names[keccak(text=item.selector)[:4]] = item.name
    return names


def _revert_data(error: ContractLogicError) -> bytes:
    """The raw revert data of a failed call, as ape's in-process EVM (or a node) reports it."""
    texts = [str(error.revert_message or "")]
    base = getattr(error, "base_err", None)
    if base is not None and base.args:
        texts.append(str(base.args[0]).removeprefix("execution reverted: "))
    for text in texts:
        if text.startswith(("b'", 'b"')):
            value = ast.literal_eval(text)
            assert isinstance(value, bytes)
            return value
        if text.startswith("0x"):
            try:
                return bytes.fromhex(text[2:])
            except ValueError:
                continue
    return b""


def _revert_name(error: ContractLogicError, names: dict[bytes, str]) -> str:
    """The name of the custom error a call reverted with, however ape decoded it."""
    abi = getattr(error, "abi", None)
    if abi is not None and getattr(abi, "type", None) == "error":
        return str(abi.name)
    data = _revert_data(error)
    if not data:
        return NO_DATA
    return names.get(data[:4], "0x" + data[:4].hex())


@dataclass(frozen=True)
class Malformed:
    """One malformed call: ``name`` is ``<contract>.<function>: what is wrong``; ``expect`` maps each
    caller (one allowed with good arguments, and the admin) to the error the call must revert with;
    ``setup`` runs first in the same snapshot (e.g. the first of two identical calls)."""

    name: str
    call: Call
    expect: dict[str, str]
    setup: Callable[..., Any] | None = None
    xfail: str | None = None  # a finding reported to the lead: the row must fail until the contract is fixed

    @property
    def function(self) -> str:
        return self.name.split(":")[0]

    @property
    def contract(self) -> str:
        return self.name.split(".")[0]


SAME = "same"


def bad(
    name: str,
    call: Call,
    error: str,
    *,
    by: tuple[str, ...] = ("admin",),
    admin: str | None = SAME,
    setup: Callable[..., Any] | None = None,
    xfail: str | None = None,
) -> Malformed:
    """A malformed call by the callers ``by`` (allowed with good arguments), each expecting ``error``, and
    by the admin expecting ``admin`` (the same error by default; None: not called by the admin, who is
    allowed to make this very call, e.g. a registrar acting for another department)."""
    expect = dict.fromkeys(by, error)
    if admin is not None and "admin" not in by:
        expect["admin"] = error if admin == SAME else admin
    return Malformed(name, call, expect, setup, xfail)


def _year_words(extra: int = 0) -> list[int]:
    """The 2026 calendar as WorkingCalendar.setYear takes it, with the bits of ``extra`` set too."""
    return list(year_bitmap_words(load_year(2026).bitmap() | extra))


def _sub(number: str = "N-01", service: str = "SVC-1", commitment: bytes = b"\x11" * 32) -> tuple[Any, ...]:
    return (number, code(service), commitment, [])


def _material(s: dict[str, Any], **changes: Any) -> tuple[Any, ...]:
    """A NewMaterial of ZD-XPSJ for the citizen; ``changes`` name the fields to change."""
    fields = {
        "materialId": b"\x05" * 32,
        "materialType": code("ID-CARD"),
        "issuer": XPSJ,
        "ownerCommitment": b"\x22" * 32,
        "ownerKey": s["citizen"],
        "contentHash": b"\x33" * 32,
        "validFrom": 0,
        "validUntil": 0,
        "storageUri": "cas:x",
    }
    fields.update(changes)
    return tuple(fields.values())


def _steps(*steps: tuple[bytes, int]) -> tuple[Any, ...]:
    """A ServiceDefinition of ZD-XPSJ with the given (department, role) steps."""
    return (
        XPSJ,
        (24, HOURS),
        (24, HOURS),
        "测试事项",
        "Test service",
        [(d, role, 0) for d, role in steps],
        [],
        [],
        NO_NATIONAL,
    )


def _definition(**changes: Any) -> tuple[Any, ...]:
    """A valid ServiceDefinition of ZD-XPSJ with ``changes`` applied."""
    fields = dict(
        zip(
            ("owner", "legal", "limit", "zh", "en", "steps", "materials", "followOns", "national"),
            _steps((XPSJ, APPROVER)),
            strict=True,
        )
    )
    fields.update(changes)
    return tuple(fields.values())


def _automation(**changes: Any) -> tuple[Any, ...]:
    fields = {"rules": [], "policy": 0, "supervisor": ZERO, "certificateType": ZERO, "certificateIssuer": ZERO}
    fields.update(changes)
    return tuple(fields.values())


ESCALATE = DeadlinePolicy.ESCALATE
CLERKS = ("clerk",)
MANAGER_AND_ADMIN = ("manager", "admin")
UNAUTHORIZED = "UnauthorizedOfficer"
NOT_FOR_DEPARTMENT = "NotAuthorizedForDepartment"


MALFORMED: list[Malformed] = [
    # DepartmentRegistry: the registrar (admin); a department's manager for its officers.
    bad(
        "registry.registerDepartment: zero code",
        lambda s, who: s["registry"].registerDepartment(ZERO, HOME, b"113703030042351144", "名", "N", sender=who),
        "InvalidDepartmentCode",
    ),
    bad(
        "registry.registerDepartment: existing code",
        lambda s, who: s["registry"].registerDepartment(XPSJ, HOME, b"113703030042351144", "名", "N", sender=who),
        "DepartmentAlreadyRegistered",
    ),
    bad(
        "registry.registerDepartment: region 0",
        lambda s, who: s["registry"].registerDepartment(code("ZD-N"), 0, b"113703030042351144", "名", "N", sender=who),
        "InvalidRegionCode",
    ),
    bad(
        "registry.registerDepartment: seven-digit region",
        lambda s, who: s["registry"].registerDepartment(
            code("ZD-N"), 1_000_000, b"113703030042351144", "名", "N", sender=who
        ),
        "InvalidRegionCode",
    ),
    bad(
        "registry.registerDepartment: empty name",
        lambda s, who: s["registry"].registerDepartment(code("ZD-N"), HOME, b"113703030042351144", "", "N", sender=who),
        "InvalidDepartmentName",
    ),
    bad(
        "registry.registerDepartment: name over MAX_NAME_BYTES",
        lambda s, who: s["registry"].registerDepartment(
            code("ZD-N"), HOME, b"113703030042351144", "名", "N" * 97, sender=who
        ),
        "InvalidDepartmentName",
    ),
    bad(
        "registry.setCreditCode: unknown code",
        lambda s, who: s["registry"].setCreditCode(code("ZD-NONE"), b"1137030300000022XY", sender=who),
        "UnknownDepartment",
    ),
    bad(
        "registry.setCreditCode: wrong check character",
        lambda s, who: s["registry"].setCreditCode(XPSJ, b"1137030300000022XX", sender=who),
        "InvalidCreditCode",
    ),
    bad(
        "registry.setCreditCode: forbidden letter O",
        lambda s, who: s["registry"].setCreditCode(XPSJ, b"1137030300000022OY", sender=who),
        "InvalidCreditCode",
    ),
    bad(
        "registry.setCreditCode: the code it has",
        lambda s, who: s["registry"].setCreditCode(XPSJ, b"113703030042351144", sender=who),
        "CreditCodeUnchanged",
    ),
    bad(
        "registry.registerDepartment: prefecture-level region",
        lambda s, who: s["registry"].registerDepartment(
            code("ZD-N"), 370300, b"113703030042351144", "名", "N", sender=who
        ),
        "InvalidRegionCode",
    ),
    bad(
        "registry.registerDepartment: bad credit code",
        lambda s, who: s["registry"].registerDepartment(
            code("ZD-N"), HOME, b"113703030042351145", "名", "N", sender=who
        ),
        "InvalidCreditCode",
    ),
    bad(
        "catalog.publishService: basic code of 11 characters",
        lambda s, who: s["catalog"].publishService(
            code("SVC-N"), _definition(national=("00012001100", "", "", 1, 2)), sender=who
        ),
        "InvalidBasicCode",
    ),
    bad(
        "catalog.publishService: item type 11",
        lambda s, who: s["catalog"].publishService(
            code("SVC-N"), _definition(national=("", "", "", 11, 2)), sender=who
        ),
        "InvalidItemType",
    ),
    bad(
        "catalog.publishService: case type 3",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _definition(national=("", "", "", 1, 3)), sender=who),
        "InvalidCaseType",
    ),
    bad(
        "registry.renameDepartment: zero code",
        lambda s, who: s["registry"].renameDepartment(ZERO, "名", "N", sender=who),
        "UnknownDepartment",
    ),
    bad(
        "registry.renameDepartment: unknown code",
        lambda s, who: s["registry"].renameDepartment(code("ZD-NONE"), "名", "N", sender=who),
        "UnknownDepartment",
    ),
    bad(
        "registry.renameDepartment: empty name",
        lambda s, who: s["registry"].renameDepartment(XPSJ, "名", "", sender=who),
        "InvalidDepartmentName",
    ),
    bad(
        "registry.setDepartmentActive: zero code",
        lambda s, who: s["registry"].setDepartmentActive(ZERO, False, sender=who),
        "UnknownDepartment",
    ),
    bad(
        "registry.setRoleListener: a contract that is not a listener",
        lambda s, who: s["registry"].setRoleListener(s["catalog"].address, sender=who),
        "InvalidRoleListener",
    ),
    bad(
        "registry.setRoleListener: an account without code",
        lambda s, who: s["registry"].setRoleListener(s["people"]["outsider"].address, sender=who),
        "InvalidRoleListener",
    ),
    bad(
        "registry.setRoleListener: the listener it has",
        lambda s, who: s["registry"].setRoleListener(s["certificates"].address, sender=who),
        "RoleListenerUnchanged",
    ),
    bad(
        "registry.setDepartmentActive: no change",
        lambda s, who: s["registry"].setDepartmentActive(XPSJ, True, sender=who),
        "DepartmentStatusUnchanged",
    ),
    bad(
        "registry.grantOfficerRole: zero department",
        lambda s, who: s["registry"].grantOfficerRole(ZERO, s["people"]["outsider"], APPROVER, sender=who),
        "UnknownDepartment",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.grantOfficerRole: zero account",
        lambda s, who: s["registry"].grantOfficerRole(XPSJ, NOBODY, APPROVER, sender=who),
        "ZeroAddress",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.grantOfficerRole: role 0",
        lambda s, who: s["registry"].grantOfficerRole(XPSJ, s["people"]["outsider"], 0, sender=who),
        "InvalidOfficerRole",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.grantOfficerRole: role 5",
        lambda s, who: s["registry"].grantOfficerRole(XPSJ, s["people"]["outsider"], 5, sender=who),
        "InvalidOfficerRole",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.grantOfficerRole: role 255",
        lambda s, who: s["registry"].grantOfficerRole(XPSJ, s["people"]["outsider"], 255, sender=who),
        "InvalidOfficerRole",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.grantOfficerRole: another department",
        lambda s, who: s["registry"].grantOfficerRole(SCJGJ, s["people"]["outsider"], APPROVER, sender=who),
        "NotDepartmentManager",
        by=("manager",),
        admin=None,
    ),
    bad(
        "registry.grantOfficerRole: role already held",
        lambda s, who: s["registry"].grantOfficerRole(XPSJ, s["people"]["clerk"], CLERK, sender=who),
        "OfficerRoleAlreadyGranted",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.revokeOfficerRole: zero department",
        lambda s, who: s["registry"].revokeOfficerRole(ZERO, s["people"]["clerk"], CLERK, sender=who),
        "UnknownDepartment",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.revokeOfficerRole: zero account",
        lambda s, who: s["registry"].revokeOfficerRole(XPSJ, NOBODY, CLERK, sender=who),
        "ZeroAddress",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.revokeOfficerRole: role 0",
        lambda s, who: s["registry"].revokeOfficerRole(XPSJ, s["people"]["clerk"], 0, sender=who),
        "InvalidOfficerRole",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.revokeOfficerRole: role 5",
        lambda s, who: s["registry"].revokeOfficerRole(XPSJ, s["people"]["clerk"], 5, sender=who),
        "InvalidOfficerRole",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.revokeOfficerRole: role not held",
        lambda s, who: s["registry"].revokeOfficerRole(XPSJ, s["people"]["outsider"], APPROVER, sender=who),
        "OfficerRoleNotHeld",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "registry.revokeOfficerRole: another department's officer",
        lambda s, who: s["registry"].revokeOfficerRole(SCJGJ, s["people"]["foreign"], CLERK, sender=who),
        "NotDepartmentManager",
        by=("manager",),
        admin=None,
    ),
    # ServiceCatalog: the catalogue admin (admin).
    bad(
        "catalog.publishService: zero code",
        lambda s, who: s["catalog"].publishService(ZERO, _definition(), sender=who),
        "InvalidServiceCode",
    ),
    bad(
        "catalog.publishService: published code",
        lambda s, who: s["catalog"].publishService(code("SVC-1"), _definition(), sender=who),
        "ServiceAlreadyPublished",
    ),
    bad(
        "catalog.publishService: zero owner",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _definition(owner=ZERO), sender=who),
        "UnknownDepartment",
    ),
    bad(
        "catalog.publishService: unknown owner",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _definition(owner=code("ZD-NONE")), sender=who),
        "UnknownDepartment",
    ),
    bad(
        "catalog.publishService: zero time limit",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _definition(limit=(0, HOURS)), sender=who),
        "InvalidTimeLimit",
    ),
    bad(
        "catalog.publishService: empty name",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _definition(zh=""), sender=who),
        "InvalidServiceName",
    ),
    bad(
        "catalog.publishService: name over MAX_NAME_BYTES",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _definition(en="N" * 161), sender=who),
        "InvalidServiceName",
    ),
    bad(
        "catalog.publishService: no steps",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _definition(steps=[]), sender=who),
        "InvalidStepCount",
    ),
    bad(
        "catalog.publishService: MAX_STEPS + 1 steps",
        lambda s, who: s["catalog"].publishService(
            code("SVC-N"), _definition(steps=[(XPSJ, APPROVER, 0)] * 17), sender=who
        ),
        "InvalidStepCount",
    ),
    bad(
        "catalog.publishService: step role 0",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _steps((XPSJ, 0)), sender=who),
        "InvalidStepRole",
    ),
    bad(
        "catalog.publishService: step role Manager",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _steps((XPSJ, MANAGER)), sender=who),
        "InvalidStepRole",
    ),
    bad(
        "catalog.publishService: step role 5",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _steps((XPSJ, 5)), sender=who),
        "InvalidStepRole",
    ),
    bad(
        "catalog.publishService: step role 255 after a good step",
        lambda s, who: s["catalog"].publishService(code("SVC-N"), _steps((XPSJ, APPROVER), (XPSJ, 255)), sender=who),
        "InvalidStepRole",
    ),
    bad(
        "catalog.publishService: zero step department",
        lambda s, who: s["catalog"].publishService(
            code("SVC-N"), _steps((XPSJ, APPROVER), (ZERO, APPROVER)), sender=who
        ),
        "UnknownDepartment",
    ),
    bad(
        "catalog.publishService: MAX_MATERIAL_TYPES + 1 material types",
        lambda s, who: s["catalog"].publishService(
            code("SVC-N"), _definition(materials=[code(f"T-{i}") for i in range(17)]), sender=who
        ),
        "ListTooLong",
    ),
    bad(
        "catalog.publishService: MAX_FOLLOW_ONS + 1 follow-ons",
        lambda s, who: s["catalog"].publishService(
            code("SVC-N"), _definition(followOns=[code("SVC-1")] * 9), sender=who
        ),
        "ListTooLong",
    ),
    bad(
        "catalog.updateService: zero code",
        lambda s, who: s["catalog"].updateService(ZERO, _definition(), sender=who),
        "UnknownService",
    ),
    bad(
        "catalog.updateService: unknown code",
        lambda s, who: s["catalog"].updateService(code("SVC-NONE"), _definition(), sender=who),
        "UnknownService",
    ),
    bad(
        "catalog.updateService: no steps",
        lambda s, who: s["catalog"].updateService(code("SVC-1"), _definition(steps=[]), sender=who),
        "InvalidStepCount",
    ),
    bad(
        "catalog.updateService: step role 5",
        lambda s, who: s["catalog"].updateService(code("SVC-1"), _steps((XPSJ, 5)), sender=who),
        "InvalidStepRole",
    ),
    bad(
        "catalog.updateService: another department's step unknown",
        lambda s, who: s["catalog"].updateService(code("SVC-1"), _steps((code("ZD-NONE"), APPROVER)), sender=who),
        "UnknownDepartment",
    ),
    bad(
        "catalog.setServiceActive: zero code",
        lambda s, who: s["catalog"].setServiceActive(ZERO, False, sender=who),
        "UnknownService",
    ),
    bad(
        "catalog.setServiceActive: no change",
        lambda s, who: s["catalog"].setServiceActive(code("SVC-1"), True, sender=who),
        "ServiceStatusUnchanged",
    ),
    bad(
        "catalog.setAutomation: version 0",
        lambda s, who: s["catalog"].setAutomation(code("SVC-1"), 0, _automation(), sender=who),
        "UnknownServiceVersion",
    ),
    bad(
        "catalog.setAutomation: unpublished version",
        lambda s, who: s["catalog"].setAutomation(code("SVC-1"), 2, _automation(), sender=who),
        "UnknownServiceVersion",
    ),
    bad(
        "catalog.setAutomation: zero service",
        lambda s, who: s["catalog"].setAutomation(ZERO, 1, _automation(), sender=who),
        "UnknownServiceVersion",
    ),
    bad(
        "catalog.setAutomation: zero rule address",
        lambda s, who: s["catalog"].setAutomation(code("SVC-1"), 1, _automation(rules=[NOBODY]), sender=who),
        "RuleNotAContract",
    ),
    bad(
        "catalog.setAutomation: rule without code",
        lambda s, who: s["catalog"].setAutomation(code("SVC-1"), 1, _automation(rules=[who]), sender=who),
        "RuleNotAContract",
    ),
    bad(
        "catalog.setAutomation: rule listed twice",
        lambda s, who: s["catalog"].setAutomation(
            code("SVC-1"), 1, _automation(rules=[s["registry"].address] * 2), sender=who
        ),
        "DuplicateRule",
    ),
    bad(
        "catalog.setAutomation: MAX_RULES + 1 rules",
        lambda s, who: s["catalog"].setAutomation(
            code("SVC-1"), 1, _automation(rules=[s["registry"].address] * 5), sender=who
        ),
        "ListTooLong",
    ),
    bad(
        "catalog.setAutomation: escalation without supervisor",
        lambda s, who: s["catalog"].setAutomation(code("SVC-1"), 1, _automation(policy=ESCALATE), sender=who),
        "InvalidSupervisor",
    ),
    bad(
        "catalog.setAutomation: escalation to an unknown supervisor",
        lambda s, who: s["catalog"].setAutomation(
            code("SVC-1"), 1, _automation(policy=ESCALATE, supervisor=code("ZD-NONE")), sender=who
        ),
        "InvalidSupervisor",
    ),
    bad(
        "catalog.setAutomation: supervisor without escalation",
        lambda s, who: s["catalog"].setAutomation(code("SVC-1"), 1, _automation(supervisor=SCJGJ), sender=who),
        "InvalidSupervisor",
    ),
    bad(
        "catalog.setAutomation: deadline policy 3",
        lambda s, who: s["catalog"].setAutomation(code("SVC-1"), 1, _automation(policy=3), sender=who),
        "InvalidDeadlinePolicy",
    ),
    bad(
        "catalog.setAutomation: deadline policy 255 with rules",
        lambda s, who: s["catalog"].setAutomation(
            code("SVC-1"), 1, _automation(rules=[s["registry"].address], policy=255), sender=who
        ),
        "InvalidDeadlinePolicy",
    ),
    bad(
        "catalog.setAutomation: certificate type without issuer",
        lambda s, who: s["catalog"].setAutomation(
            code("SVC-1"), 1, _automation(certificateType=code("LICENCE")), sender=who
        ),
        "InvalidCertificateTerms",
    ),
    bad(
        "catalog.setAutomation: unknown certificate issuer",
        lambda s, who: s["catalog"].setAutomation(
            code("SVC-1"),
            1,
            _automation(certificateType=code("LICENCE"), certificateIssuer=code("ZD-NONE")),
            sender=who,
        ),
        "InvalidCertificateTerms",
    ),
]

# ApplicationLedger: a clerk of the receiving department (the approver for approvals). The admin is no
# officer: where the officer check comes first, the admin gets UnauthorizedOfficer.
_FULL_BATCH = [_sub(f"N-{i}") for i in range(1, 102)]
MALFORMED += [
    bad(
        "ledger.submit: empty number",
        lambda s, who: s["ledger"].submit(_sub(""), sender=who),
        "InvalidApplicationNumber",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.submit: zero service",
        lambda s, who: s["ledger"].submit(_sub(service=""), sender=who),
        "UnknownService",
        by=CLERKS,
    ),
    bad(
        "ledger.submit: unknown service",
        lambda s, who: s["ledger"].submit(_sub(service="SVC-NONE"), sender=who),
        "UnknownService",
        by=CLERKS,
    ),
    bad(
        "ledger.submit: closed service",
        lambda s, who: s["ledger"].submit(_sub(), sender=who),
        "ServiceInactive",
        by=CLERKS,
        setup=lambda s: s["catalog"].setServiceActive(code("SVC-1"), False, sender=s["people"]["admin"]),
    ),
    bad(
        "ledger.submit: zero applicant commitment",
        lambda s, who: s["ledger"].submit(_sub(commitment=ZERO), sender=who),
        "InvalidApplicantCommitment",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.submit: number taken",
        lambda s, who: s["ledger"].submit(_sub("N-aa"), sender=who),
        "ApplicationAlreadyExists",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.submit: another department's service",
        lambda s, who: s["ledger"].submit(_sub(service="SVC-S"), sender=who),
        UNAUTHORIZED,
        by=CLERKS,
    ),
    bad(
        "ledger.submit: a material the service does not ask for",
        lambda s, who: s["ledger"].submit(("N-01", code("SVC-1"), b"\x11" * 32, [MATERIAL]), sender=who),
        "MaterialCountMismatch",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.submitBatch: empty",
        lambda s, who: s["ledger"].submitBatch([], sender=who),
        "InvalidBatchSize",
        by=CLERKS,
    ),
    bad(
        "ledger.submitBatch: MAX_BATCH + 1 entries",
        lambda s, who: s["ledger"].submitBatch(_FULL_BATCH, sender=who),
        "InvalidBatchSize",
        by=CLERKS,
    ),
    bad(
        "ledger.submitBatch: a malformed number after a good entry",
        lambda s, who: s["ledger"].submitBatch([_sub(), _sub("N 02")], sender=who),
        "InvalidApplicationNumber",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.submitBatch: the same number twice",
        lambda s, who: s["ledger"].submitBatch([_sub(), _sub()], sender=who),
        "ApplicationAlreadyExists",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.submitBatch: another department's service after a good entry",
        lambda s, who: s["ledger"].submitBatch([_sub(), _sub("N-02", "SVC-S")], sender=who),
        UNAUTHORIZED,
        by=CLERKS,
    ),
    bad(
        "ledger.submitBatch: zero service first",
        lambda s, who: s["ledger"].submitBatch([_sub(service=""), _sub()], sender=who),
        "UnknownService",
        by=CLERKS,
    ),
    bad("ledger.accept: zero id", lambda s, who: s["ledger"].accept(ZERO, sender=who), "UnknownApplication", by=CLERKS),
    bad(
        "ledger.accept: unknown id",
        lambda s, who: s["ledger"].accept(UNKNOWN, sender=who),
        "UnknownApplication",
        by=CLERKS,
    ),
    bad(
        "ledger.accept: another department's application",
        lambda s, who: s["ledger"].accept(FOREIGN_APP, sender=who),
        UNAUTHORIZED,
        by=CLERKS,
    ),
    bad(
        "ledger.accept: accepted already",
        lambda s, who: s["ledger"].accept(ACCEPTED, sender=who),
        "WrongStatus",
        by=CLERKS,
    ),
    bad(
        "ledger.acceptBatch: empty",
        lambda s, who: s["ledger"].acceptBatch([], sender=who),
        "InvalidBatchSize",
        by=CLERKS,
    ),
    bad(
        "ledger.acceptBatch: MAX_BATCH + 1 entries",
        lambda s, who: s["ledger"].acceptBatch([APP] * 101, sender=who),
        "InvalidBatchSize",
        by=CLERKS,
    ),
    bad(
        "ledger.acceptBatch: a zero id after a good one",
        lambda s, who: s["ledger"].acceptBatch([APP, ZERO], sender=who),
        "UnknownApplication",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.acceptBatch: another department's application after a good one",
        lambda s, who: s["ledger"].acceptBatch([APP, FOREIGN_APP], sender=who),
        UNAUTHORIZED,
        by=CLERKS,
    ),
    bad(
        "ledger.acceptBatch: the same id twice",
        lambda s, who: s["ledger"].acceptBatch([APP, APP], sender=who),
        "WrongStatus",
        by=CLERKS,
        admin=UNAUTHORIZED,
    ),
]
MALFORMED += [
    bad(
        "ledger.startSpecialProcedure: kind 0",
        lambda s, who: s["ledger"].startSpecialProcedure(ACCEPTED, 0, 1, sender=who),
        "MissingProcedureCode",
        by=("approver",),
    ),
    bad(
        "ledger.startSpecialProcedure: reason code 0",
        lambda s, who: s["ledger"].startSpecialProcedure(ACCEPTED, 2, 0, sender=who),
        "MissingReasonCode",
        by=("approver",),
    ),
    bad(
        "ledger.startSpecialProcedure: one is running",
        lambda s, who: s["ledger"].startSpecialProcedure(IN_PROCEDURE, 2, 1, sender=who),
        "WrongStatus",
        by=("approver",),
    ),
    bad(
        "ledger.endSpecialProcedure: result code 0",
        lambda s, who: s["ledger"].endSpecialProcedure(IN_PROCEDURE, 0, sender=who),
        "MissingProcedureCode",
        by=("approver",),
    ),
    bad(
        "ledger.endSpecialProcedure: none running",
        lambda s, who: s["ledger"].endSpecialProcedure(ACCEPTED, 1, sender=who),
        "WrongStatus",
        by=("approver",),
    ),
]
for verb in ("reject", "requestSupplement", "withdraw"):
    MALFORMED += [
        bad(
            f"ledger.{verb}: reason code 0",
            lambda s, who, verb=verb: getattr(s["ledger"], verb)(APP, 0, sender=who),
            "MissingReasonCode",
            by=CLERKS,
        ),
        bad(
            f"ledger.{verb}: zero id",
            lambda s, who, verb=verb: getattr(s["ledger"], verb)(ZERO, 1, sender=who),
            "UnknownApplication",
            by=CLERKS,
        ),
        bad(
            f"ledger.{verb}: another department's application",
            lambda s, who, verb=verb: getattr(s["ledger"], verb)(FOREIGN_APP, 1, sender=who),
            UNAUTHORIZED,
            by=CLERKS,
        ),
        bad(
            f"ledger.{verb}: a completed application",
            lambda s, who, verb=verb: getattr(s["ledger"], verb)(PARENT, 1, sender=who),
            "WrongStatus",
            by=CLERKS,
        ),
    ]
MALFORMED += [
    bad(
        "ledger.reject: another department's step",
        lambda s, who: s["ledger"].reject(FOREIGN_ACCEPTED, 1, sender=who),
        UNAUTHORIZED,
        by=("approver",),
    ),
    bad(
        "ledger.approve: zero id",
        lambda s, who: s["ledger"].approve(ZERO, 0, ZERO, sender=who),
        "UnknownApplication",
        by=("approver",),
    ),
    bad(
        "ledger.approve: step index out of range",
        lambda s, who: s["ledger"].approve(ACCEPTED, 7, ZERO, sender=who),
        "StepMismatch",
        by=("approver",),
    ),
    bad(
        "ledger.approve: step index 255",
        lambda s, who: s["ledger"].approve(ACCEPTED, 255, ZERO, sender=who),
        "StepMismatch",
        by=("approver",),
    ),
    bad(
        "ledger.approve: not accepted yet",
        lambda s, who: s["ledger"].approve(APP, 0, ZERO, sender=who),
        "WrongStatus",
        by=("approver",),
    ),
    bad(
        "ledger.approve: another department's step",
        lambda s, who: s["ledger"].approve(FOREIGN_ACCEPTED, 0, ZERO, sender=who),
        UNAUTHORIZED,
        by=("approver",),
    ),
    bad(
        "ledger.approve: approved twice",
        lambda s, who: s["ledger"].approve(ACCEPTED, 0, ZERO, sender=who),
        "WrongStatus",
        by=("approver",),
        setup=lambda s: s["ledger"].approve(ACCEPTED, 0, ZERO, sender=s["people"]["approver"]),
    ),
    bad(
        "ledger.approveBatch: empty",
        lambda s, who: s["ledger"].approveBatch([], ZERO, sender=who),
        "InvalidBatchSize",
        by=("approver",),
    ),
    bad(
        "ledger.approveBatch: MAX_BATCH + 1 entries",
        lambda s, who: s["ledger"].approveBatch([(ACCEPTED, 0)] * 101, ZERO, sender=who),
        "InvalidBatchSize",
        by=("approver",),
    ),
    bad(
        "ledger.approveBatch: step index out of range",
        lambda s, who: s["ledger"].approveBatch([(ACCEPTED, 1)], ZERO, sender=who),
        "StepMismatch",
        by=("approver",),
    ),
    bad(
        "ledger.approveBatch: the same step twice",
        lambda s, who: s["ledger"].approveBatch([(ACCEPTED, 0), (ACCEPTED, 0)], ZERO, sender=who),
        "WrongStatus",
        by=("approver",),
        admin=UNAUTHORIZED,
    ),
    bad(
        "ledger.approveBatch: another department's step after a good one",
        lambda s, who: s["ledger"].approveBatch([(ACCEPTED, 0), (FOREIGN_ACCEPTED, 0)], ZERO, sender=who),
        UNAUTHORIZED,
        by=("approver",),
    ),
    bad(
        "ledger.approveBatch: a zero id",
        lambda s, who: s["ledger"].approveBatch([(ZERO, 0)], ZERO, sender=who),
        "UnknownApplication",
        by=("approver",),
    ),
    bad(
        "ledger.resubmit: zero id",
        lambda s, who: s["ledger"].resubmit(ZERO, ZERO, sender=who),
        "UnknownApplication",
        by=CLERKS,
    ),
    bad(
        "ledger.resubmit: no supplement requested",
        lambda s, who: s["ledger"].resubmit(APP, ZERO, sender=who),
        "WrongStatus",
        by=CLERKS,
    ),
    bad(
        "ledger.resubmit: another department's application",
        lambda s, who: s["ledger"].resubmit(FOREIGN_WAITING, ZERO, sender=who),
        UNAUTHORIZED,
        by=CLERKS,
    ),
    bad(
        "ledger.complete: zero id",
        lambda s, who: s["ledger"].complete(ZERO, sender=who),
        "UnknownApplication",
        by=CLERKS,
    ),
    bad(
        "ledger.complete: not approved", lambda s, who: s["ledger"].complete(APP, sender=who), "WrongStatus", by=CLERKS
    ),
    bad(
        "ledger.complete: completed twice",
        lambda s, who: s["ledger"].complete(DEFERRED, sender=who),
        "WrongStatus",
        by=CLERKS,
        setup=lambda s: s["ledger"].complete(DEFERRED, sender=s["people"]["outsider"]),
    ),
    bad(
        "ledger.cacheServiceVersion: unknown service",
        lambda s, who: s["ledger"].cacheServiceVersion(code("SVC-NONE"), 1, sender=who),
        "UnknownServiceVersion",
        by=("outsider",),
    ),
    bad(
        "ledger.cacheServiceVersion: version 0",
        lambda s, who: s["ledger"].cacheServiceVersion(code("SVC-1"), 0, sender=who),
        "UnknownServiceVersion",
        by=("outsider",),
    ),
    bad(
        "ledger.cacheServiceVersion: version not published yet",
        lambda s, who: s["ledger"].cacheServiceVersion(code("SVC-1"), 2, sender=who),
        "UnknownServiceVersion",
        by=("outsider",),
    ),
    bad(
        "ledger.flagOverdue: zero id",
        lambda s, who: s["ledger"].flagOverdue(ZERO, sender=who),
        "UnknownApplication",
        by=CLERKS,
    ),
    bad(
        "ledger.flagOverdue: no step running",
        lambda s, who: s["ledger"].flagOverdue(APP, sender=who),
        "WrongStatus",
        by=CLERKS,
    ),
    bad(
        "ledger.flagOverdue: not overdue",
        lambda s, who: s["ledger"].flagOverdue(FRESH, sender=who),
        "NotOverdue",
        by=CLERKS,
    ),
    bad(
        "ledger.flagOverdue: flagged twice",
        lambda s, who: s["ledger"].flagOverdue(s["overdue"], sender=who),
        "AlreadyFlagged",
        by=CLERKS,
        setup=lambda s: s["ledger"].flagOverdue(s["overdue"], sender=s["people"]["outsider"]),
    ),
    bad(
        "ledger.retryFollowOn: zero parent",
        lambda s, who: s["ledger"].retryFollowOn(ZERO, code("SVC-F"), sender=who),
        "FollowOnNotFailed",
        by=CLERKS,
    ),
    bad(
        "ledger.retryFollowOn: zero service",
        lambda s, who: s["ledger"].retryFollowOn(PARENT, ZERO, sender=who),
        "FollowOnNotFailed",
        by=CLERKS,
    ),
    bad(
        "ledger.retryFollowOn: a follow-on that never failed",
        lambda s, who: s["ledger"].retryFollowOn(PARENT, code("SVC-1"), sender=who),
        "FollowOnNotFailed",
        by=CLERKS,
    ),
    bad(
        "ledger.retryFollowOn: retried twice",
        lambda s, who: s["ledger"].retryFollowOn(PARENT, code("SVC-F"), sender=who),
        "FollowOnAlreadyOpen",
        by=CLERKS,
        setup=lambda s: s["ledger"].retryFollowOn(PARENT, code("SVC-F"), sender=s["people"]["clerk"]),
    ),
    bad(
        "ledger.retryFollowOn: another department's follow-on",
        lambda s, who: s["ledger"].retryFollowOn(PARENT, code("SVC-FS"), sender=who),
        UNAUTHORIZED,
        by=CLERKS,
        admin=None,  # governance may retry any department's follow-on
    ),
    bad(
        "ledger.retryFollowOn: its service closed again",
        lambda s, who: s["ledger"].retryFollowOn(PARENT, code("SVC-F"), sender=who),
        "ServiceInactive",  # the clerk's department lookup, or governance's retry of the child, fails
        by=CLERKS,
        setup=lambda s: s["catalog"].setServiceActive(code("SVC-F"), False, sender=s["people"]["admin"]),
    ),
    bad(
        "ledger.openFollowOn: zero arguments",
        lambda s, who: s["ledger"].openFollowOn(ZERO, ZERO, NOBODY, sender=who),
        "OnlyLedger",
        by=CLERKS,
    ),
    bad(
        "ledger.openFollowOn: a failed follow-on, from outside",
        lambda s, who: s["ledger"].openFollowOn(PARENT, code("SVC-F"), who, sender=who),
        "OnlyLedger",
        by=CLERKS,
    ),
]

# MaterialRegistry: a clerk (or issuer) of the issuing department; anyone submits signed consents; the
# ledger (here an account holding LEDGER_ROLE) attaches materials; a manager publishes the key.
ISSUING = ("clerk", "issuer")
MALFORMED += [
    bad(
        f"materials.registerMaterial: {what}",
        lambda s, who, changes=changes: s["materials"].registerMaterial(_material(s, **changes), sender=who),
        error,
        by=ISSUING,
        admin=NOT_FOR_DEPARTMENT,
    )
    for what, changes, error in (
        ("zero id", {"materialId": ZERO}, "InvalidMaterial"),
        ("existing id", {"materialId": MATERIAL}, "MaterialAlreadyExists"),
        ("zero type", {"materialType": ZERO}, "InvalidMaterial"),
        ("zero owner commitment", {"ownerCommitment": ZERO}, "InvalidMaterial"),
        ("zero owner key", {"ownerKey": NOBODY}, "InvalidMaterial"),
        ("zero content hash", {"contentHash": ZERO}, "InvalidMaterial"),
        ("validity ending before it starts", {"validFrom": 100, "validUntil": 100}, "InvalidMaterial"),
        ("empty storage URI", {"storageUri": ""}, "InvalidMaterial"),
        ("storage URI over MAX_URI_BYTES", {"storageUri": "x" * 257}, "InvalidMaterial"),
        ("zero issuer", {"issuer": ZERO}, NOT_FOR_DEPARTMENT),
        ("another department as issuer", {"issuer": SCJGJ}, NOT_FOR_DEPARTMENT),
    )
]
MALFORMED += [
    bad(
        f"materials.supersedeMaterial: {what}",
        lambda s, who, old=old, changes=changes: s["materials"].supersedeMaterial(
            old, _material(s, **changes), sender=who
        ),
        error,
        by=ISSUING,
        admin=admin,
    )
    for what, old, changes, error, admin in (
        ("zero old id", ZERO, {}, "UnknownMaterial", SAME),
        ("unknown old id", UNKNOWN, {}, "UnknownMaterial", SAME),
        ("another department's material", FOREIGN_MATERIAL, {"issuer": SCJGJ}, NOT_FOR_DEPARTMENT, SAME),
        ("another department as the new issuer", MATERIAL, {"issuer": SCJGJ}, "InvalidMaterial", NOT_FOR_DEPARTMENT),
        ("another type", MATERIAL, {"materialType": code("LICENCE")}, "MaterialTypeMismatch", NOT_FOR_DEPARTMENT),
        ("another owner key", MATERIAL, {"ownerKey": "0x" + "77" * 20}, "InvalidMaterial", NOT_FOR_DEPARTMENT),
        ("zero new id", MATERIAL, {"materialId": ZERO}, "InvalidMaterial", NOT_FOR_DEPARTMENT),
        ("the old id as the new", MATERIAL, {"materialId": MATERIAL}, "MaterialAlreadyExists", NOT_FOR_DEPARTMENT),
        ("zero new content hash", MATERIAL, {"contentHash": ZERO}, "InvalidMaterial", NOT_FOR_DEPARTMENT),
    )
]
MALFORMED += [
    bad(
        "materials.supersedeMaterial: superseded twice",
        lambda s, who: s["materials"].supersedeMaterial(MATERIAL, _material(s, materialId=b"\x06" * 32), sender=who),
        "MaterialIsSuperseded",
        by=ISSUING,
        admin=NOT_FOR_DEPARTMENT,
        setup=lambda s: s["materials"].supersedeMaterial(MATERIAL, _material(s), sender=s["people"]["clerk"]),
    ),
    bad(
        "materials.revokeMaterial: zero id",
        lambda s, who: s["materials"].revokeMaterial(ZERO, 1, sender=who),
        "UnknownMaterial",
        by=ISSUING,
    ),
    bad(
        "materials.revokeMaterial: reason code 0",
        lambda s, who: s["materials"].revokeMaterial(MATERIAL, 0, sender=who),
        "InvalidMaterial",
        by=ISSUING,
        admin=NOT_FOR_DEPARTMENT,
    ),
    bad(
        "materials.revokeMaterial: another department's material",
        lambda s, who: s["materials"].revokeMaterial(FOREIGN_MATERIAL, 1, sender=who),
        NOT_FOR_DEPARTMENT,
        by=ISSUING,
    ),
    bad(
        "materials.revokeMaterial: revoked twice",
        lambda s, who: s["materials"].revokeMaterial(MATERIAL, 1, sender=who),
        "MaterialIsRevoked",
        by=ISSUING,
        admin=NOT_FOR_DEPARTMENT,
        setup=lambda s: s["materials"].revokeMaterial(MATERIAL, 1, sender=s["people"]["clerk"]),
    ),
]
MALFORMED += [
    bad(
        f"materials.grantConsent: {what}",
        lambda s, who, terms=terms: s["materials"].grantConsent(*_consent(s, **({"nonce": 7} | terms)), sender=who),
        error,
        by=CLERKS,
    )
    for what, terms, error in (
        ("purpose kind 0", {"kind": 0}, "InvalidPurpose"),
        ("purpose kind 3", {"kind": 3}, "InvalidPurpose"),
        ("zero purpose", {"purpose": ZERO}, "InvalidPurpose"),
        ("zero material", {"material": ZERO}, "UnknownMaterial"),
        ("unknown material", {"material": UNKNOWN}, "UnknownMaterial"),
        ("validity already over", {"valid_until": 1}, "InvalidConsentPeriod"),
        ("expired deadline", {"deadline": 1}, "SignatureExpired"),
        ("a nonce used before", {"nonce": 100}, "NonceAlreadyUsed"),
        ("a future consent epoch", {"epoch": 1}, "StaleConsentEpoch"),
    )
]
MALFORMED += [
    bad(
        "materials.grantConsent: signed by another key",
        lambda s, who: s["materials"].grantConsent(*_consent(s, 7, signer=s["people"]["outsider"]), sender=who),
        "InvalidOwnerSignature",
        by=CLERKS,
    ),
    bad(
        "materials.grantConsent: signature of another purpose",
        lambda s, who: s["materials"].grantConsent(_consent(s, 7, purpose=ACCEPTED)[0], _consent(s, 7)[1], sender=who),
        "InvalidOwnerSignature",
        by=CLERKS,
    ),
    bad(
        "materials.grantConsent: empty signature",
        lambda s, who: s["materials"].grantConsent(_consent(s, 7)[0], b"", sender=who),
        "InvalidOwnerSignature",
        by=CLERKS,
    ),
    bad(
        "materials.grantConsent: the same signature replayed",
        lambda s, who: s["materials"].grantConsent(*s["replay"], sender=who),
        "NonceAlreadyUsed",
        by=CLERKS,
        setup=lambda s: (
            s.update(replay=_consent(s, 7)) or s["materials"].grantConsent(*s["replay"], sender=s["people"]["outsider"])
        ),
    ),
    bad(
        "materials.grantConsent: signed before the citizen withdrew",
        lambda s, who: s["materials"].grantConsent(*s["stale"], sender=who),
        "StaleConsentEpoch",
        by=CLERKS,
        setup=lambda s: (
            s.update(stale=_consent(s, 7))
            or s["materials"].revokeConsent(*_revocation(s, 8), sender=s["people"]["outsider"])
        ),
    ),
    bad(
        "materials.grantConsent: signed by the clerk instead of the owner",
        lambda s, who: s["materials"].grantConsent(*_consent(s, 7, signer=who), sender=who),
        "InvalidOwnerSignature",
        by=CLERKS,
    ),
]
MALFORMED += [
    bad(
        f"materials.revokeConsent: {what}",
        lambda s, who, terms=terms: s["materials"].revokeConsent(*_revocation(s, **({"nonce": 7} | terms)), sender=who),
        error,
        by=CLERKS,
    )
    for what, terms, error in (
        ("purpose kind 0", {"kind": 0}, "InvalidPurpose"),
        ("purpose kind 3", {"kind": 3}, "InvalidPurpose"),
        ("zero purpose", {"purpose": ZERO}, "InvalidPurpose"),
        ("zero material", {"material": ZERO}, "UnknownMaterial"),
        ("expired deadline", {"deadline": 1}, "SignatureExpired"),
        ("a nonce used before", {"nonce": 100}, "NonceAlreadyUsed"),
        ("a future consent epoch", {"epoch": 1}, "StaleConsentEpoch"),
    )
]
MALFORMED += [
    bad(
        "materials.revokeConsent: signed by another key",
        lambda s, who: s["materials"].revokeConsent(*_revocation(s, 7, signer=s["people"]["outsider"]), sender=who),
        "InvalidOwnerSignature",
        by=CLERKS,
    ),
    bad(
        "materials.revokeConsent: the same withdrawal replayed",
        lambda s, who: s["materials"].revokeConsent(*s["replay"], sender=who),
        "StaleConsentEpoch",
        by=CLERKS,
        setup=lambda s: (
            s.update(replay=_revocation(s, 7))
            or s["materials"].revokeConsent(*s["replay"], sender=s["people"]["outsider"])
        ),
    ),
]
MALFORMED += [
    bad(
        f"materials.recordUse: {what}",
        lambda s, who, args=args: s["materials"].recordUse(*args, sender=who),
        error,
        by=("clerk", "approver", "issuer"),
        admin=admin,
    )
    for what, args, error, admin in (
        ("use kind 0", (MATERIAL, XPSJ, APPLICATION, APP, 0), "InvalidUseKind", SAME),
        ("use kind 1 (attaching is the ledger's)", (MATERIAL, XPSJ, APPLICATION, APP, 1), "InvalidUseKind", SAME),
        ("use kind 4", (MATERIAL, XPSJ, APPLICATION, APP, 4), "InvalidUseKind", SAME),
        ("purpose kind 0", (MATERIAL, XPSJ, 0, APP, 2), "InvalidPurpose", NOT_FOR_DEPARTMENT),
        ("purpose kind 3", (MATERIAL, XPSJ, 3, APP, 2), "InvalidPurpose", NOT_FOR_DEPARTMENT),
        ("zero purpose", (MATERIAL, XPSJ, APPLICATION, ZERO, 2), "InvalidPurpose", NOT_FOR_DEPARTMENT),
        ("zero material", (ZERO, XPSJ, APPLICATION, APP, 2), "UnknownMaterial", NOT_FOR_DEPARTMENT),
        ("zero department", (MATERIAL, ZERO, APPLICATION, APP, 2), NOT_FOR_DEPARTMENT, SAME),
        ("another department", (FOREIGN_MATERIAL, SCJGJ, APPLICATION, APP, 2), NOT_FOR_DEPARTMENT, SAME),
        (
            "a purpose not consented to",
            (MATERIAL, XPSJ, APPLICATION, ACCEPTED, 2),
            "ConsentMissing",
            NOT_FOR_DEPARTMENT,
        ),
        ("the application's consent as a service's", (MATERIAL, XPSJ, 1, APP, 2), "ConsentMissing", NOT_FOR_DEPARTMENT),
    )
]
_LEDGER_ONLY = "AccessControlUnauthorizedAccount"
MALFORMED += [
    bad(
        f"materials.useForApplication: {what}",
        lambda s, who, args=args: s["materials"].useForApplication(*args, who, sender=who),
        error,
        by=("stand_in",),
        admin=_LEDGER_ONLY,
    )
    for what, args, error in (
        ("zero material", (ZERO, code("ID-CARD"), XPSJ, APP, code("SVC-1")), "UnknownMaterial"),
        ("another type", (MATERIAL, code("LICENCE"), XPSJ, APP, code("SVC-1")), "MaterialTypeMismatch"),
        ("no consent for the department", (MATERIAL, code("ID-CARD"), SCJGJ, APP, code("SVC-1")), "ConsentMissing"),
        (
            "no consent for the application",
            (MATERIAL, code("ID-CARD"), XPSJ, ACCEPTED, code("SVC-1")),
            "ConsentMissing",
        ),
        ("zero application and service", (MATERIAL, code("ID-CARD"), XPSJ, ZERO, ZERO), "ConsentMissing"),
    )
]
MALFORMED += [
    bad(
        "materials.setEncryptionKey: zero key",
        lambda s, who: s["materials"].setEncryptionKey(XPSJ, ZERO, sender=who),
        "InvalidMaterial",
        by=MANAGER_AND_ADMIN,
    ),
    bad(
        "materials.setEncryptionKey: another department",
        lambda s, who: s["materials"].setEncryptionKey(SCJGJ, b"\x66" * 32, sender=who),
        NOT_FOR_DEPARTMENT,
        by=("manager",),
        admin=None,  # the registrar publishes keys for any department
    ),
    bad(
        "materials.setEncryptionKey: zero department",
        lambda s, who: s["materials"].setEncryptionKey(ZERO, b"\x66" * 32, sender=who),
        NOT_FOR_DEPARTMENT,
        by=("manager",),
        admin=None,
    ),
    # Issue 12 hardening, finding 2: the registrar may publish any department's key, but only a registered one's.
    bad(
        "materials.setEncryptionKey: zero department, by the registrar",
        lambda s, who: s["materials"].setEncryptionKey(ZERO, b"\x66" * 32, sender=who),
        "UnknownDepartment",
    ),
    bad(
        "materials.setEncryptionKey: unregistered department, by the registrar",
        lambda s, who: s["materials"].setEncryptionKey(code("ZD-NONE"), b"\x66" * 32, sender=who),
        "UnknownDepartment",
    ),
]

# CertificateRegistry: an issuer of the issuing department; the ledger (the stand-in) for completions.
ISSUERS = ("issuer",)
NOT_ISSUER = "NotAnIssuer"
MALFORMED += [
    bad(
        f"certificates.issueBatch: {what}",
        lambda s, who, args=args: s["certificates"].issueBatch(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_ISSUER,
    )
    for what, args, error in (
        ("zero root", (ZERO, XPSJ, 1), "InvalidBatch"),
        ("zero count", (b"\x07" * 32, XPSJ, 0), "InvalidBatch"),
        ("issued already", (ROOT, XPSJ, 1), "BatchAlreadyIssued"),
        ("zero issuer", (b"\x07" * 32, ZERO, 1), NOT_ISSUER),
        ("another department as issuer", (b"\x07" * 32, SCJGJ, 1), NOT_ISSUER),
    )
]
MALFORMED += [
    bad(
        f"certificates.revokeBatch: {what}",
        lambda s, who, args=args: s["certificates"].revokeBatch(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_ISSUER,
    )
    for what, args, error in (
        ("zero root", (ZERO, XPSJ, 1), "UnknownBatch"),
        ("reason code 0", (ROOT, XPSJ, 0), "MissingRevocationReason"),
        ("zero issuer", (ROOT, ZERO, 1), NOT_ISSUER),
        ("another department's batch", (FOREIGN_ROOT, SCJGJ, 1), NOT_ISSUER),
        ("another department's root under this issuer", (FOREIGN_ROOT, XPSJ, 1), "UnknownBatch"),
    )
]
MALFORMED += [
    bad(
        "certificates.revokeBatch: revoked twice",
        lambda s, who: s["certificates"].revokeBatch(ROOT, XPSJ, 1, sender=who),
        "BatchAlreadyRevoked",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: s["certificates"].revokeBatch(ROOT, XPSJ, 1, sender=s["people"]["issuer"]),
    ),
]
MALFORMED += [
    bad(
        f"certificates.revokeCertificate: {what}",
        lambda s, who, args=args: s["certificates"].revokeCertificate(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_ISSUER,
    )
    for what, args, error in (
        ("zero root", (ZERO, XPSJ, CERTIFICATE, DIGEST, [], 1), "UnknownBatch"),
        ("reason code 0", (ROOT, XPSJ, CERTIFICATE, DIGEST, [], 0), "MissingRevocationReason"),
        ("another digest", (ROOT, XPSJ, CERTIFICATE, b"\x01" * 32, [], 1), "InvalidProof"),
        ("zero certificate id and digest", (ROOT, XPSJ, ZERO, ZERO, [], 1), "InvalidProof"),
        ("a proof that proves nothing", (ROOT, XPSJ, CERTIFICATE, DIGEST, [b"\x01" * 32], 1), "InvalidProof"),
        ("another department's batch", (FOREIGN_ROOT, SCJGJ, CERTIFICATE, DIGEST, [], 1), NOT_ISSUER),
        ("zero issuer", (ROOT, ZERO, CERTIFICATE, DIGEST, [], 1), NOT_ISSUER),
    )
]
MALFORMED += [
    bad(
        "certificates.revokeCertificate: the root as its own leaf",
        lambda s, who: s["certificates"].revokeCertificate(ROOT, XPSJ, ROOT, ZERO, [], 1, sender=who),
        "InvalidProof",
        by=ISSUERS,
        admin=NOT_ISSUER,
    ),
    bad(
        "certificates.revokeCertificate: revoked twice",
        lambda s, who: s["certificates"].revokeCertificate(ROOT, XPSJ, CERTIFICATE, DIGEST, [], 1, sender=who),
        "CertificateAlreadyRevoked",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: s["certificates"].revokeCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], 1, sender=s["people"]["issuer"]
        ),
    ),
    bad(
        "certificates.endCertificate: not a terminal state",
        lambda s, who: s["certificates"].endCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], CertificateState.SUSPENDED, 1, sender=who
        ),
        "NotATerminalState",
        by=ISSUERS,
        admin=NOT_ISSUER,
    ),
    bad(
        "certificates.endCertificate: reason code 0",
        lambda s, who: s["certificates"].endCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], CertificateState.WITHDRAWN, 0, sender=who
        ),
        "MissingRevocationReason",
        by=ISSUERS,
        admin=NOT_ISSUER,
    ),
    bad(
        "certificates.endCertificate: ended twice",
        lambda s, who: s["certificates"].endCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], CertificateState.CANCELLED, 1, sender=who
        ),
        "CertificateAlreadyRevoked",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: s["certificates"].revokeCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], 1, sender=s["people"]["issuer"]
        ),
    ),
    bad(
        "certificates.suspendCertificate: suspended twice",
        lambda s, who: s["certificates"].suspendCertificate(ROOT, XPSJ, CERTIFICATE, DIGEST, [], 1, sender=who),
        "CertificateAlreadySuspended",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: s["certificates"].suspendCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], 1, sender=s["people"]["issuer"]
        ),
    ),
    bad(
        "certificates.suspendCertificate: another digest",
        lambda s, who: s["certificates"].suspendCertificate(ROOT, XPSJ, CERTIFICATE, b"\x01" * 32, [], 1, sender=who),
        "InvalidProof",
        by=ISSUERS,
        admin=NOT_ISSUER,
    ),
    bad(
        "certificates.reinstateCertificate: not suspended",
        lambda s, who: s["certificates"].reinstateCertificate(ROOT, XPSJ, CERTIFICATE, DIGEST, [], sender=who),
        "CertificateNotSuspended",
        by=ISSUERS,
        admin=NOT_ISSUER,
    ),
    bad(
        "certificates.reinstateCertificate: another department's batch",
        lambda s, who: s["certificates"].reinstateCertificate(FOREIGN_ROOT, SCJGJ, CERTIFICATE, DIGEST, [], sender=who),
        NOT_ISSUER,
        by=ISSUERS,
        admin=NOT_ISSUER,
    ),
    bad(
        "certificates.issueForApplication: zero root",
        lambda s, who: s["certificates"].issueForApplication(APP, XPSJ, code("LICENCE"), ZERO, sender=who),
        "InvalidBatch",
        by=("stand_in",),
        admin=_LEDGER_ONLY,
    ),
    bad(
        "certificates.issueForApplication: issued twice",
        lambda s, who: s["certificates"].issueForApplication(APP, XPSJ, code("LICENCE"), b"\x08" * 32, sender=who),
        "BatchAlreadyIssued",
        by=("stand_in",),
        admin=_LEDGER_ONLY,
        setup=lambda s: s["certificates"].issueForApplication(
            APP, XPSJ, code("LICENCE"), b"\x08" * 32, sender=s["people"]["stand_in"]
        ),
    ),
]

# CertificateRegistry 1.6.0 (helper replace): replaceCertificate, replaceBatch, revokeForAppeal.
_OLD = (ROOT, XPSJ, CERTIFICATE, DIGEST, [])
_NEW = (NEW_ROOT, XPSJ, *NEW_CERTIFICATE, [])
MALFORMED += [
    bad(
        f"certificates.replaceCertificate: {what}",
        lambda s, who, args=args: s["certificates"].replaceCertificate(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=_issue_new_root,
    )
    for what, args, error in (
        ("reason code 0", (_OLD, _NEW, 0), "MissingReplacementReason"),
        ("itself", (_OLD, _OLD, 1), "InvalidReplacement"),
        ("unknown replacement", (_OLD, (UNKNOWN, XPSJ, UNKNOWN, UNKNOWN, []), 1), "UnknownBatch"),
        ("unknown old certificate", ((UNKNOWN, XPSJ, UNKNOWN, UNKNOWN, []), _NEW, 1), "UnknownBatch"),
        ("zero root", ((ZERO, XPSJ, CERTIFICATE, DIGEST, []), _NEW, 1), "UnknownBatch"),
        ("wrong digest", ((ROOT, XPSJ, CERTIFICATE, UNKNOWN, []), _NEW, 1), "InvalidProof"),
        ("zero issuer", ((ROOT, ZERO, CERTIFICATE, DIGEST, []), _NEW, 1), NOT_ISSUER),
        ("another department's replacement", (_OLD, (FOREIGN_ROOT, SCJGJ, UNKNOWN, UNKNOWN, []), 1), NOT_ISSUER),
        ("another department's certificate", ((FOREIGN_ROOT, SCJGJ, UNKNOWN, UNKNOWN, []), _NEW, 1), NOT_ISSUER),
    )
]
MALFORMED += [
    bad(
        "certificates.replaceCertificate: replaced twice",
        lambda s, who: s["certificates"].replaceCertificate(_OLD, _NEW, 1, sender=who),
        "CertificateAlreadyReplaced",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: (
            _issue_new_root(s),
            s["certificates"].replaceCertificate(_OLD, _NEW, 1, sender=s["people"]["issuer"]),
        ),
    ),
    bad(
        "certificates.replaceCertificate: by a revoked certificate",
        lambda s, who: s["certificates"].replaceCertificate(_OLD, _NEW, 1, sender=who),
        "InvalidReplacement",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: (
            _issue_new_root(s),
            s["certificates"].revokeCertificate(*_NEW, 1, sender=s["people"]["issuer"]),
        ),
    ),
]
MALFORMED += [
    bad(
        f"certificates.replaceBatch: {what}",
        lambda s, who, args=args: s["certificates"].replaceBatch(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=_issue_new_root,
    )
    for what, args, error in (
        ("reason code 0", (ROOT, XPSJ, NEW_ROOT, XPSJ, 0), "MissingReplacementReason"),
        ("itself", (ROOT, XPSJ, ROOT, XPSJ, 4), "InvalidReplacement"),
        ("zero old root", (ZERO, XPSJ, NEW_ROOT, XPSJ, 4), "UnknownBatch"),
        ("zero new root", (ROOT, XPSJ, ZERO, XPSJ, 4), "UnknownBatch"),
        ("zero issuer", (ROOT, ZERO, NEW_ROOT, XPSJ, 4), NOT_ISSUER),
        ("another department's batch", (FOREIGN_ROOT, SCJGJ, NEW_ROOT, XPSJ, 4), NOT_ISSUER),
        ("into another department's batch", (ROOT, XPSJ, FOREIGN_ROOT, SCJGJ, 4), NOT_ISSUER),
    )
]
MALFORMED += [
    bad(
        "certificates.replaceBatch: replaced twice",
        lambda s, who: s["certificates"].replaceBatch(ROOT, XPSJ, NEW_ROOT, XPSJ, 4, sender=who),
        "BatchAlreadyReplaced",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: (
            _issue_new_root(s),
            s["certificates"].issueBatch(b"\xc2" * 32, XPSJ, 1, sender=s["people"]["issuer"]),
            s["certificates"].replaceBatch(ROOT, XPSJ, b"\xc2" * 32, XPSJ, 4, sender=s["people"]["issuer"]),
        ),
    ),
    bad(
        "certificates.replaceBatch: a revoked batch",
        lambda s, who: s["certificates"].replaceBatch(ROOT, XPSJ, NEW_ROOT, XPSJ, 4, sender=who),
        "BatchAlreadyRevoked",
        by=ISSUERS,
        admin=NOT_ISSUER,
        setup=lambda s: (
            _issue_new_root(s),
            s["certificates"].revokeBatch(ROOT, XPSJ, 1, sender=s["people"]["issuer"]),
        ),
    ),
]
MALFORMED += [
    bad(
        f"certificates.revokeForAppeal: {what}",
        lambda s, who, args=args: s["certificates"].revokeForAppeal(*args, sender=who),
        error,
        by=("stand_in",),
        admin=_LEDGER_ONLY,
        setup=_completion_for_appeal,
    )
    for what, args, error in (
        ("reason code 0", (APP, XPSJ, COMPLETION_ROOT, 0, UNKNOWN), "MissingRevocationReason"),
        ("zero application", (ZERO, XPSJ, COMPLETION_ROOT, 10, UNKNOWN), "UnknownBatch"),
        ("zero root", (APP, XPSJ, ZERO, 10, UNKNOWN), "UnknownBatch"),
        ("another department", (APP, SCJGJ, COMPLETION_ROOT, 10, UNKNOWN), "UnknownBatch"),
        ("an issuer's batch, not a completion certificate", (CERTIFICATE, XPSJ, ROOT, 10, UNKNOWN), "UnknownBatch"),
    )
]
MALFORMED += [
    bad(
        "certificates.revokeForAppeal: revoked already",
        lambda s, who: s["certificates"].revokeForAppeal(APP, XPSJ, COMPLETION_ROOT, 10, UNKNOWN, sender=who),
        "CertificateAlreadyRevoked",
        by=("stand_in",),
        admin=_LEDGER_ONLY,
        setup=lambda s: (
            _completion_for_appeal(s),
            s["certificates"].revokeForAppeal(APP, XPSJ, COMPLETION_ROOT, 10, UNKNOWN, sender=s["people"]["stand_in"]),
        ),
    ),
]
# ---- end of helper replace's malformed rows ----

# RegionFederation: the federation admin (admin); anyone imports a signed attestation.
MALFORMED += [
    bad(
        f"federation.addPeer: {what}",
        lambda s, who, region=region: s["federation"].addPeer(region, "临淄区", NOBODY, sender=who),
        error,
    )
    for what, region, error in (
        ("region 0", 0, "InvalidRegion"),
        ("five-digit region", 99_999, "InvalidRegion"),
        ("seven-digit region", 1_000_000, "InvalidRegion"),
        ("the home region", HOME, "InvalidRegion"),
        ("an active peer", PEER, "PeerAlreadyActive"),
    )
]
MALFORMED += [
    bad("federation.removePeer: region 0", lambda s, who: s["federation"].removePeer(0, sender=who), "UnknownPeer"),
    bad(
        "federation.removePeer: unknown region",
        lambda s, who: s["federation"].removePeer(370305, sender=who),
        "UnknownPeer",
    ),
    bad(
        "federation.removePeer: removed twice",
        lambda s, who: s["federation"].removePeer(PEER, sender=who),
        "PeerNotActive",
        setup=lambda s: s["federation"].removePeer(PEER, sender=s["people"]["admin"]),
    ),
    bad(
        "federation.addPeerKey: zero key",
        lambda s, who: s["federation"].addPeerKey(PEER, NOBODY, sender=who),
        "ZeroAddress",
    ),
    bad(
        "federation.addPeerKey: region 0",
        lambda s, who: s["federation"].addPeerKey(0, s["people"]["outsider"], sender=who),
        "UnknownPeer",
    ),
    bad(
        "federation.addPeerKey: a key registered already",
        lambda s, who: s["federation"].addPeerKey(PEER, s["citizen"], sender=who),
        "PeerKeyUnchanged",
    ),
    bad(
        "federation.addPeerKey: a removed peer",
        lambda s, who: s["federation"].addPeerKey(PEER, s["people"]["outsider"], sender=who),
        "PeerNotActive",
        setup=lambda s: s["federation"].removePeer(PEER, sender=s["people"]["admin"]),
    ),
    bad(
        "federation.removePeerKey: zero key",
        lambda s, who: s["federation"].removePeerKey(PEER, NOBODY, sender=who),
        "PeerKeyUnchanged",
    ),
    bad(
        "federation.removePeerKey: region 0",
        lambda s, who: s["federation"].removePeerKey(0, s["citizen"], sender=who),
        "PeerKeyUnchanged",
    ),
    bad(
        "federation.removePeerKey: a key never registered",
        lambda s, who: s["federation"].removePeerKey(PEER, s["people"]["outsider"], sender=who),
        "PeerKeyUnchanged",
    ),
    bad(
        "federation.removePeerKey: removed twice",
        lambda s, who: s["federation"].removePeerKey(PEER, s["citizen"], sender=who),
        "PeerKeyUnchanged",
        setup=lambda s: s["federation"].removePeerKey(PEER, s["citizen"], sender=s["people"]["admin"]),
    ),
]
MALFORMED += [
    bad(
        f"federation.importAttestation: {what}",
        lambda s, who, terms=terms: s["federation"].importAttestation(*_attestation(s, **terms), sender=who),
        error,
        by=CLERKS,
    )
    for what, terms, error in (
        ("kind 0", {"kind": 0}, "InvalidAttestation"),
        ("kind 3", {"kind": 3}, "InvalidAttestation"),
        ("zero subject", {"subject": ZERO}, "InvalidAttestation"),
        ("origin 0", {"originRegion": 0}, "UnknownPeer"),
        ("the home region as origin", {"originRegion": HOME}, "UnknownPeer"),
        ("validity over", {"validUntil": 1}, "AttestationExpired"),
        ("signed for another chain", {"chain_id": 1}, "NotPeerKey"),
        ("signed for another contract", {"contract": "0x" + "12" * 20}, "NotPeerKey"),
        ("signed by another region's key", {"originRegion": 370305}, "UnknownPeer"),
    )
]
MALFORMED += [
    bad(
        "federation.importAttestation: signed by a key that is not the peer's",
        lambda s, who: s["federation"].importAttestation(*_attestation(s, signer=s["people"]["outsider"]), sender=who),
        "NotPeerKey",
        by=CLERKS,
    ),
    bad(
        "federation.importAttestation: empty signature",
        lambda s, who: s["federation"].importAttestation(_attestation(s)[0], b"", sender=who),
        "NotPeerKey",
        by=CLERKS,
    ),
    bad(
        "federation.importAttestation: a withdrawn key",
        lambda s, who: s["federation"].importAttestation(*_attestation(s), sender=who),
        "NotPeerKey",
        by=CLERKS,
        setup=lambda s: s["federation"].removePeerKey(PEER, s["citizen"], sender=s["people"]["admin"]),
    ),
    bad(
        "federation.importAttestation: replayed",
        lambda s, who: s["federation"].importAttestation(*_attestation(s), sender=who),
        "AttestationReplayed",
        by=CLERKS,
        setup=lambda s: s["federation"].importAttestation(*_attestation(s), sender=s["people"]["outsider"]),
    ),
    bad(
        "federation.importAttestation: older than the origin's recognition",
        lambda s, who: s["federation"].importAttestation(*_attestation(s, issuedAt=1, nonce=10), sender=who),
        "AttestationNotNewer",
        by=CLERKS,
        setup=lambda s: s["federation"].importAttestation(
            *_attestation(s, issuedAt=5, nonce=11), sender=s["people"]["outsider"]
        ),
    ),
]

# Malformed calls that succeeded before issue 12's hardening (the matrix's findings), refused since.
MALFORMED += [
    # Hardening finding 3: a consent names a registered department, so none waits for a code registered later.
    bad(
        "materials.grantConsent: zero department",
        lambda s, who: s["materials"].grantConsent(*_consent(s, 7, department=ZERO), sender=who),
        "UnknownDepartment",
        by=CLERKS,
    ),
    bad(
        "materials.grantConsent: unregistered department",
        lambda s, who: s["materials"].grantConsent(*_consent(s, 7, department=code("ZD-NONE")), sender=who),
        "UnknownDepartment",
        by=CLERKS,
    ),
]
# Hardening finding 4: a required material type 0 (no material has it: the service could never open), and a
# follow-on that is not published or named twice (every completion would record a failed follow-on).
MALFORMED += [
    bad(
        f"catalog.{function}: {what}",
        lambda s, who, function=function, changes=changes: getattr(s["catalog"], function)(
            code("SVC-N" if function == "publishService" else "SVC-1"), _definition(**changes), sender=who
        ),
        error,
    )
    for function in ("publishService", "updateService")
    for what, changes, error in (
        ("zero material type", {"materials": [ZERO]}, "InvalidMaterialType"),
        ("zero material type after a good one", {"materials": [code("ID-CARD"), ZERO]}, "InvalidMaterialType"),
        ("zero follow-on service", {"followOns": [ZERO]}, "UnknownFollowOnService"),
        ("unknown follow-on service", {"followOns": [code("SVC-NONE")]}, "UnknownFollowOnService"),
        ("the same follow-on twice", {"followOns": [code("SVC-1"), code("SVC-1")]}, "DuplicateFollowOnService"),
    )
]
# Hardening finding 5 (defence in depth, the caller is the ledger): a completion certificate names a registered
# issuer, its application and its type.
MALFORMED += [
    bad(
        f"certificates.issueForApplication: {what}",
        lambda s, who, args=args: s["certificates"].issueForApplication(*args, b"\x08" * 32, sender=who),
        error,
        by=("stand_in",),
        admin=_LEDGER_ONLY,
    )
    for what, args, error in (
        ("zero issuer and application", (ZERO, ZERO, ZERO), "UnknownDepartment"),
        ("unregistered issuer", (APP, code("ZD-NONE"), code("LICENCE")), "UnknownDepartment"),
        ("zero application", (ZERO, XPSJ, code("LICENCE")), "MissingApplicationId"),
        ("zero certificate type", (APP, XPSJ, ZERO), "MissingCertificateType"),
    )
]

# ServiceRatings: the applicant's signed rating, relayed by anyone; each wrong part is refused.
MALFORMED += [
    bad(
        f"ratings.rate: {what}",
        call,
        error,
        by=("outsider",),
    )
    for what, call, error in (
        ("unknown application", lambda s, who: s["ratings"].rate(UNKNOWN, 4, *_rating(s, UNKNOWN, 4), sender=who),
         "UnknownApplication"),
        ("zero application", lambda s, who: s["ratings"].rate(ZERO, 4, *_rating(s, ZERO, 4), sender=who),
         "UnknownApplication"),
        ("application not concluded", lambda s, who: s["ratings"].rate(APP, 4, *_rating(s, APP, 4), sender=who),
         "ApplicationNotConcluded"),
        ("score 0", lambda s, who: s["ratings"].rate(RATED, 0, *_rating(s, RATED, 0), sender=who), "InvalidScore"),
        ("score 6", lambda s, who: s["ratings"].rate(RATED, 6, *_rating(s, RATED, 6), sender=who), "InvalidScore"),
        ("signed for another score",
         lambda s, who: s["ratings"].rate(RATED, 5, *_rating(s, RATED, 4), sender=who), "InvalidRatingSignature"),
        ("signed for another application",
         lambda s, who: s["ratings"].rate(RATED, 4, *_rating(s, APP, 4), sender=who), "InvalidRatingSignature"),
        ("signed with another receipt code",
         lambda s, who: s["ratings"].rate(RATED, 4, *_rating(s, RATED, 4, b"\x01" * 16), sender=who),
         "InvalidRatingSignature"),
        ("empty signature", lambda s, who: s["ratings"].rate(RATED, 4, _rating(s, RATED, 4)[0], b"", sender=who),
         "InvalidRatingSignature"),
        ("zero inner commitment", lambda s, who: s["ratings"].rate(RATED, 4, ZERO, _rating(s, RATED, 4)[1], sender=who),
         "InvalidRatingSignature"),
    )
] + [
    bad(
        "ratings.rate: rated already",
        lambda s, who: s["ratings"].rate(RATED, 4, *_rating(s, RATED, 4), sender=who),
        "AlreadyRated",
        by=("outsider",),
        setup=lambda s: s["ratings"].rate(RATED, 4, *_rating(s, RATED, 4), sender=s["people"]["clerk"]),
    )
]  # fmt: skip

# CorrectionRegistry: the application or certificate must exist, the field be a code, the value non-zero (a
# uint16 for a reason code), a reason given; another department's records are not the caller's to correct.
FOREIGN_CERTIFICATE = (b"\xce" * 32, b"\xcf" * 32)
FOREIGN_LEAF = keccak(keccak(FOREIGN_CERTIFICATE[0] + FOREIGN_CERTIFICATE[1]))
MALFORMED += [
    bad(
        f"corrections.correctDecision: {what}",
        lambda s, who, args=args: s["corrections"].correctDecision(*args, sender=who),
        error,
        by=("clerk", "approver"),
    )
    for what, args, error in (
        ("unknown application", (UNKNOWN, CORRECTION_REASON, _word(4), 1), "UnknownApplication"),
        ("zero application", (ZERO, CORRECTION_REASON, _word(4), 1), "UnknownApplication"),
        ("zero field", (WAITING, ZERO, _word(4), 1), "InvalidField"),
        ("a field with a space", (WAITING, b"reason code".ljust(32, b"\0"), _word(4), 1), "InvalidField"),
        ("zero value", (WAITING, CORRECTION_REASON, ZERO, 1), "InvalidCorrectedValue"),
        ("a reason code above 65535", (WAITING, CORRECTION_REASON, _word(65536), 1), "InvalidCorrectedValue"),
        ("reason code 0", (WAITING, CORRECTION_REASON, _word(4), 0), "MissingCorrectionReason"),
        ("another department's decision", (FOREIGN_WAITING, CORRECTION_REASON, _word(4), 1), "NotTheRecordsDepartment"),
    )
] + [
    bad(
        "corrections.correctDecision: paused",
        lambda s, who: s["corrections"].correctDecision(WAITING, CORRECTION_REASON, _word(4), 1, sender=who),
        "EnforcedPause",
        by=("clerk", "approver"),
        setup=lambda s: s["corrections"].pause(sender=s["people"]["admin"]),
    ),
] + [
    bad(
        f"corrections.correctCertificate: {what}",
        lambda s, who, args=args: s["corrections"].correctCertificate(*args, sender=who),
        error,
        by=ISSUERS,
    )
    for what, args, error in (
        ("unknown digest", (ROOT, XPSJ, CERTIFICATE, b"\x01" * 32, [], code("f"), b"\x01" * 32, 2),
         "UnknownCertificate"),
        ("zero root", (ZERO, XPSJ, CERTIFICATE, DIGEST, [], code("f"), b"\x01" * 32, 2), "UnknownCertificate"),
        ("named under another issuer", (ROOT, SCJGJ, CERTIFICATE, DIGEST, [], code("f"), b"\x01" * 32, 2),
         "UnknownCertificate"),
        ("zero field", (ROOT, XPSJ, CERTIFICATE, DIGEST, [], ZERO, b"\x01" * 32, 2), "InvalidField"),
        ("zero value", (ROOT, XPSJ, CERTIFICATE, DIGEST, [], code("f"), ZERO, 2), "InvalidCorrectedValue"),
        ("reason code 0", (ROOT, XPSJ, CERTIFICATE, DIGEST, [], code("f"), b"\x01" * 32, 0), "MissingCorrectionReason"),
    )
] + [
    bad(
        "corrections.correctCertificate: another department's certificate",
        lambda s, who: s["corrections"].correctCertificate(
            FOREIGN_LEAF, SCJGJ, *FOREIGN_CERTIFICATE, [], code("f"), b"\x01" * 32, 2, sender=who
        ),
        "NotTheRecordsDepartment",
        by=ISSUERS,
        setup=lambda s: s["certificates"].issueBatch(FOREIGN_LEAF, SCJGJ, 1, sender=s["people"]["foreign"]),
    ),
    bad(
        "corrections.correctCertificate: paused",
        lambda s, who: s["corrections"].correctCertificate(
            ROOT, XPSJ, CERTIFICATE, DIGEST, [], code("f"), b"\x01" * 32, 2, sender=who
        ),
        "EnforcedPause",
        by=ISSUERS,
        setup=lambda s: s["corrections"].pause(sender=s["people"]["admin"]),
    ),
]  # fmt: skip

# 行政复议 (AppealRegistry and the ledger's reopen): each wrong argument, state or reviewing body is refused.
_NOT_REVIEWING = "NotReviewingOfficer"
MALFORMED += [
    bad(
        f"appeals.setAppealTerms: {what}",
        lambda s, who, terms=terms: s["appeals"].setAppealTerms(code("SVC-1"), terms, sender=who),
        "InvalidAppealTerms",
    )
    for what, terms in (
        ("zero reviewer", (ZERO, 60, 60, 30)),
        ("unregistered reviewer", (code("ZD-NONE"), 60, 60, 30)),
        ("zero window", (XPSJ, 0, 60, 30)),
        ("zero review period", (XPSJ, 60, 0, 30)),
    )
] + [
    bad(f"appeals.file: {what}", lambda s, who, args=args: s["appeals"].file(*args, sender=who), error,
        by=("clerk",), admin=admin_error)
    for what, args, error, admin_error in (
        ("zero application", (ZERO, GROUNDS), "UnknownApplication", "UnknownApplication"),
        ("unknown application", (UNKNOWN, GROUNDS), "UnknownApplication", "UnknownApplication"),
        ("a submitted application", (APP, GROUNDS), "NotAppealable", "NotAppealable"),
        ("an accepted application", (ACCEPTED, GROUNDS), "NotAppealable", "NotAppealable"),
        ("an application with an open appeal", (FILED_ON, GROUNDS), "AppealPending", "AppealPending"),
        ("zero grounds hash", (APPEALABLE, ZERO), "MissingDocumentHash", _NOT_REVIEWING),
    )
] + [
    bad(
        "appeals.file: after the window",
        lambda s, who: s["appeals"].file(APPEALABLE, GROUNDS, sender=who),
        "AppealWindowClosed",
        by=("clerk",),
        setup=lambda s: ape.chain.mine(timestamp=s["ledger"].getApplication(APPEALABLE).updatedAt + 60 * 86_400 + 1),
    ),
    bad(
        "appeals.file: the reviewing body deactivated",
        lambda s, who: s["appeals"].file(APPEALABLE, GROUNDS, sender=who),
        _NOT_REVIEWING,
        by=("clerk",),
        setup=lambda s: s["registry"].setDepartmentActive(XPSJ, False, sender=s["people"]["admin"]),
    ),
    bad(
        "appeals.file: paused",
        lambda s, who: s["appeals"].file(APPEALABLE, GROUNDS, sender=who),
        "EnforcedPause",
        by=("clerk",),
        setup=lambda s: s["appeals"].pause(sender=s["people"]["admin"]),
    ),
] + [
    bad(f"appeals.{function}: {what}", call, error, by=(by,), admin=admin_error)
    for function, by, what, call, error, admin_error in (
        ("accept", "clerk", "zero appeal", lambda s, who: s["appeals"].accept(ZERO, sender=who), "UnknownAppeal",
         "UnknownAppeal"),
        ("accept", "clerk", "accepted already", lambda s, who: s["appeals"].accept(_appeal(s, ACCEPTED_ON), sender=who),
         "WrongAppealStatus", "WrongAppealStatus"),
        ("withdraw", "clerk", "zero appeal", lambda s, who: s["appeals"].withdraw(ZERO, 1, sender=who),
         "UnknownAppeal", "UnknownAppeal"),
        ("withdraw", "clerk", "reason code 0",
         lambda s, who: s["appeals"].withdraw(_appeal(s, FILED_ON), 0, sender=who), "MissingAppealReason",
         _NOT_REVIEWING),
        ("extend", "approver", "zero appeal", lambda s, who: s["appeals"].extend(ZERO, 1, sender=who), "UnknownAppeal",
         "UnknownAppeal"),
        ("extend", "approver", "an appeal not accepted",
         lambda s, who: s["appeals"].extend(_appeal(s, FILED_ON), 1, sender=who), "WrongAppealStatus",
         "WrongAppealStatus"),
        ("extend", "approver", "reason code 0",
         lambda s, who: s["appeals"].extend(_appeal(s, ACCEPTED_ON), 0, sender=who), "MissingAppealReason",
         _NOT_REVIEWING),
        ("decide", "approver", "zero appeal",
         lambda s, who: s["appeals"].decide(ZERO, APPEAL_UPHELD, 1, DECISION, NO_REOPEN, sender=who),
         "UnknownAppeal", "UnknownAppeal"),
        ("decide", "approver", "an appeal not accepted",
         lambda s, who: s["appeals"].decide(_appeal(s, FILED_ON), APPEAL_UPHELD, 1, DECISION, NO_REOPEN, sender=who),
         "WrongAppealStatus", "WrongAppealStatus"),
        ("decide", "approver", "outcome None",
         lambda s, who: s["appeals"].decide(_appeal(s, ACCEPTED_ON), 0, 1, DECISION, NO_REOPEN, sender=who),
         "InvalidOutcome", _NOT_REVIEWING),
        ("decide", "approver", "a reopening with an upheld decision",
         lambda s, who: s["appeals"].decide(_appeal(s, ACCEPTED_ON), APPEAL_UPHELD, 1, DECISION, 0, sender=who),
         "InvalidOutcome", _NOT_REVIEWING),
        ("decide", "approver", "reason code 0",
         lambda s, who: s["appeals"].decide(_appeal(s, ACCEPTED_ON), APPEAL_UPHELD, 0, DECISION, NO_REOPEN, sender=who),
         "MissingAppealReason", _NOT_REVIEWING),
        ("decide", "approver", "zero decision hash",
         lambda s, who: s["appeals"].decide(_appeal(s, ACCEPTED_ON), APPEAL_UPHELD, 1, ZERO, NO_REOPEN, sender=who),
         "MissingDocumentHash", _NOT_REVIEWING),
        ("decide", "approver", "a reopening at a step the service does not have",
         lambda s, who: s["appeals"].decide(_appeal(s, ACCEPTED_ON), APPEAL_REVOKED, 1, DECISION, 1, sender=who),
         "NoSuchStep", _NOT_REVIEWING),
    )
] + [
    bad(
        f"ledger.reopen: {what}",
        lambda s, who, args=args: s["ledger"].reopen(*args, b"\x63" * 32, sender=who),
        error,
        by=("stand_in",),
        admin="AccessControlUnauthorizedAccount",
    )
    for what, args, error in (
        ("zero application", (ZERO, 0), "UnknownApplication"),
        ("an application in review", (ACCEPTED, 0), "WrongStatus"),
        ("a step the service does not have", (APPEALABLE, 1), "NoSuchStep"),
        ("the largest step", (APPEALABLE, 255), "NoSuchStep"),
    )
] + [
    bad(
        "appeals.extend: extended already",
        lambda s, who: s["appeals"].extend(_appeal(s, ACCEPTED_ON), 1, sender=who),
        "AlreadyExtended",
        by=("approver",),
        admin=_NOT_REVIEWING,
        setup=lambda s: s["appeals"].extend(_appeal(s, ACCEPTED_ON), 1, sender=s["people"]["approver"]),
    ),
    bad(
        "appeals.extend: after the deadline",
        lambda s, who: s["appeals"].extend(_appeal(s, ACCEPTED_ON), 1, sender=who),
        "AppealDeadlinePassed",
        by=("approver",),
        admin=_NOT_REVIEWING,
        setup=lambda s: ape.chain.mine(timestamp=s["appeals"].getAppeal(_appeal(s, ACCEPTED_ON)).deadline + 1),
    ),
    bad(
        "ledger.reopen: paused",
        lambda s, who: s["ledger"].reopen(APPEALABLE, 0, b"\x63" * 32, sender=who),
        "EnforcedPause",
        by=("stand_in",),
        setup=lambda s: s["ledger"].pause(sender=s["people"]["admin"]),
    ),
]  # fmt: skip

# WorkingCalendar: a year out of range, a bitmap past the year's end or with too few working days.
MALFORMED += [
    bad(
        "calendar.setYear: year 1999",
        lambda s, who: s["calendar"].setYear(1999, _year_words(), sender=who),
        "InvalidYear",
    ),
    bad(
        "calendar.setYear: year 2200",
        lambda s, who: s["calendar"].setYear(2200, _year_words(), sender=who),
        "InvalidYear",
    ),
    bad(
        "calendar.setYear: day 366 of a 365-day year",
        lambda s, who: s["calendar"].setYear(2026, _year_words(1 << 365), sender=who),
        "InvalidYearDays",
    ),
    bad(
        "calendar.setYear: a bit past every year",
        lambda s, who: s["calendar"].setYear(2028, _year_words(1 << 511), sender=who),
        "InvalidYearDays",
    ),
    bad(
        "calendar.setYear: no working days",
        lambda s, who: s["calendar"].setYear(2026, [0, 0], sender=who),
        "InvalidYearDays",
    ),
]

# The status list: an enrolled status signer of ZD-XPSJ for the writes; a Manager or the officer to enrol.
NOT_SIGNER = "NotAStatusSigner"
REVOKED, SUSPENDED, VALID = CertificateState.REVOKED, CertificateState.SUSPENDED, CertificateState.VALID


def _issuer_revoked(s: dict[str, Any]) -> None:
    """ZD-XPSJ's issuer loses the Issuer role: the registry's role listener drops its enrolment in the
    same transaction."""
    s["registry"].revokeOfficerRole(XPSJ, s["people"]["issuer"], ISSUER, sender=s["people"]["admin"])


MALFORMED += [
    bad(
        f"certificates.enrolStatusSigner: {what}",
        lambda s, who, account=account, issuer=issuer: s["certificates"].enrolStatusSigner(
            issuer, s["people"][account] if account else NOBODY, sender=who
        ),
        error,
        by=("manager",),
        admin=admin_error,
    )
    for what, issuer, account, error, admin_error in (
        ("zero account", XPSJ, None, "ZeroAddress", "ZeroAddress"),
        ("an account that is not an Issuer", XPSJ, "outsider", NOT_ISSUER, NOT_ISSUER),
        ("enrolled already", XPSJ, "issuer", "StatusSignerUnchanged", NOT_ISSUER),
        ("another department's officer", SCJGJ, "foreign", NOT_ISSUER, NOT_ISSUER),
        ("zero department", ZERO, "issuer", NOT_ISSUER, NOT_ISSUER),
    )
]
MALFORMED += [
    bad(
        "certificates.enrolStatusSigner: paused",
        lambda s, who: s["certificates"].enrolStatusSigner(XPSJ, s["people"]["issuer"], sender=who),
        "EnforcedPause",
        by=("manager",),
        setup=lambda s: s["certificates"].pause(sender=s["people"]["admin"]),
    ),
    bad(
        "certificates.dropStatusSigner: not enrolled",
        lambda s, who: s["certificates"].dropStatusSigner(XPSJ, s["people"]["issuer"], sender=who),
        "StatusSignerUnchanged",
        by=("manager", "issuer"),
        admin=NOT_ISSUER,
        setup=lambda s: s["certificates"].dropStatusSigner(XPSJ, s["people"]["issuer"], sender=s["people"]["issuer"]),
    ),
    bad(
        "certificates.dropStatusSigner: another department's signer, still an Issuer",
        lambda s, who: s["certificates"].dropStatusSigner(SCJGJ, s["people"]["foreign"], sender=who),
        NOT_ISSUER,
        by=("manager", "issuer"),
    ),
    bad(
        "certificates.dropStatusSigner: the zero address",
        lambda s, who: s["certificates"].dropStatusSigner(XPSJ, NOBODY, sender=who),
        "StatusSignerUnchanged",
        by=("manager", "issuer"),
    ),
]
MALFORMED += [
    bad(
        f"certificates.issueStatusBatch: {what}",
        lambda s, who, args=args: s["certificates"].issueStatusBatch(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_SIGNER,
    )
    for what, args, error in (
        ("zero root", (ZERO, XPSJ, 4, 1), "InvalidBatch"),
        ("zero count", (b"\x07" * 32, XPSJ, 4, 0), "InvalidBatch"),
        ("indices issued already (a replayed first index)", (b"\x07" * 32, XPSJ, 0, 1), "StatusIndexMismatch"),
        ("a first index beyond the next", (b"\x07" * 32, XPSJ, 9, 1), "StatusIndexMismatch"),
        ("zero issuer", (b"\x07" * 32, ZERO, 0, 1), NOT_SIGNER),
        ("another department as issuer", (b"\x07" * 32, SCJGJ, 1, 1), NOT_SIGNER),
    )
]
MALFORMED += [
    bad(
        f"certificates.setStatus: {what}",
        lambda s, who, args=args: s["certificates"].setStatus(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_SIGNER,
    )
    for what, args, error in (
        ("an index not issued", (XPSJ, 4, REVOKED, 1), "StatusIndexNotIssued"),
        ("the largest index", (XPSJ, 2**64 - 1, REVOKED, 1), "StatusIndexNotIssued"),
        ("reason code 0", (XPSJ, 0, REVOKED, 0), "MissingRevocationReason"),
        ("suspension with reason code 0", (XPSJ, 0, SUSPENDED, 0), "MissingRevocationReason"),
        ("reinstating a valid certificate", (XPSJ, 0, VALID, 0), "CertificateStatusUnchanged"),
        ("another department's index", (SCJGJ, 0, REVOKED, 1), NOT_SIGNER),
        ("zero issuer", (ZERO, 0, REVOKED, 1), NOT_SIGNER),
    )
]
MALFORMED += [
    bad(
        f"certificates.setStatus: {what}",
        lambda s, who, state=state: s["certificates"].setStatus(XPSJ, 1, state, 1, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_SIGNER,
        setup=lambda s, first=first: s["certificates"].setStatus(XPSJ, 1, first, 1, sender=s["people"]["issuer"]),
    )
    for what, first, state, error in (
        ("revoked twice", REVOKED, REVOKED, "CertificateStatusFinal"),
        ("suspended after an end", CertificateState.WITHDRAWN, SUSPENDED, "CertificateStatusFinal"),
        ("suspended twice", SUSPENDED, SUSPENDED, "CertificateStatusUnchanged"),
    )
]
MALFORMED += [
    bad(
        "certificates.setStatus: paused",
        lambda s, who: s["certificates"].setStatus(XPSJ, 0, REVOKED, 1, sender=who),
        "EnforcedPause",
        by=ISSUERS,
        admin="EnforcedPause",  # the record's pause mark answers before the signer check
        setup=lambda s: s["certificates"].pause(sender=s["people"]["admin"]),
    ),
    bad(
        "certificates.setStatus: a signer whose Issuer role was revoked (dropped in that transaction)",
        lambda s, who: s["certificates"].setStatus(XPSJ, 0, REVOKED, 1, sender=who),
        NOT_SIGNER,
        by=ISSUERS,
        setup=_issuer_revoked,
    ),
    bad(
        "certificates.setStatuses: a signer of a deactivated department (dropped in that transaction)",
        lambda s, who: s["certificates"].setStatuses(XPSJ, [0, 1], REVOKED, 1, sender=who),
        NOT_SIGNER,
        by=ISSUERS,
        setup=lambda s: s["registry"].setDepartmentActive(XPSJ, False, sender=s["people"]["admin"]),
    ),
    bad(
        "certificates.setStatus: a stale signer (Issuer role revoked without a listener) dropped by anyone",
        lambda s, who: s["certificates"].setStatus(XPSJ, 0, REVOKED, 1, sender=who),
        NOT_SIGNER,
        by=ISSUERS,
        setup=lambda s: (
            s["registry"].setRoleListener(NOBODY, sender=s["people"]["admin"]),
            _issuer_revoked(s),
            s["certificates"].dropStatusSigner(XPSJ, s["people"]["issuer"], sender=s["people"]["outsider"]),
        ),
    ),
    bad(
        "certificates.officerRoleRevoked: any arguments, not from the department registry",
        lambda s, who: s["certificates"].officerRoleRevoked(ZERO, NOBODY, 0, NOBODY, sender=who),
        "NotTheDepartmentRegistry",
        by=("manager", "issuer"),
    ),
    bad(
        "certificates.departmentDeactivated: any arguments, not from the department registry",
        lambda s, who: s["certificates"].departmentDeactivated(ZERO, NOBODY, sender=who),
        "NotTheDepartmentRegistry",
        by=("manager", "issuer"),
    ),
    bad(
        "certificates.issueStatusBatch: paused",
        lambda s, who: s["certificates"].issueStatusBatch(b"\x07" * 32, XPSJ, 4, 1, sender=who),
        "EnforcedPause",
        by=ISSUERS,
        setup=lambda s: s["certificates"].pause(sender=s["people"]["admin"]),
    ),
]
MALFORMED += [
    bad(
        f"certificates.setStatuses: {what}",
        lambda s, who, args=args: s["certificates"].setStatuses(*args, sender=who),
        error,
        by=ISSUERS,
        admin=NOT_SIGNER,
    )
    for what, args, error in (
        ("no indices", (XPSJ, [], REVOKED, 1), "NoStatusIndices"),
        ("one index not issued", (XPSJ, [0, 1, 4], REVOKED, 1), "StatusIndexNotIssued"),
        ("a repeated index", (XPSJ, [0, 1, 0], REVOKED, 1), "CertificateStatusFinal"),
        ("reason code 0", (XPSJ, [0, 1], REVOKED, 0), "MissingRevocationReason"),
        ("another department's indices", (SCJGJ, [0], REVOKED, 1), NOT_SIGNER),
    )
]

# What every contract shares: pausing in the wrong state, AccessControl, UUPS and the initializer.
for key in CONTRACTS:
    if key in PAUSABLE:
        MALFORMED += [
            bad(
                f"{key}.pause: paused already",
                lambda s, who, key=key: s[key].pause(sender=who),
                "EnforcedPause",
                setup=lambda s, key=key: s[key].pause(sender=s["people"]["admin"]),
            ),
            bad(f"{key}.unpause: not paused", lambda s, who, key=key: s[key].unpause(sender=who), "ExpectedPause"),
        ]
    MALFORMED += [
        bad(
            f"{key}.renounceRole: for another account",
            lambda s, who, key=key: s[key].renounceRole(ZERO, s["people"]["outsider"], sender=who),
            "AccessControlBadConfirmation",
        ),
        bad(
            f"{key}.renounceRole: for the zero address",
            lambda s, who, key=key: s[key].renounceRole(ZERO, NOBODY, sender=who),
            "AccessControlBadConfirmation",
        ),
        bad(
            f"{key}.initialize: zero admin",
            lambda s, who, key=key: s[key].initialize(NOBODY, sender=who),
            "InvalidInitialization",
        ),
        # OpenZeppelin's UUPS decodes proxiableUUID() from the new implementation: an account without code
        # returns nothing, and the decoding reverts without data (test_upgrades.py checks the same).
        bad(
            f"{key}.upgradeToAndCall: zero implementation",
            lambda s, who, key=key: s[key].upgradeToAndCall(NOBODY, b"", sender=who),
            NO_DATA,
        ),
        bad(
            f"{key}.upgradeToAndCall: a contract that is not UUPS",
            lambda s, who, key=key: s[key].upgradeToAndCall(
                s["registry" if key != "registry" else "catalog"].address, b"", sender=who
            ),
            "ERC1967InvalidImplementation",
        ),
        # Hardening finding 6: a role granted to address(0) gives nobody anything, and revoking it changed
        # nothing silently; every suite contract refuses both (contracts/common/SuiteAccessControl.sol).
        bad(
            f"{key}.grantRole: zero address",
            lambda s, who, key=key: s[key].grantRole(ZERO, NOBODY, sender=who),
            "ZeroAddress",
        ),
        bad(
            f"{key}.revokeRole: zero address",
            lambda s, who, key=key: s[key].revokeRole(ZERO, NOBODY, sender=who),
            "ZeroAddress",
        ),
    ]


def _params(rows: list[Malformed]) -> list[Any]:
    return [
        pytest.param(row, id=row.name, marks=[pytest.mark.xfail(strict=True, reason=row.xfail)] if row.xfail else [])
        for row in rows
    ]


@pytest.mark.parametrize("row", _params(MALFORMED))
def test_malformed_arguments_revert_with_the_documented_error(
    suite: dict[str, Any], chain: Any, error_names: dict[bytes, str], row: Malformed
) -> None:
    """Issue 12: zero ids and codes, other departments' records, unknown ids, out-of-range kinds, empty and
    oversized batches, reason code 0, expired, foreign and replayed signatures: each call, by the caller it
    would serve with good arguments and by the admin, reverts with the interface's error; none succeeds."""
    outcome: dict[str, str] = {}
    with _snapshot(chain):
        if row.setup is not None:
            row.setup(suite)
        simulated = _simulated(suite)
        for caller in row.expect:
            try:
                row.call(simulated, suite["people"][caller])
                outcome[caller] = "SUCCEEDED"
            except ContractLogicError as error:
                outcome[caller] = _revert_name(error, error_names)
    assert outcome == row.expect, row.name
