"""The lookup's result view, served from the index: names before codes, the progress sentence and who
holds the application, a rejection's reason and remedy, a supplement's request, follow-ons one can look up,
forgiving application numbers, 503 (never "not found") when the index cannot be read, and a constant
number of JSON-RPC calls per lookup whatever the application's history."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from web3 import Web3

from tests.conftest import Officers
from tests.portal.conftest import IDENTITY, SALT, PortalData, caught_up
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_id, application_number, number_hash
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.identifiers import validate_applicant_id
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.core.workdays import beijing, beijing_moment
from zhangdian_sdk.services.indexer import IndexReader

# A citizen whose ID number ends in the check character X (typed as a lower-case x).
IDENTITY_X = "37030319900101005X"
SALT_X = bytes.fromhex("e5" * 16)


@dataclass(frozen=True)
class Cases:
    rejected: str
    supplement: str
    in_review: str
    resumed: str  # in review again after a supplement, with time stopped in between
    long_history: str  # many supplement rounds: a long timeline


def _wait(seconds: float) -> None:
    """Let real time pass (anvil stamps blocks with the wall clock). Not evm_increaseTime: the session's
    chain is shared, and moving its clock ahead would expire the signatures later tests make."""
    time.sleep(seconds)


@pytest.fixture(scope="module")
def cases(w3: Web3, deployment: Deployment, officers: Officers, portal_app: FastAPI, portal_data: PortalData) -> Cases:
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    inspector = ZhangdianClient(w3, deployment, signer=officers.inspector)  # step 2's department, ZD-SCJGJ
    commitment = applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ")
    names = Cases(*(f"ZD-LOOKUP-{kind}" for kind in ("REJ", "SUP", "REV", "RES", "LONG")))
    for number in (names.rejected, names.supplement):
        clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=commitment)
        clerk.ledger.accept(number)
    approver.ledger.reject(names.rejected, reason_code=1)
    approver.ledger.request_supplement(names.supplement, reason_code=1)
    for number in (names.in_review, names.resumed, names.long_history):
        clerk.ledger.submit(number, service="ZD-SPJY-XK", applicant_commitment=commitment)
        clerk.ledger.accept(number)
    approver.ledger.approve(names.in_review, step=0)
    approver.ledger.approve(names.resumed, step=0)
    _wait(2)
    inspector.ledger.request_supplement(names.resumed, reason_code=1)
    _wait(3)
    clerk.ledger.resubmit(names.resumed)
    for _ in range(6):
        approver.ledger.request_supplement(names.long_history, reason_code=1)
        clerk.ledger.resubmit(names.long_history)
    caught_up(portal_app, w3)
    return names


@pytest.fixture(scope="module")
def api(portal_app: FastAPI, cases: Cases) -> TestClient:
    return TestClient(portal_app)


def _view(api: TestClient, number: str, identity: str = IDENTITY, salt: bytes = SALT) -> dict[str, Any]:
    """What the browser does: the number's hash lists the candidates, the commitment picks ours."""
    found = api.get(f"/api/numbers/0x{number_hash(number).hex()}")
    assert found.status_code == 200, found.text
    for candidate in found.json()["applications"]:
        commitment = applicant_commitment(identity, salt, department=candidate["commitment_department"])
        answer = api.get(
            f"/api/applications/{candidate['application_id']}", params={"commitment": "0x" + commitment.hex()}
        )
        if answer.status_code == 200:
            data: dict[str, Any] = answer.json()
            return data
    raise AssertionError(f"{number} not found")


