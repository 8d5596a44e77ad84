// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;


import {Codes} from "./common/Codes.sol";
import {
    ApprovalStep, DeadlinePolicy, OfficerRole, TimeLimit, TimeUnit, UnknownDepartment, ZeroAddress
} from "./common/Types.sol";
import {SuiteUpgradeable} from "./common/SuiteUpgradeable.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IServiceCatalog} from "./interfaces/IServiceCatalog.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title ServiceCatalog
/// @notice The catalogue of public services, each a list of immutable versions.
contract ServiceCatalog is IServiceCatalog, SuiteUpgradeable {
    /// @notice Role that publishes, changes and closes services.
    bytes32 public constant CATALOG_ADMIN_ROLE = keccak256("CATALOG_ADMIN_ROLE");
    /// @notice Most approval steps a service may have (the ledger stores the step index in a uint8).
    uint256 public constant MAX_STEPS = 16;
    /// @notice Most required material types a service may list.
    uint256 public constant MAX_MATERIAL_TYPES = 16;
    /// @notice Most follow-on services a service may name.
    uint256 public constant MAX_FOLLOW_ONS = 8;
    /// @notice Most automation rules one service version may require.
    uint256 public constant MAX_RULES = 4;
    /// @notice Longest service name, in bytes of UTF-8.
    uint256 public constant MAX_NAME_BYTES = 160;
    /// @notice Longest time limit in days (working or natural, about ten years); in hours, 24 times as many.
    uint256 public constant MAX_TIME_LIMIT_DAYS = 3660;

    /// @notice Length of a national 基本编码 (GB/T 39554.1-2020).
    uint256 public constant BASIC_CODE_LENGTH = 12;
    /// @notice Longest 实施编码.
    uint256 public constant MAX_IMPLEMENTATION_CODE_LENGTH = 36;
    /// @notice Longest 业务办理项编码.
    uint256 public constant MAX_HANDLING_ITEM_CODE_LENGTH = 50;
    // 事项类型 codes (GB/T 39046-2020 table A.1) the catalogue accepts: 01 行政许可 to 10 其他类别事项
    // (the 行政权力事项), and 20 公共服务事项. 0 means "not recorded": the umbrella code 00 (行政权力事项)
    // names no concrete service.
    uint8 private constant ITEM_TYPE_LAST_POWER = 10;
    uint8 private constant ITEM_TYPE_PUBLIC_SERVICE = 20;

    /// @notice The registry that says which departments exist.
    IDepartmentRegistry public immutable departments;


    /// @custom:storage-location erc7201:zhangdian.storage.ServiceCatalog
    struct ServiceCatalogStorage {
        mapping(bytes32 service => ServiceInfo) services;
        mapping(bytes32 service => mapping(uint32 version => ServiceDefinition)) versions;
        bytes32[] serviceCodes;
        mapping(bytes32 service => mapping(uint32 version => Automation)) automation;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.ServiceCatalog")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0x99dd8705aaafa6206fb753c44a6aa2dcc5b4e413c46a181916492423444f5700;

    /// @param departmentRegistry The department registry (its proxy), fixed in this implementation.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(IDepartmentRegistry departmentRegistry) {
        if (address(departmentRegistry) == address(0)) revert ZeroAddress();
        departments = departmentRegistry;
        _disableInitializers();
    }

    /// @dev The proxy's set-up ({initialize}): the admin role, then the catalogue-admin role for the first admin.
    function _initializeSuite(address admin) internal override onlyInitializing {
        super._initializeSuite(admin);
        _grantRole(CATALOG_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.4.0";
    }

    /// @inheritdoc IServiceCatalog
    function publishService(bytes32 service, ServiceDefinition calldata definition)
        external
        onlyRole(CATALOG_ADMIN_ROLE)
    {
        if (!Codes.isValid(service)) revert InvalidServiceCode(service);
        if (_s().services[service].code != bytes32(0)) revert ServiceAlreadyPublished(service);
        _s().services[service] = ServiceInfo({code: service, latestVersion: 0, active: true});
        _s().serviceCodes.push(service);
        _publish(service, definition);
    }

    /// @inheritdoc IServiceCatalog
    function updateService(bytes32 service, ServiceDefinition calldata definition)
        external
        onlyRole(CATALOG_ADMIN_ROLE)
        returns (uint32 newVersion)
    {
        _existing(service);
        return _publish(service, definition);
    }

    /// @inheritdoc IServiceCatalog
    function setServiceActive(bytes32 service, bool active) external onlyRole(CATALOG_ADMIN_ROLE) {
        ServiceInfo storage info = _existing(service);
        if (info.active == active) revert ServiceStatusUnchanged(service, active);
        info.active = active;
        emit ServiceStatusChanged(service, active, _msgSender());
    }

    /// @inheritdoc IServiceCatalog
    function setAutomation(bytes32 service, uint32 serviceVersion, Automation calldata automation)
        external
        onlyRole(CATALOG_ADMIN_ROLE)
    {
        _version(service, serviceVersion);
        _checkAutomation(automation);
        _s().automation[service][serviceVersion] = automation;
        emit AutomationSet(
            service,
            serviceVersion,
            automation.rules.length,
            automation.deadlinePolicy,
            automation.supervisor,
            automation.certificateType
        );
    }

    /// @inheritdoc IServiceCatalog
    function getAutomation(bytes32 service, uint32 serviceVersion) external view returns (Automation memory) {
        _version(service, serviceVersion);
        return _s().automation[service][serviceVersion];
    }

    /// @inheritdoc IServiceCatalog
    function completionTerms(bytes32 service, uint32 serviceVersion) external view returns (CompletionTerms memory) {
        ServiceDefinition storage definition = _version(service, serviceVersion);
        Automation storage automation = _s().automation[service][serviceVersion];
        return CompletionTerms({
            rules: automation.rules,
            certificateType: automation.certificateType,
            certificateIssuer: automation.certificateIssuer,
            followOnServices: definition.followOnServices
        });
    }

    /// @inheritdoc IServiceCatalog
    function followOnServices(bytes32 service, uint32 serviceVersion) external view returns (bytes32[] memory) {
        return _version(service, serviceVersion).followOnServices;
    }

    /// @inheritdoc IServiceCatalog
    function getServiceInfo(bytes32 service) external view returns (ServiceInfo memory) {
        return _existing(service);
    }

    /// @inheritdoc IServiceCatalog
    function getServiceVersion(bytes32 service, uint32 serviceVersion)
        external
        view
        returns (ServiceDefinition memory)
    {
        return _version(service, serviceVersion);
    }

    /// @inheritdoc IServiceCatalog
    function getStep(bytes32 service, uint32 serviceVersion, uint256 index)
        external
        view
        returns (ApprovalStep memory)
    {
        // A published version has at least one step, so a step in range proves the version exists
        // without reading the service's record; out of range, {_version} names the unknown version
        // first, as before.
        ApprovalStep[] storage steps = _s().versions[service][serviceVersion].steps;
        if (index < steps.length) return steps[index];
        return _version(service, serviceVersion).steps[index];
    }

    /// @inheritdoc IServiceCatalog
    function versionOutline(bytes32 service, uint32 serviceVersion)
        external
        view
        returns (bytes32 ownerDepartment, uint256 stepCount)
    {
        ServiceDefinition storage definition = _version(service, serviceVersion);
        return (definition.ownerDepartment, definition.steps.length);
    }

    /// @inheritdoc IServiceCatalog
    function openingTerms(bytes32 service)
        external
        view
        returns (uint32 latestVersion, bytes32 ownerDepartment, uint8 stepCount, TimeLimit memory promisedTimeLimit)
    {
        // Published services have a version (both are written in one transaction): the version field
        // answers for the code, one storage read fewer.
        ServiceInfo storage info = _s().services[service];
        latestVersion = info.latestVersion;
        if (latestVersion == 0) revert UnknownService(service);
        if (!info.active) revert ServiceInactive(service);
        ServiceDefinition storage definition = _s().versions[service][latestVersion];
        // MAX_STEPS (16) fits a uint8, enforced on publication.
        return (latestVersion, definition.ownerDepartment, uint8(definition.steps.length), definition.promisedTimeLimit);
    }

    /// @inheritdoc IServiceCatalog
    function requiredMaterialTypes(bytes32 service, uint32 serviceVersion) external view returns (bytes32[] memory) {
        return _version(service, serviceVersion).requiredMaterialTypes;
    }

    /// @inheritdoc IServiceCatalog
    function serviceCount() external view returns (uint256) {
        return _s().serviceCodes.length;
    }

    /// @inheritdoc IServiceCatalog
    function serviceAt(uint256 index) external view returns (bytes32) {
        return _s().serviceCodes[index];
    }

    function _publish(bytes32 service, ServiceDefinition calldata definition) private returns (uint32 newVersion) {
        _checkDefinition(definition);
        ServiceInfo storage info = _s().services[service];
        newVersion = info.latestVersion + 1;
        info.latestVersion = newVersion;
        ServiceDefinition storage stored = _s().versions[service][newVersion];
        stored.ownerDepartment = definition.ownerDepartment;
        stored.legalTimeLimit = definition.legalTimeLimit;
        stored.promisedTimeLimit = definition.promisedTimeLimit;
        stored.nameZh = definition.nameZh;
        stored.nameEn = definition.nameEn;
        for (uint256 i = 0; i < definition.steps.length; ++i) {
            stored.steps.push(definition.steps[i]);
        }
        stored.requiredMaterialTypes = definition.requiredMaterialTypes;
        stored.followOnServices = definition.followOnServices;
        NationalProfile calldata national = definition.national;
        stored.national.basicCode = national.basicCode;
        stored.national.implementationCode = national.implementationCode;
        stored.national.handlingItemCode = national.handlingItemCode;
        stored.national.itemType = national.itemType;
        stored.national.caseType = national.caseType;
        emit ServicePublished(service, newVersion, definition.ownerDepartment, definition.steps.length);
    }

    function _checkDefinition(ServiceDefinition calldata definition) private view {
        if (!departments.isRegistered(definition.ownerDepartment)) {
            revert UnknownDepartment(definition.ownerDepartment);
        }
        _checkName(definition.nameZh);
        _checkName(definition.nameEn);
        TimeUnit unit = _checkTimeLimits(definition.legalTimeLimit, definition.promisedTimeLimit);
        uint256 stepCount = definition.steps.length;
        if (stepCount == 0 || stepCount > MAX_STEPS) revert InvalidStepCount(stepCount, MAX_STEPS);
        for (uint256 i = 0; i < stepCount; ++i) {
            ApprovalStep calldata step = definition.steps[i];
            // Only Clerk, Approver and Issuer act on steps; the raw number is checked before the field is
            // read as an OfficerRole, so that any other value (None, Manager, or none at all) is named.
            uint256 role = _rawStepRole(step);
            if (role == uint8(OfficerRole.None) || role >= uint8(OfficerRole.Manager)) revert InvalidStepRole(i);
            if (!departments.isRegistered(step.department)) revert UnknownDepartment(step.department);
            _checkAmount(step.timeLimit, unit);
        }
        _checkLists(definition);
        _checkNational(definition.national);
    }

    /// @dev The national codes: lengths, characters, and the item and case types (read raw, as
    /// {_rawStepRole} does, so that an out-of-range value is named rather than reverting without data).
    function _checkNational(NationalProfile calldata national) private pure {
        uint256 basicLength = bytes(national.basicCode).length;
        if (basicLength != 0 && basicLength != BASIC_CODE_LENGTH) revert InvalidBasicCode(basicLength);
        _checkNationalCode(national.basicCode, BASIC_CODE_LENGTH);
        _checkNationalCode(national.implementationCode, MAX_IMPLEMENTATION_CODE_LENGTH);
        _checkNationalCode(national.handlingItemCode, MAX_HANDLING_ITEM_CODE_LENGTH);
        (uint256 itemType, uint256 caseType) = _rawNationalTypes(national);
        if (itemType > ITEM_TYPE_LAST_POWER && itemType != ITEM_TYPE_PUBLIC_SERVICE) revert InvalidItemType(itemType);
        if (caseType > uint8(type(CaseType).max)) revert InvalidCaseType(caseType);
    }

    /// @dev A national code: at most `maxLength` characters, each 0-9 or A-Z.
    function _checkNationalCode(string calldata code, uint256 maxLength) private pure {
        bytes calldata text = bytes(code);
        if (text.length > maxLength) revert NationalCodeTooLong(text.length, maxLength);
        for (uint256 i = 0; i < text.length; ++i) {
            bytes1 char = text[i];
            if (!((char >= "0" && char <= "9") || (char >= "A" && char <= "Z"))) {
                revert InvalidNationalCodeCharacter(code, i);
            }
        }
    }

    /// @dev The item type and case type of calldata national codes as raw ABI words (the fourth and fifth
    /// of the struct's head, after the offsets of its three strings).
    function _rawNationalTypes(NationalProfile calldata national)
        private
        pure
        returns (uint256 itemType, uint256 caseType)
    {
        assembly ("memory-safe") {
            itemType := calldataload(add(national, 0x60))
            caseType := calldataload(add(national, 0x80))
        }
    }

    /// @dev Both limits more than zero, in a TimeUnit, within the longest limit, the promise within the law
    /// when both count in the same unit; returns the promised unit, which the steps count in.
    function _checkTimeLimits(TimeLimit calldata legal, TimeLimit calldata promised) private pure returns (TimeUnit) {
        if (legal.amount == 0 || promised.amount == 0) revert InvalidTimeLimit();
        // Read raw before the fields are read as a TimeUnit, so that any other number is named.
        uint256 legalUnit = _rawUnit(legal);
        uint256 promisedUnit = _rawUnit(promised);
        if (legalUnit > uint8(type(TimeUnit).max)) revert InvalidTimeUnit(legalUnit);
        if (promisedUnit > uint8(type(TimeUnit).max)) revert InvalidTimeUnit(promisedUnit);
        _checkAmount(legal.amount, legal.unit);
        _checkAmount(promised.amount, promised.unit);
        if (legalUnit == promisedUnit && promised.amount > legal.amount) {
            revert PromisedExceedsLegal(promised.amount, legal.amount);
        }
        return promised.unit;
    }

    function _checkAmount(uint256 amount, TimeUnit unit) private pure {
        uint256 max = unit == TimeUnit.Hours ? MAX_TIME_LIMIT_DAYS * 24 : MAX_TIME_LIMIT_DAYS;
        if (amount > max) revert TimeLimitTooLong(amount, max);
    }

    /// @dev The unit word of a time limit in calldata, as sent.
    function _rawUnit(TimeLimit calldata limit) private pure returns (uint256 unit) {
        assembly ("memory-safe") {
            unit := calldataload(add(limit, 0x20))
        }
    }

    /// @dev The required material types and the follow-on services of a definition.
    function _checkLists(ServiceDefinition calldata definition) private view {
        uint256 typeCount = definition.requiredMaterialTypes.length;
        if (typeCount > MAX_MATERIAL_TYPES) revert ListTooLong(typeCount, MAX_MATERIAL_TYPES);
        for (uint256 i = 0; i < typeCount; ++i) {
            // No material has type 0 (the material registry refuses it): the service could never open.
            if (definition.requiredMaterialTypes[i] == bytes32(0)) revert InvalidMaterialType(i);
        }
        uint256 followOnCount = definition.followOnServices.length;
        if (followOnCount > MAX_FOLLOW_ONS) revert ListTooLong(followOnCount, MAX_FOLLOW_ONS);
        for (uint256 i = 0; i < followOnCount; ++i) {
            // A follow-on must be published first (children before parents), and named once: either
            // mistake would make every completion record a failed follow-on.
            bytes32 followOn = definition.followOnServices[i];
            if (_s().services[followOn].code == bytes32(0)) revert UnknownFollowOnService(followOn);
            for (uint256 j = 0; j < i; ++j) {
                if (definition.followOnServices[j] == followOn) revert DuplicateFollowOnService(followOn);
            }
        }
    }

    function _checkAutomation(Automation calldata automation) private view {
        uint256 ruleCount = automation.rules.length;
        if (ruleCount > MAX_RULES) revert ListTooLong(ruleCount, MAX_RULES);
        for (uint256 i = 0; i < ruleCount; ++i) {
            address rule = automation.rules[i];
            if (rule.code.length == 0) revert RuleNotAContract(rule);
            for (uint256 j = 0; j < i; ++j) {
                if (automation.rules[j] == rule) revert DuplicateRule(rule);
            }
        }
        uint256 policy = _rawDeadlinePolicy(automation);
        if (policy > uint8(type(DeadlinePolicy).max)) revert InvalidDeadlinePolicy(policy);
        bool escalates = automation.deadlinePolicy == DeadlinePolicy.Escalate;
        if (escalates != (automation.supervisor != bytes32(0))) revert InvalidSupervisor(automation.supervisor);
        if (escalates && !departments.isRegistered(automation.supervisor)) {
            revert InvalidSupervisor(automation.supervisor);
        }
        bytes32 certificateType = automation.certificateType;
        bytes32 issuer = automation.certificateIssuer;
        if ((certificateType == bytes32(0)) != (issuer == bytes32(0))) {
            revert InvalidCertificateTerms(certificateType, issuer);
        }
        if (issuer != bytes32(0) && !departments.isRegistered(issuer)) {
            revert InvalidCertificateTerms(certificateType, issuer);
        }
    }

    /// @dev The role of a calldata step as the raw ABI word (the second of the static struct), read before
    /// Solidity's decoder validates it as an OfficerRole: out of range, that check reverts without data,
    /// which no client can name. The matrix tests (role 5) pin this layout.
    function _rawStepRole(ApprovalStep calldata step) private pure returns (uint256 role) {
        assembly ("memory-safe") {
            role := calldataload(add(step, 0x20))
        }
    }

    /// @dev The deadline policy of calldata automation terms as the raw ABI word (the second of the
    /// struct's head, after the offset of `rules`), read before the decoder validates it as a
    /// DeadlinePolicy, for the same reason as {_rawStepRole}. The matrix tests (policy 3) pin this layout.
    function _rawDeadlinePolicy(Automation calldata automation) private pure returns (uint256 policy) {
        assembly ("memory-safe") {
            policy := calldataload(add(automation, 0x20))
        }
    }

    function _existing(bytes32 service) private view returns (ServiceInfo storage info) {
        info = _s().services[service];
        if (info.code == bytes32(0)) revert UnknownService(service);
    }

    function _version(bytes32 service, uint32 serviceVersion) private view returns (ServiceDefinition storage) {
        ServiceInfo storage info = _s().services[service];
        if (serviceVersion == 0 || serviceVersion > info.latestVersion) {
            revert UnknownServiceVersion(service, serviceVersion);
        }
        return _s().versions[service][serviceVersion];
    }

    function _checkName(string calldata name) private pure {
        uint256 length = bytes(name).length;
        if (length == 0 || length > MAX_NAME_BYTES) revert InvalidServiceName(length, MAX_NAME_BYTES);
    }

    function _s() private pure returns (ServiceCatalogStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
