"""``notifications`` depends on nothing of the web app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_notifications_imports_without_mentoring() -> None:
    code = (
        "import sys, notifications, notifications.reminders, notifications.scheduler, "
        "notifications.planning, notifications.sources; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'mentoring', 'flask'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
