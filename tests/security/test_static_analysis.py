"""Slither, offline, on every contract: no High or Medium finding that is not reviewed and explained
in security/slither-accepted.json."""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

from crytic_compile import CryticCompile
from crytic_compile.platform.solc_standard_json import SolcStandardJson
from slither import Slither
from slither.detectors import all_detectors
from solcx.install import get_executable

ROOT = Path(__file__).resolve().parents[2]


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
            if result["impact"] not in {"High", "Medium"}:
                continue
            files = {e.get("source_mapping", {}).get("filename_relative", "") for e in result.get("elements", [])}
            if files and all("node_modules" in f for f in files):
                continue  # OpenZeppelin's own code
            where = _where(result["elements"][0])
            found.append({"check": result["check"], "where": where, "description": result["description"]})
    return found


def _where(element: dict[str, Any]) -> str:
    """Contract.function of a finding's first element (a function, or a variable inside one)."""
    node = element
    if node.get("type") != "function":
        node = node.get("type_specific_fields", {}).get("parent", {})
    contract = node.get("type_specific_fields", {}).get("parent", {}).get("name", "")
    return f"{contract}.{node.get('name', '')}"


def test_no_unexplained_high_or_medium_findings() -> None:
    accepted = json.loads((ROOT / "security" / "slither-accepted.json").read_text())["accepted"]
    allowed = {(a["check"], a["where"]) for a in accepted}
    assert all(a["why"].strip() for a in accepted)
    findings = _findings()
    unexplained = [f for f in findings if (f["check"], f["where"]) not in allowed]
    assert not unexplained, "\n".join(f"{f['check']} {f['where']}: {f['description']}" for f in unexplained)
    stale = allowed - {(f["check"], f["where"]) for f in findings}
    assert not stale, f"accepted findings that no longer occur, remove them: {sorted(stale)}"
