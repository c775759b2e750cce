"""Groups of one chunk of people as arrays, updated in place by moves and swaps."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

__all__ = ["Chunk", "GroupState", "overlaps", "pack_rows", "popcount"]

Words = NDArray[np.uint64]


def pack_rows(bits: NDArray[np.bool_]) -> Words:
    """Pack (n, d) booleans into (n, ceil(d / 64)) uint64 words."""
    n, d = bits.shape
    width = max(1, -(-d // 64))
    padded = np.zeros((n, width * 64), dtype=bool)
    padded[:, :d] = bits
    packed = np.packbits(padded, axis=1, bitorder="little")
    return np.ascontiguousarray(packed).view(np.uint64).reshape(n, width)


def popcount(words: Words) -> NDArray[np.int64]:
    """Count set bits over the last axis.

    Word by word: numpy's reduction over a last axis of a few words is several
    times slower than adding the words' columns.
    """
    bits = np.bitwise_count(words)
    counts: NDArray[np.int64] = bits[..., 0].astype(np.int64)
    for k in range(1, words.shape[-1]):
        counts += bits[..., k]
    return counts


def overlaps(words: Words) -> NDArray[np.bool_]:
    """Return True where any bit is set over the last axis (word by word, as `popcount`)."""
    found: NDArray[np.bool_] = words[..., 0] != 0
    for k in range(1, words.shape[-1]):
        found |= words[..., k] != 0
    return found


@cache
def _alone(k: int) -> NDArray[np.bool_]:
    """Return the (k, k, 1) diagonal that blanks each member's own row of a (k, k, w) stack."""
    return np.eye(k, dtype=bool)[:, :, None]


@dataclass(frozen=True)
class Chunk:
    """People of one chunk, in local indices 0..c-1.

    Attributes
    ----------
    score : ndarray of shape (c, c), float64
        Symmetric peer scores, 0 on the diagonal.
    hours, languages : ndarray of shape (c, w), uint64
        Packed availability and language bits.
    attributes : ndarray of shape (c, a), int64
        Value code per balanced attribute, -1 when not given.
    n_values : tuple of int
        Number of value codes per balanced attribute.
    excluded : ndarray of shape (c, c), bool
        True where two people must not share a group (diagonal included).
    min_hours, min_size, max_size : int
    """

    score: NDArray[np.float64]
    hours: Words
    languages: Words
    attributes: NDArray[np.int64]
    n_values: tuple[int, ...]
    excluded: NDArray[np.bool_]
    min_hours: int
    min_size: int
    max_size: int

    @property
    def size(self) -> int:
        """Number of people."""
        return len(self.score)


