"""The mapping of ledger events onto GB/T 39046 办件 records (pure: no chain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from zhangdian_sdk.core import messages
from zhangdian_sdk.core.codes import application_number, follow_on_number, number_hash
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.gbt39046 import (
    ACCEPTANCE_FIELDS,
    PROCESS_FIELDS,
    RESULT_FIELDS,
    BusinessAction,
    Case,
    CaseStatus,
    Directory,
    ProcedureKind,
    beijing_day_bounds,
    case_records,
    format_time,
    national_procedure_code,
)

# 2026-03-02 09:00:00 in Beijing is 01:00:00 UTC.
T0 = 1_772_413_200
HOUR = 3_600
ZERO = "0x" + "00" * 32
CASE = Case("ZD-2026-110002", "ZD-SPJY-XK", "ZD-XPSJ")


@dataclass(frozen=True)
class Ev:
    name: str
    timestamp: int
    args: dict[str, Any] = field(default_factory=dict)


def _history() -> list[Ev]:
    """Submitted, accepted, a supplement, step 0 approved, a special procedure on step 1, steps 1-2, done."""
    return [
        Ev("ApplicationSubmitted", T0, {"actor": "0xC1", "department": "ZD-XPSJ", "number": CASE.number}),
        Ev("ApplicationAccepted", T0 + HOUR, {"actor": "0xC1", "department": "ZD-XPSJ", "deadline": T0 + 241 * HOUR}),
        Ev(
            "SupplementRequested",
            T0 + 2 * HOUR,
            {"actor": "0xA1", "department": "ZD-XPSJ", "stepIndex": 0, "reasonCode": 12},
        ),
        Ev("ApplicationResubmitted", T0 + 26 * HOUR, {"actor": "0xC1", "department": "ZD-XPSJ", "stepIndex": 0}),
        Ev(
            "StepApproved",
            T0 + 27 * HOUR,
            {"actor": "0xA1", "department": "ZD-XPSJ", "stepIndex": 0, "opinionHash": ZERO},
        ),
        Ev(
            "SpecialProcedureStarted",
            T0 + 28 * HOUR,
            {"actor": "0xB1", "department": "ZD-SCJGJ", "stepIndex": 1, "kind": 3, "reasonCode": 7},
        ),
        Ev(
            "SpecialProcedureEnded",
            T0 + 100 * HOUR,
            {"actor": "0xB1", "department": "ZD-SCJGJ", "stepIndex": 1, "resultCode": 2},
        ),
        Ev(
            "StepApproved",
            T0 + 101 * HOUR,
            {"actor": "0xB1", "department": "ZD-SCJGJ", "stepIndex": 1, "opinionHash": "0x" + "ab" * 32},
        ),
        Ev(
            "StepApproved",
            T0 + 102 * HOUR,
            {"actor": "0xA1", "department": "ZD-XPSJ", "stepIndex": 2, "opinionHash": ZERO},
        ),
        Ev("ApplicationApproved", T0 + 102 * HOUR, {"actor": "0xA1"}),
        Ev("ApplicationCompleted", T0 + 102 * HOUR, {"completedAt": T0 + 102 * HOUR}),
    ]


def test_times_are_beijing_time_in_the_standards_format() -> None:
    assert format_time(T0) == "20260302T090000"
    assert format_time(T0 + 15 * HOUR) == "20260303T000000"  # midnight in Beijing is 16:00 UTC
    assert format_time(0) == ""
    low, high = beijing_day_bounds(date(2026, 3, 2), date(2026, 3, 2))
    assert (format_time(low), format_time(high)) == ("20260302T000000", "20260302T235959")


def test_a_completed_history_gives_one_acceptance_the_steps_and_one_result() -> None:
    directory = Directory(
        department_names={"ZD-XPSJ": "张店区行政审批服务局"},
        department_credit_codes={"ZD-XPSJ": "11370303MB2850397B"},
        service_names={"ZD-SPJY-XK": "食品经营许可"},
        region="370303",
    )
    records = case_records(CASE, _history(), directory)
    ((accepted_at, acceptance),) = records.acceptance
    assert list(acceptance) == list(ACCEPTANCE_FIELDS)
    assert accepted_at == T0 + HOUR
    assert acceptance["办件编号"] == "ZD-2026-110002"
    assert acceptance["受理时间"] == "20260302T100000"
    assert acceptance["承诺办结时间"] == format_time(T0 + 241 * HOUR)
    assert (acceptance["事项名称"], acceptance["受理单位名称"]) == ("食品经营许可", "张店区行政审批服务局")
    assert (acceptance["受理单位统一社会信用代码"], acceptance["行政区划"]) == ("11370303MB2850397B", "370303")
    assert (acceptance["办件类型"], acceptance["办件类型代码"]) == ("承诺件", "2")

    process = [row for _at, row in records.process]
    assert all(list(row) == list(PROCESS_FIELDS) for row in process)
    assert [(row["环节名称"], row["业务动作"], row["办件状态"]) for row in process] == [
        ("受理", "通过", "已受理"),
        ("第 1 步 (张店区行政审批服务局)", "退回", "补正结束"),
        ("第 1 步 (张店区行政审批服务局)", "通过", "办理中"),
        ("第 2 步 (ZD-SCJGJ)", "其他", "特别程序结束"),
        ("第 2 步 (ZD-SCJGJ)", "通过", "办理中"),
        ("第 3 步 (张店区行政审批服务局)", "通过", "办理中"),
    ]
    receive, supplement, first, procedure, second, _third = process
    assert (receive["环节开始时间"], receive["环节结束时间"]) == ("20260302T090000", "20260302T100000")
    assert (supplement["环节开始时间"], supplement["环节结束时间"]) == ("20260302T110000", "20260303T110000")
    assert supplement["环节处理意见"] == "补正: 原因代码 12"
    # A step starts when the one before it ended (here, the acceptance).
    assert (first["环节开始时间"], first["环节结束时间"]) == ("20260302T100000", "20260303T120000")
    assert first["环节处理意见"] == ""  # a zero opinion hash is no opinion
    assert second["环节处理意见"] == "0x" + "ab" * 32
    assert procedure["特别程序种类名称"] == "听证"
    assert procedure["特别程序种类代码"] == "2"  # 除延长审批之外的情况 (附录 A.7)
    assert (procedure["特别程序开始时间"], procedure["特别程序结束时间"]) == ("20260303T130000", "20260306T130000")
    assert procedure["特别程序启动理由或依据"] == "原因代码 7"
    assert procedure["特别程序结果"] == "结果代码 2"
    assert all(row["环节办理状态代码"] == "2" for row in process)

    ((completed_at, result),) = records.result
    assert list(result) == list(RESULT_FIELDS)
    assert completed_at == T0 + 102 * HOUR
    assert (result["办结时间"], result["办件状态"], result["办件状态代码"]) == ("20260306T150000", "办结(通过)", "9")


def test_open_work_is_reported_as_pending_with_its_start_as_its_end() -> None:
    """A 环节 without an end gives its start time as its end (表 7) and 环节办理状态代码 1 (待办)."""
    waiting = case_records(CASE, _history()[:3])
    (*_done, supplement) = [row for _at, row in waiting.process]
    assert (supplement["环节开始时间"], supplement["环节结束时间"]) == ("20260302T110000", "20260302T110000")
    assert (supplement["环节办理状态代码"], supplement["办件状态"]) == ("1", "补正开始")
    running = case_records(CASE, _history()[:6])
    procedure = [row for _at, row in running.process][-1]
    assert (procedure["办件状态"], procedure["特别程序结束时间"], procedure["环节办理状态代码"]) == (
        "特别程序开始",
        "",
        "1",
    )
    received = case_records(CASE, _history()[:1])
    assert not received.acceptance
    assert not received.result
    assert [row["办件状态"] for _at, row in received.process] == ["已接件"]


def test_rejection_before_and_after_acceptance_and_withdrawal() -> None:
    submitted = _history()[0]
    refused = Ev(
        "ApplicationRejected", T0 + HOUR, {"actor": "0xC1", "department": "ZD-XPSJ", "stepIndex": 0, "reasonCode": 5}
    )
    not_accepted = case_records(CASE, [submitted, refused])
    assert not not_accepted.acceptance
    assert [row["办件状态"] for _at, row in not_accepted.result] == ["不予受理"]
    assert [(row["环节名称"], row["业务动作"]) for _at, row in not_accepted.process] == [("受理", "其他")]
    late = Ev("ApplicationRejected", T0 + 30 * HOUR, {**refused.args, "stepIndex": 1, "department": "ZD-SCJGJ"})
    refused_later = case_records(CASE, [*_history()[:5], late])
    ((_at, result),) = refused_later.result
    assert (result["办件状态"], result["办件状态代码"]) == ("办结(不通过)", "10")
    assert result["办件结果描述"] == "办结(不通过): 原因代码 5"
    withdrawn = Ev("ApplicationWithdrawn", T0 + 3 * HOUR, {"actor": "0xC1", "department": "ZD-XPSJ", "reasonCode": 1})
    ((_at, result),) = case_records(CASE, [*_history()[:2], withdrawn]).result
    assert result["办件状态"] == "撤回"


def test_code_lists_have_both_languages_and_the_national_procedure_codes() -> None:
    for kind in (ProcedureKind, BusinessAction, CaseStatus):
        for member in kind:
            assert member.label_zh != member.name, member
            assert member.label_en != member.name, member
    assert national_procedure_code(ProcedureKind.EXTENSION) == 1
    assert {national_procedure_code(kind) for kind in ProcedureKind if kind != ProcedureKind.EXTENSION} == {2}
    assert [action.label_zh for action in BusinessAction] == ["通过", "退回", "其他"]
    assert messages.label("status", "SPECIAL_PROCEDURE") == "特别程序"


@pytest.mark.parametrize("bad", ["", "N" * 51, "ZD_2026", "ZD/2026", "办件-1", "ZD.1"])
def test_an_application_number_is_1_to_50_letters_digits_and_dashes(bad: str) -> None:
    with pytest.raises(InvalidInputError, match="1-50"):
        number_hash(bad)
    # Forgiving, as people type numbers: spaces dropped, upper case, full-width characters made ASCII.
    assert application_number("  Az09-" + "x" * 43 + " ") == "AZ09-" + "X" * 43
    assert application_number("zd 2026－１１０００２") == "ZD2026-110002"


def test_a_follow_on_number_derives_from_its_parent_within_50_characters() -> None:
    child = bytes.fromhex("ab12cd34" + "00" * 28)
    assert follow_on_number("ZD-2026-110002", 1, child) == "ZD-2026-110002-01"
    assert follow_on_number("ZD-2026-110002", 12, child) == "ZD-2026-110002-12"
    long_parent = "N" * 48
    derived = follow_on_number(long_parent, 1, child)
    assert derived == "N" * 41 + "-AB12CD34"
    assert len(derived) == 50
    application_number(derived)  # a valid number itself
