"""What changed in the database: a change counter per table, and results cached against them.

``versions``: every committed transaction that wrote a table also adds one to that table's row
of ``table_versions``, in the same transaction (so a rollback undoes both). ``cache``: results
computed from some tables, kept per process until one of those tables' counters moves.
"""

from __future__ import annotations

from flask import Flask

from mentoring.changes.cache import Cached, ResultCache, cached
from mentoring.changes.versions import bump, read_versions, table_versions, track_writes

__all__ = ["Cached", "ResultCache", "bump", "cached", "init_app", "read_versions", "table_versions"]


def init_app(app: Flask) -> None:
    track_writes()
    app.extensions["changes.cache"] = ResultCache(app.config.get("RESULT_CACHE_SIZE", 256))
