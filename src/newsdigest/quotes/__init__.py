"""Direct quotes in news text: the words, who said them, in what role, with which verb.

The one quote extractor of the project (``newsdigest quotes FILE.txt`` and the digests).
:func:`scan_quotes` reads a text in three passes, one module each:

    marks        quote marks paired line by line, no NLP (curly, straight, guillemets, and
                 the 1990s wires' `` ''): the quoted spans, pieces of a quote over several
                 paragraphs grouped, marks never closed dropped
    attribution  in the spaCy parse, the speech verb of each span and its subject (the
                 speaker mention); scare quotes, titles and unattributed spans dropped
    people       the people the article names: full names, bare surnames, gender
    speakers     a pronoun, a bare surname or "the spokesperson" made a full name, with
                 the role the article gives it

``verbs`` holds the speech verbs the attribution and people passes share. A caller that
knows whom the text is about passes their names as ``people`` (see :mod:`.people`).

``Quote.text`` is the content *inside* the marks, whitespace-trimmed, and always equals
``text[start:end]`` verbatim. What is not a direct quote is in ``QuoteScan.dropped`` with
its reason (``unclosed``, ``empty``, ``scare_quote``, ``title``, ``unattributed``).

Measured on PolNeAR with ``bench/quotes.py`` (dev is the reported split).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..extract import INVISIBLE
from ..records import Quote
from .attribution import SHORT_MAX_WORDS, attribute_all, drop_reason, interrupted_piece
from .doctext import doc_text
from .marks import UNCLOSED_MIN_WORDS, Dropped, MarkedSpan, find_marked_spans
from .speakers import build_context, is_person_name
from .verbs import SPEECH_LEMMAS

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..progress import Task

__all__ = [
    "SHORT_MAX_WORDS",
    "SPEECH_LEMMAS",
    "UNCLOSED_MIN_WORDS",
    "Dropped",
    "MarkedSpan",
    "QuoteDetail",
    "QuoteScan",
    "extract_quotes",
    "find_marked_spans",
    "scan_quotes",
]

@dataclass(frozen=True, slots=True)
class QuoteDetail:
    """A found quote plus what the bench and debugging need beyond the record."""

    quote: Quote
    group: int  # pieces of one quotation (split by attribution or paragraphs) share it
    how: str  # verb, according_to, colon, next_sentence, continuation, group, signature, owner, headline
    speaker_start: int = -1  # the speaker mention as written ("he", "Peskov"); -1 if none
    speaker_end: int = -1


@dataclass(slots=True)
class QuoteScan:
    quotes: list[QuoteDetail] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)


def scan_quotes(
    text: str, doc: Doc | None = None, people: Sequence[str] = (), progress: Task | None = None
) -> QuoteScan:
    """All direct quotes of ``text`` with their attribution, and the marked spans dropped.

    ``people``: names the text is known to be about (a summary of articles whose speakers are
    known); where the text writes one of them, or its surname, that is the person, whatever
    the tagger made of the word. ``progress`` is advanced once per piece of a long text
    (``analyse.chunk_offsets``), as it is parsed a piece at a time."""
    from .. import analyse  # late: analyse imports this package

    spans, dropped = find_marked_spans(text)
    out = QuoteScan(dropped=list(dropped))
    if not spans:
        return out
    if doc is None:
        pieces = analyse.chunk_offsets(text)
        if len(pieces) > 1:
            for s, e in pieces:
                sub = scan_quotes(text[s:e], people=people)
                out.quotes.extend(_shift(d, s) for d in sub.quotes)
                out.dropped.extend(Dropped(x.start + s, x.end + s, x.reason) for x in sub.dropped)
                if progress is not None:
                    progress.advance()
            return out
        doc = analyse.nlp()(text)
    if doc_text(doc) != text:
        raise ValueError("quotes: doc.text differs from the text given")
    sents = _mend_sentences(text, analyse.sentence_spans(doc)) or [(0, len(text))]
    ctx = build_context(text, doc, spans, sents, people)
    for span, att in zip(spans, attribute_all(ctx)):
        reason = drop_reason(text[span.start : span.end], att, is_person_name(ctx, span), interrupted_piece(ctx, span))
        if reason:
            spoken = att is not None and att.how == "verb" and att.direct
            out.dropped.append(Dropped(span.start, span.end, reason, spoken))
            continue
        assert att is not None
        quote = Quote(
            text=text[span.start : span.end],
            start=span.start,
            end=span.end,
            speaker=INVISIBLE.sub("", att.speaker.name),  # "Doug \u00adAndres" is Doug Andres
            role=INVISIBLE.sub("", att.speaker.role),
            verb=re.sub(r"\s+", " ", att.verb),
        )
        out.quotes.append(QuoteDetail(quote, span.group, att.how, att.speaker.start, att.speaker.end))
    return out


# A sentence ending in a comma and a closing mark ("``Believe me,''") was cut by the parser.
_CUT_AFTER_COMMA = re.compile(r",\s*(?:''|[”\"»’'])$")


def _mend_sentences(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences with the parser's cuts after a quote's comma undone ("``Believe me,'' |
    Trump said."), so the quote's sentence holds its speech verb; a paragraph break still cuts."""
    out: list[tuple[int, int]] = []
    for s, e in sents:
        if out and "\n" not in text[out[-1][1] : s] and _CUT_AFTER_COMMA.search(text, out[-1][0], out[-1][1]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _shift(d: QuoteDetail, by: int) -> QuoteDetail:
    q = d.quote
    moved = Quote(q.text, q.start + by, q.end + by, q.speaker, q.role, q.verb, q.article_id)
    s = d.speaker_start + by if d.speaker_start >= 0 else -1
    e = d.speaker_end + by if d.speaker_end >= 0 else -1
    # Groups of different chunks must not collide: a chunk's offset keeps them apart.
    return QuoteDetail(moved, d.group + by, d.how, s, e)


def extract_quotes(text: str, doc: Doc | None = None, progress: Task | None = None) -> list[Quote]:
    """The direct quotes in ``text``; ``doc`` is spaCy's parse of exactly ``text`` if at hand;
    ``progress`` is advanced per piece of a long text (see ``scan_quotes``)."""
    return [d.quote for d in scan_quotes(text, doc, progress=progress).quotes]
