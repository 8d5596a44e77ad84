// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {OfficerRole} from "../../contracts/common/Types.sol";
import {IMaterialRegistry} from "../../contracts/interfaces/IMaterialRegistry.sol";
import {SuiteFixture} from "./utils/SuiteFixture.sol";
import {VM} from "./utils/Vm.sol";

/// @notice Every actor of the material registry, honest or not: the admin, an outsider, every officer of
/// both departments and the citizens who own materials. Material ids, departments, purposes and owners
/// come from small pools, so the actors collide on the same records. Citizens sign consents and
/// withdrawals with EIP-712; the handler keeps the signatures and submits them later, replayed, stale
/// (after a withdrawal), altered (another material, department, purpose kind or purpose) or signed by
/// someone who does not own the material. A ghost model records what the owners signed and what the
/// issuing departments did; after every call the handler compares the registry with it.
contract MaterialHandler is SuiteFixture {
    uint256 internal constant ACTORS = 12; // admin, outsider, 4 roles x 2 departments, 2 citizens
    uint256 internal constant MATERIAL_IDS = 6; // material ids in the pool; the pool also draws zero
    uint256 internal constant KEPT_SIGNATURES = 12;

    // Violation categories, one per invariant.
    uint256 internal constant MATERIAL_WRITE = 0;
    uint256 internal constant CONSENT = 1;
    uint256 internal constant USE = 2;


    struct Ghost {
        bool exists;
        bytes32 issuer;
        address owner;
        bytes32 materialType;
        bool revoked;
        bytes32 supersededBy;
        uint40 validFrom;
        uint40 validUntil;
    }

    struct SignedGrant {
        IMaterialRegistry.Consent consent;
        bytes signature;
        address signer;
        uint256 signedAt; // the handler's step counter when it was signed
        bool submitted;
    }

    struct SignedWithdrawal {
        IMaterialRegistry.ConsentRevocation revocation;
        bytes signature;
        address signer;
        uint256 signedAt;
        bool submitted;
    }

    uint256[3] public violationCount;
    string[3] internal _firstViolation;
    uint256 public successes;

    address[2] internal citizen;
    uint256[2] internal citizenKey;
    uint256 internal strangerKey; // an officer's key: signs consents for materials it does not own

    mapping(bytes32 materialId => Ghost) internal ghost;
    bytes32[] internal registered;
    mapping(bytes32 consentKey => uint40 validUntil) internal ghostConsent;
    mapping(bytes32 consentKey => uint256 step) internal lastWithdrawal;
    mapping(bytes32 consentKey => bool) internal tracked;
    bytes32[] internal trackedKeys;
    mapping(bytes32 consentKey => IMaterialRegistry.Consent) internal keyParts;
    mapping(bytes32 materialId => bytes32[]) internal trackedKeysOf;
    bytes32 internal domainSeparator;
    bytes32 internal consentTypehash;
    bytes32 internal withdrawalTypehash;

    SignedGrant[] internal grants;
    IMaterialRegistry.Consent[] internal accepted; // the last consents the registry accepted
    SignedWithdrawal[] internal withdrawals;
    uint256 internal grantsSigned;
    uint256 internal withdrawalsSigned;
    uint256 internal step;
    uint256 internal nextNonce = 1;

    constructor() {
        _deploySuite();
        for (uint256 i = 0; i < 2; ++i) {
            citizenKey[i] = _key(string(abi.encodePacked("citizen", i)));
            citizen[i] = VM.addr(citizenKey[i]);
        }
        strangerKey = _key(string(abi.encodePacked("officer", uint256(1), uint256(1))));
        domainSeparator = materials.domainSeparator();
        consentTypehash = materials.CONSENT_TYPEHASH();
        withdrawalTypehash = materials.CONSENT_REVOCATION_TYPEHASH();
    }

    // -- actions: materials ---------------------------------------------------------------------

    function registerMaterial(uint8 actorSeed, uint8 idSeed, uint8 issuerSeed, uint8 ownerSeed, uint8 shapeSeed)
        external
    {
        bytes32 issuer = _department(issuerSeed);
        address actor = _actorFor(actorSeed, issuer);
        IMaterialRegistry.NewMaterial memory m = _newMaterial(idSeed, issuer, ownerSeed, shapeSeed);
        VM.prank(actor);
        try materials.registerMaterial(m) {
            ++successes;
            // The model takes only what a Clerk or Issuer of the issuer may do; the rest shows as a change.
            if (_issuerOfficer(m.issuer, actor) && !ghost[m.materialId].exists) _modelNew(m);
            _checkMaterials(actor);
        } catch {}
    }

    function supersedeMaterial(
        uint8 actorSeed,
        uint8 oldSeed,
        uint8 idSeed,
        uint8 issuerSeed,
        uint8 ownerSeed,
        uint8 shapeSeed
    ) external {
        bytes32 oldId = _existingOr(oldSeed);
        Ghost storage old = ghost[oldId];
        // Half the time a replacement under the old material's issuer, else under any department, by
        // (often) an officer of the department named in the replacement: a foreign department's clerk
        // replacing another's material with one of its own.
        IMaterialRegistry.NewMaterial memory m = _newMaterial(
            idSeed, issuerSeed % 2 == 0 && old.exists ? old.issuer : _department(issuerSeed >> 1), ownerSeed, shapeSeed
        );
        address actor = _actorFor(actorSeed, m.issuer);
        if (ownerSeed % 3 != 0 && old.exists) {
            m.ownerKey = old.owner;
            m.materialType = old.materialType;
        }
        VM.prank(actor);
        try materials.supersedeMaterial(oldId, m) {
            ++successes;
            if (
                _issuerOfficer(old.issuer, actor) && old.exists && old.supersededBy == bytes32(0)
                    && m.issuer == old.issuer && m.ownerKey == old.owner && !ghost[m.materialId].exists
            ) {
                _modelNew(m);
                old.supersededBy = m.materialId;
            }
            _checkMaterials(actor);
            _checkConsentsOf(oldId);
            _checkConsentsOf(m.materialId);
        } catch {}
    }

    function revokeMaterial(uint8 actorSeed, uint8 idSeed, uint16 reason) external {
        bytes32 id = _existingOr(idSeed);
        address actor = _actorFor(actorSeed, ghost[id].issuer);
        reason = reason % 3; // 0 is malformed
        VM.prank(actor);
        try materials.revokeMaterial(id, reason) {
            ++successes;
            if (_issuerOfficer(ghost[id].issuer, actor) && ghost[id].exists && !ghost[id].revoked && reason != 0) {
                ghost[id].revoked = true;
            }
            _checkMaterials(actor);
            _checkConsentsOf(id);
        } catch {}
    }

    function setEncryptionKey(uint8 actorSeed, uint8 departmentSeed, bytes32 publicKey) external {
        bytes32 department = _department(departmentSeed);
        address actor = _actorFor(actorSeed, department);
        bool ok;
        VM.prank(actor);
        try materials.setEncryptionKey(department, publicKey) {
            ok = true;
        } catch {}
        if (ok && actor != admin && !registry.canAct(department, actor, OfficerRole.Manager)) {
            _violation(MATERIAL_WRITE, "setEncryptionKey by someone who is neither registrar nor the department's manager");
        }
        if (ok && publicKey == bytes32(0)) _violation(MATERIAL_WRITE, "a zero encryption key was accepted");
        if (ok) ++successes;
    }

    // -- actions: consents ----------------------------------------------------------------------

    /// @dev A citizen (or a stranger) signs a consent with the current epoch; submitted at once or kept back.
    function signGrant(
        uint8 signerSeed,
        uint8 idSeed,
        uint8 departmentSeed,
        uint8 kindSeed,
        uint8 purposeSeed,
        uint8 validitySeed,
        uint8 keepSeed
    ) external {
        ++step;
        bytes32 id = _existingOr(idSeed);
        (uint256 key, address signer) = _signer(signerSeed, id);
        IMaterialRegistry.Consent memory c = IMaterialRegistry.Consent({
            materialId: id,
            department: _department(departmentSeed),
            purposeKind: _kind(kindSeed),
            purpose: _purpose(purposeSeed),
            validUntil: validitySeed % 4 == 0 ? uint40(block.timestamp) : uint40(block.timestamp + uint256(validitySeed % 4) * 1 days),
            epoch: 0,
            nonce: nextNonce++,
            deadline: block.timestamp + 1 days
        });
        c.epoch = materials.consentEpoch(c.materialId, c.department, c.purposeKind, c.purpose);
        _track(c.materialId, c.department, c.purposeKind, c.purpose);
        bytes memory signature = _sign(key, _grantHash(c));
        SignedGrant memory entry = SignedGrant(c, signature, signer, step, false);
        uint256 slot = grantsSigned++ % KEPT_SIGNATURES;
        if (grants.length < KEPT_SIGNATURES) grants.push(entry);
        else grants[slot] = entry;
        if (keepSeed % 4 != 0) _submitGrant(signerSeed, slot, 0); // a quarter are kept back
    }

    /// @dev Submit a kept consent: as signed (perhaps again), or with one field changed.
    function submitGrant(uint8 actorSeed, uint8 entrySeed, uint8 mutation) external {
        if (grants.length == 0) return;
        ++step;
        _submitGrant(actorSeed, entrySeed % grants.length, mutation);
    }

    function signWithdrawal(
        uint8 signerSeed,
        uint8 idSeed,
        uint8 departmentSeed,
        uint8 kindSeed,
        uint8 purposeSeed,
        bool submitNow
    ) external {
        ++step;
        bytes32 id = _existingOr(idSeed);
        IMaterialRegistry.ConsentRevocation memory r = IMaterialRegistry.ConsentRevocation({
            materialId: id,
            department: _department(departmentSeed),
            purposeKind: _kind(kindSeed),
            purpose: _purpose(purposeSeed),
            epoch: 0,
            nonce: nextNonce++,
            deadline: block.timestamp + 1 days
        });
        if (departmentSeed % 2 == 0 && grants.length != 0) {
            // Half the time the withdrawal of a consent signed before (perhaps kept back, not submitted).
            IMaterialRegistry.Consent storage c = grants[purposeSeed % grants.length].consent;
            (r.materialId, r.department, r.purposeKind, r.purpose) = (c.materialId, c.department, c.purposeKind, c.purpose);
        }
        (uint256 key, address signer) = _signer(signerSeed, r.materialId);
        r.epoch = materials.consentEpoch(r.materialId, r.department, r.purposeKind, r.purpose);
        _track(r.materialId, r.department, r.purposeKind, r.purpose);
        bytes memory signature = _sign(key, _withdrawalHash(r));
        SignedWithdrawal memory entry = SignedWithdrawal(r, signature, signer, step, false);
        uint256 slot = withdrawalsSigned++ % KEPT_SIGNATURES;
        if (withdrawals.length < KEPT_SIGNATURES) withdrawals.push(entry);
        else withdrawals[slot] = entry;
        if (submitNow) _submitWithdrawal(signerSeed, slot, 0);
    }

    function submitWithdrawal(uint8 actorSeed, uint8 entrySeed, uint8 mutation) external {
        if (withdrawals.length == 0) return;
        ++step;
        _submitWithdrawal(actorSeed, entrySeed % withdrawals.length, mutation);
    }

    // -- actions: uses --------------------------------------------------------------------------

    /// @dev Half the time for a consent that was accepted (by any actor), else for anything.
    function recordUse(uint8 actorSeed, uint8 idSeed, uint8 departmentSeed, uint8 kindSeed, uint8 purposeSeed, uint8 useKind)
        external
    {
        bytes32 id = _materialId(idSeed);
        bytes32 department = _department(departmentSeed);
        uint8 kind = _kind(kindSeed);
        bytes32 purpose = _purpose(purposeSeed);
        if (idSeed % 2 == 0 && accepted.length != 0) {
            IMaterialRegistry.Consent storage c = accepted[purposeSeed % accepted.length];
            (id, department, kind, purpose) = (c.materialId, c.department, c.purposeKind, c.purpose);
        }
        address actor = _actorFor(actorSeed, department);
        useKind = useKind % 8 < 6 ? 2 + useKind % 2 : useKind % 2; // mostly 2 or 3; sometimes 0 or 1
        bool ok;
        VM.prank(actor);
        try materials.recordUse(id, department, kind, purpose, useKind) {
            ok = true;
        } catch {}
        if (!ok) return;
        ++successes;
        if (
            !registry.canAct(department, actor, OfficerRole.Clerk) && !registry.canAct(department, actor, OfficerRole.Approver)
                && !registry.canAct(department, actor, OfficerRole.Issuer)
        ) _violation(USE, "a use was recorded by someone who is not an officer of the using department");
        if (!_ghostConsentInForce(_consentKey(id, department, kind, purpose))) {
            _violation(USE, "a use was recorded without the owner's consent for this department and purpose");
        }
        if (!_ghostUsable(id)) _violation(USE, "a revoked, superseded, unknown or expired material was used");
        if (useKind != 2 && useKind != 3) _violation(USE, "a use of an unknown kind was recorded");
    }

    /// @dev Only the ledger attaches materials; nobody else may log an attachment.
    function useForApplication(uint8 actorSeed, uint8 idSeed, uint8 departmentSeed, uint8 purposeSeed) external {
        address actor = _actor(actorSeed);
        bytes32 id = _materialId(idSeed);
        bool ok;
        VM.prank(actor);
        try materials.useForApplication(
            id, ghost[id].materialType, _department(departmentSeed), _purpose(purposeSeed), SVC_A, actor
        ) {
            ok = true;
        } catch {}
        if (ok) _violation(USE, "useForApplication succeeded for a caller that is not the ledger");
    }

    /// @dev Time passes; then every consent touched so far is compared with the model.
    function passTime(uint32 seconds_) external {
        VM.warp(block.timestamp + (seconds_ % 2 days));
        for (uint256 i = 0; i < trackedKeys.length; ++i) {
            _checkConsent(trackedKeys[i]);
        }
    }

    // -- views for the invariants ---------------------------------------------------------------

    function violations(uint256 category) external view returns (uint256) {
        return violationCount[category];
    }

    function firstViolation(uint256 category) external view returns (string memory) {
        return _firstViolation[category];
    }

    // -- submission and its model ---------------------------------------------------------------

    function _submitGrant(uint8 actorSeed, uint256 index, uint8 mutation) private {
        SignedGrant storage entry = grants[index];
        IMaterialRegistry.Consent memory c = entry.consent;
        bool altered = _alterConsent(c, mutation);
        _track(c.materialId, c.department, c.purposeKind, c.purpose);
        bytes32 key = _consentKey(c.materialId, c.department, c.purposeKind, c.purpose);
        address actor = _actor(actorSeed);
        bool ok;
        VM.prank(actor);
        try materials.grantConsent(c, entry.signature) {
            ok = true;
        } catch {}
        if (ok) {
            ++successes;
            if (altered) _violation(CONSENT, "a consent was accepted with a field the owner did not sign");
            else if (entry.signer != ghost[c.materialId].owner) _violation(CONSENT, "a consent signed by a non-owner was accepted");
            else if (entry.submitted) _violation(CONSENT, "a consent signature was accepted twice (replay)");
            else if (entry.signedAt <= lastWithdrawal[key]) {
                _violation(CONSENT, "a consent signed before the owner's withdrawal was accepted after it (stale epoch)");
            } else if (!_isPurpose(c.purposeKind, c.purpose)) _violation(CONSENT, "a consent for a malformed purpose was accepted");
            else if (block.timestamp > c.deadline || c.validUntil <= block.timestamp) {
                _violation(CONSENT, "an expired consent was accepted");
            }
            if (!altered) entry.submitted = true;
            ghostConsent[key] = c.validUntil;
            if (accepted.length < KEPT_SIGNATURES) accepted.push(c);
            else accepted[step % KEPT_SIGNATURES] = c;
            _checkConsentsOf(c.materialId); // a call that reverted changed nothing
        }
    }

    function _submitWithdrawal(uint8 actorSeed, uint256 index, uint8 mutation) private {
        SignedWithdrawal storage entry = withdrawals[index];
        IMaterialRegistry.ConsentRevocation memory r = entry.revocation;
        bool altered = _alterWithdrawal(r, mutation);
        _track(r.materialId, r.department, r.purposeKind, r.purpose);
        bytes32 key = _consentKey(r.materialId, r.department, r.purposeKind, r.purpose);
        address actor = _actor(actorSeed);
        bool ok;
        VM.prank(actor);
        try materials.revokeConsent(r, entry.signature) {
            ok = true;
        } catch {}
        if (ok) {
            ++successes;
            if (altered) _violation(CONSENT, "a withdrawal was accepted with a field the owner did not sign");
            else if (entry.signer != ghost[r.materialId].owner) _violation(CONSENT, "a withdrawal signed by a non-owner was accepted");
            else if (entry.submitted) _violation(CONSENT, "a withdrawal signature was accepted twice (replay)");
            else if (entry.signedAt <= lastWithdrawal[key]) _violation(CONSENT, "a stale withdrawal was accepted");
            if (!altered) entry.submitted = true;
            ghostConsent[key] = 0;
            lastWithdrawal[key] = step;
            _checkConsentsOf(r.materialId);
        }
    }

    /// @dev Changes one field (mutation 4..9) so that the signature no longer covers the consent.
    function _alterConsent(IMaterialRegistry.Consent memory c, uint8 mutation) private view returns (bool) {
        uint256 m = mutation % 10;
        if (m < 4) return false;
        if (m == 4) c.materialId = _otherMaterial(c.materialId);
        else if (m == 5) c.department = c.department == DEPT_A ? DEPT_B : DEPT_A;
        else if (m == 6) c.purposeKind = c.purposeKind == 1 ? 2 : 1;
        else if (m == 7) c.purpose = c.purpose == SVC_B ? SVC_A : SVC_B;
        else if (m == 8) c.validUntil += 30 days;
        else c.epoch = materials.consentEpoch(c.materialId, c.department, c.purposeKind, c.purpose) + (c.epoch + 1);
        return true;
    }

    function _alterWithdrawal(IMaterialRegistry.ConsentRevocation memory r, uint8 mutation) private view returns (bool) {
        uint256 m = mutation % 10;
        if (m < 5) return false;
        if (m == 5) r.materialId = _otherMaterial(r.materialId);
        else if (m == 6) r.department = r.department == DEPT_A ? DEPT_B : DEPT_A;
        else if (m == 7) r.purposeKind = r.purposeKind == 1 ? 2 : 1;
        else if (m == 8) r.purpose = r.purpose == SVC_B ? SVC_A : SVC_B;
        else r.epoch = materials.consentEpoch(r.materialId, r.department, r.purposeKind, r.purpose) + (r.epoch + 1);
        return true;
    }

    // -- checks ---------------------------------------------------------------------------------

    /// @dev After a call that succeeded (one that reverted changed nothing), every material of the pool
    /// is as the model says. The model follows only what a Clerk or Issuer of the material's issuing
    /// department may do, so a material written otherwise shows up here.
    function _checkMaterials(address actor) private {
        for (uint256 i = 0; i < MATERIAL_IDS; ++i) {
            bytes32 id = _materialId(i);
            Ghost storage g = ghost[id];
            bytes32 modelled = g.exists
                ? keccak256(abi.encode(g.materialType, g.issuer, g.owner, g.revoked, g.supersededBy))
                : bytes32(0);
            bytes32 onChain = _fingerprint(id);
            if (onChain == modelled) continue;
            IMaterialRegistry.Material memory m = materials.getMaterial(id);
            if (!g.exists) {
                _violation(MATERIAL_WRITE, "a material appeared that no Clerk or Issuer of its issuer registered");
            } else if (!_issuerOfficer(g.issuer, actor)) {
                _violation(MATERIAL_WRITE, "a material changed by someone who is not a Clerk or Issuer of its issuer");
            } else if (m.issuer != g.issuer || m.ownerKey != g.owner || m.materialType != g.materialType) {
                _violation(MATERIAL_WRITE, "a material's issuer, owner or type changed");
            } else {
                _violation(MATERIAL_WRITE, "a material was revoked or superseded other than its issuer asked");
            }
            // Follow the chain from here, so that one fault is reported once.
            (g.exists, g.issuer, g.owner, g.materialType) = (true, m.issuer, m.ownerKey, m.materialType);
            (g.revoked, g.supersededBy, g.validFrom, g.validUntil) = (m.revoked, m.supersededBy, m.validFrom, m.validUntil);
        }
    }

    /// @dev The registry's answer for every consent of the material the actors have touched (every
    /// department, purpose kind and purpose) equals the model. `passTime` checks all materials.
    function _checkConsentsOf(bytes32 materialId) private {
        bytes32[] storage keys = trackedKeysOf[materialId];
        for (uint256 i = 0; i < keys.length; ++i) {
            _checkConsent(keys[i]);
        }
    }

    /// @dev A consent is in force only where the owner signed it, it was submitted, and not withdrawn since.
    function _checkConsent(bytes32 key) private {
        {
            IMaterialRegistry.Consent storage p = keyParts[key];
            uint40 chain = materials.consentUntil(p.materialId, p.department, p.purposeKind, p.purpose);
            uint40 model = ghostConsent[key] > block.timestamp ? ghostConsent[key] : 0;
            if (chain != model) {
                _violation(
                    CONSENT,
                    chain > model
                        ? "consentUntil answers a consent the owner did not give for exactly this (material, department, kind, purpose)"
                        : "a consent the owner gave was lost"
                );
            }
        }
    }

    function _modelNew(IMaterialRegistry.NewMaterial memory m) private {
        registered.push(m.materialId);
        ghost[m.materialId] = Ghost({
            exists: true,
            issuer: m.issuer,
            owner: m.ownerKey,
            materialType: m.materialType,
            revoked: false,
            supersededBy: bytes32(0),
            validFrom: m.validFrom,
            validUntil: m.validUntil
        });
    }

    function _issuerOfficer(bytes32 department, address actor) private view returns (bool) {
        return registry.canAct(department, actor, OfficerRole.Clerk) || registry.canAct(department, actor, OfficerRole.Issuer);
    }

    function _ghostConsentInForce(bytes32 key) private view returns (bool) {
        return ghostConsent[key] > block.timestamp;
    }

    function _ghostUsable(bytes32 id) private view returns (bool) {
        Ghost storage g = ghost[id];
        return g.exists && !g.revoked && g.supersededBy == bytes32(0) && block.timestamp >= g.validFrom
            && (g.validUntil == 0 || block.timestamp <= g.validUntil);
    }

    function _fingerprint(bytes32 id) private view returns (bytes32) {
        try materials.getMaterial(id) returns (IMaterialRegistry.Material memory m) {
            return keccak256(abi.encode(m.materialType, m.issuer, m.ownerKey, m.revoked, m.supersededBy));
        } catch {
            return bytes32(0);
        }
    }

    function _track(bytes32 id, bytes32 department, uint8 kind, bytes32 purpose) private {
        // Both purpose kinds of the same bytes: a consent must never answer for the other kind.
        _trackOne(id, department, kind, purpose);
        _trackOne(id, department, kind == 1 ? 2 : 1, purpose);
    }

    function _trackOne(bytes32 id, bytes32 department, uint8 kind, bytes32 purpose) private {
        bytes32 key = _consentKey(id, department, kind, purpose);
        if (tracked[key]) return;
        tracked[key] = true;
        trackedKeys.push(key);
        trackedKeysOf[id].push(key);
        keyParts[key] = IMaterialRegistry.Consent(id, department, kind, purpose, 0, 0, 0, 0);
    }

    function _violation(uint256 category, string memory what) private {
        if (violationCount[category] == 0) _firstViolation[category] = what;
        ++violationCount[category];
    }

    // -- signing --------------------------------------------------------------------------------

    function _grantHash(IMaterialRegistry.Consent memory c) private view returns (bytes32) {
        return keccak256(
            abi.encode(
                consentTypehash,
                c.materialId,
                c.department,
                c.purposeKind,
                c.purpose,
                c.validUntil,
                c.epoch,
                c.nonce,
                c.deadline
            )
        );
    }

    function _withdrawalHash(IMaterialRegistry.ConsentRevocation memory r) private view returns (bytes32) {
        return keccak256(
            abi.encode(
                withdrawalTypehash,
                r.materialId,
                r.department,
                r.purposeKind,
                r.purpose,
                r.epoch,
                r.nonce,
                r.deadline
            )
        );
    }

    function _sign(uint256 key, bytes32 structHash) private view returns (bytes memory) {
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Half the time the material's owner (a citizen if it has none yet), else the other citizen or an officer.
    function _signer(uint8 seed, bytes32 id) private view returns (uint256 key, address signer) {
        uint256 i = seed % 4;
        i = i == 0 ? 0 : i - 1;
        uint256 ownerIndex = ghost[id].owner == citizen[1] ? 1 : 0;
        if (i == 0) return (citizenKey[ownerIndex], citizen[ownerIndex]);
        if (i == 1) return (citizenKey[1 - ownerIndex], citizen[1 - ownerIndex]);
        return (strangerKey, VM.addr(strangerKey));
    }

    // -- argument pools -------------------------------------------------------------------------

    function _actor(uint8 seed) private view returns (address) {
        uint256 i = seed % ACTORS;
        if (i == 0) return admin;
        if (i == 1) return outsider;
        if (i >= 10) return citizen[i - 10];
        return officer[(i - 2) / 4][(i - 2) % 4 + 1];
    }

    /// @dev Half the time an officer of `department` (any role), else any actor.
    function _actorFor(uint8 seed, bytes32 department) private view returns (address) {
        if (seed % 2 == 1) return _actor(seed >> 1);
        if (department == DEPT_A) return officer[0][1 + (seed >> 1) % 4];
        if (department == DEPT_B) return officer[1][1 + (seed >> 1) % 4];
        return _actor(seed >> 1);
    }

    function _materialId(uint256 seed) private pure returns (bytes32) {
        uint256 i = seed % (MATERIAL_IDS + 1);
        if (i == MATERIAL_IDS) return bytes32(0);
        return bytes32(bytes.concat("MAT-", bytes1(uint8(48 + i))));
    }

    /// @dev Half the time a material that exists, else any id of the pool (or zero).
    function _existingOr(uint8 seed) private view returns (bytes32) {
        if (seed % 2 == 0 && registered.length != 0) return registered[(seed >> 1) % registered.length];
        return _materialId(seed >> 1);
    }

    function _otherMaterial(bytes32 id) private pure returns (bytes32) {
        return id == _materialId(0) ? _materialId(1) : _materialId(0);
    }

    function _department(uint8 seed) private pure returns (bytes32) {
        uint256 i = seed % 4;
        if (i == 0) return DEPT_A;
        if (i == 1) return DEPT_B;
        if (i == 2) return bytes32(0);
        return "ZD-UNKNOWN";
    }

    /// @dev Mostly the two real kinds; sometimes a malformed one.
    function _kind(uint8 seed) private pure returns (uint8) {
        uint256 i = seed % 6;
        if (i < 5) return uint8(1 + (i % 2));
        return seed % 2 == 0 ? 0 : 3;
    }

    /// @dev Service codes; an application id with the same bytes as SVC_B; zero.
    function _purpose(uint8 seed) private pure returns (bytes32) {
        uint256 i = seed % 7;
        if (i < 2) return SVC_A;
        if (i < 4) return SVC_B;
        if (i < 6) return "APP-1";
        return bytes32(0);
    }

    function _isPurpose(uint8 kind, bytes32 purpose) private pure returns (bool) {
        return (kind == 1 || kind == 2) && purpose != bytes32(0);
    }

    function _consentKey(bytes32 id, bytes32 department, uint8 kind, bytes32 purpose) private pure returns (bytes32) {
        return keccak256(abi.encode(id, department, kind, purpose));
    }

    function _newMaterial(uint8 idSeed, bytes32 issuer, uint8 ownerSeed, uint8 shapeSeed)
        private
        view
        returns (IMaterialRegistry.NewMaterial memory m)
    {
        uint256 shape = shapeSeed % 12; // 1, 2, 3 and 5 are malformed
        m = IMaterialRegistry.NewMaterial({
            materialId: _materialId(idSeed),
            materialType: shape == 1 ? bytes32(0) : (shapeSeed % 2 == 0 ? bytes32("ID-CARD") : bytes32("LICENCE")),
            issuer: issuer,
            ownerCommitment: shape == 2 ? bytes32(0) : keccak256(abi.encode(ownerSeed)),
            ownerKey: ownerSeed % 5 == 4 ? address(0) : citizen[ownerSeed % 2],
            contentHash: shape == 3 ? bytes32(0) : keccak256(abi.encode(idSeed, shapeSeed)),
            validFrom: uint40(block.timestamp),
            validUntil: shape == 4 ? uint40(block.timestamp + 1 days) : (shape == 5 ? uint40(block.timestamp) : 0),
            storageUri: "cas:sha256:00"
        });
    }
}

/// @notice Invariants of the material registry under every actor. `make test` runs each 256 times with
/// 100 calls; `make fuzz` 50 times more.
contract MaterialInvariantsTest {
    MaterialHandler internal handler;

    function setUp() public {
        handler = new MaterialHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev A material of department D appears, is revoked or superseded only by D's Clerks or Issuers
    /// (issue 12, finding 3), and its issuer, owner and type never change.
    function _materialsChangeOnlyByTheirIssuer() internal view {
        require(handler.violations(0) == 0, handler.firstViolation(0));
    }

    /// @dev consentUntil is non-zero exactly where the owner signed a grant for that (material,
    /// department, purpose kind, purpose), it was submitted and not withdrawn since: no replay, no stale
    /// epoch, no altered field, no other signer, no kind confusion (issue 12, findings 4 and 11).
    function _consentAuthorizesExactlyWhatItNames() internal view {
        require(handler.violations(1) == 0, handler.firstViolation(1));
    }

    /// @dev Every recorded use is by an officer of the using department with the owner's consent in force.
    function _usesNeedAnOfficerAndConsent() internal view {
        require(handler.violations(2) == 0, handler.firstViolation(2));
    }

    /// @notice One campaign checks every rule after every call (a campaign per rule would triple the
    /// time for the same calls):
    /// materialsChangeOnlyByTheirIssuer, consentAuthorizesExactlyWhatItNames, usesNeedAnOfficerAndConsent.
    function invariant_materialRulesHoldForEveryActor() public view {
        _materialsChangeOnlyByTheirIssuer();
        _consentAuthorizesExactlyWhatItNames();
        _usesNeedAnOfficerAndConsent();
    }
}

