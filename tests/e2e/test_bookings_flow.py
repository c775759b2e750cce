"""The demo participant books a session with their mentor in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible, menu_link
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def test_participant_books_a_session_with_their_mentor(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.PARTICIPANT)
    menu_link(page, "My sessions").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Book a session with ")).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Next week").click()
    slot = page.get_by_role("button", name=re.compile(r"^Book ")).first
    label = slot.get_attribute("aria-label")
    slot.click()
    expect(page.locator("body")).to_contain_text("Your session is booked")
    assert_accessible(page)
    page.get_by_role("link", name="Back to my sessions").click()
    upcoming = page.get_by_role("table").first
    assert label is not None and label.split()[-1] in upcoming.inner_text()
    assert_accessible(page)


def test_host_availability_and_group_pages_are_accessible(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.MENTOR)
    menu_link(page, "My availability for sessions").click()
    assert page.get_by_role("heading", name="Weekly times").is_visible()
    assert_accessible(page)
    page.goto(f"{live_server}/group-sessions")
    assert_accessible(page)
    page.goto(f"{live_server}/sessions/calendar")
    assert_accessible(page)
