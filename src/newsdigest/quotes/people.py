"""Pass 3 of the quote extractor, first half: the people an article names.

People are spaCy's PERSON entities plus the chains of proper nouns its small model misses
(led by a known first name, after a title, or the subject of a speech verb), and, where
the article names that person in full elsewhere, the full name or a surname alone that the
tagger missed or took for a group, a product or (as a verb's subject) a place; never a
name written only inside quote marks, which is someone a speaker talks about. A surname or
first name alone stands for the fullest name in the article that ends or starts with it
(of two people with one surname, the one the article names first). Gender comes from
Mr./Mrs./Ms., a short list of first names, or the person's own "his"/"her"; unknown names
are gender-neutral. Platforms the tagger calls people ("took to Twitter") are not people, nor
are a headline's word before a name ("Rip Donald Trump"), a word alone parsed as no noun
("Harsh?"), a family ("the Clintons’") or a street ("Hermenegildo Galeana Street"). A name the
tagger ran on across a spaced dash is the name on one side ("Deborah Jordan Reynolds -
Santilli's girlfriend"); two capitalised words beside a word for a person are that person
("One voter, Guadalupe Potocacetpl, 35,", tagged ORG).

A caller that knows whom the text is about (the verifier reading an LLM's summary of
articles whose speakers are known) passes their names as ``people``: where the text writes
one of them or the surname, that is a person, whatever the tagger made of the word.

The writer reads names here too: the abbreviations a full stop after which ends no sentence
(``TITLE_END``, ``ABBREVIATION_END``), and the lemmatizer's word tables.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .doctext import doc_text
from .marks import MarkedSpan
from .verbs import is_speech_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

HONORIFICS = {
    "mr": "m", "mr.": "m", "mister": "m", "sir": "m", "lord": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "madam": "f", "dame": "f", "lady": "f",
}
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. president vice sen sen. senator rep rep.
    representative gov gov. governor mayor judge justice gen gen. general col col. lt lt.
    sgt sgt. capt capt. adm adm. secretary minister chancellor premier king queen prince
    princess pope rev rev. father sister brother sir dame lord lady chairman chairwoman
    ceo speaker attorney""".split()
)
# Titles written abbreviated before a name ("Sen. Ted Cruz", "Lt. Gen. Smith"): no sentence ends
# on one, so a splitter's cut after one is undone.
_TITLE_ABBREVIATIONS = r"Mr|Mrs|Ms|Dr|Sens?|Reps?|Govs?|Gen|Lt|Col|Sgt|Capt|Cpl|Adm|Prof|Rev|Fr|Hon|Rt|Supt"
TITLE_END = re.compile(rf"\b(?:{_TITLE_ABBREVIATIONS})\.$")
# A full stop that closes an initial ("J.", "U.S.") or an abbreviation ("Mr.", "Jr.", "Inc.",
# "Jan."), not a sentence. As prose capitalises them: "no." and "ft." may end a sentence, and so
# may "No." as an answer ("Is it over? No.", "A: No."); "mine No.", "Texas, No." go on ("… No. 2").
ABBREVIATION_END = re.compile(
    rf"\b(?:[A-Z]|{_TITLE_ABBREVIATIONS}|St|Jr|Sr|Mt|Ft|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"Inc|Corp|Co|[Vv]s|(?<![?!:\n] )(?<!\n)No)\.$"
)
# Where people post, which the small model tags PERSON ("took to Twitter", 147 times in the
# PolNeAR training texts): never the person a "he" or "she" stands for.
PLATFORMS = frozenset({"twitter", "facebook", "instagram", "youtube", "snapchat", "reddit", "tiktok"})
# Short lists only to break ties in pronoun resolution; unknown names are gender-neutral.
FEMALE_NAMES = frozenset(
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
MALE_NAMES = frozenset(
    """donald barack joe joseph john james robert michael william david richard thomas charles
    mike mark paul steve steven george bill bernie ted marco jeb chris christopher tim tom
    jim ben benjamin vladimir dmitry sergei emmanuel boris keir rishi justin xi narendra
    recep volodymyr andrew anthony brian kevin jason eric peter frank gary larry jeff scott
    paul rudy rudolph newt mitch chuck harry lindsey rand reince sean corey stephen jared
    ron gavin greg matt matthew adam jack henry edward ryan kyle travis josh joshua
    mohammed muhammad ahmed ali hassan ali olaf friedrich pedro viktor ronald gerald dwight
    lyndon franklin jimmy walter""".split()
)


# A generational suffix ends a name but is no surname, nor a name a person is called by alone:
# "Vice President Joseph R. Biden Jr." is "Mr. Biden" (:func:`norm_name` keeps "Jr." as written).
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def name_words(name: str) -> list[str]:
    """The words of a name without a generational suffix or the comma before one
    ("Joseph R. Biden, Jr." → Joseph, R., Biden); a name that is a suffix alone keeps it."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in SUFFIXES:
        words = words[:-1]
    if len(words) < len(name.split()):
        words[-1] = words[-1].rstrip(",")
    return words


def surname(name: str) -> str:
    """A name's last word that is no generational suffix: "Biden" of "Joseph R. Biden Jr"."""
    words = name_words(name)
    return words[-1] if words else ""


def suffix(name: str) -> str:
    """A name's generational suffix as a key ("jr" of "Donald Trump Jr." and of "Donald Trump
    Jr"), "" when it has none."""
    return " ".join(w.lower().rstrip(".") for w in name.split()[len(name_words(name)) :])


def norm_name(s: str) -> str:
    """A mention as a name: one space between words, no edge punctuation, possessive, leading
    titles or trailing words in lower case; a suffix keeps its full stop as written ("Joseph R.
    Biden Jr.")."""
    spaced = re.sub(r"\s+", " ", s)
    s = spaced.strip(" ,.;:—–-\"“”‘’'`")
    s = re.sub(r"(?:'s|’s|'|’)$", "", s).strip()
    words = s.split(" ")
    at = spaced.find(s) + len(s)
    if len(words) > 1 and words[-1].lower() in ("jr", "sr") and spaced[at : at + 1] == ".":
        words[-1] += "."  # the abbreviation's stop, which the strip took for the sentence's
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    # No name ends in a word in lower case: the tagger took in the preposition after it
    # ("Juan "Chico" Manriquez of Oakland" tagged "Juan "Chico" Manriquez of").
    while len(words) > 1 and words[-1].isalpha() and words[-1].islower() and words[-1] not in SUFFIXES:
        words = words[:-1]
    return " ".join(words)


@dataclass(slots=True)
class Person:
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
    persons: list[Person] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # full name → role, filled by .speakers
    genders: dict[str, str] = field(default_factory=dict)  # from Mr./Mrs./Ms.
    pronoun_genders: dict[str, str] = field(default_factory=dict)  # from "X used her column"
    known: list[Span] = field(default_factory=list)  # mentions of people given as known
    lower_words: frozenset[str] = frozenset()  # words the text writes in lower case ("team", "outside")
    # ``persons`` of two words or more by their first and their last word, for ``full_name``
    # (which a long text asks tens of thousands of times); rebuilt when ``persons`` changes.
    name_index: dict[str, list[tuple[int, Person, list[str]]]] = field(default_factory=dict)
    name_index_of: tuple[int, int] = (0, -1)

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.mark_starts, pos) - 1
        return k >= 0 and self.spans[k].open_at <= pos < self.spans[k].close_end

    def sent_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)


