"""Generate ``zhangdian_sdk/core/_contract_errors.py``: one exception class per contract custom error.

The classes are derived, not written: their names, ABI signatures and argument names come from the
ABIs shipped as package data (``zhangdian_sdk/_data/contracts/*.json``), their category base class
from the message catalogue (``zhangdian_sdk/_data/messages.json``), which also holds their messages.

Run after the contracts or the catalogue's categories change (``make build`` exports the ABIs)::

    python -m zhangdian_sdk.core.errors_codegen            # rewrite the module
    python -m zhangdian_sdk.core.errors_codegen --check    # exit 1 if it is stale

A new contract error first needs its entry (category and both messages) in the catalogue; the
command says which entries are missing and prints a skeleton to fill in.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from zhangdian_sdk.core import messages

__all__ = ["AbiError", "CatalogueMismatch", "abi_errors", "main", "output_path", "render"]

_CATEGORY_BASES = {
    "not_found": "NotFoundError",
    "permission_denied": "PermissionDeniedError",
    "invalid_argument": "InvalidArgumentError",
    "state_conflict": "StateConflictError",
}
_LINE = 120


@dataclass
class AbiError:
    """A custom error as the ABIs declare it, and the contracts that can raise it."""

    name: str
    types: tuple[str, ...]
    names: tuple[str, ...]
    contracts: list[str] = field(default_factory=list)


class CatalogueMismatch(Exception):
    """The ABIs and the catalogue disagree; the message says how to fix it."""


def _contracts_dir() -> Path:
    return Path(str(resources.files("zhangdian_sdk") / "_data" / "contracts"))


def output_path() -> Path:
    """Where the generated module lives (beside this file)."""
    return Path(__file__).with_name("_contract_errors.py")


def abi_errors(directory: Path | None = None) -> dict[str, AbiError]:
    """Every custom error of every shipped ABI, by name (a name declared with two different
    signatures is refused: Python could not give both the same class)."""
    found: dict[str, AbiError] = {}
    files = sorted((directory or _contracts_dir()).glob("*.json"))
    if not files:
        raise CatalogueMismatch("no ABIs under zhangdian_sdk/_data/contracts: run `make build` first")
    for path in files:
        for item in json.loads(path.read_text(encoding="utf-8"))["abi"]:
            if item["type"] != "error":
                continue
            types = tuple(_abi_type(i) for i in item["inputs"])
            names = tuple(i["name"] or f"arg{n}" for n, i in enumerate(item["inputs"]))
            error = found.setdefault(item["name"], AbiError(item["name"], types, names))
            if (error.types, error.names) != (types, names):
                raise CatalogueMismatch(f"{item['name']} is declared twice with different arguments ({path.stem})")
            error.contracts.append(path.stem)
    return found


def _abi_type(item: dict[str, object]) -> str:
    kind = str(item["type"])
    if kind.startswith("tuple"):
        components = item["components"]
        assert isinstance(components, list)
        return "(" + ",".join(_abi_type(c) for c in components) + ")" + kind[len("tuple") :]
    return kind


def render(errors: dict[str, AbiError], catalogue: dict[str, dict[str, str]]) -> str:
    """The generated module's source for ``errors`` with the categories of ``catalogue``."""
    missing = sorted(set(errors) - set(catalogue))
    if missing:
        skeleton = {n: {"category": "state_conflict", "zh": "...", "en": "..."} for n in missing}
        raise CatalogueMismatch(
            'these contract errors have no entry in zhangdian_sdk/_data/messages.json (section "errors"); '
            "add them with their category ("
            + ", ".join(_CATEGORY_BASES)
            + ") and both messages:\n"
            + json.dumps(skeleton, ensure_ascii=False, indent=2)
        )
    unknown = {n: e["category"] for n, e in catalogue.items() if e["category"] not in _CATEGORY_BASES}
    if unknown:
        raise CatalogueMismatch(f"unknown categories in the catalogue: {unknown}")
    names = sorted(errors, key=_natural)
    bases = sorted({_CATEGORY_BASES[catalogue[n]["category"]] for n in names})
    out = [
        '"""Exception classes of the contracts\' custom errors, one per error of the shipped ABIs.',
        "",
        "Procedurally generated from zhangdian_sdk/_data/contracts/*.json (names, signatures, argument",
        "names) and zhangdian_sdk/_data/messages.json (categories; English messages as docstrings; the",
        "messages shown are read from the catalogue at run time). DO NOT EDIT: change the contracts or",
        "the catalogue, then run ``python -m zhangdian_sdk.core.errors_codegen``. Import the classes from",
        ":mod:`zhangdian_sdk.core.errors`.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from zhangdian_sdk.core._contract_error_base import (",
        "    ContractError,",
        *(f"    {base}," for base in bases),
        "    register,",
        ")",
        "",
        "__all__ = [",
        *(f'    "{name}",' for name in names),
        "]",
    ]
    for name in names:
        error = errors[name]
        base = _CATEGORY_BASES[catalogue[name]["category"]]
        arguments = ", ".join(f"{t} {n}" for t, n in zip(error.types, error.names, strict=True))
        message = catalogue[name]["en"].replace("\\", "\\\\")
        source = f"``{name}({arguments})`` in the ABI of {', '.join(error.contracts)}."
        out += ["", "", f"class {name}({base}):", *_docstring(f"{message[:1].upper()}{message[1:]}.", source), ""]
        out += _tuple_assignment("    signature", error.types)
        out += _tuple_assignment("    argument_names", error.names)
    out += ["", "", "CONTRACT_ERRORS: tuple[type[ContractError], ...] = (", *(f"    {n}," for n in names), ")"]
    out += ["register(CONTRACT_ERRORS)", ""]
    return "\n".join(out)


def _natural(name: str) -> list[tuple[int, int | str]]:
    """Sort key: numbers by value (``ERC721`` before ``ERC1967``), as ruff sorts ``__all__``."""
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name) if part]


def _docstring(summary: str, source: str) -> list[str]:
    first, *rest = textwrap.wrap(summary, _LINE - 11, break_on_hyphens=False)
    body = [*rest, "", *textwrap.wrap(source, _LINE - 4, break_on_hyphens=False)]
    return [f'    """{first}', *(f"    {line}" if line else "" for line in body), '    """']


def _tuple_assignment(target: str, items: tuple[str, ...]) -> list[str]:
    quoted = [f'"{item}"' for item in items]
    inline = "(" + ", ".join(quoted) + ("," if len(quoted) == 1 else "") + ")"
    if len(f"{target} = {inline}") <= _LINE:
        return [f"{target} = {inline}"]
    return [f"{target} = (", *(f"        {q}," for q in quoted), "    )"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zhangdian_sdk.core.errors_codegen", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated module is stale")
    args = parser.parse_args(argv)
    try:
        source = render(abi_errors(), messages.section("errors"))
    except CatalogueMismatch as err:
        print(err, file=sys.stderr)
        return 2
    path = output_path()
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        if current != source:
            print(f"{path} is stale: run `python -m zhangdian_sdk.core.errors_codegen`", file=sys.stderr)
            return 1
        print(f"{path} is fresh")
        return 0
    if current != source:
        path.write_text(source, encoding="utf-8")
        print(f"wrote {path} ({source.count(chr(10) + 'class ')} classes)")
    else:
        print(f"{path} is already fresh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
