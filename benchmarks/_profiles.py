"""Where a profiled load-test row spent its time: py-spy's collapsed stacks, summarised.

``py-spy record --format raw`` writes one line per distinct stack, ``frame;frame;... count``,
outermost frame first, each frame ``function (file:line)``. Idle samples (a gunicorn thread
waiting for work in a selector, a queue or a lock, with no application frame on its stack)
are dropped, so every share is of the busy samples: the time a thread spent on, or waiting
for, a request's work. Kept apart from py-spy itself so that it can be tested on text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

# A frame py-spy names after a function; its process and thread frames name no file.
_FRAME = re.compile(r"^(?P<function>.+) \((?P<file>[^()]+):(?P<line>\d+)\)$")

# The application and the libraries it runs on: where a page's time can be acted upon.
APPLICATION = (
    "mentoring/",
    "matching/",
    "notifications/",
    "templates/",
    "wsgi.py",
    "flask/",
    "flask_",
    "werkzeug/",
    "jinja2/",
    "markupsafe/",
    "sqlalchemy/",
    "psycopg",
    "sqlite3/",
    "babel/",
    "itsdangerous/",
)
SERVER = ("gunicorn/",)
# Innermost frames of a thread waiting for something to do: (file ends with, function ends with).
WAITS = (
    ("selectors.py", "select"),
    ("threading.py", "wait"),
    ("queue.py", "get"),
    ("concurrent/futures/thread.py", "_worker"),
    ("gunicorn/arbiter.py", "sleep"),
    ("gunicorn/arbiter.py", "wait_for_signals"),
)


@dataclass(frozen=True)
class Frame:
    function: str
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.function} ({self.file}:{self.line})"


@dataclass(frozen=True)
class Entry:
    """A frame and its share of the busy samples (0..1)."""

    frame: Frame
    share: float


@dataclass(frozen=True)
class Profile:
    """The busy samples of one row, counted per frame: as innermost useful frame, and at all.

    ``application``: the busy samples with an application frame on their stack (the rest is
    the server's own work, such as writing responses and handing connections back).
    """

    busy: int
    idle: int
    application: int
    self_counts: Counter[Frame]
    inclusive_counts: Counter[Frame]

    def top_self(self, limit: int = 8) -> list[Entry]:
        return self._top(self.self_counts, limit)

    def top_inclusive(self, limit: int = 8, below: float = 0.9) -> list[Entry]:
        """The application frames most samples pass through, bar those on (almost) every
        application stack (``below`` of them or more: Flask's entry points, which say nothing)."""
        kept = Counter(
            {
                f: n
                for f, n in self.inclusive_counts.items()
                if n < below * self.application and not server(f)
            }
        )
        return self._top(kept, limit)

    def layers(self) -> list[tuple[str, float]]:
        """Self time per package (``sqlalchemy``, ``jinja2``, ``mentoring``...), largest first."""
        totals: Counter[str] = Counter()
        for frame, n in self.self_counts.items():
            totals[package(frame)] += n
        ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
        return [(name, n / self.busy) for name, n in ranked] if self.busy else []

    def _top(self, counts: Counter[Frame], limit: int) -> list[Entry]:
        if not self.busy:
            return []
        ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
        return [Entry(frame, n / self.busy) for frame, n in ranked[:limit]]


def frame_of(text: str) -> Frame | None:
    match = _FRAME.match(text)
    if match is None:
        return None
    return Frame(match["function"], match["file"], int(match["line"]))


def useful(frame: Frame) -> bool:
    return any(part in frame.file for part in APPLICATION + SERVER)


def server(frame: Frame) -> bool:
    return any(part in frame.file for part in SERVER)


def package(frame: Frame) -> str:
    """The top-level package of a frame's file (py-spy shortens paths to start there)."""
    return frame.file.split("/", 1)[0] if "/" in frame.file else frame.file.removesuffix(".py")


def idle(stack: list[Frame]) -> bool:
    """A thread waiting for work: its innermost frame waits, and no application frame is on
    its stack (a request waiting for a pooled database connection is busy, not idle)."""
    if not stack:
        return True
    leaf = stack[-1]
    waits = any(leaf.file.endswith(f) and leaf.function.endswith(fn) for f, fn in WAITS)
    return waits and not any(part in fr.file for fr in stack for part in APPLICATION)


def parse(lines: Iterable[str]) -> Profile:
    """Count collapsed stacks: each busy sample's self time goes to its innermost useful
    frame (time in the standard library is charged to the code that called it), its
    inclusive time to every useful frame on its stack, once however often it recurs."""
    busy = idle_samples = application = 0
    self_counts: Counter[Frame] = Counter()
    inclusive_counts: Counter[Frame] = Counter()
    for line in lines:
        stack_text, _, count_text = line.strip().rpartition(" ")
        if not stack_text or not count_text.isdigit():
            continue
        count = int(count_text)
        stack = [f for f in map(frame_of, stack_text.split(";")) if f is not None]
        if idle(stack):
            idle_samples += count
            continue
        busy += count
        if any(useful(f) and not server(f) for f in stack):
            application += count
        mine = [f for f in stack if useful(f)]
        if mine:
            self_counts[mine[-1]] += count
        for frame in set(mine):
            inclusive_counts[frame] += count
    return Profile(busy, idle_samples, application, self_counts, inclusive_counts)


def _entries(entries: list[Entry]) -> str:
    return "\n".join(f"    {e.share:6.1%}  {e.frame}" for e in entries) or "    (none)"


def report(row: str, profile: Profile, limit: int = 8) -> str:
    """A row's profile, compactly: its top frames by self time, then by inclusive time."""
    if not profile.busy:
        return f"{row}: no busy samples ({profile.idle} idle)"
    layers = ", ".join(f"{name} {share:.0%}" for name, share in profile.layers()[:limit])
    return "\n".join(
        [
            f"{row}: {profile.busy} busy samples ({profile.idle} idle left out)",
            f"  self time by package: {layers}",
            "  self (innermost application or server frame):",
            _entries(profile.top_self(limit)),
            "  inclusive (application frames on < 90% of its stacks):",
            _entries(profile.top_inclusive(limit)),
        ]
    )
