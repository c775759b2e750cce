"""Results computed once and served again until a table they read changes.

A cached computation declares the tables it reads (a test runs it and checks every statement
against the declaration). Its key is the function, its arguments and those tables' change
counters, read with one SELECT per call; so a write committed anywhere (another worker,
another process) is seen by the next call, and an entry never outlives its data: it is only
never asked for again, and the least recently used ones go when the cache is full.

The counters are read before the computation's own queries, in the same transaction: the
result is at least as new as its key says, never older. A session holding writes of its own
that are not committed yet computes without the cache: its result could show rows a rollback
takes back.

Each process (each gunicorn worker) has its own cache, per app. Keep in it what the data
gives, not what a viewer sees: nothing per person; values are shared by every request, so
callers never change them. Translated or rendered values are kept only under a key that holds
all they depend on (the language, the viewer's rights, the URL root), as the dashboards'
bodies are (``mentoring/engagement/bodies.py``). Arguments must be hashable, and what
a computation derives from "now" is an argument, at the granularity it uses.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from functools import update_wrapper
from typing import Generic, ParamSpec, TypeVar

from flask import current_app

from mentoring.changes.versions import has_pending_writes, read_versions
from mentoring.extensions import db

P = ParamSpec("P")
T = TypeVar("T")
_MISSING = object()


class ResultCache:
    """A thread-safe, bounded mapping that forgets the least recently used entry first."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object:
        """The value kept under ``key``, or ``_MISSING``."""
        with self._lock:
            value = self._entries.get(key, _MISSING)
            if value is not _MISSING:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class Cached(Generic[P, T]):
    """``compute`` served from the app's cache; ``reads``: the tables it reads, sorted."""

    def __init__(self, compute: Callable[P, T], reads: Iterable[str]) -> None:
        self.compute = compute
        self.reads = tuple(sorted(set(reads)))
        self.name = f"{compute.__module__}.{compute.__qualname__}"
        update_wrapper(self, compute)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        session = db.session()
        if has_pending_writes(session):
            return self.compute(*args, **kwargs)
        versions = read_versions(session, self.reads)
        key = (self.name, args, tuple(sorted(kwargs.items())), versions)
        cache: ResultCache = current_app.extensions["changes.cache"]
        found = cache.get(key)
        if found is not _MISSING:
            return found  # type: ignore[return-value]
        value = self.compute(*args, **kwargs)
        cache.put(key, value)
        return value


def cached(*, reads: Iterable[str]) -> Callable[[Callable[P, T]], Cached[P, T]]:
    """Cache a computation's result against the change counters of the tables it ``reads``."""

    def wrap(compute: Callable[P, T]) -> Cached[P, T]:
        return Cached(compute, reads)

    return wrap
