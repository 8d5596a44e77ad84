"""The printed receipt's QR code opens the lookup pre-filled (issue 15, item 4): the number and the receipt
code travel in the URL's fragment, which the browser never sends, and the page removes it from the
address bar once the form is filled."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page
from web3 import Web3

from tests.portal.conftest import IDENTITY, SALT, PortalData
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.services.receipt import receipt_facts, receipt_url, render_receipt


def test_the_receipt_link_fills_the_lookup_and_leaves_no_trace_in_the_address_bar(
    page: Page, portal_url: str, portal_data: PortalData, artifacts: Path
) -> None:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url + (request.post_data or "")))
    url = receipt_url(portal_url, portal_data.number, SALT.hex())  # what the receipt's QR code holds
    page.goto(url)
    page.wait_for_function("document.getElementById('receipt').value !== ''")
    assert page.input_value("#number") == portal_data.number
    assert page.input_value("#receipt") == SALT.hex()
    assert page.input_value("#identity") == ""  # never in a URL: the citizen types it
    assert page.evaluate("location.hash") == ""
    assert "#" not in page.url
    assert page.url == portal_url + "/?lang=zh"
    assert page.evaluate("document.activeElement.id") == "identity"
    page.screenshot(path=str(artifacts / "receipt-prefilled-lookup.png"), full_page=True)
    page.fill("#identity", IDENTITY)
    page.click("#lookup-button")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "已办结"
    assert not any(SALT.hex() in request for request in sent), "the receipt code reached a server"
    # The entry was replaced, not added: no step back in the history holds the code.
    page.go_back()
    assert SALT.hex() not in page.url


def test_a_fragment_that_is_not_a_receipt_is_left_alone(page: Page, portal_url: str) -> None:
    page.goto(portal_url + "/#section=help")
    page.wait_for_selector("#lookup-form")
    assert page.evaluate("location.hash") == "#section=help"
    assert page.input_value("#number") == ""


def test_the_printed_receipt_is_one_page_on_a5_and_a4(
    page: Page, w3: Web3, deployment: Deployment, portal_url: str, portal_data: PortalData, artifacts: Path
) -> None:
    facts = receipt_facts(ZhangdianClient(w3, deployment), portal_data.number, receipt=SALT.hex(), department="ZD-XPSJ")
    html = render_receipt(facts, portal_url=portal_url)
    file = artifacts / "receipt.html"
    file.write_text(html, encoding="utf-8")
    page.goto(file.as_uri())
    assert "开办个体工商户一件事" in page.inner_text("#service")
    assert page.locator("#qr svg").count() == 1
    page.screenshot(path=str(artifacts / "receipt.png"), full_page=True)
    for paper in ("A5", "A4"):
        pdf = page.pdf(format=paper, prefer_css_page_size=False)
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, f"the receipt takes more than one {paper} page"
