"""A quote that opens on a word standing for what the source said before it ("They", "He",
"That's why", "It cannot be contained") is not built as "<speaker> said, “…”": the built
sentence drops the lead-in that says who "they" are. Its source sentence is printed whole
when its own words say more than who spoke ("… said … that she has learned her lesson:
“They …”", "“He …,” Blunt said of Cruz."), else the quote is left out. An "it" of the time
or of a clause ("It's time to …", "It is hard to …"), "There is …", "This is …" and a pronoun
the source names in brackets are still built."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdigest.records import Article
from newsdigest.write.candidates import prepare
from newsdigest.write.layout import render
from newsdigest.write.woven import quote_units
from write_helpers import hand_analysis, hand_quote

OPENING = "Hillary Clinton spoke to veterans in New York on Wednesday night. "
ROLE = "Democratic strategist"
BUILT = "Democratic strategist Mark Hale said, “{}.”"


def _printed(frame: str, words: str, role: str = ROLE, verb: str = "said") -> list[str]:
    """The quote units of ``words`` (by Mark Hale) in ``frame``, as a first mention prints them."""
    art = Article(id="a", text=OPENING + frame.format(words), source="Test Wire", title="",
                  published=datetime(2016, 9, 8, tzinfo=UTC))
    analysis = hand_analysis(art, {"Mark Hale": "PERSON", "Hale": "PERSON", "Hillary Clinton": "PERSON"},
                             (hand_quote(art, words, "Mark Hale", role, verb),))
    return [render(u, set(), "")[0] for u in quote_units(prepare([art], {art.id: analysis}, {}))]


FORTIFIED = "They are fortified for a longer fight if they need to be in one."


def test_a_pronoun_whose_referent_is_in_the_lead_in_keeps_the_lead_in():
    frame = "Mark Hale said the Clinton campaign has learned its lesson from the last primary: “{}”"
    assert _printed(frame, FORTIFIED) == [frame.format(FORTIFIED)]


def test_a_lead_in_that_points_back_itself_leaves_the_quote_out():
    # PolNeAR, wash-post 2016-01-31: "Axelrod said this was a "fatal miscalculation" and that she has
    # learned her lesson: "They are fortified …"" — "this" is the 2008 campaign the sentences before tell.
    frame = 'Mark Hale said this was a "fatal miscalculation" and that she has learned her lesson: “{}”'
    assert _printed(frame, FORTIFIED) == []


def test_a_quote_opening_on_a_pronoun_with_only_its_attribution_is_left_out():
    for words in ("He is not a showboater, not flash, an everyday guy at heart",
                  "She has two opportunities now to set expectations for a rate hike",
                  "That's why I fought so hard to defeat the establishment in this state",
                  "These are the darkest days for Republican Jews like myself in this party",
                  "His strategy, his media campaign, it's all a show for the cameras",
                  "It cannot be contained; it must be defeated by all of us together",
                  "It doesn't make our long-term fiscal problems any worse than before",
                  "But he was an honest liberal, and he did what he said he would do",
                  # the half of a quote split around its attribution that goes on from the first
                  # (the pages set: "Giuffre said, “And I hope he comes clean about it.”")
                  "And I hope the council comes clean about it before the vote",
                  "Or we could lose the harbour for a whole generation of fishermen"):
        for frame in ("“{},” Hale said.", "“{},” said Mark Hale, a Democratic strategist."):
            assert _printed(frame, words) == [], (frame, words)
        # With no role the source sentence was printed whole: it dangles just the same.
        assert _printed("“{},” Hale said.", words, role="") == [], words


def test_a_pronoun_the_attribution_explains_keeps_the_source_sentence():
    words = "He had a lot of Missouri supporters in this state last spring"
    for frame in ("“{},” Mark Hale, after a long pause, said of Ted Cruz.",
                  "Asked what he thought of Ted Cruz's chances, Mark Hale said, “{}.”"):
        assert _printed(frame, words) == [frame.format(words)], frame
    # The reporter's clause between the quote and its attribution names him (PolNeAR, USA Today 2016-04-06).
    frame = "“{},” that Ted Cruz can win the nomination, said Mark Hale, a Democratic strategist."
    assert _printed(frame, words) == [frame.format(words)]
    # The same attribution without "of Ted Cruz" says no more than who spoke.
    assert _printed("“{},” Mark Hale, after a pause, said.", words) == []


def test_quotes_that_need_nothing_before_them_are_still_built():
    for words in ("It's time to stand behind our presumptive candidate in November",
                  "It is hard to see how the party unites before the convention",
                  "It seems to me they have every incentive to find common ground",
                  "It will be interesting to see where we go from here in the fall",
                  "It's going to be a race to the finish in every one of these states",
                  "There is no question that the race has tightened in the last week",
                  "This is a crucial two- or three-week period for the whole campaign",
                  "Those who are running down the economy have no plan of their own",
                  "He (Trump) had talked about dividing Jerusalem, so I talked about Israel",
                  "I think the campaign has work to do in terms of strengthening her image",
                  "Hell is other people, and the convention will be full of them",
                  "Thereafter the campaign will move on to the general election in the fall"):
        assert _printed("“{},” Hale said.", words) == [BUILT.format(words)], words


def test_a_he_said_sentence_names_the_others_as_any_sentence_does():
    # "He said …" becomes "<speaker> said …"; a courtesy title in the rest of it goes the way of
    # the digest's own text ("Mrs. Clinton" → "Hillary Clinton" at the first mention).
    words = "We will carry Ohio by ten points in November, and I promise you that"
    text = (OPENING + "Mark Hale spoke to reporters in Columbus on Thursday. "
            f"He said Mrs. Clinton would win the state easily, adding, “{words}.”")
    art = Article(id="a", text=text, source="Test Wire", title="", published=datetime(2016, 9, 8, tzinfo=UTC))
    analysis = hand_analysis(art, {"Mark Hale": "PERSON", "Hale": "PERSON", "Hillary Clinton": "PERSON"},
                             (hand_quote(art, words, "Mark Hale", "", "adding"),))
    printed = [render(u, set(), "")[0] for u in quote_units(prepare([art], {art.id: analysis}, {}))]
    assert printed == [f"Mark Hale said Hillary Clinton would win the state easily, adding, “{words}.”"]


def test_words_someone_else_relays_are_not_built_as_the_speakers_own():
    """The pages set: "The staff member who reported the call recalled that he said, “I'll put a
    bullet in her (expletive) skull,” the U.S. attorney's office said." had been printed as
    "Carlineo said, “…”", a recollection told as a fact."""
    words = "I will shut the harbour down before the council votes on it"
    for frame in ("The clerk who took the call recalled that he said, “{},” the prosecutor's office said.",
                  "Two witnesses testified that Hale shouted, “{}.”",
                  "The Ledger quoted him as saying, “{}.”"):
        assert _printed(frame, words) == [], frame
    # His own saying is built as before, after a sentence that relays another's words too.
    assert _printed("“{},” Hale said on Monday.", words) != []
    assert _printed("A clerk recalled that he said, “We are closed.” “{},” Hale said on Monday.", words) != []
