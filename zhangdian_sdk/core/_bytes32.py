"""Codes as the contracts store them, read back: the lowest layer, so that the errors (which show
codes in their messages) and :mod:`zhangdian_sdk.core.codes` (which raises those errors) share it.

Usage: ``bytes32_to_code(b"ZD-SCJGJ".ljust(32, b"\\0"))`` is ``"ZD-SCJGJ"``.
"""

from __future__ import annotations

import re

__all__ = ["CODE_PATTERN", "bytes32_to_code"]

CODE_PATTERN = re.compile(r"^[\x21-\x7e]{1,32}$")
"""A department, service or type code: 1-32 printable ASCII characters without spaces."""


def bytes32_to_code(value: bytes) -> str:
    """Decode a code stored left-aligned in a bytes32; non-ASCII values come back as hex."""
    raw = bytes(value).rstrip(b"\0")
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        return "0x" + bytes(value).hex()
    return text if CODE_PATTERN.match(text) else "0x" + bytes(value).hex()
