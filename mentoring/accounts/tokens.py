"""Signed, expiring, single-use links for invitations and password resets.

A token carries a fingerprint of the password hash it was issued against: once the
password is set, the fingerprint changes and the token stops working.
"""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _

from mentoring import signed_links
from mentoring.errors import ValidationError
from mentoring.extensions import db
from mentoring.signed_links import INVITE, RESET
from mentoring.users.models import User

__all__ = ["INVITE", "RESET", "make_token", "read_token"]


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:20]


def make_token(user: User, purpose: str) -> str:
    return signed_links.make_token(purpose, {"uid": user.id, "fp": _fingerprint(user)})


def read_token(token: str, purpose: str) -> User:
    """Return the user a still-valid token was issued for, or raise ``ValidationError``."""
    payload = signed_links.read_token(purpose, token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.is_enabled or payload.get("fp") != _fingerprint(user):
        raise ValidationError(_("This link has already been used or is no longer valid."))
    return user
