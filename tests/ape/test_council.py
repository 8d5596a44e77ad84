"""The council's counting (issue 12, finding 7): M votes *for* pass a proposal; abstentions do not
count toward the quorum, as SECURITY.md and the SDK say."""

from __future__ import annotations

from typing import Any

import pytest
from eth_utils.crypto import keccak

AGAINST, FOR, ABSTAIN = 0, 1, 2
DEFEATED, SUCCEEDED = 3, 4
VOTING_PERIOD = 5
M = 2


@pytest.fixture
def council(project: Any, accounts: Any, admin: Any, chain: Any) -> tuple[Any, list[Any]]:
    """A council of three seats (accounts 5, 6, 7) with quorum M = 2, over a timelock."""
    seats = project.CouncilSeats.deploy(admin, sender=admin)
    timelock = project.Timelock.deploy(60, [], ["0x" + "00" * 20], admin, sender=admin)
    contract = project.Council.deploy(seats, timelock, M, VOTING_PERIOD, sender=admin)
    members = [accounts[i] for i in (5, 6, 7)]
    for member in members:
        seats.seat(member, sender=admin)
    chain.mine(1)
    return contract, members


def _vote(council: tuple[Any, list[Any]], chain: Any, supports: list[int], description: str) -> int:
    contract, members = council
    call = contract.setQuorum.encode_input(3)
    contract.propose([contract.address], [0], [call], description, sender=members[0])
    proposal_id = contract.hashProposal([contract.address], [0], [call], keccak(text=description))
    chain.mine(2)
    for member, support in zip(members, supports, strict=False):
        contract.castVote(proposal_id, support, sender=member)
    chain.mine(VOTING_PERIOD + 1)
    return int(contract.state(proposal_id))


def test_one_vote_for_and_abstentions_do_not_reach_the_quorum(council: tuple[Any, list[Any]], chain: Any) -> None:
    """Issue 12, finding 7: 1 for + M-1 abstentions (here: 1 for, 2 abstain) is Defeated."""
    assert _vote(council, chain, [FOR, ABSTAIN, ABSTAIN], "1 for, 2 abstain") == DEFEATED


def test_m_votes_for_pass_and_abstentions_or_a_lone_against_do_not_stop_them(
    council: tuple[Any, list[Any]], chain: Any
) -> None:
    """Issue 12, finding 7: M votes for pass, whatever the rest do; fewer than M for never pass."""
    assert _vote(council, chain, [FOR, FOR], "2 for") == SUCCEEDED
    assert _vote(council, chain, [FOR, FOR, ABSTAIN], "2 for, 1 abstain") == SUCCEEDED
    assert _vote(council, chain, [FOR, FOR, AGAINST], "2 for, 1 against") == SUCCEEDED
    assert _vote(council, chain, [FOR, AGAINST, ABSTAIN], "1 for, 1 against, 1 abstain") == DEFEATED
    assert _vote(council, chain, [ABSTAIN, ABSTAIN, ABSTAIN], "3 abstain") == DEFEATED
