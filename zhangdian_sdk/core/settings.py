"""Configuration from the environment, in one place: every ``ZHANGDIAN_*`` variable is a field here.

Each field is read from ``ZHANGDIAN_<FIELD NAME>``; an empty variable counts as unset. The
environment is read when :func:`load_settings` is called, so a variable set by a test or by
``zhangdian chain --home`` counts from then on. The README's configuration table lists the same
fields (a test keeps the two in step).

One password scheme: ``ZHANGDIAN_KEYSTORE_PASSWORD`` opens every keystore and key file;
``ZHANGDIAN_CITIZEN_PASSWORD`` and ``ZHANGDIAN_DEPARTMENT_KEY_PASSWORD`` are optional overrides
for a citizen's consent keystore and a department's document key, and are the keystore password
when unset.

Usage::

    settings = load_settings()
    settings.rpc_url            # ZHANGDIAN_RPC_URL, or None
    Settings.env_name("home")   # "ZHANGDIAN_HOME"
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["ENV_PREFIX", "Settings", "configuration_table", "load_settings", "secret"]

ENV_PREFIX = "ZHANGDIAN_"
# The passwords that are ZHANGDIAN_KEYSTORE_PASSWORD unless their own variable is set.
_FALLS_BACK = ("citizen_password", "department_key_password")


class Settings(BaseSettings):
    """The SDK's and the CLI's configuration; field ``x`` comes from ``ZHANGDIAN_X``."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, frozen=True, extra="ignore")

    rpc_url: str | None = Field(
        default=None,
        description="RPC URL of the node (default `http://127.0.0.1:8545`); several separated by commas are "
        "endpoints of one chain, used in turn when one fails.",
    )
    private_key: SecretStr | None = Field(
        default=None,
        description="Private key to sign with when no `--keystore` or `--ape-account` is given (CI, local chains).",
    )
    keystore_password: SecretStr | None = Field(
        default=None,
        description="The one password of the keystores: opens every `--keystore` file (the demo's "
        "`.zhangdian/keystores/*.json` use `zhangdian-demo`), a region's attestation key, and, unless their own "
        "variable is set, citizens' consent keystores and department document keys; else a prompt.",
    )
    deployments_dir: Path = Field(
        default=Path("deployments"), description="Folder of the deployment manifests, one `<chain id>.json` per chain."
    )
    home: Path = Field(
        default=Path(".zhangdian"), description="Local data folder: chain state, dev accounts, index, documents."
    )
    document_store: str | None = Field(
        default=None,
        description="Document store for materials: a folder or `s3://bucket/prefix` "
        "(default: `documents` in the data folder).",
    )
    s3_endpoint: str | None = Field(default=None, description="Endpoint URL of an S3-compatible document store.")
    department_key_password: SecretStr | None = Field(
        default=None,
        description="Optional: password of a department's document key file when it differs from "
        "`ZHANGDIAN_KEYSTORE_PASSWORD` (the default), else a prompt.",
    )
    citizen_password: SecretStr | None = Field(
        default=None,
        description="Optional: password of a citizen's consent keystore when it differs from "
        "`ZHANGDIAN_KEYSTORE_PASSWORD` (the default), else a prompt.",
    )
    index_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the event index (default: SQLite, `index.db` in the data folder)."
    )
    rating_relayer_key: SecretStr | None = Field(
        default=None,
        description="Private key of the account `zhangdian portal` relays citizens' signed ratings (好差评) with "
        "(default on the local chain: its dev account 9; elsewhere none, and the portal takes no ratings).",
    )
    explorer_api: str | None = Field(
        default=None, description="Etherscan-compatible API URL that `zhangdian verify-source` submits sources to."
    )
    debug: bool = Field(
        default=False,
        description="`1`: an unexpected error of the CLI shows its traceback instead of one bilingual line.",
    )

    @model_validator(mode="before")
    @classmethod
    def _one_password(cls, data: Any) -> Any:
        """One password scheme: each specific password that is not set is the keystore password."""
        if isinstance(data, dict) and data.get("keystore_password") is not None:
            fallback = data["keystore_password"]
            data = {**data, **{name: fallback for name in _FALLS_BACK if data.get(name) is None}}
        return data

    @classmethod
    def env_name(cls, field: str) -> str:
        """The environment variable of ``field``: ``Settings.env_name("rpc_url")`` is ``ZHANGDIAN_RPC_URL``."""
        if field not in cls.model_fields:
            raise KeyError(field)
        return ENV_PREFIX + field.upper()


def load_settings() -> Settings:
    """The configuration as the environment holds it now."""
    return Settings()


def secret(value: SecretStr | None) -> str | None:
    """The text of a secret setting, or None."""
    return value.get_secret_value() if value is not None else None


def configuration_table() -> str:
    """The README's table of the variables, made from the fields (a test checks the README holds it)."""
    rows = ["| Variable | Default | What it sets |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = "none" if field.default is None else f"`{field.default}`"
        rows.append(f"| `{Settings.env_name(name)}` | {default} | {field.description} |")
    return "\n".join(rows) + "\n"
