"""Forms for booking pages; each template adds ``{{ csrf_field() }}`` itself."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional

from mentoring.formfields import choices

WEEKDAYS = {
    "0": _l("Monday"),
    "1": _l("Tuesday"),
    "2": _l("Wednesday"),
    "3": _l("Thursday"),
    "4": _l("Friday"),
    "5": _l("Saturday"),
    "6": _l("Sunday"),
}
ATTENDANCE_CHOICES = {
    "attended": _l("Attended"),
    "no_show": _l("Did not come"),
    "cancelled_late": _l("Cancelled late"),
}


class BookForm(FlaskForm):
    host_id = HiddenField(validators=[DataRequired()])
    starts_at = HiddenField(validators=[DataRequired()])
    request_key = HiddenField()
    topic = HiddenField()


class RescheduleForm(FlaskForm):
    starts_at = HiddenField(validators=[DataRequired()])


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    next_steps = TextAreaField(_l("Agreed next steps"), validators=[Length(max=5000)])


class AttendanceForm(FlaskForm):
    attendance = SelectField(_l("Attendance"), choices=choices(ATTENDANCE_CHOICES))


class HostSettingsForm(FlaskForm):
    session_minutes = IntegerField(
        _l("Session length (minutes)"), validators=[DataRequired(), NumberRange(15, 480)]
    )
    buffer_minutes = IntegerField(
        _l("Break between sessions (minutes)"), validators=[Optional(), NumberRange(0, 240)]
    )
    notice_hours = IntegerField(
        _l("Minimum notice before a session (hours)"), validators=[Optional(), NumberRange(0, 720)]
    )
    horizon_days = IntegerField(
        _l("How many days ahead people can book"), validators=[DataRequired(), NumberRange(1, 366)]
    )
    place = StringField(_l("Place for in-person sessions"), validators=[Length(max=300)])
    video_link = StringField(
        _l("Video link"), validators=[Optional(), URL(require_tld=False), Length(max=500)]
    )
    max_per_day = IntegerField(
        _l("At most sessions a day"), validators=[Optional(), NumberRange(1, 50)]
    )
    max_per_week = IntegerField(
        _l("At most sessions a week"), validators=[Optional(), NumberRange(1, 200)]
    )


class WindowForm(FlaskForm):
    weekday = SelectField(_l("Day"), choices=choices(WEEKDAYS))
    start = TimeField(_l("From"), validators=[DataRequired()])
    end = TimeField(_l("Until"), validators=[DataRequired()])


class ExceptionForm(FlaskForm):
    starts_on = DateField(_l("First day away"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day away"), validators=[DataRequired()])
    reason = StringField(_l("Reason (only you see it)"), validators=[Length(max=200)])


class TrainingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Starts (your time)"), validators=[DataRequired()])
    minutes = IntegerField(
        _l("Length (minutes)"), validators=[DataRequired(), NumberRange(15, 480)]
    )
    seats = IntegerField(_l("Seats"), validators=[DataRequired(), NumberRange(1, 500)])
    place = StringField(_l("Place"), validators=[Length(max=300)])
    video_link = StringField(_l("Video link"), validators=[Optional(), URL(require_tld=False)])


class MastermindForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("First meeting (your time)"), validators=[DataRequired()])
    minutes = IntegerField(
        _l("Length (minutes)"), validators=[DataRequired(), NumberRange(15, 480)]
    )
    weeks = IntegerField(
        _l("Repeat weekly, number of meetings"), validators=[DataRequired(), NumberRange(1, 52)]
    )
    attendees = SelectMultipleField(_l("Members"), coerce=int, validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[Length(max=300)])
    video_link = StringField(_l("Video link"), validators=[Optional(), URL(require_tld=False)])
