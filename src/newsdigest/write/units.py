"""Digest sentences before layout: verbatim source spans, and quotes woven in with attribution.

A unit is a run of pieces; a piece is either verbatim source text (with its offsets, the
sentence's provenance) or a few words we add: a speaker's name, a role, the attribution
verb, quote marks. Quotes read "<role> <speaker> <verb>, “…”" when the analyse stage
found all three, e.g. “Kremlin spokesperson Dmitry Peskov warned, “…”” — or
“Duncan Moir, chief executive of the federation, said, “…”” when the role is long. The
full stop goes inside the closing mark, newsroom style (see ``_closed``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..quotes.people import dictionary_words_of
from ..records import Quote
from .candidates import Sent, Story
from .context import leans_on_context, refers_back
from .days import PAST_TIME, mentions_day, weekdays
from .names import INITIAL, PARTICLES, full_name_regex, person_key, surname_of
from .quoting import OPEN_QUOTES, unquoted
from .text import DAYS_AND_MONTHS

_NAME_PRONOUN = re.compile(r"^(He|She)\b")  # replaceable by a resolved speaker's name
# Verbs that introduce a quoted sentence ("X warned, “…”"); others ("described") do not.
_SPEECH_VERB = re.compile(
    r"^(?:said|says|told|tells|added|adds|warned|warns|noted|notes|insisted|insists|argued|argues|"
    r"stated|explained|declared|announced|wrote|writes|asked|replied|continued|cautioned|stressed|"
    r"remarked|admitted|acknowledged|conceded|claimed|urged|promised|pledged|vowed|recalled|"
    r"predicted|complained|confirmed|emphasi[sz]ed|observed|responded|tweeted|posted)\b"
)
# A role that reads well before a name ("Fire chief Paul Danner"); longer ones, or ones
# with "of"/"at"/a possessive, go after it in commas ("Duncan Moir, chief executive of …,").
_ROLE_AFTER = re.compile(r"\b(?:of|at|for|from|in|with)\b|['’]s\b|^(?:the|a|an)\b", re.IGNORECASE)
# Verbs that need an object ("told reporters"): alone before a quote ("X told, “…”") they
# do not read, so they become the plain speech verb of the same tense. So does a verb that
# goes on from the speaker's words before it ("Clinton continued, “…”"), which the digest
# does not print before the quote.
_BARE_OBJECT_VERB = {"told": "said", "tells": "says", "informed": "said", "assured": "said",
                     "reminded": "said", "advised": "said", "continued": "said", "continues": "says"}
MIN_BUILT_QUOTE_WORDS = 7  # "“People here are tough”" alone says too little to stand as a sentence


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
    # ``name_at`` (the full name) or ``surname_at`` (the surname) after it.
    person: str = ""
    name_at: int = 0
    surname_at: int = 0


@dataclass(slots=True)
class Unit:
    """One digest sentence."""

    article_id: str
    index: int  # position of its source sentence in the article (ordering key)
    pieces: tuple[Piece, ...]
    sent: Sent | None  # the source sentence it stands for (None: a quote without one)
    quote: Quote | None = None
    chained: bool = False  # leans on the sentence before it (same article, index - 1)

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


def _words(p: Piece) -> str:
    if not p.name:
        return p.text.strip()
    if p.courtesy:
        return p.name  # the full name replaces the source's "Mr. "
    return (p.name + p.text if p.role_after else p.text + p.name).strip()  # as ``layout.render`` prints it


def plain_unit(s: Sent) -> Unit:
    return Unit(s.article_id, s.index, (Piece(s.text, s.start, s.end),), s)


def body_unit(story: Story, s: Sent, taken: set[tuple[str, int]]) -> Unit | None:
    """A body sentence, or None when it opens with a pronoun it cannot stand without.

    A bare surname ("Carrow said …", "On Tuesday, Comey said …") is given the full name
    (see ``named_unit``); one the story cannot name in full ("Scott, who was black, …" where
    the sources name two Scotts) leans on its article's sentence before, like a pronoun.
    """
    if leans_on_context(s.text) or _unnamed_opener(story, s):
        if (s.article_id, s.index - 1) in taken:
            placed = _placed(story, s.article_id, [Piece(s.text, s.start, s.end)])
            pieces = _in_full(story, s.article_id, _dated(story, s.article_id, placed))
            unit = Unit(s.article_id, s.index, tuple(pieces), s)
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
_COURTESY = re.compile(r"\b(?:Mr|Mrs|Ms|Miss)\.?\s+$")
_MESSRS = re.compile(r"\bMessrs\.?\s+$")  # "Messrs. Sanders and Welch": two people's title, left as written
# A surname after an article names a thing of theirs: "the Clinton campaign", "an Obama aide".
_ATTRIBUTIVE = re.compile(r"\b(?:[Tt]he|an?|An?)\s+$")


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
        full = story.persons.get(word) or story.article_persons.get(s.article_id, {}).get(word)
        if not full or full == m.group(0):
            continue
        before = s.text[: m.start()]
        if _written_in_full(before, full) or _ATTRIBUTIVE.search(before) or _MESSRS.search(before):
            continue
        courtesy = _COURTESY.search(before)
        if courtesy is not None and courtesy.start() < done:
            continue
        if not _is_that_person(story, s, m.start(), m.end(), full):
            continue
        cut = courtesy.start() if courtesy else m.start()  # "Mr. " is said after the first mention only
        if cut > done:
            pieces.append(Piece(s.text[done:cut], s.start + done, s.start + cut))
        if courtesy is not None:
            pieces.append(Piece(s.text[cut : m.start()], name=full, courtesy=True))
        else:
            # At first mention the role the story gives the person, unless a title stands
            # there already ("Governor Carrow"): "Carrow said" → "Governor Isabel Carrow said".
            titled = _WORD_BEFORE.search(before) is not None or _APPOSITIVE.match(s.text, m.end()) is not None
            role = "" if titled else _lead_role(story, full)
            if role and not _SENTENCE_OPENS.search(before):
                role = role[0].lower() + role[1:] if role.split()[0].lower() in _LOWER_ROLE_WORDS else role
            pieces.append(Piece(role + " " if role else "", name=full))
        gap = len(s.text[m.end() :]) - len(s.text[m.end() :].lstrip())
        if gap:
            pieces.append(Piece(s.text[m.end() : m.end() + gap]))  # the space or comma after it
        done = m.end() + gap
    if done < len(s.text):
        pieces.append(Piece(s.text[done:], s.start + done, s.end))
    pieces = _dated(story, s.article_id, _placed(story, s.article_id, pieces))
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
    return re.search(rf"(?<![\w'’.\-]){given}{middle}\s+$", before) is not None


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
            out.append(Piece(p.text[done : m.start()], p.start + done, p.start + m.start()))
            if place and not follows:
                out.append(Piece(f" in {place}"))
            done = m.end()
        out.append(Piece(p.text[done:], p.start + done, p.end) if done else p)
    return out


def _dated(story: Story, article_id: str, pieces: list[Piece]) -> list[Piece]:
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
_ROLE_BOUNDARY = re.compile(
    r"(?:^|[,;:(—–]\s*|\b(?:of|in|on|at|by|for|with|from|to|into|about|against|between|among|during|after|"
    r"before|since|until|alongside|including|like|as|and|or|but|nor|than|said|says|told|joined|met|"
    r"according to|while|when|where|whom|whose)\s+)$"
)
_ROLE_WORD = re.compile(r"(?:[A-Z][\w'’.\-]*|[a-z]+)\s+$")
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
            short = surname_of(name)  # "de Blasio"; none for "Donald Trump Jr": the name stays whole
            out.append(Piece(p.text[role:b], p.start + role, p.start + b, person=name, name_at=a - role,
                             surname_at=b - role - len(short) if short else a - role))
            done = b
        out.append(Piece(p.text[done:], p.start + done, p.end) if done else p)
    return out


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
            r"(?<![\w'’.\-])(?:" + "|".join(map(full_name_regex, names)) + r")\b"
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
                (word[0].isupper() and lower not in _OPENING_WORDS) or lower in _ROLE_MODIFIERS))):
            break
        if word.lower().rstrip(".") in _COURTESY_TITLES:
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
_ROLE_NOUNS = frozenset("speaker nominee candidate contender hopeful front-runner frontrunner justice".split())
_ROLE_MODIFIERS = frozenset(
    "former presumptive presidential vice acting interim then outgoing incoming".split()
)
_NAME_OF = re.compile(r"\b[A-Z][\w'’.\-]*\s+of\s+(?:the\s+)?$")
_TITLE_OF = re.compile(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*\s+){1,3}$")


def _heads_role(word: str) -> bool:
    return is_title(word) or word.lower() in _ROLE_NOUNS


# A description just after it says the role already: "Christie, the New Jersey governor, …".
_APPOSITIVE = re.compile(r",\s+(?:the|a|an)\s")
# A capitalised word or a title just before the surname: "Governor Carrow", "Dr. Roos".
_WORD_BEFORE = re.compile(r"(?:\b[A-Z][\w.'’\-]*|\b(?:the|a)\s+\w+)\s+$")


def _lead_role(story: Story, full: str) -> str:
    """The job title one of the person's quotes gives, as it reads before the name
    ("Governor", "Finance Minister"), capitalised; "" when none does (a description such as
    "only doctor on stage" is not a title)."""
    for q, _ in story.quotes:
        if q.speaker != full:
            continue
        role = _plausible_role(" ".join(q.role.split()))
        words = {w.lower().strip(",.") for w in role.split()}
        if role and len(role.split()) <= 4 and words & _TITLES and not _ROLE_AFTER.search(role):
            return role[0].upper() + role[1:]
    return ""


# A relative clause on a sentence's first word: "X, who …" describes a person.
_RELATIVE_WHO = re.compile(r",\s+(?:who|whose)\b")


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
    speaks = _SPEECH_VERB.match(s.text[b:].lstrip(" ,")) is not None
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


def quote_units(story: Story) -> list[Unit]:
    """Quote sentences, best first, one per quote text (outlets often carry the same quote)."""
    seen: list[set[str]] = []
    units: list[Unit] = []
    ranked = sorted(story.quotes, key=lambda qh: (-_quote_score(story, *qh), story.rank[qh[0].article_id], qh[0].start))
    for q, host in ranked:
        toks = set(re.findall(r"\w+", q.text.lower()))
        if any(len(toks & other) / max(1, min(len(toks), len(other))) > 0.6 for other in seen):
            continue
        unit = _quote_unit(story, q, host)
        if unit is not None:
            seen.append(toks)
            units.append(unit)
    return units


def _quote_score(story: Story, q: Quote, host: Sent | None) -> float:
    surname = q.speaker.split()[-1]
    mentions = sum(1 for a in story.articles.values() if surname in a.text)
    prominence = mentions / max(1, len(story.articles))
    centrality = host.score if host is not None else 0.0
    return centrality + 0.3 * prominence + (0.1 if q.role else 0.0)


def _pronoun_is_speaker(story: Story, q: Quote, host: Sent) -> bool:
    """Only put the speaker's name for "He"/"She" when the sentences just before name them
    and this one does not: a resolution that skips over another name is not trusted."""
    surname = q.speaker.split()[-1]
    text = story.articles[host.article_id].text
    before = text[max(0, host.start - 300) : host.start]
    return surname in before and surname not in host.text


def _quote_unit(story: Story, q: Quote, host: Sent | None) -> Unit | None:
    """“<role> <speaker> <verb>, “…”” when all are known, else the verbatim source sentence."""
    index = host.index if host is not None else 0
    verb = q.verb.strip()
    # Only a whole quoted sentence can follow "<speaker> <verb>,"; a fragment ("a tram to
    # nowhere") needs the source sentence around it. A quote its source dates in the past is
    # built only with that time ("<speaker> said in 2008, “…”"), which ``_said_when`` finds:
    # "<speaker> said, “…”" would tell it as said now.
    past = _said_before(story, q, host)
    when = _said_when(story, q, host) if past else None
    speakable = (
        _SPEECH_VERB.match(verb) is not None
        and q.text[0].isupper()
        and len(q.text.split()) >= MIN_BUILT_QUOTE_WORDS
        and (not past or when is not None)
        and not _completes_lead_in(story, q, host)
        and not _opens_on_antecedent(q.text)
    )
    if q.role and speakable:
        return _built_unit(q, verb, index, host, when, _speaker_named(story, q))
    usable = host is not None and not host.reason and host.text[0] not in ",;:"
    if host is not None and usable and not _unsaid_antecedent(story, q, host):
        m = _NAME_PRONOUN.match(host.text)
        if m and _pronoun_is_speaker(story, q, host):  # "He said …" → "<speaker> said …"
            rest = host.start + m.end() + 1  # after the pronoun and its space
            said = _dated(story, host.article_id, [Piece(host.text[m.end() + 1 :], rest, host.end)])
            return Unit(q.article_id, index, (Piece("", name=q.speaker), Piece(" "), *said), host, quote=q)
        if not refers_back(host.text) and q.speaker.split()[-1] in host.text:
            unit = named_unit(story, host)  # "“…,” Sanders said": whose Sanders, at first mention
            unit.quote = q
            return unit
    if speakable:
        return _built_unit(q, verb, index, host, when, _speaker_named(story, q))
    return None


# Words that show a finite clause without a tagger: an auxiliary, a copula, a modal, a subject
# pronoun, a contraction ("it's", "don't"). ``_CLAUSE_AFTER`` adds "that" opening a reported clause.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|am|be|been|has|have|had|do|does|did|will|would|can|could|should|shall|"
    r"may|might|must|I|we|he|she|they|let['’]s)\b|\w(?:['’](?:m|re|ve|ll|d)|n['’]t)\b|"
    r"\b(?:it|that|there|here|what|who|he|she)['’]s\b",
    re.IGNORECASE,
)
_CLAUSE_AFTER = re.compile(rf"{_FINITE.pattern}|\bthat\b", re.IGNORECASE)
# A noun phrase just after "said" opens the reported clause ("said the job needs one quality:"),
# except a verb's own object ("told the crowd:", "asked voters:") and "the following".
_SUBJECT_AFTER = re.compile(r"\s+(?!the\s+following\b)(?:the|an?|his|her|their|its|our|my|your|some|many|"
                            r"most|no|every|each|all|both|these|those|one|two|three)\b", re.IGNORECASE)
_OBJECT_VERBS = frozenset("told tells asked asks urged urges warned warns reminded reminds assured assures "
                          "informed informs advised advises promised promises".split())
_COLON_BEFORE = re.compile(r":\s*(?:''|``|[“\"‘'])?\s*$")


def _completes_lead_in(story: Story, q: Quote, host: Sent | None) -> bool:
    """The quote ends a sentence of the reporter's after a colon as the noun phrase that
    sentence promises, not as the speaker's own sentence: "… and said she has the essential
    quality for the job of president: “Steadiness -- an absolute rock steadiness, and mixed
    with strength.”" — a colon after a clause of the reporter's (the words between the saying
    and the colon hold a finite verb or open on a subject: "said she has …", "said that …",
    "said the job needs …"), or with no saying before it, and a quote without a finite verb
    of its own. "<speaker> said, “Steadiness …”" would report a bare answer that no longer
    says what it answers; the source sentence, lead-in and all, says it (see ``_quote_unit``).
    A colon just after the saying ("Trump said:", "told reporters in Ohio:", "said, recalling
    her experience:") gives the speaker's words whole, whatever their form."""
    if _FINITE.search(q.text):
        return False
    source = story.articles[q.article_id].text
    start = host.start if host is not None and host.start < q.start else None
    if start is None:
        start = next((s.start for s in story.sents
                      if s.article_id == q.article_id and s.start < q.start <= s.end), max(0, q.start - 300))
    colon = _COLON_BEFORE.search(source, start, q.start)
    if colon is None:
        return False
    lead = unquoted(source, start, colon.start())
    verb = q.verb.split()[:1]
    said = list(re.finditer(rf"\b{re.escape(verb[0])}\b", lead)) if verb else []
    if not said:
        return True
    after = said[-1].end()
    subject = verb[0] not in _OBJECT_VERBS and _SUBJECT_AFTER.match(lead, after) is not None
    return subject or _CLAUSE_AFTER.search(lead, after) is not None


# A quote's first word that stands for someone or something said before it: a personal pronoun
# ("They are fortified for a longer fight …", of a lead-in "… that she has learned her lesson:"),
# a demonstrative standing alone ("That's why …", "Those are the issues …"), or "it" as the
# subject of a verb that does something ("It cannot be contained", "It doesn't make sense").
# Not an "it" before a form of "be" (as often the race, the time or an extraposed clause as a
# thing said: "It's time to …", "It's going to be a race to the finish", "It is hard to …"), of a
# verb that takes no doer ("It seems …", "It takes courage to …") or before a clause it stands
# for ("It bothers me that …"); not "This", which in speech points at the speaker's here and now
# ("This is a crucial two- or three-week period"); not "There" ("There is …"); and not a
# pronoun the source names in brackets ("He (Trump) had talked …").
_PERSONAL_START = re.compile(r"(?:He|She|They|Him|Them|His|Her|Hers|Their|Theirs|Its)\b(?!\s*[(\[])")
_STANDING_DEMONSTRATIVE = re.compile(
    r"(?:That|These|Those)(?:['’](?:s|ll|d|re)\b|\s+(?:is|was|are|were|will|would|could|can|may|might|"
    r"must|should|has|have|had|does|do|did|means|meant|(?:is|was|are|were|does|do|did|has|have|had|"
    r"wo|would|could|ca)n['’]t)\b)(?!\s*[(\[])"
)
_CONNECTIVE = re.compile(r"(?:But|And|So|Yet|Or)\s+(?=[a-z])")
_IT_START = re.compile(r"It(?:['’](?:ll|d))?\s+(?!\s*[(\[])")
# Words between "it" and its verb: auxiliaries, modals, negation, adverbs ("It just", "It never",
# "It doesn't necessarily").
_IT_AUX = frozenset(
    "will would could can may might must should shall ought to does do did has have had not never just "
    "really also certainly still only already actually truly even ever always simply all now cannot "
    "doesn't don't didn't won't wouldn't can't couldn't hasn't haven't hadn't shouldn't mustn't".split()
)
_BE = frozenset("is was are were be been being am isn't wasn't".split())
_NO_DOER = frozenset(
    "seem seems seemed appear appears appeared look looks looked feel feels felt sound sounds sounded "
    "take takes took taken cost costs remain remains remained happen happens happened turn turns turned "
    "matter matters mattered depend depends depended become becomes became get gets got".split()
)
# A passive's participle ("contained", "placed", "done"); not "supposed to", "used to".
_PARTICIPLE = re.compile(
    r"(?!(?:supposed|used)$)[a-z]+ed|done|made|seen|given|taken|known|built|held|shown|written|driven|broken|"
    r"paid|sold|told|thrown|chosen|beaten|won|lost|heard|found|brought|caught|kept|left"
)
_CLAUSE_FOR_IT = frozenset("that how whether why what when if".split())
_CLAUSE_REACH = 4  # "It bothers me very much that …": the clause "it" stands for, a few words after the verb


def _opens_on_antecedent(text: str) -> bool:
    """The quote's first word needs what the source said before it (see ``_PERSONAL_START``):
    "<speaker> said, “They are fortified for a longer fight …”" would leave "they" pointing at
    nothing, so the quote is not built (``_quote_unit`` falls back on its source sentence).
    A connective before it changes nothing: "But he was an honest liberal …"."""
    if (joined := _CONNECTIVE.match(text)) is not None:
        text = text[joined.end()].upper() + text[joined.end() + 1 :]
    if _PERSONAL_START.match(text) or _STANDING_DEMONSTRATIVE.match(text):
        return True
    m = _IT_START.match(text)
    if m is None:
        return False
    clause = re.split(r"[,;:.!?—–]", text[m.end() :])[0]
    words = [w.lower().replace("’", "'") for w in re.findall(r"[\w'’]+", clause)]
    at = _verb_at(words, 0)
    if at < len(words) and words[at] in _BE:  # "It cannot be contained": done to it, not "it is hard to …"
        at = _verb_at(words, at + 1)
        if at == len(words) or not _PARTICIPLE.fullmatch(words[at]):
            return False
    elif at == len(words) or words[at] in _NO_DOER:
        return False
    return not any(w in _CLAUSE_FOR_IT for w in words[at + 1 : at + 2 + _CLAUSE_REACH])


def _verb_at(words: list[str], start: int) -> int:
    """The first word from ``start`` that is not an auxiliary or an adverb (see ``_IT_AUX``)."""
    rest = (i for i in range(start, len(words)) if words[i] not in _IT_AUX and not words[i].endswith("ly"))
    return next(rest, len(words))


# Words of an attribution besides the speaker's name, role and verb ("said Len Burman", "Vermont Sen.
# Bernie Sanders says,", "he said").
_ATTRIBUTION_WORDS = frozenset("the a an and he she said says added adds".split())
_SAYS_MORE = 2  # a lead-in of the reporter's own: "Asked what characteristics he would like …, Adelson said"
# After the quote, the reporter's words that say whom or what it is about: "… said of Cruz", "added
# about Ben Carson", "said in reference to Donald Trump's stance", "told MSNBC when asked about …".
_SAID_OF = re.compile(r"\b(?:of|about|referring\s+to|in\s+reference\s+to)\b")


def _unsaid_antecedent(story: Story, q: Quote, host: Sent) -> bool:
    """The quote opens on a word that needs what was said before it (``_opens_on_antecedent``)
    and its source sentence says no more than who said it: "“He’s made a big deal …,” said Len
    Burman." dangles as the built quote would. The reporter's words can say whom it is about:
    a lead-in ("Nelson Diaz … said of Mr. Rubio: ‘He is American …’", "Asked what characteristics
    he would like the Republican party’s nominee to embody, Sheldon Adelson said, “They …”") or
    the attribution after the quote ("“He had a lot of Missouri supporters,” Sen. Roy Blunt, after
    a long pause, said of Cruz.")."""
    if not _opens_on_antecedent(q.text):
        return False
    source = story.articles[q.article_id].text
    role = re.sub(r"^(?:the|an?)\s+", "", " ".join(q.role.split()))

    def reporter(a: int, b: int) -> str:  # the role as the source wrote it out: its own "of", "at"
        words = " ".join(unquoted(source, a, b).split())
        return words.replace(role, " ") if role else words

    said = {w.lower() for w in re.findall(r"[\w'’\-]+", f"{q.speaker} {q.verb}")}

    def says_more(words: str) -> bool:
        more = [w for w in re.findall(r"[\w'’\-]+", words)
                if w.lower() not in said and w.lower() not in _ATTRIBUTION_WORDS and not is_title(w)]
        return len(more) >= _SAYS_MORE

    tail = reporter(q.end, host.end)
    # The reporter's clause between the quote and its attribution: "“He can assert it, but it seems
    # extremely unlikely” that Sanders can catch Clinton, said Steve Elmendorf".
    attribution = re.search(rf"\b(?:{'|'.join(map(re.escape, sorted(said)))})\b", tail, re.IGNORECASE)
    between = tail[: attribution.start()] if attribution else ""
    return not (says_more(reporter(host.start, q.start)) or says_more(between) or _SAID_OF.search(tail))


# The saying's time as the reporter gives it, besides the past that ``clause`` reads in a
# year, "ago", "last year", "once": "she said at the time", "he said then" ("then" before a
# verb tells what came next: "Williams then said:").
_SAID_THEN = re.compile(
    r"\b(?:at\s+(?:the|that)\s+time|in\s+the\s+past|back\s+then)\b|\bthen(?=\s*(?:[,.;:|]|$))",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# What describes the speaker or the quote's subject, not the saying: a relative clause ("Geoff
# Garin, who was then a member …"), an apposition ("David Plouffe, the architect of Obama’s 2008
# campaign"), a participle ("Sanders said, invoking the 2008 race").
_ASIDE = re.compile(r",\s*(?:who|whose|which|an?|the|\w+ing)\b[^,;:]*")
# "Earlier" of a thing ("his earlier career") dates the thing, not the saying.
_EARLIER_THING = re.compile(r"\b(?:his|her|its|their|an?|the)\s+$", re.IGNORECASE)
_FRAME_WORDS = 8  # the attribution's reach each side of the quote: "During her 2008 campaign, Clinton said"


def _said_before(story: Story, q: Quote, host: Sent | None) -> bool:
    """The reporter's words next to the quote in its sentence (the attribution and what is
    around it; quoted words and asides on the speaker left out) place the saying before the
    article's time: "…,” she said at the time", "In 2008, Clinton said …", "…,” he said last
    year". A year is past only when it is before the article's ("the 2016 convention" in a
    2016 article is not); "while" (of ``days.PAST_TIME``'s past) is a clause's time, not the saying's."""
    source = story.articles[q.article_id].text
    if host is not None:
        start, end = host.start, host.end
    else:  # a quote over sentences: the ones it runs over
        over = [s for s in story.sents
                if s.article_id == q.article_id and s.start < q.end and s.end > q.start]
        start, end = min([q.start, *(s.start for s in over)]), max([q.end, *(s.end for s in over)])
    verb = q.verb.split()[:1]
    if host is not None and verb and verb[0] not in unquoted(source, start, end).split():
        # The quote goes on from the sentence before, which holds the attribution:
        # "“…,” Mr. Sanders told CNN last year. “On the other hand, …”"
        start = next((s.start for s in story.sents if s.key == (host.article_id, host.index - 1)), start)
    before = _ASIDE.sub(" ", unquoted(source, start, q.start)).split()[-_FRAME_WORDS:]
    after = _ASIDE.sub(" ", unquoted(source, q.end, end)).split()[:_FRAME_WORDS]
    frame = " ".join([*before, "|", *after])
    return _past(story, q, frame) or _SAID_THEN.search(frame) is not None


def _past(story: Story, q: Quote, words: str) -> bool:
    """``words`` name a time before the quote's article (see ``_said_before``)."""
    published = story.articles[q.article_id].published
    for m in PAST_TIME.finditer(words):
        word = m.group(0)
        thing = word.lower() == "earlier" and _EARLIER_THING.search(words, 0, m.start()) is not None
        if word.lower() == "while" or thing:
            continue
        if _YEAR.fullmatch(word[:4]) and published is not None and int(word[:4]) >= published.year:
            continue
        return True
    return False


# A quote that opens its sentence and the attribution after it, the saying's time last:
# "“…,” Sanders told CNN last year." ("CNN last year" the tail).
_ATTRIBUTION_TAIL = re.compile(
    r"[,.!?]?(?:''|[”\"’'])\s+(?:(?:he|she|they|[A-Z][\w.'’\-]*)\s+){1,4}"
    r"(?P<verb>[a-z]+)\s+(?P<tail>[^,;:.!?“”\"]+?)\s*[.!?]?[\s'\"“”‘’]*$"
)
_TAIL_WORDS = 8


def _said_when(story: Story, q: Quote, host: Sent | None) -> Piece | None:
    """The source's words that date a past saying, as the built sentence can keep them after
    its verb: "at a town hall in March" of "“…,” Trump said at a town hall in March." — the
    attribution after a quote that opens its sentence, whose verb is the quote's and whose
    words after it name a time the digest's reader can place ("in 2008", "last year", not
    "at the time", which the sentences before it set). None when there are none such."""
    if host is None or host.start < q.start - 2 or host.text[0] not in OPEN_QUOTES:
        return None
    source = story.articles[q.article_id].text
    m = _ATTRIBUTION_TAIL.match(source, q.end, host.end)
    if m is None or q.verb.split()[:1] != [m.group("verb")] or len(m.group("tail").split()) > _TAIL_WORDS:
        return None
    tail = m.group("tail")
    if not _past(story, q, tail) or _SAID_THEN.search(tail):
        return None
    return Piece(tail, m.start("tail"), m.end("tail"))


def _speaker_named(story: Story, q: Quote) -> str:
    """The speaker's full name: one the analyse stage gave by the surname alone ("Obama") is the
    person the surname stands for in the story or its article, or else the one full-named
    speaker of the story's quotes with that surname and the same role ("President Barack
    Obama" beside "Michelle Obama"). One person, one name: a second "Obama" would keep every
    "Barack Obama" in full (see ``layout.short_names``)."""
    if len(q.speaker.split()) != 1:
        return q.speaker
    same = {o.speaker for o, _ in story.quotes
            if q.role and o.role == q.role and o.speaker.endswith(" " + q.speaker)}
    return (story.persons.get(q.speaker) or story.article_persons.get(q.article_id, {}).get(q.speaker)
            or (same.pop() if len(same) == 1 else q.speaker))


def _built_unit(q: Quote, verb: str, index: int, host: Sent | None, when: Piece | None = None,
                name: str = "") -> Unit:
    """The built quote sentence; its quote is the span it prints (without a trailing comma
    the closing marks replace), so the digest's quote stays both verbatim and printed.
    ``name`` is the speaker's as printed, when not the quote's own (see ``_speaker_named``)."""
    pieces = _built_quote(replace(q, speaker=name or q.speaker), verb, when)
    said = next(p for p in pieces if p.start == q.start)
    printed = replace(q, text=said.text, start=said.start, end=said.end)
    return Unit(q.article_id, index, pieces, host, quote=printed)


_TITLES = frozenset(
    "minister spokesperson spokesman spokeswoman chief executive director mayor president governor "
    "secretary councillor councilor boss senator chairman chairwoman chair head leader economist forecaster "
    "officer commissioner premier manager analyst adviser advisor professor judge general ambassador "
    "king queen prince chancellor representative congressman congresswoman mp deputy ceo founder "
    "rep sen gov lt atty".split()  # "Rep." and the like, as a title before the name
)


def is_title(word: str) -> bool:
    """A job or courtesy title written before a name ("Gov.", "Senator", "Mr.")."""
    return word.lower().rstrip(".") in _TITLES | _COURTESY_TITLES


_COURTESY_TITLES = frozenset("mr mrs ms miss dr".split())


# A role is a noun phrase; a relative or conjunction opens a clause.
_NOT_ROLE_START = frozenset("who whose whom which that where when while whether if and but or as".split())
_DEICTIC = frozenset("there here then now too also again".split())


# A post in an organisation, written lower case after the name ("…, president of X"): alone,
# it says nothing true before the name.
_ORG_POSTS = frozenset(
    "president chairman chairwoman chair director head leader founder co-founder manager officer executive "
    "chief boss owner partner member".split()
)


# Nouns that say how a person stands to another ("friend", "wife"): a role of them needs the
# other person, or "Longtime friend Lanny Davis" reads as a title and leaves whose friend open.
_RELATIONAL = frozenset(
    "friend wife husband spouse son daughter child brother sister sibling mother father parent cousin "
    "niece nephew uncle aunt grandson granddaughter grandmother grandfather stepson stepdaughter stepfather "
    "stepmother girlfriend boyfriend fiancé fiancée fiance fiancee partner neighbor neighbour classmate "
    "roommate confidant confidante widow widower".split()
)
_PRONOUNS = r"(?:his|her|hers|him|its|their|theirs|them|my|mine|our|ours|your|yours)\b"
# Who the relation is to: a possessive ("Clinton's longtime friend", "the Clintons’ friend"),
# "of"/"to" and someone ("a friend of the Clintons"), or a name before the noun ("longtime
# Clinton friend"); a pronoun ("his wife", "a friend of hers") names no one in a built sentence.
_POSSESSOR = re.compile(
    rf"(?<![\w'’])(?!{_PRONOUNS})\w[\w.\-]*(?:['’]s|s['’])(?!\w)|\b(?:of|to)\s+(?!{_PRONOUNS})\w"
    r"|(?<=\s)[A-Z][\w.'’\-]*\s+(?:[a-z][\w\-]*\s+)*?(?=\S+$)"
)


def _relation_unsaid(words: list[str]) -> bool:
    """A relational role without the one it relates to: "longtime friend", "his wife"."""
    head = [w.lower().strip(",.").split("-")[0] for w in words]
    relational = any(w in _RELATIONAL or (w.endswith("s") and w[:-1] in _RELATIONAL) for w in head)
    return relational and _POSSESSOR.search(" ".join(words)) is None


def _plausible_role(role: str) -> str:
    """The role as given when it reads as one ("Transport Minister", "chief executive of X"),
    else "" — a bare proper noun ("Institute") is a parsing slip, not a job, and a relation
    without its other person ("longtime friend") says nothing about the speaker."""
    words = role.split()
    while words and words[-1].lower().strip(",.") in _DEICTIC:
        words = words[:-1]  # "governor there": the reporter's place, not the job's
    role = " ".join(words)
    if not words or words[0].lower() in _NOT_ROLE_START or _relation_unsaid(words):
        return ""  # a clause the parser took for an apposition ("whose war heroism"), a lone relation
    if len(words) == 1 and words[0].strip(",.") in _ORG_POSTS:
        # "Penny Nance, president and chief executive of Concerned Women for America": the post
        # without its organisation would print "President Penny Nance", a head of state.
        return ""
    if {w.lower().strip(",.") for w in words} & _TITLES:
        return role
    if len(words) >= 2 and any(w[:1].islower() for w in words):
        return role  # "fisheries scientist", "chief of staff"
    return ""


# The most words a built quote's attribution may have, role, name, verb and time together:
# "Steven Aftergood, the director of the Project on Government Secrecy at the Federation of
# American Scientists, said, “…”" is a sentence of ours with a quote in it, not a quote with
# its speaker (bench/rouge.py counts a sentence's uncited words against the same figure).
_MAX_ATTRIBUTION_WORDS = 14


def _built_quote(q: Quote, verb: str, when: Piece | None = None) -> tuple[Piece, ...]:
    """"<role> <speaker> <verb>, “…”", with ``when`` (the source's words of the saying's time,
    verbatim) after the verb: "Sanders told CNN last year, “…”"."""
    role = _plausible_role(" ".join(q.role.split()))
    said = f"{role} {q.speaker} {verb} {when.text if when else ''}"
    if len(re.findall(r"\w+", said)) + 1 > _MAX_ATTRIBUTION_WORDS:  # + 1: the "the" a role after may take
        role = ""  # words we write around a quote stay few: the quote is what is cited
    if role and len(role.split()) <= 4 and not _ROLE_AFTER.search(role):
        lead = [Piece(role[0].upper() + role[1:] + " ", name=q.speaker)]
    elif role:
        if role[0].islower() and not re.match(r"(?:the|a|an|his|her|its|their)\b", role):
            role = "the " + role
        lead = [Piece(f", {role},", name=q.speaker, role_after=True)]
    else:
        lead = [Piece("", name=q.speaker)]
    if when is not None:  # the source's verb and what follows it: "told CNN last year"
        return (*lead, Piece(f" {verb.split()[0]} "), when, Piece(", “"), *_closed(q))
    *aux, last = verb.split() or [""]
    if last.lower() in _BARE_OBJECT_VERB and all(w.lower() in ("has", "have", "had") for w in aux):
        verb = " ".join([*aux, _BARE_OBJECT_VERB[last.lower()]])  # "has told" → "has said"
    return (*lead, Piece(f" {verb}, “"), *_closed(q))


_TERMINAL = ".!?…—"


def _closed(q: Quote) -> tuple[Piece, Piece]:
    """The quoted words and the marks that close the sentence, newsroom style: the full
    stop inside the closing quote mark (“… in the country.”), none added after a quote that
    ends in . ! ?, and a comma the source put before "he said" (“…, not an echo,’” she
    wrote) turned into the full stop. What we add stays outside the cited span, so the
    span is still verbatim; a straight ' that closes a ‘…’ inside the quote is printed ’
    (the source's own mark is left out of the span, not changed).
    """
    text = q.text
    end = len(text)
    inner = ""
    if text[-1] in "'’" and _closes_inner_quote(text):
        inner, end = "’", end - 1
    while end > 1 and text[end - 1] in ",;:":
        end -= 1
    stop = "" if text[end - 1] in _TERMINAL else "."
    return Piece(text[:end], q.start, q.start + end), Piece(f"{stop}{inner}”")


def _closes_inner_quote(text: str) -> bool:
    """The last character closes a ‘…’ opened inside the quote, not an apostrophe
    ("the voters'"): a ‘ comes before it and every ’ between them sits inside a word."""
    opened = text.rfind("‘", 0, len(text) - 1)
    if opened < 0:
        return False
    between = text[opened + 1 : -1]
    return all(
        0 < i < len(between) - 1 and between[i - 1].isalpha() and between[i + 1].isalpha()
        for i, c in enumerate(between)
        if c == "’"
    )


def starts_clean(s: Sent) -> bool:
    """A sentence that can open a digest: not a question, a quote or a follow-up of the
    sentence before (an opening pronoun or connective, "about this", "such change")."""
    return (
        not s.text.rstrip("”’\"'").endswith("?")
        and s.text[0] not in OPEN_QUOTES
        and not refers_back(s.text)
    )
