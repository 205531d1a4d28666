"""The digest's headline: the most central clean, report-style source title, or the lede's
main clause.

Titles are cleaned (an outlet suffix such as " - Reuters" or " | BBC News", a label such as
"BREAKING:" or "The Latest:", a print section label before " // " and a deck after "; "
cut) and scored by how close they are to the story's text, its lede and the other outlets'
titles, minus penalties for what makes a title one outlet's voice rather than a report:
clickbait and teasers, shouting, questions, quotes, one speaker's claim ("Brooks: …"),
loaded or commentator's words, talking to the reader, opinion modals, a person called by
first name. The lede's main clause competes on the same scale, handicapped (an editor
wrote the titles; the clause is cut by rule), so it wins only when the titles are off the
core event or one outlet's voice.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from .candidates import OPEN_QUOTES, Story
from .units import Unit

_TITLE_PREFIX = re.compile(
    r"^(?:breaking(?: news)?|just in|developing|(?:the )?latest|live(?: updates)?|watch|exclusive|updated?|"
    r"video|photos?|opinion|analysis|commentary|editorial|column|factbox|explainer|fact ?check)"
    r"\s*[:|\-–—]\s*",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s+(?:[-|–—:]|::)\s+([^-|–—:]{1,40})$")
# Print titles (USA Today, NYT) carry a section label before " // " and a deck after "; ".
_SECTION_LABEL = re.compile(r"^[^/]{1,60}\s//\s+")
_DECK = re.compile(r";\s+")

_CLICKBAIT = re.compile(
    r"you won'?’?t believe|shock(?:ing|ed)?\b|here'?’?s\b|this is why|what happens next|"
    r"jaw[- ]dropping|must[- ]see|mind[- ]blowing|(?:things|facts) (?:you need )?to know|what we know|"
    r"\bdestroys?\b|\bepic\b|\bunbelievable\b|\bgoes viral\b|\bwatch\b|\bexplained\b|\bbombshell\b|"
    r"^there'?’?s\b|^(?:this|these|that'?’?s)\b|\bsums? up\b|\bthe reason why\b|\bhas (?:many|everyone)\b",
    re.IGNORECASE,
)
_LISTICLE = re.compile(
    r"^\d+\s+(?:\w+\s+)?(?:things|ways|reasons|facts|photos|signs|trends|takeaways)\b", re.IGNORECASE
)
# Explainers, previews and guesses ("How X could…", "What each … needs", "Maybe …") are not reports.
_EXPLAINER = re.compile(r"^(?:how|why|what|who|when|where|maybe)\b", re.IGNORECASE)
# Words that judge rather than report: the title's own verdict (quoted words are a source's).
_LOADED = re.compile(
    r"\b(?:slam(?:s|med)?|blast(?:s|ed)?|rip(?:s|ped)?|torch(?:es|ed)?|skewer(?:s|ed)?|blistering|scathing|"
    r"eviscerat\w*|obliterat\w*|destroy(?:s|ed)|demolish(?:es|ed)|trash(?:es|ed)|bash(?:es|ed)|"
    r"mock(?:s|ed)|humiliat\w*|disgrace\w*|derelict|absurd|ridiculous|pathetic|outrageous|shameful|"
    r"disastrous|meltdown|fever|frenzy|hysteria|unhinged|crazy|insane|stunning|savage\w*|brutal\w*|"
    r"awkward\w*|hilarious|terrible|awful|horrible|embarrassing|stupid|dumb|amazing|incredible|"
    r"bad(?! (?:weather|loans?|debts?|blood|banks?))|goes after|lash(?:es)? out|tears? into|rips? into|"
    r"swipes? at|freaks? out|fix is in)\b",
    re.IGNORECASE,
)
# A commentator's adverbs: "Trump Is Merely a Small Fry", "what really happened".
_VERDICT = re.compile(
    r"\b(?:merely|utterly|truly|totally|obviously|frankly|hardly|absolutely|actually|really)\b", re.IGNORECASE
)
_OPINION = re.compile(
    r"\b(?:should(?:n'?’?t)?|ought to|needs? to|didn'?’?t need|it'?’?s time)\b", re.IGNORECASE
)
_READER = re.compile(
    r"\b(?:you|your|yours|yourself)\b|^(?:don'?’?t|do not|never|stop|let'?’?s|read|see|meet|get)\s",
    re.IGNORECASE,
)
_WE = re.compile(r"\b(?:we|our|ours|we'?’?d|we'?’?re)\b", re.IGNORECASE)
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))[‘“\"'][^‘’“”\"]{1,80}?[’”\"'](?=$|[\s,.;:!?)])")
# "Brooks: …", "Paul Ryan: …": one person's claim presented as the news (a label is milder).
_COLON_PREFIX = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*)\s*:\s+")
_LABELS = {"poll", "polls", "update", "report", "review", "obituary", "timeline", "q&a", "quiz", "chart"}
_POSSESSIVE = re.compile(r"['’]s?$")

# The lede's clause matches the lede by construction: it must beat the titles by this much,
# and by more when it had to be cut inside its clause.
_BUILT_HANDICAP, _CUT_HANDICAP = 0.35, 0.9

Names = tuple[frozenset[str], frozenset[str]]  # first names; words that may follow one in a name


class _Choice(NamedTuple):
    score: float
    closeness: float
    penalty: float
    order: int  # the earlier article's title wins a tie
    text: str
    built: bool = False


def clean_title(title: str, outlet: str = "") -> str:
    """A source title without the outlet's name, section label, print deck or trailing period."""
    t = " ".join(title.split())
    t = _SECTION_LABEL.sub("", t)
    t = _TITLE_PREFIX.sub("", t)
    head, *deck = _DECK.split(t, maxsplit=1)
    if deck and len(head.split()) >= 3:  # "Candidates vie for vets' support; Trump and Clinton …"
        t = head
    elif deck and len(deck[0].split()) >= 3:  # "GAME ON; What each candidate needs …": the kicker goes
        t = deck[0]
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


