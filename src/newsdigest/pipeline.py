"""A pass: ingest every source, then analyse, dedupe, cluster, rank and write.

Each stage reads what the previous one stored (``articles.stage``: new → analysed →
clustered; ``stories.changed``), so any stage can be re-run and a killed pass resumes
where it stopped: nothing is lost, nothing is done twice.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from .analyse import analyse_many
from .cluster import ClusterItem, OnlineClusterer, embedding_weight_of
from .dedupe import DuplicateIndex
from .errors import StorageError
from .fetch import Fetcher
from .grouping import independent_outlets
from .ingest import SourceOutcome, ingest_source
from .progress import NullReporter, Reporter
from .rank import trend_score
from .records import Analysis, Article, Story
from .settings import Config
from .storage import Storage
from .write import write_digest

log = logging.getLogger(__name__)
ANALYSE_BATCH = 64
CLUSTER_BATCH = 2000  # articles clustered (and saved) per step of a backlog
WRITE_MAX_ARTICLES = 60  # articles a digest is written from, at most (see writing_set)
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"}


@dataclass
class PassReport:
    sources: list[SourceOutcome] = field(default_factory=list)
    analysed: int = 0
    clustered: int = 0
    stories_touched: int = 0
    digests_written: int = 0
    digests_skipped: int = 0
    errors: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    llm_fallbacks: int = 0

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[stage] = round(self.stage_seconds.get(stage, 0.0) + time.perf_counter() - started, 3)

    @property
    def new_articles(self) -> int:
        return sum(s.new_articles for s in self.sources)

    def stats(self) -> dict[str, object]:
        return {
            "new_articles": self.new_articles, "analysed": self.analysed, "clustered": self.clustered,
            "stories_touched": self.stories_touched, "digests_written": self.digests_written,
            "source_errors": sum(1 for s in self.sources if s.status == "error"), "errors": self.errors,
            "stage_seconds": self.stage_seconds, "llm_fallbacks": self.llm_fallbacks,
            "fetch_outcomes": dict(Counter(s.status for s in self.sources)),
        }


def ingest(storage: Storage, config: Config, reporter: Reporter, report: PassReport) -> None:
    sources = storage.list_sources()
    if not sources:
        return
    with Fetcher(config) as fetcher, reporter.task("Fetching sources", len(sources)) as bar:
        # Sources run in parallel (each is usually its own host; the fetcher paces per host).
        with ThreadPoolExecutor(max_workers=max(1, config.fetch_concurrency)) as pool:
            for outcome in pool.map(lambda s: ingest_source(storage, fetcher, s, config), sources):
                report.sources.append(outcome)
                bar.advance()


def analyse_pending(storage: Storage, reporter: Reporter, report: PassReport) -> None:
    """Analyse every new article, a batch at a time: memory holds one batch, not the backlog."""
    total = storage.stage_counts().get("new", 0)
    if not total:
        return
    done: set[str] = set()
    with reporter.task("Analysing articles", total) as bar:
        while batch := storage.articles_in_stage("new", limit=ANALYSE_BATCH):
            if all(a.id in done for a in batch):
                raise RuntimeError("analyse: stored analyses did not move articles on; stopping")
            done.update(a.id for a in batch)
            storage.save_analyses(analyse_many(batch))
            report.analysed += len(batch)
            bar.advance(len(batch))


def _when(a: Article) -> datetime:
    return a.published or a.fetched or datetime.now(UTC)


def _item(a: Article, an: Analysis | None, duplicate_of: str | None) -> ClusterItem:
    ents = tuple(dict.fromkeys(e.text for e in (an.entities if an else ()) if e.label in ENTITY_LABELS))
    return ClusterItem(
        article_id=a.id, published=_when(a), title=a.title, text=a.text, entities=ents,
        outlet=a.source, duplicate_of=duplicate_of,
    )


def story_record(story_id: int, members: Sequence[Article], now: datetime, weights: dict[str, float]) -> Story:
    """Counts and trend score of a story from its articles (wire copies count once)."""
    times = [_when(a) for a in members]
    dup = [a.duplicate_of is not None for a in members]
    outlets = [a.source or a.id for a in members]
    originals = [a for a in members if a.duplicate_of is None]
    lead = originals[0] if originals else members[0]
    return Story(
        id=story_id,
        article_ids=tuple(a.id for a in members),
        first_seen=min(times),
        last_seen=max(times),
        article_count=len(members),
        outlet_count=len(set(outlets)),
        independent_count=len(originals),
        trend_score=trend_score(times, outlets, dup, now, weights),
        title=lead.title,
    )


def cluster_pending(storage: Storage, config: Config, reporter: Reporter, report: PassReport,
                    now: datetime | None = None, *, language: str | None = None) -> None:
    """Single writer per language: dedupe and cluster analysed articles in time order, then
    rescore stories.

    Each language is a partition of its own: its articles are clustered against its own
    window only, so stories never mix languages and partitions can run at once (the Celery
    executor runs one task per language). With ``language`` only that partition is done;
    without, every partition in turn, which gives what per-language runs give.

    A backlog is clustered CLUSTER_BATCH articles at a time, oldest first, each batch saved
    before the next is read: memory holds one batch and the active window, not the
    backlog, and a killed run keeps the batches it finished.
    """
    now = now or datetime.now(UTC)
    window = timedelta(seconds=config.cluster_window)
    weights = {s.name: s.weight for s in storage.list_sources()}
    partitions = storage.cluster_languages(now - window)
    if language is not None:
        partitions = {language: partitions.get(language, 0)}
    total = sum(partitions.values())
    with (reporter if total else NullReporter()).task("Clustering stories", total) as bar:
        for lang in partitions:
            while pending := storage.articles_in_stage("analysed", limit=CLUSTER_BATCH, language=lang):
                report.stories_touched += _cluster_batch(storage, config, pending, window, weights, now, bar)
                report.clustered += len(pending)
            _rescore(storage, lang, now, window, weights)


def _rescore(storage: Storage, language: str, now: datetime, window: timedelta,
             weights: dict[str, float]) -> None:
    """Trend scores decay with time: rescore every active story of the language, not only
    the touched ones (and no other language's, which its own partition may be saving)."""
    active = storage.active_stories(now - window, language=language)
    arts = {a.id: a for a in storage.get_articles([i for s in active for i in s.article_ids])}
    rescored = [
        story_record(s.id, [arts[i] for i in s.article_ids if i in arts], now, weights)
        for s in active if any(i in arts for i in s.article_ids)
    ]
    storage.update_story_stats(rescored)


def _cluster_batch(storage: Storage, config: Config, pending: list[Article], window: timedelta,
                   weights: dict[str, float], now: datetime, bar: Any) -> int:
    """Cluster one batch of one language against its stored window; save it; return the
    stories touched."""
    since = min(_when(a) for a in pending) - window
    context = storage.articles_since(since, language=pending[0].language)
    analyses = storage.get_analyses([a.id for a in context + pending])
    dedupe = DuplicateIndex()
    # Editors' splits and merges, as article pairs: they win over similarity.
    must_link, cannot_link = storage.constraints_for([a.id for a in context + pending])
    by_story: dict[int, list[Article]] = defaultdict(list)
    for a in context:
        dedupe.add(a.id, a.text)
        if a.story_id is not None:
            by_story[a.story_id].append(a)
    # New stories get provisional ids above the seeded ones (merges keep the lower id, the
    # older story); stored ids are taken from the shared counter once their number is known.
    provisional = max(by_story, default=0) + 1
    clusterer = OnlineClusterer(
        window=window, threshold=config.cluster_threshold, first_new_id=provisional,
        must_link=must_link, cannot_link=cannot_link,
        embedding_weight=embedding_weight_of(config.cluster_embeddings, config.cluster_embedding_weight),
    )
    # A story's first reports may be older than the window: the drift check compares
    # later reports with them.
    firsts = storage.first_articles(sorted(by_story), clusterer.core_size)
    for sid, members in sorted(by_story.items()):
        clusterer.seed(sid, [_item(a, analyses.get(a.id), a.duplicate_of) for a in members],
                       core=[_item(a, None, a.duplicate_of) for a in firsts.get(sid, ())])
    # The whole batch's word frequencies first: a cold start weighs like a batch fit.
    clusterer.prime(_item(a, analyses.get(a.id), None) for a in pending)
    assignments: dict[str, int] = {}
    duplicates: dict[str, str] = {}
    for a in pending:
        original = dedupe.add(a.id, a.text)
        if original:
            duplicates[a.id] = original
        assignments[a.id] = clusterer.add(_item(a, analyses.get(a.id), original))
        bar.advance()
    # Stories the batch split (first reports in other words) become one; saved as any merge.
    clusterer.consolidate()
    assignments, merges = _number_new_stories(storage, assignments, clusterer.merges(), provisional)
    touched = set(assignments.values()) | {kept for _, kept in merges}
    absorbed = {gone for gone, _ in merges}
    members = {sid: list(arts) for sid, arts in by_story.items()}
    for a in pending:
        members.setdefault(assignments[a.id], []).append(replace(a, duplicate_of=duplicates.get(a.id)))
    for gone, kept in merges:
        members.setdefault(kept, []).extend(members.pop(gone, []))
    stories = [
        story_record(sid, sorted(members[sid], key=_when), now, weights)
        for sid in sorted(touched - absorbed) if members.get(sid)
    ]
    storage.save_clustering(stories, assignments, duplicates, merges)
    return len(stories)


def _number_new_stories(storage: Storage, assignments: dict[str, int], merges: list[tuple[int, int]],
                        provisional: int) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Give the batch's new stories (ids from ``provisional`` up) ids from the shared counter,
    in the same order, so two partitions saving at once never store the same story id."""
    new = sorted({sid for sid in assignments.values() if sid >= provisional}
                 | {sid for pair in merges for sid in pair if sid >= provisional})
    final = dict(zip(new, storage.allocate_story_ids(len(new)), strict=True))
    return ({aid: final.get(sid, sid) for aid, sid in assignments.items()},
            [(final.get(gone, gone), final.get(kept, kept)) for gone, kept in merges])


def write_changed(storage: Storage, config: Config, reporter: Reporter, report: PassReport,
                  now: datetime | None = None, story_ids: Collection[int] | None = None) -> None:
    """Write (or rewrite) the digest of every changed story, or of the given ones only."""
    changed = storage.changed_stories()
    if story_ids is not None:
        changed = [s for s in changed if s.id in story_ids]
    if not changed:
        return
    from .llm import client_from_config

    client = client_from_config(config)  # the optional LLM writer, only when configured
    try:
        _write_stories(storage, config, reporter, report, changed, now, client)
    finally:
        if client is not None:
            client.close()


def writing_set(articles: Sequence[Article], limit: int = WRITE_MAX_ARTICLES) -> list[Article]:
    """The articles a digest is written from: all of them, up to ``limit``.

    The writer compares every sentence with every other, so its cost grows with the
    square of a story's size; a story of thousands of articles (a long-running event, or
    a clustering mistake) must not take the machine's memory. Past the limit: wire copies
    go first (they add no wording), then the first reports are kept (who broke the story)
    with the newest (what is new), in time order.
    """
    if len(articles) <= limit:
        return list(articles)
    ordered = sorted(articles, key=lambda a: (_when(a), a.id))
    originals = [a for a in ordered if a.duplicate_of is None] or ordered
    if len(originals) <= limit:
        return originals
    first = limit // 5
    return originals[:first] + originals[len(originals) - (limit - first):]


def _write_stories(storage: Storage, config: Config, reporter: Reporter, report: PassReport,
                   changed: Sequence[Story], now: datetime | None, client: object | None) -> None:
    with reporter.task("Writing digests", len(changed)) as bar:
        for story in changed:
            # outlet_count bounds the independent outlets from above: a cheap first test.
            eligible = story.outlet_count >= config.digest_min_outlets and story.article_count >= config.digest_min_articles
            articles = storage.get_articles(story.article_ids) if eligible else []
            # Outlets that only reprint another's (wire) story add no independent report.
            if eligible and independent_outlets(articles) < config.digest_min_outlets:
                eligible = False
            if eligible:
                articles = writing_set(articles)
                analyses = storage.get_analyses([a.id for a in articles])
                dup = {a.id: a.duplicate_of for a in articles if a.duplicate_of}
                try:
                    if client is None:
                        digest = write_digest(story.id, articles, analyses, words=config.digest_words, now=now,
                                              duplicate_of=dup)
                    else:
                        from .write_llm import write_digest_llm

                        digest, outcome = write_digest_llm(story.id, articles, analyses, client=client,  # type: ignore[arg-type]
                                                           words=config.digest_words, now=now, duplicate_of=dup)
                        if outcome.fallback_reason:
                            report.llm_fallbacks += 1
                            digest = replace(digest, writer_note=f"LLM draft refused: {outcome.fallback_reason}")
                except Exception as exc:  # one story's failure must not stop the others
                    log.exception("write failed", extra={"story_id": story.id})
                    report.errors.append(f"write: story {story.id}: {exc}")
                    bar.advance()
                    continue
                storage.save_digest(digest, now=now, keep_status=True)
                report.digests_written += 1
            else:
                report.digests_skipped += 1
            storage.mark_written([story.id])
            bar.advance()


def process(storage: Storage, config: Config, reporter: Reporter | None = None,
            report: PassReport | None = None, now: datetime | None = None) -> PassReport:
    """Everything after ingest: analyse → dedupe/cluster → rank → write → publish (stored)."""
    reporter = reporter or NullReporter()
    report = report or PassReport()
    with report.timed("analyse"):
        analyse_pending(storage, reporter, report)
    with report.timed("cluster"):
        cluster_pending(storage, config, reporter, report, now)
    with report.timed("write"):
        write_changed(storage, config, reporter, report, now)
    return report


def run_pass(storage: Storage, config: Config, reporter: Reporter | None = None) -> PassReport:
    """One whole pass, fetch through publish; the site shows what was fetched when it returns."""
    reporter = reporter or NullReporter()
    report = PassReport()
    run_id = storage.start_run()
    status = "failed"
    try:
        with report.timed("fetch"):
            ingest(storage, config, reporter, report)
        for outcome in report.sources:
            src = storage.source(outcome.name)
            storage.record_run_source(
                run_id, src.id, status=outcome.status, entries=outcome.entries, new_articles=outcome.new_articles,
                dropped=dict(outcome.dropped), error=outcome.error,
            )
        process(storage, config, reporter, report)
        status = "done"
    finally:
        try:
            storage.finish_run(run_id, status=status, stats=report.stats())
        except StorageError as exc:
            if status == "done":
                raise
            log.warning("run %s not marked failed: %s", run_id, exc)  # the pass's own error is the one to show
    return report
