"""A digest of a huge story is written from a bounded set of its articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdigest.pipeline import WRITE_MAX_ARTICLES, writing_set
from newsdigest.records import Article

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _article(i: int, copy_of: str | None = None) -> Article:
    return Article(id=f"a{i:04d}", url=f"https://example.org/{i}", text="Text.", title="t", source=f"o{i % 7}",
                   published=T0 + timedelta(minutes=i), duplicate_of=copy_of)


def test_small_stories_are_written_from_every_article() -> None:
    arts = [_article(i) for i in range(10)]
    assert writing_set(arts) == arts


def test_a_huge_story_keeps_its_first_reports_and_its_newest_without_copies() -> None:
    arts = [_article(i, copy_of="a0000" if i % 3 == 0 and i else None) for i in range(400)]
    chosen = writing_set(list(reversed(arts)))
    assert len(chosen) == WRITE_MAX_ARTICLES
    assert all(a.duplicate_of is None for a in chosen)
    originals = [a for a in arts if a.duplicate_of is None]
    first = WRITE_MAX_ARTICLES // 5
    assert chosen[:first] == originals[:first]  # who broke the story
    assert chosen[first:] == originals[-(WRITE_MAX_ARTICLES - first):]  # what is new
    assert [a.published for a in chosen] == sorted(a.published for a in chosen)


def test_copies_are_dropped_first() -> None:
    arts = [_article(i) for i in range(40)] + [_article(100 + i, copy_of="a0001") for i in range(40)]
    chosen = writing_set(arts)
    assert len(chosen) == 40 and all(a.duplicate_of is None for a in chosen)
