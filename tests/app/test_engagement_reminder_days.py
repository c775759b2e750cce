"""Each programme sets how often pairs and groups check in, and when silence is nudged."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.activity.models import EngagementSettings
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.matches import pairings, runs
from mentoring.notices.jobs import find_due
from mentoring.outbox.models import OutboxMessage
from tests.auth import AuthActions
from tests.matches_factories import make_mentee, make_mentor, matching_cohort

# Profiles are stamped with the real clock, so the test's clock starts from it.
NOW = utcnow() + timedelta(minutes=1)


def _kinds() -> list[str]:
    return list(db.session.scalars(sa.select(OutboxMessage.kind).order_by(OutboxMessage.id)))


def _active_pairing():  # type: ignore[no-untyped-def]
    cohort, coordinator = matching_cohort()
    mentee, mentor = make_mentee(cohort), make_mentor(cohort)
    for person in (mentee, mentor):
        person.last_login_at = NOW
    [pairing] = runs.publish(
        coordinator, runs.run_matching(cohort, coordinator, now=NOW).id, now=NOW
    )
    for person in (mentee, mentor):
        pairings.answer(person, pairing.id, accept=True, reason="", now=NOW)
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()
    return cohort, coordinator, mentee


def _settings(programme_id: int, **values: int) -> None:
    db.session.add(EngagementSettings(programme_id=programme_id, **values))
    db.session.commit()


def test_check_ins_follow_the_programmes_interval(app: Flask) -> None:
    cohort, _, _ = _active_pairing()
    eight_days_later = NOW + timedelta(days=8)
    assert find_due(eight_days_later, ("check-ins",)) == 0  # the default is every 14 days
    _settings(cohort.programme_id, check_in_days=7)
    assert find_due(eight_days_later, ("check-ins",)) == 2
    assert _kinds() == ["check_in", "check_in"]


def test_silence_is_nudged_after_the_programmes_days(app: Flask) -> None:
    cohort, _, mentee = _active_pairing()
    four_days_later = NOW + timedelta(days=4)
    assert find_due(four_days_later, ("inactivity",)) == 0  # the default first nudge is at 7 days
    _settings(cohort.programme_id, nudge_days=3)
    assert find_due(four_days_later, ("inactivity",)) >= 1
    recipients = set(db.session.scalars(sa.select(OutboxMessage.recipient_id)))
    assert mentee.id in recipients and set(_kinds()) == {"inactivity"}


def test_coordinator_sets_the_rhythm_and_bad_values_change_nothing(
    client: FlaskClient, auth: AuthActions
) -> None:
    cohort, coordinator = matching_cohort()
    auth.login(coordinator.email)
    url = f"/engagement/{cohort.programme_id}/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'value="14"' in page and 'value="7"' in page
    saved = client.post(url, data={"inactive_days": "40", "check_in_days": "10", "nudge_days": "5"})
    assert saved.status_code == 302
    bad = client.post(url, data={"inactive_days": "50", "check_in_days": "1", "nudge_days": "5"})
    assert bad.status_code == 422 and "from 3 to 60" in bad.get_data(as_text=True)
    row = db.session.get(EngagementSettings, cohort.programme_id)
    assert row is not None
    db.session.refresh(row)
    assert (row.inactive_days, row.check_in_days, row.nudge_days) == (40, 10, 5)
