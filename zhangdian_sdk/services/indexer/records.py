"""Reading the index for a citizen's records: the materials registered to an applicant, the uses of
them or for one application, the completion certificate issued for an application, and a service's
latest version. The portal's transaction, certificate and material-use routes read these, never the chain.

Usage: ``materials_of(reader, "0x<commitment>")``; ``uses_of(reader, ids, application_id="0x<id>")``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_, select

from zhangdian_sdk.facades.materials import PurposeKind
from zhangdian_sdk.services.indexer.queries import IndexReader, event_row
from zhangdian_sdk.services.indexer.schema import events, services

__all__ = [
    "certificate_issued",
    "latest_version",
    "materials_of",
    "subject_events",
    "transaction_events",
    "uses_of",
]


def materials_of(reader: IndexReader, commitment: str) -> list[dict[str, Any]]:
    """The ``MaterialRegistered`` events of the materials registered with this subject commitment, oldest
    first (the commitment is an argument, not a topic: matched in the stored arguments)."""
    commitment = commitment.lower()
    with reader.engine.connect() as connection:
        rows = connection.execute(
            select(events)
            .where(events.c.name == "MaterialRegistered", events.c.args.contains(commitment))
            .order_by(events.c.block_number, events.c.log_index)
        ).mappings()
        found = [event_row(row) for row in rows]
    return [e for e in found if str(e["args"].get("ownerCommitment", "")).lower() == commitment]


def uses_of(reader: IndexReader, material_ids: list[str], *, application_id: str | None = None) -> list[dict[str, Any]]:
    """The ``MaterialUsed`` events of these materials, and (given ``application_id``) those whose purpose
    is that one application, oldest first, each once."""
    wanted = [m.lower() for m in material_ids]
    conditions: list[ColumnElement[bool]] = [events.c.subject.in_(wanted)] if wanted else []
    if application_id is not None:
        conditions.append(events.c.args.contains(application_id.lower()))
    if not conditions:
        return []
    with reader.engine.connect() as connection:
        rows = connection.execute(
            select(events)
            .where(events.c.name == "MaterialUsed", or_(*conditions))
            .order_by(events.c.block_number, events.c.log_index)
        ).mappings()
        found = [event_row(row) for row in rows]
    mine = set(wanted)
    return [
        e for e in found if e["subject"] in mine or (application_id is not None and _for_application(e, application_id))
    ]


def transaction_events(reader: IndexReader, transaction_hash: str) -> list[dict[str, Any]]:
    """The indexed events of one transaction, in log order, with their subjects."""
    with reader.engine.connect() as connection:
        rows = connection.execute(
            select(events).where(events.c.transaction_hash == transaction_hash.lower()).order_by(events.c.log_index)
        ).mappings()
        return [event_row(row) for row in rows]


def subject_events(reader: IndexReader, subject: str) -> list[dict[str, Any]]:
    """Every indexed event about one application (or material, or certificate), oldest first."""
    with reader.engine.connect() as connection:
        rows = connection.execute(
            select(events)
            .where(events.c.subject == subject.lower())
            .order_by(events.c.block_number, events.c.log_index)
        ).mappings()
        return [event_row(row) for row in rows]


def certificate_issued(reader: IndexReader, application_id: str) -> dict[str, Any] | None:
    """The ``ApplicationCertificateIssued`` event of an application (the last one), or None."""
    with reader.engine.connect() as connection:
        row = (
            connection.execute(
                select(events)
                .where(events.c.name == "ApplicationCertificateIssued", events.c.subject == application_id.lower())
                .order_by(events.c.block_number.desc(), events.c.log_index.desc())
            )
            .mappings()
            .first()
        )
    return event_row(row) if row else None


def latest_version(reader: IndexReader, service: str) -> int | None:
    """The latest published version of a service, or None if the index has never seen it."""
    with reader.engine.connect() as connection:
        found = connection.execute(select(func.max(services.c.version)).where(services.c.code == service)).scalar()
    return int(found) if found is not None else None


def _for_application(event: dict[str, Any], application_id: str) -> bool:
    """Whether a use's purpose is this one application (not a service it belongs to)."""
    args = event["args"]
    return (
        args.get("purposeKind") == PurposeKind.APPLICATION
        and str(args.get("purpose", "")).lower() == application_id.lower()
    )
