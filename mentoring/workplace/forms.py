"""Forms for organisations, occupations, managers, knowledge goals and self-assessments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from mentoring.formfields import MultiCheckboxField
from mentoring.workplace.models import TOOL_NAME_MAX

NAME_MAX = 120


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), validators=[DataRequired(), Length(max=200)])


class UnitForm(FlaskForm):
    name = StringField(_l("Name of the unit"), validators=[DataRequired(), Length(max=NAME_MAX)])
    parent = SelectField(_l("Part of"), choices=[], validate_choice=False)


class RenameForm(FlaskForm):
    name = StringField(_l("New name"), validators=[DataRequired(), Length(max=NAME_MAX)])


class OccupationForm(FlaskForm):
    name = StringField(_l("Occupational group"), validators=[DataRequired(), Length(max=NAME_MAX)])


class ManagerForm(FlaskForm):
    email = EmailField(_l("Email of the manager"), validators=[DataRequired(), Email()])
    units = MultiCheckboxField(_l("Units they manage"), choices=[], validate_choice=False)


class GoalForm(FlaskForm):
    occupation = SelectField(_l("Occupational group"), choices=[], validate_choice=False)
    unit = SelectField(_l("Only in this unit"), choices=[], validate_choice=False)
    tool = StringField(_l("Tool or task"), validators=[DataRequired(), Length(max=TOOL_NAME_MAX)])
    level = SelectField(
        _l("Required level"),
        choices=[SelectChoice(str(n), str(n)) for n in range(1, 6)],
        validators=[InputRequired()],
    )


class RoundForm(FlaskForm):
    starts_on = DateField(_l("Everyone assesses again from"), validators=[DataRequired()])


class PlacementForm(FlaskForm):
    unit = SelectField(_l("Unit"), choices=[], validate_choice=False)
    occupation = SelectField(_l("Occupational group"), choices=[], validate_choice=False)


class AssessmentForm(FlaskForm):
    """One radio group per tool is added by ``assessment_form`` (the tools vary per person)."""


def assessment_form(tools: list[str], levels: dict[str, int], words: dict[int, str]) -> FlaskForm:
    """Build a form with a 1-5 choice for each of ``tools``, prefilled with ``levels``."""

    class Form(AssessmentForm):
        pass

    for index, tool in enumerate(tools):
        field = RadioField(
            tool,
            choices=[SelectChoice(str(level), f"{level}: {word}") for level, word in words.items()],
            validators=[InputRequired(message=str(_l("Choose a level for this tool.")))],
        )
        setattr(Form, f"tool_{index}", field)
    data = {f"tool_{i}": str(levels[t]) for i, t in enumerate(tools) if t in levels}
    return Form(data=data)
