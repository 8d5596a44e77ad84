"""The ledger's history as the 办件 records reported upward (GB/T 39046-2020, 政务服务平台基础数据规范).

The standard's data sets this module fills, with their field names as the standard writes them:

- 表 6 事项受理基础数据集 (:data:`ACCEPTANCE_FIELDS`): one record per accepted application;
- 表 7 事项办理基础数据集 (:data:`PROCESS_FIELDS`): one record per 环节 (acceptance, each approval
  step, each 补正 and each 特别程序);
- 表 8 事项办结基础数据集 (:data:`RESULT_FIELDS`): one record per application that ended (办结, 不予受理,
  不予批准, 撤回).

Each data set ends with two columns the standard does not have, 办件状态 and 办件状态代码 (the
status the record leaves the application in, :class:`CaseStatus`): GB/T 39046-2020 defines no 办件状态
code list, the provincial 办件信息汇聚 interfaces do; these are the platform's own and may be renamed
or recoded per province without touching the rest.

Codes from the standard: 特别程序种类代码 (附录 A.7: 1 延长审批, 2 除延长审批之外的情况), 环节办理状态代码
(表 7: 1 待办, 2 已办), 办件类型代码 (A.6: 1 即办件, 2 承诺件, 9 其他), and 业务动作 as words (表 7:
通过, 退回, 其他). Times are 日期时间型 ``YYYYMMDDThhmmss`` in Beijing time; a 环节 without an end
time gives its start time as the end (表 7, 环节结束时间). The ledger keeps no personal data, so
受理人员/环节处理人/办理人 are the officers' account addresses, and names the chain does not know
(事项名称, 受理单位名称, ...) come from the caller's :class:`Directory` or stay the local codes.

Pure: no web3, no I/O. Input is one application's ledger events in chain order, each with the block
time (:class:`TimedEvent`: an indexer row or a decoded log with its block's timestamp).

Usage::

    records = case_records(case, events, directory)
    for row in records.process:
        print(row["环节名称"], row["业务动作"], row["环节结束时间"])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from typing import Any, Protocol

from zhangdian_sdk.core import messages
from zhangdian_sdk.core.models import RatingScore
from zhangdian_sdk.core.workdays import BEIJING

__all__ = [
    "ACCEPTANCE_FIELDS",
    "BEIJING",
    "EVALUATION_FIELDS",
    "PROCESS_FIELDS",
    "RESULT_FIELDS",
    "BusinessAction",
    "Case",
    "CaseRecords",
    "CaseStatus",
    "Directory",
    "ProcedureKind",
    "StepState",
    "TimedEvent",
    "beijing_day_bounds",
    "case_records",
    "evaluation_record",
    "format_time",
    "national_procedure_code",
]


ACCEPTANCE_FIELDS: tuple[str, ...] = (
    "办件编号",
    "基本编码",
    "实施编码",
    "事项名称",
    "受理单位名称",
    "受理单位统一社会信用代码",
    "受理人员",
    "受理时间",
    "受理文书编号",
    "承诺办结时间",
    "办件类型",
    "办件类型代码",
    "行政区划",
    "办件状态",
    "办件状态代码",
)
"""表 6 事项受理基础数据集, then the platform's 办件状态 columns."""

PROCESS_FIELDS: tuple[str, ...] = (
    "办件编号",
    "业务动作",
    "环节名称",
    "环节处理人",
    "环节处理意见",
    "环节开始时间",
    "环节结束时间",
    "处理单位名称",
    "处理单位统一社会信用代码",
    "环节办理状态代码",
    "特别程序种类名称",
    "特别程序种类代码",
    "特别程序开始时间",
    "特别程序启动理由或依据",
    "申请人",
    "特别程序结束时间",
    "特别程序结果",
    "特别程序办理意见",
    "办理单位名称",
    "办理单位统一社会信用代码",
    "办理人",
    "办件状态",
    "办件状态代码",
)
"""表 7 事项办理基础数据集, then the platform's 办件状态 columns."""

