"""Fixtures and factories for the matching library's tests."""

from __future__ import annotations

import sys
from pathlib import Path

# The repository root must be importable when pytest is run as a script.
_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
