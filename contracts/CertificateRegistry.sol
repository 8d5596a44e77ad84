// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

import {OfficerRole, UnknownDepartment, ZeroAddress} from "./common/Types.sol";
import {SuitePausable} from "./common/SuitePausable.sol";
import {ICertificateRegistry} from "./interfaces/ICertificateRegistry.sol";
import {IDepartmentRegistry} from "./interfaces/IDepartmentRegistry.sol";
import {IOfficerRoleListener} from "./interfaces/IOfficerRoleListener.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";

/// @title CertificateRegistry
/// @notice Merkle roots of issued certificates, their revocations, and answers for verifiers.
/// @dev A certificate is named by its leaf's preimage `(certificateId, digest)` and the chain hashes the
/// leaf itself (StandardMerkleTree: `keccak256(bytes.concat(keccak256(abi.encode(certificateId, digest))))`),
/// so an inner node or a root can never pass for a leaf: it is the hash of 64 bytes, a leaf is the hash
/// of 32. Completion certificates, which the ledger issues, are stored under keys of their own that
/// include the application id and that {issueBatch} cannot produce, so no issuer can pre-issue,
/// pre-revoke or block one.
contract CertificateRegistry is ICertificateRegistry, IOfficerRoleListener, SuitePausable {
    /// @notice Role of the application ledger, which issues completion certificates.
    bytes32 public constant LEDGER_ROLE = keccak256("LEDGER_ROLE");

    /// @notice Role of the appeal registry, which revokes a completion certificate whose decision was set
    /// aside on administrative reconsideration (行政复议) ({revokeForAppeal}).
    bytes32 public constant APPEAL_ROLE = keccak256("APPEAL_ROLE");

    /// @notice The registry that says who may issue for which department.
    IDepartmentRegistry public immutable departments;


    /// @custom:storage-location erc7201:zhangdian.storage.CertificateRegistry
    struct CertificateRegistryStorage {
        mapping(bytes32 batchKey => Batch) batches;
        // One word per certificate (see _END_* and _SUSPENSION_*): the end (reason, block, state) and the
        // current suspension (reason, block). Records written before 1.3.0 hold only reason and block: their
        // state bits are 0 and read as Revoked.
        mapping(bytes32 certificateKey => uint256 packedRevocation) revokedCertificates;
        // 1.4.0: the status list (W3C Bitstring Status List style). One record per issuer (see _RECORD_*):
        // its primary status signer, the next status index to allocate and a mirror of the pause flag, so
        // that issuing and status changes read one slot for authorization, range and pause.
        mapping(bytes32 issuer => uint256 packedRecord) statusRecords;
        // 64 entries of 4 bits (a CertificateState) per word: entry i of an issuer is word i / 64, nibble i % 64.
        mapping(bytes32 issuer => mapping(uint256 wordIndex => uint256 nibbles)) statusWords;
        // Every issuer that has a record, so that pausing can mark each record (at most MAX_STATUS_ISSUERS).
        bytes32[] statusIssuers;
        // Further status signers of an issuer (read only when the caller is not the primary one), each as
        // the issuer's record generation (see _RECORD_GENERATION_SHIFT) plus one: deactivating the
        // department moves the generation on, which ends every delegate at once.
        mapping(bytes32 issuer => mapping(address account => uint256 generationPlusOne)) statusDelegateGenerations;
        // 1.6.0: replacements (换发/补发). A replaced certificate's end (state Replaced, block, reason) is in
        // revokedCertificates like any end; these hold the links, keyed by {_linkKey} (certificates) and
        // {_batchKey} (batches). A side's root is stored as zero when it equals its leaf (a single certificate)
        // and its issuer as zero when it equals the key's issuer (the common case: two slots fewer).
        mapping(bytes32 linkKey => Link) replacements; // old certificate => what replaced it
        mapping(bytes32 linkKey => Link) replacedCertificates; // new certificate => what it replaced
        mapping(bytes32 batchKey => Link) batchReplacements; // old batch => the batch that replaced it
        mapping(bytes32 batchKey => Link) replacedBatches; // new batch => the batch it replaced
    }

    /// @dev One side of a replacement as stored ({Replacement} plus the block, which {validAt} compares).
    struct Link {
        bytes32 leaf; // the other certificate's leaf (zero for a batch)
        bytes32 root; // its root; zero when equal to its leaf
        bytes32 issuer; // its issuer; zero when equal to the issuer of the key
        bytes32 certificateId; // its certificate id (zero for a batch)
        uint40 replacedAt; // timestamp of the replacement
        uint16 reasonCode; // why (kind replacement)
        uint64 replacedBlock; // block of the replacement; 0 = none
    }

    /// @notice The most issuers that can hold a status record (pausing writes each of them).
    uint256 public constant MAX_STATUS_ISSUERS = 256;

    /// @notice The most replacement links {revokeForAppeal} follows from a completion certificate to the
    /// certificate that stands in its place now (1.7.0): each costs a few cold storage reads, so the bound
    /// keeps the appeal's gas within reach whatever its issuer did. An appeal is filed within months of the
    /// decision, so a longer chain of 换发/补发 is not one that happens in service.
    uint256 public constant MAX_APPEAL_REPLACEMENTS = 16;

    uint256 private constant _RECORD_NEXT_SHIFT = 160; // bits 160..223: next status index; 0..159: primary signer
    uint256 private constant _RECORD_PAUSED_BIT = uint256(1) << 224; // mirror of the pause flag
    uint256 private constant _RECORD_LISTED_BIT = uint256(1) << 225; // the issuer is in statusIssuers (1.5.0)
    uint256 private constant _RECORD_GENERATION_SHIFT = 226; // bits 226..255: delegates' generation (1.5.0)
    uint256 private constant _INDEX_MASK = type(uint64).max;
    uint256 private constant _SIGNER_MASK = type(uint160).max;
    // keccak256("CertificateStatusSet(bytes32,uint64,uint8,uint16,address)"): the event's topic, for assembly
    // (tests/ape/test_certificate_status_list.py decodes the logs with the ABI, so a wrong value fails there).
    bytes32 private constant _STATUS_SET_TOPIC = 0x6beb9881bd621ccbf3e054d7bc676c177b815656e808ed67a67f677d29c3ada6;

    uint256 private constant _END_BLOCK_SHIFT = 16; // bits 16..79: block of the end, 0 = not ended
    uint256 private constant _END_STATE_SHIFT = 80; // bits 80..87: terminal state, 0 = Revoked (pre-1.3.0)
    uint256 private constant _SUSPENSION_REASON_SHIFT = 88; // bits 88..103: suspension reason
    uint256 private constant _SUSPENSION_BLOCK_SHIFT = 104; // bits 104..167: suspension block, 0 = none
    uint256 private constant _END_MASK = (uint256(1) << 88) - 1;
    // The end-state bits of a replaced certificate (states are stored as state - Revoked).
    uint256 private constant _REPLACED_BITS = uint256(uint8(CertificateState.Replaced) - uint8(CertificateState.Revoked));
    // The fourth word of a completion certificate's link key (see {_linkKey}).
    bytes32 private constant _COMPLETION_LINK = keccak256("zhangdian.CertificateRegistry.completionLink");

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.CertificateRegistry")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0x3c19b18bc10ce9ac462710e3789fe3e09b5e7d2bd7786495cbffbbb2e2ef8400;

    /// @param departmentRegistry The department registry (its proxy), fixed in this implementation.
    /// @custom:oz-upgrades-unsafe-allow constructor state-variable-immutable
    constructor(IDepartmentRegistry departmentRegistry) {
        if (address(departmentRegistry) == address(0)) revert ZeroAddress();
        departments = departmentRegistry;
        _disableInitializers();
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.7.0";
    }

    /// @inheritdoc ICertificateRegistry
    function issueBatch(bytes32 root, bytes32 issuer, uint32 count) external whenNotPaused {
        _checkIssuer(issuer);
        if (root == bytes32(0) || count == 0) revert InvalidBatch(root, count);
        Batch storage batch = _s().batches[_batchKey(root, issuer)];
        if (batch.issuedBlock != 0) revert BatchAlreadyIssued(root, issuer);
        batch.issuedBlock = uint64(block.number);
        batch.issuedAt = uint40(block.timestamp);
        batch.count = count;
        emit BatchIssued(root, issuer, count, _msgSender());
    }

    /// @inheritdoc ICertificateRegistry
    function issueForApplication(bytes32 applicationId, bytes32 issuer, bytes32 certificateType, bytes32 root)
        external
        whenNotPaused
        onlyRole(LEDGER_ROLE)
    {
        if (root == bytes32(0)) revert InvalidBatch(root, 1);
        // Defence in depth: the ledger passes terms the catalogue checked, but a zero or unknown value
        // here would store a certificate nobody issued for no application.
        if (!departments.isRegistered(issuer)) revert UnknownDepartment(issuer);
        if (applicationId == bytes32(0)) revert MissingApplicationId();
        if (certificateType == bytes32(0)) revert MissingCertificateType();
        Batch storage batch = _s().batches[_applicationBatchKey(root, issuer, applicationId)];
        if (batch.issuedBlock != 0) revert BatchAlreadyIssued(root, issuer);
        batch.issuedBlock = uint64(block.number);
        batch.issuedAt = uint40(block.timestamp);
        batch.count = 1;
        emit BatchIssued(root, issuer, 1, _msgSender());
        emit ApplicationCertificateIssued(applicationId, root, issuer, certificateType);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeBatch(bytes32 root, bytes32 issuer, uint16 reasonCode) external whenNotPaused {
        _checkIssuer(issuer);
        Batch storage batch = _existing(root, issuer);
        if (reasonCode == 0) revert MissingRevocationReason();
        if (batch.revokedBlock != 0) revert BatchAlreadyRevoked(root, issuer);
        if (_s().batchReplacements[_batchKey(root, issuer)].replacedBlock != 0) revert BatchAlreadyReplaced(root, issuer);
        batch.revokedBlock = uint64(block.number);
        batch.reasonCode = reasonCode;
        emit BatchRevoked(root, issuer, reasonCode, _msgSender());
    }

    /// @inheritdoc ICertificateRegistry
    function revokeCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        uint16 reasonCode
    ) external whenNotPaused {
        _end(root, issuer, certificateId, digest, proof, CertificateState.Revoked, reasonCode);
    }

    /// @inheritdoc ICertificateRegistry
    function endCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        CertificateState state,
        uint16 reasonCode
    ) external whenNotPaused {
        _end(root, issuer, certificateId, digest, proof, state, reasonCode);
    }

    /// @inheritdoc ICertificateRegistry
    function suspendCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        uint16 reasonCode
    ) external whenNotPaused {
        (bytes32 key, bytes32 leaf, uint256 packed) = _alive(root, issuer, certificateId, digest, proof, true);
        if (reasonCode == 0) revert MissingRevocationReason();
        if (packed >> _SUSPENSION_BLOCK_SHIFT != 0) revert CertificateAlreadySuspended(leaf);
        _s().revokedCertificates[key] = (block.number << _SUSPENSION_BLOCK_SHIFT)
            | (uint256(reasonCode) << _SUSPENSION_REASON_SHIFT);
        emit CertificateSuspended(leaf, root, issuer, reasonCode, _msgSender());
    }

    /// @inheritdoc ICertificateRegistry
    function reinstateCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof
    ) external whenNotPaused {
        (bytes32 key, bytes32 leaf, uint256 packed) = _alive(root, issuer, certificateId, digest, proof, true);
        if (packed >> _SUSPENSION_BLOCK_SHIFT == 0) revert CertificateNotSuspended(leaf);
        _s().revokedCertificates[key] = 0;
        emit CertificateReinstated(leaf, root, issuer, _msgSender());
    }

    /// @inheritdoc ICertificateRegistry
    function enrolStatusSigner(bytes32 issuer, address account) external whenNotPaused {
        _checkSignerChange(issuer, account);
        if (!departments.canAct(issuer, account, OfficerRole.Issuer)) revert NotAnIssuer(account, issuer);
        CertificateRegistryStorage storage $ = _s();
        uint256 record = $.statusRecords[issuer];
        if (record & _RECORD_LISTED_BIT == 0) {
            // The bit, not the signer, says the issuer is listed: a record whose signers were all dropped
            // is not listed twice.
            if ($.statusIssuers.length >= MAX_STATUS_ISSUERS) revert TooManyStatusIssuers(MAX_STATUS_ISSUERS);
            $.statusIssuers.push(issuer);
            record |= _RECORD_LISTED_BIT;
        }
        address primary = address(uint160(record));
        if (primary == account || _isDelegate(issuer, account, record)) revert StatusSignerUnchanged(issuer, account);
        if (primary == address(0)) {
            record |= uint160(account);
        } else {
            $.statusDelegateGenerations[issuer][account] = (record >> _RECORD_GENERATION_SHIFT) + 1;
        }
        $.statusRecords[issuer] = record;
        emit StatusSignerChanged(issuer, account, true, _msgSender());
    }

    /// @inheritdoc ICertificateRegistry
    function dropStatusSigner(bytes32 issuer, address account) external {
        // A signer who no longer holds the Issuer role (or whose department is inactive) may be dropped by
        // anyone: this is how a stale authorization ends. Otherwise a Manager, or the signer itself.
        if (departments.canAct(issuer, account, OfficerRole.Issuer)) _checkSignerChange(issuer, account);
        if (!_removeSigner(issuer, account, _msgSender())) revert StatusSignerUnchanged(issuer, account);
    }

    /// @inheritdoc IOfficerRoleListener
    function officerRoleRevoked(bytes32 department, address account, OfficerRole role, address actor) external {
        if (msg.sender != address(departments)) revert NotTheDepartmentRegistry(msg.sender);
        // Losing Issuer ends the enrolment; losing another role (Manager) ends it only if the account is no
        // longer an Issuer of the active department (an enrolment made before the listener was set).
        if (role != OfficerRole.Issuer && departments.canAct(department, account, OfficerRole.Issuer)) return;
        _removeSigner(department, account, actor);
    }

    /// @inheritdoc IOfficerRoleListener
    function departmentDeactivated(bytes32 department, address actor) external {
        if (msg.sender != address(departments)) revert NotTheDepartmentRegistry(msg.sender);
        uint256 record = _s().statusRecords[department];
        if (record == 0) return; // no record: nobody enrolled
        address primary = address(uint160(record));
        // The next generation: every delegate enrolled before it no longer counts. 30 bits wrap after 2^30
        // deactivations, which no registrar will send.
        unchecked {
            record = (record & ~_SIGNER_MASK) + (uint256(1) << _RECORD_GENERATION_SHIFT);
        }
        _s().statusRecords[department] = record;
        if (primary != address(0)) emit StatusSignerChanged(department, primary, false, actor);
        emit StatusSignersCleared(department, actor);
    }

    /// @notice ERC-165: the suite's AccessControl interfaces and IOfficerRoleListener (which the department
    /// registry checks before it calls this contract on every revocation).
    /// @param interfaceId The interface identifier.
    /// @return True if supported.
    function supportsInterface(bytes4 interfaceId) public view virtual override returns (bool) {
        return interfaceId == type(IOfficerRoleListener).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @inheritdoc ICertificateRegistry
    function issueStatusBatch(bytes32 root, bytes32 issuer, uint64 firstIndex, uint32 count) external {
        uint256 record = _statusRecord(issuer);
        // Issuing is checked against the department registry as well, every time: an enrolment that went
        // stale (the role revoked, the department deactivated) never issues a certificate.
        _checkIssuer(issuer);
        if (root == bytes32(0) || count == 0) revert InvalidBatch(root, count);
        uint256 next = (record >> _RECORD_NEXT_SHIFT) & _INDEX_MASK;
        if (firstIndex != next) revert StatusIndexMismatch(issuer, firstIndex, uint64(next));
        if (next + count > _INDEX_MASK) revert StatusIndexNotIssued(issuer, type(uint64).max);
        _s().statusRecords[issuer] = record + (uint256(count) << _RECORD_NEXT_SHIFT);
        emit StatusBatchIssued(root, issuer, firstIndex, count, _msgSender());
    }

    /// @inheritdoc ICertificateRegistry
    function setStatus(bytes32 issuer, uint64 statusIndex, CertificateState state, uint16 reasonCode) external {
        uint256 record = _statusRecord(issuer);
        if (state == CertificateState.Valid) _checkIssuer(issuer); // making valid again: the role, now
        if (statusIndex >= (record >> _RECORD_NEXT_SHIFT) & _INDEX_MASK) revert StatusIndexNotIssued(issuer, statusIndex);
        // The word's slot computed once (this is the hot path: the 55,000-gas target of one status change).
        uint256 slot = _wordSlot(issuer, statusIndex >> 6);
        uint256 bits;
        assembly ("memory-safe") {
            bits := sload(slot)
        }
        bits = _transition(issuer, bits, statusIndex, state, reasonCode);
        assembly ("memory-safe") {
            sstore(slot, bits)
        }
    }

    /// @inheritdoc ICertificateRegistry
    function setStatuses(bytes32 issuer, uint64[] calldata statusIndices, CertificateState state, uint16 reasonCode)
        external
    {
        uint256 record = _statusRecord(issuer);
        if (state == CertificateState.Valid) _checkIssuer(issuer); // making valid again: the role, now
        if (statusIndices.length == 0) revert NoStatusIndices();
        uint256 next = (record >> _RECORD_NEXT_SHIFT) & _INDEX_MASK;
        mapping(uint256 => uint256) storage words = _s().statusWords[issuer];
        uint256 wordIndex = type(uint256).max;
        uint256 bits = 0;
        for (uint256 i; i < statusIndices.length; ++i) {
            uint64 statusIndex = statusIndices[i];
            if (statusIndex >= next) revert StatusIndexNotIssued(issuer, statusIndex);
            // Entries of one word are changed in memory and the word written once, when the list leaves it.
            if (statusIndex >> 6 != wordIndex) {
                if (wordIndex != type(uint256).max) words[wordIndex] = bits;
                wordIndex = statusIndex >> 6;
                bits = words[wordIndex];
            }
            bits = _transition(issuer, bits, statusIndex, state, reasonCode);
        }
        words[wordIndex] = bits;
    }

    /// @inheritdoc ICertificateRegistry
    function statusOf(bytes32 issuer, uint64 statusIndex) external view returns (CertificateState) {
        uint256 bits = _s().statusWords[issuer][statusIndex >> 6];
        return CertificateState((bits >> ((statusIndex & 63) << 2)) & 15);
    }

    /// @inheritdoc ICertificateRegistry
    function statusWord(bytes32 issuer, uint256 wordIndex) external view returns (uint256) {
        return _s().statusWords[issuer][wordIndex];
    }

    /// @inheritdoc ICertificateRegistry
    function statusRecord(bytes32 issuer) external view returns (address primarySigner, uint64 nextIndex, bool paused_) {
        uint256 record = _s().statusRecords[issuer];
        return (address(uint160(record)), uint64(record >> _RECORD_NEXT_SHIFT), record & _RECORD_PAUSED_BIT != 0);
    }

    /// @inheritdoc ICertificateRegistry
    function isStatusSigner(bytes32 issuer, address account) external view returns (bool) {
        uint256 record = _s().statusRecords[issuer];
        return account != address(0) && (address(uint160(record)) == account || _isDelegate(issuer, account, record));
    }

    /// @inheritdoc ICertificateRegistry
    function statusLeaf(bytes32 certificateId, bytes32 digest, uint64 statusIndex) external pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(certificateId, digest, statusIndex))));
    }

    /// @inheritdoc ICertificateRegistry
    function getBatch(bytes32 root, bytes32 issuer) external view returns (Batch memory) {
        return _s().batches[_batchKey(root, issuer)];
    }

    /// @inheritdoc ICertificateRegistry
    function certificateStatus(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof
    ) public view returns (CertificateStatus memory status) {
        bytes32 leaf = certificateLeaf(certificateId, digest);
        (Batch storage batch, bytes32 key) = _locate(root, issuer, certificateId, leaf);
        if (batch.issuedBlock == 0 || !MerkleProof.verifyCalldata(proof, root, leaf)) return status;
        uint256 packed = _s().revokedCertificates[key];
        status.issued = true;
        status.issuedBlock = batch.issuedBlock;
        status.issuedAt = batch.issuedAt;
        status.batchRevokedBlock = batch.revokedBlock;
        status.certificateRevokedBlock = uint64((packed & _END_MASK) >> _END_BLOCK_SHIFT);
        status.suspendedBlock = uint64(packed >> _SUSPENSION_BLOCK_SHIFT);
        if (batch.revokedBlock != 0) {
            status.state = CertificateState.Revoked;
            status.reasonCode = batch.reasonCode;
        } else if (status.certificateRevokedBlock != 0) {
            status.state = CertificateState(uint8(packed >> _END_STATE_SHIFT) + uint8(CertificateState.Revoked));
            status.reasonCode = uint16(packed);
        } else if (key == _certificateKey(root, issuer, leaf) && _batchReplaced(root, issuer, status)) {
            // A certificate of a replaced batch ends with the batch's replacement (1.6.0).
        } else if (status.suspendedBlock != 0) {
            status.state = CertificateState.Suspended;
            status.reasonCode = uint16(packed >> _SUSPENSION_REASON_SHIFT);
        }
    }

    /// @inheritdoc ICertificateRegistry
    function validAt(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        uint256 blockNumber
    ) external view returns (bool) {
        CertificateStatus memory status = certificateStatus(root, issuer, certificateId, digest, proof);
        if (!status.issued || status.issuedBlock > blockNumber) return false;
        if (status.batchRevokedBlock != 0 && status.batchRevokedBlock <= blockNumber) return false;
        if (status.certificateRevokedBlock != 0 && status.certificateRevokedBlock <= blockNumber) return false;
        return status.suspendedBlock == 0 || status.suspendedBlock > blockNumber;
    }

    /// @inheritdoc ICertificateRegistry
    /// @dev 1.7.0: a replaced completion certificate's links are followed ({_appealTarget}) and the live
    /// certificate at the end of the chain is revoked in its place.
    function revokeForAppeal(bytes32 applicationId, bytes32 issuer, bytes32 root, uint16 reasonCode, bytes32 appealId)
        external
        whenNotPaused
        onlyRole(APPEAL_ROLE)
    {
        // A completion certificate is a batch of one whose root is its leaf, stored apart ({_locate}).
        if (_s().batches[_applicationBatchKey(root, issuer, applicationId)].issuedBlock == 0) {
            revert UnknownBatch(root, issuer);
        }
        if (reasonCode == 0) revert MissingRevocationReason();
        (bytes32 key, bytes32 leaf, bytes32 targetRoot, bytes32 targetIssuer) = _appealTarget(applicationId, issuer, root);
        // State bits 0: Revoked; the end replaces a suspension, as in {_end}.
        _s().revokedCertificates[key] = (block.number << _END_BLOCK_SHIFT) | reasonCode;
        emit CertificateRevoked(leaf, targetRoot, targetIssuer, CertificateState.Revoked, reasonCode, _msgSender());
        emit CertificateRevokedOnAppeal(applicationId, appealId, targetIssuer, targetRoot, reasonCode);
    }

    /// @dev The certificate that stands for the completion certificate (`root`, `issuer`, `applicationId`) now:
    /// itself, or, if it was replaced, the last certificate of its chain of replacements (each link as
    /// {replaceCertificate} stored it: the next certificate's leaf, root, issuer and id, whose revocation key
    /// {_locate} gives, the key {certificateStatus} reads). Returns that certificate's revocation key, leaf,
    /// root and issuer. Reverts {CertificateAlreadyRevoked} if it has ended or its batch is revoked, and
    /// {CertificateAlreadyReplaced} naming the last certificate reached if the chain cannot be followed
    /// further: more than {MAX_APPEAL_REPLACEMENTS} links, or a certificate replaced with its whole batch
    /// ({replaceBatch} names no single certificate of the new batch).
    function _appealTarget(bytes32 applicationId, bytes32 issuer, bytes32 root)
        private
        view
        returns (bytes32 key, bytes32 leaf, bytes32, bytes32)
    {
        CertificateRegistryStorage storage $ = _s();
        leaf = root;
        key = keccak256(abi.encode(root, issuer, root, applicationId));
        uint256 packed = $.revokedCertificates[key];
        uint64 batchRevokedBlock = 0; // a completion certificate's batch is never revoked
        for (uint256 followed; (packed & _END_MASK) >> _END_STATE_SHIFT == _REPLACED_BITS; ++followed) {
            if (followed == MAX_APPEAL_REPLACEMENTS) revert CertificateAlreadyReplaced(leaf);
            Link storage link = $.replacements[_linkKey(root, issuer, leaf, key)];
            leaf = link.leaf;
            root = link.root == bytes32(0) ? leaf : link.root;
            if (link.issuer != bytes32(0)) issuer = link.issuer;
            Batch storage batch;
            (batch, key) = _locate(root, issuer, link.certificateId, leaf);
            batchRevokedBlock = batch.revokedBlock;
            packed = $.revokedCertificates[key];
        }
        _checkNotEnded(leaf, packed, batchRevokedBlock != 0);
        if (key == _certificateKey(root, issuer, leaf) && $.batchReplacements[_batchKey(root, issuer)].replacedBlock != 0)
        {
            revert CertificateAlreadyReplaced(leaf);
        }
        return (key, leaf, root, issuer);
    }

    /// @inheritdoc ICertificateRegistry
    function replaceCertificate(CertificateRef calldata old, CertificateRef calldata replacement, uint16 reasonCode)
        external
        whenNotPaused
    {
        // The old one: the caller an Issuer of its issuer, issued, proven, not ended nor replaced, its batch
        // neither revoked nor replaced.
        (bytes32 oldKey, bytes32 oldLeaf,) = _alive(old.root, old.issuer, old.certificateId, old.digest, old.proof, true);
        if (replacement.issuer != old.issuer) _checkIssuer(replacement.issuer);
        bytes32 newLeaf = certificateLeaf(replacement.certificateId, replacement.digest);
        bytes32 newKey = _checkReplacement(replacement, newLeaf, oldLeaf);
        if (reasonCode == 0) revert MissingReplacementReason();
        CertificateRegistryStorage storage $ = _s();
        $.revokedCertificates[oldKey] =
            (_REPLACED_BITS << _END_STATE_SHIFT) | (block.number << _END_BLOCK_SHIFT) | reasonCode;
        _storeLink(
            $.replacements[_linkKey(old.root, old.issuer, oldLeaf, oldKey)],
            newLeaf,
            replacement.root,
            replacement.issuer,
            replacement.certificateId,
            old.issuer,
            reasonCode
        );
        _storeLink(
            $.replacedCertificates[_linkKey(replacement.root, replacement.issuer, newLeaf, newKey)],
            oldLeaf,
            old.root,
            old.issuer,
            old.certificateId,
            replacement.issuer,
            reasonCode
        );
        emit CertificateReplaced(
            oldLeaf,
            newLeaf,
            old.issuer,
            old.certificateId,
            replacement.certificateId,
            replacement.root,
            replacement.issuer,
            reasonCode,
            _msgSender()
        );
    }

    /// @inheritdoc ICertificateRegistry
    function replaceBatch(bytes32 oldRoot, bytes32 oldIssuer, bytes32 newRoot, bytes32 newIssuer, uint16 reasonCode)
        external
        whenNotPaused
    {
        _checkIssuer(oldIssuer);
        if (newIssuer != oldIssuer) _checkIssuer(newIssuer);
        Batch storage oldBatch = _existing(oldRoot, oldIssuer);
        Batch storage newBatch = _existing(newRoot, newIssuer);
        if (reasonCode == 0) revert MissingReplacementReason();
        if (oldBatch.revokedBlock != 0) revert BatchAlreadyRevoked(oldRoot, oldIssuer);
        CertificateRegistryStorage storage $ = _s();
        bytes32 oldKey = _batchKey(oldRoot, oldIssuer);
        bytes32 newKey = _batchKey(newRoot, newIssuer);
        if ($.batchReplacements[oldKey].replacedBlock != 0) revert BatchAlreadyReplaced(oldRoot, oldIssuer);
        // The new batch: another one, live, not replaced, and not the replacement of a batch already.
        if (
            oldKey == newKey || newBatch.revokedBlock != 0 || $.batchReplacements[newKey].replacedBlock != 0
                || $.replacedBatches[newKey].replacedBlock != 0
        ) revert InvalidReplacement(newRoot);
        _storeLink($.batchReplacements[oldKey], bytes32(0), newRoot, newIssuer, bytes32(0), oldIssuer, reasonCode);
        _storeLink($.replacedBatches[newKey], bytes32(0), oldRoot, oldIssuer, bytes32(0), newIssuer, reasonCode);
        emit BatchReplaced(oldRoot, oldIssuer, newRoot, newIssuer, reasonCode, _msgSender());
    }

    /// @inheritdoc ICertificateRegistry
    /// @dev A completion certificate (its root is its leaf) answers first, as in {certificateStatus}; the
    /// issuer's own batch with the same root (the same id and digest issued twice) answers only if it has
    /// no link. {certificateStatus}, which knows the certificate id, tells the two apart.
    function replacementOf(bytes32 leaf, bytes32 root, bytes32 issuer) external view returns (Replacement memory) {
        return _lookup(_s().replacements, _s().batchReplacements, leaf, root, issuer);
    }

    /// @inheritdoc ICertificateRegistry
    /// @dev As {replacementOf}, in the other direction.
    function replacedOf(bytes32 leaf, bytes32 root, bytes32 issuer) external view returns (Replacement memory) {
        return _lookup(_s().replacedCertificates, _s().replacedBatches, leaf, root, issuer);
    }

    /// @dev The replacing certificate's storage key, after checking it: issued ({UnknownBatch}), proven
    /// ({InvalidProof}), and valid, not the old one and not the replacement of another ({InvalidReplacement}).
    function _checkReplacement(CertificateRef calldata replacement, bytes32 newLeaf, bytes32 oldLeaf)
        private
        view
        returns (bytes32 newKey)
    {
        Batch storage batch;
        (batch, newKey) = _locate(replacement.root, replacement.issuer, replacement.certificateId, newLeaf);
        if (batch.issuedBlock == 0) revert UnknownBatch(replacement.root, replacement.issuer);
        if (!MerkleProof.verifyCalldata(replacement.proof, replacement.root, newLeaf)) {
            revert InvalidProof(newLeaf, replacement.root);
        }
        CertificateRegistryStorage storage $ = _s();
        // Not ended, replaced or suspended; its batch not revoked.
        bool invalid = newLeaf == oldLeaf || batch.revokedBlock != 0 || $.revokedCertificates[newKey] != 0
            || $.replacedCertificates[_linkKey(replacement.root, replacement.issuer, newLeaf, newKey)].replacedBlock != 0;
        if (!invalid && newKey == _certificateKey(replacement.root, replacement.issuer, newLeaf)) {
            invalid = $.batchReplacements[_batchKey(replacement.root, replacement.issuer)].replacedBlock != 0;
        }
        if (invalid) revert InvalidReplacement(newLeaf);
    }

    /// @dev Whether the issuer's batch (`root`, `issuer`) was replaced; if so, marks `status` Replaced.
    function _batchReplaced(bytes32 root, bytes32 issuer, CertificateStatus memory status) private view returns (bool) {
        Link storage link = _s().batchReplacements[_batchKey(root, issuer)];
        if (link.replacedBlock == 0) return false;
        status.state = CertificateState.Replaced;
        status.reasonCode = link.reasonCode;
        status.certificateRevokedBlock = link.replacedBlock;
        return true;
    }

    /// @dev One direction's link of (`leaf`, `root`, `issuer`): the completion certificate's, else the
    /// certificate's, else its batch's; all zero if none.
    function _lookup(
        mapping(bytes32 => Link) storage certificates,
        mapping(bytes32 => Link) storage batches,
        bytes32 leaf,
        bytes32 root,
        bytes32 issuer
    ) private view returns (Replacement memory) {
        Link storage link;
        if (leaf == root) {
            link = certificates[keccak256(abi.encode(root, issuer, leaf, _COMPLETION_LINK))];
            if (link.replacedBlock != 0) return _expand(link, issuer);
        }
        link = certificates[_certificateKey(root, issuer, leaf)];
        if (link.replacedBlock == 0) link = batches[_batchKey(root, issuer)];
        return _expand(link, issuer);
    }

    /// @dev The link as the interface shows it (root and issuer filled in where stored as zero).
    function _expand(Link storage link, bytes32 keyIssuer) private view returns (Replacement memory side) {
        if (link.replacedBlock == 0) return side;
        side.leaf = link.leaf;
        side.root = link.root == bytes32(0) ? link.leaf : link.root;
        side.issuer = link.issuer == bytes32(0) ? keyIssuer : link.issuer;
        side.certificateId = link.certificateId;
        side.replacedAt = link.replacedAt;
        side.reasonCode = link.reasonCode;
    }

    /// @dev Records the other side (`leaf`, `root`, `issuer`, `certificateId`) in `link`, compressed (see the storage).
    function _storeLink(
        Link storage link,
        bytes32 leaf,
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 keyIssuer,
        uint16 reasonCode
    ) private {
        if (leaf != bytes32(0)) link.leaf = leaf;
        if (root != leaf) link.root = root;
        if (issuer != keyIssuer) link.issuer = issuer;
        if (certificateId != bytes32(0)) link.certificateId = certificateId;
        link.replacedAt = uint40(block.timestamp);
        link.reasonCode = reasonCode;
        link.replacedBlock = uint64(block.number);
    }

    /// @dev The key of a certificate's links: {_certificateKey} for a certificate of the issuer's batches,
    /// a key with a fourth word for a completion certificate (whose revocation key `certificateKey` differs),
    /// which needs no application id: its root, being its leaf, names it.
    function _linkKey(bytes32 root, bytes32 issuer, bytes32 leaf, bytes32 certificateKey) private pure returns (bytes32) {
        bytes32 plain = _certificateKey(root, issuer, leaf);
        return certificateKey == plain ? plain : keccak256(abi.encode(root, issuer, leaf, _COMPLETION_LINK));
    }

    /// @inheritdoc ICertificateRegistry
    function getApplicationBatch(bytes32 applicationId, bytes32 root, bytes32 issuer)
        external
        view
        returns (Batch memory)
    {
        return _s().batches[_applicationBatchKey(root, issuer, applicationId)];
    }

    /// @inheritdoc ICertificateRegistry
    function certificateLeaf(bytes32 certificateId, bytes32 digest) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(certificateId, digest))));
    }

    /// @dev The batch that answers for the certificate `(certificateId, leaf)` under `(root, issuer)`, and
    /// the key its own revocation is stored under. The ledger's completion certificate of application
    /// `certificateId` comes first; otherwise the issuer's batch (a zero batch if neither exists).
    function _locate(bytes32 root, bytes32 issuer, bytes32 certificateId, bytes32 leaf)
        private
        view
        returns (Batch storage batch, bytes32 certificateKey)
    {
        batch = _s().batches[_applicationBatchKey(root, issuer, certificateId)];
        if (batch.issuedBlock != 0) return (batch, keccak256(abi.encode(root, issuer, leaf, certificateId)));
        return (_s().batches[_batchKey(root, issuer)], _certificateKey(root, issuer, leaf));
    }

    /// @dev End a certificate in terminal `state`: its suspension, if any, is replaced by the end.
    function _end(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        CertificateState state,
        uint16 reasonCode
    ) private {
        (bytes32 key, bytes32 leaf,) = _alive(root, issuer, certificateId, digest, proof, false);
        if (state < CertificateState.Revoked) revert NotATerminalState(state);
        if (reasonCode == 0) revert MissingRevocationReason();
        _s().revokedCertificates[key] = (uint256(uint8(state) - uint8(CertificateState.Revoked)) << _END_STATE_SHIFT)
            | (block.number << _END_BLOCK_SHIFT) | reasonCode;
        emit CertificateRevoked(leaf, root, issuer, state, reasonCode, _msgSender());
    }

    /// @dev Checks the caller, the batch, the proof and that the certificate has not ended (nor, if
    /// `batchMustBeLive`, its batch); returns its storage key, its leaf and its packed state. A certificate
    /// of a revoked batch may still be ended on its own (as before 1.3.0), not suspended or reinstated.
    function _alive(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        bool batchMustBeLive
    ) private view returns (bytes32 key, bytes32 leaf, uint256 packed) {
        _checkIssuer(issuer);
        leaf = certificateLeaf(certificateId, digest);
        Batch storage batch;
        (batch, key) = _locate(root, issuer, certificateId, leaf);
        if (batch.issuedBlock == 0) revert UnknownBatch(root, issuer);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof(leaf, root);
        packed = _s().revokedCertificates[key];
        _checkNotEnded(leaf, packed, batchMustBeLive && batch.revokedBlock != 0);
        // A certificate of a replaced batch (the issuer's batches only: a completion certificate has none)
        // is replaced: nothing more can happen to it.
        if (key == _certificateKey(root, issuer, leaf) && _s().batchReplacements[_batchKey(root, issuer)].replacedBlock != 0)
        {
            revert CertificateAlreadyReplaced(leaf);
        }
    }

    /// @dev Reverts {CertificateAlreadyReplaced} if the packed word holds a replacement,
    /// {CertificateAlreadyRevoked} if it holds another end or `batchRevoked`.
    function _checkNotEnded(bytes32 leaf, uint256 packed, bool batchRevoked) private pure {
        if ((packed & _END_MASK) >> _END_BLOCK_SHIFT != 0) {
            if ((packed & _END_MASK) >> _END_STATE_SHIFT == _REPLACED_BITS) revert CertificateAlreadyReplaced(leaf);
            revert CertificateAlreadyRevoked(leaf);
        }
        if (batchRevoked) revert CertificateAlreadyRevoked(leaf);
    }

    /// @dev The issuer's status record, after checking the pause mirror and that the caller signs for it.
    function _statusRecord(bytes32 issuer) private view returns (uint256 record) {
        record = _s().statusRecords[issuer];
        if (record & _RECORD_PAUSED_BIT != 0) revert EnforcedPause();
        if (address(uint160(record)) != _msgSender() && !_isDelegate(issuer, _msgSender(), record)) {
            revert NotAStatusSigner(_msgSender(), issuer);
        }
    }

    /// @dev Whether `account` is a delegate of `issuer` in the record's generation.
    function _isDelegate(bytes32 issuer, address account, uint256 record) private view returns (bool) {
        return _s().statusDelegateGenerations[issuer][account] == (record >> _RECORD_GENERATION_SHIFT) + 1;
    }

    /// @dev End `account`'s enrolment in `issuer` (primary or delegate), emitting {StatusSignerChanged} with
    /// `actor`; false if it was not enrolled.
    function _removeSigner(bytes32 issuer, address account, address actor) private returns (bool) {
        CertificateRegistryStorage storage $ = _s();
        uint256 record = $.statusRecords[issuer];
        if (address(uint160(record)) == account && account != address(0)) {
            $.statusRecords[issuer] = record & ~_SIGNER_MASK;
        } else if (_isDelegate(issuer, account, record)) {
            $.statusDelegateGenerations[issuer][account] = 0;
        } else {
            return false;
        }
        emit StatusSignerChanged(issuer, account, false, actor);
        return true;
    }

    /// @dev `bits` with the entry of `statusIndex` moved to `state`, after checking the move; emits the event.
    /// Valid -> Suspended or a terminal state; Suspended -> Valid (reinstated) or a terminal state; a
    /// terminal state never moves. Every move but reinstatement needs a reason.
    function _transition(bytes32 issuer, uint256 bits, uint64 statusIndex, CertificateState state, uint16 reasonCode)
        private
        returns (uint256)
    {
        uint256 shift = (uint256(statusIndex) & 63) << 2;
        uint256 current = (bits >> shift) & 15;
        uint256 next = uint256(state);
        if (current >= uint256(CertificateState.Revoked)) {
            revert CertificateStatusFinal(issuer, statusIndex, CertificateState(current));
        }
        // Not terminal, so current is Valid or Suspended: Valid is reached only from Suspended.
        if (current == next) revert CertificateStatusUnchanged(issuer, statusIndex, state);
        if (reasonCode == 0 && next != uint256(CertificateState.Valid)) revert MissingRevocationReason();
        // emit CertificateStatusSet(issuer, statusIndex, state, reasonCode, actor), written out: this is
        // on the hot path of the 55,000-gas target and the ABI encoder's checks of values already checked cost more.
        address actor = _msgSender();
        assembly ("memory-safe") {
            let data := mload(0x40)
            mstore(data, next)
            mstore(add(data, 0x20), reasonCode)
            mstore(add(data, 0x40), actor)
            log3(data, 0x60, _STATUS_SET_TOPIC, issuer, statusIndex)
        }
        return (bits & ~(uint256(15) << shift)) | (next << shift);
    }

    /// @dev The storage slot of `_s().statusWords[issuer][wordIndex]` (Solidity's nested-mapping layout).
    function _wordSlot(bytes32 issuer, uint256 wordIndex) private pure returns (uint256 slot) {
        bytes32 base = _STORAGE_LOCATION;
        assembly ("memory-safe") {
            mstore(0x00, issuer)
            mstore(0x20, add(base, 3)) // statusWords is the struct's fourth field (slot offset 3)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, wordIndex)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev A Manager of `issuer`, or `account` itself holding the Issuer role, may change `account`'s enrolment.
    function _checkSignerChange(bytes32 issuer, address account) private view {
        if (account == address(0)) revert ZeroAddress();
        if (departments.canAct(issuer, _msgSender(), OfficerRole.Manager)) return;
        if (account != _msgSender() || !departments.canAct(issuer, account, OfficerRole.Issuer)) {
            revert NotAnIssuer(_msgSender(), issuer);
        }
    }

    /// @dev Pausing marks every status record, so that the status functions read the pause with the record.
    function _pause() internal override {
        super._pause();
        _markStatusRecords(true);
    }

    /// @dev Resuming clears the mark of every status record.
    function _unpause() internal override {
        super._unpause();
        _markStatusRecords(false);
    }

    function _markStatusRecords(bool paused_) private {
        CertificateRegistryStorage storage $ = _s();
        uint256 count = $.statusIssuers.length;
        for (uint256 i; i < count; ++i) {
            bytes32 issuer = $.statusIssuers[i];
            uint256 record = $.statusRecords[issuer];
            $.statusRecords[issuer] = paused_ ? record | _RECORD_PAUSED_BIT : record & ~_RECORD_PAUSED_BIT;
        }
    }

    function _checkIssuer(bytes32 issuer) private view {
        if (!departments.canAct(issuer, _msgSender(), OfficerRole.Issuer)) revert NotAnIssuer(_msgSender(), issuer);
    }

    function _existing(bytes32 root, bytes32 issuer) private view returns (Batch storage batch) {
        batch = _s().batches[_batchKey(root, issuer)];
        if (batch.issuedBlock == 0) revert UnknownBatch(root, issuer);
    }

    function _batchKey(bytes32 root, bytes32 issuer) private pure returns (bytes32) {
        return keccak256(abi.encode(root, issuer));
    }

    /// @dev Three words hashed, where {_batchKey} hashes two: no batch of {issueBatch} can land here.
    function _applicationBatchKey(bytes32 root, bytes32 issuer, bytes32 applicationId) private pure returns (bytes32) {
        return keccak256(abi.encode(root, issuer, applicationId));
    }

    function _certificateKey(bytes32 root, bytes32 issuer, bytes32 leaf) private pure returns (bytes32) {
        return keccak256(abi.encode(root, issuer, leaf));
    }

    function _s() private pure returns (CertificateRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
