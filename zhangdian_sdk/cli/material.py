"""`zhangdian material`, `consent` and `citizen`: submit once, reuse with consent (一次提交, 多次复用)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    chain_options,
    check_applicant,
    console,
    handle_errors,
    json_option,
    parse_duration,
    parse_hex32,
    print_json,
    reader,
    report_write,
    signer_options,
    table,
    writer,
)
from zhangdian_sdk.core._files import write_private
from zhangdian_sdk.core.accounts import create_keystore
from zhangdian_sdk.core.codes import parse_application_id
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.errors import InvalidInputError, KeystoreError
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.core.settings import Settings, load_settings, secret
from zhangdian_sdk.core.storage import DocumentStore, FolderStore, open_store
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.materials import MaterialSpec, Purpose, sign_consent, sign_consent_revocation
from zhangdian_sdk.ops.localchain import data_home


def _store(location: str | None) -> DocumentStore:
    location = location or load_settings().document_store
    return open_store(location) if location else FolderStore(data_home() / "documents")


def _department_key(path: Path) -> DepartmentKey:
    password = secret(load_settings().department_key_password) or click.prompt(
        f"密码 / Password for {path}", hide_input=True
    )
    return DepartmentKey.load(path, password)


def _purpose(application: str | None, service: str | None, department: str) -> Purpose:
    """The consent's purpose; an application number is the receiving ``department``'s (whom the
    consent is for), so its id is that department's."""
    if (application is None) == (service is None):
        raise InvalidInputError("give exactly one of --for-application or --for-service / 请只给出办件或事项之一")
    if application:
        return Purpose.application(parse_application_id(application, department))
    return Purpose.service(service or "")


def _timestamp(text: str | None, default: int) -> int:
    """A date (2027-12-31), a duration from now (365d), or the default."""
    if not text:
        return default
    try:
        return int(datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())
    except ValueError:
        return int(datetime.now(UTC).timestamp()) + parse_duration(text)


def _citizen(keystore: Path) -> Any:
    from eth_account import Account

    password = secret(load_settings().citizen_password) or click.prompt(
        f"公民密码 / Citizen's password for {keystore}", hide_input=True
    )
    try:
        return Account.from_key(Account.decrypt(keystore.read_text(), password))
    except (OSError, ValueError) as err:
        raise KeystoreError(
            f"无法打开公民密钥库 {keystore}：密码不对或不是密钥库 / "
            f"cannot open the citizen keystore {keystore}: wrong password or not a keystore"
        ) from err


STORE = click.option(
    "--store",
    default=None,
    help=f"Document store: a folder, or s3://bucket/prefix (default: ${Settings.env_name('document_store')}, else "
    "<data folder>/documents).",
)
KEY = click.option(
    "--key",
    "key_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help=f"The department's document key (PEM; password in {Settings.env_name('department_key_password')}).",
)
PURPOSE = [
    click.option(
        "--for-application",
        "application",
        default=None,
        help="Purpose: an application (its number in the receiving department, or its 0x id).",
    ),
    click.option("--for-service", "service", default=None, help="Purpose: a service code."),
]


def _purpose_options(function: Any) -> Any:
    for option in PURPOSE:
        function = option(function)
    return function


@click.group()
def material() -> None:
    """Citizens' materials (材料): registered once as hashes, documents encrypted off chain."""


@material.command("department-key")
@click.argument("department_code")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Where to save the key.")
@chain_options
@signer_options
@handle_errors
def department_key(department_code: str, out: Path, **connection: Any) -> None:
    """Create a department's document key, save it encrypted and publish its public half on chain."""
    password = secret(load_settings().department_key_password) or click.prompt(
        "密钥密码 / Key password", hide_input=True, confirmation_prompt=True
    )
    if out.exists():
        raise InvalidInputError(f"{out} 已存在 / {out} exists already")
    key = DepartmentKey.generate()
    key.save(out, password)
    report_write(writer(**connection).materials.set_encryption_key(department_code, key.public_key), "public key")


