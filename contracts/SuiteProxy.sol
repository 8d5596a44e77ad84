// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title SuiteProxy
/// @notice The ERC-1967 proxy in front of each contract of the suite. Its address never changes; the
/// implementation behind it is upgraded (UUPS) only by the implementation's admin, which is the
/// governance timelock once the council governs the suite. Explorers read the implementation from
/// the ERC-1967 slot and show its ABI at this address.
contract SuiteProxy is ERC1967Proxy {
    /// @param implementation The first implementation.
    /// @param initialization The call that initializes the proxy's storage (the implementation's `initialize`).
    constructor(address implementation, bytes memory initialization) payable ERC1967Proxy(implementation, initialization) {}
}
