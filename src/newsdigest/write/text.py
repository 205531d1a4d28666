"""Words and concepts of a sentence, the way the writer compares sentences.

A light suffix strip (not a full stemmer: no extra dependency) makes "fires"/"fire" and
"reported"/"report" meet. Concepts are word bigrams that are not made of two stop words
("council voted", "the council"), the unit ICSI-style summarisers cover.
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SUFFIXES = ("ing", "ed", "es", "s")
STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "mr", "mrs", "ms"}
WEEKDAYS = tuple("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())  # date.weekday() order
MONTHS = tuple("January February March April May June July August September October November December".split())
DAYS_AND_MONTHS = WEEKDAYS + MONTHS
US_STATES = tuple(
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|"
    "Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    "Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|"
    "North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|"
    "Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming".split("|")
)
# The wires' state abbreviations ("Portsmouth, N.H.", "Clinton takes Pa., Md. and Del."), without their last dot.
US_STATE_ABBREVIATIONS = tuple(
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev N.H N.J "
    "N.M N.Y N.C N.D Okla Ore Pa R.I S.C S.D Tenn Tex Vt Va Wash W.Va Wis Wyo".split()
)


def _stem(tok: str) -> str:
    tok = re.sub(r"['’]s$", "", tok)
    for suffix in _SUFFIXES:
        if tok.endswith(suffix) and len(tok) - len(suffix) >= 4:
            return tok[: -len(suffix)]
    return tok


def words(text: str) -> list[str]:
    """Every word, lowercased and stemmed, stop words included (for bigrams)."""
    return [_stem(t) for t in _TOKEN.findall(text.lower())]


def tokens(text: str) -> list[str]:
    """Content words, stemmed: stop words and one-letter tokens left out (for TF-IDF)."""
    return [t for t in words(text) if t not in STOP and len(t) > 1]


def concepts(text: str) -> tuple[str, ...]:
    """Distinct bigram concepts of a text, in order of first appearance."""
    ws = words(text)
    seen: dict[str, None] = {}
    for a, b in zip(ws, ws[1:]):
        if a in STOP and b in STOP:
            continue
        seen.setdefault(f"{a} {b}", None)
    return tuple(seen)
