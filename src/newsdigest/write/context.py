"""Whether a source sentence can be told away from its own article's context.

A digest tells a sentence away from the one before it in its article. Two questions decide
where a sentence may go:

- ``leans_on_context``: it needs its source's sentence before it — an opening pronoun or
  connective (``PRONOUN_START``, ``refers_back``: "At a rally in Portsmouth, N.H., he knocked
  Cruz …", "these delegates must vote …", "…, he said"), "the state" it does not name
  (``unnamed_place``), a share with no group or poll, a poll's figures from "the poll" or
  "the voters surveyed" it does not name (``_unnamed_poll``). ``units`` tells such a sentence
  only right after the one it leans on.
- ``context_bound``: in a story of several articles, its subject only its own article
  introduced ("The tweet was a not-so-subtle dig …", "The Ohio governor said …"), so it is
  not told at all; ``candidates.prepare`` sets it aside (counted as ``needs_context``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..quotes.people import dictionary_words_of
from .quoting import outside_quotes
from .text import DAYS_AND_MONTHS, STOP, US_STATES
from .verbs import has_irregular_past

if TYPE_CHECKING:
    from .candidates import Sent

# Openers that lean on the sentence before: pronouns, connectives that answer it ("Nor is
# there …", "Neither are …", "Similarly, …"), the steps of a list ("First, …", "Finally, …"),
# a noun that names what was just said ("The implication, according to …") and the rest of
# a group or a list ("As for the others, …", "The second is that …").
PRONOUN_START = re.compile(
    r"^(He|She|They|It|This|These|Those|His|Her|Their|Its|That|Such|Others|Both|"
    r"And|But|Or|So|Yet|Also|However|Meanwhile|Still|Instead|Moreover|Nevertheless|Then|"
    r"The (?:two|three|four|latter|former|same|others)|Another|Last (?:week|month|year)|Earlier|Whether|"
    # An ordinal standing for a noun said before: "The first is a fight for territory …".
    r"The (?:first|second|third|fourth|last)(?= (?:is|was|are|were)\b)|As for the others?|"
    r"Not everyone|Not all|"
    # the rest of those just named: "The rest of the GOP field polled below five percent."
    r"The rest(?! of the (?:world|country|nation|year|week|month|day|way|story)\b)|"
    r"Everyone else|Everybody else|All the others|"
    # the first of a sequence the article's opening set up: "First his wife, …, announced they
    # were separated …" (a list "First, …" is above)
    r"First(?= (?:his|her|their|its|came)\b)|"
    # A time or a group the sentence before set: "Around that time, 47 percent said …", "Later
    # that day, …", "Since then, …", "Of those, 996 were …", "At the time, Cruz told NBC …",
    # "Moments later, …".
    r"(?:Around|At|Since|Until|By|Before|After|Later|Earlier|Even|Up to|Just|Only) (?:that|then)|"
    r"Of (?:those|them|these)|At the time(?=,)|"
    # An answer to the sentence before ("Yes, the exclamation point is part of the name."), and a
    # time counted from the one it told ("The next year, the Taliban released two videos …").
    r"(?:Yes|No|To start|For starters|For one)(?=,)|"
    r"The (?:next|following|previous) (?:day|week|weekend|month|year|morning|afternoon|evening|night)\b|"
    r"(?:Moments|Minutes|Hours|Days|Weeks|Months|A day|A week|Shortly|Soon|Not long) "
    r"(?:later|after|afterwards?)(?=,)|"
    r"Nor(?=\s)|Neither(?= (?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b)|"
    r"Furthermore|Nonetheless|Conversely|Therefore|Hence|Thus(?! far)|"
    # Not before a comma they name something ("Similarly priced homes", "Indeed Partners").
    r"(?:Likewise|Similarly|Consequently|Accordingly|Additionally|Indeed|Otherwise|Rather)(?=,)|"
    # "Indeed" before a lower-case word needs no comma to answer the sentence before ("Indeed
    # graphical lighting is a big theme …"); before a capital it may be a name ("Indeed Partners").
    r"Indeed(?= [a-z])|"
    r"(?:First|Firstly|Second|Secondly|Third|Thirdly|Finally|Lastly|Next|In addition|By contrast|"
    r"In contrast|Even so|After all|As a result|In turn|On the other hand|Besides|Further|Again|"
    r"Specifically|In particular|For example|For instance|In fact|"
    # the first of reasons the sentence before announced, a side in contrast to the one it told,
    # a now set against the past it told: "For one, Trump remains …", "For his part, Bush …",
    # "Now, in the heat of August, he is on the losing end …"
    r"For one|For starters|For (?:his|her|their|its) part|Now)(?=,)|"
    r"The (?:implication|upshot)|"
    # a turn to the next of a kind the sentence before told of: "On the topic of another
    # tough guy, Putin, Trump was pressed …"
    r"(?:On|Speaking of|Turning to|As for)(?: the (?:topic|subject|issue|matter|question) of)? another)\b"
)


# A pronoun early in a sentence points at someone named before it ("No deaths had been
# reported, she said"); such a sentence needs its predecessor. So do the sides of a contest
# it does not name ("Now both sides are playing catch-up …").
_EARLY_PRONOUN = re.compile(
    r"\b(?:he|she|they|him|her|them)\b|\b(?:both|each|either|the two|neither) sides?\b", re.IGNORECASE
)


# Early in a sentence, a word that points back at what was just said: a pronoun after a
# preposition ("Asked a direct question about this in the debate, …"; not "to those in
# attendance") or "such" before a noun ("Making a final effort to effect such change, …";
# not "such as", "such a big …").
_BACK_REFERENCE = re.compile(
    r"\b(?:about|on|of|over|to|with|for|by|from|after|before|despite|like)\s+"
    r"(?:this(?=\s*[,.;:—–]|\s+(?:in|at|on|to|for|with|by|from|during|after|before|as|is|was)\b)"
    r"|(?:these|those)(?=\s*[,.;:—–]))"
    r"|\bsuch\s+(?:an?\s+)?(?!as\b)[a-z]+(?=\s*[,;:.]|\s+(?:is|was|were|are|would|could|will|has|have|had|"
    r"in|on|at|to|of|for)\b)"
    # "In a separate tweet, …"; what the sentence before said is done: "A mission to do just that
    # is already lined up", "Trump has refused to do so." (Later in the sentence, its own clause
    # may be what is done: "… if Trump had asked him to do so".)
    r"|^(?:In|On|At)\s+a\s+separate\b|\ba\s+separate\s+(?:statement|tweet|post|interview|incident|case|development|"
    r"ruling|lawsuit|attack|announcement|report)\b"
    r"|\b(?:do|does|did|doing|done)\s+(?:just\s+|exactly\s+)?that(?=\s*[,.;:!?]|\s+(?:is|was|are|were|will|would|in|"
    r"by|before|after|again)\b)|\b(?:do|does|did|doing|done)\s+so\b(?!-)"
    r"(?!\s+(?:late|early|much|many|well|far|long|quickly|fast|often|badly|poorly|little|few|hard|soon)\b)"
)
_HEAD_WORDS = 8
# Anywhere in the sentence, a demonstrative that ends its phrase points back: "… has done
# anything close to that, even though …", "… like this."
_BACK_REFERENCE_END = re.compile(
    r"\b(?:about|on|of|over|to|with|for|from|after|before|despite|like|than|beyond)\s+"
    r"(?:that|this|these|those)(?=\s*[,.;:!—–]|\s*$)"
    # "… have resisted such fatalism.": the kind the sentence before described; not "no such thing"
    r"|(?<!\bno )\bsuch\s+(?!as\b|an?\b)[a-z]+(?=[.!]?$)"
)


# Mid-sentence, a demonstrative points back at something its article said before: "these
# delegates must vote …", "a town hall in this Wisconsin town", "discount either of those
# outcomes", "all this is taking". Not the present ("this week", "this year's", "at this
# point", "this Republican race": the reader's own time and race), nor "those" standing for people
# described on the spot ("those who …", "those in the middle", "those surveyed").
_NOW = (
    r"week|weekend|month|year|morning|afternoon|evening|night|summer|fall|autumn|winter|spring|season|"
    r"term|time|moment|point|past|coming|cycle|century|decade|election|campaign|race|country|administration|"
    + "|".join(DAYS_AND_MONTHS)
)
_DEMONSTRATIVE = re.compile(
    rf"\b(?:this|these)\s+(?!(?:[\w\-]+\s+){{0,2}}(?:{_NOW})\b)[A-Za-z0-9]"
    rf"|\bthose\s+(?!(?:{_NOW}|who|whom|whose|which|that|with|without|in|of|on|at|for|from|by|before|after|"
    r"still|less|more|most|under|over|among|already|not|outside|inside|living|like)\b)"
    r"(?![a-z]+(?:ing|ed)\b)[a-z0-9]"
    # "that" before a noun, after a preposition: "Trump went to that debate", "a version of that
    # success", "in that case". Not "that" opening a clause ("in that he …", "so that the …").
    r"|\b(?:to|at|in|on|of|from|about|after|before|during|for|with|by|over|since|under|into|against)\s+"
    r"that\s+(?!(?:is|was|are|were|has|have|had|he|she|it|they|we|I|you|the|a|an|his|her|their|its|our|"
    r"this|there|if|when|much|many|far|long)\b)[a-z][a-z\-]+\b(?!\s+(?:who|whom|which|that)\b)"
    # what the sentence before told as the cause, or the first of two: "delighted by the
    # resulting controversy", "In a subsequent note to staff, Zucker said …"
    r"|\bthe\s+(?:resulting|ensuing|aforementioned|above-mentioned)\b|\ba\s+subsequent\b"
)


def refers_back(text: str) -> bool:
    """True when a word of the sentence (quotes left out) points back at what the sentence
    before said: an opening pronoun or connective, "about this" or "such change" early on,
    "close to that," or a demonstrative ("these delegates") anywhere."""
    if PRONOUN_START.match(text):
        return True
    plain = outside_quotes(text)
    if _BACK_REFERENCE_END.search(plain) or _DEMONSTRATIVE.search(plain):
        return True
    head = re.match(r"\s*(?:\S+\s+){0,%d}" % (_HEAD_WORDS - 1), plain)
    m = _BACK_REFERENCE.search(plain)
    return m is not None and head is not None and m.start() < head.end()


# A pronoun subject after an opening phrase that names no one ("At a rally in Portsmouth,
# N.H., he knocked Cruz …", "In the closing days of the race, he turned out …"): the source's
# sentence before says who; after another person's sentence a reader takes the wrong one.
# "After"/"Before"/"Since"/"Until" before a name open a clause whose subject the pronoun
# stands for ("After Hewitt suggested …, he …"); a participle opens a phrase ("Speaking in
# Ohio, he …").
_OPENING_PHRASE = (
    r"(?:(?:At|In|On|During|Toward|Towards|By|Following|Over|Around|For|Of|With|Without|Despite|"
    r"Throughout|Amid|Amidst|Inside|Outside|Under|Within|Across|Through|From|Upon|Near|Unlike|Like|"
    r"Along|Among|Against|Depending|According|To)\s|(?:After|Before|Since|Until)\s+(?![A-Z])|"
    r"[A-Z][a-z]+ing\s|(?:Asked|Pressed|Questioned|Interviewed)\s)"
    r"(?:\S+\s+){0,12}?\S+,\s+"
)
_OPENER_PRONOUN = re.compile(rf"^{_OPENING_PHRASE}(?:he|she|they)\s")
# An "it" that stands for what follows stands for nothing before: "After the debate, it became
# clear that …", "Following weeks of speculation, it was confirmed Tuesday that …", "In Iowa, it
# is all about turnout".
_OPENER_IT = re.compile(
    rf"^{_OPENING_PHRASE}(?:he|she|they|it(?!\s+(?:is|was|became|becomes|seems|seemed|remains|remained|appears|"
    r"appeared)\s+(?:\w+\s+)?(?:clear|unclear|likely|unlikely|possible|certain|evident|apparent|obvious|official|"
    r"confirmed|announced|expected|reported|time|all|about|that|whether|to)\b))\s"
)


def opens_on_pronoun(text: str, it: bool = False) -> bool:
    """A pronoun subject after an opening phrase, outside quotes: "In a new case study out
    Monday, they detail how …" — who "they" are, the sentence before said. With ``it``, an
    "it" too ("To the leading lights of the Democratic Party, it must have seemed like a smart
    move."): what it is, a sentence said, before or after; no way to open a story."""
    return (_OPENER_IT if it else _OPENER_PRONOUN).match(outside_quotes(text)) is not None


# He, she, a speaking "it": someone the sentence does not name before it ("Around 30 to 70
# people would show up to each event, he said", "The drawn-out race … helped to certify him",
# "In cases of abortion, it said, …"); not after an opening phrase that the name follows
# ("In his Sunday interviews, Carson …").
_PERSON_PRONOUN = re.compile(
    r"\b(?:he|she|him|her|his|hers)\b|\bit(?=\s+(?:said|says|added|adds|wrote|writes|noted|stated|argued)\b)"
)
# "Though stopping short of suspending his campaign, retired neurosurgeon Ben Carson told …"
_NAME_AFTER_COMMA = re.compile(r",\s+(?:[a-z][\w\-]*\s+){0,3}(?:[A-Z][\w.'’\-]*\s+)*?[A-Z][\w'’\-]*[a-z]")
# A person the sentence names by a role rather than a name, in the epithets of political
# news ("The Vermont senator", "the New York billionaire", "The GOP front-runner").
_EPITHET_NOUNS = (
    "candidate|nominee|front-runner|frontrunner|billionaire|businessman|businesswoman|mogul|magnate|tycoon|"
    "developer|neurosurgeon|senator|governor|mayor|congressman|congresswoman|lawmaker|chief|director|"
    "chairman|chairwoman|spokesman|spokeswoman|secretary|minister|justice|judge|speaker|official|officer|"
    "aides|advisers|advisors"  # whose, the article said: "The aides, led by campaign manager …"
)
_ROLE = re.compile(_EPITHET_NOUNS)
# Who a he/she can stand for without a name: an epithet, or a person the sentence describes
# ("The wife of a man fatally shot by police … includes her pleading", "a sitting vice
# president quickly sewed up his party's nomination").
_PERSON_NOUN = re.compile(
    rf"\b(?:{_EPITHET_NOUNS}|president|man|woman|wife|husband|child|boy|girl|mother|father|son|daughter)\b",
    re.IGNORECASE,
)
# A subject that names someone by an epithet: "The Ohio governor said …", "The billionaire
# businessman only narrowly edged out …", "The senator's advisers …", "The aides, led by …".
# Not a role followed by the name ("The conservative writer David Frum …") or by a clause
# that says who ("The officer who shot Scott …"), nor "The president" (the sitting one) or a
# plural of a role anyone may hold ("The candidates took questions …").
_EPITHET = re.compile(
    rf"The\s+(?:(?!(?:of|for|to|in|on|at|by|with|from|the|a|an|and|or)\s)[\w\-.’']+\s+){{0,4}}?"
    rf"(?!president\b)(?:{_EPITHET_NOUNS})(?:['’]s)?\b(?![\w\-])"
    r"(?!\s*,?\s+(?:[A-Z]|of\s+[A-Z]|who\b|whom\b|whose\b|that\b))"
)
# The same anywhere in the sentence, after "the" in either case: "… shows the New York
# billionaire maintaining his lead …".
_EPITHET_INSIDE = re.compile(r"\b[Tt]" + _EPITHET.pattern[1:])


def epithet_inside(text: str) -> bool:
    """Whether the sentence speaks of someone by an epithet past its subject ("A national poll
    … shows the New York billionaire maintaining his lead"); quoted words are the speaker's.
    Not a possessive, which may name an office's business ("the issue in the governor's race"),
    nor the subject an article's first sentence may open on ("The governor unveiled …")."""
    plain = outside_quotes(text).strip()
    return any(m.start() > 0 and not m.group().endswith(("'s", "’s"))
               and not (m.group().endswith(("official", "chief")) and _ADJECTIVE_USE.match(plain, m.end()))
               for m in _EPITHET_INSIDE.finditer(plain))


# "official" and "chief" before a noun are adjectives: "the official death toll", "the chief executive".
_ADJECTIVE_USE = re.compile(r"\s+(?!(?:said|says|told|tells|is|was|has|had|who|and|or|in|at|on|for|from|with)\b)[a-z]")


# The name in commas after the epithet's phrase ("The third remaining Republican candidate
# for president, Ohio Gov. John Kasich, …"), or the name of someone of theirs ("The
# candidate's glamorous wife Melania Trump …").
_APPOSITIVE_NAME = re.compile(
    r"[^,.;:]{0,40},\s+(?:[A-Z][\w.'’\-]*\s+){1,4}?[A-Z][\w'’\-]*[a-z],"
    r"|(?<=s)\s+(?:[a-z][\w\-]*\s+){0,2}[A-Z][a-z]"
)


def _unnamed_pronoun(plain: str) -> bool:
    """A he/she the sentence names no one for before it: no capitalised word (but an opening
    function word, "On", "The") and no person noun ("the wife …", "a young child …") ahead of
    it, and no name after a comma that it looks ahead to."""
    m = _PERSON_PRONOUN.search(plain)
    if m is None:
        return False
    before = plain[: m.start()].split()
    if any(w[:1].isupper() and not (i == 0 and w.lower() in STOP) for i, w in enumerate(before)):
        return False
    if _PERSON_NOUN.search(plain, 0, m.start()):
        return False
    return _NAME_AFTER_COMMA.search(plain, m.end()) is None


# "The state", "the county", "the district" as a noun: the place its source's sentence
# before named ("Clinton and Trump are tied in the state today", "Clinton beat rival Sanders
# in the state's Democratic caucuses Saturday" where the source meant Nevada). Not "the
# state of Arizona" or "the state of the race", nor the word as a modifier ("the state
# party", "the state Supreme Court", "on the state and local level"), nor "the country": the
# reader's own. The sentence names the place itself when it writes a US state (for "the
# state") or a capitalised word after a preposition of place ("In Iowa, the state's
# caucuses …") or before "State", "City", "Mayor" ("the Badger State governor"). A place
# that is only the sentence's subject ("As Israel moves …, it has enabled the state to …")
# is taken for unnamed: a capitalised word alone does not tell a place from a person.
# "The city" is left out: a story is mostly about one city, whose "the city" its lede names
# ("the city's tram network stopped running" in a blackout's story); whether a story speaks
# of several states or cities only the story can tell, not the sentence.
_PLACE_NOUN = re.compile(r"\bthe\s+(?:state|county|district)(?![\w\-])(?!\s+of\b)")
_POSSESSIVE = re.compile(r"['’]s\b")
_NEXT_WORD = re.compile(r"\s+([\w\-]+)")
_LEVELS = re.compile(r"\s*(?:and|or|,)\s+(?:local|federal|national|county|city|municipal|district|state)\b")
_WHEN = frozenset("today tonight yesterday tomorrow".split())
_US_STATES = re.compile(
    rf"\b(?:{'|'.join(US_STATES)}|"
    # the wire's abbreviations: "Portsmouth, N.H.", "(R-Tex.)"
    r"Ala|Ariz|Ark|Calif|Colo|Conn|Fla|Ill|Kan|Ky|Md|Mass|Mich|Minn|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|"
    r"Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|Wash|W\.Va|Wis|Wyo)\b"
)
_PLACE_NAMED = re.compile(
    r"\b(?i:in|of|at|from|into|about|across|throughout|near|outside|around)\s+"
    rf"(?!(?:{'|'.join(DAYS_AND_MONTHS)}|Super|State)\b)[A-Z][a-z]"
    # "Boston Mayor Marty Walsh", "the Badger State governor", "the Queen City"
    r"|\b[A-Z][a-z]+\s+(?:State|City|County|Mayor|mayor)\b"
)


def unnamed_place(text: str) -> bool:
    """True when the sentence (quotes left out) speaks of "the state", "the county" or "the
    district" as a place it does not name itself: its source's sentence before did."""
    plain = outside_quotes(text)
    nouns = dictionary_words_of("noun")
    for m in _PLACE_NOUN.finditer(plain):
        if not _POSSESSIVE.match(plain, m.end()):
            if _LEVELS.match(plain, m.end()):
                continue  # "on the state and local level": a kind of government
            nxt = _NEXT_WORD.match(plain, m.end())
            word = nxt.group(1) if nxt else ""
            low = word.lower()
            if word[:1].isupper() and word not in DAYS_AND_MONTHS:
                continue  # "the state Supreme Court", "the district GOP"; not "the state Tuesday"
            modifier = low not in STOP and low not in _WHEN and not low.endswith(("ed", "ly"))
            if modifier and (low in nouns or _singular(low) in nouns):
                continue  # "the state party", "the district court"; not "the state today"
        state = m.group().endswith("state")
        return _PLACE_NAMED.search(text) is None and not (state and _US_STATES.search(text))
    return False


# A document the sentence quotes as "the …" without saying which ("“…,” the book said.", "…, the
# release said."): the sentence before introduced it. A name or a possessive before the noun
# says whose ("the White House statement said", "the campaign's statement said").
_UNSAID_DOCUMENT = re.compile(
    r"\bthe\s+(?:(?:new|latest|written|joint|brief|short|original)\s+)?(?P<noun>book|memoir|release|statement|memo|"
    r"report|letter|filing|lawsuit|suit|complaint|e-?mail|document|indictment|ruling|order|note|post|tweet|"
    r"affidavit|petition|study)\s+(?:also\s+)?(?:said|says|stated|states|read|reads|added|adds|noted|notes|"
    r"continued|continues|argued|argues|claimed|claims|alleged|alleges|found|finds)\b"
    # "… Claure said in the email."
    r"|\b(?:said|says|wrote|writes|added|adds|noted|notes)\s+in\s+the\s+(?P<where>e-?mail|letter|memo|statement|"
    r"note|filing|release|post|tweet)(?![\w\-])(?!\s+(?:of|released|issued|posted|published)\b)"
)


def leans_on_context(text: str) -> bool:
    """True when the sentence needs its source's sentence before it: it points back (see
    ``refers_back``), has a pronoun in its first words or a he/she it names no one for, or a
    pronoun subject after an opening phrase ("At a rally in Portsmouth, N.H., he …"), says
    "the state" of a state it does not name (``unnamed_place``), compares with what came before
    ("even more", no "than"), gives a share with no group or poll ("Sixty-six percent said
    …", ``_BARE_SHARE``) or a poll's figures from a poll it points at but does not name ("41
    percent of the Republican voters surveyed", ``_unnamed_poll``), or quotes a document it
    does not name ("…, the release said", ``_UNSAID_DOCUMENT``)."""
    if refers_back(text):
        return True
    plain = outside_quotes(text)
    document = _UNSAID_DOCUMENT.search(plain)
    noun = document and (document["noun"] or document["where"])
    if noun and not re.search(rf"\b(?:an?|its|his|her|their)\s+(?:[\w\-]+\s+){{0,3}}?(?:law)?{noun}\b",
                              plain[: document.start()], re.IGNORECASE):
        return True  # not "… released a report on Monday; the report said …"
    head = " ".join(plain.split()[:6])
    if _EARLY_PRONOUN.search(head) is not None or unsaid_measure(text, plain):
        return True
    if _OPENER_PRONOUN.match(plain) is not None or _epithet_after_opening(plain):
        return True
    return _unnamed_pronoun(plain) or unnamed_place(text)


_OPENING_THE = re.compile(rf"{_OPENING_PHRASE}(?=the\s)")


def _epithet_after_opening(plain: str) -> bool:
    """An epithet for the subject after an opening phrase that picks one of the story's people
    by a place, a party or a firm ("According to a University of Texas poll out Thursday, the
    Texas senator and business mogul each have …"): who they are, the sentence before said; not
    when a name follows in commas ("…, the Texas senator, Ted Cruz, spoke"). A plain one ("On
    the Morning Line radio show, the former governor told listeners …") reads as the person the
    digest has been telling of."""
    opening = _OPENING_THE.match(plain)
    if opening is None:
        return False
    # The pattern's capital "The" read at the lower-case "the" after the opening phrase.
    rest = "T" + plain[opening.end() + 1 :]
    epithet = _EPITHET.match(rest)
    if epithet is None or not any(w[:1].isupper() for w in rest[4 : epithet.end()].split()):
        return False
    return _APPOSITIVE_NAME.match(rest, epithet.end()) is None


def unsaid_measure(text: str, plain: str | None = None) -> bool:
    """The sentence's comparison, share or poll figures are of something its source's sentence
    before said (``plain``: the sentence with its quotes left out, see ``leans_on_context``)."""
    plain = outside_quotes(text) if plain is None else plain
    if (m := _COMPARED.search(plain)) and "than" not in plain[m.end():].split():
        return True  # "Trump was even more emphatic Monday …": than whom, the sentence before said
    if _BARE_SHARE.match(plain) and not _POLLED.search(plain):
        return True  # "Sixty-six percent said it made no difference to them.": of whom, asked what?
    if _unnamed_poll(text, plain):
        return True  # "… 41 percent of the Republican voters surveyed": which poll, the sentence before said
    return _standing(text, plain)  # "Sen. Ted Cruz, R-Texas, was at seven percent.": in which poll?


# A comparison with what was just told: "… was even more emphatic", "vary even more".
_COMPARED = re.compile(r"\beven\s+(?:more|less|further)\b")
# A share for a subject with no group after it and no poll named ("Some 22 percent said they
# would back Trump", "Less than 1 percent chose …"): the sentence before says whom a poll
# asked what.
_BARE_SHARE = re.compile(
    r"\s*(?:(?:About|Nearly|Almost|Just|Only|Some|More than|Less than|Fewer than|Roughly|Around)\s+)?"
    r"(?:[A-Z][a-z]+(?:-[a-z]+)?|\d+(?:\.\d+)?)\s*(?:percent|per cent|%)\s+"
    r"(?:said|say|says|believe|believed|think|thought|chose|picked|want|wanted|agreed|disagreed|approve|"
    r"approved|disapprove|disapproved|preferred|prefer|support|supported|opposed|oppose|named|cited)\b"
)
_POLLED = re.compile(r"\b(?:poll|polls|polling|survey|surveyed|respondents)\b", re.IGNORECASE)


# A poll's figures told of a poll the sentence points at but does not name: "Trump drew the
# support of 41 percent of the Republican voters surveyed", "More than half of the
# respondents said …", "The poll has Clinton ahead by 6 points", "The margin of error is
# plus or minus 4 points". In a story of several polls the reader cannot tell which poll
# gives which figure; the sentence before named it. A poll the sentence names
# (``_named_poll``) or introduces ("a new poll out Thursday") stands alone; "the polls" and
# "the polling" are all of them, not one.
_POLL_FIGURE = re.compile(
    r"\bper\s?cent\b|%"
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|double|single)[\s\-]*"
    r"(?:percentage[\s\-]+)?points?\b"
    r"|\b\d{1,2}(?:\.\d)?\s*(?:to|-|–)\s*\d{1,2}(?:\.\d)?\b(?![\s\-]*years?\b)"  # "61 to 30"; not ages
    r"|\b(?:half|a third|two-thirds|a quarter|three-quarters|majority|plurality)\b"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|\d)\s+(?:in|of|out of)\s+"
    r"(?:10|ten|five|four|three)\b",
    re.IGNORECASE,
)
# Whom a poll asked, told by the poll's act: "voters surveyed", "those polled", "the Marines
# surveyed", "respondents"; not a candidate's share ("Trump polled at 30 percent", "Sanders
# polled …": "polled" only after a group's word).
_ASKED_GROUP = re.compile(
    r"\b(?:those|people|adults|men|women|[a-z]+s|[A-Z][a-z]+(?:ans|crats|ics|inos|anos))\s+"
    r"(?:polled|sampled)\b"
    r"|\b(?:those|people|adults|men|women|[a-z]+s|[A-Z][a-z]+s)\s+(?:surveyed|questioned|interviewed)\b"
    r"|\bthose\s+asked\b|\brespondents?\b"
)
# The poll as a definite noun ("the poll", "the new survey", "the mid-January poll", "the
# same poll's"; not "the polls"), by its day ("in Monday's poll"), or its margin of error. A
# name before it is told apart by ``_named_poll`` ("the Quinnipiac poll"); "that our poll" is
# a clause, not "that poll".
_THE_POLL = re.compile(
    r"\b(?:the|this|that)\s+(?!(?:our|their|his|her|its|my|your|a|an)\b)(?:[\w\-]+\s+){0,2}?"
    r"(?:poll|survey)(?:['’]s)?(?![\w\-])",
    re.IGNORECASE,
)
# A candidate's share of a poll's support ("Clinton doubles Vermont Sen. Sanders' share of
# support; 61 percent to 30 percent"): a poll's figure, of the poll the sentence before named.
_SUPPORT_SHARE = re.compile(r"\bshares?\s+of\s+(?:the\s+)?support\b", re.IGNORECASE)
# A poll told by its day: "in Monday's poll", "since last week's survey".
_DAYS_POLL = re.compile(
    rf"\b(?:{'|'.join(DAYS_AND_MONTHS)}|week|month|today|yesterday)['’]s\s+"
    r"(?:[\w\-]+\s+){0,2}?(?:poll|survey)\b"
)
_MARGIN_OF_ERROR = re.compile(r"\bmargins?\s+of\s+(?:sampling\s+)?error\b", re.IGNORECASE)
_POLLS = re.compile(r"\bpolls\b", re.IGNORECASE)
# A name before "poll", "survey", "polling": "a Quinnipiac University poll", "the NBC/WSJ
# poll", "Monmouth's survey", "the Texas poll", "the latest Fox national poll"; the words
# between it and the poll are modifiers ("national", "tracking"), not "in the" ("Trump in the
# poll" names no poll).
_NAME_BEFORE_POLL = re.compile(
    r"\b([A-Z][\w&.'’\-]*)(?:/[\w&.'’\-]+(?:\s+[A-Z][\w&.'’\-]*)*)*\s+((?:[a-z\-]+\s+){0,2}?)"
    r"(?i:poll|polls|polling|survey|surveys)\b"
)
# A poll named after it, or its pollster: "according to Gallup", "a poll by/from/for/of
# <Name>", "conducted for the advocacy group America's Voice", "Gallup found …".
_NAME_AFTER_POLL = re.compile(
    r"\baccording\s+to\s+(?:the\s+|a\s+|an\s+)?(?:[a-z\-]+\s+){0,2}?[A-Z]"
    r"|\b(?:poll|survey|polling)s?\s+(?:by|from|for|of)\s+(?:the\s+)?[A-Z]"
    r"|\b(?:conducted|commissioned|sponsored|released|paid\s+for)\s+(?:by|for)\s+"
    r"(?:the\s+)?(?:[a-z\-]+\s+){0,3}?[A-Z]"
)
_POLLSTER_FOUND = re.compile(
    r"\b([A-Z][\w&.'’\-]*)\s+(?:found|finds|showed|shows|reported|reports|released|conducted|commissioned)\b"
)


