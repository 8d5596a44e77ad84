"""Exception classes of the contracts' custom errors, one per error of the shipped ABIs.

Procedurally generated from zhangdian_sdk/_data/contracts/*.json (names, signatures, argument
names) and zhangdian_sdk/_data/messages.json (categories; English messages as docstrings; the
messages shown are read from the catalogue at run time). DO NOT EDIT: change the contracts or
the catalogue, then run ``python -m zhangdian_sdk.core.errors_codegen``. Import the classes from
:mod:`zhangdian_sdk.core.errors`.
"""

from __future__ import annotations

from zhangdian_sdk.core._contract_error_base import (
    ContractError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    StateConflictError,
    register,
)

__all__ = [
    "AccessControlBadConfirmation",
    "AccessControlUnauthorizedAccount",
    "AddressEmptyCode",
    "AlreadyFlagged",
    "AlreadyRated",
    "ApplicationAlreadyExists",
    "ApplicationNotConcluded",
    "AttestationExpired",
    "AttestationNotNewer",
    "AttestationReplayed",
    "BatchAlreadyIssued",
    "BatchAlreadyReplaced",
    "BatchAlreadyRevoked",
    "CertificateAlreadyReplaced",
    "CertificateAlreadyRevoked",
    "CertificateAlreadySuspended",
    "CertificateNotSuspended",
    "CertificateStatusFinal",
    "CertificateStatusUnchanged",
    "CheckpointUnorderedInsertion",
    "ConsentMissing",
    "CreditCodeUnchanged",
    "DepartmentAlreadyRegistered",
    "DepartmentInactive",
    "DepartmentStatusUnchanged",
    "DuplicateFollowOnService",
    "DuplicateRule",
    "ECDSAInvalidSignature",
    "ECDSAInvalidSignatureLength",
    "ECDSAInvalidSignatureS",
    "ERC721IncorrectOwner",
    "ERC721InsufficientApproval",
    "ERC721InvalidApprover",
    "ERC721InvalidOperator",
    "ERC721InvalidOwner",
    "ERC721InvalidReceiver",
    "ERC721InvalidSender",
    "ERC721NonexistentToken",
    "ERC1967InvalidImplementation",
    "ERC1967NonPayable",
    "ERC1967ProxyUninitialized",
    "ERC5805FutureLookup",
    "ERC6372InconsistentClock",
    "EnforcedPause",
    "ExpectedPause",
    "FailedCall",
    "FollowOnAlreadyOpen",
    "FollowOnMaterialMissing",
    "FollowOnNotFailed",
    "GovernorAlreadyCastVote",
    "GovernorAlreadyQueuedProposal",
    "GovernorDisabledDeposit",
    "GovernorInsufficientProposerVotes",
    "GovernorInvalidProposalLength",
    "GovernorInvalidSignature",
    "GovernorInvalidVoteParams",
    "GovernorInvalidVoteType",
    "GovernorInvalidVotingPeriod",
    "GovernorNonexistentProposal",
    "GovernorOnlyExecutor",
    "GovernorProposalQueueingFailed",
    "GovernorProposalQueueingNotRequired",
    "GovernorRestrictedProposer",
    "GovernorUnableToCancel",
    "GovernorUnexpectedProposalState",
    "InsufficientGas",
    "InvalidAccountNonce",
    "InvalidApplicantCommitment",
    "InvalidApplicationNumber",
    "InvalidAttestation",
    "InvalidBasicCode",
    "InvalidBatch",
    "InvalidBatchSize",
    "InvalidCaseType",
    "InvalidCertificateTerms",
    "InvalidConsentPeriod",
    "InvalidCorrectedValue",
    "InvalidCreditCode",
    "InvalidDeadlinePolicy",
    "InvalidDepartmentCode",
    "InvalidDepartmentName",
    "InvalidField",
    "InvalidInitialization",
    "InvalidItemType",
    "InvalidMaterial",
    "InvalidMaterialType",
    "InvalidNationalCodeCharacter",
    "InvalidOfficerRole",
    "InvalidOwnerSignature",
    "InvalidProof",
    "InvalidPurpose",
    "InvalidQuorum",
    "InvalidRatingSignature",
    "InvalidRegion",
    "InvalidRegionCode",
    "InvalidReplacement",
    "InvalidRoleListener",
    "InvalidScore",
    "InvalidServiceCode",
    "InvalidServiceName",
    "InvalidShortString",
    "InvalidStepCount",
    "InvalidStepRole",
    "InvalidSupervisor",
    "InvalidTimeLimit",
    "InvalidTimeUnit",
    "InvalidUseKind",
    "InvalidWaitingPeriod",
    "InvalidYear",
    "InvalidYearDays",
    "ListTooLong",
    "MaterialAlreadyExists",
    "MaterialCountMismatch",
    "MaterialIsRevoked",
    "MaterialIsSuperseded",
    "MaterialNotValidNow",
    "MaterialTypeMismatch",
    "MissingApplicationId",
    "MissingCertificateType",
    "MissingCorrectionReason",
    "MissingProcedureCode",
    "MissingReasonCode",
    "MissingReceipt",
    "MissingReplacementReason",
    "MissingRevocationReason",
    "NationalCodeTooLong",
    "NoStatusIndices",
    "NonceAlreadyUsed",
    "NotAFeeClerk",
    "NotAStatusSigner",
    "NotATerminalState",
    "NotAnIssuer",
    "NotAuthorizedForDepartment",
    "NotDepartmentManager",
    "NotInitializing",
    "NotOverdue",
    "NotPeerKey",
    "NotTheDepartmentRegistry",
    "NotTheRecordsDepartment",
    "OfficerRoleAlreadyGranted",
    "OfficerRoleNotHeld",
    "OnlyLedger",
    "OwnableInvalidOwner",
    "OwnableUnauthorizedAccount",
    "PaymentAlreadyConfirmed",
    "PaymentNotConfirmed",
    "PeerAlreadyActive",
    "PeerKeyUnchanged",
    "PeerNotActive",
    "PeriodTooLong",
    "PrerequisiteNotCompleted",
    "PromisedExceedsLegal",
    "RequiredMaterialExpiresSoon",
    "RequiredMaterialInvalid",
    "RequiredMaterialMissing",
    "RestartBeforeStop",
    "RoleListenerUnchanged",
    "RuleFailed",
    "RuleNotAContract",
    "SafeCastOverflowedUintDowncast",
    "SeatNotTransferable",
    "ServiceAlreadyPublished",
    "ServiceInactive",
    "ServiceStatusUnchanged",
    "SignatureExpired",
    "StaleConsentEpoch",
    "StatusIndexMismatch",
    "StatusIndexNotIssued",
    "StatusSignerUnchanged",
    "StepMismatch",
    "StringTooLong",
    "TimeLimitTooLong",
    "TimelockInsufficientDelay",
    "TimelockInvalidOperationLength",
    "TimelockUnauthorizedCaller",
    "TimelockUnexecutedPredecessor",
    "TimelockUnexpectedOperationState",
    "TooManyStatusIssuers",
    "UUPSUnauthorizedCallContext",
    "UUPSUnsupportedProxiableUUID",
    "UnauthorizedOfficer",
    "UnknownApplication",
    "UnknownBatch",
    "UnknownCertificate",
    "UnknownDepartment",
    "UnknownFollowOnService",
    "UnknownMaterial",
    "UnknownPeer",
    "UnknownService",
    "UnknownServiceVersion",
    "VotesExpiredSignature",
    "WaitingPeriodNotOver",
    "WrongStatus",
    "ZeroAddress",
]


class AccessControlBadConfirmation(InvalidArgumentError):
    """An account can only renounce its own roles.

    ``AccessControlBadConfirmation()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry,
    DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings, Timelock, WorkingCalendar.
    """

    signature = ()
    argument_names = ()


class AccessControlUnauthorizedAccount(PermissionDeniedError):
    """{account} lacks the platform role {neededRole}.

    ``AccessControlUnauthorizedAccount(address account, bytes32 neededRole)`` in the ABI of ApplicationLedger,
    CertificateRegistry, CorrectionRegistry, DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog,
    ServiceRatings, Timelock, WorkingCalendar.
    """

    signature = ("address", "bytes32")
    argument_names = ("account", "neededRole")


