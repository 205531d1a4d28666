"""Digest sentences before layout: verbatim source spans, and quotes woven in with attribution.

A unit is a run of pieces; a piece is either verbatim source text (with its offsets, the
sentence's provenance) or a few words we add: a speaker's name, a role, the attribution
verb, quote marks. Here: verbatim units, each person given their full name at first mention
(with the title or role the sources write) and the surname after; quote units are built in
``woven``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..quotes.people import dictionary_words_of, name_words
from ..records import Quote
from .candidates import Sent, Story
from .context import leans_on_context, refers_back
from .days import mentions_day, weekdays
from .names import (INITIAL, PARTICLES, common_words, full_name_regex, introduced, is_first_name_slip, person_key,
                    surname_of)
from .quoting import OPEN_QUOTES, unquoted
from .roles import COURTESY_TITLES, ROLE_AFTER, SPEECH_VERB, TITLES, is_title, lone_noun_role, plausible_role
from .text import DAYS_AND_MONTHS, US_STATES


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of digest text: verbatim source (``start``/``end`` set), or words we add."""

    text: str
    start: int = -1
    end: int = -1
    name: str = ""  # a person's full name, rendered full on first mention, surname after
    role_after: bool = False  # with ``name``: ``text`` is ", role," said after the full name only
    courtesy: bool = False  # with ``name``: ``text`` is the source's "Mr. ", which the full name replaces
    # A verbatim piece that names a person in full, with the title the source writes before
    # the name ("Hollins Ford Mayor Gareth Pike"): printed whole at the first mention, from
    # ``name_at`` (the full name) or ``surname_at`` (the surname) after it, up to
    # ``name_end`` or ``surname_end`` (0: the end): a suffix ("Jr.") or a party tag after the
    # name (", R-Fla.,") is the first mention's only.
    person: str = ""
    name_at: int = 0
    surname_at: int = 0
    name_end: int = 0
    surname_end: int = 0


@dataclass(slots=True)
class Unit:
    """One digest sentence."""

    article_id: str
    index: int  # position of its source sentence in the article (ordering key)
    pieces: tuple[Piece, ...]
    sent: Sent | None  # the source sentence it stands for (None: a quote without one)
    quote: Quote | None = None
    chained: bool = False  # leans on the sentence before it (same article, index - 1)
    tail: bool = False  # a summary's last sentence, cut where the word budget ends (``select``'s ``fill``)

    @property
    def words(self) -> int:
        return sum(len(f"{p.text} {p.name}".split()) for p in self.pieces)  # a name written in full: as written

    @property
    def text(self) -> str:
        """Its words (names in full) in the order a first mention prints them, for checks on
        what it says: "Cruz spokesman Rick Tyler", not "Rick Tyler Cruz spokesman", which
        reads as another Cruz."""
        return " ".join(_words(p) for p in self.pieces)

    @property
    def score(self) -> float:
        return self.sent.score if self.sent is not None else 0.0

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.index)


def told_words(units: Sequence[Unit], met: set[str] | None = None) -> int:
    """How many words the units print together: a person's full name, role and all, once, and
    the surname at every other mention (``layout.render``), whichever unit is first in the
    digest's order; ``Unit.words`` counts the full name in each. Words are what ``str.split``
    gives, as ``summarize``'s budget counts them. ``met``, when given, is filled with the
    people they name (see ``added_words``)."""
    met = set() if met is None else met
    return sum(added_words(u, met) for u in units)


def added_words(unit: Unit, met: set[str]) -> int:
    """The words ``unit`` adds to units that have named the people ``met`` (person keys, which
    it extends with its own): its names in full only where they are new."""
    total = 0
    for p in unit.pieces:
        who = p.person or (person_key(p.name) if p.name else "")
        if not who or who not in met:
            if who:
                met.add(who)
            total += len(_words(p).split()) if p.name else len(p.text.split())
        elif p.person:
            total += len(p.text[p.surname_at : p.surname_end or len(p.text)].split())
        else:
            total += 1  # the surname ("Carrow"), the courtesy title and role left out
    return total


def _words(p: Piece) -> str:
    if not p.name:
        return p.text.strip()
    if p.courtesy:
        return p.name  # the full name replaces the source's "Mr. "
    return (p.name + p.text if p.role_after else p.text + p.name).strip()  # as ``layout.render`` prints it


def plain_unit(s: Sent) -> Unit:
    return Unit(s.article_id, s.index, tuple(house_style([Piece(s.text, s.start, s.end)])), s)


