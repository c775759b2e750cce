"""What operators see: /metrics moves with bookings, failed emails, the scheduler and matching;
/api/v1/ready tells when the database (or Redis) is away; request logs hold no secrets."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from mentoring import create_app
from mentoring.api.fields import iso_utc
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.matches.models import MatchRun
from mentoring.notices.services import send_outbox
from mentoring.notices.store import SqlRunLog, SqlSchedulerLock
from mentoring.operations.logs import REQUEST_ID_HEADER
from tests.app.test_bookings_api import next_weekday_at
from tests.auth import AuthActions
from tests.bookings_factories import make_pair
from tests.conftest import TEST_DATABASE_URL, IsolatedClient, base_config
from tests.factories import TEST_PASSWORD, make_cohort, make_user
from tests.faultproxy import TcpProxy
from tests.mailbox import free_port
from tests.notices_factories import NOON, item_for, queue
from tests.processes import finish

BOOKINGS = ("/api/v1/bookings", "POST", "201")


def scrape(
    client: FlaskClient, **headers: str
) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics as {(name, sorted labels): value}."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def requests_of(samples: dict, route: str, method: str, status: str) -> float:
    key = (
        "mentoring_http_requests_total",
        (("method", method), ("route", route), ("status", status)),
    )
    return samples.get(key, 0.0)


def gauge(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_booking_moves_the_request_counter_of_its_route(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    host, participant, _ = make_pair()
    before = requests_of(scrape(app.test_client()), *BOOKINGS)
    auth.login(participant.email)
    body = {"host_id": host.id, "starts_at": iso_utc(next_weekday_at(1, 10))}
    assert client.post("/api/v1/bookings", json=body).status_code == 201
    samples = scrape(app.test_client())
    assert requests_of(samples, *BOOKINGS) == before + 1
    latency = (
        "mentoring_http_request_duration_seconds_count",
        (("method", "POST"), ("route", "/api/v1/bookings")),
    )
    assert samples[latency] >= 1


def test_routes_are_counted_by_rule_not_by_path(app: Flask, client: FlaskClient) -> None:
    client.get("/notifications/check-in/a-secret-looking-token")
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert "a-secret-looking-token" not in text
    assert 'route="/notifications/check-in/<token>"' in text


def test_an_email_that_fails_shows_as_retrying(app: Flask) -> None:
    person = make_user()
    queue([item_for(person, template="no_such_template", not_before=NOON)], NOON)
    before = scrape(app.test_client())
    assert gauge(before, "mentoring_outbox_messages", status="pending") == 1
    assert gauge(before, "mentoring_outbox_retrying_messages") == 0
    send_outbox(worker="test", clock=lambda: NOON)
    after = scrape(app.test_client())
    assert gauge(after, "mentoring_outbox_retrying_messages") == 1
    assert gauge(after, "mentoring_outbox_oldest_pending_age_seconds") > 0


def test_scheduler_beats_and_job_runs_are_visible(app: Flask) -> None:
    now = utcnow().replace(microsecond=0)
    assert SqlSchedulerLock(db.session).acquire(
        "worker-1", now - timedelta(seconds=40), timedelta(minutes=2)
    )
    SqlRunLog(db.session).record("send-outbox", now - timedelta(seconds=3), now, True, "sent 0")
    first = scrape(app.test_client())
    assert gauge(first, "mentoring_scheduler_heartbeat_age_seconds", lock="scheduler") >= 40
    finished = gauge(first, "mentoring_scheduler_job_last_run_timestamp_seconds", job="send-outbox")
    assert finished == pytest.approx((now - utcnow().__class__(1970, 1, 1)).total_seconds())
    assert gauge(first, "mentoring_scheduler_job_last_run_ok", job="send-outbox") == 1
    # The next beat renews the lock; a failed run shows as not ok.
    assert SqlSchedulerLock(db.session).acquire("worker-1", utcnow(), timedelta(minutes=2))
    SqlRunLog(db.session).record("send-outbox", now, now + timedelta(seconds=1), False, "boom")
    second = scrape(app.test_client())
    assert gauge(second, "mentoring_scheduler_heartbeat_age_seconds", lock="scheduler") < 40
    assert gauge(second, "mentoring_scheduler_job_last_run_ok", job="send-outbox") == 0


def test_matching_runs_and_their_duration_are_counted(app: Flask) -> None:
    cohort = make_cohort()
    db.session.add_all(
        [MatchRun(cohort_id=cohort.id, kind="pairs", duration_ms=ms) for ms in (1500, 500)]
    )
    db.session.commit()
    samples = scrape(app.test_client())
    assert gauge(samples, "mentoring_matching_runs", kind="pairs") == 2
    assert gauge(samples, "mentoring_matching_run_duration_seconds_sum", kind="pairs") == 2.0
    assert gauge(samples, "mentoring_matching_run_duration_seconds_max", kind="pairs") == 1.5


def test_metrics_need_the_token_or_a_loopback_address(app: Flask) -> None:
    outside = app.test_client()
    outside.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert outside.get("/metrics").status_code == 404
    app.config["METRICS_TOKEN"] = "scrape-token-123"
    assert app.test_client().get("/metrics").status_code == 404  # loopback alone is not enough
    wrong = {"Authorization": "Bearer nope"}
    assert outside.get("/metrics", headers=wrong).status_code == 404
    right = {"Authorization": "Bearer scrape-token-123"}
    assert outside.get("/metrics", headers=right).status_code == 200


def test_ready_when_the_database_answers(client: FlaskClient) -> None:
    response = client.get("/api/v1/ready")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok"}}


def test_not_ready_when_the_configured_redis_is_away(app: Flask) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{free_port()}"
    response = app.test_client().get("/api/v1/ready")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["checks"] == {"database": "ok", "redis": "unavailable"}


@pytest.mark.redis
def test_ready_checks_redis_when_configured(app: Flask) -> None:
    from tests.conftest import TEST_REDIS_URL

    app.config["RATELIMIT_STORAGE_URI"] = TEST_REDIS_URL
    response = app.test_client().get("/api/v1/ready")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}


@pytest.fixture
def behind_proxy(app: Flask) -> Iterator[tuple[Flask, TcpProxy]]:
    """A second app on the PostgreSQL test database, through a proxy the test can stop."""
    url = sa.engine.make_url(TEST_DATABASE_URL)
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxied = create_app(
            base_config(
                SQLALCHEMY_DATABASE_URI=url.set(host="127.0.0.1", port=proxy.port).render_as_string(
                    hide_password=False
                )
            )
        )
        proxied.test_client_class = IsolatedClient
        yield proxied, proxy
        with proxied.app_context():
            db.engine.dispose()


@pytest.mark.postgres
def test_not_ready_while_the_database_is_stopped_and_ready_again_after(
    behind_proxy: tuple[Flask, TcpProxy],
) -> None:
    proxied, proxy = behind_proxy
    client = proxied.test_client()
    assert client.get("/api/v1/ready").status_code == 200
    proxy.stop()
    away = client.get("/api/v1/ready")
    assert away.status_code == 503
    assert away.get_json()["checks"] == {"database": "unavailable"}
    proxy.start()
    assert client.get("/api/v1/ready").status_code == 200


@pytest.fixture
def json_log(request: pytest.FixtureRequest) -> Iterator[tuple[Flask, io.StringIO]]:
    """An app logging JSON lines, written into a buffer the test reads."""
    app: Flask = request.getfixturevalue("app")
    logged = io.StringIO()
    json_app = create_app(
        base_config(
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            LOG_FORMAT="json",
            WTF_CSRF_ENABLED=False,
        )
    )
    json_app.test_client_class = IsolatedClient
    logger = logging.getLogger("mentoring")
    handlers = [h for h in logger.handlers if getattr(h, "_mentoring_json", False)]
    assert handlers, "LOG_FORMAT=json installs a JSON handler"
    for handler in handlers:
        handler.setStream(logged)  # type: ignore[attr-defined]
    yield json_app, logged
    # Logging is global to the process: give the other tests back the default.
    for handler in handlers:
        logger.removeHandler(handler)
    logger.propagate = True
    logger.setLevel(logging.NOTSET)
    with json_app.app_context():
        db.engine.dispose()


@pytest.mark.file_db
def test_each_request_is_one_json_line_without_secrets(
    app: Flask, json_log: tuple[Flask, io.StringIO]
) -> None:
    json_app, logged = json_log
    person = make_user()
    client = json_app.test_client()
    client.post("/login", data={"email": person.email, "password": "a-wrong-passphrase-42"})
    assert AuthActions(client).login(person.email).status_code == 302
    client.get("/", headers={REQUEST_ID_HEADER: "proxy-id-7"})
    client.get("/notifications/check-in/tok-very-secret-999")
    lines = [json.loads(line) for line in logged.getvalue().splitlines()]
    requests = [line for line in lines if line["logger"] == "mentoring.requests"]
    assert len(requests) == 4
    for line in requests:
        assert {
            "time",
            "level",
            "request_id",
            "user_id",
            "method",
            "route",
            "status",
            "duration_ms",
        } <= set(line)
    assert requests[0]["user_id"] is None and requests[0]["route"] == "/login"
    assert requests[2] == requests[2] | {
        "request_id": "proxy-id-7",
        "user_id": person.id,
        "route": "/",
        "status": 200,
    }
    assert requests[3]["route"] == "/notifications/check-in/<token>"
    text = logged.getvalue()
    for secret in ("a-wrong-passphrase-42", TEST_PASSWORD, "tok-very-secret-999", person.email):
        assert secret not in text


MARK = "--- metrics ---\n"
WORKER = """
import sys
MARK = "--- metrics ---\\n"
from mentoring import create_app
from mentoring.extensions import db
from tests.conftest import base_config

app = create_app(base_config(SQLALCHEMY_DATABASE_URI=sys.argv[1]))
with app.app_context():
    db.create_all()
client = app.test_client()
for _ in range(int(sys.argv[2])):
    assert client.get("/api/v1/health").status_code == 200
if sys.argv[3] == "scrape":
    sys.stdout.write(MARK + client.get("/metrics").get_data(as_text=True))
"""


def test_worker_processes_add_up_with_a_multiprocess_directory(tmp_path: Path) -> None:
    """Each gunicorn worker counts its own requests; a scrape of any worker sums them all."""
    shared = tmp_path / "prometheus"
    shared.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(shared)}
    uri = f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    root = Path(__file__).resolve().parents[2]

    def worker(requests: int, then: str) -> str:
        process = subprocess.Popen(
            [sys.executable, "-c", WORKER, uri, str(requests), then],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        printed = finish(process, seconds=120)
        assert process.returncode == 0, printed
        return printed.partition(MARK)[2]

    worker(3, "exit")
    worker(2, "exit")
    text = worker(1, "scrape")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    assert requests_of(samples, "/api/v1/health", "GET", "200") == 6
    assert gauge(samples, "mentoring_outbox_oldest_pending_age_seconds") == 0
