// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ApprovalStep, DeadlinePolicy, TimeLimit} from "../common/Types.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IServiceCatalog
/// @notice Public services (政务服务事项) and their approval workflows. Every change publishes a
/// new immutable version; applications keep the version they were submitted under.
interface IServiceCatalog is IVersioned {
    /// @notice 办件类型: whether a case is settled on the spot or against a promised time limit.
    enum CaseType {
        None, // not recorded yet
        Immediate, // 即办件: settled when received
        Promised // 承诺件: settled within the promised time limit
    }

    /// @notice The national codes of a service version (GB/T 39554.1-2020), stored as given: the platform
    /// never invents them. Codes are digits and upper-case letters.
    struct NationalProfile {
        string basicCode; // 基本编码: empty until the service is coded, else exactly 12 characters
        string implementationCode; // 实施编码: at most 36 characters, empty if none
        string handlingItemCode; // 业务办理项编码: at most 50 characters, empty if none
        uint8 itemType; // 事项类型 (GB/T 39046): 0 not recorded, 1 行政许可, 20 公共服务
        CaseType caseType; // 办件类型
    }

    /// @notice What a service version is: given when publishing, returned when reading.
    struct ServiceDefinition {
        bytes32 ownerDepartment; // department that receives applications and owns the service
        TimeLimit legalTimeLimit; // 法定办结时限, from acceptance to completion
        TimeLimit promisedTimeLimit; // 承诺办结时限, from acceptance to completion; steps count in its unit
        string nameZh; // name in Chinese
        string nameEn; // name in English
        ApprovalStep[] steps; // ordered approval steps, at least one
        bytes32[] requiredMaterialTypes; // material type codes an application must carry
        bytes32[] followOnServices; // services started when this one completes (一件事一次办)
        NationalProfile national; // national codes and classification; last, so stored versions keep their layout
    }

    /// @notice What the ledger does by itself for applications under one service version.
    struct Automation {
        address[] rules; // IAutomationRule contracts that must all pass before completion, at most MAX_RULES
        DeadlinePolicy deadlinePolicy; // what flagging an overdue step does
        bytes32 supervisor; // supervising department for DeadlinePolicy.Escalate, else zero
        bytes32 certificateType; // certificate issued on completion; zero = none
        bytes32 certificateIssuer; // department that issues it; zero when no certificate
    }

    /// @notice What the ledger needs, in one call, to complete an application under one version.
    struct CompletionTerms {
        address[] rules; // the automation rules that must pass
        bytes32 certificateType; // certificate issued on completion; zero = none
        bytes32 certificateIssuer; // its issuing department
        bytes32[] followOnServices; // services opened for the same applicant on completion
    }

    /// @notice A service's current state.
    struct ServiceInfo {
        bytes32 code; // service code (ASCII, left-aligned)
        uint32 latestVersion; // newest published version, starting at 1
        bool active; // false once withdrawn from the catalogue: no new applications
    }

    /// @notice Version `version` of service `service` was published.
    event ServicePublished(
        bytes32 indexed service, uint32 indexed version, bytes32 indexed ownerDepartment, uint256 stepCount
    );
    /// @notice The automation of version `version` of `service` was set.
    event AutomationSet(
        bytes32 indexed service,
        uint32 indexed version,
        uint256 ruleCount,
        DeadlinePolicy deadlinePolicy,
        bytes32 supervisor,
        bytes32 certificateType
    );
    /// @notice A service was opened to or closed for new applications.
    event ServiceStatusChanged(bytes32 indexed service, bool active, address indexed actor);

