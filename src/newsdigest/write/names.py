"""Which surname stands for which full name in a story, so that a digest sentence's bare
"Carrow" can be printed as "Isabel Carrow" at a first mention.

A surname gets a full name only when it surely means one person: not when two people share
it anywhere in the sources ("Michelle Obama" beside "Barack Obama", tagged or not, or
"George H. W. Bush" beside "George W. Bush"), and not when the "full name" is the entity
tagger running a word into the name ("Said Comey", or "Lube Live" that would make "Live
Nation" "Lube Live Nation").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..quotes.people import SUFFIXES, TITLES, dictionary_words_of, irregular_forms_of, name_words, suffix
from ..records import Analysis, Article, Quote
from .text import DAYS_AND_MONTHS


def surnames(
    order: Sequence[Article], analyses: Mapping[str, Analysis], quotes: Sequence[Quote]
) -> dict[str, str]:
    """Surname → full name, for surnames that stand for exactly one person in the story
    (people the entity tagger found, and quote speakers the analyse stage resolved).

    Left out: a surname two people share anywhere in the sources ("Michelle Obama" and
    "Barack Obama", even when one of them is written but not tagged), and a "full name" that
    is not plausibly one — a token that the sources use as a common word ("Lube Live", the
    tagger running a name into the next word).
    """
    return _single(_people(order, analyses, quotes))


def leading_surnames(
    order: Sequence[Article], analyses: Mapping[str, Analysis], quotes: Sequence[Quote]
) -> dict[str, str]:
    """Surname → full name, for surnames several people share where the sources name one of
    them far more often than the others (``DOMINANT``): "Trump" is Donald Trump beside
    "Melania Trump", as the sources write it. Not for putting a full name to a bare surname
    (a sentence's "Sanders said" may be Felicia Sanders's, however often Bernie Sanders is
    named), only for calling the leading person by the surname after a full first mention."""
    return _leading([a.text for a in order], _people(order, analyses, quotes))


def namesakes(
    order: Sequence[Article], analyses: Mapping[str, Analysis], quotes: Sequence[Quote]
) -> dict[str, tuple[str, ...]]:
    """Surname → the full names of the story's people who share it ("Clinton" → "Bill Clinton",
    "Hillary Clinton"), for the surnames ``surnames`` leaves out because two people have them.
    A bare surname among them is told apart only by its own article (``introduced``)."""
    return _shared(_people(order, analyses, quotes))


def story_names(
    order: Sequence[Article], analyses: Mapping[str, Analysis], quotes: Sequence[Quote]
) -> tuple[dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]:
    """``surnames``, ``leading_surnames`` and ``namesakes`` of one story, its people read once."""
    people = _people(order, analyses, quotes)
    return _single(people), _leading([a.text for a in order], people), _shared(people)


def _single(people: dict[str, set[str]]) -> dict[str, str]:
    return {last: next(iter(core)) for last, core in people.items() if len(core) == 1}


def _leading(texts: Sequence[str], people: dict[str, set[str]]) -> dict[str, str]:
    return {last: name for last, core in people.items() if len(core) > 1 and (name := _dominant(texts, core)) is not None}


def _shared(people: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    return {last: tuple(sorted(core)) for last, core in people.items() if len(core) > 1}


def introduced(text: str, at: int, people: Sequence[str], leading: str = "") -> str:
    """The one of ``people`` (namesakes) that ``text`` has named in full before ``at``, the way
    a reader takes a bare "Clinton" in an article that has introduced only Hillary Clinton so
    far. Where it has named more than one, the story's ``leading`` one (``leading_surnames``)
    when the text named that one first: the article's own person, as the sources' own bare
    surname is, with the other named in passing ("… Hillary Clinton … her husband, former
    President Bill Clinton … Clinton is already receiving criticism"). "" when it has named
    none of them there, or several and no such one."""
    before = text[:at]
    named = [p for p in people if named_in(before, p)]
    if len(named) == 1:
        return named[0]
    if leading in named and min(named, key=lambda p: _first_at(before, p)) == leading:
        return leading
    return ""


def _first_at(text: str, name: str) -> int:
    """Where ``text`` first names the person in full (see ``named_in``); -1 when it does not."""
    pattern = _full_name_pattern(name)
    if pattern is None:
        return text.find(name)
    m = pattern.search(text)
    return m.start() if m else -1


def _people(
    order: Sequence[Article], analyses: Mapping[str, Analysis], quotes: Sequence[Quote]
) -> dict[str, set[str]]:
    """Surname → the full names of the people who have it (the shortest form of each), for
    the surnames whose full names are plausible: no common word in them, no untagged other
    first name before the surname, no two people told apart by initials only."""
    texts = [a.text for a in order]
    common = common_words(texts)
    full: dict[str, set[str]] = {}
    # Each tagged name with the word written right before it; a quote's speaker has none.
    names = [(e.text, _word_before(art.text, e.start)) for art in order
             for e in analyses[art.id].entities if e.label == "PERSON"]
    for raw, before in [*names, *((q.speaker, "") for q in quotes)]:
        parts = re.sub(r"['’]s?$", "", " ".join(raw.split())).split()  # "Sanders's", "Sanders'"
        while len(parts) > 2 and parts[0].lower().rstrip(".") in _TITLE_WORDS:
            parts, before = parts[1:], parts[0]  # "Governor Isabel Carrow" → "Isabel Carrow"
        name = " ".join(parts)
        if parts[0].lower() in _NOT_FIRST_NAMES:
            continue  # the tagger ran a word into the name: "Said Comey: …", "While Comey …"
        if leads_a_thing(parts[0], before):
            continue  # a title the tagger took for people: "Star Wars Jedi: Fallen Order"
        if any(re.match(r"[A-Z]{2}[a-z]", p) for p in parts):
            continue  # a slip of the shift key ("HIllary Clinton") is not the name to print
        if particle_surname(name):
            continue  # "De Blasio said": the surname with its particle, not a full name
        # A particle inside the name is in lower case: "Bill de Blasio", "Ludwig van Beethoven".
        if 2 <= len(parts) <= 4 and all(
            p[:1].isupper() or (0 < i < len(parts) - 1 and p in PARTICLES) for i, p in enumerate(parts)
        ):
            full.setdefault(parts[-1], set()).add(name)
    out = {}
    for last, names in full.items():
        # "Governor Isabel Carrow" and "Isabel Carrow" are one person, and so are "James B.
        # Comey" and "James Comey": keep the shortest form.
        core = {n for n in names if not any(o != n and _same_person(n, o) for o in names)}
        if len({_initials(n) for n in names} - {""}) > 1:
            continue  # "George H. W. Bush" and "George W. Bush": two people
        if any(p.lower() in common and p not in PARTICLES for n in core for p in n.split()):
            continue
        # The person's own first and middle names are no one else's ("Hillary Rodham Clinton"),
        # and nor are those of the others the tagger found.
        given = {w for n in names for w in n.split()[:-1] if not INITIAL.match(w)}
        if _other_first_names(texts, last, given, common):
            continue
        out[last] = core
    return out


DOMINANT = 2  # times as many full-name mentions as anyone else with the surname, and at least that many


def _dominant(texts: Sequence[str], people: set[str]) -> str | None:
    """The one of ``people`` (full names with one surname) the sources name so much more often
    than the others that the bare surname is theirs, as the sources themselves write it
    ("Trump" for Donald Trump beside "Melania Trump"); None when no one is."""
    def mentions(name: str) -> int:
        pattern = _full_name_pattern(name)
        return sum(len(pattern.findall(t)) for t in texts) if pattern is not None else 0

    counts = sorted(((mentions(n), n) for n in people), reverse=True)
    (top, name), (second, _) = counts[0], counts[1]
    return name if top >= DOMINANT and top >= DOMINANT * second else None


def named_in(text: str, name: str) -> bool:
    """``text`` names the person in full, middle names and initials written or not ("Hillary
    Rodham Clinton" names "Hillary Clinton")."""
    return _first_at(text, name) >= 0


def _full_name_pattern(name: str) -> re.Pattern[str] | None:
    """The person's full name as a whole-word pattern (``full_name_regex`` of its
    ``person_key``); None for a one-word name."""
    key = person_key(name)
    if " " not in key:
        return None
    return re.compile(rf"(?<![\w'’.\-]){full_name_regex(key)}(?![\w\-])")


def full_name_regex(name: str) -> str:
    """A full name as the sources may write it, as a regular expression: middle initials or a
    middle name after the first name or not ("Hillary Rodham Clinton", "Donald J. Trump" for
    "Hillary Clinton", "Donald Trump")."""
    first, *rest = map(re.escape, name.split())
    return first + r"\s+(?:[A-Z]\.\s+)*(?:[A-Z][a-z][\w'’\-]*\s+)?" + r"\s+(?:[A-Z]\.\s+)*".join(rest)


def person_key(name: str) -> str:
    """One person's names as one key: the first name and the surname, middle names and
    initials left out ("Hillary Rodham Clinton" and "James B. Comey" are "Hillary Clinton" and
    "James Comey"); a name ending in a suffix keeps its words ("Donald Trump Jr")."""
    words = [w for w in name.split() if not INITIAL.match(w)]
    bare = [w for w in name_words(name) if not INITIAL.match(w)]
    if 2 <= len(bare) < len(words):
        # "Jr.", "Jr" and ", Jr." are one suffix: the quote stage writes it without the dot.
        return f"{bare[0]} {surname_of(' '.join(bare))} {suffix(name).capitalize()}"
    short = surname_of(" ".join(words))
    return " ".join(words) if short is None else f"{words[0]} {short}"


def one_person(name: str, other: str) -> bool:
    """``name`` and ``other`` are one person's names: the same ``person_key``, or the same
    surname after a first name and its short form whose first two letters match, with a
    generational suffix on one of them at most or the same on both ("Joe Biden" and "Joseph
    R. Biden Jr."). Not "Donald Trump" and "Donald Trump Jr": the same first name with a
    suffix on one only is the father and the son."""
    if person_key(name) == person_key(other):
        return True
    mine, theirs = name_words(name), name_words(other)
    if len(mine) < 2 or len(theirs) < 2 or surname_of(" ".join(mine)) != surname_of(" ".join(theirs)):
        return False
    first, their_first = mine[0], theirs[0]
    suffixes = {suffix(name), suffix(other)}
    return first != their_first and short_form(first, their_first) and (len(suffixes) == 1 or "" in suffixes)


def short_form(first: str, other: str) -> bool:
    """Two first names that may be one and its short form: their first two letters match ("Joe"
    and "Joseph", "Mike" and "Michael")."""
    return first[:2].lower() == other[:2].lower()


INITIAL = re.compile(r"^[A-Z]\.$")
# A family name's particle goes with it ("de Blasio", "van Gogh"); a generational suffix is no
# surname ("Donald Trump Jr", "Sr.", "III").
PARTICLES = frozenset("de da del della di du dos das van von der den ter ten le la al bin ibn st. st".split())
# Particles that open a surname written alone ("De Blasio said"), never a first name ("Al Gore").
SURNAME_PARTICLES = frozenset("de da del della di du dos das van von der den ter".split())


def particle_surname(name: str) -> bool:
    """A surname with its particle ("de Blasio", "De Blasio" opening a sentence): no full name."""
    words = name.split()
    return len(words) == 2 and words[0].lower() in SURNAME_PARTICLES


def surname_of(name: str) -> str | None:
    """The form a digest calls a person by after the first mention: the last word, with its
    particle ("Bill de Blasio" → "de Blasio"); None when the name ends in a suffix ("Donald
    Trump Jr") or is one word."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() in SUFFIXES:
        return None
    if len(words) >= 3 and words[-2].lower() in PARTICLES:
        return " ".join(words[-2:])
    return words[-1]
# Words the tagger runs into a name at a sentence's or a clause's start: an inverted
# attribution ("Said Comey: …"), a conjunction ("While Comey …") or a preposition ("Despite
# Rubio's strong showing …"). Capitalised there, they are no first name, even where the sources
# never write them in lower case.
_NOT_FIRST_NAMES = frozenset(
    """said says asked told added noted wrote while when that as but and if after before since
    because though although then so also only even meanwhile still yet despite amid with without
    for from by like unlike during until unless whether where why how once neither nor either both
    against among under over about toward towards upon within beyond besides including between in
    on at to of into onto through throughout across behind around near beside inside outside versus
    via than""".split()
)


def leads_a_thing(word: str, before: str) -> bool:
    """``word``, the first of a tagged name written after the word ``before`` ("" when none),
    leads the name of a thing, not a person's: a past participle in -n ("Fallen Order",
    "Broken Arrow"), which no first name is, or a noun's plural ("Wars Jedi") that goes on a
    run of capitalised words ("Star Wars Jedi: Fallen Order"). Some first names are plurals
    ("Miles Taylor", "Brooks Koepka"): after a title, a lower-case word, a stop or nothing
    ("said Miles Taylor, a former official") the plural is a first name."""
    low = word.lower()
    nouns = dictionary_words_of("noun")
    if not low.isalpha() or low in nouns or low in dictionary_words_of("verb"):
        return False  # a base word itself ("Will", "Rose", "Grace") may be a first name
    if low.endswith(("en", "wn", "rn")) and low in irregular_forms_of("verb"):
        return True
    if not before[:1].isupper() or before.lower().rstrip(".") in _TITLE_WORDS:
        return False
    if len(low) < 4 or not low.endswith("s") or low.endswith(("ss", "us", "is")):
        return False
    # "wars", "boxes", "churches"; not "Ines" ("in" + "es")
    return low[:-1] in nouns or (low.endswith(("ses", "xes", "zes", "ches", "shes")) and low[:-2] in nouns)


_LAST_WORD = re.compile(r"(?<![\w'’.\-])([A-Za-z][\w'’\-]*)[ \t]+$")


def _word_before(text: str, at: int) -> str:
    """The word right before ``at``, with only spaces between ("Star" of "Star Wars Jedi"); ""
    after punctuation, a line break, an abbreviation ("Sen.") or the text's start."""
    m = _LAST_WORD.search(text, max(0, at - 40), at)
    return m.group(1) if m else ""


def _initials(name: str) -> str:
    return " ".join(p for p in name.split() if INITIAL.match(p))


def _same_person(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` with a title, middle initials or a middle name more
    ("Governor Isabel Carrow", "James B. Comey" for "James Comey", "Hillary Rodham Clinton"
    for "Hillary Clinton")."""
    if longer.endswith(" " + shorter):
        return True
    return len(longer.split()) > len(shorter.split()) > 1 and person_key(longer) == person_key(shorter)


_WORD = re.compile(r"[A-Za-z][\w'’\-]*")


def common_words(texts: Sequence[str]) -> set[str]:
    """Words the sources write in lower case ("live", "when"): capitalised, such a word opens
    a sentence or a name of a thing, it is not a first name."""
    return {w for t in texts for w in _WORD.findall(t) if w[0].islower()}


def _other_first_names(texts: Sequence[str], last: str, given: set[str], common: set[str]) -> bool:
    """True when the sources write the surname after another first name ("Barack Obama"
    beside "Michelle Obama") that the tagger did not report as a person; ``given`` are the
    person's own first and middle names."""
    own = {w.lower() for w in given}
    pattern = re.compile(rf"\b([A-Z][\w'’\-]+)\s+{re.escape(last)}\b")
    for t in texts:
        for m in pattern.finditer(t):
            word = m.group(1)
            if word.lower() not in own and not is_first_name_slip(word, common):
                return True
    return False


def is_first_name_slip(word: str, common: set[str]) -> bool:
    """A capitalised word before a surname that is no first name: a common word, a title, a
    conjunction, a party or a date ("Although Trump …", "a Republican Obama", "President
    Obama", "In June Trump …")."""
    low = word.lower()
    return (low in common or low.rstrip(".") in _TITLE_WORDS or low in _NOT_FIRST_NAMES or low in _PARTY_WORDS
            or word in DAYS_AND_MONTHS)


_PARTY_WORDS = frozenset("republican republicans democrat democrats democratic gop".split())


# Titles written before a surname ("President Obama", "Governor Carrow"): not first names. The
# quote extractor's titles, and posts that name no one when the tagger runs them into a name
# ("Chief Jordan", "Sheriff Lott"), which it does not strip from a speaker's name.
_TITLE_WORDS = frozenset(w.rstrip(".") for w in TITLES) | frozenset(
    """chief director commissioner coach captain officer inspector detective sheriff councillor
    councilor ambassador bishop cardinal rabbi imam""".split()
)
