"""Text: the words and names the clusterer compares articles by.

An article's terms are its content words: lower-case, stop words and 1-letter tokens
dropped, possessives cut, plurals folded. A title word counts ``TITLE_BOOST`` times, since
titles name the story. Entity mentions are compared by ``entity_key``. ``grouping`` uses
the same terms and keys, so what it shows readers is what the clusterer saw.
"""

from __future__ import annotations

import re
from collections import Counter

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "according", "also", "just", "like", "new"}
TITLE_BOOST = 2  # a title word counts as this many body occurrences: titles name the story


def _normal(raw: str) -> str | None:
    word = raw.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) < 2 or word in _STOP or word.isdigit() and len(word) < 3:
        return None
    # Plural folding is enough for headlines and ledes (protest/protests); a full stemmer
    # would also merge words like "new"/"news".
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NORMAL_CACHE: dict[str, str | None] = {}


def term_counts(text: str) -> Counter[str]:
    """Content words and their counts: lower-case, stop words and 1-letter tokens dropped,
    plurals folded."""
    out: Counter[str] = Counter()
    cache = _NORMAL_CACHE
    for raw, n in Counter(_WORD.findall(text.lower())).items():
        try:
            word = cache[raw]
        except KeyError:
            if len(cache) > 500_000:  # bounded: a long-running process meets endless typos
                cache.clear()
            word = cache[raw] = _normal(raw)
        if word is not None:
            out[word] += n
    return out


def terms(text: str) -> list[str]:
    """The distinct content words of a text (see ``term_counts``)."""
    return list(term_counts(text))


def article_term_counts(title: str, text: str) -> Counter[str]:
    """An article's term counts: its body's, each title word counted ``TITLE_BOOST`` times more."""
    counts = term_counts(text)
    for word, n in term_counts(title).items():
        counts[word] += TITLE_BOOST * n
    return counts


def entity_key(name: str) -> str:
    """How entity mentions are compared: case, a leading "the" and possessives ignored."""
    key = " ".join(name.lower().replace("’", "'").split())
    if key.startswith("the "):
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    return key
