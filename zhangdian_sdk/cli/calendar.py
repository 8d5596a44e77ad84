"""`zhangdian calendar`: the working-day calendar (工作日历) the suite counts its deadlines in.

``show YEAR`` says whether the year is set on chain and lists its holidays and make-up workdays with their
names; ``propose YEAR [--file F]`` puts setting the year to the council (and writes the proposal file that
``zhangdian gov approve`` / ``execute`` take); ``set YEAR [--file F]`` sets it directly, for the holder of
CALENDAR_ADMIN_ROLE (the deployer on a local dev chain, before governance takes over). Without ``--file``
the calendar shipped with the SDK is used (2026 from the State Council's notice; 2027 provisional).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    chain_options,
    console,
    handle_errors,
    json_option,
    print_json,
    reader,
    report_write,
    signer_options,
    table,
    writer,
)
from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.suite import CALENDAR_CONTRACT
from zhangdian_sdk.core.workdays import CalendarYear, load_year, year_bitmap_words
from zhangdian_sdk.ops.governance import Action, GovernanceFacade

__all__ = ["calendar"]

YEAR = click.argument("year", type=int)
FILE = click.option(
    "--file",
    "calendar_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A calendar file (the format of zhangdian_sdk/_data/calendar/2026.json); default: the shipped one.",
)


@click.group()
def calendar() -> None:
    """Working-day calendar (工作日历): holidays and make-up workdays per year, set through governance."""


def _describe(found: CalendarYear) -> str:
    provisional = " (暂定 provisional)" if found.provisional else ""
    return (
        f"设定 {found.year} 年工作日历, 工作日 {found.working_day_count()} 天{provisional} / "
        f"Set the {found.year} working calendar, {found.working_day_count()} working days{provisional}. "
        f"{found.source}"
    ).strip()


def _action(found: CalendarYear) -> Action:
    return Action(CALENDAR_CONTRACT, "setYear", [found.year, list(year_bitmap_words(found.bitmap()))])


@calendar.command("show")
@YEAR
@FILE
@chain_options
@json_option
@handle_errors
def show(year: int, calendar_file: Path | None, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Whether YEAR is set on chain, and its holidays and make-up workdays."""
    found = load_year(year, calendar_file)
    on_chain = reader(rpc_url, deployment).calendar.year_bitmap(year)
    matches = on_chain == found.bitmap()
    if as_json:
        print_json(
            {
                "year": year,
                "setOnChain": on_chain is not None,
                "matchesChain": matches,
                "workingDays": found.working_day_count(),
                "calendar": found,
            }
        )
        return
    if on_chain is None:
        console.print(
            f"[yellow]{year} 年未在链上设定: 期限按周一至周五计算 / {year} is not set on chain: deadlines count "
            "Monday to Friday[/yellow]",
            highlight=False,
        )
    elif matches:
        console.print(f"{year} 年已在链上设定, 与此日历一致 / {year} is set on chain as below", highlight=False)
    else:
        console.print(
            f"[yellow]{year} 年链上的工作日与此日历不同 (链上 {on_chain.bit_count()} 天) / the chain's working days of "
            f"{year} differ from this calendar ({on_chain.bit_count()} on chain)[/yellow]",
            highlight=False,
        )
    if found.provisional:
        console.print(f"[yellow]暂定 provisional: {found.note}[/yellow]", highlight=False)
    if found.source:
        console.print(f"来源 source: {found.source}", highlight=False)
    rows = [
        [
            f"{h.name_zh} {h.name_en}",
            "放假 off",
            h.start.isoformat(),
            h.end.isoformat(),
            str((h.end - h.start).days + 1),
        ]
        for h in found.holidays
    ]
    rows += [
        [f"{w.name_zh} {w.name_en}", "上班 work", w.date.isoformat(), w.date.isoformat(), "1"] for w in found.workdays
    ]
    rows.sort(key=lambda row: row[2])
    table(f"{year} 节假日 holidays", ["name", "kind", "from", "to", "days"], rows)
    console.print(f"工作日 working days: {found.working_day_count()}", highlight=False)


@calendar.command("propose")
@YEAR
@FILE
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the proposal file for `zhangdian gov approve/execute` (default: calendar-YEAR.json).",
)
@chain_options
@signer_options
@handle_errors
def propose(year: int, calendar_file: Path | None, out: Path | None, **connection: Any) -> None:
    """Propose to the council to set YEAR's working days (a member's key)."""
    found = load_year(year, calendar_file)
    action, description = _action(found), _describe(found)
    path = out or Path(f"calendar-{year}.json")
    proposal = {
        "description": description,
        "actions": [{"contract": action.contract, "function": action.function, "args": action.args}],
    }
    write_private(path, json.dumps(proposal, ensure_ascii=False, indent=2) + "\n")
    proposal_id = GovernanceFacade(writer(**connection)).propose([action], description)
    console.print(f"提案 proposal {proposal_id}", highlight=False)
    console.print(
        f"提案文件 proposal file: {path} (zhangdian gov approve {path}; zhangdian gov execute {path})", highlight=False
    )


@calendar.command("set")
@YEAR
@FILE
@chain_options
@signer_options
@handle_errors
def set_year(year: int, calendar_file: Path | None, **connection: Any) -> None:
    """Set YEAR's working days directly (the holder of CALENDAR_ADMIN_ROLE: the deployer on a dev chain)."""
    found = load_year(year, calendar_file)
    report_write(writer(**connection).calendar.set_year(found), f"{year} 工作日历 working calendar")
