"""Governance: the council (one seat per department key, M of N votes), the timelock that holds every
admin role of the suite, and a guardian that can only pause.

Usage::

    deployment = govern_suite(w3, deployer, deployment, members=[...], quorum=2, delay=3600, guardian=addr)
    council = GovernanceFacade(client)
    proposal = council.propose([Action("DepartmentRegistry", "registerDepartment", [...])], "Register 税务局")
    council.approve(proposal); ...; council.execute(proposal)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3 import Web3

from zhangdian_sdk.core import messages
from zhangdian_sdk.core._results import result_of
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.codec import named
from zhangdian_sdk.core.deployments import ContractDeployment, Deployment
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import TransactionResult
from zhangdian_sdk.core.suite import SUITE, SuiteContract
from zhangdian_sdk.core.tx import EncodedCall, TransactionSender
from zhangdian_sdk.core.workdays import beijing_moment

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = ["Action", "GovernanceFacade", "ProposalStatus", "govern_suite", "hand_over_roles"]

_STATES = ("Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed")


@dataclass(frozen=True)
class Action:
    """One call a proposal makes: a suite contract, a function and its arguments."""

    contract: str
    function: str
    args: Sequence[Any]


@dataclass(frozen=True)
class ProposalStatus:
    """Where a proposal stands, with its calls decoded so each member sees what they vote for.

    ``state`` is the Governor's state name (``Active``); :attr:`state_zh`/:attr:`state_en` say it in words.
    The council counts time in blocks: ``voting_starts``/``voting_ends`` are block numbers and
    ``voting_starts_at``/``voting_ends_at`` their unix times, read from the block once it exists and
    estimated from the recent block time before (``*_estimated``). ``eta`` is when a queued proposal
    may execute (unix time, 0 when not queued)."""

    proposal_id: int
    state: str
    votes_for: int
    votes_against: int
    quorum: int
    eta: int
    description: str
    actions: tuple[str, ...]
    voting_starts: int = 0
    voting_ends: int = 0
    voting_starts_at: int = 0
    voting_ends_at: int = 0
    voting_starts_estimated: bool = False
    voting_ends_estimated: bool = False

    @property
    def state_zh(self) -> str:
        return messages.label("proposal_state", self.state, "zh")

    @property
    def state_en(self) -> str:
        return messages.label("proposal_state", self.state, "en")

    def timing(self, language: str) -> list[str]:
        """The proposal's dates in words, in ``language``: when voting starts or ends (or ended), and
        when a queued proposal may execute; Beijing time."""
        lines: list[str] = []
        if self.state == "Pending" and self.voting_starts:
            lines.append(
                _when(
                    "sdk.voting_starts",
                    self.voting_starts,
                    self.voting_starts_at,
                    self.voting_starts_estimated,
                    language,
                )
            )
        if self.voting_ends:
            key = "sdk.voting_ends" if self.state in {"Pending", "Active"} else "sdk.voting_ended"
            lines.append(_when(key, self.voting_ends, self.voting_ends_at, self.voting_ends_estimated, language))
        if self.eta and self.state == "Queued":
            lines.append(messages.text("sdk.executable_from", language, when=beijing_moment(self.eta)[:16]))
        return lines


def _when(key: str, block: int, timestamp: int, estimated: bool, language: str) -> str:
    when = beijing_moment(timestamp)[:16]
    if estimated:
        when = messages.text("sdk.about", language, when=when)
    return messages.text(key, language, block=block, when=when)


def govern_suite(
    w3: Web3,
    deployer: Signer,
    deployment: Deployment,
    *,
    members: Sequence[str],
    quorum: int,
    delay: int,
    guardian: str,
    voting_period: int = 50,
    manifest_path: Path | None = None,
    log: Callable[[str], None] = lambda _message: None,
    progress: Callable[[int, int], None] | None = None,
) -> Deployment:
    """Deploy seats, timelock and council; hand every admin role of the suite to the timelock and the
    pauser roles to the guardian (both as :data:`zhangdian_sdk.core.suite.SUITE` names them); the deployer keeps
    nothing, except the pauser roles if it is the guardian.
    ``log`` receives, per contract, who holds which role as read back from the chain; ``progress`` (done,
    total) each step done: the three deployments, the council's wiring, each seat and each suite contract
    handed over (after the checks, so a refused set-up reports no progress)."""
    if not 1 <= quorum <= len(members):
        raise InvalidInputError(
            f"法定票数须在 1 到成员数之间 / the quorum must be between 1 and the {len(members)} members"
        )
    sender = TransactionSender(w3, deployer)
    total = 3 + 1 + len(members) + 1 + len(SUITE)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    added: dict[str, ContractDeployment] = {}

    def deploy(name: str, *args: Any) -> Any:
        artifact = load_artifact(name)
        receipt = sender.deploy(artifact.abi, artifact.bytecode, *args)
        address = receipt["contractAddress"]
        assert address is not None  # a successful creation receipt always has one
        added[name] = ContractDeployment(
            address, int(receipt["blockNumber"]), receipt["transactionHash"].to_0x_hex(), artifact.artifact_hash
        )
        log(f"deployed {name} at {address}")
        step()
        return w3.eth.contract(address=address, abi=artifact.abi)

    seats = deploy("CouncilSeats", deployer.address)
    timelock = deploy("Timelock", delay, [], ["0x" + "00" * 20], deployer.address)
    council = deploy("Council", seats.address, timelock.address, quorum, voting_period)
    for role in ("PROPOSER_ROLE", "CANCELLER_ROLE"):
        sender.send(timelock.functions.grantRole(getattr(timelock.functions, role)().call(), council.address))
    step()
    for member in members:
        sender.send(seats.functions.seat(to_checksum_address(member)))
        step()
    sender.send(seats.functions.transferOwnership(timelock.address))
    sender.send(timelock.functions.renounceRole(timelock.functions.DEFAULT_ADMIN_ROLE().call(), deployer.address))
    step()
    guardian = to_checksum_address(guardian)
    deployer_address = to_checksum_address(deployer.address)
    is_deployer = guardian == deployer_address
    holders = {
        timelock.address: (f"时间锁 {timelock.address}", f"the timelock {timelock.address}"),
        guardian: (
            f"守护者 {guardian}" + (" (即部署账户)" if is_deployer else ""),
            f"the guardian {guardian}" + (" (the deployer)" if is_deployer else ""),
        ),
    }
    if not is_deployer:
        holders[deployer_address] = (f"部署账户 {deployer_address}", f"the deployer {deployer_address}")
    for described in SUITE:
        name = described.name
        contract = w3.eth.contract(address=deployment.address_of(name), abi=load_artifact(name).abi)
        hand_over_roles(sender, contract, described, admin=timelock.address, guardian=guardian)
        log(_holders_line(name, contract, described.initial_roles, holders))
        step()
    if is_deployer:
        log(
            f"部署账户 {deployer_address} 即守护者, 仅保留暂停权限 / the deployer {deployer_address} is the guardian: "
            "it keeps the pauser roles and no other role"
        )
    else:
        log(f"部署账户 {deployer_address} 不再持有任何角色 / the deployer {deployer_address} keeps no role")
    governed = replace(deployment, contracts={**deployment.contracts, **added})  # keeps the recorded rules
    return replace(governed, path=governed.save(manifest_path))


def hand_over_roles(
    sender: TransactionSender, contract: Any, described: SuiteContract, *, admin: str, guardian: str
) -> None:
    """Give ``contract``'s initial roles (as ``described``) to their holders, the pauser role to ``guardian``
    and the others to ``admin``, then renounce the sender's, except a role it is meant to hold itself."""
    sender_address = to_checksum_address(sender.address)
    grantees = {
        role: to_checksum_address(guardian if role == described.pauser_role else admin)
        for role in described.initial_roles
    }
    for role_name, grantee in grantees.items():
        role = getattr(contract.functions, role_name)().call()
        if not contract.functions.hasRole(role, grantee).call():
            sender.send(contract.functions.grantRole(role, grantee))
    for role_name, grantee in grantees.items():
        role = getattr(contract.functions, role_name)().call()
        # The deployer gives up every role, except one it is meant to hold: the pauser role when it is
        # itself the guardian (renouncing would leave nobody able to pause).
        if grantee != sender_address and contract.functions.hasRole(role, sender_address).call():
            sender.send(contract.functions.renounceRole(role, sender_address))


