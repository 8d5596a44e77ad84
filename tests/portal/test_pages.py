"""Every portal page on a phone (375x812) and a desktop (1280x800), in Chinese and English, in real
headless Chromium (issue 15 items 5 and 7): no horizontal scroll, a screenshot kept in
test-artifacts/, no serious or critical axe-core violation, a label on every field, and the lookup
usable from the keyboard alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page
from web3 import Web3

from tests.portal.conftest import IDENTITY, SALT, PortalData
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.deployments import Deployment

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
PAGES = ("/", "/verify", "/uses", "/transparency", "tx")


@pytest.fixture(scope="module", autouse=True)
def axe_installed() -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}): run `npm ci` (package.json pins axe-core)")


def _open(browser: Browser, viewport: str) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORTS[viewport])  # type: ignore[arg-type]
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _open(browser, "phone")


@pytest.fixture(scope="module")
def transaction_hash(w3: Web3, deployment: Deployment, portal_data: PortalData) -> str:
    """A real transaction of the fixtures: the one that submitted the looked-up application."""
    ledger = ZhangdianClient(w3, deployment).ledger
    return next(iter(ledger.history(ledger.resolve(portal_data.number, department="ZD-XPSJ")))).transaction_hash


def _assert_no_horizontal_scroll(page: Page, what: str) -> None:
    widths = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                   widest: [...document.querySelectorAll('body *')]
                     .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                     .slice(0, 5).map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)})"""
    )
    assert widths["scroll"] <= widths["inner"], f"{what} is {widths['scroll']} px wide: {widths['widest']}"


def _assert_accessible(page: Page, what: str) -> None:
    """axe-core: no serious or critical violation (printed in full when there is one)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter((v) => v.impact === 'serious' || v.impact === 'critical')
             .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))}))"""
    )
    if violations:
        print(json.dumps(violations, ensure_ascii=False, indent=2))
    assert violations == [], f"{what}: {[v['id'] for v in violations]}"


def _assert_every_field_is_labelled(page: Page, what: str) -> None:
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select')]
             .filter((e) => e.type !== 'hidden')
             .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                            && !e.getAttribute('aria-labelledby'))
             .map((e) => e.outerHTML)"""
    )
    assert unlabelled == [], f"{what}: fields without a label: {unlabelled}"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_the_screen_and_passes_axe(
    browser: Browser, portal_url: str, transaction_hash: str, artifacts: Path, path: str, lang: str, viewport: str
) -> None:
    for page in _open(browser, viewport):
        target = f"/tx/{transaction_hash}" if path == "tx" else path
        page.goto(f"{portal_url}{target}?lang={lang}")
        page.wait_for_load_state("networkidle")
        what = f"{target} ({lang}, {viewport})"
        assert page.get_attribute("html", "lang") == ("zh-CN" if lang == "zh" else "en")
        name = "tx" if path == "tx" else (path.strip("/") or "lookup")
        page.screenshot(path=str(artifacts / f"page-{name}-{lang}-{viewport}.png"), full_page=True)
        _assert_no_horizontal_scroll(page, what)
        _assert_every_field_is_labelled(page, what)
        _assert_accessible(page, what)
        # The page's own link in the navigation says it is the current page; the others do not.
        current = page.eval_on_selector_all("nav a[aria-current=page]", "links => links.map((a) => a.id)")
        assert current == ([] if path == "tx" else [f"nav-{name}"])
        assert page.get_attribute("nav", "aria-label")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lookup_result_on_a_phone_fits_the_screen_and_passes_axe(
    phone: Page, portal_url: str, portal_data: PortalData, artifacts: Path, lang: str
) -> None:
    phone.goto(f"{portal_url}/?lang={lang}")
    phone.fill("#number", portal_data.number)
    phone.fill("#identity", IDENTITY)
    phone.fill("#receipt", SALT.hex())
    phone.click("#lookup-button")
    phone.wait_for_selector("#timeline")
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=str(artifacts / f"page-result-{lang}-phone.png"), full_page=True)
    what = f"the result page ({lang}, phone)"
    _assert_no_horizontal_scroll(phone, what)
    _assert_every_field_is_labelled(phone, what)
    _assert_accessible(phone, what)


def test_the_lookup_works_from_the_keyboard_alone(
    phone: Page, portal_url: str, portal_data: PortalData, artifacts: Path
) -> None:
    """The skip link comes first; Tab reaches the three fields and the button in order; Enter submits."""
    phone.goto(f"{portal_url}/")
    reached: list[str] = []
    for _ in range(20):
        phone.keyboard.press("Tab")
        focused = phone.evaluate("() => document.activeElement.id || document.activeElement.className")
        reached.append(focused)
        if focused == "lookup-button":
            break
    assert reached[0] == "skip-link"
    fields = [r for r in reached if r in {"number", "identity", "receipt", "lookup-button"}]
    assert fields == ["number", "identity", "receipt", "lookup-button"], reached
    # The skip link moves the focus past the navigation, to the page's content.
    phone.goto(f"{portal_url}/")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    assert phone.evaluate("() => document.activeElement.id") == "main"
    # Type and submit with the keyboard only.
    phone.focus("#number")
    phone.keyboard.type(portal_data.number)
    phone.keyboard.press("Tab")
    phone.keyboard.type(IDENTITY)
    phone.keyboard.press("Tab")
    phone.keyboard.type(SALT.hex())
    phone.keyboard.press("Enter")
    phone.wait_for_selector("#timeline")
    assert phone.inner_text("#status") in {"已办结", "Completed"}
    # A visible focus outline on the focused field.
    phone.focus("#number")
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Tab")
    outline = phone.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in {"none", ""}
    phone.screenshot(path=str(artifacts / "page-keyboard-focus-phone.png"))


# The result-page markup the shared plan agrees on (lookup.js renders it, portal.css styles it).
AGREED_MARKUP = f"""
<dl class="facts" id="sample-facts"><dt>服务事项 Service</dt><dd>开办个体工商户一件事</dd>
  <dt>办件标识 Application id</dt><dd><code>0x{"ab" * 32}</code></dd></dl>
