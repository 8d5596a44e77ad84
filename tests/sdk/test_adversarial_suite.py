"""Property: whoever calls the SDK, with whatever arguments, the suite on a real anvil agrees with a
small Python model of who may write what, and every refusal is the SDK's named exception.

Issue 12, "make the tests find this class of bug": one hypothesis state machine drives the whole
suite through the SDK facades (ledger, materials, certificates, federation, departments) as
officers of both departments with every role, an outsider, a rogue issuer, a rogue peer region and
a stolen peer key, and governance. Rules use zero and unknown values, other departments' ids and
codes, replayed, kept-back, forged and expired signatures. After every step the chain is read back
through the SDK and compared with the model, and every change on chain is checked against the
actor who caused it:

- every application was created by a clerk of the department owning its service, in that
  department's number space (no one outside a department makes its numbers unusable);
- no application, material, consent, certificate batch or recognition of a department or region D
  changes except by D's officers with the right role, a signature of the right key, or governance;
- a consent authorizes exactly what it names (material, department, purpose kind and purpose);
- refusals surface as the exception named after the contract's error (never
  ``UnknownContractError`` nor a raw web3 exception); idempotent writes never record twice;
- ``ledger.get/resolve/history``, consents, certificate verification and recognition agree with
  the model.

The contract-level invariants with many more calls are forge tests (tests/forge); this machine
proves the SDK's guarantees over the same attackers.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils.crypto import keccak
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from web3 import Web3

from tests.depth import examples
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.codes import application_id, code_to_bytes32
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.models import ApplicationStatus as S
from zhangdian_sdk.core.models import ApprovalStep, OfficerRole, ServiceDefinition, TimeLimit, TimeUnit
from zhangdian_sdk.core.storage import FolderStore
from zhangdian_sdk.facades.certificates import Certificate, CertificateDraft
from zhangdian_sdk.facades.federation import Attestation, AttestationDomain, new_nonce, sign_attestation
from zhangdian_sdk.facades.materials import (
    Consent,
    ConsentRevocation,
    MaterialSpec,
    Purpose,
    PurposeKind,
    sign_consent,
    sign_consent_revocation,
)
from zhangdian_sdk.ops.deploy import deploy_suite

A, B = "ZD-XPSJ", "ZD-SCJGJ"
DEPARTMENTS = (A, B)
ROLES = (OfficerRole.CLERK, OfficerRole.APPROVER, OfficerRole.ISSUER, OfficerRole.MANAGER)
OFFICERS = {f"{d}/{r.name.lower()}": (d, r) for d in DEPARTMENTS for r in ROLES}
ACTORS = ("gov", "outsider", *OFFICERS)

SVC_A, SVC_M, SVC_B = "ZD-FZ-A", "ZD-FZ-M", "ZD-FZ-B"  # SVC_M needs one ID-CARD material
OWNER = {SVC_A: A, SVC_M: A, SVC_B: B}
SERVICES = (SVC_A, SVC_M, SVC_B, "ZD-FZ-NONE", "")  # unknown and empty codes too
NUMBERS = ("ZD-FZ-0001", "ZD-FZ-0002", "ZD-FZ-0003")
COMMITMENTS = (b"\x11" * 32, b"\x22" * 32, bytes(32))
MATERIALS = tuple(keccak(text=f"fuzz-material-{i}") for i in range(3))
MATERIAL_TYPES = ("ID-CARD", "OTHER-DOC")
HONEST, ROGUE_PEER, UNKNOWN_PEER = 370302, 370304, 370305
SUBJECTS = (keccak(text="subject-0"), keccak(text="subject-1"), bytes(32))
KEYS = ("honest", "stolen", "rogue", "unregistered", "wrong-domain")
# Actors drawn for a rule: anyone, with the officers whose role the rule needs drawn more often so
# that examples get past the first refusal and into deep states.
CLERKS = (f"{A}/clerk", f"{B}/clerk")
WHO_SUBMITS = st.sampled_from((*ACTORS, *CLERKS * 4))
WHO_DECIDES = st.sampled_from((*ACTORS, *CLERKS * 2, f"{A}/approver", f"{A}/approver", f"{B}/approver"))
WHO_REGISTERS = st.sampled_from((*ACTORS, *CLERKS, f"{A}/issuer", f"{B}/issuer"))
WHO_ISSUES = st.sampled_from((*ACTORS, f"{A}/issuer", f"{A}/issuer", f"{B}/issuer", f"{B}/issuer"))
WHO_GOVERNS = st.sampled_from((*ACTORS, "gov", "gov", "gov"))
ISSUERS = st.sampled_from(("own", A, B))  # "own": the actor's department, as an attacker would name it
OPEN = {S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW, S.SUPPLEMENT_REQUESTED}
# 行政复议: B reviews every decision (the default appeal terms); its clerk files, accepts and withdraws, its
# approver extends and decides. A revoked decision is reopened at its (only) step, in the owner's place.
REVIEWER = B
APPEALABLE = {S.REJECTED, S.APPROVED, S.COMPLETED}
APPEAL_ACTIONS = ("file", "file", "accept", "extend", "uphold", "revoke", "withdraw")
WHO_APPEALS = st.sampled_from((*ACTORS, *(f"{B}/clerk", f"{B}/approver") * 4))
APPEAL_FILED, APPEAL_ACCEPTED, APPEAL_DECIDED, APPEAL_WITHDRAWN = 1, 2, 3, 4  # IAppealRegistry.AppealStatus


def _account(name: str) -> LocalAccount:
    account: LocalAccount = Account.from_key(keccak(text=f"zhangdian adversarial suite: {name}"))
    return account


def _purposes() -> tuple[Purpose, ...]:
    """What a consent may name: both services, one application of A, and values of one kind dressed
    up as the other (a service code as an application id, an application id as a service)."""
    app = application_id(NUMBERS[0], A)
    return (
        Purpose.service(SVC_M),
        Purpose.service(SVC_A),
        Purpose.application(app),
        Purpose(PurposeKind.APPLICATION, code_to_bytes32(SVC_M)),
        Purpose(PurposeKind.SERVICE, app),
    )


PURPOSES = _purposes()


def _definition(owner: str, materials: tuple[str, ...] = ()) -> ServiceDefinition:
    return ServiceDefinition(
        owner_department=owner,
        name_zh="对抗测试事项",
        name_en="Adversarial test service",
        steps=(ApprovalStep(owner, OfficerRole.APPROVER, 24),),
        promised_time_limit=TimeLimit(3 * 24, TimeUnit.HOURS),
        legal_time_limit=TimeLimit(3 * 24, TimeUnit.HOURS),
        required_material_types=materials,
    )


# -- the model --------------------------------------------------------------------------------


def _own(actor: str, department: str) -> str:
    """``department``, or the actor's own department (A for those without one) for "own"."""
    return OFFICERS.get(actor, (A,))[0] if department == "own" else department


def can(actor: str, department: str, *roles: OfficerRole) -> bool:
    held = OFFICERS.get(actor)
    return held is not None and held[0] == department and held[1] in roles


@dataclass
class App:
    department: str
    service: str
    commitment: bytes
    creator: str
    status: S = S.SUBMITTED
    resume: S = S.NONE
    material: bytes | None = None


@dataclass
class Material:
    issuer: str
    material_type: str
    revoked: bool = False
    superseded_by: bytes | None = None


@dataclass(frozen=True)
class Link:
    """One side of a replacement (换发): the other certificate and why (the reason code)."""

    certificate_id: bytes
    root: bytes
    issuer: str
    reason: int

    def shown(self) -> tuple[str, str, str, int]:
        """As verification names it (:class:`~zhangdian_sdk.facades.verification.ReplacementLink`)."""
        return "0x" + self.certificate_id.hex(), "0x" + self.root.hex(), self.issuer, self.reason


