"""Every page each demo role can reach from its home, on a phone and on a desktop.

A crawl, not a list: from the home page it follows every link of the site (one page per URL
shape, e.g. one profile for all /profiles/N), and on each page checks axe-core (no serious
or critical finding), that the page's heading starts within the first screen, and that
nothing scrolls sideways (``scrollWidth <= innerWidth``).
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.demo.seed import DEMO_ACCOUNTS
from mentoring.extensions import db
from mentoring.programmes.models import Cohort
from mentoring.users.models import User
from mentoring.users.roles import Role
from tests.bookings_factories import link
from tests.e2e.conftest import SERIOUS
from tests.e2e.test_participant_profile import sign_in
from tests.factories import TEST_PASSWORD, enrol, make_user

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 375, "height": 667}, "desktop": {"width": 1280, "height": 800}}
#: Links that download a file, leave the service or end the session are not pages to check.
SKIP = re.compile(
    r"\.(ics|csv|xlsx|json)$|/export|/download|/calendar/|/api/|/static/|/notifications/unsubscribe"
)
MAX_PAGES = 80
MEASURE = """() => {
  const heading = document.querySelector('main h1');
  return {
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    height: window.innerHeight,
    heading: heading ? heading.getBoundingClientRect().top + window.scrollY : null,
  };
}"""


def shape(path: str) -> str:
    """The URL's shape: numbers stand for any id, so /profiles/7 and /profiles/9 are one."""
    return re.sub(r"/\d+", "/N", path)


def links_on(page: Any, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or SKIP.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def problems_on(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = []
    sizes = page.evaluate(MEASURE)
    if sizes["scroll"] > sizes["width"]:
        found.append(f"scrolls sideways ({sizes['scroll']} > {sizes['width']})")
    if sizes["heading"] is None:
        found.append("no h1 in main")
    elif sizes["heading"] >= sizes["height"]:
        found.append(f"heading below the first screen (at {sizes['heading']:.0f}px)")
    violations = Axe().run(page).response["violations"]
    found += [
        f"axe {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:2]}"
        for v in violations
        if v["impact"] in SERIOUS
    ]
    return found


def crawl(page: Any, base: str) -> tuple[dict[str, list[str]], int]:
    """Visit every page shape reachable from home; return the problems per URL and a count."""
    seen, queue, report = {shape("/")}, deque(["/"]), {}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        response = page.goto(base + path)
        visited += 1
        if (
            response is None
            or response.status >= 400
            or "text/html" not in (response.headers.get("content-type", ""))
        ):
            if response is not None and response.status >= 500:
                report[path] = [f"HTTP {response.status}"]
            continue
        problems = problems_on(page)
        if problems:
            report[path] = problems
        for href in links_on(page, base):
            if shape(href.split("?")[0]) not in seen:
                seen.add(shape(href.split("?")[0]))
                queue.append(href)
    return report, visited


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize(
    "role",
    [
        Role.PARTICIPANT,
        Role.MENTOR,
        Role.AMBASSADOR,
        Role.COACH,
        Role.COORDINATOR,
        Role.ADMIN,
        Role.MANAGER,
    ],
    ids=str,
)
def test_every_page_reachable_from_home_is_usable(
    browser: Any, live_server: str, role: Role, viewport: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, live_server, role)
        report, visited = crawl(page, live_server)
    finally:
        context.close()
    assert visited >= 8, f"only {visited} pages reached from home"
    print(f"{role} {viewport}: {visited} pages")
    assert not report, "\n".join(f"{url}: {found}" for url, found in sorted(report.items()))


def test_an_arabic_reader_s_pages_run_right_to_left_on_a_phone(
    browser: Any, live_server: str, live_app: Flask
) -> None:
    with live_app.app_context():
        person = make_user(Role.PARTICIPANT, email="arabic@demo.example.org", locale="ar")
        cohort = db.session.scalars(sa.select(Cohort).order_by(Cohort.id)).first()
        mentor = db.session.scalar(sa.select(User).where(User.email == DEMO_ACCOUNTS[Role.MENTOR]))
        assert cohort is not None and mentor is not None
        enrol(person, cohort)
        link(person, mentor)
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="ar")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        page.locator("#email").fill("arabic@demo.example.org")
        page.locator("#password").fill(TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{live_server}/")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        report, visited = crawl(page, live_server)
    finally:
        context.close()
    assert visited >= 8, f"only {visited} pages reached from home"
    assert not report, "\n".join(f"{url}: {found}" for url, found in sorted(report.items()))
