// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {OfficerRole, ZeroAddress} from "./common/Types.sol";
import {IApplicationLedger} from "./interfaces/IApplicationLedger.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {AutomationRule} from "./rules/AutomationRule.sol";

/// @title FeePaymentRule
/// @notice The fee department must have confirmed the application's payment. Its clerks confirm
/// here with the hash of the receipt kept off chain.
contract FeePaymentRule is AutomationRule {
    /// @notice The registry that says who acts for the fee department.
    IDepartmentRegistry public immutable departments;
    /// @notice The department that confirms payments.
    bytes32 public immutable feeDepartment;

    mapping(bytes32 applicationId => bytes32 receiptHash) private _receipts;

    /// @notice The fee department confirmed the payment for `applicationId`.
    event PaymentConfirmed(
        bytes32 indexed applicationId, bytes32 indexed feeDepartment, bytes32 receiptHash, address actor
    );

    /// @notice No application with this id exists.
    error UnknownApplication(bytes32 applicationId);
    /// @notice No payment was confirmed for the application.
    error PaymentNotConfirmed(bytes32 applicationId, bytes32 feeDepartment);
    /// @notice The payment was confirmed already.
    error PaymentAlreadyConfirmed(bytes32 applicationId);
    /// @notice A confirmation needs the hash of the receipt.
    error MissingReceipt(bytes32 applicationId);
    /// @notice `caller` is not a Clerk of the active fee department.
    error NotAFeeClerk(address caller, bytes32 feeDepartment);

    /// @param applicationLedger The ledger.
    /// @param departmentRegistry The department registry.
    /// @param feeDepartmentCode The department that confirms payments.
    constructor(IApplicationLedger applicationLedger, IDepartmentRegistry departmentRegistry, bytes32 feeDepartmentCode)
        AutomationRule(applicationLedger)
    {
        if (address(departmentRegistry) == address(0)) revert ZeroAddress();
        departments = departmentRegistry;
        feeDepartment = feeDepartmentCode;
    }

    /// @notice Confirm that the fee of an application was paid.
    /// @dev Requirements: caller is a Clerk of the active fee department; the application exists; the
    /// receipt hash is non-zero; not confirmed before. Emits {PaymentConfirmed}.
    /// @param applicationId The application.
    /// @param receiptHash Hash of the payment receipt kept off chain.
    function confirmPayment(bytes32 applicationId, bytes32 receiptHash) external {
        if (!departments.canAct(feeDepartment, msg.sender, OfficerRole.Clerk)) {
            revert NotAFeeClerk(msg.sender, feeDepartment);
        }
        if (!ledger.exists(applicationId)) revert UnknownApplication(applicationId);
        if (receiptHash == bytes32(0)) revert MissingReceipt(applicationId);
        if (_receipts[applicationId] != bytes32(0)) revert PaymentAlreadyConfirmed(applicationId);
        _receipts[applicationId] = receiptHash;
        emit PaymentConfirmed(applicationId, feeDepartment, receiptHash, msg.sender);
    }

    /// @notice The receipt hash confirmed for an application; zero if none.
    /// @param applicationId The application.
    /// @return The receipt hash.
    function receiptOf(bytes32 applicationId) external view returns (bytes32) {
        return _receipts[applicationId];
    }

    /// @notice What the rule requires, in words.
    /// @return The description.
    function describe() external pure returns (string memory) {
        return "The fee department confirmed the payment";
    }

    function _check(bytes32 applicationId, IApplicationLedger.Application memory) internal view override {
        if (_receipts[applicationId] == bytes32(0)) revert PaymentNotConfirmed(applicationId, feeDepartment);
    }
}