def test_a_rejection_shows_its_reason_legal_basis_and_remedy_and_no_deadline_state(
    api: TestClient, cases: Cases
) -> None:
    data = _view(api, cases.rejected)
    assert data["status"] == {"code": "REJECTED", "name": {"zh": "不予批准", "en": "Rejected"}}
    reason = data["reason"]
    assert (reason["kind"], reason["code"]) == ("rejection", 1)
    assert reason["text"]["zh"] == describe(ReasonKind.REJECTION, 1).text_zh
    assert "行政许可法" in reason["legal_basis"]["zh"]
    for words in ("60 日内", "行政复议", "6 个月内", "行政诉讼"):
        assert words in reason["remedy"]["zh"]
    assert "within 60 days" in reason["remedy"]["en"]
    # Concluded: neither "on time" nor "overdue", no step running, nobody holds it.
    assert data["deadline_state"] is None
    assert data["overdue"] is False
    assert data["step_deadline"] is None
    assert data["progress"]["holder"]["zh"] == "无 (办件已结束)"
    assert data["progress"]["text"]["zh"] == "不予批准: 第 1 步 / 共 1 步 (审批, 张店区行政审批服务局)"
    rejected = next(e for e in data["timeline"] if e["event"] == "ApplicationRejected")
    assert rejected["reason"]["text"]["en"] == describe(ReasonKind.REJECTION, 1).text_en
    assert rejected["department"]["name"]["zh"] == "张店区行政审批服务局"
    assert rejected["step"] == 1
    assert data["rating"]["can_rate"] is True  # a rejection is rated too (好差评)


def test_a_supplement_request_says_what_to_supply_and_that_the_applicant_holds_it(
    api: TestClient, cases: Cases
) -> None:
    data = _view(api, cases.supplement)
    assert data["status"]["code"] == "SUPPLEMENT_REQUESTED"
    assert (data["reason"]["kind"], data["reason"]["text"]["zh"]) == (
        "supplement",
        describe(ReasonKind.SUPPLEMENT, 1).text_zh,
    )
    # What to do next (supply everything at once, where), from the catalogue: no appeal for a supplement.
    assert data["reason"]["remedy"]["zh"] == describe(ReasonKind.SUPPLEMENT, 1).remedy_zh
    assert "行政复议" not in data["reason"]["remedy"]["zh"]
    assert data["progress"]["holder"] == {
        "zh": "申请人 (请按要求补正材料)",
        "en": "You, the applicant (please supply what is asked)",
    }
    assert data["deadline_state"]["code"] == "paused"
    assert data["rating"] is None


def test_an_application_in_review_names_its_step_department_and_holder(
    api: TestClient, cases: Cases, w3: Web3, deployment: Deployment
) -> None:
    data = _view(api, cases.in_review)
    progress = data["progress"]
    assert progress["text"] == {
        "zh": "第 2 步 / 共 3 步: 审批, 张店区市场监督管理局",
        "en": "Step 2 of 3: Approver, Market Supervision Administration",
    }
    assert progress["holder"]["zh"] == "张店区市场监督管理局 (审批)"
    assert (progress["step"], progress["step_count"]) == (2, 3)
    assert data["service"]["name"]["zh"] == "食品经营许可"
    assert data["department"]["name"]["en"] == "Administrative Approval Service Bureau"
    assert data["deadline_state"]["code"] == "on_time"
    assert data["reason"] is None
    assert data["submitted_at_beijing"] == beijing_moment(data["submitted_at"])
    # The step deadline computed from the index is the one the ledger computes.
    chain = ZhangdianClient(w3, deployment).ledger
    expected = chain.step_deadline(application_id(cases.in_review, "ZD-XPSJ"))
    assert expected is not None
    assert data["step_deadline"] == int(expected.timestamp())
    assert data["step_deadline_beijing"] == beijing(data["step_deadline"])


def test_the_step_deadline_moves_on_by_the_time_the_clock_was_stopped(
    api: TestClient, cases: Cases, w3: Web3, deployment: Deployment
) -> None:
    data = _view(api, cases.resumed)
    assert data["status"]["code"] == "IN_REVIEW"
    assert data["reason"] is None  # the supplement is done: no reason in force any more
    ledger = ZhangdianClient(w3, deployment).ledger
    app_id = application_id(cases.resumed, "ZD-XPSJ")
    expected = ledger.step_deadline(app_id)
    assert expected is not None
    assert data["step_deadline"] == int(expected.timestamp())
    assert data["deadline"] == int(ledger.get(app_id).deadline.timestamp())  # type: ignore[union-attr]


