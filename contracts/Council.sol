// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title Council
/// @notice The platform's council: department keys holding one seat each propose changes, M of them
/// must vote for a proposal (abstentions do not count toward M, and more must vote for than against),
/// and it runs through the timelock after its delay. OpenZeppelin's Governor
/// rather than a multisig: proposals, votes and their calldata are on-chain events any explorer shows,
/// and it needs nothing beyond OpenZeppelin Contracts.
contract Council is Governor, GovernorSettings, GovernorCountingSimple, GovernorVotes, GovernorTimelockControl, IVersioned {
    /// @notice The quorum must be at least one vote.
    error InvalidQuorum(uint256 quorum);

    /// @notice The quorum changed.
    event QuorumSet(uint256 oldQuorum, uint256 newQuorum);

    uint256 private _quorumVotes;

    /// @param seats The council's seat token.
    /// @param timelockController The timelock that executes what the council decides.
    /// @param quorumVotes M: the votes for a proposal needs.
    /// @param votingPeriodBlocks How long a vote stays open, in blocks.
    constructor(IVotes seats, TimelockController timelockController, uint256 quorumVotes, uint32 votingPeriodBlocks)
        Governor("Zhangdian Council")
        GovernorSettings(1, votingPeriodBlocks, 1)
        GovernorVotes(seats)
        GovernorTimelockControl(timelockController)
    {
        _setQuorum(quorumVotes);
    }

    /// @inheritdoc IVersioned
    function version() public pure override(Governor, IVersioned) returns (string memory) {
        return "1.1.0";
    }

    /// @notice M, the votes for a proposal needs.
    /// @return The quorum, whatever the timepoint.
    function quorum(uint256) public view override returns (uint256) {
        return _quorumVotes;
    }

    /// @notice Change M; only through a proposal of the council itself.
    /// @dev Requirements: called by the governance executor (the timelock). Emits {QuorumSet}.
    /// @param quorumVotes The new quorum.
    function setQuorum(uint256 quorumVotes) external onlyGovernance {
        _setQuorum(quorumVotes);
    }

    /// @dev Only votes for a proposal count toward M: GovernorCountingSimple would also count abstentions,
    /// so one vote for and M-1 abstentions would pass (issue 12, finding 7).
    function _quorumReached(uint256 proposalId)
        internal
        view
        override(Governor, GovernorCountingSimple)
        returns (bool)
    {
        (, uint256 forVotes,) = proposalVotes(proposalId);
        return quorum(proposalSnapshot(proposalId)) <= forVotes;
    }

    function _setQuorum(uint256 quorumVotes) private {
        if (quorumVotes == 0) revert InvalidQuorum(quorumVotes);
        emit QuorumSet(_quorumVotes, quorumVotes);
        _quorumVotes = quorumVotes;
    }

    // The overrides Solidity needs where the extensions meet.

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
