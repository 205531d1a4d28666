"""Bench: story clustering on real multi-outlet articles with hand-made gold stories.

Data — ``bench/data/polnear-stories.tsv``: 363 PolNeAR articles (seven US outlets; every
article published Feb–Mar, Jul and Sep–Oct 2016), each labelled by hand with the specific
event it reports (rules in the file's header; singletons are distractors). Texts, titles,
dates and outlets come from ``../shared/data/quotes/polnear`` (``metadata.tsv``); the first
line of each text is its title and is not repeated in the body.

Ours — the pipeline's clustering as ``pipeline._cluster_batch`` runs it: articles in time
order, each one's named entities from ``analyse.analyse_many`` filtered and packed by
``pipeline._item`` (title, body, entities, outlet), wire copies found by ``DuplicateIndex``
passed as ``duplicate_of``, the batch primed (``OnlineClusterer.prime``), split stories
merged after the batch (``OnlineClusterer.consolidate``), the ``cluster_window`` and
``cluster_threshold`` defaults from settings.py. By default the set is
one backlog (CLUSTER_BATCH articles a step); ``--pass-days D`` runs a pass every D days,
each seeded with the window's stories, as a live deployment would. PolNeAR has dates
without times, so the articles of one day are shuffled (``--order-seed``) and spread over
the day.

Peer — scikit-learn ``TfidfVectorizer`` (sublinear tf) on the same title + body text +
``AgglomerativeClustering`` (cosine, average linkage), a batch method that sees every
article at once and ignores dates. Its distance threshold is swept and the best B-cubed F1
is reported: an oracle-tuned upper bound for the peer. Our own threshold sweep is shown too,
also as an oracle figure.

Two more figures keep the headline honest: "every article alone" (no clustering at all
already scores B-cubed F1 0.83 here, since 224 of the 363 articles are singletons) and
B-cubed over the articles of multi-article stories only. ``--worst N`` prints the predicted
clusters that merge most gold stories and the gold stories split most, with what each costs.
Variant flags try a change inside this process, src/ untouched: ``--threshold``,
``--entity-weight``, ``--time-weight``, ``--merge-threshold``, ``--member-floor``
(constructor arguments the pipeline leaves at their defaults), ``--embeddings on|off``,
``--embedding-weight`` (the settings ``cluster_embeddings`` / ``cluster_embedding_weight``),
``--embedding-floor``, ``--title-boost`` (patched module constant),
``--no-entities``, ``--lede-chars N`` (cluster on the body's start), ``--background-df``
(IDF primed with the 561 other PolNeAR texts), ``--max-story-days D`` (a story stops taking
articles D days after its first). ``--fine`` scores against labels that split the two
conventions by day/speech. spaCy entities are cached under ``~/.cache/newsdigest-bench``.

    python bench/cluster_stories.py [--json] [--fine] [--worst N] [--skip-peer] [--pass-days D] [variants]
    python bench/cluster_stories.py --skip-peer --embeddings on   # and --embeddings off: side by side
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from metrics import Scores, score  # noqa: E402

from newsdigest.cluster import text as cluster_text  # noqa: E402
from newsdigest.cluster import ClusterItem, OnlineClusterer, embedding_weight_of  # noqa: E402
from newsdigest.dedupe import DuplicateIndex  # noqa: E402
from newsdigest.pipeline import CLUSTER_BATCH, _item  # noqa: E402
from newsdigest.records import Analysis, Article, Entity  # noqa: E402
from newsdigest.settings import BY_NAME  # noqa: E402

GOLD = ROOT / "bench" / "data" / "polnear-stories.tsv"
_NEW_YORK = ZoneInfo("America/New_York")
PEER_DISTANCES = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97)
OUR_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)


def shared_data() -> Path:
    env = os.environ.get("NEWSDIGEST_SHARED_DATA")
    return Path(env) if env else ROOT / ".." / "shared" / "data"


@dataclass(frozen=True)
class Labelled:
    """One article of the story set, its gold labels and the record the pipeline would hold."""

    article: Article
    story: str
    fine: str  # the convention sub-event, else the story
    uncertain: bool


def load_set(seed: int = 1, gold: Path = GOLD) -> list[Labelled]:
    """The labelled articles in stream order: by date, shuffled within a day (no times)."""
    rows = gold_rows(gold)
    articles = polnear_articles([row["name"] for row in rows], seed)
    by_name = {row["name"]: row for row in rows}
    out = []
    for name, article in articles.items():
        row = by_name[name]
        fine = row["fine"] or row["story"]
        out.append(Labelled(article, row["story"], fine, row["note"].startswith("?")))
    return out


def gold_rows(gold: Path = GOLD) -> list[dict[str, str]]:
    with open(gold, encoding="utf-8") as fh:
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))


def polnear_articles(names: Sequence[str], seed: int = 1) -> dict[str, Article]:
    """PolNeAR articles as the pipeline would hold them, in stream order: the title from the
    metadata, the outlet as source, a day's articles shuffled (``seed``; PolNeAR gives dates,
    not times) and spread over the day."""
    base = shared_data() / "quotes" / "polnear"
    with open(base / "metadata.tsv", encoding="utf-8") as fh:
        meta = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}
    by_day: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_day[meta[name]["publication_date"]].append(name)
    rng = random.Random(seed)
    out: dict[str, Article] = {}
    for day in sorted(by_day):
        todays = sorted(by_day[day])
        rng.shuffle(todays)
        # The outlets are American: the day runs 06:00-22:00 in New York, and the offset goes
        # with each article, as a feed's date gives it (the writer names "tonight"'s weekday).
        start = datetime.fromisoformat(day).replace(hour=6, tzinfo=_NEW_YORK)
        offset = int(start.utcoffset().total_seconds()) // 60
        step = timedelta(hours=16) / len(todays)
        for k, name in enumerate(todays):
            m = meta[name]
            raw = (base / m["compartment"] / "text" / f"{name}.txt").read_text(encoding="utf-8")
            body = raw.split("\n", 1)[1].strip() if "\n" in raw else raw
            out[name] = Article(
                id=name, text=body, source=m["publisher"], title=m["title"],
                published=(start + k * step).astimezone(UTC), utc_offset_minutes=offset,
            )
    return out


def _cache_path(items: Sequence[Labelled]) -> Path:
    import spacy

    from newsdigest.analyse import MODEL_NAME

    h = hashlib.sha256(f"{MODEL_NAME} {spacy.__version__}".encode())
    for i in items:
        h.update(i.article.id.encode() + b"\0" + i.article.text.encode() + b"\0")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "newsdigest-bench" / f"polnear-stories-entities-{h.hexdigest()[:16]}.json"


def analyse_all(items: Sequence[Labelled], cache: bool = True) -> tuple[dict[str, Analysis], float]:
    """Named entities as the pipeline's analyse stage makes them (``analyse_many``).

    spaCy is the slow part (minutes on a busy 2-CPU machine), so the entities are cached
    per model, spaCy version and article texts; only entities are kept, the clusterer
    reads nothing else of the analysis.
    """
    path = _cache_path(items)
    if cache and path.is_file():
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {
            k: Analysis(article_id=k, sentences=(), entities=tuple(Entity(*e) for e in v), quotes=())
            for k, v in stored.items()
        }, 0.0
    from newsdigest.analyse import analyse_many

    start = time.perf_counter()
    analyses = {a.article_id: a for a in analyse_many([i.article for i in items])}
    elapsed = time.perf_counter() - start
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        keep = {k: [[e.text, e.label, e.start, e.end] for e in a.entities] for k, a in analyses.items()}
        path.write_text(json.dumps(keep), encoding="utf-8")
    return analyses, elapsed


@dataclass(frozen=True)
class Variant:
    """What to run: the pipeline's defaults unless a flag says otherwise."""

    threshold: float | None = None
    entity_weight: float | None = None
    time_weight: float | None = None
    merge_threshold: float | None = None
    title_boost: int | None = None
    no_entities: bool = False
    lede_chars: int | None = None  # the clusterer reads only the body's first N characters
    background_df: bool = False  # document frequencies start from the other PolNeAR texts
    max_story_days: float | None = None  # no joining a story whose first article is older
    member_floor: float | None = None  # OnlineClusterer's own option, off in the pipeline
    embeddings: str | None = None  # "on" / "off"; None: the cluster_embeddings default
    embedding_weight: float | None = None  # None: the cluster_embedding_weight default
    embedding_floor: float | None = None  # OnlineClusterer's own option
    drift_floor: float | None = None  # None: OnlineClusterer's default
    core_size: int | None = None  # OnlineClusterer's own option

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.__dict__.items() if v not in (None, False)]
        return ", ".join(parts) or "pipeline defaults"


