"""The portal's JSON API: a lookup shows a citizen their application; what it shows is public on chain."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web3 import Web3

from tests.portal.conftest import (
    APPEAL_REVIEWER,
    APPEAL_SALTS,
    IDENTITY,
    RATING_SALTS,
    SALT,
    AppealData,
    PortalData,
    caught_up,
)
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_id, number_hash
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.privacy import applicant_commitment, applicant_inner
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.core.workdays import beijing, beijing_moment
from zhangdian_sdk.facades.certificates import CertificateDraft
from zhangdian_sdk.facades.ratings import sign_rating
from zhangdian_sdk.ops.localchain import LocalChain
from zhangdian_sdk.services.portal.selfcheck import self_check

NOT_FOUND_EN = "Not found (number, ID or receipt code do not match)"


def synced(app: FastAPI) -> None:
    """Wait until the portal's follower has indexed the chain's head (a lookup reads the index only)."""
    caught_up(app, app.state.portal.client.w3)


@pytest.fixture(scope="module")
def api(portal_app: FastAPI) -> TestClient:
    synced(portal_app)
    return TestClient(portal_app)


def test_lookup_with_the_right_commitment_shows_status_and_timeline(api: TestClient, portal_data: PortalData) -> None:
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    assert api.get(f"/api/applications/{app_id}/department").json() == {"department": "ZD-XPSJ"}
    commitment = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
    data = api.get(f"/api/applications/{app_id}", params={"commitment": commitment}).json()
    assert data["status"] == {"code": "COMPLETED", "name": {"zh": "已办结", "en": "Completed"}}
    assert data["service"] == {
        "code": "ZD-YJS-KY",
        "name": {"zh": "开办个体工商户一件事", "en": "Opening a sole proprietorship (one thing)"},
    }
    assert data["number"] == portal_data.number
    (child,) = data["linked"]
    assert (child["relation"], child["service"]["code"], child["status"]["code"]) == (
        "child",
        "ZD-GTGSH-SL",
        "SUBMITTED",
    )
    assert child["service"]["name"]["zh"] == "个体工商户设立登记"
    assert child["number"] == portal_data.number + "-01"  # a follow-on's number, to look it up by
    assert data["certificate"]["certificate_type"]["code"] == "BIZ-LICENCE"
    assert data["certificate"]["issuer"]["name"]["zh"] != "ZD-XPSJ"  # the department's name, not its code
    assert data["certificate"]["valid"] is True
    assert data["certificate"]["download_url"] == f"/api/applications/{app_id}/certificate?commitment={commitment}"
    assert data["material_uses_url"] == f"/uses?lang=zh#application={app_id}&commitment={commitment}"
    assert data["waiting_for"] is None
    assert data["step_deadline"] is None  # completed: no step is running
    assert data["deadline_state"] is None  # concluded: neither on time nor overdue
    # Deadlines as people read them, in Beijing time (a period that ends with its day reads 24:00).
    assert data["deadline_beijing"] == beijing(data["deadline"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", data["deadline_beijing"])
    assert [e["event"] for e in data["timeline"]][-1] == "FollowOnOpened"
    assert data["timeline"][-1]["label"]["zh"] == "自动开启关联事项"
    assert data["timeline"][0]["event"] == "ApplicationSubmitted"
    after = {e["event"]: e["status_after"] for e in data["timeline"]}
    assert after["ApplicationSubmitted"] == {"code": "SUBMITTED", "name": {"zh": "已提交", "en": "Submitted"}}
    assert after["ApplicationCompleted"]["code"] == after["FollowOnOpened"]["code"] == "COMPLETED"
    assert data["current_step"] == data["step_count"] - 1  # 0-based, as on chain: the last step
    assert data["progress"]["text"]["zh"] == "已办结, 共 1 步已全部完成"
    assert all(e["link"] == f"/tx/{e['transaction_hash']}" for e in data["timeline"])
    assert data["freshness"]["block_number"] > 0
    assert data["self_check"]["application_id"] == app_id
    assert IDENTITY not in str(data)


@pytest.mark.parametrize("identity", ["37030319921212011X", ""])
def test_a_wrong_identity_or_receipt_reveals_nothing_beyond_not_found(
    api: TestClient, portal_data: PortalData, identity: str
) -> None:
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    wrong = "0x" + applicant_commitment(identity or IDENTITY, b"\x00" * 16, department="ZD-XPSJ").hex()
    response = api.get(f"/api/applications/{app_id}", params={"commitment": wrong})
    assert response.status_code == 404
    not_found = {"code": "not_found", "zh": "未找到 (编号、证件号码或回执码不符)", "en": NOT_FOUND_EN}
    assert response.json() == {"detail": not_found}
    unknown = api.get(f"/api/applications/0x{'00' * 32}", params={"commitment": wrong})
    assert (unknown.status_code, unknown.json()) == (404, {"detail": not_found})


def test_the_lookup_is_no_access_control_the_commitment_it_checks_is_public(
    api: TestClient, portal_data: PortalData, w3: Web3, deployment: Deployment
) -> None:
    """Issue 12, finding 13: SECURITY.md says the records are public and the receipt code protects only
    the link to the person. Anyone who reads the commitment from the chain gets the same answer as the
    citizen, and the answer carries nothing that identifies the person."""
    app_id = application_id(portal_data.number, "ZD-XPSJ")
    on_chain = ZhangdianClient(w3, deployment).ledger.get(app_id).applicant_commitment
    data = api.get(f"/api/applications/0x{app_id.hex()}", params={"commitment": "0x" + on_chain.hex()}).json()
    assert data["status"]["code"] == "COMPLETED"
    assert IDENTITY not in str(data)
    assert SALT.hex() not in str(data)
    # What the receipt code protects: without the salt, the ID number does not give the commitment.
    assert applicant_commitment(IDENTITY, b"\x00" * 16, department="ZD-XPSJ") != on_chain
    assert applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ") == on_chain


def test_a_number_hash_finds_the_departments_that_use_the_number(
    api: TestClient, portal_app: FastAPI, portal_data: PortalData, market_clerk: ZhangdianClient
) -> None:
    """The citizen has the number, not the department: the portal lists every department using the
    number, and the commitment picks the citizen's (issue 12, finding 2)."""
    ours = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    by_number = f"/api/numbers/0x{number_hash(portal_data.number).hex()}"
    assert api.get(by_number).json()["applications"] == [
        {"application_id": ours, "department": "ZD-XPSJ", "commitment_department": "ZD-XPSJ"}
    ]
    # Another department uses the same number: both are listed, and each answers only its applicant.
    other = applicant_commitment("370303198001010012", SALT, department="ZD-SCJGJ")
    market_clerk.ledger.submit(portal_data.number, service="ZD-SC-SCXK", applicant_commitment=other)
    synced(portal_app)
    theirs = "0x" + application_id(portal_data.number, "ZD-SCJGJ").hex()
    assert api.get(by_number).json()["applications"] == [
        {"application_id": theirs, "department": "ZD-SCJGJ", "commitment_department": "ZD-SCJGJ"},
        {"application_id": ours, "department": "ZD-XPSJ", "commitment_department": "ZD-XPSJ"},
    ]
    mine = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
    assert api.get(f"/api/applications/{ours}", params={"commitment": mine}).json()["service"]["code"] == "ZD-YJS-KY"
    assert api.get(f"/api/applications/{theirs}", params={"commitment": mine}).status_code == 404
    assert api.get(f"/api/numbers/0x{number_hash('ZD-PORTAL-NEVER').hex()}").status_code == 404
    assert api.get("/api/numbers/0x12").status_code == 404


