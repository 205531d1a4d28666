"""The default digest writer: extractive, offline, deterministic.

Every sentence of a digest is either a verbatim span of a source article or a quote
sentence built around a verbatim quote; each carries the character offsets it came from
(``Paragraph.citations``). How a story becomes a digest, one module per step:

    candidates  clean source sentences (datelines cut off; bylines, boilerplate, captions,
                fragments dropped with a reason, logged per story) and checked quotes;
                with topic (sentences off the story's subject), context (sentences that
                need the one before them, or their own article), opinion (op-eds, which
                never lead) and quoting (what lies inside a running quotation)
    salience    centrality (LexRank + cross-outlet support + lead position) and concept
                weights (bigrams weighted by how many outlets use them)
    select      lede = the core event (a central opening sentence, earliest article first);
                quotes; body by greedy concept coverage, repeats across outlets left out
    units       digest sentences: verbatim spans, bare surnames given the full name at
                first mention; with woven (quotes woven in with role and verb) and roles
                (titles and roles as a built sentence prints them)
    layout      core event first, then the lede's article, then the other articles by
                publication time; 5–8 paragraphs
    headline    the most central clean source title, or the lede's main clause; with
                titles (a source title without the outlet's additions), neutral (the
                neutrality penalties) and clause (the lede cut to its main clause)

``summarize`` is the same writer held to a hard word cap (no quotes built, no sentence
shorter than eight words), the form the ROUGE bench (bench/rouge.py) measures.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime

from ..records import Analysis, Article, Digest, RelevantArticle
from .candidates import Story, prepare, time_order
from .headline import clean_title, headline
from .layout import cut, layout
from .roles import is_title
from .salience import score
from .titles import repair
from . import select as selection

log = logging.getLogger("newsdigest.write")

__all__ = ["clean_title", "slugify", "summarize", "write_digest"]

WRITER = "extractive"
_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"}


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphen-separated, at most 80 characters (cut at a word boundary)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > 80:
        cut_at = slug[:81]
        slug = cut_at[: cut_at.rfind("-")] if "-" in cut_at else slug[:80]
    return slug.strip("-")


def write_digest(
    story_id: int,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    words: int = 400,
    now: datetime | None = None,
    duplicate_of: Mapping[str, str] | None = None,
) -> Digest:
    """One digest for a story: about ``words`` words (at most +10 %) in 5–8 paragraphs.

    Fewer words when the sources hold no more non-repeated facts. ``duplicate_of`` maps a
    wire copy's id to the article it copies: copies are listed as relevant articles but
    never quoted or summarised twice. ``now`` is the digest's publication time; without
    it the newest article's time is used (so output stays deterministic).
    """
    return _write(story_id, articles, analyses, words=words, strict=False, now=now, duplicate_of=duplicate_of)


def summarize(
    articles: Sequence[Article], analyses: Mapping[str, Analysis], *, words: int, fill: bool = False
) -> Digest:
    """The same writer, cut to at most ``words`` words (whole sentences where they fit).
    ``fill``: where no whole sentence fits the words left, the best next one is told up to
    the budget and ends in "…", as DUC-style evaluation cuts every system's summary."""
    return _write(0, articles, analyses, words=words, strict=True, now=None, duplicate_of=None, fill=fill)


def _write(
    story_id: int,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    words: int,
    strict: bool,
    now: datetime | None,
    duplicate_of: Mapping[str, str] | None,
    fill: bool = False,
) -> Digest:
    dups = {a.id: a.duplicate_of for a in articles if a.duplicate_of}
    dups.update(duplicate_of or {})
    story = prepare(articles, analyses, dups)
    score(story)
    units = selection.select(story, words=max(words, 1), strict=strict, fill=fill)
    tail = [u for u in units if u.tail]
    units = [u for u in units if not u.tail]
    paragraphs, used_quotes = layout(story, units)
    if strict:
        # The sentence that fills the budget comes last, where the cut falls (a plain one:
        # cut to a verbatim prefix of its source).
        paragraphs = cut([*paragraphs, *layout(story, tail)[0]], words)
    title = headline(story, units, analyses)
    if story.dropped:
        log.debug("write: story %s dropped sentences %s", story_id, dict(sorted(story.dropped.items())))
    dated = [a for a in articles if a.published is not None]
    published = now or (max(dated, key=time_order).published if dated else None)
    entities, people = _entities(story, analyses)
    return Digest(
        story_id=story_id,
        headline=title,
        lede=paragraphs[0].text if paragraphs else "",
        paragraphs=tuple(paragraphs),
        quotes=tuple(used_quotes),
        relevant_articles=_relevant(articles, dups),
        slug=slugify(title) or f"story-{story_id}",
        published=published,
        updated=None,
        writer=WRITER,
        entities=entities,
        people=people,
    )


def _entities(story: Story, analyses: Mapping[str, Analysis]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Main names: mentioned by the most articles, then most often; surnames fold into full
    names, and a title before a person's name is not part of it ("Councillor Martin Hale" and
    "Councillor Hale" are Martin Hale; "King Charles" stays whole). Then which of them are
    people: those the tagger labels PERSON at least as often as anything else."""
    per_article: dict[str, set[str]] = {}
    count: Counter[str] = Counter()
    first: dict[str, tuple[int, int]] = {}
    labels: dict[str, Counter[str]] = {}
    for aid in story.articles:
        for e in analyses[aid].entities:
            if e.label not in _ENTITY_LABELS:
                continue
            name = re.sub(r"^the\s+", "", e.text.strip(), flags=re.IGNORECASE)
            name = re.sub(r"['’]s$", "", name).strip()
            if e.label == "PERSON" and len(name.split()) > 2 and is_title(name.split()[0]):
                name = name.split(maxsplit=1)[1]
            if len(name) < 2:
                continue
            labels.setdefault(name, Counter())[e.label] += 1
            count[name] += 1
            per_article.setdefault(name, set()).add(aid)
            first.setdefault(name, (story.rank[aid], e.start))
    persons = {n for n, c in labels.items() if c["PERSON"] and c["PERSON"] == max(c.values())}
    full_names = [p for p in persons if len(p.split()) > 1 and not all(is_title(w) for w in p.split()[:-1])]
    for name in list(count):
        *before, last = name.split()
        owners = [f for f in full_names if f.split()[-1] == last and f != name]
        if all(is_title(w) for w in before) and len(owners) == 1:  # "Hale", "Gov. Hale"
            full = owners[0]
            count[full] += count.pop(name)
            per_article[full] |= per_article.pop(name)
    need = 2 if len(story.articles) > 1 else 1
    ranked = sorted(count, key=lambda n: (-len(per_article[n]), -count[n], first.get(n, (0, 0)), n))
    keep = [n for n in ranked if len(per_article[n]) >= need or count[n] >= 2][:8]
    return tuple(keep), tuple(n for n in keep if n in persons)


def _relevant(articles: Sequence[Article], dups: Mapping[str, str]) -> tuple[RelevantArticle, ...]:
    ordered = sorted(articles, key=time_order)
    return tuple(
        RelevantArticle(
            article_id=a.id,
            title=repair(" ".join(a.title.split())),  # as the outlet wrote it, mis-decoding undone
            outlet=a.source,
            url=a.url,
            published=a.published,
            duplicate_of=dups.get(a.id),
        )
        for a in ordered
    )
