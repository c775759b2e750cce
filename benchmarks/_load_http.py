"""A small HTTP client for the load test: one kept-alive connection, cookies, form fields.

The standard library's ``http.client`` costs the client less CPU than a full-featured
library, which matters when the client shares two cores with the server it measures.
"""

from __future__ import annotations

import http.client
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'\b(name|value)="([^"]*)"')
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)
_ACTION = re.compile(r'\baction="([^"]*)"')


@dataclass(frozen=True)
class Reply:
    """What came back: status, the redirect target (path only), the body, the time taken."""

    status: int
    location: str
    body: str
    seconds: float


@dataclass(frozen=True)
class Form:
    action: str
    fields: dict[str, str]


def form_fields(html: str) -> dict[str, str]:
    """Return the named inputs' values in a piece of HTML (the last of a name wins)."""
    fields: dict[str, str] = {}
    for tag in _INPUT.findall(html):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields[attributes["name"]] = _unescape(attributes.get("value", ""))
    return fields


def forms(html: str) -> list[Form]:
    """Return every form in a page with its action ("" posts back to the page) and inputs."""
    found = []
    for attributes, inner in _FORM.findall(html):
        action = _ACTION.search(attributes)
        found.append(Form(_unescape(action.group(1)) if action else "", form_fields(inner)))
    return found


def _unescape(text: str) -> str:
    return (
        text.replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


@dataclass
class Browser:
    """One person's browser: a kept-alive connection to one server and its cookies."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)
    _connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Reply:
        return self.request("POST", path, urlencode(fields).encode())

    def post_json(self, path: str, document: object) -> Reply:
        return self.request("POST", path, json.dumps(document).encode(), "application/json")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str = "application/x-www-form-urlencoded",
    ) -> Reply:
        """Send one request, reconnecting once if the server closed the kept-alive socket."""
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        for attempt in (1, 2):
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
                continue
            break
        seconds = time.perf_counter() - started
        self._remember(response.headers.get_all("Set-Cookie") or [])
        if response.will_close:
            self.close()
        location = urlsplit(response.getheader("Location") or "").path
        return Reply(response.status, location, data.decode("utf-8", "replace"), seconds)

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                self.host, self.port, timeout=self.timeout
            )
        return self._connection

    def _remember(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            expired = "expires=thu, 01 jan 1970" in header.lower() or "max-age=0" in header.lower()
            if expired or value == "":
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
