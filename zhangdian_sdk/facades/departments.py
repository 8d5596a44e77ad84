"""Departments and their officers.

Usage: ``client.departments.register("ZD-SCJGJ", 370303, "11370303004235288D", "张店区市场监督管理局", "Market
Regulation Bureau")`` (code, 行政区划代码, 统一社会信用代码, names).
"""

from __future__ import annotations

from collections.abc import Iterator

from eth_utils.address import is_address, to_checksum_address

from zhangdian_sdk.core.codec import StructCodec
from zhangdian_sdk.core.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import validate_county_code, validate_uscc
from zhangdian_sdk.core.models import Department, OfficerRole, TransactionResult
from zhangdian_sdk.facades.facade import Facade

__all__ = ["DepartmentsFacade"]

_DEPARTMENT = StructCodec(Department, "DepartmentRegistry", "Department")


class DepartmentsFacade(Facade):
    """Reads and writes the DepartmentRegistry."""

    contract_name = "DepartmentRegistry"

    def register(self, code: str, region_code: int, credit_code: str, name_zh: str, name_en: str) -> TransactionResult:
        """Register a department with its county-level 行政区划代码 and its 统一社会信用代码 (both checked
        here before anything is sent); an identical one already on chain is left as it is."""
        key = code_to_bytes32(code)
        region = validate_county_code(region_code)
        uscc = validate_uscc(credit_code)
        wanted = (region, uscc, name_zh, name_en)

        def identical() -> bool:
            if not self._call(self._contract.functions.isRegistered(key)):
                return False
            existing = self.get(code)
            return (existing.region_code, existing.credit_code, existing.name_zh, existing.name_en) == wanted

        return self._write(
            self._contract.functions.registerDepartment(key, region, _credit_bytes(uscc), name_zh, name_en),
            already=identical,
        )

    def set_credit_code(self, code: str, credit_code: str) -> TransactionResult:
        """Correct a department's 统一社会信用代码 (registrar only); no-op if it has this one already."""
        uscc = validate_uscc(credit_code)
        return self._write(
            self._contract.functions.setCreditCode(code_to_bytes32(code), _credit_bytes(uscc)),
            already=lambda: self.get(code).credit_code == uscc,
        )

    def rename(self, code: str, name_zh: str, name_en: str) -> TransactionResult:
        """Change a department's names."""
        return self._write(self._contract.functions.renameDepartment(code_to_bytes32(code), name_zh, name_en))

    def set_active(self, code: str, active: bool) -> TransactionResult:
        """Activate or deactivate a department (takes effect at once); no-op if already so."""
        return self._write(
            self._contract.functions.setDepartmentActive(code_to_bytes32(code), active),
            already=lambda: self.get(code).active == active,
        )

    def grant(self, code: str, account: str, role: OfficerRole) -> TransactionResult:
        """Give ``account`` ``role`` in the department; no-op if it holds it already."""
        address = _address(account)
        return self._write(
            self._contract.functions.grantOfficerRole(code_to_bytes32(code), address, int(role)),
            already=lambda: self.has_role(code, address, role),
        )

    def revoke(self, code: str, account: str, role: OfficerRole) -> TransactionResult:
        """Take ``role`` in the department away from ``account``; no-op if it is not held."""
        address = _address(account)
        return self._write(
            self._contract.functions.revokeOfficerRole(code_to_bytes32(code), address, int(role)),
            already=lambda: not self.has_role(code, address, role),
        )

    def has_role(self, code: str, account: str, role: OfficerRole) -> bool:
        """Whether ``account`` holds ``role`` in the department (active or not)."""
        function = self._contract.functions.hasOfficerRole(code_to_bytes32(code), _address(account), int(role))
        return bool(self._call(function))

    def can_act(self, code: str, account: str, role: OfficerRole) -> bool:
        """Whether ``account`` may act with ``role`` for the department now."""
        function = self._contract.functions.canAct(code_to_bytes32(code), _address(account), int(role))
        return bool(self._call(function))

    def get(self, code: str) -> Department:
        """One department; raises :class:`~zhangdian_sdk.core.errors.UnknownDepartment` if absent."""
        record = self._call(self._contract.functions.getDepartment(code_to_bytes32(code)))
        return _department(record)

    def exists(self, code: str) -> bool:
        return bool(self._call(self._contract.functions.isRegistered(code_to_bytes32(code))))

    def codes(self) -> tuple[bytes, ...]:
        """The bytes32 code of every department, in registration order (one call per department)."""
        count = int(self._call(self._contract.functions.departmentCount()))
        return tuple(bytes(self._call(self._contract.functions.departmentAt(index))) for index in range(count))

    def list(self) -> Iterator[Department]:
        """Every department, in registration order."""
        count = self._call(self._contract.functions.departmentCount())
        for index in range(count):
            key = self._call(self._contract.functions.departmentAt(index))
            yield self.get(bytes32_to_code(key))


def _department(record: tuple) -> Department:  # type: ignore[type-arg]
    return _DEPARTMENT.decode(record)


def _credit_bytes(uscc: str) -> bytes:
    """A validated 统一社会信用代码 as the bytes18 the registry stores."""
    return uscc.encode("ascii")


def _address(account: str) -> str:
    if not is_address(account):
        raise InvalidInputError(f"地址无效 / not an Ethereum address: {account!r}")
    return str(to_checksum_address(account))
