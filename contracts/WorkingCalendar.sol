// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TimeUnit} from "./common/Types.sol";
import {SuiteUpgradeable} from "./common/SuiteUpgradeable.sol";
import {IVersioned} from "./interfaces/IVersioned.sol";
import {IWorkingCalendar} from "./interfaces/IWorkingCalendar.sol";

/// @title WorkingCalendar
/// @notice The suite's working-day calendar: a bitmap of working days per year, set through governance,
/// and the arithmetic of time limits over it (the ledger only calls it).
contract WorkingCalendar is IWorkingCalendar, SuiteUpgradeable {
    /// @notice Role that sets a year's working days (governance).
    bytes32 public constant CALENDAR_ADMIN_ROLE = keccak256("CALENDAR_ADMIN_ROLE");
    /// @notice First year that can be set.
    uint256 public constant MIN_YEAR = 2000;
    /// @notice Last year that can be set.
    uint256 public constant MAX_YEAR = 2199;
    /// @notice Fewest working days a year set may have (a guard against a mistyped bitmap).
    uint256 public constant MIN_WORKING_DAYS = 200;
    /// @notice Longest period counted in days (about ten years); in hours, 24 times as many.
    uint256 public constant MAX_PERIOD_DAYS = 3660;

    /// @dev Beijing time is UTC+8 all year.
    uint256 private constant _OFFSET = 8 hours;

    /// @dev One year's working days.
    struct Year {
        uint256[2] bitmap; // bit i: day i of the year (0 = 1 January) is a working day
        bool set; // the bitmap was set; otherwise Monday to Friday count
    }

    /// @dev The year a day belongs to, with its first and one-past-last day, read once per year.
    struct Cursor {
        uint256 first; // day number of 1 January
        uint256 end; // day number of the next 1 January
        bool set;
        uint256[2] bitmap;
    }

    /// @custom:storage-location erc7201:zhangdian.storage.WorkingCalendar
    struct WorkingCalendarStorage {
        mapping(uint256 year => Year) calendarYears;
    }

    // keccak256(abi.encode(uint256(keccak256("zhangdian.storage.WorkingCalendar")) - 1)) & ~bytes32(uint256(0xff)) (ERC-7201)
    bytes32 private constant _STORAGE_LOCATION = 0x6462e59219c5dcf121c2459b37c94580337f390bc20ef676e5e71e0cedaf9600;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @dev The proxy's set-up ({initialize}): the admin role, then the calendar-admin role for the first admin.
    function _initializeSuite(address admin) internal override onlyInitializing {
        super._initializeSuite(admin);
        _grantRole(CALENDAR_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IVersioned
    function version() external pure virtual returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IWorkingCalendar
    function setYear(uint256 year, uint256[2] calldata bitmap) external onlyRole(CALENDAR_ADMIN_ROLE) {
        if (year < MIN_YEAR || year > MAX_YEAR) revert InvalidYear(year);
        uint256 length = _yearStart(year + 1) - _yearStart(year);
        uint256 count = _popCount(bitmap[0]) + _popCount(bitmap[1]);
        // Day 365 (the 366th) is bit 109 of the second word: nothing above the year's last day may be set.
        if (bitmap[1] >> (length - 256) != 0 || count < MIN_WORKING_DAYS) revert InvalidYearDays(year, count);
        Year storage stored = _s().calendarYears[year];
        stored.bitmap = bitmap;
        stored.set = true;
        emit YearSet(year, bitmap[0], bitmap[1], count, _msgSender());
    }

    /// @inheritdoc IWorkingCalendar
    function isYearSet(uint256 year) external view returns (bool) {
        return _s().calendarYears[year].set;
    }

    /// @inheritdoc IWorkingCalendar
    function yearDays(uint256 year) external view returns (uint256[2] memory) {
        return _s().calendarYears[year].bitmap;
    }

    /// @inheritdoc IWorkingCalendar
    function isWorkingDay(uint256 timestamp) external view returns (bool) {
        uint256 day = _day(timestamp);
        Cursor memory cursor = _cursor(day);
        return _isWorking(cursor, day);
    }

    /// @inheritdoc IWorkingCalendar
    function dueTime(uint256 start, uint256 amount, TimeUnit unit) external view returns (uint40) {
        if (unit == TimeUnit.Hours) {
            if (amount > MAX_PERIOD_DAYS * 24) revert PeriodTooLong(amount, MAX_PERIOD_DAYS * 24);
            return uint40(start + amount * 1 hours);
        }
        if (amount > MAX_PERIOD_DAYS) revert PeriodTooLong(amount, MAX_PERIOD_DAYS);
        uint256 day = _day(start);
        uint256 last = unit == TimeUnit.NaturalDays ? day + amount : _nthWorkingDayAfter(day, amount);
        return uint40(_dayStart(last + 1));
    }

    /// @inheritdoc IWorkingCalendar
    function restartedDeadline(uint256 deadline, uint256 stoppedAt, uint256 restartedAt, TimeUnit unit)
        external
        view
        returns (uint40)
    {
        if (restartedAt < stoppedAt) revert RestartBeforeStop(stoppedAt, restartedAt);
        if (deadline == 0) return 0;
        if (unit != TimeUnit.WorkingDays) return uint40(deadline + (restartedAt - stoppedAt));
        // The working days after the stop day, up to and including the restart day, were not worked on
        // the application: the deadline moves on by as many working days. Its last day is the day before
        // 24:00, i.e. the day of its last second.
        uint256 stopDay = _day(stoppedAt);
        uint256 restartDay = _day(restartedAt);
        uint256 lost = 0;
        Cursor memory cursor = _cursor(stopDay);
        for (uint256 day = stopDay + 1; day <= restartDay; ++day) {
            if (day >= cursor.end) cursor = _cursor(day);
            if (_isWorking(cursor, day)) ++lost;
        }
        if (lost == 0) return uint40(deadline);
        uint256 lastDay = _day(deadline - 1);
        return uint40(deadline + (_nthWorkingDayAfter(lastDay, lost) - lastDay) * 1 days);
    }

    /// @dev The day number of the `n`-th working day after day `day` (`day` itself when `n` is 0).
    function _nthWorkingDayAfter(uint256 day, uint256 n) private view returns (uint256) {
        Cursor memory cursor = _cursor(day);
        while (n != 0) {
            ++day;
            if (day >= cursor.end) cursor = _cursor(day);
            if (_isWorking(cursor, day)) --n;
        }
        return day;
    }

    /// @dev Whether `day` (inside the cursor's year) is a working day.
    function _isWorking(Cursor memory cursor, uint256 day) private pure returns (bool) {
        if (!cursor.set) return (day + 3) % 7 < 5; // day 0, 1 January 1970, was a Thursday (weekday 3)
        uint256 index = day - cursor.first;
        return (cursor.bitmap[index >> 8] >> (index & 0xff)) & 1 == 1;
    }

    /// @dev The year of `day`, read from storage.
    function _cursor(uint256 day) private view returns (Cursor memory cursor) {
        uint256 year = 1970 + day / 365;
        while (_yearStart(year) > day) --year;
        cursor.first = _yearStart(year);
        cursor.end = _yearStart(year + 1);
        Year storage stored = _s().calendarYears[year];
        cursor.set = stored.set;
        if (cursor.set) cursor.bitmap = stored.bitmap;
    }

    /// @dev Day number (days since 1 January 1970, Beijing time) of 1 January of `year` (>= 1970).
    function _yearStart(uint256 year) private pure returns (uint256) {
        uint256 y = year - 1;
        // 477 leap years up to 1969: 1969/4 - 1969/100 + 1969/400.
        return 365 * (year - 1970) + (y / 4 - y / 100 + y / 400) - 477;
    }

    /// @dev The Beijing calendar day that contains `timestamp`.
    function _day(uint256 timestamp) private pure returns (uint256) {
        return (timestamp + _OFFSET) / 1 days;
    }

    /// @dev 00:00 Beijing time of day `day` (Unix time); day 0 starts at 16:00 UTC on 31 December 1969.
    function _dayStart(uint256 day) private pure returns (uint256) {
        return day * 1 days - _OFFSET;
    }

    function _popCount(uint256 word) private pure returns (uint256 count) {
        while (word != 0) {
            word &= word - 1;
            ++count;
        }
    }

    function _s() private pure returns (WorkingCalendarStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_LOCATION
        }
    }
}
