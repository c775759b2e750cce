"""The heatmap counts people below their goal per unit or occupation, small groups hidden."""

from __future__ import annotations

from datetime import date

from flask import Flask

from mentoring.workplace.heatmap import before_after, heatmap
from tests.factories import make_user
from tests.workplace_factories import (
    assess,
    employ,
    make_goal,
    make_occupation,
    make_round,
    workplace,
)


def _staff(cohort, unit, occupation, round_, levels, count):  # type: ignore[no-untyped-def]
    people = []
    for _ in range(count):
        person = make_user()
        employ(person, cohort, unit, occupation)
        assess(person, round_, levels)
        people.append(person)
    return people


def test_units_count_their_people_and_those_below_them(app: Flask) -> None:
    programme, cohort, units, nurse = workplace({"Outlook": 3, "Teams": 2})
    first = make_round(programme, 1, date(2026, 9, 1))
    _staff(cohort, units["Care/North"], nurse, first, {"Outlook": 1, "Teams": 2}, 6)
    _staff(cohort, units["Care/North"], nurse, first, {"Outlook": 3, "Teams": 2}, 4)
    _staff(cohort, units["Care/South"], nurse, first, {"Outlook": 1, "Teams": 1}, 3)
    heat = heatmap(programme)
    rows = {row.label: row for row in heat.rows}
    assert heat.tools == ["Outlook", "Teams"]
    assert list(rows) == ["Care", "Care/North", "Care/South"]
    north, south, care = rows["Care/North"], rows["Care/South"], rows["Care"]
    assert (north.cells["Outlook"].people, north.cells["Outlook"].below) == (10, 6)
    assert north.cells["Outlook"].shown == "60%"
    assert north.cells["Teams"].shown == "<5"  # nobody below: the count under five is hidden
    assert south.people_shown == "<5" and south.cells["Outlook"].shown == "<5"
    assert (care.cells["Outlook"].people, care.cells["Outlook"].below) == (13, 9)
    assert care.cells["Outlook"].shown == "69%"


def test_occupations_use_their_own_goals_and_unit_goals_override(app: Flask) -> None:
    programme, cohort, units, nurse = workplace({"Outlook": 2})
    teacher = make_occupation(programme, "Teacher")
    make_goal(programme, teacher, "Outlook", 4)
    make_goal(programme, nurse, "outlook", 4, units["Care/South"])
    first = make_round(programme, 1, date(2026, 9, 1))
    _staff(cohort, units["Care/North"], nurse, first, {"Outlook": 3}, 5)  # at goal (2)
    _staff(cohort, units["Care/South"], nurse, first, {"Outlook": 3}, 5)  # below (4)
    _staff(cohort, units["Care/North"], teacher, first, {"Outlook": 3}, 5)  # below (4)
    rows = {row.label: row for row in heatmap(programme, by="occupation").rows}
    assert (
        rows["Assistant nurse"].cells["Outlook"].people,
        rows["Assistant nurse"].cells["Outlook"].below,
    ) == (10, 5)
    assert rows["Teacher"].cells["Outlook"].shown == "100%"


def test_a_managers_heatmap_holds_only_their_units(app: Flask) -> None:
    programme, cohort, units, nurse = workplace({"Outlook": 3})
    first = make_round(programme, 1, date(2026, 9, 1))
    _staff(cohort, units["Care/North"], nurse, first, {"Outlook": 1}, 5)
    _staff(cohort, units["Care/South"], nurse, first, {"Outlook": 1}, 7)
    heat = heatmap(programme, unit_ids={units["Care/South"].id})
    assert [(r.label, r.cells["Outlook"].people) for r in heat.rows] == [("Care/South", 7)]
    by_job = heatmap(programme, by="occupation", unit_ids={units["Care/South"].id})
    assert by_job.rows[0].cells["Outlook"].people == 7


def test_before_and_after_sets_the_rounds_side_by_side(app: Flask) -> None:
    programme, cohort, units, nurse = workplace({"Outlook": 3})
    first = make_round(programme, 1, date(2026, 9, 1))
    second = make_round(programme, 2, date(2027, 1, 10))
    people = _staff(cohort, units["Care/North"], nurse, first, {"Outlook": 1}, 8)
    for person in people[:6]:
        assess(person, second, {"Outlook": 3})
    _staff(cohort, units["Care/North"], nurse, second, {"Outlook": 1}, 5)  # only "after"
    change = before_after(programme)
    assert (change.first, change.round_number) == (1, 2)
    cell = {r.label: r for r in change.rows}["Care/North"].cells["Outlook"]
    assert (cell.people, cell.below, cell.people_after, cell.below_after) == (8, 8, 11, 5)
    assert (cell.shown, cell.shown_after) == ("100%", "45%")
    latest = {r.label: r for r in heatmap(programme).rows}["Care/North"].cells["Outlook"]
    assert (latest.people, latest.below) == (11, 5)
    assert heatmap(programme, round_number=1).round_number == 1


def test_a_goal_changed_later_counts_for_the_answers_given_before(app: Flask) -> None:
    programme, cohort, units, nurse = workplace({"Outlook": 3})
    first = make_round(programme, 1, date(2026, 9, 1))
    _staff(cohort, units["Care/North"], nurse, first, {"Outlook": 2}, 5)
    from mentoring.workplace.changes import set_goal
    from mentoring.workplace.goals import programme_goals

    [goal] = programme_goals(programme.id)
    set_goal(programme, occupation_id=nurse.id, unit_id=None, tool="Outlook", level=2)
    cell = {r.label: r for r in heatmap(programme).rows}["Care/North"].cells["Outlook"]
    assert (cell.people, cell.below) == (5, 0)
    assert goal.level == 2


def test_a_person_placed_in_another_unit_counts_there(app: Flask) -> None:
    from mentoring.extensions import db
    from mentoring.programmes.models import Enrollment
    from mentoring.workplace.changes import place

    programme, cohort, units, nurse = workplace({"Outlook": 3})
    first = make_round(programme, 1, date(2026, 9, 1))
    [person] = _staff(cohort, units["Care/North"], nurse, first, {"Outlook": 1}, 1)
    enrollment = db.session.query(Enrollment).filter_by(user_id=person.id).one()
    place(enrollment, units["Care/South"].id, nurse.id)
    rows = {r.label: r for r in heatmap(programme).rows}
    assert rows["Care/North"].cells == {} and rows["Care/South"].cells["Outlook"].people == 1


def test_people_without_an_occupation_are_not_counted(app: Flask) -> None:
    programme, cohort, units, _nurse = workplace({"Outlook": 3})
    first = make_round(programme, 1, date(2026, 9, 1))
    _staff(cohort, units["Care/North"], None, first, {"Outlook": 1}, 1)
    assert {r.label: r for r in heatmap(programme).rows}["Care/North"].cells == {}
