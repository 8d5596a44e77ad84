"""RegionFederation against attackers (issue 12, finding 5): a rogue peer region, a stolen and then
withdrawn peer key, a removed and re-added peer, an older attestation brought after a newer one, and
signatures made for another chain, another contract or the old chain-free domain."""

from __future__ import annotations

from typing import Any

import ape
import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_account.signers.local import LocalAccount

from tests.ape.conftest import proxied
from zhangdian_sdk.facades.federation import (
    ATTESTATION_DOMAIN,
    ATTESTATION_TYPES,
    Attestation,
    AttestationDomain,
    new_nonce,
    sign_attestation,
)

HOME, ZICHUAN, BOSHAN = 370303, 370302, 370304
SUBJECT = b"\x51" * 32
OTHER_SUBJECT = b"\x52" * 32
NO_ADDRESS = "0x" + "00" * 20


@pytest.fixture
def federation(project: Any, admin: Any) -> Any:
    contract = proxied(project, project.RegionFederation, admin, HOME)
    contract.addPeer(ZICHUAN, "淄川区", NO_ADDRESS, sender=admin)
    contract.addPeer(BOSHAN, "博山区", NO_ADDRESS, sender=admin)
    return contract


@pytest.fixture
def zichuan_key(federation: Any, admin: Any) -> LocalAccount:
    key: LocalAccount = Account.create()
    federation.addPeerKey(ZICHUAN, key.address, sender=admin)
    return key


@pytest.fixture
def boshan_key(federation: Any, admin: Any) -> LocalAccount:
    key: LocalAccount = Account.create()
    federation.addPeerKey(BOSHAN, key.address, sender=admin)
    return key


def _domain(federation: Any) -> AttestationDomain:
    return AttestationDomain(federation.provider.chain_id, federation.address)


def _attestation(
    origin: int, *, subject: bytes = SUBJECT, issued_at: int = 1_000, valid_until: int = 0, nonce: int | None = None
) -> Attestation:
    return Attestation(origin, 1, subject, "ZC-XPSJ", issued_at, valid_until, new_nonce() if nonce is None else nonce)


def _import(federation: Any, key: LocalAccount, attestation: Attestation, sender: Any) -> None:
    signature = sign_attestation(key, attestation, domain=_domain(federation))
    federation.importAttestation(attestation.as_tuple(), signature, sender=sender)


def test_a_rogue_peer_cannot_overwrite_or_lapse_another_peers_recognition(
    federation: Any, zichuan_key: LocalAccount, boshan_key: LocalAccount, outsider: Any, chain: Any
) -> None:
    """Issue 12, finding 5 (a): recognitions are kept per (subject, origin)."""
    _import(federation, zichuan_key, _attestation(ZICHUAN), outsider)
    # 博山区 attests 淄川区's certificate with a validity of ten seconds, hoping to make it lapse.
    soon = chain.pending_timestamp + 10
    _import(federation, boshan_key, _attestation(BOSHAN, valid_until=soon, issued_at=9_999), outsider)
    # Nor can it sign in 淄川区's name.
    forged = _attestation(ZICHUAN, valid_until=soon, issued_at=9_999)
    with ape.reverts(federation.NotPeerKey, regionCode=ZICHUAN, signer=boshan_key.address):
        federation.importAttestation(
            forged.as_tuple(), sign_attestation(boshan_key, forged, domain=_domain(federation)), sender=outsider
        )
    chain.mine(timestamp=soon + 1)

    assert federation.isRecognized(SUBJECT)
    assert federation.isRecognizedBy(SUBJECT, ZICHUAN)
    assert not federation.isRecognizedBy(SUBJECT, BOSHAN)  # its own recognition lapsed, nobody else's
    own = federation.recognition(SUBJECT, ZICHUAN)
    assert (own.originRegion, own.signer, own.validUntil, own.issuedAt) == (ZICHUAN, zichuan_key.address, 0, 1_000)
    assert list(federation.recognizingOrigins(SUBJECT)) == [ZICHUAN, BOSHAN]
    assert not federation.isRecognized(OTHER_SUBJECT)
    assert list(federation.recognizingOrigins(OTHER_SUBJECT)) == []


