"""Geometry for server-rendered inline SVG charts (templates draw; this only does the maths)."""

import math
from collections.abc import Sequence

PALETTE = ["#2f6f8f", "#e0873a", "#5a9e5a", "#b5525c", "#7b68a6", "#8a8a8a"]


def nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def horizontal_bars(
    items: Sequence[tuple[str, float]], width: int = 520, bar_height: int = 22, label_width: int = 150
) -> dict:
    top = max((v for _, v in items), default=0)
    scale = (width - label_width - 60) / (top or 1)
    bars = []
    for i, (label, value) in enumerate(items):
        bars.append(
            {
                "label": label,
                "value": value,
                "x": label_width,
                "y": i * (bar_height + 8),
                "w": max(value * scale, 1 if value else 0),
                "h": bar_height,
                "text_y": i * (bar_height + 8) + bar_height * 0.7,
                "value_x": label_width + value * scale + 6,
                "color": PALETTE[i % len(PALETTE)],
            }
        )
    return {
        "width": width,
        "height": max(len(items) * (bar_height + 8), bar_height),
        "bars": bars,
        "label_x": label_width - 8,
    }


def stacked_columns(days: list[str], series: dict[str, list[int]], width: int = 760, height: int = 240) -> dict:
    """Columns per day stacked by series (e.g. channel)."""
    left, bottom, top_pad = 40, 30, 10
    plot_h = height - bottom - top_pad
    totals = [sum(values[i] for values in series.values()) for i in range(len(days))]
    # Counts: a multiple of four keeps the four tick labels whole numbers at their true heights.
    ymax = math.ceil(max(nice_max(max(totals, default=0)), 4) / 4) * 4
    step = (width - left - 10) / max(len(days), 1)
    col_w = max(step * 0.7, 1)
    names = list(series)
    columns = []
    for i, day in enumerate(days):
        y = top_pad + plot_h
        segments = []
        for j, name in enumerate(names):
            value = series[name][i]
            h = plot_h * value / ymax
            y -= h
            segments.append({"name": name, "value": value, "y": y, "h": h, "color": PALETTE[j % len(PALETTE)]})
        columns.append(
            {
                "day": day,
                "x": left + i * step + (step - col_w) / 2,
                "w": col_w,
                "total": totals[i],
                "segments": segments,
                "show_label": i % max(len(days) // 8, 1) == 0,
                "label_x": left + i * step + step / 2,
            }
        )
    ticks = [{"value": ymax * k // 4, "y": top_pad + plot_h - plot_h * k / 4} for k in range(5)]
    legend = [{"name": n, "color": PALETTE[j % len(PALETTE)], "x": left + j * 110} for j, n in enumerate(names)]
    return {
        "width": width,
        "height": height + 20,
        "columns": columns,
        "ticks": ticks,
        "left": left,
        "baseline": top_pad + plot_h,
        "right": width - 10,
        "legend": legend,
        "legend_y": height + 12,
        "label_y": top_pad + plot_h + 16,
    }
