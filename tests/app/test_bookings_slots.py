"""Free slots: DST weeks in Europe/Stockholm, notice, horizon, buffers, caps and days away."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from mentoring.bookings.slots import Busy, Rules, Window, free_slots, within_windows

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TUESDAY_18 = Window(weekday=1, start_minute=18 * 60, end_minute=19 * 60)


def slots(windows, first, last, *, now, busy=(), booked=(), away=(), **rules):
    return [
        s.starts_at
        for s in free_slots(
            windows=windows,
            exceptions=list(away),
            busy=Busy(busy),
            booked_starts=booked,
            rules=Rules(**{"notice_hours": 0, "horizon_days": 365, **rules}),
            tz=STOCKHOLM,
            first_day=first,
            last_day=last,
            now=now,
        )
    ]


def test_weekly_window_stays_at_local_time_across_the_spring_change() -> None:
    found = slots([TUESDAY_18], date(2026, 3, 23), date(2026, 4, 5), now=datetime(2026, 3, 1))
    # 18:00 CET is 17:00 UTC; after Sunday 29 March, 18:00 CEST is 16:00 UTC.
    assert found == [datetime(2026, 3, 24, 17), datetime(2026, 3, 31, 16)]


def test_weekly_window_stays_at_local_time_across_the_autumn_change() -> None:
    found = slots([TUESDAY_18], date(2026, 10, 19), date(2026, 11, 1), now=datetime(2026, 10, 1))
    assert found == [datetime(2026, 10, 20, 16), datetime(2026, 10, 27, 17)]


def test_a_local_time_skipped_by_the_spring_change_is_not_offered() -> None:
    night = Window(weekday=6, start_minute=60, end_minute=4 * 60)  # Sunday 01:00-04:00
    found = slots([night], date(2026, 3, 29), date(2026, 3, 29), now=datetime(2026, 3, 1))
    # 01:00 CET = 00:00 UTC; 02:00 does not exist; 03:00 CEST = 01:00 UTC.
    assert found == [datetime(2026, 3, 29, 0), datetime(2026, 3, 29, 1)]


def test_the_repeated_hour_of_the_autumn_change_is_offered_once() -> None:
    night = Window(weekday=6, start_minute=60, end_minute=4 * 60)
    found = slots([night], date(2026, 10, 25), date(2026, 10, 25), now=datetime(2026, 10, 1))
    assert found == [
        datetime(2026, 10, 24, 23),
        datetime(2026, 10, 25, 0),
        datetime(2026, 10, 25, 2),
    ]


def test_notice_and_horizon_limit_the_offered_slots() -> None:
    every_day = [Window(d, 10 * 60, 11 * 60) for d in range(7)]
    now = datetime(2026, 5, 4, 8, 30)  # Monday 10:30 local
    found = slots(
        every_day, date(2026, 5, 1), date(2026, 6, 30), now=now, notice_hours=24, horizon_days=3
    )
    # Tuesday 10:00 local is 23.5 h away (too soon); Wed and Thu fit; Fri is beyond 3 days.
    assert found == [datetime(2026, 5, 6, 8), datetime(2026, 5, 7, 8)]


def test_buffer_keeps_a_break_around_busy_times() -> None:
    monday = Window(0, 9 * 60, 13 * 60)
    busy = [(datetime(2026, 5, 4, 8), datetime(2026, 5, 4, 9))]  # 10:00-11:00 local
    found = slots(
        [monday],
        date(2026, 5, 4),
        date(2026, 5, 4),
        now=datetime(2026, 5, 1),
        busy=busy,
        buffer_minutes=15,
    )
    # Grid 09:00, 10:15, 11:30 local; 09:00 ends 15 min before the busy hour starts but
    # needs a 15-minute break, so it clashes; 11:30 starts 30 min after the busy hour ends.
    assert found == [datetime(2026, 5, 4, 9, 30)]


def test_back_to_back_slots_without_buffer() -> None:
    monday = Window(0, 10 * 60, 12 * 60)
    busy = [(datetime(2026, 5, 4, 8), datetime(2026, 5, 4, 9))]
    found = slots([monday], date(2026, 5, 4), date(2026, 5, 4), now=datetime(2026, 5, 1), busy=busy)
    assert found == [datetime(2026, 5, 4, 9)]


def test_daily_and_weekly_caps_hide_full_days() -> None:
    weekdays = [Window(d, 10 * 60, 12 * 60) for d in range(5)]
    booked = [datetime(2026, 5, 4, 8)]
    found = slots(
        weekdays,
        date(2026, 5, 4),
        date(2026, 5, 5),
        now=datetime(2026, 5, 1),
        booked=booked,
        max_per_day=1,
    )
    assert [s.date() for s in found] == [date(2026, 5, 5), date(2026, 5, 5)]
    capped = slots(
        weekdays,
        date(2026, 5, 4),
        date(2026, 5, 12),
        now=datetime(2026, 5, 1),
        booked=booked,
        max_per_week=1,
    )
    assert {s.date() for s in capped} == {date(2026, 5, 11), date(2026, 5, 12)}


def test_days_away_have_no_slots() -> None:
    weekdays = [Window(d, 10 * 60, 11 * 60) for d in range(5)]
    away = [(date(2026, 5, 5), date(2026, 5, 6))]
    found = slots(weekdays, date(2026, 5, 4), date(2026, 5, 8), now=datetime(2026, 5, 1), away=away)
    assert [s.date() for s in found] == [date(2026, 5, 4), date(2026, 5, 7), date(2026, 5, 8)]


def test_within_windows_follows_local_time() -> None:
    start = datetime(2026, 3, 31, 16)  # 18:00 CEST
    assert within_windows(start, start + timedelta(hours=1), [TUESDAY_18], [], STOCKHOLM)
    assert not within_windows(
        start + timedelta(hours=1), start + timedelta(hours=2), [TUESDAY_18], [], STOCKHOLM
    )
