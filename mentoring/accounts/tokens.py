"""Signed, expiring, single-use links for invitations and password resets.

A token carries a fingerprint of the password hash it was issued against: once the
password is set, the fingerprint changes and the token stops working.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mentoring.accounts.models import User
from mentoring.errors import ValidationError
from mentoring.extensions import db

INVITE = "invite"
RESET = "reset"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"account-{purpose}")


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "unset").encode()).hexdigest()[:20]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"uid": user.id, "fp": _fingerprint(user)})


def read_token(token: str, purpose: str) -> User:
    """Return the user a still-valid token was issued for, or raise ``ValidationError``."""
    max_age = current_app.config[
        "INVITE_MAX_AGE_SECONDS" if purpose == INVITE else "RESET_MAX_AGE_SECONDS"
    ]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ValidationError(_("This link has expired. Ask for a new one.")) from exc
    except BadSignature as exc:
        raise ValidationError(_("This link is not valid.")) from exc
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.is_enabled or payload.get("fp") != _fingerprint(user):
        raise ValidationError(_("This link has already been used or is no longer valid."))
    return user
