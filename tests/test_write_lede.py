"""Who leads a digest and in whose voice: previews give way to reports, opinion pieces
neither lead nor state their claims as fact, and a quote running over several sentences
stays someone's words.

The texts are shaped like the real pages these cases came from (a convention-week
preview and the report of the speech, a news report and an op-ed signed by a former
official, a radio host quoted at length, a newspaper's letters page), with invented
events. The analyses are written by hand so the sentence spans are exactly the ones each
case needs. Every kept span must stay verbatim: ``article.text[start:end] == text``.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from newsdigest.records import Analysis, Article
from newsdigest.write import write_digest
from newsdigest.write.candidates import checked_quote, prepare
from newsdigest.write.opinion import opinion
from newsdigest.write.salience import score
from newsdigest.write.ahead import POLL, attributed, in_progress, is_preview, speculates
from newsdigest.write.select import Tuning, _set_before, choose_lede, select
from write_helpers import clean_at, hand_analysis, hand_quote, spans

T0 = datetime(2026, 7, 20, 6, tzinfo=UTC)


def _article(aid: str, text: str, *, title: str = "", source: str = "Test Wire", url: str = "",
             hours: float | None = 0) -> Article:
    return Article(id=aid, url=url or f"https://example.org/news/{aid}", text=text, title=title, source=source,
                   published=None if hours is None else T0 + timedelta(hours=hours))


def _cited(d, arts: list[Article]) -> list[tuple[str, str]]:
    """(article id, cited source span) of every citation, each checked verbatim in its paragraph."""
    texts = {a.id: a.text for a in arts}
    out = []
    for p in d.paragraphs:
        for c in p.citations:
            span = texts[c.article_id][c.start : c.end]
            assert span in p.text
            out.append((c.article_id, span))
    return out


# --- 1. a preview gives way to the report of the event --------------------------------

PREVIEW = (
    "On Thursday night, Governor Isabel Carrow will deliver her first State of the State address "
    "to the legislature in Kestrel City.\n\n"
    "The speech is expected to focus on the water shortage and a proposed desalination plant on the coast.\n\n"
    "Aides said Carrow would also ask lawmakers for emergency funding for rural school districts.\n\n"
    "Republican leaders have said they will answer the address with a rebuttal of their own."
)
REPORT = (
    "Governor Isabel Carrow delivered her first State of the State address to the legislature in "
    "Kestrel City on Thursday night, calling the water shortage the state's most urgent crisis.\n\n"
    "Carrow asked lawmakers to approve a desalination plant on the coast and emergency funding for "
    "rural school districts.\n\n"
    "“We cannot wait for the rain,” Carrow told the packed chamber.\n\n"
    "Republican leaders said the desalination plant would cost too much and called the funding request a gimmick."
)
REACTION = (
    "Lawmakers from both parties praised the focus of Governor Isabel Carrow's State of the State address "
    "on the water shortage on Friday, though Republicans questioned the cost of the desalination plant.\n\n"
    "Farm groups said the emergency funding for rural school districts was overdue."
)
SPEECH_NAMES = {"Isabel Carrow": "PERSON", "Carrow": "PERSON", "Kestrel City": "GPE"}


def _speech_story(*texts: tuple[str, str, float | None]) -> tuple[list[Article], dict[str, Analysis]]:
    arts = [_article(aid, text, source=aid.title(), hours=hours) for aid, text, hours in texts]
    analyses = {}
    for a in arts:
        quotes = (hand_quote(a, "We cannot wait for the rain", "Isabel Carrow", "Governor", "told"),) if "rain" in a.text else ()
        analyses[a.id] = hand_analysis(a, SPEECH_NAMES, quotes)
    return arts, analyses


def test_preview_sentences_look_ahead_and_reports_do_not() -> None:
    for text in (
        "On Thursday night, Hillary Clinton will deliver her acceptance speech at the Democratic National "
        "Convention in Philadelphia.",
        "Supporters of a federally mandated $15 minimum wage plan to protest at Thursday night’s Democratic "
        "presidential primary debate in Milwaukee.",
        "A group of rabbis is planning to boycott Donald Trump's speech next week before a leading pro-Israel "
        "advocacy group.",
        "Hillary Clinton’s campaign has asked NBC’s Lester Holt, the moderator for this year’s first presidential "
        "debate, to fact check Donald Trump during Monday’s showdown at Hofstra University in New York.",
        "Green Party presidential candidate Jill Stein was escorted off the premises of Hofstra University on "
        "Monday afternoon, hours before the start of the first debate.",
        "Trump questions the fairness of moderators ahead of debate.",
        "Obama, acting as a character reference for his former foe, will make the case to Democrats gathered in "
        "Philadelphia that Clinton is qualified.",
        "Trump held a sizable lead in the Republican race and appeared poised to win his first contest.",
        # waiting for the event: a later report that it happened overtakes it
        "While Donald Trump has yet to endorse House Speaker Paul Ryan’s re-election bid, Mike Pence has "
        "thrown his support behind Ryan.",
        "The two parliaments have not yet approved the fishing deal.",
        # an event still ahead, whatever came before it
        "The line will open after it is approved by ministers.",
        "Trump is expected to win after polls showed him ahead in the state.",
        # the main clause names the day ahead; an adjective is no past ("a detailed review");
        # a reason is no past event ("because polls showed": the win is still to come)
        "The council will vote on Tuesday after residents packed a hearing last week.",
        "The board will vote on the plan after a detailed review of its costs.",
        "Clinton will win the state easily because polls showed her far ahead.",
        # an infinitive aimed straight at a named day's event
        "A majority of voters expect Clinton to win Monday's debate at Hofstra University.",
    ):
        assert is_preview(text), text
    for text in (
        "On Thursday evening Hillary Clinton delivered her acceptance speech as the Democratic nominee.",
        # reported speech: what happened is that someone said it
        "Donald Trump said Friday that it would \"have been cool\" had Hillary Clinton congratulated him.",
        "Trump told reporters he will announce his running mate on Friday.",
        "“We will win this state,” Sanders said at a rally in Flint.",
        # a clause of its own, and words that only look like it
        "Groberg opened up about his decision, including why he will not be supporting Donald Trump.",
        "Clinton, who will speak again on Thursday, met donors in Philadelphia on Monday.",
        "The will of the voters was clear, and Clinton’s plan to raise taxes drew fire.",
        "Sanders’ plans to expand Social Security were criticized by Republicans.",
        # a plain future that follows from the event, which is past: the report of the vote
        "Ashford will get its first light rail line after the city council voted 9–4 late on Tuesday to approve "
        "the $1.2 billion Crosstown Line.",
        "Thousands will be without power for days after a storm tore through the region.",
        "Sanders will campaign in Nevada after he won New Hampshire.",
        # "yet" that is not waiting for anything
        "Clinton won the state, yet her lead among delegates barely grew.",
        # the run-up to a day's event, told after it
        "Carson slammed the campaign for failing to act in the minutes leading up to Monday's Iowa caucuses.",
    ):
        assert not is_preview(text), text


def test_a_report_from_a_later_article_leads_instead_of_the_preview() -> None:
    arts, analyses = _speech_story(("preview", PREVIEW, 0), ("report", REPORT, 40), ("reaction", REACTION, 52))
    d = write_digest(1, arts, analyses)
    lede_source = _cited(d, arts)[0]
    assert lede_source == ("report", REPORT.split("\n\n")[0])
    assert d.lede.startswith("Governor Isabel Carrow delivered her first State of the State address")
    # The preview is still a source and still listed.
    assert "preview" in {r.article_id for r in d.relevant_articles}
    # But what it looked ahead to is not told as if it were still to come.
    text = " ".join(p.text for p in d.paragraphs)
    assert "is expected to focus" not in text and "will answer the address" not in text, text


def test_what_an_article_of_the_day_before_guessed_at_is_not_told_after_the_event() -> None:
    guess = PREVIEW + ("\n\nIf Carrow fails to win over the farm counties, the plant could stall for years.\n\n"
                       "A strong speech would bolster Carrow's standing with rural Democrats.\n\n"
                       "A Kestrel Herald poll found 58 percent of voters backed the desalination plant.")
    arts, analyses = _speech_story(("preview", guess, 0), ("report", REPORT, 40), ("reaction", REACTION, 52))
    text = " ".join(p.text for p in write_digest(1, arts, analyses).paragraphs)
    assert "If Carrow fails" not in text and "would bolster" not in text, text
    assert "58 percent" not in text, text  # a poll of the day before, overtaken by the event
    # Reported speech is what happened: "Republican leaders said the plant would cost too much".
    assert speculates("If Carrow fails, the plant could stall.") and speculates("A win would bolster her.")
    for said in ("Republican leaders said the desalination plant would cost too much.",
                 "Such a move would have set a new standard.", "Carrow said, “We could win this.”"):
        assert not speculates(said), said

def test_what_an_earlier_article_told_as_happening_is_not_told_after_the_report() -> None:
    """labelled iowa-caucuses: "Iowa residents on Monday are making the first picks …" had come
    after the lede on Cruz's win. A progressive of the day, from an article before the report."""
    live = PREVIEW + ("\n\nLawmakers on Thursday are filling the chamber in Kestrel City for the address."
                      "\n\nThe governor's office is still drafting the speech's water section.")
    arts, analyses = _speech_story(("live", live, 0), ("report", REPORT, 40), ("reaction", REACTION, 52))
    text = " ".join(p.text for p in write_digest(1, arts, analyses).paragraphs)
    assert "are filling the chamber" not in text, text
    for now in ("Iowa residents on Monday are making the first picks in the caucuses.",
                "Voters are heading to the polls today in New Hampshire."):
        assert in_progress(now), now
    # Not a state that lasts, speech, a name with a day in it, a day of another clause or of a noun.
    for other in ("The campaign is spending $2 million on ads in Iowa.", "Sanders said on Monday he is running to win.",
                  "Trump is marking his victories on Super Tuesday.",
                  "The company is building a new plant that will open on Monday.",
                  "Police are investigating Monday's shooting at the mall.", "Retailers are bracing for Black Friday.",
                  "The investigation is ongoing and a hearing is set for Tuesday."):
        assert not in_progress(other), other


