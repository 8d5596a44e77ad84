"""Every portal page in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page
from web3 import Web3

from tests.conftest import Officers
from tests.portal.conftest import (
    APPEAL_REVIEWER,
    APPEAL_SALTS,
    APPEAL_SERVICE,
    IDENTITY,
    RATING_SALTS,
    SALT,
    AppealData,
    PortalData,
    caught_up,
)
from tests.portal.test_lookup_view import IDENTITY_X, SALT_X
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.core.reasons import ReasonKind, describe
from zhangdian_sdk.facades.certificates import CertificateDraft


@pytest.fixture(scope="module")
def in_review(
    w3: Web3, deployment: Deployment, officers: Officers, portal_app: FastAPI, portal_data: PortalData
) -> str:
    """An application in review at its second step, of a citizen whose ID number ends in X; the index
    is brought up to the head (a lookup reads the index only)."""
    number = "ZD-PORTAL-LOOKUP-X"
    commitment = applicant_commitment(IDENTITY_X, SALT_X, department="ZD-XPSJ")
    ZhangdianClient(w3, deployment, signer=officers.clerk).ledger.submit(
        number, service="ZD-SPJY-XK", applicant_commitment=commitment
    )
    ZhangdianClient(w3, deployment, signer=officers.clerk).ledger.accept(number)
    ZhangdianClient(w3, deployment, signer=officers.approver).ledger.approve(number, step=0)
    caught_up(portal_app, w3)
    return number


@pytest.fixture
def page(browser: Browser, in_review: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def _look_up(page: Page, url: str, number: str, identity: str, receipt: str) -> None:
    page.goto(url)
    page.fill("#number", number)
    page.fill("#identity", identity)
    page.fill("#receipt", receipt)
    page.click("#lookup-button")
    page.wait_for_selector("#timeline, #not-found, #bad-identity, #bad-number, #unavailable")


def test_a_citizen_looks_up_an_application_and_switches_language(
    page: Page, portal_url: str, portal_data: PortalData, artifacts: Path
) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    _look_up(page, portal_url + "/", portal_data.number, IDENTITY, SALT.hex())
    assert page.inner_text("#status") == "已办结"
    assert "提交申请" in page.inner_text("#timeline")
    assert page.locator("ol.timeline#timeline > li.card").count() >= 5
    assert "个体工商户设立登记" in page.inner_text("#linked")
    assert "已提交" in page.inner_text("#linked")
    assert f"{portal_data.number}-01" in page.inner_text("#linked")
    assert "营业执照" in page.inner_text("#certificate")  # the certificate type's name from the catalogue
    assert "张店区行政审批服务局" in page.inner_text("#certificate")
    assert "有效" in page.inner_text("#certificate")
    assert "/certificate?commitment=0x" in str(page.get_attribute("#certificate-download", "href"))
    assert str(page.get_attribute("#uses-link", "href")).startswith("/uses?lang=zh#application=0x")
    assert "区块" in page.inner_text("#verified-at")
    assert "数据截至区块" in page.inner_text("#freshness")
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(北京时间\)", page.inner_text("#deadline"))
    assert "未逾期" not in page.inner_text("#application")  # concluded: no deadline state
    assert not page.is_visible("#cast-call")  # the self-check panel is folded
    page.click("#self-check summary")
    assert "getApplication(bytes32)" in page.inner_text("#cast-call")
    assert '"eth_call"' in page.inner_text("#eth-call")
    page.screenshot(path=str(artifacts / "portal-lookup-zh.png"), full_page=True)
    assert not [url for url in requests if IDENTITY in url], "the ID number left the browser"

    page.click("#switch-language")
    page.wait_for_selector("html[lang=en]")
    assert page.inner_text("#nav-lookup") == "Look up an application"
    _look_up(page, portal_url + "/?lang=en", portal_data.number, IDENTITY, SALT.hex())
    assert page.inner_text("#status") == "Completed"
    page.screenshot(path=str(artifacts / "portal-lookup-en.png"), full_page=True)


def test_a_wrong_receipt_code_shows_only_not_found(page: Page, portal_url: str, portal_data: PortalData) -> None:
    _look_up(page, portal_url + "/", portal_data.number, IDENTITY, "00" * 16)
    assert page.is_visible("#not-found")
    assert "未找到" in page.inner_text("#not-found")
    assert not page.is_visible("#timeline")


def test_the_id_number_is_normalized_and_a_malformed_one_is_named(
    page: Page, portal_url: str, portal_data: PortalData
) -> None:
    """Spaces and case do not matter; a wrong check character is said so, not "not found" (issue 14)."""
    spaced = f" {IDENTITY[:6]} {IDENTITY[6:14]} {IDENTITY[14:]} "
    _look_up(page, portal_url + "/", portal_data.number, spaced, SALT.hex())
    assert page.inner_text("#status") == "已办结"
    wrong = IDENTITY[:17] + ("0" if IDENTITY[17] != "0" else "1")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    _look_up(page, portal_url + "/", portal_data.number, wrong, SALT.hex())
    assert "证件号码有误" in page.inner_text("#bad-identity")
    assert f"校验位应为 {IDENTITY[17]}" in page.inner_text("#bad-identity")
    assert not page.is_visible("#not-found")
    assert not [url for url in sent if "/api/" in url]  # nothing is asked with a wrong ID number
    _look_up(page, portal_url + "/?lang=en", portal_data.number, IDENTITY[:-1], SALT.hex())
    assert "18 characters, not 17" in page.inner_text("#bad-identity")
    _look_up(page, portal_url + "/?lang=en", portal_data.number, "370303199002300015", SALT.hex())
    assert "birth date" in page.inner_text("#bad-identity")


def test_certificates_are_verified_in_the_browser_valid_and_tampered(
    page: Page, portal_url: str, portal_data: PortalData, tmp_path: Path, artifacts: Path
) -> None:
    valid = tmp_path / "licence.json"
    valid.write_text(json.dumps(portal_data.certificate.to_json(), ensure_ascii=False))
    page.goto(portal_url + "/verify")
    page.set_input_files("#certificate-file", str(valid))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "证照有效"
    codes = page.eval_on_selector_all("tr.check", "rows => rows.map(r => r.dataset.code)")
    assert codes == ["INTEGRITY_OK", "ISSUED", "NOT_REVOKED", "ISSUER_OK", "VALIDITY_OK", "REGION_HOME"]
    assert page.inner_text("#status") == "有效"
    assert len(page.inner_text("#fingerprint")) == 66
    page.screenshot(path=str(artifacts / "portal-verify-valid.png"), full_page=True)

    tampered_doc = portal_data.certificate.to_json()
    tampered_doc["fields"]["shop"]["value"] = "别的店"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(tampered_doc, ensure_ascii=False))
    page.goto(portal_url + "/verify?lang=en")
    page.set_input_files("#certificate-file", str(tampered))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "The certificate is NOT valid"
    assert page.eval_on_selector_all("tr.check", "rows => rows[0].dataset.code") == "INTEGRITY_MISMATCH"
    page.screenshot(path=str(artifacts / "portal-verify-tampered.png"), full_page=True)


def test_a_status_list_certificate_is_verified_in_the_browser(
    page: Page, portal_url: str, w3: Web3, deployment: Deployment, officers: Officers, tmp_path: Path
) -> None:
    """The status-list format (version 2): the browser binds the status index into the leaf and sends it;
    a file that claims another index fails."""
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    until = int(time.time()) + 365 * 86_400
    drafts = [CertificateDraft("LICENCE", bytes(32), {"shop": f"店 {i}"}, valid_until=until) for i in range(2)]
    first, second = approver.certificates.issue_batch(drafts, issuer="ZD-XPSJ", status_list=True)
    approver.certificates.suspend(second, reason_code=4)
    path = tmp_path / "indexed.json"
    path.write_text(json.dumps(first.to_json(), ensure_ascii=False))
    page.goto(portal_url + "/verify")
    page.set_input_files("#certificate-file", str(path))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "证照有效"
    codes = page.eval_on_selector_all("tr.check", "rows => rows.map(r => r.dataset.code)")
    assert codes == ["INTEGRITY_OK", "ISSUED", "NOT_REVOKED", "ISSUER_OK", "VALIDITY_OK", "REGION_HOME"]
    suspended = tmp_path / "suspended.json"
    suspended.write_text(json.dumps(second.to_json(), ensure_ascii=False))
    page.goto(portal_url + "/verify")
    page.set_input_files("#certificate-file", str(suspended))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#status") == "暂扣"
    claimed = first.to_json()
    claimed["proof"]["statusIndex"] = second.status_index
    path.write_text(json.dumps(claimed, ensure_ascii=False))
    page.goto(portal_url + "/verify")
    page.set_input_files("#certificate-file", str(path))
    page.wait_for_selector("#verdict")
    codes = page.eval_on_selector_all("tr.check", "rows => rows.map(r => r.dataset.code)")
    assert codes[:2] == ["INTEGRITY_MISMATCH", "NOT_ISSUED"]


def test_data_use_log_transparency_and_transaction_pages(
    page: Page, portal_url: str, portal_data: PortalData, artifacts: Path
) -> None:
    page.goto(portal_url + "/uses")
    page.fill("#material-ids", "0x" + portal_data.material_id.hex())
    page.click("#uses-button")
    page.wait_for_selector("#uses, #uses-empty")
    assert "解密查看" in page.inner_text("#uses")
    page.screenshot(path=str(artifacts / "portal-uses.png"), full_page=True)
    page.click("#uses a")
    page.wait_for_selector("#transaction")
    assert "recordUse" in page.inner_text("#transaction")
    page.screenshot(path=str(artifacts / "portal-transaction.png"), full_page=True)

    page.goto(portal_url + "/transparency?lang=en")
    text = page.inner_text("#transparency")
    assert "ZD-XPSJ" in text
    assert "ZD-GTGSH-SL" in text
    assert page.locator("#transparency svg rect").count() >= 2
    page.screenshot(path=str(artifacts / "portal-transparency.png"), full_page=True)


def test_a_citizen_rates_a_completed_application_once(
    page: Page,
    portal_url: str,
    portal_app: FastAPI,
    portal_data: PortalData,
    artifacts: Path,
    w3: Web3,
    deployment: Deployment,
) -> None:
    sent: list[str] = []
    posted: list[dict[str, object]] = []
    page.on("request", lambda request: sent.append(str(request.url) + (request.post_data or "")))
    page.on("request", lambda r: posted.append(r.post_data_json) if r.url.endswith("/rating") else None)
    number = portal_data.rating_numbers["browser"]
    receipt = RATING_SALTS["browser"].hex()
    _look_up(page, portal_url + "/", number, IDENTITY, receipt)
    assert page.inner_text("#status") == "已办结"
    assert "非常满意" in page.inner_text("#rating-form")
    assert "非常不满意" in page.inner_text("#rating-form")
    page.check("#score-1")  # 非常满意 is code 1 (GB/T 39046-2020 table A.8)
    page.click("#rate-submit")
    page.wait_for_selector("#rating-done, #rating-failed, #rating-already")
    assert "感谢您的评价" in page.inner_text("#rating-done")
    assert "非常满意" in page.inner_text("#rating-done")
    page.screenshot(path=str(artifacts / "portal-rating-zh.png"), full_page=True)
    client = ZhangdianClient(w3, deployment)
    assert client.ratings.rating_of(number) == 1
    # @noble/secp256k1 signed in the page: RFC 6979, low-s, r|s|v, the very bytes the SDK's signer makes.
    assert len(posted) == 1
    expected = client.ratings.sign(number, 1, salt=RATING_SALTS["browser"])
    assert posted[0]["signature"] == "0x" + expected.hex()
    # The receipt code and the ID number stayed in the browser.
    assert not any(receipt in request or IDENTITY in request for request in sent)
    # Looked up again (in English): it says it was rated, and offers no form.
    caught_up(portal_app, w3)
    _look_up(page, portal_url + "/?lang=en", number, IDENTITY, receipt)
    assert "rated already" in page.inner_text("#rating-already")
    assert "Very satisfied" in page.inner_text("#rating-already")
    assert not page.is_visible("#rating-form")
    # The transparency page shows it under the service's name.
    page.goto(portal_url + "/transparency")
    row = page.locator("#ratings-by-service tr[data-key='ZD-GTGSH-SL']")
    assert "个体工商户设立登记" in row.inner_text()
    assert int(row.locator(".score-1").inner_text()) >= 1


def test_a_forgiving_lookup_shows_names_beijing_time_and_the_progress_sentence(
    page: Page, portal_url: str, in_review: str, artifacts: Path
) -> None:
    """Typed as people type: the number in full-width lower case, the ID number with a lower-case x."""
    typed = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in in_review.lower())
    _look_up(page, portal_url + "/", typed, IDENTITY_X.lower(), SALT_X.hex())
    assert page.inner_text("#status") == "审查中"
    assert page.input_value("#number") == in_review  # shown as it was normalised
    assert page.inner_text("#progress") == "第 2 步 / 共 3 步: 审批, 张店区市场监督管理局"
    assert page.inner_text("#holder") == "张店区市场监督管理局 (审批)"
    assert page.inner_text("#service") == "食品经营许可"
    shown = page.inner_text("#application")
    for code in ("ZD-SPJY-XK", "ZD-XPSJ", "ZD-SCJGJ", "IN_REVIEW"):
        assert code not in shown
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(北京时间\)", page.inner_text("#step-deadline"))
    assert "未逾期" in page.inner_text("#deadline")
    assert "T" not in page.inner_text("#timeline time").split("(")[0]  # no UTC ISO times
    page.screenshot(path=str(artifacts / "portal-lookup-in-review.png"), full_page=True)
    _look_up(page, portal_url + "/?lang=en", typed, IDENTITY_X.lower(), SALT_X.hex())
    assert page.inner_text("#progress") == "Step 2 of 3: Approver, Market Supervision Administration"
    assert page.inner_text("#service") == "Food business licence"


def test_a_follow_on_is_looked_up_with_the_same_id_and_receipt(
    page: Page, portal_url: str, portal_data: PortalData
) -> None:
    _look_up(page, portal_url + "/", portal_data.number, IDENTITY, SALT.hex())
    page.click("button.look-up-linked")
    page.wait_for_selector(f"#number-shown:has-text('{portal_data.number}-01')")
    assert page.inner_text("#status") == "已提交"
    assert page.inner_text("#service") == "个体工商户设立登记"


def test_a_service_outage_says_unavailable_never_not_found(page: Page, portal_url: str, in_review: str) -> None:
    page.route("**/api/numbers/**", lambda route: route.fulfill(status=503, body="{}"))
    _look_up(page, portal_url + "/", in_review, IDENTITY_X, SALT_X.hex())
    assert page.inner_text("#unavailable") == "服务暂不可用, 请稍后再试"
    assert not page.is_visible("#not-found")


# 行政复议 and 更正 (issue 18): the citizen looks up the original with its own receipt code and sees its
# appeal, the outcome, the reopening and the completion; a corrected rejection is marked with who, when, why.
REVIEWING_BODY_ZH, REVIEWING_BODY_EN = "张店区人民政府行政复议办公室", "District Reconsideration Office"
BEIJING_MOMENT_ZH = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(北京时间\)"
BEIJING_MOMENT_EN = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Beijing time\)"
# What must never show where words are expected: codes of the contracts, the catalogue and the suite.
RAW = ("Traceback", "REVOKED", "IN_REVIEW", "REJECTED", "COMPLETED", "appeal_outcome", "reasonCode",
       APPEAL_REVIEWER, APPEAL_SERVICE, "ZD-XPSJ", "ZD-GTGSH-SL", "0x5a442d")  # fmt: skip


@pytest.fixture(scope="module")
def indexed_appeals(appeal_data: AppealData, portal_app: FastAPI, w3: Web3) -> AppealData:
    caught_up(portal_app, w3)
    return appeal_data


def _event(page: Page, name: str) -> str:
    return page.inner_text(f"#timeline li[data-event='{name}']")


def _no_raw_codes(page: Page) -> None:
    shown = page.inner_text("#lookup-result")
    for raw in RAW:
        assert raw not in shown, raw


def test_a_citizen_sees_the_appeal_revoked_the_reopening_and_the_completion_in_both_languages(
    page: Page, portal_url: str, indexed_appeals: AppealData, artifacts: Path
) -> None:
    receipt = APPEAL_SALTS["appealed"].hex()
    _look_up(page, portal_url + "/", indexed_appeals.appealed, IDENTITY, receipt)
    assert page.inner_text("#status") == "已办结"
    assert page.inner_text("#service") == "门头招牌设置审批"
    order = page.eval_on_selector_all("#timeline li", "items => items.map(i => i.dataset.event)")
    assert order.index("ApplicationRejected") < order.index("AppealFiled") < order.index("AppealAccepted")
    assert order.index("AppealDecided") < order.index("ApplicationReopened") < order.index("ApplicationCompleted")
    filed = _event(page, "AppealFiled")
    assert "申请行政复议" in filed
    assert REVIEWING_BODY_ZH in filed
    assert re.search(BEIJING_MOMENT_ZH, filed)
    assert "复议受理" in _event(page, "AppealAccepted")
    assert REVIEWING_BODY_ZH in _event(page, "AppealAccepted")
    decided = _event(page, "AppealDecided")
    assert "复议结果: 撤销" in decided
    assert describe(ReasonKind.APPEAL_OUTCOME, 2).text_zh in decided
    reopened = _event(page, "ApplicationReopened")
    assert "复议后重新办理" in reopened
    assert "第 2 步" in reopened
    assert "审查中" in reopened
    assert "办结" in _event(page, "ApplicationCompleted")
    _no_raw_codes(page)
    page.screenshot(path=str(artifacts / "portal-appeal-zh.png"), full_page=True)

    page.click("#switch-language")
    page.wait_for_selector("html[lang=en]")
    _look_up(page, page.url, indexed_appeals.appealed, IDENTITY, receipt)
    assert page.inner_text("#status") == "Completed"
    filed = _event(page, "AppealFiled")
    assert "Appeal filed" in filed
    assert REVIEWING_BODY_EN in filed
    assert re.search(BEIJING_MOMENT_EN, filed)
    decided = _event(page, "AppealDecided")
    assert "Appeal outcome: Revoked" in decided
    assert describe(ReasonKind.APPEAL_OUTCOME, 2).text_en in decided
    reopened = _event(page, "ApplicationReopened")
    assert "Reopened after an appeal" in reopened
    assert "step 2" in reopened
    assert "In review" in reopened
    assert "Completed" in _event(page, "ApplicationCompleted")
    _no_raw_codes(page)
    page.screenshot(path=str(artifacts / "portal-appeal-en.png"), full_page=True)


def test_a_citizen_sees_the_rejection_marked_corrected_with_the_right_reason_who_when_and_why(
    page: Page, portal_url: str, indexed_appeals: AppealData, artifacts: Path
) -> None:
    wrong, right = describe(ReasonKind.REJECTION, 1), describe(ReasonKind.REJECTION, 2)
    why = describe(ReasonKind.CORRECTION, 1)
    receipt = APPEAL_SALTS["corrected"].hex()
    _look_up(page, portal_url + "/", indexed_appeals.corrected, IDENTITY, receipt)
    assert page.inner_text("#status") == "不予批准"
    assert page.inner_text("#reason-text") == right.text_zh  # the reason in force is the corrected one
    assert "已更正" in page.inner_text("#reason-original")
    assert wrong.text_zh in page.inner_text("#reason-original")  # the original stays visible
    note = page.inner_text("#reason-corrected .corrected")
    assert note.startswith("已更正")
    assert f"更正为: 2 {right.text_zh}" in note
    assert why.text_zh in note
    assert "更正人: 张店区行政审批服务局" in note
    assert indexed_appeals.corrector in note
    assert re.search(BEIJING_MOMENT_ZH, note)
    rejection = _event(page, "ApplicationRejected")  # the rejection as recorded, marked corrected
    assert wrong.text_zh in rejection
    assert "已更正" in rejection
    assert right.text_zh in rejection
    assert "决定已更正" in _event(page, "DecisionCorrected")
    _no_raw_codes(page)
    page.screenshot(path=str(artifacts / "portal-corrected-zh.png"), full_page=True)

    _look_up(page, portal_url + "/?lang=en", indexed_appeals.corrected, IDENTITY, receipt)
    assert page.inner_text("#status") == "Rejected"
    assert page.inner_text("#reason-text") == right.text_en
    assert wrong.text_en in page.inner_text("#reason-original")
    note = page.inner_text("#reason-corrected .corrected")
    assert note.startswith("Corrected")
    assert f"corrected to: 2 {right.text_en}" in note
    assert why.text_en in note
    assert "corrected by: Administrative Approval Service Bureau" in note
    assert re.search(BEIJING_MOMENT_EN, note)
    assert "Corrected" in _event(page, "ApplicationRejected")
    _no_raw_codes(page)
    page.screenshot(path=str(artifacts / "portal-corrected-en.png"), full_page=True)


# ---- issue 18 (replace): a replaced certificate and its replacement on the certificate page ----


def test_a_replaced_certificate_shows_its_replacement_and_the_new_one_what_it_replaced(
    page: Page, portal_url: str, portal_data: PortalData, tmp_path: Path, artifacts: Path
) -> None:
    old, new = portal_data.replaced, portal_data.replacement
    assert old is not None
    assert new is not None
    old_path, new_path = tmp_path / "old-licence.json", tmp_path / "new-licence.json"
    old_path.write_text(json.dumps(old.to_json(), ensure_ascii=False))
    new_path.write_text(json.dumps(new.to_json(), ensure_ascii=False))

    page.goto(portal_url + "/verify")
    page.set_input_files("#certificate-file", str(old_path))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "证照无效"
    assert page.inner_text("#status") == "已换发"
    block = page.inner_text("#replaced-by")
    assert "已换发 / Replaced" in block
    assert "0x" + new.certificate_id.hex() in block
    assert "北京时间" in block
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", block)
    assert "变更换发" in block
    assert page.get_attribute("#replaced-by", "data-reason") == "1"
    codes = page.eval_on_selector_all("tr.check", "rows => rows.map(r => r.dataset.code)")
    assert "CERTIFICATE_REPLACED" in codes
    page.screenshot(path=str(artifacts / "portal-verify-replaced.png"), full_page=True)

    page.goto(portal_url + "/verify?lang=en")
    page.set_input_files("#certificate-file", str(new_path))
    page.wait_for_selector("#verdict")
    assert page.inner_text("#verdict") == "The certificate is valid"
    replaces = page.inner_text("#replaces")
    assert "换发自 / Replaces" in replaces
    assert "0x" + old.certificate_id.hex() in replaces
    assert "Beijing time" in replaces
    assert "Change of registered details" in replaces
    assert page.query_selector("#replaced-by") is None
    page.screenshot(path=str(artifacts / "portal-verify-replacement.png"), full_page=True)
