"""One JSON object a line per request in production: who, which route, status, how long.

Only these fields are written: never the path's values (tokens live in paths such as
``/check-in/<token>``), the query, a form, a header or a message text.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid

from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter

from mentoring.operations import timing

REQUEST_LOGGER = "mentoring.requests"
REQUEST_ID_HEADER = "X-Request-ID"
# A caller's request id is kept only if it cannot smuggle anything into the log.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id() -> str:
    """This request's id: the proxy's ``X-Request-ID`` when it is plain, else a new one."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    return str(g.request_id)


def _signed_in_user_id() -> int | None:
    """The signed-in person's id if this request already loaded them (no query just to log)."""
    user = g.get("_login_user")
    if user is None or not user.is_authenticated:
        return None
    return int(user.id)


def _log_request(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    logger = logging.getLogger(REQUEST_LOGGER)
    if not logger.isEnabledFor(logging.INFO):
        return response
    logger.info(
        "request",
        extra={
            "request_id": request_id(),
            "user_id": _signed_in_user_id(),
            "method": request.method,
            "route": timing.route_name(),
            "status": response.status_code,
            "duration_ms": round(timing.elapsed_seconds() * 1000, 1),
        },
    )
    return response


def json_handler(stream: object = None) -> logging.Handler:
    """A handler writing each record as one JSON object on a line."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    return handler


def init_app(app: Flask) -> None:
    """Log every request; as JSON lines on stderr when ``LOG_FORMAT`` is ``json``."""
    timing.init_app(app)
    app.after_request(_log_request)
    if app.config.get("LOG_FORMAT") != "json":
        return
    logger = logging.getLogger("mentoring")
    if not any(getattr(h, "_mentoring_json", False) for h in logger.handlers):
        handler = json_handler()
        handler._mentoring_json = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
