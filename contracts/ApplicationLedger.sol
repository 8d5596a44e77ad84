// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {
    ApplicationStatus,
    ApprovalStep,
    DeadlinePolicy,
    DepartmentInactive,
    OfficerRole,
    TimeLimit,
    TimeUnit,
    ZeroAddress
} from "./common/Types.sol";
import {SuitePausable} from "./common/SuitePausable.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {IAutomationRule} from "./interfaces/IAutomationRule.sol";
import {ICertificateRegistry} from "./interfaces/ICertificateRegistry.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IMaterialRegistry} from "./interfaces/IMaterialRegistry.sol";
import {IServiceCatalog} from "./interfaces/IServiceCatalog.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";
import {IWorkingCalendar} from "./interfaces/IWorkingCalendar.sol";

/// @title ApplicationLedger
/// @notice Records applications and enforces their approval workflow.
contract ApplicationLedger is IApplicationLedger, SuitePausable {
    /// @notice Most entries in one batch call; a full batch of entries without materials or follow-ons
    /// stays well inside a block's gas. Entries that attach many materials or whose completion opens
    /// follow-ons cost more each: a batch too large for a block fails whole at gas estimation.
    uint256 public constant MAX_BATCH = 100;
    /// @notice Gas each automation rule may use; a rule that needs more fails with {RuleFailed}.
    /// @dev At the catalogue's maxima the shipped rules use at most about 176,000 gas, read cold from
    /// outside the ledger (MaterialValidRule over 16 attached materials with 256-byte URIs; the
    /// PrerequisiteServiceRule over a family of 8 follow-ons about 162,000): the limit leaves 70% more.
    uint256 public constant RULE_GAS_LIMIT = 300_000;
    /// @dev The most bytes of a rule's revert data the ledger keeps (longer data is cut).
    uint256 private constant _MAX_RULE_REASON = 1024;
    /// @notice Gas each follow-on application may use to open: its record and up to MAX_MATERIAL_TYPES (16)
    /// materials taken from its parent's.
    /// @dev A child with 16 materials (24 new storage slots, 16 uses logged by the material registry)
    /// uses about 850,000 gas inside its parent's completion and 1,050,000 on a cold retry: the
    /// budget is about twice that.
    uint256 public constant FOLLOW_ON_GAS = 2_000_000;
    /// @notice Role of the appeal registry: it reopens an application whose decision an appeal revoked ({reopen}).
    bytes32 public constant APPEAL_ROLE = keccak256("APPEAL_ROLE");

    /// @notice The registry that says who may act for which department.
    IDepartmentRegistry public immutable departments;
    /// @notice The catalogue of services and their steps.
    IServiceCatalog public immutable catalog;
    /// @notice The registry of citizens' materials, checked and logged on submission.
    IMaterialRegistry public immutable materials;
    /// @notice The certificate registry, where completion certificates are issued.
    ICertificateRegistry public immutable certificates;
    /// @notice The working-day calendar every deadline is computed with.
    IWorkingCalendar public immutable calendar;


    // Sets of statuses as bitmaps, bit `1 << uint8(status)`, in the style of OpenZeppelin's Governor:
    // every status test of the workflow is one {_requireStatus} (through {_existing}) or {_inStatus} over
    // one of these sets. None (bit 0) is in no set: an application that does not exist fails every guard.
    // Written as literals so that each test costs one AND; test_ledger checks them against the enum.
    uint256 private constant _SUBMITTED = 1 << 1; // ApplicationStatus.Submitted
    uint256 private constant _SUPPLEMENT_REQUESTED = 1 << 4; // ApplicationStatus.SupplementRequested
    uint256 private constant _SPECIAL_PROCEDURE = 1 << 9; // ApplicationStatus.SpecialProcedure
    uint256 private constant _APPROVED = 1 << 5; // ApplicationStatus.Approved
    /// @dev A step is running (Accepted 2, InReview 3): it may be approved, flagged, rejected; its clock ticks.
    uint256 private constant _STEP_RUNNING = (1 << 2) | (1 << 3);
    /// @dev A step is open (running, waiting for a supplement or a special procedure): {currentStep} answers.
    uint256 private constant _STEP_OPEN = _STEP_RUNNING | _SUPPLEMENT_REQUESTED | _SPECIAL_PROCEDURE;
    /// @dev The receiving department's clerk decides (reject, ask for a supplement) outside the steps.
    uint256 private constant _CLERK_DECIDES = _SUBMITTED | _APPROVED;
    /// @dev Not yet decided: the applicant may still withdraw.
    uint256 private constant _WITHDRAWABLE = _SUBMITTED | _STEP_OPEN;
    /// @dev A decision an appeal may set aside: Approved 5, Rejected 6, Completed 7 ({reopen}).
    uint256 private constant _DECIDED = (1 << 5) | (1 << 6) | (1 << 7);
    /// @dev Every status of an existing application (Submitted 1 .. SpecialProcedure 9).
    uint256 private constant _ANY_STATUS = 0x3fe;

    /// @dev Longest 办件编号 (the provincial rule).
    uint256 private constant _MAX_NUMBER_LENGTH = 50;
    /// @dev The characters of a 办件编号 as a bitmap over ASCII, bit `1 << c`: '-', '0'-'9', 'A'-'Z', 'a'-'z'.
    uint256 private constant _NUMBER_CHARS =
        (1 << 0x2d) | (((1 << 10) - 1) << 0x30) | (((1 << 26) - 1) << 0x41) | (((1 << 26) - 1) << 0x61);

    /// @dev Bit 29 of a record's `promisedTimeLimit` (1.4.0): its department is its cached version's
    /// owner, its own department slot empty (see {_store}). Below it, the amount; above it, the unit tag.
    uint32 private constant _DEPARTMENT_CACHED = 1 << 29;

    /// @dev Domain tag of submitted application ids (see {applicationIdFor}).
    bytes32 private constant _APPLICATION_ID_TAG = keccak256("zhangdian.ApplicationLedger.applicationId");

    /// @dev The catalogue terms of one service, looked up for that service (never left empty).
    struct OpeningTerms {
        bytes32 service; // service the terms belong to
        uint32 version; // newest version of the service
        bytes32 department; // receiving department
        uint8 stepCount; // approval steps of that version
        TimeLimit promisedTimeLimit; // from acceptance to deadline; the steps count in its unit
        bytes32[] materialTypes; // material types the version requires, in order
    }

    /// @dev A published service version as the catalogue holds it (which never changes), copied by
    /// {cacheServiceVersion}; a zero department means not cached.
    struct CachedVersion {
        bytes32 department; // the version's owner department: the receiving department of its applications
        uint8 stepCount; // approval steps of the version
        mapping(uint256 index => ApprovalStep) steps; // the version's steps, as {IServiceCatalog-getStep}
    }

    /// @custom:storage-location erc7201:zhangdian.storage.ApplicationLedger
    struct ApplicationLedgerStorage {
        mapping(bytes32 applicationId => Application) applications;
        uint256 applicationCount;
        mapping(bytes32 applicationId => Progress) progress;
        mapping(bytes32 applicationId => bytes32[] materialIds) attached;
        mapping(bytes32 childId => bytes32 parentId) parents;
        mapping(bytes32 parentId => bytes32[] childIds) children;
        mapping(bytes32 parentId => mapping(bytes32 service => bool failed)) failedFollowOns;
        // 1.4.0: published service versions copied from the catalogue ({cacheServiceVersion}).
        mapping(bytes32 service => mapping(uint32 serviceVersion => CachedVersion)) cachedVersions;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.ApplicationLedger")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0x1afea50f2461c9038299cdbd860490fb7373cabcdd5ea231a7c748adf25e6400;

    /// @param departmentRegistry The department registry (its proxy).
    /// @param serviceCatalog The service catalogue (its proxy).
    /// @param materialRegistry The material registry (its proxy; this ledger needs its LEDGER_ROLE).
    /// @param certificateRegistry The certificate registry (its proxy; this ledger needs its LEDGER_ROLE).
    /// @param workingCalendar The working-day calendar (its proxy).
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(
        IDepartmentRegistry departmentRegistry,
        IServiceCatalog serviceCatalog,
        IMaterialRegistry materialRegistry,
        ICertificateRegistry certificateRegistry,
        IWorkingCalendar workingCalendar
    ) {
        if (
            address(departmentRegistry) == address(0) || address(serviceCatalog) == address(0)
                || address(materialRegistry) == address(0) || address(certificateRegistry) == address(0)
                || address(workingCalendar) == address(0)
        ) revert ZeroAddress();
        departments = departmentRegistry;
        catalog = serviceCatalog;
        materials = materialRegistry;
        certificates = certificateRegistry;
        calendar = workingCalendar;
        _disableInitializers();
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.5.0";
    }

    /// @inheritdoc IApplicationLedger
    function submit(Submission calldata submission) external whenNotPaused {
        _submit(submission, _clerkTerms(submission.service));
    }

    /// @inheritdoc IApplicationLedger
    function submitBatch(Submission[] calldata submissions) external whenNotPaused {
        _checkBatchSize(submissions.length);
        // Every entry is submitted under terms looked up for its own service, with the caller checked
        // as a clerk of that service's owner; a run of entries of one service reuses the lookup.
        OpeningTerms memory terms = _clerkTerms(submissions[0].service);
        for (uint256 i = 0; i < submissions.length; ++i) {
            if (submissions[i].service != terms.service) terms = _clerkTerms(submissions[i].service);
            _submit(submissions[i], terms);
        }
    }

    /// @inheritdoc IApplicationLedger
    function accept(bytes32 applicationId) external whenNotPaused {
        _accept(applicationId);
    }

    /// @inheritdoc IApplicationLedger
    function acceptBatch(bytes32[] calldata applicationIds) external whenNotPaused {
        _checkBatchSize(applicationIds.length);
        for (uint256 i = 0; i < applicationIds.length; ++i) {
            _accept(applicationIds[i]);
        }
    }

    /// @inheritdoc IApplicationLedger
    function approve(bytes32 applicationId, uint8 stepIndex, bytes32 opinionHash) external whenNotPaused {
        _approve(applicationId, stepIndex, opinionHash);
    }

    /// @inheritdoc IApplicationLedger
    function approveBatch(StepApproval[] calldata approvals, bytes32 opinionHash) external whenNotPaused {
        _checkBatchSize(approvals.length);
        for (uint256 i = 0; i < approvals.length; ++i) {
            _approve(approvals[i].applicationId, approvals[i].stepIndex, opinionHash);
        }
    }

    /// @inheritdoc IApplicationLedger
    function reject(bytes32 applicationId, uint16 reasonCode) external whenNotPaused {
        Application storage app = _reasoned(applicationId, reasonCode);
        bytes32 department = _checkDecider(applicationId, app);
        app.status = ApplicationStatus.Rejected;
        app.updatedAt = uint40(block.timestamp);
        emit ApplicationRejected(applicationId, department, app.currentStep, reasonCode, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function requestSupplement(bytes32 applicationId, uint16 reasonCode) external whenNotPaused {
        Application storage app = _reasoned(applicationId, reasonCode);
        bytes32 department = _checkDecider(applicationId, app);
        _suspend(app, ApplicationStatus.SupplementRequested);
        emit SupplementRequested(applicationId, department, app.currentStep, reasonCode, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function resubmit(bytes32 applicationId, bytes32 supplementHash) external whenNotPaused {
        Application storage app = _existing(applicationId, _SUPPLEMENT_REQUESTED);
        bytes32 department = _checkClerk(app);
        // The promised time limit does not run while the applicant prepares the supplement.
        _resume(applicationId, app);
        emit ApplicationResubmitted(
            applicationId, department, app.currentStep, supplementHash, app.deadline, _msgSender()
        );
    }

    /// @inheritdoc IApplicationLedger
    function startSpecialProcedure(bytes32 applicationId, uint8 kind, uint16 reasonCode) external whenNotPaused {
        Application storage app = _existing(applicationId, _STEP_RUNNING);
        if (kind == 0) revert MissingProcedureCode(applicationId);
        if (reasonCode == 0) revert MissingReasonCode(applicationId);
        bytes32 department = _checkStepOfficer(app);
        _suspend(app, ApplicationStatus.SpecialProcedure);
        emit SpecialProcedureStarted(applicationId, department, app.currentStep, kind, reasonCode, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function endSpecialProcedure(bytes32 applicationId, uint16 resultCode) external whenNotPaused {
        Application storage app = _existing(applicationId, _SPECIAL_PROCEDURE);
        if (resultCode == 0) revert MissingProcedureCode(applicationId);
        bytes32 department = _checkStepOfficer(app);
        _resume(applicationId, app);
        emit SpecialProcedureEnded(applicationId, department, app.currentStep, resultCode, app.deadline, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function withdraw(bytes32 applicationId, uint16 reasonCode) external whenNotPaused {
        Application storage app = _reasoned(applicationId, reasonCode);
        _requireStatus(applicationId, app.status, _WITHDRAWABLE);
        bytes32 department = _checkClerk(app);
        app.status = ApplicationStatus.Withdrawn;
        app.updatedAt = uint40(block.timestamp);
        emit ApplicationWithdrawn(applicationId, department, reasonCode, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function complete(bytes32 applicationId) external whenNotPaused {
        Application storage app = _existing(applicationId, _APPROVED);
        IServiceCatalog.CompletionTerms memory terms = _completionTerms(app);
        bytes memory blocker = _completionBlocker(applicationId, app, terms.rules);
        if (blocker.length != 0) _revertWith(blocker);
        _complete(applicationId, app, terms);
    }

    /// @inheritdoc IApplicationLedger
    function flagOverdue(bytes32 applicationId) external whenNotPaused {
        Application storage app = _existing(applicationId, _STEP_RUNNING);
        uint8 stepIndex = app.currentStep;
        ApprovalStep memory step = _step(app, stepIndex);
        uint40 deadline = _deadline(applicationId, app, step.timeLimit);
        if (block.timestamp <= deadline) revert NotOverdue(applicationId, deadline);
        Progress storage progress = _s().progress[applicationId];
        if (progress.flaggedStep == stepIndex + 1) revert AlreadyFlagged(applicationId, stepIndex);
        progress.flaggedStep = stepIndex + 1;
        emit ApplicationOverdue(applicationId, step.department, stepIndex, deadline, _msgSender());
        IServiceCatalog.Automation memory automation = _automation(app);
        if (automation.deadlinePolicy == DeadlinePolicy.Escalate) {
            emit StepEscalated(applicationId, automation.supervisor, stepIndex);
        } else if (automation.deadlinePolicy == DeadlinePolicy.DeemedApproval) {
            emit StepDeemedApproved(applicationId, step.department, stepIndex, deadline);
            _advance(applicationId, app, stepIndex);
        }
    }

    /// @inheritdoc IApplicationLedger
    function reopen(bytes32 applicationId, uint8 stepIndex, bytes32 appealId)
        external
        whenNotPaused
        onlyRole(APPEAL_ROLE)
    {
        Application storage app = _existing(applicationId, _DECIDED);
        uint8 stepCount = app.stepCount;
        if (stepIndex >= stepCount) revert NoSuchStep(applicationId, stepIndex, stepCount);
        uint40 deadline = _startClock(applicationId, app, ApplicationStatus.InReview, stepIndex);
        emit ApplicationReopened(applicationId, appealId, stepIndex, deadline, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function retryFollowOn(bytes32 parentId, bytes32 service) external whenNotPaused {
        bytes32 childId = followOnId(parentId, service);
        if (_s().applications[childId].status != ApplicationStatus.None) {
            revert FollowOnAlreadyOpen(parentId, service, childId);
        }
        if (!_s().failedFollowOns[parentId][service]) revert FollowOnNotFailed(parentId, service);
        if (!hasRole(DEFAULT_ADMIN_ROLE, _msgSender())) {
            // The department that would receive the child; a closed service cannot be retried by a clerk.
            _checkOfficer(_openingTerms(service).department, OfficerRole.Clerk);
        }
        delete _s().failedFollowOns[parentId][service];
        // Without a gas cap: a retry that fails reverts with the child's reason and records nothing.
        this.openFollowOn(parentId, service, _msgSender());
        emit FollowOnRetried(parentId, childId, service, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function followOnFailed(bytes32 parentId, bytes32 service) external view returns (bool) {
        return _s().failedFollowOns[parentId][service];
    }

    /// @inheritdoc IApplicationLedger
    function cacheServiceVersion(bytes32 service, uint32 serviceVersion) external {
        CachedVersion storage cached = _s().cachedVersions[service][serviceVersion];
        if (cached.department != bytes32(0)) return;
        (bytes32 department, uint256 stepCount) = catalog.versionOutline(service, serviceVersion);
        for (uint256 i = 0; i < stepCount; ++i) {
            cached.steps[i] = _catalogStep(service, serviceVersion, i);
        }
        cached.department = department;
        // At most the catalogue's MAX_STEPS (16).
        cached.stepCount = uint8(stepCount);
        emit ServiceVersionCached(service, serviceVersion, department, uint8(stepCount), _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function cachedServiceVersion(bytes32 service, uint32 serviceVersion)
        external
        view
        returns (bytes32 department, ApprovalStep[] memory steps)
    {
        CachedVersion storage cached = _s().cachedVersions[service][serviceVersion];
        department = cached.department;
        steps = new ApprovalStep[](cached.stepCount);
        for (uint256 i = 0; i < steps.length; ++i) {
            steps[i] = cached.steps[i];
        }
    }

    /// @inheritdoc IApplicationLedger
    function openFollowOn(bytes32 parentId, bytes32 service, address actor) external {
        if (msg.sender != address(this)) revert OnlyLedger(msg.sender);
        bytes32 childId = followOnId(parentId, service);
        // Only a completion after a reopening ({reopen}) finds the child there: the first completion opened
        // it, and it is not opened (nor recorded as failed) twice.
        if (_s().applications[childId].status != ApplicationStatus.None) return;
        OpeningTerms memory terms = _openingTerms(service);
        if (!departments.isActive(terms.department)) revert DepartmentInactive(terms.department);
        Application storage parent = _s().applications[parentId];
        bytes32[] memory chosen = _pickMaterials(service, terms.materialTypes, parent, _s().attached[parentId]);
        bytes32 commitment = parent.applicantCommitment;
        _store(childId, service, commitment, terms.department, terms.version, terms.stepCount, terms.promisedTimeLimit);
        if (chosen.length != 0) _s().attached[childId] = chosen;
        _s().parents[childId] = parentId;
        _s().children[parentId].push(childId);
        // A follow-on has no number of its own on chain: reports derive it from its parent's.
        emit ApplicationSubmitted(childId, service, terms.department, terms.version, commitment, "", actor);
        emit FollowOnOpened(parentId, childId, service);
        _useMaterials(childId, terms, chosen, actor);
    }

    /// @inheritdoc IApplicationLedger
    function getApplication(bytes32 applicationId) external view returns (Application memory app) {
        Application storage stored = _existing(applicationId, _ANY_STATUS);
        app = stored;
        app.department = _department(stored);
        (app.promisedTimeLimit, app.timeUnit) = _promise(stored);
    }

    /// @inheritdoc IApplicationLedger
    function exists(bytes32 applicationId) external view returns (bool) {
        return _s().applications[applicationId].status != ApplicationStatus.None;
    }

    /// @inheritdoc IApplicationLedger
    function statusMany(bytes32[] calldata applicationIds)
        external
        view
        returns (ApplicationStatus[] memory statuses, uint8[] memory steps, uint8[] memory stepCounts)
    {
        uint256 count = applicationIds.length;
        statuses = new ApplicationStatus[](count);
        steps = new uint8[](count);
        stepCounts = new uint8[](count);
        for (uint256 i = 0; i < count; ++i) {
            Application storage app = _s().applications[applicationIds[i]];
            (statuses[i], steps[i], stepCounts[i]) = (app.status, app.currentStep, app.stepCount);
        }
    }

    /// @inheritdoc IApplicationLedger
    function currentStep(bytes32 applicationId) external view returns (uint8 index, ApprovalStep memory step) {
        Application storage app = _existing(applicationId, _STEP_OPEN);
        index = app.currentStep;
        step = _step(app, index);
    }

    /// @inheritdoc IApplicationLedger
    function applicationCount() external view returns (uint256) {
        return _s().applicationCount;
    }

    /// @inheritdoc IApplicationLedger
    function progressOf(bytes32 applicationId) external view returns (Progress memory) {
        return _s().progress[applicationId];
    }

    /// @inheritdoc IApplicationLedger
    function stepDeadline(bytes32 applicationId) external view returns (uint40) {
        return _openStepDeadline(applicationId, _s().applications[applicationId]);
    }

    /// @inheritdoc IApplicationLedger
    function keeperViews(bytes32[] calldata applicationIds) external view returns (KeeperView[] memory views) {
        views = new KeeperView[](applicationIds.length);
        for (uint256 i = 0; i < applicationIds.length; ++i) {
            bytes32 applicationId = applicationIds[i];
            Application storage app = _s().applications[applicationId];
            views[i] = KeeperView({
                status: app.status,
                currentStep: app.currentStep,
                stepDeadline: _openStepDeadline(applicationId, app),
                flagged: _s().progress[applicationId].flaggedStep == app.currentStep + 1
            });
        }
    }

    /// @inheritdoc IApplicationLedger
    function completionBlocker(bytes32 applicationId) external view returns (bytes memory) {
        Application storage app = _existing(applicationId, _ANY_STATUS);
        if (!_inStatus(app.status, _APPROVED)) {
            return abi.encodeWithSelector(WrongStatus.selector, applicationId, app.status);
        }
        return _completionBlocker(applicationId, app, _completionTerms(app).rules);
    }

    /// @inheritdoc IApplicationLedger
    function materialsOf(bytes32 applicationId) external view returns (bytes32[] memory) {
        return _s().attached[applicationId];
    }

    /// @inheritdoc IApplicationLedger
    function parentOf(bytes32 applicationId) external view returns (bytes32) {
        return _s().parents[applicationId];
    }

    /// @inheritdoc IApplicationLedger
    function childrenOf(bytes32 applicationId) external view returns (bytes32[] memory) {
        return _s().children[applicationId];
    }

    /// @inheritdoc IApplicationLedger
    function applicationIdFor(bytes32 department, bytes32 numberHash) public pure returns (bytes32) {
        return keccak256(abi.encode(_APPLICATION_ID_TAG, department, numberHash));
    }

    /// @inheritdoc IApplicationLedger
    function followOnId(bytes32 parentId, bytes32 service) public pure returns (bytes32) {
        return keccak256(abi.encode(parentId, service));
    }

    /// @dev Records one submission under `terms`, which the caller looked up for `submission.service`
    /// with {_clerkTerms} (so the caller is a clerk of the receiving department). The id is derived
    /// here, in the receiving department's namespace: no one can take another department's numbers.
    function _submit(Submission calldata submission, OpeningTerms memory terms) private {
        bytes32 applicationId = applicationIdFor(terms.department, _numberHash(submission.number));
        if (submission.applicantCommitment == bytes32(0)) revert InvalidApplicantCommitment(applicationId);
        if (_s().applications[applicationId].status != ApplicationStatus.None) {
            revert ApplicationAlreadyExists(applicationId);
        }
        if (submission.materials.length != terms.materialTypes.length) {
            revert MaterialCountMismatch(applicationId, submission.materials.length, terms.materialTypes.length);
        }
        _store(
            applicationId,
            submission.service,
            submission.applicantCommitment,
            terms.department,
            terms.version,
            terms.stepCount,
            terms.promisedTimeLimit
        );
        if (submission.materials.length != 0) _s().attached[applicationId] = submission.materials;
        emit ApplicationSubmitted(
            applicationId,
            submission.service,
            terms.department,
            terms.version,
            submission.applicantCommitment,
            submission.number,
            _msgSender()
        );
        // Interactions last: the registry checks each material and logs its use, or reverts it all.
        _useMaterials(applicationId, terms, submission.materials, _msgSender());
    }

    /// @dev keccak256 of a 办件编号 of 1.._MAX_NUMBER_LENGTH ASCII letters, digits and '-'; reverts otherwise.
    function _numberHash(string calldata number) private pure returns (bytes32) {
        bytes calldata chars = bytes(number);
        if (chars.length == 0 || chars.length > _MAX_NUMBER_LENGTH) revert InvalidApplicationNumber(number);
        for (uint256 i = 0; i < chars.length; ++i) {
            if ((_NUMBER_CHARS >> uint8(chars[i])) & 1 == 0) revert InvalidApplicationNumber(number);
        }
        return keccak256(chars);
    }

    /// @dev The catalogue's opening terms of `service`, once the caller is checked as a clerk of the
    /// service's owner department. Reverts for an unknown (or zero) or closed service, an inactive
    /// department or a caller who is not its clerk.
    function _clerkTerms(bytes32 service) private view returns (OpeningTerms memory terms) {
        terms = _openingTerms(service);
        _checkOfficer(terms.department, OfficerRole.Clerk);
    }

    function _openingTerms(bytes32 service) private view returns (OpeningTerms memory terms) {
        (uint32 serviceVersion, bytes32 department, uint8 stepCount, TimeLimit memory promisedTimeLimit) =
            catalog.openingTerms(service);
        terms = OpeningTerms({
            service: service,
            version: serviceVersion,
            department: department,
            stepCount: stepCount,
            promisedTimeLimit: promisedTimeLimit,
            materialTypes: catalog.requiredMaterialTypes(service, serviceVersion)
        });
    }

    function _useMaterials(
        bytes32 applicationId,
        OpeningTerms memory terms,
        bytes32[] memory materialIds,
        address actor
    ) private {
        for (uint256 i = 0; i < terms.materialTypes.length; ++i) {
            materials.useForApplication(
                materialIds[i], terms.materialTypes[i], terms.department, applicationId, terms.service, actor
            );
        }
    }

    /// @dev Writes a new record in four slots, not five: the packed fields (slot 3) are written as one
    /// word, and the time unit travels in the top two bits of `promisedTimeLimit` (as unit + 1), so the
    /// fifth slot (`timeUnit`) stays empty. Records stored before 1.3.0 have zero there and keep their
    /// unit in `timeUnit`: {_promise} reads both. Amounts stay far below 2^29 (the catalogue caps a
    /// limit at MAX_TIME_LIMIT_DAYS * 24 hours). When the service version is cached (1.4.0), the record
    /// takes three slots: the department slot stays empty and bit 29 of `promisedTimeLimit`
    /// (_DEPARTMENT_CACHED) says to read the department from the cache ({_department}).
    function _store(
        bytes32 applicationId,
        bytes32 service,
        bytes32 applicantCommitment,
        bytes32 department,
        uint32 serviceVersion,
        uint8 stepCount,
        TimeLimit memory promisedTimeLimit
    ) private {
        Application storage app = _s().applications[applicationId];
        app.service = service;
        app.applicantCommitment = applicantCommitment;
        // A cached version holds the department (the same: both are the version's owner): one slot fewer.
        uint256 cachedDepartment = _DEPARTMENT_CACHED;
        if (_s().cachedVersions[service][serviceVersion].department == bytes32(0)) {
            app.department = department;
            cachedDepartment = 0;
        }
        // serviceVersion (bits 0-31), status (32-39), resumeStatus and currentStep zero, stepCount
        // (56-63), submittedAt (64-103), updatedAt (104-143), deadline and suspendedAt zero,
        // promisedTimeLimit (224-255).
        uint256 packed = uint256(serviceVersion) | (uint256(uint8(ApplicationStatus.Submitted)) << 32)
            | (uint256(stepCount) << 56) | (block.timestamp << 64) | (block.timestamp << 104)
            | (
                (uint256(promisedTimeLimit.amount) | cachedDepartment | ((uint256(uint8(promisedTimeLimit.unit)) + 1) << 30))
                    << 224
            );
        assembly ("memory-safe") {
            sstore(add(app.slot, 3), packed)
        }
        // Cannot overflow: one increment per stored application.
        unchecked {
            ++_s().applicationCount;
        }
    }

    /// @dev The application's promised time limit and unit, from either record layout (see {_store}).
    function _promise(Application storage app) private view returns (uint32 amount, TimeUnit unit) {
        amount = app.promisedTimeLimit;
        uint256 tag = amount >> 30;
        if (tag == 0) return (amount, app.timeUnit);
        return (amount & (_DEPARTMENT_CACHED - 1), TimeUnit(tag - 1));
    }

    function _accept(bytes32 applicationId) private {
        Application storage app = _existing(applicationId, _SUBMITTED);
        bytes32 department = _checkClerk(app);
        uint40 deadline = _startClock(applicationId, app, ApplicationStatus.Accepted, 0);
        emit ApplicationAccepted(applicationId, department, deadline, _msgSender());
    }

    /// @dev Puts the application in `status` at step `stepIndex` with the step's clock and the promised
    /// deadline starting now (acceptance at step 0, and a reopening after an appeal): the step's start is
    /// now, its overdue flag and the approval time are cleared (both still zero at acceptance). Returns the
    /// deadline. Slot 3 of the record is written as one word, as {_store} writes it.
    function _startClock(bytes32 applicationId, Application storage app, ApplicationStatus status, uint8 stepIndex)
        private
        returns (uint40 deadline)
    {
        (uint32 amount, TimeUnit unit) = _promise(app);
        deadline = calendar.dueTime(block.timestamp, amount, unit);
        Progress storage progress = _s().progress[applicationId];
        assembly ("memory-safe") {
            let slot := add(app.slot, 3)
            // status (bits 32-39), currentStep (48-55), updatedAt (104-143), deadline (144-183).
            let kept := and(sload(slot), not(or(or(shl(32, 0xff), shl(48, 0xff)), shl(104, sub(shl(80, 1), 1)))))
            sstore(slot, or(kept, or(or(shl(32, status), shl(48, stepIndex)), or(shl(104, timestamp()), shl(144, deadline)))))
            // The progress is one slot: stepStartedAt (bits 0-39) now, approvedAt and flaggedStep zero.
            sstore(progress.slot, timestamp())
        }
    }

    function _approve(bytes32 applicationId, uint8 stepIndex, bytes32 opinionHash) private {
        Application storage app = _existing(applicationId, _STEP_RUNNING);
        if (stepIndex != app.currentStep) revert StepMismatch(applicationId, stepIndex, app.currentStep);
        ApprovalStep memory step = _step(app, stepIndex);
        bytes32 actingDepartment = _stepActor(applicationId, app, step);
        emit StepApproved(applicationId, actingDepartment, stepIndex, opinionHash, _msgSender());
        _advance(applicationId, app, stepIndex);
    }

    /// @dev Moves past an approved (or deemed approved) step; after the last one the application is
    /// approved and completes in the same transaction if its conditions hold.
    function _advance(bytes32 applicationId, Application storage app, uint8 stepIndex) private {
        uint40 now_ = uint40(block.timestamp);
        app.updatedAt = now_;
        if (stepIndex + 1 < app.stepCount) {
            app.currentStep = stepIndex + 1;
            app.status = ApplicationStatus.InReview;
            _s().progress[applicationId].stepStartedAt = now_;
            return;
        }
        app.status = ApplicationStatus.Approved;
        _s().progress[applicationId].approvedAt = now_;
        emit ApplicationApproved(applicationId, app.service, _msgSender());
        IServiceCatalog.CompletionTerms memory terms = _completionTerms(app);
        bytes memory blocker = _completionBlocker(applicationId, app, terms.rules);
        if (blocker.length != 0) {
            emit CompletionDeferred(applicationId, blocker);
            return;
        }
        _complete(applicationId, app, terms);
    }

    /// @dev Completes the application, issues its certificate and opens its follow-on applications.
    /// A follow-on that cannot be opened is recorded with its reason; the completion stands.
    function _complete(bytes32 applicationId, Application storage app, IServiceCatalog.CompletionTerms memory terms)
        private
    {
        uint40 now_ = uint40(block.timestamp);
        bytes32 service = app.service;
        app.status = ApplicationStatus.Completed;
        app.updatedAt = now_;
        emit ApplicationCompleted(applicationId, service, now_);
        if (terms.certificateType != bytes32(0)) {
            bytes32 digest = keccak256(
                abi.encode(terms.certificateType, service, app.serviceVersion, app.applicantCommitment, now_)
            );
            // The StandardMerkleTree leaf of (applicationId, digest); a batch of one has its leaf as root.
            bytes32 root = keccak256(bytes.concat(keccak256(abi.encode(applicationId, digest))));
            certificates.issueForApplication(applicationId, terms.certificateIssuer, terms.certificateType, root);
        }
        bytes32[] memory followOns = terms.followOnServices;
        for (uint256 i = 0; i < followOns.length; ++i) {
            // A caller short of gas must not turn a child into a recorded failure: without this check,
            // gas estimation would settle on a limit at which the sub-call runs out and is caught.
            if (gasleft() < FOLLOW_ON_GAS + FOLLOW_ON_GAS / 63 + 20_000) revert InsufficientGas(FOLLOW_ON_GAS);
            try this.openFollowOn{gas: FOLLOW_ON_GAS}(applicationId, followOns[i], _msgSender()) {}
            catch (bytes memory reason) {
                // Recorded so that a clerk of the follow-on's department or governance may retry it.
                _s().failedFollowOns[applicationId][followOns[i]] = true;
                emit FollowOnFailed(applicationId, followOns[i], reason);
            }
        }
    }

    /// @dev Why the application may not complete now, as revert data; empty if it may. Attached
    /// materials must still be valid and consented to; each rule runs read-only with bounded gas.
    function _completionBlocker(bytes32 applicationId, Application storage app, address[] memory rules)
        private
        view
        returns (bytes memory reason)
    {
        bytes32[] storage attached = _s().attached[applicationId];
        for (uint256 i = 0; i < attached.length; ++i) {
            reason = materials.checkAttached(attached[i], _department(app), applicationId, app.service);
            if (reason.length != 0) return reason;
        }
        for (uint256 i = 0; i < rules.length; ++i) {
            address rule = rules[i];
            // Without enough gas left the rule would fail for the caller's gas limit, not on its merits.
            if (gasleft() < RULE_GAS_LIMIT + RULE_GAS_LIMIT / 63 + 10_000) revert InsufficientGas(RULE_GAS_LIMIT);
            bool passed;
            bytes memory data = abi.encodeCall(IAutomationRule.check, (applicationId));
            // At most _MAX_RULE_REASON bytes of what the rule returns are copied: a rule returning
            // more (a return bomb) must not make the caller pay for copying it.
            assembly ("memory-safe") {
                passed := staticcall(RULE_GAS_LIMIT, rule, add(data, 32), mload(data), 0, 0)
                let size := returndatasize()
                if gt(size, _MAX_RULE_REASON) { size := _MAX_RULE_REASON }
                reason := mload(0x40)
                mstore(reason, size)
                returndatacopy(add(reason, 32), 0, size)
                mstore(0x40, add(add(reason, 32), and(add(size, 31), not(31))))
            }
            if (!passed) return reason.length != 0 ? reason : abi.encodeWithSelector(RuleFailed.selector, rule);
        }
        return "";
    }

    /// @dev The follow-on's required materials, taken from the parent's by type, in the child's order.
    /// The parent's materials are attached in its service version's order of types (each one checked
    /// to be of its type when attached), so the types come from the catalogue in one call instead of
    /// one registry read per material.
    function _pickMaterials(
        bytes32 service,
        bytes32[] memory materialTypes,
        Application storage parent,
        bytes32[] storage parentMaterials
    ) private view returns (bytes32[] memory chosen) {
        chosen = new bytes32[](materialTypes.length);
        if (materialTypes.length == 0) return chosen;
        bytes32[] memory parentTypes = parentMaterials.length == 0
            ? new bytes32[](0)
            : catalog.requiredMaterialTypes(parent.service, parent.serviceVersion);
        uint256 carried = parentTypes.length < parentMaterials.length ? parentTypes.length : parentMaterials.length;
        for (uint256 i = 0; i < materialTypes.length; ++i) {
            for (uint256 j = 0; j < carried; ++j) {
                if (parentTypes[j] == materialTypes[i]) {
                    chosen[i] = parentMaterials[j];
                    break;
                }
            }
            if (chosen[i] == bytes32(0)) revert FollowOnMaterialMissing(service, materialTypes[i]);
        }
    }

    /// @dev The department the caller acts for on the open step: the step's own, or the supervising
    /// department once the step was escalated. Reverts with the reason the caller may not act.
    function _stepActor(bytes32 applicationId, Application storage app, ApprovalStep memory step)
        private
        view
        returns (bytes32)
    {
        if (departments.canAct(step.department, _msgSender(), step.role)) return step.department;
        if (_s().progress[applicationId].flaggedStep == app.currentStep + 1) {
            IServiceCatalog.Automation memory automation = _automation(app);
            if (
                automation.deadlinePolicy == DeadlinePolicy.Escalate
                    && departments.canAct(automation.supervisor, _msgSender(), step.role)
            ) return automation.supervisor;
        }
        _checkOfficer(step.department, step.role);
        return step.department;
    }

    /// @dev When the open step is overdue: its own limit from when it opened, capped by the
    /// application's deadline; the application's deadline where the step has no limit of its own.
    function _deadline(bytes32 applicationId, Application storage app, uint32 stepTimeLimit)
        private
        view
        returns (uint40)
    {
        if (stepTimeLimit == 0) return app.deadline;
        (, TimeUnit unit) = _promise(app);
        uint40 own = calendar.dueTime(_s().progress[applicationId].stepStartedAt, stepTimeLimit, unit);
        return own < app.deadline ? own : app.deadline;
    }

    /// @dev Puts the application in `status` (补正, 特别程序) and stops its clock: its deadline and its
    /// step's time limit do not run until {_resume}, which returns it to the status it had.
    function _suspend(Application storage app, ApplicationStatus status) private {
        app.resumeStatus = app.status;
        app.status = status;
        app.suspendedAt = uint40(block.timestamp); // the step's start moves on at the restart
        app.updatedAt = uint40(block.timestamp);
    }

    /// @dev Ends what {_suspend} started: the clock restarts and the application returns to its status.
    function _resume(bytes32 applicationId, Application storage app) private {
        _restartClock(applicationId, app);
        app.status = app.resumeStatus;
        app.resumeStatus = ApplicationStatus.None;
        app.updatedAt = uint40(block.timestamp);
    }

    /// @dev Restarts the clock stopped by {_suspend}: the deadline and the open step's start move on by
    /// the time stopped, in the service's unit (for working days: by the working days after the stop day
    /// up to the restart day), as the calendar computes it.
    function _restartClock(bytes32 applicationId, Application storage app) private {
        uint40 stoppedAt = app.suspendedAt;
        (, TimeUnit unit) = _promise(app);
        app.deadline = calendar.restartedDeadline(app.deadline, stoppedAt, block.timestamp, unit);
        Progress storage progress = _s().progress[applicationId];
        uint40 started = progress.stepStartedAt;
        // A start is moved as the deadline that ends one second after it (so that its day is its own).
        if (started != 0) {
            progress.stepStartedAt =
                calendar.restartedDeadline(uint256(started) + 1, stoppedAt, block.timestamp, unit) - 1;
        }
        app.suspendedAt = 0;
    }

    /// @dev Step `index` of the application's service version: from the ledger's copy when the version
    /// is cached (two slots), else from the catalogue. A cached step's department is never zero (the
    /// catalogue publishes only registered departments).
    function _step(Application storage app, uint256 index) private view returns (ApprovalStep memory) {
        bytes32 service = app.service;
        uint32 serviceVersion = app.serviceVersion;
        ApprovalStep storage cached = _s().cachedVersions[service][serviceVersion].steps[index];
        if (cached.department != bytes32(0)) return cached;
        return _catalogStep(service, serviceVersion, index);
    }

    function _catalogStep(bytes32 service, uint32 serviceVersion, uint256 index)
        private
        view
        returns (ApprovalStep memory)
    {
        return catalog.getStep(service, serviceVersion, index);
    }

    function _automation(Application storage app) private view returns (IServiceCatalog.Automation memory) {
        return catalog.getAutomation(app.service, app.serviceVersion);
    }

    function _completionTerms(Application storage app) private view returns (IServiceCatalog.CompletionTerms memory) {
        return catalog.completionTerms(app.service, app.serviceVersion);
    }

    /// @dev The application's receiving department: stored in its record, or, for a record written
    /// while its service version was cached, the cached version's owner (see {_store}).
    function _department(Application storage app) private view returns (bytes32) {
        if (app.promisedTimeLimit & _DEPARTMENT_CACHED == 0) return app.department;
        return _s().cachedVersions[app.service][app.serviceVersion].department;
    }

    function _openStepDeadline(bytes32 applicationId, Application storage app) private view returns (uint40) {
        if (!_inStatus(app.status, _STEP_RUNNING)) return 0;
        uint32 timeLimit = _step(app, app.currentStep).timeLimit;
        return _deadline(applicationId, app, timeLimit);
    }

    function _revertWith(bytes memory reason) private pure {
        assembly ("memory-safe") {
            revert(add(reason, 32), mload(reason))
        }
    }

    /// @dev Checks the caller may decide on the application now (reject, ask for a supplement)
    /// and returns the department it acts for.
    function _checkDecider(bytes32 applicationId, Application storage app) private view returns (bytes32) {
        ApplicationStatus status = app.status;
        if (_inStatus(status, _CLERK_DECIDES)) {
            return _checkClerk(app);
        }
        _requireStatus(applicationId, status, _STEP_RUNNING);
        ApprovalStep memory step = _step(app, app.currentStep);
        return _stepActor(applicationId, app, step);
    }

    /// @dev Checks the caller holds the open step's role in the step's department; returns the department.
    function _checkStepOfficer(Application storage app) private view returns (bytes32) {
        ApprovalStep memory step = _step(app, app.currentStep);
        _checkOfficer(step.department, step.role);
        return step.department;
    }

    /// @dev Checks the caller is a Clerk of the application's receiving department; returns the department.
    function _checkClerk(Application storage app) private view returns (bytes32 department) {
        department = _department(app);
        _checkOfficer(department, OfficerRole.Clerk);
    }

    /// @dev The application, which must exist, for a decision that needs a non-zero reason code.
    function _reasoned(bytes32 applicationId, uint16 reasonCode) private view returns (Application storage app) {
        app = _existing(applicationId, _ANY_STATUS);
        if (reasonCode == 0) revert MissingReasonCode(applicationId);
    }

    function _checkOfficer(bytes32 department, OfficerRole role) private view {
        address caller = _msgSender();
        if (departments.canAct(department, caller, role)) return;
        if (!departments.isActive(department)) revert DepartmentInactive(department);
        revert UnauthorizedOfficer(caller, department, role);
    }

    /// @dev The application, which must be in one of the statuses `allowed` (see {_requireStatus}).
    function _existing(bytes32 applicationId, uint256 allowed) private view returns (Application storage app) {
        app = _s().applications[applicationId];
        _requireStatus(applicationId, app.status, allowed);
    }

    /// @dev The one status guard, as OpenZeppelin's `Governor._validateStateBitmap`: reverts unless
    /// `status` is in the set `allowed` (a bitmap, bit `1 << status`), with {UnknownApplication} for an
    /// application that does not exist (None is in no set) and {WrongStatus} otherwise.
    function _requireStatus(bytes32 applicationId, ApplicationStatus status, uint256 allowed) private pure {
        if ((uint256(1) << uint8(status)) & allowed == 0) {
            if (status == ApplicationStatus.None) revert UnknownApplication(applicationId);
            revert WrongStatus(applicationId, status);
        }
    }

    /// @dev Whether `status` is in the set `allowed` (a bitmap, bit `1 << status`).
    function _inStatus(ApplicationStatus status, uint256 allowed) private pure returns (bool) {
        return (uint256(1) << uint8(status)) & allowed != 0;
    }

    function _checkBatchSize(uint256 size) private pure {
        if (size == 0 || size > MAX_BATCH) revert InvalidBatchSize(size, MAX_BATCH);
    }

    function _s() private pure returns (ApplicationLedgerStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
