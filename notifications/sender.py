"""Deliver claimed outbox rows: each row is marked right after the SMTP server answers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta

from notifications.model import QUIET_HOURS_EXEMPT, ClaimedMessage
from notifications.planning import after_quiet_hours
from notifications.ports import Deliver, OutboxStore, Renderer, Transport

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=2)

# Called at "claimed" (rows taken, nothing sent) and "accepted" (SMTP said yes, not yet
# marked): the two moments a crash matters. Tests use it to kill the sender there.
Hook = Callable[[str, ClaimedMessage], None]


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped

    def __add__(self, other: SendReport) -> SendReport:
        return SendReport(
            self.sent + other.sent,
            self.retried + other.retried,
            self.failed + other.failed,
            self.skipped + other.skipped,
        )


def backoff(attempts: int) -> timedelta:
    """Return the wait before retry number ``attempts`` (1, 2, 4, 8 ... minutes, capped)."""
    return min(BACKOFF_BASE * (1 << max(attempts - 1, 0)), BACKOFF_CAP)


def send_pending(
    store: OutboxStore,
    renderer: Renderer,
    transport: Transport,
    *,
    clock: Callable[[], datetime],
    worker: str,
    batch: int = 100,
    max_batches: int | None = None,
    max_attempts: int = MAX_ATTEMPTS,
    lease: timedelta = LEASE,
    hook: Hook | None = None,
) -> SendReport:
    """Claim and deliver due rows batch by batch until none is left; return what happened."""
    report = SendReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        claimed = store.claim(worker, clock(), batch, lease)
        if not claimed:
            break
        batches += 1
        _deliver_batch(claimed, store, renderer, transport, clock, max_attempts, hook, report)
    return report


def send_in_parallel(senders: int, send: Callable[[int], SendReport]) -> SendReport:
    """Run ``send(0)`` ... ``send(senders - 1)`` at once, one thread each; add up their reports.

    Each ``send`` is a whole sender (``send_pending``) with a database connection and an SMTP
    connection of its own: the time one spends waiting for the server's answer or for its
    mark to be durable, the others spend rendering and sending, and the database flushes
    several threads' commits with one write (PostgreSQL's group commit). Each thread keeps
    the guarantee on its own (marked right after accepted), so a crash leaves at most one
    accepted-unmarked message per thread; claims never overlap, so no row goes out twice.
    """
    with ThreadPoolExecutor(max_workers=senders, thread_name_prefix="outbox-sender") as pool:
        reports = list(pool.map(send, range(senders)))
    return sum(reports, SendReport())


def _deliver_batch(
    claimed: list[ClaimedMessage],
    store: OutboxStore,
    renderer: Renderer,
    transport: Transport,
    clock: Callable[[], datetime],
    max_attempts: int,
    hook: Hook | None,
    report: SendReport,
) -> None:
    renderer.prepare(claimed)
    with ExitStack() as stack:
        deliver: Deliver | None = None
        for message in claimed:
            if hook is not None:
                hook("claimed", message)
            now = clock()
            if message.expires_at is not None and now >= message.expires_at:
                store.mark_skipped(message.id, now, "too late")
                report.skipped += 1
                continue
            try:
                email = renderer.render(message)
                if email is None:
                    store.mark_skipped(message.id, now, "no longer applies")
                    report.skipped += 1
                    continue
                if deliver is None:
                    deliver = stack.enter_context(transport.connect())
                deliver(email)
            except Exception as error:  # noqa: BLE001  (any failure: retry later, never lose)
                log.warning("sending outbox message %s failed: %s", message.id, error)
                # The connection may be broken; the next message opens a fresh one.
                stack.close()
                deliver = None
                _record_failure(store, message, clock(), error, max_attempts, report)
                continue
            if hook is not None:
                hook("accepted", message)
            store.mark_sent(message.id, clock())
            report.sent += 1


def _record_failure(
    store: OutboxStore,
    message: ClaimedMessage,
    now: datetime,
    error: Exception,
    max_attempts: int,
    report: SendReport,
) -> None:
    text = f"{type(error).__name__}: {error}"[:500]
    if message.attempts >= max_attempts:
        store.mark_failed(message.id, now, text)
        report.failed += 1
    else:
        store.mark_retry(message.id, now, text, retry_at(message, now))
        report.retried += 1


def retry_at(message: ClaimedMessage, now: datetime) -> datetime:
    """Return when to try again: after the backoff, and never in the recipient's quiet hours."""
    at = now + backoff(message.attempts)
    if message.kind in QUIET_HOURS_EXEMPT:
        return at
    return after_quiet_hours(at, message.timezone)
