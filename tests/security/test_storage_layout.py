"""The storage-layout check: the contracts' ERC-7201 layouts must extend the deployed release's, and an
incompatible change is refused with a report that says what moved."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from zhangdian_sdk.core.errors import StorageLayoutError
from zhangdian_sdk.ops.layout import (
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
    """The ledger's Standard JSON input with ape's settings: the ledger and what it imports (the edits
    below touch only the ledger, so the other contracts need not be compiled with each edit)."""
    from ape import compilers, project

    path = (ROOT / "contracts" / "ApplicationLedger.sol").resolve()
    (found,) = compilers.solidity.get_standard_input_json([path], project=project).values()
    return found


def test_the_sources_extend_the_deployed_layouts(current: dict[str, dict[str, Any]]) -> None:
    baseline = json.loads(BASELINE.read_text())["layouts"]
    assert set(baseline) == set(UPGRADEABLE_CONTRACTS)
    for name in baseline:
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


def _line_of(edited: dict[str, Any], name: str, member: str) -> int:
    """The line of the edited source that declares ``member`` (where upgrades-core's report points)."""
    lines = edited["sources"][f"contracts/{name}.sol"]["content"].splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip().startswith(member))


def _namespace_struct_end(standard_input: dict[str, Any], name: str) -> str:
    """The closing of ``name``'s ERC-7201 struct: its last member's line and the brace after it, so an
    edit there appends whatever members the struct has grown since."""
    key = f"contracts/{name}.sol"
    source = standard_input["sources"][key]
    text = source["content"] if "content" in source else (ROOT / key).read_text()
    found = re.search(rf"struct {name}Storage \{{\n(?:.*\n)*?(?P<end>[^\n]*;[^\n]*\n    \}}\n)", text)
    assert found, f"no {name}Storage struct in {key}"
    assert text.count(found["end"]) == 1
    return found["end"]


def test_appending_a_member_is_accepted(standard_input: dict[str, Any], current: dict[str, Any]) -> None:
    end = _namespace_struct_end(standard_input, "ApplicationLedger")
    grown = _edited(
        standard_input, "ApplicationLedger", end, end.replace("    }\n", "        uint256 upgradedAt;\n    }\n")
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
    line = _line_of(inserted, "ApplicationLedger", "uint256 inserted;")
    assert f"contracts/ApplicationLedger.sol:{line}: Inserted `inserted`" in problems
    with pytest.raises(StorageLayoutError, match="the upgrade is refused"):
        check_upgrade("ApplicationLedger", current["ApplicationLedger"], new)

    retyped = _edited(
        standard_input,
        "ApplicationLedger",
        "        uint256 applicationCount;\n",
        "        uint64 applicationCount;\n",
    )
    new = compile_layouts(retyped, ["ApplicationLedger"])["ApplicationLedger"]
    problems = compare_layouts(current["ApplicationLedger"], new)
    line = _line_of(retyped, "ApplicationLedger", "uint64 applicationCount;")
    assert f"contracts/ApplicationLedger.sol:{line}: Upgraded `applicationCount` to an incompatible type" in problems
    assert "- Bad upgrade from uint256 to uint64" in problems


REORDERED = (
    "        mapping(bytes32 childId => bytes32 parentId) parents;\n"
    "        mapping(bytes32 parentId => bytes32[] childIds) children;\n",
    "        mapping(bytes32 parentId => bytes32[] childIds) children;\n"
    "        mapping(bytes32 childId => bytes32 parentId) parents;\n",
)


@pytest.fixture(scope="module")
def reordered_source(standard_input: dict[str, Any]) -> dict[str, Any]:
    return _edited(standard_input, "ApplicationLedger", *REORDERED)


@pytest.fixture(scope="module")
def reordered(reordered_source: dict[str, Any]) -> dict[str, Any]:
    """The ledger's layout with two members of its ERC-7201 struct swapped."""
    return compile_layouts(reordered_source, ["ApplicationLedger"])["ApplicationLedger"]


def test_reordered_namespace_members_are_refused(
    current: dict[str, Any], reordered: dict[str, Any], reordered_source: dict[str, Any]
) -> None:
    with pytest.raises(StorageLayoutError) as refused:
        check_upgrade("ApplicationLedger", current["ApplicationLedger"], reordered)
    message = str(refused.value)
    assert message.startswith("存储布局不兼容, 拒绝升级 / ApplicationLedger:")
    line = _line_of(reordered_source, "ApplicationLedger", "mapping(bytes32 childId => bytes32 parentId) parents;")
    assert f"contracts/ApplicationLedger.sol:{line}: Inserted `parents`" in message
    # The recorded release baseline refuses it too.
    baseline = json.loads(BASELINE.read_text())["layouts"]["ApplicationLedger"]
    assert any("`parents`" in problem for problem in compare_layouts(baseline, reordered))


def test_the_upgrade_check_command_refuses_a_reordered_namespace(reordered: dict[str, Any], tmp_path: Path) -> None:
    """`zhangdian upgrade check --baseline` compares the project's sources with the recorded layouts:
    against a release whose struct had the two members the other way round, it exits 5 with the report."""
    from click.testing import CliRunner

    from zhangdian_sdk.cli import cli

    recorded = tmp_path / "layouts.json"
    recorded.write_text(json.dumps({"layouts": {"ApplicationLedger": reordered}}))
    result = CliRunner().invoke(cli, ["upgrade", "check", "--baseline", str(recorded)])
    assert result.exit_code == 5, result.output
    assert "ApplicationLedger: INCOMPATIBLE" in result.output
    assert "存储布局不兼容 / incompatible storage layouts" in result.output
    assert "`children`" in result.output


def test_a_grown_mapping_value_is_accepted_and_a_moved_namespace_refused(current: dict[str, Any]) -> None:
    ledger = json.loads(json.dumps(current["ApplicationLedger"]))
    # A mapping's struct value may grow; the Application struct inside the ledger's mapping does.
    application = next(k for k in ledger["types"] if k.startswith("t_struct(Application)"))
    ledger["types"][application]["members"].append(
        {"label": "extra", "slot": "9", "offset": 0, "type": "t_bytes32", "src": "x", "contract": "ApplicationLedger"}
    )
    assert compare_layouts(current["ApplicationLedger"], ledger) == []
    # A namespace under another id is another slot: the deployed one is gone.
    namespaces = ledger["namespaces"]
    namespaces["erc7201:zhangdian.storage.Other"] = namespaces.pop("erc7201:zhangdian.storage.ApplicationLedger")
    assert compare_layouts(current["ApplicationLedger"], ledger) != []


def test_an_input_is_extracted_once_per_process_and_each_caller_gets_its_own_copy(
    reordered_source: dict[str, Any], reordered: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``reordered`` was extracted from ``reordered_source`` already: asking again compiles nothing."""
    from zhangdian_sdk.ops import layout

    def no_second_compile(request: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("the same input was compiled again")

    monkeypatch.setattr(layout, "_bridge", no_second_compile)
    first = compile_layouts(reordered_source, ["ApplicationLedger"])
    assert first == {"ApplicationLedger": reordered}
    first["ApplicationLedger"]["storage"] = "edited by the caller"
    assert compile_layouts(reordered_source, ["ApplicationLedger"]) == {"ApplicationLedger": reordered}
    # A different input is never answered from another input's extraction.
    changed = json.loads(json.dumps(reordered_source))
    changed["sources"]["contracts/ApplicationLedger.sol"]["content"] += "\n// edited\n"
    with pytest.raises(AssertionError, match="compiled again"):
        compile_layouts(changed, ["ApplicationLedger"])
