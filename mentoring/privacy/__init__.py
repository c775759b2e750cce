"""A person's rights over their data: agree to how it is used, see it, have it erased.

Also the retention purge that anonymises people a while after their programmes end.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the consent check before every request, the retention CLI and its daily job."""
    from mentoring.notices.jobs import add_job
    from mentoring.privacy.cli import init_app as init_cli
    from mentoring.privacy.consent_gate import init_app as init_gate
    from mentoring.privacy.retention import RETENTION_JOB

    init_gate(app)
    init_cli(app)
    add_job(app, RETENTION_JOB)  # the scheduler purges expired data once a day
