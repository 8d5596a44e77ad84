// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ApplicationStatus, OfficerRole, ZeroAddress} from "./common/Types.sol";
import {SuitePausable} from "./common/SuitePausable.sol";
import {IAppealRegistry} from "./interfaces/IAppealRegistry.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {ICertificateRegistry} from "./interfaces/ICertificateRegistry.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IServiceCatalog} from "./interfaces/IServiceCatalog.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title AppealRegistry
/// @notice 行政复议 of the ledger's decisions: appeals filed, accepted, extended, decided and withdrawn by the
/// officers of the reviewing body (复议机关) each service's appeal terms name. A revoked decision's completion
/// certificate is revoked (certificate_revocation reason {REVOKED_ON_APPEAL}) and the original may be reopened
/// at a named step; this registry holds the ledger's and the certificate registry's APPEAL_ROLE for that.
/// @dev The decision an appeal is against is the ledger's last change of the original while it is Rejected,
/// Approved or Completed (its `updatedAt`): the filing window runs `windowDays` natural days from it, to the
/// second. The terms in force at filing (review and extension periods) govern the appeal to its end.
contract AppealRegistry is IAppealRegistry, SuitePausable {
    /// @notice Role that sets the appeal terms of services (governance).
    bytes32 public constant APPEAL_ADMIN_ROLE = keccak256("APPEAL_ADMIN_ROLE");
    /// @notice The certificate_revocation reason code of a completion certificate whose decision was revoked
    /// on administrative reconsideration.
    uint16 public constant REVOKED_ON_APPEAL = 10;
    /// @inheritdoc IAppealRegistry
    uint8 public constant NO_REOPEN = type(uint8).max;

    /// @dev Domain tag of appeal ids (see {appealIdFor}): an appeal id is never an application id of the ledger.
    bytes32 private constant _APPEAL_ID_TAG = keccak256("zhangdian.AppealRegistry.appealId");
    /// @dev Decisions that may be appealed, bit `1 << status`: Approved 5, Rejected 6, Completed 7.
    uint256 private constant _APPEALABLE = (1 << 5) | (1 << 6) | (1 << 7);

    /// @inheritdoc IAppealRegistry
    IDepartmentRegistry public immutable departments;
    /// @inheritdoc IAppealRegistry
    IApplicationLedger public immutable ledger;
    /// @inheritdoc IAppealRegistry
    ICertificateRegistry public immutable certificates;
    /// @inheritdoc IAppealRegistry
    IServiceCatalog public immutable catalog;

    /// @dev An appeal as stored: the fields of {IAppealRegistry-Appeal} in its order, with the review and
    /// extension periods of the terms in force at filing in the free bytes of the packed slot.
    struct Record {
        bytes32 originalId;
        bytes32 reviewer;
        AppealStatus status;
        AppealOutcome outcome;
        bool extended;
        uint8 reopenedStep;
        uint16 reasonCode;
        uint40 filedAt;
        uint40 acceptedAt;
        uint40 deadline;
        uint40 decidedAt;
        uint16 reviewDays; // natural days from acceptance to the deadline
        uint16 extensionDays; // natural days the one extension adds
        bytes32 groundsHash;
        bytes32 decisionHash;
    }

    /// @custom:storage-location erc7201:zhangdian.storage.AppealRegistry
    struct AppealRegistryStorage {
        mapping(bytes32 appealId => Record) appeals;
        mapping(bytes32 originalId => bytes32[] appealIds) appealsOf;
        mapping(bytes32 service => AppealTerms) terms;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.AppealRegistry")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0xb2707fbdf54a5a0c02ebcb9311a192c697b9b96a8fa27879f6c9747685bbf000;

    /// @param departmentRegistry The department registry (its proxy).
    /// @param applicationLedger The application ledger (its proxy; this registry needs its APPEAL_ROLE).
    /// @param certificateRegistry The certificate registry (its proxy; this registry needs its APPEAL_ROLE).
    /// @param serviceCatalog The service catalogue (its proxy).
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(
        IDepartmentRegistry departmentRegistry,
        IApplicationLedger applicationLedger,
        ICertificateRegistry certificateRegistry,
        IServiceCatalog serviceCatalog
    ) {
        if (
            address(departmentRegistry) == address(0) || address(applicationLedger) == address(0)
                || address(certificateRegistry) == address(0) || address(serviceCatalog) == address(0)
        ) revert ZeroAddress();
        departments = departmentRegistry;
        ledger = applicationLedger;
        certificates = certificateRegistry;
        catalog = serviceCatalog;
        _disableInitializers();
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IAppealRegistry
    function setAppealTerms(bytes32 service, AppealTerms calldata terms) external onlyRole(APPEAL_ADMIN_ROLE) {
        if (
            terms.reviewer == bytes32(0) || !departments.isRegistered(terms.reviewer) || terms.windowDays == 0
                || terms.reviewDays == 0
        ) revert InvalidAppealTerms(service);
        _s().terms[service] = terms;
        emit AppealTermsSet(service, terms.reviewer, terms.windowDays, terms.reviewDays, terms.extensionDays);
    }

    /// @inheritdoc IAppealRegistry
    function file(bytes32 originalId, bytes32 groundsHash) external whenNotPaused returns (bytes32 appealId) {
        // Reverts with the ledger's UnknownApplication for an application that does not exist.
        IApplicationLedger.Application memory original = ledger.getApplication(originalId);
        if ((uint256(1) << uint8(original.status)) & _APPEALABLE == 0) {
            revert NotAppealable(originalId, original.status);
        }
        AppealTerms memory terms = appealTerms(original.service);
        if (terms.reviewer == bytes32(0)) revert NoAppealTerms(original.service);
        uint40 windowEnd = _windowEnd(original.updatedAt, terms.windowDays);
        if (block.timestamp > windowEnd) revert AppealWindowClosed(originalId, windowEnd);
        AppealRegistryStorage storage $ = _s();
        bytes32[] storage appeals = $.appealsOf[originalId];
        uint256 count = appeals.length;
        if (count != 0) {
            // At most one appeal is open at a time, so only the newest can be.
            bytes32 newest = appeals[count - 1];
            AppealStatus status = $.appeals[newest].status;
            if (status == AppealStatus.Filed || status == AppealStatus.Accepted) revert AppealPending(originalId, newest);
        }
        _checkOfficer(terms.reviewer, OfficerRole.Clerk);
        appealId = appealIdFor(originalId, count);
        if (groundsHash == bytes32(0)) revert MissingDocumentHash(appealId);
        Record storage appeal = $.appeals[appealId];
        appeal.originalId = originalId;
        appeal.reviewer = terms.reviewer;
        appeal.status = AppealStatus.Filed;
        appeal.filedAt = uint40(block.timestamp);
        appeal.reviewDays = terms.reviewDays;
        appeal.extensionDays = terms.extensionDays;
        appeal.groundsHash = groundsHash;
        appeals.push(appealId);
        emit AppealFiled(appealId, originalId, terms.reviewer, windowEnd, groundsHash, _msgSender());
    }

    /// @inheritdoc IAppealRegistry
    function accept(bytes32 appealId) external whenNotPaused {
        Record storage appeal = _appeal(appealId, AppealStatus.Filed, AppealStatus.Filed, OfficerRole.Clerk);
        uint40 deadline = uint40(block.timestamp + uint256(appeal.reviewDays) * 1 days);
        appeal.status = AppealStatus.Accepted;
        appeal.acceptedAt = uint40(block.timestamp);
        appeal.deadline = deadline;
        emit AppealAccepted(appealId, appeal.originalId, deadline, _msgSender());
    }

    /// @inheritdoc IAppealRegistry
    function extend(bytes32 appealId, uint16 reasonCode) external whenNotPaused {
        Record storage appeal = _appeal(appealId, AppealStatus.Accepted, AppealStatus.Accepted, OfficerRole.Approver);
        if (appeal.extended) revert AlreadyExtended(appealId);
        uint40 deadline = appeal.deadline;
        if (block.timestamp > deadline) revert AppealDeadlinePassed(appealId, deadline);
        if (reasonCode == 0) revert MissingAppealReason(appealId);
        deadline += uint40(uint256(appeal.extensionDays) * 1 days);
        appeal.extended = true;
        appeal.deadline = deadline;
        emit AppealExtended(appealId, appeal.originalId, deadline, reasonCode, _msgSender());
    }

    /// @inheritdoc IAppealRegistry
    /// @dev The revocation's reason code is {REVOKED_ON_APPEAL}; `reasonCode` is the appeal's own (kind
    /// appeal_outcome). Checks, effects (the appeal decided, {AppealDecided}), then the certificate
    /// registry's revocation (skipped for a certificate its issuer ended already) and the ledger's reopening.
    function decide(bytes32 appealId, AppealOutcome outcome, uint16 reasonCode, bytes32 decisionHash, uint8 reopenStep)
        external
        whenNotPaused
    {
        Record storage appeal = _appeal(appealId, AppealStatus.Accepted, AppealStatus.Accepted, OfficerRole.Approver);
        if (outcome == AppealOutcome.None || (reopenStep != NO_REOPEN && outcome != AppealOutcome.Revoked)) {
            revert InvalidOutcome(appealId, outcome);
        }
        if (reasonCode == 0) revert MissingAppealReason(appealId);
        if (decisionHash == bytes32(0)) revert MissingDocumentHash(appealId);
        bytes32 originalId = appeal.originalId;
        // Read before the effects: the completion certificate of a revoked completion, if it had one.
        (bytes32 issuer, bytes32 root) =
            outcome == AppealOutcome.Revoked ? _completionCertificate(originalId) : (bytes32(0), bytes32(0));
        // Below 255 (NO_REOPEN): plus one fits.
        uint8 reopened = reopenStep == NO_REOPEN ? 0 : reopenStep + 1;
        appeal.status = AppealStatus.Decided;
        appeal.outcome = outcome;
        appeal.reasonCode = reasonCode;
        appeal.reopenedStep = reopened;
        appeal.decidedAt = uint40(block.timestamp);
        appeal.decisionHash = decisionHash;
        emit AppealDecided(appealId, originalId, outcome, reasonCode, decisionHash, reopened, _msgSender());
        if (root != bytes32(0)) _revokeCertificate(originalId, issuer, root, appealId);
        if (reopened != 0) ledger.reopen(originalId, reopenStep, appealId);
    }

    /// @inheritdoc IAppealRegistry
    function withdraw(bytes32 appealId, uint16 reasonCode) external whenNotPaused {
        Record storage appeal = _appeal(appealId, AppealStatus.Filed, AppealStatus.Accepted, OfficerRole.Clerk);
        if (reasonCode == 0) revert MissingAppealReason(appealId);
        appeal.status = AppealStatus.Withdrawn;
        appeal.reasonCode = reasonCode;
        appeal.decidedAt = uint40(block.timestamp);
        emit AppealWithdrawn(appealId, appeal.originalId, reasonCode, _msgSender());
    }

    /// @inheritdoc IAppealRegistry
    function getAppeal(bytes32 appealId) external view returns (Appeal memory) {
        Record storage r = _s().appeals[appealId];
        return Appeal({
            originalId: r.originalId,
            reviewer: r.reviewer,
            status: r.status,
            outcome: r.outcome,
            extended: r.extended,
            reopenedStep: r.reopenedStep,
            reasonCode: r.reasonCode,
            filedAt: r.filedAt,
            acceptedAt: r.acceptedAt,
            deadline: r.deadline,
            decidedAt: r.decidedAt,
            groundsHash: r.groundsHash,
            decisionHash: r.decisionHash
        });
    }

    /// @inheritdoc IAppealRegistry
    function appealsOf(bytes32 originalId) external view returns (bytes32[] memory) {
        return _s().appealsOf[originalId];
    }

    /// @inheritdoc IAppealRegistry
    function appealWindowEnd(bytes32 originalId) external view returns (uint40) {
        if (!ledger.exists(originalId)) return 0;
        IApplicationLedger.Application memory original = ledger.getApplication(originalId);
        if ((uint256(1) << uint8(original.status)) & _APPEALABLE == 0) return 0;
        AppealTerms memory terms = appealTerms(original.service);
        if (terms.reviewer == bytes32(0)) return 0;
        return _windowEnd(original.updatedAt, terms.windowDays);
    }

    /// @inheritdoc IAppealRegistry
    function appealTerms(bytes32 service) public view returns (AppealTerms memory terms) {
        terms = _s().terms[service];
        if (terms.reviewer == bytes32(0)) terms = _s().terms[bytes32(0)];
    }

    /// @inheritdoc IAppealRegistry
    /// @dev keccak256(abi.encode(TAG, originalId, index)), TAG being keccak256("zhangdian.AppealRegistry.appealId").
    function appealIdFor(bytes32 originalId, uint256 index) public pure returns (bytes32) {
        return keccak256(abi.encode(_APPEAL_ID_TAG, originalId, index));
    }

    /// @dev The appeal, which must exist and be in status `first` or `second`, once the caller is checked as
    /// holding `role` in its reviewing body.
    function _appeal(bytes32 appealId, AppealStatus first, AppealStatus second, OfficerRole role)
        private
        view
        returns (Record storage appeal)
    {
        appeal = _s().appeals[appealId];
        AppealStatus status = appeal.status;
        if (status == AppealStatus.None) revert UnknownAppeal(appealId);
        if (status != first && status != second) revert WrongAppealStatus(appealId, status);
        _checkOfficer(appeal.reviewer, role);
    }

    /// @dev The issuer and root of the original's completion certificate, as the ledger's completion issued
    /// it (ApplicationLedger._complete); zeros unless the original is Completed under a version whose
    /// completion terms name a certificate type. A Completed record's `updatedAt` is its completion time.
    function _completionCertificate(bytes32 originalId) private view returns (bytes32 issuer, bytes32 root) {
        IApplicationLedger.Application memory original = ledger.getApplication(originalId);
        if (original.status != ApplicationStatus.Completed) return (bytes32(0), bytes32(0));
        IServiceCatalog.CompletionTerms memory terms = catalog.completionTerms(original.service, original.serviceVersion);
        if (terms.certificateType == bytes32(0)) return (bytes32(0), bytes32(0));
        bytes32 digest = keccak256(
            abi.encode(
                terms.certificateType,
                original.service,
                original.serviceVersion,
                original.applicantCommitment,
                original.updatedAt
            )
        );
        return (terms.certificateIssuer, keccak256(bytes.concat(keccak256(abi.encode(originalId, digest)))));
    }

    /// @dev Revokes the completion certificate on appeal, or the certificate that now stands in its place
    /// when it was replaced (the registry follows the replacement links). A certificate its issuer ended
    /// already, or a chain the registry cannot follow, stays as it is: the decision is recorded all the
    /// same. Any other failure (the registry paused, this registry without its APPEAL_ROLE) reverts the
    /// decision.
    function _revokeCertificate(bytes32 originalId, bytes32 issuer, bytes32 root, bytes32 appealId) private {
        try certificates.revokeForAppeal(originalId, issuer, root, REVOKED_ON_APPEAL, appealId) {}
        catch (bytes memory reason) {
            bytes4 selector = reason.length < 4 ? bytes4(0) : bytes4(reason);
            if (
                selector != ICertificateRegistry.CertificateAlreadyRevoked.selector
                    && selector != ICertificateRegistry.CertificateAlreadyReplaced.selector
            ) {
                assembly ("memory-safe") {
                    revert(add(reason, 32), mload(reason))
                }
            }
        }
    }

    function _checkOfficer(bytes32 reviewer, OfficerRole role) private view {
        if (!departments.canAct(reviewer, _msgSender(), role)) {
            revert NotReviewingOfficer(_msgSender(), reviewer, uint8(role));
        }
    }

    function _windowEnd(uint40 decidedAt, uint16 windowDays) private pure returns (uint40) {
        return uint40(uint256(decidedAt) + uint256(windowDays) * 1 days);
    }

    /// @dev The suite's set-up, then APPEAL_ADMIN_ROLE for the first admin.
    function _initializeSuite(address admin) internal virtual override onlyInitializing {
        super._initializeSuite(admin);
        _grantRole(APPEAL_ADMIN_ROLE, admin);
    }

    function _s() private pure returns (AppealRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