def people_context(
    text: str, doc: Doc, spans: list[MarkedSpan], sents: list[tuple[int, int]], people: Sequence[str]
) -> Context:
    """The parse of ``text`` with its quote spans, sentences and the people it names (their
    roles are the speakers pass's: :func:`.speakers.build_context`)."""
    ctx = Context(text, doc, spans, sents, [s for s, _ in sents], [sp.open_at for sp in spans])
    ctx.lower_words = frozenset(t.text for t in doc if t.is_alpha and t.text.islower())
    ctx.known = _known_mentions(ctx, people)
    _index_people(ctx)
    return ctx


def full_name(ctx: Context, name: str, before: int) -> str:
    """A surname or first name alone → the fullest name in the article that ends/starts with it.

    A surname after Mr./Mrs./Ms. is a person of that gender: in an article about Hillary
    and Bill Clinton, "Mrs. Clinton" is never Bill Clinton, whichever was named first.
    Between two people with the name (the same first and last word is one person, in its
    fullest form: "Donald Trump", "Donald J. Trump"), it is the one the article names first
    (before the mention, if either is): the story's own, as reporters name a second bearer
    in full. "Murphy said" in a story about Sen. Chris Murphy is not the "Anne Marie Murphy"
    he paid tribute to, for all her longer name. Names written only inside quote marks are
    no candidates (:func:`_index_people`): whom a speaker talks about is not the speaker.
    A generational suffix is no surname: "Mr. Biden" is "Joseph R. Biden Jr."; but a son is
    not his father ("Donald Trump Jr" and "Donald J. Trump" are two people)."""
    words = name.split()
    if len(words) != 1:
        return name
    want = _honorific_at(ctx.text, before)
    # Per person (first word, surname and suffix): its fullest variant, and its rank, whether it is
    # named before ``before``, and how early it is first named.
    variants: dict[tuple[str, str, str], tuple[tuple[int, int], str]] = {}
    ranks: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for k, p, pw in _named_with(ctx, name):
        if want and _first_name_gender(ctx, p.name) not in ("", want):
            continue
        if pw[-1] == name:
            rank = 2
        elif pw[0] == name:
            rank = 1
        else:
            continue
        who = (pw[0], pw[-1], suffix(p.name))
        earlier = 1 if p.start < before else 0
        variant = (earlier, len(p.name.split()))
        if who not in variants or variant > variants[who][0]:
            variants[who] = (variant, p.name)
        r, seen, first = ranks.get(who, (rank, 0, -k))
        ranks[who] = (max(r, rank), max(seen, earlier), first)
    if not ranks:
        return name
    return variants[max(ranks, key=ranks.__getitem__)][1]