def test_a_look_ahead_to_a_named_day_is_stale_once_the_story_runs_past_it() -> None:
    # The lede's own article (Monday's) looks ahead to Thursday; Friday's report tells the
    # address: Monday's "is due to address … on Thursday" is not told beside it.
    opening = (
        "The Harbor Party convention opened in Kestrel City on Monday with a roll call of the states, "
        "and Governor Isabel Carrow was cheered by delegates on the floor.\n\n"
        "Carrow is due to address the convention on Thursday, when she will accept the party's nomination.\n\n"
        "Delegates from the northern counties staged a protest on the floor over the rules."
    )
    address = (
        "Governor Isabel Carrow accepted the Harbor Party's nomination in Kestrel City on Thursday night, "
        "telling delegates the water shortage was the state's most urgent crisis.\n\n"
        "Carrow asked the convention to back a desalination plant on the coast."
    )
    arts, analyses = _speech_story(("opening", opening, 0), ("address", address, 96))
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0][0] == "opening"  # Monday's report leads, the day the story began
    text = " ".join(p.text for p in d.paragraphs)
    assert "accepted the Harbor Party's nomination" in text, text
    assert "is due to address" not in text, text


def test_a_past_inability_a_description_or_someones_guess_is_no_guess_of_the_writers() -> None:
    for text in (
        "Officials could not say how many were hurt.",
        "Officials couldn't say how many were hurt, and the mayor would not comment.",
        "The blast could be heard miles away, witnesses said.",
        "The storm could bring flooding, according to the National Weather Service.",
        "The bill, which would raise the minimum wage, passed the House.",
    ):
        assert not speculates(text), text
    for text in (
        "If Clinton loses, it would be the third sign yet.",
        "A second-place finish in New Hampshire would bolster Rubio's claim.",
        "A loss would not end his campaign.",  # a would not of the writer's own, not a refusal
        "The plan could stall, and Republicans said they would oppose it.",  # the writer's guess
    ):
        assert speculates(text), text


def test_a_poll_is_an_opinion_poll_not_the_vote_itself() -> None:
    for text in (
        "A Kestrel Herald poll found 58 percent backed the plant.",
        "Pollsters gave Clinton the edge.",
        "A survey of voters found most backed the plant.",
        "Clinton leads in the polls.",
    ):
        assert POLL.search(text), text
    for text in (
        "Inspectors surveyed the damage.",
        "Exit polls showed Clinton ahead among women.",
        "Polls closed at 8 p.m.",
        "Voters went to the polls on Tuesday.",
        "Lines formed at a polling place in Boston.",
    ):
        assert not POLL.search(text), text


# A preview whose first sentence reports what someone said; the next one looks ahead.
SAID_PREVIEW = (
    "Governor Isabel Carrow says her first State of the State address to the legislature in Kestrel City "
    "will not be a list of old promises.\n\n"
    "The speech will decide whether lawmakers back her desalination plant on the coast.\n\n"
    "Aides said Carrow would also ask lawmakers for emergency funding for rural school districts."
)
# A live file of the next day: its opening is about something else, the report comes further down.
LIVE = (
    "The Latest on the news of the day in the state (all times local)\n\n"
    "Storm warnings were issued for the northern coast of the state on Friday morning.\n\n"
    "The harbour authority closed two ferry routes until the wind eases.\n\n"
    "Governor Isabel Carrow delivered her first State of the State address to the legislature in "
    "Kestrel City on Thursday night, calling the water shortage the state's most urgent crisis.\n\n"
    "Carrow asked lawmakers to approve a desalination plant on the coast and emergency funding for "
    "rural school districts."
)


