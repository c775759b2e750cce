"""Peer similarity and group formation rules."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_factories import make_person, random_people

from matching import GroupResult, MatchConfig, Person, form_groups, score_peers
from matching.group_layout import Layout
from matching.group_repair import place_leftovers
from matching.peers import PeerScorer


def test_peer_scores_are_symmetric_and_bounded() -> None:
    rng = np.random.default_rng(0)
    people = random_people(rng, 25, "p", mentor=False)
    scores = score_peers(people)
    assert scores.shape == (25, 25)
    assert np.array_equal(scores, scores.T)
    assert np.all((scores >= 0) & (scores <= 1))


def test_peers_wanting_the_same_skill_at_the_same_level_are_closest() -> None:
    a = make_person("a", wants={"Python": 2})
    same = make_person("b", wants={"Python": 2})
    far = make_person("c", wants={"Python": 5})
    other = make_person("d", wants={"Excel": 2})
    scores = score_peers([a, same, far, other])
    assert scores[0, 1] > scores[0, 2] > scores[0, 3]


def _check_rules(
    people: list[Person], result: GroupResult, config: MatchConfig, lo: int, hi: int
) -> None:
    by_id = {p.id: p for p in people}
    placed = [i for g in result.groups for i in g.member_ids]
    unplaced = [i for i, _ in result.unplaced]
    assert sorted(placed + unplaced) == sorted(by_id)  # everyone exactly once
    for group in result.groups:
        members = [by_id[i] for i in group.member_ids]
        assert lo <= len(members) <= hi
        common = set.intersection(*(set(p.availability) for p in members))
        assert sorted(common) == group.common_hours
        assert len(common) >= config.min_common_hours
        assert all(
            group.language.casefold() in {x.casefold() for x in p.languages} for p in members
        )
        for p in members:
            assert not set(p.excluded) & set(group.member_ids)
    for _, reason in result.unplaced:
        assert reason


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 40),
    lo=st.integers(2, 4),
    extra=st.integers(0, 2),
)
def test_groups_respect_every_rule(seed: int, n: int, lo: int, extra: int) -> None:
    rng = np.random.default_rng(seed)
    people = random_people(rng, n, "p", mentor=False)
    if n > 3:  # some exclusions
        people[0] = Person(**{**people[0].__dict__, "excluded": {people[1].id, people[2].id}})
    config = MatchConfig(random_state=seed % 1000)
    result = form_groups(people, config, lo, lo + extra)
    _check_rules(people, result, config, lo, lo + extra)
    assert result == form_groups(people, config, lo, lo + extra)  # deterministic


def test_everyone_compatible_is_placed_and_nobody_is_isolated() -> None:
    people = [
        make_person(f"p{i}", attributes={"gender": "woman" if i % 3 else "man"}, goals={"job"})
        for i in range(12)
    ]
    result = form_groups(people, MatchConfig(), 4, 4)
    assert result.unplaced == []
    assert len(result.groups) == 3
    gender = {p.id: p.attributes["gender"] for p in people}
    for group in result.groups:
        counts = Counter(gender[i] for i in group.member_ids)
        assert 1 not in counts.values()


def test_similar_people_end_up_together() -> None:
    python = [make_person(f"py{i}", wants={"Python": 2}, goals={"job"}) for i in range(4)]
    excel = [make_person(f"xl{i}", wants={"Excel": 4}, goals={"studies"}) for i in range(4)]
    people = [p for pair in zip(python, excel, strict=True) for p in pair]
    result = form_groups(people, MatchConfig(balance_attributes=()), 4, 4)
    assert sorted(sorted(g.member_ids) for g in result.groups) == [
        [p.id for p in python],
        [p.id for p in excel],
    ]


def test_unplaced_reasons_name_the_rule() -> None:
    people = [make_person(f"p{i}") for i in range(4)]
    people.append(make_person("finn", languages=["Finnish"]))
    people.append(make_person("night", availability=[3]))
    result = form_groups(people, MatchConfig(), 3, 4)
    assert dict(result.unplaced) == {
        "finn": "no one else shares a language",
        "night": "no one who shares a language has enough common hours",
    }


@pytest.mark.parametrize(("lo", "hi"), [(5, 4), (1, 3), (2, 2.5)])
def test_bad_group_sizes_are_rejected(lo: int, hi: int) -> None:
    with pytest.raises(ValueError, match="size"):
        form_groups([make_person("a"), make_person("b")], MatchConfig(), lo, hi)


def _layout(people: list[Person], lo: int, hi: int) -> Layout:
    config = MatchConfig(balance_attributes=())
    return Layout(people, PeerScorer(people, config), config, lo, hi)


def test_leftover_gets_room_when_a_member_can_move_to_another_group() -> None:
    # Group 0 is full; "late" shares only Arabic with it.  Its members speak
    # Swedish too, so one can move to group 1, which has room, and "late"
    # takes the place.
    arabic = {"languages": ["Arabic", "Swedish"]}
    people = [
        make_person("a", **arabic),
        make_person("b", **arabic),
        make_person("c", **arabic),
        make_person("d"),
        make_person("e"),
        make_person("late", languages=["Arabic"]),
    ]
    groups = [[0, 1, 2], [3, 4]]
    left = place_leftovers(_layout(people, 2, 3), groups, [5])
    assert left == []
    assert sorted(map(len, groups)) == [3, 3]
    (with_late,) = [set(g) for g in groups if 5 in g]
    assert len(with_late & {0, 1, 2}) == 2


def test_leftovers_form_a_group_with_a_member_of_a_large_group() -> None:
    # "x" and "y" fit no group with room; with one member taken from the
    # group of four (which keeps three) they form a group of three.
    people = [make_person(f"p{i}") for i in range(4)]
    people += [make_person("x", availability=range(9, 12)), make_person("y", availability=[10])]
    groups = [[0, 1, 2, 3]]
    left = place_leftovers(_layout(people, 3, 3), groups, [4, 5])
    assert left == []
    assert sorted(map(len, groups)) == [3, 3]
    assert any({4, 5} <= set(g) for g in groups)


def test_person_no_group_can_take_stays_unplaced() -> None:
    people = [make_person(f"p{i}") for i in range(3)] + [make_person("fi", languages=["Finnish"])]
    groups = [[0, 1, 2]]
    assert place_leftovers(_layout(people, 2, 4), groups, [3]) == [3]
    assert groups == [[0, 1, 2]]