@dataclass
class Batch:
    issuer: str
    certificates: list[Certificate]
    revoked: bool = False
    revoked_certificates: set[bytes] = field(default_factory=set)
    # 换发 (issue 18): this batch's certificates replaced by another (id -> the replacement), and those
    # that replace one (id -> the certificate replaced)
    replaced_certificates: dict[bytes, Link] = field(default_factory=dict)
    replacements: dict[bytes, Link] = field(default_factory=dict)


@dataclass
class Recognition:
    signer: str
    registration: int
    issued_at: int
    nonce: int


@dataclass
class Appeal:
    original: bytes
    status: int = APPEAL_FILED
    extended: bool = False


@dataclass
class Model:
    apps: dict[bytes, App] = field(default_factory=dict)
    appeals: dict[bytes, list[Appeal]] = field(default_factory=dict)  # original -> its appeals, oldest first
    materials: dict[bytes, Material] = field(default_factory=dict)
    consents: set[tuple[bytes, str, Purpose]] = field(default_factory=set)
    epochs: dict[tuple[bytes, str, Purpose], int] = field(default_factory=dict)
    # root -> batch, in the order issued. Rules draw batches in this order, never sorted by root: the roots are
    # random, and hypothesis replays (and shrinks) an example by its draws, which must pick the same batches.
    batches: dict[bytes, Batch] = field(default_factory=dict)
    peers: dict[int, list[Any]] = field(default_factory=dict)  # region -> [active, generation]
    keys: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)  # -> (registration, generation)
    registrations: int = 0
    recognitions: dict[tuple[bytes, int], Recognition] = field(default_factory=dict)
    nonces: dict[int, set[int]] = field(default_factory=dict)
    # 更正: the corrections of each subject (application id or certificate leaf), oldest first:
    # (department, field, value, reason code, the actor who recorded it)
    corrections: dict[bytes, list[tuple[str, str, bytes, int, str]]] = field(default_factory=dict)

    def key_current(self, region: int, key: str) -> int | None:
        """The registration id of ``key`` for ``region`` if it may sign now."""
        registration = self.keys.get((region, key))
        peer = self.peers.get(region)
        if registration is None or peer is None or not peer[0] or registration[1] != peer[1]:
            return None
        return registration[0]

    def holds(self, subject: bytes, origin: int) -> bool:
        found = self.recognitions.get((subject, origin))
        return found is not None and self.key_current(origin, found.signer) == found.registration

    def usable_for(self, material: bytes, app_id: bytes, service: str) -> type[errors.ContractError] | None:
        """Why ``material`` cannot be attached to a new application of ``service`` (department A)."""
        record = self.materials.get(material)
        if record is None:
            return errors.UnknownMaterial
        if record.material_type != "ID-CARD":
            return errors.MaterialTypeMismatch
        if record.revoked:
            return errors.MaterialIsRevoked
        if record.superseded_by is not None:
            return errors.MaterialIsSuperseded
        if (material, A, Purpose.application(app_id)) in self.consents:
            return None
        if (material, A, Purpose.service(service)) in self.consents:
            return None
        return errors.ConsentMissing


@dataclass
class Arena:
    """A suite of its own on the session's anvil, with every actor funded and given its roles."""

    w3: Web3
    deployment: Deployment
    signers: dict[str, LocalSigner]
    citizen: LocalAccount
    peer_keys: dict[str, LocalAccount]
    store: FolderStore
    department_key: DepartmentKey
    seed: Model  # what every example starts from
    granted: list[tuple[Consent, bytes]]
    imported: list[tuple[Attestation, bytes]]

    def client(self, actor: str) -> ZhangdianClient:
        return ZhangdianClient(self.w3, self.deployment, signer=self.signers[actor])


def _clock_to_wall(w3: Web3) -> None:
    """Bring the chain's clock back to the wall clock. ``evm_revert`` takes anvil's clock back with the
    state and keeps it there: after every example it lags by that example's length, and over a deep run
    (ten minutes) an attestation that expired a minute ago by the wall clock was still valid on chain.
    The model judges expiry by the chain's clock (:meth:`Suite._now`); this keeps that clock near the
    wall clock that the SDK stamps certificates and nonces with."""
    latest = int(w3.eth.get_block("latest")["timestamp"])
    w3.provider.make_request("evm_setNextBlockTimestamp", [max(int(time.time()), latest + 1)])  # type: ignore[arg-type]
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def arena(w3: Web3, tmp_path_factory: pytest.TempPathFactory) -> Arena:
    signers = {actor: LocalSigner(_account(actor)) for actor in ACTORS}
    for signer in signers.values():
        w3.provider.make_request("anvil_setBalance", [signer.address, hex(10**21)])  # type: ignore[arg-type]
    folder = tmp_path_factory.mktemp("adversarial")
    deployment = deploy_suite(w3, signers["gov"], manifest_path=folder / "manifest.json")
    gov = ZhangdianClient(w3, deployment, signer=signers["gov"])
    gov.departments.register(
        A, 370303, "113703030042351144", "张店区行政审批服务局", "Administrative Approval Service Bureau"
    )
    gov.departments.register(
        B, 370303, "113703030042351144", "张店区市场监督管理局", "Market Supervision Administration"
    )
    for actor, (department, role) in OFFICERS.items():
        gov.departments.grant(department, signers[actor].address, role)
    gov.catalog.publish(SVC_A, _definition(A))
    gov.catalog.publish(SVC_M, _definition(A, ("ID-CARD",)))
    gov.catalog.publish(SVC_B, _definition(B))
    appeal_terms = (code_to_bytes32(REVIEWER), 60, 60, 30)  # the default: B reviews every service's decisions
    gov.sender.send(gov.contract("AppealRegistry").functions.setAppealTerms(bytes(32), appeal_terms))
    peer_keys = {name: _account(f"peer key {name}") for name in ("honest", "stolen", "rogue", "unregistered")}
    gov.federation.add_peer(HONEST, "淄川区")
    gov.federation.add_key(HONEST, peer_keys["honest"].address)
    gov.federation.add_key(HONEST, peer_keys["stolen"].address)
    gov.federation.add_peer(ROGUE_PEER, "博山区")
    gov.federation.add_key(ROGUE_PEER, peer_keys["rogue"].address)
    arena = Arena(
        w3,
        deployment,
        signers,
        _account("citizen"),
        peer_keys,
        FolderStore(folder / "documents"),
        DepartmentKey.generate(),
        Model(
            peers={HONEST: [True, 1], ROGUE_PEER: [True, 1]},
            keys={(HONEST, "honest"): (1, 1), (HONEST, "stolen"): (2, 1), (ROGUE_PEER, "rogue"): (3, 1)},
            registrations=3,
        ),
        [],
        [],
    )
    _seed(arena)
    return arena


