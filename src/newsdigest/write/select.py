"""Choosing what a digest says: the lede, a few quotes, then body sentences.

- **lede** — the core event: a plain opening sentence (one of an article's first three, not
  counting the page's deck or "ABSTRACT." label above them, and not one that goes on about what
  its article introduced before: "The video, released in late November, …") that is among the most central
  (centrality plus the concepts it covers), preferring the earliest article that reports it,
  so later developments follow it in time order rather than the other way round. Without
  dates (DUC-style input) the strongest one leads. An earliest lede that tells what someone
  said or found (an exit poll's finding about one candidate) gives way to an opening that
  reports the event with more of the people most of the story's articles name (who won
  both parties' primaries).
  A preview ("Clinton will deliver her acceptance speech on Thursday"), and a count still
  open ("… was down to the wire Tuesday night"), give way to a
  report from a later article when one is nearly as strong: the digest is published
  after the event; for the same reason the body leaves out what the articles older than the
  lede's looked ahead to. An opinion piece's sentences do not lead (see ``opinion.py``).
- **voice** — an opinion piece's own claims are not told as the digest's: of its
  sentences only those that attribute what they say (a quote, "X said …", "according
  to …") are used; its quotes of named people are. When every article is opinion, the
  digest is written from them all the same, but for pages of readers' letters or comments
  while a column is there.
- **quotes** (digests only, not 100-word summaries) — up to three, a second speaker
  before a second quote from the same one.
- **body** — greedy concept coverage: each step takes the sentence whose *new* concept
  weight per word (plus a little centrality) is highest. A fact already told by another
  outlet adds no new concepts, so it is not picked twice; in digests a sentence that is
  mostly told already, or too close to a chosen one (TF-IDF cosine), is left out even
  when the word budget is not yet met — a shorter digest beats a repetitive one. A sentence
  whose figures ("1,800", "4.75 per cent") are all told already is a restatement: outlets
  repeat a story's numbers in every report, in words TF-IDF does not find close.
  So is one that tells a chosen sentence's fact again with something added (see
  ``restates``): "Sanders won the primary in Oklahoma and in his home state of Vermont" and
  "Sanders, celebrating a victory in the Democratic primary in his home state of Vermont, is
  pledging to …" are one fact, though the second's extra words keep their cosine low.
  And so is one that tells it again in other words, with no phrase in common (see
  ``retells``): "Sanders won New Hampshire's Democratic primary Tuesday, defeating Hillary
  Clinton …" and "Sanders scored a decisive victory in Tuesday's New Hampshire presidential
  primary, embarrassing Hillary Clinton …"; static sentence embeddings (``embed.py``) tell
  such a pair from two events of one story told in the same names. And so is one whose fact
  words are all in a chosen sentence, or whose words hold all of a chosen one's (see
  ``recounts``): "After a day of tensions …, Ryan's office announced Friday that Ryan will
  meet with Trump on Thursday" beside the office's statement that Ryan "has invited Donald
  Trump to meet with members of the House Republican leadership … on Thursday morning …",
  which shares no phrase with it and is not close enough for the embeddings. A denial, another
  act, a number or a word of its own is news, and a quote's own words are not covered by a
  paraphrase, nor cover one. Last, a short sentence that ends a chosen one's set-up ("She
  lost by 13 points.", "She was 92.") is told right after it (see ``_payoffs``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from ..embed import embed_texts
from ..verify.numbers import COUNT_WORDS, word_value
from .ahead import POLL, REPORTED, attributed, attributed_to, in_progress, is_preview, past_form, speculates
from .candidates import Sent, Story
from .context import anaphoric_opening, epithet_inside, leans_on_context, opens_on_pronoun, refers_back, unsaid_measure
from .quoting import unquoted
from .text import DAYS_AND_MONTHS, STOP, WEEKDAYS
from .woven import quote_units
from .units import Unit, added_words, body_unit, named_unit, plain_unit, starts_clean, told_words
from .verbs import irregular_participles, irregular_pasts

_WHEN = re.compile(
    rf"\b(?:{'|'.join(DAYS_AND_MONTHS)}|today|yesterday|tonight|"
    r"(?:last|this|next) (?:week|month|year|night|morning|evening))\b"
)


@dataclass(frozen=True, slots=True)
class Tuning:
    """The selection's knobs (values chosen on the dev sets, see bench/rouge.py)."""

    length_power: float = 0.6  # gain per word**p: 1 favours short sentences, 0 long ones
    centrality: float = 1.0  # weight of centrality next to the concept gain
    min_words: int = 8  # shorter sentences say too little to earn a place in a summary
    max_cosine: float = 0.5  # digests: closer than this to a chosen sentence is a repeat
    min_novelty: float = 0.4  # digests: share of a sentence's concepts that must be new
    lede_margin: float = 0.85  # a lede this close to the strongest, from an earlier article, wins
    report_margin: float = 0.7  # a report this close to the strongest displaces a preview lede
    # digests: static-embedding cosine (embed.py) from which two sentences that share their
    # names and half their words tell one event (see ``retells``). On the PolNeAR digests and
    # the demo every such pair from 0.8 up was one event told twice (0.83-0.9); two events of
    # one story came up to 0.79.
    retold_cosine: float = 0.8
    # summaries (``strict``): a sentence this close to a chosen one (TF-IDF cosine) is the same
    # sentence again, as two outlets' copies of one report carry it
    copy_cosine: float = 0.9


# A figure worth not repeating: three digits or more, a decimal, or a percentage ("1,800",
# "4.75", "9 per cent"); small counts, dates and years ("the 1995 tax returns") repeat by
# chance or name the story.
_FIGURE = re.compile(
    r"(?<![\w.,])(?>(\d{1,3}(?:,\d{3})+|\d+\.\d+|(?!(?:19|20)\d\d(?:s\b|\b))\d{3,}|\d+(?=\s?(?:%|per ?cent\b))))"
    r"(?![\w,]*\d)"
)
# A number next to a capitalised word names a thing: "the 737 Max", "Flight 370", "Section 230".
_NAMED_BEFORE = re.compile(r"\b[A-Z][\w\-]*\s$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"]\s*)$")


