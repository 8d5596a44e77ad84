"""`zhangdian service template`, `certificate template`, `gov template`: the input files, written for people.

Each writes the complete example of its published JSON Schema (``zhangdian_sdk/_data/schemas``), with
``"$comment"`` notes in Chinese and English that the readers ignore; the example validates and the
command that reads the format accepts it as it is. ``--schema`` prints the schema itself (every field
with its title and description in both languages), for an editor or a form builder.

Each group registers its command with one ``group.add_command(...)`` line at the end of its module.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from zhangdian_sdk.cli._context import handle_errors
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.schemas import example, load_schema

__all__ = ["certificate_template", "gov_template", "service_template", "write_template"]


def write_template(name: str, out: Path | None, *, schema: bool = False, force: bool = False) -> None:
    """Print the example (or the schema) of the format ``name``, or write it to ``out``."""
    text = json.dumps(load_schema(name) if schema else example(name), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    if out.exists() and not force:
        raise InvalidInputError(_both("sdk.template_exists", path=out))
    out.write_text(text, encoding="utf-8")
    click.echo(_both("sdk.template_written", path=out))


def _both(key: str, **arguments: object) -> str:
    return f"{messages.text(key, 'zh', **arguments)} / {messages.text(key, 'en', **arguments)}"


def _template_command(name: str, default_file: str, reader: str) -> click.Command:
    @click.command("template")
    @click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Write to this file (e.g. {default_file}) instead of printing it.",
    )
    @click.option("--schema", is_flag=True, help="The JSON Schema (draft 2020-12) instead of the example.")
    @click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
    @handle_errors
    def command(out: Path | None, schema: bool, force: bool) -> None:
        write_template(name, out, schema=schema, force=force)

    command.help = (
        f"写出带说明的 {default_file} 模板 / Write a commented {default_file} example that {reader} accepts as it is "
        f'(notes are "$comment" properties, ignored when read); --schema prints its JSON Schema.'
    )
    return command


service_template = _template_command("service", "service.json", "`zhangdian service add CODE --file`")
certificate_template = _template_command(
    "certificate-drafts", "drafts.json", "`zhangdian certificate issue-batch DRAFTS --issuer CODE --out-dir DIR`"
)
gov_template = _template_command("governance-proposal", "proposal.json", "`zhangdian gov propose`")
