// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IApplicationLedger} from "./IApplicationLedger.sol";
import {ICertificateRegistry} from "./ICertificateRegistry.sol";
import {IDepartmentRegistry} from "./IDepartmentRegistry.sol";
import {ISuitePausable} from "./ISuitePausable.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title ICorrectionRegistry
/// @notice 更正: a department corrects a clerical error in its own decision (a wrong reason code, a wrong
/// opinion document) or in a certificate it issued (a wrong field), with a legal reason code. Nothing is
/// overwritten: the original record and its events stay as they were, and each correction is appended here,
/// with who, when and why, so a reader shows the original marked corrected next to the correction. Only the
/// department that made the record can correct it.
interface ICorrectionRegistry is IVersioned, ISuitePausable {
    /// @notice What a correction corrects.
    enum Subject {
        None,
        Decision, // a decision on an application of the ledger; the subject id is the application id
        Certificate // a certificate; the subject id is its leaf ({ICertificateRegistry-certificateLeaf})
    }

    /// @notice One correction as stored on chain.
    struct Correction {
        Subject subject; // what was corrected
        bytes32 department; // the department that corrected (and made) the record
        bytes32 field; // which field, an ASCII code left-aligned ("reasonCode", "opinionHash", or a certificate field)
        bytes32 correctedValue; // the right value: a reason code as uint256, a hash, or a field's digest
        uint16 reasonCode; // the legal reason for correcting (reason catalogue kind correction)
        uint40 correctedAt; // when
        address actor; // who
    }

    /// @notice Field `field` of the decision on `applicationId` was corrected to `correctedValue`; `sequence`
    /// counts the subject's corrections from 0.
    event DecisionCorrected(
        bytes32 indexed applicationId,
        bytes32 indexed department,
        bytes32 indexed field,
        bytes32 correctedValue,
        uint16 reasonCode,
        uint32 sequence,
        address actor
    );
    /// @notice Field `field` of the certificate with leaf `leaf` issued by `issuer` under `root` was corrected.
    event CertificateCorrected(
        bytes32 indexed leaf,
        bytes32 indexed issuer,
        bytes32 indexed field,
        bytes32 root,
        bytes32 certificateId,
        bytes32 correctedValue,
        uint16 reasonCode,
        uint32 sequence,
        address actor
    );

    /// @notice The field is not a well-formed ASCII code (1..32 printable characters, left-aligned).
    error InvalidField(bytes32 field);
    /// @notice The corrected value is zero, or not a uint16 reason code for the field "reasonCode".
    error InvalidCorrectedValue(bytes32 field, bytes32 correctedValue);
    /// @notice A reason code is required and was zero.
    error MissingCorrectionReason();
    /// @notice The caller is not an officer of the department that made the record: it may not correct it.
    error NotTheRecordsDepartment(address caller, bytes32 department);
    /// @notice The certificate was not issued under (root, issuer), or its proof fails.
    error UnknownCertificate(bytes32 leaf, bytes32 root, bytes32 issuer);

    /// @notice Correct a field of the decision on `applicationId`.
    /// @dev Requirements: not paused; the application exists (the ledger's UnknownApplication); `field` a
    /// code ({InvalidField}); `correctedValue` non-zero, and below 2**16 for "reasonCode"
    /// ({InvalidCorrectedValue}); `reasonCode` non-zero ({MissingCorrectionReason}); the caller an Approver of
    /// the department of the application's current step (the step it stands at, or was rejected at; its last
    /// step once every step passed), or a Clerk of its receiving department ({NotTheRecordsDepartment}, naming
    /// the step's department). The correction is recorded for the step's department when the caller is its
    /// Approver, otherwise for the receiving department. Emits {DecisionCorrected}.
    /// @param applicationId The application whose decision is corrected.
    /// @param field The corrected field.
    /// @param correctedValue The right value.
    /// @param reasonCode The legal reason (kind correction).
    function correctDecision(bytes32 applicationId, bytes32 field, bytes32 correctedValue, uint16 reasonCode)
        external;

    /// @notice Correct a field of a certificate, named by its leaf's preimage and proven by its Merkle proof.
    /// @dev Requirements: not paused; the certificate issued ({UnknownCertificate}, as
    /// {ICertificateRegistry-certificateStatus}); `field`, `correctedValue`, `reasonCode` as {correctDecision};
    /// the caller an Issuer of `issuer` ({NotTheRecordsDepartment}). Emits {CertificateCorrected}.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param certificateId The certificate id.
    /// @param digest The certificate's digest.
    /// @param proof The Merkle proof of the leaf.
    /// @param field The corrected field.
    /// @param correctedValue The right value (the digest of the field's right text).
    /// @param reasonCode The legal reason (kind correction).
    function correctCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        bytes32 field,
        bytes32 correctedValue,
        uint16 reasonCode
    ) external;

    /// @notice The corrections of a subject (an application id or a certificate leaf), oldest first.
    /// @param subjectId The application id or certificate leaf.
    /// @return The corrections.
    function correctionsOf(bytes32 subjectId) external view returns (Correction[] memory);

    /// @notice The ledger whose decisions are corrected.
    /// @return The ledger (its proxy).
    function ledger() external view returns (IApplicationLedger);

    /// @notice The certificate registry whose certificates are corrected.
    /// @return The registry (its proxy).
    function certificates() external view returns (ICertificateRegistry);

    /// @notice The department registry officers are checked in.
    /// @return The registry (its proxy).
    function departments() external view returns (IDepartmentRegistry);
}