def test_withdrawing_a_stolen_key_withdraws_what_it_signed_for_good(
    federation: Any, zichuan_key: LocalAccount, admin: Any, outsider: Any
) -> None:
    """Issue 12, finding 5 (b): a recognition counts only while the key registration that signed it holds."""
    stolen: LocalAccount = Account.create()
    federation.addPeerKey(ZICHUAN, stolen.address, sender=admin)
    _import(federation, zichuan_key, _attestation(ZICHUAN, issued_at=1_000), outsider)
    # The thief attests a certificate that was never issued, and a far-future version of a real one.
    _import(federation, stolen, _attestation(ZICHUAN, subject=OTHER_SUBJECT), outsider)
    _import(federation, stolen, _attestation(ZICHUAN, issued_at=2**40 - 1), outsider)
    assert federation.isRecognized(OTHER_SUBJECT)

    federation.removePeerKey(ZICHUAN, stolen.address, sender=admin)
    assert not federation.isPeerKey(ZICHUAN, stolen.address)
    assert not federation.isRecognized(OTHER_SUBJECT)
    assert not federation.isRecognizedBy(OTHER_SUBJECT, ZICHUAN)
    assert not federation.isRecognized(SUBJECT)  # the thief's replacement no longer counts
    with ape.reverts(federation.NotPeerKey, regionCode=ZICHUAN, signer=stolen.address):
        _import(federation, stolen, _attestation(ZICHUAN, subject=b"\x53" * 32), outsider)
    # The withdrawn attestation does not block the origin's own: 淄川区 attests the real one again.
    _import(federation, zichuan_key, _attestation(ZICHUAN, issued_at=1_000), outsider)
    assert federation.isRecognizedBy(SUBJECT, ZICHUAN)

    # Registering the same address again (by mistake) does not revive what the thief signed.
    federation.addPeerKey(ZICHUAN, stolen.address, sender=admin)
    assert federation.isPeerKey(ZICHUAN, stolen.address)
    assert not federation.isRecognized(OTHER_SUBJECT)
    # The key cannot be withdrawn twice, nor a key never registered.
    federation.removePeerKey(ZICHUAN, stolen.address, sender=admin)
    with ape.reverts(federation.PeerKeyUnchanged, regionCode=ZICHUAN, key=stolen.address):
        federation.removePeerKey(ZICHUAN, stolen.address, sender=admin)


def test_a_re_added_peer_starts_a_new_generation_without_keys(
    federation: Any, zichuan_key: LocalAccount, admin: Any, outsider: Any
) -> None:
    """Issue 12, finding 5 (b): removing a peer ends its keys; re-adding it does not revive them."""
    _import(federation, zichuan_key, _attestation(ZICHUAN), outsider)
    assert federation.getPeer(ZICHUAN).generation == 1
    federation.removePeer(ZICHUAN, sender=admin)
    assert not federation.isRecognized(SUBJECT)
    federation.addPeer(ZICHUAN, "淄川区", NO_ADDRESS, sender=admin)

    assert federation.getPeer(ZICHUAN).generation == 2
    assert not federation.isPeerKey(ZICHUAN, zichuan_key.address)
    assert not federation.isRecognized(SUBJECT)  # what the old generation's key signed stays withdrawn
    with ape.reverts(federation.NotPeerKey, regionCode=ZICHUAN, signer=zichuan_key.address):
        _import(federation, zichuan_key, _attestation(ZICHUAN, subject=OTHER_SUBJECT), outsider)
    with ape.reverts(federation.PeerKeyUnchanged, regionCode=ZICHUAN, key=zichuan_key.address):
        federation.removePeerKey(ZICHUAN, zichuan_key.address, sender=admin)

    # The new generation's keys are registered afresh; older recognitions still need new attestations.
    federation.addPeerKey(ZICHUAN, zichuan_key.address, sender=admin)
    assert not federation.isRecognized(SUBJECT)
    _import(federation, zichuan_key, _attestation(ZICHUAN, subject=OTHER_SUBJECT), outsider)
    assert federation.isRecognizedBy(OTHER_SUBJECT, ZICHUAN)


