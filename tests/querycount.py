"""Count the SQL statements a block sends, to catch N+1 queries before they reach users."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


class Statements(list[str]):
    """The statements sent inside a ``counting`` block, in order."""

    def summary(self) -> str:
        return "\n".join(" ".join(statement.split())[:160] for statement in self)


@contextmanager
def counting(engine: Engine) -> Iterator[Statements]:
    """Record every statement ``engine`` executes while the block runs."""
    seen = Statements()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
