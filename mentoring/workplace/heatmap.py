"""The heatmap of gaps: per unit (or occupation) and tool, the share of people below goal.

Public functions (no trainings data: they read self-assessments only):

- ``heatmap(programme, by=, round_number=, unit_ids=) -> Heatmap``: rows are units (each
  counts its own people and those of the units below it) or occupations; a cell is the share
  of the people who assessed the tool in that round who are below their goal. Counts of
  fewer than five people are shown as "<5".
- ``before_after(programme, by=, first=, last=, unit_ids=) -> Heatmap``: the same for the
  people who answered in both rounds, each cell carrying the share before and after.

``unit_ids`` narrows everything to those units (a manager's); None means the whole programme.
The database does the counting (one GROUP BY over the answers); Python only applies goals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from mentoring.engagement.privacy import MIN_CELL, SUPPRESSED, share
from mentoring.extensions import db
from mentoring.programmes.models import Cohort, Enrollment, Programme
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.goals import effective_goals, programme_goals
from mentoring.workplace.models import AssessmentRound, SelfAssessment
from mentoring.workplace.organisation import (
    descendant_ids,
    organisation_units,
    programme_occupations,
    unit_chain,
    unit_paths,
)

BY = ("unit", "occupation")


@dataclass
class Cell:
    people: int = 0
    below: int = 0
    people_after: int = 0
    below_after: int = 0

    @property
    def shown(self) -> str:
        return share(self.below, self.people) if self.people else ""

    @property
    def shown_after(self) -> str:
        return share(self.below_after, self.people_after) if self.people_after else ""

    @property
    def percent(self) -> int | None:
        """The share below goal, 0-100, or None when it is not shown (for the colour)."""
        if self.people < MIN_CELL or self.below < MIN_CELL:
            return None
        return round(100 * self.below / self.people)


@dataclass
class Row:
    key: int
    label: str
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def people(self) -> int:
        return max((c.people for c in self.cells.values()), default=0)

    @property
    def people_shown(self) -> str:
        return SUPPRESSED if self.people < MIN_CELL else str(self.people)


@dataclass
class Heatmap:
    by: str
    tools: list[str]
    rows: list[Row]
    rounds: list[int]
    round_number: int | None = None
    first: int | None = None


def _rounds(programme_id: int) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(AssessmentRound.number, AssessmentRound.id).where(
            AssessmentRound.programme_id == programme_id
        )
    )
    return {number: round_id for number, round_id in rows}


def _placed(programme_id: int, unit_ids: set[int] | None) -> sa.Subquery:
    """Each person's newest open enrolment in the programme: their unit and occupation."""
    newest = (
        sa.func.row_number()
        .over(
            partition_by=Enrollment.user_id,
            order_by=(Enrollment.started_on.desc(), Enrollment.id.desc()),
        )
        .label("rank")
    )
    query = (
        sa.select(Enrollment.user_id, Enrollment.unit_id, Enrollment.occupation_id, newest)
        .join(Cohort, Cohort.id == Enrollment.cohort_id)
        .where(
            Cohort.programme_id == programme_id,
            Enrollment.ended_on.is_(None),
            Enrollment.occupation_id.is_not(None),
        )
    )
    if unit_ids is not None:
        query = query.where(Enrollment.unit_id.in_(unit_ids))
    return query.subquery("placed")


