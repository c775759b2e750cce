"""Figures of a load run: throughput and latency percentiles per page, relative to health."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """One request as the client saw it."""

    page: str
    status: int
    seconds: float


@dataclass(frozen=True)
class PageFigures:
    page: str
    requests: int
    # Answers that are not among the expected ones (at saturation: anything but 200 OK).
    unexpected: int
    errors: int
    per_second: float
    p50_ms: float
    p95_ms: float


def percentile(values: Sequence[float], share: float) -> float:
    """Return the nearest-rank percentile (``share`` in 0..1) of ``values``."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(math.ceil(share * len(ordered)), 1)
    return ordered[rank - 1]


def figures(
    page: str,
    samples: Iterable[Sample],
    wall_seconds: float,
    ok: tuple[int, ...] = (200, 302, 303),
) -> PageFigures:
    """Summarise the samples of one page measured over ``wall_seconds``; ``ok``: good answers."""
    mine = [s for s in samples if s.page == page]
    latencies = [s.seconds for s in mine]
    return PageFigures(
        page=page,
        requests=len(mine),
        unexpected=sum(1 for s in mine if s.status not in ok),
        errors=sum(1 for s in mine if s.status >= 500),
        per_second=len(mine) / wall_seconds if wall_seconds > 0 else math.nan,
        p50_ms=percentile(latencies, 0.50) * 1000,
        p95_ms=percentile(latencies, 0.95) * 1000,
    )


def table(rows: Sequence[PageFigures], health: PageFigures, *, throughput: bool = True) -> str:
    """Format rows with throughput and latency, and their ratios to the health endpoint's.

    Without ``throughput`` (a mix of pages, where a page's share of requests is no rate of
    its own) only the latencies and their ratio are shown.
    """
    rate = f" {'req/s':>8} {'x health':>8}" if throughput else ""
    header = (
        f"{'page':38} {'requests':>8} {'not ok':>6} {'5xx':>4}{rate}"
        f" {'p50 ms':>7} {'p95 ms':>7} {'p50 / health':>12}"
    )
    lines = [header, "-" * len(header)]
    for row in [health, *rows]:
        rate = (
            f" {row.per_second:8.1f} {row.per_second / health.per_second:8.2f}"
            if throughput
            else ""
        )
        lines.append(
            f"{row.page:38} {row.requests:8d} {row.unexpected:6d} {row.errors:4d}{rate}"
            f" {row.p50_ms:7.1f} {row.p95_ms:7.1f} {row.p50_ms / health.p50_ms:12.1f}"
        )
    return "\n".join(lines)
