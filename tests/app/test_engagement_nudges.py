"""Coordinators nudge quiet participants from the at-risk list: one email, audited, not often."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.audit.models import AuditLog
from mentoring.db import utcnow
from mentoring.engagement.models import Nudge
from mentoring.engagement.nudges import nudge
from mentoring.errors import Conflict, NotFound
from mentoring.extensions import db
from mentoring.notices.services import send_outbox, set_preferences
from mentoring.outbox.models import OutboxMessage
from mentoring.users.roles import Role
from notifications.model import OPTIONAL_KINDS, Kind
from tests.auth import AuthActions
from tests.engagement_factories import add_event
from tests.factories import enrol, make_cohort, make_programme, make_user
from tests.mailbox import SmtpSink


@pytest.fixture
def setup(app: Flask):  # type: ignore[no-untyped-def]
    coordinator = make_user(Role.COORDINATOR, name="Emma Coordinator")
    coach = make_user(Role.COACH)
    programme = make_programme(name="Digital Bridge", staff=(coordinator, coach))
    cohort = make_cohort(programme, starts_on=date(2026, 1, 5))
    quiet = make_user(Role.PARTICIPANT, name="Saga Quiet", locale="sv")
    enrol(quiet, cohort, started_on=date(2026, 1, 5))
    add_event(quiet, utcnow() - timedelta(days=20), cohort=cohort)
    return coordinator, coach, programme, quiet


def _nudge_url(programme_id: int, user_id: int) -> str:
    return f"/engagement/{programme_id}/nudges/{user_id}"


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_a_coordinator_nudges_a_quiet_participant_from_the_at_risk_list(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _coach, programme, quiet = setup
    auth.login(coordinator.email)
    page = client.get(f"/engagement/{programme.id}/retention").text
    assert f'action="{_nudge_url(programme.id, quiet.id)}"' in page
    assert "mailto:" not in page
    response = client.post(_nudge_url(programme.id, quiet.id), follow_redirects=True)
    assert "A friendly email is on its way." in response.text
    assert f"Nudged on {utcnow().date().isoformat()}" in response.text
    row = db.session.scalars(sa.select(Nudge)).one()
    assert (row.user_id, row.programme_id, row.sent_by_id) == (
        quiet.id,
        programme.id,
        coordinator.id,
    )
    message = db.session.scalars(sa.select(OutboxMessage)).one()
    assert (message.recipient_id, message.kind, message.template) == (
        quiet.id,
        "nudge",
        "notice_nudge",
    )
    entry = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "participant.nudged")
    ).one()
    assert (entry.actor_id, entry.subject_user_id, entry.object_id) == (
        coordinator.id,
        quiet.id,
        row.id,
    )


def test_a_double_click_sends_one_email_and_says_why_the_second_is_refused(
    setup, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _coach, programme, quiet = setup
    auth.login(coordinator.email)
    client.post(_nudge_url(programme.id, quiet.id))
    again = client.post(_nudge_url(programme.id, quiet.id), follow_redirects=True).text
    today = utcnow().date()
    expected = (
        f"Saga Quiet was nudged on {today.isoformat()}. You can nudge them again from "
        f"{(today + timedelta(days=7)).isoformat()}."
    )
    assert expected in again
    assert (_count(Nudge), _count(OutboxMessage)) == (1, 1)
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(AuditLog.action == "participant.nudged"))
        == 1
    )


def test_a_person_may_be_nudged_again_after_seven_days(setup) -> None:  # type: ignore[no-untyped-def]
    coordinator, _coach, programme, quiet = setup
    first = utcnow()
    nudge(coordinator, programme.id, quiet.id, now=first)
    with pytest.raises(Conflict):
        nudge(coordinator, programme.id, quiet.id, now=first + timedelta(days=6))
    nudge(coordinator, programme.id, quiet.id, now=first + timedelta(days=7))
    occasions = db.session.scalars(sa.select(OutboxMessage.occasion)).all()
    assert len(set(occasions)) == 2


def test_the_nudge_email_is_friendly_and_in_the_participants_language(
    setup, smtp: SmtpSink
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _coach, programme, quiet = setup
    nudge(coordinator, programme.id, quiet.id, now=utcnow())
    send_outbox(worker="test", clock=lambda: utcnow() + timedelta(days=1))
    (email,) = smtp.to(quiet.email)
    assert email["Subject"] == "Hur går det för dig?"  # "How are you getting on?" in Swedish
    body = email.get_content()
    assert "Hej Saga Quiet" in body and "Emma Coordinator" in body and "Digital Bridge" in body


def test_someone_who_declined_these_emails_is_not_nudged(setup) -> None:  # type: ignore[no-untyped-def]
    coordinator, _coach, programme, quiet = setup
    wanted = {kind.value for kind in OPTIONAL_KINDS if kind is not Kind.NUDGE}
    set_preferences(quiet.id, wanted, utcnow())
    with pytest.raises(Conflict, match="has chosen not to get these emails"):
        nudge(coordinator, programme.id, quiet.id, now=utcnow())
    assert (_count(Nudge), _count(OutboxMessage)) == (0, 0)


def test_only_the_programmes_coordinators_nudge_its_participants(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, coach, programme, quiet = setup
    outsider = make_user(Role.COORDINATOR)
    elsewhere = make_programme(staff=(outsider,))
    stranger = make_user(Role.PARTICIPANT)
    enrol(stranger, make_cohort(elsewhere))
    auth.login(outsider.email)
    assert client.post(_nudge_url(programme.id, quiet.id)).status_code == 404
    auth.logout()
    for person in (coach, make_user(Role.ADMIN), quiet):
        auth.login(person.email)
        assert client.post(_nudge_url(programme.id, quiet.id)).status_code == 403
        auth.logout()
    with pytest.raises(NotFound):
        nudge(coordinator, programme.id, stranger.id, now=utcnow())  # not in this programme
    assert (_count(Nudge), _count(OutboxMessage)) == (0, 0)


def test_a_nudge_without_the_form_token_is_refused(
    setup, app: Flask, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _coach, programme, quiet = setup
    auth.login(coordinator.email)
    app.config["WTF_CSRF_ENABLED"] = True  # signed in; from now on forms need their token
    assert client.post(_nudge_url(programme.id, quiet.id)).status_code == 400
    assert _count(Nudge) == 0