def _holders_line(name: str, contract: Any, roles: Sequence[str], holders: dict[str, tuple[str, str]]) -> str:
    """Who holds which role of ``contract``, read back from the chain, in both languages; ``holders`` maps
    each candidate address to its (Chinese, English) description."""
    parts_zh: list[str] = []
    parts_en: list[str] = []
    for role_name in roles:
        role = getattr(contract.functions, role_name)().call()
        found = [who for address, who in holders.items() if contract.functions.hasRole(role, address).call()]
        parts_zh.append(f"{role_name} 由{'、'.join(zh for zh, _ in found) or '无人'}持有")
        parts_en.append(f"{role_name} held by {', '.join(en for _, en in found) or 'nobody'}")
    return f"{name}: {'; '.join(parts_zh)} / {'; '.join(parts_en)}"


class GovernanceFacade:
    """Proposals of the council: propose, approve (vote for), queue and execute, status."""

    def __init__(self, client: ZhangdianClient) -> None:
        self._client = client
        self._council = client.contract("Council")

    def propose(self, actions: Sequence[Action], description: str) -> int:
        """Put the actions to the council; returns the proposal id."""
        targets, values, calldatas = self._encode(actions)
        self._client.sender.send(self._council.functions.propose(targets, values, calldatas, description))
        return self.proposal_id(actions, description)

    def proposal_id(self, actions: Sequence[Action], description: str) -> int:
        """The id the council gives these actions with this description."""
        targets, values, calldatas = self._encode(actions)
        return int(self._council.functions.hashProposal(targets, values, calldatas, keccak(text=description)).call())

    def approve(self, proposal_id: int, *, support: bool = True) -> TransactionResult:
        """Vote for (or against) a proposal."""
        return result_of(self._client.sender.send(self._council.functions.castVote(proposal_id, 1 if support else 0)))

    def queue(self, actions: Sequence[Action], description: str) -> TransactionResult:
        targets, values, calldatas = self._encode(actions)
        function = self._council.functions.queue(targets, values, calldatas, keccak(text=description))
        return result_of(self._client.sender.send(function))

    def execute(self, actions: Sequence[Action], description: str) -> TransactionResult:
        targets, values, calldatas = self._encode(actions)
        function = self._council.functions.execute(targets, values, calldatas, keccak(text=description))
        return result_of(self._client.sender.send(function))

    def status(self, proposal_id: int, actions: Sequence[Action] = (), description: str = "") -> ProposalStatus:
        state = _STATES[int(self._council.functions.state(proposal_id).call())]
        votes = named("Council", "proposalVotes", self._council.functions.proposalVotes(proposal_id).call())
        snapshot = int(self._council.functions.proposalSnapshot(proposal_id).call())
        deadline = int(self._council.functions.proposalDeadline(proposal_id).call())
        quorum = int(self._council.functions.quorum(snapshot).call())
        eta = int(self._council.functions.proposalEta(proposal_id).call())
        shown = tuple(f"{a.contract}.{a.function}({', '.join(map(_show, a.args))})" for a in actions)
        clock = _BlockClock(self._client.w3)
        starts_at, starts_estimated = clock.time_of(snapshot + 1)  # voting opens the block after the snapshot
        ends_at, ends_estimated = clock.time_of(deadline)
        return ProposalStatus(
            proposal_id,
            state,
            int(votes["forVotes"]),
            int(votes["againstVotes"]),
            quorum,
            eta,
            description,
            shown,
            voting_starts=snapshot + 1,
            voting_ends=deadline,
            voting_starts_at=starts_at,
            voting_ends_at=ends_at,
            voting_starts_estimated=starts_estimated,
            voting_ends_estimated=ends_estimated,
        )

    def _encode(self, actions: Sequence[Action]) -> tuple[list[str], list[int], list[bytes]]:
        if not actions:
            raise InvalidInputError("提案至少须有一项操作 / a proposal needs at least one action")
        targets: list[str] = []
        calldatas: list[bytes] = []
        for action in actions:
            contract = self._client.contract(action.contract)
            call = getattr(contract.functions, action.function)(*action.args)
            targets.append(contract.address)
            calldatas.append(EncodedCall.of(call).data)
        return targets, [0] * len(actions), calldatas


