"""Closing workplace gaps: the learner's, managers' and ambassadors' pages and the API.

They combine the gaps of ``mentoring.workplace`` with trainings (``mentoring.trainings``) and
digital ambassadors (``mentoring.matches``), so they sit above all three.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the learner's, managers' and ambassadors' pages, the API and the home gaps."""
    from mentoring.competence.ambassador_views import bp as ambassadors_bp
    from mentoring.competence.api import bp as api_bp
    from mentoring.competence.learner_views import bp as competence_bp
    from mentoring.competence.learner_views import home_gaps
    from mentoring.competence.manager_views import bp as managers_bp

    for bp in (competence_bp, managers_bp, ambassadors_bp, api_bp):
        app.register_blueprint(bp)
    app.add_template_global(home_gaps, "workplace_home_gaps")
