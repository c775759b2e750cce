"""Forms for agreeing to the privacy notice and for a programme's retention period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired


class ConsentForm(FlaskForm):
    share_attributes = BooleanField(
        _l("Also store my gender and age band (optional, you can say no and still take part)")
    )


class RetentionForm(FlaskForm):
    retention_months = IntegerField(
        _l("Keep people's data for … months after their enrolment ends"),
        validators=[InputRequired(_l("Enter a whole number of months."))],
    )
