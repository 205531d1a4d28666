"""Page debris kept out of digests: headings repeated in the text, a newsletter's ALL-CAPS
item headings and bullets, and the other items of a roundup clustered with a story.

The texts are shaped like the real pages these came from (a deck line above the dateline
paragraph, a morning newsletter's "HEADING\u00a0Sentence …" items), with invented events. The
analyses are written by hand so the sentence spans and entity tags are exactly the ones
each case needs. Every kept span must stay verbatim: ``article.text[start:end] == text``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdigest.records import Analysis, Article, Sentence
from newsdigest.write import write_digest
from newsdigest.write.candidates import clean_sentence, prepare
from write_helpers import clean_at, hand_analysis, spans

T0 = datetime(2026, 7, 25, 6, tzinfo=UTC)


def _article(aid: str, text: str, title: str = "", source: str = "Test Wire", hours: int = 0) -> Article:
    return Article(id=aid, url=f"https://example.org/{aid}", text=text, title=title, source=source,
                   published=T0 + timedelta(hours=hours))


def _cited_verbatim(d, arts: list[Article]) -> None:
    """Every citation's source span stands word for word in its paragraph."""
    texts = {a.id: a.text for a in arts}
    for p in d.paragraphs:
        for c in p.citations:
            assert texts[c.article_id][c.start : c.end] in p.text


# --- 1. the title or the deck repeated in the text -------------------------------------

REPORT = (
    "Curfew ends, but the port city stays on edge as troops patrol empty streets.\n\n"
    "HARBORVILLE - Nearly a week after the police shooting of a delivery driver sparked protests, "
    "the city of Harborville remains in a state of limbo.\n\n"
    "Shops along the waterfront stayed shut on Sunday and the streets were unusually quiet.\n\n"
    "Mayor Elena Ruiz said the curfew would not return unless the protests turned violent again."
)


def test_a_deck_line_above_the_dateline_paragraph_is_a_heading() -> None:
    art = _article("r", REPORT, title="Harborville struggles to return to normal")
    assert clean_at(art, "Curfew ends").reason == "heading"
    lede = clean_at(art, "HARBORVILLE")
    assert lede.reason == "" and lede.text.startswith("Nearly a week after")
    assert clean_at(art, "Shops along").reason == ""


def test_a_one_line_opening_without_a_dateline_below_is_the_lede() -> None:
    text = REPORT.replace("HARBORVILLE - ", "")
    art = _article("r", text, title="Harborville struggles to return to normal")
    assert clean_at(art, "Curfew ends").reason == ""


def test_the_title_or_a_part_of_it_repeated_in_the_text_is_a_heading() -> None:
    text = (
        "Governor and challenger tout their own records at veterans forum.\n\n"
        "Governor Dana Whitfield and her challenger Tom Brandt sparred over the state's veterans "
        "hospitals on Wednesday, each saying the other lacks the judgment to run them.\n\n"
        "Governor and challenger tout their own records at veterans forum, the station's banner read."
    )
    title = "Rivals court veterans; Governor and challenger tout their own records at veterans forum"
    art = _article("t", text, title=title)
    repeated = "Governor and challenger tout their own records at veterans forum."
    assert clean_at(art, repeated).reason == "heading"
    assert clean_at(art, "Governor Dana Whitfield").reason == ""
    # A sentence that only starts like the title is a sentence.
    assert clean_at(art, "Governor and challenger tout their own records at veterans forum,").reason == ""
    whole = _article("w", "Rivals court veterans at forum in the capital.\nThe forum ran for two hours.",
                     title="Rivals court veterans at forum in the capital")
    assert clean_at(whole, "Rivals court").reason == "heading"


# A newspaper's deck printed above the body with no dateline below it, shaped like the
# Washington Post's "Lack of attention to Democratic race hurting rivals Sanders, O'Malley."
# above "Amid the din of the Republican race …".
DECKED = (
    "Lack of attention to Democratic race hurting rivals Hale, Ortiz.\n\n"
    "Amid the din of the Republican race for governor and the scramble of the week before the holidays, "
    "few voters noticed that the Democrats held a debate in Kestrel City on Saturday night.\n\n"
    "Maria Quill, the Democratic front-runner, is gathering her strength while the Republicans fight.\n\n"
    "Tom Hale and Ana Ortiz have struggled to draw crowds or money since the debate."
)
DECK_NAMES = {"Maria Quill": "PERSON", "Quill": "PERSON", "Tom Hale": "PERSON", "Hale": "PERSON",
              "Ana Ortiz": "PERSON", "Ortiz": "PERSON", "Kestrel City": "GPE"}


