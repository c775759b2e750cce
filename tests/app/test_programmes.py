"""Admins create programmes and cohorts; coordinators enrol people and end enrolments."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_programme, make_user


def test_admin_creates_programme_and_cohort(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(make_user(Role.ADMIN).email)
    response = client.post(
        "/programmes/new",
        data={
            "name": "Digital Steps",
            "description": "For staff",
            "languages": ["sv", "fi"],
            "skill_catalogue": "Outlook\nTeams\n\nTeams\nPayroll app",
            "default_meeting_format": "remote",
            "timezone": "Europe/Helsinki",
        },
    )
    assert response.status_code == 302
    programme = db.session.scalar(sa.select(Programme))
    assert programme is not None
    assert programme.skill_catalogue == ["Outlook", "Teams", "Payroll app"]
    assert programme.languages == ["sv", "fi"]
    response = client.post(
        f"/programmes/{programme.id}/cohorts",
        data={"name": "Spring", "starts_on": "2027-01-10", "ends_on": "2027-06-01"},
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Cohort.name)) == "Spring"


def test_cohort_dates_and_duplicate_names_are_checked(
    client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(make_user(Role.ADMIN).email)
    programme = make_programme()
    make_cohort(programme, name="Spring")
    bad_dates = client.post(
        f"/programmes/{programme.id}/cohorts",
        data={"name": "Autumn", "starts_on": "2027-06-01", "ends_on": "2027-01-01"},
    )
    assert (
        bad_dates.status_code == 422 and b"The end date is before the start date." in bad_dates.data
    )
    duplicate = client.post(
        f"/programmes/{programme.id}/cohorts", data={"name": "Spring", "starts_on": "2027-01-01"}
    )
    assert b"has a cohort with this name already" in duplicate.data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 1


def test_duplicate_programme_name_is_refused(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(make_user(Role.ADMIN).email)
    make_programme(name="Taken")
    response = client.post(
        "/programmes/new",
        data={
            "name": "Taken",
            "skill_catalogue": "Outlook",
            "default_meeting_format": "either",
            "timezone": "UTC",
        },
    )
    assert b"A programme with this name exists already." in response.data


def test_coordinator_enrols_and_ends_an_enrolment(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    person = make_user(email="lina@example.org")
    enrol(person, make_cohort(cohort.programme))  # already in the programme: enrolled at once
    auth.login(coordinator.email)
    assert (
        client.post(
            f"/cohorts/{cohort.id}/enrollments",
            data={"email": "lina@example.org", "started_on": "2026-09-02"},
        ).status_code
        == 302
    )
    enrollment = db.session.scalar(
        sa.select(Enrollment).where(
            Enrollment.user_id == person.id, Enrollment.cohort_id == cohort.id
        )
    )
    assert enrollment is not None and enrollment.started_on == date(2026, 9, 2)
    client.post(
        f"/enrollments/{enrollment.id}/end", data={"ended_on": "2026-12-01", "reason": "job"}
    )
    db.session.refresh(enrollment)
    assert (enrollment.ended_on, enrollment.end_reason) == (date(2026, 12, 1), "job")


def test_enrolling_a_bad_email_is_refused(client: FlaskClient, auth: AuthActions) -> None:
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    auth.login(coordinator.email)
    response = client.post(
        f"/cohorts/{cohort.id}/enrollments",
        data={"email": "not an address", "started_on": "2026-09-02"},
    )
    assert response.status_code == 422


def test_coordinator_cannot_end_an_enrolment_in_another_programme(
    client: FlaskClient, auth: AuthActions
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    make_programme(staff=(coordinator,))
    foreign = enrol(make_user(), make_cohort())
    auth.login(coordinator.email)
    response = client.post(
        f"/enrollments/{foreign.id}/end", data={"ended_on": "2026-12-01", "reason": "job"}
    )
    assert response.status_code == 404
    db.session.refresh(foreign)
    assert foreign.ended_on is None


def test_coach_sees_programme_but_cannot_enrol(client: FlaskClient, auth: AuthActions) -> None:
    coach = make_user(Role.COACH)
    cohort = make_cohort(make_programme(staff=(coach,)))
    auth.login(coach.email)
    assert client.get(f"/cohorts/{cohort.id}").status_code == 200
    response = client.post(
        f"/cohorts/{cohort.id}/enrollments", data={"email": coach.email, "started_on": "2026-09-02"}
    )
    assert response.status_code == 403


def test_an_edit_that_leaves_out_fields_keeps_them(client: FlaskClient, auth: AuthActions) -> None:
    programme = make_programme(catalogue=["Outlook", "Teams"])
    auth.login(make_user(Role.ADMIN).email)
    page = client.get(f"/programmes/{programme.id}/edit").get_data(as_text=True)
    assert "Outlook\nTeams</textarea>" in page
    response = client.post(f"/programmes/{programme.id}/edit", data={"name": "Renamed"})
    assert response.status_code == 302  # was a 500: the catalogue came back as a list
    db.session.refresh(programme)
    assert programme.name == "Renamed" and programme.skill_catalogue == ["Outlook", "Teams"]
