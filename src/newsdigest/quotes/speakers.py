"""Pass 3 of the quote extractor, second half: a speaker mention made a full name with a
role, from the people the article names (:mod:`.people`, which also reads the names a
caller passes as ``people``).

A pronoun (``he``/``she``) becomes, in the last sentence before it that names a person
whose gender does not contradict it, the person that sentence is about (the subject
nearest its root, or whom that subject's own "she" stands for — a passive's "by" phrase
and a name with a "who" clause count as subjects: "supported by Sen. Dianne Feinstein, who
said …"; else the one the article is about, else the last one named there, passing over a
name that only owns a noun, "Comey’s recommendation"). Gender comes from Mr./Mrs./Ms., a
short list of first names, the person's own "his"/"her", or an earlier pronoun that could
only be them; a person whose gender nothing shows is taken only when the sentence offers no
rival or they are the one the article is about (named more often so far than anyone else),
since no speaker is better than a wrong one; nor is it anyone its own verb or that verb's
complement names after it ("He insisted Curiel had …"), nor anyone a phrase before it with no
subject of its own names ("Asked about her vote in the event that Clinton faces Trump, she
replied"). A speech verb set off inside a sentence makes the sentence its speaker's ("Trump,
Sexton said, has created …"); a sentence whose main subject is a description ("the actor
discussed …") and that names people only as its verb's objects ("with HuffPost Live's Alyona
Minkovski") stands for whom the description does, named before it; a sentence wholly in
brackets is an aside, passed over. A surname or first name alone
(also one the tagger took for a common noun: "Hannity said", or a dictionary word the
people index counts a mention: "Trump shot back") becomes the fullest matching name in
the article (of two people with the surname, the one named first; never a name
written only inside quote marks), of the gender a Mr./Mrs./Ms. before it shows (also when
the tagger took the bare surname for a place or group, if one first name only is written
before it outside quote marks);
``the spokesperson`` becomes the person earlier given that role; a name that only
qualifies the speaking noun ("one Clinton aide") and a member of a group ("one senior
Democrat") name no one. The role comes from premodifiers (``Kremlin spokesperson Dmitry
Peskov``) or appositions (``Dmitry Peskov, the Kremlin's spokesman,``) anywhere in the
article; a dateline, a party and state (``D-S.C.``), a place or a group (``rivals Trump and
Cruz``) is not a role, nor an aside in brackets after it (``chairman of America Rising (a
Republican PAC)`` has the role ``chairman of America Rising``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .doctext import doc_text
from .marks import MarkedSpan
from .people import (
    FEMALE_NAMES,
    HONORIFICS,
    MALE_NAMES,
    NOT_NAMES,
    PERSON_NOUNS,
    TITLES,
    Context,
    Person,
    full_name,
    gender_of,
    lone_first_name,
    name_words,
    norm_name,
    one_bearer,
    people_context,
    propn_chain,
    surname,
    surname_form,
)
from .verbs import is_speech_verb

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def build_context(
    text: str, doc: Doc, spans: list[MarkedSpan], sents: list[tuple[int, int]], people: Sequence[str]
) -> Context:
    """The parse of ``text`` with its quote spans, sentences, the people it names and the
    role the article gives each (the first it gives, wherever the name is written)."""
    ctx = people_context(text, doc, spans, sents, people)
    for p in ctx.persons:
        full = full_name(ctx, p.name, p.start)
        if full not in ctx.roles:
            role = _role_of(p.ent)
            if role:
                ctx.roles[full] = role
    return ctx


_ORG_JOINERS = frozenset({"the", "and", "&", "of", "for"})
# A word for a person, not an organisation, at the end of the words after "of": the name is
# that person's ("Victim of Hollywood Producer Harvey Weinstein", "Lawyer of Former Trump Aide
# Michael Flynn"), not the title's; and a title that is a relation to someone, not a post.
_PERSON_WORDS = frozenset(
    "leader aide adviser advisor producer director activist founder victim student star host candidate "
    "chief official executive officer manager coach player member spokesman spokeswoman spokesperson "
    "lawyer attorney editor reporter owner nominee critic supporter teen boy girl man woman".split()
)
_RELATION_TITLES = frozenset(
    "lawyer attorney mother father sister brother wife husband widow widower son daughter friend victim "
    "spokesman spokeswoman spokesperson aide adviser advisor supporter critic fan".split()
)


def org_title(name_start: int, root: Token) -> Token | None:
    """The title a name is hung on by its "of" when the words between are the organisation's:
    "Director of National Intelligence James Clapper", "Deputy Director of Public Prosecution
    Eva-Marie Persson" (the parser makes the title the head and the name the object of "of").
    None for "Supporters of Florida Senator Marco Rubio" (a plural, and the person's own title
    among the words) or "the wife of Ted Cruz" (an article, and no organisation)."""
    doc = root.doc
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "of" or not prep.i + 1 < name_start:
        return None
    title = prep.head
    if (
        title.i != prep.i - 1
        or title.pos_ not in ("NOUN", "PROPN")
        or title.tag_ in ("NNS", "NNPS")
        or not title.text[:1].isupper()
        or any(c.dep_ in ("det", "poss") for c in title.children)
    ):
        return None
    org = doc[prep.i + 1 : name_start]
    if any(not t.text[:1].isupper() and t.lower_ not in _ORG_JOINERS for t in org):
        return None
    if any(t.lower_.rstrip(".") in TITLES for t in org) or org[-1].lower_ in _PERSON_WORDS:
        return None
    return None if title.lower_ in _RELATION_TITLES else title


_RELATION_PREPS = frozenset({"of", "for", "to"})


def relation_named(noun: Token) -> Token | None:
    """The name apposed to the person a relation noun is related to: "A spokesman for Ted Cruz,
    Rick Tyler, said", "The wife of Senator Ted Cruz, Heidi Cruz, said". Ted Cruz is named
    already, so the second name is the spokesman's, the wife's. Not when the one related to is
    a common noun ("a lawyer for the defendant, John Smith": Smith may be the defendant), nor
    when what is apposed is no name ("a friend of Donald Trump, the Republican nominee")."""
    if noun.pos_ != "NOUN" or not noun.text.islower() or noun.ent_type_:
        return None
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in _RELATION_PREPS:
            continue
        for other in prep.children:
            if other.dep_ != "pobj" or other.ent_type_ != "PERSON":
                continue
            for name in other.children:
                if name.dep_ == "appos" and name.ent_type_ == "PERSON" and name.i > other.i + 1:
                    if not any(t.ent_type_ != "PERSON" and not t.is_punct for t in noun.doc[other.i + 1 : name.i]):
                        return name
    return None


def _role_noun(tok: Token) -> bool:
    """A noun that can name a person's post, a title in capitals included: "the spokesman",
    "the Prime Minister" (tagged no entity), not "Apple" or "Clinton"."""
    return tok.pos_ == "NOUN" or tok.pos_ == "PROPN" and not tok.ent_type_


def _a_persons_word(ctx: Context, tok: Token) -> bool:
    """Tagged a person, or in a name the people index holds ("Sweden’s deputy director of
    public prosecutions, Eva-Marie Persson," where the tagger calls her an organisation)."""
    return tok.ent_type_ == "PERSON" or any(p.ent.start <= tok.i < p.ent.end for p in ctx.persons)


def _title_in_capitals(tok: Token) -> bool:
    """"the Prime Minister", "the Foreign Secretary": a post written in capitals after a
    determiner, which names whoever holds it, as "the spokesman" does."""
    return (
        tok.pos_ == "PROPN"
        and not tok.ent_type_
        and tok.lower_ in TITLES
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
    )


def _role_of(ent: Span) -> str:
    """Role words around a person's name: premodifiers, apposition, or the noun it is apposed to.

    A title that is only an abbreviation or honorific ("Rep.", "Dr.") gives way to an
    apposition ("Rep. Xavier Becerra, a California Democrat"), and stays at its end when the
    two read as one premodifier: "California Democrat Rep." (the writer puts the role before
    the name). A party and state in parentheses ("(D-S.C.)", "(I)") is not a role."""
    doc = ent.doc
    root = ent.root
    if root.dep_ == "appos" and root.head.dep_ == "pobj" and root.head.head.dep_ == "prep":
        noun = root.head.head.head
        named = relation_named(noun)
        if named is not None and named.i == root.i:  # "A spokesman for Ted Cruz, | Rick Tyler,"
            return _clean_role(doc[noun.left_edge.i : root.head.i + 1])
    left = ent.start
    for child in root.lefts:
        if child.i < ent.start and child.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss"):
            left = min(left, child.left_edge.i)
    title = org_title(ent.start, root)
    if title is not None:  # "Deputy Director of | Public Prosecution Eva-Marie Persson"
        left = min(left, title.left_edge.i)
    elif left < ent.start and left > 0 and root.dep_ == "nsubj":
        # "Wikileaks editor-in-chief Kristinn Hrafnsson said": the parser made the outlet a
        # second subject of the verb, right before the role; it opens the role.
        outlet = doc[left - 1]
        if outlet.dep_ == "nsubj" and outlet.head.i == root.head.i and outlet.text[:1].isupper():
            left = outlet.left_edge.i
    # Leading titles inside the entity itself ("President Joe Biden" tagged whole).
    inner = ent.start
    while inner < ent.end - 1 and doc[inner].lower_ in TITLES:
        inner += 1
    before = ""
    # "the private email server Hillary Clinton used": the noun before is no role, on either side.
    relative = _subject_of_relative(ent)
    if left < ent.start:
        # A form of address belongs to the name, and what owns the person is no role: "the
        # institute's Dr. Annika Roos" has none.
        end = inner
        while end > left and doc[end - 1].lower_.rstrip(".") in _ADDRESS:
            end -= 1
        owner = end < inner and end > left and doc[end - 1].dep_ == "case"
        before = "" if owner or relative or end == left else _clean_role(doc[left:end])
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
        if any(t.text in _QUOTE_OPENERS or t.text in ("'", "‘", ":") for t in doc[ent.end : child.left_edge.i]):
            # "Carly Fiorina: 'Bill Clinton's fair game.'": her words, not her role; nor is a
            # title's question ("Ted Cruz: Constitutional conservative or another typical career
            # politician?").
            continue
        # The whole apposition, else without its clauses, else without any coordination; not
        # cut before a title it goes on to ("star of cult classic | “Thelma and Louise,”").
        ends = [e for e in (child.right_edge.i, _phrase_end(child), _phrase_end(child, deep=True))
                if e + 1 >= len(doc) or doc[e + 1].text not in _QUOTE_OPENERS]
        # "Only" needs the clause a cut takes away: "the only senator to endorse Sanders" is no
        # "only senator" ("a former first lady, …" is a title: "first" stays).
        ends = [e for e in ends
                if e == child.right_edge.i or not _restrictive(doc[child.left_edge.i : e + 1])]
        spans = [(child.left_edge.i, e) for e in ends]
        now = _now_part(doc[child.left_edge.i : child.right_edge.i + 1])
        if now is not None:  # the post held now before the one held then
            spans.insert(0, (now, child.right_edge.i))
        after.append(next((r for r in (_clean_role(doc[a : e + 1]) for a, e in spans) if r), ""))
    owned = any(c.dep_ == "case" for c in root.head.children)  # "the institute's Dr. Roos"
    if root.dep_ == "appos" and root.head.i < ent.start and _role_noun(root.head) and not owned:
        head = root.head
        if not relative:
            # Apposed to the object of an "of" the parser hangs it on: "The author of the book,
            # Mitchell Zuckoff," is the author, not the book.
            top = head
            while (
                top.dep_ == "pobj"
                and top.head.lower_ == "of"
                and top.head.head.pos_ == "NOUN"
                and top.lower_ not in TITLES  # "his praise of the Russian president, Vladimir V. Putin"
            ):
                top = top.head.head
            after.append(_clean_role(doc[top.left_edge.i : head.i + 1]))
    after = [r for r in after if r]
    if before and not _only_abbreviations(before):
        return before
    if not after:
        return before
    if before and len(after[0].split()) <= 3 and not _NOT_PREMODIFIER.search(after[0]):
        return f"{after[0]} {before}"  # "California Democrat Rep." before "Xavier Becerra"
    return after[0]


def _now_part(span: Span) -> int | None:
    """Where the post an apposition says the person holds now starts, after the one held
    before: "director …" of "a Clinton campaign aide during her failed 2008 run and now
    director of the Georgetown University Institute of Politics"."""
    for k in range(span.start + 2, span.end - 1):
        tok = span.doc[k]
        # Not "the troubled and now-defunct company": "now" with a space after, a word next.
        if (tok.lower_ == "now" and span.doc[k - 1].lower_ in ("and", ",", "but") and tok.whitespace_
                and span.doc[k + 1].is_alpha):
            return k + 1
    return None


_ADDRESS = frozenset({"dr", "prof", "mr", "mrs", "ms", "miss"})
_RESTRICTIVE = frozenset("only sole lone".split())


def _restrictive(span: Span) -> bool:
    """A word that picks one of a kind by what follows it: "only", "sole", "lone"."""
    return any(t.lower_ in _RESTRICTIVE for t in span)


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _subject_of_relative(ent: Span) -> bool:
    """The name is the subject of a relative clause without its "that" on the noun written
    right before it: "the private email server Hillary Clinton used", "the campaign Manafort
    was ostensibly running", "the best friend Donald J. Trump always hoped to have". The noun
    is what the clause tells of, not the person's role: a common noun with an article or
    owner of its own and no capitalised word after that, no punctuation between it and the
    name, and a finite verb after the name (past its adverbs) that is no speech verb nor a
    copula ("staffer Jake Sullivan was one of the authors"). A title
    ("the Rev. Al Sharpton"), a speaker's description ("the Kremlin spokesman Dmitry Peskov
    said") and an employer's ("the Slate technology columnist David Auerbach went") are roles."""
    doc = ent.doc
    if ent.start == 0 or ent.end >= len(doc):
        return False
    noun = doc[ent.start - 1]
    if noun.pos_ != "NOUN" or not noun.text.islower() or noun.lower_.rstrip(".") in TITLES:
        return False
    # The article or owner the noun's words follow ("the", "whatever", "Clinton's", "his");
    # not a capitalised word among them ("The Slate technology columnist David Auerbach").
    owner = noun.i - 1
    while owner >= 0 and (doc[owner].text.islower() and doc[owner].pos_ in ("ADJ", "NOUN", "ADV", "CCONJ")
                          or doc[owner].text == "-"):
        owner -= 1
    if owner < 0 or doc[owner].tag_ not in ("DT", "WDT", "PRP$", "POS"):
        return False
    k = ent.end
    while k < len(doc) and doc[k].pos_ in ("ADV", "PART") and doc[k].tag_ != "POS":
        k += 1
    if k >= len(doc) or doc[k].tag_ not in _FINITE:
        return False
    if doc[k].pos_ == "AUX" and doc[k].dep_ not in ("aux", "auxpass"):
        return False  # a copula: "Clinton's top foreign policy staffer Jake Sullivan was one of …"
    while k < len(doc) - 1 and doc[k].pos_ in ("AUX", "ADV", "PART") and doc[k].tag_ != "POS":
        k += 1
    return not is_speech_verb(doc[k])  # "the Kremlin spokesman Dmitry Peskov said" is his role


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
        w.endswith(".") and w.lower().rstrip(".") in TITLES or w.lower() in HONORIFICS for w in role.split()
    )


