"""Text written to CSV or a workbook is never run as a formula by a spreadsheet program.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula
to Excel and LibreOffice ("CSV injection"): a participant named ``=HYPERLINK(...)`` would
run in the coordinator's spreadsheet. Such cells get a leading apostrophe, which the
programs show as text; our own CSV import takes it off again.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Return ``value`` as a cell a spreadsheet shows as text."""
    return "'" + value if value.startswith(FORMULA_START) else value


def restore(value: str) -> str:
    """Undo ``neutralise`` on a cell read back from one of our CSV files."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value