def _named(text: str, at: int) -> bool:
    """A capitalised word just before ``at`` that is not merely the sentence's first word."""
    m = _NAMED_BEFORE.search(text, max(0, at - 30), at)
    return m is not None and not _SENTENCE_START.search(text, max(0, m.start() - 3), m.start())
_NAMED_AFTER = re.compile(r"\s[A-Z]")
_COUNT = re.compile(r"(?<![\w.,$])\d{1,2}(?![\w.,]*\d)")  # a small count: new ones are news


# A share in words: "two of the seven members", "Three of its five judges" (counts in
# digits, or in words up to twelve, read as verify/numbers reads them).
_NUMBER = r"(\d+|" + "|".join(COUNT_WORDS[1:13]) + ")"
_SHARE = re.compile(rf"(?i)\b{_NUMBER} of (?:the|its|their|his|her) {_NUMBER}\b")


def _number(token: str) -> str:
    return token if token.isdigit() else str(int(word_value(token.lower())))


def figures(text: str) -> list[str]:
    """The figures a sentence states, thousands separators dropped ("1,800" = "1800"), and
    shares in words ("two of the seven" = "2/7")."""
    shares = [f"{_number(a)}/{_number(b)}" for a, b in _SHARE.findall(text)]
    found = [
        m.group(1).replace(",", "")
        for m in _FIGURE.finditer(text)
        if not _named(text, m.start()) and not _NAMED_AFTER.match(text, m.end())
    ]
    return found + shares


TUNING = Tuning()


def select(story: Story, *, words: int, strict: bool, tuning: Tuning | None = None, fill: bool = False) -> list[Unit]:
    tuning = tuning or TUNING
    usable = [s for s in story.usable if s.key not in story.set_aside] or story.usable
    if not usable:
        return []
    # Opinion pieces neither lead nor state their claims as fact, unless nothing else is left.
    quote_hosts = {h.key for _, h in story.quotes if h is not None}
    reports = [s for s in usable if s.article_id not in story.opinion]
    if reports:
        told = {s.key for s in reports} | quote_hosts
        usable = [s for s in usable if s.key in told or attributed(s.text)]
    else:
        # Every article is opinion: write from them as they are, but not from a page of
        # readers' letters or comments while a column is there (each is one reader's say).
        usable = [s for s in usable if story.opinion.get(s.article_id) != "signed"] or usable
        reports = usable
    # "Earliest" means something only when the articles are dated; otherwise (DUC-style
    # input, ids only) the strongest opening sentence leads.
    dated = any(a.published is not None for a in story.articles.values())
    lede = choose_lede(story, reports, tuning, dated=dated)
    # A summary's lede may be cut to a prefix of the source (layout.cut): it stays verbatim.
    chosen: list[Unit] = [plain_unit(lede) if strict else named_unit(story, lede)]
    limit = words if strict else int(words * 1.1)
    if chosen[0].words > limit:
        return chosen  # cut to a prefix by layout.cut in strict mode
    taken = {lede.key}
    covered = set(lede.concepts)
    told = Counter(figures(chosen[0].text))

    def used() -> int:
        return told_words(chosen)

    def redundancy(u: Unit) -> float:
        if u.sent is None or u.sent.row < 0:
            return 0.0  # a short payoff has no row in the story's matrices (see ``_payoffs``)
        return max((float(story.sim[u.sent.row, c.sent.row]) for c in chosen if c.sent is not None), default=0.0)

    said: dict[tuple[str, int, int], Said] = {}
    compared: dict[tuple[str, int, int], int] = {}  # chosen units a unit was held against; -1: restates one
    vectors: dict[str, np.ndarray] = {}

    def content(u: Unit) -> Said:
        key = _key(u)
        if key not in said:
            said[key] = Said.of(u)
        return said[key]

    def cosine(a: Said, b: Said) -> float:
        for text in (a.text, b.text):
            if text not in vectors:
                vectors[text] = embed_texts([text])[0]
        return float(vectors[a.text] @ vectors[b.text])

    opening = _openings(story)

    def ledes(u: Unit, c: Unit) -> bool:
        """Both open their articles: two outlets' ledes of one story tell its event, each in
        its own words."""
        return (
            u.sent is not None and c.sent is not None and u.sent.article_id != c.sent.article_id
            and opening.get(u.sent.key) == 0 and opening.get(c.sent.key) == 0
        )

    def tells_again(u: Unit, c: Unit) -> bool:
        new, old = content(u), content(c)
        share = LEDES_RESTATED_SHARE if ledes(u, c) else RESTATED_SHARE
        return restates(new, old) or recounts(new, old) or retells(new, old, cosine, tuning, share=share)

    def restated(u: Unit) -> bool:
        # Units are only ever added to ``chosen``: each pair is compared once.
        key = _key(u)
        done = compared.get(key, 0)
        if done >= 0:
            hit = any(tells_again(u, c) for c in chosen[done:])
            compared[key] = -1 if hit else len(chosen)
        return compared[key] < 0

    def repeats(u: Unit) -> bool:
        """Too close to a chosen sentence (TF-IDF cosine), or its fact told again."""
        return redundancy(u) > tuning.max_cosine or restated(u)

    if not strict:
        _add_quotes(story, chosen, taken, covered, limit=limit, words=words, repeats=repeats)
        for unit in chosen[1:]:
            told.update(figures(unit.text))

    pool = [s for s in usable if s.key not in quote_hosts or strict]
    if dated and not strict:
        # What an article written before the lede's report looked ahead to has happened (or
        # not) by now: "Clinton and Biden will speak there as well" is stale beside the speech;
        # so is what one written a day before guessed at ("If Clinton loses, it would be …"),
        # and the polls it reported, overtaken by the event (unless the story is the poll).
        lede_rank, lede_day = story.rank[lede.article_id], _day(story, lede.article_id)
        about_poll = POLL.search(lede.text) is not None

        last_day = max((d for a in story.articles if (d := _day(story, a)) is not None), default=None)

        def stale(s: Sent) -> bool:
            day = _day(story, s.article_id)
            if story.rank[s.article_id] >= lede_rank:
                # After the lede's report too, a look ahead to a named day is stale once the
                # story's articles run past that day ("Trump is due to address the convention
                # on Thursday" of Monday's report, beside Friday's report of the speech).
                ahead = _previewed_day(s.text, day) if day is not None and is_preview(s.text) else None
                return ahead is not None and last_day is not None and last_day > ahead
            # So is what it told as happening on the day ("Iowa residents on Monday are making the
            # first picks …" beside the report of who won).
            earlier = day is not None and lede_day is not None and day < lede_day
            polled = not about_poll and POLL.search(unquoted(s.text, 0, len(s.text))) is not None
            return is_preview(s.text) or in_progress(s.text) or (earlier and (speculates(s.text) or polled))

        pool = [s for s in pool if not stale(s)]
    top = max(s.score for s in usable) or 1.0
    weights = story.weights
    scale = max(weights.values(), default=1.0)
    goal = words if strict else words * 0.9
    tail = False  # filling a summary's budget: the next sentence is taken whole, to be cut
    while True:
        met: set[str] = set()  # the people the chosen units name
        spent = told_words(chosen, met)
        if spent >= goal:
            break
        best: tuple[float, Unit] | None = None
        for s in pool:
            if s.key in taken or s.words < tuning.min_words:
                continue
            unit = plain_unit(s) if tail else body_unit(story, s, taken)
            if unit is None or (spent + added_words(unit, set(met)) > limit and not tail):
                continue
            new = sum(weights.get(c, 0.0) for c in s.concepts if c not in covered)
            # Novelty counts concepts, not their weights: every sentence of a story repeats
            # its heavy topic bigrams ("light rail line"), a new fact brings new words.
            fresh = sum(1 for c in s.concepts if c not in covered) / max(1, len(s.concepts))
            if not strict and (fresh < tuning.min_novelty or repeats(unit)):
                continue  # the same fact from another outlet
            if strict and not tail and ((s.concepts and not fresh) or redundancy(unit) > tuning.copy_cosine):
                continue  # a summary tells no sentence twice, whatever its budget
            if tail and not fresh:
                continue  # words the summary has told already are no filling
            if (not strict and (stated := figures(unit.text)) and all(told[f] for f in stated)
                    and not any(n not in told for n in _COUNT.findall(unit.text))):
                continue  # the story's numbers once more, in other words
            value = new / scale / max(1, unit.words) ** tuning.length_power + tuning.centrality * s.score / top
            if best is None or value > best[0]:
                best = (value, unit)
        if best is None:
            if strict and fill and not tail:
                # No whole sentence fits the words left: the best next one is told up to the
                # budget (``layout.cut``), as DUC-style evaluation cuts every system's summary.
                tail = True
                continue
            break
        if tail:
            chosen.append(replace(best[1], tail=True))
            break
        chosen.append(best[1])
        taken.add(best[1].key)
        told.update(figures(best[1].text))
        if best[1].sent is not None:
            covered.update(best[1].sent.concepts)
    if not strict:
        for unit in _payoffs(story, chosen, taken, pool, limit - used(), repeats, content):
            chosen.append(unit)
            taken.add(unit.key)
    return chosen


