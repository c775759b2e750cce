"""A live server with the demo data, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.serving import make_server

from mentoring import create_app
from mentoring.demo.seed import DEMO_ACCOUNTS, DemoSize, seed_demo
from mentoring.extensions import db
from mentoring.users.models import User
from tests.conftest import REQUIRE_FULL_TESTS, base_config
from tests.mailbox import SmtpSink
from tests.processes import without_faketime

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]
SERIOUS = {"serious", "critical"}

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    for item in items:
        if "e2e" in str(item.path):
            if REQUIRE_FULL_TESTS:
                item.add_marker(pytest.mark.required_missing(reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory, smtp: SmtpSink) -> Iterator[Flask]:
    """The served app with the demo data; tests may add people in its app context."""
    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite3"
    app = create_app(
        base_config(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
            SERVER_NAME=None,
            MAIL_SERVER=smtp.host,
            MAIL_PORT=smtp.port,
            LOGIN_RATE_LIMIT_PER_IP="1000 per minute",
        )
    )
    with app.app_context():
        db.create_all()
        seed_demo(
            seed=42,
            size=DemoSize(participants=40, mentors=10, ambassadors=3, coaches=1, coordinators=1),
        )
        # The tests read English labels; the demo people otherwise speak Swedish or Finnish.
        db.session.execute(
            sa.update(User).where(User.email.in_(DEMO_ACCOUNTS.values())).values(locale="en")
        )
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # The Playwright driver, and Chromium through it, inherit this process's environment.
    real_clock = without_faketime(dict(os.environ))
    with pytest.MonkeyPatch.context() as patch:
        for key in set(os.environ) - set(real_clock):
            patch.delenv(key)
        for key, value in real_clock.items():
            patch.setenv(key, value)
        playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


FINISH_TRANSITIONS = """() => Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null)))"""


def assert_accessible(page: Any) -> None:
    """Inject axe-core and fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    # Measured mid-fade, a button just shown (the cohort page's folded end form) has its
    # colours half-way: axe found 3.17:1 in about one run in three. Let transitions end first.
    page.evaluate(FINISH_TRANSITIONS)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    details = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in serious
    ]
    assert not serious, f"axe found on {page.url}: {details}"


def menu_link(page: Any, name: str) -> Any:
    """The main menu's link ``name``, opening "More" or the person's menu when it is there."""
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        for summary in nav.locator("details > summary").all():
            summary.click()
            if link.is_visible():
                break
            summary.click()
    return link


def sign_out(page: Any) -> None:
    """Sign out through the person's menu."""
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("details.person-menu > summary").click()
    nav.get_by_role("button", name="Sign out").click()