_DASHES = ("—", "–", "--")
_QUOTE_PAIRS = {"“": "”", "‘": "’", "«": "»"}
_QUOTE_OPENERS = frozenset({*_QUOTE_PAIRS, '"'})


def _unclosed_quote(toks: Sequence[Token]) -> bool:
    """Whether a quotation mark opened in the role is not closed in it."""
    text = "".join(t.text_with_ws for t in toks)
    if text.count('"') % 2:
        return True
    return any(text.rfind(o) > text.rfind(c) for o, c in _QUOTE_PAIRS.items())


_BRACKETS = {"(": ")", "[": "]"}


def _outside_brackets(toks: Sequence[Token]) -> list[Token]:
    """The tokens of a role without a bracket left open at its end or closed at its start
    with the words inside it: those are an aside cut in half ("(a Republican PAC"), not
    the role. A bracket opened and closed inside the role stays ("Maricopa County (Ariz.)
    Sheriff")."""
    start, opened = 0, []
    for k, t in enumerate(toks):
        for ch in t.text:
            if ch in _BRACKETS:
                opened.append((ch, k))
            elif ch in _BRACKETS.values():
                if opened and _BRACKETS[opened[-1][0]] == ch:
                    opened.pop()
                else:
                    start, opened = k + 1, []
    end = opened[0][1] if opened else len(toks)
    return list(toks[start:end])


