// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ISuitePausable} from "./ISuitePausable.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IMaterialRegistry
/// @notice Materials (材料) a citizen hands in once and departments reuse with the citizen's consent
/// (一次提交, 多次复用). The chain holds only hashes: the document itself stays off chain, encrypted.
/// Consents are EIP-712 signatures by the citizen's own key; every use is an event.
/// A consent names a typed purpose: a service (purpose kind 1, the purpose is the service code) or
/// one application (purpose kind 2, the purpose is the application id). The kinds are never
/// compared with each other, so a service code can never stand for an application id or back.
/// Each (material, department, purpose kind, purpose) has a consent epoch: a withdrawal closes the
/// epoch, and every consent or withdrawal signed for an earlier epoch is refused from then on.
interface IMaterialRegistry is IVersioned, ISuitePausable {
    /// @notice A material as stored on chain.
    struct Material {
        bytes32 materialType; // type code, e.g. "ID-CARD"
        bytes32 issuer; // department that registered and vouches for it
        bytes32 ownerCommitment; // salted commitment to the owner, per issuing department
        address ownerKey; // the citizen's consent key; signs consents, holds no funds
        bytes32 contentHash; // sha256 of the encrypted document
        uint40 registeredAt; // block timestamp of registration
        uint40 validFrom; // start of validity
        uint40 validUntil; // end of validity; 0 = no end
        bool revoked; // true once revoked by its issuer
        bytes32 supersededBy; // the newer version, zero if current
        string storageUri; // where the ciphertext lives, e.g. "cas:sha256:<hex>" or "s3://bucket/key"
    }

    /// @notice What a clerk gives to register a material.
    struct NewMaterial {
        bytes32 materialId; // id chosen off chain (random or derived), never zero
        bytes32 materialType; // type code
        bytes32 issuer; // issuing department
        bytes32 ownerCommitment; // salted commitment to the owner
        address ownerKey; // the citizen's consent key
        bytes32 contentHash; // sha256 of the encrypted document
        uint40 validFrom; // start of validity
        uint40 validUntil; // end of validity; 0 = no end
        string storageUri; // where the ciphertext lives
    }

    /// @notice The citizen's consent, signed with EIP-712 by the material's owner key.
    struct Consent {
        bytes32 materialId; // the material
        bytes32 department; // the department allowed to use it
        uint8 purposeKind; // 1: `purpose` is a service code; 2: `purpose` is one application id
        bytes32 purpose; // the service code or the application id, never zero
        uint40 validUntil; // the consent ends then
        uint64 epoch; // the consent epoch it was signed in ({consentEpoch}); a withdrawal ends it
        uint256 nonce; // any unused number of the owner's; makes the signature single-use
        uint256 deadline; // the signature must be submitted before this time
    }

    /// @notice The citizen's withdrawal of a consent, signed like a consent.
    struct ConsentRevocation {
        bytes32 materialId; // the material
        bytes32 department; // the department
        uint8 purposeKind; // the kind of the purpose consented to (1 service, 2 application)
        bytes32 purpose; // the purpose consented to
        uint64 epoch; // the consent epoch it was signed in; it closes this epoch
        uint256 nonce; // unused nonce of the owner's
        uint256 deadline; // the signature must be submitted before this time
    }

    /// @notice A material was registered.
    event MaterialRegistered(
        bytes32 indexed materialId,
        bytes32 indexed materialType,
        bytes32 indexed issuer,
        bytes32 ownerCommitment,
        bytes32 contentHash,
        uint40 validUntil,
        address actor
    );
    /// @notice `materialId` was replaced by the newer `newMaterialId`.
    event MaterialSuperseded(bytes32 indexed materialId, bytes32 indexed newMaterialId, address actor);
    /// @notice A material was revoked by its issuer.
    event MaterialRevoked(bytes32 indexed materialId, bytes32 indexed issuer, uint16 reasonCode, address actor);
    /// @notice The owner consented to `department` using the material for `purpose` (of `purposeKind`)
    /// until `validUntil`; the consent was signed in consent epoch `epoch`.
    event ConsentGranted(
        bytes32 indexed materialId,
        bytes32 indexed department,
        bytes32 indexed purpose,
        uint8 purposeKind,
        uint40 validUntil,
        uint64 epoch,
        uint256 nonce
    );
    /// @notice The owner withdrew the consent; consents and withdrawals must now be signed for `nextEpoch`.
    event ConsentRevoked(
        bytes32 indexed materialId,
        bytes32 indexed department,
        bytes32 indexed purpose,
        uint8 purposeKind,
        uint64 nextEpoch,
        uint256 nonce
    );
    /// @notice `department` used the material for `purpose` of `purposeKind` (1 service, 2 application)
    /// (`useKind`: 1 attached to an application, 2 decrypted, 3 viewed).
    event MaterialUsed(
        bytes32 indexed materialId,
        bytes32 indexed department,
        bytes32 indexed purpose,
        uint8 purposeKind,
        uint8 useKind,
        address actor
    );
    /// @notice A department published the public key (X25519) documents are encrypted to.
    event EncryptionKeySet(bytes32 indexed department, bytes32 publicKey, address actor);

