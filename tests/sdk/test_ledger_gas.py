"""The ledger's hot paths on a real anvil, through the ERC-1967 proxies: gas ceilings for submit and
approve, the four-slot record of ledger 1.3.0, and records stored in the layout before it."""

from __future__ import annotations

from collections.abc import Callable

from eth_abi import encode
from eth_utils import keccak
from web3 import Web3

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_id
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import TimeUnit
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt

ClientFor = Callable[[str], ZhangdianClient]

# keccak256(abi.encode(uint256(keccak256("zhangdian.storage.ApplicationLedger")) - 1)) & ~bytes32(uint256(0xff))
LEDGER_STORAGE = 0x1AFEA50F2461C9038299CDBD860490FB7373CABCDD5EA231A7C748ADF25E6400

# Ceilings over the figures measured on ledger 1.3.0 / catalogue 1.3.0: 168,533 and 74,639, for an
# application that is not the chain's first (its counter is an update, not a new slot) and an approval an
# hour after acceptance. Issue 17's targets (157,000 and 64,106) are lower: see fix-ledger's report.
SUBMIT_CEILING = 169_000
APPROVE_CEILING = 75_000


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
    # An hour later, as in an office: the step clock's update is a real change (in the same second it
    # would be a no-op write, 2,800 gas cheaper, and the ceiling would depend on the clock).
    w3.provider.make_request("evm_increaseTime", [3600])
    approved = approver.ledger.approve(number, step=0)
    assert submitted.gas_used <= SUBMIT_CEILING
    assert approved.gas_used <= APPROVE_CEILING


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
    """A record stored by ledger 1.2.0 keeps its unit in the fifth slot and the bare amount in
    promisedTimeLimit: rewritten so with anvil, it reads the same and its deadline counts in its unit."""
    clerk, approver = client_for("clerk"), client_for("approver")
    ledger = deployment.address_of("ApplicationLedger")
    old_number, new_number_ = new_number(), new_number()
    for number in (old_number, new_number_):
        clerk.ledger.submit(number, service="ZD-SPJY-XK", applicant_commitment=_commitment())
    old = application_id(old_number, "ZD-XPSJ")
    packed = _slot(w3, ledger, _record_slot(old, 3))
    assert packed >> 254 == int(TimeUnit.HOURS) + 1  # the 1.3.0 tag, to be rewritten to the old layout
    old_layout = packed & ~(0b11 << 254)
    for slot, value in ((3, old_layout), (4, int(TimeUnit.HOURS))):
        w3.provider.make_request(
            "anvil_setStorageAt", [ledger, hex(_record_slot(old, slot)), "0x" + value.to_bytes(32, "big").hex()]
        )
    assert _slot(w3, ledger, _record_slot(old, 4)) == int(TimeUnit.HOURS)

    before = clerk.ledger.get(old_number)
    assert (before.promised_time_limit, before.time_unit) == (240, TimeUnit.HOURS)
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
