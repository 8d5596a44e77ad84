// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ApplicationStatus, ApprovalStep, OfficerRole} from "../common/Types.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IApplicationLedger
/// @notice Applications (办件) and their approval workflow. The ledger enforces who may act on
/// which step in which order; every change is an event indexed by the application id, so the
/// whole history can be read from any explorer. No personal data: the applicant is a salted
/// commitment whose salt stays with the citizen and the receiving office.
interface IApplicationLedger is IVersioned {
    /// @notice An application as stored on chain.
    struct Application {
        bytes32 service; // service code
        bytes32 applicantCommitment; // keccak256 of the applicant's identity and a secret salt
        bytes32 department; // receiving department (the service's owner at submission)
        uint32 serviceVersion; // catalogue version the application follows to the end
        ApplicationStatus status; // where the application stands
        ApplicationStatus resumeStatus; // where a resubmission returns to after a supplement request
        uint8 currentStep; // index of the approval step waiting for action
        uint8 stepCount; // number of approval steps of the service version
        uint40 submittedAt; // block timestamp of submission
        uint40 updatedAt; // block timestamp of the last change
        uint40 deadline; // 承诺时限 deadline, set on acceptance, extended by time spent in supplement
        uint40 suspendedAt; // when the open supplement request was made, 0 if none
        uint32 promisedTimeLimit; // seconds from acceptance to the deadline, from the service version
    }

    /// @notice What a clerk gives to submit an application.
    struct Submission {
        bytes32 applicationId; // keccak256 of the office's application number
        bytes32 service; // service code
        bytes32 applicantCommitment; // salted commitment to the applicant, never zero
        bytes32[] materials; // one material per required type of the service, in the catalogue's order
    }

    /// @notice One entry of {approveBatch}: the application and the step the approver saw.
    struct StepApproval {
        bytes32 applicationId; // the application
        uint8 stepIndex; // the step being approved; must be the current one
    }

    /// @notice An application was submitted under `service` to `department`.
    event ApplicationSubmitted(
        bytes32 indexed applicationId,
        bytes32 indexed service,
        bytes32 indexed department,
        uint32 serviceVersion,
        bytes32 applicantCommitment,
        address actor
    );
    /// @notice The receiving department accepted the application (受理); the deadline starts.
    event ApplicationAccepted(bytes32 indexed applicationId, bytes32 indexed department, uint40 deadline, address actor);
    /// @notice Step `stepIndex` was approved by `actor` of `department`.
    event StepApproved(
        bytes32 indexed applicationId, bytes32 indexed department, uint8 stepIndex, bytes32 opinionHash, address actor
    );
    /// @notice The last step was approved.
    event ApplicationApproved(bytes32 indexed applicationId, bytes32 indexed service, address actor);
    /// @notice The application was completed (办结).
    event ApplicationCompleted(bytes32 indexed applicationId, bytes32 indexed service, uint40 completedAt);
    /// @notice The application was rejected at step `stepIndex` with `reasonCode`.
    event ApplicationRejected(
        bytes32 indexed applicationId, bytes32 indexed department, uint8 stepIndex, uint16 reasonCode, address actor
    );
    /// @notice The applicant was asked for a supplement (补正) at step `stepIndex`.
    event SupplementRequested(
        bytes32 indexed applicationId, bytes32 indexed department, uint8 stepIndex, uint16 reasonCode, address actor
    );
    /// @notice The supplement was handed in; the application resumed at `stepIndex`.
    event ApplicationResubmitted(
        bytes32 indexed applicationId,
        bytes32 indexed department,
        uint8 stepIndex,
        bytes32 supplementHash,
        uint40 deadline,
        address actor
    );
    /// @notice The application was withdrawn at the applicant's request.
    event ApplicationWithdrawn(bytes32 indexed applicationId, bytes32 indexed department, uint16 reasonCode, address actor);

    /// @notice The application id is zero.
    error InvalidApplicationId();
    /// @notice The applicant commitment is zero.
    error InvalidApplicantCommitment(bytes32 applicationId);
    /// @notice An application with this id already exists.
    error ApplicationAlreadyExists(bytes32 applicationId);
    /// @notice No application with this id exists.
    error UnknownApplication(bytes32 applicationId);
    /// @notice The action is not allowed while the application is in `status`.
    error WrongStatus(bytes32 applicationId, ApplicationStatus status);
    /// @notice `account` may not act: it does not hold `role` in `department`.
    error UnauthorizedOfficer(address account, bytes32 department, OfficerRole role);
    /// @notice A rejection, supplement request or withdrawal needs a non-zero reason code.
    error MissingReasonCode(bytes32 applicationId);
    /// @notice The approval was meant for step `expected`, but the application is at step `current`
    /// (it was approved already, or by someone else in the meantime).
    error StepMismatch(bytes32 applicationId, uint8 expected, uint8 current);
    /// @notice The service requires `required` materials; `given` were attached.
    error MaterialCountMismatch(bytes32 applicationId, uint256 given, uint256 required);
    /// @notice A batch must hold between 1 and `max` entries; it held `size`.
    error InvalidBatchSize(uint256 size, uint256 max);

    /// @notice Submit a new application.
    /// @dev Requirements: not paused; the id and commitment are non-zero; the id is new; the
    /// service is active; the caller is a Clerk of the service's active owner department; one
    /// material per required type, each of that type, valid now, not revoked or superseded, and
    /// consented to by its owner for the receiving department (for this application or this
    /// service). Emits {ApplicationSubmitted}, and the material registry's {MaterialUsed} each.
    /// @param submission The application id, service code and applicant commitment.
    function submit(Submission calldata submission) external;

