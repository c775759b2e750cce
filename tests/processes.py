"""Stopping the server and scheduler processes that tests start."""

from __future__ import annotations

import signal
import subprocess


def stop(process: subprocess.Popen[str], seconds: float = 30) -> str:
    """Stop ``process`` as a service manager would (SIGTERM), killing it if it hangs.

    SIGTERM rather than SIGINT: a shell that starts a job in the background makes it
    ignore SIGINT, and the children inherit that, so SIGINT would stop nothing in CI.
    Returns what the process printed.
    """
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate(timeout=seconds)
        raise AssertionError(f"the process did not stop on SIGTERM:\n{output}") from None
    return output or ""
