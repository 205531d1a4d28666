"""Pass 3 of the quote extractor: the people an article names, and a speaker mention made
a full name with a role.

A pronoun (``he``/``she``) becomes, in the last sentence before it that names a person
whose gender does not contradict it, the person that sentence is about (the subject
nearest its root; else the last one named there); a surname or first name alone becomes
the fullest matching name in the article (also when the tagger took the bare surname for a
place or group, if one first name only is written before it); ``the spokesperson`` becomes
the person earlier given that role. The role comes from premodifiers (``Kremlin
spokesperson Dmitry Peskov``) or appositions (``Dmitry Peskov, the Kremlin's
spokesman,``) anywhere in the article.

People are spaCy's PERSON entities plus the chains of proper nouns its small model misses.
A caller that knows whom the text is about (the verifier reading an LLM's summary of
articles whose speakers are known) passes their names as ``people``: where the text writes
one of them or the surname, that is a person, whatever the tagger made of the word.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .marks import MarkedSpan
from .verbs import is_speech_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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
class Context:
    """One text under scan: its parse, quote spans and sentences, and the people it names."""

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


def build_context(
    text: str, doc: Doc, spans: list[MarkedSpan], sents: list[tuple[int, int]], people: Sequence[str]
) -> Context:
    """The parse of ``text`` with its quote spans, sentences and the people it names."""
    ctx = Context(text, doc, spans, sents, [s for s, _ in sents], [sp.open_at for sp in spans])
    ctx.known = _known_mentions(ctx, people)
    _index_people(ctx)
    return ctx


def _full_name(ctx: Context, name: str, before: int) -> str:
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


def _one_bearer(ctx: Context, surname: str) -> bool:
    """Only one first name is written before ``surname`` in the article ("Carly Fiorina" and
    "Frank Fiorina" are two people, whether or not the tagger found both)."""
    firsts = {p.name.split()[-2] for p in ctx.persons if len(p.name.split()) > 1 and p.name.split()[-1] == surname}
    lower = {t.text for t in ctx.doc if t.is_alpha and t.text.islower()}
    for m in re.finditer(rf"\b([A-Z][\w'’\-]+)\s+{re.escape(surname)}\b", ctx.text):
        word = m.group(1)
        if word.lower() not in lower and word.lower().rstrip(".") not in _TITLES:
            firsts.add(word)
    return len(firsts) == 1


def _gender(ctx: Context, name: str) -> str:
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
    from .. import analyse  # late: analyse imports this package

    try:
        index = analyse.nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") if pos in index for w in index[pos])


def _name_chains(ctx: Context) -> list[Span]:
    """Names the small model's NER misses ("Fire chief Ana Lindqvist" tagged ORG).

    A chain of capitalised proper nouns counts as a person when it is led by a known first
    name, follows an honorific or title, or is the subject of a speech verb.
    """
    doc = ctx.doc
    out: list[Span] = []
    # Words that speak somewhere ("…,” said Adeyemi): a chain ending in one is that speaker's
    # full name ("Femi Adeyemi runs the club"), even where the tagger calls the name a place.
    speaking = {
        t.text for t in doc if t.pos_ == "PROPN" and t.dep_ == "nsubj" and is_speech_verb(t.head) and not ctx.in_quote(t.idx)
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
        speaker = tok.dep_ == "nsubj" and is_speech_verb(tok.head)
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


def _known_mentions(ctx: Context, people: Sequence[str]) -> list[Span]:
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


def _index_people(ctx: Context) -> None:
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
class Speaker:
    name: str = ""
    role: str = ""
    start: int = -1
    end: int = -1


def resolve(ctx: Context, tok: Token) -> Speaker:
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
        return Speaker(name, role, span_s, span_e)
    if ent is not None:  # an organisation, country or group speaks
        name = _norm_name(ent.text)
        full = _full_name(ctx, name, ent.start_char)
        if full != name and full.split()[-1] == name and _one_bearer(ctx, name):
            # A surname the tagger took for a place or group ("said Adeyemi" as GPE) after
            # the article named that person in full.
            return Speaker(full, ctx.roles.get(full, ""), ent.start_char, ent.end_char)
        return Speaker(name, "", ent.start_char, ent.end_char)
    start, end = tok.idx, tok.idx + len(tok.text)
    if lower in ("he", "she"):
        p = _antecedent(ctx, start, "m" if lower == "he" else "f")
        if p is None:
            return Speaker("", "", start, end)
        full = _full_name(ctx, p.name, p.start)
        return Speaker(full, ctx.roles.get(full, ""), start, end)
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
                    return Speaker(full, ctx.roles[full], start, end)
        role = _clean_role(doc[left : tok.i + 1])
        return Speaker("", role or phrase, phrase_toks[0].idx, end)
    return Speaker("", "", start, end)


def _antecedent(ctx: Context, before: int, want: str) -> _Person | None:
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


def is_person_name(ctx: Context, span: MarkedSpan) -> bool:
    """The quoted words are nothing but a person's name (“Chris.”, “Mr. Trump”): a name or
    vocative, not something said."""
    inner = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    words = [t for t in inner or [] if not t.is_punct and not t.is_space]
    names = [t for t in words if t.lower_ not in _TITLES]
    return bool(names) and all(
        t.text[:1].isupper() and (t.ent_type_ == "PERSON" or t.lower_ in _FEMALE_NAMES or t.lower_ in _MALE_NAMES)
        for t in names
    ) and all(t.text[:1].isupper() for t in words)