    /// @notice The service code is empty or is not printable ASCII, left-aligned.
    error InvalidServiceCode(bytes32 service);
    /// @notice No service is published under `service`.
    error UnknownService(bytes32 service);
    /// @notice Service `service` has no version `version`.
    error UnknownServiceVersion(bytes32 service, uint32 version);
    /// @notice Service `service` is closed for new applications.
    error ServiceInactive(bytes32 service);
    /// @notice Service `service` was already published; publish a new version with {updateService}.
    error ServiceAlreadyPublished(bytes32 service);
    /// @notice A service needs between 1 and `max` steps; `count` were given.
    error InvalidStepCount(uint256 count, uint256 max);
    /// @notice Step `index` names a role that cannot act on a step.
    error InvalidStepRole(uint256 index);
    /// @notice Too many entries in a list: `count` given, `max` allowed.
    error ListTooLong(uint256 count, uint256 max);
    /// @notice A service name is empty or longer than the limit.
    error InvalidServiceName(uint256 length, uint256 maxLength);
    /// @notice The legal and the promised time limit must each be more than zero.
    error InvalidTimeLimit();
    /// @notice `unit` is not a TimeUnit (0 WorkingDays, 1 NaturalDays, 2 Hours).
    error InvalidTimeUnit(uint256 unit);
    /// @notice A time limit of `amount` is longer than `max` of its unit (MAX_TIME_LIMIT_DAYS days, 24
    /// times as many hours).
    error TimeLimitTooLong(uint256 amount, uint256 max);
    /// @notice The promised time limit (`promised`) exceeds the legal one (`legal`) in the same unit.
    error PromisedExceedsLegal(uint32 promised, uint32 legal);
    /// @notice The service is already in the requested active state.
    error ServiceStatusUnchanged(bytes32 service, bool active);
    /// @notice A rule address has no contract code.
    error RuleNotAContract(address rule);
    /// @notice The same rule is listed twice.
    error DuplicateRule(address rule);
    /// @notice Escalation needs a registered supervising department, and only escalation takes one.
    error InvalidSupervisor(bytes32 supervisor);
    /// @notice A completion certificate needs both its type and a registered issuing department.
    error InvalidCertificateTerms(bytes32 certificateType, bytes32 certificateIssuer);
    /// @notice Required material type `index` is zero, which no material can have.
    error InvalidMaterialType(uint256 index);
    /// @notice The follow-on service `service` is not published; publish follow-ons before the services
    /// that name them.
    error UnknownFollowOnService(bytes32 service);
    /// @notice The follow-on service `service` is named twice.
    error DuplicateFollowOnService(bytes32 service);
    /// @notice A 基本编码 must be empty or exactly 12 characters; it has `length`.
    error InvalidBasicCode(uint256 length);
    /// @notice A national code has `length` characters, more than its `maxLength` (实施编码 36, 业务办理项编码 50).
    error NationalCodeTooLong(uint256 length, uint256 maxLength);
    /// @notice Character `index` (from 0) of the national code `code` is not a digit or an upper-case letter.
    error InvalidNationalCodeCharacter(string code, uint256 index);
    /// @notice `itemType` is not a 事项类型 the catalogue knows (0 not recorded, 1 行政许可, 20 公共服务).
    error InvalidItemType(uint256 itemType);
    /// @notice `caseType` is not a CaseType (0 None, 1 Immediate, 2 Promised).
    error InvalidCaseType(uint256 caseType);
    /// @notice `policy` is not a DeadlinePolicy (0 FlagOnly, 1 Escalate, 2 DeemedApproval).
    error InvalidDeadlinePolicy(uint256 policy);

    /// @notice Publish a new service as version 1.
    /// @dev Requirements: caller holds CATALOG_ADMIN_ROLE; the code is new and valid; the owner and
    /// every step's department are registered; 1..MAX_STEPS steps, each with role Clerk, Approver or
    /// Issuer ({InvalidStepRole} otherwise, also for a number outside OfficerRole); lists within their
    /// limits; no required material type is zero ({InvalidMaterialType}); every follow-on service is
    /// already published ({UnknownFollowOnService}) and named once ({DuplicateFollowOnService}); the legal
    /// and promised time limits more than zero ({InvalidTimeLimit}), each in a TimeUnit ({InvalidTimeUnit}),
    /// at most MAX_TIME_LIMIT_DAYS days or 24 times as many hours, as is every step's limit in the promised
    /// unit ({TimeLimitTooLong}), and the promise within the law when both count in the same unit
    /// ({PromisedExceedsLegal}); the national codes within their lengths ({InvalidBasicCode},
    /// {NationalCodeTooLong}) and of digits and upper-case letters ({InvalidNationalCodeCharacter}), a known
    /// item type ({InvalidItemType}) and case type ({InvalidCaseType}). Emits {ServicePublished}.
    /// @param service The service code (ASCII, left-aligned in bytes32).
    /// @param definition The service definition.
    function publishService(bytes32 service, ServiceDefinition calldata definition) external;

    /// @notice Publish a new version of an existing service; earlier versions stay readable.
    /// @dev Requirements: as {publishService}, and the service exists. Emits {ServicePublished}.
    /// @param service The service code.
    /// @param definition The new definition.
    /// @return newVersion The number of the version published.
    function updateService(bytes32 service, ServiceDefinition calldata definition) external returns (uint32 newVersion);

    /// @notice Open or close a service for new applications; running applications continue.
    /// @dev Requirements: caller holds CATALOG_ADMIN_ROLE; the service exists; the state changes.
    /// Emits {ServiceStatusChanged}.
    /// @param service The service code.
    /// @param active True to open, false to close.
    function setServiceActive(bytes32 service, bool active) external;