class AddressEmptyCode(InvalidArgumentError):
    """There is no contract at {target}.

    ``AddressEmptyCode(address target)`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry,
    DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings, SuiteProxy, WorkingCalendar.
    """

    signature = ("address",)
    argument_names = ("target",)


class AlreadyFlagged(StateConflictError):
    """Step {stepIndex} of application {applicationId} was flagged overdue already.

    ``AlreadyFlagged(bytes32 applicationId, uint8 stepIndex)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "uint8")
    argument_names = ("applicationId", "stepIndex")


class AlreadyRated(StateConflictError):
    """Application {applicationId} was rated already (score {score}); an application is rated once.

    ``AlreadyRated(bytes32 applicationId, uint8 score)`` in the ABI of ServiceRatings.
    """

    signature = ("bytes32", "uint8")
    argument_names = ("applicationId", "score")


class ApplicationAlreadyExists(StateConflictError):
    """Application {applicationId} already exists.

    ``ApplicationAlreadyExists(bytes32 applicationId)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class ApplicationNotConcluded(StateConflictError):
    """Application {applicationId} is not concluded yet (status {status}); it can be rated once completed or
    rejected.

    ``ApplicationNotConcluded(bytes32 applicationId, uint8 status)`` in the ABI of ServiceRatings.
    """

    signature = ("bytes32", "uint8")
    argument_names = ("applicationId", "status")


class AttestationExpired(StateConflictError):
    """The attestation expired at {validUntil}.

    ``AttestationExpired(uint40 validUntil)`` in the ABI of RegionFederation.
    """

    signature = ("uint40",)
    argument_names = ("validUntil",)


class AttestationNotNewer(StateConflictError):
    """Region {regionCode}'s recognition of {subject} in force is as new or newer (issued at {currentIssuedAt},
    nonce {currentNonce}).

    ``AttestationNotNewer(bytes32 subject, uint32 regionCode, uint40 currentIssuedAt, uint256 currentNonce)`` in the ABI
    of RegionFederation.
    """

    signature = ("bytes32", "uint32", "uint40", "uint256")
    argument_names = ("subject", "regionCode", "currentIssuedAt", "currentNonce")


class AttestationReplayed(StateConflictError):
    """Attestation {nonce} of region {regionCode} was imported already (replay).

    ``AttestationReplayed(uint32 regionCode, uint256 nonce)`` in the ABI of RegionFederation.
    """

    signature = ("uint32", "uint256")
    argument_names = ("regionCode", "nonce")


class BatchAlreadyIssued(StateConflictError):
    """{issuer} already issued batch {root}.

    ``BatchAlreadyIssued(bytes32 root, bytes32 issuer)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("root", "issuer")


class BatchAlreadyReplaced(StateConflictError):
    """Batch {root} was already replaced.

    ``BatchAlreadyReplaced(bytes32 root, bytes32 issuer)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("root", "issuer")


class BatchAlreadyRevoked(StateConflictError):
    """Batch {root} is already revoked.

    ``BatchAlreadyRevoked(bytes32 root, bytes32 issuer)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("root", "issuer")


class CertificateAlreadyReplaced(StateConflictError):
    """Certificate {leaf} was already replaced (or its batch was): it cannot change any more.

    ``CertificateAlreadyReplaced(bytes32 leaf)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("leaf",)


class CertificateAlreadyRevoked(StateConflictError):
    """Certificate {leaf} was already revoked, cancelled or withdrawn (for a suspension or reinstatement: or its
    batch revoked): it cannot change any more.

    ``CertificateAlreadyRevoked(bytes32 leaf)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("leaf",)


class CertificateAlreadySuspended(StateConflictError):
    """Certificate {leaf} is already suspended.

    ``CertificateAlreadySuspended(bytes32 leaf)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("leaf",)


class CertificateNotSuspended(StateConflictError):
    """Certificate {leaf} is not suspended: there is nothing to reinstate.

    ``CertificateNotSuspended(bytes32 leaf)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("leaf",)


class CertificateStatusFinal(StateConflictError):
    """The certificate with status index {statusIndex} of department {issuer} has ended (state {state}) and cannot
    change.

    ``CertificateStatusFinal(bytes32 issuer, uint64 statusIndex, uint8 state)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "uint64", "uint8")
    argument_names = ("issuer", "statusIndex", "state")


class CertificateStatusUnchanged(StateConflictError):
    """The certificate with status index {statusIndex} of department {issuer} is in state {state} already (only a
    suspended certificate can be reinstated).

    ``CertificateStatusUnchanged(bytes32 issuer, uint64 statusIndex, uint8 state)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "uint64", "uint8")
    argument_names = ("issuer", "statusIndex", "state")


class CheckpointUnorderedInsertion(StateConflictError):
    """A voting checkpoint can only be added after the latest one.

    ``CheckpointUnorderedInsertion()`` in the ABI of CouncilSeats.
    """

    signature = ()
    argument_names = ()


class ConsentMissing(PermissionDeniedError):
    """Department {department} has no consent in force to use material {materialId} for {purpose}.

    ``ConsentMissing(bytes32 materialId, bytes32 department, bytes32 purpose)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32", "bytes32", "bytes32")
    argument_names = ("materialId", "department", "purpose")


class CreditCodeUnchanged(StateConflictError):
    """Department {department} already has the credit code {creditCode}.

    ``CreditCodeUnchanged(bytes32 department, bytes18 creditCode)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes32", "bytes18")
    argument_names = ("department", "creditCode")


class DepartmentAlreadyRegistered(StateConflictError):
    """Department {department} is already registered.

    ``DepartmentAlreadyRegistered(bytes32 department)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("department",)


class DepartmentInactive(StateConflictError):
    """Department {department} is deactivated.

    ``DepartmentInactive(bytes32 department)`` in the ABI of ApplicationLedger, DepartmentRegistry, MaterialRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("department",)


class DepartmentStatusUnchanged(StateConflictError):
    """Department {department} already has active={active}.

    ``DepartmentStatusUnchanged(bytes32 department, bool active)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes32", "bool")
    argument_names = ("department", "active")