def test_a_headline_style_first_line_is_a_deck_without_a_dateline_below() -> None:
    art = _article("d", DECKED, title="As spotlight shines on the Republicans, Quill is gathering her strength")
    assert clean_at(art, "Lack of attention").reason == "deck"  # no finite verb
    assert clean_at(art, "Amid the din").reason == ""
    # Without a full stop, a first line is a headline's too ("Brand leads pack; security a top issue;").
    label = _article("l", "Brand leads pack; security a top issue;\n\n" + DECKED.split("\n\n", 1)[1])
    assert clean_at(label, "Brand leads pack").reason == "deck"
    # Further down, a verbless line is not the page's deck (it is dropped for its own reasons).
    later = _article("m", DECKED.split("\n\n", 1)[1] + "\n\nLack of attention to Democratic race hurting rivals.")
    assert clean_at(later, "Lack of attention").reason != "deck"
    # A one-line opening with a verb is the lede (see the test below), and so is one whose verb
    # is "wants to" or "she's".
    for opening in ("Maria Quill wants to see Kestrel City become the state capital.",
                    "Amid the din of the race, she's seen as the candidate of the party's leaders."):
        first = _article("o", opening + "\n\n" + DECKED.split("\n\n", 1)[1])
        assert clean_at(first, opening[:20]).reason == "", opening


# Washington Post decks with a verb and a full stop: "Protest is set as Jewish leaders consider
# qualms about GOP front-runner.", "Senator from Texas says he cannot allow Clinton to win the
# presidency.", "Plan would create huge experiment in effects of higher labor costs."
def test_a_first_line_with_a_headlines_bare_subject_is_a_deck() -> None:
    # The text writes "protest", "campaign", "senator" and "plan" in lower case too: common nouns.
    body = DECKED.split("\n\n", 1)[1] + (
        "\n\nThe protest was small, a campaign aide told the senator, whose plan failed."
    )
    for deck in ("Protest is set as party leaders weigh qualms about front-runner.",
                 "Senator from Kestrel says she cannot let Quill win the governorship.",
                 "Plan would create huge experiment in effects of higher school budgets.",
                 "Campaign criticizes debate rules and timing of final forum."):
        art = _article("k", deck + "\n\n" + body)
        assert clean_at(art, deck[:15]).reason == "deck", deck
        assert clean_at(art, "Amid the din").reason == ""


def test_a_first_line_whose_bare_subject_a_sentence_allows_is_the_lede() -> None:
    body = DECKED.split("\n\n", 1)[1]
    openings = (
        "Security is tight in Kestrel City as delegates arrive for the convention.",  # a mass noun
        "Turnout was high across the county on Tuesday despite the rain.",  # a past tense
        "Quill has won the backing of the teachers union in the race for governor.",  # a name
        "Candidates scramble to raise money before the filing deadline.",  # a plural
        "Secrecy is not new to the governor's race in Kestrel City.",  # "is" with no participle
    )
    for opening in openings:
        art = _article("s", opening + "\n\n" + body)
        assert clean_at(art, opening[:15]).reason == "", opening


def test_a_deck_does_not_lead_the_digest() -> None:
    other = (
        "Maria Quill won the backing of the state's largest teachers union on Monday, widening her lead "
        "over Tom Hale and Ana Ortiz in the Democratic race for governor.\n\n"
        "Hale said the endorsement showed that Quill was the candidate of the party's leaders."
    )
    arts = [_article("post", DECKED, title="As spotlight shines on the Republicans, Quill is gathering her strength"),
            _article("wire", other, hours=20)]
    analyses = {a.id: hand_analysis(a, DECK_NAMES) for a in arts}
    d = write_digest(1, arts, analyses)
    text = " ".join(p.text for p in d.paragraphs)
    assert "Lack of attention" not in text, text
    assert prepare(arts, analyses, {}).dropped["deck"] == 1


# --- 2. a newsletter's ALL-CAPS item headings and bullets -------------------------------

def test_an_all_caps_item_heading_is_cut_off_its_sentence() -> None:
    text = ("TOP STORIES.\n"
            "COUNCIL CHAIR DANA WHITFIELD RESIGNS\u00a0After months of criticism over leaked emails, "
            "council chair Dana Whitfield resigned on Sunday, a day before the budget vote.\n"
            "‘VOTERS ASK IF GRIDLOCK IS BECOMING A FACT OF LIFE’\u00a0“In less than two weeks, the council "
            "has missed three deadlines and lost two members.”\n")
    art = _article("n", text)
    cut = clean_at(art, "COUNCIL CHAIR")
    assert cut.reason == ""
    assert cut.text.startswith("After months of criticism") and cut.text.endswith("budget vote.")
    assert cut.start == text.index("After months")
    # What is left after the heading is a quote nobody is named as saying: not a sentence.
    assert clean_at(art, "‘VOTERS ASK").reason == "unattributed_quote"


