// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ApplicationStatus, ApprovalStep, OfficerRole, TimeUnit} from "../common/Types.sol";
import {IServiceCatalog} from "./IServiceCatalog.sol";
import {ISuitePausable} from "./ISuitePausable.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IApplicationLedger
/// @notice Applications (办件) and their approval workflow. The ledger enforces who may act on
/// which step in which order; every change is an event indexed by the application id, so the
/// whole history can be read from any explorer. No personal data: the applicant is a salted
/// commitment whose salt stays with the citizen and the receiving office.
interface IApplicationLedger is IVersioned, ISuitePausable {
    /// @notice An application as stored on chain.
    struct Application {
        bytes32 service; // service code
        bytes32 applicantCommitment; // keccak256 of the applicant's identity and a secret salt
        bytes32 department; // receiving department (the service's owner at submission)
        uint32 serviceVersion; // catalogue version the application follows to the end
        ApplicationStatus status; // where the application stands
        ApplicationStatus resumeStatus; // where a resubmission (or the end of a special procedure) returns to
        uint8 currentStep; // index of the approval step waiting for action
        uint8 stepCount; // number of approval steps of the service version
        uint40 submittedAt; // block timestamp of submission
        uint40 updatedAt; // block timestamp of the last change
        uint40 deadline; // 承诺时限 deadline, set on acceptance, extended by time spent in supplement
        uint40 suspendedAt; // when the clock stopped (supplement request or special procedure), 0 if running
        uint32 promisedTimeLimit; // units of `timeUnit` from acceptance to the deadline, from the service version
        TimeUnit timeUnit; // the unit of the promised limit and of every step's limit
    }

    /// @notice What a clerk gives to submit an application.
    struct Submission {
        string number; // the 办件编号: 1-50 ASCII letters, digits and '-'; the id is {applicationIdFor} of its keccak256
        bytes32 service; // service code
        bytes32 applicantCommitment; // salted commitment to the applicant, never zero
        bytes32[] materials; // one material per required type of the service, in the catalogue's order
    }

    /// @notice Where an application stands against its time limits and automation (one slot).
    struct Progress {
        uint40 stepStartedAt; // when the current step opened, moved on (in the service's unit) by time spent in supplement
        uint40 approvedAt; // when the last step was approved, 0 before
        uint8 flaggedStep; // one more than the step flagged overdue last, 0 if none
    }

    /// @notice What a keeper needs to know about one application.
    struct KeeperView {
        ApplicationStatus status; // where the application stands
        uint8 currentStep; // the open step
        uint40 stepDeadline; // when the open step is overdue; 0 when no step is running
        bool flagged; // the open step was flagged overdue already
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
        string number,
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
    /// @notice A special procedure (特别程序) of kind `kind` started on step `stepIndex`; its clock stops.
    event SpecialProcedureStarted(
        bytes32 indexed applicationId,
        bytes32 indexed department,
        uint8 stepIndex,
        uint8 kind,
        uint16 reasonCode,
        address actor
    );
    /// @notice The special procedure on step `stepIndex` ended with `resultCode`; the clock runs again
    /// with the deadline moved on by the time it took.
    event SpecialProcedureEnded(
        bytes32 indexed applicationId,
        bytes32 indexed department,
        uint8 stepIndex,
        uint16 resultCode,
        uint40 deadline,
        address actor
    );
    /// @notice The application was withdrawn at the applicant's request.
    event ApplicationWithdrawn(bytes32 indexed applicationId, bytes32 indexed department, uint16 reasonCode, address actor);

