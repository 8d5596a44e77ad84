"""The authorization matrix: every external state-changing function of every contract, called by
every role and by an outsider, succeeds exactly where the design says. Each call runs in an
isolated chain snapshot, from the same starting state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from ape.exceptions import ContractLogicError
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils.crypto import keccak

from tests.ape.conftest import APPROVER, ISSUER, app_id, code, definition, proxied
from tests.ape.consents import APPLICATION, signed_consent, signed_revocation

CALLERS = ("admin", "clerk", "approver", "issuer", "manager", "outsider")
ANYONE = set(CALLERS)
APP = app_id(b"\xaa" * 32)
MATERIAL = b"\xbb" * 32
CERTIFICATE, DIGEST = b"\xcc" * 32, b"\xcd" * 32  # a batch of one: its root is its StandardMerkleTree leaf
ROOT = keccak(keccak(CERTIFICATE + DIGEST))
ACCEPTED = app_id(b"\xab" * 32)
WAITING = app_id(b"\xac" * 32)


@pytest.fixture(scope="module")
def suite(
    project: Any, accounts: Any, chain: Any, registry: Any, catalog: Any, materials: Any, ledger: Any
) -> dict[str, Any]:
    admin, clerk, approver, _inspector, manager, outsider, issuer, citizen = (accounts[i] for i in range(8))
    registry.grantOfficerRole(code("ZD-XPSJ"), issuer, ISSUER, sender=admin)
    certificates = proxied(project, project.CertificateRegistry, admin, registry)
    federation = proxied(project, project.RegionFederation, admin, 370303)
    federation.addPeer(370302, "淄川区", "0x" + "00" * 20, sender=admin)
    federation.addPeerKey(370302, citizen, sender=admin)
    ledger.submit((b"\xaa" * 32, code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.submit((b"\xab" * 32, code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(ACCEPTED, sender=clerk)
    ledger.submit((b"\xac" * 32, code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.requestSupplement(WAITING, 5, sender=clerk)
    materials.registerMaterial(
        (MATERIAL, code("ID-CARD"), code("ZD-XPSJ"), b"\x22" * 32, citizen, b"\x33" * 32, 0, 0, "cas:sha256:33"),
        sender=clerk,
    )
    consent = signed_consent(materials, citizen, MATERIAL, code("ZD-XPSJ"), APPLICATION, APP, nonce=100)
    materials.grantConsent(*consent, sender=citizen)
    certificates.issueBatch(ROOT, code("ZD-XPSJ"), 1, sender=issuer)
    overdue = app_id(b"\xad" * 32)
    ledger.submit((b"\xad" * 32, code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.accept(overdue, sender=clerk)
    chain.mine(timestamp=ledger.stepDeadline(overdue) + 1)
    new_registry = project.DepartmentRegistry.deploy(sender=admin)
    new_ledger = project.ApplicationLedger.deploy(registry, catalog, materials, certificates, sender=admin)
    return {
        "registry": registry,
        "catalog": catalog,
        "materials": materials,
        "ledger": ledger,
        "certificates": certificates,
        "federation": federation,
        "citizen": citizen,
        "overdue": overdue,
        "new_registry": new_registry,
        "new_ledger": new_ledger,
        "people": {
            "admin": admin,
            "clerk": clerk,
            "approver": approver,
            "issuer": issuer,
            "manager": manager,
            "outsider": outsider,
        },
    }


def _sign(citizen: Any, domain: dict[str, Any], types: dict[str, Any], message: dict[str, Any]) -> bytes:
    key = citizen.private_key
    return bytes(Account.sign_message(encode_typed_data(domain, types, message), key).signature)


def _consent(s: dict[str, Any], nonce: int) -> tuple[tuple[Any, ...], bytes]:
    return signed_consent(s["materials"], s["citizen"], MATERIAL, code("ZD-XPSJ"), APPLICATION, APP, nonce=nonce)


def _revocation(s: dict[str, Any], nonce: int) -> tuple[tuple[Any, ...], bytes]:
    return signed_revocation(s["materials"], s["citizen"], MATERIAL, code("ZD-XPSJ"), APPLICATION, APP, nonce=nonce)


def _attestation(s: dict[str, Any]) -> tuple[tuple[Any, ...], bytes]:
    att = {
        "originRegion": 370302,
        "kind": 1,
        "subject": b"\x44" * 32,
        "issuer": code("ZC-XPSJ"),
        "issuedAt": 1,
        "validUntil": 0,
        "nonce": 9,
    }
    types = {
        "Attestation": [
            {"name": n, "type": t}
            for n, t in (
                ("originRegion", "uint32"),
                ("kind", "uint8"),
                ("subject", "bytes32"),
                ("issuer", "bytes32"),
                ("issuedAt", "uint40"),
                ("validUntil", "uint40"),
                ("nonce", "uint256"),
            )
        ]
    }
    f = s["federation"]
    domain = {
        "name": "RegionFederation",
        "version": "1",
        "chainId": f.provider.chain_id,
        "verifyingContract": f.address,
    }
    return tuple(att.values()), _sign(s["citizen"], domain, types, att)


Call = Callable[[dict[str, Any], Any], Any]
ADMIN, CLERK_ONLY, MANAGERS = {"admin"}, {"clerk"}, {"admin", "manager"}

MATRIX: list[tuple[str, Call, set[str]]] = [
    (
        "registry.registerDepartment",
        lambda s, who: s["registry"].registerDepartment(code("ZD-N"), 370303, "名", "N", sender=who),
        ADMIN,
    ),
    (
        "registry.renameDepartment",
        lambda s, who: s["registry"].renameDepartment(code("ZD-XPSJ"), "名", "N", sender=who),
        ADMIN,
    ),
    (
        "registry.setDepartmentActive",
        lambda s, who: s["registry"].setDepartmentActive(code("ZD-SCJGJ"), False, sender=who),
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
        lambda s, who: s["ledger"].submit((b"\x01" * 32, code("SVC-1"), b"\x11" * 32, []), sender=who),
        CLERK_ONLY,
    ),
    (
        "ledger.submitBatch",
        lambda s, who: s["ledger"].submitBatch([(b"\x01" * 32, code("SVC-1"), b"\x11" * 32, [])], sender=who),
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
    ("ledger.pause", lambda s, who: s["ledger"].pause(sender=who), ADMIN),
    (
        "ledger.unpause",
        lambda s, who: (s["ledger"].pause(sender=s["people"]["admin"]), s["ledger"].unpause(sender=who)),
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
    (
        "registry.upgradeToAndCall",
        lambda s, who: s["registry"].upgradeToAndCall(s["new_registry"], b"", sender=who),
        ADMIN,
    ),
    (
        "ledger.upgradeToAndCall",
        lambda s, who: s["ledger"].upgradeToAndCall(s["new_ledger"], b"", sender=who),
        ADMIN,
    ),
    ("registry.initialize", lambda s, who: s["registry"].initialize(who, sender=who), set()),
    ("ledger.initialize", lambda s, who: s["ledger"].initialize(who, sender=who), set()),
]


@pytest.mark.parametrize(("name", "call", "allowed"), MATRIX, ids=[row[0] for row in MATRIX])
def test_each_function_succeeds_exactly_for_its_roles(
    suite: dict[str, Any], chain: Any, name: str, call: Call, allowed: set[str]
) -> None:
    outcome = {}
    for caller in CALLERS:
        with chain.isolate():
            try:
                call(suite, suite["people"][caller])
                outcome[caller] = True
            except ContractLogicError:
                outcome[caller] = False
    assert {caller for caller, ok in outcome.items() if ok} == allowed, name
