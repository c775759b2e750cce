"""Send an email now, in the recipient's language, with a bounded SMTP timeout."""

from __future__ import annotations

import smtplib
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Connection, Mail, Message


class TimeoutConnection(Connection):
    """Flask-Mail 0.10 opens SMTP connections without a timeout; a hung server would stall us."""

    def configure_host(self) -> smtplib.SMTP | smtplib.SMTP_SSL:
        timeout = float(current_app.config["MAIL_TIMEOUT"])
        host: smtplib.SMTP | smtplib.SMTP_SSL
        if self.mail.use_ssl:
            host = smtplib.SMTP_SSL(self.mail.server, self.mail.port, timeout=timeout)
        else:
            host = smtplib.SMTP(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


class TimeoutMail(Mail):
    def connect(self) -> Connection:
        return TimeoutConnection(current_app.extensions["mail"])


def send_email(to: str, locale: str, template: str, **context: Any) -> None:
    """Render ``templates/email/<template>.txt`` in ``locale`` and send it.

    The template's first line is the subject.
    """
    from mentoring.extensions import mail

    with force_locale(locale):
        rendered = render_template(f"email/{template}.txt", **context)
    subject, _, body = rendered.strip().partition("\n")
    message = Message(subject=subject.strip(), recipients=[to], body=body.strip() + "\n")
    mail.send(message)
