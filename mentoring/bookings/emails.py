"""The one place booking emails are sent from (the notifications outbox may take it over)."""

from __future__ import annotations

import logging
import smtplib

from flask import render_template, url_for
from flask_babel import force_locale
from flask_mail import Message

from mentoring.bookings.calendar import booking_ics
from mentoring.bookings.models import Booking
from mentoring.bookings.timefmt import format_local

log = logging.getLogger(__name__)


def send_booking_email(booking: Booking, event: str) -> None:
    """Tell both sides that a session was booked, cancelled or moved, with the .ics attached.

    A mail failure is logged and does not undo the booking, which is already saved.
    """
    from mentoring.extensions import mail

    link = url_for("bookings.detail", booking_id=booking.id, _external=True)
    for recipient, other in (
        (booking.participant, booking.host),
        (booking.host, booking.participant),
    ):
        with force_locale(recipient.locale):
            when = format_local(booking.starts_at, recipient.timezone, recipient.locale)
            rendered = render_template(
                f"email/booking_{event}.txt",
                booking=booking,
                recipient=recipient,
                other=other,
                when=when,
                link=link,
            )
        subject, _, body = rendered.strip().partition("\n")
        message = Message(
            subject=subject.strip(), recipients=[recipient.email], body=body.strip() + "\n"
        )
        message.attach(
            "session.ics",
            "text/calendar; method=" + ("REQUEST" if booking.is_active else "CANCEL"),
            booking_ics(booking, recipient.locale),
        )
        try:
            mail.send(message)
        except (OSError, smtplib.SMTPException, UnicodeError):
            # e.g. SMTP down, or an address Flask-Mail cannot encode
            log.exception("could not send the %s email for booking %s", event, booking.id)
