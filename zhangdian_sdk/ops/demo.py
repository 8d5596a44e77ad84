"""The demo: a catalogue of real-looking Zhangdian services and a few applications run through it.

``zhangdian demo`` (``make demo``) starts the local chain, deploys the suite if needed, loads the
catalogue and officers, writes the officers' keystores (``.zhangdian/keystores/admin.json``,
``clerk.json``, ``approver-<DEPARTMENT>.json``, password :data:`DEMO_KEYSTORE_PASSWORD`; local chain
only) and runs applications through their workflows. Running it again adds nothing twice: every
step is idempotent, and the keystores are kept.

Usage: ``load_catalogue(admin_client, officers)``.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.identifiers import certificate_identifier
from zhangdian_sdk.core.licence import LicenceMetadata, validate_licence
from zhangdian_sdk.core.models import (
    Application,
    ApplicationStatus,
    ApprovalStep,
    Automation,
    CaseType,
    DeadlinePolicy,
    Department,
    ItemType,
    NationalProfile,
    OfficerRole,
    ServiceDefinition,
    TimeLimit,
    TimeUnit,
)
from zhangdian_sdk.core.privacy import applicant_commitment
from zhangdian_sdk.core.reasons import ReasonKind
from zhangdian_sdk.core.storage import DocumentStore, FolderStore
from zhangdian_sdk.ops.demo_appeals import run_appeals
from zhangdian_sdk.ops.demo_corrections import run_corrections
from zhangdian_sdk.ops.demo_parts import register_consented_materials
from zhangdian_sdk.ops.demo_replacement import replace_demo_licence, replacement_summary
from zhangdian_sdk.ops.deploy import current_deployment, deploy_suite
from zhangdian_sdk.ops.localchain import LocalChain, data_home, keystores_dir

__all__ = [
    "DEMO_APPROVER_DEPARTMENTS",
    "DEMO_DEPARTMENTS",
    "DEMO_ISSUER_USCC",
    "DEMO_KEYSTORE_PASSWORD",
    "DEMO_LICENCE_TYPES",
    "DEMO_SERVICES",
    "DemoDocuments",
    "DemoOfficers",
    "LicenceType",
    "demo_documents",
    "demo_keystore_accounts",
    "demo_licence",
    "load_catalogue",
    "run_applications",
    "write_demo_keystores",
]

DAY = 86_400
REGION = 370303  # 淄博市张店区

# 统一社会信用代码 of the departments: ILLUSTRATIVE, not the bodies' real codes. Each is built as a real one
# is (GB 32100-2015): 1 机构编制 (registrar), 1 机关 (category), 370303 张店区, a 9-character organisation
# code (itself with its GB 11714 check digit), and the GB 32100 check character computed by
# zhangdian_sdk.core.identifiers.uscc_check_character; tests/sdk/test_identifiers.py checks them.
DEMO_DEPARTMENTS = (
    Department(
        "ZD-XPSJ", REGION, "113703030042351144",
        "张店区行政审批服务局", "Zhangdian Administrative Approval Service Bureau",
    ),
    Department(
        "ZD-SCJGJ", REGION, "11370303004235288D",
        "张店区市场监督管理局", "Zhangdian Market Supervision Administration",
    ),
    Department(
        "ZD-SWJ", REGION, "113703030042353681",
        "国家税务总局淄博市张店区税务局", "Zhangdian Taxation Bureau",
    ),
    Department(
        "ZD-RSJ", REGION, "11370303004235448L",
        "张店区人力资源和社会保障局", "Zhangdian Human Resources and Social Security Bureau",
    ),
    Department(
        "ZD-GAFJ", REGION, "113703030042355288",
        "淄博市公安局张店分局", "Zhangdian Public Security Sub-bureau",
    ),
    Department(
        "ZD-ZJJ", REGION, "11370303004235608U",
        "张店区住房和城乡建设局", "Zhangdian Housing and Urban-Rural Development Bureau",
    ),
    Department(
        "ZD-WJJ", REGION, "11370303004235798T",
        "张店区卫生健康局", "Zhangdian Health Commission",
    ),
)  # fmt: skip

# Time limits in working days (工作日, 行政许可法 Art. 82); the steps count in the promised limit's unit.
WD = TimeUnit.WORKING_DAYS


def _wd(amount: int) -> TimeLimit:
    return TimeLimit(amount, WD)


DEMO_SERVICES: dict[str, ServiceDefinition] = {
    # The three follow-on services of opening a business (一件事一次办) reuse the opening's materials.
    # Positional: owner, names, steps, promised (承诺), legal (法定), materials, follow-ons.
    "ZD-SWDJ": ServiceDefinition(
        "ZD-SWJ", "税务登记", "Tax registration", (ApprovalStep("ZD-SWJ", OfficerRole.APPROVER, 1),), _wd(2), _wd(5),
        ("ID-CARD",),
    ),
    "ZD-SBDJ": ServiceDefinition(
        "ZD-RSJ", "社会保险登记", "Social insurance registration",
        (ApprovalStep("ZD-RSJ", OfficerRole.APPROVER, 1),), _wd(2), _wd(5), ("ID-CARD",),
    ),
    "ZD-YZBA": ServiceDefinition(
        "ZD-GAFJ", "印章刻制备案", "Seal engraving record",
        (ApprovalStep("ZD-GAFJ", OfficerRole.APPROVER, 1),), _wd(1), _wd(3), ("ID-CARD", "PREMISES-PROOF"),
    ),
    "ZD-GTGSH-SL": ServiceDefinition(
        "ZD-XPSJ", "个体工商户设立登记", "Sole proprietorship registration",
        (ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 1),), _wd(3), _wd(3), ("ID-CARD", "PREMISES-PROOF"),
        ("ZD-SWDJ", "ZD-SBDJ", "ZD-YZBA"),
    ),
    "ZD-SPJY-XK": ServiceDefinition(
        "ZD-XPSJ", "食品经营许可", "Food business licence",
        (
            ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 2),  # 材料审查 document review
            ApprovalStep("ZD-SCJGJ", OfficerRole.APPROVER, 5),  # 现场核查 site inspection
            ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 2),  # 审批决定 decision
        ),
        _wd(10), _wd(10), ("ID-CARD", "BUSINESS-LICENCE", "PREMISES-PROOF", "HEALTH-CERTIFICATE"),
    ),
    "ZD-JZGC-SGXK": ServiceDefinition(
        "ZD-XPSJ", "建筑工程施工许可", "Construction permit",
        (
            ApprovalStep("ZD-ZJJ", OfficerRole.APPROVER, 3),
            ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 2),
        ),
        _wd(5), _wd(7), ("LAND-USE-PERMIT", "PLANNING-PERMIT", "CONSTRUCTION-CONTRACT"),
    ),
    "ZD-YLJG-ZY": ServiceDefinition(
        "ZD-XPSJ", "医疗机构执业登记", "Medical institution practice registration",
        (
            ApprovalStep("ZD-WJJ", OfficerRole.APPROVER, 10),
            ApprovalStep("ZD-XPSJ", OfficerRole.APPROVER, 3),
        ),
        # The law counts 45 natural days (医疗机构管理条例实施细则); the office promises 20 working days.
        _wd(20), TimeLimit(45, TimeUnit.NATURAL_DAYS), ("BUSINESS-LICENCE", "PREMISES-PROOF"),
    ),
}  # fmt: skip


def _national(owner: str, basic: str, item_type: ItemType, case_type: CaseType) -> NationalProfile:
    """ILLUSTRATIVE national codes of a demo service: the real ones are assigned by the provincial catalogue
    and the platform only stores them. The 基本编码 here are made-up 12-character codes; the 实施编码 is
    written as the implementing body's 统一社会信用代码 (18) + 基本编码 (12) + a 2-digit serial (32 <= 36),
    and the 业务办理项编码 as the 实施编码 + a 2-digit serial (34 <= 50). That composition follows the
    published descriptions of GB/T 39554.1-2020 as far as the project could find them (the standard's own
    text was not available to check it): only the lengths (12, <= 36, <= 50) are confirmed."""
    uscc = next(d.credit_code for d in DEMO_DEPARTMENTS if d.code == owner)
    implementation = f"{uscc}{basic}01"
    return NationalProfile(basic, implementation, f"{implementation}01", item_type, case_type)


_DEMO_NATIONAL = {
    "ZD-SWDJ": ("ZD-SWJ", "000215001000", ItemType.PUBLIC_SERVICE, CaseType.IMMEDIATE),
    "ZD-SBDJ": ("ZD-RSJ", "000118002000", ItemType.PUBLIC_SERVICE, CaseType.IMMEDIATE),
    "ZD-YZBA": ("ZD-GAFJ", "000107006000", ItemType.PUBLIC_SERVICE, CaseType.PROMISED),
    "ZD-GTGSH-SL": ("ZD-XPSJ", "000120001000", ItemType.ADMINISTRATIVE_LICENSING, CaseType.PROMISED),
    "ZD-SPJY-XK": ("ZD-XPSJ", "000120011000", ItemType.ADMINISTRATIVE_LICENSING, CaseType.PROMISED),
    "ZD-JZGC-SGXK": ("ZD-XPSJ", "000113004000", ItemType.ADMINISTRATIVE_LICENSING, CaseType.PROMISED),
    "ZD-YLJG-ZY": ("ZD-XPSJ", "000117013000", ItemType.ADMINISTRATIVE_LICENSING, CaseType.PROMISED),
}
DEMO_SERVICES = {
    code: dataclasses.replace(definition, national=_national(*_DEMO_NATIONAL[code]))
    for code, definition in DEMO_SERVICES.items()
}


DEMO_AUTOMATION: dict[str, Automation] = {
    "ZD-GTGSH-SL": Automation(certificate_type="BIZ-LICENCE", certificate_issuer="ZD-XPSJ"),
    "ZD-SPJY-XK": Automation(
        deadline_policy=DeadlinePolicy.ESCALATE, supervisor="ZD-SCJGJ",
        certificate_type="FOOD-LICENCE", certificate_issuer="ZD-XPSJ",
    ),
    "ZD-SWDJ": Automation(certificate_type="TAX-REG", certificate_issuer="ZD-SWJ"),
    "ZD-YZBA": Automation(deadline_policy=DeadlinePolicy.DEEMED_APPROVAL),  # 告知承诺制
}  # fmt: skip


# The 颁发机构代码 of the demo licences: each issuing department's 统一社会信用代码, as registered on chain.
DEMO_ISSUER_USCC = {department.code: department.credit_code for department in DEMO_DEPARTMENTS}


@dataclass(frozen=True)
class LicenceType:
    """A demo certificate type in national terms: its name, its 证照类型代码 and its 关联事项代码
    (illustrative: the national 证照目录 and 事项清单 assign the real codes)."""

    name_zh: str
    type_code: str
    matter_code: str
    years: int  # validity in years; 0 = 长期


DEMO_LICENCE_TYPES = {
    "BIZ-LICENCE": LicenceType("营业执照 (个体工商户)", "31370000002", "370303-000-XK-0101", 0),
    "FOOD-LICENCE": LicenceType("食品经营许可证", "31370000001", "370303-000-XK-0102", 5),
    "TAX-REG": LicenceType("税务登记证明", "31370000003", "370303-000-QT-0201", 0),
}


def demo_licence(
    certificate_type: str,
    *,
    issuer: str,
    issuer_uscc: str,
    serial: str,
    number: str,
    holder_name: str,
    holder_code: str,
    issued_on: str,
    version: int = 1,
    replaces: str = "",
) -> LicenceMetadata:
    """The GB/T 36903 metadata of a demo licence, validated; ``issuer_uscc`` is the issuing department's
    USCC (a parameter: it is configuration, not read from the chain). A holder code of 18 characters with
    a letter among the first 17 is a USCC (code type 001), else a 公民身份号码 (111)."""
    kind = DEMO_LICENCE_TYPES[certificate_type]
    department = next(d for d in DEMO_DEPARTMENTS if d.code == issuer)
    issued = date.fromisoformat(issued_on)
    until = issued.replace(year=issued.year + kind.years) - timedelta(days=1) if kind.years else None
    organisation = not holder_code[:17].isdigit()
    return validate_licence(
        LicenceMetadata(
            name=kind.name_zh,
            type_code=kind.type_code,
            number=number,
            identifier=certificate_identifier(kind.type_code, issuer_uscc, serial, version),
            issuer_name=department.name_zh,
            issuer_code=issuer_uscc,
            issue_date=issued_on,
            valid_from=issued_on,
            valid_until=until.isoformat() if until else "",
            holder_name=holder_name,
            holder_code=holder_code,
            holder_code_type="001" if organisation else "111",
            matter_code=kind.matter_code,
            replaces=replaces,
        )
    )


@dataclass(frozen=True)
class DemoOfficers:
    """Who plays which part in the demo: a window clerk and one approver per department."""

    admin: Signer
    clerk: Signer
    approvers: dict[str, Signer]


def load_catalogue(admin: ZhangdianClient, officers: DemoOfficers, log: Callable[[str], None] = print) -> None:
    """Register the departments, grant the officers their roles and publish the services."""
    for department in DEMO_DEPARTMENTS:
        result = admin.departments.register(
            department.code, department.region_code, department.credit_code, department.name_zh, department.name_en
        )
        log(f"department {department.code} {department.name_zh}: {_said(result.already_recorded)}")
    admin.departments.grant("ZD-XPSJ", officers.clerk.address, OfficerRole.CLERK)
    for code in ("ZD-SWJ", "ZD-RSJ", "ZD-GAFJ"):
        admin.departments.grant(code, officers.clerk.address, OfficerRole.CLERK)
    for code, signer in officers.approvers.items():
        admin.departments.grant(code, signer.address, OfficerRole.APPROVER)
    for code, definition in DEMO_SERVICES.items():
        result = admin.catalog.publish(code, definition)
        log(f"service {code} {definition.name_zh}: {_said(result.already_recorded)}")
    load_automation(admin, log)


def load_automation(admin: ZhangdianClient, log: Callable[[str], None] = print) -> None:
    """What the demo services do by themselves: certificates on completion, a prerequisite, deemed approval."""
    wanted = dict(DEMO_AUTOMATION)
    if not admin.catalog.automation("ZD-SBDJ").rules:  # rules are contracts: deploy them once
        wanted["ZD-SBDJ"] = Automation(rules=(admin.rules.deploy_prerequisite("ZD-SWDJ"),))
    for code, automation in wanted.items():
        result = admin.catalog.set_automation(code, automation)
        log(f"service {code} automation: {_said(result.already_recorded)}")


@dataclass(frozen=True)
class _Story:
    number: str
    service: str
    applicant: str  # a made-up identity; only its salted commitment goes on chain
    salt: bytes
    script: tuple[tuple[str, str | int], ...]  # (action, argument) pairs


_STORIES = (
    _Story("ZD-2026-110001", "ZD-GTGSH-SL", "370303199003150013", bytes.fromhex("6a" * 16),
           (("accept", 0), ("approve", 0), ("rate", 1))),
    _Story("ZD-2026-110002", "ZD-SPJY-XK", "370303198811020028", bytes.fromhex("5b" * 16),
           (("accept", 0), ("approve", 0), ("supplement", 12), ("resubmit", 0), ("special", 2), ("special-end", 1),
            ("approve", 1), ("approve", 2))),
    _Story("ZD-2026-110003", "ZD-SPJY-XK", "370303199507070033", bytes.fromhex("4c" * 16),
           (("accept", 0), ("approve", 0))),
    _Story("ZD-2026-110004", "ZD-JZGC-SGXK", "91370303MA3C000017", bytes.fromhex("3d" * 16),
           (("accept", 0), ("reject", 31), ("rate", 4))),
    _Story("ZD-2026-110005", "ZD-YLJG-ZY", "91370303MA3C00002A", bytes.fromhex("2e" * 16),
           (("withdraw", 2),)),
    _Story("ZD-2026-110006", "ZD-GTGSH-SL", "370303200101010044", bytes.fromhex("1f" * 16), ()),
)  # fmt: skip


# The reason catalogue's kind of each story action's code (zhangdian_sdk/_data/reasons.json); a special
# procedure's argument is its kind, and it starts with SPECIAL_PROCEDURE_REASON.
_ACTION_REASONS = {
    "supplement": ReasonKind.SUPPLEMENT,
    "reject": ReasonKind.REJECTION,
    "withdraw": ReasonKind.WITHDRAWAL,
    "special-end": ReasonKind.SPECIAL_PROCEDURE_RESULT,
}
SPECIAL_PROCEDURE_REASON = 1  # 需要专家评审或者技术审查 (行政许可法 第四十五条)


def story_reasons() -> set[tuple[ReasonKind, int]]:
    """Every (kind, code) of reason the demo stories record on chain: each must be in the catalogue."""
    found: set[tuple[ReasonKind, int]] = set()
    for story in _STORIES:
        for action, argument in story.script:
            if action in _ACTION_REASONS:
                found.add((_ACTION_REASONS[action], int(argument)))
            elif action == "special":
                found.add((ReasonKind.SPECIAL_PROCEDURE, SPECIAL_PROCEDURE_REASON))
    return found


def run_applications(
    clients: Callable[[Signer], ZhangdianClient],
    officers: DemoOfficers,
    documents: DemoDocuments,
    log: Callable[[str], None] = print,
) -> list[tuple[Application, bytes]]:
    """Submit the demo applications and move each as far as its story goes; returns them with their salts.

    Each applicant's materials are registered once (encrypted off chain, hashes on chain) and consented
    to by the applicant's own key before the application that needs them is submitted.
    """
    clerk = clients(officers.clerk)
    results = []
    for story in _STORIES:
        if not clerk.ledger.exists(story.number):  # a second demo run leaves the stories where they are
            owner = DEMO_SERVICES[story.service].owner_department
            commitment = applicant_commitment(story.applicant, story.salt, department=owner)
            materials = register_consented_materials(
                clerk,
                documents,
                number=story.number,
                identity=story.applicant,
                salt=story.salt,
                service=story.service,
                follow_ons=True,
            )
            clerk.ledger.submit(
                story.number, service=story.service, applicant_commitment=commitment, materials=materials
            )
            log(f"application {story.number}: {len(materials)} materials attached with the applicant's consent")
            for action, argument in story.script:
                _act(clients, officers, story, action, argument)
        application = clerk.ledger.get(story.number)
        log(f"application {story.number} ({story.service}): {application.status.label}")
        licence = _story_licence(story, application)
        if licence is not None:
            log(f"  {licence.name} 证照标识 {licence.identifier}")
            replace_demo_licence(clients, officers, story, licence, log)  # 换发: ZD-2026-110001's licence (issue 18)
        for child in clerk.ledger.links(story.number).children:
            linked = clerk.ledger.get(child)
            log(f"  follow-on 0x{child.hex()[:12]}… ({linked.service}, {linked.department}): {linked.status.label}")
        results.append((application, story.salt))
    run_appeals(clients, officers, documents, log)  # 行政复议: a rejection revoked on appeal, then completed
    return results


@dataclass(frozen=True)
class DemoDocuments:
    """Where the demo keeps encrypted documents and the receiving department's reading key."""

    store: DocumentStore
    department: str
    key: DepartmentKey