<ol class="timeline" id="sample-timeline"><li class="card"><h4>提交申请</h4><p>2026-11-28 18:21 (北京时间)</p>
  <p><a href="/tx/0x{"cd" * 32}">0x{"cd" * 32}</a></p></li><li class="card">受理</li></ol>
<table class="stats cards" id="sample-cards"><tr><th></th><th>总数</th><th>按时办结率</th></tr>
  <tr><td data-label="部门">张店区行政审批服务局</td><td data-label="总数">5</td>
  <td data-label="按时办结率">100%</td></tr></table>
<details class="raw" open><summary>原始数据 Raw</summary>
  <pre tabindex="0">{{"calldata": "0x{"ef" * 400}"}}</pre></details>
"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_agreed_result_markup_is_laid_out_for_the_screen(
    browser: Browser, portal_url: str, artifacts: Path, viewport: str
) -> None:
    """Facts stack on a phone and sit in two columns on a desktop; the timeline is a list of cards;
    hashes wrap; raw data scrolls inside its own box, never the page."""
    for page in _open(browser, viewport):
        page.goto(f"{portal_url}/verify")
        page.eval_on_selector("main", "(main, html) => { main.innerHTML = html; }", AGREED_MARKUP)
        page.screenshot(path=str(artifacts / f"page-agreed-markup-{viewport}.png"), full_page=True)
        _assert_no_horizontal_scroll(page, f"the agreed markup ({viewport})")
        _assert_accessible(page, f"the agreed markup ({viewport})")
        term, value = (page.locator("#sample-facts dt").first, page.locator("#sample-facts dd").first)
        term_box, value_box = term.bounding_box(), value.bounding_box()
        assert term_box is not None
        assert value_box is not None
        if viewport == "phone":
            assert value_box["y"] >= term_box["y"] + term_box["height"] - 1  # below its name
        else:
            assert abs(value_box["y"] - term_box["y"]) < 4  # beside its name
            assert value_box["x"] > term_box["x"] + term_box["width"]
        assert page.eval_on_selector("#sample-timeline", "e => getComputedStyle(e).listStyleType") == "none"
        raw = page.eval_on_selector(
            "details.raw pre",
            "e => ({scroll: e.scrollWidth, client: e.clientWidth, overflow: getComputedStyle(e).overflowX})",
        )
        assert raw["overflow"] == "auto"
        assert raw["scroll"] > raw["client"]  # the long line scrolls inside the box
        if viewport == "phone":
            cells = page.eval_on_selector_all(
                "#sample-cards td", "tds => tds.map((td) => getComputedStyle(td).display)"
            )
            assert set(cells) == {"block"}
