"""Small helpers shared by views: showing a service's error on the form that caused it."""

from __future__ import annotations

from flask_wtf import FlaskForm

from mentoring.errors import DomainError


def show_error(form: FlaskForm, error: DomainError) -> None:
    """Attach ``error`` to the field it names, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
