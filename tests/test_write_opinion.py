"""Which articles argue rather than report, and which words judge in the writer's voice:
the signals a held-out read of 2016 pages found missing (a columnist's "Twitter: @Milbank."
sign-off, a column's "we", a column's own name as the page's kicker, "the 95 minute rant",
"As Obama lectured the nation", "cleverly out-maneuvering him"), each next to the news
page shape it must leave alone.

The texts are shaped like the real pages these cases came from, with invented events and
people. The older signals are covered in ``test_write_lede.py`` and ``test_write_voice.py``.
"""

from __future__ import annotations

import pytest

from newsdigest.records import Article
from newsdigest.write.opinion import opinion, verdict, voice
from newsdigest.write.quoting import outside_quotes

REPORT = (
    "An explosion injured 14 people on a crowded shopping street in Harborville on Saturday night, in what "
    "Mayor Elena Ruiz described as “a deliberate attack.”\n\n"
    "Police Chief Paul Danner said investigators had found the remains of a pressure cooker near the blast site.\n\n"
    "“We do not yet know who did this or why,” Danner told reporters outside the station on Harbor Road.\n\n"
    "Ruiz said there had been no specific threat against the city before the explosion."
)


def _art(text: str, title: str = "") -> Article:
    return Article(id="a", text=text, title=title)


# --- a columnist's sign-off --------------------------------------------------------


def test_a_columnists_twitter_sign_off_marks_a_column() -> None:
    assert opinion(_art(REPORT + "\n\nTwitter: @Voss.")) == "sign_off"
    assert opinion(_art(REPORT + "\n\nTwitter: @dana_voss")) == "sign_off"


def test_a_reporters_follow_line_or_a_handle_in_the_text_is_no_sign_off() -> None:
    assert opinion(_art(REPORT + "\n\nFollow Dana Voss on Twitter @danavoss.")) == ""
    # The handle named in the report, and a sign-off that is not the last line.
    assert opinion(_art("Ruiz wrote on Twitter: @HarborvillePD is on the scene.\n\n" + REPORT)) == ""
    assert opinion(_art("Twitter: @Voss.\n\n" + REPORT)) == ""
    assert opinion(_art("A short item.\n\nTwitter: @Voss.")) == ""  # too short to be a column


# --- the writer's "we" -------------------------------------------------------------

COLUMN_WE = (
    "In our last letter from the capital, we mocked the ambitions of three hopefuls for mayor.\n\n"
    "Nothing much changed at Tuesday's forum in Harborville, and frankly we expected nothing.\n\n"
    "Councilman Ray Ostrander was better than in earlier outings, if still too fond of his own voice.\n\n"
    "Ruiz, for her part, reminds us of the houseguest who will not leave.\n\n"
    "Her budget was the same one the council rejected last spring, with a new cover.\n\n"
    "Ostrander promised a new stadium and lower taxes in the same breath.\n\n"
    "The crowd applauded both promises, which tells us all we need to know about the race.\n\n"
    "The forum ran for two hours in the high school gym.\n\n"
    "So what does the race look like from our seat in the back row?\n\n"
    "Our advice to the voters of Harborville is to read the budget before they read the flyers."
)


def test_a_column_in_the_writers_we_is_opinion() -> None:
    assert opinion(_art(COLUMN_WE, title="From the Back Row: the forum, #2")) == "first_person"


def test_an_outlets_occasional_we_and_a_groups_name_are_not_the_writers_voice() -> None:
    # A report that says "we" of its outlet now and then ("our panel", "each week, we ask").
    rankings = (
        "Each week, we ask 30 political strategists who is the strongest candidate for mayor.\n\n"
        "This is the first week that Ostrander did not receive a single first-place vote from our panel.\n\n"
        "Ruiz leads the field with 18 first-place votes, up from 12 a week ago.\n\n"
        "Despite her strength, our experts see Councilwoman Ada Lin as best placed to gain.\n\n"
        "Lin has raised $1.2 million since January, according to campaign filings.\n\n"
        "Outside the top three, the big change in our rankings is the departure of Tom Bale.\n\n"
        "Bale left the race on Monday, citing family reasons.\n\n"
        "The election is on Nov. 3."
    )
    assert opinion(_art(rankings)) == ""
    # "Our" opening a group's name, "US" the country, and "our" inside an embedded post.
    names = (
        "Our Harbor PAC spent $2 million on ads against Ostrander in March.\n\n"
        "Our Harbor PAC was founded by a former aide to Ruiz.\n\n"
        "The US Coast Guard closed the harbor to traffic on Sunday.\n\n"
        "Our Harbor PAC said it would spend another $1 million in April.\n\n"
        "<tweet author=\"rayostrander\">Our prayers are with the victims and our first responders.</tweet>\n\n"
        "<tweet author=\"elenaruiz\">We will rebuild. Our city is strong and our people are stronger.</tweet>\n\n"
        "Ostrander said on Monday that Our Harbor PAC was spreading lies."
    )
    assert opinion(_art(names)) == ""