def test_an_article_that_opens_as_a_preview_gives_way_to_a_later_days_report() -> None:
    # Its lede is reported speech ("says"), not a preview by itself; the article's opening is.
    assert not is_preview(SAID_PREVIEW.split("\n\n")[0])
    arts, analyses = _speech_story(("preview", SAID_PREVIEW, 0), ("live", LIVE, 30))
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0] == ("live", LIVE.split("\n\n")[3])
    # The same article a few hours later (same day) keeps the lead: no later day's report.
    arts, analyses = _speech_story(("preview", SAID_PREVIEW, 0), ("live", LIVE, 3))
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0][0] == "preview"


def test_a_hypothetical_in_the_opening_is_not_a_preview() -> None:
    analysis = SAID_PREVIEW.replace(
        "The speech will decide whether lawmakers back her desalination plant on the coast.",
        "But if lawmakers reject the plant, they are likely to leave the coast without water in the summer.",
    ).replace(" will not be a list of old promises", " was not a list of old promises")
    arts, analyses = _speech_story(("analysis", analysis, 0), ("live", LIVE, 30))
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0][0] == "analysis"


def test_the_preview_keeps_the_lead_when_no_report_is_close_enough() -> None:
    arts, analyses = _speech_story(("preview", PREVIEW, 0), ("report", REPORT, 40), ("reaction", REACTION, 52))
    story = prepare(arts, analyses, {})
    score(story)
    strict = Tuning(report_margin=1.01)  # nothing reaches it: time order as before
    units = select(story, words=400, strict=False, tuning=strict)
    assert units[0].article_id == "preview" and is_preview(units[0].sent.text)


def test_when_every_article_is_a_preview_the_earliest_preview_leads() -> None:
    second = (
        "Governor Isabel Carrow is set to unveil a desalination plant on the coast in her State of the State "
        "address in Kestrel City on Thursday night.\n\n"
        "The plant is expected to cost more than $2 billion."
    )
    arts, analyses = _speech_story(("preview", PREVIEW, 0), ("second", second, 10))
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0][0] == "preview"
    assert d.lede.startswith("On Thursday night, Governor Isabel Carrow will deliver")


def test_without_dates_the_strongest_opening_leads_whatever_its_tense() -> None:
    arts, analyses = _speech_story(("preview", PREVIEW, None), ("report", REPORT, None), ("reaction", REACTION, None))
    story = prepare(arts, analyses, {})
    score(story)
    undated = choose_lede(story, story.usable, dated=False)
    units = select(story, words=100, strict=True)
    assert units[0].sent is undated


# --- 2. an opinion piece neither leads nor speaks in the digest's voice ---------------

BLAST_REPORT = (
    "An explosion injured 14 people on a crowded shopping street in Harborville on Saturday night, in what "
    "Mayor Elena Ruiz described as “a deliberate attack.”\n\n"
    "Police Chief Paul Danner said investigators had found the remains of a pressure cooker near the blast site.\n\n"
    "“We do not yet know who did this or why,” Danner told reporters outside the station on Harbor Road.\n\n"
    "Ruiz said there had been no specific threat against the city before the explosion."
)
OP_ED = (
    "The brave people of Harborville became the targets of a hateful attack last weekend.\n\n"
    "The 14 shoppers wounded by the bomb on Saturday night were innocent bystanders struck by terrorism.\n\n"
    "City leaders did not react as if these residents were victims of terror, though.\n\n"
    "Mayor Elena Ruiz said the explosion was “a deliberate attack,” yet she would not call it terrorism.\n\n"
    "The time has come for a tougher response to the explosion and to those who plan such attacks.\n\n"
    "Marcus Hale is the former police commissioner of Harborville."
)
BLAST_NAMES = {"Elena Ruiz": "PERSON", "Ruiz": "PERSON", "Paul Danner": "PERSON", "Danner": "PERSON",
               "Harborville": "GPE", "Marcus Hale": "PERSON"}


def _blast_story(op_ed_url: str = "") -> tuple[list[Article], dict[str, Analysis]]:
    report = _article("report", BLAST_REPORT, title="Explosion injures 14 in Harborville", source="City Herald")
    op_ed = _article("daily", OP_ED, title="Harborville deserves a tougher response", source="National Daily",
                     url=op_ed_url, hours=60)
    analyses = {
        "report": hand_analysis(report, BLAST_NAMES, (
            hand_quote(report, "We do not yet know who did this or why", "Paul Danner", "Police Chief", "told"),)),
        "daily": hand_analysis(op_ed, BLAST_NAMES, (hand_quote(op_ed, "a deliberate attack", "Elena Ruiz", "Mayor"),)),
    }
    return [report, op_ed], analyses


def test_opinion_signals_on_real_page_shapes() -> None:
    def art(text: str, title: str = "", url: str = "") -> Article:
        return Article(id="a", text=text, title=title, url=url)

    news = BLAST_REPORT
    assert opinion(art(news, url="https://news.example.com/opinion/2016/09/22/harborville-response/")) == "url"
    assert opinion(art(news, url="https://www.theguardian.com/commentisfree/2016/sep/22/harborville")) == "url"
    assert opinion(art(news, title="Opinion: Harborville deserves a tougher response")) == "label"
    assert opinion(art(news, title="Harborville deserves a tougher response | Commentary")) == "label"
    assert opinion(art("LETTERS.\n\n" + news, title="Readers weigh in on the explosion")) == "label"
    assert opinion(art(news, title="Don’t let the council tell you the street is safe")) == "imperative_title"
    assert opinion(art(news, title="Stop-blamers, here are some reasons to have hope")) == "imperative_title"
    assert opinion(art(OP_ED)) == "author_line"
    bio = "Glenn Alder, a law professor at Kestrel State University, is a member of the Daily's Board of Contributors."
    assert opinion(art(news + "\n\n" + bio)) == "author_line"
    assert opinion(art(news + "\n\nHis opinions are his own.")) == "author_line"
    essay = (
        "I grew up three blocks from the street where the bomb went off.\n\n"
        "My father ran a hardware store there for thirty years, and I worked the register every summer.\n\n"
        "When I heard the news on Saturday, I called my mother before I called anyone else.\n\n"
        "The street I knew is not the street the cameras showed.\n\n"
        "I have never been more proud of my neighbours than I was that night."
    )
    assert opinion(art(essay)) == "first_person"
    # A page of readers' comments, each signed on a line of its own (a name, a handle), and a
    # single letter signed with a name and a place.
    comments = (
        "FACEBOOK.\n\nThe mayor did more in two weeks than the council did all year.\n\nDana Groves.\n\n"
        "Too little, too late. The street needed help a year ago.\n\nPeter M. Fonte.\n\n"
        "TWITTER.\n\nWe asked our followers what they thought of the mayor's visit.\n\n"
        "It's theater. Who is she trying to kid?\n\n@harbor_watch52."
    )
    assert opinion(art(comments, title="The mayor didn't need to visit Harbor Street")) == "signed"
    letter = ("The council's answer to the explosion was slow and timid, and the street deserved better.\n\n"
              "Residents have asked for cameras for years.\n\nLen Barrett.\n\nKestrel Beach, Fla.")
    assert opinion(art(letter, title="Harborville deserves better")) == "signed"
    column = news + "\n\nThe mayor's office declined to comment for this column."
    assert opinion(art(column)) == "column"