def test_an_older_attestation_cannot_override_a_newer_one(
    federation: Any, zichuan_key: LocalAccount, outsider: Any, chain: Any
) -> None:
    """Issue 12, finding 5 (c): an origin's attestations about a subject are ordered by issuedAt, then nonce."""
    newer = _attestation(ZICHUAN, issued_at=2_000, nonce=50)
    _import(federation, zichuan_key, newer, outsider)
    soon = chain.pending_timestamp + 10
    for older in (
        _attestation(ZICHUAN, issued_at=1_999, nonce=99, valid_until=soon),
        _attestation(ZICHUAN, issued_at=2_000, nonce=49, valid_until=soon),
    ):
        with ape.reverts(
            federation.AttestationNotNewer, subject=SUBJECT, regionCode=ZICHUAN, currentIssuedAt=2_000, currentNonce=50
        ):
            _import(federation, zichuan_key, older, outsider)
    chain.mine(timestamp=soon + 1)
    assert federation.isRecognized(SUBJECT)

    # A genuinely newer one replaces it; so does one with the same issuedAt and a greater nonce.
    _import(federation, zichuan_key, _attestation(ZICHUAN, issued_at=2_000, nonce=51), outsider)
    assert federation.recognition(SUBJECT, ZICHUAN).nonce == 51
    _import(federation, zichuan_key, _attestation(ZICHUAN, issued_at=3_000, nonce=1), outsider)
    assert federation.recognition(SUBJECT, ZICHUAN).issuedAt == 3_000
    # The SDK's nonces grow with time, so its later attestation of the same certificate is newer.
    _import(federation, zichuan_key, _attestation(ZICHUAN, issued_at=3_000), outsider)
    _import(federation, zichuan_key, _attestation(ZICHUAN, issued_at=3_000), outsider)


def test_a_signature_for_another_chain_contract_or_the_old_domain_is_refused(
    project: Any, federation: Any, zichuan_key: LocalAccount, admin: Any, outsider: Any
) -> None:
    """Issue 12, finding 5 (c): the EIP-712 domain names this chain and this contract."""
    elsewhere = proxied(project, project.RegionFederation, admin, HOME)
    chain_id = federation.provider.chain_id
    attestation = _attestation(ZICHUAN)
    old_domain = encode_typed_data(
        domain_data=ATTESTATION_DOMAIN, message_types=ATTESTATION_TYPES, message_data=attestation.message()
    )
    foreign = {
        "another chain": sign_attestation(
            zichuan_key, attestation, domain=AttestationDomain(chain_id + 1, federation.address)
        ),
        "another contract": sign_attestation(
            zichuan_key, attestation, domain=AttestationDomain(chain_id, elsewhere.address)
        ),
        "the chain-free domain": bytes(Account.sign_message(old_domain, zichuan_key.key).signature),
        "a malformed signature": b"\x01" * 64,
        "an empty signature": b"",
    }
    for what, signature in foreign.items():
        with ape.reverts(federation.NotPeerKey):
            federation.importAttestation(attestation.as_tuple(), signature, sender=outsider)
        assert not federation.isRecognized(SUBJECT), what

    right = _domain(federation)
    assert federation.DOMAIN_SEPARATOR() != elsewhere.DOMAIN_SEPARATOR()
    signable = encode_typed_data(
        domain_data=right.as_eip712(), message_types=ATTESTATION_TYPES, message_data=attestation.message()
    )
    assert (
        federation.attestationDigest(attestation.as_tuple())
        == Account.sign_message(signable, zichuan_key.key).message_hash
    )
    federation.importAttestation(
        attestation.as_tuple(), sign_attestation(zichuan_key, attestation, domain=right), sender=outsider
    )
    assert federation.isRecognizedBy(SUBJECT, ZICHUAN)


