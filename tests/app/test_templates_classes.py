"""Every class a template uses is styled by one of the stylesheets the pages load."""

from __future__ import annotations

import re
from pathlib import Path

from mentoring.paths import STATIC_DIR, TEMPLATES_DIR

STYLESHEETS = ("vendor/pico/pico.min.css", "style.css", "print.css")
CLASS_ATTRIBUTE = re.compile(r"""\bclass=(?:"([^"]*)"|'([^']*)')""")
JINJA = re.compile(r"{{.*?}}|{%.*?%}", re.S)
LITERAL = re.compile(r"""["']([^"']*)["']""")
SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
MARK = "\x00"


def defined_classes() -> set[str]:
    found: set[str] = set()
    for name in STYLESHEETS:
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        # Only selectors: drop declaration blocks (numbers like .5rem live there).
        for selectors in re.findall(r"([^{}]+){", text):
            found.update(SELECTOR_CLASS.findall(selectors))
    return found


def used_classes(template: str) -> set[str]:
    """Classes in ``class`` attributes; a Jinja expression gives its quoted words."""
    used: set[str] = set()
    for match in CLASS_ATTRIBUTE.finditer(template):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        for expression in JINJA.finditer(value):
            if expression.start() and not value[expression.start() - 1].isspace():
                continue  # a suffix like heat-{{ n }}: checked as a prefix below
            for literal in LITERAL.findall(expression.group()):
                used.update(literal.split())
        used.update(word for word in JINJA.sub(MARK, value).split() if word != MARK)
    return used


def missing_classes() -> dict[str, set[str]]:
    defined = defined_classes()
    missing: dict[str, set[str]] = {}
    for path in sorted(Path(TEMPLATES_DIR).rglob("*.html")):
        for name in used_classes(path.read_text(encoding="utf-8")):
            if MARK in name:  # e.g. flash-{{ category }}: some rule must start with its prefix
                prefix = name.split(MARK)[0]
                ok = bool(prefix) and any(c.startswith(prefix) for c in defined)
            else:
                ok = name in defined
            if not ok:
                missing.setdefault(str(path.relative_to(TEMPLATES_DIR)), set()).add(
                    name.replace(MARK, "{{…}}")
                )
    return missing


def test_every_class_a_template_uses_is_defined_by_a_stylesheet() -> None:
    missing = missing_classes()
    assert not missing, f"classes with no rule in {STYLESHEETS}: {missing}"


def test_the_check_finds_an_undefined_class() -> None:
    template = "<p class=\"hint no-such-class {{ 'tag' if x else 'nowhere' }}\">"
    assert used_classes(template) - defined_classes() == {"no-such-class", "nowhere"}


def test_the_pages_load_the_vendored_pico_and_our_sheets() -> None:
    base = (TEMPLATES_DIR / "base.html").read_text(encoding="utf-8")
    for name in STYLESHEETS:
        assert f"filename='{name}'" in base
    licence = (STATIC_DIR / "vendor/pico/LICENSE.md").read_text(encoding="utf-8")
    assert "MIT License" in licence
