"""The load test's parts work (the load test itself is benchmarks/bench_load.py).

Its client signs in, books and checks in through a real HTTP server with CSRF protection on;
its loss check finds what is missing; its figures are the usual percentiles and ratios.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.serving import make_server

from benchmarks import _load_people as people
from benchmarks import _summary, bench_load
from benchmarks._load_http import Browser, forms
from benchmarks._load_scenarios import (
    Outcome,
    Participant,
    book_through_api,
    free_times,
    participant_visit,
    sign_in,
)
from benchmarks._load_stats import Sample, figures, percentile, table
from mentoring.db import utcnow
from mentoring.extensions import db
from mentoring.matches.models import Pairing
from tests.bookings_factories import make_pair
from tests.factories import TEST_PASSWORD


@pytest.fixture
def port(app: Flask) -> Iterator[int]:
    """Serve ``app`` over HTTP on a free local port while the test runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["SERVER_NAME"] = f"127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="load-test-server")
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(10)


@pytest.mark.file_db
@pytest.mark.csrf
def test_a_simulated_participant_books_and_checks_in_and_nothing_is_lost(
    app: Flask, port: int
) -> None:
    host, participant, _cohort = make_pair()
    pairing_id = db.session.scalar(sa.select(Pairing.id).where(Pairing.mentee_id == participant.id))
    assert pairing_id is not None
    who = Participant(
        participant.email, host.id, (people.check_in_path(participant.id, pairing_id, "t:0"),)
    )
    browser = Browser("127.0.0.1", port)
    sign_in(browser, participant.email, TEST_PASSWORD)
    outcome = participant_visit(browser, who, 0, random.Random(3))
    assert sorted({s.status for s in outcome.samples}) == [200, 302]
    assert len(outcome.booked) == 1 and outcome.check_ins == list(who.check_in_paths)
    assert people.nothing_lost(outcome, [who], "t") == []
    outcome.booked.append(outcome.booked[0] + 1000)
    outcome.check_ins.append("/notifications/check-in/never-sent")
    assert people.nothing_lost(outcome, [who], "t") == [
        f"booking {outcome.booked[1]} was accepted but is missing",
        "2 check-ins accepted, 1 stored",
    ]


@pytest.mark.file_db
@pytest.mark.csrf
def test_signing_in_with_a_wrong_password_stops_the_run(app: Flask, port: int) -> None:
    _host, participant, _cohort = make_pair()
    with pytest.raises(RuntimeError, match="could not sign in"):
        sign_in(Browser("127.0.0.1", port), participant.email, "not the password")


def test_forms_are_read_with_or_without_an_action() -> None:
    page = (
        '<form method="post"><input type="hidden" name="csrf_token" value="a&amp;b">'
        '<input name="code"></form>'
        '<form action="/sessions/book"><input name="host_id" value="7"></form>'
    )
    found = forms(page)
    assert [(f.action, f.fields) for f in found] == [
        ("", {"csrf_token": "a&b", "code": ""}),
        ("/sessions/book", {"host_id": "7"}),
    ]


def test_figures_give_nearest_rank_percentiles_and_ratios_to_health() -> None:
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
    assert percentile([4.0], 0.5) == 4.0
    health = figures("health", [Sample("health", 200, 0.001)] * 400, wall_seconds=1.0)
    page = figures(
        "page", [Sample("page", 200, 0.004)] * 99 + [Sample("page", 500, 0.2)], wall_seconds=1.0
    )
    assert (page.requests, page.errors, page.unexpected, page.per_second) == (100, 1, 1, 100.0)
    assert page.p50_ms == pytest.approx(4.0) and page.p95_ms == pytest.approx(4.0)
    row = table([page], health).splitlines()[-1].split()
    assert row[0] == "page" and row[5] == "0.25" and row[-1] == "4.0"


