"""Input the database cannot store is refused up front, with a 4xx instead of a 500.

Two things reach the database from any request and break it there: a number beyond its
integer columns (PostgreSQL: "integer out of range"; SQLite: past 64 bits) used as an id,
and a NUL character, which PostgreSQL text cannot hold. Ids in paths, ``type=int`` query
and form values, and numbers in JSON bodies are kept within ``MAX_ID``; NUL characters
anywhere in the query, form or JSON body are refused.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from mentoring.errors import ValidationError

#: The largest value of a PostgreSQL ``integer`` column, which every id is.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` in a route matches 0..MAX_ID only; a larger number is no route (404)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class BoundedValues(ImmutableMultiDict[str, str]):
    """``get(name, type=int)`` answers the default for numbers no column can hold."""

    def get(self, key: str, default: Any = None, type: Any = None) -> Any:  # noqa: A002
        value = super().get(key, default, type)
        if type is int and isinstance(value, int) and abs(value) > MAX_ID:
            return default
        return value


class BoundedRequest(Request):
    parameter_storage_class = BoundedValues


def _has_unstorable(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_ID
    if isinstance(value, dict):
        return any(_has_unstorable(k) or _has_unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_unstorable(item) for item in value)
    return False


def _fields(values: ImmutableMultiDict[str, str]) -> list[str]:
    return [text for key, items in values.lists() for text in (key, *items)]


def refuse_unstorable_input() -> None:
    """Refuse a request whose query, form or JSON body holds what no column can store."""
    values: list[Any] = _fields(request.args)
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        values += _fields(request.form)
    if request.is_json:
        values.append(request.get_json(silent=True))
    if any(_has_unstorable(value) for value in values):
        raise ValidationError(
            _("The request holds a character or a number this service cannot store.")
        )


def _pages_only() -> None:
    # The API checks after its sign-in check (mentoring.api.guards): without a session,
    # every API request is a 401 first.
    if not request.path.startswith("/api/"):
        refuse_unstorable_input()


def init_app(app: Flask) -> None:
    """Bound ids and refuse NUL characters; call before blueprints add their routes."""
    app.url_map.converters["int"] = IdConverter
    app.request_class = BoundedRequest
    app.before_request(_pages_only)
