"""The digest's headline: the most central clean source title, or one built from the lede.

Titles are cleaned (outlet suffix such as " - Reuters" or " | BBC News" and section
prefixes such as "BREAKING:" cut) and scored by how close they are to the story's text
and to the other outlets' titles, minus penalties for clickbait, shouting, questions and
quotes; when no title scores well enough the lede's main clause becomes the headline.
"""

from __future__ import annotations

import re

import numpy as np

from .candidates import OPEN_QUOTES, Story
from .units import Unit

_TITLE_PREFIX = re.compile(
    r"^(?:breaking(?: news)?|live(?: updates)?|watch|exclusive|updated?|video|opinion|analysis)\s*[:|\-–—]\s*",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s+(?:[-|–—:]|::)\s+([^-|–—:]{1,40})$")
_CLICKBAIT = re.compile(
    r"you won'?’?t believe|shock(?:ing|ed)?\b|here'?’?s (?:why|what|how)|this is why|what happens next|"
    r"jaw[- ]dropping|must[- ]see|mind[- ]blowing|(?:things|facts) (?:you need )?to know|what we know|"
    r"\bslams?\b|\bdestroys?\b|\bepic\b|\bunbelievable\b|\bgoes viral\b|\bwatch\b|\bexplained\b|\bbombshell\b",
    re.IGNORECASE,
)
_LISTICLE = re.compile(r"^\d+\s+(?:things|ways|reasons|facts|photos|signs)\b", re.IGNORECASE)


def clean_title(title: str, outlet: str = "") -> str:
    """A source title without the outlet's name, section prefix or trailing period."""
    t = " ".join(title.split())
    t = _TITLE_PREFIX.sub("", t)
    for _ in range(2):
        m = _TITLE_SUFFIX.search(t)
        if not m:
            break
        tail = m.group(1).strip()
        looks_like_name = all(w[:1].isupper() or not w[:1].isalpha() for w in tail.split())
        known = outlet and (tail.lower() in outlet.lower() or outlet.lower() in tail.lower())
        if known or (looks_like_name and len(tail.split()) <= 4):
            t = t[: m.start()].rstrip()
    return t.rstrip(" .")


def _title_penalty(title: str) -> float:
    words = title.split()
    penalty = 0.0
    if "?" in title or "!" in title:
        penalty += 1.0
    if _CLICKBAIT.search(title) or _LISTICLE.match(title):
        penalty += 1.0
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:
        penalty += 1.0
    elif caps:
        penalty += 0.2 * len(caps)
    if title[:1] in OPEN_QUOTES:
        penalty += 0.3  # a quote as headline takes one side's words
    if len(words) < 4:
        penalty += 0.5
    elif len(words) > 18:
        penalty += 0.3
    return penalty


def headline(story: Story, units: list[Unit]) -> str:
    titles = []
    for art in story.articles.values():
        t = clean_title(art.title, art.source)
        if t:
            titles.append((t, art.id))
    if titles and story.vectorizer is not None:
        tv = story.vectorizer.transform([t for t, _ in titles]).toarray()
        usable = [s.row for s in story.usable] or list(range(len(story.sents)))
        centroid = np.asarray(story.vectors[usable].mean(axis=0)).ravel()
        centroid = centroid / (np.linalg.norm(centroid) or 1.0)
        # The headline names the core event, so the lede is part of what it should match.
        lede = units[0].sent if units else None
        lede_vec = story.vectors[lede.row].toarray().ravel() if lede is not None else np.zeros(tv.shape[1])
        scored = []
        for i, (t, aid) in enumerate(titles):
            peers = [float(tv[i] @ tv[j]) for j in range(len(titles)) if j != i]
            central = float(tv[i] @ centroid) + (sum(peers) / len(peers) if peers else 0.0)
            central += 0.5 * float(tv[i] @ lede_vec)
            scored.append((central - _title_penalty(t), -story.rank[aid], t))
        best = max(scored)
        if best[0] > -0.5:
            return _tidy_headline(best[2])
    elif titles:
        return _tidy_headline(min(titles, key=lambda ta: (_title_penalty(ta[0]), story.rank[ta[1]]))[0])
    return _headline_from_lede(units)


def _tidy_headline(title: str) -> str:
    words = title.split()
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:  # only shouting titles were left
        title = title.lower()
        title = title[0].upper() + title[1:]
    return title.rstrip("!?. ").strip() or title


_CLAUSE_BREAK = re.compile(
    r",\s|;\s|\s[-–—]\s|\s(?:after|as|when|while|because|which|who|but|following|amid|despite|since|until)\s"
)
_WEAK_END = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "and",
    "or",
    "by",
    "with",
    "from",
    "its",
    "their",
}


def _headline_from_lede(units: list[Unit]) -> str:
    """No usable title: the lede's main clause (up to 14 words, not ending on a small word)."""
    if not units:
        return ""
    text = "".join(p.text if not p.name else p.name for p in units[0].pieces)
    words = text.split()
    for m in _CLAUSE_BREAK.finditer(text):
        clause = text[: m.start()].split()
        if 5 <= len(clause) <= 14:
            words = clause
            break
    if len(words) > 14:  # cut before the last small word, not inside a phrase ("4.2 billion")
        words = words[:14]
        weak = [i for i in range(6, 14) if words[i].lower() in _WEAK_END]
        words = words[: weak[-1]] if weak else words
    while len(words) > 4 and words[-1].lower().strip(",;:") in _WEAK_END:
        words.pop()
    return " ".join(words).rstrip(",;:.!?")


