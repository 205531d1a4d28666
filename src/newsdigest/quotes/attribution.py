"""Pass 2 of the quote extractor: who said each marked span, with which verb, read from
the spaCy parse (dependencies and NER).

The text outside quotes in the sentences a quote touches (its *frame*) is searched for a
speech verb (``said``, ``warned``, ``told``, ``according to`` …). The verb nearest the
quote, preferring one that governs it in the parse, gives the attribution; its subject is
the speaker mention, which :func:`~.speakers.resolve` makes a name. Who that subject is
follows the grammar, not the nearest name: a speech participle the parser hangs on reported
speech is the reporter's ("Cruz said that Trump represents …, stating that …"); one after
a preposition is its host verb's subject ("continued by saying"), or its object after "for"
("slammed Obama for suggesting"); a passive "asked"/"told" makes the one spoken to no
speaker ("Ryan, who used the same words when asked"); a quote hung on a noun someone owns
is theirs ("Trump’s “…” line"); "used the words, “…”" is the user's. A verb the parser
leaves without a subject has the name a participle aside follows ("after Mr. Trump, asked
about …, had said") or, joined by an "and" the parser misread, the subject of the clause
before it ("Pastor Bradley Cranston stood at his pulpit …, and, citing …, endorsed Senator
Ted Cruz" is the pastor's, not the object's). Without a verb in the frame, a quote
inherits from a sentence ending in a colon just before it (``He said:``, or a person that
sentence is about: ``Jared Potts echoed:``, or its "she": ``She then addressed the
supporters again:``), from a next
sentence that only attributes (``“Why not?” Clinton said to People.``), from a signature
("…” ― Adriana Rodarte"), from a headline that is a name, a colon and the quote ("Reid:
'Never, ever, ever underestimate Trump.'": its first word speaks), or, when it stands alone
as a sentence, from the quote just
before it or the speech a sentence between them reports (continuation paragraphs), but not
across a sentence about someone else. A quote given a speaker found at another quote keeps
none when its subject is that speaker's own name ("Sen. Bernie Sanders (I-Vt.) took the
stage …": a live blog quoted, not Sanders).

What is not a direct quote is dropped with a reason: quoted terms of one or two words
(scare quotes, nicknames) unless a speech verb takes them as its own complement (in the
parse, or in the layout of an attribution: “Mexico!” the audience screamed back) or they
are a sentence of their own after a named speaker's quote (“Big time.”), and always
when they are only a person's name, “Chris.” (``scare_quote``); capitalised names of
shows, books and songs, with a book's subtitle (``title``); quotes nothing attributes
(``unattributed``).
Quotes in a sentence of reported speech (``warned that “…”``) are kept: they are the
speaker's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..datelines import dateline_length
from .doctext import doc_text
from .marks import MarkedSpan
from .people import NOT_NAMES, TITLES, Context, full_name, norm_name
from .speakers import Speaker, org_title, relation_named, resolve
from .verbs import is_speech_verb

if TYPE_CHECKING:
    from spacy.tokens import Token

# Quoted terms this short are scare quotes unless a speech verb takes them directly.
SHORT_MAX_WORDS = 2
# Lemmas that name a quoted term rather than introduce speech: only with a speaker subject.
_NAMING_LEMMAS = frozenset({"call", "label", "dub", "describe", "cast", "portray", "paint", "brand"})
_OBJECT_VERBS = frozenset({"tell", "ask", "inform", "assure", "remind", "advise", "email", "text"})


_PLACES_AND_TIMES = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME"})


def _subject(ctx: Context, verb: Token, depth: int = 0, agentive: bool = True) -> Token | None:
    """The speaker token of a speech verb; subjects inside quotes are the quote's own words.

    ``agentive``: a passive verb's "by" phrase speaks (not so for the verb a participle
    after a preposition hangs on: "Silverman was booed by supporters after telling …")."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote(c.idx)]
    if subjects:
        child = subjects[0]
        # Two subjects side by side are one phrase misparsed ("Wikileaks editor-in-chief Kristinn
        # Hrafnsson said" has "Wikileaks" and "Hrafnsson"; "… made public ― Trump boasted" has
        # the dash): the one next to the verb speaks. Not so a subject with a phrase of its own
        # after it: "Supporters of Florida Senator Marco Rubio said".
        # So is a place the parser made a subject before the person named next to the verb:
        # "… at Baldwin Wallace University in Berea, OH, after winning Ohio …, Gov. John Kasich
        # (R-OH), said".
        if len(subjects) == 2 and subjects[1].i < verb.i and (
            (
                subjects[1].pos_ in ("PROPN", "NOUN")  # not "Isaiah 45:1 reads"
                and child.right_edge.i + 1 == subjects[1].left_edge.i
                and not any(c.i > child.i for c in child.children)
            )
            or (subjects[1].ent_type_ == "PERSON" and child.ent_type_ in _PLACES_AND_TIMES)
        ):
            child = subjects[1]
        if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
            return verb.head  # "Lucia Ferrante, who said …"
        after = _after_dateline(ctx, child)
        if after is None:
            return _titled_person(child) or relation_named(child) or child
        # The parse made the dateline the subject ("DES MOINES, Iowa (AP) — Ted Cruz said
        # …"): the speaker is the name after it, or no one.
        return _last_name_between(ctx, after, verb.idx)
    agent = _agent(verb) if agentive else None
    if agent is not None:
        return agent
    named = _named_before_aside(ctx, verb)
    if named is not None:
        return named
    reporter = _reporter(ctx, verb, depth)
    if reporter is not None:
        return reporter
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "ccomp", "dep", "parataxis") and verb.head.i != verb.i:
        found = _subject(ctx, _outside_aside(verb), depth + 1, agentive)
        # A verb the parser hangs on the quote's own words ("“We will achieve justice,” Tulsa
        # police Chief Chuck Jordan said", a conjunct of "achieve", whose "We" is the quote's)
        # looks for its speaker next to itself.
        if found is not None or not ctx.in_quote(verb.head.idx):
            return found
    host = _prep_host(verb)
    if depth < 3 and host is not None:
        # "Husted continued by saying, “…”": the one who continued; but "slammed Obama … for
        # suggesting that rural voters “cling to guns”": the one slammed for it.
        blamed = next((c for c in host.children if c.dep_ == "dobj" and not ctx.in_quote(c.idx)), None)
        if verb.head.lower_ in _BLAME_PREPS and blamed is not None:
            return blamed
        return _subject(ctx, host, depth + 1, agentive=False)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
        return verb.head
    first = _first_conjunct(ctx, verb)
    if depth < 3 and first is not None:
        return _subject(ctx, first, depth + 1, agentive)
    return _nearby_speaker(ctx, verb)


