"""Server-rendered bar charts (SVG drawn by a template, no JavaScript, no external asset)."""

import math
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 220
TOP = 20
BOTTOM = 36
LEFT = 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    show_label: bool

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    baseline: float
    maximum: int
    bars: list[Bar]

    @property
    def first_label(self) -> str:
        return self.bars[0].label

    @property
    def last_label(self) -> str:
        return self.bars[-1].label


def bar_chart(points: list[tuple[str, int]]) -> BarChart | None:
    """Bars for `points` (label, value) in the given order, scaled to the largest value."""
    if not points:
        return None
    maximum = max(value for _label, value in points) or 1
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - 2 * LEFT) / len(points)
    # At most six month labels, so they never overlap even on a phone.
    every = max(1, math.ceil(len(points) / 6))
    bars = []
    for index, (label, value) in enumerate(points):
        height = plot_height * value / maximum
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.15, 2),
                y=round(TOP + plot_height - height, 2),
                width=round(slot * 0.7, 2),
                height=round(height, 2),
                value=value,
                label=label,
                show_label=index % every == 0,
            )
        )
    return BarChart(WIDTH, HEIGHT, TOP + plot_height, maximum, bars)
