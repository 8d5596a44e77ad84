// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title Timelock
/// @notice OpenZeppelin's TimelockController under the suite's name: holds every admin role of the
/// suite; only the council proposes, anyone executes once the delay has passed. The deployer holds the
/// timelock's admin role only while wiring the council in, then renounces it.
contract Timelock is TimelockController {
    /// @param minDelay Seconds between a decision and its execution (minutes locally, days in production).
    /// @param proposers Initial proposers (the council is added once deployed).
    /// @param executors Who may execute; the zero address means anyone.
    /// @param admin Temporary admin for the wiring, or zero.
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