def test_certificate_status_from_hashes_only(api: TestClient, portal_data: PortalData) -> None:
    cert = portal_data.certificate
    params = {
        "root": "0x" + cert.root.hex(),
        "issuer": cert.issuer,
        "certificateId": "0x" + cert.certificate_id.hex(),
        "digest": "0x" + cert.digest.hex(),
        "region": cert.region,
        "proof": ",".join("0x" + p.hex() for p in cert.proof),
    }
    answer = api.get("/api/certificates/status", params=params).json()
    assert answer["status"] == {"code": "VALID", "name": {"zh": "有效", "en": "Valid"}}
    checks = answer["checks"]
    assert [(c["name"], c["ok"]) for c in checks] == [
        ("issuance", True),
        ("revocation", True),
        ("issuer", True),
        ("region", True),
    ]
    # issue 12, finding 6: the root (or an inner node) is never a certificate, even given its own
    # 64-byte preimage (its two children) and an empty proof: the chain hashes the leaf itself.
    left, right = sorted((cert.leaf, cert.proof[0]))
    for certificate_id, digest in ((left, right), (right, left), (cert.root, bytes(32))):
        forged = {**params, "certificateId": "0x" + certificate_id.hex(), "digest": "0x" + digest.hex(), "proof": ""}
        assert [c["code"] for c in api.get("/api/certificates/status", params=forged).json()["checks"][:2]] == [
            "NOT_ISSUED",
            "NOT_ISSUED",
        ]
    params["digest"] = "0x" + "11" * 32
    unknown = api.get("/api/certificates/status", params=params).json()
    assert (unknown["checks"][0]["code"], unknown["status"]) == ("NOT_ISSUED", None)
    assert api.get("/api/certificates/status", params={**params, "root": "0x12"}).status_code == 400


