"""Why articles are grouped into one story, and an editor's corrections of that grouping.

``explain_grouping`` says what a reader needs to trust a story's grouping: how many
reports from how many outlets, how many of them are reprints of one wire story (counted
once), the people, places and terms the independent reports share, and the time span.

``split_story`` / ``merge_stories`` apply an editor's correction to stored stories at once
and record it as must-link / cannot-link article pairs, which ``pipeline.cluster_pending``
hands to the clusterer on every later run, so the correction is never undone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

from .cluster import entity_key, term_counts
from .errors import NotFound, NewsdigestError
from .records import Analysis, Article, Story

ENTITY_KINDS = {
    "PERSON": "people",
    "GPE": "places", "LOC": "places", "FAC": "places",
    "ORG": "organisations", "NORP": "organisations", "EVENT": "organisations",
}
MAX_SHOWN = 5  # names per kind: enough to recognise the story, short enough to read


class GroupingError(NewsdigestError):
    """An editor's split or merge that cannot be applied (the message says why)."""


@dataclass(frozen=True)
class ReprintGroup:
    """Copies of one original (usually a wire story) carried by other outlets."""

    original_id: str
    original_outlet: str
    original_title: str
    copies: int
    copy_outlets: tuple[str, ...]


@dataclass(frozen=True)
class CoverageCounts:
    """A story's coverage as readers are told it everywhere (cards, digest page, API,
    newsletter): independent reports (an outlet's own article) apart from reprints (copies
    of another article, usually a wire story), so ten outlets carrying one AP story read
    as one report plus ten reprints, never as ten reports."""

    reports: int  # independent reports: articles that copy no other
    outlets: int  # outlets with at least one independent report
    reprints: int  # copies of another article
    reprint_outlets: int  # outlets whose only articles here are copies

    @property
    def short(self) -> str:
        """ "4 independent reports from 3 outlets" (where reprints are said elsewhere)."""
        if not self.reports:
            return "no independent report"
        return f"{_n(self.reports, 'independent report')} from {_n(self.outlets, 'outlet')}"

    @property
    def text(self) -> str:
        """ "4 independent reports from 3 outlets; 2 reprints by 2 other outlets"."""
        if not self.reprints:
            return self.short
        by = ""
        if self.reprint_outlets:
            by = f" by {_n(self.reprint_outlets, 'other outlet' if self.reports else 'outlet')}"
        return f"{self.short}; {_n(self.reprints, 'reprint')}{by}"


def count_coverage(items: Iterable[tuple[str, bool]]) -> CoverageCounts:
    """``CoverageCounts`` from (outlet, is_reprint) pairs, one per article of the story."""
    pairs = list(items)
    own = {o for o, copy in pairs if not copy}
    return CoverageCounts(
        reports=sum(1 for _, copy in pairs if not copy),
        outlets=len(own),
        reprints=sum(1 for _, copy in pairs if copy),
        reprint_outlets=len({o for o, copy in pairs if copy} - own),
    )


