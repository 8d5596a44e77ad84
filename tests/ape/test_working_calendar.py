"""The working-day calendar (issue 14, item 4): working days set per year through the calendar admin (governance),
deadlines in working days across the 2026 Spring Festival with its make-up workdays, the fallback to Monday to
Friday for a year not set, and the ledger's deadlines, supplement clock and overdue handling in working days.
The Python mirror (zhangdian_sdk.core.workdays) must compute what the contract computes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import count
from typing import Any

import ape
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ape.conftest import (
    APPROVER,
    COMPLETED,
    HOURS,
    NATURAL_DAYS,
    NO_NATIONAL,
    WORKING_DAYS,
    code,
    submitted_id,
)
from zhangdian_sdk.core.models import DeadlinePolicy, TimeUnit
from zhangdian_sdk.core.workdays import (
    BEIJING,
    CalendarYear,
    Holiday,
    MakeUpWorkday,
    WorkCalendar,
    beijing,
    load_year,
    year_bitmap_words,
)

ZERO = b"\0" * 32
_codes: Iterator[int] = count(1)
_numbers: Iterator[int] = count(7 * 10**6)


def at(text: str) -> int:
    """A Beijing wall-clock time (``2026-02-12 10:00``) as Unix time."""
    return int(datetime.fromisoformat(text).replace(tzinfo=BEIJING).timestamp())


@pytest.fixture(scope="session")
def calendar(deployed_suite: dict[str, Any], admin: Any) -> Any:
    """The suite's WorkingCalendar with the shipped 2026 and 2027 calendars set (as deployment sets them)."""
    contract = deployed_suite["WorkingCalendar"]
    for year in (2026, 2027):
        contract.setYear(year, list(year_bitmap_words(load_year(year).bitmap())), sender=admin)
    return contract


@pytest.fixture(scope="session")
def mirror() -> WorkCalendar:
    return WorkCalendar({year: load_year(year).bitmap() for year in (2026, 2027)})


# --- setting a year ---------------------------------------------------------------------------------


def test_setting_a_year_records_its_working_days_and_emits_one_event(calendar: Any, admin: Any) -> None:
    days = load_year(2026)
    receipt = calendar.setYear(2026, list(year_bitmap_words(days.bitmap())), sender=admin)
    (event,) = receipt.events.filter(calendar.YearSet)
    assert (event.year, event.workingDays, event.actor) == (2026, 248, admin.address)
    assert [event.bitmapLow, event.bitmapHigh] == list(year_bitmap_words(days.bitmap()))
    assert calendar.isYearSet(2026)
    assert list(calendar.yearDays(2026)) == list(year_bitmap_words(days.bitmap()))


def test_only_the_calendar_admin_sets_a_year(outsider: Any, clerk: Any, calendar: Any) -> None:
    words = list(year_bitmap_words(load_year(2026).bitmap()))
    for who in (outsider, clerk):
        with ape.reverts(
            calendar.AccessControlUnauthorizedAccount, account=who, neededRole=calendar.CALENDAR_ADMIN_ROLE()
        ):
            calendar.setYear(2026, words, sender=who)


def test_a_bad_year_or_bitmap_is_refused(calendar: Any, admin: Any) -> None:
    words = list(year_bitmap_words(load_year(2026).bitmap()))
    for year in (1999, 2200, 0, 10**6):
        with ape.reverts(calendar.InvalidYear, year=year):
            calendar.setYear(year, words, sender=admin)
    # 2026 has 365 days: day index 365 (bit 109 of the second word) does not exist.
    with ape.reverts(calendar.InvalidYearDays, year=2026, workingDays=249):
        calendar.setYear(2026, [words[0], words[1] | 1 << 109], sender=admin)
    # 2028 is a leap year: its day 365 (31 December) may be set.
    leap = WorkCalendar().is_working_date  # Monday to Friday
    bitmap = sum(1 << i for i in range(366) if leap(date(2028, 1, 1) + timedelta(days=i)))
    calendar.setYear(2028, list(year_bitmap_words(bitmap)), sender=admin)
    assert calendar.isYearSet(2028)
    with ape.reverts(calendar.InvalidYearDays, year=2029, workingDays=199):
        calendar.setYear(2029, [(1 << 199) - 1, 0], sender=admin)