# Reuters' instrument codes after a name: a digest's reader has no market terminal to type them into.
_INSTRUMENT = (
    r"(?<=[\w%)])\s+(?:"
    # an index: .DJI, .N225; not a file type or a web domain (".NET", ".PDF", ".COM", ".XXX")
    r"\.(?!(?:NET|PDF|JPE?G|PNG|GIF|EXE|DOCX?|ZIP|MP[34]|CSV|TXT|HTML?|COM|ORG|GOV|EDU|XXX|IO|AI|UK|CO|US|EU"
    r"|INFO|BIZ|TV|APP)\b)[A-Z][A-Z0-9]{1,11}"
    # a share: (AAPL.O), <DBKGn.DE>; not a place's or a degree's initials ("(D.C)", "(Ph.D)")
    r"|[(<](?!(?:D\.C|N\.Y|N\.J|L\.A|Ph\.D|U\.S|U\.K|U\.N|E\.U)[)>])[A-Z0-9][A-Za-z0-9]{0,7}\.[A-Z]{1,3}[)>]"
    r"|[A-Z0-9]{2,10}=[A-Z]{0,4}"  # a yield or a currency: US10YT=RR, EUR=
    r"|[A-Z]{1,4}c\d"  # a future's front month: CLc1, LCOc1
    r"|CM[A-Z]{2}3"  # a London Metal Exchange three-month price: CMCU3
    r")(?=[\s,.;:)]|$)"
)
# A full stop after the closing quote mark, as British papers write it ("… “becomes uncontrollable”."):
# the digest's style puts it inside ("… “becomes uncontrollable.”"), as in the sentences it builds;
# only after a quote opened before it, and not an inch's mark ("5’2”.").
_STOP_OUTSIDE = r"(?<=[A-Za-z%)])”\.(?=\s|$)"
# A footnote's number ("… false alarms [1]."), which points at a list the digest does not carry;
# a run of them goes whole ("[1][2]", "[1], [2]"). In parentheses only before a sentence's end: "Smith
# (45) said" is an age.
_ONE_NOTE = r"\[\d{1,3}(?:\s?[,–-]\s?\d{1,3})*\]"
_NOTE_MARK = (
    rf"(?<=[\w.,;:%)”])\s?{_ONE_NOTE}(?:\s?,?\s?{_ONE_NOTE})*"
    # a health page's study numbers before the full stop: "… a higher risk of binge eating (2)."
    r"|(?<=[a-z])\s\(\d{1,3}(?:,\s?\d{1,3})*\)(?=[.!?](?:\s|$))"
)
_HOUSE_STYLE = re.compile(f"(?P<code>{_INSTRUMENT})|(?P<note>{_NOTE_MARK})|(?P<stop>{_STOP_OUTSIDE})")


def house_style(pieces: list[Piece]) -> list[Piece]:
    """Verbatim pieces in the digest's style: without the instrument codes in them ("the Dow
    Jones Industrial Average .DJI fell …" → "the Dow Jones Industrial Average fell …") or a
    footnote's number ("[1]"), a full stop inside the closing quote mark; the words around each
    change cited as they stand."""
    out: list[Piece] = []
    for p in pieces:
        done = 0
        for m in _HOUSE_STYLE.finditer(p.text) if p.start >= 0 else ():
            if m.group("stop") and p.text.rfind("“", 0, m.start()) <= p.text.rfind("”", 0, m.start()):
                continue  # no quote open before it
            if m.start() > done:
                out.append(Piece(p.text[done : m.start()], p.start + done, p.start + m.start()))
            if m.group("stop"):
                out.append(Piece(".”"))
            done = m.end()
        if not done:
            out.append(p)
        elif done < len(p.text):
            out.append(Piece(p.text[done:], p.start + done, p.end))
    return out


def body_unit(story: Story, s: Sent, taken: set[tuple[str, int]]) -> Unit | None:
    """A body sentence, or None when it opens with a pronoun it cannot stand without.

    A bare surname ("Carrow said …", "On Tuesday, Comey said …") is given the full name
    (see ``named_unit``); one the story cannot name in full ("Scott, who was black, …" where
    the sources name two Scotts) leans on its article's sentence before, like a pronoun.
    """
    if leans_on_context(s.text) or _unnamed_opener(story, s):
        if (s.article_id, s.index - 1) in taken:
            # Told right after the sentence it leans on, its names as any other's: "Sanders said
            # he didn't think the accord went far enough …" may be the digest's first Sanders.
            unit = named_unit(story, s)
            unit.chained = True
            return unit
        return None
    return named_unit(story, s)


def _common_word(word: str) -> bool:
    """A verb, adjective or adverb of the lemmatizer's dictionary ("exit", "demographic"); its
    nouns hold surnames ("scott")."""
    return any(word in dictionary_words_of(pos) for pos in ("verb", "adj", "adv"))


_SIDE_MENTIONS = 2  # a side figure's article names them in passing: "Keith Lamont Scott, 43," and "Scott, who …"


def _unnamed_opener(story: Story, s: Sent) -> bool:
    """The sentence opens on a person's bare name (one word the tagger calls a person) that
    no full name in the story stands for and that only its own article writes: a side
    figure the article introduced earlier ("Scott" of another shooting), not the story's
    protagonist ("Clinton", whom the sources share with her husband)."""
    m = _BARE_NAME.match(s.text)
    if m is None or (s.start, s.start + m.end()) not in story.person_spans.get(s.article_id, frozenset()):
        return False
    word = m.group(0)
    if word in story.persons or word in story.article_persons.get(s.article_id, {}):
        return False
    if len(story.articles) < 2:
        return False
    written = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    counts = {a.id: [w.group(0) for w in written.finditer(a.text)] for a in story.articles.values()}
    if any(w[0].islower() for found in counts.values() for w in found) or _common_word(word.lower()):
        return False  # a common word the tagger took for a name: "Exit polls told …"
    return len(counts[s.article_id]) <= _SIDE_MENTIONS and not any(f for k, f in counts.items() if k != s.article_id)


