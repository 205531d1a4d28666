"""Numbers in the draft: in digits or words, scaled ("3.5 million") or not, each checked by
value, kind and the words around it against where the facts give that value."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .text import _norm, _unabbreviated

if TYPE_CHECKING:
    from .evidence import Evidence
    from .quotes import _Quoted


# Numbers in words, by value: "zero" … "nineteen" (the tens and ordinals below add to them).
COUNT_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_UNITS = {w: i for i, w in enumerate(COUNT_WORDS)}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if w != "_"
}
_ORDINALS = {
    w: i
    for i, w in enumerate(
        [
            "_",
            "_",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ]
    )
    if w != "_"
}
_SCALES = {
    "dozen": 12,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "bn": 1e9,
}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_ORDINALS], key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.,])(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:s|st|nd|rd|th)?(?!\d)"
    rf"|(?P<words>(?:{_WORD})(?:[- ](?:{_WORD}))?)(?!\w)(?!-(?:{_WORD})\b)"
    r"|(?P<a>a)(?=\s+(?:hundred|thousand|million|billion|trillion|dozen)\b))"  # "a million"
    r"(?P<scale>\s*(?:hundred|thousand|million|billion|trillion|dozen)\b|(?:k|m|bn)\b)?",
    re.IGNORECASE,
)
# "one" as a pronoun rather than a count
_NOT_A_COUNT = re.compile(
    r"\b(?:no|any|every|each|some|the|this|that)\s+one\b|\bone\s+(?:of|another|day|way|side|thing)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NumberMention:
    text: str
    start: int
    end: int
    values: tuple[float, ...]  # the value as written, and scaled ("3.5 million": 3.5, 3500000)
    scaled: bool


def find_numbers(text: str) -> list[NumberMention]:
    """Numbers in digits or words, with their values (a percent sign changes nothing)."""
    skip = [(m.start(), m.end()) for m in _NOT_A_COUNT.finditer(text)]
    out = []
    for m in _NUMBER.finditer(text):
        if m.group("words") and any(s <= m.start() < e for s, e in skip):
            continue
        if re.fullmatch(r"one", m.group(0), re.IGNORECASE) and text[m.end() : m.end() + 1] == "-":
            continue  # "one-sided", "one-time": no count; "six-star" and "twelve-page" are
        if m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
        elif m.group("a"):
            value = 1.0
        else:
            value = word_value(m.group("words").lower())
        scale_word = (m.group("scale") or "").strip().lower()
        if scale_word:
            scaled = value * _SCALES[scale_word]
            out.append(NumberMention(m.group(0), m.start(), m.end(), (value, scaled), True))
        else:
            out.append(NumberMention(m.group(0), m.start(), m.end(), (value,), False))
    return out


def word_value(words: str) -> float:
    """The value of a number in words, lower-case ("twenty-one" 21, "third" 3; 0 for none)."""
    total = 0
    for w in re.split(r"[- ]", words):
        total += _UNITS.get(w, 0) + _TENS.get(w, 0) + _ORDINALS.get(w, 0)
    return float(total)


def _number_known(n: NumberMention, allowed: set[float]) -> bool:
    # "3.5 million" must match a source's 3.5 million (or 3,500,000), not any 3.5.
    return (n.values[-1] in allowed) if n.scaled else (n.values[0] in allowed)


def _check_numbers(
    text: str, verified: Sequence[_Quoted], evidence: Evidence, cited: Sequence[str] | None = None
) -> list[str]:
    """Every number outside verified quotes: known by value, kind and a word around it; and,
    for a paragraph (``cited``: its fact ids), placed as its cited facts place it."""
    inside = [(q.start, q.end) for q in verified]
    reasons = []
    normed = _norm(text)
    for n in find_numbers(normed):
        if any(s <= n.start < e for s, e in inside):
            continue  # inside a quote already found verbatim
        if not _number_known(n, evidence.allowed_numbers):
            reasons.append(f"number {n.text.strip()!r} is not in the sources")
            continue
        value = n.values[-1] if n.scaled else n.values[0]
        kind, around = _context(normed, n.start, n.end)
        if around and not any(
            kind == k and (not c or _overlap(around, c)) for k, c in evidence.number_contexts.get(value, ())
        ):
            words = " ".join(sorted(around))
            reasons.append(f"number {n.text.strip()!r} is in the sources, but not with any of: {words}")
            continue
        if cited is not None:
            problem = _placed(normed, n, value, cited, evidence)
            if problem:
                reasons.append(problem)
    for m in _PAIR.finditer(normed):
        if any(s <= m.start() < e for s, e in inside):
            continue
        if m["sep"] == ":" and re.search(r"\s", m.group(0)):
            continue  # "Round 2: 15 players" is a label and a count, not a time: no order to keep
        sep = re.escape(m["sep"]) if m["sep"] in "/:" else "(?:-to-|-|to)"
        pair = rf"(?<![\d.,]){re.escape(m['a'])}\s*{sep}\s*{re.escape(m['b'])}(?![\d])"
        if not re.search(pair, evidence.allowed):
            reasons.append(f"numbers {m.group(0)!r} are not in the sources in this order")
    return list(dict.fromkeys(reasons))


# A score, a vote, a range, a date or a time ("9-4", "2-to-1", "10-15", "9/11", "6:45"): its
# numbers in the source's order.
_PAIR = re.compile(
    r"(?<![\w.,])(?P<a>\d+(?:\.\d+)?)\s?(?P<sep>-to-|[-/:])\s?(?P<b>\d+(?:\.\d+)?)(?![\w.,-]?\d)"
)


# A number moved to another place of the story ("6 workers" for "1,200 workers … 6 days")
# has the right value and the wrong words around it: the words either side, in its
# clause, must meet a source's words around the same value (a source giving the value
# with no words around it, as a bare fact can, says nothing against it).
_CONTEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CONTEXT_SPAN = 3  # words each side
_CONTEXT_STOP = frozenset(
    """a an the of to in on at for and or but by with from that this these those was were is are
    be been being has have had will would could should can about than more less over under up
    down per cent percent some its it their his her they he she we our as into after before since
    until which who whom what when where while also just only nearly almost around roughly some
    said says told added""".split()
)
_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|pc\b|percentage point)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?][\"'”’)]*(?:\s|$)|[,;:][\"'”’)]*\s|\s[-–—]\s")
_UNIT_WORDS = frozenset([*_SCALES, "per", "cent", "percent", "pc"])  # the kind says these
_MONEY_AFTER = re.compile(r"\s*(?:dollars?|euros?|pounds?|yen|yuan|rupees?)\b", re.IGNORECASE)


def _context(text: str, start: int, end: int) -> tuple[str, frozenset[str]]:
    """What a number counts — "percent", "money" or "" — and the content words among the few
    either side of it in its clause: "4 per cent" is not "4 ships"."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    tail = text[end : min(hi if hi >= 0 else len(text), end + 80)]
    kind = (
        "percent"
        if _PERCENT.match(tail)
        else "money"
        if re.search(r"[$£€]\s?$", text[max(lo, start - 2) : start]) or _MONEY_AFTER.match(tail)
        else ""
    )
    head = _CLAUSE_END.split(_unabbreviated(text[max(lo, start - 80) : start]))[-1]  # this clause only
    tail = _CLAUSE_END.split(tail)[0]
    before = [w for w in _CONTEXT_WORD.findall(head) if w.lower() not in _UNIT_WORDS][-_CONTEXT_SPAN:]
    after = [w for w in _CONTEXT_WORD.findall(tail) if w.lower() not in _UNIT_WORDS][:_CONTEXT_SPAN]
    words = frozenset(w.lower() for w in [*before, *after] if w.lower() not in _CONTEXT_STOP and len(w) > 2)
    return kind, words


