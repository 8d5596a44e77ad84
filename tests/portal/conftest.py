"""The portal over the session's chain: an app for API tests and a live server for the browser."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from eth_account import Account
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from web3 import Web3

from tests.conftest import free_port
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.models import ApprovalStep, Automation, OfficerRole, ServiceDefinition, TimeLimit, TimeUnit
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.core.storage import FolderStore
from zhangdian_sdk.facades.certificates import Certificate, CertificateDraft
from zhangdian_sdk.facades.materials import MaterialSpec, Purpose, sign_consent
from zhangdian_sdk.ops.localchain import LocalChain
from zhangdian_sdk.services.portal import PortalConfig, create_app
from zhangdian_sdk.services.portal.limits import SERVER_OPTIONS

IDENTITY = "370303199212120099"
SALT = bytes.fromhex("a1" * 16)
# Receipt codes of the applications the rating tests rate (one for the API, one for the browser) and of
# one still open.
RATING_SALTS = {"api": bytes.fromhex("b2" * 16), "browser": bytes.fromhex("c3" * 16), "open": bytes.fromhex("d4" * 16)}
ONE_THING = ServiceDefinition(
    owner_department="ZD-XPSJ",
    name_zh="开办个体工商户一件事",
    name_en="Opening a sole proprietorship (one thing)",
    steps=(ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 24),),
    promised_time_limit=TimeLimit(3 * 24, TimeUnit.HOURS),
    legal_time_limit=TimeLimit(3 * 24, TimeUnit.HOURS),
    follow_on_services=("ZD-GTGSH-SL",),
)


@dataclass(frozen=True)
class PortalData:
    """What the tests look up: an application with its salt, certificates, and a used material."""

    number: str
    certificate: Certificate
    material_id: bytes
    rating_numbers: dict[str, str]  # by the keys of RATING_SALTS
    # issue 18 (replace): a licence replaced (换发) by a new one for a change of registered details
    replaced: Certificate | None = None
    replacement: Certificate | None = None


@pytest.fixture(scope="session")
def portal_data(w3: Web3, deployment, officers, tmp_path_factory: pytest.TempPathFactory) -> PortalData:
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    number = "ZD-PORTAL-000001"
    commitment = applicant_commitment(IDENTITY, SALT, department="ZD-XPSJ")
    # 开办一件事: completing it issues a licence and opens the registration as a linked application.
    admin.catalog.publish("ZD-YJS-KY", ONE_THING)
    admin.catalog.set_automation("ZD-YJS-KY", Automation(certificate_type="BIZ-LICENCE", certificate_issuer="ZD-XPSJ"))
    clerk.ledger.submit(number, service="ZD-YJS-KY", applicant_commitment=commitment)
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)

    admin.departments.grant("ZD-XPSJ", officers.approver.address, OfficerRole.ISSUER)
    until = int(time.time()) + 365 * 86_400
    (certificate, _sibling) = approver.certificates.issue_batch(
        [CertificateDraft("LICENCE", commitment, {"shop": "张店小吃", "owner": "张三"}, valid_until=until)] * 2,
        issuer="ZD-XPSJ",
    )

    key = DepartmentKey.generate()
    admin.materials.set_encryption_key("ZD-XPSJ", key.public_key)
    citizen = Account.create()
    store = FolderStore(tmp_path_factory.mktemp("store"))
    spec = MaterialSpec("ID-CARD", "ZD-XPSJ", commitment, citizen.address, int(time.time()) - 60, until)
    material = clerk.materials.register(spec, document=b"scan", store=store, issuer_public_key=key.public_key)
    purpose = Purpose.service("ZD-GTGSH-SL")
    consent = clerk.materials.consent(material.material_id, department="ZD-XPSJ", purpose=purpose, valid_for=3600)
    clerk.materials.grant_consent(consent, sign_consent(citizen, consent, clerk.materials.domain()))
    clerk.materials.fetch(material.material_id, store=store, department="ZD-XPSJ", key=key, purpose=purpose)

    rating_numbers = {}
    for use, salt in RATING_SALTS.items():
        rating_numbers[use] = f"ZD-PORTAL-RATE-{use.upper()}"
        rated = applicant_commitment(IDENTITY, salt, department="ZD-XPSJ")
        clerk.ledger.submit(rating_numbers[use], service="ZD-GTGSH-SL", applicant_commitment=rated)
        if use != "open":
            clerk.ledger.accept(rating_numbers[use])
            approver.ledger.approve(rating_numbers[use], step=0)

    # issue 18 (replace): 变更换发, the shop moved; the old licence is replaced by a new one (reason 1)
    replaced = approver.certificates.issue(
        CertificateDraft("LICENCE", commitment, {"shop": "张店小吃", "address": "华光路 1 号"}, valid_until=until),
        issuer="ZD-XPSJ",
    )
    replacement = approver.certificates.issue(
        CertificateDraft("LICENCE", commitment, {"shop": "张店小吃", "address": "共青团路 8 号"}, valid_until=until),
        issuer="ZD-XPSJ",
    )
    approver.certificates.replace(replaced, replacement, reason_code=1)

    return PortalData(
        number=number,
        certificate=certificate,
        material_id=material.material_id,
        rating_numbers=rating_numbers,
        replaced=replaced,
        replacement=replacement,
    )


@pytest.fixture(scope="session")
def portal_app(
    w3: Web3, deployment, anvil_chain: LocalChain, portal_data: PortalData, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    database = tmp_path_factory.mktemp("portal") / "index.db"
    # The relayer of citizens' ratings: a dev account of the local chain, as `zhangdian portal` uses.
    config = PortalConfig(relayer=anvil_chain.dev_signer(9), follow_interval=0.2)
    app = create_app(ZhangdianClient(w3, deployment), f"sqlite:///{database}", config)
    # The app's lifespan runs its follower for the whole session; the tests start once it caught up.
    with TestClient(app):
        caught_up(app, w3)
        yield app


def caught_up(app: FastAPI, w3: Web3, timeout: float = 60) -> None:
    """Wait until the portal's follower has indexed the chain's current head (requests never sync)."""
    head = w3.eth.block_number
    assert app.state.portal.wait_indexed(head, timeout), f"the follower did not index block {head}"


@pytest.fixture(scope="session")
def portal_url(portal_app: FastAPI) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(portal_app, host="127.0.0.1", port=port, log_level="warning", **SERVER_OPTIONS)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium (Debian's, installed by `make setup`), one per test module."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is missing: `make setup` installs Debian's chromium package")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page at phone size (375x812); a module that needs another size defines its own."""
    context = browser.new_context(viewport={"width": 375, "height": 812})
    opened = context.new_page()
    yield opened
    context.close()
