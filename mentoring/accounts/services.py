"""Use cases for accounts: sign-in, invitations, passwords, roles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from blinker import Namespace
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mentoring.accounts import tokens
from mentoring.accounts.emails import queue_account_email
from mentoring.accounts.password_policy import password_problem
from mentoring.accounts.passwords import check_password, hash_password, verify_password
from mentoring.audit.services import record
from mentoring.errors import NotFound, ValidationError
from mentoring.extensions import db
from mentoring.users.models import User
from mentoring.users.roles import Role

WRONG_CREDENTIALS = _l("Wrong email or password.")

_signals = Namespace()
# Sent with the user and ``at`` inside the sign-in's transaction; the activity area records it.
signed_in = _signals.signal("signed-in")


def normalise_email(raw: str) -> str:
    """Return the canonical form of an email address, or raise ``ValidationError``."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationError(
            _("Not a valid email address: %(email)s", email=raw.strip()), field="email"
        ) from exc


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User:
    """Return the user these credentials belong to; the same error for every failure.

    An unknown or disabled account costs the same password check as a wrong password, so
    neither the message nor the time tells them apart. A hash made at an older cost is
    replaced on success.
    """
    user = find_user_by_email(email)
    password_hash = user.password_hash if user is not None and user.is_enabled else None
    verdict = check_password(password_hash, password)
    if user is None or not verdict.matches:
        raise ValidationError(str(WRONG_CREDENTIALS))
    if verdict.new_hash is not None:
        user.password_hash = verdict.new_hash
        db.session.commit()
    return user


def record_sign_in(user: User, *, now: datetime) -> None:
    """Note a completed sign-in (after the second factor, when the person has one)."""
    user.last_login_at = now
    signed_in.send(user, at=now)
    db.session.commit()


def build_user(
    *,
    email: str,
    name: str,
    roles: Iterable[Role],
    locale: str = "sv",
    timezone: str = "Europe/Stockholm",
) -> User:
    """Create (not commit) a user without a password; they set one through an invitation."""
    user = User(email=normalise_email(email), name=name.strip(), locale=locale, timezone=timezone)
    user.set_roles(set(roles))
    db.session.add(user)
    return user


def invite_user(
    *, email: str, name: str, roles: Iterable[Role], locale: str, inviter: User
) -> None:
    """Create an account and queue its invitation (a one-time link to choose a password).

    An address that has an account already is answered the same (the page must not tell
    who has an account); its owner gets a note that they were invited and can sign in.
    """
    if not name.strip():
        raise ValidationError(_("Please enter a name."), field="name")
    clean_roles = set(roles)
    if not clean_roles:
        raise ValidationError(_("Choose at least one role."), field="roles")
    owner = find_user_by_email(normalise_email(email))
    if owner is not None:
        queue_account_email("invitation_existing", {"inviter": inviter.name}, recipient_id=owner.id)
    else:
        user = build_user(email=email, name=name, roles=clean_roles, locale=locale)
        db.session.flush()
        queue_account_email("invitation", {"inviter": inviter.name}, recipient_id=user.id)
    record(inviter.id, "account.invited")
    db.session.commit()


def request_password_reset(raw_email: str, *, locale: str, now: datetime | None = None) -> None:
    """Queue a reset link to the account, or to an unknown address a note that it has none.

    Both cases read one row and write one outbox row, so neither the answer nor the time it
    takes tells whether the address has an account. The link is signed when it is sent; a
    disabled account's message is skipped then.
    """
    email = normalise_email(raw_email)
    found = db.session.scalar(sa.select(User.id).where(User.email == email))
    if found is not None:
        queue_account_email("password_reset", {}, recipient_id=found, now=now)
    else:
        context = {"locale": locale}
        queue_account_email("password_reset_unknown", context, address=email, now=now)
    db.session.commit()


def check_new_password(password: str, confirm: str) -> None:
    """Refuse a new password that is too short, too long or common, or not typed twice alike."""
    problem = password_problem(password)
    if problem is not None:
        raise ValidationError(problem, field="password")
    if password != confirm:
        raise ValidationError(_("The two passwords differ."), field="confirm")


def set_password_with_token(token: str, purpose: str, password: str, confirm: str) -> User:
    """Set a password through an invitation or reset link, which then stops working."""
    user = tokens.read_token(token, purpose)
    check_new_password(password, confirm)
    _store_password(user, password)
    db.session.commit()
    return user


def confirm_password(user: User, password: str) -> None:
    """Check the signed-in person's password again before a sensitive change."""
    if not verify_password(user.password_hash, password):
        raise ValidationError(_("That password is not right."), field="password")


def change_password(user: User, current: str, password: str, confirm: str) -> None:
    if not verify_password(user.password_hash, current):
        raise ValidationError(_("Your current password is not right."), field="current")
    check_new_password(password, confirm)
    _store_password(user, password)
    db.session.commit()


def _store_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    # Other signed-in sessions of this person end with the old password.
    user.session_version += 1


def end_all_sessions(user_id: int) -> None:
    """Void every signed-in cookie of this person (sign-out, so a copied cookie is useless)."""
    user = get_user(user_id)
    user.session_version += 1
    db.session.commit()


def update_settings(user: User, *, name: str, locale: str, timezone: str) -> None:
    if not name.strip():
        raise ValidationError(_("Please enter a name."), field="name")
    user.name = name.strip()
    user.locale = locale
    user.timezone = timezone
    db.session.commit()


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such person."))
    return user


def set_roles(user_id: int, roles: Iterable[Role], *, actor_id: int | None = None) -> User:
    user = get_user(user_id)
    before = sorted(role.value for role in user.roles)
    user.set_roles(set(roles))
    user.session_version += 1
    after = sorted(role.value for role in user.roles)
    if before != after:
        record(
            actor_id, "account.roles_changed", subject_user_id=user.id, before=before, after=after
        )
    db.session.commit()
    return user


def set_enabled(user_id: int, enabled: bool, *, actor_id: int | None = None) -> User:
    user = get_user(user_id)
    if user.is_enabled != enabled:
        action = "account.enabled" if enabled else "account.disabled"
        record(actor_id, action, subject_user_id=user.id)
    user.is_enabled = enabled
    user.session_version += 1
    db.session.commit()
    return user
