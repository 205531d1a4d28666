"""The quote extractor on hand-written news paragraphs, plus a property test for offsets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest.quotes import extract_quotes, find_marked_spans, scan_quotes


def _check_verbatim(text: str, quotes) -> None:
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


def test_partial_quote_with_role_from_premodifier() -> None:
    text = (
        "Harbour authority chief executive Margaret Okonjo on Tuesday warned that "
        "“a second closure of the canal would cost every shipper in the region dearly.”"
    )
    [q] = extract_quotes(text)
    _check_verbatim(text, [q])
    assert q.text == "a second closure of the canal would cost every shipper in the region dearly."
    assert q.speaker == "Margaret Okonjo"
    assert "chief executive" in q.role
    assert q.verb == "warned"


def test_split_quote_gives_two_records_with_one_speaker_and_pronoun_resolved() -> None:
    text = (
        "Tomasz Wielgus, the city's transport commissioner, opened the new tram line on Friday.\n\n"
        "“We waited eleven years for this bridge,” he told reporters, “and the wait was worth it.”"
    )
    quotes = extract_quotes(text)
    _check_verbatim(text, quotes)
    assert [q.text for q in quotes] == [
        "We waited eleven years for this bridge,",
        "and the wait was worth it.",
    ]
    assert {q.speaker for q in quotes} == {"Tomasz Wielgus"}
    assert {q.verb for q in quotes} == {"told reporters"}
    assert all("transport commissioner" in q.role for q in quotes)


def test_straight_marks_and_surname_resolves_to_full_name() -> None:
    text = (
        'Opposition leader Rosalind Achterberg criticised the budget on Monday. '
        'Later, Achterberg said: "This budget asks the poorest families to pay for a tax cut they will never see."'
    )
    [q] = extract_quotes(text)
    _check_verbatim(text, [q])
    assert q.text.startswith("This budget asks")
    assert q.speaker == "Rosalind Achterberg"
    assert q.verb == "said"


def test_a_speaker_is_named_without_the_characters_that_print_nothing() -> None:
    # PolNeAR: "Doug \u00adAndres, a spokesman for Ryan, told the Post" had put the soft hyphen in
    # the name the page's list of quotes prints.
    text = (
        "Doug \u00adAndres, a spokesman for the \u202aharbour board, told the Ledger, "
        '"The board has not been briefed on the new terms of the dredging contract."'
    )
    [q] = extract_quotes(text)
    _check_verbatim(text, [q])
    assert q.speaker == "Doug Andres"
    assert "\u202a" not in q.role and "\u00ad" not in q.role


def test_inverted_attribution_and_she() -> None:
    text = (
        "Senator Helen Marsh met the striking nurses outside the hospital in Leeds.\n\n"
        "“Nobody goes into nursing to get rich, but nobody should have to choose between rent and food,” "
        "she said."
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Helen Marsh"
    assert q.verb == "said"


def test_pronoun_skips_a_person_of_the_other_gender() -> None:
    text = (
        "Mr. Daniel Orbeck, the mayor, spoke after meeting Mrs. Clara Voss, the head of the residents' group.\n\n"
        "“We have agreed on a timetable for the repairs and we will keep to it,” he said."
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Daniel Orbeck"


def test_pronoun_is_the_subject_of_the_sentence_before_not_a_name_qualifying_a_noun() -> None:
    """PolNeAR train, HuffPost 2016-02-07 (reduced): "he" after "… Reagan’s dictum" is Carson,
    the person the sentence is about, not the last name written (a possessive before a noun)."""
    text = (
        "Ben Carson spoke after the debate.\n"
        "But if Carson implied that he would not criticize Cruz, he did not exactly follow "
        "Ronald Reagan’s dictum in his next comment.\n"
        "He said that the announcement was an “insult to the hundreds and maybe thousands of young volunteers.”"
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Ben Carson"


def test_pronoun_prefers_the_main_clause_subject_over_a_name_in_a_relative_clause() -> None:
    text = (
        "Mr. Arne Lindahl, who has campaigned for Mr. Oskar Brandt since the spring, criticised the plan on Monday.\n"
        "“It is a disgrace and everybody in this town knows it,” he said."
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Arne Lindahl"


def test_known_people_are_people_whatever_the_tagger_reads() -> None:
    """A summary of stories quoting Tim Pawlenty: "Pawlenty said" at a sentence's start, which
    the small model tags as a common noun, is that person when the caller knows him."""
    text = "Pawlenty said, “He can communicate the conservative message in a way that is inviting and not scary.”"
    [q] = scan_quotes(text, people=["Tim Pawlenty", "Marco Rubio"]).quotes
    assert q.quote.speaker == "Pawlenty"
    # A known surname inside a longer entity is that entity's, not the person's.
    other = "The Rubio Foundation said, “He can communicate the conservative message in a way that is inviting.”"
    [plain] = scan_quotes(other).quotes
    [told] = scan_quotes(other, people=["Marco Rubio"]).quotes
    assert told.quote.speaker == plain.quote.speaker != "Rubio"
    # A known surname that is a month, a day or an amount here is not the person.
    month = "The opposition leader attacked the deal in May. “We will leave on time and in good order,” she said."
    [q] = scan_quotes(month, people=["Theresa May"]).quotes
    assert q.quote.speaker != "May"


def test_calling_for_is_a_demand_not_a_speech_verb() -> None:
    """PolNeAR train, Breitbart 2016-06-08 (names changed): "those calling for …" do not say
    the quote that follows; the person urging them does."""
    text = (
        "“Oh, let him make that decision,” said Deputy Mayor Tomas Reyes, urging those calling "
        "for Lindqvist’s withdrawal to “give him time.”"
    )
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["Oh, let him make that decision,", "give him time."]
    assert {q.speaker for q in quotes} == {"Tomas Reyes"}


def test_quote_over_two_paragraphs() -> None:
    text = (
        "Fire chief Ana Lindqvist described the night the warehouse burned.\n\n"
        "“The roof came down within twenty minutes and we had to pull our crews back to the street.\n\n"
        "“Nobody was hurt, which is the only good news tonight,” Lindqvist said."
    )
    quotes = extract_quotes(text)
    _check_verbatim(text, quotes)
    assert len(quotes) == 2
    assert quotes[0].text.startswith("The roof came down")
    assert quotes[0].text.endswith("street.")
    assert quotes[1].text.startswith("Nobody was hurt")
    assert {q.speaker for q in quotes} == {"Ana Lindqvist"}
    assert quotes[0].role == "Fire chief"


def test_apposition_role_and_guillemets() -> None:
    text = "Jean-Luc Marchetti, a French lawmaker, said «the agreement will not survive the winter» on Sunday."
    [q] = extract_quotes(text)
    _check_verbatim(text, [q])
    assert q.text == "the agreement will not survive the winter"
    assert q.speaker == "Jean-Luc Marchetti"
    assert q.role == "French lawmaker"


def test_single_curly_quotes_are_quotes_but_apostrophes_are_not() -> None:
    text = (
        "Coach Peter Halloran didn’t hide his anger. ‘We were robbed of a fair result today,’ "
        "Halloran told the club’s television channel."
    )
    [q] = extract_quotes(text)
    _check_verbatim(text, [q])
    assert q.text == "We were robbed of a fair result today,"
    assert q.speaker == "Peter Halloran"
    assert q.verb.startswith("told")


@pytest.mark.parametrize(
    ("tail", "verb"),
    [
        ("Marsh told ABC's This Week.", "told ABC's This Week"),
        ("Marsh told The New York Times on Sunday.", "told The New York Times"),
        ("Marsh told CNN's State of the Union.", "told CNN's State of the Union"),
    ],
)
def test_told_keeps_an_object_whose_head_comes_later(tail: str, verb: str) -> None:
    # "told" alone is not an attribution a digest can reuse ("Marsh told, “…”"): the
    # object is part of the verb even when the parser puts its head a few words on.
    text = f"\u201cA deal would be in everybody's interest this year,\u201d Senator Ann Marsh said first. \u201cWe can get there,\u201d {tail}"
    quotes = extract_quotes(text)
    _check_verbatim(text, quotes)
    assert quotes[-1].verb == verb


def test_scare_quotes_and_titles_only_give_no_quotes() -> None:
    text = (
        "The council's so-called \u201cgreen corridor\u201d plan was shelved after the \u201creview\u201d found "
        "problems. The film \u201cNorthern Lights\u201d opens next week, and the \u201cexperts\u201d disagree."
    )
    assert extract_quotes(text) == []
    reasons = {d.reason for d in scan_quotes(text).dropped}
    assert reasons <= {"scare_quote", "unattributed"}


def test_continuation_paragraph_keeps_the_speaker() -> None:
    text = (
        "“We expect the first ships to dock by the end of the month,” port director Samuel Osei said.\n\n"
        "“After that, the schedule depends on the weather and on the insurers.”"
    )
    quotes = extract_quotes(text)
    assert len(quotes) == 2
    assert quotes[1].speaker == "Samuel Osei"
    assert quotes[1].role == "port director"


def test_according_to() -> None:
    text = (
        "The bridge will reopen in March, according to engineer Lucia Ferrante, who said the repairs were "
        "“going faster than anyone dared to hope.”"
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Lucia Ferrante"


def test_unclosed_mark_is_dropped_with_a_reason() -> None:
    spans, dropped = find_marked_spans("He said “this never ends\n\nAnd then the meeting closed.")
    assert spans == []
    assert [d.reason for d in dropped] == ["unclosed"]


@pytest.mark.parametrize(
    "first",
    [
        "Femi Adeyemi runs the club on Marina Road. ",  # untagged name, first name unknown to us
        "The festival was organised by Femi Adeyemi, a promoter from Lagos. ",  # tagged ORG
    ],
)
def test_surname_after_said_resolves_to_the_full_name_one_sentence_earlier(first: str) -> None:
    # The small model tags the bare "Adeyemi" after "said" as a place; it is still the person.
    text = first + "“We sold out in an hour and we will add more dates,” said Adeyemi."
    [q] = extract_quotes(text)
    _check_verbatim(text, [q])
    assert q.speaker == "Femi Adeyemi"


def test_outlet_before_a_surname_is_not_a_person() -> None:
    text = (
        "Donald Trump spoke in Ohio on Monday. The Washington Post Trump interview ran on Sunday.\n\n"
        "“We certainly can’t afford to do this anymore,” Trump said."
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Donald Trump"


@pytest.mark.parametrize(
    "text",
    [
        "Hillary Clinton spoke in Denver on Monday. She calls him “Chris.” The crowd cheered.",
        "Hillary Clinton spoke in Denver on Monday. “Chris,” she said. The crowd cheered.",
        "Christie calls the candidate “Mr. Trump,” while Trump refers to the governor as “Chris.”",
    ],
)
def test_a_quoted_name_alone_is_not_a_quote(text: str) -> None:
    scan = scan_quotes(text)
    assert not [d.quote for d in scan.quotes if d.quote.text.strip(" ,.") in ("Chris", "Mr. Trump")]
    assert any(text[d.start : d.end].startswith("Chris") and d.reason == "scare_quote" for d in scan.dropped)


def test_a_short_spoken_word_that_is_not_a_name_is_kept() -> None:
    text = "Hillary Clinton spoke in Denver on Monday. “Absolutely,” she said when asked about the plan."
    [q] = extract_quotes(text)
    assert q.text == "Absolutely,"
    assert q.speaker == "Hillary Clinton"


def test_doc_for_other_text_is_refused() -> None:
    from newsdigest.analyse import nlp

    with pytest.raises(ValueError):
        extract_quotes("“Yes, we will go ahead with the vote,” he said.", nlp()("something else"))


_ALPHABET = st.sampled_from(list("ab cD.,\n\"'“”‘’«»:—") + ["he said", "Anna Berg", "told", " "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_offsets_always_verbatim_and_never_raises(text: str) -> None:
    quotes = extract_quotes(text)
    _check_verbatim(text, quotes)
    spans, dropped = find_marked_spans(text)
    for s in spans:
        assert 0 <= s.open_at < s.start < s.end <= s.close_end <= len(text)
    for d in dropped:
        assert 0 <= d.start <= d.end <= len(text)


def test_she_never_becomes_a_man_named_in_the_sentence_before() -> None:
    """PolNeAR train, Western Journal 2016-09-06 (names changed): the column is hers; the
    tagger misses the bare surname in the sentence before the quote, and "Reagan" (whose
    gender nothing in the text shows) must not take her words."""
    text = (
        "Conservative columnist Edna Varga, who died on Monday, used her final column to compare "
        "the candidate with President Reagan.\n\n"
        "Noting that both Reagan and Kowalski battled the newspapers, Varga put her finger on what "
        "the two men share.\n\n"
        "“Kowalski is the first candidate since Reagan who is comfortable using the vocabulary of "
        "winning,” she wrote."
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Edna Varga"
    assert q.verb == "wrote"


def test_she_with_two_possible_antecedents_stays_unresolved() -> None:
    # Neither name shows a gender and neither is the subject: no speaker beats a guess.
    text = (
        "The letter from Sam Okafor to Robin Achebe arrived on Monday.\n\n"
        "“We will not give up the harbour without a fight,” she wrote."
    )
    [q] = extract_quotes(text)
    assert q.speaker == ""


def test_she_continues_the_she_that_opens_the_sentence_before() -> None:
    """PolNeAR train, Politico 2016-07-27: "She said she'd rather … elect Hillary Clinton" is
    about the campaigner introduced before, so the next "she said" is hers, not Clinton's."""
    text = (
        "“You are always going to have Democrats on both sides,” said Casey Walz, chair of the "
        "schools council.\n\n"
        "Walz approaches it a bit more diplomatically. She said she would rather see money spent to "
        "elect Hillary Clinton than on the campaign against the cap.\n\n"
        "“They are essentially trying to defeat opportunity for kids,” she said."
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Casey Walz", "Casey Walz"]
    assert quotes[1].role == "chair of the schools council"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # A dateline before the dash is not a role (PolNeAR train, Washington Post 2016-07-22, -07-03).
        (
            "CLEVELAND - Donald Trump accepted the Republican presidential nomination here on Thursday.\n\n"
            "“I am your voice,” Trump said in a long address to the delegates.",
            "",
        ),
        (
            "NEW YORK - Republican presidential candidate Donald Trump on Saturday tweeted an image bearing "
            "the words “most corrupt candidate ever!” prompting outrage.",
            "Republican presidential candidate",
        ),
        # A party and state in parentheses is not a role; the title before the name is.
        (
            "“While the results are not yet known, it looks like we are in a virtual tie,” said Sen. "
            "Bernie Sanders (I-Vt.).",
            "Sen.",
        ),
        (
            "Attorney General Roy Cooper (D), the governor's opponent in the election, called for releasing "
            "the videos, saying that transparency “breaks down barriers and brings progress.”",
            "Attorney General",
        ),
        # A plural noun before two names is a group they are in, not one person's role.
        (
            "Rubio still trails rivals Donald Trump and fellow Sen. Ted Cruz in the delegate count.\n\n"
            "Speaking earlier in Florida, Trump insisted that he has “expanded the Republican party,” "
            "claiming credit for the turnout.",
            "",
        ),
        # A title that is only an abbreviation takes the apposition, clause cut off, and stays last.
        (
            "“The Sanders campaign is throwing a lot of money at Nevada,” said Rep. Xavier Becerra, a "
            "California Democrat supporting Clinton who's trying to rally Latinos.",
            "California Democrat Rep.",
        ),
        # The first of two coordinated roles when both together are too long.
        (
            "Raynard Jackson, a black Republican campaign consultant and the host of a satellite radio show, "
            "crossed party lines in 2008.\n\n"
            "“If South Carolina had come before Iowa, Obama wouldn’t have won,” he said.",
            "black Republican campaign consultant",
        ),
        # Of a post held then and one held now, the one held now (PolNeAR: no role had been given).
        (
            "“It also means no other Democrat is getting oxygen,” said Mo Elleithee, a Clinton campaign aide "
            "during her failed 2008 run and now director of the Georgetown University Institute of Politics "
            "and Public Service.",
            "director of the Georgetown University Institute of Politics and Public Service",
        ),
        # "now-defunct" is no post held now.
        (
            "“We were misled,” said Jane Roe, a former lab director at the troubled and now-defunct company "
            "Theranos.",
            "",
        ),
        # "Charlotte Mayor" tagged as a person of its own is still the title of the name after it.
        (
            "“The question is the timing,” Charlotte Mayor Jennifer Roberts said on Friday.",
            "Charlotte Mayor",
        ),
        # A name in the role counts as one word: the whole role, not its first noun (PolNeAR:
        # "president" alone, and nothing for the county chairman).
        (
            '"This is a rallying point for the pro-life movement," said Penny Nance, president and chief '
            "executive of Concerned Women for America.",
            "president and chief executive of Concerned Women for America",
        ),
        (
            "Brian Murphy, the chairman of the Rockingham County GOP in New Hampshire, said Trump continued "
            "to hurt his cause. “I don’t think it’s cut well for him,” he said.",
            "chairman of the Rockingham County GOP in New Hampshire",
        ),
    ],
)
def test_role_from_the_source_sentence(text: str, role: str) -> None:
    [q] = extract_quotes(text)
    assert q.speaker
    assert q.role == role