# A candidate's standing in a list of figures: a name (a title and a party tag may go with it)
# or two and a share, "Carson was second at 12 percent.", "Ted Cruz earned 30 percent.", "John
# Kasich, 9 percent.", "Florida Sen. Marco Rubio comes in at 9 percent.", "Donald Trump and
# Ohio Gov. John Kasich both get 16 percent." Not an organisation's ("The Northern Marine Institute
# had recommended a reduction of at least 20 per cent."). A short sentence of that
# shape names neither the poll nor the vote it comes from: the sentence before did.
_STANDING_NAME = (r"(?!(?:The|A|An|This|That|Its|Their)\s)(?:[Ff]ormer\s+)?(?:[A-Z][\w.'’\-]+\s+){0,4}[A-Z][\w'’\-]+"
                  r"(?:,\s+[DRI]-[A-Z][\w.]*,)?")
_STANDING = re.compile(  # a list of them too: "Former Florida Gov. Jeb Bush, … and … are all tied at 4 percent."
    rf"(?P<names>{_STANDING_NAME}(?:,\s+{_STANDING_NAME})*(?:,?\s+and\s+{_STANDING_NAME})?)(?:\s+(?:both|each|all))?"
    r"(?:,|\s+(?:was|is|were|are|had|has|have|got|gets?|received|receives?|drew|draws?|polled|polls?|sits?|"
    r"sat|stood|stands?|came|comes?|trailed|trails?|followed|finished|took|takes?|earned|earns?|garnered|"
    r"garners?|tied|ties?)\b)[^.;]*?\b(?:\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)\s*(?:percent|per cent|%)"
)
_STANDING_WORDS = 16  # a longer sentence tells more than a place in a list (its names' words not counted)
_PERCENT = re.compile(r"\b(?:percent|per cent)\b|%")
_VOTE_SHARE = re.compile(r"\bof\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:vote|votes|ballots)\b")


