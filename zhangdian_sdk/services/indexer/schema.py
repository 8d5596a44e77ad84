"""The indexer's tables (SQLAlchemy Core): raw events, block hashes for reorg checks, projections.

:data:`SCHEMA_VERSION` names the tables' shape; an index written by another version is dropped and
rebuilt from the chain (it holds nothing the chain does not), see ``Indexer``.
"""

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
)

# 2: the ratings table (好差评, ServiceRatings.ApplicationRated).
SCHEMA_VERSION = 2

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

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
)

Index("ix_applications_service_status", applications.c.service, applications.c.status)

ratings = Table(
    "ratings",
    metadata,
    Column("application_id", String(66), primary_key=True),
    Column("service", String(32), nullable=False, index=True),
    Column("department", String(32), nullable=False, index=True),
    Column("score", Integer, nullable=False),
    Column("block_number", BigInteger, nullable=False),
    Column("timestamp", BigInteger, nullable=False),
)