def test_news_pages_are_not_taken_for_opinion() -> None:
    def art(text: str, title: str = "", url: str = "") -> Article:
        return Article(id="a", text=text, title=title, url=url)

    # A last paragraph about someone the report is about is no writer's bio.
    about_the_mayor = BLAST_REPORT + "\n\nRuiz is a former teacher who was elected mayor in 2019."
    assert opinion(art(about_the_mayor, url="https://news.example.com/local/harborville-blast")) == ""
    assert opinion(art(BLAST_REPORT + "\n\nFollow Dana Voss on Twitter @danavoss.")) == ""
    assert opinion(art(BLAST_REPORT, title="Opinions differ on how to rebuild the street")) == ""
    # A report's title may start with those words in another sense, or report someone's advice.
    assert opinion(art(BLAST_REPORT, title="Stop signs go up on Harbor Street after the blast")) == ""
    assert opinion(art(BLAST_REPORT, title="Don't go near Harbor Street, police warn residents")) == ""
    assert opinion(art(BLAST_REPORT, title="Let's Go Harborville chant spreads at the vigil")) == ""
    # "I" inside quotes, a quote running over several sentences included, is the speaker's.
    quoted = (
        "Shop owner Maria Costa said she heard the blast from her back room.\n\n"
        "“I ran outside and I saw people lying on the pavement. I did not know what to do. My hands were "
        "shaking. I just held the hand of a woman until the ambulance came,” Costa said.\n\n"
        "“I have worked on this street for twenty years and I have never seen anything like it,” she said.\n\n"
        "Police said the street would stay closed until Monday."
    )
    assert opinion(art(quoted)) == ""
    # An interview's answers are the guest's words, not the writer's "I".
    interview = (
        "Chief Paul Danner spoke to the Herald on Sunday about the investigation.\n\n"
        "Q: What do you know about the device?\n\n"
        "A: I can tell you it was a pressure cooker, and I can tell you we have video.\n\n"
        "Q: Do you have a suspect?\n\n"
        "A: I am not going to go into that, and I would ask people not to speculate.\n\n"
        "A: I think my officers did everything they could that night, and I am proud of them."
    )
    assert opinion(art(interview)) == ""
    # Names heading the sections of a report (the page ends in prose), and a report's "this article".
    sections = ("Each candidate has a path to the nomination.\n\nAnn Lee.\n\nLee needs a win in the west.\n\n"
                "Paul Danner.\n\nDanner must hold the south, aides said.")
    assert opinion(art(sections)) == ""
    assert opinion(art(BLAST_REPORT + "\n\nThe mayor's office declined to comment for this article.")) == ""


def test_the_report_leads_and_the_op_eds_claims_stay_out() -> None:
    arts, analyses = _blast_story()
    story = prepare(arts, analyses, {})
    assert story.opinion == {"daily": "author_line"}
    d = write_digest(1, arts, analyses)
    cited = _cited(d, arts)
    assert cited[0] == ("report", BLAST_REPORT.split("\n\n")[0])
    body = " ".join(p.text for p in d.paragraphs)
    for claim in ("The brave people of Harborville", "innocent bystanders struck by terrorism",
                  "did not react as if", "The time has come", "Marcus Hale is the former"):
        assert claim not in body, claim
    # What the op-ed cites may come through only attributed; the op-ed stays among the sources.
    assert all(attributed(span) for aid, span in cited if aid == "daily")
    assert [r.article_id for r in d.relevant_articles] == ["report", "daily"]


def test_an_op_ed_does_not_lead_even_when_it_is_the_earliest_article() -> None:
    # An op-ed whose opening states the news in its own terms, published before the report.
    text = ("An explosion injured 14 people on a crowded shopping street in Harborville on Saturday night, "
            "and the city's leaders still will not call it terrorism.\n\n" + OP_ED)
    report, _ = _blast_story()[0]
    op_ed = _article("daily", text, source="National Daily", hours=-3)
    analyses = {"report": hand_analysis(report, BLAST_NAMES), "daily": hand_analysis(op_ed, BLAST_NAMES)}
    d = write_digest(1, [report, op_ed], analyses)
    assert _cited(d, [report, op_ed])[0] == ("report", BLAST_REPORT.split("\n\n")[0])


def test_an_opinion_section_address_is_enough() -> None:
    plain = OP_ED.rsplit("\n\n", 1)[0]  # no bio line
    arts, analyses = _blast_story(op_ed_url="https://national.example.com/opinion/harborville-response")
    arts[1] = Article(**{**{f: getattr(arts[1], f) for f in arts[1].__slots__}, "text": plain})
    analyses["daily"] = hand_analysis(arts[1], BLAST_NAMES)
    assert prepare(arts, analyses, {}).opinion == {"daily": "url"}
    d = write_digest(1, arts, analyses)
    assert d.lede.startswith("An explosion injured 14 people")
    assert "The brave people of Harborville" not in " ".join(p.text for p in d.paragraphs)


def test_when_every_article_is_opinion_the_digest_is_written_from_them() -> None:
    second = (
        "The explosion in Harborville on Saturday night should change how the city protects its shopping streets.\n\n"
        "The 14 shoppers wounded by the bomb deserve more than sympathy from City Hall.\n\n"
        "Mayor Elena Ruiz has a week to show she understands that the explosion was terrorism.\n\n"
        "Dana Voss is a columnist for the National Daily."
    )
    op_ed = _article("daily", OP_ED, source="National Daily", hours=0)
    other = _article("coast", second, source="Coast Times", hours=5)
    analyses = {a.id: hand_analysis(a, BLAST_NAMES) for a in (op_ed, other)}
    assert set(prepare([op_ed, other], analyses, {}).opinion) == {"daily", "coast"}
    d = write_digest(1, [op_ed, other], analyses)
    assert d.paragraphs and d.lede
    assert {aid for aid, _ in _cited(d, [op_ed, other])} <= {"daily", "coast"}


# --- 3. quotes that run over sentences, transcripts, garbled text ---------------------

RADIO = (
    "Radio host Carl Benning told his listeners on Monday, “What has happened is this. The mayor is a liar and "
    "the council needs to stop her before the vote. She will say anything to keep the stadium deal alive.”\n\n"
    "Benning has criticized the stadium deal for months on his afternoon show.\n\n"
    "''We will not back down on the stadium. The people of this city deserve a vote on the deal,'' Mayor Ruiz said "
    "on Tuesday.\n\n"
    "A: I think the council acted in good faith and the vote on the stadium was fair.\n\n"
    "Councilwoman Ana Ortiz said the deal “would bring jobs to the waterfront.\n"
    "It would also cost the city less than the old arena did,” she added on Wednesday."
)


