"""The digest's headline: the most central clean, report-style source title, or the lede's
main clause, in sentence case.

Titles are cleaned (``titles``) and scored by how close they are to the story's text, its lede
and the other outlets' titles, minus penalties for what makes a title one outlet's voice
rather than a report (``neutral``). A title without a verb is a label ("Hillary Clinton's
backseat driver"): it pays when a title that reports is there. A title that shares no word of
the lede's event (its content words, the story's people and places left out) reports another
of the story's events: it pays when the lede's own article's title, a plain report, does share
one ("Phone video is first public look at Charlotte death" over a lede on the city in limbo a
week after the shooting, beside "Charlotte struggles to return to normal after shooting"). A
title from an article the digest does not draw on names what the reader will not find in it, and
so does one naming a place or a person the digest never names (``_unsupported``).
The lede's main clause (``clause``) competes on the same scale, handicapped (an editor wrote
the titles; the clause is cut by rule), so it wins only when the titles are off the core event
or one outlet's voice. The title chosen is written in sentence case
(``titles.sentence_case``), with a figurative attack verb aimed at a person made plain
("blasts Clinton" → "criticizes Clinton").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from ..records import Analysis
from .ahead import is_preview
from .candidates import Story
from .clause import _lede_clause, headline_style, lede_text, opens_on_quote
from .neutral import _names, _places, _title_penalty, has_verb, plain_verbs
from .text import tokens
from .titles import (
    NAME_LABELS, Casing, _tidy_headline, clean_title, repair, sentence_case, shouts, title_cased,
)  # fmt: skip
from .units import Unit

# The lede's clause matches the lede by construction: it must beat the titles by this much,
# and by more when it had to be cut inside its clause.
_OPINION_TITLE = 0.6  # the title of an article ``opinion.opinion`` marks
_BUILT_HANDICAP, _CUT_HANDICAP = 0.35, 0.9
_PREVIEW_TITLE = 0.4  # a title that looks ahead, when a later article's title reports
_LABEL_TITLE = 0.2  # a title without a verb, when a title that reports is there
_UNUSED_TITLE = 0.1  # the title of an article the digest does not draw on (given the digest's units)
# A title naming a place or a person the digest never names ("Cruz tops Trump in North Dakota
# delegate race" over a digest with no North Dakota in it) promises what the reader will not find.
_UNSUPPORTED_TITLE = 0.3
# A title that shares no word of the lede's event reports another of the story's events
# ("Hillary Clinton wins Missouri …" over a lede on Florida, Ohio and North Carolina): it pays
# when the lede's own article's title, written for the lede's event, is a plain report.
_OFF_LEDE = 0.5
# A live blog's title names its newest entry ("The Latest: Cruz to give away engraved shotgun" over
# a day of Obama's gun actions): it names the story only when that entry leads.
_LIVE_TITLE = 0.5
_ONE_VOICE = 0.6  # a loaded word, a speaker's label, a teaser: the lede's title is one outlet's voice
# Closeness to the lede counts more for a title than for the clause, which is the lede's own words.
_LEDE_WEIGHT, _BUILT_LEDE_WEIGHT = 0.75, 0.5

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


# An intent in a participle's phrase after a clause of three words or more is why the clause's
# act was done: the act is reported ("Some Republicans promote Sanders' candidacy, trying to
# embarrass Clinton"); "Clinton, seeking to …" is only a subject before it.
_INTENT_ASIDE = re.compile(r"^(?:[^,\s]+\s+){2,}[^,\s]+,\s+\w+ing\b$")


# A promise or a claim reported in the headline's present: what happened is that it was said
# ("Presidential candidates promise they will stand by Israel", "Trump says he will win").
_SAYS_AHEAD = re.compile(
    r"\b(?:promise|pledge|say|tell|warn|predict|insist|claim|argue|vow)s?\s+(?:that\s+)?(?:[\w'’]+\s+){0,3}?"
    r"(?:will|would|won['’]t)\b|\b(?:promise|pledge|say|tell|warn|predict|insist|claim|argue|vow)s?\s+"
    r"(?:that\s+)?(?:[\w'’]+\s+){0,2}?\w+['’]ll\b",
    re.IGNORECASE,
)


def looks_ahead(title: str) -> bool:
    """A title written before the event: a headline future ("X to …"), an intent ("vows to"),
    or a sentence-style look ahead (``ahead.is_preview``), unless it reports what someone said
    about the future ("… promise they will …")."""
    title = title[:300]  # a feed's title has no length limit; a headline's look-ahead is near its start
    if _SAYS_AHEAD.search(title) and not _INTENT.search(title):
        return False
    intent = _INTENT.search(title)
    if intent and _INTENT_ASIDE.search(title, 0, intent.start() + len(intent.group().split()[0])):
        intent = None  # "Some Republicans promote Sanders' candidacy, trying to embarrass Clinton"
    if intent or is_preview(title):
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
    stale = _stale_live_titles(story, units)
    titles = [(t, rank, o + _LIVE_TITLE * (t in stale)) for t, rank, o in titles]
    names, places = _names(story), _places(story)
    penalty = {t: _title_penalty(t, names, places) for t, _, _ in titles}
    # A label pays when a title reports (one with a verb that is not a teaser).
    labels = {t: not has_verb(t, names, places) for t, _, _ in titles}
    # Off the lede's event: a title that shares no word of it, when a plain report of the event
    # is there to take its place: the lede's own article's title that does share one (no label,
    # no out-of-date preview, no opinion piece's verdict, not one outlet's voice), or the lede's
    # whole main clause.
    event = _event_words(units, names, places)
    on_lede = {t: bool(event & _event_forms(t)) for t, _, _ in titles}
    source = story.articles.get(units[0].article_id) if units else None
    lede_title = clean_title(source.title, source.source) if source else ""
    # Scored as the lede's own clause; printed with the name of the person whose claim it is
    # ("Bill Clinton says …"), which brings no closeness of its own.
    built, whole = _lede_clause(units)
    printed = _lede_clause(units, names[0] | names[1])[0] if built else ""
    if built and titles and opens_on_quote(built):
        built = printed = ""  # words cut from inside someone's quote, no one's name to them: a title is there
    if (built and whole) or any(
        t == lede_title and on_lede[t] and not labels[t] and o == 0 and penalty[t] < _ONE_VOICE for t, _, o in titles
    ):
        # A story of one article has no other event for its title to report: a feature's
        # scene-setting lede shares no word with it, and its title still names the story
        # better than a clause cut out of that scene.
        alone = len(story.articles) == 1
        titles = [(t, rank, o + _OFF_LEDE * (not on_lede[t] and not alone)) for t, rank, o in titles]
    reports = any(not labels[t] and o + penalty[t] < 1.0 for t, _, o in titles)
    if reports:
        titles = [(t, rank, o + _LABEL_TITLE * labels[t]) for t, rank, o in titles]
    # The lede's clause cut before its verb ("On this weekend’s broadcast of “Fox News Sunday,”
    # Republican vice-presidential nominee Gov. Mike Pence") is a label too.
    built_label = _LABEL_TITLE if built and reports and not has_verb(built, names, places) else 0.0
    if units:
        used = {clean_title(story.articles[u.article_id].title, story.articles[u.article_id].source)
                for u in units if u.article_id in story.articles}
        titles = [(t, rank, o + _UNUSED_TITLE * (t not in used)) for t, rank, o in titles]
        said = " ".join(u.text for u in units)
        titles = [(t, rank, o + _UNSUPPORTED_TITLE * _unsupported(t, said, names, places)) for t, rank, o in titles]
    if story.vectorizer is None:  # no text to compare with: the cleanest title
        return sorted(
            (_Choice(-(p := penalty[t] + o), 0.0, p, -rank, t) for t, rank, o in titles),
            reverse=True,
        )
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
        p = penalty[t] if i < len(titles) else _title_penalty(t, names, places)
        if i < len(titles):
            close += _LEDE_WEIGHT * float(tv[i] @ lede_vec)
            p += titles[i][2]
            out.append(_Choice(close - p, close, p, -titles[i][1], t))
        else:
            close += _BUILT_LEDE_WEIGHT * float(tv[i] @ lede_vec)
            p += (_BUILT_HANDICAP if whole else _CUT_HANDICAP) + built_label
            out.append(_Choice(close - p, close, p, -len(story.rank), printed, built=True))
    return sorted(out, reverse=True)


def _stale_live_titles(story: Story, units: list[Unit]) -> set[str]:
    """The titles of the story's live blogs whose newest entry does not lead the digest."""
    newest: dict[str, int] = {}
    for (aid, _), entry in story.entries.items():
        newest[aid] = max(newest.get(aid, 0), entry)
    lede = units[0] if units else None
    leads = (lede.article_id, story.reading(lede.article_id, lede.index)[0]) if lede is not None else None
    return {
        clean_title(a.title, a.source)
        for aid, entry in newest.items()
        if leads != (aid, entry) and (a := story.articles[aid]).title
    }


