"""What the load test's people do: sign in, browse, book, check in, read dashboards.

Each function takes a ``Browser`` and returns ``Sample``s; booking and check-in also report
what the server accepted, so the run can check afterwards that nothing accepted was lost.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from benchmarks._load_http import Browser, Reply, form_fields, forms
from benchmarks._load_stats import Sample

HEALTH = "/api/v1/health"
# The same endpoint asked with the person's session cookie (the query string only tells the
# clients to keep their cookies): what a signed-in request costs before a page does anything.
SIGNED_IN_HEALTH = "/api/v1/health?signed-in"
API_BOOKINGS = "/api/v1/bookings"
_BOOKED = re.compile(r"^/sessions/(\d+)$")


class ScenarioError(RuntimeError):
    """The server answered something a person could not go on from."""


@dataclass(frozen=True)
class Participant:
    """A participant the run signed in, with the mentor they may book and check-in links."""

    email: str
    mentor_id: int
    check_in_paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coordinator:
    email: str
    programme_id: int
    cohort_id: int


@dataclass
class Outcome:
    """What one client did and what the server said yes to."""

    samples: list[Sample] = field(default_factory=list)
    booked: list[int] = field(default_factory=list)
    refused_bookings: int = 0
    weeks_without_free_time: int = 0
    check_ins: list[str] = field(default_factory=list)

    def extend(self, other: Outcome) -> None:
        self.samples.extend(other.samples)
        self.booked.extend(other.booked)
        self.refused_bookings += other.refused_bookings
        self.weeks_without_free_time += other.weeks_without_free_time
        self.check_ins.extend(other.check_ins)


def participant_pages(who: Participant) -> dict[str, str]:
    """Name the participant's main pages (the ones the 25 % target is about)."""
    return {
        "participant: home /": "/",
        "participant: profile /profile": "/profile",
        "participant: sessions /sessions": "/sessions",
        "participant: slots /sessions/hosts/N": f"/sessions/hosts/{who.mentor_id}",
        "participant: matches /my/matches": "/my/matches",
    }


def coordinator_pages(who: Coordinator) -> dict[str, str]:
    p, c = who.programme_id, who.cohort_id
    return {
        "coordinator: cohort /cohorts/N": f"/cohorts/{c}",
        "coordinator: retention": f"/engagement/{p}/retention",
        "coordinator: feedback": f"/engagement/{p}/feedback",
        "coordinator: outcomes": f"/engagement/{p}/outcomes",
    }


def timed(browser: Browser, page: str, path: str, outcome: Outcome) -> Reply:
    reply = browser.get(path)
    outcome.samples.append(Sample(page, reply.status, reply.seconds))
    return reply


def sign_in(
    browser: Browser, email: str, password: str, code: Callable[[int], str] | None = None
) -> None:
    """Sign in through the login form; answer the two-factor step with ``code(attempt)``."""
    page = browser.get("/login")
    reply = browser.post("/login", {**form_fields(page.body), "email": email, "password": password})
    for attempt in range(3):
        if reply.status != 302 or reply.location == "/login":
            break
        if not reply.location.startswith("/login/"):
            return agree_to_terms(browser)  # signed in
        if code is None:
            raise ScenarioError(f"{email} must give a two-factor code at {reply.location}")
        target = reply.location
        page = browser.get(target)
        fields = next((f.fields for f in forms(page.body) if "csrf_token" in f.fields), {})
        reply = browser.post(target, {**fields, "code": code(attempt)})
        if reply.status == 200:  # a used or late code: the page asks again
            reply = Reply(302, target, "", 0.0)
    raise ScenarioError(f"could not sign in as {email}: {reply.status} {reply.location}")


def agree_to_terms(browser: Browser) -> None:
    """Accept the privacy notice if the home page first asks for it (a first sign-in)."""
    home = browser.get("/")
    if home.status != 302 or not home.location.startswith("/consent"):
        return
    page = browser.get(home.location)
    fields = next((f.fields for f in forms(page.body) if "csrf_token" in f.fields), {})
    reply = browser.post(home.location, {**fields, "share_attributes": "y"})
    if reply.status != 302:
        raise ScenarioError(f"the privacy notice was not accepted: {reply.status}")


def book(browser: Browser, who: Participant, rng: random.Random, outcome: Outcome) -> None:
    """Open a week of the mentor's free times and book one of them."""
    week = date.today() + timedelta(days=7 * rng.randint(1, 3))
    path = f"/sessions/hosts/{who.mentor_id}?from={week.isoformat()}"
    page = timed(browser, "participant: slots /sessions/hosts/N", path, outcome)
    offers = [f for f in forms(page.body) if f.action == "/sessions/book"]
    if not offers:
        outcome.weeks_without_free_time += 1
        return
    choice = rng.choice(offers)
    reply = browser.post(choice.action, choice.fields)
    outcome.samples.append(Sample("participant: book POST", reply.status, reply.seconds))
    found = _BOOKED.match(reply.location) if reply.status == 302 else None
    if found:
        outcome.booked.append(int(found.group(1)))
    else:
        outcome.refused_bookings += 1


def check_in(browser: Browser, path: str, rng: random.Random, outcome: Outcome) -> None:
    """Answer a check-in link: open the form, send a rating."""
    page = timed(browser, "check-in: form", path, outcome)
    if page.status != 200:
        return
    fields = {**form_fields(page.body), "rating": str(rng.randint(1, 5)), "comment": "ok"}
    reply = browser.post(path, fields)
    outcome.samples.append(Sample("check-in: POST", reply.status, reply.seconds))
    if reply.status == 200:
        outcome.check_ins.append(path)


def participant_visit(
    browser: Browser, who: Participant, iteration: int, rng: random.Random
) -> Outcome:
    """One visit: the main pages, a booking, a check-in (while links last)."""
    outcome = Outcome()
    for page, path in participant_pages(who).items():
        timed(browser, page, path, outcome)
    book(browser, who, rng, outcome)
    if iteration < len(who.check_in_paths):
        check_in(browser, who.check_in_paths[iteration], rng, outcome)
    return outcome


def coordinator_visit(browser: Browser, who: Coordinator) -> Outcome:
    outcome = Outcome()
    for page, path in coordinator_pages(who).items():
        timed(browser, page, path, outcome)
    return outcome


def free_times(browser: Browser, who: Participant, first: date) -> list[str]:
    """Return the mentor's free times (ISO, UTC) in the 93 days from ``first``, from the API."""
    last = first + timedelta(days=92)
    path = f"/api/v1/hosts/{who.mentor_id}/slots?from={first.isoformat()}&to={last.isoformat()}"
    reply = browser.get(path)
    if reply.status != 200:
        raise ScenarioError(f"free times of host {who.mentor_id}: {reply.status}")
    return [slot["starts_at"] for slot in json.loads(reply.body)["slots"]]


def book_through_api(
    browser: Browser, who: Participant, starts: list[str], page: str, outcome: Outcome
) -> None:
    """POST /api/v1/bookings once per free time: 201 booked, 409/422 refused (taken, limits)."""
    for moment in starts:
        reply = browser.post_json(API_BOOKINGS, {"host_id": who.mentor_id, "starts_at": moment})
        outcome.samples.append(Sample(page, reply.status, reply.seconds))
        if reply.status == 201:
            outcome.booked.append(int(json.loads(reply.body)["id"]))
        else:
            outcome.refused_bookings += 1
