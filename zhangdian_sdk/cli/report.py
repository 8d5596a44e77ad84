"""`zhangdian report`: the 办件 records a district reports upward (GB/T 39046), from the index."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import requests
from rich.progress import Progress

from zhangdian_sdk.cli._context import chain_options, console, error_console, handle_errors, reader
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.errors import ConfigurationError, InvalidInputError, ZhangdianError
from zhangdian_sdk.core.extras import require_extra
from zhangdian_sdk.core.settings import Settings, load_settings
from zhangdian_sdk.ops.localchain import data_home

__all__ = ["report"]


@click.group()
def report() -> None:
    """Reports for the provincial platform (办件信息汇聚)."""


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{messages.text('sdk.report_bad_date', 'zh', value=value)} / "
            f"{messages.text('sdk.report_bad_date', 'en', value=value)}"
        ) from None


@report.command("export")
@click.option("--from", "start", required=True, help="First day, YYYY-MM-DD (Beijing time).")
@click.option("--to", "end", required=True, help="Last day, YYYY-MM-DD (Beijing time), included.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for acceptance-*, process-* and result-* files.",
)
@click.option(
    "--region", default="", help="行政区划 written into the records (default: the departments' region on chain)."
)
@click.option(
    "--database",
    default=None,
    help=f"Index URL (default: ${Settings.env_name('index_url')}, else sqlite:///<data folder>/index.db).",
)
@chain_options
@handle_errors
def report_export(
    start: str,
    end: str,
    fmt: str,
    out_dir: Path,
    region: str,
    database: str | None,
    rpc_url: str | None,
    deployment: Path | None,
) -> None:
    """Write the GB/T 39046 办件受理, 办件过程, 办件结果 and 政务服务绩效评价 records of a date range
    from the index, and the range's ratings per department and service; names and national codes come
    from the chain."""
    require_extra("index")
    from zhangdian_sdk.core.gbt39046 import Directory
    from zhangdian_sdk.services.indexer.report import directory_from_chain, export_records, synced_text, write_records

    first, last = _day(start), _day(end)
    if first > last:
        raise InvalidInputError(
            f"{messages.text('sdk.report_bad_range', 'zh', start=first, end=last)} / "
            f"{messages.text('sdk.report_bad_range', 'en', start=first, end=last)}"
        )
    url = database or load_settings().index_url or f"sqlite:///{data_home() / 'index.db'}"
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise ConfigurationError(
            f"{messages.text('sdk.report_index_empty', 'zh')} ({url}) / "
            f"{messages.text('sdk.report_index_empty', 'en')} ({url})"
        )
    try:
        directory = directory_from_chain(reader(rpc_url, deployment), region=region)
    except (ZhangdianError, requests.ConnectionError, ConnectionError) as error:
        # The records still go out, with local codes where names and national codes would be.
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        zh, en = messages.text("sdk.report_no_directory", "zh"), messages.text("sdk.report_no_directory", "en")
        error_console.print(f"[yellow]警告 Warning:[/yellow] {zh} / {en} ({reason})", highlight=False, soft_wrap=True)
        directory = Directory(region=region)
    with Progress(console=error_console, transient=True) as bar:
        task = bar.add_task("reading the index", total=None)

        def show(done: int, total: int) -> None:
            bar.update(task, total=total, completed=done, description=f"{done}/{total} applications")

        records = export_records(url, first, last, directory=directory, on_progress=show)
    if records.stale:
        error_console.print(f"[yellow]警告 Warning:[/yellow] {synced_text(records)}", highlight=False)
    paths = write_records(records, out_dir, "json" if fmt == "json" else "csv")
    counts = [len(rows) for rows in records.rows.values()] + [len(records.rating_summary)]
    for path, count in zip(paths, counts, strict=True):
        console.print(f"{path.name.split('-')[0]}: {count} 条记录 records -> {path}", highlight=False)
