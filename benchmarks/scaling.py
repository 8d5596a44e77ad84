"""Scaling: gas per submit, index time and portal lookups as the chain grows to a million applications.

Run from the repository root: ``python -m benchmarks.scaling --sizes 10000,100000,1000000`` (or
``make bench-scale``). Writes the section "Scaling" of ``benchmarks/RESULTS.md`` and keeps every other
section as it is.

One anvil (``--prune-history``, no state file) grows to each size in turn; nothing is carried over from
another run and nothing is extrapolated: every figure of a row is measured on the chain at that size.

Growing the chain: real transactions to the ledger's ``submitBatch``, ``acceptBatch`` and ``approveBatch``
(100 entries a transaction) signed by the department's officers with explicit nonces, sent in JSON-RPC
batches with auto-mining off, and mined ``evm_mine`` by ``evm_mine`` into blocks of about 30M gas (as on a
public chain; ``--block-gas``). Receipts are read (and each checked for success) only at the end of each
chunk of 10,000 applications. The mix of every 100 applications: 70 of a one-step service (10 left
submitted, 20 accepted, 40 accepted and approved, which completes them) and 30 of a three-step service
(5 submitted, 10 accepted, 7 with step 1 approved, 4 with steps 1-2, 4 with all three steps approved and
completed), about 3.4 events per application.

At each size:

- gas: one fresh ``submit`` and a ``submitBatch`` of 100 sent through the SDK (``client.ledger.submit`` and
  ``submit_many``); the baseline is the same figure at the first size of the run;
- index: the project's indexer (``Indexer(...).sync()``) catching up the last chunk of 10,000 applications
  (all the events of its blocks) into the database that already holds everything before it (one database
  for the whole run, so the index grows with the chain); the baseline is one raw JSON-RPC ``eth_getLogs``
  over the same blocks and contracts (parsed JSON, nothing else), just before;
- lookups: the real portal (uvicorn, its follower running) as the browser calls it,
  ``GET /api/numbers/{hash}`` then ``GET /api/applications/{id}?commitment=``, with the harness of
  ``benchmarks/portal_load.py`` (clients in their own process, at 1 and at 32 concurrent clients), on a
  sample spread over the whole chain; the baseline is one raw ``getApplication`` eth_call over HTTP
  JSON-RPC to the same node at the same concurrency.

``--budget-minutes`` skips a size whose growth, at the rates measured so far in the run, would take longer
(the estimate only decides whether to run; it is never a figure).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import platform
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from eth_abi.abi import encode as abi_encode
from eth_utils.abi import function_abi_to_4byte_selector
from web3 import Web3

from benchmarks.portal_load import (
    CLIENTS,
    DEPARTMENT,
    LONG_SERVICE,
    SHORT_SERVICE,
    Anvil,
    LoadPlan,
    Progress,
    Sample,
    _load_process,
    portal,
    setup,
)
from benchmarks.run import ROOT, _optimizer_runs
from tests.conftest import free_port
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.codec import abi_type, function_abi
from zhangdian_sdk.core.codes import code_to_bytes32, number_hash
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.services.indexer import Indexer

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Scaling"
CHUNK = 10_000  # applications between receipt checks; the last chunk of each size is the one indexed timed
BATCH = 100  # entries per batch transaction (the ledger's MAX_BATCH)
BLOCK_GAS = 30_000_000
# Gas of one entry in a batch, about (benchmarks/run.py): only to cut the stream of transactions into
# blocks of about --block-gas, and (with a wide margin) for the transactions' gas limits.
NOMINAL_GAS = {"submitBatch": 125_000, "acceptBatch": 40_000, "approveBatch": 40_000}
LIMIT_GAS = {"submitBatch": 250_000, "acceptBatch": 100_000, "approveBatch": 150_000}
SAMPLE_EVERY = 97  # every 97th application can be looked up (its number, id and commitment are kept)
LOOKUP_SAMPLE = 2_000  # lookups are spread over at most this many of them, over the whole chain
SEND_BATCH = 50  # eth_sendRawTransaction calls per JSON-RPC batch request


# -- the mix -----------------------------------------------------------------------------------------


def plan_of(i: int) -> tuple[str, bool, int]:
    """Application i's service, whether it is accepted, and how many of its steps are approved."""
    r = i % 100
    if r < 70:  # the one-step service: approving its step completes it
        return SHORT_SERVICE, r >= 10, 1 if r >= 30 else 0
    if r < 75:
        return LONG_SERVICE, False, 0
    if r < 85:
        return LONG_SERVICE, True, 0
    if r < 92:
        return LONG_SERVICE, True, 1
    if r < 96:
        return LONG_SERVICE, True, 2
    return LONG_SERVICE, True, 3


