"""Direct quotes in news text: the words, who said them, in what role, with which verb.

The one quote extractor of the project (``newsdigest quotes FILE.txt`` and the digests).

How it works, in three passes:

1. **Marks** (no NLP): a scan pairs opening and closing marks line by line — curly
   “ ” and ‘ ’, straight " and ', guillemets « ». A single mark counts as a quote mark only
   where it cannot be an apostrophe (``don’t``, ``Clinton’s``). Inside a double-quoted
   span, single marks are nested quotes and belong to it. A paragraph that ends inside an
   open quote continues when the next paragraph reopens with a mark (the news convention
   for a quote over several paragraphs); each paragraph's piece is its own record and the
   pieces share a ``group``. An unclosed mark that is not continued is dropped
   (reason ``unclosed``).
2. **Attribution** (spaCy parse + NER): the text outside quotes in the sentences a quote
   touches (its *frame*) is searched for a speech verb (``said``, ``warned``, ``told``,
   ``according to`` …). The verb nearest the quote, preferring one that governs it in the
   parse, gives the attribution; its subject is the speaker mention. Without a verb in the
   frame, a quote inherits from a sentence ending in a colon just before it (``He said:``)
   or, when it stands alone as a sentence, from the quote just before it
   (continuation paragraphs).
3. **Speaker** resolution: a pronoun (``he``/``she``) becomes, in the last sentence before
   it that names a person whose gender does not contradict it, the person that sentence is
   about (the subject nearest its root; else the last one named there); a surname or first name alone becomes the
   fullest matching name in the article (also when the tagger took the bare surname for a
   place or group, if one first name only is written before it); ``the spokesperson`` becomes the person earlier
   given that role. The role comes from premodifiers (``Kremlin spokesperson Dmitry
   Peskov``) or appositions (``Dmitry Peskov, the Kremlin's spokesman,``) anywhere in the
   article.

A caller that knows whom the text is about (the verifier reading an LLM's summary of
articles whose speakers are known) passes their names as ``people``: where the text writes
one of them or the surname, that is a person, whatever the tagger made of the word.

``Quote.text`` is the content *inside* the marks, whitespace-trimmed, and always equals
``text[start:end]`` verbatim. What is not a direct quote is dropped with a reason:
quoted terms of one or two words (scare quotes, nicknames) unless a speech verb takes them
as its own complement, and always when they are only a person's name, “Chris.”
(``scare_quote``); capitalised names of shows, books and songs
(``title``); quotes nothing attributes (``unattributed``); marks never closed
(``unclosed``; a double mark left open to the paragraph's end still makes a quote when it
holds ``UNCLOSED_MIN_WORDS`` words, as sources do forget closing marks).
Quotes in a sentence of reported speech (``warned that “…”``) are kept: they are the
speaker's words.

Measured on PolNeAR with ``bench/quotes.py`` (dev is the reported split).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .records import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘'"
SINGLE_CLOSE = "’'"
# Quoted terms this short are scare quotes unless a speech verb takes them directly.
SHORT_MAX_WORDS = 2
# An opening mark never closed in its paragraph still starts a quote from this length on.
UNCLOSED_MIN_WORDS = 6
# Characters after which a straight mark or ‘ opens a quote rather than closes one.
_OPENING_CONTEXT = " \t\n([{—–-/:;,\u202a\u202c\u200b\u200e\ufeff\xa0"

SPEECH_LEMMAS = frozenset(
    """say tell add warn ask write tweet state note explain claim argue insist continue reply
    respond announce declare acknowledge admit agree allege assert boast caution comment
    complain concede conclude confirm contend deny emphasize emphasise exclaim joke lament
    maintain mention observe predict promise recall recount remark report retort reveal
    scream shout stress suggest testify urge vow whisper yell quip mutter snap opine proclaim
    counter chant sing post reiterate underline demand pledge threaten wonder plead murmur
    sigh interject charge question tout brag scoff gush rave cry laugh point go read
    describe call label dub quote type text email blast slam criticize criticise accuse
    mock sneer tease thunder grumble rail fume concur posit highlight recommend advise
    inform assure remind pray preach shoot fire hit write react muse recite rant reason""".split()
)
# Lemmas that name a quoted term rather than introduce speech: only with a speaker subject.
_NAMING_LEMMAS = frozenset({"call", "label", "dub", "describe"})
_PARTICLE_VERBS = {"go": "on", "point": "out", "fire": "back", "shoot": "back", "hit": "back"}
_OBJECT_VERBS = frozenset({"tell", "ask", "inform", "assure", "remind", "advise", "email", "text"})
_MALE = frozenset({"he", "him", "his"})
_FEMALE = frozenset({"she", "her", "hers"})
_HONORIFICS = {
    "mr": "m", "mr.": "m", "mister": "m", "sir": "m", "lord": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "madam": "f", "dame": "f", "lady": "f",
}
_TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. president vice sen sen. senator rep rep.
    representative gov gov. governor mayor judge justice gen gen. general col col. lt lt.
    sgt sgt. capt capt. adm adm. secretary minister chancellor premier king queen prince
    princess pope rev rev. father sister brother sir dame lord lady chairman chairwoman
    ceo speaker attorney""".split()
)
# Short lists only to break ties in pronoun resolution; unknown names are gender-neutral.
_FEMALE_NAMES = frozenset(
    """hillary melania nancy kamala elizabeth mary sarah susan karen linda patricia jennifer
    jessica emily emma anna angela theresa ursula marine jill michelle chelsea kellyanne
    ivanka hope laura lisa maria margaret catherine kate katie rachel rebecca ruth julia
    julie amy ann anne barbara betty carol christine claire diana donna dorothy ellen helen
    jane janet joan judy kathleen kim liz megan melissa nicola olivia pamela priti rosa
    samantha sandra sharon sophie stephanie tulsi victoria virginia wendy alexandria ilhan
    marjorie lauren nikki kristi gretchen tammy debbie dianne sheila huma donna heidi
    kirsten tina katrina joni lisa marsha shelley cathy deborah brenda paula tara megyn
    rosie dana ayanna rashida jacinda giorgia annalena yulia sanna kaja mette""".split()
)
_MALE_NAMES = frozenset(
    """donald barack joe joseph john james robert michael william david richard thomas charles
    mike mark paul steve steven george bill bernie ted marco jeb chris christopher tim tom
    jim ben benjamin vladimir dmitry sergei emmanuel boris keir rishi justin xi narendra
    recep volodymyr andrew anthony brian kevin jason eric peter frank gary larry jeff scott
    paul rudy rudolph newt mitch chuck harry lindsey rand reince sean corey stephen jared
    ron gavin greg matt matthew adam jack henry edward ryan kyle travis josh joshua
    mohammed muhammad ahmed ali hassan ali olaf friedrich pedro viktor""".split()
)


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """Quote content between marks: ``start``/``end`` inside, ``open_at``/``close_end`` with marks."""

    start: int
    end: int
    open_at: int
    close_end: int
    group: int
    kind: str  # "double" or "single"


