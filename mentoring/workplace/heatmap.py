"""The heatmap of gaps: per unit (or occupation) and tool, the share of people below goal.

Public functions (no trainings data: they read self-assessments only):

- ``heatmap(programme, by=, round_number=, unit_ids=) -> Heatmap``: rows are units (each
  counts its own people and those of the units below it) or occupations; a cell is the share
  of the people who assessed the tool in that round who are below their goal. Counts of
  fewer than five people are shown as "<5".
- ``before_after(programme, by=, first=, last=, unit_ids=) -> Heatmap``: the same for two
  rounds side by side (everyone who answered in each), each cell carrying the share before
  and after.

``unit_ids`` narrows everything to those units (a manager's); None means the whole programme.
The database does the counting: one GROUP BY over the answers alone, which carry their
person's unit, occupation and goal (``mentoring.workplace.stamping``); Python only rolls units
up the tree. An answer counts where the person worked when it was given (or placed since).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from mentoring.extensions import db
from mentoring.programmes.models import Programme
from mentoring.small_counts import MIN_CELL, SUPPRESSED, share
from mentoring.workplace.gaps import tool_key
from mentoring.workplace.goals import programme_goals
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


def _counts(
    round_ids: list[int], by: str, unit_ids: set[int] | None
) -> list[tuple[int, int | None, str, int, int]]:
    """Per round, row key (unit or occupation) and tool: answers and answers below goal."""
    answer = SelfAssessment
    key = answer.unit_id if by == "unit" else answer.occupation_id
    below = sa.func.sum(sa.case((answer.level < answer.goal, 1), else_=0))
    query = (
        sa.select(answer.round_id, key, answer.tool, sa.func.count(), below)
        .where(answer.round_id.in_(round_ids), answer.goal.is_not(None))
        .group_by(answer.round_id, key, answer.tool)
    )
    if unit_ids is not None:
        query = query.where(answer.unit_id.in_(unit_ids))
    return [tuple(row) for row in db.session.execute(query)]  # type: ignore[misc]


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

    def key_of(self, tool: str) -> str:
        """The tool's key, computed once per spelling (a view meets each thousands of times)."""
        if tool not in self._keys:
            self._keys[tool] = tool_key(tool)
        return self._keys[tool]

    def canonical(self, tool: str) -> str:
        """The tool as the goals spell it (the column of the heatmap)."""
        key = self.key_of(tool)
        return self._spelling.get(key, tool)

    def row_keys(self, by: str, key: int | None) -> list[int]:
        """The rows an answer of this unit (or occupation) counts in."""
        if key is None:
            return []
        if by == "occupation":
            return [key]
        unit_id = key
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


def _add(
    frame: _Frame,
    result: Heatmap,
    counts: list[tuple[int, int | None, str, int, int]],
    after_round: int | None,
) -> None:
    rows = {row.key: row for row in result.rows}
    for round_id, key, tool, people, below in counts:
        for row_key in frame.row_keys(result.by, key):
            if row_key not in rows:
                continue
            cell = _cell(frame, rows, row_key, tool)
            if round_id == after_round:
                cell.people_after += people
                cell.below_after += below
            else:
                cell.people += people
                cell.below += below


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
    if number is not None:
        _add(frame, result, _counts([rounds[number]], by, unit_ids), None)
    return result


def before_after(
    programme: Programme,
    *,
    by: str = "unit",
    first: int | None = None,
    last: int | None = None,
    unit_ids: set[int] | None = None,
) -> Heatmap:
    """Return the share below goal in round ``first`` and in round ``last``, side by side."""
    frame = _Frame(programme, unit_ids)
    rounds = _rounds(programme.id)
    first = first if first in rounds else min(rounds, default=None)
    last = last if last in rounds else max(rounds, default=None)
    result = Heatmap(by, frame.tools, frame.rows(by), sorted(rounds), last, first)
    if first is None or last is None or first == last:
        return result
    counts = _counts([rounds[first], rounds[last]], by, unit_ids)
    _add(frame, result, counts, rounds[last])
    return result
