"""Materials submitted once and reused with consent (一次提交, 多次复用).

A clerk registers a citizen's document: it is encrypted (AES-256-GCM, fresh key), stored off chain
by content hash, and its key wrapped for the registering department. The chain records only the
hashes, type, issuer, validity and the citizen's consent key. The citizen signs consents (EIP-712)
with their own key; the department submits them. Before a department reads a document, the use is
recorded on chain and the key is shared with it only if the consent is in force.

Usage::

    record = client.materials.register(spec, document=scan, store=store)
    consent = client.materials.consent(
        record.material_id, department="ZD-SCJGJ", purpose=Purpose.application(app_id), valid_for=86400
    )
    signature = sign_consent(citizen_account, consent, client.materials.domain())
    client.materials.grant_consent(consent, signature)

A consent names a typed :class:`Purpose`: a service (``Purpose.service("ZD-GTGSH-SL")``, every
application of it) or one application (``Purpose.application(app_id)``); the two kinds are never
confused on chain. A withdrawal closes the consent's epoch: consents the citizen signed before it
can no longer be submitted (:class:`~zhangdian_sdk.core.errors.StaleConsentEpoch`).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount

from zhangdian_sdk.core.codec import StructCodec, by_name, eip712_fields
from zhangdian_sdk.core.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.core.documents import DepartmentKey, open_document, rewrap_key, seal_document
from zhangdian_sdk.core.errors import DocumentAccessError, InvalidInputError, decode_revert
from zhangdian_sdk.core.events import decode_log, paged_logs
from zhangdian_sdk.core.models import TransactionResult, UseKind, timestamp_to_datetime
from zhangdian_sdk.core.storage import DocumentStore
from zhangdian_sdk.facades.facade import Facade

__all__ = [
    "USE_ATTACHED",
    "USE_DECRYPTED",
    "USE_VIEWED",
    "Consent",
    "ConsentRevocation",
    "MaterialRecord",
    "MaterialSpec",
    "MaterialUse",
    "MaterialsFacade",
    "Purpose",
    "PurposeKind",
    "sign_consent",
    "sign_consent_revocation",
]

USE_ATTACHED = UseKind.ATTACHED
USE_DECRYPTED = UseKind.DECRYPTED
USE_VIEWED = UseKind.VIEWED
_USE_NAMES = {kind.value: kind.word for kind in UseKind}


class PurposeKind(IntEnum):
    """What a consent's purpose names (the contract's ``PURPOSE_SERVICE`` and ``PURPOSE_APPLICATION``)."""

    SERVICE = 1
    APPLICATION = 2


@dataclass(frozen=True)
class Purpose:
    """What a consent is for: a service (every application of it) or one application.

    Usage: ``Purpose.service("ZD-GTGSH-SL")`` or ``Purpose.application(app_id)``.
    """

    kind: PurposeKind
    value: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.value, bytes) or len(self.value) != 32 or not any(self.value):
            raise InvalidInputError("a consent purpose is a non-zero 32-byte value / 授权用途须为非零的 32 字节值")
        try:
            object.__setattr__(self, "kind", PurposeKind(self.kind))
        except ValueError as err:
            raise InvalidInputError(
                f"purpose kind {self.kind} is neither 1 (service) nor 2 (application) / 授权用途类型无效"
            ) from err

    @classmethod
    def service(cls, code: str) -> Purpose:
        """A consent for every application of the service ``code``."""
        return cls(PurposeKind.SERVICE, code_to_bytes32(code))

    @classmethod
    def application(cls, application_id: bytes) -> Purpose:
        """A consent for the one application ``application_id``."""
        return cls(PurposeKind.APPLICATION, bytes(application_id))

    def describe(self) -> str:
        """``service ZD-GTGSH-SL`` or ``application 0x…``, for people."""
        if self.kind is PurposeKind.SERVICE:
            return f"service {bytes32_to_code(self.value)}"
        return f"application 0x{self.value.hex()}"


@dataclass(frozen=True)
class MaterialSpec:
    """What a clerk knows about a material before registering it."""

    material_type: str
    issuer: str
    owner_commitment: bytes
    owner_key: str
    valid_from: int = 0
    valid_until: int = 0
    material_id: bytes | None = None


@dataclass(frozen=True)
class MaterialRecord:
    """A material as the chain records it."""

    material_id: bytes
    material_type: str
    issuer: str
    owner_commitment: bytes
    owner_key: str
    content_hash: bytes
    registered_at: datetime | None
    valid_from: int
    valid_until: int
    revoked: bool
    superseded_by: bytes | None
    storage_uri: str


@dataclass(frozen=True)
class Consent:
    """A consent for a citizen to sign (EIP-712 ``Consent``)."""

    material_id: bytes
    department: str
    purpose: Purpose
    valid_until: int
    epoch: int  # the consent epoch it is signed in (MaterialsFacade.consent_epoch)
    nonce: int
    deadline: int

    def message(self) -> dict[str, Any]:
        return {
            "materialId": self.material_id,
            "department": code_to_bytes32(self.department),
            "purposeKind": int(self.purpose.kind),
            "purpose": self.purpose.value,
            "validUntil": self.valid_until,
            "epoch": self.epoch,
            "nonce": self.nonce,
            "deadline": self.deadline,
        }

    def as_tuple(self) -> tuple[Any, ...]:
        return by_name("MaterialRegistry", "Consent", self.message())


@dataclass(frozen=True)
class ConsentRevocation:
    """A citizen's withdrawal of a consent (EIP-712 ``ConsentRevocation``)."""

    material_id: bytes
    department: str
    purpose: Purpose
    epoch: int  # the consent epoch it closes (MaterialsFacade.consent_epoch)
    nonce: int
    deadline: int

    def message(self) -> dict[str, Any]:
        return {
            "materialId": self.material_id,
            "department": code_to_bytes32(self.department),
            "purposeKind": int(self.purpose.kind),
            "purpose": self.purpose.value,
            "epoch": self.epoch,
            "nonce": self.nonce,
            "deadline": self.deadline,
        }

    def as_tuple(self) -> tuple[Any, ...]:
        return by_name("MaterialRegistry", "ConsentRevocation", self.message())


