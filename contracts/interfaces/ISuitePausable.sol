// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title ISuitePausable
/// @notice The emergency stop shared by the suite's pausable contracts (ledger, materials, certificates,
/// federation): a pauser stops the contract's state changes at once; only governance resumes them.
interface ISuitePausable {
    /// @notice Stop the contract's state changes at once (emergency).
    /// @dev Requirements: caller holds PAUSER_ROLE; not paused. Emits {Paused}.
    function pause() external;

    /// @notice Resume state changes after an emergency stop.
    /// @dev Requirements: caller holds DEFAULT_ADMIN_ROLE (governance); paused. Emits {Unpaused}.
    function unpause() external;
}
