"""Profile gunicorn's workers with py-spy while each row of the load test is measured.

py-spy samples running processes from outside (no change to the code it watches) but needs
ptrace; where it cannot attach, the load test says so once and goes on without profiles.
Two views, each its own py-spy: *CPU* keeps only the thread holding the GIL (Python's own
work; without it a thread waiting to take the GIL back after a system call is counted where
it waits, which makes ``write`` or ``do_execute`` look hot), *all threads* keeps every thread
that is not idle, so that the waits on the database show.
"""

from __future__ import annotations

import select
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks import _profiles

VIEWS = {
    "CPU (the thread holding the GIL)": ("--gil",),
    "all threads (waits on the database and the GIL included)": ("--idle",),
}


def py_spy() -> str | None:
    """The py-spy beside this Python (the bench extra installs it there), else on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


class RowProfiler:
    """Records the profiles of each row of the gunicorn master ``pid`` and its workers, in
    each of ``views``; with no ``pid`` it records nothing (the load test without
    ``--profile``)."""

    def __init__(
        self, pid: int | None = None, rate: int = 100, views: tuple[str, ...] = tuple(VIEWS)
    ) -> None:
        self.pid = pid
        self.rate = rate
        self.views = views
        self.profiles: dict[str, dict[str, _profiles.Profile]] = {}
        self.executable = py_spy() if pid is not None else None
        if pid is not None and self.executable is None:
            print("profiling: py-spy is not installed (pip install py-spy); no profiles")

    def command(self, view: str, output: Path) -> list[str]:
        # --function aggregates by a function's first line; --nonblocking does not stop the
        # workers at each sample, which would perturb the figures more.
        return [
            str(self.executable),
            "record",
            "--format=raw",
            f"--rate={self.rate}",
            "--subprocesses",
            "--function",
            "--nonblocking",
            *VIEWS[view],
            f"--pid={self.pid}",
            f"--output={output}",
        ]

    @contextmanager
    def row(self, name: str) -> Iterator[None]:
        """Profile the workers while the block measures row ``name``."""
        if self.executable is None:
            yield
            return
        with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
            spies = []
            for number, view in enumerate(self.views):
                output = Path(folder) / f"{number}.txt"
                spy = subprocess.Popen(
                    self.command(view, output),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                spies.append((view, spy, output, _wait_until_sampling(spy)))
            try:
                yield
            finally:
                for view, spy, output, first in spies:
                    self._collect(name, view, spy, output, first)

    def _collect(
        self, name: str, view: str, spy: subprocess.Popen[str], output: Path, first: str
    ) -> None:
        if spy.poll() is None:
            spy.send_signal(signal.SIGINT)
        # py-spy ends on SIGINT (or has ended, having failed to attach): read to the end and
        # wait, both blocking. A timeout would poll with sleeps, and under faketime a sleep
        # failed (EINVAL) and left py-spy running.
        said, _ = spy.communicate()
        if spy.returncode != 0 or not output.exists():
            if self.executable is not None:
                print(
                    "profiling: py-spy could not profile the gunicorn workers (it needs "
                    "ptrace: run as root or set kernel.yama.ptrace_scope=0); going on "
                    f"without profiles. It said:\n{first}{said}"
                )
            self.executable = None
            self.profiles.pop(name, None)
            return
        if self.executable is not None:
            with output.open() as lines:
                self.profiles.setdefault(name, {})[view] = _profiles.parse(lines)

    def report(self, limit: int = 8) -> str:
        """Each row's profiles, one block a view."""
        blocks = []
        for row, views in self.profiles.items():
            blocks.append(
                f"== {row}\n"
                + "\n".join(_profiles.report(view, p, limit) for view, p in views.items())
            )
        return "\n\n".join(blocks)


def _wait_until_sampling(spy: subprocess.Popen[str], seconds: float = 15.0) -> str:
    """Wait until py-spy has attached (its first line says so) or failed, so no request
    goes unsampled at the start of a row; return that line."""
    assert spy.stdout is not None  # nosec B101  (piped above)
    ready, _, _ = select.select([spy.stdout], [], [], seconds)
    return spy.stdout.readline() if ready else ""
