// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ApplicationStatus} from "../common/Types.sol";
import {IApplicationLedger} from "./IApplicationLedger.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IDepartmentRegistry} from "./IDepartmentRegistry.sol";
import {IServiceCatalog} from "./IServiceCatalog.sol";
import {ISuitePausable} from "./ISuitePausable.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IAppealRegistry
/// @notice 行政复议: an appeal against a decision of the ledger (a rejection, or an approval or completion,
/// deemed or not) filed for the applicant by a clerk of the reviewing body (复议机关) the service's appeal
/// terms name, within the filing window (60 natural days from the decision, 行政复议法 Art. 20, unless the
/// terms say otherwise). An appeal is accepted (受理), may be extended once (延期, 30 days by default, with a
/// reason), and is decided by an approver of the reviewing body: upheld (维持), revoked (撤销: a completion
/// certificate of the original is revoked with the appeal as reason, and the original may be reopened at a
/// named step to be decided again), changed (变更) or confirmed unlawful (确认违法). Every change is an event
/// indexed by the appeal id and the original's id; the original names its appeals ({appealsOf}) and each
/// appeal its original, so the citizen finds the appeal with the original's receipt code.
interface IAppealRegistry is IVersioned, ISuitePausable {
    /// @notice Where an appeal stands.
    enum AppealStatus {
        None, // no appeal with this id
        Filed, // 已申请: filed, waiting for acceptance
        Accepted, // 已受理: under review, its deadline running
        Decided, // 已决定: the outcome is recorded
        Withdrawn // 已撤回: the applicant withdrew it before the decision
    }

    /// @notice The outcome of an appeal (行政复议决定, 行政复议法 Art. 63-68).
    enum AppealOutcome {
        None, // not decided
        Upheld, // 维持: the original decision stands
        Revoked, // 撤销: the original decision is set aside (and may be made again from a named step)
        Changed, // 变更: the reviewing body changed the decision itself
        ConfirmedUnlawful // 确认违法: the decision was unlawful but is not set aside
    }

    /// @notice An appeal as stored on chain.
    struct Appeal {
        bytes32 originalId; // the appealed application
        bytes32 reviewer; // the reviewing body (复议机关), a department code
        AppealStatus status; // where the appeal stands
        AppealOutcome outcome; // the outcome once decided
        bool extended; // the review deadline was extended (once at most)
        uint8 reopenedStep; // the step the original was reopened at, plus one; 0 if not reopened
        uint16 reasonCode; // the reason of the outcome (reason catalogue kind appeal_outcome), or of a withdrawal
        uint40 filedAt; // when it was filed
        uint40 acceptedAt; // when it was accepted, 0 before
        uint40 deadline; // the review deadline (set on acceptance, moved by an extension)
        uint40 decidedAt; // when it was decided or withdrawn, 0 before
        bytes32 groundsHash; // hash of the appeal's grounds (申请书), kept off chain
        bytes32 decisionHash; // hash of the decision document (复议决定书), kept off chain
    }

    /// @notice The appeal terms of a service (bytes32(0): the default for services without their own).
    struct AppealTerms {
        bytes32 reviewer; // the reviewing body's department code; zero = no terms set
        uint16 windowDays; // natural days from the decision within which an appeal may be filed
        uint16 reviewDays; // natural days from acceptance within which it must be decided
        uint16 extensionDays; // natural days one extension adds
    }

    /// @notice An appeal against `originalId` was filed with `reviewer`; the window it was filed in ended at `windowEnd`.
    event AppealFiled(
        bytes32 indexed appealId,
        bytes32 indexed originalId,
        bytes32 indexed reviewer,
        uint40 windowEnd,
        bytes32 groundsHash,
        address actor
    );
    /// @notice The appeal was accepted (受理); it must be decided by `deadline`.
    event AppealAccepted(bytes32 indexed appealId, bytes32 indexed originalId, uint40 deadline, address actor);
    /// @notice The review deadline was extended to `deadline` for reason `reasonCode` (kind appeal_extension).
    event AppealExtended(
        bytes32 indexed appealId, bytes32 indexed originalId, uint40 deadline, uint16 reasonCode, address actor
    );
    /// @notice The appeal was decided. `reopenedStep` is the step the original was reopened at plus one (0: not reopened).
    event AppealDecided(
        bytes32 indexed appealId,
        bytes32 indexed originalId,
        AppealOutcome outcome,
        uint16 reasonCode,
        bytes32 decisionHash,
        uint8 reopenedStep,
        address actor
    );
    /// @notice The applicant withdrew the appeal (reason kind withdrawal).
    event AppealWithdrawn(bytes32 indexed appealId, bytes32 indexed originalId, uint16 reasonCode, address actor);
    /// @notice The appeal terms of `service` (zero: the default) were set.
    event AppealTermsSet(
        bytes32 indexed service, bytes32 indexed reviewer, uint16 windowDays, uint16 reviewDays, uint16 extensionDays
    );

