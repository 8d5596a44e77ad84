"""The indexer against the node: events/s into SQLite (and PostgreSQL) beside raw ``eth_getLogs``.

Run from the repository root: ``python -m benchmarks.index_bench`` (100,000 applications, the issue's
figure; ``--applications N`` for another size, ``--no-postgres`` to skip PostgreSQL). Prints the
figures; writes nothing.

In one run on one fresh anvil (auto-mining, ``--prune-history``, no state file):

1. the suite is deployed and N applications are submitted by ``submitBatch`` (``ledger.submit_many``,
   100 a transaction, pipelined): one ``ApplicationSubmitted`` event each, about 100 a block;
2. the same block ranges (``--blocks-per-range`` blocks each, from the deployment's first block to the
   head) are read four ways, each timed over all ranges:
   - raw JSON-RPC ``eth_getLogs``: one HTTP POST per range on a kept-alive connection and ``json.loads``
     of the answer, nothing else (the baseline; measured before and after the others, the faster kept);
   - web3's ``w3.eth.get_logs`` (the second baseline: the node's answer formatted by web3);
   - the indexer (``Indexer.sync``) into a fresh SQLite file: fetch, decode, store, project, checkpoint;
   - the indexer into a fresh PostgreSQL database (a throw-away server started for the run), if the
     PostgreSQL binaries are installed.

Every ratio is events/s over the raw ``eth_getLogs`` events/s of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from web3 import Web3

from benchmarks.portal_load import Anvil, Progress, setup
from benchmarks.run import _optimizer_runs
from tests.conftest import free_port
from zhangdian_sdk.client import connect_web3
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.services.indexer import Indexer

SERVICE = "ZD-GTGSH-SL"
CHUNK = 10_000  # applications per submit_many call
BLOCKS_PER_RANGE = 50  # blocks per eth_getLogs range (about 100 events a block in the fills here)
TARGET_SQLITE = 0.3
TARGET_POSTGRES = 0.2


@dataclass(frozen=True)
class Figures:
    """One run's figures: events and seconds of each way of reading the same ranges."""

    events: int
    ranges: int
    raw_seconds: float
    web3_seconds: float
    sqlite_seconds: float
    sqlite_events: int
    postgres_seconds: float | None = None
    postgres_events: int | None = None

    def rate(self, seconds: float, events: int | None = None) -> float:
        return (self.events if events is None else events) / seconds

    def lines(self) -> list[str]:
        raw = self.rate(self.raw_seconds)
        out = [
            f"raw JSON-RPC eth_getLogs (HTTP + json.loads): {raw:,.0f} events/s "
            f"({self.events:,} events, {self.ranges} ranges)",
            f"web3 get_logs: {self.rate(self.web3_seconds):,.0f} events/s, "
            f"{self.rate(self.web3_seconds) / raw:.2f}x of raw eth_getLogs",
        ]
        sqlite = self.rate(self.sqlite_seconds, self.sqlite_events)
        out.append(
            f"indexer into SQLite: {sqlite:,.0f} events/s, {sqlite / raw:.2f}x of raw eth_getLogs "
            f"(target {TARGET_SQLITE}x: {'met' if sqlite / raw >= TARGET_SQLITE else 'NOT met'}; "
            f"{self.sqlite_events:,} events in {self.sqlite_seconds:.1f} s)"
        )
        if self.postgres_seconds is not None and self.postgres_events is not None:
            postgres = self.rate(self.postgres_seconds, self.postgres_events)
            out.append(
                f"indexer into PostgreSQL: {postgres:,.0f} events/s, {postgres / raw:.2f}x of raw eth_getLogs "
                f"(target {TARGET_POSTGRES}x: {'met' if postgres / raw >= TARGET_POSTGRES else 'NOT met'}; "
                f"{self.postgres_events:,} events in {self.postgres_seconds:.1f} s)"
            )
        return out


def block_ranges(first: int, head: int, size: int) -> list[tuple[int, int]]:
    return [(low, min(low + size - 1, head)) for low in range(first, head + 1, size)]


def raw_get_logs(url: str, addresses: Sequence[str], ranges: list[tuple[int, int]]) -> tuple[int, float]:
    """Events and seconds of plain ``eth_getLogs`` over ``ranges``: POST and ``json.loads`` only."""
    session = requests.Session()
    events = 0
    began = time.perf_counter()
    for low, high in ranges:
        body = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "eth_getLogs",
            "params": [{"address": list(addresses), "fromBlock": hex(low), "toBlock": hex(high)}],
        }
        answer = session.post(url, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=300)
        events += len(json.loads(answer.content)["result"])
    return events, time.perf_counter() - began


