"""Workplace competence programmes: organisation, knowledge goals, self-assessments and gaps.

Everything here sits below trainings and matching, which build on the gaps. The pages that
combine gaps with trainings and ambassadors (the learner's, the managers', the API) are in
``mentoring.competence``, above them.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the workplace pages."""
    from mentoring.workplace.report_views import bp as reports_bp
    from mentoring.workplace.views import bp as workplace_bp

    for bp in (workplace_bp, reports_bp):
        app.register_blueprint(bp)