def test_material_uses_statistics_transactions_and_openapi(api: TestClient, portal_data: PortalData) -> None:
    uses = api.get("/api/materials/uses", params={"ids": "0x" + portal_data.material_id.hex()}).json()["uses"]
    assert [u["kind"]["en"] for u in uses] == ["decrypted"]
    stats = {g["group"]["code"]: g for g in api.get("/api/statistics", params={"by": "service"}).json()["groups"]}
    assert stats["ZD-YJS-KY"]["group"]["name"]["zh"] == "开办个体工商户一件事"
    assert any(s["status"]["code"] == "COMPLETED" and s["count"] for s in stats["ZD-YJS-KY"]["statuses"])
    tx_hash = uses[0]["transaction_hash"]
    tx = api.get(f"/api/transactions/{tx_hash}").json()
    assert tx["raw"]["call"]["function"] == "recordUse"
    assert tx["events"][0]["event"] == "MaterialUsed"
    assert api.get("/api/transactions/0x" + "00" * 32).status_code == 404
    openapi = api.get("/api/openapi.json").json()
    paths = openapi["paths"]
    assert {"/api/applications/{application_id}", "/api/certificates/status", "/api/statistics"} <= set(paths)
    ok = paths["/api/applications/{application_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/ApplicationView"}
    assert {"ApplicationView", "ApplicationMatches", "ProgressView", "TimelineEntry"} <= set(
        openapi["components"]["schemas"]
    )


def _signed(
    api: TestClient, portal_data: PortalData, use: str, score: int
) -> tuple[str, dict[str, Any], dict[str, str]]:
    """What the browser does: look the application up, then sign a rating with the receipt's key."""
    app_id = "0x" + application_id(portal_data.rating_numbers[use], "ZD-XPSJ").hex()
    salt = RATING_SALTS[use]
    commitment = "0x" + applicant_commitment(IDENTITY, salt, department="ZD-XPSJ").hex()
    data = api.get(f"/api/applications/{app_id}", params={"commitment": commitment}).json()
    rating = data["rating"]
    signature = sign_rating(
        salt,
        bytes.fromhex(app_id[2:]),
        score,
        chain_id=rating["chain_id"],
        verifying_contract=rating["verifying_contract"],
    )
    inner = "0x" + applicant_inner(IDENTITY, salt, department="ZD-XPSJ").hex()
    return app_id, data, {"score": score, "inner": inner, "signature": "0x" + signature.hex()}