    /// @notice Step `stepIndex` passed its deadline and `flaggedBy` flagged it (效能监察).
    event ApplicationOverdue(
        bytes32 indexed applicationId, bytes32 indexed department, uint8 stepIndex, uint40 deadline, address flaggedBy
    );
    /// @notice The overdue step went to the supervising department, whose officers may now act on it.
    event StepEscalated(bytes32 indexed applicationId, bytes32 indexed supervisor, uint8 stepIndex);
    /// @notice The overdue step counts as approved (告知承诺制): no officer approved it.
    event StepDeemedApproved(bytes32 indexed applicationId, bytes32 indexed department, uint8 stepIndex, uint40 deadline);
    /// @notice The application is approved but may not complete yet; `reason` is the blocking error.
    event CompletionDeferred(bytes32 indexed applicationId, bytes reason);
    /// @notice Completing `parentId` opened the follow-on application `childId` under `service`.
    event FollowOnOpened(bytes32 indexed parentId, bytes32 indexed childId, bytes32 indexed service);
    /// @notice Completing `parentId` could not open its follow-on under `service`; `reason` says why.
    event FollowOnFailed(bytes32 indexed parentId, bytes32 indexed service, bytes reason);

    /// @notice The 办件编号 is empty, longer than 50 characters, or holds a character other than an
    /// ASCII letter, digit or '-'.
    error InvalidApplicationNumber(string number);
    /// @notice A special procedure needs a non-zero kind, and its end a non-zero result code.
    error MissingProcedureCode(bytes32 applicationId);
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
    /// @notice The open step is not overdue before `deadline` (0: no step is running).
    error NotOverdue(bytes32 applicationId, uint40 deadline);
    /// @notice Step `stepIndex` was flagged overdue already.
    error AlreadyFlagged(bytes32 applicationId, uint8 stepIndex);
    /// @notice Rule `rule` failed without a reason (it ran out of its gas allowance or is not a rule).
    error RuleFailed(address rule);
    /// @notice A follow-on service needs a material of `materialType` that the parent did not carry.
    error FollowOnMaterialMissing(bytes32 service, bytes32 materialType);
    /// @notice The transaction's gas limit leaves less than `required` for a rule or a follow-on; send
    /// it with more gas (estimation finds the right limit).
    error InsufficientGas(uint256 required);
    /// @notice Only the ledger itself opens follow-on applications.
    error OnlyLedger(address caller);

    /// @notice Submit a new application. Its id is `applicationIdFor(department, keccak256(number))`,
    /// where `department` is the service's owner: each department numbers its applications in its own
    /// namespace, so no one outside it can take (and so block) one of its numbers.
    /// @dev Requirements: not paused; the service is known (not zero) and active; the caller is a Clerk
    /// of the service's active owner department; the number is 1-50 ASCII letters, digits and '-'
    /// ({InvalidApplicationNumber}); the commitment is non-zero; the derived id is new; one
    /// material per required type, each of that type, valid now, not revoked or superseded, and
    /// consented to by its owner for the receiving department (for this application or this
    /// service). Emits {ApplicationSubmitted}, and the material registry's {MaterialUsed} each.
    /// @param submission The number, service code, applicant commitment and materials.
    function submit(Submission calldata submission) external;

    /// @notice Submit up to MAX_BATCH applications at once; all or none are recorded.
    /// @dev Requirements: as {submit} for each entry (each checked against its own service's terms and
    /// owner); 1..MAX_BATCH entries. Emits {ApplicationSubmitted} each.
    /// @param submissions The applications.
    function submitBatch(Submission[] calldata submissions) external;

    /// @notice The id of the application that `department` submits under the number hashed to
    /// `numberHash`: keccak256(abi.encode(TAG, department, numberHash)), TAG being
    /// keccak256("zhangdian.ApplicationLedger.applicationId").
    /// @dev The department is part of the id, so the same number in two departments gives two ids,
    /// and only a clerk of `department` can create an id of its namespace. The preimage is three
    /// words, a follow-on id's ({followOnId}: keccak256(abi.encode(parentId, service))) is two, so a
    /// submitted id can never equal a follow-on id (that would be a keccak256 collision), whatever
    /// department codes and number hashes are chosen: no submission can take a follow-on's id.
    /// The tag, rather than the argument order, carries this: a department code is left-aligned ASCII
    /// and a parent id a hash, but a 32-character code is not structurally different from a hash.
    /// @param department The receiving department (the service's owner at submission).
    /// @param numberHash keccak256 of the 办件编号 (ASCII).
    /// @return The application id.
    function applicationIdFor(bytes32 department, bytes32 numberHash) external pure returns (bytes32);

