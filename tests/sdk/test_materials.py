"""Submit once: materials, consent, encrypted documents and the access log, on a real anvil chain."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.codes import application_id, code_to_bytes32
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.models import (
    ApplicationStatus,
    ApprovalStep,
    OfficerRole,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
)
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.core.storage import FolderStore
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.facades.materials import (
    Consent,
    MaterialRecord,
    MaterialSpec,
    Purpose,
    sign_consent,
    sign_consent_revocation,
)

ClientFor = Callable[[str], ZhangdianClient]
SCAN = "居民身份证 张三 370303199001011239".encode()


@dataclass
class Setting:
    clerk: ZhangdianClient
    inspector: ZhangdianClient
    store: FolderStore
    keys: dict[str, DepartmentKey]
    citizen: LocalAccount


@pytest.fixture(scope="module")
def department_keys(deployment, w3, officers) -> dict[str, DepartmentKey]:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    keys = {code: DepartmentKey.generate() for code in ("ZD-XPSJ", "ZD-SCJGJ")}
    for code, key in keys.items():
        admin.materials.set_encryption_key(code, key.public_key)
    admin.departments.grant("ZD-SCJGJ", officers.inspector.address, OfficerRole.CLERK)
    return keys


@pytest.fixture
def setting(client_for: ClientFor, department_keys: dict[str, DepartmentKey], tmp_path: Path) -> Setting:
    return Setting(
        clerk=client_for("clerk"),
        inspector=client_for("inspector"),
        store=FolderStore(tmp_path / "documents"),
        keys=department_keys,
        citizen=Account.create(),
    )


def _register(s: Setting, material_type: str = "ID-CARD", **overrides: int) -> MaterialRecord:
    now = int(time.time())
    spec = MaterialSpec(
        material_type=material_type,
        issuer="ZD-XPSJ",
        owner_commitment=applicant_commitment("370303199001011239", new_salt(), department="ZD-XPSJ"),
        owner_key=s.citizen.address,
        valid_from=overrides.get("valid_from", now - 86_400),
        valid_until=overrides.get("valid_until", now + 365 * 86_400),
    )
    return s.clerk.materials.register(
        spec, document=SCAN, store=s.store, issuer_public_key=s.keys["ZD-XPSJ"].public_key
    )


def _consent(
    s: Setting, material: MaterialRecord, department: str, purpose: Purpose, *, signer: LocalAccount | None = None
):
    consent = s.clerk.materials.consent(material.material_id, department=department, purpose=purpose, valid_for=86_400)
    signature = sign_consent(signer or s.citizen, consent, s.clerk.materials.domain())
    return consent, signature


def test_registration_keeps_only_hashes_on_chain_and_the_document_encrypted(setting: Setting, w3) -> None:
    material = _register(setting)
    assert material.material_type == "ID-CARD"
    assert material.issuer == "ZD-XPSJ"
    assert material.owner_key == setting.citizen.address
    assert material.storage_uri == "cas:sha256:" + material.content_hash.hex()
    ciphertext = setting.store.get(material.content_hash)
    assert SCAN not in ciphertext
    events = list(setting.clerk.materials.uses(material.material_id))
    assert events == []


def test_consented_department_attaches_materials_and_decrypts_with_every_use_logged(
    setting: Setting, new_number
) -> None:
    id_card = _register(setting, "ID-CARD")
    health = _register(setting, "HEALTH-CERT")
    number = new_number()
    app_id = Purpose.application(application_id(number, "ZD-XPSJ"))
    for material in (id_card, health):
        consent, signature = _consent(setting, material, "ZD-XPSJ", Purpose.service("ZD-JKZM-BA"))
        setting.clerk.materials.grant_consent(consent, signature)

    setting.clerk.ledger.submit(
        number,
        service="ZD-JKZM-BA",
        applicant_commitment=id_card.owner_commitment,
        materials=(id_card.material_id, health.material_id),
    )
    assert setting.clerk.ledger.get(number).status == ApplicationStatus.SUBMITTED

    # A second department, with its own consent for this application, gets the key and reads the scan.
    consent, signature = _consent(setting, id_card, "ZD-SCJGJ", app_id)
    setting.inspector.materials.grant_consent(consent, signature)
    setting.clerk.materials.share_key(
        id_card.material_id, store=setting.store, holder="ZD-XPSJ", holder_key=setting.keys["ZD-XPSJ"],
        to_department="ZD-SCJGJ", purpose=app_id,
    )  # fmt: skip
    plain = setting.inspector.materials.fetch(
        id_card.material_id, store=setting.store, department="ZD-SCJGJ", key=setting.keys["ZD-SCJGJ"], purpose=app_id
    )
    assert plain == SCAN

    uses = list(setting.clerk.materials.uses(id_card.material_id))
    assert [(u.department, u.kind) for u in uses] == [("ZD-XPSJ", "attached"), ("ZD-SCJGJ", "decrypted")]
    assert uses[1].purpose == app_id
    assert uses[1].actor == setting.inspector.sender.address


def test_submission_names_the_material_and_the_reason_it_cannot_be_used(setting: Setting, new_number) -> None:
    id_card = _register(setting, "ID-CARD")
    health = _register(setting, "HEALTH-CERT")
    consent, signature = _consent(setting, id_card, "ZD-XPSJ", Purpose.service("ZD-JKZM-BA"))
    setting.clerk.materials.grant_consent(consent, signature)

    def submit(materials: tuple[bytes, ...]) -> None:
        setting.clerk.ledger.submit(
            new_number(), service="ZD-JKZM-BA", applicant_commitment=id_card.owner_commitment, materials=materials
        )

    with pytest.raises(errors.ConsentMissing) as missing:
        submit((id_card.material_id, health.material_id))
    assert missing.value.arguments["materialId"] == health.material_id
    with pytest.raises(errors.MaterialTypeMismatch) as wrong_type:
        submit((health.material_id, id_card.material_id))
    assert wrong_type.value.arguments["actual"] == code_to_bytes32("HEALTH-CERT")
    with pytest.raises(errors.MaterialCountMismatch):
        submit((id_card.material_id,))


def test_forged_replayed_expired_and_foreign_signatures_are_refused(setting: Setting) -> None:
    material = _register(setting)
    materials = setting.clerk.materials
    purpose = Purpose.service("ZD-JKZM-BA")

    consent, _ = _consent(setting, material, "ZD-XPSJ", purpose)
    with pytest.raises(errors.InvalidOwnerSignature):
        materials.grant_consent(consent, b"\x01" * 65)
    _, foreign = _consent(setting, material, "ZD-XPSJ", purpose, signer=Account.create())
    with pytest.raises(errors.InvalidOwnerSignature):
        materials.grant_consent(consent, foreign)

    consent, signature = _consent(setting, material, "ZD-XPSJ", purpose)
    materials.grant_consent(consent, signature)
    with pytest.raises(errors.NonceAlreadyUsed):
        materials.grant_consent(consent, signature)

    late = replace(consent, nonce=consent.nonce + 1, deadline=1)
    with pytest.raises(errors.SignatureExpired):
        materials.grant_consent(late, sign_consent(setting.citizen, late, materials.domain()))


def test_revoked_consent_revoked_material_and_superseded_material_stop_use(setting: Setting) -> None:
    materials = setting.clerk.materials
    purpose = Purpose.service("ZD-JKZM-BA")
    material = _register(setting)
    consent, signature = _consent(setting, material, "ZD-XPSJ", purpose)
    materials.grant_consent(consent, signature)
    assert materials.consent_until(material.material_id, "ZD-XPSJ", purpose) == consent.valid_until

    revocation = materials.revocation(material.material_id, department="ZD-XPSJ", purpose=purpose)
    materials.revoke_consent(revocation, sign_consent_revocation(setting.citizen, revocation, materials.domain()))
    assert materials.consent_until(material.material_id, "ZD-XPSJ", purpose) == 0
    with pytest.raises(errors.ConsentMissing):
        materials.fetch(material.material_id, store=setting.store, department="ZD-XPSJ",
                        key=setting.keys["ZD-XPSJ"], purpose=purpose)  # fmt: skip

    newer = _register(setting)
    replaced = materials.supersede(
        newer.material_id, _spec_like(newer, setting), document=b"v2", store=setting.store,
        issuer_public_key=setting.keys["ZD-XPSJ"].public_key,
    )  # fmt: skip
    assert materials.get(newer.material_id).superseded_by == replaced.material_id
    consent, signature = _consent(setting, newer, "ZD-XPSJ", purpose)
    materials.grant_consent(consent, signature)
    with pytest.raises(errors.MaterialIsSuperseded):
        materials.fetch(newer.material_id, store=setting.store, department="ZD-XPSJ",
                        key=setting.keys["ZD-XPSJ"], purpose=purpose)  # fmt: skip

    materials.revoke(replaced.material_id, reason_code=4)
    assert materials.get(replaced.material_id).revoked
    with pytest.raises(errors.MaterialIsRevoked):
        materials.revoke(replaced.material_id, reason_code=4)


def test_expired_material_cannot_be_used(setting: Setting, w3) -> None:
    now = int(w3.eth.get_block("latest")["timestamp"])
    material = _register(setting, valid_from=now - 10 * 86_400, valid_until=now - 86_400)
    purpose = Purpose.service("ZD-JKZM-BA")
    consent, signature = _consent(setting, material, "ZD-XPSJ", purpose)
    setting.clerk.materials.grant_consent(consent, signature)
    with pytest.raises(errors.MaterialNotValidNow):
        setting.clerk.materials.fetch(material.material_id, store=setting.store, department="ZD-XPSJ",
                                      key=setting.keys["ZD-XPSJ"], purpose=purpose)  # fmt: skip


def test_tampered_swapped_or_missing_documents_return_nothing(setting: Setting) -> None:
    materials = setting.clerk.materials
    purpose = Purpose.service("ZD-JKZM-BA")
    material = _register(setting)
    consent, signature = _consent(setting, material, "ZD-XPSJ", purpose)
    materials.grant_consent(consent, signature)
    path = setting.store._object(material.content_hash)

    original = path.read_bytes()
    path.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    with pytest.raises(errors.DocumentTamperedError):
        materials.fetch(material.material_id, store=setting.store, department="ZD-XPSJ",
                        key=setting.keys["ZD-XPSJ"], purpose=purpose)  # fmt: skip
    path.unlink()
    with pytest.raises(errors.DocumentMissingError):
        materials.fetch(material.material_id, store=setting.store, department="ZD-XPSJ",
                        key=setting.keys["ZD-XPSJ"], purpose=purpose)  # fmt: skip


def test_a_department_without_consent_or_key_cannot_decrypt(setting: Setting) -> None:
    material = _register(setting)
    purpose = Purpose.service("ZD-JKZM-BA")
    with pytest.raises(errors.ConsentMissing):
        setting.inspector.materials.fetch(material.material_id, store=setting.store, department="ZD-SCJGJ",
                                          key=setting.keys["ZD-SCJGJ"], purpose=purpose)  # fmt: skip
    with pytest.raises(errors.ConsentMissing):
        setting.clerk.materials.share_key(
            material.material_id, store=setting.store, holder="ZD-XPSJ", holder_key=setting.keys["ZD-XPSJ"],
            to_department="ZD-SCJGJ", purpose=purpose,
        )  # fmt: skip
    # Consent on chain but no key shared: the store holds nothing this department can open.
    consent, signature = _consent(setting, material, "ZD-SCJGJ", purpose)
    setting.inspector.materials.grant_consent(consent, signature)
    with pytest.raises(errors.DocumentAccessError):
        setting.inspector.materials.fetch(material.material_id, store=setting.store, department="ZD-SCJGJ",
                                          key=setting.keys["ZD-SCJGJ"], purpose=purpose)  # fmt: skip


def test_only_officers_of_the_issuing_department_register(client_for: ClientFor, setting: Setting) -> None:
    spec = MaterialSpec("ID-CARD", "ZD-XPSJ", b"\x01" * 32, setting.citizen.address)
    with pytest.raises(errors.NotAuthorizedForDepartment):
        client_for("outsider").materials.register(
            spec, document=SCAN, store=setting.store, issuer_public_key=setting.keys["ZD-XPSJ"].public_key
        )


def _spec_like(material: MaterialRecord, s: Setting) -> MaterialSpec:
    return MaterialSpec(
        material_type=material.material_type,
        issuer=material.issuer,
        owner_commitment=material.owner_commitment,
        owner_key=material.owner_key,
        valid_from=material.valid_from,
        valid_until=material.valid_until,
    )


def test_an_expired_consent_no_longer_allows_use(setting: Setting, w3) -> None:
    material = _register(setting)
    purpose = Purpose.service("ZD-JKZM-BA")
    now = int(w3.eth.get_block("latest")["timestamp"])
    consent = Consent(material.material_id, "ZD-XPSJ", purpose, now + 2, 0, 77_001, now + 3600)
    setting.clerk.materials.grant_consent(
        consent, sign_consent(setting.citizen, consent, setting.clerk.materials.domain())
    )
    assert setting.clerk.materials.consent_until(material.material_id, "ZD-XPSJ", purpose) == now + 2
    time.sleep(3)  # the chain's clock follows the wall clock; a new block carries it past the end
    w3.provider.make_request("evm_mine", [])
    assert setting.clerk.materials.consent_until(material.material_id, "ZD-XPSJ", purpose) == 0
    with pytest.raises(errors.ConsentMissing):
        setting.clerk.materials.fetch(
            material.material_id,
            store=setting.store,
            department="ZD-XPSJ",
            key=setting.keys["ZD-XPSJ"],
            purpose=purpose,
        )


def test_a_consent_signed_before_a_withdrawal_stays_void(setting: Setting) -> None:
    """Issue 12, finding 11: the department keeps a consent the citizen signed and submits it after
    the citizen withdrew consent; the chain refuses it, and a consent signed afterwards works."""
    materials = setting.clerk.materials
    purpose = Purpose.service("ZD-JKZM-BA")
    material = _register(setting)
    granted, granted_signature = _consent(setting, material, "ZD-XPSJ", purpose)
    kept_back, kept_back_signature = _consent(setting, material, "ZD-XPSJ", purpose)
    materials.grant_consent(granted, granted_signature)
    revocation = materials.revocation(material.material_id, department="ZD-XPSJ", purpose=purpose)
    materials.revoke_consent(revocation, sign_consent_revocation(setting.citizen, revocation, materials.domain()))

    with pytest.raises(errors.StaleConsentEpoch) as stale:
        materials.grant_consent(kept_back, kept_back_signature)
    assert (stale.value.arguments["epoch"], stale.value.arguments["currentEpoch"]) == (0, 1)
    assert "withdrawn" in str(stale.value)
    assert materials.consent_until(material.material_id, "ZD-XPSJ", purpose) == 0

    fresh, fresh_signature = _consent(setting, material, "ZD-XPSJ", purpose)
    assert fresh.epoch == 1
    materials.grant_consent(fresh, fresh_signature)
    assert materials.consent_until(material.material_id, "ZD-XPSJ", purpose) == fresh.valid_until
    with pytest.raises(errors.NonceAlreadyUsed):
        materials.grant_consent(fresh, fresh_signature)
    assert [(e["event"], e["purposeKind"]) for e in materials.consents(material.material_id)] == [
        ("ConsentGranted", "service"),
        ("ConsentRevoked", "service"),
        ("ConsentGranted", "service"),
    ]


def test_a_service_consent_is_not_an_application_consent_of_the_same_bytes(setting: Setting) -> None:
    """Issue 12, finding 4: a consent for service ZD-JKZM-BA does not let a department read the
    material for an application whose id is the bytes of that code."""
    material = _register(setting)
    consent, signature = _consent(setting, material, "ZD-XPSJ", Purpose.service("ZD-JKZM-BA"))
    setting.clerk.materials.grant_consent(consent, signature)
    confusable = Purpose.application(code_to_bytes32("ZD-JKZM-BA"))
    assert setting.clerk.materials.consent_until(material.material_id, "ZD-XPSJ", confusable) == 0
    with pytest.raises(errors.ConsentMissing):
        setting.clerk.materials.fetch(material.material_id, store=setting.store, department="ZD-XPSJ",
                                      key=setting.keys["ZD-XPSJ"], purpose=confusable)  # fmt: skip


def test_untyped_or_empty_purposes_are_refused_before_anything_is_sent(setting: Setting) -> None:
    material = _register(setting)
    with pytest.raises(errors.InvalidInputError):
        Purpose.application(b"\0" * 32)
    with pytest.raises(errors.InvalidInputError):
        Purpose(7, b"\x01" * 32)  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidInputError):
        setting.clerk.materials.consent_until(material.material_id, "ZD-XPSJ", b"\x01" * 32)  # type: ignore[arg-type]


def test_only_the_issuing_department_supersedes_from_the_sdk(setting: Setting, market_clerk: ZhangdianClient) -> None:
    """Issue 12, finding 3, as a user meets it: a clerk of ZD-SCJGJ only cannot replace ZD-XPSJ's
    material, not even naming ZD-SCJGJ as the new issuer."""
    material = _register(setting)
    spec = replace(_spec_like(material, setting), issuer="ZD-SCJGJ")
    with pytest.raises(errors.NotAuthorizedForDepartment) as refused:
        market_clerk.materials.supersede(
            material.material_id, spec, document=b"v2", store=setting.store,
            issuer_public_key=setting.keys["ZD-SCJGJ"].public_key,
        )  # fmt: skip
    assert refused.value.arguments["department"] == code_to_bytes32("ZD-XPSJ")
    assert setting.clerk.materials.get(material.material_id).superseded_by is None


def test_a_bulk_submission_with_the_most_materials_splits_into_batches_that_fit_a_block(
    setting: Setting, client_for: ClientFor, new_number: Callable[[], str], w3
) -> None:
    """Issue 12, finding 8: 60 applications of 16 materials each need more gas than a block holds;
    submit_many sizes its batches by the materials they carry, so every one lands."""
    admin = client_for("admin")
    types = tuple(f"MAX-{i:02d}" for i in range(16))  # the catalogue's MAX_MATERIAL_TYPES
    service = f"ZD-MAXMAT-{new_number()}"
    admin.catalog.publish(
        service,
        ServiceDefinition(
            owner_department="ZD-XPSJ",
            name_zh="材料最多的事项",
            name_en="Most materials",
            steps=(ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 24),),
            promised_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
            legal_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
            required_material_types=types,
        ),
    )
    materials = []
    for material_type in types:
        material = _register(setting, material_type)
        setting.clerk.materials.grant_consent(*_consent(setting, material, "ZD-XPSJ", Purpose.service(service)))
        materials.append(material.material_id)
    commitment = applicant_commitment("370303199001011239", new_salt(), department="ZD-XPSJ")
    applications = [NewApplication(new_number(), service, commitment, tuple(materials)) for _ in range(60)]
    results = setting.clerk.ledger.submit_many(applications)
    block_gas = w3.eth.get_block("latest")["gasLimit"]
    assert len(results) > 1
    assert all(r.gas_used <= block_gas // 2 for r in results)
    on_chain = setting.clerk.ledger.existing([setting.clerk.ledger.id_for(a) for a in applications])
    assert len(on_chain) == 60
    assert setting.clerk.ledger.submit_many(applications) == []  # a rerun sends nothing
