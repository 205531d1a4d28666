"""Pass 3 of the quote extractor: the people an article names, and a speaker mention made
a full name with a role.

A pronoun (``he``/``she``) becomes, in the last sentence before it that names a person
whose gender does not contradict it, the person that sentence is about (the subject
nearest its root, or whom that subject's own "she" stands for; else the last one named
there). Gender comes from Mr./Mrs./Ms., a short list of first names, the person's own
"his"/"her", or an earlier pronoun that could only be them; a person whose gender nothing
shows is taken only when the sentence offers no rival, since no speaker is better than a
wrong one. A surname or first name alone becomes the fullest matching name in the article
(also when the tagger took the bare surname for a place or group, if one first name only is
written before it); ``the spokesperson`` becomes the person earlier given that role. The
role comes from premodifiers (``Kremlin spokesperson Dmitry Peskov``) or appositions
(``Dmitry Peskov, the Kremlin's spokesman,``) anywhere in the article; a dateline, a party
and state (``D-S.C.``), a place or a group (``rivals Trump and Cruz``) is not a role.

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
    rosie dana ayanna rashida jacinda giorgia annalena yulia sanna kaja mette phyllis
    gloria betsy condoleezza madeleine sonia carly michele loretta""".split()
)
_MALE_NAMES = frozenset(
    """donald barack joe joseph john james robert michael william david richard thomas charles
    mike mark paul steve steven george bill bernie ted marco jeb chris christopher tim tom
    jim ben benjamin vladimir dmitry sergei emmanuel boris keir rishi justin xi narendra
    recep volodymyr andrew anthony brian kevin jason eric peter frank gary larry jeff scott
    paul rudy rudolph newt mitch chuck harry lindsey rand reince sean corey stephen jared
    ron gavin greg matt matthew adam jack henry edward ryan kyle travis josh joshua
    mohammed muhammad ahmed ali hassan ali olaf friedrich pedro viktor ronald gerald dwight
    lyndon franklin jimmy walter""".split()
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
    genders: dict[str, str] = field(default_factory=dict)  # from Mr./Mrs./Ms.
    pronoun_genders: dict[str, str] = field(default_factory=dict)  # from "X used her column"
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
    """"m", "f", or "" when nothing tells: an honorific, then the first name, then a
    possessive pronoun the article gives the person (:func:`_pronoun_genders`)."""
    if name in ctx.genders:
        return ctx.genders[name]
    first = name.split()[0].lower()
    if first in _FEMALE_NAMES:
        return "f"
    if first in _MALE_NAMES:
        return "m"
    return ctx.pronoun_genders.get(name, "")


_OWN_PRONOUNS = {"his": "m", "himself": "m", "her": "f", "herself": "f"}


def _pronoun_genders(ctx: Context) -> dict[str, str]:
    """Genders the article shows by a person's own pronoun: "Phyllis Schlafly, who died
    Monday, used her final column", "Walz put her finger on …" — a possessive or reflexive
    in the clause whose subject is the person, with no other person named in between. An
    object "her" may be anyone ("Friedan compared her to a heretic"), so it does not count;
    a person shown both ways is left unknown."""
    doc = ctx.doc
    by_root = {p.ent.root.i: p for p in ctx.persons}
    votes: dict[str, set[str]] = {}
    for tok in doc:
        gender = _OWN_PRONOUNS.get(tok.lower_)
        if gender is None or ctx.in_quote(tok.idx):
            continue
        if tok.lower_ in ("his", "her") and tok.dep_ != "poss":
            continue
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ == "who" and verb.dep_ == "relcl":
            subj = verb.head  # "Sunshine, who remains friendly with her former boss"
        p = by_root.get(subj.i) if subj is not None and subj.i < tok.i else None
        if p is None or any(q.ent.start >= p.ent.end and q.ent.end <= tok.i for q in ctx.persons):
            continue
        votes.setdefault(_full_name(ctx, p.name, p.start), set()).add(gender)
    return {name: g.pop() for name, g in votes.items() if len(g) == 1}


def _role_of(ent: Span) -> str:
    """Role words around a person's name: premodifiers, apposition, or the noun it is apposed to.

    A title that is only an abbreviation or honorific ("Rep.", "Dr.") gives way to an
    apposition ("Rep. Xavier Becerra, a California Democrat"), and stays at its end when the
    two read as one premodifier: "California Democrat Rep." (the writer puts the role before
    the name). A party and state in parentheses ("(D-S.C.)", "(I)") is not a role."""
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
    before = ""
    if left < ent.start:
        before = _clean_role(doc[left:inner])
    elif inner > ent.start:
        before = _clean_role(doc[ent.start : inner])
    after: list[str] = []
    for child in root.rights:
        if child.dep_ != "appos" or child.i < ent.end:
            continue
        between = [t.text for t in doc[ent.end : child.left_edge.i]]
        if between.count("(") > between.count(")"):
            continue
        if not _beside_the_name(root, doc[ent.end : child.left_edge.i]):
            continue  # "Gore was in New York …, the liberal television network": not his role
        # The whole apposition, else without its clauses, else without any coordination.
        ends = (child.right_edge.i, _phrase_end(child), _phrase_end(child, deep=True))
        after.append(next((r for r in (_clean_role(doc[child.left_edge.i : e + 1]) for e in ends) if r), ""))
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ == "NOUN":
        head = root.head
        after.append(_clean_role(doc[head.left_edge.i : head.i + 1]))
    after = [r for r in after if r]
    if before and not _only_abbreviations(before):
        return before
    if not after:
        return before
    if before and len(after[0].split()) <= 3 and not _NOT_PREMODIFIER.search(after[0]):
        return f"{after[0]} {before}"  # "California Democrat Rep." before "Xavier Becerra"
    return after[0]


_NOT_PREMODIFIER = re.compile(r"\b(?:of|at|for|from|in|with|by|on)\b|['’]s\b", re.IGNORECASE)
# Right dependents that start a clause: an apposition ends before them ("a California
# Democrat | supporting Clinton who's trying …"); so does a second role coordinated with the
# first ("a consultant | and the host of …"), but not a firm's "Bailey & Glasser".
_CLAUSAL = frozenset({"acl", "relcl", "advcl", "ccomp", "xcomp", "appos", "parataxis"})


def _phrase_end(tok: Token, deep: bool = False, top: bool = True) -> int:
    """Index of the last token of ``tok``'s noun phrase, without clauses or a second role
    (``deep``: nor any coordination further down, "a fellow at X and a former ambassador")."""
    end = tok.i
    for child in tok.rights:
        if child.dep_ in _CLAUSAL or child.is_punct or ((top or deep) and child.dep_ in ("conj", "cc")):
            break
        end = max(end, _phrase_end(child, deep, top=False))
    return end


def _beside_the_name(root: Token, between: Span) -> bool:
    """What separates a name from an apposition is part of the name's own phrase: commas,
    an age, "(D-Md.)", "of Maryland" — not a verb ("Gore was in New York anchoring …, the
    network"), a clause or an earlier apposition ("Martin, vice president for the Center,
    a think tank")."""
    depth = 0
    for tok in between:
        depth += (tok.text == "(") - (tok.text == ")")
        if tok.is_punct or depth > 0 or tok.like_num:
            continue
        node = tok
        while node.i != root.i:
            clause = node.dep_ in ("appos", "relcl", "acl", "advcl") or node.pos_ in ("VERB", "AUX")
            if clause or node.head.i == node.i:
                return False
            node = node.head
    return True


def _only_abbreviations(role: str) -> bool:
    """"Rep.", "Lt. Gen.", "Dr.": titles that say little on their own."""
    return all(
        w.endswith(".") and w.lower().rstrip(".") in _TITLES or w.lower() in _HONORIFICS for w in role.split()
    )


_DASHES = ("—", "–", "--")


def _clean_role(span: Span) -> str:
    toks = list(span)
    # A dateline before a dash is not part of the role ("NEW YORK - Republican presidential
    # candidate Donald Trump"); a hyphen inside a word ("Charlotte-Mecklenburg") is.
    for k in range(len(toks) - 1, 0, -1):
        if toks[k].text in _DASHES or (toks[k].text == "-" and toks[k - 1].whitespace_):
            toks = toks[k + 1 :]
            break
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
    if all(len(t.text) == 1 or t.is_punct for t in toks):
        return ""  # "D", "I": a party letter
    titled = any(t.lower_ in _TITLES for t in toks)
    if all(t.ent_type_ == "PERSON" for t in toks) and not titled:
        return ""
    if all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in toks):
        return ""  # a place ("CLEVELAND") is where, not who
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    if heads and heads[-1].tag_ in ("NNS", "NNPS") and not titled:
        return ""  # "rivals Donald Trump and Ted Cruz", "native sons John Kasich and Rubio": a group
    role = span.doc.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
    return "" if _PARTY_STATE.match(role) else role


