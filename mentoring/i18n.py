"""Which language and time zone a request is served in."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Prefer the signed-in person's choice, then this browser's, then its Accept-Language."""
    locales = supported_locales()
    if not has_request_context():  # CLI commands and jobs choose with force_locale
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if current_user and current_user.is_authenticated and current_user.locale in locales:
        return str(current_user.locale)
    chosen = session.get("locale")
    if chosen in locales:
        return str(chosen)
    return (
        request.accept_languages.best_match(locales) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return str(current_user.timezone)
    return None
