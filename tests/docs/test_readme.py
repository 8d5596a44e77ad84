"""README.md works exactly as written: its ```bash blocks run in order, in one fresh shell, and all succeed.

See tests/docs/readme_runner.py for what the test imitates of a reader's machine and how a block that
cannot run here says so in the README (``<!-- readme-test: OLD => NEW, and why -->``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.readme_runner import README, bash_blocks, prepare, run, stop_chains


def test_every_bash_block_of_the_readme_runs_as_written(tmp_path: Path) -> None:
    blocks = bash_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 10, "README.md lost its command blocks"
    changed = [block for block in blocks if block.replacements]
    # Only the quickstart's two make commands (which install, recurse into the test suite or serve
    # forever) may run in another form; every other block runs exactly as written.
    assert [old for block in changed for old, _ in block.replacements] == ["make demo", "make test"]
    work = tmp_path / "checkout"
    prepare(work)
    try:
        outcome = run(work, blocks)
    finally:
        stop_chains(work)
    assert outcome.returncode == 0, outcome.report()
    assert outcome.output.count("@@readme-block") == len(blocks)


def test_a_failing_block_is_reported_with_its_readme_line(tmp_path: Path) -> None:
    readme = "# t\n\n```bash\necho one\n```\n\ntext\n\n```bash\necho two\nfalse   # this fails\necho never\n```\n"
    blocks = bash_blocks(readme)
    work = tmp_path / "checkout"
    prepare(work)
    outcome = run(work, blocks, timeout=60)
    assert outcome.returncode != 0
    assert outcome.failed_block is blocks[1]
    assert "README.md block 2 (line 10) failed at README line 11: false   # this fails" in outcome.report()
    assert "two" in outcome.report()
    assert "never" not in outcome.output


def test_a_directive_must_name_a_line_of_its_block_and_say_why() -> None:
    readme = (
        "<!-- readme-test:\nmake demo => echo demo\nthe portal would serve forever\n-->\n```bash\nmake demo  # x\n```\n"
    )
    (block,) = bash_blocks(readme)
    assert block.script() == "echo demo\n"
    assert block.reason == "the portal would serve forever"
    for bad in ("<!-- readme-test: make demo => echo demo -->", "<!-- readme-test: make x => y\nwhy -->"):
        with pytest.raises(ValueError, match="readme-test"):
            bash_blocks(bad + "\n```bash\nmake demo\n```\n")
