"""Encrypted documents: AES-256-GCM under a fresh key per document, the key wrapped per department.

A document is encrypted once; its key is wrapped (X25519 key agreement, HKDF-SHA256, AES-256-GCM)
for each department that may read it. Only the ciphertext's sha256 goes on chain. A department
without a wrapped key cannot decrypt; a changed ciphertext fails the hash check or the GCM tag.

Usage::

    key = DepartmentKey.generate()
    sealed = seal_document(b"...scan...", {"ZD-XPSJ": key.public_key})
    plain = open_document(sealed.ciphertext, sealed.wraps["ZD-XPSJ"], key, department="ZD-XPSJ")
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.errors import DocumentAccessError, DocumentTamperedError, KeystoreError

__all__ = ["DepartmentKey", "KeyWrap", "SealedDocument", "open_document", "rewrap_key", "seal_document", "sha256"]

_DOCUMENT_AAD = b"zhangdian:document:v1"
_WRAP_INFO = b"zhangdian:key-wrap:v1:"
_NONCE_BYTES = 12


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


class DepartmentKey:
    """A department's X25519 key pair for reading documents; kept in a password-protected PEM file."""

    def __init__(self, private_key: X25519PrivateKey) -> None:
        self._private_key = private_key

    @classmethod
    def generate(cls) -> DepartmentKey:
        return cls(X25519PrivateKey.generate())

    @property
    def public_key(self) -> bytes:
        return self._private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    def save(self, path: Path, password: str) -> None:
        """Write the private key, encrypted with ``password``, readable by the owner only."""
        if len(password) < 8:
            raise KeystoreError("密钥文件密码至少 8 个字符 / the key file password must have at least 8 characters")
        pem = self._private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password.encode()),
        )
        write_private(path, pem)  # created 0600, then moved into place: never more open

    @classmethod
    def load(cls, path: Path, password: str) -> DepartmentKey:
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password.encode())
        except (OSError, ValueError, TypeError) as err:
            raise KeystoreError(
                f"无法打开部门密钥 {path}：密码不对或不是密钥文件 / "
                f"cannot open department key {path}: wrong password or not a key file"
            ) from err
        if not isinstance(key, X25519PrivateKey):
            raise KeystoreError(f"{path} 不是 X25519 密钥 / {path} does not hold an X25519 key")
        return cls(key)

    def _agree(self, peer_public: bytes) -> bytes:
        return self._private_key.exchange(X25519PublicKey.from_public_bytes(peer_public))


@dataclass(frozen=True)
class KeyWrap:
    """A document key encrypted for one department."""

    ephemeral_public: bytes
    nonce: bytes
    wrapped_key: bytes

    def to_json(self) -> dict[str, str]:
        return {
            "ephemeralPublic": base64.b64encode(self.ephemeral_public).decode(),
            "nonce": base64.b64encode(self.nonce).decode(),
            "wrappedKey": base64.b64encode(self.wrapped_key).decode(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyWrap:
        return cls(
            ephemeral_public=base64.b64decode(data["ephemeralPublic"]),
            nonce=base64.b64decode(data["nonce"]),
            wrapped_key=base64.b64decode(data["wrappedKey"]),
        )


@dataclass(frozen=True)
class SealedDocument:
    """An encrypted document, its content hash and the key wraps made so far."""

    ciphertext: bytes
    wraps: dict[str, KeyWrap]

    @property
    def content_hash(self) -> bytes:
        return sha256(self.ciphertext)


def seal_document(plaintext: bytes, recipients: dict[str, bytes]) -> SealedDocument:
    """Encrypt ``plaintext`` under a fresh key and wrap the key for each department's public key."""
    if not recipients:
        raise DocumentAccessError(
            "文件至少须有一个可读取的部门 / a document needs at least one department that can read it"
        )
    document_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(_NONCE_BYTES)
    ciphertext = nonce + AESGCM(document_key).encrypt(nonce, plaintext, _DOCUMENT_AAD)
    wraps = {department: _wrap(document_key, public, department) for department, public in recipients.items()}
    return SealedDocument(ciphertext=ciphertext, wraps=wraps)


def open_document(
    ciphertext: bytes, wrap: KeyWrap | None, key: DepartmentKey, *, department: str, expected_hash: bytes | None = None
) -> bytes:
    """Decrypt a document for ``department``; checks the hash first, returns nothing on any mismatch."""
    if expected_hash is not None and sha256(ciphertext) != expected_hash:
        raise DocumentTamperedError(
            "文件与链上哈希不符 / the stored file does not match its on-chain hash: it was changed or swapped"
        )
    if wrap is None:
        raise DocumentAccessError(f"部门 {department} 没有该文件的密钥 / department {department} holds no key for it")
    document_key = _unwrap(wrap, key, department)
    nonce, body = ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:]
    try:
        return AESGCM(document_key).decrypt(nonce, body, _DOCUMENT_AAD)
    except InvalidTag:
        raise DocumentTamperedError("文件解密校验失败 / the document failed its integrity check") from None


def rewrap_key(
    wrap: KeyWrap, key: DepartmentKey, *, from_department: str, to_department: str, to_public: bytes
) -> KeyWrap:
    """Give ``to_department`` access: unwrap with a department that has it, wrap for the other."""
    return _wrap(_unwrap(wrap, key, from_department), to_public, to_department)


def _wrap(document_key: bytes, recipient_public: bytes, department: str) -> KeyWrap:
    ephemeral = DepartmentKey.generate()
    wrapping_key = _derive(ephemeral._agree(recipient_public), department)
    nonce = os.urandom(_NONCE_BYTES)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, document_key, department.encode())
    return KeyWrap(ephemeral_public=ephemeral.public_key, nonce=nonce, wrapped_key=wrapped)


def _unwrap(wrap: KeyWrap, key: DepartmentKey, department: str) -> bytes:
    wrapping_key = _derive(key._agree(wrap.ephemeral_public), department)
    try:
        return AESGCM(wrapping_key).decrypt(wrap.nonce, wrap.wrapped_key, department.encode())
    except InvalidTag:
        raise DocumentAccessError(
            f"部门 {department} 的密钥无法解开 / this key cannot open the document key wrapped for {department}"
        ) from None


def _derive(shared_secret: bytes, department: str) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=_WRAP_INFO + department.encode()).derive(shared_secret)
