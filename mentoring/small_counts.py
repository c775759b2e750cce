"""Small-cell suppression: no cell that counts fewer than five people is shown."""

from __future__ import annotations

MIN_CELL = 5
SUPPRESSED = "<5"


def cell(count: int) -> str:
    """Show a count of people, or "<5" when it is under five (zero included)."""
    return SUPPRESSED if count < MIN_CELL else str(count)


def share(count: int, total: int) -> str:
    """Show count/total as a percentage, suppressed when either counts under five people."""
    if count < MIN_CELL or total < MIN_CELL:
        return SUPPRESSED
    return f"{100.0 * count / total:.0f}%"
