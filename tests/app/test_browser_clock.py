"""The browser the end-to-end tests drive runs on the real clock under ``faketime``."""

from __future__ import annotations

from tests.processes import without_faketime


def test_libfaketime_and_its_settings_are_left_out() -> None:
    environ = {
        "PATH": "/usr/bin",
        "LD_PRELOAD": "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1:/opt/libother.so",
        "FAKETIME": "@2026-12-08 01:00:00",
        "FAKETIME_DONT_RESET": "1",
    }
    assert without_faketime(environ) == {"PATH": "/usr/bin", "LD_PRELOAD": "/opt/libother.so"}


def test_an_environment_without_faketime_is_unchanged() -> None:
    environ = {"PATH": "/usr/bin", "TZ": "UTC"}
    assert without_faketime(environ) == environ
