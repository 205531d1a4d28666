"""The optional LLM writer: a fluent rewrite of the extractive digest, verified before use.

The model never sees whole articles. The extractive writer (:mod:`newsdigest.write`)
first selects the story's facts — its cited source sentences (``F1``, ``F2`` …) and its
attributed quotes (``Q1`` … with speaker, role and verb) — and the model is asked to
rewrite only those, in the house style, as JSON::

    {"headline": "...", "paragraphs": [{"text": "...", "sources": ["F1", "Q2"]}]}

Nothing is published before :func:`verify` passes:

    quotes      every span in “…”, "…" or ‘…’ is verbatim in a source article (typography
                and whitespace aside), and the person the sentence names for it — a name
                cued by a speech verb in its clause, else the nearest name in the sentence,
                else the last person named before it ("he added") — is a speaker the
                sources give for that span (surname, full name or title + surname);
                a sentence copied verbatim from a source keeps the source's own attribution;
                a term of one or two words no source credits as a quote (“confused”) needs
                no speaker, but the source must quote it too, and a speaker the sentence
                gives it must be named where the source quotes it
    names       every PERSON / ORG / GPE / LOC / FAC entity (spaCy) outside a verified
                quote appears in a source: the facts, a quote's speaker, role and verb, an
                outlet, a title, or the story's articles (the extractive writer itself names
                speakers it resolved elsewhere in an article), compared without possessives,
                hyphens and the dots of "U.S." but with the case of first letters ("Rose" is
                not "rose"); a name the tagger ran into the next word is known when it is a
                chain of known two-word pieces; as a backstop, a capitalised word in
                mid-sentence, or one opening a sentence as a speaker, must occur in the
                source articles
    numbers     every number (digits, number words, percentages, money, "3.5 million",
                "a dozen") appears among the numbers of the facts given to the model (and the
                articles' dates), compared by value — stricter than names, on purpose — as
                the same kind (a percentage, money) and with a word around it in common with
                a place the facts give that value ("6 workers" is not "6 days"); a score or
                range ("9-4") in the source's order
    citations   every paragraph cites at least one fact id, and only ids that exist

A failing answer is sent back once with the reasons; a second failure, a malformed
answer or an unreachable model publishes the extractive digest instead, and
:class:`LLMOutcome` says why (``fallback_reason``) so editors can see it.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from .llm import LLMClient, LLMError
from .quotes import SHORT_MAX_WORDS, find_marked_spans
from .records import Analysis, Article, Citation, Digest, Paragraph, Quote
from .write import slugify, write_digest

log = logging.getLogger(__name__)

__all__ = [
    "Draft",
    "Evidence",
    "Fact",
    "LLMOutcome",
    "Verdict",
    "build_messages",
    "parse_answer",
    "select_facts",
    "verify",
    "write_digest_llm",
]

# Transport failures end the attempt at once (the client already retried them); these
# mean the model answered but badly, which one more try with the reason may fix.
_OUTPUT_FAILURES = frozenset({"bad_answer", "cut_off"})
_CHECKED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing the model may use: a verbatim source span, with its speaker for a quote."""

    id: str  # "F3" for a sentence, "Q2" for a quote
    article_id: str
    start: int
    end: int
    text: str  # == article.text[start:end]
    outlet: str = ""
    speaker: str = ""
    role: str = ""
    verb: str = ""

    @property
    def is_quote(self) -> bool:
        return self.id.startswith("Q")


@dataclass(frozen=True, slots=True)
class Draft:
    """The model's answer, parsed: a headline and paragraphs with the fact ids they cite."""

    headline: str
    paragraphs: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass
class LLMOutcome:
    """What the LLM writer did for one story; ``reasons`` lists every rejection."""

    model: str
    attempts: int = 0
    accepted: bool = False
    reasons: list[str] = field(default_factory=list)
    fallback_reason: str = ""  # set when the extractive digest was published instead

    @property
    def writer(self) -> str:
        return f"llm:{self.model}" if self.accepted else "extractive"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of :func:`verify`: reasons (empty = accepted) and the provenance found."""

    reasons: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    quotes: tuple[Quote, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.reasons


# --- the writer -----------------------------------------------------------------------


def write_digest_llm(
    story_id: int,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    client: LLMClient,
    words: int = 400,
    now: datetime | None = None,
    duplicate_of: Mapping[str, str] | None = None,
) -> tuple[Digest, LLMOutcome]:
    """A verified LLM digest, or the extractive one with the reason the LLM's was refused."""
    base = write_digest(story_id, articles, analyses, words=words, now=now, duplicate_of=duplicate_of)
    outcome = LLMOutcome(model=client.model)
    facts = select_facts(base, articles)
    if not facts:
        outcome.fallback_reason = "no facts selected by the extractive writer"
        outcome.reasons.append(outcome.fallback_reason)
        return base, outcome
    evidence = Evidence.build(articles, analyses, facts)
    messages = build_messages(facts, articles, words=words)
    last: list[str] = ["no answer"]
    for attempt in (1, 2):
        outcome.attempts = attempt
        try:
            answer = client.chat(messages, json_mode=True)
        except LLMError as exc:
            last = [str(exc)]
            outcome.reasons.append(f"attempt {attempt}: {exc}")
            if exc.reason in _OUTPUT_FAILURES and attempt == 1:
                messages = [*messages, _retry_message(last)]
                continue
            break
        draft, reasons = parse_answer(answer)
        verdict = _safe_verify(draft, evidence) if draft is not None else Verdict(tuple(reasons))
        if verdict.ok and draft is not None:
            outcome.accepted = True
            log.info("write: story %s written by llm:%s (attempt %d)", story_id, client.model, attempt)
            return _llm_digest(base, draft, verdict, client.model), outcome
        last = list(verdict.reasons)
        outcome.reasons.extend(f"attempt {attempt}: {r}" for r in last)
        messages = [*messages, {"role": "assistant", "content": answer}, _retry_message(last)]
    outcome.fallback_reason = f"llm:{client.model} refused after {outcome.attempts} attempt(s): " + "; ".join(
        last
    )
    log.warning(
        "write: story %s: llm:%s digest refused, extractive published: %s",
        story_id,
        client.model,
        outcome.fallback_reason,
    )
    return base, outcome


