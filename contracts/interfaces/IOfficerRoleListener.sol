// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OfficerRole} from "../common/Types.sol";

/// @title IOfficerRoleListener
/// @notice What the department registry calls, in the same transaction, when an officer loses a role
/// or a department is deactivated: a contract that caches authorizations (the certificate registry's
/// status signers) ends them at once instead of trusting them until someone notices.
/// @dev The registry checks ERC-165 support of this interface when the listener is set, and lets a
/// failing call revert the role change: the change and what the listener ends are atomic.
interface IOfficerRoleListener {
    /// @notice `account` lost `role` (Issuer or Manager) in `department`, removed by `actor`; the
    /// registry's state is already updated when this is called.
    /// @param department The department code.
    /// @param account The officer who lost the role.
    /// @param role The role lost.
    /// @param actor Who revoked it.
    function officerRoleRevoked(bytes32 department, address account, OfficerRole role, address actor) external;

    /// @notice `department` was deactivated by `actor`; the registry's state is already updated.
    /// @param department The department code.
    /// @param actor Who deactivated it.
    function departmentDeactivated(bytes32 department, address actor) external;
}
