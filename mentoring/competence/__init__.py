"""Closing workplace gaps: the learner's, managers' and ambassadors' pages and the API.

They combine the gaps of ``mentoring.workplace`` with trainings (``mentoring.trainings``) and
digital ambassadors (``mentoring.matches``), so they sit above all three.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Offer the learner's gaps to the home page's template."""
    from mentoring.competence.learner_views import home_gaps

    app.add_template_global(home_gaps, "workplace_home_gaps")
