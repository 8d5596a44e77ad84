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
from eth_utils.crypto import keccak
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from web3 import Web3

from tests.conftest import free_port
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.models import (
    AppealOutcome,
    AppealTerms,
    ApprovalStep,
    Automation,
    OfficerRole,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
)
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


# 行政复议 and 更正 (issue 18): an appealed rejection revoked and completed after reopening, and a rejection
# whose reason code its department corrected. The portal's reviewing body and service are its own (the SDK
# tests register theirs on the same session chain).
APPEAL_REVIEWER = "ZD-P-FYJG"
APPEAL_SERVICE = "ZD-P-APL"
APPEAL_SALTS = {"appealed": bytes.fromhex("e5" * 16), "corrected": bytes.fromhex("f6" * 16)}


@dataclass(frozen=True)
class AppealData:
    """The two applications of issue 18 the portal shows, looked up with IDENTITY and APPEAL_SALTS."""

    appealed: str  # rejected at step 2, appealed, revoked (reason 2) and reopened at step 2, then completed
    appeal_id: bytes
    corrected: str  # rejected with reason 1, corrected by ZD-XPSJ to reason 2 (correction reason 1)
    corrector: str  # the address that corrected it


@pytest.fixture(scope="session")
def appeal_data(w3: Web3, deployment, officers) -> AppealData:  # type: ignore[no-untyped-def]
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    reviewer = ZhangdianClient(w3, deployment, signer=officers.inspector)
    admin.departments.register(
        APPEAL_REVIEWER, 370303, "11370303004235915L", "张店区人民政府行政复议办公室", "District Reconsideration Office"
    )
    admin.departments.grant(APPEAL_REVIEWER, officers.clerk.address, OfficerRole.CLERK)
    admin.departments.grant(APPEAL_REVIEWER, officers.inspector.address, OfficerRole.APPROVER)
    step = ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 24)
    admin.catalog.publish(
        APPEAL_SERVICE,
        ServiceDefinition(
            owner_department="ZD-XPSJ",
            name_zh="门头招牌设置审批",
            name_en="Approval of a shop sign",
            steps=(step, step),
            promised_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
            legal_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
        ),
    )
    admin.appeals.set_terms(AppealTerms(APPEAL_REVIEWER, 60, 60, 30), service=APPEAL_SERVICE)

    appealed = "ZD-PORTAL-APPEAL-1"
    commitment = applicant_commitment(IDENTITY, APPEAL_SALTS["appealed"], department="ZD-XPSJ")
    clerk.ledger.submit(appealed, service=APPEAL_SERVICE, applicant_commitment=commitment)
    clerk.ledger.accept(appealed)
    approver.ledger.approve(appealed, step=0)
    approver.ledger.reject(appealed, reason_code=2)
    filed = clerk.appeals.file(appealed, grounds_hash=keccak(b"the applicant's grounds"))
    clerk.appeals.accept(filed.appeal_id)
    reviewer.appeals.decide(
        filed.appeal_id, AppealOutcome.REVOKED, reason_code=2, decision_hash=keccak(b"decision"), reopen_step=1
    )
    approver.ledger.approve(appealed, step=1)

    corrected = "ZD-PORTAL-CORRECTED-1"
    commitment = applicant_commitment(IDENTITY, APPEAL_SALTS["corrected"], department="ZD-XPSJ")
    clerk.ledger.submit(corrected, service="ZD-GTGSH-SL", applicant_commitment=commitment)
    clerk.ledger.accept(corrected)
    approver.ledger.reject(corrected, reason_code=1)
    approver.corrections.correct_reason_code(corrected, to=2, reason_code=1)
    return AppealData(appealed, filed.appeal_id, corrected, officers.approver.address)
