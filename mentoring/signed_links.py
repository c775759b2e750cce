"""Signed, expiring tokens for links that work from an email, without signing in.

One serializer and one error handling for every such link: invitations, password resets,
email changes, unsubscribing, check-ins and outcome questions. Each purpose has its own salt
(a token for one purpose is worthless for another) and a maximum age from ``config.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mentoring.errors import ValidationError


@dataclass(frozen=True)
class Purpose:
    salt: str
    max_age_setting: str
    # Whether the person can ask for a new link (then the expiry message says so).
    renewable: bool = False


INVITE = "invite"
RESET = "reset"
EMAIL_CHANGE = "email-change"
UNSUBSCRIBE = "unsubscribe"
CHECK_IN = "check-in"
OUTCOME = "outcome"

# The salts are those the links already sent were signed with: they keep working.
PURPOSES = {
    INVITE: Purpose("account-invite", "INVITE_MAX_AGE_SECONDS", renewable=True),
    RESET: Purpose("account-reset", "RESET_MAX_AGE_SECONDS", renewable=True),
    EMAIL_CHANGE: Purpose("account-email", "EMAIL_CHANGE_MAX_AGE_SECONDS", renewable=True),
    UNSUBSCRIBE: Purpose("notices-unsubscribe", "UNSUBSCRIBE_LINK_MAX_AGE_SECONDS"),
    CHECK_IN: Purpose("notices-check-in", "CHECK_IN_LINK_MAX_AGE_SECONDS"),
    OUTCOME: Purpose("notices-outcome", "OUTCOME_LINK_MAX_AGE_SECONDS"),
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"], PURPOSES[purpose].salt)


@functools.lru_cache(maxsize=64)
def _serializer_for(secret: str | bytes, salt: str) -> URLSafeTimedSerializer:
    # Built once: the sender signs a link for every message it renders (issue 15).
    return URLSafeTimedSerializer(secret, salt=salt)


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    """Sign ``payload`` for a link of ``purpose``."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str) -> dict[str, Any]:
    """Return the payload of a valid, unexpired token, or raise ``ValidationError``."""
    known = PURPOSES[purpose]
    try:
        payload = _serializer(purpose).loads(
            token, max_age=current_app.config[known.max_age_setting]
        )
    except SignatureExpired as exc:
        message = _("This link has expired. Ask for a new one.") if known.renewable else None
        raise ValidationError(message or _("This link has expired.")) from exc
    except BadSignature as exc:
        raise ValidationError(_("This link is not valid.")) from exc
    if not isinstance(payload, dict):
        raise ValidationError(_("This link is not valid."))
    return payload
