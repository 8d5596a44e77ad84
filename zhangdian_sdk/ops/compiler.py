"""Install the Solidity compiler the suite is built with, online or offline.

py-solc-x and ape-solidity look for executables named ``solc-v<version>`` in py-solc-x's
install folder. Where the native binary can be downloaded, that is what gets installed.
Where it cannot (this project's build machines, government intranets), an executable
backed by the WebAssembly build from the npm ``solc`` package of the same version is
written there instead; its bytecode is the same as the native compiler's.

Usage: ``zhangdian_sdk.ops.compiler.install_compiler()`` or ``zhangdian compiler install``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import solcx

from zhangdian_sdk.core.errors import CompilerInstallError

__all__ = ["SOLC_VERSION", "CompilerInstallation", "install_compiler", "installed_compiler"]

SOLC_VERSION = "0.8.28"
_NATIVE_DOWNLOAD_TIMEOUT_S = 20.0
_WRAPPER_MARKER = "# zhangdian: solc from npm (WebAssembly)"


@dataclass(frozen=True)
class CompilerInstallation:
    """Where a compiler was installed and which kind it is (``native`` or ``wasm``)."""

    version: str
    executable: Path
    kind: str


def installed_compiler(version: str = SOLC_VERSION) -> CompilerInstallation | None:
    """Return the compiler py-solc-x would use for ``version``, if one is installed."""
    executable = solcx.get_solcx_install_folder() / f"solc-v{version}"
    if not executable.exists():
        return None
    kind = "wasm" if _WRAPPER_MARKER in _head(executable) else "native"
    return CompilerInstallation(version=version, executable=executable, kind=kind)


def install_compiler(
    version: str = SOLC_VERSION,
    *,
    prefer_native: bool = True,
    project_root: Path | None = None,
    log: Callable[[str], None] = lambda _message: None,
) -> CompilerInstallation:
    """Install solc ``version`` where py-solc-x and ape-solidity find it; idempotent.

    Tries the native download first (unless ``prefer_native`` is false) and falls back to
    the npm WebAssembly build, found in ``project_root/node_modules`` or installed with npm
    into the user cache.

    Raises:
        CompilerInstallError: neither way worked; the message says what to do.
    """
    existing = installed_compiler(version)
    if existing is not None and _answers_version(existing.executable, version):
        log(f"solc {version} already installed ({existing.kind}): {existing.executable}")
        return existing
    if prefer_native:
        native_error = _try_native(version)
        if native_error is None:
            found = installed_compiler(version)
            if found is not None:
                log(f"installed native solc {version}: {found.executable}")
                return found
        log(f"native solc download unavailable ({native_error}); using the npm build")
    solc_dir = _find_npm_solc(version, project_root) or _npm_install_solc(version, log)
    executable = _write_wrapper(version, solc_dir)
    if not _answers_version(executable, version):
        raise CompilerInstallError(
            f"编译器版本不符 / the compiler written to {executable} does not report version {version}; "
            "check that `node` is Node.js 18 or newer"
        )
    log(f"installed solc {version} (WebAssembly via {solc_dir}): {executable}")
    return CompilerInstallation(version=version, executable=executable, kind="wasm")


def _try_native(version: str) -> str | None:
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(_NATIVE_DOWNLOAD_TIMEOUT_S)
    try:
        solcx.install_solc(version, show_progress=False)
    except Exception as err:  # noqa: BLE001 - any download failure means "use the fallback"
        return f"{type(err).__name__}: {err}".splitlines()[0][:200]
    finally:
        socket.setdefaulttimeout(previous)
    return None


def _find_npm_solc(version: str, project_root: Path | None) -> Path | None:
    roots = [project_root] if project_root else []
    roots += [Path.cwd(), *Path.cwd().parents, _cache_dir(version)]
    for root in roots:
        candidate = root / "node_modules" / "solc"
        if _npm_package_version(candidate) == version:
            return candidate.resolve()
    return None


def _npm_install_solc(version: str, log: Callable[[str], None]) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise CompilerInstallError(
            "无法下载 solc，也没有 npm / no native solc download and no npm on PATH: install Node.js 18+ with npm, "
            f"or place a native solc-v{version} in {solcx.get_solcx_install_folder()}"
        )
    prefix = _cache_dir(version)
    prefix.mkdir(parents=True, exist_ok=True)
    log(f"npm install solc@{version} into {prefix}")
    result = subprocess.run(  # noqa: S603 - npm from PATH, fixed arguments
        [npm, "install", "--no-save", "--prefix", str(prefix), f"solc@{version}"],
        capture_output=True,
        text=True,
        check=False,
    )
    solc_dir = prefix / "node_modules" / "solc"
    if result.returncode != 0 or _npm_package_version(solc_dir) != version:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise CompilerInstallError(f"npm 安装 solc 失败 / npm install solc@{version} failed: {' | '.join(tail)}")
    return solc_dir.resolve()


def _write_wrapper(version: str, solc_dir: Path) -> Path:
    node = shutil.which("node")
    if node is None:
        raise CompilerInstallError("找不到 node / node is not on PATH: install Node.js 18 or newer")
    bridge = resources.files("zhangdian_sdk") / "_data" / "solc_bridge.cjs"
    folder = solcx.get_solcx_install_folder()
    folder.mkdir(parents=True, exist_ok=True)
    executable = folder / f"solc-v{version}"
    # The output goes through a file: Node cuts a piped stdout at 64 KiB on exit.
    executable.write_text(
        "#!/bin/sh\n"
        f"{_WRAPPER_MARKER} {version}\n"
        "out=$(mktemp) || exit 1\ntrap 'rm -f \"$out\"' EXIT\n"
        f'"{node}" "{bridge}" --solc-dir "{solc_dir}" --out "$out" "$@"\n'
        'rc=$?\ncat "$out"\nexit $rc\n'
    )
    executable.chmod(executable.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return executable


def _answers_version(executable: Path, version: str) -> bool:
    try:
        result = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    except OSError:
        return False
    return f"Version: {version}+" in result.stdout


def _npm_package_version(package_dir: Path) -> str | None:
    try:
        return str(json.loads((package_dir / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return None


def _cache_dir(version: str) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "zhangdian" / f"solc-{version}"


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(256).decode("utf-8", "replace")
    except OSError:
        return ""


if __name__ == "__main__":
    import sys

    offline = "--offline" in sys.argv[1:]
    installed = install_compiler(prefer_native=not offline, log=print)
    print(f"编译器 solc {installed.version} ({installed.kind}): {installed.executable}")