def _seed(arena: Arena) -> None:
    """Records of both departments and both peers for every example to start from (and the model of them):
    a material of each department, a consent, the same number in both departments, an accepted
    application with a material attached, a rejected one (to appeal), a certificate batch of each department,
    recognitions."""
    m, clerk_a, clerk_b = arena.seed, arena.client(f"{A}/clerk"), arena.client(f"{B}/clerk")
    for material, issuer in ((MATERIALS[0], A), (MATERIALS[1], B)):
        spec = MaterialSpec("ID-CARD", issuer, b"\x33" * 32, arena.citizen.address, material_id=material)
        officer = clerk_a if issuer == A else arena.client(f"{B}/issuer")
        officer.materials.register(
            spec, document=b"scan", store=arena.store, issuer_public_key=arena.department_key.public_key
        )
        m.materials[material] = Material(issuer, "ID-CARD")
    _clock_to_wall(arena.w3)
    now = int(arena.w3.eth.get_block("latest")["timestamp"])  # the chain's clock, as in the rules
    consent = Consent(MATERIALS[0], A, Purpose.service(SVC_M), now + 86_400, 0, new_nonce(), now + 3_600)
    signature = sign_consent(arena.citizen, consent, clerk_a.materials.domain())
    clerk_a.materials.grant_consent(consent, signature)
    m.consents.add((MATERIALS[0], A, Purpose.service(SVC_M)))
    arena.granted.append((consent, signature))
    for client, number, service, commitment, materials in (
        (clerk_a, NUMBERS[0], SVC_A, COMMITMENTS[0], ()),
        (clerk_b, NUMBERS[0], SVC_B, COMMITMENTS[0], ()),
        (clerk_a, NUMBERS[1], SVC_M, COMMITMENTS[1], (MATERIALS[0],)),
    ):
        client.ledger.submit(number, service=service, applicant_commitment=commitment, materials=materials)
        creator = f"{OWNER[service]}/clerk"
        m.apps[application_id(number, OWNER[service])] = App(OWNER[service], service, commitment, creator)
    clerk_a.ledger.accept(application_id(NUMBERS[1], A))
    m.apps[application_id(NUMBERS[1], A)].status = S.ACCEPTED
    # A rejection of each department, so that appeals (行政复议) reach their later steps within an example:
    # A's not appealed yet, B's with an appeal filed and accepted by B (the reviewing body).
    for client, department, service in ((clerk_a, A, SVC_A), (clerk_b, B, SVC_B)):
        client.ledger.submit(NUMBERS[2], service=service, applicant_commitment=COMMITMENTS[0])
        client.ledger.reject(application_id(NUMBERS[2], department), reason_code=7)
        creator = f"{department}/clerk"
        m.apps[application_id(NUMBERS[2], department)] = App(department, service, COMMITMENTS[0], creator, S.REJECTED)
    appealed = application_id(NUMBERS[2], B)
    registry = clerk_b.contract("AppealRegistry")
    clerk_b.sender.send(registry.functions.file(appealed, keccak(text="复议申请书")))
    clerk_b.sender.send(registry.functions.accept(registry.functions.appealIdFor(appealed, 0).call()))
    m.appeals[appealed] = [Appeal(appealed, APPEAL_ACCEPTED)]
    for issuer, count in ((A, 2), (B, 1)):
        drafts = [
            CertificateDraft("FOOD-LICENCE", b"\x44" * 32, {"shop": f"店 {i}"}, now + 86_400) for i in range(count)
        ]
        issued = arena.client(f"{issuer}/issuer").certificates.issue_batch(drafts, issuer=issuer)
        m.batches[issued[0].root] = Batch(issuer, issued)
    gov = arena.client("gov")
    for origin, key in ((HONEST, "honest"), (ROGUE_PEER, "rogue")):
        attestation = Attestation(origin, 1, SUBJECTS[0], "ZD-ZC-SJ", now - 3_600, 0, new_nonce())
        signature = sign_attestation(arena.peer_keys[key], attestation, domain=gov.federation.domain())
        gov.federation.import_attestation(attestation, signature)
        m.nonces.setdefault(origin, set()).add(attestation.nonce)
        m.recognitions[(SUBJECTS[0], origin)] = Recognition(
            key, m.key_current(origin, key) or 0, now - 3_600, attestation.nonce
        )
        arena.imported.append((attestation, signature))


RECORDED = "already recorded"
DOMAINS = frozenset({"ledger", "materials", "consents", "certificates", "federation", "corrections", "appeals"})
_DOMAIN_OF = {"app": "ledger", "count": "ledger", "material": "materials", "consent": "consents",
              "certificate": "certificates", "recognition": "federation", "correction": "corrections",
              "appeal": "appeals"}  # fmt: skip
# 更正: the values and legal reasons the correction rules draw (zero ones are refused by the SDK).
CORRECTED_VALUES = (b"\x51" * 32, b"\x52" * 32, bytes(32))
CORRECTION_REASONS = (1, 2, 0)


def _read(key: tuple[Any, ...], domains: AbstractSet[str], consents_of: tuple[bytes, ...]) -> bool:
    """Whether an observation of ``domains`` (consents of ``consents_of``) reads ``key`` again."""
    domain = _DOMAIN_OF[key[0]]
    return domain in domains and (domain != "consents" or key[1] in consents_of)


Outcome = type[errors.ZhangdianError] | str | None


