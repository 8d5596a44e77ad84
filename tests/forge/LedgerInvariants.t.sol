// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ApplicationStatus, ApprovalStep, OfficerRole, TimeLimit} from "../../contracts/common/Types.sol";
import {IApplicationLedger} from "../../contracts/interfaces/IApplicationLedger.sol";
import {SuiteFixture} from "./utils/SuiteFixture.sol";
import {VM} from "./utils/Vm.sol";

/// @notice Every actor of the ledger, honest or not, calling every state-changing function with
/// arguments drawn from the same small pools (so they collide): office numbers, both departments'
/// services, a zero service and an unknown one, the ids that exist, zero and made-up ids. After each
/// call the handler checks who changed what; the invariants read its findings.
contract LedgerHandler is SuiteFixture {
    uint256 internal constant ACTORS = 10; // admin, outsider, 4 roles x 2 departments
    uint256 internal constant NUMBERS = 6;

    bytes32[] public ids;
    mapping(bytes32 id => bool) public known;
    /// @dev Numbers each department's own clerks have used (only they may make a number unusable to it).
    mapping(bytes32 department => mapping(bytes32 numberHash => bool)) public numberUsed;
    uint256 public violations;
    string public firstViolation;
    uint256 public successes;

    constructor() {
        _deploySuite();
    }

    // -- actions ------------------------------------------------------------------------------

    function submit(uint8 actorSeed, uint8 numberSeed, uint8 serviceSeed, bytes32 commitment) external {
        address actor = _actor(actorSeed);
        IApplicationLedger.Submission memory submission = _submission(numberSeed, serviceSeed, commitment);
        uint256 countBefore = ledger.applicationCount();
        VM.prank(actor);
        try ledger.submit(submission) {
            _afterSubmit(actor, submission, countBefore, 1);
        } catch {}
    }

    function submitBatch(uint8 actorSeed, uint8 numberSeed, uint8 serviceSeed, uint8 otherServiceSeed) external {
        address actor = _actor(actorSeed);
        IApplicationLedger.Submission[] memory batch = new IApplicationLedger.Submission[](2);
        batch[0] = _submission(numberSeed, serviceSeed, keccak256("c1"));
        batch[1] = _submission(uint256(numberSeed) + 1, otherServiceSeed, keccak256("c2"));
        uint256 countBefore = ledger.applicationCount();
        VM.prank(actor);
        try ledger.submitBatch(batch) {
            _afterSubmit(actor, batch[0], countBefore, 2);
            _afterSubmit(actor, batch[1], countBefore, 2);
        } catch {}
    }

    function accept(uint8 actorSeed, uint8 idSeed) external {
        bytes32 id = _id(idSeed);
        address actor = _actor(actorSeed);
        (bool allowed,) = _clerkOfReceiver(id, actor);
        bytes32 snapshot = _fingerprintIfKnown(id);
        VM.prank(actor);
        try ledger.accept(id) {} catch {}
        _checkChange(id, snapshot, allowed, "accept");
    }

    function approve(uint8 actorSeed, uint8 idSeed, uint8 step) external {
        bytes32 id = _id(idSeed);
        address actor = _actor(actorSeed);
        bool allowed = _stepOfficer(id, actor);
        bytes32 snapshot = _fingerprintIfKnown(id);
        VM.prank(actor);
        try ledger.approve(id, step % 3, keccak256("opinion")) {} catch {}
        _checkChange(id, snapshot, allowed, "approve");
    }

    function reject(uint8 actorSeed, uint8 idSeed, uint16 reason) external {
        bytes32 id = _id(idSeed);
        address actor = _actor(actorSeed);
        bool allowed = _decider(id, actor);
        bytes32 snapshot = _fingerprintIfKnown(id);
        VM.prank(actor);
        try ledger.reject(id, reason) {} catch {}
        _checkChange(id, snapshot, allowed, "reject");
    }

    function requestSupplement(uint8 actorSeed, uint8 idSeed, uint16 reason) external {
        bytes32 id = _id(idSeed);
        address actor = _actor(actorSeed);
        bool allowed = _decider(id, actor);
        bytes32 snapshot = _fingerprintIfKnown(id);
        VM.prank(actor);
        try ledger.requestSupplement(id, reason) {} catch {}
        _checkChange(id, snapshot, allowed, "requestSupplement");
    }

    function resubmit(uint8 actorSeed, uint8 idSeed) external {
        bytes32 id = _id(idSeed);
        address actor = _actor(actorSeed);
        (bool allowed,) = _clerkOfReceiver(id, actor);
        bytes32 snapshot = _fingerprintIfKnown(id);
        VM.prank(actor);
        try ledger.resubmit(id, keccak256("supplement")) {} catch {}
        _checkChange(id, snapshot, allowed, "resubmit");
    }

    function withdraw(uint8 actorSeed, uint8 idSeed, uint16 reason) external {
        bytes32 id = _id(idSeed);
        address actor = _actor(actorSeed);
        (bool allowed,) = _clerkOfReceiver(id, actor);
        bytes32 snapshot = _fingerprintIfKnown(id);
        VM.prank(actor);
        try ledger.withdraw(id, reason) {} catch {}
        _checkChange(id, snapshot, allowed, "withdraw");
    }

    /// @dev Anyone may flag an overdue step or complete an approved application: the rules decide.
    function keeper(uint8 actorSeed, uint8 idSeed, bool flag) external {
        bytes32 id = _id(idSeed);
        VM.prank(_actor(actorSeed));
        if (flag) {
            try ledger.flagOverdue(id) {} catch {}
        } else {
            try ledger.complete(id) {} catch {}
        }
    }

    function openFollowOnDirectly(uint8 actorSeed, uint8 idSeed, uint8 serviceSeed) external {
        bytes32 id = _id(idSeed);
        bytes32 snapshot = _fingerprintIfKnown(id);
        uint256 countBefore = ledger.applicationCount();
        address actor = _actor(actorSeed);
        VM.prank(actor);
        try ledger.openFollowOn(id, _service(serviceSeed), actor) {} catch {}
        _checkChange(id, snapshot, false, "openFollowOn");
        if (ledger.applicationCount() != countBefore) _violation("openFollowOn created an application");
    }

    /// @dev The honest path, so that the attackers meet applications in every state: the owner's clerk
    /// submits, and the officer each state waits for moves the application on.
    function honestSubmit(uint8 numberSeed, bool ofB, bytes32 commitment) external {
        if (commitment == bytes32(0)) commitment = keccak256("applicant");
        IApplicationLedger.Submission memory submission = _submission(numberSeed, ofB ? 1 : 0, commitment);
        bytes32 department = ofB ? DEPT_B : DEPT_A;
        uint256 countBefore = ledger.applicationCount();
        address clerk = officer[ofB ? 1 : 0][uint8(OfficerRole.Clerk)];
        VM.prank(clerk);
        try ledger.submit(submission) {
            _afterSubmit(clerk, submission, countBefore, 1);
        } catch (bytes memory reason) {
            // The department's own clerk may be refused a number only if the department used it already.
            if (!numberUsed[department][keccak256(bytes(submission.number))]) {
                _violation(
                    bytes4(reason) == IApplicationLedger.ApplicationAlreadyExists.selector
                        ? "a department's unused number was taken by someone outside it"
                        : "a department's clerk could not submit a new number"
                );
            }
        }
    }

    function honestAdvance(uint8 idSeed) external {
        if (ids.length == 0) return;
        bytes32 id = ids[idSeed % ids.length];
        IApplicationLedger.Application memory app = ledger.getApplication(id);
        uint256 receiver = app.department == DEPT_A ? 0 : 1;
        if (app.status == ApplicationStatus.Submitted) {
            VM.prank(officer[receiver][uint8(OfficerRole.Clerk)]);
            ledger.accept(id);
        } else if (app.status == ApplicationStatus.SupplementRequested) {
            VM.prank(officer[receiver][uint8(OfficerRole.Clerk)]);
            ledger.resubmit(id, keccak256("supplement"));
        } else if (app.status == ApplicationStatus.Accepted || app.status == ApplicationStatus.InReview) {
            ApprovalStep memory step = catalog.getStep(app.service, app.serviceVersion, app.currentStep);
            VM.prank(officer[step.department == DEPT_A ? 0 : 1][uint8(step.role)]);
            ledger.approve(id, app.currentStep, keccak256("opinion"));
        }
    }

    function passTime(uint32 seconds_) external {
        VM.warp(block.timestamp + (seconds_ % 3 days));
    }

    function idCount() external view returns (uint256) {
        return ids.length;
    }

    function applicationCount() external view returns (uint256) {
        return ledger.applicationCount();
    }

    // -- checks -------------------------------------------------------------------------------

    function _afterSubmit(address actor, IApplicationLedger.Submission memory submission, uint256 countBefore, uint256 n)
        private
    {
        if (ledger.applicationCount() != countBefore + n) _violation("submit stored a different number of records");
        bytes32 department;
        try catalog.openingTerms(submission.service) returns (uint32, bytes32 owner, uint8, TimeLimit memory) {
            department = owner;
        } catch {
            _violation("a submission succeeded for a service the catalogue does not know");
            return;
        }
        bytes32 id = ledger.applicationIdFor(department, keccak256(bytes(submission.number)));
        if (!ledger.exists(id)) {
            _violation("submit succeeded but the department's id for the number does not exist");
            return;
        }
        IApplicationLedger.Application memory app = ledger.getApplication(id);
        if (app.department != department) _violation("an application's department is not its service's owner");
        if (!registry.canAct(app.department, actor, OfficerRole.Clerk)) {
            _violation("an application was created by someone who is not a clerk of its department");
        }
        numberUsed[department][keccak256(bytes(submission.number))] = true;
        if (!known[id]) {
            known[id] = true;
            ids.push(id);
        }
        ++successes;
    }

    /// @dev The record the call named must not have changed unless the caller was allowed to change it.
    /// (Only the named record is compared: comparing every record after every call made the campaign
    /// ten times slower; a call that creates a record elsewhere is caught by the count invariant.)
    function _checkChange(bytes32 id, bytes32 before, bool allowed, string memory action) private {
        if (known[id] && before != _fingerprint(id)) {
            if (!allowed) _violation(string.concat(action, ": a record changed by a caller without the role"));
            else ++successes;
        }
    }

    function _violation(string memory what) private {
        if (violations == 0) firstViolation = what;
        ++violations;
    }

    function _fingerprintIfKnown(bytes32 id) private view returns (bytes32) {
        return known[id] ? _fingerprint(id) : bytes32(0);
    }

    function _fingerprint(bytes32 id) private view returns (bytes32) {
        return keccak256(abi.encode(ledger.getApplication(id)));
    }

    function _clerkOfReceiver(bytes32 id, address actor) private view returns (bool, bytes32) {
        if (!known[id]) return (false, bytes32(0));
        bytes32 department = ledger.getApplication(id).department;
        return (registry.canAct(department, actor, OfficerRole.Clerk), department);
    }

    function _stepOfficer(bytes32 id, address actor) private view returns (bool) {
        if (!known[id]) return false;
        IApplicationLedger.Application memory app = ledger.getApplication(id);
        if (app.status != ApplicationStatus.Accepted && app.status != ApplicationStatus.InReview) return false;
        ApprovalStep memory step = catalog.getStep(app.service, app.serviceVersion, app.currentStep);
        return registry.canAct(step.department, actor, step.role);
    }

    function _decider(bytes32 id, address actor) private view returns (bool) {
        if (!known[id]) return false;
        IApplicationLedger.Application memory app = ledger.getApplication(id);
        if (app.status == ApplicationStatus.Submitted || app.status == ApplicationStatus.Approved) {
            return registry.canAct(app.department, actor, OfficerRole.Clerk);
        }
        return _stepOfficer(id, actor);
    }

    // -- argument pools -----------------------------------------------------------------------

    function _actor(uint8 seed) private view returns (address) {
        uint256 i = seed % ACTORS;
        if (i == 0) return admin;
        if (i == 1) return outsider;
        return officer[(i - 2) / 4][(i - 2) % 4 + 1];
    }

    function _service(uint8 seed) private pure returns (bytes32) {
        uint256 i = seed % 4;
        if (i == 0) return SVC_A;
        if (i == 1) return SVC_B;
        if (i == 2) return bytes32(0);
        return "SVC-UNKNOWN";
    }

    function _number(uint256 seed) internal pure returns (string memory) {
        // casting to 'uint8' is safe because seed % NUMBERS is a single digit
        // forge-lint: disable-next-line(unsafe-typecast)
        return string(abi.encodePacked("ZD-2026-", bytes1(uint8(48 + seed % NUMBERS))));
    }

    function _numberHash(uint256 seed) internal pure returns (bytes32) {
        return keccak256(bytes(_number(seed)));
    }

    function _id(uint8 seed) private view returns (bytes32) {
        uint256 pool = ids.length + 3;
        uint256 i = seed % pool;
        if (i < ids.length) return ids[i];
        if (i == ids.length) return bytes32(0);
        if (i == ids.length + 1) return _numberHash(seed);
        return ledger.followOnId(ids.length == 0 ? bytes32(0) : ids[0], SVC_B);
    }

    function _submission(uint256 numberSeed, uint8 serviceSeed, bytes32 commitment)
        private
        pure
        returns (IApplicationLedger.Submission memory)
    {
        return IApplicationLedger.Submission({
            number: _number(numberSeed),
            service: _service(serviceSeed),
            applicantCommitment: commitment,
            materials: new bytes32[](0)
        });
    }

    function _derivedId(IApplicationLedger.Submission memory submission) private view returns (bytes32) {
        (, bytes32 department,,) = catalog.openingTerms(submission.service);
        return ledger.applicationIdFor(department, keccak256(bytes(submission.number)));
    }

    /// @notice Whether the department's clerk could still submit the office number (nobody outside
    /// the department has used it in the department's namespace).
    function numberUsableBy(uint256 departmentIndex, uint256 number) external view returns (bool) {
        bytes32 department = departmentIndex == 0 ? DEPT_A : DEPT_B;
        bytes32 hashed = _numberHash(number);
        return !ledger.exists(ledger.applicationIdFor(department, hashed)) || numberUsed[department][hashed];
    }
}