# --- the 2026 Spring Festival ---------------------------------------------------------------------


def test_working_days_across_the_2026_spring_festival(calendar: Any, mirror: WorkCalendar) -> None:
    # Thursday 12 February; Saturday 14 February is a make-up workday; 15-23 February are off; Saturday
    # 28 February is a make-up workday.
    assert calendar.isWorkingDay(at("2026-02-14 09:00"))
    assert not calendar.isWorkingDay(at("2026-02-16 09:00"))  # a Monday of the festival
    assert not calendar.isWorkingDay(at("2026-02-21 09:00"))
    assert calendar.isWorkingDay(at("2026-02-28 23:59"))
    assert not calendar.isWorkingDay(at("2026-03-01 00:00"))
    # 5 working days from Thursday 12 February: 13, 14 (Saturday, make-up), 24, 25, 26 February.
    due = calendar.dueTime(at("2026-02-12 10:00"), 5, WORKING_DAYS)
    assert due == at("2026-02-27 00:00")
    assert beijing(due) == "2026-02-26 24:00"
    # The start day is not counted, whatever its hour; the period ends at 24:00 Beijing time.
    assert calendar.dueTime(at("2026-02-12 00:00"), 5, WORKING_DAYS) == due
    assert calendar.dueTime(at("2026-02-12 23:59"), 5, WORKING_DAYS) == due
    # One working day after Friday 13 February is the make-up Saturday.
    assert calendar.dueTime(at("2026-02-13 16:00"), 1, WORKING_DAYS) == at("2026-02-15 00:00")
    # 7 working days reach the second make-up Saturday (28 February).
    assert calendar.dueTime(at("2026-02-12 10:00"), 7, WORKING_DAYS) == at("2026-03-01 00:00")
    # Natural days and hours do not look at the calendar.
    assert calendar.dueTime(at("2026-02-12 10:00"), 5, NATURAL_DAYS) == at("2026-02-18 00:00")
    assert calendar.dueTime(at("2026-02-12 10:00"), 5, HOURS) == at("2026-02-12 15:00")
    for amount in (0, 1, 5, 7, 20):
        for unit in TimeUnit:
            assert calendar.dueTime(at("2026-02-12 10:00"), amount, int(unit)) == mirror.due_time(
                at("2026-02-12 10:00"), amount, unit
            )


def test_a_period_runs_into_a_year_not_set_as_monday_to_friday(calendar: Any, mirror: WorkCalendar) -> None:
    assert not calendar.isYearSet(2031)
    # Thursday 26 December 2030 (2030 is not set): Friday 27, Monday 30, Tuesday 31 December and Wednesday
    # 1 January 2031, New Year's Day but a working day, since 2031 is not set either.
    assert calendar.dueTime(at("2030-12-26 10:00"), 4, WORKING_DAYS) == at("2031-01-02 00:00")
    assert not calendar.isWorkingDay(at("2031-01-04 12:00"))  # a Saturday
    assert calendar.isWorkingDay(at("2031-01-01 12:00"))  # New Year's Day, but the year is not set
    # From the last working days of 2026 into 2027 (set, provisional): 1 January 2027 is off.
    assert calendar.dueTime(at("2026-12-31 10:00"), 1, WORKING_DAYS) == at("2027-01-05 00:00")
    assert mirror.due_time(at("2026-12-31 10:00"), 1, TimeUnit.WORKING_DAYS) == at("2027-01-05 00:00")


def test_a_period_beyond_the_calendar_limit_is_refused(calendar: Any) -> None:
    with ape.reverts(calendar.PeriodTooLong, amount=3661, max=3660):
        calendar.dueTime(at("2026-02-12 10:00"), 3661, WORKING_DAYS)
    with ape.reverts(calendar.PeriodTooLong, amount=3660 * 24 + 1, max=3660 * 24):
        calendar.dueTime(at("2026-02-12 10:00"), 3660 * 24 + 1, HOURS)