    /// @notice No appeal with this id exists.
    error UnknownAppeal(bytes32 appealId);
    /// @notice The appeal is not in a status that allows this action.
    error WrongAppealStatus(bytes32 appealId, AppealStatus status);
    /// @notice The original's status is not a decision that can be appealed (rejected, approved or completed).
    error NotAppealable(bytes32 originalId, ApplicationStatus status);
    /// @notice The filing window closed at `windowEnd` (a timestamp; the SDK shows it in Beijing time).
    error AppealWindowClosed(bytes32 originalId, uint40 windowEnd);
    /// @notice An appeal of the original is still open (filed or accepted).
    error AppealPending(bytes32 originalId, bytes32 appealId);
    /// @notice Neither the service nor the default has appeal terms: no reviewing body is named.
    error NoAppealTerms(bytes32 service);
    /// @notice Invalid terms: reviewer unknown or zero, or a zero window or review period.
    error InvalidAppealTerms(bytes32 service);
    /// @notice The caller does not hold `role` (an OfficerRole) in the reviewing body `reviewer`.
    error NotReviewingOfficer(address caller, bytes32 reviewer, uint8 role);
    /// @notice The appeal's deadline was extended before; it can be extended once.
    error AlreadyExtended(bytes32 appealId);
    /// @notice The appeal's deadline passed at `deadline`; it can no longer be extended.
    error AppealDeadlinePassed(bytes32 appealId, uint40 deadline);
    /// @notice The outcome is None, or a reopening was asked for an outcome other than Revoked.
    error InvalidOutcome(bytes32 appealId, AppealOutcome outcome);
    /// @notice A reason code is required and was zero.
    error MissingAppealReason(bytes32 appealId);
    /// @notice The grounds or decision document hash was zero.
    error MissingDocumentHash(bytes32 appealId);

    /// @notice The step value of {decide} that does not reopen the original.
    /// @return type(uint8).max.
    function NO_REOPEN() external view returns (uint8);

    /// @notice Set the appeal terms of `service` (bytes32(0): the default for every service without its own).
    /// @dev Requirements: caller holds APPEAL_ADMIN_ROLE; `reviewer` a registered department; `windowDays` and
    /// `reviewDays` non-zero ({InvalidAppealTerms}). Emits {AppealTermsSet}.
    /// @param service The service code, or zero for the default.
    /// @param terms The terms.
    function setAppealTerms(bytes32 service, AppealTerms calldata terms) external;

    /// @notice File an appeal against the decision on `originalId` for its applicant.
    /// @dev Requirements: not paused; the original exists (the ledger's UnknownApplication) and is Rejected,
    /// Approved or Completed ({NotAppealable}); within the window from its decision ({AppealWindowClosed});
    /// no open appeal of it ({AppealPending}); terms exist ({NoAppealTerms}); the caller a Clerk of the
    /// reviewing body ({NotReviewingOfficer}); `groundsHash` non-zero ({MissingDocumentHash}).
    /// Emits {AppealFiled}.
    /// @param originalId The appealed application.
    /// @param groundsHash Hash of the appeal's grounds (申请书), kept off chain.
    /// @return appealId The new appeal's id, {appealIdFor}(originalId, its number among the original's appeals).
    function file(bytes32 originalId, bytes32 groundsHash) external returns (bytes32 appealId);

