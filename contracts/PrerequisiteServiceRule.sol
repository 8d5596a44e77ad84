// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ApplicationStatus} from "./common/Types.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {AutomationRule} from "./rules/AutomationRule.sol";

/// @title PrerequisiteServiceRule
/// @notice Within one 一件事, another service must have been completed first: the application's
/// parent, or one of its sibling follow-on applications, is of the prerequisite service and completed.
/// @dev Applicant commitments are salted per department, so the chain cannot tell that two unlinked
/// applications concern the same person; the linked family can, and it is bounded (MAX_FOLLOW_ONS).
contract PrerequisiteServiceRule is AutomationRule {
    /// @notice The service that must be completed first.
    bytes32 public immutable prerequisite;

    /// @notice No completed application of `prerequisite` in the application's family.
    error PrerequisiteNotCompleted(bytes32 applicationId, bytes32 prerequisite);

    /// @param applicationLedger The ledger.
    /// @param prerequisiteService The service code that must be completed first.
    constructor(IApplicationLedger applicationLedger, bytes32 prerequisiteService) AutomationRule(applicationLedger) {
        prerequisite = prerequisiteService;
    }

    /// @notice What the rule requires, in words.
    /// @return The description.
    function describe() external pure returns (string memory) {
        return "The prerequisite service of the same 'one thing' was completed first";
    }

    function _check(bytes32 applicationId, IApplicationLedger.Application memory) internal view override {
        bytes32 parentId = ledger.parentOf(applicationId);
        if (parentId != bytes32(0)) {
            if (_completedPrerequisite(parentId)) return;
            bytes32[] memory siblings = ledger.childrenOf(parentId);
            for (uint256 i = 0; i < siblings.length; ++i) {
                if (siblings[i] != applicationId && _completedPrerequisite(siblings[i])) return;
            }
        }
        revert PrerequisiteNotCompleted(applicationId, prerequisite);
    }

    function _completedPrerequisite(bytes32 applicationId) private view returns (bool) {
        IApplicationLedger.Application memory app = ledger.getApplication(applicationId);
        return app.service == prerequisite && app.status == ApplicationStatus.Completed;
    }
}
