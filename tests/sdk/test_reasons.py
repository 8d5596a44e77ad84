"""The reason catalogue (core.reasons, _data/reasons.json): every code in both languages with its legal
basis, every code the demo records known, and an unknown code still shown."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from zhangdian_sdk.core.reasons import EVENT_REASONS, ReasonKind, catalogue, describe, of_event
from zhangdian_sdk.ops.demo import story_reasons


def _entries() -> list[tuple[ReasonKind, int]]:
    data = catalogue()
    return [(kind, int(code)) for kind in ReasonKind for code in data.get(kind.value, {})]


def test_every_kind_has_entries_and_every_entry_has_both_languages_and_a_basis() -> None:
    data = catalogue()
    for kind in ReasonKind:
        assert data.get(kind.value), f"no {kind.value} reasons in the catalogue"
    for kind, code in _entries():
        reason = describe(kind, code)
        assert code >= 1, f"{kind.value} {code}: 0 is never a reason"
        assert reason.known
        for text in (reason.text_zh, reason.basis_zh):
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (kind, code, text)
        for text in (reason.text_en, reason.basis_en):
            # English, with Chinese terms only as glosses in parentheses: "revoked (吊销)"
            assert re.search("[A-Za-z]{3}", text), (kind, code, text)
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in re.sub(r"\([^)]*\)", "", text)), (kind, code, text)


def test_the_codes_the_issue_asks_for_are_there() -> None:
    data = catalogue()
    assert {"1", "2", "3", "31"} <= set(data["rejection"])
    assert {str(code) for code in range(1, 13)} <= set(data["supplement"])
    assert {"1", "2"} <= set(data["withdrawal"])


def test_every_code_the_demo_records_is_known() -> None:
    used = story_reasons()
    assert (ReasonKind.REJECTION, 31) in used
    assert (ReasonKind.SUPPLEMENT, 12) in used
    for kind, code in used:
        assert describe(kind, code).known, f"the demo records {kind.value} {code}, which the catalogue lacks"


def test_a_rejection_says_the_remedy_to_whom_and_within_which_time() -> None:
    reason = describe(ReasonKind.REJECTION, 31)
    assert "建设工程规划许可证" in reason.text_zh
    assert "建筑法" in reason.basis_zh
    for words in ("行政复议", "60 日", "张店区人民政府", "行政诉讼", "6 个月", "人民法院"):
        assert words in reason.remedy_zh
    for words in ("reconsideration", "60 days", "Zhangdian District People's Government", "lawsuit", "6 months"):
        assert words in reason.remedy_en


def test_the_demo_supplement_says_what_to_supply() -> None:
    reason = describe(ReasonKind.SUPPLEMENT, 12)
    assert reason.text_zh.startswith("请补充提交")
    assert "健康证明" in reason.text_zh
    assert "health certificates" in reason.text_en
    assert "食品安全法" in reason.basis_zh


def test_an_entry_may_have_no_remedy() -> None:
    """A licence cancelled at the holder's own request has no 复议 to offer; a revoked one has."""
    assert describe(ReasonKind.CERTIFICATE_REVOCATION, 7).remedy_zh == ""
    assert "行政复议" in describe(ReasonKind.CERTIFICATE_REVOCATION, 3).remedy_zh


@pytest.mark.parametrize("kind", list(ReasonKind))
def test_an_unknown_code_reads_as_reason_code_n(kind: ReasonKind) -> None:
    reason = describe(kind, 9999)
    assert not reason.known
    assert reason.text_en.startswith("reason code 9999")
    assert reason.text_zh.startswith("原因代码 9999")
    assert reason.text("en") == reason.text_en
    assert reason.text("zh") == reason.text_zh


def test_every_reason_argument_of_the_contracts_events_has_a_kind() -> None:
    """Each ABI event argument named reasonCode/resultCode maps to a catalogue kind, so none shows bare."""
    folder = resources.files("zhangdian_sdk").joinpath("_data/contracts")
    found = set()
    for item in folder.iterdir():
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        abi = data["abi"] if isinstance(data, dict) else data
        for entry in abi:
            if entry.get("type") == "event":
                found |= {
                    (entry["name"], i["name"]) for i in entry["inputs"] if i["name"] in {"reasonCode", "resultCode"}
                }
    assert found, "no ABI events with reason codes were read"
    assert found == set(EVENT_REASONS)
    assert of_event("ApplicationRejected", "reasonCode", 31) == describe(ReasonKind.REJECTION, 31)
    assert of_event("ApplicationRejected", "stepIndex", 0) is None
    assert of_event("Unrelated", "reasonCode", 1) is None
