// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {AutomationRule} from "./rules/AutomationRule.sol";

/// @title WaitingPeriodRule
/// @notice A waiting period (for instance a public notice period, 公示期) must pass between the last
/// approval and completion; a keeper completes the application when it is over.
contract WaitingPeriodRule is AutomationRule {
    /// @notice Seconds that must pass after the last approval.
    uint32 public immutable period;

    /// @notice The period is not over before `endsAt`.
    error WaitingPeriodNotOver(bytes32 applicationId, uint40 endsAt);
    /// @notice A waiting period must be longer than zero seconds.
    error InvalidWaitingPeriod();

    /// @param applicationLedger The ledger.
    /// @param waitingPeriod Seconds that must pass after the last approval.
    constructor(IApplicationLedger applicationLedger, uint32 waitingPeriod) AutomationRule(applicationLedger) {
        if (waitingPeriod == 0) revert InvalidWaitingPeriod();
        period = waitingPeriod;
    }

    /// @notice What the rule requires, in words.
    /// @return The description.
    function describe() external pure returns (string memory) {
        return "A waiting period has passed since the last approval";
    }

    function _check(bytes32 applicationId, IApplicationLedger.Application memory) internal view override {
        uint40 endsAt = ledger.progressOf(applicationId).approvedAt + period;
        if (block.timestamp < endsAt) revert WaitingPeriodNotOver(applicationId, endsAt);
    }
}
