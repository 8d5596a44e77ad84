"""The `zhangdian` command: the platform from a terminal or a back-office script.

Every read command takes --json; every write prints its transaction hash. Failures print one line
in Chinese and English on stderr and exit with: 2 bad input, 3 not found, 4 permission denied,
5 state conflict, 6 connection or configuration, 1 anything else.
"""

from __future__ import annotations

import click

from zhangdian_sdk.cli._context import ZhangdianGroup
from zhangdian_sdk.cli.application import application
from zhangdian_sdk.cli.automation import application_automation_commands, keeper, rule, service_automation
from zhangdian_sdk.cli.calendar import calendar
from zhangdian_sdk.cli.certificate import certificate, federation
from zhangdian_sdk.cli.chain import account, chain, compiler, demo, deploy, index, portal, verify_source
from zhangdian_sdk.cli.department import department, officer, service
from zhangdian_sdk.cli.governance import gov
from zhangdian_sdk.cli.material import citizen, consent, material
from zhangdian_sdk.cli.report import report
from zhangdian_sdk.cli.upgrade import upgrade
from zhangdian_sdk.cli.verify import verify

__all__ = ["cli", "main"]


@click.group(cls=ZhangdianGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zhangdian-sdk")
def cli() -> None:
    """张店区区块链政务服务平台 Zhangdian Chain: government services on a blockchain."""


for command in (
    chain,
    deploy,
    compiler,
    account,
    demo,
    index,
    portal,
    verify_source,
    verify,
    department,
    officer,
    service,
    application,
    material,
    consent,
    citizen,
    certificate,
    federation,
    gov,
    calendar,
    keeper,
    rule,
    upgrade,
    report,
):
    cli.add_command(command)
service.add_command(service_automation)
for command in application_automation_commands():
    application.add_command(command)


def main() -> None:
    cli()
