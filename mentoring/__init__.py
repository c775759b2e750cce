"""The peer-mentoring web application."""

from __future__ import annotations

from typing import Any

from flask import Flask

from mentoring.paths import STATIC_DIR, TEMPLATES_DIR


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application; reads like a table of contents of what it wires."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR),
    )
    from mentoring.config import load_config

    load_config(app, test_config)
    register_extensions(app)
    register_security(app)
    register_blueprints(app)
    register_api_document(app)
    register_error_handlers(app)
    register_commands(app)
    register_notifications(app)
    register_template_helpers(app)
    register_operations(app)
    return app


def register_extensions(app: Flask) -> None:
    from mentoring import accounts, activity, changes, competence, engagement, extensions, models  # noqa: F401  (complete metadata)
    from mentoring.trainings import levels as trainings_levels

    extensions.init_app(app)
    changes.init_app(app)  # counts each table's changes; the dashboards' result cache
    accounts.init_app(app)
    activity.init_app(app)  # records sign-ins and profile saves
    trainings_levels.init_app(app)  # the gap analysis reads verified levels through it
    competence.init_app(app)  # the learner's gaps on the home page
    engagement.init_app(app)  # turns follow-up answers into outcomes


def register_security(app: Flask) -> None:
    from mentoring import privacy
    from mentoring.security import headers, reauth, sessions
    from mentoring.security import input as request_input
    from mentoring.two_factor import gate

    headers.init_app(app)
    sessions.init_app(app)
    reauth.init_app(app)
    gate.init_app(app)
    request_input.init_app(app)  # before the blueprints: it bounds the routes' <int:...>
    privacy.init_app(app)  # the consent check, after the two-factor one


def register_blueprints(app: Flask) -> None:
    """Every page and API blueprint of the app, each area's together, lowest area first."""
    from mentoring.accounts.email_views import bp as account_email_bp
    from mentoring.accounts.views import bp as accounts_bp
    from mentoring.admin.audit_views import bp as audit_bp
    from mentoring.admin.views import bp as admin_bp
    from mentoring.api.views import bp as api_bp
    from mentoring.bookings.api import bp as bookings_api_bp
    from mentoring.bookings.group_views import bp as group_sessions_bp
    from mentoring.bookings.host_views import bp as booking_hosts_bp
    from mentoring.bookings.views import bp as bookings_bp
    from mentoring.competence.ambassador_views import bp as ambassadors_bp
    from mentoring.competence.api import bp as competence_api_bp
    from mentoring.competence.learner_views import bp as competence_bp
    from mentoring.competence.manager_views import bp as managers_bp
    from mentoring.conversations.api import bp as conversations_api_bp
    from mentoring.conversations.views import bp as conversations_bp
    from mentoring.engagement.message_views import bp as messages_bp
    from mentoring.engagement.participant_views import bp as feedback_bp
    from mentoring.engagement.record_views import bp as records_bp
    from mentoring.engagement.views import bp as engagement_bp
    from mentoring.groups.api import bp as groups_api_bp
    from mentoring.groups.views import bp as groups_bp
    from mentoring.home.views import bp as home_bp
    from mentoring.matches.api import bp as matches_api_bp
    from mentoring.matches.views import bp as matches_bp
    from mentoring.notices.views import bp as notices_bp
    from mentoring.operations.views import bp as operations_bp
    from mentoring.privacy.views import bp as privacy_bp
    from mentoring.profiles.views import bp as profiles_bp
    from mentoring.programmes.invitation_views import bp as invitations_bp
    from mentoring.programmes.views import bp as programmes_bp
    from mentoring.roster.views import bp as roster_bp
    from mentoring.trainings.api import bp as trainings_api_bp
    from mentoring.trainings.quiz_views import bp as quiz_bp
    from mentoring.trainings.views import bp as trainings_bp
    from mentoring.two_factor.views import bp as two_factor_bp
    from mentoring.workplace.report_views import bp as workplace_reports_bp
    from mentoring.workplace.views import bp as workplace_bp

    for bp in (
        api_bp,
        accounts_bp,
        account_email_bp,
        two_factor_bp,
        programmes_bp,
        invitations_bp,
        profiles_bp,
        workplace_bp,
        workplace_reports_bp,
        trainings_bp,
        quiz_bp,
        trainings_api_bp,
        matches_bp,
        matches_api_bp,
        groups_bp,
        groups_api_bp,
        bookings_bp,
        booking_hosts_bp,
        group_sessions_bp,
        bookings_api_bp,
        conversations_bp,
        conversations_api_bp,
        competence_bp,
        managers_bp,
        ambassadors_bp,
        competence_api_bp,
        notices_bp,
        engagement_bp,
        records_bp,
        messages_bp,
        feedback_bp,
        privacy_bp,
        operations_bp,
        roster_bp,
        home_bp,
        admin_bp,
        audit_bp,
    ):
        app.register_blueprint(bp)


def register_api_document(app: Flask) -> None:
    """Describe /api/v1 with each area's OpenAPI fragment, in the document's order."""
    from mentoring.api import core_spec, openapi
    from mentoring.bookings import api_spec as bookings_spec
    from mentoring.conversations import api_spec as conversations_spec
    from mentoring.groups import api_spec as groups_spec
    from mentoring.matches import api_spec as matches_spec
    from mentoring.trainings import api_spec as trainings_spec
    from mentoring.workplace import api_spec as workplace_spec

    for spec in (
        core_spec,
        bookings_spec,
        matches_spec,
        groups_spec,
        conversations_spec,
        trainings_spec,
        workplace_spec,
    ):
        openapi.register(app, spec.FRAGMENT)


def register_error_handlers(app: Flask) -> None:
    from mentoring.error_handlers import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from mentoring.commands import init_app

    init_app(app)


def register_notifications(app: Flask) -> None:
    from mentoring.notices import init_app

    init_app(app)


def register_template_helpers(app: Flask) -> None:
    from mentoring.template_helpers import init_app

    init_app(app)


def register_operations(app: Flask) -> None:
    from mentoring.operations import init_app

    init_app(app)