def test_a_sentence_that_is_all_heading_is_dropped() -> None:
    art = _article("n", "1. FIREWORKS FLY IN FIRST ONE-ON-ONE COUNCIL DEBATE.\n"
                        "WHAT SECTOR OF THE ECONOMY IS STILL STRONG.\n")
    assert clean_at(art, "1. FIREWORKS").reason == "heading"
    assert clean_at(art, "WHAT SECTOR").reason == "heading"


def test_a_title_case_link_heading_is_a_heading() -> None:
    """Issue #3 (an editor's read): a page's "Related:" list of headline links was printed as
    sentences ("… the candidates finally got down to business. GOP Candidates Resoundingly
    Reject The Idea Of A Minimum Wage Hike. Rand Paul Scores Direct Hit On Donald Trump.")."""
    art = _article("l", "At the debate in Milwaukee, the candidates finally got down to business on Tuesday.\n"
                        "Related:\n"
                        "Council Candidates Resoundingly Reject The Idea Of A Parking Fee Hike.\n"
                        "Rand Paul Scores Direct Hit On Donald Trump.\n"
                        "Dana Ortiz And Lee Park Met With The Board In Denver On Monday.\n"
                        "Dana Ortiz met Lee Park, Ben Stone and Ann Grey in Denver.\n")
    for opening in ("Council Candidates", "Rand Paul Scores", "Dana Ortiz And"):
        assert clean_at(art, opening).reason == "heading", opening
    # A sentence of names is a sentence; so is one whose only capitals are a name's.
    assert clean_at(art, "Dana Ortiz met").reason == ""
    assert clean_at(art, "At the debate").reason == ""


def test_capitals_that_belong_to_the_sentence_stay() -> None:
    text = ("NATO, EU and UN officials met in Brussels on Monday to discuss the ceasefire terms.\n"
            "CNN, NBC, ABC News and Fox all carried the speech live on Tuesday night.\n"
            "BLACK LIVES MATTER signs lined the route of the march through the city centre.\n")
    art = _article("c", text)
    for opening in ("NATO, EU", "CNN, NBC", "BLACK LIVES"):
        sent = clean_at(art, opening)
        assert sent.reason == "" and sent.text.startswith(opening)


def test_a_list_bullet_is_cut_off() -> None:
    art = _article(
        "b", "BEFORE YOU GO.\n~ Two former college punters died in a car wreck over the weekend.\n"
    )
    sent = clean_at(art, "~ Two")
    assert sent.reason == "" and sent.text.startswith("Two former college punters")


# --- 3. a roundup's other items in a story of several articles ---------------------------

STORY_REPORT = (
    "The city council issued a formal apology to residents on Monday after leaked emails showed staff "
    "favoring the Brandt campaign. "
    "Council chair Dana Whitfield announced on Sunday that she will resign after the budget vote. "
    "Deputy chair Omar Haddad will take over until the November election. "
    "The apology was signed by Haddad, not Whitfield. "
    "Protesters outside the council chamber booed every mention of the budget. "
    "The vote is scheduled for Tuesday evening."
)
NEWSLETTER = (
    "TOP STORIES.\n"
    "COUNCIL CHAIR DANA WHITFIELD RESIGNS\u00a0After months of criticism over leaked emails, Dana Whitfield "
    "resigned from the council on Sunday, a day before the budget vote. "
    "Omar Haddad will take over as interim chair.\n"
    "[Metro Desk]\n"
    "AUSTRALIAN OLYMPIC TEAM REFUSES TO STAY IN VILLAGE\u00a0The team cited blocked toilets, broken lifts "
    "and exposed wiring in the athletes' flats in Rio.\n"
    "[Wire]\n"
    "VERIZON TO BUY YAHOO\u00a0The sale is expected to expand the company's move into internet assets. "
    "Verizon is the parent company of AOL, which owns The Morning Post.\n"
    "[Reuters]\n"
    "BEFORE YOU GO.\n"
    "~ Two former college punters died in a car wreck over the weekend.\n"
    "~ A woman left her car after a family argument and was attacked by a tiger in a safari park.\n"
)
NAMES = {"Dana Whitfield": "PERSON", "Whitfield": "PERSON", "Omar Haddad": "PERSON", "Haddad": "PERSON",
         "Brandt": "PERSON", "Rio": "GPE", "Verizon": "ORG", "AOL": "ORG", "Yahoo": "ORG"}
OFF_TOPIC = ("The team cited", "The sale is expected", "Verizon is the parent", "Two former college punters",
             "A woman left her car")


def _story() -> tuple[list[Article], dict[str, Analysis]]:
    arts = [
        _article("report", STORY_REPORT, title="Council apologises over leaked emails", source="City Herald"),
        _article("email", NEWSLETTER, title="Monday's Morning Email", source="morning-post", hours=1),
    ]
    return arts, {a.id: hand_analysis(a, NAMES) for a in arts}