def test_an_older_attestation_cannot_revive_a_recognition_a_newer_one_let_lapse(
    federation: Any, zichuan_key: LocalAccount, outsider: Any, chain: Any
) -> None:
    """Issue 12, finding 5 (c): once the origin's newer, shorter attestation expires, its older and
    longer one, kept back, cannot be imported to undo it; a withdrawn key's recognition orders nothing."""
    soon = chain.pending_timestamp + 10
    older = _attestation(ZICHUAN, issued_at=1_000, nonce=1)  # no end
    _import(federation, zichuan_key, _attestation(ZICHUAN, issued_at=2_000, nonce=2, valid_until=soon), outsider)
    chain.mine(timestamp=soon + 1)
    assert not federation.isRecognized(SUBJECT)
    with ape.reverts(federation.AttestationNotNewer):
        _import(federation, zichuan_key, older, outsider)
    assert not federation.isRecognized(SUBJECT)


SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def test_a_malleable_copy_of_a_valid_signature_is_refused(
    federation: Any, zichuan_key: LocalAccount, outsider: Any
) -> None:
    """Why slither's unused-return on importAttestation is accepted (security/slither-accepted.json):
    the value left unused is ECDSA.tryRecover's diagnostic `s`; the recover error itself is checked, so
    a high-s copy of a valid signature (which raw ecrecover maps to the same key) is refused."""
    attestation = _attestation(ZICHUAN)
    signature = sign_attestation(zichuan_key, attestation, domain=_domain(federation))
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    malleable = r + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - v])  # v: 27 <-> 28
    with ape.reverts(federation.NotPeerKey):
        federation.importAttestation(attestation.as_tuple(), malleable, sender=outsider)
    assert not federation.isRecognized(SUBJECT)
    federation.importAttestation(attestation.as_tuple(), signature, sender=outsider)
    assert federation.isRecognizedBy(SUBJECT, ZICHUAN)


def test_malformed_attestations_and_outsiders_are_refused(
    federation: Any, zichuan_key: LocalAccount, outsider: Any
) -> None:
    """Issue 12, finding 5: zero and malformed arguments, and outsiders managing keys."""
    # The kinds the SDK reads from the contract (issue 13); any other kind is malformed.
    assert (federation.KIND_CERTIFICATE(), federation.KIND_DECISION()) == (1, 2)
    for kind, subject in ((0, SUBJECT), (3, SUBJECT), (1, b"\x00" * 32)):
        bad = Attestation(ZICHUAN, kind, subject, "ZC-XPSJ", 1, 0, new_nonce())
        with ape.reverts(federation.InvalidAttestation, kind=kind, subject=subject):
            _import(federation, zichuan_key, bad, outsider)
    for region in (0, 999_999, HOME):
        with ape.reverts(federation.UnknownPeer, regionCode=region):
            _import(federation, zichuan_key, _attestation(region), outsider)
    with ape.reverts(federation.AccessControlUnauthorizedAccount):
        federation.addPeerKey(ZICHUAN, outsider, sender=outsider)
    with ape.reverts(federation.AccessControlUnauthorizedAccount):
        federation.removePeerKey(ZICHUAN, zichuan_key.address, sender=outsider)
    attestation = _attestation(ZICHUAN)
    _import(federation, zichuan_key, attestation, outsider)
    with ape.reverts(federation.AttestationReplayed, regionCode=ZICHUAN, nonce=attestation.nonce):
        _import(federation, zichuan_key, attestation, outsider)
