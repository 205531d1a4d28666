"""Titles in capitals and unnamed speakers, as British and wire copy write them.

"The Prime Minister, Theresa May, said" is Theresa May's, with her post as the role; "the
Prime Minister said" is whoever the article gave that post. A "he" after "A Downing Street
spokesman said: …" is the spokesman's, who has no name, not the last person named before him:
a wrong name on a quote is worse than none.
"""

from __future__ import annotations

import pytest

from newsdigest.quotes import scan_quotes


def _who(text: str, start: str) -> tuple[str, str]:
    [q] = [d.quote for d in scan_quotes(text).quotes if d.quote.text.startswith(start)]
    return q.speaker, q.role


@pytest.mark.parametrize(
    ("text", "start", "speaker", "role"),
    [
        ("The Prime Minister, Theresa May, said the deal was 'the best available'.", "the best", "Theresa May",
         "Prime Minister"),
        ('"We are not going anywhere," the Prime Minister, Theresa May, told reporters.', "We are", "Theresa May",
         "Prime Minister"),
        ('The Foreign Secretary, Boris Johnson, said it was "a great day for Britain".', "a great", "Boris Johnson",
         "Foreign Secretary"),
        # A common noun did so before, and still does.
        ('The company\'s chief executive, John Smith, said the results were "a turning point for us."', "a turning",
         "John Smith", "company's chief executive"),
    ],
)
def test_a_title_in_capitals_apposed_to_a_name_is_the_names_role(text: str, start: str, speaker: str,
                                                                   role: str) -> None:
    assert _who(text, start) == (speaker, role)


def test_the_title_alone_is_whoever_the_article_gave_it() -> None:
    text = (
        "Theresa May, the Prime Minister, met EU leaders on Monday.\n\n"
        '"We will deliver Brexit," the Prime Minister said after the talks.'
    )
    assert _who(text, "We will") == ("Theresa May", "Prime Minister")


def test_a_pronoun_after_a_title_in_capitals_is_the_person_holding_it() -> None:
    text = ("The Prime Minister, Theresa May, said the deal was 'the best available'. "
            "'We have delivered on the referendum,' she told MPs on Tuesday.")
    assert _who(text, "We have")[0] == "Theresa May"


@pytest.mark.parametrize(
    ("text", "start", "role"),
    [
        ("Labour leader Jeremy Corbyn said the deal would fail.\n\n"
         "A Downing Street spokesman said: ‘The Prime Minister is confident.’ He added: ‘We’re making progress.’",
         "We’re making", "Downing Street spokesman"),
    ],
)
def test_a_pronoun_after_an_unnamed_speaker_is_theirs(text: str, start: str, role: str) -> None:
    assert _who(text, start) == ("", role)


@pytest.mark.parametrize(
    ("text", "start", "speaker"),
    [
        # The pronoun's gender is not the description's: the person named before.
        ('Jeb Bush campaigned in Iowa. A spokeswoman said: "He is confident." "We will win," he said.', "We will",
         "Jeb Bush"),
        # Someone named between the description and the pronoun.
        ('An aide said the crowd was large. Donald Trump agreed. "It was huge," he said.', "It was", "Donald Trump"),
        # A description with a name apposed is that person.
        ('A spokesman for the campaign, Rick Tyler, said: "We are ready." "We will win," he said.', "We will",
         "Rick Tyler"),
        # The description is not quoted: the "he" goes on from the person named before.
        ("Boris Johnson was in Brussels on Tuesday for talks. A Downing Street spokesman said the meeting had "
         "been constructive. Later he told reporters: “We had a very good meeting and I am optimistic.”",
         "We had", "Boris Johnson"),
        ("Andy Murray withdrew from the tournament on Monday. A spokesman said the decision was taken on "
         "medical advice. He said: “I am devastated not to be playing at Wimbledon.”", "I am devastated",
         "Andy Murray"),
        # The description names someone, who may be whom the "he" means.
        ("A source close to Jose Mourinho said he had lost patience with the squad. He told the players: "
         "“That was unacceptable from all of you.”", "That was", "Jose Mourinho"),
        # A definite description may be someone named before: not taken by this rule.
        ('Ted Cruz spoke on Monday. The senator said: "We are ready." "We will win," he said.', "We will",
         "Ted Cruz"),
    ],
)
def test_a_pronoun_keeps_the_named_person_where_the_description_cannot_be_meant(text: str, start: str,
                                                                               speaker: str) -> None:
    assert _who(text, start)[0] == speaker


@pytest.mark.parametrize(
    ("text", "start", "role"),
    [
        # The tagger calls the lower-case "foreign" and "ministry" proper nouns: "foreign" was the name.
        ("Russia's foreign ministry said it viewed Washington's move as \"another measure contradicting\" the "
         "legal footing for a peace deal.", "another", "Russia's foreign ministry"),
        ('The French foreign ministry said it "regrets any decision likely to encourage settlement building".',
         "regrets", "French foreign ministry"),
    ],
)
def test_a_body_in_lower_case_is_a_description_not_a_name(text: str, start: str, role: str) -> None:
    assert _who(text, start) == ("", role)


def test_the_agent_in_a_clause_is_not_whom_a_pronoun_means_over_the_story_s_subject() -> None:
    """BBC Newsbeat 2019-11-19: "she" is Taylor Swift, not Scooter Braun, who bought her label."""
    text = (
        "A row involving Taylor Swift and her former record label looks like it's coming to an end.\n\n"
        "Swift got high profile support last week.\n\n"
        "Taylor Swift's first six albums were released through Big Machine, which was bought out by a "
        "company owned by talent manager Scooter Braun earlier this year.\n\n"
        'In a Tumblr post at the time she described this as the "worst case scenario".'
    )
    assert _who(text, "worst case")[0] == "Taylor Swift"


def test_the_agent_in_a_clause_still_speaks_when_nobody_else_is_named() -> None:
    text = (
        "The label was bought out by a company owned by talent manager Scooter Braun earlier this year.\n\n"
        'In a post at the time he described this as "the best deal of my life".'
    )
    assert _who(text, "the best deal")[0] == "Scooter Braun"
