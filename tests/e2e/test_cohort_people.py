"""A coordinator finds people in a cohort on a phone: search, filters, pages, no side scroll."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.extensions import db
from mentoring.programmes.models import Cohort
from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide at 375 px"


def test_coordinator_filters_and_pages_a_cohort_on_a_phone(
    browser: Any, live_server: str, live_app: Flask
) -> None:
    with live_app.app_context():
        cohort_id = db.session.scalar(sa.select(Cohort.id).where(Cohort.name == "Autumn 2026"))
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, live_server, Role.COORDINATOR)
        page.goto(f"{live_server}/cohorts/{cohort_id}")
        assert_accessible(page)
        _fits(page)
        assert page.locator(".cohort-people > li").count() == 25
        page.get_by_role("link", name="Next").click()
        page.wait_for_url("**page=2")
        _fits(page)
        page.get_by_label("Mentor pairing").select_option("no")
        page.get_by_label("Enrolment").select_option("open")
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**matched=no**")
        assert "status=open" in page.url and "page=" not in page.url  # a new search: page 1
        assert page.get_by_label("Mentor pairing").input_value() == "no"
        first = page.locator(".cohort-people strong").first.inner_text()
        page.get_by_label("Name or email").fill(first)
        page.get_by_role("button", name="Show").click()
        page.wait_for_url("**q=**")
        assert page.locator(".cohort-people > li").count() >= 1
        page.locator(".cohort-people summary").first.click()  # the end form opens in place
        assert page.get_by_label("Ended on").first.is_visible()
        assert_accessible(page)
        _fits(page)
    finally:
        context.close()