def test_a_sentence_inside_a_running_quote_is_someones_words() -> None:
    art = _article("radio", RADIO)
    assert clean_at(art, "Radio host Carl Benning").reason == "broken_quote"  # opens the quote, as before
    assert clean_at(art, "The mayor is a liar").reason == "inside_quote"
    assert clean_at(art, "She will say anything").reason == "inside_quote"
    assert clean_at(art, "Benning has criticized").reason == ""  # a new paragraph: outside again
    assert clean_at(art, "The people of this city deserve").reason == "inside_quote"  # ''…'' as wires print it
    assert clean_at(art, "A: I think the council").reason == "inside_quote"  # an interview's answer
    assert clean_at(art, "Councilwoman Ana Ortiz").reason == "broken_quote"
    assert clean_at(art, "It would also cost the city").reason == "inside_quote"  # a sentence per line


def test_the_middle_of_a_quote_is_not_told_unattributed() -> None:
    report = _article("radio", RADIO, source="Harbor Radio")
    other = _article("council", "The Harborville council will vote on the stadium deal on Thursday, and Mayor "
                     "Elena Ruiz said she expected the deal to pass.\n\nCarl Benning, a radio host, has "
                     "campaigned against the stadium deal for months.", source="City Herald", hours=3)
    names = {"Carl Benning": "PERSON", "Benning": "PERSON", "Elena Ruiz": "PERSON", "Ruiz": "PERSON",
             "Ana Ortiz": "PERSON", "Harborville": "GPE"}
    analyses = {a.id: hand_analysis(a, names) for a in (report, other)}
    d = write_digest(1, [report, other], analyses)
    body = " ".join(p.text for p in d.paragraphs)
    assert "The mayor is a liar" not in body
    _cited(d, [report, other])


def test_garbled_text_and_garbled_speakers_are_left_out() -> None:
    text = ("Mexican President Enrique PeÃ±a Nieto met the delegation in Mexico City on Wednesday.\n\n"
            "“Mexican workers in the United States are honest people,” PeÃ±a Nieto said after the meeting.")
    art = _article("mx", text)
    assert clean_at(art, "Mexican President").reason == "mojibake"
    dropped: Counter[str] = Counter()
    q = hand_quote(art, "Mexican workers in the United States are honest people", "Enrique PeÃ±a Nieto")
    assert checked_quote(art, q, dropped) is None and dropped["quote_mojibake"] == 1


def test_an_op_eds_title_does_not_become_the_headline() -> None:
    # The op-ed's title is made to match the story best (its words are the lede's); as the
    # author's verdict it still loses to the report's.
    arts, analyses = _blast_story()
    verdict = "An explosion injured 14 people in Harborville: a deliberate attack"
    arts[1] = Article(**{**{f: getattr(arts[1], f) for f in arts[1].__slots__}, "title": verdict})
    assert "daily" in prepare(arts, analyses, {}).opinion
    assert write_digest(1, arts, analyses).headline != verdict
    # The same title on a report is chosen.
    plain = [arts[0], Article(**{**{f: getattr(arts[1], f) for f in arts[1].__slots__},
                                 "text": BLAST_REPORT.replace("Saturday night", "Saturday evening")})]
    analyses_plain = {**analyses, "daily": hand_analysis(plain[1], BLAST_NAMES)}
    assert not prepare(plain, analyses_plain, {}).opinion
    assert write_digest(1, plain, analyses_plain).headline == verdict


# --- 5. sentences that lean on the one before them --------------------------------------

def test_openers_and_early_words_that_point_back_are_told_apart() -> None:
    from newsdigest.write.context import leans_on_context, refers_back

    leaning = (
        "Neither are government transfer payments, such as food stamps or veterans benefits.",
        "Nor is there much in the senator's record to suggest he could pass any of them.",
        "First, Governor Carrow attacked the former governor for being a failed candidate.",
        "Finally, the governor receded from the spotlight for long stretches of the debate.",
        "Similarly, the mayor said he could not support the plan.",
        "In addition, the campaign plans to release more medical records soon.",
        "The implication, according to the aide, is that the rival cheated during the break.",
        "Asked a direct question about this in the debate, Carrow said she took responsibility.",
        "Making a final effort to effect such change, the delegates tried to force a vote.",
        "Neither Carrow nor her rival has done anything close to that, even though most governors have.",
        "Few governors in the state's history have tried anything like this!",
        "The governor said she was confident of that outcome and of the vote on the plant.",  # which outcome?
    )
    standing = (
        "Neither Carrow nor her rival mentioned the water shortage in the debate.",
        "First-time voters made up a fifth of the crowd at the Kestrel City rally.",
        "In addition to the plant, Carrow asked lawmakers for money for rural schools.",
        "Rather than pivot to the middle, Carrow gave a combative speech on Thursday.",
        "Thus far the governor has not said how the plant would be paid for.",
        "Asked about the cost of the plant, Carrow said the state could afford it.",
        "Farm groups such as the Kestrel Growers Union praised the emergency funding.",
        "With such a razor-thin margin, the challenger could request a recount.",
        "Delegates talked about this year's platform at length on Monday evening.",
        "The governor was right in that she had warned of the drought early.",  # "that" opens a clause
    )
    for text in leaning:
        assert refers_back(text) and leans_on_context(text), text
    for text in standing:
        assert not refers_back(text), text


def test_a_sentence_that_points_back_neither_leads_nor_stands_alone() -> None:
    # The earliest article opens on a step of a list and a reply to what came before it: a
    # later article's plain report leads, and the leaning sentences are left out unless the
    # sentence they answer is told just before them.
    early = _article("early", (
        "First, Governor Isabel Carrow attacked the former governor as a failed candidate at the rally in "
        "Kestrel City.\n\n"
        "Asked a direct question about this at the rally, Carrow said she would not apologise to anyone.\n\n"
        "Nor is there much in the record of the former governor to suggest he could win the state again."
    ), hours=0)
    later = _article("later", (
        "Governor Isabel Carrow called the former governor a failed candidate at a rally in Kestrel City on Monday, "
        "escalating the feud between the two leading figures of her party.\n\n"
        "The former governor did not respond to requests for comment on Monday evening."
    ), hours=2)
    arts = [early, later]
    analyses = {a.id: hand_analysis(a, SPEECH_NAMES) for a in arts}
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0] == ("later", later.text.split("\n\n")[0])
    assert not any(p.text.startswith(("First,", "Asked a direct", "Nor ")) for p in d.paragraphs)


def test_the_wire_quote_marks_open_and_close_a_quote() -> None:
    # DUC/TDT newswire prints ``…'': the sentence after a closed quote is the writer's own.
    from newsdigest.write.quoting import in_running_quote, outside_quotes

    text = "``I would like to invite them to come here,'' he said. Hun Sen, however, rejected that offer."
    assert not in_running_quote(text, text.index("Hun Sen"))
    assert outside_quotes(text).strip().startswith("he said.")
    running = "He said ``we will stay. We will not go back,'' and left."
    assert in_running_quote(running, running.index("We will"))


