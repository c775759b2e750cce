"""Benchmark bookings: free-slot computation, and the booking endpoint under concurrent clients.

    python benchmarks/bench_bookings.py [--quick]

Part 1 (always): free slots of one host with a year of weekly availability and 500
bookings, computed in memory (``slots.free_slots``) and through the database
(``finder.free_slots_for`` on SQLite).

Part 2 (needs PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL): a live server in its
own process; C client threads each book distinct slots through POST /api/v1/bookings, and
the same clients hit GET /api/v1/health; the booking rate is printed as a ratio to the
health rate measured in the same run. Tables are created in a schema of their own
(``bench_bookings``), which is dropped afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._postgres import database_url, median_seconds, schema_url  # noqa: E402
from mentoring.bookings.slots import Busy, Rules, Window, free_slots  # noqa: E402

TZ = ZoneInfo("Europe/Stockholm")
WINDOWS = [Window(d, 9 * 60, 17 * 60) for d in range(5)] + [Window(1, 18 * 60, 21 * 60)]
FIRST = date(2026, 1, 1)
NOW = datetime(2025, 12, 31, 12)
SCHEMA = "bench_bookings"


def _year_of_bookings(count: int = 500) -> list[tuple[datetime, datetime]]:
    rules = Rules(session_minutes=60, buffer_minutes=15, notice_hours=0, horizon_days=366)
    every = free_slots(
        windows=WINDOWS,
        exceptions=[],
        busy=Busy([]),
        booked_starts=[],
        rules=rules,
        tz=TZ,
        first_day=FIRST,
        last_day=FIRST + timedelta(days=364),
        now=NOW,
    )
    step = len(every) / count
    return [(every[int(i * step)].starts_at, every[int(i * step)].ends_at) for i in range(count)]


def bench_free_slots(repeats: int) -> None:
    bookings = _year_of_bookings()
    rules = Rules(session_minutes=60, buffer_minutes=15, notice_hours=24, horizon_days=366)
    away = [(date(2026, 7, 1), date(2026, 7, 31)), (date(2026, 12, 21), date(2026, 12, 31))]

    def compute() -> int:
        return len(
            free_slots(
                windows=WINDOWS,
                exceptions=away,
                busy=Busy(bookings),
                booked_starts=[s for s, _ in bookings],
                rules=rules,
                tz=TZ,
                first_day=FIRST,
                last_day=FIRST + timedelta(days=364),
                now=NOW,
            )
        )

    found = compute()
    year = median_seconds(compute, repeats, warm_up=False)
    print(
        f"free slots, one year, 500 bookings, in memory: {found} slots, median {year * 1000:.1f} ms"
    )
    _bench_free_slots_db(bookings, repeats)


def _bench_free_slots_db(bookings: list[tuple[datetime, datetime]], repeats: int) -> None:
    from mentoring import create_app
    from mentoring.bookings.finder import free_slots_for
    from mentoring.bookings.models import AvailabilityWindow, Booking, HostSettings
    from mentoring.extensions import db
    from mentoring.users.models import User

    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench"}
    )
    with app.app_context():
        db.create_all()
        host, learner = User(email="h@x.org", name="H"), User(email="p@x.org", name="P")
        db.session.add_all([host, learner])
        db.session.flush()
        settings = HostSettings(
            user_id=host.id,
            session_minutes=60,
            buffer_minutes=15,
            notice_hours=24,
            horizon_days=366,
            place="",
            video_link="",
        )
        settings.windows = [
            AvailabilityWindow(
                weekday=w.weekday, start_minute=w.start_minute, end_minute=w.end_minute
            )
            for w in WINDOWS
        ]
        db.session.add(settings)
        db.session.add_all(
            Booking(host_id=host.id, participant_id=learner.id, starts_at=s, ends_at=e)
            for s, e in bookings
        )
        db.session.commit()
        last = FIRST + timedelta(days=364)
        year = median_seconds(
            lambda: free_slots_for(settings, FIRST, last, now=NOW), repeats, warm_up=False
        )
        week = median_seconds(
            lambda: free_slots_for(settings, date(2026, 5, 4), date(2026, 5, 10), now=NOW),
            repeats * 5,
            warm_up=False,
        )
        print(
            f"free slots through the database (SQLite): one year median {year * 1000:.1f} ms, "
            f"one week (the slot page) median {week * 1000:.2f} ms"
        )


SERVER = """
import sys
from werkzeug.serving import make_server
from mentoring import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "SECRET_KEY": "bench", "TESTING": True,
    "WTF_CSRF_ENABLED": False, "MAIL_SUPPRESS_SEND": True,
    "LOGIN_RATE_LIMIT_PER_IP": "100000 per minute",
    "LOGIN_RATE_LIMIT_PER_ACCOUNT": "100000 per minute", "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20, "max_overflow": 10}})
