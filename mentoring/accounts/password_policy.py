"""What a new password must be: long enough, not absurdly long, and not a common password.

The common passwords are the 30,000 most frequent in leaked password sets, as bundled with
the ``zxcvbn`` package (checked offline; nothing is downloaded). Length is counted in
characters of the NFKC form, so a passphrase in Arabic or Chinese counts like one in Finnish.
"""

from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext as _

from mentoring.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normalise


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords, loaded on first use (it is a large module)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.casefold() for word in FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    """Tell whether ``password`` (in any letter case) is on the list of common passwords."""
    return normalise(password).casefold() in common_passwords()


def password_problem(password: str) -> str | None:
    """Return why ``password`` may not be used, or ``None`` when it is fine."""
    length = len(normalise(password))
    if length < MIN_PASSWORD_LENGTH:
        return _("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
    if length > MAX_PASSWORD_LENGTH:
        return _("Use at most %(count)d characters.", count=MAX_PASSWORD_LENGTH)
    if is_common(password):
        return _(
            "This password is one of the most common ones and easy to guess. "
            "Try a few unrelated words."
        )
    return None