def _named_with(ctx: Context, word: str) -> list[tuple[int, Person, list[str]]]:
    """The persons of two words or more whose first or last word is ``word``, in ``persons``
    order, with their position there and their words (see ``Context.name_index``)."""
    if ctx.name_index_of != (id(ctx.persons), len(ctx.persons)):
        index: dict[str, list[tuple[int, Person, list[str]]]] = {}
        for k, p in enumerate(ctx.persons):
            pw = name_words(p.name)
            if len(pw) >= 2:
                for w in dict.fromkeys((pw[0], pw[-1])):
                    index.setdefault(w, []).append((k, p, pw))
        ctx.name_index, ctx.name_index_of = index, (id(ctx.persons), len(ctx.persons))
    return ctx.name_index.get(word, [])


_HONORIFIC_BEFORE = re.compile(r"\b(Mrs|Ms|Mr|Miss)\.?\s+$")
_HONORIFIC_AT = re.compile(r"(Mrs|Ms|Mr|Miss)\b\.?\s")


def _honorific_at(text: str, pos: int) -> str:
    """"m" or "f" when Mr./Mrs./Ms. is written right before ``pos`` or starts there."""
    m = _HONORIFIC_BEFORE.search(text, max(0, pos - 6), pos) or _HONORIFIC_AT.match(text, pos)
    return HONORIFICS[m.group(1).lower()] if m else ""


def _first_name_gender(ctx: Context, name: str) -> str:
    """The gender a full name's own honorific or first name shows ("" when none does)."""
    if name in ctx.genders:
        return ctx.genders[name]
    first = name.split()[0].lower()
    return "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else ""


def one_bearer(ctx: Context, surname: str) -> bool:
    """Only one first name is written before ``surname`` in the reporter's text ("Carly Fiorina"
    and "Frank Fiorina" are two people, whether or not the tagger found both); a namesake
    named only inside quote marks is one the speaker talks about ("My brother Brian Cuban")."""
    firsts = {w[-2] for w in (name_words(p.name) for p in ctx.persons) if len(w) > 1 and w[-1] == surname}
    lower = ctx.lower_words
    for m in re.finditer(rf"\b([A-Z][\w'’\-]+)\s+{re.escape(surname)}\b", ctx.text):
        if ctx.in_quote(m.start()):
            continue  # a namesake the speaker talks about is no other bearer in the reporter's text
        word = m.group(1)
        if word.lower() not in lower and word.lower().rstrip(".") not in TITLES and not _function_word(ctx, word):
            firsts.add(word)
    return len(firsts) == 1


def _function_word(ctx: Context, word: str) -> bool:
    """A word that opens a clause, no first name: "Although Reynolds says …", "When Smith …"
    ("Will", "May", "Per" and "Else" may be first names)."""
    return ctx.doc.vocab[word.lower()].is_stop and word.lower() not in ("will", "may", "per", "else")