def test_a_concluded_application_is_rated_once_through_the_portal(
    api: TestClient, portal_app: FastAPI, portal_data: PortalData, w3: Web3, deployment: Deployment
) -> None:
    app_id, data, body = _signed(api, portal_data, "api", 2)
    assert data["rating"]["score"] is None
    assert data["rating"]["can_rate"] is True
    assert [o["name"]["zh"] for o in data["rating"]["options"]] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    # A relayer cannot turn the citizen's 2 (满意) into a 5: the signature is for 2.
    forged = api.post(f"/api/applications/{app_id}/rating", json={**body, "score": 5})
    assert forged.status_code == 403
    assert forged.json()["detail"]["code"] == "wrong_applicant"
    done = api.post(f"/api/applications/{app_id}/rating", json=body)
    assert done.status_code == 200, done.text
    assert done.json()["score"] == {"code": "2", "name": {"zh": "满意", "en": "Satisfied"}}
    assert ZhangdianClient(w3, deployment).ratings.rating_of(app_id) == 2
    # Rated once: the portal says so, with the score given, and sends nothing.
    again = api.post(f"/api/applications/{app_id}/rating", json=body)
    assert again.status_code == 409
    assert again.json()["detail"]["code"] == "already_rated"
    assert again.json()["detail"]["zh"] == "该办件已评价过, 每个办件只能评价一次"
    assert again.json()["detail"]["score"]["code"] == "2"
    synced(portal_app)
    assert _signed(api, portal_data, "api", 2)[1]["rating"]["score"]["code"] == "2"
    # Nothing personal went to the server: no ID number, no receipt code.
    assert IDENTITY not in str(body)
    assert RATING_SALTS["api"].hex() not in str(body)
    # The transparency figures count it, under the department's and the service's names.
    groups = {g["group"]["code"]: g for g in api.get("/api/ratings", params={"by": "service"}).json()["groups"]}
    assert groups["ZD-GTGSH-SL"]["group"]["name"]["zh"] == "个体工商户设立登记"
    assert groups["ZD-GTGSH-SL"]["scores"][1]["count"] >= 1  # score 2, 满意


def test_an_open_application_offers_no_rating_and_refuses_one(
    api: TestClient, portal_data: PortalData, w3: Web3, deployment: Deployment
) -> None:
    app_id = "0x" + application_id(portal_data.rating_numbers["open"], "ZD-XPSJ").hex()
    commitment = "0x" + applicant_commitment(IDENTITY, RATING_SALTS["open"], department="ZD-XPSJ").hex()
    data = api.get(f"/api/applications/{app_id}", params={"commitment": commitment}).json()
    assert data["status"]["code"] == "SUBMITTED"
    assert data["rating"] is None
    assert data["deadline_state"] is None  # not accepted yet: no deadline
    address = ZhangdianClient(w3, deployment).ratings.address
    signature = sign_rating(
        RATING_SALTS["open"], bytes.fromhex(app_id[2:]), 5, chain_id=w3.eth.chain_id, verifying_contract=address
    )
    inner = applicant_inner(IDENTITY, RATING_SALTS["open"], department="ZD-XPSJ")
    body = {"score": 5, "inner": "0x" + inner.hex(), "signature": "0x" + signature.hex()}
    refused = api.post(f"/api/applications/{app_id}/rating", json=body)
    assert refused.status_code == 409
    assert refused.json()["detail"]["code"] == "not_concluded"
    assert api.post(f"/api/applications/{app_id}/rating", json={**body, "score": 6}).status_code == 422