# Verbs that open a sentence before a name as an order to the reader, which the tagger may read
# as part of the name's title: "Recall Sen. John McCain damaging his reputation …".
_IMPERATIVES = frozenset("recall remember consider meet take imagine watch listen enter ask thank blame forget".split())


def _trim_role(toks: Sequence[Token]) -> list[Token]:
    """Without leading articles, punctuation and forms of address, nor trailing punctuation
    or prepositions."""
    toks = list(toks)
    while toks and (
        toks[0].dep_ in ("det", "punct", "cc")
        or toks[0].lower_ in ("mr.", "mrs.", "ms.", "mr", "ms", "mrs")
        or (toks[0].is_sent_start and toks[0].lower_ in _IMPERATIVES)  # "Recall Sen. John McCain …"
    ):
        toks = toks[1:]
    while toks and (toks[-1].dep_ in ("punct", "case", "cc") or toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    return toks


def _clean_role(span: Span) -> str:
    toks = list(span)
    # A dateline before a dash is not part of the role ("NEW YORK - Republican presidential
    # candidate Donald Trump", or the wires' "WASHINGTON _ Sen. …"); a hyphen inside a word
    # ("Charlotte-Mecklenburg") is.
    for k in range(len(toks) - 1, 0, -1):
        if toks[k].text in _DASHES or (toks[k].text in ("-", "_") and toks[k - 1].whitespace_):
            toks = toks[k + 1 :]
            break
    toks = _trim_role(toks)
    # Trimming takes the closing bracket of an aside the role ends with: the role is what
    # comes before it ("chairman of America Rising (a Republican PAC" → "chairman of America
    # Rising"), as it is what comes after a bracket the span opens inside ("Ariz.) Sheriff").
    toks = _trim_role(_outside_brackets(toks))
    if not toks or _words(toks) > ROLE_WORDS:
        return ""
    if _unclosed_quote(toks):
        return ""  # cut inside a title ("star of cult classic “Thelma and Louise")
    if any(t.pos_ in ("VERB", "AUX", "NUM", "PRON") or t.ent_type_ in ("DATE", "TIME", "CARDINAL") for t in toks):
        return ""
    if not any(t.pos_ in ("NOUN", "PROPN") for t in toks):
        return ""
    if all(len(t.text) == 1 or t.is_punct for t in toks):
        return ""  # "D", "I": a party letter
    titled = any(t.lower_ in TITLES for t in toks)
    if all(t.ent_type_ == "PERSON" for t in toks) and not titled:
        return ""
    if all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in toks):
        return ""  # a place ("CLEVELAND") is where, not who
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    if heads and heads[-1].tag_ in ("NNS", "NNPS") and not titled:
        return ""  # "rivals Donald Trump and Ted Cruz", "native sons John Kasich and Rubio": a group
    if heads and heads[0].ent_type_ == "PERSON" and not titled:
        return ""  # other people ("Jeff Bezos at Amazon, Mark Zuckerberg at Facebook and …")
    role = doc_text(span.doc)[toks[0].idx : toks[-1].idx + len(toks[-1].text)]
    return "" if _PARTY_STATE.match(role) else role


ROLE_WORDS = 8  # a role's most words, a name in it counted once


def _words(toks: Sequence[Token]) -> int:
    """Words of a role, each name in it one word: "president and chief executive of Concerned
    Women for America" and "the chairman of the Rockingham County GOP in New Hampshire" are
    roles as short as "chief executive of Kestrel Air"."""
    return sum(1 for k, t in enumerate(toks) if k == 0 or t.ent_iob_ != "I")


# "R-Pa.", "D-N.Y.", "I-Vt": a party and a state after a lawmaker's name, not a role.
_PARTY_STATE = re.compile(r"[DRI]\s?-\s?[A-Z][A-Za-z.]*\.?$")


