// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {ApplicationStatus, ApprovalStep, DepartmentInactive, OfficerRole, ZeroAddress} from "./common/Types.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IMaterialRegistry} from "./interfaces/IMaterialRegistry.sol";
import {IServiceCatalog} from "./interfaces/IServiceCatalog.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title ApplicationLedger
/// @notice Records applications and enforces their approval workflow.
contract ApplicationLedger is IApplicationLedger, AccessControl, Pausable {
    /// @notice Role that may stop the ledger at once in an emergency; only the admin resumes it.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Most entries in one batch call; keeps a full batch well inside a block's gas.
    uint256 public constant MAX_BATCH = 100;

    /// @notice The registry that says who may act for which department.
    IDepartmentRegistry public immutable departments;
    /// @notice The catalogue of services and their steps.
    IServiceCatalog public immutable catalog;
    /// @notice The registry of citizens' materials, checked and logged on submission.
    IMaterialRegistry public immutable materials;

    mapping(bytes32 applicationId => Application) private _applications;
    uint256 private _applicationCount;

    /// @dev The catalogue terms of one service, remembered across the entries of a batch.
    struct OpeningTerms {
        bytes32 service; // service the terms belong to; zero before the first lookup
        uint32 version; // newest version of the service
        bytes32 department; // receiving department
        uint8 stepCount; // approval steps of that version
        uint32 promisedTimeLimit; // seconds from acceptance to deadline
        bytes32[] materialTypes; // material types the version requires, in order
    }

    /// @param admin The account given the admin and pauser roles (governance, later).
    /// @param departmentRegistry The department registry.
    /// @param serviceCatalog The service catalogue.
    /// @param materialRegistry The material registry (this ledger needs its LEDGER_ROLE).
    constructor(
        address admin,
        IDepartmentRegistry departmentRegistry,
        IServiceCatalog serviceCatalog,
        IMaterialRegistry materialRegistry
    ) {
        if (
            admin == address(0) || address(departmentRegistry) == address(0) || address(serviceCatalog) == address(0)
                || address(materialRegistry) == address(0)
        ) revert ZeroAddress();
        departments = departmentRegistry;
        catalog = serviceCatalog;
        materials = materialRegistry;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @inheritdoc IVersioned
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IApplicationLedger
    function submit(Submission calldata submission) external whenNotPaused {
        OpeningTerms memory terms;
        _submit(submission, terms);
    }

    /// @inheritdoc IApplicationLedger
    function submitBatch(Submission[] calldata submissions) external whenNotPaused {
        _checkBatchSize(submissions.length);
        OpeningTerms memory terms;
        for (uint256 i = 0; i < submissions.length; ++i) {
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
        Application storage app = _existing(applicationId);
        if (reasonCode == 0) revert MissingReasonCode(applicationId);
        bytes32 department = _checkDecider(applicationId, app);
        app.status = ApplicationStatus.Rejected;
        app.updatedAt = uint40(block.timestamp);
        emit ApplicationRejected(applicationId, department, app.currentStep, reasonCode, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function requestSupplement(bytes32 applicationId, uint16 reasonCode) external whenNotPaused {
        Application storage app = _existing(applicationId);
        if (reasonCode == 0) revert MissingReasonCode(applicationId);
        bytes32 department = _checkDecider(applicationId, app);
        app.resumeStatus = app.status;
        app.status = ApplicationStatus.SupplementRequested;
        app.suspendedAt = uint40(block.timestamp);
        app.updatedAt = uint40(block.timestamp);
        emit SupplementRequested(applicationId, department, app.currentStep, reasonCode, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function resubmit(bytes32 applicationId, bytes32 supplementHash) external whenNotPaused {
        Application storage app = _existing(applicationId);
        if (app.status != ApplicationStatus.SupplementRequested) revert WrongStatus(applicationId, app.status);
        _checkOfficer(app.department, OfficerRole.Clerk);
        // The promised time limit does not run while the applicant prepares the supplement.
        if (app.deadline != 0) app.deadline += uint40(block.timestamp) - app.suspendedAt;
        app.status = app.resumeStatus;
        app.resumeStatus = ApplicationStatus.None;
        app.suspendedAt = 0;
        app.updatedAt = uint40(block.timestamp);
        emit ApplicationResubmitted(
            applicationId, app.department, app.currentStep, supplementHash, app.deadline, _msgSender()
        );
    }

    /// @inheritdoc IApplicationLedger
    function withdraw(bytes32 applicationId, uint16 reasonCode) external whenNotPaused {
        Application storage app = _existing(applicationId);
        if (reasonCode == 0) revert MissingReasonCode(applicationId);
        ApplicationStatus status = app.status;
        if (
            status != ApplicationStatus.Submitted && status != ApplicationStatus.Accepted
                && status != ApplicationStatus.InReview && status != ApplicationStatus.SupplementRequested
        ) revert WrongStatus(applicationId, status);
        _checkOfficer(app.department, OfficerRole.Clerk);
        app.status = ApplicationStatus.Withdrawn;
        app.updatedAt = uint40(block.timestamp);
        emit ApplicationWithdrawn(applicationId, app.department, reasonCode, _msgSender());
    }

    /// @inheritdoc IApplicationLedger
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc IApplicationLedger
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc IApplicationLedger
    function getApplication(bytes32 applicationId) external view returns (Application memory) {
        return _existing(applicationId);
    }

    /// @inheritdoc IApplicationLedger
    function exists(bytes32 applicationId) external view returns (bool) {
        return _applications[applicationId].status != ApplicationStatus.None;
    }

    /// @inheritdoc IApplicationLedger
    function existsMany(bytes32[] calldata applicationIds) external view returns (bool[] memory found) {
        found = new bool[](applicationIds.length);
        for (uint256 i = 0; i < applicationIds.length; ++i) {
            found[i] = _applications[applicationIds[i]].status != ApplicationStatus.None;
        }
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
            Application storage app = _applications[applicationIds[i]];
            (statuses[i], steps[i], stepCounts[i]) = (app.status, app.currentStep, app.stepCount);
        }
    }

    /// @inheritdoc IApplicationLedger
    function currentStep(bytes32 applicationId) external view returns (uint8 index, ApprovalStep memory step) {
        Application storage app = _existing(applicationId);
        if (!_hasOpenStep(app.status)) revert WrongStatus(applicationId, app.status);
        index = app.currentStep;
        step = catalog.getStep(app.service, app.serviceVersion, index);
    }

    /// @inheritdoc IApplicationLedger
    function isOverdue(bytes32 applicationId) external view returns (bool) {
        Application storage app = _applications[applicationId];
        bool running = app.status == ApplicationStatus.Accepted || app.status == ApplicationStatus.InReview;
        return running && app.deadline != 0 && block.timestamp > app.deadline;
    }

    /// @inheritdoc IApplicationLedger
    function applicationCount() external view returns (uint256) {
        return _applicationCount;
    }

    function _submit(Submission calldata submission, OpeningTerms memory terms) private {
        bytes32 applicationId = submission.applicationId;
        if (applicationId == bytes32(0)) revert InvalidApplicationId();
        if (submission.applicantCommitment == bytes32(0)) revert InvalidApplicantCommitment(applicationId);
        if (_applications[applicationId].status != ApplicationStatus.None) {
            revert ApplicationAlreadyExists(applicationId);
        }
        if (terms.service != submission.service) {
            (terms.version, terms.department, terms.stepCount, terms.promisedTimeLimit) =
                catalog.openingTerms(submission.service);
            _checkOfficer(terms.department, OfficerRole.Clerk);
            terms.materialTypes = catalog.requiredMaterialTypes(submission.service, terms.version);
            terms.service = submission.service;
        }
        if (submission.materials.length != terms.materialTypes.length) {
            revert MaterialCountMismatch(applicationId, submission.materials.length, terms.materialTypes.length);
        }
        uint40 now_ = uint40(block.timestamp);
        _applications[applicationId] = Application({
            service: submission.service,
            applicantCommitment: submission.applicantCommitment,
            department: terms.department,
            serviceVersion: terms.version,
            status: ApplicationStatus.Submitted,
            resumeStatus: ApplicationStatus.None,
            currentStep: 0,
            stepCount: terms.stepCount,
            submittedAt: now_,
            updatedAt: now_,
            deadline: 0,
            suspendedAt: 0,
            promisedTimeLimit: terms.promisedTimeLimit
        });
        // Cannot overflow: one increment per stored application.
        unchecked {
            ++_applicationCount;
        }
        emit ApplicationSubmitted(
            applicationId,
            submission.service,
            terms.department,
            terms.version,
            submission.applicantCommitment,
            _msgSender()
        );
        // Interactions last: the registry checks each material and logs its use, or reverts it all.
        for (uint256 i = 0; i < terms.materialTypes.length; ++i) {
            materials.useForApplication(
                submission.materials[i],
                terms.materialTypes[i],
                terms.department,
                applicationId,
                submission.service,
                _msgSender()
            );
        }
    }

    function _accept(bytes32 applicationId) private {
        Application storage app = _existing(applicationId);
        if (app.status != ApplicationStatus.Submitted) revert WrongStatus(applicationId, app.status);
        _checkOfficer(app.department, OfficerRole.Clerk);
        uint40 deadline = uint40(block.timestamp) + app.promisedTimeLimit;
        app.status = ApplicationStatus.Accepted;
        app.deadline = deadline;
        app.updatedAt = uint40(block.timestamp);
        emit ApplicationAccepted(applicationId, app.department, deadline, _msgSender());
    }

    function _approve(bytes32 applicationId, uint8 stepIndex, bytes32 opinionHash) private {
        Application storage app = _existing(applicationId);
        ApplicationStatus status = app.status;
        if (status != ApplicationStatus.Accepted && status != ApplicationStatus.InReview) {
            revert WrongStatus(applicationId, status);
        }
        if (stepIndex != app.currentStep) revert StepMismatch(applicationId, stepIndex, app.currentStep);
        ApprovalStep memory step = catalog.getStep(app.service, app.serviceVersion, stepIndex);
        _checkOfficer(step.department, step.role);
        app.updatedAt = uint40(block.timestamp);
        emit StepApproved(applicationId, step.department, stepIndex, opinionHash, _msgSender());
        if (stepIndex + 1 < app.stepCount) {
            app.currentStep = stepIndex + 1;
            app.status = ApplicationStatus.InReview;
            return;
        }
        app.status = ApplicationStatus.Approved;
        emit ApplicationApproved(applicationId, app.service, _msgSender());
        _complete(applicationId, app);
    }

    /// @dev Completion follows approval in the same transaction; the automation rules of the
    /// catalogue hook in here.
    function _complete(bytes32 applicationId, Application storage app) private {
        app.status = ApplicationStatus.Completed;
        emit ApplicationCompleted(applicationId, app.service, uint40(block.timestamp));
    }

    /// @dev Checks the caller may decide on the application now (reject, ask for a supplement)
    /// and returns the department it acts for.
    function _checkDecider(bytes32 applicationId, Application storage app) private view returns (bytes32) {
        ApplicationStatus status = app.status;
        if (status == ApplicationStatus.Submitted) {
            _checkOfficer(app.department, OfficerRole.Clerk);
            return app.department;
        }
        if (status != ApplicationStatus.Accepted && status != ApplicationStatus.InReview) {
            revert WrongStatus(applicationId, status);
        }
        ApprovalStep memory step = catalog.getStep(app.service, app.serviceVersion, app.currentStep);
        _checkOfficer(step.department, step.role);
        return step.department;
    }

    function _checkOfficer(bytes32 department, OfficerRole role) private view {
        address caller = _msgSender();
        if (departments.canAct(department, caller, role)) return;
        if (!departments.isActive(department)) revert DepartmentInactive(department);
        revert UnauthorizedOfficer(caller, department, role);
    }

    function _existing(bytes32 applicationId) private view returns (Application storage app) {
        app = _applications[applicationId];
        if (app.status == ApplicationStatus.None) revert UnknownApplication(applicationId);
    }

    function _hasOpenStep(ApplicationStatus status) private pure returns (bool) {
        return status == ApplicationStatus.Accepted || status == ApplicationStatus.InReview
            || status == ApplicationStatus.SupplementRequested;
    }

    function _checkBatchSize(uint256 size) private pure {
        if (size == 0 || size > MAX_BATCH) revert InvalidBatchSize(size, MAX_BATCH);
    }
}
