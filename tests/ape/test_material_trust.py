"""Materials and consents against attackers (issue 12, findings 3, 4 and 11): officers of other
departments with every role, outsiders and the platform admin cannot replace a department's
material; a consent authorizes exactly the purpose it names, of the kind it names; a consent the
citizen signed before withdrawing it cannot be brought back."""

from __future__ import annotations

from typing import Any

import ape
import pytest
from eth_abi import encode
from eth_utils import keccak

from tests.ape.conftest import APPROVER, CLERK, ISSUER, MANAGER, code
from tests.ape.consents import APPLICATION, SERVICE, signed_consent, signed_revocation

OWNER, OTHER = code("ZD-XPSJ"), code("ZD-SCJGJ")
MATERIAL = b"\x4d" * 32
ROLES = {"clerk": CLERK, "approver": APPROVER, "issuer": ISSUER, "manager": MANAGER}


def _new(material_id: bytes, citizen: Any, issuer: bytes = OWNER) -> tuple[Any, ...]:
    return (material_id, code("ID-CARD"), issuer, b"\x22" * 32, citizen, b"\x33" * 32, 0, 0, "cas:sha256:33")


@pytest.fixture
def citizen(accounts: Any) -> Any:
    return accounts[9]


@pytest.fixture
def material(materials: Any, clerk: Any, citizen: Any) -> bytes:
    materials.registerMaterial(_new(MATERIAL, citizen), sender=clerk)
    return MATERIAL


# --- finding 3: only the issuing department supersedes its material -------------------------------


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_officer_of_another_department_supersedes_a_material(
    materials: Any, registry: Any, accounts: Any, admin: Any, citizen: Any, material: bytes, role: str
) -> None:
    """Issue 12, finding 3: a clerk, approver, issuer or manager of ZD-SCJGJ cannot replace (and so
    block) a material ZD-XPSJ vouches for, whichever issuer the replacement names."""
    foreign = accounts[6]
    registry.grantOfficerRole(OTHER, foreign, ROLES[role], sender=admin)
    for issuer in (OTHER, OWNER):
        with ape.reverts(materials.NotAuthorizedForDepartment, caller=foreign, department=OWNER):
            materials.supersedeMaterial(material, _new(b"\x4e" * 32, citizen, issuer), sender=foreign)
    assert materials.checkValid(material) == b""
    assert materials.getMaterial(material).supersededBy == b"\0" * 32


@pytest.mark.parametrize("who", ["outsider", "admin", "approver", "manager"])
def test_outsiders_the_admin_and_the_wrong_roles_of_the_owner_do_not_supersede(
    materials: Any, citizen: Any, material: bytes, who: str, request: Any
) -> None:
    """Issue 12, finding 3: an outsider, the platform admin (no department role) and the owning
    department's approver and manager may not supersede its material either."""
    caller = request.getfixturevalue(who)
    with ape.reverts(materials.NotAuthorizedForDepartment, caller=caller, department=OWNER):
        materials.supersedeMaterial(material, _new(b"\x4e" * 32, citizen), sender=caller)
    assert materials.checkValid(material) == b""


def test_the_replacement_must_come_from_the_same_department(
    materials: Any, registry: Any, accounts: Any, admin: Any, citizen: Any, material: bytes
) -> None:
    """Issue 12, finding 3: an issuer of both departments cannot move the material to the other one."""
    both = accounts[6]
    registry.grantOfficerRole(OWNER, both, ISSUER, sender=admin)
    registry.grantOfficerRole(OTHER, both, ISSUER, sender=admin)
    with ape.reverts(materials.InvalidMaterial, materialId=b"\x4e" * 32, field="issuer"):
        materials.supersedeMaterial(material, _new(b"\x4e" * 32, citizen, OTHER), sender=both)