def _entity_at(doc: Doc, tok: Token, known: Sequence[Span] = ()) -> Span | None:
    """The entity ``tok`` is in; a known person's mention (:func:`.people._known_mentions`) first."""
    for span in known:
        if span.start <= tok.i < span.end:
            return span
    if tok.ent_iob_ == "O":
        return None
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _indexed_mention(ctx: Context, tok: Token) -> Span | None:
    """A word the tagger took for no name at all that the people index counts as a person's
    mention (:func:`.people._surname_mentions`): "Donald Trump was in Ohio on Monday. Trump
    shot back in a statement", where the small model reads the second "Trump" as a common
    noun (the card-game word), yet the parser makes it the subject. It is that person, not
    a role "Trump"; only where the reporter names them in full (a surname seen only in a
    quote, "Ask Rosie O’Donnell", is left to :func:`_bare_surname`)."""
    if tok.ent_iob_ != "O" or tok.pos_ == "PROPN":
        return None
    from spacy.tokens import Span

    for p in ctx.persons:
        if p.ent.start <= tok.i < p.ent.end:
            if len(name_words(full_name(ctx, p.name, p.start))) < 2:
                return None
            return Span(ctx.doc, p.ent.start, p.ent.end, label="PERSON")
    return None


@dataclass(slots=True)
class Speaker:
    name: str = ""
    role: str = ""
    start: int = -1
    end: int = -1


def resolve(ctx: Context, tok: Token, quote: MarkedSpan | None = None) -> Speaker:
    """Speaker mention token → full name and role. ``quote``: the quote the mention
    attributes; a "he"/"she" is none of the people it names (:func:`_named_in_quote`)."""
    doc = ctx.doc
    # "the spokesman, Dmitry Peskov," — prefer the apposed name. A name before the noun
    # only qualifies it: "one Clinton aide", "a 2008 Clinton veteran" is not Clinton.
    if _role_noun(tok):
        for child in tok.children:
            if child.dep_ in ("appos", "compound") and child.i > tok.i and _a_persons_word(ctx, child):
                tok = child
                break
    ent = _entity_at(doc, tok, ctx.known) or _indexed_mention(ctx, tok)
    lower = tok.lower_
    # "Russia's foreign ministry said": a word in lower case the tagger calls a proper noun
    # names no one; it is a description, as a common noun is.
    lowered = ent is None and tok.pos_ == "PROPN" and not tok.text[:1].isupper()
    title = ent is None and (lowered or _title_in_capitals(tok))
    if ent is not None and ent.label_ == "PERSON" or (ent is None and tok.pos_ == "PROPN" and not title):
        if ent is not None:
            span_s, span_e = ent.start_char, ent.end_char
            raw = ent.text
        else:
            lo, hi = propn_chain(tok)
            span_s, span_e = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)
            raw = doc_text(doc)[span_s:span_e]
        name = full_name(ctx, norm_name(raw), span_s)
        role = ctx.roles.get(name, "")
        if not role and ent is not None:
            role = _role_of(ent)
        return Speaker(name, role, span_s, span_e)
    if ent is not None and ent.label_ in NOT_NAMES:
        # "Only 52 percent of registered voters agreed that …": a share of a poll, no speaker.
        return Speaker("", "", ent.start_char, ent.end_char)
    if ent is not None and ent.label_ == "NORP" and any(c.dep_ in ("det", "nummod") for c in tok.children):
        # "one senior Democrat", "a Republican": someone of the group, not a name.
        phrase = doc_text(doc)[tok.left_edge.idx : tok.idx + len(tok.text)]
        return Speaker("", phrase, tok.left_edge.idx, tok.idx + len(tok.text))
    if ent is not None:  # an organisation, country or group speaks
        name = norm_name(ent.text)
        full = full_name(ctx, name, ent.start_char)
        if full != name and surname(full) == name and one_bearer(ctx, name):
            # A surname the tagger took for a place or group ("said Adeyemi" as GPE) after
            # the article named that person in full.
            return Speaker(full, ctx.roles.get(full, ""), ent.start_char, ent.end_char)
        return Speaker(name, "", ent.start_char, ent.end_char)
    start, end = tok.idx, tok.idx + len(tok.text)
    bare = _bare_surname(ctx, tok)
    if bare:
        return Speaker(bare, ctx.roles.get(bare, ""), start, end)
    if lower in ("he", "she"):
        want = "m" if lower == "he" else "f"
        unnamed = _unnamed_speaker_before(ctx, tok, want)
        if unnamed is not None:
            return Speaker("", unnamed, start, end)
        exclude, avoid = _named_in_clause(ctx, tok), _named_in_quote(ctx, quote)
        p = _antecedent(ctx, start, want, exclude=exclude, avoid=avoid)
        if p is None:
            return Speaker("", "", start, end)
        full = full_name(ctx, p.name, p.start)
        return Speaker(full, ctx.roles.get(full, ""), start, end)
    if tok.pos_ == "NOUN" or title:
        left = tok.left_edge.i
        phrase_toks = [t for t in doc[left : tok.i + 1]]
        phrase = doc_text(doc)[phrase_toks[0].idx : end]
        definite = any(t.lower_ in ("the", "this", "that") for t in phrase_toks if t.dep_ == "det")
        if definite:
            head = tok.lemma_.lower() or tok.lower_
            former = _is_former(phrase)
            # The person whose role has every word that qualifies the noun ("the vice
            # president" is Vice President Biden, not the President Obama named after him),
            # else one whose role lacks only words that say no other title or party: "the
            # two-term president" may be President Obama, but "the Florida senator" is not Sen.
            # Joni Ernst of Iowa, "the vice president" no President, "the Republican nominee"
            # no "Democratic vice presidential nominee".
            modifiers = _modifier_words(phrase_toks, tok)
            propn = [t for t in phrase_toks if t.pos_ == "PROPN" and t.i != tok.i]
            names = {w for t in propn for w in _word_set(t.lower_)}
            must = modifiers & (names | _TITLE_WORDS)
            parties = modifiers & _PARTIES
            # The people named before it whose role has the noun, latest first, with their
            # role's words.
            held: list[tuple[str, frozenset[str]]] = []
            for p in reversed(ctx.persons):
                if p.start >= start:
                    continue
                full = full_name(ctx, p.name, p.start)
                role = _role_words(ctx.roles.get(full, ""))
                # "the governor" is not "the former New Jersey governor" (though "the former
                # president" may be the "President Bush" of an earlier line).
                if head in role and (former or not _is_former(role)):
                    held.append((full, _word_set(role)))
            whole = next((full for full, words in held if modifiers <= words), None)
            fitting = [full for full, words in held
                       if must <= words and not (parties and words & _PARTIES and not parties & words)]
            fits = whole or next(iter(fitting), None)
            # The subject of the sentence that leads into the quote, if the description fits
            # them as well, and their role is no other title ("Vice President" is not "the
            # president").
            apt = [full for full, words in held if full in fitting and not (words - modifiers) & _SUB_TITLES]
            subject = _lead_subject(ctx, tok, quote, phrase_toks, {full for full, _ in held}, apt)
            if subject:
                # A description of more than its noun is their role ("Senate minority leader").
                role = ctx.roles.get(subject) or (_clean_role(doc[left : tok.i + 1]) if modifiers else "")
                return Speaker(subject, role, start, end)
            if fits:
                return Speaker(fits, ctx.roles[fits], start, end)
        role = _clean_role(doc[left : tok.i + 1])
        return Speaker("", role or phrase, phrase_toks[0].idx, end)
    return Speaker("", "", start, end)


