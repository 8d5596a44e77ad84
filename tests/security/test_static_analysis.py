"""Slither, offline, on every contract with every detector: no High or Medium finding that is not
accepted in security/slither-accepted.json, no Low or Informational kind of finding that is not
reviewed there, and each acceptance names a test that shows the finding harmless."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest
from crytic_compile import CryticCompile
from crytic_compile.platform.solc_standard_json import SolcStandardJson
from slither import Slither
from slither.detectors import all_detectors
from solcx.install import get_executable

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def findings() -> list[dict[str, str]]:
    return _findings()


def _findings() -> list[dict[str, str]]:
    standard = SolcStandardJson()
    for path in sorted((ROOT / "contracts").rglob("*.sol")):
        if ".cache" not in path.parts:
            standard.add_source_file(str(path.relative_to(ROOT)))
    standard.add_remapping("@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/")
    standard.add_remapping("@openzeppelin/contracts-upgradeable/=node_modules/@openzeppelin/contracts-upgradeable/")
    # crytic passes sources as urls with --allow-paths; the npm compiler needs --base-path to read them.
    compilation = CryticCompile(
        standard, solc=str(get_executable("0.8.28")), solc_working_dir=str(ROOT), solc_args=f"--base-path {ROOT}"
    )
    slither = Slither(compilation)
    for _name, detector in inspect.getmembers(all_detectors, inspect.isclass):
        slither.register_detector(detector)
    found = []
    for results in slither.run_detectors():
        for result in results:
            files = {e.get("source_mapping", {}).get("filename_relative", "") for e in result.get("elements", [])}
            if files and all("node_modules" in f for f in files):
                continue  # OpenZeppelin's own code
            where = _where(result["elements"][0])
            found.append(
                {
                    "check": result["check"],
                    "impact": result["impact"],
                    "where": where,
                    "description": result["description"],
                }
            )
    return found


def _where(element: dict[str, Any]) -> str:
    """Contract.function of a finding's first element (a function, or a variable inside one)."""
    node = element
    if node.get("type") != "function":
        node = node.get("type_specific_fields", {}).get("parent", {})
    contract = node.get("type_specific_fields", {}).get("parent", {}).get("name", "")
    return f"{contract}.{node.get('name', '')}"


def _review() -> dict[str, Any]:
    return json.loads((ROOT / "security" / "slither-accepted.json").read_text())


def test_no_unexplained_high_or_medium_findings(findings: list[dict[str, str]]) -> None:
    accepted = _review()["accepted"]
    allowed = {(a["check"], a["where"]) for a in accepted}
    serious = [f for f in findings if f["impact"] in {"High", "Medium"}]
    unexplained = [f for f in serious if (f["check"], f["where"]) not in allowed]
    assert not unexplained, "\n".join(f"{f['check']} {f['where']}: {f['description']}" for f in unexplained)
    stale = allowed - {(f["check"], f["where"]) for f in serious}
    assert not stale, f"accepted findings that no longer occur, remove them: {sorted(stale)}"


def test_every_kind_of_low_or_informational_finding_was_reviewed(findings: list[dict[str, str]]) -> None:
    reviewed = {r["check"] for r in _review()["reviewed"]}
    minor = [f for f in findings if f["impact"] not in {"High", "Medium"}]
    new = sorted({f["check"] for f in minor} - reviewed)
    assert not new, "review these kinds of findings in security/slither-accepted.json:\n" + "\n".join(
        f["description"] for f in minor if f["check"] in new
    )
    stale = sorted(reviewed - {f["check"] for f in minor})
    assert not stale, f"reviewed kinds that no longer occur, remove them: {stale}"


def test_each_acceptance_says_why_and_names_a_test_that_exists() -> None:
    review = _review()
    for entry in review["accepted"] + review["reviewed"]:
        assert entry["why"].strip(), entry
        path, _, name = entry["test"].partition("::")
        source = ROOT / path
        assert source.is_file(), f"{entry['check']}: {path} does not exist"
        assert f"def {name}(" in source.read_text(encoding="utf-8"), f"{entry['check']}: no test {entry['test']}"
