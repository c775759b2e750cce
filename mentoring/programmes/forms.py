"""Forms for programmes, cohorts and enrolments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from mentoring.formfields import MultiCheckboxField, choices
from mentoring.vocabulary import END_REASONS, LANGUAGES, MEETING_FORMATS, TIMEZONES


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    languages = MultiCheckboxField(_l("Languages"), choices=choices(LANGUAGES))
    skill_catalogue = TextAreaField(
        _l("Skill catalogue (one skill per line)"), validators=[DataRequired(), Length(max=10000)]
    )
    tool_goals = TextAreaField(
        _l("Goal level per digital tool, one per line, like “Teams: 3”"),
        validators=[Length(max=5000)],
    )
    default_meeting_format = SelectField(
        _l("Default meeting format"), choices=choices(MEETING_FORMATS)
    )
    timezone = SelectField(_l("Time zone"), choices=choices(TIMEZONES))


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])


class StaffForm(FlaskForm):
    email = EmailField(_l("Email of a coordinator or coach"), validators=[DataRequired(), Email()])


class EnrolForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()])
    started_on = DateField(_l("Starts on"), validators=[DataRequired()])


class EndEnrollmentForm(FlaskForm):
    ended_on = DateField(_l("Ended on"), validators=[DataRequired()])
    reason = SelectField(_l("Reason"), choices=choices(END_REASONS))
