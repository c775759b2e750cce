"""Free slots from weekly windows, exceptions and busy times: pure functions, no database.

Windows are wall-clock minutes in the host's time zone; every date is turned into UTC
on its own, so a window at 18:00 local stays at 18:00 local on both sides of a DST change.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Window:
    weekday: int  # Monday = 0
    start_minute: int
    end_minute: int


@dataclass(frozen=True)
class Rules:
    session_minutes: int = 60
    buffer_minutes: int = 0
    notice_hours: int = 24
    horizon_days: int = 30
    max_per_day: int | None = None
    max_per_week: int | None = None


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # naive UTC
    ends_at: datetime


def local_to_utc(day: date, minute: int, tz: ZoneInfo, *, strict: bool = True) -> datetime | None:
    """Turn a wall-clock minute of ``day`` into naive UTC.

    A time that does not exist (skipped by the spring change) gives None when ``strict``;
    otherwise it is read with the offset before the change.
    """
    local = datetime.combine(day, time()) + timedelta(minutes=minute)
    utc = local.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
    if strict and utc_to_local(utc, tz).replace(tzinfo=None) != local:
        return None
    return utc


def utc_to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    """Show a naive UTC moment in ``tz`` (an aware datetime)."""
    return moment.replace(tzinfo=UTC).astimezone(tz)


def is_away(day: date, exceptions: Sequence[tuple[date, date]]) -> bool:
    return any(first <= day <= last for first, last in exceptions)


def within_windows(
    starts_at: datetime,
    ends_at: datetime,
    windows: Iterable[Window],
    exceptions: Sequence[tuple[date, date]],
    tz: ZoneInfo,
) -> bool:
    """Tell whether [starts_at, ends_at) lies inside one window on a day the host is in."""
    day = utc_to_local(starts_at, tz).date()
    if is_away(day, exceptions):
        return False
    for window in windows:
        if window.weekday != day.weekday():
            continue
        opens = local_to_utc(day, window.start_minute, tz, strict=False)
        closes = local_to_utc(day, window.end_minute, tz, strict=False)
        assert opens is not None and closes is not None
        if opens <= starts_at and ends_at <= closes:
            return True
    return False


class Busy:
    """Busy intervals sorted by start, for fast overlap questions."""

    def __init__(self, intervals: Iterable[tuple[datetime, datetime]]) -> None:
        self.intervals = sorted(intervals)
        self.starts = [start for start, _ in self.intervals]
        self.longest = max((end - start for start, end in self.intervals), default=timedelta(0))

    def clashes(self, starts_at: datetime, ends_at: datetime, buffer: timedelta) -> bool:
        """Tell whether [starts_at, ends_at), widened by ``buffer`` each side, meets a busy time."""
        low = bisect_left(self.starts, starts_at - buffer - self.longest)
        for start, end in self.intervals[low:]:
            if start >= ends_at + buffer:
                return False
            if end + buffer > starts_at:
                return True
        return False


def week_key(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week


def free_slots(
    *,
    windows: Sequence[Window],
    exceptions: Sequence[tuple[date, date]],
    busy: Busy,
    booked_starts: Iterable[datetime],
    rules: Rules,
    tz: ZoneInfo,
    first_day: date,
    last_day: date,
    now: datetime,
) -> list[Slot]:
    """List bookable slots on local days ``first_day``..``last_day`` (inclusive)."""
    length = timedelta(minutes=rules.session_minutes)
    step = timedelta(minutes=rules.session_minutes + rules.buffer_minutes)
    buffer = timedelta(minutes=rules.buffer_minutes)
    earliest = now + timedelta(hours=rules.notice_hours)
    latest = now + timedelta(days=rules.horizon_days)
    local_days = [utc_to_local(start, tz).date() for start in booked_starts]
    per_day = Counter(local_days)
    per_week = Counter(week_key(day) for day in local_days)
    by_weekday: dict[int, list[Window]] = {}
    for window in windows:
        by_weekday.setdefault(window.weekday, []).append(window)
    slots: list[Slot] = []
    day = max(first_day, utc_to_local(earliest, tz).date())
    last_day = min(last_day, utc_to_local(latest, tz).date())
    while day <= last_day:
        todays = by_weekday.get(day.weekday())
        if todays and not is_away(day, exceptions) and _has_room(day, per_day, per_week, rules):
            for window in todays:
                slots.extend(
                    _window_slots(day, window, tz, length, step, earliest, latest, busy, buffer)
                )
        day += timedelta(days=1)
    slots.sort(key=lambda slot: slot.starts_at)
    return slots


def _has_room(
    day: date, per_day: Counter[date], per_week: Counter[tuple[int, int]], rules: Rules
) -> bool:
    if rules.max_per_day is not None and per_day[day] >= rules.max_per_day:
        return False
    return rules.max_per_week is None or per_week[week_key(day)] < rules.max_per_week


def _window_slots(
    day: date,
    window: Window,
    tz: ZoneInfo,
    length: timedelta,
    step: timedelta,
    earliest: datetime,
    latest: datetime,
    busy: Busy,
    buffer: timedelta,
) -> Iterable[Slot]:
    closes = local_to_utc(day, window.end_minute, tz, strict=False)
    assert closes is not None
    minute = window.start_minute
    step_minutes = int(step.total_seconds() // 60)
    while minute + length.total_seconds() // 60 <= window.end_minute:
        start = local_to_utc(day, minute, tz)
        minute += step_minutes
        if start is None or start < earliest or start > latest:
            continue
        end = start + length
        if end > closes or busy.clashes(start, end, buffer):
            continue
        yield Slot(start, end)
