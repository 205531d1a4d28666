"""A headline built from the lede's clause never leaves a quotation open, nor drops a day from
inside one; words cut from inside someone's quote give way to a title."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdigest.records import Article
from newsdigest.write.clause import _main_clause, headline_style, opens_on_quote
from newsdigest.write.headline import _choices, headline
from write_helpers import hand_analysis, led_by


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def test_a_clause_cut_inside_a_quote_ends_before_it():
    clause, whole = _main_clause(
        "The snarky, anti-GOP/Obama water-carrying headline reads: “Repeat after me: Obama is not "
        "admitting 100,000, 200,000 or 250,000 Syrian refugees.”"
    )
    assert clause == "The snarky, anti-GOP/Obama water-carrying headline reads" and not whole


def test_a_clause_that_opens_on_a_quote_closes_it_where_it_is_cut():
    clause, whole = _main_clause(
        "“You’ve called women you don’t like fat pigs, dogs, slobs and disgusting animals,” Megyn Kelly "
        "charged in her now-infamous assault."
    )
    assert clause == "“You’ve called women you don’t like fat pigs”" and not whole
    assert opens_on_quote(clause)


def test_a_day_inside_quotation_marks_is_a_name_and_stays():
    lede = ("On this weekend’s broadcast of “Fox News Sunday,” Republican vice-presidential nominee "
            "Gov. Mike Pence said the tweet was only “to mock” Hillary Clinton for inviting Mark Cuban.")
    clause, _ = _main_clause(lede)
    assert "“Fox News Sunday,”" in headline_style(clause)
    assert headline_style("Trump spoke on “Fox News Sunday” on Monday") == "Trump speaks on “Fox News Sunday”"


def test_a_relative_clause_ends_where_the_main_clause_goes_on_in_lower_case():
    clause, _ = _main_clause(
        "Charlotte Meehan is playwright-in-residence at Wheaton College and artistic director of Sleeping "
        "Weazel, which premiered her play, Cleanliness, Godliness, and Madness: A User's Guide, at Boston "
        "Center for the Arts."
    )
    assert "Weazel Cleanliness" not in clause and clause.endswith("Sleeping Weazel")
    assert _main_clause("Phyllis Schlafly, who died Monday at 92, was a towering figure in the conservative "
                        "movement for decades.")[0] == "Phyllis Schlafly was a towering figure in the conservative movement for decades"


_WORD = st.sampled_from("the mayor said on Monday, and in town would reopen after the flood — she added that".split())
_QUOTED = st.lists(st.sampled_from("we will rebuild every street no one was hurt".split()), min_size=1, max_size=5)
_SEGMENT = st.one_of(_WORD, _QUOTED.map(lambda ws: "“" + " ".join(ws) + "”"))


@settings(max_examples=300, deadline=None)
@given(st.lists(_SEGMENT, min_size=3, max_size=30))
def test_no_built_clause_leaves_a_quotation_open(segments):
    clause, _ = _main_clause(" ".join(segments) + ".")
    assert _balanced(clause), clause
    assert _balanced(headline_style(clause)), clause


KELLY = (
    "“You’ve called women you don’t like fat pigs, dogs, slobs and disgusting animals,” Megyn Kelly charged "
    "in her now-infamous assault on Donald Trump at the first Republican debate in Cleveland. "
    "Kelly has since signed a book deal worth millions of dollars, the New York Post reported on Thursday. "
    "The columnist compared the anchor to Kim Kardashian, who also built a brand on her own fame. "
    "Fox News declined to comment on the column or on the anchor's contract talks with the network."
)


def test_words_cut_from_inside_a_quote_give_way_to_a_title():
    art = Article(id="post", text=KELLY, source="Post", title="Megyn Kelly is no different than Kim Kardashian",
                  published=datetime(2016, 4, 7, 9, tzinfo=UTC))
    analyses = {"post": hand_analysis(art, {"Megyn Kelly": "PERSON", "Kelly": "PERSON", "Donald Trump": "PERSON",
                                            "Kim Kardashian": "PERSON", "Fox News": "ORG"})}
    story, units = led_by([art], analyses, "“You’ve called")
    assert headline(story, units, analyses) == "Megyn Kelly is no different than Kim Kardashian"
    assert not any(c.built for c in _choices(story, units))