class DuplicateFollowOnService(InvalidArgumentError):
    """Follow-on service {service} is named twice.

    ``DuplicateFollowOnService(bytes32 service)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("service",)


class DuplicateRule(InvalidArgumentError):
    """Rule {rule} is listed twice.

    ``DuplicateRule(address rule)`` in the ABI of ServiceCatalog.
    """

    signature = ("address",)
    argument_names = ("rule",)


class ECDSAInvalidSignature(PermissionDeniedError):
    """The signature is invalid.

    ``ECDSAInvalidSignature()`` in the ABI of CouncilSeats.
    """

    signature = ()
    argument_names = ()


class ECDSAInvalidSignatureLength(PermissionDeniedError):
    """A signature of {length} bytes is invalid (65 bytes expected).

    ``ECDSAInvalidSignatureLength(uint256 length)`` in the ABI of CouncilSeats.
    """

    signature = ("uint256",)
    argument_names = ("length",)


class ECDSAInvalidSignatureS(PermissionDeniedError):
    """The S value {s} of the signature is out of range (a malleable signature).

    ``ECDSAInvalidSignatureS(bytes32 s)`` in the ABI of CouncilSeats.
    """

    signature = ("bytes32",)
    argument_names = ("s",)


class ERC721IncorrectOwner(PermissionDeniedError):
    """Token {tokenId} belongs to {owner}, not to {sender}.

    ``ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)`` in the ABI of CouncilSeats.
    """

    signature = ("address", "uint256", "address")
    argument_names = ("sender", "tokenId", "owner")


class ERC721InsufficientApproval(PermissionDeniedError):
    """{operator} is not approved to move token {tokenId}.

    ``ERC721InsufficientApproval(address operator, uint256 tokenId)`` in the ABI of CouncilSeats.
    """

    signature = ("address", "uint256")
    argument_names = ("operator", "tokenId")


class ERC721InvalidApprover(InvalidArgumentError):
    """{approver} cannot give an approval.

    ``ERC721InvalidApprover(address approver)`` in the ABI of CouncilSeats.
    """

    signature = ("address",)
    argument_names = ("approver",)


class ERC721InvalidOperator(InvalidArgumentError):
    """{operator} cannot be an operator.

    ``ERC721InvalidOperator(address operator)`` in the ABI of CouncilSeats.
    """

    signature = ("address",)
    argument_names = ("operator",)


class ERC721InvalidOwner(InvalidArgumentError):
    """{owner} cannot own a token.

    ``ERC721InvalidOwner(address owner)`` in the ABI of CouncilSeats.
    """

    signature = ("address",)
    argument_names = ("owner",)


class ERC721InvalidReceiver(InvalidArgumentError):
    """{receiver} cannot receive a token.

    ``ERC721InvalidReceiver(address receiver)`` in the ABI of CouncilSeats.
    """

    signature = ("address",)
    argument_names = ("receiver",)


class ERC721InvalidSender(InvalidArgumentError):
    """{sender} cannot send a token.

    ``ERC721InvalidSender(address sender)`` in the ABI of CouncilSeats.
    """

    signature = ("address",)
    argument_names = ("sender",)


class ERC721NonexistentToken(NotFoundError):
    """Token {tokenId} does not exist.

    ``ERC721NonexistentToken(uint256 tokenId)`` in the ABI of CouncilSeats.
    """

    signature = ("uint256",)
    argument_names = ("tokenId",)


class ERC1967InvalidImplementation(InvalidArgumentError):
    """{implementation} is not an upgradeable (UUPS) implementation.

    ``ERC1967InvalidImplementation(address implementation)`` in the ABI of ApplicationLedger, CertificateRegistry,
    CorrectionRegistry, DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings,
    SuiteProxy, WorkingCalendar.
    """

    signature = ("address",)
    argument_names = ("implementation",)


class ERC1967NonPayable(InvalidArgumentError):
    """The upgrade call does not accept value.

    ``ERC1967NonPayable()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry,
    DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings, SuiteProxy, WorkingCalendar.
    """

    signature = ()
    argument_names = ()


class ERC1967ProxyUninitialized(InvalidArgumentError):
    """A proxy must be deployed with an initialisation call.

    ``ERC1967ProxyUninitialized()`` in the ABI of SuiteProxy.
    """

    signature = ()
    argument_names = ()


class ERC5805FutureLookup(StateConflictError):
    """Voting power cannot be read at future time point {timepoint} (the clock is at {clock}).

    ``ERC5805FutureLookup(uint256 timepoint, uint48 clock)`` in the ABI of CouncilSeats.
    """

    signature = ("uint256", "uint48")
    argument_names = ("timepoint", "clock")


class ERC6372InconsistentClock(StateConflictError):
    """The voting token's clock does not match the council's clock.

    ``ERC6372InconsistentClock()`` in the ABI of Council, CouncilSeats.
    """

    signature = ()
    argument_names = ()


class EnforcedPause(StateConflictError):
    """The platform is paused: no changes are possible now.

    ``EnforcedPause()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry, MaterialRegistry,
    RegionFederation, ServiceRatings.
    """

    signature = ()
    argument_names = ()


class ExpectedPause(StateConflictError):
    """The platform is not paused.

    ``ExpectedPause()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry, MaterialRegistry,
    RegionFederation, ServiceRatings.
    """

    signature = ()
    argument_names = ()


class FailedCall(StateConflictError):
    """A call to another contract failed.

    ``FailedCall()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry, Council,
    DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings, SuiteProxy, Timelock,
    WorkingCalendar.
    """

    signature = ()
    argument_names = ()


class FollowOnAlreadyOpen(StateConflictError):
    """Follow-on {service} of application {parentId} is open already as {childId}.

    ``FollowOnAlreadyOpen(bytes32 parentId, bytes32 service, bytes32 childId)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "bytes32", "bytes32")
    argument_names = ("parentId", "service", "childId")


class FollowOnMaterialMissing(StateConflictError):
    """Follow-on service {service} needs a {materialType} material the parent did not carry.

    ``FollowOnMaterialMissing(bytes32 service, bytes32 materialType)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("service", "materialType")


class FollowOnNotFailed(StateConflictError):
    """No failure of follow-on {service} is recorded for application {parentId}: nothing to retry.

    ``FollowOnNotFailed(bytes32 parentId, bytes32 service)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("parentId", "service")


class GovernorAlreadyCastVote(StateConflictError):
    """{voter} has already voted.

    ``GovernorAlreadyCastVote(address voter)`` in the ABI of Council.
    """

    signature = ("address",)
    argument_names = ("voter",)


class GovernorAlreadyQueuedProposal(StateConflictError):
    """Proposal {proposalId} is already queued.

    ``GovernorAlreadyQueuedProposal(uint256 proposalId)`` in the ABI of Council.
    """

    signature = ("uint256",)
    argument_names = ("proposalId",)


class GovernorDisabledDeposit(InvalidArgumentError):
    """The council does not accept deposits.

    ``GovernorDisabledDeposit()`` in the ABI of Council.
    """

    signature = ()
    argument_names = ()


class GovernorInsufficientProposerVotes(PermissionDeniedError):
    """{proposer} has {votes} votes, fewer than the proposal threshold of {threshold}.

    ``GovernorInsufficientProposerVotes(address proposer, uint256 votes, uint256 threshold)`` in the ABI of Council.
    """

    signature = ("address", "uint256", "uint256")
    argument_names = ("proposer", "votes", "threshold")


class GovernorInvalidProposalLength(InvalidArgumentError):
    """A proposal's targets ({targets}), calldatas ({calldatas}) and values ({values}) differ in number.

    ``GovernorInvalidProposalLength(uint256 targets, uint256 calldatas, uint256 values)`` in the ABI of Council.
    """

    signature = ("uint256", "uint256", "uint256")
    argument_names = ("targets", "calldatas", "values")


class GovernorInvalidSignature(PermissionDeniedError):
    """The vote signature of {voter} is invalid.

    ``GovernorInvalidSignature(address voter)`` in the ABI of Council.
    """

    signature = ("address",)
    argument_names = ("voter",)


class GovernorInvalidVoteParams(InvalidArgumentError):
    """The vote parameters are invalid.

    ``GovernorInvalidVoteParams()`` in the ABI of Council.
    """

    signature = ()
    argument_names = ()


class GovernorInvalidVoteType(InvalidArgumentError):
    """The vote type is invalid (against, for or abstain expected).

    ``GovernorInvalidVoteType()`` in the ABI of Council.
    """

    signature = ()
    argument_names = ()


class GovernorInvalidVotingPeriod(InvalidArgumentError):
    """A voting period of {votingPeriod} is invalid; it must be more than zero.

    ``GovernorInvalidVotingPeriod(uint256 votingPeriod)`` in the ABI of Council.
    """

    signature = ("uint256",)
    argument_names = ("votingPeriod",)


class GovernorNonexistentProposal(NotFoundError):
    """Proposal {proposalId} does not exist.

    ``GovernorNonexistentProposal(uint256 proposalId)`` in the ABI of Council.
    """

    signature = ("uint256",)
    argument_names = ("proposalId",)


class GovernorOnlyExecutor(PermissionDeniedError):
    """{account} is not the executor (the timelock).

    ``GovernorOnlyExecutor(address account)`` in the ABI of Council.
    """

    signature = ("address",)
    argument_names = ("account",)


class GovernorProposalQueueingFailed(StateConflictError):
    """Proposal {proposalId} could not be queued.

    ``GovernorProposalQueueingFailed(uint256 proposalId)`` in the ABI of Council.
    """

    signature = ("uint256",)
    argument_names = ("proposalId",)


class GovernorProposalQueueingNotRequired(StateConflictError):
    """Proposal {proposalId} needs no queueing; execute it directly.

    ``GovernorProposalQueueingNotRequired(uint256 proposalId)`` in the ABI of Council.
    """

    signature = ("uint256",)
    argument_names = ("proposalId",)


class GovernorRestrictedProposer(PermissionDeniedError):
    """{proposer} may not make this proposal.

    ``GovernorRestrictedProposer(address proposer)`` in the ABI of Council.
    """

    signature = ("address",)
    argument_names = ("proposer",)


class GovernorUnableToCancel(StateConflictError):
    """{account} cannot cancel proposal {proposalId}.

    ``GovernorUnableToCancel(uint256 proposalId, address account)`` in the ABI of Council.
    """

    signature = ("uint256", "address")
    argument_names = ("proposalId", "account")


class GovernorUnexpectedProposalState(StateConflictError):
    """Proposal is {current}, needs {expectedStates} (proposal {proposalId}).

    ``GovernorUnexpectedProposalState(uint256 proposalId, uint8 current, bytes32 expectedStates)`` in the ABI of
    Council.
    """

    signature = ("uint256", "uint8", "bytes32")
    argument_names = ("proposalId", "current", "expectedStates")


