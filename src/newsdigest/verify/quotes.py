"""Quotes in the draft: every quoted span verbatim in a source, and given to a speaker the
sources give it to. Who the sources give it to is the project's one quote extractor's
reading (:mod:`newsdigest.quotes`), the one the writer was given; who the draft gives it to
is the same extractor's reading of the draft, told the story's people, where it names one
of them — and where it does not, the rules a reader uses (:mod:`.speakers`: "<name> said",
"said <name>", the subject of the verb the quote hangs from, "he added"). One reading decides each quote, and
swapping two of the story's speakers leaves the choice of reading as it was, so a swapped
speaker is read as swapped: no quote passes because one of two readings happens to agree
with the source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..quotes import SHORT_MAX_WORDS, scan_quotes
from ..records import Quote
from .evidence import Evidence
from .speakers import _SPEECH, _Mention, _candidates, _cued, _subject_of, _who
from .text import _clean_name, _norm


# Straight "…", ‘…’, and ''…'' (two apostrophes, as some archives write double quotes).
_OTHER_QUOTES = re.compile(
    r"\"(?P<a>[^\"]*)\"|(?<!\w)‘(?P<b>[^‘]*?)’(?!\w)|(?<!\w)''(?=\S)(?P<c>(?:(?!'').)*?)(?<=\S)''"
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
class _Quoted:
    text: str  # inside the marks
    start: int  # offsets of the inner text in the paragraph
    end: int


@dataclass(frozen=True, slots=True)
class _Reading:
    """Who the project's quote extractor says a draft's quotation is by: the name it resolved
    (``""`` for none), and whether it found only "he"/"she" it could not resolve inside the
    paragraph (then the person is the last one named in the paragraphs before)."""

    speaker: str
    pronoun: bool
    how: str = "verb"  # the extractor's QuoteDetail.how, or why it dropped the span
    spoken: bool = True  # the draft has someone say it (False: a title, a term, unattributed)


def _read_speakers(
    text: str, doc: Any, spans: Sequence[_Quoted], people: Sequence[str]
) -> list[_Reading | None]:
    """The draft's paragraph read as the sources are read: :func:`newsdigest.quotes.scan_quotes`,
    told the story's known people (so "Pawlenty said" is a person even where the tagger reads
    a common noun), gives each quotation its speaker — None where it attributes none."""
    scan = scan_quotes(text, doc, people=people)
    found = scan.quotes
    out: list[_Reading | None] = []
    for q in spans:
        d = next((d for d in found if d.quote.start < q.end and q.start < d.quote.end), None)
        if d is None:
            x = next((x for x in scan.dropped if x.start < q.end and q.start < x.end), None)
            out.append(None if x is None else _Reading("", False, x.reason, x.spoken))
            continue
        mention = text[d.speaker_start : d.speaker_end].lower() if d.speaker_start >= 0 else ""
        out.append(_Reading(_clean_name(d.quote.speaker), mention in ("he", "she"), d.how))
    return out


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


def _same_person(name: str, speaker: str) -> bool:
    """ "Solberg" or "Ingrid Solberg" for Ingrid Solberg; extractors sometimes keep names in
    another order ("Singh Jabarjung"), so one name's words inside the other's also match."""
    a, b = set(name.split()), set(speaker.split())
    return bool(a and b) and (name.split()[-1] == speaker.split()[-1] or a <= b or b <= a)


# "she added", "he flatly said", "…,” said he": a clause that has someone say its quote
# though it names no one.
_PRONOUN_SAYS = re.compile(
    rf"\b(?:he|she)\s+(?:[a-z]+ly\s+)?{_SPEECH.pattern}|[,”\"]\s*{_SPEECH.pattern}\s+(?:he|she)\b",
    re.IGNORECASE,
)
# The end of a quotation that closes on a nested quote: its stop (if any) and the single
# closing mark, when a single opening mark stands before it in the quotation.
_NESTED_CLOSE = re.compile(
    r"(?:^|(?<=\s))[‘'](?=\w)(?:[^‘’']|(?<=\w)[’'](?=\w))*?\w(?P<close>[.,;:!?]?[’'])$"
)
_BARE = " \t\n“”\"‘’'.,!?;:()…"  # marks and stops only: a sentence with none of its own words
_CLAUSE_BREAK = re.compile(r"(?:,|[”\"])\s+(?:and|but|while|whereas)\s+(?=[A-Z])|;\s+")


def _check_quote(
    text: str,
    masked: str,
    spans: Sequence[_Quoted],
    qi: int,
    mentions: Sequence[_Mention],
    last_person: str | None,
    evidence: Evidence,
    reading: _Reading | None = None,
    doc: Any = None,
) -> tuple[list[Quote], str]:
    """The source quotes behind one quoted span, or why it cannot be published; ``reading``
    is the extractor's speaker for it in the draft (:func:`_read_speakers`)."""
    q = spans[qi]
    shown = _short(q.text)
    inner = q.text.strip().rstrip(",;:").strip()
    if inner.endswith(".") and not inner.endswith("..."):
        inner = inner[:-1]
    # A nested quote closing the quotation: the writer may end it on "." where the source,
    # mid-sentence, had "," (“… the labels of ‘criminal, super predator.’” for "… of
    # ‘criminal, super predator,’” Cyril told …"), so the stop before the inner closing
    # mark is free, as is one before the outer mark; the words up to it must still match.
    nested = _NESTED_CLOSE.search(inner)
    if nested:
        inner = inner[: nested.start("close")]
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
    lo, hi = _between_quotes(masked, spans, qi, sent_lo, sent_hi)
    # A clause of its own ("…,” and Fisheries Minister Corrigan said …) has its own speaker.
    breaks = list(_CLAUSE_BREAK.finditer(masked, lo, hi))
    lo = max([lo, *(b.end() for b in breaks if b.end() <= q.start)])
    hi = min([hi, *(b.start() for b in breaks if b.start() >= q.end)])
    source_quotes = evidence.speakers_of(hits)
    speakers = list(dict.fromkeys(_clean_name(sq.speaker) for sq in source_quotes if _clean_name(sq.speaker)))

    if evidence.find(text[sent_lo:sent_hi].strip(), titles=True) or _source_sentence(
        text, sent_lo, sent_hi, mentions, evidence
    ):
        # The whole sentence is the source's own: its attribution is the source's too.
        return _quote_records(hits_per_segment, source_quotes, speakers[0] if speakers else "", evidence), ""
    near = _candidates(text, [m for m in mentions if lo <= m.start and m.end <= hi])
    cued = [m for m in near if _cued(text, m, lo, hi, near)]
    # Quoted by the draft as the sources quote it — a title, a term — and put in no one's
    # mouth: the draft's reading (the extractor's) attributes it to no one either.
    named_only = reading is not None and not reading.spoken and not reading.speaker
    if not speakers:
        unnamed = evidence.unnamed_of(hits)
        if unnamed and reading is not None and (not reading.speaker or reading.how == "owner"):
            # The source has someone unnamed say it ("Sanders’ campaign called AP’s report a
            # “rush to judgment,”"), and the draft puts it in no named person's mouth either:
            # no one, or what a person owns ("Bernie Sanders’ campaign"). Every person the
            # draft's clause names must be named in the source's sentence around the quote.
            named = [m for m in mentions if lo <= m.start and m.end <= hi]
            strangers = [m for m in named if not any(_named_near(m.name, u, evidence) for u in unnamed)]
            if not strangers:
                return [], ""
            who = strangers[0].name
            return [], f"quote {shown} is attributed to {who}, who is not named where the source quotes it"
        if not source_quotes and len(segments) == 1:
            if len(inner.split()) <= SHORT_MAX_WORDS or not cued or named_only:
                return [], _quoted_term_problem(shown, hits, cued, q, evidence)
        return [], f"quote {shown} has no named speaker in the sources"

    unsaid = reading is None or not reading.spoken
    # A quote that is its whole sentence ("Solberg spoke on Monday. “We are not going
    # anywhere.”") reads as said by the person just named: it keeps that speaker's check.
    own_words = bool(text[sent_lo:q.start].strip(_BARE) or text[q.end:sent_hi].strip(_BARE))
    if not near and unsaid and own_words and not _PRONOUN_SAYS.search(masked, lo, hi):
        # A clause that names no one and has no one say the quote (“criminals” in "Given his
        # past comments on keeping so-called Mexican “rapists” and “criminals” out"): the
        # draft credits it to nobody, so it needs no speaker — but the source must put these
        # very words in quotation marks, not only say them inside someone's longer quote.
        if not _marked_exactly(hits, evidence):
            return [], f"quote {shown} is not quoted as such in any source"
        return [], ""
    if reading is not None and reading.how == "next_sentence" and text[sent_lo : q.start - 1].strip():
        # The extractor's “Why not?” Clinton said: for a quote opening its sentence only,
        # not "Trump referred to Obama as “the most valuable player.” Hewitt said, “…”".
        reading = None
    known = reading is not None and any(_same_person(reading.speaker, p) for p in evidence.people)
    if reading is not None and reading.speaker and known:
        who = reading.speaker
    elif reading is not None and reading.pronoun and not reading.speaker:
        who = last_person or ""
    else:
        who = _who(text, q, near, cued, mentions, last_person, _subject_of(doc, q, near))
    matching = [s for s in speakers if _same_person(who, s)] if who else []
    if not matching and named_only and len(segments) == 1:
        # A source marks exactly these words with nobody's speaker ("A spokesman for … Hillary
        # Clinton called a report … “outrageous.”"), though they are also inside someone's
        # longer quote: a draft giving them to no one either (the extractor reads a term)
        # quotes that source, as a term no one is credited with is quoted — and every
        # person its clause names must be named where the source quotes it (not only one
        # a verb cues: "A described B as a “disgrace” after she blamed … on “implicit
        # bias”" gives the second quote to B).
        bare = [h for h in hits if not evidence.speakers_of([h]) and _marked_exactly([h], evidence)]
        if bare:
            problems = [_quoted_term_problem(shown, bare, [m], q, evidence) for m in near]
            return [], next((p for p in problems if p), _quoted_term_problem(shown, bare, [], q, evidence))
    if not who:
        return (
            [],
            f"quote {shown} is not attributed to a named speaker (the source gives it to {speakers[0]})",
        )
    if not matching:
        return [], f"quote {shown} is attributed to {who}, but the source gives it to {' or '.join(speakers)}"
    return _quote_records(hits_per_segment, source_quotes, matching[0], evidence), ""