def _overlap(a: Iterable[str], b: Iterable[str]) -> bool:
    """A word in common, by its first five letters or as part of a longer one ("dockworkers")."""
    return any(x[:5] == y[:5] or (len(x) > 3 and x in y) or (len(y) > 3 and y in x) for x in a for y in b)


# --- where a number stands in the paragraph's cited facts ------------------------------
#
# A number swapped with another of the same story keeps a value the sources have and often
# a word around it they have too ("13-inch MacBook Pro" and "16-inch MacBook Pro"; "10
# human cases and 46 animal cases"). A paragraph says which facts it rewrites, so its
# number must be one those facts give (where the value is in another fact only), and the
# words right around it must not be, more than those around any place the facts give it,
# the words around another number of those facts.

_NEAR_WORDS = 3  # words each side, nearest first
_NEAR_WORD = re.compile(r"[^\W\d_][\w'-]*")
_SENTENCE_STOP = re.compile(r"[.!?][\"'”’)]*(?:\s|$)|\n")
_CLEAR = 1.0  # another number's place must share at least an adjacent word to count


@dataclass(frozen=True, slots=True)
class NumberPlace:
    """One number in a fact: its values and the words either side of it, nearest first."""

    text: str
    values: tuple[float, ...]
    left: tuple[str, ...]
    right: tuple[str, ...]


