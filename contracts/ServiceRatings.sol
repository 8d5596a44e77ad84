// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {ApplicationStatus, ZeroAddress} from "./common/Types.sol";
import {SuitePausable} from "./common/SuitePausable.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {IServiceRatings} from "./interfaces/IServiceRatings.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title ServiceRatings
/// @notice 好差评 of concluded applications, authorised by the receipt code without revealing it.
/// @dev The ledger's applicant commitment is keccak256(abi.encodePacked(inner, R)); R is the address of a
/// key derived from the salt alone (zhangdian_sdk.core.privacy.rating_key). Whoever holds the salt can sign
/// for R; the salt never appears on chain, so the identity inside `inner` stays unguessable.
contract ServiceRatings is IServiceRatings, SuitePausable, EIP712Upgradeable {
    /// @notice The last score (非常不满意); scores run from 1 (非常满意) to this (GB/T 39046-2020 table A.8).
    uint8 public constant LAST_SCORE = 5;

    /// @notice The EIP-712 type the rating key signs.
    bytes32 public constant RATING_TYPEHASH = keccak256("Rating(bytes32 applicationId,uint8 score)");

    /// @inheritdoc IServiceRatings
    IApplicationLedger public immutable ledger;

    /// @custom:storage-location erc7201:zhangdian.storage.ServiceRatings
    struct ServiceRatingsStorage {
        mapping(bytes32 applicationId => uint8 score) scores;
        mapping(bytes32 department => uint64[5] counts) byDepartment;
        mapping(bytes32 service => uint64[5] counts) byService;
        uint256 count;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.ServiceRatings")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0x6ccdca0926ae6e7579cb67600a2b14768964ad9042b2560e220f3e15773ca100;

    /// @param applicationLedger The application ledger (its proxy), fixed in this implementation.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(IApplicationLedger applicationLedger) {
        if (address(applicationLedger) == address(0)) revert ZeroAddress();
        ledger = applicationLedger;
        _disableInitializers();
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IServiceRatings
    function rate(bytes32 applicationId, uint8 score, bytes32 inner, bytes calldata signature)
        external
        whenNotPaused
    {
        if (!ledger.exists(applicationId)) revert UnknownApplication(applicationId);
        IApplicationLedger.Application memory application = ledger.getApplication(applicationId);
        if (application.status != ApplicationStatus.Completed && application.status != ApplicationStatus.Rejected) {
            revert ApplicationNotConcluded(applicationId, application.status);
        }
        ServiceRatingsStorage storage $ = _s();
        uint8 given = $.scores[applicationId];
        if (given != 0) revert AlreadyRated(applicationId, given);
        if (score == 0 || score > LAST_SCORE) revert InvalidScore(score);
        (address signer, ECDSA.RecoverError failure,) = ECDSA.tryRecover(ratingDigest(applicationId, score), signature);
        if (
            failure != ECDSA.RecoverError.NoError
                || keccak256(abi.encodePacked(inner, signer)) != application.applicantCommitment
        ) revert InvalidRatingSignature(applicationId);
        $.scores[applicationId] = score;
        $.byDepartment[application.department][score - 1] += 1;
        $.byService[application.service][score - 1] += 1;
        $.count += 1;
        emit ApplicationRated(applicationId, application.service, application.department, score);
    }

    /// @inheritdoc IServiceRatings
    function ratingDigest(bytes32 applicationId, uint8 score) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RATING_TYPEHASH, applicationId, score)));
    }

    /// @inheritdoc IServiceRatings
    function ratingOf(bytes32 applicationId) external view returns (uint8) {
        return _s().scores[applicationId];
    }

    /// @inheritdoc IServiceRatings
    function departmentRatings(bytes32 department) external view returns (uint64[5] memory counts) {
        return _s().byDepartment[department];
    }

    /// @inheritdoc IServiceRatings
    function serviceRatings(bytes32 service) external view returns (uint64[5] memory counts) {
        return _s().byService[service];
    }

    /// @inheritdoc IServiceRatings
    function ratingCount() external view returns (uint256) {
        return _s().count;
    }

    /// @dev The suite's set-up, then the EIP-712 domain ("ZhangdianServiceRatings", "1").
    function _initializeSuite(address admin) internal virtual override onlyInitializing {
        super._initializeSuite(admin);
        __EIP712_init("ZhangdianServiceRatings", "1");
    }

    function _s() private pure returns (ServiceRatingsStorage storage $) {
        bytes32 location = _STORAGE_LOCATION;
        assembly ("memory-safe") {
            $.slot := location
        }
    }
}
