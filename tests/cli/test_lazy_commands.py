"""The top-level command loads lazily: `zhangdian --help` imports neither web3 nor any command module."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from zhangdian_sdk.cli import COMMANDS, cli, load_command

_PROBE = (
    "import sys\n"
    "from zhangdian_sdk.cli import main\n"
    "sys.argv = ['zhangdian', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('web3', 'eth_account', 'rich')"
    " or (m.startswith('zhangdian_sdk.cli.') and m != 'zhangdian_sdk.cli._group'))\n"
    "print('LOADED:' + ','.join(loaded), file=sys.stderr)\n"
)


def _loaded_modules(*argv: str) -> tuple[str, list[str]]:
    result = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=False)
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED:"))
    return result.stdout, [name for name in line.removeprefix("LOADED:").split(",") if name]


def test_the_top_level_help_lists_every_command_without_importing_one() -> None:
    output, loaded = _loaded_modules("--help")
    assert loaded == []
    for name, entry in COMMANDS.items():
        assert name in output
        assert entry.summary.split(" / ")[0] in output  # the Chinese half
    assert "Commands 命令" in output


def test_a_command_imports_only_its_own_module() -> None:
    _output, loaded = _loaded_modules("report", "--help")
    cli_modules = [name for name in loaded if name.startswith("zhangdian_sdk.cli.")]
    assert "zhangdian_sdk.cli.report" in cli_modules
    assert "zhangdian_sdk.cli.certificate" not in cli_modules


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_listed_command_loads_under_its_name(name: str) -> None:
    command = load_command(name)
    assert isinstance(command, click.Command)
    assert command.name == name
    summary = COMMANDS[name].summary
    chinese, _slash, english = summary.partition(" / ")
    assert chinese, f"{name}: the summary needs Chinese"
    assert english, f"{name}: the summary needs English"
    assert command.short_help == summary


def test_subcommands_defined_elsewhere_join_their_groups() -> None:
    runner = CliRunner()
    service_help = runner.invoke(cli, ["service", "--help"]).output
    application_help = runner.invoke(cli, ["application", "--help"]).output
    assert "automation" in service_help
    for sub in ("complete", "flag-overdue", "retry-follow-on", "links"):
        assert sub in application_help


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
    assert "no-such-command" in result.output
