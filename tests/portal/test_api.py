"""The portal's JSON API: a lookup shows a citizen their application; what it shows is public on chain."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web3 import Web3

from tests.portal.conftest import IDENTITY, RATING_SALTS, SALT, PortalData
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_id, number_hash
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.privacy import applicant_commitment, applicant_inner
from zhangdian_sdk.core.workdays import beijing
from zhangdian_sdk.facades.ratings import sign_rating


@pytest.fixture(scope="module")
def api(portal_app: FastAPI) -> TestClient:
    return TestClient(portal_app)


def test_lookup_with_the_right_commitment_shows_status_and_timeline(api: TestClient, portal_data: PortalData) -> None:
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    assert api.get(f"/api/applications/{app_id}/department").json() == {"department": "ZD-XPSJ"}
    commitment = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
    data = api.get(f"/api/applications/{app_id}", params={"commitment": commitment}).json()
    assert data["status"] == {"name": "COMPLETED", "zh": "已办结", "en": "Completed"}
    assert data["serviceName"]["zh"] == "开办个体工商户一件事"
    (child,) = data["linked"]
    assert (child["relation"], child["service"], child["status"]["name"]) == ("child", "ZD-GTGSH-SL", "SUBMITTED")
    assert child["serviceName"]["zh"] == "个体工商户设立登记"
    assert data["certificate"]["type"] == "BIZ-LICENCE"
    assert data["certificate"]["valid"] is True
    assert data["waitingFor"] is None
    assert data["stepDeadline"] is None  # completed: no step is running
    # Deadlines as people read them, in Beijing time (a period that ends with its day reads 24:00).
    assert data["deadlineBeijing"] == beijing(int(datetime.fromisoformat(data["deadline"]).timestamp()))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", data["deadlineBeijing"])
    assert [e["event"] for e in data["timeline"]][-1] == "FollowOnOpened"
    assert data["timeline"][-1]["label"]["zh"] == "自动开启关联事项"
    assert data["timeline"][0]["event"] == "ApplicationSubmitted"
    after = {e["event"]: e["statusAfter"] for e in data["timeline"]}
    assert after["ApplicationSubmitted"] == {"name": "SUBMITTED", "zh": "已提交", "en": "Submitted"}
    assert after["ApplicationCompleted"]["name"] == after["FollowOnOpened"]["name"] == "COMPLETED"
    assert data["currentStep"] == data["stepCount"]  # every step approved
    assert all(e["link"] == f"/tx/{e['transactionHash']}" for e in data["timeline"])
    assert data["verifiedAtBlock"] > 0
    assert IDENTITY not in str(data)


@pytest.mark.parametrize("identity", ["37030319921212011X", ""])
def test_a_wrong_identity_or_receipt_reveals_nothing_beyond_not_found(
    api: TestClient, portal_data: PortalData, identity: str
) -> None:
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    wrong = "0x" + applicant_commitment(identity or IDENTITY, b"\x00" * 16, department="ZD-XPSJ").hex()
    response = api.get(f"/api/applications/{app_id}", params={"commitment": wrong})
    assert response.status_code == 404
    assert response.json()["detail"]["code"] == "not_found"
    unknown = api.get(f"/api/applications/0x{'00' * 32}", params={"commitment": wrong})
    assert (unknown.status_code, unknown.json()) == (404, response.json())


def test_the_lookup_is_no_access_control_the_commitment_it_checks_is_public(
    api: TestClient, portal_data: PortalData, w3: Web3, deployment: Deployment
) -> None:
    """Issue 12, finding 13: SECURITY.md says the records are public and the receipt code protects only
    the link to the person. Anyone who reads the commitment from the chain gets the same answer as the
    citizen, and the answer carries nothing that identifies the person."""
    app_id = application_id(portal_data.number, "ZD-XPSJ")
    on_chain = ZhangdianClient(w3, deployment).ledger.get(app_id).applicant_commitment
    data = api.get(f"/api/applications/0x{app_id.hex()}", params={"commitment": "0x" + on_chain.hex()}).json()
    assert data["status"]["name"] == "COMPLETED"
    assert IDENTITY not in str(data)
    assert SALT.hex() not in str(data)
    # What the receipt code protects: without the salt, the ID number does not give the commitment.
    assert applicant_commitment(IDENTITY, b"\x00" * 16, department="ZD-XPSJ") != on_chain
    assert applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ") == on_chain


def test_a_number_hash_finds_the_departments_that_use_the_number(
    api: TestClient, portal_data: PortalData, market_clerk: ZhangdianClient
) -> None:
    """The citizen has the number, not the department: the portal lists every department using the
    number, and the commitment picks the citizen's (issue 12, finding 2)."""
    ours = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    by_number = f"/api/numbers/0x{number_hash(portal_data.number).hex()}"
    assert api.get(by_number).json() == {"applications": [{"applicationId": ours, "department": "ZD-XPSJ"}]}
    # Another department uses the same number: both are listed, and each answers only its applicant.
    other = applicant_commitment("370303198001010012", SALT, department="ZD-SCJGJ")
    market_clerk.ledger.submit(portal_data.number, service="ZD-SC-SCXK", applicant_commitment=other)
    theirs = "0x" + application_id(portal_data.number, "ZD-SCJGJ").hex()
    assert api.get(by_number).json() == {
        "applications": [
            {"applicationId": theirs, "department": "ZD-SCJGJ"},
            {"applicationId": ours, "department": "ZD-XPSJ"},
        ]
    }
    mine = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
    assert api.get(f"/api/applications/{ours}", params={"commitment": mine}).json()["service"] == "ZD-YJS-KY"
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
    assert answer["status"] == {"code": "VALID", "zh": "有效", "en": "Valid"}
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
    stats = api.get("/api/statistics", params={"by": "service"}).json()["groups"]
    assert any(g["key"] == "ZD-YJS-KY" and g["counts"].get("COMPLETED") for g in stats)
    tx_hash = uses[0]["transactionHash"]
    tx = api.get(f"/api/transactions/{tx_hash}").json()
    assert tx["call"]["function"] == "recordUse"
    assert tx["events"][0]["name"] == "MaterialUsed"
    assert api.get("/api/transactions/0x" + "00" * 32).status_code == 404
    paths = api.get("/api/openapi.json").json()["paths"]
    assert {"/api/applications/{application_id}", "/api/certificates/status", "/api/statistics"} <= set(paths)


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
        chain_id=rating["chainId"],
        verifying_contract=rating["verifyingContract"],
    )
    inner = "0x" + applicant_inner(IDENTITY, salt, department="ZD-XPSJ").hex()
    return app_id, data, {"score": score, "inner": inner, "signature": "0x" + signature.hex()}


