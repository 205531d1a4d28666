"""The LLM writer's verifier: a draft is checked against the story's sources before use.

Nothing the model writes is published before :func:`verify` passes:

    quotes      every span in “…”, "…" or ‘…’ is verbatim in a source article (typography
                and whitespace aside), and the person the draft gives it to is a speaker
                the sources give for that span (surname, full name or title + surname);
                the sources' speakers are the quote extractor's (:mod:`newsdigest.quotes`),
                the very reading the writer was given, never a second reading of the
                source; the draft's speaker is that extractor's reading of the draft's
                paragraph, told the story's people ("Pawlenty said" is a person), when it
                names one of them (a "he said" it cannot resolve there: the last person
                named before); else a name cued by a speech verb in its clause (not
                "<name>, saying"), else the subject of the verb the quote hangs from, else
                the nearest name in the sentence, else the last person named before it,
                looked for across a quote before or after it in the clause unless a
                speech verb stands between them; a quote in a clause that names no one and
                that the extractor has no one say is credited to nobody, and needs only
                the source's own quotation marks;
                a sentence copied verbatim from a source keeps the source's own attribution,
                as does one that is a source's but for how it writes its people's names (a
                surname written in full, a first name or a title dropped or added, the same
                person at each place); a nested quote closing the quotation may end on another
                stop before its closing mark ("‘super predator.’" for "‘super predator,’");
                a quote some source marks exactly with nobody's speaker, that the draft also
                has no named person say, is that source's, as a term is (below), every person
                its clause names named where the source quotes it; a quote the sources
                attribute to no named person ("Sanders’ campaign called …") may be given to no
                named person or to what one owns, every person its clause names being in the
                source's sentence around it;
                a term of one or two words no source credits as a quote (“confused”) needs
                no speaker, but the source must quote it too, and a speaker the sentence
                gives it must be named where the source quotes it
    names       every PERSON / ORG / GPE / LOC / FAC entity (spaCy) outside a verified
                quote appears in a source: the facts, a quote's speaker, role and verb, an
                outlet, a title, or the story's articles (the extractive writer itself names
                speakers it resolved elsewhere in an article), compared without possessives,
                hyphens and the dots of "U.S." but with the case of first letters ("Rose" is
                not "rose"); a name the tagger ran into the next word is known when it is a
                chain of known two-word pieces; a possessive 's the tagger ran into the next
                word ("a judge’s Mexican heritage") is not part of a name; as a backstop, a
                capitalised word in mid-sentence, or one opening a sentence as a speaker,
                must occur in the source articles
    numbers     every number (digits, number words, percentages, money, "3.5 million",
                "a dozen") appears among the numbers of the facts given to the model (and the
                articles' dates), compared by value — stricter than names, on purpose — as
                the same kind (a percentage, money) and with a word around it in common with
                a place the facts give that value ("6 workers" is not "6 days"); in a
                paragraph, a value some fact gives must be in a fact the paragraph cites, and
                the words right around it must not be those around another number of its
                cited facts more than those around any place they give it ("46 human cases
                and 10 animal cases" for "10 human cases and 46 animal cases"), where a number's
                words stop at a number right next to it ("650 18-hole courses"); a score,
                vote, range or time ("9-4", "2-to-1", "6:45") in the source's order
    citations   every paragraph cites at least one fact id, and only ids that exist

A headline that is a source's own title (whole, or as the extractive writer cleans it), word for
word, case and punctuation aside, is the outlet's text and is not checked again: its quoted words
and the names it gives them to are as the outlet printed them.

One module per kind of check, and what they share:

    evidence    the facts given to the model and the story's sources, indexed for the checks
                (:class:`Evidence`); the draft (:class:`Draft`) and the result (:class:`Verdict`)
    quotes      quoted spans and the source quotes behind them
    speakers    who the draft gives each quote to (a reader's rules: cues, subjects, pronouns)
    names       people, organisations and places outside verified quotes
    numbers     numbers by value, kind and the words around them, placed as the cited
                facts place them; scores and ranges
    text        the forms text is compared in (typography folded, names as compared)
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..records import Citation, Paragraph, Quote
from .evidence import Draft, Evidence, Fact, Verdict
from .names import _check_names
from .numbers import NumberMention, find_numbers, _check_numbers
from .quotes import _check_quote, _masked, _Quoted, _quoted_spans, _read_speakers
from .speakers import _mentions

__all__ = ["Draft", "Evidence", "Fact", "NumberMention", "Verdict", "find_numbers", "verify"]


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    """spaCy's parse of one paragraph; a retry or a second check of a draft mostly repeats
    paragraphs already parsed (the docs are only read)."""
    from ..analyse import nlp  # spaCy loads once, only when an LLM digest is checked

    return nlp()(text)


def _modifiers(doc: Any) -> frozenset[int]:
    """Where names end that only qualify a noun ("the Carson campaign", "Cruz supporters"):
    such a name is nobody speaking, and no "he" points at it."""
    return frozenset(t.idx + len(t.text) for t in doc if t.dep_ == "compound" and t.head.pos_ == "NOUN")


_TITLE_WORDS = 4  # a shorter headline may match a title by chance


def _a_source_title(headline: str, evidence: Evidence) -> bool:
    """Whether the headline is one of the sources' titles, whole or as the extractive writer
    cleans it (``clean_title``: the outlet's name, a label, a deck cut), word for word, case
    and punctuation aside. What it quotes and whom it names are that outlet's, as it printed
    them: "Trump's taxes “Disqualifying”" is no claim that Trump said it. A run of words from
    inside a title is not one: "he said Clinton should be jailed" out of "Trump denies he said
    Clinton should be jailed" turns it round."""
    from ..write import clean_title

    words = re.findall(r"\w+", headline.casefold())
    if len(words) < _TITLE_WORDS:
        return False
    for article in evidence.articles.values():
        for title in (article.title or "", clean_title(article.title or "", article.source)):
            if re.findall(r"\w+", title.casefold()) == words:
                return True
    return False


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
        if i == 0 and _a_source_title(text, evidence):
            continue  # a source's own title, word for word: its quotes and names are the outlet's
        spans, problems = _quoted_spans(text)
        reasons += [f"{where}: {p}" for p in problems]
        persons = [(e.text, e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        mentions = _mentions(text, spans, evidence.people, persons, _modifiers(doc))
        verified: list[_Quoted] = []
        para_cites: list[Citation] = []
        masked = _masked(text, spans)
        readings = _read_speakers(text, doc, spans, evidence.people)
        for qi, q in enumerate(spans):
            found, problem = _check_quote(
                text, masked, spans, qi, mentions, last_person, evidence, readings[qi], doc
            )
            if problem:
                reasons.append(f"{where}: {problem}")
                continue
            verified.append(q)
            for quote in found:
                quotes.append(quote)
                para_cites.append(Citation(quote.article_id, quote.start, quote.end))
        reasons += [f"{where}: {r}" for r in _check_names(text, doc, verified, evidence, headline=i == 0)]
        cited = None if i == 0 else draft.paragraphs[i - 1][1]
        reasons += [f"{where}: {r}" for r in _check_numbers(text, verified, evidence, cited)]
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
