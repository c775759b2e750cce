"""My data and the admin's audit pages work in a real browser under the strict CSP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mentoring.accounts.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def watch_csp(page: Any) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def test_participant_downloads_their_data(page: Any, live_server: str) -> None:
    refused = watch_csp(page)
    sign_in(page, live_server, Role.PARTICIPANT)
    page.get_by_role("link", name="My data").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as a file (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["users"] and data["profiles"]
    page.get_by_role("button", name="Show as a readable page").click()
    page.get_by_role("heading", name="All my data").wait_for()
    assert_accessible(page)
    assert refused == []


def test_admin_reads_the_audit_log_and_erasure_requests(page: Any, live_server: str) -> None:
    refused = watch_csp(page)
    sign_in(page, live_server, Role.ADMIN)
    page.get_by_role("link", name="Audit log").click()
    page.get_by_role("heading", name="Audit log").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Erasure requests").click()
    page.get_by_role("heading", name="Erasure requests").wait_for()
    assert_accessible(page)
    assert refused == []