def _standing(text: str, plain: str) -> bool:
    """A short sentence that gives one candidate's share (``_STANDING``) with no poll named or
    pointed at and no "according to": one line of a list the sentence before introduced. Two
    shares set against each other are a result that stands alone ("Clinton had 49.9 percent to
    Sanders' 49.6 percent.")."""
    m = _STANDING.match(plain)
    if m is None or len(plain[m.end("names") :].split()) > _STANDING_WORDS:
        return False
    if len(_PERCENT.findall(plain)) > 1:
        # Two lines of the list in one sentence ("Clinton and Sanders have 5 percent, and O'Malley
        # has 4 percent."), each a standing of its own, tell no more than one.
        parts = re.split(r",\s+and\s+(?=[A-Z])|;\s+", plain.rstrip(". "))
        if len(parts) < 2 or not all(_STANDING.match(p) and len(_PERCENT.findall(p)) == 1 for p in parts):
            return False
    if _VOTE_SHARE.search(plain):
        return False  # "Sanders received 69 percent of the vote …": a result, which its sentence names
    return not _POLLED.search(plain) and "according to" not in plain and not _named_poll(text)


def _is_name(word: str) -> bool:
    """A capitalised word that can name a poll: not a function word opening the sentence ("In
    the poll", "When the poll asked …") nor a day or month ("Monday's poll", "the
    mid-January poll")."""
    core = re.sub(r"['’]s$", "", word)
    return core.lower() not in STOP and core not in DAYS_AND_MONTHS


