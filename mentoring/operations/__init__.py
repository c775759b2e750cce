"""What operators see: Prometheus metrics, a readiness check, one JSON log line per request."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Count and log every request (``/metrics`` serves the counts)."""
    from mentoring.operations import logs, metrics

    metrics.init_app(app)
    logs.init_app(app)
