// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ERC721Votes} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721Votes.sol";

import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title CouncilSeats
/// @notice One non-transferable seat (one vote) per council member, a department's governance key.
/// Seats are given and taken back by the owner, the timelock, so only the council itself changes the council.
contract CouncilSeats is ERC721, ERC721Votes, Ownable, IVersioned {
    /// @notice Seats cannot be transferred between members.
    error SeatNotTransferable(uint256 seat);

    uint256 private _nextSeat = 1;

    /// @param owner_ The account allowed to seat and unseat members (the timelock once set up).
    constructor(address owner_) ERC721("Zhangdian Council Seat", "ZDSEAT") EIP712("ZhangdianCouncilSeats", "1") Ownable(owner_) {}

    /// @inheritdoc IVersioned
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @notice Give `member` a seat; its vote counts from the next block.
    /// @dev Requirements: caller is the owner. Emits {Transfer} and {DelegateChanged}.
    /// @param member The member's governance key.
    /// @return seatId The new seat's id.
    function seat(address member) external onlyOwner returns (uint256 seatId) {
        seatId = _nextSeat++;
        _safeMint(member, seatId);
    }

    /// @notice Take a seat back.
    /// @dev Requirements: caller is the owner. Emits {Transfer}.
    /// @param seat_ The seat's id.
    function unseat(uint256 seat_) external onlyOwner {
        _burn(seat_);
    }

    /// @dev Seats move only by minting and burning; a new member votes with its seat at once.
    function _update(address to, uint256 tokenId, address auth) internal override(ERC721, ERC721Votes) returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) revert SeatNotTransferable(tokenId);
        address previous = super._update(to, tokenId, auth);
        if (to != address(0) && delegates(to) == address(0)) _delegate(to, to);
        return previous;
    }

    function _increaseBalance(address account, uint128 amount) internal override(ERC721, ERC721Votes) {
        super._increaseBalance(account, amount);
    }
}