def _act(
    clients: Callable[[Signer], ZhangdianClient],
    officers: DemoOfficers,
    story: _Story,
    action: str,
    argument: str | int,
) -> None:
    clerk = clients(officers.clerk).ledger
    if action == "accept":
        clerk.accept(story.number)
    elif action == "approve":
        step = int(argument)
        department = DEMO_SERVICES[story.service].steps[step].department
        clients(officers.approvers[department]).ledger.approve(story.number, step=step)
    elif action in {"supplement", "reject", "special", "special-end"}:
        current = clerk.get(story.number)
        department = DEMO_SERVICES[story.service].steps[current.current_step].department
        approver = clients(officers.approvers[department]).ledger
        if action == "supplement":
            approver.request_supplement(story.number, reason_code=int(argument))
        elif action == "reject":
            approver.reject(story.number, reason_code=int(argument))
        elif action == "special":  # 特别程序 (kind: zhangdian_sdk.core.gbt39046.ProcedureKind)
            approver.start_special_procedure(story.number, kind=int(argument), reason_code=SPECIAL_PROCEDURE_REASON)
        else:
            approver.end_special_procedure(story.number, result_code=int(argument))
    elif action == "resubmit":
        clerk.resubmit(story.number)
    elif action == "withdraw":
        clerk.withdraw(story.number, reason_code=int(argument))
    elif action == "rate":
        # 好差评 at the window's terminal: the applicant's receipt code signs, the office relays.
        clients(officers.clerk).ratings.rate(story.number, int(argument), identity=story.applicant, salt=story.salt)


