// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {OfficerRole} from "../../contracts/common/Types.sol";
import {ICertificateRegistry} from "../../contracts/interfaces/ICertificateRegistry.sol";
import {SuiteFixture} from "./utils/SuiteFixture.sol";
import {VM} from "./utils/Vm.sol";

/// @notice Every actor of the certificate registry: the admin, an outsider and every officer of both
/// departments, issuing and revoking batches under both departments (and unknown ones) and revoking
/// certificates of three small Merkle trees built here the way the SDK builds them (StandardMerkleTree
/// leaves `keccak256(bytes.concat(keccak256(abi.encode(certificateId, digest))))`, sorted-pair hashing as
/// OpenZeppelin's MerkleProof): with honest proofs, empty proofs, another tree's proof, and inner nodes
/// and roots passed as a leaf's preimage. A ghost model records what each department's issuers did.
contract CertificateHandler is SuiteFixture {
    uint256 internal constant ACTORS = 10; // admin, outsider, 4 roles x 2 departments
    uint256 internal constant CERTS = 4;
    uint256 internal constant TREES = 3;
    uint256 internal constant ROOTS = 4; // the three trees' roots and T1's inner node
    uint256 internal constant ISSUERS = 2; // A and B are tracked; an unknown department and zero are drawn too

    uint256 internal constant BATCH_WRITE = 0;
    uint256 internal constant REVOKED_VALID = 1;
    uint256 internal constant NON_LEAF = 2;
    uint256 internal constant STATUS_LIST = 3;
    uint256 internal constant CHECKED_INDICES = 48; // status entries compared with the model after each call

    struct InnerNode {
        uint256 tree;
        bytes32 left; // sorted children: the node is keccak256(abi.encode(left, right))
        bytes32 right;
        bytes32[] path; // from the node to the tree's root
    }

    uint256[4] public violationCount;
    string[4] internal _firstViolation;
    uint256 public successes;

    bytes32[CERTS] internal certId;
    bytes32[CERTS] internal certDigest;
    bytes32[CERTS] internal leaf;
    bytes32[ROOTS] internal root; // root[t] of tree t (t < 3); root[3] is T1's inner node
    /// @dev The certificates of each tree, and each one's proof in it.
    uint256[][TREES] internal members;
    mapping(uint256 tree => mapping(uint256 cert => bytes32[])) internal proofOf;
    InnerNode[] internal innerNodes;

    // Ghost state, per (root index, issuer index): what the departments' Issuers did.
    mapping(uint256 r => mapping(uint256 d => ICertificateRegistry.Batch)) internal ghostBatch;
    mapping(uint256 t => mapping(uint256 c => mapping(uint256 d => bool))) internal certRevoked;
    // Ghost status list, per tracked department: its enrolled signers, next index and entries.
    mapping(uint256 d => mapping(address account => bool)) internal ghostSigner;
    uint64[ISSUERS] internal ghostNext;
    mapping(uint256 d => mapping(uint256 index => uint8 state)) internal ghostState;

    constructor() {
        _deploySuite();
        for (uint256 i = 0; i < CERTS; ++i) {
            certId[i] = bytes32(bytes.concat("CERT-", bytes1(uint8(48 + i))));
            certDigest[i] = keccak256(abi.encode("digest", i));
            leaf[i] = keccak256(bytes.concat(keccak256(abi.encode(certId[i], certDigest[i]))));
        }
        // T0 = {c0, c1}: root = h(l0, l1).
        root[0] = _hashPair(leaf[0], leaf[1]);
        _member(0, 0, _one(leaf[1]));
        _member(0, 1, _one(leaf[0]));
        _inner(0, leaf[0], leaf[1], new bytes32[](0));
        // T1 = {c1, c2, c3}: n = h(l1, l2), root = h(n, l3).
        bytes32 n = _hashPair(leaf[1], leaf[2]);
        root[1] = _hashPair(n, leaf[3]);
        _member(1, 1, _two(leaf[2], leaf[3]));
        _member(1, 2, _two(leaf[1], leaf[3]));
        _member(1, 3, _one(n));
        _inner(1, leaf[1], leaf[2], _one(leaf[3]));
        _inner(1, n, leaf[3], new bytes32[](0));
        // T2 = {c3}: a tree of one leaf, its root is the leaf.
        root[2] = leaf[3];
        _member(2, 3, new bytes32[](0));
        root[3] = n;
    }

    // -- actions --------------------------------------------------------------------------------

    /// @dev A batch named by a call: indexes into the tracked roots and issuers, and the values.
    struct Target {
        uint256 r;
        bytes32 root;
        uint256 d;
        bytes32 issuer;
        address actor;
    }

    function issueBatch(uint8 actorSeed, uint8 rootSeed, uint8 issuerSeed, uint8 countSeed) external {
        Target memory x = _target(actorSeed, rootSeed, issuerSeed);
        uint32 count = uint32(countSeed % 4);
        bool ok;
        VM.prank(x.actor);
        try certificates.issueBatch(x.root, x.issuer, count) {
            ok = true;
        } catch {}
        if (ok) {
            ++successes;
            if (count == 0 || x.root == bytes32(0)) _violation(BATCH_WRITE, "an empty batch was issued");
            if (_tracked(x.r, x.d) && _isIssuer(x.d, x.actor)) {
                if (ghostBatch[x.r][x.d].issuedBlock != 0) _violation(BATCH_WRITE, "a batch was issued twice");
                _modelIssue(ghostBatch[x.r][x.d], count);
            }
            _checkBatches(x.actor); // a call that reverted changed nothing
        }
    }

    function revokeBatch(uint8 actorSeed, uint8 rootSeed, uint8 issuerSeed, uint16 reason) external {
        Target memory x = _target(actorSeed, rootSeed, issuerSeed);
        reason = reason % 3; // 0 is malformed
        bool ok;
        VM.prank(x.actor);
        try certificates.revokeBatch(x.root, x.issuer, reason) {
            ok = true;
        } catch {}
        if (ok) {
            ++successes;
            if (reason == 0) _violation(BATCH_WRITE, "a batch was revoked without a reason");
            if (_tracked(x.r, x.d) && _isIssuer(x.d, x.actor)) {
                ICertificateRegistry.Batch storage g = ghostBatch[x.r][x.d];
                if (g.issuedBlock == 0 || g.revokedBlock != 0) {
                    _violation(BATCH_WRITE, "revokeBatch succeeded on a batch not issued or revoked already");
                }
                g.revokedBlock = uint64(block.number);
                g.reasonCode = reason;
            }
            _checkBatches(x.actor);
        }
    }

    function _target(uint8 actorSeed, uint8 rootSeed, uint8 issuerSeed) private view returns (Target memory x) {
        (x.r, x.root) = _root(rootSeed);
        (x.d, x.issuer) = _issuer(issuerSeed);
        x.actor = _actorFor(actorSeed, x.issuer);
    }

    struct Revocation {
        uint256 tree;
        uint256 cert;
        bytes32 root;
        bytes32 id;
        bytes32 digest;
        bytes32[] proof;
        bool honest; // a certificate of the batch with its proof
    }

    /// @dev mode 0-3: a certificate of the tree with its proof; 4: empty proof; 5: an inner node's
    /// children as the preimage, with the node's path; 6-7: the certificate with another tree's root.
    function revokeCertificate(uint8 actorSeed, uint8 treeSeed, uint8 certSeed, uint8 issuerSeed, uint8 mode, uint16 reason)
        external
    {
        _revokeCertificate(actorSeed, issuerSeed, _revocation(treeSeed, certSeed, mode), reason % 3);
    }

    function _revokeCertificate(uint8 actorSeed, uint8 issuerSeed, Revocation memory v, uint16 reason) private {
        (uint256 d, bytes32 issuer) = _issuer(issuerSeed);
        address actor = _actorFor(actorSeed, issuer);
        if (_tryRevoke(v, issuer, actor, reason)) {
            ++successes;
            if (!v.honest) _violation(NON_LEAF, "revokeCertificate took something that is not a certificate of the batch");
            else if (reason == 0) _violation(BATCH_WRITE, "a certificate was revoked without a reason");
            else if (_tracked(v.tree, d) && _isIssuer(d, actor)) {
                if (ghostBatch[v.tree][d].issuedBlock == 0 || certRevoked[v.tree][v.cert][d]) {
                    _violation(BATCH_WRITE, "revokeCertificate succeeded without an issued batch, or twice");
                }
                certRevoked[v.tree][v.cert][d] = true;
            }
            _checkBatches(actor);
            if (d < ISSUERS) {
                string memory found = _certificatesAsModelled(v.tree, d);
                if (bytes(found).length != 0) _violation(BATCH_WRITE, found);
            }
        }
    }

    function _tryRevoke(Revocation memory v, bytes32 issuer, address actor, uint16 reason) private returns (bool) {
        VM.prank(actor);
        try certificates.revokeCertificate(v.root, issuer, v.id, v.digest, v.proof, reason) {
            return true;
        } catch {
            return false;
        }
    }

    function _revocation(uint8 treeSeed, uint8 certSeed, uint8 mode) private view returns (Revocation memory v) {
        v.tree = treeSeed % TREES;
        v.cert = members[v.tree][certSeed % members[v.tree].length];
        v.root = root[v.tree];
        v.id = certId[v.cert];
        v.digest = certDigest[v.cert];
        v.proof = proofOf[v.tree][v.cert];
        v.honest = true;
        mode = mode % 8;
        if (mode == 4) {
            v.proof = new bytes32[](0);
            v.honest = v.tree == 2; // a tree of one leaf needs no proof
        } else if (mode == 5) {
            InnerNode storage node = innerNodes[certSeed % innerNodes.length];
            v.tree = node.tree;
            v.root = root[node.tree];
            v.id = node.left;
            v.digest = node.right;
            v.proof = node.path;
            v.honest = false;
        } else if (mode > 5) {
            // This tree's proof against the next tree's root: never a proof there, in these trees.
            v.root = root[(v.tree + 1) % TREES];
            v.honest = false;
        }
    }

    /// @dev Only the ledger issues completion certificates.
    function issueForApplication(uint8 actorSeed, uint8 certSeed, uint8 issuerSeed) external {
        uint256 c = certSeed % CERTS;
        (, bytes32 issuer) = _issuer(issuerSeed);
        address actor = _actorFor(actorSeed, issuer);
        VM.prank(actor);
        try certificates.issueForApplication(certId[c], issuer, "LICENCE", leaf[c]) {
            _violation(BATCH_WRITE, "issueForApplication succeeded for a caller that is not the ledger");
        } catch {}
    }

    function nextBlock(uint8 blocks) external {
        VM.roll(block.number + 1 + blocks % 3);
        VM.warp(block.timestamp + 12 * (1 + uint256(blocks % 3)));
    }

    // -- views for the invariants ---------------------------------------------------------------

    // -- the status list ------------------------------------------------------------------------

    function enrolStatusSigner(uint8 actorSeed, uint8 issuerSeed, uint8 accountSeed) external {
        (uint256 d, bytes32 issuer) = _issuer(issuerSeed);
        address actor = _actorFor(actorSeed, issuer);
        address account = accountSeed % 3 == 0 ? actor : _actorFor(accountSeed >> 2, issuer);
        VM.prank(actor);
        try certificates.enrolStatusSigner(issuer, account) {
            ++successes;
            if (!registry.canAct(issuer, account, OfficerRole.Issuer)) {
                _violation(STATUS_LIST, "an account that is not an Issuer was enrolled");
            }
            if (account != actor && !registry.canAct(issuer, actor, OfficerRole.Manager)) {
                _violation(STATUS_LIST, "someone other than a Manager or the account itself enrolled it");
            }
            if (d < ISSUERS) ghostSigner[d][account] = true;
            _checkStatusList();
        } catch {}
    }

    function dropStatusSigner(uint8 actorSeed, uint8 issuerSeed, uint8 accountSeed) external {
        (uint256 d, bytes32 issuer) = _issuer(issuerSeed);
        address actor = _actorFor(actorSeed, issuer);
        address account = accountSeed % 3 == 0 ? actor : _actorFor(accountSeed >> 2, issuer);
        VM.prank(actor);
        try certificates.dropStatusSigner(issuer, account) {
            ++successes;
            bool stale = !registry.canAct(issuer, account, OfficerRole.Issuer);
            if (!stale && account != actor && !registry.canAct(issuer, actor, OfficerRole.Manager)) {
                _violation(STATUS_LIST, "a current signer was dropped by someone other than a Manager or itself");
            }
            if (d < ISSUERS) ghostSigner[d][account] = false;
            _checkStatusList();
        } catch {}
    }

    function issueStatusBatch(uint8 actorSeed, uint8 issuerSeed, uint8 countSeed, uint8 skew) external {
        (uint256 d, bytes32 issuer) = _issuer(issuerSeed);
        address actor = _actorFor(actorSeed, issuer);
        (, uint64 next,) = certificates.statusRecord(issuer);
        uint64 first = skew % 4 == 0 ? next + skew % 3 : next; // now and then a stale or future first index
        uint32 count = uint32(countSeed % 4);
        VM.prank(actor);
        try certificates.issueStatusBatch(keccak256(abi.encode("status root", next)), issuer, first, count) {
            ++successes;
            if (d >= ISSUERS || !ghostSigner[d][actor]) {
                _violation(STATUS_LIST, "a status batch was issued by someone not enrolled for the department");
            } else {
                if (count == 0 || first != ghostNext[d]) _violation(STATUS_LIST, "a malformed status batch was issued");
                ghostNext[d] += count;
            }
            _checkStatusList();
        } catch {}
    }

    function setStatus(uint8 actorSeed, uint8 issuerSeed, uint8 indexSeed, uint8 stateSeed, uint16 reason) external {
        (uint256 d, bytes32 issuer) = _issuer(issuerSeed);
        address actor = _actorFor(actorSeed, issuer);
        uint64 index = uint64(indexSeed % (d < ISSUERS ? ghostNext[d] + 2 : 2)); // sometimes not issued yet
        uint8 state = stateSeed % 5;
        reason = reason % 3; // 0 is malformed except to reinstate
        VM.prank(actor);
        try certificates.setStatus(issuer, index, ICertificateRegistry.CertificateState(state), reason) {
            ++successes;
            if (d >= ISSUERS || !ghostSigner[d][actor]) {
                _violation(STATUS_LIST, "a status entry was changed by someone not enrolled for the department");
            } else {
                uint8 current = ghostState[d][index];
                if (index >= ghostNext[d]) _violation(STATUS_LIST, "an entry not issued yet was changed");
                if (current >= 2) _violation(STATUS_LIST, "a terminal entry changed");
                if (current == state || (state == 0 && current != 1)) _violation(STATUS_LIST, "an illegal move");
                if (reason == 0 && state != 0) _violation(STATUS_LIST, "a status change without a reason");
                ghostState[d][index] = state;
            }
            _checkStatusList();
        } catch {}
    }

    /// @dev Each tracked department's next index and first entries are what its enrolled signers did.
    function _checkStatusList() private {
        for (uint256 d = 0; d < ISSUERS; ++d) {
            (, uint64 next,) = certificates.statusRecord(_issuerCode(d));
            if (next != ghostNext[d]) {
                _violation(STATUS_LIST, "a department's next status index moved other than its signers' batches");
                ghostNext[d] = next;
            }
            for (uint256 i = 0; i < CHECKED_INDICES; ++i) {
                uint8 state = uint8(certificates.statusOf(_issuerCode(d), uint64(i)));
                if (state == ghostState[d][i]) continue;
                _violation(STATUS_LIST, "a status entry differs from what the department's signers did");
                ghostState[d][i] = state;
            }
        }
    }

    function violations(uint256 category) external view returns (uint256) {
        return violationCount[category];
    }

    function firstViolation(uint256 category) external view returns (string memory) {
        return _firstViolation[category];
    }

    /// @notice Empty if every certificate of every tracked batch answers as the model says (revoked
    /// exactly when an Issuer of its department revoked it or its batch; then never valid); else what not.
    function revokedAnsweredValid() external view returns (string memory) {
        for (uint256 t = 0; t < TREES; ++t) {
            for (uint256 d = 0; d < ISSUERS; ++d) {
                string memory found = _certificatesAsModelled(t, d);
                if (bytes(found).length != 0) return found;
            }
        }
        return "";
    }

    /// @notice Empty if no root or inner node of an issued batch answers as a certificate; else what does.
    function nonLeafAnsweredIssued() external view returns (string memory) {
        for (uint256 i = 0; i < innerNodes.length; ++i) {
            InnerNode storage node = innerNodes[i];
            for (uint256 d = 0; d < 2; ++d) {
                if (ghostBatch[node.tree][d].issuedBlock == 0) continue;
                bytes32 issuer = _issuerCode(d);
                if (certificates.certificateStatus(root[node.tree], issuer, node.left, node.right, node.path).issued) {
                    return "an inner node or root answers as an issued certificate";
                }
                if (certificates.validAt(root[node.tree], issuer, node.left, node.right, node.path, block.number)) {
                    return "an inner node or root answers as a valid certificate";
                }
            }
        }
        // The root itself given as a certificate id, with an empty proof.
        for (uint256 t = 0; t < 2; ++t) {
            for (uint256 d = 0; d < 2; ++d) {
                if (ghostBatch[t][d].issuedBlock != 0 && certificates.certificateStatus(root[t], _issuerCode(d), root[t], bytes32(0), new bytes32[](0)).issued) {
                    return "a root answers as an issued certificate";
                }
            }
        }
        return "";
    }

    // -- checks ---------------------------------------------------------------------------------

    /// @dev After a call that succeeded (one that reverted changed nothing), every tracked batch record
    /// equals the model, which follows only what the department's Issuers did: a batch that changed
    /// otherwise was written by someone else, or not as the call named.
    function _checkBatches(address actor) private {
        for (uint256 r = 0; r < ROOTS; ++r) {
            for (uint256 d = 0; d < ISSUERS; ++d) {
                ICertificateRegistry.Batch memory batch = certificates.getBatch(root[r], _issuerCode(d));
                if (keccak256(abi.encode(batch)) == keccak256(abi.encode(ghostBatch[r][d]))) continue;
                _violation(
                    BATCH_WRITE,
                    _isIssuer(d, actor)
                        ? "a batch changed other than its Issuer's call named"
                        : "a batch of one department changed by someone who is not its Issuer"
                );
                ghostBatch[r][d] = batch;
            }
        }
    }

    /// @dev Empty if each certificate of tree `t` under issuer `d` answers as modelled; else what not.
    function _certificatesAsModelled(uint256 t, uint256 d) private view returns (string memory found) {
        if (ghostBatch[t][d].issuedBlock == 0) return "";
        for (uint256 i = 0; i < members[t].length; ++i) {
            found = _certificateAsModelled(t, d, members[t][i]);
            if (bytes(found).length != 0) return found;
        }
    }

    function _certificateAsModelled(uint256 t, uint256 d, uint256 c) private view returns (string memory) {
        bytes32 issuer = _issuerCode(d);
        bool certificateRevoked = certRevoked[t][c][d];
        ICertificateRegistry.CertificateStatus memory status =
            certificates.certificateStatus(root[t], issuer, certId[c], certDigest[c], proofOf[t][c]);
        if (!status.issued) return "an issued certificate answers not issued";
        if ((status.certificateRevokedBlock != 0) != certificateRevoked) {
            return certificateRevoked
                ? "a revoked certificate answers not revoked"
                : "a certificate was revoked that no Issuer of its department revoked";
        }
        bool revoked = certificateRevoked || ghostBatch[t][d].revokedBlock != 0;
        bool valid = _validNow(t, issuer, c);
        if (revoked && valid) return "a revoked certificate answers valid";
        if (!revoked && !valid) return "a certificate nobody revoked answers not valid";
        return "";
    }

    function _modelIssue(ICertificateRegistry.Batch storage g, uint32 count) private {
        g.issuedBlock = uint64(block.number);
        g.issuedAt = uint40(block.timestamp);
        g.count = count;
    }

    function _validNow(uint256 t, bytes32 issuer, uint256 c) private view returns (bool) {
        return certificates.validAt(root[t], issuer, certId[c], certDigest[c], proofOf[t][c], block.number);
    }

    function _tracked(uint256 r, uint256 d) private pure returns (bool) {
        return r < ROOTS && d < ISSUERS;
    }

    function _isIssuer(uint256 d, address actor) private view returns (bool) {
        return registry.canAct(_issuerCode(d), actor, OfficerRole.Issuer);
    }

    function _violation(uint256 category, string memory what) private {
        if (violationCount[category] == 0) _firstViolation[category] = what;
        ++violationCount[category];
    }

    // -- trees ----------------------------------------------------------------------------------

    function _hashPair(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _member(uint256 t, uint256 c, bytes32[] memory proof) private {
        members[t].push(c);
        proofOf[t][c] = proof;
    }

    function _inner(uint256 t, bytes32 a, bytes32 b, bytes32[] memory path) private {
        (bytes32 left, bytes32 right) = a < b ? (a, b) : (b, a);
        innerNodes.push(InnerNode({tree: t, left: left, right: right, path: path}));
    }

    function _one(bytes32 a) private pure returns (bytes32[] memory p) {
        p = new bytes32[](1);
        p[0] = a;
    }

    function _two(bytes32 a, bytes32 b) private pure returns (bytes32[] memory p) {
        p = new bytes32[](2);
        p[0] = a;
        p[1] = b;
    }

    // -- argument pools -------------------------------------------------------------------------

    /// @dev The tracked roots (index < ROOTS), zero and a made-up root (index ROOTS).
    function _root(uint8 seed) private view returns (uint256, bytes32) {
        uint256 i = seed % (ROOTS + 2);
        if (i < ROOTS) return (i, root[i]);
        return (ROOTS, i == ROOTS ? bytes32(0) : keccak256("made-up root"));
    }

    /// @dev A, B (tracked), an unknown department and zero.
    function _issuer(uint8 seed) private pure returns (uint256, bytes32) {
        uint256 i = seed % (ISSUERS + 2);
        return (i, _issuerCode(i));
    }

    function _issuerCode(uint256 d) private pure returns (bytes32) {
        if (d == 0) return DEPT_A;
        if (d == 1) return DEPT_B;
        if (d == 2) return "ZD-UNKNOWN";
        return bytes32(0);
    }

    function _actor(uint8 seed) private view returns (address) {
        uint256 i = seed % ACTORS;
        if (i == 0) return admin;
        if (i == 1) return outsider;
        return officer[(i - 2) / 4][(i - 2) % 4 + 1];
    }

    /// @dev A quarter of the time the department's Issuer, a quarter another officer of it, else anyone.
    function _actorFor(uint8 seed, bytes32 department) private view returns (address) {
        uint256 d = department == DEPT_A ? 0 : (department == DEPT_B ? 1 : 2);
        if (d == 2 || seed % 4 >= 2) return _actor(seed >> 2);
        if (seed % 4 == 0) return officer[d][uint8(OfficerRole.Issuer)];
        return officer[d][1 + (seed >> 2) % 4];
    }
}

/// @notice Invariants of the certificate registry under every actor. `make test` runs each 256 times
/// with 100 calls; `make fuzz` 50 times more.
contract CertificateInvariantsTest {
    CertificateHandler internal handler;

    function setUp() public {
        handler = new CertificateHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev A batch of issuer D (its record and its certificates' revocations) changes only by D's
    /// Issuers, and only the batch the call names; only the ledger issues completion certificates.
    function _batchesChangeOnlyByTheirIssuers() internal view {
        require(handler.violations(0) == 0, handler.firstViolation(0));
    }

    /// @dev A certificate revoked alone or with its batch never answers valid.
    function _revokedCertificateNeverValid() internal view {
        string memory found = handler.revokedAnsweredValid();
        require(bytes(found).length == 0, found);
        require(handler.violations(1) == 0, handler.firstViolation(1));
    }

    /// @dev No root or inner node is answered (or revoked) as a certificate (issue 12, finding 6).
    function _noRootOrInnerNodeIsACertificate() internal view {
        string memory found = handler.nonLeafAnsweredIssued();
        require(bytes(found).length == 0, found);
        require(handler.violations(2) == 0, handler.firstViolation(2));
    }

    /// @dev The status list: only a department's enrolled signers (enrolled by a Manager or themselves,
    /// holding the Issuer role) issue its indices, in order, and move its issued entries, legally, with a
    /// reason; a terminal entry never moves.
    function _statusListChangesOnlyByItsSigners() internal view {
        require(handler.violations(3) == 0, handler.firstViolation(3));
    }

    /// @notice One campaign checks every rule after every call (a campaign per rule would triple the
    /// time for the same calls): batchesChangeOnlyByTheirIssuers, revokedCertificateNeverValid,
    /// noRootOrInnerNodeIsACertificate, statusListChangesOnlyByItsSigners.
    function invariant_certificateRulesHoldForEveryActor() public view {
        _batchesChangeOnlyByTheirIssuers();
        _revokedCertificateNeverValid();
        _noRootOrInnerNodeIsACertificate();
        _statusListChangesOnlyByItsSigners();
    }
}
