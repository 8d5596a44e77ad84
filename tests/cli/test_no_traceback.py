"""Every command and subcommand, run as a new member of staff might (no arguments, the README's
placeholders typed as they are, malformed values, a file in the wrong encoding), fails cleanly:
no traceback, an exit code from the documented set, and one error line in Chinese and English.

The commands are found by walking the click tree, so a new command is covered without a line here.
Commands that serve forever or start/stop chains run only with arguments that must be refused.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from tests.conftest import Officers
from zhangdian_sdk.cli import cli
from zhangdian_sdk.ops.localchain import LocalChain

DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6}
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")

# Started with nothing wrong, these serve forever, start or stop a chain, install a compiler or
# deploy a suite: only arguments that must be refused before any of that are tried on them.
LONG_RUNNING = {
    ("chain", "up"),
    ("chain", "down"),
    ("compiler", "install"),
    ("demo",),
    ("deploy",),
    ("index", "follow"),
    ("keeper", "run"),
    ("portal",),
    ("verify-source",),
    ("rule", "waiting-period"),
}

ADDRESS_NAMES = {"address", "key", "holder", "implementation", "guardian", "owner_key", "keys", "members", "rules"}
README_PLACEHOLDERS = {"number": "ZD-2026-000123", "address": "0xA…", "other": "…"}
ADDRESS_PLACEHOLDERS = ("0xA…", "0xClerk…", "0xR…")


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    # Through list_commands/get_command: the top-level group loads its commands only when asked.
    context = click.Context(group)
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = dict(_commands(cli))
assert len(COMMANDS) > 90, "the walk of the command tree found too few commands"


def _value(param: click.Parameter, variant: str, files: dict[str, Path]) -> str:
    """A value for ``param`` in the style of ``variant``: placeholder, malformed or wrong-encoding."""
    name = param.name or ""
    kind = param.type
    if isinstance(kind, click.Choice):
        return str(kind.choices[0]) if variant != "malformed" else "no-such-choice"
    if isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        return "1" if variant != "malformed" else "-1"
    if isinstance(kind, click.Path):
        writes = not kind.exists
        if variant == "malformed":
            return str(files["beneath_a_file"])  # can be neither read nor created, not even by root
        if variant == "gbk":
            return str(files["out"] if writes else files["gbk"])
        return str(files["out"]) if writes else "…"
    if variant == "malformed":
        return "0xZZ" if name in ADDRESS_NAMES else "-1"
    if name in ADDRESS_NAMES:
        return ",".join(ADDRESS_PLACEHOLDERS[:2]) if name == "members" else ADDRESS_PLACEHOLDERS[len(name) % 3]
    if name == "number":
        return README_PLACEHOLDERS["number"]
    return README_PLACEHOLDERS["other"]


def _arguments(command: click.Command, variant: str, files: dict[str, Path]) -> list[str]:
    if variant == "missing":
        return []
    arguments: list[str] = []
    options: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument):
            arguments += [_value(param, variant, files)]
        elif isinstance(param, click.Option) and param.required and not param.is_flag:
            options += [param.opts[0], _value(param, variant, files)]
    return [*arguments, *options]


def _error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    marked = [line for line in lines if line.startswith("错误 Error:")]
    return (marked or lines or [""])[-1].removeprefix("错误 Error:").strip()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    gbk = folder / "办件.csv"
    # A Chinese Excel export: GBK, not UTF-8 (every reader of files gets it: JSON, CSV, keystores).
    gbk.write_bytes("number,service,applicant_id\nZD-2026-000123,张店区营业执照,370303199001011234\n".encode("gbk"))
    return {"gbk": gbk, "out": folder / "out" / "result.json", "beneath_a_file": gbk / "result.json"}


@pytest.fixture(scope="module")
def environment(anvil_chain: LocalChain, officers: Officers) -> dict[str, str | None]:
    return {
        "ZHANGDIAN_RPC_URL": anvil_chain.rpc_url,
        "ZHANGDIAN_PRIVATE_KEY": "0x" + officers.admin._account.key.hex(),
        # Every password comes from the environment: a prompt would wait for ever on the test's empty input.
        "ZHANGDIAN_KEYSTORE_PASSWORD": "not-the-password",
        "ZHANGDIAN_CITIZEN_PASSWORD": "not-the-password",
        "ZHANGDIAN_DEPARTMENT_KEY_PASSWORD": "not-the-password",
        "ZHANGDIAN_DEBUG": None,
    }


def _invoke(path: tuple[str, ...], arguments: list[str], environment: dict[str, str | None], manifest: Path) -> Result:
    command = COMMANDS[path]
    extra = ["--deployment", str(manifest)] if any(p.name == "deployment" for p in command.params) else []
    return CliRunner().invoke(cli, [*path, *arguments, *extra], env=environment, input="")


def _assert_clean(result: Result, what: str) -> None:
    output = result.output
    assert "Traceback" not in output, f"{what}: a traceback\n{output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{what}: {type(result.exception).__name__}: {result.exception}\n{output}"
    )
    assert result.exit_code in DOCUMENTED_EXIT_CODES, f"{what}: exit code {result.exit_code}\n{output}"
    if result.exit_code != 0:
        line = _error_line(output)
        assert HAN.search(line), f"{what}: the error has no Chinese: {line!r}"
        assert LATIN.search(line), f"{what}: the error has no English: {line!r}"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_fails_cleanly(
    path: tuple[str, ...],
    environment: dict[str, str | None],
    files: dict[str, Path],
    manifest_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    command = COMMANDS[path]
    refused = [["--no-such-option"]]
    if path in LONG_RUNNING:
        # Only what must be refused before anything starts: an unknown option, a malformed value.
        variants = list(refused)
        for param in command.params:
            typed = isinstance(param.type, click.types.IntParamType | click.types.FloatParamType | click.Choice)
            if isinstance(param, click.Option) and not param.is_flag and typed:
                variants.append([param.opts[0], "not-a-value"])
    else:
        variants = refused + [_arguments(command, v, files) for v in ("missing", "placeholder", "malformed", "gbk")]
    for arguments in variants:
        result = _invoke(path, arguments, environment, manifest_path)
        _assert_clean(result, f"zhangdian {' '.join(path)} {' '.join(arguments)}")


def test_usage_errors_are_bilingual_with_exit_code_2(environment: dict[str, str | None], manifest_path: Path) -> None:
    cases = {
        ("federation", "add"): "缺少参数 REGION",
        ("federation", "add", "x", "--name", "淄川区"): "须为整数",
        ("federation", "list", "--no-such"): "没有选项 --no-such",
        ("officer", "grant", "ZD-XPSJ", "0x" + "11" * 20, "--role", "mayor"): "可选",
        ("no-such-command",): "没有这个命令",
    }
    for arguments, chinese in cases.items():
        result = CliRunner().invoke(cli, list(arguments), env=environment)
        assert result.exit_code == 2, result.output
        line = _error_line(result.output)
        assert chinese in line, line
        assert LATIN.search(line), line


def test_an_unexpected_failure_is_one_line_unless_debugging(
    environment: dict[str, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("something nobody anticipated")

    monkeypatch.setattr(sys.modules["zhangdian_sdk.cli.department"], "reader", broken)
    result = CliRunner().invoke(cli, ["department", "list"], env=environment)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    line = _error_line(result.output)
    assert "意外错误" in line, line
    assert "unexpected error RuntimeError" in line, line
    assert "ZHANGDIAN_DEBUG=1" in line, line
    debugging = CliRunner().invoke(cli, ["department", "list"], env={**environment, "ZHANGDIAN_DEBUG": "1"})
    assert isinstance(debugging.exception, RuntimeError)
