// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ApplicationStatus} from "../common/Types.sol";
import {IApplicationLedger} from "./IApplicationLedger.sol";
import {ISuitePausable} from "./ISuitePausable.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IServiceRatings
/// @notice 好差评: the applicant rates a concluded application (办结, approved or not) once, from 1
/// (非常满意) to 5 (非常不满意) (满意度代码, GB/T 39046-2020 table A.8), without revealing who they are. The applicant's commitment on the ledger is
/// keccak256(abi.encodePacked(inner, R)), where `inner` is the salted identity commitment and R the address
/// of a key derived from the receipt's salt alone: a rating is an EIP-712 signature by R over
/// (applicationId, score), and the salt itself never reaches the chain. Anyone may relay it.
interface IServiceRatings is IVersioned, ISuitePausable {
    /// @notice `applicationId` of `service`, received by `department`, was rated `score` (1..5).
    event ApplicationRated(
        bytes32 indexed applicationId, bytes32 indexed service, bytes32 indexed department, uint8 score
    );

    /// @notice No application with this id exists on the ledger.
    error UnknownApplication(bytes32 applicationId);
    /// @notice The application is not concluded (completed or rejected), so it cannot be rated yet.
    error ApplicationNotConcluded(bytes32 applicationId, ApplicationStatus status);
    /// @notice The application was rated already (with `score`); a rating is given once.
    error AlreadyRated(bytes32 applicationId, uint8 score);
    /// @notice The score is not between 1 (非常满意) and 5 (非常不满意).
    error InvalidScore(uint8 score);
    /// @notice The signature is malformed, or its signer together with `inner` is not the application's
    /// applicant commitment: it was not made with this application's receipt code for this score.
    error InvalidRatingSignature(bytes32 applicationId);

    /// @notice Record the applicant's rating of a concluded application. Anyone may send it (the portal
    /// relays it); the signature fixes application and score, so a relayer can change neither.
    /// @dev Requirements: not paused; the application exists ({UnknownApplication}); its status is
    /// Completed or Rejected ({ApplicationNotConcluded}); it was not rated ({AlreadyRated}); 1 <= score <= 5
    /// ({InvalidScore}); `signature` is an EIP-712 `Rating(bytes32 applicationId,uint8 score)` signature by
    /// an address R with keccak256(abi.encodePacked(inner, R)) equal to the application's applicant
    /// commitment ({InvalidRatingSignature}). Emits {ApplicationRated}.
    /// @param applicationId The application.
    /// @param score 1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意 (GB/T 39046-2020 table A.8).
    /// @param inner The inner commitment (identity, department and salt, hashed) the ledger's commitment binds.
    /// @param signature 65-byte signature (r, s, v) by the rating key derived from the receipt's salt.
    function rate(bytes32 applicationId, uint8 score, bytes32 inner, bytes calldata signature) external;

    /// @notice The EIP-712 digest the rating key signs for `applicationId` and `score`.
    /// @param applicationId The application.
    /// @param score The score.
    /// @return The digest.
    function ratingDigest(bytes32 applicationId, uint8 score) external view returns (bytes32);

    /// @notice The score given to an application.
    /// @param applicationId The application.
    /// @return The score, 0 if not rated.
    function ratingOf(bytes32 applicationId) external view returns (uint8);

    /// @notice How many ratings of each score the applications received by `department` have.
    /// @param department The receiving department's code.
    /// @return counts counts[i] is the number of ratings with score i + 1.
    function departmentRatings(bytes32 department) external view returns (uint64[5] memory counts);

    /// @notice How many ratings of each score the applications of `service` have.
    /// @param service The service code.
    /// @return counts counts[i] is the number of ratings with score i + 1.
    function serviceRatings(bytes32 service) external view returns (uint64[5] memory counts);

    /// @notice How many applications were rated.
    /// @return The count.
    function ratingCount() external view returns (uint256);

    /// @notice The ledger whose applications are rated.
    /// @return The ledger (its proxy).
    function ledger() external view returns (IApplicationLedger);
}
