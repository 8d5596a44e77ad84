"""The catalogue of public services.

Usage: ``client.catalog.publish("ZD-GTGSH-SL", definition)``; ``client.catalog.get("ZD-GTGSH-SL")``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from zhangdian_sdk._results import already_recorded, result_of
from zhangdian_sdk.codec import StructCodec, named
from zhangdian_sdk.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.errors import UnknownService
from zhangdian_sdk.models import (
    Automation,
    Service,
    ServiceDefinition,
    TransactionResult,
)

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = ["CatalogFacade"]


class CatalogFacade:
    """Reads and writes the ServiceCatalog."""

    def __init__(self, client: ZhangdianClient) -> None:
        self._client = client
        self._contract = client.contract("ServiceCatalog")

    def publish(self, code: str, definition: ServiceDefinition) -> TransactionResult:
        """Publish a new service as version 1; no-op if its newest version is the same definition."""
        if self.exists(code) and self.get(code).definition == definition:
            return already_recorded()
        function = self._contract.functions.publishService(code_to_bytes32(code), _DEFINITION.encode(definition))
        return result_of(self._client.sender.send(function))

    def update(self, code: str, definition: ServiceDefinition) -> TransactionResult:
        """Publish a new version; running applications keep theirs. No-op if nothing changed."""
        if self.get(code).definition == definition:
            return already_recorded()
        function = self._contract.functions.updateService(code_to_bytes32(code), _DEFINITION.encode(definition))
        return result_of(self._client.sender.send(function))

    def set_active(self, code: str, active: bool) -> TransactionResult:
        """Open or close the service for new applications; no-op if already so."""
        if self.get(code).active == active:
            return already_recorded()
        function = self._contract.functions.setServiceActive(code_to_bytes32(code), active)
        return result_of(self._client.sender.send(function))

    def set_automation(self, code: str, automation: Automation, *, version: int | None = None) -> TransactionResult:
        """Set the rules, deadline policy and completion certificate of a version (the newest by
        default); no-op if they are set so already."""
        wanted = self.get(code).latest_version if version is None else version
        if self.automation(code, version=wanted) == automation:
            return already_recorded()
        function = self._contract.functions.setAutomation(code_to_bytes32(code), wanted, _AUTOMATION.encode(automation))
        return result_of(self._client.sender.send(function))

    def automation(self, code: str, *, version: int | None = None) -> Automation:
        """The automation terms of a version (the newest by default)."""
        key = code_to_bytes32(code)
        if version is None:
            version = int(_info(self._client.call(self._contract.functions.getServiceInfo(key)))["latestVersion"])
        return _AUTOMATION.decode(self._client.call(self._contract.functions.getAutomation(key, version)))

    def exists(self, code: str) -> bool:
        """Whether a service was ever published under ``code``."""
        try:
            self._client.call(self._contract.functions.getServiceInfo(code_to_bytes32(code)))
        except UnknownService:
            return False
        return True

    def get(self, code: str, version: int | None = None) -> Service:
        """A service with the definition of ``version`` (the newest by default)."""
        key = code_to_bytes32(code)
        info = _info(self._client.call(self._contract.functions.getServiceInfo(key)))
        wanted = int(info["latestVersion"]) if version is None else version
        record = self._client.call(self._contract.functions.getServiceVersion(key, wanted))
        return Service(
            code=code,
            version=wanted,
            latest_version=int(info["latestVersion"]),
            active=bool(info["active"]),
            definition=_DEFINITION.decode(record),
        )

    def list(self) -> Iterator[Service]:
        """Every service in publication order, each with its newest definition."""
        count = self._client.call(self._contract.functions.serviceCount())
        for index in range(count):
            yield self.get(bytes32_to_code(self._client.call(self._contract.functions.serviceAt(index))))


_DEFINITION = StructCodec(ServiceDefinition, "ServiceCatalog", "ServiceDefinition")
_AUTOMATION = StructCodec(Automation, "ServiceCatalog", "Automation")


def _info(record: tuple[Any, ...]) -> dict[str, Any]:
    return named("ServiceCatalog", "getServiceInfo", record)
