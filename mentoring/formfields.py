"""Form field helpers shared by every form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import SelectChoice, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes, each with its own label."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(options: Mapping[str, Any] | Iterable[str]) -> list[SelectChoice]:
    """Turn ``{value: label}`` (or plain values, their own labels) into WTForms choices."""
    if isinstance(options, Mapping):
        return [SelectChoice(value, label) for value, label in options.items()]
    return [SelectChoice(value, value) for value in options]
