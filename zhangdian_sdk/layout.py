"""Storage layouts of the suite's upgradeable contracts, and whether an upgrade keeps them.

Each contract keeps its state in one ERC-7201 namespace: a struct ``<Name>Storage`` at a fixed
slot. The compiler does not report namespaced storage, so the layout is taken from a small
synthetic contract that declares the struct as its only variable; AST ids are stripped from the
type names so that layouts of two compilations compare.

An upgrade is compatible when the namespace slot is the same, every member of the old struct is at
the same slot and offset with the same name and a compatible type, and new members come after the
old ones. A struct stored as a mapping's value may gain members at its end (each entry has its own
area); any other struct, and every array element, must keep its size. Enums may gain values at
their end.

Usage::

    problems = compare_layouts(deployed_layout, new_layout)   # [] when compatible
    check_upgrade("ApplicationLedger", deployed_layout, new_layout)  # raises with the report
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eth_utils.crypto import keccak

from zhangdian_sdk.errors import StorageLayoutError
from zhangdian_sdk.suite import UPGRADEABLE_CONTRACTS  # re-exported: the suite descriptor says which

__all__ = [
    "UPGRADEABLE_CONTRACTS",
    "check_upgrade",
    "compare_layouts",
    "compile_layouts",
    "erc7201_slot",
    "namespace_of",
]

_AST_ID = re.compile(r"\)\d+(_storage)?")


def namespace_of(name: str) -> str:
    """The ERC-7201 namespace id of a contract of the suite."""
    return f"zhangdian.storage.{name}"


def erc7201_slot(namespace: str) -> str:
    """``keccak256(abi.encode(uint256(keccak256(namespace)) - 1)) & ~bytes32(uint256(0xff))``."""
    inner = int.from_bytes(keccak(text=namespace), "big") - 1
    outer = int.from_bytes(keccak(inner.to_bytes(32, "big")), "big")
    return f"0x{outer & ~0xFF:064x}"


def compile_layouts(
    standard_input: dict[str, Any], names: Iterable[str] = UPGRADEABLE_CONTRACTS
) -> dict[str, dict[str, Any]]:
    """The namespaced layout of each contract, compiled from the project's Standard JSON input."""
    import solcx

    from zhangdian_sdk.compiler import SOLC_VERSION

    names = list(names)
    source = "// SPDX-License-Identifier: Apache-2.0\npragma solidity 0.8.28;\n" + "".join(
        f'import {{{n}}} from "contracts/{n}.sol";\ncontract Layout{n} {{ {n}.{n}Storage internal s; }}\n'
        for n in names
    )
    request = {
        **standard_input,
        "sources": {**standard_input["sources"], "layout/Layouts.sol": {"content": source}},
        "settings": {**standard_input["settings"], "outputSelection": {"layout/Layouts.sol": {"*": ["storageLayout"]}}},
    }
    output = solcx.compile_standard(request, solc_version=SOLC_VERSION, allow_empty=True)
    failures = [e["formattedMessage"] for e in output.get("errors", []) if e["severity"] == "error"]
    if failures:
        raise StorageLayoutError("the storage layouts do not compile:\n" + "\n".join(failures))
    layouts = {}
    for name in names:
        raw = output["contracts"]["layout/Layouts.sol"][f"Layout{name}"]["storageLayout"]
        (root,) = raw["storage"]
        layouts[name] = {
            "namespace": namespace_of(name),
            "slot": erc7201_slot(namespace_of(name)),
            "root": _plain(root["type"]),
            "types": {_plain(key): _type(value) for key, value in raw["types"].items()},
        }
    return layouts


def project_layouts(project_root: Path | None = None) -> dict[str, dict[str, Any]]:
    """The layouts of the contracts in a project checkout, compiled with ape's settings."""
    from ape import compilers, project

    root = project_root or Path.cwd()
    paths = [(root / "contracts" / f"{name}.sol").resolve() for name in UPGRADEABLE_CONTRACTS]
    (standard_input,) = compilers.solidity.get_standard_input_json(paths, project=project).values()
    return compile_layouts(standard_input)