@pytest.mark.parametrize(
    "text",
    [
        # Other people apposed to the name are not its role.
        "“We will compete,” said Jeff Bezos at Amazon, Mark Zuckerberg at Facebook and Timothy D. Cook "
        "at Apple.",
        # A role cut inside a quoted title is no role (the comma sits inside the closing mark).
        "Susan Sarandon, star of cult classic “Thelma and Louise,” said, “I am not sure I can vote for her.”",
    ],
)
def test_no_role_from_other_people_or_a_cut_title(text: str) -> None:
    [q] = extract_quotes(text)
    assert q.speaker
    assert q.role == ""


def test_a_poll_share_is_not_a_speaker() -> None:
    text = (
        "Only 52 percent of registered voters agreed that Clinton is in “good enough overall health to "
        "serve as president,” while 73 percent said the same of Trump."
    )
    [q] = extract_quotes(text)
    assert q.speaker == ""


def test_the_team_in_an_aside_between_dashes_does_not_chant() -> None:
    """PolNeAR dev, Washington Post 2016-09-26: the protesters chant, not the Panthers named in
    the aside the parser hangs "while chanting" on."""
    text = (
        "Small groups of protesters looped the streets around the stadium - where the league's Charlotte "
        "Panthers played the Minnesota Vikings - while chanting, “Hands up, don't shoot.”"
    )
    [q] = extract_quotes(text)
    assert q.speaker == ""
    assert "Panthers" not in q.role


