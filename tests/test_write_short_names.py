"""After the first mention a person is called by the surname, unless the digest names someone
else with it.

Held-out read (issue #3): a digest wrote "Ted Cruz" in nine sentences running, because the
quote attribution "Cruz spokesman Rick Tyler said" was checked as "Rick Tyler Cruz spokesman",
which reads as another person called Cruz.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdigest.records import Article
from newsdigest.write import select as selection
from newsdigest.write.candidates import prepare
from newsdigest.write.layout import short_names
from newsdigest.write.salience import score
from newsdigest.write.units import Piece, Unit
from write_helpers import hand_analysis, hand_quote


def _story(text: str, people: list[str], quotes=()):
    art = Article(id="a", text=text, source="Test Wire", title="", published=datetime(2016, 1, 16, tzinfo=UTC))
    analysis = hand_analysis(art, {p: "PERSON" for p in people}, tuple(q(art) for q in quotes))
    story = prepare([art], {art.id: analysis}, {})
    score(story)
    return story, selection.select(story, words=400, strict=False)


def test_a_role_before_a_speakers_name_is_not_another_person_with_the_surname():
    text = (
        "Senator Ted Cruz attacked Donald Trump's record on immigration at a rally in Des Moines on Saturday.\n"
        "Cruz said the front-runner had given money to Democrats for years before he ran for the nomination.\n"
        "“We have three weeks to go until the caucuses,” Cruz spokesman Rick Tyler said after the rally.\n"
        "Cruz told supporters in the hall that Iowa would decide the Republican race this winter."
    )
    quote = lambda art: hand_quote(art, "We have three weeks to go until the caucuses,", "Rick Tyler", "Cruz spokesman")
    story, units = _story(text, ["Ted Cruz", "Cruz", "Donald Trump", "Trump", "Rick Tyler"], [quote])
    assert any(u.quote is not None and u.quote.speaker == "Rick Tyler" for u in units)
    assert short_names(story, units)["Ted Cruz"] == "Cruz"


def test_a_unit_reads_its_names_where_a_first_mention_prints_them():
    role_before = Unit("a", 2, (Piece("Cruz spokesman ", name="Rick Tyler"), Piece(" said.")), None)
    assert role_before.text.startswith("Cruz spokesman Rick Tyler")
    role_after = Unit("a", 2, (Piece(", the Cruz spokesman,", name="Rick Tyler", role_after=True), Piece(" said.")), None)
    assert role_after.text.startswith("Rick Tyler, the Cruz spokesman,")
    courtesy = Unit("a", 2, (Piece("Mr. ", name="Rick Tyler", courtesy=True), Piece(" said.")), None)
    assert courtesy.text.startswith("Rick Tyler said")


def test_someone_else_the_digest_names_with_the_surname_keeps_both_in_full():
    text = (
        "Senator Ted Cruz attacked Donald Trump's record on immigration at a rally in Des Moines on Saturday.\n"
        "Cruz said the front-runner had given money to Democrats for years before he ran for the nomination.\n"
        "His wife Heidi Cruz told the crowd in the hall that the campaign had knocked on every door in the state.\n"
        "Cruz told supporters in the hall that Iowa would decide the Republican race this winter."
    )
    story, units = _story(text, ["Ted Cruz", "Cruz", "Donald Trump", "Trump", "Heidi Cruz"])
    assert "Heidi Cruz" in " ".join(u.text for u in units)
    # Not shortened: either the writer keeps the name as the sources write it (a surname two
    # people share is no key), or it keeps it in full.
    assert short_names(story, units).get("Ted Cruz", "Ted Cruz") == "Ted Cruz"


def _speaking(name: str) -> Unit:
    return Unit("a", 0, (Piece("", name=name), Piece(" said.")), None)


BIDEN_SAID = (
    "Vice President Joseph R. Biden Jr. said the remarks made him a danger to allies.\n"
    "Biden said on Monday that he would reassure allies on his trip to Kosovo."
)


@pytest.mark.parametrize(
    ("text", "people", "name", "short"),
    [
        # The fresh editor's read: "Joseph R. Biden Jr said, “…”" after "Vice President Joseph
        # R. Biden Jr. said …" and "Vice President Joe Biden …" — the same man.
        ("Vice President Joe Biden spoke in Scranton on Monday about the election.\n" + BIDEN_SAID,
         ["Joe Biden", "Joseph R. Biden Jr.", "Biden"], "Joseph R. Biden Jr", "Biden"),
        # The father in the story: the son keeps his whole name.
        ("Donald Trump spoke in Scranton on Monday about the election.\n"
         "Donald Trump Jr. said the remarks were taken out of context by reporters.\n"
         "Trump said on Monday that he would win Pennsylvania in November.",
         ["Donald Trump", "Donald Trump Jr.", "Trump"], "Donald Trump Jr", "Donald Trump Jr"),
        # Another of the family in the story (his son): so does he.
        ("Beau Biden served in Iraq before his death last year.\n" + BIDEN_SAID,
         ["Beau Biden", "Joseph R. Biden Jr.", "Biden"], "Joseph R. Biden Jr", "Joseph R. Biden Jr"),
    ],
)  # fmt: skip
def test_a_name_with_a_suffix_is_called_by_the_surname_when_no_one_else_has_it(text, people, name, short):
    story, _ = _story(text, people)
    assert short_names(story, [_speaking(name)])[name] == short


def test_a_surname_with_a_particle_is_one_person():
    # The auto set's h02 (after the abstract change): "Mayor Bill de Blasio" was printed in full
    # twice: the tagger's "de Blasio" and "De Blasio" (opening a sentence) read as other people
    # with the surname, and "Bill de Blasio", with a word in lower case, was no full name at all.
    text = (
        "Donald Trump called on Mayor Bill de Blasio to restart the surveillance of mosques in the city.\n"
        "De Blasio said the police had closed the unit because it had produced no leads in ten years.\n"
        "The unit was a failure, de Blasio said at a news conference at City Hall on Friday.\n"
        "Mayor Bill de Blasio rejected criticism from Trump that closing the unit made the city less safe."
    )
    story, units = _story(text, ["Donald Trump", "Trump", "Bill de Blasio", "De Blasio", "de Blasio"])
    assert story.persons.get("Blasio") == "Bill de Blasio"
    assert short_names(story, units).get("Bill de Blasio") == "de Blasio"
    # A first name that is also a particle elsewhere ("al-Assad") is a first name: Al Gore.
    story, units = _story("Former Vice President Al Gore endorsed Hillary Clinton on Monday in Nashville.\n"
                          "Gore said the election would decide the future of the climate accord.",
                          ["Al Gore", "Gore", "Hillary Clinton"])
    assert story.persons.get("Gore") == "Al Gore"


def test_a_bare_surname_with_its_particle_gets_the_full_name_once():
    # PolNeAR train (the LLM bench's one refusal): "al Ashry said he was accompanying his wife"
    # was given the full name as "al Ahmed al Ashry said": the particle stayed before it.
    from newsdigest.write.units import named_unit

    text = ("Ahmed al Ashry and Reham Mosad were returning home to Cairo after a month-long stay in Paris.\n"
            "According to the school, al Ashry said he was accompanying his wife for her treatment in France.")
    story, _ = _story(text, ["Ahmed al Ashry", "al Ashry", "Reham Mosad", "Mosad"])
    sent = next(s for s in story.sents if s.text.startswith("According to the school"))
    unit = named_unit(story, sent)
    assert "".join(p.text for p in unit.pieces).startswith("According to the school, "), unit.pieces
    assert not any(p.text.endswith("al ") for p in unit.pieces), unit.pieces
    assert any(p.name == "Ahmed al Ashry" for p in unit.pieces), unit.pieces
