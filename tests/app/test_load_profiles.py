"""The load test's profiles (benchmarks/_profiles.py) read py-spy's collapsed stacks right:
idle server loops are left out, self time goes to the innermost application or server frame,
inclusive time counts an application frame once per sample, all as shares of busy samples."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks import _profiles
from benchmarks._load_profiler import RowProfiler, py_spy
from benchmarks._profiles import Frame

PROCESS = 'process 41:"python -m gunicorn wsgi:app";process 42:"python -m gunicorn wsgi:app"'
POOL = (
    "Thread._bootstrap (threading.py:988);Thread.run (threading.py:971);"
    "_worker (concurrent/futures/thread.py:69)"
)
REQUEST = (
    f"{POOL};ThreadWorker.handle (gunicorn/workers/gthread.py:270);"
    "Flask.wsgi_app (flask/app.py:1478);Flask.full_dispatch_request (flask/app.py:880)"
)
VIEW = f"{REQUEST};profile (mentoring/users/views.py:40)"
QUERY = f"{VIEW};Session.execute (sqlalchemy/orm/session.py:2300)"
RENDER = f"{VIEW};render_template (flask/templating.py:138);root (templates/profile.html:1)"
STACKS = [
    # Idle: the worker's selector, a pool thread waiting for work, the master's sleep.
    f"{PROCESS};ThreadWorker.run (gunicorn/workers/gthread.py:220);"
    "EpollSelector.select (selectors.py:451) 500",
    f"{POOL} 300",
    'process 41:"python -m gunicorn wsgi:app";Arbiter.run (gunicorn/arbiter.py:200);'
    "Arbiter.sleep (gunicorn/arbiter.py:360) 100",
    'process 41:"python -m gunicorn wsgi:app";Arbiter.run (gunicorn/arbiter.py:200);'
    "Arbiter.wait_for_signals (gunicorn/arbiter.py:417) 100",
    # Busy: 100 samples in all, 80 of them with application frames.
    f"{POOL};ThreadWorker.handle (gunicorn/workers/gthread.py:270);write (gunicorn/util.py:345) 20",
    f"{PROCESS};{QUERY};Connection.execute (sqlite3/dbapi2.py:1) 20",
    f"{PROCESS};{QUERY} 10",
    f"{PROCESS};{RENDER};escape (markupsafe/__init__.py:20) 20",
    # Time in the standard library goes to the view that called it.
    f"{PROCESS};{VIEW};JSONEncoder.encode (json/encoder.py:183) 10",
    # A request waiting for a pooled connection is busy, although its leaf waits.
    f"{PROCESS};{QUERY};QueuePool._do_get (sqlalchemy/pool/impl.py:160);"
    "Condition.wait (threading.py:320) 15",
    # Recursion: a frame twice on one stack counts once.
    f"{PROCESS};{VIEW};walk (mentoring/tree.py:5);walk (mentoring/tree.py:5) 5",
    "",
    "not a stack",
]

VIEW_FRAME = Frame("profile", "mentoring/users/views.py", 40)
EXECUTE = Frame("Session.execute", "sqlalchemy/orm/session.py", 2300)


def test_idle_loops_are_left_out_and_shares_are_of_busy_samples() -> None:
    profile = _profiles.parse(STACKS)
    assert (profile.busy, profile.idle, profile.application) == (100, 1000, 80)
    top = {str(e.frame): e.share for e in profile.top_self()}
    assert top == {
        "Connection.execute (sqlite3/dbapi2.py:1)": 0.20,
        "escape (markupsafe/__init__.py:20)": 0.20,
        "write (gunicorn/util.py:345)": 0.20,
        "QueuePool._do_get (sqlalchemy/pool/impl.py:160)": 0.15,
        "Session.execute (sqlalchemy/orm/session.py:2300)": 0.10,
        "profile (mentoring/users/views.py:40)": 0.10,
        "walk (mentoring/tree.py:5)": 0.05,
    }
    assert [e.frame for e in profile.top_self(limit=2)][1] == Frame(
        "escape", "markupsafe/__init__.py", 20
    )


def test_inclusive_counts_each_frame_once_a_sample_and_leaves_out_the_ubiquitous() -> None:
    profile = _profiles.parse(STACKS)
    assert profile.inclusive_counts[VIEW_FRAME] == 80
    assert profile.inclusive_counts[Frame("walk", "mentoring/tree.py", 5)] == 5
    inclusive = {e.frame: e.share for e in profile.top_inclusive()}
    # On every application stack: Flask's entry points and the view; the server is left out.
    assert VIEW_FRAME not in inclusive
    assert Frame("Flask.wsgi_app", "flask/app.py", 1478) not in inclusive
    assert Frame("ThreadWorker.handle", "gunicorn/workers/gthread.py", 270) not in inclusive
    assert inclusive[EXECUTE] == 0.45
    assert inclusive[Frame("render_template", "flask/templating.py", 138)] == 0.20
    assert Frame("JSONEncoder.encode", "json/encoder.py", 183) not in inclusive


def test_the_report_lists_both_tops_and_says_when_nothing_was_busy() -> None:
    text = _profiles.report("participant: profile", _profiles.parse(STACKS), limit=2)
    assert text.splitlines() == [
        "participant: profile: 100 busy samples (1000 idle left out)",
        "  self time by package: sqlalchemy 25%, gunicorn 20%",
        "  self (innermost application or server frame):",
        "     20.0%  Connection.execute (sqlite3/dbapi2.py:1)",
        "     20.0%  escape (markupsafe/__init__.py:20)",
        "  inclusive (application frames on < 90% of its stacks):",
        "     45.0%  Session.execute (sqlalchemy/orm/session.py:2300)",
        "     20.0%  Connection.execute (sqlite3/dbapi2.py:1)",
    ]
    assert [name for name, _ in _profiles.parse(STACKS).layers()] == [
        "sqlalchemy",
        "gunicorn",
        "markupsafe",
        "sqlite3",
        "mentoring",
    ]
    idle_only = _profiles.parse(STACKS[:4])
    assert _profiles.report("x", idle_only) == "x: no busy samples (1000 idle)"


def test_without_a_process_nothing_is_profiled() -> None:
    profiler = RowProfiler()
    with profiler.row("health"):
        pass
    assert profiler.profiles == {} and profiler.report() == ""


def test_a_process_py_spy_cannot_attach_to_is_said_and_the_run_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert py_spy() is not None, "py-spy is a development dependency (pyproject.toml, dev)"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    profiler = RowProfiler(gone.pid)
    with profiler.row("health"):
        pass
    with profiler.row("home"):
        pass
    said = capsys.readouterr().out
    assert said.count("py-spy could not profile the gunicorn workers") == 1
    assert profiler.profiles == {} and profiler.executable is None