def _title_penalty(title: str, names: Names = (frozenset(), frozenset())) -> float:
    words = title.split()
    penalty = 0.0
    if "?" in title or "!" in title:
        penalty += 1.0
    if _CLICKBAIT.search(title) or _LISTICLE.match(title) or title.endswith(("…", "...")):
        penalty += 1.0
    elif _EXPLAINER.match(title):
        penalty += 0.5
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:
        penalty += 1.0
    elif caps:
        penalty += 0.2 * len(caps)
    if title[:1] in OPEN_QUOTES:
        penalty += 0.3  # a quote as headline takes one side's words
    elif _QUOTED.search(title):
        penalty += 0.2  # quoted words inside: one side's phrase, often a scare quote
    m = _COLON_PREFIX.match(title)
    if m:
        penalty += 0.2 if m.group(1).lower() in _LABELS else 0.6
    own = _QUOTED.sub(" ", title)  # what the title says in its own voice
    if _LOADED.search(own) or _VERDICT.search(own):
        penalty += 0.6
    if _READER.search(own):
        penalty += 0.8
    elif _WE.search(own):
        penalty += 0.4
    if _OPINION.search(own):
        penalty += 0.4
    if _first_name_only(own, names):
        penalty += 0.3
    if len(words) < 4:
        penalty += 0.5
    elif len(words) > 18:
        penalty += 0.3
    return penalty


def _names(story: Story) -> Names:
    """First names of the people the sources name in full ("Hillary Clinton"), and the words
    that follow a first name in a name ("Clinton", "Bader" of "Ruth Bader Ginsburg")."""
    first: set[str] = set()
    rest: set[str] = set()
    for aid, spans in story.person_spans.items():
        text = story.articles[aid].text if aid in story.articles else ""
        for start, end in spans:
            parts = [_POSSESSIVE.sub("", w) for w in text[start:end].split()]
            if len(parts) >= 2 and parts[0].isalpha():
                first.add(parts[0])
            rest.update(parts[1:] if len(parts) >= 2 else parts)
    return frozenset(first - rest), frozenset(rest)


def _first_name_only(title: str, names: Names) -> bool:
    """A person called by first name alone ("Hillary's pick"): familiar, not neutral."""
    first, rest = names
    words = [_POSSESSIVE.sub("", w.strip(",;:.!?\"“”‘’")) for w in title.split()]
    return any(w in first and (i + 1 == len(words) or words[i + 1] not in rest) for i, w in enumerate(words))


def _choices(story: Story, units: list[Unit]) -> list[_Choice]:
    """Every clean title and the lede's clause, scored, best first. Closeness is to the
    story's centroid, to the other titles and to the lede (the headline names the core event)."""
    titles = [(t, story.rank[a.id]) for a in story.articles.values() if (t := clean_title(a.title, a.source))]
    names = _names(story)
    if story.vectorizer is None:  # no text to compare with: the cleanest title
        return sorted(
            (_Choice(-(p := _title_penalty(t, names)), 0.0, p, -rank, t) for t, rank in titles), reverse=True
        )
    built, whole = _lede_clause(units)
    texts = [t for t, _ in titles] + ([built] if built else [])
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
        p = _title_penalty(t, names)
        if i < len(titles):
            out.append(_Choice(close - p, close, p, -titles[i][1], t))
        else:
            p += _BUILT_HANDICAP if whole else _CUT_HANDICAP
            out.append(_Choice(close - p, close, p, -len(story.rank), t, built=True))
    return sorted(out, reverse=True)


