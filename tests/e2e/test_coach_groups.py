"""The demo coach forms mastermind groups, moves a member and publishes; a member sees it."""

from __future__ import annotations

from typing import Any

import pytest

from mentoring.accounts.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def _open_autumn_groups(page: Any, base: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Programmes").click()
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
    assert "Suggested groups for" in page.content()
    assert_accessible(page)

    group_two = page.locator("section.card", has=page.get_by_role("heading", name="Group 2"))
    group_two.get_by_role("combobox").first.select_option(label="Group 3")
    group_two.get_by_role("button", name="Show the effect").first.click()
    assert_accessible(page)
    assert "Score now" in page.content()
    if page.get_by_role("button", name="Move").count() == 0:
        page.go_back()
        group_two.get_by_role("combobox").first.select_option(label="Out of all groups")
        group_two.get_by_role("button", name="Show the effect").first.click()
    page.get_by_role("button", name="Move").click()
    assert "The member is moved." in page.content()

    page.get_by_label("Meet every … weeks").fill("2")
    page.get_by_role("button", name="Publish the draft groups").click()
    assert "Published" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, Role.PARTICIPANT)
    page.get_by_role("navigation").get_by_role("link", name="My matches").click()
    text = page.content()
    assert "Your mastermind group: Group 1" in text
    assert "every 2 weeks" in text and "Meets" in text
    assert_accessible(page)
