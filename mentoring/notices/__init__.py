"""The app's side of notifications: reminders, preferences, answers, sender and scheduler.

``notifications`` (the package) owns time and delivery and never imports ``mentoring``;
this package implements its Protocols with SQL and wires its commands and pages. The
outbox's rows and queueing them are ``mentoring.outbox``'s.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from mentoring.notices import booked_sessions  # noqa: F401  (queues reminders with bookings)
    from mentoring.notices.cli import init_app as init_cli

    init_cli(app)
