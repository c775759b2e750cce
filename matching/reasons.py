"""Plain-language reasons, each with a code and parameters the app can translate."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.person import Person

__all__ = [
    "AUDIENCES",
    "Reason",
    "describe",
    "common_labels",
    "hours_reason",
    "join_words",
    "pair_reasons",
    "shared_terms",
]

Param = str | int

#: Who reads a pair's reasons: the mentee ("you want"), the mentor ("you offer", "they
#: want") or the staff who run the matching ("wants to learn", about both people).
AUDIENCES = ("mentee", "mentor", "staff")

# English sentences per code and audience; codes missing here read the same for everyone.
_SENTENCES: dict[str, dict[str, str]] = {
    "skill": {
        "mentee": "offers {skill} ({offered}), which you want to learn ({wanted})",
        "mentor": "you offer {skill} ({offered}), which they want to learn ({wanted})",
        "staff": "wants to learn {skill} ({wanted}), offered at {offered}",
    },
    "partial_skill": {
        "mentee": "offers {skill} ({offered}), below the level you want ({wanted})",
        "mentor": "you offer {skill} ({offered}), below the level they want ({wanted})",
        "staff": "wants to learn {skill} ({wanted}), offered only at {offered}",
    },
    "terms": {
        "mentee": "your descriptions both mention {terms}",
        "mentor": "your descriptions both mention {terms}",
        "staff": "their descriptions both mention {terms}",
    },
}


@dataclass(frozen=True)
class Reason:
    """One reason, as English text and as a code with parameters.

    Attributes
    ----------
    code : str
        Stable key, e.g. ``"language"``, ``"skill"``, ``"hours"``.
    params : Mapping[str, str | int]
        Values to put into a translated sentence.
    text : str
        The English sentence.
    """

    code: str
    params: Mapping[str, Param] = field(default_factory=lambda: MappingProxyType({}))
    text: str = ""


def _check_audience(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, got {audience!r}")


def describe(reason: Reason, audience: str = "mentee") -> str:
    """Return the reason as an English sentence for ``audience`` (one of `AUDIENCES`).

    Parameters
    ----------
    reason : Reason
    audience : {"mentee", "mentor", "staff"}
        Who reads it: the person matched, their mentor, or a coordinator.
    """
    _check_audience(audience)
    sentence = _SENTENCES.get(reason.code, {}).get(audience)
    if sentence is None:
        return reason.text
    params = dict(reason.params)
    if reason.code == "terms":
        params["terms"] = join_words(str(params["terms"]).split(", "))
    return sentence.format(**params)


def _worded(code: str, params: dict[str, Param], audience: str) -> Reason:
    frozen = MappingProxyType(params)
    return Reason(code, frozen, describe(Reason(code, frozen), audience))


def join_words(words: list[str]) -> str:
    """Join ``["a", "b", "c"]`` as ``"a, b and c"``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@lru_cache(maxsize=1 << 16)
def _keyed(labels: frozenset[str]) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """Return the case-folded keys of ``labels`` and (label, key) pairs; cached per set."""
    pairs = tuple((v, " ".join(v.split()).casefold()) for v in labels)
    return frozenset(k for _, k in pairs), pairs


def common_labels(first: Collection[str], *others: Collection[str]) -> list[str]:
    """Return labels of ``first`` present in all ``others`` (case-insensitive), sorted."""
    # People's labels are frozensets, so the keys are computed once per distinct set.
    keys, pairs = _keyed(frozenset(first))
    common = keys.intersection(*(_keyed(frozenset(other))[0] for other in others))
    if not common:
        return []
    return sorted({v for v, k in pairs if k in common}, key=str.casefold)


def shared_terms(common: sp.csr_matrix, names: NDArray[np.str_], limit: int = 3) -> list[list[str]]:
    """Return, for each pair, the terms that add most to its TF-IDF similarity.

    Parameters
    ----------
    common : csr_matrix of shape (n_pairs, n_terms)
        Element-wise products of the two people's TF-IDF rows.
    names : ndarray of shape (n_terms,)
    limit : int
        Terms kept per pair, largest product first (ties in column order).

    Returns
    -------
    list of list of str
        One list per row of ``common``.
    """
    sizes = np.diff(common.indptr)
    row = np.repeat(np.arange(len(sizes)), sizes)
    # Stable: by pair, then by weight, largest first; ties keep their order in the row.
    order = np.lexsort((-common.data, row))
    keep = order[np.arange(len(order)) - common.indptr[row] < limit]
    words: list[str] = names[common.indices[keep]].tolist()
    ends = np.cumsum(np.minimum(sizes, limit)).tolist()
    return [words[start:end] for start, end in zip([0, *ends][:-1], ends, strict=True)]


def _skill_reasons(mentee: Person, mentor: Person, audience: str, limit: int = 3) -> list[Reason]:
    offers = {" ".join(k.split()).casefold(): (k, v) for k, v in mentor.offers.items()}
    full: list[Reason] = []
    partial: list[Reason] = []
    wanted = sorted(mentee.wants.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    for skill, want in wanted:
        found = offers.get(" ".join(skill.split()).casefold())
        if found is None:
            continue
        name, offer = found
        params: dict[str, Param] = {"skill": name, "offered": offer, "wanted": want}
        if offer >= want:
            full.append(_worded("skill", params, audience))
        else:
            partial.append(_worded("partial_skill", params, audience))
    return (full + partial)[:limit]


def _labels_reason(code: str, labels: list[str], text: str) -> list[Reason]:
    if not labels:
        return []
    shown = labels[:3]
    params: dict[str, Param] = {code: ", ".join(shown)}
    return [Reason(code, MappingProxyType(params), text + join_words(shown))]


def hours_reason(hours: int) -> Reason:
    """Return the reason for ``hours`` common weekly hours."""
    unit = "hour" if hours == 1 else "hours"
    return Reason("hours", MappingProxyType({"hours": hours}), f"{hours} {unit} a week in common")


def pair_reasons(
    mentee: Person,
    mentor: Person,
    common_hours: int,
    terms: list[str],
    audience: str = "mentee",
) -> list[Reason]:
    """Explain a mentee-mentor pair from what contributed to its score.

    Parameters
    ----------
    mentee, mentor : Person
    common_hours : int
        Weekly hours both are available.
    terms : list of str
        Words their texts share (`shared_terms`).
    audience : {"mentee", "mentor", "staff"}
        Whom the English ``text`` of each reason addresses; `describe` words a reason
        for another reader.
    """
    _check_audience(audience)
    reasons = _skill_reasons(mentee, mentor, audience)
    languages = common_labels(mentee.languages, mentor.languages)
    reasons += _labels_reason("languages", languages, "both speak ")
    if common_hours > 0:
        reasons.append(hours_reason(common_hours))
    goals = common_labels(mentee.goals, mentor.goals)
    reasons += _labels_reason("goals", goals, "shared goals: ")
    reasons += _labels_reason(
        "interests", common_labels(mentee.interests, mentor.interests), "shared interests: "
    )
    if terms:
        shown: dict[str, Param] = {"terms": ", ".join(terms[:3])}
        reasons.append(_worded("terms", shown, audience))
    if mentee.municipality is not None and mentee.municipality == mentor.municipality:
        place: dict[str, Param] = {"municipality": mentee.municipality}
        reasons.append(Reason("place", MappingProxyType(place), f"both in {mentee.municipality}"))
    return reasons
