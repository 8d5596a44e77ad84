// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title IVersioned
/// @notice Every contract of the suite reports its version on chain.
interface IVersioned {
    /// @notice The semantic version of this contract's code, e.g. "1.0.0".
    /// @return The version string.
    function version() external view returns (string memory);
}
