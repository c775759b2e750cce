"""Stopping the server and scheduler processes that tests start, and waiting without sleep.

``time.sleep`` and ``Popen.wait(timeout)`` fail with EINVAL under
``faketime`` with ``FAKETIME_DONT_FAKE_MONOTONIC=1`` (libfaketime 0.9.10 mangles the
absolute ``clock_nanosleep`` Python uses), which is how we run the suite "at night". An
event's timed wait and ``poll()`` work there, so the helpers below use only those.
The browser, which libfaketime hangs, is started on the real clock.
"""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time


def pause(seconds: float) -> None:
    """Wait ``seconds`` (a polling interval; wait on a condition, not for a time)."""
    threading.Event().wait(seconds)


def _reader(process: subprocess.Popen[str]) -> tuple[threading.Thread, list[str]]:
    chunks: list[str] = []
    stream = process.stdout

    def read() -> None:
        if stream is not None:
            with stream:
                chunks.append(stream.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, chunks


def _ended(process: subprocess.Popen[str], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while process.poll() is None:
        if time.monotonic() > deadline:
            return False
        pause(0.05)
    return True


def finish(process: subprocess.Popen[str], seconds: float = 30) -> str:
    """Wait for ``process`` to end by itself and return what it printed; kill it on a hang."""
    thread, chunks = _reader(process)
    if not _ended(process, seconds):
        process.kill()
        _ended(process, seconds)
        thread.join(seconds)
        raise AssertionError(f"the process did not end:\n{''.join(chunks)}")
    thread.join(seconds)
    return "".join(chunks)


def stop(process: subprocess.Popen[str], seconds: float = 30) -> str:
    """Stop ``process`` as a service manager would (SIGTERM), killing it if it hangs.

    SIGTERM rather than SIGINT: a shell that starts a job in the background makes it
    ignore SIGINT, and the children inherit that, so SIGINT would stop nothing in CI.
    Returns what the process printed.
    """
    thread, chunks = _reader(process)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    if not _ended(process, seconds):
        process.kill()
        _ended(process, seconds)
        thread.join(seconds)
        raise AssertionError(f"the process did not stop on SIGTERM:\n{''.join(chunks)}")
    thread.join(seconds)
    return "".join(chunks)


def kill(process: subprocess.Popen[str], seconds: float = 30) -> str:
    """SIGKILL ``process`` (a crash) and return what it printed."""
    thread, chunks = _reader(process)
    process.kill()
    _ended(process, seconds)
    thread.join(seconds)
    return "".join(chunks)


def without_faketime(environ: dict[str, str]) -> dict[str, str]:
    """``environ`` without libfaketime: the browser keeps the real clock.

    A suite run under ``faketime`` (to prove it passes at any hour) fakes the server's clock;
    Chromium under libfaketime hangs on close, and half-faked it cannot start at all.
    """
    preload = ":".join(
        part
        for part in re.split(r"[\s:]+", environ.get("LD_PRELOAD", ""))
        if part and "faketime" not in part
    )
    kept = {key: value for key, value in environ.items() if not key.startswith("FAKETIME")}
    kept.pop("LD_PRELOAD", None)
    return kept | ({"LD_PRELOAD": preload} if preload else {})
