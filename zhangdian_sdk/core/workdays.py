"""Working days (工作日) as the suite counts them: a pure mirror of ``contracts/WorkingCalendar.sol``.

Days are Beijing calendar days (UTC+8, ``Asia/Shanghai``). A year's working days are a bitmap (bit ``i`` set:
day ``i`` of the year, 0 = 1 January, is a working day), set on chain through governance from the State
Council's holiday notice; a year not set counts Monday to Friday. A period in days starts counting on the
day after its start (民法典 Art. 201) and ends at 24:00 Beijing time of its last day; a period in hours ends
exactly that many hours after its start. :class:`WorkCalendar` computes what the contract computes, so that
the SDK, CLI and portal show due dates without a call, and ``tests/ape/test_working_calendar.py`` checks that
both agree.

The shipped calendars (``zhangdian_sdk/_data/calendar/<year>.json``: the holidays and make-up workdays with
their names) are read by :func:`load_year`.

Usage::

    calendar = WorkCalendar({2026: load_year(2026).bitmap()})
    due = calendar.due_time(accepted_at, 5, TimeUnit.WORKING_DAYS)
    print(beijing(due))                      # 2026-02-26 24:00 (UTC+8)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import TimeLimit, TimeUnit

__all__ = [
    "BEIJING",
    "MAX_PERIOD_DAYS",
    "MAX_YEAR",
    "MIN_WORKING_DAYS",
    "MIN_YEAR",
    "CalendarYear",
    "Holiday",
    "MakeUpWorkday",
    "WorkCalendar",
    "beijing",
    "beijing_moment",
    "day_number",
    "day_start",
    "load_year",
    "parse_time_limit",
    "shipped_years",
    "year_bitmap_words",
]

BEIJING = ZoneInfo("Asia/Shanghai")
# The contract's constants (WorkingCalendar.sol).
MIN_YEAR = 2000
MAX_YEAR = 2199
MIN_WORKING_DAYS = 200
MAX_PERIOD_DAYS = 3660
_OFFSET = 8 * 3600
_DAY = 86_400
_EPOCH = date(1970, 1, 1)


def day_number(timestamp: int) -> int:
    """The Beijing calendar day that contains ``timestamp``, as days since 1 January 1970."""
    return (timestamp + _OFFSET) // _DAY


def day_start(day: int) -> int:
    """00:00 Beijing time of day ``day`` (Unix time)."""
    return day * _DAY - _OFFSET


def _day_of(when: date) -> int:
    return (when - _EPOCH).days


def beijing(timestamp: int) -> str:
    """A deadline as people read it in Beijing time; midnight is written as 24:00 of the day before
    (``2026-02-26 24:00``), as a period that ends with its last day is."""
    moment = datetime.fromtimestamp(timestamp, tz=BEIJING)
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return f"{(moment - timedelta(days=1)).date().isoformat()} 24:00"
    return moment.strftime("%Y-%m-%d %H:%M")


def beijing_moment(timestamp: float) -> str:
    """An instant (an event, a block) in Beijing time to the second: ``2026-11-28 18:13:02``. Deadlines, which
    end with their day at 24:00, are written by :func:`beijing` instead."""
    return datetime.fromtimestamp(timestamp, tz=BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def year_bitmap_words(bitmap: int) -> tuple[int, int]:
    """A year's bitmap as the contract's two words."""
    return bitmap & ((1 << 256) - 1), bitmap >> 256


class WorkCalendar:
    """The contract's arithmetic over the years given (``{year: bitmap}``); other years count Monday to
    Friday. ``set_years`` may also come from the chain (``isYearSet`` / ``yearDays``)."""

    def __init__(self, years: Mapping[int, int] | None = None) -> None:
        self._years = dict(years or {})

    def is_year_set(self, year: int) -> bool:
        return year in self._years

    def is_working_day(self, day: int) -> bool:
        """Whether day number ``day`` is a working day."""
        when = _EPOCH + timedelta(days=day)
        bitmap = self._years.get(when.year)
        if bitmap is None:
            return when.weekday() < 5
        return bool(bitmap >> (day - _day_of(date(when.year, 1, 1))) & 1)

    def is_working_date(self, when: date) -> bool:
        return self.is_working_day(_day_of(when))

    def nth_working_day_after(self, day: int, n: int) -> int:
        """The day number of the ``n``-th working day after ``day`` (``day`` itself for 0)."""
        while n:
            day += 1
            if self.is_working_day(day):
                n -= 1
        return day

    def due_time(self, start: int, amount: int, unit: TimeUnit) -> int:
        """As ``dueTime``: the end of a period of ``amount`` ``unit`` from ``start`` (Unix time)."""
        unit = TimeUnit(unit)
        if unit is TimeUnit.HOURS:
            _check_period(amount, MAX_PERIOD_DAYS * 24)
            return start + amount * 3600
        _check_period(amount, MAX_PERIOD_DAYS)
        day = day_number(start)
        last = day + amount if unit is TimeUnit.NATURAL_DAYS else self.nth_working_day_after(day, amount)
        return day_start(last + 1)

    def restarted_deadline(self, deadline: int, stopped_at: int, restarted_at: int, unit: TimeUnit) -> int:
        """As ``restartedDeadline``: the deadline of a clock stopped at ``stopped_at`` and restarted at
        ``restarted_at`` (working days: moved on by the working days after the stop day up to the restart
        day; natural units: by the time stopped)."""
        if restarted_at < stopped_at:
            raise InvalidInputError(
                f"计时不能在暂停之前恢复 / a clock cannot restart ({restarted_at}) before it stopped ({stopped_at})"
            )
        if deadline == 0:
            return 0
        if TimeUnit(unit) is not TimeUnit.WORKING_DAYS:
            return deadline + (restarted_at - stopped_at)
        stop_day, restart_day = day_number(stopped_at), day_number(restarted_at)
        lost = sum(1 for day in range(stop_day + 1, restart_day + 1) if self.is_working_day(day))
        if lost == 0:
            return deadline
        last_day = day_number(deadline - 1)
        return deadline + (self.nth_working_day_after(last_day, lost) - last_day) * _DAY


def _check_period(amount: int, maximum: int) -> None:
    if amount > maximum:
        raise InvalidInputError(f"期限 {amount} 超过上限 {maximum} / a period of {amount} is longer than {maximum}")


@dataclass(frozen=True)
class Holiday:
    """A holiday (放假) from ``start`` to ``end``, both included."""

    name_zh: str
    name_en: str
    start: date
    end: date


@dataclass(frozen=True)
class MakeUpWorkday:
    """A weekend day that is a working day (调休上班)."""

    name_zh: str
    name_en: str
    date: date


@dataclass(frozen=True)
class CalendarYear:
    """One year's holidays and make-up workdays, as the State Council's notice sets them."""

    year: int
    holidays: tuple[Holiday, ...]
    workdays: tuple[MakeUpWorkday, ...]
    source: str = ""
    provisional: bool = False
    note: str = ""

    def is_working_date(self, when: date) -> bool:
        if any(workday.date == when for workday in self.workdays):
            return True
        if any(holiday.start <= when <= holiday.end for holiday in self.holidays):
            return False
        return when.weekday() < 5

    def bitmap(self) -> int:
        """The year's working days as the contract stores them (bit ``i``: day ``i`` of the year)."""
        first = date(self.year, 1, 1)
        length = (date(self.year + 1, 1, 1) - first).days
        return sum(1 << i for i in range(length) if self.is_working_date(first + timedelta(days=i)))

    def working_day_count(self) -> int:
        return self.bitmap().bit_count()

    def name_of(self, when: date) -> str | None:
        """The holiday or make-up workday ``when`` is part of, as ``春节 Spring Festival``."""
        for workday in self.workdays:
            if workday.date == when:
                return f"{workday.name_zh} {workday.name_en}"
        for holiday in self.holidays:
            if holiday.start <= when <= holiday.end:
                return f"{holiday.name_zh} {holiday.name_en}"
        return None

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, where: str = "calendar") -> CalendarYear:
        """Read a calendar file (the format of ``zhangdian_sdk/_data/calendar/*.json``); every date must
        lie in its year and a make-up workday may not fall in a holiday."""
        try:
            year = int(data["year"])
            holidays = tuple(
                Holiday(
                    str(h["name_zh"]), str(h["name_en"]), date.fromisoformat(h["start"]), date.fromisoformat(h["end"])
                )
                for h in data.get("holidays", ())
            )
            workdays = tuple(
                MakeUpWorkday(str(w["name_zh"]), str(w["name_en"]), date.fromisoformat(w["date"]))
                for w in data.get("workdays", ())
            )
            provisional = data.get("provisional", False)
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInputError(f"{where}: 日历文件格式错误 / not a calendar file: {error}") from error
        if not isinstance(provisional, bool):
            raise InvalidInputError(f"{where}: provisional 必须为 true 或 false / provisional must be true or false")
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidInputError(f"{where}: 年份 {year} 超出范围 / year {year} is outside {MIN_YEAR}..{MAX_YEAR}")
        for holiday in holidays:
            if not (holiday.start.year == holiday.end.year == year and holiday.start <= holiday.end):
                raise InvalidInputError(
                    f"{where}: {holiday.name_zh} 的日期不在 {year} 年内或起止颠倒 / "
                    f"{holiday.name_en} is not a range of days of {year}"
                )
        for workday in workdays:
            if workday.date.year != year or any(h.start <= workday.date <= h.end for h in holidays):
                raise InvalidInputError(
                    f"{where}: 调休上班日 {workday.date} 不在 {year} 年内或落在假期中 / "
                    f"the make-up workday {workday.date} is not in {year} or falls in a holiday"
                )
        found = cls(year, holidays, workdays, str(data.get("source", "")), provisional, str(data.get("note", "")))
        if found.working_day_count() < MIN_WORKING_DAYS:
            raise InvalidInputError(
                f"{where}: 工作日少于 {MIN_WORKING_DAYS} 天 / fewer than {MIN_WORKING_DAYS} working days"
            )
        return found


