"""The links of account emails, signed when the email is rendered (never stored)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy.orm import Session

from mentoring.accounts import email_change, tokens
from mentoring.users.models import User
from notifications.model import ClaimedMessage


def _password_url(user: User, purpose: str) -> str:
    token = tokens.make_token(user, purpose)
    return url_for("accounts.set_password", purpose=purpose, token=token, _external=True)


def account_links(session: Session, message: ClaimedMessage) -> dict[str, str] | None:
    """Return the links ``message`` needs, or ``None`` when it no longer applies."""
    found = {"home_url": url_for("home.index", _external=True)}
    template, ctx = message.template, message.context
    person = session.get(User, message.recipient_id) if message.recipient_id else None
    if template == "password_reset":
        if person is None:
            return None
        found["link"] = _password_url(person, tokens.RESET)
    elif template == "invitation":
        if person is None or person.password_hash is not None:
            return None  # the password is set already: the invitation has done its work
        found["link"] = _password_url(person, tokens.INVITE)
    elif template == "cohort_invitation":
        found["link"] = url_for("invitations.index", _external=True)
        if person is not None and person.password_hash is None:
            found["password_link"] = _password_url(person, tokens.INVITE)
    elif template == "email_change":
        requester = session.get(User, ctx.get("user_id"))
        if requester is None or not requester.is_enabled:
            return None
        token = email_change.make_token(requester, message.address or "")
        found["link"] = url_for("account_email.confirm", token=token, _external=True)
    return found
