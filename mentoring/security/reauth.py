"""Recent sign-in: sensitive changes ask for the password again after a few minutes.

A session that was left open (a shared computer, a stolen cookie) should not be enough to
change someone's roles or take over an account's second factor. The moment of the last
sign-in or password confirmation travels in the signed session cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import user_logged_in

from mentoring.security.sessions import now

F = TypeVar("F", bound=Callable[..., Any])

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CONFIRMED_KEY = "_auth_confirmed"


def mark_confirmed() -> None:
    """Note that the person has just proved they know the password."""
    session[CONFIRMED_KEY] = now().isoformat()


def is_recent() -> bool:
    """Tell whether the password was given within ``REAUTH_MAX_AGE``."""
    raw = session.get(CONFIRMED_KEY)
    if not isinstance(raw, str):
        return False
    try:
        confirmed = datetime.fromisoformat(raw)
    except ValueError:
        return False
    max_age = current_app.config["REAUTH_MAX_AGE"]
    return timedelta(0) <= now() - confirmed <= max_age


def recent_sign_in_required(back: str | None = None) -> Callable[[F], F]:
    """Ask for the password first when a change is sent long after the last sign-in.

    Only writes are guarded: reading the page with the form is fine. ``back`` is the endpoint
    of that page (given the view's arguments), where the person returns after confirming;
    without it they return to the same path.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if request.method in SAFE_METHODS or is_recent():
                return view(*args, **kwargs)
            if back is not None:
                target = url_for(back, **(request.view_args or {}))
            else:
                target = request.path
            flash(_("For your safety, please enter your password again."), "info")
            return redirect(url_for("accounts.confirm_password", next=target))

        return wrapped  # type: ignore[return-value]

    return decorator


def _on_login(_app: Flask, **_extra: Any) -> None:
    mark_confirmed()


def init_app(app: Flask) -> None:
    """Count every sign-in of ``app`` as a password confirmation."""
    user_logged_in.connect(_on_login, app)
