"""`zhangdian department`, `officer` and `service`: the organisation and its catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from zhangdian_sdk.cli._context import (
    chain_options,
    from_jsonable,
    handle_errors,
    json_option,
    print_json,
    reader,
    report_write,
    signer_options,
    table,
    writer,
)
from zhangdian_sdk.cli.templates import service_template
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import OfficerRole, Service, ServiceDefinition, TimeLimit
from zhangdian_sdk.core.schemas import read_document


@click.group()
def department() -> None:
    """Departments (部门) and their state."""


@department.command("add")
@click.argument("code")
@click.option("--region", type=int, default=370303, show_default=True, help="行政区划代码, six digits, county level.")
@click.option("--credit-code", required=True, help="统一社会信用代码 (GB 32100-2015), 18 characters.")
@click.option("--name-zh", required=True, help="Chinese name.")
@click.option("--name-en", required=True, help="English name.")
@chain_options
@signer_options
@handle_errors
def department_add(code: str, region: int, credit_code: str, name_zh: str, name_en: str, **connection: Any) -> None:
    """Register a department (needs the registrar role)."""
    result = writer(**connection).departments.register(code, region, credit_code, name_zh, name_en)
    report_write(result, f"department {code}")


@department.command("set-credit-code")
@click.argument("code")
@click.argument("credit_code")
@chain_options
@signer_options
@handle_errors
def department_set_credit_code(code: str, credit_code: str, **connection: Any) -> None:
    """Correct a department's 统一社会信用代码 (needs the registrar role)."""
    result = writer(**connection).departments.set_credit_code(code, credit_code)
    report_write(result, f"department {code} credit code")