def test_the_rating_signer_is_the_vendored_audited_secp256k1_module(api: TestClient) -> None:
    served = api.get("/vendor/secp256k1.js")
    assert served.status_code == 200
    assert "javascript" in served.headers["content-type"]
    assert "export { etc, getPublicKey" in served.text
    script = api.get("/static/common.js").text
    assert 'import * as secp from "/vendor/secp256k1.js";' in script
    # No hand-written curve arithmetic is left in the page's own script.
    assert "secp.signAsync(" in script
    assert "pointMul" not in script
    assert "SECP_P" not in script


def test_the_self_check_read_returns_the_record_from_the_node_without_the_portal(
    api: TestClient, portal_data: PortalData, anvil_chain: LocalChain
) -> None:
    """The panel's eth_call, sent to the node as it stands, returns the record the portal showed."""
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    commitment = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
    check = api.get(f"/api/applications/{app_id}", params={"commitment": commitment}).json()["self_check"]
    ledger = api.app.state.portal.client.deployment.contracts["ApplicationLedger"].address
    assert check["contract"] == ledger
    assert check["cast_call"].startswith(f'cast call {ledger} "getApplication(bytes32)" {app_id}')
    answer = requests.post(anvil_chain.rpc_url, json=check["eth_call"], timeout=30).json()
    assert commitment[2:] in answer["result"]  # the applicant commitment is a field of the returned record
    assert check["explorer_address_url"] is None  # none configured
    linked = self_check(
        chain_id=1,
        ledger=ledger,
        application_id=app_id,
        explorer_address_url="https://explorer.example/address/{address}",
    )
    assert linked.explorer_address_url == f"https://explorer.example/address/{ledger}"


def test_status_list_certificate_status_from_hashes_and_its_index(
    api: TestClient, portal_data: PortalData, w3: Web3, deployment: Deployment, officers: Any
) -> None:
    """A certificate of the status-list format: its index is part of the hashes the browser sends; another
    index, or none, is not this certificate; its revocation shows."""
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    until = int(time.time()) + 365 * 86_400
    drafts = [CertificateDraft("LICENCE", bytes(32), {"shop": f"店 {i}"}, valid_until=until) for i in range(3)]
    first, second, _third = approver.certificates.issue_batch(drafts, issuer="ZD-XPSJ", status_list=True)
    params = {
        "root": "0x" + first.root.hex(),
        "issuer": first.issuer,
        "certificateId": "0x" + first.certificate_id.hex(),
        "digest": "0x" + first.digest.hex(),
        "region": first.region,
        "proof": ",".join("0x" + p.hex() for p in first.proof),
        "statusIndex": first.status_index,
        "issuedBlock": first.issued_block,
    }
    answer = api.get("/api/certificates/status", params=params).json()
    assert answer["status"]["code"] == "VALID"
    assert [c["ok"] for c in answer["checks"]] == [True] * 4
    for claimed in (
        {**params, "statusIndex": second.status_index},
        {k: v for k, v in params.items() if k != "statusIndex"},
    ):
        forged = api.get("/api/certificates/status", params=claimed).json()
        assert [c["code"] for c in forged["checks"][:2]] == ["NOT_ISSUED", "NOT_ISSUED"]
    approver.certificates.revoke(first, reason_code=4)
    revoked = api.get("/api/certificates/status", params=params).json()
    assert revoked["status"]["code"] == "REVOKED"
    assert "(reason 4)" in revoked["checks"][1]["message_en"]
    assert api.get("/api/certificates/status", params={**params, "statusIndex": -1}).status_code in (400, 422)


# 行政复议 and 更正 (issue 18): the original's lookup, with its own receipt code, shows its appeal (filed,
# accepted, decided with the outcome in words, the reopening) and the corrections of its decision.
REVIEWING_BODY_NAME = {"zh": "张店区人民政府行政复议办公室", "en": "District Reconsideration Office"}


