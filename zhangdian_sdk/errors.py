"""Every error the SDK raises, under one root.

Contract reverts are decoded in one place (:func:`decode_revert`) into the exception named like
the contract's custom error, with its decoded arguments and a message in Chinese and English::

    ZhangdianError
    ├── ConfigurationError (ValueError)          missing RPC URL, account or deployment
    │   └── DeploymentNotFoundError (LookupError)
    ├── InvalidInputError (ValueError)           bad input caught before anything is sent
    ├── KeystoreError                            keystore missing, wrong password
    ├── CompilerInstallError                     no compiler could be installed
    ├── StorageLayoutError                       an upgrade would break the deployed storage layout
    ├── DocumentError                            an off-chain document cannot be read
    │   ├── DocumentTamperedError                changed or swapped: hash or GCM tag mismatch
    │   ├── DocumentMissingError (LookupError)
    │   └── DocumentAccessError (PermissionError) no key wrapped for this department
    ├── NodeConnectionError (ConnectionError)    the RPC node cannot be reached
    ├── TransactionError                         a transaction did not get mined as expected
    │   ├── TransactionTimeoutError (TimeoutError)
    │   └── NonceConflictError
    └── ContractError                            a custom error raised by a contract
        ├── NotFoundError (LookupError)          UnknownApplication, UnknownDepartment, ...
        ├── PermissionDeniedError (PermissionError)  UnauthorizedOfficer, AccessControl..., ...
        ├── InvalidArgumentError (ValueError)    InvalidDepartmentCode, InvalidBatchSize, ...
        ├── StateConflictError                   WrongStatus, ApplicationAlreadyExists, ...
        └── UnknownContractError                 a revert no ABI of the suite explains

Usage: ``except errors.WrongStatus as err: print(err.message_zh, err.arguments["status"])``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from eth_abi.abi import decode as abi_decode
from eth_utils.abi import function_signature_to_4byte_selector

from zhangdian_sdk._bytes32 import bytes32_to_code
from zhangdian_sdk.models import ApplicationStatus, OfficerRole

__all__ = [
    "AccessControlBadConfirmation",
    "AccessControlUnauthorizedAccount",
    "AddressEmptyCode",
    "AlreadyFlagged",
    "ApplicationAlreadyExists",
    "AttestationExpired",
    "AttestationNotNewer",
    "AttestationReplayed",
    "BatchAlreadyIssued",
    "BatchAlreadyRevoked",
    "CertificateAlreadyRevoked",
    "CheckpointUnorderedInsertion",
    "CompilerInstallError",
    "ConfigurationError",
    "ConsentMissing",
    "ContractError",
    "DepartmentAlreadyRegistered",
    "DepartmentInactive",
    "DepartmentStatusUnchanged",
    "DeploymentNotFoundError",
    "DocumentAccessError",
    "DocumentError",
    "DocumentMissingError",
    "DocumentTamperedError",
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
    "InvalidApplicationId",
    "InvalidArgumentError",
    "InvalidAttestation",
    "InvalidBatch",
    "InvalidBatchSize",
    "InvalidCertificateTerms",
    "InvalidConsentPeriod",
    "InvalidDeadlinePolicy",
    "InvalidDepartmentCode",
    "InvalidDepartmentName",
    "InvalidInitialization",
    "InvalidInputError",
    "InvalidMaterial",
    "InvalidMaterialType",
    "InvalidOfficerRole",
    "InvalidOwnerSignature",
    "InvalidProof",
    "InvalidPurpose",
    "InvalidQuorum",
    "InvalidRegion",
    "InvalidRegionCode",
    "InvalidServiceCode",
    "InvalidServiceName",
    "InvalidShortString",
    "InvalidStepCount",
    "InvalidStepRole",
    "InvalidSupervisor",
    "InvalidTimeLimit",
    "InvalidUseKind",
    "InvalidWaitingPeriod",
    "KeystoreError",
    "ListTooLong",
    "MaterialAlreadyExists",
    "MaterialCountMismatch",
    "MaterialIsRevoked",
    "MaterialIsSuperseded",
    "MaterialNotValidNow",
    "MaterialTypeMismatch",
    "MissingApplicationId",
    "MissingCertificateType",
    "MissingReasonCode",
    "MissingReceipt",
    "MissingRevocationReason",
    "NodeConnectionError",
    "NonceAlreadyUsed",
    "NonceConflictError",
    "NotAFeeClerk",
    "NotAnIssuer",
    "NotAuthorizedForDepartment",
    "NotDepartmentManager",
    "NotFoundError",
    "NotInitializing",
    "NotOverdue",
    "NotPeerKey",
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
    "PermissionDeniedError",
    "PrerequisiteNotCompleted",
    "RequiredMaterialExpiresSoon",
    "RequiredMaterialInvalid",
    "RequiredMaterialMissing",
    "RuleFailed",
    "RuleNotAContract",
    "SafeCastOverflowedUintDowncast",
    "SeatNotTransferable",
    "ServiceAlreadyPublished",
    "ServiceInactive",
    "ServiceStatusUnchanged",
    "SignatureExpired",
    "StaleConsentEpoch",
    "StateConflictError",
    "StepMismatch",
    "StorageLayoutError",
    "StringTooLong",
    "TimelockInsufficientDelay",
    "TimelockInvalidOperationLength",
    "TimelockUnauthorizedCaller",
    "TimelockUnexecutedPredecessor",
    "TimelockUnexpectedOperationState",
    "TransactionError",
    "TransactionTimeoutError",
    "UUPSUnauthorizedCallContext",
    "UUPSUnsupportedProxiableUUID",
    "UnauthorizedOfficer",
    "UnknownApplication",
    "UnknownApplicationNumber",
    "UnknownBatch",
    "UnknownContractError",
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
    "ZhangdianError",
    "contract_error_classes",
    "decode_revert",
]


class ZhangdianError(Exception):
    """Root of every error the SDK raises."""


class ConfigurationError(ZhangdianError, ValueError):
    """Something needed to connect is missing or wrong (RPC URL, account, deployment)."""


class DeploymentNotFoundError(ConfigurationError, LookupError):
    """No deployment manifest for this chain; deploy first or name the manifest."""


class InvalidInputError(ZhangdianError, ValueError):
    """Input rejected before anything was sent to the chain."""


class KeystoreError(ZhangdianError):
    """A keystore could not be read or unlocked."""


class CompilerInstallError(ZhangdianError):
    """No Solidity compiler could be installed."""


class NodeConnectionError(ZhangdianError, ConnectionError):
    """The RPC node could not be reached."""


class StorageLayoutError(ZhangdianError):
    """A new implementation's storage layout does not extend the deployed one; the message is the report."""


class DocumentError(ZhangdianError):
    """An off-chain document could not be read."""


class DocumentTamperedError(DocumentError):
    """The stored document does not match its on-chain hash, or fails its integrity check."""


class DocumentMissingError(DocumentError, LookupError):
    """The store has no document under that hash."""


class DocumentAccessError(DocumentError, PermissionError):
    """This department holds no key for the document."""


class TransactionError(ZhangdianError):
    """A transaction was not mined as expected."""


class TransactionTimeoutError(TransactionError, TimeoutError):
    """No receipt came within the timeout; the transaction may still be mined later."""


class NonceConflictError(TransactionError):
    """Another sender used this account's nonce; nothing was recorded twice, retry the call."""


class ContractError(ZhangdianError):
    """A contract reverted with one of the suite's custom errors.

    The class name is the Solidity error's name, ``arguments`` its decoded arguments by name, and
    ``message_zh``/``message_en`` say what went wrong for a clerk.
    """

    signature: ClassVar[tuple[str, ...]] = ()
    argument_names: ClassVar[tuple[str, ...]] = ()
    template_zh: ClassVar[str] = "合约拒绝了该操作"
    template_en: ClassVar[str] = "the contract rejected the operation"

    def __init__(self, arguments: Mapping[str, Any] | None = None, *, raw: bytes = b"") -> None:
        self.arguments: dict[str, Any] = dict(arguments or {})
        self.raw = raw
        self.message_zh = self.template_zh.format(
            **{name: _display(name, value, "zh") for name, value in self.arguments.items()}
        )
        self.message_en = self.template_en.format(
            **{name: _display(name, value, "en") for name, value in self.arguments.items()}
        )
        super().__init__(f"{self.message_zh} / {self.message_en}")


class NotFoundError(ContractError, LookupError):
    """The record named does not exist on chain."""


class PermissionDeniedError(ContractError, PermissionError):
    """The sending account may not do this."""


class InvalidArgumentError(ContractError, ValueError):
    """The contract rejected an argument as malformed or out of range."""


class StateConflictError(ContractError):
    """The action does not fit the record's current state."""


class UnknownContractError(ContractError):
    """A revert that none of the suite's ABIs explains."""

    argument_names = ("data",)

    template_zh = "合约回滚, 原因无法解码: {data}"
    template_en = "the contract reverted with data that no known error explains: {data}"


class ZeroAddress(InvalidArgumentError):
    """``ZeroAddress``: an address must not be zero."""

    signature = ()
    argument_names = ()
    template_zh = "地址不能为零地址"
    template_en = "an address must not be zero"


class UnknownDepartment(NotFoundError):
    """``UnknownDepartment``: department department does not exist."""

    signature = ("bytes32",)
    argument_names = ("department",)
    template_zh = "部门 {department} 不存在"
    template_en = "department {department} does not exist"


