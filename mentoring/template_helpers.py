"""Values and filters every template can use."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from babel import dates, numbers
from flask import Flask, current_app, request, url_for
from flask_babel import get_locale, get_translations
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from mentoring import navigation, vocabulary
from mentoring.users.roles import Role

#: Languages written right to left: their pages get ``dir="rtl"``.
RTL_LOCALES = frozenset({"ar"})


def _context() -> dict[str, Any]:
    return {
        "vocabulary": vocabulary,
        "csrf_field": csrf_field,
        "Role": Role,
        "ui_languages": vocabulary.UI_LANGUAGES,
        "current_locale": str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]),
        "current_path": request.full_path.rstrip("?") if request else "/",
        "text_direction": "rtl" if _locale() in RTL_LOCALES else "ltr",
        "menu": navigation.menu,
    }


def _translations() -> dict[str, Any]:
    """Bind this request's catalogue once per page for ``_()`` and ``ngettext`` in templates.

    Flask-Babel looks the catalogue up again on every call (several context lookups each);
    a page has dozens of strings. Same behaviour as Jinja's "newstyle" gettext: the result
    is escaped markup, always %-formatted with the keyword arguments.

    ``_`` is bound to the same function: Jinja's own ``_`` is an alias that looks
    ``gettext`` up and calls it, and both asked for the template context, which makes Jinja
    copy the context for each string shown inside a loop or block with its own variables
    (twice); the cohort page spent a fifth of its time there. These ask only for the
    evaluation context (is the output escaped?), which Jinja hands over without copying.
    """
    translations = get_translations()
    gettext = _newstyle(translations.ugettext)
    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": _newstyle_plural(translations.ungettext),
    }


def _newstyle(lookup: Callable[[str], str]) -> Callable[..., str]:
    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
        found = lookup(string)
        # Our own catalogue's text, as Jinja's gettext trusts it; the variables are escaped.
        text = Markup(found) if eval_ctx.autoescape else found  # nosec B704
        return text % variables  # type: ignore[no-any-return]

    return gettext


def _newstyle_plural(lookup: Callable[[str, str, int], str]) -> Callable[..., str]:
    @pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        found = lookup(singular, plural, num)
        text = Markup(found) if eval_ctx.autoescape else found  # nosec B704
        return text % variables  # type: ignore[no-any-return]

    return ngettext


def csrf_field() -> Markup:
    """A CSRF token input without an id, so several forms on one page stay valid HTML."""
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()


def format_number(value: int) -> str:
    """A whole number in the page's language (digits and grouping of, e.g., Arabic)."""
    return numbers.format_decimal(value, locale=_locale())


def format_decimal(value: float) -> str:
    """A number with at most one decimal, in the page's language."""
    return numbers.format_decimal(round(value, 1), format="#,##0.#", locale=_locale())


def format_date(value: date) -> str:
    """A date in the page's language, e.g. "5 Jan 2026"."""
    return dates.format_date(value, format="medium", locale=_locale())


def _locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


@lru_cache(maxsize=64)
def level_options(picked: Any) -> Markup:
    """The options 1-5 of a level select, ``picked`` selected (the same for every page).

    The profile form has two such selects per skill of the catalogue: built once per value
    instead of by a template loop for each of them.
    """
    options = (
        f'<option value="{level}" {"selected" if picked == level else ""}>{level}</option>'
        for level in range(1, 6)
    )
    return Markup("".join(options))  # nosec B704  (digits and fixed markup only)


#: Vocabularies translated per language and app; a few constant mappings, so kept small.
_TRANSLATED_LIMIT = 64


def translated(labels: Mapping[str, Any]) -> tuple[tuple[str, Markup], ...]:
    """A vocabulary's (value, label) pairs, each lazy label looked up once per language.

    A lazy label asks Flask-Babel for the catalogue (several context lookups) each time it is
    shown: a loop inside a loop showed the same four labels 48 times on the profile form, and
    the form's five vocabularies were still a tenth of its time (cProfile, issue 15). The
    vocabularies are constants: kept per app and language, the mapping itself in the entry
    so that another mapping given the same id later is not mistaken for it.
    Markup, as the lazy string gives it: our own catalogue's text.
    """
    kept: dict[tuple[int, str], tuple[Mapping[str, Any], tuple[tuple[str, Markup], ...]]]
    kept = current_app.extensions.setdefault("translated", {})
    key = (id(labels), _locale())
    found = kept.get(key)
    if found is not None and found[0] is labels:
        return found[1]
    pairs = tuple((value, Markup(str(label))) for value, label in labels.items())  # nosec B704
    if len(kept) >= _TRANSLATED_LIMIT:
        kept.clear()
    kept[key] = (labels, pairs)
    return pairs


#: Stands for an id in a link or fragment made once a page: digits, as an ``int`` converter takes.
ID_PLACEHOLDER = 918273645546372819


def for_each_id(made: str) -> Callable[[int], Markup]:
    """Markup made once with ``ID_PLACEHOLDER`` in it, for any id: each placeholder its digits.

    A list of 25 people wrote the same end form 25 times, each with its own id: made once a
    page, each row puts its id in. ``made`` is escaped already (a template's output); so are
    digits.
    """
    parts = str(made).split(str(ID_PLACEHOLDER))
    return lambda id_: Markup(str(int(id_)).join(parts))  # nosec B704  (escaped parts, digits)


def link_for(endpoint: str, key: str, **values: Any) -> Callable[[int], Markup]:
    """``url_for(endpoint, key=id, **values)`` for many ids, at the cost of one ``url_for``.

    A list of 25 people asked the router for 100 links, a tenth of the page's time. The
    link is built once with a placeholder id and each id is put in its place: the same text
    as ``url_for`` gives (an ``int`` id is its digits, wherever the app is mounted). Escaped
    once, here, as the template would escape each link.
    """
    built = url_for(endpoint, **{key: ID_PLACEHOLDER}, **values)
    if built.count(str(ID_PLACEHOLDER)) != 1:  # written some other way: ask the router each time
        return lambda id_: escape(url_for(endpoint, **{key: id_}, **values))
    return for_each_id(escape(built))


def hour_label(hour: int) -> str:
    """Name an hour of the week, like 'Monday 08:00'."""
    return f"{vocabulary.DAYS[hour // 24]} {hour % 24:02d}:00"


def init_app(app: Flask) -> None:
    from mentoring.matches.explain import (
        pairing_status,
        progress_label,
        reason_text,
        unplaced_text,
    )

    app.context_processor(_context)
    app.context_processor(_translations)
    app.jinja_env.globals["pairing_status"] = pairing_status
    app.jinja_env.globals["progress_label"] = progress_label
    app.jinja_env.globals["level_options"] = level_options
    app.jinja_env.globals["link_for"] = link_for
    app.jinja_env.globals["for_each_id"] = for_each_id
    app.jinja_env.globals["ID_PLACEHOLDER"] = ID_PLACEHOLDER
    app.add_template_filter(hour_label, "hour_label")
    app.add_template_filter(translated, "translated")
    app.add_template_filter(format_number, "format_number")
    app.add_template_filter(format_decimal, "format_decimal")
    app.add_template_filter(format_date, "format_date")
    app.add_template_filter(reason_text, "reason_text")
    app.add_template_filter(unplaced_text, "unplaced_text")