def number_of(i: int) -> str:
    return f"ZD-SCALE-{i:07d}"


def commitment_of(i: int) -> bytes:
    """A distinct 32-byte commitment (the portal compares it; how the applicant made it does not matter)."""
    return hashlib.sha256(f"scaling-{i}".encode()).digest()


# -- growing the chain -------------------------------------------------------------------------------


@dataclass
class Officer:
    signer: LocalSigner
    nonce: int


@dataclass
class Grower:
    """Sends the mix's transactions straight to the node: explicit nonces, fixed gas limits, JSON-RPC
    batches, auto-mining off and one ``evm_mine`` per ~``block_gas``; receipts checked per chunk."""

    w3: Web3
    url: str
    ledger: ZhangdianClient
    officers: dict[str, Officer]
    block_gas: int
    size: int = 0  # applications on chain
    samples: list[Sample] = field(default_factory=list)
    _http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=600))
    _pending: list[dict[str, Any]] = field(default_factory=list)
    _pending_gas: int = 0
    _hashes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        contract = self.ledger.contract("ApplicationLedger")
        self.address = contract.address
        self.selectors = {
            name: function_abi_to_4byte_selector(contract.get_function_by_name(name).abi) for name in NOMINAL_GAS
        }
        self.types = {
            name: [abi_type(item) for item in function_abi("ApplicationLedger", name)["inputs"]] for name in NOMINAL_GAS
        }
        self.department = code_to_bytes32(DEPARTMENT)
        self.services = {code: code_to_bytes32(code) for code in (SHORT_SERVICE, LONG_SERVICE)}

    def rpc(self, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        body = [{"jsonrpc": "2.0", "id": n, "method": m, "params": p} for n, (m, p) in enumerate(calls)]
        answers = sorted(self._http.post(self.url, json=body).json(), key=lambda a: a["id"])
        for answer in answers:
            if "error" in answer:
                raise RuntimeError(f"{calls[answer['id']][0]}: {answer['error']}")
        return [answer["result"] for answer in answers]

    def grow(self, target: int, progress: Progress) -> None:
        """Submit applications until ``target`` are on chain, chunk by chunk."""
        # The SDK's senders (the gas measures) send from the same accounts: start from the node's nonces.
        for officer in self.officers.values():
            officer.nonce = self.w3.eth.get_transaction_count(officer.signer.address, "pending")
        self.rpc([("evm_setAutomine", [False])])
        try:
            while self.size < target:
                high = min(target, self.size + CHUNK)
                self._chunk(self.size, high)
                progress.add(high - self.size)
                self.size = high
        finally:
            self.rpc([("evm_setAutomine", [True])])
            self.ledger.sender.resync_nonce()

    def _chunk(self, low: int, high: int) -> None:
        ids = {i: self.ledger.ledger.id_for(NewApplication(number_of(i), SHORT_SERVICE, b"")) for i in range(low, high)}
        plans = {i: plan_of(i) for i in range(low, high)}
        submissions = [(number_of(i), self.services[plans[i][0]], commitment_of(i), []) for i in range(low, high)]
        for start in range(0, len(submissions), BATCH):
            self._send("clerk", "submitBatch", [submissions[start : start + BATCH]])
        accepted = [ids[i] for i in range(low, high) if plans[i][1]]
        for start in range(0, len(accepted), BATCH):
            self._send("clerk", "acceptBatch", [accepted[start : start + BATCH]])
        self._mine_all()
        # Step k is approved by its step's department: 0 and 2 by the approval bureau, 1 by market supervision.
        for step, officer in ((0, "approver"), (1, "inspector"), (2, "approver")):
            approvals = [(ids[i], step) for i in range(low, high) if plans[i][2] > step]
            for start in range(0, len(approvals), BATCH):
                self._send(officer, "approveBatch", [approvals[start : start + BATCH], bytes(32)])
            self._mine_all()
        self._check_receipts()
        for i in range(low, high):
            if i % SAMPLE_EVERY == 0:
                self.samples.append(
                    Sample(
                        number_of(i),
                        "0x" + number_hash(number_of(i)).hex(),
                        "0x" + commitment_of(i).hex(),
                        "0x" + ids[i].hex(),
                        plans[i][0] == LONG_SERVICE and plans[i][2] > 0,
                    )
                )

    def _send(self, role: str, function: str, args: list[Any]) -> None:
        entries = len(args[0])
        officer = self.officers[role]
        data = self.selectors[function] + abi_encode(self.types[function], args)
        tx = {
            "to": self.address,
            "data": data,
            "nonce": officer.nonce,
            "gas": 100_000 + LIMIT_GAS[function] * entries,
            "chainId": 31337,
            "maxFeePerGas": 1_000 * 10**9,
            "maxPriorityFeePerGas": 0,
        }
        officer.nonce += 1
        gas = NOMINAL_GAS[function] * entries
        if self._pending_gas + gas > self.block_gas:
            self._flush(mine=True)
        self._pending.append({"raw": "0x" + bytes(officer.signer.sign_transaction(tx)).hex()})
        self._pending_gas += gas
        if len(self._pending) >= SEND_BATCH:
            self._flush(mine=False)

    def _flush(self, *, mine: bool) -> None:
        if self._pending:
            self._hashes += self.rpc([("eth_sendRawTransaction", [p["raw"]]) for p in self._pending])
            self._pending = []
        if mine:
            self.rpc([("evm_mine", [])])
            self._pending_gas = 0

    def _mine_all(self) -> None:
        """Mine until the pool is empty: the next round's transactions need this round's state."""
        self._flush(mine=True)
        while int(self.rpc([("txpool_status", [])])[0]["pending"], 16) > 0:
            self.rpc([("evm_mine", [])])

    def _check_receipts(self) -> None:
        hashes, self._hashes = self._hashes, []
        for start in range(0, len(hashes), 100):
            part = hashes[start : start + 100]
            for tx_hash, receipt in zip(
                part, self.rpc([("eth_getTransactionReceipt", [h]) for h in part]), strict=True
            ):
                if receipt is None or receipt["status"] != "0x1":
                    raise RuntimeError(
                        f"transaction {tx_hash} failed or was not mined: {receipt and receipt['status']}"
                    )


# -- the measures ------------------------------------------------------------------------------------


def measure_gas(clerk: ZhangdianClient, size: int) -> tuple[int, float]:
    """Gas of one fresh submit and per record of a submitBatch of 100, through the SDK."""
    single = clerk.ledger.submit(
        f"ZD-GAS-{size}-1", service=SHORT_SERVICE, applicant_commitment=commitment_of(-size - 1)
    )
    batch = [
        NewApplication(f"ZD-GAS-{size}-B{j:03d}", SHORT_SERVICE, commitment_of(-size * 1000 - j)) for j in range(BATCH)
    ]
    results = clerk.ledger.submit_many(batch, batch_size=BATCH)
    if len(results) != 1:
        raise RuntimeError(f"a batch of {BATCH} went in {len(results)} transactions")
    return single.gas_used, results[0].gas_used / BATCH


def measure_index(w3: Web3, url: str, deployment: Any, database_url: str) -> dict[str, float]:
    """The indexer catching up what the database lacks, against one raw eth_getLogs over the same blocks."""
    indexer = Indexer(w3, deployment, database_url)
    first = indexer.indexed_block() + 1
    head = w3.eth.block_number
    addresses = [deployment.contracts[name].address for name in deployment.contracts]
    began = time.perf_counter()
    answer = httpx.post(
        url,
        json={
            "jsonrpc": "2.0",
            "id": 1,
            "method": "eth_getLogs",
            "params": [{"address": addresses, "fromBlock": hex(first), "toBlock": hex(head)}],
        },
        timeout=600,
    ).json()
    raw_seconds = time.perf_counter() - began
    raw_events = len(answer["result"])
    began = time.perf_counter()
    report = indexer.sync(to_block=head)
    index_seconds = time.perf_counter() - began
    indexer.engine.dispose()
    return {
        "blocks": float(head - first + 1),
        "events": float(report.events),
        "raw_events": float(raw_events),
        "index_seconds": index_seconds,
        "raw_seconds": raw_seconds,
    }


def indexed_events(database: Path) -> int:
    """Events in the index (the portal's follower has added the gas measures' own by then)."""
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM events").fetchone()[0])


def catch_up(w3: Web3, deployment: Any, database_url: str) -> tuple[int, float]:
    indexer = Indexer(w3, deployment, database_url)
    began = time.perf_counter()
    events = indexer.sync().events
    indexer.engine.dispose()
    return events, time.perf_counter() - began


def measure_lookups(
    url: str, deployment: Any, database_url: str, samples: list[Sample], seconds: float, single: int
) -> dict[str, dict[str, float]]:
    """portal_load's harness: lookups through the real portal and the eth_call baseline, 1 and 32 clients."""
    step = max(1, len(samples) // LOOKUP_SAMPLE)
    chosen = samples[::step][:LOOKUP_SAMPLE]
    with portal(url, deployment, database_url) as portal_url:
        plan = LoadPlan(
            portal_url=portal_url,
            node_url=url,
            ledger=deployment.contracts["ApplicationLedger"].address,
            selector="0x" + Web3.keccak(text="getApplication(bytes32)")[:4].hex(),
            samples=[asdict(s) for s in chosen],
            single_requests=single,
            seconds=seconds,
        )
        context = multiprocessing.get_context("spawn")
        output = context.Queue()
        process = context.Process(target=_load_process, args=(asdict(plan), output))
        process.start()
        load: dict[str, dict[str, float]] = output.get()
        process.join()
    return load


# -- the run -----------------------------------------------------------------------------------------


@dataclass
class Row:
    size: int
    on_chain: int
    events_total: int
    grow_seconds: float
    catch_up_seconds: float
    catch_up_events: int
    gas_single: int
    gas_batch: float
    index: dict[str, float]
    load: dict[str, dict[str, float]]


def run(
    sizes: Sequence[int],
    *,
    seconds: float,
    single_requests: int,
    block_gas: int,
    budget_minutes: float | None,
    folder: Path,
) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    database_url = f"sqlite:///{folder / 'index.db'}"
    events_total = 0
    with Anvil(free_port(), extra_options=("--prune-history", "--base-fee", "0")) as anvil:
        w3 = connect_web3(anvil.url)
        deployment, clients = setup(w3, anvil, folder)
        roles = ("admin", "clerk", "approver", "inspector")
        officers = {
            role: Officer(anvil.signer(n), w3.eth.get_transaction_count(anvil.signer(n).address))
            for n, role in enumerate(roles)
            if role != "admin"
        }
        grower = Grower(w3, anvil.url, clients["clerk"], officers, block_gas)
        gen_rate = index_rate = 0.0  # applications/s and events/s so far, for the budget only
        for size in sizes:
            if size <= grower.size:
                continue
            if budget_minutes is not None and gen_rate and index_rate:
                added = size - grower.size
                estimate = added / gen_rate + added * (events_total / grower.size) / index_rate
                if estimate / 60 > budget_minutes:
                    notes.append(
                        f"{size:,} applications not run: growing to it would take about {estimate / 60:.0f} min at "
                        f"this run's rates, over the budget of {budget_minutes:g} min (`--budget-minutes`)"
                    )
                    print(notes[-1], flush=True)
                    break
            print(f"growing to {size:,} applications", flush=True)
            began = time.monotonic()
            progress = Progress("applications", size - grower.size)
            last = max(grower.size, size - CHUNK)
            grower.grow(last, progress)
            grown = time.monotonic() - began
            catch_events, catch_seconds = catch_up(w3, deployment, database_url) if last > 0 else (0, 0.0)
            began = time.monotonic()
            grower.grow(size, progress)
            grown += time.monotonic() - began
            progress.add(0, force=True)
            print(
                f"  grown in {grown:.0f} s; index caught up {catch_events:,} events in {catch_seconds:.0f} s",
                flush=True,
            )
            index = measure_index(w3, anvil.url, deployment, database_url)
            gen_rate = grower.size / max(grown + sum(r.grow_seconds for r in rows), 1e-9)
            index_rate = (catch_events + index["events"]) / max(catch_seconds + index["index_seconds"], 1e-9)
            print(
                f"  index: {index['events']:,.0f} events in {index['index_seconds']:.2f} s; raw eth_getLogs "
                f"{index['raw_events']:,.0f} in {index['raw_seconds']:.2f} s",
                flush=True,
            )
            gas_single, gas_batch = measure_gas(clients["clerk"], size)
            print(f"  gas: submit {gas_single:,}, per record in a batch of {BATCH} {gas_batch:,.0f}", flush=True)
            load = measure_lookups(anvil.url, deployment, database_url, grower.samples, seconds, single_requests)
            on_chain = clients["clerk"].ledger.count()
            if on_chain != size + (BATCH + 1) * (len(rows) + 1):
                raise RuntimeError(
                    f"the ledger holds {on_chain:,} applications, not the {size:,} sent and the gas measures'"
                )
            events_total = indexed_events(folder / "index.db")
            rows.append(
                Row(
                    size, on_chain, events_total, grown, catch_seconds, catch_events, gas_single, gas_batch, index, load
                )
            )
    return rows, notes


# -- the report --------------------------------------------------------------------------------------


def _machine(load: tuple[float, ...]) -> str:
    return (
        f"{platform.machine()}, {platform.system()}, {os.cpu_count()} cores (load average "
        f"{', '.join(f'{x:.1f}' for x in load)} at the start; shared machine, figures are noisy), Python "
        f"{platform.python_version()}, anvil (npm @foundry-rs/anvil, --prune-history), solc 0.8.28 (optimizer "
        f"{_optimizer_runs()} runs)"
    )


def _x(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "-"


def section(rows: list[Row], notes: list[str], command: str, machine: str, date: str, block_gas: int) -> str:
    first = rows[0]
    lines = [
        SECTION,
        "",
        f"Run {date} with `{command}` on {machine}. One anvil grows to each size in turn: `submitBatch`, "
        f"`acceptBatch` and `approveBatch` transactions of {BATCH} entries signed by the officers, pipelined in "
        f"blocks of about {block_gas / 1e6:g}M gas, receipts checked every {CHUNK:,} applications. The mix of "
        "every 100 applications: 70 of a one-step service (10 submitted, 20 accepted, 40 approved and so "
        "completed), 30 of a three-step service (5 submitted, 10 accepted, 7 at step 2, 4 at step 3, 4 "
        "completed). Every figure is measured at its size; the index and the lookups stand beside a baseline "
        "from the same moment, the gas beside the first size of the run.",
        "",
        "| applications | events on chain | grown in (from the previous size) | index caught up (all before "
        f"the last {CHUNK:,}) |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        rate = (row.size - (rows[rows.index(row) - 1].size if row is not first else 0)) / row.grow_seconds
        lines.append(
            f"| {row.size:,} | {row.events_total:,} | {row.grow_seconds:,.0f} s ({rate:,.0f} applications/s) | "
            f"{row.catch_up_events:,} events in {row.catch_up_seconds:,.1f} s |"
        )
    lines += [
        "",
        f"Gas per submit, through the SDK (`ledger.submit`, `ledger.submit_many` of {BATCH}):",
        "",
        f"| applications | submit | vs {first.size:,} | per record, batch of {BATCH} | vs {first.size:,} |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row.size:,} | {row.gas_single:,} | {_x(row.gas_single, first.gas_single)} | {row.gas_batch:,.0f} | "
            f"{_x(row.gas_batch, first.gas_batch)} |"
        )
    lines += [
        "",
        f"Index time per 10,000 events: the indexer (`Indexer.sync`, SQLite) catching up the last {CHUNK:,} "
        "applications' blocks into the database holding everything before; baseline: one raw JSON-RPC "
        "`eth_getLogs` over the same blocks and contracts, just before.",
        "",
        "| applications | events indexed (blocks) | indexer, per 10,000 events | raw eth_getLogs, per 10,000 "
        "events | indexer speed / raw speed |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        i = row.index
        per = i["index_seconds"] * 10_000 / i["events"] if i["events"] else 0.0
        raw = i["raw_seconds"] * 10_000 / i["raw_events"] if i["raw_events"] else 0.0
        lines.append(
            f"| {row.size:,} | {i['events']:,.0f} ({i['blocks']:,.0f}) | {per:.2f} s | {raw:.3f} s | {_x(raw, per)} |"
        )
    lines += [
        "",
        "Status lookup through the portal API (`GET /api/numbers/{hash}`, then `GET /api/applications/{id}"
        "?commitment=`; the harness of `benchmarks/portal_load.py`, on applications spread over the whole "
        "chain); baseline: one raw `getApplication` eth_call, same node, same concurrency:",
        "",
        f"| applications | 1 client p50 | p99 | eth_call p99 | ratio | {CLIENTS} clients p50 | p99 | eth_call p99 | "
        "ratio | lookups (errors) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        one, one_c = row.load["lookup_1"], row.load["eth_call_1"]
        many, many_c = row.load[f"lookup_{CLIENTS}"], row.load[f"eth_call_{CLIENTS}"]
        lines.append(
            f"| {row.size:,} | {one['p50']:.1f} ms | {one['p99']:.1f} ms | {one_c['p99']:.1f} ms | "
            f"{_x(one['p99'], one_c['p99'])} | {many['p50']:.1f} ms | {many['p99']:.1f} ms | {many_c['p99']:.1f} ms | "
            f"{_x(many['p99'], many_c['p99'])} | {one['count'] + many['count']:,.0f} "
            f"({one['errors'] + many['errors']:,.0f}) |"
        )
    lines += [
        "",
        f"Each size also holds the {BATCH + 1} applications of each earlier gas measure.",
        *(f"\n{note}." for note in notes),
        "",
    ]
    return "\n".join(lines)


def write(text: str, results: Path) -> None:
    """Write or replace the Scaling section, keeping every other section."""
    existing = results.read_text() if results.exists() else "# Benchmark results\n"
    before, found, after = existing.partition(SECTION)
    rest = after.partition("\n## ")
    kept = ("\n## " + rest[2]) if found and rest[1] else ""
    results.write_text(before.rstrip("\n") + "\n\n" + text + kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="applications at each row (comma-separated)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each timed lookup phase (default 10 s)")
    parser.add_argument("--single-requests", type=int, default=1_000, help="lookups per single-client phase")
    parser.add_argument("--block-gas", type=int, default=BLOCK_GAS, help="gas per mined block, about")
    parser.add_argument("--budget-minutes", type=float, default=None, help="skip a size that would take longer")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the file whose Scaling section is written")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    load = os.getloadavg()
    date = datetime.now(UTC).isoformat(timespec="seconds")
    command = "python -m benchmarks.scaling --sizes " + ",".join(str(s) for s in sizes)
    if args.budget_minutes is not None:
        command += f" --budget-minutes {args.budget_minutes:g}"
    with tempfile.TemporaryDirectory() as tmp:
        rows, notes = run(
            sizes,
            seconds=args.seconds,
            single_requests=args.single_requests,
            block_gas=args.block_gas,
            budget_minutes=args.budget_minutes,
            folder=Path(tmp),
        )
    text = section(rows, notes, command, _machine(load), date, args.block_gas)
    write(text, args.results)
    print(text)
    print(f"written to {args.results}")


if __name__ == "__main__":
    main()