def test_a_restarted_clock_does_not_charge_the_holidays_it_stopped_over(calendar: Any) -> None:
    deadline = at("2026-02-27 00:00")  # end of Thursday 26 February
    # Stopped on Friday 13 February, restarted on Tuesday 24 February. The working days left after the stop
    # day were 14 (make-up Saturday), 24, 25 and 26 February; counted again after the restart day they are
    # 25, 26, 27 and 28 (make-up Saturday) February. Equally: the two working days after the stop day up to
    # the restart day (14 and 24 February) are added to the deadline.
    assert calendar.restartedDeadline(deadline, at("2026-02-13 11:00"), at("2026-02-24 09:00"), WORKING_DAYS) == at(
        "2026-03-01 00:00"
    )
    # Stopped and restarted on the same day, or over a holiday only: nothing changes.
    same_day = calendar.restartedDeadline(deadline, at("2026-02-13 11:00"), at("2026-02-13 17:00"), WORKING_DAYS)
    assert same_day == deadline
    over_holiday = calendar.restartedDeadline(deadline, at("2026-02-15 11:00"), at("2026-02-23 17:00"), WORKING_DAYS)
    assert over_holiday == deadline
    # Natural units move on by the time stopped; a zero deadline stays zero; no restart before the stop.
    assert calendar.restartedDeadline(deadline, 1000, 5000, NATURAL_DAYS) == deadline + 4000
    assert calendar.restartedDeadline(deadline, 1000, 5000, HOURS) == deadline + 4000
    assert calendar.restartedDeadline(0, 1000, 5000, WORKING_DAYS) == 0
    with ape.reverts(calendar.RestartBeforeStop, stoppedAt=5000, restartedAt=1000):
        calendar.restartedDeadline(deadline, 5000, 1000, WORKING_DAYS)


# --- the Python mirror agrees with the contract ---------------------------------------------------

