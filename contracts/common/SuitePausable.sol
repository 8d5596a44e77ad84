// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

import {ISuitePausable} from "../interfaces/ISuitePausable.sol";
import {SuiteUpgradeable} from "./SuiteUpgradeable.sol";

/// @title SuitePausable
/// @notice An upgradeable contract of the suite with an emergency stop: PAUSER_ROLE pauses at once,
/// only the admin (governance) resumes. {initialize} gives the first admin the pauser role too.
/// @dev Holds no state of its own: Pausable keeps its flag at OpenZeppelin's ERC-7201 slot.
abstract contract SuitePausable is ISuitePausable, SuiteUpgradeable, PausableUpgradeable {
    /// @notice Role that may stop the contract at once in an emergency; only the admin resumes it.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @inheritdoc ISuitePausable
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc ISuitePausable
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @dev The admin role, then the pause flag and the pauser role for the same first admin.
    function _initializeSuite(address admin) internal virtual override onlyInitializing {
        super._initializeSuite(admin);
        __Pausable_init();
        _grantRole(PAUSER_ROLE, admin);
    }
}
