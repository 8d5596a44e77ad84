"""A progress bar that appears with the first unit of work done, not before.

A command checks its input before it works; a bar opened up front would flash on the screen (at 0%)
before a validation error. :class:`WorkBar` opens its bar at the first :meth:`WorkBar.update`, which the
work calls as it goes (``done`` of ``total`` units), so a command that fails its checks shows no bar, and
a bar that shows moves with the work. Transient by default (the bar disappears when the work ends);
``transient=False`` leaves the final count on the screen, as the bulk commands do.

Usage::

    with WorkBar("indexing") as bar:
        indexer.sync(progress=lambda p: bar.update(p.to_block - first + 1, p.target_block - first + 1))
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["WorkBar"]


class WorkBar:
    """A transient bar, opened lazily on the first update (see the module's docstring)."""

    def __init__(self, description: str, *, console: Console | None = None, transient: bool = True) -> None:
        self._description = description
        self._console = console
        self._transient = transient
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    @property
    def shown(self) -> bool:
        """Whether the bar has appeared (some work was done)."""
        return self._progress is not None

    def update(self, done: int, total: int | None = None, *, description: str | None = None) -> None:
        """``done`` units of ``total`` (None: not known yet) are done."""
        if self._progress is None:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self._console,
                transient=self._transient,
            )
            self._progress.start()
            self._task = self._progress.add_task(self._description, total=total)
        assert self._task is not None
        self._progress.update(self._task, completed=done, total=total, description=description or self._description)

    def __enter__(self) -> WorkBar:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