# Nouns for someone who speaks for others or is a source without a name, with the gender
# some of them say; an unnamed one of them is whom the next "he"/"she" means.
_UNNAMED_SPEAKERS = {
    "spokesman": "m", "spokeswoman": "f", "spokesperson": "", "official": "", "aide": "", "adviser": "",
    "advisor": "", "source": "", "staffer": "", "strategist": "", "lawyer": "", "attorney": "",
    "officer": "", "witness": "", "resident": "", "man": "m", "woman": "f",
}


def _unnamed_speaker_before(ctx: Context, pronoun: Token, want: str) -> str | None:
    """The description of the unnamed person a "he"/"she" goes on from: "A Downing Street
    spokesman said: ‘…’ He added: ‘…’" is the spokesman's, not the last person named before
    him. Only an indefinite speaker ("a spokesman", "one official"), subject of a speech verb
    whose own sentence quotes them, in the pronoun's sentence or the one before; not when the
    description names someone ("a lawyer for Kevin Spacey", "a source close to Mourinho"),
    nor when a person is named, or another "he"/"she" written, between it and the pronoun
    ("A spokesman said he had lost patience. He told the players …" may be the manager).
    None when there is none (a definite "the spokesman" may be someone named earlier)."""
    doc = ctx.doc
    k = ctx.sent_index(pronoun.idx)
    lo = ctx.sents[max(0, k - 1)][0]
    span = doc.char_span(lo, pronoun.idx, alignment_mode="contract")
    if span is None:
        return None
    for tok in reversed(span):
        gender = _UNNAMED_SPEAKERS.get(tok.lemma_.lower())
        if (
            gender is None
            or ctx.in_quote(tok.idx)
            or tok.dep_ not in ("nsubj", "nsubjpass")
            or tok.tag_ != "NN"
            or not is_speech_verb(tok.head)
            or not any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another") for c in tok.children)
        ):
            continue
        if gender not in ("", want):
            return None
        if any(c.dep_ == "appos" for c in tok.children):
            return None  # "a spokesman, Rick Tyler," has a name
        between = doc[tok.left_edge.i : pronoun.i]
        if any((t.ent_type_ == "PERSON" or t.lower_ in ("he", "she", "him", "her")) and not ctx.in_quote(t.idx)
               for t in between):
            return None
        if any(p.ent.start >= tok.left_edge.i and p.start < pronoun.idx and not ctx.in_quote(p.start)
               for p in ctx.persons):
            return None
        lo_s, hi_s = ctx.sents[ctx.sent_index(tok.idx)]
        if not any(lo_s <= q.open_at < hi_s for q in ctx.spans):
            return None  # "A spokesman said the meeting had been constructive": not quoted
        return _clean_role(doc[tok.left_edge.i : tok.i + 1]) or doc_text(doc)[tok.left_edge.idx : tok.idx + len(tok.text)]
    return None


def _bare_surname(ctx: Context, tok: Token) -> str:
    """A surname alone that the tagger took for a common noun ("O’Donnell said", "Hannity
    asked") where the article writes it after a first name ("Brett O’Donnell", "Fox News’
    Sean Hannity", which the tagger may call an organisation): that person's name, else "". A
    first name written only inside quote marks is someone a speaker talks about: it neither
    names the surname nor makes it ambiguous ("Ask Rosie O’Donnell").
    Only a capitalised word no dictionary knows and the article never writes in lower case,
    with nothing before it ("Officials", "the Texan" are no one's name)."""
    word = tok.text
    if tok.pos_ != "NOUN" or not surname_form(tok):
        return ""
    if any(c.i < tok.i and c.dep_ not in ("punct",) for c in tok.children):
        return ""
    if any(t.lower_ == tok.lower_ and not t.text[:1].isupper() for t in ctx.doc):
        return ""
    full = full_name(ctx, word, tok.idx)
    if full != word:
        return full
    first = lone_first_name(ctx, word)
    return f"{first} {word}" if first else ""


_ABBREVIATED = {"gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
                "lt": "lieutenant", "col": "colonel", "capt": "captain", "adm": "admiral", "sgt": "sergeant"}


def _role_words(role: str) -> str:
    """The role in lower case with its abbreviations written out ("N.J. Gov." → "n.j. governor")."""
    return " ".join(_ABBREVIATED.get(w.rstrip("."), w) for w in role.lower().split())


# Words of a speaking noun's phrase that do not narrow whom it means: "the former president"
# may be the "President Bush" of an earlier line.
_NOT_MODIFIERS = frozenset({"former", "ex", "then", "'s", "’s"})

# The nouns a definite description may use for the person a report is about ("the senator",
# "the Senate minority leader", "the nominee"), not those of someone else near them ("the
# spokesman", "the aide", "the official").
_PRINCIPALS = frozenset(
    """senator governor congressman congresswoman representative lawmaker candidate nominee mayor
    leader president secretary chairman chairwoman businessman businesswoman billionaire mogul
    frontrunner justice judge minister""".split()
)