@dataclass(frozen=True, slots=True)
class Dropped:
    start: int
    end: int
    reason: str  # unclosed, empty, scare_quote, unattributed
    # A speech verb takes the span as its own complement ("Burman said, “A Fair Share”"):
    # a title or term put in someone's mouth, not only named.
    spoken: bool = False


@dataclass(frozen=True, slots=True)
class QuoteDetail:
    """A found quote plus what the bench and debugging need beyond the record."""

    quote: Quote
    group: int  # pieces of one quotation (split by attribution or paragraphs) share it
    how: str  # verb, according_to, colon, continuation, group
    speaker_start: int = -1  # the speaker mention as written ("he", "Peskov"); -1 if none
    speaker_end: int = -1


@dataclass(slots=True)
class QuoteScan:
    quotes: list[QuoteDetail] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


# ---------------------------------------------------------------- pass 1: marks


def _prev(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else " "


def _next(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else " "


def _opens_straight(text: str, i: int, width: int = 1) -> bool:
    prev = _prev(text, i)
    return (prev in _OPENING_CONTEXT or prev in "“‘") and not _next(text, i + width - 1).isspace()


def _opens_single(text: str, i: int) -> bool:
    # ‘ or ' opens only before a word and after a space/bracket: never inside "don't".
    prev = _prev(text, i)
    return (prev in _OPENING_CONTEXT or prev in "“\"") and _next(text, i).isalnum()


def _closes_single(text: str, i: int) -> bool:
    # A closing single mark ends a word and is not followed by a letter ("it’s", "rock’n’roll").
    return not _prev(text, i).isspace() and not _next(text, i).isalnum()


def _double_width(text: str, i: int) -> int:
    """Width of a double mark at ``i``: 1 for “ ” « » ", 2 for the typewriter pair '' (0: none)."""
    ch = text[i]
    if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE or ch == '"':
        return 1
    if ch == "'" and text.startswith("''", i):
        return 2
    return 0


def find_marked_spans(text: str) -> tuple[list[MarkedSpan], list[Dropped]]:
    """Pair quote marks in ``text``; pure string work, no NLP."""
    spans: list[MarkedSpan] = []
    dropped: list[Dropped] = []
    n = len(text)
    open_at = -1  # index of the opening mark, -1 when no quote is open
    content_at = -1  # first index after the opening mark
    kind = ""
    group = 0
    i = 0

    def emit(close_at: int, close_end: int) -> None:
        s, e = content_at, close_at
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append(MarkedSpan(s, e, open_at, close_end, group, kind))
        else:
            dropped.append(Dropped(open_at, close_end, "empty"))

    while i < n:
        ch = text[i]
        if ch == "\n":
            if open_at >= 0:
                j = i
                while j < n and text[j].isspace():
                    j += 1
                width = _double_width(text, j) if j < n else 0
                reopens = j < n and (
                    (kind == "double" and width and text[j] not in DOUBLE_CLOSE)
                    or (kind == "single" and text[j] in SINGLE_OPEN)
                )
                if reopens and j > i:
                    emit(i, i)  # this paragraph's piece; the quote goes on after the new mark
                    open_at, content_at = j, j + (width or 1)
                    i = content_at
                    continue
                if kind == "double" and len(text[content_at:i].split()) >= UNCLOSED_MIN_WORDS:
                    emit(i, i)  # the source forgot the closing mark at the paragraph's end
                else:
                    dropped.append(Dropped(open_at, i, "unclosed"))
                open_at = -1
            i += 1
            continue
        width = _double_width(text, i)
        if open_at < 0:
            if ch == "”" and _prev(text, i) in "\n\u202a\u200b\ufeff" + " " and _next(text, i).isalnum():
                # ” typed as the opening mark at the start of a paragraph.
                open_at, content_at, kind, group = i, i + 1, "double", group + 1
                i += 1
                continue
            if ch in DOUBLE_OPEN or (width and ch not in DOUBLE_CLOSE and _opens_straight(text, i, width)):
                open_at, content_at, kind, group = i, i + width, "double", group + 1
                i += width
                continue
            if ch in SINGLE_OPEN and _opens_single(text, i):
                open_at, content_at, kind, group = i, i + 1, "single", group + 1
        elif kind == "double":
            if text.startswith("'''", i):
                emit(i + 1, i + 3)  # a nested single quote closes right before the pair
                open_at = -1
                i += 3
                continue
            if width and ch != "“" and ch not in DOUBLE_OPEN:
                emit(i, i + width)
                open_at = -1
                i += width
                continue
            if ch == "“":
                if not _prev(text, i).isspace() and not _next(text, i).isalnum():
                    emit(i, i + 1)  # a wrong-way closing mark (some sites only type “)
                    open_at = -1
                else:
                    dropped.append(Dropped(open_at, i, "unclosed"))
                    open_at, content_at, group = i, i + 1, group + 1
        elif ch in SINGLE_CLOSE and _closes_single(text, i):
            emit(i, i + 1)
            open_at = -1
        elif width:
            # A double mark while a "single quote" is open: the single was an apostrophe.
            dropped.append(Dropped(open_at, i, "unclosed"))
            open_at = -1
            continue
        i += 1
    if open_at >= 0:
        if kind == "double" and len(text[content_at:n].split()) >= UNCLOSED_MIN_WORDS:
            emit(n, n)
        else:
            dropped.append(Dropped(open_at, n, "unclosed"))
    return spans, dropped


# ---------------------------------------------------------------- pass 2 and 3: the parse


def _norm_name(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,.;:—–-\"“”‘’'")
    s = re.sub(r"(?:'s|’s|'|’)$", "", s).strip()
    words = s.split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


@dataclass(slots=True)
class _Person:
    name: str
    start: int  # char offset of the mention
    ent: Span


@dataclass(slots=True)
class _Context:
    text: str
    doc: Doc
    spans: list[MarkedSpan]
    sents: list[tuple[int, int]]
    sent_starts: list[int]
    mark_starts: list[int]
    persons: list[_Person] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)
    known: list[Span] = field(default_factory=list)  # mentions of people given as known

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.mark_starts, pos) - 1
        return k >= 0 and self.spans[k].open_at <= pos < self.spans[k].close_end

    def sent_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)