def _safe_verify(draft: Draft, evidence: Evidence) -> Verdict:
    """A checker bug must refuse the draft (and be seen), never publish it or lose the story."""
    try:
        return verify(draft, evidence)
    except Exception as exc:  # any failure here means "not verified"
        log.exception("write: verifier failed")
        return Verdict((f"verifier error: {type(exc).__name__}: {exc}",))


def _llm_digest(base: Digest, draft: Draft, verdict: Verdict, model: str) -> Digest:
    paragraphs = verdict.paragraphs
    return replace(
        base,
        headline=draft.headline,
        lede=paragraphs[0].text,
        paragraphs=paragraphs,
        quotes=verdict.quotes,
        slug=slugify(draft.headline) or base.slug,
        writer=f"llm:{model}",
    )


# --- facts and prompt -----------------------------------------------------------------


def select_facts(digest: Digest, articles: Sequence[Article]) -> list[Fact]:
    """The extractive digest's cited sentences (F…) and quotes (Q…), verbatim, in its order."""
    by_id = {a.id: a for a in articles}
    quote_spans = {(q.article_id, q.start, q.end) for q in digest.quotes}
    facts: list[Fact] = []
    seen: set[tuple[str, int, int]] = set()
    for para in digest.paragraphs:
        for c in para.citations:
            art = by_id.get(c.article_id)
            key = (c.article_id, c.start, c.end)
            if art is None or key in seen or key in quote_spans:
                continue
            seen.add(key)
            start = c.start
            if art.text[start : start + 1].islower():
                # A sentence whose opening pronoun the writer replaced ("He said …"): give
                # the model the whole line so the fact reads as the source wrote it.
                start = max(art.text.rfind("\n", 0, start) + 1, _sentence_start(art.text, start))
            facts.append(
                Fact(f"F{len(facts) + 1}", art.id, start, c.end, art.text[start : c.end], art.source)
            )
    for i, q in enumerate(digest.quotes, 1):
        art = by_id.get(q.article_id)
        if art is None or art.text[q.start : q.end] != q.text:
            continue
        facts.append(
            Fact(f"Q{i}", q.article_id, q.start, q.end, q.text, art.source, q.speaker, q.role, q.verb)
        )
    return facts


def _sentence_start(text: str, pos: int) -> int:
    m = None
    for m in re.finditer(r"[.!?][\"'”’)]*\s+", text[max(0, pos - 400) : pos]):
        pass
    return max(0, pos - 400) + m.end() if m else max(0, pos - 400)


_SYSTEM = """You are a news editor. Write a neutral digest of one news story for a news site, \
using ONLY the facts and quotes given to you.

House style:
- Headline: informative and neutral, at most 14 words, no quotation marks, no clickbait.
- First paragraph (the lede): what happened, who, where and when.
- {paragraphs} short paragraphs, about {words} words in all. Fewer paragraphs if there are few facts.
- Quotes: take them only from the "quotes" list. Copy the words between the quotation marks \
exactly, character for character; do not shorten, join or edit them and do not use ellipses. \
Attribute each quote to the speaker given for it, with their role and a verb, for example: \
Harbour chief executive Jane Doe said, “…”. Never attribute a quote to anyone else.
- Use only the people, organisations, places and numbers that appear in the facts and quotes, \
spelled as they are there. Add no background, no opinion and nothing the facts do not say.
- Every paragraph lists in "sources" the ids of the facts and quotes it uses (at least one).

Answer with one JSON object and nothing else:
{{"headline": "...", "paragraphs": [{{"text": "...", "sources": ["F1", "Q1"]}}]}}"""


def build_messages(
    facts: Sequence[Fact], articles: Sequence[Article], *, words: int = 400
) -> list[dict[str, str]]:
    """The chat messages: house style as the system message, the facts as JSON."""
    n = sum(1 for f in facts if not f.is_quote)
    paragraphs = "5–8" if n >= 5 else f"1–{max(1, n)}"
    material = {
        "articles": [
            {
                "outlet": a.source,
                "title": " ".join(a.title.split()),
                "published": a.published.isoformat() if a.published else None,
            }
            for a in articles
        ],
        "facts": [{"id": f.id, "outlet": f.outlet, "text": f.text} for f in facts if not f.is_quote],
        "quotes": [
            {
                "id": f.id,
                "speaker": f.speaker,
                "role": f.role,
                "verb": f.verb,
                "quote": f.text,
                "outlet": f.outlet,
            }
            for f in facts
            if f.is_quote
        ],
    }
    return [
        {"role": "system", "content": _SYSTEM.format(paragraphs=paragraphs, words=words)},
        {"role": "user", "content": json.dumps(material, ensure_ascii=False, indent=1)},
    ]


def _retry_message(reasons: Iterable[str]) -> dict[str, str]:
    listed = "\n".join(f"- {r}" for r in reasons)
    return {
        "role": "user",
        "content": "Your digest was rejected by the fact checker for these reasons:\n"
        f"{listed}\nWrite the digest again, following every rule. Answer with the JSON object only.",
    }


# --- parsing --------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)


def parse_answer(answer: str) -> tuple[Draft | None, list[str]]:
    """The model's JSON answer as a :class:`Draft`, or None and why it cannot be used."""
    text = _FENCE.sub("", answer.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # Some models wrap the object in prose; take the outermost braces once.
        first, last = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[first : last + 1]) if 0 <= first < last else None
        except json.JSONDecodeError:
            data = None
        if data is None:
            return None, [f"answer is not valid JSON ({exc.msg} at character {exc.pos})"]
    if not isinstance(data, dict):
        return None, ["answer is not a JSON object"]
    headline = data.get("headline")
    paras = data.get("paragraphs")
    reasons = []
    if not isinstance(headline, str) or not headline.strip():
        reasons.append('"headline" is missing or not a non-empty string')
    if not isinstance(paras, list) or not paras:
        reasons.append('"paragraphs" is missing or not a non-empty list')
        return None, reasons
    out: list[tuple[str, tuple[str, ...]]] = []
    for i, p in enumerate(paras, 1):
        if not isinstance(p, dict) or not isinstance(p.get("text"), str) or not p["text"].strip():
            reasons.append(f'paragraph {i} has no "text" string')
            continue
        sources = p.get("sources")
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            reasons.append(f'paragraph {i}: "sources" must be a list of fact ids')
            sources = []
        out.append((" ".join(p["text"].split()), tuple(s.strip() for s in sources)))
    if reasons:
        return None, reasons
    return Draft(" ".join(str(headline).split()), tuple(out)), []


