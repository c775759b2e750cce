"""A coordinator invites someone of another programme; they accept on their invitations page."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.demo.seed import DEMO_ACCOUNTS
from mentoring.extensions import db
from mentoring.programmes.models import Cohort
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in
from tests.e2e.test_trust_pages import watch_csp
from tests.factories import TEST_PASSWORD, enrol, make_cohort, make_programme, make_user

pytestmark = pytest.mark.browser


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_invited_person_accepts_and_pages_are_accessible(
    page: Any, browser: Any, live_server: str, live_app: Flask
) -> None:
    refused = watch_csp(page)
    with live_app.app_context():
        coordinator = db.session.scalar(
            sa.select(User).where(User.email == DEMO_ACCOUNTS[Role.COORDINATOR])
        )
        assert coordinator is not None
        cohort = make_cohort(make_programme(name="Invitations e2e", staff=(coordinator,)))
        person = make_user(Role.PARTICIPANT, email="invited.e2e@example.org", locale="en")
        enrol(person, make_cohort(make_programme(name="Elsewhere e2e")))
        cohort_id, email = cohort.id, person.email
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server, Role.COORDINATOR)
    page.goto(f"{live_server}/cohorts/{cohort_id}")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Starts on").fill("2026-09-02")
    page.get_by_role("button", name="Enrol").click()
    page.get_by_text(f"We have invited {email}. They join when they accept.").wait_for()
    page.get_by_role("heading", name="Invited, waiting for an answer (1)").wait_for()
    assert_accessible(page)  # (the cohort page's width is issue 12's point 22)
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    other = context.new_page()
    other.goto(f"{live_server}/login")
    other.get_by_label("Email", exact=True).fill(email)
    other.get_by_label("Password").fill(TEST_PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    other.get_by_role("link", name="Answer 1 invitation to join a programme").click()  # home: to do
    other.get_by_role("heading", name="Invitations e2e: ").wait_for()
    assert_accessible(other)
    assert _fits(other)
    other.get_by_role("button", name="Accept").click()
    other.get_by_text("You have joined").wait_for()
    assert_accessible(other)
    context.close()
    with live_app.app_context():
        joined = db.session.scalar(sa.select(Cohort).where(Cohort.id == cohort_id))
        assert joined is not None and [e.user_id for e in joined.enrollments] == [person.id]
    assert refused == []