def _full_name(ctx: _Context, name: str, before: int) -> str:
    """A surname or first name alone → the fullest name in the article that ends/starts with it."""
    words = name.split()
    if len(words) != 1:
        return name
    best = ""
    best_key: tuple[int, int, int] = (-1, -1, -1)
    for p in ctx.persons:
        pw = p.name.split()
        if len(pw) < 2:
            continue
        if pw[-1] == name:
            rank = 2
        elif pw[0] == name:
            rank = 1
        else:
            continue
        key = (rank, 1 if p.start < before else 0, len(pw))
        if key > best_key:
            best, best_key = p.name, key
    return best or name


def _one_bearer(ctx: _Context, surname: str) -> bool:
    """Only one first name is written before ``surname`` in the article ("Carly Fiorina" and
    "Frank Fiorina" are two people, whether or not the tagger found both)."""
    firsts = {p.name.split()[-2] for p in ctx.persons if len(p.name.split()) > 1 and p.name.split()[-1] == surname}
    lower = {t.text for t in ctx.doc if t.is_alpha and t.text.islower()}
    for m in re.finditer(rf"\b([A-Z][\w'’\-]+)\s+{re.escape(surname)}\b", ctx.text):
        word = m.group(1)
        if word.lower() not in lower and word.lower().rstrip(".") not in _TITLES:
            firsts.add(word)
    return len(firsts) == 1


def _gender(ctx: _Context, name: str) -> str:
    if name in ctx.genders:
        return ctx.genders[name]
    first = name.split()[0].lower()
    if first in _FEMALE_NAMES:
        return "f"
    if first in _MALE_NAMES:
        return "m"
    return ""


