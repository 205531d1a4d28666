"""Speaker names: words the small model took into a name or for one, found in a PolNeAR train audit.

Each text is made up in the style of the article that was misattributed; the pronoun must stand
for the person the article is about, not for a headline's verb, a one-word question, a
participle, a family, or a namesake the people index found where it missed the speaker.
"""

from __future__ import annotations

from quote_helpers import speaker_of as _speaker_of


def test_headline_verb_is_not_part_of_the_name() -> None:
    """HuffPost 2016-09-16 "Black Lawmakers Rip Donald Trump": "Trump … he said" is Donald Trump."""
    text = (
        "Black Lawmakers Rip Donald Trump\n\nThe lawmakers met on Monday in Washington. Donald Trump was in "
        "Ohio. Trump has record low support among black voters. “Look at how much these communities are "
        "suffering,” he said in August."
    )
    assert _speaker_of(text, "Look at how much") == "Donald Trump"


def test_one_word_question_is_no_person() -> None:
    """NYT 2016-09-24: "Harsh? He doesn't think so." — the tagger calls "Harsh" a person."""
    text = (
        "In his 2002 book, Mr. Kevin McKinley suggested asking yourself whether you would rather help your "
        "kid go to college.\n\nHarsh? He doesn't think so. “I don't judge what people choose to spend money "
        "on,” he said."
    )
    assert _speaker_of(text, "I don't judge") == "Kevin McKinley"


def test_opening_participle_is_no_person() -> None:
    """Breitbart 2016-04-23: "Conceding that …, he warned" — "Conceding" tagged a person."""
    text = (
        "Obama departs the UK for Germany today, where he will be greeted by thousands of Germans protesting "
        "against the Transatlantic Trade and Investment Partnership (TTIP). In a riff on his famous campaign "
        "line, they will hold banners proclaiming: “Yes we can – Stop TTIP!”\n\nBut he leaves behind a "
        "furious backlash against the statements made during his British trip, particularly his warning "
        "that Britain would go have to the “back of the queue” if it wanted a trade deal with the US.\n\n"
        "Conceding that there would likely be a US-UK trade agreement “down the line” he warned: “It’s not "
        "going to happen any time soon, because our focus is on negotiating with a big bloc, the EU.”"
    )
    assert _speaker_of(text, "It’s not going") == "Obama"


def test_family_in_the_plural_is_no_he() -> None:
    """Western Journal 2015-12-19: "D’Souza went on to explain that the Clintons’ commitment …
    “…,” he said" — not "Clintons"; the tagger misses D’Souza, so no one is better than the family."""
    text = (
        "Dinesh D’Souza made his prediction on Monday about Hillary Clinton.\n\nD’Souza went on to explain "
        "that the Clintons’ commitment to power is unrelenting. “I respect their ruthlessness,” he said."
    )
    assert _speaker_of(text, "I respect") != "Clintons"


def test_name_the_parser_made_a_modifier_is_a_person() -> None:
    """Washington Post 2016-01-20: "candidate Carly Fiorina strode onstage" (tagged ORG, "Fiorina" a
    modifier of "onstage"): her later "Fiorina" and "she" are hers, not her husband's or Roy Verley's."""
    text = (
        "The campus auditorium was half-empty when GOP presidential candidate Carly Fiorina strode onstage, "
        "smiling and waving.\n\nHer husband, Frank Fiorina, sat in the front row with Roy Verley, a former "
        "spokesman.\n\nFiorina, 61, declined requests for an interview. When asked about the merger, she "
        "defended her decision. “If you are not leading, you are failing,” she said."
    )
    assert _speaker_of(text, "If you are not leading") == "Carly Fiorina"


def test_headline_word_before_a_surname_is_not_a_first_name() -> None:
    """Politico 2016-02-10 "Top Clinton adviser sent …": "Clinton" is Hillary Clinton, not "Top Clinton"."""
    text = (
        "Top Clinton adviser sent 'top secret' messages to her private account.\n\nHillary Clinton's top "
        "national security staffer Jake Sullivan was one of the authors. In an email, Sullivan had to explain "
        "to Clinton that he couldn't send her a statement. Clinton seemed irritated: “It's a public statement! "
        "Just email it,” she wrote."
    )
    assert _speaker_of(text, "It's a public statement") == "Hillary Clinton"


