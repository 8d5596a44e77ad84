"""The names a page shows instead of codes (departments, services and their steps, certificate types),
read from the chain once and kept in memory, so a request never reads the chain for them.

:meth:`PortalDirectory.load` reads the department registry and the catalogue (every version of every
service); :meth:`PortalDirectory.forget` drops what an indexed event changed and
:meth:`PortalDirectory.refresh` reads it again: the portal's follower does both in its own thread, so a
request finds every name in memory. Only a name the follower has not seen yet is read on demand.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.models import OfficerRole, TimeUnit
from zhangdian_sdk.services.portal.schemas import Named, Words

__all__ = ["PortalDirectory", "ServiceInfo", "StepInfo"]


@dataclass(frozen=True)
class StepInfo:
    """One approval step: 0-based index, the acting department and role, its limit in the service's unit."""

    index: int
    department: str
    role: OfficerRole
    time_limit: int


@dataclass(frozen=True)
class ServiceInfo:
    """One version of a service, as the pages name it."""

    code: str
    version: int
    name: Words
    owner_department: str
    steps: tuple[StepInfo, ...]
    promised_amount: int
    time_unit: TimeUnit

    @property
    def named(self) -> Named:
        return Named(code=self.code, name=self.name)


class PortalDirectory:
    """Names by code, loaded from the chain on first use and cached (thread-safe)."""

    def __init__(self, client: ZhangdianClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._departments: dict[str, Named] = {}
        self._services: dict[tuple[str, int], ServiceInfo] = {}
        self.loaded = False

    def load(self) -> None:
        """Read every department and every version of every service (at start-up, from the follower)."""
        departments = {
            d.code: Named(code=d.code, name=Words(zh=d.name_zh, en=d.name_en)) for d in self._client.departments.list()
        }
        with self._lock:
            self._departments.update(departments)
        for service in self._client.catalog.list():
            for version in range(1, service.latest_version + 1):
                self.service(service.code, version)
        self.loaded = True

    def departments(self) -> list[Named]:
        """Every department's names, by code (read from the chain first if the follower has not yet)."""
        if not self.loaded:
            self.load()
        with self._lock:
            return [self._departments[code] for code in sorted(self._departments)]

    def refresh(self, *, department: str | None = None, service: str | None = None) -> None:
        """Forget an entry and read it again now (the follower, after an event changed it)."""
        self.forget(department=department, service=service)
        if department is not None:
            self.department(department)
        if service is not None:
            latest = self._client.catalog.get(service)
            for version in range(1, latest.latest_version + 1):
                self.service(service, version)

    def service_name(self, code: str) -> Named:
        """A service's names by code alone (its newest version known); its code if none is known."""
        with self._lock:
            versions = sorted((v, info) for (c, v), info in self._services.items() if c == code)
        if versions:
            return versions[-1][1].named
        try:
            return self.service(code, self._client.catalog.get(code).latest_version).named
        except Exception:  # noqa: BLE001 - unknown service or node unreachable: show the code
            return Named(code=code, name=Words(zh=code, en=code))

    def forget(self, *, department: str | None = None, service: str | None = None) -> None:
        """Drop a department's or a service's cached names (after an event changed them)."""
        with self._lock:
            if department is not None:
                self._departments.pop(department, None)
            if service is not None:
                for key in [k for k in self._services if k[0] == service]:
                    del self._services[key]

    def department(self, code: str) -> Named:
        """The department's names; its code as its name if the registry does not know it."""
        with self._lock:
            found = self._departments.get(code)
        if found is not None:
            return found
        try:
            d = self._client.departments.get(code)
            found = Named(code=code, name=Words(zh=d.name_zh, en=d.name_en))
        except Exception:  # noqa: BLE001 - unknown department or node unreachable: show the code
            return Named(code=code, name=Words(zh=code, en=code))
        with self._lock:
            self._departments[code] = found
        return found

    def service(self, code: str, version: int) -> ServiceInfo:
        """One version of a service, with its steps."""
        with self._lock:
            found = self._services.get((code, version))
        if found is not None:
            return found
        definition = self._client.catalog.get(code, version).definition
        found = ServiceInfo(
            code=code,
            version=version,
            name=Words(zh=definition.name_zh, en=definition.name_en),
            owner_department=definition.owner_department,
            steps=tuple(
                StepInfo(index, step.department, step.role, step.time_limit)
                for index, step in enumerate(definition.steps)
            ),
            promised_amount=definition.promised_time_limit.amount,
            time_unit=definition.promised_time_limit.unit,
        )
        with self._lock:
            self._services[(code, version)] = found
        return found
