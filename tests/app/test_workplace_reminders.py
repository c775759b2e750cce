"""A new assessment round reminds, once, everyone who has yet to answer it (through the outbox)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from mentoring.extensions import db
from mentoring.notices.jobs import find_due
from mentoring.notices.rendering import EmailRenderer
from mentoring.outbox.models import NotificationPreference, OutboxMessage
from mentoring.outbox.store import SqlOutbox
from notifications.model import Kind
from tests.factories import make_user
from tests.notices_factories import FakeSessions
from tests.workplace_factories import assess, employ, make_round, workplace

# 2027-01-11 is a Monday; Stockholm is UTC+1 in January.
MORNING = datetime(2027, 1, 11, 9, 0)


def _world():  # type: ignore[no-untyped-def]
    programme, cohort, units, nurse = workplace({"Outlook": 3})
    make_round(programme, 1, date(2026, 9, 1))
    second = make_round(programme, 2, date(2027, 1, 11))
    waiting = make_user(locale="sv", name="Saga Lind")
    answered = make_user()
    no_job = make_user()
    employ(waiting, cohort, units["Care/North"], nurse)
    employ(answered, cohort, units["Care/North"], nurse)
    employ(no_job, cohort, units["Care/North"], None)
    assess(answered, second, {"Outlook": 3})
    return programme, second, waiting


def _rows() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == Kind.REASSESSMENT.value)
        )
    )


def test_the_round_reminds_only_those_who_have_not_answered_and_only_once(app: Flask) -> None:
    _programme, second, waiting = _world()
    assert find_due(datetime(2027, 1, 10, 9, 0), ("reassessments",)) == 0  # not started yet
    assert find_due(MORNING, ("reassessments",)) == 1
    assert find_due(MORNING.replace(hour=15), ("reassessments",)) == 0
    [row] = _rows()
    assert (row.recipient_id, row.occasion) == (waiting.id, f"round:{second.id}")
    assert find_due(datetime(2027, 2, 1, 9, 0), ("reassessments",)) == 0  # two weeks on


def test_a_declined_reminder_is_not_queued_and_quiet_hours_wait(app: Flask) -> None:
    _programme, _second, waiting = _world()
    db.session.add(NotificationPreference(user_id=waiting.id, kind=Kind.REASSESSMENT.value))
    db.session.commit()
    assert find_due(MORNING, ("reassessments",)) == 0
    db.session.query(NotificationPreference).delete()
    db.session.commit()
    late = datetime(2027, 1, 11, 22, 30)  # 23:30 in Stockholm
    find_due(late, ("reassessments",))
    [row] = _rows()
    assert row.next_attempt_at == datetime(2027, 1, 12, 7, 0)  # 08:00 in Stockholm


def test_the_reminder_is_written_in_the_readers_language(app: Flask) -> None:
    _programme, _second, waiting = _world()
    find_due(MORNING, ("reassessments",))
    [claimed] = SqlOutbox(db.session).claim("test", MORNING, 10, timedelta(minutes=5))
    email = EmailRenderer(db.session, FakeSessions()).render(claimed)
    assert email is not None and email.to == waiting.email
    assert email.subject == "Dags att skatta dina digitala färdigheter igen"
    assert "/my/assessment" in email.body
