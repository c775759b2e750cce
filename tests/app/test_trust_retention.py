"""People are anonymised once every programme of theirs has kept their data long enough."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from mentoring.audit.models import AuditLog
from mentoring.extensions import db
from mentoring.notices.jobs import configured_jobs
from mentoring.privacy.erasure import ERASED
from mentoring.privacy.retention import add_months, due_for_purge, purge
from mentoring.programmes.models import Cohort, CohortInvitation, Programme
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.engagement_factories import end_enrolment
from tests.factories import (
    TEST_PASSWORD,
    enrol,
    make_cohort,
    make_programme,
    make_user,
    usable_code,
)
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

TODAY = date(2026, 11, 25)
NOON = datetime(2026, 11, 25, 12)


@pytest.fixture
def clock(app: Flask) -> datetime:
    app.config["CLOCK"] = lambda: NOON
    return NOON


def cohort_of(months: int, name: str) -> Cohort:
    programme = make_programme(name=name)
    programme.retention_months = months
    return make_cohort(programme, starts_on=date(2020, 1, 6))


def leaver(cohort: Cohort, ended_on: date, *roles: Role) -> User:
    person = make_user(*(roles or (Role.PARTICIPANT,)))
    end_enrolment(enrol(person, cohort), ended_on, "completed")
    return person


def due_ids() -> set[int]:
    return {candidate.user_id for candidate in due_for_purge(TODAY)}


def test_months_are_added_on_the_calendar() -> None:
    assert add_months(date(2024, 11, 25), 24) == date(2026, 11, 25)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


def test_only_people_past_every_programmes_period_are_due(app: Flask) -> None:
    two_years, one_year = cohort_of(24, "Two years"), cohort_of(12, "One year")
    past = leaver(two_years, date(2024, 11, 24))
    on_the_day = leaver(two_years, date(2024, 11, 25))
    shorter = leaver(one_year, date(2025, 11, 24))
    recent = leaver(one_year, date(2025, 11, 25))
    still_enrolled = leaver(two_years, date(2020, 6, 1))
    enrol(still_enrolled, one_year)
    both_ended = leaver(two_years, date(2022, 1, 1))
    end_enrolment(enrol(both_ended, one_year), date(2026, 1, 10), "completed")
    coordinator = leaver(two_years, date(2020, 6, 1), Role.COORDINATOR)
    make_user(Role.PARTICIPANT)  # never enrolled: this rule does not apply

    assert due_ids() == {past.id, shorter.id}
    assert {on_the_day.id, recent.id, still_enrolled.id, both_ended.id, coordinator.id}.isdisjoint(
        due_ids()
    )
    [candidate] = [c for c in due_for_purge(TODAY) if c.user_id == past.id]
    assert (candidate.last_ended_on, candidate.keep_until) == (
        date(2024, 11, 24),
        date(2026, 11, 24),
    )
    assert candidate.programmes == ("Two years",)
    assert both_ended.id in {c.user_id for c in due_for_purge(date(2027, 1, 11))}


def test_a_dry_run_changes_no_row(app: Flask, runner: FlaskCliRunner, clock: datetime) -> None:
    world = make_world()
    end_enrolment(world.enrolment, date(2024, 1, 31), "completed")
    before = database_fingerprint()
    assert [c.user_id for c in purge(TODAY, actor_id=None, dry_run=True)] == [world.participant.id]
    result = runner.invoke(args=["purge-retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert NAME in result.output and "2024-01-31" in result.output
    assert "1 person would be anonymised (dry run, nothing changed)." in result.output
    assert database_fingerprint() == before


def test_the_purge_anonymises_keeps_aggregates_revokes_sessions_and_is_audited(
    app: Flask, runner: FlaskCliRunner, clock: datetime
) -> None:
    world = make_world()
    leave_traces(world)
    end_enrolment(world.enrolment, date(2024, 1, 31), "completed")
    signed_in = app.test_client()
    AuthActions(signed_in).login(world.participant.email)
    assert signed_in.get("/my-data").status_code == 200
    before = aggregates()

    result = runner.invoke(args=["purge-retention"])

    assert result.exit_code == 0 and "1 person anonymised." in result.output
    assert traces(NAME, EMAIL, PHONE) == []
    assert aggregates() == before
    person = db.session.get(User, world.participant.id)
    assert person is not None and (person.name, person.is_enabled) == (ERASED, False)
    assert signed_in.get("/my-data").status_code == 302, "their session is revoked"
    [entry] = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "privacy.retention_purged")
    ).all()
    assert (entry.actor_id, entry.subject_user_id) == (None, world.participant.id)
    assert entry.details["last_ended_on"] == "2024-01-31"
    mentor = db.session.get(User, world.mentor.id)
    assert mentor is not None and mentor.is_enabled, "the mentor is still enrolled"


def test_a_second_run_changes_nothing(app: Flask) -> None:
    world = make_world()
    leave_traces(world)
    end_enrolment(world.enrolment, date(2024, 1, 31), "completed")
    assert len(purge(TODAY, actor_id=None)) == 1
    first = database_fingerprint()
    assert purge(TODAY, actor_id=None) == []
    assert database_fingerprint() == first


def test_the_scheduler_runs_the_purge_every_day(app: Flask) -> None:
    [job] = [job for job in configured_jobs(app) if job.name == "purge-retention"]
    assert job.every == timedelta(days=1)
    person = leaver(cohort_of(24, "Old"), date(2023, 5, 1))
    assert job.func(NOON) == "anonymised 1 people"
    assert db.session.get(User, person.id).name == ERASED  # type: ignore[union-attr]
    assert job.func(NOON) == "anonymised 0 people"


def test_admins_see_the_dry_run_and_run_the_purge(
    app: Flask, client: FlaskClient, auth: AuthActions, clock: datetime
) -> None:
    admin = make_user(Role.ADMIN)
    person = leaver(cohort_of(24, "Old"), date(2023, 5, 1))
    name = person.name
    auth.login(admin.email)
    before = database_fingerprint()
    page = client.get("/admin/retention").get_data(as_text=True)
    assert name in page and "2023-05-01" in page and "2025-05-01" in page
    assert "Anonymise these people now" in page
    assert database_fingerprint() == before, "the page is a dry run"
    response = client.post("/admin/retention/purge", follow_redirects=True)
    assert "1 person was anonymised." in response.get_data(as_text=True)
    assert "Nobody is due for anonymisation today." in response.get_data(as_text=True)
    entry = db.session.scalar(
        sa.select(AuditLog).where(AuditLog.action == "privacy.retention_purged")
    )
    assert entry is not None and (entry.actor_id, entry.subject_user_id) == (admin.id, person.id)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTICIPANT])
def test_only_admins_open_the_purge_page(
    client: FlaskClient, auth: AuthActions, role: Role
) -> None:
    person = leaver(cohort_of(24, "Old"), date(2023, 5, 1))
    auth.login(make_user(role).email)
    assert client.get("/admin/retention").status_code == 403
    assert client.post("/admin/retention/purge").status_code == 403
    assert db.session.get(User, person.id).name != ERASED  # type: ignore[union-attr]


@pytest.mark.csrf
def test_the_purge_needs_the_forms_csrf_token(client: FlaskClient) -> None:
    person = leaver(cohort_of(24, "Old"), date(2023, 5, 1))
    admin = make_user(Role.ADMIN)
    signed_in = client.post(
        "/login",
        data={
            "email": admin.email,
            "password": TEST_PASSWORD,
            "csrf_token": token(client, "/login"),
        },
    )
    if signed_in.location == "/login/code":  # administrators confirm with a second factor
        code = {"code": usable_code(admin.id), "csrf_token": token(client, "/login/code")}
        signed_in = client.post("/login/code", data=code)
    assert signed_in.status_code == 302 and signed_in.location == "/"
    assert client.post("/admin/retention/purge").status_code == 400
    assert db.session.get(User, person.id).name != ERASED  # type: ignore[union-attr]
    valid = {"csrf_token": token(client, "/admin/retention")}
    assert client.post("/admin/retention/purge", data=valid).status_code == 302
    assert db.session.get(User, person.id).name == ERASED  # type: ignore[union-attr]


def token(client: FlaskClient, path: str) -> str:
    """The CSRF token of the form on the page at ``path``."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_coordinators_of_the_programme_set_its_retention_period(
    client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme = make_programme(staff=(coordinator,))
    assert programme.retention_months == 24
    auth.login(coordinator.email)
    assert "24 months" in client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    page = client.get(f"/programmes/{programme.id}/retention")
    assert page.status_code == 200 and 'value="24"' in page.get_data(as_text=True)
    saved = client.post(f"/programmes/{programme.id}/retention", data={"retention_months": "36"})
    assert saved.status_code == 302
    assert db.session.get(Programme, programme.id).retention_months == 36  # type: ignore[union-attr]
    entry = db.session.scalar(
        sa.select(AuditLog).where(AuditLog.action == "programme.retention_changed")
    )
    assert entry is not None and entry.details == {"before": 24, "after": 36}
    assert entry.actor_id == coordinator.id


