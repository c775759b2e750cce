"""The gap analysis orders a person's gaps by size and counts verified levels (pure)."""

from __future__ import annotations

from mentoring.workplace.gaps import gap_analysis, open_gaps, tool_key


def test_gaps_are_ordered_largest_first_then_by_tool() -> None:
    gaps = gap_analysis(
        {"Teams": 3, "Outlook": 4, "Excel": 2}, {"Outlook": 1, "Teams": 2, "Excel": 2}
    )
    assert [(g.tool, g.size) for g in gaps] == [("Outlook", 3), ("Teams", 1), ("Excel", 0)]
    assert [g.tool for g in open_gaps(gaps)] == ["Outlook", "Teams"]


def test_a_tool_never_assessed_counts_from_zero() -> None:
    (gap,) = gap_analysis({"Teams": 2}, {})
    assert (gap.self_level, gap.level, gap.size) == (None, 0, 2)


def test_a_verified_level_closes_a_gap_the_self_assessment_left_open() -> None:
    gaps = gap_analysis({"Outlook": 3, "Teams": 3}, {"outlook ": 1, "Teams": 1}, {"outlook": 3})
    assert [(g.tool, g.self_level, g.verified, g.size) for g in gaps] == [
        ("Teams", 1, None, 2),
        ("Outlook", 1, 3, 0),
    ]


def test_tool_names_compare_without_case_or_extra_spaces() -> None:
    assert tool_key("  Care  documentation ") == tool_key("care documentation")