def test_a_roundups_other_items_are_off_topic() -> None:
    arts, analyses = _story()
    story = prepare(arts, analyses, {})
    by_text = {s.text: s for s in story.sents}
    for opening in OFF_TOPIC:
        sent = next(s for t, s in by_text.items() if t.startswith(opening))
        assert sent.key in story.set_aside, opening
    # The roundup's item about the story stays (its heading cut off), and so do the report's
    # sentences that name nobody the newsletter names: they hang on the report's others.
    kept = [s.text for s in story.usable if s.key not in story.set_aside]
    assert any(t.startswith("After months of criticism over leaked emails") for t in kept)
    assert "Protesters outside the council chamber booed every mention of the budget." in kept
    assert "The vote is scheduled for Tuesday evening." in kept
    assert story.dropped["off_topic"] == len(OFF_TOPIC) == len(story.set_aside)


def test_the_digest_leaves_the_roundup_items_out_and_cites_verbatimspans() -> None:
    arts, analyses = _story()
    d = write_digest(1, arts, analyses)
    body = " ".join(p.text for p in d.paragraphs)
    assert "Whitfield" in body
    for opening in (*OFF_TOPIC, "COUNCIL CHAIR", "AUSTRALIAN OLYMPIC", "~"):
        assert opening not in body
    _cited_verbatim(d, arts)


def test_a_single_article_keeps_its_asides() -> None:
    arts, analyses = _story()
    story = prepare(arts[1:], {"email": analyses["email"]}, {})
    assert not story.set_aside and not story.dropped["off_topic"]
    assert any(s.text.startswith("Two former college punters") and not s.reason for s in story.sents)


def test_a_capitalised_subject_followed_by_a_day_is_not_a_heading() -> None:
    text = "THE SUPREME COURT Tuesday ruled that states may ban the sale of the devices outright."
    art = Article(id="sc", text=text, source="Wire", title="")
    s = clean_sentence(art, 0, 0, len(text))
    assert s.text == text and s.reason == ""


# --- 4. fragments a sentence splitter leaves, and the reporter's own voice ---------------

def test_a_sentence_cut_after_a_title_is_joined_again() -> None:
    # The splitter stops at "Sens." (as spaCy did on a real page): the name list after it
    # is not a sentence of its own, and the first half does not end where it seems to.
    text = (
        "Ruth Alder has held a 20-point lead in the Kestrel polls all winter, with Sens. Tom Brandt "
        "(R-Texas), Ivo Marsh (R-Fla.) and Gov. Lena Kurz in a three-way race for second.\n\n"
        "The primary is on Tuesday and turnout is expected to be high across the state."
    )
    art = _article("p", text)
    cut = text.index("Tom Brandt")
    analysis = Analysis("p", (Sentence(0, cut - 1, text[: cut - 1]), *(
        Sentence(s, e, text[s:e]) for s, e in spans(text) if s >= cut)), (), ())
    story = prepare([art], {"p": analysis}, {})
    texts = [s.text for s in story.usable]
    assert texts[0].startswith("Ruth Alder has held") and texts[0].endswith("in a three-way race for second.")
    assert not any(s.text.startswith("Tom Brandt") for s in story.sents)
    assert all(text[s.start : s.end] == s.text for s in story.sents)  # the joined span stays verbatim


def test_a_numbered_list_items_heading_without_a_verb_is_dropped() -> None:
    text = (
        "Here are five things to watch for in tonight's debate in Milwaukee:\n\n"
        "1) The race to be the next black president.\n\n"
        "As soon as the results were counted on Tuesday, the contest turned into a fight over race.\n\n"
        "2. Both candidates have to win over voters in the South next month.\n\n"
        "3) The art of running from the front in a long primary season.\n\n"
        "4. Clinton lost the youth vote to Sanders by a wide margin in Iowa."
    )
    art = _article("l", text)
    assert clean_at(art, "1) The race").reason == "list_heading"
    assert clean_at(art, "3) The art").reason == "list_heading"
    item = clean_at(art, "2. Both")  # an item that is a sentence stays, without its number
    assert item.reason == "" and item.text.startswith("Both candidates")
    assert clean_at(art, "4. Clinton").reason == ""  # an irregular past is a verb too
    # The splitter gave the number a sentence of its own ("1)", then "The race …").
    start = text.index("The race")
    assert clean_sentence(art, 2, start, text.index("\n", start)).reason == "list_heading"
    # A line that only opens with a figure is no list item.
    plain = _article("f", "12 people were hurt when the stage collapsed at the rally on Sunday.")
    assert clean_at(plain, "12 people").reason == ""


