"""Pass 2 of the quote extractor: who said each marked span, with which verb, read from
the spaCy parse (dependencies and NER).

The text outside quotes in the sentences a quote touches (its *frame*) is searched for a
speech verb (``said``, ``warned``, ``told``, ``according to`` …). The verb nearest the
quote, preferring one that governs it in the parse, gives the attribution; its subject is
the speaker mention, which :func:`~.speakers.resolve` makes a name. Without a verb in the
frame, a quote inherits from a sentence ending in a colon just before it (``He said:``)
or, when it stands alone as a sentence, from the quote just before it (continuation
paragraphs).

What is not a direct quote is dropped with a reason: quoted terms of one or two words
(scare quotes, nicknames) unless a speech verb takes them as its own complement, and
always when they are only a person's name, “Chris.” (``scare_quote``); capitalised names
of shows, books and songs (``title``); quotes nothing attributes (``unattributed``).
Quotes in a sentence of reported speech (``warned that “…”``) are kept: they are the
speaker's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .marks import MarkedSpan
from .people import NOT_NAMES, Context
from .speakers import Speaker, resolve
from .verbs import is_speech_verb

if TYPE_CHECKING:
    from spacy.tokens import Token

# Quoted terms this short are scare quotes unless a speech verb takes them directly.
SHORT_MAX_WORDS = 2
# Lemmas that name a quoted term rather than introduce speech: only with a speaker subject.
_NAMING_LEMMAS = frozenset({"call", "label", "dub", "describe"})
_OBJECT_VERBS = frozenset({"tell", "ask", "inform", "assure", "remind", "advise", "email", "text"})


def _subject(ctx: Context, verb: Token, depth: int = 0) -> Token | None:
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
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "dep", "parataxis") and verb.head.i != verb.i:
        return _subject(ctx, _outside_aside(verb), depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return verb.head
    return _nearby_speaker(ctx, verb)


def _is_dash(tok: Token) -> bool:
    """A dash between words: "—", or a spaced "-" ("stadium - where"), not a hyphen; or the
    spaced "_" the 1990s AP and NYT wires type for a dash ("stadium _ where")."""
    spaced = tok.text in ("-", "_") and tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_)
    return tok.text in ("—", "–", "--") or spaced


def _outside_aside(verb: Token) -> Token:
    """The clause a subjectless verb belongs to: its head, unless the head sits in an aside
    between dashes that closes before the verb ("protesters looped the streets around the
    stadium - where the Panthers played the Vikings - while chanting, “…”": the protesters
    chant, not the Panthers); then the verb the aside interrupts."""
    head = verb.head
    dashes = [t.i for t in verb.sent if _is_dash(t)]
    opening = [d for d in dashes if d < head.i]
    if head.i > verb.i or not opening or not any(head.i < d < verb.i for d in dashes):
        return head
    outer = head
    while (outer.i >= opening[-1] or outer.pos_ not in ("VERB", "AUX")) and outer.head.i != outer.i:
        outer = outer.head
    return outer if outer.i < opening[-1] else head


def _nearby_speaker(ctx: Context, verb: Token) -> Token | None:
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


def _verb_text(ctx: Context, verb: Token) -> tuple[int, int]:
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


def _governs(verb: Token, qtoks: Sequence[Token]) -> bool:
    for t in qtoks:
        for anc in t.ancestors:
            if anc.i == verb.i:
                return True
    return False


def _directly_governs(verb: Token, qtoks: Sequence[Token]) -> bool:
    """The quote is the verb's own complement or the verb sits in the quote's clause."""
    inside = {t.i for t in qtoks}
    if any(t.head.i == verb.i and t.dep_ not in ("punct",) for t in qtoks) or verb.head.i in inside:
        return True
    return _cut_off(verb, qtoks)


def _cut_off(verb: Token, qtoks: Sequence[Token]) -> bool:
    """The parser ended a sentence at the closing mark after a comma (``Believe me,'' | Trump
    said, as it does more often with the wires' marks than with “ ”): the quote is the
    complement the verb's own sentence lacks."""
    last = qtoks[-1]
    return (
        len(qtoks) > 2
        and qtoks[-2].text == ","
        and verb.sent.start == last.i + 1
        and last.sent.end == last.i + 1
        and not any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
    )


@dataclass(slots=True)
class _Attribution:
    speaker: Speaker
    verb: str
    how: str
    governs: bool
    direct: bool = True
    describes: bool = False  # the verb is in a relative clause: "the playwright who wrote …"


def _attribution_in(ctx: Context, lo: int, hi: int, span: MarkedSpan) -> _Attribution | None:
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
        is_verb = is_speech_verb(tok)
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
        speaker = resolve(ctx, obj) if obj is not None else Speaker()
        return _Attribution(speaker, doc.text[verb.idx : to.idx + len(to.text)], "according_to", governs, False)
    subj = _subject(ctx, verb)
    if verb.lemma_.lower() in _NAMING_LEMMAS and subj is None:
        return None
    speaker = resolve(ctx, subj) if subj is not None and not ctx.in_quote(subj.idx) else Speaker()
    vs, ve = _verb_text(ctx, verb)
    direct = _directly_governs(verb, qtoks)
    return _Attribution(speaker, doc.text[vs:ve], "verb", governs, direct, verb.dep_ in ("relcl", "acl"))


def _last_name_before(ctx: Context, lo: int, hi: int) -> Speaker | None:
    window = ctx.doc.char_span(lo, hi, alignment_mode="contract")
    if window is None:
        return None
    for tok in reversed(list(window)):
        if tok.ent_type_ in NOT_NAMES:
            continue  # "Here’s Clinton in December 1992: “…”"
        if tok.pos_ == "PROPN" and not ctx.in_quote(tok.idx):
            spk = resolve(ctx, tok)
            return spk if spk.name else None
    return None


def _names_someone(ctx: Context, speaker: Speaker) -> bool:
    """A name, or a "he"/"she" even where no one it stands for is sure: a person speaks."""
    return bool(speaker.name) or ctx.text[speaker.start : speaker.end].lower() in ("he", "she")


def _frame_is_empty(ctx: Context, lo: int, hi: int) -> bool:
    """True when the sentences ``[lo, hi)`` hold nothing but quotes and punctuation."""
    window = ctx.doc.char_span(lo, hi, alignment_mode="expand")
    return window is None or all(t.is_punct or t.is_space or ctx.in_quote(t.idx) for t in window)


def _window(ctx: Context, span: MarkedSpan) -> tuple[int, int, int]:
    """The sentences a quote touches: ``(first sentence index, lo char, hi char)``."""
    first = ctx.sent_index(span.open_at)
    last = ctx.sent_index(max(span.open_at, span.close_end - 1))
    lo, hi = ctx.sents[first][0], ctx.sents[last][1]
    return first, min(lo, span.open_at), max(hi, span.close_end)


def attribute_all(ctx: Context) -> list[_Attribution | None]:
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
            # "Mr. Morrison, who plays Barrie, the playwright who wrote “Peter Pan,” …" after a
            # headline in quotes: a relative clause describes someone, it does not attribute.
            if att is not None and _names_someone(ctx, att.speaker) and not att.describes:
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


def drop_reason(quoted: str, att: _Attribution | None, is_name: bool = False) -> str:
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
