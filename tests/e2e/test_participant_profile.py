"""The demo participant signs in, edits profile and availability, and sees the change."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mentoring.db import utcnow
from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET
from mentoring.two_factor import totp
from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible, menu_link
from tests.processes import pause

pytestmark = pytest.mark.browser


def sign_in(page: Any, base: str, role: Role) -> None:
    """Sign in as the demo account of ``role``, with a code when the role requires one."""
    page.goto(f"{base}/login")
    assert_accessible(page)
    page.get_by_label("Email").fill(DEMO_ACCOUNTS[role])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url in (f"{base}/", f"{base}/login/code") or "/consent" in url)
    if page.url.endswith("/login/code"):
        assert_accessible(page)
        _enter_demo_code(page, DEMO_ACCOUNTS[role])
    elif "/consent" in page.url:  # the demo participant's first sign-in, as a newcomer's
        assert_accessible(page)
        page.get_by_label("Also store my gender and age band").check()
        page.get_by_role("button", name="I agree, continue").click()
    page.wait_for_url(f"{base}/")


#: The last time step whose code each demo account signed in with: codes are good once.
_USED_STEPS: dict[str, int] = {}


def _enter_demo_code(page: Any, email: str) -> None:
    """Type the demo authenticator's code, waiting for a fresh one if this one was used."""
    step = max(totp.step_at(utcnow()), _USED_STEPS.get(email, -1) + 1)
    while step > totp.step_at(utcnow()) + totp.DRIFT_STEPS:
        pause(0.5)
    page.get_by_label("Code").fill(totp.code_for(DEMO_TOTP_SECRET, step))
    page.get_by_role("button", name="Sign in").click()
    _USED_STEPS[email] = step


def test_participant_edits_profile_and_availability(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.PARTICIPANT)
    assert_accessible(page)
    page.get_by_role("link", name="Edit my profile").click()
    assert_accessible(page)
    page.get_by_label("About me").fill("Learning SQL to work as a data analyst in Espoo.")
    page.get_by_label("Python: I want to learn, to level").select_option("4")
    page.get_by_label("Arabic").select_option("fluent")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.locator("body")).to_contain_text("Your profile is saved.")
    assert (
        page.get_by_label("About me").input_value()
        == "Learning SQL to work as a data analyst in Espoo."
    )
    assert page.get_by_label("Python: I want to learn, to level").input_value() == "4"
    assert_accessible(page)

    menu_link(page, "My availability").click()
    assert_accessible(page)
    for hour in ("Tuesday 18:00", "Tuesday 19:00"):
        box = page.get_by_label(hour, exact=True)
        box.uncheck() if box.is_checked() else None
        box.check()
    page.get_by_label("Sunday 03:00", exact=True).check()
    page.get_by_role("button", name="Save my availability").click()
    expect(page.locator("body")).to_contain_text("Your weekly availability is saved")
    for hour in ("Tuesday 18:00", "Tuesday 19:00", "Sunday 03:00"):
        assert page.get_by_label(hour, exact=True).is_checked()
    assert_accessible(page)


def test_profile_errors_are_announced_next_to_the_field(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.PARTICIPANT)
    page.goto(f"{live_server}/profile")
    page.get_by_label("Other skills I want to learn").fill("Photoshop")
    page.get_by_role("button", name="Save my profile").click()
    assert page.get_by_role("alert").is_visible()
    expect(page.locator("body")).to_contain_text("Not understood: Photoshop")
    assert_accessible(page)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN, Role.MENTOR])
def test_staff_home_pages_are_accessible(page: Any, live_server: str, role: Role) -> None:
    sign_in(page, live_server, role)
    assert_accessible(page)
    links = {Role.COORDINATOR: "Programmes", Role.ADMIN: "Accounts", Role.MENTOR: "My profile"}
    page.get_by_role("navigation").get_by_role("link", name=links[role]).click()
    assert_accessible(page)