def _role_of(ent: Span) -> str:
    """Role words around a person's name: premodifiers, apposition, or the noun it is apposed to."""
    doc = ent.doc
    root = ent.root
    left = ent.start
    for child in root.lefts:
        if child.i < ent.start and child.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss"):
            left = min(left, child.left_edge.i)
    # Leading titles inside the entity itself ("President Joe Biden" tagged whole).
    inner = ent.start
    while inner < ent.end - 1 and doc[inner].lower_ in _TITLES:
        inner += 1
    candidates: list[Span] = []
    if left < ent.start:
        candidates.append(doc[left:inner])
    elif inner > ent.start:
        candidates.append(doc[ent.start : inner])
    for child in root.rights:
        if child.dep_ == "appos" and child.i >= ent.end:
            candidates.append(doc[child.left_edge.i : child.right_edge.i + 1])
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
        head = root.head
        candidates.append(doc[head.left_edge.i : head.i + 1])
    roles = [r for r in (_clean_role(span) for span in candidates) if r]
    # A bare title ("Col.", "Mr.") is the weakest role: an apposition says more.
    roles.sort(key=lambda r: all(w.lower().rstrip(".") in _TITLES or w == "." for w in r.split()))
    return roles[0] if roles else ""


def _clean_role(span: Span) -> str:
    toks = list(span)
    while toks and (toks[0].dep_ in ("det", "punct", "cc") or toks[0].lower_ in ("mr.", "mrs.", "ms.", "mr", "ms", "mrs")):
        toks = toks[1:]
    while toks and (toks[-1].dep_ in ("punct", "case", "cc") or toks[-1].is_punct):
        toks = toks[:-1]
    if not toks or len(toks) > 8:
        return ""
    if any(t.pos_ in ("VERB", "AUX", "NUM", "PRON") or t.ent_type_ in ("DATE", "TIME", "CARDINAL") for t in toks):
        return ""
    if not any(t.pos_ in ("NOUN", "PROPN") for t in toks):
        return ""
    if all(t.ent_type_ == "PERSON" for t in toks):
        return ""
    return span.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


_NOT_PEOPLE = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "MONEY"})


@functools.cache
def _dictionary_words() -> frozenset[str]:
    """English base words of the pipeline's lemmatizer (its WordNet index): "team" and
    "outside" are words, "Femi" is not. Empty when the pipeline has no such table."""
    from . import analyse  # late: analyse imports this module

    try:
        index = analyse.nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") if pos in index for w in index[pos])


def _name_chains(ctx: _Context) -> list[Span]:
    """Names the small model's NER misses ("Fire chief Ana Lindqvist" tagged ORG).

    A chain of capitalised proper nouns counts as a person when it is led by a known first
    name, follows an honorific or title, or is the subject of a speech verb.
    """
    doc = ctx.doc
    out: list[Span] = []
    # Words that speak somewhere ("…,” said Adeyemi): a chain ending in one is that speaker's
    # full name ("Femi Adeyemi runs the club"), even where the tagger calls the name a place.
    speaking = {
        t.text for t in doc if t.pos_ == "PROPN" and t.dep_ == "nsubj" and _is_speech_verb(t.head) and not ctx.in_quote(t.idx)
    }
    lower_words = {t.text for t in doc if t.is_alpha and t.text.islower()}  # "team", "outside"
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.dep_ == "compound" or not tok.text[:1].isupper():
            continue
        lo, hi = _propn_chain(tok)
        chain = doc[lo:hi]
        if any(t.ent_type_ in _NOT_PEOPLE or t.ent_type_ == "PERSON" or not t.text[:1].isupper() for t in chain):
            continue
        if ctx.in_quote(chain.start_char):
            continue
        before = doc[lo - 1].lower_ if lo > 0 else ""
        speaker = tok.dep_ == "nsubj" and _is_speech_verb(tok.head)
        # First name + a surname that speaks elsewhere ("Femi Adeyemi", which the small model
        # may tag ORG); longer chains ("Washington Post Trump"), places and "the White
        # House" are headlines, outlets and institutions.
        speaker = speaker or (
            len(chain) == 2
            and tok.text in speaking
            and before not in ("the", "a", "an")
            # "Team Trump", "Outside Carrier": a word, not a first name
            and chain[0].lower_ not in lower_words
            and chain[0].lower_ not in _dictionary_words()
            and not any(t.ent_type_ not in ("", "ORG") or t.lower_ in _TITLES for t in chain)
        )
        known = chain[0].lower_ in _FEMALE_NAMES or chain[0].lower_ in _MALE_NAMES
        if (len(chain) >= 2 and (known or speaker)) or before in _TITLES:
            out.append(chain)
    return out


_NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def _known_mentions(ctx: _Context, people: Sequence[str]) -> list[Span]:
    """Where the text names a person it is known to be about (full name or surname, written
    with a capital), as PERSON spans: "Pawlenty said, “…”" in a summary of stories that quote
    Tim Pawlenty, where the tagger reads "Pawlenty" as a common noun. A name inside a longer
    entity ("the Clinton Foundation") is that entity's, not the person's."""
    from spacy.tokens import Span

    doc, taken, out = ctx.doc, [], []
    forms = {f for name in people if name for f in (name, name.split()[-1]) if f[:1].isupper()}
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(form)}(?![\w-])", ctx.text):
            s, e = m.start(), m.end()
            if ctx.in_quote(s) or any(a < e and s < b for a, b in taken):
                continue
            span = doc.char_span(s, e, label="PERSON")
            if span is None:
                continue
            inside = [x for x in doc.ents if x.start < span.end and span.start < x.end]
            if any((x.start, x.end) != (span.start, span.end) or x.label_ in _NOT_NAMES for x in inside):
                continue  # a longer entity's, or a month, a day, an amount: "in May" is not Theresa May
            taken.append((s, e))
            out.append(span)
    return sorted(out, key=lambda x: x.start)


def _index_people(ctx: _Context) -> None:
    found = [ent for ent in ctx.doc.ents if ent.label_ == "PERSON"] + _name_chains(ctx)
    found += [k for k in ctx.known if not any(f.start < k.end and k.start < f.end for f in found)]
    for ent in sorted(found, key=lambda e: e.start):
        if ctx.in_quote(ent.start_char):
            continue
        name = _norm_name(ent.text)
        if not name or not name[0].isupper():
            continue
        ctx.persons.append(_Person(name, ent.start_char, ent))
    for p in ctx.persons:
        full = _full_name(ctx, p.name, p.start)
        if full not in ctx.roles:
            role = _role_of(p.ent)
            if role:
                ctx.roles[full] = role
        prev = ctx.doc[p.ent.start - 1].lower_ if p.ent.start > 0 else ""
        if prev in _HONORIFICS and full not in ctx.genders:
            ctx.genders[full] = _HONORIFICS[prev]


def _entity_at(doc: Doc, tok: Token, known: Sequence[Span] = ()) -> Span | None:
    """The entity ``tok`` is in; a known person's mention (:func:`_known_mentions`) first."""
    for span in known:
        if span.start <= tok.i < span.end:
            return span
    if tok.ent_iob_ == "O":
        return None
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _propn_chain(tok: Token) -> tuple[int, int]:
    lo = hi = tok.i
    doc = tok.doc
    while lo - 1 >= 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i in range(lo, hi + 1):
        lo -= 1
    return lo, hi + 1


@dataclass(slots=True)
class _Speaker:
    name: str = ""
    role: str = ""
    start: int = -1
    end: int = -1


def _resolve(ctx: _Context, tok: Token) -> _Speaker:
    """Speaker mention token → full name and role."""
    doc = ctx.doc
    # "the spokesman, Dmitry Peskov," — prefer the apposed name.
    if tok.pos_ == "NOUN":
        for child in tok.children:
            if child.dep_ in ("appos", "compound") and child.ent_type_ == "PERSON":
                tok = child
                break
    ent = _entity_at(doc, tok, ctx.known)
    lower = tok.lower_
    if ent is not None and ent.label_ == "PERSON" or (ent is None and tok.pos_ == "PROPN"):
        if ent is not None:
            span_s, span_e = ent.start_char, ent.end_char
            raw = ent.text
        else:
            lo, hi = _propn_chain(tok)
            span_s, span_e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
            raw = doc.text[span_s:span_e]
        name = _full_name(ctx, _norm_name(raw), span_s)
        role = ctx.roles.get(name, "")
        if not role and ent is not None:
            role = _role_of(ent)
        return _Speaker(name, role, span_s, span_e)
    if ent is not None:  # an organisation, country or group speaks
        name = _norm_name(ent.text)
        full = _full_name(ctx, name, ent.start_char)
        if full != name and full.split()[-1] == name and _one_bearer(ctx, name):
            # A surname the tagger took for a place or group ("said Adeyemi" as GPE) after
            # the article named that person in full.
            return _Speaker(full, ctx.roles.get(full, ""), ent.start_char, ent.end_char)
        return _Speaker(name, "", ent.start_char, ent.end_char)
    start, end = tok.idx, tok.idx + len(tok.text)
    if lower in ("he", "she"):
        p = _antecedent(ctx, start, "m" if lower == "he" else "f")
        if p is None:
            return _Speaker("", "", start, end)
        full = _full_name(ctx, p.name, p.start)
        return _Speaker(full, ctx.roles.get(full, ""), start, end)
    if tok.pos_ == "NOUN":
        left = tok.left_edge.i
        phrase_toks = [t for t in doc[left : tok.i + 1]]
        phrase = doc.text[phrase_toks[0].idx : end]
        definite = any(t.lower_ in ("the", "this", "that") for t in phrase_toks if t.dep_ == "det")
        if definite:
            head = tok.lemma_.lower()
            for p in reversed(ctx.persons):
                if p.start >= start:
                    continue
                full = _full_name(ctx, p.name, p.start)
                if head and head in ctx.roles.get(full, "").lower():
                    return _Speaker(full, ctx.roles[full], start, end)
        role = _clean_role(doc[left : tok.i + 1])
        return _Speaker("", role or phrase, phrase_toks[0].idx, end)
    return _Speaker("", "", start, end)


