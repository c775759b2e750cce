"""The matching library stands alone: no Flask, no database, no app code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_matching_loads_no_web_or_database_code() -> None:
    code = (
        "import sys, matching\n"
        "bad = [m for m in ('flask', 'sqlalchemy', 'mentoring', 'notifications')"
        " if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_public_names_are_exported() -> None:
    import matching

    for name in ("Person", "MatchConfig", "score_pairs", "match_pairs"):
        assert name in matching.__all__
