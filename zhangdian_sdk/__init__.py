"""Zhangdian Chain (张店区区块链政务服务平台): the SDK of the government services contract suite.

The public API, importable from the package itself::

    from zhangdian_sdk import ZhangdianClient, applicant_commitment, load_signer, new_salt

    client = ZhangdianClient.connect("http://127.0.0.1:8545", signer=load_signer())
    client.ledger.submit("ZD-2026-000123", service="ZD-GTGSH-SL", applicant_commitment=...)

Every exception the SDK raises derives from :class:`ZhangdianError` (``zhangdian_sdk.errors``).

The package is layered, lowest first (``make lint`` checks it with import-linter):
``core`` (codes, models, errors, transactions, events), ``facades`` (one per contract, given a
contract and a sender), ``client`` (composes the facades), ``ops`` (deployment, upgrades, local
chain, compiler), ``services`` (bulk import, keeper, indexer, portal, explorer) and ``cli``.

Names are loaded on first use, so that ``import zhangdian_sdk`` (and the CLI's start) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient, connect_web3
    from zhangdian_sdk.core import errors
    from zhangdian_sdk.core.accounts import LocalSigner, Signer, create_keystore, load_signer
    from zhangdian_sdk.core.codes import application_id, number_hash
    from zhangdian_sdk.core.deployments import Deployment
    from zhangdian_sdk.core.errors import ContractError, ZhangdianError
    from zhangdian_sdk.core.models import (
        Application,
        ApplicationStatus,
        OfficerRole,
        ServiceDefinition,
        TransactionResult,
    )
    from zhangdian_sdk.core.privacy import applicant_commitment, new_salt

__all__ = [
    "Application",
    "ApplicationStatus",
    "ContractError",
    "Deployment",
    "LocalSigner",
    "OfficerRole",
    "ServiceDefinition",
    "Signer",
    "TransactionResult",
    "ZhangdianClient",
    "ZhangdianError",
    "applicant_commitment",
    "application_id",
    "connect_web3",
    "create_keystore",
    "errors",
    "load_signer",
    "new_salt",
    "number_hash",
]

_HOME = {
    "ZhangdianClient": "zhangdian_sdk.client",
    "connect_web3": "zhangdian_sdk.client",
    "LocalSigner": "zhangdian_sdk.core.accounts",
    "Signer": "zhangdian_sdk.core.accounts",
    "create_keystore": "zhangdian_sdk.core.accounts",
    "load_signer": "zhangdian_sdk.core.accounts",
    "application_id": "zhangdian_sdk.core.codes",
    "number_hash": "zhangdian_sdk.core.codes",
    "Deployment": "zhangdian_sdk.core.deployments",
    "ContractError": "zhangdian_sdk.core.errors",
    "ZhangdianError": "zhangdian_sdk.core.errors",
    "Application": "zhangdian_sdk.core.models",
    "ApplicationStatus": "zhangdian_sdk.core.models",
    "OfficerRole": "zhangdian_sdk.core.models",
    "ServiceDefinition": "zhangdian_sdk.core.models",
    "TransactionResult": "zhangdian_sdk.core.models",
    "applicant_commitment": "zhangdian_sdk.core.privacy",
    "new_salt": "zhangdian_sdk.core.privacy",
}


def __getattr__(name: str) -> Any:
    if name == "errors":
        return importlib.import_module("zhangdian_sdk.core.errors")
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'zhangdian_sdk' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
