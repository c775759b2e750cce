"""Benchmark matching in the app: the demo cohort, and a 5,000-person cohort in the background.

    python benchmarks/bench_matching_app.py [--quick]

Everything runs on a temporary SQLite file. Times are printed next to a baseline taken in
the same run: loading the cohort's profiles (the least any run must do), so the ratios
say how much the matching itself adds, whatever the machine's load.

1. Demo cohort (the seeded demo): median of five runs of ``run_matching``.
2. Large cohort (5,000 participants, 1,000 mentors): the coordinator's POST answers at
   once because the run works in the background; printed: the POST's latency, the
   background run's duration, and how many progress steps the page could show.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from benchmarks._postgres import median_seconds  # noqa: E402
from mentoring import create_app  # noqa: E402
from mentoring.db import utcnow  # noqa: E402
from mentoring.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoSize, seed_demo  # noqa: E402
from mentoring.extensions import db  # noqa: E402
from mentoring.matches import runs  # noqa: E402
from mentoring.matches.models import MatchRun  # noqa: E402
from mentoring.matches.people import build_pool  # noqa: E402
from mentoring.matches.rules import rules_for  # noqa: E402
from mentoring.programmes.models import Cohort  # noqa: E402
from mentoring.users.models import User  # noqa: E402
from mentoring.users.roles import Role  # noqa: E402


def _app(path: Path, **config: object):  # type: ignore[no-untyped-def]
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "WTF_CSRF_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
            "MAIL_SUPPRESS_SEND": True,
            "LOGIN_RATE_LIMIT_PER_IP": "1000 per minute",
            **config,
        }
    )


def _cohort(name: str) -> Cohort:
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.name == name))
    assert cohort is not None
    return cohort


def bench_demo(workdir: Path) -> None:
    app = _app(workdir / "demo.sqlite3")
    with app.app_context():
        db.create_all()
        seed_demo(seed=42)
        cohort = _cohort("Autumn 2026")
        coordinator = db.session.scalar(
            sa.select(User).where(User.email == DEMO_ACCOUNTS[Role.COORDINATOR])
        )
        assert coordinator is not None
        rules = rules_for(cohort.programme)
        baseline = median_seconds(lambda: build_pool(cohort, rules, now=utcnow()), 5, warm_up=False)
        run_time = median_seconds(
            lambda: runs.run_matching(cohort, coordinator, now=utcnow()), 5, warm_up=False
        )
        last = runs.latest_draft(cohort)
        assert last is not None
        print("## Demo cohort (Autumn 2026)")
        left = len(last.unmatched)
        print(
            f"people waiting {last.candidates}, proposals {last.matched}, without a mentor {left}"
        )
        print(f"baseline: load the cohort's profiles      {baseline * 1000:8.1f} ms")
        ratio = run_time / baseline
        label = "run_matching (load, match, explain, save)"
        print(f"{label} {run_time * 1000:8.1f} ms  ({ratio:.1f}x baseline)")


def bench_large(workdir: Path, participants: int, mentors: int, background_from: int) -> None:
    app = _app(workdir / "large.sqlite3", MATCHING_BACKGROUND_FROM=background_from)
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        seed_demo(seed=7, size=DemoSize(participants=participants, mentors=mentors, ambassadors=12))
        seeded = time.perf_counter() - started
        cohort = _cohort("Autumn 2026")
        rules = rules_for(cohort.programme)
        baseline = median_seconds(lambda: build_pool(cohort, rules, now=utcnow()), 3, warm_up=False)
        cohort_id = cohort.id
    client = app.test_client()
    client.post(
        "/login", data={"email": DEMO_ACCOUNTS[Role.COORDINATOR], "password": DEMO_PASSWORD}
    )
    started = time.perf_counter()
    response = client.post(f"/cohorts/{cohort_id}/matching/run")
    answered = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    steps: set[str] = set()
    with app.app_context():
        while True:
            db.session.expire_all()
            run = db.session.scalar(sa.select(MatchRun).order_by(MatchRun.id.desc()).limit(1))
            assert run is not None
            if run.status != "running":
                break
            steps.add(run.progress)
            page = client.get(f"/cohorts/{cohort_id}/matching").get_data(as_text=True)
            assert 'http-equiv="refresh"' in page, "the page must refresh while the run works"
            time.sleep(0.2)
        finished = time.perf_counter() - started
        print(f"\n## Large cohort: {participants} participants, {mentors} mentors")
        print(f"(seeded in {seeded:.1f} s)")
        print(
            f"status {run.status}; people waiting {run.candidates}, proposals {run.matched}, "
            f"without a mentor {len(run.unmatched)}"
        )
        print(f"baseline: load the cohort's profiles      {baseline:8.2f} s")
        print(f"POST run answered after                   {answered * 1000:8.1f} ms")
        ratio = finished / baseline
        print(
            f"background run finished after             {finished:8.2f} s  ({ratio:.1f}x baseline)"
        )
        print(f"progress steps seen by the page: {sorted(steps)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 1,500-person large cohort")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        bench_demo(workdir)
        if args.quick:
            bench_large(workdir, participants=1500, mentors=300, background_from=500)
        else:
            bench_large(workdir, participants=5000, mentors=1000, background_from=1000)


if __name__ == "__main__":
    main()
