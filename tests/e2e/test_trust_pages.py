"""My data and the admin's audit pages work in a real browser under the strict CSP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from mentoring.extensions import db
from mentoring.programmes.models import Cohort
from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible, menu_link
from tests.e2e.test_participant_profile import sign_in
from tests.factories import TEST_PASSWORD, enrol, make_user

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
    menu_link(page, "My data").click()
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
    menu_link(page, "Audit log").click()
    page.get_by_role("heading", name="Audit log").wait_for()
    assert_accessible(page)
    menu_link(page, "Erasure requests").click()
    page.get_by_role("heading", name="Erasure requests").wait_for()
    assert_accessible(page)
    assert refused == []


def test_a_newcomer_reads_the_privacy_notice_and_agrees(
    page: Any, live_server: str, live_app: Flask
) -> None:
    refused = watch_csp(page)
    with live_app.app_context():
        person = make_user(Role.PARTICIPANT, email="newcomer@demo.example.org", consented=False)
        autumn = db.session.scalar(sa.select(Cohort).where(Cohort.name == "Autumn 2026"))
        assert autumn is not None
        enrol(person, autumn)
        email = person.email
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your data in this service").wait_for()
    assert "/consent" in page.url
    page.get_by_text("Digital Bridge: 24 months after your time in the programme ends.").wait_for()
    assert_accessible(page)
    page.get_by_label("Also store my gender and age band").check()
    page.get_by_role("button", name="I agree, continue").click()
    page.wait_for_url(f"{live_server}/")
    menu_link(page, "My profile").click()
    page.get_by_label("Gender, in your own words").wait_for()
    menu_link(page, "My data").click()
    page.get_by_role("button", name="Withdraw and remove my gender and age band").click()
    page.get_by_text("We no longer store your gender and age band").wait_for()
    assert_accessible(page)
    assert refused == []
