// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ZeroAddress} from "../common/Types.sol";
import {IApplicationLedger} from "../interfaces/IApplicationLedger.sol";
import {IAutomationRule} from "../interfaces/IAutomationRule.sol";
import {IVersioned} from "../interfaces/IVersioned.sol";

/// @title AutomationRule
/// @notice Base of the rules the ledger checks before completion: it reads the application from the
/// ledger and hands it to the rule's own condition.
abstract contract AutomationRule is IAutomationRule, IVersioned {
    /// @notice The ledger whose applications this rule judges.
    IApplicationLedger public immutable ledger;

    /// @param applicationLedger The ledger.
    constructor(IApplicationLedger applicationLedger) {
        if (address(applicationLedger) == address(0)) revert ZeroAddress();
        ledger = applicationLedger;
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IAutomationRule
    function check(bytes32 applicationId) external view {
        _check(applicationId, ledger.getApplication(applicationId));
    }

    /// @dev Reverts with the rule's custom error unless `app` may complete now.
    function _check(bytes32 applicationId, IApplicationLedger.Application memory app) internal view virtual;
}
