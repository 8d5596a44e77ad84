"""Applicant commitments: how the chain refers to a person without naming them.

The chain stores ``keccak256("zhangdian:applicant:v1" | department | identity | salt)``. The salt is
random, kept by the citizen (printed on their receipt) and by the receiving office; deleting it
unlinks the chain record from the person (erasure under PIPL). A different department gives a
different commitment for the same person, so records cannot be linked across departments.

Usage: ``salt = new_salt(); c = applicant_commitment("370303199001011239", salt, department="ZD-SCJGJ")``.
"""

from __future__ import annotations

import secrets

from eth_utils.crypto import keccak

from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import validate_applicant_id

__all__ = ["SALT_BYTES", "applicant_commitment", "new_salt", "parse_salt"]

SALT_BYTES = 16
_DOMAIN = b"zhangdian:applicant:v1"


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
    """The commitment the chain stores for ``identity`` (an ID or credit code, never stored).

    The identity is validated and normalized first (GB 11643 ID number or GB 32100 USCC, spaces
    removed, upper case), so ``...123x`` and ``...123X`` give one commitment; a malformed one is
    refused with :class:`InvalidInputError` naming what is wrong.
    """
    _kind, identity = validate_applicant_id(identity)
    if len(salt) < SALT_BYTES:
        raise InvalidInputError(f"the salt must have at least {SALT_BYTES} bytes")
    parts = [_DOMAIN, department.encode("ascii"), identity.encode("utf-8"), salt]
    return keccak(b"".join(len(part).to_bytes(2, "big") + part for part in parts))