@material.command("register")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--type", "material_type", required=True, help="Material type code, e.g. ID-CARD.")
@click.option("--issuer", required=True, help="Registering (issuing) department code.")
@click.option("--owner-key", required=True, help="The citizen's consent key address (zhangdian citizen keygen).")
@click.option("--applicant", default=None, help="The citizen's ID: hashed here with a salt, never sent.")
@click.option("--commitment", default=None, help="Or the owner commitment itself (0x + 64 hex).")
@click.option("--valid-from", default=None, help="Date (2026-01-01) or empty for now.")
@click.option("--valid-until", default=None, help="Date (2031-01-01) or duration (5y not supported; 1825d).")
@KEY
@STORE
@chain_options
@signer_options
@handle_errors
def register(
    document: Path,
    material_type: str,
    issuer: str,
    owner_key: str,
    applicant: str | None,
    commitment: str | None,
    valid_from: str | None,
    valid_until: str | None,
    key_path: Path,
    store: str | None,
    **connection: Any,
) -> None:
    """Encrypt DOCUMENT, store it off chain, and record the material on chain."""
    if (applicant is None) == (commitment is None):
        raise InvalidInputError(
            "--applicant 与 --commitment 须且只能给一个 / give exactly one of --applicant or --commitment"
        )
    if applicant:
        applicant = check_applicant(applicant)
    salt = new_salt()
    owner = (
        applicant_commitment(applicant, salt, department=issuer)
        if applicant
        else parse_hex32(commitment or "", "commitment")
    )
    now = int(datetime.now(UTC).timestamp())
    spec = MaterialSpec(
        material_type, issuer, owner, owner_key, _timestamp(valid_from, now), _timestamp(valid_until, 0)
    )
    key = _department_key(key_path)
    client = writer(**connection)
    record = client.materials.register(
        spec, document=document.read_bytes(), store=_store(store), issuer_public_key=key.public_key
    )
    console.print(
        f"材料已登记 / material 0x{record.material_id.hex()} registered ({record.storage_uri})", highlight=False
    )
    if applicant:
        console.print(
            f"持有人盐值（与公民文件一起保存） / owner salt (keep with the citizen's file): {salt.hex()}",
            highlight=False,
        )


