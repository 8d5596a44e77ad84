// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IVersioned} from "./IVersioned.sol";

/// @title IRegionFederation
/// @notice Cross-region recognition (跨区域互认): peer regions, the keys their issuers sign with, and
/// their certificates and decisions recognised here. Peers on this chain are recognised by reading
/// their certificate registry; peers on other chains by EIP-712 attestations signed with a registered
/// key. The attestation domain has no chain id or contract address, so one signature serves every peer.
interface IRegionFederation is IVersioned {
    /// @notice Where a peer stands.
    enum PeerStatus {
        None, // never added
        Active, // recognised
        Removed // no longer recognised, from `removedBlock` on
    }

    /// @notice A peer region.
    struct Peer {
        uint32 regionCode; // 行政区划代码 of the peer
        PeerStatus status; // recognised or not
        uint64 addedBlock; // block the peer was (last) added in
        uint64 removedBlock; // block the peer was removed in, 0 if active
        address certificateRegistry; // the peer's CertificateRegistry on this chain, zero if on another chain
        string name; // the peer's name
    }

    /// @notice A statement signed by a peer region's key.
    struct Attestation {
        uint32 originRegion; // the region that signs
        uint8 kind; // 1 certificate, 2 approval decision
        bytes32 subject; // the certificate's leaf, or the hash of the decision record
        bytes32 issuer; // the issuing department's code in the origin region
        uint40 issuedAt; // when the origin issued it
        uint40 validUntil; // when it stops being valid; 0 = no end
        uint256 nonce; // unique per origin region: an attestation is imported once
    }

    /// @notice What was imported for a subject.
    struct Recognition {
        uint32 originRegion; // the region that attested
        uint8 kind; // 1 certificate, 2 decision
        bytes32 issuer; // the issuing department in the origin region
        address signer; // the peer key that signed
        uint64 importedBlock; // block of import; 0 = never imported
        uint40 validUntil; // the attestation's end of validity
    }

    /// @notice `regionCode` became a recognised peer.
    event PeerAdded(uint32 indexed regionCode, address certificateRegistry, string name, address actor);
    /// @notice `regionCode` is no longer recognised.
    event PeerRemoved(uint32 indexed regionCode, address actor);
    /// @notice `key` may sign attestations for `regionCode`.
    event PeerKeyAdded(uint32 indexed regionCode, address indexed key, address actor);
    /// @notice `key` may no longer sign for `regionCode`.
    event PeerKeyRemoved(uint32 indexed regionCode, address indexed key, address actor);
    /// @notice An attestation of `originRegion` about `subject` was imported.
    event AttestationImported(
        bytes32 indexed subject, uint32 indexed originRegion, uint8 kind, bytes32 issuer, address signer, uint256 nonce
    );

    /// @notice The region code is not six digits, or is this region's own.
    error InvalidRegion(uint32 regionCode);
    /// @notice The region was never added.
    error UnknownPeer(uint32 regionCode);
    /// @notice The region is already an active peer.
    error PeerAlreadyActive(uint32 regionCode);
    /// @notice The region is not an active peer.
    error PeerNotActive(uint32 regionCode);
    /// @notice The key is already registered, or is not, as the call assumes.
    error PeerKeyUnchanged(uint32 regionCode, address key);
    /// @notice The attestation was not signed by a registered key of its origin region.
    error NotPeerKey(uint32 regionCode, address signer);
    /// @notice This nonce of the origin region was imported already.
    error AttestationReplayed(uint32 regionCode, uint256 nonce);
    /// @notice The attestation's validity has ended.
    error AttestationExpired(uint40 validUntil);
    /// @notice The attestation's kind is not 1 or 2, or its subject is zero.
    error InvalidAttestation(uint8 kind, bytes32 subject);

    /// @notice Recognise a peer region.
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; six-digit code, not the home region; not
    /// already active. Emits {PeerAdded}.
    /// @param regionCode The peer's division code.
    /// @param name The peer's name.
    /// @param certificateRegistry The peer's CertificateRegistry on this chain, or zero.
    function addPeer(uint32 regionCode, string calldata name, address certificateRegistry) external;

    /// @notice Stop recognising a peer from this block on.
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; the peer is active. Emits {PeerRemoved}.
    /// @param regionCode The peer's division code.
    function removePeer(uint32 regionCode) external;

    /// @notice Register a key the peer's issuers sign attestations with.
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; the peer is active; key non-zero and new.
    /// Emits {PeerKeyAdded}.
    /// @param regionCode The peer's division code.
    /// @param key The signing key's address.
    function addPeerKey(uint32 regionCode, address key) external;

    /// @notice Withdraw a peer key.
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; the key is registered. Emits {PeerKeyRemoved}.
    /// @param regionCode The peer's division code.
    /// @param key The signing key's address.
    function removePeerKey(uint32 regionCode, address key) external;

    /// @notice Import a peer's signed attestation; anyone may submit it.
    /// @dev Requirements: not paused; kind 1 or 2 and subject non-zero; origin an active peer; not
    /// expired; nonce not imported before; signed by a registered key of the origin.
    /// Emits {AttestationImported}.
    /// @param attestation The attestation.
    /// @param signature The peer key's EIP-712 signature.
    function importAttestation(Attestation calldata attestation, bytes calldata signature) external;

    /// @notice A peer's record.
    /// @param regionCode The peer's division code.
    /// @return The peer.
    function getPeer(uint32 regionCode) external view returns (Peer memory);

    /// @notice Every region ever added, in order.
    /// @return The region codes.
    function peerCodes() external view returns (uint32[] memory);

    /// @notice Whether `key` may sign for `regionCode` now.
    /// @param regionCode The peer's division code.
    /// @param key The key.
    /// @return True if registered and the peer is active.
    function isPeerKey(uint32 regionCode, address key) external view returns (bool);

    /// @notice What was imported about `subject`.
    /// @param subject The certificate leaf or decision hash.
    /// @return The recognition record (importedBlock 0 if none).
    function recognition(bytes32 subject) external view returns (Recognition memory);

    /// @notice Whether `subject` is recognised now: imported, not expired, its origin still active.
    /// @param subject The certificate leaf or decision hash.
    /// @return True if recognised.
    function isRecognized(bytes32 subject) external view returns (bool);

    /// @notice The EIP-712 digest a peer key signs for `attestation`.
    /// @param attestation The attestation.
    /// @return The digest.
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32);

    /// @notice This region's own division code.
    /// @return The code.
    function homeRegion() external view returns (uint32);
}
