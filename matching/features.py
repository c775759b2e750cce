"""Vectorise people: labels as sparse rows, hours as 0/1 rows, text as TF-IDF."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.person import HOURS_PER_WEEK, MAX_LEVEL, Person
from matching.stopwords import STOP_WORDS

__all__ = ["Cross", "FeatureSpace", "Features", "cross", "level_kernel_pairs", "level_kernel_peers"]

Matrix: TypeAlias = sp.csr_matrix
# Above this many entries the column side of a product stays sparse.
_DENSE_LIMIT = 40_000_000


def level_kernel_pairs() -> NDArray[np.float32]:
    """Return the credit of a mentor's level for a wanted level.

    Returns
    -------
    ndarray of shape (5, 5)
        ``k[w - 1, o - 1]``: 1 when the offered level ``o`` reaches the wanted
        level ``w``, else half the fraction ``o / w``.
    """
    w = np.arange(1, MAX_LEVEL + 1, dtype=np.float32)[:, None]
    o = np.arange(1, MAX_LEVEL + 1, dtype=np.float32)[None, :]
    return np.where(o >= w, 1.0, 0.5 * o / w).astype(np.float32)


def level_kernel_peers() -> NDArray[np.float32]:
    """Return the similarity of two wanted levels, 1 when equal, 0 at distance 4.

    Returns
    -------
    ndarray of shape (5, 5)
    """
    lv = np.arange(MAX_LEVEL, dtype=np.float32)
    distance: NDArray[np.float32] = np.abs(lv[:, None] - lv[None, :])
    return np.asarray(1.0 - distance / (MAX_LEVEL - 1), dtype=np.float32)


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def _vocabulary(values: Iterable[Iterable[str]]) -> dict[str, int]:
    keys = sorted({_key(v) for labels in values for v in labels})
    return {k: i for i, k in enumerate(keys)}


def _labels_matrix(rows: Sequence[Iterable[str]], vocab: Mapping[str, int]) -> Matrix:
    indptr, indices = [0], []
    for labels in rows:
        cols = sorted({vocab[_key(v)] for v in labels if _key(v) in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def _l2_rows(matrix: Matrix) -> Matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ matrix, dtype=np.float32)


def _levels_matrix(
    rows: Sequence[Mapping[str, int]], vocab: Mapping[str, int], kernel: NDArray[np.float32] | None
) -> Matrix:
    """Encode levels as (n, 5 * n_skills): one-hot, or a kernel row per skill."""
    indptr, indices, data = [0], [], []
    for levels in rows:
        for skill, level in sorted(levels.items()):
            col = vocab.get(_key(skill))
            if col is None:
                continue
            if kernel is None:
                indices.append(col * MAX_LEVEL + level - 1)
                data.append(1.0)
                continue
            for lv in range(MAX_LEVEL):
                if kernel[lv, level - 1] > 0:
                    indices.append(col * MAX_LEVEL + lv)
                    data.append(float(kernel[lv, level - 1]))
        indptr.append(len(indices))
    shape = (len(rows), MAX_LEVEL * len(vocab))
    return sp.csr_matrix((np.asarray(data, dtype=np.float32), indices, indptr), shape=shape)


@dataclass(frozen=True)
class Features:
    """The vectors of one list of people (n people).

    Attributes
    ----------
    languages, goals, interests : csr_matrix of shape (n, n_labels)
        0/1 rows for languages; L2-normalised rows for goals and interests.
    text : csr_matrix of shape (n, n_terms)
        L2-normalised TF-IDF rows.
    hours : ndarray of shape (n, 168), float32
        1 where the person is available.
    municipality : ndarray of shape (n,), int64
        Code of the municipality, -1 if unknown.
    remote_ok : ndarray of shape (n,), bool
    n_wants : ndarray of shape (n,), float32
        Number of wanted skills.
    """

    languages: Matrix
    goals: Matrix
    interests: Matrix
    text: Matrix
    hours: NDArray[np.float32]
    municipality: NDArray[np.int64]
    remote_ok: NDArray[np.bool_]
    n_wants: NDArray[np.float32]


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


class FeatureSpace:
    """Shared vocabularies and TF-IDF model, fitted on everyone in one call.

    Takes no parameters; ``fit`` learns the vocabularies (attributes ending in ``_``), as in
    scikit-learn.
    """

    def fit(self, people: Sequence[Person]) -> FeatureSpace:
        """Learn the vocabularies and the text model.

        Parameters
        ----------
        people : Sequence[Person]
            Everyone who will be vectorised (both sides of a matching).

        Returns
        -------
        self : FeatureSpace
        """
        self.languages_ = _vocabulary(p.languages for p in people)
        self.goals_ = _vocabulary(p.goals for p in people)
        self.interests_ = _vocabulary(p.interests for p in people)
        self.skills_ = _vocabulary(list(p.offers) + list(p.wants) for p in people)
        names = sorted({p.municipality for p in people if p.municipality is not None})
        self.municipalities_ = {name: i for i, name in enumerate(names)}
        self.tfidf_: TfidfVectorizer | None = None
        texts = [p.text for p in people]
        if any(t.strip() for t in texts):
            # Accents kept: in Swedish and Finnish "ä" is a letter, and the shared words are
            # shown in reasons ("gärna", not "garna"). Composed forms (NFC) make them match.
            tfidf = TfidfVectorizer(
                sublinear_tf=True,
                preprocessor=_normalised,
                stop_words=sorted(STOP_WORDS),
                dtype=np.float32,
            )
            try:
                tfidf.fit(texts)
                self.tfidf_ = tfidf
            except ValueError:  # only stop words or punctuation: no text signal
                self.tfidf_ = None
        return self

    def transform(self, people: Sequence[Person]) -> Features:
        """Vectorise people in this space; see `Features` for shapes."""
        hours = np.zeros((len(people), HOURS_PER_WEEK), dtype=np.float32)
        for i, p in enumerate(people):
            hours[i, list(p.availability)] = 1.0
        if self.tfidf_ is not None:
            text = sp.csr_matrix(self.tfidf_.transform([p.text for p in people]), dtype=np.float32)
        else:
            text = sp.csr_matrix((len(people), 1), dtype=np.float32)
        code = self.municipalities_
        return Features(
            languages=_labels_matrix([p.languages for p in people], self.languages_),
            goals=_l2_rows(_labels_matrix([p.goals for p in people], self.goals_)),
            interests=_l2_rows(_labels_matrix([p.interests for p in people], self.interests_)),
            text=text,
            hours=hours,
            municipality=np.array(
                [-1 if p.municipality is None else code[p.municipality] for p in people],
                dtype=np.int64,
            ),
            remote_ok=np.array([p.remote_ok for p in people], dtype=bool),
            n_wants=np.array([len(p.wants) for p in people], dtype=np.float32),
        )

    def levels(
        self,
        people: Sequence[Person],
        field: Callable[[Person], Mapping[str, int]],
        kernel: NDArray[np.float32] | None = None,
    ) -> Matrix:
        """Encode ``field(person)`` levels as a (n, 5 * n_skills) sparse matrix.

        With ``kernel=None`` each (skill, level) is one-hot; with a (5, 5)
        kernel the row holds ``kernel[:, level - 1]`` for the skill, so that
        ``one_hot @ kernel_rows.T`` sums ``kernel[w - 1, o - 1]`` over shared skills.
        """
        return _levels_matrix([field(p) for p in people], self.skills_, kernel)


class Cross:
    """Products ``rows @ columns.T`` computed block by block.

    Parameters
    ----------
    columns : csr_matrix of shape (m, d)
        The column side, kept dense and transposed when small enough.
    """

    def __init__(self, columns: Matrix) -> None:
        m, d = columns.shape
        self._dense: NDArray[np.float32] | None = None
        self._sparse: sp.csc_matrix | None = None
        if m * d <= _DENSE_LIMIT:
            self._dense = np.ascontiguousarray(columns.T.toarray(), dtype=np.float32)
        else:
            self._sparse = sp.csc_matrix(columns.T, dtype=np.float32)
        self.empty = columns.nnz == 0
        self.m = m

    def __call__(self, rows: Matrix, cols: NDArray[np.intp] | None = None) -> NDArray[np.float32]:
        """Return ``rows @ columns[cols].T`` as a dense float32 array of shape (k, len(cols)).

        ``cols=None`` means every column.  Each entry is summed in the same order
        whichever columns are asked for, so a subset is exactly those columns of the whole.
        """
        width = self.m if cols is None else len(cols)
        if self.empty or rows.nnz == 0:
            return np.zeros((rows.shape[0], width), dtype=np.float32)
        if self._dense is not None:
            dense = self._dense if cols is None else self._dense[:, cols]
            return np.asarray(rows @ dense, dtype=np.float32)
        assert self._sparse is not None
        sparse = self._sparse if cols is None else self._sparse[:, cols]
        return np.asarray((rows @ sparse).toarray(), dtype=np.float32)


def cross(rows: Matrix, columns: Matrix) -> NDArray[np.float32]:
    """Return ``rows @ columns.T`` densely, shape (n, m), float32."""
    return Cross(columns)(rows)
