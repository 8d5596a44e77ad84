"""The working-day calendar (工作日历): which days count as working days, read and (by its admin) set.

A year is set on chain through governance (``zhangdian calendar propose YEAR``); on a local dev chain the
deployer, who holds CALENDAR_ADMIN_ROLE until governance takes over, sets it with :meth:`CalendarFacade.set_year`.
Deadlines are computed by the contract; :meth:`CalendarFacade.mirror` gives the pure Python mirror
(:class:`~zhangdian_sdk.core.workdays.WorkCalendar`) loaded with the years set on chain.

Usage: ``client.calendar.is_year_set(2027)``; ``client.calendar.set_year(load_year(2026))``.
"""

from __future__ import annotations

from collections.abc import Iterable

from zhangdian_sdk.core.models import TimeUnit, TransactionResult
from zhangdian_sdk.core.workdays import CalendarYear, WorkCalendar, year_bitmap_words
from zhangdian_sdk.facades.facade import Facade

__all__ = ["CalendarFacade"]


class CalendarFacade(Facade):
    """Reads and writes the WorkingCalendar."""

    contract_name = "WorkingCalendar"

    def is_year_set(self, year: int) -> bool:
        """Whether ``year``'s working days were set on chain (otherwise Monday to Friday count)."""
        return bool(self._call(self._contract.functions.isYearSet(year)))

    def year_bitmap(self, year: int) -> int | None:
        """The bitmap of ``year`` as set on chain (bit ``i``: day ``i`` of the year); None when not set."""
        if not self.is_year_set(year):
            return None
        low, high = self._call(self._contract.functions.yearDays(year))
        return int(low) | int(high) << 256

    def set_year(self, calendar: CalendarYear) -> TransactionResult:
        """Set a year's working days from its calendar (needs CALENDAR_ADMIN_ROLE); nothing is sent when
        the chain holds the same days already."""
        bitmap = calendar.bitmap()
        return self._write(
            self._contract.functions.setYear(calendar.year, list(year_bitmap_words(bitmap))),
            already=lambda: self.year_bitmap(calendar.year) == bitmap,
        )

    def due_time(self, start: int, amount: int, unit: TimeUnit) -> int:
        """When a period of ``amount`` ``unit`` that starts at ``start`` ends, as the contract computes it."""
        return int(self._call(self._contract.functions.dueTime(start, amount, int(unit))))

    def mirror(self, years: Iterable[int]) -> WorkCalendar:
        """The Python mirror of the calendar with those of ``years`` that are set on chain."""
        found = {year: self.year_bitmap(year) for year in years}
        return WorkCalendar({year: bitmap for year, bitmap in found.items() if bitmap is not None})
