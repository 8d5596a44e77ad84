"""The catalogue of public services.

Usage: ``client.catalog.publish("ZD-GTGSH-SL", definition)``; ``client.catalog.get("ZD-GTGSH-SL")``.

Publishing a service (or a new version) also copies the version into the ledger's cache
(``ApplicationLedger.cacheServiceVersion``, permissionless): approving a step then reads the ledger's
copy instead of calling the catalogue, and a new application stores no department of its own.
``client.catalog.cache(code, version=...)`` does it for a version published before ledger 1.4.0.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from zhangdian_sdk.core.codec import StructCodec, named
from zhangdian_sdk.core.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import UnknownService
from zhangdian_sdk.core.identifiers import validate_service_codes
from zhangdian_sdk.core.models import (
    Automation,
    Service,
    ServiceDefinition,
    TransactionResult,
)
from zhangdian_sdk.facades.facade import Facade

__all__ = ["CatalogFacade"]


class CatalogFacade(Facade):
    """Reads and writes the ServiceCatalog.

    What cannot change once on chain is read once: a published version's definition, and (for the
    facade's lifetime, as the ledger uses it) the department that receives a service's applications.
    """

    contract_name = "ServiceCatalog"

    def __init__(self, chain: ChainContext) -> None:
        super().__init__(chain)
        self._versions: dict[tuple[bytes, int], tuple[Any, ...]] = {}
        self._receivers: dict[str, bytes] = {}

    def publish(self, code: str, definition: ServiceDefinition, *, cache_in_ledger: bool = True) -> TransactionResult:
        """Publish a new service as version 1 and cache it in the ledger (see :meth:`cache`; pass
        ``cache_in_ledger=False`` to leave it uncached, e.g. for a ledger older than 1.4.0); no-op if
        its newest version is the same definition. The national codes are checked (lengths,
        characters) and upper-cased before anything is sent."""
        definition = _checked(definition)
        result = self._write(
            self._contract.functions.publishService(code_to_bytes32(code), _DEFINITION.encode(definition)),
            already=lambda: self.exists(code) and self.get(code).definition == definition,
        )
        if cache_in_ledger:
            self.cache(code)
        return result

    def update(self, code: str, definition: ServiceDefinition, *, cache_in_ledger: bool = True) -> TransactionResult:
        """Publish a new version and cache it in the ledger (as :meth:`publish`); running applications
        keep theirs. No-op if nothing changed."""
        definition = _checked(definition)
        result = self._write(
            self._contract.functions.updateService(code_to_bytes32(code), _DEFINITION.encode(definition)),
            already=lambda: self.get(code).definition == definition,
        )
        if cache_in_ledger:
            self.cache(code)
        return result

    def cache(self, code: str, *, version: int | None = None) -> TransactionResult:
        """Copy a published version (the newest by default) into the ledger's cache; no-op if it is
        cached already. Anyone may send it: the ledger copies from the catalogue itself. Raises
        ``UnknownService``/``UnknownServiceVersion``."""
        wanted = self.get(code).latest_version if version is None else version
        ledger = self._chain.contract("ApplicationLedger")
        return self._write(
            ledger.functions.cacheServiceVersion(code_to_bytes32(code), wanted),
            already=lambda: self.is_cached(code, version=wanted),
        )

    def is_cached(self, code: str, *, version: int) -> bool:
        """Whether the ledger holds its copy of the version (:meth:`cache`)."""
        ledger = self._chain.contract("ApplicationLedger")
        department, _ = self._call(ledger.functions.cachedServiceVersion(code_to_bytes32(code), version))
        return bytes(department) != bytes(32)

    def set_active(self, code: str, active: bool) -> TransactionResult:
        """Open or close the service for new applications; no-op if already so."""
        return self._write(
            self._contract.functions.setServiceActive(code_to_bytes32(code), active),
            already=lambda: self.get(code).active == active,
        )

    def set_automation(self, code: str, automation: Automation, *, version: int | None = None) -> TransactionResult:
        """Set the rules, deadline policy and completion certificate of a version (the newest by
        default); no-op if they are set so already."""
        wanted = self.get(code).latest_version if version is None else version
        return self._write(
            self._contract.functions.setAutomation(code_to_bytes32(code), wanted, _AUTOMATION.encode(automation)),
            already=lambda: self.automation(code, version=wanted) == automation,
        )

    def receiving_department(self, code: str) -> bytes:
        """The department (bytes32) a new application of the service goes to: the owner of its newest
        version, read once per service. Raises ``UnknownService``/``ServiceInactive``."""
        if code not in self._receivers:
            terms = self._call(self._contract.functions.openingTerms(code_to_bytes32(code)))
            self._receivers[code] = bytes(named("ServiceCatalog", "openingTerms", terms)["ownerDepartment"])
        return self._receivers[code]

    def automation(self, code: str, *, version: int | None = None) -> Automation:
        """The automation terms of a version (the newest by default)."""
        key = code_to_bytes32(code)
        if version is None:
            version = int(_info(self._call(self._contract.functions.getServiceInfo(key)))["latestVersion"])
        return _AUTOMATION.decode(self._call(self._contract.functions.getAutomation(key, version)))

    def exists(self, code: str) -> bool:
        """Whether a service was ever published under ``code``."""
        try:
            self._call(self._contract.functions.getServiceInfo(code_to_bytes32(code)))
        except UnknownService:
            return False
        return True

    def get(self, code: str, version: int | None = None) -> Service:
        """A service with the definition of ``version`` (the newest by default)."""
        key = code_to_bytes32(code)
        info = _info(self._call(self._contract.functions.getServiceInfo(key)))
        wanted = int(info["latestVersion"]) if version is None else version
        record = self._version(key, int(wanted))
        return Service(
            code=code,
            version=wanted,
            latest_version=int(info["latestVersion"]),
            active=bool(info["active"]),
            definition=_DEFINITION.decode(record),
        )

    def _version(self, key: bytes, version: int) -> tuple[Any, ...]:
        """A published version's record: it never changes, so it is read once."""
        if (key, version) not in self._versions:
            self._versions[key, version] = tuple(self._call(self._contract.functions.getServiceVersion(key, version)))
        return self._versions[key, version]

    def list(self) -> Iterator[Service]:
        """Every service in publication order, each with its newest definition."""
        count = self._call(self._contract.functions.serviceCount())
        for index in range(count):
            yield self.get(bytes32_to_code(self._call(self._contract.functions.serviceAt(index))))


_DEFINITION = StructCodec(ServiceDefinition, "ServiceCatalog", "ServiceDefinition")


def _checked(definition: ServiceDefinition) -> ServiceDefinition:
    """The definition with its national codes validated and normalized (bilingual InvalidInputError)."""
    national = definition.national
    basic, implementation, item = validate_service_codes(
        national.basic_code, national.implementation_code, national.handling_item_code
    )
    profile = dataclasses.replace(
        national, basic_code=basic, implementation_code=implementation, handling_item_code=item
    )
    return dataclasses.replace(definition, national=profile)


_AUTOMATION = StructCodec(Automation, "ServiceCatalog", "Automation")


def _info(record: tuple[Any, ...]) -> dict[str, Any]:
    return named("ServiceCatalog", "getServiceInfo", record)