@dataclass(frozen=True)
class MaterialUse:
    """One logged use of a material."""

    department: str
    purpose: Purpose
    kind: str
    actor: str
    block_number: int
    transaction_hash: str
    timestamp: datetime | None


_MATERIAL = StructCodec(MaterialRecord, "MaterialRegistry", "Material")


def _eip712_types(struct: str) -> dict[str, list[dict[str, str]]]:
    """The EIP-712 type of a struct the registry signs over, as its ABI declares it."""
    return {struct: eip712_fields("MaterialRegistry", struct)}


def sign_consent(citizen: LocalAccount, consent: Consent, domain: dict[str, Any]) -> bytes:
    """The citizen's EIP-712 signature over ``consent`` (done on the citizen's side)."""
    signable = encode_typed_data(
        domain_data=domain, message_types=_eip712_types("Consent"), message_data=consent.message()
    )
    return bytes(Account.sign_message(signable, citizen.key).signature)


def sign_consent_revocation(citizen: LocalAccount, revocation: ConsentRevocation, domain: dict[str, Any]) -> bytes:
    """The citizen's EIP-712 signature withdrawing a consent."""
    signable = encode_typed_data(
        domain_data=domain, message_types=_eip712_types("ConsentRevocation"), message_data=revocation.message()
    )
    return bytes(Account.sign_message(signable, citizen.key).signature)