    /// @notice Submit up to MAX_BATCH applications at once; all or none are recorded.
    /// @dev Requirements: as {submit} for each entry; 1..MAX_BATCH entries. Emits {ApplicationSubmitted} each.
    /// @param submissions The applications.
    function submitBatch(Submission[] calldata submissions) external;

    /// @notice Accept (受理) a submitted application; the promised time limit starts.
    /// @dev Requirements: not paused; status Submitted; caller is a Clerk of the receiving
    /// department, which is active. Emits {ApplicationAccepted}.
    /// @param applicationId The application id.
    function accept(bytes32 applicationId) external;

    /// @notice Accept up to MAX_BATCH applications at once; all or none.
    /// @dev Requirements: as {accept} for each. Emits {ApplicationAccepted} each.
    /// @param applicationIds The application ids.
    function acceptBatch(bytes32[] calldata applicationIds) external;

    /// @notice Approve the current step; approving the last step approves and completes the application.
    /// @dev Naming the step makes a retried or doubled approval fail with {StepMismatch} instead of
    /// approving the next step. Requirements: not paused; status Accepted or InReview; `stepIndex`
    /// is the current step; caller holds the step's role in the step's department, which is active.
    /// Emits {StepApproved}, and on the last step {ApplicationApproved} and {ApplicationCompleted}.
    /// @param applicationId The application id.
    /// @param stepIndex The step being approved (zero-based); must be the current step.
    /// @param opinionHash Hash of the approval opinion kept off chain; zero if none.
    function approve(bytes32 applicationId, uint8 stepIndex, bytes32 opinionHash) external;

    /// @notice Approve the named current steps of up to MAX_BATCH applications; all or none.
    /// @dev Requirements: as {approve} for each. Emits as {approve} for each.
    /// @param approvals The applications and the steps being approved.
    /// @param opinionHash Hash of the common approval opinion; zero if none.
    function approveBatch(StepApproval[] calldata approvals, bytes32 opinionHash) external;

    /// @notice Reject the application (不予受理 before acceptance, 不予批准 after).
    /// @dev Requirements: not paused; `reasonCode` non-zero; status Submitted (caller a Clerk of the
    /// receiving department) or Accepted/InReview (caller holds the current step's role).
    /// Emits {ApplicationRejected}.
    /// @param applicationId The application id.
    /// @param reasonCode The office's reason code.
    function reject(bytes32 applicationId, uint16 reasonCode) external;

    /// @notice Ask the applicant for a supplement (补正); the deadline stops until resubmission.
    /// @dev Requirements: as {reject}. Emits {SupplementRequested}.
    /// @param applicationId The application id.
    /// @param reasonCode The office's reason code saying what is missing.
    function requestSupplement(bytes32 applicationId, uint16 reasonCode) external;

    /// @notice Record the applicant's supplement; the application resumes where it stopped.
    /// @dev Requirements: not paused; status SupplementRequested; caller is a Clerk of the
    /// receiving department, which is active. Emits {ApplicationResubmitted}.
    /// @param applicationId The application id.
    /// @param supplementHash Hash of the supplement's record kept off chain; zero if none.
    function resubmit(bytes32 applicationId, bytes32 supplementHash) external;

    /// @notice Withdraw the application at the applicant's request (撤回).
    /// @dev Requirements: not paused; `reasonCode` non-zero; status neither Completed, Rejected nor
    /// Withdrawn; caller is a Clerk of the receiving department, which is active.
    /// Emits {ApplicationWithdrawn}.
    /// @param applicationId The application id.
    /// @param reasonCode The office's reason code.
    function withdraw(bytes32 applicationId, uint16 reasonCode) external;

    /// @notice An application's record.
    /// @dev Reverts with {UnknownApplication}.
    /// @param applicationId The application id.
    /// @return The application.
    function getApplication(bytes32 applicationId) external view returns (Application memory);

    /// @notice Whether an application with this id exists.
    /// @param applicationId The application id.
    /// @return True if it exists.
    function exists(bytes32 applicationId) external view returns (bool);

    /// @notice Which of the given ids exist, in one call (bulk imports check before they send).
    /// @param applicationIds The application ids.
    /// @return found One flag per id.
    function existsMany(bytes32[] calldata applicationIds) external view returns (bool[] memory found);

    /// @notice Status, current step and step count of many applications in one call (bulk work).
    /// @param applicationIds The application ids (unknown ids answer status None).
    /// @return statuses The statuses.
    /// @return steps The current step indexes.
    /// @return stepCounts The numbers of steps.
    function statusMany(bytes32[] calldata applicationIds)
        external
        view
        returns (ApplicationStatus[] memory statuses, uint8[] memory steps, uint8[] memory stepCounts);

    /// @notice The step an application waits on.
    /// @dev Reverts with {UnknownApplication}, or {WrongStatus} when no step is open.
    /// @param applicationId The application id.
    /// @return index The step index.
    /// @return step The department, role and time limit of the step.
    function currentStep(bytes32 applicationId) external view returns (uint8 index, ApprovalStep memory step);

    /// @notice Whether the application is still open and past its deadline.
    /// @param applicationId The application id.
    /// @return True if overdue.
    function isOverdue(bytes32 applicationId) external view returns (bool);

    /// @notice Stop all state changes at once (emergency).
    /// @dev Requirements: caller holds PAUSER_ROLE; not paused. Emits {Paused}.
    function pause() external;

    /// @notice Resume state changes after an emergency stop.
    /// @dev Requirements: caller holds DEFAULT_ADMIN_ROLE (governance); paused. Emits {Unpaused}.
    function unpause() external;

    /// @notice How many applications were ever submitted.
    /// @return The count.
    function applicationCount() external view returns (uint256);
}
