"""A quote after a colon is built as "<speaker> said, “…”" only when it is the speaker's own
sentence: a verbless quote that completes the noun phrase of the reporter's lead-in ("… said
she has the essential quality for the job of president: “Steadiness …”") keeps the lead-in,
while a colon just after the saying ("Clinton said: “…”") still gives a built quote. A
condition the reporter sets before the quote ("… that if his late son had planned to enlist
…, “I would have thrown …”") keeps the source sentence too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdigest.records import Article
from newsdigest.write.candidates import prepare
from newsdigest.write.layout import render
from newsdigest.write.woven import quote_units
from write_helpers import hand_analysis, hand_quote

OPENING = "Hillary Clinton spoke to veterans in New York on Wednesday night. "
VERBLESS = "Steadiness -- an absolute rock steadiness, and mixed with strength."
SENTENCE = "We will win this election together in November, and we will win it big."
ROLE = "former secretary of State"


def _printed(frame: str, words: str, verb: str = "said") -> list[str]:
    """The quote units of ``words`` (by Hillary Clinton) in ``frame``, as a first mention prints them."""
    art = Article(id="a", text=OPENING + frame.format(words), source="Test Wire", title="",
                  published=datetime(2016, 9, 8, tzinfo=UTC))
    analysis = hand_analysis(art, {"Hillary Clinton": "PERSON", "Clinton": "PERSON"},
                             (hand_quote(art, words, "Hillary Clinton", ROLE, verb),))
    return [render(u, set(), "")[0] for u in quote_units(prepare([art], {art.id: analysis}, {}))]


def test_a_verbless_quote_completing_the_lead_in_keeps_its_lead_in():
    frames = (
        "Clinton stressed her support of the raid and said she has the essential quality for the job of "
        "president: “{}”",
        "Clinton said that the job of president needs one quality above all: “{}”",
        "Clinton said the job of president needs one quality above all: “{}”",
    )
    for frame in frames:
        printed = _printed(frame, VERBLESS)
        assert printed == ["Hillary Clinton" + frame.format(VERBLESS)[len("Clinton"):]], (frame, printed)
        assert not any(", said, “Steadiness" in p for p in printed), (frame, printed)


def test_a_colon_just_after_the_saying_is_still_built():
    frames = (("Clinton said: “{}”", "said"),
              ("Clinton said, recalling her years in the Senate: “{}”", "said"),
              ("Clinton said in a statement on Wednesday: “{}”", "said"),
              ("Clinton told the crowd in New York: “{}”", "told the crowd"))
    for frame, verb in frames:
        for words in (VERBLESS, SENTENCE):
            printed = _printed(frame, words, verb)
            assert printed == [f"Hillary Clinton, the {ROLE}, {verb}, “{words}”"], (frame, printed)


def test_a_whole_sentence_after_the_lead_in_is_still_built():
    frame = "Clinton said she has one message for the voters: “{}”"
    assert _printed(frame, SENTENCE) == [f"Hillary Clinton, the {ROLE}, said, “{SENTENCE}”"]


def test_a_condition_before_the_quote_keeps_the_source_sentence():
    # Built, "Hillary Clinton … said, “We will win …”" would drop the condition the quote hangs on.
    for frame in ("Trump is so reckless, Clinton said, that if he wins the nomination, “{}”",
                  "Unless the party unites behind her, Clinton said, “{}”",
                  "Asked on Fox News who leads the party, Clinton said, “{}”"):
        printed = _printed(frame, SENTENCE)
        assert printed == ["Hillary Clinton".join(frame.format(SENTENCE).split("Clinton", 1))], (frame, printed)
    # The question in the sentence before: the quote answers it, and the digest does not print it.
    assert _printed("Asked on Fox News who leads the party, Clinton named Kaine. “{}” Clinton said.", SENTENCE) == []
    # No condition: built as before.
    assert _printed("Trump is so reckless, Clinton said on Monday: “{}”", SENTENCE) == [
        f"Hillary Clinton, the {ROLE}, said, “{SENTENCE}”"
    ]


def _built_with_role(text: str, words: str, name: str, role: str) -> list[str]:
    """The quote units of a one-article story whose only quote is ``words``, by ``name`` with ``role``."""
    art = Article(id="a", text=text, source="Test Wire", title="", published=datetime(2016, 9, 8, tzinfo=UTC))
    analysis = hand_analysis(art, {name: "PERSON", name.split()[-1]: "PERSON"},
                             (hand_quote(art, words, name, role, "said"),))
    return [render(u, set(), "")[0] for u in quote_units(prepare([art], {art.id: analysis}, {}))]


@pytest.mark.parametrize(
    ("opening", "name", "role", "printed"),
    [
        # "Mark Jones, a political scientist at Rice University": one of many, not "the" one.
        ("Mark Jones, a political scientist at Rice University, has studied Texas primaries for years.",
         "Mark Jones", "political scientist at Rice University",
         "Mark Jones, a political scientist at Rice University, said"),
        # "Tim Selaty, organizer of a group called Citizens for Trump": no article, as the source
        # writes it, not "the organizer of a group" (an editor's read).
        ("Tim Selaty, organizer of a group called Citizens for Trump, expects thousands in Cleveland.",
         "Tim Selaty", "organizer of a group", "Tim Selaty, organizer of a group, said"),
    ],
)
def test_a_role_after_the_name_keeps_the_source_s_article(opening: str, name: str, role: str, printed: str):
    words = "Voters will decide this race by a wide margin in the fall, as they always do"
    text = f"{opening} “{words},” {name.split()[-1]} said on Monday about the race and the campaign."
    built = _built_with_role(text, words, name, role)
    assert built and built[0].startswith(printed), built