def test_a_follow_on_is_found_by_its_number_with_the_same_id_and_receipt(
    api: TestClient, portal_data: PortalData
) -> None:
    parent = _view(api, portal_data.number)
    (child,) = parent["linked"]
    assert child["number"] == f"{portal_data.number}-01"
    found = api.get(f"/api/numbers/0x{number_hash(child['number']).hex()}").json()["applications"]
    assert [(c["application_id"], c["commitment_department"]) for c in found] == [(child["application_id"], "ZD-XPSJ")]
    data = _view(api, child["number"])
    assert data["application_id"] == child["application_id"]
    assert data["number"] == child["number"]
    assert data["status"]["code"] == "SUBMITTED"
    assert data["progress"]["text"]["zh"] == "等待受理 (共 1 步): 受理, 张店区行政审批服务局"
    assert [(link["relation"], link["number"]) for link in data["linked"]] == [("parent", portal_data.number)]


def test_application_numbers_are_normalised_the_same_way_everywhere(portal_data: PortalData) -> None:
    """Full-width characters, spaces, other dashes and lower case: SDK, CLI and portal (lookup.js) agree."""
    typed = "ｚｄ－ｐｏｒｔａｌ－０００００１"
    assert application_number(typed) == application_number(" zd‐portal - 000001 ") == "ZD-PORTAL-000001"
    assert number_hash(typed) == number_hash(portal_data.number)
    assert application_id(typed, "ZD-XPSJ") == application_id(portal_data.number, "ZD-XPSJ")
    # An ID number's lower-case x is its check character X.
    assert validate_applicant_id(IDENTITY_X.lower())[1] == IDENTITY_X
    script = (Path(__file__).resolve().parents[2] / "zhangdian_sdk/services/portal/static/lookup.js").read_text()
    assert 'normalize("NFKC")' in script


def test_a_lookup_makes_no_chain_call_whatever_the_history(
    api: TestClient, cases: Cases, portal_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both API calls of a lookup read the index and the names directory only: counted at the provider."""
    w3: Web3 = portal_app.state.portal.client.w3
    calls: list[str] = []
    original = w3.provider.make_request

    def counting(method: Any, params: Any) -> Any:
        calls.append(str(method))
        return original(method, params)

    for number in (cases.in_review, cases.long_history):
        _view(api, number)  # the directory learns the service's names once
    counts = {}
    with monkeypatch.context() as patch:
        patch.setattr(w3.provider, "make_request", counting)
        for number in (cases.in_review, cases.long_history):
            calls.clear()
            data = _view(api, number)
            counts[number] = (len(calls), len(data["timeline"]))
    (short_calls, short_events), (long_calls, long_events) = counts.values()
    assert long_events >= short_events + 10
    assert short_calls == long_calls == 0, calls


def test_an_index_that_cannot_be_read_is_unavailable_not_not_found(
    api: TestClient, portal_app: FastAPI, cases: Cases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"sqlite:///{tmp_path / 'broken.db'}"
    broken = IndexReader(database)
    with create_engine(database).begin() as connection:
        connection.execute(text("DROP TABLE applications"))
        connection.execute(text("DROP TABLE checkpoint"))
    monkeypatch.setattr(portal_app.state.portal, "reader", broken)
    unavailable = {
        "code": "unavailable",
        "zh": "服务暂不可用, 请稍后再试",
        "en": "Service unavailable, please try again later",
    }
    by_number = api.get(f"/api/numbers/0x{number_hash(cases.in_review).hex()}")
    assert (by_number.status_code, by_number.json()) == (503, {"detail": unavailable})
    app_id = "0x" + application_id(cases.in_review, "ZD-XPSJ").hex()
    commitment = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
    lookup = api.get(f"/api/applications/{app_id}", params={"commitment": commitment})
    assert (lookup.status_code, lookup.json()) == (503, {"detail": unavailable})