_BARE_NAME = re.compile(r"(?<![\w'’.\-])[A-Z][\w\-]*[a-z](?=[\s,.;:!?'’]|$)")
_AFTER_A_NUMBER = re.compile(r"\d\s+$")  # "11 Pro": a model's name, not a person's
_COURTESY_ANYWHERE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+")
_COURTESY = re.compile(_COURTESY_ANYWHERE.pattern + "$")  # just before a name
_MALE_COURTESY = "Mr"
_MESSRS = re.compile(r"\bMessrs\.?\s+$")  # "Messrs. Sanders and Welch": two people's title, left as written
# A surname after an article names a thing of theirs: "the Clinton campaign", "an Obama aide".
_ATTRIBUTIVE = re.compile(r"\b(?:[Tt]he|an?|An?)\s+$")


def _titled_leading(story: Story, article_id: str, word: str, title: str) -> str:
    """The full name a courtesy title before a surname several people share stands for ("Mrs.
    Clinton" beside Bill Clinton): the person the sources call by the surname (``Story.leading``),
    when the article gives that surname titles of one kind only ("Mrs." or "Ms.", never "Mr.":
    the title tells the one it is for) and names no one else with it in full more often than
    that person. "" when that is not sure."""
    leading = story.leading.get(word, "")
    if not leading:
        return ""
    male = title.rstrip(". ").strip() == _MALE_COURTESY
    key = f"titled_leading {article_id} {word} {male}"
    if key not in story.cache:  # the article is read once per surname and kind of title
        story.cache[key] = _titled_leading_in(story.articles[article_id].text, word, male, leading)
    return story.cache[key]


def _titled_leading_in(text: str, word: str, male: bool, leading: str) -> str:
    """``_titled_leading`` read from the article's ``text``, for a "Mr." (``male``) or another title."""
    kinds = {m.group(1) == _MALE_COURTESY
             for m in re.finditer(rf"{_COURTESY_ANYWHERE.pattern}{re.escape(word)}\b", text)}
    if kinds != {male}:
        return ""
    # First names the article writes before the surname ("Bill Clinton", "Hillary Rodham
    # Clinton"): the leading person's may be no rarer than anyone else's.
    common = common_words([text])
    # Each capitalised word with the surname one or two words on: "President Bill Clinton".
    before = re.compile(rf"\b([A-Z][a-z][\w\-]*)(?!['’])(?=\s+(?:[A-Z]\.\s+|[A-Z][a-z]+\s+)?{re.escape(word)}\b)")
    firsts = Counter(m.group(1) for m in before.finditer(text) if not is_first_name_slip(m.group(1), common))
    own = firsts.get(leading.split()[0], 0)
    return leading if own and own >= max(firsts.values()) else ""


