"""Everyone's constraint data for group formation, chunking of large cohorts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.utils.extmath import randomized_svd

from matching.config import MatchConfig
from matching.group_state import Chunk, overlaps, pack_rows, popcount
from matching.peers import PeerScorer
from matching.person import Person
from matching.scoring import excluded_pairs

__all__ = ["CHUNK_SIZE", "Layout", "split_chunks"]

# Largest number of people whose dense score matrix one local search holds.
CHUNK_SIZE = 1000


class Layout:
    """Packed hours, languages, attribute codes and exclusions of all n people.

    Parameters
    ----------
    people : Sequence[Person]
    scorer : PeerScorer
    config : MatchConfig
    min_size, max_size : int
    """

    def __init__(
        self,
        people: Sequence[Person],
        scorer: PeerScorer,
        config: MatchConfig,
        min_size: int,
        max_size: int,
    ) -> None:
        self.people, self.scorer, self.config = people, scorer, config
        self.min_size, self.max_size = min_size, max_size
        features = scorer.features
        self.hours = pack_rows(features.hours > 0)
        self.languages = pack_rows(features.languages.toarray() > 0)
        vocabulary = scorer.space.languages_
        self.language_names = sorted(vocabulary, key=lambda name: vocabulary[name])
        codes: list[NDArray[np.int64]] = []
        self.n_values: list[int] = []
        for name in config.balance_attributes:
            values = sorted({p.attributes[name] for p in people if name in p.attributes})
            index = {v: k for k, v in enumerate(values)}
            codes.append(np.array([index.get(p.attributes.get(name, ""), -1) for p in people]))
            self.n_values.append(len(values))
        n = len(people)
        self.attributes = np.stack(codes, axis=1) if codes else np.zeros((n, 0), dtype=np.int64)
        self.excluded = excluded_pairs(people, people)

    def chunk(self, ids: NDArray[np.intp]) -> Chunk:
        """Return the data of people ``ids`` in local indices."""
        score = self.scorer.block(ids, ids).astype(np.float64)
        score = np.minimum(score, score.T)
        np.fill_diagonal(score, 0.0)
        local = {int(i): k for k, i in enumerate(ids)}
        excluded = np.eye(len(ids), dtype=bool)
        for k, i in enumerate(ids.tolist()):
            for j in self.excluded.get(i, np.array([], dtype=np.intp)).tolist():
                if j in local:
                    excluded[k, local[j]] = excluded[local[j], k] = True
        return Chunk(
            score=score,
            hours=self.hours[ids],
            languages=self.languages[ids],
            attributes=self.attributes[ids],
            n_values=tuple(self.n_values),
            excluded=excluded,
            min_hours=self.config.min_common_hours,
            min_size=self.min_size,
            max_size=self.max_size,
        )

    def common(self, members: list[int]) -> tuple[list[int], str]:
        """Return the common hours and the first common language of a group."""
        hours = np.bitwise_and.reduce(self.hours[members], axis=0)
        bits = np.unpackbits(hours.view(np.uint8), bitorder="little")[:168]
        langs = np.bitwise_and.reduce(self.languages[members], axis=0)
        lbits = np.unpackbits(langs.view(np.uint8), bitorder="little")
        key = self.language_names[int(np.flatnonzero(lbits)[0])]
        names = [lang for lang in self.people[members[0]].languages if lang.casefold() == key]
        return np.flatnonzero(bits).tolist(), (sorted(names) or [key])[0]

    def mean_score(self, members: list[int]) -> float:
        """Return the mean pairwise peer score of a group."""
        return self.mean_scores([members])[0]

    def mean_scores(self, groups: list[list[int]], batch: int = 1500) -> list[float]:
        """Return the mean pairwise peer score of each group, scoring groups in batches."""
        out: list[float] = []
        start = 0
        while start < len(groups):
            stop, size = start, 0
            while stop < len(groups) and (size == 0 or size + len(groups[stop]) <= batch):
                size += len(groups[stop])
                stop += 1
            ids = np.array([i for g in groups[start:stop] for i in g], dtype=np.intp)
            score = self.scorer.block(ids, ids).astype(np.float64)
            score = np.minimum(score, score.T)
            offset = 0
            for g in groups[start:stop]:
                k = len(g)
                sub = score[offset : offset + k, offset : offset + k]
                out.append(float((sub.sum() - np.trace(sub)) / (k * (k - 1))))
                offset += k
            start = stop
        return out

    def compatible_counts(self, i: int) -> tuple[int, int, int]:
        """Return how many others share a language, also enough hours, also no exclusion."""
        shared = overlaps(self.languages & self.languages[i])
        shared[i] = False
        hours = shared & (popcount(self.hours & self.hours[i]) >= self.config.min_common_hours)
        allowed = hours.copy()
        allowed[self.excluded.get(i, np.array([], dtype=np.intp))] = False
        return int(shared.sum()), int(hours.sum()), int(allowed.sum())


def _embedding(layout: Layout) -> NDArray[np.float64]:
    """Return a dense low-rank embedding of everyone, for splitting into chunks."""
    f, scorer = layout.scorer.features, layout.scorer
    hours = sp.csr_matrix(f.hours / np.maximum(np.linalg.norm(f.hours, axis=1), 1)[:, None])
    blocks = [scorer.wants_rows(), f.goals, f.interests, f.text, 2.0 * f.languages, hours]
    matrix = sp.hstack(blocks, format="csr").astype(np.float64)
    k = max(1, min(16, min(matrix.shape) - 1))
    u, s, _ = randomized_svd(matrix, k, random_state=layout.config.random_state)
    return np.asarray(u * s, dtype=np.float64)


def split_chunks(layout: Layout) -> list[NDArray[np.intp]]:
    """Split everyone into chunks of at most `CHUNK_SIZE` similar people.

    Chunks are halved recursively along the main direction of variation of an
    embedding in which languages weigh double, so that people who can share a
    group mostly land in the same chunk.
    """
    n = len(layout.people)
    if n <= CHUNK_SIZE:
        return [np.arange(n, dtype=np.intp)]
    points = _embedding(layout)
    out: list[NDArray[np.intp]] = []
    todo = [np.arange(n, dtype=np.intp)]
    while todo:
        ids = todo.pop()
        if len(ids) <= CHUNK_SIZE:
            out.append(ids)
            continue
        centred = points[ids] - points[ids].mean(axis=0)
        # Main direction: top eigenvector of the small (k, k) scatter matrix.
        direction = np.linalg.eigh(centred.T @ centred)[1][:, -1]
        order = np.argsort(centred @ direction, kind="stable")
        half = len(ids) // 2
        todo += [np.sort(ids[order[:half]]), np.sort(ids[order[half:]])]
    return sorted(out, key=lambda ids: int(ids[0]))