def _story_licence(story: _Story, application: Application) -> LicenceMetadata | None:
    """The national metadata of the licence a completed story earned (None if it earns none)."""
    automation = DEMO_AUTOMATION.get(story.service)
    if automation is None or application.status is not ApplicationStatus.COMPLETED:
        return None
    if automation.certificate_type is None or automation.certificate_issuer is None:
        return None
    serial = story.number.replace("ZD-", "").replace("-", "")  # ZD-2026-110002 -> 2026110002
    return demo_licence(
        automation.certificate_type,
        issuer=automation.certificate_issuer,
        issuer_uscc=DEMO_ISSUER_USCC[automation.certificate_issuer],
        serial=serial,
        number=f"ZD{serial}",
        holder_name=f"申请人 {story.number[-6:]}",
        holder_code=story.applicant,
        issued_on="2026-03-02",
    )


def _said(already: bool) -> str:
    return "already on chain / 链上已有" if already else "recorded / 已上链"


# The password of the demo officers' keystores: published (printed by the demo, in the README), so it
# protects nothing; the keystores hold keys of the local development chain only.
DEMO_KEYSTORE_PASSWORD = "zhangdian-demo"  # noqa: S105 - published on purpose, local chain only
# The departments whose approver is a dev account of its own: dev account 2 + position.
DEMO_APPROVER_DEPARTMENTS = ("ZD-XPSJ", "ZD-SCJGJ", "ZD-SWJ", "ZD-RSJ", "ZD-GAFJ", "ZD-ZJJ", "ZD-WJJ")


