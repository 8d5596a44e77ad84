"""Where the SDK gets the key that signs: never from code or config files.

In order of preference: an encrypted keystore (password from the argument, the
``ZHANGDIAN_KEYSTORE_PASSWORD`` environment variable, or a prompt), an ape account alias, or a
private key in the ``ZHANGDIAN_PRIVATE_KEY`` environment variable (for CI and local chains).

Usage: ``signer = load_signer(keystore=Path("clerk.json"))``.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Any, Protocol

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address

from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.errors import ConfigurationError, KeystoreError
from zhangdian_sdk.core.messages import bilingual
from zhangdian_sdk.core.settings import Settings, load_settings, secret

__all__ = [
    "PASSWORD_ENV",
    "PRIVATE_KEY_ENV",
    "ApeSigner",
    "LocalSigner",
    "Signer",
    "create_keystore",
    "load_signer",
]

PRIVATE_KEY_ENV = Settings.env_name("private_key")
PASSWORD_ENV = Settings.env_name("keystore_password")


class Signer(Protocol):
    """Anything that has an address and signs a transaction dict into raw bytes."""

    @property
    def address(self) -> ChecksumAddress: ...

    def sign_transaction(self, transaction: dict[str, Any]) -> bytes: ...


class LocalSigner:
    """Signs with a key held in memory (from a keystore or the environment)."""

    def __init__(self, account: LocalAccount) -> None:
        self._account = account

    @property
    def address(self) -> ChecksumAddress:
        return self._account.address

    def sign_transaction(self, transaction: dict[str, Any]) -> bytes:
        return bytes(self._account.sign_transaction(transaction).raw_transaction)

    def __repr__(self) -> str:  # never show the key
        return f"LocalSigner({self.address})"


class ApeSigner:
    """Signs with an ape account (``ape accounts import``, hardware wallets, test accounts)."""

    def __init__(self, ape_account: Any) -> None:
        self._account = ape_account

    @property
    def address(self) -> ChecksumAddress:
        return to_checksum_address(str(self._account.address))

    def sign_transaction(self, transaction: dict[str, Any]) -> bytes:
        from ape import chain

        fields = dict(transaction)
        fields["gas_limit"] = fields.pop("gas")
        fields["chain_id"] = fields.pop("chainId")
        fields["sender"] = self.address
        if "maxFeePerGas" in fields:
            fields["max_fee"] = fields.pop("maxFeePerGas")
            fields["max_priority_fee"] = fields.pop("maxPriorityFeePerGas")
        if "gasPrice" in fields:
            fields["gas_price"] = fields.pop("gasPrice")
        fields.pop("type", None)
        txn = chain.provider.network.ecosystem.create_transaction(**fields)
        signed = self._account.sign_transaction(txn)
        if signed is None:
            raise KeystoreError(bilingual("sdk.ape_refused", address=self.address))
        return bytes(signed.serialize_transaction())


def load_signer(
    *,
    keystore: Path | None = None,
    password: str | None = None,
    ape_alias: str | None = None,
) -> Signer:
    """Find the signing key: keystore, else ape alias, else the environment.

    Raises:
        KeystoreError: the keystore cannot be read or the password is wrong.
        ConfigurationError: no source of a key was given.
    """
    if keystore is not None:
        return LocalSigner(_unlock_keystore(keystore, password))
    if ape_alias is not None:
        from ape import accounts

        try:
            return ApeSigner(accounts.load(ape_alias))
        except Exception as err:
            raise ConfigurationError(bilingual("sdk.no_ape_account", alias=ape_alias, error=err)) from err
    private_key = secret(load_settings().private_key)
    if private_key:
        try:
            return LocalSigner(Account.from_key(private_key))
        except (ValueError, TypeError):
            raise ConfigurationError(bilingual("sdk.bad_private_key", variable=PRIVATE_KEY_ENV)) from None
    raise ConfigurationError(bilingual("sdk.no_signer", password_env=PASSWORD_ENV, key_env=PRIVATE_KEY_ENV))


def create_keystore(path: Path, password: str) -> ChecksumAddress:
    """Create a new key and write it to ``path`` as an encrypted keystore (scrypt)."""
    if path.exists():
        raise KeystoreError(bilingual("sdk.file_exists", path=path))
    if len(password) < 8:
        raise KeystoreError(bilingual("sdk.password_too_short"))
    account: LocalAccount = Account.create()
    try:  # created 0600 in the same call: never readable by others, not even for a moment
        write_private(path, json.dumps(Account.encrypt(account.key, password)), exclusive=True)
    except FileExistsError:
        raise KeystoreError(bilingual("sdk.file_exists", path=path)) from None
    return account.address


def _unlock_keystore(path: Path, password: str | None) -> LocalAccount:
    try:
        encrypted = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise KeystoreError(bilingual("sdk.keystore_unreadable", path=path, error=err)) from err
    if password is None:
        password = secret(load_settings().keystore_password)
    if password is None:
        if not sys.stdin.isatty():
            raise KeystoreError(bilingual("sdk.keystore_needs_password", path=path, variable=PASSWORD_ENV))
        password = getpass.getpass(bilingual("sdk.password_prompt", path=path) + ": ")
    try:
        key = Account.decrypt(encrypted, password)
    except ValueError:
        raise KeystoreError(bilingual("sdk.keystore_wrong_password", path=path)) from None
    unlocked: LocalAccount = Account.from_key(key)
    return unlocked
