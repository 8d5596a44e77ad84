"""Records a citizen can read and keep: a transaction in words, the completion certificate as a file the
verify page accepts, and the material use log reached from the result page (no ids to type)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page
from web3 import Web3

from tests.portal.conftest import IDENTITY, SALT, PortalData, caught_up
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.completion import CompletionDocument, completion_certificate, completion_document
from zhangdian_sdk.services.indexer.records import subject_events

REJECTED_NUMBER = "ZD-RECORDS-REJ-000001"
DEPARTMENT_ZH = "张店区行政审批服务局"


@dataclass(frozen=True)
class Records:
    application_id: str  # the completed application of the portal fixtures
    commitment: str
    rejection_tx: str
    rejected_id: str


@pytest.fixture(scope="module")
def records(
    w3: Web3,
    deployment: Deployment,
    officers,
    portal_app: FastAPI,
    portal_data: PortalData,
    portal_url: str,
    artifacts: Path,
    browser: Browser,
) -> Records:
    """A rejected application (reason code 1), once the portal's follower has indexed it. It asks for
    the server and the browser only so that they start first: ape's test isolation re-runs a module
    fixture set up before a wider or earlier one."""
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    other = applicant_commitment(IDENTITY, bytes.fromhex("e5" * 16), department="ZD-XPSJ")
    clerk.ledger.submit(REJECTED_NUMBER, service="ZD-GTGSH-SL", applicant_commitment=other)
    clerk.ledger.accept(REJECTED_NUMBER)
    rejection = approver.ledger.reject(REJECTED_NUMBER, reason_code=1)
    caught_up(portal_app, w3)  # the follower indexes it (a second sync beside it would race it)
    assert rejection.transaction_hash
    return Records(
        application_id="0x" + application_id(portal_data.number, "ZD-XPSJ").hex(),
        commitment="0x" + applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ").hex(),
        rejection_tx=rejection.transaction_hash,
        rejected_id="0x" + application_id(REJECTED_NUMBER, "ZD-XPSJ").hex(),
    )


@pytest.fixture(scope="module")
def api(portal_app: FastAPI) -> TestClient:
    return TestClient(portal_app)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def test_a_rejection_transaction_in_words(api: TestClient, records: Records, w3: Web3) -> None:
    tx = api.get(f"/api/transactions/{records.rejection_tx}").json()
    (event,) = tx["events"]
    assert event["event"] == "ApplicationRejected"
    assert event["label"] == {lang: messages.label("event", "ApplicationRejected", lang) for lang in ("zh", "en")}
    assert event["number"] == REJECTED_NUMBER
    assert event["application_id"] == records.rejected_id
    assert event["department"] == {
        "code": "ZD-XPSJ",
        "name": {"zh": DEPARTMENT_ZH, "en": "Administrative Approval Service Bureau"},
    }
    assert event["service"]["name"]["zh"] == "个体工商户设立登记"
    assert (event["status_before"]["code"], event["status_after"]["code"]) == ("ACCEPTED", "REJECTED")
    rejected = ApplicationStatus.REJECTED
    assert event["status_after"]["name"] == {"zh": rejected.label_zh, "en": rejected.label_en}
    assert (event["step"], event["step_text"]["zh"]) == (1, "第 1 步 / 共 1 步")
    reason = describe(ReasonKind.REJECTION, 1)
    assert event["reason"]["text"] == {"zh": reason.text_zh, "en": reason.text_en}
    assert "行政复议" in event["reason"]["remedy"]["zh"]
    block = w3.eth.get_block(tx["block_number"])
    assert tx["timestamp_beijing"] == beijing_moment(int(block["timestamp"]))
    assert tx["raw"]["call"]["function"] == "reject"
    assert [e["name"] for e in tx["raw"]["events"]] == ["ApplicationRejected"]

    html = api.get(f"/tx/{records.rejection_tx}").text
    status_zh = event["status_after"]["name"]["zh"]
    for shown in (event["label"]["zh"], DEPARTMENT_ZH, REJECTED_NUMBER, status_zh, reason.text_zh, "北京时间"):
        assert shown in html
    assert event["status_before"]["name"]["zh"] in html
    assert html.index(DEPARTMENT_ZH) < html.index("(ZD-XPSJ)")  # the name before the code
    # The raw call and events are there, folded away (no `open`), below the words.
    assert '<details class="raw" id="raw">' in html
    assert html.index("reject") > html.index(reason.text_zh)
    english = api.get(f"/tx/{records.rejection_tx}", params={"lang": "en"}).text
    assert "Administrative Approval Service Bureau" in english
    assert reason.text_en in english


def test_the_approval_that_completed_an_application_in_words(api: TestClient, records: Records, portal_app) -> None:
    reader = portal_app.state.portal.reader
    approval = next(e for e in subject_events(reader, records.application_id) if e["name"] == "StepApproved")
    tx = api.get(f"/api/transactions/{approval['transactionHash']}").json()
    mine = {e["event"]: e for e in tx["events"] if e["application_id"] == records.application_id}
    assert mine["StepApproved"]["step_text"] == {"zh": "第 1 步 / 共 1 步", "en": "step 1 of 1"}
    assert mine["ApplicationApproved"]["status_after"]["code"] == "APPROVED"
    completed = mine["ApplicationCompleted"]
    assert (completed["status_before"]["code"], completed["status_after"]["code"]) == ("APPROVED", "COMPLETED")
    assert completed["number"] == "ZD-PORTAL-000001"
    assert completed["department"]["name"]["zh"] == DEPARTMENT_ZH
    assert completed["service"]["name"]["zh"] == "开办个体工商户一件事"
    # The follow-on opened in the same transaction: a new application, with its own number.
    child = next(e for e in tx["events"] if e["event"] == "ApplicationSubmitted")
    assert child["status_before"] is None
    assert child["status_after"]["code"] == "SUBMITTED"
    assert child["number"] == "ZD-PORTAL-000001-01"


def test_an_unknown_or_malformed_transaction_hash(api: TestClient, records: Records) -> None:
    unknown = api.get("/api/transactions/0x" + "ab" * 32)
    assert unknown.status_code == 404
    detail = unknown.json()["detail"]
    assert detail["code"] == "not_found"
    assert detail["zh"]
    assert detail["en"]
    malformed = api.get("/api/transactions/0x1234")
    assert malformed.status_code == 400
    assert malformed.json()["detail"]["code"] == "bad_hash"
    page = api.get("/tx/0x" + "ab" * 32)
    assert page.status_code == 404
    assert detail["zh"] in page.text
    schema = api.get("/api/openapi.json").json()
    answer = schema["paths"]["/api/transactions/{tx_hash}"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/TransactionView")


def test_the_completion_certificate_downloads_for_its_applicant_only(
    api: TestClient, records: Records, w3: Web3, deployment: Deployment, portal_data: PortalData
) -> None:
    url = f"/api/applications/{records.application_id}/certificate"
    answer = api.get(url, params={"commitment": records.commitment})
    assert answer.status_code == 200
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith("attachment")
    assert portal_data.number in disposition
    doc = answer.json()
    assert doc["kind"] == "completion"
    assert (doc["number"], doc["certificate_type"], doc["service"], doc["issuer"]) == (
        portal_data.number,
        "BIZ-LICENCE",
        "ZD-YJS-KY",
        "ZD-XPSJ",
    )
    assert doc["chain_id"] == w3.eth.chain_id
    assert doc["certificate_registry"] == deployment.contracts["CertificateRegistry"].address
    assert doc["names"]["issuer"]["zh"] == DEPARTMENT_ZH
    assert doc["names"]["service"]["zh"] == "开办个体工商户一件事"
    document = CompletionDocument.from_json(doc)
    assert document.intact()
    client = ZhangdianClient(w3, deployment)
    on_chain = completion_certificate(client, application_id(portal_data.number, "ZD-XPSJ"))
    assert on_chain is not None
    assert on_chain.valid
    assert (document.root, document.digest, document.completed_at) == (
        on_chain.root,
        on_chain.digest,
        on_chain.completed_at,
    )
    # The SDK writes the same file from the chain (what `zhangdian certificate completion` saves).
    from_chain = completion_document(client, application_id(portal_data.number, "ZD-XPSJ"), number=portal_data.number)
    assert from_chain is not None
    assert {k: v for k, v in doc.items() if k != "names"} == from_chain.to_json()

    wrong = "0x" + applicant_commitment(IDENTITY, bytes.fromhex("99" * 16), department="ZD-XPSJ").hex()
    refused = api.get(url, params={"commitment": wrong})
    assert refused.status_code == 404
    assert refused.json()["detail"]["code"] == "not_found"
    assert refused.json()["detail"]["en"]
    # A rejected application has no certificate, even for its own applicant.
    rejected = api.get(
        f"/api/applications/{records.rejected_id}/certificate",
        params={
            "commitment": "0x" + applicant_commitment(IDENTITY, bytes.fromhex("e5" * 16), department="ZD-XPSJ").hex()
        },
    )
    assert rejected.status_code == 404


def test_the_material_use_log_of_an_application(api: TestClient, records: Records, portal_data: PortalData) -> None:
    url = f"/api/applications/{records.application_id}/material-uses"
    log = api.get(url, params={"commitment": records.commitment}).json()
    assert log["number"] == portal_data.number
    material = "0x" + portal_data.material_id.hex()
    assert [m["material_id"] for m in log["materials"]] == [material]
    assert log["materials"][0]["material_type"]["name"]["zh"] == "居民身份证"
    (use,) = log["uses"]
    assert use["material_id"] == material
    assert use["kind"]["en"] == "decrypted"
    assert use["department"]["name"]["zh"] == DEPARTMENT_ZH
    assert use["purpose_text"]["zh"] == "个体工商户设立登记"  # consent for the service, named
    assert use["timestamp_beijing"] == beijing_moment(use["timestamp"])
    assert use["link"] == f"/tx/{use['transaction_hash']}"
    wrong = "0x" + "11" * 32
    assert api.get(url, params={"commitment": wrong}).status_code == 404


def test_the_downloaded_completion_certificate_is_valid_on_the_verify_page(
    page: Page, portal_url: str, records: Records, tmp_path: Path, artifacts: Path
) -> None:
    url = f"{portal_url}/api/applications/{records.application_id}/certificate?commitment={records.commitment}"
    with page.expect_download() as download:
        page.goto(portal_url + "/verify")
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = '';"
            " document.body.append(a); a.click(); }",
            url,
        )
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "completion-certificate-ZD-PORTAL-000001.json"
    page.set_input_files("#certificate-file", str(saved))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "证照有效"
    assert page.inner_text("#status") == "有效"
    codes = page.eval_on_selector_all("tr.check", "rows => rows.map(r => r.dataset.code)")
    assert codes == ["INTEGRITY_OK", "ISSUED", "NOT_REVOKED", "ISSUER_OK", "REGION_HOME"]
    assert DEPARTMENT_ZH in page.inner_text("#certificate-issuer")
    assert "ZD-PORTAL-000001" in page.inner_text("#certificate-number")
    page.screenshot(path=str(artifacts / "portal-verify-completion.png"), full_page=True)

    # A changed completion time no longer gives the root: not valid, whatever the chain says.
    doc = json.loads(saved.read_text(encoding="utf-8"))
    doc["completed_at"] += 1
    tampered = tmp_path / "tampered-completion.json"
    tampered.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    page.goto(portal_url + "/verify?lang=en")
    page.set_input_files("#certificate-file", str(tampered))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "The certificate is NOT valid"
    assert page.eval_on_selector_all("tr.check", "rows => rows[0].dataset.code") == "INTEGRITY_MISMATCH"


def test_the_material_use_log_opens_from_the_result_page_link(
    page: Page, portal_url: str, records: Records, artifacts: Path
) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{portal_url}/uses?lang=zh#application={records.application_id}&commitment={records.commitment}")
    page.wait_for_selector("#uses, #uses-empty, #uses-not-found, #uses-error")
    text = page.inner_text("#uses")
    for shown in ("解密查看", DEPARTMENT_ZH, "个体工商户设立登记", "居民身份证", "北京时间"):
        assert shown in text
    assert "ZD-PORTAL-000001" in page.inner_text("#uses-title")
    page.screenshot(path=str(artifacts / "portal-uses-application.png"), full_page=True)
    page.click("#uses a")
    page.wait_for_selector("#transaction")
    assert messages.label("event", "MaterialUsed", "zh") in page.inner_text("#tx-events")
    assert DEPARTMENT_ZH in page.inner_text("#tx-events")
    assert any("/material-uses?commitment=" in url for url in requests)


def test_the_transaction_page_fits_a_phone(
    browser: Browser, portal_url: str, records: Records, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812})
    phone = context.new_page()
    try:
        phone.goto(f"{portal_url}/tx/{records.rejection_tx}")
        phone.wait_for_selector("#tx-events")
        assert phone.locator("details.raw").get_attribute("open") is None
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the transaction page is {width} px wide on a 375 px phone"
        phone.screenshot(path=str(artifacts / "portal-transaction-phone.png"), full_page=True)
    finally:
        context.close()


def test_the_cli_writes_the_same_completion_certificate(
    api: TestClient, records: Records, anvil_chain, deployment: Deployment, portal_data: PortalData, tmp_path: Path
) -> None:
    manifest = deployment.save(tmp_path / "deployment.json")
    out = tmp_path / "certificate.json"
    result = CliRunner().invoke(
        cli,
        [
            *("certificate", "completion", portal_data.number, "--department", "ZD-XPSJ"),
            *("--out", str(out), "--deployment", str(manifest)),
        ],
        env={"ZHANGDIAN_RPC_URL": anvil_chain.rpc_url},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    downloaded = api.get(
        f"/api/applications/{records.application_id}/certificate", params={"commitment": records.commitment}
    ).json()
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == {k: v for k, v in downloaded.items() if k != "names"}