def demo_keystore_accounts() -> dict[str, int]:
    """The keystore name of each demo officer and its dev account: ``admin`` 0, ``clerk`` 1,
    ``approver-<DEPARTMENT>`` 2 onwards."""
    approvers = {f"approver-{code}": 2 + i for i, code in enumerate(DEMO_APPROVER_DEPARTMENTS)}
    return {"admin": 0, "clerk": 1, **approvers}


def write_demo_keystores(
    chain: LocalChain, folder: Path | None = None, log: Callable[[str], None] = print
) -> dict[str, Path]:
    """Write each demo officer's keystore (``<name>.json``, password :data:`DEMO_KEYSTORE_PASSWORD`) to
    ``folder`` (default ``keystores`` in the data folder); files that hold the right account are kept."""
    folder = folder or keystores_dir()
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.json" for name in demo_keystore_accounts()}
    written = [
        name
        for name, index in demo_keystore_accounts().items()
        if chain.write_keystore(index, paths[name], DEMO_KEYSTORE_PASSWORD)
    ]
    log(
        f"演示账户密钥库 / the demo officers' keystores in {folder} (密码 / password {DEMO_KEYSTORE_PASSWORD}): "
        f"{len(written)} written, {len(paths) - len(written)} kept"
    )
    return paths


def run_demo(*, port: int = 8545, log: Callable[[str], None] = print) -> list[tuple[Application, bytes]]:
    """Start the local chain, deploy if needed, load the catalogue, run the applications."""
    chain = LocalChain(port=port)
    started = chain.up()
    log(f"local chain {'started' if started else 'already running'} at {chain.rpc_url} (state: {chain.state_file})")
    w3 = connect_web3(chain.rpc_url)
    admin_signer = chain.dev_signer(0)
    deployment = current_deployment(w3)
    if deployment is None:
        deployment = deploy_suite(w3, admin_signer, log=log)
    else:
        log(f"suite already deployed on chain {deployment.chain_id}: {deployment.address_of('ApplicationLedger')}")
    accounts = demo_keystore_accounts()
    officers = DemoOfficers(
        admin=chain.dev_signer(accounts["admin"]),
        clerk=chain.dev_signer(accounts["clerk"]),
        approvers={code: chain.dev_signer(accounts[f"approver-{code}"]) for code in DEMO_APPROVER_DEPARTMENTS},
    )

    def clients(signer: Signer) -> ZhangdianClient:
        return ZhangdianClient(w3, deployment, signer=signer)

    load_catalogue(clients(admin_signer), officers, log)
    write_demo_keystores(chain, log=log)
    documents = demo_documents(clients(admin_signer), data_home())
    run_corrections(clients, officers, documents, log)  # 更正: a rejection's reason code corrected (issue 18)
    return run_applications(clients, officers, documents, log)