# "R-Pa.", "D-N.Y.", "I-Vt": a party and a state after a lawmaker's name, not a role.
_PARTY_STATE = re.compile(r"[DRI]\s?-\s?[A-Z][A-Za-z.]*\.?$")


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


NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


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
            if any((x.start, x.end) != (span.start, span.end) or x.label_ in NOT_NAMES for x in inside):
                continue  # a longer entity's, or a month, a day, an amount: "in May" is not Theresa May
            taken.append((s, e))
            out.append(span)
    return sorted(out, key=lambda x: x.start)


def _index_people(ctx: Context) -> None:
    found = [ent for ent in ctx.doc.ents if ent.label_ == "PERSON"] + _name_chains(ctx)
    found += [k for k in ctx.known if not any(f.start < k.end and k.start < f.end for f in found)]
    for ent in sorted(found + _surname_mentions(ctx, found), key=lambda e: e.start):
        if ctx.in_quote(ent.start_char):
            continue
        name = _norm_name(ent.text)
        if not name or not name[0].isupper():
            continue
        if ent.root.dep_ == "compound" and ent[-1].lower_ in _TITLES:
            continue  # "Charlotte Mayor" tagged apart from the "Jennifer Roberts" it qualifies
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
    ctx.pronoun_genders = _pronoun_genders(ctx)