# --- a column's name as the page's kicker ------------------------------------------


def test_a_columns_name_as_kicker_is_a_label() -> None:
    assert opinion(_art(REPORT, title="A harbor tax that really works; Economic Scene")) == "label"
    assert opinion(_art("Your Money.\n\n" + REPORT, title="Small steps toward a safer street")) == "label"
    assert opinion(_art("Letter From America.\n\n" + REPORT)) == "label"


def test_a_sections_name_or_a_deck_is_no_column() -> None:
    assert opinion(_art("News Analysis.\n\n" + REPORT, title="Attacks renew debate; News Analysis")) == ""
    assert opinion(_art("The Upshot.\n\n" + REPORT, title="Harbor tax gains support; The Upshot")) == ""
    # A deck after the semicolon that mentions the words is no kicker.
    assert opinion(_art(REPORT, title="Blast hits Harborville; Mayor calls for common sense on security")) == ""


# --- words that judge in the writer's voice -----------------------------------------


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("In the 95 minute rant against everyone from Lin to Ruiz, Ostrander also called voters “stupid.”",
         "rant"),
        ("Ostrander also attacked Lin and Bale during the course of the tirade.", "tirade"),
        ("As Mayor Ruiz lectured the city about tolerance on Sunday night, Ostrander live-tweeted the address.",
         "lectured"),
        ("Ostrander is bent on winning before the convention, but Lin has been cleverly out-maneuvering him.",
         "cleverly"),
        ("The post was a not-so-subtle dig at Ostrander's remark that the harbor should be sold.", "not-so-subtle"),
        ("On Monday, Ostrander posted a photo of himself eating chowder and pandering to harbor workers.",
         "pandering"),
        ("Ruiz doesn't recognize the vile bigotry of Ostrander as the man she used to know.", "vile"),
        ("Besides, in a year this wacky, his stunt doesn't really stand out as all that strange.", "wacky"),
    ],
)
def test_a_new_verdict_word_in_the_writers_voice_is_found(sentence: str, word: str) -> None:
    assert verdict(outside_quotes(sentence)) == word


@pytest.mark.parametrize(
    "sentence",
    [
        # Someone's words: quoted, reported, or in a wire's doubled-apostrophe quote.
        "In what he acknowledged as a news conference-ending “rant,” Ruiz took a whack at Ostrander.",
        "Lin accused Ostrander of pandering to the harbor workers.",
        "''You'd have to be crazy to sell the harbor,'' Lin said.",
        "''The lack of reciprocity is deplorable,'' said Ada Lin, the director of the port authority.",
        # The words in another sense: teaching, a noun, a surname.
        "Judge Amy Hale is an expert on maritime law and has lectured on the topic at Kestrel Law School.",
        "She traveled to conferences and lectured at the European Parliament in Brussels.",
        "Candidates must list their speaking fees, lectures and book deals.",
        "The committee includes Dana Groves, Jeff Rants and Tim Hale.",
    ],
)
def test_reported_words_and_other_senses_are_not_new_verdicts(sentence: str) -> None:
    assert verdict(outside_quotes(sentence)) == ""


# --- a story told only by opinion pages ----------------------------------------------


def test_when_every_article_is_opinion_a_page_of_readers_comments_is_not_written_from() -> None:
    from datetime import UTC, datetime

    from newsdigest.write import write_digest
    from tests.write_helpers import hand_analysis

    column = Article(
        id="column", source="Kestrel Post", title="The mayor's street walk",
        text=REPORT + "\n\nRuiz walked the street on Sunday and met the shop owners one by one.\n\nTwitter: @Voss.",
        published=datetime(2026, 5, 2, 9, tzinfo=UTC),
    )
    comments = Article(
        id="comments", source="Kestrel Ledger", title="Readers on the mayor's visit",
        text=("FACEBOOK.\n\nThe explosion that injured 14 people on the shopping street in Harborville shows that "
              "Mayor Elena Ruiz ignored every warning about Harbor Road.\n\nDana Groves.\n\n"
              "Police Chief Paul Danner and the investigators should have found the pressure cooker before the "
              "blast, not after it.\n\nPeter M. Fonte.\n\n"
              "TWITTER.\n\nRuiz calling the explosion a deliberate attack is theater on Harbor Road.\n\n@harbor_watch52."),
        published=datetime(2026, 5, 2, 8, tzinfo=UTC),
    )
    assert (opinion(column), opinion(comments)) == ("sign_off", "signed")
    arts = [comments, column]
    d = write_digest(1, arts, {a.id: hand_analysis(a, {}) for a in arts})
    cited = {c.article_id for p in d.paragraphs for c in p.citations}
    assert cited == {"column"}, [p.text for p in d.paragraphs]
    assert "comments" in {r.article_id for r in d.relevant_articles}  # still a source the reader can open