def test_this_reporter_is_the_outlets_own_voice() -> None:
    text = ("Protesters gathered outside the courthouse in Tulsa on Tuesday afternoon.\n"
            "This reporter was on the scene Tuesday for a protest of the shooting downtown.\n"
            "The reporters' questions went unanswered by the police chief on Tuesday.")
    art = _article("r", text)
    assert clean_at(art, "This reporter").reason == "personal_voice"
    assert clean_at(art, "The reporters'").reason == ""


def test_a_sentence_pointing_at_the_pages_picture_or_video_is_dropped() -> None:
    text = ("Ed Henry stirred controversy on Wednesday evening when he posted the following picture to Twitter.\n"
            "The photo is of the candidate walking with her staff during a commercial break.\n"
            "Watch the full interview below for what the governor said.\n"
            "The senator, pictured above, declined to comment on the vote on Tuesday.\n"
            "The following day, police arrested a man near the station in Queens.\n"
            "Oil prices rose above $100 a barrel for the first time since the spring.\n"
            "The photo was taken in 2009 by a neighbour who lived across the street.\n"
            "“Look at the chart below and tell me we are fine,” the minister said on Monday.\n"
            "George Zimmerman (left) shot and killed Trayvon Martin (right) in February 2012 in Florida.\n"
            "Marco Rubio (R) and John Kasich (R) failed to win any of the states that voted on Tuesday night.\n"
            # a photo's caption: a person in the present of the picture, dated in full or by a year
            "Sanford police officer Timothy Smith holds up the gun used in the shooting during the 2013 trial.\n"
            "Republican candidate Donald Trump speaks at a campaign rally in Greensboro on June 14, 2016.\n"
            # a report tells a dated act in the past; a present without a date is the news
            "Donald Trump spoke at a campaign rally in Greensboro on June 14, 2016, before flying home.\n"
            "Governor Isabel Carrow speaks at the rally in Kestrel City later on Tuesday evening.\n"
            # what the page shows next (the pages set: a list of teams, a chart of seizures)
            "Below are all the teams that qualified for the regional finals this weekend.\n"
            "Here's the most recent data on drug seizures at the southern border crossings.\n"
            "Here in Kestrel City the count went on past midnight on Tuesday.")
    art = _article("m", text)
    for dropped in ("Ed Henry", "The photo is", "Watch the", "The senator", "George Zimmerman", "Sanford police",
                    "Republican candidate", "Below are", "Here's the"):
        assert clean_at(art, dropped).reason == "media_reference", dropped
    for kept in ("The following day", "Oil prices", "The photo was", "“Look at", "Marco Rubio", "Donald Trump spoke",
                 "Governor Isabel", "Here in"):
        assert clean_at(art, kept).reason == "", kept  # the quote's "below" is the minister's


def test_the_dateline_place_is_read_as_the_text_writes_it() -> None:
    from newsdigest.write.candidates import dateline_place

    assert dateline_place("Trump's rivals pull their punches.\n\nMIAMI — Donald Trump came to Miami.") == "Miami"
    assert dateline_place("KYIV, Ukraine (AP) — Russia struck Kyiv at dawn.") == "Kyiv"
    # HuffPost's horizontal bar (U+2015) is a dash too.
    assert dateline_place("WASHINGTON ― Paul Manafort left Washington.") == "Washington"
    # Written only in capitals: the writer does not guess the case ("Mcallen").
    assert dateline_place("MCALLEN, Texas (AP) — The border crossing closed.") == ""
    assert dateline_place("The mayor of Miami spoke on Monday.") == ""



def test_the_outlets_call_to_its_reader_is_boilerplate() -> None:
    """Issue #3 (an editor's read of one-article stories from many outlets): a digest ended
    "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube. Listen to Newsbeat live at 12:45
    …", and others carried a syndication note and a page widget's error text."""
    text = ("The label that owns most of the singer's early albums said she may play them at the awards.\n"
            "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.\n"
            "Listen to Newsbeat live at 12:45 and 17:45 weekdays - or listen back here.\n"
            "Be sure to check out the Price Guide for the lowest prices on every model.\n"
            "This article was originally published by Futurism.\n"
            "An error has occurred, please try again later.\n"
            "Follow the money, she said, and you will find the donors online.\n"
            "Shop owners said online sales rose in December for the first time in years.\n")
    art = _article("b", text)
    for opening in ("Follow Newsbeat", "Listen to Newsbeat", "Be sure to", "This article was", "An error"):
        assert clean_at(art, opening).reason == "boilerplate", opening
    # Someone's words, and a report about shops, are no call to the reader.
    for opening in ("Follow the money", "Shop owners", "The label"):
        assert clean_at(art, opening).reason != "boilerplate", opening


