"""People's accounts: sign-in, roles, invitations, passwords and email changes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Load the signed-in person from the session cookie."""
    from mentoring.accounts.loader import init_login
    from mentoring.extensions import login_manager

    init_login(login_manager)
