"""The SMTP connection the outbox's sender uses (never inside a request), with a timeout."""

from __future__ import annotations

import smtplib
from typing import Any

from flask import current_app
from flask_mail import Connection, Mail


def open_smtp(state: Any) -> smtplib.SMTP:
    """Connect to the configured server (``app.extensions["mail"]``), with ``MAIL_TIMEOUT``.

    Flask-Mail 0.10 opens SMTP connections without a timeout; a hung server would stall us.
    """
    timeout = float(current_app.config["MAIL_TIMEOUT"])
    host: smtplib.SMTP
    if state.use_ssl:
        host = smtplib.SMTP_SSL(state.server, state.port, timeout=timeout)
    else:
        host = smtplib.SMTP(state.server, state.port, timeout=timeout)
    if state.use_tls:
        host.starttls()
    if state.username and state.password:
        host.login(state.username, state.password)
    return host


class TimeoutConnection(Connection):
    def configure_host(self) -> smtplib.SMTP | smtplib.SMTP_SSL:
        return open_smtp(self.mail)


class TimeoutMail(Mail):
    def connect(self) -> Connection:
        return TimeoutConnection(current_app.extensions["mail"])
