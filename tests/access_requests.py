"""Requests for the access matrix: URLs and bodies filled with one side's ids.

Shared by the access tests and the escaping crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from mentoring.extensions import db
from tests.access_matrix import Entry

ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, to show that a refused request changed nothing."""
    with db.engine.connect() as connection:
        return {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(sa.select(table)))
            for table in db.metadata.sorted_tables
        }


def _fill(value: Any, values: dict[str, int | str], as_json: bool) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        found = values[value[1:-1]]
        return found if as_json else str(found)
    return value


@dataclass
class Request:
    method: str
    url: str
    data: dict[str, Any] | None
    is_api: bool

    def send(self, client: FlaskClient, token: str | None) -> Any:
        if self.is_api:
            return client.open(self.url, method=self.method, json=self.data)
        form = dict(self.data or {})
        if self.method in WRITES and token:
            form["csrf_token"] = token
        return client.open(self.url, method=self.method, data=form)


def build(
    rule: str,
    method: str,
    entry: Entry,
    values: dict[str, int | str],
    body_values: dict[str, int | str] | None = None,
) -> Request:
    """The request for ``rule``: URL ids from ``values``; query and body ids from ``body_values``.

    ``body_values`` defaults to ``values``.
    """
    body_values = body_values or values

    def argument(match: re.Match[str]) -> str:
        name = entry.args.get(match.group(1), match.group(1))
        return str(values.get(name, name))

    url = ARGUMENT.sub(argument, rule)
    if entry.query:
        url += "?" + entry.query.format_map(body_values)
    is_api = rule.startswith("/api/")
    data = None
    if entry.data is not None or (is_api and method in WRITES):
        data = {key: _fill(v, body_values, is_api) for key, v in (entry.data or {}).items()}
    return Request(method, url, data, is_api)


def url_ids(rule: str, entry: Entry) -> bool:
    return any(entry.args.get(n, n).endswith("_id") for n in ARGUMENT.findall(rule))


def body_ids(entry: Entry) -> bool:
    placeholders = [v for v in (entry.data or {}).values() if isinstance(v, str)]
    return "{" in entry.query or any(v.startswith("{") for v in placeholders)


def names_objects(rule: str, entry: Entry) -> bool:
    """Whether the route names an object by id, in its URL, query or body."""
    return url_ids(rule, entry) or body_ids(entry)