def _named_poll(text: str) -> bool:
    """Whether the sentence names a poll or its pollster (see ``_NAME_BEFORE_POLL``,
    ``_NAME_AFTER_POLL``, ``_POLLSTER_FOUND``)."""
    for m in _NAME_BEFORE_POLL.finditer(text):
        between = m.group(2).split()
        if _is_name(m.group(1)) and not any(w in STOP for w in between):
            return True
    if _NAME_AFTER_POLL.search(text):
        return True
    return any(_is_name(m.group(1)) for m in _POLLSTER_FOUND.finditer(text))


def _unnamed_poll(text: str, plain: str) -> bool:
    """True when the sentence gives a poll's figures (a percentage, "N points", "61 to 30", "a
    majority") and points at a poll ("the poll", "the voters surveyed", "respondents", "the
    margin of error") without naming it (``_named_poll``). A margin of error of "the polls"
    is all of theirs ("trailing by two points in the polls …, within the margin of error").
    ``plain`` is the sentence with its quotes left out."""
    if not _POLL_FIGURE.search(plain):
        return False
    pointed = (_ASKED_GROUP.search(plain) or _THE_POLL.search(plain) or _DAYS_POLL.search(plain)
               or _SUPPORT_SHARE.search(plain))
    if not pointed and not (_MARGIN_OF_ERROR.search(plain) and not _POLLS.search(plain)):
        return False
    return not _named_poll(text)


