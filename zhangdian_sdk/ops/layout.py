"""Storage layouts of the suite's upgradeable contracts, and whether an upgrade keeps them.

Both the layouts and the verdict come from OpenZeppelin's ``@openzeppelin/upgrades-core`` (pinned
in package.json), run offline by node through ``_data/layout_bridge.cjs``: the project's Standard
JSON input is compiled with the WebAssembly solc from ``node_modules``, upgrades-core rewrites it
so that solc reports each ERC-7201 namespaced struct (``makeNamespacedInput``) and extracts every
contract's layout, namespaces included; two layouts are compared with upgrades-core's
``getStorageUpgradeReport`` (members may be appended at the end of a namespace or of a struct
stored as a mapping's value; nothing may be inserted, removed, reordered, renamed or retyped).

A recorded layout is upgrades-core's ``StorageLayout``. Release 1.1.0's baseline
(``security/storage-layouts.json``) and manifests written before this SDK used upgrades-core carry
the SDK's earlier format (``{namespace, slot, root, types}``, the namespace's struct only, without
enum value names); :func:`to_upgrades_core` converts such a record, taking enum value names from
the layout it is compared with (the earlier format checked only an enum's size, so does this).

Usage::

    problems = compare_layouts(deployed_layout, new_layout)   # [] when compatible
    check_upgrade("ApplicationLedger", deployed_layout, new_layout)  # raises with the report
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from eth_utils.crypto import keccak

from zhangdian_sdk.core.errors import CompilerInstallError, StorageLayoutError
from zhangdian_sdk.core.suite import UPGRADEABLE_CONTRACTS  # re-exported: the suite descriptor says which

__all__ = [
    "UPGRADEABLE_CONTRACTS",
    "check_upgrade",
    "compare_layouts",
    "compile_layouts",
    "erc7201_slot",
    "namespace_of",
    "project_layouts",
    "to_upgrades_core",
]

_AST_ID = re.compile(r"\)\d+(_storage)?")
_UPGRADES_CORE = "@openzeppelin/upgrades-core"
_TIMEOUT_S = 600


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
    """upgrades-core's layout of each contract ``contracts/<name>.sol:<name>`` of a Standard JSON input."""
    contracts = {name: f"contracts/{name}.sol" for name in names}
    request = {"command": "extract", "input": standard_input, "contracts": contracts}
    # The same input gives the same layouts: an input that carries every source's text is compiled once
    # per process (`upgrade check` after a build, or a test run, would otherwise compile it again).
    sources = standard_input.get("sources", {})
    key = None
    if sources and all("content" in source for source in sources.values()):
        key = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
    if key is not None and key in _EXTRACTED:
        cached: dict[str, dict[str, Any]] = json.loads(_EXTRACTED[key])  # a fresh copy: callers may edit it
        return cached
    layouts: dict[str, dict[str, Any]] = _bridge(request)["layouts"]
    if key is not None:
        _EXTRACTED[key] = json.dumps(layouts)
    return layouts


_EXTRACTED: dict[str, str] = {}  # sha256 of an extract request: the layouts as JSON


def project_layouts(project_root: Path | None = None) -> dict[str, dict[str, Any]]:
    """The layouts of the contracts in a project checkout, compiled with ape's settings."""
    from ape import compilers, project

    root = project_root or Path.cwd()
    paths = [(root / "contracts" / f"{name}.sol").resolve() for name in UPGRADEABLE_CONTRACTS]
    (standard_input,) = compilers.solidity.get_standard_input_json(paths, project=project).values()
    return compile_layouts(standard_input)


