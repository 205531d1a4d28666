"""The headline tells the lede's event: a title that shares no word of it pays when the lede's
own article's title, a plain report, does, or when the lede's main clause stands whole.

A story of several days holds several events (the shooting, the family's phone video, the
police footage, the city in limbo a week on); the most central title may report another one
than the lede tells ("Phone video is first public look at Charlotte death" over a lede on the
city in limbo, PolNeAR). The analyses are written by hand so the tags are the ones each case
needs; the lede is set by hand too (which sentence leads is ``select``'s choice, not this rule's).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdigest.records import Article
from newsdigest.write import prepare, score, selection
from newsdigest.write.headline import _choices, headline, looks_ahead
from newsdigest.write.units import Unit, plain_unit
from write_helpers import hand_analysis, led_by

LIMBO = (
    "Nearly a week after the police shooting of a black man sparked violent protests, the city of "
    "Harborville remains in a state of limbo. Shops along Main Street stayed shuttered on Monday and the "
    "curfew was extended for a third night. City officials said the curfew would stay until the streets "
    "were calm. Many residents said they were afraid to return to work while the protests continued. "
    "A phone video of the death, the first public look at it, was shared widely in the city."
)
VIDEO = (
    "A phone video recorded by the wife of Keith Lamont Scott gives the first public look at his death in "
    "Harborville. The video shows officers shouting at Scott to drop a gun before shots are heard. "
    "Police Chief Kerr Putney said the video did not show whether Scott was holding a gun. "
    "The family's lawyers released the recording on Friday and asked the police to release their own "
    "footage. Protests over the shooting continued in Harborville on Friday night."
)
FOOTAGE = (
    "The Harborville police released body camera footage of the shooting of Keith Lamont Scott on Saturday. "
    "Police Chief Kerr Putney said the footage and the phone video together showed that Scott held a gun. "
    "Scott's family said the footage did not answer their questions about the shooting. "
    "The phone video remains the first public look at his death, the family said. "
    "Protests over the shooting continued in Harborville on Saturday."
)
NAMES = {"Keith Lamont Scott": "PERSON", "Scott": "PERSON", "Kerr Putney": "PERSON", "Putney": "PERSON",
         "Harborville": "GPE", "Main Street": "FAC"}
VIDEO_TITLE = "Phone video is first public look at Scott death"
FOOTAGE_TITLE = "Family unconvinced by body camera footage"


def _limbo_lede(limbo_title: str, limbo: str = LIMBO) -> tuple[object, list[Unit], str]:
    """The story, its units with the limbo report's opening as the lede, and the headline."""
    arts = [
        Article(id="post", text=limbo, source="Post", title=limbo_title,
                published=datetime(2026, 9, 26, 6, tzinfo=UTC)),
        Article(id="wire", text=VIDEO, source="Wire", title=VIDEO_TITLE,
                published=datetime(2026, 9, 24, 9, tzinfo=UTC)),
        Article(id="times", text=FOOTAGE, source="Times", title=FOOTAGE_TITLE,
                published=datetime(2026, 9, 25, 9, tzinfo=UTC)),
    ]
    analyses = {a.id: hand_analysis(a, NAMES) for a in arts}
    story = prepare(arts, analyses, {})
    score(story)
    units = selection.select(story, words=400, strict=False)
    lede = plain_unit(next(s for s in story.sents if s.article_id == "post" and s.text.startswith("Nearly")))
    units = [lede, *(u for u in units if u.key != lede.key)]
    return story, units, headline(story, units, analyses)


def test_a_central_title_on_another_event_gives_way_to_the_ledes_own_title():
    story, units, head = _limbo_lede("Harborville struggles to return to normal after shooting")
    assert head == "Harborville struggles to return to normal after shooting"
    choices = {c.text: c for c in _choices(story, units)}
    # The phone video's title is the closest to the story (the video runs through every
    # article), but it shares no word with the lede: it loses on the penalty alone.
    assert choices[VIDEO_TITLE].closeness > choices[head].closeness
    assert choices[VIDEO_TITLE].penalty >= 0.5 and choices[head].penalty == 0.0


# The lede without a clause that stands whole as a headline (no break within 16 words).
LIMBO_LONG = LIMBO.replace(
    "Nearly a week after the police shooting of a black man sparked violent protests, the city of "
    "Harborville remains in a state of limbo.",
    "Nearly a week after the police shooting of a black man sparked violent protests the shuttered city of "
    "Harborville and its frightened residents remain in a state of limbo and dread.",
)


