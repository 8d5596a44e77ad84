"""Cross-region recognition: peers, their signing keys, attestations signed and imported.

Usage::

    client.federation.add_peer(370302, "淄川区", certificate_registry=None)
    attestation, signature = attest_certificate(peer_key, certificate)      # in the origin region
    client.federation.import_attestation(attestation, signature)           # here
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount

from zhangdian_sdk._results import result_of
from zhangdian_sdk.certificates import Certificate
from zhangdian_sdk.codes import code_to_bytes32
from zhangdian_sdk.models import TransactionResult

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = [
    "ATTESTATION_DOMAIN",
    "Attestation",
    "FederationFacade",
    "Peer",
    "attest_certificate",
    "attest_decision",
    "sign_attestation",
]

ATTESTATION_DOMAIN = {"name": "RegionFederation", "version": "1"}
KIND_CERTIFICATE = 1
KIND_DECISION = 2
_STATUS = {0: "none", 1: "active", 2: "removed"}
_TYPES = {
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
        return tuple(self.message().values())

    def to_json(self) -> dict[str, Any]:
        return {**self.message(), "subject": "0x" + self.subject.hex(), "issuer": self.issuer}


@dataclass(frozen=True)
class Peer:
    """A peer region as recorded here."""

    region_code: int
    name: str
    status: str
    added_block: int
    removed_block: int
    certificate_registry: str | None


def sign_attestation(key: LocalAccount, attestation: Attestation) -> bytes:
    """The origin region's EIP-712 signature; valid for every peer on any chain."""
    signable = encode_typed_data(
        domain_data=ATTESTATION_DOMAIN, message_types=_TYPES, message_data=attestation.message()
    )
    return bytes(Account.sign_message(signable, key.key).signature)


def attest_certificate(
    key: LocalAccount, certificate: Certificate, *, origin_region: int | None = None
) -> tuple[Attestation, bytes]:
    """Attest one of this region's certificates for the peers that recognise it."""
    attestation = Attestation(
        origin_region=origin_region or certificate.region,
        kind=KIND_CERTIFICATE,
        subject=certificate.leaf,
        issuer=certificate.issuer,
        issued_at=certificate.issued_at,
        valid_until=certificate.valid_until,
        nonce=secrets.randbits(128),
    )
    return attestation, sign_attestation(key, attestation)


def attest_decision(
    key: LocalAccount, *, origin_region: int, decision_hash: bytes, issuer: str, issued_at: int, valid_until: int = 0
) -> tuple[Attestation, bytes]:
    """Attest an approval decision (the hash of its record) for the peers."""
    attestation = Attestation(
        origin_region, KIND_DECISION, decision_hash, issuer, issued_at, valid_until, secrets.randbits(128)
    )
    return attestation, sign_attestation(key, attestation)


class FederationFacade:
    """Reads and writes the RegionFederation."""

    def __init__(self, client: ZhangdianClient) -> None:
        self._client = client
        self._contract = client.contract("RegionFederation")

    def add_peer(self, region_code: int, name: str, *, certificate_registry: str | None = None) -> TransactionResult:
        function = self._contract.functions.addPeer(region_code, name, certificate_registry or "0x" + "00" * 20)
        return result_of(self._client.sender.send(function))

    def remove_peer(self, region_code: int) -> TransactionResult:
        return result_of(self._client.sender.send(self._contract.functions.removePeer(region_code)))

    def add_key(self, region_code: int, key: str) -> TransactionResult:
        return result_of(self._client.sender.send(self._contract.functions.addPeerKey(region_code, key)))

    def remove_key(self, region_code: int, key: str) -> TransactionResult:
        return result_of(self._client.sender.send(self._contract.functions.removePeerKey(region_code, key)))

    def import_attestation(self, attestation: Attestation, signature: bytes) -> TransactionResult:
        function = self._contract.functions.importAttestation(attestation.as_tuple(), signature)
        return result_of(self._client.sender.send(function))

    def peers(self) -> list[Peer]:
        return [self.peer(code) for code in self._client.call(self._contract.functions.peerCodes())]

    def peer(self, region_code: int) -> Peer:
        code, status, added, removed, registry, name = self._client.call(self._contract.functions.getPeer(region_code))
        return Peer(
            region_code=int(code),
            name=str(name),
            status=_STATUS[int(status)],
            added_block=int(added),
            removed_block=int(removed),
            certificate_registry=None if int(str(registry), 16) == 0 else str(registry),
        )

    def is_recognized(self, subject: bytes) -> bool:
        return bool(self._client.call(self._contract.functions.isRecognized(subject)))