def named_unit(story: Story, s: Sent) -> Unit:
    """The sentence with each bare surname given the full name, when the story names
    exactly one person so and the word is that person (see ``_is_that_person``); layout
    prints the full name only at the first mention in the digest. A courtesy title is the
    first mention's full name ("Mr. Sanders has found …" → "Bernie Sanders has found …") and
    is left out after it ("Sanders"). A name already written in full ("James B. Comey") is left as it is.
    """
    pieces: list[Piece] = []
    done = 0  # characters of the sentence already in ``pieces``
    # Quoted words are the speaker's: "chanting “Keller out, Keller out”" stays as chanted.
    source = story.articles[s.article_id].text
    plain = unquoted(source, s.start, s.end) if any(c in s.text for c in "“”\"«»`'") else s.text
    for m in _BARE_NAME.finditer(plain):
        word = m.group(0)
        before = s.text[: m.start()]
        if _AFTER_A_NUMBER.search(before):
            continue  # a model, not a person: "the iPhone 11 and 11 Pro", though "MacBook Pro" was tagged one
        title = _COURTESY.search(before)
        if title is None:
            full = story.persons.get(word) or story.article_persons.get(s.article_id, {}).get(word)
        else:
            # The one person the article names so in full, unless the sources call someone else
            # by the surname: "Mrs. Clinton" in an article that names only "Bill Clinton" in
            # full is Hillary Clinton, named in another.
            own = story.article_persons.get(s.article_id, {}).get(word, "")
            if own and word in story.leading and person_key(story.leading[word]) != person_key(own):
                own = ""
            full = (story.persons.get(word) or own
                    or _titled_leading(story, s.article_id, word, title.group(0)))
        if not full and title is None and word in story.namesakes and not _after_a_capital(before):
            # A surname two of the story's people share is the one its article has introduced
            # so far: "Clinton was trying to recapture …" after "Hillary Clinton and Bernie
            # Sanders" is Hillary Clinton, though the sentence goes on to name Bill Clinton.
            # Not after a capitalised word: "His wife Heidi Cruz" is written in full already.
            # Where it has introduced both, the story's leading one if it came first.
            full = introduced(source, s.start + m.start(), story.namesakes[word], story.leading.get(word, ""))
        if not full or full == m.group(0):
            continue
        if _written_in_full(before, full) or _ATTRIBUTIVE.search(before) or _MESSRS.search(before):
            continue
        if _in_anothers_role(s.text, m.end()):
            continue  # "former Obama adviser David Axelrod": the role is Axelrod's, left whole for ``_in_full``
        courtesy = title
        if courtesy is not None and courtesy.start() < done:
            continue
        # "Mr. Biden" is a person, whether or not the tagger said so: the story's one Biden.
        if courtesy is None and not _is_that_person(story, s, m.start(), m.end(), full):
            continue
        cut = courtesy.start() if courtesy else m.start()  # "Mr. " is said after the first mention only
        # The surname's particle goes with it: "al Ashry said" → "Ahmed al Ashry said", not "al Ahmed
        # al Ashry"; "de Blasio" → "Bill de Blasio".
        particle = re.search(r"(?:^|(?<=\s))([A-Za-z]{1,4})\s+$", before) if courtesy is None else None
        if particle and particle.group(1).lower() in PARTICLES and re.search(
            rf"\s{re.escape(particle.group(1))}\s+{re.escape(word)}$", full, re.IGNORECASE
        ):
            cut = particle.start(1)
        if cut > done:
            pieces.append(Piece(s.text[done:cut], s.start + done, s.start + cut))
        # At first mention the role the story gives the person, unless a title stands there
        # already ("Governor Carrow"; a courtesy title is replaced): "Carrow said" → "Governor
        # Isabel Carrow said"; or else the description the source writes after the name, before
        # a speech verb: "Mr. Ekovich said" → "Steven M. Ekovich, a broker, said".
        titled = (courtesy is None and _WORD_BEFORE.search(before) is not None) or (
            _APPOSITIVE.match(s.text, m.end()) is not None)
        role = "" if titled else _lead_role(story, full)
        rest = s.text[m.end() :].lstrip()
        says = _SPACE_AFTER.match(s.text, m.end()) and (verb := SPEECH_VERB.match(rest))
        if says and s.text[:cut].rstrip().endswith(",") and rest[verb.end() :].startswith(","):
            says = None  # an aside ("attacks that, Sweet noted, Trump said …"): no commas inside its commas
        after = _described(story, full) if says and not (titled or role) else ""
        if role and not _SENTENCE_OPENS.search(s.text[:cut]):
            role = role[0].lower() + role[1:] if role.split()[0].lower() in _LOWER_ROLE_WORDS else role
        elif role:
            role = role[0].upper() + role[1:]
        if role and courtesy is not None and not any(role in a.text for a in story.articles.values()):
            # In place of "Mr.", a title as the sources write it: not "Governor John Kasich"
            # built from "the governor there" (no source writes the capitalised word).
            role = ""
        if role:
            pieces.append(Piece(role + " ", name=full))
        elif after:
            pieces.append(Piece(f", {after},", name=full, role_after=True))
        elif courtesy is not None:
            pieces.append(Piece(s.text[cut : m.start()], name=full, courtesy=True))
        else:
            pieces.append(Piece("", name=full))
        gap = len(s.text[m.end() :]) - len(s.text[m.end() :].lstrip())
        if gap:
            pieces.append(Piece(s.text[m.end() : m.end() + gap]))  # the space or comma after it
        done = m.end() + gap
    if done < len(s.text):
        pieces.append(Piece(s.text[done:], s.start + done, s.end))
    pieces = dated(story, s.article_id, _placed(story, s.article_id, house_style(pieces)))
    return Unit(s.article_id, s.index, tuple(_in_full(story, s.article_id, pieces)), s)


# Before a name inside a sentence a role's first word keeps the case prose gives it: "…,"
# former Vermont governor Madeleine Kunin said", not "…," Former …".
_SENTENCE_OPENS = re.compile(r"(?:^|[.!?][”\"’']?)\s*$")
_LOWER_ROLE_WORDS = frozenset("former acting retired then late interim deputy assistant".split())


def _written_in_full(before: str, full: str) -> bool:
    """``before`` ends with the first name of ``full``, and any middle initials or a middle
    name ("Donald J. ", "Hillary Rodham ")."""
    given = r"\s+".join(map(re.escape, full.split()[:-1]))
    middle = r"(?:\s+[A-Z]\.)*(?:\s+[A-Z][a-z][\w'’\-]*)?"
    # A list's dash before it is no part of a word: "-Donald Trump leads over Ted Cruz …".
    return re.search(rf"(?<![\w'’.])(?<!\w-){given}{middle}\s+$", before) is not None


# "here" as a reporter on the spot writes it ("told voters here Sunday"); not "from here",
# "is here", "Here is …" nor a quote's. A digest has no dateline, so it names the place.
_HERE = re.compile(r"(?<=[\w,’'])\s+here\b(?=[\s,.;:)]|$)")
_HERE_AFTER = re.compile(
    r"\b(?:from|to|over|near|out|up|down|back|come|came|comes|coming|get|gets|got|is|are|was|were|be|been|"
    r"being|right|in|around|stay|stays|stayed|live|lives|lived|and|or|there|go|goes|went|arrive|arrives|"
    r"arrived|move|moved|bring|brought|it|that|this|[’']s)$",
    re.IGNORECASE,
)
_PLACE_NEXT = re.compile(r"\s+(?:at|in|on)\s+(?:the\s+)?[A-Z]")  # "here at the University of Miami"
# "here" as the object of "of" ("a few miles south of here, in Tamarac"): the place itself
# stands for it, or it stays, since cutting it leaves "south of, in Tamarac".
_OF_BEFORE = re.compile(r"\bof$", re.IGNORECASE)


