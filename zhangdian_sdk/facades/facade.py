"""The base of every facade: one contract of the suite, read calls, and the one write protocol.

Every write that the chain can recognise as done goes through :meth:`Facade._write`: it sends the
call unless the chain already holds what it would record, and then returns ``already_recorded``
instead of failing or recording twice. A facade gets a :class:`~zhangdian_sdk.core.context.ChainContext`
(and, where it needs one, another facade), never the client.

Usage::

    class DepartmentsFacade(Facade):
        contract_name = "DepartmentRegistry"

        def set_active(self, code: str, active: bool) -> TransactionResult:
            return self._write(
                self._contract.functions.setDepartmentActive(code_to_bytes32(code), active),
                already=lambda: self.get(code).active == active,
            )
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from web3.contract import Contract

from zhangdian_sdk.core._results import already_recorded, result_of
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.models import TransactionResult

__all__ = ["Facade"]


class Facade:
    """Reads and writes one contract of the suite (``contract_name``) through a chain context."""

    contract_name: ClassVar[str]

    def __init__(self, chain: ChainContext) -> None:
        self._chain = chain
        self._contract: Contract = chain.contract(self.contract_name)

    def _call(self, function: Any) -> Any:
        """A read-only call, its reverts translated into the SDK's exceptions."""
        return self._chain.call(function)

    def _write(
        self,
        function: Any,
        *,
        already: Callable[[], bool] | bool = False,
        raced: tuple[type[Exception], ...] = (),
    ) -> TransactionResult:
        """Send ``function`` (a contract call) unless the chain holds what it would record already.

        ``already`` says whether it does (a flag, or a function asked before anything is sent);
        ``raced`` are the contract's errors meaning someone else recorded it in the meantime. Either
        way the result is ``already_recorded``.
        """
        if already() if callable(already) else already:
            return already_recorded()
        try:
            return result_of(self._chain.sender.send(function))
        except raced:
            return already_recorded()