@pytest.fixture(scope="module")
def looked_up(api: TestClient, portal_app: FastAPI, appeal_data: AppealData) -> dict[str, dict[str, Any]]:
    """The two applications as the citizen finds them: by the number's hash, then with the commitment of
    the ID number and the original's receipt code."""
    synced(portal_app)
    found = {}
    for key, number in (("appealed", appeal_data.appealed), ("corrected", appeal_data.corrected)):
        (listed,) = api.get(f"/api/numbers/0x{number_hash(number).hex()}").json()["applications"]
        commitment = applicant_commitment(IDENTITY, APPEAL_SALTS[key], department=listed["commitment_department"])
        response = api.get(
            f"/api/applications/{listed['application_id']}", params={"commitment": "0x" + commitment.hex()}
        )
        assert response.status_code == 200, response.text
        found[key] = response.json()
    return found


def test_the_originals_lookup_shows_its_appeal_revoked_the_reopening_and_the_completion(
    looked_up: dict[str, dict[str, Any]], appeal_data: AppealData
) -> None:
    data = looked_up["appealed"]
    assert data["status"]["code"] == "COMPLETED"
    events = [e["event"] for e in data["timeline"]]
    assert events == [
        "ApplicationSubmitted", "ApplicationAccepted", "StepApproved", "ApplicationRejected",
        "AppealFiled", "AppealAccepted", "AppealDecided", "ApplicationReopened",
        "StepApproved", "ApplicationApproved", "ApplicationCompleted",
    ]  # fmt: skip
    by_event = {e["event"]: e for e in data["timeline"]}
    appeal_id = "0x" + appeal_data.appeal_id.hex()
    for name, zh, en in (
        ("AppealFiled", "申请行政复议", "Appeal filed"),
        ("AppealAccepted", "复议受理", "Appeal accepted"),
        ("AppealDecided", "复议决定", "Appeal decided"),
    ):
        entry = by_event[name]
        assert entry["label"] == {"zh": zh, "en": en}
        assert str(entry["appeal_id"]).lower() == appeal_id
        # the reviewing body by its names (the event carries its code as bytes32)
        assert entry["department"] == {"code": APPEAL_REVIEWER, "name": REVIEWING_BODY_NAME}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", entry["timestamp_beijing"])
        assert entry["status_after"]["code"] == "REJECTED"  # the rejection stands until the decision
    decided = by_event["AppealDecided"]
    assert decided["outcome"] == {"zh": "撤销", "en": "Revoked"}
    outcome_reason = describe(ReasonKind.APPEAL_OUTCOME, 2)
    assert decided["reason"]["kind"] == "appeal_outcome"
    assert decided["reason"]["text"] == {"zh": outcome_reason.text_zh, "en": outcome_reason.text_en}
    reopened = by_event["ApplicationReopened"]
    assert reopened["label"] == {"zh": "复议后重新办理", "en": "Reopened after an appeal"}
    assert reopened["step"] == 2  # 1-based: decided again from the second step
    assert reopened["status_after"] == {"code": "IN_REVIEW", "name": {"zh": "审查中", "en": "In review"}}
    assert str(reopened["appeal_id"]).lower() == appeal_id
    assert reopened["department"]["name"] == REVIEWING_BODY_NAME  # reopened on the reviewing body's decision
    assert by_event["ApplicationCompleted"]["status_after"]["code"] == "COMPLETED"
    assert data["reason"] is None  # completed: no reason in force
    assert "0x" + APPEAL_REVIEWER.encode().hex() not in json.dumps(data)


