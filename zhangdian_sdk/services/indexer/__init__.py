"""The event indexer: the suite's events in SQLite or PostgreSQL, for the portal and for audits."""

from zhangdian_sdk.services.indexer.queries import IndexReader
from zhangdian_sdk.services.indexer.sync import Indexer, SyncProgress, SyncReport

__all__ = ["IndexReader", "Indexer", "SyncProgress", "SyncReport"]
