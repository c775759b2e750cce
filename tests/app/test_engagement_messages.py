"""Participants write to their programme's coordinators; only those coordinators read it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.activity.models import ActivityEvent
from mentoring.engagement.models import CoordinatorMessage
from mentoring.extensions import db
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import OutboxMessage
from mentoring.programmes.models import Enrollment
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.engagement_factories import end_enrolment
from tests.factories import enrol, make_cohort, make_programme, make_user
from tests.mailbox import SmtpSink


@pytest.fixture
def setup(app: Flask):  # type: ignore[no-untyped-def]
    swedish = make_user(Role.COORDINATOR, locale="sv", name="Stina Coordinator")
    english = make_user(Role.COORDINATOR, name="Emma Coordinator")
    coach = make_user(Role.COACH)
    programme = make_programme(staff=(swedish, english, coach))
    cohort = make_cohort(programme, name="Spring", starts_on=date(2026, 1, 5))
    participant = make_user(Role.PARTICIPANT, name="Aino Participant")
    enrol(participant, cohort)
    return programme, cohort, participant, swedish, english, coach


def _send(client: FlaskClient, body: str, programme_id: int | None = None):  # type: ignore[no-untyped-def]
    data = {"body": body}
    if programme_id is not None:
        data["programme_id"] = str(programme_id)
    return client.post("/engagement/messages/new", data=data)


def test_a_participant_writes_to_the_coordinators_from_home(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    programme, cohort, participant, swedish, english, coach = setup
    auth.login(participant.email)
    assert "/engagement/messages/new" in client.get("/").text
    page = client.get("/engagement/messages/new").text
    assert f"To: the coordinators of {programme.name}" in page
    response = _send(client, "  Can I move my next session?  ", programme.id)
    assert response.status_code == 302
    message = db.session.scalars(sa.select(CoordinatorMessage)).one()
    assert (message.sender_id, message.programme_id, message.cohort_id) == (
        participant.id,
        programme.id,
        cohort.id,
    )
    assert message.body == "Can I move my next session?" and message.read_at is None
    kinds = db.session.scalars(
        sa.select(ActivityEvent.kind).where(ActivityEvent.user_id == participant.id)
    ).all()
    assert "message_to_coordinator" in kinds
    enrolment = db.session.scalars(sa.select(Enrollment)).first()
    assert enrolment is not None and enrolment.last_activity_at == message.sent_at
    outbox = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.recipient_id))
    assert [(o.recipient_id, o.kind, o.occasion) for o in outbox] == [
        (swedish.id, "coordinator_message", f"message:{message.id}"),
        (english.id, "coordinator_message", f"message:{message.id}"),
    ]  # the coach on the staff is not the programme's inbox
    sent = client.get("/engagement/messages/new").text
    assert "Can I move my next session?" in sent and "not read yet" in sent


def test_coordinators_are_emailed_in_their_language_without_the_text(
    setup, client: FlaskClient, auth: AuthActions, smtp: SmtpSink
) -> None:  # type: ignore[no-untyped-def]
    programme, _cohort, participant, swedish, english, _coach = setup
    auth.login(participant.email)
    _send(client, "My phone number changed to 0701234567", programme.id)
    send_outbox(worker="test", clock=lambda: datetime.now() + timedelta(days=1))
    (to_swedish,) = smtp.to(swedish.email)
    (to_english,) = smtp.to(english.email)
    swedish_body = to_swedish.get_content()
    assert "Hej Stina Coordinator" in swedish_body  # "Hello %(name)s," in Swedish
    assert "Hello Emma Coordinator" in to_english.get_content()
    assert "Aino Participant" in to_swedish["Subject"]
    assert f"/engagement/{programme.id}/messages" in swedish_body
    assert "0701234567" not in swedish_body  # the text stays in the service


@pytest.mark.parametrize(
    ("body", "error"),
    [("   ", "Write your message."), ("x" * 2001, "Keep it under 2000 characters.")],
)
def test_an_empty_or_long_message_shows_an_inline_error_and_stores_nothing(
    setup, client: FlaskClient, auth: AuthActions, body: str, error: str
) -> None:  # type: ignore[no-untyped-def]
    programme, _cohort, participant, *_staff = setup
    auth.login(participant.email)
    response = _send(client, body, programme.id)
    assert response.status_code == 422 and error in response.text
    assert db.session.scalar(sa.select(sa.func.count(CoordinatorMessage.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_a_participant_writes_only_to_programmes_they_are_in(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    programme, cohort, participant, *_staff = setup
    other = make_programme()
    auth.login(participant.email)
    response = _send(client, "Hello", other.id)
    assert response.status_code == 422 and "Choose one of your programmes." in response.text
    enrolment = db.session.scalars(
        sa.select(Enrollment).where(Enrollment.user_id == participant.id)
    ).one()
    end_enrolment(enrolment, date(2026, 2, 1), "completed")
    assert "there is no coordinator to write to" in client.get("/engagement/messages/new").text
    assert _send(client, "Hello", programme.id).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(CoordinatorMessage.id))) == 0


def test_a_coordinator_reads_the_messages_and_marks_one_read(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    programme, _cohort, participant, swedish, english, _coach = setup
    auth.login(participant.email)
    _send(client, "First question", programme.id)
    _send(client, "Second question", programme.id)
    auth.logout()
    auth.login(english.email)
    dashboard = client.get(f"/engagement/{programme.id}/retention").text
    assert "2 unread" in dashboard
    page = client.get(f"/engagement/{programme.id}/messages").text
    assert "First question" in page and "Second question" in page and "Aino Participant" in page
    first = db.session.scalars(
        sa.select(CoordinatorMessage).where(CoordinatorMessage.body == "First question")
    ).one()
    response = client.post(f"/engagement/messages/{first.id}/read")
    assert response.status_code == 302
    db.session.expire_all()
    assert first.read_at is not None and first.read_by_id == english.id
    page = client.get(f"/engagement/{programme.id}/messages").text
    assert page.index("Second question") < page.index("First question")  # unread first
    assert "1 unread" in page
    auth.logout()
    auth.login(participant.email)
    assert "read by a coordinator" in client.get("/engagement/messages/new").text


def test_only_the_programmes_coordinators_read_its_messages(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    programme, _cohort, participant, _swedish, _english, coach = setup
    auth.login(participant.email)
    _send(client, "Private", programme.id)
    message = db.session.scalars(sa.select(CoordinatorMessage)).one()
    auth.logout()
    outsider = make_user(Role.COORDINATOR)
    make_programme(staff=(outsider,))
    auth.login(outsider.email)
    assert client.get(f"/engagement/{programme.id}/messages").status_code == 404
    assert client.post(f"/engagement/messages/{message.id}/read").status_code == 404
    assert "Messages" not in client.get(f"/engagement/{programme.id}/retention").text  # 404 page
    auth.logout()
    for person in (coach, make_user(Role.ADMIN), participant):
        auth.login(person.email)
        assert client.get(f"/engagement/{programme.id}/messages").status_code == 403
        assert client.post(f"/engagement/messages/{message.id}/read").status_code == 403
        auth.logout()
    db.session.expire_all()
    assert message.read_at is None