def gender_of(ctx: Context, name: str) -> str:
    """"m", "f", or "" when nothing tells: an honorific, then the first name, then a
    possessive pronoun the article gives the person (:func:`_pronoun_genders`)."""
    if name in ctx.genders:
        return ctx.genders[name]
    first = name.split()[0].lower()
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
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
        verb = _verb_above(tok)
        # A verb with no subject of its own in a phrase of the clause's verb has that verb's
        # subject: "McDowell still laughs at … hearing his mom …" is McDowell's mom.
        while (subj := _subject_of(verb)) is None and verb.dep_ in _SUBJECTLESS and verb.head.i != verb.i:
            verb = _verb_above(verb.head)
        if subj is not None and subj.lower_ == "who" and verb.dep_ == "relcl":
            subj = verb.head  # "Sunshine, who remains friendly with her former boss"
        p = by_root.get(subj.i) if subj is not None and subj.i < tok.i else None
        if p is None or any(q.ent.start >= p.ent.end and q.ent.end <= tok.i for q in ctx.persons):
            continue
        if tok.lower_ in ("his", "her") and _someone_else_near(ctx, p, tok):
            continue  # "Carrow attacked her record", Ayotte named just before: hers, maybe
        votes.setdefault(full_name(ctx, p.name, p.start), set()).add(gender)
    return {name: g.pop() for name, g in votes.items() if len(g) == 1}


