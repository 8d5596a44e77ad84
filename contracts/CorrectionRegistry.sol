// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Codes} from "./common/Codes.sol";
import {OfficerRole, ZeroAddress} from "./common/Types.sol";
import {SuitePausable} from "./common/SuitePausable.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {ICertificateRegistry} from "./interfaces/ICertificateRegistry.sol";
import {ICorrectionRegistry} from "./interfaces/ICorrectionRegistry.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title CorrectionRegistry
/// @notice 更正: corrections of clerical errors in decisions and certificates, appended next to the records they
/// correct, which stay as they were.
/// @dev Reads the ledger, the certificate registry and the department registry; writes nothing but its own
/// append-only lists. A decision's department is read from the catalogue's published version (what the ledger
/// itself follows), so a concluded application (rejected, completed) names the department of the step it was
/// decided at even though the ledger's `currentStep` answers only while a step is open.
contract CorrectionRegistry is ICorrectionRegistry, SuitePausable {
    /// @notice The field whose corrected value must be a uint16 reason code.
    bytes32 public constant REASON_CODE_FIELD = "reasonCode";

    /// @inheritdoc ICorrectionRegistry
    IDepartmentRegistry public immutable departments;
    /// @inheritdoc ICorrectionRegistry
    IApplicationLedger public immutable ledger;
    /// @inheritdoc ICorrectionRegistry
    ICertificateRegistry public immutable certificates;

    /// @custom:storage-location erc7201:zhangdian.storage.CorrectionRegistry
    struct CorrectionRegistryStorage {
        mapping(bytes32 subjectId => Correction[]) corrections;
        uint256 count;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.CorrectionRegistry")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0x5635b9558c5a2945c5dbaa596c657dd195f081e55e757c853787c505f4026500;

    /// @param departmentRegistry The department registry (its proxy), fixed in this implementation.
    /// @param applicationLedger The application ledger (its proxy), fixed in this implementation.
    /// @param certificateRegistry The certificate registry (its proxy), fixed in this implementation.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(
        IDepartmentRegistry departmentRegistry,
        IApplicationLedger applicationLedger,
        ICertificateRegistry certificateRegistry
    ) {
        if (
            address(departmentRegistry) == address(0) || address(applicationLedger) == address(0)
                || address(certificateRegistry) == address(0)
        ) revert ZeroAddress();
        departments = departmentRegistry;
        ledger = applicationLedger;
        certificates = certificateRegistry;
        _disableInitializers();
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc ICorrectionRegistry
    function correctDecision(bytes32 applicationId, bytes32 field, bytes32 correctedValue, uint16 reasonCode)
        external
        whenNotPaused
    {
        IApplicationLedger.Application memory application = ledger.getApplication(applicationId);
        _checkCorrection(field, correctedValue, reasonCode);
        bytes32 department = _decisionDepartment(application);
        address actor = _msgSender();
        if (!departments.canAct(department, actor, OfficerRole.Approver)) {
            if (!departments.canAct(application.department, actor, OfficerRole.Clerk)) {
                revert NotTheRecordsDepartment(actor, department);
            }
            department = application.department;
        }
        uint32 sequence = _append(applicationId, Subject.Decision, department, field, correctedValue, reasonCode);
        emit DecisionCorrected(applicationId, department, field, correctedValue, reasonCode, sequence, actor);
    }

    /// @inheritdoc ICorrectionRegistry
    function correctCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        bytes32 field,
        bytes32 correctedValue,
        uint16 reasonCode
    ) external whenNotPaused {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(certificateId, digest))));
        if (!certificates.certificateStatus(root, issuer, certificateId, digest, proof).issued) {
            revert UnknownCertificate(leaf, root, issuer);
        }
        _checkCorrection(field, correctedValue, reasonCode);
        address actor = _msgSender();
        if (!departments.canAct(issuer, actor, OfficerRole.Issuer)) revert NotTheRecordsDepartment(actor, issuer);
        uint32 sequence = _append(leaf, Subject.Certificate, issuer, field, correctedValue, reasonCode);
        emit CertificateCorrected(
            leaf, issuer, field, root, certificateId, correctedValue, reasonCode, sequence, actor
        );
    }

    /// @inheritdoc ICorrectionRegistry
    function correctionsOf(bytes32 subjectId) external view returns (Correction[] memory) {
        return _s().corrections[subjectId];
    }

    /// @notice How many corrections were recorded, of every subject.
    /// @return The count.
    function correctionCount() external view returns (uint256) {
        return _s().count;
    }

    /// @dev The department of the step the application stands at, or of its last step once every step passed
    /// (the department that decided it); its receiving department when the service has no steps.
    function _decisionDepartment(IApplicationLedger.Application memory application) private view returns (bytes32) {
        if (application.stepCount == 0) return application.department;
        uint256 index = application.currentStep < application.stepCount
            ? application.currentStep
            : application.stepCount - 1;
        return ledger.catalog().getStep(application.service, application.serviceVersion, index).department;
    }

    /// @dev The field a code, the value non-zero (a uint16 for a reason code), the reason given.
    function _checkCorrection(bytes32 field, bytes32 correctedValue, uint16 reasonCode) private pure {
        if (!Codes.isValid(field)) revert InvalidField(field);
        if (
            correctedValue == bytes32(0)
                || (field == REASON_CODE_FIELD && uint256(correctedValue) > type(uint16).max)
        ) revert InvalidCorrectedValue(field, correctedValue);
        if (reasonCode == 0) revert MissingCorrectionReason();
    }

    function _append(
        bytes32 subjectId,
        Subject subject,
        bytes32 department,
        bytes32 field,
        bytes32 correctedValue,
        uint16 reasonCode
    ) private returns (uint32 sequence) {
        CorrectionRegistryStorage storage $ = _s();
        Correction[] storage list = $.corrections[subjectId];
        sequence = uint32(list.length);
        list.push(
            Correction({
                subject: subject,
                department: department,
                field: field,
                correctedValue: correctedValue,
                reasonCode: reasonCode,
                correctedAt: uint40(block.timestamp),
                actor: _msgSender()
            })
        );
        $.count += 1;
    }

    function _s() private pure returns (CorrectionRegistryStorage storage $) {
        bytes32 location = _STORAGE_LOCATION;
        assembly ("memory-safe") {
            $.slot := location
        }
    }
}