def _placed(story: Story, article_id: str, pieces: list[Piece]) -> list[Piece]:
    """Verbatim pieces with the reporter's "here" made the dateline's place ("in Miami"),
    or dropped where a place follows it ("the debate stage here at the University of Miami")
    or the article has no dateline to name ("told voters here Sunday" → "told voters Sunday":
    a digest of several outlets has no "here")."""
    place = story.datelines.get(article_id, "")
    source = story.articles[article_id].text
    out: list[Piece] = []
    for p in pieces:
        if p.start < 0 or "here" not in p.text:
            out.append(p)
            continue
        plain = unquoted(source, p.start, p.end)
        done = 0
        for m in _HERE.finditer(plain):
            follows = _PLACE_NEXT.match(plain, m.end()) is not None
            if _HERE_AFTER.search(plain, 0, m.start()):
                continue
            of = _OF_BEFORE.search(plain, 0, m.start()) is not None
            if of and not place:
                # An article without a dateline (an archive's copy, "ABSTRACT. … FULL TEXT.")
                # beside its outlet's datelined version of the story: that one's place, when
                # there is one; else "here" stays.
                outlet = story.articles[article_id].source
                places = {v for a, v in story.datelines.items() if v and story.articles[a].source == outlet}
                if len(places) != 1:
                    continue
                place_of = next(iter(places))
            else:
                place_of = place
            out.append(Piece(p.text[done : m.start()], p.start + done, p.start + m.start()))
            if of:
                out.append(Piece(f" {place_of}"))
            elif place and not follows:
                out.append(Piece(f" in {place}"))
            done = m.end()
        out.append(Piece(p.text[done:], p.start + done, p.end) if done else p)
    return out


def dated(story: Story, article_id: str, pieces: list[Piece]) -> list[Piece]:
    """Verbatim pieces with the reporter's relative day said as a weekday (see ``days``), our
    words between verbatim pieces; left as written when the article's local date is not sure."""
    day = story.days.get(article_id)
    if day is None:
        return pieces
    source = story.articles[article_id].text
    opening = pieces[0].start if pieces else -1  # where the sentence starts, when verbatim
    out: list[Piece] = []
    for p in pieces:
        if p.start < 0 or not mentions_day(p.text):
            out.append(p)
            continue
        done = 0
        for a, b, words in weekdays(unquoted(source, p.start, p.end), opening - p.start, day):
            if a > done:
                out.append(Piece(p.text[done:a], p.start + done, p.start + a))
            out.append(Piece(words))
            done = b
        if done < len(p.text):
            out.append(Piece(p.text[done:], p.start + done, p.end) if done else p)
    return out


# Before a title that goes with the name, the words that may end a clause: "alongside
# Ashford Mayor Olivia Brandt", "said Finance Minister …"; not "the", "finance" ("Opposition
# finance spokesperson …"), which would leave part of the role behind.
_ROLE_BOUNDARY = re.compile(  # the words in either case: "When Sen. Bernie Sanders of Vermont took …"
    r"(?:^|[,;:(—–]\s*|\b(?i:of|in|on|at|by|for|with|from|to|into|about|against|between|among|during|after|"
    r"before|since|until|alongside|including|like|as|and|or|but|nor|than|said|says|told|joined|met|"
    r"according to|while|when|where|whom|whose)\s+)$"
)
_ROLE_WORD = re.compile(r"(?:[A-Z][\w'’.\-]*|(?<![\w\-])[a-z][a-z\-]*)\s+$")  # "front-runner" whole
# A title for several people before a list ("Sens. Ted Cruz (R-Texas), Marco Rubio (R-Fla.) and
# Ohio Gov. John Kasich"): in the list, a name's own title is what keeps it out of that group.
_PLURAL_TITLE = re.compile(r"\b(?:Sens|Reps|Govs|Gens|Drs|Profs)\.\s|\b(?:Senators|Representatives|Governors)\s+[A-Z]")