class InsufficientGas(StateConflictError):
    """The gas limit leaves less than {required} for a rule or a follow-on; send with more gas.

    ``InsufficientGas(uint256 required)`` in the ABI of ApplicationLedger.
    """

    signature = ("uint256",)
    argument_names = ("required",)


class InvalidAccountNonce(StateConflictError):
    """The nonce of {account} does not match; its current nonce is {currentNonce}.

    ``InvalidAccountNonce(address account, uint256 currentNonce)`` in the ABI of Council, CouncilSeats.
    """

    signature = ("address", "uint256")
    argument_names = ("account", "currentNonce")


class InvalidApplicantCommitment(InvalidArgumentError):
    """Application {applicationId} has an empty applicant commitment.

    ``InvalidApplicantCommitment(bytes32 applicationId)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class InvalidApplicationNumber(InvalidArgumentError):
    """Invalid application number {number}: use 1-50 ASCII letters, digits or '-'.

    ``InvalidApplicationNumber(string number)`` in the ABI of ApplicationLedger.
    """

    signature = ("string",)
    argument_names = ("number",)


class InvalidAttestation(InvalidArgumentError):
    """Invalid attestation (kind {kind}, subject {subject}).

    ``InvalidAttestation(uint8 kind, bytes32 subject)`` in the ABI of RegionFederation.
    """

    signature = ("uint8", "bytes32")
    argument_names = ("kind", "subject")


class InvalidBasicCode(InvalidArgumentError):
    """A national basic code is empty or exactly 12 characters, not {length}.

    ``InvalidBasicCode(uint256 length)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256",)
    argument_names = ("length",)


class InvalidBatch(InvalidArgumentError):
    """Invalid batch: root {root}, count {count}.

    ``InvalidBatch(bytes32 root, uint32 count)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "uint32")
    argument_names = ("root", "count")


class InvalidBatchSize(InvalidArgumentError):
    """A batch of {size} entries is invalid (1-{max}).

    ``InvalidBatchSize(uint256 size, uint256 max)`` in the ABI of ApplicationLedger.
    """

    signature = ("uint256", "uint256")
    argument_names = ("size", "max")


class InvalidCaseType(InvalidArgumentError):
    """Case type {caseType} is not known (0 not recorded, 1 immediate, 2 promised).

    ``InvalidCaseType(uint256 caseType)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256",)
    argument_names = ("caseType",)


class InvalidCertificateTerms(InvalidArgumentError):
    """Certificate type {certificateType} and issuer {certificateIssuer} go together (issuer registered).

    ``InvalidCertificateTerms(bytes32 certificateType, bytes32 certificateIssuer)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("certificateType", "certificateIssuer")


class InvalidConsentPeriod(InvalidArgumentError):
    """The consent would end at {validUntil}, which has passed.

    ``InvalidConsentPeriod(uint40 validUntil)`` in the ABI of MaterialRegistry.
    """

    signature = ("uint40",)
    argument_names = ("validUntil",)


class InvalidCorrectedValue(InvalidArgumentError):
    """The corrected value {correctedValue} of field {field} is invalid: it must be non-zero, and a reason code
    between 1 and 65535.

    ``InvalidCorrectedValue(bytes32 field, bytes32 correctedValue)`` in the ABI of CorrectionRegistry.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("field", "correctedValue")


class InvalidCreditCode(InvalidArgumentError):
    """Unified social credit code {creditCode} is invalid: a forbidden character (I, O, Z, S, V are not used) or a
    wrong check character.

    ``InvalidCreditCode(bytes18 creditCode)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes18",)
    argument_names = ("creditCode",)


class InvalidDeadlinePolicy(InvalidArgumentError):
    """Deadline policy {policy} is invalid (0 flag only, 1 escalate, 2 deemed approval).

    ``InvalidDeadlinePolicy(uint256 policy)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256",)
    argument_names = ("policy",)


class InvalidDepartmentCode(InvalidArgumentError):
    """Department code {department} is invalid.

    ``InvalidDepartmentCode(bytes32 department)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("department",)


class InvalidDepartmentName(InvalidArgumentError):
    """Department name of {length} bytes is invalid (1-{maxLength}).

    ``InvalidDepartmentName(uint256 length, uint256 maxLength)`` in the ABI of DepartmentRegistry.
    """

    signature = ("uint256", "uint256")
    argument_names = ("length", "maxLength")


class InvalidField(InvalidArgumentError):
    """The corrected field {field} is not a valid code (1 to 32 printable ASCII characters, left-aligned).

    ``InvalidField(bytes32 field)`` in the ABI of CorrectionRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("field",)


class InvalidInitialization(StateConflictError):
    """The contract is initialized already and cannot be initialized again.

    ``InvalidInitialization()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry,
    DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings, WorkingCalendar.
    """

    signature = ()
    argument_names = ()


class InvalidItemType(InvalidArgumentError):
    """Item type {itemType} is not known (0 not recorded, 1 administrative licensing, 20 public service).

    ``InvalidItemType(uint256 itemType)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256",)
    argument_names = ("itemType",)


class InvalidMaterial(InvalidArgumentError):
    """Material {materialId}: field {field} is empty or invalid.

    ``InvalidMaterial(bytes32 materialId, string field)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32", "string")
    argument_names = ("materialId", "field")


class InvalidMaterialType(InvalidArgumentError):
    """Required material type {index} is zero, which no material can have.

    ``InvalidMaterialType(uint256 index)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256",)
    argument_names = ("index",)


class InvalidNationalCodeCharacter(InvalidArgumentError):
    """Character {index} (from 0) of the national service code {code} is not a digit or an upper-case letter.

    ``InvalidNationalCodeCharacter(string code, uint256 index)`` in the ABI of ServiceCatalog.
    """

    signature = ("string", "uint256")
    argument_names = ("code", "index")


class InvalidOfficerRole(InvalidArgumentError):
    """Role {role} cannot be granted.

    ``InvalidOfficerRole(uint8 role)`` in the ABI of DepartmentRegistry.
    """

    signature = ("uint8",)
    argument_names = ("role",)


class InvalidOwnerSignature(PermissionDeniedError):
    """The signature is not from {signer}, the owner key of material {materialId}.

    ``InvalidOwnerSignature(bytes32 materialId, address signer)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32", "address")
    argument_names = ("materialId", "signer")


class InvalidProof(InvalidArgumentError):
    """The proof does not place {leaf} under root {root}.

    ``InvalidProof(bytes32 leaf, bytes32 root)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("leaf", "root")


class InvalidPurpose(InvalidArgumentError):
    """Invalid consent purpose (kind {purposeKind}, purpose {purpose}): the kind must be 1 (service) or 2
    (application) and the purpose non-zero.

    ``InvalidPurpose(uint8 purposeKind, bytes32 purpose)`` in the ABI of MaterialRegistry.
    """

    signature = ("uint8", "bytes32")
    argument_names = ("purposeKind", "purpose")


class InvalidQuorum(InvalidArgumentError):
    """A quorum of {quorum} is invalid; it must be at least one vote.

    ``InvalidQuorum(uint256 quorum)`` in the ABI of Council.
    """

    signature = ("uint256",)
    argument_names = ("quorum",)


class InvalidRatingSignature(PermissionDeniedError):
    """The rating of application {applicationId} was not signed with its applicant's receipt code.

    ``InvalidRatingSignature(bytes32 applicationId)`` in the ABI of ServiceRatings.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class InvalidRegion(InvalidArgumentError):
    """Region {regionCode} is not a six-digit code or is this region.

    ``InvalidRegion(uint32 regionCode)`` in the ABI of RegionFederation.
    """

    signature = ("uint32",)
    argument_names = ("regionCode",)


class InvalidRegionCode(InvalidArgumentError):
    """Region code {regionCode} is not a six-digit county-level division code (not ending in 00).

    ``InvalidRegionCode(uint32 regionCode)`` in the ABI of DepartmentRegistry.
    """

    signature = ("uint32",)
    argument_names = ("regionCode",)