_PAYOFF_WORDS = 12  # a payoff is a short sentence: a longer one is the body's own choice
_SENTENCE_END = re.compile(r"[.!?][”’\"']?$")
_QUOTE_MARK = re.compile(r"[“”\"«»]|''|``")
_NEW_PERSON = re.compile(r"[A-Z][a-z]+\s+([A-Z][a-z]+)\s+[a-z]")  # "Bronwen Tate said …": a first name and a surname


def _payoffs(
    story: Story, chosen: list[Unit], taken: set[tuple[str, int]], pool: list[Sent], room: int,
    repeats: Callable[[Unit], bool], content: Callable[[Unit], Said],
) -> list[Unit]:
    """Short sentences that end what a chosen one set up, told right after it: "Republican
    Senate candidate Kelli Ward … challenged John McCain in the primary." then "She lost by 13
    points." Such a sentence (``_PAYOFF_WORDS`` at most) leans on the one before, and is too
    short for the body's own choice (``Tuning.min_words``); without it the set-up is left
    hanging. Within the digest's word budget (``room``), not when it tells a chosen sentence's
    fact again (``repeats``), and not when it opens on someone the digest has not named."""
    by_key = {s.key: s for s in pool}
    # Shorter than a usable sentence is a payoff too when it is a whole sentence of its own
    # (a full stop, three words or more) that leans on the one before: "He did not elaborate."
    # No quote mark in it: the splitter cuts a quote's first short sentence off ("“He's absolutely
    # right." of a longer quote).
    by_key.update({s.key: s for s in story.sents
                   if s.reason == "too_short" and s.words >= 3 and _SENTENCE_END.search(s.text)
                   and not _QUOTE_MARK.search(s.text)})
    out: list[Unit] = []
    told = set(taken)
    named = frozenset().union(*(content(u).names for u in chosen))  # a payoff opens on no one new
    for unit in chosen:
        nxt = by_key.get((unit.article_id, unit.index + 1))
        if nxt is None or nxt.key in told or nxt.words > _PAYOFF_WORDS or not leans_on_context(nxt.text):
            continue
        payoff = body_unit(story, nxt, told)
        if payoff is None or payoff.words > room or repeats(payoff):
            continue
        if (m := _NEW_PERSON.match(nxt.text)) and m.group(1).lower() not in named:
            continue  # "Bronwen Tate said she hoped he was right.": who she is, a longer sentence said
        out.append(payoff)
        told.add(payoff.key)
        room -= payoff.words
    return out


