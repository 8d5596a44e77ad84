// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

import {ZeroAddress} from "./common/Types.sol";
import {SuitePausable} from "./common/SuitePausable.sol";
import {IRegionFederation} from "./interfaces/IRegionFederation.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title RegionFederation
/// @notice Recognition of other regions' certificates and decisions.
contract RegionFederation is IRegionFederation, SuitePausable {
    /// @notice Role that adds and removes peers and their keys.
    bytes32 public constant FEDERATION_ADMIN_ROLE = keccak256("FEDERATION_ADMIN_ROLE");
    /// @notice EIP-712 type hash of {Attestation}.
    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(uint32 originRegion,uint8 kind,bytes32 subject,bytes32 issuer,uint40 issuedAt,uint40 validUntil,uint256 nonce)"
    );
    /// @notice Attestation kind: the subject is a certificate (its leaf).
    uint8 public constant KIND_CERTIFICATE = 1;
    /// @notice Attestation kind: the subject is a decision (its hash).
    uint8 public constant KIND_DECISION = 2;
    bytes32 private constant _DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant _NAME_HASH = keccak256("RegionFederation");
    bytes32 private constant _VERSION_HASH = keccak256("1");

    uint32 private immutable _homeRegion;

    /// @notice One registration of a peer key.
    struct KeyRegistration {
        uint64 id; // unique across the federation, never reused; 0 = not registered
        uint64 generation; // the peer's generation the key was registered in
    }

    /// @custom:storage-location erc7201:zhangdian.storage.RegionFederation
    struct RegionFederationStorage {
        mapping(uint32 regionCode => Peer) peers;
        // Unused since 1.2.0 (keys were not scoped to a generation); kept so the layout extends 1.1.0's.
        mapping(uint32 regionCode => mapping(address key => bool registered)) peerKeys;
        mapping(uint32 regionCode => mapping(uint256 nonce => bool imported)) importedNonces;
        // Unused since 1.2.0 (one recognition per subject let any peer overwrite another's); kept likewise.
        mapping(bytes32 subject => Recognition) recognitions;
        uint32[] peerCodes;
        mapping(uint32 regionCode => mapping(address key => KeyRegistration)) keyRegistrations;
        uint64 lastKeyRegistration;
        mapping(bytes32 subject => mapping(uint32 originRegion => Recognition)) recognitionsByOrigin;
        mapping(bytes32 subject => uint32[] originRegions) recognizingOrigins;
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

    /// @dev The proxy's set-up ({initialize}): the admin and pauser roles, then the federation-admin
    /// role for the first admin.
    function _initializeSuite(address admin) internal override onlyInitializing {
        super._initializeSuite(admin);
        _grantRole(FEDERATION_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.2.0";
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
        // A new generation: keys registered before (in an earlier generation) are not carried over.
        ++peer.generation;
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
        uint64 generation = _active(regionCode).generation;
        if (key == address(0)) revert ZeroAddress();
        if (_registered(regionCode, key, generation)) revert PeerKeyUnchanged(regionCode, key);
        uint64 id = ++_s().lastKeyRegistration;
        _s().keyRegistrations[regionCode][key] = KeyRegistration({id: id, generation: generation});
        emit PeerKeyAdded(regionCode, key, _msgSender(), generation, id);
    }

    /// @inheritdoc IRegionFederation
    function removePeerKey(uint32 regionCode, address key) external onlyRole(FEDERATION_ADMIN_ROLE) {
        if (!_registered(regionCode, key, _s().peers[regionCode].generation)) revert PeerKeyUnchanged(regionCode, key);
        delete _s().keyRegistrations[regionCode][key];
        emit PeerKeyRemoved(regionCode, key, _msgSender());
    }

    /// @inheritdoc IRegionFederation
    function importAttestation(Attestation calldata attestation, bytes calldata signature) external whenNotPaused {
        uint32 origin = attestation.originRegion;
        if (
            (attestation.kind != KIND_CERTIFICATE && attestation.kind != KIND_DECISION)
                || attestation.subject == bytes32(0)
        ) {
            revert InvalidAttestation(attestation.kind, attestation.subject);
        }
        uint64 generation = _active(origin).generation;
        if (attestation.validUntil != 0 && attestation.validUntil <= block.timestamp) {
            revert AttestationExpired(attestation.validUntil);
        }
        if (_s().importedNonces[origin][attestation.nonce]) revert AttestationReplayed(origin, attestation.nonce);
        (address signer, ECDSA.RecoverError failure,) = ECDSA.tryRecover(_digest(attestation), signature);
        if (failure != ECDSA.RecoverError.NoError || !_registered(origin, signer, generation)) {
            revert NotPeerKey(origin, signer);
        }
        Recognition storage current = _s().recognitionsByOrigin[attestation.subject][origin];
        // A recognition signed by a key still in force orders what comes after it, even once expired (an
        // older attestation must not undo a later, shorter one); one signed by a withdrawn key (a stolen
        // one, say) cannot block the origin's later attestations.
        if (
            _signedByKeyInForce(current, origin)
                && (
                    attestation.issuedAt < current.issuedAt
                        || (attestation.issuedAt == current.issuedAt && attestation.nonce <= current.nonce)
                )
        ) revert AttestationNotNewer(attestation.subject, origin, current.issuedAt, current.nonce);
        _s().importedNonces[origin][attestation.nonce] = true;
        if (current.importedBlock == 0) _s().recognizingOrigins[attestation.subject].push(origin);
        _s().recognitionsByOrigin[attestation.subject][origin] = Recognition({
            originRegion: origin,
            kind: attestation.kind,
            issuer: attestation.issuer,
            signer: signer,
            importedBlock: uint64(block.number),
            validUntil: attestation.validUntil,
            issuedAt: attestation.issuedAt,
            keyRegistration: _s().keyRegistrations[origin][signer].id,
            nonce: attestation.nonce
        });
        emit AttestationImported(
            attestation.subject,
            origin,
            attestation.kind,
            attestation.issuer,
            signer,
            attestation.nonce,
            attestation.issuedAt
        );
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
        Peer storage peer = _s().peers[regionCode];
        return peer.status == PeerStatus.Active && _registered(regionCode, key, peer.generation);
    }

    /// @inheritdoc IRegionFederation
    function recognition(bytes32 subject, uint32 originRegion) external view returns (Recognition memory) {
        return _s().recognitionsByOrigin[subject][originRegion];
    }

    /// @inheritdoc IRegionFederation
    function recognizingOrigins(bytes32 subject) external view returns (uint32[] memory) {
        return _s().recognizingOrigins[subject];
    }

    /// @inheritdoc IRegionFederation
    function isRecognizedBy(bytes32 subject, uint32 originRegion) external view returns (bool) {
        return _holds(_s().recognitionsByOrigin[subject][originRegion], originRegion);
    }

    /// @inheritdoc IRegionFederation
    function isRecognized(bytes32 subject) external view returns (bool) {
        uint32[] storage origins = _s().recognizingOrigins[subject];
        // Bounded by the number of peers: an origin is listed once, when its first attestation is imported.
        for (uint256 i = 0; i < origins.length; ++i) {
            if (_holds(_s().recognitionsByOrigin[subject][origins[i]], origins[i])) return true;
        }
        return false;
    }

    /// @inheritdoc IRegionFederation
    function attestationDigest(Attestation calldata attestation) external view returns (bytes32) {
        return _digest(attestation);
    }

    /// @inheritdoc IRegionFederation
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return keccak256(abi.encode(_DOMAIN_TYPEHASH, _NAME_HASH, _VERSION_HASH, block.chainid, address(this)));
    }

    /// @inheritdoc IRegionFederation
    function homeRegion() external view returns (uint32) {
        return _homeRegion;
    }

    function _digest(Attestation calldata attestation) private view returns (bytes32) {
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
        return MessageHashUtils.toTypedDataHash(DOMAIN_SEPARATOR(), structHash);
    }

    /// @dev Whether `key` holds a registration of `regionCode` made in `generation`.
    function _registered(uint32 regionCode, address key, uint64 generation) private view returns (bool) {
        KeyRegistration storage registration = _s().keyRegistrations[regionCode][key];
        return registration.id != 0 && registration.generation == generation;
    }

    /// @dev Whether a recognition of `origin` counts now: imported, not expired, the peer active, and the
    /// very key registration that signed it still in force (not withdrawn, not of an ended generation).
    function _holds(Recognition storage found, uint32 origin) private view returns (bool) {
        if (found.validUntil != 0 && found.validUntil <= block.timestamp) return false;
        return _signedByKeyInForce(found, origin);
    }

    /// @dev Whether `found` was imported and its signing key registration is still the origin's, in
    /// the peer's current generation, with the peer active.
    function _signedByKeyInForce(Recognition storage found, uint32 origin) private view returns (bool) {
        if (found.importedBlock == 0) return false;
        Peer storage peer = _s().peers[origin];
        if (peer.status != PeerStatus.Active) return false;
        KeyRegistration storage registration = _s().keyRegistrations[origin][found.signer];
        return registration.id == found.keyRegistration && registration.generation == peer.generation;
    }

    function _active(uint32 regionCode) private view returns (Peer storage peer) {
        peer = _s().peers[regionCode];
        if (peer.status == PeerStatus.None) revert UnknownPeer(regionCode);
        if (peer.status != PeerStatus.Active) revert PeerNotActive(regionCode);
    }

    function _s() private pure returns (RegionFederationStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
