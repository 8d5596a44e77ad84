// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

import {ZeroAddress} from "./common/Types.sol";
import {IRegionFederation} from "./interfaces/IRegionFederation.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title RegionFederation
/// @notice Recognition of other regions' certificates and decisions.
contract RegionFederation is IRegionFederation, AccessControlUpgradeable, PausableUpgradeable, UUPSUpgradeable {
    /// @notice Role that adds and removes peers and their keys.
    bytes32 public constant FEDERATION_ADMIN_ROLE = keccak256("FEDERATION_ADMIN_ROLE");
    /// @notice Role that may stop imports at once in an emergency.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice EIP-712 type hash of {Attestation}.
    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(uint32 originRegion,uint8 kind,bytes32 subject,bytes32 issuer,uint40 issuedAt,uint40 validUntil,uint256 nonce)"
    );
    /// @notice The federation-wide EIP-712 domain: name and version only, valid on every chain.
    bytes32 public constant DOMAIN_SEPARATOR = keccak256(
        abi.encode(keccak256("EIP712Domain(string name,string version)"), keccak256("RegionFederation"), keccak256("1"))
    );

    uint32 private immutable _homeRegion;

    /// @custom:storage-location erc7201:zhangdian.storage.RegionFederation
    struct RegionFederationStorage {
        mapping(uint32 regionCode => Peer) peers;
        mapping(uint32 regionCode => mapping(address key => bool registered)) peerKeys;
        mapping(uint32 regionCode => mapping(uint256 nonce => bool imported)) importedNonces;
        mapping(bytes32 subject => Recognition) recognitions;
        uint32[] peerCodes;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.RegionFederation")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0x2513c85e88cf62e8e0d05c6b4e620cde3617299a75e852725a3bac6b31690e00;

    /// @param home This region's division code, e.g. 370303, fixed in this implementation.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(uint32 home) {
        if (home < 100_000 || home > 999_999) revert InvalidRegion(home);
        _homeRegion = home;
        _disableInitializers();
    }

    /// @notice Set up the proxy: give `admin` the admin, federation-admin and pauser roles (governance, later).
    /// @dev Runs once, in the proxy's deployment. Reverts with {ZeroAddress}.
    /// @param admin The first admin.
    function initialize(address admin) external initializer {
        if (admin == address(0)) revert ZeroAddress();
        __AccessControl_init();
        __Pausable_init();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(FEDERATION_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.1.0";
    }

    /// @inheritdoc IRegionFederation
    function addPeer(uint32 regionCode, string calldata name, address certificateRegistry)
        external
        onlyRole(FEDERATION_ADMIN_ROLE)
    {
        if (regionCode < 100_000 || regionCode > 999_999 || regionCode == _homeRegion) revert InvalidRegion(regionCode);
        Peer storage peer = _s().peers[regionCode];
        if (peer.status == PeerStatus.Active) revert PeerAlreadyActive(regionCode);
        if (peer.status == PeerStatus.None) _s().peerCodes.push(regionCode);
        peer.regionCode = regionCode;
        peer.status = PeerStatus.Active;
        peer.addedBlock = uint64(block.number);
        peer.removedBlock = 0;
        peer.certificateRegistry = certificateRegistry;
        peer.name = name;
        emit PeerAdded(regionCode, certificateRegistry, name, _msgSender());
    }

    /// @inheritdoc IRegionFederation
    function removePeer(uint32 regionCode) external onlyRole(FEDERATION_ADMIN_ROLE) {
        Peer storage peer = _active(regionCode);
        peer.status = PeerStatus.Removed;
        peer.removedBlock = uint64(block.number);
        emit PeerRemoved(regionCode, _msgSender());
    }

    /// @inheritdoc IRegionFederation
    function addPeerKey(uint32 regionCode, address key) external onlyRole(FEDERATION_ADMIN_ROLE) {
        _active(regionCode);
        if (key == address(0)) revert ZeroAddress();
        if (_s().peerKeys[regionCode][key]) revert PeerKeyUnchanged(regionCode, key);
        _s().peerKeys[regionCode][key] = true;
        emit PeerKeyAdded(regionCode, key, _msgSender());
    }

    /// @inheritdoc IRegionFederation
    function removePeerKey(uint32 regionCode, address key) external onlyRole(FEDERATION_ADMIN_ROLE) {
        if (!_s().peerKeys[regionCode][key]) revert PeerKeyUnchanged(regionCode, key);
        _s().peerKeys[regionCode][key] = false;
        emit PeerKeyRemoved(regionCode, key, _msgSender());
    }

    /// @inheritdoc IRegionFederation
    function importAttestation(Attestation calldata attestation, bytes calldata signature) external whenNotPaused {
        uint32 origin = attestation.originRegion;
        if ((attestation.kind != 1 && attestation.kind != 2) || attestation.subject == bytes32(0)) {
            revert InvalidAttestation(attestation.kind, attestation.subject);
        }
        _active(origin);
        if (attestation.validUntil != 0 && attestation.validUntil <= block.timestamp) {
            revert AttestationExpired(attestation.validUntil);
        }
        if (_s().importedNonces[origin][attestation.nonce]) revert AttestationReplayed(origin, attestation.nonce);
        (address signer, ECDSA.RecoverError failure,) = ECDSA.tryRecover(_digest(attestation), signature);
        if (failure != ECDSA.RecoverError.NoError || !_s().peerKeys[origin][signer]) revert NotPeerKey(origin, signer);
        _s().importedNonces[origin][attestation.nonce] = true;
        _s().recognitions[attestation.subject] = Recognition({
            originRegion: origin,
            kind: attestation.kind,
            issuer: attestation.issuer,
            signer: signer,
            importedBlock: uint64(block.number),
            validUntil: attestation.validUntil
        });
        emit AttestationImported(
            attestation.subject, origin, attestation.kind, attestation.issuer, signer, attestation.nonce
        );
    }

    /// @notice Stop imports at once (emergency).
    /// @dev Requirements: caller holds PAUSER_ROLE. Emits {Paused}.
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @notice Resume imports.
    /// @dev Requirements: caller holds DEFAULT_ADMIN_ROLE (governance). Emits {Unpaused}.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @inheritdoc IRegionFederation
    function getPeer(uint32 regionCode) external view returns (Peer memory) {
        Peer storage peer = _s().peers[regionCode];
        if (peer.status == PeerStatus.None) revert UnknownPeer(regionCode);
        return peer;
    }

    /// @inheritdoc IRegionFederation
    function peerCodes() external view returns (uint32[] memory) {
        return _s().peerCodes;
    }

    /// @inheritdoc IRegionFederation
    function isPeerKey(uint32 regionCode, address key) external view returns (bool) {
        return _s().peers[regionCode].status == PeerStatus.Active && _s().peerKeys[regionCode][key];
    }

    /// @inheritdoc IRegionFederation
    function recognition(bytes32 subject) external view returns (Recognition memory) {
        return _s().recognitions[subject];
    }

    /// @inheritdoc IRegionFederation
    function isRecognized(bytes32 subject) external view returns (bool) {
        Recognition storage found = _s().recognitions[subject];
        if (found.importedBlock == 0) return false;
        if (_s().peers[found.originRegion].status != PeerStatus.Active) return false;
        return found.validUntil == 0 || found.validUntil > block.timestamp;
    }

    /// @inheritdoc IRegionFederation
    function attestationDigest(Attestation calldata attestation) external pure returns (bytes32) {
        return _digest(attestation);
    }

    /// @inheritdoc IRegionFederation
    function homeRegion() external view returns (uint32) {
        return _homeRegion;
    }

    function _digest(Attestation calldata attestation) private pure returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                ATTESTATION_TYPEHASH,
                attestation.originRegion,
                attestation.kind,
                attestation.subject,
                attestation.issuer,
                attestation.issuedAt,
                attestation.validUntil,
                attestation.nonce
            )
        );
        return MessageHashUtils.toTypedDataHash(DOMAIN_SEPARATOR, structHash);
    }

    function _active(uint32 regionCode) private view returns (Peer storage peer) {
        peer = _s().peers[regionCode];
        if (peer.status == PeerStatus.None) revert UnknownPeer(regionCode);
        if (peer.status != PeerStatus.Active) revert PeerNotActive(regionCode);
    }

    /// @dev Upgrades go through governance: the admin role, which the timelock holds once the
    /// council governs the suite.
    function _authorizeUpgrade(address) internal override onlyRole(DEFAULT_ADMIN_ROLE) {}

    function _s() private pure returns (RegionFederationStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
