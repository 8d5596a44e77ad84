"""The citizen's EIP-712 consents and withdrawals as the contract tests sign them (typed purposes,
consent epochs), so each test says only what differs."""

from __future__ import annotations

from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data

from zhangdian_sdk.facades.materials import PurposeKind

SERVICE, APPLICATION = PurposeKind.SERVICE, PurposeKind.APPLICATION
_HEAD = [("materialId", "bytes32"), ("department", "bytes32"), ("purposeKind", "uint8"), ("purpose", "bytes32")]
CONSENT_TYPES = {
    "Consent": [
        {"name": n, "type": t}
        for n, t in (
            *_HEAD,
            ("validUntil", "uint40"),
            ("epoch", "uint64"),
            ("nonce", "uint256"),
            ("deadline", "uint256"),
        )
    ]
}
REVOCATION_TYPES = {
    "ConsentRevocation": [
        {"name": n, "type": t} for n, t in (*_HEAD, ("epoch", "uint64"), ("nonce", "uint256"), ("deadline", "uint256"))
    ]
}


def domain(materials: Any) -> dict[str, Any]:
    return {
        "name": "ZhangdianMaterialRegistry",
        "version": "1",
        "chainId": materials.provider.chain_id,
        "verifyingContract": materials.address,
    }


def signed_consent(
    materials: Any,
    citizen: Any,
    material: bytes,
    department: bytes,
    kind: int,
    purpose: bytes,
    *,
    nonce: int,
    epoch: int | None = None,
    valid_until: int = 2**39,
    deadline: int = 2**60,
) -> tuple[tuple[Any, ...], bytes]:
    """``(consent tuple, signature)``; ``epoch`` defaults to the consent's current epoch on chain."""
    if epoch is None:
        epoch = materials.consentEpoch(material, department, kind, purpose)
    message = {
        "materialId": material,
        "department": department,
        "purposeKind": kind,
        "purpose": purpose,
        "validUntil": valid_until,
        "epoch": epoch,
        "nonce": nonce,
        "deadline": deadline,
    }
    return tuple(message.values()), _sign(citizen, materials, CONSENT_TYPES, message)


def signed_revocation(
    materials: Any,
    citizen: Any,
    material: bytes,
    department: bytes,
    kind: int,
    purpose: bytes,
    *,
    nonce: int,
    epoch: int | None = None,
    deadline: int = 2**60,
) -> tuple[tuple[Any, ...], bytes]:
    """``(withdrawal tuple, signature)``; ``epoch`` defaults to the consent's current epoch on chain."""
    if epoch is None:
        epoch = materials.consentEpoch(material, department, kind, purpose)
    message = {
        "materialId": material,
        "department": department,
        "purposeKind": kind,
        "purpose": purpose,
        "epoch": epoch,
        "nonce": nonce,
        "deadline": deadline,
    }
    return tuple(message.values()), _sign(citizen, materials, REVOCATION_TYPES, message)


def _sign(citizen: Any, materials: Any, types: dict[str, Any], message: dict[str, Any]) -> bytes:
    signable = encode_typed_data(domain(materials), types, message)
    return bytes(Account.sign_message(signable, citizen.private_key).signature)