def _named_near(name: str, quote: Quote, evidence: Evidence) -> bool:
    """``name`` (its surname at least) is in the source's sentence around ``quote``."""
    text = evidence.norm_texts.get(quote.article_id, "")
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, quote.start - 400), quote.start)]
    end = _SENTENCE_END.search(text, quote.end)
    window = text[ends[-1] if ends else max(0, quote.start - 400) : end.end() if end else len(text)]
    surname = _norm(name).split()[-1]
    return re.search(rf"(?<![\w'-]){re.escape(surname)}(?![\w-])", window) is not None


# Titles a writer may add or drop before a name ("Gov.", "Sen.", "President").
_TITLE = r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Prof)\.?|President|Senator|Governor|Secretary)"


def _source_sentence(text: str, lo: int, hi: int, mentions: Sequence[_Mention], evidence: Evidence) -> bool:
    """The sentence ``text[lo:hi]`` is a source's sentence but for the forms of the names of
    people in it: a surname written in full or a full name cut to the surname ("Donald
    Trump described …" for "Trump described …"; "nominee Clinton" for "nominee Hillary
    Clinton"), a title added or dropped before a name. Each name must stand where the source
    has the same person (the same surname, and the draft's first names if it gives them),
    so a swapped name is no match."""
    names = [m for m in mentions if lo <= m.start and m.end <= hi]
    if not names:
        return False
    normed = _norm(text)
    parts: list[str] = []
    pos = lo
    for m in names:
        start = m.start
        while True:  # the writer's titles before the name are free too
            title = re.search(rf"(?<![\w.]){_TITLE}\s+$", normed[pos:start])
            if not title:
                break
            start = pos + title.start()
        words = normed[m.start : m.end].split()
        if not words or not words[-1][:1].isupper():
            return False
        parts.append(_literal(normed[pos:start]))
        first = r"\s+".join(re.escape(w) for w in words[:-1])
        given = rf"(?:{first}\s+)?" if first else r"(?:[A-Z][\w'-]*\.?\s+){0,2}?"
        parts.append(rf"(?:{_TITLE}\s+)*{given}{re.escape(words[-1])}(?![\w-])")
        pos = m.end
    parts.append(_literal(normed[pos:hi]))
    pattern = re.compile(r"(?<![\w'-])" + r"\s*".join(p for p in parts if p))
    # Opening on a name, the sentence must not start inside a longer one of the source's
    # ("Bill Clinton said" is not "Hillary Clinton said" with "Hillary" left out).
    return any(
        not (parts[0] == "" and re.search(r"[A-Z][\w'.-]*\s+$", t[max(0, m.start() - 40) : m.start()]))
        for t in evidence.norm_texts.values()
        for m in pattern.finditer(t)
    )


