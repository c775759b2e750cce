"""Every outbox email renders in Swedish, Finnish and English, and its links lead somewhere."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from flask import Flask

from mentoring.extensions import db
from mentoring.notices.rendering import EmailRenderer
from notifications.model import ClaimedMessage, Kind
from tests.factories import make_user
from tests.notices_factories import FakeSessions

START = datetime(2026, 3, 12, 11, 0)
SESSION = {
    "session_kind": "booking",
    "session_id": 1,
    "starts_at": START.isoformat(),
    "ends_at": START.replace(hour=12).isoformat(),
    "title": "Python",
    "location": "Library",
}
TEMPLATES: dict[str, tuple[Kind, dict[str, str | int | float | bool | None]]] = {
    "reminder_session_24h": (Kind.SESSION_24H, SESSION),
    "reminder_session_1h": (Kind.SESSION_1H, SESSION),
    "reminder_check_in": (Kind.CHECK_IN, {"subject_kind": "pairing", "subject_id": 4, "period": 1}),
    "reminder_inactivity": (Kind.INACTIVITY, {"days": 8}),
    "reminder_still_with_us": (Kind.INACTIVITY, {"days": 15}),
    "notice_at_risk": (Kind.AT_RISK, {"person_id": 1, "name": "Aino", "days": 29}),
    "reminder_outcome_follow_up": (
        Kind.OUTCOME_FOLLOW_UP,
        {"enrolment_id": 3, "programme": "Digital Bridge"},
    ),
    "digest": (
        Kind.DIGEST,
        {
            "people_at_risk": "Aino",
            "at_risk_count": 1,
            "upcoming_sessions": 2,
            "missed_check_ins": 0,
        },
    ),
    "notice_match": (Kind.MATCH, {"event": "proposed", "other_name": "Mikko"}),
    "notice_group": (Kind.GROUP, {"group_name": "Python starters"}),
    "notice_coordinator_message": (
        Kind.COORDINATOR_MESSAGE,
        {"sender_name": "Mikko", "programme_id": 1},
    ),
    "notice_nudge": (
        Kind.NUDGE,
        {"coordinator_name": "Mikko", "programme_name": "Digital Bridge"},
    ),
    "reminder_reassessment": (Kind.REASSESSMENT, {"programme": "Digitalt medarbetarskap"}),
}
URL = re.compile(r"https?://\S+")


@pytest.mark.parametrize("locale", ["sv", "fi", "en"])
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_email_renders_with_links_to_real_routes(app: Flask, template: str, locale: str) -> None:
    person = make_user(locale=locale, name="Saga Lind")
    kind, context = TEMPLATES[template]
    sessions = FakeSessions()
    sessions.book(1, START, (person.id,))
    message = ClaimedMessage(1, person.id, kind, "occasion-1", template, context, 1, None)
    email = EmailRenderer(db.session, sessions).render(message)
    assert email is not None
    assert email.subject and "{" not in email.subject and "\n" not in email.subject
    assert "Saga Lind" in email.body and "{{" not in email.body and "%(" not in email.body
    links = URL.findall(email.body)
    assert links, "every email has at least one link"
    adapter = app.url_map.bind("mentoring.test")
    for link in links:
        parts = urlsplit(link)
        assert parts.netloc == "mentoring.test"
        adapter.match(parts.path, method="GET")  # raises NotFound for a dead link
    if kind not in (Kind.SESSION_24H, Kind.SESSION_1H):
        assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert email.headers["List-Unsubscribe"].strip("<>") in links
    if kind == Kind.SESSION_24H:
        assert email.attachments[0].filename.endswith(".ics")
