// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";

import {ZeroAddress} from "./Types.sol";

/// @title SuiteAccessControl
/// @notice OpenZeppelin's AccessControl as the suite's contracts use it, except that a role is never
/// granted to or revoked from the zero address: no key signs as address(0), so such a grant would give
/// nobody anything while emitting {RoleGranted}, and such a revocation would silently change nothing.
/// Both revert with {ZeroAddress} instead, so that a mistyped or missing account is seen at once.
/// @dev Holds no state of its own: AccessControlUpgradeable keeps its roles at its ERC-7201 slot, so
/// putting this base between a contract and AccessControlUpgradeable leaves every storage layout as it was.
abstract contract SuiteAccessControl is AccessControlUpgradeable {
    /// @dev Reverts with {ZeroAddress} for the zero account; otherwise as OpenZeppelin's.
    function _grantRole(bytes32 role, address account) internal virtual override returns (bool) {
        if (account == address(0)) revert ZeroAddress();
        return super._grantRole(role, account);
    }

    /// @dev Reverts with {ZeroAddress} for the zero account; otherwise as OpenZeppelin's. (renounceRole
    /// never reaches this with the zero account: it requires the caller's own address first.)
    function _revokeRole(bytes32 role, address account) internal virtual override returns (bool) {
        if (account == address(0)) revert ZeroAddress();
        return super._revokeRole(role, account);
    }
}