class InvalidReplacement(InvalidArgumentError):
    """The replacement {leaf} is not valid: it must not be the certificate itself, and must be an issued certificate
    that is valid (not ended, replaced or suspended) and replaces nothing else.

    ``InvalidReplacement(bytes32 leaf)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("leaf",)


class InvalidRoleListener(InvalidArgumentError):
    """{listener} does not declare the IOfficerRoleListener interface (ERC-165) and cannot be the role listener.

    ``InvalidRoleListener(address listener)`` in the ABI of DepartmentRegistry.
    """

    signature = ("address",)
    argument_names = ("listener",)


class InvalidScore(InvalidArgumentError):
    """Score {score} is invalid; it must be 1 (very satisfied) to 5 (very dissatisfied).

    ``InvalidScore(uint8 score)`` in the ABI of ServiceRatings.
    """

    signature = ("uint8",)
    argument_names = ("score",)


class InvalidServiceCode(InvalidArgumentError):
    """Service code {service} is invalid.

    ``InvalidServiceCode(bytes32 service)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("service",)


class InvalidServiceName(InvalidArgumentError):
    """Service name of {length} bytes is invalid (1-{maxLength}).

    ``InvalidServiceName(uint256 length, uint256 maxLength)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256", "uint256")
    argument_names = ("length", "maxLength")


class InvalidShortString(InvalidArgumentError):
    """A short string given at deployment is malformed.

    ``InvalidShortString()`` in the ABI of Council, CouncilSeats.
    """

    signature = ()
    argument_names = ()


class InvalidStepCount(InvalidArgumentError):
    """{count} approval steps is invalid (1-{max}).

    ``InvalidStepCount(uint256 count, uint256 max)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256", "uint256")
    argument_names = ("count", "max")


class InvalidStepRole(InvalidArgumentError):
    """Step {index} names a role that cannot act on a step.

    ``InvalidStepRole(uint256 index)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256",)
    argument_names = ("index",)


class InvalidSupervisor(InvalidArgumentError):
    """Supervisor {supervisor} is invalid: escalation, and only escalation, needs a registered supervising
    department.

    ``InvalidSupervisor(bytes32 supervisor)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("supervisor",)


class InvalidTimeLimit(InvalidArgumentError):
    """The legal and the promised time limit must each be more than zero.

    ``InvalidTimeLimit()`` in the ABI of ServiceCatalog.
    """

    signature = ()
    argument_names = ()


class InvalidTimeUnit(InvalidArgumentError):
    """Time unit {unit} is invalid (0 working days, 1 natural days, 2 hours).

    ``InvalidTimeUnit(uint256 unit)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256",)
    argument_names = ("unit",)


class InvalidUseKind(InvalidArgumentError):
    """Use kind {useKind} is not valid.

    ``InvalidUseKind(uint8 useKind)`` in the ABI of MaterialRegistry.
    """

    signature = ("uint8",)
    argument_names = ("useKind",)


class InvalidWaitingPeriod(InvalidArgumentError):
    """A waiting period must be longer than zero seconds.

    ``InvalidWaitingPeriod()`` in the ABI of WaitingPeriodRule.
    """

    signature = ()
    argument_names = ()


class InvalidYear(InvalidArgumentError):
    """Year {year} is outside the years the working calendar can set.

    ``InvalidYear(uint256 year)`` in the ABI of WorkingCalendar.
    """

    signature = ("uint256",)
    argument_names = ("year",)


class InvalidYearDays(InvalidArgumentError):
    """The working-day bitmap of {year} is invalid ({workingDays} working days, or days past the year's end marked).

    ``InvalidYearDays(uint256 year, uint256 workingDays)`` in the ABI of WorkingCalendar.
    """

    signature = ("uint256", "uint256")
    argument_names = ("year", "workingDays")


class ListTooLong(InvalidArgumentError):
    """List too long: {count} entries, at most {max}.

    ``ListTooLong(uint256 count, uint256 max)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256", "uint256")
    argument_names = ("count", "max")


class MaterialAlreadyExists(StateConflictError):
    """Material {materialId} is already registered.

    ``MaterialAlreadyExists(bytes32 materialId)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("materialId",)


class MaterialCountMismatch(InvalidArgumentError):
    """Application {applicationId} carries {given} materials; the service requires {required}.

    ``MaterialCountMismatch(bytes32 applicationId, uint256 given, uint256 required)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "uint256", "uint256")
    argument_names = ("applicationId", "given", "required")


class MaterialIsRevoked(StateConflictError):
    """Material {materialId} has been revoked.

    ``MaterialIsRevoked(bytes32 materialId)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("materialId",)


class MaterialIsSuperseded(StateConflictError):
    """Material {materialId} was replaced by {newMaterialId}.

    ``MaterialIsSuperseded(bytes32 materialId, bytes32 newMaterialId)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("materialId", "newMaterialId")


class MaterialNotValidNow(StateConflictError):
    """Material {materialId} is not valid now (valid {validFrom}-{validUntil}).

    ``MaterialNotValidNow(bytes32 materialId, uint40 validFrom, uint40 validUntil)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32", "uint40", "uint40")
    argument_names = ("materialId", "validFrom", "validUntil")


class MaterialTypeMismatch(InvalidArgumentError):
    """Material {materialId} is of type {actual}, but {expected} is required.

    ``MaterialTypeMismatch(bytes32 materialId, bytes32 expected, bytes32 actual)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32", "bytes32", "bytes32")
    argument_names = ("materialId", "expected", "actual")


class MissingApplicationId(InvalidArgumentError):
    """A completion certificate needs the id of its application.

    ``MissingApplicationId()`` in the ABI of CertificateRegistry.
    """

    signature = ()
    argument_names = ()


class MissingCertificateType(InvalidArgumentError):
    """A completion certificate needs its certificate type.

    ``MissingCertificateType()`` in the ABI of CertificateRegistry.
    """

    signature = ()
    argument_names = ()


class MissingCorrectionReason(InvalidArgumentError):
    """A correction needs a legal reason code.

    ``MissingCorrectionReason()`` in the ABI of CorrectionRegistry.
    """

    signature = ()
    argument_names = ()


class MissingProcedureCode(InvalidArgumentError):
    """Application {applicationId}: a special procedure needs a kind, and its end a result code.

    ``MissingProcedureCode(bytes32 applicationId)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class MissingReasonCode(InvalidArgumentError):
    """Application {applicationId}: a reason code is required.

    ``MissingReasonCode(bytes32 applicationId)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class MissingReceipt(InvalidArgumentError):
    """Confirming the payment of application {applicationId} needs the receipt hash.

    ``MissingReceipt(bytes32 applicationId)`` in the ABI of FeePaymentRule.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class MissingReplacementReason(InvalidArgumentError):
    """A replacement needs a reason code.

    ``MissingReplacementReason()`` in the ABI of CertificateRegistry.
    """

    signature = ()
    argument_names = ()


class MissingRevocationReason(InvalidArgumentError):
    """A revocation needs a reason code.

    ``MissingRevocationReason()`` in the ABI of CertificateRegistry.
    """

    signature = ()
    argument_names = ()


class NationalCodeTooLong(InvalidArgumentError):
    """A national service code has {length} characters, more than {maxLength} (implementation code 36, handling item
    code 50).

    ``NationalCodeTooLong(uint256 length, uint256 maxLength)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256", "uint256")
    argument_names = ("length", "maxLength")


class NoStatusIndices(InvalidArgumentError):
    """A bulk status change needs at least one status index.

    ``NoStatusIndices()`` in the ABI of CertificateRegistry.
    """

    signature = ()
    argument_names = ()


class NonceAlreadyUsed(StateConflictError):
    """Nonce {nonce} of {ownerKey} was used already (replayed signature).

    ``NonceAlreadyUsed(address ownerKey, uint256 nonce)`` in the ABI of MaterialRegistry.
    """

    signature = ("address", "uint256")
    argument_names = ("ownerKey", "nonce")


class NotAFeeClerk(PermissionDeniedError):
    """{caller} is not a clerk of the fee department {feeDepartment}.

    ``NotAFeeClerk(address caller, bytes32 feeDepartment)`` in the ABI of FeePaymentRule.
    """

    signature = ("address", "bytes32")
    argument_names = ("caller", "feeDepartment")


class NotAStatusSigner(PermissionDeniedError):
    """{caller} is not an enrolled status signer of department {issuer}.

    ``NotAStatusSigner(address caller, bytes32 issuer)`` in the ABI of CertificateRegistry.
    """

    signature = ("address", "bytes32")
    argument_names = ("caller", "issuer")


