"""Where verified levels come from, handed over at start-up (so low layers need not import up).

``mentoring.trainings`` owns verified levels (set by passing a test). It registers its
``verified_levels(user_id, programme_id) -> {tool_key: level}`` with
``register_verified_levels(app, source)`` in its ``init_app``; routing and the gap analysis
ask ``verified_levels_for(user_id, programme_id)``, which answers ``{}`` until a source is
registered.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app

VerifiedLevels = Callable[[int, int], dict[str, int]]
EXTENSION_KEY = "verified_levels"


def register_verified_levels(app: Flask, source: VerifiedLevels) -> None:
    """Tell the app where verified levels come from."""
    app.extensions[EXTENSION_KEY] = source


def verified_levels_for(user_id: int, programme_id: int) -> dict[str, int]:
    """Return the person's verified levels in the programme, keyed by ``tool_key``."""
    source: VerifiedLevels | None = current_app.extensions.get(EXTENSION_KEY)
    return source(user_id, programme_id) if source is not None else {}
