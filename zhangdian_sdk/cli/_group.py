"""The top-level group's error handling, kept light: `zhangdian --help` must not import web3.

What to print for a usage error or an unexpected exception lives in `_context`, imported only when
something has gone wrong.
"""

from __future__ import annotations

import sys
from typing import Any

import click

EXIT_OTHER = 1


class ZhangdianGroup(click.Group):
    """The top-level group: click's usage errors in Chinese and English (exit code 2, as documented),
    and a last resort for anything unexpected (one bilingual line, exit code 1, no traceback; set
    ``ZHANGDIAN_DEBUG=1`` for the traceback). Use it as ``@click.group(cls=ZhangdianGroup)`` or
    subclass it (a lazy group)."""

    def invoke(self, ctx: click.Context) -> Any:
        super().invoke(ctx)
        return None  # a command's return value is never an exit code (see main)

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.ClickException as error:
            from zhangdian_sdk.cli._context import show_usage_error

            show_usage_error(error)
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            from zhangdian_sdk.cli._context import show_aborted

            show_aborted()
            sys.exit(EXIT_OTHER)
        except Exception as error:  # noqa: BLE001 - the last resort: one line, never a traceback
            from zhangdian_sdk.cli._context import fail_unexpected

            fail_unexpected(error)
        sys.exit(code if isinstance(code, int) else 0)


def install_usage_errors(group: click.Group) -> click.Group:
    """Give an existing top-level group ZhangdianGroup's error handling (for a group built elsewhere)."""
    group.__class__ = type("ZhangdianGroup_" + type(group).__name__, (ZhangdianGroup, type(group)), {})
    return group