    /// @notice Accept (受理) a submitted application; the promised time limit starts.
    /// @dev Requirements: not paused; status Submitted; caller is a Clerk of the receiving
    /// department, which is active. Emits {ApplicationAccepted}.
    /// @param applicationId The application id.
    function accept(bytes32 applicationId) external;

    /// @notice Accept up to MAX_BATCH applications at once; all or none.
    /// @dev Requirements: as {accept} for each. Emits {ApplicationAccepted} each.
    /// @param applicationIds The application ids.
    function acceptBatch(bytes32[] calldata applicationIds) external;

    /// @notice Approve the current step; approving the last step approves the application and, when its
    /// conditions hold, completes it (see {complete}).
    /// @dev Naming the step makes a retried or doubled approval fail with {StepMismatch} instead of
    /// approving the next step. Requirements: not paused; status Accepted or InReview; `stepIndex`
    /// is the current step; caller holds the step's role in the step's department, which is active, or
    /// in the supervising department once the step was escalated.
    /// Emits {StepApproved}, and on the last step {ApplicationApproved} and then either what
    /// {complete} emits or {CompletionDeferred}.
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
    /// receiving department), Accepted/InReview (caller holds the current step's role in the step's
    /// department, or in the supervising department once the step was escalated), or Approved and
    /// waiting for its completion conditions (caller a Clerk of the receiving department).
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

    /// @notice Start a special procedure (特别程序: 延长审批, 专家评审, 听证, 现场勘验, 检验检测, 招标拍卖,
    /// 公示, ...) on the open step; the deadlines stop until {endSpecialProcedure}.
    /// @dev Requirements: not paused; status Accepted or InReview; `kind` and `reasonCode` non-zero
    /// ({MissingProcedureCode}, {MissingReasonCode}); the caller holds the step's role in the step's
    /// department, which is active. Emits {SpecialProcedureStarted}.
    /// @param applicationId The application id.
    /// @param kind The kind of procedure (the SDK's GB/T 39046 code list).
    /// @param reasonCode The office's reason code.
    function startSpecialProcedure(bytes32 applicationId, uint8 kind, uint16 reasonCode) external;

    /// @notice End the running special procedure; the step resumes with its deadlines moved on by the
    /// time the procedure took.
    /// @dev Requirements: not paused; status SpecialProcedure; `resultCode` non-zero
    /// ({MissingProcedureCode}); the caller holds the step's role in the step's department, which is
    /// active. Emits {SpecialProcedureEnded}.
    /// @param applicationId The application id.
    /// @param resultCode The procedure's result (the SDK's code list).
    function endSpecialProcedure(bytes32 applicationId, uint16 resultCode) external;

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

    /// @notice Complete an approved application whose conditions now hold (a waiting period over, a
    /// fee paid). Anyone may call it; the outcome depends on the chain alone.
    /// @dev Requirements: not paused; status Approved; every attached material valid with consent;
    /// every rule of the service version passes (its error is the revert reason otherwise). Emits
    /// {ApplicationCompleted}, the certificate's events if the service yields one, and
    /// {FollowOnOpened} or {FollowOnFailed} per follow-on service (a failure is recorded for
    /// {retryFollowOn}). Each follow-on opens with FOLLOW_ON_GAS and each rule runs with RULE_GAS_LIMIT;
    /// a transaction whose gas limit leaves less reverts with {InsufficientGas}.
    /// @param applicationId The application id.
    function complete(bytes32 applicationId) external;

