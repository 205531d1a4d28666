"""The digest page's coverage chart: articles per hour, stacked by outlet, as inline SVG.

A pure function of the digest's relevant articles. The markup is built with
``xml.etree`` so every outlet name and label is escaped by the serializer, never by
hand. The page's CSP allows no inline styles and no scripts, so colours come from CSS
classes (``cc-s0`` … in site.css, which switch for dark mode); the ``fill`` presentation
attributes are only a fallback for readers without our stylesheet (CSS classes win).

The SVG has no ``viewBox``, so nothing in it is scaled: text is drawn at its CSS size
(``.coverage-chart text``) on a phone as on a desktop. Heights are pixels; across, the
bars, grid lines and time labels are placed in percent of the chart's width. The y-axis
labels sit left of the plot, in the SVG's CSS ``padding-left`` (``overflow: visible``).
Every other time label is ``cc-minor``, which site.css hides on narrow screens. A label
names its day when that differs from the previous label's; a label that always shows
and follows a minor one that named the day names it again only on narrow screens
(``cc-day-narrow``).
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

# Drawing box: pixels down (the SVG's height), percent of the width across.
HEIGHT = 220
TOP, BOTTOM = 10, 58  # above the plot; below it: the time and day labels and the axis caption
EDGE = 12.0  # a time label this close (percent) to either side is aligned to its bar's edge


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
            "width": "100%",
            "height": str(HEIGHT),
            "overflow": "visible",  # the y-axis labels are drawn left of the plot
            "class": "coverage-chart",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "id": chart_id,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = f"Coverage of this story: articles per {unit}, by outlet"
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = summary

    plot_h = HEIGHT - TOP - BOTTOM
    base_y = TOP + plot_h

    def y_of(v: float) -> float:
        return base_y - plot_h * v / top

    def pct(v: float) -> str:
        return f"{round(v, 3):g}%"

    axis = ET.SubElement(svg, "g", {"class": "cc-axis", "aria-hidden": "true"})
    for v in sorted({0, top // 2, top} if top >= 2 else {0, top}):
        y = round(y_of(v), 1)
        ET.SubElement(axis, "line", {"class": "cc-grid", "x1": "0", "x2": "100%",
                                      "y1": str(y), "y2": str(y), "stroke": "#e4e0d8"})
        ET.SubElement(axis, "text", {"class": "cc-count", "x": "-6", "y": str(round(y + 4, 1)), "text-anchor": "end",
                                      "fill": "#5d5a54"}).text = str(v)

    slot = 100.0 / max(n_bars, 12)  # a story of one or two hours gets narrow bars, not a wall
    gap = min(0.4, slot * 0.2)
    label_every = max(1, -(-n_bars // 8))  # at most ~8 time labels across (4 on a phone)
    last_day = last_major_day = None
    for bar in range(n_bars):
        t = start + timedelta(hours=bar * size)
        x = bar * slot
        if bar % label_every == 0:
            major = (bar // label_every) % 2 == 0
            day = "" if t.date() == last_day else "all"
            if major and not day and t.date() != last_major_day:
                day = "narrow"  # the minor label before it named the day, but is hidden there
            _time_label(axis, t, x, slot, base_y, major=major, day=day)
            last_day = t.date()
            if major:
                last_major_day = t.date()
        stack = 0
        for s in series:
            c = counts.get((bar, s.name), 0)
            if not c:
                continue
            y_top, y_bottom = y_of(stack + c), y_of(stack)
            rect = ET.SubElement(svg, "rect", {
                "class": f"cc-bar {s.css}",
                "x": pct(x + gap / 2),
                "y": str(round(y_top, 2)),
                "width": pct(slot - gap),
                "height": str(round(y_bottom - y_top, 2)),
                "fill": _fill(s.css),
            })
            t_end = t + timedelta(hours=size)
            ET.SubElement(rect, "title").text = (
                f"{s.name}: {c} article{'s' * (c != 1)}, {_when(t)}–{t_end:%H:%M} UTC"
            )
            stack += c
    ET.SubElement(axis, "text", {"class": "cc-caption", "x": "0", "y": str(HEIGHT - 4), "fill": "#5d5a54"}).text = (
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


def _time_label(axis: ET.Element, t: datetime, x: float, slot: float, base_y: float, *,
                major: bool, day: str) -> None:
    """The time under a bar and, on a second line, its day: ``day`` is "all", "narrow"
    (only on narrow screens) or "" (none)."""
    centre = x + slot / 2
    if centre < EDGE:
        anchor, at = "start", x
    elif centre > 100 - EDGE:
        anchor, at = "end", x + slot
    else:
        anchor, at = "middle", centre
    where = f"{round(at, 3):g}%"
    tick = ET.SubElement(axis, "g", {"class": "cc-tick" if major else "cc-tick cc-minor"})
    ET.SubElement(tick, "text", {"x": where, "y": str(base_y + 15), "text-anchor": anchor,
                                 "fill": "#5d5a54"}).text = f"{t:%H:%M}"
    if day:
        attrs = {"x": where, "y": str(base_y + 29), "text-anchor": anchor, "fill": "#5d5a54"}
        if day == "narrow":
            attrs["class"] = "cc-day-narrow"
        ET.SubElement(tick, "text", attrs).text = f"{t.day} {t:%b}"


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
