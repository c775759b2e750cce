"""Place people left over after the search: insert, make room, or form new groups.

A left-over person first joins a compatible group with room; failing that, a
member of a compatible full group moves to another group with room to make
space; failing that, left-over people form new groups together, taking
members from groups larger than the minimum.  Every step keeps the hard
rules: sizes, a common language, enough common hours, no excluded pair.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matching.group_layout import Layout
from matching.group_state import overlaps, popcount

__all__ = ["place_leftovers"]


class _Groups:
    """Groups in global indices with their common-hours and language masks."""

    def __init__(self, layout: Layout, groups: list[list[int]]) -> None:
        self.layout, self.members = layout, groups
        full = np.uint64(np.iinfo(np.uint64).max)
        self.hours = np.stack(
            [np.bitwise_and.reduce(layout.hours[g], axis=0, initial=full) for g in groups]
        )
        self.languages = np.stack(
            [np.bitwise_and.reduce(layout.languages[g], axis=0, initial=full) for g in groups]
        )
        self.size = np.array([len(g) for g in groups], dtype=np.int64)

    def refresh(self, g: int) -> None:
        full = np.uint64(np.iinfo(np.uint64).max)
        members = self.members[g]
        self.hours[g] = np.bitwise_and.reduce(self.layout.hours[members], axis=0, initial=full)
        self.languages[g] = np.bitwise_and.reduce(
            self.layout.languages[members], axis=0, initial=full
        )
        self.size[g] = len(members)

    def fits(self, i: int) -> NDArray[np.bool_]:
        """Return (G,) True where ``i`` could join the group's members (ignoring room)."""
        layout = self.layout
        ok = popcount(self.hours & layout.hours[i]) >= layout.config.min_common_hours
        ok &= overlaps(self.languages & layout.languages[i])
        for j in layout.excluded.get(i, np.array([], dtype=np.intp)).tolist():
            ok[[g for g, m in enumerate(self.members) if j in m]] = False
        return np.asarray(ok)

    def add(self, i: int, g: int) -> None:
        self.members[g].append(i)
        self.refresh(g)

    def remove(self, i: int, g: int) -> None:
        self.members[g].remove(i)
        self.refresh(g)


def _best_group(layout: Layout, state: _Groups, i: int, ok: NDArray[np.bool_]) -> int:
    """Return the group among ``ok`` whose members ``i`` scores best with on average."""
    choices = np.flatnonzero(ok)
    members = [state.members[g] for g in choices.tolist()]
    flat = np.array([j for m in members for j in m], dtype=np.intp)
    row = layout.scorer.block(np.array([i], dtype=np.intp), flat)[0].astype(np.float64)
    starts = np.concatenate(([0], np.cumsum([len(m) for m in members])[:-1]))
    mean = np.add.reduceat(row, starts) / np.array([len(m) for m in members])
    return int(choices[int(np.argmax(mean))])


def _make_room(state: _Groups, i: int, fits: NDArray[np.bool_]) -> bool:
    """Move a member of a full group ``i`` fits into to a group with room; add ``i``."""
    layout = state.layout
    room = state.size < layout.max_size
    for g in np.flatnonzero(fits & ~room).tolist():
        for x in list(state.members[g]):
            target = state.fits(x) & room
            target[g] = False
            if target.any():
                state.remove(x, g)
                state.add(x, _best_group(layout, state, x, target))
                state.add(i, g)
                return True
    return False


def _new_group(layout: Layout, state: _Groups | None, seed: int, left: list[int]) -> list[int]:
    """Grow a group of ``min_size`` from ``seed``, left-over people first, then donors.

    Donors are members of groups above the minimum size; they leave their
    group only when the new group is complete.  Returns [] when none forms.
    """
    donors = []
    if state is not None:
        donors = [
            (x, g)
            for g, members in enumerate(state.members)
            if state.size[g] > layout.min_size
            for x in members
        ]
    group, given = [seed], dict[int, int]()
    hours, languages = layout.hours[seed].copy(), layout.languages[seed].copy()
    for x, g in [(x, -1) for x in left] + donors:
        if len(group) == layout.min_size:
            break
        if g >= 0 and state is not None and state.size[g] - given.get(g, 0) <= layout.min_size:
            continue
        if popcount(hours & layout.hours[x]) < layout.config.min_common_hours:
            continue
        if not (languages & layout.languages[x]).any():
            continue
        if np.isin(group, layout.excluded.get(x, np.array([], dtype=np.intp))).any():
            continue
        group.append(x)
        hours &= layout.hours[x]
        languages &= layout.languages[x]
        if g >= 0:
            given[g] = given.get(g, 0) + 1
    if len(group) < layout.min_size:
        return []
    if state is not None:
        for x, g in donors:
            if x in group:
                state.remove(x, g)
    return group


def place_leftovers(layout: Layout, groups: list[list[int]], left: list[int]) -> list[int]:
    """Place left-over people where the rules allow; update ``groups``; return who is left."""
    if not left:
        return left
    still: list[int] = []
    if groups:
        placed = _Groups(layout, groups)
        for i in left:
            fits = placed.fits(i)
            room = fits & (placed.size < layout.max_size)
            if room.any():
                placed.add(i, _best_group(layout, placed, i, room))
            elif not _make_room(placed, i, fits):
                still.append(i)
    else:
        still = list(left)
    unplaced: list[int] = []
    while still:
        seed, still = still[0], still[1:]
        state = _Groups(layout, groups) if groups else None
        group = _new_group(layout, state, seed, still)
        if not group:
            unplaced.append(seed)
            continue
        groups.append(group)
        still = [x for x in still if x not in group]
    return unplaced
