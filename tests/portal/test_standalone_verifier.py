"""The standalone verifier (issue 15, item 6(c)): one HTML page, downloaded from the portal and opened from
disk, reads the application straight from a node; when the portal's index is tampered with, the portal's
read model says the lie and the verifier still says the chain's truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests
from fastapi import FastAPI
from playwright.sync_api import Page
from sqlalchemy import text

from tests.portal.conftest import IDENTITY, SALT, PortalData, caught_up
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.ops.localchain import LocalChain


@pytest.fixture
def saved_verifier(portal_url: str, tmp_path: Path) -> Path:
    """The page as a citizen saves it: downloaded once from the portal, then a file on disk."""
    response = requests.get(portal_url + "/verifier.html", timeout=30)
    assert response.status_code == 200
    assert "zhangdian-verifier.html" in response.headers["content-disposition"]
    path = tmp_path / "zhangdian-verifier.html"
    path.write_bytes(response.content)
    return path


def _verify(page: Page, file: Path, node: str, number: str, identity: str, receipt: str) -> None:
    page.goto(file.as_uri())
    page.fill("#node", node)
    page.fill("#number", number)
    page.fill("#identity", identity)
    page.fill("#receipt", receipt)
    page.click("#verify-button")
    page.wait_for_selector("#status, #not-found, #mismatch, #bad-identity, #unreachable, #wrong-chain, #no-config")


def test_the_page_is_self_contained_and_carries_the_deployment(saved_verifier: Path, deployment: Deployment) -> None:
    page = saved_verifier.read_text(encoding="utf-8")
    config = json.loads(re.search(r'id="zhangdian-config">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert config["chain_id"] == deployment.chain_id
    assert config["ledger"] == deployment.address_of("ApplicationLedger")
    assert config["deployment_block"] == deployment.contracts["ApplicationLedger"].block_number
    names = {d["code"]: d["name"]["zh"] for d in config["departments"]}
    assert names["ZD-XPSJ"] == "张店区行政审批服务局"
    assert config["statuses"]["7"] == {"name": "COMPLETED", "zh": "已办结", "en": "Completed"}
    assert "ApplicationSubmitted" in {e["name"] for e in config["events"]}
    assert config["get_application"]["fields"][:2] == ["service", "applicantCommitment"]
    # Nothing to fetch from the portal: the libraries are inside.
    assert "/vendor/" not in page
    assert 'src="' not in page
    assert 'import * as secp from "data:text/javascript;base64,' in page
    assert "keccak256" in page


def test_the_verifier_from_disk_reads_the_chain_and_survives_a_tampered_index(
    page: Page,
    saved_verifier: Path,
    anvil_chain: LocalChain,
    portal_app: FastAPI,
    portal_url: str,
    portal_data: PortalData,
    artifacts: Path,
) -> None:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url + (request.post_data or "")))
    node = anvil_chain.rpc_url
    _verify(page, saved_verifier, node, portal_data.number, IDENTITY.lower(), SALT.hex())
    assert page.get_attribute("#status", "data-status") == "COMPLETED"
    assert "已办结" in page.inner_text("#status")
    assert "本人办件" in page.inner_text("#match")
    assert "张店区行政审批服务局" in page.inner_text("#application")
    events = page.eval_on_selector_all("#timeline li", "items => items.map(i => i.dataset.event)")
    assert events[0] == "ApplicationSubmitted"
    assert "ApplicationCompleted" in events
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间", page.inner_text("#timeline"))
    page.screenshot(path=str(artifacts / "verifier-from-disk.png"), full_page=True)
    # Only the node was asked, and only with hashes.
    assert all(url.startswith(node) or url.startswith("file:") for url in sent)
    assert not [request for request in sent if portal_url in request]
    assert not [request for request in sent if IDENTITY in request or SALT.hex() in request]

    # Tamper with the portal's index: the read model the portal serves from now says 不予批准.
    state = portal_app.state.portal
    caught_up(portal_app, state.client.w3)
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    true_status = state.reader.application(app_id)["status"]
    assert true_status == ApplicationStatus.COMPLETED
    with state.indexer.engine.begin() as connection:
        connection.execute(
            text("UPDATE applications SET status = :status WHERE id = :id"),
            {"status": int(ApplicationStatus.REJECTED), "id": app_id},
        )
    try:
        assert state.reader.application(app_id)["status"] == ApplicationStatus.REJECTED
        commitment = "0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex()
        shown = requests.get(
            f"{portal_url}/api/applications/{app_id}", params={"commitment": commitment}, timeout=30
        ).json()
        assert shown["status"]["code"] == "REJECTED"  # the portal believes its index
        _verify(page, saved_verifier, node, portal_data.number, IDENTITY, SALT.hex())
        assert page.get_attribute("#status", "data-status") == "COMPLETED"  # the chain's truth
        assert "不予批准" not in page.inner_text("#result")
        page.screenshot(path=str(artifacts / "verifier-after-tampering.png"), full_page=True)
    finally:
        with state.indexer.engine.begin() as connection:
            connection.execute(
                text("UPDATE applications SET status = :status WHERE id = :id"), {"status": true_status, "id": app_id}
            )


def test_a_wrong_receipt_code_or_id_number_is_said_so(
    page: Page, saved_verifier: Path, anvil_chain: LocalChain, portal_data: PortalData
) -> None:
    _verify(page, saved_verifier, anvil_chain.rpc_url, portal_data.number, IDENTITY, "00" * 16)
    assert "不符" in page.inner_text("#mismatch")
    assert "does not match" in page.inner_text("#mismatch")
    wrong = IDENTITY[:17] + ("0" if IDENTITY[17] != "0" else "1")
    _verify(page, saved_verifier, anvil_chain.rpc_url, portal_data.number, wrong, SALT.hex())
    assert f"校验位应为 {IDENTITY[17]}" in page.inner_text("#bad-identity")
    _verify(page, saved_verifier, anvil_chain.rpc_url, "ZD-NO-SUCH-1", IDENTITY, SALT.hex())
    assert page.is_visible("#not-found")
