// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ZeroAddress} from "./common/Types.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {IMaterialRegistry} from "./interfaces/IMaterialRegistry.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";
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

    /// @inheritdoc IVersioned
    function version() external pure override returns (string memory) {
        return "1.1.0";
    }

    /// @notice What the rule requires, in words.
    /// @return The description.
    function describe() external pure returns (string memory) {
        return "A material of the required type is attached and stays valid long enough after completion";
    }

    function _check(bytes32 applicationId, IApplicationLedger.Application memory app) internal view override {
        // Materials are attached in the order of the service version's types, each checked to be of its
        // type; so the position comes from the catalogue, and only that one material is read (a material
        // read costs tens of thousands of gas with its storage URI).
        bytes32[] memory types = ledger.catalog().requiredMaterialTypes(app.service, app.serviceVersion);
        bytes32[] memory attached = ledger.materialsOf(applicationId);
        uint256 carried = types.length < attached.length ? types.length : attached.length;
        for (uint256 i = 0; i < carried; ++i) {
            if (types[i] != materialType) continue;
            bytes32 materialId = attached[i];
            bytes memory reason = materials.checkValid(materialId);
            if (reason.length != 0) revert RequiredMaterialInvalid(applicationId, materialId, reason);
            if (minRemainingValidity != 0) {
                uint40 validUntil = materials.getMaterial(materialId).validUntil;
                if (validUntil != 0 && validUntil < block.timestamp + minRemainingValidity) {
                    revert RequiredMaterialExpiresSoon(applicationId, materialId, validUntil);
                }
            }
            return;
        }
        revert RequiredMaterialMissing(applicationId, materialType);
    }
}
