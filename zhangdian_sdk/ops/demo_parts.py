"""What the demo's later scenarios (appeals, corrections, replacement) take from the demo: its officers,
where it keeps documents, and an applicant's materials registered with consent as every demo applicant's
are. ``zhangdian_sdk.ops.demo`` calls those scenarios, so they describe its objects here as protocols
instead of importing it (the SDK has no import cycle).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Protocol

from eth_account import Account

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.core.storage import DocumentStore
from zhangdian_sdk.facades.materials import MaterialSpec, Purpose, sign_consent

__all__ = ["Documents", "Officers", "register_consented_materials"]

DAY = 86_400


class Officers(Protocol):
    """Who plays which part (:class:`zhangdian_sdk.ops.demo.DemoOfficers`)."""

    @property
    def admin(self) -> Signer: ...
    @property
    def clerk(self) -> Signer: ...
    @property
    def approvers(self) -> Mapping[str, Signer]: ...


class Documents(Protocol):
    """Where the demo keeps encrypted documents (:class:`zhangdian_sdk.ops.demo.DemoDocuments`)."""

    @property
    def store(self) -> DocumentStore: ...
    @property
    def department(self) -> str: ...
    @property
    def key(self) -> DepartmentKey: ...


def register_consented_materials(
    clerk: ZhangdianClient,
    documents: Documents,
    *,
    number: str,
    identity: str,
    salt: bytes,
    service: str,
    follow_ons: bool = False,
) -> tuple[bytes, ...]:
    """The materials of application ``number``'s applicant (``identity``, receipt code ``salt``) of each type
    ``service`` requires, registered (encrypted off chain, hashes on chain) and consented to by the
    applicant's own key for the service and, with ``follow_ons``, for each follow-on service that needs
    the material; in the catalogue's order."""
    definition = clerk.catalog.get(service).definition
    uses = [(definition.owner_department, service, definition.required_material_types)]
    if follow_ons:
        for follow_on in definition.follow_on_services:
            later = clerk.catalog.get(follow_on).definition
            uses.append((later.owner_department, follow_on, later.required_material_types))
    citizen = Account.create()  # the applicant's own consent key, kept by the applicant
    commitment = applicant_commitment(identity, salt, department=documents.department)
    now = int(time.time())
    found = []
    for material_type in definition.required_material_types:
        spec = MaterialSpec(
            material_type, documents.department, commitment, citizen.address, now - DAY, now + 365 * DAY
        )
        scan = f"[demo scan] {material_type} of applicant {number}".encode()
        record = clerk.materials.register(
            spec, document=scan, store=documents.store, issuer_public_key=documents.key.public_key
        )
        for department, purpose, needed in uses:
            if material_type in needed:
                consent = clerk.materials.consent(
                    record.material_id,
                    department=department,
                    purpose=Purpose.service(purpose),
                    valid_for=30 * DAY,
                )
                clerk.materials.grant_consent(consent, sign_consent(citizen, consent, clerk.materials.domain()))
        found.append(record.material_id)
    return tuple(found)