def headline(story: Story, units: list[Unit]) -> str:
    choices = _choices(story, units)
    if not choices:
        return _headline_from_lede(units)
    best = choices[0]
    return best.text if best.built else _tidy_headline(best.text)


def _tidy_headline(title: str) -> str:
    words = title.split()
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:  # only shouting titles were left
        title = title.lower()
        title = title[0].upper() + title[1:]
    return title.rstrip("!?. ").strip() or title


_CLAUSE_BREAK = re.compile(
    r",\s|;\s|\s(?:[-–—]|--)\s|"
    r"\s(?:after|as|when|while|because|which|who|but|following|amid|despite|since|until)\s"
)
_WEAK_END = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "its", "their",
}  # fmt: skip
# Where a long clause may be cut: before a preposition, conjunction or relative word
# ("… speech next week | before a leading group"), not inside "a variety of …" or "X and Y".
_CUT_BEFORE = {
    "about", "after", "against", "amid", "among", "as", "at", "because", "before", "by", "despite", "during",
    "following", "for", "from", "if", "in", "including", "into", "on", "over", "since", "than", "that",
    "through", "to", "toward", "towards", "under", "until", "when", "where", "whether", "which", "while",
    "who", "whose", "with", "without",
}  # fmt: skip
# A lead-in before the subject: "On Thursday night, …", "First, …", "Racking up wins in …, …"
# (a participle opens a phrase of two words or more: "Beijing, …" is not one).
_LEAD_IN = re.compile(
    r"^(?:(?:on|in|at|during|after|before|since|following|for|as|with|nearly|almost|about|just|earlier|"
    r"later|late|early|last|this|first|meanwhile|now|still|however|based on|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\w+ing\s(?=\w+\s))[^,;]{0,150},[”\"’']?\s+",
    re.IGNORECASE,
)
# Asides that leave a clause without its verb when cut: ", who died Monday at 92," "(R-Fla.)".
_ASIDE = re.compile(r",\s(?:who|which)\s[^,;]{1,120},\s|\s\([^()]{1,40}\)|\s--\s[^-]{1,120}\s--\s")
_MAX_WORDS = 14


def _headline_from_lede(units: list[Unit]) -> str:
    return _lede_clause(units)[0]


def _lede_clause(units: list[Unit]) -> tuple[str, bool]:
    """The lede's main clause as a headline, and whether it is whole: a lead-in ("On
    Tuesday, …") and asides dropped, up to the first clause break that leaves 5–14 words
    (whole), else cut before the last preposition or conjunction within 14 words."""
    if not units:
        return "", False
    text = "".join(p.text if not p.name else p.name for p in units[0].pieces).strip()
    m = _LEAD_IN.match(text)
    if m and len(text[m.end() :].split()) >= 5:
        text = text[m.end() :]
        text = text[:1].upper() + text[1:]
    text = _ASIDE.sub(" ", text)
    words = text.split()
    for m in _CLAUSE_BREAK.finditer(text):
        clause = text[: m.start()].split()
        if 5 <= len(clause) <= _MAX_WORDS:
            words = clause
            break
    whole = len(words) <= _MAX_WORDS
    if not whole:
        words = words[: _MAX_WORDS + 1]
        ends = _WEAK_END | _CUT_BEFORE
        cuts = [
            k
            for k in range(6, _MAX_WORDS + 1)
            if _bare(words[k]) in _CUT_BEFORE and _bare(words[k - 1]) not in ends
        ]
        if not cuts:  # no phrase boundary: before the last small word ("revealed a variety | of …")
            cuts = [k for k in range(6, _MAX_WORDS) if _bare(words[k]) in _WEAK_END] or [_MAX_WORDS]
        words = words[: cuts[-1]]
    while len(words) > 4 and _bare(words[-1]) in _WEAK_END | _CUT_BEFORE:
        words.pop()
    text = " ".join(words).rstrip(",;:.!? ")
    return re.sub(r"[.,;:!?]([”\"’']?)$", r"\1", text), whole  # 'a "failed candidate."' → '… candidate"'


def _bare(word: str) -> str:
    return word.lower().strip(",;:.!?\"“”‘’'()")