def _surname_mentions(ctx: Context, found: Sequence[Span]) -> list[Span]:
    """A surname written alone that the tagger missed or took for a group ("Schlafly put
    her finger on …" tagged ORG), where the article names a person with it in full: that
    person's mention, so a pronoun after the sentence finds who it is about."""
    doc = ctx.doc
    surnames = {w[-1] for w in (_norm_name(f.text).split() for f in found) if len(w) >= 2}
    taken = {i for f in found for i in range(f.start, f.end)}
    out: list[Span] = []
    for tok in doc:
        if tok.text not in surnames or tok.i in taken or tok.pos_ != "PROPN" or tok.dep_ == "compound":
            continue
        if tok.ent_type_ not in ("", "ORG") or ctx.in_quote(tok.idx):
            continue
        if tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].head.i == tok.i:
            continue  # the end of a longer name ("Frank Fiorina" beside "Carly Fiorina")
        out.append(doc[tok.i : tok.i + 1])
    return out


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
    if ent is not None and ent.label_ in NOT_NAMES:
        # "Only 52 percent of registered voters agreed that …": a share of a poll, no speaker.
        return Speaker("", "", ent.start_char, ent.end_char)
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
            head = tok.lemma_.lower() or tok.lower_
            former = _is_former(phrase)
            # "The Florida senator" is not Sen. Joni Ernst of Iowa: the names must be in the role.
            names = [t.lower_ for t in phrase_toks if t.pos_ == "PROPN" and t.i != tok.i]
            for p in reversed([p for p in ctx.persons if p.start < start]):
                full = _full_name(ctx, p.name, p.start)
                role = _role_words(ctx.roles.get(full, ""))
                # "the governor" is not "the former New Jersey governor" (though "the former
                # president" may be the "President Bush" of an earlier line).
                if head in role and (former or not _is_former(role)) and all(n in role for n in names):
                    return Speaker(full, ctx.roles[full], start, end)
        role = _clean_role(doc[left : tok.i + 1])
        return Speaker("", role or phrase, phrase_toks[0].idx, end)
    return Speaker("", "", start, end)


