"""Reminders per second: due-finder plus outbox sender, against raw SMTP sends.

Run ``python benchmarks/bench_notifications.py`` (10,000 participants, on a temporary
SQLite file and then on PostgreSQL) or ``--quick`` (1,000). Every participant has been
silent for 8 days, so each is due one inactivity reminder. We time (1) the due-finder
writing the outbox rows and (2) the sender claiming, rendering (Jinja, recipient's
language, signed unsubscribe link) and delivering them through a local SMTP sink, each
marked sent with its own commit (``OUTBOX_SENDERS`` senders at once, ``--senders``), then
(3) send the very same messages again with plain ``smtplib`` over one connection, and
print the pipeline's rate as a ratio to that.
PostgreSQL is ``BENCH_DATABASE_URL``, else a database ``bench_load`` beside
``TEST_DATABASE_URL``'s (created and dropped); ``--database sqlite|postgresql`` runs one.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import smtplib
import socket
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]

import sqlalchemy as sa  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402

from benchmarks import _load_servers as servers  # noqa: E402
from benchmarks import _summary  # noqa: E402
from mentoring import create_app  # noqa: E402
from mentoring.db import utcnow  # noqa: E402
from mentoring.extensions import db  # noqa: E402
from mentoring.notices.adapters import MailTransport  # noqa: E402
from mentoring.notices.jobs import find_due  # noqa: E402
from mentoring.notices.services import send_outbox, sender_count  # noqa: E402
from mentoring.outbox.models import OutboxMessage  # noqa: E402
from mentoring.programmes.models import Cohort, Enrollment, Programme  # noqa: E402
from mentoring.users.models import User, UserRole  # noqa: E402
from notifications import wire  # noqa: E402
from notifications.model import Email  # noqa: E402

# Issue 15: the reminder pipeline at half the speed of raw SMTP over one connection, or better.
TARGET = 0.5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Counter:
    """An SMTP handler that counts the messages it accepted (in a value shared across processes)."""

    def __init__(self, count: Any) -> None:
        self.count = count

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.count.get_lock():
            self.count.value += 1
        return "250 OK"


def _serve(port: int, count: Any, stop: Any) -> None:
    controller = Controller(Counter(count), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


@contextmanager
def smtp_sink(port: int) -> Any:
    """A local SMTP server in a process of its own (as a real one would be); yields its count.

    In our own process it would take the interpreter lock from the sender it measures.
    """
    count, stop = mp.Value("l", 0), mp.Event()
    server = mp.Process(target=_serve, args=(port, count, stop), daemon=True)
    server.start()
    try:
        while not servers.listening(port)():
            if not server.is_alive():
                raise SystemExit(f"the SMTP sink did not start on port {port}")
            time.sleep(0.05)
        yield count
    finally:
        stop.set()
        server.join(10)


def seed(n: int) -> None:
    """Insert ``n`` enrolled participants silent for 8 days, in bulk."""
    now = utcnow()
    silent = now - timedelta(days=8)
    programme = Programme(name="Bench", languages=["sv", "fi", "en"], skill_catalogue=[])
    cohort = Cohort(programme=programme, name="Bench", starts_on=(now - timedelta(days=60)).date())
    db.session.add_all([programme, cohort])
    db.session.commit()
    locales = ("sv", "fi", "en")
    for start in range(0, n, 5000):
        ids = range(start + 1, min(start + 5000, n) + 1)
        db.session.execute(
            sa.insert(User),
            [
                {
                    "id": i,
                    "email": f"p{i}@bench.example.org",
                    "name": f"Participant {i}",
                    "locale": locales[i % 3],
                    "timezone": "Europe/Stockholm",
                    "is_enabled": True,
                    "session_version": 0,
                    "created_at": silent,
                    "last_login_at": silent,
                }
                for i in ids
            ],
        )
        db.session.execute(
            sa.insert(UserRole), [{"user_id": i, "role": "participant"} for i in ids]
        )
        db.session.execute(
            sa.insert(Enrollment),
            [{"cohort_id": cohort.id, "user_id": i, "started_on": cohort.starts_on} for i in ids],
        )
    db.session.commit()


class Recording(MailTransport):
    """The real transport, keeping each delivered email for the raw-SMTP replay."""

    def __init__(self) -> None:
        self.sent: list[Email] = []

    @contextmanager
    def connect(self) -> Any:
        with super().connect() as deliver:

            def record(email: Email) -> None:
                deliver(email)
                self.sent.append(email)

            yield record


def raw_smtp(emails: list[Email], host: str, port: int, sender: str) -> float:
    """Send the same messages with plain smtplib over one connection; return seconds."""
    date = formatdate(localtime=True)
    payloads = [(email.to, wire.to_bytes(email, sender, date)) for email in emails]
    envelope_from = parseaddr(sender)[1]
    start = time.perf_counter()
    with smtplib.SMTP(host, port, timeout=10) as client:
        for to, payload in payloads:
            client.sendmail(envelope_from, [to], payload)
    return time.perf_counter() - start


def measure(n: int, uri: str, senders: int | None) -> None:
    """Seed ``n`` due participants in ``uri``, run the pipeline and the raw replay; print both."""
    port = free_port()
    with smtp_sink(port) as count:
        _measure(n, uri, port, count, senders)


def _measure(n: int, uri: str, port: int, count: Any, senders: int | None) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": uri,
            "SECRET_KEY": "bench",
            "SERVER_NAME": "mentoring.example.org",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_MAX_EMAILS": None,
            **({"OUTBOX_SENDERS": senders} if senders else {}),
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed(n)
        now = utcnow().replace(hour=10)  # noon in Stockholm, outside quiet hours
        start = time.perf_counter()
        queued = find_due(now, ("inactivity",))
        found_s = time.perf_counter() - start
        transport = Recording()
        senders = sender_count()
        start = time.perf_counter()
        report = send_outbox(worker="bench", clock=lambda: now, transport=transport)
        send_s = time.perf_counter() - start
        assert queued == n and report.sent == n and count.value == n, (queued, report)
        marked = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status == "sent")
        )
        assert marked == n, marked  # every accepted message has its durable mark
        raw_s = raw_smtp(transport.sent, "127.0.0.1", port, app.config["MAIL_DEFAULT_SENDER"])
        assert count.value == 2 * n
        db.session.remove()
        db.drop_all()
        db.engine.dispose()

    pipeline = n / (found_s + send_s)
    raw = n / raw_s
    database = "PostgreSQL" if uri.startswith("postgres") else "SQLite"
    print(f"participants: {n:,} ({database}), reminders due and delivered: {report.sent:,}")
    print(f"due-finder:   {found_s:8.2f} s  ({n / found_s:,.0f} rows/s)")
    print(f"sender:       {send_s:8.2f} s  ({n / send_s:,.0f} messages/s, {senders} senders)")
    print(f"pipeline:     {found_s + send_s:8.2f} s  ({pipeline:,.0f} reminders/s)")
    print(f"raw SMTP:     {raw_s:8.2f} s  ({raw:,.0f} messages/s, same messages, one connection)")
    ratio = pipeline / raw
    verdict = "meets" if ratio >= TARGET else "below"
    print(f"ratio pipeline / raw SMTP: {ratio:.2f}  (target >= {TARGET}: {verdict})")
    _summary.record(
        _summary.Row(
            what="reminder pipeline / raw smtplib",
            database=database,
            figure=ratio,
            target=f">= {TARGET}",
            met=ratio >= TARGET,
            note=f"{pipeline:,.0f} / {raw:,.0f} msg/s, {n:,} reminders, {senders} senders",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 participants")
    parser.add_argument("--participants", type=int, default=None)
    parser.add_argument(
        "--database",
        choices=("both", "sqlite", "postgresql"),
        default="both",
        help="a temporary SQLite file, PostgreSQL, or one after the other (default)",
    )
    parser.add_argument(
        "--database-url", default=None, help="this PostgreSQL database (emptied), not our own"
    )
    parser.add_argument(
        "--senders", type=int, default=None, help="OUTBOX_SENDERS (default: the app's)"
    )
    args = parser.parse_args()
    n = args.participants or (1_000 if args.quick else 10_000)
    if args.database in ("both", "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            measure(n, f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.senders)
    if args.database in ("both", "postgresql"):
        url = args.database_url or servers.database_url(dict(os.environ))
        if not servers.server_reachable(url):
            print(f"reminders on PostgreSQL: skipped, no server at {url} (BENCH_DATABASE_URL)")
            return
        if args.database_url is None:
            servers.recreate_database(url)
        try:
            measure(n, url, args.senders)
        finally:
            if args.database_url is None:
                servers.drop_database(url)


if __name__ == "__main__":
    main()
