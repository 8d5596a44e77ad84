// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";

import {SuiteAccessControl} from "./SuiteAccessControl.sol";
import {ZeroAddress} from "./Types.sol";

/// @title SuiteUpgradeable
/// @notice What every upgradeable contract of the suite shares: a UUPS implementation behind an ERC-1967
/// proxy, set up once by {initialize} with its first admin, and upgraded only by the admin (governance).
/// @dev Holds no state of its own: AccessControl, Initializable and UUPS keep theirs at OpenZeppelin's
/// ERC-7201 slots, so this base leaves every storage layout as it was. A contract adds its own first
/// roles by overriding {_initializeSuite} (calling `super` first).
abstract contract SuiteUpgradeable is SuiteAccessControl, UUPSUpgradeable {
    /// @notice Set up the proxy: give `admin` the admin role and the contract's other first roles
    /// (pauser, registrar and the like; governance takes them over later).
    /// @dev Runs once, in the proxy's deployment. Reverts with {ZeroAddress}.
    /// @param admin The first admin.
    function initialize(address admin) external initializer {
        if (admin == address(0)) revert ZeroAddress();
        _initializeSuite(admin);
    }

    /// @dev The proxy's set-up: the admin role. Extensions call `super._initializeSuite(admin)` first.
    function _initializeSuite(address admin) internal virtual onlyInitializing {
        __AccessControl_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @dev Upgrades go through governance: the admin role, which the timelock holds once the
    /// council governs the suite.
    function _authorizeUpgrade(address) internal virtual override onlyRole(DEFAULT_ADMIN_ROLE) {}
}
