"""The interface speaks Swedish, Finnish and English, and every string is translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from mentoring.paths import TRANSLATIONS_DIR
from tests.auth import AuthActions
from tests.factories import make_user


@pytest.mark.parametrize("locale", ["sv", "fi", "ar"])
def test_every_message_is_translated(locale: str) -> None:
    with Path(TRANSLATIONS_DIR / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    with Path(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)  # pgettext's contexts
        strings = found.string if found is not None else None
        values = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(values):
            missing.append(f"{message.context}|{message.id}" if message.context else message.id)
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
    assert f'<html lang="{locale}" dir="ltr"' in page
    assert f"<h1>{heading}</h1>" in page


def test_browser_language_is_used_before_anyone_chooses(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "fi-FI,fi;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="fi" dir="ltr"' in page


def test_signed_in_person_keeps_their_language(client: FlaskClient, auth: AuthActions) -> None:
    user = make_user(locale="sv")
    auth.login(user.email)
    assert '<html lang="sv" dir="ltr"' in client.get("/").get_data(as_text=True)


def test_language_switcher_refuses_outside_redirects(client: FlaskClient) -> None:
    response = client.post("/language", data={"locale": "sv", "next": "//evil.example.org/"})
    assert response.headers["Location"] == "/"


def test_extraction_keeps_message_contexts_from_python_and_templates(tmp_path: Path) -> None:
    # One English word with two meanings ("To" a date, "To" a recipient) needs pgettext;
    # extraction with the Makefile's keywords and babel.cfg must keep the contexts apart.
    root = Path(__file__).resolve().parents[2]
    line = next(x for x in (root / "Makefile").read_text().splitlines() if "pybabel extract" in x)
    keywords = [part for word in re.findall(r"-k (\S+)", line) for part in ("-k", word)]
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "labels.py").write_text(
        "from flask_babel import lazy_pgettext, pgettext\n"
        'A = lazy_pgettext("date range", "To")\n'
        'B = pgettext("email recipient", "To")\n'
    )
    (sources / "page.html").write_text('{{ pgettext("message sender", "From") }}\n')
    output = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), *keywords]
        + ["-o", str(output), str(sources)]
    )
    with output.open("rb") as handle:
        found = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert found == {("date range", "To"), ("email recipient", "To"), ("message sender", "From")}
