"""Reading JSON request bodies and writing answers: the one helper every /api/v1 area uses.

Errors are ``ValidationError``s, which the error handlers answer with 422 and a JSON body.
Times go out as ISO 8601 in UTC with a ``Z`` and whole seconds, everywhere in the API.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import request
from flask_babel import gettext as _

from mentoring.errors import ValidationError


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 422 when it is not one."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError(_("Send a JSON object."))
    return data


def field(data: dict[str, Any], name: str, kind: type) -> Any:
    """``data[name]`` if it is a ``kind`` (a boolean is never taken for a number)."""
    value = data.get(name)
    if not isinstance(value, kind) or (kind in (int, float) and isinstance(value, bool)):
        raise ValidationError(
            _("The field %(name)s is missing or of the wrong type.", name=name), field=name
        )
    return value


def whole(value: Any, key: str, message: str) -> int:
    """An integer, not a boolean (JSON ``true`` is a Python int; PostgreSQL compares no such)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(message, field=key)
    return value


def text(body: dict[str, Any], key: str, limit: int, default: str = "") -> str:
    """A string of at most ``limit`` characters (its column's size), or ``default`` if left out."""
    value = body.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValidationError(_("Give %(key)s as text.", key=key), field=key)
    if len(value) > limit:
        raise ValidationError(
            _("%(key)s is at most %(limit)d characters.", key=key, limit=limit), field=key
        )
    return value


def iso_utc(moment: datetime) -> str:
    """A naive UTC moment as ISO 8601 with a Z, whole seconds: how the API writes every time."""
    return moment.replace(microsecond=0).isoformat() + "Z"


def json_value(value: Any) -> Any:
    """A value as the API writes it: moments with ``iso_utc``, days as ISO dates, the rest as is."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def attributes(obj: object, *names: str) -> dict[str, Any]:
    """The named attributes of ``obj`` for a JSON answer, each written by ``json_value``."""
    return {name: json_value(getattr(obj, name)) for name in names}