def _antecedent(ctx: _Context, before: int, want: str) -> _Person | None:
    """The person a "he"/"she" at ``before`` stands for: in the last sentence before it that
    names a person of a fitting gender, the one that sentence is about — the subject of its
    highest verb ("But if Carson implied …, he did not follow Reagan’s dictum. He said …":
    Carson, not Reagan, whose name only qualifies a noun; "Christie, who has campaigned for
    Donald Trump, blasted Clinton. “…,” he said": Christie) — else the last one named."""
    fits = [
        p for p in ctx.persons if p.start < before and _gender(ctx, _full_name(ctx, p.name, p.start)) in ("", want)
    ]
    if not fits:
        return None
    sent = ctx.sent_index(fits[-1].start)
    subjects = [
        p
        for p in fits
        if ctx.sent_index(p.start) == sent
        and p.ent.root.dep_ in ("nsubj", "nsubjpass")
        and not ctx.in_quote(p.start)
    ]
    if not subjects:
        return fits[-1]
    return min(subjects, key=lambda p: (_depth(p.ent.root.head), -p.start))


def _depth(tok: Token) -> int:
    """How many heads up from ``tok`` its sentence's root is."""
    n = 0
    while tok.head is not tok and n < 50:
        tok, n = tok.head, n + 1
    return n