server = make_server("127.0.0.1", 0, app, threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


def _prepare_postgres(url: str, clients: int) -> list[tuple[str, int]]:
    import sqlalchemy as sa

    from mentoring import create_app
    from mentoring.accounts.passwords import hash_password
    from mentoring.config import normalise_database_url
    from mentoring.extensions import db
    from mentoring.users.roles import Role
    from tests.bookings_factories import make_host, make_participant
    from tests.factories import make_cohort

    engine = sa.create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(
            sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
        )
    engine.dispose()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": schema_url(url, SCHEMA),
            "SECRET_KEY": "bench",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
        }
    )
    pairs = []
    with app.app_context():
        db.create_all()
        cohort = make_cohort()
        for _ in range(clients):
            host = make_host(
                Role.MENTOR,
                cohort=cohort,
                windows=tuple((d, 0, 1440) for d in range(7)),
                notice_hours=0,
                horizon_days=366,
            )
            participant = make_participant(cohort, host=host)
            participant.password_hash = hash_password("bench-pass")
            db.session.commit()
            pairs.append((participant.email, host.id))
        db.engine.dispose()
    return pairs


def _request(port: int, method: str, path: str, body: dict | None, cookie: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie}
    payload = None
    if body is not None:
        payload = json.dumps(body)
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    response.read()
    cookie_out = response.getheader("Set-Cookie") or ""
    connection.close()
    return response.status, cookie_out.split(";")[0]


def _login(port: int, email: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "POST",
        "/login",
        body=f"email={email}&password=bench-pass",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    return (response.getheader("Set-Cookie") or "").split(";")[0]


def _load(port: int, cookies: list[str], requests_each: int, make) -> tuple[float, dict[int, int]]:
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(index: int) -> None:
        for n in range(requests_each):
            method, path, body = make(index, n)
            status, _ = _request(port, method, path, body, cookies[index])
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(len(cookies))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(cookies) * requests_each / elapsed, statuses


def bench_throughput(url: str, clients: int, requests_each: int) -> None:
    pairs = _prepare_postgres(url, clients)
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, schema_url(url, SCHEMA)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = int(server.stdout.readline())
        cookies = [_login(port, email) for email, _ in pairs]
        base = datetime.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)

        def booking(index: int, n: int) -> tuple[str, str, dict]:
            start = base + timedelta(hours=n)
            return (
                "POST",
                "/api/v1/bookings",
                {"host_id": pairs[index][1], "starts_at": start.isoformat() + "Z"},
            )

        health_rate, health_statuses = _load(
            port, cookies, requests_each, lambda i, n: ("GET", "/api/v1/health", None)
        )
        book_rate, book_statuses = _load(port, cookies, requests_each, booking)
        print(
            f"throughput with {clients} concurrent clients against PostgreSQL "
            f"(werkzeug threaded server, one process):"
        )
        print(f"  GET /api/v1/health:    {health_rate:8.1f} requests/s  statuses {health_statuses}")
        print(f"  POST /api/v1/bookings: {book_rate:8.1f} requests/s  statuses {book_statuses}")
        print(f"  booking / health ratio: {book_rate / health_rate:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        import sqlalchemy as sa

        from mentoring.config import normalise_database_url

        engine = sa.create_engine(normalise_database_url(url))
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and requests")
    args = parser.parse_args()
    bench_free_slots(repeats=3 if args.quick else 15)
    url = database_url("booking throughput", " to measure it against a live server")
    if url is None:
        return
    bench_throughput(url, clients=4 if args.quick else 8, requests_each=25 if args.quick else 100)


if __name__ == "__main__":
    main()