def test_a_dateline_in_the_places_own_case_is_cut_off_the_lede() -> None:
    """Issue #3: local papers write the dateline in the place's own case ("Indianapolis – Several
    thousand teachers …", "Dekalb, Ill. — Mike Glass …"), and the lede kept it. Only on the
    article's first lines and before a spaced dash and a capital: not "Obama — who …" in mid-text."""
    art = _article("d", "Dekalb, Illinois — Mike Glass opened the shop on Main Street in 1988 with two chairs.\n"
                        "Business has been good since the factory reopened in the spring.\n")
    lede = clean_at(art, "Dekalb")
    assert lede.text.startswith("Mike Glass opened the shop") and lede.start == art.text.index("Mike Glass")
    art = _article("e", "Indianapolis – Several thousand teachers rallied at the Statehouse on Tuesday.\n")
    assert clean_at(art, "Indianapolis").text.startswith("Several thousand teachers")
    body = _article("f", "The district's teachers met again on Monday.\nA day later the union voted.\n"
                         "Its leaders met at the hall.\nThe vote was close.\nThey will meet again.\n"
                         "Marion County – The board said it would answer the union by Friday.\n")
    assert clean_at(body, "Marion County").text.startswith("Marion County – The board")


def test_a_fact_checks_claim_is_not_told_as_fact() -> None:
    """Snopes 2019-11 (the extraction pages): the claim under review ("Claim" over it, "Rating:
    Unproven" under it) led the digest and made its headline, a falsehood told as fact."""
    text = ("Claim\n\nFormer ambassador Mara Ellison has a net worth of $17 million.\n\nRating\n\nUnproven\n\n"
            "Origin\n\nOn Friday, former ambassador Mara Ellison testified before the committee.\n\n"
            "Claim: The council spent $2 million on the mayor's new office last year.\n\n"
            "Some social media users pointed to gossip sites to support the claim about her wealth.\n")
    art = _article("f", text)
    assert clean_at(art, "Former ambassador Mara").reason == "claim"
    assert clean_at(art, "Claim: The council").reason == "claim"
    # The fact-checker's own reporting, under its own label or none, is usable.
    assert clean_at(art, "On Friday").reason == ""
    assert clean_at(art, "Some social media").reason == ""
    # A news subheading in the plural is no fact-check's label (helper-111's review).
    art = _article("g", "Claims\n\nInsurers paid out $3 billion in storm claims across the state last year.\n")
    assert clean_at(art, "Insurers paid").reason == ""


# --- an archive copy's abstract ---------------------------------------------------------

# A newspaper's archive copy (PolNeAR's New York Times texts): the title, the editors' abstract
# under an "ABSTRACT." label, then the article under "FULL TEXT.". The abstract tells again what
# the body reports: beside the body it was a fact told twice ("… But in the past week, any
# semblance of friendship ended." then "In the past week, any semblance of a friendship between
# Mr. Trump and Bill Clinton came to an ugly end …"), and as a lede it was one angle of the story
# ("Paul Manafort will retain his title of campaign chairman, but …" over Trump's hiring of Bannon).
ARCHIVE = (
    "Deputy keeps title.\n\n"
    "ABSTRACT.\n\n"
    "Deputy Mayor Alan Pike will retain his title, but the hiring of Rosa Lind was seen by some as a "
    "demotion for him.\n\n"
    "FULL TEXT.\n\n"
    "Mayor Tom Brandt has shaken up his office for the second time in two months, hiring a top official "
    "from the port authority as his chief of staff.\n\n"
    "Deputy Mayor Alan Pike will retain his title, though the hiring was seen by some as a demotion.\n"
)


def test_an_archive_copys_abstract_is_not_told_and_the_body_leads() -> None:
    art = _article("a", ARCHIVE, title="Mayor hires port official as chief of staff; Deputy keeps title")
    assert clean_at(art, "Deputy Mayor Alan Pike will retain his title, but").reason == "abstract"
    assert clean_at(art, "Mayor Tom Brandt has shaken").reason == ""
    assert clean_at(art, "Deputy Mayor Alan Pike will retain his title, though").reason == ""
    # No "FULL TEXT." below: no archive's abstract, whatever the label above says.
    loose = _article("b", "ABSTRACT.\n\nThe council approved the budget for the new harbour on Monday night.\n")
    assert clean_at(loose, "The council approved").reason == ""
    names = {"Tom Brandt": "PERSON", "Alan Pike": "PERSON", "Rosa Lind": "PERSON", "Pike": "PERSON"}
    other = _article("o", "The city's new chief of staff, a port authority veteran, starts work on Monday at "
                          "city hall, where Mayor Tom Brandt has promised a leaner office.\n", source="Other", hours=2)
    d = write_digest(1, [art, other], {x.id: hand_analysis(x, names) for x in (art, other)})
    assert d.lede.startswith("Mayor Tom Brandt has shaken up his office"), d.lede
    assert "hiring of Rosa Lind" not in " ".join(p.text for p in d.paragraphs)