def compare_layouts(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What an upgrade from ``old`` to ``new`` would break, one sentence each; empty if nothing."""
    if old["slot"] != new["slot"]:
        return [f"the namespace moved from {old['namespace']} ({old['slot']}) to {new['namespace']} ({new['slot']})"]
    problems: list[str] = []
    _compare_types(old, new, old["root"], new["root"], "", problems, may_grow=True)
    return problems


def check_upgrade(name: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Raise :class:`StorageLayoutError` with the full report if the upgrade is not compatible."""
    problems = compare_layouts(old, new)
    if problems:
        report = "\n".join(f"  - {p}" for p in problems)
        raise StorageLayoutError(
            f"存储布局不兼容, 拒绝升级 / {name}: the new implementation's storage layout is incompatible "
            f"with the deployed one; the upgrade is refused:\n{report}"
        )


def _compare_types(
    old: dict[str, Any], new: dict[str, Any], old_id: str, new_id: str, where: str, problems: list[str], may_grow: bool
) -> None:
    a, b = old["types"][old_id], new["types"][new_id]
    label = where or a["label"]
    if a["encoding"] != b["encoding"]:
        problems.append(f"{label}: {a['label']} became {b['label']}")
        return
    if "members" in a:
        _compare_struct(old, new, a, b, label, problems, may_grow)
    elif a["encoding"] == "mapping":
        if a["key"] != b["key"]:
            problems.append(f"{label}: key {a['key']} became {b['key']}")
            return
        _compare_types(old, new, a["value"], b["value"], f"{label}[…]", problems, may_grow=True)
    elif a["encoding"] == "dynamic_array":
        _compare_types(old, new, a["base"], b["base"], f"{label}[]", problems, may_grow=False)
    elif "enum_values" in a:
        if b.get("enum_values", [])[: len(a["enum_values"])] != a["enum_values"] or a["bytes"] != b["bytes"]:
            problems.append(f"{label}: enum values {a['enum_values']} became {b.get('enum_values')}")
    elif (a["label"], a["bytes"]) != (b["label"], b["bytes"]):
        problems.append(f"{label}: {a['label']} became {b['label']}")


def _compare_struct(
    old: dict[str, Any],
    new: dict[str, Any],
    a: dict[str, Any],
    b: dict[str, Any],
    label: str,
    problems: list[str],
    may_grow: bool,
) -> None:
    old_members, new_members = a["members"], b["members"]
    for index, member in enumerate(old_members):
        if index >= len(new_members):
            problems.append(f"{label}.{member['label']} was removed")
            continue
        other = new_members[index]
        place = (member["slot"], member["offset"])
        if other["label"] != member["label"]:
            problems.append(f"{label}: member {index} `{member['label']}` became `{other['label']}` (renamed or moved)")
        elif (other["slot"], other["offset"]) != place:
            problems.append(
                f"{label}.{member['label']} moved from slot {member['slot']} offset {member['offset']} "
                f"to slot {other['slot']} offset {other['offset']}"
            )
        else:
            _compare_types(old, new, member["type"], other["type"], f"{label}.{member['label']}", problems, False)
    if len(new_members) > len(old_members) and not may_grow:
        added = ", ".join(m["label"] for m in new_members[len(old_members) :])
        problems.append(f"{label} grew ({added}) where its size is fixed (in an array or inline)")
    elif a["bytes"] != b["bytes"] and not may_grow:
        problems.append(f"{label} changed size from {a['bytes']} to {b['bytes']} bytes")


def _plain(type_id: str) -> str:
    return _AST_ID.sub(lambda m: ")" + (m.group(1) or ""), type_id)


def _type(raw: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "label": raw["label"],
        "encoding": raw["encoding"],
        "bytes": int(raw["numberOfBytes"]),
    }
    for key in ("key", "value", "base"):
        if key in raw:
            entry[key] = _plain(raw[key])
    if "members" in raw:
        entry["members"] = [
            {"label": m["label"], "slot": int(m["slot"]), "offset": int(m["offset"]), "type": _plain(m["type"])}
            for m in raw["members"]
        ]
    if raw["label"].startswith("enum "):
        # The compiler gives no enum values; their count is fixed by the size, and their names by the
        # source. Upgrades may add values at the end, which leaves the size at one byte.
        entry["enum_values"] = []
    return entry
