"""Bulk writes for the indexer: many rows in one driver call, inside the caller's transaction.

SQLAlchemy's executemany processes every row's parameters in Python before the driver sees them; at a
hundred thousand events that costs more than the database. Here rows go to the driver as tuples:
PostgreSQL (psycopg) takes them by ``COPY ... FROM STDIN``, other databases by the driver's
``executemany``.

Usage: ``insert_rows(connection, events, ("block_number", ...), [(1, ...), ...])``.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

__all__ = ["insert_dicts", "insert_rows"]


def insert_rows(connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``table``."""
    if not rows:
        return
    dialect = connection.dialect
    names = ", ".join(dialect.identifier_preparer.quote(name) for name in columns)
    quoted = dialect.identifier_preparer.format_table(table)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    marker = {"qmark": "?", "numeric": ":1", "named": ":p"}.get(dialect.paramstyle, "%s")
    if marker in (":1", ":p"):  # not the drivers the indexer runs on: let SQLAlchemy bind them
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    placeholders = ", ".join([marker] * len(columns))
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        # The table and column names are the schema's, quoted by the dialect; the values are bound.
        cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({placeholders})", rows)  # noqa: S608
    finally:
        cursor.close()


def insert_dicts(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table``."""
    if rows:
        columns = list(rows[0])
        pick = itemgetter(*columns)
        insert_rows(
            connection,
            table,
            columns,
            [pick(row) for row in rows] if len(columns) > 1 else [(pick(row),) for row in rows],
        )