# --- evidence: what the output may draw on --------------------------------------------

_TYPO = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‑": "-", "\u00a0": " "}
)


def _norm(text: str) -> str:
    """Typography folded, one character for one, so offsets survive."""
    return text.translate(_TYPO)


def _span_pattern(text: str, *, loose_first: bool = False) -> re.Pattern[str] | None:
    words = _norm(text).split()
    if not words:
        return None
    parts = [re.escape(w) for w in words]
    if loose_first and words[0][:1].isalpha():
        c = words[0][0]
        parts[0] = f"[{re.escape(c.lower())}{re.escape(c.upper())}]" + re.escape(words[0][1:])
    return re.compile(r"\s+".join(parts))


@dataclass
class Evidence:
    """The story's sources, indexed for the checks."""

    articles: dict[str, Article]
    norm_texts: dict[str, str]  # article id -> typography-folded text (same offsets)
    facts: dict[str, Fact]
    quotes: list[Quote]  # every attributed quote the analyses found in the story
    allowed: str  # facts + speakers, roles, outlets, titles: where names and numbers may come from
    allowed_numbers: set[float]
    # value -> (kind, words around it) wherever the facts give it
    number_contexts: dict[float, list[tuple[str, frozenset[str]]]]
    names_text: str  # ``allowed`` plus every article and known speaker, in :func:`_name_form`
    all_words: set[str]  # every word of every source article and title (case kept)
    lower_words: set[str]  # the words the sources write in lower case ("commuters")
    people: list[str]  # known people's names, longest first
    marked: dict[str, list[tuple[int, int]]]  # article id -> spans the source itself puts in quotes

    @classmethod
    def build(
        cls, articles: Sequence[Article], analyses: Mapping[str, Analysis], facts: Sequence[Fact]
    ) -> Evidence:
        quotes = [
            replace(q, article_id=q.article_id or a.id, speaker=_clean_name(q.speaker))
            for a in articles
            if a.id in analyses
            for q in analyses[a.id].quotes
            if q.speaker
        ]
        people = {q.speaker for q in quotes}
        for a in articles:
            for e in analyses[a.id].entities if a.id in analyses else ():
                if e.label == "PERSON":
                    people.add(_clean_name(e.text))
        pieces = [f.text for f in facts]
        # The verb too: "told the BBC" names an outlet the writer may repeat.
        pieces += [f"{f.role} {f.speaker} {f.verb}" for f in facts if f.is_quote]
        pieces += [f"{a.source}. {a.title}. {_date_words(a.published)}" for a in articles]
        allowed = _norm("\n".join(pieces))
        words: set[str] = set()
        for a in articles:
            source = f"{a.title} {a.source} {a.text} {_date_words(a.published)}"
            words.update(_WORDS.findall(source))
            words.update(_WORDS.findall(_name_form(source)))  # "US" for "U.S."
        words.update(part for w in list(words) if "-" in w for part in w.split("-"))  # "runner-up"
        names = [allowed, *(a.text for a in articles), *sorted(people)]
        return cls(
            articles={a.id: a for a in articles},
            norm_texts={a.id: _norm(a.text) for a in articles},
            facts={f.id: f for f in facts},
            quotes=quotes,
            allowed=allowed,
            allowed_numbers={v for m in find_numbers(allowed) for v in m.values},
            number_contexts=_number_contexts(allowed),
            names_text="\n".join(_name_form(line) for piece in names for line in piece.splitlines()),
            all_words=words,
            lower_words={w for w in words if w.islower()},
            people=sorted((p for p in people if p), key=len, reverse=True),
            marked={a.id: [(m.start, m.end) for m in find_marked_spans(a.text)[0]] for a in articles},
        )

    def find(
        self, text: str, *, loose_first: bool = False, titles: bool = False
    ) -> list[tuple[str, int, int]]:
        """Every verbatim occurrence (typography aside) of ``text`` in the source articles
        (and, with ``titles``, in their titles, reported with offsets -1)."""
        pattern = _span_pattern(text, loose_first=loose_first)
        if pattern is None:
            return []
        hits = [(aid, m.start(), m.end()) for aid, t in self.norm_texts.items() for m in pattern.finditer(t)]
        if titles:
            hits += [(a.id, -1, -1) for a in self.articles.values() if pattern.search(_norm(a.title))]
        return hits

    def speakers_of(self, hits: Iterable[tuple[str, int, int]]) -> list[Quote]:
        """The analysed quotes that contain (overlap) each occurrence."""
        out = []
        for aid, s, e in hits:
            out += [q for q in self.quotes if q.article_id == aid and q.start < e and s < q.end]
        return out


_WORDS = re.compile(r"\w+(?:-\w+)*")


def _date_words(when: datetime | None) -> str:
    """An article's date as the prompt gives it, so "on Monday 4 May 2026" may be written."""
    return f"{when:%A} {when.day} {when:%B %Y}" if when else ""


_ABBREVIATION = re.compile(r"\b[A-Z](?:\.[A-Z])+\.?(?!\w)")


def _name_form(text: str) -> str:
    """A name as compared: typography folded, "U.S." as "US", possessive 's, hyphens and
    other punctuation as spaces. Case is kept: "Rose" the person is not "rose" the verb."""
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), _norm(text))
    text = re.sub(r"(?<=\w)'(?:s\b|(?!\w))", " ", text)  # "Obama's", "Giggs'"
    # A comma is kept: "Tom Johnston, Michael McDonald" is two names, not "Tom … McDonald".
    text = re.sub(r"[,;:!?()\[\]\"]+", " , ", text)
    return " ".join(re.sub(r"[^\w'&,]+", " ", text).split())


def _clean_name(name: str) -> str:
    """A name without "the", possessive "'s" or stray marks (">Sanders", "Ava DuVernay’s ‘")."""
    name = re.sub(r"^\W+|\W+$", "", " ".join(name.split()))
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"^\W+|\W+$", "", re.sub(r"['’]s\W*$", "", name))


