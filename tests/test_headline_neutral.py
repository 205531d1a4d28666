"""The headline is informative and neutral: built or chosen from the sources, never one
outlet's clickbait, opinion or name.

A fictional port strike told by three outlets, analysed by the real analyse stage; the
outlets' titles are varied per test in the forms real feeds use (a print deck after "; ",
AP's "The Latest:" label, "Speaker: claim", loaded verbs, talking to the reader).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsdigest.records import Analysis, Article
from newsdigest.write import clean_title, write_digest
from newsdigest.write import select as selection
from newsdigest.write.candidates import prepare
from newsdigest.write.headline import _choices, _first_name_only, _title_penalty
from newsdigest.write.salience import score

WIRE = (
    "Dockworkers at the port of Tessaly walked off the job on Monday, demanding a 12 percent pay rise "
    "after talks with the port authority collapsed. About 2,000 members of the Harbour Workers Union "
    "joined the strike, which halted the loading of container ships at all four terminals. Port director "
    "Anton Keller said the authority had offered 6 percent over two years and would not go further. Union "
    "leader Ines Marlow said the strike would last until the authority returned to the table. Shipping "
    "companies said they would divert vessels to the port of Varna if the strike lasted more than a week."
)
TABLOID = (
    "The strike at the port of Tessaly entered its second day on Tuesday as container ships waited at "
    "anchor outside the harbour. Dockworkers say the port authority's pay offer of 6 percent over two "
    "years does not cover rising rents in the city. Union leader Ines Marlow said the strike would "
    "continue until the port authority made a new pay offer. Ines Marlow told a rally outside the port "
    "gates that the dockworkers would not back down. Port director Anton Keller said the authority "
    "could not afford a 12 percent pay rise."
)
REGIONAL = (
    "Port director Anton Keller on Tuesday called the strike by Tessaly dockworkers reckless and urged "
    "the union to accept the port authority's pay offer. The port of Tessaly handles about a third of "
    "the region's container traffic. Keller said the authority had offered 6 percent over two years. "
    "The Harbour Workers Union has demanded a 12 percent pay rise for the dockworkers at the port."
)
NOW = datetime(2026, 4, 8, tzinfo=UTC)


def _articles(wire: str, tabloid: str, regional: str) -> list[Article]:
    """The three reports with the given titles, the wire's first (its lede is the digest's)."""
    return [
        Article(id="nw", text=WIRE, source="Northwire", title=wire, url="https://northwire.example/strike",
                published=datetime(2026, 4, 6, 9, tzinfo=UTC)),
        Article(id="dc", text=TABLOID, source="The Daily Clarion", title=tabloid,
                url="https://clarion.example/strike", published=datetime(2026, 4, 7, 8, tzinfo=UTC)),
        Article(id="mn", text=REGIONAL, source="Meridian News", title=regional,
                url="https://meridian.example/strike", published=datetime(2026, 4, 7, 11, tzinfo=UTC)),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    try:
        from newsdigest.analyse import analyse_many
    except ImportError as exc:
        pytest.skip(f"newsdigest.analyse not importable: {exc}")
    arts = _articles("", "", "")
    return {a.id: an for a, an in zip(arts, analyse_many(arts))}


def _headline(analyses: dict[str, Analysis], *titles: str) -> str:
    return write_digest(1, _articles(*titles), analyses, now=NOW).headline


def _assert_neutral(h: str) -> None:
    assert h and not re.search(r"[?!…;]|//|^the latest\b|\byou\b|^\w+(?: \w+){0,2}:", h, re.IGNORECASE), h
    assert not re.search(r"northwire|clarion|meridian", h, re.IGNORECASE), h


@pytest.mark.parametrize(
    "title,outlet,expected",
    [
        # A print deck after "; " goes when the part before it is a headline of its own.
        (
            "Candidates vie for vets' support; Trump and Clinton point out own credentials, "
            "each other's failings during leadership forum",
            "USA Today",
            "Candidates vie for vets' support",
        ),
        ("Phyllis Schlafly, conservative bane of feminists, dies at 92; Obituary", "NYT",
         "Phyllis Schlafly, conservative bane of feminists, dies at 92"),
        # A section label before " // " and a two-word kicker before the deck go.
        ("NEW HAMPSHIRE PRIMARY // GAME ON; What each candidate needs in Tuesday showdown", "USA Today",
         "What each candidate needs in Tuesday showdown"),
        # Live-file and section labels.
        ("The Latest: 3 NH towns cast first votes of primary", "Breitbart",
         "3 NH towns cast first votes of primary"),
        ("Opinion: The port strike is about rents", "", "The port strike is about rents"),
        # The outlet's name is still cut, with a deck or a label in front.
        ("Dockworkers walk out at Tessaly port over pay - Northwire", "Northwire",
         "Dockworkers walk out at Tessaly port over pay"),
        ("The Latest: Dockworkers walk out at Tessaly port | Meridian News", "Meridian News",
         "Dockworkers walk out at Tessaly port"),
        ("Tessaly strike enters second day; Ships wait at anchor - Northwire", "Northwire",
         "Tessaly strike enters second day"),
        # Not a deck or a label: left alone.
        ("Storm hits coast - three dead", "", "Storm hits coast - three dead"),
        ("Halbrook blackout: what comes next", "", "Halbrook blackout: what comes next"),
    ],
)  # fmt: skip
def test_clean_title_cuts_decks_labels_and_outlets(title, outlet, expected):
    assert clean_title(title, outlet) == expected


def _closeness(analyses: dict[str, Analysis], *titles: str) -> dict[str, float]:
    """How close each candidate is to the story before penalties (the writer's own measure)."""
    arts = _articles(*titles)
    story = prepare(arts, analyses, {})
    score(story)
    units = selection.select(story, words=400, strict=False)
    return {c.text: c.closeness for c in _choices(story, units)}


def test_speaker_colon_and_loaded_titles_lose_to_the_plain_report(analyses):
    titles = (
        "Dockworkers walk out at Tessaly port over pay - Northwire",
        "Port Bosses Skewered As Blistering Tessaly Port Strike Over Pay Enters Second Day",
        "Keller: Tessaly Dockworkers' Strike Over Port Authority Pay Offer Is 'Reckless'",
    )
    assert _headline(analyses, *titles) == "Dockworkers walk out at Tessaly port over pay"
    close = _closeness(analyses, *titles)
    assert close[titles[2]] > close["Dockworkers walk out at Tessaly port over pay"]  # lost on its form


def test_loaded_titles_lose_even_when_closest(analyses):
    titles = (
        "Derelict Port Bosses Slammed As Tessaly Dockworkers' Strike Over Pay Drags On",
        "Port Bosses Skewered As Blistering Tessaly Port Strike Over Pay Enters Second Day",
        "Port director urges strikers to accept offer",
    )
    h = _headline(analyses, *titles)
    assert h not in titles[:2]
    _assert_neutral(h)
    close = _closeness(analyses, *titles)
    assert close[titles[0]] > close[h]


def test_deck_and_label_never_reach_the_headline(analyses):
    h = _headline(
        analyses,
        "The Latest: Tessaly dockworkers strike over pay",
        "Dockworkers strike at Tessaly port; Union demands 12 percent pay rise as talks with port authority "
        "collapse",
        "TESSALY // PORT STRIKE; Ships wait at anchor as dockworkers stay out",
    )
    _assert_neutral(h)
    assert h in {"Tessaly dockworkers strike over pay", "Dockworkers strike at Tessaly port"}


def test_titles_talking_to_the_reader_lose(analyses):
    titles = (
        "Don't Let The Port Bosses Tell You The Tessaly Strike Is About Pay",
        "Here's How The Tessaly Port Strike Over Pay Could End",
        "Tessaly dockworkers strike over pay as port talks collapse",
    )
    assert _headline(analyses, *titles) == titles[2]
    close = _closeness(analyses, *titles)
    assert close[titles[0]] > close[titles[2]]


@pytest.mark.parametrize(
    "title,familiar",
    [
        ("Tim Kaine Fully Embraced Abortion When He Became Hillary’s Likely VP Pick", True),
        ("Rush Limbaugh: Hillary Asking Moderator To Fact Check Trump", True),
        ("Hillary Clinton's running mate embraced abortion rights", False),
        ("Justice Ruth Bader Ginsburg apologizes for Trump comments", False),
    ],
)
def test_a_person_called_by_first_name_is_familiar(title, familiar):
    names = (frozenset({"Hillary", "Ruth", "Tim"}), frozenset({"Clinton", "Bader", "Ginsburg", "Kaine"}))
    assert _first_name_only(title, names) is familiar
    assert (_title_penalty(title, names) > _title_penalty(title)) is familiar


def test_lede_becomes_the_headline_when_every_title_is_bad(analyses):
    arts = _articles(
        "You Won't Believe What Tessaly's Dockworkers Just Did!",
        "Here's Why The Port Strike Should Worry Everyone…",
        "Keller: Don't Let The Union Fool You",
    )
    d = write_digest(1, arts, analyses, now=NOW)
    assert d.headline == "Dockworkers at the port of Tessaly walked off the job on Monday"
    assert d.lede.startswith(d.headline)  # the lede's main clause, cut at its first comma
    _assert_neutral(d.headline)


def test_lede_headline_drops_a_lead_in_and_asides(analyses):
    # One outlet, a teaser title, a lede opening on a time phrase and carrying an aside.
    text = (
        "On Monday, Anton Keller, who has run the port since 2019, offered dockworkers in Tessaly a new pay "
        "deal worth 8 percent over two years to end their strike. The Harbour Workers Union said it would "
        "put the offer to a vote of its members on Wednesday. Union leader Ines Marlow said the offer was a "
        "step forward but did not cover rising rents in the city."
    )
    art = Article(
        id="one",
        text=text,
        source="Meridian News",
        url="https://meridian.example/offer",
        title="This Is Why Tessaly's Port Strike Could End",
        published=datetime(2026, 4, 9, tzinfo=UTC),
    )
    try:
        from newsdigest.analyse import analyse_many
    except ImportError as exc:
        pytest.skip(f"newsdigest.analyse not importable: {exc}")
    d = write_digest(2, [art], {"one": analyse_many([art])[0]}, now=NOW)
    assert d.headline == "Anton Keller offered dockworkers in Tessaly a new pay deal worth 8 percent"
    _assert_neutral(d.headline)


def test_a_good_title_is_kept_over_the_lede(analyses):
    arts = _articles(
        "Dockworkers strike at Tessaly port over pay",
        "Tessaly port strike enters second day",
        "Port director urges Tessaly dockworkers to accept pay offer",
    )
    d = write_digest(1, arts, analyses, now=NOW)
    assert d.headline in {t.title for t in arts}
    # A wire copy with the outlet's name in its title is cleaned the same way.
    named = [replace(arts[0], title=arts[0].title + " - Northwire"), *arts[1:]]
    assert write_digest(1, named, analyses, now=NOW).headline == d.headline
