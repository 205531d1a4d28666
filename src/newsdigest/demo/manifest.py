"""The sample outlets' data, read from ``sample/`` by the demo server and the tests.

* ``manifest.json`` lists the outlets (feed format, page layout, URL style) and the
  articles (outlet, story, title, author, ``offset_hours`` before the serve time, body file);
* ``articles/<outlet>/<slug>.txt`` hold the article bodies (paragraphs separated by blank
  lines, ``## `` for a subheading, ``{{DAY:-30}}`` for the weekday 30 hours before now).

Dates are relative to the serve time so the demo always looks current.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"

_DAY_PLACEHOLDER = re.compile(r"\{\{(DAY|DATE):(-?\d+(?:\.\d+)?)\}\}")


@dataclass(frozen=True, slots=True)
class SampleOutlet:
    id: str
    name: str
    format: str  # rss, atom, json or broken
    feed_path: str
    layout: str  # a template name under sample/templates/
    tagline: str
    article_path: str  # pattern: {slug}, {yyyy}, {mm}, {dd}
    link_query: str = ""  # tracking parameters some outlets add to feed links
    date_format: str = "%d %B %Y, %H:%M UTC"
    feed_full_content: bool = False
    broken_file: str = ""


@dataclass(frozen=True, slots=True)
class SampleArticle:
    outlet: str  # SampleOutlet.id
    slug: str
    story: str | None  # a story id, or None for a singleton
    title: str
    summary: str
    author: str
    offset_hours: float  # published this many hours before the serve time
    file: str  # body file, relative to sample/
    section: str = "News"
    wire_copy_of: str | None = None  # "outlet/slug" of the wire original
    path: str = ""  # overrides the outlet's article_path pattern
    robots_disallowed: bool = False


@dataclass(frozen=True, slots=True)
class SampleManifest:
    outlets: tuple[SampleOutlet, ...]
    stories: dict[str, str]  # story id -> a neutral label
    articles: tuple[SampleArticle, ...]
    robots_disallow: tuple[str, ...]

    def outlet(self, outlet_id: str) -> SampleOutlet:
        for outlet in self.outlets:
            if outlet.id == outlet_id:
                return outlet
        raise KeyError(f"demo: no sample outlet {outlet_id!r}")

    def coverage(self) -> dict[str, set[str]]:
        """Story id -> the outlets that published an article about it."""
        covered: dict[str, set[str]] = {story: set() for story in self.stories}
        for article in self.articles:
            if article.story is not None:
                covered[article.story].add(article.outlet)
        return covered


def load_manifest(sample_dir: Path = SAMPLE_DIR) -> SampleManifest:
    raw: dict[str, Any] = json.loads((sample_dir / "manifest.json").read_text(encoding="utf-8"))
    return SampleManifest(
        outlets=tuple(SampleOutlet(**o) for o in raw["outlets"]),
        stories={s["id"]: s["label"] for s in raw["stories"]},
        articles=tuple(SampleArticle(**a) for a in raw["articles"]),
        robots_disallow=tuple(raw.get("robots_disallow", ())),
    )


def article_body(article: SampleArticle, now: datetime, sample_dir: Path = SAMPLE_DIR) -> list[str]:
    """The article's blocks, placeholders filled; a block starting ``## `` is a subheading."""
    text = (sample_dir / article.file).read_text(encoding="utf-8")

    def fill(match: re.Match[str]) -> str:
        moment = now + timedelta(hours=float(match.group(2)))
        return moment.strftime("%A") if match.group(1) == "DAY" else f"{moment.day} {moment:%B}"

    text = _DAY_PLACEHOLDER.sub(fill, text)
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


def published_at(article: SampleArticle, now: datetime) -> datetime:
    return (now - timedelta(hours=article.offset_hours)).replace(microsecond=0)
