"""Extension objects, created unbound; ``init_app`` binds them to one application."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from mentoring import connections  # noqa: F401  (checks pooled connections, retries)
from mentoring.db import Base
from mentoring.mailer import TimeoutMail
from mentoring.paths import MIGRATIONS_DIR

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
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    mail.init_app(app)
    # Registered first, so its after_request runs last: it compresses the finished response.
    compress.init_app(app)
