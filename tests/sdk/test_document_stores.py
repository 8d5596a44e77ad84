"""Document stores: the folder store and an S3-compatible bucket served over HTTP on this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.conftest import free_port
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.documents import DepartmentKey, open_document, rewrap_key, seal_document
from zhangdian_sdk.core.storage import DocumentStore, FolderStore, S3Store, content_uri, open_store, parse_content_uri


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(params=["folder", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DocumentStore:
    if request.param == "folder":
        return open_store(str(tmp_path / "documents"))
    endpoint = request.getfixturevalue("s3_endpoint")
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "ZHANGDIAN_S3_ENDPOINT": endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    bucket = f"documents-{free_port()}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=bucket)
    opened = open_store(f"s3://{bucket}/zhangdian")
    assert isinstance(opened, S3Store)
    return opened


def test_documents_round_trip_and_keys_are_shared_per_department(store: DocumentStore) -> None:
    first, second = DepartmentKey.generate(), DepartmentKey.generate()
    sealed = seal_document(b"scan bytes", {"ZD-A": first.public_key})
    uri = store.put(sealed)
    assert parse_content_uri(uri) == sealed.content_hash == parse_content_uri(content_uri(sealed.content_hash))
    ciphertext = store.get(sealed.content_hash)
    wraps = store.wraps(sealed.content_hash)
    assert open_document(ciphertext, wraps["ZD-A"], first, department="ZD-A") == b"scan bytes"
    assert "ZD-B" not in wraps
    store.add_wrap(
        sealed.content_hash,
        "ZD-B",
        rewrap_key(wraps["ZD-A"], first, from_department="ZD-A", to_department="ZD-B", to_public=second.public_key),
    )
    assert (
        open_document(ciphertext, store.wraps(sealed.content_hash)["ZD-B"], second, department="ZD-B") == b"scan bytes"
    )
    with pytest.raises(errors.DocumentAccessError):
        open_document(ciphertext, store.wraps(sealed.content_hash)["ZD-A"], second, department="ZD-A")


def test_missing_documents_are_reported(store: DocumentStore) -> None:
    with pytest.raises(errors.DocumentMissingError):
        store.get(b"\x01" * 32)
    assert store.wraps(b"\x01" * 32) == {}


def test_a_swapped_object_is_detected_on_read(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    key = DepartmentKey.generate()
    one = seal_document(b"one", {"ZD-A": key.public_key})
    two = seal_document(b"two", {"ZD-A": key.public_key})
    store.put(one)
    store.put(two)
    store._object(one.content_hash).write_bytes(store._object(two.content_hash).read_bytes())
    with pytest.raises(errors.DocumentTamperedError):
        store.get(one.content_hash)


def test_tampering_is_caught_by_the_gcm_tag_even_without_a_hash(tmp_path: Path) -> None:
    key = DepartmentKey.generate()
    sealed = seal_document(b"scan", {"ZD-A": key.public_key})
    changed = sealed.ciphertext[:-1] + bytes([sealed.ciphertext[-1] ^ 1])
    with pytest.raises(errors.DocumentTamperedError):
        open_document(changed, sealed.wraps["ZD-A"], key, department="ZD-A")
    with pytest.raises(errors.DocumentTamperedError):
        open_document(changed, sealed.wraps["ZD-A"], key, department="ZD-A", expected_hash=sealed.content_hash)


def test_department_keys_are_saved_encrypted(tmp_path: Path) -> None:
    key = DepartmentKey.generate()
    path = tmp_path / "key.pem"
    key.save(path, "long enough password")
    assert b"ENCRYPTED" in path.read_bytes()
    assert path.stat().st_mode & 0o077 == 0
    assert DepartmentKey.load(path, "long enough password").public_key == key.public_key
    with pytest.raises(errors.KeystoreError):
        DepartmentKey.load(path, "wrong password")
