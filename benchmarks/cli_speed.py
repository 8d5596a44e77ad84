"""How fast the `zhangdian` command answers, against Python itself and a minimal web3.py script.

Run from the repository root: ``python -m benchmarks.cli_speed`` (``--rounds 15``). Writes the section
"CLI start-up" of ``benchmarks/RESULTS.md``.

In one run, on a fresh local chain with the demo data (``zhangdian_sdk.ops.demo.run_demo``, in a
temporary folder), it times whole processes as a user starts them, interleaved round by round so that
the machine's noise falls on all of them alike, and reports medians and ratios:

- ``python -c pass`` (the floor: the interpreter alone) against ``zhangdian --help``;
- a minimal web3.py script (import web3, connect, one ``getApplication`` eth_call by application id,
  print the status) against ``zhangdian application status ZD-2026-110002``, which also finds the
  deployment manifest, derives the id from the 办件编号, and names the service, step and deadline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.run import ROOT
from tests.conftest import free_port

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## CLI start-up"
NUMBER = "ZD-2026-110002"

MINIMAL_WEB3 = """
import json, sys
from web3 import Web3
url, address, abi, application_id = sys.argv[1:5]
w3 = Web3(Web3.HTTPProvider(url))
ledger = w3.eth.contract(address=address, abi=json.loads(abi))
print(ledger.functions.getApplication(bytes.fromhex(application_id[2:])).call()[0])
"""


def _zhangdian() -> str:
    return str(Path(sys.executable).with_name("zhangdian"))


def _time(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603 (our own commands)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:4])} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def measure(rounds: int) -> dict[str, float]:
    """Medians, in seconds, of each command over the rounds."""
    from zhangdian_sdk.client import ZhangdianClient
    from zhangdian_sdk.core.artifacts import load_artifact
    from zhangdian_sdk.core.codes import application_id
    from zhangdian_sdk.ops.demo import run_demo
    from zhangdian_sdk.ops.localchain import LocalChain

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "ZHANGDIAN_HOME": str(folder / ".zhangdian"),
            "ZHANGDIAN_DEPLOYMENTS_DIR": str(folder / "deployments"),
        }
        os.environ.update({k: env[k] for k in ("ZHANGDIAN_HOME", "ZHANGDIAN_DEPLOYMENTS_DIR")})
        port = free_port()
        print(f"loading the demo data on a fresh chain at port {port}", flush=True)
        run_demo(port=port, log=lambda _message: None)
        chain = LocalChain(port=port)
        try:
            url = chain.rpc_url
            env["ZHANGDIAN_RPC_URL"] = url
            client = ZhangdianClient.connect(url)
            identifier = application_id(NUMBER, "ZD-XPSJ")
            ledger = client.deployment.address_of("ApplicationLedger")
            abi = [item for item in load_artifact("ApplicationLedger").abi if item.get("name") == "getApplication"]
            commands = {
                "python -c pass": [sys.executable, "-c", "pass"],
                "zhangdian --help": [_zhangdian(), "--help"],
                "minimal web3.py getApplication": [
                    sys.executable, "-c", MINIMAL_WEB3, url, ledger, json.dumps(abi), "0x" + identifier.hex()
                ],
                f"zhangdian application status {NUMBER}": [_zhangdian(), "application", "status", NUMBER],
            }  # fmt: skip
            for argv in commands.values():  # warm the file cache once
                _time(argv, env, folder)
            times: dict[str, list[float]] = {name: [] for name in commands}
            for round_number in range(rounds):
                for name, argv in commands.items():
                    times[name].append(_time(argv, env, folder))
                print(f"round {round_number + 1}/{rounds}", flush=True)
        finally:
            chain.down()
    return {name: statistics.median(values) for name, values in times.items()}


def write_section(medians: dict[str, float], rounds: int) -> str:
    names = list(medians)
    help_ratio = medians[names[1]] / medians[names[0]]
    status_ratio = medians[names[3]] / medians[names[2]]
    lines = [
        SECTION,
        "",
        f"`python -m benchmarks.cli_speed --rounds {rounds}`: whole processes as a user starts them, on a fresh",
        "local chain with the demo data, interleaved round by round; medians.",
        "",
        "| command | median | against |",
        "| --- | ---: | --- |",
        f"| {names[0]} | {medians[names[0]] * 1000:.0f} ms | |",
        f"| {names[1]} | {medians[names[1]] * 1000:.0f} ms | {help_ratio:.1f}x `python -c pass` (target ≤ 10x) |",
        f"| {names[2]} | {medians[names[2]] * 1000:.0f} ms | |",
        f"| {names[3]} | {medians[names[3]] * 1000:.0f} ms | {status_ratio:.2f}x the minimal web3.py script "
        "(target ≤ 2x) |",
        "",
    ]
    section = "\n".join(lines)
    existing = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    before, _found, after = existing.partition(SECTION)
    rest = after.split("\n## ", 1)[1] if "\n## " in after else ""
    RESULTS.write_text(before.rstrip("\n") + "\n\n" + section + ("\n## " + rest if rest else ""))
    return section


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds of every command (default 15)")
    args = parser.parse_args(argv)
    print(write_section(measure(args.rounds), args.rounds))


if __name__ == "__main__":
    main()
