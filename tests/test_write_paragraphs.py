"""How the digest's sentences are cut into paragraphs (``layout.paragraph_groups``)."""

from __future__ import annotations

from newsdigest.write.layout import _unrelated_joins, paragraph_groups
from newsdigest.write.units import Piece, Unit


def _unit(article: str, index: int, text: str) -> Unit:
    return Unit(article, index, (Piece(text, 0, len(text)),), None)


def _story(palin: str, lawsuit: str) -> list[Unit]:
    """One article's sentences around two items from two others; each item shares a word of
    its own with its neighbour on the other side ("convention", "Phoenix")."""
    topics = ["wages", "pensions", "shifts", "cranes", "the Wyoming convention", "the Phoenix depot"]
    same = [
        _unit("a", k, f"The Harbour board met the dockers on day {k} to talk about {t} and the offer at the terminal.")
        for k, t in enumerate(topics)
    ]
    return [*same[:5], _unit("b", 3, palin), _unit("c", 4, lawsuit), same[5]]


def _together(units: list[Unit], first: str, second: str) -> bool:
    return any({first, second} <= {u.text for u in g} for g in paragraph_groups(units))


def test_two_items_from_two_articles_that_share_no_word_of_their_own_are_two_paragraphs() -> None:
    palin = "Sarah Palin will not attend the Wyoming convention of the Harbour party, its officials said."
    lawsuit = "Democrats will sue Arizona over the Harbour primary that left voters waiting five hours in Phoenix."
    units = _story(palin, lawsuit)
    assert _unrelated_joins(units) == {6}  # the story's own words ("Harbour") relate nothing
    assert not _together(units, palin, lawsuit)
    # The same two with a word of their own in common ("lawsuit") may share one.
    palin = "Sarah Palin backed the lawsuit over the Wyoming convention of the Harbour party, its officials said."
    lawsuit = "Democrats filed a lawsuit against Arizona over the Harbour primary that left voters waiting in Phoenix."
    units = _story(palin, lawsuit)
    assert _unrelated_joins(units) == set()
    assert _together(units, palin, lawsuit)