    /// @notice Accept (受理) a filed appeal; its review deadline starts.
    /// @dev Requirements: not paused; the appeal Filed ({UnknownAppeal}, {WrongAppealStatus}); the caller a
    /// Clerk of its reviewing body. Emits {AppealAccepted}.
    /// @param appealId The appeal.
    function accept(bytes32 appealId) external;

    /// @notice Extend the review deadline once by the terms' extension days (延期审理), with a reason.
    /// @dev Requirements: not paused; the appeal Accepted; the caller an Approver of its reviewing body;
    /// not extended before ({AlreadyExtended}); its deadline not passed ({AppealDeadlinePassed});
    /// `reasonCode` non-zero ({MissingAppealReason}). Emits {AppealExtended}.
    /// @param appealId The appeal.
    /// @param reasonCode Why (reason catalogue kind appeal_extension).
    function extend(bytes32 appealId, uint16 reasonCode) external;

    /// @notice Decide an accepted appeal. A Revoked outcome revokes the original's completion certificate
    /// (if it completed with one) with `reasonCode` and the appeal as reason, and, unless `reopenStep` is
    /// {NO_REOPEN}, reopens the original at step `reopenStep` (the ledger's {IApplicationLedger-reopen}).
    /// @dev Requirements: not paused; the appeal Accepted; the caller an Approver of its reviewing body;
    /// `outcome` not None and `reopenStep` {NO_REOPEN} unless the outcome is Revoked ({InvalidOutcome});
    /// `reasonCode` non-zero; `decisionHash` non-zero. Emits {AppealDecided} (and the ledger's and the
    /// certificate registry's events for what follows).
    /// @param appealId The appeal.
    /// @param outcome The outcome.
    /// @param reasonCode The reason (reason catalogue kind appeal_outcome).
    /// @param decisionHash Hash of the decision document (复议决定书).
    /// @param reopenStep The step to reopen the original at, or {NO_REOPEN}.
    function decide(bytes32 appealId, AppealOutcome outcome, uint16 reasonCode, bytes32 decisionHash, uint8 reopenStep)
        external;

    /// @notice Withdraw an appeal before its decision, at the applicant's request (撤回复议申请).
    /// @dev Requirements: not paused; the appeal Filed or Accepted; the caller a Clerk of its reviewing body;
    /// `reasonCode` non-zero. Emits {AppealWithdrawn}.
    /// @param appealId The appeal.
    /// @param reasonCode Why (reason catalogue kind withdrawal).
    function withdraw(bytes32 appealId, uint16 reasonCode) external;

    /// @notice An appeal (all zero if none).
    /// @param appealId The appeal.
    /// @return The appeal.
    function getAppeal(bytes32 appealId) external view returns (Appeal memory);

    /// @notice The appeals of an application, oldest first.
    /// @param originalId The application.
    /// @return The appeal ids.
    function appealsOf(bytes32 originalId) external view returns (bytes32[] memory);

    /// @notice When the window to appeal the current decision on `originalId` ends (0 if it is not appealable now).
    /// @param originalId The application.
    /// @return The end of the filing window (a timestamp).
    function appealWindowEnd(bytes32 originalId) external view returns (uint40);

    /// @notice The terms that apply to `service`: its own, else the default (reviewer zero if neither).
    /// @param service The service code.
    /// @return The terms.
    function appealTerms(bytes32 service) external view returns (AppealTerms memory);

    /// @notice The id of the `index`-th appeal (from 0) of `originalId`.
    /// @param originalId The application.
    /// @param index Its number among the application's appeals.
    /// @return The appeal id.
    function appealIdFor(bytes32 originalId, uint256 index) external pure returns (bytes32);

    /// @notice The ledger whose decisions are appealed.
    /// @return The ledger (its proxy).
    function ledger() external view returns (IApplicationLedger);

    /// @notice The certificate registry a revoked completion certificate is revoked in.
    /// @return The registry (its proxy).
    function certificates() external view returns (ICertificateRegistry);

    /// @notice The department registry the reviewing body's officers are checked in.
    /// @return The registry (its proxy).
    function departments() external view returns (IDepartmentRegistry);

    /// @notice The catalogue the original's completion terms are read from.
    /// @return The catalogue (its proxy).
    function catalog() external view returns (IServiceCatalog);
}
