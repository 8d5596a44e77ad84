"""The ledger's hot paths on a real anvil, through the ERC-1967 proxies: gas ceilings for submit and
approve (issue 17's targets, with the version cached as publishing through the SDK does), the four-slot
record of ledger 1.3.0, the three-slot record of a cached version (1.4.0), and records stored in the
layouts before them."""

from __future__ import annotations

from collections.abc import Callable

from eth_abi import encode
from eth_utils import keccak
from web3 import Web3

from tests.conftest import FOOD_LICENCE
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import TimeUnit
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt

ClientFor = Callable[[str], ZhangdianClient]

# keccak256(abi.encode(uint256(keccak256("zhangdian.storage.ApplicationLedger")) - 1)) & ~bytes32(uint256(0xff))
LEDGER_STORAGE = 0x1AFEA50F2461C9038299CDBD860490FB7373CABCDD5EA231A7C748ADF25E6400

# Issue 17's targets: 0.7x EAS `attest` (224,778) and EAS `revoke` (64,106). Measured on ledger 1.4.0 /
# catalogue 1.4.0 with the version cached: 147,467 and 63,795, for an application that is not the chain's
# first (its counter is an update, not a new slot) and an approval a while after acceptance. Uncached (a
# version published before 1.4.0 and not cached since) they cost 169,586 and 77,291.
SUBMIT_CEILING = 157_000
APPROVE_CEILING = 64_106


def _record_slot(app: bytes, field: int) -> int:
    """Slot `field` (0..4) of `applications[app]` in the ledger's ERC-7201 storage."""
    return int.from_bytes(keccak(encode(["bytes32", "uint256"], [app, LEDGER_STORAGE])), "big") + field


def _commitment() -> bytes:
    return applicant_commitment("370303199001011239", new_salt(), department="ZD-XPSJ")


def _slot(w3: Web3, address: str, slot: int) -> int:
    return int.from_bytes(w3.eth.get_storage_at(address, slot), "big")


def test_submit_and_approve_stay_under_their_gas_ceilings_through_the_proxies(
    w3: Web3, client_for: ClientFor, new_number: Callable[[], str]
) -> None:
    clerk, approver = client_for("clerk"), client_for("approver")
    clerk.ledger.submit(new_number(), service="ZD-SPJY-XK", applicant_commitment=_commitment())  # not the first
    number = new_number()
    submitted = clerk.ledger.submit(number, service="ZD-SPJY-XK", applicant_commitment=_commitment())
    clerk.ledger.accept(number)
    # A minute later, as in an office: the step clock's update is a real change (in the same second it
    # would be a no-op write, 2,800 gas cheaper, and the ceiling would depend on the clock). Only a
    # minute: the session's chain is shared, and its consents and signatures expire by the wall clock.
    w3.provider.make_request("evm_increaseTime", [60])
    approved = approver.ledger.approve(number, step=0)
    assert submitted.gas_used <= SUBMIT_CEILING
    assert approved.gas_used <= APPROVE_CEILING


def test_publishing_caches_the_version_and_records_before_and_after_read_the_same(
    w3: Web3, deployment: Deployment, client_for: ClientFor, new_number: Callable[[], str]
) -> None:
    """A version published without the cache (as before ledger 1.4.0): its records keep their department;
    once `catalog.cache` copied it, a new record leaves the department slot empty, and both read, accept
    and approve the same. Publishing through the SDK caches at once."""
    admin, clerk, approver = client_for("admin"), client_for("clerk"), client_for("approver")
    ledger = deployment.address_of("ApplicationLedger")
    assert admin.catalog.is_cached("ZD-SPJY-XK", version=1)  # published by the session's fixture
    admin.catalog.publish("ZD-GAS-OLD", FOOD_LICENCE, cache_in_ledger=False)
    assert not admin.catalog.is_cached("ZD-GAS-OLD", version=1)
    old_number, new_number_ = new_number(), new_number()
    clerk.ledger.submit(old_number, service="ZD-GAS-OLD", applicant_commitment=_commitment())
    cached = client_for("outsider").catalog.cache("ZD-GAS-OLD")  # anyone may
    assert not cached.already_recorded
    assert cached.events == ("ServiceVersionCached",)
    assert admin.catalog.cache("ZD-GAS-OLD", version=1).already_recorded
    clerk.ledger.submit(new_number_, service="ZD-GAS-OLD", applicant_commitment=_commitment())

    department = int.from_bytes(b"ZD-XPSJ".ljust(32, b"\0"), "big")
    old, new = application_id(old_number, "ZD-XPSJ"), application_id(new_number_, "ZD-XPSJ")
    assert _slot(w3, ledger, _record_slot(old, 2)) == department  # stored, as before 1.4.0
    assert _slot(w3, ledger, _record_slot(new, 2)) == 0  # left to the cache
    assert (_slot(w3, ledger, _record_slot(old, 3)) >> 253) & 1 == 0
    assert (_slot(w3, ledger, _record_slot(new, 3)) >> 253) & 1 == 1  # the flag that says so
    for number in (old_number, new_number_):
        assert clerk.ledger.get(number).department == "ZD-XPSJ"
        clerk.ledger.accept(number)
        approver.ledger.approve(number, step=0)
        assert clerk.ledger.get(number).current_step == 1


