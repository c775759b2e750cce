"""A learner is offered the trainings and ambassadors that close their largest gaps first."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask.testing import FlaskClient

from mentoring.competence.recommendations import my_gaps, recommendations
from mentoring.extensions import db
from mentoring.matches.explain import reason_text
from mentoring.trainings.models import VerifiedLevel
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_profile, make_user
from tests.matches_factories import WEEKDAY_EVENINGS
from tests.trainings_factories import complete, make_attempt, make_training
from tests.workplace_factories import assess, employ, make_manager, make_round, workplace

NOW = datetime(2026, 11, 2, 9, 0)


def _learner(goals: dict[str, int], levels: dict[str, int]):  # type: ignore[no-untyped-def]
    programme, cohort, units, nurse = workplace(goals)
    learner = make_user(Role.PARTICIPANT)
    employ(learner, cohort, units["Care/North"], nurse)
    assess(learner, make_round(programme, 1, date(2026, 9, 1)), levels)
    return programme, cohort, units, learner


def test_trainings_for_the_largest_gap_come_first_with_the_gap_as_reason(app: Flask) -> None:
    programme, _cohort, _units, learner = _learner(
        {"Outlook": 4, "Teams": 3, "Excel": 2}, {"Outlook": 1, "Teams": 2, "Excel": 2}
    )
    easy = make_training(programme, title="Outlook basics", tool="outlook", level=2)
    make_training(programme, title="Outlook first look", tool="Outlook", level=1)  # no step up
    done = make_training(programme, title="Outlook calendar", tool="Outlook", level=3)
    complete(learner, done)
    teams = make_training(programme, title="Teams meetings", tool="Teams", level=3)
    make_training(programme, title="Excel sums", tool="Excel", level=3)  # Excel is at goal
    found = my_gaps(learner, now=NOW)
    assert [(a.gap.tool, [s.training.id for s in a.trainings]) for a in found.advice] == [
        ("Outlook", [easy.id]),
        ("Teams", [teams.id]),
    ]
    reasons = [reason_text(r) for r in found.advice[0].trainings[0].reasons]
    assert reasons[0] == "closes your gap in Outlook (you: 1, goal: 4)"
    assert [a.gap.tool for a in recommendations(learner, now=NOW, limit=1)] == ["Outlook"]


def test_a_verified_level_at_goal_takes_the_tool_off_the_offers(app: Flask) -> None:
    programme, _cohort, _units, learner = _learner({"Outlook": 3}, {"Outlook": 1})
    make_training(programme, title="Outlook basics", tool="Outlook", level=2)
    db.session.add(
        VerifiedLevel(
            user_id=learner.id,
            programme_id=programme.id,
            tool_key="outlook",
            tool="Outlook",
            level=3,
            verified_at=NOW,
        )
    )
    db.session.commit()
    found = my_gaps(learner, now=NOW)
    assert found.advice == [] and found.gaps[0].verified == 3


def test_the_home_page_and_the_gaps_page_show_trainings_and_ambassadors(
    client: FlaskClient,
    auth: AuthActions,
) -> None:
    programme, cohort, _units, learner = _learner({"Outlook": 3}, {"Outlook": 1})
    make_training(programme, title="Outlook basics", tool="Outlook", level=2)
    ambassador = make_user(Role.AMBASSADOR, name="Ada Ambassador")
    make_profile(ambassador, offers={"Outlook": 5}, capacity=2, availability=WEEKDAY_EVENINGS)
    employ(ambassador, cohort, None, None)
    auth.login(learner.email)
    home = client.get("/").get_data(as_text=True)
    assert "Outlook basics" in home and "Ada Ambassador" in home
    assert "closes your gap in Outlook (you: 1, goal: 3)" in home
    gaps = client.get("/my/gaps").get_data(as_text=True)
    assert "Outlook basics" in gaps and "training, level 2, 15 minutes" in gaps


def test_a_manager_sees_trainings_done_test_results_and_hours(
    client: FlaskClient, auth: AuthActions
) -> None:
    programme, _cohort, units, learner = _learner({"Outlook": 3}, {"Outlook": 1})
    training = make_training(programme, title="Outlook basics", minutes=30, questions=(1,))
    complete(learner, training)
    attempt = make_attempt(learner, training)
    attempt.submitted_at, attempt.score, attempt.passed = NOW, 3, True
    db.session.commit()
    boss = make_manager(make_user(Role.MANAGER), units["Care"])
    auth.login(boss.email)
    page = client.get("/manager").get_data(as_text=True)
    assert "<td>1</td>" in page and "1 / 1" in page and "0.5" in page
    person = client.get(f"/manager/people/{learner.id}").get_data(as_text=True)
    assert "Outlook basics" in person and "3 / 3" in person
