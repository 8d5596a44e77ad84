"""Identifiers as the contracts store them.

Department and service codes are short ASCII strings left-aligned in a ``bytes32`` (readable in
any explorer); application ids are the keccak-256 of the office's application number.

Usage: ``code_to_bytes32("ZD-SCJGJ")``, ``application_id("ZD-2026-000123")``.
"""

from __future__ import annotations

import re

from eth_utils.crypto import keccak

from zhangdian_sdk.errors import InvalidInputError

__all__ = ["application_id", "bytes32_to_code", "code_to_bytes32", "parse_application_id"]

_CODE_PATTERN = re.compile(r"^[\x21-\x7e]{1,32}$")
_APPLICATION_NUMBER_PATTERN = re.compile(r"^[\x21-\x7e]{1,64}$")
_HEX32_PATTERN = re.compile(r"^0x[0-9a-fA-F]{64}$")


def code_to_bytes32(code: str) -> bytes:
    """Encode a department or service code (1-32 printable ASCII characters, no spaces)."""
    if not _CODE_PATTERN.match(code):
        raise InvalidInputError(
            f"代码无效: {code!r} / invalid code {code!r}: use 1-32 printable ASCII characters without spaces"
        )
    return code.encode("ascii").ljust(32, b"\0")


def bytes32_to_code(value: bytes) -> str:
    """Decode a code stored left-aligned in a bytes32; non-ASCII values come back as hex."""
    raw = bytes(value).rstrip(b"\0")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return "0x" + bytes(value).hex()
    return text if _CODE_PATTERN.match(text) else "0x" + bytes(value).hex()


def application_id(application_number: str) -> bytes:
    """The on-chain id of an application: keccak-256 of the office's application number."""
    number = application_number.strip()
    if not _APPLICATION_NUMBER_PATTERN.match(number):
        raise InvalidInputError(
            f"办件编号无效: {application_number!r} / invalid application number {application_number!r}: "
            "use 1-64 printable ASCII characters without spaces"
        )
    return keccak(text=number)


def parse_application_id(value: str) -> bytes:
    """Accept either a 0x-prefixed 32-byte id or an application number, and return the id."""
    if _HEX32_PATTERN.match(value):
        return bytes.fromhex(value[2:])
    return application_id(value)
