"""The digest page's coverage chart: articles per hour, stacked by outlet, as inline SVG.

A pure function of the digest's relevant articles. The markup is built with
``xml.etree`` so every outlet name and label is escaped by the serializer, never by
hand. The page's CSP allows no inline styles and no scripts, so colours come from CSS
classes (``cc-s0`` … in site.css, which switch for dark mode); the ``fill`` presentation
attributes are only a fallback for readers without our stylesheet (CSS classes win).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup

from .. import publish
from ..grouping import count_coverage
from ..records import Digest, RelevantArticle

MAX_SERIES = 6  # outlets with their own colour; the rest share "Other outlets"
MAX_BARS = 48  # beyond this many hours the bars get wider buckets (2, 3, 6, 12, 24 h)
_BUCKETS = (1, 2, 3, 6, 12, 24, 48, 168)
OTHER = "Other outlets"
# Fallback colours (light theme) for the classes cc-s0 … cc-s5 and cc-other.
_FALLBACK = ("#1d4f91", "#9b1c1c", "#2f7d4f", "#b7791f", "#6b46c1", "#2c7a7b")
_OTHER_FALLBACK = "#8a867e"

# Drawing box (viewBox units; the SVG scales to its container's width).
WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 38


@dataclass(frozen=True, slots=True)
class Series:
    name: str  # the outlet's name (or OTHER)
    css: str  # the CSS class that colours it
    total: int


@dataclass(frozen=True, slots=True)
class CoverageChart:
    """What the template shows: the SVG, a legend, and the figures in words."""

    svg: Markup  # built by ElementTree: every text in it went through its escaping
    series: tuple[Series, ...]
    bucket_hours: int
    dated: int  # articles drawn
    undated: int  # articles without a publication time (not drawn, said so)
    summary: str  # the chart in one sentence (also the SVG's <desc>)


def _hour(dt: datetime) -> datetime:
    return publish.as_utc(dt).replace(minute=0, second=0, microsecond=0)


def _bucket_hours(span_hours: int) -> int:
    for b in _BUCKETS:
        if span_hours / b <= MAX_BARS:
            return b
    return _BUCKETS[-1]


def _when(dt: datetime) -> str:
    return f"{dt.day} {dt:%b %H:%M}"


def _nice_max(n: int) -> int:
    """A round top for the y axis, at least ``n``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if n <= step * 4:
            return -(-n // step) * step
    return n


def coverage_chart(articles: Sequence[RelevantArticle], *, chart_id: str = "coverage-chart") -> CoverageChart | None:
    """The chart for a digest's ``relevant_articles``; None when no article has a time.

    Reprints are drawn too: a wire copy carried by an outlet is part of how far the
    story spread, even though the digest counts it once as a source.
    """
    dated = [a for a in articles if a.published is not None]
    if not dated:
        return None
    hours = [_hour(a.published) for a in dated if a.published is not None]
    start = min(hours)
    span = int((max(hours) - start) / timedelta(hours=1)) + 1
    size = _bucket_hours(span)
    n_bars = -(-span // size)

    per_outlet = Counter(a.outlet or "Unknown outlet" for a in dated)
    # Most articles first; ties by name so the colours are stable between renders.
    ranked = sorted(per_outlet, key=lambda o: (-per_outlet[o], o))
    own = ranked[:MAX_SERIES] if len(ranked) <= MAX_SERIES else ranked[: MAX_SERIES - 1]
    series = [Series(o, f"cc-s{i}", per_outlet[o]) for i, o in enumerate(own)]
    rest = sum(per_outlet[o] for o in ranked if o not in own)
    if rest:
        series.append(Series(OTHER, "cc-other", rest))
    name_of = {o: (o if o in own else OTHER) for o in ranked}

    counts: Counter[tuple[int, str]] = Counter()
    for a, h in zip(dated, hours, strict=True):
        bar = int((h - start) / timedelta(hours=1)) // size
        counts[(bar, name_of[a.outlet or "Unknown outlet"])] += 1
    totals = Counter[int]()
    for (bar, _), c in counts.items():
        totals[bar] += c
    peak_bar, peak = max(totals.items(), key=lambda kv: (kv[1], -kv[0]))
    top = _nice_max(peak)

    unit = "hour" if size == 1 else f"{size} hours"
    n_out = len(per_outlet)
    end = start + timedelta(hours=n_bars * size)
    # Reprints are drawn, but the words count them apart, as everywhere else on the site.
    reports = count_coverage((a.outlet or "Unknown outlet", bool(a.duplicate_of)) for a in dated)
    summary = (
        f"{len(dated)} article{'s' * (len(dated) != 1)} from {n_out} outlet{'s' * (n_out != 1)} "
        f"({reports.text}) "
        f"between {_when(start)} and {_when(end)} UTC, counted per {unit}; the busiest "
        f"{unit} ({_when(start + timedelta(hours=peak_bar * size))} UTC) had {peak}."
    )

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "class": "coverage-chart",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "id": chart_id,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = f"Coverage of this story: articles per {unit}, by outlet"
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = summary

    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base_y = TOP + plot_h

    def y_of(v: float) -> float:
        return base_y - plot_h * v / top

    axis = ET.SubElement(svg, "g", {"class": "cc-axis", "aria-hidden": "true"})
    for v in sorted({0, top // 2, top} if top >= 2 else {0, top}):
        y = round(y_of(v), 1)
        ET.SubElement(axis, "line", {"class": "cc-grid", "x1": str(LEFT), "x2": str(WIDTH - RIGHT),
                                      "y1": str(y), "y2": str(y), "stroke": "#e4e0d8"})
        ET.SubElement(axis, "text", {"x": str(LEFT - 4), "y": str(round(y + 4, 1)), "text-anchor": "end",
                                      "fill": "#5d5a54"}).text = str(v)

    slot = plot_w / max(n_bars, 12)  # a story of one or two hours gets narrow bars, not a wall
    gap = min(2.0, slot * 0.2)
    label_every = max(1, -(-n_bars // 8))  # at most ~8 time labels across
    last_day = None
    for bar in range(n_bars):
        t = start + timedelta(hours=bar * size)
        x = LEFT + bar * slot
        if bar % label_every == 0:
            label = f"{t:%H:%M}" if t.date() == last_day else f"{t.day} {t:%b} {t:%H:%M}"
            last_day = t.date()
            ET.SubElement(axis, "text", {"x": str(round(x + slot / 2, 1)), "y": str(base_y + 14),
                                          "text-anchor": "middle", "fill": "#5d5a54"}).text = label
        stack = 0
        for s in series:
            c = counts.get((bar, s.name), 0)
            if not c:
                continue
            y_top, y_bottom = y_of(stack + c), y_of(stack)
            rect = ET.SubElement(svg, "rect", {
                "class": f"cc-bar {s.css}",
                "x": str(round(x + gap / 2, 2)),
                "y": str(round(y_top, 2)),
                "width": str(round(slot - gap, 2)),
                "height": str(round(y_bottom - y_top, 2)),
                "fill": _fill(s.css),
            })
            t_end = t + timedelta(hours=size)
            ET.SubElement(rect, "title").text = (
                f"{s.name}: {c} article{'s' * (c != 1)}, {_when(t)}–{t_end:%H:%M} UTC"
            )
            stack += c
    ET.SubElement(axis, "text", {"x": str(LEFT), "y": str(HEIGHT - 4), "fill": "#5d5a54"}).text = (
        f"Time (UTC), one bar per {unit}"
    )
    return CoverageChart(
        svg=Markup(ET.tostring(svg, encoding="unicode", short_empty_elements=True)),
        series=tuple(series),
        bucket_hours=size,
        dated=len(dated),
        undated=len(articles) - len(dated),
        summary=summary,
    )


def _fill(css: str) -> str:
    if css == "cc-other":
        return _OTHER_FALLBACK
    return _FALLBACK[int(css.removeprefix("cc-s")) % len(_FALLBACK)]


def coverage_chart_for(digest: Digest) -> CoverageChart | None:
    """The template global: ``coverage_chart_for(digest)`` (None hides the figure).

    One article says nothing about coverage over time, so the chart needs two."""
    if sum(1 for a in digest.relevant_articles if a.published is not None) < 2:
        return None
    return coverage_chart(digest.relevant_articles)
