"""Automation through the SDK, the CLI and the keeper, on a real anvil chain with time travel.

The module runs its own anvil: its clock jumps by days, which must not age the consents and
deadlines of the other tests on the session's chain."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest
from click.testing import CliRunner
from web3 import Web3

from tests.conftest import Officers, free_port
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.codes import application_id, code_to_bytes32
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import (
    ApplicationStatus,
    ApprovalStep,
    Automation,
    DeadlinePolicy,
    OfficerRole,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
)
from zhangdian_sdk.facades.completion import completion_certificate, completion_root
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.localchain import LocalChain
from zhangdian_sdk.services.keeper import Keeper

DAY = 86_400
COMMITMENT = b"\x5a" * 32
_numbers: Iterator[int] = count(1)


def _service(name: str, owner: str = "ZD-XPSJ", *, step_limit: int = DAY, follow_ons: tuple[str, ...] = ()):
    return ServiceDefinition(
        owner_department=owner,
        name_zh=name,
        name_en=name,
        steps=(ApprovalStep(owner, OfficerRole.APPROVER, step_limit // 3600),),
        promised_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
        legal_time_limit=TimeLimit(5 * 24, TimeUnit.HOURS),
        follow_on_services=follow_ons,
    )


@dataclass(frozen=True)
class Suite:
    deployment: Deployment
    manifest: Path
    fee_rule: str

    def client(self, w3: Web3, signer: object) -> ZhangdianClient:
        return ZhangdianClient(w3, self.deployment, signer=signer)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def own_anvil(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalChain]:
    chain = LocalChain(port=free_port(), folder=tmp_path_factory.mktemp("automation-chain"))
    chain.up()
    yield chain
    chain.down()


@pytest.fixture(scope="module")
def own_w3(own_anvil: LocalChain) -> Web3:
    return connect_web3(own_anvil.rpc_url)


@pytest.fixture(scope="module")
def own_officers(own_anvil: LocalChain) -> Officers:
    return Officers(*(own_anvil.dev_signer(i) for i in range(5)))


@pytest.fixture(scope="module")
def suite(own_w3: Web3, own_officers: Officers, tmp_path_factory: pytest.TempPathFactory) -> Suite:
    manifest = tmp_path_factory.mktemp("automation") / f"{own_w3.eth.chain_id}.json"
    deployment = deploy_suite(own_w3, own_officers.admin, manifest_path=manifest)
    admin = ZhangdianClient(own_w3, deployment, signer=own_officers.admin)
    admin.departments.register("ZD-XPSJ", 370303, "113703030042351144", "张店区行政审批服务局", "Approval Bureau")
    admin.departments.register("ZD-SWJ", 370303, "113703030042351144", "张店区税务局", "Tax Bureau")
    admin.departments.register("ZD-DCB", 370303, "113703030042351144", "张店区督查办", "Supervision Office")
    for department in ("ZD-XPSJ", "ZD-SWJ"):
        admin.departments.grant(department, own_officers.clerk.address, OfficerRole.CLERK)
        admin.departments.grant(department, own_officers.approver.address, OfficerRole.APPROVER)
    admin.departments.grant("ZD-DCB", own_officers.inspector.address, OfficerRole.APPROVER)
    admin.catalog.publish("AU-TAX", _service("税务登记", "ZD-SWJ"))
    admin.catalog.publish("AU-SOCIAL", _service("社保登记"))
    admin.catalog.publish("AU-BIZ", _service("个体工商户设立登记", follow_ons=("AU-TAX", "AU-SOCIAL")))
    admin.catalog.publish("AU-DEEMED", _service("告知承诺事项"))
    admin.catalog.publish("AU-ESCALATE", _service("督办事项"))
    admin.catalog.publish("AU-WAIT", _service("公示事项"))
    prerequisite = admin.rules.deploy_prerequisite("AU-TAX")
    fee_rule = admin.rules.deploy_fee_payment("ZD-SWJ")
    admin.catalog.set_automation("AU-TAX", Automation(certificate_type="TAX-REG", certificate_issuer="ZD-SWJ"))
    admin.catalog.set_automation("AU-SOCIAL", Automation(rules=(prerequisite, fee_rule)))
    admin.catalog.set_automation("AU-DEEMED", Automation(deadline_policy=DeadlinePolicy.DEEMED_APPROVAL))
    admin.catalog.set_automation(
        "AU-ESCALATE", Automation(deadline_policy=DeadlinePolicy.ESCALATE, supervisor="ZD-DCB")
    )
    admin.catalog.set_automation("AU-WAIT", Automation(rules=(admin.rules.deploy_waiting_period(days=2),)))
    return Suite(deployment, manifest, fee_rule)


def _open(client: ZhangdianClient, service: str, *, accept: bool = True) -> str:
    number = f"ZD-AU-{next(_numbers):05d}"
    client.ledger.submit(number, service=service, applicant_commitment=COMMITMENT)
    if accept:
        client.ledger.accept(number)
    return number


def _travel(own_w3: Web3, seconds: int) -> None:
    own_w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
    own_w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def test_automation_terms_round_trip_and_setting_them_again_is_a_no_op(
    own_w3: Web3, own_officers: Officers, suite: Suite
) -> None:
    admin = suite.client(own_w3, own_officers.admin)
    terms = admin.catalog.automation("AU-TAX")
    assert terms == Automation(certificate_type="TAX-REG", certificate_issuer="ZD-SWJ")
    assert admin.catalog.set_automation("AU-TAX", terms).already_recorded
    social = admin.catalog.automation("AU-SOCIAL")
    kinds = [admin.rules.describe(rule).kind for rule in social.rules]
    assert kinds == ["PrerequisiteServiceRule", "FeePaymentRule"]
    with pytest.raises(errors.InvalidSupervisor):
        admin.catalog.set_automation("AU-WAIT", Automation(deadline_policy=DeadlinePolicy.ESCALATE))
    with pytest.raises(errors.InvalidInputError):
        admin.rules.deploy_waiting_period(seconds=0)


def test_one_business_opening_opens_its_linked_services_with_certificate_and_rules(
    own_w3: Web3, own_officers: Officers, suite: Suite
) -> None:
    clerk, approver = suite.client(own_w3, own_officers.clerk), suite.client(own_w3, own_officers.approver)
    parent = _open(clerk, "AU-BIZ")
    result = approver.ledger.approve(parent, step=0)
    assert result.events.count("FollowOnOpened") == 2
    links = clerk.ledger.links(parent)
    assert links.parent is None
    assert len(links.children) == 2
    tax_id, social_id = links.children
    assert clerk.ledger.links(tax_id).parent == application_id(parent, "ZD-XPSJ")
    tax = clerk.ledger.get(tax_id)
    assert clerk.ledger.get(social_id).service == "AU-SOCIAL"
    assert (tax.service, tax.department, tax.status) == ("AU-TAX", "ZD-SWJ", ApplicationStatus.SUBMITTED)
    assert tax.applicant_commitment == COMMITMENT
    events = [entry.event for entry in clerk.ledger.history(parent)]
    assert events[-3:] == ["ApplicationCompleted", "FollowOnOpened", "FollowOnOpened"]

    # Social insurance first: it waits for the tax registration and the fee.
    clerk.ledger.accept(social_id)
    approver.ledger.approve(social_id, step=0)
    blocker = clerk.ledger.completion_blocker(social_id)
    assert isinstance(blocker, errors.PrerequisiteNotCompleted)
    assert "AU-TAX" in blocker.message_en
    with pytest.raises(errors.PrerequisiteNotCompleted):
        clerk.ledger.complete(social_id)
    history = list(clerk.ledger.history(social_id))
    deferred = [h for h in history if h.event == "CompletionDeferred"]
    assert deferred
    assert "AU-TAX" in deferred[0].details["reason"]

    clerk.ledger.accept(tax_id)
    approver.ledger.approve(tax_id, step=0)
    certificate = completion_certificate(clerk, tax_id)
    assert certificate is not None
    assert certificate.valid
    assert (certificate.certificate_type, certificate.issuer) == ("TAX-REG", "ZD-SWJ")
    assert completion_certificate(clerk, parent) is None

    assert isinstance(clerk.ledger.completion_blocker(social_id), errors.PaymentNotConfirmed)
    with pytest.raises(errors.NotAFeeClerk):
        approver.rules.confirm_payment(suite.fee_rule, social_id, receipt_hash=b"\x01" * 32)
    clerk.rules.confirm_payment(suite.fee_rule, social_id, receipt_hash=b"\x01" * 32)
    assert clerk.rules.confirm_payment(suite.fee_rule, social_id, receipt_hash=b"\x01" * 32).already_recorded
    assert clerk.ledger.completion_blocker(social_id) is None
    assert clerk.ledger.complete(social_id).events == ("ApplicationCompleted",)
    assert clerk.ledger.complete(social_id).already_recorded


def test_the_keeper_flags_deems_escalates_and_completes_once(
    own_w3: Web3, own_officers: Officers, suite: Suite, tmp_path: Path
) -> None:
    clerk = suite.client(own_w3, own_officers.clerk)
    flag_only = _open(clerk, "AU-SOCIAL")  # no deadline policy: flagged, nothing else
    deemed = _open(clerk, "AU-DEEMED")
    escalated = _open(clerk, "AU-ESCALATE")
    waiting = _open(clerk, "AU-WAIT")
    suite.client(own_w3, own_officers.approver).ledger.approve(waiting, step=0)
    not_due = _open(clerk, "AU-DEEMED", accept=False)

    keeper = Keeper(suite.client(own_w3, own_officers.outsider), state_path=tmp_path / "keeper.json")
    first = keeper.run_once()
    assert first.flagged == first.completed == 0
    assert application_id(waiting, "ZD-XPSJ") in keeper.watched

    _travel(own_w3, 2 * DAY + 60)
    second = keeper.run_once()
    done = {(a.kind, a.application_id) for a in second.actions if a.outcome == "done"}
    for number in (flag_only, deemed, escalated):
        assert ("flag", application_id(number, "ZD-XPSJ")) in done
    assert ("complete", application_id(waiting, "ZD-XPSJ")) in done
    assert second.failed == 0
    assert clerk.ledger.get(deemed).status == ApplicationStatus.COMPLETED
    assert clerk.ledger.get(waiting).status == ApplicationStatus.COMPLETED
    assert clerk.ledger.get(flag_only).status == ApplicationStatus.ACCEPTED
    assert clerk.ledger.get(not_due).status == ApplicationStatus.SUBMITTED
    assert "StepEscalated" in [h.event for h in clerk.ledger.history(escalated)]
    assert (
        suite.client(own_w3, own_officers.inspector).ledger.approve(escalated, step=0).events[-1]
        == "ApplicationCompleted"
    )

    # A new keeper resumes from the state file and finds nothing left to do.
    again = Keeper(suite.client(own_w3, own_officers.outsider), state_path=tmp_path / "keeper.json").run_once()
    assert again.actions == []
    assert again.from_block == second.to_block + 1


def test_two_keepers_racing_act_once_between_them(own_w3: Web3, own_officers: Officers, suite: Suite) -> None:
    clerk = suite.client(own_w3, own_officers.clerk)
    numbers = [_open(clerk, "AU-DEEMED") for _ in range(4)]
    _travel(own_w3, 2 * DAY + 60)
    keepers = [Keeper(suite.client(own_w3, signer)) for signer in (own_officers.outsider, own_officers.inspector)]
    reports = []

    def run(keeper: Keeper) -> None:
        reports.append(keeper.run_once())

    threads = [threading.Thread(target=run, args=(k,)) for k in keepers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ours = {application_id(n, "ZD-XPSJ") for n in numbers}
    done = [a for r in reports for a in r.actions if a.outcome == "done" and a.application_id in ours]
    assert sorted(a.application_id for a in done) == sorted(ours)  # each flagged (and deemed approved) once
    assert sum(r.failed for r in reports) == 0
    # Whatever the interleaving, every action either happened or was seen done by the other keeper.
    assert all(a.outcome in {"done", "raced"} for r in reports for a in r.actions)
    for number in numbers:
        history = [h.event for h in clerk.ledger.history(number)]
        assert history.count("ApplicationOverdue") == 1
        assert clerk.ledger.get(number).status == ApplicationStatus.COMPLETED


def test_the_cli_sets_automation_deploys_rules_and_runs_the_keeper_once(
    own_anvil, own_w3: Web3, own_officers: Officers, suite: Suite, tmp_path: Path
) -> None:
    def run(who: str, *args: str) -> str:
        env = {
            "ZHANGDIAN_RPC_URL": own_anvil.rpc_url,
            "ZHANGDIAN_PRIVATE_KEY": "0x" + getattr(own_officers, who)._account.key.hex(),
        }
        result = CliRunner().invoke(cli, [*args, "--deployment", str(suite.manifest)], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    rule = run("admin", "rule", "waiting-period", "--days", "1").strip().splitlines()[-1]
    assert run("admin", "rule", "show", rule).count("WaitingPeriodRule") == 1
    run("admin", "service", "automation", "AU-WAIT", "--rule", rule, "--policy", "deemed")
    shown = json.loads(run("admin", "service", "automation", "AU-WAIT", "--show", "--json"))
    assert shown["deadline_policy"]["name"] == "DEEMED_APPROVAL"
    assert shown["rules"] == [rule]

    clerk = suite.client(own_w3, own_officers.clerk)
    number = _open(clerk, "AU-WAIT")
    suite.client(own_w3, own_officers.approver).ledger.approve(number, step=0)
    links = run("clerk", "application", "links", number)
    assert "waiting to complete" in links
    _travel(own_w3, DAY + 60)
    output = run("outsider", "keeper", "run", "--once", "--state", str(tmp_path / "k.json"))
    assert ", completed 1," in output
    assert clerk.ledger.get(number).status == ApplicationStatus.COMPLETED
    assert "already recorded" in run("clerk", "application", "complete", number)


def test_the_index_follows_deemed_approvals_follow_ons_and_deferred_completions(
    own_w3: Web3, own_officers: Officers, suite: Suite, tmp_path: Path
) -> None:
    from zhangdian_sdk.services.indexer import Indexer, IndexReader

    clerk = suite.client(own_w3, own_officers.clerk)
    deemed = _open(clerk, "AU-DEEMED")
    _travel(own_w3, 2 * DAY + 60)
    Keeper(suite.client(own_w3, own_officers.outsider)).run_once()
    database = f"sqlite:///{tmp_path}/index.db"
    Indexer(own_w3, suite.deployment, database).sync()
    reader = IndexReader(database)
    assert clerk.ledger.get(deemed).status == ApplicationStatus.COMPLETED
    assert clerk.ledger.count() > 10  # every application of this module's chain, linked children included
    ledger = clerk.contract("ApplicationLedger")
    submitted = ledger.events.ApplicationSubmitted.get_logs(from_block=suite.deployment.start_block)
    for log in submitted:
        app_id = bytes(log["args"]["applicationId"])
        row = reader.application("0x" + app_id.hex())
        on_chain = clerk.ledger.get(app_id)
        assert row is not None
        assert (row["status"], row["current_step"]) == (int(on_chain.status), on_chain.current_step)
    timeline = [e["name"] for e in reader.timeline("0x" + application_id(deemed, "ZD-XPSJ").hex())]
    assert "StepDeemedApproved" in timeline


def test_a_running_keeper_passes_again_after_a_node_failure(own_w3: Web3, own_officers: Officers, suite: Suite) -> None:
    keeper = Keeper(suite.client(own_w3, own_officers.outsider))
    reports = []
    calls = {"count": 0}
    real = keeper.run_once

    def flaky() -> object:
        calls["count"] += 1
        if calls["count"] == 1:
            raise ConnectionError("node restarting")
        return real()

    keeper.run_once = flaky  # type: ignore[method-assign]
    waited: list[float] = []
    keeper.run(interval=7, passes=3, on_report=reports.append, sleep=waited.append)
    assert calls["count"] == 3
    assert len(reports) == 2  # the failed pass is logged and the next one runs
    assert waited == [7, 7]


def test_a_failed_follow_on_is_retried_through_the_sdk_and_the_cli(
    own_anvil: LocalChain, own_w3: Web3, own_officers: Officers, suite: Suite
) -> None:
    """Issue 12, finding 8: a follow-on that failed to open is retried once its cause is fixed, by
    governance or a clerk of its department; a retry is idempotent and bilingual on the CLI."""

    def run(who: str, *args: str) -> tuple[int, str]:
        env = {
            "ZHANGDIAN_RPC_URL": own_anvil.rpc_url,
            "ZHANGDIAN_PRIVATE_KEY": "0x" + getattr(own_officers, who)._account.key.hex(),
        }
        result = CliRunner().invoke(cli, [*args, "--deployment", str(suite.manifest)], env=env, catch_exceptions=False)
        return result.exit_code, result.output

    admin, clerk = suite.client(own_w3, own_officers.admin), suite.client(own_w3, own_officers.clerk)
    admin.catalog.publish("AU-RETRY-CHILD", _service("督查回访", "ZD-DCB"))
    admin.catalog.publish("AU-RETRY", _service("回访事项", follow_ons=("AU-RETRY-CHILD",)))
    admin.departments.set_active("ZD-DCB", False)
    try:
        parent = _open(clerk, "AU-RETRY")
        result = suite.client(own_w3, own_officers.approver).ledger.approve(parent, step=0)
        assert result.events.count("FollowOnFailed") == 1
        assert clerk.ledger.follow_on_failed(parent, service="AU-RETRY-CHILD")
        with pytest.raises(errors.DepartmentInactive):  # the cause is not fixed yet
            admin.ledger.retry_follow_on(parent, service="AU-RETRY-CHILD")
    finally:
        admin.departments.set_active("ZD-DCB", True)

    code, output = run("clerk", "application", "retry-follow-on", parent, "--service", "AU-RETRY-CHILD")
    assert code != 0
    assert "无权办理" in output
    assert "does not hold Clerk in department ZD-DCB" in output
    assert "Traceback" not in output
    code, output = run("admin", "application", "retry-follow-on", parent, "--service", "AU-TAX")
    assert code != 0
    assert "nothing to retry" in output
    assert "无需重试" in output

    code, output = run("admin", "application", "retry-follow-on", parent, "--service", "AU-RETRY-CHILD")
    assert code == 0, output
    assert "已上链 / recorded in block" in output
    (child,) = clerk.ledger.links(parent).children
    assert clerk.ledger.get(child).service == "AU-RETRY-CHILD"
    assert not clerk.ledger.follow_on_failed(parent, service="AU-RETRY-CHILD")
    code, output = run("admin", "application", "retry-follow-on", parent, "--service", "AU-RETRY-CHILD")
    assert code == 0
    assert "already recorded" in output
    assert admin.ledger.retry_follow_on(parent, service="AU-RETRY-CHILD").already_recorded
    with pytest.raises(errors.FollowOnNotFailed):
        admin.ledger.retry_follow_on(parent, service="AU-SOCIAL")


def test_a_rogue_issuer_cannot_pre_issue_a_completion_certificate_and_the_cli_revokes_it(
    own_anvil: LocalChain, own_w3: Web3, own_officers: Officers, suite: Suite
) -> None:
    """issue 12, finding 11 (first suspicion): an Issuer of the certificate department who issues the
    predicted completion root first no longer makes the last approval revert; the certificate is the
    ledger's, and it is revoked through the CLI with its preimage."""
    admin = suite.client(own_w3, own_officers.admin)
    admin.departments.grant("ZD-SWJ", own_officers.inspector.address, OfficerRole.ISSUER)
    rogue = suite.client(own_w3, own_officers.inspector)
    clerk, approver = suite.client(own_w3, own_officers.clerk), suite.client(own_w3, own_officers.approver)
    number = _open(clerk, "AU-TAX")
    at = int(own_w3.eth.get_block("latest")["timestamp"]) + 600
    root = completion_root(
        application_id(number, "ZD-SWJ"),
        certificate_type="TAX-REG",
        service="AU-TAX",
        service_version=1,
        applicant_commitment=COMMITMENT,
        completed_at=at,
    )
    registry = rogue.contract("CertificateRegistry")
    rogue.sender.send(registry.functions.issueBatch(root, code_to_bytes32("ZD-SWJ"), 1))
    own_w3.provider.make_request("evm_setNextBlockTimestamp", [at])  # type: ignore[arg-type]
    assert "ApplicationCompleted" in approver.ledger.approve(number, step=0).events
    certificate = completion_certificate(clerk, number)
    assert certificate is not None
    assert (certificate.root, certificate.valid, certificate.matches_ledger) == (root, True, True)

    env = {
        "ZHANGDIAN_RPC_URL": own_anvil.rpc_url,
        "ZHANGDIAN_PRIVATE_KEY": "0x" + own_officers.inspector._account.key.hex(),
    }
    args = ["certificate", "revoke-completion", number, "--reason", "6", "--deployment", str(suite.manifest)]
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    revoked = completion_certificate(clerk, number)
    assert revoked is not None
    assert (revoked.valid, revoked.reason_code) == (False, 6)
    assert revoked.revoked_block > certificate.issued_block
    with pytest.raises(errors.CertificateAlreadyRevoked):
        rogue.certificates.revoke_completion(number, reason_code=6)
    with pytest.raises(errors.InvalidInputError):
        rogue.certificates.revoke_completion(_open(clerk, "AU-TAX"), reason_code=6)


