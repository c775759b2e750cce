"""Workplace competence programmes: knowledge goals, self-assessments, gaps and managers.

Layering: ``models``, ``organisation``, ``goals``, ``assessments`` and ``gaps`` sit low
(they import programmes and accounts only), so ``mentoring.trainings`` may import them.
Modules that show trainings data (manager pages, recommendations) sit above trainings.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the workplace pages."""
    from mentoring.workplace.api import bp as api_bp
    from mentoring.workplace.learner_views import bp as competence_bp
    from mentoring.workplace.learner_views import home_gaps
    from mentoring.workplace.manager_views import bp as managers_bp
    from mentoring.workplace.report_views import bp as reports_bp
    from mentoring.workplace.views import bp as workplace_bp

    for bp in (workplace_bp, reports_bp, competence_bp, managers_bp, api_bp):
        app.register_blueprint(bp)
    app.add_template_global(home_gaps, "workplace_home_gaps")