class DepartmentInactive(StateConflictError):
    """``DepartmentInactive``: department department is deactivated."""

    signature = ("bytes32",)
    argument_names = ("department",)
    template_zh = "部门 {department} 已停用"
    template_en = "department {department} is deactivated"


class DepartmentAlreadyRegistered(StateConflictError):
    """``DepartmentAlreadyRegistered``: department department is already registered."""

    signature = ("bytes32",)
    argument_names = ("department",)
    template_zh = "部门 {department} 已登记"
    template_en = "department {department} is already registered"


class InvalidDepartmentCode(InvalidArgumentError):
    """``InvalidDepartmentCode``: department code department is invalid."""

    signature = ("bytes32",)
    argument_names = ("department",)
    template_zh = "部门代码 {department} 无效"
    template_en = "department code {department} is invalid"


class InvalidRegionCode(InvalidArgumentError):
    """``InvalidRegionCode``: region code regionCode is not a six-digit division code."""

    signature = ("uint32",)
    argument_names = ("regionCode",)
    template_zh = "行政区划代码 {regionCode} 无效, 应为六位数字"
    template_en = "region code {regionCode} is not a six-digit division code"


class InvalidDepartmentName(InvalidArgumentError):
    """``InvalidDepartmentName``: department name of length bytes is invalid (1-maxLength)."""

    signature = ("uint256", "uint256")
    argument_names = ("length", "maxLength")
    template_zh = "部门名称长度 {length} 字节无效 (1-{maxLength})"
    template_en = "department name of {length} bytes is invalid (1-{maxLength})"


class InvalidOfficerRole(InvalidArgumentError):
    """``InvalidOfficerRole``: role role cannot be granted."""

    signature = ("uint8",)
    argument_names = ("role",)
    template_zh = "角色 {role} 不能授予"
    template_en = "role {role} cannot be granted"


class NotDepartmentManager(PermissionDeniedError):
    """``NotDepartmentManager``: caller is not a manager of department department."""

    signature = ("bytes32", "address")
    argument_names = ("department", "caller")
    template_zh = "{caller} 不是部门 {department} 的管理员"
    template_en = "{caller} is not a manager of department {department}"


class OfficerRoleAlreadyGranted(StateConflictError):
    """``OfficerRoleAlreadyGranted``: account already holds role in department."""

    signature = ("bytes32", "address", "uint8")
    argument_names = ("department", "account", "role")
    template_zh = "{account} 在部门 {department} 已有角色 {role}"
    template_en = "{account} already holds {role} in {department}"


class OfficerRoleNotHeld(StateConflictError):
    """``OfficerRoleNotHeld``: account does not hold role in department."""

    signature = ("bytes32", "address", "uint8")
    argument_names = ("department", "account", "role")
    template_zh = "{account} 在部门 {department} 没有角色 {role}"
    template_en = "{account} does not hold {role} in {department}"


class DepartmentStatusUnchanged(StateConflictError):
    """``DepartmentStatusUnchanged``: department department already has active=active."""

    signature = ("bytes32", "bool")
    argument_names = ("department", "active")
    template_zh = "部门 {department} 状态未变 (active={active})"
    template_en = "department {department} already has active={active}"


class InvalidServiceCode(InvalidArgumentError):
    """``InvalidServiceCode``: service code service is invalid."""

    signature = ("bytes32",)
    argument_names = ("service",)
    template_zh = "事项代码 {service} 无效"
    template_en = "service code {service} is invalid"


class UnknownService(NotFoundError):
    """``UnknownService``: service service does not exist."""

    signature = ("bytes32",)
    argument_names = ("service",)
    template_zh = "政务服务事项 {service} 不存在"
    template_en = "service {service} does not exist"


class UnknownServiceVersion(NotFoundError):
    """``UnknownServiceVersion``: service service has no version version."""

    signature = ("bytes32", "uint32")
    argument_names = ("service", "version")
    template_zh = "事项 {service} 没有第 {version} 版"
    template_en = "service {service} has no version {version}"


class ServiceInactive(StateConflictError):
    """``ServiceInactive``: service service is closed for new applications."""

    signature = ("bytes32",)
    argument_names = ("service",)
    template_zh = "事项 {service} 已停止受理"
    template_en = "service {service} is closed for new applications"


class ServiceAlreadyPublished(StateConflictError):
    """``ServiceAlreadyPublished``: service service already exists; publish a new version."""

    signature = ("bytes32",)
    argument_names = ("service",)
    template_zh = "事项 {service} 已发布, 请发布新版本"
    template_en = "service {service} already exists; publish a new version"


class InvalidStepCount(InvalidArgumentError):
    """``InvalidStepCount``: count approval steps is invalid (1-max)."""

    signature = ("uint256", "uint256")
    argument_names = ("count", "max")
    template_zh = "审批环节数 {count} 无效 (1-{max})"
    template_en = "{count} approval steps is invalid (1-{max})"


class InvalidStepRole(InvalidArgumentError):
    """``InvalidStepRole``: step index names a role that cannot act on a step."""

    signature = ("uint256",)
    argument_names = ("index",)
    template_zh = "第 {index} 个审批环节的角色无效"
    template_en = "step {index} names a role that cannot act on a step"


class ListTooLong(InvalidArgumentError):
    """``ListTooLong``: list too long: count entries, at most max."""

    signature = ("uint256", "uint256")
    argument_names = ("count", "max")
    template_zh = "列表过长: {count} 项, 最多 {max} 项"
    template_en = "list too long: {count} entries, at most {max}"


class InvalidServiceName(InvalidArgumentError):
    """``InvalidServiceName``: service name of length bytes is invalid (1-maxLength)."""

    signature = ("uint256", "uint256")
    argument_names = ("length", "maxLength")
    template_zh = "事项名称长度 {length} 字节无效 (1-{maxLength})"
    template_en = "service name of {length} bytes is invalid (1-{maxLength})"


class InvalidTimeLimit(InvalidArgumentError):
    """``InvalidTimeLimit``: the promised time limit must be more than zero."""

    signature = ()
    argument_names = ()
    template_zh = "承诺时限必须大于零"
    template_en = "the promised time limit must be more than zero"


class ServiceStatusUnchanged(StateConflictError):
    """``ServiceStatusUnchanged``: service service already has active=active."""

    signature = ("bytes32", "bool")
    argument_names = ("service", "active")
    template_zh = "事项 {service} 状态未变 (active={active})"
    template_en = "service {service} already has active={active}"


class InvalidApplicationId(InvalidArgumentError):
    """``InvalidApplicationId``: the submission's application number hash must not be zero."""

    signature = ()
    argument_names = ()
    template_zh = "办件编号不能为空"
    template_en = "the application number (its hash) must not be zero"


class InvalidApplicantCommitment(InvalidArgumentError):
    """``InvalidApplicantCommitment``: application applicationId has an empty applicant commitment."""

    signature = ("bytes32",)
    argument_names = ("applicationId",)
    template_zh = "办件 {applicationId} 的申请人承诺值为空"
    template_en = "application {applicationId} has an empty applicant commitment"


class ApplicationAlreadyExists(StateConflictError):
    """``ApplicationAlreadyExists``: application applicationId already exists."""

    signature = ("bytes32",)
    argument_names = ("applicationId",)
    template_zh = "办件 {applicationId} 已存在"
    template_en = "application {applicationId} already exists"


class UnknownApplication(NotFoundError):
    """``UnknownApplication``: application applicationId does not exist."""

    signature = ("bytes32",)
    argument_names = ("applicationId",)
    template_zh = "办件 {applicationId} 不存在"
    template_en = "application {applicationId} does not exist"


class UnknownApplicationNumber(UnknownApplication):
    """No department has an application with this number on chain (raised by the SDK when it looks a
    number up, not by a contract; an :class:`UnknownApplication`, so handlers of that catch it too)."""

    signature = ("string",)
    argument_names = ("applicationNumber",)
    template_zh = "办件编号 {applicationNumber} 在任何部门都不存在"
    template_en = "application number {applicationNumber} does not exist in any department"


class WrongStatus(StateConflictError):
    """``WrongStatus``: application applicationId is status: this action is not allowed now."""

    signature = ("bytes32", "uint8")
    argument_names = ("applicationId", "status")
    template_zh = "办件 {applicationId} 当前状态为 {status}, 不能执行该操作"
    template_en = "application {applicationId} is {status}: this action is not allowed now"


class UnauthorizedOfficer(PermissionDeniedError):
    """``UnauthorizedOfficer``: account does not hold role in department department."""

    signature = ("address", "bytes32", "uint8")
    argument_names = ("account", "department", "role")
    template_zh = "{account} 不是部门 {department} 的 {role} 人员, 无权办理"
    template_en = "{account} does not hold {role} in department {department}"


class MissingReasonCode(InvalidArgumentError):
    """``MissingReasonCode``: application applicationId: a reason code is required."""

    signature = ("bytes32",)
    argument_names = ("applicationId",)
    template_zh = "办件 {applicationId}: 必须填写原因代码"
    template_en = "application {applicationId}: a reason code is required"


