// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ISuitePausable} from "./ISuitePausable.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IRegionFederation
/// @notice Cross-region recognition (跨区域互认): peer regions, the keys their issuers sign with, and
/// their certificates and decisions recognised here. Peers on this chain are recognised by reading
/// their certificate registry; peers on other chains by EIP-712 attestations signed with a registered
/// key. The attestation's EIP-712 domain names this chain and this contract, so a signature serves the
/// one federation it was made for. Recognitions are kept per (subject, origin region): a peer speaks only
/// for itself, and a recognition counts only while the key registration that signed it is in force.
interface IRegionFederation is IVersioned, ISuitePausable {
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
        uint64 generation; // how many times the peer was added; keys belong to one generation, removal ends it
    }

    /// @notice A statement signed by a peer region's key.
    struct Attestation {
        uint32 originRegion; // the region that signs
        uint8 kind; // 1 certificate, 2 approval decision
        bytes32 subject; // the certificate's leaf, or the hash of the decision record
        bytes32 issuer; // the issuing department's code in the origin region
        uint40 issuedAt; // when the origin issued it
        uint40 validUntil; // when it stops being valid; 0 = no end
        uint256 nonce; // unique per origin region: an attestation is imported once; orders equal `issuedAt`
    }

    /// @notice What one origin region attested about a subject (its latest attestation).
    struct Recognition {
        uint32 originRegion; // the region that attested
        uint8 kind; // 1 certificate, 2 decision
        bytes32 issuer; // the issuing department in the origin region
        address signer; // the peer key that signed
        uint64 importedBlock; // block of import; 0 = never imported
        uint40 validUntil; // the attestation's end of validity
        uint40 issuedAt; // the attestation's issuedAt: a later import must be newer
        uint64 keyRegistration; // the signer's key registration; the recognition counts while it is in force
        uint256 nonce; // the attestation's nonce, which orders attestations of equal issuedAt
    }

    /// @notice `regionCode` became a recognised peer.
    event PeerAdded(uint32 indexed regionCode, address certificateRegistry, string name, address actor);
    /// @notice `regionCode` is no longer recognised.
    event PeerRemoved(uint32 indexed regionCode, address actor);
    /// @notice `key` may sign attestations for `regionCode` (in the peer's `generation`, as registration
    /// `registration`).
    event PeerKeyAdded(
        uint32 indexed regionCode, address indexed key, address actor, uint64 generation, uint64 registration
    );
    /// @notice `key` may no longer sign for `regionCode`; what it signed is no longer recognised.
    event PeerKeyRemoved(uint32 indexed regionCode, address indexed key, address actor);
    /// @notice An attestation of `originRegion` about `subject` was imported; it replaces that origin's
    /// earlier recognition of `subject` (other origins' recognitions are untouched).
    event AttestationImported(
        bytes32 indexed subject,
        uint32 indexed originRegion,
        uint8 kind,
        bytes32 issuer,
        address signer,
        uint256 nonce,
        uint40 issuedAt
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
    /// @notice The origin's recognition of the subject in force is as new or newer (issuedAt, then nonce).
    error AttestationNotNewer(bytes32 subject, uint32 regionCode, uint40 currentIssuedAt, uint256 currentNonce);

    /// @notice Recognise a peer region; each addition starts a new generation with no keys.
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; six-digit code, not the home region; not
    /// already active. Emits {PeerAdded}.
    /// @param regionCode The peer's division code.
    /// @param name The peer's name.
    /// @param certificateRegistry The peer's CertificateRegistry on this chain, or zero.
    function addPeer(uint32 regionCode, string calldata name, address certificateRegistry) external;

    /// @notice Stop recognising a peer from this block on; its keys are withdrawn for good (re-adding the
    /// peer starts a new generation without keys).
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; the peer is active. Emits {PeerRemoved}.
    /// @param regionCode The peer's division code.
    function removePeer(uint32 regionCode) external;

    /// @notice Register a key the peer's issuers sign attestations with, for the peer's current generation.
    /// A new registration never revives what an earlier registration of the same key signed.
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; the peer is active; key non-zero and not
    /// registered in this generation. Emits {PeerKeyAdded}.
    /// @param regionCode The peer's division code.
    /// @param key The signing key's address.
    function addPeerKey(uint32 regionCode, address key) external;

    /// @notice Withdraw a peer key: the recognitions it signed stop counting at once.
    /// @dev Requirements: caller holds FEDERATION_ADMIN_ROLE; the key is registered in the peer's current
    /// generation. Emits {PeerKeyRemoved}.
    /// @param regionCode The peer's division code.
    /// @param key The signing key's address.
    function removePeerKey(uint32 regionCode, address key) external;

    /// @notice Import a peer's signed attestation; anyone may submit it.
    /// @dev Requirements: not paused; kind 1 or 2 and subject non-zero; origin an active peer; not
    /// expired; nonce not imported before; signed (for this chain and this contract) by a key registered
    /// in the origin's current generation; newer (issuedAt, then nonce) than the origin's recognition of
    /// the subject if that one is still in force. Emits {AttestationImported}.
    /// @param attestation The attestation.
    /// @param signature The peer key's EIP-712 signature over {attestationDigest}.
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

    /// @notice What `originRegion` attested about `subject` (its latest imported attestation).
    /// @param subject The certificate leaf or decision hash.
    /// @param originRegion The attesting peer.
    /// @return The recognition record (importedBlock 0 if none).
    function recognition(bytes32 subject, uint32 originRegion) external view returns (Recognition memory);

    /// @notice Every peer that ever had an attestation about `subject` imported, in order of first import.
    /// @param subject The certificate leaf or decision hash.
    /// @return The region codes.
    function recognizingOrigins(bytes32 subject) external view returns (uint32[] memory);

    /// @notice Whether `originRegion`'s recognition of `subject` holds now: imported, not expired, the
    /// peer active and the key registration that signed it still in force.
    /// @param subject The certificate leaf or decision hash.
    /// @param originRegion The attesting peer.
    /// @return True if recognised by that origin.
    function isRecognizedBy(bytes32 subject, uint32 originRegion) external view returns (bool);

    /// @notice Whether `subject` is recognised now by at least one origin ({isRecognizedBy} holds for one).
    /// @param subject The certificate leaf or decision hash.
    /// @return True if recognised.
    function isRecognized(bytes32 subject) external view returns (bool);

    /// @notice The EIP-712 digest a peer key signs for `attestation`, in this federation's domain.
    /// @param attestation The attestation.
    /// @return The digest.
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32);

    /// @notice The EIP-712 domain separator: name "RegionFederation", version "1", this chain's id and
    /// this contract's (proxy) address.
    /// @return The separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32); // solhint-disable-line func-name-mixedcase

    /// @notice This region's own division code.
    /// @return The code.
    function homeRegion() external view returns (uint32);
}