    /// @notice No material with this id.
    error UnknownMaterial(bytes32 materialId);
    /// @notice A material with this id exists already.
    error MaterialAlreadyExists(bytes32 materialId);
    /// @notice A field of the new material is empty or inconsistent (`field` names it).
    error InvalidMaterial(bytes32 materialId, string field);
    /// @notice The material has type `actual`, but `expected` is needed.
    error MaterialTypeMismatch(bytes32 materialId, bytes32 expected, bytes32 actual);
    /// @notice The material was revoked.
    error MaterialIsRevoked(bytes32 materialId);
    /// @notice The material was replaced by `newMaterialId`.
    error MaterialIsSuperseded(bytes32 materialId, bytes32 newMaterialId);
    /// @notice The material is not valid at this time (before `validFrom` or after `validUntil`).
    error MaterialNotValidNow(bytes32 materialId, uint40 validFrom, uint40 validUntil);
    /// @notice `department` has no consent in force to use the material for `purpose`.
    error ConsentMissing(bytes32 materialId, bytes32 department, bytes32 purpose);
    /// @notice The signature does not come from the material's owner key.
    error InvalidOwnerSignature(bytes32 materialId, address signer);
    /// @notice The owner's nonce was used already.
    error NonceAlreadyUsed(address ownerKey, uint256 nonce);
    /// @notice The signature's deadline has passed.
    error SignatureExpired(uint256 deadline);
    /// @notice The consent would end before it starts.
    error InvalidConsentPeriod(uint40 validUntil);
    /// @notice `caller` may not act for `department` with any of the roles this needs.
    error NotAuthorizedForDepartment(address caller, bytes32 department);
    /// @notice The use kind is not 1, 2 or 3.
    error InvalidUseKind(uint8 useKind);
    /// @notice The purpose kind is not 1 (service) or 2 (application), or the purpose is zero.
    error InvalidPurpose(uint8 purposeKind, bytes32 purpose);
    /// @notice The signature was made for consent epoch `epoch`, but the consent is in `currentEpoch`:
    /// the citizen withdrew the consent after signing it.
    error StaleConsentEpoch(bytes32 materialId, uint64 epoch, uint64 currentEpoch);

    /// @notice Register a material.
    /// @dev Requirements: not paused; caller is a Clerk or Issuer of the active `issuer` department;
    /// id, type, owner commitment, owner key and content hash are non-zero; the id is new; the
    /// validity ends after it starts. Emits {MaterialRegistered}.
    /// @param material The material.
    function registerMaterial(NewMaterial calldata material) external;

    /// @notice Register a newer version of a material; the old one answers {MaterialIsSuperseded}.
    /// @dev Requirements: not paused; the old material exists; caller is a Clerk or Issuer of the old
    /// material's active issuing department (only the department that vouches for a material may
    /// replace it); the new version has the same issuer, type and owner key; the old one is current;
    /// the new one passes the checks of {registerMaterial}. Consents do not carry over.
    /// Emits {MaterialRegistered}, {MaterialSuperseded}.
    /// @param oldMaterialId The material replaced.
    /// @param material The new version.
    function supersedeMaterial(bytes32 oldMaterialId, NewMaterial calldata material) external;

    /// @notice Revoke a material (e.g. a licence withdrawn); uses of it fail from then on.
    /// @dev Requirements: not paused; caller is a Clerk or Issuer of the material's active issuer;
    /// not revoked yet; `reasonCode` non-zero. Emits {MaterialRevoked}.
    /// @param materialId The material.
    /// @param reasonCode The issuer's reason code.
    function revokeMaterial(bytes32 materialId, uint16 reasonCode) external;

    /// @notice Record the owner's signed consent; anyone may submit it (the department pays the gas).
    /// @dev Requirements: not paused; the material exists; the department is registered
    /// ({UnknownDepartment}: a consent never waits for a code registered later); the purpose kind is 1 or 2 and the purpose
    /// non-zero; `validUntil` in the future; `deadline` not passed; the nonce unused; `epoch` is the
    /// current consent epoch (a consent signed before a withdrawal is refused); the EIP-712 signature
    /// is the owner key's. Emits {ConsentGranted}.
    /// @param consent The consent.
    /// @param signature The owner's EIP-712 signature over `consent`.
    function grantConsent(Consent calldata consent, bytes calldata signature) external;

