"""Signed links that work without signing in: unsubscribe, check-in, outcome follow-up."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mentoring.errors import ValidationError

UNSUBSCRIBE = "unsubscribe"
CHECK_IN = "check-in"
OUTCOME = "outcome"
MAX_AGE = {UNSUBSCRIBE: 365 * 24 * 3600, CHECK_IN: 21 * 24 * 3600, OUTCOME: 45 * 24 * 3600}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"notices-{purpose}")


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str) -> dict[str, Any]:
    """Return the payload of a valid, unexpired token, or raise ``ValidationError``."""
    try:
        payload = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as exc:
        raise ValidationError(_("This link has expired.")) from exc
    except BadSignature as exc:
        raise ValidationError(_("This link is not valid.")) from exc
    if not isinstance(payload, dict):
        raise ValidationError(_("This link is not valid."))
    return payload


def unsubscribe_url(user_id: int, kind: str) -> str:
    token = make_token(UNSUBSCRIBE, {"u": user_id, "k": kind})
    return url_for("notices.unsubscribe", token=token, _external=True)


def check_in_url(user_id: int, subject_kind: str, subject_id: int, occasion: str) -> str:
    token = make_token(
        CHECK_IN, {"u": user_id, "sk": subject_kind, "si": subject_id, "o": occasion}
    )
    return url_for("notices.check_in", token=token, _external=True)


def outcome_url(user_id: int, enrolment_id: int) -> str:
    token = make_token(OUTCOME, {"u": user_id, "e": enrolment_id})
    return url_for("notices.outcome", token=token, _external=True)
