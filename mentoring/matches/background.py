"""Run a large matching in a thread of its own, so the coordinator sees progress, not a frozen page.

The thread pushes its own application context and uses its own database session. A run
that fails is marked failed (the error and its traceback go to the log), never left
'running' silently.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from mentoring.extensions import db
from mentoring.matches.models import MatchRun, RunStatus
from mentoring.matches.runs import complete_run

log = logging.getLogger(__name__)


def _work(app: Flask, run_id: int) -> None:
    with app.app_context():
        try:
            complete_run(run_id)
        except Exception:
            log.exception("matching run %s failed", run_id)
            db.session.rollback()
            run = db.session.get(MatchRun, run_id)
            if run is not None:
                run.status, run.progress = RunStatus.FAILED, "failed"
                db.session.commit()
        finally:
            db.session.remove()


def complete_in_background(app: Flask, run_id: int) -> threading.Thread:
    thread = threading.Thread(
        target=_work, args=(app, run_id), name=f"match-run-{run_id}", daemon=True
    )
    thread.start()
    return thread
