"""Is this instance ready for traffic: does the database answer, and Redis where configured?"""

from __future__ import annotations

from dataclasses import dataclass

import redis
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from mentoring.extensions import db

OK = "ok"
UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, str]

    @property
    def ready(self) -> bool:
        return all(state == OK for state in self.checks.values())


def check_readiness(redis_url: str | None, timeout: float = 2.0) -> Readiness:
    """Ask the database (and Redis, when ``redis_url`` is a Redis URL) for one round trip."""
    checks = {"database": _database()}
    if redis_url and redis_url.startswith(("redis://", "rediss://", "unix://")):
        checks["redis"] = _redis(redis_url, timeout)
    return Readiness(checks)


def _database() -> str:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.remove()
        return UNAVAILABLE
    return OK


def _redis(url: str, timeout: float) -> str:
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return OK if client.ping() else UNAVAILABLE
    except redis.RedisError:
        return UNAVAILABLE
    finally:
        client.close()