def test_the_owning_departments_issuer_supersedes(
    materials: Any, registry: Any, accounts: Any, admin: Any, citizen: Any, material: bytes
) -> None:
    issuer = accounts[6]
    registry.grantOfficerRole(OWNER, issuer, ISSUER, sender=admin)
    receipt = materials.supersedeMaterial(material, _new(b"\x4e" * 32, citizen), sender=issuer)
    assert [(e.materialId, e.newMaterialId) for e in receipt.events.filter(materials.MaterialSuperseded)] == [
        (material, b"\x4e" * 32)
    ]
    assert materials.getMaterial(material).supersededBy == b"\x4e" * 32


# --- finding 4: purposes are typed -------------------------------------------------------------------


@pytest.fixture
def ledger_account(materials: Any, accounts: Any, admin: Any) -> Any:
    """An account with the ledger's role, to call useForApplication as the ledger does."""
    account = accounts[8]
    materials.grantRole(materials.LEDGER_ROLE(), account, sender=admin)
    return account


def test_a_service_consent_does_not_authorize_an_application_whose_id_is_that_code(
    materials: Any, citizen: Any, material: bytes, ledger_account: Any
) -> None:
    """Issue 12, finding 4: the citizen consents to ZD-XPSJ using the material for service SVC-B; an
    application of service SVC-A whose id equals code("SVC-B") must not get it."""
    materials.grantConsent(
        *signed_consent(materials, citizen, material, OWNER, SERVICE, code("SVC-B"), nonce=1), sender=citizen
    )
    confusable = code("SVC-B")
    missing = keccak(text="ConsentMissing(bytes32,bytes32,bytes32)")[:4]
    missing += encode(["bytes32", "bytes32", "bytes32"], [material, OWNER, confusable])
    assert materials.checkAttached(material, OWNER, confusable, code("SVC-A")) == missing
    with ape.reverts(materials.ConsentMissing, materialId=material, department=OWNER, purpose=confusable):
        materials.useForApplication(
            material, code("ID-CARD"), OWNER, confusable, code("SVC-A"), ledger_account, sender=ledger_account
        )
    assert materials.consentUntil(material, OWNER, APPLICATION, confusable) == 0
    assert materials.consentUntil(material, OWNER, SERVICE, confusable) == 2**39
    # Nor the other way round: a consent for one application is not one for a service of that code.
    materials.grantConsent(
        *signed_consent(materials, citizen, material, OWNER, APPLICATION, code("SVC-C"), nonce=2), sender=citizen
    )
    assert materials.checkAttached(material, OWNER, b"\x01" * 32, code("SVC-C")) != b""
    assert materials.checkUsable(material, OWNER, SERVICE, code("SVC-C")) != b""


def test_each_kind_authorizes_what_it_names(materials: Any, citizen: Any, material: bytes, ledger_account: Any) -> None:
    app_id = b"\xa1" * 32
    materials.grantConsent(
        *signed_consent(materials, citizen, material, OWNER, APPLICATION, app_id, nonce=1), sender=citizen
    )
    receipt = materials.useForApplication(
        material, code("ID-CARD"), OWNER, app_id, code("SVC-A"), ledger_account, sender=ledger_account
    )
    (used,) = receipt.events.filter(materials.MaterialUsed)
    assert (used.purpose, used.purposeKind, used.useKind) == (app_id, APPLICATION, materials.USE_ATTACHED())
    materials.grantConsent(
        *signed_consent(materials, citizen, material, OWNER, SERVICE, code("SVC-A"), nonce=2), sender=citizen
    )
    other_app = b"\xa2" * 32
    receipt = materials.useForApplication(
        material, code("ID-CARD"), OWNER, other_app, code("SVC-A"), ledger_account, sender=ledger_account
    )
    (used,) = receipt.events.filter(materials.MaterialUsed)
    assert (used.purpose, used.purposeKind) == (code("SVC-A"), SERVICE)
    assert materials.checkUsable(material, OWNER, SERVICE, code("SVC-A")) == b""


