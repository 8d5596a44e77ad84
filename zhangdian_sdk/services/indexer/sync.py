"""Reads the suite's events into a database, reorg-safe and resumable.

Logs are fetched as raw JSON-RPC ``eth_getLogs`` in block ranges whose size adapts to what the node
accepts, and decoded straight from the node's JSON (:mod:`.rawlogs`); the next range is fetched while
the previous one is stored. Blocks younger than ``confirmations`` wait. Events are written in
transactions of at most ``commit_events`` events (cut at block boundaries), each together with the
checkpoint, so a crash resumes where it stopped, losing at most one such transaction. Before each
sync the checkpoint's block hash is compared with the chain's: on a mismatch the indexer walks back to
the last block both agree on, deletes what came after and rebuilds the projections.

Usage: ``Indexer(w3, deployment, "sqlite:///index.db").sync(progress=print)``.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import create_engine, delete, insert, inspect, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.event import listen
from web3 import Web3
from web3.exceptions import Web3RPCError

from zhangdian_sdk.core.artifacts import SUITE_CONTRACTS
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.errors import ConfigurationError
from zhangdian_sdk.core.events import log_range_hint
from zhangdian_sdk.services.indexer.bulk import insert_rows
from zhangdian_sdk.services.indexer.projection import ProjectionBatch, replay_application
from zhangdian_sdk.services.indexer.rawlogs import DecodedRow, EventDecoder, RawLogSource
from zhangdian_sdk.services.indexer.schema import (
    SCHEMA_VERSION,
    blocks,
    checkpoint,
    events,
    metadata,
    migrate_schema,
    schema_info,
    services,
)

__all__ = ["DIRECTORY_EVENTS", "Indexer", "SyncProgress", "SyncReport", "prepare_schema"]

# Events that change what a department or a service is called or how it runs: a reader that keeps their
# names in memory drops them (``SyncReport.changed``). The argument named is the entry's code.
DIRECTORY_EVENTS = {
    "DepartmentRegistered": "department",
    "DepartmentRenamed": "department",
    "DepartmentStatusChanged": "department",
    "ServicePublished": "service",
    "ServiceStatusChanged": "service",
    "AutomationSet": "service",
}


# The events table's columns as the indexer writes them (its id is the database's).
EVENT_COLUMNS = (
    "block_number",
    "block_hash",
    "transaction_hash",
    "log_index",
    "contract",
    "name",
    "subject",
    "department",
    "args",
    "timestamp",
)


@dataclass(frozen=True)
class SyncProgress:
    """Where a sync stands: the range just written and the target."""

    from_block: int
    to_block: int
    target_block: int
    events: int


@dataclass(frozen=True)
class _Fetched:
    """One block range as fetched: its decoded events in chain order and the block headers it needed
    (its last block's, and those of blocks whose logs came without a timestamp)."""

    low: int
    high: int
    decoded: list[DecodedRow]
    rows: list[tuple[Any, ...]]  # the events table's rows (EVENT_COLUMNS), one per decoded event
    headers: dict[int, tuple[str, int]]


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    start_block: int
    end_block: int
    events: int
    reorgs: int
    rolled_back_events: int
    # ("department", code) or ("service", code) for every entry a DIRECTORY_EVENTS event changed.
    changed: frozenset[tuple[str, str]] = frozenset()


class Indexer:
    """The suite's events of one deployment, in a SQL database (SQLite by default, PostgreSQL by URL)."""

    def __init__(
        self,
        w3: Web3,
        deployment: Deployment,
        database_url: str,
        *,
        confirmations: int = 0,
        chunk_size: int = 2_000,
        max_chunk_size: int = 50_000,
        commit_events: int = 5_000,
    ) -> None:
        self.w3 = w3
        self.deployment = deployment
        self.engine: Engine = create_engine(database_url, future=True)
        sqlite_file = self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:")
        if sqlite_file:
            # In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a killed process
            # loses nothing committed; a power cut may lose the last transactions, never the file's
            # consistency, and the next sync redoes them from the checkpoint it finds. Listening before
            # the first connection: the pool keeps that one, and a listener added later never saw it
            # (the sync then ran with SQLite's 2 MB page cache, which made it superlinear in the size).
            listen(self.engine, "connect", _sqlite_normal_sync)
        prepare_schema(self.engine)
        if sqlite_file:
            # Readers (the portal's requests) then never wait for the writer (the follower), nor it for them.
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
        self.confirmations = confirmations
        self.chunk_size = chunk_size
        self.max_chunk_size = max_chunk_size
        # Events per database transaction at most (more only when one block holds more): what a killed
        # sync can lose and redo.
        self.commit_events = max(1, commit_events)
        self._source = RawLogSource(w3)
        self._decode = EventDecoder()
        self._addresses = [
            deployment.contracts[name].address for name in SUITE_CONTRACTS if name in deployment.contracts
        ]
        self._names = {
            deployment.contracts[name].address.lower(): name for name in SUITE_CONTRACTS if name in deployment.contracts
        }

    # -- public ----------------------------------------------------------------------------

    def sync(
        self, *, to_block: int | None = None, progress: Callable[[SyncProgress], None] | None = None
    ) -> SyncReport:
        """Index up to ``to_block`` (default: the head less the confirmations)."""
        head = self.w3.eth.block_number - self.confirmations if to_block is None else to_block
        reorgs = rolled_back = 0
        with self.engine.begin() as connection:
            found = self._check_reorg(connection)
            if found is not None:
                reorgs, rolled_back = 1, found
        start = self.indexed_block() + 1
        written = 0
        changed: set[tuple[str, str]] = set()
        for fetched in self._fetched(start, head):
            for low, high, part in self._parts(fetched):
                with self.engine.begin() as connection:
                    written += self._write(connection, fetched, part, high, changed)
                if progress is not None:
                    progress(SyncProgress(low, high, head, written))
        return SyncReport(start, max(head, start - 1), written, reorgs, rolled_back, frozenset(changed))

    def follow(
        self,
        *,
        interval: float = 2.0,
        progress: Callable[[SyncProgress], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Keep syncing until ``should_stop`` says so."""
        while not should_stop():
            self.sync(progress=progress)
            time.sleep(interval)

    def indexed_block(self) -> int:
        """The last block whose events are all in the database."""
        with self.engine.connect() as connection:
            row = connection.execute(select(checkpoint.c.block_number)).first()
        return int(row[0]) if row else self.deployment.start_block - 1

    # -- internals ---------------------------------------------------------------------------

    def _fetched(self, start: int, head: int) -> Iterator[_Fetched]:
        """The ranges from ``start`` to ``head``, fetched and decoded; while the caller stores one range,
        a thread fetches the next (when there is more than one)."""
        if start > head:
            return
        if head - start < self.chunk_size:  # one range (the follower's usual round): no thread
            yield from self._fetch_ranges(start, head, threading.Event())
            return
        ready: queue.Queue[_Fetched | BaseException | None] = queue.Queue(maxsize=2)
        stop = threading.Event()

        def fetch() -> None:
            try:
                for fetched in self._fetch_ranges(start, head, stop):
                    if not _offer(ready, fetched, stop):
                        return
                _offer(ready, None, stop)
            except BaseException as err:  # noqa: BLE001 - handed to the caller's thread, which raises it
                _offer(ready, err, stop)

        worker = threading.Thread(target=fetch, name="zhangdian-index-fetch", daemon=True)
        worker.start()
        try:
            while (item := ready.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            worker.join(timeout=1)

    def _fetch_ranges(self, start: int, head: int, stop: threading.Event) -> Iterator[_Fetched]:
        low = start
        while low <= head and not stop.is_set():
            high = min(low + self.chunk_size - 1, head)
            try:
                raw = self._source.logs(self._addresses, low, high)
            except Web3RPCError as err:
                if self.chunk_size == 1:
                    raise
                # The node refused the range (Besu's --rpc-max-logs-range, a provider's block or result
                # cap): take the span it suggests, else halve, and never grow past that again. Capping
                # growth at the new size (not at the refused size less one) keeps the refusals to a few:
                # growing back towards a refused size one block at a time would be refused every time.
                hint = log_range_hint(err)
                self.chunk_size = hint if hint is not None and hint < self.chunk_size else max(1, self.chunk_size // 2)
                self.max_chunk_size = self.chunk_size
                continue
            decoded = [row for row in map(self._decode, raw) if row is not None]
            # Nodes that send no blockTimestamp with a log (older than the field): one batch per range.
            headers = self._source.headers({row.block_number for row in decoded if row.timestamp is None} | {high})
            yield _Fetched(low, high, decoded, self._event_rows(decoded, headers), headers)
            if len(raw) < 1_000:
                self.chunk_size = min(self.max_chunk_size, self.chunk_size * 2)
            elif len(raw) > 4 * self.commit_events and self.chunk_size > 1:
                self.chunk_size //= 2  # keeps a range's answer (and memory) to a few transactions' worth
            low = high + 1

    def _parts(self, fetched: _Fetched) -> Iterator[tuple[int, int, slice]]:
        """A fetched range in transactions of at most ``commit_events`` events (more only when one block
        holds more), each ending at a block boundary: a crash loses at most one such part."""
        decoded, low, first = fetched.decoded, fetched.low, 0
        while len(decoded) - first > self.commit_events:
            end = first + self.commit_events
            last = decoded[end - 1].block_number
            if decoded[end].block_number == last:  # the cut falls inside a block
                start_of_block = end - 1
                while start_of_block > first and decoded[start_of_block - 1].block_number == last:
                    start_of_block -= 1
                if start_of_block > first:  # end before that block
                    end, last = start_of_block, decoded[start_of_block - 1].block_number
                else:  # the block alone holds more than commit_events: all of it in one transaction
                    while end < len(decoded) and decoded[end].block_number == last:
                        end += 1
            if end == len(decoded):
                break
            yield low, last, slice(first, end)
            low, first = last + 1, end
        yield low, fetched.high, slice(first, len(decoded))

    def _event_rows(self, decoded: list[DecodedRow], headers: dict[int, tuple[str, int]]) -> list[tuple[Any, ...]]:
        """The events table's rows (in EVENT_COLUMNS order), built in the fetching thread."""
        names = self._names
        return [
            (
                event.block_number,
                event.block_hash,
                event.transaction_hash,
                event.log_index,
                names.get(event.address.lower(), event.address),
                event.name,
                event.subject,
                event.args.get("department"),
                event.args_json,
                event.timestamp if event.timestamp is not None else headers[event.block_number][1],
            )
            for event in decoded
        ]

    def _write(
        self, connection: Connection, fetched: _Fetched, part: slice, high: int, changed: set[tuple[str, str]]
    ) -> int:
        """Store a part of a fetched range (its events, blocks up to ``high``) and move the checkpoint to
        ``high``, in the caller's transaction."""
        decoded, rows = fetched.decoded[part], fetched.rows[part]
        known: dict[int, tuple[str, int]] = {}
        for event, row in zip(decoded, rows, strict=True):
            if event.block_number not in known:
                known[event.block_number] = (event.block_hash, row[-1])
            kind = DIRECTORY_EVENTS.get(event.name)
            if kind is not None and isinstance(event.args.get(kind), str):
                changed.add((kind, event.args[kind]))
        if high not in known:
            known[high] = fetched.headers[high]
        self._remember_blocks(connection, known)
        if rows:
            insert_rows(connection, events, EVENT_COLUMNS, rows)
            projection = ProjectionBatch(connection)
            projection.preload_for((event.name, event.subject) for event in decoded)
            for event, row in zip(decoded, rows, strict=True):
                projection.apply(event.name, event.subject, event.args, event.block_number, row[-1])
            projection.flush()
        self._set_checkpoint(connection, high, known[high][0])
        return len(rows)

    def _remember_blocks(self, connection: Connection, known: dict[int, tuple[str, int]]) -> None:
        numbers = sorted(known)
        for first in range(0, len(numbers), 500):
            connection.execute(delete(blocks).where(blocks.c.number.in_(numbers[first : first + 500])))
        insert_rows(connection, blocks, ("number", "hash", "timestamp"), [(n, *known[n]) for n in numbers])

    def _set_checkpoint(self, connection: Connection, number: int, block_hash: str) -> None:
        values = {"chain_id": self.deployment.chain_id, "block_number": number, "block_hash": block_hash}
        if connection.execute(select(checkpoint.c.id)).first() is None:
            connection.execute(insert(checkpoint).values(id=1, **values))
        else:
            connection.execute(update(checkpoint).where(checkpoint.c.id == 1).values(**values))

    def _check_reorg(self, connection: Connection) -> int | None:
        """Roll back to the last block the chain still agrees with; the number of events removed, or None."""
        row = connection.execute(select(checkpoint)).mappings().first()
        if row is None:
            return None
        if row["chain_id"] != self.deployment.chain_id:
            raise ConfigurationError(
                f"索引属于另一条链 / the index holds chain {row['chain_id']}, not {self.deployment.chain_id}"
            )
        if self._chain_hash(row["block_number"]) == row["block_hash"]:
            return None
        ancestor = self.deployment.start_block - 1
        for number, stored in connection.execute(
            select(blocks.c.number, blocks.c.hash).order_by(blocks.c.number.desc())
        ):
            if number < row["block_number"] and self._chain_hash(number) == stored:
                ancestor = number
                break
        affected = {
            subject
            for (subject,) in connection.execute(
                select(events.c.subject).where(events.c.block_number > ancestor).distinct()
            )
            if subject
        }
        removed = connection.execute(delete(events).where(events.c.block_number > ancestor)).rowcount
        connection.execute(delete(blocks).where(blocks.c.number > ancestor))
        self._rebuild_services(connection)
        for subject in affected:
            replay_application(connection, subject)
        ancestor_hash = self._chain_hash(ancestor) if ancestor >= 0 else "0x" + "00" * 32
        self._set_checkpoint(connection, ancestor, ancestor_hash or "0x" + "00" * 32)
        return int(removed or 0)

    def _rebuild_services(self, connection: Connection) -> None:
        connection.execute(delete(services))
        rows = connection.execute(
            select(events)
            .where(events.c.name == "ServicePublished")
            .order_by(events.c.block_number, events.c.log_index)
        ).mappings()
        projection = ProjectionBatch(connection)
        for row in rows:
            projection.apply(
                row["name"], row["subject"], json.loads(row["args"]), row["block_number"], row["timestamp"]
            )

    def _chain_hash(self, number: int) -> str | None:
        try:
            return str(self.w3.eth.get_block(number)["hash"].to_0x_hex())
        except Exception:  # noqa: BLE001 - a block the node no longer has is a mismatch
            return None


def _sqlite_normal_sync(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


_T = TypeVar("_T")


def _offer(ready: queue.Queue[_T], item: _T, stop: threading.Event) -> bool:
    """Put ``item`` unless the consumer has stopped; whether it was put."""
    while not stop.is_set():
        try:
            ready.put(item, timeout=0.1)
        except queue.Full:
            continue
        return True
    return False


def prepare_schema(engine: Engine) -> bool:
    """Create the tables; an index of version 4 is migrated in place (:func:`.schema.migrate_schema`), one of
    another :data:`SCHEMA_VERSION` (or of none, written before versions were recorded) is dropped first, so
    the next sync rebuilds it from the chain. True if it was dropped."""
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        stored = (
            connection.execute(select(schema_info.c.version)).scalar_one_or_none()
            if "schema_info" in existing
            else None
        )
        stale = bool(existing & set(metadata.tables)) and stored != SCHEMA_VERSION
        if stale and migrate_schema(connection, stored):
            return False
        if stale:
            metadata.drop_all(connection)
        metadata.create_all(connection)
        if stored != SCHEMA_VERSION:
            connection.execute(delete(schema_info))
            connection.execute(insert(schema_info).values(id=1, version=SCHEMA_VERSION))
    return stale