RESULT_FIELDS: tuple[str, ...] = (
    "办件编号",
    "办理人姓名",
    "办结时间",
    "结果证照名称",
    "结果证照编号",
    "办件结果描述",
    "证照有效期限",
    "发证/盖章单位",
    "行政区划",
    "是否快递寄送结果",
    "是否收费",
    "办件状态",
    "办件状态代码",
)
"""表 8 事项办结基础数据集, then the platform's 办件状态 columns."""

EVALUATION_FIELDS: tuple[str, ...] = (
    "办件编号",
    "评价渠道",
    "评价人",
    "评价时间",
    "评价次数",
    "满意度",
    "满意度代码",
    "文字评价",
    "行政区划",
)
"""表 9 政务服务绩效评价基础数据集 (好差评). 评价人 and 评价渠道 stay empty: a rating on chain names no
person, and whoever relays it (portal, office terminal) is not what the citizen used to give it."""


class _Labelled(IntEnum):
    """Members with Chinese and English labels from the message catalogue (``labels.<kind>``)."""

    @classmethod
    def _kind(cls) -> str:
        raise NotImplementedError

    @property
    def label_zh(self) -> str:
        return messages.label(self._kind(), self.name, "zh")

    @property
    def label_en(self) -> str:
        return messages.label(self._kind(), self.name, "en")


class ProcedureKind(_Labelled):
    """The kind of a special procedure (特别程序) as the ledger records it (``startSpecialProcedure``'s
    ``kind``). The kinds are those of 行政许可法 Art. 42 (延长) and 45 (听证, 招标, 拍卖, 检验, 检测,
    检疫, 鉴定, 专家评审), with 现场勘验 (Art. 34) and 公示; the national code is coarser
    (:func:`national_procedure_code`)."""

    EXTENSION = 1  # 延长审批
    EXPERT_REVIEW = 2  # 专家评审
    HEARING = 3  # 听证
    SITE_INSPECTION = 4  # 现场勘验
    TESTING = 5  # 检验、检测、检疫、鉴定
    TENDER_AUCTION = 6  # 招标、拍卖
    PUBLIC_NOTICE = 7  # 公示
    OTHER = 9  # 其他

    @classmethod
    def _kind(cls) -> str:
        return "procedure_kind"


def national_procedure_code(kind: int) -> int:
    """特别程序种类代码 of GB/T 39046-2020 附录 A.7: 1 延长审批, 2 除延长审批之外的情况."""
    return 1 if kind == ProcedureKind.EXTENSION else 2


class BusinessAction(_Labelled):
    """业务动作 of 表 7 (the standard writes the words: 通过, 退回, 其他)."""

    PASS = 1  # 通过
    RETURN = 2  # 退回
    OTHER = 9  # 其他

    @classmethod
    def _kind(cls) -> str:
        return "business_action"


class StepState(IntEnum):
    """环节办理状态代码 of 表 7."""

    PENDING = 1  # 待办
    DONE = 2  # 已办


class CaseStatus(_Labelled):
    """办件状态: where a record leaves the application. The platform's own codes (GB/T 39046-2020 has no
    such list; provinces map them onto their 办件信息汇聚 interface)."""

    RECEIVED = 1  # 已接件
    ACCEPTED = 2  # 已受理
    NOT_ACCEPTED = 3  # 不予受理
    IN_PROGRESS = 4  # 办理中
    SUPPLEMENT_STARTED = 5  # 补正开始
    SUPPLEMENT_ENDED = 6  # 补正结束
    PROCEDURE_STARTED = 7  # 特别程序开始
    PROCEDURE_ENDED = 8  # 特别程序结束
    COMPLETED_APPROVED = 9  # 办结(通过)
    COMPLETED_REFUSED = 10  # 办结(不通过)
    WITHDRAWN = 11  # 撤回
    REVOKED = 12  # 撤销 (of the result, by the certificate registry; not a ledger event)

    @classmethod
    def _kind(cls) -> str:
        return "case_status"