@department.command("list")
@chain_options
@json_option
@handle_errors
def department_list(rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Every department in registration order."""
    departments = list(reader(rpc_url, deployment).departments.list())
    if as_json:
        print_json(departments)
        return
    rows = [
        [d.name_zh, d.name_en, d.code, d.credit_code, str(d.region_code), "active" if d.active else "inactive"]
        for d in departments
    ]
    table("部门 Departments", ["名称", "name", "code", "统一社会信用代码", "region", "state"], rows)


@department.command("show")
@click.argument("code")
@chain_options
@json_option
@handle_errors
def department_show(code: str, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """One department."""
    found = reader(rpc_url, deployment).departments.get(code)
    if as_json:
        print_json(found)
        return
    click.echo(f"{found.name_zh} / {found.name_en}  ({found.code})")
    click.echo(f"统一社会信用代码 credit code {found.credit_code}")
    click.echo(
        f"区域 region {found.region_code}, {'active' if found.active else 'inactive'}, registered {found.registered_at}"
    )


def _set_active(code: str, active: bool, connection: dict[str, Any]) -> None:
    result = writer(**connection).departments.set_active(code, active)
    report_write(result, f"department {code} {'activated' if active else 'deactivated'}")


@department.command("deactivate")
@click.argument("code")
@chain_options
@signer_options
@handle_errors
def department_deactivate(code: str, **connection: Any) -> None:
    """Deactivate a department: its officers can no longer act, at once."""
    _set_active(code, False, connection)


@department.command("activate")
@click.argument("code")
@chain_options
@signer_options
@handle_errors
def department_activate(code: str, **connection: Any) -> None:
    """Activate a department again."""
    _set_active(code, True, connection)


ROLE = click.Choice(OfficerRole.words(), case_sensitive=False)


@click.group()
def officer() -> None:
    """Officers' roles in departments (受理, 审批, 发证, 部门管理员)."""


@officer.command("grant")
@click.argument("department_code")
@click.argument("address")
@click.option("--role", type=ROLE, required=True)
@chain_options
@signer_options
@handle_errors
def officer_grant(department_code: str, address: str, role: str, **connection: Any) -> None:
    """Give ADDRESS a role in DEPARTMENT_CODE."""
    result = writer(**connection).departments.grant(department_code, address, OfficerRole.parse(role))
    report_write(result, f"{role} role in {department_code} for {address}")


@officer.command("revoke")
@click.argument("department_code")
@click.argument("address")
@click.option("--role", type=ROLE, required=True)
@chain_options
@signer_options
@handle_errors
def officer_revoke(department_code: str, address: str, role: str, **connection: Any) -> None:
    """Take a role in DEPARTMENT_CODE away from ADDRESS; takes effect at once."""
    result = writer(**connection).departments.revoke(department_code, address, OfficerRole.parse(role))
    report_write(result, f"{role} role in {department_code} revoked from {address}")


@click.group()
def service() -> None:
    """Public services (政务服务事项) and their approval steps."""


def _definition(path: Path) -> ServiceDefinition:
    """Read a service definition file (JSON, the published schema ``service``): the fields of
    ServiceDefinition, or what ``service show --json`` prints (its ``definition`` is used). A file that
    breaks the schema is refused with its JSON paths before anything is sent."""
    data = read_document(path, "service")
    if isinstance(data, dict) and "definition" in data:
        data = data["definition"]
    try:
        return from_jsonable(ServiceDefinition, data)
    except (ValueError, KeyError, TypeError) as err:
        raise InvalidInputError(f"事项定义文件无效 / invalid service file {path}: {err}") from err


SERVICE_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@service.command("add")
@click.argument("code")
@click.option("--file", "path", type=SERVICE_FILE, required=True, help="Service definition (JSON).")
@chain_options
@signer_options
@handle_errors
def service_add(code: str, path: Path, **connection: Any) -> None:
    """Publish a new service as version 1."""
    report_write(writer(**connection).catalog.publish(code, _definition(path)), f"service {code}")


@service.command("update")
@click.argument("code")
@click.option("--file", "path", type=SERVICE_FILE, required=True, help="Service definition (JSON).")
@chain_options
@signer_options
@handle_errors
def service_update(code: str, path: Path, **connection: Any) -> None:
    """Publish a new version; running applications keep theirs."""
    report_write(writer(**connection).catalog.update(code, _definition(path)), f"service {code} new version")


@service.command("cache")
@click.argument("code")
@click.option("--version", type=int, default=None, help="A version (default: the newest).")
@chain_options
@signer_options
@handle_errors
def service_cache(code: str, version: int | None, **connection: Any) -> None:
    """Copy a published version into the ledger, so that its steps are approved at lower gas.

    `service add` and `service update` do it already; this is for versions published before ledger
    1.4.0. Anyone may send it: the ledger copies from the catalogue itself."""
    result = writer(**connection).catalog.cache(code, version=version)
    report_write(result, f"service {code} {'newest version' if version is None else f'v{version}'} cached")


def _service_open(code: str, active: bool, connection: dict[str, Any]) -> None:
    result = writer(**connection).catalog.set_active(code, active)
    report_write(result, f"service {code} {'opened' if active else 'closed'}")


@service.command("close")
@click.argument("code")
@chain_options
@signer_options
@handle_errors
def service_close(code: str, **connection: Any) -> None:
    """Close a service for new applications."""
    _service_open(code, False, connection)


@service.command("open")
@click.argument("code")
@chain_options
@signer_options
@handle_errors
def service_open(code: str, **connection: Any) -> None:
    """Open a service for new applications again."""
    _service_open(code, True, connection)


@service.command("list")
@chain_options
@json_option
@handle_errors
def service_list(rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """Every service with its newest version."""
    services = list(reader(rpc_url, deployment).catalog.list())
    if as_json:
        print_json(services)
        return
    rows = [
        [
            s.code,
            f"v{s.latest_version}",
            s.definition.name_zh,
            s.definition.owner_department,
            str(len(s.definition.steps)),
            "open" if s.active else "closed",
        ]
        for s in services
    ]
    table("政务服务事项 Services", ["code", "version", "名称", "owner", "steps", "state"], rows)


@service.command("show")
@click.argument("code")
@click.option("--version", type=int, default=None, help="A version (default: the newest).")
@chain_options
@json_option
@handle_errors
def service_show(code: str, version: int | None, rpc_url: str | None, deployment: Path | None, as_json: bool) -> None:
    """One service version with its steps."""
    found: Service = reader(rpc_url, deployment).catalog.get(code, version)
    if as_json:
        print_json(found)
        return
    d = found.definition
    click.echo(f"{d.name_zh} / {d.name_en}  ({found.code} v{found.version}/{found.latest_version})")
    state = "open" if found.active else "closed"
    click.echo(
        f"owner {d.owner_department}, 承诺 promised {d.promised_time_limit.label}, "
        f"法定 legal {d.legal_time_limit.label}, {state}"
    )
    n = d.national
    click.echo(f"事项类型 item type: {n.item_type.label} ({n.item_type.value:02d})")
    click.echo(f"办件类型 case type: {n.case_type.label}")
    for label, value in (
        ("基本编码 basic code", n.basic_code),
        ("实施编码 implementation code", n.implementation_code),
        ("业务办理项编码 handling item code", n.handling_item_code),
    ):
        click.echo(f"{label}: {value or '-'}")
    unit = d.promised_time_limit.unit
    rows = [
        [str(i), s.department, s.role.label, TimeLimit(s.time_limit, unit).label if s.time_limit else "-"]
        for i, s in enumerate(d.steps)
    ]
    table("审批环节 Steps", ["#", "department", "role", "time limit"], rows)
    if d.required_material_types:
        click.echo("材料 materials: " + ", ".join(d.required_material_types))


service.add_command(service_template)
