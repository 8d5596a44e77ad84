"""The history of an application shows its appeals (行政复议), its reopening and the corrections of its
decision (更正) in words (issue 18): rendered from decoded events as the chain emits them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from zhangdian_sdk.core.events import DecodedEvent
from zhangdian_sdk.core.models import ApplicationStatus, HistoryEntry, OfficerRole
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.core.workflow import Event, WorkflowState, evolve
from zhangdian_sdk.services import timeline
from zhangdian_sdk.services.timeline import Named, history_entry, mark_corrections

APP = b"\x11" * 32
APPEAL = b"\x22" * 32
WHEN = 1_796_000_000  # a time in 2026


class _Directory(timeline._Names):
    """The names the chain would give: departments by code, no roles (no chain in these tests)."""

    def __init__(self) -> None:
        self._departments = {"ZD-XPSJ": Named("ZD-XPSJ", "张店区行政审批服务局", "Administrative Approval Bureau")}
        self._services = {}
        self._roles = {}

    def roles(self, department: str, actor: str, likely: OfficerRole | None) -> tuple[Named, ...]:
        return ()


def _code(text: str) -> bytes:
    return text.encode().ljust(32, b"\0")


def _ledger(name: str, block: int, status: ApplicationStatus, **details: Any) -> HistoryEntry:
    return HistoryEntry(
        event=name,
        block_number=block,
        transaction_hash="0x" + f"{block:064x}",
        log_index=0,
        timestamp=datetime.fromtimestamp(WHEN + block, UTC),
        department="ZD-XPSJ",
        actor="0x" + "ab" * 20,
        status_after=status,
        details=details,
    )


def _other(name: str, block: int, **args: Any) -> HistoryEntry:
    event = DecodedEvent(name, {**args, "actor": "0x" + "cd" * 20}, "0x" + "00" * 20, block, f"0x{block:064x}", 1)
    return history_entry(event, WHEN + block)


def _history(entries: list[HistoryEntry]) -> list[timeline.ReadableEvent]:
    return mark_corrections(list(timeline._readable(entries, (), _Directory())))


def test_an_appeal_and_the_reopening_read_in_words() -> None:
    S = ApplicationStatus
    entries = [
        _ledger("ApplicationSubmitted", 1, S.SUBMITTED),
        _ledger("ApplicationRejected", 2, S.REJECTED, reasonCode=2, stepIndex=0),
        _other(
            "AppealFiled",
            3,
            appealId=APPEAL,
            originalId=APP,
            reviewer=_code("ZD-XPSJ"),
            windowEnd=WHEN + 60 * 86400,
            groundsHash=b"\x01" * 32,
        ),
        _other("AppealAccepted", 4, appealId=APPEAL, originalId=APP, deadline=WHEN + 70 * 86400),
        _other("AppealExtended", 5, appealId=APPEAL, originalId=APP, deadline=WHEN + 100 * 86400, reasonCode=1),
        _other(
            "AppealDecided",
            6,
            appealId=APPEAL,
            originalId=APP,
            outcome=2,
            reasonCode=2,
            decisionHash=b"\x02" * 32,
            reopenedStep=1,
        ),
        _ledger(
            "ApplicationReopened", 6, S.IN_REVIEW, appealId="0x" + APPEAL.hex(), stepIndex=0, deadline=WHEN + 90 * 86400
        ),
    ]
    shown = _history(entries)
    assert [e.event for e in shown][2:] == [
        "AppealFiled",
        "AppealAccepted",
        "AppealExtended",
        "AppealDecided",
        "ApplicationReopened",
    ]
    filed = shown[2]
    assert filed.department is not None
    assert filed.department.zh == "张店区行政审批服务局"  # the reviewing body by name
    assert "北京时间" in filed.details["windowEnd"]
    # An appeal's events keep the status the original had; the reopening puts it back in review.
    assert filed.status_after == S.REJECTED
    extended = shown[4]
    assert extended.reason == describe(ReasonKind.APPEAL_EXTENSION, 1)
    decided = shown[5]
    assert decided.reason == describe(ReasonKind.APPEAL_OUTCOME, 2)
    assert decided.reason.text_zh.startswith("撤销")
    assert decided.details["outcome"].startswith("2 ")
    assert decided.details["reopenedStep"] == "第 1 步 / step 1"
    assert shown[6].status_after == S.IN_REVIEW
    assert shown[6].as_json()["details"]["appealId"] == "0x" + APPEAL.hex()


def test_a_corrected_decision_stays_and_is_marked_with_who_when_why_and_the_right_reason() -> None:
    S = ApplicationStatus
    entries = [
        _ledger("ApplicationSubmitted", 1, S.SUBMITTED),
        _ledger("ApplicationRejected", 2, S.REJECTED, reasonCode=3, stepIndex=0),
        _other(
            "DecisionCorrected",
            3,
            applicationId=APP,
            department=_code("ZD-XPSJ"),
            field=_code("reasonCode"),
            correctedValue=(2).to_bytes(32, "big"),
            reasonCode=1,
            sequence=0,
        ),
    ]
    shown = _history(entries)
    rejected, correction = shown[1], shown[2]
    # The original stays as recorded (its reason code 3), marked corrected.
    assert rejected.reason == describe(ReasonKind.REJECTION, 3)
    assert rejected.corrected
    note = rejected.corrections[0]
    assert note.number == 3
    assert note.field == "reasonCode"
    assert note.reason == describe(ReasonKind.CORRECTION, 1)
    assert note.actor == "0x" + "cd" * 20
    assert note.department is not None
    assert note.department.code == "ZD-XPSJ"
    assert note.time_beijing
    assert describe(ReasonKind.REJECTION, 2).text_zh in note.value_zh
    assert describe(ReasonKind.REJECTION, 2).text_en in note.value_en
    assert "已更正 / corrected" in note.shown
    assert rejected.as_json()["corrections"][0]["value"]["en"].startswith("2 ")
    assert correction.details["corrects"].startswith("2. ")
    assert not correction.corrected


def test_the_workflow_follows_a_reopening() -> None:
    rejected = WorkflowState(status=ApplicationStatus.REJECTED, step_count=3, current_step=1, flagged_step=2)
    reopened = evolve(rejected, Event("ApplicationReopened", {"stepIndex": 0, "deadline": 123, "appealId": APPEAL}))
    assert reopened.status == ApplicationStatus.IN_REVIEW
    assert reopened.current_step == 0
    assert reopened.deadline == 123
    assert reopened.flagged_step == 0
    assert reopened.completed_at == 0
