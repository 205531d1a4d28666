"""A source title as a report would print it: the outlet's furniture cut, mojibake repaired.

Cut: an outlet suffix such as " - Reuters" or " | BBC News", a label such as "BREAKING:",
"EXCLUSIVE-" or "The Latest:", a print section label before " // " and a deck after "; ".
Compound words ("Live-fire drills") and quotes ("Biden: 'We will fight; we will win'") stay
whole. Words garbled by a wrong decoding are decoded right where they can be, and the title
chosen as headline is lowered when it shouts and loses a closing "!", "?" or ".".

House style is sentence case: a title in Title Case ("Bernie Sanders Beats Hillary Clinton In
Oklahoma") is written as a sentence ("Bernie Sanders beats Hillary Clinton in Oklahoma"). Which
words are names is read from the story itself (``Casing``): how its articles write the word,
with its neighbours, in mid-sentence ("White House" but "white people", "Medal of Honor"); a
word they never write mid-sentence stays a name only when the entity recogniser marks it or it
carries capitals inside (iPhone, McCain, NATO). A title already in sentence case is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from .candidates import Story, garbled

_LABEL_WORDS = (
    r"breaking(?: news)?|just in|developing|(?:the )?latest|live(?: updates)?|watch|exclusive|"
    r"updated?(?: \d+)?|video|photos?|opinion|analysis|commentary|editorial|column|factbox|explainer|"
    r"fact ?check"
)
# "BREAKING: …", "Opinion | …", "Analysis - …", "Exclusive–…"; a bare hyphen only after an ALL-CAPS
# label ("EXCLUSIVE-Apple in talks …", "UPDATE 2-Oil …"): "Live-fire drills", "Video-game makers".
_TITLE_PREFIX = re.compile(rf"^((?:{_LABEL_WORDS}))(\s*[:|]\s*|\s+[-–—]\s+|[-–—]\s*)", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+(?:[-|–—:]|::)\s+([^-|–—:]{1,40})$")
# Print titles (USA Today, NYT) carry a section label before " // " and a deck after "; ".
_SECTION_LABEL = re.compile(r"^[^/]{1,60}\s//\s+")
_DECK = re.compile(r";\s+")
# Quoted words, where a "; " or a loaded word is the source's, not the title's.
_QUOTED = re.compile(
    r"(?:^|(?<=[\s(]))[‘“\"'](?=[^\s‘’“”\"'])[^‘’“”\"]{2,80}?[’”\"'](?=$|[\s,.;:!?)])"
)


def _unquoted_split(t: str) -> list[str]:
    """``t`` split at its first "; " outside quote marks ("Biden: 'We will fight; we will win'" is one)."""
    quoted = [m.span() for m in _QUOTED.finditer(t)]
    for m in _DECK.finditer(t):
        if not any(a <= m.start() < b for a, b in quoted):
            return [t[: m.start()], t[m.end() :]]
    return [t]


def _is_kicker(head: str) -> bool:
    """A print kicker before the deck: "GAME ON", "Big Picture" — a short label, not a headline."""
    words = head.split()
    return len(words) <= 3 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def clean_title(title: str, outlet: str = "") -> str:
    """A source title without the outlet's name, section label, print deck or trailing period."""
    t = " ".join(title.split())
    t = _SECTION_LABEL.sub("", t)
    m = _TITLE_PREFIX.match(t)
    sep = m.group(2) if m else ""
    if m and (sep.strip() != "-" or " " in sep or m.group(1).isupper() or m.group(1)[-1].isdigit()):
        t = t[m.end() :]
    head, *deck = _unquoted_split(t)
    if deck and len(head.split()) >= 3:  # "Candidates vie for vets' support; Trump and Clinton …"
        t = head
    elif deck and _is_kicker(head) and deck[0][:1].isupper() and len(deck[0].split()) >= 3:
        t = deck[0]  # "GAME ON; What each candidate needs …": the kicker goes
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


def repair(text: str) -> str:
    """Words garbled by a wrong decoding, decoded right ("PeÃ±a" → "Peña", also when the "Ã"
    is decomposed); others as they are."""
    if not garbled(text):
        return text
    out = []
    for word in text.split(" "):
        composed = unicodedata.normalize("NFC", word)
        if garbled(composed):
            try:
                word = composed.encode("cp1252").decode("utf-8")
            except UnicodeError:
                pass
        out.append(word)
    return " ".join(out)


