"""Portal under load: lookups through the real portal against one raw ``getApplication`` eth_call.

Run from the repository root: ``python -m benchmarks.portal_load --applications 100000`` (the issue's
figure; ``--applications 1000000`` for the p99 at a million). Writes the section "Portal under load" of
``benchmarks/RESULTS.md`` (``benchmarks/run.py`` keeps it when it rewrites the rest).

What it does, in one run on a fresh anvil (auto-mining, a large block gas limit, no state file):

1. fills the ledger with N applications by ``submitBatch`` (``ledger.submit_many``, 100 a transaction,
   pipelined), keeping number, ID number and receipt code (salt) of a sample to look up; a tenth of the
   sample (at most 50) gets a longer history (accepted, step 1 approved, a supplement asked and given, step 2 approved);
2. indexes them (events/s);
3. counts the JSON-RPC calls a lookup makes: a portal whose node is a counting proxy, with the calls its
   background follower makes while idle subtracted, for short and for long histories;
4. times lookups through the real portal (uvicorn, the follower running) and the baseline, a raw
   ``getApplication(bytes32)`` eth_call over plain HTTP JSON-RPC, at one client and at 32 concurrent
   clients (each a thread with one kept-alive connection), from a separate process so that the clients
   do not share the portal's interpreter. A lookup is what the browser does: ``GET /api/numbers/{hash}``
   then ``GET /api/applications/{id}?commitment=``.

Both API spellings are read (``application_id`` and the older ``applicationId``), so the same script
measures the portal before and after issue 15.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import multiprocessing
import os
import platform
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from eth_account import Account
from web3 import Web3

from benchmarks.run import ROOT, _optimizer_runs, _percentile
from tests.conftest import FOOD_LICENCE, SOLE_PROPRIETOR, free_port
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.codes import number_hash
from zhangdian_sdk.core.models import OfficerRole
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.localchain import find_anvil
from zhangdian_sdk.services.indexer import Indexer

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Portal under load"
IDENTITY = "370303199001011239"
DEPARTMENT = "ZD-XPSJ"
SHORT_SERVICE, LONG_SERVICE = "ZD-GTGSH-SL", "ZD-SPJY-XK"
CHUNK = 10_000  # applications per submit_many call (progress is printed between them)
CLIENTS = 32
TARGET_SINGLE_P99 = 2.0  # lookup p99 / eth_call p99, one client: at most
TARGET_THROUGHPUT = 0.5  # lookups/s / eth_calls/s, 32 clients: at least
TARGET_P99_MS = 100.0  # lookup p99 at 32 clients: under


# -- the chain ------------------------------------------------------------------------------------


@dataclass
class Anvil:
    """A throw-away anvil for the benchmark: no state file (a million records dumped every second would
    be the benchmark), auto-mining, a block gas limit far above a batch of 100 submissions."""

    port: int
    mnemonic: str = field(init=False)
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)
    extra_options: tuple[str, ...] = ()  # e.g. --prune-history, to keep anvil's temporary state small

    def __post_init__(self) -> None:
        Account.enable_unaudited_hdwallet_features()
        _account, self.mnemonic = Account.create_with_mnemonic()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def signer(self, index: int) -> LocalSigner:
        return LocalSigner(Account.from_mnemonic(self.mnemonic, account_path=f"m/44'/60'/0'/0/{index}"))

    def __enter__(self) -> Anvil:
        command = [
            str(find_anvil()), "--host", "127.0.0.1", "--port", str(self.port), "--chain-id", "31337",
            "--mnemonic", self.mnemonic, "--accounts", "10", "--balance", "1000000",
            "--gas-limit", "1000000000", "--silent", *self.extra_options,
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)  # noqa: S603 - fixed binary, no shell
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.post(self.url, json=_rpc("eth_chainId", []), timeout=1).is_success:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"anvil did not start on {self.url}")

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _rpc(method: str, params: list[Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 1, "method": method, "params": params}


@dataclass(frozen=True)
class Sample:
    """One application to look up, as its applicant knows it and as the baseline reads it."""

    number: str
    number_hash: str
    commitment: str
    application_id: str
    long_history: bool


def _salt(i: int) -> bytes:
    return hashlib.sha256(f"portal-load-{i}".encode()).digest()[:16]


class Progress:
    """Prints done/total with the rate and the time left, at most every few seconds."""

    def __init__(self, what: str, total: int, suffix: Callable[[float], str] = lambda _elapsed: "") -> None:
        self.what, self.total, self.done, self.suffix = what, total, 0, suffix
        self.started = self.shown = time.monotonic()

    def add(self, count: int, *, force: bool = False) -> None:
        self.done += count
        now = time.monotonic()
        if force or now - self.shown >= 5:
            self.shown = now
            rate = self.done / max(now - self.started, 1e-9)
            left = (self.total - self.done) / rate if rate else float("inf")
            shown = f"  {self.what}: {self.done:,}/{self.total:,} ({rate:,.0f}/s, ETA {left / 60:.1f} min)"
            print(shown + self.suffix(now - self.started), flush=True)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


def setup(w3: Web3, anvil: Anvil, folder: Path) -> tuple[Any, dict[str, ZhangdianClient]]:
    """The suite with the two departments, their officers and the two services the tests use."""
    admin_signer = anvil.signer(0)
    deployment = deploy_suite(w3, admin_signer, manifest_path=folder / "31337.json")
    clients = {
        role: ZhangdianClient(w3, deployment, signer=anvil.signer(i))
        for i, role in enumerate(("admin", "clerk", "approver", "inspector"))
    }
    admin = clients["admin"]
    admin.departments.register(DEPARTMENT, 370303, "113703030042351144", "张店区行政审批服务局", "Approval Bureau")
    admin.departments.register("ZD-SCJGJ", 370303, "113703030042351144", "张店区市场监督管理局", "Market Supervision")
    admin.departments.grant(DEPARTMENT, clients["clerk"].sender.address, OfficerRole.CLERK)
    admin.departments.grant(DEPARTMENT, clients["approver"].sender.address, OfficerRole.APPROVER)
    admin.departments.grant("ZD-SCJGJ", clients["inspector"].sender.address, OfficerRole.APPROVER)
    admin.catalog.publish(SHORT_SERVICE, SOLE_PROPRIETOR)
    admin.catalog.publish(LONG_SERVICE, FOOD_LICENCE)
    return deployment, clients


LONG_HISTORIES = 50


def fill(clients: dict[str, ZhangdianClient], total: int, sample_size: int) -> tuple[list[Sample], float]:
    """Submit ``total`` applications; the sample's applications carry real commitments, a tenth of them
    a longer history. Returns the sample and the submission rate (applications/s)."""
    clerk = clients["clerk"].ledger
    step = max(1, total // sample_size)
    sampled = {i * step for i in range(min(sample_size, total))}
    # At most 50 long histories: their supplements go one transaction each, and every write first checks
    # the application's events on a node that then holds every event of the fill.
    long_ones = set(sorted(sampled)[: max(1, min(LONG_HISTORIES, len(sampled) // 10))])
    progress = Progress("submitted", total)
    samples: list[Sample] = []
    for low in range(0, total, CHUNK):
        batch = []
        for i in range(low, min(low + CHUNK, total)):
            number = f"ZD-LOAD-{i:07d}"
            service = LONG_SERVICE if i in long_ones else SHORT_SERVICE
            if i in sampled:
                commitment = applicant_commitment(IDENTITY, _salt(i), department=DEPARTMENT)
            else:
                commitment = (i + 1).to_bytes(32, "big")
            new = NewApplication(number, service, commitment)
            batch.append(new)
            if i in sampled:
                samples.append(
                    Sample(
                        number,
                        "0x" + number_hash(number).hex(),
                        "0x" + commitment.hex(),
                        "0x" + clerk.id_for(new).hex(),
                        i in long_ones,
                    )
                )
        clerk.submit_many(batch, on_progress=progress.add)
    progress.add(0, force=True)
    rate = total / progress.elapsed
    longer = [s.number for s in samples if s.long_history]
    if longer:
        print(f"  giving {len(longer)} applications a longer history", flush=True)
        clerk.accept_many(longer)
        clients["approver"].ledger.approve_many([(n, 0) for n in longer])
        inspector = clients["inspector"].ledger
        for n in longer:
            inspector.request_supplement(n, reason_code=12)
            clerk.resubmit(n)
        inspector.approve_many([(n, 1) for n in longer])
    return samples, rate


def index(w3: Web3, deployment: Any, database_url: str) -> tuple[int, float]:
    """Index the chain; events and events/s."""
    indexer = Indexer(w3, deployment, database_url, chunk_size=5_000)
    head = w3.eth.block_number
    events = [0]
    progress = Progress(
        "blocks indexed",
        head - deployment.start_block + 1,
        lambda elapsed: f"; {events[0]:,} events ({events[0] / max(elapsed, 1e-9):,.0f} events/s)",
    )

    def seen(step: Any) -> None:
        events[0] = step.events
        progress.add(step.to_block - step.from_block + 1)

    report = indexer.sync(progress=seen)
    return report.events, report.events / progress.elapsed


# -- the portal and the counting proxy ------------------------------------------------------------


class CountingProxy:
    """A JSON-RPC proxy in front of the node that counts the calls by method."""

    def __init__(self, upstream: str) -> None:
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        host, port = upstream.removeprefix("http://").split(":")
        local = threading.local()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    parsed = json.loads(body)
                    calls = parsed if isinstance(parsed, list) else [parsed]
                    methods = [str(call.get("method")) for call in calls]
                except ValueError:
                    methods = ["<unparsable>"]
                with proxy.lock:
                    proxy.counts.update(methods)
                if not hasattr(local, "connection"):
                    local.connection = http.client.HTTPConnection(host, int(port), timeout=60)
                local.connection.request("POST", "/", body, {"Content-Type": "application/json"})
                answer = local.connection.getresponse().read()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self) -> Counter[str]:
        with self.lock:
            return Counter(self.counts)

    def close(self) -> None:
        self.server.shutdown()


@contextmanager
def portal(rpc_url: str, deployment: Any, database_url: str) -> Iterator[str]:
    """The real portal (uvicorn in a thread, its follower running) over the node at ``rpc_url``."""
    import uvicorn

    from zhangdian_sdk.services.portal import create_app
    from zhangdian_sdk.services.portal.limits import SERVER_OPTIONS

    app = create_app(ZhangdianClient(connect_web3(rpc_url), deployment), database_url)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", **SERVER_OPTIONS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    # The API says 503 until the follower's first round (names loaded, index checked) has finished.
    while time.monotonic() < deadline + 240:
        if httpx.get(f"{url}/api/statistics", timeout=60).status_code != 503:
            break
        time.sleep(0.2)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def lookup(client: httpx.Client, sample: Sample) -> None:
    """What the browser does: the number's applications, then the one of the department, with the
    commitment. Raises on anything but a found application."""
    found = client.get(f"/api/numbers/{sample.number_hash}")
    found.raise_for_status()
    matches = found.json()["applications"]
    ids = [m.get("application_id") or m.get("applicationId") for m in matches if m["department"] == DEPARTMENT]
    if ids != [sample.application_id]:
        raise RuntimeError(f"{sample.number}: the portal gave {matches}")
    shown = client.get(f"/api/applications/{sample.application_id}", params={"commitment": sample.commitment})
    shown.raise_for_status()
    if (shown.json().get("application_id") or shown.json().get("applicationId")) != sample.application_id:
        raise RuntimeError(f"{sample.number}: the portal showed another application")


def count_calls(proxy: CountingProxy, base_url: str, samples: list[Sample], per_kind: int = 50) -> dict[str, Any]:
    """JSON-RPC calls per lookup for short and long histories, net of the follower's idle calls."""
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for sample in samples[:5]:
            lookup(client, sample)  # the portal's caches (names, directory) fill on the first lookups
        time.sleep(1)
        before, began = proxy.snapshot(), time.monotonic()
        time.sleep(5)
        idle_seconds = time.monotonic() - began
        idle = proxy.snapshot() - before
        result: dict[str, Any] = {"idle_per_second": {m: n / idle_seconds for m, n in idle.items()}}
        for kind, wanted in (("short", False), ("long", True)):
            chosen = [s for s in samples if s.long_history == wanted][:per_kind]
            before, began = proxy.snapshot(), time.monotonic()
            for sample in chosen:
                lookup(client, sample)
            elapsed = time.monotonic() - began
            during = proxy.snapshot() - before
            per_lookup = {
                method: max(0.0, (n - result["idle_per_second"].get(method, 0.0) * elapsed) / len(chosen))
                for method, n in during.items()
            }
            result[kind] = {m: round(v, 1) for m, v in sorted(per_lookup.items()) if round(v, 1) > 0}
            result[kind + "_total"] = round(sum(per_lookup.values()), 1)
            result[kind + "_events"] = len(chosen)
    return result