_ABBREVIATED = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
                "lt": "lieutenant", "col": "colonel", "capt": "captain", "adm": "admiral", "sgt": "sergeant"}


def _role_words(role: str) -> str:
    """The role in lower case with its abbreviations written out ("N.J. Gov." → "n.j. governor")."""
    return " ".join(_ABBREVIATED.get(w.rstrip("."), w) for w in role.lower().split())


def _is_former(role: str) -> bool:
    return re.search(r"\b(?:former|ex-)", role, re.IGNORECASE) is not None


def _antecedent(ctx: Context, before: int, want: str, hops: int = 0) -> _Person | None:
    """The person a "he"/"she" at ``before`` stands for: in the last sentence before it that
    names a person of a fitting gender, the one that sentence is about — the subject of its
    highest verb ("But if Carson implied …, he did not follow Reagan’s dictum. He said …":
    Carson, not Reagan, whose name only qualifies a noun; "Christie, who has campaigned for
    Donald Trump, blasted Clinton. “…,” he said": Christie) — else the last one named.

    When that subject is itself a "she" ("Walz approaches it diplomatically. She said she'd
    rather elect Hillary Clinton … “…,” she said"), the sentence is still about the person
    that earlier pronoun stands for: Walz, not Clinton. A person whose gender nothing shows
    is taken when they are the subject of the main verb or the sentence names no one else
    who could be meant; between two people who could both be "she", no speaker is better
    than a guess."""
    fits = [
        p for p in ctx.persons if p.start < before and _gender(ctx, _full_name(ctx, p.name, p.start)) in ("", want)
    ]
    if not fits:
        return None
    sent = ctx.sent_index(fits[-1].start)
    here = [p for p in fits if ctx.sent_index(p.start) == sent]
    # Subjects, named ("Carson implied") or in apposition to one ("Trump's attorney, Alan
    # Garten, said"), and the wanted pronoun as a subject ("She said she'd …").
    subjects: list[tuple[Token, _Person | None]] = []
    for p in here:
        root = p.ent.root
        if root.dep_ == "appos" and root.head.dep_ in _SUBJECTS:
            root = root.head
        if root.dep_ in _SUBJECTS and not ctx.in_quote(p.start):
            subjects.append((root, p))
    lo, hi = ctx.sents[sent]
    pronoun = "he" if want == "m" else "she"
    for tok in ctx.doc.char_span(lo, min(hi, before), alignment_mode="contract") or []:
        if tok.lower_ == pronoun and tok.dep_ in _SUBJECTS and not ctx.in_quote(tok.idx):
            subjects.append((tok, None))
    main_subject = False
    if subjects:
        tok, found = min(subjects, key=lambda s: (_depth(s[0].head), -s[0].i))
        if found is None:  # the same "she" as before: whom that one stands for
            return _antecedent(ctx, tok.idx, want, hops + 1) if hops < 5 else None
        rivals = {_full_name(ctx, p.name, p.start) for _, p in subjects if p is not None and p is not found}
        # The subject of the main verb, or the only person who is a subject at all ("if
        # Carson implied that he would not criticize Cruz, he …"): the one the sentence is about.
        main_subject = _depth(tok.head) == 0 or not rivals - {_full_name(ctx, found.name, found.start)}
    else:
        found = here[-1]
    full = _full_name(ctx, found.name, found.start)
    if _gender(ctx, full) == want or main_subject:
        return found
    others = {_full_name(ctx, p.name, p.start) for p in here} - {full}
    if others:
        return None
    # The only one it can be: the pronoun shows the gender for later ones ("Deja Stewart
    # called him a savage grandpa. “Savage,” she said, meaning he …": Stewart is no "he").
    ctx.pronoun_genders.setdefault(full, want)
    return found


_SUBJECTS = ("nsubj", "nsubjpass")


def _depth(tok: Token) -> int:
    """How many heads up from ``tok`` its sentence's root is."""
    n = 0
    while tok.head.i != tok.i and n < 50:  # spaCy makes a new Token each time: compare indices
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
