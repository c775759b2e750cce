"""The cohort page asks the router and the role labels once a page, not once a row (a load-test
fix), and the links it builds that way read exactly as ``url_for`` writes them."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask import Flask, url_for
from markupsafe import Markup, escape

from mentoring.template_helpers import ID_PLACEHOLDER, for_each_id, link_for
from mentoring.users.roles import ROLE_LABELS, Role
from tests.auth import AuthActions
from tests.engagement_factories import end_enrolment
from tests.factories import enrol, make_cohort, make_programme, make_user


@pytest.mark.parametrize("root", ["", "/mentoring", "/a%20b"])
def test_links_for_many_ids_read_as_url_for_writes_them(app: Flask, root: str) -> None:
    with app.test_request_context("/", environ_base={"SCRIPT_NAME": root}):
        links: dict[tuple[str, str], dict[str, Any]] = {
            ("profiles.show", "user_id"): {},
            ("programmes.end_enrollment", "enrollment_id"): {},
            ("roster.cohort", "cohort_id"): {"page": 2, "q": "a&b <c>"},
            ("home.index", "next"): {},  # not in the path: a query argument
            ("roster.cohort", "page"): {"cohort_id": 3, "q": "918273645546372819"},  # twice
        }
        for (endpoint, key), values in links.items():
            link = link_for(endpoint, key, **values)
            for id_ in (1, 7, 10, 918273645546372819, 2**40):
                expected = url_for(endpoint, **{key: id_}, **values)
                assert link(id_) == escape(expected), (endpoint, id_)  # as a template shows it


def test_markup_made_once_takes_each_id_in_every_place() -> None:
    made = Markup('<a href="/x/{id}?a=1&amp;b=2">{id}</a> <b id="r-{id}"></b>').format(
        id=ID_PLACEHOLDER
    )
    filled = for_each_id(made)
    assert filled(7) == Markup('<a href="/x/7?a=1&amp;b=2">7</a> <b id="r-7"></b>')
    assert filled(123) == made.replace(str(ID_PLACEHOLDER), "123")


def test_each_open_enrolment_gets_its_own_end_form(app: Flask) -> None:
    coordinator = make_user(Role.COORDINATOR)
    cohort = make_cohort(make_programme(staff=(coordinator,)))
    open_ = [enrol(make_user(Role.PARTICIPANT), cohort) for _ in range(3)]
    ended = end_enrolment(enrol(make_user(Role.PARTICIPANT), cohort), cohort.starts_on, "job")
    client = app.test_client()
    AuthActions(client).login(coordinator.email)
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    for enrolment in open_:
        id_ = enrolment.id
        assert (
            f'<form method="post" action="/enrollments/{id_}/end" class="inline-form">\n'
            '        <input type="hidden" name="csrf_token"'
        ) in page
        assert f'<label for="ended_on-{id_}">Ended on</label>' in page
        assert f'<input type="date" id="ended_on-{id_}" name="ended_on" required>' in page
        assert f'<label for="reason-{id_}">Reason</label>\n' in page
        assert f'<select id="reason-{id_}" name="reason"><option value="completed">' in page
    assert f"/enrollments/{ended.id}/end" not in page
    assert page.count('<button type="submit">End</button>\n      </form>') == 3
    assert str(ID_PLACEHOLDER) not in page


def test_the_cohort_page_asks_the_same_of_the_router_and_labels_for_few_or_many_people(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: Counter[str] = Counter()
    build = app.url_for

    def counted_url_for(endpoint: str, **values: Any) -> str:
        asked["url_for"] += 1
        return build(endpoint, **values)

    class CountedLabels(dict[Role, Any]):
        def __getitem__(self, role: Role) -> Any:
            asked["label"] += 1
            return super().__getitem__(role)

    monkeypatch.setattr(app, "url_for", counted_url_for)
    monkeypatch.setattr("mentoring.users.roles.ROLE_LABELS", CountedLabels(ROLE_LABELS))

    def asks(size: int) -> Counter[str]:
        coordinator = make_user(Role.COORDINATOR)
        cohort = make_cohort(make_programme(staff=(coordinator,)))
        for n in range(size):
            enrolment = enrol(make_user(Role.PARTICIPANT, Role.MENTOR), cohort)
            if n % 2:
                end_enrolment(enrolment, cohort.starts_on, "job")
        client = app.test_client()
        AuthActions(client).login(coordinator.email)
        client.get(f"/cohorts/{cohort.id}")  # warm: the menu's links are kept between pages
        asked.clear()
        page = client.get(f"/cohorts/{cohort.id}")
        assert page.status_code == 200
        assert page.data.count(b'class="card"') == size
        return Counter(asked)

    few, many = asks(2), asks(20)
    assert few["url_for"] > 0 and few["label"] > 0
    assert many == few
