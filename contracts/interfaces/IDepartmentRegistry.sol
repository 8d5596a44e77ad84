// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {OfficerRole} from "../common/Types.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IDepartmentRegistry
/// @notice Departments (部门) of the platform and the roles of their officers.
interface IDepartmentRegistry is IVersioned {
    /// @notice A department as stored on chain.
    struct Department {
        bytes32 code; // ASCII code, left-aligned, e.g. "ZD-SCJGJ"
        uint32 regionCode; // 行政区划代码, six digits, e.g. 370303
        bool active; // false once deactivated: its officers can no longer act
        uint64 registeredAt; // block timestamp of registration
        string nameZh; // name in Chinese
        string nameEn; // name in English
        bytes18 creditCode; // 统一社会信用代码 (GB 32100-2015), 18 ASCII characters with its check character
    }

    /// @notice A department was registered.
    event DepartmentRegistered(
        bytes32 indexed department, uint32 indexed regionCode, bytes18 creditCode, string nameZh, string nameEn
    );
    /// @notice A department's 统一社会信用代码 was corrected from `previous` to `creditCode` by `actor`.
    event DepartmentCreditCodeChanged(
        bytes32 indexed department, bytes18 previous, bytes18 creditCode, address indexed actor
    );
    /// @notice A department's names were changed.
    event DepartmentRenamed(bytes32 indexed department, string nameZh, string nameEn);
    /// @notice A department was activated or deactivated.
    event DepartmentStatusChanged(bytes32 indexed department, bool active, address indexed actor);
    /// @notice `account` was given `role` in `department` by `actor`.
    event OfficerRoleGranted(
        bytes32 indexed department, address indexed account, OfficerRole role, address indexed actor
    );
    /// @notice `account` lost `role` in `department`, removed by `actor`.
    event OfficerRoleRevoked(
        bytes32 indexed department, address indexed account, OfficerRole role, address indexed actor
    );
    /// @notice The role listener changed from `previous` to `listener` (zero: none), by `actor` (governance).
    event RoleListenerChanged(address indexed previous, address indexed listener, address indexed actor);

    /// @notice A department is already registered under `department`.
    error DepartmentAlreadyRegistered(bytes32 department);
    /// @notice The department code is empty or is not printable ASCII, left-aligned.
    error InvalidDepartmentCode(bytes32 department);
    /// @notice The region code is not a six-digit county-level administrative division code (not ending in 00).
    error InvalidRegionCode(uint32 regionCode);
    /// @notice The 统一社会信用代码 uses a character outside 0-9 and A-Z without I, O, Z, S, V, or its
    /// check character (GB 32100-2015) is wrong.
    error InvalidCreditCode(bytes18 creditCode);
    /// @notice The department already has this 统一社会信用代码.
    error CreditCodeUnchanged(bytes32 department, bytes18 creditCode);
    /// @notice A department name is empty or longer than the limit.
    error InvalidDepartmentName(uint256 length, uint256 maxLength);
    /// @notice `role` is not the number of a role that can be granted (1 Clerk .. 4 Manager).
    error InvalidOfficerRole(uint8 role);
    /// @notice `caller` may not manage the officers of `department`.
    error NotDepartmentManager(bytes32 department, address caller);
    /// @notice `account` already holds `role` in `department`.
    error OfficerRoleAlreadyGranted(bytes32 department, address account, OfficerRole role);
    /// @notice `account` does not hold `role` in `department`.
    error OfficerRoleNotHeld(bytes32 department, address account, OfficerRole role);
    /// @notice The department is already in the requested active state.
    error DepartmentStatusUnchanged(bytes32 department, bool active);
    /// @notice `listener` does not declare the IOfficerRoleListener interface (ERC-165).
    error InvalidRoleListener(address listener);
    /// @notice `listener` is the role listener already.
    error RoleListenerUnchanged(address listener);

    /// @notice Register a new department.
    /// @dev Requirements: caller holds REGISTRAR_ROLE; `department` is a new, valid ASCII code;
    /// `regionCode` is a six-digit county-level code (not ending in 00, {InvalidRegionCode}); `creditCode`
    /// is a valid 统一社会信用代码 ({InvalidCreditCode}); names are 1..MAX_NAME_BYTES bytes.
    /// Emits {DepartmentRegistered}.
    /// @param department The department code (ASCII, left-aligned in bytes32).
    /// @param regionCode The six-digit administrative division code, e.g. 370303.
    /// @param creditCode The department's 统一社会信用代码, 18 ASCII characters, e.g. "11370303MB2850123A".
    /// @param nameZh The Chinese name.
    /// @param nameEn The English name.
    function registerDepartment(
        bytes32 department,
        uint32 regionCode,
        bytes18 creditCode,
        string calldata nameZh,
        string calldata nameEn
    ) external;

