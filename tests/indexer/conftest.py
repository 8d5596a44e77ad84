"""A real PostgreSQL server for the indexer tests, started as the unprivileged postgres user."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port


def _as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*runner, *command], capture_output=True, text=True, check=True, timeout=120)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    initdb = shutil.which("initdb") or "/usr/lib/postgresql/15/bin/initdb"
    pg_ctl = shutil.which("pg_ctl") or "/usr/lib/postgresql/15/bin/pg_ctl"
    if not Path(initdb).exists():
        pytest.fail("PostgreSQL server binaries are missing: `make setup` installs the postgresql package")
    # pytest's own temporary folders are private to root; the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="zhangdian-postgres-"))
    os.chmod(folder, 0o777)
    data = folder / "data"
    port = free_port()
    _as_postgres(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    # The server's output goes to a log file: a pipe left open by it would block this call.
    _as_postgres(
        pg_ctl,
        "-D",
        str(data),
        "-l",
        str(folder / "server.log"),
        "-o",
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1",
        "-w",
        "start",
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", str(port)], capture_output=True, check=False)
            if ready.returncode == 0:
                break
            time.sleep(0.2)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _as_postgres(pg_ctl, "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)
