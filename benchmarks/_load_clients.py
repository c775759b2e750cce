"""Drive a server from several client processes at once (threads would share one GIL)."""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from benchmarks._load_http import Browser
from benchmarks._load_scenarios import (
    HEALTH,
    Coordinator,
    Outcome,
    Participant,
    book_through_api,
    coordinator_visit,
    free_times,
    participant_visit,
)
from benchmarks._load_stats import PageFigures, Sample, figures

Task = Callable[[Browser, int], Outcome]


def _client(
    task: Task, index: int, port: int, cookies: dict[str, str], start: Any, out: Any
) -> None:
    browser = Browser("127.0.0.1", port, cookies=dict(cookies))
    start.wait()
    began = time.perf_counter()
    outcome = task(browser, index)
    out.put((index, began, time.perf_counter(), outcome, browser.cookies))
    browser.close()


def run_clients(task: Task, port: int, jars: list[dict[str, str]]) -> tuple[Outcome, float]:
    """Run ``task`` in one process per cookie jar, all at once; return what they did and the
    wall time from the first start to the last finish. Jars get the cookies the clients got."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(jars))
    out = context.Queue()
    children = [
        context.Process(target=_client, args=(task, i, port, jars[i], start, out))
        for i in range(len(jars))
    ]
    for child in children:
        child.start()
    results = [out.get(timeout=900) for _ in children]
    for child in children:
        child.join(30)
    combined = Outcome()
    for index, _began, _ended, outcome, cookies in sorted(results, key=lambda r: r[0]):
        combined.extend(outcome)
        jars[index].clear()
        jars[index].update(cookies)
    wall = max(r[2] for r in results) - min(r[1] for r in results)
    return combined, wall


def measure(
    page: str, paths: list[str], port: int, jars: list[dict[str, str]], total: int
) -> PageFigures:
    """Saturate the server with one page, ``total`` requests shared by the clients (client
    ``i`` asks for ``paths[i % len(paths)]``); the health endpoint is asked without cookies."""
    each = max(total // len(jars), 1)

    def task(browser: Browser, index: int) -> Outcome:
        path = paths[index % len(paths)]
        if path == HEALTH:
            browser = Browser(browser.host, browser.port)
        outcome = Outcome()
        for _ in range(each):
            reply = browser.get(path)
            outcome.samples.append(Sample(page, reply.status, reply.seconds))
        return outcome

    outcome, wall = run_clients(task, port, jars)
    return figures(page, outcome.samples, wall, ok=(200,))


def api_bookings(
    page: str,
    port: int,
    people: list[Participant],
    jars: list[dict[str, str]],
    total: int,
    first: date,
) -> tuple[PageFigures, Outcome]:
    """Saturate ``POST /api/v1/bookings``: each client books its mentor's free times (looked
    up beforehand, untimed), about ``total`` bookings in all; clients sharing a mentor collide."""
    each = max(total // len(jars), 1)
    times = [
        free_times(Browser("127.0.0.1", port, cookies=dict(jar)), who, first)[:each]
        for who, jar in zip(people, jars, strict=True)
    ]

    def task(browser: Browser, index: int) -> Outcome:
        outcome = Outcome()
        book_through_api(browser, people[index], times[index], page, outcome)
        return outcome

    outcome, wall = run_clients(task, port, jars)
    return figures(page, outcome.samples, wall, ok=(201, 409, 422)), outcome


def mixed_run(
    port: int,
    people: list[Participant],
    jars: list[dict[str, str]],
    coordinator: Coordinator,
    coordinator_jars: list[dict[str, str]],
    visits: int,
) -> tuple[Outcome, float]:
    """Participants visit, book and check in while coordinators read the dashboards."""

    def task(browser: Browser, index: int) -> Outcome:
        outcome = Outcome()
        rng = random.Random(index)  # nosec B311  (which free time to pick, not a secret)
        for visit in range(visits):
            if index < len(people):
                outcome.extend(participant_visit(browser, people[index], visit, rng))
            else:
                outcome.extend(coordinator_visit(browser, coordinator))
        return outcome

    return run_clients(task, port, jars + coordinator_jars)