@pytest.mark.parametrize(
    ("kind", "purpose"),
    [(0, code("SVC-A")), (3, code("SVC-A")), (255, code("SVC-A")), (SERVICE, b"\0" * 32), (APPLICATION, b"\0" * 32)],
)
def test_malformed_purposes_are_refused(
    materials: Any, citizen: Any, material: bytes, clerk: Any, kind: int, purpose: bytes
) -> None:
    """Issue 12, finding 4: only kinds 1 and 2 with a non-zero purpose can be consented to or used."""
    consent = signed_consent(materials, citizen, material, OWNER, kind, purpose, nonce=1, epoch=0)
    with ape.reverts(materials.InvalidPurpose, purposeKind=kind, purpose=purpose):
        materials.grantConsent(*consent, sender=citizen)
    revocation = signed_revocation(materials, citizen, material, OWNER, kind, purpose, nonce=2, epoch=0)
    with ape.reverts(materials.InvalidPurpose, purposeKind=kind, purpose=purpose):
        materials.revokeConsent(*revocation, sender=citizen)
    with ape.reverts(materials.InvalidPurpose, purposeKind=kind, purpose=purpose):
        materials.recordUse(material, OWNER, kind, purpose, 2, sender=clerk)


# --- finding 11: a withdrawal voids the consents signed before it ----------------------------------


def test_a_consent_signed_before_a_withdrawal_cannot_be_submitted_after_it(
    materials: Any, citizen: Any, material: bytes, clerk: Any, outsider: Any
) -> None:
    """Issue 12, finding 11 (second suspicion): the department holds an unsubmitted consent the citizen
    signed earlier; after the citizen withdraws consent, submitting it fails, and the consent stays off."""
    purpose = code("SVC-A")
    first = signed_consent(materials, citizen, material, OWNER, SERVICE, purpose, nonce=1)
    kept_back = signed_consent(materials, citizen, material, OWNER, SERVICE, purpose, nonce=2)
    materials.grantConsent(*first, sender=clerk)
    materials.revokeConsent(
        *signed_revocation(materials, citizen, material, OWNER, SERVICE, purpose, nonce=3), sender=outsider
    )
    assert materials.consentEpoch(material, OWNER, SERVICE, purpose) == 1
    with ape.reverts(materials.StaleConsentEpoch, materialId=material, epoch=0, currentEpoch=1):
        materials.grantConsent(*kept_back, sender=clerk)
    assert materials.consentUntil(material, OWNER, SERVICE, purpose) == 0
    assert materials.checkUsable(material, OWNER, SERVICE, purpose) != b""

    # A consent signed after the withdrawal works, once.
    fresh = signed_consent(materials, citizen, material, OWNER, SERVICE, purpose, nonce=4)
    receipt = materials.grantConsent(*fresh, sender=clerk)
    (granted,) = receipt.events.filter(materials.ConsentGranted)
    assert (granted.purposeKind, granted.epoch) == (SERVICE, 1)
    assert materials.checkUsable(material, OWNER, SERVICE, purpose) == b""
    with ape.reverts(materials.NonceAlreadyUsed, ownerKey=citizen, nonce=4):
        materials.grantConsent(*fresh, sender=clerk)
    # A signature for an epoch that has not begun is refused too.
    ahead = signed_consent(materials, citizen, material, OWNER, SERVICE, purpose, nonce=5, epoch=2)
    with ape.reverts(materials.StaleConsentEpoch, materialId=material, epoch=2, currentEpoch=1):
        materials.grantConsent(*ahead, sender=clerk)


