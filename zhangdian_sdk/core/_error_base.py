"""The SDK's own errors, under one root: the lowest layer of :mod:`zhangdian_sdk.core.errors`.

They live apart from the contract errors so that modules the contract errors need (``codes``, to
show a department code) can raise them without an import cycle. Import them from
:mod:`zhangdian_sdk.core.errors`, which re-exports everything.
"""

from __future__ import annotations

__all__ = [
    "CompilerInstallError",
    "ConfigurationError",
    "DeploymentNotFoundError",
    "DocumentAccessError",
    "DocumentError",
    "DocumentMissingError",
    "DocumentTamperedError",
    "InvalidInputError",
    "KeystoreError",
    "NodeConnectionError",
    "NonceConflictError",
    "StorageLayoutError",
    "TransactionError",
    "TransactionTimeoutError",
    "ZhangdianError",
]


class ZhangdianError(Exception):
    """Root of every error the SDK raises."""


class ConfigurationError(ZhangdianError, ValueError):
    """Something needed to connect is missing or wrong (RPC URL, account, deployment)."""


class DeploymentNotFoundError(ConfigurationError, LookupError):
    """No deployment manifest for this chain; deploy first or name the manifest."""


class InvalidInputError(ZhangdianError, ValueError):
    """Input rejected before anything was sent to the chain."""


class KeystoreError(ZhangdianError):
    """A keystore could not be read or unlocked."""


class CompilerInstallError(ZhangdianError):
    """No Solidity compiler could be installed."""


class NodeConnectionError(ZhangdianError, ConnectionError):
    """The RPC node could not be reached."""


class StorageLayoutError(ZhangdianError):
    """A new implementation's storage layout does not extend the deployed one; the message is the report."""


class DocumentError(ZhangdianError):
    """An off-chain document could not be read."""


class DocumentTamperedError(DocumentError):
    """The stored document does not match its on-chain hash, or fails its integrity check."""


class DocumentMissingError(DocumentError, LookupError):
    """The store has no document under that hash."""


class DocumentAccessError(DocumentError, PermissionError):
    """This department holds no key for the document."""


class TransactionError(ZhangdianError):
    """A transaction was not mined as expected."""


class TransactionTimeoutError(TransactionError, TimeoutError):
    """No receipt came within the timeout; the transaction may still be mined later."""


class NonceConflictError(TransactionError):
    """Another sender used this account's nonce; nothing was recorded twice, retry the call."""