def test_office_before_a_known_first_name_is_not_part_of_the_name() -> None:
    """Politico 2015-12-09: "Former Hewlett-Packard CEO Carly Fiorina named …" (tagged ORG) is Carly
    Fiorina, whom the "she" after it stands for, not the singer named before her."""
    text = (
        "Kelly Clarkson, the inaugural “American Idol” winner, sang at the event.\n\nFormer Hewlett-Packard "
        "CEO Carly Fiorina named a Washington favorite as her guilty pleasure. “’House of Cards,’” she said, "
        "“although I haven’t had time to binge watch the last season!”"
    )
    assert _speaker_of(text, "although I haven’t") == "Carly Fiorina"


def test_speaking_surname_the_tagger_missed_is_in_the_people_index() -> None:
    """Western Journal 2015-12-19: "Dinesh D’Souza" and "D’Souza replied" are tagged common nouns,
    "Dinesh" is on no list of first names: his "he added" is his, not the host's who asked him."""
    text = (
        "Best-selling author Dinesh D’Souza made his prediction on Monday.\n\nAfter BlazeTV’s Glenn Beck "
        "asked the conservative who he thought would win the presidency, D’Souza replied, “If I had to bet "
        "now, I would bet on Hillary.”\n\n“We should never confuse who we want to win, with who is going to "
        "win,” he added."
    )
    assert _speaker_of(text, "We should never confuse") == "Dinesh D’Souza"


def test_apposition_to_the_subjects_apposition_is_the_subject() -> None:
    """NYT 2016-09-07: "The other man, his cousin James York, 40, cited Mr. Trump's apparent fondness
    for President Vladimir V. Putin …. ''…,'' he said" is York's, not Putin's."""
    text = (
        "One of the men, Jessie Elkins, 70, had served in Vietnam and said he was convinced that Mr. Trump's "
        "rash nature would lead America into war. The other man, his cousin James York, 40, cited Mr. Trump's "
        "apparent fondness for President Vladimir V. Putin of Russia as a potential danger. ''He's talking "
        "too much trash,'' he said."
    )
    assert _speaker_of(text, "He's talking") == "James York"


def test_name_ends_before_a_word_in_lower_case() -> None:
    """USA Today 2016-06-27: the tagger's "Juan "Chico" Manriquez of" ends at the surname."""
    text = (
        'In downtown San Francisco, a group dressed in "We are Orlando" T-shirts marched in silence holding '
        'pictures of the 49 Pulse victims. Juan "Chico" Manriquez of Oakland carried one of the photos. "I '
        'pretty much cried the whole parade," he said.'
    )
    assert _speaker_of(text, "I pretty much") == 'Juan "Chico" Manriquez'


def test_owner_the_tagger_took_for_a_place_is_the_person() -> None:
    """Western Journal 2015-12-16: "Palin’s pugnacious posts …" (tagged GPE) is Sarah Palin, whom the
    "she" after it stands for, not the commenter quoted before."""
    text = (
        "Sarah Palin posted a message about ISIS on Monday.\n\n“This is why ISIS has to be destroyed,” wrote "
        "Pete Hidalgo.\n\nPalin’s pugnacious posts about ISIS include one last week saying the danger had been "
        "understated in the debate over GOP presidential candidate Donald Trump’s immigration plan.\n\n“When "
        "information shows someone comes to America after being in a radical Islamic stronghold, then we are "
        "right,” she wrote."
    )
    assert _speaker_of(text, "When information shows") == "Sarah Palin"


def test_a_name_inside_the_speakers_description_does_not_speak() -> None:
    """Politico 2015-12-01 (helper-113's read): "“It is not the position that everything is
    hunky-dory,” Gene Sperling, a top outside Clinton adviser, said" went to Clinton: the parser
    gave "said" no subject, and the nearest name was the one that describes the speaker."""
    text = (
        "The effort reflects her advisers’ wariness of the polls. “It is not the position that everything is "
        "hunky-dory,” Gene Sperling, a top outside Clinton adviser, said at a recent event on the economy in Iowa."
    )
    assert _speaker_of(text, "It is not the position") == "Gene Sperling"


def test_a_first_name_the_dictionary_knows_is_kept_mid_line() -> None:
    """helper-114's review: "Will Smith said …" mid-paragraph lost "Will" (a dictionary word the
    article writes in lower case) as if it were a headline's word, and "he" went to Jada Pinkett Smith."""
    text = (
        "Jada Pinkett Smith said on Monday that she would boycott the Oscars. Her husband backed her. Will Smith "
        "said he will not attend either. “It is about inclusion,” he said."
    )
    assert _speaker_of(text, "It is about inclusion") == "Will Smith"
