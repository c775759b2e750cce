"""A person downloads their data and asks for erasure; an admin confirms; nothing of them stays."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.audit.models import AuditLog
from mentoring.bookings.models import AvailabilityException, HostSettings
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.privacy import erasure
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_training
from tests.privacy_checks import (
    EMAIL,
    NAME,
    PHONE,
    aggregates,
    database_fingerprint,
    leave_traces,
    traces,
)
from tests.trust_factories import make_world


def test_a_participant_downloads_all_their_data_as_json(
    client: FlaskClient, auth: AuthActions
) -> None:
    world = make_world()
    auth.login(world.participant.email)
    assert client.get("/my-data").status_code == 200
    response = client.post("/my-data/export", data={"format": "json"})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["users"][0]["email"] == EMAIL
    assert "password_hash" not in data["users"][0]
    for table in ("profiles", "enrollments", "bookings", "pairings", "feedback_answers"):
        assert data[table], table
    assert {"outcomes", "activity_events", "profile_languages"} <= set(data)
    assert all(row["participant_id"] == world.participant.id for row in data["bookings"])


def test_the_readable_page_shows_the_same_data_and_the_export_is_audited(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    world = make_world()
    auth.login(world.participant.email)
    page = client.post("/my-data/export", data={"format": "html"}).get_data(as_text=True)
    assert EMAIL in page and "bookings" in page and "<table" in page
    actions = db.session.scalars(
        sa.select(AuditLog.action).where(AuditLog.subject_user_id == world.participant.id)
    ).all()
    assert actions == ["privacy.exported"]


def test_erasure_is_asked_for_then_confirmed_by_an_admin(
    app, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    leave_traces(world)
    before = aggregates()
    auth.login(world.participant.email)
    client.post("/my-data/erasure")
    assert b"already asked" in client.post("/my-data/erasure", follow_redirects=True).data
    assert len(set(traces(NAME, EMAIL, PHONE))) >= 10, "the test data should leave traces"

    admin = app.test_client()
    AuthActions(admin).login(world.staff[Role.ADMIN].email)
    page = admin.get("/admin/erasures").get_data(as_text=True)
    assert NAME in page
    request = erasure.pending_for(world.participant.id)
    assert request is not None
    assert admin.post(f"/admin/erasures/{request.id}/confirm").status_code == 302

    assert traces(NAME, EMAIL, PHONE) == []
    assert aggregates() == before
    assert client.get("/my-data").status_code == 302, "the person's session is revoked"
    assert b"Wrong email or password" in AuthActions(app.test_client()).login(EMAIL).data
    erased = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "privacy.erased"))
    assert erased is not None
    assert erased.actor_id == world.staff[Role.ADMIN].id
    assert erased.subject_user_id == world.participant.id
    assert b"Nobody is waiting" in admin.get("/admin/erasures").data


def test_a_second_erasure_changes_nothing(app) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    leave_traces(world)
    erasure.erase_person(world.participant.id)
    db.session.commit()
    first = database_fingerprint()
    erasure.erase_person(world.participant.id)
    db.session.commit()
    assert database_fingerprint() == first


def test_erasure_leaves_other_people_alone(app) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    mentor_name, mentor_email = world.mentor.name, world.mentor.email
    erasure.erase_person(world.participant.id)
    db.session.commit()
    mentor = db.session.get(User, world.mentor.id)
    assert mentor is not None
    assert (mentor.name, mentor.email, mentor.is_enabled) == (mentor_name, mentor_email, True)


def test_only_admins_see_and_confirm_erasures(app, client: FlaskClient, auth: AuthActions) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    request = erasure.request_erasure(world.participant.id, now=utcnow())
    auth.login(world.staff[Role.COORDINATOR].email)
    assert client.get("/admin/erasures").status_code == 403
    assert client.post(f"/admin/erasures/{request.id}/confirm").status_code == 403
    assert erasure.pending_for(world.participant.id) is not None


def test_erasing_a_host_removes_their_rooms_links_days_away_and_reasons(app) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    host, email, phone = world.mentor, "bo.ek.host@example.org", "+358 40 765 4321"
    host.name, host.email = "Bo Ekström-Host", email
    settings = db.session.get(HostSettings, host.id)
    assert settings is not None
    settings.place, settings.video_link = f"Ring {phone}", f"https://meet.example.org/{email}"
    world.booking.place, world.booking.video_link = settings.place, settings.video_link
    world.booking.cancel_reason = f"Sick, ring {phone}"
    world.booking.cancelled_by_id = host.id
    db.session.add(
        AvailabilityException(
            host_id=host.id,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 4, 2),
            reason=f"Away, {phone}",
        )
    )
    training = make_training(host, datetime(2026, 4, 10, 10))
    training.place = f"Ask for {host.name} at the desk"
    pairing = db.session.scalar(sa.select(Pairing).where(Pairing.mentor_id == host.id))
    assert pairing is not None
    pairing.decline_reason = f"No time, call {phone}"
    db.session.commit()
    before = aggregates()
    assert len(set(traces(host.name, email, phone))) >= 6

    erasure.erase_person(host.id)
    db.session.commit()

    assert traces("Bo Ekström-Host", email, phone) == []
    assert aggregates() == before
