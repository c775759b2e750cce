"""Small helpers shared by views: a service's error on its form, and safe "next" targets."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for
from flask_wtf import FlaskForm

from mentoring.errors import DomainError


def show_error(form: FlaskForm, error: DomainError) -> None:
    """Attach ``error`` to the field it names, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def safe_next(target: str | None) -> str:
    """Return ``target`` if it is a path on this site, else the home page (no open redirect).

    Browsers read ``/\\evil.example`` (and a path with a tab or newline in it) as
    ``//evil.example``, another site: such targets are refused as well as ``//`` and schemes.
    """
    home = url_for("home.index")
    if not target or not target.startswith("/") or target.startswith("//"):
        return home
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return home
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else home
