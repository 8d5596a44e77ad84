"""The suite's platform roles by name: what a ``bytes32`` role in a revert or an event stands for.

OpenZeppelin's access control reverts with the role's hash (``AccessControlUnauthorizedAccount(account,
neededRole)``); staff need its name. The names and words are the message catalogue's ``platform_role``
labels (a test checks that they cover every role constant of the suite descriptor and the governance
timelock's roles); the errors render with them, so this module may not import the suite descriptor,
which imports the errors.

Usage: ``role_label(keccak(text="REGISTRAR_ROLE"), "en")`` → ``"registrar (REGISTRAR_ROLE)"``.
"""

from __future__ import annotations

from functools import cache

from eth_utils.crypto import keccak

from zhangdian_sdk.core import messages

__all__ = ["DEFAULT_ADMIN_ROLE", "TIMELOCK_ROLES", "role_hash", "role_label", "role_name"]

DEFAULT_ADMIN_ROLE = "DEFAULT_ADMIN_ROLE"  # OpenZeppelin's admin role, whose hash is zero

# The roles of the governance timelock (OpenZeppelin's TimelockController), which is not a suite contract.
TIMELOCK_ROLES = ("PROPOSER_ROLE", "EXECUTOR_ROLE", "CANCELLER_ROLE")


def role_hash(name: str) -> bytes:
    """The ``bytes32`` a role constant holds: zero for ``DEFAULT_ADMIN_ROLE``, else ``keccak256(name)``."""
    return bytes(32) if name == DEFAULT_ADMIN_ROLE else keccak(text=name)


@cache
def _known() -> dict[bytes, str]:
    names = messages.labels("platform_role")
    return {role_hash(name): name for name in sorted(names)}


def role_name(role: bytes) -> str | None:
    """The constant's name (``REGISTRAR_ROLE``) of a role hash, or None for a role the suite does not know."""
    return _known().get(bytes(role))


def role_label(role: bytes, language: str = "zh") -> str | None:
    """The role as staff read it, in ``language``: ``管理员 (DEFAULT_ADMIN_ROLE)`` / ``admin (DEFAULT_ADMIN_ROLE)``;
    None for a role the suite does not know."""
    name = role_name(role)
    if name is None:
        return None
    return messages.text(
        "sdk.platform_role", language, name=messages.label("platform_role", name, language), constant=name
    )
