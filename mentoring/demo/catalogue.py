"""Realistic ingredients for the demo: places, languages, skills and weekly rhythms."""

from __future__ import annotations

from mentoring.vocabulary import DEFAULT_SKILL_CATALOGUE

MUNICIPALITIES_SE = (
    "Stockholm",
    "Solna",
    "Södertälje",
    "Botkyrka",
    "Huddinge",
    "Uppsala",
    "Järfälla",
)
MUNICIPALITIES_FI = ("Helsinki", "Espoo", "Vantaa", "Kauniainen")

# (code, share of participants who speak it besides the local language)
EXTRA_LANGUAGES = (
    ("en", 0.7),
    ("ar", 0.14),
    ("so", 0.08),
    ("fa", 0.07),
    ("ti", 0.05),
    ("uk", 0.06),
    ("ru", 0.05),
    ("es", 0.04),
    ("tr", 0.04),
    ("pl", 0.03),
)

SKILL_CATALOGUE = DEFAULT_SKILL_CATALOGUE
# The level the programme wants everyone to reach in each everyday tool.
TOOL_GOALS = (
    ("Outlook", 3),
    ("Teams", 3),
    ("Excel", 2),
    ("SharePoint", 2),
    ("Payroll app", 3),
    ("Digital signing (BankID)", 2),
)

GENDERS = (("woman", 0.48), ("man", 0.44), ("non_binary", 0.02), (None, 0.06))
AGE_BANDS = (
    ("18-24", 0.15),
    ("25-29", 0.2),
    ("30-39", 0.3),
    ("40-49", 0.2),
    ("50-54", 0.08),
    ("55-64", 0.07),
)


def hours(days: range, start: int, end: int) -> list[int]:
    """Weekly hours from ``start`` to ``end`` (exclusive) on each day in ``days``."""
    return [day * 24 + hour for day in days for hour in range(start, end)]


WEEKLY_RHYTHMS = (
    ("weekday daytime", hours(range(5), 9, 16), 0.45),
    ("weekday evenings", hours(range(5), 17, 21), 0.3),
    ("weekends", hours(range(5, 7), 10, 16), 0.1),
    ("mornings and evenings", hours(range(5), 7, 9) + hours(range(5), 18, 20), 0.15),
)