class SpanCapped(OnlineClusterer):
    """A variant: a story stops taking articles ``span`` after its first one, so a chain of
    similar events (Iowa, then the debate, then New Hampshire) cannot keep one story alive."""

    def __init__(self, span: timedelta, items: Sequence[Labelled], **kwargs) -> None:
        super().__init__(**kwargs)
        self.span = span
        self.published = {i.article.id: i.article.published for i in items}

    def _score(self, doc, when, blocked):  # type: ignore[no-untyped-def]
        return [
            row
            for row in super()._score(doc, when, blocked)
            if when - min(self.published[d.article_id] for d in self._stories[row[3]].docs) <= self.span
        ]


def _passes(items: Sequence[Labelled], pass_days: float | None) -> list[list[Labelled]]:
    """The batches ``cluster_pending`` would see: the whole backlog at once (CLUSTER_BATCH
    articles a step), or what arrived since the last pass when a pass runs every few days."""
    if pass_days is None:
        return [list(items[k : k + CLUSTER_BATCH]) for k in range(0, len(items), CLUSTER_BATCH)]
    t0 = items[0].article.published.replace(hour=0, minute=0, second=0, microsecond=0)
    out: dict[int, list[Labelled]] = defaultdict(list)
    for it in items:
        out[int((it.article.published - t0) / timedelta(days=pass_days))].append(it)
    return [out[k] for k in sorted(out)]