    /// @notice A service's code, newest version and state.
    /// @dev Reverts with {UnknownService} if it was never published.
    /// @param service The service code.
    /// @return The service info.
    function getServiceInfo(bytes32 service) external view returns (ServiceInfo memory);

    /// @notice The definition of one version of a service.
    /// @dev Reverts with {UnknownServiceVersion} if there is no such version.
    /// @param service The service code.
    /// @param serviceVersion The version, from 1.
    /// @return The definition.
    function getServiceVersion(bytes32 service, uint32 serviceVersion) external view returns (ServiceDefinition memory);

    /// @notice One approval step of one version of a service.
    /// @dev Reverts with {UnknownServiceVersion} for an unknown version and with a panic for an
    /// index past the last step.
    /// @param service The service code.
    /// @param serviceVersion The version.
    /// @param index Zero-based step index.
    /// @return The step.
    function getStep(bytes32 service, uint32 serviceVersion, uint256 index) external view returns (ApprovalStep memory);

    /// @notice The owner department and the number of approval steps of a published version: with
    /// {getStep} for each step, what the ledger copies into its per-version cache.
    /// @dev A published version never changes ({updateService} publishes a new one). Reverts with
    /// {UnknownServiceVersion}.
    /// @param service The service code.
    /// @param serviceVersion The version, from 1.
    /// @return ownerDepartment The department that receives the version's applications.
    /// @return stepCount How many approval steps the version has.
    function versionOutline(bytes32 service, uint32 serviceVersion)
        external
        view
        returns (bytes32 ownerDepartment, uint256 stepCount);

    /// @notice The facts the ledger needs to open an application under the newest version.
    /// @dev Reverts with {UnknownService} or {ServiceInactive}.
    /// @param service The service code.
    /// @return latestVersion The newest version.
    /// @return ownerDepartment The department that receives applications.
    /// @return stepCount How many approval steps the version has.
    /// @return promisedTimeLimit The promised time limit from acceptance to completion, whose unit the
    /// steps' limits count in.
    function openingTerms(bytes32 service)
        external
        view
        returns (uint32 latestVersion, bytes32 ownerDepartment, uint8 stepCount, TimeLimit memory promisedTimeLimit);

    /// @notice The material types an application under this version must carry, in order.
    /// @dev Reverts with {UnknownServiceVersion}.
    /// @param service The service code.
    /// @param serviceVersion The version.
    /// @return The material type codes.
    function requiredMaterialTypes(bytes32 service, uint32 serviceVersion) external view returns (bytes32[] memory);

    /// @notice Set what the ledger does by itself for applications under one version: the rules that
    /// must pass before completion, the deadline policy, and the certificate issued on completion.
    /// @dev Applies from the next transition of every application under that version. Requirements:
    /// caller holds CATALOG_ADMIN_ROLE; the version exists; at most MAX_RULES distinct rules, each a
    /// contract; the policy a DeadlinePolicy ({InvalidDeadlinePolicy}); a registered supervisor exactly
    /// when the policy is Escalate; certificate type and a registered issuer together or neither.
    /// Emits {AutomationSet}.
    /// @param service The service code.
    /// @param serviceVersion The version.
    /// @param automation The automation terms.
    function setAutomation(bytes32 service, uint32 serviceVersion, Automation calldata automation) external;

    /// @notice The automation terms of one version (all zero until set).
    /// @dev Reverts with {UnknownServiceVersion}.
    /// @param service The service code.
    /// @param serviceVersion The version.
    /// @return The automation terms.
    function getAutomation(bytes32 service, uint32 serviceVersion) external view returns (Automation memory);

    /// @notice The rules, completion certificate and follow-on services of one version, in one call.
    /// @dev Reverts with {UnknownServiceVersion}.
    /// @param service The service code.
    /// @param serviceVersion The version.
    /// @return The completion terms.
    function completionTerms(bytes32 service, uint32 serviceVersion) external view returns (CompletionTerms memory);

    /// @notice The services started when an application under this version completes.
    /// @dev Reverts with {UnknownServiceVersion}.
    /// @param service The service code.
    /// @param serviceVersion The version.
    /// @return The follow-on service codes.
    function followOnServices(bytes32 service, uint32 serviceVersion) external view returns (bytes32[] memory);

    /// @notice How many services were ever published.
    /// @return The count.
    function serviceCount() external view returns (uint256);

    /// @notice The code of the `index`-th published service, in publication order.
    /// @param index Zero-based index, below {serviceCount}.
    /// @return The service code.
    function serviceAt(uint256 index) external view returns (bytes32);
}
