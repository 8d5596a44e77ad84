// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title CreditCodes
/// @notice The 统一社会信用代码 (unified social credit code) of GB 32100-2015: 18 characters from
/// 0-9 and A-Z without I, O, Z, S, V (values 0..30 in that order), the last a check character.
library CreditCodes {
    /// @notice Whether `code` is 18 characters of the USCC alphabet whose last is the check character
    /// of the first 17: check = (31 - sum(value_i * weight_i) mod 31) mod 31, weights
    /// 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 (3^i mod 31).
    /// @param code The code, ASCII.
    /// @return True if the code is well formed and its check character is right.
    function isValid(bytes18 code) internal pure returns (bool) {
        uint256 sum = 0;
        uint256 weight = 1;
        for (uint256 i = 0; i < 17; ++i) {
            uint256 value = _value(code[i]);
            if (value == type(uint256).max) return false;
            sum += value * weight;
            // The GB 32100 weights are the powers of 3 modulo 31.
            weight = (weight * 3) % 31;
        }
        uint256 check = _value(code[17]);
        return check != type(uint256).max && check == (31 - (sum % 31)) % 31;
    }

    /// @dev The value 0..30 of a USCC character, or type(uint256).max for any other byte.
    function _value(bytes1 char) private pure returns (uint256) {
        uint8 c = uint8(char);
        if (c >= 0x30 && c <= 0x39) return c - 0x30; // 0-9
        if (c >= 0x41 && c <= 0x48) return c - 0x41 + 10; // A-H: 10..17
        if (c >= 0x4a && c <= 0x4e) return c - 0x4a + 18; // J-N: 18..22 (no I)
        if (c >= 0x50 && c <= 0x52) return c - 0x50 + 23; // P-R: 23..25 (no O)
        if (c >= 0x54 && c <= 0x55) return c - 0x54 + 26; // T-U: 26..27 (no S)
        if (c >= 0x57 && c <= 0x59) return c - 0x57 + 28; // W-Y: 28..30 (no V; Z is not used)
        return type(uint256).max;
    }
}
