"""Render claimed outbox rows as emails in the recipient's language."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from babel.dates import format_datetime
from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from jinja2 import Template
from sqlalchemy.orm import Session

from mentoring.bookings.calendar import booking_ics
from mentoring.bookings.models import Booking
from mentoring.notices import links
from mentoring.notices.account_links import account_links
from mentoring.users.models import User
from notifications.model import MANDATORY_KINDS, Attachment, ClaimedMessage, Context, Email, Kind
from notifications.sources import SessionSource

SESSION_KINDS = (Kind.SESSION_24H, Kind.SESSION_1H)


def _url_context() -> contextlib.AbstractContextManager[object]:
    # The sender runs outside any request; links then need SERVER_NAME (or a stand-in).
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return contextlib.nullcontext()
    return current_app.test_request_context("/")


def local_time(iso_utc: str, timezone: str, locale: str) -> str:
    """Show a naive-UTC moment as the recipient reads clocks, in their language."""
    moment = datetime.fromisoformat(iso_utc).replace(tzinfo=UTC)
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Europe/Stockholm")
    return format_datetime(moment, "EEEE d MMMM HH:mm", tzinfo=zone, locale=locale)


def ics_for(message: ClaimedMessage) -> Attachment:
    """Build a one-event calendar file for a session reminder."""
    ctx = message.context
    stamp = "%Y%m%dT%H%M%SZ"
    start = datetime.fromisoformat(str(ctx["starts_at"]))
    end = datetime.fromisoformat(str(ctx.get("ends_at") or start + timedelta(hours=1)))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mentoring//notices//EN",
        "BEGIN:VEVENT",
        f"UID:{ctx['session_kind']}-{ctx['session_id']}-{start:%Y%m%dT%H%M}@mentoring",
        f"DTSTAMP:{start:{stamp}}",
        f"DTSTART:{start:{stamp}}",
        f"DTEND:{end:{stamp}}",
        f"SUMMARY:{ctx.get('title') or 'Session'}",
        f"LOCATION:{ctx.get('location') or ''}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return Attachment("session.ics", "text/calendar", ("\r\n".join(lines) + "\r\n").encode())


def booking_attachment(session: Session, context: Context, locale: str) -> Attachment | None:
    """Return the booking's calendar file as it is now; ``None`` if the email is out of date.

    A "booked" or "moved" email whose booking was changed again (or cancelled) before it
    went out is skipped: the later change's email says what holds.
    """
    booking = session.get(Booking, int(str(context["booking_id"])))
    if booking is None:
        return None
    superseded = booking.sequence != context["sequence"] or not booking.is_active
    if context["event"] != "cancelled" and superseded:
        return None
    method = "REQUEST" if booking.is_active else "CANCEL"
    data = booking_ics(booking, locale)
    return Attachment("session.ics", f"text/calendar; method={method}", data)


@functools.lru_cache(maxsize=16)
def _message_id_domain(sender: str) -> str:
    return parseaddr(sender)[1].rpartition("@")[2] or "mentoring.local"


def message_id_for(message: ClaimedMessage) -> str:
    """Return the row's Message-ID: the same on every attempt, derived from its unique key.

    The one duplicate the delivery guarantee allows (a sender dying after the SMTP server
    accepted a message, before it was marked sent) then reaches the mail system as the same
    message, which it can recognise. Keyed with SECRET_KEY so the occasion does not show.
    """
    who = message.recipient_id if message.recipient_id is not None else message.address
    key = f"{who}:{message.kind.value}:{message.occasion}".encode()
    secret = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(secret, key, hashlib.sha256).hexdigest()[:32]
    domain = _message_id_domain(str(current_app.config.get("MAIL_DEFAULT_SENDER") or ""))
    return f"<outbox.{digest}@{domain}>"


@dataclass(frozen=True)
class Person:
    """What templates may know about the recipient."""

    id: int
    name: str
    email: str
    locale: str
    timezone: str


class EmailRenderer:
    """``notifications.ports.Renderer``: template ``email/<template>.txt``, first line subject.

    What does not depend on the recipient is worked out once per renderer (a sender's run):
    each template is loaded once, the template context (the catalogue's ``_()`` and the other
    context processors' values) once per language, and links without parameters once.
    Flask's ``render_template`` did all of it for every message (a third of the sender's
    processor time; issue 15). The recipient's values are passed on every render.
    """

    def __init__(self, session: Session, sessions: SessionSource) -> None:
        self.session = session
        self.sessions = sessions
        self.people: dict[int, Person | None] = {}
        self._templates: dict[str, Template] = {}
        self._contexts: dict[str, dict[str, Any]] = {}
        self._urls: dict[str, str] = {}

    def prepare(self, messages: Sequence[ClaimedMessage]) -> None:
        """Load the batch's recipients with one query (disabled accounts count as gone)."""
        self.people = dict.fromkeys(m.recipient_id for m in messages if m.recipient_id)
        rows = self.session.execute(
            sa.select(User.id, User.name, User.email, User.locale, User.timezone).where(
                User.id.in_(list(self.people)), User.is_enabled.is_(True)
            )
        )
        self.people.update({row.id: Person(*row) for row in rows})

    def _person(self, message: ClaimedMessage) -> Person | None:
        if message.recipient_id is None:  # an address without an account
            locale = str(message.context.get("locale") or "sv")
            return Person(0, "", message.address or "", locale, message.timezone)
        if message.recipient_id not in self.people:
            self.prepare([message])
        return self.people[message.recipient_id]

    def render(self, message: ClaimedMessage) -> Email | None:
        user = self._person(message)
        if user is None or not user.email:
            return None
        if message.kind in SESSION_KINDS and not self.sessions.is_booked(
            str(message.context["session_kind"]),
            int(str(message.context["session_id"])),
            datetime.fromisoformat(str(message.context["starts_at"])),
            user.id,
        ):
            return None  # cancelled or moved: the new time has its own reminder
        calendar_file: tuple[Attachment, ...] = ()
        if message.kind == Kind.BOOKING:
            booking_file = booking_attachment(self.session, message.context, user.locale)
            if booking_file is None:
                return None  # a later change to the booking has an email of its own
            calendar_file = (booking_file,)
        with _url_context():
            links_context = self._links(user, message)
            if links_context is None:
                return None  # e.g. an invitation whose password was set meanwhile
            if "starts_at" in message.context:
                links_context["starts_local"] = local_time(
                    str(message.context["starts_at"]), user.timezone, user.locale
                )
            rendered = self._render(
                message.template, user.locale, {"user": user, **message.context, **links_context}
            )
        subject, _, body = rendered.strip().partition("\n")
        headers = {"Message-ID": message_id_for(message)}
        if "unsubscribe_url" in links_context:
            headers["List-Unsubscribe"] = f"<{links_context['unsubscribe_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        attachments = (ics_for(message),) if message.kind == Kind.SESSION_24H else calendar_file
        return Email(
            to=user.email,
            subject=subject.strip(),
            body=body.strip() + "\n",
            headers=headers,
            attachments=attachments,
        )

    def _render(self, template: str, locale: str, values: dict[str, Any]) -> str:
        """Render ``email/<template>.txt`` in ``locale`` with ``values`` (as ``render_template``
        would inside ``force_locale``: the values win over the context processors')."""
        found = self._templates.get(template)
        if found is None:
            found = current_app.jinja_env.get_template(f"email/{template}.txt")
            self._templates[template] = found
        context = self._contexts.get(locale)
        if context is None:
            context = {}
            with force_locale(locale):
                current_app.update_template_context(context)
            self._contexts[locale] = context
        return found.render({**context, **values})

    def _url(self, endpoint: str) -> str:
        """The external URL of a page without parameters (the same for every recipient)."""
        if endpoint not in self._urls:
            self._urls[endpoint] = url_for(endpoint, _external=True)
        return self._urls[endpoint]

    def _links(self, user: Person, message: ClaimedMessage) -> dict[str, str] | None:
        found = {"preferences_url": self._url("notices.preferences")}
        if message.kind not in MANDATORY_KINDS:
            found["unsubscribe_url"] = links.unsubscribe_url(user.id, message.kind.value)
        ctx = message.context
        if message.kind == Kind.CHECK_IN:
            found["check_in_url"] = links.check_in_url(
                user.id, str(ctx["subject_kind"]), int(str(ctx["subject_id"])), message.occasion
            )
        elif message.kind == Kind.OUTCOME_FOLLOW_UP:
            found["outcome_url"] = links.outcome_url(user.id, int(str(ctx["enrolment_id"])))
        elif message.kind == Kind.BOOKING:
            found["booking_url"] = url_for(
                "bookings.detail", booking_id=int(str(ctx["booking_id"])), _external=True
            )
        elif message.kind == Kind.ACCOUNT:
            account = account_links(self.session, message)
            if account is None:
                return None
            found.update(account)
        elif message.kind == Kind.AT_RISK:
            found["person_url"] = url_for(
                "profiles.show", user_id=int(str(ctx["person_id"])), _external=True
            )
        elif message.kind == Kind.REASSESSMENT:
            found["assessment_url"] = self._url("competence.assessment")
        else:
            found["home_url"] = self._url("home.index")
        return found
