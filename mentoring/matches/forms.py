"""Forms for matching rules and pairing answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from mentoring.formfields import choices
from mentoring.matches.pairings import END_REASONS

OBJECTIVES = {
    "most_matched": _l("Most people matched first"),
    "best_scores": _l("Best scores first"),
}
MODES = {
    "coordinator": _l("The coordinator assigns mentors"),
    "mentee_choice": _l("Participants choose among their five best mentors"),
}


def _weight(label: object) -> FloatField:
    return FloatField(label, validators=[InputRequired(), NumberRange(0, 1)])


class RulesForm(FlaskForm):
    skills_weight = _weight(_l("Skills: the mentor offers what the participant wants"))
    goals_weight = _weight(_l("Shared goals"))
    interests_weight = _weight(_l("Shared interests"))
    text_weight = _weight(_l("Similar words in their profiles"))
    place_weight = _weight(_l("Same municipality"))
    hours_weight = _weight(_l("Common weekly hours"))
    min_common_hours = IntegerField(
        _l("Fewest common hours a week (must)"), validators=[InputRequired(), NumberRange(0, 40)]
    )
    same_municipality = BooleanField(_l("Must live in the same municipality"))
    honour_same_gender = BooleanField(
        _l("Honour a participant's wish for a mentor of their own gender")
    )
    objective = SelectField(_l("Goal of the matching"), choices=choices(OBJECTIVES))
    mode = SelectField(_l("How pairs are made"), choices=choices(MODES))
    planned_weeks = IntegerField(
        _l("Planned length of a pairing, in weeks"),
        validators=[InputRequired(), NumberRange(1, 104)],
    )
    request_days = IntegerField(
        _l("Days a mentor has to answer a request"),
        validators=[InputRequired(), NumberRange(1, 30)],
    )


class AnswerForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Length(max=500)])


class EndPairingForm(FlaskForm):
    ended_on = DateField(_l("Ended on"), validators=[DataRequired()])
    reason = SelectField(_l("Reason"), choices=choices(END_REASONS))


class ExtendForm(FlaskForm):
    weeks = IntegerField(_l("Extend by weeks"), validators=[InputRequired(), NumberRange(1, 52)])


class AwayForm(FlaskForm):
    starts_on = DateField(_l("Away from"), validators=[DataRequired()])
    ends_on = DateField(_l("Away until"), validators=[DataRequired()])


class FeedbackForm(FlaskForm):
    rating = IntegerField(
        _l("How did the first meeting go? 1 to 5"), validators=[Optional(), NumberRange(1, 5)]
    )
    verdict = SelectField(
        _l("Do you want to continue?"),
        choices=choices(
            {"": "–", "continue": _l("Yes, continue"), "not_a_fit": _l("No, we are not a good fit")}
        ),
        validators=[Optional()],
    )
