"""trend_score orders stories the way a front-page editor would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdigest.rank import trend_score

NOW = datetime(2025, 3, 10, 18, 0, tzinfo=UTC)


def ago(*hours: float) -> list[datetime]:
    return [NOW - timedelta(hours=h) for h in hours]


def score(hours: list[float], outlets: list[str], dups: list[bool] | None = None, **kw: object) -> float:
    return trend_score(ago(*hours), outlets, dups or [False] * len(hours), NOW, **kw)  # type: ignore[arg-type]


def test_more_outlets_rank_higher() -> None:
    two = score([1, 2], ["BBC", "Reuters"])
    four = score([1, 2, 2.5, 3], ["BBC", "Reuters", "AP", "DW"])
    same_outlet_four_times = score([1, 2, 2.5, 3], ["BBC"] * 4)
    assert four > two
    assert four > same_outlet_four_times


def test_more_recent_ranks_higher() -> None:
    fresh = score([0.5, 1], ["BBC", "Reuters"])
    stale = score([20, 21], ["BBC", "Reuters"])
    older = score([40, 41], ["BBC", "Reuters"])
    assert fresh > stale > older > 0


def test_wire_copies_count_once() -> None:
    original_only = score([1], ["AP"])
    with_copies = score([1, 1, 1, 1], ["AP", "Paper A", "Paper B", "Paper C"], [False, True, True, True])
    independent = score([1, 1, 1, 1], ["AP", "Paper A", "Paper B", "Paper C"])
    assert with_copies == pytest.approx(original_only)
    assert independent > with_copies


def test_accelerating_story_beats_one_that_went_quiet() -> None:
    outlets = ["BBC", "Reuters", "AP", "DW", "CNN", "NPR"]
    rising = score([0.5, 1, 1.5, 2, 3, 4], outlets)
    fading = score([0.5, 10, 12, 14, 16, 18], outlets)
    assert rising > fading


def test_outlet_weights_matter() -> None:
    base = score([1, 2], ["Big", "Small"])
    weighted = score([1, 2], ["Big", "Small"], weights={"Big": 3.0})
    assert weighted > base


def test_half_life_and_edge_cases() -> None:
    assert trend_score([], [], [], NOW) == 0.0
    one = score([12], ["BBC"], half_life_hours=12)
    fresh = score([0], ["BBC"], half_life_hours=12)
    # 12 h old with a 12 h half-life: half the recency, and it is no longer in the last 6 h.
    assert one < fresh / 2
    future = trend_score([NOW + timedelta(hours=3)], ["BBC"], [False], NOW)
    assert future == pytest.approx(score([0], ["BBC"]))
    only_copies = score([1, 1], ["A", "B"], [True, True])
    assert only_copies > 0
    with pytest.raises(ValueError, match="rank: "):
        trend_score(ago(1), ["A", "B"], [False], NOW)