# --- numbers --------------------------------------------------------------------------

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if w != "_"
}
_ORDINALS = {
    w: i
    for i, w in enumerate(
        [
            "_",
            "_",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ]
    )
    if w != "_"
}
_SCALES = {
    "dozen": 12,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "bn": 1e9,
}
_WORD = "|".join(sorted([*_UNITS, *_TENS, *_ORDINALS], key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.,])(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:s|st|nd|rd|th)?(?!\d)"
    rf"|(?P<words>(?:{_WORD})(?:[- ](?:{_WORD}))?)(?!\w)(?!-(?:{_WORD})\b)"
    r"|(?P<a>a)(?=\s+(?:hundred|thousand|million|billion|trillion|dozen)\b))"  # "a million"
    r"(?P<scale>\s*(?:hundred|thousand|million|billion|trillion|dozen)\b|(?:k|m|bn)\b)?",
    re.IGNORECASE,
)
# "one" as a pronoun rather than a count
_NOT_A_COUNT = re.compile(
    r"\b(?:no|any|every|each|some|the|this|that)\s+one\b|\bone\s+(?:of|another|day|way|side|thing)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NumberMention:
    text: str
    start: int
    end: int
    values: tuple[float, ...]  # the value as written, and scaled ("3.5 million": 3.5, 3500000)
    scaled: bool


def find_numbers(text: str) -> list[NumberMention]:
    """Numbers in digits or words, with their values (a percent sign changes nothing)."""
    skip = [(m.start(), m.end()) for m in _NOT_A_COUNT.finditer(text)]
    out = []
    for m in _NUMBER.finditer(text):
        if m.group("words") and any(s <= m.start() < e for s, e in skip):
            continue
        if re.fullmatch(r"one", m.group(0), re.IGNORECASE) and text[m.end() : m.end() + 1] == "-":
            continue  # "one-sided", "one-time": no count; "six-star" and "twelve-page" are
        if m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
        elif m.group("a"):
            value = 1.0
        else:
            value = _word_value(m.group("words").lower())
        scale_word = (m.group("scale") or "").strip().lower()
        if scale_word:
            scaled = value * _SCALES[scale_word]
            out.append(NumberMention(m.group(0), m.start(), m.end(), (value, scaled), True))
        else:
            out.append(NumberMention(m.group(0), m.start(), m.end(), (value,), False))
    return out


def _word_value(words: str) -> float:
    total = 0
    for w in re.split(r"[- ]", words):
        total += _UNITS.get(w, 0) + _TENS.get(w, 0) + _ORDINALS.get(w, 0)
    return float(total)


def _number_known(n: NumberMention, allowed: set[float]) -> bool:
    # "3.5 million" must match a source's 3.5 million (or 3,500,000), not any 3.5.
    return (n.values[-1] in allowed) if n.scaled else (n.values[0] in allowed)


# --- quotes and who said them ---------------------------------------------------------

# Straight "…", ‘…’, and ''…'' (two apostrophes, as some archives write double quotes).
_OTHER_QUOTES = re.compile(
    r"\"(?P<a>[^\"]*)\"|(?<!\w)‘(?P<b>[^‘]*?)’(?!\w)|(?<!\w)''(?=\S)(?P<c>(?:(?!'').)*?)(?<=\S)''"
)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|warned|warns|insisted|insists|noted|notes|argued|argues|"
    r"stated|states|explained|explains|asked|asks|wrote|writes|urged|urges|declared|claimed|claims|"
    r"admitted|acknowledged|replied|responded|continued|remarked|promised|vowed|pledged|predicted|"
    r"cautioned|announced|suggested|repeated|conceded|described|called|recalled|according to|saying|"
    r"speaking|put it)\b",
    re.IGNORECASE,
)
_ABBREVIATIONS = "".join(
    rf"(?<!\b{re.escape(a)})"
    for a in [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "St",
        "Jr",
        "Sr",
        "Gov",
        "Sen",
        "Rep",
        "Gen",
        "Lt",
        "Col",
        "Sgt",
        "Prof",
        "No",
        "Pres",
        "Inc",
        "Co",
        "Corp",
        "U.S",
    ]
)
_SENTENCE_END = re.compile(_ABBREVIATIONS + r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class _Mention:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Quoted:
    text: str  # inside the marks
    start: int  # offsets of the inner text in the paragraph
    end: int


def _quoted_spans(text: str) -> tuple[list[_Quoted], list[str]]:
    """Outermost quotations: curly “…” (nesting allowed, as sources nest them), then
    straight "…" and single ‘…’ outside those; and any unbalanced marks."""
    spans: list[_Quoted] = []
    problems: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "“":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                spans.append(_Quoted(text[start:i], start, i))
        elif ch == "”":
            problems.append("unbalanced quotation marks")
    if depth:
        problems.append("unbalanced quotation marks")
    rest = _masked(text, spans, fill=" ")
    for m in _OTHER_QUOTES.finditer(rest):
        group = next(g for g in "abc" if m.group(g) is not None)
        spans.append(_Quoted(text[m.start(group) : m.end(group)], m.start(group), m.end(group)))
    left = _OTHER_QUOTES.sub(" ", rest)
    # A lone '' is an archive's leftover of a quote the sentence was cut from.
    if left.count('"'):
        problems.append("unbalanced quotation marks")
    return sorted(spans, key=lambda q: q.start), list(dict.fromkeys(problems))


def _masked(text: str, spans: Sequence[_Quoted], fill: str = "x") -> str:
    """Quote interiors blanked but for their first and last character, so sentence ends are
    found outside quotes, and a quote that opens or closes a sentence still does."""
    chars = list(text)
    for q in spans:
        for i in range(q.start + (fill == "x"), q.end - (fill == "x")):
            chars[i] = fill
    return "".join(chars)


def _mentions(
    text: str, spans: Sequence[_Quoted], people: Sequence[str], persons: Iterable[tuple[str, int, int]]
) -> list[_Mention]:
    """People named outside quotes: known speakers (full name or surname) and spaCy PERSONs."""
    inside = [(q.start, q.end) for q in spans]
    found: dict[tuple[int, int], str] = {}
    taken: list[tuple[int, int]] = []
    for person in people:
        for form in dict.fromkeys([person, person.split()[-1]]):
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(form)}(?![\w-])", text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                found[(m.start(), m.end())] = form
    for name, s, e in persons:
        if not any(a < e and s < b for a, b in taken):
            found[(s, e)] = _clean_name(name)
    return sorted(
        (_Mention(n, s, e) for (s, e), n in found.items() if not any(a <= s < b for a, b in inside)),
        key=lambda m: m.start,
    )