_STARTS = st.integers(min_value=at("2025-12-01 00:00"), max_value=at("2028-02-01 00:00"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=_STARTS, amount=st.integers(min_value=0, max_value=60), unit=st.sampled_from(list(TimeUnit)))
def test_the_python_mirror_computes_the_contracts_due_times(
    calendar: Any, mirror: WorkCalendar, start: int, amount: int, unit: TimeUnit
) -> None:
    assert calendar.dueTime(start, amount, int(unit)) == mirror.due_time(start, amount, unit)
    assert calendar.isWorkingDay(start) == mirror.is_working_day((start + 8 * 3600) // 86_400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=_STARTS,
    amount=st.integers(min_value=1, max_value=30),
    stop_after=st.integers(min_value=0, max_value=20 * 86_400),
    stopped_for=st.integers(min_value=0, max_value=30 * 86_400),
    unit=st.sampled_from(list(TimeUnit)),
)
def test_the_python_mirror_restarts_clocks_as_the_contract(
    calendar: Any, mirror: WorkCalendar, start: int, amount: int, stop_after: int, stopped_for: int, unit: TimeUnit
) -> None:
    deadline = mirror.due_time(start, amount, unit)
    stopped, restarted = start + stop_after, start + stop_after + stopped_for
    expected = mirror.restarted_deadline(deadline, stopped, restarted, unit)
    assert calendar.restartedDeadline(deadline, stopped, restarted, int(unit)) == expected
    if unit is TimeUnit.WORKING_DAYS and stopped < deadline:
        # The brief's formulation: the working days left from the stop day to the deadline, counted again
        # after the restart day.
        stop_day, last_day = (stopped + 8 * 3600) // 86_400, (deadline - 1 + 8 * 3600) // 86_400
        left = sum(1 for day in range(stop_day + 1, last_day + 1) if mirror.is_working_day(day))
        if left:
            restart_day = (restarted + 8 * 3600) // 86_400
            assert expected == (mirror.nth_working_day_after(restart_day, left) + 1) * 86_400 - 8 * 3600


# --- the ledger in working days ---------------------------------------------------------------------


@pytest.fixture
def working_day_service(catalog: Any, calendar: Any, admin: Any) -> Any:
    """``working_day_service(policy)``: a one-step service promising 5 working days (legal 20), the step 2."""

    def make(policy: DeadlinePolicy = DeadlinePolicy.FLAG_ONLY) -> bytes:
        service = code(f"WD-{next(_codes)}")
        definition = (
            code("ZD-XPSJ"),
            (20, WORKING_DAYS),
            (5, WORKING_DAYS),
            "工作日事项",
            "Working-day service",
            [(code("ZD-XPSJ"), APPROVER, 2)],
            [],
            [],
            NO_NATIONAL,
        )
        catalog.publishService(service, definition, sender=admin)
        if policy != DeadlinePolicy.FLAG_ONLY:
            catalog.setAutomation(service, 1, ([], int(policy), ZERO, ZERO, ZERO), sender=admin)
        return service

    return make


def _accepted_at(ledger: Any, chain: Any, clerk: Any, service: bytes, when: int) -> tuple[bytes, Any]:
    number = f"WD-{next(_numbers)}"
    application_id = submitted_id(ledger, ledger.submit((number, service, b"\x11" * 32, []), sender=clerk))
    chain.pending_timestamp = when
    return application_id, ledger.accept(application_id, sender=clerk)


# The ledger's tests run in a year of their own, far ahead of the test chain's clock: 2100, with a festival
# from Thursday 4 to Wednesday 10 February and a make-up workday on Saturday 13 February.
FESTIVAL_2100 = CalendarYear(
    2100,
    (Holiday("春节", "Spring Festival", date(2100, 2, 4), date(2100, 2, 10)),),
    (MakeUpWorkday("春节调休上班", "make-up workday", date(2100, 2, 13)),),
)


@pytest.fixture
def festival(calendar: Any, admin: Any) -> WorkCalendar:
    calendar.setYear(2100, list(year_bitmap_words(FESTIVAL_2100.bitmap())), sender=admin)
    return WorkCalendar({2100: FESTIVAL_2100.bitmap()})


def test_the_ledger_counts_the_promise_and_steps_in_working_days_and_stops_the_clock_over_a_holiday(
    ledger: Any, catalog: Any, clerk: Any, approver: Any, chain: Any, festival: WorkCalendar, working_day_service: Any
) -> None:
    app, receipt = _accepted_at(ledger, chain, clerk, working_day_service(), at("2100-02-02 10:00"))
    # Accepted on Tuesday 2 February; 5 working days: 3, 11, 12, 13 (make-up Saturday), 15 February.
    (accepted,) = receipt.events.filter(ledger.ApplicationAccepted)
    assert accepted.deadline == at("2100-02-16 00:00") == ledger.getApplication(app).deadline
    assert accepted.deadline == festival.due_time(at("2100-02-02 10:00"), 5, TimeUnit.WORKING_DAYS)
    assert ledger.getApplication(app).timeUnit == WORKING_DAYS
    # The step's 2 working days: 3 and 11 February.
    assert ledger.stepDeadline(app) == at("2100-02-12 00:00")
    # 补正 asked on Wednesday 3 February, handed in on Thursday 11 February: of the days after the stop day
    # only the 11th is a working day, so the deadlines move on by one working day, not by eight days.
    chain.pending_timestamp = at("2100-02-03 10:00")
    ledger.requestSupplement(app, 3, sender=approver)
    assert ledger.stepDeadline(app) == 0
    chain.pending_timestamp = at("2100-02-11 10:00")
    resubmitted = ledger.resubmit(app, ZERO, sender=clerk)
    (event,) = resubmitted.events.filter(ledger.ApplicationResubmitted)
    assert event.deadline == at("2100-02-17 00:00") == ledger.getApplication(app).deadline  # Tuesday 16th
    assert event.deadline == festival.restarted_deadline(
        at("2100-02-16 00:00"), at("2100-02-03 10:00"), at("2100-02-11 10:00"), TimeUnit.WORKING_DAYS
    )
    assert ledger.stepDeadline(app) == at("2100-02-13 00:00")  # Friday 12th
    assert ledger.keeperViews([app])[0].stepDeadline == at("2100-02-13 00:00")
    # Not overdue until 24:00 on the 12th, overdue a second later.
    chain.pending_timestamp = at("2100-02-12 23:00")
    with ape.reverts(ledger.NotOverdue, applicationId=app, deadline=at("2100-02-13 00:00")):
        ledger.flagOverdue(app, sender=approver)
    chain.pending_timestamp = at("2100-02-13 00:00") + 1
    flagged = ledger.flagOverdue(app, sender=approver)
    assert [log.event_name for log in flagged.events] == ["ApplicationOverdue"]


def test_deemed_approval_applies_after_the_working_day_deadline(
    ledger: Any, chain: Any, festival: WorkCalendar, working_day_service: Any, clerk: Any, outsider: Any
) -> None:
    # Accepted on Wednesday 3 February 2100, the day before the festival: the step's 2 working days are
    # 11 and 12 February, not 4 and 5.
    service = working_day_service(DeadlinePolicy.DEEMED_APPROVAL)
    app, _ = _accepted_at(ledger, chain, clerk, service, at("2100-02-03 10:00"))
    assert ledger.stepDeadline(app) == at("2100-02-13 00:00")
    chain.pending_timestamp = at("2100-02-06 10:00")  # 3 days on: overdue in natural days, not in working days
    with ape.reverts(ledger.NotOverdue, applicationId=app, deadline=at("2100-02-13 00:00")):
        ledger.flagOverdue(app, sender=outsider)
    chain.pending_timestamp = at("2100-02-13 00:00") + 1
    receipt = ledger.flagOverdue(app, sender=outsider)
    assert [log.event_name for log in receipt.events][:3] == [
        "ApplicationOverdue",
        "StepDeemedApproved",
        "ApplicationApproved",
    ]
    assert ledger.getApplication(app).status == COMPLETED


def test_a_promise_longer_than_the_law_or_a_bad_unit_is_refused(catalog: Any, admin: Any) -> None:
    def definition(legal: tuple[int, int], promised: tuple[int, int], step: int = 0) -> tuple[Any, ...]:
        steps = [(code("ZD-XPSJ"), APPROVER, step)]
        return (code("ZD-XPSJ"), legal, promised, "时限", "Limits", steps, [], [], NO_NATIONAL)

    with ape.reverts(catalog.PromisedExceedsLegal, promised=21, legal=20):
        catalog.publishService(code("WD-BAD"), definition((20, WORKING_DAYS), (21, WORKING_DAYS)), sender=admin)
    with ape.reverts(catalog.InvalidTimeLimit):
        catalog.publishService(code("WD-BAD"), definition((0, WORKING_DAYS), (5, WORKING_DAYS)), sender=admin)
    with ape.reverts(catalog.TimeLimitTooLong, amount=3661, max=3660):
        catalog.publishService(code("WD-BAD"), definition((3661, NATURAL_DAYS), (5, WORKING_DAYS)), sender=admin)
    with ape.reverts(catalog.TimeLimitTooLong, amount=3661, max=3660):
        catalog.publishService(code("WD-BAD"), definition((20, WORKING_DAYS), (5, WORKING_DAYS), 3661), sender=admin)
    with ape.reverts(catalog.InvalidTimeUnit, unit=3):
        catalog.publishService(code("WD-BAD"), definition((5, 3), (5, WORKING_DAYS)), sender=admin)
    with ape.reverts(catalog.InvalidTimeUnit, unit=255):
        catalog.publishService(code("WD-BAD"), definition((5, WORKING_DAYS), (5, 255)), sender=admin)
    # Different units are not compared: 45 natural days of law, 30 working days promised.
    catalog.publishService(code("WD-OK"), definition((45, NATURAL_DAYS), (30, WORKING_DAYS)), sender=admin)
    stored = catalog.getServiceVersion(code("WD-OK"), 1)
    assert (tuple(stored.legalTimeLimit), tuple(stored.promisedTimeLimit)) == ((45, NATURAL_DAYS), (30, WORKING_DAYS))
    assert tuple(catalog.openingTerms(code("WD-OK")).promisedTimeLimit) == (30, WORKING_DAYS)
