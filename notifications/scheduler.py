"""One scheduler process: jobs as data, a lock so a second process refuses to start.

APScheduler's job stores cannot be shared between processes, so the scheduler runs only in
``flask scheduler``; web workers and tests never start it. Jobs only find what is due and
write outbox rows (or run the sender), so a missed or doubled run changes nothing.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from apscheduler.schedulers.blocking import BlockingScheduler

log = logging.getLogger(__name__)

LOCK_LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class Job:
    """A periodic task: ``func(now)`` returns a short summary of what it did."""

    name: str
    func: Callable[[datetime], str]
    every: timedelta
    misfire_grace: timedelta = timedelta(minutes=30)


class SchedulerLock(Protocol):
    def acquire(self, holder: str, now: datetime, lease: timedelta) -> bool:
        """Take or renew the lock unless another live holder has it."""
        ...

    def release(self, holder: str) -> None: ...


class RunLog(Protocol):
    def record(
        self, job: str, started_at: datetime, finished_at: datetime, ok: bool, summary: str
    ) -> None: ...


class AnotherSchedulerRunning(RuntimeError):
    """A live scheduler process holds the lock."""


def run_job(
    job: Job,
    clock: Callable[[], datetime],
    context: Callable[[], AbstractContextManager[Any]],
    runs: RunLog,
) -> None:
    """Run one job inside its own app context and record how it went."""
    with context():
        started = clock()
        try:
            summary, ok = job.func(started), True
        except Exception as error:  # noqa: BLE001  (a failing job must not stop the others)
            log.exception("job %s failed", job.name)
            summary, ok = f"{type(error).__name__}: {error}"[:500], False
        runs.record(job.name, started, clock(), ok, summary)


def build_scheduler(
    jobs: list[Job],
    clock: Callable[[], datetime],
    context: Callable[[], AbstractContextManager[Any]],
    runs: RunLog,
) -> BlockingScheduler:
    """Return a blocking scheduler with one interval trigger per job (not started)."""
    scheduler = BlockingScheduler(timezone=UTC)
    for job in jobs:
        scheduler.add_job(
            run_job,
            "interval",
            args=[job, clock, context, runs],
            id=job.name,
            seconds=job.every.total_seconds(),
            next_run_time=datetime.now(UTC),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(job.misfire_grace.total_seconds()),
        )
    return scheduler


def run_scheduler(
    jobs: list[Job],
    *,
    holder: str,
    lock: SchedulerLock,
    clock: Callable[[], datetime],
    context: Callable[[], AbstractContextManager[Any]],
    runs: RunLog,
    lease: timedelta = LOCK_LEASE,
    stop_on_sigterm: bool = False,
) -> None:
    """Hold the lock and run the jobs until stopped; refuse if another scheduler is live.

    With ``stop_on_sigterm`` a SIGTERM shuts the scheduler down (and the lock is freed).
    """
    with context():
        if not lock.acquire(holder, clock(), lease):
            raise AnotherSchedulerRunning("Another scheduler process is running.")
    scheduler = build_scheduler(jobs, clock, context, runs)

    def heartbeat() -> None:
        with context():
            if not lock.acquire(holder, clock(), lease):
                log.error("scheduler lock lost; stopping")
                scheduler.shutdown(wait=False)

    scheduler.add_job(heartbeat, "interval", seconds=lease.total_seconds() / 4, id="lock-heartbeat")
    if stop_on_sigterm:
        signal.signal(signal.SIGTERM, lambda signum, frame: _stop(scheduler))
    try:
        scheduler.start()
    finally:
        with context():
            lock.release(holder)


def _stop(scheduler: BlockingScheduler) -> None:
    # Not SystemExit from inside the loop: APScheduler catches BaseException while it hands a
    # job to its threads, so a SIGTERM arriving then was logged and ignored (seen in tests).
    if scheduler.running:
        scheduler.shutdown(wait=False)
    else:
        raise SystemExit(0)