class TimedEvent(Protocol):
    """A ledger event with the time of its block (unix seconds)."""

    @property
    def name(self) -> str: ...

    @property
    def args(self) -> Mapping[str, Any]: ...

    @property
    def timestamp(self) -> int: ...


@dataclass(frozen=True)
class Case:
    """What the records need to know of an application besides its events."""

    number: str  # 办件编号
    service: str  # local service code
    department: str  # receiving department's local code


@dataclass(frozen=True)
class Directory:
    """Names and national codes the chain does not hold, by local code; missing entries fall back to
    the local code (names) or stay empty (codes). ``step_name(service, index, department)`` names a
    step; by default "第 N 步 (<department name>)"."""

    department_names: Mapping[str, str] = field(default_factory=dict)
    department_credit_codes: Mapping[str, str] = field(default_factory=dict)
    service_names: Mapping[str, str] = field(default_factory=dict)
    basic_codes: Mapping[str, str] = field(default_factory=dict)  # 基本编码 by service
    implementation_codes: Mapping[str, str] = field(default_factory=dict)  # 实施编码 by service
    case_types: Mapping[str, int] = field(default_factory=dict)  # 办件类型代码 by service (A.6)
    region: str = ""  # 行政区划 of the office (e.g. 370303)
    step_name: Callable[[str, int, str], str] | None = None

    def department(self, code: str) -> str:
        return self.department_names.get(code, code)

    def service(self, code: str) -> str:
        return self.service_names.get(code, code)

    def credit_code(self, code: str) -> str:
        return self.department_credit_codes.get(code, "")

    def step(self, service: str, index: int, department: str) -> str:
        if self.step_name is not None:
            return self.step_name(service, index, department)
        return f"第 {index + 1} 步 ({self.department(department)})"


_CASE_TYPES = {1: "即办件", 2: "承诺件", 9: "其他"}


@dataclass
class CaseRecords:
    """The records of one application (each a dict keyed by the standard's field names), with the time
    each is filed under (unix seconds: 受理时间, 环节结束时间 or its start, 办结时间)."""

    acceptance: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    process: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    result: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def format_time(timestamp: int) -> str:
    """日期时间型 of GB/T 39046: ``YYYYMMDDThhmmss`` in Beijing time ("" for 0)."""
    if not timestamp:
        return ""
    return datetime.fromtimestamp(timestamp, UTC).astimezone(BEIJING).strftime("%Y%m%dT%H%M%S")


def evaluation_record(number: str, score: int, timestamp: int, directory: Directory | None = None) -> dict[str, str]:
    """One 表 9 record: the rating ``score`` (满意度代码 of table A.8, 1 非常满意 ... 5 非常不满意) of ``number``."""
    d = directory or Directory()
    row = _blank(EVALUATION_FIELDS)
    row.update(
        {
            "办件编号": number,
            "评价时间": format_time(timestamp),
            "评价次数": "1",  # the chain takes one rating per application
            "满意度": RatingScore(score).label_zh,
            "满意度代码": str(score),
            "行政区划": d.region,
        }
    )
    return row


def beijing_day_bounds(first: date, last: date) -> tuple[int, int]:
    """Unix seconds from the start of ``first`` to the end of ``last`` (inclusive), Beijing days."""
    start = datetime(first.year, first.month, first.day, tzinfo=BEIJING)
    end = datetime(last.year, last.month, last.day, tzinfo=BEIJING) + timedelta(days=1)
    return int(start.timestamp()), int(end.timestamp()) - 1


def _status(status: CaseStatus) -> dict[str, str]:
    return {"办件状态": status.label_zh, "办件状态代码": str(int(status))}


def _blank(fields: Sequence[str]) -> dict[str, str]:
    return dict.fromkeys(fields, "")


