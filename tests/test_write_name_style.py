"""House style for names in a digest of several outlets (AP-like): a person is introduced once,
by full name with the title and party tag the sources write, and called by the bare surname
after; no courtesy titles in the digest's own words.

An editor's read of fresh digests found: "Vice President Joe Biden" introduced and later
"Vice President Joseph R. Biden Jr. said …" again (S18); "Mrs. Clinton leads Sanders … could
be aiding Mr. Sanders" (S16); "Rubio, R-Fla., was at 10 percent" after Rubio was named (S01).
The sentences below are those stories' own.
"""

from __future__ import annotations

from datetime import UTC, datetime

import re

from newsdigest.records import Analysis, Article, Entity, Sentence
from newsdigest.write import write_digest
from newsdigest.write.names import one_person


def _analysis(art: Article, people: list[str]) -> Analysis:
    """A sentence a line (the splitter does not cut "Joseph R. Biden Jr. said"), every
    occurrence of each of ``people`` tagged a person."""
    sentences = tuple(Sentence(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]+", art.text))
    found = (re.finditer(rf"\b{re.escape(p)}(?!\w)", art.text) for p in people)
    ents = sorted((Entity(m.group(0), "PERSON", m.start(), m.end()) for ms in found for m in ms), key=lambda e: e.start)
    return Analysis(art.id, sentences, tuple(ents), ())


def _digest(*texts: str, people: list[str]) -> tuple[str, list[Article], object]:
    """The digest of one article per text (a day apart, the first first), every occurrence of
    ``people`` tagged a person; its text and, to check provenance, the articles."""
    arts = [
        Article(id=f"a{k}", text=t, source=f"Outlet {k}", title="",
                published=datetime(2016, 8, 15 + k, tzinfo=UTC))
        for k, t in enumerate(texts)
    ]
    analyses = {a.id: _analysis(a, people) for a in arts}
    digest = write_digest(1, arts, analyses)
    return " ".join(p.text for p in digest.paragraphs), arts, digest


def _cited_verbatim(arts: list[Article], digest) -> None:
    by_id = {a.id: a.text for a in arts}
    for p in digest.paragraphs:
        for c in p.citations:
            assert by_id[c.article_id][c.start : c.end] in p.text


def test_a_nickname_and_the_full_name_with_initial_and_suffix_are_one_person():
    assert one_person("Joe Biden", "Joseph R. Biden Jr.")
    assert one_person("Joseph R. Biden Jr.", "Joe Biden")
    assert not one_person("Donald Trump", "Donald Trump Jr.")  # the father and the son
    assert not one_person("Jill Biden", "Joe Biden")
    assert not one_person("Beau Biden", "Joseph R. Biden Jr.")


def test_joseph_r_biden_jr_after_joe_biden_is_called_biden():
    text, arts, digest = _digest(
        "In the former coal mining town of Scranton, where Vice President Joe Biden grew up in the key "
        "battleground state of Pennsylvania, the vice president said Hillary Clinton was the only choice "
        "for Americans who know what it’s like to struggle.\n"
        "Clinton spoke after him at the rally in the city on Monday afternoon.",
        "Vice President Joseph R. Biden Jr. said Donald J. Trump's remarks had already made him a danger "
        "to American allies and military personnel.\n"
        "Mr. Biden said on Monday that on a trip to Kosovo and Serbia this week, he would be compelled to "
        "''reassure'' allies that the United States would honor its commitment to NATO, given Mr. Trump's "
        "comments saying he would reassess the arrangement if elected.",
        people=["Joe Biden", "Joseph R. Biden Jr.", "Hillary Clinton", "Clinton", "Donald J. Trump"],
    )
    assert "Vice President Joe Biden grew up" in text
    assert "Joseph R. Biden" not in text
    assert "Biden said Donald J. Trump's remarks" in text
    assert "Biden said on Monday" in text and "Mr. Biden" not in text
    _cited_verbatim(arts, digest)


def test_a_courtesy_title_is_left_out_after_the_first_mention_even_in_a_sentence_that_leans_on_the_last():
    text, arts, digest = _digest(
        "Clinton and Sanders are virtually deadlocked in California, the biggest prize of the 2016 "
        "Democratic presidential primary season, according to a new poll.\n"
        "Bernie Sanders holds a 4-point edge with men, and Hillary Clinton leads by 7 points among female voters.",
        "The new poll takes into account both Democrats and independent voters who said they would vote in "
        "the Democratic primary.\nAmong Democrats alone, Mrs. Clinton leads Mr. Sanders 49 percent to 41 "
        "percent, according to the institute.\nBut there has been a surge of people registering as "
        "independents, which Democrats say could be aiding Mr. Sanders.",
        people=["Bernie Sanders", "Sanders", "Hillary Clinton", "Clinton"],
    )
    assert "could be aiding Sanders." in text
    assert "Mr. Sanders" not in text
    _cited_verbatim(arts, digest)


def test_the_party_tag_goes_with_the_first_mention_only():
    text, arts, digest = _digest(
        "In hypothetical match-ups, former Secretary of State Hillary Clinton would beat Donald Trump and "
        "Sen. Ted Cruz, R-Texas, but lose to Ben Carson or Sen. Marco Rubio, R-Fla.\n"
        "In an NBC News/Wall Street Journal poll released Monday, 50 percent of respondents chose Clinton "
        "while 40 percent chose Trump.",
        "The new poll shows Trump far out in front of his opponents in the Republican race.\n"
        "Sen. Marco Rubio, R-Fla., was at a rally in Des Moines on Monday night with his family.\n"
        "Sen. Ted Cruz, R-Texas, was at seven churches in Iowa on Sunday, his campaign said.",
        people=["Hillary Clinton", "Clinton", "Donald Trump", "Trump", "Ted Cruz", "Marco Rubio", "Ben Carson", "Carson"],
    )
    # The first mention keeps the tag, the sentence's full stop standing after it. (A line of a
    # poll's standings, "Sen. Marco Rubio, R-Fla., was at 10 percent.", is no example: it is
    # told only after the sentence that names its poll; see test_write_context.)
    assert "or Sen. Marco Rubio, R-Fla." in text
    assert "Rubio was at a rally in Des Moines" in text
    assert "Cruz was at seven churches" in text
    assert "R-Fla., was" not in text and "R-Texas, was" not in text
    _cited_verbatim(arts, digest)


def test_mrs_clinton_beside_bill_clinton_is_the_clinton_the_sources_call_so():
    # The NYT article names each of them once in full and calls only one of them by a title,
    # "Mrs.": the sources' leading Clinton (never Bill Clinton, whom the article alone names).
    text, arts, digest = _digest(
        "Hillary Clinton has an 8-point lead among registered Democrats, with decline-to-state voters "
        "tilting toward Bernie Sanders.\n"
        "Clinton leads by 7 points among female voters.\n"
        "Hillary Clinton spoke in Oakland on Monday evening.",
        "For Hillary Clinton, Britain's emotionally charged uprising against the European Union is the sort "
        "of populist victory over establishment politics that she fears in the coming presidential election.\n"
        "According to their friends and advisers, Mrs. Clinton and former President Bill Clinton have "
        "worried for months that she was out of sync with the mood of the electorate.\n"
        "Bernie Sanders and Donald Trump won a combined 25 million votes during the primary season, "
        "compared with 16 million for Mrs. Clinton.",
        people=["Hillary Clinton", "Bill Clinton", "Clinton", "Bernie Sanders", "Donald Trump"],
    )
    assert "compared with 16 million for Clinton." in text
    assert "Mrs. Clinton" not in text
    _cited_verbatim(arts, digest)


def test_a_courtesy_title_inside_a_quotation_is_the_speakers():
    # The quoted words stay as the speaker said them; the title outside the quote goes.
    from newsdigest.write.candidates import prepare
    from newsdigest.write.layout import render
    from newsdigest.write.units import named_unit

    art = Article(
        id="a", source="Outlet", title="", published=datetime(2016, 5, 27, tzinfo=UTC),
        text="Bernie Sanders holds a 4-point edge with men in the new poll of the state.\n"
        "Mr. Sanders said voters “like Mr. Sanders a lot” in the state, an aide to Mr. Sanders said.",
    )
    story = prepare([art], {"a": _analysis(art, ["Bernie Sanders", "Sanders"])}, {})
    sent = next(s for s in story.sents if s.text.startswith("Mr. Sanders said"))
    unit = named_unit(story, sent)
    text, cites = render(unit, {"Bernie Sanders"}, "Bernie Sanders holds a 4-point edge.", {"Bernie Sanders": "Sanders"})
    assert text == "Sanders said voters “like Mr. Sanders a lot” in the state, an aide to Sanders said."
    assert all(art.text[c.start : c.end] in text for c in cites)


def test_a_name_the_tagger_took_with_its_possessive_is_the_same_person():
    # h09: the tagger's "Bernie Sanders'" is Bernie Sanders, met before: "Sanders' appeal".
    text, arts, digest = _digest(
        "Hillary Clinton and Bernie Sanders campaigned across New York on Tuesday, a week before the "
        "Democratic primary in New York, with rallies in Buffalo and in Manhattan.",
        "Hillary Clinton is keeping a lid on Bernie Sanders' appeal in New York by touting her Senate record "
        "upstate and pounding him on the gun issue in the city.",
        people=["Hillary Clinton", "Bernie Sanders'", "Bernie Sanders"],
    )
    assert "Clinton is keeping a lid on Sanders' appeal" in text, text
    _cited_verbatim(arts, digest)


def test_a_role_we_print_calls_people_met_before_by_the_surname():
    # S10: "Doug Andres, the spokesman for House Speaker Paul Ryan, told the Post, “…”" after Ryan
    # was introduced: the role is ours to print, in the digest's style.
    from newsdigest.write.layout import _met_in_role

    role = "the spokesman for House Speaker Paul Ryan"
    assert _met_in_role(role, {"Paul Ryan", "Barack Obama"}, None) == "the spokesman for Ryan"
    assert _met_in_role(role, {"Barack Obama"}, None) == role  # not met yet: introduced here
    assert _met_in_role("an aide to Hillary Rodham Clinton", {"Hillary Clinton"}, {}) == "an aide to Clinton"


def test_a_state_after_the_name_goes_with_the_first_mention_and_a_title_after_when_too():
    # "Senator Bernie Sanders of Vermont", a newspaper's form of the party tag; "When Sen. …" may
    # lose its title as a sentence's start may.
    text, arts, digest = _digest(
        "Senator Bernie Sanders of Vermont won the Oregon primary on Tuesday night by a wide margin.",
        "When Sen. Bernie Sanders of Vermont took the stage after the Kentucky primary, supporters of "
        "Hillary Clinton wondered whether he would soften his tone.",
        people=["Bernie Sanders", "Hillary Clinton"],
    )
    assert "Senator Bernie Sanders of Vermont won" in text
    assert "When Sanders took the stage" in text, text
    _cited_verbatim(arts, digest)


def test_a_sentence_told_after_the_one_it_leans_on_names_its_people_too():
    # S07: "Sanders said he didn't think the accord went far enough to demand action from those
    # countries" follows the sentence it leans on, and may be the digest's first Sanders.
    from newsdigest.write.candidates import prepare
    from newsdigest.write.units import body_unit

    art = Article(id="a0", source="Outlet 0", title="", published=datetime(2015, 12, 12, tzinfo=UTC), text=(
        "Bernie Sanders spoke to voters in Iowa on Friday about the climate talks in Paris.\n"
        "The climate accord was signed in Paris on Saturday by 195 countries after two weeks of talks.\n"
        "Sanders said he did not think the accord went far enough to demand action from those countries."))
    story = prepare([art], {art.id: _analysis(art, ["Bernie Sanders"])}, {})
    leaning = next(s for s in story.sents if s.text.startswith("Sanders said"))
    unit = body_unit(story, leaning, {(art.id, leaning.index - 1)})
    assert unit is not None and unit.chained
    assert [p.name for p in unit.pieces if p.name] == ["Bernie Sanders"]


def test_a_preposition_before_a_surname_is_no_other_first_name():
    # S12: "Between Clinton and Trump, …" is no second Clinton; "Clinton's support" is Hillary Clinton's.
    from newsdigest.write.names import surnames

    art = Article(id="a0", source="Outlet 0", title="", published=datetime(2016, 1, 23, tzinfo=UTC), text=(
        "Hillary Clinton campaigned in Iowa on Saturday with her supporters.\n"
        "Between Clinton and Trump, the race for the White House is close."))
    assert surnames([art], {art.id: _analysis(art, ["Hillary Clinton"])}, []) == {"Clinton": "Hillary Clinton"}


def test_a_contraction_before_a_full_name_makes_no_longer_name():
    # S18: "That’s Hillary Clinton" in a source had made "Hillary Clinton" look like a two-word
    # surname written after a first name ("That’s"), so the digest printed it whole every time.
    text, arts, digest = _digest(
        "Vice President Joe Biden said in Scranton on Monday that Hillary Clinton was the only choice for "
        "Americans who know what it is like to struggle.\n"
        "Hillary Clinton and Biden have had a lengthy rivalry despite both having served in the cabinet.",
        "Biden told the crowd that the nominee understood them. That’s Hillary Clinton, he said, to cheers "
        "from the crowd in Scranton.\n"
        "Clinton recalled summer visits to Lake Winola with her grandfather on Monday.",
        people=["Joe Biden", "Biden", "Hillary Clinton", "Clinton"],
    )
    assert text.count("Hillary Clinton") == 1, text
    assert "Clinton and Biden have had a lengthy rivalry" in text, text
    _cited_verbatim(arts, digest)
