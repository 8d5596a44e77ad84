"""The package as a user meets it: its public API, its layers, and its optional parts."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import zhangdian_sdk
from zhangdian_sdk.core.extras import EXTRAS

ROOT = Path(__file__).resolve().parents[2]
_HEAVY = ("fastapi", "uvicorn", "jinja2", "sqlalchemy", "solcx", "openpyxl")


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_every_public_name_resolves_from_the_package() -> None:
    for name in zhangdian_sdk.__all__:
        assert getattr(zhangdian_sdk, name) is not None, name
    assert zhangdian_sdk.errors.ZhangdianError is zhangdian_sdk.ZhangdianError


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        zhangdian_sdk.no_such_name  # noqa: B018


def test_the_cli_and_the_client_start_without_the_optional_packages() -> None:
    """`zhangdian --help` and the client load none of the web, spreadsheet or compiler packages."""
    result = _run_python(
        "import sys, zhangdian_sdk.cli, zhangdian_sdk.client\n"
        "from zhangdian_sdk import ZhangdianClient\n"
        f"print(','.join(m for m in {_HEAVY!r} if m in sys.modules))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (["portal"], "portal"),
        (["index", "sync"], "index"),
        (["compiler", "install", "--offline"], "compiler"),
    ],
)
def test_a_command_whose_extra_is_missing_names_the_pip_command(argv: list[str], extra: str) -> None:
    """Without the extra's packages the command explains itself in both languages, with no traceback."""
    blocked = EXTRAS[extra]
    result = _run_python(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {blocked!r}:\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from zhangdian_sdk.cli import main\n"
        f"sys.argv = ['zhangdian', *{argv!r}]\n"
        "main()\n"
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert f"pip install 'zhangdian-sdk[{extra}]'" in output
    assert "需要可选组件" in output


def test_the_extras_in_the_code_are_the_extras_of_the_project() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert set(EXTRAS) <= set(extras)
    core = " ".join(project["dependencies"]).lower()
    for packages in ("fastapi", "uvicorn", "jinja2", "sqlalchemy", "py-solc-x", "openpyxl"):
        assert packages not in core, f"{packages} is a core dependency"
    assert set(EXTRAS) <= set(extras["all"][0].split("[")[1].rstrip("]").split(","))


def test_the_layers_hold() -> None:
    """import-linter's layers contract (pyproject.toml): no module imports a layer above its own."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]
