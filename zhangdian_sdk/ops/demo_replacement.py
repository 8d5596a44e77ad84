"""The demo's replaced licence (换发, issue 18 item 3): a sole proprietor's business licence re-issued after a
change of registered details.

The story of ``ZD-2026-110001`` (个体工商户设立登记) ends with its 营业执照. The approval bureau (ZD-XPSJ)
issues that licence as a certificate file of the original format (GB/T 36903 metadata, version 1, the
holder's first registered name); then the holder registers a new name, and the bureau issues version 2
(its 关联证照标识 names version 1) and replaces version 1 by it on chain with replacement reason 1
(变更换发, change of registered details). Verifying version 1 then reports CERTIFICATE_REPLACED with
version 2's id, the date and the reason; version 2 reports what it replaced.

Both certificate files are written to ``<data home>/demo-replacement/`` (``licence-v1.json``,
``licence-v2.json``) for the holder, `zhangdian verify certificate` and the portal's certificate page.
Running the demo again keeps them when the chain already links them (nothing is issued twice).

Usage: :func:`replace_demo_licence` (called by :func:`zhangdian_sdk.ops.demo.run_applications` for each
story's licence; it acts on ``ZD-2026-110001``'s only) and :func:`replacement_summary` (the demo's summary).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import certificate_identifier
from zhangdian_sdk.core.licence import LicenceMetadata, validate_licence
from zhangdian_sdk.core.models import OfficerRole
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.facades.certificates import Certificate, CertificateDraft
from zhangdian_sdk.ops.demo_parts import Officers
from zhangdian_sdk.ops.localchain import data_home

__all__ = [
    "REPLACED_STORY",
    "REPLACEMENT_REASON",
    "DemoReplacement",
    "replace_demo_licence",
    "replacement_folder",
    "replacement_summary",
]

REPLACED_STORY = "ZD-2026-110001"  # 个体工商户设立登记: its 营业执照 is re-issued
REPLACEMENT_REASON = 1  # reason catalogue kind replacement: 1 变更换发, change of registered details
_ISSUER = "ZD-XPSJ"
_NEW_NAME = "张店区华光路小吃店"  # the name registered later (made up for the demo)
_REISSUED_ON = "2026-03-20"


@dataclass(frozen=True)
class DemoReplacement:
    """The replaced licence (version 1) and its replacement (version 2) as the demo left them."""

    old: Certificate
    new: Certificate
    old_path: Path
    new_path: Path

    @property
    def old_id(self) -> str:
        return "0x" + self.old.certificate_id.hex()

    @property
    def new_id(self) -> str:
        return "0x" + self.new.certificate_id.hex()


def replacement_folder(home: Path | None = None) -> Path:
    """Where the demo writes the two certificate files."""
    return (home or data_home()) / "demo-replacement"


def _kept(client: ZhangdianClient, folder: Path) -> DemoReplacement | None:
    """The files of an earlier run, if this chain links them already."""
    old_path, new_path = folder / "licence-v1.json", folder / "licence-v2.json"
    if not (old_path.exists() and new_path.exists()):
        return None
    try:
        old = Certificate.from_json(old_path.read_text(encoding="utf-8"))
        new = Certificate.from_json(new_path.read_text(encoding="utf-8"))
    except InvalidInputError:
        return None
    link = client.certificates.replacement_of(old)
    if link is None or link.certificate_id != "0x" + new.certificate_id.hex():
        return None  # a fresh chain: issue again
    return DemoReplacement(old, new, old_path, new_path)


class Story(Protocol):
    """The demo application whose licence is replaced (:class:`zhangdian_sdk.ops.demo._Story`); demo.py
    calls this module, so its types are described here rather than imported (no import cycle)."""

    @property
    def number(self) -> str: ...
    @property
    def applicant(self) -> str: ...
    @property
    def salt(self) -> bytes: ...


def replace_demo_licence(
    clients: Callable[[Signer], ZhangdianClient],
    officers: Officers,
    story: Story,
    licence: LicenceMetadata,
    log: Callable[[str], None] = print,
    *,
    home: Path | None = None,
) -> DemoReplacement | None:
    """Issue ``story``'s licence (version 1) and replace it by version 2 after a change of the holder's
    registered name (reason 1); None for every story but :data:`REPLACED_STORY`."""
    if story.number != REPLACED_STORY:
        return None
    folder = replacement_folder(home)
    issuer = clients(officers.approvers[_ISSUER])
    kept = _kept(issuer, folder)
    if kept is not None:
        log(f"licence of {story.number}: replaced already ({kept.old_id[:14]}… → {kept.new_id[:14]}…), kept")
        return kept
    # The bureau's approver issues the bureau's licences (a Manager or the admin grants the role).
    clients(officers.admin).departments.grant(_ISSUER, officers.approvers[_ISSUER].address, OfficerRole.ISSUER)
    owner = "ZD-XPSJ"  # the service's department: the applicant's commitment is made for it
    subject = applicant_commitment(story.applicant, story.salt, department=owner)
    kind_code = licence.type_code
    serial = REPLACED_STORY.replace("ZD-", "").replace("-", "")  # as the story's licence: ZD-2026-110001 -> 2026110001
    renewed = validate_licence(
        replace(
            licence,
            identifier=certificate_identifier(kind_code, licence.issuer_code, serial, 2),  # 版本号 002
            holder_name=_NEW_NAME,
            issue_date=_REISSUED_ON,
            valid_from=_REISSUED_ON,
            replaces=licence.identifier,  # 关联证照标识: version 1
        )
    )
    old = issuer.certificates.issue(CertificateDraft("BIZ-LICENCE", subject, {}, 0, licence=licence), issuer=_ISSUER)
    new = issuer.certificates.issue(CertificateDraft("BIZ-LICENCE", subject, {}, 0, licence=renewed), issuer=_ISSUER)
    issuer.certificates.replace(old, new, reason_code=REPLACEMENT_REASON)
    old_path, new_path = folder / "licence-v1.json", folder / "licence-v2.json"
    for certificate, path in ((old, old_path), (new, new_path)):
        write_private(path, json.dumps(certificate.to_json(), ensure_ascii=False, indent=2) + "\n")
    log(
        f"licence of {story.number} 换发 (变更换发, reason {REPLACEMENT_REASON}): 0x{old.certificate_id.hex()}"
        f" replaced by 0x{new.certificate_id.hex()} ({folder})"
    )
    return DemoReplacement(old, new, old_path, new_path)


def replacement_summary(home: Path | None = None) -> str | None:
    """The demo summary's lines on the replaced licence (None if the demo wrote none)."""
    folder = replacement_folder(home)
    old_path, new_path = folder / "licence-v1.json", folder / "licence-v2.json"
    if not (old_path.exists() and new_path.exists()):
        return None
    old = json.loads(old_path.read_text(encoding="utf-8"))["certificateId"]
    new = json.loads(new_path.read_text(encoding="utf-8"))["certificateId"]
    return (
        f"换发的证照 / replaced licence ({REPLACED_STORY}, 变更换发 change of registered details):\n"
        f"  原证 old {old}  ({old_path})\n"
        f"  新证 new {new}  ({new_path})\n"
        f"  .venv/bin/zhangdian verify certificate {old_path}    # 已换发 / replaced\n"
        f"  .venv/bin/zhangdian verify certificate {new_path}    # 换发自 / replaces"
    )