# Phrases whose verb takes the subject of the verb they hang on ("laughs at … hearing", "wants
# to keep", "stood and put"); not a participle after a noun ("a man hearing …").
_SUBJECTLESS = frozenset({"pcomp", "xcomp", "advcl", "conj"})


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _verb_above(tok: Token) -> Token:
    """The first verb at or above ``tok`` in the parse (the root when there is none)."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _someone_else_near(ctx: Context, p: Person, tok: Token) -> bool:
    """Another person named in the possessive's sentence or the one before it: "her" may
    be theirs."""
    sent = tok.sent
    prev = ctx.doc[sent.start - 1].sent if sent.start > 0 else sent
    other = full_name(ctx, p.name, p.start)
    return any(
        prev.start <= q.ent.start < tok.i and full_name(ctx, q.name, q.start) != other for q in ctx.persons
    )


_NOT_PEOPLE = frozenset({"GPE", "LOC", "NORP", "DATE", "TIME", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "MONEY"})


def _lemma_table(name: str, pos: str) -> Any:
    """One part of speech of one of the lemmatizer's tables ("lemma_index", "lemma_exc"), or
    None when the pipeline has no such table."""
    from .. import analyse  # late: analyse imports this package

    try:
        table = analyse.nlp().get_pipe("lemmatizer").lookups.get_table(name)
    except (KeyError, AttributeError):
        return None
    return table[pos] if pos in table else None


@functools.cache
def dictionary_words() -> frozenset[str]:
    """English base words of the pipeline's lemmatizer (its WordNet index): "team" and
    "outside" are words, "Femi" is not. Empty when the pipeline has no such table."""
    return frozenset().union(*(dictionary_words_of(pos) for pos in ("noun", "verb", "adj", "adv")))


@functools.cache
def dictionary_words_of(pos: str) -> frozenset[str]:
    """The base words of one part of speech ("noun", "verb", "adj" or "adv") in the lemmatizer's
    WordNet index: "eye" and "owe" are verbs, "controll" is not. Empty when the pipeline has no
    such table."""
    words = _lemma_table("lemma_index", pos)
    return frozenset(words) if words is not None else frozenset()


@functools.cache
def irregular_forms_of(pos: str) -> dict[str, tuple[str, ...]]:
    """The lemmatizer's irregular forms of one part of speech with their base words ("hid" →
    ("hide",), "children" → ("child",)). Empty when the pipeline has no such table."""
    forms = _lemma_table("lemma_exc", pos)
    return {form: tuple(bases) for form, bases in forms.items()} if forms is not None else {}


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
    lower_words = ctx.lower_words  # "team", "outside"
    for tok in doc:
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            continue
        # A chain ends where the proper nouns do: one leaning on a common word after it ends
        # a name the parser made a modifier ("Carly Fiorina onstage", tagged ORG), not one
        # leaning on a longer name.
        if tok.dep_ == "compound" and (tok.head.pos_ == "PROPN" or tok.head.i < tok.i):
            continue
        lo, hi = propn_chain(tok)
        # An office or an employer before a known first name is no part of the name: "Former
        # Hewlett-Packard CEO Carly Fiorina named …" (tagged ORG) is Carly Fiorina.
        lo = next((t.i for t in doc[lo : hi - 1] if t.lower_ in FEMALE_NAMES or t.lower_ in MALE_NAMES), lo)
        chain = doc[lo:hi]
        # A name set beside a word for a person: "One voter, Guadalupe Potocacetpl, 35, showed up"
        # (tagged ORG), "author and liberal firebrand Cornel West" (tagged PRODUCT).
        apposed = (
            tok.dep_ == "appos"
            and tok.head.pos_ == "NOUN"
            and (tok.head.lemma_.lower() in PERSON_NOUNS or tok.head.lower_ in PERSON_NOUNS)
            and len(chain.text.split()) == 2
            and all(t.is_alpha and t.text[1:].islower() and t.lower_ not in dictionary_words() for t in chain)
        )
        not_people = _NOT_PEOPLE - _APPOSED_MISTAGS if apposed else _NOT_PEOPLE
        if any(t.ent_type_ in not_people or t.ent_type_ == "PERSON" or not (t.text[:1].isupper() or t.text in _HYPHENS)
               for t in chain):
            continue
        words = len(chain.text.split())  # "Eva-Marie Persson": two words, four tokens
        if ctx.in_quote(chain.start_char):
            continue
        before = doc[lo - 1].lower_ if lo > 0 else ""
        if before in ("the", "a", "an") and chain[-1].lower_ in TITLES:
            continue  # "the Prime Minister", "the Foreign Secretary": a post, not a name
        speaker = tok.dep_ == "nsubj" and is_speech_verb(tok.head)
        # First name + a surname that speaks elsewhere ("Femi Adeyemi", which the small model
        # may tag ORG); longer chains ("Washington Post Trump"), places and "the White
        # House" are headlines, outlets and institutions.
        speaker = speaker or (
            words == 2
            and tok.text in speaking
            and before not in ("the", "a", "an")
            # "Team Trump", "Outside Carrier": a word, not a first name
            and chain[0].lower_ not in lower_words
            and chain[0].lower_ not in dictionary_words()
            and not any(t.ent_type_ not in ("", "ORG") or t.lower_ in TITLES for t in chain)
        )
        known = chain[0].lower_ in FEMALE_NAMES or chain[0].lower_ in MALE_NAMES
        if (words >= 2 and (known or speaker or apposed)) or before in TITLES:
            out.append(chain)
    return out


# What the small model may take a name beside a word for a person for: a product ("Cornel West"),
# a work, an event, a building.
_APPOSED_MISTAGS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "FAC", "LAW"})
# Nouns for a person ("the actor", "one voter", "his nephew"): a name beside one is that person's,
# and a description with one may be whom a sentence is about (:mod:`.speakers`).
PERSON_NOUNS = frozenset(
    """actor actress singer rapper comedian comic musician writer author journalist columnist
    anchor commentator pundit economist analyst strategist pollster politician veteran
    delegate voter resident worker doctor professor scientist businessman businesswoman
    republican democrat conservative liberal progressive independent libertarian
    congressman congresswoman lawmaker legislator mogul magnate tycoon celebrity
    entrepreneur investor incumbent challenger contender hopeful frontrunner front-runner
    governor senator firebrand activist organizer supporter student teacher lawyer attorney
    friend nephew niece cousin uncle aunt neighbor neighbour owner founder candidate man woman
    boy girl teenager teen mother father son daughter wife husband brother sister widow""".split()
)


NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def _known_mentions(ctx: Context, people: Sequence[str]) -> list[Span]:
    """Where the text names a person it is known to be about (full name or surname, written
    with a capital), as PERSON spans: "Pawlenty said, “…”" in a summary of stories that quote
    Tim Pawlenty, where the tagger reads "Pawlenty" as a common noun. A name inside a longer
    entity ("the Clinton Foundation") is that entity's, not the person's."""
    from spacy.tokens import Span

    doc, taken, out = ctx.doc, [], []
    forms = {f for name in people if name for f in (name, surname(name)) if f[:1].isupper()}
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


# The last word of a street's or a square's name, which the small model may tag PERSON
# ("Carrier's plant on Hermenegildo Galeana Street"): no person's name ends in one.
STREET_WORDS = frozenset("street st avenue ave boulevard blvd road rd drive highway plaza square".split())
_SPACED_DASHES = frozenset({"-", "–", "—", "--", "_"})


def _before_dash(ent: Span) -> Span:
    """A PERSON entity the small model ran on across a dash set off by spaces: the name on the
    side that is one ("Deborah Jordan Reynolds - Santilli's girlfriend" tagged "Deborah Jordan
    Reynolds - Santilli's": Deborah Jordan Reynolds; "Donald Trump - and": Donald Trump) — the
    side with more capitalised words no dictionary knows, the first on a tie."""
    from spacy.tokens import Span

    doc = ent.doc
    cut = next(
        (t.i for t in ent if t.text in _SPACED_DASHES and (t.whitespace_ or (t.i > 0 and doc[t.i - 1].whitespace_))),
        None,
    )
    if cut is None:
        return ent

    def weight(toks: Span) -> int:
        return sum(1 for t in toks if t.text[:1].isupper() and t.is_alpha and t.lower_ not in dictionary_words())

    left, right = doc[ent.start : cut], doc[cut + 1 : ent.end]
    side = left if weight(left) >= weight(right) else right
    while len(side) and (side[-1].is_punct or side[-1].tag_ == "POS"):
        side = doc[side.start : side.end - 1]
    if not len(side) or not weight(side):
        return ent
    return Span(doc, side.start, side.end, label="PERSON")


def _with_first_name(ent: Span) -> Span:
    """A surname the tagger found without the first name before it ("Skipper Alasdair |Munro|"):
    the name with it. The word before must lean on the surname, be a capitalised proper noun
    that is no title and no dictionary word, and not open the sentence (where "Skipper" is). A
    hyphenated first name is taken whole ("Eva-Marie Persson")."""
    from spacy.tokens import Span

    doc = ent.doc
    start = ent.start
    if len(ent) == 1 and start > 0:
        prev = doc[start - 1]
        first = (
            prev.pos_ == "PROPN"
            and prev.head.i == ent.root.i
            and prev.text[:1].isupper()
            and prev.text[1:].islower()
            and not prev.is_sent_start
            and prev.ent_type_ in ("", "PERSON")
            and prev.lower_ not in TITLES
            and prev.lower_ not in HONORIFICS
            and prev.lower_ not in dictionary_words()
        )
        if first:
            start -= 1
    start = hyphen_start(doc, start)  # "Eva-" of "Eva-Marie Persson", split off by the tokenizer
    return Span(doc, start, ent.end, label="PERSON") if start != ent.start else ent


def _index_people(ctx: Context) -> None:
    found = [_with_first_name(_before_dash(ent)) for ent in ctx.doc.ents if ent.label_ == "PERSON"] + _name_chains(ctx)
    found += [k for k in ctx.known if not any(f.start < k.end and k.start < f.end for f in found)]
    for ent in sorted(found + _surname_mentions(ctx, found), key=lambda e: e.start):
        if ctx.in_quote(ent.start_char):
            continue
        name = norm_name(ent.text)
        if not name or not name[0].isupper() or name.lower() in PLATFORMS:
            continue
        if ent.root.dep_ == "compound" and ent[-1].lower_ in TITLES:
            continue  # "Charlotte Mayor" tagged apart from the "Jennifer Roberts" it qualifies
        if len(name.split()) > 1 and name.split()[-1].lower().rstrip(".") in STREET_WORDS:
            continue  # "Hermenegildo Galeana Street" (tagged PERSON) is where, not who
        ctx.persons.append(Person(name, ent.start_char, ent))
    ctx.persons = _tagging_slips_undone(ctx)
    surnames: dict[str, set[str]] = {}
    for p in ctx.persons:
        words = name_words(p.name)
        if len(words) > 1:
            surnames.setdefault(words[-1], set()).add(p.name)
    for p in ctx.persons:
        prev = ctx.doc[p.ent.start - 1].lower_ if p.ent.start > 0 else ""
        # "Mr. Khan" where the article names Khizr and Ghazala Khan says nothing of either.
        if prev in HONORIFICS and (len(p.name.split()) > 1 or len(surnames.get(p.name, ())) <= 1):
            full = full_name(ctx, p.name, p.start)
            if full not in ctx.genders:
                ctx.genders[full] = HONORIFICS[prev]
    ctx.pronoun_genders = _pronoun_genders(ctx)


def _tagging_slips_undone(ctx: Context) -> list[Person]:
    """The people index without what the small model took into a name or for one by mistake.

    A headline's verb before a name the article writes on its own: "Black Lawmakers Rip Donald
    Trump" is Donald Trump, not a "Rip Donald Trump" every later "Trump" would stand for (the
    first word a dictionary word, the rest another person's full name; or, before a surname
    alone, a word that opens the line, the article also writes in lower case and is no first
    name: "Top Clinton adviser sent …" beside "Hillary Clinton"). A word alone that the tagger
    calls a person but parses as an adjective, verb or adverb, which no full name in the article
    holds: "Harsh? He doesn't think so.", "Conceding that …, he warned" name no one a later "he"
    could stand for. A surname in the plural is a family, not a "he" or a "she": "the Clintons’
    commitment" (tagged a plural proper noun, the article naming Hillary Clinton)."""
    doc = ctx.doc
    full = {p.name for p in ctx.persons if len(name_words(p.name)) >= 2}
    words = {w for n in full for w in name_words(n)}
    lower = ctx.lower_words
    out: list[Person] = []
    for p in ctx.persons:
        pw = p.name.split()
        rest = " ".join(pw[1:])
        # "Top Clinton adviser sent …" beside "Hillary Clinton": a word capitalised as it opens the
        # line, which the article also writes in lower case and is no first name, before a surname
        # another full name ends with.
        at = p.ent.start_char
        above = doc_text(doc)[:at]
        opens_line = not above.strip() or above.rstrip(" \t").endswith("\n")
        surnamed = len(pw) == 2 and opens_line and pw[0].lower() in lower
        surnamed = surnamed and pw[0].lower() not in FEMALE_NAMES | MALE_NAMES
        surnamed = surnamed and any(n != p.name and surname(n) == rest for n in full)
        if (len(pw) >= 3 and rest in full or surnamed) and pw[0].lower() in dictionary_words():
            second = next((t for t in p.ent[1:] if t.text == pw[1]), None)
            if second is not None:
                out.append(Person(rest, second.idx, doc[second.i : p.ent.end]))
            continue
        if len(pw) == 1 and p.name not in words and len(p.ent) == 1:
            tok = p.ent[0]
            if tok.pos_ in ("ADJ", "VERB", "ADV"):
                continue
            if tok.tag_ == "NNPS" and p.name.endswith("s") and p.name[:-1] in words:
                continue
        out.append(p)
    return out