@pytest.mark.parametrize("value", ["5", "121", "abc", "", "-3"])
def test_a_bad_retention_period_is_refused_inline(
    client: FlaskClient, auth: AuthActions, value: str
) -> None:
    admin = make_user(Role.ADMIN)
    programme = make_programme()
    auth.login(admin.email)
    response = client.post(
        f"/programmes/{programme.id}/retention", data={"retention_months": value}
    )
    assert response.status_code == 422
    assert 'id="retention_months-error"' in response.get_data(as_text=True)
    assert db.session.get(Programme, programme.id).retention_months == 24  # type: ignore[union-attr]


def test_other_programmes_staff_and_participants_cannot_set_it(
    client: FlaskClient, auth: AuthActions
) -> None:
    programme = make_programme()
    auth.login(make_user(Role.COORDINATOR).email)
    assert client.get(f"/programmes/{programme.id}/retention").status_code == 404
    auth.logout()
    auth.login(make_user(Role.PARTICIPANT).email)
    assert (
        client.post(
            f"/programmes/{programme.id}/retention", data={"retention_months": "6"}
        ).status_code
        == 403
    )
    assert db.session.get(Programme, programme.id).retention_months == 24  # type: ignore[union-attr]


def invited(made: datetime, *roles: Role) -> User:
    """An account made by an invitation (no password), never signed in or enrolled."""
    person = make_user(*(roles or (Role.PARTICIPANT,)), password=None)
    person.created_at = made
    db.session.commit()
    return person