# --- the writer's voice beyond single words (voice) -----------------------------------
# Shapes of the sentences an editor found told as fact in digests of PolNeAR stories, with
# invented people and events.


@pytest.mark.parametrize(
    ("sentence", "signal", "words"),
    [
        # A guess told as an unnamed crowd's.
        ("Lin's endorsement of Ostrander, many think, is only a matter of time.", "hedged_crowd", ", many think,"),
        # What someone thought or felt, guessed.
        ("Mayor Ruiz may have thought the worst was over in April, when she won a second term.",
         "mind_reading", "may have thought"),
        ("The old confidence may have quickly disappeared from Ostrander's face when he heard the news.",
         "mind_reading", "may have quickly disappeared from Ostrander's face"),
        ("For years, Ada Lin was the ally Ostrander always hoped to have.", "mind_reading", "always hoped"),
        ("The port authority released a video, and Ostrander will not be happy about who it features.",
         "mind_reading", "will not be happy"),
        ("Former Councilman Tom Bale was apparently unable to put down his phone.", "mind_reading",
         "apparently unable"),
        # A conditional that only piles on.
        ("If the loss of the harbor contract wasn't bad enough, Bale also lost two jobs Monday.",
         "rhetorical_conditional", "If the loss of the harbor contract wasn't bad enough,"),
        ("As if this were not enough, the party has begun collecting signatures for two more measures.",
         "rhetorical_conditional", "As if this were not enough,"),
        # An idiom or compound that sums up someone's act or manner.
        ("Ruiz stretched the truth a bit during Saturday's debate, when she claimed the port was safe.",
         "evaluative_idiom", "stretched the truth"),
        ("Two weeks after Ruiz lost her cool on a rope line, Lin jabbed at her on the same topic.",
         "evaluative_idiom", "lost her cool"),
        ("Repeating lines from his speech at the convention, Bale rubbished Ostrander's claim.",
         "evaluative_idiom", "rubbished"),
        ("Bale's folksy demeanor is an asset for Ruiz among harbor workers.", "evaluative_idiom", "folksy"),
        ("Quoting from his much-praised speech at the convention, Bale turned on Ostrander.",
         "evaluative_idiom", "much-praised"),
        ("One area that Ruiz has failed thus far to change is the harbor's budget.", "evaluative_idiom",
         "has failed thus far"),
        # A label, now with "-phobic".
        ("On Saturday, Ostrander and his Islamophobic remarks loomed large at the forum.", "verdict_word",
         "Islamophobic"),
        # A mock compound, the writer's even in what someone is reported to say.
        ("Ruiz claimed that there is anxiety in Lin's not-quite-so-long-shot campaign for mayor.",
         "mock_compound", "not-quite-so-long-shot"),
        ("That follows not-so-good news that the harbor's traffic fell 12% in March.", "mock_compound",
         "not-so-good"),
    ],
)
def test_the_writers_voice_beyond_single_words_is_found(sentence: str, signal: str, words: str) -> None:
    assert voice(outside_quotes(sentence)) == (signal, words)
    assert verdict(outside_quotes(sentence)) == words


@pytest.mark.parametrize(
    "sentence",
    [
        # Someone's words: quoted, reported, tagged, or "according to" someone.
        "“Ruiz lost her cool on the rope line,” Lin said.",
        "Lin said Ruiz had stretched the truth about the port.",
        "Ruiz will not be happy about the video, according to two aides.",
        "Ostrander may have thought the race was over, Lin told reporters.",
        "Lin wrote that Bale was apparently unable to put down his phone.",
        "“If that wasn't bad enough, they cut the ferry too,” Ruiz said.",
        # A named group's view, not a guess told as a crowd's.
        "At that point, many strategists think, Ostrander would be difficult to stop.",
        # Hedged facts and plain reporting in the same words.
        "That site apparently went down a few minutes later.",
        "Investigators said the driver may have violated the harbor's speed limit.",
        "Ostrander's campaign may have spent more than $2 million in March.",
        "The endorsement was one the Ruiz campaign had long coveted.",
        "I always hoped I'd see this once before I died.",
        "If all the attention on the budget isn't enough to inspire a rewrite, this study may be.",
        "Lin brought some much-needed local support to the campaign.",
        "The much-anticipated meeting unfolded Thursday morning.",
        "Ostrander will be happy to meet the harbor workers on Friday, his office said.",
        "The terrorism debate touched on Islamophobia, gun control and civil liberties.",
        "The council has failed to pass a budget for the third year in a row.",
    ],
)
def test_reported_words_and_plain_reporting_are_not_the_writers_voice(sentence: str) -> None:
    assert voice(outside_quotes(sentence)) == ("", "")
