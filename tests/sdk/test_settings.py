"""Configuration comes from one settings object, documented once in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zhangdian_sdk
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.accounts import load_signer
from zhangdian_sdk.core.deployments import deployments_dir
from zhangdian_sdk.core.settings import Settings, configuration_table, load_settings
from zhangdian_sdk.ops.localchain import data_home

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_documents_every_variable_as_the_settings_define_it() -> None:
    assert configuration_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_variable_the_package_names_is_a_setting() -> None:
    """A new ZHANGDIAN_* variable read anywhere in the SDK must be a field (and so in the README)."""
    known = {Settings.env_name(name) for name in Settings.model_fields}
    named = {
        match
        for path in Path(zhangdian_sdk.__file__).parent.rglob("*.py")
        for match in re.findall(r"ZHANGDIAN_[A-Z][A-Z_]*[A-Z]", path.read_text(encoding="utf-8"))
    }
    assert named, "the package names its variables somewhere"
    assert named <= known, f"not settings: {sorted(named - known)}"


def test_no_module_but_settings_reads_the_environment_for_configuration() -> None:
    for path in Path(zhangdian_sdk.__file__).parent.rglob("*.py"):
        if path.name == "settings.py":
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            reads = re.search(r"os\.environ\.get\(|os\.getenv\(|envvar=", line)
            assert not (reads and "ZHANGDIAN" in line), f"{path.name}: {line.strip()}"
            assert "envvar=" not in line, f"{path.name}: click reads the environment itself: {line.strip()}"


def test_settings_are_read_when_asked_and_empty_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHANGDIAN_DEPLOYMENTS_DIR", "/srv/manifests")
    monkeypatch.setenv("ZHANGDIAN_HOME", "/srv/zhangdian")
    monkeypatch.setenv("ZHANGDIAN_RPC_URL", "")
    assert deployments_dir() == Path("/srv/manifests")
    assert data_home() == Path("/srv/zhangdian")
    assert load_settings().rpc_url is None
    monkeypatch.delenv("ZHANGDIAN_HOME")
    assert data_home() == Path(".zhangdian")


def test_an_empty_private_key_is_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHANGDIAN_PRIVATE_KEY", "")
    with pytest.raises(errors.ConfigurationError, match="no account to sign with"):
        load_signer()
    monkeypatch.setenv("ZHANGDIAN_PRIVATE_KEY", "0x" + "01" * 32)
    assert load_signer().address == "0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1"


def test_secrets_do_not_show_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHANGDIAN_KEYSTORE_PASSWORD", "correct horse")
    settings = load_settings()
    assert "correct horse" not in repr(settings)
    assert settings.keystore_password is not None
    assert settings.keystore_password.get_secret_value() == "correct horse"
