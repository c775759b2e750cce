"""Matched people write to each other; only they read it; the others are emailed a link."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.activity.models import ActivityEvent
from mentoring.conversations import services
from mentoring.conversations.models import ConversationMessage
from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.groups.models import PeerGroupMember
from mentoring.matches.models import Pairing
from mentoring.notices.services import send_outbox
from mentoring.outbox.models import NotificationPreference, OutboxMessage
from mentoring.privacy import erasure
from mentoring.privacy.export import collect
from mentoring.programmes.models import ProgrammeStaff
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import link, make_host, make_pair, make_participant
from tests.factories import make_programme, make_user
from tests.mailbox import SmtpSink

NOW = datetime(2026, 3, 10, 9, 0)  # a Tuesday morning, outside quiet hours


@pytest.fixture
def pair(app: Flask) -> tuple[User, User, Pairing]:
    mentor, mentee, _cohort = make_pair()
    pairing = db.session.scalars(sa.select(Pairing)).one()
    return mentor, mentee, pairing


def _emails_to(user: User) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.recipient_id == user.id)
            .order_by(OutboxMessage.id)
        )
    )


def test_a_mentee_writes_and_the_mentor_reads_and_answers(
    pair, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    auth.login(mentee.email)
    url = f"/conversations/pairing/{pairing.id}"
    assert url in client.get("/conversations/").text
    response = client.post(url, data={"body": "  Can we meet on Friday?  "})
    assert response.status_code == 302
    (message,) = db.session.scalars(sa.select(ConversationMessage)).all()
    assert (message.author_id, message.body) == (mentee.id, "Can we meet on Friday?")
    kinds = db.session.scalars(
        sa.select(ActivityEvent.kind).where(ActivityEvent.user_id == mentee.id)
    ).all()
    assert "conversation_message" in kinds  # counts for engagement
    (email,) = _emails_to(mentor)
    assert email.kind == "conversation_message" and email.context["subject_id"] == pairing.id
    auth.logout()
    auth.login(mentor.email)
    assert "1 new message" in client.get("/conversations/").text
    page = client.get(url).text
    assert "Can we meet on Friday?" in page and "Your mentee" in page
    assert "1 new message" not in client.get("/conversations/").text  # read now
    client.post(url, data={"body": "Friday at 10 suits me."})
    assert len(_emails_to(mentee)) == 1


def test_the_email_links_to_the_thread_without_the_text(pair, smtp: SmtpSink) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    services.send(mentee, "pairing", pairing.id, "My number is 0701234567", now=NOW)
    send_outbox(worker="test", clock=lambda: NOW + timedelta(minutes=1))
    (email,) = smtp.to(mentor.email)
    body = email.get_content()
    assert mentee.name in email["Subject"]
    assert f"/conversations/pairing/{pairing.id}" in body
    assert "0701234567" not in body


def test_the_other_side_is_emailed_at_most_once_an_hour_per_thread(pair) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    for minutes in (0, 10, 59):
        services.send(
            mentee, "pairing", pairing.id, f"Note {minutes}", now=NOW + timedelta(minutes=minutes)
        )
    assert len(_emails_to(mentor)) == 1
    services.send(mentee, "pairing", pairing.id, "An hour later", now=NOW + timedelta(minutes=60))
    assert len(_emails_to(mentor)) == 2
    assert _emails_to(mentee) == []  # the author is never told about their own message
    # A second thread of the same mentor has its own hour.
    other = make_participant(host=mentor)
    second = db.session.scalars(sa.select(Pairing).where(Pairing.mentee_id == other.id)).one()
    services.send(other, "pairing", second.id, "Hello", now=NOW + timedelta(minutes=61))
    assert len(_emails_to(mentor)) == 3


def test_a_declined_kind_of_email_is_not_sent(pair) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    db.session.add(
        NotificationPreference(user_id=mentor.id, kind="conversation_message", enabled=False)
    )
    db.session.commit()
    services.send(mentee, "pairing", pairing.id, "Hello", now=NOW)
    assert _emails_to(mentor) == []
    assert db.session.scalar(sa.select(sa.func.count(ConversationMessage.id))) == 1


def test_people_outside_a_thread_get_404_on_pages_and_api(
    pair, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    services.send(mentee, "pairing", pairing.id, "Private", now=NOW)
    message = db.session.scalars(sa.select(ConversationMessage)).one()
    url = f"/conversations/pairing/{pairing.id}"
    outsiders = [make_participant(host=make_host()), make_host(), make_host(Role.COACH)]
    for person in outsiders:
        auth.login(person.email)
        assert client.get(url).status_code == 404
        assert client.post(url, data={"body": "Hi"}).status_code == 404
        assert client.get(f"/api/v1{url}/messages").status_code == 404
        assert client.post(f"/api/v1{url}/messages", json={"body": "Hi"}).status_code == 404
        assert client.post(f"/conversations/messages/{message.id}/report").status_code == 404
        assert "Private" not in client.get("/api/v1/conversations").text
        auth.logout()
    coordinator = make_user(Role.COORDINATOR)
    auth.login(coordinator.email)
    assert client.get(url).status_code == 403
    assert client.get(f"/api/v1{url}/messages").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(ConversationMessage.id))) == 1
    assert message.reported_at is None


def test_a_group_writes_with_its_coach(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    coach, member, cohort = make_pair(Role.COACH)
    other = make_participant(cohort)
    group = link(member, coach)
    group.members.append(PeerGroupMember(user_id=other.id))
    db.session.commit()
    services.send(coach, "group", group.id, "Welcome, everyone", now=NOW)
    assert len(_emails_to(member)) == len(_emails_to(other)) == 1
    auth.login(other.email)
    data = client.get(f"/api/v1/conversations/group/{group.id}/messages").get_json()
    assert [m["body"] for m in data["messages"]] == ["Welcome, everyone"]
    assert {m["role"] for m in data["members"]} == {"coach", "member"}
    response = client.post(
        f"/api/v1/conversations/group/{group.id}/messages", json={"body": "Thanks!"}
    )
    assert response.status_code == 201 and response.get_json()["author_id"] == other.id


def test_an_ambassador_route_has_a_thread(app: Flask) -> None:
    ambassador, learner, _cohort = make_pair(Role.AMBASSADOR)
    (thread,) = services.threads_of(learner)
    assert (thread.subject.kind, thread.subject.topic) == ("route", "Teams")
    services.send(ambassador, "route", thread.subject.id, "Shall we start with calendars?", now=NOW)
    (again,) = services.threads_of(learner)
    assert again.unread == 1


def test_an_ended_pairing_keeps_its_thread_read_only(
    pair, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    services.send(mentor, "pairing", pairing.id, "Good luck with the interview", now=NOW)
    pairing.status = "ended"
    db.session.commit()
    with pytest.raises(Conflict):
        services.send(mentee, "pairing", pairing.id, "Thanks", now=NOW)
    auth.login(mentee.email)
    url = f"/conversations/pairing/{pairing.id}"
    page = client.get(url).text
    assert "Good luck with the interview" in page and 'name="body"' not in page
    response = client.post(url, data={"body": "Thanks"})
    assert (
        response.status_code == 422 and "you can read the messages but not write" in response.text
    )
    assert client.post(f"/api/v1{url}/messages", json={"body": "Thanks"}).status_code == 409
    assert db.session.scalar(sa.select(sa.func.count(ConversationMessage.id))) == 1


@pytest.mark.parametrize(
    ("body", "error"),
    [("   ", "Write your message."), ("x" * 2001, "Keep it under 2000 characters.")],
)
def test_an_empty_or_long_message_is_refused_and_stores_nothing(
    pair, client: FlaskClient, auth: AuthActions, body: str, error: str
) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    auth.login(mentee.email)
    url = f"/conversations/pairing/{pairing.id}"
    response = client.post(url, data={"body": body})
    assert response.status_code == 422 and error in response.text
    api = client.post(f"/api/v1{url}/messages", json={"body": body})
    assert api.status_code == 422 and api.get_json()["error"]
    assert db.session.scalar(sa.select(sa.func.count(ConversationMessage.id))) == 0
    assert _emails_to(mentor) == []


def test_a_reported_message_is_shown_to_the_programmes_coordinators_only(
    pair, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    coordinator = make_user(Role.COORDINATOR)
    programme_id = pairing.programme_id
    db.session.add(ProgrammeStaff(programme_id=programme_id, user_id=coordinator.id))
    db.session.commit()
    services.send(mentor, "pairing", pairing.id, "Rude words", now=NOW)
    services.send(mentor, "pairing", pairing.id, "Kind words", now=NOW + timedelta(minutes=1))
    rude = db.session.scalars(
        sa.select(ConversationMessage).where(ConversationMessage.body == "Rude words")
    ).one()
    with pytest.raises(ValidationError):
        services.report(mentor, rude.id, now=NOW)  # not their own
    auth.login(coordinator.email)
    reported = f"/conversations/reported/{programme_id}"
    assert "Rude words" not in client.get(reported).text
    auth.logout()
    auth.login(mentee.email)
    assert client.post(f"/conversations/messages/{rude.id}/report").status_code == 302
    auth.logout()
    auth.login(coordinator.email)
    page = client.get(reported).text
    assert "Rude words" in page and "Kind words" not in page
    assert client.get(f"/conversations/pairing/{pairing.id}").status_code == 403
    other = make_user(Role.COORDINATOR)
    make_programme(staff=(other,))
    assert client.post(f"/conversations/messages/{rude.id}/remove").status_code == 302
    db.session.expire_all()
    assert rude.removed and rude.body == ""
    auth.logout()
    auth.login(other.email)
    assert client.get(reported).status_code == 404


def test_an_erased_author_s_messages_say_removed(
    pair, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    mentor, mentee, pairing = pair
    services.send(mentee, "pairing", pairing.id, "Call me on 0701234567", now=NOW)
    services.send(mentor, "pairing", pairing.id, "Will do", now=NOW + timedelta(minutes=1))
    exported = collect(mentee.id)["conversation_messages"]
    assert [row["body"] for row in exported] == ["Call me on 0701234567"]
    erasure.erase_person(mentee.id)
    db.session.commit()
    auth.login(mentor.email)
    page = client.get(f"/conversations/pairing/{pairing.id}").text
    assert "0701234567" not in page and "This message was removed." in page
    assert "Will do" in page
    with pytest.raises(NotFound):
        services.thread(make_user(), "pairing", pairing.id)
