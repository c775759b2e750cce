"""Coordinators record outcomes and entry/exit indicators, and set the programme's inactive days."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from mentoring.activity.models import EngagementSettings
from mentoring.engagement.models import Indicators, Outcome
from mentoring.engagement.retention import inactive_days
from mentoring.extensions import db
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.engagement_factories import add_indicators
from tests.factories import enrol, make_cohort, make_programme, make_user


@pytest.fixture
def setup(app: Flask):  # type: ignore[no-untyped-def]
    coordinator = make_user(Role.COORDINATOR)
    programme = make_programme(staff=(coordinator,))
    cohort = make_cohort(programme, name="Spring", starts_on=date(2026, 1, 5))
    participant = make_user(Role.PARTICIPANT, name="Amira Haddad")
    enrolment = enrol(participant, cohort)
    return coordinator, programme, cohort, enrolment


def _count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_a_coordinator_records_an_outcome_from_the_enrolment_page(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _programme, cohort, enrolment = setup
    auth.login(coordinator.email)
    cohort_page = client.get(f"/cohorts/{cohort.id}")
    assert f"/engagement/enrolments/{enrolment.id}" in cohort_page.text
    page = client.get(f"/engagement/enrolments/{enrolment.id}")
    assert page.status_code == 200 and "Amira Haddad" in page.text
    response = client.post(
        f"/engagement/enrolments/{enrolment.id}/outcomes",
        data={"kind": "internship", "achieved_on": "2026-03-02"},
        follow_redirects=True,
    )
    assert "The outcome is recorded." in response.text
    assert "Work trial or internship" in response.text
    outcome = db.session.scalars(sa.select(Outcome)).one()
    assert (outcome.kind, outcome.achieved_on) == ("internship", date(2026, 3, 2))
    assert (outcome.recorded_by_id, outcome.source) == (coordinator.id, "coordinator")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "lottery", "achieved_on": "2026-03-02"}, "Not a valid choice"),
        ({"kind": "job_full", "achieved_on": ""}, "This field is required"),
        ({"kind": "job_full", "achieved_on": "2-3-2026x"}, "Not a valid date value"),
        ({"kind": "job_full", "achieved_on": "2025-12-01"}, "between the start of the enrolment"),
    ],
)
def test_a_bad_outcome_shows_an_inline_error_and_records_nothing(
    setup, client: FlaskClient, auth: AuthActions, data: dict, message: str
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _programme, _cohort, enrolment = setup
    auth.login(coordinator.email)
    response = client.post(f"/engagement/enrolments/{enrolment.id}/outcomes", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert _count(Outcome) == 0


def test_entry_and_exit_indicators_are_saved_and_corrected(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _programme, _cohort, enrolment = setup
    auth.login(coordinator.email)
    url = f"/engagement/enrolments/{enrolment.id}/indicators"
    response = client.post(
        f"{url}/entry",
        data={
            "entry-labour_status": "long_term_unemployed",
            "entry-age_band": "25-29",
            "entry-education_level": "",
        },
        follow_redirects=True,
    )
    assert "The indicators are saved." in response.text
    assert client.post(f"{url}/exit", data={"exit-labour_status": "employed"}).status_code == 302
    corrected = {"entry-labour_status": "unemployed", "entry-age_band": "25-29"}
    assert client.post(f"{url}/entry", data=corrected).status_code == 302
    db.session.expire_all()
    rows = {row.stage: row for row in db.session.scalars(sa.select(Indicators))}
    assert (rows["entry"].labour_status, rows["entry"].age_band) == ("unemployed", "25-29")
    assert rows["entry"].education_level is None
    assert rows["exit"].labour_status == "employed"
    page = client.get(f"/engagement/enrolments/{enrolment.id}").text
    assert 'value="unemployed" selected' in page or 'selected value="unemployed"' in page


def test_a_bad_indicator_shows_an_inline_error_and_changes_nothing(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, _programme, _cohort, enrolment = setup
    add_indicators(enrolment, "entry", labour_status="unemployed")
    auth.login(coordinator.email)
    response = client.post(
        f"/engagement/enrolments/{enrolment.id}/indicators/entry",
        data={"entry-labour_status": "employed", "entry-age_band": "twelve"},
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.text and 'id="entry-age_band-error"' in response.text
    db.session.expire_all()
    row = db.session.scalars(sa.select(Indicators)).one()
    assert (row.labour_status, row.age_band) == ("unemployed", None)
    assert (
        client.post(f"/engagement/enrolments/{enrolment.id}/indicators/middle").status_code == 404
    )


def test_a_coordinator_sets_the_inactive_days(setup, client, auth: AuthActions) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, *_ = setup
    auth.login(coordinator.email)
    assert (
        f"/engagement/{programme.id}/settings"
        in client.get(f"/engagement/{programme.id}/retention").text
    )
    page = client.get(f"/engagement/{programme.id}/settings")
    assert page.status_code == 200 and 'value="30"' in page.text
    response = client.post(
        f"/engagement/{programme.id}/settings", data={"inactive_days": "45"}, follow_redirects=True
    )
    assert "after 45 days without activity" in response.text
    assert inactive_days(programme.id) == 45


@pytest.mark.parametrize("value", ["3", "400", "", "a month"])
def test_bad_inactive_days_show_an_inline_error_and_change_nothing(
    setup, client: FlaskClient, auth: AuthActions, value: str
) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, *_ = setup
    auth.login(coordinator.email)
    response = client.post(f"/engagement/{programme.id}/settings", data={"inactive_days": value})
    assert response.status_code == 422
    assert 'id="inactive_days-error"' in response.text
    assert db.session.get(EngagementSettings, programme.id) is None


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.MENTOR, Role.COACH])
def test_only_coordinators_and_admins_record(
    setup, client: FlaskClient, auth: AuthActions, role: Role
) -> None:  # type: ignore[no-untyped-def]
    _coordinator, programme, _cohort, enrolment = setup
    auth.login(make_user(role).email)
    assert client.get(f"/engagement/enrolments/{enrolment.id}").status_code == 403
    assert (
        client.post(
            f"/engagement/enrolments/{enrolment.id}/outcomes",
            data={"kind": "job_full", "achieved_on": "2026-03-02"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/engagement/{programme.id}/settings", data={"inactive_days": "40"}
        ).status_code
        == 403
    )
    assert _count(Outcome) == 0 and _count(EngagementSettings) == 0


def test_other_programmes_enrolments_do_not_exist_for_a_coordinator(
    setup, client, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    _coordinator, programme, _cohort, enrolment = setup
    stranger = make_user(Role.COORDINATOR)
    make_programme(staff=(stranger,))
    auth.login(stranger.email)
    base = f"/engagement/enrolments/{enrolment.id}"
    assert client.get(base).status_code == 404
    data = {"kind": "job_full", "achieved_on": "2026-03-02"}
    assert client.post(f"{base}/outcomes", data=data).status_code == 404
    assert client.post(f"{base}/indicators/entry", data={}).status_code == 404
    assert (
        client.post(
            f"/engagement/{programme.id}/settings", data={"inactive_days": "40"}
        ).status_code
        == 404
    )
    assert _count(Outcome) == 0 and _count(Indicators) == 0 and _count(EngagementSettings) == 0


def test_an_admin_records_in_any_programme(setup, client, auth: AuthActions) -> None:  # type: ignore[no-untyped-def]
    _coordinator, _programme, _cohort, enrolment = setup
    auth.login(make_user(Role.ADMIN).email)
    response = client.post(
        f"/engagement/enrolments/{enrolment.id}/outcomes",
        data={"kind": "studies", "achieved_on": "2026-02-02"},
    )
    assert response.status_code == 302
    assert _count(Outcome) == 1
