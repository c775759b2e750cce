"""The gap analysis: a person's levels against their knowledge goals (pure, no database).

Public functions:

- ``tool_key(name) -> str``: the key tools are compared by (casefolded, trimmed).
- ``gap_analysis(goals, self_levels, verified) -> list[Gap]``: every goal tool with the
  person's self-assessed and verified levels; ``Gap.size`` is how far below the goal they
  are (0 = at goal). Ordered by size, largest first, then by tool name.
  ``verified`` is keyed by ``tool_key`` (as ``mentoring.trainings`` returns it); a tool counts
  as at goal when either the self-assessed or the verified level reaches it.
- ``open_gaps(gaps)``: only the gaps still open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


def tool_key(name: str) -> str:
    """Return the key two tool names are compared by ("Outlook " and "outlook" are one tool)."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Gap:
    tool: str
    goal: int
    self_level: int | None
    verified: int | None

    @property
    def level(self) -> int:
        """The best level the person has shown (0 if they have not assessed the tool)."""
        return max(self.self_level or 0, self.verified or 0)

    @property
    def size(self) -> int:
        return max(self.goal - self.level, 0)

    @property
    def is_open(self) -> bool:
        return self.size > 0


def gap_analysis(
    goals: Mapping[str, int],
    self_levels: Mapping[str, int],
    verified: Mapping[str, int] | None = None,
) -> list[Gap]:
    """Return one ``Gap`` per goal tool, largest gap first."""
    own = {tool_key(tool): level for tool, level in self_levels.items()}
    checked = {tool_key(tool): level for tool, level in (verified or {}).items()}
    gaps = [
        Gap(
            tool=tool,
            goal=goal,
            self_level=own.get(tool_key(tool)),
            verified=checked.get(tool_key(tool)),
        )
        for tool, goal in goals.items()
    ]
    return sorted(gaps, key=lambda gap: (-gap.size, tool_key(gap.tool)))


def open_gaps(gaps: Iterable[Gap]) -> list[Gap]:
    """Keep the gaps the person has not closed yet, in the given order."""
    return [gap for gap in gaps if gap.is_open]