def _in_full(story: Story, article_id: str, pieces: list[Piece]) -> list[Piece]:
    """Verbatim pieces with each person the source names in full ("Hollins Ford Mayor Gareth
    Pike said …") split out, title and all, so that layout prints the name in full at the
    first mention only and the surname after it ("Pike said …"), each part still verbatim.

    Only a name the story knows as a person's full name (the people its articles' surnames
    stand for, its quotes' speakers), outside quotes, not part of a longer name. The title goes with the
    first name when the clause can lose it whole: it starts the sentence or follows a comma
    or a preposition ("alongside Ashford Mayor Olivia Brandt" → "alongside Brandt"), and is
    no courtesy title ("Dr. Annika Roos" → "Dr. Roos").
    """
    found = _full_names(story)
    if found is None:
        return pieces
    source = story.articles[article_id].text
    out: list[Piece] = []
    for k, p in enumerate(pieces):
        if p.start < 0 or p.name:
            out.append(p)
            continue
        plain = unquoted(source, p.start, p.end)
        done = 0
        # The piece's start is a clause boundary only when the sentence or a boundary before it
        # ends there; not after a name put in: "said former [Obama] adviser David Axelrod".
        opens = k == 0 or (not pieces[k - 1].name and _ROLE_BOUNDARY.search(pieces[k - 1].text) is not None)
        for m in found.finditer(plain):
            a, b = m.span()
            name = person_key(m.group(0))  # "Hillary Rodham Clinton" is "Hillary Clinton" met again
            if _NAME_AFTER.match(plain, b):
                continue  # "Olivia Brandt Foundation"
            # A title the clause cannot lose stays, with the surname after it: "Republican
            # front-runner Trump", "Dr. Roos".
            role = _role_before(p.text, done, a, opens=opens)
            role = a if role is None else role
            if role > done:
                out.append(Piece(p.text[done:role], p.start + done, p.start + role))
            # "de Blasio"; "Biden" of "Joseph R. Biden Jr.", the suffix after it left out (whether
            # the short form may drop it is ``layout.short_names``'s to say)
            written = m.group(0)
            base = " ".join(name_words(written))
            short = surname_of(base)
            last = base.split()[-1]
            end = a + written.rfind(last) + len(last)  # where the name ends without its suffix
            tag = _PARTY_TAG.match(plain, b)
            stop = tag.end() if tag else b  # ", R-Fla.," goes with the first mention only
            out.append(Piece(p.text[role:stop], p.start + role, p.start + stop, person=name, name_at=a - role,
                             surname_at=end - role - len(short) if short else a - role,
                             name_end=b - role, surname_end=end - role if short else b - role))
            done = stop
        out.append(Piece(p.text[done:], p.start + done, p.end) if done else p)
    return out


# A party and state after a name, as the first mention gives them: ", R-Fla.," (its
# trailing comma with it), " (R-Texas)", or ", D-Vt" before the full stop that ends the
# sentence (the abbreviation's dot is the sentence's); or the state alone, a newspaper's way:
# "Sen. Bernie Sanders of Vermont".
_PARTY_TAG = re.compile(
    r",\s+[RDI]-[A-Z][a-z]+\.?,|\s+\([RDI]-[A-Z][a-z]+\.?\)|,\s+[RDI]-[A-Z][a-z]+(?=\.?[”’\"']?\s*$)"
    rf"|\s+of\s+(?:{'|'.join(US_STATES)})(?![\w'’])"
)


def _full_names(story: Story) -> re.Pattern[str] | None:
    """One pattern for the full names of the people the story's surnames stand for (vetted by
    ``names.surnames``: no surname two people share, no tagger slip) and of its quotes'
    speakers, middle initials or a middle name written or not ("Donald J. Trump" is "Donald
    Trump"), titles left out ("Councillor Martin Hale" is
    "Martin Hale"), places the tagger also took for people ("Hollins Ford") left out. Built
    once per story."""
    if "full_names" not in story.cache:
        places = {" ".join(a.text[x:y].split()) for a in story.articles.values() for x, y in story.places.get(a.id, ())}
        # Quote speakers too (the analyse stage resolved them to a full name): that another
        # person shares the surname is what ``layout.short_names`` checks in the digest's text.
        speakers = {q.speaker for q, _ in story.quotes
                    if all(w[:1].isupper() or w in PARTICLES for w in q.speaker.split())}
        raw = {*story.persons.values(), *story.leading.values(), *speakers,
               *(n for per in story.article_persons.values() for n in per.values())}
        known = {" ".join(w) for n in raw if n not in places
                 and len(w := [x for x in _untitled(n.split()) if not INITIAL.match(x)]) > 1}
        names = sorted(known, key=len, reverse=True)
        story.cache["full_names"] = re.compile(
            # Not ``\b`` at the end: a name may end on a full stop ("Joseph R. Biden Jr.").
            r"(?<![\w'’.\-])(?:" + "|".join(map(full_name_regex, names)) + r")(?!\w)"
        ) if names else None
    return story.cache["full_names"]


def _untitled(words: list[str]) -> list[str]:
    while words and is_title(words[0]):
        words = words[1:]
    return words


def _role_before(text: str, floor: int, at: int, *, opens: bool = True) -> int | None:
    """Where the title before the name at ``at`` starts ("Hollins Ford Mayor" of "Hollins Ford
    Mayor Gareth Pike"; ``at`` itself when there is none), or None when what precedes is no
    clause boundary (a courtesy title, "the …", a word that is part of the role); the start of
    ``text`` is one only when it ``opens`` a clause. The title is a job title or a role noun
    (``_ROLE_NOUNS``) with what is written before it: capitalised words, a title's "of"
    ("former Secretary of State", "Bank of England Governor") and the lower-case words of a
    role ("presumptive Republican presidential nominee")."""
    start = at
    while start > floor and (m := _ROLE_WORD.search(text, floor, start)) is not None:
        word = m.group(0).strip()
        lower = word.lower()
        if word[0].isupper() and (of := _TITLE_OF.search(text, floor, start)) and _heads_role(of.group(1)):
            start = of.start(1)  # "Secretary of State", "Speaker of the House"
            continue
        if lower in ("of", "the") and start < at and text[start].isupper():
            name = _NAME_OF.search(text, floor, start)
            if name is None:
                break
            start = name.start()  # "Bank of England Governor": the whole name is the role's
            continue
        if not (_heads_role(word) or (start < at and (
                (word[0].isupper() and lower not in _OPENING_WORDS and word not in DAYS_AND_MONTHS)
                or lower in _ROLE_MODIFIERS))):  # not "On Tuesday Republican …": the day is no role's
            break
        if word.lower().rstrip(".") in COURTESY_TITLES:
            return None  # "Dr. Annika Roos": the title goes with the surname, as written
        start = m.start()
    if start < at and _PLURAL_TITLE.search(text, 0, start):
        return None  # "… and Ohio Gov. Kasich" after "Sens. …": the title stays with the surname
    # "Farmer Dylan Prewitt", "Republican Bob Dole": no title we know, so no boundary either.
    if start == 0 and not opens:
        return None
    return start if _ROLE_BOUNDARY.search(text, floor, start) else None


