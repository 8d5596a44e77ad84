"""What every command shares: connection and signer options, output, and error handling."""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import sys
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click
import requests
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from zhangdian_sdk.client import RPC_URL_ENV, ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.accounts import load_signer
from zhangdian_sdk.core.identifiers import validate_applicant_id
from zhangdian_sdk.core.models import TimeLimit, TransactionResult
from zhangdian_sdk.core.workdays import parse_time_limit

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

# Piped into a file or another program, tables get room instead of the 80 columns of a dumb terminal.
console = Console(width=None if sys.stdout.isatty() else 160)
error_console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)

EXIT_OTHER = 1
EXIT_BAD_INPUT = 2
EXIT_NOT_FOUND = 3
EXIT_PERMISSION = 4
EXIT_CONFLICT = 5
EXIT_CONNECTION = 6


def exit_code_for(error: Exception) -> int:
    """The exit code a script can branch on, by kind of failure."""
    if isinstance(error, errors.NodeConnectionError | errors.ConfigurationError | errors.KeystoreError):
        return EXIT_CONNECTION
    if isinstance(error, LookupError):
        return EXIT_NOT_FOUND
    if isinstance(error, PermissionError):
        return EXIT_PERMISSION
    if isinstance(error, errors.StateConflictError | errors.StorageLayoutError):
        return EXIT_CONFLICT
    if isinstance(error, ValueError):
        return EXIT_BAD_INPUT
    return EXIT_OTHER


def fail(error: Exception) -> NoReturn:
    """One line on stderr, the exit code for its kind, no traceback."""
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    # escape(): a message is text, never markup (an extra such as "zhangdian-sdk[portal]" must survive).
    error_console.print(f"[red]错误 Error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(exit_code_for(error))


def handle_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Turn the SDK's exceptions into one clear line and an exit code."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except errors.ZhangdianError as error:
            fail(error)
        except (requests.ConnectionError, ConnectionError) as error:
            fail(errors.NodeConnectionError(f"无法连接区块链节点 / cannot reach the RPC node: {error}"))

    return wrapper


def chain_options(function: Callable[P, R]) -> Callable[P, R]:
    """--rpc-url and --deployment."""
    function = click.option(
        "--deployment",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Deployment manifest (default: deployments/<chain-id>.json).",
    )(function)
    function = click.option(
        "--rpc-url", default=None, help=f"RPC URL of a node (default: ${RPC_URL_ENV}, else the local chain)."
    )(function)
    return function


def signer_options(function: Callable[P, R]) -> Callable[P, R]:
    """--keystore, --ape-account (or ZHANGDIAN_PRIVATE_KEY)."""
    function = click.option("--ape-account", default=None, help="Sign with this ape account alias.")(function)
    function = click.option(
        "--keystore",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Encrypted keystore to sign with (password: ZHANGDIAN_KEYSTORE_PASSWORD or prompt).",
    )(function)
    return function


def reader(rpc_url: str | None, deployment: Path | None) -> ZhangdianClient:
    return ZhangdianClient.connect(rpc_url, deployment=deployment)


def writer(
    rpc_url: str | None, deployment: Path | None, keystore: Path | None, ape_account: str | None
) -> ZhangdianClient:
    signer = load_signer(keystore=keystore, ape_alias=ape_account)
    return ZhangdianClient.connect(rpc_url, deployment=deployment, signer=signer)


def json_option(function: Callable[P, R]) -> Callable[P, R]:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(function)


def to_jsonable(value: Any) -> Any:
    """Dataclasses, enums, bytes and datetimes as JSON: ISO 8601 UTC, 0x-hex, names with labels."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_jsonable(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        labels = {"name": value.name}
        if hasattr(value, "label_zh"):
            labels |= {"zh": getattr(value, "label_zh"), "en": getattr(value, "label_en")}  # noqa: B009
        return labels
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def from_jsonable(cls: type[T], data: Any, *, where: str = "") -> T:
    """The inverse of :func:`to_jsonable` for an input dataclass, field by field from its type hints,
    so that a file written by ``--json`` can be read back and a new field needs no reader of its own.
    Enums are read from a number, a word or ``{"name": ...}``; a time limit (法定/承诺办结时限) is read
    from ``{"amount": 5, "unit": "working-days"}`` or ``"5wd"`` / ``"30d"`` / ``"48h"``; a step's
    ``time_limit`` is a number of the service's promised unit ("2" or "2wd").
    Unknown keys are refused, missing keys take the field's default."""
    if not isinstance(data, dict):
        raise ValueError(f"{where or cls.__name__}: expected an object, got {type(data).__name__}")
    fields = {field.name: field for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValueError(f"{where or cls.__name__}: unknown field(s) {', '.join(unknown)}")
    hints = typing.get_type_hints(cls)
    values = {}
    for name, field in fields.items():
        if name in data:
            values[name] = _from_json_value(hints[name], data[name], f"{where}{name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise ValueError(f"{where}{name}: missing")
    return cls(**values)


def _from_json_value(hint: Any, value: Any, where: str) -> Any:
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        return tuple(_from_json_value(arguments[0], item, f"{where}[{index}].") for index, item in enumerate(value))
    if origin in (types.UnionType, typing.Union):
        return None if value is None else _from_json_value(arguments[0], value, where)
    if hint is TimeLimit and isinstance(value, str):
        return parse_time_limit(value)
    if dataclasses.is_dataclass(hint):
        return from_jsonable(hint, value, where=f"{where}.")  # type: ignore[arg-type]
    if isinstance(hint, type) and issubclass(hint, enum.IntEnum):
        if isinstance(value, dict):
            value = value.get("name", "")
        return hint(value) if isinstance(value, int) else hint.parse(str(value))  # type: ignore[attr-defined]
    if hint is int:
        if where.endswith("time_limit") and isinstance(value, str) and not value.strip().isdigit():
            return parse_time_limit(value).amount
        return int(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{where}: expected true or false, got {value!r}")
        return value
    return str(value)


def print_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


def report_write(result: TransactionResult, what: str) -> None:
    """Every write prints its transaction hash, or that the chain already held the record."""
    if result.already_recorded:
        console.print(f"{what}: 链上已有记录 / already recorded on chain; nothing sent")
        return
    console.print(f"{what}: 已上链 / recorded in block {result.block_number}", highlight=False)
    click.echo(f"transaction {result.transaction_hash}")


def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    view = Table(title=title)
    for column in columns:
        view.add_column(column, overflow="fold")
    for row in rows:
        view.add_row(*row)
    console.print(view)


def parse_duration(text: str) -> int:
    """Seconds from "3600", "12h", "3d", "30m"."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
    text = text.strip().lower()
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise errors.InvalidInputError(f"时长无效 / not a duration: {text!r} (use e.g. 3600, 30m, 12h, 3d)") from None


def parse_hex32(text: str, what: str) -> bytes:
    try:
        value = bytes.fromhex(text.removeprefix("0x"))
    except ValueError:
        value = b""
    if len(value) != 32:
        raise errors.InvalidInputError(f"{what} 必须是 32 字节十六进制 / {what} must be 32 bytes of hex")
    return value


def check_applicant(text: str, option: str = "--applicant") -> str:
    """The normalized applicant ID number or USCC, or an error naming the option and the problem."""
    try:
        return validate_applicant_id(text)[1]
    except errors.InvalidInputError as error:
        raise errors.InvalidInputError(f"{option}: {error}") from None
