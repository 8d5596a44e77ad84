"""The offline compiler: an npm-backed solc-v0.8.28 that py-solc-x and ape-solidity accept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import solcx
from packaging.version import Version

from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.errors import CompilerInstallError
from zhangdian_sdk.ops import compiler

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def solcx_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "solcx"
    monkeypatch.setenv("SOLCX_BINARY_PATH", str(folder))
    return folder


def test_falls_back_to_the_npm_build_when_the_download_fails(
    solcx_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise ConnectionError("binaries site unreachable")

    monkeypatch.setattr(solcx, "install_solc", unreachable)
    messages: list[str] = []
    installed = compiler.install_compiler(project_root=ROOT, log=messages.append)
    assert installed.kind == "wasm"
    assert installed.executable == solcx_folder / "solc-v0.8.28"
    assert any("unreachable" in message for message in messages)
    assert Version("0.8.28") in solcx.get_installed_solc_versions()
    assert compiler.installed_compiler() == installed
    # A second install finds the first and changes nothing.
    assert compiler.install_compiler(project_root=ROOT) == installed


def test_compiles_the_suite_with_imports_and_output_over_64_kib(solcx_folder: Path) -> None:
    compiler.install_compiler(prefer_native=False, project_root=ROOT)
    sources = {
        str(path.relative_to(ROOT)): {"urls": [str(path.relative_to(ROOT))]}
        for path in (ROOT / "contracts").rglob("*.sol")
        if ".cache" not in path.parts
    }
    standard_input = {
        "language": "Solidity",
        "sources": sources,
        "settings": {
            "remappings": [
                "@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/",
                "@openzeppelin/contracts-upgradeable/=node_modules/@openzeppelin/contracts-upgradeable/",
            ],
            "optimizer": {"enabled": True, "runs": 200},
            "evmVersion": "cancun",
            "outputSelection": {"*": {"*": ["abi", "evm.bytecode.object", "storageLayout"]}},
        },
    }
    output = solcx.compile_standard(standard_input, solc_version="0.8.28", base_path=str(ROOT))
    assert len(json.dumps(output)) > 64 * 1024
    assert not [e for e in output.get("errors", []) if e["severity"] == "error"]
    ledger = output["contracts"]["contracts/ApplicationLedger.sol"]["ApplicationLedger"]
    assert ledger["abi"] == load_artifact("ApplicationLedger").abi
    assert len(ledger["evm"]["bytecode"]["object"]) > 10_000


def test_a_missing_import_is_a_compiler_error_not_a_crash(solcx_folder: Path) -> None:
    compiler.install_compiler(prefer_native=False, project_root=ROOT)
    standard_input = {
        "language": "Solidity",
        "sources": {"A.sol": {"content": 'pragma solidity 0.8.28; import "./Missing.sol"; contract A {}'}},
        "settings": {"outputSelection": {"*": {"*": ["abi"]}}},
    }
    with pytest.raises(solcx.exceptions.SolcError, match=r"Missing\.sol"):
        solcx.compile_standard(standard_input, solc_version="0.8.28", base_path=str(ROOT))


def test_without_npm_or_download_the_error_says_what_to_do(
    solcx_folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(compiler.shutil, "which", lambda _name: None)
    with pytest.raises(CompilerInstallError, match=r"Node\.js"):
        compiler.install_compiler(prefer_native=False, project_root=tmp_path)