def test_the_governor_is_not_the_former_governor() -> None:
    text = (
        "Christine Whitman, the former New Jersey governor, criticised the endorsement.\n\n"
        "Christie defended it on his radio show this week.\n\n"
        "“I’ve known him personally for 14 years and I believe he is the best person to beat her,” "
        "the governor said."
    )
    [q] = extract_quotes(text)
    assert q.speaker != "Christine Whitman"


def test_a_possessive_on_someone_else_s_thing_shows_no_gender() -> None:
    """Review: "Sam Carrow attacked her record" says nothing of Carrow's gender when a woman
    was named just before; the quote after it, "he said", stays Carrow's."""
    text = (
        "Jordan Ayotte spoke in Concord on Monday about the state budget.\n\n"
        "Sam Carrow attacked her record on taxes at a rally in Nashua later that evening.\n\n"
        "“She has failed this state and its families for six long years,” he said."
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Sam Carrow"


def test_a_surname_tagged_as_a_place_is_still_the_person_it_names() -> None:
    """PolNeAR dev, USA Today 2016-09-08 (reduced): "Schiff called on …", the tagger reads
    the bare surname as a place; the "he" after it is Schiff, not the Obama named before."""
    text = (
        "Rep. Adam Schiff, the top Democrat on the House Intelligence Committee, called on President "
        "Obama to retaliate against Russia.\n\n"
        '"We\'ve had problems with cyber intrusions from Russia in the past," Obama said after meeting '
        "with Russian President Vladimir Putin. He didn't suggest retaliation.\n\n"
        'Schiff called on the administration to "really call out Russia on this" and consider taking '
        "additional action.\n\n"
        '"We know at least two states have been the subject of hacking already," he said.'
    )
    quotes = extract_quotes(text)
    assert quotes[-1].text.startswith("We know at least two states")
    assert quotes[-1].speaker == "Adam Schiff"


def test_a_full_name_the_tagger_takes_for_a_product_is_still_the_person() -> None:
    """PolNeAR dev, Washington Post 2016-09-21 (reduced): "Ivanka Trump" tagged PRODUCT in
    the sentence before "she wrote"; the quote is hers, not the last speaker's."""
    text = (
        "Ivanka Trump unveiled the plan in an interview with Cosmopolitan.\n\n"
        '"The plan is discriminating against fathers and mothers who adopt," said Carmel Martin, '
        "executive vice president for policy for the Center for American Progress.\n\n"
        "In a Wall Street Journal essay last week, Ivanka Trump acknowledged their uphill battle. "
        '"The number of households led by single mothers has doubled in the past three decades," she wrote.'
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Carmel Martin", "Ivanka Trump"]


def test_he_is_the_person_the_article_is_about_whose_gender_nothing_shows() -> None:
    """PolNeAR dev, Western Journal 2016-09-15 (reduced): nothing shows Ham's gender, and the
    sentence before "he said" names him beside an Obama whose name only qualifies a noun;
    the article is about Ham."""
    text = (
        "A retired general who served under President Barack Obama says the job was demoralizing.\n\n"
        "Retired Army Gen. Carter Ham told a radio host that the cuts had hurt the military.\n\n"
        "“It was demoralizing,” Ham said. “Your whole job as a general is to take care of people.”\n\n"
        "According to Ham, the current administration has shuffled through military leaders because "
        "many disagreed with Obama’s policies.\n\n"
        "“We’re on our fourth secretary of defense,” he said."
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Carter Ham"] * 3


def test_a_first_name_the_tagger_left_out_and_a_form_of_address_are_the_name_not_the_role() -> None:
    # From the demo's Skerry Bank report: the small model tags only "Munro" (the role came out
    # "Skipper Alasdair"), and "the institute's Dr. Annika Roos" gave the role "institute Dr.".
    text = (
        "In Port Calloway, home to the largest fishing fleet on the mainland, the reaction was cool. "
        "Skipper Alasdair Munro, who has fished the Skerry Bank for 30 years, said crews had been "
        "“sold out to get a photo opportunity.”\n\n"
        "Scientists were broadly supportive. The Northern Marine Institute, whose surveys show cod on the "
        "bank at about a third of healthy levels, had called for deeper cuts but praised the trawling ban. "
        "“Closing the spawning ground matters more than the quota number,” said the institute’s Dr. Annika Roos."
    )
    quotes = extract_quotes(text)
    _check_verbatim(text, quotes)
    by_speaker = {q.speaker: q.role for q in quotes}
    assert by_speaker == {"Alasdair Munro": "Skipper", "Annika Roos": ""}, by_speaker
