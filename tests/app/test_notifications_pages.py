"""Choices, one-click unsubscribe, check-in and outcome links, and the admin outbox."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.notices import links
from mentoring.notices.models import CheckIn, OutcomeAnswer
from mentoring.outbox.models import NotificationPreference, OutboxMessage
from mentoring.outbox.services import enqueue_notice
from mentoring.users.roles import Role
from notifications.model import Kind, Status
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_user
from tests.notices_factories import item_for, queue


def _declined(user_id: int) -> set[str]:
    return set(
        db.session.scalars(
            sa.select(NotificationPreference.kind).where(NotificationPreference.user_id == user_id)
        )
    )


def test_person_chooses_which_reminders_they_get(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    person = make_user(Role.PARTICIPANT, email="p@x.org")
    auth.login("p@x.org")
    page = client.get("/notifications/preferences").get_data(as_text=True)
    assert 'name="kind" value="check_in"' in page and 'value="session_1h"' not in page
    client.post("/notifications/preferences", data={"kind": ["check_in", "digest"]})
    assert "match" in _declined(person.id) and "check_in" not in _declined(person.id)
    assert enqueue_notice(db.session, person.id, Kind.MATCH, "match:1", {"event": "proposed"}) == 0
    assert enqueue_notice(db.session, person.id, Kind.CHECK_IN, "p:1:1", {}) == 1


def test_notice_is_queued_once_in_the_callers_transaction(app: Flask) -> None:
    person = make_user()
    context = {"event": "accepted", "other_name": "Mikko"}
    assert enqueue_notice(db.session, person.id, Kind.MATCH, "match:9:accepted", context) == 1
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    enqueue_notice(db.session, person.id, Kind.MATCH, "match:9:accepted", context)
    enqueue_notice(db.session, person.id, Kind.MATCH, "match:9:accepted", context)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


@pytest.mark.csrf
def test_one_click_unsubscribe_works_without_signing_in(app: Flask, client: FlaskClient) -> None:
    person = make_user()
    with app.test_request_context():
        url = links.unsubscribe_url(person.id, Kind.INACTIVITY.value)
    path = url.split("mentoring.test", 1)[1]
    assert client.get(path).status_code == 200
    assert _declined(person.id) == set()  # a mail scanner's GET changes nothing
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert _declined(person.id) == {"inactivity"}
    assert client.post(path[:-3] + "xyz").status_code == 422


def test_session_reminders_cannot_be_unsubscribed(app: Flask, client: FlaskClient) -> None:
    person = make_user()
    with app.test_request_context():
        url = links.unsubscribe_url(person.id, Kind.SESSION_1H.value)
    assert client.post(url.split("mentoring.test", 1)[1]).status_code == 422
    assert _declined(person.id) == set()


def _check_in_path(app: Flask, user_id: int) -> str:
    with app.test_request_context():
        url = links.check_in_url(user_id, "pairing", 12, "pairing:12:1")
    return url.split("mentoring.test", 1)[1]


def test_check_in_link_works_once_without_signing_in(app: Flask, client: FlaskClient) -> None:
    person = make_user()
    path = _check_in_path(app, person.id)
    page = client.get(path).get_data(as_text=True)
    assert 'name="rating"' in page and 'name="comment"' in page
    assert client.post(path, data={"rating": "9"}).status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0
    assert client.post(path, data={"rating": "4", "comment": "Good talks"}).status_code == 200
    answer = db.session.scalars(sa.select(CheckIn)).one()
    assert (answer.subject_kind, answer.subject_id, answer.rating) == ("pairing", 12, 4)
    assert answer.comment == "Good talks"
    assert client.post(path, data={"rating": "2"}).status_code == 409
    assert client.get(path).status_code == 409


def test_check_in_link_expires(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _check_in_path(app, make_user().id)
    app.config["CHECK_IN_LINK_MAX_AGE_SECONDS"] = -1
    assert client.post(path, data={"rating": "4"}).status_code == 422


def test_outcome_question_is_answered_once(app: Flask, client: FlaskClient) -> None:
    person = make_user()
    enrolment = enrol(person, make_cohort())
    enrolment.ended_on = date(2025, 9, 1)
    db.session.commit()
    with app.test_request_context():
        path = links.outcome_url(person.id, enrolment.id).split("mentoring.test", 1)[1]
    assert client.post(path, data={"situation": "astronaut"}).status_code == 422
    assert client.post(path, data={"situation": "job"}).status_code == 200
    assert db.session.scalars(sa.select(OutcomeAnswer)).one().situation == "job"
    assert client.post(path, data={"situation": "studies"}).status_code == 409


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.COORDINATOR, Role.COACH])
def test_outbox_page_is_for_admins_only(
    app: Flask, client: FlaskClient, auth: AuthActions, role: Role
) -> None:
    make_user(role, email="s@x.org")
    auth.login("s@x.org")
    assert client.get("/admin/outbox").status_code == 403
    assert client.post("/admin/outbox/1/resend").status_code == 403


def test_admin_filters_the_outbox_and_resends_a_failed_message(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    make_user(Role.ADMIN, email="admin@x.org")
    person = make_user()
    queue([item_for(person, occasion="one"), item_for(person, occasion="two")])
    failed, pending = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))
    failed.status, failed.last_error, failed.attempts = Status.FAILED.value, "SMTP 550", 6
    db.session.commit()
    auth.login("admin@x.org")
    page = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "SMTP 550" in page and f"/admin/outbox/{failed.id}/resend" in page
    assert f'id="message-{pending.id}"' not in page and person.email in page
    assert client.post(f"/admin/outbox/{pending.id}/resend").status_code == 409
    assert client.post(f"/admin/outbox/{failed.id}/resend").status_code == 302
    db.session.refresh(failed)
    assert failed.status == Status.PENDING.value and failed.attempts == 0
    assert failed.next_attempt_at <= utcnow()
    assert client.post("/admin/outbox/999999/resend").status_code == 404
