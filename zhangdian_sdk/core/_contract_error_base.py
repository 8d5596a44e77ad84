"""What every contract error shares: the category bases, the bilingual message and the decoder.

The classes of the individual custom errors are generated from the shipped ABIs into
``_contract_errors.py``; their messages and categories come from the message catalogue
(``_data/messages.json``). Import all of it from :mod:`zhangdian_sdk.core.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from eth_abi.abi import decode as abi_decode
from eth_utils.abi import function_signature_to_4byte_selector

from zhangdian_sdk.core import messages
from zhangdian_sdk.core._error_base import ZhangdianError
from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.models import ApplicationStatus, DeadlinePolicy, OfficerRole
from zhangdian_sdk.core.roles import role_label

__all__ = [
    "CATEGORIES",
    "ContractError",
    "InvalidArgumentError",
    "NotFoundError",
    "PermissionDeniedError",
    "StateConflictError",
    "UnknownContractError",
    "contract_error_classes",
    "decode_revert",
    "register",
]


class ContractError(ZhangdianError):
    """A contract reverted with one of the suite's custom errors.

    The class name is the Solidity error's name, ``arguments`` its decoded arguments by name, and
    ``message_zh``/``message_en`` say what went wrong for a clerk (from the message catalogue).
    """

    signature: ClassVar[tuple[str, ...]] = ()
    argument_names: ClassVar[tuple[str, ...]] = ()
    # The catalogue entry used when the class's own name has none (see :meth:`template`).
    message_key: ClassVar[str] = "sdk.contract_rejected"

    def __init__(self, arguments: Mapping[str, Any] | None = None, *, raw: bytes = b"") -> None:
        self.arguments: dict[str, Any] = dict(arguments or {})
        self.raw = raw
        self.message_zh = self._render("zh")
        self.message_en = self._render("en")
        super().__init__(f"{self.message_zh} / {self.message_en}")

    @classmethod
    def template(cls, language: str) -> str:
        """The message template in ``language``: the catalogue's entry for this error (or the
        nearest base class that has one), else the generic ``message_key``."""
        for klass in cls.__mro__:
            entry = messages.contract_error_entry(klass.__name__)
            if entry is not None:
                return entry["en" if language == "en" else "zh"]
            if klass is ContractError or "message_key" in vars(klass):
                break
        return messages.text(cls.message_key, language)

    def _render(self, language: str) -> str:
        error = type(self).__name__
        shown = _Shown({name: _display(name, value, language, error) for name, value in self.arguments.items()})
        return self.template(language).format_map(shown)


class NotFoundError(ContractError, LookupError):
    """The record named does not exist on chain."""


class PermissionDeniedError(ContractError, PermissionError):
    """The sending account may not do this."""


class InvalidArgumentError(ContractError, ValueError):
    """The contract rejected an argument as malformed or out of range."""


class StateConflictError(ContractError):
    """The action does not fit the record's current state."""


class UnknownContractError(ContractError):
    """A revert that none of the suite's ABIs explains."""

    argument_names = ("data",)
    message_key = "sdk.unknown_revert"


# The catalogue's category names, and the base class each stands for.
CATEGORIES: dict[str, type[ContractError]] = {
    "not_found": NotFoundError,
    "permission_denied": PermissionDeniedError,
    "invalid_argument": InvalidArgumentError,
    "state_conflict": StateConflictError,
}

_BY_NAME: dict[str, type[ContractError]] = {}
_BY_SELECTOR: dict[bytes, type[ContractError]] = {}


def register(classes: Iterable[type[ContractError]]) -> None:
    """Make :func:`decode_revert` recognise these errors by their selectors (the generated module
    registers every error of the shipped ABIs)."""
    for cls in classes:
        name = cls.__name__
        _BY_NAME[name] = cls
        _BY_SELECTOR[function_signature_to_4byte_selector(f"{name}({','.join(cls.signature)})")] = cls


def contract_error_classes() -> dict[str, type[ContractError]]:
    """The exception class of every custom error of the suite, by Solidity error name."""
    return dict(_BY_NAME)


def decode_revert(data: bytes | str | None) -> ContractError:
    """Turn revert data into the matching :class:`ContractError` subclass instance."""
    raw = _as_bytes(data)
    cls = _BY_SELECTOR.get(raw[:4])
    if cls is None:
        return UnknownContractError({"data": "0x" + raw.hex() if raw else "(empty)"}, raw=raw)
    try:
        values = abi_decode(list(cls.signature), raw[4:])
    except Exception:  # noqa: BLE001 - malformed data is reported, not raised
        return UnknownContractError({"data": "0x" + raw.hex()}, raw=raw)
    return cls(dict(zip(cls.argument_names, values, strict=True)), raw=raw)


