"""A source title as a report would print it: the outlet's furniture cut, mojibake repaired.

Cut: an outlet suffix such as " - Reuters" or " | BBC News", a label such as "BREAKING:",
"EXCLUSIVE-" or "The Latest:", a print section label before " // ", a deck after "; " and a
second sentence, the outlet's comment ("… isn't true. Not yet, at least.").
Compound words ("Live-fire drills") and quotes ("Biden: 'We will fight; we will win'") stay
whole. Words garbled by a wrong decoding are decoded right where they can be, and the title
chosen as headline is lowered when it shouts and loses a closing "!", "?" or ".".

House style is sentence case: a title in Title Case ("Bernie Sanders Beats Hillary Clinton In
Oklahoma") is written as a sentence ("Bernie Sanders beats Hillary Clinton in Oklahoma"). Which
words are names is read from the story itself (``Casing``): how its articles write the word,
with its neighbours, in mid-sentence ("White House" but "white people", "Medal of Honor"; the
word after "U.S." or "Mr." is mid-sentence), or another form of it ("beat" for "Beats"). A word
they never write is a name when the entity recogniser marks it (people, places, organisations,
groups, events: ``NAME_LABELS``), it carries capitals inside (iPhone, McCain, NATO), it is a day
or a month, or it is no word of the lemmatizer's dictionary ("Obama"); a small word, a pronoun
or an auxiliary is not. A plain dictionary word stays unclear: lowered alone among words that
are not names, but next to a name or another unclear word ("Eyes Super Tuesday", "The
Democratic Party", "The Clinton Foundation") it may be part of the name, and the whole title
is left in Title Case rather than print a name in lower case. A title already in sentence case,
or one longer than a headline (300 characters, 40 words), is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from ..quotes.people import ABBREVIATION_END, dictionary_words, dictionary_words_of, irregular_forms_of
from .candidates import Story, garbled
from .text import DAYS_AND_MONTHS, US_STATE_ABBREVIATIONS

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
# A quote set before a report as its kicker ("‘He died in my hands’: 3 … killed in clashes …"):
# someone's words with no one's name to them; the report after the colon has four words or more.
_QUOTE_KICKER = re.compile(r"^[‘'\"“][^‘’“”\"]{2,60}?[’'\"”]\s*:\s+(?=[A-Z0-9]\S*(?:\s+\S+){3})")
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


# A full stop between two sentences of a title, outside quote marks: after a word of two
# letters or more that is no abbreviation ("U.S.", "Sen.", "Roe v. Wade", "5 p.m. Monday" are
# not ends).
_TITLE_SENTENCE_END = re.compile(r"(?<=[A-Za-z’'][a-z’'])\.\s+(?=[A-Z“‘\"'])")
_HEAD_WORDS = 4  # a first sentence shorter than this is a kicker ("Game over."), not the report


def _first_sentence(t: str) -> str:
    """A title of two sentences cut to the first, the report: what follows it is the outlet's
    comment or teaser ("… isn't true. Not yet, at least.", "… confirmed a judge. Is this
    Obama's last one?", "… nominated a Muslim to be a federal judge. That's a first.")."""
    quoted = [m.span() for m in _QUOTED.finditer(t)]
    for m in _TITLE_SENTENCE_END.finditer(t):
        head = t[: m.start()]
        if any(a <= m.start() < b for a, b in quoted) or ABBREVIATION_END.search(head + "."):
            continue
        return head if len(head.split()) >= _HEAD_WORDS else t
    return t


def clean_title(title: str, outlet: str = "") -> str:
    """A source title without the outlet's name, section label, print deck or trailing period."""
    t = " ".join(title.split())
    t = _SECTION_LABEL.sub("", t)
    t = _QUOTE_KICKER.sub("", t)  # "'We Got Her!': Video Shows Dramatic Rescue …": the report is after
    m = _TITLE_PREFIX.match(t)
    sep = m.group(2) if m else ""
    if m and (sep.strip() != "-" or " " in sep or m.group(1).isupper() or m.group(1)[-1].isdigit()):
        t = t[m.end() :]
    head, *deck = _unquoted_split(t)
    if deck and len(head.split()) >= 3:  # "Candidates vie for vets' support; Trump and Clinton …"
        t = head
    elif deck and _is_kicker(head) and deck[0][:1].isupper() and len(deck[0].split()) >= 3:
        t = deck[0]  # "GAME ON; What each candidate needs …": the kicker goes
    t = _first_sentence(t)
    for _ in range(2):
        m = _TITLE_SUFFIX.search(t)
        if not m:
            break
        tail = m.group(1).strip()
        looks_like_name = all(w[:1].isupper() or not w[:1].isalpha() for w in tail.split())
        known = outlet and (tail.lower() in outlet.lower() or outlet.lower() in tail.lower())
        if known or (looks_like_name and len(tail.split()) <= 4):
            t = t[: m.start()].rstrip()
    return _unstopped(t.rstrip())


def _unstopped(title: str) -> str:
    """The title without its closing full stop, unless the stop closes an abbreviation ("…
    takes Pa., Md. and Del.")."""
    bare = title.rstrip(" .")
    last = bare.split()[-1] if bare.split() else ""
    if title.endswith(".") and (last in US_STATE_ABBREVIATIONS or ABBREVIATION_END.search(last + ".")):
        return bare + "."
    return bare


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


# Small words Title Case may or may not capitalise: never evidence that a title is in it.
_SMALL = frozenset(
    "a an the and but or nor for of in on at to by as up off via vs per with from into onto over "
    "out about after before than".split()
)
# Words no name is made of: auxiliaries and modals, "says", pronouns, determiners, conjunctions.
_NEVER_NAMES = frozenset(
    "is are was were am be been has have had do does did will would can could may might must shall should "
    "says said say tells told he she it they we you him them us his her hers its their theirs our ours my "
    "your this that these those who whom whose which what why how when where not no all some any each "
    "every both either neither if so yet than then there here".split()
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
# The entity labels whose words are names as the recogniser reads them.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}
)
# Days and months keep their capital wherever they stand ("Super Tuesday", "in July"); "May"
# and "March" are words too.
_ALWAYS_CAPITAL = frozenset(d.lower() for d in DAYS_AND_MONTHS) - {"march", "may"}
# A feed's title has no length limit; a headline is short. Longer titles are left as they are.
_MAX_TITLE_CHARS, _MAX_TITLE_WORDS = 300, 40


def _key(word: str) -> str:
    return _POSSESSIVE.sub("", word).replace("’", "'").lower()


def _at_start(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens the text, a sentence, a part after a colon or a quote;
    not the word after an initial or an abbreviation ("U.S. troops", "Mr. Trump")."""
    if pos == 0:
        return True
    offset = max(0, pos - 4)
    m = _STARTS.search(text[offset:pos])
    if m is None:
        return False
    dot = offset + m.start()
    if text[dot] != "." or "\n" in text[dot:pos]:  # a line break opens a paragraph: "… Biden Jr.\n\nWhat"
        return True
    return not ABBREVIATION_END.search(text[max(0, dot - 5) : dot + 1])


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


def word_bases(key: str) -> set[str]:
    """The word and the words it may be a form of ("beats": "beat"; "hid": "hide"), loosely."""
    out = {key}
    if key.endswith("s"):
        out.add(key[:-1])
        if key.endswith("es"):
            out.add(key[:-2])
        if key.endswith("ies"):
            out.add(key[:-3] + "y")
    for end in ("ed", "ing"):
        if key.endswith(end) and len(key) > len(end) + 2:
            stem = key[: -len(end)]
            out |= {stem, stem + "e"}
            if stem[-1] == stem[-2]:
                out.add(stem[:-1])  # "nodded", "planning"
            if end == "ed" and stem.endswith("i"):
                out.add(stem[:-1] + "y")
    for pos in ("verb", "noun", "adj"):
        out.update(irregular_forms_of(pos).get(key, ()))
    return out


def _manner_adverb(key: str) -> bool:
    """An adverb in -ly and nothing else ("finally", "narrowly"; not "early", "likely"): no
    name is made of it, though "Kelly" and "Beverly" look alike."""
    return (key.endswith("ly") and key in dictionary_words_of("adv")
            and key not in dictionary_words_of("noun") and key not in dictionary_words_of("adj"))


def _present_verb(key: str) -> bool:
    """A verb's third-person form ("ties", "beats", "wins", "pushes"): between two names a
    headline's verb ("Donald Trump Ties Hillary Clinton …"), though the word is a noun's plural too."""
    if not key.endswith("s") or key.endswith(("ss", "us", "is")):
        return False
    verbs = dictionary_words_of("verb")
    return key[:-1] in verbs or (key.endswith("es") and key[:-2] in verbs)


_BE = frozenset("am is are was were be been being".split())


def _progressive(before: str, key: str) -> bool:
    """A verb's "-ing" form after a form of "be" ("Republicans Are Following Trump …"): a verb,
    though the word may be a name elsewhere ("Stephen King", "Reading")."""
    if _key(before) not in _BE or not key.endswith("ing") or len(key) < 6:
        return False
    stem, verbs = key[:-3], dictionary_words_of("verb")
    return any(b in verbs for b in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem))


def _verb_form(key: str) -> bool:
    """A form of a verb and of nothing else ("hid", "skewered"; not "won", "calculated"): no
    name is made of it."""
    if key in dictionary_words_of("noun") or key in dictionary_words_of("adj"):
        return False
    if key in irregular_forms_of("verb"):
        return key not in irregular_forms_of("noun")
    verbs = dictionary_words_of("verb")
    return key.endswith("ed") and any(b in verbs for b in (key[:-1], key[:-2], key[:-3]))


class Casing:
    """How a story's articles write each word in mid-sentence: for runs of up to three words
    (so "White House" and "white people" tell "White" apart), and for each word alone (a
    capital it has only inside a longer name, "Washington Post", does not make it a name)."""

    def __init__(self, sentences: list[str], entity_words: frozenset[str] = frozenset()) -> None:
        # Per run of lower-cased words, for each of its words: how often it was capitalised, how
        # often written, and how often capitalised as the run's last word before a capitalised one.
        self._runs: dict[tuple[str, ...], list[list[int]]] = {}
        self._alone: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._upper: set[str] = set()  # words written in capitals ("GOP", "NATO")
        # First words of quotes written in lower case: a phrase quoted inside the writer's
        # sentence (speak “directly to white people”), no quoted sentence of its own.
        self._quoted_phrase: set[tuple[str, ...]] = set()  # its first two words
        self.entity_words = entity_words
        for text in sentences:
            toks: list[tuple[str, bool | None]] = []  # capitalised, or None: unknown
            for m in _WORD.finditer(text):
                w = m.group()
                shout = len(w) > 1 and w.isupper()
                if shout:
                    self._upper.add(_key(w))
                if w[:1].islower() and _after_quote_mark(text, m.start()):
                    self._quoted_phrase.add(_opening_words(text, m))
                toks.append((_key(w), None if shout or _at_start(text, m.start()) else w[:1].isupper()))
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
        # For a word they never write: how they write the forms of its base ("beat" for "Beats").
        self._base: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
        for k, alone in self._alone.items():
            for base in word_bases(k):
                self._base[base][0] += alone["cap"] + alone["joined"]
                self._base[base][1] += alone["low"]

    @classmethod
    def of(cls, story: Story, name_spans: Mapping[str, Iterable[tuple[int, int]]] | None = None) -> Casing:
        """The casing of the story's prose; names are also the words of its people and places
        and, when given, of ``name_spans`` (per article: the spans of the analyses' entities
        with a ``NAME_LABELS`` label, organisations and events included), inside prose."""
        prose = [s for s in story.sents if s.reason not in _NOT_PROSE]
        entity_words: set[str] = set()
        for spans in (story.person_spans, story.places, name_spans or {}):
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

    def evidence(self, words: list[str], i: int) -> bool | None:
        """Whether ``words[i]`` is a name where it stands among ``words`` (a title's run of words
        between punctuation), by the longest run around it that the articles write mid-sentence,
        else by how they write the word alone; None when they never write it mid-sentence."""
        lo = max(0, i - _MAX_WINDOW + 1)
        keys = [_key(w) for w in words[lo : i + _MAX_WINDOW]]
        i -= lo
        # A word the articles also write in lower case, capitalised only before a name, is a
        # title there ("White House Doctor Connie Mariano"), not a name of its own.
        low = self._alone.get(keys[i], {}).get("low", 0)
        for n in range(min(_MAX_WINDOW, len(keys)), 1, -1):
            capital = written = 0
            for a in range(max(0, i - n + 1), min(i, len(keys) - n) + 1):
                counts = self._runs.get(tuple(keys[a : a + n]))
                if counts:
                    capital += counts[i - a][0] - (counts[i - a][2] if low else 0)
                    written += counts[i - a][1]
            if written:
                return 2 * capital > written
        alone = self._alone.get(keys[i])
        if alone and (alone["cap"] or alone["low"]):
            return alone["cap"] > alone["low"]
        return None

    def guess(self, word: str) -> bool | None:
        """For a word the articles never write mid-sentence: a name when the recogniser marked
        it, it has capitals inside, it is a day or a month, or it is no dictionary word
        ("Obama"); not one when it is a small word or the articles write another form of it
        in lower case ("Beats": "beat"); None, unclear, for a plain dictionary word ("Party")."""
        bare = _POSSESSIVE.sub("", word)
        key = _key(bare)
        if bare in self.entity_words or _inner_capital(bare) or key in _ALWAYS_CAPITAL:
            return True
        if key in _SMALL or key in _NEVER_NAMES or re.search(r"n't$|'(?:re|ll|ve|m|d)$", key):
            return False  # "Won't", "She'll"
        bases = word_bases(key)
        cap = sum(self._base[b][0] for b in bases if b in self._base)
        low = sum(self._base[b][1] for b in bases if b in self._base)
        if cap or low:
            return cap > low
        words = dictionary_words()
        return None if any(b in words for b in bases) else True

    def name(self, words: list[str], i: int) -> bool:
        """Whether ``words[i]`` is a name where it stands: by the articles' evidence, else by
        ``guess`` (an unclear word is not taken for one)."""
        found = self.evidence(words, i)
        return found if found is not None else self.guess(words[i]) is True

    def shouted(self, word: str) -> bool:
        """Whether the articles write the word in capitals ("GOP", "NATO")."""
        return _key(word) in self._upper

    def quoted_phrase(self, text: str, m: re.Match[str]) -> bool:
        """Whether the articles open a quote in mid-sentence in lower case on the words the one
        at ``m`` opens (its first two: "directly to", not every quote that opens on "a")."""
        return _opening_words(text, m) in self._quoted_phrase


def _opening_words(text: str, m: re.Match[str]) -> tuple[str, ...]:
    """The keys of the word at ``m`` and the next one, when the quote goes on to it."""
    nxt = _WORD.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
    return (_key(m.group()), _key(nxt.group())) if nxt else (_key(m.group()),)


_QUOTE_OPENS = re.compile(r"(?<=[\w,] )[“‘\"]$|(?<=[\w,] )[“‘\"]\s$")


def _after_quote_mark(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a quote in mid-sentence (after a word or a comma)."""
    return _QUOTE_OPENS.search(text, max(0, pos - 2), pos) is not None


def _tokens(title: str) -> list[tuple[re.Match[str], int, int]]:
    """The title's words, each with its segment (the words between punctuation: a comma, a
    quote mark, a colon, a dash) and its index there, in one pass."""
    bounds = [m.start() for m in re.finditer(r"[,;:“”‘\"()—–]|’(?![^\W\d_])", title)]
    out: list[tuple[re.Match[str], int, int]] = []
    seg = index = b = 0
    for m in _WORD.finditer(title):
        moved = False
        while b < len(bounds) and bounds[b] < m.start():
            b += 1
            moved = True
        if moved and out:
            seg, index = seg + 1, 0
        out.append((m, seg, index))
        index += 1
    return out


def _segments(toks: list[tuple[re.Match[str], int, int]]) -> list[list[str]]:
    segs: list[list[str]] = []
    for m, seg, _ in toks:
        if seg == len(segs):
            segs.append([])
        segs[seg].append(m.group())
    return segs


def _starts_of(title: str) -> set[int]:
    """Offsets of the title's words that open it, a part after a colon or full stop, or a quote."""
    out = set()
    first = True
    for m in _WORD.finditer(title):
        if (first and not title[: m.start()].strip("\"“‘'( ")) or _at_start(title, m.start()):
            out.add(m.start())
        first = False
    return out


def _after(title: str, m: re.Match[str]) -> str:
    return title[m.end() : m.end() + 1]


def title_cased(title: str, casing: Casing | None = None) -> bool:
    """Whether the title is in Title Case: two or more capitalised words (small words such as
    "In" included) the story does not write as names (any capitalised word, without a story),
    and hardly a lower-case one. Judged on the title's first 300 characters (feeds set no limit)."""
    title = title[:_MAX_TITLE_CHARS]
    starts = _starts_of(title)
    toks = [t for t in _tokens(title) if t[0].start() not in starts]
    content = [m for m, _, _ in toks if _key(m.group()) not in _SMALL]
    # The part after a hyphen is lower case in Title Case too ("Reagan-like").
    after_hyphen = {m.start() for m in content if title[m.start() - 1 : m.start()] == "-"}
    lower = [
        m for m in content
        if m.group()[:1].islower() and not _inner_capital(m.group()) and m.start() not in after_hyphen
    ]  # fmt: skip
    capital = [
        (m, seg, i) for m, seg, i in toks
        if m.group()[:1].isupper() and not _inner_capital(m.group(), _after(title, m))
    ]  # fmt: skip
    if len(capital) < 2:
        return False
    if casing is not None:
        segs = _segments(_tokens(title))
        capital = [t for t in capital if not casing.name(segs[t[1]], t[2])]
    return len(capital) >= 2 and len(lower) <= len(capital) // 3


def sentence_case(title: str, casing: Casing) -> str:
    """A Title Case title in sentence case: its first word (and the first after a colon or inside
    a quote) capitalised, names as the story writes them, other words in lower case. A title
    that is not in Title Case, a story without text to tell names by, a title too long for a
    headline, or one where an unclear word stands next to a name or another unclear word ("Eyes
    Super Tuesday", "The Clinton Foundation": the name may go on) is left unchanged: a Title Case
    headline is better than a name in lower case."""
    if len(title) > _MAX_TITLE_CHARS or len(title.split()) > _MAX_TITLE_WORDS:
        return title
    if not casing or not title_cased(title, casing):
        return title
    starts = _starts_of(title)
    toks = _tokens(title)
    segs = _segments(toks)
    verdicts: list[bool | None] = []  # a name, not one, or unclear
    for m, seg, i in toks:
        w = m.group()
        if not w[:1].isupper():
            verdicts.append(False)
        elif _inner_capital(w, _after(title, m)):
            verdicts.append(True)
        else:
            found = casing.evidence(segs[seg], i)
            verdicts.append(found if found is not None else casing.guess(w))
    for k, (m, seg, _) in enumerate(toks):
        if verdicts[k] is not None or m.start() in starts:
            continue  # a first word keeps its capital whatever it is
        left, right = (
            verdicts[j] if 0 <= j < len(toks) and toks[j][1] == seg else False for j in (k - 1, k + 1)
        )
        key = _key(m.group())
        before = toks[k - 1][0].group() if k > 0 and toks[k - 1][1] == seg else ""
        if (left, right) == (False, False) or _verb_form(key) or _manner_adverb(key) or _progressive(before, key):
            verdicts[k] = False  # "… from Public, …"; "Clinton Hid …"; "Trump Finally Endorses …"; "Are Following"
        elif left is False and right is True and key.endswith("s") and not key.endswith(("ss", "us", "is")):
            verdicts[k] = False  # "She Sees Reagan": a verb or a plural before a name, not a part of it
        elif left is True and right is True and _present_verb(key):
            verdicts[k] = False  # "Donald Trump Ties Hillary Clinton": a verb between two names
        else:
            return title  # "Super Tuesday", "Democratic Party", "Clinton Foundation", "Silver State"?
    out = list(title)
    for (m, _, _), name in zip(toks, verdicts):
        # A quote's first word in mid-title stays capitalised unless the articles quote it as a
        # phrase: "Clinton speaks ‘directly to white people’", not "‘Directly to …’".
        phrase = _after_quote_mark(title, m.start()) and casing.quoted_phrase(title, m)
        if (m.start() not in starts or phrase) and m.group()[:1].isupper() and not name:
            out[m.start()] = m.group()[0].lower()
    return "".join(out)


def shouts(title: str) -> bool:
    """Whether the title is mostly in capitals ("FIX IS IN: PBS MODERATORS IGNORE …")."""
    words = title.split()
    caps = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    return bool(words) and len(caps) / len(words) > 0.3


def _tidy_headline(title: str, casing: Casing | None = None) -> str:
    """The title without a closing "!", "?" or "."; a shouting one in sentence case, its names as
    the story writes them (``casing``), else lowered."""
    if shouts(title):  # only shouting titles were left
        if casing:
            titled = _WORD.sub(
                lambda m: m.group() if casing.shouted(m.group()) else m.group()[:1] + m.group()[1:].lower(),
                title,
            )
            title = sentence_case(titled, casing)
        else:
            title = title.lower()
            title = title[0].upper() + title[1:]
    return _unstopped(title.rstrip("!? ")).strip() or title