def compare_layouts(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """upgrades-core's report on an upgrade from ``old`` to ``new``, one line each; empty if compatible."""
    original, updated = to_upgrades_core(old, new), to_upgrades_core(new, old)
    answer = _bridge({"command": "compare", "original": original, "updated": updated})
    if answer["ok"]:
        return []
    return [line.strip() for line in str(answer["report"]).splitlines() if line.strip()]


def check_upgrade(name: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Raise :class:`StorageLayoutError` with the full report if the upgrade is not compatible."""
    problems = compare_layouts(old, new)
    if problems:
        report = "\n".join(f"  - {p}" for p in problems)
        raise StorageLayoutError(
            f"存储布局不兼容, 拒绝升级 / {name}: the new implementation's storage layout is incompatible "
            f"with the deployed one; the upgrade is refused:\n{report}"
        )


def to_upgrades_core(layout: dict[str, Any], other: dict[str, Any] | None = None) -> dict[str, Any]:
    """``layout`` as upgrades-core's ``StorageLayout``; a record in the SDK's earlier format is converted,
    its enums taking their value names from ``other`` (the layout it is compared with)."""
    if "namespace" not in layout:
        return layout
    names = _enum_names(other) if other is not None and "namespace" not in other else {}
    types: dict[str, Any] = {}
    for type_id, entry in layout["types"].items():
        item: dict[str, Any] = {"label": entry["label"], "numberOfBytes": str(entry["bytes"])}
        if "members" in entry:
            item["members"] = [_legacy_member(member, layout["namespace"]) for member in entry["members"]]
        elif "enum_values" in entry:
            item["members"] = entry["enum_values"] or names.get(type_id, [])
        types[type_id] = item
    root = types[layout["root"]]
    return {
        "storage": [],
        "types": types,
        "namespaces": {f"erc7201:{layout['namespace']}": root["members"]},
    }


def _legacy_member(member: dict[str, Any], namespace: str) -> dict[str, Any]:
    return {
        "contract": namespace.rsplit(".", 1)[-1],
        "label": member["label"],
        "type": member["type"],
        "offset": int(member["offset"]),
        "slot": str(member["slot"]),
        "src": f"the recorded layout of {namespace}",
    }


def _enum_names(layout: dict[str, Any]) -> dict[str, list[str]]:
    """Enum value names of an upgrades-core layout, by type id without AST ids (the earlier format's)."""
    return {
        _AST_ID.sub(lambda m: ")" + (m.group(1) or ""), type_id): list(entry["members"])
        for type_id, entry in layout.get("types", {}).items()
        if type_id.startswith("t_enum(") and "members" in entry
    }


def _node_modules() -> Path:
    """The ``node_modules`` holding upgrades-core and solc: the project checkout's, or the SDK's own."""
    here = Path(__file__).resolve().parent
    for root in [Path.cwd(), *Path.cwd().parents, *here.parents]:
        candidate = root / "node_modules"
        if (candidate / _UPGRADES_CORE / "package.json").is_file() and (candidate / "solc" / "package.json").is_file():
            return candidate
    raise CompilerInstallError(
        f"存储布局检查需要 {_UPGRADES_CORE} / the storage-layout check needs {_UPGRADES_CORE} and solc "
        "from npm: run `npm ci` (or `make setup`) in the project checkout"
    )


def _bridge(request: dict[str, Any]) -> dict[str, Any]:
    """Run ``_data/layout_bridge.cjs`` on ``request``; its answer, or the error as StorageLayoutError."""
    node = shutil.which("node")
    if node is None:
        raise CompilerInstallError("找不到 node / node is not on PATH: install Node.js 18 or newer")
    modules = _node_modules()
    bridge = resources.files("zhangdian_sdk") / "_data" / "layout_bridge.cjs"
    with tempfile.TemporaryDirectory(prefix="zhangdian-layout-") as folder:
        out = Path(folder) / "answer.json"
        result = subprocess.run(  # noqa: S603 - node from PATH, the SDK's own script
            [node, str(bridge), "--node-modules", str(modules), "--out", str(out)],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            timeout=_TIMEOUT_S,
            check=False,
        )
        text = out.read_text(encoding="utf-8") if out.is_file() else ""
    answer: dict[str, Any] = json.loads(text) if text else {"error": result.stderr.strip()[-2000:]}
    if "error" in answer:
        raise StorageLayoutError(
            f"无法检查存储布局 / the storage layouts cannot be checked ({_UPGRADES_CORE}):\n{answer['error']}"
        )
    return answer