def number_places(text: str) -> list[NumberPlace]:
    """The numbers of a fact with the words around them in their sentence."""
    normed = _norm(text)
    return [
        NumberPlace(n.text.strip(), n.values, *_near(normed, n.start, n.end)) for n in find_numbers(normed)
    ]


def _near(text: str, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words either side of a number in its sentence (across commas: "Scott, 69," is
    Scott's age), nearest first, without the words its kind already says ("per cent"), and
    none on a side where another number stands right next to it."""
    head = _SENTENCE_STOP.split(_unabbreviated(text[max(0, start - 100) : start]))[-1]
    tail = _SENTENCE_STOP.split(_unabbreviated(text[end : end + 100]))[0]
    # Another number right next to this one ("Almost 650 18-hole golf courses"): the words
    # beyond it are that number's ("18-hole"), none of this one's on that side.
    before, after = find_numbers(head), find_numbers(tail)
    if before and not head[before[-1].end :].strip():
        head = ""
    if after and not tail[: after[0].start].strip():
        tail = ""
    return tuple(reversed(_near_words(head)))[:_NEAR_WORDS], tuple(_near_words(tail))[:_NEAR_WORDS]


def _near_words(part: str) -> list[str]:
    """Words, lower-cased, not numbers or unit words."""
    return [w.lower() for w in _NEAR_WORD.findall(part) if w.lower() not in _UNIT_WORDS]


def _likeness(a: NumberPlace, b: NumberPlace) -> float:
    """How alike two numbers' surroundings are: shared words, weighted by how near each is
    to its number on the same side (a neighbour 1, the next 1/2 …), stopwords half."""
    score = 0.0
    for mine, theirs in ((a.left, b.left), (a.right, b.right)):
        for i, w in enumerate(mine):
            best = max(
                (1 / (1 + j) for j, x in enumerate(theirs) if x == w or (len(w) > 4 and x[:5] == w[:5])),
                default=0.0,
            )
            score += best / (1 + i) * (0.5 if w in _CONTEXT_STOP else 1.0)
    return score


def _placed(text: str, n: NumberMention, value: float, cited: Sequence[str], evidence: Evidence) -> str:
    """Why ``n`` is not where the paragraph's cited facts put it ("" when it is)."""
    places = [p for fid in dict.fromkeys(cited) for p in evidence.fact_numbers.get(fid, ())]
    own = [p for p in places if value in p.values]
    shown = n.text.strip()
    if not own:
        elsewhere = any(value in p.values for ps in evidence.fact_numbers.values() for p in ps)
        if elsewhere and value not in evidence.other_numbers:
            return f"number {shown!r} is not in the facts this paragraph cites"
        return ""
    here = NumberPlace(shown, n.values, *_near(text, n.start, n.end))
    mine = max(_likeness(here, p) for p in own)
    rival = max(
        (p for p in places if value not in p.values), key=lambda p: _likeness(here, p), default=None
    )
    if rival is not None and _likeness(here, rival) >= _CLEAR and _likeness(here, rival) > mine:
        return f"number {shown!r} stands where the cited facts give {rival.text!r}"
    return ""


def _number_contexts(allowed: str) -> dict[float, list[tuple[str, frozenset[str]]]]:
    out: dict[float, list[tuple[str, frozenset[str]]]] = {}
    for m in find_numbers(allowed):
        around = _context(allowed, m.start, m.end)
        for v in m.values:
            out.setdefault(v, []).append(around)
    return out