# A sentence whose subject is a bare definite noun phrase — "The" and a noun, nothing after
# it to say which ("The tweet was a not-so-subtle dig at …", "The objection comes at a time
# when …", "The chief, Paul Manafort, suggested …") — speaks of something its article
# introduced before. The story's other articles establish it when
# their openings speak of "the deal", "the vote", "the attack" too: then it is the story's
# own event, which the digest's lede tells ("The deal was signed …" stays). A noun with its
# own description ("The rise of Donald Trump", "The officer who shot …", "The lawsuit being
# filed …"), a superlative or "only" ("The most unlikely candidate …") and a noun that looks
# ahead ("The big question is whether …") say which by themselves.
_OPENING = 3  # an article's first sentences: where it says what its story is (as ``select``'s lede)
_LEDE = 2  # its lede: a noun there the first sentence did not name is one of the story's own
_DEFINITE_START = re.compile(r"The\s+")
# Words after the noun phrase: a verb, an auxiliary, an adverb, or punctuation ends it.
_PHRASE_END = frozenset(
    "is are was were has have had will would can could may might must should shall did does do said says "
    "told also still now already then later just never not only first again a an the".split()
)
# Words after it that describe it: a preposition, a relative, a participle, "here".
_DESCRIBED = frozenset(
    "of in on for from to between against at with behind over about among that who whom which whose where "
    "when here under during after before into by as near around across inside outside within without "
    "like".split()
)
_DETERMINERS = frozenset("this these those that a an the his her its their our my your some any".split())
_UNIQUE_MODIFIERS = frozenset("only most least current next last main".split())
# Nouns there is one of for the reader too: "The media gathered …", "The press …", "The
# stakes are high …".
_ONE_OF_A_KIND = frozenset(
    "media press public electorate economy nation country world government stakes".split()
)
_LOOKS_AHEAD = re.compile(r"\s*(?:is|was)\s+(?:whether|that|how|why|what|who|to)\b|\s*(?:is|was)?\s*:")


