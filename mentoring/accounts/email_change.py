"""Changing one's email address: the new address must confirm it through a link.

Until the link is opened nothing changes, so a typo cannot lock the person out (password
resets go to the email on file). The link names the address it replaces: once the email has
changed, every older link stops working. The old address is told of the change.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring import signed_links
from mentoring.accounts.emails import queue_account_email
from mentoring.accounts.services import normalise_email
from mentoring.audit.services import record
from mentoring.errors import Conflict, ValidationError
from mentoring.extensions import db
from mentoring.users.models import User


def _fingerprint(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:20]


def _taken(email: str, *, by_other_than: int) -> bool:
    found = db.session.scalar(sa.select(User.id).where(User.email == email))
    return found is not None and found != by_other_than


def make_token(user: User, email: str) -> str:
    """Return the token of the link that moves ``user`` to ``email`` (signed at sending)."""
    payload = {"uid": user.id, "email": email, "old": _fingerprint(user.email)}
    return signed_links.make_token(signed_links.EMAIL_CHANGE, payload)


def request_change(user: User, raw_email: str, *, now: datetime) -> str:
    """Queue the confirmation link to the new address and return the address.

    An address that already has an account answers the same; its owner is told instead
    that someone tried to use it, with none of the requester's words in the email.
    """
    email = normalise_email(raw_email)
    if email == user.email:
        raise ValidationError(_("That is already your email address."), field="email")
    owner = db.session.scalar(sa.select(User.id).where(User.email == email))
    if owner is None:
        context = {"user_id": user.id, "locale": user.locale}
        queue_account_email("email_change", context, address=email, now=now)
    else:
        queue_account_email("email_in_use", {}, recipient_id=owner, now=now)
    record(user.id, "account.email_change_requested", subject_user_id=user.id)
    db.session.commit()
    return email


def read_change(token: str) -> tuple[User, str]:
    """Return the person and the new address a still-valid link is for."""
    payload = signed_links.read_token(signed_links.EMAIL_CHANGE, token)
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.is_enabled or payload.get("old") != _fingerprint(user.email):
        raise ValidationError(_("This link has already been used or is no longer valid."))
    return user, str(payload["email"])


def confirm_change(token: str, *, now: datetime) -> tuple[User, str]:
    """Move the account to the link's address; return the person and their old address.

    The person's signed-in sessions end, as after a password change.
    """
    user, email = read_change(token)
    if _taken(email, by_other_than=user.id):
        raise Conflict(_("Someone with this email already has an account."))
    old = user.email
    user.email = email
    user.session_version += 1
    record(user.id, "account.email_changed", subject_user_id=user.id)
    queue_account_email(
        "email_changed", {"new_email": email, "locale": user.locale}, address=old, now=now
    )
    db.session.commit()
    return user, old
