"""The digest's headline: the most central clean, report-style source title, or the lede's
main clause.

Titles are cleaned (``titles``) and scored by how close they are to the story's text, its lede
and the other outlets' titles, minus penalties for what makes a title one outlet's voice
rather than a report (``neutral``). The lede's main clause (``clause``) competes on the same
scale, handicapped (an editor wrote the titles; the clause is cut by rule), so it wins only
when the titles are off the core event or one outlet's voice.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

import re

from .candidates import Story
from .clause import _lede_clause
from .neutral import _names, _places, _title_penalty
from .select import is_preview
from .titles import repair, _tidy_headline, clean_title
from .units import Unit

# The lede's clause matches the lede by construction: it must beat the titles by this much,
# and by more when it had to be cut inside its clause.
_OPINION_TITLE = 0.6  # the title of an article ``opinion.opinion`` marks
_BUILT_HANDICAP, _CUT_HANDICAP = 0.35, 0.9
_PREVIEW_TITLE = 0.4  # a title that looks ahead, when a later article's title reports

# Headline future and intent: "Al Gore to skip Democratic convention" (a subject, then "to"),
# "Rabbis vow to boycott …", "Clinton tries to avoid setback …", "… is Trump's chance to …".
# A verb before "to" makes it a report: "House panel votes to hold …", "Republicans ask DOJ to
# investigate …", "Senate agreed to …".
_HEADLINE_FUTURE = re.compile(r"^((?:[\w'’.,\-]+\s+){1,4})to\s+(?!be\b)[a-z]{2,}\b")
_VERBS_BEFORE_TO = frozenset(
    """ask asks urge urges vote votes call calls move moves agree agrees fail fails refuse refuses
    decide decides order orders tell tells need needs get gets has have had is are was were says
    said allow allows force forces help helps fight fights scramble scrambles rush rushes
    struggle struggles return returns head heads go goes come comes turn turns appeal appeals
    sue sues rally rallies step steps back backs choose chooses elect elects name names pick picks
    hire hires sign signs win wins lose loses""".split()
)
_INTENT = re.compile(
    r"\b(?:vows?|tries|try|seeks?|aims?|hopes?|wants?|bids?|looks?|plans?|pledges?|promises?|threatens?"
    r"|planning|preparing|poised|set|expected|slated|scheduled|aiming|hoping|seeking|trying"
    r"|chance|bid|push|race|test)\s+to\s+[a-z]{2,}\b"
    r"|^(?:Ready for|Preview|What to watch|Things to watch)\b|\bthings to watch\b",
)


# A verb of the headline's own after the look-ahead makes it a report: "Republican bid to
# repeal Obamacare fails in Senate", "Path to victory narrows for Rubio".
_REPORTED_AFTER = re.compile(
    r"\bto\s+\w+\b.*?\b(?:fails|narrows|ends|collapses|stalls|falters|passes|succeeds|widens|grows|"
    r"shrinks|fizzles|backfires|closes)\b"
)


def looks_ahead(title: str) -> bool:
    """A title written before the event: a headline future ("X to …"), an intent ("vows to"),
    or a sentence-style look ahead (``select.is_preview``)."""
    title = title[:300]  # a feed's title has no length limit; a headline's look-ahead is near its start
    if _INTENT.search(title) or is_preview(title):
        return not _REPORTED_AFTER.search(title)
    m = _HEADLINE_FUTURE.match(title)
    if m is None or title[m.end() : m.end() + 1] == ":" or _REPORTED_AFTER.search(title):
        return False
    before = [w.strip(",.").lower() for w in m.group(1).split()]
    return not any(w in _VERBS_BEFORE_TO or w.endswith(("ed", "ing")) for w in before[1:])


class _Choice(NamedTuple):
    score: float
    closeness: float
    penalty: float
    order: int  # the earlier article's title wins a tie
    text: str
    built: bool = False


def _choices(story: Story, units: list[Unit]) -> list[_Choice]:
    """Every clean title and the lede's clause, scored, best first. Closeness is to the
    story's centroid, to the other titles and to the lede (the headline names the core event)."""
    # An opinion piece's title is its author's verdict: a report's title names the story
    # (unless every article is opinion).
    voiced = story.opinion if len(story.opinion) < len(story.articles) else {}
    titles = [(t, story.rank[a.id], _OPINION_TITLE * (a.id in voiced))
              for a in story.articles.values() if (t := clean_title(a.title, a.source))]
    # A preview's title names what was to happen; once a later article's title reports it,
    # the preview's title is out of date.
    ahead = {t: looks_ahead(t) for t, _, _ in titles}
    last_report = max((rank for t, rank, _ in titles if not ahead[t]), default=-1)
    titles = [(t, rank, o + _PREVIEW_TITLE * (rank < last_report and ahead[t])) for t, rank, o in titles]
    names, places = _names(story), _places(story)
    if story.vectorizer is None:  # no text to compare with: the cleanest title
        return sorted(
            (_Choice(-(p := _title_penalty(t, names, places) + o), 0.0, p, -rank, t) for t, rank, o in titles),
            reverse=True,
        )
    built, whole = _lede_clause(units)
    texts = [t for t, _, _ in titles] + ([built] if built else [])
    if not texts:
        return []
    tv = story.vectorizer.transform(texts).toarray()
    usable = [s.row for s in story.usable] or list(range(len(story.sents)))
    centroid = np.asarray(story.vectors[usable].mean(axis=0)).ravel()
    centroid = centroid / (np.linalg.norm(centroid) or 1.0)
    lede = units[0].sent if units else None
    lede_vec = story.vectors[lede.row].toarray().ravel() if lede is not None else np.zeros(tv.shape[1])
    out = []
    for i, t in enumerate(texts):
        peers = [float(tv[i] @ tv[j]) for j in range(len(titles)) if j != i]
        close = float(tv[i] @ centroid) + (sum(peers) / len(peers) if len(titles) > 1 else 0.0)
        close += 0.5 * float(tv[i] @ lede_vec)
        p = _title_penalty(t, names, places)
        if i < len(titles):
            p += titles[i][2]
            out.append(_Choice(close - p, close, p, -titles[i][1], t))
        else:
            p += _BUILT_HANDICAP if whole else _CUT_HANDICAP
            out.append(_Choice(close - p, close, p, -len(story.rank), t, built=True))
    return sorted(out, reverse=True)


def headline(story: Story, units: list[Unit]) -> str:
    choices = _choices(story, units)
    if not choices:
        return repair(_lede_clause(units)[0])
    best = choices[0]
    return repair(best.text if best.built else _tidy_headline(best.text))
