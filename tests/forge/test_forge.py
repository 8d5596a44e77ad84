"""The contract-level invariant and fuzz tests in tests/forge, run by Foundry's forge (from npm,
offline, with the suite's compiler) and reported here one pytest case per forge test.

`make test` runs the default profile (every invariant: at least 256 runs of 100 calls);
`make fuzz` runs the ``fuzz`` profile of foundry.toml, 50 times as many.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.forge import runner

FORGE_TESTS = Path(__file__).resolve().parent
PROFILE = runner.PROFILE
# What foundry.toml promises for each profile; a run that did less is a failure, not a pass.
MIN_RUNS = {"default": 256, "fuzz": 12_800}
MIN_DEPTH = 100

_CONTRACT = re.compile(r"^contract\s+(\w+)", re.MULTILINE)
_TEST = re.compile(r"function\s+((?:test|invariant)\w*)\s*\(")


def _declared_tests() -> list[str]:
    """``Contract.function`` of every test and invariant written in tests/forge (read at collection)."""
    found = []
    for source in sorted(FORGE_TESTS.glob("*.t.sol")):
        text = source.read_text(encoding="utf-8")
        contracts = [(m.start(), m.group(1)) for m in _CONTRACT.finditer(text)]
        for match in _TEST.finditer(text):
            owner = [name for start, name in contracts if start < match.start()]
            if owner and owner[-1].endswith("Test"):
                found.append(f"{owner[-1]}.{match.group(1)}")
    return found


@pytest.fixture(scope="module")
def forge_results() -> dict[str, dict[str, Any]]:
    try:
        return runner.results()
    except RuntimeError as err:
        pytest.fail(str(err))


def test_every_declared_forge_test_ran(forge_results: dict[str, dict[str, Any]]) -> None:
    assert set(_declared_tests()) <= set(forge_results), "forge did not run every test written in tests/forge"


@pytest.mark.parametrize("name", _declared_tests())
def test_forge(name: str, forge_results: dict[str, dict[str, Any]]) -> None:
    result = forge_results[name]
    kind = result.get("kind", {})
    assert result["status"] == "Success", (
        f"{name}: {result.get('reason')}\ncounterexample: {json.dumps(result.get('counterexample'), indent=1)}"
        f"\nlogs: {result.get('decoded_logs')}"
    )
    if "Invariant" in kind:
        runs, calls = kind["Invariant"]["runs"], kind["Invariant"]["calls"]
        assert runs >= MIN_RUNS[PROFILE], f"{name}: only {runs} runs"
        assert calls >= runs * MIN_DEPTH, f"{name}: only {calls} calls in {runs} runs"