def test_a_lede_that_reports_keeps_the_lead_beside_a_look_ahead() -> None:
    # "The candidates will now turn to Nevada" in a report's opening does not make the report a
    # preview: only a lede of reported speech gives way (review of the preview-article rule).
    report = (
        "Governor Isabel Carrow won the Kestrel City primary on Tuesday, beating her rival by more than "
        "20 points.\n\n"
        "Carrow told cheering supporters in Kestrel City that the result sent a message to the capital.\n\n"
        "The candidates will now turn to the coast, where her rival is stronger.\n\n"
        "Her rival congratulated Carrow and said she would keep fighting for every vote."
    )
    later = (
        "Carrow raised more than $5 million in the 24 hours after her Kestrel City primary win, her "
        "campaign said on Wednesday.\n\n"
        "The money came from more than 100,000 donors, with an average gift of $34, aides said."
    )
    arts, analyses = _speech_story(("report", report, 0), ("later", later, 26))
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0] == ("report", report.split("\n\n")[0])


def test_an_opening_set_in_an_earlier_year_is_background_not_the_lede() -> None:
    # A column's opening on the candidate's campaign years before (the fresh editor's read:
    # "During his 2008 campaign for president, Barack Obama made clear his aim …" led a story
    # of 2016's executive actions, and its clause became the headline). With a margin that lets
    # the earliest opening lead, the column's background does not.
    column = (
        "During her 2019 campaign for governor, Isabel Carrow made clear her aim to ban garden watering in "
        "Kestrel City whenever the reservoir runs low.\n\n"
        "Carrow has kept that promise on garden watering, and the reservoir has run low."
    )
    report = (
        "Kestrel City banned garden watering on Tuesday after the reservoir ran low, the city's water board "
        "said.\n\n"
        "The ban on garden watering lasts until the end of the month, the water board said."
    )
    arts, analyses = _speech_story(("column", column, 0), ("report", report, 6))
    story = prepare(arts, analyses, {})
    score(story)
    lede = choose_lede(story, story.usable, Tuning(lede_margin=0.5))
    assert not lede.text.startswith("During her 2019 campaign")
    opening = next(s for s in story.usable if s.article_id == "column" and s.index == 0)
    assert _set_before(story, opening)
    # Without a date to compare with, a year is just a year: the opening stays a candidate.
    undated, analyses = _speech_story(("column", column, None), ("report", report, None))
    story = prepare(undated, analyses, {})
    opening = next(s for s in story.usable if s.article_id == "column" and s.index == 0)
    assert not _set_before(story, opening)


# --- 3. the lede tells the story's main event -----------------------------------------

# A primary night, shaped like the held-out PolNeAR story of the New York primary: the
# earliest article leads on exit-poll detail; a later one (a newspaper's page with its deck,
# "ABSTRACT." and "FULL TEXT." labels above the body) states the outcome for both parties.
EXIT_POLL = (
    "Democratic front-runner Maria Quill performed well among Delmont primary voters who believe that the "
    "new pipeline is good for the economy, according to exit polling data.\n\n"
    "More than 6 in 10 Delmont Democratic voters said that the pipeline does more to hurt the economy than "
    "help, according to preliminary exit polling.\n\n"
    "Quill won by almost 60 points among the 30 percent of voters who said the pipeline does more to help "
    "the economy.\n\n"
    "Senator Tom Hale has attacked Quill as being too cozy with the pipeline's backers."
)
RESULTS = (
    "Brand reclaims control of Republican race, while Hale's streak is halted.\n\n"
    "ABSTRACT.\n\n"
    "Mr. Brand's win reclaimed control of the Republican race; Ms. Quill fought off another challenge.\n\n"
    "FULL TEXT.\n\n"
    "Victor Brand wrested back control of the Republican presidential race with a commanding victory in the "
    "Delmont primary, while Maria Quill dealt a severe blow to Senator Tom Hale with an unexpectedly strong "
    "win in the Democratic primary.\n\n"
    "Brand was poised to take most of the 95 Republican delegates at stake in the Delmont primary.\n\n"
    "Quill's decisive victory in the Delmont primary on Tuesday ended a string of wins by Hale."
)
AFTERMATH = (
    "Maria Quill got what she needed in the Delmont primary, a solid victory that stopped Tom Hale's "
    "weeks-long winning streak.\n\n"
    "Victor Brand, for his part, took most of the Republican delegates at stake in the Delmont primary.\n\n"
    "Hale told supporters that he would stay in the race until the convention."
)
PRIMARY_NAMES = {"Maria Quill": "PERSON", "Quill": "PERSON", "Tom Hale": "PERSON", "Hale": "PERSON",
                 "Victor Brand": "PERSON", "Brand": "PERSON", "Delmont": "GPE"}


RESULTS_TITLE = (
    "Crucial wins for Quill and Brand in Delmont; Brand reclaims control of Republican race, while Hale's "
    "streak is halted"
)


def _primary_story(*texts: tuple[str, str, float]) -> tuple[list[Article], dict[str, Analysis]]:
    arts = [_article(aid, text, source=aid.title(), hours=hours, title=RESULTS_TITLE if aid == "results" else "")
            for aid, text, hours in texts]
    return arts, {a.id: hand_analysis(a, PRIMARY_NAMES) for a in arts}


def test_a_later_report_of_the_outcome_leads_instead_of_an_earlier_articles_detail() -> None:
    arts, analyses = _primary_story(("exit", EXIT_POLL, 0), ("results", RESULTS, 8), ("after", AFTERMATH, 20))
    d = write_digest(1, arts, analyses)
    # The page's deck and its "ABSTRACT." and "FULL TEXT." labels do not push the body's first
    # sentence out of the article's opening.
    assert d.lede.startswith("Victor Brand wrested back control of the Republican presidential race"), d.lede
    assert "Brand reclaims control" not in " ".join(p.text for p in d.paragraphs)


def test_an_earlier_lede_that_tells_a_finding_gives_way_to_the_outcome_with_the_storys_people() -> None:
    # Even when the exit-poll lede is close enough to lead by time (a wide margin here), what
    # it tells is a poll's finding about one of the story's three people; the outcome, told of
    # all three, leads.
    wide = Tuning(lede_margin=0.5)
    arts, analyses = _primary_story(("exit", EXIT_POLL, 0), ("results", RESULTS, 8), ("after", AFTERMATH, 20))
    story = prepare(arts, analyses, {})
    score(story)
    assert choose_lede(story, story.usable, wide).text.startswith("Victor Brand wrested back control")
    # An earlier lede that reports the event itself keeps the lead: earliest first, as before,
    # though a later one names more of the story's people.
    report = EXIT_POLL.replace(
        "Democratic front-runner Maria Quill performed well among Delmont primary voters who believe that the "
        "new pipeline is good for the economy, according to exit polling data.",
        "Democratic front-runner Maria Quill won the Delmont primary on Tuesday with a lead of more than "
        "15 points among voters who believe that the new pipeline is good for the economy.",
    )
    arts, analyses = _primary_story(("exit", report, 0), ("results", RESULTS, 8), ("after", AFTERMATH, 20))
    story = prepare(arts, analyses, {})
    score(story)
    assert choose_lede(story, story.usable, wide).text.startswith("Democratic front-runner Maria Quill won")


