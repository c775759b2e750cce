"""Make the README's screenshots from the demo: the participant's home on a phone, the
coordinator's home on a desktop.

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Seeds a small demo (deterministic, seed 42) into a temporary SQLite file, serves it on a free
local port and drives Debian's Chromium (/usr/bin/chromium) through Playwright. The demo
people read the pages in English here.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mentoring import create_app  # noqa: E402
from mentoring.db import utcnow  # noqa: E402
from mentoring.demo.seed import (  # noqa: E402
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DemoSize,
    seed_demo,
)
from mentoring.extensions import db  # noqa: E402
from mentoring.two_factor import totp  # noqa: E402
from mentoring.users.models import User  # noqa: E402
from mentoring.users.roles import Role  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


def demo_server(folder: Path) -> tuple[Any, str]:
    """Seed the demo into ``folder`` and serve it; return the server and its address."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite3'}",
            "SECRET_KEY": "screenshots",
            "WTF_CSRF_ENABLED": True,
            "SERVER_NAME": None,
            "LOGIN_RATE_LIMIT_PER_IP": "1000 per minute",
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo(
            seed=42,
            size=DemoSize(participants=40, mentors=10, ambassadors=3, coaches=1, coordinators=1),
        )
        db.session.execute(
            sa.update(User).where(User.email.in_(DEMO_ACCOUNTS.values())).values(locale="en")
        )
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def sign_in(page: Any, base: str, role: Role) -> None:
    """Sign in as a demo account: agree to the notice or give the authenticator's code."""
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(DEMO_ACCOUNTS[role])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url in (f"{base}/", f"{base}/login/code") or "/consent" in url)
    if page.url.endswith("/login/code"):
        step = totp.step_at(utcnow())
        page.get_by_label("Code").fill(totp.code_for(DEMO_TOTP_SECRET, step))
        page.get_by_role("button", name="Sign in").click()
    elif "/consent" in page.url:
        page.get_by_role("button", name="I agree, continue").click()
    page.wait_for_url(f"{base}/")


def shoot(browser: Any, base: str, role: Role, viewport: dict[str, int], path: Path) -> None:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    sign_in(page, base, role)
    page.goto(f"{base}/")
    page.screenshot(path=str(path), full_page=False)
    context.close()
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        server, base = demo_server(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                shoot(
                    browser, base, Role.PARTICIPANT, PHONE, args.out / "participant-home-phone.png"
                )
                shoot(
                    browser,
                    base,
                    Role.COORDINATOR,
                    DESKTOP,
                    args.out / "coordinator-home-desktop.png",
                )
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