class StepMismatch(StateConflictError):
    """``StepMismatch``: the approval named another step than the current one."""

    signature = ("bytes32", "uint8", "uint8")
    argument_names = ("applicationId", "expected", "current")
    template_zh = "办件 {applicationId} 当前在第 {current} 环节, 不是第 {expected} 环节 (可能已被审批)"
    template_en = (
        "application {applicationId} is at step {current}, not step {expected} (it may have been approved already)"
    )


class InvalidBatchSize(InvalidArgumentError):
    """``InvalidBatchSize``: a batch of size entries is invalid (1-max)."""

    signature = ("uint256", "uint256")
    argument_names = ("size", "max")
    template_zh = "批量条数 {size} 无效 (1-{max})"
    template_en = "a batch of {size} entries is invalid (1-{max})"


class AccessControlUnauthorizedAccount(PermissionDeniedError):
    """``AccessControlUnauthorizedAccount``: account lacks the platform role neededRole."""

    signature = ("address", "bytes32")
    argument_names = ("account", "neededRole")
    template_zh = "{account} 缺少平台角色 {neededRole}"
    template_en = "{account} lacks the platform role {neededRole}"


class AccessControlBadConfirmation(InvalidArgumentError):
    """``AccessControlBadConfirmation``: an account can only renounce its own roles."""

    signature = ()
    argument_names = ()
    template_zh = "只能放弃自己的角色"
    template_en = "an account can only renounce its own roles"


class EnforcedPause(StateConflictError):
    """``EnforcedPause``: the platform is paused: no changes are possible now."""

    signature = ()
    argument_names = ()
    template_zh = "平台已暂停, 暂不能办理"
    template_en = "the platform is paused: no changes are possible now"


class ExpectedPause(StateConflictError):
    """``ExpectedPause``: the platform is not paused."""

    signature = ()
    argument_names = ()
    template_zh = "平台未暂停"
    template_en = "the platform is not paused"


class InvalidShortString(InvalidArgumentError):
    """``InvalidShortString``: OpenZeppelin's ShortStrings got a malformed value (deployment only)."""

    template_zh = "合约部署参数中的短字符串无效"
    template_en = "a short string given at deployment is malformed"


class StringTooLong(InvalidArgumentError):
    """``StringTooLong``: OpenZeppelin's ShortStrings got a string over 31 bytes (deployment only)."""

    signature = ("string",)
    argument_names = ("str",)
    template_zh = "字符串过长: {str}"
    template_en = "string too long: {str}"


class MaterialCountMismatch(InvalidArgumentError):
    """``MaterialCountMismatch``: the number of attached materials differs from what the service requires."""

    signature = ("bytes32", "uint256", "uint256")
    argument_names = ("applicationId", "given", "required")
    template_zh = "办件 {applicationId} 附了 {given} 份材料, 该事项需要 {required} 份"
    template_en = "application {applicationId} carries {given} materials; the service requires {required}"


class UnknownMaterial(NotFoundError):
    """``UnknownMaterial``: material."""

    signature = ("bytes32",)
    argument_names = ("materialId",)
    template_zh = "材料 {materialId} 不存在"
    template_en = "material {materialId} does not exist"


class MaterialAlreadyExists(StateConflictError):
    """``MaterialAlreadyExists``: material."""

    signature = ("bytes32",)
    argument_names = ("materialId",)
    template_zh = "材料 {materialId} 已登记"
    template_en = "material {materialId} is already registered"


class InvalidMaterial(InvalidArgumentError):
    """``InvalidMaterial``: material."""

    signature = ("bytes32", "string")
    argument_names = ("materialId", "field")
    template_zh = "材料 {materialId} 的字段 {field} 无效"
    template_en = "material {materialId}: field {field} is empty or invalid"


class MaterialTypeMismatch(InvalidArgumentError):
    """``MaterialTypeMismatch``: material."""

    signature = ("bytes32", "bytes32", "bytes32")
    argument_names = ("materialId", "expected", "actual")
    template_zh = "材料 {materialId} 类型为 {actual}, 需要 {expected}"
    template_en = "material {materialId} is of type {actual}, but {expected} is required"


class MaterialIsRevoked(StateConflictError):
    """``MaterialIsRevoked``: material."""

    signature = ("bytes32",)
    argument_names = ("materialId",)
    template_zh = "材料 {materialId} 已被撤销"
    template_en = "material {materialId} has been revoked"


class MaterialIsSuperseded(StateConflictError):
    """``MaterialIsSuperseded``: material."""

    signature = ("bytes32", "bytes32")
    argument_names = ("materialId", "newMaterialId")
    template_zh = "材料 {materialId} 已被新版本 {newMaterialId} 替代"
    template_en = "material {materialId} was replaced by {newMaterialId}"


class MaterialNotValidNow(StateConflictError):
    """``MaterialNotValidNow``: material."""

    signature = ("bytes32", "uint40", "uint40")
    argument_names = ("materialId", "validFrom", "validUntil")
    template_zh = "材料 {materialId} 不在有效期内 ({validFrom}-{validUntil})"
    template_en = "material {materialId} is not valid now (valid {validFrom}-{validUntil})"


class ConsentMissing(PermissionDeniedError):
    """``ConsentMissing``: department."""

    signature = ("bytes32", "bytes32", "bytes32")
    argument_names = ("materialId", "department", "purpose")
    template_zh = "部门 {department} 未获得申请人授权使用材料 {materialId} (用途 {purpose})"
    template_en = "department {department} has no consent in force to use material {materialId} for {purpose}"


class InvalidOwnerSignature(PermissionDeniedError):
    """``InvalidOwnerSignature``: the signature is not from."""

    signature = ("bytes32", "address")
    argument_names = ("materialId", "signer")
    template_zh = "签名不是材料 {materialId} 所有人 {signer} 的签名"
    template_en = "the signature is not from {signer}, the owner key of material {materialId}"


class NonceAlreadyUsed(StateConflictError):
    """``NonceAlreadyUsed``: nonce."""

    signature = ("address", "uint256")
    argument_names = ("ownerKey", "nonce")
    template_zh = "授权编号 {nonce} 已被使用 (重放)"
    template_en = "nonce {nonce} of {ownerKey} was used already (replayed signature)"


class SignatureExpired(StateConflictError):
    """``SignatureExpired``: the signature expired at."""

    signature = ("uint256",)
    argument_names = ("deadline",)
    template_zh = "签名已过期 (截止 {deadline})"
    template_en = "the signature expired at {deadline}"


class InvalidConsentPeriod(InvalidArgumentError):
    """``InvalidConsentPeriod``: the consent would end at."""

    signature = ("uint40",)
    argument_names = ("validUntil",)
    template_zh = "授权期限 {validUntil} 已过"
    template_en = "the consent would end at {validUntil}, which has passed"


class NotAuthorizedForDepartment(PermissionDeniedError):
    """``NotAuthorizedForDepartment``: {caller} may not act for department."""

    signature = ("address", "bytes32")
    argument_names = ("caller", "department")
    template_zh = "{caller} 无权代表部门 {department} 办理"
    template_en = "{caller} may not act for department {department}"


class InvalidUseKind(InvalidArgumentError):
    """``InvalidUseKind``: use kind."""

    signature = ("uint8",)
    argument_names = ("useKind",)
    template_zh = "使用类型 {useKind} 无效"
    template_en = "use kind {useKind} is not valid"


class InvalidPurpose(InvalidArgumentError):
    """``InvalidPurpose``: the consent purpose kind is not 1 (service) or 2 (application), or the purpose is zero."""

    signature = ("uint8", "bytes32")
    argument_names = ("purposeKind", "purpose")
    template_zh = "授权用途无效 (类型 {purposeKind}, 用途 {purpose}): 类型须为 1 (事项) 或 2 (办件), 用途不能为空"
    template_en = (
        "invalid consent purpose (kind {purposeKind}, purpose {purpose}): "
        "the kind must be 1 (service) or 2 (application) and the purpose non-zero"
    )


class StaleConsentEpoch(StateConflictError):
    """``StaleConsentEpoch``: the consent or withdrawal was signed before the citizen withdrew this consent."""

    signature = ("bytes32", "uint64", "uint64")
    argument_names = ("materialId", "epoch", "currentEpoch")
    template_zh = (
        "材料 {materialId} 的授权签名已失效: 签于第 {epoch} 期, 申请人其后已撤回授权 (当前第 {currentEpoch} 期)"
    )
    template_en = (
        "the consent signature for material {materialId} is stale: signed in epoch {epoch}, "
        "but the citizen has withdrawn the consent since (now epoch {currentEpoch})"
    )


class InvalidBatch(InvalidArgumentError):
    """``InvalidBatch``: invalid batch."""

    signature = ("bytes32", "uint32")
    argument_names = ("root", "count")
    template_zh = "证照批次无效 (根 {root}, 数量 {count})"
    template_en = "invalid batch: root {root}, count {count}"


class BatchAlreadyIssued(StateConflictError):
    """``BatchAlreadyIssued``: {issuer} already issued batch."""

    signature = ("bytes32", "bytes32")
    argument_names = ("root", "issuer")
    template_zh = "{issuer} 已签发过批次 {root}"
    template_en = "{issuer} already issued batch {root}"


class UnknownBatch(NotFoundError):
    """``UnknownBatch``: {issuer} never issued batch."""

    signature = ("bytes32", "bytes32")
    argument_names = ("root", "issuer")
    template_zh = "{issuer} 没有签发过批次 {root}"
    template_en = "{issuer} never issued batch {root}"


