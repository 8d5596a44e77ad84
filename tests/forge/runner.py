"""Runs forge once per test session, in the background from the end of collection, so that the
invariant campaigns (one core) overlap the Python tests (anvil and pytest) instead of following them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any

from zhangdian_sdk.ops.compiler import installed_compiler

ROOT = Path(__file__).resolve().parents[2]
PROFILE = os.environ.get("FOUNDRY_PROFILE", "default")


class ForgeRun:
    """One `forge test --json` in the background; :meth:`results` waits for it."""

    def __init__(self) -> None:
        forge = shutil.which("forge")
        compiler = installed_compiler()
        if forge is None or compiler is None:
            raise RuntimeError("forge or the Solidity compiler is not installed: run `make setup`")
        self._stdout: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - read after exit
        self._stderr: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self._process = subprocess.Popen(
            [forge, "test", "--use", str(compiler.executable), "--offline", "--json"],
            cwd=ROOT,
            env={**os.environ, "FOUNDRY_PROFILE": PROFILE},
            stdout=self._stdout,
            stderr=self._stderr,
            text=True,
        )

    def results(self, timeout: float = 3_000) -> dict[str, dict[str, Any]]:
        """``Contract.function`` -> forge's result, once forge has finished."""
        returncode = self._process.wait(timeout=timeout)
        self._stdout.seek(0)
        self._stderr.seek(0)
        output = self._stdout.read()
        start = output.find("{")
        if start < 0:
            raise RuntimeError(f"forge printed no results (exit {returncode}):\n{self._stderr.read()[-4000:]}")
        results: dict[str, dict[str, Any]] = {}
        for suite_name, suite in json.loads(output[start:]).items():
            contract = suite_name.rsplit(":", 1)[-1]
            for signature, result in suite["test_results"].items():
                results[f"{contract}.{signature.split('(')[0]}"] = result
        return results

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()


_run: ForgeRun | None = None


def start() -> None:
    """Start forge unless it is running already."""
    global _run
    if _run is None:
        _run = ForgeRun()


def results() -> dict[str, dict[str, Any]]:
    start()
    assert _run is not None
    return _run.results()


def stop() -> None:
    if _run is not None:
        _run.stop()
