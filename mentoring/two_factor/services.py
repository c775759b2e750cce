"""Use cases of two-factor sign-in: turn it on, check a code, renew recovery codes, turn it off."""

from __future__ import annotations

import base64
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from mentoring.audit.services import record
from mentoring.errors import Forbidden, ValidationError
from mentoring.extensions import db
from mentoring.security import encryption
from mentoring.two_factor import totp
from mentoring.two_factor.models import RecoveryCode, TwoFactor
from mentoring.users.models import User
from mentoring.users.roles import Role

#: Roles that see many people's data: they may not sign in without a second factor.
REQUIRED_FOR = frozenset({Role.ADMIN, Role.COORDINATOR, Role.MANAGER})
RECOVERY_CODE_COUNT = 10


def setup_secret(user_id: int, nonce: str) -> str:
    """The authenticator key being set up, derived on the server from the session's nonce.

    The signed (readable) session cookie holds only the random nonce; the key needs the
    server's encryption key too, so a copied cookie does not give it away. 160 bits, base32.
    """
    derived = encryption.derive(f"two-factor-setup:{user_id}:{nonce}")
    return base64.b32encode(derived[:20]).decode()


def settings_of(user_id: int) -> TwoFactor | None:
    """Return the person's two-factor settings, ``None`` while it is off."""
    return db.session.get(TwoFactor, user_id)


def is_enabled(user_id: int) -> bool:
    return settings_of(user_id) is not None


def is_required(user: User) -> bool:
    """Tell whether ``user``'s roles oblige them to use a second factor."""
    return user.has_role(*REQUIRED_FOR)


def unused_recovery_codes(user_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def enable(user: User, secret: str, code: str, *, now: datetime) -> list[str]:
    """Turn two-factor on with ``secret`` once ``code`` shows the app holds it.

    Replaces an earlier authenticator, if any. Returns new recovery codes, to be shown once.
    Other signed-in sessions of the person end.
    """
    step = totp.matching_step(secret, code, now)
    if step is None:
        raise ValidationError(
            _("That code does not match. Check the time on your phone and try the next code."),
            field="code",
        )
    settings = settings_of(user.id)
    replaced = settings is not None
    if settings is None:
        settings = TwoFactor(user_id=user.id, secret=secret, enabled_at=now)
        db.session.add(settings)
    settings.secret, settings.enabled_at, settings.last_step = secret, now, step
    codes = _replace_recovery_codes(user.id)
    user.session_version += 1
    action = "account.two_factor_replaced" if replaced else "account.two_factor_enabled"
    record(user.id, action, subject_user_id=user.id)
    db.session.commit()
    return codes


def first_unused_step(settings: TwoFactor, at: datetime, *, offset: int = -1) -> int | None:
    """Return the earliest time step from ``offset`` steps around ``at`` still accepted.

    ``offset=0`` gives the code that stays good longest; -1 also uses the step just past.
    """
    current = totp.step_at(at)
    lowest = current + max(offset, -totp.DRIFT_STEPS)
    if settings.last_step is not None:
        lowest = max(lowest, settings.last_step + 1)
    return lowest if lowest <= current + totp.DRIFT_STEPS else None


def verify(user: User, code: str, *, now: datetime) -> None:
    """Accept a current authenticator code or an unused recovery code, each only once.

    Raises ``ValidationError`` for a wrong code and for a code already used.
    """
    settings = settings_of(user.id)
    if settings is None:
        raise ValidationError(_("Two-factor sign-in is not set up."), field="code")
    if totp.looks_like_totp(code):
        _accept_totp(settings, code, now)
    else:
        _accept_recovery_code(user, code, now)
    db.session.commit()


def _accept_totp(settings: TwoFactor, code: str, now: datetime) -> None:
    step = totp.matching_step(settings.secret, code, now)
    if step is None:
        raise ValidationError(_("That code is not right."), field="code")
    if settings.last_step is not None and step <= settings.last_step:
        raise ValidationError(
            _("That code has been used already. Wait for the next one."), field="code"
        )
    settings.last_step = step


def _accept_recovery_code(user: User, code: str, now: datetime) -> None:
    found = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == totp.hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        raise ValidationError(_("That code is not right."), field="code")
    found.used_at = now
    record(user.id, "account.recovery_code_used", subject_user_id=user.id)


def renew_recovery_codes(user: User) -> list[str]:
    """Replace every recovery code with new ones, to be shown once."""
    if not is_enabled(user.id):
        raise ValidationError(_("Two-factor sign-in is not set up."))
    codes = _replace_recovery_codes(user.id)
    record(user.id, "account.recovery_codes_renewed", subject_user_id=user.id)
    db.session.commit()
    return codes


def _replace_recovery_codes(user_id: int) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = [totp.new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user_id, code_hash=totp.hash_recovery_code(code)) for code in codes
    )
    return codes


def disable(user: User) -> None:
    """Turn two-factor off; not allowed for the roles that require it."""
    if is_required(user):
        raise Forbidden(_("Your role requires two-factor sign-in; it cannot be turned off."))
    _remove(user)
    record(user.id, "account.two_factor_disabled", subject_user_id=user.id)
    db.session.commit()


def reset(user: User, *, actor_id: int) -> None:
    """Remove someone's second factor (lost phone and codes); they set it up again."""
    if not is_enabled(user.id):
        raise ValidationError(_("Two-factor sign-in is not set up."))
    _remove(user)
    record(actor_id, "account.two_factor_reset", subject_user_id=user.id)
    db.session.commit()


def _remove(user: User) -> None:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(TwoFactor).where(TwoFactor.user_id == user.id))
    user.session_version += 1


def rotate_secrets() -> int:
    """Re-encrypt every stored authenticator key with the newest key; return how many."""
    rows = db.session.execute(sa.text("SELECT user_id, secret FROM two_factor")).all()
    for user_id, token in rows:
        db.session.execute(
            sa.text("UPDATE two_factor SET secret = :secret WHERE user_id = :user_id"),
            {"secret": encryption.rotate(token), "user_id": user_id},
        )
    db.session.commit()
    return len(rows)