class BatchAlreadyRevoked(StateConflictError):
    """``BatchAlreadyRevoked``: batch."""

    signature = ("bytes32", "bytes32")
    argument_names = ("root", "issuer")
    template_zh = "批次 {root} 已撤销"
    template_en = "batch {root} is already revoked"


class CertificateAlreadyRevoked(StateConflictError):
    """``CertificateAlreadyRevoked``: certificate."""

    signature = ("bytes32",)
    argument_names = ("leaf",)
    template_zh = "证照 {leaf} 已撤销"
    template_en = "certificate {leaf} is already revoked"


class InvalidProof(InvalidArgumentError):
    """``InvalidProof``: the proof does not place."""

    signature = ("bytes32", "bytes32")
    argument_names = ("leaf", "root")
    template_zh = "默克尔证明无法把证照 {leaf} 归入批次 {root}"
    template_en = "the proof does not place {leaf} under root {root}"


class MissingRevocationReason(InvalidArgumentError):
    """``MissingRevocationReason``: a revocation needs a reason code."""

    template_zh = "撤销必须填写原因代码"
    template_en = "a revocation needs a reason code"


class NotAnIssuer(PermissionDeniedError):
    """``NotAnIssuer``: {caller} is not an Issuer of the active department."""

    signature = ("address", "bytes32")
    argument_names = ("caller", "issuer")
    template_zh = "{caller} 不是在用部门 {issuer} 的发证人员"
    template_en = "{caller} is not an Issuer of the active department {issuer}"


class MissingApplicationId(InvalidArgumentError):
    """``MissingApplicationId``: a completion certificate needs the id of its application."""

    template_zh = "办结证照必须注明办件编号"
    template_en = "a completion certificate needs the id of its application"


class MissingCertificateType(InvalidArgumentError):
    """``MissingCertificateType``: a completion certificate needs its certificate type."""

    template_zh = "办结证照必须注明证照类型"
    template_en = "a completion certificate needs its certificate type"


class InvalidRegion(InvalidArgumentError):
    """``InvalidRegion``: region."""

    signature = ("uint32",)
    argument_names = ("regionCode",)
    template_zh = "地区代码 {regionCode} 无效或为本区"
    template_en = "region {regionCode} is not a six-digit code or is this region"


class UnknownPeer(NotFoundError):
    """``UnknownPeer``: region."""

    signature = ("uint32",)
    argument_names = ("regionCode",)
    template_zh = "地区 {regionCode} 不在互认名单中"
    template_en = "region {regionCode} was never added as a peer"


class PeerAlreadyActive(StateConflictError):
    """``PeerAlreadyActive``: region."""

    signature = ("uint32",)
    argument_names = ("regionCode",)
    template_zh = "地区 {regionCode} 已在互认中"
    template_en = "region {regionCode} is already an active peer"


class PeerNotActive(StateConflictError):
    """``PeerNotActive``: region."""

    signature = ("uint32",)
    argument_names = ("regionCode",)
    template_zh = "地区 {regionCode} 已退出互认"
    template_en = "region {regionCode} is no longer recognised"


class PeerKeyUnchanged(StateConflictError):
    """``PeerKeyUnchanged``: key."""

    signature = ("uint32", "address")
    argument_names = ("regionCode", "key")
    template_zh = "地区 {regionCode} 的密钥 {key} 状态未变"
    template_en = "key {key} of region {regionCode} is already in that state"


class NotPeerKey(PermissionDeniedError):
    """``NotPeerKey``: {signer} is not a registered key of region."""

    signature = ("uint32", "address")
    argument_names = ("regionCode", "signer")
    template_zh = "签名者 {signer} 不是地区 {regionCode} 登记的密钥"
    template_en = "{signer} is not a registered key of region {regionCode}"


class AttestationReplayed(StateConflictError):
    """``AttestationReplayed``: attestation."""

    signature = ("uint32", "uint256")
    argument_names = ("regionCode", "nonce")
    template_zh = "地区 {regionCode} 的证明 {nonce} 已导入过 (重放)"
    template_en = "attestation {nonce} of region {regionCode} was imported already (replay)"


class AttestationExpired(StateConflictError):
    """``AttestationExpired``: the attestation expired at."""

    signature = ("uint40",)
    argument_names = ("validUntil",)
    template_zh = "证明已于 {validUntil} 过期"
    template_en = "the attestation expired at {validUntil}"


class InvalidAttestation(InvalidArgumentError):
    """``InvalidAttestation``: invalid attestation (kind."""

    signature = ("uint8", "bytes32")
    argument_names = ("kind", "subject")
    template_zh = "证明无效 (类型 {kind})"
    template_en = "invalid attestation (kind {kind}, subject {subject})"


class AttestationNotNewer(StateConflictError):
    """``AttestationNotNewer``: the origin's recognition of the subject in force is as new or newer
    (issuedAt, then nonce), so an older attestation cannot override it."""

    signature = ("bytes32", "uint32", "uint40", "uint256")
    argument_names = ("subject", "regionCode", "currentIssuedAt", "currentNonce")
    template_zh = (
        "地区 {regionCode} 对 {subject} 的有效证明不早于此证明 (签发时间 {currentIssuedAt}, 序号 {currentNonce})"
    )
    template_en = (
        "region {regionCode}'s recognition of {subject} in force is as new or newer "
        "(issued at {currentIssuedAt}, nonce {currentNonce})"
    )


class CheckpointUnorderedInsertion(StateConflictError):
    """``CheckpointUnorderedInsertion``: OpenZeppelin governance or token error (checkpoint unordered insertion)."""

    template_zh = "治理或凭证合约拒绝该操作: CheckpointUnorderedInsertion"
    template_en = "checkpoint unordered insertion"


class ECDSAInvalidSignature(PermissionDeniedError):
    """``ECDSAInvalidSignature``: OpenZeppelin governance or token error (e c d s a invalid signature)."""

    template_zh = "治理或凭证合约拒绝该操作: ECDSAInvalidSignature"
    template_en = "e c d s a invalid signature"


class ECDSAInvalidSignatureLength(PermissionDeniedError):
    """``ECDSAInvalidSignatureLength``: OpenZeppelin governance or token error (e c d s a invalid signature length)."""

    signature = ("uint256",)
    argument_names = ("length",)
    template_zh = "治理或凭证合约拒绝该操作: ECDSAInvalidSignatureLength (length={length})"
    template_en = "e c d s a invalid signature length (length={length})"


class ECDSAInvalidSignatureS(PermissionDeniedError):
    """``ECDSAInvalidSignatureS``: OpenZeppelin governance or token error (e c d s a invalid signature s)."""

    signature = ("bytes32",)
    argument_names = ("s",)
    template_zh = "治理或凭证合约拒绝该操作: ECDSAInvalidSignatureS (s={s})"
    template_en = "e c d s a invalid signature s (s={s})"


class ERC5805FutureLookup(StateConflictError):
    """``ERC5805FutureLookup``: OpenZeppelin governance or token error (e r c5805 future lookup)."""

    signature = ("uint256", "uint48")
    argument_names = ("timepoint", "clock")
    template_zh = "治理或凭证合约拒绝该操作: ERC5805FutureLookup (timepoint={timepoint}, clock={clock})"
    template_en = "e r c5805 future lookup (timepoint={timepoint}, clock={clock})"


class ERC6372InconsistentClock(StateConflictError):
    """``ERC6372InconsistentClock``: OpenZeppelin governance or token error (e r c6372 inconsistent clock)."""

    template_zh = "治理或凭证合约拒绝该操作: ERC6372InconsistentClock"
    template_en = "e r c6372 inconsistent clock"


class ERC721IncorrectOwner(PermissionDeniedError):
    """``ERC721IncorrectOwner``: OpenZeppelin governance or token error (e r c721 incorrect owner)."""

    signature = ("address", "uint256", "address")
    argument_names = ("sender", "tokenId", "owner")
    template_zh = "治理或凭证合约拒绝该操作: ERC721IncorrectOwner (sender={sender}, tokenId={tokenId}, owner={owner})"
    template_en = "e r c721 incorrect owner (sender={sender}, tokenId={tokenId}, owner={owner})"


class ERC721InsufficientApproval(PermissionDeniedError):
    """``ERC721InsufficientApproval``: OpenZeppelin governance or token error (e r c721 insufficient approval)."""

    signature = ("address", "uint256")
    argument_names = ("operator", "tokenId")
    template_zh = "治理或凭证合约拒绝该操作: ERC721InsufficientApproval (operator={operator}, tokenId={tokenId})"
    template_en = "e r c721 insufficient approval (operator={operator}, tokenId={tokenId})"


class ERC721InvalidApprover(InvalidArgumentError):
    """``ERC721InvalidApprover``: OpenZeppelin governance or token error (e r c721 invalid approver)."""

    signature = ("address",)
    argument_names = ("approver",)
    template_zh = "治理或凭证合约拒绝该操作: ERC721InvalidApprover (approver={approver})"
    template_en = "e r c721 invalid approver (approver={approver})"


class ERC721InvalidOperator(InvalidArgumentError):
    """``ERC721InvalidOperator``: OpenZeppelin governance or token error (e r c721 invalid operator)."""

    signature = ("address",)
    argument_names = ("operator",)
    template_zh = "治理或凭证合约拒绝该操作: ERC721InvalidOperator (operator={operator})"
    template_en = "e r c721 invalid operator (operator={operator})"