def _surname_mentions(ctx: Context, found: Sequence[Span]) -> list[Span]:
    """A person's name the tagger missed or took for something else, where the article
    names that person in full elsewhere: that person's mention, so a pronoun after the
    sentence finds who it is about. The full name again, whatever the tag ("Ivanka Trump"
    tagged a product); a surname alone untagged or taken for a group ("Schlafly put her
    finger on …" tagged ORG), or taken for a place or a nationality where it is a verb's
    subject ("Schiff called on the administration", tagged LOC; "Cuban said", NORP) or an owner
    the article nowhere writes as a place ("Palin’s pugnacious posts", GPE). A subject the
    tagger took for a word of another kind is the person too: "Trump himself was delighted",
    "Trump, however, was …" open a sentence, where the small model may read "Trump" as a verb
    or an adjective, yet the parser makes it the subject. So is a speaker the tagger missed
    whose first name is on no list (:func:`_speaking_surnames`)."""
    doc = ctx.doc
    names = {" ".join(w) for w in (norm_name(f.text).split() for f in found) if len(w) >= 2}
    names |= _speaking_surnames(ctx)
    surnames = {surname(n) for n in names if len(name_words(n)) >= 2}
    taken = {i for f in found for i in range(f.start, f.end)}
    out: list[Span] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w-])", ctx.text):
            span = doc.char_span(m.start(), m.end())
            if span is None or ctx.in_quote(m.start()) or any(t.i in taken for t in span):
                continue
            inside = [x for x in doc.ents if x.start < span.end and span.start < x.end]
            if any((x.start, x.end) != (span.start, span.end) or x.label_ in NOT_NAMES for x in inside):
                continue  # a longer entity's ("the Bill Clinton Foundation"), or a date
            taken.update(t.i for t in span)
            out.append(span)
    places = {t.text for t in doc if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "from", "to")}
    for tok in doc:
        if tok.text not in surnames or tok.i in taken or tok.dep_ == "compound":
            continue
        if tok.pos_ != "PROPN" and not _mistagged_subject(ctx, tok):
            continue
        subject = tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ == "NNP"
        # Whom a speech verb addresses is no place either: "he told Hannity" (tagged GPE).
        told = tok.dep_ in ("dobj", "dative") and tok.tag_ == "NNP" and is_speech_verb(tok.head)
        # Nor is an owner the article never writes as somewhere one is in, at, from or to:
        # "Palin’s pugnacious posts" (tagged GPE) in an article about Sarah Palin.
        owner = tok.dep_ == "poss" and tok.tag_ == "NNP" and tok.text not in places
        placed = tok.ent_type_ in _SUBJECT_MISTAGS and (subject or told or owner)
        if tok.ent_type_ not in ("", "ORG") and not placed or ctx.in_quote(tok.idx):
            continue
        if tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].head.i == tok.i:
            continue  # the end of a longer name ("Frank Fiorina" beside "Carly Fiorina")
        out.append(doc[tok.i : tok.i + 1])
    return out


