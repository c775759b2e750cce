"""A person's rights over their data: agree to how it is used, see it, have it erased.

Also the retention purge that anonymises people a while after their programmes end.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the privacy pages, the consent check before every request and the CLI."""
    from mentoring.privacy import consent_views, retention_views  # noqa: F401  (add routes)
    from mentoring.privacy.cli import init_app as init_cli
    from mentoring.privacy.consent import DEFAULT_VERSION
    from mentoring.privacy.consent_gate import init_app as init_gate
    from mentoring.privacy.views import bp

    app.config.setdefault("CONSENT_VERSION", DEFAULT_VERSION)
    app.register_blueprint(bp)
    init_gate(app)
    init_cli(app)