def _titled_person(subject: Token) -> Token | None:
    """The person a title subject is hung on: "Director of National Intelligence James Clapper
    said" parses "Director" as the subject and the name as the object of its "of"."""
    if subject.ent_type_ == "PERSON":
        return None
    for prep in subject.children:
        for name in prep.children if prep.dep_ == "prep" and prep.lower_ == "of" else ():
            if name.dep_ != "pobj" or name.ent_type_ != "PERSON":
                continue
            start = name.i
            while start > 0 and name.doc[start].ent_iob_ == "I":
                start -= 1
            title = org_title(start, name)
            if title is not None and title.i == subject.i:
                return name
    return None


def _after_dateline(ctx: Context, tok: Token) -> int | None:
    """Where the dateline ``tok`` stands in ends ("LONDON (Reuters) - "), when it stands in one
    that opens its line; None when it is no dateline's."""
    line = ctx.text.rfind("\n", 0, tok.idx) + 1
    cut = dateline_length(ctx.text[line : line + 120])
    return line + cut if line + cut > tok.idx else None


def _last_name_between(ctx: Context, lo: int, hi: int) -> Token | None:
    """The last person's name outside quotes in chars ``[lo, hi)`` ("Cruz" of "Sen. Ted Cruz of
    Texas said"), else the last proper name ("France said")."""
    names = _names_in(ctx, lo, hi)
    people = [t for t in names if t.ent_type_ == "PERSON"]
    return (people or names or [None])[-1]


def _names_in(ctx: Context, lo: int, hi: int) -> list[Token]:
    """The proper names outside quotes in chars ``[lo, hi)``, in text order; no date or amount
    ("Here’s Clinton in December 1992: “…”": not December)."""
    window = ctx.doc.char_span(lo, hi, alignment_mode="contract")
    return [t for t in window or () if t.pos_ == "PROPN" and t.ent_type_ not in NOT_NAMES and not ctx.in_quote(t.idx)]


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
_PARTICIPLE_TAGS = frozenset({"VBN", "VBG", "VBD"})


def _named_before_aside(ctx: Context, verb: Token) -> Token | None:
    """The name written right before a participle aside that ends right before the verb:
    "after Mr. Trump, asked about the deaths of journalists under Mr. Putin, had said, “…”",
    where the parser makes "Mr. Trump" the object of "after" and leaves "had said" with no
    subject; the writer's commas set the aside off, and the name before it is who said.
    Only a finite verb (or one after its auxiliary: "had said") right after the aside, an
    aside that is one participle's own words between the two commas (not a clause with its
    own subject, "who was asked"), and a name before it."""
    doc = ctx.doc
    first = verb
    for child in verb.lefts:
        if child.dep_ in ("aux", "neg") and child.i < first.i:
            first = child
    if verb.tag_ not in _FINITE_TAGS and first.i == verb.i:
        return None
    if any(t.dep_ not in ("aux", "neg", "advmod") for t in doc[first.i : verb.i]):
        return None
    close = first.i - 1
    if close < 1 or doc[close].text != ",":
        return None
    # The participle the aside's last word hangs on: "asked" of "… under Mr. Putin".
    # The tagger may call it a past tense ("asked" VBD); a participle has no subject.
    part = doc[close - 1]
    while part.tag_ not in _PARTICIPLE_TAGS and part.head.i != part.i and part.head.i < close:
        part = part.head
    if part.tag_ not in _PARTICIPLE_TAGS or part.right_edge.i != close - 1:
        return None
    if any(c.dep_ in _SUBJECTS for c in part.children):
        return None  # "Mr. Trump, who was asked …, had said": a clause of its own
    open_ = part.left_edge.i - 1
    if open_ < 1 or doc[open_].text != "," or open_ < verb.sent.start:
        return None
    name = doc[open_ - 1]
    if ctx.in_quote(name.idx) or not (name.pos_ == "PROPN" or name.ent_type_ == "PERSON"):
        return None
    return name


def _first_conjunct(ctx: Context, verb: Token) -> Token | None:
    """The clause a subjectless verb is the second half of, where the parser took that
    clause for the verb's complement: in "Pastor Bradley Cranston stood at his pulpit …, and,
    citing Exodus 18:21 (“…”), endorsed Senator Ted Cruz" it hangs "stood" on "endorsed" and
    keeps the "and" on "stood"; the one who endorsed is the one who stood, not Ted Cruz. A
    clause before the verb, with a subject of its own, whose last word of its own is "and"
    or "but" (what follows up to the verb is an aside or punctuation: no subject)."""
    for clause in verb.lefts:
        own = any(c.dep_ in _SUBJECTS for c in clause.children)
        if clause.dep_ not in ("ccomp", "advcl", "dep") or not own:
            continue
        cc = [c for c in clause.rights if c.dep_ == "cc" and c.lower_ in ("and", "but")]
        if not cc or any(c.i > cc[-1].i and not c.is_punct and c.dep_ != "advcl" for c in clause.rights):
            continue
        between = verb.doc[cc[-1].i + 1 : verb.i]
        heads = (verb.i, clause.i)
        if any(t.dep_ in _SUBJECTS and not ctx.in_quote(t.idx) and t.head.i in heads for t in between):
            continue
        return clause
    return None