def test_the_united_states_in_capitals_is_no_personal_voice() -> None:
    """AFP via Breitbart 2016-08-15 (PolNeAR): the lede "Vice President Joe Biden on Monday hit the
    2016 campaign trail with Hillary Clinton …, accusing him of endangering the lives of US
    troops." had been set aside as the outlet's own voice, for "US" read as "us"."""
    text = ("Vice President Joe Biden on Monday hit the campaign trail with Hillary Clinton for the first time, "
            "accusing Donald Trump of endangering the lives of US troops.\n"
            "The vice president said the choice is the clearest in decades, i.e. a choice of values.\n"
            "The vice president said the choice before us is the clearest in decades.\n"
            "Let us be clear: the senator has voted against the bill four times this year.")
    art = _article("u", text)
    assert clean_at(art, "Vice President Joe Biden").reason == ""
    assert clean_at(art, "The vice president said the choice is").reason == ""  # "i.e." is no "I"
    assert clean_at(art, "The vice president said the choice before").reason == "personal_voice"  # "us" still is
    assert clean_at(art, "Let us be clear").reason == "personal_voice"
    magazine = _article("m", "The actor told Us Weekly on Monday that he had left the show after six years.")
    assert clean_at(magazine, "The actor told").reason == ""


# --- a wire's market instrument codes ---------------------------------------------------

MARKETS = (
    "Stocks slipped on Tuesday as oil prices fell on worries about oversupply.\n\n"
    "On Wall Street, the Dow Jones Industrial Average .DJI fell 102.2 points, or 0.36%, to 27,934.02, "
    "and the Nasdaq Composite .IXIC added 20.72 points, or 0.24%, to 8,570.66.\n\n"
    "Shares of Harbor Freight Lines (HFL.N) rose 4% after the shipper raised its forecast.\n\n"
    "Benchmark 10-year notes US10YT=RR last rose 7/32 in price, and Brent crude LCOc1 fell 3% to $61.10.\n\n"
    "The .NET team at Harbor Freight Lines said the outage was fixed."
)


def test_instrument_codes_are_dropped_and_the_words_around_them_cited() -> None:
    art = _article("m", MARKETS, title="Stocks slip as oil falls")
    d = write_digest(1, [art], {"m": hand_analysis(art, {})})
    text = " ".join(p.text for p in d.paragraphs)
    assert "Dow Jones Industrial Average fell 102.2 points" in text
    assert "Nasdaq Composite added" in text
    assert "Harbor Freight Lines rose 4%" in text
    assert "notes last rose 7/32" in text and "Brent crude fell 3%" in text
    for code in (".DJI", ".IXIC", "(HFL.N)", "US10YT=RR", "LCOc1"):
        assert code not in text
    assert "The .NET team" in text  # a product's name, no code
    from newsdigest.write.units import Piece, house_style

    for prose in ("The Washington (D.C) office and the doctorate (Ph.D) stay.",
                  "ICANN approved the .XXX domain and Amazon .COM sales rose."):
        assert "".join(p.text for p in house_style([Piece(prose, 0, len(prose))])) == prose
    twice = "The Dow .DJI .SPX fell."  # two codes in a row: no empty piece between them
    pieces = house_style([Piece(twice, 0, len(twice))])
    assert "".join(p.text for p in pieces) == "The Dow fell." and all(p.text for p in pieces)
    _cited_verbatim(d, [art])  # each piece around a code is cited word for word
    cited = [art.text[c.start : c.end] for p in d.paragraphs for c in p.citations]
    assert any(span.endswith("Dow Jones Industrial Average") for span in cited)


def test_a_tables_rows_are_markup_every_sentence_of_them() -> None:
    # A page's table as the extractor writes it (a team's snap counts): each row, and the
    # sentence the splitter cuts off a row's cell, is no prose; the notes below the table are.
    text = (
        "Below, we look at the snap counts on defense for the Kestrels' game against the Herons.\n"
        "| Pos | Player | Plays | % | Stats |\n"
        "| DL | Oren Falk | 63 | 85% | 2 tackles. 1 sack, 1 TFL, 2 QH. |\n"
        "Oren Falk and Tavi Moss have been playing a ton of snaps all season.\n"
        "Sione Takitaki played 6 snaps | CB | Greedy Wills | 73 | 99% | 6 tackles on the day.\n"
    )
    art = _article("t", text, title="Kestrels' defensive snap counts")
    for start in ("| Pos", "| DL", "1 sack", "Sione Takitaki"):
        assert clean_at(art, start).reason == "markup", start
    assert clean_at(art, "Oren Falk and Tavi Moss").reason == ""
    assert clean_at(art, "Below, we look").reason != "markup"