def _tidy_headline(title: str) -> str:
    words = title.split()
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    if words and len(caps) / len(words) > 0.3:  # only shouting titles were left
        title = title.lower()
        title = title[0].upper() + title[1:]
    return title.rstrip("!?. ").strip() or title


# Small words Title Case may or may not capitalise: never evidence that a title is in it.
_SMALL = frozenset(
    "a an the and but or nor for of in on at to by as up off via vs per with from into onto over "
    "out about after before than".split()
)
# A word, with its possessive or contraction ("Obama’s", "doesn't"); a hyphen splits words.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# Where a sentence (or a quoted one) starts: its first word is capitalised whatever it is.
_STARTS = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)[\"“‘'(\[]*$|[\"“‘(\[]\s*$")
# Sentences that are not prose (headings, captions, bylines): no evidence of how prose writes.
_NOT_PROSE = {
    "heading", "list_heading", "no_sentence_end", "byline", "boilerplate", "markup", "mojibake", "link",
}  # fmt: skip
_MAX_WINDOW = 3


def _key(word: str) -> str:
    return _POSSESSIVE.sub("", word).replace("’", "'").lower()


def _inner_capital(word: str, after: str = "") -> bool:
    """Capitals inside the word (iPhone, McCain, NATO, GOP) or an initial ("U.S.", "I"): a name as
    written. ``after`` is the character after the word."""
    initial = len(word) == 1 and word.isupper() and after == "."
    return any(c.isupper() for c in word[1:]) or word == "I" or initial


def _mask_work_titles(toks: list[tuple[str, bool | None]]) -> None:
    """Unknown, the words of a run of capitals with a small word capitalised in mid-sentence: the
    title of a work in Title Case ("a memoir entitled The White House Doctor"), not names."""
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and toks[j][1] is not False:
            j += 1
        if any(cap and key in _SMALL for key, cap in toks[i:j]):
            toks[i:j] = [(key, None) for key, _ in toks[i:j]]
        i = j + 1


class Casing:
    """How a story's articles write each word in mid-sentence: for runs of up to three words
    (so "White House" and "white people" tell "White" apart), and for each word alone (a
    capital it has only inside a longer name, "Washington Post", does not make it a name)."""

    def __init__(self, sentences: list[str], entity_words: frozenset[str] = frozenset()) -> None:
        # Per run of lower-cased words, for each of its words: how often it was capitalised, how
        # often written, and how often capitalised as the run's last word before a capitalised one.
        self._runs: dict[tuple[str, ...], list[list[int]]] = {}
        self._alone: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.entity_words = entity_words
        for text in sentences:
            toks: list[tuple[str, bool | None]] = []  # capitalised, or None: unknown
            for m in _WORD.finditer(text):
                w = m.group()
                at_start = bool(_STARTS.search(text[max(0, m.start() - 4) : m.start()])) or m.start() == 0
                shout = len(w) > 1 and w.isupper()
                toks.append((_key(w), None if at_start or shout else w[:1].isupper()))
            _mask_work_titles(toks)
            for i, (k, cap) in enumerate(toks):
                for n in range(1, _MAX_WINDOW + 1):
                    if i + n > len(toks):
                        break
                    run = tuple(t[0] for t in toks[i : i + n])
                    counts = self._runs.setdefault(run, [[0, 0, 0] for _ in range(n)])
                    before_capital = i + n < len(toks) and toks[i + n][1] is True
                    for j, (_, c) in enumerate(toks[i : i + n]):
                        if c is not None:
                            counts[j][0] += c
                            counts[j][1] += 1
                            counts[j][2] += c and before_capital and j == n - 1
                if cap is None:
                    continue
                joined = any(0 <= j < len(toks) and toks[j][1] for j in (i - 1, i + 1))
                self._alone[k]["low" if not cap else "joined" if joined else "cap"] += 1

    @classmethod
    def of(cls, story: Story) -> Casing:
        prose = [s for s in story.sents if s.reason not in _NOT_PROSE]
        entity_words: set[str] = set()
        for spans in (story.person_spans, story.places):
            for aid, found in spans.items():
                text = story.articles[aid].text if aid in story.articles else ""
                inside = [(s.start, s.end) for s in prose if s.article_id == aid]
                for a, b in found:
                    if any(start <= a and b <= end for start, end in inside):  # not a heading's
                        entity_words.update(_POSSESSIVE.sub("", w) for w in _WORD.findall(text[a:b]))
        return cls([s.text for s in prose], frozenset(entity_words))

    def __bool__(self) -> bool:
        """Whether the articles wrote anything to read names from."""
        return bool(self._alone)

    def name(self, words: list[str], i: int) -> bool:
        """Whether ``words[i]`` is a name where it stands among ``words`` (a title's run of words
        between punctuation), by the longest run around it that the articles write mid-sentence."""
        keys = [_key(w) for w in words]
        # A word the articles also write in lower case, capitalised only before a name, is a
        # title there ("White House Doctor Connie Mariano"), not a name of its own.
        low = self._alone.get(keys[i], {}).get("low", 0)
        for n in range(min(_MAX_WINDOW, len(words)), 1, -1):
            capital = written = 0
            for a in range(max(0, i - n + 1), min(i, len(words) - n) + 1):
                counts = self._runs.get(tuple(keys[a : a + n]))
                if counts:
                    capital += counts[i - a][0] - (counts[i - a][2] if low else 0)
                    written += counts[i - a][1]
            if written:
                return 2 * capital > written
        alone = self._alone.get(keys[i])
        if alone and (alone["cap"] or alone["low"]):
            return alone["cap"] > alone["low"]
        word = _POSSESSIVE.sub("", words[i])
        return word in self.entity_words or _inner_capital(word)


