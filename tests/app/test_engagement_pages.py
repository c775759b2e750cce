"""Coordinator dashboards: access, filters, small-cell suppression, funder report, feedback form."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from mentoring.engagement import funder
from mentoring.engagement.feedback import FeedbackFilters, feedback_shares
from mentoring.engagement.models import Indicators
from mentoring.extensions import db
from mentoring.profiles.models import Profile
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.bookings_factories import make_booking, make_pair
from tests.engagement_factories import add_event, add_feedback, add_indicators, add_outcome
from tests.factories import enrol, make_cohort, make_programme, make_user

PAGES = ("retention", "feedback", "outcomes", "ambassadors", "report")


def _people(cohort, count: int, gender: str | None = None) -> list:  # type: ignore[no-untyped-def]
    people = []
    for _ in range(count):
        user = make_user(Role.PARTICIPANT)
        db.session.add(Profile(user=user, gender=gender))
        people.append((user, enrol(user, cohort, started_on=date(2026, 1, 5))))
    db.session.commit()
    return people


@pytest.fixture
def setup(app: Flask):  # type: ignore[no-untyped-def]
    coordinator = make_user(Role.COORDINATOR)
    programme = make_programme(staff=(coordinator,))
    cohort = make_cohort(programme, name="Spring", starts_on=date(2026, 1, 5))
    women = _people(cohort, 6, "woman")
    men = _people(cohort, 2, "man")
    for user, _e in women + men:
        add_event(user, datetime(2026, 2, 1), cohort=cohort)
    return coordinator, programme, cohort, women, men


@pytest.mark.parametrize("page", PAGES)
def test_a_coordinator_sees_the_dashboards_of_their_programme(
    setup, client: FlaskClient, auth: AuthActions, page: str
) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, *_ = setup
    auth.login(coordinator.email)
    response = client.get(f"/engagement/{programme.id}/{page}")
    assert response.status_code == 200
    assert programme.name in response.text


@pytest.mark.parametrize("page", PAGES)
def test_other_programmes_do_not_exist_for_a_coordinator(
    setup, client: FlaskClient, auth: AuthActions, page: str
) -> None:  # type: ignore[no-untyped-def]
    _coordinator, programme, *_ = setup
    stranger = make_user(Role.COORDINATOR)
    make_programme(staff=(stranger,))
    auth.login(stranger.email)
    assert client.get(f"/engagement/{programme.id}/{page}").status_code == 404
    assert client.get(f"/engagement/{programme.id}/report?format=csv").status_code == 404


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.MENTOR, Role.COACH])
def test_dashboards_are_for_coordinators_and_admins_only(
    setup, client: FlaskClient, auth: AuthActions, role: Role
) -> None:  # type: ignore[no-untyped-def]
    _coordinator, programme, *_ = setup
    auth.login(make_user(role).email)
    assert client.get(f"/engagement/{programme.id}/retention").status_code == 403


def test_the_engagement_index_opens_the_first_own_programme(
    setup, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, *_ = setup
    auth.login(coordinator.email)
    response = client.get("/engagement/")
    assert response.headers["Location"].endswith(f"/engagement/{programme.id}/retention")


def test_retention_page_splits_by_gender_and_suppresses_small_groups(
    setup, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, *_ = setup
    auth.login(coordinator.email)
    page = client.get(f"/engagement/{programme.id}/retention?by=gender").text
    assert "<svg" in page and "<table" in page and "<script" not in page
    row = page.split('<th scope="row">Man</th>')[1].split("</tr>")[0]
    assert "&lt;5" in row and ">2<" not in row
    woman = page.split('<th scope="row">Woman</th>')[1].split("</tr>")[0]
    assert "<td>6</td>" in woman


def test_feedback_shares_follow_the_filters_and_suppress_small_cells(setup) -> None:  # type: ignore[no-untyped-def]
    _coordinator, programme, cohort, women, men = setup
    host = make_user(Role.MENTOR)
    for user, _e in women:
        add_feedback(user, cohort, host=host, level="just_right", scores=(5, 4, 4, 3))
    for user, _e in men:
        add_feedback(user, cohort, level="too_hard", answered_at=datetime(2026, 3, 1))
    questions, by_month = feedback_shares(programme.id, FeedbackFilters())
    level = dict((label, (n, s)) for label, n, s in questions[0].rows)
    assert level["Just right"] == ("6", "75%")
    assert level["Too hard"] == ("<5", "<5")
    assert level["Too easy"] == ("<5", "<5")
    only_women, _m = feedback_shares(programme.id, FeedbackFilters(gender="woman"))
    assert only_women[0].answers == 6
    assert feedback_shares(programme.id, FeedbackFilters(host_id=host.id))[0][0].answers == 6
    march = FeedbackFilters(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert feedback_shares(programme.id, march)[0][0].answers == 2
    assert [month for month, _n, _s in by_month] == ["2026-03", "2026-10"]


def test_feedback_filters_live_in_the_url(setup, client: FlaskClient, auth: AuthActions) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, cohort, women, _men = setup
    for user, _e in women:
        add_feedback(user, cohort)
    auth.login(coordinator.email)
    page = client.get(f"/engagement/{programme.id}/feedback?gender=man&from=2026-01-01").text
    assert 'value="man" selected' in page and 'value="2026-01-01"' in page
    assert "Answers: &lt;5" in page


def test_funder_report_totals_and_downloads(setup, client: FlaskClient, auth: AuthActions) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, cohort, women, men = setup
    for user, enrolment in women[:5]:
        add_outcome(user, enrolment, "job_full", date(2026, 4, 1))
        add_indicators(enrolment, "entry", labour_status="unemployed")
        enrolment.ended_on, enrolment.end_reason = date(2026, 4, 30), "job"
    db.session.commit()
    host, participant, _c = make_pair()
    enrol(participant, cohort, started_on=date(2026, 1, 5))
    start = datetime(2026, 3, 2, 10)
    make_booking(host, participant, start, minutes=90, attendance="attended")
    make_booking(host, participant, start + timedelta(days=1), attendance="no_show")
    lines = {
        (line.section, line.label): line.value
        for line in funder.funder_report(programme.id, date(2026, 1, 1), date(2026, 6, 30))
    }
    assert lines[("Participants", "Unique participants")] == "9"
    assert lines[("Participants by gender", "Woman")] == "6"
    assert lines[("Participants by gender", "Man")] == "<5"
    assert lines[("At entry: labour-market status", "Unemployed")] == "5"
    assert lines[("Hours", "Hours of mentoring and training attended")] == "1.5"
    assert lines[("Completion", "Completed")] == "5"
    assert lines[("Completion", "Share who completed")] == "100%"
    assert lines[("Outcomes", "Reached an outcome")] == "5"
    assert lines[("Outcomes", "Share who reached an outcome")] == "56%"

    auth.login(coordinator.email)
    query = "from=2026-01-01&to=2026-06-30"
    response = client.get(f"/engagement/{programme.id}/report?{query}&format=csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert ["Participants by gender", "Man", "<5"] in rows
    response = client.get(f"/engagement/{programme.id}/report?{query}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Participants by gender", "Man", "<5"] in values
    assert ["Participants", "Unique participants", 9] in values


def test_the_funder_report_reads_in_words_and_its_dates_are_from_and_to(
    setup, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    coordinator, programme, _cohort, women, _men = setup
    for _user, enrolment in women[:5]:
        add_indicators(
            enrolment,
            "entry",
            labour_status="long_term_unemployed",
            education_level="post_secondary",
        )
    coordinator.locale = "sv"
    admin = make_user(Role.ADMIN, locale="sv")
    db.session.commit()
    auth.login(coordinator.email)
    page = client.get(f"/engagement/{programme.id}/report?from=2026-01-01&to=2026-06-30").text
    assert "long_term_unemployed" not in page and "post_secondary" not in page
    assert "Långtidsarbetslös" in page and "Eftergymnasial utbildning, inte högskola" in page
    # "To" the end of a period is not "To" the recipient of an email (the outbox's column).
    assert '<label for="to">Till</label>' in page and "Mottagare" not in page
    feedback = client.get(f"/engagement/{programme.id}/feedback").text
    assert '<label for="to">Till</label>' in feedback
    auth.logout()
    auth.login(admin.email)
    assert '<th scope="col">Mottagare</th>' in client.get("/admin/outbox").text


def test_a_participant_gives_feedback_once_after_an_attended_session(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _cohort = make_pair()
    booking = make_booking(host, participant, datetime(2026, 3, 2, 10), attendance="attended")
    auth.login(participant.email)
    assert f"/feedback/sessions/{booking.id}" in client.get("/feedback/").text
    url = f"/feedback/sessions/{booking.id}"
    bad = client.post(url, data={"level": "just_right", "motivated": "9"})
    assert bad.status_code == 422 and "Choose a number from 1 to 5." in bad.text
    answers = {"level": "too_hard", "motivated": "4", "method_good": "5", "relevant": "3"}
    assert client.post(url, data={**answers, "will_use": "2"}).status_code == 302
    again = client.post(url, data={**answers, "will_use": "2"})
    assert again.status_code == 422 and "already" in again.text
    assert f"/feedback/sessions/{booking.id}" not in client.get("/feedback/").text


def test_feedback_is_only_for_the_participants_own_attended_sessions(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _cohort = make_pair()
    missed = make_booking(host, participant, datetime(2026, 3, 2, 10), attendance="no_show")
    other = make_user(Role.PARTICIPANT)
    auth.login(other.email)
    assert client.get(f"/feedback/sessions/{missed.id}").status_code == 404
    own = app.test_client()
    AuthActions(own).login(participant.email)
    assert own.get(f"/feedback/sessions/{missed.id}").status_code == 422


def test_the_funder_report_counts_gender_and_age_band_only_of_people_who_opted_in(
    app: Flask,
) -> None:
    from mentoring.privacy.consent import set_attribute_sharing

    programme = make_programme()
    cohort = make_cohort(programme, starts_on=date(2026, 1, 5))
    shared = _people(cohort, 5, "woman")
    never = []  # gender and age band on record (an import, the entry form), no opt-in
    for _ in range(5):
        user = make_user(Role.PARTICIPANT, shares_attributes=False)
        db.session.add(Profile(user=user, gender="woman"))
        never.append((user, enrol(user, cohort, started_on=date(2026, 1, 5))))
    withdrew = _people(cohort, 5, "man")
    for _user, enrolment in shared + never + withdrew:
        add_indicators(enrolment, "entry", age_band="30-39", labour_status="unemployed")
    for user, _enrolment in withdrew:
        set_attribute_sharing(user.id, False, now=datetime(2026, 2, 1))
    # Withdrawing removes the age band the entry form recorded for them as well.
    withdrawn = [enrolment.id for _user, enrolment in withdrew]
    kept = sa.select(Indicators.age_band).where(Indicators.enrolment_id.in_(withdrawn))
    assert db.session.scalars(kept).all() == [None] * 5
    lines = {
        (line.section, line.label): line.value
        for line in funder.funder_report(programme.id, date(2026, 1, 1), date(2026, 6, 30))
    }
    assert lines[("Participants", "Unique participants")] == "15"
    assert lines[("Participants by gender", "Woman")] == "5"
    assert lines[("Participants by gender", "Not given")] == "10"
    assert lines[("At entry: age band", "30-39")] == "5"
    assert lines[("At entry: labour-market status", "Unemployed")] == "15"
