"""Run the ```bash blocks of README.md in order, in one fresh bash shell, as a reader would.

The reader's setup is imitated, not the reader's commands: a working folder that looks like the
checkout (the virtualenv as `.venv`, the sources, a private copy of `examples/`), no `ZHANGDIAN_*`
variable from the caller's environment, the virtualenv's `bin` taken off PATH (a bare `zhangdian` fails
here as it fails after `make setup`) and the checkout's own package first on PYTHONPATH. Two things
differ from a reader's machine, for isolation from other tests: the local chain's port
(`README_TEST_PORT`, also given to the commands as `ZHANGDIAN_RPC_URL`) and the working folder.

A block can only change in the ways the README states next to it: an HTML comment right before the
fence, ``<!-- readme-test: ... -->``, whose lines ``OLD => NEW`` replace a line of the block that
starts with OLD (the rest of that line, a comment, is dropped) and whose other lines say why. A
directive without a reason, or whose OLD is not in its block, is an error.

Usage: ``python -m tests.docs.readme_runner [WORK_DIR]`` (keeps the folder, for a person debugging
a block); the test is tests/docs/test_readme.py.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"

# What the working folder shares with the checkout (read-only use); everything else is absent or a copy.
LINKED = (
    "scripts", "security", "tests", "zhangdian_sdk", "benchmarks", "node_modules",
    "ape-config.yaml", "foundry.toml", "package.json", "package-lock.json", "pyproject.toml", "Makefile",
    "README.md", "SECURITY.md", "CHANGELOG.md",
)  # fmt: skip
# The README writes journals and receipts next to the example files; ape compiles (and `upgrade
# check` lays out) the contracts of the folder it runs in, which must be the folder's own, not links.
COPIED = ("examples", "contracts", ".build")

_FENCE = re.compile(r"^```(\S*)\s*$")
_DIRECTIVE = re.compile(r"<!--\s*readme-test:(.*?)-->", re.DOTALL)
_BLOCK_MARK = "@@readme-block"
_FAIL_MARK = "@@readme-fail"


@dataclass
class Block:
    """One ```bash block: its first line's number in README.md, its lines and its directive."""

    number: int
    line: int
    lines: list[str]
    replacements: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""

    def script(self) -> str:
        out = []
        for text in self.lines:
            for old, new in self.replacements:
                if text.lstrip().startswith(old):
                    text = new
            out.append(text)
        return "\n".join(out) + "\n"


def bash_blocks(readme: str) -> list[Block]:
    """The ```bash blocks of ``readme`` in order, each with the directive right before its fence."""
    lines = readme.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        if fence.group(1) == "bash":
            block = Block(len(blocks) + 1, index + 2, lines[index + 1 : end])
            _apply_directive(block, lines[:index])
            blocks.append(block)
        index = end + 1
    return blocks


def _apply_directive(block: Block, before: list[str]) -> None:
    text = "\n".join(before).rstrip()
    if not text.endswith("-->"):
        return
    directive = _DIRECTIVE.findall(text)
    if not directive or not text.endswith(f"readme-test:{directive[-1]}-->"):
        return
    reason = []
    for raw in directive[-1].strip().splitlines():
        if "=>" in raw:
            old, new = (part.strip() for part in raw.split("=>", 1))
            if not any(line.lstrip().startswith(old) for line in block.lines):
                raise ValueError(f"README line {block.line}: readme-test replaces {old!r}, which is not in the block")
            block.replacements.append((old, new))
        elif raw.strip():
            reason.append(raw.strip())
    block.reason = " ".join(reason)
    if block.replacements and not block.reason:
        raise ValueError(f"README line {block.line}: a readme-test directive must say why it changes the block")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(work: Path) -> None:
    """A folder that looks like the checkout after `make setup`, with nothing of a previous run."""
    work.mkdir(parents=True, exist_ok=True)
    (work / ".venv").symlink_to(Path(sys.prefix))
    for name in LINKED:
        if (ROOT / name).exists():
            (work / name).symlink_to(ROOT / name)
    for name in COPIED:
        shutil.copytree(ROOT / name, work / name)


def environment(port: int) -> dict[str, str]:
    venv_bin = str(Path(sys.prefix) / "bin")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ZHANGDIAN_", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    env["PYTHONPATH"] = str(ROOT)
    env["README_TEST_PORT"] = str(port)
    env["ZHANGDIAN_RPC_URL"] = f"http://127.0.0.1:{port}"
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "160"
    return env


@dataclass
class Outcome:
    returncode: int
    output: str
    seconds: float
    failed_block: Block | None = None
    failed_line: int | None = None

    def report(self) -> str:
        """Which block and README line failed, with the block's output."""
        if self.failed_block is None:
            return f"README script exited {self.returncode}:\n{self.output[-6000:]}"
        block = self.failed_block
        marker = f"{_BLOCK_MARK} {block.number}\n"
        output = self.output.split(marker, 1)[-1]
        command = ""
        if self.failed_line is not None and 0 < self.failed_line <= len(block.lines):
            command = block.script().splitlines()[self.failed_line - 1]
        readme_line = block.line + (self.failed_line or 1) - 1
        return (
            f"README.md block {block.number} (line {block.line}) failed at README line {readme_line}: {command}\n"
            f"--- output of the block ---\n{output[-6000:]}"
        )


def run(work: Path, blocks: list[Block], *, timeout: float = 900) -> Outcome:
    """Every block in order in one bash; stops at the first failing command."""
    scripts = work / ".readme-blocks"
    scripts.mkdir(exist_ok=True)
    driver = ["set -eE -o pipefail", f"trap 'echo \"{_FAIL_MARK} $__block $LINENO\"' ERR"]
    for block in blocks:
        path = scripts / f"{block.number}.sh"
        path.write_text(block.script(), encoding="utf-8")
        driver += [f"__block={block.number}", f"echo '{_BLOCK_MARK} {block.number}'", f"source {path}"]
    started = time.monotonic()
    process = subprocess.Popen(
        ["bash", "-c", "\n".join(driver)],
        cwd=work,
        env=environment(int(os.environ.get("README_TEST_PORT") or free_port())),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        output += f"\n(timed out after {timeout:.0f} s)"
    outcome = Outcome(process.returncode, output, time.monotonic() - started)
    failure = re.findall(rf"^{_FAIL_MARK} (\d+) (\d+)$", output, re.MULTILINE)
    if failure:
        number, line = (int(x) for x in failure[-1])
        outcome.failed_block = blocks[number - 1]
        outcome.failed_line = line
    return outcome


def stop_chains(work: Path) -> None:
    """Stop every anvil the README started under ``work`` (by their pid files), whatever happened."""
    for pid_file in [*work.glob("*/chain/anvil.pid"), *work.glob("*/*/chain/anvil.pid")]:
        try:
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
        except (ValueError, ProcessLookupError, PermissionError):
            continue


def main() -> None:
    work = Path(sys.argv[1] if len(sys.argv) > 1 else "readme-run").resolve()
    if work.exists():
        shutil.rmtree(work)
    prepare(work)
    blocks = bash_blocks(README.read_text(encoding="utf-8"))
    try:
        outcome = run(work, blocks)
    finally:
        stop_chains(work)
    print(outcome.output)
    print(outcome.report() if outcome.returncode else f"all {len(blocks)} blocks passed in {outcome.seconds:.0f} s")


if __name__ == "__main__":
    main()