def _lead_subject(
    ctx: Context, noun: Token, quote: MarkedSpan | None, phrase: Sequence[Token], held: set[str], fitting: list[str]
) -> str:
    """The person a definite description ("the senator", "the Senate minority leader"; its
    ``noun`` and its words ``phrase``) stands for when the sentence that leads into its quote is
    about them: the subject of its main verb, in the quote's own sentence or the one before.
    "Cruz defends his bona fides in a commercial: “…,” the senator says" is Cruz, not the Sen.
    John McCain named paragraphs before; "Harry M. Reid blasted Rubio … “…,” the Senate minority
    leader said" is Reid. ``held``: the people named before whose role has the noun;
    ``fitting``: those of them the description's other words fit.

    A subject who holds the noun is taken only if the description fits them; one whose role
    lacks it is someone else. One with no known role is taken only for a singular noun of
    ``_PRINCIPALS`` that names no place or group it could contradict ("the Florida senator"),
    and only where the text leaves no other reading:
    - in the quote's own lead-in ("Cruz defends …: “…,” the senator says"), when that sentence
      names no one else or the description says more than its noun;
    - in the sentence before, when no one named before holds the noun and the description says
      more than its noun ("the Senate minority leader"): after "Donald Trump attacked Ted Cruz."
      or "Jane Smith covered the trial.", a bare "the senator" or "the judge" may be anyone.
    "" when no such subject."""
    if noun.tag_ in ("NNS", "NNPS"):
        return ""  # "the senators said": more than the one subject
    start, head = noun.idx, noun.lemma_.lower() or noun.lower_
    anchor = start
    if quote is not None:
        anchor = min([s.open_at for s in ctx.spans if s.group == quote.group] + [quote.open_at, start])
    own = ctx.sent_index(anchor)
    named = [p for p in ctx.persons if p.start < start and not ctx.in_quote(p.start)]
    if not named or ctx.sent_index(named[-1].start) < own - 1:
        return ""
    sent = ctx.sent_index(named[-1].start)
    here = [p for p in named if ctx.sent_index(p.start) == sent]
    subject = next((p for p in here if p.ent.label_ == "PERSON" and _main_subject(ctx, p, noun)), None)
    if subject is None:
        return ""
    full = full_name(ctx, subject.name, subject.start)
    if full in held:
        return full if full in fitting else ""
    if ctx.roles.get(full) or head not in _PRINCIPALS:
        return ""
    if any(t.ent_type_ in ("GPE", "NORP", "LOC") for t in phrase):
        return ""
    gender = gender_of(ctx, full)
    if gender and head.endswith(("man", "woman")) and gender != ("f" if head.endswith("woman") else "m"):
        return ""  # "the congresswoman" is no man ("congresswoman" ends in "man" too)
    described = bool(_modifier_words(phrase, noun))
    if sent == own:
        others = {full_name(ctx, p.name, p.start) for p in here} - {full}
        return full if described or not others else ""
    return full if described and not held else ""


def _main_subject(ctx: Context, person: Person, noun: Token) -> bool:
    """A name that is (or is apposed to) the subject of its sentence's main verb, or of the
    clause the parser hangs on the description's own verb when a quote stands between them
    ("Cruz defends …: “…,” the senator says"); without one, that clause is what was said, and
    its subject whom it was said of ("Mr. Trump is so reckless, the vice president said")."""
    root = person.ent.root
    while root.dep_ == "appos" and root.head.i != root.i:
        root = root.head
    if root.dep_ not in _SUBJECTS:
        return False
    verb = root.head
    # Up through the clauses the parser hangs there, the quote's own among them ("Nancy Pelosi
    # blasted the bill: “We have …,” the congresswoman said": "blasted" under "have" under "said").
    path = [verb]
    while len(path) <= 3 and path[-1].dep_ in ("ccomp", "parataxis") and path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    if any(v.i == noun.head.i for v in path[1:]):
        if not any(person.start < s.open_at < noun.idx for s in ctx.spans):
            return False
        verb = noun.head
    return _depth(verb) == 0


# Words before a title's noun that make it another title ("vice president", "deputy
# director", "attorney general"): the person's role must have them. A party it names
# (:data:`_PARTIES`) must not be other than the role's.
_SUB_TITLES = frozenset("vice deputy assistant associate lieutenant acting interim".split())  # another post
_TITLE_WORDS = frozenset({w.rstrip(".") for w in TITLES}) | _SUB_TITLES
_PARTIES = frozenset("republican democratic democrat gop libertarian".split())


def _modifier_words(phrase: Sequence[Token], head: Token) -> frozenset[str]:
    """The words before a definite speaking noun that say which one it is ("the *vice*
    president", "the *Florida* senator", "the *campaign's* spokesman"), abbreviations written
    out; not its article, punctuation, a possessive's "'s" or "former"."""
    words = set()
    for t in phrase:
        if t.i == head.i or t.is_punct or t.is_space or t.dep_ in ("det", "predet", "case", "cc"):
            continue
        words |= _word_set(t.text.lower()) - _NOT_MODIFIERS
    return frozenset(words)


def _word_set(role: str) -> frozenset[str]:
    """The words of a lower-case role, without punctuation, hyphenated words also split
    ("ex-governor", "n.j." stays whole), abbreviations written out."""
    out = set()
    for w in re.split(r"[\s/]+", role):
        w = w.strip(".,;:()\"'“”‘’")
        w = re.sub(r"(?:'s|’s)$", "", w)
        if not w:
            continue
        w = _ABBREVIATED.get(w, w)
        out.add(w)
        out.update(x for x in w.split("-") if x)
    return frozenset(out)


def _is_former(role: str) -> bool:
    return re.search(r"\b(?:former|ex-)", role, re.IGNORECASE) is not None


# A name the pronoun's verb takes as an argument, or its complement clause does.
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj", "attr", "oprd"})
_ARGUMENT_PATH = _ARGUMENTS | {"ccomp", "xcomp", "prep", "conj", "appos"}


def _named_in_clause(ctx: Context, pronoun: Token, objects_only: bool = False) -> frozenset[str]:
    """The people a "he"/"she" subject cannot stand for: those its own verb or that verb's
    complement names after it ("He insisted Curiel had “an inherent conflict of interest”",
    "“…,” he said of Trump and Ryan"). A name before it may well be the one ("Rhimes declared
    …: “…,” she said"). A name that only qualifies a noun ("the Carson
    campaign", "Trump's temperament"), or sits in a clause of its own ("he said after
    prosecutors read the facts Lazar admitted") or in parentheses, may still be the one.
    ``objects_only``: not the subject of a clause the verb goes on to ("He admits …, but
    Prager thinks …" may well be Prager), only whom it addresses or names as an object."""
    verb = pronoun.head
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return frozenset()
    out = set()
    # A phrase before the pronoun whose verb has no subject of its own has the pronoun's: the
    # people it names are whom the pronoun's person met, was asked about or was moved by
    # ("Asked about her own vote in the event that Clinton faces Trump, she replied",
    # "Dismayed by … Bill Clinton's years and inspired by Sanders's agenda, he's committed …").
    for phrase in _subjectless_adjuncts(verb, pronoun):
        for p in ctx.persons:
            if phrase.left_edge.i <= p.ent.root.i <= phrase.right_edge.i and not ctx.in_quote(p.start):
                out.add(full_name(ctx, p.name, p.start))
    for p in ctx.persons:
        root = p.ent.root
        if root.i <= pronoun.i or root.sent.start != pronoun.sent.start or ctx.in_quote(p.start):
            continue
        node = root
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ not in _ARGUMENTS or objects_only and node.dep_ in _SUBJECTS:
            continue
        while node.i != verb.i and node.dep_ in _ARGUMENT_PATH and node.head.i != node.i:
            node = node.head
        between = ctx.text[min(pronoun.idx, p.start) : max(pronoun.idx, p.start)]
        if node.i == verb.i and between.count("(") == between.count(")"):
            out.add(full_name(ctx, p.name, p.start))
    return frozenset(out)