class NotATerminalState(InvalidArgumentError):
    """State {state} is not a terminal state (revoked, cancelled or withdrawn).

    ``NotATerminalState(uint8 state)`` in the ABI of CertificateRegistry.
    """

    signature = ("uint8",)
    argument_names = ("state",)


class NotAnIssuer(PermissionDeniedError):
    """{caller} is not an Issuer of the active department {issuer}.

    ``NotAnIssuer(address caller, bytes32 issuer)`` in the ABI of CertificateRegistry.
    """

    signature = ("address", "bytes32")
    argument_names = ("caller", "issuer")


class NotAuthorizedForDepartment(PermissionDeniedError):
    """{caller} may not act for department {department}.

    ``NotAuthorizedForDepartment(address caller, bytes32 department)`` in the ABI of MaterialRegistry.
    """

    signature = ("address", "bytes32")
    argument_names = ("caller", "department")


class NotDepartmentManager(PermissionDeniedError):
    """{caller} is not a manager of department {department}.

    ``NotDepartmentManager(bytes32 department, address caller)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes32", "address")
    argument_names = ("department", "caller")


class NotInitializing(StateConflictError):
    """This function runs only during initialization.

    ``NotInitializing()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry, DepartmentRegistry,
    MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings, WorkingCalendar.
    """

    signature = ()
    argument_names = ()


class NotOverdue(StateConflictError):
    """Application {applicationId} is not overdue before {deadline}.

    ``NotOverdue(bytes32 applicationId, uint40 deadline)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "uint40")
    argument_names = ("applicationId", "deadline")


class NotPeerKey(PermissionDeniedError):
    """{signer} is not a registered key of region {regionCode}.

    ``NotPeerKey(uint32 regionCode, address signer)`` in the ABI of RegionFederation.
    """

    signature = ("uint32", "address")
    argument_names = ("regionCode", "signer")


class NotTheDepartmentRegistry(PermissionDeniedError):
    """Only the department registry reports that a role ended ({caller} is not it).

    ``NotTheDepartmentRegistry(address caller)`` in the ABI of CertificateRegistry.
    """

    signature = ("address",)
    argument_names = ("caller",)


class NotTheRecordsDepartment(PermissionDeniedError):
    """{caller} is not an officer of department {department}, which made the record, and may not correct it.

    ``NotTheRecordsDepartment(address caller, bytes32 department)`` in the ABI of CorrectionRegistry.
    """

    signature = ("address", "bytes32")
    argument_names = ("caller", "department")


class OfficerRoleAlreadyGranted(StateConflictError):
    """{account} already holds {role} in {department}.

    ``OfficerRoleAlreadyGranted(bytes32 department, address account, uint8 role)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes32", "address", "uint8")
    argument_names = ("department", "account", "role")


class OfficerRoleNotHeld(StateConflictError):
    """{account} does not hold {role} in {department}.

    ``OfficerRoleNotHeld(bytes32 department, address account, uint8 role)`` in the ABI of DepartmentRegistry.
    """

    signature = ("bytes32", "address", "uint8")
    argument_names = ("department", "account", "role")


class OnlyLedger(PermissionDeniedError):
    """Only the ledger itself opens follow-on applications, not {caller}.

    ``OnlyLedger(address caller)`` in the ABI of ApplicationLedger.
    """

    signature = ("address",)
    argument_names = ("caller",)


class OwnableInvalidOwner(InvalidArgumentError):
    """{owner} cannot be the owner.

    ``OwnableInvalidOwner(address owner)`` in the ABI of CouncilSeats.
    """

    signature = ("address",)
    argument_names = ("owner",)


class OwnableUnauthorizedAccount(PermissionDeniedError):
    """{account} is not the owner.

    ``OwnableUnauthorizedAccount(address account)`` in the ABI of CouncilSeats.
    """

    signature = ("address",)
    argument_names = ("account",)


class PaymentAlreadyConfirmed(StateConflictError):
    """The payment of application {applicationId} was confirmed already.

    ``PaymentAlreadyConfirmed(bytes32 applicationId)`` in the ABI of FeePaymentRule.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class PaymentNotConfirmed(StateConflictError):
    """Application {applicationId} has no payment confirmed by {feeDepartment}.

    ``PaymentNotConfirmed(bytes32 applicationId, bytes32 feeDepartment)`` in the ABI of FeePaymentRule.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("applicationId", "feeDepartment")


class PeerAlreadyActive(StateConflictError):
    """Region {regionCode} is already an active peer.

    ``PeerAlreadyActive(uint32 regionCode)`` in the ABI of RegionFederation.
    """

    signature = ("uint32",)
    argument_names = ("regionCode",)


class PeerKeyUnchanged(StateConflictError):
    """Key {key} of region {regionCode} is already in that state.

    ``PeerKeyUnchanged(uint32 regionCode, address key)`` in the ABI of RegionFederation.
    """

    signature = ("uint32", "address")
    argument_names = ("regionCode", "key")


class PeerNotActive(StateConflictError):
    """Region {regionCode} is no longer recognised.

    ``PeerNotActive(uint32 regionCode)`` in the ABI of RegionFederation.
    """

    signature = ("uint32",)
    argument_names = ("regionCode",)


class PeriodTooLong(InvalidArgumentError):
    """A period of {amount} is longer than the calendar counts ({max}).

    ``PeriodTooLong(uint256 amount, uint256 max)`` in the ABI of WorkingCalendar.
    """

    signature = ("uint256", "uint256")
    argument_names = ("amount", "max")


class PrerequisiteNotCompleted(StateConflictError):
    """Application {applicationId} needs {prerequisite} completed first.

    ``PrerequisiteNotCompleted(bytes32 applicationId, bytes32 prerequisite)`` in the ABI of PrerequisiteServiceRule.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("applicationId", "prerequisite")


class PromisedExceedsLegal(InvalidArgumentError):
    """The promised time limit {promised} exceeds the legal time limit {legal}.

    ``PromisedExceedsLegal(uint32 promised, uint32 legal)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint32", "uint32")
    argument_names = ("promised", "legal")


class RequiredMaterialExpiresSoon(StateConflictError):
    """Material {materialId} of application {applicationId} expires at {validUntil}, too soon.

    ``RequiredMaterialExpiresSoon(bytes32 applicationId, bytes32 materialId, uint40 validUntil)`` in the ABI of
    MaterialValidRule.
    """

    signature = ("bytes32", "bytes32", "uint40")
    argument_names = ("applicationId", "materialId", "validUntil")


class RequiredMaterialInvalid(StateConflictError):
    """Material {materialId} of application {applicationId} is no longer valid: {reason}.

    ``RequiredMaterialInvalid(bytes32 applicationId, bytes32 materialId, bytes reason)`` in the ABI of
    MaterialValidRule.
    """

    signature = ("bytes32", "bytes32", "bytes")
    argument_names = ("applicationId", "materialId", "reason")


class RequiredMaterialMissing(StateConflictError):
    """Application {applicationId} carries no {materialType} material.

    ``RequiredMaterialMissing(bytes32 applicationId, bytes32 materialType)`` in the ABI of MaterialValidRule.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("applicationId", "materialType")


class RestartBeforeStop(InvalidArgumentError):
    """A clock cannot restart ({restartedAt}) before it stopped ({stoppedAt}).

    ``RestartBeforeStop(uint256 stoppedAt, uint256 restartedAt)`` in the ABI of WorkingCalendar.
    """

    signature = ("uint256", "uint256")
    argument_names = ("stoppedAt", "restartedAt")


class RoleListenerUnchanged(StateConflictError):
    """The role listener is {listener} already.

    ``RoleListenerUnchanged(address listener)`` in the ABI of DepartmentRegistry.
    """

    signature = ("address",)
    argument_names = ("listener",)


class RuleFailed(StateConflictError):
    """Rule {rule} failed without a reason (out of its gas allowance, or not a rule).

    ``RuleFailed(address rule)`` in the ABI of ApplicationLedger.
    """

    signature = ("address",)
    argument_names = ("rule",)


class RuleNotAContract(InvalidArgumentError):
    """Rule address {rule} holds no contract.

    ``RuleNotAContract(address rule)`` in the ABI of ServiceCatalog.
    """

    signature = ("address",)
    argument_names = ("rule",)


