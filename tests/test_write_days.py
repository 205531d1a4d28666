"""A reporter's relative day ("tonight", "yesterday") is said as the weekday of the article's
local date: a digest is read after its sources were published.

"Twenty-nine people were injured tonight in … Chelsea" in an article of Saturday 17 September
2016 at 23:00 in New York (03:00 UTC on Sunday) reads "… injured on Saturday night …". Our words
stand between verbatim pieces, so every citation stays verbatim; quotes stay as spoken.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdigest.records import Article
from newsdigest.write import write_digest
from newsdigest.write.candidates import prepare
from newsdigest.write.layout import render
from newsdigest.write.units import body_unit
from write_helpers import hand_analysis

# Saturday 17 September 2016, 23:00 in New York: already Sunday in UTC.
EVENING_UTC = datetime(2016, 9, 18, 3, tzinfo=UTC)
NEW_YORK = -240


def _article(text: str, *, published: datetime | None = EVENING_UTC,
             offset: int | None = NEW_YORK) -> Article:
    return Article(id="a", text=text, source="Test Wire", published=published, utc_offset_minutes=offset)


def _written(art: Article, opening: str) -> str:
    """The digest sentence for the source sentence starting with ``opening``, each of its
    verbatim pieces and citations checked against the article's text."""
    story = prepare([art], {art.id: hand_analysis(art, {})}, {})
    sent = next(s for s in story.sents if s.text.startswith(opening))
    unit = body_unit(story, sent, set())
    assert unit is not None
    for p in unit.pieces:
        if p.start >= 0:
            assert art.text[p.start : p.end] == p.text, p
    text, cites = render(unit, set(), "")
    pos = 0
    for c in cites:  # in order, each verbatim in the printed sentence
        pos = text.index(art.text[c.start : c.end], pos)
    return text


CHELSEA = "Twenty-nine people were injured tonight in a densely packed Chelsea neighborhood by an explosion."


def test_an_evening_article_says_its_own_local_day():
    assert _written(_article(CHELSEA), "Twenty-nine") == (
        "Twenty-nine people were injured on Saturday night in a densely packed Chelsea neighborhood "
        "by an explosion."
    )
    # Without the outlet's offset (or with "GMT", which a US outlet also writes) 03:00 UTC may
    # be the evening before in New York or the same morning in London: the words stay, as
    # they do without a date. A date without a time, or a UTC time every outlet from -8 h to
    # +9 h shares the date of, is the outlet's day.
    for offset in (None, 0):
        assert _written(_article(CHELSEA, offset=offset), "Twenty-nine") == CHELSEA
    assert _written(_article(CHELSEA, published=None, offset=None), "Twenty-nine") == CHELSEA
    for when in (datetime(2016, 9, 17, tzinfo=UTC), datetime(2016, 9, 17, 12, 30, tzinfo=UTC)):
        assert "injured on Saturday night in" in _written(_article(CHELSEA, published=when, offset=None), "Twenty-nine")


@pytest.mark.parametrize(("source", "digest"), [
    ("Explosions went off in New Jersey today near the start of a charity run.",
     "Explosions went off in New Jersey on Saturday near the start of a charity run."),
    ("Yesterday, police arrested two men in the neighborhood near the park.",
     "On Friday, police arrested two men in the neighborhood near the park."),
    ("Last night, the mayor visited the block where the bomb went off.",
     "On Friday night, the mayor visited the block where the bomb went off."),
    ("Former Gov. Mitch Daniels ruled out making a bid this morning.",
     "Former Gov. Mitch Daniels ruled out making a bid on Saturday morning."),
    ("Tonight's vigil drew hundreds of neighbors to the small park.",
     "Saturday night's vigil drew hundreds of neighbors to the small park."),
    ("Officials said today's vote on the budget was postponed after the blast.",
     "Officials said Saturday's vote on the budget was postponed after the blast."),
    ("The street will stay closed to traffic until tomorrow, officials said.",
     "The street will stay closed to traffic until Sunday, officials said."),
    ("Investigators have been searching the block since last night for evidence.",
     "Investigators have been searching the block since Friday night for evidence."),
    ("As the newspaper reported just today, the inspector general issued subpoenas.",
     "As the newspaper reported just Saturday, the inspector general issued subpoenas."),
    ("The council will meet tomorrow morning to discuss the damage.",
     "The council will meet on Sunday morning to discuss the damage."),
])
def test_a_reporters_relative_day_becomes_the_weekday(source: str, digest: str):
    assert _written(_article(source), source[:12]) == digest


@pytest.mark.parametrize("source", [
    # Names and titles: capitalised in mid-sentence.
    "Clinton campaign manager Robby Mook told CBS This Morning that the campaign expects a fair debate.",
    "A reporter for USA Today spotted the candidate and her press secretary at the airport.",
    # "today" for "nowadays": before "is", "than", "as", after "even", without a past or future verb.
    "Clinton's clear advantage today is the same one Barack Obama enjoyed in 2008.",
    "Today, the building is owned by a nonprofit company started by his family.",
    "Clinton and Trump are tied in Ohio today, the new poll finds.",
    "Voters are far better off today than they were when he came into office.",
    "Racial struggles, which even today inflame the streets of cities, shaped the race.",
    "The senator said the failure to grasp today's threats is a dereliction of duty.",
    "Few candidates have mattered less than the leaders of tomorrow, the author said.",
])
def test_names_and_nowadays_stay_as_written(source: str):
    assert _written(_article(source), source[:12]) == source


def test_quoted_words_stay_as_spoken():
    art = _article("Mayor Bill de Blasio said the blast last night was “an act we will answer tonight.”")
    assert _written(art, "Mayor") == (
        "Mayor Bill de Blasio said the blast on Friday night was “an act we will answer tonight.”"
    )


def test_a_digest_keeps_every_citation_verbatim():
    text = (
        "NEW YORK — Twenty-nine people were injured tonight in a densely packed Chelsea neighborhood by an "
        "explosion that the mayor described as an intentional act. The blast went off near a construction "
        "dumpster on West 23rd Street at about 8:30 p.m., the police commissioner said tonight. "
        "Hours earlier, "
        "a pipe bomb exploded today in a trash can in Seaside Park, New Jersey, before a charity run. "
        "Investigators found a second device four blocks away on West 27th Street late on Saturday. "
        "The mayor said there was no evidence of a link to international terrorism."
    )
    art = _article(text)
    d = write_digest(1, [art], {art.id: hand_analysis(art, {})})
    body = " ".join(p.text for p in d.paragraphs)
    assert "injured on Saturday night in" in body and "exploded on Saturday in" in body, body
    assert "tonight" not in body and "today" not in body, body
    for p in d.paragraphs:
        pos = 0
        for c in p.citations:
            pos = p.text.index(art.text[c.start : c.end], pos)


def test_a_hostile_run_of_relative_days_is_read_in_bounded_work():
    """A sentence of thousands of "today"s (a hostile page) is read match by match with
    bounded look-backs, and at most a few of them are rewritten: the rest stays verbatim."""
    from newsdigest.write.days import _MAX_DAYS
    from newsdigest.write.units import Piece, dated

    text = "Officials said " + ", ".join(["it happened today"] * 3000) + "."
    art = _article(text)
    story = prepare([art], {art.id: hand_analysis(art, {})}, {})
    pieces = dated(story, art.id, [Piece(text, 0, len(text))])
    added = [p for p in pieces if p.start < 0]
    assert 0 < len(added) <= _MAX_DAYS
    for p in pieces:
        if p.start >= 0:
            assert art.text[p.start : p.end] == p.text