def _counts(
    programme_id: int, round_id: int, unit_ids: set[int] | None
) -> list[tuple[int | None, int, str, int, int]]:
    placed = _placed(programme_id, unit_ids)
    answer = SelfAssessment
    rows = db.session.execute(
        sa.select(
            placed.c.unit_id, placed.c.occupation_id, answer.tool, answer.level, sa.func.count()
        )
        .join(placed, sa.and_(placed.c.user_id == answer.user_id, placed.c.rank == 1))
        .where(answer.round_id == round_id)
        .group_by(placed.c.unit_id, placed.c.occupation_id, answer.tool, answer.level)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def _paired_counts(
    programme_id: int, first_id: int, last_id: int, unit_ids: set[int] | None
) -> list[tuple[int | None, int, str, int, int, int]]:
    placed = _placed(programme_id, unit_ids)
    before, after = aliased(SelfAssessment), aliased(SelfAssessment)
    rows = db.session.execute(
        sa.select(
            placed.c.unit_id,
            placed.c.occupation_id,
            before.tool,
            before.level,
            after.level,
            sa.func.count(),
        )
        .join(placed, sa.and_(placed.c.user_id == before.user_id, placed.c.rank == 1))
        .join(
            after,
            sa.and_(
                after.user_id == before.user_id,
                after.tool == before.tool,
                after.round_id == last_id,
            ),
        )
        .where(before.round_id == first_id)
        .group_by(placed.c.unit_id, placed.c.occupation_id, before.tool, before.level, after.level)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


class _Frame:
    """The programme's units, occupations and goals, read once per view."""

    def __init__(self, programme: Programme, unit_ids: set[int] | None) -> None:
        org_id = programme.organisation_id
        self.units = organisation_units(org_id) if org_id is not None else []
        self.paths = unit_paths(self.units)
        self.occupations = {o.id: o.name for o in programme_occupations(programme.id)}
        self.goals = programme_goals(programme.id)
        self.visible = set(self.paths) if unit_ids is None else set(unit_ids)
        self._cache: dict[tuple[int | None, int], dict[str, int]] = {}
        first_spelling: dict[str, str] = {}
        # Occupation-wide goals name a tool first (the same on both databases: NULLs sort
        # first on SQLite, last on PostgreSQL).
        for goal in sorted(self.goals, key=lambda g: (g.unit_id is not None, g.id)):
            first_spelling.setdefault(tool_key(goal.tool), goal.tool)
        self.tools = sorted(first_spelling.values(), key=tool_key)
        self._spelling = first_spelling
        self._keys: dict[str, str] = {}
        self._chains: dict[int | None, list[int]] = {}

    def goal(self, unit_id: int | None, occupation_id: int, tool: str) -> int | None:
        key = (unit_id, occupation_id)
        if key not in self._cache:
            found = effective_goals(self.goals, occupation_id, unit_chain(self.units, unit_id))
            self._cache[key] = {tool_key(t): level for t, level in found.items()}
        return self._cache[key].get(self.key_of(tool))

    def key_of(self, tool: str) -> str:
        """The tool's key, computed once per spelling (a view meets each thousands of times)."""
        if tool not in self._keys:
            self._keys[tool] = tool_key(tool)
        return self._keys[tool]

    def canonical(self, tool: str) -> str:
        """The tool as the goals spell it (the column of the heatmap)."""
        key = self.key_of(tool)
        return self._spelling.get(key, tool)

    def row_keys(self, by: str, unit_id: int | None, occupation_id: int) -> list[int]:
        """The rows a person of this unit and occupation counts in."""
        if by == "occupation":
            return [occupation_id]
        if unit_id not in self._chains:
            chain = unit_chain(self.units, unit_id)
            self._chains[unit_id] = [u for u in chain if u in self.visible]
        return self._chains[unit_id]

    def rows(self, by: str) -> list[Row]:
        if by == "occupation":
            return [
                Row(i, name) for i, name in sorted(self.occupations.items(), key=lambda x: x[1])
            ]
        tops = self.visible - {
            u.id for u in self.units if u.id in self.visible and u.parent_id in self.visible
        }
        shown = descendant_ids(self.units, tops) & self.visible
        return [Row(i, self.paths[i]) for i in sorted(shown, key=lambda i: self.paths[i])]


def _cell(frame: _Frame, rows: dict[int, Row], key: int, tool: str) -> Cell:
    return rows[key].cells.setdefault(frame.canonical(tool), Cell())


def heatmap(
    programme: Programme,
    *,
    by: str = "unit",
    round_number: int | None = None,
    unit_ids: set[int] | None = None,
) -> Heatmap:
    """Return the share below goal per row and tool in one round (default: the latest)."""
    frame = _Frame(programme, unit_ids)
    rounds = _rounds(programme.id)
    number = round_number if round_number in rounds else max(rounds, default=None)
    result = Heatmap(by, frame.tools, frame.rows(by), sorted(rounds), number)
    if number is None:
        return result
    rows = {row.key: row for row in result.rows}
    for unit_id, occupation_id, tool, level, count in _counts(
        programme.id, rounds[number], unit_ids
    ):
        goal = frame.goal(unit_id, occupation_id, tool)
        if goal is None:
            continue
        for key in frame.row_keys(by, unit_id, occupation_id):
            if key in rows:
                cell = _cell(frame, rows, key, tool)
                cell.people += count
                cell.below += count if level < goal else 0
    return result


def before_after(
    programme: Programme,
    *,
    by: str = "unit",
    first: int | None = None,
    last: int | None = None,
    unit_ids: set[int] | None = None,
) -> Heatmap:
    """Return the share below goal in round ``first`` and ``last`` for people in both."""
    frame = _Frame(programme, unit_ids)
    rounds = _rounds(programme.id)
    first = first if first in rounds else min(rounds, default=None)
    last = last if last in rounds else max(rounds, default=None)
    result = Heatmap(by, frame.tools, frame.rows(by), sorted(rounds), last, first)
    if first is None or last is None or first == last:
        return result
    rows = {row.key: row for row in result.rows}
    for unit_id, occupation_id, tool, level, level_after, count in _paired_counts(
        programme.id, rounds[first], rounds[last], unit_ids
    ):
        goal = frame.goal(unit_id, occupation_id, tool)
        if goal is None:
            continue
        for key in frame.row_keys(by, unit_id, occupation_id):
            if key in rows:
                cell = _cell(frame, rows, key, tool)
                cell.people += count
                cell.people_after += count
                cell.below += count if level < goal else 0
                cell.below_after += count if level_after < goal else 0
    return result