# -- the load (in a separate process) -------------------------------------------------------------


@dataclass(frozen=True)
class LoadPlan:
    portal_url: str
    node_url: str
    ledger: str
    selector: str
    samples: list[dict[str, Any]]
    single_requests: int
    seconds: float


def run_load(plan: LoadPlan) -> dict[str, dict[str, float]]:
    """Both kinds at one client, then at 32: latencies (ms) and throughput (per second)."""
    samples = [Sample(**s) for s in plan.samples]
    results = {}
    for clients in (1, CLIENTS):
        for kind in ("eth_call", "lookup"):
            results[f"{kind}_{clients}"] = _phase(plan, samples, kind, clients)
            shown = results[f"{kind}_{clients}"]
            print(
                f"  {kind} x{clients}: {shown['count']:.0f} done, {shown['rate']:.1f}/s, p50 {shown['p50']:.1f} ms, "
                f"p99 {shown['p99']:.1f} ms, {shown['errors']:.0f} errors",
                flush=True,
            )
    return results


def _phase(plan: LoadPlan, samples: list[Sample], kind: str, clients: int) -> dict[str, float]:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    budget = plan.single_requests if clients == 1 else 10**9
    start_line = threading.Barrier(clients + 1)
    stop = threading.Event()

    def worker(index: int) -> None:
        base = plan.portal_url if kind == "lookup" else plan.node_url
        with httpx.Client(base_url=base, timeout=120, limits=httpx.Limits(max_connections=1)) as client:
            operation = _operation(plan, client, kind)
            try:
                for sample in samples[index :: max(1, clients * 7)][:3]:
                    operation(sample)  # warm the connection and the caches
            except (httpx.HTTPError, RuntimeError, KeyError, ValueError):
                errors[index] += 1
            start_line.wait()
            done = 0
            position = index
            while done < budget and not stop.is_set():
                sample = samples[position % len(samples)]
                position += clients
                began = time.perf_counter()
                try:
                    operation(sample)
                except (httpx.HTTPError, RuntimeError, KeyError, ValueError):
                    errors[index] += 1
                    continue
                latencies[index].append((time.perf_counter() - began) * 1000)
                done += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.monotonic()
    deadline = began + plan.seconds
    while any(thread.is_alive() for thread in threads) and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    flat = [value for per_client in latencies for value in per_client]
    return {
        "count": float(len(flat)),
        "errors": float(sum(errors)),
        "rate": len(flat) / elapsed if elapsed else 0.0,
        "p50": _percentile(flat, 50),
        "p99": _percentile(flat, 99),
    }


