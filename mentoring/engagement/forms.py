"""Forms for what coordinators record: outcomes, entry/exit indicators, inactive days."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Optional

from mentoring.engagement.outcomes import OUTCOME_LABELS
from mentoring.engagement.records import EDUCATION_LABELS, LABOUR_LABELS
from mentoring.formfields import choices
from mentoring.vocabulary import AGE_BANDS

NOT_GIVEN = [SelectChoice("", _l("Not given"))]


class OutcomeForm(FlaskForm):
    kind = SelectField(_l("Outcome"), choices=choices(OUTCOME_LABELS))
    achieved_on = DateField(_l("Reached on"), validators=[InputRequired()])


class IndicatorsForm(FlaskForm):
    labour_status = SelectField(
        _l("Labour-market status"), choices=NOT_GIVEN + choices(LABOUR_LABELS), default=""
    )
    age_band = SelectField(_l("Age band"), choices=NOT_GIVEN + choices(AGE_BANDS), default="")
    education_level = SelectField(
        _l("Education level"), choices=NOT_GIVEN + choices(EDUCATION_LABELS), default=""
    )


class SettingsForm(FlaskForm):
    inactive_days = IntegerField(
        _l("Days without activity before a participant counts as dropped out"),
        validators=[Optional()],
    )
    check_in_days = IntegerField(
        _l("Ask every pair and group how it is going every … days"), validators=[Optional()]
    )
    nudge_days = IntegerField(
        _l("Remind people who have been silent after … days"), validators=[Optional()]
    )


class MessageForm(FlaskForm):
    programme_id = SelectField(_l("Programme"), coerce=int, validate_choice=False)
    body = TextAreaField(_l("Your message"))
