"""The off-chain store of encrypted documents: content-addressed by the ciphertext's sha256.

The default store is a folder (``objects/`` for ciphertexts, ``keys/`` for the per-department key
wraps); :class:`S3Store` keeps the same layout in an S3-compatible bucket (AWS S3, MinIO, Ceph) where
one is configured. Reads check the content against the hash they were asked for, so a changed or
swapped file is detected and nothing is returned.

Usage: ``store = FolderStore(Path("documents"))`` or ``S3Store("bucket", endpoint_url=...)``;
``uri = store.put(sealed)``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

from zhangdian_sdk.core.documents import KeyWrap, SealedDocument, sha256
from zhangdian_sdk.core.errors import DocumentMissingError, DocumentTamperedError, InvalidInputError
from zhangdian_sdk.core.settings import load_settings

__all__ = ["DocumentStore", "FolderStore", "S3Store", "content_uri", "open_store", "parse_content_uri"]

_URI_PREFIX = "cas:sha256:"


def content_uri(content_hash: bytes) -> str:
    """The storage URI recorded on chain for a ciphertext."""
    return _URI_PREFIX + content_hash.hex()


def parse_content_uri(uri: str) -> bytes:
    if not uri.startswith(_URI_PREFIX) or len(uri) != len(_URI_PREFIX) + 64:
        raise InvalidInputError(f"不是本存储的内容地址 / not a content URI of this store: {uri!r}")
    return bytes.fromhex(uri[len(_URI_PREFIX) :])


class DocumentStore(Protocol):
    """Where encrypted documents and their key wraps live."""

    def put(self, sealed: SealedDocument) -> str: ...

    def get(self, content_hash: bytes) -> bytes: ...

    def wraps(self, content_hash: bytes) -> dict[str, KeyWrap]: ...

    def add_wrap(self, content_hash: bytes, department: str, wrap: KeyWrap) -> None: ...


class FolderStore:
    """A content-addressed folder; writes are atomic (temporary file, then rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, sealed: SealedDocument) -> str:
        digest = sealed.content_hash
        _atomic_write(self._object(digest), sealed.ciphertext)
        for department, wrap in sealed.wraps.items():
            self.add_wrap(digest, department, wrap)
        return content_uri(digest)

    def get(self, content_hash: bytes) -> bytes:
        path = self._object(content_hash)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DocumentMissingError(
                f"存储中没有该文件 / the store has no document {content_hash.hex()} (at {path})"
            ) from None
        if sha256(data) != content_hash:
            raise DocumentTamperedError(
                f"文件 {content_hash.hex()[:16]}… 与链上哈希不符 / the stored file does not match its hash"
            )
        return data

    def wraps(self, content_hash: bytes) -> dict[str, KeyWrap]:
        path = self._wraps(content_hash)
        if not path.exists():
            return {}
        return {department: KeyWrap.from_json(data) for department, data in json.loads(path.read_text()).items()}

    def add_wrap(self, content_hash: bytes, department: str, wrap: KeyWrap) -> None:
        current = {d: w.to_json() for d, w in self.wraps(content_hash).items()}
        current[department] = wrap.to_json()
        _atomic_write(self._wraps(content_hash), json.dumps(current, sort_keys=True).encode())

    def _object(self, content_hash: bytes) -> Path:
        name = content_hash.hex()
        return self.root / "objects" / name[:2] / name

    def _wraps(self, content_hash: bytes) -> Path:
        name = content_hash.hex()
        return self.root / "keys" / name[:2] / f"{name}.json"


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


class S3Store:
    """The same content-addressed layout in an S3-compatible bucket (needs ``pip install boto3``).

    Credentials come from the usual AWS sources (environment, profile, instance role), never from
    this project's configuration.
    """

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str | None = None, client: Any = None) -> None:
        if client is None:
            try:
                import boto3
            except ImportError as err:
                raise InvalidInputError(
                    "S3 存储需要 boto3 / the S3 store needs boto3: pip install 'zhangdian-sdk[s3]'"
                ) from err
            client = boto3.client("s3", endpoint_url=endpoint_url)
        self._s3 = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    def put(self, sealed: SealedDocument) -> str:
        digest = sealed.content_hash
        self._s3.put_object(Bucket=self.bucket, Key=self._object(digest), Body=sealed.ciphertext)
        for department, wrap in sealed.wraps.items():
            self.add_wrap(digest, department, wrap)
        return content_uri(digest)

    def get(self, content_hash: bytes) -> bytes:
        data = self._read(self._object(content_hash))
        if data is None:
            raise DocumentMissingError(f"存储中没有该文件 / the bucket has no document {content_hash.hex()}")
        if sha256(data) != content_hash:
            raise DocumentTamperedError(
                f"文件 {content_hash.hex()[:16]}… 与链上哈希不符 / the stored file does not match its hash"
            )
        return data

    def wraps(self, content_hash: bytes) -> dict[str, KeyWrap]:
        data = self._read(self._wraps(content_hash))
        if data is None:
            return {}
        return {department: KeyWrap.from_json(entry) for department, entry in json.loads(data).items()}

    def add_wrap(self, content_hash: bytes, department: str, wrap: KeyWrap) -> None:
        current = {d: w.to_json() for d, w in self.wraps(content_hash).items()}
        current[department] = wrap.to_json()
        body = json.dumps(current, sort_keys=True).encode()
        self._s3.put_object(Bucket=self.bucket, Key=self._wraps(content_hash), Body=body)

    def _read(self, key: str) -> bytes | None:
        try:
            response = self._s3.get_object(Bucket=self.bucket, Key=key)
        except self._s3.exceptions.NoSuchKey:
            return None
        return bytes(response["Body"].read())

    def _object(self, content_hash: bytes) -> str:
        name = content_hash.hex()
        return f"{self.prefix}objects/{name[:2]}/{name}"

    def _wraps(self, content_hash: bytes) -> str:
        name = content_hash.hex()
        return f"{self.prefix}keys/{name[:2]}/{name}.json"


def open_store(location: str) -> DocumentStore:
    """A store from a location: ``s3://bucket/prefix`` (endpoint in ``ZHANGDIAN_S3_ENDPOINT``) or a folder."""
    if location.startswith("s3://"):
        bucket, _, prefix = location[len("s3://") :].partition("/")
        return S3Store(bucket, prefix=prefix, endpoint_url=load_settings().s3_endpoint)
    return FolderStore(Path(location))
