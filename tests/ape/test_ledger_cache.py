"""The ledger's per-version cache of the catalogue (ledger 1.4.0): anyone fills it from the catalogue,
and applications run the same whether their version is cached or not, before or after the fill."""

from __future__ import annotations

import random
from typing import Any

import ape

from tests.ape.conftest import (
    APPROVER,
    DAY,
    REJECTED,
    THREE_STEPS,
    code,
    definition,
    submitted_id,
)

_numbers = iter(range(1, 10**9))


def _submit(ledger: Any, clerk: Any, service: str) -> bytes:
    receipt = ledger.submit((f"C-{next(_numbers)}", code(service), b"\x11" * 32, []), sender=clerk)
    return submitted_id(ledger, receipt)


def _cached(ledger: Any, service: str | bytes, version: int) -> tuple[bytes, list[tuple[Any, ...]]]:
    """What the ledger holds of a version: its department and its steps as tuples."""
    key = code(service) if isinstance(service, str) else service
    department, steps = ledger.cachedServiceVersion(key, version)
    return bytes(department), [tuple(step) for step in steps]


def _record(ledger: Any, app: bytes) -> dict[str, Any]:
    """An application's record as getApplication returns it, without its service code."""
    record = ledger.getApplication(app)
    fields = record.__dict__ if hasattr(record, "__dict__") else dict(record)
    return {name: value for name, value in dict(fields).items() if name != "service"}


def test_anyone_copies_a_published_version_exactly_once(ledger: Any, catalog: Any, outsider: Any) -> None:
    assert _cached(ledger, "SVC-3", 1) == (b"\0" * 32, [])
    receipt = ledger.cacheServiceVersion(code("SVC-3"), 1, sender=outsider)

    published = catalog.getServiceVersion(code("SVC-3"), 1)
    department, steps = _cached(ledger, "SVC-3", 1)
    assert department == published.ownerDepartment == code("ZD-XPSJ")
    assert steps == [tuple(step) for step in published.steps]
    assert [step[:2] for step in steps] == [(code(d), role) for d, role in THREE_STEPS]
    (event,) = receipt.events.filter(ledger.ServiceVersionCached)
    assert (event.service, event.serviceVersion, event.department, event.stepCount, event.actor) == (
        code("SVC-3"),
        1,
        code("ZD-XPSJ"),
        3,
        outsider.address,
    )

    # A second fill is a no-op: nothing emitted, nothing changed.
    again = ledger.cacheServiceVersion(code("SVC-3"), 1, sender=outsider)
    assert list(again.events.filter(ledger.ServiceVersionCached)) == []
    assert _cached(ledger, "SVC-3", 1) == (department, steps)


def test_only_a_published_version_can_be_cached(ledger: Any, catalog: Any, outsider: Any) -> None:
    for service, version in ((code("NOPE"), 1), (code("SVC-3"), 0), (code("SVC-3"), 2)):
        with ape.reverts(catalog.UnknownServiceVersion, service=service, serviceVersion=version):
            ledger.cacheServiceVersion(service, version, sender=outsider)
        assert _cached(ledger, service, version) == (b"\0" * 32, [])


def test_each_version_is_cached_on_its_own(ledger: Any, catalog: Any, admin: Any, outsider: Any) -> None:
    catalog.publishService(code("SVC-V"), definition([("ZD-XPSJ", APPROVER)]), sender=admin)
    catalog.updateService(code("SVC-V"), definition(THREE_STEPS, owner="ZD-SCJGJ"), sender=admin)
    ledger.cacheServiceVersion(code("SVC-V"), 2, sender=outsider)
    assert _cached(ledger, "SVC-V", 1) == (b"\0" * 32, [])
    department, steps = _cached(ledger, "SVC-V", 2)
    assert (department, len(steps)) == (code("ZD-SCJGJ"), 3)


