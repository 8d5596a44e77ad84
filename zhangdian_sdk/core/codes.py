"""Identifiers as the contracts store them.

Department and service codes are short ASCII strings left-aligned in a ``bytes32`` (readable in
any explorer). An application id belongs to the receiving department: the ledger derives it from
the department and the keccak-256 of the office's application number (``applicationIdFor``), so the
same number in two departments names two applications, and no department can take another's.

Usage: ``code_to_bytes32("ZD-SCJGJ")``, ``application_id("ZD-2026-000123", "ZD-XPSJ")``.
"""

from __future__ import annotations

import re
import unicodedata

from eth_abi.abi import encode
from eth_utils.crypto import keccak

from zhangdian_sdk.core._bytes32 import CODE_PATTERN, bytes32_to_code
from zhangdian_sdk.core._error_base import InvalidInputError

__all__ = [
    "APPLICATION_ID_TAG",
    "MAX_NUMBER_LENGTH",
    "application_id",
    "application_id_for",
    "application_number",
    "bytes32_to_code",
    "code_to_bytes32",
    "follow_on_number",
    "is_application_id",
    "number_hash",
    "parse_application_id",
]

APPLICATION_ID_TAG = keccak(text="zhangdian.ApplicationLedger.applicationId")
"""Domain tag of submitted application ids: it keeps them apart from follow-on ids (see the ledger)."""

MAX_NUMBER_LENGTH = 50
"""The longest 办件编号 (the provincial rule); the ledger checks it too."""
_APPLICATION_NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,50}$")
# Dashes a keyboard or a word processor may put in for '-' (NFKC keeps them).
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_HEX32_PATTERN = re.compile(r"^0x[0-9a-fA-F]{64}$")


def code_to_bytes32(code: str) -> bytes:
    """Encode a department or service code (1-32 printable ASCII characters, no spaces)."""
    if not CODE_PATTERN.match(code):
        raise InvalidInputError(
            f"代码无效: {code!r} / invalid code {code!r}: use 1-32 printable ASCII characters without spaces"
        )
    return code.encode("ascii").ljust(32, b"\0")


def application_number(value: str) -> str:
    """The 办件编号 as a submission carries it and a lookup finds it: full-width characters made
    half-width (NFKC) and other dashes '-', every space removed and upper case; then 1-50 ASCII letters,
    digits and '-' (the provincial rule, checked by the ledger too). The portal's ``lookup.js``
    normalises the same way, so ``ｚｄ－portal－000001`` typed by a citizen is ``ZD-PORTAL-000001``. Raises
    :class:`~zhangdian_sdk.core.errors.InvalidInputError` for a malformed number."""
    number = "".join(unicodedata.normalize("NFKC", value).translate(_DASHES).split()).upper()
    if not _APPLICATION_NUMBER_PATTERN.match(number):
        raise InvalidInputError(
            f"办件编号无效: {value!r}, 须为 1-50 位字母、数字或 '-' / invalid application number {value!r}: "
            "use 1-50 ASCII letters, digits or '-'"
        )
    return number


def number_hash(application_number_: str) -> bytes:
    """keccak-256 of the 办件编号 (see :func:`application_number`), as the ledger derives it."""
    return keccak(text=application_number(application_number_))


def follow_on_number(parent_number: str, position: int, child_id: bytes) -> str:
    """The 办件编号 reported for a follow-on application, which the ledger opens without a number:
    its parent's number, '-', and its position among the parent's follow-ons (``-01``, ``-02``, ... in
    the order of ``childrenOf``). A parent number too long for the suffix keeps its first 41
    characters and takes '-' and the child id's first 8 hex digits instead, so the result stays within
    50 characters and tells two children apart."""
    suffix = f"-{position:02d}"
    if len(parent_number) + len(suffix) <= MAX_NUMBER_LENGTH:
        return parent_number + suffix
    return f"{parent_number[:41]}-{child_id[:4].hex().upper()}"


def application_id(application_number: str, department: str | bytes) -> bytes:
    """The on-chain id of application ``application_number`` of ``department`` (a code, or its bytes32),
    as the ledger's ``applicationIdFor`` derives it."""
    code = department if isinstance(department, bytes) else code_to_bytes32(department)
    if len(code) != 32:
        raise InvalidInputError("部门代码须为 32 字节 / a department code has 32 bytes")
    return application_id_for(code, number_hash(application_number))


def application_id_for(department: bytes, hashed_number: bytes) -> bytes:
    """``applicationIdFor(department, numberHash)`` of the ledger, computed locally."""
    return keccak(encode(["bytes32", "bytes32", "bytes32"], [APPLICATION_ID_TAG, department, hashed_number]))


def is_application_id(value: str) -> bool:
    """Whether ``value`` is written as an id (0x and 64 hex digits) rather than an application number."""
    return bool(_HEX32_PATTERN.match(value))


def parse_application_id(value: str, department: str | None = None) -> bytes:
    """A 0x-prefixed 32-byte id, or the id of application number ``value`` of ``department``.

    A number names an application only together with its department: without one, this raises
    :class:`~zhangdian_sdk.core.errors.InvalidInputError` (``client.ledger.resolve`` finds the department
    on chain).
    """
    if _HEX32_PATTERN.match(value):
        return bytes.fromhex(value[2:])
    if department is None:
        number_hash(value)
        raise InvalidInputError(
            f"办件编号 {value} 需要指明部门 / application number {value} needs its department "
            "(--department, or client.ledger.resolve to look it up)"
        )
    return application_id(value, department)
