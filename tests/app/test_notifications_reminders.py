"""Reminder kinds end to end: found in the database, queued once, sent, answered."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.engagement.models import Outcome
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.notices.jobs import find_due
from mentoring.notices.models import CheckIn, OutcomeAnswer
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import OutboxMessage
from mentoring.users.roles import Role
from tests.factories import enrol, make_cohort, make_programme, make_user
from tests.mailbox import SmtpSink

NOW = datetime(2026, 3, 10, 11, 0)  # Tuesday, 12:00 in Stockholm


def _send() -> int:
    return send_outbox(worker="test", clock=lambda: NOW).sent


def _kinds() -> list[tuple[int, str]]:
    return sorted(db.session.execute(sa.select(OutboxMessage.recipient_id, OutboxMessage.kind)))


def _path(message_body: str, prefix: str) -> str:
    url = re.search(rf"http://mentoring\.test({prefix}\S+)", message_body)
    assert url is not None
    return url.group(1)


def test_active_pair_is_asked_to_check_in_and_answers_without_signing_in(
    app: Flask, client: FlaskClient, smtp: SmtpSink
) -> None:
    mentee, mentor = make_user(Role.PARTICIPANT), make_user(Role.MENTOR)
    programme = make_programme()
    pairing = Pairing(
        programme_id=programme.id,
        mentee_id=mentee.id,
        mentor_id=mentor.id,
        status="active",
        started_on=(NOW - timedelta(days=15)).date(),
    )
    db.session.add(pairing)
    db.session.commit()
    assert find_due(NOW, ("check-ins",)) == 2
    assert find_due(NOW + timedelta(hours=1), ("check-ins",)) == 0
    assert _send() == 2
    (email,) = smtp.to(mentee.email)
    body = email.get_body(("plain",))
    assert body is not None
    path = _path(body.get_content(), "/notifications/check-in/")
    assert client.post(path, data={"rating": "5"}).status_code == 200
    assert client.post(path, data={"rating": "1"}).status_code == 409  # the link works once
    answer = db.session.scalars(sa.select(CheckIn)).one()
    assert answer.rating == 5
    assert (answer.user_id, answer.subject_kind, answer.subject_id) == (
        mentee.id,
        "pairing",
        pairing.id,
    )


def test_silent_people_are_nudged_and_their_coordinator_told_at_28_days(app: Flask) -> None:
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    nudged, lost = make_user(Role.PARTICIPANT), make_user(Role.MENTOR)
    for person, days in ((nudged, 8), (lost, 29)):
        person.created_at = NOW - timedelta(days=60)
        person.last_login_at = NOW - timedelta(days=days)
        enrol(person, cohort)
    assert find_due(NOW, ("inactivity",)) == 2
    assert _kinds() == sorted([(nudged.id, "inactivity"), (coordinator.id, "at_risk")])


def test_outcome_question_six_months_after_the_enrolment_ended(
    app: Flask, client: FlaskClient, smtp: SmtpSink
) -> None:
    person = make_user(Role.PARTICIPANT)
    enrolment = enrol(person, make_cohort(starts_on=date(2025, 1, 1)))
    enrolment.ended_on = (NOW - timedelta(days=183)).date()
    db.session.commit()
    assert find_due(NOW, ("outcomes",)) == 1
    assert _kinds() == [(person.id, "outcome_follow_up")]
    assert _send() == 1
    body = smtp.to(person.email)[0].get_body(("plain",))
    assert body is not None
    path = _path(body.get_content(), "/notifications/outcome/")
    assert client.post(path, data={"situation": "job"}).status_code == 200
    assert client.post(path, data={"situation": "studies"}).status_code == 409  # answered once
    # The answer is the programme's outcome too (the funder report and the outcomes dashboard).
    outcome = db.session.scalars(sa.select(Outcome)).one()
    assert (outcome.user_id, outcome.enrolment_id, outcome.kind, outcome.source) == (
        person.id,
        enrolment.id,
        "job",
        "follow_up",
    )
    assert db.session.scalars(sa.select(OutcomeAnswer.situation)).all() == ["job"]


def test_weekly_digest_names_people_at_risk_once_a_week(app: Flask, smtp: SmtpSink) -> None:
    coordinator, coach = make_user(Role.COORDINATOR), make_user(Role.COACH)
    cohort = make_cohort(make_programme(staff=(coordinator, coach)))
    silent = make_user(Role.PARTICIPANT, name="Aino Virtanen")
    silent.created_at = silent.last_login_at = NOW - timedelta(days=15)
    enrol(silent, cohort)
    assert find_due(NOW, ("digests",)) == 2
    assert find_due(NOW + timedelta(days=2), ("digests",)) == 0
    assert find_due(NOW + timedelta(days=6), ("digests",)) == 2
    assert _send() == 2
    body = smtp.to(coach.email)[0].get_body(("plain",))
    assert body is not None and "Aino Virtanen" in body.get_content()
