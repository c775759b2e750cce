"""A coordinator who types someone's address invites them; nothing is shared until they accept."""

from __future__ import annotations

import io
import re
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.outbox.models import OutboxMessage
from mentoring.profiles.models import Profile
from mentoring.programmes.models import Cohort, CohortInvitation, Enrollment
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.mailbox import SmtpSink
from tests.notices_factories import deliver


def _world() -> tuple[User, User, Cohort]:
    """Programme A's participant (with a profile), programme B's coordinator and cohort."""
    participant = make_user(Role.PARTICIPANT, email="participant@example.org")
    profile = make_profile(participant, languages=("ar",))
    profile.municipality = "Solna"
    enrol(participant, make_cohort(make_programme(name="A")))
    coordinator = make_user(Role.COORDINATOR, email="b.coordinator@example.org")
    cohort = make_cohort(make_programme(name="B", staff=(coordinator,)))
    db.session.commit()
    return participant, coordinator, cohort


def _enrol(client: FlaskClient, cohort: Cohort, email: str) -> Any:
    return client.post(
        f"/cohorts/{cohort.id}/enrollments", data={"email": email, "started_on": "2026-09-02"}
    )


def _pending(client: FlaskClient, auth: AuthActions) -> tuple[User, Cohort, CohortInvitation]:
    """Programme B's coordinator enrols programme A's participant: an invitation waits."""
    participant, coordinator, cohort = _world()
    auth.login(coordinator.email)
    _enrol(client, cohort, participant.email)
    [pending] = db.session.scalars(sa.select(CohortInvitation))
    return participant, cohort, pending


def _outbox_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) or 0


def _answer(client: FlaskClient, response: Any, typed: str) -> tuple[Any, ...]:
    """Status, target, body and the message shown next, with the typed address blanked."""
    shown = re.findall(rb'<p class="flash[^"]*">[^<]*</p>', client.get(response.location).data)
    blank = typed.encode()
    return (
        response.status_code,
        response.location,
        response.data.replace(blank, b"TYPED"),
        [message.replace(blank, b"TYPED") for message in shown],
    )


def test_enrolling_someone_of_another_programme_shows_them_nothing_until_they_accept(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp: SmtpSink
) -> None:
    participant, coordinator, cohort = _world()
    auth.login(coordinator.email)
    response = _enrol(client, cohort, participant.email)
    assert response.status_code == 302
    assert client.get(f"/profiles/{participant.id}").status_code == 404
    export = client.get(f"/cohorts/{cohort.id}/export.csv").get_data(as_text=True)
    assert export.strip().count("\n") == 0  # the header only
    nudge = client.post(f"/engagement/{cohort.programme_id}/nudges/{participant.id}")
    assert nudge.status_code == 404
    # Nor in the programme's dashboards (its retention page lists its people).
    dashboard = f"/engagement/{cohort.programme_id}/retention"
    answer = client.get(dashboard)
    assert answer.status_code == 200 and participant.name.encode() not in answer.data
    cohort_page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert participant.email in cohort_page  # what the coordinator typed
    assert participant.name not in cohort_page
    assert db.session.scalar(sa.select(Enrollment).where(Enrollment.cohort_id == cohort.id)) is None
    deliver()
    [invitation] = smtp.to(participant.email)
    assert "/invitations" in invitation.get_content()
    # The person accepts: now they are enrolled and the programme sees them.
    person = app.test_client()
    AuthActions(person).login(participant.email)
    assert b"Answer 1 invitation to join a programme" in person.get("/").data
    listed = person.get("/invitations")
    assert listed.status_code == 200 and b"B" in listed.data
    [pending] = db.session.scalars(sa.select(CohortInvitation))
    assert person.post(f"/invitations/{pending.id}/accept").status_code == 302
    assert client.get(f"/profiles/{participant.id}").status_code == 200
    assert "Solna" in client.get(f"/cohorts/{cohort.id}/export.csv").get_data(as_text=True)
    assert participant.name.encode() in client.get(dashboard).data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortInvitation)) == 0


def test_known_and_unknown_addresses_get_the_same_answer(
    client: FlaskClient, auth: AuthActions
) -> None:
    participant, coordinator, cohort = _world()
    admin = make_user(Role.ADMIN, email="admin@example.org")
    auth.login(coordinator.email)
    answers = []
    for email in (participant.email, admin.email, "nobody@example.org"):
        before = _outbox_count()
        response = _enrol(client, cohort, email)
        answers.append((*_answer(client, response, email), _outbox_count() - before))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302 and answers[0][-1] == 1
    assert b"We have invited TYPED" in answers[0][3][0]
    # The new account waits for its owner like the others; it is enrolled nowhere.
    created = db.session.scalar(sa.select(User).where(User.email == "nobody@example.org"))
    assert created is not None and created.password_hash is None
    assert db.session.scalar(sa.select(Enrollment).where(Enrollment.cohort_id == cohort.id)) is None


