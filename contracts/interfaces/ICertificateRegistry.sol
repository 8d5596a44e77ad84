// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ISuitePausable} from "./ISuitePausable.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title ICertificateRegistry
/// @notice Electronic certificates (电子证照) issued singly or in batches: one Merkle root on chain
/// per batch, leaves in OpenZeppelin StandardMerkleTree form over (certificateId, digest). A batch is
/// keyed by (root, issuer), so the issuing department is part of what a verifier checks. Verifiers and
/// revocations name a certificate by its leaf's preimage (certificateId, digest), which the chain hashes:
/// an inner node or a root is never taken for a leaf. The ledger's completion certificates are stored
/// apart, keyed by (root, issuer, applicationId), where no {issueBatch} can reach them; the status
/// functions answer for them with the application id as the certificate id.
///
/// Status list (1.4.0, W3C Bitstring Status List style): a batch of the new format ({issueStatusBatch})
/// has leaves over (certificateId, digest, uint64 statusIndex), so each certificate carries its own status
/// index and no holder can claim another one. The issuer's status indices are allocated in order, batch
/// after batch, and the status of index i is a 4-bit entry (a {CertificateState}) in the issuer's status
/// words. The root is recorded by the {StatusBatchIssued} event, not in storage: verifiers find it by its
/// indexed root and issuer, check the index lies in the batch's range, and read the entry with {statusOf}.
/// Writers are the issuer's enrolled status signers (one record read authorizes, bounds and pause-checks
/// every call); enrolment is checked against the department registry when it is made, and again at every
/// issuance and reinstatement; suspending and ending trust it. It ends with {dropStatusSigner}, and (1.5.0)
/// in the same transaction as the role: the department registry calls this contract (IOfficerRoleListener)
/// when an officer loses the Issuer role and when a department is deactivated.
interface ICertificateRegistry is IVersioned, ISuitePausable {
    /// @notice The status of one certificate (GB/T 36901-36906 vocabulary): 有效 (valid), 暂扣 (suspended,
    /// reversible), and the terminal 撤销 (revoked), 注销 (cancelled), 吊销 (withdrawn by penalty).
    /// 失效 (expired) is not stored: it follows from the 有效期截止 in the off-chain document.
    enum CertificateState {
        Valid,
        Suspended,
        Revoked,
        Cancelled,
        Withdrawn,
        Replaced // 换发/补发 (1.6.0): superseded by another certificate ({replacementOf}); terminal
    }

    /// @notice A batch as stored on chain (one slot).
    struct Batch {
        uint64 issuedBlock; // block of issuance; 0 = never issued
        uint40 issuedAt; // timestamp of issuance
        uint64 revokedBlock; // block the whole batch was revoked in; 0 = not revoked
        uint16 reasonCode; // why the batch was revoked
        uint32 count; // certificates in the batch, as declared by the issuer
    }

    /// @notice What the chain says about one certificate.
    struct CertificateStatus {
        bool issued; // the (root, issuer) batch exists and the proof places the leaf in it
        uint64 issuedBlock; // block of issuance
        uint40 issuedAt; // timestamp of issuance
        uint64 batchRevokedBlock; // block the batch was revoked in, 0 if not
        uint64 certificateRevokedBlock; // block this certificate was revoked in, 0 if not
        uint16 reasonCode; // reason of the state that applies (batch revocation, end or suspension), 0 if none
        CertificateState state; // the state now: a revoked batch makes its certificates Revoked
        uint64 suspendedBlock; // block the current suspension began in, 0 if not suspended
    }

    /// @notice A batch of `count` certificates was issued by `issuer` under `root`.
    event BatchIssued(bytes32 indexed root, bytes32 indexed issuer, uint32 count, address actor);
    /// @notice The whole batch was revoked.
    event BatchRevoked(bytes32 indexed root, bytes32 indexed issuer, uint16 reasonCode, address actor);
    /// @notice One certificate of a batch reached the terminal `state` (Revoked, Cancelled or Withdrawn);
    /// its siblings stay valid.
    event CertificateRevoked(
        bytes32 indexed leaf,
        bytes32 indexed root,
        bytes32 indexed issuer,
        CertificateState state,
        uint16 reasonCode,
        address actor
    );
    /// @notice One certificate was suspended (暂扣) until reinstated.
    event CertificateSuspended(
        bytes32 indexed leaf, bytes32 indexed root, bytes32 indexed issuer, uint16 reasonCode, address actor
    );
    /// @notice A suspended certificate was reinstated (恢复有效).
    event CertificateReinstated(bytes32 indexed leaf, bytes32 indexed root, bytes32 indexed issuer, address actor);

