"""A person downloads their data and asks for erasure; an admin confirms; nothing of them stays."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.accounts.models import User
from mentoring.accounts.roles import Role
from mentoring.audit.models import AuditLog
from mentoring.bookings.models import Booking, SessionNote
from mentoring.db import utcnow
from mentoring.engagement.models import Outcome
from mentoring.extensions import db
from mentoring.notices.models import OutboxMessage
from mentoring.privacy import erasure
from mentoring.profiles.models import Profile
from tests.conftest import login
from tests.trust_factories import World, make_world

NAME, EMAIL = "Zyxwv Qwertyson", "zyxwv.qwertyson@example.org"


def traces(*needles: str) -> list[str]:
    """Scan every text and JSON column of every table; return where a needle occurs."""
    found = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.JSON)]
            if not columns:
                continue
            for row in connection.execute(sa.select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    text = json.dumps(value, ensure_ascii=False) if value is not None else ""
                    found += [f"{table.name}.{column.name}" for n in needles if n in text]
    return found


def database_fingerprint() -> str:
    digest = hashlib.sha256()
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            rows = connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            digest.update(repr([tuple(row) for row in rows]).encode())
    return digest.hexdigest()


def aggregates() -> dict[str, Any]:
    hours = db.session.scalars(sa.select(Booking).where(Booking.attendance == "attended")).all()
    return {
        "attended_hours": sum((b.ends_at - b.starts_at).total_seconds() / 3600 for b in hours),
        "outcomes": sorted(db.session.scalars(sa.select(Outcome.kind)).all()),
        "people": db.session.scalar(sa.select(sa.func.count()).select_from(User)),
        "bookings": db.session.scalar(sa.select(sa.func.count()).select_from(Booking)),
    }


def leave_traces(world: World) -> None:
    """Put the person's name and email where free text and copies live."""
    person = world.participant
    profile = db.session.scalar(sa.select(Profile).where(Profile.user_id == person.id))
    assert profile is not None
    profile.bio, profile.gender = f"I am {NAME}, write to {EMAIL}", "woman"
    world.booking.topic = f"CV review for {NAME}"
    db.session.add(
        SessionNote(booking_id=world.booking.id, author_id=world.mentor.id, text=f"{NAME} did well")
    )
    db.session.add(
        OutboxMessage(
            recipient_id=person.id,
            kind="account",
            occasion="welcome",
            template="welcome",
            context={"name": NAME, "email": EMAIL},
            next_attempt_at=utcnow(),
        )
    )
    db.session.commit()


def test_a_participant_downloads_all_their_data_as_json(client: FlaskClient) -> None:
    world = make_world()
    login(client, world.participant.email)
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
) -> None:
    world = make_world()
    login(client, world.participant.email)
    page = client.post("/my-data/export", data={"format": "html"}).get_data(as_text=True)
    assert EMAIL in page and "bookings" in page and "<table>" in page
    actions = db.session.scalars(
        sa.select(AuditLog.action).where(AuditLog.subject_user_id == world.participant.id)
    ).all()
    assert actions == ["privacy.exported"]


def test_erasure_is_asked_for_then_confirmed_by_an_admin(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    leave_traces(world)
    before = aggregates()
    login(client, world.participant.email)
    client.post("/my-data/erasure")
    assert b"already asked" in client.post("/my-data/erasure", follow_redirects=True).data
    assert traces(NAME, EMAIL), "the test data should leave traces to erase"

    admin = app.test_client()
    login(admin, world.staff[Role.ADMIN].email)
    page = admin.get("/admin/erasures").get_data(as_text=True)
    assert NAME in page
    request = erasure.pending_for(world.participant.id)
    assert request is not None
    assert admin.post(f"/admin/erasures/{request.id}/confirm").status_code == 302

    assert traces(NAME, EMAIL) == []
    assert aggregates() == before
    assert client.get("/my-data").status_code == 302, "the person's session is revoked"
    assert b"Wrong email or password" in login(app.test_client(), EMAIL).data
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


def test_only_admins_see_and_confirm_erasures(app, client: FlaskClient) -> None:  # type: ignore[no-untyped-def]
    world = make_world()
    request = erasure.request_erasure(world.participant.id, now=utcnow())
    login(client, world.staff[Role.COORDINATOR].email)
    assert client.get("/admin/erasures").status_code == 403
    assert client.post(f"/admin/erasures/{request.id}/confirm").status_code == 403
    assert erasure.pending_for(world.participant.id) is not None