# What a sentence says, for telling a restatement: its content words in order, lemmatised
# lightly ("won"/"wins" → "win", "primaries" → "primary"), a hyphenated word one word
# ("pro-abortion", "50-state"), a run of capitalised words one name under its last word
# ("Democrat Sen. Bernie Sanders" → "sanders", "the Equal Rights Amendment" → "amendment"),
# days, months and parts of the day left out (every report dates its fact).
_WORD_OR_MARK = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?:['’][A-Za-z]+)?|[^\w\s.'’]")
_TIME_WORDS = frozenset(d.lower() for d in WEEKDAYS) | frozenset(
    "today tonight yesterday morning afternoon evening night week weekend".split()
)
# Capitalised, a month is a date too ("In March, Trump said …"), not a name; in lower case
# "march" and "may" are words.
_DATE_NAMES = _TIME_WORDS | frozenset(d.lower() for d in DAYS_AND_MONTHS)
RESTATED_SHARE = 0.5  # of the shorter sentence's content words, found in the other
# … when both open their articles: two outlets' ledes of one event share its names and little
# else ("… are virtually deadlocked in California, …, according to a new poll" and "… are
# locked in a tight race in California, …, a new statewide poll has found").
LEDES_RESTATED_SHARE = 0.3
RESTATED_MIN = 4  # content words shared, at least: two names and a verb are not a fact
RESTATED_RUN = 3  # content words in a row the same in both: the phrase two outlets share
QUOTE_RESTATED = 0.8  # of a quote's own words, found in the other sentence
_NUMBER_WORD = re.compile(r"(?!(?:19|20)\d\d(?!\d))\d")  # a number, not a year or a decade ("1960s")


def _lemma(word: str) -> str:
    base = irregular_pasts().get(word) or irregular_participles().get(word) or word
    if base.endswith("ies") and len(base) > 4:
        return base[:-3] + "y"
    if base.endswith("s") and not base.endswith(("ss", "us", "is")) and len(base) > 3:
        base = base[:-1]
    for suffix in ("ing", "ed"):
        if base.endswith(suffix) and len(base) - len(suffix) >= 4:
            base = base[: -len(suffix)]
            # A doubled consonant is the suffix's: "running" → "run", "stopped" → "stop"; not
            # "called", "passed", "staffed", "buzzed".
            return base[:-1] if base[-1] == base[-2] and base[-1] not in "lsfz" else base
    return base


def content_words(text: str) -> tuple[str, ...]:
    """The content words of ``text`` in order, each once (see above)."""
    return _read(text)[0]