# Nouns that head a role before a name besides the titles ("House Speaker Paul Ryan",
# "presumptive Republican presidential nominee Donald Trump"), and the lower-case words a
# role is written with before them.
_ROLE_NOUNS = frozenset(
    "speaker nominee candidate contender hopeful front-runner frontrunner justice aide strategist pollster "
    "consultant democrat republican host anchor commentator columnist correspondent activist".split()
)
_ROLE_MODIFIERS = frozenset(
    "former presumptive presidential vice acting interim then outgoing incoming campaign press communications "
    "national security policy party senior top political longtime conservative liberal radio talk chat show "
    "television news".split()
)
_NAME_OF = re.compile(r"\b[A-Z][\w'’.\-]*\s+of\s+(?:the\s+)?$")
_TITLE_OF = re.compile(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*\s+){1,3}$")


def _heads_role(word: str) -> bool:
    return is_title(word) or word.lower() in _ROLE_NOUNS


# The lower-case words after a surname up to the capitalised word that follows them: "Obama
# adviser David", "Clinton campaign manager Robby".
_WORDS_TO_A_NAME = re.compile(r"(?:\s+[a-z][\w\-]*){1,3}\s+(?=[A-Z][a-z])")


def _in_anothers_role(text: str, end: int) -> bool:
    """Whether the surname ending at ``end`` is part of another person's role, a role noun and
    that person's name after it: "Obama" in "former Obama adviser David Axelrod", "Clinton" in
    "Clinton campaign manager Robby Mook"."""
    m = _WORDS_TO_A_NAME.match(text, end)
    if m is None:
        return False
    *words, head = m.group(0).split()
    return _heads_role(head) and all(_heads_role(w) or w in _ROLE_MODIFIERS for w in words)


# A description just after it says the role already: "Christie, the New Jersey governor, …".
_APPOSITIVE = re.compile(r",\s+(?:the|a|an)\s")
# A capitalised word or a title just before the surname: "Governor Carrow", "Dr. Roos".
_WORD_BEFORE = re.compile(r"(?:\b[A-Z][\w.'’\-]*|\b(?:the|a)\s+\w+)\s+$")


def _lead_role(story: Story, full: str) -> str:
    """The job title one of the person's quotes gives, as it reads before the name
    ("Governor", "Finance Minister"), capitalised when it opens on the title itself; a word
    that only describes it keeps the source's case ("panel Chairman Rep." stays so: "but panel
    Chairman Rep. Jason Chaffetz declined", not "Panel Chairman"); "" when none does (a
    description such as "only doctor on stage" is not a title)."""
    for q, _ in story.quotes:
        if q.speaker != full:
            continue
        role = plausible_role(" ".join(q.role.split()))
        words = {w.lower().strip(",.") for w in role.split()}
        if role and len(role.split()) <= 4 and words & TITLES and not ROLE_AFTER.search(role):
            first = role.split()[0].lower().strip(",.")
            return role[0].upper() + role[1:] if first in TITLES or first.rstrip(".") in TITLES else role
    return ""


# A speech verb after the name ("Burke said"), where the description goes in commas as in a
# built quote's attribution; not "Taylor's group", nor inside a clause ("a report that Carson would …").
_SPACE_AFTER = re.compile(r"\s+(?=[a-z])")
# Where the source's description of a person ends: "…, a broker, said", "…, a pollster who …".
_DESCRIPTION_ENDS = re.compile(r"\s*(?:[,.;:)—–]|$)|\s+(?:who|whose|which|that)\b")


# "a broker", "the leader in Republican polls": a short one, the sentence is the source's
_DESCRIPTION_WORDS = 6


def _described(story: Story, full: str) -> str:
    """The short description one of the person's quotes gives (see ``described_role``), "" when none does."""
    return next((d for q, _ in story.quotes if q.speaker == full
                 and 0 < len((d := described_role(story, q)).split()) <= _DESCRIPTION_WORDS), "")


