"""Coordinators' organisation, goals and heatmap pages; a manager's units. Axe, 375 px."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.demo.workplace import PROGRAMME_NAME
from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide at 375 px"


def _programme_id(live_app: Flask) -> int:
    with live_app.app_context():
        found = db.session.scalar(sa.select(Programme.id).where(Programme.name == PROGRAMME_NAME))
        assert found is not None
        return found


def test_a_coordinator_reads_the_tree_the_goals_and_the_heatmap(
    browser: Any, live_server: str, live_app: Flask
) -> None:
    programme_id = _programme_id(live_app)
    page = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800}).new_page()
    sign_in(page, live_server, Role.COORDINATOR)
    page.goto(f"{live_server}/programmes/{programme_id}/organisation")
    page.get_by_role("heading", name="Organisation and occupations").wait_for()
    assert page.get_by_role("row", name="Omvårdnadsförvaltningen/Hemtjänst Norr").is_visible()
    page.get_by_role("button", name="Add unit").click()  # no name: an inline error
    page.get_by_text("This field is required.").wait_for()
    assert_accessible(page)
    _fits(page)
    page.goto(f"{live_server}/programmes/{programme_id}/goals")
    page.get_by_role("heading", name="Knowledge goals", exact=True).wait_for()
    assert page.get_by_text("I can help a colleague.").is_visible()
    assert_accessible(page)
    _fits(page)
    page.goto(f"{live_server}/programmes/{programme_id}/heatmap")
    page.get_by_role("heading", name="Heatmap of gaps").wait_for()
    table = page.get_by_role("table", name="Share below goal, round 2")
    assert table.get_by_role("row", name="Omvårdnadsförvaltningen/Hemtjänst Norr").is_visible()
    page.get_by_label("Rows").select_option("occupation")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("row", name="Undersköterska").first.wait_for()
    assert page.get_by_role("table", name="Share below goal, round 1 → round 2").is_visible()
    assert_accessible(page)
    _fits(page)
    page.context.close()


def test_a_manager_sees_their_units_and_their_heatmap(
    browser: Any, live_server: str, live_app: Flask
) -> None:
    programme_id = _programme_id(live_app)
    page = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800}).new_page()
    sign_in(page, live_server, Role.MANAGER)
    page.goto(f"{live_server}/manager")
    page.get_by_role("heading", name="My units", exact=True).wait_for()
    totals = page.get_by_role("table", name="Totals per unit")
    assert totals.get_by_role("row", name="Omvårdnadsförvaltningen/Hemtjänst Norr").is_visible()
    assert "Förskolan" not in page.content()
    assert_accessible(page)
    _fits(page)
    page.get_by_role("link", name="Heatmap of gaps in my units").click()
    page.get_by_role("heading", name="Heatmap of gaps").wait_for()
    assert "Förskolan" not in page.content()
    assert_accessible(page)
    _fits(page)
    assert page.goto(f"{live_server}/programmes/{programme_id}/heatmap").status == 403
    page.context.close()
