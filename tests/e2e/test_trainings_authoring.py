"""A digital ambassador publishes a training and writes its test, on a phone-sized screen."""

from __future__ import annotations

from typing import Any

import pytest

from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser
TITLE = "Dela skärmen i Teams"


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide at 375 px"


def test_an_ambassador_publishes_a_training_and_writes_its_test(
    browser: Any, live_server: str
) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    page = context.new_page()
    sign_in(page, live_server, Role.AMBASSADOR)
    page.goto(f"{live_server}/trainings")  # the menu keeps it under "More"
    page.get_by_role("link", name="Publish a training").click()
    page.get_by_role("heading", name="Publish a training").wait_for()
    assert_accessible(page)
    _fits(page)
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Please enter a title.").wait_for()  # inline, on its field
    assert_accessible(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Tool", exact=True).fill("Teams")
    page.get_by_label("Steps").fill("Starta mötet\nKlicka på Dela\nVälj fönster")
    page.get_by_label("Video link (optional)").fill("javascript:alert(1)")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("A video link starts with https://").wait_for()
    page.get_by_label("Video link (optional)").fill("https://video.example.org/teams")
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("heading", name="Test questions").wait_for()
    assert_accessible(page)
    _fits(page)
    page.get_by_label("Question", exact=True).fill("Vilken knapp visar din skärm?")
    page.get_by_label("Answer 1", exact=True).fill("Dela")
    page.get_by_label("Answer 1 is right").check()
    page.get_by_label("Answer 2", exact=True).fill("Lämna")
    page.get_by_label("Answer 2 is right").check()
    page.get_by_role("button", name="Add the question").click()
    page.get_by_text("A single-choice question has exactly one right answer.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Answer 2 is right").uncheck()
    page.get_by_role("button", name="Add the question").click()
    page.get_by_text("The question is added.").wait_for()
    assert page.get_by_text("Vilken knapp visar din skärm?").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    assert page.get_by_role("link", name="Watch the video").is_visible()
    assert_accessible(page)
    _fits(page)
    context.close()
