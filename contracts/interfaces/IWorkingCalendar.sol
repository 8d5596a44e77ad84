// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {TimeUnit} from "../common/Types.sol";
import {IVersioned} from "./IVersioned.sol";

/// @title IWorkingCalendar
/// @notice The working-day calendar (工作日历) the suite counts its time limits in: for each year, which
/// Beijing calendar days (UTC+8) are working days, as the State Council's holiday notice sets them
/// (statutory holidays off, make-up workdays on). A year not set counts Monday to Friday as working days.
/// Periods start counting on the day after their start (民法典 Art. 201) and end at 24:00 Beijing time
/// of their last day; periods in hours end exactly that many hours after their start.
interface IWorkingCalendar is IVersioned {
    /// @notice The working days of `year` were set: bit `i` of `bitmapLow` (days 0-255) and bit `i - 256` of
    /// `bitmapHigh` (days 256-365) are set when the year's day `i` (0 = 1 January) is a working day.
    event YearSet(uint256 indexed year, uint256 bitmapLow, uint256 bitmapHigh, uint256 workingDays, address actor);

    /// @notice `year` is outside MIN_YEAR..MAX_YEAR.
    error InvalidYear(uint256 year);
    /// @notice The bitmap of `year` marks a day past the year's end, or fewer than MIN_WORKING_DAYS
    /// working days (`workingDays` counted).
    error InvalidYearDays(uint256 year, uint256 workingDays);
    /// @notice A period of `amount` is longer than the calendar counts (`max`, in the same unit).
    error PeriodTooLong(uint256 amount, uint256 max);
    /// @notice A clock cannot restart (`restartedAt`) before it stopped (`stoppedAt`).
    error RestartBeforeStop(uint256 stoppedAt, uint256 restartedAt);

    /// @notice Set the working days of `year` (a year set before is replaced).
    /// @dev Requirements: caller holds CALENDAR_ADMIN_ROLE (governance); MIN_YEAR <= year <= MAX_YEAR
    /// ({InvalidYear}); no bit past the year's last day and at least MIN_WORKING_DAYS working days
    /// ({InvalidYearDays}). Emits {YearSet}.
    /// @param year The year (Gregorian).
    /// @param bitmap The bitmap: bit `i` set when day `i` of the year (0 = 1 January) is a working day.
    function setYear(uint256 year, uint256[2] calldata bitmap) external;

    /// @notice Whether the working days of `year` were set; if not, Monday to Friday count.
    /// @param year The year.
    /// @return True once {setYear} set it.
    function isYearSet(uint256 year) external view returns (bool);

    /// @notice The bitmap of `year`'s working days, as set (all zero when not set).
    /// @param year The year.
    /// @return bitmap The bitmap (see {setYear}).
    function yearDays(uint256 year) external view returns (uint256[2] memory bitmap);

    /// @notice Whether the Beijing calendar day that contains `timestamp` is a working day.
    /// @param timestamp Any second of the day (Unix time).
    /// @return True for a working day.
    function isWorkingDay(uint256 timestamp) external view returns (bool);

    /// @notice When a period of `amount` `unit`s that starts at `start` ends: for days, 24:00 Beijing time
    /// of the `amount`-th (working or calendar) day after the start day, which is not counted; for hours,
    /// `start + amount * 3600`.
    /// @dev Reverts with {PeriodTooLong} above MAX_PERIOD_DAYS days (MAX_PERIOD_DAYS * 24 hours).
    /// @param start The start (Unix time).
    /// @param amount How many units; 0 ends at the end of the start day (at the start for hours).
    /// @param unit The unit.
    /// @return The end of the period (Unix time).
    function dueTime(uint256 start, uint256 amount, TimeUnit unit) external view returns (uint40);

    /// @notice The deadline of a clock that stopped at `stoppedAt` and restarts at `restartedAt`: in
    /// working days, the working days that remained from the stop day to the deadline are counted again
    /// after the restart day (equivalently, the deadline moves on by the working days after the stop day up
    /// to the restart day); in natural days and hours, it moves on by the time stopped.
    /// @dev A zero deadline stays zero. Reverts with {RestartBeforeStop}.
    /// @param deadline The deadline before the stop (Unix time; for working days, 24:00 of a day).
    /// @param stoppedAt When the clock stopped.
    /// @param restartedAt When it restarts.
    /// @param unit The unit the deadline counts in.
    /// @return The new deadline.
    function restartedDeadline(uint256 deadline, uint256 stoppedAt, uint256 restartedAt, TimeUnit unit)
        external
        view
        returns (uint40);
}
