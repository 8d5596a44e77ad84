"""Property: whatever officers do, in whatever order, an application reaches Completed only after
every step was approved in order by an officer holding that step's role in that step's department,
and the chain always agrees with a small Python model of the rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ape.exceptions import ContractLogicError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tests.ape.conftest import (
    ACCEPTED,
    APPROVER,
    CLERK,
    COMPLETED,
    IN_REVIEW,
    REJECTED,
    SUBMITTED,
    SUPPLEMENT,
    WITHDRAWN,
    app_id,
    code,
)
from tests.depth import examples

OPEN = {SUBMITTED, ACCEPTED, IN_REVIEW, SUPPLEMENT}
STEPS = [("ZD-XPSJ", APPROVER), ("ZD-SCJGJ", APPROVER), ("ZD-XPSJ", APPROVER)]
PEOPLE = ["clerk", "approver", "inspector", "outsider"]


@dataclass
class Model:
    """The rules, in Python."""

    roles: dict[tuple[str, str], set[int]]
    active: dict[str, bool] = field(default_factory=lambda: {"ZD-XPSJ": True, "ZD-SCJGJ": True})
    status: int = 0
    step: int = 0
    resume: int = 0
    approvals: list[tuple[int, str]] = field(default_factory=list)

    def can(self, who: str, department: str, role: int) -> bool:
        return self.active[department] and role in self.roles.get((who, department), set())

    def decider_ok(self, who: str) -> bool:
        if self.status == SUBMITTED:
            return self.can(who, "ZD-XPSJ", CLERK)
        if self.status in (ACCEPTED, IN_REVIEW):
            department, role = STEPS[self.step]
            return self.can(who, department, role)
        return False


def test_random_action_sequences_never_complete_without_every_step_approved_in_order(
    ledger: Any, registry: Any, chain: Any, accounts: Any, admin: Any
) -> None:
    people = dict(zip(PEOPLE, accounts[1:5], strict=True))
    start_roles = {
        ("clerk", "ZD-XPSJ"): {CLERK},
        ("approver", "ZD-XPSJ"): {APPROVER},
        ("inspector", "ZD-SCJGJ"): {APPROVER},
    }
    counter = iter(range(1, 10**9))

    class LedgerMachine(RuleBasedStateMachine):
        @initialize()
        def fresh_chain(self) -> None:
            self.snapshot = chain.snapshot()
            self.model = Model(roles={k: set(v) for k, v in start_roles.items()})
            number_hash = f"N-{next(counter)}"
            ledger.submit((number_hash, code("SVC-3"), b"\x11" * 32, []), sender=people["clerk"])
            self.app = app_id(number_hash)
            self.model.status = SUBMITTED

        def teardown(self) -> None:
            chain.restore(self.snapshot)

        def _try(self, allowed: bool, call: Any) -> None:
            try:
                call()
            except ContractLogicError as error:
                refused = str(error)
            else:
                refused = ""
            assert bool(refused) != allowed, refused or "the chain accepted an action the rules forbid"

        @rule(who=st.sampled_from(PEOPLE))
        def accept(self, who: str) -> None:
            m = self.model
            allowed = m.status == SUBMITTED and m.can(who, "ZD-XPSJ", CLERK)
            self._try(allowed, lambda: ledger.accept(self.app, sender=people[who]))
            if allowed:
                m.status = ACCEPTED

        @rule(who=st.sampled_from(PEOPLE), step=st.integers(0, 3))
        def approve(self, who: str, step: int) -> None:
            m = self.model
            allowed = m.status in (ACCEPTED, IN_REVIEW) and step == m.step and m.can(who, *STEPS[m.step])
            self._try(allowed, lambda: ledger.approve(self.app, step, b"\0" * 32, sender=people[who]))
            if allowed:
                m.approvals.append((step, who))
                if m.step + 1 < len(STEPS):
                    m.step += 1
                    m.status = IN_REVIEW
                else:
                    m.status = COMPLETED

        @rule(who=st.sampled_from(PEOPLE))
        def reject(self, who: str) -> None:
            allowed = self.model.decider_ok(who)
            self._try(allowed, lambda: ledger.reject(self.app, 9, sender=people[who]))
            if allowed:
                self.model.status = REJECTED

        @rule(who=st.sampled_from(PEOPLE))
        def request_supplement(self, who: str) -> None:
            m = self.model
            allowed = m.decider_ok(who)
            self._try(allowed, lambda: ledger.requestSupplement(self.app, 4, sender=people[who]))
            if allowed:
                m.resume, m.status = m.status, SUPPLEMENT

        @rule(who=st.sampled_from(PEOPLE))
        def resubmit(self, who: str) -> None:
            m = self.model
            allowed = m.status == SUPPLEMENT and m.can(who, "ZD-XPSJ", CLERK)
            self._try(allowed, lambda: ledger.resubmit(self.app, b"\0" * 32, sender=people[who]))
            if allowed:
                m.status = m.resume

        @rule(who=st.sampled_from(PEOPLE))
        def withdraw(self, who: str) -> None:
            m = self.model
            allowed = m.status in OPEN and m.can(who, "ZD-XPSJ", CLERK)
            self._try(allowed, lambda: ledger.withdraw(self.app, 2, sender=people[who]))
            if allowed:
                m.status = WITHDRAWN

        @rule(department=st.sampled_from(["ZD-XPSJ", "ZD-SCJGJ"]))
        def toggle_department(self, department: str) -> None:
            self.model.active[department] = not self.model.active[department]
            registry.setDepartmentActive(code(department), self.model.active[department], sender=admin)

        @rule(
            who=st.sampled_from(PEOPLE),
            department=st.sampled_from(["ZD-XPSJ", "ZD-SCJGJ"]),
            role=st.sampled_from([CLERK, APPROVER]),
        )
        def toggle_role(self, who: str, department: str, role: int) -> None:
            held = self.model.roles.setdefault((who, department), set())
            if role in held:
                registry.revokeOfficerRole(code(department), people[who], role, sender=admin)
                held.discard(role)
            else:
                registry.grantOfficerRole(code(department), people[who], role, sender=admin)
                held.add(role)

        @invariant()
        def chain_matches_the_model(self) -> None:
            record = ledger.getApplication(self.app)
            assert record.status == self.model.status
            assert record.currentStep == self.model.step

        @invariant()
        def completed_only_after_every_step_in_order(self) -> None:
            if self.model.status == COMPLETED:
                assert [step for step, _ in self.model.approvals] == [0, 1, 2]

    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=examples(20),
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
