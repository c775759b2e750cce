"""When a request started and which route answered it, shared by the metrics and the logs."""

from __future__ import annotations

from time import perf_counter

from flask import Flask, g, request

UNMATCHED = "<unmatched>"


def route_name() -> str:
    """The URL rule that answered (``/check-in/<token>``), never the path with its values."""
    rule = request.url_rule
    return rule.rule if rule is not None else UNMATCHED


def elapsed_seconds() -> float:
    """Seconds since this request started, or 0 if it started before the hook was set."""
    started = g.get("_request_started")
    return perf_counter() - started if started is not None else 0.0


def init_app(app: Flask) -> None:
    """Note when each request starts (first of the before-request hooks)."""
    if app.extensions.get("request_timing"):
        return
    app.extensions["request_timing"] = True
    app.before_request_funcs.setdefault(None, []).insert(0, _start)


def _start() -> None:
    g._request_started = perf_counter()
