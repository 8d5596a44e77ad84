// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Codes
/// @notice Department and service codes are short ASCII strings stored left-aligned in a bytes32,
/// so that an explorer shows them readably and no hashing is needed to look them up.
library Codes {
    /// @notice Whether `code` is 1..32 printable ASCII characters (no spaces), left-aligned and
    /// zero-padded on the right.
    /// @param code The code to check.
    /// @return True if the code is well formed.
    function isValid(bytes32 code) internal pure returns (bool) {
        if (code[0] == 0) return false;
        bool ended = false;
        for (uint256 i = 0; i < 32; ++i) {
            bytes1 char = code[i];
            if (char == 0) {
                ended = true;
            } else if (ended || char < 0x21 || char > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
