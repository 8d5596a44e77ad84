"""Cross-region recognition: peers, their signing keys, attestations signed and imported.

Usage::

    client.federation.add_peer(370302, "淄川区", certificate_registry=None)
    domain = client.federation.domain()                                     # told to the origin region
    attestation, signature = attest_certificate(peer_key, certificate, domain=domain)   # in the origin
    client.federation.import_attestation(attestation, signature)           # here

An attestation is signed for one federation: its EIP-712 domain holds the importing chain's id and the
RegionFederation's (proxy) address, so a signature cannot be replayed on another chain or contract. The
federation keeps one recognition per (subject, origin region); a later attestation of the same origin
about the same subject must be newer (``issued_at``, then ``nonce``), so nonces here grow with time.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address

from zhangdian_sdk.core.codec import StructCodec, by_name
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import KIND_CERTIFICATE, KIND_DECISION, PeerStatus, TransactionResult
from zhangdian_sdk.facades.certificates import Certificate
from zhangdian_sdk.facades.facade import Facade

__all__ = [
    "ATTESTATION_DOMAIN",
    "ATTESTATION_TYPES",
    "Attestation",
    "AttestationDomain",
    "FederationFacade",
    "Peer",
    "Recognition",
    "attest_certificate",
    "attest_decision",
    "new_nonce",
    "sign_attestation",
]

ATTESTATION_DOMAIN = {"name": "RegionFederation", "version": "1"}  # plus chainId and verifyingContract
ATTESTATION_TYPES = {
    "Attestation": [
        {"name": "originRegion", "type": "uint32"},
        {"name": "kind", "type": "uint8"},
        {"name": "subject", "type": "bytes32"},
        {"name": "issuer", "type": "bytes32"},
        {"name": "issuedAt", "type": "uint40"},
        {"name": "validUntil", "type": "uint40"},
        {"name": "nonce", "type": "uint256"},
    ]
}


@dataclass(frozen=True)
class Attestation:
    """A statement of the origin region about a certificate (kind 1) or a decision (kind 2)."""

    origin_region: int
    kind: int
    subject: bytes
    issuer: str
    issued_at: int
    valid_until: int
    nonce: int

    def message(self) -> dict[str, Any]:
        return {
            "originRegion": self.origin_region,
            "kind": self.kind,
            "subject": self.subject,
            "issuer": code_to_bytes32(self.issuer),
            "issuedAt": self.issued_at,
            "validUntil": self.valid_until,
            "nonce": self.nonce,
        }

    def as_tuple(self) -> tuple[Any, ...]:
        return by_name("RegionFederation", "Attestation", self.message())

    def to_json(self) -> dict[str, Any]:
        return {**self.message(), "subject": "0x" + self.subject.hex(), "issuer": self.issuer}


@dataclass(frozen=True)
class AttestationDomain:
    """The federation an attestation is signed for: the importing chain's id and its RegionFederation.

    Usage: ``AttestationDomain.of(deployment)`` or ``client.federation.domain()``.
    """

    chain_id: int
    verifying_contract: str

    @classmethod
    def of(cls, deployment: Deployment) -> AttestationDomain:
        """The domain of the RegionFederation in ``deployment`` (the importing region's manifest)."""
        return cls(deployment.chain_id, deployment.address_of("RegionFederation"))

    def as_eip712(self) -> dict[str, Any]:
        return {
            **ATTESTATION_DOMAIN,
            "chainId": self.chain_id,
            "verifyingContract": to_checksum_address(self.verifying_contract),
        }

    def to_json(self) -> dict[str, Any]:
        return {"chainId": self.chain_id, "verifyingContract": to_checksum_address(self.verifying_contract)}


@dataclass(frozen=True)
class Peer:
    """A peer region as recorded here; ``generation`` counts its additions (keys belong to one)."""

    region_code: int
    name: str
    status: str
    added_block: int
    removed_block: int
    certificate_registry: str | None
    generation: int


@dataclass(frozen=True)
class Recognition:
    """What one origin region attested about a subject, and whether it holds now."""

    subject: bytes
    origin_region: int
    kind: int
    issuer: bytes
    signer: str
    imported_block: int
    valid_until: int
    issued_at: int
    nonce: int
    in_force: bool


_PEER = StructCodec(
    Peer, "RegionFederation", "Peer", converters={"status": lambda status: PeerStatus(status).name.lower()}
)
_RECOGNITION = StructCodec(Recognition, "RegionFederation", "Recognition", omitted={"keyRegistration"})


def new_nonce() -> int:
    """A fresh attestation nonce that grows with time: nanoseconds since the epoch, then 64 random bits,
    so a later attestation with the same ``issued_at`` is newer than an earlier one."""
    return (time.time_ns() << 64) | secrets.randbits(64)


def sign_attestation(key: LocalAccount, attestation: Attestation, *, domain: AttestationDomain) -> bytes:
    """The origin region's EIP-712 signature, valid only for the federation named by ``domain``."""
    signable = encode_typed_data(
        domain_data=domain.as_eip712(), message_types=ATTESTATION_TYPES, message_data=attestation.message()
    )
    return bytes(Account.sign_message(signable, key.key).signature)


def attest_certificate(
    key: LocalAccount, certificate: Certificate, *, domain: AttestationDomain, origin_region: int | None = None
) -> tuple[Attestation, bytes]:
    """Attest one of this region's certificates for the peer federation named by ``domain``."""
    attestation = Attestation(
        origin_region=origin_region or certificate.region,
        kind=KIND_CERTIFICATE,
        subject=certificate.leaf,
        issuer=certificate.issuer,
        issued_at=certificate.issued_at,
        valid_until=certificate.valid_until,
        nonce=new_nonce(),
    )
    return attestation, sign_attestation(key, attestation, domain=domain)


def attest_decision(
    key: LocalAccount,
    *,
    domain: AttestationDomain,
    origin_region: int,
    decision_hash: bytes,
    issuer: str,
    issued_at: int,
    valid_until: int = 0,
) -> tuple[Attestation, bytes]:
    """Attest an approval decision (the hash of its record) for the peer federation named by ``domain``."""
    attestation = Attestation(origin_region, KIND_DECISION, decision_hash, issuer, issued_at, valid_until, new_nonce())
    return attestation, sign_attestation(key, attestation, domain=domain)


class FederationFacade(Facade):
    """Reads and writes the RegionFederation."""

    contract_name = "RegionFederation"

    def add_peer(self, region_code: int, name: str, *, certificate_registry: str | None = None) -> TransactionResult:
        function = self._contract.functions.addPeer(region_code, name, certificate_registry or "0x" + "00" * 20)
        return self._write(function)

    def remove_peer(self, region_code: int) -> TransactionResult:
        return self._write(self._contract.functions.removePeer(region_code))

    def add_key(self, region_code: int, key: str) -> TransactionResult:
        return self._write(self._contract.functions.addPeerKey(region_code, key))

    def remove_key(self, region_code: int, key: str) -> TransactionResult:
        return self._write(self._contract.functions.removePeerKey(region_code, key))

    def import_attestation(self, attestation: Attestation, signature: bytes) -> TransactionResult:
        function = self._contract.functions.importAttestation(attestation.as_tuple(), signature)
        return self._write(function)

    def peers(self) -> list[Peer]:
        return [self.peer(code) for code in self._call(self._contract.functions.peerCodes())]

    def peer(self, region_code: int) -> Peer:
        return _PEER.decode(self._call(self._contract.functions.getPeer(region_code)))

    def domain(self) -> AttestationDomain:
        """The domain peers sign attestations for this federation in."""
        return AttestationDomain.of(self._chain.deployment)

    def is_peer_key(self, region_code: int, key: str) -> bool:
        """Whether ``key`` may sign for ``region_code`` now (registered in the peer's current generation)."""
        return bool(self._call(self._contract.functions.isPeerKey(region_code, to_checksum_address(key))))

    def is_recognized(self, subject: bytes, *, origin_region: int | None = None) -> bool:
        """Whether ``subject`` is recognised now: by ``origin_region`` if given, else by any peer."""
        if origin_region is None:
            return bool(self._call(self._contract.functions.isRecognized(subject)))
        return bool(self._call(self._contract.functions.isRecognizedBy(subject, origin_region)))

    def recognitions(self, subject: bytes) -> list[Recognition]:
        """Every origin's recognition of ``subject``, in order of first import."""
        origins = self._call(self._contract.functions.recognizingOrigins(subject))
        return [self.recognition(subject, int(origin)) for origin in origins]

    def recognition(self, subject: bytes, origin_region: int) -> Recognition:
        """What ``origin_region`` attested about ``subject`` (``imported_block`` 0 if nothing)."""
        found = self._call(self._contract.functions.recognition(subject, origin_region))
        in_force = self.is_recognized(subject, origin_region=origin_region)
        return _RECOGNITION.decode(found, subject=bytes(subject), in_force=in_force)
