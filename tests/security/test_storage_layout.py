"""The storage-layout check: the contracts' ERC-7201 layouts must extend the deployed release's, and an
incompatible change is refused with a report that says what moved."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from zhangdian_sdk.errors import StorageLayoutError
from zhangdian_sdk.layout import (
    UPGRADEABLE_CONTRACTS,
    check_upgrade,
    compare_layouts,
    compile_layouts,
    erc7201_slot,
    namespace_of,
    project_layouts,
)

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "security" / "storage-layouts.json"


@pytest.fixture(scope="module")
def current() -> dict[str, dict[str, Any]]:
    return project_layouts(ROOT)


@pytest.fixture(scope="module")
def standard_input() -> dict[str, Any]:
    from ape import compilers, project

    paths = [(ROOT / "contracts" / f"{name}.sol").resolve() for name in UPGRADEABLE_CONTRACTS]
    (found,) = compilers.solidity.get_standard_input_json(paths, project=project).values()
    return found


def test_the_sources_extend_the_deployed_layouts(current: dict[str, dict[str, Any]]) -> None:
    baseline = json.loads(BASELINE.read_text())["layouts"]
    assert set(baseline) == set(UPGRADEABLE_CONTRACTS)
    for name in UPGRADEABLE_CONTRACTS:
        assert compare_layouts(baseline[name], current[name]) == [], name


def test_each_contract_keeps_its_state_at_its_erc7201_slot() -> None:
    for name in UPGRADEABLE_CONTRACTS:
        source = (ROOT / "contracts" / f"{name}.sol").read_text()
        assert f"@custom:storage-location erc7201:{namespace_of(name)}" in source
        (constant,) = re.findall(r"_STORAGE_LOCATION = (0x[0-9a-f]{64});", source)
        assert constant == erc7201_slot(namespace_of(name)), name
    # The formula, checked against OpenZeppelin's own constant for AccessControl.
    assert erc7201_slot("openzeppelin.storage.AccessControl") == (
        "0x02dd7bc7dec4dceedda775e58dd541e08a116c6c53815c0bd028192f7b626800"
    )


def _edited(standard_input: dict[str, Any], name: str, old: str, new: str) -> dict[str, Any]:
    edited = json.loads(json.dumps(standard_input))
    key = f"contracts/{name}.sol"
    source = edited["sources"][key]
    text = source["content"] if "content" in source else (ROOT / key).read_text()
    assert old in text
    edited["sources"][key] = {"content": text.replace(old, new)}
    return edited


def test_appending_a_member_is_accepted(standard_input: dict[str, Any], current: dict[str, Any]) -> None:
    grown = _edited(
        standard_input,
        "ApplicationLedger",
        "        mapping(bytes32 parentId => mapping(bytes32 service => bool failed)) failedFollowOns;\n",
        "        mapping(bytes32 parentId => mapping(bytes32 service => bool failed)) failedFollowOns;\n"
        "        uint256 upgradedAt;\n",
    )
    new = compile_layouts(grown, ["ApplicationLedger"])["ApplicationLedger"]
    assert compare_layouts(current["ApplicationLedger"], new) == []


def test_an_inserted_member_and_a_changed_type_are_refused_with_a_report(
    standard_input: dict[str, Any], current: dict[str, Any]
) -> None:
    inserted = _edited(
        standard_input,
        "ApplicationLedger",
        "        mapping(bytes32 applicationId => Application) applications;\n",
        "        uint256 inserted;\n        mapping(bytes32 applicationId => Application) applications;\n",
    )
    new = compile_layouts(inserted, ["ApplicationLedger"])["ApplicationLedger"]
    problems = compare_layouts(current["ApplicationLedger"], new)
    assert "ApplicationLedgerStorage: member 0 `applications` became `inserted` (renamed or moved)" in " ".join(
        problems
    ).replace("struct ApplicationLedger.", "")
    with pytest.raises(StorageLayoutError, match="the upgrade is refused"):
        check_upgrade("ApplicationLedger", current["ApplicationLedger"], new)

    retyped = _edited(
        standard_input,
        "ApplicationLedger",
        "        uint256 applicationCount;\n",
        "        uint64 applicationCount;\n",
    )
    new = compile_layouts(retyped, ["ApplicationLedger"])["ApplicationLedger"]
    (problem,) = compare_layouts(current["ApplicationLedger"], new)
    assert problem.endswith("ApplicationLedgerStorage.applicationCount: uint256 became uint64")


def test_a_struct_in_an_array_or_a_moved_namespace_is_refused(current: dict[str, Any]) -> None:
    moved = {**current["DepartmentRegistry"], "slot": erc7201_slot("zhangdian.storage.Other")}
    (problem,) = compare_layouts(current["DepartmentRegistry"], moved)
    assert "namespace moved" in problem
    # A mapping's struct value may grow; the Application struct inside the ledger's mapping does.
    ledger = json.loads(json.dumps(current["ApplicationLedger"]))
    application = next(k for k in ledger["types"] if k.startswith("t_struct(Application)"))
    ledger["types"][application]["members"].append({"label": "extra", "slot": 5, "offset": 0, "type": "t_bytes32"})
    assert compare_layouts(current["ApplicationLedger"], ledger) == []