def test_invited_accounts_never_taken_up_are_due_after_the_configured_days(app: Flask) -> None:
    app.config["INVITED_ACCOUNT_RETENTION_DAYS"] = 30
    made_on = TODAY - timedelta(days=30)
    on_the_last_day = invited(datetime.combine(made_on, datetime.max.time()))
    past = invited(datetime.combine(made_on - timedelta(days=1), datetime.max.time()))
    staff = invited(datetime(2020, 1, 1), Role.COACH)
    with_password = make_user(Role.PARTICIPANT)
    with_password.created_at = datetime(2020, 1, 1)
    signed_in = invited(datetime(2020, 1, 1))
    signed_in.last_login_at = datetime(2020, 1, 2)
    enrolled = invited(datetime(2020, 1, 1))
    enrol(enrolled, make_cohort())
    asked_to_join = invited(datetime(2020, 1, 1))
    db.session.add(
        CohortInvitation(
            cohort_id=make_cohort().id,
            user_id=asked_to_join.id,
            email=asked_to_join.email,
            name="Asked",
            started_on=TODAY,
            created_at=NOON - timedelta(days=1),
        )
    )
    db.session.commit()

    assert due_ids() == {past.id}
    [candidate] = due_for_purge(TODAY)
    assert candidate.never_enrolled and candidate.keep_until == made_on - timedelta(days=1) + (
        timedelta(days=30)
    )
    kept = (on_the_last_day, staff, with_password, signed_in, enrolled, asked_to_join)
    assert {p.id for p in kept}.isdisjoint(due_ids())
    next_day = {c.user_id for c in due_for_purge(TODAY + timedelta(days=1))}
    assert on_the_last_day.id in next_day
    assert due_for_purge(TODAY, invited_days=31) == []


def test_an_invitation_never_taken_up_is_erased_and_audited(
    app: Flask, runner: FlaskCliRunner, clock: datetime
) -> None:
    person = invited(NOON - timedelta(days=200))
    result = runner.invoke(args=["purge-retention"])
    assert result.exit_code == 0 and "1 person anonymised." in result.output
    erased = db.session.get(User, person.id)
    assert erased is not None and (erased.name, erased.is_enabled) == (ERASED, False)
    [entry] = db.session.scalars(
        sa.select(AuditLog).where(AuditLog.action == "privacy.retention_purged")
    ).all()
    assert entry.subject_user_id == person.id
    assert entry.details["reason"] == "never_enrolled"
    assert entry.details["invited_on"] == (NOON - timedelta(days=200)).date().isoformat()
    assert purge(TODAY, actor_id=None) == []  # erased people are not due again
