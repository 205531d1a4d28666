"""Digests do not restate a story's figures: outlets repeat the numbers in every report, in
words a TF-IDF comparison does not find close ("Nearly 1,800 dock workers walked off …",
"… after about 1,800 dock workers went on strike …", "The walkout by about 1,800 members …")."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from newsdigest.analyse import analyse_many
from newsdigest.records import Article
from newsdigest.write import select as selection
from newsdigest.write import write_digest

WIRE = (
    "Nearly 1,800 dock workers walked off the job at Port Tessaly on Tuesday, halting container traffic "
    "in a dispute over pay. The union is demanding a 9 per cent pay rise over two years. Port director "
    "Anton Keller said the strike was unnecessary and urged the workers to return while talks continued. "
    "Two of the seven members of the port board voted against the last pay offer."
)
LOCAL = (
    "Container traffic at Port Tessaly ground to a halt on Tuesday after about 1,800 dock workers went "
    "on strike, leaving freight firms scrambling for other routes across the region. The authority has "
    "offered 4 per cent, against the union's 9 per cent. Shipping agents said lorries were queueing for "
    "kilometres on the coast road outside the harbour gates."
)
LATER = (
    "More than 30 cargo ships are now anchored off Port Tessaly, waiting for the strike to end so they "
    "can unload. The walkout by about 1,800 members of the dockers' union began on Tuesday and shows "
    "little sign of ending soon. Two of the seven members of the port board voted against the pay offer, "
    "board papers show. A government mediator has called both sides to talks on Thursday."
)
NOW = datetime(2026, 4, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def story():
    arts = [
        Article(id="w", text=WIRE, source="Northwire", title="Tessaly dock workers strike over pay",
                published=datetime(2026, 4, 7, 9, tzinfo=UTC)),
        Article(id="l", text=LOCAL, source="Tessaly Courier", title="Strike halts Port Tessaly",
                published=datetime(2026, 4, 7, 15, tzinfo=UTC)),
        Article(id="t", text=LATER, source="Meridian", title="Ships wait off Port Tessaly as strike goes on",
                published=datetime(2026, 4, 8, 8, tzinfo=UTC)),
    ]  # fmt: skip
    return arts, {a.id: an for a, an in zip(arts, analyse_many(arts))}


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", text)


def test_a_figure_already_told_is_not_told_again(story):
    arts, analyses = story
    d = write_digest(1, arts, analyses, now=NOW)
    sents = [s for p in d.paragraphs for s in _sentences(p.text)]
    assert sum("1,800" in s for s in sents) == 1, sents
    assert sum("seven members" in s for s in sents) <= 1, sents
    # A sentence that brings a new figure next to a told one stays: the offer is news.
    assert any("4 per cent" in s for s in sents), sents
    # And the rest of the story is still told (the ships, the mediator).
    assert any("30 cargo ships" in s for s in sents), sents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nearly 1,800 dock workers walked off", ["1800"]),
        ("after about 1800 dock workers", ["1800"]),
        ("to 4.75 per cent, with inflation at 5.1%", ["4.75", "5.1"]),
        ("a 9 per cent rise", ["9"]),
        ("the 1995 tax returns and the 2008 race", []),
        ("30 ships on Nov. 24", []),
        ("Two of the seven members voted", ["2/7"]),
        # Numbers that name a thing, decades, prices.
        ("a faulty sensor on the 737 Max", []),
        ("in the 1990s", []),
        ("it cost $102.30", ["102.30"]),
    ],
)
def test_figures(text, expected):
    assert selection.figures(text) == expected


def test_figures_of_hostile_length_are_read_in_linear_time():
    import time

    start = time.process_time()
    selection.figures("1" * 50_000 + "a1")
    assert time.process_time() - start < 1.0