def _subjectless_adjuncts(verb: Token, pronoun: Token) -> list[Token]:
    """The phrases before ``pronoun`` that hang on its ``verb`` and whose own verb is a
    participle with no subject: "Asked about …", "Dismayed by …", "After meeting with …"."""
    out = []
    for child in verb.children:
        if child.i >= pronoun.i:
            continue
        head = child
        if child.dep_ == "prep":
            head = next((g for g in child.children if g.dep_ == "pcomp"), None)
            if head is None:
                continue
        elif child.dep_ != "advcl":
            continue
        if head.tag_ not in ("VBN", "VBG") or any(c.dep_ in _SUBJECTS or c.dep_ == "expl" for c in head.children):
            continue
        out.append(child)
    return out


_INNER_QUOTE = re.compile(r"(?<!\w)[‘'][^‘’'\n]*[’'](?!\w)")


def _named_in_quote(ctx: Context, quote: MarkedSpan | None) -> frozenset[str]:
    """The people a quote names: not whom its "he"/"she said" stands for (unless the sentence
    the pronoun looks back to is theirs, :func:`_antecedent`), as people rarely speak of
    themselves by name ("“But you’re not going to beat Hillary Clinton …,” she said"
    is not Clinton's). A surname or first name alone names every person the article gives it."""
    if quote is None:
        return frozenset()
    lo, hi = quote.open_at, quote.close_end
    # Not a name in a quote inside it, which someone else says: "“He always whispered in my
    # ear, ‘Billie Jean King, you are the Queen,’” she said" is King's.
    inner = [m.span() for m in _INNER_QUOTE.finditer(ctx.text, lo + 1, max(lo + 1, hi - 1))]
    spans = [*(e for e in ctx.doc.ents if e.label_ == "PERSON"), *ctx.known]
    names = [
        norm_name(e.text)
        for e in spans
        if lo <= e.start_char < hi and not any(a <= e.start_char < b for a, b in inner)
    ]
    out = set()
    for name in filter(None, names):
        words = name_words(name)
        for p in ctx.persons:
            full = full_name(ctx, p.name, p.start)
            pw = name_words(full)
            if full == name or len(words) == 1 and words[0] in (pw[0], pw[-1]) or (
                len(words) > 1 and (words[0], words[-1]) == (pw[0], pw[-1])
            ):
                out.add(full)
    return frozenset(out)


def _antecedent(
    ctx: Context,
    before: int,
    want: str,
    hops: int = 0,
    exclude: frozenset[str] = frozenset(),
    avoid: frozenset[str] = frozenset(),
) -> Person | None:
    """The person a "he"/"she" at ``before`` stands for: in the last sentence before it that
    names a person of a fitting gender, the one that sentence is about — the subject of its
    highest verb ("But if Carson implied …, he did not follow Reagan’s dictum. He said …":
    Carson, not Reagan, whose name only qualifies a noun; "Christie, who has campaigned for
    Donald Trump, blasted Clinton. “…,” he said": Christie) — else the last one named.

    When that subject is itself a "she" ("Walz approaches it diplomatically. She said she'd
    rather elect Hillary Clinton … “…,” she said"), the sentence is still about the person
    that earlier pronoun stands for: Walz, not Clinton. A person whose gender nothing shows
    is taken when they are the subject of the main verb, the sentence names no one else
    who could be meant, or they are the one the article is about ("According to Ham, …
    disagreed with Obama’s policies. “…,” he said": Ham, whom the article is about, not
    the Obama whose name qualifies a noun); otherwise, between two people who could both
    be "she", no speaker is better than a guess."""
    fits = [
        p
        for p in ctx.persons
        if p.start < before
        and gender_of(ctx, full_name(ctx, p.name, p.start)) in ("", want)
        and full_name(ctx, p.name, p.start) not in exclude
        and not _aside(ctx, p.start)
    ]
    if not fits:
        return None
    sent = ctx.sent_index(fits[-1].start)
    here = [p for p in fits if ctx.sent_index(p.start) == sent]
    # Subjects, named ("Carson implied") or in apposition to one ("Trump's attorney, Alan
    # Garten, said"), and the wanted pronoun as a subject ("She said she'd …").
    subjects: list[tuple[Token, Person | None]] = []
    for p in here:
        root = p.ent.root
        # An apposition to an apposition to the subject is the subject too: "The other man, his
        # cousin James York, 40, cited Mr. Trump's fondness for President Vladimir V. Putin".
        top = root
        while top.dep_ == "appos" and top.head.i != top.i:
            top = top.head
        if top.dep_ in _SUBJECTS:
            root = top
        if ctx.in_quote(p.start):
            continue
        if root.dep_ in _SUBJECTS:
            subjects.append((root, p))
        elif root.dep_ == "pobj" and root.head.dep_ == "agent" and not _person_subject(root.head.head):
            # "Clinton's position was supported by Sen. Dianne Feinstein": she did it; but
            # "Rubio was asked by moderator Gerard Baker" is about Rubio.
            subjects.append((root.head, p))
        for clause in root.children:
            who = _relative_subject(clause) if clause.dep_ == "relcl" else None
            if who is not None:
                subjects.append((who, p))  # "Feinstein, who said none …"
                break
    lo, hi = ctx.sents[sent]
    pronoun = "he" if want == "m" else "she"
    for tok in ctx.doc.char_span(lo, min(hi, before), alignment_mode="contract") or []:
        if tok.lower_ == pronoun and tok.dep_ in _SUBJECTS and not ctx.in_quote(tok.idx):
            subjects.append((tok, None))
    main_subject = main_verb = False
    if subjects:
        tok, found = min(subjects, key=lambda s: (_clause_depth(s[0].head), -s[0].i))
        if found is None:  # the same "she" as before: whom that one stands for, not whom
            # its own verb names ("“…,” he told Hannity. “…,” he said" is not Hannity's)
            earlier = exclude | _named_in_clause(ctx, tok, objects_only=True)
            return _antecedent(ctx, tok.idx, want, hops + 1, earlier, avoid) if hops < 5 else None
        rivals = {full_name(ctx, p.name, p.start) for _, p in subjects if p is not None and p is not found}
        # The subject of the main verb, or the only person who is a subject at all ("if
        # Carson implied that he would not criticize Cruz, he …"): the one the sentence is about.
        main_verb = _clause_depth(tok.head) == 0
        main_subject = main_verb or not rivals - {full_name(ctx, found.name, found.start)}
        if not main_verb and _agent_in_clause(tok):
            # "Taylor Swift's albums were released through Big Machine, which was bought by a
            # company owned by Scooter Braun. … she described this as …": the one who did it in
            # a clause inside the sentence is no more whom it is about than the person the
            # article is about, when both are named there.
            about = _about(ctx, here, before)
            if about is not None and about.name != found.name and gender_of(
                ctx, full_name(ctx, found.name, found.start)
            ) != want:
                main_subject = False
    else:
        described = _described_subject(ctx, lo, min(hi, before), want)
        if described is not None and hops < 5 and all(_main_argument(p, described.head) for p in here):
            # "In a conversation with HuffPost Live’s Alyona Minkovski …, the actor discussed …",
            # "The Wisconsin Republican did give Trump some credit …": the sentence is about the
            # one its description stands for, not whom its main verb names as an object; the
            # description stands for someone named before it.
            named_here = {full_name(ctx, p.name, p.start) for p in here}
            return _antecedent(ctx, described.idx, want, hops + 1, exclude | named_here, avoid)
        # A name that only qualifies a noun ("second-guess Comey’s recommendation") is not
        # whom the sentence is about while it names someone else.
        here = [p for p in here if not _qualifies_noun(p.ent.root)] or here
        found = _about(ctx, here, before) or here[-1]
    full = full_name(ctx, found.name, found.start)
    if full in avoid and not main_verb:
        # A person the quote names, unless the sentence is about them: "Sanders is outlining
        # his proposals. He says … “… it's not Bernie Sanders.”" is his.
        return _antecedent(ctx, before, want, hops, exclude | {full}, avoid)
    if gender_of(ctx, full) == want or main_subject:
        return found
    others = {full_name(ctx, p.name, p.start) for p in here} - {full}
    if others:
        about = _about(ctx, here, before)
        named = full_name(ctx, about.name, about.start) if about is not None else ""
        if named in avoid:
            return _antecedent(ctx, before, want, hops, exclude | {named}, avoid)
        return about
    # The only one it can be: the pronoun shows the gender for later ones ("Deja Stewart
    # called him a savage grandpa. “Savage,” she said, meaning he …": Stewart is no "he").
    ctx.pronoun_genders.setdefault(full, want)
    return found


