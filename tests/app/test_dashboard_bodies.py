"""A dashboard's body is rendered once per figures, language and viewer's rights, then reused.

The retention page's chart, tables and at-risk list are kept as markup beside the cached
figures (``mentoring/engagement/bodies.py``); these show it is rendered once, never served in
the wrong language or to a viewer with other rights, still escaped, and that each request gets
its own CSRF token in the nudge forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, current_app, template_rendered
from flask.testing import FlaskClient

from mentoring.engagement import bodies
from mentoring.engagement.feedback import FeedbackFilters
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Programme
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.app import test_dashboard_cache as cache_tests
from tests.auth import AuthActions
from tests.clock import Clock
from tests.engagement_factories import add_event, add_feedback
from tests.factories import (
    TEST_PASSWORD,
    enrol,
    make_cohort,
    make_programme,
    make_user,
    usable_code,
)
from tests.querycount import counting
from tests.trainings_factories import make_training

BODY = "engagement/_retention.html"
# The dashboards' fixtures: the views' clock set by hand, an app on a SQLite file of its own.
clock, sqlite_file = cache_tests.clock, cache_tests.sqlite_file
undeclared = cache_tests._undeclared
# A body asks for its figures through their own cache, which reads the change counters.
FIGURES = {"table_versions"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def renders(app: Flask) -> Iterator[list[str]]:
    """The names of the templates rendered while the test runs."""
    seen: list[str] = []

    def record(_app: Flask, template: object, **_extra: object) -> None:
        seen.append(template.name)  # type: ignore[attr-defined]

    template_rendered.connect(record, app)
    yield seen
    template_rendered.disconnect(record, app)


def _programme(*staff: User, people: int = 6, name: str = "Eve") -> tuple[Programme, Cohort]:
    programme = make_programme(staff=staff)
    cohort = make_cohort(programme, name="<i>Spring</i>", starts_on=date(2026, 1, 5))
    for n in range(people):
        user = make_user(Role.PARTICIPANT, name=f"<b>{name}</b> {n}")
        enrol(user, cohort, started_on=date(2026, 1, 5))
        db.session.commit()
        add_event(user, datetime(2026, 2, 1), cohort=cohort)  # silent since: at risk
    return programme, cohort


def _signed_in(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    assert AuthActions(client).login(user.email).status_code == 302
    return client


def test_the_body_is_rendered_once_per_figures_and_language(
    app: Flask, clock: Clock, renders: list[str]
) -> None:
    english = make_user(Role.COORDINATOR, locale="en")
    swedish = make_user(Role.COORDINATOR, locale="sv")
    programme, _cohort = _programme(english, swedish)
    in_english, in_swedish = _signed_in(app, english), _signed_in(app, swedish)
    url = f"/engagement/{programme.id}/retention"
    first = in_english.get(url).text
    assert in_english.get(url).text == first
    assert renders.count(BODY) == 1  # the second request reused the markup
    swedish_page = in_swedish.get(url).text
    assert renders.count(BODY) == 2
    assert "Retention curve" in first and "Retention curve" not in swedish_page
    in_swedish.get(url + "?by=gender")  # other figures: rendered for them
    assert renders.count(BODY) == 3
    clock.at += timedelta(minutes=1)  # the at-risk list is made again each minute
    in_english.get(url)
    assert renders.count(BODY) == 4


def test_only_a_viewer_who_may_nudge_gets_the_nudge_forms(app: Flask, clock: Clock) -> None:
    coordinator, admin = make_user(Role.COORDINATOR), make_user(Role.ADMIN)
    programme, _cohort = _programme(coordinator)
    as_coordinator, as_admin = _signed_in(app, coordinator), _signed_in(app, admin)
    url = f"/engagement/{programme.id}/retention"
    assert "/nudges/" in as_coordinator.get(url).text
    assert "/nudges/" not in as_admin.get(url).text  # an admin off staff reads, never nudges


def _token(client: FlaskClient, path: str) -> str:
    return TOKEN.search(client.get(path).text).group(1)  # type: ignore[union-attr]


def _signed_in_with_csrf(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    data = {"email": user.email, "password": TEST_PASSWORD, "csrf_token": _token(client, "/login")}
    reply = client.post("/login", data=data)
    if reply.location == "/login/code":  # staff confirm with a second factor
        code = {"code": usable_code(user.id), "csrf_token": _token(client, "/login/code")}
        reply = client.post("/login/code", data=code)
    assert reply.status_code == 302 and reply.location == "/"
    return client


@pytest.mark.csrf
def test_the_body_is_escaped_and_each_request_has_its_own_token(app: Flask, clock: Clock) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, _cohort = _programme(coordinator)
    first, second = _signed_in_with_csrf(app, coordinator), _signed_in_with_csrf(app, coordinator)
    pages = [c.get(f"/engagement/{programme.id}/retention").text for c in (first, second)]
    for page in pages:
        assert "&lt;b&gt;Eve&lt;/b&gt; 0" in page and "<b>Eve" not in page
        assert "&lt;i&gt;Spring&lt;/i&gt;" in page and "<i>Spring" not in page
        # One token per page, the same in every form: the sign-out form's and the nudges'.
        assert len(set(TOKEN.findall(page))) == 1 and len(TOKEN.findall(page)) > 6
    assert TOKEN.search(pages[0]).group(1) != TOKEN.search(pages[1]).group(1)  # type: ignore[union-attr]
    nudge = re.search(r'<form method="post" action="([^"]+/nudges/\d+)"', pages[1])
    token = TOKEN.search(pages[1]).group(1)  # type: ignore[union-attr]
    reply = second.post(nudge.group(1), data={"csrf_token": token})  # type: ignore[union-attr]
    assert reply.status_code == 302 and "/login" not in reply.location


def test_the_feedback_body_is_rendered_once_per_filters(app: Flask, renders: list[str]) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, _cohort = _programme(coordinator)
    client = _signed_in(app, coordinator)
    url = f"/engagement/{programme.id}/feedback"
    first = client.get(url).text
    assert client.get(url).text == first
    assert renders.count("engagement/_feedback.html") == 1
    client.get(url + "?gender=woman")
    assert renders.count("engagement/_feedback.html") == 2
    make_training(programme, title="<b>Teams</b> basics")  # a new choice in the filters
    assert "&lt;b&gt;Teams&lt;/b&gt; basics" in client.get(url).text


def test_each_body_reads_only_the_tables_it_declares(sqlite_file: Path) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, cohort = _programme(coordinator)
    host = make_user(Role.MENTOR)
    for user in db.session.scalars(sa.select(User).where(User.name.like("%Eve%"))):
        add_feedback(user, cohort, host=host)
    every_filter = FeedbackFilters(cohort_id=cohort.id, host_id=host.id, gender="woman")
    with current_app.test_request_context("/"):
        for by in ("", "gender", "format", "cohort"):
            args = (programme.id, None, by, datetime(2026, 6, 1, 12), True, ("en", ""))
            assert undeclared(sqlite_file, bodies._retention_body, *args) == FIGURES, by
        for filters in (FeedbackFilters(), every_filter):
            args = (programme.id, 1, filters, None, ("en", ""))  # type: ignore[assignment]
            assert undeclared(sqlite_file, bodies._feedback_body, *args) == FIGURES
        language = ("en", "")
        assert undeclared(sqlite_file, bodies._outcomes_body, programme.id, language) == FIGURES


# A warm dashboard asks for: the person, their second factor, the programme and whether they
# are on its staff, the change counters (one lookup serves the whole body), whether they
# coordinate it with its unread messages (one statement), and the programme menu.
WARM_STATEMENTS = 7


@pytest.mark.parametrize("page", ["retention", "retention?by=gender", "feedback", "outcomes"])
def test_a_warm_dashboard_keeps_to_its_statement_budget(
    app: Flask, clock: Clock, renders: list[str], page: str
) -> None:
    coordinator = make_user(Role.COORDINATOR)
    programme, _cohort = _programme(coordinator)
    client = _signed_in(app, coordinator)
    url = f"/engagement/{programme.id}/{page}"
    assert client.get(url).status_code == 200
    bodies_rendered = len(renders)
    with counting(db.engine) as seen:
        assert client.get(url).status_code == 200
    assert len(seen) <= WARM_STATEMENTS, seen.summary()
    assert len(renders) == bodies_rendered + 1  # the page itself; its body was kept
