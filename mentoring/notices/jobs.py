"""The scheduler's jobs, as data: find what is due, then send it."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from flask import Flask

from mentoring.extensions import db
from mentoring.matches.choice import expire_requests
from mentoring.matches.pairings import end_expired
from mentoring.notices.adapters import (
    SqlActivity,
    SqlDigests,
    SqlEnrolments,
)
from mentoring.notices.check_in_subjects import SqlCheckInSubjects
from mentoring.notices.services import send_outbox, store_due
from mentoring.notices.sessions import session_source
from mentoring.workplace.reminders import find_reassessments
from notifications import reminders
from notifications.model import OutboxItem
from notifications.scheduler import Job

Finder = Callable[[datetime], list[OutboxItem]]


def worker_name(role: str) -> str:
    return f"{role}@{socket.gethostname()}:{os.getpid()}"


def finders() -> dict[str, Finder]:
    """Name each due-finder with the source it reads (built in the job's app context)."""
    session = db.session
    activity = SqlActivity(session)
    return {
        "sessions": lambda now: reminders.find_session_reminders(now, session_source(session)),
        "check-ins": lambda now: reminders.find_check_ins(now, SqlCheckInSubjects(session)),
        "inactivity": lambda now: reminders.find_inactivity(now, activity),
        "outcomes": lambda now: reminders.find_outcome_follow_ups(now, SqlEnrolments(session)),
        "digests": lambda now: reminders.find_digests(
            now, SqlDigests(session, activity, session_source(session))
        ),
        "reassessments": find_reassessments,
    }


def find_due(now: datetime, names: tuple[str, ...] | None = None) -> int:
    """Run the due-finders (all, or those named) and store what they found."""
    items: list[OutboxItem] = []
    for name, finder in finders().items():
        if names is None or name in names:
            items.extend(finder(now))
    return store_due(items, now)


def _finder_job(name: str) -> Callable[[datetime], str]:
    def run(now: datetime) -> str:
        return f"{find_due(now, (name,))} new"

    return run


def _send_job(now: datetime) -> str:
    report = send_outbox(worker=worker_name("scheduler"))
    return (
        f"sent {report.sent}, retry {report.retried}, failed {report.failed}, "
        f"skipped {report.skipped}"
    )


def _matching_job(now: datetime) -> str:
    return f"ended {end_expired(now.date())} pairings, passed on {expire_requests(now)} requests"


JOBS = [
    Job("find-sessions", _finder_job("sessions"), timedelta(minutes=5)),
    Job("find-check-ins", _finder_job("check-ins"), timedelta(hours=1)),
    Job("find-inactivity", _finder_job("inactivity"), timedelta(hours=1)),
    Job("find-outcomes", _finder_job("outcomes"), timedelta(hours=6)),
    Job("find-digests", _finder_job("digests"), timedelta(hours=1)),
    Job("find-reassessments", _finder_job("reassessments"), timedelta(hours=1)),
    Job("matching-housekeeping", _matching_job, timedelta(hours=1)),
    Job("send-outbox", _send_job, timedelta(seconds=30), misfire_grace=timedelta(minutes=5)),
]


# Jobs of areas above this one, added by their init_app (the retention purge of privacy).
ADDED_JOBS = "notices_added_jobs"


def add_job(app: Flask, job: Job) -> None:
    """Have the scheduler run ``job`` too; adding a job of the same name again replaces it."""
    added: dict[str, Job] = app.extensions.setdefault(ADDED_JOBS, {})
    added[job.name] = job


def configured_jobs(app: Flask) -> list[Job]:
    """Return every job, the sender's interval taken from ``OUTBOX_SEND_EVERY_SECONDS``."""
    every = timedelta(seconds=int(app.config["OUTBOX_SEND_EVERY_SECONDS"]))
    ours = [replace(job, every=every) if job.name == "send-outbox" else job for job in JOBS]
    return ours + list(app.extensions.get(ADDED_JOBS, {}).values())
