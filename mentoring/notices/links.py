"""Signed links that work without signing in: unsubscribe, check-in, outcome follow-up."""

from __future__ import annotations

from flask import url_for

from mentoring.signed_links import CHECK_IN, OUTCOME, UNSUBSCRIBE, make_token, read_token

__all__ = ["CHECK_IN", "OUTCOME", "UNSUBSCRIBE", "make_token", "read_token"]


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
