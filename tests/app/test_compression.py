"""Text answers travel compressed when the browser accepts it; the site icon exists."""

from __future__ import annotations

import gzip

import brotli
from flask.testing import FlaskClient

from mentoring.paths import STATIC_DIR
from mentoring.users.roles import Role
from tests.auth import AuthActions
from tests.factories import make_user

GZIP = {"Accept-Encoding": "gzip"}
ANY = {"Accept-Encoding": "gzip, deflate, br"}


def test_the_favicon_is_served_to_everyone_before_any_notice(
    client: FlaskClient, auth: AuthActions
) -> None:
    for who in ("anonymous", "newcomer"):
        if who == "newcomer":  # not yet agreed to the privacy notice: no redirect for the icon
            auth.login(make_user(Role.PARTICIPANT, consented=False).email)
        icon = client.get("/favicon.ico")
        assert icon.status_code == 200, who
        assert icon.mimetype == "image/vnd.microsoft.icon"
        assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO header: reserved 0, type 1
        icon.close()


def test_pages_and_json_are_gzipped_only_when_accepted(client: FlaskClient) -> None:
    plain = client.get("/api/v1/openapi.json")
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    packed = client.get("/api/v1/openapi.json", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 3
    assert gzip.decompress(packed.data) == plain.data
    page = client.get("/login", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip" and page.mimetype == "text/html"
    assert b"</html>" in gzip.decompress(page.data)
    icon = client.get("/favicon.ico", headers=GZIP)
    assert "Content-Encoding" not in icon.headers  # under 500 bytes: not worth it
    icon.close()


def test_streamed_files_go_out_as_they_are_with_a_working_etag(client: FlaskClient) -> None:
    sheet = (STATIC_DIR / "style.css").read_bytes()
    plain = client.get("/static/style.css", headers=ANY)
    assert "Content-Encoding" not in plain.headers and plain.data == sheet
    etag = plain.headers["ETag"]
    unchanged = client.get("/static/style.css", headers={**ANY, "If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    part = client.get("/static/style.css", headers={**ANY, "Range": "bytes=0-4"})
    assert part.status_code == 206 and part.data == sheet[:5]
    for response in (plain, unchanged, part):
        response.close()


def test_brotli_is_preferred_when_the_browser_offers_it(client: FlaskClient) -> None:
    plain = client.get("/api/v1/openapi.json")
    packed = client.get("/api/v1/openapi.json", headers=ANY)
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.data) == plain.data
