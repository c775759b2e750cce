"""A person finds two-factor sign-in in their settings; the set-up page shows a QR code."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible, menu_link
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def test_a_participant_opens_two_factor_set_up(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.PARTICIPANT)
    menu_link(page, "Settings").click()
    page.get_by_role("link", name="Manage two-factor sign-in").click()
    expect(page.locator("body")).to_contain_text("Two-factor sign-in is off.")
    assert_accessible(page)
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.is_visible()
    assert qr.evaluate("image => image.naturalWidth") > 100  # the SVG data URI renders
    assert_accessible(page)


def test_the_demo_admin_sees_two_factor_is_on_and_required(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.ADMIN)
    page.goto(f"{live_server}/account/two-factor")
    expect(page.locator("body")).to_contain_text("Two-factor sign-in is on.")
    expect(page.locator("body")).to_contain_text("cannot be turned off")
    assert_accessible(page)
