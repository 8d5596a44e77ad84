"""Scaling: gas per submit, index time and portal lookups as the chain grows to a million applications.

Run from the repository root: ``python -m benchmarks.scaling --sizes 10000,100000,1000000`` (or
``make bench-scale``). Writes the section "Scaling" of ``benchmarks/RESULTS.md`` and keeps every other
section as it is.

One anvil (``--prune-history``, no state file) grows to each size in turn; nothing is carried over from
another run and nothing is extrapolated: every figure of a row is measured on the chain at that size.

Growing the chain: real transactions to the ledger's ``submitBatch``, ``acceptBatch`` and ``approveBatch``
(100 entries a transaction) from the department's officers (anvil's own accounts, so the node signs them)
with explicit nonces, sent in JSON-RPC batches with auto-mining off, in order (equal fees: the node mines
them in the order they arrive, so an approval always follows the acceptance it needs). The last 10,000
applications of each size, the slice whose indexing is timed, are mined ``evm_mine`` by ``evm_mine`` into
blocks of about 30M gas (as on a public chain; ``--block-gas``); everything before them (the filler) is
mined in blocks of up to 50,000 applications. Anvil 1.7.1 rebuilds its whole state trie and copies its whole
state for every block it mines, so a block costs time in proportion to the applications already on chain
(an empty block: about 0.4 s at 10,000 applications, 1.8 s at 100,000, 5.5 s at 200,000 on the 2-core
machine); mined in 30M-gas blocks, the filler alone would need about 7,000 blocks to reach 1,000,000. Every
chunk is checked once mined: each transaction's events (one ``eth_getLogs``) number at least its entries (a
reverted one has none) and every officer's nonce is mined.

The mix of every 100 applications: 70 of a one-step service (10 left submitted, 20 accepted, 40
accepted and approved, which completes them) and 30 of a three-step service (5 submitted, 10 accepted, 7
with step 1 approved, 4 with steps 1-2, 4 with all three steps approved and completed), about 3.4 events
per application.

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

``--budget-minutes`` skips a size whose growth and indexing, at the rates measured so far in the run, would
take longer; at the end the run prints the same estimate for each ``--project`` size beyond it (default
1,000,000): the filler's time per application and the slice's time per block, each a straight line in the
chain's size. Estimates only decide whether to run; they are never figures.
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
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from eth_abi.abi import encode as abi_encode
from eth_utils.abi import function_abi_to_4byte_selector
from eth_utils.crypto import keccak
from web3 import Web3

from benchmarks.index_bench import raw_get_logs
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
from zhangdian_sdk.core.codes import APPLICATION_ID_TAG, code_to_bytes32, number_hash
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.services.indexer import Indexer

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Scaling"
CHUNK = 10_000  # the last applications of each size, mined in realistic blocks: the slice indexed timed (--slice)
BATCH = 100  # entries per batch transaction (the ledger's MAX_BATCH)
BLOCK_GAS = 30_000_000
# Gas of one entry in a batch with its share of the transaction, about (measured on this chain with ledger
# 1.3.0): only to cut the slice's stream of transactions into blocks of about --block-gas.
NOMINAL_GAS = {"submitBatch": 101_000, "acceptBatch": 38_000, "approveBatch": 31_000}
LIMIT_GAS = {"submitBatch": 250_000, "acceptBatch": 100_000, "approveBatch": 150_000}
FILL_CHUNK = 50_000  # filler applications (all before the measured last CHUNK of a size) mined in one block
NODE_GAS_LIMIT = 1_000_000_000  # the node's block gas limit (portal_load.Anvil): a ceiling, blocks are cut smaller
FILL_GAS_LIMIT = 10**12  # the block gas limit while the filler is mined (FILL_CHUNK needs about 9e9)
SAMPLE_EVERY = 97  # every 97th application can be looked up (its number, id and commitment are kept)
LOOKUP_SAMPLE = 2_000  # lookups are spread over at most this many of them, over the whole chain
SEND_BATCH = 50  # eth_sendTransaction calls per JSON-RPC batch request, at most
SEND_BYTES = 1_000_000  # and at most about this many bytes of call data (anvil refuses 2 MB bodies)


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


def _word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def encode_submissions(submissions: Sequence[tuple[str, bytes, bytes]]) -> bytes:
    """``submitBatch``'s argument ``(string,bytes32,bytes32,bytes32[])[]`` (number, service, commitment, no
    materials), ABI-encoded by hand: eth_abi's general encoder took more time than anvil executing the
    batch. tests/benchmarks/test_scaling.py checks it against eth_abi."""
    heads: list[bytes] = []
    tails: list[bytes] = []
    offset = 32 * len(submissions)
    for number, service, commitment in submissions:
        text = number.encode()
        padded = text + bytes(-len(text) % 32)
        # head: offset of the string, service, commitment, offset of the (empty) array; then the string, the array
        tail = _word(128) + service + commitment + _word(160 + len(padded)) + _word(len(text)) + padded + _word(0)
        heads.append(_word(offset))
        tails.append(tail)
        offset += len(tail)
    return _word(32) + _word(len(submissions)) + b"".join(heads) + b"".join(tails)


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
    blocks: int = 0  # blocks mined
    fill_times: list[tuple[int, int, float]] = field(default_factory=list)  # filler chunks: apps, size after, s
    slice_times: list[tuple[int, int, int, float]] = field(default_factory=list)  # slices: apps, blocks, after, s
    samples: list[Sample] = field(default_factory=list)
    _http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=600))
    _pending: list[dict[str, Any]] = field(default_factory=list)
    _pending_gas: int = 0
    _hashes: list[tuple[str, int]] = field(default_factory=list)  # sent, not yet checked: (hash, entries)

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
        self.receiving = {code: self.ledger.ledger.receiving_department(code) for code in self.services}
        self._block_gas = self.block_gas

    def rpc(self, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        body = [{"jsonrpc": "2.0", "id": n, "method": m, "params": p} for n, (m, p) in enumerate(calls)]
        reply = self._http.post(self.url, json=body).json()
        if not isinstance(reply, list):  # the node refused the whole batch
            raise RuntimeError(f"{calls[0][0]} x{len(calls)}: {reply}")
        answers = sorted(reply, key=lambda a: a["id"])
        for answer in answers:
            if "error" in answer:
                raise RuntimeError(f"{calls[answer['id']][0]}: {answer['error']}")
        return [answer["result"] for answer in answers]

    def grow(self, target: int, progress: Progress, *, filler: bool = False) -> None:
        """Submit applications until ``target`` are on chain: in blocks of about ``block_gas``, or, for the
        ``filler``, chunk by chunk, a chunk of up to ``FILL_CHUNK`` in one block."""
        # The SDK's senders (the gas measures) send from the same accounts: start from the node's nonces.
        for officer in self.officers.values():
            officer.nonce = self.w3.eth.get_transaction_count(officer.signer.address, "pending")
        self.rpc([("evm_setAutomine", [False])] + ([("evm_setBlockGasLimit", [hex(FILL_GAS_LIMIT)])] if filler else []))
        try:
            while self.size < target:
                high = min(target, self.size + FILL_CHUNK) if filler else target
                began, blocks = time.monotonic(), self.blocks
                self._chunk(self.size, high, block_gas=FILL_GAS_LIMIT if filler else self.block_gas)
                seconds = time.monotonic() - began
                if filler:
                    self.fill_times.append((high - self.size, high, seconds))
                else:
                    self.slice_times.append((high - self.size, self.blocks - blocks, high, seconds))
                progress.add(high - self.size)
                self.size = high
        finally:
            self.rpc([("evm_setBlockGasLimit", [hex(NODE_GAS_LIMIT)]), ("evm_setAutomine", [True])])
            self.ledger.sender.resync_nonce()

    def _chunk(self, low: int, high: int, *, block_gas: int) -> None:
        """All the transactions of applications low..high-1, in order (the node mines them in the order they
        arrive: equal fees), cut into blocks of about ``block_gas``; then every receipt is checked."""
        self._block_gas = block_gas
        first_block = int(self.rpc([("eth_blockNumber", [])])[0], 16) + 1
        # application_id_for, without its general ABI encoder: three words
        ids = {
            i: keccak(APPLICATION_ID_TAG + self.receiving[plan_of(i)[0]] + number_hash(number_of(i)))
            for i in range(low, high)
        }
        plans = {i: plan_of(i) for i in range(low, high)}
        submissions = [(number_of(i), self.services[plans[i][0]], commitment_of(i)) for i in range(low, high)]
        for start in range(0, len(submissions), BATCH):
            self._send("clerk", "submitBatch", [submissions[start : start + BATCH]])
        accepted = [ids[i] for i in range(low, high) if plans[i][1]]
        for start in range(0, len(accepted), BATCH):
            self._send("clerk", "acceptBatch", [accepted[start : start + BATCH]])
        # Step k is approved by its step's department: 0 and 2 by the approval bureau, 1 by market supervision.
        # An approval arrives after the acceptance or approval it needs, so it is mined after it.
        for step, officer in ((0, "approver"), (1, "inspector"), (2, "approver")):
            approvals = [(ids[i], step) for i in range(low, high) if plans[i][2] > step]
            for start in range(0, len(approvals), BATCH):
                self._send(officer, "approveBatch", [approvals[start : start + BATCH], bytes(32)])
        self._mine_all()
        self._check_receipts(first_block)
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
        encoded = encode_submissions(args[0]) if function == "submitBatch" else abi_encode(self.types[function], args)
        data = self.selectors[function] + encoded
        # Signed by the node, which holds the officers' keys (anvil's own accounts): eth_account signing a
        # 25 kB batch in Python cost more than anvil executing it.
        tx = {
            "from": officer.signer.address,
            "to": self.address,
            "data": "0x" + data.hex(),
            "nonce": hex(officer.nonce),
            "gas": hex(100_000 + LIMIT_GAS[function] * entries),
            "maxFeePerGas": hex(1_000 * 10**9),
            "maxPriorityFeePerGas": "0x0",
        }
        officer.nonce += 1
        gas = NOMINAL_GAS[function] * entries
        if self._pending_gas + gas > self._block_gas:
            self._flush(mine=True)
        self._pending.append({"tx": tx, "entries": entries})
        self._pending_gas += gas
        if len(self._pending) >= SEND_BATCH or sum(len(p["tx"]["data"]) for p in self._pending) >= SEND_BYTES:
            self._flush(mine=False)

    def _flush(self, *, mine: bool) -> None:
        if self._pending:
            hashes = self.rpc([("eth_sendTransaction", [p["tx"]]) for p in self._pending])
            self._hashes += zip(hashes, (p["entries"] for p in self._pending), strict=True)
            self._pending = []
        if mine:
            self.rpc([("evm_mine", [])])
            self.blocks += 1
            self._pending_gas = 0

    def _mine_all(self) -> None:
        """Send what is left and mine until the pool is empty."""
        self._flush(mine=True)
        while int(self.rpc([("txpool_status", [])])[0]["pending"], 16) > 0:
            self.rpc([("evm_mine", [])])
            self.blocks += 1

    def _check_receipts(self, first_block: int) -> None:
        """Every transaction sent since ``first_block`` was mined and succeeded with every entry: each one's
        events (one ``eth_getLogs`` of the ledger over the new blocks) number at least its entries, and a
        reverted transaction has none. (Receipts one by one cost anvil time in proportion to the logs of
        their block: minutes for the filler's blocks.)"""
        sent, self._hashes = self._hashes, []
        head = int(self.rpc([("eth_blockNumber", [])])[0], 16)
        logs = self.rpc(
            [("eth_getLogs", [{"address": self.address, "fromBlock": hex(first_block), "toBlock": hex(head)}])]
        )[0]
        events = Counter(log["transactionHash"] for log in logs)
        for tx_hash, entries in sent:
            if events[tx_hash] < entries:
                raise RuntimeError(
                    f"transaction {tx_hash} of {entries} entries has {events[tx_hash]} events in blocks "
                    f"{first_block}-{head}: it failed, or was not mined"
                )
        for role, officer in self.officers.items():
            mined = self.w3.eth.get_transaction_count(officer.signer.address, "latest")
            if mined != officer.nonce:
                raise RuntimeError(f"the {role}'s transactions up to nonce {officer.nonce} are not all mined ({mined})")


def _line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares a + b*x through (x, y) points, b at least 0 (one point: y = a)."""
    if len({x for x, _ in points}) < 2:
        return sum(y for _, y in points) / len(points), 0.0
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    b = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    b = max(b, 0.0)
    return my - b * mx, b


def projected_growth(grower: Grower, size: int, slice_size: int) -> float:
    """Seconds to grow from ``grower.size`` to ``size``, from this run's growth: the filler's time per
    application and the slice's time per block, each a straight line in the chain's size (anvil's time per
    block grows with its state). An estimate to decide whether to run a size, never a figure of the table."""
    fill_a, fill_b = _line(
        [(after - apps / 2, seconds / apps) for apps, after, seconds in grower.fill_times] or [(0, 0)]
    )
    slice_a, slice_b = _line([(after, seconds / blocks) for _, blocks, after, seconds in grower.slice_times])
    blocks_per_app = sum(t[1] for t in grower.slice_times) / sum(t[0] for t in grower.slice_times)
    last = max(grower.size, size - slice_size)
    seconds, low = 0.0, grower.size
    while low < last:
        high = min(last, low + FILL_CHUNK)
        seconds += (high - low) * (fill_a + fill_b * (low + high) / 2)
        low = high
    return seconds + (size - last) * blocks_per_app * (slice_a + slice_b * size)


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
    raw_events, raw_seconds = raw_get_logs(url, addresses, [(first, head)])
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
    filler: tuple[int, int, float]  # applications, blocks, seconds
    slice: tuple[int, int, float]  # the last applications of the size (indexed timed): applications, blocks, seconds
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
    slice_size: int = CHUNK,
    project: Sequence[int] = (),
) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    database_url = f"sqlite:///{folder / 'index.db'}"
    events_total = 0
    with Anvil(free_port(), extra_options=("--prune-history", "--base-fee", "0", "--order", "fifo")) as anvil:
        w3 = connect_web3(anvil.url)
        deployment, clients = setup(w3, anvil, folder)
        roles = ("admin", "clerk", "approver", "inspector")
        officers = {
            role: Officer(anvil.signer(n), w3.eth.get_transaction_count(anvil.signer(n).address))
            for n, role in enumerate(roles)
            if role != "admin"
        }
        grower = Grower(w3, anvil.url, clients["clerk"], officers, block_gas)
        index_rate = 0.0  # events/s indexed so far, for the budget and the projections only
        for size in sizes:
            if size <= grower.size:
                continue
            if budget_minutes is not None and grower.slice_times and index_rate:
                grow_s, index_s = projection(grower, size, slice_size, events_total, index_rate)
                if (grow_s + index_s) / 60 > budget_minutes:
                    notes.append(
                        f"{size:,} applications not run: growing to it would take about {grow_s / 60:.0f} min and "
                        f"indexing it about {index_s / 60:.0f} min at this run's rates, over the budget of "
                        f"{budget_minutes:g} min (`--budget-minutes`)"
                    )
                    print(notes[-1], flush=True)
                    break
            print(f"growing to {size:,} applications", flush=True)
            began = time.monotonic()
            progress = Progress("applications", size - grower.size)
            before = grower.size
            last = max(grower.size, size - slice_size)
            blocks = grower.blocks
            grower.grow(last, progress, filler=True)
            filled = time.monotonic() - began
            filler = (last - before, grower.blocks - blocks, filled)
            blocks = grower.blocks
            catch_events, catch_seconds = catch_up(w3, deployment, database_url) if last > 0 else (0, 0.0)
            began = time.monotonic()
            grower.grow(size, progress)
            sliced = time.monotonic() - began
            grown = filled + sliced
            piece = (size - last, grower.blocks - blocks, sliced)
            progress.add(0, force=True)
            print(
                f"  grown in {grown:.0f} s ({filler[0]:,} in {filler[1]} blocks in {filled:.0f} s, the last "
                f"{piece[0]:,} in {piece[1]} blocks in {sliced:.0f} s); index caught up {catch_events:,} events "
                f"in {catch_seconds:.0f} s",
                flush=True,
            )
            index = measure_index(w3, anvil.url, deployment, database_url)
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
                    size,
                    on_chain,
                    events_total,
                    grown,
                    filler,
                    piece,
                    catch_seconds,
                    catch_events,
                    gas_single,
                    gas_batch,
                    index,
                    load,
                )
            )
        events_total = max(events_total, 1)
        for size in project:
            if size > grower.size and grower.slice_times and index_rate:
                grow_s, index_s = projection(grower, size, slice_size, events_total, index_rate)
                print(
                    f"projected from {grower.size:,} to {size:,} applications at this run's rates: growing "
                    f"{grow_s / 60:.1f} min, the index catching up {index_s / 60:.1f} min",
                    flush=True,
                )
    return rows, notes


def projection(grower: Grower, size: int, slice_size: int, events: int, index_rate: float) -> tuple[float, float]:
    """Seconds to grow to ``size`` and to index what it adds, at this run's rates (events per application as
    indexed so far)."""
    added_events = (size - grower.size) * events / max(grower.size, 1)
    return projected_growth(grower, size, slice_size), added_events / index_rate


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


def section(
    rows: list[Row], notes: list[str], command: str, machine: str, date: str, block_gas: int, slice_size: int = CHUNK
) -> str:
    first = rows[0]
    lines = [
        SECTION,
        "",
        f"Run {date} with `{command}` on {machine}. One anvil grows to each size in turn: `submitBatch`, "
        f"`acceptBatch` and `approveBatch` transactions of {BATCH} entries from the officers, sent in order; the "
        f"last {slice_size:,} applications of each size (the slice indexed timed) mined in blocks of about "
        f"{block_gas / 1e6:g}M gas, everything before them (the filler) in blocks of up to {FILL_CHUNK:,} "
        "applications (anvil 1.7.1's time per block grows with its whole state); every transaction checked "
        "once mined. The mix of "
        "every 100 applications: 70 of a one-step service (10 submitted, 20 accepted, 40 approved and so "
        "completed), 30 of a three-step service (5 submitted, 10 accepted, 7 at step 2, 4 at step 3, 4 "
        "completed). Every figure is measured at its size; the index and the lookups stand beside a baseline "
        "from the same moment, the gas beside the first size of the run.",
        "",
        "| applications | events on chain | grown in (from the previous size) | filler: applications, blocks, "
        f"time | the last {slice_size:,}: blocks, time | index caught up (all before the last {slice_size:,}) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, row in enumerate(rows):
        rate = (row.size - (rows[n - 1].size if n else 0)) / max(row.grow_seconds, 1e-9)
        lines.append(
            f"| {row.size:,} | {row.events_total:,} | {row.grow_seconds:,.0f} s ({rate:,.0f} applications/s) | "
            f"{row.filler[0]:,} in {row.filler[1]:,} blocks, {row.filler[2]:,.0f} s | {row.slice[1]:,} blocks, "
            f"{row.slice[2]:,.0f} s | {row.catch_up_events:,} events in {row.catch_up_seconds:,.1f} s |"
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
        f"Index time per 10,000 events: the indexer (`Indexer.sync`, SQLite) catching up the last {slice_size:,} "
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
    parser.add_argument("--block-gas", type=int, default=BLOCK_GAS, help="gas per mined block of the slice, about")
    parser.add_argument(
        "--slice", type=int, default=CHUNK, help="the last applications of each size, indexed timed (default 10,000)"
    )
    parser.add_argument("--budget-minutes", type=float, default=None, help="skip a size that would take longer")
    parser.add_argument(
        "--project",
        type=lambda text: [int(s.replace("_", "")) for s in text.split(",") if s.strip()],
        default=[1_000_000],
        help="sizes beyond the run whose growth time to estimate at the end (printed, never written)",
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="the file whose Scaling section is written")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    load = os.getloadavg()
    date = datetime.now(UTC).isoformat(timespec="seconds")
    command = "python -m benchmarks.scaling --sizes " + ",".join(str(s) for s in sizes)
    if args.slice != CHUNK:
        command += f" --slice {args.slice}"
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
            slice_size=args.slice,
            project=args.project,
        )
    text = section(rows, notes, command, _machine(load), date, args.block_gas, args.slice)
    write(text, args.results)
    print(text)
    print(f"written to {args.results}")


if __name__ == "__main__":
    main()
