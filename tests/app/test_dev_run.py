"""``make run``'s processes: web, scheduler and mail catcher, started and stopped together.

The test starts them the way ``make run`` does (honcho with ``Procfile.dev``), on free ports
and a temporary database and mail folder, books a session through the web, and reads the
confirmation where the README says: the mail catcher's page.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from mentoring import create_app
from mentoring.bookings.timefmt import iso_utc
from mentoring.db import utcnow
from mentoring.extensions import db
from tests.bookings_factories import make_pair
from tests.conftest import base_config
from tests.factories import TEST_PASSWORD
from tests.mailbox import free_port
from tests.processes import pause, stop

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LINK = re.compile(r'<a href="/([0-9]+-[0-9]+\.eml)">')


def _wait_for(check: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        pause(0.3)
    return False


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (local)
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def _get(opener: urllib.request.OpenerDirector, url: str) -> str:
    with opener.open(url, timeout=30) as response:
        return str(response.read().decode())


def _post(
    opener: urllib.request.OpenerDirector, url: str, form: dict[str, str], token_from: str
) -> str:
    token = CSRF.search(_get(opener, token_from))  # the session's form token, from a page
    assert token is not None, f"no form token on {token_from}"
    data = urllib.parse.urlencode({**form, "csrf_token": token.group(1)})
    with opener.open(url, data=data.encode(), timeout=30) as response:
        return str(response.geturl())


def _migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True
    )


def _pids(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"started \(pid=(\d+)\)", log.read_text())]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_make_runs_processes_deliver_a_booking_email_readable_in_the_browser(
    tmp_path: Path,
) -> None:
    web, smtp, mail_web = free_port(), free_port(), free_port()
    uri = f"sqlite:///{tmp_path / 'dev.sqlite3'}"
    env = {
        **os.environ,
        "FLASK_APP": "mentoring:create_app",
        "DATABASE_URL": uri,
        "WEB_PORT": str(web),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp),
        "MAIL_WEB_PORT": str(mail_web),
        "MAIL_FOLDER": str(tmp_path / "mail"),
        "OUTBOX_SEND_EVERY_SECONDS": "1",
    }
    _migrate(env)
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=uri))
    with app.app_context():
        host, participant, _cohort = make_pair(notice_hours=0)
        host_id, email, name = host.id, participant.email, participant.name
        db.session.remove()
        db.engine.dispose()
    log = tmp_path / "honcho.log"
    with log.open("w") as output:
        honcho = subprocess.Popen(
            [str(BIN / "honcho"), "-f", "Procfile.dev", "start"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        assert _wait_for(lambda: _answers(f"http://127.0.0.1:{web}/login")), log.read_text()
        assert _wait_for(lambda: _answers(f"http://127.0.0.1:{mail_web}/")), log.read_text()
        site = f"http://127.0.0.1:{web}"
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        _post(
            browser, f"{site}/login", {"email": email, "password": TEST_PASSWORD}, f"{site}/login"
        )
        when = (utcnow() + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
        while when.weekday() > 4:
            when += timedelta(days=1)
        form = {"host_id": str(host_id), "starts_at": iso_utc(when)}
        landed = _post(browser, f"{site}/sessions/book", form, f"{site}/")
        assert "/sessions/" in landed, landed
        # The scheduler sends the confirmation to the catcher; its page shows it.
        inbox = f"http://127.0.0.1:{mail_web}/"

        def confirmations() -> list[str]:
            links = LINK.findall(_get(browser, inbox))
            pages = [_get(browser, inbox + link) for link in links]
            return [page for page in pages if email in page and "session.ics" in page]

        assert _wait_for(lambda: bool(confirmations())), log.read_text()
        (confirmation,) = confirmations()
        assert name in confirmation and "Message-ID" in confirmation
    finally:
        try:
            stop(honcho)  # what Ctrl-C does: honcho passes SIGTERM to each process group
        finally:
            children = _pids(log)
            _wait_for(lambda: not any(_alive(pid) for pid in children), 30)
            leftover = [pid for pid in children if _alive(pid)]
            for pid in leftover:
                os.killpg(pid, signal.SIGKILL)
    assert len(children) == 3 and not leftover, log.read_text()
    assert "sending SIGKILL" not in log.read_text()  # each stopped on SIGTERM by itself