def test_a_corrected_rejection_stays_marked_with_who_when_why_and_the_right_reason(
    looked_up: dict[str, dict[str, Any]], appeal_data: AppealData
) -> None:
    data = looked_up["corrected"]
    wrong, right = describe(ReasonKind.REJECTION, 1), describe(ReasonKind.REJECTION, 2)
    why = describe(ReasonKind.CORRECTION, 1)
    assert data["status"]["code"] == "REJECTED"
    # the reason in force is the corrected one; the reason as recorded is kept beside it
    assert (data["reason"]["code"], data["reason"]["text"]) == (2, {"zh": right.text_zh, "en": right.text_en})
    assert (data["original_reason"]["code"], data["original_reason"]["text"]["zh"]) == (1, wrong.text_zh)
    # the rejection stays in the timeline as recorded, marked corrected
    (rejection,) = [e for e in data["timeline"] if e["event"] == "ApplicationRejected"]
    assert rejection["reason"]["code"] == 1
    assert rejection["reason"]["text"]["en"] == wrong.text_en
    (correction,) = rejection["corrections"]
    assert data["reason_corrections"] == [correction]
    assert correction["field"] == "reasonCode"
    assert correction["value"] == {"zh": f"2 {right.text_zh}", "en": f"2 {right.text_en}"}
    assert correction["corrected_reason"]["text"] == {"zh": right.text_zh, "en": right.text_en}
    assert correction["reason"]["kind"] == "correction"
    assert correction["reason"]["text"] == {"zh": why.text_zh, "en": why.text_en}
    assert correction["department"]["name"]["zh"] == "张店区行政审批服务局"
    assert correction["department"]["name"]["en"] == "Administrative Approval Service Bureau"
    assert str(correction["actor"]).lower() == appeal_data.corrector.lower()
    (corrected_event,) = [e for e in data["timeline"] if e["event"] == "DecisionCorrected"]
    assert corrected_event["label"] == {"zh": "决定已更正", "en": "Decision corrected"}
    assert correction["timestamp"] == corrected_event["timestamp"]
    assert correction["timestamp_beijing"] == beijing_moment(correction["timestamp"])  # Beijing time
    assert correction["link"] == f"/tx/{corrected_event['transaction_hash']}"


# ---- issue 18 (replace): a replaced certificate and its replacement (换发/补发) ----


def _status_params(cert: Any) -> dict[str, Any]:
    return {
        "root": "0x" + cert.root.hex(),
        "issuer": cert.issuer,
        "certificateId": "0x" + cert.certificate_id.hex(),
        "digest": "0x" + cert.digest.hex(),
        "region": cert.region,
        "proof": ",".join("0x" + p.hex() for p in cert.proof),
    }


def test_a_replaced_certificate_names_its_replacement_and_the_new_one_what_it_replaced(
    api: TestClient, portal_data: PortalData, w3: Web3
) -> None:
    old, new = portal_data.replaced, portal_data.replacement
    assert old is not None
    assert new is not None
    answer = api.get("/api/certificates/status", params=_status_params(old)).json()
    assert answer["status"] == {"code": "REPLACED", "name": {"zh": "已换发", "en": "Replaced"}}
    assert answer["checks"][1]["code"] == "CERTIFICATE_REPLACED"
    replaced_by = answer["replaced_by"]
    assert replaced_by["certificate_id"] == "0x" + new.certificate_id.hex()
    assert replaced_by["issuer"] == "ZD-XPSJ"
    assert replaced_by["reason"]["code"] == "1"
    assert replaced_by["reason"]["name"]["zh"].startswith("变更换发")
    assert replaced_by["reason"]["name"]["en"].startswith("Change of registered details")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", replaced_by["replaced_at_beijing"])
    assert answer["replaces"] is None

    fresh = api.get("/api/certificates/status", params=_status_params(new)).json()
    assert fresh["status"]["code"] == "VALID"
    assert fresh["replaced_by"] is None
    assert fresh["replaces"]["certificate_id"] == "0x" + old.certificate_id.hex()
    assert fresh["replaces"]["replaced_at"] == replaced_by["replaced_at"]
    # a made-up certificate under the replaced one's root is not linked to anything
    forged = {**_status_params(old), "digest": "0x" + "22" * 32}
    assert api.get("/api/certificates/status", params=forged).json()["replaced_by"] is None