def test_a_links_imperative_text_is_boilerplate() -> None:
    text = (
        "Oats and bananas make a good meal before a workout, the trainers at the Kestrel gym said.\n\n"
        "Pro tip: Get more pre-workout meal ideas here!\n\n"
        "Read the full report here.\n\n"
        "Voters see little change here, the mayor of Kestrel said on Monday."
    )
    art = _article("g", text)
    assert clean_at(art, "Pro tip").reason == "boilerplate"
    assert clean_at(art, "Read the full").reason == "boilerplate"
    assert clean_at(art, "Voters see").reason == ""  # a place's "here", not a link


def test_a_full_stop_after_the_closing_quote_mark_goes_inside() -> None:
    # British papers' "… “becomes uncontrollable”." is printed in the digest's own style, as the
    # sentences it builds are: the words before the mark still cited verbatim.
    text = (
        "The ambassador warned that the government would act if the situation in the port “becomes uncontrollable”.\n\n"
        "The foreign office urged an “end to the violence” and said talks should resume on Monday.\n\n"
        "Officials said the harbour would reopen on Tuesday after a week of protests."
    )
    art = _article("b", text, title="Ambassador warns on port unrest")
    d = write_digest(1, [art], {"b": hand_analysis(art, {})})
    body = " ".join(p.text for p in d.paragraphs)
    assert "“becomes uncontrollable.”" in body and "uncontrollable”." not in body
    assert "an “end to the violence” and said" in body  # mid-sentence, nothing to move
    from newsdigest.write.units import Piece, house_style

    inch = "The suspect is 5’2”. He fled on foot."  # an inch's mark, no quote to close
    assert "".join(p.text for p in house_style([Piece(inch, 0, len(inch))])) == inch
    _cited_verbatim(d, [art])


def test_a_shopping_or_reference_pages_furniture_stays_out() -> None:
    text = (
        "The new Kestrel tablet went on sale on Friday at a price of $199, the company said.\n\n"
        "Kestrel Daily may receive a commission on orders placed through this article.\n\n"
        "Prices are subject to change without notice.\n\n"
        "#Kestrels Oren Falk has been solid in run support all season long.\n\n"
        "The #MeToo movement has changed how the company handles complaints, its chief said.\n\n"
        "#BlackLivesMatter activists blocked the road outside the company's offices on Monday.\n\n"
        "Under the settlement, agents may receive a commission only if the seller agrees to pay it.\n\n"
        "Tip O'Neill once said that all politics is local, the company's founder recalled.\n\n"
        "Summary The tablet is lighter than last year's model and its battery lasts longer.\n\n"
        "Alarm fatigue is common among nurses on busy wards [1], [2].\n\n"
        "[1] Alarm fatigue: impacts on patient safety, Ruskin KJ, Curr Opin Anaesthesiol 2015."
    )
    art = _article("s", text, title="Kestrel tablet goes on sale")
    for start in ("Kestrel Daily may", "Prices are", "#Kestrels Oren", "[1] Alarm"):
        assert clean_at(art, start).reason == "boilerplate", start
    # Prose that shares their words: a tag in a sentence, a broker's commission, a name like a label.
    for start in ("The #MeToo", "#BlackLivesMatter", "Under the settlement"):
        assert clean_at(art, start).reason == "", start
    assert clean_at(art, "Tip O'Neill").text.startswith("Tip O'Neill once said")
    summary = clean_at(art, "Summary The tablet")
    assert summary.reason == "" and summary.text.startswith("The tablet is lighter")
    d = write_digest(1, [art], {"s": hand_analysis(art, {})})
    body = " ".join(p.text for p in d.paragraphs)
    assert "common among nurses on busy wards." in body and "[1]" not in body and "[2]" not in body
    from newsdigest.write.units import Piece, house_style

    studies = "Skipping meals raised the risk of binge eating (2). Smith (45) said water helps (10, 11)."
    assert "".join(p.text for p in house_style([Piece(studies, 0, len(studies))])) == (
        "Skipping meals raised the risk of binge eating. Smith (45) said water helps."  # an age stays
    )


def test_a_right_honourables_title_does_not_end_the_sentence() -> None:
    from newsdigest.write.candidates import sentence_spans

    text = "The speaker is the Rt. Hon. Ada Nzeribe, who was sworn in on Tuesday in the capital."
    art = _article("h", text)
    raw = [Sentence(0, 22, text[:22]), Sentence(23, len(text), text[23:])]  # the splitter's cut after "Rt."
    assert sentence_spans(art.text, raw) == [(0, len(text))]