def _as_bytes(data: bytes | str | None) -> bytes:
    if data is None:
        return b""
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    text = data[2:] if data.startswith("0x") else data
    try:
        return bytes.fromhex(text)
    except ValueError:
        return b""


class _Shown(dict[str, str]):
    """Arguments as shown; a placeholder with no argument stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_CODE_ARGUMENTS = {
    "department",
    "service",
    "issuer",
    "expected",
    "actual",
    "materialType",
    "supervisor",
    "prerequisite",
    "feeDepartment",
    "certificateType",
    "certificateIssuer",
    "reviewer",
}
_TIME_ARGUMENTS = {"deadline", "endsAt", "validUntil", "expiry", "windowEnd"}
_BEIJING = ZoneInfo("Asia/Shanghai")  # as core.workdays.BEIJING, which imports the errors
_LABELLED_ARGUMENTS: dict[str, type[OfficerRole | ApplicationStatus | DeadlinePolicy]] = {
    "role": OfficerRole,
    "status": ApplicationStatus,
    "policy": DeadlinePolicy,
}


# Governor and timelock states (OpenZeppelin's enums, by value) for the errors that carry them:
# (error, argument) -> the catalogue's label kind and the enum's member names.
_PROPOSAL_STATES = ("Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed")
_OPERATION_STATES = ("Unset", "Waiting", "Ready", "Done")
_APPEAL_STATUSES = ("NONE", "FILED", "ACCEPTED", "DECIDED", "WITHDRAWN")
_APPEAL_OUTCOMES = ("NONE", "UPHELD", "REVOKED", "CHANGED", "CONFIRMED_UNLAWFUL")
_STATE_ARGUMENTS: dict[tuple[str, str], tuple[str, tuple[str, ...], bool]] = {
    ("GovernorUnexpectedProposalState", "current"): ("proposal_state", _PROPOSAL_STATES, False),
    ("GovernorUnexpectedProposalState", "expectedStates"): ("proposal_state", _PROPOSAL_STATES, True),
    ("TimelockUnexpectedOperationState", "expectedStates"): ("timelock_state", _OPERATION_STATES, True),
    # The appeal registry's own enums (IAppealRegistry), not the ledger's ApplicationStatus.
    ("WrongAppealStatus", "status"): ("appeal_status", _APPEAL_STATUSES, False),
    ("InvalidOutcome", "outcome"): ("appeal_outcome", _APPEAL_OUTCOMES, False),
}


def _states(value: Any, kind: str, names: tuple[str, ...], bitmap: bool, language: str) -> str | None:
    """A state (or a bitmap of states, bit ``1 << state``) in words: ``投票中 或 已通过``."""
    number = int.from_bytes(value, "big") if isinstance(value, bytes | bytearray) else value
    if not isinstance(number, int):
        return None
    indexes = [i for i in range(len(names)) if number >> i & 1] if bitmap else [number]
    if not indexes or any(i >= len(names) for i in indexes) or (bitmap and number >> len(names)):
        return None
    joiner = f" {messages.text('sdk.states_or', language)} "
    return joiner.join(messages.label(kind, names[i], language) for i in indexes)


def _display(name: str, value: Any, language: str, error: str = "") -> str:
    """Show an argument the way a clerk reads it, in ``language`` ("zh" or "en"); ``error`` is the
    custom error's name, for arguments whose meaning depends on it (a governor's state)."""
    state = _STATE_ARGUMENTS.get((error, name))
    if state is not None:
        words = _states(value, *state, language)
        if words is not None:
            return words
    if name in {"neededRole", "role"} and isinstance(value, bytes | bytearray) and len(value) == 32:
        label = role_label(bytes(value), language)
        if label is not None:
            return label
    enum = _LABELLED_ARGUMENTS.get(name)
    if enum is not None and isinstance(value, int):
        try:
            member = enum(value)
        except ValueError:
            return str(value)
        return member.label_en if language == "en" else member.label_zh
    if name in _CODE_ARGUMENTS and isinstance(value, bytes):
        return bytes32_to_code(value)
    if name in _TIME_ARGUMENTS and isinstance(value, int) and value > 0:
        moment = datetime.fromtimestamp(value, _BEIJING).strftime("%Y-%m-%d %H:%M")
        return f"{moment} Beijing time" if language == "en" else f"{moment} 北京时间"
    if name == "reason" and isinstance(value, bytes):
        nested = decode_revert(value)
        return nested.message_en if language == "en" else nested.message_zh
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    return str(value)