def definite_subject(text: str) -> str:
    """The words of a bare definite subject the sentence opens on, after "The" ("The tweet was
    …" → "tweet", "The aides, led by …" → "aides", "The past two winners rose …" → "past two
    winners"), or "" when it opens otherwise or the phrase says which by itself."""
    m = _DEFINITE_START.match(text)
    if m is None:
        return ""
    words_after = text[m.end() :].split()
    phrase: list[str] = []
    after = ""  # the word after the phrase
    for i, word in enumerate(words_after):
        core = word.rstrip(",;:—–")
        low = core.lower()
        if low in _DETERMINERS:
            return ""  # "The longer those criticisms go unanswered …"
        following = words_after[i + 1].lower() if i + 1 < len(words_after) else ""
        if phrase and following != "of" and _verb_after(phrase[-1], low):
            break  # "The root causes of …" is a noun
        if not re.fullmatch(r"[a-z][a-z\-]*", core) or len(phrase) == 3:
            return ""  # a name ("The Clinton campaign"), a long phrase
        if phrase and (low in _DESCRIBED or low.endswith("ing")):
            return ""  # "The rise of …", "The lawsuit being filed …": it says which
        phrase.append(core)
        if core != word:  # a comma or a dash closes it: "The aides, led by …"
            break
        if _plural_noun(low):
            after = following  # a plural ends the phrase ("The dueling speeches offer …",
            break  # "The figures include …") unless a description follows ("The good news for …")
    else:
        return ""
    if after in _DESCRIBED or (after.endswith("ing") and after not in _PHRASE_END):
        return ""
    first, noun = phrase[0], phrase[-1]
    if first in _UNIQUE_MODIFIERS or (first.endswith("est") and len(phrase) > 1) or noun in _ONE_OF_A_KIND:
        return ""
    rest = text[m.end() :].split(phrase[-1], 1)[-1]
    return "" if _LOOKS_AHEAD.match(rest) else " ".join(phrase)