def test_a_poll_in_an_article_that_looks_ahead_gives_way_to_the_result() -> None:
    # Shaped like the PolNeAR Nevada caucus story: the earliest article opens on the poll and
    # looks ahead to the vote; the next day's report of the result leads.
    ahead = (
        "The Delmont Democratic caucuses are on Saturday, and a new poll shows Maria Quill and Tom Hale "
        "in a dead heat among likely caucus-goers.\n\n"
        "The caucuses will decide whether Hale can win beyond the college towns.\n\n"
        "Quill has spent three days in the state, visiting union halls and churches."
    )
    result = (
        "Maria Quill won the Delmont Democratic caucuses on Saturday, beating Tom Hale by five points "
        "among caucus-goers.\n\n"
        "Hale told supporters that he would fight on in the primaries of the coming weeks."
    )
    arts, analyses = _primary_story(("ahead", ahead, 0), ("result", result, 36))
    d = write_digest(1, arts, analyses)
    assert d.lede.startswith("Maria Quill won the Delmont Democratic caucuses on Saturday"), d.lede



def test_a_sentence_that_goes_on_about_what_its_article_introduced_does_not_lead() -> None:
    # "The documentary, released on Monday, …" continues its article's opening, which told of a
    # documentary: a reader starting there asks "which documentary?". Another article's plain
    # report leads, though it is later; a bare "The …" its article did not introduce still may.
    early = _article("early", (
        "“Nobody is going back to work,” one docker says in a documentary about the Kestrel City port "
        "strike that a local station aired.\n\n"
        "The documentary, released on Monday, follows three dockworkers through the first month of the "
        "port strike and their talks with Governor Isabel Carrow in Kestrel City.\n\n"
        "Carrow has said she will not intervene in the port strike."
    ), hours=0)
    later = _article("later", (
        "Governor Isabel Carrow met union leaders in Kestrel City on Tuesday to discuss an end to the port "
        "strike, now in its second month.\n\n"
        "The union said the talks would go on next week."
    ), hours=5)
    arts = [early, later]
    analyses = {a.id: hand_analysis(a, SPEECH_NAMES) for a in arts}
    d = write_digest(1, arts, analyses)
    assert _cited(d, arts)[0] == ("later", later.text.split("\n\n")[0])
    from newsdigest.write.context import anaphoric_opening

    second = early.text.split("\n\n")[1]
    assert anaphoric_opening(second, [early.text.split("\n\n")[0]])
    assert not anaphoric_opening(second, ["Governor Isabel Carrow met union leaders on Tuesday."])
    # A preposition says which; a name is no noun of a phrase.
    assert not anaphoric_opening("The meeting between Carrow and the union was short.", ["They set a meeting."])
    assert not anaphoric_opening("The Kestrel City council voted.", ["The council met."])


def test_a_look_ahead_in_a_reports_third_sentence_does_not_make_it_a_preview() -> None:
    # The State Department's finding (reported speech: "acknowledged") leads; the third
    # sentence's "will not be disclosed" is a detail of the report, so a later day's reaction
    # does not take the lead from it (a fresh story had led with a rival's attack on the finding).
    report = _article("report", (
        "The Port Authority acknowledged for the first time on Friday that toxic waste had been found in "
        "containers that passed through the Kestrel City terminal, elevating the issue in the governor's race.\n\n"
        "The waste was found in 22 containers across seven shipments, according to a port authority spokesman.\n\n"
        "The containers will not be opened to the public as part of the ongoing inquiry, even for the press.\n\n"
        "Governor Isabel Carrow has said the terminal was inspected every month during her term."
    ), hours=0)
    reaction = _article("reaction", (
        "Senator Tomas Brandt says Governor Isabel Carrow is not fit to run the state, because she put "
        "Kestrel City's port workers at risk with the toxic waste in the containers.\n\n"
        "Brandt said the inquiry into the waste at the terminal should be run by the legislature."
    ), hours=30)
    arts = [report, reaction]
    names = {**SPEECH_NAMES, "Tomas Brandt": "PERSON", "Brandt": "PERSON"}
    d = write_digest(1, arts, {a.id: hand_analysis(a, names) for a in arts})
    assert _cited(d, arts)[0] == ("report", report.text.split("\n\n")[0])


def test_a_count_still_open_gives_way_to_a_later_report():
    # S03: "the Democratic presidential primary in Kentucky … was down to the wire Tuesday night"
    # led, though the next day's reports had moved on: like a preview, it gives way.
    early = _article("early", (
        "With almost all precincts reporting, the race for governor between Isabel Carrow and Tomas Brandt in "
        "Kestrel City was down to the wire on Tuesday night.\n\n"
        "Carrow was trying to win back the coastal towns that had backed her party for decades."
    ), hours=0)
    later = _article("later", (
        "Governor Isabel Carrow won a second term in Kestrel City on Tuesday, beating Tomas Brandt by fewer "
        "than two thousand votes after a count that ran through the night.\n\n"
        "Brandt conceded on Wednesday morning and called for a review of the count in two coastal towns."
    ), hours=20)
    arts = [early, later]
    names = {**SPEECH_NAMES, "Tomas Brandt": "PERSON", "Brandt": "PERSON"}
    d = write_digest(1, arts, {a.id: hand_analysis(a, names) for a in arts})
    assert _cited(d, arts)[0] == ("later", later.text.split("\n\n")[0])


# Shaped like the PolNeAR story of the State Department's "top secret" emails (fresh story S02):
# the earliest article opens on a side figure's say about the affair on a Sunday show; a report of
# the department's finding leads instead.
REACTION = (
    "Sunday on a morning talk show, Rep. Darren Pike said Senator Maria Quill's judgment and honesty are "
    "in question because of her handling of classified material on a private email server.\n\n"
    "Pike said the matter would come before his committee in the spring."
)
FINDING = (
    "The State Department acknowledged for the first time Friday that secret information had been found in "
    "emails that passed through the private email server Maria Quill used while leading the agency.\n\n"
    "The information was contained in 22 emails that were sent or received by Quill, a department spokesman said."
)
LATER = (
    "Senator Maria Quill said on Monday that the emails found by the State Department were not marked secret "
    "when they were sent.\n\n"
    "Quill said she had asked the department to release all of her emails."
)
EMAIL_NAMES = {"Darren Pike": "PERSON", "Pike": "PERSON", "Maria Quill": "PERSON", "Quill": "PERSON",
               "State Department": "ORG"}


def _email_story(*texts: tuple[str, str, float]) -> tuple[list[Article], dict[str, Analysis]]:
    arts = [_article(aid, text, source=aid.title(), hours=hours) for aid, text, hours in texts]
    return arts, {a.id: hand_analysis(a, EMAIL_NAMES) for a in arts}