def _unsupported(title: str, said: str, names: tuple[frozenset[str], frozenset[str]], places: frozenset[str]) -> bool:
    """Whether the title names one of the story's places or people (their surnames) that the
    digest's text ``said`` does not."""
    low_title, low_said = title.lower(), said.lower()
    for place in places:
        if re.search(rf"\b{re.escape(place)}\b", low_title) and not re.search(rf"\b{re.escape(place)}\b", low_said):
            return True
    words = {re.sub(r"['’]s$", "", w) for w in re.findall(r"[A-Z][\w'’\-]+", title)}
    return any(w in names[1] and not re.search(rf"\b{re.escape(w)}\b", said) for w in words)


def _event_words(
    units: list[Unit], names: tuple[frozenset[str], frozenset[str]], places: frozenset[str]
) -> frozenset[str]:
    """The lede's content words, the story's people and places left out (they run through all
    its events): what a title shares with the lede when it tells its event ("Kasich scores all
    66 delegates after Ohio win" shares none with "Hillary Clinton had a good night Tuesday,
    winning … Florida, Ohio and North Carolina …")."""
    if not units:
        return frozenset()
    known = {t for n in names[0] | names[1] | places for t in _event_forms(n)}
    return frozenset(_event_forms(units[0].text) - known)


def _event_forms(text: str) -> set[str]:
    """The text's content words as the event test compares them: ``tokens``, and a short verb's
    -s and -d forms meet at its base ("dies", "died": "die"), which ``tokens`` leaves apart."""
    return {t[:-1] if len(t) >= 4 and t[-1] in "sd" and t[-2] == "e" else t for t in tokens(text)}


