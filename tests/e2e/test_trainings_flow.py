"""An employee assesses herself, sees her gaps, takes a training, fails and passes its test,
answers the survey; her manager sees the verified level. On a phone-sized screen, with axe."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.demo.workplace import PROGRAMME_NAME
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.programmes.organisation import Occupation, OrgUnit
from mentoring.trainings.models import Training, TrainingOption, TrainingQuestion
from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in
from tests.factories import TEST_PASSWORD, make_profile, make_user

pytestmark = pytest.mark.browser
NAME, EMAIL = "Elin Testsson", "elin.e2e@example.org"
TITLE = "Rapportera en avvikelse steg för steg"
LEVELS = {
    "Dokumentationssystemet": 3,
    "Avvikelserapportering": 1,
    "Outlook": 2,
    "Teams": 2,
    "Schemaappen": 3,
}
WORDS = {
    1: "I can open it and read.",
    2: "I can do simple tasks with some help.",
    3: "I can do my everyday tasks on my own.",
}
QUESTIONS = (
    (1, "Vilket är en avvikelse?", "Ett fall hos en brukare", "En vanlig lunch"),
    (2, "Vem får avvikelsen när du skickar den?", "Din chef", "Brukarens granne"),
)


def _employee_and_training(live_app: Flask) -> None:
    """An assistant nurse in Hemtjänst Norr (the demo manager's unit) and a training for her."""
    with live_app.app_context():
        programme = db.session.scalar(sa.select(Programme).where(Programme.name == PROGRAMME_NAME))
        assert programme is not None
        cohort = db.session.scalar(sa.select(Cohort).where(Cohort.programme_id == programme.id))
        unit = db.session.scalar(sa.select(OrgUnit).where(OrgUnit.name == "Hemtjänst Norr"))
        job = db.session.scalar(
            sa.select(Occupation).where(
                Occupation.programme_id == programme.id, Occupation.name == "Undersköterska"
            )
        )
        assert cohort is not None and unit is not None and job is not None
        person = make_user(Role.PARTICIPANT, email=EMAIL, name=NAME, locale="en")
        make_profile(person)
        db.session.add(
            Enrollment(
                cohort_id=cohort.id,
                user_id=person.id,
                started_on=cohort.starts_on,
                unit_id=unit.id,
                occupation_id=job.id,
            )
        )
        training = Training(
            programme_id=programme.id,
            title=TITLE,
            tool="Avvikelserapportering",
            tool_key="avvikelserapportering",
            level=3,
            minutes=15,
            steps="Öppna avvikelsemodulen\nVälj Ny avvikelse\nBeskriv vad som hände",
            pass_mark=3,
            questions_per_attempt=2,
            time_limit_minutes=30,
        )
        for position, (difficulty, text, right, wrong) in enumerate(QUESTIONS):
            training.questions.append(
                TrainingQuestion(
                    text=text,
                    difficulty=difficulty,
                    position=position,
                    options=[
                        TrainingOption(text=right, correct=True, position=0),
                        TrainingOption(text=wrong, correct=False, position=1),
                    ],
                )
            )
        db.session.add(training)
        db.session.commit()


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} is {width} px wide at 375 px"


def _assess_and_see_gaps(page: Any, base: str) -> None:
    page.goto(f"{base}/my/assessment")
    page.get_by_role("heading", name="Assess your digital skills", exact=True).wait_for()
    assert_accessible(page)
    _fits(page)
    for tool, level in LEVELS.items():
        page.get_by_role("group", name=tool).get_by_label(f"{level}: {WORDS[level]}").check()
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_role("heading", name="Your gaps", exact=True).wait_for()
    row = page.get_by_role("row", name="Avvikelserapportering")
    assert "2" in row.inner_text()  # you 1, goal 3: a gap of 2
    assert_accessible(page)


def _take_the_training(page: Any, base: str) -> None:
    page.goto(f"{base}/trainings")  # the menu keeps it under "More"
    page.get_by_label("Tool").select_option("Avvikelserapportering")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    assert_accessible(page)
    _fits(page)
    page.get_by_role("button", name="Start the test").click()
    page.get_by_role("group", name=QUESTIONS[0][1]).wait_for()
    assert_accessible(page)
    _fits(page)
    for _difficulty, question, _right, wrong in QUESTIONS:  # easy first, then the next
        page.get_by_role("group", name=question).wait_for()
        page.get_by_label(wrong).check()
        page.get_by_role("button", name="Answer").click()
        page.get_by_text("Not quite.").wait_for()
    page.get_by_role("button", name="Hand in").click()
    page.get_by_role("heading", name="Not this time").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Try again").click()
    for difficulty, question, right, _wrong in QUESTIONS:
        page.get_by_role("group", name=question).wait_for()
        page.get_by_label(right).check()
        page.get_by_role("button", name="Answer").click()
        page.get_by_text(f"Right! +{difficulty} points").wait_for()
    page.get_by_role("button", name="Hand in").click()
    page.get_by_role("heading", name="You passed!").wait_for()
    assert page.get_by_text("Your verified level of Avvikelserapportering is now 3.").is_visible()
    assert_accessible(page)
    _fits(page)


def _answer_the_survey(page: Any) -> None:
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="I have done this training").click()
    page.get_by_role("heading", name=f"How was the training {TITLE}?").wait_for()
    assert_accessible(page)
    _fits(page)
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Choose one of the options.").wait_for()  # inline error, nothing saved
    page.get_by_label("Just right").check()
    for question in ("I was motivated", "The way I learned", "It matters", "I will use it"):
        page.get_by_role("group", name=question).get_by_label("5").check()
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thank you for your feedback!").wait_for()
    assert page.get_by_text("You finished this training on").is_visible()


def test_an_employee_closes_a_gap_with_a_training_and_her_manager_sees_it(
    browser: Any, live_server: str, live_app: Flask
) -> None:
    _employee_and_training(live_app)
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/")
    _assess_and_see_gaps(page, live_server)
    _take_the_training(page, live_server)
    _answer_the_survey(page)
    page.goto(f"{live_server}/my/gaps")
    assert "At goal" in page.get_by_role("row", name="Avvikelserapportering").inner_text()
    context.close()

    manager = browser.new_context(locale="en-GB").new_page()
    sign_in(manager, live_server, Role.MANAGER)
    manager.goto(f"{live_server}/manager")
    manager.get_by_role("link", name=NAME).click()
    manager.get_by_role("heading", name=NAME).wait_for()
    cells = manager.get_by_role("row", name="Avvikelserapportering").get_by_role("cell")
    assert cells.all_inner_texts()[:4] == ["1", "3", "3", "At goal"]
    assert manager.get_by_text("Training hours: 0.2").is_visible()  # 15 minutes
    assert manager.get_by_role("listitem").filter(has_text=TITLE).is_visible()
    result = manager.get_by_role("row", name=TITLE).get_by_role("cell").all_inner_texts()
    assert result == ["2", "3 / 3", "Yes"]  # two attempts, the best with every point
    assert_accessible(manager)
    manager.context.close()
