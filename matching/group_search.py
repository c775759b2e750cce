"""Form groups in one chunk: greedy seeding, then local search by moves and swaps.

The local search maximises the sum of the groups' mean pairwise scores while
a large penalty per isolated member (the only one of their value of a
balanced attribute) makes removing isolation come first.  Every move and swap
keeps all hard rules: sizes, a common language, enough common hours and no
excluded pair.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matching.group_state import Chunk, GroupState, overlaps, popcount

__all__ = ["compatible", "improve", "seed_groups"]


def compatible(chunk: Chunk) -> NDArray[np.bool_]:
    """Return (c, c) True where two people may share a group."""
    hours = popcount(chunk.hours[:, None, :] & chunk.hours[None, :, :])
    shared = overlaps(chunk.languages[:, None, :] & chunk.languages[None, :, :])
    return np.asarray((hours >= chunk.min_hours) & shared & ~chunk.excluded)


def _grow(chunk: Chunk, seed: int, free: NDArray[np.bool_], target: int) -> list[int]:
    """Grow a group from ``seed`` by the free person closest to it, keeping it feasible."""
    group = [seed]
    hours, languages = chunk.hours[seed].copy(), chunk.languages[seed].copy()
    gain = chunk.score[seed].copy()
    open_ = free.copy()
    open_[seed] = False
    while len(group) < target:
        ok = open_ & ~chunk.excluded[group].any(axis=0)
        ok &= popcount(chunk.hours & hours) >= chunk.min_hours
        ok &= overlaps(chunk.languages & languages)
        if not ok.any():
            break
        j = int(np.flatnonzero(ok)[np.argmax(gain[ok])])
        group.append(j)
        open_[j] = False
        hours &= chunk.hours[j]
        languages &= chunk.languages[j]
        gain += chunk.score[j]
    return group


def seed_groups(chunk: Chunk, rng: np.random.Generator) -> tuple[GroupState, list[int]]:
    """Build feasible groups greedily, hardest-to-place people first.

    Returns
    -------
    state : GroupState
    left : list of int
        People placed in no group.
    """
    degree = compatible(chunk).sum(axis=1)
    order = np.lexsort((rng.permutation(chunk.size), degree))
    target = (chunk.min_size + chunk.max_size + 1) // 2
    free = np.ones(chunk.size, dtype=bool)
    groups: list[list[int]] = []
    for seed in order.tolist():
        if not free[seed]:
            continue
        group = _grow(chunk, seed, free, target)
        if len(group) >= chunk.min_size:
            groups.append(group)
            free[group] = False
    state = GroupState(chunk, groups)
    left = [i for i in order.tolist() if free[i]]
    return state, [i for i in left if not insert(state, i)]


def insert(state: GroupState, i: int) -> bool:
    """Put ``i`` in the feasible group with room that gains most; False if none."""
    chunk = state.chunk
    ok = state.size < chunk.max_size
    ok &= popcount(state.hours & chunk.hours[i]) >= chunk.min_hours
    ok &= overlaps(state.languages & chunk.languages[i])
    for g in np.flatnonzero(ok).tolist():
        if chunk.excluded[i, state.members[g]].any():
            ok[g] = False
    if not ok.any():
        return False
    gain = np.where(ok, state.to_group[i] / np.maximum(state.size, 1), -np.inf)
    state.add(i, int(np.argmax(gain)))
    return True


# Smallest gain that counts as an improvement.
_EPSILON = 1e-9


Candidates = tuple[NDArray[np.intp], NDArray[np.float64]]


def _feasible_moves(state: GroupState, i: int, groups: NDArray[np.intp]) -> NDArray[np.intp]:
    """Keep the ``groups`` ``i`` may move to: room, hours, language (exclusions later)."""
    chunk, g = state.chunk, int(state.group_of[i])
    groups = groups[(state.size[groups] < chunk.max_size) & (groups != g)]
    ok = popcount(state.hours[groups] & chunk.hours[i]) >= chunk.min_hours
    ok &= overlaps(state.languages[groups] & chunk.languages[i])
    return groups[ok]


def _move_gains(state: GroupState, i: int, penalty: float) -> Candidates:
    """Return the groups ``i`` may move to with a gain above zero, and those gains."""
    chunk, g = state.chunk, int(state.group_of[i])
    size, mean_weight = state.size, state.mean_weight
    if size[g] <= chunk.min_size:  # i's group cannot shrink: no move, skip the gains
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    weight_in, weight = mean_weight[size + 1], mean_weight[size]
    gain = (state.pair_sum + state.to_group[i]) * weight_in - state.pair_sum * weight
    g_after = (state.pair_sum[g] - state.to_group[i, g]) * mean_weight[size[g] - 1]
    gain += g_after - state.pair_sum[g] * weight[g]
    for a, value in enumerate(chunk.attributes[i].tolist()):
        gain -= penalty * (state.iso_join[a][:, value] + state.iso_leave[a][g, value])
    found = _feasible_moves(state, i, np.flatnonzero(gain > _EPSILON))
    return found, gain[found]


def _swap_gains(state: GroupState, i: int, penalty: float) -> Candidates:
    """Return the people ``i`` may swap with for a gain above zero, and those gains.

    Gains come first, over everyone, from the maintained per-group sums and
    isolation tables; the hours and language rules are checked only for the
    few people whose swap would gain.
    """
    chunk, g = state.chunk, int(state.group_of[i])
    h = state.group_of
    hs = np.maximum(h, 0)
    s_ij = chunk.score[i]
    weight = state.mean_weight[state.size]
    to_group = state.to_group
    gain = (to_group[:, g] - to_group[i, g] - s_ij) * weight[g]
    gain += (to_group[i][hs] - to_group[state.everyone, hs] - s_ij) * weight[hs]
    for a, vi in enumerate(chunk.attributes[i].tolist()):
        vj = state.values[a]
        join, leave = state.iso_join[a], state.iso_leave[a]
        iso = leave[g, vi] + join[g, vj] + leave[hs, vj] + join[hs, vi]
        gain -= penalty * np.where(vj == vi, 0, iso)
    found = np.flatnonzero((gain > _EPSILON) & (h >= 0) & (h != g))
    if len(found):
        ok = popcount(state.hours_without[i] & chunk.hours[found]) >= chunk.min_hours
        ok &= overlaps(state.languages_without[i] & chunk.languages[found])
        ok &= popcount(state.hours_without[found] & chunk.hours[i]) >= chunk.min_hours
        ok &= overlaps(state.languages_without[found] & chunk.languages[i])
        found = found[ok]
    return found, gain[found]


def _allowed(state: GroupState, i: int, target: int, j: int | None) -> bool:
    """Check exclusions for i joining ``target`` (and j joining i's group)."""
    excluded, g = state.chunk.excluded, int(state.group_of[i])
    others = [k for k in state.members[target] if k != j]
    if excluded[i, others].any():
        return False
    return j is None or not excluded[j, [k for k in state.members[g] if k != i]].any()


def _best_step(state: GroupState, i: int, penalty: float) -> bool:
    """Apply the best improving move or swap for ``i``; return whether one was applied.

    Ties go to the move, then to the lowest group or person; a step that an
    exclusion forbids is dropped and the next best tried, eight at most.
    """
    (groups, moves), (people, swaps) = (
        _move_gains(state, i, penalty),
        _swap_gains(state, i, penalty),
    )
    for _ in range(8):
        best_move = int(np.argmax(moves)) if len(moves) else -1
        best_swap = int(np.argmax(swaps)) if len(swaps) else -1
        move = moves[best_move] if best_move >= 0 else -np.inf
        swap = swaps[best_swap] if best_swap >= 0 else -np.inf
        if max(move, swap) <= _EPSILON:
            return False
        if move >= swap:
            if _allowed(state, i, int(groups[best_move]), None):
                state.move(i, int(groups[best_move]))
                return True
            moves[best_move] = -np.inf
        else:
            j = int(people[best_swap])
            if _allowed(state, i, int(state.group_of[j]), j):
                state.swap(i, j)
                return True
            swaps[best_swap] = -np.inf
    return False


def improve(state: GroupState, rng: np.random.Generator, max_iter: int) -> int:
    """Run local search sweeps until none improves; return the number of sweeps.

    The first sweep visits everyone; later ones only the members of groups
    that changed in the sweep before, where new improving steps appear.
    """
    penalty = 2.0 * (len(state.size) + 1)
    visit = np.arange(state.chunk.size)
    for sweep in range(max_iter):
        changed: set[int] = set()
        for i in rng.permutation(visit).tolist():
            if state.group_of[i] >= 0 and len(state.size) > 1:
                before = int(state.group_of[i])
                if _best_step(state, i, penalty):
                    changed.update((before, int(state.group_of[i])))
        if not changed:
            return sweep + 1
        visit = np.flatnonzero(np.isin(state.group_of, list(changed)))
    return max_iter