def _literal(piece: str) -> str:
    """A piece of a sentence as a pattern: its words as written, any whitespace between."""
    return r"\s+".join(re.escape(w) for w in piece.split())


def _between_quotes(masked: str, spans: Sequence[_Quoted], qi: int, lo: int, hi: int) -> tuple[int, int]:
    """The part of the sentence ``[lo, hi)`` a quote's speaker is looked for in: up to the
    quotes either side where a speech verb stands between (“…,” said A. … “…,” said B), but
    across a quote with none between, which shares this one's attribution ("A said the
    plan was an “insult” to the “hundreds and maybe thousands” of volunteers for the Carson
    campaign": both quotes are A's, not the second the next name's)."""
    before = spans[qi - 1] if qi > 0 else None
    after = spans[qi + 1] if qi + 1 < len(spans) else None
    if before is not None and before.end >= lo and _SPEECH.search(masked, before.end, spans[qi].start):
        lo = before.end + 1
    if after is not None and after.start <= hi and _SPEECH.search(masked, spans[qi].end, after.start):
        hi = after.start - 1
    return lo, hi


def _marked_exactly(hits: Sequence[tuple[str, int, int]], evidence: Evidence) -> bool:
    """Some source puts quotation marks around exactly this span (punctuation aside)."""
    for aid, s, e in hits:
        text = evidence.norm_texts[aid]
        for a, b in evidence.marked.get(aid, ()):
            if a <= s and e <= b and not text[a:s].strip(" ,.;:!?") and not text[e:b].strip(" ,.;:!?"):
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


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= n else text[: n - 1] + '…'}”"