def test_a_lede_title_in_one_outlets_voice_or_a_label_makes_no_other_title_pay():
    # A speaker's label, a label without a verb, a title sharing only the place's name with
    # the lede: none of them reports the lede's event plainly. With the lede's whole main
    # clause to tell it, a title on another event pays and the clause is the headline; without
    # one, the closest title stands.
    for title in ("Mayor: Harborville 'in a state of limbo' after shooting",
                  "A week of limbo in Harborville",
                  "Harborville holds its breath"):
        story, units, head = _limbo_lede(title)
        assert head == "The city of Harborville remains in a state of limbo", title
        assert {c.text: c.penalty for c in _choices(story, units)}[VIDEO_TITLE] >= 0.5
        story, units, head = _limbo_lede(title, LIMBO_LONG)
        assert head == VIDEO_TITLE, title
        assert {c.text: c.penalty for c in _choices(story, units)}[VIDEO_TITLE] == 0.0


@pytest.mark.parametrize(
    ("title", "ahead"),
    [
        # An intent in a participle's phrase after a clause says why the clause's act was done.
        ("Some Republicans promote Sanders' candidacy, trying to embarrass Clinton", False),
        ("Trump heads to Mexico, hoping to reset his campaign", False),
        # The intent is the headline's own predicate.
        ("After Iowa loss, Clinton hoping to rebound in Nevada", True),
        ("Clinton tries to avoid setback in Nevada amid Sanders surge", True),
    ],
)
def test_an_intent_after_a_reported_act_does_not_look_ahead(title, ahead):
    assert looks_ahead(title) is ahead


def test_a_one_article_storys_title_never_pays_for_its_scene_setting_lede():
    """Issue #3 (an editor's read of one-article stories from many outlets): a feature opening
    on a scene shares no word with its own title, which paid as a title on another event would,
    and a clause cut out of the scene became the headline. One article has no other event."""
    text = ("Dockworkers sang on the quay at dawn as the first boat in a month left for the islands. "
            "The ferry strike in Harborville ended late on Sunday when the union and the port authority "
            "signed a deal after weeks of talks. Ferry services will run on the normal timetable from "
            "Tuesday, the port authority said. The strike had cut the islands off from the mainland for a month.")
    art = Article(id="one", text=text, source="Harbour Gazette", title="Harborville ferry strike is over",
                  published=datetime(2026, 9, 26, 6, tzinfo=UTC))
    analyses = {art.id: hand_analysis(art, NAMES)}
    story, units = led_by([art], analyses, "Dockworkers")
    assert headline(story, units, analyses) == "Harborville ferry strike is over"


def test_the_name_printed_before_a_claim_brings_the_built_headline_no_closeness():
    # A fresh story: Fiorina's say led ("Donald Trump is on solid ground attacking Bill Clinton,
    # Carly Fiorina said Monday."), and once the built headline named her ("Carly Fiorina says
    # …"), her name's closeness to the lede beat the Times's title of the story. It is scored as
    # the lede's clause; the name is only printed.
    fiorina = Article(
        id="f", source="Capitol Wire", title="Fiorina: Bill Clinton is fair game",
        published=datetime(2026, 12, 28, 15, tzinfo=UTC),
        text=("Donald Trump is on solid ground attacking Bill Clinton, Carly Fiorina said Monday. But the former "
              "chief executive added that it is not the way to win the White House."),
    )
    times = Article(
        id="t", source="Daily Record", title="Trump turns attacks on another Clinton",
        published=datetime(2026, 12, 31, 9, tzinfo=UTC),
        text=("Donald Trump once defended Bill Clinton against allegations of scandal. In the past week, Donald "
              "Trump turned his attacks on Bill Clinton as the campaign fought over sexism. Donald Trump said Bill "
              "Clinton had a history of attacks on women."),
    )
    names = {"Donald Trump": "PERSON", "Trump": "PERSON", "Bill Clinton": "PERSON", "Clinton": "PERSON",
             "Carly Fiorina": "PERSON", "Fiorina": "PERSON"}
    arts = [fiorina, times]
    analyses = {a.id: hand_analysis(a, names) for a in arts}
    story, units = led_by(arts, analyses, "Donald Trump is on solid ground")
    choices = _choices(story, units)
    built = next(c for c in choices if c.built)
    assert built.text.startswith("Carly Fiorina says Donald Trump is on solid ground"), built.text
    unnamed = [c for c in choices if not c.built]
    assert any(c.text == "Trump turns attacks on another Clinton" for c in unnamed)
    assert headline(story, units) == "Trump turns attacks on another Clinton", [c.text for c in choices]
