"""A digest does not tell a chosen fact again: a sentence whose fact words are all told by one
chosen sentence says nothing new (``select.recounts``), though the two share no phrase and their
embeddings are not close enough for ``retells``. The PolNeAR fresh story of Ryan's unity meeting
with Trump (bench/fresh_stories.py, S13) told it three times: the office's statement, the
outlet's "Ryan's office announced Friday that Ryan will meet with Trump on Thursday", and Ryan's
tweet. Another event told in the same names, and a quote with words of its own, stay."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdigest.records import Article
from newsdigest.write import select as selection
from newsdigest.write import write_digest
from newsdigest.write.units import Piece, Unit
from write_helpers import hand_analysis, hand_quote

SETTING = "After a day of tensions between two of the nation’s highest-profile Republicans, "
TITLED = "presumptive Republican presidential nominee Donald Trump"
ANNOUNCED = f"{SETTING}Paul Ryan’s office announced Friday that Ryan will meet with {TITLED} on Thursday."
STATEMENT = (
    "“Having both said we need to unify the party, Speaker Ryan has invited Donald Trump to meet with "
    "members of the House Republican leadership in Washington on Thursday morning to begin a discussion "
    "about the kind of Republican principles and ideas that can win the support of the American people "
    "this November,” Paul Ryan’s office said in a statement."
)
# Two events of the story in the same names: not told by the statement.
TRUMP_LISTENED = "He spent most of the meeting listening to the lawmakers."
TRUMP_MET = (
    "Following his meeting with Paul Ryan, Donald Trump met with Republican House and Senate members on the "
    "Hill, charming many of the lawmakers he’s spent the last year disparaging."
)
WILL_NOT_MEET = "Paul Ryan’s office said Friday that Ryan will not meet with Donald Trump on Thursday."
MET_IN_MARCH = "Paul Ryan and Donald Trump last met in March, when they clashed over trade at the office."
MEETS_MEMBERS = "Ryan’s office said Trump will meet 40 House members on Thursday."


def _said(text: str, quote: str = "") -> selection.Said:
    """What a digest sentence says; with ``quote``, a quote unit quoting those words of it."""
    q = hand_quote(Article("a", text), quote, "Paul Ryan") if quote else None
    return selection.Said.of(Unit("a", 0, (Piece(text, 0, len(text)),), None, quote=q))


def _titled(text: str, titled: str, person: str) -> selection.Said:
    """A sentence whose ``titled`` words name ``person`` with the title the source gives."""
    at = text.index(titled)
    pieces = (Piece(text[:at], 0, at),
              Piece(titled, at, at + len(titled), person=person, name_at=titled.index(person)),
              Piece(text[at + len(titled):], at + len(titled), len(text)))
    return selection.Said.of(Unit("a", 0, pieces, None))


def test_a_sentence_whose_fact_the_statement_tells_says_nothing_new():
    announced, statement = _titled(ANNOUNCED, TITLED, "Donald Trump"), _said(STATEMENT)
    # Its opening scene, the verb that reports it and the title before a name are not its fact.
    assert announced.core == ("ryan", "office", "meet", "trump")
    assert selection.recounts(announced, statement)
    # The statement chosen after it tells the same fact with something added: left out too.
    assert selection.recounts(statement, announced)
    # Neither restates nor retells found it: no phrase in common, embeddings 0.76 apart.
    assert not selection.restates(announced, statement)


def test_the_opening_scene_is_not_part_of_the_fact():
    won = "Mitt Romney won the Ohio primary by a wide margin on Tuesday, his aides said."
    after = "After a long night of counting, Mitt Romney won the Ohio primary."
    assert selection.recounts(_said(after), _said(won))


def test_a_title_before_a_name_is_not_part_of_the_fact():
    # The source's words as they stand name Trump's role, which the statement does not.
    assert not selection.recounts(_said(ANNOUNCED), _said(STATEMENT))


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (TRUMP_LISTENED, TRUMP_MET),  # one word of its own ("listening") is news
        (WILL_NOT_MEET, STATEMENT),  # a denial beside the invitation
        (MET_IN_MARCH, STATEMENT),  # another meeting of the two
        (MEETS_MEMBERS, STATEMENT),  # a new number
        (STATEMENT, MET_IN_MARCH),
        # The scene is not the fact, but a year in it dates the fact: another year's win.
        ("In 2012, Mitt Romney won the Ohio primary by a wide margin.",
         "Mitt Romney won the Ohio primary by a wide margin on Tuesday, his aides said."),
    ],
)
def test_another_fact_in_the_same_names_is_not_recounted(new, old):
    assert not selection.recounts(_said(new), _said(old))


def test_a_paraphrase_stays_beside_a_quote_and_so_does_a_quote_with_words_of_its_own():
    said = "I have invited Donald Trump to meet with the House Republican leadership on Thursday"
    tweet = _said(f"Paul Ryan tweeted, “{said}.”", said)
    paraphrase = _said(
        "Paul Ryan has invited Donald Trump to meet with the House Republican leadership on Thursday."
    )
    # A quote told before covers a paraphrase only by the words around it ...
    assert not selection.recounts(paraphrase, tweet)
    # ... and a new quote that adds words of its own stays beside a sentence it contains.
    longer = f"{said}, and I look forward to a frank discussion about our principles"
    assert not selection.recounts(_said(f"Paul Ryan tweeted, “{longer}.”", longer), paraphrase)
    # A new quote whose own words are all told already is left out.
    assert selection.recounts(tweet, _said(STATEMENT.replace("Speaker Ryan has invited", "I have invited")))


# A hand-made story of the same shape: one outlet reports the speaker's rift with the nominee,
# another the meeting he called, told in its own words and then in his office's statement.
RIFT = (
    "Speaker Ida Marsh said Thursday she is not ready to back Tom Reyes, the party's presumptive nominee, "
    "deepening a rift that has split the party for months. Marsh said party members deserve a nominee who "
    "shares their principles on trade and spending. Reyes's campaign called the remarks a distraction and "
    "said he would carry the party to victory in November. Several senators said they would wait for the "
    "two to settle their differences before endorsing anyone."
)
MEETING = (
    "After a day of tensions between the party's two most powerful figures, Speaker Ida Marsh's office "
    "announced Friday that Marsh will meet with presumptive nominee Tom Reyes on Thursday. “Having both said "
    "we need to unify the party, Speaker Marsh has invited Tom Reyes to meet with members of the party "
    "leadership in the capital on Thursday morning to begin a discussion about the principles that can win "
    "the support of voters this November,” Marsh's office said in a statement. Reyes told reporters in "
    "Dunmore that he welcomed the invitation but would not change his positions on trade. Marsh and Reyes "
    "last met in March, when they clashed over the budget at a closed-door dinner in Dunmore."
)


def test_the_meeting_is_told_once_and_the_other_meeting_stays():
    arts = [Article(id="r", text=RIFT, title="Marsh not ready to back Reyes", source="Capital Ledger",
                    published=datetime(2026, 5, 7, 20, tzinfo=UTC)),
            Article(id="m", text=MEETING, title="Marsh invites Reyes to unity meeting", source="Northwire",
                    published=datetime(2026, 5, 8, 18, tzinfo=UTC))]
    names = {"Ida Marsh": "PERSON", "Marsh": "PERSON", "Tom Reyes": "PERSON", "Reyes": "PERSON",
             "Dunmore": "GPE"}
    analyses = {a.id: hand_analysis(a, names) for a in arts}
    d = write_digest(1, arts, analyses, now=datetime(2026, 5, 9, tzinfo=UTC))
    text = " ".join(p.text for p in d.paragraphs)
    told = ("will meet with Reyes on Thursday" in text) + ("has invited Tom Reyes to meet" in text)
    assert told == 1, text
    assert "last met in March" in text, text
    assert "welcomed the invitation" in text, text


def test_a_short_sentence_that_ends_a_chosen_set_up_is_told_after_it():
    # trump-mexico-visit: "… Kelli Ward … challenged John McCain in the primary." was told without
    # "She lost by 13 points.", too short for the body's own choice: the set-up hung.
    T = datetime(2026, 3, 2, 9, tzinfo=UTC)
    art = Article(id="a", source="Wire", published=T, text=(
        "Insurgent candidates fared badly in Tuesday's primaries in Kestrel and on the coast.\n"
        "Harbour commissioner Lena Ortiz, who ran against Governor Isabel Carrow on a promise to close the "
        "port to cruise ships, challenged Carrow in the primary for governor in Kestrel.\n"
        "She lost by 13 points.\n"
        "Tomas Brandt, a ferry captain who ran for the coastal seat on a promise to cut fares, lost his race "
        "to the sitting member by a wide margin on Tuesday night.\n"
        "The primaries were the last before the general election in Kestrel in November.\n"
        "Tomas Brandt said the ferry fares on the coast would be the first issue of the next campaign.\n"
        "Ada Moss hoped he was right."))
    names = {"Lena Ortiz": "PERSON", "Ortiz": "PERSON", "Isabel Carrow": "PERSON", "Carrow": "PERSON",
             "Tomas Brandt": "PERSON"}
    d = write_digest(1, [art], {"a": hand_analysis(art, names)})
    body = " ".join(p.text for p in d.paragraphs)
    assert "challenged Carrow in the primary for governor in Kestrel. She lost by 13 points." in body, body
    # A payoff brings in no one new: who Ada Moss is, only a longer sentence would say.
    assert "Brandt said the ferry fares" in body, body
    assert "Ada Moss" not in body, body


def test_two_outlets_ledes_of_one_event_are_told_once():
    # PolNeAR fresh story S16: Politico's "Hillary Clinton and Bernie Sanders are virtually
    # deadlocked in California, the biggest prize of …, according to a new poll." led, and the
    # Times's lede came back in the body: "Clinton and Sanders are locked in a tight race in
    # California, the nation's most populous state and …, a new statewide poll has found." They
    # share the names and "new poll" only; what tells them apart from two events of one story is
    # that both open their articles and their embeddings are very close (the real names: the
    # static embeddings know them, and made-up ones read less alike).
    first = ("Hillary Clinton and Bernie Sanders are virtually deadlocked in California, the biggest prize of the "
             "2016 Democratic presidential primary season, according to a new poll.\n\n"
             "The poll finds Clinton with only a small lead over Sanders, 46 percent to 44 percent.\n")
    second = ("Hillary Clinton and Bernie Sanders are locked in a tight race in California, the nation's most populous "
              "state and one that until recently seemed strongly in Mrs. Clinton's corner, a new statewide poll has "
              "found.\n\n"
              "Sanders holds a large advantage among younger voters, leading 66 percent to 27 percent among voters "
              "under 45.\n")
    arts = [Article(id="p", text=first, title="Clinton and Sanders in dead heat", source="Capital Ledger",
                    published=datetime(2026, 5, 26, 14, tzinfo=UTC)),
            Article(id="t", text=second, title="Clinton faces tight primary", source="Northwire",
                    published=datetime(2026, 5, 27, 9, tzinfo=UTC))]
    names = {"Hillary Clinton": "PERSON", "Clinton": "PERSON", "Bernie Sanders": "PERSON", "Sanders": "PERSON",
             "California": "GPE"}
    d = write_digest(1, arts, {a.id: hand_analysis(a, names) for a in arts})
    text = " ".join(p.text for p in d.paragraphs)
    assert ("virtually deadlocked" in text) + ("locked in a tight race" in text) == 1, text
    assert "younger voters" in text, text
    # The same two sentences further down their articles are two facts of the story, as before.
    assert not selection.retells(selection.Said.of(Unit("p", 0, (Piece(first.split("\n")[0], 0, 10),), None)),
                                 selection.Said.of(Unit("t", 0, (Piece(second.split("\n")[0], 0, 10),), None)),
                                 lambda a, b: 1.0)