def case_records(case: Case, events: Iterable[TimedEvent], directory: Directory | None = None) -> CaseRecords:
    """The acceptance, process and result records of one application from its ledger events (in chain
    order). Events of other kinds (overdue flags, follow-ons, deferrals) add no record."""
    d = directory or Directory()
    out = CaseRecords()
    submitted_at = 0
    step_opened_at = 0  # when the open 环节 started
    supplement: dict[str, str] | None = None
    supplement_at = 0
    procedure: dict[str, str] | None = None
    procedure_at = 0
    accepted = False

    def process_row(action: BusinessAction, name: str, actor: str, department: str, **values: str) -> dict[str, str]:
        row = _blank(PROCESS_FIELDS)
        row.update(
            {
                "办件编号": case.number,
                "业务动作": action.label_zh,
                "环节名称": name,
                "环节处理人": actor,
                "处理单位名称": d.department(department),
                "处理单位统一社会信用代码": d.credit_code(department),
                "环节办理状态代码": str(int(StepState.DONE)),
            }
        )
        row.update(values)
        return row

    def result_row(status: CaseStatus, at: int, actor: str, description: str) -> None:
        row = _blank(RESULT_FIELDS)
        row.update(
            {
                "办件编号": case.number,
                "办理人姓名": actor,
                "办结时间": format_time(at),
                "办件结果描述": description,
                "发证/盖章单位": d.department(case.department),
                "行政区划": d.region,
                "是否快递寄送结果": "0",
                "是否收费": "0",
                **_status(status),
            }
        )
        out.result.append((at, row))

    for event in events:
        name, args, at = event.name, event.args, int(event.timestamp)
        actor = str(args.get("actor") or "")
        if name == "ApplicationSubmitted":
            submitted_at = step_opened_at = at
        elif name == "ApplicationAccepted":
            accepted = True
            department = str(args.get("department") or case.department)
            row = _blank(ACCEPTANCE_FIELDS)
            case_type = d.case_types.get(case.service, 2)
            row.update(
                {
                    "办件编号": case.number,
                    "基本编码": d.basic_codes.get(case.service, ""),
                    "实施编码": d.implementation_codes.get(case.service, ""),
                    "事项名称": d.service(case.service),
                    "受理单位名称": d.department(department),
                    "受理单位统一社会信用代码": d.credit_code(department),
                    "受理人员": actor,
                    "受理时间": format_time(at),
                    "承诺办结时间": format_time(int(args.get("deadline") or 0)),
                    "办件类型": _CASE_TYPES.get(case_type, "其他"),
                    "办件类型代码": str(case_type),
                    "行政区划": d.region,
                    **_status(CaseStatus.ACCEPTED),
                }
            )
            out.acceptance.append((at, row))
            times = {"环节开始时间": format_time(submitted_at), "环节结束时间": format_time(at)}
            process = process_row(BusinessAction.PASS, "受理", actor, department, **times)
            out.process.append((at, {**process, **_status(CaseStatus.ACCEPTED)}))
            step_opened_at = at
        elif name in {"StepApproved", "StepDeemedApproved"}:
            index = int(args["stepIndex"])
            department = str(args.get("department") or "")
            opinion = str(args.get("opinionHash") or "")
            if name == "StepDeemedApproved":
                opinion = "逾期视为通过 (告知承诺制)"
            elif opinion == "0x" + "00" * 32:
                opinion = ""
            times = {"环节开始时间": format_time(step_opened_at), "环节结束时间": format_time(at)}
            row = process_row(
                BusinessAction.PASS,
                d.step(case.service, index, department),
                actor,
                department,
                环节处理意见=opinion,
                **times,
            )
            out.process.append((at, {**row, **_status(CaseStatus.IN_PROGRESS)}))
            step_opened_at = at
        elif name == "SupplementRequested":
            department = str(args.get("department") or "")
            index = int(args.get("stepIndex") or 0)
            step = d.step(case.service, index, department) if accepted else "受理"
            opinion = f"补正: {messages.text('sdk.reason_code', 'zh', code=int(args['reasonCode']))}"
            supplement = process_row(BusinessAction.RETURN, step, actor, department, 环节处理意见=opinion)
            supplement_at = at
        elif name == "ApplicationResubmitted" and supplement is not None:
            times = {"环节开始时间": format_time(supplement_at), "环节结束时间": format_time(at)}
            out.process.append((at, {**supplement, **times, **_status(CaseStatus.SUPPLEMENT_ENDED)}))
            supplement = None
        elif name == "SpecialProcedureStarted":
            department = str(args.get("department") or "")
            index = int(args["stepIndex"])
            kind = int(args["kind"])
            kind_name = ProcedureKind(kind).label_zh if kind in ProcedureKind._value2member_map_ else f"{kind}"
            procedure = process_row(
                BusinessAction.OTHER,
                d.step(case.service, index, department),
                actor,
                department,
                特别程序种类名称=kind_name,
                特别程序种类代码=str(national_procedure_code(kind)),
                特别程序开始时间=format_time(at),
                特别程序启动理由或依据=messages.text("sdk.reason_code", "zh", code=int(args["reasonCode"])),
                办理单位名称=d.department(department),
                办理单位统一社会信用代码=d.credit_code(department),
                办理人=actor,
            )
            procedure_at = at
        elif name == "SpecialProcedureEnded" and procedure is not None:
            result = f"结果代码 {int(args['resultCode'])}"
            times = {"环节开始时间": format_time(procedure_at), "环节结束时间": format_time(at)}
            ended = {**procedure, **times, "特别程序结束时间": format_time(at), "特别程序结果": result}
            out.process.append((at, {**ended, **_status(CaseStatus.PROCEDURE_ENDED)}))
            procedure = None
        elif name == "ApplicationCompleted":
            result_row(CaseStatus.COMPLETED_APPROVED, at, actor, "准予许可")
        elif name == "ApplicationRejected":
            department = str(args.get("department") or "")
            reason = messages.text("sdk.reason_code", "zh", code=int(args["reasonCode"]))
            status = CaseStatus.COMPLETED_REFUSED if accepted else CaseStatus.NOT_ACCEPTED
            step = d.step(case.service, int(args["stepIndex"]), department) if accepted else "受理"
            times = {"环节开始时间": format_time(step_opened_at), "环节结束时间": format_time(at)}
            row = process_row(
                BusinessAction.OTHER, step, actor, department, 环节处理意见=f"{status.label_zh}: {reason}"
            )
            out.process.append((at, {**row, **times, **_status(status)}))
            result_row(status, at, actor, f"{status.label_zh}: {reason}")
        elif name == "ApplicationWithdrawn":
            reason = messages.text("sdk.reason_code", "zh", code=int(args["reasonCode"]))
            result_row(CaseStatus.WITHDRAWN, at, actor, f"撤回: {reason}")
    # What is still running is reported with its start as its end (表 7, 环节结束时间), as 待办.
    pending = {"环节办理状态代码": str(int(StepState.PENDING))}
    if supplement is not None:
        start = {"环节开始时间": format_time(supplement_at), "环节结束时间": format_time(supplement_at)}
        out.process.append(
            (supplement_at, {**supplement, **start, **pending, **_status(CaseStatus.SUPPLEMENT_STARTED)})
        )
    if procedure is not None:
        start = {"环节开始时间": format_time(procedure_at), "环节结束时间": format_time(procedure_at)}
        out.process.append((procedure_at, {**procedure, **start, **pending, **_status(CaseStatus.PROCEDURE_STARTED)}))
    if not accepted and submitted_at and not out.result:
        row = process_row(BusinessAction.OTHER, "接件", "", case.department)
        times = {"环节开始时间": format_time(submitted_at), "环节结束时间": format_time(submitted_at)}
        out.process.append((submitted_at, {**row, **times, **pending, **_status(CaseStatus.RECEIVED)}))
    return out
