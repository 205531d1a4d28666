"""A sentence that speaks of "the state", "the county" or "the district" without naming it
leans on its source's sentence before, which named the place (``unnamed_place``).

The cases come from an editor's read of PolNeAR digests ("Clinton and Trump are tied in the
state today." after a sentence about Utah, where the source meant North Carolina; "Clinton
beat rival Sanders in the state's Democratic caucuses Saturday" read after South Carolina
sentences, where the source meant Nevada). The near-misses name the place themselves, or use
the word as a modifier or in a name ("the state party", "the State Department"); "the city"
is left to the story, which is mostly about one city that its lede names.
"""

from __future__ import annotations

import pytest

from newsdigest.write.context import unnamed_place

LEANING = (
    "Clinton and Trump are tied in the state today.",
    "Trump is still a favorite to win the state, leading Clinton by 46 percent to 35 percent.",
    "Clinton beat rival Sanders in the state’s Democratic caucuses Saturday, earning her a second win.",
    "Trump campaigned in the state on Tuesday, his third visit this month.",
    "Officials said the count went smoothly in all but two of the state's rural counties.",
    "Voters in the district backed the incumbent by a wide margin on Tuesday night.",
    "Election officials certified the results for the county late on Friday afternoon.",
    # a name that is no place does not say which state
    "Sanders' focus on the state hasn't gone unnoticed by Clinton's campaign.",
)
STANDING = (
    # the sentence names the place itself
    "Clinton won Ohio on Tuesday, taking most of the state's delegates.",
    "In Iowa, the state's caucuses open the nominating contest every four years.",
    "Bush won North Carolina by double digits in 1988, then the state narrowly went for Obama.",
    "Sen. Ted Cruz won 14 delegates in Wyoming to complete a near-sweep of the state.",
    "In Orange County, the county's registrar counted ballots through the night.",
    "Scott Walker was called a poor steward of the state's economy by the Badger State's Democrats.",
    "Democrats will sue the state of Arizona over voter access to the polls.",
    # "state" as a modifier or in a name, "the state of" a thing
    "Officials at the State Department reviewed the emails for several months.",
    "The state party chairman called for unity after a bruising primary.",
    "A ruling by the district court blocked the new map of congressional seats.",
    "A ruling by the state Supreme Court struck down the voting law last year.",
    "Abortion-rights groups vowed to fight restrictions on the state and local level.",
    "The new poll measures the state of the race in every battleground.",
    # the country is the reader's own; "the states" are not one place; the city is the story's
    "Clinton leads in the polls across the country by four points.",
    "Protesters were frustrated that the city's police department released only some of the footage.",
    "Turnout rose in most of the states that voted on Super Tuesday.",
    # said inside a quote, the speaker's words
    "Governor Walker told the crowd that “the state deserves better than this” on Monday.",
)


@pytest.mark.parametrize("text", LEANING)
def test_an_unnamed_state_leans_on_the_sentence_before(text: str) -> None:
    assert unnamed_place(text), text


@pytest.mark.parametrize("text", STANDING)
def test_a_place_the_sentence_names_or_a_modifier_stands_alone(text: str) -> None:
    assert not unnamed_place(text), text
