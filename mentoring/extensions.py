"""Extension objects, created unbound; ``init_app`` binds them to one application."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine

from mentoring import connections  # noqa: F401  (checks pooled connections, retries)
from mentoring.db import Base
from mentoring.mailer import TimeoutMail
from mentoring.paths import MIGRATIONS_DIR, TRANSLATIONS_DIR

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
mail = TimeoutMail()
compress = Compress()


def init_app(app: Flask) -> None:
    from mentoring.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    mail.init_app(app)
    # Registered first, so its after_request runs last: it compresses the finished response.
    compress.init_app(app)
    from mentoring.accounts.loader import init_login

    init_login(login_manager)


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Let concurrent SQLite writers wait instead of failing, and keep foreign keys honest.

    WAL lets readers go on while one writes. The busy timeout (how long a writer waits for
    the write lock) is the driver's ``timeout``: ``SQLITE_BUSY_TIMEOUT`` (15 s) unless the
    engine options' ``connect_args`` say otherwise (tests of the wait use less).
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
