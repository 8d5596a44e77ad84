"""Applicant commitments: how the chain refers to a person without naming them.

The chain stores ``keccak256(inner | R)`` where ``inner = keccak256("zhangdian:applicant:v1" | department |
identity | salt)`` (each part length-prefixed) and ``R`` is the 20-byte address of the *rating key*, a
secp256k1 key derived from the salt alone (:func:`rating_key`). The salt is random, kept by the citizen
(printed on their receipt as the receipt code) and by the receiving office; deleting it unlinks the chain
record from the person (erasure under PIPL). A different department gives a different commitment for the
same person, so records cannot be linked across departments.

The rating key lets the holder of the receipt code rate the concluded application (好差评,
``ServiceRatings.rate``) by a signature, with ``inner`` as the only other input: the salt never reaches
the chain, where it would let anyone try every ID number against the commitment. ``R`` depends on the
salt only, so it says nothing about the identity.

Usage: ``salt = new_salt(); c = applicant_commitment("370303199001011239", salt, department="ZD-SCJGJ")``.
"""

from __future__ import annotations

import secrets

from eth_account import Account
from eth_utils.crypto import keccak

from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import validate_applicant_id

__all__ = [
    "SALT_BYTES",
    "applicant_commitment",
    "applicant_inner",
    "commitment_from_inner",
    "new_salt",
    "parse_salt",
    "rating_address",
    "rating_key",
]

SALT_BYTES = 16
_DOMAIN = b"zhangdian:applicant:v1"
_RATING_DOMAIN = b"zhangdian:rating:v1"
# The order of secp256k1: a private key is an integer in [1, n - 1].
_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def new_salt() -> bytes:
    """A fresh random salt for one commitment."""
    return secrets.token_bytes(SALT_BYTES)


def parse_salt(text: str) -> bytes:
    """Read a salt written as hex (with or without 0x)."""
    try:
        salt = bytes.fromhex(text.removeprefix("0x"))
    except ValueError:
        raise InvalidInputError("回执码无效 / the receipt salt must be hexadecimal") from None
    if len(salt) < SALT_BYTES:
        raise InvalidInputError(f"回执码太短 / the receipt salt must have at least {SALT_BYTES} bytes")
    return salt


def applicant_commitment(identity: str, salt: bytes, *, department: str) -> bytes:
    """The commitment the chain stores for ``identity`` (an ID or credit code, never stored):
    ``keccak256(inner | R)`` with :func:`applicant_inner` and :func:`rating_address`.

    The identity is validated and normalized first (GB 11643 ID number or GB 32100 USCC, spaces
    removed, upper case), so ``...123x`` and ``...123X`` give one commitment; a malformed one is
    refused with :class:`InvalidInputError` naming what is wrong.
    """
    return commitment_from_inner(applicant_inner(identity, salt, department=department), rating_address(salt))


def applicant_inner(identity: str, salt: bytes, *, department: str) -> bytes:
    """The inner commitment: keccak-256 of the length-prefixed domain, department, normalized identity
    and salt. ``ServiceRatings.rate`` takes it, with a signature by the rating key, in place of the salt."""
    _kind, identity = validate_applicant_id(identity)
    _check_salt(salt)
    parts = [_DOMAIN, department.encode("ascii"), identity.encode("utf-8"), salt]
    return keccak(b"".join(len(part).to_bytes(2, "big") + part for part in parts))


def commitment_from_inner(inner: bytes, rating: str) -> bytes:
    """``keccak256(abi.encodePacked(inner, R))``: the commitment for an inner commitment and a rating address."""
    if len(inner) != 32:
        raise InvalidInputError("内层承诺须为 32 字节 / the inner commitment must have 32 bytes")
    return keccak(inner + bytes.fromhex(rating.removeprefix("0x")))


def rating_key(salt: bytes) -> bytes:
    """The 32-byte secp256k1 private key of the receipt with ``salt``: ``keccak256("zhangdian:rating:v1" |
    salt)`` reduced into [1, n - 1]. It depends on the salt only (never on the identity)."""
    _check_salt(salt)
    scalar = int.from_bytes(keccak(_RATING_DOMAIN + salt), "big") % (_SECP256K1_N - 1) + 1
    return scalar.to_bytes(32, "big")


def rating_address(salt: bytes) -> str:
    """The (checksummed) address R of :func:`rating_key`: the signer of the receipt holder's rating."""
    return str(Account.from_key(rating_key(salt)).address)


def _check_salt(salt: bytes) -> None:
    if len(salt) < SALT_BYTES:
        raise InvalidInputError(f"盐值太短 / the salt must have at least {SALT_BYTES} bytes")