def test_a_concluded_application_is_rated_once_through_the_portal(
    api: TestClient, portal_data: PortalData, w3: Web3, deployment: Deployment
) -> None:
    app_id, data, body = _signed(api, portal_data, "api", 2)
    assert data["rating"]["score"] is None
    assert data["rating"]["canRate"] is True
    assert [o["zh"] for o in data["rating"]["options"]] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    # A relayer cannot turn the citizen's 2 (满意) into a 5: the signature is for 2.
    forged = api.post(f"/api/applications/{app_id}/rating", json={**body, "score": 5})
    assert forged.status_code == 403
    assert forged.json()["detail"]["code"] == "wrong_applicant"
    done = api.post(f"/api/applications/{app_id}/rating", json=body)
    assert done.status_code == 200, done.text
    assert done.json()["score"] == {"value": 2, "zh": "满意", "en": "Satisfied"}
    assert ZhangdianClient(w3, deployment).ratings.rating_of(app_id) == 2
    # Rated once: the portal says so, with the score given, and sends nothing.
    again = api.post(f"/api/applications/{app_id}/rating", json=body)
    assert again.status_code == 409
    assert again.json()["detail"]["code"] == "already_rated"
    assert again.json()["detail"]["zh"] == "该办件已评价过, 每个办件只能评价一次"
    assert again.json()["detail"]["score"]["value"] == 2
    assert _signed(api, portal_data, "api", 2)[1]["rating"]["score"]["value"] == 2
    # Nothing personal went to the server: no ID number, no receipt code.
    assert IDENTITY not in str(body)
    assert RATING_SALTS["api"].hex() not in str(body)
    # The transparency figures count it, under the department's and the service's names.
    groups = {g["key"]: g for g in api.get("/api/ratings", params={"by": "service"}).json()["groups"]}
    assert groups["ZD-GTGSH-SL"]["name"]["zh"] == "个体工商户设立登记"
    assert groups["ZD-GTGSH-SL"]["counts"]["2"] >= 1


def test_an_open_application_offers_no_rating_and_refuses_one(
    api: TestClient, portal_data: PortalData, w3: Web3, deployment: Deployment
) -> None:
    app_id = "0x" + application_id(portal_data.rating_numbers["open"], "ZD-XPSJ").hex()
    commitment = "0x" + applicant_commitment(IDENTITY, RATING_SALTS["open"], department="ZD-XPSJ").hex()
    data = api.get(f"/api/applications/{app_id}", params={"commitment": commitment}).json()
    assert data["status"]["name"] == "SUBMITTED"
    assert data["rating"] is None
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
