"""Reminder rules, tested without Flask or a database: due-finders, quiet hours, backoff."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from notifications.model import ClaimedMessage, Email, Kind, OutboxItem, Recipient
from notifications.planning import after_quiet_hours, plan
from notifications.ports import Deliver
from notifications.reminders import (
    find_check_ins,
    find_digests,
    find_inactivity,
    find_outcome_follow_ups,
    reminders_for_session,
)
from notifications.sender import backoff, retry_at, send_pending
from notifications.sources import (
    CheckInSubject,
    EndedEnrolment,
    PersonActivity,
    StaffDigest,
    UpcomingSession,
)

NOW = datetime(2026, 3, 10, 11, 0)  # Tuesday, 12:00 in Stockholm


def test_quiet_hours_defer_to_eight_in_the_recipients_time_zone() -> None:
    evening = datetime(2026, 3, 10, 21, 30)  # 22:30 in Stockholm
    assert after_quiet_hours(evening, "Europe/Stockholm") == datetime(2026, 3, 11, 7, 0)
    early = datetime(2026, 3, 10, 5, 0)  # 06:00 in Stockholm, 07:00 in Helsinki
    assert after_quiet_hours(early, "Europe/Stockholm") == datetime(2026, 3, 10, 7, 0)
    assert after_quiet_hours(early, "Europe/Helsinki") == datetime(2026, 3, 10, 6, 0)
    assert after_quiet_hours(NOW, "Europe/Stockholm") == NOW
    # Summer time: 08:00 in Stockholm is 06:00 UTC.
    assert after_quiet_hours(datetime(2026, 6, 1, 2, 0), "Europe/Stockholm") == datetime(
        2026, 6, 1, 6, 0
    )


def _person(user_id: int = 1, declined: frozenset[str] = frozenset()) -> Recipient:
    return Recipient(user_id, f"p{user_id}@x.org", "sv", "Europe/Stockholm", declined)


def _item(kind: Kind, at: datetime, expires: datetime | None = None) -> OutboxItem:
    return OutboxItem(1, kind, "o", "t", {}, at, expires)


def test_plan_respects_choices_but_never_drops_session_reminders() -> None:
    person = _person(declined=frozenset({"check_in", "session_1h"}))
    planned = plan(
        [_item(Kind.CHECK_IN, NOW), _item(Kind.SESSION_1H, NOW), _item(Kind.DIGEST, NOW)],
        {1: person},
        NOW,
    )
    assert [item.kind for item in planned] == [Kind.SESSION_1H, Kind.DIGEST]


def test_only_the_one_hour_reminder_is_sent_in_quiet_hours() -> None:
    night = datetime(2026, 3, 10, 22, 0)  # 23:00 in Stockholm
    one_hour, day_before, nudge = plan(
        [
            _item(Kind.SESSION_1H, night, night + timedelta(minutes=45)),
            _item(Kind.SESSION_24H, night, night + timedelta(hours=12)),
            _item(Kind.INACTIVITY, night, night + timedelta(hours=2)),
        ],
        {1: _person()},
        night,
    )
    assert one_hour.not_before == night and one_hour.skip_reason is None
    assert day_before.not_before == datetime(2026, 3, 11, 7, 0) and day_before.skip_reason is None
    assert nudge.skip_reason == "quiet hours"


def test_a_moved_session_is_a_new_occasion() -> None:
    first = UpcomingSession("booking", 7, NOW, NOW + timedelta(hours=1), (1, 2))
    moved = UpcomingSession("booking", 7, NOW + timedelta(days=1), NOW, (1, 2))
    old = {item.occasion for item in reminders_for_session(first)}
    new = {item.occasion for item in reminders_for_session(moved)}
    assert old.isdisjoint(new)
    assert len(reminders_for_session(first)) == 4  # two people, two reminders each


@dataclass
class Activity:
    people: list[PersonActivity]

    def activity(self, now: datetime) -> list[PersonActivity]:
        return self.people


def _silent(days: int, user_id: int = 5) -> PersonActivity:
    return PersonActivity(user_id, "Aino", NOW - timedelta(days=days), 1, (90, 91))


def test_inactivity_nudges_escalate_then_tell_the_coordinators() -> None:
    assert find_inactivity(NOW, Activity([_silent(6)])) == []
    (first,) = find_inactivity(NOW, Activity([_silent(8)]))
    assert first.template == "reminder_inactivity" and first.occasion.endswith(":7")
    (second,) = find_inactivity(NOW, Activity([_silent(15)]))
    assert second.template == "reminder_still_with_us" and second.occasion.endswith(":14")
    (third,) = find_inactivity(NOW, Activity([_silent(22)]))
    assert third.occasion.endswith(":21")
    at_risk = find_inactivity(NOW, Activity([_silent(29)]))
    assert {(item.recipient_id, item.kind) for item in at_risk} == {
        (90, Kind.AT_RISK),
        (91, Kind.AT_RISK),
    }


def test_the_same_silence_is_one_occasion_and_a_new_one_is_another() -> None:
    monday = find_inactivity(NOW, Activity([_silent(8)]))
    active_again = find_inactivity(NOW + timedelta(days=9), Activity([_silent(8)]))
    assert monday[0].occasion != active_again[0].occasion
    same_streak = PersonActivity(5, "Aino", NOW - timedelta(days=8), 1, ())
    again = find_inactivity(NOW + timedelta(days=1), Activity([same_streak]))
    assert again[0].occasion == monday[0].occasion


@dataclass
class Subjects:
    subjects: list[CheckInSubject]

    def active_subjects(self, now: datetime) -> list[CheckInSubject]:
        return self.subjects


def test_check_ins_are_due_every_n_days_per_subject() -> None:
    pairing = CheckInSubject("pairing", 3, (1, 2), NOW - timedelta(days=15), every_days=14)
    fresh = CheckInSubject("group", 4, (7, 8, 9), NOW - timedelta(days=3), every_days=14)
    items = find_check_ins(NOW, Subjects([pairing, fresh]))
    assert {(i.recipient_id, i.occasion) for i in items} == {(1, "pairing:3:1"), (2, "pairing:3:1")}
    later = find_check_ins(NOW + timedelta(days=14), Subjects([pairing]))
    assert {i.occasion for i in later} == {"pairing:3:2"}


@dataclass
class Ended:
    rows: list[EndedEnrolment]
    asked: list[tuple[date, date]] = field(default_factory=list)

    def ended_between(self, first: date, last: date) -> list[EndedEnrolment]:
        self.asked.append((first, last))
        return [row for row in self.rows if first <= row.ended_on <= last]


def test_outcome_follow_up_six_months_after_the_enrolment_ended() -> None:
    source = Ended([EndedEnrolment(11, 1, date(2025, 9, 8), "Digital Bridge")])
    (item,) = find_outcome_follow_ups(NOW, source)
    assert item.kind == Kind.OUTCOME_FOLLOW_UP and item.occasion == "enrolment:11"
    assert item.not_before == NOW and item.expires_at is not None and item.expires_at > NOW
    assert find_outcome_follow_ups(NOW - timedelta(days=5), source) == []


@dataclass
class Digests:
    def digests(self, now: datetime, at_risk_since: datetime) -> list[StaffDigest]:
        return [StaffDigest(40, ("Aino", "Mikko"), 3, 1)]


def test_one_digest_per_person_per_week() -> None:
    tuesday = find_digests(NOW, Digests())
    sunday = find_digests(NOW + timedelta(days=5), Digests())
    monday = find_digests(NOW + timedelta(days=6), Digests())
    assert tuesday[0].occasion == sunday[0].occasion != monday[0].occasion
    assert tuesday[0].context["at_risk_count"] == 2


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() / 60 for n in range(1, 6)] == [1, 2, 4, 8, 16]
    assert backoff(30) == timedelta(hours=2)


def test_a_retry_waits_for_the_morning_unless_the_kind_is_urgent() -> None:
    evening = datetime(2026, 3, 10, 19, 59)  # 20:59 in Stockholm; the retry would fall at 21:00
    morning = datetime(2026, 3, 11, 7, 0)  # 08:00 in Stockholm
    for kind, expected in [
        (Kind.DIGEST, morning),
        (Kind.CHECK_IN, morning),
        (Kind.SESSION_1H, evening + timedelta(minutes=1)),
        (Kind.ACCOUNT, evening + timedelta(minutes=1)),
    ]:
        message = ClaimedMessage(1, 7, kind, "o", "t", {}, 1, None, "Europe/Stockholm")
        assert retry_at(message, evening) == expected, kind
    helsinki = ClaimedMessage(1, 7, Kind.DIGEST, "o", "t", {}, 1, None, "Europe/Helsinki")
    assert retry_at(helsinki, datetime(2026, 3, 10, 18, 59)) == datetime(2026, 3, 11, 6, 0)


@dataclass
class Row:
    item: OutboxItem
    at: datetime
    status: str = "pending"
    attempts: int = 0


@dataclass
class MemoryStore:
    """An outbox in a dict, enough to drive the sender's rules."""

    rows: dict[int, Row] = field(default_factory=dict)

    def add(self, items: Sequence[OutboxItem], now: datetime) -> int:
        for item in items:
            self.rows[len(self.rows) + 1] = Row(item, item.not_before)
        return len(items)

    def claim(
        self, worker: str, now: datetime, limit: int, lease: timedelta
    ) -> list[ClaimedMessage]:
        due = [(k, r) for k, r in self.rows.items() if r.status == "pending" and r.at <= now]
        for _key, row in due[:limit]:
            row.status, row.attempts = "sending", row.attempts + 1
        return [
            ClaimedMessage(
                key,
                r.item.recipient_id,
                r.item.kind,
                r.item.occasion,
                r.item.template,
                r.item.context,
                r.attempts,
                r.item.expires_at,
            )
            for key, r in due[:limit]
        ]

    def mark_sent(self, message_id: int, now: datetime) -> None:
        self.rows[message_id].status = "sent"

    def mark_retry(self, message_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        self.rows[message_id].status, self.rows[message_id].at = "pending", retry_at

    def mark_failed(self, message_id: int, now: datetime, error: str) -> None:
        self.rows[message_id].status = "failed"

    def mark_skipped(self, message_id: int, now: datetime, reason: str) -> None:
        self.rows[message_id].status = "skipped"


class Renderer:
    def prepare(self, messages: Sequence[ClaimedMessage]) -> None:
        pass

    def render(self, message: ClaimedMessage) -> Email | None:
        return Email(to="p@x.org", subject="s", body="b")


@dataclass
class FlakyTransport:
    failures_left: int
    delivered: list[Email] = field(default_factory=list)

    @contextmanager
    def connect(self) -> Iterator[Deliver]:
        if self.failures_left > 0:
            self.failures_left -= 1
            raise ConnectionRefusedError("no server")
        yield self.delivered.append


def test_sender_retries_with_backoff_then_delivers_once() -> None:
    store, transport = MemoryStore(), FlakyTransport(failures_left=3)
    store.add([_item(Kind.DIGEST, NOW)], NOW)
    clock = NOW
    for _ in range(4):
        send_pending(store, Renderer(), transport, clock=lambda at=clock: at, worker="w")
        clock = store.rows[1].at
    assert store.rows[1].status == "sent" and len(transport.delivered) == 1
    assert clock == NOW + timedelta(minutes=1 + 2 + 4)


def test_sender_gives_up_after_the_limit_and_says_so() -> None:
    store, transport = MemoryStore(), FlakyTransport(failures_left=100)
    store.add([_item(Kind.DIGEST, NOW)], NOW)
    for attempt in range(6):
        later = NOW + timedelta(days=1 + attempt)
        report = send_pending(
            store, Renderer(), transport, clock=lambda at=later: at, worker="w", max_attempts=6
        )
    assert report.failed == 1 and store.rows[1].status == "failed"