def test_a_completion_calls_nothing_but_the_suite_so_no_outside_code_can_reenter(
    own_w3: Web3, own_officers: Officers, suite: Suite
) -> None:
    """Why slither's reentrancy-no-eth on ApplicationLedger._complete is accepted
    (security/slither-accepted.json): a failed follow-on is recorded after its try-call, but the whole
    completing transaction (a certificate issued, one follow-on opened, one failing and recorded) makes
    state-changing calls (CALL, DELEGATECALL) to the suite's own proxies and implementations only.
    No code outside the suite runs with the power to write before the record is made."""
    admin = suite.client(own_w3, own_officers.admin)
    clerk, approver = suite.client(own_w3, own_officers.clerk), suite.client(own_w3, own_officers.approver)
    admin.catalog.publish("AU-TRACE-FAIL", _service("回访登记", "ZD-DCB"))
    admin.catalog.publish("AU-TRACE", _service("追踪事项", follow_ons=("AU-TAX", "AU-TRACE-FAIL")))
    admin.catalog.set_automation("AU-TRACE", Automation(certificate_type="TRACE", certificate_issuer="ZD-XPSJ"))
    parent = _open(clerk, "AU-TRACE")
    admin.departments.set_active("ZD-DCB", False)
    try:
        result = approver.ledger.approve(parent, step=0)
    finally:
        admin.departments.set_active("ZD-DCB", True)
    assert {"ApplicationCompleted", "FollowOnOpened", "FollowOnFailed"} <= set(result.events)
    assert clerk.ledger.follow_on_failed(parent, service="AU-TRACE-FAIL")

    suite_code = {entry.address.lower() for entry in suite.deployment.contracts.values()} | {
        entry.implementation.lower() for entry in suite.deployment.contracts.values() if entry.implementation
    }
    trace = own_w3.provider.make_request("debug_traceTransaction", [result.transaction_hash, {"tracer": "callTracer"}])[
        "result"
    ]
    writers: list[tuple[str, str]] = []
    pending = list(trace.get("calls", []))
    while pending:
        call = pending.pop()
        pending.extend(call.get("calls", []))
        if call["type"] in {"CALL", "DELEGATECALL", "CALLCODE"}:
            writers.append((call["type"], call["to"].lower()))
    assert writers, "the completion made no calls: the trace is not what this test is about"
    outside = [(kind, to) for kind, to in writers if to not in suite_code]
    assert outside == [], f"state-changing calls outside the suite during a completion: {outside}"
