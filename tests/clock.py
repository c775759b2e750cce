"""A clock tests set by hand: the app reads ``CLOCK`` instead of the wall clock."""

from __future__ import annotations

from datetime import datetime

# Ten seconds into a 30-second TOTP step, so a code of "now" is not about to expire.
T0 = datetime(2026, 3, 20, 9, 0, 10)


class Clock:
    """A callable that answers the moment it was last set to (``clock.at += ...``)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at