def test_no_actor_writes_what_its_role_does_not_allow_and_the_sdk_names_every_refusal(arena: Arena) -> None:
    """Issue 12, "make the tests find this class of bug" (findings 1-6, 11 at the SDK level)."""
    w3 = arena.w3
    base = w3.provider.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]

    class Suite(RuleBasedStateMachine):
        @initialize()
        def fresh(self) -> None:
            _clock_to_wall(w3)  # the revert that ended the last example took the clock back
            self.snapshot = w3.provider.make_request("evm_snapshot", [])["result"]  # type: ignore[arg-type]
            self.clients = {actor: arena.client(actor) for actor in ACTORS}
            self.model = copy.deepcopy(arena.seed)
            self.kept: dict[tuple[bytes, str, Purpose], list[tuple[Consent, bytes]]] = {}
            self.granted = list(arena.granted)
            self.imported = list(arena.imported)
            self.touched: AbstractSet[str] = DOMAINS
            self.actor, self.named = "gov", None
            self.reopening = False  # the last step was an appeal's revocation, which reopens the original
            self.failing = False  # a step failed: the last look would only repeat it
            self.observed = self._observe(DOMAINS, MATERIALS)

        def teardown(self) -> None:
            try:  # a last look at everything: nothing changed where no rule looked
                if hasattr(self, "observed") and not self.failing:
                    self.actor, self.named, self.touched = "nobody", None, DOMAINS
                    self.the_chain_agrees_with_the_model_and_every_change_was_allowed()
            finally:
                w3.provider.make_request("evm_revert", [self.snapshot])  # type: ignore[arg-type]

        # -- helpers --------------------------------------------------------------------------

        def _now(self) -> int:
            """The chain's time, which the contracts judge deadlines and expiry by (its next block is
            stamped at or after it)."""
            return int(w3.eth.get_block("latest")["timestamp"])

        def _do(
            self, actor: str, expected: Outcome, call: Callable[[], Any], touched: AbstractSet[str], named: Any = None
        ) -> bool:
            """Run ``call``; the outcome must be ``expected``: None (written), RECORDED, or the exception.
            ``touched`` are the parts of the suite read back after it (all of them when an example ends);
            ``named`` is what a signed message names (a consent's key, an attestation's subject)."""
            self.actor, self.named, self.touched, self.failing = actor, named, touched, True
            self.reopening = False
            refusal: Exception | None = None
            try:
                result = call()
            except Exception as err:  # judged below: only the SDK's named exceptions may come out
                refusal = err
            if refusal is None:
                assert expected is None or expected is RECORDED, f"{actor}: the chain accepted what {expected} forbids"
                recorded = getattr(result, "already_recorded", False)
                assert recorded == (expected is RECORDED), f"{actor}: already_recorded={recorded}, model: {expected}"
                self.failing = False
                return expected is None
            self.touched = frozenset()  # refused before anything was sent: nothing to read back now
            described = f"{type(refusal).__name__}: {refusal}"
            assert isinstance(refusal, errors.ZhangdianError), f"{actor}: a raw {described} escaped the SDK"
            assert not isinstance(refusal, errors.UnknownContractError), f"{actor}: unexplained revert {described}"
            assert expected not in (None, RECORDED), f"{actor} was refused with {described}; the model allows it"
            assert type(refusal) is expected, f"{actor}: expected {expected}, got {described}"
            self.failing = False
            return False

        def _app_ref(self, number: str, department: int, as_number: bool) -> tuple[str | bytes, Outcome, bytes]:
            """A reference to one application (by id or by bare number) and the lookup's own refusal."""
            if not as_number:
                app_id = application_id(number, DEPARTMENTS[department])
                return app_id, None if app_id in self.model.apps else errors.UnknownApplication, app_id
            found = [application_id(number, d) for d in DEPARTMENTS if application_id(number, d) in self.model.apps]
            if not found:
                return number, errors.UnknownApplicationNumber, b""
            if len(found) > 1:
                return number, errors.InvalidInputError, b""
            return number, None, found[0]

        # -- the ledger -----------------------------------------------------------------------

        @rule(
            actor=WHO_SUBMITS,
            number=st.sampled_from(NUMBERS),
            service=st.sampled_from(SERVICES),
            commitment=st.sampled_from(COMMITMENTS),
            material=st.sampled_from((None, *MATERIALS)),
        )
        def submit(self, actor: str, number: str, service: str, commitment: bytes, material: bytes | None) -> None:
            m = self.model
            owner = OWNER.get(service)
            app_id = application_id(number, owner) if owner else b""
            existing = m.apps.get(app_id)
            expected: Outcome
            if not service:
                expected = errors.InvalidInputError
            elif owner is None:
                expected = errors.UnknownService
            elif existing is not None:
                same = existing.service == service and existing.commitment == commitment
                expected = RECORDED if same else errors.ApplicationAlreadyExists
            elif not can(actor, owner, OfficerRole.CLERK):
                expected = errors.UnauthorizedOfficer
            elif not any(commitment):
                expected = errors.InvalidApplicantCommitment
            elif (material is not None) != (service == SVC_M):
                expected = errors.MaterialCountMismatch
            elif material is not None:
                expected = m.usable_for(material, app_id, service)
            else:
                expected = None
            materials = () if material is None else (material,)
            client = self.clients[actor]
            call = lambda: client.ledger.submit(  # noqa: E731
                number, service=service, applicant_commitment=commitment, materials=materials
            )
            if self._do(actor, expected, call, {"ledger", "materials"}):
                assert owner is not None
                m.apps[app_id] = App(owner, service, commitment, actor, material=material)

        @rule(
            actor=WHO_DECIDES,
            number=st.sampled_from(NUMBERS),
            department=st.integers(0, 1),
            as_number=st.booleans(),
            action=st.sampled_from(("accept", "approve", "approve0", "reject", "supplement", "resubmit", "withdraw")),
        )
        def decide(self, actor: str, number: str, department: int, as_number: bool, action: str) -> None:
            ref, refused, app_id = self._app_ref(number, department, as_number)
            app = self.model.apps.get(app_id)
            expected: Outcome = refused
            new_status: S | None = None
            if app is not None:
                clerk = can(actor, app.department, OfficerRole.CLERK)
                approver = can(actor, app.department, OfficerRole.APPROVER)
                decider = clerk if app.status in (S.SUBMITTED, S.APPROVED) else approver
                status = app.status
                if action == "accept":
                    expected, new_status = self._step(
                        RECORDED if status == S.ACCEPTED else None, status == S.SUBMITTED, clerk, S.ACCEPTED
                    )
                elif action in ("approve", "approve0"):
                    done = action == "approve0" and status in (S.APPROVED, S.COMPLETED)
                    expected, new_status = self._step(
                        RECORDED if done else None, status in (S.ACCEPTED, S.IN_REVIEW), approver, S.COMPLETED
                    )
                elif action == "reject":
                    ok = status in (S.SUBMITTED, S.APPROVED, S.ACCEPTED, S.IN_REVIEW)
                    expected, new_status = self._step(
                        RECORDED if status == S.REJECTED else None, ok, decider, S.REJECTED
                    )
                elif action == "supplement":
                    ok = status in (S.SUBMITTED, S.APPROVED, S.ACCEPTED, S.IN_REVIEW)
                    expected, new_status = self._step(
                        RECORDED if status == S.SUPPLEMENT_REQUESTED else None, ok, decider, S.SUPPLEMENT_REQUESTED
                    )
                elif action == "resubmit":
                    ok = status == S.SUPPLEMENT_REQUESTED
                    expected, new_status = self._step(None, ok, clerk, app.resume)
                else:
                    expected, new_status = self._step(
                        RECORDED if status == S.WITHDRAWN else None, status in OPEN, clerk, S.WITHDRAWN
                    )
            ledger = self.clients[actor].ledger
            calls: dict[str, Callable[[], Any]] = {
                "accept": lambda: ledger.accept(ref),
                "approve": lambda: ledger.approve(ref),
                "approve0": lambda: ledger.approve(ref, step=0),
                "reject": lambda: ledger.reject(ref, reason_code=7),
                "supplement": lambda: ledger.request_supplement(ref, reason_code=4),
                "resubmit": lambda: ledger.resubmit(ref),
                "withdraw": lambda: ledger.withdraw(ref, reason_code=2),
            }
            if self._do(actor, expected, calls[action], {"ledger"}) and app is not None and new_status is not None:
                if new_status == S.SUPPLEMENT_REQUESTED:
                    app.resume = app.status
                app.status = new_status

        @staticmethod
        def _step(recorded: Outcome, status_ok: bool, role_ok: bool, after: S) -> tuple[Outcome, S | None]:
            if recorded is RECORDED:
                return RECORDED, None
            if not status_ok:
                return errors.WrongStatus, None
            if not role_ok:
                return errors.UnauthorizedOfficer, None
            return None, after

        # -- appeals (行政复议) -------------------------------------------------------------------

        @rule(
            actor=WHO_APPEALS,
            number=st.sampled_from((*NUMBERS, NUMBERS[2], NUMBERS[2])),  # mostly the seeded rejections
            department=st.integers(0, 1),
            action=st.sampled_from(APPEAL_ACTIONS),
        )
        def appeal(self, actor: str, number: str, department: int, action: str) -> None:
            """File, accept, extend, decide (upheld, or revoked and reopened at step 0) or withdraw the newest
            appeal of an application, through the shipped ABI and the SDK's transaction pipeline."""
            app_id = application_id(number, DEPARTMENTS[department])
            app = self.model.apps.get(app_id)
            appeals = self.model.appeals.get(app_id, [])
            newest = appeals[-1] if appeals else None
            clerk, approver = can(actor, REVIEWER, OfficerRole.CLERK), can(actor, REVIEWER, OfficerRole.APPROVER)
            expected: Outcome
            if action == "file":
                if app is None:
                    expected = errors.UnknownApplication
                elif app.status not in APPEALABLE:
                    expected = errors.NotAppealable
                elif newest is not None and newest.status in (APPEAL_FILED, APPEAL_ACCEPTED):
                    expected = errors.AppealPending
                else:
                    expected = None if clerk else errors.NotReviewingOfficer
            elif newest is None:
                expected = errors.UnknownAppeal
            else:
                allowed = {"accept": (APPEAL_FILED,), "withdraw": (APPEAL_FILED, APPEAL_ACCEPTED)}
                role_ok = clerk if action in ("accept", "withdraw") else approver
                if newest.status not in allowed.get(action, (APPEAL_ACCEPTED,)):
                    expected = errors.WrongAppealStatus
                elif not role_ok:
                    expected = errors.NotReviewingOfficer
                elif action == "extend" and newest.extended:
                    expected = errors.AlreadyExtended
                else:
                    expected = None
            client = self.clients[actor]
            registry = client.contract("AppealRegistry")
            appeal_id = registry.functions.appealIdFor(app_id, max(len(appeals) - 1, 0)).call()
            decision = keccak(text="复议决定书")
            functions = {
                "file": lambda: registry.functions.file(app_id, keccak(text="复议申请书")),
                "accept": lambda: registry.functions.accept(appeal_id),
                "extend": lambda: registry.functions.extend(appeal_id, 1),
                "uphold": lambda: registry.functions.decide(appeal_id, 1, 1, decision, 255),
                "revoke": lambda: registry.functions.decide(appeal_id, 2, 2, decision, 0),
                "withdraw": lambda: registry.functions.withdraw(appeal_id, 1),
            }
            touched = {"appeals", "ledger"} if action == "revoke" else {"appeals"}
            if not self._do(actor, expected, lambda: client.sender.send(functions[action]()), touched):
                return
            if action == "file":
                self.model.appeals.setdefault(app_id, []).append(Appeal(app_id))
                return
            assert newest is not None
            assert app is not None
            newest.status = {"accept": APPEAL_ACCEPTED, "extend": APPEAL_ACCEPTED, "withdraw": APPEAL_WITHDRAWN}.get(
                action, APPEAL_DECIDED
            )
            newest.extended = newest.extended or action == "extend"
            if action == "revoke":
                app.status, self.reopening = S.IN_REVIEW, True

        # -- materials and consents -----------------------------------------------------------

        def _spec(self, material: bytes, issuer: str, material_type: str) -> MaterialSpec:
            return MaterialSpec(material_type, issuer, b"\x33" * 32, arena.citizen.address, material_id=material)

        @rule(
            actor=WHO_REGISTERS,
            material=st.sampled_from(MATERIALS),
            issuer=ISSUERS,
            material_type=st.sampled_from(MATERIAL_TYPES),
        )
        def register_material(self, actor: str, material: bytes, issuer: str, material_type: str) -> None:
            issuer = _own(actor, issuer)
            if not can(actor, issuer, OfficerRole.CLERK, OfficerRole.ISSUER):
                expected: Outcome = errors.NotAuthorizedForDepartment
            elif material in self.model.materials:
                expected = errors.MaterialAlreadyExists
            else:
                expected = None
            spec = self._spec(material, issuer, material_type)
            materials = self.clients[actor].materials
            call = lambda: materials.register(  # noqa: E731
                spec, document=b"scan", store=arena.store, issuer_public_key=arena.department_key.public_key
            )
            if self._do(actor, expected, call, {"materials"}):
                self.model.materials[material] = Material(issuer, material_type)

        @rule(
            actor=WHO_REGISTERS,
            old=st.sampled_from(MATERIALS),
            new=st.sampled_from(MATERIALS),
            issuer=ISSUERS,
            material_type=st.sampled_from(MATERIAL_TYPES),
        )
        def supersede_material(self, actor: str, old: bytes, new: bytes, issuer: str, material_type: str) -> None:
            issuer = _own(actor, issuer)
            record = self.model.materials.get(old)
            expected: Outcome
            if record is None:
                expected = errors.UnknownMaterial
            elif not can(actor, record.issuer, OfficerRole.CLERK, OfficerRole.ISSUER):
                expected = errors.NotAuthorizedForDepartment
            elif issuer != record.issuer:
                expected = errors.InvalidMaterial
            elif record.superseded_by is not None:
                expected = errors.MaterialIsSuperseded
            elif material_type != record.material_type:
                expected = errors.MaterialTypeMismatch
            elif new in self.model.materials:
                expected = errors.MaterialAlreadyExists
            else:
                expected = None
            spec = self._spec(new, issuer, material_type)
            materials = self.clients[actor].materials
            call = lambda: materials.supersede(  # noqa: E731
                old, spec, document=b"scan 2", store=arena.store, issuer_public_key=arena.department_key.public_key
            )
            if self._do(actor, expected, call, {"materials"}):
                assert record is not None
                record.superseded_by = new
                self.model.materials[new] = Material(issuer, material_type)

        @rule(actor=WHO_REGISTERS, material=st.sampled_from(MATERIALS))
        def revoke_material(self, actor: str, material: bytes) -> None:
            record = self.model.materials.get(material)
            expected: Outcome
            if record is None:
                expected = errors.UnknownMaterial
            elif not can(actor, record.issuer, OfficerRole.CLERK, OfficerRole.ISSUER):
                expected = errors.NotAuthorizedForDepartment
            elif record.revoked:
                expected = errors.MaterialIsRevoked
            else:
                expected = None
            materials = self.clients[actor].materials
            if self._do(actor, expected, lambda: materials.revoke(material, reason_code=3), {"materials"}):
                assert record is not None
                record.revoked = True

        @rule(
            actor=st.sampled_from(ACTORS),
            material=st.sampled_from(MATERIALS),
            department=st.sampled_from(DEPARTMENTS),
            purpose=st.sampled_from(PURPOSES),
            mode=st.sampled_from(("fresh", "fresh", "kept", "replay", "forged", "expired")),
        )
        def grant_consent(self, actor: str, material: bytes, department: str, purpose: Purpose, mode: str) -> None:
            m = self.model
            key = (material, department, purpose)
            materials = self.clients[actor].materials
            domain = materials.domain()
            now = self._now()
            epoch = m.epochs.get(key, 0)
            if mode == "replay" and self.granted:
                consent, signature = self.granted[-1]
            elif mode == "kept" and self.kept.get(key):
                consent, signature = self.kept[key].pop(0)
            else:
                consent = Consent(material, department, purpose, now + 86_400, epoch, new_nonce(), now + 3_600)
                if mode == "expired":
                    consent = replace(consent, deadline=now - 600)
                signer = _account("not the citizen") if mode == "forged" else arena.citizen
                signature = sign_consent(signer, consent, domain)
                if mode in ("fresh", "kept"):  # the citizen also signs one the department keeps back
                    spare = replace(consent, nonce=new_nonce())
                    self.kept.setdefault(key, []).append((spare, sign_consent(arena.citizen, spare, domain)))
            named = (consent.material_id, consent.department, consent.purpose)
            used = {c.nonce for c, _ in self.granted}
            expected: Outcome
            if consent.material_id not in m.materials:
                expected = errors.UnknownMaterial
            elif consent.epoch != m.epochs.get(named, 0):
                expected = errors.StaleConsentEpoch
            elif consent.deadline < now:
                expected = errors.SignatureExpired
            elif consent.nonce in used:
                expected = errors.NonceAlreadyUsed
            elif mode == "forged":
                expected = errors.InvalidOwnerSignature
            else:
                expected = None
            if self._do(actor, expected, lambda: materials.grant_consent(consent, signature), {"consents"}, named):
                m.consents.add(named)
                self.granted.append((consent, signature))

        @rule(
            actor=st.sampled_from(ACTORS),
            material=st.sampled_from(MATERIALS),
            department=st.sampled_from(DEPARTMENTS),
            purpose=st.sampled_from(PURPOSES),
            stale=st.booleans(),
        )
        def revoke_consent(self, actor: str, material: bytes, department: str, purpose: Purpose, stale: bool) -> None:
            m = self.model
            key = (material, department, purpose)
            materials = self.clients[actor].materials
            now = self._now()
            epoch = m.epochs.get(key, 0)
            if stale:  # one closed by an earlier withdrawal, or one from an epoch not yet open
                epoch = epoch - 1 if epoch else 5
            revocation = ConsentRevocation(material, department, purpose, epoch, new_nonce(), now + 3_600)
            signature = sign_consent_revocation(arena.citizen, revocation, materials.domain())
            if material not in m.materials:
                expected: Outcome = errors.UnknownMaterial
            elif revocation.epoch != m.epochs.get(key, 0):
                expected = errors.StaleConsentEpoch
            else:
                expected = None
            if self._do(actor, expected, lambda: materials.revoke_consent(revocation, signature), {"consents"}, key):
                m.consents.discard(key)
                m.epochs[key] = m.epochs.get(key, 0) + 1

        # -- certificates ---------------------------------------------------------------------

        @rule(actor=WHO_ISSUES, issuer=ISSUERS, count=st.integers(1, 2))
        def issue_batch(self, actor: str, issuer: str, count: int) -> None:
            issuer = _own(actor, issuer)
            drafts = [
                CertificateDraft("FOOD-LICENCE", bytes([i + 1]) * 32, {"shop": f"店 {i}"}, int(time.time()) + 86_400)
                for i in range(count)
            ]
            expected = None if can(actor, issuer, OfficerRole.ISSUER) else errors.NotAnIssuer
            certificates = self.clients[actor].certificates
            issued: list[Certificate] = []
            if self._do(
                actor,
                expected,
                lambda: issued.extend(certificates.issue_batch(drafts, issuer=issuer)),
                {"certificates"},
            ):
                self.model.batches[issued[0].root] = Batch(issuer, issued)

        @rule(data=st.data(), actor=WHO_ISSUES, claim_other=st.booleans(), whole=st.booleans())
        def revoke_certificate(self, data: st.DataObject, actor: str, claim_other: bool, whole: bool) -> None:
            if not self.model.batches:
                return
            root = data.draw(st.sampled_from(list(self.model.batches)))
            batch = self.model.batches[root]
            certificate = data.draw(st.sampled_from(batch.certificates))
            issuer = next(d for d in DEPARTMENTS if d != batch.issuer) if claim_other else batch.issuer
            certificates = self.clients[actor].certificates
            expected: Outcome
            if not can(actor, issuer, OfficerRole.ISSUER):
                expected = errors.NotAnIssuer
            elif claim_other:
                expected = errors.UnknownBatch
            elif whole:
                expected = errors.BatchAlreadyRevoked if batch.revoked else None
            else:
                revoked = certificate.certificate_id in batch.revoked_certificates
                expected = errors.CertificateAlreadyRevoked if revoked else None
                if certificate.certificate_id in batch.replaced_certificates:  # 换发: it ended as replaced
                    expected = errors.CertificateAlreadyReplaced
            if whole:
                call: Callable[[], Any] = lambda: certificates.revoke_batch(root, issuer=issuer, reason_code=5)  # noqa: E731
            else:
                claimed = replace(certificate, issuer=issuer)
                call = lambda: certificates.revoke(claimed, reason_code=5)  # noqa: E731
            if self._do(actor, expected, call, {"certificates"}, root):
                if whole:
                    batch.revoked = True
                else:
                    batch.revoked_certificates.add(certificate.certificate_id)

        # -- corrections (更正) ----------------------------------------------------------------

        def _correction_outcome(
            self, actor: str, subject: bytes, field_name: str, value: bytes, reason: int, allowed: bool
        ) -> Outcome:
            """The SDK refuses a zero value or reason; the contract someone not of the record's department;
            the same correction as the field's last one, by the same actor, is recorded already (a retry);
            another officer repeating it records it again."""
            if not any(value) or reason == 0:
                return errors.InvalidInputError
            if not allowed:
                return errors.NotTheRecordsDepartment
            last = next((c for c in reversed(self.model.corrections.get(subject, [])) if c[1] == field_name), None)
            return RECORDED if last is not None and last[2:] == (value, reason, actor) else None

        @rule(
            actor=WHO_DECIDES,
            number=st.sampled_from(NUMBERS),
            department=st.integers(0, 1),
            as_number=st.booleans(),
            value=st.sampled_from(CORRECTED_VALUES),
            reason=st.sampled_from(CORRECTION_REASONS),
        )
        def correct_decision(
            self, actor: str, number: str, department: int, as_number: bool, value: bytes, reason: int
        ) -> None:
            ref, refused, app_id = self._app_ref(number, department, as_number)
            app = self.model.apps.get(app_id)
            # the SDK checks the value and reason before it looks the application up
            expected: Outcome = errors.InvalidInputError if not any(value) or reason == 0 else refused
            if app is not None and expected is None:
                # the services have one step, of the owner's Approver: it or the owner's Clerk corrects
                allowed = can(actor, app.department, OfficerRole.CLERK, OfficerRole.APPROVER)
                expected = self._correction_outcome(actor, app_id, "opinionHash", value, reason, allowed)
            corrections = self.clients[actor].corrections
            call = lambda: corrections.correct_decision(  # noqa: E731
                ref, field="opinion-hash", value=value, reason_code=reason
            )
            if self._do(actor, expected, call, {"corrections"}) and app is not None:
                self.model.corrections.setdefault(app_id, []).append(
                    (app.department, "opinionHash", value, reason, actor)
                )

        @rule(
            data=st.data(),
            actor=WHO_ISSUES,
            claim_other=st.booleans(),
            value=st.sampled_from(CORRECTED_VALUES),
            reason=st.sampled_from(CORRECTION_REASONS),
        )
        def correct_certificate(
            self, data: st.DataObject, actor: str, claim_other: bool, value: bytes, reason: int
        ) -> None:
            if not self.model.batches:
                return
            batch = self.model.batches[data.draw(st.sampled_from(list(self.model.batches)))]
            certificate = data.draw(st.sampled_from(batch.certificates))
            issuer = next(d for d in DEPARTMENTS if d != batch.issuer) if claim_other else batch.issuer
            expected: Outcome
            if any(value) and reason and claim_other:
                expected = errors.UnknownCertificate  # not issued under the other issuer, whoever asks
            else:
                allowed = can(actor, batch.issuer, OfficerRole.ISSUER)
                expected = self._correction_outcome(actor, certificate.leaf, "shop", value, reason, allowed)
            corrections = self.clients[actor].corrections
            claimed = replace(certificate, issuer=issuer)
            call = lambda: corrections.correct_certificate(  # noqa: E731
                claimed, field="shop", digest=value, reason_code=reason
            )
            if self._do(actor, expected, call, {"corrections"}):
                self.model.corrections.setdefault(certificate.leaf, []).append(
                    (batch.issuer, "shop", value, reason, actor)
                )

        # -- replacement (换发, issue 18) -------------------------------------------------------

        @staticmethod
        def _live(batch: Batch, certificate: Certificate) -> bool:
            """Not revoked (nor its batch) and not replaced: it may still be replaced, or replace one."""
            ended = batch.revoked_certificates | batch.replaced_certificates.keys()
            return not batch.revoked and certificate.certificate_id not in ended

        @rule(
            data=st.data(),
            intent=st.sampled_from(("replace", "replace", "attack")),
            actor=st.sampled_from((*("its-issuer",) * 3, *ACTORS)),
            claim_other=st.sampled_from((False, False, True)),
            reason=st.sampled_from((1, 2, 0)),
            fresh=st.booleans(),
        )
        def replace_certificate(
            self, data: st.DataObject, intent: str, actor: str, claim_other: bool, reason: int, fresh: bool
        ) -> None:
            """Replace (换发) a certificate by another. "replace" is what an Issuer does: a live certificate of
            its department, its issuer named rightly, a reason, and as the replacement one issued in this
            step (``fresh``) or one of the department's issued and unused; "attack" draws anything: any
            actor ("its-issuer" an Issuer of the old certificate's department), the issuer named as the
            other department, no reason, the old one itself, another department's, an ended one. The model
            judges both alike, and after a replacement the verification of both names the other."""
            m = self.model
            if not m.batches:
                return
            every = [(root, c) for root in m.batches for c in m.batches[root].certificates]
            if intent == "replace":
                live = [(root, c) for root, c in every if self._live(m.batches[root], c)]
                old_root, old = data.draw(st.sampled_from(live or every))
                actor, claim_other, reason = f"{m.batches[old_root].issuer}/issuer", False, reason or 1
            else:
                old_root, old = data.draw(st.sampled_from(every))
                if actor == "its-issuer":
                    actor = f"{m.batches[old_root].issuer}/issuer"
            old_batch = m.batches[old_root]
            certificates = self.clients[actor].certificates
            issued: list[Certificate] = []
            if fresh and can(actor, old_batch.issuer, OfficerRole.ISSUER):  # the new licence, issued first
                draft = CertificateDraft("FOOD-LICENCE", b"\x44" * 32, {"shop": "换发"}, int(time.time()) + 86_400)
                call: Callable[[], Any] = lambda: issued.extend(  # noqa: E731
                    certificates.issue_batch([draft], issuer=old_batch.issuer)
                )
                assert self._do(actor, None, call, {"certificates"})
                m.batches[issued[0].root] = Batch(old_batch.issuer, issued)
                new_root, new = issued[0].root, issued[0]
            else:
                unused = [
                    (root, c)
                    for root, c in every
                    if m.batches[root].issuer == old_batch.issuer
                    and c is not old
                    and self._live(m.batches[root], c)
                    and c.certificate_id not in m.batches[root].replacements
                ]
                if intent == "replace" and unused:
                    new_root, new = data.draw(st.sampled_from(unused))
                else:  # mostly of the same department (else an Issuer of both is needed: nobody here)
                    same = [(root, c) for root, c in every if m.batches[root].issuer == old_batch.issuer]
                    new_root, new = data.draw(st.sampled_from(same * 3 + every))
            new_batch = m.batches[new_root]
            issuer = next(d for d in DEPARTMENTS if d != old_batch.issuer) if claim_other else old_batch.issuer
            expected: Outcome
            old_id, new_id = old.certificate_id, new.certificate_id
            if not can(actor, issuer, OfficerRole.ISSUER):
                expected = errors.NotAnIssuer
            elif claim_other:
                expected = errors.UnknownBatch
            elif old_id in old_batch.replaced_certificates:
                expected = errors.CertificateAlreadyReplaced
            elif old_batch.revoked or old_id in old_batch.revoked_certificates:
                expected = errors.CertificateAlreadyRevoked
            elif not can(actor, new_batch.issuer, OfficerRole.ISSUER):
                expected = errors.NotAnIssuer
            elif new.leaf == old.leaf or not self._live(new_batch, new) or new_id in new_batch.replacements:
                expected = errors.InvalidReplacement
            elif reason == 0:
                expected = errors.MissingReplacementReason
            else:
                expected = None
            event("replace_certificate: " + ("replaced" if expected is None else getattr(expected, "__name__", "")))
            claimed = replace(old, issuer=issuer)
            replaced = self._do(
                actor, expected, lambda: certificates.replace(claimed, new, reason_code=reason), {"certificates"}
            )
            if issued:  # the new licence is read back even when its use as a replacement was refused
                self.touched = self.touched | {"certificates"}
            if replaced:
                old_batch.replaced_certificates[old_id] = Link(new_id, new_root, new_batch.issuer, reason)
                new_batch.replacements[new_id] = Link(old_id, old_root, old_batch.issuer, reason)

        # -- federation -----------------------------------------------------------------------

        @rule(
            actor=st.sampled_from(ACTORS),
            key=st.sampled_from(KEYS),
            origin=st.sampled_from((HONEST, HONEST, ROGUE_PEER, UNKNOWN_PEER)),
            subject=st.sampled_from(SUBJECTS),
            age=st.sampled_from(("new", "new", "old", "expired", "replay")),
        )
        def import_attestation(self, actor: str, key: str, origin: int, subject: bytes, age: str) -> None:
            m = self.model
            federation = self.clients[actor].federation
            now = self._now()
            if age == "replay" and self.imported:
                attestation, signature = self.imported[-1]
            else:
                issued_at = {"new": now, "old": now - 30 * 86_400, "expired": now - 86_400}.get(age, now)
                valid_until = now - 60 if age == "expired" else 0
                attestation = Attestation(origin, 1, subject, "ZD-ZC-SJ", issued_at, valid_until, new_nonce())
                domain = federation.domain()
                if key == "wrong-domain":
                    domain = AttestationDomain(domain.chain_id + 1, domain.verifying_contract)
                signer = arena.peer_keys["honest" if key == "wrong-domain" else key]
                signature = sign_attestation(signer, attestation, domain=domain)
            origin, subject = attestation.origin_region, attestation.subject
            signer_name = key if age != "replay" or not self.imported else "replayed"
            peer = m.peers.get(origin)
            registration = m.key_current(origin, signer_name)
            current = m.recognitions.get((subject, origin))
            expected: Outcome
            if not any(subject):
                expected = errors.InvalidAttestation
            elif peer is None:
                expected = errors.UnknownPeer
            elif not peer[0]:
                expected = errors.PeerNotActive
            elif attestation.valid_until and attestation.valid_until <= now:
                expected = errors.AttestationExpired
            elif attestation.nonce in m.nonces.get(origin, set()):
                expected = errors.AttestationReplayed
            elif registration is None:
                expected = errors.NotPeerKey
            elif (
                current is not None
                and m.holds(subject, origin)
                and (attestation.issued_at, attestation.nonce) <= (current.issued_at, current.nonce)
            ):
                expected = errors.AttestationNotNewer
            else:
                expected = None
            named = (subject, origin, signer_name)
            if self._do(
                actor, expected, lambda: federation.import_attestation(attestation, signature), {"federation"}, named
            ):
                assert registration is not None
                m.nonces.setdefault(origin, set()).add(attestation.nonce)
                m.recognitions[(subject, origin)] = Recognition(
                    signer_name, registration, attestation.issued_at, attestation.nonce
                )
                self.imported.append((attestation, signature))

        @rule(
            actor=WHO_GOVERNS,
            action=st.sampled_from(("remove key", "add key", "remove peer", "add peer")),
            region=st.sampled_from((HONEST, ROGUE_PEER)),
            key=st.sampled_from(("honest", "stolen", "rogue")),
        )
        def govern_peers(self, actor: str, action: str, region: int, key: str) -> None:
            m = self.model
            peer = m.peers[region]
            federation = self.clients[actor].federation
            address = arena.peer_keys[key].address
            expected: Outcome
            if actor != "gov":
                expected = errors.AccessControlUnauthorizedAccount
            elif action == "remove key":
                # Registered in the peer's current generation, whether or not the peer is active now.
                registered = (region, key) in m.keys and m.keys[(region, key)][1] == peer[1]
                expected = None if registered else errors.PeerKeyUnchanged
            elif action == "add key":
                if not peer[0]:
                    expected = errors.PeerNotActive
                elif (region, key) in m.keys and m.keys[(region, key)][1] == peer[1]:
                    expected = errors.PeerKeyUnchanged
                else:
                    expected = None
            elif action == "remove peer":
                expected = None if peer[0] else errors.PeerNotActive
            else:
                expected = errors.PeerAlreadyActive if peer[0] else None
            calls: dict[str, Callable[[], Any]] = {
                "remove key": lambda: federation.remove_key(region, address),
                "add key": lambda: federation.add_key(region, address),
                "remove peer": lambda: federation.remove_peer(region),
                "add peer": lambda: federation.add_peer(region, "对端"),
            }
            if self._do(actor, expected, calls[action], {"federation"}):
                if action == "remove key":
                    del m.keys[(region, key)]
                elif action == "add key":
                    m.registrations += 1
                    m.keys[(region, key)] = (m.registrations, peer[1])
                elif action == "remove peer":
                    peer[0] = False
                else:
                    peer[0], peer[1] = True, peer[1] + 1

        # -- what the chain shows, through the SDK --------------------------------------------

        def _observe(self, domains: AbstractSet[str], consents_of: tuple[bytes, ...]) -> dict[tuple[Any, ...], Any]:
            """The records of ``domains`` the model could know of, as the SDK reads them (the consents
            only of the materials ``consents_of``)."""
            reader = self.clients["outsider"]
            seen: dict[tuple[Any, ...], Any] = {}
            if "ledger" in domains:
                ids = [application_id(number, department) for number in NUMBERS for department in DEPARTMENTS]
                for app_id in reader.ledger.existing(ids):
                    app = reader.ledger.get(app_id)
                    seen[("app", app_id)] = (app.department, app.service, app.applicant_commitment, app.status)
                seen[("count",)] = reader.ledger.count()
            for material in MATERIALS:
                if "materials" in domains:
                    try:
                        record = reader.materials.get(material)
                    except errors.UnknownMaterial:
                        continue
                    seen[("material", material)] = (record.issuer, record.revoked, record.superseded_by)
                if "consents" in domains and material in consents_of and material in self.model.materials:
                    for department in DEPARTMENTS:
                        for purpose in PURPOSES:
                            if reader.materials.consent_until(material, department, purpose):
                                seen[("consent", material, department, purpose)] = True
            if "appeals" in domains:
                registry = reader.contract("AppealRegistry")
                for app_id in self.model.apps:
                    for appeal_id in reader.call(registry.functions.appealsOf(app_id)):
                        record = reader.call(registry.functions.getAppeal(appeal_id))
                        seen[("appeal", bytes(appeal_id))] = (
                            record[0],
                            record[2],
                            record[4],
                        )  # original, status, extended
            if "certificates" in domains:
                for root, batch in self.model.batches.items():
                    for certificate in batch.certificates:
                        report = reader.certificates.verify(certificate)
                        codes = {check.name: check.code for check in report.checks}
                        links = tuple(
                            None if link is None else (link.certificate_id, link.root, link.issuer, link.reason_code)
                            for link in (report.replaced_by, report.replaces)
                        )
                        seen[("certificate", root, certificate.certificate_id)] = (
                            codes["issuance"], codes["revocation"], codes.get("replacement"), *links,
                        )  # fmt: skip
            if "corrections" in domains:
                subjects = [*self.model.apps] + [c.leaf for b in self.model.batches.values() for c in b.certificates]
                for subject in subjects:
                    recorded = reader.corrections.corrections_of(subject)
                    if recorded:
                        seen[("correction", subject)] = tuple(
                            (c.department, c.field, c.corrected_value, c.reason_code) for c in recorded
                        )
            if "federation" in domains:
                for subject in SUBJECTS[:2]:
                    for origin in (HONEST, ROGUE_PEER):
                        found = reader.federation.recognition(subject, origin)
                        if found.imported_block:
                            seen[("recognition", subject, origin)] = (
                                found.signer, found.issued_at, found.nonce, found.in_force,
                            )  # fmt: skip
            return seen

        @invariant()
        def the_chain_agrees_with_the_model_and_every_change_was_allowed(self) -> None:
            if not self.touched:
                return
            self.failing = True
            m = self.model
            named = self.named[0] if self.touched == {"consents"} and self.named else None
            consents_of = MATERIALS if named is None else (named,)
            fresh = self._observe(self.touched, consents_of)
            before = self.observed
            now = {key: value for key, value in before.items() if not _read(key, self.touched, consents_of)}
            now.update(fresh)
            self.observed = now
            changed = {key for key in now.keys() | before.keys() if now.get(key) != before.get(key)}
            for key in changed:
                self._allowed(key, before.get(key), now.get(key))
            # Applications: exactly the model's, each in its owner's number space.
            apps = {key[1]: value for key, value in now.items() if key[0] == "app"}
            assert apps.keys() == m.apps.keys()
            for app_id, app in m.apps.items():
                assert apps[app_id] == (app.department, app.service, app.commitment, app.status)
                assert app.department == OWNER[app.service]
                assert can(app.creator, app.department, OfficerRole.CLERK)
            assert now[("count",)] == len(m.apps)  # idempotent writes record once
            # Appeals: exactly the model's, each of its original.
            appeals = sorted(value for key, value in now.items() if key[0] == "appeal")
            expected_appeals = sorted((a.original, a.status, a.extended) for found in m.appeals.values() for a in found)
            assert appeals == expected_appeals
            # Materials and consents.
            for material, record in m.materials.items():
                assert now[("material", material)] == (record.issuer, record.revoked, record.superseded_by)
            consents = {(k[1], k[2], k[3]) for k in now if k[0] == "consent"}
            assert consents == m.consents, "a consent authorizes exactly what it names"
            # Certificates: verification says what the model says.
            for root, batch in m.batches.items():
                for certificate in batch.certificates:
                    if batch.revoked:
                        revocation = "BATCH_REVOKED"
                    elif certificate.certificate_id in batch.revoked_certificates:
                        revocation = "CERTIFICATE_REVOKED"
                    elif certificate.certificate_id in batch.replaced_certificates:  # 换发
                        revocation = "CERTIFICATE_REPLACED"
                    else:
                        revocation = "NOT_REVOKED"
                    replaced_by = batch.replaced_certificates.get(certificate.certificate_id)
                    replaces = batch.replacements.get(certificate.certificate_id)
                    observed = now[("certificate", root, certificate.certificate_id)]
                    assert observed == (
                        "ISSUED",
                        revocation,
                        None if replaces is None else "REPLACES",
                        None if replaced_by is None else replaced_by.shown(),  # what replaced it, and why
                        None if replaces is None else replaces.shown(),  # what it replaced, and why
                    )
            # Recognitions: what each origin attested, in force only under its current keys.
            for (subject, origin), found in m.recognitions.items():
                signer = arena.peer_keys[found.signer].address
                held = now[("recognition", subject, origin)]
                assert held == (signer, found.issued_at, found.nonce, m.holds(subject, origin))
            assert {(k[1], k[2]) for k in now if k[0] == "recognition"} == m.recognitions.keys()
            # Corrections: exactly the model's, appended, never rewritten.
            corrections = {key[1]: list(value) for key, value in now.items() if key[0] == "correction"}
            assert corrections == {subject: [c[:4] for c in found] for subject, found in m.corrections.items() if found}
            self.failing = False

        def _allowed(self, key: tuple[Any, ...], old: Any, new: Any) -> None:
            """A change on chain is explained by the actor of the last step and its role."""
            actor, kind = self.actor, key[0]
            if kind == "count":
                assert can(actor, A, OfficerRole.CLERK) or can(actor, B, OfficerRole.CLERK), f"{actor} submitted"
            elif kind == "app" and self.reopening:  # a revocation on appeal reopened the original
                assert can(actor, REVIEWER, OfficerRole.APPROVER), f"{actor} reopened 0x{key[1].hex()}"
                assert (old[3], new[3]) in {(s, S.IN_REVIEW) for s in APPEALABLE}, f"reopened {old} -> {new}"
            elif kind == "appeal":
                assert can(actor, REVIEWER, OfficerRole.CLERK, OfficerRole.APPROVER), f"{actor} changed an appeal"
            elif kind == "app":
                department = (new or old)[0]
                assert can(actor, department, OfficerRole.CLERK, OfficerRole.APPROVER), (
                    f"{actor} changed application 0x{key[1].hex()} of {department}: {old} -> {new}"
                )
            elif kind == "material":
                issuer = (new or old)[0]
                assert can(actor, issuer, OfficerRole.CLERK, OfficerRole.ISSUER), (
                    f"{actor} changed material 0x{key[1].hex()} of {issuer}: {old} -> {new}"
                )
            elif kind == "consent":
                # Only the citizen's signature over exactly this (material, department, purpose) changes it.
                assert self.named == key[1:], f"a consent for {self.named} changed {key[1:]}"
            elif kind == "certificate":
                batch = self.model.batches[key[1]]
                if old is not None:  # issued in this step: checked by the rule against NotAnIssuer
                    assert can(actor, batch.issuer, OfficerRole.ISSUER), (
                        f"{actor} changed a certificate of {batch.issuer}"
                    )
            elif kind == "correction":
                # one correction appended, by an officer of the department that made the record
                old_list, new_list = tuple(old or ()), tuple(new or ())
                assert new_list[: len(old_list)] == old_list, f"{actor} rewrote the corrections of 0x{key[1].hex()}"
                assert len(new_list) == len(old_list) + 1, f"{actor} appended more than one correction"
                department = new_list[-1][0]
                roles = (
                    (OfficerRole.CLERK, OfficerRole.APPROVER) if key[1] in self.model.apps else (OfficerRole.ISSUER,)
                )
                assert can(actor, department, *roles), f"{actor} corrected a record of {department}"
            elif kind == "recognition":
                if actor == "gov" and (new is None or old is None or old[:3] == new[:3]):
                    return  # governance withdrew keys or peers: recognitions lapse
                assert self.named is not None, f"{actor} changed recognition {key[1:]} without an import"
                subject, origin, signer = self.named
                assert (subject, origin) == key[1:], f"an import about {self.named} changed {key[1:]}"
                assert signer in {name for (region, name) in self.model.keys if region == origin}, (
                    f"recognition of region {origin} changed by key {signer}"
                )

    try:
        run_state_machine_as_test(
            Suite,
            settings=settings(
                max_examples=examples(12),
                stateful_step_count=15,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            ),
        )
    finally:
        w3.provider.make_request("evm_revert", [base])  # type: ignore[arg-type]
        # A revert takes the chain's clock back too; the session's later tests stamp validity from the
        # wall clock, so the next block is brought back to now.
        _clock_to_wall(w3)