@dataclass(frozen=True)
class GroupingExplanation:
    reports: int
    outlets: int
    independent_reports: int
    independent_outlets: int
    reprints: tuple[ReprintGroup, ...]
    people: tuple[str, ...]
    places: tuple[str, ...]
    organisations: tuple[str, ...]
    terms: tuple[str, ...]
    first: datetime | None
    last: datetime | None

    @property
    def summary(self) -> str:
        """E.g. "14 reports from 11 outlets; 3 reprints of one Brightwater Press Agency story"."""
        text = f"{_n(self.reports, 'report')} from {_n(self.outlets, 'outlet')}"
        for g in self.reprints:
            text += f"; {_n(g.copies, 'reprint')} of one {g.original_outlet or 'wire'} story"
        return text

    @property
    def counts(self) -> CoverageCounts:
        return CoverageCounts(
            reports=self.independent_reports,
            outlets=self.independent_outlets,
            reprints=self.reports - self.independent_reports,
            reprint_outlets=self.outlets - self.independent_outlets,
        )

    @property
    def independence(self) -> str:
        """The same words as the cards and the API's counts (``CoverageCounts.text``)."""
        return self.counts.text

    @property
    def span(self) -> str:
        if self.first is None or self.last is None:
            return ""
        first, last = self.first.astimezone(UTC), self.last.astimezone(UTC)
        if last - first < timedelta(minutes=1):
            return f"Reported at {first:%d %b %Y %H:%M} UTC"
        return f"Reported over {_duration(last - first)}, from {first:%d %b %Y %H:%M} to {last:%d %b %Y %H:%M} UTC"

    def shared(self) -> list[tuple[str, tuple[str, ...]]]:
        """(kind, names) for every kind with something shared, in reading order."""
        kinds = (("People", self.people), ("Places", self.places), ("Organisations", self.organisations),
                 ("Terms", self.terms))
        return [(k, names) for k, names in kinds if names]

    def lines(self) -> list[str]:
        out = [self.summary + ".", self.independence + "."]
        out += [
            ("Words in several headlines: " if kind == "Terms" else f"{kind} named by several reports: ")
            + ", ".join(names) + "."
            for kind, names in self.shared()
        ]
        if self.span:
            out.append(self.span + ".")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary, "reports": self.reports, "outlets": self.outlets,
            "independent_reports": self.independent_reports, "independent_outlets": self.independent_outlets,
            "reprints": [
                {"original_id": g.original_id, "original_outlet": g.original_outlet, "copies": g.copies,
                 "copy_outlets": list(g.copy_outlets)} for g in self.reprints
            ],
            "people": list(self.people), "places": list(self.places), "organisations": list(self.organisations),
            "terms": list(self.terms),
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _duration(gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    if minutes < 120:
        return _n(minutes, "minute")
    hours = minutes // 60
    if hours < 48:
        return _n(hours, "hour")
    return _n(hours // 24, "day")


def _when(a: Article) -> datetime | None:
    t = a.published or a.fetched
    return t.replace(tzinfo=UTC) if t is not None and t.tzinfo is None else t


def _root(article_id: str, by_id: Mapping[str, Article]) -> str:
    """The first article of a copy chain (a copy of a copy points at the original)."""
    seen = {article_id}
    current = by_id.get(article_id)
    while current is not None and current.duplicate_of and current.duplicate_of not in seen:
        seen.add(current.duplicate_of)
        article_id = current.duplicate_of
        current = by_id.get(article_id)
    return article_id


def _key(name: str) -> str:
    return entity_key(name).rstrip("'’ ")


def _shared_names(independent: Sequence[Article], analyses: Mapping[str, Analysis]) -> dict[str, tuple[str, ...]]:
    mentions: list[tuple[str, set[tuple[str, str]]]] = []  # per report: (kind, key) pairs
    forms: dict[str, Counter[str]] = defaultdict(Counter)  # key -> surface forms
    kinds: dict[str, Counter[str]] = defaultdict(Counter)  # key -> kinds the tagger gave it
    for a in independent:
        an = analyses.get(a.id)
        if an is None:
            continue
        keys: set[tuple[str, str]] = set()
        for e in an.entities:
            kind = ENTITY_KINDS.get(e.label)
            key = _key(e.text)
            if kind and key:
                keys.add((kind, key))
                forms[key][e.text.strip().rstrip("'’")] += 1
                kinds[key][kind] += 1
        mentions.append((a.id, keys))
    # "Hale" after "Martin Hale": a one-word name that is part of a longer one is the same
    # thing; and each name is shown once, under the kind the tagger gives it most often.
    longer = sorted((k for k in kinds if " " in k), key=lambda k: (-sum(kinds[k].values()), k))
    canon: dict[str, str] = {}
    for key in kinds:
        if " " not in key:
            canon[key] = next((k for k in longer if key in k.split()), key)
        else:
            canon[key] = key
    docs: Counter[str] = Counter()  # canonical key -> reports naming it
    for _, keys in mentions:
        docs.update({canon[k] for _, k in keys})
    least = 2 if len(independent) > 1 else 1  # "shared" means more than one report names it
    out: dict[str, list[str]] = defaultdict(list)
    for key in sorted((k for k, n in docs.items() if n >= least), key=lambda k: (-docs[k], k)):
        kind = kinds[key].most_common(1)[0][0]
        if len(out[kind]) < MAX_SHOWN:
            out[kind].append(forms[key].most_common(1)[0][0])
    return {kind: tuple(names) for kind, names in out.items()}


def _shared_terms(independent: Sequence[Article], named: Iterable[str]) -> tuple[str, ...]:
    """Words of the headlines that several reports use: headlines name the story."""
    names = {w for n in named for w in term_counts(n)}
    counts: Counter[str] = Counter()
    for a in independent:
        counts.update(set(term_counts(a.title)) - names)
    least = 2 if len(independent) > 1 else 1
    ranked = sorted((t for t, n in counts.items() if n >= least), key=lambda t: (-counts[t], t))
    return tuple(ranked[:MAX_SHOWN])


def explain_grouping(
    members: Sequence[Article],
    analyses: Mapping[str, Analysis],
    originals: Iterable[Article] = (),
) -> GroupingExplanation:
    """Why ``members`` form one story. ``originals``: articles outside the story that some
    member copies (so the reprint line can name the original's outlet)."""
    by_id = {a.id: a for a in originals}
    by_id.update({a.id: a for a in members})
    independent = [a for a in members if a.duplicate_of is None]
    copies: dict[str, list[Article]] = defaultdict(list)
    for a in members:
        if a.duplicate_of is not None:
            copies[_root(a.id, by_id)].append(a)
    reprints = []
    for root, group in copies.items():
        original = by_id.get(root)
        reprints.append(ReprintGroup(
            original_id=root,
            original_outlet=original.source if original else "",
            original_title=original.title if original else "",
            copies=len(group),
            copy_outlets=tuple(dict.fromkeys(a.source for a in group if a.source)),
        ))
    reprints.sort(key=lambda g: (-g.copies, g.original_outlet, g.original_id))
    names = _shared_names(independent, analyses)
    times = [t for a in members if (t := _when(a)) is not None]
    return GroupingExplanation(
        reports=len(members),
        outlets=len({a.source or a.id for a in members}),
        independent_reports=len(independent),
        independent_outlets=len({a.source or a.id for a in independent}),
        reprints=tuple(reprints),
        people=names.get("people", ()),
        places=names.get("places", ()),
        organisations=names.get("organisations", ()),
        terms=_shared_terms(independent, [n for kind in names.values() for n in kind]),
        first=min(times) if times else None,
        last=max(times) if times else None,
    )


def article_counts(members: Iterable[Article]) -> CoverageCounts:
    """``count_coverage`` for stored articles (an article without an outlet is its own)."""
    return count_coverage((a.source or a.id, a.duplicate_of is not None) for a in members)


def independent_outlets(members: Iterable[Article]) -> int:
    """Outlets with at least one report of their own (not only reprints)."""
    return article_counts(members).outlets


def explain_story(storage: Any, story_id: int) -> GroupingExplanation | None:
    """``explain_grouping`` for a stored story (``None`` when it has no articles)."""
    story = storage.story(story_id)
    if story is None or not story.article_ids:
        return None
    members = storage.get_articles(list(story.article_ids))
    missing = {a.duplicate_of for a in members if a.duplicate_of} - {a.id for a in members}
    originals = storage.get_articles(sorted(missing)) if missing else []
    return explain_grouping(members, storage.get_analyses([a.id for a in members]), originals)


# ---------------------------------------------------------------- editor corrections


def _pairs_within(ids: Sequence[str]) -> set[frozenset[str]]:
    return {frozenset(p) for p in combinations(sorted(set(ids)), 2)}


def _pairs_across(left: Sequence[str], right: Sequence[str]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for a in left for b in right if a != b}


def _live_story(storage: Any, story_id: int) -> Story:
    story = storage.story(story_id)
    if story is None:
        raise NotFound(f"grouping: no story {story_id}")
    if story.status == "merged":
        raise GroupingError(f"grouping: story {story_id} was merged into another story")
    return story


def _record(storage: Any, story_id: int, members: Sequence[Article], now: datetime) -> Story:
    from .pipeline import story_record  # the one definition of a story's counts and score

    weights = {s.name: s.weight for s in storage.list_sources()}
    ordered = sorted(members, key=lambda a: (_when(a) or now, a.id))
    return story_record(story_id, ordered, now, weights)


def split_story(
    storage: Any, story_id: int, article_ids: Collection[str], *, by: str = "", now: datetime | None = None
) -> tuple[Story, Story]:
    """Move ``article_ids`` out of the story into a new one; returns (old, new).

    Recorded as cannot-link between the two groups and must-link within each, so a
    later run neither joins them again nor scatters either group.
    """
    now = now or datetime.now(UTC)
    story = _live_story(storage, story_id)
    moving = list(dict.fromkeys(article_ids))
    strangers = [i for i in moving if i not in story.article_ids]
    if strangers:
        raise NotFound(f"grouping: story {story_id} has no article {', '.join(strangers)}")
    if not moving:
        raise GroupingError("grouping: name at least one article to split off")
    staying = [i for i in story.article_ids if i not in set(moving)]
    if not staying:
        raise GroupingError(f"grouping: splitting off every article would leave story {story_id} empty")
    arts = {a.id: a for a in storage.get_articles(list(story.article_ids))}
    new_id = storage.next_story_id()
    old = _record(storage, story_id, [arts[i] for i in staying if i in arts], now)
    new = _record(storage, new_id, [arts[i] for i in moving if i in arts], now)
    storage.apply_regrouping(
        [old, new],
        must=_pairs_within(staying) | _pairs_within(moving),
        cannot=_pairs_across(staying, moving),
        by=by, now=now,
    )
    return old, new


def merge_stories(
    storage: Any, kept_id: int, absorbed_id: int, *, by: str = "", now: datetime | None = None
) -> Story:
    """Put every article of ``absorbed_id`` into ``kept_id``; returns the merged story.

    Recorded as must-link between the two stories' articles (replacing any earlier
    cannot-link between them: the latest editor decision wins).
    """
    if kept_id == absorbed_id:
        raise GroupingError(f"grouping: cannot merge story {kept_id} with itself")
    now = now or datetime.now(UTC)
    kept = _live_story(storage, kept_id)
    gone = _live_story(storage, absorbed_id)
    ids = list(kept.article_ids) + [i for i in gone.article_ids if i not in kept.article_ids]
    if not ids:
        raise GroupingError(f"grouping: stories {kept_id} and {absorbed_id} have no articles to merge")
    merged = _record(storage, kept_id, storage.get_articles(ids), now)
    storage.apply_regrouping(
        [merged], absorbed=[(absorbed_id, kept_id)],
        must=_pairs_across(kept.article_ids, gone.article_ids), by=by, now=now,
    )
    return merged