def test_records_from_before_and_after_the_fill_read_and_run_the_same(
    chain: Any, ledger: Any, clerk: Any, approver: Any, inspector: Any, outsider: Any
) -> None:
    """An application submitted before its version was cached keeps its department in its record; one
    submitted after leaves it to the cache. getApplication answers the same, and both run."""
    before = [_submit(ledger, clerk, "SVC-3") for _ in range(3)]
    ledger.cacheServiceVersion(code("SVC-3"), 1, sender=outsider)
    after = [_submit(ledger, clerk, "SVC-3") for _ in range(3)]
    for app in before + after:
        assert ledger.getApplication(app).department == code("ZD-XPSJ")
    for old, new in zip(before, after, strict=True):
        old_record, new_record = _record(ledger, old), _record(ledger, new)
        for field in ("submittedAt", "updatedAt"):
            old_record.pop(field), new_record.pop(field)
        assert old_record == new_record

    for app in before[:2] + after[:2]:
        accepted = ledger.accept(app, sender=clerk)
        assert next(iter(accepted.events.filter(ledger.ApplicationAccepted))).department == code("ZD-XPSJ")
        approved = ledger.approve(app, 0, b"\0" * 32, sender=approver)
        assert next(iter(approved.events.filter(ledger.StepApproved))).department == code("ZD-XPSJ")
        assert ledger.currentStep(app)[1][0] == code("ZD-SCJGJ")
    for app in (before[0], after[0]):
        ledger.reject(app, 31, sender=inspector)
        assert ledger.getApplication(app).status == REJECTED
    for app in (before[1], after[1]):
        for step, officer in ((1, inspector), (2, approver)):
            ledger.approve(app, step, b"\0" * 32, sender=officer)
    assert ledger.getApplication(before[1]).status == ledger.getApplication(after[1]).status
    for app in (before[2], after[2]):
        withdrawn = ledger.withdraw(app, 2, sender=clerk)
        assert next(iter(withdrawn.events.filter(ledger.ApplicationWithdrawn))).department == code("ZD-XPSJ")


def _random_definition(rng: random.Random) -> tuple[Any, ...]:
    steps = [rng.choice((("ZD-XPSJ", APPROVER), ("ZD-SCJGJ", APPROVER))) for _ in range(rng.randint(1, 5))]
    base = definition(steps)
    # Each step with its own time limit (hours), some without one (0: the application's deadline).
    timed = [(department, role, rng.choice((0, 1, 24, 48))) for department, role, _limit in base[5]]
    return (*base[:5], timed, *base[6:])


def test_a_workflow_runs_identically_with_and_without_the_cache(
    chain: Any, ledger: Any, catalog: Any, admin: Any, clerk: Any, approver: Any, inspector: Any, outsider: Any
) -> None:
    """Random services, each published twice (one version cached, one not): submit, accept, approve every
    step, with time passing; the records, current steps, step deadlines and events agree."""
    officers = {code("ZD-XPSJ"): approver, code("ZD-SCJGJ"): inspector}
    rng = random.Random(17)
    for round_ in range(4):
        definition_ = _random_definition(rng)
        cached, plain = f"SVC-R{round_}C", f"SVC-R{round_}P"
        for service in (cached, plain):
            catalog.publishService(code(service), definition_, sender=admin)
        ledger.cacheServiceVersion(code(cached), 1, sender=outsider)
        apps = {service: _submit(ledger, clerk, service) for service in (cached, plain)}
        for app in apps.values():
            ledger.accept(app, sender=clerk)
        steps = definition_[5]
        seen: dict[str, list[Any]] = {cached: [], plain: []}
        for index, (department, _role, _limit) in enumerate(steps):
            chain.pending_timestamp += rng.choice((60, 3600))
            for service, app in apps.items():
                position, step = ledger.currentStep(app)
                # The two applications are a block apart: deadlines are compared from the step's start.
                started = ledger.progressOf(app).stepStartedAt
                (view,) = ledger.keeperViews([app])
                seen[service].append(
                    (position, tuple(step), ledger.stepDeadline(app) - started, view.stepDeadline - started)
                )
                seen[service].append((view.status, view.currentStep, view.flagged))
                receipt = ledger.approve(app, index, b"\0" * 32, sender=officers[department])
                (event,) = receipt.events.filter(ledger.StepApproved)
                seen[service].append((event.department, event.stepIndex))
        assert seen[cached] == seen[plain]
        records = [_record(ledger, app) for app in apps.values()]
        for record in records:  # times a block apart
            for field in ("submittedAt", "updatedAt", "deadline"):
                record.pop(field)
        assert records[0] == records[1]


def test_flagging_an_overdue_step_reads_the_cached_step(
    chain: Any, ledger: Any, catalog: Any, admin: Any, clerk: Any, outsider: Any
) -> None:
    """flagOverdue and the step deadline come from the cached step's own time limit (24 hours)."""
    catalog.publishService(code("SVC-OD"), definition([("ZD-XPSJ", APPROVER)]), sender=admin)
    ledger.cacheServiceVersion(code("SVC-OD"), 1, sender=outsider)
    app = _submit(ledger, clerk, "SVC-OD")
    ledger.accept(app, sender=clerk)
    deadline = ledger.stepDeadline(app)
    assert deadline <= ledger.getApplication(app).deadline
    assert deadline - ledger.progressOf(app).stepStartedAt == DAY
    chain.pending_timestamp = deadline + 1
    receipt = ledger.flagOverdue(app, sender=outsider)
    (event,) = receipt.events.filter(ledger.ApplicationOverdue)
    assert (event.department, event.stepIndex, event.deadline) == (code("ZD-XPSJ"), 0, deadline)