class SafeCastOverflowedUintDowncast(InvalidArgumentError):
    """The value {value} does not fit in {bits} bits.

    ``SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)`` in the ABI of Council, CouncilSeats.
    """

    signature = ("uint8", "uint256")
    argument_names = ("bits", "value")


class SeatNotTransferable(PermissionDeniedError):
    """Council seat {seat} cannot be transferred.

    ``SeatNotTransferable(uint256 seat)`` in the ABI of CouncilSeats.
    """

    signature = ("uint256",)
    argument_names = ("seat",)


class ServiceAlreadyPublished(StateConflictError):
    """Service {service} already exists; publish a new version.

    ``ServiceAlreadyPublished(bytes32 service)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("service",)


class ServiceInactive(StateConflictError):
    """Service {service} is closed for new applications.

    ``ServiceInactive(bytes32 service)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("service",)


class ServiceStatusUnchanged(StateConflictError):
    """Service {service} already has active={active}.

    ``ServiceStatusUnchanged(bytes32 service, bool active)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32", "bool")
    argument_names = ("service", "active")


class SignatureExpired(StateConflictError):
    """The signature expired at {deadline}.

    ``SignatureExpired(uint256 deadline)`` in the ABI of MaterialRegistry.
    """

    signature = ("uint256",)
    argument_names = ("deadline",)


class StaleConsentEpoch(StateConflictError):
    """The consent signature for material {materialId} is stale: signed in epoch {epoch}, but the citizen has
    withdrawn the consent since (now epoch {currentEpoch}).

    ``StaleConsentEpoch(bytes32 materialId, uint64 epoch, uint64 currentEpoch)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32", "uint64", "uint64")
    argument_names = ("materialId", "epoch", "currentEpoch")


class StatusIndexMismatch(StateConflictError):
    """The next status index of department {issuer} is {nextIndex}, not {firstIndex} (another batch went first:
    build the tree again).

    ``StatusIndexMismatch(bytes32 issuer, uint64 firstIndex, uint64 nextIndex)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "uint64", "uint64")
    argument_names = ("issuer", "firstIndex", "nextIndex")


class StatusIndexNotIssued(NotFoundError):
    """Department {issuer} has not issued status index {statusIndex}.

    ``StatusIndexNotIssued(bytes32 issuer, uint64 statusIndex)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "uint64")
    argument_names = ("issuer", "statusIndex")


class StatusSignerUnchanged(StateConflictError):
    """The enrolment of {account} as a status signer of department {issuer} is unchanged (enrolled already, or not
    enrolled).

    ``StatusSignerUnchanged(bytes32 issuer, address account)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "address")
    argument_names = ("issuer", "account")


class StepMismatch(StateConflictError):
    """Application {applicationId} is at step {current}, not step {expected} (it may have been approved already).

    ``StepMismatch(bytes32 applicationId, uint8 expected, uint8 current)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "uint8", "uint8")
    argument_names = ("applicationId", "expected", "current")


class StringTooLong(InvalidArgumentError):
    """String too long: {str}.

    ``StringTooLong(string str)`` in the ABI of Council, CouncilSeats.
    """

    signature = ("string",)
    argument_names = ("str",)


class TimeLimitTooLong(InvalidArgumentError):
    """Time limit {amount} is longer than the maximum {max}.

    ``TimeLimitTooLong(uint256 amount, uint256 max)`` in the ABI of ServiceCatalog.
    """

    signature = ("uint256", "uint256")
    argument_names = ("amount", "max")


class TimelockInsufficientDelay(InvalidArgumentError):
    """A delay of {delay} seconds is shorter than the minimum of {minDelay} seconds.

    ``TimelockInsufficientDelay(uint256 delay, uint256 minDelay)`` in the ABI of Timelock.
    """

    signature = ("uint256", "uint256")
    argument_names = ("delay", "minDelay")


class TimelockInvalidOperationLength(InvalidArgumentError):
    """An operation's targets ({targets}), payloads ({payloads}) and values ({values}) differ in number.

    ``TimelockInvalidOperationLength(uint256 targets, uint256 payloads, uint256 values)`` in the ABI of Timelock.
    """

    signature = ("uint256", "uint256", "uint256")
    argument_names = ("targets", "payloads", "values")


class TimelockUnauthorizedCaller(PermissionDeniedError):
    """{caller} may not execute this timelock operation.

    ``TimelockUnauthorizedCaller(address caller)`` in the ABI of Timelock.
    """

    signature = ("address",)
    argument_names = ("caller",)


class TimelockUnexecutedPredecessor(StateConflictError):
    """The preceding operation {predecessorId} has not been executed.

    ``TimelockUnexecutedPredecessor(bytes32 predecessorId)`` in the ABI of Timelock.
    """

    signature = ("bytes32",)
    argument_names = ("predecessorId",)


class TimelockUnexpectedOperationState(StateConflictError):
    """The timelock operation is not in the state needed: {expectedStates} (operation {operationId}).

    ``TimelockUnexpectedOperationState(bytes32 operationId, bytes32 expectedStates)`` in the ABI of Timelock.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("operationId", "expectedStates")


class TooManyStatusIssuers(InvalidArgumentError):
    """No more than {maxIssuers} departments can hold a status list.

    ``TooManyStatusIssuers(uint256 maxIssuers)`` in the ABI of CertificateRegistry.
    """

    signature = ("uint256",)
    argument_names = ("maxIssuers",)


class UUPSUnauthorizedCallContext(PermissionDeniedError):
    """The upgrade function can only be called through the proxy.

    ``UUPSUnauthorizedCallContext()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry,
    DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings, WorkingCalendar.
    """

    signature = ()
    argument_names = ()


class UUPSUnsupportedProxiableUUID(InvalidArgumentError):
    """The new implementation names proxiable slot {slot}, not the ERC-1967 implementation slot.

    ``UUPSUnsupportedProxiableUUID(bytes32 slot)`` in the ABI of ApplicationLedger, CertificateRegistry,
    CorrectionRegistry, DepartmentRegistry, MaterialRegistry, RegionFederation, ServiceCatalog, ServiceRatings,
    WorkingCalendar.
    """

    signature = ("bytes32",)
    argument_names = ("slot",)


class UnauthorizedOfficer(PermissionDeniedError):
    """{account} does not hold {role} in department {department}.

    ``UnauthorizedOfficer(address account, bytes32 department, uint8 role)`` in the ABI of ApplicationLedger.
    """

    signature = ("address", "bytes32", "uint8")
    argument_names = ("account", "department", "role")


class UnknownApplication(NotFoundError):
    """Application {applicationId} does not exist.

    ``UnknownApplication(bytes32 applicationId)`` in the ABI of ApplicationLedger, FeePaymentRule, ServiceRatings.
    """

    signature = ("bytes32",)
    argument_names = ("applicationId",)


class UnknownBatch(NotFoundError):
    """{issuer} never issued batch {root}.

    ``UnknownBatch(bytes32 root, bytes32 issuer)`` in the ABI of CertificateRegistry.
    """

    signature = ("bytes32", "bytes32")
    argument_names = ("root", "issuer")


class UnknownCertificate(NotFoundError):
    """Certificate {leaf} was not issued by {issuer} under root {root}, or its Merkle proof fails.

    ``UnknownCertificate(bytes32 leaf, bytes32 root, bytes32 issuer)`` in the ABI of CorrectionRegistry.
    """

    signature = ("bytes32", "bytes32", "bytes32")
    argument_names = ("leaf", "root", "issuer")


class UnknownDepartment(NotFoundError):
    """Department {department} does not exist.

    ``UnknownDepartment(bytes32 department)`` in the ABI of CertificateRegistry, DepartmentRegistry, MaterialRegistry,
    ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("department",)


class UnknownFollowOnService(NotFoundError):
    """Follow-on service {service} is not published; publish it first.

    ``UnknownFollowOnService(bytes32 service)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("service",)


class UnknownMaterial(NotFoundError):
    """Material {materialId} does not exist.

    ``UnknownMaterial(bytes32 materialId)`` in the ABI of MaterialRegistry.
    """

    signature = ("bytes32",)
    argument_names = ("materialId",)


class UnknownPeer(NotFoundError):
    """Region {regionCode} was never added as a peer.

    ``UnknownPeer(uint32 regionCode)`` in the ABI of RegionFederation.
    """

    signature = ("uint32",)
    argument_names = ("regionCode",)


class UnknownService(NotFoundError):
    """Service {service} does not exist.

    ``UnknownService(bytes32 service)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32",)
    argument_names = ("service",)