    /// @notice Record the owner's signed withdrawal of a consent; it also voids every consent signed
    /// earlier for the same purpose and not submitted yet (the consent epoch moves on).
    /// @dev Requirements: as {grantConsent}, without the validity. Emits {ConsentRevoked}.
    /// @param revocation The withdrawal.
    /// @param signature The owner's EIP-712 signature over `revocation`.
    function revokeConsent(ConsentRevocation calldata revocation, bytes calldata signature) external;

    /// @notice Record that the caller's department used a material (decrypted or viewed it).
    /// @dev Requirements: not paused; caller is a Clerk, Approver or Issuer of the active
    /// `department`; the material is usable and consented to for this purpose of this kind;
    /// `useKind` is 2 or 3. Emits {MaterialUsed}.
    /// @param materialId The material.
    /// @param department The department using it.
    /// @param purposeKind 1 the purpose is a service code, 2 an application id.
    /// @param purpose The purpose consented to.
    /// @param useKind 2 decrypted, 3 viewed.
    function recordUse(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose, uint8 useKind)
        external;

    /// @notice Attach a material to an application: checks type, validity and consent, and logs the use.
    /// @dev Called by the ledger (LEDGER_ROLE). A consent for this application (purpose kind 2) or for
    /// this service (purpose kind 1) counts. Emits {MaterialUsed} with useKind 1.
    /// @param materialId The material.
    /// @param requiredType The type the service requires.
    /// @param department The receiving department.
    /// @param applicationId The application.
    /// @param service The service code.
    /// @param actor The officer who submitted the application.
    function useForApplication(
        bytes32 materialId,
        bytes32 requiredType,
        bytes32 department,
        bytes32 applicationId,
        bytes32 service,
        address actor
    ) external;

    /// @notice Publish the X25519 public key documents for `department` are encrypted to.
    /// @dev Requirements: caller is a Manager of the active department, or holds REGISTRAR_ROLE here;
    /// the department is registered ({UnknownDepartment}); the key is not zero. Emits {EncryptionKeySet}.
    /// @param department The department.
    /// @param publicKey The X25519 public key.
    function setEncryptionKey(bytes32 department, bytes32 publicKey) external;

    /// @notice A material's record.
    /// @param materialId The material.
    /// @return The material.
    function getMaterial(bytes32 materialId) external view returns (Material memory);

    /// @notice Until when `department` may use the material for `purpose` of `purposeKind` (0 if it may not).
    /// @param materialId The material.
    /// @param department The department.
    /// @param purposeKind 1 service, 2 application.
    /// @param purpose The purpose.
    /// @return The end of the consent, or 0.
    function consentUntil(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        external
        view
        returns (uint40);

    /// @notice The consent epoch a consent or withdrawal for this purpose must be signed in now.
    /// @param materialId The material.
    /// @param department The department.
    /// @param purposeKind 1 service, 2 application.
    /// @param purpose The purpose.
    /// @return The epoch: how many withdrawals were recorded for it.
    function consentEpoch(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        external
        view
        returns (uint64);

    /// @notice Why the material cannot be used now by `department` for `purpose` of `purposeKind`, as
    /// revert data; empty if it can.
    /// @param materialId The material.
    /// @param department The department.
    /// @param purposeKind 1 service, 2 application.
    /// @param purpose The purpose.
    /// @return The encoded custom error, or empty bytes.
    function checkUsable(bytes32 materialId, bytes32 department, uint8 purposeKind, bytes32 purpose)
        external
        view
        returns (bytes memory);

    /// @notice Why the material attached to an application cannot be relied on now, as revert data
    /// (unknown, revoked, superseded, outside its validity, or no consent for the department for this
    /// application or this service); empty if it can.
    /// @param materialId The material.
    /// @param department The receiving department.
    /// @param applicationId The application: a consent of purpose kind 2 for it counts.
    /// @param service The service: a consent of purpose kind 1 for it counts.
    /// @return The encoded custom error, or empty bytes.
    function checkAttached(bytes32 materialId, bytes32 department, bytes32 applicationId, bytes32 service)
        external
        view
        returns (bytes memory);

    /// @notice Why the material is not valid now (unknown, revoked, superseded, outside its validity),
    /// as revert data; empty if it is valid. Consent is not considered.
    /// @param materialId The material.
    /// @return The encoded custom error, or empty bytes.
    function checkValid(bytes32 materialId) external view returns (bytes memory);

    /// @notice Whether the owner's nonce was used.
    /// @param ownerKey The owner key.
    /// @param nonce The nonce.
    /// @return True if used.
    function nonceUsed(address ownerKey, uint256 nonce) external view returns (bool);

    /// @notice The X25519 public key of a department (zero if none).
    /// @param department The department.
    /// @return The key.
    function encryptionKey(bytes32 department) external view returns (bytes32);
}
