"""The same feedback form after every kind of attended session: one-to-one, group, training."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.activity.models import ActivityEvent
from mentoring.bookings.group_models import GroupSeat, GroupSession
from mentoring.engagement.feedback import FeedbackFilters, feedback_shares, hosts_of
from mentoring.engagement.models import FeedbackAnswer
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_booking, make_host, make_participant, make_training
from tests.factories import enrol, make_cohort, make_user

PAST = datetime(2026, 3, 2, 9)
QUESTIONS = (
    "Was the level right?",
    "I was motivated to take part",
    "The way I learned was good",
    "It matters for my work",
    "I will use it",
    "Anything else? (optional)",
)
ANSWERS = {
    "level": "just_right",
    "motivated": "5",
    "method_good": "4",
    "relevant": "4",
    "will_use": "3",
    "comment": "Useful",
}


def _seat(session: GroupSession, person: User, attendance: str | None) -> GroupSession:
    db.session.add(GroupSeat(session_id=session.id, user_id=person.id, attendance=attendance))
    db.session.commit()
    return session


def _mastermind(coach: User, person: User, attendance: str | None) -> GroupSession:
    meeting = GroupSession(
        host_id=coach.id,
        kind="mastermind",
        title="Mastermind: job search",
        starts_at=PAST,
        ends_at=PAST + timedelta(hours=1),
    )
    db.session.add(meeting)
    db.session.commit()
    return _seat(meeting, person, attendance)


def _session(kind: str, attendance: str | None = "attended") -> tuple[User, User, str, str]:
    """An attended session of ``kind``: (host, participant, session page, feedback form)."""
    cohort = make_cohort()
    if kind in ("mentoring", "ambassador_one_to_one"):
        role = Role.MENTOR if kind == "mentoring" else Role.AMBASSADOR
        host = make_host(role, cohort=cohort)
        person = make_participant(cohort, host=host)
        booking = make_booking(host, person, PAST, attendance=attendance)
        return host, person, f"/sessions/{booking.id}", f"/feedback/sessions/{booking.id}"
    person = make_participant(cohort)
    if kind == "mastermind":
        host = make_host(Role.COACH, cohort=cohort)
        session = _mastermind(host, person, attendance)
    else:
        host = make_host(Role.AMBASSADOR, cohort=cohort)
        session = _seat(make_training(host, PAST), person, attendance)
    page = f"/group-sessions/{session.id}"
    return host, person, page, f"/feedback/group-sessions/{session.id}"


KINDS = ["mentoring", "ambassador_one_to_one", "mastermind", "training"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_feedback_form_follows_every_kind_of_attended_session(
    app: Flask, client: FlaskClient, auth: AuthActions, kind: str
) -> None:
    host, person, page, form_url = _session(kind)
    auth.login(person.email)
    assert form_url in client.get("/feedback/").text
    assert form_url in client.get(page).text  # the session page links to it
    form = client.get(form_url)
    assert form.status_code == 200
    assert all(question in form.text for question in QUESTIONS)
    assert form.text.count('type="radio"') == 3 + 4 * 5  # level, then four 1-5 scales
    assert client.post(form_url, data=ANSWERS).status_code == 302
    answer = db.session.scalars(sa.select(FeedbackAnswer)).one()
    assert (answer.host_id, answer.level, answer.motivated, answer.will_use) == (
        host.id,
        "just_right",
        5,
        3,
    )
    assert answer.comment == "Useful" and answer.programme_id is not None
    if kind in ("mastermind", "training"):
        assert answer.group_session_id is not None and answer.booking_id is None
        assert answer.module in ("Mastermind: job search", "Teams for beginners")
    events = db.session.scalars(
        sa.select(ActivityEvent.kind).where(ActivityEvent.user_id == person.id)
    ).all()
    assert "survey_answered" in events
    assert form_url not in client.get("/feedback/").text
    questions, _by_month = feedback_shares(answer.programme_id, FeedbackFilters(host_id=host.id))
    assert questions[0].answers == 1


@pytest.mark.parametrize("kind", ["mastermind", "training"])
def test_group_feedback_is_given_once_and_only_after_attending(
    app: Flask, client: FlaskClient, auth: AuthActions, kind: str
) -> None:
    _host, person, _page, form_url = _session(kind)
    auth.login(person.email)
    bad = client.post(form_url, data={**ANSWERS, "relevant": "0"})
    assert bad.status_code == 422 and "Choose a number from 1 to 5." in bad.text
    assert client.post(form_url, data=ANSWERS).status_code == 302
    again = client.post(form_url, data=ANSWERS)
    assert again.status_code == 422 and "already" in again.text
    assert db.session.scalar(sa.select(sa.func.count(FeedbackAnswer.id))) == 1


@pytest.mark.parametrize("kind", ["mastermind", "training"])
def test_group_feedback_waits_for_attendance_and_is_not_for_others(
    app: Flask, client: FlaskClient, auth: AuthActions, kind: str
) -> None:
    _host, person, page, form_url = _session(kind, attendance="no_show")
    auth.login(person.email)
    assert client.get(form_url).status_code == 422
    assert form_url not in client.get(page).text
    assert form_url not in client.get("/feedback/").text
    stranger = app.test_client()
    AuthActions(stranger).login(make_user(Role.PARTICIPANT).email)
    assert stranger.get(form_url).status_code == 404
    assert stranger.post(form_url, data=ANSWERS).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(FeedbackAnswer.id))) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_feedback_is_filed_under_the_sessions_programme_not_the_latest_enrolment(
    app: Flask, client: FlaskClient, auth: AuthActions, kind: str
) -> None:
    host, person, _page, form_url = _session(kind)  # all in programme A
    first = db.session.scalars(sa.select(Cohort).join(Enrollment)).first()
    assert first is not None
    later = make_cohort(starts_on=first.starts_on + timedelta(days=30))  # programme B
    enrol(person, later)
    auth.login(person.email)
    assert client.post(form_url, data=ANSWERS).status_code == 302
    answer = db.session.scalars(sa.select(FeedbackAnswer)).one()
    assert (answer.programme_id, answer.cohort_id) == (first.programme_id, first.id)
    assert host.id in dict(hosts_of(first.programme_id))
    assert hosts_of(later.programme_id) == []
