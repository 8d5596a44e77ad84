"""`zhangdian report export` end to end: a workload on anvil, the index, the GB/T 39046 records."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner
from web3 import Web3

from tests.conftest import SOLE_PROPRIETOR
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.gbt39046 import (
    ACCEPTANCE_FIELDS,
    BEIJING,
    EVALUATION_FIELDS,
    PROCESS_FIELDS,
    RESULT_FIELDS,
    ProcedureKind,
    format_time,
)
from zhangdian_sdk.core.models import RatingScore, TransactionResult
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.services.indexer import Indexer, IndexReader


def _time(w3: Web3, result: TransactionResult) -> str:
    return format_time(int(w3.eth.get_block(result.block_number)["timestamp"]))


def _day(w3: Web3, block: int) -> date:
    return datetime.fromtimestamp(int(w3.eth.get_block(block)["timestamp"]), UTC).astimezone(BEIJING).date()


def test_the_export_holds_each_records_rows_and_times(
    w3: Web3, deployment, client_for: Callable[[str], ZhangdianClient], new_number, tmp_path: Path
) -> None:
    clerk, approver, inspector = (client_for(r).ledger for r in ("clerk", "approver", "inspector"))
    done, refused, not_accepted = new_number(), new_number(), new_number()
    first_block = w3.eth.block_number + 1
    submitted = clerk.submit(done, service="ZD-SPJY-XK", applicant_commitment=b"\x11" * 32)
    accepted = clerk.accept(done)
    asked = approver.request_supplement(done, reason_code=12)
    resubmitted = clerk.resubmit(done)
    started = approver.start_special_procedure(done, kind=ProcedureKind.EXPERT_REVIEW, reason_code=7)
    ended = approver.end_special_procedure(done, result_code=2)
    approved = [approver.approve(done, step=0), inspector.approve(done, step=1), approver.approve(done, step=2)]
    clerk.submit(refused, service="ZD-SPJY-XK", applicant_commitment=b"\x22" * 32)
    clerk.accept(refused)
    approver.approve(refused, step=0)
    rejected = inspector.reject(refused, reason_code=4)
    clerk.submit(not_accepted, service="ZD-SPJY-XK", applicant_commitment=b"\x33" * 32)
    turned_away = clerk.reject(not_accepted, reason_code=5)
    url = f"sqlite:///{tmp_path}/index.db"
    Indexer(w3, deployment, url).sync()

    out = tmp_path / "out"
    span = ["--from", f"{_day(w3, first_block)}", "--to", f"{_day(w3, w3.eth.block_number)}"]
    # No node to read names from (a closed port): the records still go out, with the local codes.
    offline = ["--rpc-url", "http://127.0.0.1:9", "--region", "370303"]
    result = CliRunner().invoke(cli, ["report", "export", *span, "--out", str(out), "--database", url, *offline])
    assert result.exit_code == 0, result.output
    assert "the records carry the local codes instead" in " ".join(result.output.split())
    files = {path.name.split("-")[0]: path for path in out.iterdir()}
    assert set(files) == {"acceptance", "process", "result", "evaluation", "ratings"}
    with files["acceptance"].open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == ACCEPTANCE_FIELDS
        acceptance = {row["办件编号"]: row for row in reader}
    with files["process"].open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == PROCESS_FIELDS
        process: dict[str, list[dict[str, str]]] = {}
        for row in reader:
            process.setdefault(row["办件编号"], []).append(row)
    with files["result"].open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == RESULT_FIELDS
        results = {row["办件编号"]: row for row in reader}

    assert acceptance[done]["受理时间"] == _time(w3, accepted)
    assert acceptance[done]["行政区划"] == "370303"
    assert not_accepted not in acceptance
    steps = process[done]
    assert [(row["环节名称"], row["业务动作"], row["办件状态"]) for row in steps] == [
        ("受理", "通过", "已受理"),
        ("第 1 步 (ZD-XPSJ)", "退回", "补正结束"),
        ("第 1 步 (ZD-XPSJ)", "其他", "特别程序结束"),
        ("第 1 步 (ZD-XPSJ)", "通过", "办理中"),
        ("第 2 步 (ZD-SCJGJ)", "通过", "办理中"),
        ("第 3 步 (ZD-XPSJ)", "通过", "办理中"),
    ]
    receive, supplement, procedure, *approvals = steps
    assert (receive["环节开始时间"], receive["环节结束时间"]) == (_time(w3, submitted), _time(w3, accepted))
    assert (supplement["环节开始时间"], supplement["环节结束时间"]) == (_time(w3, asked), _time(w3, resubmitted))
    assert (procedure["特别程序开始时间"], procedure["特别程序结束时间"]) == (_time(w3, started), _time(w3, ended))
    assert (procedure["特别程序种类名称"], procedure["特别程序种类代码"]) == ("专家评审", "2")
    assert [row["环节结束时间"] for row in approvals] == [_time(w3, r) for r in approved]
    assert (results[done]["办件状态"], results[done]["办结时间"]) == ("办结(通过)", _time(w3, approved[-1]))
    assert (results[refused]["办件状态"], results[refused]["办结时间"]) == ("办结(不通过)", _time(w3, rejected))
    assert (results[not_accepted]["办件状态"], results[not_accepted]["办结时间"]) == (
        "不予受理",
        _time(w3, turned_away),
    )

    # JSON has the same keys; a range before the workload has none of its records.
    result = CliRunner().invoke(
        cli, ["report", "export", *span, "--format", "json", "--out", str(tmp_path / "j"), "--database", url, *offline]
    )
    assert result.exit_code == 0, result.output
    (acceptance_json,) = (tmp_path / "j").glob("acceptance-*.json")
    rows = json.loads(acceptance_json.read_text(encoding="utf-8"))
    assert all(tuple(row) == ACCEPTANCE_FIELDS for row in rows)
    assert done in {row["办件编号"] for row in rows}
    early = ["--from", "2020-01-01", "--to", "2020-01-31"]
    result = CliRunner().invoke(
        cli, ["report", "export", *early, "--format", "json", "--out", str(tmp_path / "e"), "--database", url, *offline]
    )
    assert result.exit_code == 0, result.output
    assert all(json.loads(path.read_text(encoding="utf-8")) == [] for path in (tmp_path / "e").iterdir())


def test_names_national_codes_and_ratings_come_from_the_chain(
    w3: Web3, manifest_path: Path, client_for: Callable[[str], ZhangdianClient], new_number, tmp_path: Path
) -> None:
    """With the node at hand, the records name departments and services and carry their credit and
    national codes; the 好差评 of the range are 表 9 records and a summary per department and service."""
    clerk, approver, relayer = client_for("clerk"), client_for("approver"), client_for("outsider")
    salt, identity = new_salt(), "370303199001011239"
    number = new_number()
    first_block = w3.eth.block_number + 1
    clerk.ledger.submit(
        number,
        service="ZD-GTGSH-SL",
        applicant_commitment=applicant_commitment(identity, salt, department="ZD-XPSJ"),
    )
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    rated = relayer.ratings.rate(number, RatingScore.DISSATISFIED, identity=identity, salt=salt)
    url = f"sqlite:///{tmp_path}/index.db"
    Indexer(w3, Deployment.load(path=manifest_path), url).sync()
    span = ["--from", f"{_day(w3, first_block)}", "--to", f"{_day(w3, w3.eth.block_number)}"]
    chain = ["--rpc-url", w3.provider.endpoint_uri, "--deployment", str(manifest_path)]  # type: ignore[attr-defined]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", "export", *span, "--out", str(out), "--database", url, *chain])
    assert result.exit_code == 0, result.output
    assert "could not be read from the chain" not in " ".join(result.output.split())

    def rows(name: str) -> list[dict[str, str]]:
        (path,) = out.glob(f"{name}-*.csv")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    (accepted,) = [row for row in rows("acceptance") if row["办件编号"] == number]
    assert (accepted["事项名称"], accepted["受理单位名称"]) == ("个体工商户设立登记", "张店区行政审批服务局")
    assert accepted["受理单位统一社会信用代码"] == "113703030042351144"
    assert accepted["行政区划"] == "370303"  # the departments' region, read from the chain
    steps = [row["环节名称"] for row in rows("process") if row["办件编号"] == number]
    assert steps == ["受理", "第 1 步 (张店区行政审批服务局)"]
    (evaluation,) = [row for row in rows("evaluation") if row["办件编号"] == number]
    assert tuple(evaluation) == EVALUATION_FIELDS
    assert (evaluation["满意度"], evaluation["满意度代码"], evaluation["评价次数"]) == ("不满意", "4", "1")
    assert evaluation["评价时间"] == _time(w3, rated)
    assert evaluation["评价人"] == ""  # a rating names no one
    summary = {(row["统计维度"], row["代码"]): row for row in rows("ratings")}
    department, service = summary[("部门", "ZD-XPSJ")], summary[("事项", "ZD-GTGSH-SL")]
    assert (department["名称"], service["名称"]) == ("张店区行政审批服务局", "个体工商户设立登记")
    assert int(department["不满意"]) >= 1
    assert int(department["差评数"]) >= 1
    assert int(department["评价数"]) == sum(int(department[s.label_zh]) for s in RatingScore)


def test_the_index_numbers_follow_ons_from_their_parents(
    w3: Web3, deployment, officers, client_for: Callable[[str], ZhangdianClient], new_number, tmp_path: Path
) -> None:
    """The ledger opens a follow-on without a number; the index gives it "<parent>-01" (issue 14)."""
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    code = f"ZD-FO-{new_number()[-6:]}"
    admin.catalog.publish(code, replace(SOLE_PROPRIETOR, follow_on_services=("ZD-GTGSH-SL",)))
    clerk, approver = client_for("clerk").ledger, client_for("approver").ledger
    number = new_number()
    clerk.submit(number, service=code, applicant_commitment=b"\x44" * 32)
    clerk.accept(number)
    approver.approve(number, step=0)  # completes and opens the follow-on
    (child,) = clerk.links(number).children
    url = f"sqlite:///{tmp_path}/index.db"
    Indexer(w3, deployment, url).sync()
    reader = IndexReader(url)
    parent_id = "0x" + clerk.resolve(number).hex()
    parent, opened = reader.application(parent_id), reader.application("0x" + child.hex())
    assert parent is not None
    assert opened is not None
    assert (parent["number"], parent["parent_id"], parent["follow_on_count"]) == (number, None, 1)
    assert (opened["number"], opened["parent_id"]) == (f"{number}-01", parent_id)


def test_export_errors_are_one_clear_line(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path}/missing.db"
    backwards = runner.invoke(
        cli, ["report", "export", "--from", "2026-03-02", "--to", "2026-03-01", "--database", url]
    )
    assert backwards.exit_code == 2  # the range is checked before the index
    (tmp_path / "empty").mkdir()
    empty = f"sqlite:///{tmp_path}/empty/index.db"
    IndexReader(empty)  # creates the tables, never synced
    result = runner.invoke(cli, ["report", "export", "--from", "2026-03-02", "--to", "2026-03-01", "--database", empty])
    assert result.exit_code == 2
    assert "晚于" in result.output
    assert "after the end" in result.output
    result = runner.invoke(cli, ["report", "export", "--from", "2026-13-01", "--to", "2026-03-01", "--database", empty])
    assert result.exit_code == 2
    assert "2026-13-01" in result.output
    assert "YYYY-MM-DD" in result.output
    result = runner.invoke(cli, ["report", "export", "--from", "2026-03-01", "--to", "2026-03-02", "--database", empty])
    assert result.exit_code == 6
    assert "index sync" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["report", "export", "--from", "2026-03-01", "--to", "2026-03-02", "--database", url])
    assert result.exit_code == 6
    assert "index sync" in result.output