def test_someone_already_in_the_programme_is_enrolled_at_once(
    client: FlaskClient, auth: AuthActions
) -> None:
    participant, coordinator, cohort = _world()
    enrol(participant, make_cohort(cohort.programme))
    auth.login(coordinator.email)
    assert _enrol(client, cohort, participant.email).status_code == 302
    assert db.session.scalar(
        sa.select(Enrollment).where(
            Enrollment.cohort_id == cohort.id, Enrollment.user_id == participant.id
        )
    )


def test_a_declined_invitation_goes_and_others_cannot_answer_it(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    participant, cohort, pending = _pending(client, auth)
    stranger = app.test_client()
    AuthActions(stranger).login(make_user().email)
    assert stranger.post(f"/invitations/{pending.id}/accept").status_code == 404
    assert stranger.post(f"/invitations/{pending.id}/decline").status_code == 404
    assert client.post(f"/invitations/{pending.id}/accept").status_code == 404
    person = app.test_client()
    AuthActions(person).login(participant.email)
    assert person.post(f"/invitations/{pending.id}/decline").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortInvitation)) == 0
    assert db.session.scalar(sa.select(Enrollment).where(Enrollment.cohort_id == cohort.id)) is None


def test_an_import_invites_known_and_unknown_addresses_alike(
    client: FlaskClient, auth: AuthActions
) -> None:
    participant, coordinator, cohort = _world()
    auth.login(coordinator.email)
    pages = []
    for email in (participant.email, "fresh@example.org"):
        raw = f"email,name\n{email},Typed Name\n".encode()
        response = client.post(
            f"/cohorts/{cohort.id}/import", data={"file": (io.BytesIO(raw), "p.csv")}
        )
        assert response.status_code == 200
        pages.append(re.sub(rb'name="csrf_token" value="[^"]*"', b"", response.data))
    assert pages[0] == pages[1]
    pending = db.session.scalars(sa.select(CohortInvitation).order_by(CohortInvitation.id)).all()
    fresh = db.session.scalar(sa.select(User).where(User.email == "fresh@example.org"))
    assert fresh is not None and fresh.password_hash is None  # chooses one from the invitation
    assert [(i.user_id, i.name) for i in pending] == [
        (participant.id, "Typed Name"),
        (fresh.id, "Typed Name"),
    ]
    assert db.session.scalar(sa.select(Enrollment).where(Enrollment.cohort_id == cohort.id)) is None
    assert (
        db.session.scalar(sa.select(Profile.municipality).where(Profile.user_id == participant.id))
        == "Solna"
    )


def test_the_purge_forgets_unanswered_invitations_and_old_bare_addresses(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    from datetime import timedelta

    from mentoring.privacy.retention import purge

    participant, coordinator, cohort = _world()
    auth.login(coordinator.email)
    _enrol(client, cohort, participant.email)
    client.post("/password/forgot", data={"email": "nobody@example.org"})
    db.session.execute(sa.update(OutboxMessage).values(status="sent"))
    db.session.commit()
    [pending] = db.session.scalars(sa.select(CohortInvitation))
    bare = sa.select(sa.func.count()).where(OutboxMessage.address.is_not(None))
    purge(pending.created_at.date() + timedelta(days=29), actor_id=None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortInvitation)) == 1
    assert db.session.scalar(bare) == 1
    purge(pending.created_at.date() + timedelta(days=31), actor_id=None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortInvitation)) == 0
    assert db.session.scalar(bare) == 0


def test_the_programmes_coordinator_withdraws_an_invitation_others_cannot(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    participant, cohort, pending = _pending(client, auth)
    stranger = app.test_client()
    AuthActions(stranger).login(make_user(Role.COORDINATOR).email)
    assert stranger.post(f"/invitations/{pending.id}/withdraw").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortInvitation)) == 1
    response = client.post(f"/invitations/{pending.id}/withdraw")
    assert response.status_code == 302 and response.location.endswith(f"/cohorts/{cohort.id}")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortInvitation)) == 0
    person = app.test_client()
    AuthActions(person).login(participant.email)
    assert b"You have no invitations waiting." in person.get("/invitations").data


def test_after_the_form_known_and_unknown_addresses_look_the_same_on_the_cohort_page(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    participant, coordinator, cohort = _world()
    other = make_cohort(cohort.programme, name="Second intake")
    auth.login(coordinator.email)
    pages = []
    for target, email in ((cohort, participant.email), (other, "nobody@example.org")):
        assert _enrol(client, target, email).status_code == 302
        page = client.get(f"/cohorts/{target.id}").data
        page = page[page.index(b"<h2>Enrol a person</h2>") :].replace(email.encode(), b"TYPED")
        page = re.sub(rb'name="csrf_token" value="[^"]*"', b"", page)
        page = re.sub(rb"\d{4}-\d\d-\d\d", b"DATE", page)  # the day each was invited
        pages.append(re.sub(rb"/(cohorts|invitations)/\d+", rb"/\1/ID", page))
    assert pages[0] == pages[1]
    assert b"TYPED, " in pages[0] and b"Enrolled people (0)" in pages[0]
    assert participant.name.encode() not in pages[0] and b"Solna" not in pages[0]