@material.command("show")
@click.argument("material_id")
@chain_options
@json_option
@handle_errors
def show(material_id: str, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """A material's on-chain record."""
    record = reader(rpc_url, deployment).materials.get(parse_hex32(material_id, "material id"))
    if as_json:
        print_json(record)
        return
    state = "revoked" if record.revoked else ("superseded" if record.superseded_by else "current")
    click.echo(
        f"{record.material_type} 签发 issued by "
        f"{record.issuer}, {state}, valid {record.valid_from}-{record.valid_until}"
    )
    click.echo(f"内容 content sha256 {record.content_hash.hex()} at {record.storage_uri}, owner key {record.owner_key}")


@material.command("revoke")
@click.argument("material_id")
@click.option("--reason", type=int, required=True, help="Reason code (1-65535).")
@chain_options
@signer_options
@handle_errors
def revoke(material_id: str, reason: int, **connection: Any) -> None:
    """Revoke a material; every later use fails."""
    result = writer(**connection).materials.revoke(parse_hex32(material_id, "material id"), reason_code=reason)
    report_write(result, f"material {material_id} revoked")


@material.command("supersede")
@click.argument("material_id")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--valid-until", default=None, help="Date or duration.")
@KEY
@STORE
@chain_options
@signer_options
@handle_errors
def supersede(
    material_id: str, document: Path, valid_until: str | None, key_path: Path, store: str | None, **connection: Any
) -> None:
    """Register a newer version of MATERIAL_ID from DOCUMENT."""
    client = writer(**connection)
    old = client.materials.get(parse_hex32(material_id, "material id"))
    now = int(datetime.now(UTC).timestamp())
    spec = MaterialSpec(
        old.material_type, old.issuer, old.owner_commitment, old.owner_key, now, _timestamp(valid_until, 0)
    )
    key = _department_key(key_path)
    record = client.materials.supersede(
        old.material_id, spec, document=document.read_bytes(), store=_store(store), issuer_public_key=key.public_key
    )
    console.print(f"材料已更替 / material 0x{record.material_id.hex()} supersedes {material_id}", highlight=False)


@material.command("share-key")
@click.argument("material_id")
@click.option("--from", "holder", required=True, help="A department holding the key.")
@click.option("--to", "to_department", required=True, help="The department to give access to.")
@_purpose_options
@KEY
@STORE
@chain_options
@signer_options
@handle_errors
def share_key(
    material_id: str,
    holder: str,
    to_department: str,
    application: str | None,
    service: str | None,
    key_path: Path,
    store: str | None,
    **connection: Any,
) -> None:
    """Wrap the document key for another department, only if the citizen consented."""
    writer(**connection).materials.share_key(
        parse_hex32(material_id, "material id"),
        store=_store(store),
        holder=holder,
        holder_key=_department_key(key_path),
        to_department=to_department,
        purpose=_purpose(application, service, to_department),
    )
    console.print(f"{to_department} 可以打开材料 / can now open material {material_id}")


@material.command("fetch")
@click.argument("material_id")
@click.option("--department", required=True, help="The department reading it.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_purpose_options
@KEY
@STORE
@chain_options
@signer_options
@handle_errors
def fetch(
    material_id: str,
    department: str,
    out: Path,
    application: str | None,
    service: str | None,
    key_path: Path,
    store: str | None,
    **connection: Any,
) -> None:
    """Record the use on chain, then decrypt the document into OUT (checked against its on-chain hash)."""
    plain = writer(**connection).materials.fetch(
        parse_hex32(material_id, "material id"),
        store=_store(store),
        department=department,
        key=_department_key(key_path),
        purpose=_purpose(application, service, department),
    )
    write_private(out, plain)  # the decrypted document: created 0600, never more open
    console.print(f"已解密到 / decrypted into {out}; the use is logged on chain", highlight=False)


@material.command("log")
@click.argument("material_id")
@chain_options
@json_option
@handle_errors
def log(material_id: str, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Who used the material, when, for what (from the chain's events)."""
    uses = list(reader(rpc_url, deployment).materials.uses(parse_hex32(material_id, "material id")))
    if as_json:
        print_json(uses)
        return
    rows = [
        [
            beijing_moment(u.timestamp.timestamp()) if u.timestamp else "",
            u.department,
            u.kind,
            u.purpose.kind.name.lower() + " 0x" + u.purpose.value.hex()[:16] + "…",
            u.actor,
        ]
        for u in uses
    ]
    table("材料使用记录 Material use log", ["time (北京时间 Beijing)", "department", "use", "purpose", "officer"], rows)


CITIZEN = click.option(
    "--citizen-keystore",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help=f"The citizen's keystore (password: ${Settings.env_name('citizen_password')} or prompt).",
)


@click.group()
def consent() -> None:
    """Citizens' consents (授权), signed with the citizen's own key."""


@consent.command("grant")
@click.argument("material_id")
@click.option("--department", required=True, help="The department allowed to use the material.")
@click.option("--valid-for", default="30d", show_default=True, help="How long the consent lasts.")
@_purpose_options
@CITIZEN
@chain_options
@signer_options
@handle_errors
def consent_grant(
    material_id: str,
    department: str,
    valid_for: str,
    application: str | None,
    service: str | None,
    citizen_keystore: Path,
    **connection: Any,
) -> None:
    """The citizen signs a consent; the department submits it (and pays the gas)."""
    client = writer(**connection)
    grant = client.materials.consent(
        parse_hex32(material_id, "material id"),
        department=department,
        purpose=_purpose(application, service, department),
        valid_for=parse_duration(valid_for),
    )
    signature = sign_consent(_citizen(citizen_keystore), grant, client.materials.domain())
    report_write(client.materials.grant_consent(grant, signature), f"consent for {department}")


@consent.command("revoke")
@click.argument("material_id")
@click.option("--department", required=True)
@_purpose_options
@CITIZEN
@chain_options
@signer_options
@handle_errors
def consent_revoke(
    material_id: str,
    department: str,
    application: str | None,
    service: str | None,
    citizen_keystore: Path,
    **connection: Any,
) -> None:
    """The citizen withdraws a consent."""
    client = writer(**connection)
    revocation = client.materials.revocation(
        parse_hex32(material_id, "material id"),
        department=department,
        purpose=_purpose(application, service, department),
    )
    signature = sign_consent_revocation(_citizen(citizen_keystore), revocation, client.materials.domain())
    report_write(client.materials.revoke_consent(revocation, signature), f"consent of {department} withdrawn")


@consent.command("list")
@click.argument("material_id")
@chain_options
@json_option
@handle_errors
def consent_list(material_id: str, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Consents granted and withdrawn for a material, with whether each is in force now."""
    client = reader(rpc_url, deployment)
    entries = client.materials.consents(parse_hex32(material_id, "material id"))
    if as_json:
        print_json(entries)
        return
    rows = [
        [
            e["event"],
            e["department"],
            e["purposeKind"] + " " + e["purpose"][:18] + "…",
            str(e.get("validUntil", "")),
            str(e["inForce"]),
        ]
        for e in entries
    ]
    table("授权 Consents", ["event", "department", "purpose", "valid until", "in force"], rows)


@click.group()
def citizen() -> None:
    """The citizen's own consent key."""


@citizen.command("keygen")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def keygen(path: Path) -> None:
    """Create the citizen's consent key in an encrypted keystore (it never needs ETH)."""
    settings = load_settings()
    password = (
        secret(settings.citizen_password)
        or secret(settings.keystore_password)
        or click.prompt("公民密码 / Citizen's password", hide_input=True, confirmation_prompt=True)
    )
    address = create_keystore(path, password)
    console.print(f"公民授权密钥 / citizen consent key {address} in {path}", highlight=False)