def _starts_of(title: str) -> set[int]:
    """Offsets of the title's words that open it, a part after a colon or full stop, or a quote."""
    out = set()
    for m in _WORD.finditer(title):
        before = title[: m.start()]
        if not before.strip("\"“‘'( ") or _STARTS.search(before[-4:]):
            out.add(m.start())
    return out


def _after(title: str, m: re.Match[str]) -> str:
    return title[m.end() : m.end() + 1]


def title_cased(title: str, casing: Casing | None = None) -> bool:
    """Whether the title is in Title Case: two or more capitalised words (small words such as
    "In" included) the story does not write as names (any capitalised word, without a story),
    and hardly a lower-case one."""
    starts = _starts_of(title)
    words = [m for m in _WORD.finditer(title) if m.start() not in starts]
    content = [m for m in words if _key(m.group()) not in _SMALL]
    # The part after a hyphen is lower case in Title Case too ("Reagan-like").
    after_hyphen = {m.start() for m in content if title[m.start() - 1 : m.start()] == "-"}
    lower = [
        m for m in content
        if m.group()[:1].islower() and not _inner_capital(m.group()) and m.start() not in after_hyphen
    ]  # fmt: skip
    capital = [
        m for m in words if m.group()[:1].isupper() and not _inner_capital(m.group(), _after(title, m))
    ]  # fmt: skip
    if len(capital) < 2:
        return False
    if casing is not None:
        capital = [m for m in capital if not _name_at(title, m, casing)]
    return len(capital) >= 2 and len(lower) <= len(capital) // 3


def _segment(title: str, m: re.Match[str]) -> tuple[list[str], int]:
    """The words around a match up to punctuation (a comma, a quote mark, a colon), and its index."""
    left = max(title.rfind(c, 0, m.start()) for c in ",;:“”‘\"()—–") + 1
    rights = [k for c in ",;:“”\"()—–" if (k := title.find(c, m.end())) >= 0]
    # A closing ’ ends a segment; an apostrophe inside a word does not.
    rights += [k for k in (t.start() for t in re.finditer(r"’(?![^\W\d_])", title)) if k >= m.end()]
    inner = list(_WORD.finditer(title, left, min(rights, default=len(title))))
    return [w.group() for w in inner], next(k for k, w in enumerate(inner) if w.start() == m.start())


def _name_at(title: str, m: re.Match[str], casing: Casing) -> bool:
    words, i = _segment(title, m)
    return casing.name(words, i)


def sentence_case(title: str, casing: Casing) -> str:
    """A Title Case title in sentence case: its first word (and the first after a colon or inside
    a quote) capitalised, names as the story writes them, other words in lower case. A title
    that is not in Title Case, or a story without text to tell names by, leaves it unchanged."""
    if not casing or not title_cased(title, casing):
        return title
    starts = _starts_of(title)
    out = list(title)
    for m in _WORD.finditer(title):
        w = m.group()
        if m.start() in starts or not w[:1].isupper() or _inner_capital(w, _after(title, m)):
            continue
        if not _name_at(title, m, casing):
            out[m.start()] = w[0].lower()
    return "".join(out)
