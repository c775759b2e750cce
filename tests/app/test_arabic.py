"""Arabic: a fourth interface language, right to left, with Arabic dates and emails."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from mentoring.bookings.timefmt import format_local
from mentoring.conversations import services as conversations
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from mentoring.notices.services import send_outbox
from mentoring.paths import TEMPLATES_DIR, TRANSLATIONS_DIR
from tests.auth import AuthActions
from tests.bookings_factories import make_pair
from tests.mailbox import SmtpSink

#: The pages people meet most (the whole catalogue is checked in test_i18n.py).
CORE_TEMPLATES = (
    "base.html",
    "home/*.html",
    "conversations/*.html",
    "accounts/login.html",
    "privacy/consent.html",
    "bookings/*.html",
    "matches/learners.html",
    "groups/*.html",
    "two_factor/*.html",
    "notices/*.html",
    "engagement/feedback_form.html",
    "email/*.txt",
    "profiles/*.html",
    "matches/*.html",
    "engagement/*.html",
    "programmes/*.html",
    "roster/*.html",
    "accounts/*.html",
    "privacy/*.html",
    "admin/*.html",
    "audit/*.html",
    "errors/*.html",
)
NOW = datetime(2026, 3, 10, 9, 0)


def _catalogue() -> dict[str, object]:
    path = Path(TRANSLATIONS_DIR) / "ar" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale="ar")
    return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogue if m.id}


def test_every_text_of_the_participants_first_pages_and_emails_is_in_arabic() -> None:
    translated = _catalogue()
    missing = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    for pattern in CORE_TEMPLATES:
        for path in sorted(Path(TEMPLATES_DIR).glob(pattern)):
            for _line, message, _comments, _context in extract_from_file(
                "jinja2", str(path), keywords=keywords
            ):
                key = message if isinstance(message, str) else message[0]
                strings = translated.get(key)
                values = strings if isinstance(strings, tuple) else (strings,)
                if not all(values):
                    missing.add(f"{path.name}: {key}")
    assert not missing, sorted(missing)[:10]


def test_an_arabic_page_runs_right_to_left(client: FlaskClient) -> None:
    client.post("/language", data={"locale": "ar", "next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    assert "<h1>دخول</h1>" in page  # "Sign in"
    assert 'lang="ar"' in page and "العربية" in page  # the switcher names it in Arabic


def test_dates_are_written_the_arabic_way() -> None:
    shown = format_local(datetime(2026, 3, 10, 9, 0), "Europe/Stockholm", "ar")
    assert "مارس" in shown and "الثلاثاء" in shown  # March, Tuesday
    assert re.search(r"10:00", shown)


def test_a_person_who_chose_arabic_gets_emails_in_arabic(app: Flask, smtp: SmtpSink) -> None:
    mentor, mentee, _cohort = make_pair()
    mentor.locale = "ar"
    db.session.commit()
    pairing = db.session.query(Pairing).one()
    conversations.send(mentee, "pairing", pairing.id, "Hello", now=NOW)
    send_outbox(worker="test", clock=lambda: NOW + timedelta(minutes=1))
    (email,) = smtp.to(mentor.email)
    assert f"مرحبًا {mentor.name}" in email.get_content()
    assert "كتب لك" in email["Subject"]


@pytest.mark.parametrize("locale", ["sv", "fi", "en"])
def test_the_other_languages_stay_left_to_right(client: FlaskClient, locale: str) -> None:
    client.post("/language", data={"locale": locale, "next": "/login"})
    assert f'<html lang="{locale}" dir="ltr"' in client.get("/login").get_data(as_text=True)


def test_a_signed_in_arabic_reader_sees_the_home_in_arabic(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    _mentor, mentee, _cohort = make_pair()
    mentee.locale = "ar"
    db.session.commit()
    auth.login(mentee.email)
    page = client.get("/").get_data(as_text=True)
    assert 'dir="rtl"' in page and "المطلوب الآن" in page  # "To do now"
