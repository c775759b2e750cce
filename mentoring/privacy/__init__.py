"""A person's rights over their data: agree to how it is used, see it, have it erased.

Also the retention purge that anonymises people a while after their programmes end.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Add the consent check before every request and the retention CLI."""
    from mentoring.privacy.cli import init_app as init_cli
    from mentoring.privacy.consent_gate import init_app as init_gate

    init_gate(app)
    init_cli(app)
