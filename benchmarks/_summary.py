"""Issue 15's rows, collected across the benchmarks and printed as one table at the end.

Each benchmark calls ``record`` for every row it measures; when ``BENCH_SUMMARY`` names a
file (``make bench`` sets it), the row is appended there as one JSON line, and
``python benchmarks/_summary.py FILE`` prints them all. Without it nothing is written.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One row of issue 15's table: the measured figure against its target."""

    what: str
    database: str  # "SQLite", "PostgreSQL" or "-" where no database takes part
    figure: float  # a ratio, or seconds / MB where the target is one
    target: str  # as the issue words it, for instance ">= 0.25" or "<= 10 s"
    met: bool
    note: str = ""


def record(row: Row) -> None:
    """Append ``row`` to the file named by ``BENCH_SUMMARY`` (if any)."""
    path = os.environ.get("BENCH_SUMMARY")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(asdict(row)) + "\n")


def table(rows: list[Row]) -> str:
    """The rows as a fixed-width table with a verdict column."""
    lines = [
        f"{'what':44} {'database':10} {'figure':>8} {'target':>10}  {'met':4} note",
        "-" * 96,
    ]
    for row in rows:
        lines.append(
            f"{row.what:44} {row.database:10} {row.figure:8.2f} {row.target:>10}  "
            f"{'yes' if row.met else 'NO':4} {row.note}"
        )
    met = sum(row.met for row in rows)
    lines.append(f"\n{met} of {len(rows)} rows meet their target")
    return "\n".join(lines)


def main(path: str) -> int:
    file = Path(path)
    text = file.read_text(encoding="utf-8") if file.exists() else ""
    rows = [Row(**json.loads(line)) for line in text.splitlines() if line.strip()]
    print("\n== issue 15: each row, its figure and its target\n")
    print(table(rows) if rows else "no row was measured")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
