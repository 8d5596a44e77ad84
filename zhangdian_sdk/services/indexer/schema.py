"""The indexer's tables (SQLAlchemy Core): raw events, block hashes for reorg checks, projections.

:data:`SCHEMA_VERSION` is stored in ``schema_info``; :func:`check_schema` refuses an index written by
an older layout (rebuild it: delete the database and run ``zhangdian index sync``)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Engine

from zhangdian_sdk.core.errors import ConfigurationError

metadata = MetaData()

checkpoint = Table(
    "checkpoint",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("chain_id", BigInteger, nullable=False),
    Column("block_number", BigInteger, nullable=False),
    Column("block_hash", String(66), nullable=False),
)

blocks = Table(
    "blocks",
    metadata,
    Column("number", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(66), nullable=False),
    Column("timestamp", BigInteger, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("block_number", BigInteger, nullable=False, index=True),
    Column("block_hash", String(66), nullable=False),
    Column("transaction_hash", String(66), nullable=False),
    Column("log_index", Integer, nullable=False),
    Column("contract", String(42), nullable=False),
    Column("name", String(64), nullable=False, index=True),
    Column("subject", String(66), nullable=True, index=True),
    Column("department", String(32), nullable=True, index=True),
    Column("args", Text, nullable=False),
    Column("timestamp", BigInteger, nullable=False),
    UniqueConstraint("transaction_hash", "log_index", name="uq_event_position"),
)

services = Table(
    "services",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("owner_department", String(32), nullable=False),
    Column("step_count", Integer, nullable=False),
)

applications = Table(
    "applications",
    metadata,
    Column("id", String(66), primary_key=True),
    Column("service", String(32), nullable=False, index=True),
    Column("service_version", Integer, nullable=False),
    Column("department", String(32), nullable=False, index=True),
    Column("applicant_commitment", String(66), nullable=False),
    Column("status", Integer, nullable=False, index=True),
    Column("resume_status", Integer, nullable=False, default=0),
    Column("current_step", Integer, nullable=False, default=0),
    Column("step_count", Integer, nullable=False),
    Column("submitted_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("deadline", BigInteger, nullable=False, default=0),
    Column("completed_at", BigInteger, nullable=False, default=0),
    Column("last_block", BigInteger, nullable=False),
    # The 办件编号 (a follow-on's is derived from its parent's: zhangdian_sdk.core.codes.follow_on_number).
    Column("number", String(50), nullable=False, default="", index=True),
    Column("parent_id", String(66), nullable=True),
    Column("follow_on_count", Integer, nullable=False, default=0),
)

schema_info = Table(
    "schema_info",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

SCHEMA_VERSION = 2
"""1: before the 办件编号 columns (issue 14); 2: applications.number, parent_id, follow_on_count."""


def check_schema(engine: Engine) -> None:
    """Create the tables of a new index, and refuse one of another layout with a clear error."""
    metadata.create_all(engine)
    with engine.begin() as connection:
        columns = {column["name"] for column in inspect(connection).get_columns("applications")}
        found = connection.execute(select(schema_info.c.version)).scalar_one_or_none()
        if found is None and "number" in columns:
            connection.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION))
            return
    if found != SCHEMA_VERSION:
        raise ConfigurationError(
            f"索引数据库的结构版本为 {found or 1}, 本版本需要 {SCHEMA_VERSION}: 请删除索引数据库后重新运行 "
            f"zhangdian index sync / the index database has schema version {found or 1}, this version needs "
            f"{SCHEMA_VERSION}: delete the index database and run zhangdian index sync again"
        )


Index("ix_applications_service_status", applications.c.service, applications.c.status)