class MaterialsFacade(Facade):
    """Reads and writes the MaterialRegistry and the off-chain document store."""

    contract_name = "MaterialRegistry"

    def domain(self) -> dict[str, Any]:
        """The EIP-712 domain consents are signed under."""
        return {
            "name": "ZhangdianMaterialRegistry",
            "version": "1",
            "chainId": self._chain.deployment.chain_id,
            "verifyingContract": self._contract.address,
        }

    # -- registration -----------------------------------------------------------------------

    def register(
        self, spec: MaterialSpec, *, document: bytes, store: DocumentStore, issuer_public_key: bytes
    ) -> MaterialRecord:
        """Encrypt and store ``document``, then record the material on chain."""
        function, material_id = self._prepare(spec, document, store, issuer_public_key)
        self._write(self._contract.functions.registerMaterial(function))
        return self.get(material_id)

    def supersede(
        self,
        old_material_id: bytes,
        spec: MaterialSpec,
        *,
        document: bytes,
        store: DocumentStore,
        issuer_public_key: bytes,
    ) -> MaterialRecord:
        """Register a newer version of a material; the old one can no longer be used."""
        function, material_id = self._prepare(spec, document, store, issuer_public_key)
        self._write(self._contract.functions.supersedeMaterial(old_material_id, function))
        return self.get(material_id)

    def revoke(self, material_id: bytes, *, reason_code: int) -> TransactionResult:
        """Revoke a material; every later use fails."""
        if not 1 <= reason_code <= 65535:
            raise InvalidInputError(
                f"原因代码须在 1 到 65535 之间 / reason code {reason_code} must be between 1 and 65535"
            )
        return self._write(self._contract.functions.revokeMaterial(material_id, reason_code))

    def set_encryption_key(self, department: str, public_key: bytes) -> TransactionResult:
        """Publish the department's X25519 public key on chain."""
        return self._write(self._contract.functions.setEncryptionKey(code_to_bytes32(department), public_key))

    def encryption_key(self, department: str) -> bytes | None:
        key = bytes(self._call(self._contract.functions.encryptionKey(code_to_bytes32(department))))
        return key if any(key) else None

    # -- consent ----------------------------------------------------------------------------

    def consent(
        self, material_id: bytes, *, department: str, purpose: Purpose, valid_for: int, signature_ttl: int = 3600
    ) -> Consent:
        """A consent ready for the citizen to sign, in the current consent epoch, with a fresh random nonce."""
        now = int(time.time())
        epoch = self.consent_epoch(material_id, department, purpose)
        return Consent(
            material_id, department, purpose, now + valid_for, epoch, secrets.randbits(64), now + signature_ttl
        )

    def revocation(
        self, material_id: bytes, *, department: str, purpose: Purpose, signature_ttl: int = 3600
    ) -> ConsentRevocation:
        """A withdrawal ready for the citizen to sign; it also voids consents signed earlier and not submitted."""
        now = int(time.time())
        epoch = self.consent_epoch(material_id, department, purpose)
        return ConsentRevocation(material_id, department, purpose, epoch, secrets.randbits(64), now + signature_ttl)

    def grant_consent(self, consent: Consent, signature: bytes) -> TransactionResult:
        """Submit a citizen's signed consent (the department pays the gas)."""
        return self._write(self._contract.functions.grantConsent(consent.as_tuple(), signature))

    def revoke_consent(self, revocation: ConsentRevocation, signature: bytes) -> TransactionResult:
        """Submit a citizen's signed withdrawal of a consent."""
        return self._write(self._contract.functions.revokeConsent(revocation.as_tuple(), signature))

    def consent_until(self, material_id: bytes, department: str, purpose: Purpose) -> int:
        """Until when the department may use the material for ``purpose`` (0: it may not)."""
        function = self._contract.functions.consentUntil(material_id, code_to_bytes32(department), *_typed(purpose))
        return int(self._call(function))

    def consent_epoch(self, material_id: bytes, department: str, purpose: Purpose) -> int:
        """The consent epoch a consent or withdrawal for ``purpose`` must be signed in now."""
        function = self._contract.functions.consentEpoch(material_id, code_to_bytes32(department), *_typed(purpose))
        return int(self._call(function))

    # -- reading ----------------------------------------------------------------------------

    def get(self, material_id: bytes) -> MaterialRecord:
        record = self._call(self._contract.functions.getMaterial(material_id))
        return _MATERIAL.decode(record, material_id=material_id)

    def share_key(
        self,
        material_id: bytes,
        *,
        store: DocumentStore,
        holder: str,
        holder_key: DepartmentKey,
        to_department: str,
        purpose: Purpose,
    ) -> None:
        """Wrap the document key for ``to_department``, only if its consent is in force on chain."""
        self._check_usable(material_id, to_department, purpose)
        public = self.encryption_key(to_department)
        if public is None:
            raise DocumentAccessError(
                f"部门 {to_department} 未公布加密公钥 / department {to_department} has published no encryption key"
            )
        record = self.get(material_id)
        wrap = store.wraps(record.content_hash).get(holder)
        if wrap is None:
            raise DocumentAccessError(
                f"部门 {holder} 没有此材料的密钥 / department {holder} holds no key for material 0x{material_id.hex()}"
            )
        new_wrap = rewrap_key(wrap, holder_key, from_department=holder, to_department=to_department, to_public=public)
        store.add_wrap(record.content_hash, to_department, new_wrap)

    def fetch(
        self, material_id: bytes, *, store: DocumentStore, department: str, key: DepartmentKey, purpose: Purpose
    ) -> bytes:
        """Record the use on chain, then decrypt the document for ``department``.

        Raises the contract's error (e.g. :class:`~zhangdian_sdk.core.errors.ConsentMissing`) without
        touching the store when the department may not use it; :class:`DocumentTamperedError`
        when the stored file does not match the on-chain hash.
        """
        record = self.get(material_id)
        self._check_usable(material_id, department, purpose)
        ciphertext = store.get(record.content_hash)
        wrap = store.wraps(record.content_hash).get(department)
        plaintext = open_document(ciphertext, wrap, key, department=department, expected_hash=record.content_hash)
        function = self._contract.functions.recordUse(
            material_id, code_to_bytes32(department), *_typed(purpose), USE_DECRYPTED
        )
        self._write(function)
        return plaintext

    def uses(self, material_id: bytes) -> Iterator[MaterialUse]:
        """Every logged use of the material, oldest first: who used it, when, for what."""
        w3 = self._chain.w3
        for event in self._events(material_id):
            if event.name != "MaterialUsed":
                continue
            block = w3.eth.get_block(event.block_number)
            yield MaterialUse(
                department=bytes32_to_code(event.args["department"]),
                purpose=Purpose(PurposeKind(event.args["purposeKind"]), bytes(event.args["purpose"])),
                kind=_USE_NAMES.get(event.args["useKind"], str(event.args["useKind"])),
                actor=str(event.args["actor"]),
                block_number=event.block_number,
                transaction_hash=event.transaction_hash,
                timestamp=timestamp_to_datetime(int(block["timestamp"])),
            )

    def consents(self, material_id: bytes) -> list[dict[str, Any]]:
        """Consents granted and withdrawn for the material, oldest first, each with whether it is in force."""
        entries = []
        for event in self._events(material_id):
            if event.name not in {"ConsentGranted", "ConsentRevoked"}:
                continue
            department = bytes32_to_code(event.args["department"])
            purpose = Purpose(PurposeKind(event.args["purposeKind"]), bytes(event.args["purpose"]))
            entry: dict[str, Any] = {
                "event": event.name,
                "department": department,
                "purposeKind": purpose.kind.name.lower(),
                "purpose": "0x" + purpose.value.hex(),
                "blockNumber": event.block_number,
                "transactionHash": event.transaction_hash,
            }
            if event.name == "ConsentGranted":
                entry["validUntil"] = int(event.args["validUntil"])
            entry["inForce"] = self.consent_until(material_id, department, purpose) != 0
            entries.append(entry)
        return entries

    def _events(self, material_id: bytes) -> list[Any]:
        w3 = self._chain.w3
        start, head = self._chain.deployment.start_block, w3.eth.block_number
        logs = [log for page in paged_logs(w3, self._contract.address, material_id, start, head) for log in page]
        return [event for event in map(decode_log, logs) if event is not None]

    def _check_usable(self, material_id: bytes, department: str, purpose: Purpose) -> None:
        function = self._contract.functions.checkUsable(material_id, code_to_bytes32(department), *_typed(purpose))
        reason = bytes(self._call(function))
        if reason:
            raise decode_revert(reason)

    def _prepare(
        self, spec: MaterialSpec, document: bytes, store: DocumentStore, issuer_public_key: bytes
    ) -> tuple[tuple[Any, ...], bytes]:
        sealed = seal_document(document, {spec.issuer: issuer_public_key})
        material_id = spec.material_id or secrets.token_bytes(32)
        uri = store.put(sealed)
        new_material = {
            "materialId": material_id,
            "materialType": code_to_bytes32(spec.material_type),
            "issuer": code_to_bytes32(spec.issuer),
            "ownerCommitment": spec.owner_commitment,
            "ownerKey": spec.owner_key,
            "contentHash": sealed.content_hash,
            "validFrom": spec.valid_from,
            "validUntil": spec.valid_until,
            "storageUri": uri,
        }
        return by_name("MaterialRegistry", "NewMaterial", new_material), material_id


def _typed(purpose: Purpose) -> tuple[int, bytes]:
    """``(purposeKind, purpose)`` as the contract takes them; refuses an untyped purpose."""
    if not isinstance(purpose, Purpose):
        raise InvalidInputError(
            "a consent purpose must be Purpose.service(code) or Purpose.application(id), not raw bytes"
            " / 授权用途须注明是事项还是办件"
        )
    return int(purpose.kind), purpose.value