    /// @notice The ledger issued the completion certificate of `applicationId` as a batch of one under `root`.
    event ApplicationCertificateIssued(
        bytes32 indexed applicationId, bytes32 indexed root, bytes32 indexed issuer, bytes32 certificateType
    );

    /// @notice A status batch of `count` certificates, with status indices `firstIndex` to
    /// `firstIndex + count - 1`, was issued by `issuer` under `root` (leaves over (certificateId, digest, statusIndex)).
    event StatusBatchIssued(
        bytes32 indexed root, bytes32 indexed issuer, uint64 firstIndex, uint32 count, address actor
    );
    /// @notice The status-list entry `statusIndex` of `issuer` moved to `state` (reinstated when Valid).
    event CertificateStatusSet(
        bytes32 indexed issuer, uint64 indexed statusIndex, CertificateState state, uint16 reasonCode, address actor
    );
    /// @notice `account` was enrolled as (or dropped from) the status signers of `issuer`.
    event StatusSignerChanged(bytes32 indexed issuer, address indexed account, bool enrolled, address actor);
    /// @notice Every status signer of `issuer` was dropped because the department was deactivated by `actor`;
    /// reactivating it enrols nobody again.
    event StatusSignersCleared(bytes32 indexed issuer, address actor);

    /// @notice `caller` is not an enrolled status signer of `issuer`.
    error NotAStatusSigner(address caller, bytes32 issuer);
    /// @notice The batch must start at the issuer's next status index (another batch took it first).
    error StatusIndexMismatch(bytes32 issuer, uint64 firstIndex, uint64 nextIndex);
    /// @notice The issuer has not issued status index `statusIndex` (or the index space would overflow).
    error StatusIndexNotIssued(bytes32 issuer, uint64 statusIndex);
    /// @notice The entry is in a terminal state already (revoked, cancelled or withdrawn).
    error CertificateStatusFinal(bytes32 issuer, uint64 statusIndex, CertificateState state);
    /// @notice The entry is in `state` already, or only a suspended certificate can be reinstated.
    error CertificateStatusUnchanged(bytes32 issuer, uint64 statusIndex, CertificateState state);
    /// @notice A bulk status change needs at least one index.
    error NoStatusIndices();
    /// @notice The account is enrolled already (enrol) or is not enrolled (drop).
    error StatusSignerUnchanged(bytes32 issuer, address account);
    /// @notice No more issuers can hold a status record.
    error TooManyStatusIssuers(uint256 maxIssuers);
    /// @notice Only the department registry tells this contract that a role ended (`caller` is not it).
    error NotTheDepartmentRegistry(address caller);

    /// @notice The root is zero or the count is zero.
    error InvalidBatch(bytes32 root, uint32 count);
    /// @notice This issuer already issued this root.
    error BatchAlreadyIssued(bytes32 root, bytes32 issuer);
    /// @notice This issuer never issued this root.
    error UnknownBatch(bytes32 root, bytes32 issuer);
    /// @notice The batch was revoked already.
    error BatchAlreadyRevoked(bytes32 root, bytes32 issuer);
    /// @notice The certificate reached a terminal state (revoked, cancelled or withdrawn) already, or its
    /// batch was revoked: nothing more can happen to it.
    error CertificateAlreadyRevoked(bytes32 leaf);
    /// @notice The certificate is suspended already.
    error CertificateAlreadySuspended(bytes32 leaf);
    /// @notice Only a suspended certificate can be reinstated.
    error CertificateNotSuspended(bytes32 leaf);
    /// @notice `state` is not a terminal state (Revoked, Cancelled or Withdrawn).
    error NotATerminalState(CertificateState state);
    /// @notice The proof does not place the leaf (hashed from its preimage) under the root.
    error InvalidProof(bytes32 leaf, bytes32 root);
    /// @notice A revocation needs a non-zero reason code.
    error MissingRevocationReason();
    /// @notice `caller` is not an Issuer of the active department `issuer`.
    error NotAnIssuer(address caller, bytes32 issuer);
    /// @notice A completion certificate needs the id of the application it was earned by.
    error MissingApplicationId();
    /// @notice A completion certificate needs its certificate type.
    error MissingCertificateType();