def described_role(story: Story, q: Quote) -> str:
    """The quote's role as its source writes it in commas after the speaker's name, with its
    article: "a broker" of "Steven M. Ekovich, a broker based in Tampa, Fla., who …". A lone
    common noun ("broker", "pollster"), which ``plausible_role`` cannot tell from a parsing slip
    ("statement", "crowd"), is one there. "" when the source writes it otherwise, or when it ends
    on a name the source goes on with: "a leader of the Coalition" of "… the Coalition to Stop
    Trump and March on the RNC" names no coalition the reader knows."""
    role = " ".join(q.role.split())
    words = role.split()
    if not words:
        return ""
    if not plausible_role(role) and not lone_noun_role(role):
        return ""
    text = story.articles[q.article_id].text
    m = role_after_name(text, q.speaker, role)
    if m is None or (words[-1][:1].isupper() and not _DESCRIPTION_ENDS.match(text, m.end())):
        return ""
    return f"{m.group(1)} {role}"


def role_after_name(
    text: str, speaker: str, role: str, article: str = r"(an?|the)\s+"
) -> re.Match[str] | None:
    """Where ``text`` writes ``role`` in commas right after the speaker's name, behind ``article``
    (a pattern; by default "a", "an" or "the", its group 1; "" for none): "Steven M. Ekovich, a
    broker …", "Tim Selaty, organizer of a group …"."""
    return re.search(rf"(?<![\w.]){re.escape(speaker)},\s+{article}{re.escape(role)}(?![\w'’\-])", text)


# A relative clause on a sentence's first word: "X, who …" describes a person.
_RELATIVE_WHO = re.compile(r",\s+(?:who|whose)\b")


def _after_a_capital(before: str) -> bool:
    """The text before a name ends in a capitalised word that may be the name's first part
    ("Heidi " of "Heidi Cruz", "Senator "); not a sentence's opening word ("While Cruz …")."""
    m = _TOKEN_BEFORE.search(before)
    if m is None or not m.group(1)[:1].isupper():
        return False
    return not (m.start() == 0 and m.group(1).lower() in _OPENING_WORDS)


def _is_that_person(story: Story, s: Sent, a: int, b: int, full: str) -> bool:
    """The sentence's characters ``a``–``b`` name ``full``, not a thing sharing the word.

    Yes when our analysis tags exactly that word a person ("Obama", not "Live" of the
    organisation "Live Nation"), or when it opens the sentence as the subject of a speech
    verb and a quote of the story resolved its speaker to ``full`` ("Carrow said …" beside
    Governor Isabel Carrow's quote, where the tagger missed the bare name).
    """
    if (s.start + a, s.start + b) in story.person_spans.get(s.article_id, frozenset()):
        return True
    if _tagger_missed(story, s, a, b, full):
        return True
    if a != 0:
        return False
    if _RELATIVE_WHO.match(s.text, b):
        return True  # "Christie, who has campaigned for Trump, …"
    speaks = SPEECH_VERB.match(s.text[b:].lstrip(" ,")) is not None
    return speaks and any(q.speaker == full or q.speaker.endswith(" " + full) for q, _ in story.quotes)


# A capitalised word after the surname makes it part of another name ("Trump Tower",
# "Kasich Institute"); a day or a month does not ("Trump Monday").
_NAME_AFTER = re.compile(rf"\s+(?!(?:{'|'.join(DAYS_AND_MONTHS)})\b)[A-Z]")
# A capitalised word just before it: a title ("Gov. Kasich"), a sentence's opening word
# ("While Kasich …"), or a name's first part ("Ivanka Trump", "Donald J. Trump").
_TOKEN_BEFORE = re.compile(r"(?:^|\s)(\S+)\s+$")
_OPENING_WORDS = frozenset("""as when while if after before since because though although but and or so yet
    then unless until where like unlike with without for from by to at on in of""".split())


def _tagger_missed(story: Story, s: Sent, a: int, b: int, full: str) -> bool:
    """The bare surname at ``a``–``b`` is ``full`` although the tagger called it a place or an
    organisation ("where Kasich, …" tagged GPE, "Trump’s campaign manager" ORG): its own
    article names ``full`` as a person, and the word stands alone — no place's span runs
    past it, no capitalised word joins it into another name ("Trump Tower"), and a
    capitalised word before it is a title ("Gov. Kasich"), not a name's first part."""
    if story.article_persons.get(s.article_id, {}).get(s.text[a:b]) != full:
        return False
    start, end = s.start + a, s.start + b
    places = story.places.get(s.article_id, ())
    if any(p0 <= start and end <= p1 and (p0, p1) != (start, end) for p0, p1 in places):
        return False
    if _NAME_AFTER.match(s.text, b):
        return False
    lead = _TOKEN_BEFORE.search(s.text, 0, a)
    if lead is None or not lead.group(1)[:1].isupper() or lead.group(1)[-1] in ",;:)”\"":
        return True  # nothing, a lower-case word or a clause's end before it: "Miami, Trump opened"
    word = lead.group(1).lower().rstrip(".")
    return is_title(word) or (lead.start() == 0 and word in _OPENING_WORDS)


def starts_clean(s: Sent) -> bool:
    """A sentence that can open a digest: not a question, a quote or a follow-up of the
    sentence before (an opening pronoun or connective, "about this", "such change")."""
    return (
        not s.text.rstrip("”’\"'").endswith("?")
        and s.text[0] not in OPEN_QUOTES
        and not refers_back(s.text)
    )
