"""A participant writes to the coordinators; the coordinator reads it and nudges a quiet person."""

from __future__ import annotations

from typing import Any

import pytest

from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser
TEXT = "Kan vi flytta torsdagens träff? / Can we move Thursday's meeting?"


def test_participant_writes_and_coordinator_reads_and_marks_read(
    browser: Any, live_server: str
) -> None:
    participant = browser.new_context(locale="en-GB").new_page()
    sign_in(participant, live_server, Role.PARTICIPANT)
    participant.get_by_role("link", name="Write to your coordinators").click()
    participant.wait_for_url("**/engagement/messages/new")
    assert_accessible(participant)
    participant.get_by_role("button", name="Send").click()
    assert participant.get_by_text("Write your message.").is_visible()  # inline error
    assert_accessible(participant)
    participant.get_by_label("Your message").fill(TEXT)
    participant.get_by_role("button", name="Send").click()
    participant.wait_for_url("**/engagement/messages/new")
    assert participant.get_by_text("Your message is sent.").is_visible()
    assert participant.get_by_text(TEXT).is_visible()
    participant.context.close()

    coordinator = browser.new_context(locale="en-GB").new_page()
    sign_in(coordinator, live_server, Role.COORDINATOR)
    coordinator.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Engagement"
    ).click()
    coordinator.wait_for_url("**/engagement/*/retention")
    tabs = coordinator.get_by_role("navigation", name="Dashboards")
    tabs.get_by_role("link", name="Messages").click()
    coordinator.wait_for_url("**/engagement/*/messages")
    assert_accessible(coordinator)
    row = coordinator.locator("tr", has_text=TEXT)
    row.get_by_role("button", name="Mark read").click()
    coordinator.wait_for_url("**/engagement/*/messages")
    assert coordinator.get_by_text("The message is marked read.").is_visible()
    assert coordinator.locator("tr", has_text=TEXT).get_by_role("button").count() == 0
    assert_accessible(coordinator)
    coordinator.context.close()


def test_coordinator_nudges_a_quiet_participant(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.COORDINATOR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Engagement").click()
    page.wait_for_url("**/engagement/*/retention")
    at_risk = page.locator("table", has=page.get_by_role("columnheader", name="Nudge"))
    fresh = at_risk.locator("tbody tr").filter(has_not_text="Nudged on").first
    name = fresh.locator("th").inner_text()
    fresh.get_by_role("button", name="Nudge").click()
    page.wait_for_url("**/engagement/*/retention")
    assert page.get_by_text("A friendly email is on its way.").is_visible()
    assert "Nudged on" in at_risk.locator("tr", has_text=name).inner_text()
    assert_accessible(page)
    at_risk.locator("tr", has_text=name).get_by_role("button", name="Nudge").click()
    page.wait_for_url("**/engagement/*/retention")
    assert page.get_by_text(f"{name} was nudged on").is_visible()  # a second click is refused