def demo_documents(admin: ZhangdianClient, home: Path) -> DemoDocuments:
    """The demo's document store and the receiving department's key (created once, published on chain)."""
    department = "ZD-XPSJ"
    key_file = home / "keys" / f"{department}.pem"
    password_file = home / "keys" / "password"
    if key_file.exists():
        key = DepartmentKey.load(key_file, password_file.read_text())
    else:
        password = secrets.token_urlsafe(24)
        write_private(password_file, password)
        key = DepartmentKey.generate()
        key.save(key_file, password)
    if admin.materials.encryption_key(department) != key.public_key:
        admin.materials.set_encryption_key(department, key.public_key)
    return DemoDocuments(store=FolderStore(home / "documents"), department=department, key=key)


def print_demo(*, port: int = 8545) -> None:
    """Run the demo and print what happened and how to look it up."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    applications = run_demo(port=port, log=lambda message: console.print(f"[dim]·[/dim] {message}"))
    table = Table(title="演示办件 Demo applications")
    for column in ("办件编号 Number", "事项 Service", "状态 Status", "环节 Step", "回执码 Receipt (salt)"):
        table.add_column(column, overflow="fold")
    for application, salt in applications:
        number = next(s.number for s in _STORIES if s.service == application.service and s.salt == salt)
        step = f"{min(application.current_step + 1, application.step_count)}/{application.step_count}"
        table.add_row(number, application.service, application.status.label, step, salt.hex())
    console.print(table)
    console.print(replacement_summary() or "", highlight=False)  # 换发: the replaced licence's ids (issue 18)
    console.print(
        f"演示账户的密钥库 / the demo officers' keystores (本地链专用 / local chain only): {keystores_dir()}/"
        "admin.json, clerk.json, approver-<部门 DEPARTMENT>.json; "
        f"密码 / password: {DEMO_KEYSTORE_PASSWORD}\n"
        f"  export ZHANGDIAN_KEYSTORE_PASSWORD={DEMO_KEYSTORE_PASSWORD}\n"
        "  .venv/bin/zhangdian chain accounts    # 各账户的角色 / who holds which role",
        highlight=False,
    )
    story = next(s for s in _STORIES if s.number == "ZD-2026-110002")
    console.print(
        f"在门户中用身份证号 {story.applicant} (演示用, 虚构) 和回执码 {story.salt.hex()} 查询 {story.number} / "
        f"In the portal, look up {story.number} with ID number {story.applicant} (made up for the demo) and "
        f"receipt code {story.salt.hex()}.",
        highlight=False,
    )
    console.print(
        "Look an application up / 查询办件:\n"
        "  .venv/bin/zhangdian application status ZD-2026-110002\n"
        "  .venv/bin/zhangdian application history ZD-2026-110002\n"
        "The chain keeps running with its state in .zhangdian/chain/state.json; "
        "stop it with `.venv/bin/zhangdian chain down`."
    )


if __name__ == "__main__":
    print_demo()
