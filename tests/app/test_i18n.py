"""The interface speaks Swedish, Finnish and English, and every string is translated."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from mentoring.paths import TRANSLATIONS_DIR
from tests.conftest import login
from tests.factories import make_user


@pytest.mark.parametrize("locale", ["sv", "fi"])
def test_every_message_is_translated(locale: str) -> None:
    with Path(TRANSLATIONS_DIR / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    with Path(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        values = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(values):
            missing.append(message.id)
    assert missing == [], f"{len(missing)} untranslated in {locale}: {missing[:5]}"


@pytest.mark.parametrize(
    ("locale", "heading"), [("sv", "Logga in"), ("fi", "Kirjaudu sisään"), ("en", "Sign in")]
)
def test_language_switcher_changes_the_language(
    client: FlaskClient, locale: str, heading: str
) -> None:
    response = client.post("/language", data={"locale": locale, "next": "/login"})
    assert response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert f'<html lang="{locale}">' in page
    assert f"<h1>{heading}</h1>" in page


def test_browser_language_is_used_before_anyone_chooses(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "fi-FI,fi;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="fi">' in page


def test_signed_in_person_keeps_their_language(client: FlaskClient) -> None:
    user = make_user(locale="sv")
    login(client, user.email)
    assert '<html lang="sv">' in client.get("/").get_data(as_text=True)


def test_language_switcher_refuses_outside_redirects(client: FlaskClient) -> None:
    response = client.post("/language", data={"locale": "sv", "next": "//evil.example.org/"})
    assert response.headers["Location"] == "/"