def _name_words(names: tuple[frozenset[str], frozenset[str]], places: frozenset[str]) -> frozenset[str]:
    """The words of the story's people and places ("Sanders", "Texas"): singular subjects."""
    return names[0] | names[1] | frozenset(w.capitalize() for p in places for w in p.split())


def headline(story: Story, units: list[Unit], analyses: Mapping[str, Analysis] | None = None) -> str:
    """The digest's headline. ``analyses`` give the names of the story's organisations, groups
    and events (``titles.NAME_LABELS``) to sentence case; without them, its people and places."""
    choices = _choices(story, units)
    if not choices or choices[0].built:
        # Scored in the lede's own words; printed as a headline (no day, the present tense).
        names = _names(story)
        # No title and no clause a cut leaves true: the lede's first sentence, whole.
        clause = (choices[0].text if choices else _lede_clause(units, names[0] | names[1])[0]) or (
            units[0].text if units else ""
        )
        return repair(headline_style(clause, _name_words(names, _places(story)), lede_text(units)))
    british = any("criticis" in a.text for a in story.articles.values())
    text = plain_verbs(choices[0].text, _names(story), british)
    title = repair(_tidy_headline(text))
    if not shouts(text) and not title_cased(title):
        return title  # the story's casing is needed only for shouting or Title Case
    casing = Casing.of(story, _name_spans(story, analyses))
    title = repair(_tidy_headline(text, casing))
    return sentence_case(title, casing) if title_cased(title) else title


def _name_spans(story: Story, analyses: Mapping[str, Analysis] | None) -> dict[str, list[tuple[int, int]]]:
    """Per article of the story, the spans of the entities whose words are names."""
    if not analyses:
        return {}
    return {
        aid: [(e.start, e.end) for e in analyses[aid].entities if e.label in NAME_LABELS]
        for aid in story.articles
        if aid in analyses
    }
