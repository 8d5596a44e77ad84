"""A killed index sync: SIGKILL of ``zhangdian index sync`` mid-sync, then a resume, against a clean sync."""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.faults.conftest import OwnChain
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.services.indexer import Indexer

APPLICATIONS = 900
PER_BLOCK = 15  # applications per submitBatch transaction, one transaction a block
COMMIT_EVENTS = 15  # events per transaction of the killed sync: one block each


def _read(path: Path, query: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as connection:
        return connection.execute(query).fetchall()


def _checkpoint(path: Path) -> tuple[int, int] | None:
    """(checkpoint block, events stored), read as another process would; None before the first commit."""
    try:
        found = _read(path, "SELECT block_number, (SELECT count(*) FROM events) FROM checkpoint")
    except sqlite3.Error:  # the file or its tables are not there yet
        return None
    return (int(found[0][0]), int(found[0][1])) if found else None


def _contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What the index holds, without the database's own row ids."""
    return {
        "events": _read(
            path,
            "SELECT block_number, block_hash, transaction_hash, log_index, contract, name, subject, department, args,"
            " timestamp FROM events ORDER BY block_number, log_index",
        ),
        "applications": _read(path, "SELECT * FROM applications ORDER BY id"),
        "services": _read(path, "SELECT * FROM services ORDER BY code, version"),
        "ratings": _read(path, "SELECT * FROM ratings ORDER BY application_id"),
        "checkpoint": _read(path, "SELECT chain_id, block_number, block_hash FROM checkpoint"),
    }


def test_a_killed_sync_resumes_to_the_index_a_clean_sync_builds(own_chain: OwnChain, tmp_path: Path) -> None:
    clerk = own_chain.clerk()
    addresses = [contract.address for contract in own_chain.deployment.contracts.values()]
    setup_events = len(clerk.w3.eth.get_logs({"address": addresses, "fromBlock": 0, "toBlock": "latest"}))
    applications = [
        NewApplication(f"KILLIDX-{i:05d}", "ZD-GTGSH-SL", (i + 1).to_bytes(32, "big")) for i in range(APPLICATIONS)
    ]
    clerk.ledger.submit_many(applications, batch_size=PER_BLOCK)
    head = clerk.w3.eth.block_number
    killed = tmp_path / "killed.db"
    command = [
        str(Path(sys.executable).with_name("zhangdian")),
        "index",
        "sync",
        "--commit-events",
        str(COMMIT_EVENTS),
        "--database",
        f"sqlite:///{killed}",
        "--deployment",
        str(own_chain.manifest),
    ]
    env = {**os.environ, "ZHANGDIAN_RPC_URL": own_chain.chain.rpc_url}
    syncing = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen: list[tuple[int, int]] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and syncing.poll() is None:
        found = _checkpoint(killed)
        if found is not None and found[1] > 0 and (not seen or found != seen[-1]):
            seen.append(found)
            if len(seen) >= 3 and found[1] >= setup_events + 3 * PER_BLOCK:  # kill it mid-sync
                os.kill(syncing.pid, signal.SIGKILL)
                break
        time.sleep(0.002)
    output, _ = syncing.communicate(timeout=60)
    assert syncing.returncode == -signal.SIGKILL, output.decode()

    # Killed mid-sync, the index holds exactly the events of the blocks up to its checkpoint: every
    # transaction brought the checkpoint and its events together, a few blocks at a time.
    stopped_at, stored = _checkpoint(killed) or (0, 0)
    assert stopped_at < head
    assert stored == len(clerk.w3.eth.get_logs({"address": addresses, "fromBlock": 0, "toBlock": stopped_at}))
    steps = [later[1] - earlier[1] for earlier, later in itertools.pairwise(seen)]
    assert len(seen) >= 3
    assert all(step > 0 for step in steps)  # committed in steps, each seen by another process
    submitted = _read(killed, "SELECT count(*) FROM applications")[0][0]
    assert 0 < submitted < APPLICATIONS

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert f"indexed blocks {stopped_at + 1}-" in resumed.stdout  # it went on from the checkpoint

    final = _checkpoint(killed)
    assert final is not None
    clean = tmp_path / "clean.db"
    Indexer(clerk.w3, own_chain.deployment, f"sqlite:///{clean}").sync(to_block=final[0])
    assert _contents(killed) == _contents(clean)  # nothing missing, nothing doubled
    assert _read(killed, "SELECT count(*) FROM applications")[0][0] == APPLICATIONS
