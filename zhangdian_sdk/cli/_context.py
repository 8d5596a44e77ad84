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
from zhangdian_sdk.core import errors, messages
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


DEBUG_ENV = "ZHANGDIAN_DEBUG"  # the setting `debug`


def debugging() -> bool:
    """Whether ``ZHANGDIAN_DEBUG`` asks for tracebacks instead of one line."""
    from zhangdian_sdk.core.settings import load_settings

    try:
        return load_settings().debug
    except ValueError:  # a value that is not a yes or no: no traceback either
        return False


def explain_unexpected(error: Exception) -> Exception:
    """The SDK's exception for a failure no command anticipated (a library's own error, an OS error),
    so that it still prints one bilingual line and the exit code for its kind."""
    from web3 import exceptions as web3_errors

    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, errors.ZhangdianError):
        return error
    if isinstance(error, web3_errors.MismatchedABI | web3_errors.Web3ValidationError):
        return errors.InvalidInputError(_bilingual("cli.mismatched_abi"))
    if isinstance(error, web3_errors.TransactionNotFound | web3_errors.BlockNotFound):
        return _bilingual_lookup("cli.chain_record_missing", detail=detail)
    if isinstance(error, requests.ConnectionError | ConnectionError):
        return errors.NodeConnectionError(f"无法连接区块链节点 / cannot reach the RPC node: {detail}")
    if isinstance(error, UnicodeDecodeError):
        return errors.InvalidInputError(_bilingual("cli.undecodable", encoding=error.encoding))
    if isinstance(error, FileNotFoundError):
        return _bilingual_lookup("cli.file_missing", path=error.filename or detail)
    if isinstance(error, IsADirectoryError | NotADirectoryError):
        return errors.InvalidInputError(_bilingual("cli.not_a_file", path=error.filename or detail))
    if isinstance(error, PermissionError):
        return PermissionError(_bilingual("cli.no_permission", path=getattr(error, "filename", None) or detail))
    if isinstance(error, json.JSONDecodeError):
        return errors.InvalidInputError(_bilingual("cli.bad_json", line=error.lineno, column=error.colno))
    if isinstance(error, KeyboardInterrupt):
        return RuntimeError(_bilingual("cli.aborted"))
    return RuntimeError(_bilingual("cli.unexpected", kind=type(error).__name__, detail=detail, env=DEBUG_ENV))


class _BilingualLookupError(errors.ZhangdianError, LookupError):
    """Something named on the command line does not exist (exit code 3)."""


def _bilingual(key: str, **arguments: Any) -> str:
    return f"{messages.text(key, 'zh', **arguments)} / {messages.text(key, 'en', **arguments)}"


def _bilingual_lookup(key: str, **arguments: Any) -> Exception:
    return _BilingualLookupError(_bilingual(key, **arguments))


def fail_unexpected(error: BaseException) -> NoReturn:
    """The last resort: one bilingual line and an exit code, never a traceback (unless ZHANGDIAN_DEBUG)."""
    if debugging() or not isinstance(error, Exception):
        raise error
    fail(explain_unexpected(error))


def handle_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Turn the SDK's exceptions (and anything unexpected) into one clear line and an exit code."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except errors.ZhangdianError as error:
            fail(error)
        except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except (requests.ConnectionError, ConnectionError) as error:
            fail(errors.NodeConnectionError(f"无法连接区块链节点 / cannot reach the RPC node: {error}"))
        except Exception as error:  # noqa: BLE001 - the last resort: one line, never a traceback
            fail_unexpected(error)

    return wrapper