    /// @notice Issue a batch (a single certificate is a batch of one: its root is its leaf).
    /// @dev Requirements: not paused; caller is an Issuer of the active `issuer` department; root and
    /// count non-zero; not issued before by this issuer. Emits {BatchIssued}.
    /// @param root The Merkle root (StandardMerkleTree over (bytes32 certificateId, bytes32 digest)).
    /// @param issuer The issuing department.
    /// @param count The number of certificates in the batch.
    function issueBatch(bytes32 root, bytes32 issuer, uint32 count) external;

    /// @notice Issue the certificate an application earns on completion, as a batch of one.
    /// @dev Called by the ledger in the completing transaction. Stored under (root, issuer, applicationId),
    /// apart from the batches of {issueBatch}, so no issuer can pre-issue it and block the completion; the
    /// issuer revokes it with {revokeCertificate} (certificate id = application id, empty proof).
    /// Requirements: not paused; caller holds LEDGER_ROLE; root non-zero ({InvalidBatch}); the issuer
    /// registered ({UnknownDepartment}); application id and certificate type non-zero
    /// ({MissingApplicationId}, {MissingCertificateType}); not issued before for this application by this issuer. Emits {BatchIssued} and {ApplicationCertificateIssued}.
    /// @param applicationId The completed application.
    /// @param issuer The issuing department named by the service's automation terms.
    /// @param certificateType The certificate type named by the service's automation terms.
    /// @param root The certificate's leaf, which is the root of its batch of one.
    function issueForApplication(bytes32 applicationId, bytes32 issuer, bytes32 certificateType, bytes32 root)
        external;

    /// @notice Revoke a whole batch.
    /// @dev Requirements: not paused; caller is an Issuer of the active `issuer`; the batch exists and is
    /// not revoked; `reasonCode` non-zero. Emits {BatchRevoked}.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param reasonCode The issuer's reason code.
    function revokeBatch(bytes32 root, bytes32 issuer, uint16 reasonCode) external;