def _operation(plan: LoadPlan, client: httpx.Client, kind: str) -> Callable[[Sample], None]:
    if kind == "lookup":
        return lambda sample: lookup(client, sample)

    def eth_call(sample: Sample) -> None:
        data = plan.selector + sample.application_id.removeprefix("0x")
        answer = client.post("/", json=_rpc("eth_call", [{"to": plan.ledger, "data": data}, "latest"]))
        answer.raise_for_status()
        if len(answer.json()["result"]) < 66:
            raise RuntimeError("empty getApplication result")

    return eth_call


def _load_process(plan: dict[str, Any], output: Any) -> None:
    output.put(run_load(LoadPlan(**plan)))


# -- the report -----------------------------------------------------------------------------------


def _machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.machine()}, {platform.system()}, {os.cpu_count()} cores (load average {load} at the start; "
        f"shared machine, figures are noisy), Python {platform.python_version()}, anvil (npm @foundry-rs/anvil), "
        f"solc 0.8.28 (optimizer {_optimizer_runs()} runs)"
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def write_section(figures: dict[str, Any]) -> str:
    load, calls = figures["load"], figures["calls"]
    single_l, single_c = load["lookup_1"], load["eth_call_1"]
    many_l, many_c = load[f"lookup_{CLIENTS}"], load[f"eth_call_{CLIENTS}"]
    p99_ratio = single_l["p99"] / single_c["p99"] if single_c["p99"] else float("inf")
    rate_ratio = many_l["rate"] / many_c["rate"] if many_c["rate"] else 0.0

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    def methods(kind: str) -> str:
        return ", ".join(f"{m} {n:g}" for m, n in calls[kind].items()) or "none"

    lines = [
        SECTION,
        "",
        f"Run {figures['date']} with `python -m benchmarks.portal_load --applications {figures['applications']}` "
        f"on {figures['machine']}. Portal API: {figures['api']}.",
        "",
        f"- filled: {figures['applications']:,} applications by `submitBatch` at {figures['fill_rate']:,.0f}/s "
        f"({figures['samples']:,} looked up, {figures['long']:,} of them with a longer history of "
        f"{figures['long_events']} events)",
        f"- indexed: {figures['events']:,} events at {figures['index_rate']:,.0f} events/s",
        "",
        "Baseline: one raw `getApplication(bytes32)` eth_call over plain HTTP JSON-RPC to the same anvil, same run,",
        "same concurrency. A lookup is the browser's two requests: `GET /api/numbers/{hash}`, then",
        "`GET /api/applications/{id}?commitment=`. Clients run in their own process, one kept-alive connection each.",
        "",
        "| measure | portal lookup | baseline eth_call | ratio | target |",
        "| --- | ---: | ---: | ---: | --- |",
        f"| 1 client, p50 | {single_l['p50']:.1f} ms | {single_c['p50']:.1f} ms | "
        f"{_ratio(single_l['p50'], single_c['p50'])} | |",
        f"| 1 client, p99 | {single_l['p99']:.1f} ms | {single_c['p99']:.1f} ms | {p99_ratio:.2f}x | "
        f"≤ {TARGET_SINGLE_P99:g}x: {verdict(p99_ratio <= TARGET_SINGLE_P99)} |",
        f"| {CLIENTS} clients, throughput | {many_l['rate']:,.1f}/s | {many_c['rate']:,.1f}/s | {rate_ratio:.2f}x | "
        f"≥ {TARGET_THROUGHPUT:g}x: {verdict(rate_ratio >= TARGET_THROUGHPUT)} |",
        f"| {CLIENTS} clients, p50 | {many_l['p50']:.1f} ms | {many_c['p50']:.1f} ms | "
        f"{_ratio(many_l['p50'], many_c['p50'])} | |",
        f"| {CLIENTS} clients, p99 | {many_l['p99']:.1f} ms | {many_c['p99']:.1f} ms | "
        f"{_ratio(many_l['p99'], many_c['p99'])} | < {TARGET_P99_MS:g} ms: {verdict(many_l['p99'] < TARGET_P99_MS)} |",
        f"| requests measured (errors) | {single_l['count'] + many_l['count']:,.0f} "
        f"({single_l['errors'] + many_l['errors']:,.0f}) | {single_c['count'] + many_c['count']:,.0f} "
        f"({single_c['errors'] + many_c['errors']:,.0f}) | | |",
        "",
        "JSON-RPC calls per lookup, counted by a proxy between the portal and the node, less what the portal's",
        "follower calls while idle (" + (methods("idle") if calls["idle"] else "nothing") + " per second):",
        "",
        f"- short history (1 event, {calls['short_events']} lookups): {calls['short_total']:g} ({methods('short')})",
        f"- long history ({figures['long_events']} events, {calls['long_events']} lookups): {calls['long_total']:g} "
        f"({methods('long')}); constant whatever the history: "
        f"{'yes' if abs(calls['long_total'] - calls['short_total']) < 0.5 else 'no'}",
        "",
    ]
    section = "\n".join(lines)
    existing = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    before, _found, after = existing.partition(SECTION)
    rest = after.split("\n## ", 1)[1] if "\n## " in after else ""
    text = before.rstrip("\n") + "\n\n" + section + ("\n## " + rest if rest else "")
    RESULTS.write_text(text)
    return section


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--applications", type=int, default=100_000, help="applications on chain (default 100,000)")
    parser.add_argument("--sample", type=int, default=2_000, help="applications looked up (default 2,000)")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each timed phase (default 20 s)")
    parser.add_argument("--single-requests", type=int, default=1_000, help="requests per single-client phase")
    args = parser.parse_args(argv)
    machine = _machine()
    with tempfile.TemporaryDirectory() as tmp, Anvil(free_port()) as anvil:
        folder = Path(tmp)
        w3 = connect_web3(anvil.url)
        deployment, clients = setup(w3, anvil, folder)
        print(f"filling {args.applications:,} applications", flush=True)
        samples, fill_rate = fill(clients, args.applications, args.sample)
        print("indexing", flush=True)
        database = folder / "index.db"
        events, index_rate = index(w3, deployment, f"sqlite:///{database}")
        counted_db = folder / "counted.db"
        shutil.copyfile(database, counted_db)
        print("counting RPC calls per lookup", flush=True)
        proxy = CountingProxy(anvil.url)
        try:
            with portal(proxy.url, deployment, f"sqlite:///{counted_db}") as url:
                calls = count_calls(proxy, url, samples)
                calls["idle"] = {m: round(v, 1) for m, v in calls.pop("idle_per_second").items() if round(v, 1) > 0}
                with httpx.Client(base_url=url, timeout=60) as probe:
                    found = probe.get(f"/api/numbers/{samples[0].number_hash}").json()["applications"][0]
                api = "snake_case (application_id)" if "application_id" in found else "camelCase (applicationId)"
        finally:
            proxy.close()
        print(f"calls per lookup: short {calls['short_total']}, long {calls['long_total']}", flush=True)
        print("timing", flush=True)
        ledger = deployment.contracts["ApplicationLedger"].address
        with portal(anvil.url, deployment, f"sqlite:///{database}") as url:
            plan = LoadPlan(
                portal_url=url,
                node_url=anvil.url,
                ledger=ledger,
                selector="0x" + Web3.keccak(text="getApplication(bytes32)")[:4].hex(),
                samples=[asdict(s) for s in samples],
                single_requests=args.single_requests,
                seconds=args.seconds,
            )
            context = multiprocessing.get_context("spawn")
            output = context.Queue()
            process = context.Process(target=_load_process, args=(asdict(plan), output))
            process.start()
            load = output.get()
            process.join()
    long_events = 6  # submitted, accepted, step 1 approved, supplement asked, resubmitted, step 2 approved
    section = write_section(
        {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "applications": args.applications,
            "machine": machine,
            "api": api,
            "fill_rate": fill_rate,
            "samples": len(samples),
            "long": sum(s.long_history for s in samples),
            "long_events": long_events,
            "events": events,
            "index_rate": index_rate,
            "calls": calls,
            "load": load,
        }
    )
    print(section)
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
