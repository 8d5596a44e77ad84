// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {DepartmentInactive, OfficerRole, UnknownDepartment, ZeroAddress} from "./common/Types.sol";
import {SuitePausable} from "./common/SuitePausable.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IMaterialRegistry} from "./interfaces/IMaterialRegistry.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title MaterialRegistry
/// @notice Citizens' materials as hashes, their consents and every use of them.
contract MaterialRegistry is IMaterialRegistry, SuitePausable, EIP712Upgradeable {
    /// @notice Role of the ledger contract, which attaches materials to applications.
    bytes32 public constant LEDGER_ROLE = keccak256("LEDGER_ROLE");
    /// @notice Role that may publish any department's encryption key.
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    /// @notice EIP-712 type hash of {Consent}.
    bytes32 public constant CONSENT_TYPEHASH = keccak256(
        "Consent(bytes32 materialId,bytes32 department,uint8 purposeKind,bytes32 purpose,uint40 validUntil,uint64 epoch,uint256 nonce,uint256 deadline)"
    );
    /// @notice EIP-712 type hash of {ConsentRevocation}.
    bytes32 public constant CONSENT_REVOCATION_TYPEHASH = keccak256(
        "ConsentRevocation(bytes32 materialId,bytes32 department,uint8 purposeKind,bytes32 purpose,uint64 epoch,uint256 nonce,uint256 deadline)"
    );
    /// @notice Purpose kind of a consent for a service: the purpose is the service code.
    uint8 public constant PURPOSE_SERVICE = 1;
    /// @notice Purpose kind of a consent for one application: the purpose is the application id.
    uint8 public constant PURPOSE_APPLICATION = 2;
    /// @notice Longest storage URI, in bytes.
    uint256 public constant MAX_URI_BYTES = 256;
    /// @notice Use kind of {MaterialUsed}: the ledger attached the material to an application.
    uint8 public constant USE_ATTACHED = 1;
    /// @notice Use kind of {MaterialUsed}: an officer decrypted the material ({logUse}).
    uint8 public constant USE_DECRYPTED = 2;
    /// @notice Use kind of {MaterialUsed}: an officer viewed the material ({logUse}).
    uint8 public constant USE_VIEWED = 3;

    /// @notice The registry that says who may act for which department.
    IDepartmentRegistry public immutable departments;


    /// @custom:storage-location erc7201:zhangdian.storage.MaterialRegistry
    struct MaterialRegistryStorage {
        mapping(bytes32 materialId => Material) materials;
        mapping(bytes32 consentKey => uint40 validUntil) consents;
        mapping(address ownerKey => mapping(uint256 nonce => bool used)) usedNonces;
        mapping(bytes32 department => bytes32 publicKey) encryptionKeys;
        mapping(bytes32 consentKey => uint64 epoch) consentEpochs; // withdrawals recorded per consent key
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.MaterialRegistry")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0xb8a4b9985400397d32f5334aa09f807525bc4167213608631e6194bb08613000;

    /// @param departmentRegistry The department registry (its proxy), fixed in this implementation.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(IDepartmentRegistry departmentRegistry) {
        if (address(departmentRegistry) == address(0)) revert ZeroAddress();
        departments = departmentRegistry;
        _disableInitializers();
    }

    /// @dev The proxy's set-up ({initialize}): the admin and pauser roles, then its EIP-712 domain and
    /// the registrar role for the first admin.
    function _initializeSuite(address admin) internal override onlyInitializing {
        super._initializeSuite(admin);
        __EIP712_init("ZhangdianMaterialRegistry", "1");
        _grantRole(REGISTRAR_ROLE, admin);
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.2.0";
    }

    /// @inheritdoc IMaterialRegistry
    function registerMaterial(NewMaterial calldata material) external whenNotPaused {
        _checkIssuerOfficer(material.issuer);
        _store(material);
    }

    /// @inheritdoc IMaterialRegistry
    function supersedeMaterial(bytes32 oldMaterialId, NewMaterial calldata material) external whenNotPaused {
        Material storage old = _existing(oldMaterialId);
        // Only the department that vouches for the old material may replace it, and with its own.
        _checkIssuerOfficer(old.issuer);
        if (material.issuer != old.issuer) revert InvalidMaterial(material.materialId, "issuer");
        if (old.supersededBy != bytes32(0)) revert MaterialIsSuperseded(oldMaterialId, old.supersededBy);
        if (old.materialType != material.materialType) {
            revert MaterialTypeMismatch(oldMaterialId, material.materialType, old.materialType);
        }
        if (old.ownerKey != material.ownerKey) revert InvalidMaterial(material.materialId, "ownerKey");
        _store(material);
        old.supersededBy = material.materialId;
        emit MaterialSuperseded(oldMaterialId, material.materialId, _msgSender());
    }

    /// @inheritdoc IMaterialRegistry
    function revokeMaterial(bytes32 materialId, uint16 reasonCode) external whenNotPaused {
        Material storage material = _existing(materialId);
        _checkIssuerOfficer(material.issuer);
        if (material.revoked) revert MaterialIsRevoked(materialId);
        if (reasonCode == 0) revert InvalidMaterial(materialId, "reasonCode");
        material.revoked = true;
        emit MaterialRevoked(materialId, material.issuer, reasonCode, _msgSender());
    }

    /// @inheritdoc IMaterialRegistry
    function grantConsent(Consent calldata consent, bytes calldata signature) external whenNotPaused {
        Material storage material = _existing(consent.materialId);
        // A consent names a registered department, so that none waits for a code registered later.
        if (!departments.isRegistered(consent.department)) revert UnknownDepartment(consent.department);
        bytes32 key = _checkedConsentKey(
            consent.materialId, consent.department, consent.purposeKind, consent.purpose, consent.epoch
        );
        if (consent.validUntil <= block.timestamp) revert InvalidConsentPeriod(consent.validUntil);
        bytes32 structHash = keccak256(
            abi.encode(
                CONSENT_TYPEHASH,
                consent.materialId,
                consent.department,
                consent.purposeKind,
                consent.purpose,
                consent.validUntil,
                consent.epoch,
                consent.nonce,
                consent.deadline
            )
        );
        _useOwnerSignature(consent.materialId, material.ownerKey, structHash, consent.nonce, consent.deadline, signature);
        _s().consents[key] = consent.validUntil;
        emit ConsentGranted(
            consent.materialId,
            consent.department,
            consent.purpose,
            consent.purposeKind,
            consent.validUntil,
            consent.epoch,
            consent.nonce
        );
    }

    /// @inheritdoc IMaterialRegistry
    function revokeConsent(ConsentRevocation calldata revocation, bytes calldata signature) external whenNotPaused {
        Material storage material = _existing(revocation.materialId);
        bytes32 key = _checkedConsentKey(
            revocation.materialId, revocation.department, revocation.purposeKind, revocation.purpose, revocation.epoch
        );
        bytes32 structHash = keccak256(
            abi.encode(
                CONSENT_REVOCATION_TYPEHASH,
                revocation.materialId,
                revocation.department,
                revocation.purposeKind,
                revocation.purpose,
                revocation.epoch,
                revocation.nonce,
                revocation.deadline
            )
        );
        _useOwnerSignature(
            revocation.materialId, material.ownerKey, structHash, revocation.nonce, revocation.deadline, signature
        );
        delete _s().consents[key];
        // Close the epoch: consents signed before this withdrawal can no longer be submitted.
        uint64 nextEpoch = revocation.epoch + 1;
        _s().consentEpochs[key] = nextEpoch;
        emit ConsentRevoked(
            revocation.materialId,
            revocation.department,
            revocation.purpose,
            revocation.purposeKind,
            nextEpoch,
            revocation.nonce
        );
    }

    /// @inheritdoc IMaterialRegistry
    function recordUse(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose, uint8 useKind)
        external
        whenNotPaused
    {
        if (useKind != USE_DECRYPTED && useKind != USE_VIEWED) revert InvalidUseKind(useKind);
        _checkDepartmentOfficer(department);
        _revertWith(_usability(materialId, department, purposeKind, purpose));
        emit MaterialUsed(materialId, department, purpose, purposeKind, useKind, _msgSender());
    }

    /// @inheritdoc IMaterialRegistry
    function useForApplication(
        bytes32 materialId,
        bytes32 requiredType,
        bytes32 department,
        bytes32 applicationId,
        bytes32 service,
        address actor
    ) external whenNotPaused onlyRole(LEDGER_ROLE) {
        Material storage material = _existing(materialId);
        if (material.materialType != requiredType) {
            revert MaterialTypeMismatch(materialId, requiredType, material.materialType);
        }
        (bytes memory reason, uint8 purposeKind) = _attachability(materialId, department, applicationId, service);
        _revertWith(reason);
        bytes32 purpose = purposeKind == PURPOSE_APPLICATION ? applicationId : service;
        emit MaterialUsed(materialId, department, purpose, purposeKind, USE_ATTACHED, actor);
    }

    /// @inheritdoc IMaterialRegistry
    function setEncryptionKey(bytes32 department, bytes32 publicKey) external {
        address caller = _msgSender();
        if (!hasRole(REGISTRAR_ROLE, caller) && !departments.canAct(department, caller, OfficerRole.Manager)) {
            revert NotAuthorizedForDepartment(caller, department);
        }
        if (!departments.isRegistered(department)) revert UnknownDepartment(department);
        if (publicKey == bytes32(0)) revert InvalidMaterial(bytes32(0), "publicKey");
        _s().encryptionKeys[department] = publicKey;
        emit EncryptionKeySet(department, publicKey, caller);
    }

    /// @inheritdoc IMaterialRegistry
    function getMaterial(bytes32 materialId) external view returns (Material memory) {
        return _existing(materialId);
    }

    /// @inheritdoc IMaterialRegistry
    function consentUntil(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        public
        view
        returns (uint40)
    {
        uint40 until = _s().consents[_consentKey(materialId, department, purposeKind, purpose)];
        return until > block.timestamp ? until : 0;
    }

    /// @inheritdoc IMaterialRegistry
    function consentEpoch(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        external
        view
        returns (uint64)
    {
        return _s().consentEpochs[_consentKey(materialId, department, purposeKind, purpose)];
    }

    /// @inheritdoc IMaterialRegistry
    function checkUsable(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        external
        view
        returns (bytes memory)
    {
        return _usability(materialId, department, purposeKind, purpose);
    }

    /// @inheritdoc IMaterialRegistry
    function checkAttached(bytes32 materialId, bytes32 department, bytes32 applicationId, bytes32 service)
        external
        view
        returns (bytes memory)
    {
        (bytes memory reason,) = _attachability(materialId, department, applicationId, service);
        return reason;
    }

    /// @inheritdoc IMaterialRegistry
    function checkValid(bytes32 materialId) external view returns (bytes memory) {
        return _validity(_s().materials[materialId], materialId);
    }

    /// @inheritdoc IMaterialRegistry
    function nonceUsed(address ownerKey, uint256 nonce) external view returns (bool) {
        return _s().usedNonces[ownerKey][nonce];
    }

    /// @inheritdoc IMaterialRegistry
    function encryptionKey(bytes32 department) external view returns (bytes32) {
        return _s().encryptionKeys[department];
    }

    /// @notice The EIP-712 domain separator citizens sign under.
    /// @return The separator.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _store(NewMaterial calldata material) private {
        bytes32 materialId = material.materialId;
        if (materialId == bytes32(0)) revert InvalidMaterial(materialId, "materialId");
        if (_s().materials[materialId].ownerKey != address(0)) revert MaterialAlreadyExists(materialId);
        if (material.materialType == bytes32(0)) revert InvalidMaterial(materialId, "materialType");
        if (material.ownerCommitment == bytes32(0)) revert InvalidMaterial(materialId, "ownerCommitment");
        if (material.ownerKey == address(0)) revert InvalidMaterial(materialId, "ownerKey");
        if (material.contentHash == bytes32(0)) revert InvalidMaterial(materialId, "contentHash");
        if (material.validUntil != 0 && material.validUntil <= material.validFrom) {
            revert InvalidMaterial(materialId, "validUntil");
        }
        uint256 uriLength = bytes(material.storageUri).length;
        if (uriLength == 0 || uriLength > MAX_URI_BYTES) revert InvalidMaterial(materialId, "storageUri");
        _s().materials[materialId] = Material({
            materialType: material.materialType,
            issuer: material.issuer,
            ownerCommitment: material.ownerCommitment,
            ownerKey: material.ownerKey,
            contentHash: material.contentHash,
            registeredAt: uint40(block.timestamp),
            validFrom: material.validFrom,
            validUntil: material.validUntil,
            revoked: false,
            supersededBy: bytes32(0),
            storageUri: material.storageUri
        });
        emit MaterialRegistered(
            materialId,
            material.materialType,
            material.issuer,
            material.ownerCommitment,
            material.contentHash,
            material.validUntil,
            _msgSender()
        );
    }

    function _useOwnerSignature(
        bytes32 materialId,
        address ownerKey,
        bytes32 structHash,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) private {
        if (block.timestamp > deadline) revert SignatureExpired(deadline);
        if (_s().usedNonces[ownerKey][nonce]) revert NonceAlreadyUsed(ownerKey, nonce);
        if (!SignatureChecker.isValidSignatureNow(ownerKey, _hashTypedDataV4(structHash), signature)) {
            revert InvalidOwnerSignature(materialId, ownerKey);
        }
        _s().usedNonces[ownerKey][nonce] = true;
    }

    /// @dev Reverts with `reason` (an encoded custom error) unless it is empty.
    function _revertWith(bytes memory reason) private pure {
        if (reason.length != 0) {
            assembly ("memory-safe") {
                revert(add(reason, 32), mload(reason))
            }
        }
    }

    /// @dev Why the material cannot be used for one typed purpose; empty if it can.
    function _usability(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        private
        view
        returns (bytes memory reason)
    {
        reason = _validity(_s().materials[materialId], materialId);
        if (reason.length != 0) return reason;
        if (!_isPurpose(purposeKind, purpose)) {
            return abi.encodeWithSelector(InvalidPurpose.selector, purposeKind, purpose);
        }
        if (consentUntil(materialId, department, purposeKind, purpose) != 0) return "";
        return abi.encodeWithSelector(ConsentMissing.selector, materialId, department, purpose);
    }

    /// @dev Why the material cannot be attached to the application; empty if it can, with the kind of
    /// the consent that counts: one for this application id (kind 2) or one for this service (kind 1),
    /// each looked up under its own kind only.
    function _attachability(bytes32 materialId, bytes32 department, bytes32 applicationId, bytes32 service)
        private
        view
        returns (bytes memory reason, uint8 purposeKind)
    {
        reason = _validity(_s().materials[materialId], materialId);
        if (reason.length != 0) return (reason, 0);
        if (consentUntil(materialId, department, PURPOSE_APPLICATION, applicationId) != 0) {
            return ("", PURPOSE_APPLICATION);
        }
        if (consentUntil(materialId, department, PURPOSE_SERVICE, service) != 0) return ("", PURPOSE_SERVICE);
        return (abi.encodeWithSelector(ConsentMissing.selector, materialId, department, applicationId), 0);
    }

    /// @dev The consent key of a signed consent or withdrawal, after checking its purpose and epoch.
    function _checkedConsentKey(
        bytes32 materialId,
        bytes32 department,
        uint8 purposeKind,
        bytes32 purpose,
        uint64 epoch
    ) private view returns (bytes32 key) {
        if (!_isPurpose(purposeKind, purpose)) revert InvalidPurpose(purposeKind, purpose);
        key = _consentKey(materialId, department, purposeKind, purpose);
        uint64 current = _s().consentEpochs[key];
        if (epoch != current) revert StaleConsentEpoch(materialId, epoch, current);
    }

    function _isPurpose(uint8 purposeKind, bytes32 purpose) private pure returns (bool) {
        return (purposeKind == PURPOSE_SERVICE || purposeKind == PURPOSE_APPLICATION) && purpose != bytes32(0);
    }

    function _validity(Material storage material, bytes32 materialId) private view returns (bytes memory) {
        if (material.ownerKey == address(0)) return abi.encodeWithSelector(UnknownMaterial.selector, materialId);
        if (material.revoked) return abi.encodeWithSelector(MaterialIsRevoked.selector, materialId);
        if (material.supersededBy != bytes32(0)) {
            return abi.encodeWithSelector(MaterialIsSuperseded.selector, materialId, material.supersededBy);
        }
        if (block.timestamp < material.validFrom || (material.validUntil != 0 && block.timestamp > material.validUntil))
        {
            return abi.encodeWithSelector(
                MaterialNotValidNow.selector, materialId, material.validFrom, material.validUntil
            );
        }
        return "";
    }

    function _checkIssuerOfficer(bytes32 issuer) private view {
        address caller = _msgSender();
        if (departments.canAct(issuer, caller, OfficerRole.Clerk)) return;
        if (departments.canAct(issuer, caller, OfficerRole.Issuer)) return;
        if (departments.isRegistered(issuer) && !departments.isActive(issuer)) revert DepartmentInactive(issuer);
        revert NotAuthorizedForDepartment(caller, issuer);
    }

    function _checkDepartmentOfficer(bytes32 department) private view {
        address caller = _msgSender();
        if (
            departments.canAct(department, caller, OfficerRole.Clerk)
                || departments.canAct(department, caller, OfficerRole.Approver)
                || departments.canAct(department, caller, OfficerRole.Issuer)
        ) return;
        if (departments.isRegistered(department) && !departments.isActive(department)) {
            revert DepartmentInactive(department);
        }
        revert NotAuthorizedForDepartment(caller, department);
    }

    function _existing(bytes32 materialId) private view returns (Material storage material) {
        material = _s().materials[materialId];
        if (material.ownerKey == address(0)) revert UnknownMaterial(materialId);
    }

    /// @dev The purpose kind is part of the key: a service code and an application id with the same
    /// bytes name different consents.
    function _consentKey(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(materialId, department, purposeKind, purpose));
    }

    function _s() private pure returns (MaterialRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