_RELATIVES = frozenset("that which who whom whose where when".split())


def _opening_noun(text: str) -> str:
    """The noun of a plain "The …" phrase the sentence opens on ("The video, released in late
    November, …" → "video"; "The video that is circulating …" → "video"; "The finding is …" →
    "finding"), or "" when it opens otherwise, on a name, or on a phrase a preposition says
    which of ("The meeting between Trump and Ryan …")."""
    m = _DEFINITE_START.match(text)
    if m is None:
        return ""
    words = text[m.end() :].split()
    phrase: list[str] = []
    for word in words[:4]:
        core = word.rstrip(",;:—–")
        low = core.lower()
        if low in _RELATIVES and phrase:
            break
        if not re.fullmatch(r"[a-z][a-z\-]*", core) or low in _DETERMINERS:
            return ""  # a name, a figure ("The landmark 31-page agreement …"): not read here
        if low in _DESCRIBED:
            return ""
        if phrase and _verb_after(phrase[-1], low):
            break
        phrase.append(low)
        if core != word or _plural_noun(low):
            break
    return phrase[-1] if phrase else ""


def anaphoric_opening(text: str, earlier: Sequence[str]) -> bool:
    """Whether the sentence opens on "The …" for a thing one of its article's ``earlier``
    sentences introduced ("ISIS has released a propaganda video …" before "The video, released
    in late November, is called …"): it continues its article, it does not open a story."""
    noun = _opening_noun(text)
    if not noun or noun in _ONE_OF_A_KIND:
        return False
    noun = _singular(noun)
    # The noun, or one a reporter uses for the same thing one sentence later ("a new poll" …
    # "The survey, conducted by …").
    words = "|".join(re.escape(w) for w in sorted(_SAME_THING.get(noun, frozenset()) | {noun}))
    forms = re.compile(rf"\b(?:{words})(?:s|es)?\b", re.IGNORECASE)
    return any(forms.search(t) for t in earlier)


# Nouns a report uses in turn for one thing, so as not to repeat itself.
# Not words with another everyday sense ("deal with", "by any measure", "follow suit", "news
# reports", "plans to campaign"): those would make an opening lean on words that name nothing.
_SYNONYM_SETS = (
    "poll survey",
    "agreement accord pact treaty",
    "bill legislation",
    "ruling verdict",
    "video footage",
    "attack assault",
)
_SAME_THING = {w: frozenset(group.split()) - {w} for group in _SYNONYM_SETS for w in group.split()}


def _plural_noun(word: str) -> bool:
    """A plural of a noun of the lemmatizer's dictionary: "figures", "caucuses"."""
    return _singular(word) != word


def _singular(word: str) -> str:
    """The noun of the lemmatizer's dictionary a plural is of ("caucuses" → "caucus", "aides"
    → "aide"), else the word."""
    nouns = dictionary_words_of("noun")
    if word.endswith("es") and word[:-2] in nouns:
        return word[:-2]
    return word[:-1] if word.endswith("s") and word[:-1] in nouns else word


