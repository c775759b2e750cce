"""Templates translate through the page's catalogue, bound once per page (a load-test fix),
with the same escaping, formatting and plural forms as Flask-Babel's own gettext."""

from __future__ import annotations

import flask_babel
import pytest
from flask import Flask, render_template_string
from jinja2.runtime import Context

from mentoring import template_helpers, vocabulary

TEMPLATE = (
    '{{ _("Hello, %(name)s", name=who) }}|'
    '{{ ngettext("%(num)d hour a week in common", "%(num)d hours a week in common", 1) }}|'
    '{{ ngettext("%(num)d hour a week in common", "%(num)d hours a week in common", 3) }}'
)


def test_template_strings_are_translated_escaped_and_pluralised(app: Flask) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        page = render_template_string(TEMPLATE, who="<b>Åsa</b>")
    assert page.split("|") == [
        "Hej &lt;b&gt;Åsa&lt;/b&gt;",
        "1 gemensam timme i veckan",
        "3 gemensamma timmar i veckan",
    ]


def test_untranslated_languages_fall_back_to_the_english_text(app: Flask) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        page = render_template_string(TEMPLATE, who="Ann")
    assert page.split("|") == [
        "Hello, Ann",
        "1 hour a week in common",
        "3 hours a week in common",
    ]


def test_a_page_looks_up_its_catalogue_once_not_per_string(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    lookups = []
    original = flask_babel.get_translations

    def counted() -> object:
        lookups.append(1)
        return original()

    monkeypatch.setattr(flask_babel, "get_translations", counted)
    monkeypatch.setattr(template_helpers, "get_translations", counted)
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        page = render_template_string(" ".join(['{{ _("Home") }}'] * 20))
    assert page.split() == ["Start"] * 20
    assert len(lookups) == 1


def test_strings_shown_in_loops_do_not_copy_the_template_context(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = []
    original = Context.derived

    def counted(self: Context, locals: dict | None = None) -> Context:
        copies.append(1)
        return original(self, locals)

    monkeypatch.setattr(Context, "derived", counted)
    source = (
        "{% for n in range(10) %}{% set shown = n %}"
        '{{ _("Home") }} {{ gettext("Home") }} {{ ngettext("%(num)d hour", "%(num)d hours", n) }}'
        "{% endfor %}"
    )
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        page = render_template_string(source)
    assert page.count("Start") == 20
    assert copies == []


def test_a_vocabulary_is_translated_once_per_language_not_per_page(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = "{% for code, label in vocabulary.LANGUAGES|translated %}{{ label }},{% endfor %}"
    looked_up: list[str] = []
    original = flask_babel.speaklater.LazyString.__str__

    def counted(self: flask_babel.speaklater.LazyString) -> str:
        looked_up.append(self._args[0] if self._args else "")
        return original(self)

    monkeypatch.setattr(flask_babel.speaklater.LazyString, "__str__", counted)
    shown = []
    for locale in ("en", "sv", "en", "sv"):
        with app.test_request_context("/", headers={"Accept-Language": locale}):
            flask_babel.refresh()  # the test's app context outlives each request's
            shown.append(render_template_string(page))
    first_en, first_sv, again_en, again_sv = shown
    assert "Swedish," in first_en and "svenska," in first_sv
    assert (again_en, again_sv) == (first_en, first_sv)
    assert len(looked_up) == 2 * len(vocabulary.LANGUAGES)  # once per language, then kept
