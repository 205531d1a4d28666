"""Digests for the web, publish and browser tests: a few fictional stories, one hostile.

Each paragraph cites one article per sentence, as the writer does; quotes appear verbatim
in the paragraph text. Saved through the real storage (``fill``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdigest.records import Citation, Digest, Paragraph, Quote, RelevantArticle, Story

NOW = datetime(2024, 5, 22, 15, 0, tzinfo=UTC)

HOSTILE_HEADLINE = 'Hostile <script>alert("x")</script> & "quoted" headline'


def _ra(
    aid: str, title: str, outlet: str, hours_ago: float, dup: str | None = None, url: str | None = None
) -> RelevantArticle:
    return RelevantArticle(
        article_id=aid,
        title=title,
        outlet=outlet,
        url=url if url is not None else f"https://{outlet.lower().replace(' ', '')}.example/news/{aid}",
        published=NOW - timedelta(hours=hours_ago),
        duplicate_of=dup,
    )


def substation_fire(published: datetime = NOW - timedelta(hours=3)) -> Digest:
    arts = (
        _ra("nw-1", "Substation fire cuts power to 180,000 Halbrook homes", "Northwire", 20),
        _ra("cl-1", "Halbrook wakes to a second day without power", "Clarion", 16),
        _ra("gz-1", "Grid operator promises full reconnection by Thursday", "Gazette", 8),
        _ra("rp-1", "Substation fire cuts power to 180,000 Halbrook homes", "Valley Post", 19, dup="nw-1"),
    )
    q1 = "We are working around the clock and expect every home to be reconnected by Thursday evening,"
    q2 = "People sat in the dark for fourteen hours, and they deserve a full account of what went wrong,"
    q3 = "the cause looks mechanical rather than deliberate"
    paras = (
        Paragraph(
            "A fire at the Kessler Road substation cut power to about 180,000 homes in Halbrook "
            "on Tuesday night. Much of the city stayed dark for more than 14 hours.",
            (Citation("nw-1", 0, 120), Citation("cl-1", 0, 90)),
        ),
        Paragraph(
            "Halgrid, the regional grid operator, said power had been restored to 150,000 customers "
            f"by Wednesday noon. “{q1}” Halgrid chief executive Maria Olsen said at a news conference.",
            (Citation("gz-1", 10, 99), Citation("nw-1", 500, 640)),
        ),
        Paragraph(
            f"Fire chief Paul Danner said crews had found no sign of arson and that “{q3}.” "
            f"Mayor Tomas Reyes promised a review: “{q2}” he told reporters.",
            (Citation("cl-1", 300, 420), Citation("nw-1", 700, 820)),
        ),
        Paragraph(
            "Two hospitals switched to backup generators and the tram network stopped. "
            "Schools in three districts cancelled classes. "
            "It is the worst outage in Halbrook since a storm in 2019.",
            (Citation("nw-1", 200, 280), Citation("cl-1", 200, 260)),  # 3 sentences, 2 citations
        ),
    )
    return Digest(
        story_id=1,
        headline="Halbrook substation fire leaves 180,000 homes without power",
        lede=paras[0].text,
        paragraphs=paras,
        quotes=(
            Quote(q1, 0, len(q1), "Maria Olsen", "Halgrid chief executive", "said", "nw-1"),
            Quote(q2, 0, len(q2), "Tomas Reyes", "Mayor", "told reporters", "nw-1"),
            Quote(q3, 0, len(q3), "Paul Danner", "Fire chief", "said", "cl-1"),
        ),
        relevant_articles=arts,
        slug="halbrook-substation-fire-power-outage",
        published=published,
        updated=published + timedelta(hours=2),
        entities=("Halbrook", "Halgrid", "Maria Olsen"),
    )


def simple(story_id: int, slug: str, headline: str, lede: str, published: datetime) -> Digest:
    arts = (
        _ra(f"a{story_id}", f"{headline} (first report)", "Northwire", 30),
        _ra(f"b{story_id}", f"{headline}: what we know", "Clarion", 28),
    )
    second = (
        "Officials gave few further details on Wednesday. Outlets expect more information later this week."
    )
    return Digest(
        story_id=story_id,
        headline=headline,
        lede=lede,
        paragraphs=(
            Paragraph(lede, (Citation(arts[0].article_id, 0, 50),)),
            Paragraph(second, (Citation(arts[1].article_id, 0, 40), Citation(arts[0].article_id, 60, 90))),
        ),
        quotes=(),
        relevant_articles=arts,
        slug=slug,
        published=published,
        entities=(),
    )


def hostile(published: datetime) -> Digest:
    bad = RelevantArticle(
        "evil-1", "<img src=x onerror=alert(1)>", "Evil </script> Outlet", "javascript:alert(1)", published
    )
    text = 'He wrote "</script><script>alert(2)</script>" in a comment.\x0b Then left.'
    return Digest(
        story_id=99,
        headline=HOSTILE_HEADLINE,
        lede=text,
        paragraphs=(Paragraph(text, (Citation("evil-1", 0, 10),)),),
        quotes=(Quote("</script><script>alert(2)</script>", 0, 5, "<b>Mallory</b>", "", "wrote", "evil-1"),),
        relevant_articles=(bad,),
        slug="hostile-story",
        published=published,
        entities=("<Evil>",),
    )


def all_digests() -> list[Digest]:
    return [
        substation_fire(),
        simple(
            2,
            "harbour-bridge-reopens",
            "Harbour bridge reopens after two-year repair",
            "The Harbour bridge reopened to traffic on Wednesday after a two-year repair "
            "that cost far more than planned.",
            NOW - timedelta(hours=5),
        ),
        simple(
            3,
            "city-council-approves-tram-budget",
            "City council approves tram budget for the northern line",
            "The city council approved the budget for the northern tram line after a long debate "
            "about power supply costs.",
            NOW - timedelta(days=3),
        ),
        simple(
            4,
            "grid-operator-plans-new-substations",
            "Grid operator plans three new substations after outage",
            "Halgrid plans to build three new substations so a single fire can no longer cut power "
            "to a whole city.",
            NOW - timedelta(hours=1),
        ),
        hostile(NOW - timedelta(days=2)),
    ]


def fill(storage, digests: list[Digest] | None = None) -> list[Digest]:
    """Save stories (for trend scores) and digests; return the digests as stored."""
    digests = all_digests() if digests is None else digests
    storage.save_stories(
        [
            Story(id=d.story_id, article_ids=(), trend_score=100.0 - d.story_id, title=d.headline)
            for d in digests
        ]
    )
    return [storage.save_digest(d) for d in digests]


def many(n: int, start_id: int = 1000) -> list[Digest]:
    """``n`` plain digests an hour apart, for pagination."""
    return [
        simple(
            start_id + i,
            f"filler-story-{i}",
            f"Filler story number {i}",
            f"Filler story number {i} is a short item used to fill pages in tests of pagination.",
            NOW - timedelta(days=10, hours=i),
        )
        for i in range(n)
    ]