class GroupState:
    """Membership, score sums and constraint masks of the groups of a chunk.

    Parameters
    ----------
    chunk : Chunk
    groups : list of list of int
        Initial groups (local indices).
    """

    def __init__(self, chunk: Chunk, groups: list[list[int]]) -> None:
        self.chunk = chunk
        self.members = [list(g) for g in groups]
        c, n_groups = chunk.size, len(groups)
        self.group_of = np.full(c, -1, dtype=np.int64)
        for g, members in enumerate(self.members):
            self.group_of[members] = g
        onehot = np.zeros((c, n_groups))
        placed = self.group_of >= 0
        onehot[np.flatnonzero(placed), self.group_of[placed]] = 1.0
        # Column-major: a search step reads and updates whole groups' columns.
        self.to_group = np.asfortranarray(chunk.score @ onehot)
        self.everyone = np.arange(c)
        # Each balanced attribute's codes as a contiguous column, for gathers over everyone.
        self.values = [
            np.ascontiguousarray(chunk.attributes[:, a]) for a in range(len(chunk.n_values))
        ]
        # Weight of a group's pair sum in its mean, by group size (0 to max_size + 1).
        sizes = np.arange(chunk.max_size + 2)
        self.mean_weight = 2.0 / np.maximum(sizes * (sizes - 1), 1)
        self.size = onehot.sum(axis=0).astype(np.int64)
        self.pair_sum = 0.5 * (onehot * self.to_group).sum(axis=0)
        self.counts = [np.zeros((n_groups, max(v, 1)), dtype=np.int64) for v in chunk.n_values]
        # Change in isolated members when one person of a value joins (leaves) a group,
        # per group and value; the last column, which value -1 (not given) indexes, stays 0.
        self.iso_join = [np.zeros((n_groups, c.shape[1] + 1), dtype=np.int64) for c in self.counts]
        self.iso_leave = [np.zeros_like(t) for t in self.iso_join]
        self.hours = np.zeros((n_groups, chunk.hours.shape[1]), dtype=np.uint64)
        self.languages = np.zeros((n_groups, chunk.languages.shape[1]), dtype=np.uint64)
        self.hours_without = np.zeros_like(chunk.hours)
        self.languages_without = np.zeros_like(chunk.languages)
        for g in range(n_groups):
            self._refresh(g)

    def _refresh(self, g: int) -> None:
        """Recompute the masks and attribute counts of group ``g`` from its members."""
        chunk, members = self.chunk, self.members[g]
        full = np.uint64(np.iinfo(np.uint64).max)
        self.hours[g] = np.bitwise_and.reduce(chunk.hours[members], axis=0, initial=full)
        self.languages[g] = np.bitwise_and.reduce(chunk.languages[members], axis=0, initial=full)
        if members:
            # Everyone's mask without them at once: their own row set to all ones.
            alone = _alone(len(members))
            for rows, without in (
                (chunk.hours[members], self.hours_without),
                (chunk.languages[members], self.languages_without),
            ):
                others = np.where(alone, full, rows[None, :, :])
                without[members] = np.bitwise_and.reduce(others, axis=1)
        for a, counts in enumerate(self.counts):
            values = chunk.attributes[members, a]
            counts[g] = np.bincount(values[values >= 0], minlength=counts.shape[1])
            row = counts[g]
            self.iso_join[a][g, :-1] = (row == 0).astype(np.int64) - (row == 1)
            self.iso_leave[a][g, :-1] = (row == 2).astype(np.int64) - (row == 1)

    def isolated(self) -> int:
        """Return how many (member, attribute) pairs are alone with their value."""
        return int(sum(int((counts == 1).sum()) for counts in self.counts))

    def means(self) -> NDArray[np.float64]:
        """Return each group's mean pairwise score, shape (n_groups,)."""
        pairs = np.maximum(self.size * (self.size - 1) / 2, 1)
        return np.asarray(self.pair_sum / pairs, dtype=np.float64)

    def _transfer(self, i: int, h: int) -> int:
        """Move member ``i`` to group ``h`` without refreshing masks; return the old group."""
        g = int(self.group_of[i])
        column = self.chunk.score[:, i]
        self.pair_sum[g] -= self.to_group[i, g]
        self.to_group[:, g] -= column
        self.members[g].remove(i)
        self.size[g] -= 1
        self.pair_sum[h] += self.to_group[i, h]
        self.to_group[:, h] += column
        self.members[h].append(i)
        self.size[h] += 1
        self.group_of[i] = h
        return g

    def move(self, i: int, h: int) -> None:
        """Move member ``i`` to group ``h``."""
        g = self._transfer(i, h)
        self._refresh(g)
        self._refresh(h)

    def add(self, i: int, h: int) -> None:
        """Add the unplaced person ``i`` to group ``h``."""
        self.pair_sum[h] += self.to_group[i, h]
        self.to_group[:, h] += self.chunk.score[:, i]
        self.members[h].append(i)
        self.size[h] += 1
        self.group_of[i] = h
        self._refresh(h)

    def swap(self, i: int, j: int) -> None:
        """Exchange members ``i`` and ``j`` of two groups (each group's masks refreshed once)."""
        g, h = int(self.group_of[i]), int(self.group_of[j])
        self._transfer(i, h)
        self._transfer(j, g)
        self._refresh(g)
        self._refresh(h)
