"""Bulk import from the office's file: ``zhangdian application import`` against per-transaction loops.

Run from the repository root: ``python -m benchmarks.import_bench --rows 10000`` (the issue's figure).
Writes the section "Bulk import from the office's file" of ``benchmarks/RESULTS.md``.

In one run on a fresh anvil (auto-mining, ``--prune-history``, no state file), the same N rows of the
office's real file (application number, service, the applicant's ID number: no commitment precomputed)
are recorded three ways, each under its own number prefix:

1. naive: a web3.py loop that, per row, computes the salted commitment, builds the ``submit``
   transaction (``build_transaction``: nonce and gas asked of the node), signs it, sends it and waits
   for its receipt; over all rows, or with ``--naive-sample K`` over every (N/K)-th row, stated in the
   results (never extrapolated from a fastest part);
2. pipelined: per row one ``submit`` transaction with explicit nonces and a fixed gas limit, all sent
   before the receipts are awaited (no batching);
3. the CLI: ``zhangdian application import FILE.csv`` in a subprocess, end to end: reading the file,
   the preflight of every row against the catalogue, commitments and the journal, ``submitBatch``
   (100 a transaction, pipelined), the check of every record on chain and the receipt codes file.

The loops go first, so the CLI meets the fuller chain. Ratios are rows/s over rows/s.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from web3 import Web3

from benchmarks.portal_load import Anvil, setup
from benchmarks.run import ROOT, _optimizer_runs
from tests.conftest import free_port
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.identifiers import citizen_id_check_character
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt

SERVICE = "ZD-GTGSH-SL"
DEPARTMENT = "ZD-XPSJ"
SECTION = "## Bulk import from the office's file"


def citizen(i: int) -> str:
    """A fictional ID number with a correct check character: born 1 Jan 1950 + i days, sequence 001-999."""
    body = f"370303{date(1950, 1, 1) + timedelta(days=i // 999):%Y%m%d}{i % 999 + 1:03d}"
    return body + citizen_id_check_character(body)


def write_file(path: Path, prefix: str, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["application_number", "service", "applicant_id"])
        writer.writerows([f"{prefix}-{i:06d}", SERVICE, citizen(i)] for i in range(rows))


def _submission(number: str, identity: str) -> tuple[Any, ...]:
    commitment = applicant_commitment(identity, new_salt(), department=DEPARTMENT)
    return (number, code_to_bytes32(SERVICE), commitment, [])


def naive(w3: Web3, clerk: ZhangdianClient, signer: LocalSigner, indices: list[int]) -> float:
    """Rows/s of build-sign-send-wait, one row at a time."""
    contract = clerk.contract("ApplicationLedger")
    address = signer.address
    start = time.perf_counter()
    for i in indices:
        tx = contract.functions.submit(_submission(f"NAIVE-{i:06d}", citizen(i))).build_transaction(
            {"from": address, "nonce": w3.eth.get_transaction_count(address)}
        )
        tx_hash = w3.eth.send_raw_transaction(signer.sign_transaction(dict(tx)))
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash, poll_latency=0.01)
        assert receipt["status"] == 1
    return len(indices) / (time.perf_counter() - start)


def pipelined(w3: Web3, clerk: ZhangdianClient, signer: LocalSigner, rows: int) -> float:
    """Rows/s of one transaction per row, explicit nonces, a fixed gas limit, receipts awaited at the end."""
    contract = clerk.contract("ApplicationLedger")
    address = signer.address
    start = time.perf_counter()
    nonce = w3.eth.get_transaction_count(address)
    first = contract.functions.submit(_submission("PIPE-GAS", citizen(0))).build_transaction({"from": address})
    gas = int(first["gas"] * 1.3)
    base = int(w3.eth.get_block("latest")["baseFeePerGas"])
    fees = {"maxFeePerGas": 4 * base + 10**9, "maxPriorityFeePerGas": 10**9}
    hashes = []
    for i in range(rows):
        data = contract.encode_abi("submit", args=[_submission(f"PIPE-{i:06d}", citizen(i))])
        tx = {"to": contract.address, "data": data, "nonce": nonce + i, "gas": gas, "chainId": 31337, **fees}
        hashes.append(w3.eth.send_raw_transaction(signer.sign_transaction(tx)))
    for tx_hash in hashes:
        assert w3.eth.wait_for_transaction_receipt(tx_hash, poll_latency=0.01)["status"] == 1
    return rows / (time.perf_counter() - start)


def cli_import(anvil: Anvil, manifest: Path, signer: LocalSigner, path: Path, rows: int) -> float:
    """Rows/s of ``zhangdian application import`` in a subprocess, end to end."""
    command = shutil.which("zhangdian", path=str(Path(sys.executable).parent)) or "zhangdian"
    env = {
        **os.environ,
        "ZHANGDIAN_RPC_URL": anvil.url,
        "ZHANGDIAN_PRIVATE_KEY": "0x" + signer._account.key.hex(),
        "PYTHONPATH": str(ROOT),
    }
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - the project's own command
        [command, "application", "import", str(path), "--deployment", str(manifest)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or f"{rows} submitted" not in done.stdout:
        raise RuntimeError(f"the import failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return rows / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--naive-sample", type=int, default=0, help="rows of the naive loop (0: all rows)")
    args = parser.parse_args()
    rows = args.rows
    sample = args.naive_sample or rows
    step = max(1, rows // sample)
    naive_rows = list(range(0, rows, step))[:sample]
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder, Anvil(free_port(), extra_options=("--prune-history",)) as anvil:
        w3 = connect_web3(anvil.url)
        deployment, clients = setup(w3, anvil, Path(folder))
        manifest = Path(folder) / "31337.json"
        deployment.save(manifest)
        clerk = clients["clerk"]
        signer = anvil.signer(1)
        path = Path(folder) / "applications.csv"
        write_file(path, "CLI", rows)
        print(f"naive loop over {len(naive_rows)} rows ...", flush=True)
        naive_rate = naive(w3, clerk, signer, naive_rows)
        print(f"  {naive_rate:.1f} rows/s", flush=True)
        print(f"pipelined loop over {rows} rows ...", flush=True)
        pipelined_rate = pipelined(w3, clerk, signer, rows)
        print(f"  {pipelined_rate:.1f} rows/s", flush=True)
        print(f"zhangdian application import of {rows} rows ...", flush=True)
        cli_rate = cli_import(anvil, manifest, signer, path, rows)
        print(f"  {cli_rate:.1f} rows/s", flush=True)
        assert clerk.ledger.count() == len(naive_rows) + 2 * rows
    _write(rows, len(naive_rows), step, naive_rate, pipelined_rate, cli_rate, load)


def _write(
    rows: int, naive_rows: int, step: int, naive: float, pipelined: float, cli: float, load: tuple[float, ...]
) -> None:
    sample = "all rows" if naive_rows == rows else f"sample: every {step}th row of the file, same chain state"
    lines = [
        SECTION,
        "",
        f"Run {datetime.now(UTC).isoformat(timespec='seconds')} with `python -m benchmarks.import_bench --rows {rows}"
        f"{'' if naive_rows == rows else f' --naive-sample {naive_rows}'}` "
        f"on {platform.machine()}, {platform.system()}, {os.cpu_count()} cores (load average "
        f"{', '.join(f'{x:.1f}' for x in load)} at the start; shared machine, figures are noisy), Python "
        f"{platform.python_version()}, anvil (auto-mining, --prune-history), solc 0.8.28 (optimizer "
        f"{_optimizer_runs()} "
        "runs). The office's file: application number, service, the applicant's ID number (no commitment precomputed).",
        "",
        "| how | rows | rows/s | CLI import is |",
        "| --- | ---: | ---: | ---: |",
        f"| `zhangdian application import` (subprocess, end to end: file, preflight, commitments, journal, "
        f"submitBatch x100 pipelined, check of every record, receipt codes) | {rows:,} | {cli:.0f} | - |",
        f"| naive web3.py loop (commitment, build_transaction, sign, send, wait) | {naive_rows:,} ({sample}) | "
        f"{naive:.1f} | {cli / naive:.1f}x |",
        f"| pipelined per-transaction loop (explicit nonces, fixed gas, no batching) | {rows:,} | {pipelined:.0f} | "
        f"{cli / pipelined:.1f}x |",
        "",
        f"Targets: at least 30x the naive loop ({'met' if cli / naive >= 30 else 'NOT met'}), at least 3x the "
        f"pipelined loop ({'met' if cli / pipelined >= 3 else 'NOT met'}).",
        "",
    ]
    output = ROOT / "benchmarks" / "RESULTS.md"
    text = output.read_text() if output.exists() else "# Benchmark results\n"
    before, found, after = text.partition(SECTION)
    rest = after.partition("\n## ")
    kept = ("\n## " + rest[2]) if found and rest[1] else ""
    output.write_text(before.rstrip("\n") + "\n\n" + "\n".join(lines) + kept)
    print("\n".join(lines))
    print(f"written to {output}")


if __name__ == "__main__":
    main()