_SUBJECTS = ("nsubj", "nsubjpass")


def _aside(ctx: Context, pos: int) -> bool:
    """``pos`` is in a sentence written wholly in brackets, an aside the story goes on past:
    "(Subscribe to POLITICO's Off Message podcast with Glenn Thrush.)" names no one a "she"
    after it stands for."""
    lo, hi = ctx.sents[ctx.sent_index(pos)]
    sent = ctx.text[lo:hi].strip()
    return sent.startswith(("(", "[")) and sent.rstrip(".").endswith((")", "]")) and "\n" not in sent


def _agent_in_clause(tok: Token) -> bool:
    """The "by" of a passive participle or relative clause: "a company owned by X"."""
    return tok.dep_ == "agent" and tok.head.dep_ in ("acl", "relcl")


def _relative_subject(clause: Token) -> Token | None:
    """The "who" subject of a relative clause ("Feinstein, who said …"), if it has one."""
    return next((c for c in clause.children if c.dep_ in _SUBJECTS and c.lower_ == "who"), None)


def _person_subject(verb: Token) -> bool:
    """The verb's subject is a name: "Rubio was asked by …"."""
    return any(c.dep_ in _SUBJECTS and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON") for c in verb.children)


def _qualifies_noun(root: Token) -> bool:
    """A name that is a possessive or a modifier of a noun: "Comey’s recommendation", "the
    Clinton campaign"."""
    return root.dep_ in ("poss", "compound") and root.head.pos_ == "NOUN"


def _about(ctx: Context, here: list[Person], before: int) -> Person | None:
    """The one of ``here`` the article is about: named more often before ``before`` than
    anyone else."""
    counts: dict[str, int] = {}
    for p in ctx.persons:
        if p.start < before:
            full = full_name(ctx, p.name, p.start)
            counts[full] = counts.get(full, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    top = ranked[0]
    if top < 2 or (len(ranked) > 1 and ranked[1] == top):
        return None
    return next((p for p in reversed(here) if counts.get(full_name(ctx, p.name, p.start)) == top), None)


def _clause_depth(verb: Token) -> int:
    """How deep a verb's clause is, a speech verb set off inside its sentence's main clause
    counted as that clause: "Trump, Sexton said, has created a …" is Sexton's report, and a
    "he said" after it is Sexton's (the parser hangs "said" on "created" as a parataxis)."""
    if verb.dep_ == "parataxis" and verb.head.head.i == verb.head.i and is_speech_verb(verb):
        return 0
    return _depth(verb)


# Nouns that describe a person ("the actor", "the Wisconsin Republican"): a description that is
# the subject of a sentence's main verb is whom that sentence is about.
_PERSON_NOUNS = _PRINCIPALS | _PERSON_WORDS | _RELATION_TITLES | PERSON_NOUNS


def _main_argument(person: Person, verb: Token) -> bool:
    """The name is an object of ``verb``'s own clause, or of a phrase in it ("gave Trump some
    credit", "in a conversation with Minkovski"), so not whom the clause's subject is: not in a
    clause with a subject of its own ("While the operators who had been dismissive of Bob left,
    the base chief stayed"), a relative clause, an apposition or a naming ("a resident named
    Caroline", "identified herself as …"), any of which may be the subject's own name."""
    node = person.ent.root
    while node.i != verb.i:
        if node.lower_ in ("as", "named", "called") or node.dep_ in ("relcl", "acl", "appos", "attr", "oprd"):
            return False
        if node.i != person.ent.root.i and any(c.dep_ in _SUBJECTS for c in node.children):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _described_subject(ctx: Context, lo: int, hi: int, want: str) -> Token | None:
    """The subject of the main verb of the sentence in ``lo``..``hi`` when it is a definite
    description of one person ("the actor", "The Wisconsin Republican") rather than a name or a
    pronoun, outside quote marks, of no other gender than ``want`` ("the actress" is no "he")."""
    span = ctx.doc.char_span(lo, hi, alignment_mode="contract")
    for tok in span or []:
        if tok.dep_ not in _SUBJECTS or _clause_depth(tok.head) != 0 or ctx.in_quote(tok.idx):
            continue
        if tok.tag_ not in ("NN", "NNP") or tok.ent_type_ not in ("", "NORP"):
            continue
        if tok.pos_ == "PROPN" and tok.ent_type_ != "NORP":
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            continue
        lemma = tok.lemma_.lower() or tok.lower_
        if lemma not in _PERSON_NOUNS and tok.lower_ not in _PERSON_NOUNS:
            continue
        if any(c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" for c in tok.children):
            continue  # "the actor John Leguizamo": the name is the subject's, found as such
        female = lemma.endswith(("woman", "ess")) or lemma in ("wife", "mother", "daughter", "sister", "widow")
        male = lemma.endswith("man") and not lemma.endswith("woman") or lemma in (
            "husband", "father", "son", "brother", "widower")
        if want == "m" and female or want == "f" and male:
            return None
        return tok
    return None


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
    names = [t for t in words if t.lower_ not in TITLES]
    return bool(names) and all(
        t.text[:1].isupper() and (t.ent_type_ == "PERSON" or t.lower_ in FEMALE_NAMES or t.lower_ in MALE_NAMES)
        for t in names
    ) and all(t.text[:1].isupper() for t in words)