def web3_get_logs(w3: Web3, addresses: Sequence[str], ranges: list[tuple[int, int]]) -> tuple[int, float]:
    events = 0
    began = time.perf_counter()
    for low, high in ranges:
        events += len(w3.eth.get_logs({"address": list(addresses), "fromBlock": low, "toBlock": high}))  # type: ignore[arg-type, typeddict-item]
    return events, time.perf_counter() - began


def index_into(w3: Web3, deployment: Deployment, url: str, head: int, blocks_per_range: int) -> tuple[int, float]:
    """Events and seconds of a full sync into the empty database at ``url``, over the same ranges."""
    indexer = Indexer(w3, deployment, url, chunk_size=blocks_per_range, max_chunk_size=blocks_per_range)
    began = time.perf_counter()
    report = indexer.sync(to_block=head)
    return report.events, time.perf_counter() - began


def fill(clerk: Any, applications: int) -> None:
    progress = Progress("submitted", applications)
    for low in range(0, applications, CHUNK):
        batch = [
            NewApplication(f"IDX-{i:07d}", SERVICE, (i + 1).to_bytes(32, "big"))
            for i in range(low, min(low + CHUNK, applications))
        ]
        clerk.ledger.submit_many(batch, on_progress=progress.add)
    progress.add(0, force=True)


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """A throw-away PostgreSQL server (run as the postgres user when root); None without the binaries."""
    initdb = shutil.which("initdb") or "/usr/lib/postgresql/15/bin/initdb"
    pg_ctl = shutil.which("pg_ctl") or "/usr/lib/postgresql/15/bin/pg_ctl"
    if not (Path(initdb).exists() and Path(pg_ctl).exists()):
        yield None
        return
    runner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="zhangdian-bench-postgres-"))
    os.chmod(folder, 0o777)  # noqa: S103 - the server runs as postgres
    data, port = folder / "data", free_port()

    def run(*command: str) -> None:
        subprocess.run([*runner, *command], capture_output=True, text=True, check=True, timeout=120)  # noqa: S603

    run(initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    run(pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        run(pg_ctl, "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def measure(
    w3: Web3, url: str, deployment: Deployment, folder: Path, blocks_per_range: int, *, postgres: bool = True
) -> Figures:
    """Read the deployment's events from its first block to the head four ways, over the same ranges."""
    head = w3.eth.block_number
    addresses = [entry.address for entry in deployment.contracts.values()]
    ranges = block_ranges(deployment.start_block, head, blocks_per_range)
    events, raw_first = raw_get_logs(url, addresses, ranges)
    print(f"  raw eth_getLogs: {events / raw_first:,.0f} events/s", flush=True)
    web3_events, web3_seconds = web3_get_logs(w3, addresses, ranges)
    print(f"  web3 get_logs: {web3_events / web3_seconds:,.0f} events/s", flush=True)
    sqlite_events, sqlite_seconds = index_into(w3, deployment, f"sqlite:///{folder}/index.db", head, blocks_per_range)
    print(f"  indexer into SQLite: {sqlite_events / sqlite_seconds:,.0f} events/s", flush=True)
    postgres_events = postgres_seconds = None
    if postgres:
        with postgres_server() as postgres_url:
            if postgres_url is not None:
                postgres_events, postgres_seconds = index_into(w3, deployment, postgres_url, head, blocks_per_range)
                print(f"  indexer into PostgreSQL: {postgres_events / postgres_seconds:,.0f} events/s", flush=True)
    again, raw_second = raw_get_logs(url, addresses, ranges)
    assert again == events == web3_events
    print(f"  raw eth_getLogs again: {events / raw_second:,.0f} events/s", flush=True)
    return Figures(
        events,
        len(ranges),
        min(raw_first, raw_second),
        web3_seconds,
        sqlite_seconds,
        sqlite_events,
        postgres_seconds,
        postgres_events,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--blocks-per-range", type=int, default=BLOCKS_PER_RANGE)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    began = time.monotonic()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder, Anvil(free_port(), extra_options=("--prune-history",)) as anvil:
        w3 = connect_web3(anvil.url)
        deployment, clients = setup(w3, anvil, Path(folder))
        print(f"submitting {args.applications:,} applications ...", flush=True)
        fill(clients["clerk"], args.applications)
        print("reading the events ...", flush=True)
        figures = measure(w3, anvil.url, deployment, Path(folder), args.blocks_per_range, postgres=not args.no_postgres)
    print(
        f"\nRun with `python -m benchmarks.index_bench --applications {args.applications}` on "
        f"{platform.machine()}, {platform.system()}, {os.cpu_count()} cores (load average "
        f"{', '.join(f'{x:.1f}' for x in load)} at the start; shared machine), Python {platform.python_version()}, "
        f"anvil (--prune-history), solc 0.8.28 (optimizer {_optimizer_runs()} runs); {args.blocks_per_range} "
        f"blocks a range; {time.monotonic() - began:.0f} s in all.\n"
    )
    print("\n".join(figures.lines()))


if __name__ == "__main__":
    main()
