// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IAutomationRule
/// @notice A condition the ledger checks before it completes an application. The catalogue admin
/// lists rules per service version; the ledger calls each one read-only with a bounded amount of
/// gas, and a rule that reverts blocks completion with its own custom error as the reason.
interface IAutomationRule {
    /// @notice Revert with the rule's custom error unless the application may complete now.
    /// @param applicationId The application about to complete.
    function check(bytes32 applicationId) external view;

    /// @notice What the rule requires, in words, for the catalogue and the portal.
    /// @return The description.
    function describe() external view returns (string memory);
}
