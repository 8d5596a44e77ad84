"""The `zhangdian` command: the platform from a terminal or a back-office script.

Every read command takes --json; every write prints its transaction hash. Failures print one line
in Chinese and English on stderr and exit with: 2 bad input, 3 not found, 4 permission denied,
5 state conflict, 6 connection or configuration, 1 anything else.

The commands are loaded lazily: `zhangdian --help` imports click and nothing else, and a command
imports only its own module (web3 and the contract bindings come with it). The one-line summaries
in the top-level help are kept here, with the module that holds each command.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click

from zhangdian_sdk.cli._group import ZhangdianGroup

__all__ = ["COMMANDS", "cli", "main"]


@dataclass(frozen=True)
class CommandEntry:
    """Where a top-level command lives, and its summary in `zhangdian --help`."""

    module: str
    attribute: str
    summary: str
    # Subcommands defined elsewhere that join this group when it loads: (module, attribute); an
    # attribute may also be a function returning a list of commands.
    extras: tuple[tuple[str, str], ...] = ()


COMMANDS: dict[str, CommandEntry] = {
    "chain": CommandEntry("chain", "chain", "本地开发链 / The local development chain (anvil)."),
    "deploy": CommandEntry("chain", "deploy", "部署合约 / Deploy the contract suite, write the manifest."),
    "compiler": CommandEntry("chain", "compiler", "编译器 / The Solidity compiler (solc 0.8.28)."),
    "account": CommandEntry("chain", "account", "账户 / Signing accounts in encrypted keystores."),
    "demo": CommandEntry("chain", "demo", "演示 / Local chain, suite and demo data in one go."),
    "index": CommandEntry("chain", "index", "事件索引 / The event indexer (SQLite or PostgreSQL)."),
    "portal": CommandEntry("chain", "portal", "公众门户 / Serve the citizen portal."),
    "verify-source": CommandEntry("chain", "verify_source", "源码验证 / What explorers need to verify each contract."),
    "verify": CommandEntry("verify", "verify", "核验 / Check records against the chain itself."),
    "department": CommandEntry("department", "department", "部门 / Departments and their state."),
    "officer": CommandEntry("department", "officer", "工作人员 / Officers' roles in departments."),
    "service": CommandEntry(
        "department",
        "service",
        "政务服务事项 / Public services and their approval steps.",
        extras=(("automation", "service_automation"),),
    ),
    "application": CommandEntry(
        "application",
        "application",
        "办件 / Applications: submit, accept, approve, status, history.",
        extras=(("automation", "application_automation_commands"),),
    ),
    "material": CommandEntry("material", "material", "材料 / Citizens' materials, registered once as hashes."),
    "consent": CommandEntry("material", "consent", "授权 / Citizens' consents, signed with their own key."),
    "citizen": CommandEntry("material", "citizen", "公民 / The citizen's own consent key."),
    "certificate": CommandEntry("certificate", "certificate", "电子证照 / Electronic certificates."),
    "federation": CommandEntry("certificate", "federation", "跨区域互认 / Cross-region recognition."),
    "gov": CommandEntry("governance", "gov", "治理 / The council, the timelock, the guardian."),
    "calendar": CommandEntry("calendar", "calendar", "工作日历 / Working days, holidays, make-up days."),
    "keeper": CommandEntry("automation", "keeper", "自动执行 / Flags overdue steps, completes applications."),
    "rule": CommandEntry("automation", "rule", "自动化规则 / Automation rules."),
    "upgrade": CommandEntry("upgrade", "upgrade", "升级 / Storage-layout checks and upgrades."),
    "report": CommandEntry("report", "report", "报表 / Reports for the provincial platform."),
    # issue 18 (history): the reason catalogue
    "reasons": CommandEntry("reasons", "reasons_group", "原因目录 / Reason codes, their texts and legal basis."),
}


def _load(module: str, attribute: str) -> object:
    return getattr(importlib.import_module(f"zhangdian_sdk.cli.{module}"), attribute)


def load_command(name: str) -> click.Command:
    """Import the module of one top-level command and return it, with its extra subcommands."""
    entry = COMMANDS[name]
    command = _load(entry.module, entry.attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"zhangdian_sdk.cli.{entry.module}.{entry.attribute} is not a click command")
    command.short_help = entry.summary
    if isinstance(command, click.Group):
        for module, attribute in entry.extras:
            extra = _load(module, attribute)
            for sub in extra() if callable(extra) and not isinstance(extra, click.Command) else [extra]:
                if isinstance(sub, click.Command) and sub.name not in command.commands:
                    command.add_command(sub)
    return command


class LazyGroup(ZhangdianGroup):
    """The top-level group: lists commands from COMMANDS, imports one only when it runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The summaries from COMMANDS: listing them must not import every command's module.
        with formatter.section("Commands 命令"):
            formatter.write_dl([(name, COMMANDS[name].summary) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zhangdian-sdk")
def cli() -> None:
    """张店区区块链政务服务平台 Zhangdian Chain: government services on a blockchain."""


def main() -> None:
    cli()
