"""Prometheus metrics: requests per route, and what the database says about the outbox,
the scheduler and matching runs, read when Prometheus scrapes.

Request metrics are counted in the process that served the request. With several worker
processes, set ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder, in the environment of every
worker before it starts): each process then writes its counts there and a scrape adds them up.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from flask import Flask, Response, current_app
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.matches.models import MatchRun
from mentoring.notices.models import SchedulerJobRun, SchedulerLock
from mentoring.operations import timing
from mentoring.outbox.models import OutboxMessage

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Pages answer in tens of milliseconds; dashboards and matching in seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class RequestMetrics:
    """The request counters of one app, in a registry of its own (tests build many apps)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "mentoring_http_requests",
            "HTTP requests answered, by route (URL rule), method and status.",
            ("route", "method", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "mentoring_http_request_duration_seconds",
            "Time to answer an HTTP request, by route (URL rule) and method.",
            ("route", "method"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def observe(self, response: Response) -> Response:
        from flask import request

        route = timing.route_name()
        self.requests.labels(route, request.method, str(response.status_code)).inc()
        self.latency.labels(route, request.method).observe(timing.elapsed_seconds())
        return response


class DatabaseCollector(Collector):
    """Gauges read from the database at scrape time (inside the scrape's app context)."""

    def collect(self) -> Iterator[Metric]:
        now = utcnow()
        yield from _outbox(now)
        yield from _scheduler(now)
        yield from _matching_runs()


def _outbox(now: datetime) -> Iterator[Metric]:
    by_status = GaugeMetricFamily(
        "mentoring_outbox_messages", "Outbox rows by status.", labels=("status",)
    )
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
    )
    for status, count in rows:
        by_status.add_metric((str(status),), float(count))
    yield by_status
    pending = OutboxMessage.status == "pending"
    oldest, first_due = db.session.execute(
        sa.select(
            sa.func.min(OutboxMessage.created_at),
            sa.func.min(OutboxMessage.next_attempt_at).filter(OutboxMessage.next_attempt_at <= now),
        ).where(pending)
    ).one()
    age = GaugeMetricFamily(
        "mentoring_outbox_oldest_pending_age_seconds",
        "Age of the oldest message not yet sent, due or held for later (0 when none).",
    )
    age.add_metric((), _seconds_since(oldest, now))
    yield age
    lag = GaugeMetricFamily(
        "mentoring_outbox_due_lag_seconds",
        "How long the longest-waiting due message has been due (0 when the sender keeps up).",
    )
    lag.add_metric((), _seconds_since(first_due, now))
    yield lag
    retrying = GaugeMetricFamily(
        "mentoring_outbox_retrying_messages",
        "Messages whose last attempt failed and that wait to be tried again.",
    )
    retrying.add_metric(
        (),
        float(
            db.session.scalar(
                sa.select(sa.func.count()).where(pending, OutboxMessage.last_error.is_not(None))
            )
            or 0
        ),
    )
    yield retrying


def _scheduler(now: datetime) -> Iterator[Metric]:
    finished = GaugeMetricFamily(
        "mentoring_scheduler_job_last_run_timestamp_seconds",
        "When each scheduler job last finished (Unix time, UTC).",
        labels=("job",),
    )
    succeeded = GaugeMetricFamily(
        "mentoring_scheduler_job_last_run_ok", "1 if the job's last run succeeded.", labels=("job",)
    )
    for run in db.session.scalars(sa.select(SchedulerJobRun).order_by(SchedulerJobRun.job)):
        finished.add_metric((run.job,), _unix(run.finished_at))
        succeeded.add_metric((run.job,), 1.0 if run.ok else 0.0)
    yield finished
    yield succeeded
    heartbeat = GaugeMetricFamily(
        "mentoring_scheduler_heartbeat_age_seconds",
        "Seconds since the scheduler process last renewed its lock.",
        labels=("lock",),
    )
    for lock in db.session.scalars(sa.select(SchedulerLock).order_by(SchedulerLock.name)):
        heartbeat.add_metric((lock.name,), _seconds_since(lock.heartbeat_at, now))
    yield heartbeat


def _matching_runs() -> Iterator[Metric]:
    rows = db.session.execute(
        sa.select(
            MatchRun.kind,
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(MatchRun.duration_ms), 0),
            sa.func.coalesce(sa.func.max(MatchRun.duration_ms), 0),
        ).group_by(MatchRun.kind)
    ).all()
    runs = GaugeMetricFamily("mentoring_matching_runs", "Matching runs kept.", labels=("kind",))
    total = GaugeMetricFamily(
        "mentoring_matching_run_duration_seconds_sum",
        "Time all kept matching runs took.",
        labels=("kind",),
    )
    longest = GaugeMetricFamily(
        "mentoring_matching_run_duration_seconds_max",
        "The longest kept matching run.",
        labels=("kind",),
    )
    for kind, count, duration_ms, max_ms in rows:
        runs.add_metric((kind,), float(count))
        total.add_metric((kind,), duration_ms / 1000)
        longest.add_metric((kind,), max_ms / 1000)
    yield from (runs, total, longest)


def _seconds_since(moment: datetime | None, now: datetime) -> float:
    return max(0.0, (now - moment).total_seconds()) if moment is not None else 0.0


def _unix(moment: datetime) -> float:
    """Seconds since the epoch of a naive UTC time."""
    return (moment - datetime(1970, 1, 1)).total_seconds()


def exposition() -> bytes:
    """Render every metric in Prometheus' text format."""
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(DatabaseCollector())
    multiprocess_dir = current_app.config.get("PROMETHEUS_MULTIPROC_DIR")
    if multiprocess_dir:
        MultiProcessCollector(scrape, path=multiprocess_dir)
        return generate_latest(scrape)
    own = current_app.extensions["request_metrics"].registry
    return generate_latest(own) + generate_latest(scrape)


def init_app(app: Flask) -> None:
    """Count every answer of ``app``."""
    timing.init_app(app)
    request_metrics = RequestMetrics()
    app.extensions["request_metrics"] = request_metrics
    app.after_request(request_metrics.observe)