def _verb_after(before: str, word: str) -> bool:
    """Whether ``word``, after the phrase's word ``before``, is its verb or an adverb that
    ends the phrase: an auxiliary, "-ed", "-ly", an irregular past ("The decision left …"),
    or an "-s" form after a noun ("The objection comes …") or of a verb that is no noun
    ("The routine begins …"); a plural after an adjective is the noun ("The dueling
    speeches …")."""
    if word in _PHRASE_END or word.endswith(("ly", "n't", "n’t")) or re.fullmatch(r"[a-z]+ed", word):
        return True
    if has_irregular_past(word):
        return True
    if not re.fullmatch(r"[a-z][a-z\-]*s", word):
        return False
    nouns, verbs = dictionary_words_of("noun"), dictionary_words_of("verb")
    modifier = (
        before in dictionary_words_of("adj")
        or (before.endswith(("ing", "ed")) and before not in nouns)
        or (bool(nouns) and before not in nouns)
    )
    if not modifier:
        return True
    base = word[:-2] if word.endswith("es") and word[:-2] in verbs else word[:-1]
    return base in verbs and base not in nouns


def context_bound(sents: Sequence[Sent], aside: frozenset[tuple[str, int]] = frozenset()) -> list[Sent]:
    """Usable sentences (not ``aside``) that only their own article's context makes clear and
    that nothing marks as leaning on the sentence before (``leans_on_context``: ``units``
    tells those only after it). ``sents`` are each article's in order.

    - an epithet for a subject ("The Ohio governor said …"): who it is, the article said before.
    - a bare definite subject (``definite_subject``) the story has not introduced: "The tweet
      was a not-so-subtle dig …" where only a later sentence of its article told of a tweet.
      The story introduces it when another article's opening speaks of "the …" noun ("The
      vote was 9-4" where the reports open on the vote), or when the sentence's own
      article's lede names it ("The apology was signed by …" after "… issued a formal
      apology", "The tweets …" after "Trump … tweeted an image …"). An article's first
      sentence introduces its own subject; its second one may name one of the story's own
      that the first did not ("The authority has offered 4 per cent …" after a port
      strike's lede). A name in commas says which ("The ferry operator, Westsound Lines,
      said …"), but not after a lone title ("The chief, Paul Manafort, …": chief of what,
      the article said); "The other …" stands apart from something its article said, unless
      it names them ("The other two, John Kasich and …").
    - a "The …" only sentences the digest cannot tell introduced (``_introduced_untold``).
    """
    openings: dict[str, list[str]] = {}
    ledes: dict[str, str] = {}  # each article's first usable sentence
    for s in sents:
        if s.index < _OPENING and s.key not in aside:
            openings.setdefault(s.article_id, []).append(s.text)
        if not s.reason and s.key not in aside:
            ledes.setdefault(s.article_id, s.text)
    earlier: dict[str, list[str]] = {}
    untold: dict[str, list[str]] = {}  # per article: its sentences so far the digest cannot tell
    others: dict[str, list[str]] = {}  # per article: the other articles' openings
    out = []
    for s in sents:
        told_before = earlier.setdefault(s.article_id, [])
        untold_before = untold.setdefault(s.article_id, [])
        if s.reason or s.key in aside:
            untold_before.append(s.text)
        elif not leans_on_context(s.text):
            if s.article_id not in others:
                others[s.article_id] = [
                    t for aid, texts in openings.items() if aid != s.article_id for t in texts
                ]
            if _unintroduced(s, others[s.article_id], told_before, ledes[s.article_id]) or _introduced_untold(
                s.text, told_before, untold_before, others[s.article_id]
            ):
                out.append(s)
                untold_before.append(s.text)
        told_before.append(s.text)
    return out


def _introduced_untold(text: str, earlier: Sequence[str], untold: Sequence[str], openings: Sequence[str]) -> bool:
    """Whether the sentence opens on "The …" for a thing only sentences of its article the
    digest cannot tell (``untold``: left out, or bound themselves) introduced, and no other
    article's opening speaks of: "The video that is circulating features two others …" after
    an evaluative "ISIS has released a propaganda video and Clinton will not be happy …"."""
    if not anaphoric_opening(text, untold):
        return False
    told = [t for t in earlier if t not in untold]
    if anaphoric_opening(text, told):
        return False
    return not _spoken_of(rf"{re.escape(_singular(_opening_noun(text)))}(?:s|es)?\b", openings)


def _spoken_of(forms: str, texts: Sequence[str]) -> bool:
    """Whether one of ``texts`` speaks of "the" (this, those …) noun of ``forms``, as of something known."""
    told = re.compile(rf"\b(?:the|this|that|these|those)\s+(?:[\w\-]+\s+){{0,2}}?{forms}", re.IGNORECASE)
    return any(told.search(t) for t in texts)


def _unintroduced(s: Sent, openings: Sequence[str], earlier: Sequence[str], lede: str) -> bool:
    """Whether the sentence opens on an epithet or on a definite noun that neither ``openings``
    (the other articles') speak of nor its own article's ``lede`` names, given the sentences
    of its article ``earlier``."""
    plain = outside_quotes(s.text)
    epithet = _EPITHET.match(plain)
    if epithet is not None:
        return _APPOSITIVE_NAME.match(plain, epithet.end()) is None
    phrase = definite_subject(s.text) if s.index > 0 else ""
    if not phrase:
        return False
    noun = phrase.split()[-1]
    named = re.match(r",\s+[A-Z]", s.text[s.text.index(noun) + len(noun) :]) is not None
    if phrase.startswith("other "):
        return not named
    forms = rf"{re.escape(_singular(noun))}(?:s|es)?\b"
    if s.index < _LEDE and not any(re.search(rf"\b{forms}", t, re.IGNORECASE) for t in earlier):
        return False
    if noun != _singular(noun) and _ROLE.fullmatch(_singular(noun)):
        return False  # "The candidates took questions …": the story's own, all of them
    if named and (" " in phrase or not _ROLE.fullmatch(noun)):
        return False  # "The ferry operator, Westsound Lines, said …"; not "The chief, Paul Manafort, …"
    if lede != s.text and re.search(rf"\b{re.escape(_singular(noun))}\w{{0,3}}\b", lede, re.IGNORECASE):
        return False  # "The apology was signed by …" after "… issued a formal apology …"; "tweeted"
    return not _spoken_of(forms, openings)