class ERC721InvalidOwner(InvalidArgumentError):
    """``ERC721InvalidOwner``: OpenZeppelin governance or token error (e r c721 invalid owner)."""

    signature = ("address",)
    argument_names = ("owner",)
    template_zh = "治理或凭证合约拒绝该操作: ERC721InvalidOwner (owner={owner})"
    template_en = "e r c721 invalid owner (owner={owner})"


class ERC721InvalidReceiver(InvalidArgumentError):
    """``ERC721InvalidReceiver``: OpenZeppelin governance or token error (e r c721 invalid receiver)."""

    signature = ("address",)
    argument_names = ("receiver",)
    template_zh = "治理或凭证合约拒绝该操作: ERC721InvalidReceiver (receiver={receiver})"
    template_en = "e r c721 invalid receiver (receiver={receiver})"


class ERC721InvalidSender(InvalidArgumentError):
    """``ERC721InvalidSender``: OpenZeppelin governance or token error (e r c721 invalid sender)."""

    signature = ("address",)
    argument_names = ("sender",)
    template_zh = "治理或凭证合约拒绝该操作: ERC721InvalidSender (sender={sender})"
    template_en = "e r c721 invalid sender (sender={sender})"


class ERC721NonexistentToken(NotFoundError):
    """``ERC721NonexistentToken``: OpenZeppelin governance or token error (e r c721 nonexistent token)."""

    signature = ("uint256",)
    argument_names = ("tokenId",)
    template_zh = "治理或凭证合约拒绝该操作: ERC721NonexistentToken (tokenId={tokenId})"
    template_en = "e r c721 nonexistent token (tokenId={tokenId})"


class InvalidAccountNonce(StateConflictError):
    """``InvalidAccountNonce``: OpenZeppelin governance or token error (invalid account nonce)."""

    signature = ("address", "uint256")
    argument_names = ("account", "currentNonce")
    template_zh = "治理或凭证合约拒绝该操作: InvalidAccountNonce (account={account}, currentNonce={currentNonce})"
    template_en = "invalid account nonce (account={account}, currentNonce={currentNonce})"


class OwnableInvalidOwner(InvalidArgumentError):
    """``OwnableInvalidOwner``: OpenZeppelin governance or token error (ownable invalid owner)."""

    signature = ("address",)
    argument_names = ("owner",)
    template_zh = "治理或凭证合约拒绝该操作: OwnableInvalidOwner (owner={owner})"
    template_en = "ownable invalid owner (owner={owner})"


class OwnableUnauthorizedAccount(PermissionDeniedError):
    """``OwnableUnauthorizedAccount``: OpenZeppelin governance or token error (ownable unauthorized account)."""

    signature = ("address",)
    argument_names = ("account",)
    template_zh = "治理或凭证合约拒绝该操作: OwnableUnauthorizedAccount (account={account})"
    template_en = "ownable unauthorized account (account={account})"


class SafeCastOverflowedUintDowncast(InvalidArgumentError):
    """``SafeCastOverflowedUintDowncast``: an OpenZeppelin governance or token error."""

    signature = ("uint8", "uint256")
    argument_names = ("bits", "value")
    template_zh = "治理或凭证合约拒绝该操作: SafeCastOverflowedUintDowncast (bits={bits}, value={value})"
    template_en = "safe cast overflowed uint downcast (bits={bits}, value={value})"


class SeatNotTransferable(PermissionDeniedError):
    """``SeatNotTransferable``: OpenZeppelin governance or token error (seat not transferable)."""

    signature = ("uint256",)
    argument_names = ("seat",)
    template_zh = "治理或凭证合约拒绝该操作: SeatNotTransferable (seat={seat})"
    template_en = "seat not transferable (seat={seat})"


class VotesExpiredSignature(StateConflictError):
    """``VotesExpiredSignature``: OpenZeppelin governance or token error (votes expired signature)."""

    signature = ("uint256",)
    argument_names = ("expiry",)
    template_zh = "治理或凭证合约拒绝该操作: VotesExpiredSignature (expiry={expiry})"
    template_en = "votes expired signature (expiry={expiry})"


class FailedCall(StateConflictError):
    """``FailedCall``: OpenZeppelin governance or token error (failed call)."""

    template_zh = "治理或凭证合约拒绝该操作: FailedCall"
    template_en = "failed call"


class TimelockInsufficientDelay(InvalidArgumentError):
    """``TimelockInsufficientDelay``: OpenZeppelin governance or token error (timelock insufficient delay)."""

    signature = ("uint256", "uint256")
    argument_names = ("delay", "minDelay")
    template_zh = "治理或凭证合约拒绝该操作: TimelockInsufficientDelay (delay={delay}, minDelay={minDelay})"
    template_en = "timelock insufficient delay (delay={delay}, minDelay={minDelay})"


class TimelockInvalidOperationLength(InvalidArgumentError):
    """``TimelockInvalidOperationLength``: an OpenZeppelin governance or token error."""

    signature = ("uint256", "uint256", "uint256")
    argument_names = ("targets", "payloads", "values")
    template_zh = (
        "治理或凭证合约拒绝该操作: TimelockInvalidOperationLength"
        " (targets={targets}, payloads={payloads}, values={values})"
    )
    template_en = "timelock invalid operation length (targets={targets}, payloads={payloads}, values={values})"


class TimelockUnauthorizedCaller(PermissionDeniedError):
    """``TimelockUnauthorizedCaller``: OpenZeppelin governance or token error (timelock unauthorized caller)."""

    signature = ("address",)
    argument_names = ("caller",)
    template_zh = "治理或凭证合约拒绝该操作: TimelockUnauthorizedCaller (caller={caller})"
    template_en = "timelock unauthorized caller (caller={caller})"


class TimelockUnexecutedPredecessor(StateConflictError):
    """``TimelockUnexecutedPredecessor``: OpenZeppelin governance or token error (timelock unexecuted predecessor)."""

    signature = ("bytes32",)
    argument_names = ("predecessorId",)
    template_zh = "治理或凭证合约拒绝该操作: TimelockUnexecutedPredecessor (predecessorId={predecessorId})"
    template_en = "timelock unexecuted predecessor (predecessorId={predecessorId})"


class TimelockUnexpectedOperationState(StateConflictError):
    """``TimelockUnexpectedOperationState``: an OpenZeppelin governance or token error."""

    signature = ("bytes32", "bytes32")
    argument_names = ("operationId", "expectedStates")
    template_zh = (
        "治理或凭证合约拒绝该操作: TimelockUnexpectedOperationState"
        " (operationId={operationId}, expectedStates={expectedStates})"
    )
    template_en = "timelock unexpected operation state (operationId={operationId}, expectedStates={expectedStates})"