    /// @notice Flag the open step of an application as overdue, and apply the service's deadline
    /// policy: escalate it to the supervising department or deem it approved. Anyone may call it.
    /// @dev Requirements: not paused; status Accepted or InReview; the step's deadline (its own time
    /// limit from when it opened, or the application's deadline) has passed; this step was not
    /// flagged before. Emits {ApplicationOverdue}, then {StepEscalated}, or {StepDeemedApproved}
    /// followed by what an approval of the step emits.
    /// @param applicationId The application id.
    function flagOverdue(bytes32 applicationId) external;

    /// @notice Open one follow-on application; only the ledger calls this, so that a failure is
    /// recorded without undoing the parent's completion.
    /// @dev Requirements: caller is this contract (from a completion, or from {retryFollowOn}).
    /// Emits {ApplicationSubmitted} and {FollowOnOpened}.
    /// @param parentId The completed parent.
    /// @param service The follow-on service.
    /// @param actor The account whose transaction completed the parent.
    function openFollowOn(bytes32 parentId, bytes32 service, address actor) external;

    /// @notice The deadline of the open step, the flag and the approval time of an application.
    /// @param applicationId The application id.
    /// @return The progress record (all zero for an unknown id).
    function progressOf(bytes32 applicationId) external view returns (Progress memory);

    /// @notice When the open step becomes overdue: its own time limit counted from when it opened,
    /// or the application's deadline where the step has none.
    /// @param applicationId The application id.
    /// @return The deadline, 0 when no step is running.
    function stepDeadline(bytes32 applicationId) external view returns (uint40);

    /// @notice Status, open step, step deadline and flag of many applications in one call (keepers).
    /// @param applicationIds The application ids.
    /// @return views One entry per id.
    function keeperViews(bytes32[] calldata applicationIds) external view returns (KeeperView[] memory views);

    /// @notice Why an approved application cannot complete now, as revert data; empty if it can.
    /// @param applicationId The application id.
    /// @return The encoded error.
    function completionBlocker(bytes32 applicationId) external view returns (bytes memory);

    /// @notice The materials attached to an application, in the catalogue's order.
    /// @param applicationId The application id.
    /// @return The material ids.
    function materialsOf(bytes32 applicationId) external view returns (bytes32[] memory);

    /// @notice The application whose completion opened this one; zero if none.
    /// @param applicationId The application id.
    /// @return The parent id.
    function parentOf(bytes32 applicationId) external view returns (bytes32);

    /// @notice The follow-on applications opened when this one completed.
    /// @param applicationId The application id.
    /// @return The child ids.
    function childrenOf(bytes32 applicationId) external view returns (bytes32[] memory);

    /// @notice The follow-on application id a parent opens for `service`.
    /// @param parentId The parent.
    /// @param service The follow-on service.
    /// @return The child id.
    function followOnId(bytes32 parentId, bytes32 service) external pure returns (bytes32);

    /// @notice How many applications were ever submitted.
    /// @return The count.
    function applicationCount() external view returns (uint256);

    /// @notice A follow-on of `parentId` under `service` that had failed was opened on a retry by `actor`
    /// (after {FollowOnOpened} for the same child).
    event FollowOnRetried(bytes32 indexed parentId, bytes32 indexed childId, bytes32 indexed service, address actor);

    /// @notice No failure of a follow-on under `service` is recorded for `parentId`: there is nothing to retry.
    error FollowOnNotFailed(bytes32 parentId, bytes32 service);
    /// @notice The follow-on of `parentId` under `service` is open already as `childId`.
    error FollowOnAlreadyOpen(bytes32 parentId, bytes32 service, bytes32 childId);