    /// @notice Revoke (撤销) one certificate inside a batch (or a completion certificate), named by its
    /// leaf's preimage and proven by its Merkle proof: {endCertificate} with state Revoked.
    /// @dev Requirements: not paused; caller is an Issuer of the active `issuer`; the batch (or the
    /// completion certificate of application `certificateId`) exists; `reasonCode` non-zero; the proof
    /// places {certificateLeaf} of (`certificateId`, `digest`) under `root`; not ended before
    /// ({CertificateAlreadyRevoked}). A suspended certificate, or one of a revoked batch, can be ended.
    /// Emits {CertificateRevoked} with the leaf.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param certificateId The certificate id (the application id for a completion certificate).
    /// @param digest The certificate's digest.
    /// @param proof The Merkle proof of the leaf.
    /// @param reasonCode The issuer's reason code.
    function revokeCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        uint16 reasonCode
    ) external;

    /// @notice End one certificate for good: revoke (撤销), cancel (注销) or withdraw it as a penalty (吊销).
    /// @dev As {revokeCertificate}, and `state` must be Revoked, Cancelled or Withdrawn
    /// ({NotATerminalState}). Emits {CertificateRevoked} with the state.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param certificateId The certificate id (the application id for a completion certificate).
    /// @param digest The certificate's digest.
    /// @param proof The Merkle proof of the leaf.
    /// @param state The terminal state.
    /// @param reasonCode The issuer's reason code.
    function endCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        CertificateState state,
        uint16 reasonCode
    ) external;

    /// @notice Suspend (暂扣) one certificate until it is reinstated.
    /// @dev Requirements as {revokeCertificate}; the certificate not ended and its batch not revoked
    /// ({CertificateAlreadyRevoked}); not suspended already ({CertificateAlreadySuspended}).
    /// Emits {CertificateSuspended}.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param certificateId The certificate id (the application id for a completion certificate).
    /// @param digest The certificate's digest.
    /// @param proof The Merkle proof of the leaf.
    /// @param reasonCode The issuer's reason code.
    function suspendCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        uint16 reasonCode
    ) external;

    /// @notice Reinstate a suspended certificate.
    /// @dev Requirements: not paused; caller is an Issuer of the active `issuer`; the batch exists; the
    /// proof holds; the certificate not ended ({CertificateAlreadyRevoked}) and suspended
    /// ({CertificateNotSuspended}). Emits {CertificateReinstated}. Only the current suspension is kept:
    /// after reinstatement, {validAt} no longer sees the past suspension.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param certificateId The certificate id (the application id for a completion certificate).
    /// @param digest The certificate's digest.
    /// @param proof The Merkle proof of the leaf.
    function reinstateCertificate(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof
    ) external;

    /// @notice Enrol `account` as a status signer of `issuer`: the first becomes the primary signer (the
    /// cheapest to check), later ones delegates.
    /// @dev Requirements: not paused; `account` non-zero and an Issuer of the active `issuer`; the caller a
    /// Manager of `issuer` or `account` itself ({NotAnIssuer}); not enrolled already ({StatusSignerUnchanged});
    /// fewer than MAX_STATUS_ISSUERS issuers with records ({TooManyStatusIssuers}). The role is checked here;
    /// when it ends (or the department is deactivated) the department registry ends the enrolment in the
    /// same transaction, and {dropStatusSigner} ends one made stale before that registry had a role
    /// listener. Re-enrolment after either is explicit. Emits {StatusSignerChanged}.
    /// @param issuer The department.
    /// @param account The officer to enrol.
    function enrolStatusSigner(bytes32 issuer, address account) external;

    /// @notice End `account`'s enrolment as a status signer of `issuer`.
    /// @dev Anyone may drop an account that no longer is an Issuer of the active department (a stale
    /// enrolment); otherwise only a Manager of `issuer` or the account itself ({NotAnIssuer}). Works while
    /// paused. Reverts {StatusSignerUnchanged} if not enrolled. Emits {StatusSignerChanged}.
    /// @param issuer The department.
    /// @param account The enrolled account.
    function dropStatusSigner(bytes32 issuer, address account) external;

    /// @notice Issue a batch of the status-list format, taking status indices `firstIndex` to
    /// `firstIndex + count - 1` of `issuer`.
    /// @dev Requirements: not paused ({EnforcedPause}); caller an enrolled status signer of `issuer`
    /// ({NotAStatusSigner}) and, checked in the department registry at every issuance, an Issuer of the
    /// active department ({NotAnIssuer}); root and count non-zero ({InvalidBatch}); `firstIndex` the issuer's next index
    /// ({StatusIndexMismatch}: another batch went first, build the tree again). No storage per root: the
    /// {StatusBatchIssued} event is the record. Emits {StatusBatchIssued}.
    /// @param root The Merkle root (StandardMerkleTree over (bytes32 certificateId, bytes32 digest, uint64 statusIndex)).
    /// @param issuer The issuing department.
    /// @param firstIndex The first status index of the batch: {statusRecord}'s nextIndex.
    /// @param count The number of certificates (and status indices) in the batch.
    function issueStatusBatch(bytes32 root, bytes32 issuer, uint64 firstIndex, uint32 count) external;

    /// @notice Suspend (暂扣), reinstate (Valid) or end (撤销, 注销, 吊销) the certificate with status index
    /// `statusIndex` of `issuer`.
    /// @dev Requirements: not paused; caller an enrolled status signer of `issuer`; the index issued
    /// ({StatusIndexNotIssued}); the entry not terminal ({CertificateStatusFinal}); a change, and Valid only
    /// from Suspended ({CertificateStatusUnchanged}); a non-zero reason except to reinstate
    /// ({MissingRevocationReason}); to reinstate (Valid), also an Issuer of the active department now
    /// ({NotAnIssuer}). Suspending and ending trust the enrolment, which the department registry ends in
    /// the transaction that ends the role. Emits {CertificateStatusSet}.
    /// @param issuer The issuing department.
    /// @param statusIndex The certificate's status index (bound into its leaf).
    /// @param state The new state.
    /// @param reasonCode The issuer's reason code (0 allowed only to reinstate).
    function setStatus(bytes32 issuer, uint64 statusIndex, CertificateState state, uint16 reasonCode) external;

    /// @notice {setStatus} for many certificates of `issuer` at once, all to `state` for `reasonCode`.
    /// @dev As {setStatus} for each index, in order (a repeated index meets its own first change); reverts
    /// {NoStatusIndices} on an empty list. Indices that share a status word (64 entries) cost one write
    /// of it when they are consecutive in the list. Emits {CertificateStatusSet} per index.
    /// @param issuer The issuing department.
    /// @param statusIndices The status indices.
    /// @param state The new state.
    /// @param reasonCode The issuer's reason code (0 allowed only to reinstate).
    function setStatuses(bytes32 issuer, uint64[] calldata statusIndices, CertificateState state, uint16 reasonCode)
        external;

    /// @notice The state of status index `statusIndex` of `issuer` (Valid for an index never changed).
    /// @param issuer The issuing department.
    /// @param statusIndex The status index.
    /// @return The state.
    function statusOf(bytes32 issuer, uint64 statusIndex) external view returns (CertificateState);

    /// @notice A word of the issuer's status list: entries 64 * `wordIndex` to 64 * `wordIndex` + 63, 4 bits
    /// each, lowest first (for verifiers that cache the list).
    /// @param issuer The issuing department.
    /// @param wordIndex The word.
    /// @return The 64 entries.
    function statusWord(bytes32 issuer, uint256 wordIndex) external view returns (uint256);

    /// @notice The issuer's status record.
    /// @param issuer The issuing department.
    /// @return primarySigner The primary status signer (zero if none).
    /// @return nextIndex The status index the next batch starts at (the count issued so far).
    /// @return paused_ Whether the record is marked paused (it mirrors the contract's pause).
    function statusRecord(bytes32 issuer) external view returns (address primarySigner, uint64 nextIndex, bool paused_);

    /// @notice Whether `account` is enrolled as a status signer of `issuer`.
    /// @param issuer The department.
    /// @param account The account.
    /// @return True if enrolled (primary or delegate).
    function isStatusSigner(bytes32 issuer, address account) external view returns (bool);

    /// @notice The StandardMerkleTree leaf of the status-list format:
    /// `keccak256(bytes.concat(keccak256(abi.encode(certificateId, digest, statusIndex))))`.
    /// @param certificateId The certificate id.
    /// @param digest The certificate's digest.
    /// @param statusIndex The certificate's status index.
    /// @return The leaf hash.
    function statusLeaf(bytes32 certificateId, bytes32 digest, uint64 statusIndex) external pure returns (bytes32);

    /// @notice A batch's record (all zero if never issued).
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @return The batch.
    function getBatch(bytes32 root, bytes32 issuer) external view returns (Batch memory);

    /// @notice The completion certificate the ledger issued for `applicationId` under (`root`, `issuer`)
    /// (all zero if none); the issuer's own batches with the same root are not this record.
    /// @param applicationId The completed application.
    /// @param root The certificate's root (its leaf).
    /// @param issuer The issuing department.
    /// @return The batch of one.
    function getApplicationBatch(bytes32 applicationId, bytes32 root, bytes32 issuer)
        external
        view
        returns (Batch memory);

    /// @notice The StandardMerkleTree leaf of (`certificateId`, `digest`):
    /// `keccak256(bytes.concat(keccak256(abi.encode(certificateId, digest))))`.
    /// @param certificateId The certificate id.
    /// @param digest The certificate's digest.
    /// @return The leaf hash.
    function certificateLeaf(bytes32 certificateId, bytes32 digest) external pure returns (bytes32);

    /// @notice What the chain says about one certificate; a completion certificate of application
    /// `certificateId` answers before any batch of the issuer with the same root.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param certificateId The certificate id (the application id for a completion certificate).
    /// @param digest The certificate's digest; the chain hashes the leaf from the two.
    /// @param proof The Merkle proof of the leaf.
    /// @return The status (all zero if not issued or the proof fails).
    function certificateStatus(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof
    ) external view returns (CertificateStatus memory);

    /// @notice Whether the certificate was issued, not ended and not under its current suspension at block
    /// `blockNumber` (use the current block for "valid now"); expiry (失效) is the document's to say.
    /// @param root The batch root.
    /// @param issuer The issuing department.
    /// @param certificateId The certificate id (the application id for a completion certificate).
    /// @param digest The certificate's digest; the chain hashes the leaf from the two.
    /// @param proof The Merkle proof of the leaf.
    /// @param blockNumber The block asked about.
    /// @return True if valid at that block.
    function validAt(
        bytes32 root,
        bytes32 issuer,
        bytes32 certificateId,
        bytes32 digest,
        bytes32[] calldata proof,
        uint256 blockNumber
    ) external view returns (bool);

    // ---- Replacement (换发/补发) and revocation on appeal, 1.6.0 ----

    /// @notice A certificate named by its leaf's preimage and proven by its Merkle proof (a completion
    /// certificate: `certificateId` is the application id, `proof` empty).
    struct CertificateRef {
        bytes32 root; // the batch root
        bytes32 issuer; // the issuing department
        bytes32 certificateId; // the certificate id
        bytes32 digest; // the certificate's digest
        bytes32[] proof; // the Merkle proof of the leaf
    }

    /// @notice One side of a replacement link: the other certificate (or batch), when and why.
    struct Replacement {
        bytes32 leaf; // the other certificate's leaf (zero for a batch replacement)
        bytes32 root; // the other certificate's (or batch's) root
        bytes32 issuer; // its issuing department
        bytes32 certificateId; // its certificate id (zero for a batch replacement: the same id in the other batch)
        uint40 replacedAt; // when the replacement was recorded; 0 = no replacement
        uint16 reasonCode; // why (reason catalogue kind replacement)
    }

    /// @notice The certificate `oldLeaf` was replaced by `newLeaf` (both directions are stored).
    event CertificateReplaced(
        bytes32 indexed oldLeaf,
        bytes32 indexed newLeaf,
        bytes32 indexed issuer,
        bytes32 oldCertificateId,
        bytes32 newCertificateId,
        bytes32 newRoot,
        bytes32 newIssuer,
        uint16 reasonCode,
        address actor
    );
    /// @notice Every certificate of batch (`oldRoot`, `oldIssuer`) was replaced by the certificate with the
    /// same id in batch (`newRoot`, `newIssuer`).
    event BatchReplaced(
        bytes32 indexed oldRoot,
        bytes32 indexed oldIssuer,
        bytes32 indexed newRoot,
        bytes32 newIssuer,
        uint16 reasonCode,
        address actor
    );
    /// @notice The completion certificate of `applicationId`, or the certificate that replaced it (1.7.0), was
    /// revoked because appeal `appealId` set the decision aside: `issuer` and `root` are those of the
    /// certificate revoked, and the {CertificateRevoked} event of the same transaction carries its leaf.
    event CertificateRevokedOnAppeal(
        bytes32 indexed applicationId, bytes32 indexed appealId, bytes32 indexed issuer, bytes32 root, uint16 reasonCode
    );

    /// @notice The certificate (or batch) was replaced already.
    error CertificateAlreadyReplaced(bytes32 leaf);
    /// @notice The batch was replaced already.
    error BatchAlreadyReplaced(bytes32 root, bytes32 issuer);
    /// @notice The replacement is the certificate (or batch) itself, or is not a valid issued certificate.
    error InvalidReplacement(bytes32 leaf);
    /// @notice A replacement needs a reason code.
    error MissingReplacementReason();

    /// @notice Replace one certificate by another (换发/补发): the old one becomes Replaced (no longer valid),
    /// each names the other ({replacementOf}, {replacedOf}).
    /// @dev Requirements: not paused; the caller an Issuer of the old certificate's issuer and of the new
    /// one's ({NotAnIssuer}); both issued and proven ({InvalidProof}, {UnknownBatch}); the old one not ended
    /// ({CertificateAlreadyRevoked}) nor replaced ({CertificateAlreadyReplaced}); the new one valid and not
    /// the old one ({InvalidReplacement}); `reasonCode` non-zero ({MissingReplacementReason}).
    /// Emits {CertificateReplaced}.
    /// @param old The certificate replaced.
    /// @param replacement The certificate that replaces it.
    /// @param reasonCode Why (kind replacement: change of details, loss, renewal ...).
    function replaceCertificate(CertificateRef calldata old, CertificateRef calldata replacement, uint16 reasonCode)
        external;

    /// @notice Replace a whole batch: each certificate of (`oldRoot`, `oldIssuer`) is replaced by the
    /// certificate with the same id in (`newRoot`, `newIssuer`) (e.g. all licences of a renamed department).
    /// @dev Requirements: not paused; the caller an Issuer of both issuers; both batches issued
    /// ({UnknownBatch}); the old not revoked ({BatchAlreadyRevoked}) nor replaced ({BatchAlreadyReplaced});
    /// different batches ({InvalidReplacement}); `reasonCode` non-zero. Emits {BatchReplaced}.
    /// @param oldRoot The replaced batch's root.
    /// @param oldIssuer Its issuer.
    /// @param newRoot The new batch's root.
    /// @param newIssuer Its issuer.
    /// @param reasonCode Why (kind replacement).
    function replaceBatch(bytes32 oldRoot, bytes32 oldIssuer, bytes32 newRoot, bytes32 newIssuer, uint16 reasonCode)
        external;

    /// @notice Revoke the completion certificate of `applicationId` because appeal `appealId` revoked the
    /// decision that issued it; if that certificate was replaced (换发/补发, {replaceCertificate}), the
    /// certificate that stands in its place now, the last of its chain of replacements, is revoked instead
    /// (1.7.0), whoever issued it.
    /// @dev Requirements: not paused; the caller holds APPEAL_ROLE (the appeal registry); the completion
    /// certificate (`root`, `issuer`, `applicationId`) exists ({UnknownBatch}); `reasonCode` non-zero
    /// ({MissingRevocationReason}); the certificate to revoke not ended and its batch not revoked
    /// ({CertificateAlreadyRevoked}: nothing more to revoke). The chain is followed for at most
    /// `MAX_APPEAL_REPLACEMENTS` (16) links; a longer chain, or a certificate in it replaced together with
    /// its whole batch ({replaceBatch}, which names no single certificate of the new batch), reverts
    /// {CertificateAlreadyReplaced} naming the last certificate reached, which its issuer must then deal
    /// with. A status-list certificate (W3C Bitstring Status List, {issueStatusBatch}) is never in a chain:
    /// {replaceCertificate} cannot name it as a replacement (its batch has no {Batch} record and its leaf
    /// includes the status index), so a status-list certificate issued in place of a completion certificate
    /// cannot be reached on chain and must be revoked by its status signer ({setStatus}). A suspended
    /// certificate is revoked (the end replaces the suspension). Emits {CertificateRevoked} and
    /// {CertificateRevokedOnAppeal}, both naming the certificate revoked.
    /// @param applicationId The application (the certificate id of its completion certificate).
    /// @param issuer The issuing department of the completion certificate.
    /// @param root The completion certificate's root (its leaf).
    /// @param reasonCode The revocation reason (kind certificate_revocation).
    /// @param appealId The appeal.
    function revokeForAppeal(bytes32 applicationId, bytes32 issuer, bytes32 root, uint16 reasonCode, bytes32 appealId)
        external;

    /// @notice What replaced the certificate with leaf `leaf` (issued under `root` by `issuer`): a single
    /// replacement of the leaf, else the replacement of its batch; all zero if neither.
    /// @param leaf The old certificate's leaf.
    /// @param root Its batch root.
    /// @param issuer Its issuer.
    /// @return The replacing side.
    function replacementOf(bytes32 leaf, bytes32 root, bytes32 issuer) external view returns (Replacement memory);

    /// @notice What the certificate with leaf `leaf` (issued under `root` by `issuer`) replaced: a single
    /// certificate, else a batch whose replacement is this batch; all zero if nothing.
    /// @param leaf The new certificate's leaf.
    /// @param root Its batch root.
    /// @param issuer Its issuer.
    /// @return The replaced side.
    function replacedOf(bytes32 leaf, bytes32 root, bytes32 issuer) external view returns (Replacement memory);
}