class GovernorAlreadyCastVote(StateConflictError):
    """``GovernorAlreadyCastVote``: OpenZeppelin governance or token error (governor already cast vote)."""

    signature = ("address",)
    argument_names = ("voter",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorAlreadyCastVote (voter={voter})"
    template_en = "governor already cast vote (voter={voter})"


class GovernorAlreadyQueuedProposal(StateConflictError):
    """``GovernorAlreadyQueuedProposal``: OpenZeppelin governance or token error (governor already queued proposal)."""

    signature = ("uint256",)
    argument_names = ("proposalId",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorAlreadyQueuedProposal (proposalId={proposalId})"
    template_en = "governor already queued proposal (proposalId={proposalId})"


class GovernorDisabledDeposit(InvalidArgumentError):
    """``GovernorDisabledDeposit``: OpenZeppelin governance or token error (governor disabled deposit)."""

    template_zh = "治理或凭证合约拒绝该操作: GovernorDisabledDeposit"
    template_en = "governor disabled deposit"


class GovernorInsufficientProposerVotes(PermissionDeniedError):
    """``GovernorInsufficientProposerVotes``: an OpenZeppelin governance or token error."""

    signature = ("address", "uint256", "uint256")
    argument_names = ("proposer", "votes", "threshold")
    template_zh = (
        "治理或凭证合约拒绝该操作: GovernorInsufficientProposerVotes"
        " (proposer={proposer}, votes={votes}, threshold={threshold})"
    )
    template_en = "governor insufficient proposer votes (proposer={proposer}, votes={votes}, threshold={threshold})"


class GovernorInvalidProposalLength(InvalidArgumentError):
    """``GovernorInvalidProposalLength``: OpenZeppelin governance or token error (governor invalid proposal length)."""

    signature = ("uint256", "uint256", "uint256")
    argument_names = ("targets", "calldatas", "values")
    template_zh = (
        "治理或凭证合约拒绝该操作: GovernorInvalidProposalLength"
        " (targets={targets}, calldatas={calldatas}, values={values})"
    )
    template_en = "governor invalid proposal length (targets={targets}, calldatas={calldatas}, values={values})"


class GovernorInvalidSignature(PermissionDeniedError):
    """``GovernorInvalidSignature``: OpenZeppelin governance or token error (governor invalid signature)."""

    signature = ("address",)
    argument_names = ("voter",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorInvalidSignature (voter={voter})"
    template_en = "governor invalid signature (voter={voter})"


class GovernorInvalidVoteParams(InvalidArgumentError):
    """``GovernorInvalidVoteParams``: OpenZeppelin governance or token error (governor invalid vote params)."""

    template_zh = "治理或凭证合约拒绝该操作: GovernorInvalidVoteParams"
    template_en = "governor invalid vote params"


class GovernorInvalidVoteType(InvalidArgumentError):
    """``GovernorInvalidVoteType``: OpenZeppelin governance or token error (governor invalid vote type)."""

    template_zh = "治理或凭证合约拒绝该操作: GovernorInvalidVoteType"
    template_en = "governor invalid vote type"


class GovernorInvalidVotingPeriod(InvalidArgumentError):
    """``GovernorInvalidVotingPeriod``: OpenZeppelin governance or token error (governor invalid voting period)."""

    signature = ("uint256",)
    argument_names = ("votingPeriod",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorInvalidVotingPeriod (votingPeriod={votingPeriod})"
    template_en = "governor invalid voting period (votingPeriod={votingPeriod})"


class GovernorNonexistentProposal(NotFoundError):
    """``GovernorNonexistentProposal``: OpenZeppelin governance or token error (governor nonexistent proposal)."""

    signature = ("uint256",)
    argument_names = ("proposalId",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorNonexistentProposal (proposalId={proposalId})"
    template_en = "governor nonexistent proposal (proposalId={proposalId})"


class GovernorOnlyExecutor(PermissionDeniedError):
    """``GovernorOnlyExecutor``: OpenZeppelin governance or token error (governor only executor)."""

    signature = ("address",)
    argument_names = ("account",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorOnlyExecutor (account={account})"
    template_en = "governor only executor (account={account})"


class GovernorProposalQueueingFailed(StateConflictError):
    """``GovernorProposalQueueingFailed``: an OpenZeppelin governance or token error."""

    signature = ("uint256",)
    argument_names = ("proposalId",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorProposalQueueingFailed (proposalId={proposalId})"
    template_en = "governor proposal queueing failed (proposalId={proposalId})"


class GovernorProposalQueueingNotRequired(StateConflictError):
    """``GovernorProposalQueueingNotRequired``: an OpenZeppelin governance or token error."""

    signature = ("uint256",)
    argument_names = ("proposalId",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorProposalQueueingNotRequired (proposalId={proposalId})"
    template_en = "governor proposal queueing not required (proposalId={proposalId})"


class GovernorRestrictedProposer(PermissionDeniedError):
    """``GovernorRestrictedProposer``: OpenZeppelin governance or token error (governor restricted proposer)."""

    signature = ("address",)
    argument_names = ("proposer",)
    template_zh = "治理或凭证合约拒绝该操作: GovernorRestrictedProposer (proposer={proposer})"
    template_en = "governor restricted proposer (proposer={proposer})"


class GovernorUnableToCancel(StateConflictError):
    """``GovernorUnableToCancel``: OpenZeppelin governance or token error (governor unable to cancel)."""

    signature = ("uint256", "address")
    argument_names = ("proposalId", "account")
    template_zh = "治理或凭证合约拒绝该操作: GovernorUnableToCancel (proposalId={proposalId}, account={account})"
    template_en = "governor unable to cancel (proposalId={proposalId}, account={account})"


class GovernorUnexpectedProposalState(StateConflictError):
    """``GovernorUnexpectedProposalState``: an OpenZeppelin governance or token error."""

    signature = ("uint256", "uint8", "bytes32")
    argument_names = ("proposalId", "current", "expectedStates")
    template_zh = (
        "治理或凭证合约拒绝该操作: GovernorUnexpectedProposalState"
        " (proposalId={proposalId}, current={current}, expectedStates={expectedStates})"
    )
    template_en = (
        "governor unexpected proposal state (proposalId={proposalId},"
        " current={current}, expectedStates={expectedStates})"
    )


class InvalidQuorum(InvalidArgumentError):
    """``InvalidQuorum``: OpenZeppelin governance or token error (invalid quorum)."""

    signature = ("uint256",)
    argument_names = ("quorum",)
    template_zh = "治理或凭证合约拒绝该操作: InvalidQuorum (quorum={quorum})"
    template_en = "invalid quorum (quorum={quorum})"


class RuleNotAContract(InvalidArgumentError):
    """``RuleNotAContract``: a rule address has no contract code."""

    signature = ("address",)
    argument_names = ("rule",)
    template_zh = "规则地址 {rule} 上没有合约"
    template_en = "rule address {rule} holds no contract"


class DuplicateRule(InvalidArgumentError):
    """``DuplicateRule``: the same rule is listed twice."""

    signature = ("address",)
    argument_names = ("rule",)
    template_zh = "规则 {rule} 重复列出"
    template_en = "rule {rule} is listed twice"


class InvalidSupervisor(InvalidArgumentError):
    """``InvalidSupervisor``: escalation needs a registered supervising department."""

    signature = ("bytes32",)
    argument_names = ("supervisor",)
    template_zh = "督办部门 {supervisor} 无效: 仅上报督办需要已登记的督办部门"
    template_en = (
        "supervisor {supervisor} is invalid: escalation, and only escalation, needs a registered supervising department"
    )


class InvalidCertificateTerms(InvalidArgumentError):
    """``InvalidCertificateTerms``: a completion certificate needs a type and a registered issuer."""

    signature = ("bytes32", "bytes32")
    argument_names = ("certificateType", "certificateIssuer")
    template_zh = "办结证照类型 {certificateType} 与发证部门 {certificateIssuer} 须同时给出且部门已登记"
    template_en = "certificate type {certificateType} and issuer {certificateIssuer} go together (issuer registered)"


class InvalidMaterialType(InvalidArgumentError):
    """``InvalidMaterialType``: required material type ``index`` is zero, which no material can have."""

    signature = ("uint256",)
    argument_names = ("index",)
    template_zh = "第 {index} 项所需材料类型为空, 没有材料能具备此类型"
    template_en = "required material type {index} is zero, which no material can have"


class UnknownFollowOnService(NotFoundError):
    """``UnknownFollowOnService``: the follow-on service is not published (publish it first)."""

    signature = ("bytes32",)
    argument_names = ("service",)
    template_zh = "后续事项 {service} 尚未发布, 请先发布后续事项"
    template_en = "follow-on service {service} is not published; publish it first"


class DuplicateFollowOnService(InvalidArgumentError):
    """``DuplicateFollowOnService``: the same follow-on service is named twice."""

    signature = ("bytes32",)
    argument_names = ("service",)
    template_zh = "后续事项 {service} 重复列出"
    template_en = "follow-on service {service} is named twice"


class InvalidDeadlinePolicy(InvalidArgumentError):
    """``InvalidDeadlinePolicy``: the number is not a deadline policy (0 flag only, 1 escalate, 2 deemed approval)."""

    signature = ("uint256",)
    argument_names = ("policy",)
    template_zh = "超期处理方式 {policy} 无效 (0 仅标记, 1 督办, 2 视为同意)"
    template_en = "deadline policy {policy} is invalid (0 flag only, 1 escalate, 2 deemed approval)"


class NotOverdue(StateConflictError):
    """``NotOverdue``: the open step is not overdue yet."""

    signature = ("bytes32", "uint40")
    argument_names = ("applicationId", "deadline")
    template_zh = "办件 {applicationId} 当前环节未超期 (时限 {deadline})"
    template_en = "application {applicationId} is not overdue before {deadline}"


class AlreadyFlagged(StateConflictError):
    """``AlreadyFlagged``: the step was flagged overdue already."""

    signature = ("bytes32", "uint8")
    argument_names = ("applicationId", "stepIndex")
    template_zh = "办件 {applicationId} 第 {stepIndex} 环节已标记超期"
    template_en = "step {stepIndex} of application {applicationId} was flagged overdue already"


class RuleFailed(StateConflictError):
    """``RuleFailed``: a rule failed without a reason."""

    signature = ("address",)
    argument_names = ("rule",)
    template_zh = "规则 {rule} 未给出原因即失败 (超出燃料上限或不是规则合约)"
    template_en = "rule {rule} failed without a reason (out of its gas allowance, or not a rule)"


class FollowOnMaterialMissing(StateConflictError):
    """``FollowOnMaterialMissing``: the parent carried no material of a type the follow-on needs."""

    signature = ("bytes32", "bytes32")
    argument_names = ("service", "materialType")
    template_zh = "关联事项 {service} 需要的材料 {materialType} 在原办件中没有"
    template_en = "follow-on service {service} needs a {materialType} material the parent did not carry"


class OnlyLedger(PermissionDeniedError):
    """``OnlyLedger``: only the ledger opens follow-on applications."""

    signature = ("address",)
    argument_names = ("caller",)
    template_zh = "只有办件账本自身可以开启关联办件, {caller} 不行"
    template_en = "only the ledger itself opens follow-on applications, not {caller}"


class RequiredMaterialMissing(StateConflictError):
    """``RequiredMaterialMissing``: the application carries no material of the required type."""

    signature = ("bytes32", "bytes32")
    argument_names = ("applicationId", "materialType")
    template_zh = "办件 {applicationId} 没有 {materialType} 类材料"
    template_en = "application {applicationId} carries no {materialType} material"


class RequiredMaterialInvalid(StateConflictError):
    """``RequiredMaterialInvalid``: the attached material of the required type is not valid now."""

    signature = ("bytes32", "bytes32", "bytes")
    argument_names = ("applicationId", "materialId", "reason")
    template_zh = "办件 {applicationId} 的材料 {materialId} 已失效: {reason}"
    template_en = "material {materialId} of application {applicationId} is no longer valid: {reason}"


class PrerequisiteNotCompleted(StateConflictError):
    """``PrerequisiteNotCompleted``: the prerequisite service was not completed yet."""

    signature = ("bytes32", "bytes32")
    argument_names = ("applicationId", "prerequisite")
    template_zh = "办件 {applicationId} 须先办结前置事项 {prerequisite}"
    template_en = "application {applicationId} needs {prerequisite} completed first"


class WaitingPeriodNotOver(StateConflictError):
    """``WaitingPeriodNotOver``: the waiting period is not over."""

    signature = ("bytes32", "uint40")
    argument_names = ("applicationId", "endsAt")
    template_zh = "办件 {applicationId} 的公示期至 {endsAt} 才结束"
    template_en = "the waiting period of application {applicationId} ends at {endsAt}"


class InvalidWaitingPeriod(InvalidArgumentError):
    """``InvalidWaitingPeriod``: a waiting period must be longer than zero."""

    signature = ()
    argument_names = ()
    template_zh = "等待期必须大于零秒"
    template_en = "a waiting period must be longer than zero seconds"


class PaymentNotConfirmed(StateConflictError):
    """``PaymentNotConfirmed``: no payment was confirmed for the application."""

    signature = ("bytes32", "bytes32")
    argument_names = ("applicationId", "feeDepartment")
    template_zh = "办件 {applicationId} 尚无 {feeDepartment} 的缴费确认"
    template_en = "application {applicationId} has no payment confirmed by {feeDepartment}"


class PaymentAlreadyConfirmed(StateConflictError):
    """``PaymentAlreadyConfirmed``: the payment was confirmed already."""

    signature = ("bytes32",)
    argument_names = ("applicationId",)
    template_zh = "办件 {applicationId} 的缴费已确认"
    template_en = "the payment of application {applicationId} was confirmed already"


class MissingReceipt(InvalidArgumentError):
    """``MissingReceipt``: a confirmation needs the receipt hash."""

    signature = ("bytes32",)
    argument_names = ("applicationId",)
    template_zh = "办件 {applicationId} 的缴费确认需要收据哈希"
    template_en = "confirming the payment of application {applicationId} needs the receipt hash"


class NotAFeeClerk(PermissionDeniedError):
    """``NotAFeeClerk``: the caller is not a clerk of the fee department."""

    signature = ("address", "bytes32")
    argument_names = ("caller", "feeDepartment")
    template_zh = "{caller} 不是收费部门 {feeDepartment} 的受理人员"
    template_en = "{caller} is not a clerk of the fee department {feeDepartment}"


class RequiredMaterialExpiresSoon(StateConflictError):
    """``RequiredMaterialExpiresSoon``: the attached material expires sooner than the rule allows."""

    signature = ("bytes32", "bytes32", "uint40")
    argument_names = ("applicationId", "materialId", "validUntil")
    template_zh = "办件 {applicationId} 的材料 {materialId} 将于 {validUntil} 到期, 剩余有效期不足"
    template_en = "material {materialId} of application {applicationId} expires at {validUntil}, too soon"


class InsufficientGas(StateConflictError):
    """``InsufficientGas``: the gas limit leaves too little for a rule or a follow-on application."""

    signature = ("uint256",)
    argument_names = ("required",)
    template_zh = "燃料上限不足: 规则或关联办件需要 {required}, 请提高燃料上限后重发"
    template_en = "the gas limit leaves less than {required} for a rule or a follow-on; send with more gas"


class FollowOnNotFailed(StateConflictError):
    """``FollowOnNotFailed``: no failed follow-on of the parent under the service is recorded to retry."""

    signature = ("bytes32", "bytes32")
    argument_names = ("parentId", "service")
    template_zh = "办件 {parentId} 没有记录开启失败的关联事项 {service}, 无需重试"
    template_en = "no failure of follow-on {service} is recorded for application {parentId}: nothing to retry"


class FollowOnAlreadyOpen(StateConflictError):
    """``FollowOnAlreadyOpen``: the follow-on application is open already."""

    signature = ("bytes32", "bytes32", "bytes32")
    argument_names = ("parentId", "service", "childId")
    template_zh = "办件 {parentId} 的关联事项 {service} 已开启为办件 {childId}"
    template_en = "follow-on {service} of application {parentId} is open already as {childId}"


class AddressEmptyCode(InvalidArgumentError):
    """``AddressEmptyCode``: the target address holds no contract."""

    signature = ("address",)
    argument_names = ("target",)
    template_zh = "地址 {target} 上没有合约"
    template_en = "there is no contract at {target}"


class ERC1967InvalidImplementation(InvalidArgumentError):
    """``ERC1967InvalidImplementation``: the new implementation is not a UUPS contract."""

    signature = ("address",)
    argument_names = ("implementation",)
    template_zh = "{implementation} 不是可升级的实现合约"
    template_en = "{implementation} is not an upgradeable (UUPS) implementation"


class ERC1967NonPayable(InvalidArgumentError):
    """``ERC1967NonPayable``: the upgrade call was sent with value."""

    signature = ()
    argument_names = ()
    template_zh = "升级调用不接受转账"
    template_en = "the upgrade call does not accept value"


class InvalidInitialization(StateConflictError):
    """``InvalidInitialization``: the contract was initialized already."""

    signature = ()
    argument_names = ()
    template_zh = "合约已初始化, 不能再次初始化"
    template_en = "the contract is initialized already and cannot be initialized again"


class NotInitializing(StateConflictError):
    """``NotInitializing``: the function runs only while initializing."""

    signature = ()
    argument_names = ()
    template_zh = "该函数只能在初始化时调用"
    template_en = "this function runs only during initialization"


class UUPSUnauthorizedCallContext(PermissionDeniedError):
    """``UUPSUnauthorizedCallContext``: the upgrade was called on the implementation, not the proxy."""

    signature = ()
    argument_names = ()
    template_zh = "升级函数只能经代理调用"
    template_en = "the upgrade function can only be called through the proxy"


class UUPSUnsupportedProxiableUUID(InvalidArgumentError):
    """``UUPSUnsupportedProxiableUUID``: the new implementation's proxiable UUID is not the ERC-1967 slot."""

    signature = ("bytes32",)
    argument_names = ("slot",)
    template_zh = "新实现声明的代理槽 {slot} 不是 ERC-1967 实现槽"
    template_en = "the new implementation names proxiable slot {slot}, not the ERC-1967 implementation slot"


_CLASSES: dict[str, type[ContractError]] = {
    "AddressEmptyCode": AddressEmptyCode,
    "ERC1967InvalidImplementation": ERC1967InvalidImplementation,
    "ERC1967NonPayable": ERC1967NonPayable,
    "InvalidInitialization": InvalidInitialization,
    "NotInitializing": NotInitializing,
    "UUPSUnauthorizedCallContext": UUPSUnauthorizedCallContext,
    "UUPSUnsupportedProxiableUUID": UUPSUnsupportedProxiableUUID,
    "InsufficientGas": InsufficientGas,
    "FollowOnNotFailed": FollowOnNotFailed,
    "FollowOnAlreadyOpen": FollowOnAlreadyOpen,
    "RequiredMaterialExpiresSoon": RequiredMaterialExpiresSoon,
    "RuleNotAContract": RuleNotAContract,
    "DuplicateRule": DuplicateRule,
    "InvalidSupervisor": InvalidSupervisor,
    "InvalidCertificateTerms": InvalidCertificateTerms,
    "InvalidMaterialType": InvalidMaterialType,
    "UnknownFollowOnService": UnknownFollowOnService,
    "DuplicateFollowOnService": DuplicateFollowOnService,
    "InvalidDeadlinePolicy": InvalidDeadlinePolicy,
    "NotOverdue": NotOverdue,
    "AlreadyFlagged": AlreadyFlagged,
    "RuleFailed": RuleFailed,
    "FollowOnMaterialMissing": FollowOnMaterialMissing,
    "OnlyLedger": OnlyLedger,
    "RequiredMaterialMissing": RequiredMaterialMissing,
    "RequiredMaterialInvalid": RequiredMaterialInvalid,
    "PrerequisiteNotCompleted": PrerequisiteNotCompleted,
    "WaitingPeriodNotOver": WaitingPeriodNotOver,
    "InvalidWaitingPeriod": InvalidWaitingPeriod,
    "PaymentNotConfirmed": PaymentNotConfirmed,
    "PaymentAlreadyConfirmed": PaymentAlreadyConfirmed,
    "MissingReceipt": MissingReceipt,
    "NotAFeeClerk": NotAFeeClerk,
    "ZeroAddress": ZeroAddress,
    "UnknownDepartment": UnknownDepartment,
    "DepartmentInactive": DepartmentInactive,
    "DepartmentAlreadyRegistered": DepartmentAlreadyRegistered,
    "InvalidDepartmentCode": InvalidDepartmentCode,
    "InvalidRegionCode": InvalidRegionCode,
    "InvalidDepartmentName": InvalidDepartmentName,
    "InvalidOfficerRole": InvalidOfficerRole,
    "NotDepartmentManager": NotDepartmentManager,
    "OfficerRoleAlreadyGranted": OfficerRoleAlreadyGranted,
    "OfficerRoleNotHeld": OfficerRoleNotHeld,
    "DepartmentStatusUnchanged": DepartmentStatusUnchanged,
    "InvalidServiceCode": InvalidServiceCode,
    "UnknownService": UnknownService,
    "UnknownServiceVersion": UnknownServiceVersion,
    "ServiceInactive": ServiceInactive,
    "ServiceAlreadyPublished": ServiceAlreadyPublished,
    "InvalidStepCount": InvalidStepCount,
    "InvalidStepRole": InvalidStepRole,
    "ListTooLong": ListTooLong,
    "InvalidServiceName": InvalidServiceName,
    "InvalidTimeLimit": InvalidTimeLimit,
    "ServiceStatusUnchanged": ServiceStatusUnchanged,
    "InvalidApplicationId": InvalidApplicationId,
    "InvalidApplicantCommitment": InvalidApplicantCommitment,
    "ApplicationAlreadyExists": ApplicationAlreadyExists,
    "UnknownApplication": UnknownApplication,
    "WrongStatus": WrongStatus,
    "UnauthorizedOfficer": UnauthorizedOfficer,
    "MissingReasonCode": MissingReasonCode,
    "InvalidBatchSize": InvalidBatchSize,
    "StepMismatch": StepMismatch,
    "MaterialCountMismatch": MaterialCountMismatch,
    "CheckpointUnorderedInsertion": CheckpointUnorderedInsertion,
    "ECDSAInvalidSignature": ECDSAInvalidSignature,
    "ECDSAInvalidSignatureLength": ECDSAInvalidSignatureLength,
    "ECDSAInvalidSignatureS": ECDSAInvalidSignatureS,
    "ERC5805FutureLookup": ERC5805FutureLookup,
    "ERC6372InconsistentClock": ERC6372InconsistentClock,
    "ERC721IncorrectOwner": ERC721IncorrectOwner,
    "ERC721InsufficientApproval": ERC721InsufficientApproval,
    "ERC721InvalidApprover": ERC721InvalidApprover,
    "ERC721InvalidOperator": ERC721InvalidOperator,
    "ERC721InvalidOwner": ERC721InvalidOwner,
    "ERC721InvalidReceiver": ERC721InvalidReceiver,
    "ERC721InvalidSender": ERC721InvalidSender,
    "ERC721NonexistentToken": ERC721NonexistentToken,
    "InvalidAccountNonce": InvalidAccountNonce,
    "OwnableInvalidOwner": OwnableInvalidOwner,
    "OwnableUnauthorizedAccount": OwnableUnauthorizedAccount,
    "SafeCastOverflowedUintDowncast": SafeCastOverflowedUintDowncast,
    "SeatNotTransferable": SeatNotTransferable,
    "VotesExpiredSignature": VotesExpiredSignature,
    "FailedCall": FailedCall,
    "TimelockInsufficientDelay": TimelockInsufficientDelay,
    "TimelockInvalidOperationLength": TimelockInvalidOperationLength,
    "TimelockUnauthorizedCaller": TimelockUnauthorizedCaller,
    "TimelockUnexecutedPredecessor": TimelockUnexecutedPredecessor,
    "TimelockUnexpectedOperationState": TimelockUnexpectedOperationState,
    "GovernorAlreadyCastVote": GovernorAlreadyCastVote,
    "GovernorAlreadyQueuedProposal": GovernorAlreadyQueuedProposal,
    "GovernorDisabledDeposit": GovernorDisabledDeposit,
    "GovernorInsufficientProposerVotes": GovernorInsufficientProposerVotes,
    "GovernorInvalidProposalLength": GovernorInvalidProposalLength,
    "GovernorInvalidSignature": GovernorInvalidSignature,
    "GovernorInvalidVoteParams": GovernorInvalidVoteParams,
    "GovernorInvalidVoteType": GovernorInvalidVoteType,
    "GovernorInvalidVotingPeriod": GovernorInvalidVotingPeriod,
    "GovernorNonexistentProposal": GovernorNonexistentProposal,
    "GovernorOnlyExecutor": GovernorOnlyExecutor,
    "GovernorProposalQueueingFailed": GovernorProposalQueueingFailed,
    "GovernorProposalQueueingNotRequired": GovernorProposalQueueingNotRequired,
    "GovernorRestrictedProposer": GovernorRestrictedProposer,
    "GovernorUnableToCancel": GovernorUnableToCancel,
    "GovernorUnexpectedProposalState": GovernorUnexpectedProposalState,
    "InvalidQuorum": InvalidQuorum,
    "InvalidBatch": InvalidBatch,
    "BatchAlreadyIssued": BatchAlreadyIssued,
    "UnknownBatch": UnknownBatch,
    "BatchAlreadyRevoked": BatchAlreadyRevoked,
    "CertificateAlreadyRevoked": CertificateAlreadyRevoked,
    "InvalidProof": InvalidProof,
    "MissingRevocationReason": MissingRevocationReason,
    "NotAnIssuer": NotAnIssuer,
    "MissingApplicationId": MissingApplicationId,
    "MissingCertificateType": MissingCertificateType,
    "InvalidRegion": InvalidRegion,
    "UnknownPeer": UnknownPeer,
    "PeerAlreadyActive": PeerAlreadyActive,
    "PeerNotActive": PeerNotActive,
    "PeerKeyUnchanged": PeerKeyUnchanged,
    "NotPeerKey": NotPeerKey,
    "AttestationReplayed": AttestationReplayed,
    "AttestationExpired": AttestationExpired,
    "InvalidAttestation": InvalidAttestation,
    "AttestationNotNewer": AttestationNotNewer,
    "InvalidShortString": InvalidShortString,
    "StringTooLong": StringTooLong,
    "UnknownMaterial": UnknownMaterial,
    "MaterialAlreadyExists": MaterialAlreadyExists,
    "InvalidMaterial": InvalidMaterial,
    "MaterialTypeMismatch": MaterialTypeMismatch,
    "MaterialIsRevoked": MaterialIsRevoked,
    "MaterialIsSuperseded": MaterialIsSuperseded,
    "MaterialNotValidNow": MaterialNotValidNow,
    "ConsentMissing": ConsentMissing,
    "InvalidOwnerSignature": InvalidOwnerSignature,
    "NonceAlreadyUsed": NonceAlreadyUsed,
    "SignatureExpired": SignatureExpired,
    "InvalidConsentPeriod": InvalidConsentPeriod,
    "NotAuthorizedForDepartment": NotAuthorizedForDepartment,
    "InvalidUseKind": InvalidUseKind,
    "InvalidPurpose": InvalidPurpose,
    "StaleConsentEpoch": StaleConsentEpoch,
    "AccessControlUnauthorizedAccount": AccessControlUnauthorizedAccount,
    "AccessControlBadConfirmation": AccessControlBadConfirmation,
    "EnforcedPause": EnforcedPause,
    "ExpectedPause": ExpectedPause,
}

_SELECTORS: dict[bytes, type[ContractError]] = {
    function_signature_to_4byte_selector(f"{name}({','.join(cls.signature)})"): cls for name, cls in _CLASSES.items()
}


def contract_error_classes() -> dict[str, type[ContractError]]:
    """The exception class of every custom error of the suite, by Solidity error name."""
    return dict(_CLASSES)


def decode_revert(data: bytes | str | None) -> ContractError:
    """Turn revert data into the matching :class:`ContractError` subclass instance."""
    raw = _as_bytes(data)
    cls = _SELECTORS.get(raw[:4])
    if cls is None:
        return UnknownContractError({"data": "0x" + raw.hex() if raw else "(empty)"}, raw=raw)
    try:
        values = abi_decode(list(cls.signature), raw[4:])
    except Exception:  # noqa: BLE001 - malformed data is reported, not raised
        return UnknownContractError({"data": "0x" + raw.hex()}, raw=raw)
    return cls(dict(zip(cls.argument_names, values, strict=True)), raw=raw)


def _as_bytes(data: bytes | str | None) -> bytes:
    if data is None:
        return b""
    if isinstance(data, bytes | bytearray):
        return bytes(data)
    text = data[2:] if data.startswith("0x") else data
    try:
        return bytes.fromhex(text)
    except ValueError:
        return b""


_CODE_ARGUMENTS = {
    "department",
    "service",
    "issuer",
    "expected",
    "actual",
    "materialType",
    "supervisor",
    "prerequisite",
    "feeDepartment",
    "certificateType",
    "certificateIssuer",
}
_TIME_ARGUMENTS = {"deadline", "endsAt", "validUntil"}


def _display(name: str, value: Any, language: str) -> str:
    """Show an argument the way a clerk reads it, in ``language`` ("zh" or "en")."""
    try:
        if name == "role":
            role = OfficerRole(value)
            return role.label_zh if language == "zh" else role.label_en
        if name == "status":
            status = ApplicationStatus(value)
            return status.label_zh if language == "zh" else status.label_en
    except ValueError:
        return str(value)
    if name in _CODE_ARGUMENTS and isinstance(value, bytes):
        return bytes32_to_code(value)
    if name in _TIME_ARGUMENTS and isinstance(value, int) and value > 0:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M UTC")
    if name == "reason" and isinstance(value, bytes):
        nested = decode_revert(value)
        return nested.message_zh if language == "zh" else nested.message_en
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    return str(value)