    /// @notice Correct a department's 统一社会信用代码 (for example one mistyped at registration).
    /// @dev Requirements: caller holds REGISTRAR_ROLE; the department exists; `creditCode` is valid
    /// ({InvalidCreditCode}) and differs from the current one ({CreditCodeUnchanged}).
    /// Emits {DepartmentCreditCodeChanged}.
    /// @param department The department code.
    /// @param creditCode The corrected 统一社会信用代码.
    function setCreditCode(bytes32 department, bytes18 creditCode) external;

    /// @notice Change a department's names.
    /// @dev Requirements: caller holds REGISTRAR_ROLE; the department exists; names are 1..MAX_NAME_BYTES bytes.
    /// Emits {DepartmentRenamed}.
    /// @param department The department code.
    /// @param nameZh The new Chinese name.
    /// @param nameEn The new English name.
    function renameDepartment(bytes32 department, string calldata nameZh, string calldata nameEn) external;

    /// @notice Activate or deactivate a department; takes effect at once for all its officers.
    /// @dev Requirements: caller holds REGISTRAR_ROLE; the department exists; the state changes.
    /// Emits {DepartmentStatusChanged}. Deactivating calls the role listener's
    /// `departmentDeactivated` (if one is set) in the same transaction, and reverts if it fails;
    /// reactivating restores nothing the listener ended.
    /// @param department The department code.
    /// @param active True to activate, false to deactivate.
    function setDepartmentActive(bytes32 department, bool active) external;

    /// @notice Give `account` the role `role` in `department`.
    /// @dev Requirements: caller holds REGISTRAR_ROLE, or is an active Manager of the department;
    /// the department exists; `account` is not zero; the role is Clerk, Approver, Issuer or Manager
    /// and not yet held. Emits {OfficerRoleGranted}. The role is taken as its OfficerRole number (the
    /// ABI type of the enum, so the selector is that of an OfficerRole parameter) and range-checked with
    /// {InvalidOfficerRole}.
    /// @param department The department code.
    /// @param account The officer's address.
    /// @param role The role to grant, as its OfficerRole number: 1 Clerk, 2 Approver, 3 Issuer, 4 Manager.
    function grantOfficerRole(bytes32 department, address account, uint8 role) external;

    /// @notice Take the role `role` in `department` away from `account`; takes effect at once.
    /// @dev Requirements: as for {grantOfficerRole}, and the role is held. Emits {OfficerRoleRevoked}.
    /// Revoking Issuer or Manager calls the role listener's `officerRoleRevoked` (if one is set) in the
    /// same transaction, and reverts if it fails.
    /// @param department The department code.
    /// @param account The officer's address.
    /// @param role The role to revoke, as its OfficerRole number (see {grantOfficerRole}).
    function revokeOfficerRole(bytes32 department, address account, uint8 role) external;

    /// @notice Set the contract told when an officer loses the Issuer or Manager role or a department is
    /// deactivated (the certificate registry, which ends the status signers it trusts); zero for none.
    /// @dev Requirements: caller holds DEFAULT_ADMIN_ROLE (governance); a non-zero `listener` declares
    /// IOfficerRoleListener through ERC-165 ({InvalidRoleListener}); a change ({RoleListenerUnchanged}).
    /// Emits {RoleListenerChanged}. A listener that fails blocks revocations and deactivations until
    /// governance replaces it or sets zero.
    /// @param listener The listener, or zero.
    function setRoleListener(address listener) external;

    /// @notice The role listener (zero if none).
    /// @return The listener's address.
    function roleListener() external view returns (address);

    /// @notice Whether `account` may act with `role` for `department` now: the department is
    /// active and the role is held.
    /// @param department The department code.
    /// @param account The address to check.
    /// @param role The role to check.
    /// @return True if the account may act.
    function canAct(bytes32 department, address account, OfficerRole role) external view returns (bool);

    /// @notice Whether `account` holds `role` in `department`, whatever the department's state.
    /// @param department The department code.
    /// @param account The address to check.
    /// @param role The role to check.
    /// @return True if the role is held.
    function hasOfficerRole(bytes32 department, address account, OfficerRole role) external view returns (bool);

    /// @notice Whether a department is registered.
    /// @param department The department code.
    /// @return True if it is registered, active or not.
    function isRegistered(bytes32 department) external view returns (bool);

    /// @notice Whether a department is registered and active.
    /// @param department The department code.
    /// @return True if it is active.
    function isActive(bytes32 department) external view returns (bool);

    /// @notice A department's record.
    /// @dev Reverts with {UnknownDepartment} if it is not registered.
    /// @param department The department code.
    /// @return The department.
    function getDepartment(bytes32 department) external view returns (Department memory);

    /// @notice How many departments are registered.
    /// @return The count.
    function departmentCount() external view returns (uint256);

    /// @notice The code of the `index`-th registered department, in registration order.
    /// @param index Zero-based index, below {departmentCount}.
    /// @return The department code.
    function departmentAt(uint256 index) external view returns (bytes32);
}
