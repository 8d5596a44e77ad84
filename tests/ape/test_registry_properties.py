"""Stateful properties of the material and certificate registries against small Python models:
whatever is registered, revoked, superseded, consented to or withdrawn, in whatever order, the chain
says a material is usable exactly when the model does, and a certificate is valid at a block exactly
when the model does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ape.exceptions import ContractLogicError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tests.ape.conftest import ISSUER, code, proxied
from tests.ape.consents import APPLICATION, SERVICE, signed_consent, signed_revocation
from tests.depth import examples

SETTINGS = settings(
    max_examples=examples(12),
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PURPOSE = b"\x70" * 32


@dataclass
class MaterialModel:
    exists: bool = False
    revoked: bool = False
    superseded: bool = False
    consented: bool = False
    epoch: int = 0


def test_material_usability_matches_the_model(materials: Any, accounts: Any, chain: Any) -> None:
    """Also the consent epochs (issue 12, finding 11): a consent signed before a withdrawal of it is
    refused whenever it is submitted, one signed after it is accepted."""
    clerk, citizen = accounts[1], accounts[7]
    department = code("ZD-XPSJ")
    ids = [bytes([i + 1]) * 32 for i in range(3)]
    counter = iter(range(1, 10**9))

    class Machine(RuleBasedStateMachine):
        @initialize()
        def start(self) -> None:
            self.snapshot = chain.snapshot()
            self.model = {m: MaterialModel() for m in ids}
            self.replacements = iter(bytes([0x80 + i]) * 32 for i in range(100))
            self.signed: list[tuple[bytes, int, tuple[Any, ...], bytes]] = []

        def teardown(self) -> None:
            chain.restore(self.snapshot)

        def _new(self, material_id: bytes) -> tuple[Any, ...]:
            return (material_id, code("ID-CARD"), department, b"\x22" * 32, citizen, b"\x33" * 32, 0, 0, "cas:x")

        @rule(m=st.sampled_from(ids))
        def register(self, m: bytes) -> None:
            ok = not self.model[m].exists
            self._expect(ok, lambda: materials.registerMaterial(self._new(m), sender=clerk))
            if ok:
                self.model[m].exists = True

        @rule(m=st.sampled_from(ids))
        def revoke(self, m: bytes) -> None:
            state = self.model[m]
            ok = state.exists and not state.revoked
            self._expect(ok, lambda: materials.revokeMaterial(m, 3, sender=clerk))
            if ok:
                state.revoked = True

        @rule(m=st.sampled_from(ids))
        def supersede(self, m: bytes) -> None:
            state = self.model[m]
            ok = state.exists and not state.superseded
            newer = next(self.replacements)
            self._expect(ok, lambda: materials.supersedeMaterial(m, self._new(newer), sender=clerk))
            if ok:
                state.superseded = True

        @rule(m=st.sampled_from(ids))
        def sign_consent(self, m: bytes) -> None:
            """The citizen signs a consent in the epoch the model knows; it is submitted later, or never."""
            epoch = self.model[m].epoch
            consent = signed_consent(
                materials, citizen, m, department, SERVICE, PURPOSE, nonce=next(counter), epoch=epoch
            )
            self.signed.append((m, epoch, *consent))

        @rule(data=st.data())
        def submit_consent(self, data: Any) -> None:
            if not self.signed:
                return
            m, epoch, consent, signature = self.signed.pop(data.draw(st.integers(0, len(self.signed) - 1)))
            ok = self.model[m].exists and epoch == self.model[m].epoch
            self._expect(ok, lambda: materials.grantConsent(consent, signature, sender=clerk))
            if ok:
                self.model[m].consented = True

        @rule(m=st.sampled_from(ids))
        def withdraw(self, m: bytes) -> None:
            revocation = signed_revocation(
                materials, citizen, m, department, SERVICE, PURPOSE, nonce=next(counter), epoch=self.model[m].epoch
            )
            ok = self.model[m].exists
            self._expect(ok, lambda: materials.revokeConsent(*revocation, sender=clerk))
            if ok:
                self.model[m].consented = False
                self.model[m].epoch += 1

        def _expect(self, ok: bool, call: Any) -> None:
            try:
                call()
            except ContractLogicError as error:
                refused = str(error) or "refused"
            else:
                refused = ""
            assert bool(refused) != ok, refused or "accepted an action the rules forbid"

        @invariant()
        def usable_exactly_when_the_model_says(self) -> None:
            for m, state in self.model.items():
                usable = state.exists and not state.revoked and not state.superseded and state.consented
                reason = materials.checkUsable(m, department, SERVICE, PURPOSE)
                assert (len(reason) == 0) == usable, (m.hex()[:4], state, reason)
                assert materials.consentEpoch(m, department, SERVICE, PURPOSE) == state.epoch
                # The same bytes as an application id name another consent, never given here.
                assert materials.consentUntil(m, department, APPLICATION, PURPOSE) == 0

    run_state_machine_as_test(Machine, settings=SETTINGS)


@dataclass
class BatchModel:
    issued_block: int = 0
    revoked_block: int = 0
    leaf_revoked: dict[bytes, int] = field(default_factory=dict)


def test_certificate_validity_at_every_block_matches_the_model(
    project: Any, registry: Any, accounts: Any, chain: Any, admin: Any
) -> None:
    issuer = accounts[6]
    registry.grantOfficerRole(code("ZD-XPSJ"), issuer, ISSUER, sender=admin)
    certificates = proxied(project, project.CertificateRegistry, admin, registry)
    # Two-leaf batches: each leaf's proof is its sibling (sorted-pair hashing, as MerkleProof).
    from eth_utils.crypto import keccak

    def root_of(a: bytes, b: bytes) -> bytes:
        return keccak(min(a, b) + max(a, b))

    def leaf_of(preimage: tuple[bytes, bytes]) -> bytes:
        return keccak(keccak(preimage[0] + preimage[1]))  # StandardMerkleTree leaf of (id, digest)

    # Each certificate is named by its leaf's preimage (certificateId, digest); the chain hashes it.
    preimages = {
        k: ((bytes([k * 4 + 1]) * 32, bytes([k * 4 + 2]) * 32), (bytes([k * 4 + 3]) * 32, b"\x09" * 32))
        for k in range(2)
    }
    leaves = {k: (leaf_of(pair[0]), leaf_of(pair[1])) for k, pair in preimages.items()}
    roots = {k: root_of(*pair) for k, pair in leaves.items()}

    class Machine(RuleBasedStateMachine):
        @initialize()
        def start(self) -> None:
            self.snapshot = chain.snapshot()
            self.model = {k: BatchModel() for k in roots}
            self.history: list[tuple[int, dict[int, BatchModel]]] = []

        def teardown(self) -> None:
            chain.restore(self.snapshot)

        def _block(self, receipt: Any) -> int:
            return int(receipt.block_number)

        @rule(k=st.sampled_from([0, 1]))
        def issue(self, k: int) -> None:
            state = self.model[k]
            try:
                receipt = certificates.issueBatch(roots[k], code("ZD-XPSJ"), 2, sender=issuer)
            except ContractLogicError:
                assert state.issued_block
                return
            assert not state.issued_block
            state.issued_block = self._block(receipt)

        @rule(k=st.sampled_from([0, 1]))
        def revoke_batch(self, k: int) -> None:
            state = self.model[k]
            try:
                receipt = certificates.revokeBatch(roots[k], code("ZD-XPSJ"), 4, sender=issuer)
            except ContractLogicError:
                assert not state.issued_block or state.revoked_block
                return
            assert state.issued_block
            assert not state.revoked_block
            state.revoked_block = self._block(receipt)

        @rule(k=st.sampled_from([0, 1]), which=st.sampled_from([0, 1]))
        def revoke_leaf(self, k: int, which: int) -> None:
            state = self.model[k]
            leaf, sibling = leaves[k][which], leaves[k][1 - which]
            try:
                receipt = certificates.revokeCertificate(
                    roots[k], code("ZD-XPSJ"), *preimages[k][which], [sibling], 5, sender=issuer
                )
            except ContractLogicError:
                assert not state.issued_block or leaf in state.leaf_revoked
                return
            assert state.issued_block
            assert leaf not in state.leaf_revoked
            state.leaf_revoked[leaf] = self._block(receipt)

        @invariant()
        def valid_at_every_block_as_the_model_says(self) -> None:
            head = chain.blocks.head.number
            for k, state in self.model.items():
                for which in (0, 1):
                    leaf, sibling = leaves[k][which], leaves[k][1 - which]
                    for block in {head, state.issued_block, state.revoked_block, state.leaf_revoked.get(leaf, 0)}:
                        expected = (
                            bool(state.issued_block)
                            and state.issued_block <= block
                            and not (state.revoked_block and state.revoked_block <= block)
                            and not (leaf in state.leaf_revoked and state.leaf_revoked[leaf] <= block)
                        )
                        got = certificates.validAt(roots[k], code("ZD-XPSJ"), *preimages[k][which], [sibling], block)
                        assert got == expected, (k, which, block, state)

    run_state_machine_as_test(Machine, settings=SETTINGS)
