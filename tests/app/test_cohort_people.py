"""The cohort page's list of people: search, filters and pages, all in the URL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentoring.db import utcnow
from mentoring.engagement import cohort_list
from mentoring.engagement.cohort_list import PAGE_SIZE, CohortFilters, cohort_people
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.programmes.models import Cohort
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.engagement_factories import end_enrolment
from tests.factories import enrol, make_cohort, make_programme, make_user

NOW = datetime(2026, 10, 15, 9)  # the cohort started 1 September: six weeks in


@pytest.fixture
def cohort(app: Flask) -> tuple[Cohort, User, dict[str, User]]:
    """A coordinator's cohort: Åsa (matched, active), Bo (matched mentor), Cai (silent for
    a month: at risk), Dan (ended), Eva (active yesterday) and 30 numbered people."""
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)), starts_on=date(2026, 9, 1))
    names = ["Åsa Öberg", "Bo Ek", "Cai Lind", "Dan Berg", "Eva Aho"]
    people = {n.split()[0]: make_user(name=n, email=f"{n.split()[0].lower()}@x.org") for n in names}
    enrolments = {key: enrol(person, cohort) for key, person in people.items()}
    people["Bo"].set_roles({Role.MENTOR})
    db.session.add(
        Pairing(
            programme_id=cohort.programme_id,
            cohort_id=cohort.id,
            mentee_id=people["Åsa"].id,
            mentor_id=people["Bo"].id,
            status="active",
        )
    )
    for key in ("Åsa", "Bo", "Dan", "Eva"):
        enrolments[key].last_activity_at = datetime(2026, 10, 14, 12)
    enrolments["Cai"].last_activity_at = datetime(2026, 9, 10, 12)
    end_enrolment(enrolments["Dan"], date(2026, 10, 1), "job")
    for n in range(30):
        enrol(make_user(name=f"Zed {n:02d}"), cohort).last_activity_at = NOW
    db.session.commit()
    return cohort, coordinator, people


def _names(cohort: Cohort, **args: str) -> list[str]:
    page = cohort_people(cohort, CohortFilters.from_args(args), now=NOW)
    return [row.name for row in page.rows]


def test_search_finds_names_and_emails_in_any_case_and_script(cohort) -> None:  # type: ignore[no-untyped-def]
    found, _c, _p = cohort
    assert _names(found, q="åsa") == ["Åsa Öberg"]
    assert _names(found, q="ÖBERG") == ["Åsa Öberg"]
    assert _names(found, q="cai@x") == ["Cai Lind"]
    assert _names(found, q="100%") == []  # wildcards are text, not patterns
    assert len(_names(found, q="  zed  ")) == PAGE_SIZE


def test_filters_by_status_pairing_and_risk(cohort) -> None:  # type: ignore[no-untyped-def]
    found, _c, _p = cohort
    assert _names(found, status="ended") == ["Dan Berg"]
    assert sorted(_names(found, matched="yes")) == ["Bo Ek", "Åsa Öberg"]
    assert "Åsa Öberg" not in _names(found, matched="no", q="a")
    assert _names(found, risk="1") == ["Cai Lind"]  # Dan ended: not at risk any more
    assert _names(found, status="open", matched="no", q="ai") == ["Cai Lind"]
    ignored = CohortFilters.from_args({"status": "gone", "matched": "maybe", "page": "-3"})
    assert ignored == CohortFilters()


def test_pages_of_25_in_name_order_and_a_page_too_far_shows_the_last(cohort) -> None:  # type: ignore[no-untyped-def]
    found, _c, _p = cohort
    first = cohort_people(found, CohortFilters(), now=NOW)
    assert (first.total, first.pages, len(first.rows), first.first, first.last) == (
        35,
        2,
        25,
        1,
        25,
    )
    last = cohort_people(found, CohortFilters(page=9), now=NOW)
    assert (last.page, len(last.rows), last.first, last.last) == (2, 10, 26, 35)
    # By name ("Åsa" sorts by the database's collation: last in Swedish, near "A" elsewhere).
    assert [r.name for r in first.rows][0] in ("Åsa Öberg", "Bo Ek")
    assert "Zed 29" in [r.name for r in last.rows]


def test_the_page_keeps_its_filters_in_links_and_works_without_javascript(
    cohort, client: FlaskClient, auth: AuthActions
) -> None:  # type: ignore[no-untyped-def]
    found, coordinator, _p = cohort
    # The page reads the clock: put the activity where it is today (at risk: Cai alone).
    today = utcnow()
    for enrolment in found.enrollments:
        enrolment.started_on = (today - timedelta(days=60)).date()
        silent = enrolment.user.name == "Cai Lind"
        enrolment.last_activity_at = today - timedelta(days=30 if silent else 1)
    db.session.commit()
    auth.login(coordinator.email)
    page = client.get(f"/cohorts/{found.id}?q=zed&status=open").text
    assert "Enrolled people (30)" in page and "Showing 1–25 of 30" in page
    assert 'value="zed"' in page and '<option value="open" selected>' in page
    assert f'href="/cohorts/{found.id}?q=zed&amp;status=open&amp;page=2"' in page
    assert page.count('<li class="card">') == 25
    second = client.get(f"/cohorts/{found.id}?q=zed&status=open&page=2").text
    assert second.count('<li class="card">') == 5 and "Page 2 of 2" in second
    risky = client.get(f"/cohorts/{found.id}?risk=1").text
    assert "Cai Lind" in risky and "At risk" in risky and "Zed" not in risky
    assert "Nobody matches these filters." in client.get(f"/cohorts/{found.id}?q=nobody").text


def test_search_reads_wildcards_and_the_escape_character_as_text(cohort) -> None:  # type: ignore[no-untyped-def]
    found, _c, _p = cohort
    for name in ("Per 5% a/b_c", "Per 5x a/bxc", "Per 5x ab_c"):
        enrol(make_user(name=name), found)
    db.session.commit()
    assert _names(found, q="5%") == ["Per 5% a/b_c"]
    assert _names(found, q="a/b_") == ["Per 5% a/b_c"]
    assert _names(found, q="b_c") == ["Per 5% a/b_c", "Per 5x ab_c"]
    assert _names(found, q="a/b") == ["Per 5% a/b_c", "Per 5x a/bxc"]


def test_the_statements_are_built_once_and_take_each_cohorts_values(  # type: ignore[no-untyped-def]
    cohort, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the page's statement was about a twentieth of its Python (issue 15): it is
    built once for each set of filters; the cohort, programme, time and search are bound when
    it is sent."""
    found, coordinator, people = cohort
    other = make_cohort(make_programme(staff=(coordinator,)), starts_on=date(2026, 9, 1))
    enrol(people["Cai"], other)  # silent since 1 September in the other cohort too
    db.session.commit()
    built = 0
    build = cohort_list._matched

    def counted() -> Any:
        nonlocal built
        built += 1
        return build()

    cohort_list._statements.cache_clear()
    monkeypatch.setattr(cohort_list, "_matched", counted)
    assert _names(found, q="a", risk="1") == ["Cai Lind"]
    assert _names(other, q="a", risk="1") == ["Cai Lind"]
    assert _names(other, q="bo", risk="1") == []
    assert (
        cohort_people(
            other, CohortFilters(search="a", at_risk=True), now=NOW - timedelta(days=40)
        ).rows
        == []
    )
    assert _names(found, q="dan", status="ended") == ["Dan Berg"]
    assert built == 2  # two sets of filters
