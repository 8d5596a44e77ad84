"""The message catalogue holds every label people see, in Chinese and English, once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhangdian_sdk.core import messages
from zhangdian_sdk.core.artifacts import (
    GOVERNANCE_CONTRACTS,
    PROXY_CONTRACT,
    RULE_CONTRACTS,
    SUITE_CONTRACTS,
    load_artifact,
)
from zhangdian_sdk.core.models import ApplicationStatus, DeadlinePolicy, OfficerRole, RatingScore
from zhangdian_sdk.services.portal.i18n import TEXT

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")
# The catalogue's label kind of each Solidity enum; a new enum needs its kind here and its labels.
SOLIDITY_ENUM_KINDS = {
    "OfficerRole": "role",
    "ApplicationStatus": "status",
    "DeadlinePolicy": "deadline_policy",
    "PeerStatus": "peer_status",
    "CertificateState": "certificate_state",
    "CaseType": "case_type",
    "TimeUnit": "time_unit",
    # IAppealRegistry (行政复议)
    "AppealStatus": "appeal_status",
    "AppealOutcome": "appeal_outcome",
}


def _assert_bilingual(where: str, entry: dict[str, str] | None, *, chinese: bool = True) -> None:
    assert entry is not None, f"{where} has no entry in zhangdian_sdk/_data/messages.json"
    assert entry.get("zh", "").strip(), f"{where} has no Chinese text"
    assert entry.get("en", "").strip(), f"{where} has no English text"
    if chinese:
        assert HAN.search(entry["zh"]), f"{where}: the Chinese text has no Chinese"


def test_every_event_of_every_shipped_abi_has_a_label() -> None:
    events = {
        item["name"]
        for name in SUITE_CONTRACTS + GOVERNANCE_CONTRACTS + RULE_CONTRACTS + (PROXY_CONTRACT,)
        for item in load_artifact(name).abi
        if item["type"] == "event"
    }
    assert {"ApplicationSubmitted", "FollowOnRetried", "MaterialUsed"} <= events
    for event in sorted(events):
        _assert_bilingual(f"event {event}", messages.labels("event").get(event))


def _solidity_enums() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in [ROOT / "contracts/common/Types.sol", *sorted((ROOT / "contracts/interfaces").glob("*.sol"))]:
        source = re.sub(r"//[^\n]*", "", path.read_text(encoding="utf-8"))
        for name, body in re.findall(r"\benum\s+(\w+)\s*\{([^}]*)\}", source):
            found[name] = [member.strip() for member in body.split(",") if member.strip()]
    return found


def test_every_member_of_every_solidity_enum_has_a_label() -> None:
    enums = _solidity_enums()
    assert set(enums) == set(SOLIDITY_ENUM_KINDS), "a new Solidity enum needs its label kind and labels"
    for enum, members in enums.items():
        kind = SOLIDITY_ENUM_KINDS[enum]
        for member in members:
            python_name = re.sub(r"(?<!^)([A-Z])", r"_\1", member).upper()
            _assert_bilingual(f"{enum}.{member}", messages.labels(kind).get(python_name))


@pytest.mark.parametrize("enum", [OfficerRole, ApplicationStatus, DeadlinePolicy, RatingScore])
def test_python_enums_read_their_labels_from_the_catalogue(enum: type[OfficerRole]) -> None:
    for member in enum:
        entry = messages.labels(member._label_kind())[member.name]
        assert (member.label_zh, member.label_en) == (entry["zh"], entry["en"])
        assert enum.parse(member.label_zh) is member
    assert ApplicationStatus.COMPLETED.label == "已办结 Completed"
    assert OfficerRole.CLERK.label_en == "Clerk"


def test_portal_words_come_from_the_catalogue_in_both_languages() -> None:
    portal = messages.section("portal")
    assert set(TEXT) == {"zh", "en"}
    for key, entry in portal.items():
        # "language" is the link to the other language, so its Chinese entry reads "English".
        _assert_bilingual(f"portal text {key}", entry, chinese=key != "language")
        assert TEXT["zh"][key] == entry["zh"]
        assert TEXT["en"][key] == entry["en"]
    assert TEXT["zh"]["title"] == "张店区政务服务区块链查询"


def test_text_fills_templates_and_label_falls_back_to_the_name() -> None:
    assert messages.text("sdk.reason_code", "en", code=5) == "reason code 5"
    assert messages.text("sdk.reason_code", "zh", code=5) == "原因代码 5"
    assert messages.label("event", "ApplicationCompleted", "zh") == "办结"
    assert messages.label("event", "SomethingNewer", "en") == "SomethingNewer"
    with pytest.raises(KeyError):
        messages.text("sdk.no_such_message", "en")