/// @notice Invariants of the ledger under every actor. `make test` runs them 256 times with 100 calls
/// each; `make fuzz` 50 times more.
contract LedgerInvariantsTest {
    LedgerHandler internal handler;

    function setUp() public {
        handler = new LedgerHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev Nobody creates or changes an application but the officers its service names; every
    /// created application has its service owner's department and a clerk of it as creator.
    function _onlyTheRightOfficersWrite() internal view {
        require(handler.violations() == 0, handler.firstViolation());
    }

    /// @dev No office number of a department is taken in its namespace by anyone outside it.
    function _numbersStayUsableByTheirDepartment() internal view {
        for (uint256 d = 0; d < 2; ++d) {
            for (uint256 n = 0; n < 6; ++n) {
                require(handler.numberUsableBy(d, n), "a department's number was taken by an outsider");
            }
        }
    }

    /// @dev The ledger holds exactly the applications that clerks submitted (no follow-on services here).
    function _noRecordAppearsWithoutASubmission() internal view {
        require(handler.applicationCount() == handler.idCount(), "records appeared without a submission");
    }

    /// @notice One campaign checks every rule after every call (a campaign per rule would triple the
    /// time for the same calls):
    /// onlyTheRightOfficersWrite, numbersStayUsableByTheirDepartment, noRecordAppearsWithoutASubmission.
    function invariant_ledgerRulesHoldForEveryActor() public view {
        _onlyTheRightOfficersWrite();
        _numbersStayUsableByTheirDepartment();
        _noRecordAppearsWithoutASubmission();
    }
}