def test_a_withdrawal_signed_before_a_new_consent_does_not_cancel_it(
    materials: Any, citizen: Any, material: bytes, clerk: Any
) -> None:
    """Issue 12, finding 11: old signatures cannot reorder the citizen's decisions in either direction."""
    purpose = code("SVC-A")
    materials.grantConsent(
        *signed_consent(materials, citizen, material, OWNER, SERVICE, purpose, nonce=1), sender=clerk
    )
    withdrawal = signed_revocation(materials, citizen, material, OWNER, SERVICE, purpose, nonce=2)
    stale_withdrawal = signed_revocation(materials, citizen, material, OWNER, SERVICE, purpose, nonce=3)
    materials.revokeConsent(*withdrawal, sender=clerk)
    materials.grantConsent(
        *signed_consent(materials, citizen, material, OWNER, SERVICE, purpose, nonce=4), sender=clerk
    )
    with ape.reverts(materials.StaleConsentEpoch, materialId=material, epoch=0, currentEpoch=1):
        materials.revokeConsent(*stale_withdrawal, sender=clerk)
    assert materials.checkUsable(material, OWNER, SERVICE, purpose) == b""


def test_a_withdrawal_of_one_purpose_leaves_the_others(
    materials: Any, citizen: Any, material: bytes, clerk: Any
) -> None:
    """The epoch belongs to one (material, department, kind, purpose): other consents are untouched."""
    pending = signed_consent(materials, citizen, material, OWNER, APPLICATION, code("SVC-A"), nonce=1)
    withdrawal = signed_revocation(materials, citizen, material, OWNER, SERVICE, code("SVC-A"), nonce=2)
    materials.revokeConsent(*withdrawal, sender=clerk)
    materials.grantConsent(*pending, sender=clerk)
    assert materials.checkUsable(material, OWNER, APPLICATION, code("SVC-A")) == b""
    assert materials.consentEpoch(material, OWNER, APPLICATION, code("SVC-A")) == 0


# --- hardening: consents and keys name a registered department --------------------------------------


def test_a_consent_for_a_code_not_registered_yet_is_not_stored(
    materials: Any, registry: Any, admin: Any, outsider: Any, citizen: Any, material: bytes
) -> None:
    """Issue 12 hardening (matrix finding 3): a consent for department 0 or a code nobody has registered
    was stored, waiting to take effect for whoever registers that code later; it is refused, nothing is
    stored, and its nonce stays unused."""
    later, purpose = code("ZD-LATER"), b"\x61" * 32
    for department in (b"\0" * 32, later):
        consent = signed_consent(materials, citizen, material, department, APPLICATION, purpose, nonce=41)
        with ape.reverts(materials.UnknownDepartment, department=department):
            materials.grantConsent(*consent, sender=outsider)
    registry.registerDepartment(later, 370303, b"113703030042351144", "新设局", "New Bureau", sender=admin)
    assert materials.consentUntil(material, later, APPLICATION, purpose) == 0
    assert not materials.nonceUsed(citizen, 41)


def test_the_registrar_publishes_keys_only_for_registered_departments(materials: Any, admin: Any, manager: Any) -> None:
    """Issue 12 hardening (matrix finding 2): REGISTRAR_ROLE stored a key for department 0 or any unregistered
    code; a manager still gets NotAuthorizedForDepartment for a department not theirs."""
    for department in (b"\0" * 32, code("ZD-NONE")):
        with ape.reverts(materials.UnknownDepartment, department=department):
            materials.setEncryptionKey(department, b"\x66" * 32, sender=admin)
        with ape.reverts(materials.NotAuthorizedForDepartment, caller=manager, department=department):
            materials.setEncryptionKey(department, b"\x66" * 32, sender=manager)
        assert materials.encryptionKey(department) == b"\0" * 32
    materials.setEncryptionKey(OWNER, b"\x66" * 32, sender=admin)
    assert materials.encryptionKey(OWNER) == b"\x66" * 32


def test_the_use_kinds_are_published_for_the_sdk(materials: Any) -> None:
    """Issue 13: the SDK reads the kinds of MaterialUsed from the contract instead of copying them."""
    assert (materials.USE_ATTACHED(), materials.USE_DECRYPTED(), materials.USE_VIEWED()) == (1, 2, 3)
