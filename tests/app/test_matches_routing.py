"""Learners reach the right digital ambassador for the tools they still need."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mentoring.competence.ledger import ledger as ambassador_ledger
from mentoring.errors import Conflict, ValidationError
from mentoring.extensions import db
from mentoring.matches import routing
from mentoring.profiles.services import profile_of
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import enrol, make_cohort, make_profile, make_programme, make_user
from tests.matches_factories import WEEKDAY_EVENINGS

NOW = datetime(2026, 11, 2, 9, 0)


def _setup() -> tuple:  # type: ignore[type-arg]
    programme = make_programme()
    programme.tool_goals = {"Teams": 3, "Outlook": 2, "Excel": 3}
    db.session.commit()
    cohort = make_cohort(programme)
    learner = make_user(Role.PARTICIPANT)
    make_profile(learner, offers={"Outlook": 4, "Teams": 1}, availability=WEEKDAY_EVENINGS)
    enrol(learner, cohort)
    return cohort, learner


def _ambassador(cohort, offers, capacity=2, languages=("sv",), **kw):  # type: ignore[no-untyped-def]
    person = make_user(Role.AMBASSADOR, **kw)
    make_profile(
        person, offers=offers, capacity=capacity, languages=languages, availability=WEEKDAY_EVENINGS
    )
    enrol(person, cohort)
    return person


def test_tools_at_goal_are_done_and_the_rest_get_ranked_ambassadors(app: Flask) -> None:
    cohort, learner = _setup()
    expert = _ambassador(cohort, {"Teams": 5, "Excel": 4}, name="Tea Expert")
    basic = _ambassador(cohort, {"Teams": 3})
    _ambassador(cohort, {"Teams": 2})  # below the goal: cannot teach it
    _ambassador(cohort, {"Teams": 5}, languages=("fi",))  # no shared language
    plan = routing.learning_plan(learner, now=NOW)
    assert [n.tool for n in plan.done] == ["Outlook"]
    todo = {n.tool: n for n in plan.todo}
    assert (todo["Teams"].level, todo["Teams"].goal) == (1, 3)
    assert [o.ambassador.id for o in todo["Teams"].options] == [expert.id, basic.id]
    assert any(r["code"] == "skill" for r in todo["Teams"].options[0].reasons)
    assert [o.ambassador.id for o in todo["Excel"].options] == [expert.id]


def test_routing_respects_capacity_and_one_ambassador_per_tool(app: Flask) -> None:
    cohort, learner = _setup()
    ambassador = _ambassador(cohort, {"Teams": 4, "Excel": 4}, capacity=1)
    row = routing.route(learner, "Teams", ambassador.id, now=NOW)
    assert (row.level_before, row.goal) == (1, 3)
    with pytest.raises(Conflict):
        routing.route(learner, "Teams", ambassador.id, now=NOW)
    plan = routing.learning_plan(learner, now=NOW)
    assert {n.tool: n.options for n in plan.todo}["Excel"] == []  # full now
    with pytest.raises(ValidationError):
        routing.route(learner, "Outlook", ambassador.id, now=NOW)


def test_ambassador_sees_learners_and_levels_before_and_now(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    cohort, learner = _setup()
    ambassador = _ambassador(cohort, {"Teams": 4})
    routing.route(learner, "Teams", ambassador.id, now=NOW)
    profile = profile_of(learner)
    assert profile is not None
    next(s for s in profile.skills if s.name == "Teams").level = 3  # the learner has improved
    db.session.commit()
    ledger = ambassador_ledger(ambassador)
    assert [(r.route.tool, r.route.level_before, r.level_now) for r in ledger.rows] == [
        ("Teams", 1, 3)
    ]
    assert ledger.tools == ["Teams"]
    auth.login(ambassador.email)
    page = client.get("/my/learners").get_data(as_text=True)
    assert learner.name in page and "Sessions taught" in page


def test_learner_pages(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    cohort, learner = _setup()
    ambassador = _ambassador(cohort, {"Teams": 4}, name="Ada Ambassador")
    auth.login(learner.email)
    page = client.get("/my/tools").get_data(as_text=True)
    assert "Ada Ambassador" in page and "Your level 1, goal 3." in page and "Outlook" in page
    response = client.post("/my/tools", data={"tool": "Teams", "ambassador_id": ambassador.id})
    assert response.status_code == 302
    assert "Your ambassador: Ada Ambassador." in client.get("/my/tools").get_data(as_text=True)


def test_admin_sets_tool_goals_and_bad_lines_are_refused(
    client: FlaskClient, auth: AuthActions
) -> None:
    programme = make_programme()
    auth.login(make_user(Role.ADMIN).email)
    form = {
        "name": programme.name,
        "skill_catalogue": "Teams",
        "default_meeting_format": "either",
        "timezone": "UTC",
        "tool_goals": "Teams: 3\nOutlook: 2",
    }
    assert client.post(f"/programmes/{programme.id}/edit", data=form).status_code == 302
    db.session.refresh(programme)
    assert programme.tool_goals == {"Teams": 3, "Outlook": 2}
    bad = client.post(
        f"/programmes/{programme.id}/edit", data={**form, "tool_goals": "Teams: 3\nOutlook"}
    )
    assert "Line 2: write a tool and a level 1-5" in bad.get_data(as_text=True)
    db.session.refresh(programme)
    assert programme.tool_goals == {"Teams": 3, "Outlook": 2}


def test_ambassadors_are_suggested_without_common_weekly_hours(app: Flask) -> None:
    cohort, learner = _setup()
    daytime = make_user(Role.AMBASSADOR)
    make_profile(daytime, offers={"Teams": 4}, capacity=2, availability=[9, 10, 11])
    enrol(daytime, cohort)
    todo = {n.tool: n for n in routing.learning_plan(learner, now=NOW).todo}
    assert [o.ambassador.id for o in todo["Teams"].options] == [daytime.id]


def test_knowledge_goals_and_the_self_assessment_replace_tool_goals_and_profile_levels(
    app: Flask,
) -> None:
    from mentoring.workplace.verified import register_verified_levels
    from tests.workplace_factories import assess, employ, make_round, workplace

    programme, cohort, units, occupation = workplace({"Outlook": 3, "Teams": 2, "Excel": 2})
    programme.tool_goals = {"Python": 5}  # ignored: the learner's occupation has goals
    learner = make_user(Role.PARTICIPANT)
    make_profile(learner, offers={"Outlook": 5}, availability=WEEKDAY_EVENINGS)
    employ(learner, cohort, units["Care/North"], occupation)
    assess(learner, make_round(programme, 1, cohort.starts_on), {"Outlook": 1, "Teams": 2})
    teacher = _ambassador(cohort, {"outlook": 4, "Excel": 3})
    register_verified_levels(app, lambda user_id, programme_id: {"excel": 2})
    plan = routing.learning_plan(learner, now=NOW)
    assert [(n.tool, n.level, n.goal) for n in plan.done] == [("Excel", 2, 2), ("Teams", 2, 2)]
    [need] = plan.todo
    assert (need.tool, need.level, need.goal) == ("Outlook", 1, 3)
    assert [o.ambassador.id for o in need.options] == [teacher.id]


def test_an_employee_without_a_profile_still_gets_ambassadors(app: Flask) -> None:
    from tests.workplace_factories import assess, employ, make_round, workplace

    programme, cohort, units, occupation = workplace({"Outlook": 3})
    learner = make_user(Role.PARTICIPANT, locale="sv")
    employ(learner, cohort, units["Care/North"], occupation)
    assess(learner, make_round(programme, 1, cohort.starts_on), {"Outlook": 1})
    teacher = _ambassador(cohort, {"Outlook": 4})
    [need] = routing.learning_plan(learner, now=NOW).todo
    assert [o.ambassador.id for o in need.options] == [teacher.id]