def _subject(ctx: _Context, verb: Token, depth: int = 0) -> Token | None:
    """The speaker token of a speech verb; subjects inside quotes are the quote's own words."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(child.idx):
            if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                return verb.head  # "Lucia Ferrante, who said …"
            return child
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "dep", "parataxis") and verb.head is not verb:
        return _subject(ctx, verb.head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return verb.head
    return _nearby_speaker(ctx, verb)


def _nearby_speaker(ctx: _Context, verb: Token) -> Token | None:
    """When the parse gives no subject: a name or he/she right next to the verb."""
    doc = ctx.doc
    sent_lo, sent_hi = verb.sent.start, verb.sent.end
    order = list(range(verb.i - 1, max(sent_lo, verb.i - 6) - 1, -1)) + list(range(verb.i + 1, min(sent_hi, verb.i + 4)))
    for i in order:
        tok = doc[i]
        if ctx.in_quote(tok.idx) or tok.dep_ in ("dobj", "dative", "pobj"):
            continue
        known = any(k.start <= i < k.end for k in ctx.known)
        if tok.ent_type_ == "PERSON" or tok.lower_ in ("he", "she") or known:
            return tok
    return None


def _verb_text(ctx: _Context, verb: Token) -> tuple[int, int]:
    s, e = verb.idx, verb.idx + len(verb.text)
    for child in verb.lefts:
        if child.dep_ in ("aux", "auxpass") and child.lemma_ == "have" and verb.i - child.i <= 3:
            s = min(s, child.idx)
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            e = child.idx + len(child.text)
        elif verb.lemma_ in _OBJECT_VERBS and child.dep_ in ("dobj", "dative") and child.left_edge.i <= verb.i + 2:
            # "told reporters", "told The New York Times", "told CNN's State of the Union":
            # the object starts next to the verb; its head may come several words later.
            last = child.right_edge
            if last.i - child.left_edge.i < 7 and not ctx.in_quote(last.idx):
                e = last.idx + len(last.text)
    return s, e


def _is_speech_verb(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma not in SPEECH_LEMMAS or not tok.tag_.startswith("VB"):
        return False
    particle = _PARTICLE_VERBS.get(lemma)
    if particle is not None:
        return any(c.dep_ == "prt" and c.lower_ == particle for c in tok.children)
    if lemma == "call" and any(c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on") for c in tok.children):
        return False  # "those calling for his withdrawal": a demand, not words spoken
    return True


def _governs(verb: Token, qtoks: Sequence[Token]) -> bool:
    for t in qtoks:
        for anc in t.ancestors:
            if anc.i == verb.i:
                return True
    return False


def _directly_governs(verb: Token, qtoks: Sequence[Token]) -> bool:
    """The quote is the verb's own complement or the verb sits in the quote's clause."""
    inside = {t.i for t in qtoks}
    return any(t.head.i == verb.i and t.dep_ not in ("punct",) for t in qtoks) or verb.head.i in inside


@dataclass(slots=True)
class _Attribution:
    speaker: _Speaker
    verb: str
    how: str
    governs: bool
    direct: bool = True


def _attribution_in(ctx: _Context, lo: int, hi: int, span: MarkedSpan) -> _Attribution | None:
    """Find the speech verb for ``span`` among the non-quoted tokens in chars ``[lo, hi)``."""
    doc = ctx.doc
    qtoks = [t for t in doc.char_span(span.open_at, span.close_end, alignment_mode="expand") or []]
    if not qtoks:
        return None
    best: tuple[tuple[int, int], Token] | None = None
    window = doc.char_span(lo, hi, alignment_mode="expand")
    if window is None:
        return None
    for tok in window:
        if ctx.in_quote(tok.idx):
            continue
        is_verb = _is_speech_verb(tok)
        is_accord = tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)
        if not (is_verb or is_accord):
            continue
        dist = min(abs(tok.i - qtoks[0].i), abs(tok.i - qtoks[-1].i))
        key = (0 if _governs(tok, qtoks) else 1, dist)
        if best is None or key < best[0]:
            best = (key, tok)
    if best is None:
        return None
    verb = best[1]
    governs = best[0][0] == 0
    if verb.lower_ == "according":
        to = next(c for c in verb.children if c.lower_ == "to")
        obj = next((g for g in to.children if g.dep_ == "pobj"), None)
        speaker = _resolve(ctx, obj) if obj is not None else _Speaker()
        return _Attribution(speaker, doc.text[verb.idx : to.idx + len(to.text)], "according_to", governs, False)
    subj = _subject(ctx, verb)
    if verb.lemma_.lower() in _NAMING_LEMMAS and subj is None:
        return None
    speaker = _resolve(ctx, subj) if subj is not None and not ctx.in_quote(subj.idx) else _Speaker()
    vs, ve = _verb_text(ctx, verb)
    return _Attribution(speaker, doc.text[vs:ve], "verb", governs, _directly_governs(verb, qtoks))


def _last_name_before(ctx: _Context, lo: int, hi: int) -> _Speaker | None:
    window = ctx.doc.char_span(lo, hi, alignment_mode="contract")
    if window is None:
        return None
    for tok in reversed(list(window)):
        if tok.pos_ == "PROPN" and not ctx.in_quote(tok.idx):
            spk = _resolve(ctx, tok)
            return spk if spk.name else None
    return None


def _frame_is_empty(ctx: _Context, lo: int, hi: int) -> bool:
    """True when the sentences ``[lo, hi)`` hold nothing but quotes and punctuation."""
    window = ctx.doc.char_span(lo, hi, alignment_mode="expand")
    return window is None or all(t.is_punct or t.is_space or ctx.in_quote(t.idx) for t in window)


def _window(ctx: _Context, span: MarkedSpan) -> tuple[int, int, int]:
    """The sentences a quote touches: ``(first sentence index, lo char, hi char)``."""
    first = ctx.sent_index(span.open_at)
    last = ctx.sent_index(max(span.open_at, span.close_end - 1))
    lo, hi = ctx.sents[first][0], ctx.sents[last][1]
    return first, min(lo, span.open_at), max(hi, span.close_end)


def _attribute_all(ctx: _Context) -> list[_Attribution | None]:
    """One attribution per marked span (None when nothing attributes it)."""
    spans = ctx.spans
    atts: list[_Attribution | None] = []
    for span in spans:
        _, lo, hi = _window(ctx, span)
        atts.append(_attribution_in(ctx, lo, hi, span))
    # Pieces of one quotation share the attribution found at any of them, so the first
    # paragraph of a long quote gets the "he said" written after its second piece.
    by_group: dict[int, _Attribution] = {}
    for span, att in zip(spans, atts):
        if att is not None and span.group not in by_group:
            by_group[span.group] = att
    for k, span in enumerate(spans):
        if atts[k] is None and span.group in by_group:
            g = by_group[span.group]
            atts[k] = _Attribution(g.speaker, g.verb, "group", True)
    text = ctx.text
    for k, span in enumerate(spans):
        if atts[k] is not None:
            continue
        first, lo, hi = _window(ctx, span)
        # "He said:" (or "He said:\n\n“…") right before the quote.
        if text[:lo].rstrip().endswith(":") and first > 0:
            ps, pe = ctx.sents[first - 1]
            att = _attribution_in(ctx, ps, pe, span)
            if att is not None:
                atts[k] = _Attribution(att.speaker, att.verb, "colon", True)
                continue
        # "“Why not?” Clinton said to People." split after the question mark.
        nxt = first + 1
        while nxt < len(ctx.sents) and ctx.sents[nxt][0] < hi:
            nxt += 1
        if nxt < len(ctx.sents) and "\n" not in text[hi : ctx.sents[nxt][0]]:
            ns, ne = ctx.sents[nxt]
            cut = min([sp.open_at for sp in spans if ns <= sp.open_at < ne] + [ne])
            att = _attribution_in(ctx, ns, cut, span) if cut - ns < 80 else None
            if att is not None and att.speaker.name:
                atts[k] = _Attribution(att.speaker, att.verb, "next_sentence", True)
                continue
        # "Jeffrey Jones: “…”" — a name and a colon introduce the quote.
        intro = text[lo : span.open_at].rstrip()
        if intro.endswith(":"):
            who = _last_name_before(ctx, lo, span.open_at)
            if who is not None:
                atts[k] = _Attribution(who, "", "colon", True)
                continue
        # A quote standing alone as a sentence continues the quote just before it.
        prev = atts[k - 1] if k > 0 else None
        if prev is not None and _frame_is_empty(ctx, lo, hi):
            gap = text[spans[k - 1].close_end : span.open_at]
            if gap.count("\n") <= 4 and len(gap) < 600:
                atts[k] = _Attribution(prev.speaker, prev.verb, "continuation", True)
    return atts


_SMALL_WORDS = frozenset("a an the of for and or to in on at with by from over as vs vs. & de la le".split())


def _looks_like_title(quoted: str) -> bool:
    """“Meet the Press”, “Bridge Over Troubled Water”: every main word capitalised."""
    words = quoted.strip(" ,.").split()
    if not 2 <= len(words) <= 7 or any(c in quoted.strip(" ,.!?") for c in ".!?;"):
        return False
    main = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(main) and words[0][:1].isupper() and all(w[:1].isupper() or not w[:1].isalpha() for w in main)


def _is_person_name(ctx: _Context, span: MarkedSpan) -> bool:
    """The quoted words are nothing but a person's name (“Chris.”, “Mr. Trump”): a name or
    vocative, not something said."""
    inner = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    words = [t for t in inner or [] if not t.is_punct and not t.is_space]
    names = [t for t in words if t.lower_ not in _TITLES]
    return bool(names) and all(
        t.text[:1].isupper() and (t.ent_type_ == "PERSON" or t.lower_ in _FEMALE_NAMES or t.lower_ in _MALE_NAMES)
        for t in names
    ) and all(t.text[:1].isupper() for t in words)


def _drop_reason(quoted: str, att: _Attribution | None, is_name: bool = False) -> str:
    """Why a marked span is not a direct quote ("" when it is one).

    ``is_name``: the quoted words are only a person's name, which no one is quoted as saying
    on its own; crediting “Chris.” to the last person named is a wrong speaker.
    """
    if att is None:
        return "unattributed"
    if _looks_like_title(quoted):
        return "title"
    words = len(quoted.split())
    # Scare quotes: a short quoted term counts only as the very thing a verb says
    # ("“Mexico!” the crowd shouted"), not as a word inside reported speech; a bare
    # person's name is a nickname or vocative whatever the verb ("calls him “Chris.”").
    if words <= SHORT_MAX_WORDS and is_name:
        return "scare_quote"
    if words <= SHORT_MAX_WORDS and att.how not in ("group",) and not (att.how == "verb" and att.direct):
        return "scare_quote"
    return ""


def scan_quotes(text: str, doc: Doc | None = None, people: Sequence[str] = ()) -> QuoteScan:
    """All direct quotes of ``text`` with their attribution, and the marked spans dropped.

    ``people``: names the text is known to be about (a summary of articles whose speakers are
    known); where the text writes one of them, or its surname, that is the person, whatever
    the tagger made of the word."""
    from . import analyse  # late: analyse imports this module

    spans, dropped = find_marked_spans(text)
    out = QuoteScan(dropped=list(dropped))
    if not spans:
        return out
    if doc is None:
        pieces = analyse.chunk_offsets(text)
        if len(pieces) > 1:
            for s, e in pieces:
                sub = scan_quotes(text[s:e], people=people)
                out.quotes.extend(_shift(d, s) for d in sub.quotes)
                out.dropped.extend(Dropped(x.start + s, x.end + s, x.reason) for x in sub.dropped)
            return out
        doc = analyse.nlp()(text)
    if doc.text != text:
        raise ValueError("quotes: doc.text differs from the text given")
    sents = analyse.sentence_spans(doc) or [(0, len(text))]
    ctx = _Context(text, doc, spans, sents, [s for s, _ in sents], [sp.open_at for sp in spans])
    ctx.known = _known_mentions(ctx, people)
    _index_people(ctx)
    for span, att in zip(spans, _attribute_all(ctx)):
        reason = _drop_reason(text[span.start : span.end], att, _is_person_name(ctx, span))
        if reason:
            spoken = att is not None and att.how == "verb" and att.direct
            out.dropped.append(Dropped(span.start, span.end, reason, spoken))
            continue
        assert att is not None
        quote = Quote(
            text=text[span.start : span.end],
            start=span.start,
            end=span.end,
            speaker=att.speaker.name,
            role=att.speaker.role,
            verb=re.sub(r"\s+", " ", att.verb),
        )
        out.quotes.append(QuoteDetail(quote, span.group, att.how, att.speaker.start, att.speaker.end))
    return out


def _shift(d: QuoteDetail, by: int) -> QuoteDetail:
    q = d.quote
    moved = Quote(q.text, q.start + by, q.end + by, q.speaker, q.role, q.verb, q.article_id)
    s = d.speaker_start + by if d.speaker_start >= 0 else -1
    e = d.speaker_end + by if d.speaker_end >= 0 else -1
    # Groups of different chunks must not collide: a chunk's offset keeps them apart.
    return QuoteDetail(moved, d.group + by, d.how, s, e)


def extract_quotes(text: str, doc: Doc | None = None) -> list[Quote]:
    """The direct quotes in ``text``; ``doc`` is spaCy's parse of exactly ``text`` if at hand."""
    return [d.quote for d in scan_quotes(text, doc).quotes]
