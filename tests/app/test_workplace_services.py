"""Organisation trees, occupations, knowledge goals and self-assessments (services)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask

from mentoring.errors import Conflict, NotFound, ValidationError
from mentoring.extensions import db
from mentoring.programmes.models import Enrollment
from mentoring.programmes.organisation import ManagerUnit, OrgUnit
from mentoring.users.roles import Role
from mentoring.workplace import assessments, changes, goals, organisation
from mentoring.workplace.models import SelfAssessment
from tests.factories import make_programme, make_user
from tests.workplace_factories import (
    employ,
    make_goal,
    make_occupation,
    make_organisation,
    workplace,
)

NOW = datetime(2026, 11, 2, 9, 0)
TODAY = date(2026, 11, 2)


def test_unit_paths_read_from_the_department_down(app: Flask) -> None:
    programme = make_programme()
    units = make_organisation(programme, {"Omvårdnad": ["Hemtjänst Norr"], "Förskola": []})
    paths = organisation.unit_paths(organisation.organisation_units(programme.organisation_id))
    assert paths[units["Omvårdnad/Hemtjänst Norr"].id] == "Omvårdnad/Hemtjänst Norr"
    index = organisation.UnitIndex.of(programme.organisation_id)
    assert index.find(" omvårdnad / hemtjänst  norr ") == units["Omvårdnad/Hemtjänst Norr"].id
    assert index.find("Omvårdnad/Nowhere") is None


def test_sibling_units_need_different_names_and_no_slash(app: Flask) -> None:
    programme = make_programme()
    units = make_organisation(programme)
    org = programme.organisation
    assert org is not None
    with pytest.raises(Conflict):
        organisation.add_unit(org, "north", units["Care"].id)
    with pytest.raises(ValidationError):
        organisation.add_unit(org, "A/B", None)
    with pytest.raises(ValidationError):
        organisation.add_unit(org, "x" * 121, None)
    added = organisation.add_unit(org, "North", None)  # a department may share a unit's name
    assert added.parent_id is None


def test_a_unit_of_another_organisation_is_not_found(app: Flask) -> None:
    programme, other = make_programme(), make_programme()
    make_organisation(programme)
    foreign = make_organisation(other)
    assert programme.organisation is not None
    with pytest.raises(NotFound):
        organisation.add_unit(programme.organisation, "X", foreign["Care"].id)
    with pytest.raises(NotFound):
        organisation.rename_unit(programme.organisation, foreign["Care"].id, "Y")


def test_removing_a_department_removes_its_units_and_unplaces_their_people(app: Flask) -> None:
    programme, cohort, units, occupation = workplace()
    enrollment = employ(make_user(), cohort, units["Care/North"], occupation)
    boss = make_user(Role.COORDINATOR)
    organisation.set_manager_units(programme.organisation, boss, [units["Care/South"].id])
    north_id = units["Care/North"].id
    changes.remove_unit(programme.organisation, units["Care"].id)
    assert db.session.get(OrgUnit, north_id) is None
    assert db.session.get(Enrollment, enrollment.id).unit_id is None
    assert db.session.query(ManagerUnit).count() == 0


def test_a_manager_of_a_department_manages_its_units(app: Flask) -> None:
    programme, _cohort, units, _occupation = workplace()
    boss = make_user(Role.COORDINATOR)
    organisation.set_manager_units(programme.organisation, boss, [units["Care"].id])
    assert organisation.managed_unit_ids(boss.id) == {
        units["Care"].id,
        units["Care/North"].id,
        units["Care/South"].id,
    }
    organisation.set_manager_units(programme.organisation, boss, [units["Care/North"].id])
    assert organisation.managed_unit_ids(boss.id) == {units["Care/North"].id}


def test_occupations_are_unique_per_programme(app: Flask) -> None:
    programme = make_programme()
    organisation.add_occupation(programme, "Förskollärare")
    with pytest.raises(Conflict):
        organisation.add_occupation(programme, " förskollärare ")
    assert [o.name for o in organisation.programme_occupations(programme.id)] == ["Förskollärare"]


def test_placing_someone_in_another_programmes_unit_is_refused(app: Flask) -> None:
    _programme, cohort, units, occupation = workplace()
    other = make_programme()
    foreign = make_organisation(other)
    enrollment = employ(make_user(), cohort, None, None)
    with pytest.raises(NotFound):
        changes.place(enrollment, foreign["Care"].id, occupation.id)
    with pytest.raises(NotFound):
        changes.place(enrollment, units["Care"].id, make_occupation(other).id)
    changes.place(enrollment, units["Care/North"].id, occupation.id)
    assert (enrollment.unit_id, enrollment.occupation_id) == (units["Care/North"].id, occupation.id)


def test_a_unit_goal_overrides_the_occupation_wide_one_below_it(app: Flask) -> None:
    programme, cohort, units, occupation = workplace({"Outlook": 2, "Teams": 2})
    make_goal(programme, occupation, "Outlook", 4, units["Care"])
    make_goal(programme, occupation, "outlook", 3, units["Care/North"])
    north = employ(make_user(), cohort, units["Care/North"], occupation)
    south = employ(make_user(), cohort, units["Care/South"], occupation)
    nowhere = employ(make_user(), cohort, None, occupation)
    assert goals.person_goals(programme.id, north.user_id) == {"outlook": 3, "Teams": 2}
    assert goals.person_goals(programme.id, south.user_id) == {"Outlook": 4, "Teams": 2}
    assert goals.person_goals(programme.id, nowhere.user_id) == {"Outlook": 2, "Teams": 2}


def test_someone_without_an_occupation_has_no_goals(app: Flask) -> None:
    programme, cohort, units, _occupation = workplace()
    person = employ(make_user(), cohort, units["Care/North"], None)
    assert goals.person_goals(programme.id, person.user_id) == {}


def test_set_goal_updates_the_same_tool_and_checks_its_input(app: Flask) -> None:
    programme, _cohort, units, occupation = workplace({})
    changes.set_goal(programme, occupation_id=occupation.id, unit_id=None, tool="Teams", level=2)
    changes.set_goal(programme, occupation_id=occupation.id, unit_id=None, tool=" teams", level=4)
    assert [(g.tool, g.level) for g in goals.programme_goals(programme.id)] == [("teams", 4)]
    with pytest.raises(ValidationError):
        changes.set_goal(
            programme, occupation_id=occupation.id, unit_id=None, tool="Teams", level=6
        )
    with pytest.raises(ValidationError):
        changes.set_goal(
            programme, occupation_id=occupation.id, unit_id=None, tool="x" * 81, level=2
        )
    other = make_programme()
    with pytest.raises(NotFound):
        changes.set_goal(other, occupation_id=occupation.id, unit_id=None, tool="Teams", level=2)
    with pytest.raises(NotFound):
        changes.set_goal(
            programme,
            occupation_id=occupation.id,
            unit_id=make_organisation(other)["Care"].id,
            tool="Teams",
            level=2,
        )
    assert goals.programme_tools(programme.id) == ["teams"]


def test_a_self_assessment_covers_exactly_the_persons_goals(app: Flask) -> None:
    programme, cohort, units, occupation = workplace({"Outlook": 3, "Teams": 2})
    person = employ(make_user(), cohort, units["Care/North"], occupation).user_id
    with pytest.raises(ValidationError) as missing:
        assessments.record_self_assessment(
            person, programme.id, {"Outlook": 2}, now=NOW, today=TODAY
        )
    assert missing.value.field == "Teams"
    with pytest.raises(ValidationError):
        assessments.record_self_assessment(
            person, programme.id, {"Outlook": 2, "Teams": 1, "Excel": 1}, now=NOW, today=TODAY
        )
    with pytest.raises(ValidationError):
        assessments.record_self_assessment(
            person, programme.id, {"Outlook": 0, "Teams": 1}, now=NOW, today=TODAY
        )
    assert db.session.query(SelfAssessment).count() == 0
    assessments.record_self_assessment(
        person, programme.id, {"outlook": 2, "Teams": 1}, now=NOW, today=TODAY
    )
    assert assessments.self_levels(programme.id, person) == {"Outlook": 2, "Teams": 1}


def test_someone_without_goals_cannot_assess(app: Flask) -> None:
    programme, cohort, _units, _occupation = workplace()
    person = employ(make_user(), cohort, None, None).user_id
    with pytest.raises(ValidationError):
        assessments.record_self_assessment(person, programme.id, {}, now=NOW, today=TODAY)


def test_a_new_round_keeps_the_first_answers_as_before(app: Flask) -> None:
    programme, cohort, units, occupation = workplace({"Outlook": 3, "Teams": 2})
    person = employ(make_user(), cohort, units["Care/North"], occupation).user_id
    assessments.record_self_assessment(
        person, programme.id, {"Outlook": 1, "Teams": 1}, now=NOW, today=TODAY
    )
    assessments.record_self_assessment(
        person, programme.id, {"Outlook": 2, "Teams": 1}, now=NOW, today=TODAY
    )
    later = date(2027, 3, 1)
    second = assessments.start_round(programme, later, TODAY)
    assert second.number == 2
    # Before the new round starts, answers still change the first one.
    assert assessments.current_round(programme.id, TODAY).number == 1
    assessments.record_self_assessment(
        person, programme.id, {"Outlook": 3, "Teams": 2}, now=NOW, today=later
    )
    assert assessments.levels_by_round(programme.id, person) == {
        1: {"Outlook": 2, "Teams": 1},
        2: {"Outlook": 3, "Teams": 2},
    }
    assert assessments.self_levels(programme.id, person) == {"Outlook": 3, "Teams": 2}


def test_a_new_round_starts_after_the_last_one_and_not_in_the_past(app: Flask) -> None:
    programme, _cohort, _units, _occupation = workplace()
    with pytest.raises(ValidationError):
        assessments.start_round(programme, date(2026, 11, 1), TODAY)
    assessments.start_round(programme, date(2026, 12, 1), TODAY)
    with pytest.raises(Conflict):
        assessments.start_round(programme, date(2026, 12, 1), TODAY)
