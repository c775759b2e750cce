"""Forms for signing in and managing one's own account."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from mentoring.formfields import MultiCheckboxField, choices
from mentoring.users.roles import ROLE_LABELS
from mentoring.vocabulary import TIMEZONES, UI_LANGUAGES


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("New email address"), validators=[DataRequired(), Length(max=254)])


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(_l("New password again"), validators=[DataRequired()])


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])


class SettingsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(_l("Language"), choices=choices(UI_LANGUAGES))
    timezone = SelectField(_l("Time zone"), choices=choices(TIMEZONES))


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(_l("Language of the invitation"), choices=choices(UI_LANGUAGES))
    roles = MultiCheckboxField(
        _l("Roles"), choices=choices({r.value: label for r, label in ROLE_LABELS.items()})
    )


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(
        _l("Roles"), choices=choices({r.value: label for r, label in ROLE_LABELS.items()})
    )


class ConfirmForm(FlaskForm):
    """A button only: the CSRF token is all it carries."""
