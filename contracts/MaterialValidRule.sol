// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ZeroAddress} from "./common/Types.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {IMaterialRegistry} from "./interfaces/IMaterialRegistry.sol";
import {AutomationRule} from "./rules/AutomationRule.sol";

/// @title MaterialValidRule
/// @notice The application must carry a material of one type that is valid at completion and stays
/// valid for a minimum time after it (a health certificate must not expire within 30 days of the
/// licence it supports, for instance).
contract MaterialValidRule is AutomationRule {
    /// @notice The material registry asked about validity.
    IMaterialRegistry public immutable materials;
    /// @notice The material type that must be attached and valid.
    bytes32 public immutable materialType;
    /// @notice Seconds the material must stay valid after completion.
    uint32 public immutable minRemainingValidity;

    /// @notice The application carries no material of `materialType`.
    error RequiredMaterialMissing(bytes32 applicationId, bytes32 materialType);
    /// @notice The attached material of the required type is not valid now; `reason` is the registry's error.
    error RequiredMaterialInvalid(bytes32 applicationId, bytes32 materialId, bytes reason);
    /// @notice The attached material expires at `validUntil`, sooner than the rule allows.
    error RequiredMaterialExpiresSoon(bytes32 applicationId, bytes32 materialId, uint40 validUntil);

    /// @param applicationLedger The ledger.
    /// @param materialRegistry The material registry.
    /// @param requiredType The material type code that must be valid.
    /// @param minRemaining Seconds the material must stay valid after completion (0: valid now is enough).
    constructor(
        IApplicationLedger applicationLedger,
        IMaterialRegistry materialRegistry,
        bytes32 requiredType,
        uint32 minRemaining
    ) AutomationRule(applicationLedger) {
        if (address(materialRegistry) == address(0)) revert ZeroAddress();
        materials = materialRegistry;
        materialType = requiredType;
        minRemainingValidity = minRemaining;
    }

    /// @notice What the rule requires, in words.
    /// @return The description.
    function describe() external pure returns (string memory) {
        return "A material of the required type is attached and stays valid long enough after completion";
    }

    function _check(bytes32 applicationId, IApplicationLedger.Application memory) internal view override {
        bytes32[] memory attached = ledger.materialsOf(applicationId);
        for (uint256 i = 0; i < attached.length; ++i) {
            IMaterialRegistry.Material memory material = materials.getMaterial(attached[i]);
            if (material.materialType != materialType) continue;
            bytes memory reason = materials.checkValid(attached[i]);
            if (reason.length != 0) revert RequiredMaterialInvalid(applicationId, attached[i], reason);
            if (material.validUntil != 0 && material.validUntil < block.timestamp + minRemainingValidity) {
                revert RequiredMaterialExpiresSoon(applicationId, attached[i], material.validUntil);
            }
            return;
        }
        revert RequiredMaterialMissing(applicationId, materialType);
    }
}