def test_the_uncached_fallback_costs_what_it_did(
    w3: Web3, client_for: ClientFor, new_number: Callable[[], str]
) -> None:
    """Without the cache, submit and approve read the catalogue as ledger 1.3.0 did, plus one cold read
    of the (empty) cache each: about 2,100 gas over 1.3.0's 168,533 and 74,639 (the submit's calldata
    here, a longer number and code, adds about 1,200)."""
    admin, clerk, approver = client_for("admin"), client_for("clerk"), client_for("approver")
    admin.catalog.publish("ZD-GAS-FB", FOOD_LICENCE, cache_in_ledger=False)
    clerk.ledger.submit(new_number(), service="ZD-GAS-FB", applicant_commitment=_commitment())
    number = new_number()
    submitted = clerk.ledger.submit(number, service="ZD-GAS-FB", applicant_commitment=_commitment())
    clerk.ledger.accept(number)
    w3.provider.make_request("evm_increaseTime", [60])
    approved = approver.ledger.approve(number, step=0)
    assert submitted.gas_used <= 171_000
    assert approved.gas_used <= 77_500


def test_a_new_record_takes_four_slots_and_reads_back_its_time_limit(
    w3: Web3, deployment: Deployment, client_for: ClientFor, new_number: Callable[[], str]
) -> None:
    clerk = client_for("clerk")
    number = new_number()
    clerk.ledger.submit(number, service="ZD-SPJY-XK", applicant_commitment=_commitment())
    ledger = deployment.address_of("ApplicationLedger")
    app = application_id(number, "ZD-XPSJ")
    assert _slot(w3, ledger, _record_slot(app, 4)) == 0  # the fifth slot (timeUnit) stays empty
    record = clerk.ledger.get(number)
    assert (record.promised_time_limit, record.time_unit) == (240, TimeUnit.HOURS)


def test_a_record_in_the_layout_before_1_3_still_reads_and_runs_its_workflow(
    w3: Web3, deployment: Deployment, client_for: ClientFor, new_number: Callable[[], str]
) -> None:
    """A record stored by ledger 1.2.0 keeps its department in its own slot, its unit in the fifth slot
    and the bare amount in promisedTimeLimit: rewritten so with anvil, it reads the same and its deadline
    counts in its unit."""
    clerk, approver = client_for("clerk"), client_for("approver")
    ledger = deployment.address_of("ApplicationLedger")
    old_number, new_number_ = new_number(), new_number()
    for number in (old_number, new_number_):
        clerk.ledger.submit(number, service="ZD-SPJY-XK", applicant_commitment=_commitment())
    old = application_id(old_number, "ZD-XPSJ")
    packed = _slot(w3, ledger, _record_slot(old, 3))
    assert packed >> 254 == int(TimeUnit.HOURS) + 1  # the 1.3.0 tag, to be rewritten to the old layout
    assert (packed >> 253) & 1 == 1  # 1.4.0: the department is the cached version's
    old_layout = packed & ~(0b111 << 253)
    department = int.from_bytes(b"ZD-XPSJ".ljust(32, b"\0"), "big")
    for slot, value in ((2, department), (3, old_layout), (4, int(TimeUnit.HOURS))):
        w3.provider.make_request(
            "anvil_setStorageAt", [ledger, hex(_record_slot(old, slot)), "0x" + value.to_bytes(32, "big").hex()]
        )
    assert _slot(w3, ledger, _record_slot(old, 4)) == int(TimeUnit.HOURS)

    before = clerk.ledger.get(old_number)
    assert (before.promised_time_limit, before.time_unit) == (240, TimeUnit.HOURS)
    assert before.department == "ZD-XPSJ"
    spans = []
    for number in (old_number, new_number_):
        accepted = clerk.ledger.accept(number)
        accepted_at = w3.eth.get_block(accepted.block_number)["timestamp"]
        deadline = clerk.ledger.get(number).deadline
        assert deadline is not None
        spans.append(int(deadline.timestamp()) - accepted_at)
    assert spans[0] == spans[1] == 240 * 3600  # both count 240 hours
    approver.ledger.approve(old_number, step=0)
    assert clerk.ledger.get(old_number).current_step == 1
