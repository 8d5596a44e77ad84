"""The reason catalogue (core.reasons, _data/reasons.json): every code in both languages with its legal
basis, every code the demo records known, and an unknown code still shown."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from zhangdian_sdk.core.reasons import CONTRACT_REASONS, EVENT_REASONS, ReasonKind, catalogue, codes, describe, of_event
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
    # Every shipped event's reason argument has a kind; EVENT_REASONS may also name the agreed events of
    # contracts built on other branches (issue 18), which the merged build ships.
    assert found <= set(EVENT_REASONS), found - set(EVENT_REASONS)
    assert set(EVENT_REASONS) - found <= set(_ISSUE_18_EVENTS)
    assert of_event("ApplicationRejected", "reasonCode", 31) == describe(ReasonKind.REJECTION, 31)
    assert of_event("ApplicationRejected", "stepIndex", 0) is None
    assert of_event("Unrelated", "reasonCode", 1) is None


# Issue 18: the agreed events of the appeal and correction registries and of CertificateRegistry 1.6.0, and
# the kind of their reason codes (the interfaces IAppealRegistry.sol, ICorrectionRegistry.sol and
# /work/spec/certificate-interface.patch).
_ISSUE_18_EVENTS = {
    ("AppealExtended", "reasonCode"): ReasonKind.APPEAL_EXTENSION,
    ("AppealDecided", "reasonCode"): ReasonKind.APPEAL_OUTCOME,
    ("AppealWithdrawn", "reasonCode"): ReasonKind.WITHDRAWAL,
    ("DecisionCorrected", "reasonCode"): ReasonKind.CORRECTION,
    ("CertificateCorrected", "reasonCode"): ReasonKind.CORRECTION,
    ("CertificateReplaced", "reasonCode"): ReasonKind.REPLACEMENT,
    ("BatchReplaced", "reasonCode"): ReasonKind.REPLACEMENT,
    ("CertificateRevokedOnAppeal", "reasonCode"): ReasonKind.CERTIFICATE_REVOCATION,
}


def test_the_events_of_appeals_corrections_and_replacements_read_their_own_kind() -> None:
    for key, kind in _ISSUE_18_EVENTS.items():
        assert EVENT_REASONS[key] == kind, key
    decided = of_event("AppealDecided", "reasonCode", 2)
    assert decided is not None
    assert decided.known
    assert decided.text_zh.startswith("撤销")
    assert "article 64" in decided.basis_en
    extended = of_event("AppealExtended", "reasonCode", 1)
    assert extended is not None
    assert "第六十二条" in extended.basis_zh
    withdrawn = of_event("AppealWithdrawn", "reasonCode", 5)
    assert withdrawn is not None
    assert "行政复议" in withdrawn.text_zh
    corrected = of_event("DecisionCorrected", "reasonCode", 1)
    assert corrected is not None
    assert corrected.text_en.startswith("Clerical error")
    replaced = of_event("BatchReplaced", "reasonCode", 4)
    assert replaced is not None
    assert "renamed or merged" in replaced.text_en


def test_the_issue_18_kinds_have_the_agreed_codes() -> None:
    """The codes other helpers record (demo, tests): appeal outcomes 1 维持 .. 6 确认违法, extension 1 (case
    complex), correction 1-3, replacement 1-4 (变更换发, 补发, 延续换发, renamed issuer)."""
    assert describe(ReasonKind.APPEAL_OUTCOME, 1).text_zh.startswith("维持")
    for code in (2, 3, 4):
        assert describe(ReasonKind.APPEAL_OUTCOME, code).text_zh.startswith("撤销")
    assert describe(ReasonKind.APPEAL_OUTCOME, 5).text_zh.startswith("变更")
    assert describe(ReasonKind.APPEAL_OUTCOME, 6).text_zh.startswith("确认违法")
    assert "复杂" in describe(ReasonKind.APPEAL_EXTENSION, 1).text_zh
    assert "原因代码" in describe(ReasonKind.CORRECTION, 1).text_zh
    assert "证照" in describe(ReasonKind.CORRECTION, 2).text_zh
    assert "文书" in describe(ReasonKind.CORRECTION, 3).text_zh
    assert [r.text_zh[:2] for r in codes(ReasonKind.REPLACEMENT)][:3] == ["变更", "补发", "延续"]
    assert "更名" in describe(ReasonKind.REPLACEMENT, 4).text_zh
    # The remedy after an appeal decision is a lawsuit within 15 days of receiving it, not a second appeal.
    outcome = describe(ReasonKind.APPEAL_OUTCOME, 1)
    assert "15 日" in outcome.remedy_zh
    assert "15 days" in outcome.remedy_en


_CONSTANT = re.compile(r"uint16\s+(?:public|internal|private)\s+constant\s+(\w+)\s*=\s*(\d+)\s*;")


def test_every_reason_code_a_contract_constant_uses_is_in_the_catalogue() -> None:
    """AppealRegistry.REVOKED_ON_APPEAL (certificate_revocation 10, "the decision that granted it was revoked
    on administrative reconsideration") and any other uint16 constant a contract records as a reason."""
    assert CONTRACT_REASONS[("AppealRegistry", "REVOKED_ON_APPEAL")] == (ReasonKind.CERTIFICATE_REVOCATION, 10)
    for (contract, constant), (kind, code) in CONTRACT_REASONS.items():
        reason = describe(kind, code)
        assert reason.known, f"{contract}.{constant} = {code} is not a {kind.value} reason in the catalogue"
        for text in (reason.text_zh, reason.text_en, reason.basis_zh, reason.basis_en):
            assert text
    assert "行政复议" in describe(ReasonKind.CERTIFICATE_REVOCATION, 10).text_zh
    assert "revoked on administrative reconsideration" in describe(ReasonKind.CERTIFICATE_REVOCATION, 10).text_en
    # The Solidity constants are the table's: a uint16 constant of a contract is a reason code it records.
    root = Path(__file__).resolve().parents[2] / "contracts"
    for source in root.glob("*.sol"):
        for name, value in _CONSTANT.findall(source.read_text(encoding="utf-8")):
            key = (source.stem, name)
            assert key in CONTRACT_REASONS, f"{source.name}: {name} = {value} is not in core.reasons.CONTRACT_REASONS"
            assert CONTRACT_REASONS[key][1] == int(value), key


@pytest.mark.parametrize("kind", list(ReasonKind))
def test_every_kind_lists_its_codes_in_order_with_both_languages_and_a_basis(kind: ReasonKind) -> None:
    listed = codes(kind)
    assert listed, kind
    assert [r.code for r in listed] == sorted(r.code for r in listed)
    for reason in listed:
        assert reason.known
        assert reason.text_zh
        assert reason.text_en
        assert reason.basis_zh
        assert reason.basis_en