    /// @notice Open again a follow-on application whose opening failed when its parent completed (its
    /// department was inactive, a consent was missing, ...), once the cause is fixed.
    /// @dev Requirements: not paused; the follow-on's child does not exist ({FollowOnAlreadyOpen});
    /// its failure is recorded ({FollowOnNotFailed}); the caller holds DEFAULT_ADMIN_ROLE (governance) or
    /// is a Clerk of the department that owns the follow-on service now, which is active
    /// ({UnauthorizedOfficer}, {DepartmentInactive}, or {ServiceInactive} when the service is closed); the
    /// child opens as when its parent completed, or the call reverts with the child's reason and the
    /// failure stays recorded. The sub-call is not capped at FOLLOW_ON_GAS. Emits {ApplicationSubmitted},
    /// {FollowOnOpened}, the registry's {MaterialUsed} per material, and {FollowOnRetried}.
    /// @param parentId The completed parent.
    /// @param service The follow-on service that failed to open.
    function retryFollowOn(bytes32 parentId, bytes32 service) external;

    /// @notice Whether the follow-on of `parentId` under `service` failed to open and was not opened since.
    /// @param parentId The parent.
    /// @param service The follow-on service.
    /// @return True while a failure is recorded and not retried successfully.
    function followOnFailed(bytes32 parentId, bytes32 service) external view returns (bool);

    /// @notice The service catalogue the ledger reads its terms from (rules read it too).
    /// @return The catalogue (its proxy).
    function catalog() external view returns (IServiceCatalog);

    /// @notice Version `serviceVersion` of `service` was copied from the catalogue into the ledger's
    /// cache by `actor`: its applications' steps (and new records' department) are read from the ledger.
    event ServiceVersionCached(
        bytes32 indexed service, uint32 serviceVersion, bytes32 department, uint8 stepCount, address actor
    );

    /// @notice Copy a published service version's owner department and approval steps from the catalogue
    /// into the ledger, so that approving a step reads two slots of the ledger instead of calling the
    /// catalogue, and a new application of the version stores no department of its own. Anyone may call
    /// it: everything is copied from the catalogue, where a published version never changes.
    /// @dev Requirements: the version is published (the catalogue's {UnknownServiceVersion} otherwise).
    /// Idempotent: for a version cached already nothing changes and nothing is emitted. Works while
    /// paused (it records nothing of any application). Emits {ServiceVersionCached}.
    /// @param service The service code.
    /// @param serviceVersion The version, from 1.
    function cacheServiceVersion(bytes32 service, uint32 serviceVersion) external;

    /// @notice What the ledger holds of a service version ({cacheServiceVersion}).
    /// @param service The service code.
    /// @param serviceVersion The version.
    /// @return department The version's owner department; zero when the version is not cached.
    /// @return steps The version's approval steps, as in the catalogue; empty when not cached.
    function cachedServiceVersion(bytes32 service, uint32 serviceVersion)
        external
        view
        returns (bytes32 department, ApprovalStep[] memory steps);

    /// @notice An appeal (`appealId`, of the appeal registry) set the decision on the application aside and
    /// reopened it at step `stepIndex` (行政复议决定撤销, 责令重新作出): the step is open again, its clock and
    /// the promised deadline restart from now.
    event ApplicationReopened(
        bytes32 indexed applicationId, bytes32 indexed appealId, uint8 stepIndex, uint40 deadline, address actor
    );

    /// @notice The application has no approval step `stepIndex` (it has `stepCount`).
    error NoSuchStep(bytes32 applicationId, uint8 stepIndex, uint8 stepCount);

    /// @notice Reopen a decided application at step `stepIndex` after an appeal revoked its decision.
    /// @dev Requirements: not paused; the caller holds APPEAL_ROLE (the appeal registry); the application
    /// Rejected, Approved or Completed ({WrongStatus}, {UnknownApplication}); `stepIndex` below its step
    /// count ({NoSuchStep}). The status becomes InReview at that step; the step's clock, the overdue flag and
    /// the approval time are reset and the promised deadline restarts from now. On completing again, a
    /// follow-on opened by the first completion is not opened twice. Emits {ApplicationReopened}.
    /// @param applicationId The application.
    /// @param stepIndex The step to decide again from.
    /// @param appealId The appeal that revoked the decision.
    function reopen(bytes32 applicationId, uint8 stepIndex, bytes32 appealId) external;
}