# A surname's form: a capital, and another after an apostrophe ("Hannity", "O’Donnell", "D’Souza").
SURNAME_FORM = re.compile(r"[A-Z][a-z]*['’][A-Z][a-z]+|[A-Z][a-z]+")


def _speaking_surnames(ctx: Context) -> set[str]:
    """Full names of speakers the tagger took for a common noun, with a first name on no list:
    "D’Souza replied, “…”" after "Dinesh D’Souza made his prediction", neither tagged a person.
    The surname is the subject of a speech verb outside quote marks, a word no dictionary knows
    and the article never writes in lower case, and the article writes one first name only
    before it (:func:`lone_first_name`): the name the speaker is given
    (:func:`.speakers._bare_surname`), which a later "he" must find too."""
    out: set[str] = set()
    for tok in ctx.doc:
        if tok.pos_ != "NOUN" or tok.dep_ != "nsubj" or not is_speech_verb(tok.head) or ctx.in_quote(tok.idx):
            continue
        if not surname_form(tok) or tok.lower_ in ctx.lower_words:
            continue
        if first := lone_first_name(ctx, tok.text):
            out.add(f"{first} {tok.text}")
    return out


def surname_form(tok: Token) -> bool:
    """A capitalised word that may be a surname and is no dictionary word ("Hannity", "D’Souza";
    not "Officials")."""
    if not SURNAME_FORM.fullmatch(tok.text):
        return False
    return tok.lower_ not in dictionary_words() and tok.lemma_.lower() not in dictionary_words()


