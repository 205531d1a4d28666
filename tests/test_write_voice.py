"""Whose voice a digest sentence speaks in: an outlet's verdict in a report ("its
inexplicable decision", "a familiar, nativist rant", "a yuuge advantage") is not the news,
and the sentence that carries it is dropped as ``evaluative``; the same words inside quotes,
after "X said", or "according to" someone are reported speech and stay. One side's
pejorative term ("pro-abortion", "illegals") is the writer's wherever it stands outside quotes.

The texts are shaped like the real 2016 pages these cases came from (a wire-style report
with the outlet's adjective in it, a column's sarcasm, a partisan report's labels), with
invented events and people. The analyses are written by hand (``write_helpers``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdigest.records import Article
from newsdigest.write import write_digest
from newsdigest.write.candidates import prepare
from newsdigest.write.opinion import verdict
from newsdigest.write.quoting import outside_quotes
from write_helpers import clean_at, hand_analysis

T0 = datetime(2026, 5, 4, 6, tzinfo=UTC)


def _article(aid: str, text: str, *, title: str = "", source: str = "Test Wire", hours: float = 0) -> Article:
    return Article(id=aid, url=f"https://example.org/news/{aid}", text=text, title=title, source=source,
                   published=T0 + timedelta(hours=hours))


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        # A verdict on a decision, in the outlet's words.
        ("Speaker Dana Holt blasted the Justice Department on Tuesday for its inexplicable decision "
         "not to charge the mayor.", "inexplicable"),
        ("Before the vote, Reyes had made a bizarre, thinly-veiled attack on the council's budget office.",
         "bizarre"),
        ("His disgraceful handling of the Harbor Street shooting has made him a political pariah.",
         "disgraceful"),
        ("The agency has been so vague about the rules that it's almost laughable.", "laughable"),
        # A label.
        ("Within hours, he was back to his xenophobic self.", "xenophobic"),
        ("He landed in Kestrel City for what was billed as a policy address but was a familiar, "
         "nativist rant.", "nativist"),
        ("The governor flew to the capital of the country he has made his No. 1 scapegoat.", "scapegoat"),
        # Mockery.
        ("The trip was something of a Hail Maria, as polls show her rival with a yuuge advantage.",
         "Hail Maria"),
        # One side's pejorative term, even in a relative clause before the belief it reports.
        ("The governor chose Sen. Ana Ruiz as her running mate, a woman who shifted to a fully pro-abortion "
         "stance, in sync with the governor, who believes an unborn baby has no rights.", "pro-abortion"),
        ("The platform names the clinic chain, the abortion business that lawmakers are investigating.",
         "abortion business"),
        # … and in what someone is reported to say: the reporter chose the word (the outlet
        # reported had written "pro-choice").
        ("Though Ruiz has called herself a pro-life Catholic, the Ledger reported that she has moved "
         "toward a pro-abortion position.", "pro-abortion"),
        # An aside between dashes is the writer's, though the sentence reports someone.
        ("Its president noted that abortion – what her abortion business calls “health care” – is central.",
         "abortion business"),
    ],
)
def test_a_verdict_in_the_writers_voice_is_found(sentence: str, word: str) -> None:
    assert verdict(outside_quotes(sentence)) == word


@pytest.mark.parametrize(
    "sentence",
    [
        # Someone's words: quoted, reported ("said that", "called … absurd", "portraying … as"),
        # "according to", a closing tag.
        "Holt said the decision “defies explanation” and called for hearings.",
        "Holt said that the department came to its bizarre conclusion without hearing the witnesses.",
        "Aides began to call the plagiarism charge unfair and absurd, according to people close to the "
        "campaign.",
        "On Monday, Reyes tried to turn the tables, portraying Lee as hypocritical for taking the money.",
        "The plan was a Hail Mary, the mayor's chief of staff said.",
        "Day said the platform's “radical pro-abortion language” is shrinking the party.",
        "Ann Lee, executive director of Voters for Life, called the plan “a stupid idea.”",
        # The attack verbs report that someone criticised someone, the speaker named.
        "Governor Chris Dale blasted Reyes as a “disgrace” on Wednesday on a radio show.",
        "Holt slammed the department on Tuesday and asked for its files.",
        # The words in another sense, or a side's name for itself.
        "The merger could produce a crazy-quilt map of districts that scrambles the old alliances.",
        "Stuck at home for a month, the governor was going stir-crazy before the vote.",
        "Though Ruiz has described herself as a pro-life Catholic, she has opposed the funding cuts.",
        "NARAL Pro-Choice America said the vote was a setback.",
        "The mayor's former aide was disgraced and left politics in 2014.",
        "Voters' exhaustion with bigotry was one reason the turnout rose, the poll found.",
    ],
)
def test_reported_words_and_other_senses_are_not_verdicts(sentence: str) -> None:
    assert verdict(outside_quotes(sentence)) == ""


REPORT = (
    "Speaker Dana Holt blasted the Justice Department on Tuesday for its inexplicable decision not to "
    "charge Mayor Paul Reyes over the harbor contracts.\n\n"
    "Attorney General Mira Cole said prosecutors had found no evidence that Reyes had broken the law.\n\n"
    "Holt said the decision “defies explanation” and that Congress would hold hearings on the contracts.\n\n"
    "Reyes did not respond to a request for comment on Tuesday."
)
WIRE = (
    "The Justice Department will not charge Mayor Paul Reyes over the harbor contracts, Attorney General "
    "Mira Cole said on Tuesday.\n\n"
    "Cole said prosecutors had found no evidence that Reyes had broken the law in awarding the contracts.\n\n"
    "Speaker Dana Holt said the decision was wrong and that Congress would hold hearings in June."
)
NAMES = {"Dana Holt": "PERSON", "Holt": "PERSON", "Paul Reyes": "PERSON", "Reyes": "PERSON",
         "Mira Cole": "PERSON", "Cole": "PERSON"}


def test_the_sentence_with_the_outlets_verdict_is_dropped_the_reported_ones_stay() -> None:
    report = _article("report", REPORT, title="Holt: decision defies explanation", source="Capital Post")
    sent = clean_at(report, "Speaker Dana Holt blasted")
    assert sent.reason == "evaluative"
    assert clean_at(report, "Holt said the decision").reason == ""  # his words, in quotes
    assert clean_at(report, "Attorney General Mira Cole said").reason == ""


def test_a_digest_does_not_tell_the_outlets_verdict() -> None:
    report = _article("report", REPORT, title="Holt: decision defies explanation", source="Capital Post")
    wire = _article("wire", WIRE, title="No charges for Reyes over harbor contracts", hours=2)
    analyses = {a.id: hand_analysis(a, NAMES) for a in (report, wire)}
    story = prepare([report, wire], analyses, {})
    assert story.dropped["evaluative"] == 1
    d = write_digest(1, [report, wire], analyses)
    text = " ".join(p.text for p in d.paragraphs)
    assert "inexplicable" not in text
    assert "Reyes" in text  # the story is still told