def _shipped_dir() -> Any:
    return resources.files("zhangdian_sdk") / "_data" / "calendar"


def shipped_years() -> tuple[int, ...]:
    """The years whose calendars ship with the SDK."""
    return tuple(
        sorted(int(entry.name[:-5]) for entry in _shipped_dir().iterdir() if re.fullmatch(r"\d{4}\.json", entry.name))
    )


def load_year(year: int, path: Path | None = None) -> CalendarYear:
    """The calendar of ``year``: from ``path``, or the one shipped with the SDK."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise InvalidInputError(f"无法读取 {path} / cannot read {path}: {error.strerror}") from error
        where = str(path)
    else:
        entry = _shipped_dir() / f"{year}.json"
        if not entry.is_file():
            shipped = ", ".join(str(y) for y in shipped_years())
            raise InvalidInputError(
                f"没有 {year} 年的内置日历 (已有: {shipped}), 请用 --file 提供 / "
                f"no calendar of {year} ships with the SDK (shipped: {shipped}); give one with --file"
            )
        text, where = entry.read_text(encoding="utf-8"), f"{year}.json"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"{where}: 不是 JSON / not JSON: {error}") from error
    if not isinstance(data, dict):
        raise InvalidInputError(f"{where}: 日历文件须为对象 / a calendar file is an object")
    found = CalendarYear.from_json(data, where=where)
    if found.year != year:
        raise InvalidInputError(f"{where}: 文件是 {found.year} 年的 / the file is the calendar of {found.year}")
    return found


_UNITS = {
    "wd": TimeUnit.WORKING_DAYS,
    "工作日": TimeUnit.WORKING_DAYS,
    "working-days": TimeUnit.WORKING_DAYS,
    "working days": TimeUnit.WORKING_DAYS,
    "d": TimeUnit.NATURAL_DAYS,
    "天": TimeUnit.NATURAL_DAYS,
    "自然日": TimeUnit.NATURAL_DAYS,
    "natural-days": TimeUnit.NATURAL_DAYS,
    "natural days": TimeUnit.NATURAL_DAYS,
    "h": TimeUnit.HOURS,
    "小时": TimeUnit.HOURS,
    "hours": TimeUnit.HOURS,
}


def parse_time_limit(text: str) -> TimeLimit:
    """``5wd`` / ``5 工作日`` (working days), ``30d`` / ``30 自然日`` (natural days), ``48h`` / ``48 小时``."""
    match = re.fullmatch(r"\s*(\d+)\s*([^\d\s].*?)?\s*", text)
    unit = _UNITS.get((match.group(2) or "").lower()) if match else None
    if match is None or unit is None:
        raise InvalidInputError(
            f"无法识别的时限 {text!r} (例: 5wd / 5工作日, 30d / 30自然日, 48h / 48小时) / "
            f"unrecognised time limit {text!r} (e.g. 5wd, 30d, 48h)"
        )
    return TimeLimit(int(match.group(1)), unit)
