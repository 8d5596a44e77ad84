"""Files that hold secrets are created 0600 in the call that creates them: no window, whatever the umask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from zhangdian_sdk.core.accounts import create_keystore
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.ops.localchain import LocalChain

_real_open = os.open


@pytest.fixture
def created(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Under umask 0 and with every chmod refused, the mode each file was created with, by path."""
    modes: dict[str, int] = {}

    def recording_open(
        path: str | os.PathLike[str], flags: int, mode: int = 0o777, *args: object, **kwargs: object
    ) -> int:
        if flags & os.O_CREAT:
            modes[os.fspath(path)] = mode
        return _real_open(path, flags, mode, *args, **kwargs)  # type: ignore[arg-type]

    def no_chmod(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"chmod after creation leaves a window: {args}")

    monkeypatch.setattr(os, "open", recording_open)
    monkeypatch.setattr(os, "chmod", no_chmod)
    monkeypatch.setattr(os, "fchmod", no_chmod)
    monkeypatch.setattr(Path, "chmod", no_chmod)
    old_umask = os.umask(0)
    try:
        yield modes
    finally:
        os.umask(old_umask)


def _private(path: Path) -> bool:
    return path.stat().st_mode & 0o777 == 0o600


def test_a_keystore_is_created_0600_never_more_open(created: dict[str, int], tmp_path: Path) -> None:
    """Issue 12, finding 10: the encrypted key was written 0644 and chmod-ed afterwards."""
    path = tmp_path / "keys" / "clerk.json"
    create_keystore(path, "correct horse battery")
    assert _private(path)
    assert created[str(path)] == 0o600
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == [path]  # nothing left behind


def test_a_department_key_file_is_created_0600_when_new_and_when_replaced(
    created: dict[str, int], tmp_path: Path
) -> None:
    """Issue 12, finding 10: the department's document key was written and then chmod-ed."""
    path = tmp_path / "ZD-XPSJ.pem"
    DepartmentKey.generate().save(path, "a long password")
    assert _private(path)
    replacement = DepartmentKey.generate()
    replacement.save(path, "a long password")
    assert _private(path)
    assert DepartmentKey.load(path, "a long password").public_key == replacement.public_key
    assert created  # every file went through os.open with its mode
    assert set(created.values()) == {0o600}
    assert [p for p in tmp_path.iterdir()] == [path]  # the temporary files were moved into place


def test_the_local_chain_mnemonic_is_created_0600(created: dict[str, int], tmp_path: Path) -> None:
    """Issue 12, finding 10 (already right, kept): the dev accounts' mnemonic is created 0600 too."""
    chain = LocalChain(folder=tmp_path / "chain")
    phrase = chain.mnemonic()
    path = tmp_path / "chain" / "dev-accounts.json"
    assert _private(path)
    assert created[str(path)] == 0o600
    assert LocalChain(folder=tmp_path / "chain").mnemonic() == phrase


def test_an_existing_keystore_is_never_overwritten(tmp_path: Path) -> None:
    """Issue 12, finding 10 (kept behaviour): the exclusive creation never replaces an existing keystore."""
    from zhangdian_sdk.core.errors import KeystoreError

    path = tmp_path / "clerk.json"
    first = create_keystore(path, "correct horse battery")
    with pytest.raises(KeystoreError, match="exists already"):
        create_keystore(path, "correct horse battery")
    assert first[2:].lower() in path.read_text().lower()
