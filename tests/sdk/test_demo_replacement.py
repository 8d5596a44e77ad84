"""The demo's replaced licence (换发, issue 18): ZD-2026-110001's business licence, version 1, is replaced
by version 2 after a change of the holder's registered name (reason 1); a second run issues nothing."""

from __future__ import annotations

from pathlib import Path

from web3 import Web3

from tests.conftest import Officers
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.models import CertificateState
from zhangdian_sdk.facades.certificates import Certificate
from zhangdian_sdk.ops.demo import _STORIES, DEMO_ISSUER_USCC, DemoOfficers, demo_licence
from zhangdian_sdk.ops.demo_replacement import (
    REPLACED_STORY,
    REPLACEMENT_REASON,
    replace_demo_licence,
    replacement_summary,
)


def test_the_demo_replaces_the_licence_once_and_the_summary_names_both(
    w3: Web3, deployment, officers: Officers, tmp_path: Path
) -> None:
    def clients(signer: Signer) -> ZhangdianClient:
        return ZhangdianClient(w3, deployment, signer=signer)

    demo_officers = DemoOfficers(officers.admin, officers.clerk, {"ZD-XPSJ": officers.inspector})
    story = next(s for s in _STORIES if s.number == REPLACED_STORY)
    licence = demo_licence(
        "BIZ-LICENCE", issuer="ZD-XPSJ", issuer_uscc=DEMO_ISSUER_USCC["ZD-XPSJ"], serial="2026110001",
        number="ZD2026110001", holder_name="申请人 110001", holder_code=story.applicant, issued_on="2026-03-02",
    )  # fmt: skip
    other = next(s for s in _STORIES if s.number != REPLACED_STORY)
    assert replace_demo_licence(clients, demo_officers, other, licence, home=tmp_path) is None
    messages: list[str] = []
    done = replace_demo_licence(clients, demo_officers, story, licence, messages.append, home=tmp_path)
    assert done is not None
    reader = ZhangdianClient(w3, deployment)
    old = reader.certificates.verify(Certificate.from_json(done.old_path.read_text(encoding="utf-8")))
    assert old.status is CertificateState.REPLACED
    assert old.replaced_by is not None
    assert (old.replaced_by.certificate_id, old.replaced_by.reason_code) == (done.new_id, REPLACEMENT_REASON)
    new = reader.certificates.verify(done.new)
    assert new.valid
    assert new.replaces is not None
    assert new.replaces.certificate_id == done.old_id
    assert done.new.fields["replaces"]["value"] == done.old.fields["licenceIdentifier"]["value"]
    assert done.new.fields["licenceIdentifier"]["value"] != done.old.fields["licenceIdentifier"]["value"]

    again: list[str] = []
    kept = replace_demo_licence(clients, demo_officers, story, licence, again.append, home=tmp_path)
    assert kept is not None
    assert (kept.old_id, kept.new_id) == (done.old_id, done.new_id)
    assert any("kept" in message for message in again)
    summary = replacement_summary(tmp_path)
    assert summary is not None
    assert done.old_id in summary
    assert done.new_id in summary
    assert "变更换发" in summary