def run_ours(
    items: Sequence[Labelled],
    analyses: dict[str, Analysis],
    variant: Variant = Variant(),
    pass_days: float | None = None,
) -> tuple[list[int], float, dict[str, int]]:
    """Story ids in the order of ``items``, CPU seconds of dedupe + clustering, assignment reasons.

    Mirrors ``pipeline._cluster_batch`` step by step for each pass: a fresh clusterer seeded
    with the stories of the window before the batch (their articles also fill the duplicate
    index), the batch primed, then each article deduplicated and added in time order, then
    split stories merged (``consolidate``); merges are applied to every article the
    clusterer saw, as ``save_clustering`` does.
    """
    kwargs = {
        k: getattr(variant, k)
        for k in ("entity_weight", "time_weight", "merge_threshold", "member_floor", "embedding_floor",
                  "drift_floor", "core_size")
        if getattr(variant, k) is not None
    }
    kwargs["embedding_weight"] = embedding_weight(variant)
    default_threshold = BY_NAME["cluster_threshold"].default
    kwargs["threshold"] = default_threshold if variant.threshold is None else variant.threshold
    window = timedelta(seconds=BY_NAME["cluster_window"].default)
    kwargs["window"] = window
    bg = background_df({i.article.id for i in items}) if variant.background_df else None

    def view(it: Labelled, duplicate_of: str | None) -> ClusterItem:
        """What the clusterer is given for an article (the pipeline's ``_item``, or a variant of it)."""
        a, an = it.article, None if variant.no_entities else analyses.get(it.article.id)
        if variant.lede_chars is not None:
            n = variant.lede_chars
            a = replace(a, text=a.text[:n])
            if an is not None:
                an = replace(an, entities=tuple(e for e in an.entities if e.start < n))
        return _item(a, an, duplicate_of)

    story: dict[str, int] = {}
    copies: dict[str, str | None] = {}
    reasons: Counter[str] = Counter()
    done: list[Labelled] = []
    next_id = 1
    saved_boost = cluster_text.TITLE_BOOST  # read by text.article_term_counts, so patched there
    if variant.title_boost is not None:
        cluster_text.TITLE_BOOST = variant.title_boost
    elapsed = 0.0
    try:
        for batch in _passes(items, pass_days):
            start = time.process_time()
            if variant.max_story_days is None:
                clusterer = OnlineClusterer(first_new_id=next_id, **kwargs)
            else:
                span = timedelta(days=variant.max_story_days)
                clusterer = SpanCapped(span, items, first_new_id=next_id, **kwargs)
            if bg is not None:
                # A prior for IDF: terms only (entities would need spaCy over 561 more texts).
                clusterer._df.update(bg[0])
                clusterer._n_docs += bg[1]
            since = batch[0].article.published - window
            context = [it for it in done if it.article.published >= since]
            dedupe = DuplicateIndex()
            by_story: dict[int, list[Labelled]] = defaultdict(list)
            for it in context:
                dedupe.add(it.article.id, it.article.text)
                by_story[story[it.article.id]].append(it)
            # As the pipeline's ``first_articles``: each story's first reports, even before the window.
            firsts: dict[int, list[Labelled]] = defaultdict(list)
            for it in done:  # in time order
                if story[it.article.id] in by_story and len(firsts[story[it.article.id]]) < clusterer.core_size:
                    firsts[story[it.article.id]].append(it)
            for sid, members in sorted(by_story.items()):
                clusterer.seed(sid, [view(it, copies[it.article.id]) for it in members],
                               core=[view(it, copies[it.article.id]) for it in firsts[sid]])
            clusterer.prime(view(it, None) for it in batch)
            for it in batch:
                original = dedupe.add(it.article.id, it.article.text)
                copies[it.article.id] = original
                got = clusterer.assign(view(it, original))
                reasons[got.reason] += 1
                story[it.article.id] = got.story_id
            clusterer.consolidate()  # split stories merged, as after each pipeline batch
            for it in context + batch:
                story[it.article.id] = clusterer.resolve(story[it.article.id])
            next_id = clusterer.next_id
            done.extend(batch)
            elapsed += time.process_time() - start
    finally:
        cluster_text.TITLE_BOOST = saved_boost
    return [story[it.article.id] for it in items], elapsed, dict(reasons)


