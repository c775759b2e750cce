"""Kaplan-Meier curves as SVG geometry for an inline, script-free chart."""

from __future__ import annotations

from dataclasses import dataclass

from mentoring.engagement.retention import Curve

WIDTH, HEIGHT, PAD = 560, 260, 40
COLOURS = ("#1f5fa8", "#b35806", "#1b7837", "#762a83", "#8c510a", "#4d4d4d")


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    path: str
    band: str


def _x(day: float, last: float) -> float:
    return PAD + (WIDTH - 2 * PAD) * day / last


def _y(survival: float) -> float:
    return PAD / 2 + (HEIGHT - 1.5 * PAD) * (1 - survival)


def _steps(times: tuple[float, ...], values: tuple[float, ...], last: float) -> list[str]:
    points = [f"{_x(0, last):.1f},{_y(values[0]):.1f}"]
    for index in range(1, len(times)):
        x = _x(min(times[index], last), last)
        points.append(f"{x:.1f},{_y(values[index - 1]):.1f}")
        points.append(f"{x:.1f},{_y(values[index]):.1f}")
    points.append(f"{_x(last, last):.1f},{_y(values[-1]):.1f}")
    return points


def lines(curves: list[Curve], last_day: float = 182.0) -> list[Line]:
    """Step paths (and 95% bands) for the curves that are not suppressed, up to ``last_day``."""
    drawn = []
    for index, curve in enumerate(c for c in curves if not c.suppressed):
        keep = [i for i, t in enumerate(curve.times) if t <= last_day]
        times = tuple(curve.times[i] for i in keep)
        upper = _steps(times, tuple(curve.upper[i] for i in keep), last_day)
        lower = _steps(times, tuple(curve.lower[i] for i in keep), last_day)
        drawn.append(
            Line(
                label=curve.label,
                colour=COLOURS[index % len(COLOURS)],
                path="M"
                + " L".join(_steps(times, tuple(curve.survival[i] for i in keep), last_day)),
                band="M" + " L".join(upper + lower[::-1]) + " Z",
            )
        )
    return drawn


def axes(last_day: float = 182.0) -> dict[str, list[tuple[float, str]]]:
    """Tick positions: x every four weeks, y every 25%."""
    return {
        "x": [(_x(d, last_day), str(d // 7)) for d in range(0, int(last_day) + 1, 28)],
        "y": [(_y(s / 100), f"{s}%") for s in (0, 25, 50, 75, 100)],
    }
