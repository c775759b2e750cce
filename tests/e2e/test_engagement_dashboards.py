"""The demo coordinator opens each dashboard, filters it, and downloads the funder report."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from mentoring.users.roles import Role
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_participant_profile import sign_in

pytestmark = pytest.mark.browser


def _open_dashboards(page: Any, base: str) -> None:
    sign_in(page, base, Role.COORDINATOR)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Engagement").click()
    page.wait_for_url("**/engagement/*/retention")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Engagement")
    assert_accessible(page)


def _tab(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Dashboards").get_by_role("link", name=name).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith(name)
    assert_accessible(page)


def test_coordinator_splits_engagement_by_gender_and_cohort(page: Any, live_server: str) -> None:
    _open_dashboards(page, live_server)
    before = page.locator("table").first.inner_text()
    page.get_by_label("Split by").select_option("gender")
    page.get_by_role("button", name="Show").last.click()
    page.wait_for_url("**by=gender**")
    after = page.locator("table").first.inner_text()
    assert after != before
    assert "Everyone" in before and "Everyone" not in after
    assert_accessible(page)

    cohort = page.get_by_label("Cohort", exact=True)
    value = cohort.locator("option").nth(1).get_attribute("value")
    cohort.select_option(value)
    page.get_by_role("button", name="Show").last.click()
    page.wait_for_url(f"**cohort={value}**")
    assert "by=gender" in page.url
    assert page.get_by_label("Cohort", exact=True).input_value() == value
    assert page.locator("table").first.inner_text() != after
    assert_accessible(page)


def test_coordinator_filters_feedback_and_sees_other_dashboards(
    page: Any, live_server: str
) -> None:
    _open_dashboards(page, live_server)
    _tab(page, "Feedback")
    # The small e2e demo has under five answers, so every count shows "<5"; what changes is
    # the filter the page was rendered with (and it is in the URL, so it can be bookmarked).
    assert page.get_by_label("Gender").input_value() == ""
    page.get_by_label("Gender").select_option("woman")
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_role("button", name="Show").last.click()
    page.wait_for_url("**gender=woman**")
    assert "from=2026-01-01" in page.url
    assert page.get_by_label("Gender").input_value() == "woman"
    assert page.get_by_label("From").input_value() == "2026-01-01"
    assert page.get_by_text("Answers: ").is_visible()
    assert_accessible(page)

    _tab(page, "Outcomes")
    assert page.locator("table tbody tr").count() >= 1
    _tab(page, "Digital ambassadors")


def test_coordinator_downloads_the_funder_report(
    page: Any, live_server: str, tmp_path: Path
) -> None:
    _open_dashboards(page, live_server)
    _tab(page, "Funder report")
    whole = page.locator("table").inner_text()
    page.get_by_label("From").fill("2020-01-01")
    page.get_by_role("button", name="Show").last.click()
    page.wait_for_url("**from=2020-01-01**")
    assert page.locator("table").inner_text() != whole
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    assert "2020-01-01" in download.suggested_filename
    path = tmp_path / "report.csv"
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["Section", "Item", "Value"]
    shown = {
        row.locator("th").inner_text(): row.locator("td").last.inner_text()
        for row in page.locator("table tbody tr").all()
    }
    assert {row[1]: row[2] for row in rows[1:]}["Unique participants"] == shown[
        "Unique participants"
    ]

    with page.expect_download() as info:
        page.get_by_role("link", name="Download XLSX").click()
    path = tmp_path / "report.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == ["Section", "Item", "Value"]
    assert sheet.max_row == len(rows)


def test_coordinator_sets_inactive_days_and_records_an_outcome(page: Any, live_server: str) -> None:
    _open_dashboards(page, live_server)
    page.get_by_role("link", name="Change the number of days").click()
    assert_accessible(page)
    field = page.get_by_label("Days without activity before a participant counts as dropped out")
    field.fill("3")
    page.get_by_role("button", name="Save").click()
    assert "from 7 to 365" in page.locator("#inactive_days-error").inner_text()
    assert_accessible(page)
    field.fill("45")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/retention")
    assert "after 45 days without activity" in page.content()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").click()
    page.locator("main a[href*='/programmes/']").first.click()
    page.locator("main a[href*='/cohorts/']").first.click()
    page.locator("main a[href*='/engagement/enrolments/']").first.click()
    assert_accessible(page)
    page.get_by_label("Outcome").select_option("studies")
    page.get_by_label("Reached on").fill("2099-01-01")
    page.get_by_role("button", name="Record the outcome").click()
    assert page.locator("#achieved_on-error").is_visible()
    assert_accessible(page)