class UnknownServiceVersion(NotFoundError):
    """Service {service} has no version {version}.

    ``UnknownServiceVersion(bytes32 service, uint32 version)`` in the ABI of ServiceCatalog.
    """

    signature = ("bytes32", "uint32")
    argument_names = ("service", "version")


class VotesExpiredSignature(StateConflictError):
    """The delegation signature expired at {expiry}.

    ``VotesExpiredSignature(uint256 expiry)`` in the ABI of CouncilSeats.
    """

    signature = ("uint256",)
    argument_names = ("expiry",)


class WaitingPeriodNotOver(StateConflictError):
    """The waiting period of application {applicationId} ends at {endsAt}.

    ``WaitingPeriodNotOver(bytes32 applicationId, uint40 endsAt)`` in the ABI of WaitingPeriodRule.
    """

    signature = ("bytes32", "uint40")
    argument_names = ("applicationId", "endsAt")


class WrongStatus(StateConflictError):
    """Application {applicationId} is {status}: this action is not allowed now.

    ``WrongStatus(bytes32 applicationId, uint8 status)`` in the ABI of ApplicationLedger.
    """

    signature = ("bytes32", "uint8")
    argument_names = ("applicationId", "status")


class ZeroAddress(InvalidArgumentError):
    """An address must not be zero.

    ``ZeroAddress()`` in the ABI of ApplicationLedger, CertificateRegistry, CorrectionRegistry, DepartmentRegistry,
    FeePaymentRule, MaterialRegistry, MaterialValidRule, PrerequisiteServiceRule, RegionFederation, ServiceCatalog,
    ServiceRatings, WaitingPeriodRule, WorkingCalendar.
    """

    signature = ()
    argument_names = ()


CONTRACT_ERRORS: tuple[type[ContractError], ...] = (
    AccessControlBadConfirmation,
    AccessControlUnauthorizedAccount,
    AddressEmptyCode,
    AlreadyFlagged,
    AlreadyRated,
    ApplicationAlreadyExists,
    ApplicationNotConcluded,
    AttestationExpired,
    AttestationNotNewer,
    AttestationReplayed,
    BatchAlreadyIssued,
    BatchAlreadyReplaced,
    BatchAlreadyRevoked,
    CertificateAlreadyReplaced,
    CertificateAlreadyRevoked,
    CertificateAlreadySuspended,
    CertificateNotSuspended,
    CertificateStatusFinal,
    CertificateStatusUnchanged,
    CheckpointUnorderedInsertion,
    ConsentMissing,
    CreditCodeUnchanged,
    DepartmentAlreadyRegistered,
    DepartmentInactive,
    DepartmentStatusUnchanged,
    DuplicateFollowOnService,
    DuplicateRule,
    ECDSAInvalidSignature,
    ECDSAInvalidSignatureLength,
    ECDSAInvalidSignatureS,
    ERC721IncorrectOwner,
    ERC721InsufficientApproval,
    ERC721InvalidApprover,
    ERC721InvalidOperator,
    ERC721InvalidOwner,
    ERC721InvalidReceiver,
    ERC721InvalidSender,
    ERC721NonexistentToken,
    ERC1967InvalidImplementation,
    ERC1967NonPayable,
    ERC1967ProxyUninitialized,
    ERC5805FutureLookup,
    ERC6372InconsistentClock,
    EnforcedPause,
    ExpectedPause,
    FailedCall,
    FollowOnAlreadyOpen,
    FollowOnMaterialMissing,
    FollowOnNotFailed,
    GovernorAlreadyCastVote,
    GovernorAlreadyQueuedProposal,
    GovernorDisabledDeposit,
    GovernorInsufficientProposerVotes,
    GovernorInvalidProposalLength,
    GovernorInvalidSignature,
    GovernorInvalidVoteParams,
    GovernorInvalidVoteType,
    GovernorInvalidVotingPeriod,
    GovernorNonexistentProposal,
    GovernorOnlyExecutor,
    GovernorProposalQueueingFailed,
    GovernorProposalQueueingNotRequired,
    GovernorRestrictedProposer,
    GovernorUnableToCancel,
    GovernorUnexpectedProposalState,
    InsufficientGas,
    InvalidAccountNonce,
    InvalidApplicantCommitment,
    InvalidApplicationNumber,
    InvalidAttestation,
    InvalidBasicCode,
    InvalidBatch,
    InvalidBatchSize,
    InvalidCaseType,
    InvalidCertificateTerms,
    InvalidConsentPeriod,
    InvalidCorrectedValue,
    InvalidCreditCode,
    InvalidDeadlinePolicy,
    InvalidDepartmentCode,
    InvalidDepartmentName,
    InvalidField,
    InvalidInitialization,
    InvalidItemType,
    InvalidMaterial,
    InvalidMaterialType,
    InvalidNationalCodeCharacter,
    InvalidOfficerRole,
    InvalidOwnerSignature,
    InvalidProof,
    InvalidPurpose,
    InvalidQuorum,
    InvalidRatingSignature,
    InvalidRegion,
    InvalidRegionCode,
    InvalidReplacement,
    InvalidRoleListener,
    InvalidScore,
    InvalidServiceCode,
    InvalidServiceName,
    InvalidShortString,
    InvalidStepCount,
    InvalidStepRole,
    InvalidSupervisor,
    InvalidTimeLimit,
    InvalidTimeUnit,
    InvalidUseKind,
    InvalidWaitingPeriod,
    InvalidYear,
    InvalidYearDays,
    ListTooLong,
    MaterialAlreadyExists,
    MaterialCountMismatch,
    MaterialIsRevoked,
    MaterialIsSuperseded,
    MaterialNotValidNow,
    MaterialTypeMismatch,
    MissingApplicationId,
    MissingCertificateType,
    MissingCorrectionReason,
    MissingProcedureCode,
    MissingReasonCode,
    MissingReceipt,
    MissingReplacementReason,
    MissingRevocationReason,
    NationalCodeTooLong,
    NoStatusIndices,
    NonceAlreadyUsed,
    NotAFeeClerk,
    NotAStatusSigner,
    NotATerminalState,
    NotAnIssuer,
    NotAuthorizedForDepartment,
    NotDepartmentManager,
    NotInitializing,
    NotOverdue,
    NotPeerKey,
    NotTheDepartmentRegistry,
    NotTheRecordsDepartment,
    OfficerRoleAlreadyGranted,
    OfficerRoleNotHeld,
    OnlyLedger,
    OwnableInvalidOwner,
    OwnableUnauthorizedAccount,
    PaymentAlreadyConfirmed,
    PaymentNotConfirmed,
    PeerAlreadyActive,
    PeerKeyUnchanged,
    PeerNotActive,
    PeriodTooLong,
    PrerequisiteNotCompleted,
    PromisedExceedsLegal,
    RequiredMaterialExpiresSoon,
    RequiredMaterialInvalid,
    RequiredMaterialMissing,
    RestartBeforeStop,
    RoleListenerUnchanged,
    RuleFailed,
    RuleNotAContract,
    SafeCastOverflowedUintDowncast,
    SeatNotTransferable,
    ServiceAlreadyPublished,
    ServiceInactive,
    ServiceStatusUnchanged,
    SignatureExpired,
    StaleConsentEpoch,
    StatusIndexMismatch,
    StatusIndexNotIssued,
    StatusSignerUnchanged,
    StepMismatch,
    StringTooLong,
    TimeLimitTooLong,
    TimelockInsufficientDelay,
    TimelockInvalidOperationLength,
    TimelockUnauthorizedCaller,
    TimelockUnexecutedPredecessor,
    TimelockUnexpectedOperationState,
    TooManyStatusIssuers,
    UUPSUnauthorizedCallContext,
    UUPSUnsupportedProxiableUUID,
    UnauthorizedOfficer,
    UnknownApplication,
    UnknownBatch,
    UnknownCertificate,
    UnknownDepartment,
    UnknownFollowOnService,
    UnknownMaterial,
    UnknownPeer,
    UnknownService,
    UnknownServiceVersion,
    VotesExpiredSignature,
    WaitingPeriodNotOver,
    WrongStatus,
    ZeroAddress,
)
register(CONTRACT_ERRORS)
