"""Digests do not restate a story's figures: outlets repeat the numbers in every report, in
words a TF-IDF comparison does not find close ("Nearly 1,800 dock workers walked off …",
"… after about 1,800 dock workers went on strike …", "The walkout by about 1,800 members …").
Nor do they tell a fact again with something added ("Sanders won … in his home state of
Vermont", "Sanders, celebrating a victory … in his home state of Vermont, is pledging …")."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from newsdigest.analyse import analyse_many
from newsdigest.embed import embed_texts
from newsdigest.records import Article
from newsdigest.write import select as selection
from newsdigest.write import write_digest
from newsdigest.write.units import Piece, Unit
from write_helpers import hand_analysis, hand_quote

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


# Restatements: two outlets tell one fact, one of them with something added, in words a
# TF-IDF cosine does not find close (the sentences below are from the editor's read of the
# PolNeAR digests, bench/editor.py --show).


def _said(text: str, quote: str = "") -> selection.Said:
    """What a digest sentence says; with ``quote``, a quote unit quoting those words of it."""
    q = hand_quote(Article("a", text), quote, "Someone") if quote else None
    return selection.Said.of(Unit("a", 0, (Piece(text, 0, len(text)),), None, quote=q))


SANDERS_WON = "Democrat Sen. Bernie Sanders won the primary in Oklahoma and in his home state of Vermont."
SANDERS_PLEDGES = (
    "Bernie Sanders, celebrating a victory in the Democratic primary in his home state of Vermont, is "
    "pledging to “win many hundreds of delegates” on Super Tuesday."
)
SANDERS_WINS = (
    "Hillary Clinton wins the Democratic presidential primaries in Virginia and Georgia, while Bernie "
    "Sanders wins in his home state of Vermont."
)
POST_REPORTS = (
    "The New York Post reports that Hillary Clinton’s team avoided taking her to the emergency room "
    "following her medical scare on Sunday in order to “keep the details of her medical treatment under "
    "wraps.”"
)
POST_LEARNED = (
    "Hillary Clinton was headed to an emergency room following her sudden collapse during the Sept. 11 "
    "memorial ceremony — but ditched her NYPD escort and detoured to daughter Chelsea Clinton’s apartment "
    "to keep details of her medical treatment under wraps, The Post has learned."
)
SCHLAFLY_LED = (
    "Angered by the cultural transformations of the 1960s, Schlafly led campaigns against Communism, "
    "abortion and the Equal Rights Amendment."
)
SCHLAFLY_DIED = (
    "Phyllis Schlafly, whose grass-roots campaigns against Communism, abortion and the Equal Rights "
    "Amendment galvanized conservatives for almost two generations and helped reshape American politics, "
    "died on Monday."
)
KASICH_PICKED = (
    "By winning the Republican primary in Ohio, John Kasich picked up all 66 of the state’s delegates to the "
    "Republican National Convention."
)
KASICH_SCORED = (
    "Ohio Gov. John Kasich scored his first win of the presidential nomination contest, grabbing all 66 "
    "delegates in the Ohio primary, in what could ultimately stall Donald Trump’s decisive dash to the "
    "nomination."
)
TAXES_REVIEW = (
    "Connecticut’s tax commissioner says an internal review shows no one from the state Department of "
    "Revenue Services released part of Republican presidential nominee Donald Trump’s 1995 state income tax "
    "filings to the New York Times."
)
TAXES_RECEIVED = (
    "The New York Times reported Saturday that it had received anonymously the first pages of Trump’s 1995 "
    "state income tax filings in New York, New Jersey and Connecticut."
)
LASHING_OUT = "Lashing out, Trump said the 83-year-old justice’s “mind is shot.”"
SHOT = 'Trump called on her to resign from her post and said, "Her mind is shot!"'
AIPAC_PROTEST = (
    "About 40 rabbis have said that they plan to participate in the protest of Trump's appearance Monday at "
    "the annual conference of the American Israel Public Affairs Committee."
)
AIPAC_SPEECH = (
    "The former secretary of State began her speech before the influential American Israel Public Affairs "
    "Committee by slamming candidates who think they can outsource leadership to dictators."
)
PARAPHRASE = (
    "On Tuesday’s episode of “The Steve Harvey Morning Show,” the former secretary of state said she wanted "
    "to speak “directly to white people” and let them know that “this is not who we are.”"
)
QUOTED = "Maybe I can, by speaking directly to white people, say, look, this is not who we are."
KAINE_VOTERS = (
    "She added that some Democrats have called her to say they will not vote for Hillary Clinton, the "
    "presumptive nominee, because of her extreme pro-abortion stance."
)
KAINE_CHOSEN = (
    "Democrat presumptive presidential nominee Hillary Clinton has chosen Virginia Sen. Tim Kaine as her "
    "running mate, a man who shifted to a fully pro-abortion stance in order to be in sync with Clinton."
)
HALE_WARNED = (
    "Councillor Martin Hale, who led the opposition, warned that the cost would rise and that the city had "
    "not secured its share of the money."
)
HALE_TRAM = (
    'Hale, who voted against, described the project as "a gold-plated tram to nowhere" and warned that costs '
    "would rise."
)
FLORIDA_TURNOUT = (
    "In Florida, about 46% of eligible voters cast ballots in the primary contest, which Donald Trump and "
    "Hillary Clinton won."
)
FLORIDA_WON = (
    "Donald Trump and Hillary Clinton have won the presidential primary in Florida, further solidifying "
    "their leads in the hotly contested race."
)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (_said(SANDERS_WON), _said(SANDERS_PLEDGES, "win many hundreds of delegates")),
        (_said(SANDERS_WINS), _said(SANDERS_WON)),
        (_said(POST_LEARNED), _said(POST_REPORTS)),
        (_said(SCHLAFLY_LED), _said(SCHLAFLY_DIED)),
        (_said(KASICH_SCORED), _said(KASICH_PICKED)),  # the same count, in other words
        # A quote that repeats the sentence before it word for word.
        (_said(LASHING_OUT), _said(SHOT, "Her mind is shot!")),
        # The words around a quote tell the other's fact (the demo's light rail digest told
        # Hale's warning twice): the quote's own words do not dilute the share.
        (_said(HALE_WARNED), _said(HALE_TRAM, "a gold-plated tram to nowhere")),
    ],
)
def test_a_fact_told_again_with_something_added_is_a_restatement(new, old):
    assert selection.restates(new, old)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (_said(AIPAC_PROTEST), _said(AIPAC_SPEECH)),  # only a long name in common
        # A paraphrase and the direct quote it paraphrases: the quote adds the speaker's own words.
        (_said(PARAPHRASE), _said(f"Clinton continued, “{QUOTED}”", QUOTED)),
        (_said(KAINE_VOTERS), _said(KAINE_CHOSEN)),  # the same description of her, another fact
        (_said(FLORIDA_TURNOUT), _said(FLORIDA_WON)),  # the same contest, a new figure: news
        (_said(TAXES_REVIEW), _said(TAXES_RECEIVED)),  # the same documents (a year is no count), another fact
    ],
)
def test_a_sentence_that_only_shares_words_is_not_a_restatement(new, old):
    assert not selection.restates(new, old)


def test_content_words_count_a_name_once_and_leave_dates_out():
    words = ("sander", "win", "primary", "oklahoma", "home", "state", "vermont")
    assert selection.content_words(SANDERS_WON) == words
    assert selection.content_words("Trump has won Georgia and Virginia on Super Tuesday.") == (
        "trump", "win", "georgia", "virginia", "super tuesday")


# A primary night as three outlets report it (hand-made analyses: the sentences and names
# each case needs). The winner's home state is told once; two sentences that share only the
# name of an authority, and a paraphrase beside the quote it paraphrases, all stay.
PRIMARY_WIRE = (
    "Mara Quill won the primary in Delmont and in her home state of Vesper on Tuesday. Tobias Renn won the "
    "primaries in Arlow and Brisk, the two largest states that voted, and leads in pledged delegates. "
    "Quill said, “Maybe I can, by talking straight to the farmers, say, look, this valley is not forgotten.” "
    "The Northern Rivers Water Conservation Authority lent voting machines to eleven rural counties for the "
    "first time. Turnout fell in every state but Vesper, where a ballot measure on grazing rights drew "
    "voters."
)
PRIMARY_LOCAL = (
    "Mara Quill, celebrating a victory in the primary in her home state of Vesper, is pledging to carry the "
    "fight to every county before the convention. On the Morning Line radio show, the former governor told "
    "listeners she meant to talk “straight to the farmers” and promised them that “this valley is not "
    "forgotten.” Election clerks in Delmont finished counting provisional ballots shortly after midnight. "
    "The Northern Rivers Water Conservation Authority said an audit had found no fault with its equipment "
    "after complaints about slow lines in Harwick."
)
PRIMARY_LATER = (
    "Tobias Renn carried Arlow and Brisk by wide margins, while Mara Quill wins in her home state of Vesper. "
    "The campaigns now turn to the western states, where ranchers and mining towns could decide the race. "
    "Renn plans a bus tour of the mining towns, his campaign manager said on Wednesday."
)


def _primary_night(
    wire: tuple[str, str], local: tuple[str, str, str], later: tuple[str, str]
) -> list[Article]:
    """A primary night's three reports as (text, title[, local outlet]): the wire's that
    evening, a local paper's after midnight, a weekly's the next morning."""
    reports = (("w", *wire, "Northwire", datetime(2026, 3, 3, 23, tzinfo=UTC)),
               ("l", *local, datetime(2026, 3, 4, 1, tzinfo=UTC)),
               ("t", *later, "Meridian", datetime(2026, 3, 4, 9, tzinfo=UTC)))
    return [Article(id=i, text=text, title=title, source=source, published=when)
            for i, text, title, source, when in reports]


def test_a_primary_night_tells_the_home_state_win_once():
    names = {"Mara Quill": "PERSON", "Quill": "PERSON", "Tobias Renn": "PERSON", "Renn": "PERSON"}
    names["Northern Rivers Water Conservation Authority"] = "ORG"
    arts = _primary_night((PRIMARY_WIRE, "Quill and Renn split the primaries"),
                          (PRIMARY_LOCAL, "Quill celebrates at home", "Vesper Courier"),
                          (PRIMARY_LATER, "Renn and Quill look west"))
    qt = "Maybe I can, by talking straight to the farmers, say, look, this valley is not forgotten."
    quote = hand_quote(arts[0], qt, "Mara Quill")
    analyses = {a.id: hand_analysis(a, names, (quote,) if a.id == "w" else ()) for a in arts}
    d = write_digest(1, arts, analyses, now=NOW)
    text = " ".join(p.text for p in d.paragraphs)
    assert text.count("home state of Vesper") == 1, text
    assert text.count("Northern Rivers Water Conservation Authority") == 2, text
    assert "this valley is not forgotten.”" in text and "Morning Line" in text, text
    assert "western states" in text, text



# Retellings: one event told again in other words, with no phrase in common ("won … defeating"
# beside "scored a decisive victory … embarrassing"). The two share their names and half their
# words, and their static embeddings (embed.py) are very close; two events of one story that
# share the names (who won where, who crossed paths with whom) are not retellings. The pairs
# are from the PolNeAR digests (bench/editor.py --show) and the demo's transit story.


def _cosine(a: selection.Said, b: selection.Said) -> float:
    vectors = embed_texts([a.text, b.text])
    return float(vectors[0] @ vectors[1])


def _retells(new: str, old: str) -> bool:
    return selection.retells(_said(new), _said(old), _cosine)


NH_WON = (
    "Bernie Sanders won New Hampshire's Democratic primary Tuesday, defeating Hillary Clinton in the "
    "state that helped revive her presidential campaign eight years earlier."
)
NH_SCORED = (
    "Sanders scored a decisive victory in Tuesday's New Hampshire presidential primary, embarrassing "
    "Hillary Clinton in a state she won eight years ago and upending the Democratic nominating contest."
)
SCOTT_ASKED = (
    "Scott's relatives, who asked authorities to show them video of the shooting, watched it on "
    "Thursday, attorneys for the family said."
)
SCOTT_WATCHED = (
    "Scott's relatives, including his wife, watched the police videos on Thursday, according to their "
    'attorneys, and said they came away with "more questions than answers."'
)
NEVADA_DELEGATES = (
    "Donald Trump won at least 44 of the 50 delegates at stake in the South Carolina primary while "
    "Hillary Clinton won a majority of the delegates in Nevada caucuses."
)
NEVADA_MEANS = "Hillary Clinton’s win in Nevada means she will pick up most of the state’s delegates."
NEVADA_COUNTS = "In Nevada, Clinton won at least 19 delegates and Bernie Sanders won at least 15."
NEVADA_WON = (
    "Hillary Clinton has won the Nevada Democratic caucuses, rebounding after a second-place finish to "
    "Bernie Sanders in New Hampshire."
)
NEVADA_PATHS = (
    "Hillary Clinton and Bernie Sanders almost crossed paths just before Nevada’s Democratic caucuses "
    "get underway."
)
TRUMP_STATES = (
    "Trump has won Georgia, Virginia, Alabama, Massachusetts, Tennessee and Arkansas on Super Tuesday."
)
CLINTON_SWEEPING = (
    "As ballots still were being counted in some states, Clinton was sweeping much of the South, "
    "winning Alabama, Arkansas, Georgia, Tennessee, Texas and Virginia."
)
TRAMS = "The first trams are due to run in 2031."
TRAINS = "Construction is due to start next year, with the first trains running in 2031."
WALKOUT = (
    "The walkout, called by the Amalgamated Dockworkers' Union, is the first full shutdown at the port "
    "in more than a decade."
)
CALLED = (
    "The Amalgamated Dockworkers' Union called the strike at the Eastquay container terminal after "
    "talks with the Harbour Authority, which runs the port, broke down."
)
ARRESTED = "Police arrested a suspect in the Chelsea bombing after a shootout in Linden."
RELEASED = "Police released a suspect in the Chelsea bombing after questioning in Linden."


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (NH_SCORED, NH_WON),
        (SCOTT_ASKED, SCOTT_WATCHED),
        (NEVADA_MEANS, NEVADA_DELEGATES),
        (TRAMS, TRAINS),  # "running" is "run": a doubled consonant is the suffix's
    ],
)
def test_an_event_told_again_in_other_words_is_a_retelling(new, old):
    assert _retells(new, old)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (TRUMP_STATES, CLINTON_SWEEPING),  # the same states, another winner
        (NEVADA_PATHS, NEVADA_WON),  # the same people and contest: only names and "caucuses" shared
        (NEVADA_COUNTS, NEVADA_DELEGATES),  # counts beside "a majority of the delegates" are news
        (WALKOUT, CALLED),  # the same union and port, another fact: close, but not that close
        # another verb between the same two: another act, however close the embeddings (0.89)
        (ARRESTED, RELEASED),
        (RELEASED, ARRESTED),
    ],
)
def test_another_event_of_the_story_is_not_a_retelling(new, old):
    assert not _retells(new, old)


def test_the_embeddings_are_compared_only_once_the_words_agree():
    compared = []

    def cosine(a: selection.Said, b: selection.Said) -> float:
        compared.append((a.text, b.text))
        return _cosine(a, b)

    for new, old in [(TRUMP_STATES, CLINTON_SWEEPING), (NEVADA_PATHS, NEVADA_WON), (ARRESTED, RELEASED)]:
        assert not selection.retells(_said(new), _said(old), cosine)
    assert compared == []
    assert selection.retells(_said(NH_SCORED), _said(NH_WON), cosine) and len(compared) == 1


# A primary night as three outlets report it (hand-made analyses): the local paper retells the
# wire's lede in its own words, which share too little for TF-IDF; it is left out, and the
# local paper's other news about the two candidates, in the same names, stays.
NIGHT_WIRE = (
    "Mara Quill won Delmont's Liberal primary on Tuesday, defeating Tobias Renn in the state that "
    "helped revive his campaign eight years earlier. Turnout was the lowest in two decades, election "
    "officials said. Renn told supporters in Harwick that he would stay in the race until the "
    "convention. Quill's campaign spent most of its money on radio advertising in the rural north."
)
NIGHT_LOCAL = (
    "Mara Quill scored a decisive victory in Tuesday's Delmont primary, embarrassing Tobias Renn in a "
    "state he carried eight years ago and upending the Liberal nominating contest. Mara Quill and "
    "Tobias Renn almost crossed paths at a Delmont diner just before the polls opened. Volunteers at "
    "the Quill headquarters in Port Ellis cheered as the networks called the race shortly after nine "
    "o'clock."
)
NIGHT_LATER = (
    "The campaigns now turn to Arlow and Brisk, where farm subsidies and a long-delayed rail line "
    "dominate the debate. Renn plans a bus tour of the mining towns, his campaign manager said on "
    "Wednesday. Quill will return to the capital to vote on the water bill before flying west."
)


def test_a_primary_night_tells_the_win_once_in_either_outlet_s_words():
    names = {"Mara Quill": "PERSON", "Quill": "PERSON", "Tobias Renn": "PERSON", "Renn": "PERSON"}
    arts = _primary_night((NIGHT_WIRE, "Quill wins Delmont primary"),
                          (NIGHT_LOCAL, "Quill routs Renn at home", "Delmont Courier"),
                          (NIGHT_LATER, "Quill and Renn look west"))
    analyses = {a.id: hand_analysis(a, names) for a in arts}
    d = write_digest(1, arts, analyses, now=NOW)
    text = " ".join(p.text for p in d.paragraphs)
    assert "won Delmont's Liberal primary" in text, text
    assert "decisive victory" not in text, text
    assert "crossed paths" in text, text


def test_a_month_dates_a_fact_and_names_no_one():
    # "In March" was taken for a name of the shorter sentence that the other lacks, so the
    # same remark told twice (the PolNeAR Supreme Court abortion ruling story) was not a retelling.
    in_march = ("In March, Trump said that if abortion were made illegal, women who go through with the "
                "procedure should be punished.")
    town_hall = ("Trump said at a town hall that women who have abortions should be punished if the procedure "
                 "were made illegal.")
    assert "march" not in _said(in_march).names
    assert _retells(in_march, town_hall) and _retells(town_hall, in_march)
    # In lower case "march" is a word, and a month in a longer name stays a name.
    assert "march" in selection.content_words("Thousands of protesters march on the capital.")
    assert "madness" in _said("Fans filled the arena for March Madness on Friday.").names