# Click's own usage errors, by kind, as catalogue keys (cli.usage_*); the English detail click wrote
# follows the Chinese so that nothing it says (the option's name, the choices) is lost.
def usage_error_line(error: click.exceptions.ClickException) -> str:
    """One bilingual line for a click usage error (missing argument, no such option, bad value, ...)."""
    english = error.format_message()
    if isinstance(error, click.exceptions.MissingParameter):
        name = _parameter_name(error.param, error.ctx) or "?"
        kind = error.param_type or (error.param.param_type_name if error.param else "parameter")
        key = "cli.usage_missing_option" if kind == "option" else "cli.usage_missing_argument"
        return f"{messages.text(key, 'zh', name=name)} / {english}"
    if isinstance(error, click.exceptions.NoSuchOption):
        return f"{messages.text('cli.usage_no_such_option', 'zh', name=error.option_name)} / {english}"
    if isinstance(error, click.exceptions.BadOptionUsage):
        return f"{messages.text('cli.usage_bad_option', 'zh', name=error.option_name)} / {english}"
    if isinstance(error, click.exceptions.BadParameter):
        name = _parameter_name(error.param, error.ctx) or error.param_hint or "?"
        return f"{messages.text('cli.usage_bad_value', 'zh', name=name)}{_expected(error.param)} / {english}"
    if isinstance(error, click.exceptions.UsageError):
        if english.startswith("No such command"):
            return f"{messages.text('cli.usage_no_such_command', 'zh')} / {english}"
        if english.startswith("Got unexpected extra argument"):
            return f"{messages.text('cli.usage_extra_arguments', 'zh')} / {english}"
        if english.startswith("Missing command"):
            return f"{messages.text('cli.usage_missing_command', 'zh')} / {english}"
        return f"{messages.text('cli.usage_other', 'zh')} / {english}"
    if isinstance(error, click.exceptions.FileError):
        return f"{messages.text('cli.usage_file', 'zh', name=error.ui_filename)} / {english}"
    return f"{messages.text('cli.usage_other', 'zh')} / {english}"


def _expected(param: click.Parameter | None) -> str:
    """What the parameter's type wants, in Chinese (click says it in English)."""
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        return "（" + messages.text("cli.usage_expected_choice", "zh", choices="、".join(map(str, kind.choices))) + "）"
    keys = (
        (click.types.IntParamType, "cli.usage_expected_int"),
        (click.types.FloatParamType, "cli.usage_expected_number"),
        (click.types.BoolParamType, "cli.usage_expected_bool"),
        (click.Path, "cli.usage_expected_path"),
        (click.DateTime, "cli.usage_expected_datetime"),
    )
    for type_, key in keys:
        if isinstance(kind, type_):
            return "（" + messages.text(key, "zh") + "）"
    return ""


def _parameter_name(param: click.Parameter | None, ctx: click.Context | None) -> str | None:
    if param is None:
        return None
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return "/".join(param.opts) if param.opts else param.name


def show_usage_error(error: click.exceptions.ClickException) -> None:
    """The usage line, then one bilingual error line and where the help is (on stderr)."""
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.exceptions.UsageError) and ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        hint = f"{ctx.command_path} {ctx.help_option_names[0]}" if ctx.help_option_names else ""
        if hint:
            click.echo(_bilingual("cli.usage_help", command=hint), err=True)
    line = escape(usage_error_line(error))
    error_console.print(f"[red]错误 Error:[/red] {line}", highlight=False, soft_wrap=True)


def show_aborted() -> None:
    """Ctrl-C or a declined confirmation: one line, no traceback."""
    error_console.print(f"[red]错误 Error:[/red] {_bilingual('cli.aborted')}", highlight=False)


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
        raise ValueError(f"{where or cls.__name__}: 须为对象 / expected an object, got {type(data).__name__}")
    fields = {field.name: field for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValueError(f"{where or cls.__name__}: 未知字段 / unknown field(s) {', '.join(unknown)}")
    hints = typing.get_type_hints(cls)
    values = {}
    for name, field in fields.items():
        if name in data:
            values[name] = _from_json_value(hints[name], data[name], f"{where}{name}")
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise ValueError(f"{where}{name}: 缺少 / missing")
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
            raise ValueError(f"{where}: 须为 true 或 false / expected true or false, got {value!r}")
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


def check_address(text: str, option: str) -> str:
    """The checksummed address, or a bilingual error naming the option (for a README placeholder such as
    ``0xA…`` typed as it is, too), before anything is sent."""
    from eth_utils.address import is_address, to_checksum_address

    if not is_address(text.strip()):
        raise errors.InvalidInputError(f"{option}: {messages.bilingual('sdk.not_an_address', value=text)}")
    return str(to_checksum_address(text.strip()))


def check_addresses(texts: tuple[str, ...] | list[str], option: str) -> tuple[str, ...]:
    """Every address checked (as :func:`check_address`), duplicates refused."""
    checked = tuple(check_address(text, option) for text in texts)
    if len(set(checked)) != len(checked):
        raise errors.InvalidInputError(f"{option}: 地址重复 / the same address is given twice")
    return checked


def check_applicant(text: str, option: str = "--applicant") -> str:
    """The normalized applicant ID number or USCC, or an error naming the option and the problem."""
    try:
        return validate_applicant_id(text)[1]
    except errors.InvalidInputError as error:
        raise errors.InvalidInputError(f"{option}: {error}") from None
