"""The five levels of a self-assessment, each in plain words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LEVEL_WORDS = {
    1: _l("I can open it and read."),
    2: _l("I can do simple tasks with some help."),
    3: _l("I can do my everyday tasks on my own."),
    4: _l("I can solve problems when something goes wrong."),
    5: _l("I can help a colleague."),
}
