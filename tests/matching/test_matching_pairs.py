"""Scores, hard constraints and the optimal matching of mentees to mentors."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_factories import make_person, random_people
from scipy.optimize import linear_sum_assignment

from matching import MatchConfig, Person, explain_unmatched, features, match_pairs, score_pairs
from matching.pairs import PairMatcher
from matching.reasons import describe, hours_reason, pair_reasons
from matching.scoring import PairScorer


def test_mentor_who_offers_the_wanted_skill_scores_higher() -> None:
    mentee = make_person("a", wants={"Python": 3})
    good = make_person("m1", offers={"Python": 4})
    weak = make_person("m2", offers={"Python": 1})
    none = make_person("m3", offers={"Excel": 5})
    scores = score_pairs([mentee], [good, weak, none])
    assert scores[0, 0] > scores[0, 1] > scores[0, 2]
    assert np.all((scores >= 0) & (scores <= 1))


@pytest.mark.parametrize(
    ("mentee", "mentor"),
    [
        ({"languages": ["Arabic"]}, {"languages": ["Finnish"]}),
        ({"availability": [1, 2]}, {"availability": [3, 4]}),
        (
            {"remote_ok": False, "municipality": "Malmö"},
            {"municipality": "Lund"},
        ),
        ({"remote_ok": False}, {"municipality": "Lund"}),
        ({"excluded": ["m"]}, {}),
        ({}, {"excluded": ["a"]}),
    ],
    ids=["language", "hours", "in-person", "unknown-place", "excluded", "excluded-by-mentor"],
)
def test_hard_constraint_forbids_the_pair(
    mentee: dict[str, object], mentor: dict[str, object]
) -> None:
    scores = score_pairs([make_person("a", **mentee)], [make_person("m", **mentor)])  # type: ignore[arg-type]
    assert scores[0, 0] == -math.inf
    assert match_pairs([make_person("a", **mentee)], [make_person("m", **mentor)]) == []  # type: ignore[arg-type]


def test_min_common_hours_is_a_threshold() -> None:
    mentee = make_person("a", availability=range(10))
    mentor = make_person("m", availability=range(7, 20))
    assert score_pairs([mentee], [mentor], MatchConfig(min_common_hours=3))[0, 0] >= 0
    assert score_pairs([mentee], [mentor], MatchConfig(min_common_hours=4))[0, 0] == -math.inf


def test_in_person_pair_in_same_municipality_is_allowed() -> None:
    mentee = make_person("a", remote_ok=False, municipality="Malmö")
    mentor = make_person("m", municipality="Malmö")
    assert score_pairs([mentee], [mentor])[0, 0] >= 0


def test_more_matches_beat_a_higher_total_score() -> None:
    # Mentor m1 suits both mentees best, but only b can use m2: the optimum
    # matches a-m1 and b-m2 although b-m1 alone would score more.
    a = make_person("a", wants={"Python": 3}, languages=["Swedish"])
    b = make_person("b", wants={"Python": 3, "Excel": 2}, languages=["Swedish", "Arabic"])
    m1 = make_person("m1", offers={"Python": 5, "Excel": 5}, languages=["Swedish"])
    m2 = make_person("m2", offers={"Teams": 2}, languages=["Arabic"])
    pairs = match_pairs([a, b], [m1, m2])
    assert {(p.mentee_id, p.mentor_id) for p in pairs} == {("a", "m1"), ("b", "m2")}


def test_best_scores_first_may_leave_a_mentee_unmatched() -> None:
    # Only m1 can take a, and poorly; b fits m1 perfectly and m2 barely.
    # "max_matched" pairs both; "max_score" gives b the mentor that suits b
    # best and leaves a unmatched, because b-m1 outscores a-m1 plus b-m2.
    a = make_person("a", wants={"Excel": 5}, availability=[9])
    b = make_person("b", wants={"Python": 3}, languages=["Swedish", "Arabic"])
    m1 = make_person("m1", offers={"Python": 5, "Excel": 1})
    m2 = make_person("m2", offers={"Teams": 2}, languages=["Arabic"], availability=[10])
    scores = score_pairs([a, b], [m1, m2])
    assert scores[1, 0] > scores[0, 0] + scores[1, 1]
    both = match_pairs([a, b], [m1, m2])
    assert {(p.mentee_id, p.mentor_id) for p in both} == {("a", "m1"), ("b", "m2")}
    config = MatchConfig(objective="max_score")
    pairs = match_pairs([a, b], [m1, m2], config)
    assert [(p.mentee_id, p.mentor_id) for p in pairs] == [("b", "m1")]
    assert explain_unmatched([a, b], [m1, m2], pairs, config) == [
        ("a", "all compatible mentors are at capacity")
    ]


def test_capacity_is_respected_and_best_mentees_are_chosen() -> None:
    mentor = make_person("m", offers={"SQL": 4}, capacity=2)
    mentees = [
        make_person("weak", wants={"Excel": 3}),
        make_person("s1", wants={"SQL": 3}),
        make_person("s2", wants={"SQL": 4}),
    ]
    pairs = match_pairs(mentees, [mentor])
    assert sorted(p.mentee_id for p in pairs) == ["s1", "s2"]
    assert explain_unmatched(mentees, [mentor], pairs) == [
        ("weak", "all compatible mentors are at capacity")
    ]


def test_reasons_name_what_contributed() -> None:
    mentee = make_person(
        "a", wants={"Python": 3}, languages=["Arabic", "Swedish"], availability=range(6)
    )
    mentor = make_person("m", offers={"Python": 4}, languages=["Arabic"], availability=range(10))
    (pair,) = match_pairs([mentee], [mentor])
    assert pair.reasons[:3] == [
        "offers Python (4), which you want to learn (3)",
        "both speak Arabic",
        "6 hours a week in common",
    ]
    assert pair.details[0].code == "skill"
    assert pair.details[0].params == {"skill": "Python", "offered": 4, "wanted": 3}


def test_reasons_are_worded_for_their_reader() -> None:
    mentee = make_person("a", wants={"Python": 3, "SQL": 5}, languages=["Swedish"])
    mentor = make_person("m", offers={"Python": 4, "SQL": 2}, languages=["Finnish"])
    details = pair_reasons(mentee, mentor, 0, ["analyst"], audience="staff")
    assert [r.text for r in details] == [
        "wants to learn Python (3), offered at 4",
        "wants to learn SQL (5), offered only at 2",
        "their descriptions both mention analyst",
    ]
    skill, partial, terms = details
    assert describe(skill, "mentee") == "offers Python (4), which you want to learn (3)"
    assert describe(skill, "mentor") == "you offer Python (4), which they want to learn (3)"
    assert describe(partial, "mentor") == "you offer SQL (2), below the level they want (5)"
    assert describe(terms, "mentee") == "your descriptions both mention analyst"
    assert describe(hours_reason(2), "staff") == "2 hours a week in common"  # the same for all
    with pytest.raises(ValueError, match="audience"):
        describe(skill, "participant")


def test_ambassador_routing_with_offers_and_wants_only() -> None:
    learners = [
        make_person("l1", wants={"Teams": 2}),
        make_person("l2", wants={"Outlook": 3}),
        make_person("l3", wants={"Payroll app": 1}),
    ]
    ambassadors = [
        make_person("teams", offers={"Teams": 4}, capacity=3),
        make_person("outlook", offers={"Outlook": 5, "Teams": 1}, capacity=3),
        make_person("payroll", offers={"payroll app": 3}, capacity=3),
    ]
    pairs = {p.mentee_id: p.mentor_id for p in match_pairs(learners, ambassadors)}
    assert pairs == {"l1": "teams", "l2": "outlook", "l3": "payroll"}
    scores = score_pairs(learners, ambassadors)
    assert scores[0, 0] > 0.8  # skills dominate when they are the only signal


def test_unmatched_reasons_name_the_rule() -> None:
    mentees = [
        make_person("lang", languages=["Finnish"]),
        make_person("hours", availability=[167]),
    ]
    mentors = [make_person("m", capacity=5)]
    result = PairMatcher().fit(mentees, mentors)
    assert result.pairs_ == []
    assert result.unmatched_ == [
        ("lang", "no mentor shares a language"),
        ("hours", "no mentor who shares a language has enough common hours"),
    ]


def _optimum(
    scores: np.ndarray, capacity: list[int], objective: str = "max_matched"
) -> tuple[int, float]:
    """Exact optimum on the capacity-expanded dense matrix: (matched, total of 1e6 * score)."""
    cols = [j for j, c in enumerate(capacity) for _ in range(c)]
    if not cols:
        return 0, 0.0
    quantised = np.rint(scores[:, cols].astype(np.float32).astype(np.float64) * 1e6)
    bonus = (len(scores) + 1) * 1e6 + 1 if objective == "max_matched" else 0.0
    # A forbidden pair gains nothing, like staying unmatched; a 0-score pair gains 1e-9
    # so that it counts as matched without changing the total.
    gain = np.where(np.isfinite(scores[:, cols]), bonus + quantised + 1e-9, 0.0)
    r, c = linear_sum_assignment(gain, maximize=True)
    hit = gain[r, c] > 0
    return int(hit.sum()), float(quantised[r, c][hit].sum())


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 25),
    m=st.integers(1, 10),
    n_candidates=st.integers(1, 4),
    objective=st.sampled_from(["max_matched", "max_score"]),
)
def test_match_is_exactly_optimal_and_respects_rules(
    seed: int, n: int, m: int, n_candidates: int, objective: str
) -> None:
    rng = np.random.default_rng(seed)
    mentees = random_people(rng, n, "e", mentor=False)
    mentors = random_people(rng, m, "m", mentor=True)
    config = MatchConfig(n_candidates=n_candidates, block_size=4, objective=objective)
    scores = score_pairs(mentees, mentors, config)
    pairs = match_pairs(mentees, mentors, config)
    row = {p.id: i for i, p in enumerate(mentees)}
    col = {p.id: j for j, p in enumerate(mentors)}
    load = np.zeros(m, dtype=int)
    total = 0.0
    for pair in pairs:
        i, j = row[pair.mentee_id], col[pair.mentor_id]
        assert pair.score == scores[i, j] and math.isfinite(pair.score)
        load[j] += 1
        total += round(pair.score * 1e6)
    assert len({p.mentee_id for p in pairs}) == len(pairs)
    assert np.all(load <= [p.capacity for p in mentors])
    matched, best = _optimum(scores, [p.capacity for p in mentors], objective)
    assert total == best
    if objective == "max_matched":
        assert len(pairs) == matched


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_match_is_deterministic(seed: int) -> None:
    rng = np.random.default_rng(seed)
    mentees = random_people(rng, 12, "e", mentor=False)
    mentors = random_people(rng, 5, "m", mentor=True)
    assert match_pairs(mentees, mentors) == match_pairs(list(mentees), list(mentors))


def test_same_person_on_both_sides_is_not_paired_with_themselves() -> None:
    both = make_person("x", offers={"SQL": 5}, wants={"SQL": 2})
    assert score_pairs([both], [both])[0, 0] == -math.inf


def test_scores_do_not_depend_on_block_size() -> None:
    rng = np.random.default_rng(3)
    mentees = random_people(rng, 30, "e", mentor=False)
    mentors = random_people(rng, 8, "m", mentor=True)
    small = score_pairs(mentees, mentors, MatchConfig(block_size=3))
    large = score_pairs(mentees, mentors, MatchConfig(block_size=1000))
    assert np.array_equal(small, large)


def test_person_is_a_frozen_dataclass() -> None:
    person = Person(id="p")
    with pytest.raises(AttributeError):
        person.id = "q"  # type: ignore[misc]


def test_shared_words_skip_filler_and_keep_their_letters() -> None:
    # "och", "jag", "gärna" are in every Swedish text; "trädgård" is what the two share.
    mentee = make_person("a", wants={"Python": 3}, text="Jag odlar gärna i min trädgård och läser.")
    mentor = make_person("m", offers={"Python": 4}, text="Jag har en trädgård och lagar gärna mat.")
    (pair,) = match_pairs([mentee], [mentor])
    terms = [r for r in pair.details if r.code == "terms"]
    assert [r.params["terms"] for r in terms] == ["trädgård"]


@pytest.mark.parametrize("dense_limit", [features._DENSE_LIMIT, 0])
def test_scores_against_some_mentors_are_those_columns_of_all(
    dense_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 0: every product keeps its mentor side sparse, as at national scale.
    monkeypatch.setattr(features, "_DENSE_LIMIT", dense_limit)
    rng = np.random.default_rng(5)
    mentees = random_people(rng, 40, "e", mentor=False)
    mentors = random_people(rng, 25, "m", mentor=True)
    mentees[0] = dataclasses.replace(mentees[0], excluded=frozenset({"m3", "m7"}))
    scorer = PairScorer(mentees, mentors, MatchConfig())
    rows = np.array([0, 5, 9, 33], dtype=np.intp)
    cols = np.array([1, 3, 4, 20, 24], dtype=np.intp)
    whole = scorer.block(rows)
    assert np.array_equal(scorer.block(rows, cols), whole[:, cols])
    assert scorer.block(rows, cols)[0, 1] == -math.inf  # m3 excluded; m7 outside the block
