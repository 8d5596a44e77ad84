"""The indexer's tables (SQLAlchemy Core): raw events, block hashes for reorg checks, projections.


:data:`SCHEMA_VERSION` names the tables' shape and is stored in ``schema_info``. The writer
(``Indexer``) migrates version 4 in place (:func:`migrate_schema`: the same tables, fewer indexes) and
drops an index of any other version to rebuild it from the chain (it holds nothing the chain does not);
readers (:func:`check_schema`) read versions 4 and 5 and refuse any other with a clear error.
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
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from zhangdian_sdk.core.errors import ConfigurationError

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
    Column("department", String(32), nullable=True),
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
    Column("service", String(32), nullable=False),
    Column("service_version", Integer, nullable=False),
    Column("department", String(32), nullable=False),
    Column("applicant_commitment", String(66), nullable=False),
    Column("status", Integer, nullable=False),
    Column("resume_status", Integer, nullable=False, default=0),
    Column("current_step", Integer, nullable=False, default=0),
    Column("step_count", Integer, nullable=False),
    Column("submitted_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("deadline", BigInteger, nullable=False, default=0),
    Column("completed_at", BigInteger, nullable=False, default=0),
    Column("last_block", BigInteger, nullable=False),
    # The 办件编号 (a follow-on's is derived from its parent's: zhangdian_sdk.core.codes.follow_on_number).
    Column("number", String(50), nullable=False, default=""),
    Column("parent_id", String(66), nullable=True),  # the lookup lists follow-ons by it (partial index below)
    Column("follow_on_count", Integer, nullable=False, default=0),
    # keccak-256 of the 办件编号 (zhangdian_sdk.core.codes.number_hash): what the portal's lookup asks by.
    Column("number_hash", String(66), nullable=False, default="", index=True),
    # The reason in force: the rejection, supplement request, withdrawal or special procedure that holds
    # the application (zhangdian_sdk.core.reasons.ReasonKind value and code), and the step it concerns;
    # cleared when the application resumes.
    Column("reason_kind", String(32), nullable=True),
    Column("reason_code", Integer, nullable=False, default=0),
    Column("reason_step", Integer, nullable=True),
    # When the open step started (acceptance or the previous step's approval), as the ledger's
    # progressOf.stepStartedAt before any stop; and when the clock stopped (补正, 特别程序), 0 if running.
    Column("step_started_at", BigInteger, nullable=False, default=0),
    Column("suspended_at", BigInteger, nullable=False, default=0),
)

SCHEMA_VERSION = 5
"""1: no recorded version; 2: the 办件编号 columns or the ratings table (issue 14); 3: both; 4: the number
hash, the reason in force and the open step's start (issue 15: the portal reads the index only); 5: the
same tables with only the indexes readers use (issue 17: each index costs every insert)."""

READABLE_VERSIONS = frozenset({4, SCHEMA_VERSION})
"""Versions readers read: 4 holds the same tables and columns as 5 (more indexes), so a portal or a
report reads it unchanged until the writer's next sync migrates it."""


def check_schema(engine: Engine) -> None:
    """For readers: create the tables of a new, empty index; refuse one of another layout clearly."""
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        if not existing & set(metadata.tables):
            metadata.create_all(connection)
            connection.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION))
            return
        found = (
            connection.execute(select(schema_info.c.version)).scalar_one_or_none()
            if "schema_info" in existing
            else None
        )
    if found not in READABLE_VERSIONS:
        raise ConfigurationError(
            f"索引数据库的结构版本为 {found or 1}, 本版本需要 {SCHEMA_VERSION}: 请运行 zhangdian index sync 重建索引 / "
            f"the index database has schema version {found or 1}, this version needs {SCHEMA_VERSION}: "
            "run zhangdian index sync, which rebuilds it from the chain"
        )


# Only the indexes a reader's query uses (every index costs each insert; at a hundred thousand events the
# inserts are most of a sync): the lookup by number hash, the follow-ons of a parent (few applications
# have a parent: the index holds only those), the timeline by subject, the transaction page (the unique
# position), a rollback's blocks, the records' scans by event name. The statistics and the report read
# whole tables, and nothing filters events by department or applications by service, department, status
# or number: schema version 4 indexed those, version 5 drops them (in place, see ``migrate_schema``).
Index(
    "ix_applications_parent_id",
    applications.c.parent_id,
    sqlite_where=applications.c.parent_id.is_not(None),
    postgresql_where=applications.c.parent_id.is_not(None),
)

# Indexes of version 4 that version 5 drops, and those it changed (recreated from this metadata).
_DROPPED_IN_5 = (
    "ix_events_department",
    "ix_applications_service",
    "ix_applications_department",
    "ix_applications_status",
    "ix_applications_number",
    "ix_applications_service_status",
)
_CHANGED_IN_5 = ("ix_applications_parent_id",)

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


def migrate_schema(connection: Connection, stored: int | None) -> bool:
    """Bring an index of version 4 to :data:`SCHEMA_VERSION` in place (its tables are the same: drop the
    indexes version 5 does without, rebuild the changed ones); False for any other version, which the
    writer rebuilds from the chain instead."""
    if stored != 4:
        return False
    for name in (*_DROPPED_IN_5, *_CHANGED_IN_5):
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for index in applications.indexes:
        if index.name in _CHANGED_IN_5:
            index.create(connection)
    connection.execute(update(schema_info).values(version=SCHEMA_VERSION))
    return True