def _agent(verb: Token) -> Token | None:
    """The "by" phrase of a passive verb: "has been called “…” by Joshua Hendrick"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _prep_host(verb: Token) -> Token | None:
    """The verb a participle after a preposition belongs to ("continued by saying", "said …
    before claiming"): the preposition's head, or the verb an adjective it hangs on is the
    complement of ("is “absolutely wrong” for saying")."""
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or verb.head.dep_ != "prep":
        return None
    host = verb.head.head
    if host.pos_ == "ADJ" and host.dep_ in ("acomp", "amod") and host.head.i != host.i:
        host = host.head
    return host if host.pos_ in ("VERB", "AUX") and host.i != verb.i else None


_OWNED_BEFORE = re.compile(r"['’]s\s*$")
_REMARK_AFTER = re.compile(
    r"\s*(?:line|lines|remark|remarks|comment|comments|words|phrase|slogan|quip|tweet|refrain)\b"
)


def _owner(ctx: Context, span: MarkedSpan, qtoks: Sequence[Token]) -> Token | None:
    """The person whose remark the quote names: "Scott defended Trump’s “Look at my
    African-American over here!” line by saying …" — Trump's words, not those of the speech
    verb nearby. The quote hangs on a noun a person's name owns, or (where the parser loses
    the possessive) stands between "Trump’s" and "line"."""
    text = ctx.text
    owned = _OWNED_BEFORE.search(text, max(0, span.open_at - 4), span.open_at)
    if owned and _REMARK_AFTER.match(text, span.close_end):
        before = ctx.doc.char_span(max(0, span.open_at - 60), span.open_at, alignment_mode="contract")
        names = [t for t in before or [] if t.pos_ == "PROPN" and t.text[:1].isupper()]
        if names and names[-1].idx + len(names[-1].text) >= span.open_at - 4:
            return names[-1]
    inside = {t.i for t in qtoks}
    for t in qtoks:
        noun = t.head
        if noun.i in inside or noun.pos_ != "NOUN":
            continue
        for c in noun.children:
            if c.dep_ == "poss" and c.i < qtoks[0].i and not ctx.in_quote(c.idx) and _names_a_person(ctx, c):
                return c
    return None


# "criticized him for saying", "slammed her over claiming": the object said it.
_BLAME_PREPS = frozenset({"for", "over"})
_PRONOUN_SPEAKERS = frozenset({"he", "she"})


def _names_a_person(ctx: Context, tok: Token) -> bool:
    """A proper name, a person the tagger found or the caller knows, or "he"/"she"."""
    known = any(k.start <= tok.i < k.end for k in ctx.known)
    return tok.pos_ == "PROPN" or tok.ent_type_ == "PERSON" or tok.lower_ in _PRONOUN_SPEAKERS or known


def _may_speak(ctx: Context, tok: Token) -> bool:
    """A subject that could say something: a name, a pronoun for people, a "who"."""
    return _names_a_person(ctx, tok) or tok.lower_ in ("i", "we", "they", "you", "who")


def _set_off(verb: Token) -> bool:
    """A comma right before the participle, or before a closing mark right before it
    (``represents "New York values," stating``)."""
    k = verb.i - 1
    while k > verb.sent.start and verb.doc[k].is_quote:
        k -= 1
    return k >= 0 and verb.doc[k].text == ","


def _reporter(ctx: Context, verb: Token, depth: int) -> Token | None:
    """The speaker of a speech participle the parser hung on reported speech.

    In "Cruz said last week that Trump represents “New York values,” stating during the debate
    that they are “socially liberal …”" the parser attaches "stating" to "represents"; but the
    one who states is the one whose words the sentence reports, Cruz. The same for ", saying",
    ", adding", ", telling" and "before claiming": a participle of speech without a subject of
    its own, on a clause that is the complement of an earlier speech verb, belongs to that
    verb's subject when it is set off by a comma or the clause's own subject cannot speak
    ("Sanders said the process could be “messy,” adding …"). A clause that is itself speech
    keeps its subject ("Cruz said Trump attacked him, saying …" is Trump's saying), and so
    does a person reported on by a speaker who is no name ("Aides said Obama will make his
    case, highlighting …")."""
    if verb.tag_ != "VBG" or depth >= 3:
        return None
    if verb.dep_ in ("advcl", "xcomp", "conj"):
        host = verb.head
    elif verb.head.lower_ not in _BLAME_PREPS:
        host = _prep_host(verb)
    else:
        return None
    if host is None or host.i == verb.i or is_speech_verb(host) or host.dep_ != "ccomp":
        return None
    speech = host.head
    if not is_speech_verb(speech) or speech.i > host.i or ctx.in_quote(speech.idx):
        return None
    reporter = _subject(ctx, speech, depth + 1)
    if reporter is None or ctx.in_quote(reporter.idx):
        return None
    own = next((c for c in host.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    mute = own is None or not _may_speak(ctx, own)
    if _names_a_person(ctx, reporter) and (mute or _set_off(verb)):
        return reporter
    if mute and reporter.pos_ in ("NOUN", "PROPN"):
        return reporter  # "The spokesman said the bill would pass, adding …"
    return None


def _addressed(tok: Token) -> bool:
    """A passive verb of asking or telling ("when asked in May", "was told by aides"): its
    subject is the one spoken to, not the speaker."""
    if tok.lemma_.lower() not in _OBJECT_VERBS or tok.tag_ != "VBN":
        return False
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children):
        return False  # "has asked"
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return True
    if any(c.dep_ in ("aux", "nsubj") for c in tok.children):
        return False
    # "when asked", "Asked whether …"; a noun's participle only with its "by" ("the question
    # asked by reporters"): "“What if …?” the 43-year-old asked" is the parser's slip.
    return tok.dep_ == "advcl" or (tok.dep_ == "acl" and _agent(tok) is not None)


def _answers(asked: Token, qtoks: Sequence[Token]) -> bool:
    """The quote is the answer of the one asked: "Asked which county was his favorite, he
    demurred: “Whichever one I’m in.”" — the clause "asked" modifies holds the quote."""
    host = asked.head
    if asked.dep_ != "advcl" or host.i == asked.i:
        return False
    return _governs(host, qtoks) and not _directly_governs(asked, qtoks)


# Nouns for words someone uttered: "Trump used the words, “I’m not quite there yet”".
_UTTERANCE_NOUNS = frozenset({"words", "word", "phrase", "line", "slogan", "remark", "refrain", "mantra"})


def _uttered(ctx: Context, tok: Token, span: MarkedSpan) -> Token | None:
    """The object of ``tok`` when it is an utterance noun the quote stands right after
    (``used the words, “…”``): the verb's subject, a person, said those words (an image
    "bearing the words “…”" says nothing)."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if tok.pos_ != "VERB" or subj is None or not _names_a_person(ctx, subj):
        return None
    for obj in tok.children:
        end = obj.idx + len(obj.text)
        if obj.dep_ == "dobj" and obj.lower_ in _UTTERANCE_NOUNS and end <= span.open_at:
            return obj if ctx.text[end : span.open_at].strip(" ,:") == "" else None
    return None


# The words a quote ends on before the attribution after it: “…,” she said; “…!” the crowd shouted.
_ENDS_BEFORE_ATTRIBUTION = ",!?"
# What may stand between a speech verb and the quote it introduces: she said Tuesday, “…”;
# Trump shot back, “…”; told reporters: “…”.
_BETWEEN_VERB_AND_QUOTE = frozenset({"prt", "advmod", "npadvmod", "dative", "dobj"})


# What follows a quote that ends its sentence: the sentence's stop, or the end of the line.
_QUOTE_ENDS_SENTENCE = re.compile(r"[^\S\n]*(?:[.!?;]|\n|$)")


def _opens_sentence(ctx: Context, span: MarkedSpan) -> bool:
    """Nothing but space stands before the quote's opening mark in its sentence or line."""
    line = ctx.text.rfind("\n", 0, span.open_at) + 1
    opening = max(line, ctx.sents[ctx.sent_index(span.open_at)][0])
    return not ctx.text[opening : span.open_at].strip()


def _beside(ctx: Context, verb: Token, span: MarkedSpan) -> bool:
    """The quote and its speech verb stand as an attribution does, whatever the parse: the
    quote opens its sentence, ends on a comma, "!" or "?", and nothing but the verb's
    subject (and its auxiliary) comes between the closing mark and the verb (“I’m honored!”
    she said; “Mexico!” the audience screamed back; “…,” said Smith), or the verb, its
    particle, time or the one spoken to, and a comma or colon come right before the opening
    mark, and the quote ends the sentence (she said Tuesday, “…”). The parser often hangs a short exclamation on nothing
    ("Mexico" a sentence of its own), though it is what the verb says. Not for verbs that
    name a term ("called it")."""
    lemma = verb.lemma_.lower()
    if lemma in _NAMING_LEMMAS or _addressed(verb):
        return False
    text = ctx.text
    doc = ctx.doc
    if verb.idx >= span.close_end:
        if text[span.start : span.end][-1:] not in _ENDS_BEFORE_ATTRIBUTION:
            return False
        # The quote opens its sentence: not a term inside one ("Fox News Channel’s “Hannity,”
        # Newt Gingrich said", "who calls Trump a “sociopath,” said").
        if not _opens_sentence(ctx, span):
            return False
        gap = doc.char_span(span.close_end, verb.idx, alignment_mode="expand")
        if gap is None or "\n" in text[span.close_end : verb.idx]:
            return False
        subject = set()
        for c in verb.children:
            if c.dep_ in _SUBJECTS:
                subject.update(t.i for t in c.subtree)
        return all(
            t.i in subject or (t.head.i == verb.i and t.dep_ in ("aux", "neg")) or t.is_quote
            for t in gap
            if t.i < verb.i
        )
    end = verb.idx + len(verb.text)
    if end > span.open_at or "\n" in text[end : span.open_at]:
        return False
    if not _QUOTE_ENDS_SENTENCE.match(text, span.close_end):
        return False  # "said Tuesday, “levelling up” remains the priority": a term in a clause
    between = text[end : span.open_at].strip()
    if not between.endswith((",", ":")):
        return False
    gap = doc.char_span(end, span.open_at, alignment_mode="expand")
    if gap is None:
        return False
    allowed = set()
    for c in verb.children:
        if c.i > verb.i and c.dep_ in _BETWEEN_VERB_AND_QUOTE:
            allowed.update(t.i for t in c.subtree)
    return all(t.i in allowed or t.is_punct or t.is_space for t in gap if t.i > verb.i)


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
    """When the parse gives no subject: a name or he/she right next to the verb, or the
    name a role just before the verb is apposed to."""
    doc = ctx.doc
    sent_lo, sent_hi = verb.sent.start, verb.sent.end
    order = list(range(verb.i - 1, max(sent_lo, verb.i - 6) - 1, -1)) + list(range(verb.i + 1, min(sent_hi, verb.i + 4)))
    for i in order:
        tok = doc[i]
        if ctx.in_quote(tok.idx) or tok.dep_ in ("dobj", "dative", "pobj"):
            continue
        known = any(k.start <= i < k.end for k in ctx.known)
        # A name that modifies a common noun describes the speaker: "“…,” Gene Sperling, a top
        # outside Clinton adviser, said" is Sperling's (the role's apposition, below), not Clinton's.
        describes = tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i
        if (tok.ent_type_ == "PERSON" or tok.lower_ in ("he", "she") or known) and not describes:
            return tok
        named = tok.head
        apposed = tok.dep_ == "appos" and named.i < tok.i < verb.i and named.ent_type_ == "PERSON"
        if apposed and not ctx.in_quote(named.idx):
            return named  # "“…,” Flynn, a top Trump surrogate, said": the name the role is apposed to
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
    verb_i: int = -1  # the speech verb's token, when a verb attributes


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
        is_verb = is_speech_verb(tok) or _uttered(ctx, tok, span) is not None
        is_accord = tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)
        if not (is_verb or is_accord):
            continue
        if is_verb and _addressed(tok) and not _directly_governs(tok, qtoks) and not _answers(tok, qtoks):
            continue  # "Ryan, who used the same words when asked in May": asked, not the speaker
        dist = min(abs(tok.i - qtoks[0].i), abs(tok.i - qtoks[-1].i))
        key = (0 if _governs(tok, qtoks) else 1, dist)
        if best is None or key < best[0]:
            best = (key, tok)
    if best is None:
        return None
    verb = best[1]
    governs = best[0][0] == 0
    owner = None if governs else _owner(ctx, span, qtoks)
    if owner is not None:
        if owner.ent_type_ == "PERSON":
            who = resolve(ctx, owner)
        else:  # the tagger's "Trump’s “Look at my" entity is no name
            name = full_name(ctx, norm_name(owner.text), owner.idx)
            who = Speaker(name, "", owner.idx, owner.idx + len(owner.text))
        return _Attribution(who, "", "owner", False, False)
    if verb.lower_ == "according":
        to = next(c for c in verb.children if c.lower_ == "to")
        obj = next((g for g in to.children if g.dep_ == "pobj"), None)
        speaker = resolve(ctx, obj) if obj is not None else Speaker()
        return _Attribution(speaker, doc_text(doc)[verb.idx : to.idx + len(to.text)], "according_to", governs, False)
    if _addressed(verb) and not _answers(verb, qtoks):
        # The question put to someone ("When asked “Why now?”, he …"): whoever asked, if
        # the text says ("by reporters"), never the one asked.
        subj = _agent(verb)
    else:
        subj = _subject(ctx, verb)
    if verb.lemma_.lower() in _NAMING_LEMMAS and subj is None:
        return None
    # The quote the verb says ("“…,” she said") names people its "she" is not; a quote the
    # verb only tells of ("he accused them of asking “please attack Ted” questions") may not.
    said = span if _directly_governs(verb, qtoks) else None
    speaker = resolve(ctx, subj, said) if subj is not None and not ctx.in_quote(subj.idx) else Speaker()
    vs, ve = _verb_text(ctx, verb)
    words = _uttered(ctx, verb, span)
    if words is not None:
        ve = max(ve, words.idx + len(words.text))  # "used the words"
    direct = _directly_governs(verb, qtoks) or words is not None or _beside(ctx, verb, span)
    describes = verb.dep_ in ("relcl", "acl")
    return _Attribution(speaker, doc_text(doc)[vs:ve], "verb", governs, direct, describes, verb.i)


def _last_name_before(ctx: Context, lo: int, hi: int, person: bool = False) -> Speaker | None:
    """The person a colon introduces: the last name before it, a person's before any other,
    passing over one spoken to ("Jeb Bush broke down what was wrong … to the Dutch newspaper
    NRC Handelsblad: “…”" is Bush's; "in an interview with CNN:") or one that only
    qualifies a noun ("the Clinton campaign"). ``person``: a person's name or none."""
    names = _names_in(ctx, lo, hi)[::-1]
    if not names:
        return None
    speaking = [t for t in names if not _addressed_name(t)]
    tok = next((t for t in speaking if t.ent_type_ == "PERSON"), speaking[0] if speaking else names[0])
    if person and (tok.ent_type_ != "PERSON" or _addressed_name(tok)):
        return None  # only a person the sentence is about, not a place or someone spoken to
    spk = resolve(ctx, tok)
    return spk if spk.name else None


def _colon_subject(ctx: Context, lo: int, hi: int) -> Speaker | None:
    """The one who speaks in a clause that introduces a quote with a colon and names no one:
    its main verb's subject, "he" or "she" made a name ("She then addressed the supporters
    again: “…”")."""
    window = ctx.doc.char_span(lo, hi, alignment_mode="contract")
    for tok in window or ():
        if tok.dep_ != "nsubj" or tok.head.dep_ != "ROOT" or ctx.in_quote(tok.idx):
            continue
        if tok.lower_ in _PRONOUN_SPEAKERS:
            who = resolve(ctx, tok)
            return who if who.name else None
    return None


def _addressed_name(tok: Token) -> bool:
    """A name someone speaks to or acts on ("to the newspaper NRC Handelsblad", "with CNN",
    "attacking Mr. Trump") or that only qualifies a noun ("the Clinton campaign")."""
    root = tok
    while root.dep_ in ("compound", "flat", "appos", "conj") and root.head.i != root.i:
        if root.dep_ == "compound" and root.head.pos_ != "PROPN":
            return True
        root = root.head
    if root.dep_ in ("dative", "dobj", "poss"):
        return True
    return root.dep_ == "pobj" and root.head.lower_ in ("to", "with")


# A quote's paragraph that ends with a dash and a name: "…” ― Adriana Rodarte", "…” — Carla Sanchez."
_SIGNATURE = re.compile(r"[”\"'’][^\S\n]*(?:[―—–]|\s--?\s)[^\S\n]*([A-Z][^\n]{0,60}?)\.?[^\S\n]*$")


def _signature(ctx: Context, span: MarkedSpan) -> Speaker | None:
    """The person named after a dash at the end of the quote's paragraph, as collections of
    quotes sign each one: a paragraph that opens with the quote and closes with a quote mark,
    a dash and nothing but a name."""
    text = ctx.text
    start = text.rfind("\n", 0, span.open_at) + 1
    end = text.find("\n", span.close_end)
    end = len(text) if end < 0 else end
    if text[start : span.open_at].strip():
        return None
    m = _SIGNATURE.search(text, span.close_end - 1, end)
    if m is None:
        return None
    s, e = m.span(1)
    window = ctx.doc.char_span(s, e, alignment_mode="contract")
    if window is None or ctx.in_quote(s):
        return None
    if not all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" or t.is_punct for t in window):
        return None
    if len(window) >= 2:
        return Speaker(norm_name(window.text), "", window.start_char, window.end_char)
    if window[0].ent_type_ != "PERSON":
        return None
    who = resolve(ctx, window[0])
    return who if who.name else None


# The headline, the text's first line, as a name (or a sentence about someone), a colon and
# one quote: "Trump: ‘I’m the Worst Thing That Ever Happened to the Establishment.’",
# "Gillibrand on Hillary Releasing Her Goldman Sachs Speech Transcripts: ‘I Think She Will.’"
_HEADLINE_INTRO = re.compile(r"\s*([^\n:“”\"‘’']{1,120}?):[^\S\n]*")
_HEADLINE_TAIL = re.compile(r"[^\S\n]*[.;]?[^\S\n]*(?:\n|$)")
_HEADLINE_MIN_WORDS = 3
_NOT_SUBJECTS = frozenset("a an the this that these those how why what when where".split())
# A headline's label before its colon is no speaker: "Poll: ‘…’", "Watch: ‘…’", "Exclusive: ‘…’".
_HEADLINE_LABELS = frozenset(
    """poll polls update updated report review watch video videos exclusive breaking opinion analysis live
    editorial interview explainer factbox timeline photos listen quiz chart obituary read see transcript
    commentary column letters letter podcast latest""".split()
)


def _headline(ctx: Context, span: MarkedSpan) -> Speaker | None:
    """The person a headline quotes: the text's first line is an intro, a colon and the quote,
    which is a whole sentence of three words or more and ends the line. The headline's first
    word speaks when it is a person's — tagged a person, or the surname of one the article
    names ("Reid: ‘…’" above a story on Harry Reid; "Elizabeth Warren Hammers Wells Fargo CEO:
    ‘…’"), after any title ("Prime Minister Theresa May: ‘…’"). An intro that opens on an
    article ("A lesson from Loretta Lynch: ‘…’") gives its first person's name, and one with
    "on" the words before it ("CNN President On Trump: ‘…’": Trump is the topic). A label, a
    topic or a place ("Poll:", "Brexit:", "Wall Street:") gives none here."""
    text = ctx.text
    intro = _HEADLINE_INTRO.fullmatch(text, 0, span.open_at)
    if intro is None or not _HEADLINE_TAIL.match(text, span.close_end):
        return None
    quoted = text[span.start : span.end]
    if len(quoted.split()) < _HEADLINE_MIN_WORDS or not _whole_sentence(quoted):
        return None
    if any(_same_words(quoted, text[o.start : o.end]) for o in ctx.spans if o.start > span.end):
        return None  # the article quotes it again, with who said it
    s, e = intro.span(1)
    window = ctx.doc.char_span(s, e, alignment_mode="contract")
    if window is None or not len(window):
        return None
    if window[0].lower_ in _HEADLINE_LABELS or window[0].pos_ == "ADP":
        return None  # "Poll:", "In a statement on Tuesday:"
    if window[0].lower_ in _NOT_SUBJECTS:
        people = [t for t in window if t.ent_type_ == "PERSON"]
        who = resolve(ctx, people[0]) if people else None
        return who if who is not None and who.name else None
    k = 0
    while k < len(window) - 1 and (window[k].lower_.rstrip(".") in TITLES or window[k].is_punct):
        k += 1  # "Prime Minister Theresa May", "Sen. Elizabeth Warren"
    first = window[k]
    if not first.text[:1].isupper():
        return None
    mention = next((x for x in [*ctx.doc.ents, *(p.ent for p in ctx.persons)]
                    if x.start == first.i and x.label_ == "PERSON" and x.end_char <= e), None)
    if mention is not None and len(mention.text.split()) > 1:
        name = full_name(ctx, norm_name(mention.text), mention.start_char)
        return Speaker(name, "", mention.start_char, mention.end_char)
    # A word alone — which the tagger reads badly in title case, and may call "Brexit" a
    # person — speaks only as the surname of someone the article names in full.
    named = [p for p in ctx.persons if p.start >= e and len(p.name.split()) > 1 and p.name.split()[-1] == first.text]
    if named:
        return Speaker(full_name(ctx, named[0].name, named[0].start), "", first.idx, first.idx + len(first.text))
    # "CNN President On Trump: ‘…’", "Liverpool boss Jurgen Klopp on Salah: ‘…’": what comes
    # after "on" is the topic, never the speaker; the words before it are whoever speaks.
    topic = re.search(r"\s[Oo]n\s", text[s:e])
    if topic is None:
        return None
    who_end = s + topic.start()
    people = [t for t in window if t.ent_type_ == "PERSON" and t.idx < who_end]
    if people:
        who = resolve(ctx, people[-1])
        if who.name:
            return who
    return Speaker("", text[s:who_end].strip(), s, who_end)


def _same_words(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())


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
        att = _attribution_in(ctx, lo, hi, span)
        # "Reid: 'Never, ever, ever underestimate Trump.'" — a headline quoting its subject,
        # where no speech verb says it (and its title case is no title of a work).
        # A colon's last name before the quote is the topic in "Gillibrand on Hillary …: ‘…’";
        # the headline's first person, where there is one, speaks.
        if att is None or att.how == "colon" or att.how == "verb" and _looks_like_title(ctx.text[span.start : span.end]):
            who = _headline(ctx, span)
            if who is not None:
                att = _Attribution(who, "", "headline", True)
        atts.append(att)
    # Pieces of one quotation share the attribution found at any of them, so the first
    # paragraph of a long quote gets the "he said" written after its second piece.
    by_group: dict[int, _Attribution] = {}
    for span, att in zip(spans, atts):
        if att is not None and span.group not in by_group:
            by_group[span.group] = att
    for k, span in enumerate(spans):
        if atts[k] is None and span.group in by_group:
            g = by_group[span.group]
            atts[k] = _inherited(ctx, span, g, "group")
    text = ctx.text
    for k, span in enumerate(spans):
        if atts[k] is not None:
            continue
        first, lo, hi = _window(ctx, span)
        # "“I’d rather live in what he calls “hell” …” ― Adriana Rodarte": a signature.
        who = _signature(ctx, span)
        if who is not None:
            atts[k] = _Attribution(who, "", "signature", True)
            continue
        # "He said:" (or "He said:\n\n“…") right before the quote.
        if text[:lo].rstrip().endswith(":") and first > 0:
            ps, pe = ctx.sents[first - 1]
            att = _attribution_in(ctx, ps, pe, span)
            if att is not None:
                atts[k] = _Attribution(att.speaker, att.verb, "colon", True)
                continue
            # "17-year-old Jared Potts echoed:" — a person the sentence is about introduces it.
            who = _last_name_before(ctx, ps, pe, person=True)
            if who is not None:
                atts[k] = _Attribution(who, "", "colon", True)
                continue
        # "“Why not?” Clinton said to People." split after the question mark.
        nxt = first + 1
        while nxt < len(ctx.sents) and ctx.sents[nxt][0] < hi:
            nxt += 1
        if nxt < len(ctx.sents) and "\n" not in text[hi : ctx.sents[nxt][0]]:
            ns, ne = ctx.sents[nxt]
            cut = min([sp.open_at for sp in spans if ns <= sp.open_at < ne] + [ne])
            # A short sentence, or one that opens with a verb taking the quote as what was said
            # ("Trump told Britain’s ITV … when asked how …"), not one with news of its own
            # ("Ohio Gov. John Kasich said he would have fired …").
            att = _attribution_in(ctx, ns, min(cut, ns + 80), span)
            if att is not None and cut - ns >= 80 and _says_more(ctx, att):
                att = None
            # "Mr. Morrison, who plays Barrie, the playwright who wrote “Peter Pan,” …" after a
            # headline in quotes: a relative clause describes someone, it does not attribute.
            if att is not None and _names_someone(ctx, att.speaker) and not att.describes:
                atts[k] = _Attribution(att.speaker, att.verb, "next_sentence", True)
                continue
        # "Jeffrey Jones: “…”" — a name and a colon introduce the quote.
        intro = text[lo : span.open_at].rstrip()
        if intro.endswith(":"):
            who = _last_name_before(ctx, lo, span.open_at) or _colon_subject(ctx, lo, span.open_at)
            if who is not None:
                atts[k] = _Attribution(who, "", "colon", True)
                continue
        # A quote standing alone as a sentence continues the quote just before it, or the
        # speech a sentence between them reports ("If anything, Ash argued in his email, the
        # incident is an illustration …" before a quote from that email).
        prev = atts[k - 1] if k > 0 else None
        if prev is not None and _frame_is_empty(ctx, lo, hi):
            gap = text[spans[k - 1].close_end : span.open_at]
            if gap.count("\n") <= 4 and len(gap) < 600:
                reported = _reported_between(ctx, spans[k - 1].close_end, lo, span)
                if reported is None and _someone_else_between(ctx, spans[k - 1].close_end, lo, prev.speaker):
                    continue  # "“Only Rosie O’Donnell.” But Kelly was relentless. “Does that …?”"
                prev = reported or prev
                atts[k] = _inherited(ctx, span, prev, "continuation")
    return atts


_SUBJECTS = ("nsubj", "nsubjpass")


def _inherited(ctx: Context, span: MarkedSpan, att: _Attribution, how: str) -> _Attribution:
    """``att``, found at another quote, given to ``span``; but a quote whose main clause has
    the speaker's own name for its subject ("Sen. Bernie Sanders (I-Vt.) took the stage …",
    "King said Petraeus’ testimony …") tells of them, it is not theirs: a live blog or a
    report quoted, whose paragraphs the marks joined to a quote of the speaker's inside it.
    It keeps its marks with no speaker. A verb that attributes it directly is believed: a
    candidate reads out his own statement ("saying, “Donald J. Trump is calling for …”")."""
    if _names_speaker_as_subject(ctx, span, att.speaker):
        return _Attribution(Speaker(), "", how, True)
    return _Attribution(att.speaker, att.verb, how, True)


def _names_speaker_as_subject(ctx: Context, span: MarkedSpan, speaker: Speaker) -> bool:
    """The subject of the main clause of the quote's first sentence, or of a clause joined
    to it ("The hearing was closed but New York Congressman Pete King spoke …"), is a name
    (a person's, or a capitalised word the tagger took for a noun: "King said …") written
    as the speaker's is: the same name, or one of the two only the other's surname or first
    name ("King" and "Pete King", not "Chris Murphy" and "Anne Marie Murphy"). A group's or
    a firm's name is no person ("ESPN is an inclusive company": ESPN's words), and a speech
    verb after the words it reports attributes them (:func:`_attributes_words_before`)."""
    said_by = [w.lower() for w in speaker.name.split()]
    inner = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
    if not said_by or inner is None or not len(inner):
        return False
    sent = inner[0].sent
    for tok in inner:
        if tok.sent.start != sent.start or tok.dep_ not in _SUBJECTS or not tok.text[:1].isupper():
            continue
        if tok.pos_ not in ("PROPN", "NOUN") or tok.ent_type_ not in ("", "PERSON"):
            continue
        clause = tok.head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        if clause.i != sent.root.i or _attributes_words_before(tok.head):
            continue
        ent = next((e for e in ctx.doc.ents if e.start <= tok.i < e.end), None)
        if ent is None:
            words = [c for c in tok.lefts if c.dep_ in ("compound", "flat") and c.text[:1].isupper()] + [tok]
            text = " ".join(t.text for t in words)
        else:
            text = ent.text
        named = [w.lower() for w in norm_name(text).split()]
        short, long = sorted((named, said_by), key=len)
        if short and (short == long or (len(short) == 1 and short[0] in (long[0], long[-1]))):
            return True
    return False


def _attributes_words_before(verb: Token) -> bool:
    """A speech verb after the words it reports: a quote whose closing mark the writer left
    out runs on over its own attribution ("There wasn't a lot of education …, said Kessel"),
    which names the speaker rightly."""
    words = (c for c in verb.children if c.dep_ in ("ccomp", "parataxis"))
    return is_speech_verb(verb) and any(c.i < verb.i for c in words)


def _someone_else_between(ctx: Context, after: int, before: int, speaker: Speaker) -> bool:
    """A sentence between two quotes is about another named person: its main verb's subject
    names someone who is not the earlier quote's speaker (nor that speaker's own mention)."""
    # The earlier quote's own sentence ("…,” said Army Capt. Christian Pardo, who said …") is
    # its attribution, not a sentence between.
    after = max(after, ctx.sents[ctx.sent_index(after - 1)][1])
    window = ctx.doc.char_span(after, before, alignment_mode="contract") if after < before else None
    for tok in window or []:
        if tok.dep_ != "nsubj" or tok.head.dep_ != "ROOT" or ctx.in_quote(tok.idx):
            continue
        if tok.ent_type_ == "PERSON" or any(k.start <= tok.i < k.end for k in ctx.known):
            other = resolve(ctx, tok).name
            if other and other != speaker.name and other not in speaker.name.split():
                return True  # "Betsy Ebeling shook her head." after Tom Ebeling's quote
    return False


def _says_more(ctx: Context, att: _Attribution) -> bool:
    """The attributing verb has content of its own: a clause, or an object other than the
    one spoken to ("Trump has also announced a kind of snarky solidarity …")."""
    if att.verb_i < 0:
        return True
    verb = ctx.doc[att.verb_i]
    return any(
        c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and verb.lemma_ not in _OBJECT_VERBS)
        for c in verb.children
    )


def _reported_between(ctx: Context, after: int, before: int, span: MarkedSpan) -> _Attribution | None:
    """The speech the last sentence between two quotes reports, when a named person says
    it in its main clause and it holds no quote of its own."""
    for s, e in reversed(ctx.sents):
        if e > before:
            continue
        if s < after or any(s <= sp.open_at < e for sp in ctx.spans):
            return None
        att = _attribution_in(ctx, s, e, span)
        if att is None or att.how != "verb" or att.describes or not att.speaker.name:
            return None
        return att
    return None


# "The Fixers: Eddie Mannix, Howard Strickling and the MGM Publicity Machine".
_SUBTITLED_MAX_WORDS = 12
_SMALL_WORDS = frozenset("a an the of for and or to in on at with by from over as vs vs. & de la le".split())


# After a quote's first piece: the attribution, a comma and the mark that opens the rest.
_INTERRUPTION = re.compile(r"[^\S\n]*[^“”\"\n]{1,60}?,[^\S\n]*[“\"‘']")


def interrupted_piece(ctx: Context, span: MarkedSpan) -> bool:
    """The first piece of a sentence that an attribution interrupts: it opens its sentence,
    ends on a comma, and the attribution after it ends on a comma before the next piece's
    mark: "“As President,” she said, “I will …”" (or, the British way, "‘Your Honour’, I said,
    ‘…’") is speech, though its words look like a title. "Sunday on Fox News’ “Sunday Morning
    Futures,” Rep. Issa said …" is not."""
    text = ctx.text
    comma_after = text.startswith(",", span.close_end)
    if text[span.start : span.end].rstrip()[-1:] != "," and not comma_after:
        return False
    return _opens_sentence(ctx, span) and bool(_INTERRUPTION.match(text, span.close_end + comma_after))


def _looks_like_title(quoted: str) -> bool:
    """“Meet the Press”, “Bridge Over Troubled Water”, “13 Hours: The Secret Soldiers of
    Benghazi”: every main word capitalised; a book's subtitle after a colon makes it longer."""
    words = quoted.strip(" ,.").split()
    longest = _SUBTITLED_MAX_WORDS if ":" in quoted else 7
    if not 2 <= len(words) <= longest or any(c in quoted.strip(" ,.!?") for c in ".!?;"):
        return False
    main = [w for w in words if w.lower() not in _SMALL_WORDS]
    first = words[0][:1]
    capitalised = all(w[:1].isupper() or not w[:1].isalpha() for w in main)
    return bool(main) and (first.isupper() or first.isdigit()) and capitalised


def drop_reason(quoted: str, att: _Attribution | None, is_name: bool = False, interrupted: bool = False) -> str:
    """Why a marked span is not a direct quote ("" when it is one).

    ``is_name``: the quoted words are only a person's name, which no one is quoted as saying
    on its own; crediting “Chris.” to the last person named is a wrong speaker.
    """
    if att is None:
        return "unattributed"
    if att.how != "headline" and not (interrupted and att.how == "verb") and _looks_like_title(quoted):
        return "title"
    words = len(quoted.split())
    # Scare quotes: a short quoted term counts only as the very thing a verb says
    # ("“Mexico!” the crowd shouted"), not as a word inside reported speech; a bare
    # person's name is a nickname or vocative whatever the verb ("calls him “Chris.”").
    if words <= SHORT_MAX_WORDS and is_name:
        return "scare_quote"
    if words <= SHORT_MAX_WORDS and att.how not in ("group",) and not (att.how == "verb" and att.direct):
        # A short sentence of its own after a named speaker's quote ("… ,” O’Donnell said. “Big
        # time.”) or before a sentence that only attributes it is speech, not a term.
        spoken = att.how in ("continuation", "next_sentence") and bool(att.speaker.name)
        if not (spoken and _whole_sentence(quoted)):
            return "scare_quote"
    return ""


def _whole_sentence(quoted: str) -> bool:
    """Quoted words written as a sentence: a capital first and a full stop, "!" or "?" last
    (“Big time.”, “Blacklisted?”), not a term (“rigged”)."""
    words = quoted.strip()
    return words[:1].isupper() and words.rstrip("'’\"”)")[-1:] in (".", "!", "?")