def embedding_weight(variant: Variant) -> float:
    """The clusterer's embedding weight as the pipeline sets it (0 when embeddings are off)."""
    on = BY_NAME["cluster_embeddings"].default if variant.embeddings is None else variant.embeddings == "on"
    w = BY_NAME["cluster_embedding_weight"].default if variant.embedding_weight is None else variant.embedding_weight
    return embedding_weight_of(on, w)


def background_df(exclude: set[str]) -> tuple[Counter[str], int]:
    """Document frequencies (the clusterer's own terms) of the PolNeAR texts not in the set."""
    base = shared_data() / "quotes" / "polnear"
    df: Counter[str] = Counter()
    n = 0
    with open(base / "metadata.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r["filename"] not in exclude:
                text = (base / r["compartment"] / "text" / f"{r['filename']}.txt").read_text(encoding="utf-8")
                df.update(cluster_text.term_counts(text).keys())
                n += 1
    return df, n


def run_peer(
    items: Sequence[Labelled], distances: Sequence[float], stop_words: str | None = None
) -> dict[float, tuple[list[int], float]]:
    """TF-IDF + average-linkage agglomerative clustering at each distance threshold."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    texts = [f"{i.article.title}\n\n{i.article.text}" for i in items]
    start = time.process_time()
    x = TfidfVectorizer(sublinear_tf=True, stop_words=stop_words).fit_transform(texts)
    dist = cosine_distances(x).astype(np.float64)
    prep = time.process_time() - start
    out = {}
    for d in distances:
        t0 = time.process_time()
        labels = AgglomerativeClustering(
            n_clusters=None, distance_threshold=d, metric="precomputed", linkage="average"
        ).fit_predict(dist)
        out[d] = ([int(x) for x in labels], prep + time.process_time() - t0)
    return out


def worst(items: Sequence[Labelled], gold: Sequence[str], pred: Sequence[int], n: int) -> list[str]:
    """The predicted clusters that join most gold stories, and the gold stories split most."""
    lines = []
    by_pred: dict[int, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for k, (g, p) in enumerate(zip(gold, pred)):
        by_pred[p].append(k)
        by_gold[g].append(k)

    n_all = len(gold)

    def p_loss(members: list[int]) -> float:
        """How much these articles take off B-cubed precision (their share of wrong neighbours)."""
        return sum(1 - sum(gold[j] == gold[k] for j in members) / len(members) for k in members) / n_all

    def r_loss(members: list[int]) -> float:
        """How much these articles take off B-cubed recall (their story-mates placed elsewhere)."""
        return sum(1 - sum(pred[j] == pred[k] for j in members) / len(members) for k in members) / n_all

    def wrong_pairs(members: list[int], key: Sequence) -> int:
        sizes = Counter(key[k] for k in members)
        total = len(members) * (len(members) - 1) // 2
        return total - sum(c * (c - 1) // 2 for c in sizes.values())

    merged = sorted(
        (p for p, m in by_pred.items() if len({gold[k] for k in m}) > 1),
        key=lambda p: (-wrong_pairs(by_pred[p], gold), p),
    )
    lines.append(f"-- merged: {len(merged)} predicted clusters join more than one gold story (worst first)")
    for p in merged[:n]:
        members = by_pred[p]
        lines.append(
            f"cluster {p}: {len(members)} articles, {wrong_pairs(members, gold)} wrong pairs, "
            f"costs {p_loss(members):.3f} of B-cubed precision"
        )
        for k in members:
            a = items[k].article
            lines.append(f"    [{gold[k][:28]:<28}] {a.published:%m-%d} {a.source[:10]:<10} {a.title[:70]}")
    split = sorted(
        (g for g, m in by_gold.items() if len({pred[k] for k in m}) > 1),
        key=lambda g: (-wrong_pairs(by_gold[g], pred), g),
    )
    lines.append(f"-- split: {len(split)} gold stories spread over more than one cluster (worst first)")
    for g in split[:n]:
        members = by_gold[g]
        lines.append(
            f"story {g}: {len(members)} articles in {len({pred[k] for k in members})} clusters, "
            f"costs {r_loss(members):.3f} of B-cubed recall"
        )
        for k in sorted(members, key=lambda k: pred[k]):
            a = items[k].article
            lines.append(f"    cluster {pred[k]:>4} {a.published:%m-%d} {a.source[:10]:<10} {a.title[:70]}")
    return lines


def multi_only(gold: Sequence[str], pred: Sequence[int]) -> dict[str, float]:
    """B-cubed over the articles of multi-article gold stories only (singletons dropped):
    how well the real stories are found, without the easy credit for leaving distractors alone."""
    sizes = Counter(gold)
    keep = [k for k, g in enumerate(gold) if sizes[g] > 1]
    s = score([gold[k] for k in keep], [pred[k] for k in keep])
    return {
        "articles": len(keep),
        "bcubed_p": round(s.bcubed_p, 4),
        "bcubed_r": round(s.bcubed_r, 4),
        "bcubed_f1": round(s.bcubed_f1, 4),
    }


def certain_only(items: Sequence[Labelled], gold: Sequence[str], pred: Sequence[int]) -> dict[str, float]:
    """Scores with the articles whose gold label is marked uncertain left out (they are still
    clustered): how much the figure depends on the annotator's hard calls."""
    keep = [k for k, i in enumerate(items) if not i.uncertain]
    return score([gold[k] for k in keep], [pred[k] for k in keep]).as_dict()


def _row(s: Scores, seconds: float, n: int) -> dict:
    rate = round(n / seconds, 1) if seconds else None
    return s.as_dict() | {"seconds": round(seconds, 3), "articles_per_sec": rate}


def evaluate(
    items: Sequence[Labelled],
    analyses: dict[str, Analysis],
    variant: Variant = Variant(),
    fine: bool = False,
    peer: bool = True,
    pass_days: float | None = None,
) -> tuple[dict, list[int]]:
    """All rows of the table (ours at the pipeline defaults or the variant, our sweep, the
    reference, the peer's sweeps) and our story ids at the pipeline default."""
    gold = [i.fine if fine else i.story for i in items]
    n = len(items)
    rows: dict[str, dict] = {}
    labels, secs, reasons = run_ours(items, analyses, variant, pass_days)
    default_t = BY_NAME["cluster_threshold"].default if variant.threshold is None else variant.threshold
    main = score(gold, labels)
    mode = "one backlog pass" if pass_days is None else f"a pass every {pass_days:g} days"
    rows[f"ours ({variant.describe()}, {mode}, threshold {default_t})"] = _row(main, secs, n)
    sweep = {}
    for t in OUR_THRESHOLDS:
        lab, s_secs, _ = run_ours(items, analyses, replace(variant, threshold=t), pass_days)
        sweep[t] = (score(gold, lab), s_secs)
    best_t = max(sweep, key=lambda t: (sweep[t][0].bcubed_f1, -t))
    swept = "" if variant == Variant() else f"{variant.describe()}, "
    rows[f"ours ({swept}best of sweep, threshold {best_t})"] = _row(sweep[best_t][0], sweep[best_t][1], n)
    alone = score(gold, list(range(n)))
    rows["reference: every article alone (no clustering)"] = _row(alone, 0.0, n)
    result: dict = {
        "articles": n,
        "gold_stories": len(set(gold)),
        "multi_article_stories": sum(1 for c in Counter(gold).values() if c > 1),
        "rows": rows,
        "ours": main.as_dict(),
        "ours_reasons": reasons,
        "ours_sweep": {t: s.as_dict() for t, (s, _) in sweep.items()},
        "ours_multi_only": multi_only(gold, labels),
        "ours_certain_only": certain_only(items, gold, labels),
    }
    if peer:
        for label, stop in (("", None), (", English stop words", "english")):
            runs = run_peer(items, PEER_DISTANCES, stop)
            scored = {d: (score(gold, lab), secs) for d, (lab, secs) in runs.items()}
            best = max(scored, key=lambda d: (scored[d][0].bcubed_f1, d))
            name = f"peer tfidf+agglomerative{label} (best of sweep, dist {best})"
            rows[name] = _row(scored[best][0], scored[best][1], n)
            suffix = "_stop_words" if stop else ""
            result["peer_sweep" + suffix] = {d: s.as_dict() for d, (s, _) in scored.items()}
            result["peer_multi_only" + suffix] = multi_only(gold, runs[best][0])
    return result, labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--fine", action="store_true", help="score against the finer labels (conventions split by day/speech)"
    )
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="print the N worst merges, splits")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--order-seed", type=int, default=1, help="shuffle of the articles within one day")
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--entity-weight", type=float)
    parser.add_argument("--time-weight", type=float)
    parser.add_argument("--merge-threshold", type=float)
    parser.add_argument("--title-boost", type=int)
    parser.add_argument("--no-entities", action="store_true")
    parser.add_argument("--lede-chars", type=int, help="cluster on the body's first N characters only")
    parser.add_argument(
        "--background-df", action="store_true", help="start document frequencies from the other PolNeAR texts"
    )
    parser.add_argument("--member-floor", type=float, help="OnlineClusterer member_floor (off by default)")
    parser.add_argument(
        "--pass-days", type=float, help="run a pipeline pass every D days instead of one backlog pass"
    )
    parser.add_argument("--max-story-days", type=float, help="a story takes articles this long after its 1st")
    parser.add_argument("--no-cache", action="store_true", help="re-run spaCy, not the cached entities")
    parser.add_argument(
        "--embeddings", choices=("on", "off"), help="static embeddings in the similarity (default: settings.py)"
    )
    parser.add_argument("--embedding-weight", type=float, help="cluster_embedding_weight when embeddings are on")
    parser.add_argument("--embedding-floor", type=float, help="OnlineClusterer embedding_floor")
    parser.add_argument("--drift-floor", type=float, help="cosine with a story's first articles below which a report drifts off")
    parser.add_argument("--core-size", type=int, help="how many first articles make a story's core")
    args = parser.parse_args()
    variant = Variant(
        args.threshold,
        args.entity_weight,
        args.time_weight,
        args.merge_threshold,
        args.title_boost,
        args.no_entities,
        args.lede_chars,
        args.background_df,
        args.max_story_days,
        args.member_floor,
        args.embeddings,
        args.embedding_weight,
        args.embedding_floor,
        args.drift_floor,
        args.core_size,
    )
    items = load_set(args.order_seed)
    analyses, analyse_secs = analyse_all(items, cache=not args.no_cache)
    result, labels = evaluate(items, analyses, variant, args.fine, not args.skip_peer, args.pass_days)
    result["analyse_seconds"] = round(analyse_secs, 1)
    gold = [i.fine if args.fine else i.story for i in items]
    if args.json:
        print(json.dumps(result, indent=2, default=str))
        return
    print(
        f"PolNeAR story set: {result['articles']} real articles, {result['gold_stories']} gold stories "
        f"({result['multi_article_stories']} with more than one article)"
        + (" — fine labels" if args.fine else "")
    )
    cols = ("pairP", "pairR", "pairF1", "B3P", "B3R", "B3F1", "NMI")
    print(f"{'method':<80}" + "".join(f"{c:>7}" for c in cols) + f"{'#cl':>6}{'art/s':>9}")
    for name, r in result["rows"].items():
        print(
            f"{name:<80}{r['pairwise_p']:>7.3f}{r['pairwise_r']:>7.3f}{r['pairwise_f1']:>7.3f}"
            f"{r['bcubed_p']:>7.3f}{r['bcubed_r']:>7.3f}{r['bcubed_f1']:>7.3f}{r['nmi']:>7.3f}"
            f"{r['n_pred']:>6}{r['articles_per_sec'] or 0:>9.0f}"
        )
    spacy_note = (
        f"the spaCy analysis ours needs took {analyse_secs:.1f} s wall, "
        f"{result['articles'] / analyse_secs:.1f} art/s"
        if analyse_secs
        else "spaCy entities read from the cache"
    )
    print(f"(art/s: CPU time of dedupe + clustering (ours), TF-IDF + agglomerative (peer); {spacy_note})")
    m = result["ours_multi_only"]
    print(
        f"ours on the {m['articles']} articles of multi-article stories only: "
        f"B3P {m['bcubed_p']:.3f} B3R {m['bcubed_r']:.3f} B3F1 {m['bcubed_f1']:.3f}"
        + (
            f"; peer best: B3F1 {result['peer_multi_only']['bcubed_f1']:.3f}, with stop words removed "
            f"{result['peer_multi_only_stop_words']['bcubed_f1']:.3f}"
            if "peer_multi_only" in result
            else ""
        )
    )
    c = result["ours_certain_only"]
    print(
        f"ours without the {result['articles'] - c['n_items']} articles marked uncertain: "
        f"B3P {c['bcubed_p']:.3f} B3R {c['bcubed_r']:.3f} B3F1 {c['bcubed_f1']:.3f} NMI {c['nmi']:.3f}"
    )
    print("our assignments:", ", ".join(f"{k} {v}" for k, v in sorted(result["ours_reasons"].items())))
    print("our sweep B3F1:", "  ".join(f"{t}: {s['bcubed_f1']:.3f}" for t, s in result["ours_sweep"].items()))
    for key in ("peer_sweep", "peer_sweep_stop_words"):
        if key in result:
            sweep = "  ".join(f"{d}: {s['bcubed_f1']:.3f}" for d, s in result[key].items())
            print(f"{key.replace('_', ' ')} B3F1: {sweep}")
    if args.worst:
        print()
        print("\n".join(worst(items, gold, labels, args.worst)))


if __name__ == "__main__":
    main()