def test_a_side_figures_say_gives_way_to_a_report_of_the_event() -> None:
    # Even when the reaction is close enough to lead by time (a wide margin here).
    wide = Tuning(lede_margin=0.5)
    arts, analyses = _email_story(("reaction", REACTION, 0), ("finding", FINDING, 2), ("later", LATER, 26))
    story = prepare(arts, analyses, {})
    score(story)
    assert choose_lede(story, story.usable, wide).text.startswith("The State Department acknowledged")
    # The story's own protagonist's say keeps the lead: Quill is named by every article.
    own = REACTION.replace("Rep. Darren Pike said Senator Maria Quill's judgment and honesty are in question",
                           "Senator Maria Quill said her judgment and honesty are not in question")
    arts, analyses = _email_story(("reaction", own, 0), ("finding", FINDING, 2), ("later", LATER, 26))
    story = prepare(arts, analyses, {})
    score(story)
    assert choose_lede(story, story.usable, wide).text.startswith("Sunday on a morning talk show, Senator Maria Quill")


def test_a_pronoun_after_an_opening_phrase_does_not_lead():
    """Issue #3 (an editor's read of one-article stories from many outlets): a digest led with
    "In a new case study out Monday, they detail how the man came down with …", its source's
    second sentence, after the first had given way (it only tells what someone says); who
    "they" are, the first said."""
    text = ("In a new case study out Monday, they detail how the man came down with a rare allergy to the "
            "feathers that filled his new duvet and pillows. "
            "According to the study, the 43-year-old man had suffered months of dizziness and breathlessness by "
            "the time he visited his local doctor in Harborville. "
            "The man was treated with steroids and his new bedding was removed from his home in Harborville.")
    art = _article("duvet", text, title="A man developed a lung condition after getting new bedding")
    story = prepare([art], {art.id: hand_analysis(art, {"Harborville": "GPE"})}, {})
    score(story)
    assert not choose_lede(story, story.usable).text.startswith("In a new case study")


def test_the_survey_after_a_new_poll_does_not_lead():
    # PolNeAR fresh story S16: "Hillary Clinton and Bernie Sanders are virtually deadlocked in
    # California, …, according to a new poll." then "The survey, conducted by the Public Policy
    # Institute of California, finds …": the second led, on a survey the first had introduced as
    # a poll. A report calls one thing by another noun one sentence later, so as not to repeat.
    from newsdigest.write.context import anaphoric_opening

    poll = "Maria Quill and Tom Hale are virtually tied in Delmont, according to a new poll."
    assert anaphoric_opening("The survey, conducted by the Delmont Institute, finds Quill ahead by two points.", [poll])
    assert anaphoric_opening("The pact, signed in Paris, cuts tariffs.", ["The two nations reached a trade agreement."])
    assert anaphoric_opening("The legislation passed 52-48.", ["The Senate took up the farm bill on Monday."])
    # Another noun is another thing; and a word with an everyday sense names nothing (helper-114's
    # review: "… follow suit." before "The lawsuit, filed Monday, …").
    assert not anaphoric_opening("The survey of the harbour found cracks in the pier.", ["Voters backed the plan."])
    assert not anaphoric_opening("The lawsuit, filed Monday, seeks damages.", ["Others are expected to follow suit."])
    assert not anaphoric_opening("The bill passed the Senate on Monday.", ["By any measure, the week was a success."])
    text = (
        f"{poll}\n\n"
        "The survey, conducted by the Delmont Institute, finds Quill with only a small lead over Hale, "
        "46 percent to 44 percent, among likely voters in the primary next month.\n\n"
        "Hale holds a large advantage among younger voters, leading 66 percent to 27 percent.\n"
    )
    arts = [_article("a", text, source="Ledger", hours=0)]
    names = {"Maria Quill": "PERSON", "Quill": "PERSON", "Tom Hale": "PERSON", "Hale": "PERSON", "Delmont": "GPE"}
    d = write_digest(1, arts, {a.id: hand_analysis(a, names) for a in arts})
    assert d.lede.startswith("Maria Quill and Tom Hale are virtually tied"), d.lede


NIGHT_FIRST = (
    "Maria Quill defeated Tom Hale in the Delmont Democratic primary on Tuesday, her first win of the year "
    "in a primary closed to independent voters.\n\n"
    "Hale had campaigned across Delmont for two weeks and drew large crowds at its universities.\n\n"
    "Quill thanked her volunteers in a short speech at a union hall."
)
NIGHT_LATER = (
    "Maria Quill won the Delmont, Ardmore and Sable primaries on Tuesday, putting the nomination almost "
    "out of reach for Tom Hale, who took only the smallest state of the night.\n\n"
    "Hale told supporters in Ardmore that he would stay in the race until the convention.\n\n"
    "Turnout was lower than four years ago in all three states."
)
NIGHT_NAMES = {"Maria Quill": "PERSON", "Quill": "PERSON", "Tom Hale": "PERSON", "Hale": "PERSON",
               "Delmont": "GPE", "Ardmore": "GPE", "Sable": "GPE"}


def test_a_later_report_of_the_same_night_that_covers_more_of_it_leads() -> None:
    # An election night: the first report has one state's result, a later one of the same day
    # the night's three (h11 of the auto set: "Hillary Clinton defeated Bernie Sanders in
    # Delaware's Democratic presidential primary Tuesday" over "Clinton was declared the winner
    # in the Pennsylvania, Maryland and Delaware primaries …").
    def lede(later_hours: float) -> str:
        arts = [_article("first", NIGHT_FIRST, source="First", hours=0),
                _article("later", NIGHT_LATER, source="Later", hours=later_hours)]
        story = prepare(arts, {a.id: hand_analysis(a, NIGHT_NAMES) for a in arts}, {})
        score(story)
        return choose_lede(story, story.usable).text

    assert lede(3).startswith("Maria Quill won the Delmont, Ardmore and Sable primaries")
    # A report of another day is another day's news: the first report keeps the lead.
    assert lede(30).startswith("Maria Quill defeated Tom Hale in the Delmont Democratic primary")


def test_a_sentence_that_speaks_of_someone_by_an_epithet_only_does_not_lead() -> None:
    """PolNeAR auto h03: "A national poll released Sunday … shows the New York billionaire
    maintaining his lead …" led, the name in the sentence before it; that one leads now."""
    text = (
        "Floods this month have brought the sea wall back to the forefront of the race, a development that "
        "has done nothing to dent Marta Quell's standing.\n"
        "A city poll of voters released Sunday by the Harbour Gazette shows the shipping magnate keeping her lead "
        "in the Harborville mayoral race after the floods.\n"
        "Her 41% support in the poll of Harborville voters gives her a double-digit lead over her closest rival in "
        "the mayoral race, Anton Keller.\n"
        "Keller said on Sunday the poll of voters showed the mayoral race was still open in Harborville."
    )
    art = Article(id="a", text=text, source="Kestrel Ledger", title="Quell leads the mayoral race",
                  published=datetime(2026, 9, 7, tzinfo=UTC))
    names = {"Marta Quell": "PERSON", "Anton Keller": "PERSON", "Keller": "PERSON", "Harborville": "GPE"}
    story = prepare([art], {"a": hand_analysis(art, names)}, {})
    score(story)
    assert choose_lede(story, story.usable).text.startswith("Floods this month")