@pytest.mark.file_db
def test_a_client_books_free_times_through_the_api_and_a_taken_one_is_refused(
    app: Flask, port: int
) -> None:
    host, participant, _cohort = make_pair()
    who = Participant(participant.email, host.id)
    browser = Browser("127.0.0.1", port)
    sign_in(browser, participant.email, TEST_PASSWORD)
    starts = free_times(browser, who, utcnow().date() + timedelta(days=1))
    assert len(starts) >= 2
    outcome = Outcome()
    book_through_api(browser, who, [starts[0], starts[1], starts[0]], "book", outcome)
    assert [s.status for s in outcome.samples] == [201, 201, 409]
    assert len(outcome.booked) == 2 and outcome.refused_bookings == 1
    assert people.nothing_lost(outcome, [who], "t") == []


def test_each_row_is_shown_with_its_target_and_the_rows_below_it_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.jsonl"
    monkeypatch.setenv("BENCH_SUMMARY", str(summary))
    health = figures("health", [Sample("health", 200, 0.001)] * 100, wall_seconds=1.0)
    rows = [
        figures(name, [Sample(name, 200, 0.01)] * count, wall_seconds=1.0)
        for name, count in (
            (bench_load.SIGNED_IN_ROW, 80),
            ("participant: home /", 20),
            (bench_load.API_BOOKING_ROW, 20),
            ("coordinator: retention", 5),
            ("not a target", 1),
        )
    ]
    shown, below = bench_load.targets_table(health, rows, "PostgreSQL")
    assert below == ["participant: home /", "coordinator: retention"]
    lines = {line.split("  ")[0].strip(): line.split() for line in shown.splitlines()[2:]}
    assert lines[bench_load.SIGNED_IN_ROW][-4:] == ["0.80", ">=", "0.70", "met"]
    assert lines[bench_load.API_BOOKING_ROW][-4:] == ["0.20", ">=", "0.20", "met"]
    assert lines["participant: home /"][-5:] == ["0.20", ">=", "0.25", "NOT", "MET"]
    assert "not a target" not in shown
    # make bench's closing table: the same four rows, with database and verdict.
    capsys.readouterr()
    assert _summary.main(str(summary)) == 0
    closing = {
        line.split("  ")[0].strip(): line.split()
        for line in capsys.readouterr().out.splitlines()
        if "PostgreSQL" in line
    }
    assert sorted(closing) == sorted(
        [
            bench_load.SIGNED_IN_ROW,
            "participant: home /",
            bench_load.API_BOOKING_ROW,
            "coordinator: retention",
        ]
    )

    def verdict(what: str) -> list[str]:
        words = closing[what]
        return words[words.index("PostgreSQL") : words.index("PostgreSQL") + 5]

    assert verdict("participant: home /") == ["PostgreSQL", "0.20", ">=", "0.25", "NO"]
    assert verdict(bench_load.SIGNED_IN_ROW) == ["PostgreSQL", "0.80", ">=", "0.70", "yes"]


def test_each_row_is_measured_after_a_warm_up_round_of_its_own_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker's first request of a page compiles its templates: each row is measured warm,
    as health is, with its own uncounted round first."""
    asked: list[tuple[str, tuple[str, ...], int]] = []

    def recording(page: str, paths: list[str], port: int, jars: list, total: int) -> object:
        asked.append((page, tuple(paths), total))
        return figures(page, [Sample(page, 200, 0.01)] * 2, 1.0)

    monkeypatch.setattr(bench_load, "measure", recording)
    cast = bench_load.Cast(
        [Participant("p@example.org", 7)],
        [{}, {}],
        bench_load.Coordinator("c@example.org", 1, 2),
        [{}],
        "secret",
    )
    bench_load.saturation(0, cast, 100, bench_load.RowProfiler())
    counted = [i for i, (page, _paths, _total) in enumerate(asked) if page != "warm-up"]
    assert len(counted) == 11  # health, signed-in health, five participant pages, four dashboards
    for i in counted:
        assert asked[i - 1] == ("warm-up", asked[i][1], 4), asked[i][0]
