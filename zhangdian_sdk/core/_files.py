"""Files that hold secrets (keys, salts, receipt codes, decrypted documents): created 0600 from the start.

A file written and then ``chmod``-ed is readable by everyone between the two calls (and forever if
the process dies in between). These helpers create the file with mode 0600 in the ``open`` call
itself, so no moment exists where it is more open, whatever the umask.

Usage: ``write_private(Path("clerk.json"), text, exclusive=True)``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import IO

__all__ = ["PRIVATE_MODE", "open_private_append", "open_private_lock", "write_private"]

PRIVATE_MODE = 0o600
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def write_private(path: Path, data: bytes | str, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path``, readable and writable by the owner only.

    ``exclusive``: create a new file, failing with :class:`FileExistsError` if ``path`` exists.
    Otherwise the data goes to a temporary file (created 0600 in the same folder) that then
    replaces ``path`` atomically: a crash leaves the old file or the new one, never half of one.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    if exclusive:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC, PRIVATE_MODE)
        try:
            _write_all(handle, payload)
        except BaseException:
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
    try:
        _write_all(handle, payload)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def open_private_append(path: Path) -> IO[str]:
    """Open ``path`` for appending text, creating it 0600 (an older, more open file is tightened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _CLOEXEC, PRIVATE_MODE)
    _tighten(handle)
    return os.fdopen(handle, "a", encoding="utf-8")


def open_private_lock(path: Path) -> int:
    """Open (creating it 0600) a lock file and return its descriptor; the caller closes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | _CLOEXEC, PRIVATE_MODE)
    _tighten(handle)
    return handle


def _tighten(handle: int) -> None:
    """A file made by an older version may be more open than 0600: close it to the owner."""
    if stat.S_IMODE(os.fstat(handle).st_mode) & 0o077:
        os.fchmod(handle, PRIVATE_MODE)


def _write_all(handle: int, payload: bytes) -> None:
    with os.fdopen(handle, "wb") as out:
        out.write(payload)
        out.flush()
        os.fsync(out.fileno())