def _read(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The content words of ``text`` in order, each once, and those of them that are names."""
    out: list[str] = []
    names: set[str] = set()
    name: list[str] = []

    def close_name() -> None:
        # "Super Tuesday" is a name; a bare "Tuesday" or "March" is a date.
        if name and (name[-1] not in _DATE_NAMES or len(name) > 1):
            word = _lemma(name[-1]) if name[-1] not in _DATE_NAMES else " ".join(name)
            out.append(word)
            names.add(word)
        name.clear()

    for m in _WORD_OR_MARK.finditer(text):
        token = m.group()
        if not token[0].isalnum():
            close_name()  # a comma or a dash ends a name: "Tulsa, Okla."
            continue
        word = re.sub(r"['’]s$", "", token.lower())
        if token[0].isupper() and word not in STOP:
            name.append(word)
            continue
        if name and token[0].isupper():
            continue  # "The" or "of" inside a name: "the Bank of England" stays one
        close_name()
        if word not in STOP and word not in _TIME_WORDS and (len(word) > 1 or word.isdigit()):
            out.append(_lemma(word))
    close_name()
    return tuple(dict.fromkeys(out)), frozenset(names)


@dataclass(frozen=True, slots=True)
class Said:
    """What a digest sentence says in its own words, and what it quotes someone as saying."""

    words: tuple[str, ...]  # content words, a quote unit's quote left out
    quoted: tuple[str, ...] = ()  # a quote unit's quote: the speaker's own words
    figures_stated: frozenset[str] = frozenset()  # see ``figures``
    names: frozenset[str] = frozenset()  # the content words that are names ("sanders", "nevada")
    text: str = ""  # the words it is made of, for the static embedding (see ``retells``)
    verb: str = ""  # its first verb in the past, lemmatised ("arrested" → "arrest"; see ``_verb``)
    core: tuple[str, ...] = ()  # the words that tell its fact (see ``_core``)
    negated: bool = False  # its own words deny ("not", "never", "n't"; see ``recounts``)

    @classmethod
    def of(cls, unit: Unit) -> Said:
        # The source's words and the names given in full; not the role or verb we add to a quote.
        text = " ".join(p.name or p.text for p in unit.pieces if p.start >= 0 or p.name)
        words, names = _read(text)
        stated = frozenset(figures(text))
        # A person's title before the name ("presumptive Republican presidential nominee
        # Donald Trump") says who they are, not what happened.
        bare = " ".join(p.name or (p.text[p.name_at:] if p.person else p.text)
                        for p in unit.pieces if p.start >= 0 or p.name)
        core, negated = _core(bare), _NEGATION.search(text) is not None
        if unit.quote is None:
            return cls(words, figures_stated=stated, names=names, text=text, verb=_verb(text), core=core,
                       negated=negated)
        quoted = content_words(unit.quote.text)
        return cls(tuple(w for w in words if w not in quoted), quoted, stated, names, text, _verb(text), core,
                   negated)

    @property
    def size(self) -> int:
        return len(self.words) + len(self.quoted)


_WORD = re.compile(r"[\w'’\-]+")


def _verb(text: str) -> str:
    """The first verb in the past of the sentence's own words (quotes left out), lemmatised; ""
    when it has none. Reporting verbs are passed over ("Police said they arrested …": the act
    is the arrest), and the form alone tells a past (see ``ahead.past_form``)."""
    words = _WORD.findall(unquoted(text, 0, len(text)))
    for before, word in zip(["", *words], words):
        if word.islower() and past_form(before, word) and not REPORTED.fullmatch(word):
            return _lemma(word)
    return ""


def _key(unit: Unit) -> tuple[str, int, int]:
    """A unit's source sentence, and the quote it is built around if any."""
    return (unit.article_id, unit.index, unit.quote.start if unit.quote is not None else -1)


def _longest_run(a: Sequence[str], b: Sequence[str]) -> int:
    """The most content words in a row that ``a`` and ``b`` share."""
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                cur[j + 1] = prev[j] + 1
                best = max(best, cur[j + 1])
        prev = cur
    return best


def restates(new: Said, old: Said) -> bool:
    """Whether ``new`` tells ``old``'s fact again: most of the shorter one's content words are
    in the other (``RESTATED_SHARE``, at least ``RESTATED_MIN``), and the two share a phrase
    (``RESTATED_RUN`` content words in a row) or a number, as two outlets do when one tells
    the other's fact with something added ("… in his home state of Vermont", "… to keep
    details of her medical treatment under wraps", "all 66 delegates"). A long name is one
    word, so two sentences that share only "the American Israel Public Affairs Committee" do
    not restate each other; a figure ``old`` does not state ("… with 568", "about 46%") is
    news.

    A quote adds the speaker's own words to a sentence that paraphrases it, so a quote is
    compared by what is said around it (the share too counts only those words: "Hale …
    described the project as “a gold-plated tram to nowhere” and warned that costs would rise"
    tells "Hale … warned that the cost would rise" again); it repeats only when nearly all its
    own words (two at least) are in the other sentence already (``QUOTE_RESTATED``: "said,
    “Her mind is shot!”" beside "said the justice's “mind is shot.”").
    """
    for quote, other in ((new, old), (old, new)):
        if quote.quoted:
            found = sum(1 for w in quote.quoted if w in other.words or w in other.quoted)
            if found >= 2 and found >= QUOTE_RESTATED * len(quote.quoted):
                return True
    if new.figures_stated - old.figures_stated:
        return False
    shared = set(new.words) & set(old.words)
    if len(shared) < RESTATED_MIN or len(shared) < RESTATED_SHARE * min(len(new.words), len(old.words)):
        return False
    # The phrase both outlets wrote, or the same number ("all 66 delegates"; a year names the
    # story's time, "Trump's 1995 tax returns"): one fact.
    return any(_NUMBER_WORD.match(w) for w in shared) or _longest_run(new.words, old.words) >= RESTATED_RUN


# An opening phrase that sets the scene before the sentence's subject: "After a day of
# tensions between two of the nation's highest-profile Republicans, …", "During the
# primaries, …", "On Friday, …". What it sets is background, not the fact the sentence tells.
_SETTING = re.compile(
    r"\s*(?:After|Before|During|Following|Amid|Despite|Since|Until|Throughout|On|In|At|As|While|With|"
    r"Earlier|Later)\b[^,;:“”\"]{0,150},\s*"
)
_NEGATION = re.compile(r"(?i)\b(?:not|never|no|nor|neither|without)\b|n['’]t\b")
RECOUNTED_MIN = 4  # core words at least, two of them not names: "Ryan will meet Trump" is not enough alone


def _core(text: str) -> tuple[str, ...]:
    """The content words that tell a sentence's fact: its opening setting left out (see
    ``_SETTING``), and the verbs that report it ("announced", "tweeted"): "Ryan's office announced
    Friday that Ryan will meet with Trump on Thursday" tells that Ryan will meet Trump."""
    m = _SETTING.match(text)
    rest = text[m.end():] if m else text
    reporting = {_lemma(w.lower()) for w in REPORTED.findall(rest)}
    # A year or a count in the scene dates or sizes the fact: "In 2012, Romney won Ohio" is not
    # this year's win.
    numbers = [w for w in content_words(m.group()) if w[:1].isdigit()] if m else []
    return tuple(dict.fromkeys([*numbers, *(w for w in content_words(rest) if w not in reporting)]))


def recounts(new: Said, old: Said) -> bool:
    """Whether one of the two tells nothing the other does not: every word that tells its fact
    (``core``, at least ``RECOUNTED_MIN`` of them, two not names) is among the other's, and so is
    every name it gives. "After a day of tensions between two of the nation's highest-profile
    Republicans, Ryan's office announced Friday that Ryan will meet with Trump on Thursday"
    beside "“Having both said we need to unify the party, Speaker Ryan has invited Donald Trump
    to meet with members of the House Republican leadership in Washington on Thursday
    morning …,” Ryan's office said in a statement": the two share no phrase and their
    embeddings are not that close (0.76), but the first says nothing the second does not.
    Either may come first: ``new`` is left out when it is the one contained, or when it tells
    ``old``'s fact again with something added (as for ``restates``).

    Its words are all in the other, so this asks more than ``restates`` and ``retells``: another
    act between the same two (see ``_other_act``), a denial beside an assertion ("Ryan is not
    ready to support Trump" beside "Ryan will support Trump"), and a new figure or number are
    news. A quote is the speaker's own words: a paraphrase told beside it stays (a quote told
    before covers only by the words around it, see ``restates``), and a new quote is left out
    only when its own words too are all told already: a quote that adds a word of its own stays.
    """
    if _told_within(new, old):
        return True
    return not new.quoted and not old.quoted and _told_within(old, new)


def _told_within(short: Said, other: Said) -> bool:
    """Whether every core word and name of ``short`` is among ``other``'s words (see ``recounts``)."""
    core = short.core
    if len(core) < RECOUNTED_MIN or len(set(core) - short.names) < 2:
        return False
    if short.figures_stated - other.figures_stated or short.negated != other.negated:
        return False
    told = set(other.words)  # a quote unit's quoted words are not among them
    if any(_NUMBER_WORD.match(w) for w in core if w not in told):
        return False
    if not set(core) <= told or not short.names <= told:
        return False
    return not _other_act(short, other)


def _slot(said: Said) -> tuple[str, str] | None:
    """The content words either side of its verb (see ``_verb``): who did it, and to whom or
    what ("police", "suspect"); None when it has no verb or the verb has nothing on a side."""
    if said.verb not in said.words:
        return None
    i = said.words.index(said.verb)
    return (said.words[i - 1], said.words[i + 1]) if 0 < i < len(said.words) - 1 else None


def _other_act(new: Said, old: Said) -> bool:
    """Whether the two tell another act between the same two: each has a verb the other lacks,
    between the same words: "Police arrested a suspect in the Chelsea bombing after a shootout
    in Linden" and "Police released a suspect in the Chelsea bombing after questioning in
    Linden" share all else. One verb among the other's words is the same act ("won" beside
    "scored a decisive victory … in a state she won"), and so are two with something else
    beside them ("Quill won Delmont's primary" beside "Quill scored a decisive victory in
    Delmont")."""
    if not new.verb or not old.verb:
        return False
    if new.verb in {*old.words, *old.quoted} or old.verb in {*new.words, *new.quoted}:
        return False
    return _slot(new) is not None and _slot(new) == _slot(old)


def retells(
    new: Said,
    old: Said,
    cosine: Callable[[Said, Said], float],
    tuning: Tuning = TUNING,
    *,
    share: float = RESTATED_SHARE,
) -> bool:
    """Whether ``new`` tells ``old``'s fact again in other words, with no phrase in common:
    "Bernie Sanders won New Hampshire's Democratic primary Tuesday, defeating Hillary Clinton
    in the state that helped revive her presidential campaign eight years earlier" and "Sanders
    scored a decisive victory in Tuesday's New Hampshire presidential primary, embarrassing
    Hillary Clinton in a state she won eight years ago".

    Half the shorter one's content words are in the other, as for ``restates`` (``share``: a
    third when the two open their articles, see ``LEDES_RESTATED_SHARE``); every name
    of the shorter one is in the other (who and where: "Trump has won Georgia, Virginia …" is
    not "Clinton was sweeping …, winning Alabama, Arkansas, Georgia …"); two of the shared
    words are not names (what happened: "Clinton and Sanders almost crossed paths just before
    Nevada's Democratic caucuses" shares only the names and "caucuses" with Clinton's win
    there); the act is the same (see ``_other_act``); no number is new; and the two sentences'
    static embeddings are very close (``Tuning.retold_cosine``), which separates the same
    event told twice from two events of the same story, whose embeddings are close too but
    not that close. ``cosine`` computes that closeness, only once the word checks pass: an
    embedding costs more than all of them.
    """
    if new.figures_stated - old.figures_stated:
        return False
    if any(_NUMBER_WORD.match(w) for w in set(new.words) - set(old.words)):
        return False  # "Clinton won at least 19 delegates" beside "a majority of the delegates"
    shared = set(new.words) & set(old.words)
    if len(shared) < share * min(new.size, old.size):
        return False
    short, other = (new, old) if new.size <= old.size else (old, new)
    if not short.names <= {*other.words, *other.quoted}:
        return False
    if len(shared - new.names - old.names) < 2 or _other_act(new, old):
        return False
    return cosine(new, old) >= tuning.retold_cosine


def _add_quotes(
    story: Story,
    chosen: list[Unit],
    taken: set[tuple[str, int]],
    covered: set[str],
    *,
    limit: int,
    words: int,
    repeats: Callable[[Unit], bool],
) -> None:
    """Quotes first: a digest quotes people, and quotes rank low on centrality alone."""
    max_quotes = min(3, words // 130)
    speakers: set[str] = set()
    for unit in quote_units(story):
        if sum(1 for c in chosen if c.quote) >= max_quotes:
            break
        if unit.key in taken or unit.quote is None or told_words([*chosen, unit]) > limit:
            continue
        if unit.sent is not None and unit.sent.key in story.set_aside:
            continue  # a roundup's other item
        if repeats(unit):
            continue
        if unit.quote.speaker in speakers and len(speakers) < 2:
            continue  # a second speaker before a second quote from the same one
        chosen.append(unit)
        taken.add(unit.key)
        speakers.add(unit.quote.speaker)
        if unit.sent is not None:
            covered.update(unit.sent.concepts)


# An article's first sentences, where a preview says what is to come. Two: a third that looks
# ahead is a detail of a report ("The emails will not be disclosed as part of an ongoing release
# …" after the State Department's finding), not what the article is about.
_PREVIEW_OPENING = 2
# A count still open when the article was written: "the Democratic presidential primary in
# Kentucky … was down to the wire Tuesday night", "too close to call". Like a preview, it
# gives way to a later article's report when one is close enough.
_UNDECIDED = re.compile(
    r"\b(?:down to the wire|too close to call|(?:still|yet to be) (?:being )?(?:counted|called)|"
    r"had not (?:yet )?been called|neck and neck)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(r"\b(?:[Ii]f|[Uu]nless|[Ss]hould)\b")


_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b")


def _previewed_day(text: str, day: date) -> date | None:
    """The date of the first weekday a look ahead names, the next one from ``day`` (the
    article's own day): "… address the convention on Thursday" in Monday's article is that
    week's Thursday. None when it names no weekday."""
    m = _WEEKDAY.search(unquoted(text, 0, len(text)))
    if m is None:
        return None
    return day + timedelta(days=(WEEKDAYS.index(m.group(1)) - day.weekday()) % 7)


def _day(story: Story, article_id: str) -> date | None:
    """The article's day where its outlet is (``Story.days``), the day its "tonight" is told
    as; the UTC date when that is not sure; None when it is undated."""
    if article_id in story.days:
        return story.days[article_id]
    published = story.articles[article_id].published
    return published.date() if published is not None else None


# Page furniture above an article's first sentence (candidates.py's reasons): a deck, an
# "ABSTRACT." or "FULL TEXT." label, a byline. It does not push the lede out of the opening.
_FURNITURE = frozenset(
    {"heading", "deck", "abstract", "too_short", "byline", "no_sentence_end", "list_heading", "boilerplate"}
)


def _openings(story: Story) -> dict[tuple[str, int], int]:
    """Each sentence's place in its article, not counting the page furniture before it (a
    deck, an "ABSTRACT." label, a byline)."""
    out: dict[tuple[str, int], int] = {}
    seen: Counter[str] = Counter()
    for s in story.sents:
        out[s.key] = seen[s.article_id]
        if s.reason not in _FURNITURE:
            seen[s.article_id] += 1
    return out


def _central_people(story: Story) -> frozenset[str]:
    """Surnames of the people (the analyse stage's PERSON entities) that half the story's
    articles name, two at least: who the story is about."""
    n = len(story.articles)
    named: Counter[str] = Counter()
    for aid, spans in story.person_spans.items():
        text = story.articles[aid].text
        names = {text[a:b].split()[-1] for a, b in spans if text[a:b].split()}
        names = {re.sub(r"['’]s$", "", w) for w in names if w[:1].isupper()}
        named.update(names)
    return frozenset(w for w, k in named.items() if k >= max(2, n / 2))


def _reports_speech(text: str) -> bool:
    """Whether the sentence tells what someone said or found ("… says an internal review
    shows …", "according to exit polling data") rather than the event itself."""
    return attributed(text) or REPORTED.search(unquoted(text, 0, len(text))) is not None


# An opening phrase that sets the sentence in a year: "During his 2008 campaign for president,
# Barack Obama made clear …", "In 2012, …", "Back in 1995, …".
_OPENING_YEAR = re.compile(
    r"(?:In|During|Back in|Since|Before|Until|Throughout|As early as|As far back as)\b[^,.;:]{0,60}?"
    r"\b((?:19|20)\d\d)\b[^,.;:]{0,40},"
)


def _person_voice(story: Story, s: Sent) -> str:
    """The surname of the person whose claim the sentence tells ("Issa" of "Rep. Darrell Issa
    said …", a person the analysis tagged in it); "" when it tells no named person's."""
    word = attributed_to(s.text)
    text = story.articles[s.article_id].text
    spans = story.person_spans.get(s.article_id, ())
    return word if word and any(text[a:b].split()[-1:] == [word] for a, b in spans if s.start <= a < s.end) else ""


def _side_voice(story: Story, s: Sent, central: frozenset[str]) -> bool:
    """The sentence tells the claim of a person the story's articles do not share: not one of
    the story's central people."""
    word = _person_voice(story, s)
    return bool(word) and word not in central


def _own_or_institutions(story: Story, s: Sent) -> bool:
    """The sentence reports in its own voice, or tells what an institution did or said ("The
    State Department acknowledged …"), not a person's or an unnamed one's say ("he said",
    "according to …", an exit poll's finding)."""
    return not attributed(s.text) or (bool(attributed_to(s.text)) and not _person_voice(story, s))


def _set_before(story: Story, s: Sent) -> bool:
    """Whether the sentence opens on a year before its article's: background a column opens
    with, not the story's event, which no headline may tell in the present."""
    day = _day(story, s.article_id)
    m = _OPENING_YEAR.match(s.text)
    return m is not None and day is not None and int(m.group(1)) < day.year


_MORE_PLACES = 2  # a later report of the day covers more of it: two places more at least


def _spans_in(s: Sent, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The analyse stage's entity spans that lie within the sentence."""
    return [(a, b) for a, b in spans if s.start <= a and b <= s.end]


def _names_someone(story: Story, s: Sent) -> bool:
    """Whether the analyse stage found a person's name in the sentence."""
    return bool(_spans_in(s, story.person_spans.get(s.article_id, ())))


def choose_lede(story: Story, usable: list[Sent], tuning: Tuning = TUNING, *, dated: bool = True) -> Sent:
    """The core event: a plain, central opening sentence (one of an article's first three, the
    page's deck and labels not counted) from the earliest article that has one; a preview, and
    a lede that tells someone's finding, give way to a report of the event when one is close
    enough."""

    def strength(s: Sent) -> float:
        # Centrality, the concepts it covers, and a lede's who/where/when.
        where = bool(_spans_in(s, story.places.get(s.article_id, ())))
        gain = sum(story.weights.get(c, 0.0) for c in s.concepts)
        return s.score + 0.5 * gain / top_gain + 0.1 * where + 0.1 * bool(_WHEN.search(s.text))

    def order(s: Sent) -> tuple[int, int, float]:
        return (story.rank[s.article_id], s.index, -strength(s))

    opening = _openings(story)
    central = _central_people(story)

    sentences: dict[str, list[Sent]] = {}
    for s in story.sents:
        sentences.setdefault(s.article_id, []).append(s)

    def earlier(s: Sent) -> list[str]:
        return [t.text for t in sentences[s.article_id] if t.index < s.index]

    # A lede opens a story: not on "The video, …" for a video its article introduced before.
    def lead_like(s: Sent) -> bool:
        return (
            opening[s.key] < 3
            and 10 <= s.words <= 55
            and starts_clean(s)
            and not _set_before(story, s)
            and not anaphoric_opening(s.text, earlier(s))
            # "In a new case study out Monday, they detail how the man …": who "they" are, the
            # sentence before said; a lede that needs one is no lede. Nor is one whose figures
            # are of a poll the sentence before named: "Hillary Clinton has support from 52
            # percent …, the poll found."
            and not opens_on_pronoun(s.text, it=True)
            and not unsaid_measure(s.text)
        )

    # Nor, where another can, one that speaks of someone by an epithet only: "A national poll
    # … shows the New York billionaire maintaining his lead" (the sentence before named Trump).
    def unnamed(s: Sent) -> bool:
        return epithet_inside(s.text) and not _names_someone(story, s)

    def who(s: Sent) -> frozenset[str]:
        """The story's central people the sentence names."""
        return frozenset(n for n in central if re.search(rf"\b{re.escape(n)}\b", s.text))

    def where(s: Sent) -> frozenset[str]:
        """The places (the analyse stage's GPE, LOC and FAC entities) the sentence names."""
        text = story.articles[s.article_id].text
        return frozenset(text[a:b] for a, b in _spans_in(s, story.places.get(s.article_id, ())))

    candidates = (
        [s for s in usable if lead_like(s) and not unnamed(s)]
        or [s for s in usable if lead_like(s)]
        or [s for s in usable if not refers_back(s.text) and not anaphoric_opening(s.text, earlier(s))
            and not opens_on_pronoun(s.text, it=True)]
        or [s for s in usable if not refers_back(s.text)]
    )
    candidates = candidates or usable
    top_gain = max((sum(story.weights.get(c, 0.0) for c in s.concepts) for s in candidates), default=0.0) or 1.0
    best = max(strength(s) for s in candidates)
    if not dated:
        return min((s for s in candidates if strength(s) >= best), key=order)
    lede = min((s for s in candidates if strength(s) >= tuning.lede_margin * best), key=order)
    # A lede that tells what someone said or found ("Clinton performed well among New York
    # primary voters who …, according to exit polling data") is a detail of the story when
    # another opening reports the event itself with more of the story's people ("Donald J.
    # Trump wrested back control of the Republican presidential race with a commanding victory
    # in the New York primary, while Hillary Clinton dealt a severe blow to Senator Bernie
    # Sanders …"): the one that names most of them leads. A lede that reports an event in its
    # own voice keeps the lead, earliest first.
    if attributed(lede.text):
        fuller = [
            s
            for s in candidates
            if strength(s) >= tuning.report_margin * best
            and who(s) > who(lede)
            and not _reports_speech(s.text)
        ]
        if fuller:
            lede = min(fuller, key=lambda s: (-len(who(s)), order(s)))
        elif _side_voice(story, lede, central):
            # A side figure's say about the event ("Rep. Darrell Issa said Clinton's “honesty”
            # is in question …", one article of three naming him) gives way to another
            # article's report of the event in its own voice, about the same people ("The
            # State Department acknowledged … that “top secret” information has been found
            # in emails …").
            plain = [
                s
                for s in candidates
                if s.article_id != lede.article_id
                and strength(s) >= tuning.report_margin * best
                and who(s) >= who(lede)
                and _own_or_institutions(story, s)
            ]
            if plain:
                lede = min(plain, key=order)
    # A later report of the same day's event that covers more of it leads: "Clinton was declared
    # the winner in the Pennsylvania, Maryland and Delaware primaries …" over the first report,
    # "Hillary Clinton defeated Bernie Sanders in Delaware's Democratic presidential primary
    # Tuesday, …" (one of the places the lede names and two more, its people, in the reporter's
    # own voice; "the independent senator from Vermont" is no place of the event).
    def fuller(lede: Sent) -> Sent:
        mine = where(lede)
        if not mine or attributed(lede.text):
            return lede
        day = _day(story, lede.article_id)
        found = [
            s
            for s in candidates
            if story.rank[s.article_id] > story.rank[lede.article_id]
            and _day(story, s.article_id) == day
            and strength(s) >= tuning.report_margin * best
            and where(s) & mine
            and len(where(s) - mine) >= _MORE_PLACES
            and who(s) >= who(lede)
            and not attributed(s.text)
            and not is_preview(s.text)
        ]
        return min(found, key=lambda s: (-len(where(s)), order(s))) if found else lede

    # An article whose opening looks ahead is a preview, even when its first sentence reports
    # what someone said ("Sanders says he's not a one-issue candidate. The state of Nevada
    # will decide whether he's right."): a later article's report of the event leads instead.
    # A lede that reports an event of its own ("Sanders won …; the candidates will now turn to
    # Nevada") keeps the lead: only reported speech and a poll ("… holds its caucuses on
    # Saturday, and a new poll shows …") give way.
    # A hypothetical ("if they slow him, they are likely to …") is analysis, not a preview, and
    # an article counts as one only against reports of a later day.
    ahead = {
        s.article_id
        for s in story.sents
        if opening[s.key] < _PREVIEW_OPENING and is_preview(s.text) and not _HYPOTHETICAL.search(s.text)
    }
    second_hand = attributed(lede.text) or POLL.search(lede.text) is not None
    waiting = is_preview(lede.text) or _UNDECIDED.search(lede.text) is not None
    if waiting or (lede.article_id in ahead and second_hand):
        after = story.rank[lede.article_id]
        floor = tuning.report_margin * best
        day = _day(story, lede.article_id)
        later = waiting or day is None

        def reports(pool: list[Sent]) -> list[Sent]:
            return [
                s
                for s in pool
                if story.rank[s.article_id] > after
                and (later or (_day(story, s.article_id) or day) > day)
                and strength(s) >= floor
                and not is_preview(s.text)
                and s.article_id not in ahead
            ]

        if found := reports(candidates):
            return fuller(min(found, key=order))
        # No later article opens with the event (a live file reports it further down): its
        # strongest plain report that stands on its own.
        plain = [s for s in usable if 10 <= s.words <= 55 and starts_clean(s) and not refers_back(s.text)]
        if found := reports(plain):
            return fuller(max(found, key=lambda s: (strength(s), -story.rank[s.article_id], -s.index)))
    return fuller(lede)