def lone_first_name(ctx: Context, surname: str) -> str:
    """The one first name the reporter's text writes before ``surname`` (capitalised, no title
    nor dictionary word, outside quote marks), or "" when it writes none or several."""
    firsts = {
        m.group(1)
        for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(surname)}\b", ctx.text)
        if not ctx.in_quote(m.start())
        and m.group(1).lower() not in TITLES and m.group(1).lower() not in dictionary_words()
        and not _function_word(ctx, m.group(1))
    }
    return firsts.pop() if len(firsts) == 1 else ""


def _mistagged_subject(ctx: Context, tok: Token) -> bool:
    """A surname the article writes after a first name, tagged as no proper noun but parsed as
    a subject: "Trump himself was delighted" (tagged a verb). At a sentence's start, where any
    word has a capital, only if the article never writes the word in lower case: "Price is
    the issue" in a story about Tom Price speaks of no one if the article writes "price"."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or not tok.text[:1].isupper():
        return False
    if not tok.is_sent_start:
        return True
    return not any(t.lower_ == tok.lower_ and not t.text[:1].isupper() for t in ctx.doc)


# What the tagger may take a surname for when it is a verb's subject: a place ("Schiff
# called on …", LOC) or a nationality ("Cuban said", NORP, in an article about Mark Cuban).
_SUBJECT_MISTAGS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def propn_chain(tok: Token) -> tuple[int, int]:
    """Token bounds of the proper nouns ending at ``tok`` that lean on it ("Dmitry Peskov"), a
    hyphenated first name whole ("Eva-Marie Persson")."""
    lo = hi = tok.i
    doc = tok.doc
    while lo - 1 >= 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].head.i in range(lo, hi + 1):
        lo -= 1
    return hyphen_start(doc, lo), hi + 1


_HYPHENS = ("-", "‐")


def hyphen_start(doc: Doc, start: int) -> int:
    """Where a name starting at token ``start`` starts when a capitalised word is joined to it
    by a hyphen with no space ("Eva-" of "Eva-Marie Persson", which the tokenizer splits)."""
    while (start >= 2 and doc[start - 1].text in _HYPHENS and not doc[start - 1].whitespace_
           and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha and doc[start - 2].text[:1].isupper()):
        start -= 2
    return start