_ROLE_GAP = re.compile(r"^(?:['’]s)?\s+(?:[\w.&'’-]+\s+){0,6}$")


# Verbs whose object is the listener, not the speaker: "Clinton told Harvey, “…”".
_OBJECT_VERB = re.compile(
    r"\b(?:told|tells|asked|asks|urged|urges|warned|warns|called|calls|thanked|reminded)\s+"
    r"(?:[A-Z][\w.]*\s+){0,2}$"  # "told Mr. Obama", "told President Obama"
)
_INVERTED = re.compile(rf"{_SPEECH.pattern}\s+(?!that\b)(?:[a-z][\w'’-]*\s+){{0,3}}$", re.IGNORECASE)


_TITLE_DOT = re.compile(
    r"\b(Mrs|Mr|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Prof|Jr|Sr"
    r"|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No|Vol|approx|est)\."
)


def _unabbreviated(text: str) -> str:
    """ "Mrs. Clinton" as "Mrs  Clinton", "Nov. 8" as "Nov  8", same length: such a dot ends
    no clause."""
    return _TITLE_DOT.sub(lambda m: m.group(1) + " ", text)


def _cued(text: str, m: _Mention, lo: int, hi: int) -> bool:
    """A name said to speak: "<name>[, role,] said" or "said [role] <name>", "according to <name>"."""
    text = _unabbreviated(text)
    after = text[m.end : min(hi, m.end + 70)]
    before = text[max(lo, m.start - 40) : m.start]
    return bool(
        re.match(rf"^[^.!?“”\"]*?{_SPEECH.pattern}", after, re.IGNORECASE)
        or (_INVERTED.search(before) and not _OBJECT_VERB.search(before))
    )


def _candidates(text: str, near: Sequence[_Mention]) -> list[_Mention]:
    """Names that can be a quote's speaker: not a possessor ("Clinton’s “…”"), not a name
    inside the role of the next one ("White House press secretary Hogan Gidley"), not a name
    in the apposition after another ("Hogan Gidley, the White House press secretary, said")."""
    text = _unabbreviated(text)
    out = []
    for i, m in enumerate(near):
        if re.match(r"['’]s\b", text[m.end : m.end + 2]):
            continue
        nxt = near[i + 1] if i + 1 < len(near) else None
        gap = text[m.end : nxt.start] if nxt is not None else ""
        if nxt is not None and _ROLE_GAP.match(gap) and not _SPEECH.search(gap):
            continue
        prev = near[i - 1] if i > 0 else None
        if prev is not None and re.match(r"^,\s+[^,.;:!?“”\"]{0,80}$", text[prev.end : m.start]):
            continue
        out.append(m)
    return out


def _same_person(name: str, speaker: str) -> bool:
    """ "Solberg" or "Ingrid Solberg" for Ingrid Solberg; extractors sometimes keep names in
    another order ("Singh Jabarjung"), so one name's words inside the other's also match."""
    a, b = set(name.split()), set(speaker.split())
    return bool(a and b) and (name.split()[-1] == speaker.split()[-1] or a <= b or b <= a)


