"""Show naive UTC moments in a person's time zone and language."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime as babel_format
from flask_babel import get_locale

from mentoring.api.fields import iso_utc  # noqa: F401  (the API's one time format)

PATTERNS = {"long": "EEEE d MMMM y, HH:mm", "time": "HH:mm", "day": "EEEE d MMMM"}


@lru_cache(maxsize=64)
def _parsed(identifier: str) -> Locale:
    # Parsing a locale name costs several times the formatting itself; lists of sessions
    # format dozens of moments per page.
    return Locale.parse(identifier)


def format_local(
    moment: datetime, tz_name: str, locale: str | None = None, *, fmt: str = "long"
) -> str:
    """Format ``moment`` (naive UTC) as wall-clock time in ``tz_name``."""
    return _formatted(moment, tz_name, locale or str(get_locale() or "en"), fmt)


@lru_cache(maxsize=4096)
def _formatted(moment: datetime, tz_name: str, locale: str, fmt: str) -> str:
    # A pure function of its arguments, and the same sessions and free times are shown again
    # and again (lists of sessions, the week of free times): remember the recent ones.
    aware = moment.replace(tzinfo=UTC)
    return babel_format(aware, PATTERNS[fmt], tzinfo=ZoneInfo(tz_name), locale=_parsed(locale))


def parse_utc(text: str) -> datetime:
    """Read an ISO 8601 moment (with an offset or Z; none means UTC) into naive UTC.

    Raises ValueError on anything else.
    """
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)