class _BlockClock:
    """The time of a block: read once the block exists, else estimated from the head's time and the
    mean block time of the last blocks (a consortium chain's blocks come at a fixed interval; a local
    chain's only with transactions, where the estimate assumes one second)."""

    _SAMPLE = 100

    def __init__(self, w3: Web3) -> None:
        self._w3 = w3
        head = w3.eth.get_block("latest")
        self._head = int(head["number"])
        self._head_time = int(head["timestamp"])
        self._block_time: float | None = None

    def time_of(self, block: int) -> tuple[int, bool]:
        """``(unix time, estimated)``."""
        if block <= self._head:
            return int(self._w3.eth.get_block(block)["timestamp"]), False
        return self._head_time + round((block - self._head) * self._mean_block_time()), True

    def _mean_block_time(self) -> float:
        if self._block_time is None:
            first = max(self._head - self._SAMPLE, 0)
            span = self._head - first
            elapsed = self._head_time - int(self._w3.eth.get_block(first)["timestamp"]) if span else 0
            self._block_time = max(elapsed / span, 1.0) if span else 1.0
        return self._block_time


def _show(value: Any) -> str:
    if isinstance(value, bytes):
        from zhangdian_sdk.core.codes import bytes32_to_code

        if len(value) == 18 and value.isascii() and value.isalnum():  # a bytes18 统一社会信用代码
            return value.decode("ascii")
        return bytes32_to_code(value) if len(value) == 32 else "0x" + value.hex()
    return repr(value)
