"""The LLM writer's verifier (:func:`newsdigest.verify.verify`) on the forms a faithful
model writes and on the corruptions it must always catch.

Every relaxation that lets a faithful rewrite through — a surname for a full name, a
title before a surname, "US" for "U.S.", a possessive, a number in words, a quoted term
no one is credited with, a name the tagger ran into the next word — comes with the
corruption it must not let through: an invented or swapped speaker, a changed number, an
added name that happens to be a common word, the reporter's own words put in quotes.
The story is a small fictional one, analysed by the real analyse stage.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

import pytest

from newsdigest.analyse import analyse_many
from newsdigest.records import Article
from newsdigest.verify import Draft, Evidence, find_numbers, verify
from newsdigest.verify.names import _name_known
from newsdigest.verify.quotes import _quoted_spans
from newsdigest.verify.text import _name_form
from newsdigest.write import write_digest
from newsdigest.write_llm import select_facts

TIMES = """PORT CALLOWAY — Dockworkers at the Eastquay terminal walked out on Monday after talks with the Harbour Authority broke down, the first full stoppage at the port since 2009.
About 1,200 workers joined the strike, which the union says will last 6 days.
Harbour Authority chief executive Ingrid Solberg said the strike was “unnecessary” and urged workers to return.
“We have made a fair offer and the door remains open,” Solberg told reporters on Monday.
Union leader Femi Adeyemi said the authority's offer of a 3 per cent rise was an insult.
“We are not going anywhere until the authority puts a real offer on the table,” said Adeyemi.
Shipping firms warned that U.S. importers could face delays of up to two weeks.
Prices rose sharply at the cafés near the gates as workers gathered outside.
"""

GAZETTE = """The strike at Port Calloway's Eastquay terminal entered its second day on Tuesday.
The port handled cargo worth $4.5 billion last year, according to the Harbour Authority.
Councillor Martin Hale called the dispute “entirely avoidable” and asked both sides to meet.
The Amalgamated Dockworkers' Union said its members would stay out until a new offer was made.
"""


@cache
def story_parts():
    articles = (
        Article(
            id="times-1",
            text=TIMES,
            source="Harbour Times",
            title="Dockworkers walk out at Eastquay",
            published=datetime(2026, 5, 4, 9, tzinfo=UTC),
        ),
        Article(
            id="gazette-1",
            text=GAZETTE,
            source="Calloway Gazette",
            title="Port strike enters second day",
            published=datetime(2026, 5, 5, 9, tzinfo=UTC),
        ),
    )
    analyses = {a.article_id: a for a in analyse_many(list(articles))}
    base = write_digest(3, list(articles), analyses)
    return articles, analyses, base, select_facts(base, list(articles))


@pytest.fixture(scope="module")
def evidence():
    articles, analyses, _, facts = story_parts()
    return Evidence.build(list(articles), analyses, facts)


def check(
    evidence, text: str, headline: str = "Dockworkers strike at Eastquay terminal", cites: tuple[str, ...] = ()
):
    """The verdict on a one-paragraph draft citing ``cites`` (default: every fact)."""
    return verify(Draft(headline, ((text, cites or tuple(evidence.facts)),)), evidence)


def fact_with(evidence, words: str) -> str:
    """The id of the fact whose text holds ``words``."""
    return next(f.id for f in evidence.facts.values() if words in f.text)


def evidence_of(article: Article, story_id: int) -> Evidence:
    """What the verifier knows of a one-article story: its analysis and the facts its digest uses."""
    analyses = {a.article_id: a for a in analyse_many([article])}
    facts = select_facts(write_digest(story_id, [article], analyses), [article])
    return Evidence.build([article], analyses, facts)


def accepted(evidence, text: str, **kw) -> None:
    verdict = check(evidence, text, **kw)
    assert verdict.ok, (text, verdict.reasons)


def refused(evidence, text: str, why: str, **kw) -> None:
    verdict = check(evidence, text, **kw)
    assert not verdict.ok, text
    assert any(why in r for r in verdict.reasons), (text, verdict.reasons)


# --- speakers ---------------------------------------------------------------------------

ADEYEMI_QUOTE = "“We are not going anywhere until the authority puts a real offer on the table”"
SOLBERG_QUOTE = "“We have made a fair offer and the door remains open”"


def test_speaker_by_full_name_surname_title_or_attribution_after(evidence):
    accepted(evidence, f"Union leader Femi Adeyemi said, {ADEYEMI_QUOTE}.")
    accepted(evidence, f"Adeyemi said, {ADEYEMI_QUOTE}.")
    accepted(evidence, f"{SOLBERG_QUOTE[:-1]},” Solberg said.")
    accepted(evidence, f"{SOLBERG_QUOTE[:-1]},” said Ingrid Solberg, the Harbour Authority's chief.")
    # A title before the surname where the source gives the full name.
    accepted(evidence, "Councillor Hale asked both sides to meet.")
    accepted(evidence, "Councillor Hale called the dispute “entirely avoidable”.")


def test_swapped_or_invented_speaker_is_always_caught(evidence):
    refused(evidence, f"Solberg said, {ADEYEMI_QUOTE}.", "attributed to Solberg")
    refused(evidence, f"{SOLBERG_QUOTE[:-1]},” Adeyemi said.", "attributed to Adeyemi")
    refused(evidence, "Councillor Solberg called the dispute “entirely avoidable”.", "attributed to")
    refused(evidence, f"Marta Kowalczyk said, {SOLBERG_QUOTE}.", "Marta Kowalczyk")


def test_a_quote_is_verbatim_without_the_characters_that_print_nothing():
    """The writer leaves a soft hyphen or a zero-width space out of what it prints (PolNeAR: "the
    country \u200bcombined" in Blair's quote): the verifier finds the quote all the same."""
    text = ("Teachers rallied outside the statehouse in Kestrel City on Friday.\n"
            "“In a moment when a couple dozen bankers together make more than every teacher in the country "
            "\u200bcombined, we know something is very wrong,” said Ama Blair, a union organiser.\n"
            "The union's members voted to s\u00adtrike in the spring if no offer is made.\n")
    art = Article(id="u-1", text=text, source="Kestrel Ledger", title="Teachers rally in Kestrel City",
                  published=datetime(2026, 5, 4, 9, tzinfo=UTC))
    ev = evidence_of(art, 9)
    quote = ("“In a moment when a couple dozen bankers together make more than every teacher in the country "
             "combined, we know something is very wrong,” said Ama Blair.")
    accepted(ev, quote, headline="Teachers rally in Kestrel City")
    refused(ev, quote.replace("every teacher", "every nurse"), "does not appear verbatim",
            headline="Teachers rally in Kestrel City")


def test_a_quote_standing_as_its_own_sentence_is_the_last_named_persons(evidence):
    """Read as said by the person just named: a wrong one is caught, the right one passes."""
    quote = ADEYEMI_QUOTE[:-1] + ".”"
    refused(evidence, f"Solberg spoke to reporters on Monday. {quote}", "but the source gives it to Femi Adeyemi")
    accepted(evidence, f"Adeyemi spoke to reporters on Monday. {quote}")


def test_the_listener_after_told_is_not_the_speaker(evidence):
    """ "X told Mr. Obama, “…”": X speaks, whatever title the listener has."""
    refused(evidence, f"Councillor Hale told Mayor Adeyemi, {SOLBERG_QUOTE}.", "Hale, but the source gives")
    refused(evidence, f"Hale told Ms. Solberg, {SOLBERG_QUOTE}.", "Hale, but the source gives")


def test_the_subject_of_the_reported_clause_is_not_the_speaker(evidence):
    """ "Flynn said Trump has “enormous respect”" (PolNeAR dev, Politico 2016-09-08): the name
    after "said" is the reported clause's subject, not an inverted "said Trump"."""
    accepted(evidence, "Solberg said Adeyemi has “made a fair offer and the door remains open”.")
    refused(evidence, "Adeyemi said Solberg has “made a fair offer and the door remains open”.", "attributed to Adeyemi")
    accepted(evidence, f"{SOLBERG_QUOTE[:-1]},” said Solberg.")


def test_each_clause_has_its_own_speaker(evidence):
    """ "A said “…,” and B said “…”": the second clause's speaker is not the first quote's."""
    accepted(
        evidence,
        "Solberg told reporters “the door remains open,” and Adeyemi said that "
        "“we are not going anywhere until the authority puts a real offer on the table.”",
    )
    refused(
        evidence,
        "Adeyemi told reporters “the door remains open,” and Solberg said that "
        "“we are not going anywhere until the authority puts a real offer on the table.”",
        "attributed to",
    )


def test_the_draft_is_read_by_the_extractor_that_read_the_sources(evidence):
    """Who the draft gives a quote to is what the quote extractor reads in it, as it read the
    sources: the subject of the clause "saying" hangs from, not the name nearest before it
    (PolNeAR train, Breitbart 2016-02-08: "Albright … urged women to vote for Hillary
    Clinton, saying, “…”"), and the subject of a clause "but admitted" joins (Breitbart
    2016-06-09: "Clinton was defending … from Donald Trump, but admitted “…”"); the same
    sentences with the names swapped are refused."""
    urged = "{a} urged workers to ignore {b}, saying, " + ADEYEMI_QUOTE + "."
    accepted(evidence, urged.format(a="Union leader Adeyemi", b="Solberg"))
    refused(evidence, urged.format(a="Chief executive Solberg", b="Adeyemi"), "attributed to Solberg")
    admitted = "{a} was defending the offer from {b}, but admitted " + SOLBERG_QUOTE + "."
    accepted(evidence, admitted.format(a="Solberg", b="Femi Adeyemi"))
    refused(evidence, admitted.format(a="Adeyemi", b="Ingrid Solberg"), "attributed to Adeyemi")


def test_a_participle_speaks_for_its_clauses_subject_not_the_name_before_its_comma(evidence):
    """ "Clinton took a swipe at Trump’s stance on Brexit, saying that “…”" (PolNeAR train,
    Breitbart 2016-06-26): the name before ", saying" is not the speaker."""
    swipe = "{a} took a swipe at the union of {b}, saying that " + SOLBERG_QUOTE + "."
    accepted(evidence, swipe.format(a="Solberg", b="Adeyemi"))
    refused(evidence, swipe.format(a="Adeyemi", b="Solberg"), "attributed to Adeyemi")


def test_a_clause_naming_no_one_credits_its_quote_to_no_one(evidence):
    """Words of someone's quote, quoted in a clause that names no one and has no one say them,
    are not the reporter's to mark: the source must quote those very words as such."""
    accepted(evidence, "Adeyemi said the union is “not going anywhere”.")
    refused(evidence, "The union is “not going anywhere”.", "not quoted as such")


# --- quotes -----------------------------------------------------------------------------


def test_quoted_term_no_one_is_credited_with(evidence):
    """ “unnecessary” is a term the source quotes without crediting it as a quote: no speaker is
    needed, but a speaker the sentence gives must be the one the source names there."""
    accepted(evidence, "Ingrid Solberg said the strike was “unnecessary” and urged workers to return.")
    accepted(evidence, "Solberg called the strike “unnecessary”.")
    accepted(evidence, "The authority's chief executive described the stoppage as “unnecessary”.")
    refused(evidence, "Adeyemi said the strike was “unnecessary”.", "not named where the source quotes it")
    refused(evidence, "Solberg said the strike was “wholly unnecessary”.", "does not appear verbatim")


def test_reporters_words_in_quotation_marks_are_caught(evidence):
    """Words the source writes as its own are not to be presented as somebody's."""
    refused(evidence, "Dockworkers “walked out” on Monday.", "not quoted in any source")
    refused(evidence, "Solberg said prices “rose sharply” near the gates.", "not quoted in any source")


def test_changed_word_in_a_quote_is_caught(evidence):
    refused(
        evidence,
        "Adeyemi said, “We are never going anywhere until the authority puts a real offer on the table.”",
        "does not appear verbatim",
    )


# --- names ------------------------------------------------------------------------------


def test_name_forms_that_are_the_same_name(evidence):
    accepted(evidence, "Shipping firms warned that US importers could face delays of up to two weeks.")
    accepted(evidence, "Solberg's authority said talks had broken down.")
    accepted(evidence, "The Harbour Authority's offer was called an insult by the union.")
    accepted(evidence, "The strike at Port Calloway’s Eastquay terminal entered its second day.")


def test_added_names_are_caught_even_when_they_are_common_words(evidence):
    """ "rose" is in the sources as a verb; "Rose" the person is not."""
    refused(evidence, "Shipping firms warned that UK importers could face delays.", "UK")
    refused(evidence, "Rose, a spokesperson for the union, said the strike would go on.", "Rose")
    refused(evidence, "Rose said the strike would go on.", "Rose")
    refused(evidence, "The port is shut. Faith said the strike would go on.", "Faith")
    accepted(evidence, "Dockworkers said the strike would go on. Police said the gates were calm.")
    refused(evidence, "The offer was criticised by Rose, who called for a review.", "Rose")
    refused(evidence, "According to Rose, talks will resume.", "Rose")
    refused(evidence, "Rose Hale said the port would reopen.", "Rose Hale")
    refused(evidence, "Martin Solberg said the port would reopen.", "Martin Solberg")
    refused(evidence, "Union leader Femi Hale said the offer was an insult.", "Femi Hale")


def test_name_known_chains_and_forms():
    index = "\n".join(
        _name_form(t)
        for t in (
            "Obama Sees 'Personal Insult' if Blacks Don't Rally",
            "the first lady, Michelle Obama, as much as possible",
            "founding members Tom Johnston, Michael McDonald, Pat Simmons",
            "Councillor Martin Hale called",
            "importers in the U.S. and Giggs' team",
            "prices rose sharply",
        )
    )
    assert _name_known("Michelle Obama Sees", index)  # the tagger ran the name into a verb
    assert not _name_known("Michelle Sees", index)
    assert _name_known("Councillor Hale", index)
    assert _name_known("US", index) and _name_known("U.S.", index)
    assert _name_known("Giggs", index) and _name_known("Michelle Obama's", index)
    assert not _name_known("Tom McDonald", index)  # two people of a list, not one
    assert not _name_known("Rose", index)
    assert not _name_known("Rose", index, opens_sentence=True)
    assert _name_known("Prices Rose", index, opens_sentence=True, title_case=True)


def test_headline_names(evidence):
    accepted(evidence, "Dockworkers walked out on Monday.", headline="Dockworkers Walk Out At Eastquay")
    refused(
        evidence,
        "Dockworkers walked out on Monday.",
        "Kowalczyk",
        headline="Marta Kowalczyk Backs Port Strike",
    )


# --- numbers ----------------------------------------------------------------------------


def test_numbers_written_another_way_are_the_same_number(evidence):
    accepted(evidence, "About 1200 workers joined the strike.")
    accepted(evidence, "About 1.2 thousand workers joined the strike.")
    accepted(evidence, "The union says the strike will last six days.")
    accepted(evidence, "The port handled $4.5bn of cargo last year.")
    accepted(evidence, "The port handled cargo worth 4.5 billion dollars last year.")
    accepted(evidence, "The authority offered a 3% rise.")
    accepted(evidence, "Delays could last up to 2 weeks.")


def test_changed_numbers_are_always_caught(evidence):
    refused(evidence, "About 1,300 workers joined the strike.", "1,300")
    refused(evidence, "The union says the strike will last seven days.", "seven")
    refused(evidence, "The port handled cargo worth $4.5 million last year.", "4.5 million")
    refused(evidence, "The port handled cargo worth $45 billion last year.", "45 billion")
    refused(evidence, "The authority offered a 7 per cent rise.", "7")
    refused(evidence, "Cargo worth a billion dollars passed through the port.", "a billion")


def test_a_number_moved_elsewhere_in_the_story_is_caught(evidence):
    """Both values are in the sources, but "6" is the strike's days, not its workers."""
    accepted(evidence, "About 1,200 dockworkers joined the strike.")
    accepted(evidence, "The union expects the walkout to last six days.")
    refused(evidence, "About 6 workers joined the strike.", "not with any of")
    refused(evidence, "The union says the strike will last 1,200 days.", "not with any of")
    refused(evidence, "The authority offered a 6 per cent rise.", "not with any of")


def test_a_number_must_be_in_the_facts_its_paragraph_cites(evidence):
    """A paragraph says which facts it rewrites: a value only another fact gives is a number
    moved from elsewhere in the story."""
    worth = fact_with(evidence, "$4.5 billion")
    strike = fact_with(evidence, "1,200 workers")
    accepted(evidence, "The port handled cargo worth $4.5 billion last year.", cites=(worth,))
    refused(
        evidence,
        "The port handled cargo worth $4.5 billion last year.",
        "not in the facts this paragraph cites",
        cites=(strike,),
    )


# Numbers that traded places in real digests of bench/llm_verify.py (number_swap), each
# value also in the sources, and each missed before: a Michigan outbreak (Zyte extraction
# set), the debate dates and the appeals court's vote (PolNeAR dev, USA Today and the
# Washington Post, 2016-09).
SWAPS = """The outbreak has resulted in 10 human cases and 46 animal cases.
Cooper and Martha Raddatz of ABC News are scheduled to co-moderate the second debate, Oct. 9 in St. Louis. Trump has had kinder words for Chris Wallace of Fox News, who will moderate the third and final debate Oct. 19 in Las Vegas.
By a 2-to-1 vote, the court of appeals sent the case back to the district court.
"""


NEWS = "Outbreak cases, debate dates and a court ruling"


@pytest.fixture(scope="module")
def swaps():
    return evidence_of(Article(id="swaps-1", text=SWAPS, source="Wire", title="Outbreak, debates and a court"),
                       6)


def test_numbers_that_trade_places_in_their_fact_are_caught(swaps):
    """Both values are in the cited fact; the words around each say which is which."""
    cases = (fact_with(swaps, "animal cases"),)
    accepted(swaps, "The outbreak has resulted in 10 human cases and 46 animal cases.", cites=cases, headline=NEWS)
    accepted(swaps, "In all, 10 human and 46 animal cases have been reported in the outbreak.", cites=cases, headline=NEWS)
    refused(swaps, "The outbreak has resulted in 46 human cases and 10 animal cases.", "stands where", cites=cases, headline=NEWS)
    debates = (fact_with(swaps, "Oct. 9"), fact_with(swaps, "Oct. 19"))
    accepted(swaps, "Chris Wallace will moderate the final debate on Oct. 19 in Las Vegas.", cites=debates, headline=NEWS)
    refused(swaps, "Chris Wallace will moderate the final debate on Oct. 9 in Las Vegas.", "stands where", cites=debates, headline=NEWS)
    refused(swaps, "The second debate is on Oct. 19 in St. Louis.", "stands where", cites=debates, headline=NEWS)


def test_a_vote_keeps_its_order(swaps):
    vote = (fact_with(swaps, "2-to-1"),)
    accepted(swaps, "By a 2-to-1 vote, the appeals court sent the case back.", cites=vote, headline=NEWS)
    refused(swaps, "By a 1-to-2 vote, the appeals court sent the case back.", "in this order", cites=vote, headline=NEWS)


def test_a_colon_with_a_space_is_not_a_time() -> None:
    """"6:45" keeps its order; "Chapter 3: 12 ways" is a label and a count, not a time."""
    from newsdigest.verify.numbers import _check_numbers

    article = Article(id="guide-1", text="Chapter 3 of the city's new guide lists 12 ways to save energy at "
                      "home. The guide will be presented at 6:45 p.m. on Monday.", source="Wire", title="The guide")
    evidence = evidence_of(article, 7)
    assert _check_numbers("The guide's chapter 3: 12 ways to save energy at home.", (), evidence) == []
    assert _check_numbers("It will be presented at 6:45 p.m. on Monday.", (), evidence) == []
    assert _check_numbers("It will be presented at 45:6 p.m. on Monday.", (), evidence) == [
        "numbers '45:6' are not in the sources in this order"]


def test_find_numbers_reads_scales_and_words():
    values = {n.text: n.values for n in find_numbers("a million people, two dozen ships, 5m, one thousand")}
    assert values == {
        "a million": (1.0, 1e6),
        "two dozen": (2.0, 24.0),
        "5m": (5.0, 5e6),
        "one thousand": (1.0, 1e3),
    }


def test_find_numbers_reads_number_words_before_a_hyphen():
    found = find_numbers("a retired six-star general, a twelve-page letter")
    assert [n.values for n in found] == [(6.0,), (12.0,)]
    assert find_numbers("a one-sided vote") == []


# --- the sources' own attributions and quote marks --------------------------------------

ARCHIVE = """WASHINGTON - The campaign released its tax plan on Monday.
''There's a lot of new complexity,'' said Leonard Burman, an economist at the Tax Policy Center.
''It is pretty much universally the case that the party out of power sees higher turnout,'' said Brian Fallon, the spokesman for Mrs. Clinton.
Mr. Trump, meanwhile, took a week off from the campaign trail.
The plan's title, "A Fair Share for Every Family", was chosen by the campaign's pollsters.
"""


TAX = "Campaign releases tax plan"


@pytest.fixture(scope="module")
def archive():
    return evidence_of(Article(id="archive-1", text=ARCHIVE, source="Archive", title="Tax plan released"), 4)


def test_two_apostrophes_are_quote_marks(archive):
    spans, problems = _quoted_spans("''It is new,'' said Mr. Kamin. He called it ''fine.''")
    assert [q.text for q in spans] == ["It is new,", "fine."] and not problems
    # A lone closing pair (a quote cut at a sentence) is an archive's leftover, not a quote.
    assert _quoted_spans("a lot of new complexity,'' said Mr. Burman.") == ([], [])
    accepted(archive, "''There's a lot of new complexity,'' said Burman.", headline=TAX)
    refused(archive, "''There's a lot of new complexity,'' said Fallon.", "to Fallon", headline=TAX)
    refused(archive, "''There is a lot of complexity,'' said Burman.", "not appear verbatim", headline=TAX)


def test_a_titles_dot_ends_no_clause(archive):
    """ "Brian Fallon, the spokesman for Mrs. Clinton, said": Fallon speaks, not Clinton."""
    quote = "“It is pretty much universally the case that the party out of power sees higher turnout”"
    accepted(archive, f"Brian Fallon, the spokesman for Mrs. Clinton, said, {quote}.", headline=TAX)
    refused(archive, f"Mrs. Clinton said, {quote}.", "attributed to Clinton", headline=TAX)


# PolNeAR train, huff-post_2016-02-07_the-latest-gop-debate-kicked-off, reduced: the digest
# said "<speaker> said that … an “insult” to the “hundreds and maybe thousands” of young
# volunteers for the Carson campaign", with the speaker the extractor gives the quote; the
# verifier's reading of the draft cut the clause at “insult” and took "the Carson campaign"
# for the speaker, refusing a correct digest.
DEBATE = """Carson noted that Saturday would have been former President Ronald Reagan’s 105th birthday and quoted Reagan’s “eleventh commandment” -- “Thou shall not speak ill of thy fellow Republican.”
But if Carson implied that he would not criticize Cruz, he did not exactly follow Reagan’s dictum in his next comment.
He said that the Cruz campaign’s announcement, which some have argued was intended to get Carson supporters to caucus for Cruz, was an “insult” to the “hundreds and maybe thousands” of young volunteers for the Carson campaign.
"""
DEBATE_SENTENCE = (
    "{who} said that the Cruz campaign’s announcement, which some have argued was intended to get "
    "Carson supporters to caucus for Cruz, was an “insult” to the “hundreds and maybe thousands” "
    "of young volunteers for the Carson campaign."
)


@pytest.fixture(scope="module")
def debate():
    return evidence_of(Article(id="debate-1", text=DEBATE, source="HuffPost", title="The latest GOP debate"),
                       5)


def test_a_quote_after_another_in_its_clause_has_the_clauses_speaker(debate):
    """The speaker the writer was given for a quote (the extractor's) is the one the verifier
    finds in the draft: a quote after another with no speech verb between shares its
    speaker, and a name that only qualifies a noun ("the Carson campaign", "the Cruz
    campaign’s announcement") speaks for neither; a swapped speaker is still refused."""
    given = next(q.speaker for q in debate.quotes if q.text.startswith("hundreds"))
    other = "Carson" if given.endswith("Reagan") else "Ronald Reagan"
    headline = "Carson criticises the Cruz campaign"
    accepted(debate, DEBATE_SENTENCE.format(who=given), headline=headline)
    refused(debate, DEBATE_SENTENCE.format(who=other), f"attributed to {other}", headline=headline)
    refused(debate, DEBATE_SENTENCE.format(who="Cruz"), "attributed to Cruz", headline=headline)


def test_a_longer_quotation_no_source_credits_may_be_quoted_but_not_given_to_anyone(archive):
    """A title or slogan the source quotes without a speaker: quoted as such, it is the
    source's; put in someone's mouth, it is not."""
    accepted(archive, "The plan was released as “A Fair Share for Every Family” on Monday.", headline=TAX)
    refused(archive, "Burman said, “A Fair Share for Every Family”.", "no named speaker", headline=TAX)
    refused(archive, "The plan was released as “A Fair Deal for Every Family”.", "verbatim", headline=TAX)


def test_a_headline_that_is_a_source_title_is_the_outlets_text():
    # The extractive writer's headline is a source's title, cleaned and in sentence case: its
    # quote marks and whom they follow are the outlet's ("Trump's taxes “Disqualifying”" is no
    # claim that Trump said it; a title may leave a mark open). Found re-running the bench: 26
    # correct digests of 446 were refused, mostly over their headlines.
    article = Article(id="t", source="Kestrel Post", published=datetime(2026, 5, 4, 9, tzinfo=UTC),
                      title="Harbour chief Solberg calls the strike “Unnecessary",
                      text=TIMES)
    ev = evidence_of(article, 9)
    draft = lambda headline: verify(Draft(headline, (("Dockworkers walked out on Monday.", tuple(ev.facts)),)), ev)  # noqa: E731
    assert draft("Harbour chief Solberg calls the strike “unnecessary").ok
    assert not draft("Harbour chief Adeyemi calls the strike “unnecessary").ok  # not the title
    assert not draft("chief Solberg calls the strike “unnecessary").ok  # a run of it is no title


# --- correct digests the bench refused (bench/llm_verify.py, PolNeAR, 2016), as rules --------

# Each sentence stands for a false rejection: a nested quote the writer closed on "." where the
# source, mid-sentence, had "," (huff-post ava-duvernay, politico trump-s-favorite-tv, …); a
# headline whose possessive "judge’s" the tagger ran into the next word (huff-post
# chuck-grassley); a quote a source marks with nobody's speaker, though it is also inside
# someone's longer quote (breitbart report-half-clinton); a quote the extractor gives to an
# unnamed "Sanders’ campaign" (huff-post hillary-clinton-wins-south-dakota); a source's sentence
# with the names written another way (breitbart the-latest-trump, west-journal chris-christie);
# two numbers side by side (nyt with-fewer-golfers).
LORNE = """PORT CALLOWAY — Mayor Ada Lorne won the council vote on Monday night, according to the Harbour Times.
Nora Quill and Tom Rivers, her rivals, had asked the council to wait until the July vote.
Rivers’ campaign called the Times’ report a “rush to judgment,” because councillors can change their minds until the July vote.
A spokesman for Mayor Ada Lorne called the audit of the port “outrageous.”
“It is outrageous to misrepresent the mayor’s record on the port,” said Brian Fallon, the mayor’s spokesman.
“The council keeps pinning on us the labels of ‘reckless, dangerous,’” Quill told reporters.
Addressing the dockworkers’ annual dinner on Tuesday, Lorne described families walking on the quay and a port of “honesty and hard work.”
Councillor Martin Hale described Mayor Ada Lorne as a “disgrace” after she blamed the strike on “implicit bias” against dockworkers.
“We have to go right at implicit bias on the waterfront,” Lorne told reporters.
“She is a disgrace,” Hale said on Wednesday.
Councillor Martin Hale downplayed Femi Adeyemi‘s attack on a federal judge’s Mexican heritage.
Almost 650 18-hole golf courses have closed since 2006, the group says.
"""
VOTE = "Lorne wins the council vote"


@pytest.fixture(scope="module")
def lorne():
    return evidence_of(Article(id="lorne-1", text=LORNE, source="Harbour Times", title=VOTE), 11)


def test_a_nested_quote_may_close_on_another_stop(lorne):
    """The stop before a nested closing mark is as free as the one before the outer mark; the
    words are not."""
    accepted(lorne, "Nora Quill told reporters, “The council keeps pinning on us the labels of ‘reckless, dangerous.’”", headline=VOTE)
    accepted(lorne, "Nora Quill told reporters, “The council keeps pinning on us the labels of ‘reckless, dangerous’.”", headline=VOTE)
    refused(lorne, "Nora Quill told reporters, “The council keeps pinning on us the labels of ‘reckless, careless.’”", "verbatim", headline=VOTE)
    refused(lorne, "Martin Hale told reporters, “The council keeps pinning on us the labels of ‘reckless, dangerous.’”", "attributed to Martin Hale", headline=VOTE)


def test_a_possessive_the_tagger_ran_into_a_name_is_no_name(lorne):
    """"a federal judge’s Mexican heritage", tagged "’s Mexican" (a source misprints ‘ for the
    apostrophe of "Adeyemi‘s" just before): the 's is the judge's, not part of a name."""
    para = "Councillor Martin Hale downplayed Femi Adeyemi‘s attack on a federal judge’s Mexican heritage."
    accepted(lorne, para, headline="Sen. Martin Hale downplays Femi Adeyemi‘s attack on a federal judge’s Mexican heritage")
    refused(lorne, para, "not in the sources",
            headline="Sen. Martin Vale downplays Femi Adeyemi‘s attack on a federal judge’s Mexican heritage")


def test_a_term_a_source_marks_with_no_speaker_is_quoted_as_that_sources(lorne):
    """“outrageous” is a spokesman's (unnamed) in one sentence and inside Fallon's quote in
    another: a draft that has no named person say it quotes the first; a name its clause gives
    must be named where the source marks it."""
    accepted(lorne, "A spokesman for Lorne called the audit of the port “outrageous.”", headline=VOTE)
    refused(lorne, "Hale called the audit of the port “outrageous.”", "attributed to Hale", headline=VOTE)
    refused(lorne, "Councillor Martin Hale described Mayor Quill as a “disgrace” after she blamed the strike on "
            "“implicit bias” against dockworkers.", "attributed to Quill", headline=VOTE)


def test_a_quote_the_source_gives_to_no_named_person_may_be_given_to_no_named_person(lorne):
    """The extractor has “rush to judgment” said by "Rivers’ campaign", no named person: a draft
    that puts it in no named person's mouth (the same campaign, written "Tom Rivers’") does
    not misattribute it; another person's campaign, or a person saying it, does."""
    accepted(lorne, "Tom Rivers’ campaign called the report a “rush to judgment.”", headline=VOTE)
    accepted(lorne, "Rivers’ campaign called the report a “rush to judgment.”", headline=VOTE)
    refused(lorne, "Martin Hale’s campaign called the report a “rush to judgment.”", "attributed to Hale", headline=VOTE)
    refused(lorne, "Rivers said the report was a “rush to judgment.”", "no named speaker", headline=VOTE)


def test_a_source_sentence_with_its_names_written_another_way_keeps_its_attribution(lorne):
    """A surname written in full, a first name dropped, a title added: still the source's
    sentence and the source's attribution; a swapped name is not."""
    dinner = ("Addressing the dockworkers’ annual dinner on Tuesday, {who} described families walking on the quay "
              "and a port of “honesty and hard work.”")
    accepted(lorne, dinner.format(who="Ada Lorne"), headline=VOTE)
    accepted(lorne, dinner.format(who="Mayor Lorne"), headline=VOTE)
    refused(lorne, dinner.format(who="Nora Quill"), "attributed to Nora Quill", headline=VOTE)
    refused(lorne, dinner.format(who="Quill"), "attributed to Quill", headline=VOTE)
    disgrace = ("Councillor Martin Hale described {who} as a “disgrace” after she blamed the strike on “implicit bias” "
                "against dockworkers.")
    accepted(lorne, disgrace.format(who="Mayor Lorne"), headline=VOTE)
    accepted(lorne, disgrace.format(who="Lorne"), headline=VOTE)
    refused(lorne, disgrace.format(who="Mayor Quill"), "Quill", headline=VOTE)


def test_a_number_next_to_another_has_no_words_on_that_side():
    """"Almost 650 18-hole golf courses": "hole golf courses" are the 18's words, not the 650's
    (a fact cut between the two numbers gave 650 none after it, and the draft's 650 was taken
    for the 18); and the two may still not trade places."""
    from newsdigest.verify.numbers import number_places

    places = {p.text: p for p in number_places("Almost 650 18-hole golf courses have closed since 2006.")}
    assert places["650"].left == ("almost",) and places["650"].right == ()
    assert places["18"].left == () and places["18"].right == ("hole", "golf", "courses")


def test_numbers_side_by_side_keep_their_places(lorne):
    golf = (fact_with(lorne, "18-hole"),)
    accepted(lorne, "Almost 650 18-hole golf courses have closed since 2006, the group says.", cites=golf, headline=VOTE)
    refused(lorne, "Almost 18 650-hole golf courses have closed since 2006, the group says.", "stands where", cites=golf, headline=VOTE)


def test_an_archive_s_typewriter_quote_printed_curly_is_the_source_s_sentence():
    """New York Times archive copy (PolNeAR train): the writer prints ''…'' as “…”; the sentence
    is still the source's own, its parenthetical attribution and all (the verifier had refused
    the digest: "has no named speaker in the sources")."""
    text = ("The debate over the refugees has split the West in two since the attacks in Paris. An argument "
            "between those who fear Western softness in the face of conquest (''This is less a 'refugee crisis' "
            "and more an occupation,'' Monica Crowley wrote in The Washington Times last week) and those who "
            "fear a vengeful West will become the very thing it assails.")
    article = Article(id="nyt", text=text, source="The New York Times", title="The West divided",
                      published=datetime(2015, 11, 24, 9, tzinfo=UTC))
    ev = evidence_of(article, 11)
    curly = text.split(". ", 1)[1].replace("''", "“", 1).replace("''", "”", 1)
    assert "“This is less" in curly and "occupation,” Monica" in curly
    accepted(ev, curly, headline="The West divided over refugees")
