// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;


import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";

import {Codes} from "./common/Codes.sol";
import {CreditCodes} from "./common/CreditCodes.sol";
import {DepartmentInactive, OfficerRole, UnknownDepartment, ZeroAddress} from "./common/Types.sol";
import {SuiteUpgradeable} from "./common/SuiteUpgradeable.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IOfficerRoleListener} from "./interfaces/IOfficerRoleListener.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title DepartmentRegistry
/// @notice Departments of the district and the roles of their officers.
contract DepartmentRegistry is IDepartmentRegistry, SuiteUpgradeable {
    /// @notice Role that registers departments and manages any department's officers.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @notice Longest department name, in bytes of UTF-8.
    uint256 public constant MAX_NAME_BYTES = 96;


    /// @custom:storage-location erc7201:zhangdian.storage.DepartmentRegistry
    struct DepartmentRegistryStorage {
        mapping(bytes32 department => Department) departments;
        mapping(bytes32 department => mapping(address account => uint256 roleBits)) officerRoles;
        bytes32[] departmentCodes;
        // 1.3.0: told in the same transaction when an officer loses the Issuer or Manager role or a
        // department is deactivated (the certificate registry, which ends the status signers it trusts).
        address roleListener;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.DepartmentRegistry")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0xaa1e7882c7657b2209bbe2fa0200451136d6bff821b2282612d30511587c4a00;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @dev The proxy's set-up ({initialize}): the admin role, then the registrar role for the first admin.
    function _initializeSuite(address admin) internal override onlyInitializing {
        super._initializeSuite(admin);
        _grantRole(REGISTRAR_ROLE, admin);
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.3.0";
    }

    /// @inheritdoc IDepartmentRegistry
    function registerDepartment(
        bytes32 department,
        uint32 regionCode,
        bytes18 creditCode,
        string calldata nameZh,
        string calldata nameEn
    ) external onlyRole(REGISTRAR_ROLE) {
        if (!Codes.isValid(department)) revert InvalidDepartmentCode(department);
        if (_s().departments[department].code != bytes32(0)) revert DepartmentAlreadyRegistered(department);
        // A department belongs to a county-level division: six digits, not a prefecture or province (xx00).
        if (regionCode < 100_000 || regionCode > 999_999 || regionCode % 100 == 0) revert InvalidRegionCode(regionCode);
        if (!CreditCodes.isValid(creditCode)) revert InvalidCreditCode(creditCode);
        _checkName(nameZh);
        _checkName(nameEn);
        _s().departments[department] = Department({
            code: department,
            regionCode: regionCode,
            active: true,
            registeredAt: uint64(block.timestamp),
            nameZh: nameZh,
            nameEn: nameEn,
            creditCode: creditCode
        });
        _s().departmentCodes.push(department);
        emit DepartmentRegistered(department, regionCode, creditCode, nameZh, nameEn);
    }

    /// @inheritdoc IDepartmentRegistry
    function setCreditCode(bytes32 department, bytes18 creditCode) external onlyRole(REGISTRAR_ROLE) {
        Department storage record = _existing(department);
        if (!CreditCodes.isValid(creditCode)) revert InvalidCreditCode(creditCode);
        bytes18 previous = record.creditCode;
        if (previous == creditCode) revert CreditCodeUnchanged(department, creditCode);
        record.creditCode = creditCode;
        emit DepartmentCreditCodeChanged(department, previous, creditCode, _msgSender());
    }

    /// @inheritdoc IDepartmentRegistry
    function renameDepartment(bytes32 department, string calldata nameZh, string calldata nameEn)
        external
        onlyRole(REGISTRAR_ROLE)
    {
        Department storage record = _existing(department);
        _checkName(nameZh);
        _checkName(nameEn);
        record.nameZh = nameZh;
        record.nameEn = nameEn;
        emit DepartmentRenamed(department, nameZh, nameEn);
    }

    /// @inheritdoc IDepartmentRegistry
    function setDepartmentActive(bytes32 department, bool active) external onlyRole(REGISTRAR_ROLE) {
        Department storage record = _existing(department);
        if (record.active == active) revert DepartmentStatusUnchanged(department, active);
        record.active = active;
        emit DepartmentStatusChanged(department, active, _msgSender());
        address listener = _s().roleListener;
        if (!active && listener != address(0)) {
            IOfficerRoleListener(listener).departmentDeactivated(department, _msgSender());
        }
    }

    /// @inheritdoc IDepartmentRegistry
    function setRoleListener(address listener) external onlyRole(DEFAULT_ADMIN_ROLE) {
        address previous = _s().roleListener;
        if (listener == previous) revert RoleListenerUnchanged(listener);
        // A listener that cannot answer would make every revocation revert: refuse it here instead.
        if (
            listener != address(0)
                && !ERC165Checker.supportsInterface(listener, type(IOfficerRoleListener).interfaceId)
        ) revert InvalidRoleListener(listener);
        _s().roleListener = listener;
        emit RoleListenerChanged(previous, listener, _msgSender());
    }

    /// @inheritdoc IDepartmentRegistry
    function roleListener() external view returns (address) {
        return _s().roleListener;
    }

    /// @inheritdoc IDepartmentRegistry
    function grantOfficerRole(bytes32 department, address account, uint8 role) external {
        (OfficerRole officerRole, uint256 bit) = _checkOfficerChange(department, account, role);
        uint256 bits = _s().officerRoles[department][account];
        if (bits & bit != 0) revert OfficerRoleAlreadyGranted(department, account, officerRole);
        _s().officerRoles[department][account] = bits | bit;
        emit OfficerRoleGranted(department, account, officerRole, _msgSender());
    }

    /// @inheritdoc IDepartmentRegistry
    function revokeOfficerRole(bytes32 department, address account, uint8 role) external {
        (OfficerRole officerRole, uint256 bit) = _checkOfficerChange(department, account, role);
        uint256 bits = _s().officerRoles[department][account];
        if (bits & bit == 0) revert OfficerRoleNotHeld(department, account, officerRole);
        _s().officerRoles[department][account] = bits & ~bit;
        emit OfficerRoleRevoked(department, account, officerRole, _msgSender());
        // The roles that authorize certificate status changes: the listener ends what they authorized,
        // in this transaction (a failing listener reverts the revocation, so the two never come apart).
        address listener = _s().roleListener;
        if (listener != address(0) && (officerRole == OfficerRole.Issuer || officerRole == OfficerRole.Manager)) {
            IOfficerRoleListener(listener).officerRoleRevoked(department, account, officerRole, _msgSender());
        }
    }

    /// @inheritdoc IDepartmentRegistry
    function canAct(bytes32 department, address account, OfficerRole role) public view returns (bool) {
        return _s().departments[department].active && _holds(department, account, role);
    }

    /// @inheritdoc IDepartmentRegistry
    function hasOfficerRole(bytes32 department, address account, OfficerRole role) external view returns (bool) {
        return _holds(department, account, role);
    }

    /// @inheritdoc IDepartmentRegistry
    function isRegistered(bytes32 department) external view returns (bool) {
        return _s().departments[department].code != bytes32(0);
    }

    /// @inheritdoc IDepartmentRegistry
    function isActive(bytes32 department) external view returns (bool) {
        return _s().departments[department].active;
    }

    /// @inheritdoc IDepartmentRegistry
    function getDepartment(bytes32 department) external view returns (Department memory) {
        return _existing(department);
    }

    /// @inheritdoc IDepartmentRegistry
    function departmentCount() external view returns (uint256) {
        return _s().departmentCodes.length;
    }

    /// @inheritdoc IDepartmentRegistry
    function departmentAt(uint256 index) external view returns (bytes32) {
        return _s().departmentCodes[index];
    }

    /// @dev Checks that the caller may change `department`'s officers and that the change is
    /// well formed; returns the role and its bit. The role arrives as its number and is range-checked
    /// here, before it becomes an OfficerRole, so that an out-of-range value reverts with
    /// {InvalidOfficerRole} rather than without data in the ABI decoder.
    function _checkOfficerChange(bytes32 department, address account, uint8 roleNumber)
        private
        view
        returns (OfficerRole role, uint256 bit)
    {
        Department storage record = _existing(department);
        if (account == address(0)) revert ZeroAddress();
        // type(OfficerRole).max: a role added to the enum is grantable without touching this check.
        if (roleNumber == uint8(OfficerRole.None) || roleNumber > uint8(type(OfficerRole).max)) {
            revert InvalidOfficerRole(roleNumber);
        }
        role = OfficerRole(roleNumber);
        address caller = _msgSender();
        if (!hasRole(REGISTRAR_ROLE, caller)) {
            if (!_holds(department, caller, OfficerRole.Manager)) revert NotDepartmentManager(department, caller);
            if (!record.active) revert DepartmentInactive(department);
        }
        bit = 1 << roleNumber;
    }

    function _holds(bytes32 department, address account, OfficerRole role) private view returns (bool) {
        return _s().officerRoles[department][account] & (1 << uint8(role)) != 0;
    }

    function _existing(bytes32 department) private view returns (Department storage record) {
        record = _s().departments[department];
        if (record.code == bytes32(0)) revert UnknownDepartment(department);
    }

    function _checkName(string calldata name) private pure {
        uint256 length = bytes(name).length;
        if (length == 0 || length > MAX_NAME_BYTES) revert InvalidDepartmentName(length, MAX_NAME_BYTES);
    }

    function _s() private pure returns (DepartmentRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
