"""The demo coach forms mastermind groups, moves a member and publishes; a member sees it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible, menu_link, sign_out
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def _open_autumn_groups(page: Any, base: str) -> None:
    menu_link(page, "Programmes").click()
    page.get_by_role("link", name="Digital Bridge").click()
    assert_accessible(page)
    page.get_by_role("link", name="Autumn 2026").click()
    assert_accessible(page)
    page.get_by_role("link", name="Mastermind groups").click()


def test_coach_forms_moves_and_publishes_groups(page: Any, live_server: str) -> None:
    sign_in(page, live_server, Role.COACH)
    _open_autumn_groups(page, live_server)
    assert_accessible(page)
    page.get_by_label("Smallest group").fill("4")
    page.get_by_label("Largest group").fill("6")
    page.get_by_role("button", name="Suggest groups").click()
    expect(page.locator("body")).to_contain_text("Suggested groups for")
    assert_accessible(page)

    group_two = page.locator("section.card", has=page.get_by_role("heading", name="Group 2"))
    group_two.get_by_role("combobox").first.select_option(label="Group 3")
    group_two.get_by_role("button", name="Show the effect").first.click()
    expect(page.locator("body")).to_contain_text("Score now")
    assert_accessible(page)
    if page.get_by_role("button", name="Move").count() == 0:
        page.go_back()
        group_two.get_by_role("combobox").first.select_option(label="Out of all groups")
        group_two.get_by_role("button", name="Show the effect").first.click()
    page.get_by_role("button", name="Move").click()
    expect(page.locator("body")).to_contain_text("The member is moved.")

    page.get_by_label("Meet every … weeks").fill("2")
    page.get_by_role("button", name="Publish the draft groups").click()
    expect(page.locator("body")).to_contain_text("Published")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server, Role.PARTICIPANT)
    menu_link(page, "My matches").click()
    body = page.locator("body")
    expect(body).to_contain_text("Your mastermind group: Group 1")
    expect(body).to_contain_text("every 2 weeks")
    expect(body).to_contain_text("Meets")
    assert_accessible(page)
