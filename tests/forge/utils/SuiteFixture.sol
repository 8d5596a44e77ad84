// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ApplicationLedger} from "../../../contracts/ApplicationLedger.sol";
import {CertificateRegistry} from "../../../contracts/CertificateRegistry.sol";
import {DepartmentRegistry} from "../../../contracts/DepartmentRegistry.sol";
import {MaterialRegistry} from "../../../contracts/MaterialRegistry.sol";
import {RegionFederation} from "../../../contracts/RegionFederation.sol";
import {ServiceCatalog} from "../../../contracts/ServiceCatalog.sol";
import {SuiteProxy} from "../../../contracts/SuiteProxy.sol";
import {WorkingCalendar} from "../../../contracts/WorkingCalendar.sol";
import {ApprovalStep, OfficerRole, TimeLimit, TimeUnit} from "../../../contracts/common/Types.sol";
import {IServiceCatalog} from "../../../contracts/interfaces/IServiceCatalog.sol";
import {VM} from "./Vm.sol";

/// @notice The suite as `zhangdian deploy` wires it (every contract behind its proxy), with two
/// departments, each with one officer per role, two services and the people who try to abuse them.
/// Actors are addresses derived from fixed private keys, so the tests can sign for them.
contract SuiteFixture {
    bytes32 internal constant DEPT_A = "ZD-A";
    bytes32 internal constant DEPT_B = "ZD-B";
    /// @dev A service of A whose second step is B's; a service of B with one step.
    bytes32 internal constant SVC_A = "SVC-A";
    bytes32 internal constant SVC_B = "SVC-B";
    uint32 internal constant HOME_REGION = 370303;

    DepartmentRegistry internal registry;
    ServiceCatalog internal catalog;
    MaterialRegistry internal materials;
    CertificateRegistry internal certificates;
    ApplicationLedger internal ledger;
    WorkingCalendar internal workingCalendar;
    RegionFederation internal federation;

    /// @dev The platform's admin: governance (the timelock) in production.
    address internal admin;
    address internal outsider;
    /// @dev officer[d][r]: department d (0 = A, 1 = B) and role r (OfficerRole 1..4).
    address[5][2] internal officer;

    function _key(string memory name) internal pure returns (uint256) {
        return uint256(keccak256(bytes(name))) % 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141 + 1;
    }

    function _deploySuite() internal {
        admin = address(this);
        outsider = VM.addr(_key("outsider"));
        registry = DepartmentRegistry(_proxy(address(new DepartmentRegistry())));
        catalog = ServiceCatalog(_proxy(address(new ServiceCatalog(registry))));
        materials = MaterialRegistry(_proxy(address(new MaterialRegistry(registry))));
        certificates = CertificateRegistry(_proxy(address(new CertificateRegistry(registry))));
        workingCalendar = WorkingCalendar(_proxy(address(new WorkingCalendar())));
        ledger = ApplicationLedger(
            _proxy(address(new ApplicationLedger(registry, catalog, materials, certificates, workingCalendar)))
        );
        federation = RegionFederation(_proxy(address(new RegionFederation(HOME_REGION))));
        materials.grantRole(materials.LEDGER_ROLE(), address(ledger));
        certificates.grantRole(certificates.LEDGER_ROLE(), address(ledger));

        registry.registerDepartment(DEPT_A, HOME_REGION, bytes18("113703030042351144"), unicode"甲局", "Bureau A");
        registry.registerDepartment(DEPT_B, HOME_REGION, bytes18("11370303004235288D"), unicode"乙局", "Bureau B");
        bytes32[2] memory departments = [DEPT_A, DEPT_B];
        for (uint256 d = 0; d < 2; ++d) {
            for (uint256 r = 1; r <= 4; ++r) {
                address account = VM.addr(_key(string(abi.encodePacked("officer", d, r))));
                officer[d][r] = account;
                registry.grantOfficerRole(departments[d], account, uint8(r));
            }
        }
        ApprovalStep[] memory stepsA = new ApprovalStep[](2);
        stepsA[0] = ApprovalStep({department: DEPT_A, role: OfficerRole.Approver, timeLimit: 24});
        stepsA[1] = ApprovalStep({department: DEPT_B, role: OfficerRole.Approver, timeLimit: 24});
        catalog.publishService(SVC_A, _definition(DEPT_A, stepsA));
        ApprovalStep[] memory stepsB = new ApprovalStep[](1);
        stepsB[0] = ApprovalStep({department: DEPT_B, role: OfficerRole.Approver, timeLimit: 24});
        catalog.publishService(SVC_B, _definition(DEPT_B, stepsB));
    }

    function _definition(bytes32 owner, ApprovalStep[] memory steps)
        private
        pure
        returns (IServiceCatalog.ServiceDefinition memory)
    {
        return IServiceCatalog.ServiceDefinition({
            ownerDepartment: owner,
            // In hours, so that the periods run exactly 10 days and 1 day whatever the calendar says.
            legalTimeLimit: TimeLimit({amount: 240, unit: TimeUnit.Hours}),
            promisedTimeLimit: TimeLimit({amount: 240, unit: TimeUnit.Hours}),
            nameZh: unicode"测试事项",
            nameEn: "Test service",
            steps: steps,
            requiredMaterialTypes: new bytes32[](0),
            followOnServices: new bytes32[](0),
            national: IServiceCatalog.NationalProfile({
                basicCode: "",
                implementationCode: "",
                handlingItemCode: "",
                itemType: 0,
                caseType: IServiceCatalog.CaseType.None
            })
        });
    }

    function _proxy(address implementation) private returns (address) {
        return address(new SuiteProxy(implementation, abi.encodeWithSignature("initialize(address)", admin)));
    }
}