# --- the checks -----------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    """spaCy's parse of one paragraph; a retry or a second check of a draft mostly repeats
    paragraphs already parsed (the docs are only read)."""
    from .analyse import nlp  # spaCy loads once, only when an LLM digest is checked

    return nlp()(text)


def verify(draft: Draft, evidence: Evidence) -> Verdict:
    """Check a draft against the story's sources; see the module docstring for the rules."""
    texts = [draft.headline, *(t for t, _ in draft.paragraphs)]
    docs = [_parse(t) for t in texts]
    reasons: list[str] = []
    paragraphs: list[Paragraph] = []
    quotes: list[Quote] = []
    last_person: str | None = None  # for "he added" across paragraphs
    for i, (text, doc) in enumerate(zip(texts, docs)):
        where = "headline" if i == 0 else f"paragraph {i}"
        spans, problems = _quoted_spans(text)
        reasons += [f"{where}: {p}" for p in problems]
        persons = [(e.text, e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        mentions = _mentions(text, spans, evidence.people, persons)
        verified: list[_Quoted] = []
        para_cites: list[Citation] = []
        masked = _masked(text, spans)
        for qi, q in enumerate(spans):
            found, problem = _check_quote(text, masked, spans, qi, mentions, last_person, evidence)
            if problem:
                reasons.append(f"{where}: {problem}")
                continue
            verified.append(q)
            for quote in found:
                quotes.append(quote)
                para_cites.append(Citation(quote.article_id, quote.start, quote.end))
        reasons += [f"{where}: {r}" for r in _check_names(text, doc, verified, evidence, headline=i == 0)]
        reasons += [f"{where}: {r}" for r in _check_numbers(text, verified, evidence)]
        if i == 0:
            continue  # the headline stands alone: no "he said" in the lede leans on it
        if mentions:
            last_person = mentions[-1].name
        ids = draft.paragraphs[i - 1][1]
        unknown = [s for s in ids if s not in evidence.facts]
        if unknown:
            reasons.append(f"{where}: cites unknown fact ids {', '.join(unknown)}")
        known = [evidence.facts[s] for s in dict.fromkeys(ids) if s in evidence.facts]
        if not known:
            reasons.append(f"{where}: cites no fact")
        cites = [Citation(f.article_id, f.start, f.end) for f in known]
        cites += [c for c in para_cites if c not in cites]
        paragraphs.append(Paragraph(text, tuple(cites)))
    unique_quotes = tuple(dict.fromkeys(quotes))
    return Verdict(tuple(dict.fromkeys(reasons)), tuple(paragraphs), unique_quotes)


_CLAUSE_BREAK = re.compile(r"(?:,|[”\"])\s+(?:and|but|while|whereas)\s+(?=[A-Z])|;\s+")


def _check_quote(
    text: str,
    masked: str,
    spans: Sequence[_Quoted],
    qi: int,
    mentions: Sequence[_Mention],
    last_person: str | None,
    evidence: Evidence,
) -> tuple[list[Quote], str]:
    """The source quotes behind one quoted span, or why it cannot be published."""
    q = spans[qi]
    shown = _short(q.text)
    inner = q.text.strip().rstrip(",;:").strip()
    if inner.endswith(".") and not inner.endswith("..."):
        inner = inner[:-1]
    segments = [s.strip(" ,;:") for s in re.split(r"\s*(?:…|\.\.\.)\s*", inner) if s.strip(" ,;:.")]
    if not segments:
        return [], f"empty quotation {shown}"
    hits_per_segment = [evidence.find(s, loose_first=True) for s in segments]
    articles = set.intersection(*({aid for aid, _, _ in hits} for hits in hits_per_segment))
    if not articles:
        return [], f"quote {shown} does not appear verbatim in any source"
    hits_per_segment = [[h for h in hits if h[0] in articles] for hits in hits_per_segment]
    hits = [h for hits in hits_per_segment for h in hits]

    # The sentence around the quote, and the part of it not in other quotes.
    ends = list(_SENTENCE_END.finditer(masked))
    sent_lo = max([m.end() for m in ends if m.end() < q.start] or [0])
    sent_hi = next((m.end() for m in ends if m.start() >= q.end - 1), len(text))
    lo = max(sent_lo, spans[qi - 1].end + 1) if qi > 0 else sent_lo
    hi = min(sent_hi, spans[qi + 1].start - 1) if qi + 1 < len(spans) else sent_hi
    # A clause of its own ("…,” and Fisheries Minister Corrigan said …) has its own speaker.
    breaks = list(_CLAUSE_BREAK.finditer(masked, lo, hi))
    lo = max([lo, *(b.end() for b in breaks if b.end() <= q.start)])
    hi = min([hi, *(b.start() for b in breaks if b.start() >= q.end)])
    source_quotes = evidence.speakers_of(hits)
    speakers = list(dict.fromkeys(_clean_name(sq.speaker) for sq in source_quotes if _clean_name(sq.speaker)))

    if evidence.find(text[sent_lo:sent_hi].strip(), titles=True):
        # The whole sentence is the source's own: its attribution is the source's too.
        return _quote_records(hits_per_segment, source_quotes, speakers[0] if speakers else "", evidence), ""
    near = _candidates(text, [m for m in mentions if lo <= m.start and m.end <= hi])
    cued = [m for m in near if _cued(text, m, lo, hi)]
    if not speakers:
        if not source_quotes and len(segments) == 1:
            if len(inner.split()) <= SHORT_MAX_WORDS or not cued:
                return [], _quoted_term_problem(shown, hits, cued, q, evidence)
        return [], f"quote {shown} has no named speaker in the sources"

    who = _who(text, q, near, cued, mentions, last_person)
    if not who:
        return (
            [],
            f"quote {shown} is not attributed to a named speaker (the source gives it to {speakers[0]})",
        )
    matching = [s for s in speakers if _same_person(who, s)]
    if not matching and len(segments) == 1 and _source_names(who, hits, evidence):
        # The quote extractor read the source otherwise, but the source's own sentence,
        # read by these same rules, names this speaker: the draft says what the source says.
        return [replace(sq, speaker=who) for sq in _quote_records(hits_per_segment, [], "", evidence)], ""
    if not matching:
        return [], f"quote {shown} is attributed to {who}, but the source gives it to {' or '.join(speakers)}"
    return _quote_records(hits_per_segment, source_quotes, matching[0], evidence), ""


def _who(
    text: str,
    q: _Quoted,
    near: Sequence[_Mention],
    cued: Sequence[_Mention],
    mentions: Sequence[_Mention],
    last_person: str | None,
) -> str:
    """The person a sentence gives a quote to: the speech verb's name nearest the quote, else
    the last name before it in its clause, else the first after, else the last one before."""
    if cued:
        return min(cued, key=lambda m: min(abs(m.end - q.start), abs(m.start - q.end))).name
    if [m for m in near if m.end <= q.start]:
        return [m for m in near if m.end <= q.start][-1].name
    if near:
        return near[0].name
    earlier = _candidates(text, [m for m in mentions if m.end <= q.start])
    return earlier[-1].name if earlier else (last_person or "")


def _source_names(who: str, hits: Sequence[tuple[str, int, int]], evidence: Evidence) -> bool:
    """Whether a source sentence holding the quoted span gives it to ``who`` by the rules the
    draft is read by (the extractor's speaker for it can be wrong: “Chris.” given to Clinton
    in "… while Trump refers to the governor as “Chris.”")."""
    for aid, s, e in hits:
        full = evidence.norm_texts[aid]
        lo = full.rfind("\n", 0, s) + 1
        hi = full.find("\n", e)
        text = full[lo : hi if hi >= 0 else len(full)]
        spans, _ = _quoted_spans(text)
        qi = next((i for i, sp in enumerate(spans) if sp.start <= s - lo and e - lo <= sp.end), None)
        if qi is None:
            continue
        q = spans[qi]
        masked = _masked(text, spans)
        ends = list(_SENTENCE_END.finditer(masked))
        sent_lo = max([m.end() for m in ends if m.end() < q.start] or [0])
        sent_hi = next((m.end() for m in ends if m.start() >= q.end - 1), len(text))
        mentions = _mentions(text, spans, evidence.people, [])
        near = _candidates(text, [m for m in mentions if sent_lo <= m.start and m.end <= sent_hi])
        cued = [m for m in near if _cued(text, m, sent_lo, sent_hi)]
        said = _who(text, q, near, cued, mentions, None)
        if said and _same_person(who, said):
            return True
    return False


def _quoted_term_problem(
    shown: str, hits: Sequence[tuple[str, int, int]], cued: Sequence[_Mention], q: _Quoted, evidence: Evidence
) -> str:
    """A quotation no source attributes: a term of one or two words (“confused”, “sometime
    soon”, which the quote extractor does not count as anyone's quote), or a longer one the
    draft gives no one either (a slogan, a title). It needs no speaker, but the source must
    put it in quotation marks too (words of the reporter's own are not to be presented as
    someone's), and a person the sentence says spoke it must be named in the source's own
    paragraph around it (or the one before, for "she said")."""
    marked = [
        (aid, s, e) for aid, s, e in hits if any(a <= s and e <= b for a, b in evidence.marked.get(aid, ()))
    ]
    if not marked:
        return f"quote {shown} is not quoted in any source"
    if not cued:
        return ""
    who = min(cued, key=lambda m: min(abs(m.end - q.start), abs(m.start - q.end))).name
    for aid, s, e in marked:
        text = evidence.norm_texts[aid]
        breaks = [m.end() for m in re.finditer(r"\n\s*", text[:s])]
        para = breaks[-2] if len(breaks) > 1 else 0
        end = _SENTENCE_END.search(text, e)
        window = text[para : end.end() if end else len(text)]
        if any(
            re.search(rf"(?<![\w'-]){re.escape(form)}(?![\w-])", window) for form in {who, who.split()[-1]}
        ):
            return ""
    return f"quote {shown} is attributed to {who}, who is not named where the source quotes it"


def _quote_records(
    hits_per_segment: Sequence[Sequence[tuple[str, int, int]]],
    source_quotes: Sequence[Quote],
    speaker: str,
    evidence: Evidence,
) -> list[Quote]:
    """One Quote per quoted segment, at verbatim offsets in an article that gives it to ``speaker``."""
    out = []
    for hits in hits_per_segment:
        best: Quote | None = None
        for aid, s, e in hits:
            owner = next(
                (
                    sq
                    for sq in source_quotes
                    if sq.article_id == aid and sq.start < e and s < sq.end and sq.speaker == speaker
                ),
                None,
            )
            if speaker and owner is None:
                continue
            best = Quote(
                evidence.articles[aid].text[s:e],
                s,
                e,
                speaker,
                owner.role if owner else "",
                owner.verb if owner else "",
                aid,
            )
            break
        if best is not None:
            out.append(best)
    return out


def _check_names(
    text: str, doc: Any, verified: Sequence[_Quoted], evidence: Evidence, *, headline: bool = False
) -> list[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # with spaCy, loaded for the check anyway

    inside = [(q.start, q.end) for q in verified]
    reasons = []
    flagged: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in _CHECKED_LABELS or any(s <= ent.start_char < e for s, e in inside):
            continue
        name = _clean_name(re.split(r"[“”\"]", ent.text)[0])  # not "Steven M. “Things"
        if re.match(r"n['’]t\b", text[ent.end_char :]):
            name += "n't"  # "Sanders Aren’t": the tokenizer split the contraction off
        if not re.search(r"[A-Z]", name):
            continue  # names are capitalised; the tagger sometimes labels "n’t" a place
        opens = headline or _opens_sentence(text, ent.start_char)
        if _name_known(name, evidence.names_text, opens_sentence=opens, title_case=headline):
            continue
        words = name.split()
        if (
            opens
            and len(words) == 1
            and words[0].lower() in evidence.lower_words
            and not _speaks(text, ent.start_char, ent.end_char)
        ):
            continue  # "Commuters faced …": a common word the tagger took for a name
        kind = {"PERSON": "person", "ORG": "organisation"}.get(ent.label_, "place")
        reasons.append(f"{kind} {name!r} is not in the sources")
        flagged.append((ent.start_char, ent.end_char))
    # Backstop for names the tagger misses: a capitalised word in mid-sentence that no
    # source article contains at all.
    masked = _masked(text, verified)
    for m in re.finditer(r"(?<=[\w,;:)\]] )(?:[A-Z](?:\.[A-Z])+\.?|[A-Z]\w*(?:-\w+)*)", masked):
        word = _name_form(m.group(0)) if "." in m.group(0) else m.group(0)  # "U.S." as "US"
        parts = [w for w in word.split("-") if w[:1].isupper()]
        if word in evidence.all_words or all(w in evidence.all_words for w in parts):
            continue  # "Anti-Trump" when the source writes "anti-Trump"
        if headline and all(w.lower() in evidence.lower_words for w in word.split("-")):
            continue  # a headline in title case: "Dockworkers Walk Out"
        if not any(a <= m.start() < b for a, b in flagged):
            reasons.append(f"name {word!r} is not in the sources")
    # At a sentence's start a capital says nothing, so there a word unknown to the sources
    # is a name when it speaks and is a proper noun, has a role in apposition ("Hope, a
    # spokesperson for the committee, said …") or is a lone singular ("Faith said …");
    # "Officials said" and "Police said" are not names.
    for m in re.finditer(r"(?:^|(?<=[.!?:] )|(?<=[.!?:][\"”’')] )|(?<=[.!?:]'' ))[A-Z]\w*(?:-\w+)*", masked):
        word = m.group(0)
        if word in evidence.all_words or any(a <= m.start() < b for a, b in flagged):
            continue
        if re.match(r"\s+[A-Z]", text[m.end() :]):
            continue  # "Prominent New York Democrat Charlie King said": the name is checked as one
        token = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        apposition = re.match(r",\s+(?:a|an|the)\s+[^,.;:!?]{2,80},", text[m.end() :])
        singular = not word.endswith("s") and word.lower() not in _COLLECTIVE | STOP_WORDS  # not "He"
        if _speaks(text, m.start(), m.end()) and (
            apposition or singular or (token is not None and token[0].pos_ == "PROPN")
        ):
            reasons.append(f"name {word!r} is not in the sources")
    return list(dict.fromkeys(reasons))


# Nouns that speak as a body without an article: "Police said …".
_COLLECTIVE = frozenset(
    "police staff people management leadership crew military public media security government "
    "parliament congress press clergy youth".split()
)


def _speaks(text: str, start: int, end: int) -> bool:
    """The word at ``start:end`` is the speaker itself: "Rose said", "Rose, a spokesperson …,
    said", "said Rose" (not "Law professor Patrick McGinley said": another name speaks)."""
    after = re.match(
        rf"(?:\s*,[^,.;:!?“”\"]{{2,80}},)?\s+(?:has\s+|had\s+|have\s+)?{_SPEECH.pattern}",
        text[end:],
        re.IGNORECASE,
    )
    return bool(after or re.search(rf"{_SPEECH.pattern}\s+$", text[:start], re.IGNORECASE))


def _opens_sentence(text: str, pos: int) -> bool:
    return re.search(r"(?:^|[.!?:][\"'”’)]*\s+)[\"“‘(]?$", text[:pos]) is not None


# A name's edges: not inside a word, nor after "O'" (''Fox News Sunday'' holds Fox News).
_NAME_START = r"(?<!\w)(?<!\w')"
_NAME_END = r"(?!\w)(?!'\w)"


def _name_known(
    name: str, names_text: str, *, opens_sentence: bool = False, title_case: bool = False
) -> bool:
    """Whether ``name`` is in the sources, compared in :func:`_name_form`. A name the tagger
    ran into the next word ("Michelle Obama Sees" in a headline sentence) is known when
    it is a chain of pieces of two or more words, each in the sources, overlapping by a
    word ("Michelle Obama" + "Obama Sees"), so a two-word name must be there whole. At
    the start of a sentence the first letter's case is free ("Kaum Syi'ah" for "kaum Syi'ah")
    only within such a piece, and in a headline (``title_case``) for every word of one."""
    words = _name_form(name).split()
    if not words:
        return True

    def there(ws: Sequence[str], fold_first: bool) -> bool:
        parts = [
            _word_pattern(w, fold=(fold_first and k == 0) or (title_case and len(ws) > 1))
            for k, w in enumerate(ws)
        ]
        return re.search(_NAME_START + " ".join(parts) + _NAME_END, names_text) is not None

    if len(words) == 1:
        return there(words, False)
    # A title before a surname the source gives with first names ("Councillor Hale" for
    # "Councillor Martin Hale"): up to two capitalised words may stand between.
    head = [_word_pattern(w, fold=opens_sentence and k == 0) for k, w in enumerate(words[:-1])]
    gap = r" (?:[A-Z][\w'&]* ){0,2}"
    if re.search(_NAME_START + " ".join(head) + gap + _word_pattern(words[-1]) + _NAME_END, names_text):
        return True
    i = 0
    while True:
        j = next((j for j in range(len(words), i + 1, -1) if there(words[i:j], opens_sentence and i == 0)), 0)
        if not j:
            return False
        if j == len(words):
            return True
        i = j - 1


def _word_pattern(word: str, *, fold: bool = False) -> str:
    """The first letter as written ("Rose" is not "rose"), the rest in any case ("NASA", "Nasa")."""
    first = f"[{re.escape(word[0].lower())}{re.escape(word[0].upper())}]" if fold else re.escape(word[0])
    return first + (f"(?i:{re.escape(word[1:])})" if len(word) > 1 else "")


def _check_numbers(text: str, verified: Sequence[_Quoted], evidence: Evidence) -> list[str]:
    inside = [(q.start, q.end) for q in verified]
    reasons = []
    normed = _norm(text)
    for n in find_numbers(normed):
        if any(s <= n.start < e for s, e in inside):
            continue  # inside a quote already found verbatim
        if not _number_known(n, evidence.allowed_numbers):
            reasons.append(f"number {n.text.strip()!r} is not in the sources")
            continue
        value = n.values[-1] if n.scaled else n.values[0]
        kind, around = _context(normed, n.start, n.end)
        if around and not any(
            kind == k and (not c or _overlap(around, c)) for k, c in evidence.number_contexts.get(value, ())
        ):
            words = " ".join(sorted(around))
            reasons.append(f"number {n.text.strip()!r} is in the sources, but not with any of: {words}")
    for m in _PAIR.finditer(normed):
        if any(s <= m.start() < e for s, e in inside):
            continue
        sep = "/" if m["sep"] == "/" else "(?:-|to)"
        pair = rf"(?<![\d.,]){re.escape(m['a'])}\s*{sep}\s*{re.escape(m['b'])}(?![\d])"
        if not re.search(pair, evidence.allowed):
            reasons.append(f"numbers {m.group(0)!r} are not in the sources in this order")
    return list(dict.fromkeys(reasons))


# A score, a vote, a range or a date ("9-4", "10-15", "9/11"): its numbers in the source's order.
_PAIR = re.compile(r"(?<![\w.,])(?P<a>\d+(?:\.\d+)?)\s?(?P<sep>[-/])\s?(?P<b>\d+(?:\.\d+)?)(?![\w.,-]?\d)")


# A number moved to another place of the story ("6 workers" for "1,200 workers … 6 days")
# has the right value and the wrong words around it: the words either side, in its
# clause, must meet a source's words around the same value (a source giving the value
# with no words around it, as a bare fact can, says nothing against it).
_CONTEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_CONTEXT_SPAN = 3  # words each side
_CONTEXT_STOP = frozenset(
    """a an the of to in on at for and or but by with from that this these those was were is are
    be been being has have had will would could should can about than more less over under up
    down per cent percent some its it their his her they he she we our as into after before since
    until which who whom what when where while also just only nearly almost around roughly some
    said says told added""".split()
)
_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|pc\b|percentage point)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?][\"'”’)]*(?:\s|$)|[,;:][\"'”’)]*\s|\s[-–—]\s")
_UNIT_WORDS = frozenset([*_SCALES, "per", "cent", "percent", "pc"])  # the kind says these
_MONEY_AFTER = re.compile(r"\s*(?:dollars?|euros?|pounds?|yen|yuan|rupees?)\b", re.IGNORECASE)


def _context(text: str, start: int, end: int) -> tuple[str, frozenset[str]]:
    """What a number counts — "percent", "money" or "" — and the content words among the few
    either side of it in its clause: "4 per cent" is not "4 ships"."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    tail = text[end : min(hi if hi >= 0 else len(text), end + 80)]
    kind = (
        "percent"
        if _PERCENT.match(tail)
        else "money"
        if re.search(r"[$£€]\s?$", text[max(lo, start - 2) : start]) or _MONEY_AFTER.match(tail)
        else ""
    )
    head = _CLAUSE_END.split(_unabbreviated(text[max(lo, start - 80) : start]))[-1]  # this clause only
    tail = _CLAUSE_END.split(tail)[0]
    before = [w for w in _CONTEXT_WORD.findall(head) if w.lower() not in _UNIT_WORDS][-_CONTEXT_SPAN:]
    after = [w for w in _CONTEXT_WORD.findall(tail) if w.lower() not in _UNIT_WORDS][:_CONTEXT_SPAN]
    words = frozenset(w.lower() for w in [*before, *after] if w.lower() not in _CONTEXT_STOP and len(w) > 2)
    return kind, words


def _overlap(a: Iterable[str], b: Iterable[str]) -> bool:
    """A word in common, by its first five letters or as part of a longer one ("dockworkers")."""
    return any(x[:5] == y[:5] or (len(x) > 3 and x in y) or (len(y) > 3 and y in x) for x in a for y in b)


def _number_contexts(allowed: str) -> dict[float, list[tuple[str, frozenset[str]]]]:
    out: dict[float, list[tuple[str, frozenset[str]]]] = {}
    for m in find_numbers(allowed):
        around = _context(allowed, m.start, m.end)
        for v in m.values:
            out.setdefault(v, []).append(around)
    return out


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= n else text[: n - 1] + '…'}”"
