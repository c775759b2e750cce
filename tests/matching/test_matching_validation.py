"""Bad input raises ValueError naming the person and the field."""

from __future__ import annotations

from typing import Any

import pytest
from matching_factories import make_person

from matching import MatchConfig, Person, match_pairs, score_pairs


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"offers": {"Python": 6}}, ["'p1'", "'offers'", "Python"]),
        ({"wants": {"Excel": 0}}, ["'p1'", "'wants'", "Excel"]),
        ({"wants": {"Excel": True}}, ["'p1'", "'wants'"]),
        ({"availability": [168]}, ["'p1'", "'availability'", "168"]),
        ({"availability": [-1]}, ["'p1'", "'availability'"]),
        ({"capacity": -1}, ["'p1'", "'capacity'"]),
        ({"languages": "Swedish"}, ["'p1'", "'languages'"]),
        ({"attributes": {"gender": 1}}, ["'p1'", "'attributes'"]),
    ],
)
def test_bad_person_field_is_named(fields: dict[str, Any], words: list[str]) -> None:
    with pytest.raises(ValueError) as error:
        Person(id="p1", **fields)
    for word in words:
        assert word in str(error.value)


def test_empty_id_is_rejected() -> None:
    with pytest.raises(ValueError, match="'id'"):
        Person(id="")


def test_duplicate_ids_are_named() -> None:
    people = [make_person("dup"), make_person("dup")]
    with pytest.raises(ValueError, match="mentees: person 'dup': field 'id' is duplicated"):
        score_pairs(people, [make_person("m")])


@pytest.mark.parametrize("side", ["mentees", "mentors"])
def test_empty_lists_are_rejected(side: str) -> None:
    people = [make_person("x")]
    args = ([], people) if side == "mentees" else (people, [])
    with pytest.raises(ValueError, match=f"{side}: the list is empty"):
        match_pairs(*args)


@pytest.mark.parametrize(
    "fields",
    [
        {"skills_weight": -1},
        {"goals_weight": float("nan")},
        {"min_common_hours": -1},
        {"min_common_hours": 200},
        {"n_candidates": 0},
        {"balance_attributes": "gender"},
        {"random_state": "seed"},
        {"objective": "most_matches"},
        {
            "skills_weight": 0,
            "goals_weight": 0,
            "interests_weight": 0,
            "text_weight": 0,
            "hours_weight": 0,
            "place_weight": 0,
        },
    ],
)
def test_bad_config_is_rejected(fields: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="MatchConfig"):
        MatchConfig(**fields)


def test_unknown_objective_names_the_choices() -> None:
    with pytest.raises(ValueError, match="objective must be one of 'max_matched', 'max_score'"):
        MatchConfig(objective="best")
