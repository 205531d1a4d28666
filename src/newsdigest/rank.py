"""Rank: how much a story is trending right now, from its articles' times and outlets.

    score = diversity · (1 + log(1 + rate_now)) · momentum · recency

- diversity = log2(1 + Σ w(o)) over the distinct outlets o that carry an original article
  of the story (not a wire copy); w(o) is the outlet's weight (default 1.0). A wire story
  reprinted by ten outlets is one voice: copies add no diversity. When every article is a
  copy (the original is outside the story) the copies' outlets count as one voice.
- rate_now = original articles published in the last ``recent_hours`` (6 h) per hour.
- momentum = clip((1 + rate_now) / (1 + rate_before), 0.5, 2.0), rate_before = original
  articles per hour in the ``before_hours`` (24 h) before that: a story gathering pace
  is lifted, one that has gone quiet is damped, never more than ×2 / ×0.5.
- recency = 0.5 ** (hours since the newest original article / half_life_hours): a copy
  reprinted hours later is not new reporting and does not keep a story fresh.

Articles dated after ``now`` count as published at ``now`` (feeds' clocks drift). An
empty story scores 0. The score is unbounded above; only its order matters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

RECENT_HOURS = 6.0
BEFORE_HOURS = 24.0
MOMENTUM_RANGE = (0.5, 2.0)


def trend_score(
    published_times: Sequence[datetime],
    outlets: Sequence[str],
    duplicate_flags: Sequence[bool],
    now: datetime,
    weights: Mapping[str, float] | None = None,
    half_life_hours: float = 12,
) -> float:
    """Trend score of one story (formula in the module docstring)."""
    if not len(published_times) == len(outlets) == len(duplicate_flags):
        raise ValueError(
            f"rank: {len(published_times)} times, {len(outlets)} outlets, {len(duplicate_flags)} flags"
        )
    if not published_times:
        return 0.0
    if half_life_hours <= 0:
        raise ValueError(f"rank: half_life_hours must be positive, got {half_life_hours}")
    weights = weights or {}
    times = [min(t, now) for t in published_times]
    originals = [i for i, dup in enumerate(duplicate_flags) if not dup]
    voices = {outlets[i] for i in originals}
    if voices:
        diversity = math.log2(1.0 + sum(weights.get(o, 1.0) for o in voices))
    else:
        diversity = math.log2(1.0 + max(weights.get(o, 1.0) for o in outlets))

    counted = originals or range(len(times))
    recent_from = now - timedelta(hours=RECENT_HOURS)
    before_from = recent_from - timedelta(hours=BEFORE_HOURS)
    recent = sum(1 for i in counted if times[i] > recent_from)
    before = sum(1 for i in counted if before_from < times[i] <= recent_from)
    rate_now = recent / RECENT_HOURS
    rate_before = before / BEFORE_HOURS
    low, high = MOMENTUM_RANGE
    momentum = min(high, max(low, (1.0 + rate_now) / (1.0 + rate_before)))

    age_hours = (now - max(times[i] for i in counted)).total_seconds() / 3600.0
    recency = 0.5 ** (age_hours / half_life_hours)
    return diversity * (1.0 + math.log1p(rate_now)) * momentum * recency
