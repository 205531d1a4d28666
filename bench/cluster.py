"""Bench: story clustering quality on real titles, and speed/memory on long synthetic streams.

Quality — /work/shared/data/clustering/mstream-googlenews/News.jsonl (11,109 Google News
titles, 152 gold stories; lower-cased, stop words removed, no dates, sources or bodies,
so only the text-similarity part is exercised). Items are fed in file order with
synthetic timestamps one second apart (all inside one window). Side by side:

- ours: ``OnlineClusterer`` at the pipeline's default threshold and embedding settings
  (settings.py), and at the best threshold of a
  sweep (an oracle figure, to compare like with like with the tuned peer); split stories
  are merged (``consolidate``) every ``CLUSTER_BATCH`` articles and at the end, as the
  pipeline does after each batch;
- peer: scikit-learn ``TfidfVectorizer`` + ``AgglomerativeClustering`` (cosine, average
  linkage) — a batch method that sees every title at once. Its ``distance_threshold`` is
  swept and the best is reported (oracle-tuned: an upper bound for the peer), plus
  ``n_clusters`` = the gold count (also an oracle: it is told the answer's size).

Speed — articles/sec and peak memory of ``OnlineClusterer`` on synthetic article streams
(stories with their own vocabulary and named entities, living a few days, arriving at a
constant rate among shared background vocabulary) at 10k and 100k articles (1M with
``--big``). Each size runs in its own process so peak RSS (VmHWM) is its own. Times are CPU
seconds of this process (``time.process_time``), so a busy machine skews them less, and
include the ``consolidate`` pass every ``CLUSTER_BATCH`` articles. Per-article cost must
stay flat: the rate over the last 10k articles is reported next to the overall rate.

Embeddings — ``--embeddings on|off`` (default: the ``cluster_embeddings`` setting),
``--embedding-weight`` (default: ``cluster_embedding_weight``) and ``--embedding-floor``
set the clusterer's static-embedding blend for every run of ours, quality and speed; run
the script once with each to compare. ``--sizes`` replaces the 10k/100k speed sizes.

    python bench/cluster.py [--json] [--big] [--skip-peer] [--skip-speed] [--embeddings on|off]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from metrics import score  # noqa: E402

from newsdigest.cluster import ClusterItem, OnlineClusterer, embedding_weight_of  # noqa: E402
from newsdigest.settings import BY_NAME  # noqa: E402

T0 = datetime(2024, 1, 1, tzinfo=UTC)
# Constructor options shared by every run of ours (set from the command line).
OPTIONS: dict[str, float] = {}


def set_embedding_options(on: str | None, weight: float | None, floor: float | None) -> None:
    """The clusterer's embedding options as the pipeline would set them, or as the flags say."""
    OPTIONS.clear()
    enabled = BY_NAME["cluster_embeddings"].default if on is None else on == "on"
    w = BY_NAME["cluster_embedding_weight"].default if weight is None else weight
    OPTIONS["embedding_weight"] = embedding_weight_of(enabled, w)
    if floor is not None:
        OPTIONS["embedding_floor"] = floor


set_embedding_options(None, None, None)  # the pipeline's defaults, also when imported (tests)


def describe_options() -> str:
    w = OPTIONS.get("embedding_weight", 0.0)
    if not w:
        return "embeddings off"
    floor = OPTIONS.get("embedding_floor")
    return f"embeddings {w:g}" + ("" if floor is None else f", floor {floor:g}")


def pipeline_batch() -> int:
    """``pipeline.CLUSTER_BATCH``, imported only when needed: the pipeline's own imports
    (storage, analysis) add ~50 MB to a process's peak memory, which the speed runs measure
    for the clusterer; their child processes are given the number instead."""
    from newsdigest.pipeline import CLUSTER_BATCH

    return CLUSTER_BATCH


def shared_data() -> Path:
    env = os.environ.get("NEWSDIGEST_SHARED_DATA")
    return Path(env) if env else ROOT / ".." / "shared" / "data"


def load_news() -> tuple[list[str], list[str], list[int]]:
    ids, texts, gold = [], [], []
    with open(shared_data() / "clustering" / "mstream-googlenews" / "News.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            ids.append(str(row["Id"]))
            texts.append(row["textCleaned"])
            gold.append(int(row["clusterNo"]))
    return ids, texts, gold


def run_ours(ids: list[str], texts: list[str], threshold: float | None = None) -> tuple[list[int], float]:
    t = BY_NAME["cluster_threshold"].default if threshold is None else threshold
    kwargs: dict = dict(OPTIONS) | {"threshold": t}
    clusterer = OnlineClusterer(window=timedelta(days=4), **kwargs)
    batch = pipeline_batch()
    start = time.process_time()
    raw = []
    for n, (i, t) in enumerate(zip(ids, texts)):
        raw.append(clusterer.add(ClusterItem(i, T0 + timedelta(seconds=n), title=t, text="", entities=())))
        if (n + 1) % batch == 0:
            clusterer.consolidate()  # as the pipeline does after each batch
    clusterer.consolidate()
    elapsed = time.process_time() - start
    return [clusterer.resolve(s) for s in raw], elapsed


def run_peer(texts: list[str], gold_count: int, thresholds: list[float]) -> dict:
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    start = time.process_time()
    x = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    dist = cosine_distances(x).astype(np.float64)
    prep = time.process_time() - start
    out: dict = {"sweep": {}}
    for t in thresholds:
        t0 = time.process_time()
        labels = AgglomerativeClustering(
            n_clusters=None, distance_threshold=t, metric="precomputed", linkage="average"
        ).fit_predict(dist)
        out["sweep"][t] = (list(labels), prep + time.process_time() - t0)
    t0 = time.process_time()
    labels = AgglomerativeClustering(n_clusters=gold_count, metric="precomputed", linkage="average").fit_predict(dist)
    out["n_clusters"] = (list(labels), prep + time.process_time() - t0)
    return out


def quality(skip_peer: bool) -> dict:
    ids, texts, gold = load_news()
    rows: dict[str, dict] = {}
    labels, secs = run_ours(ids, texts)
    rows["ours (%s, default threshold %.2f)" % (describe_options(), BY_NAME["cluster_threshold"].default)] = score(gold, labels).as_dict() | {
        "seconds": round(secs, 2)
    }
    sweep = {}
    for t in (0.15, 0.2, 0.22, 0.25, 0.3, 0.4):
        labels, secs = run_ours(ids, texts, t)
        sweep[t] = (score(gold, labels), secs)
    best_t = max(sweep, key=lambda t: sweep[t][0].bcubed_f1)
    rows[f"ours ({describe_options()}, best of sweep, threshold {best_t})"] = sweep[best_t][0].as_dict() | {
        "seconds": round(sweep[best_t][1], 2)
    }
    result: dict = {"rows": rows, "ours_sweep": {t: s.as_dict() for t, (s, _) in sweep.items()}}
    if not skip_peer:
        peer = run_peer(texts, len(set(gold)), [0.85, 0.9, 0.95, 0.97, 0.99])
        scored = {t: (score(gold, lab), secs) for t, (lab, secs) in peer["sweep"].items()}
        best = max(scored, key=lambda t: scored[t][0].bcubed_f1)
        rows[f"peer agglomerative (best of sweep, distance {best})"] = scored[best][0].as_dict() | {
            "seconds": round(scored[best][1], 2)
        }
        lab, secs = peer["n_clusters"]
        rows["peer agglomerative (n_clusters = gold count)"] = score(gold, lab).as_dict() | {
            "seconds": round(secs, 2)
        }
        result["peer_sweep"] = {t: s.as_dict() for t, (s, _) in scored.items()}
    return result


# -- synthetic streams ---------------------------------------------------------------------

_SYL = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "pa", "ri", "mo", "lu", "be", "ga", "fi", "zo", "ta"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(syllables))


def stream(n: int, seed: int = 1, per_day: int = 2000) -> Iterator[tuple[ClusterItem, int]]:
    """(item, gold story) pairs in time order; deterministic for a seed.

    Background: a Zipf-ish common vocabulary shared by all stories. Each story has its
    own 30 topic words, 2-4 people/places (entities, also named in the text) and lives
    1-4 days; at any moment a few hundred stories are live, as on a real wire.
    """
    rng = random.Random(seed)
    common = [_word(rng, rng.randint(2, 3)) for _ in range(3000)]
    common_weights = [1.0 / (r + 1) for r in range(len(common))]
    entity_pool = [(_word(rng, 2) + " " + _word(rng, 3)).title() for _ in range(4000)]
    step = 86400.0 / per_day
    live: list[dict] = []
    story_no = 0
    for k in range(n):
        now = T0 + timedelta(seconds=k * step)
        live = [s for s in live if s["end"] > now]
        # Keep about 300 stories live; new ones start as old ones end.
        while len(live) < 300:
            story_no += 1
            live.append(
                {
                    "id": story_no,
                    "words": [_word(rng, 3) for _ in range(30)] + rng.sample(common[200:], 10),
                    "entities": rng.sample(entity_pool, rng.randint(2, 4)),
                    "end": now + timedelta(hours=rng.uniform(24, 96)),
                    "weight": rng.paretovariate(1.5),
                }
            )
        story = rng.choices(live, weights=[s["weight"] for s in live])[0]
        ents = rng.sample(story["entities"], max(1, len(story["entities"]) - 1))
        body_len = rng.randint(120, 400)
        topical = rng.choices(story["words"], k=body_len // 4)
        background = rng.choices(common, weights=common_weights, k=body_len - len(topical))
        words = topical + background + [e for e in ents for _ in range(2)]
        rng.shuffle(words)
        title = " ".join(rng.sample(story["words"][:30], 4) + [ents[0]])
        yield (
            ClusterItem(f"a{k}", now, title=title, text=" ".join(words), entities=tuple(ents), outlet=f"o{k % 50}"),
            story["id"],
        )


def peak_rss_kb() -> int:
    """Peak resident memory of this process. Linux's VmHWM starts afresh at exec;
    getrusage's ru_maxrss would also count the parent's peak from before the fork."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def speed_child(n: int, batch: int) -> dict:
    """Runs in its own process: time only ``add`` and ``consolidate``, report rates and peak RSS."""
    threshold = BY_NAME["cluster_threshold"].default
    clusterer = OnlineClusterer(window=timedelta(days=4), threshold=threshold, **OPTIONS)
    gold, pred = [], []
    busy = 0.0
    last_chunk = 0.0
    chunk = min(10_000, n)
    for k, (item, g) in enumerate(stream(n)):
        t0 = time.process_time()
        sid = clusterer.add(item)
        if (k + 1) % batch == 0 or k + 1 == n:
            clusterer.consolidate()  # as the pipeline does after each batch
        dt = time.process_time() - t0
        busy += dt
        if k >= n - chunk:
            last_chunk += dt
        gold.append(g)
        pred.append(sid)
    pred = [clusterer.resolve(s) for s in pred]
    rss_kb = peak_rss_kb()
    s = score(gold, pred)
    return {
        "articles": n,
        "articles_per_sec": round(n / busy, 1),
        "last_10k_per_sec": round(chunk / last_chunk, 1),
        "peak_rss_mb": round(rss_kb / 1024, 1),
        "active_stories_at_end": len(clusterer),
        "bcubed_f1": round(s.bcubed_f1, 4),
        "pairwise_f1": round(s.pairwise_f1, 4),
        "nmi": round(s.nmi, 4),
    }


def speed(sizes: list[int]) -> list[dict]:
    out = []
    for n in sizes:
        w = OPTIONS["embedding_weight"]
        flags = [f"--embeddings={'on' if w else 'off'}", f"--embedding-weight={w}",
                 f"--speed-batch={pipeline_batch()}"]
        if "embedding_floor" in OPTIONS:
            flags.append(f"--embedding-floor={OPTIONS['embedding_floor']}")
        proc = subprocess.run(
            [sys.executable, __file__, "--speed-child", str(n), *flags],
            capture_output=True, text=True, check=True,
        )
        out.append(json.loads(proc.stdout))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--big", action="store_true", help="also run the 1M-article stream")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--sizes", help="comma-separated stream sizes for the speed runs (default 10000,100000)")
    parser.add_argument("--embeddings", choices=("on", "off"), help="static embeddings (default: settings.py)")
    parser.add_argument("--embedding-weight", type=float, help="cluster_embedding_weight when embeddings are on")
    parser.add_argument("--embedding-floor", type=float, help="OnlineClusterer embedding_floor")
    parser.add_argument("--speed-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--speed-batch", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    set_embedding_options(args.embeddings, args.embedding_weight, args.embedding_floor)
    if args.speed_child:
        print(json.dumps(speed_child(args.speed_child, args.speed_batch)))
        return
    result = quality(args.skip_peer)
    if not args.skip_speed:
        sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else [10_000, 100_000]
        result["speed"] = speed(sizes + ([1_000_000] if args.big else []))
    if args.json:
        print(json.dumps(result, indent=2, default=str))
        return
    print("MStream Google News titles: 11,109 items, 152 gold stories")
    head = f"{'method':<52}{'pairP':>7}{'pairR':>7}{'pairF1':>7}{'B3P':>7}{'B3R':>7}{'B3F1':>7}{'NMI':>7}{'#cl':>6}{'sec':>7}"
    print(head)
    for name, r in result["rows"].items():
        print(
            f"{name:<52}{r['pairwise_p']:>7.3f}{r['pairwise_r']:>7.3f}{r['pairwise_f1']:>7.3f}"
            f"{r['bcubed_p']:>7.3f}{r['bcubed_r']:>7.3f}{r['bcubed_f1']:>7.3f}{r['nmi']:>7.3f}"
            f"{r['n_pred']:>6}{r['seconds']:>7.2f}"
        )
    if "speed" in result:
        print(f"\nSynthetic stream (4-day window, 2,000 articles/day, ~300 live stories; {describe_options()})")
        print(f"{'articles':>10}{'art/s':>10}{'last10k/s':>11}{'peakRSS MB':>12}{'active':>8}{'B3F1':>7}{'NMI':>7}")
        for r in result["speed"]:
            print(
                f"{r['articles']:>10}{r['articles_per_sec']:>10.0f}{r['last_10k_per_sec']:>11.0f}"
                f"{r['peak_rss_mb']:>12.1f}{r['active_stories_at_end']:>8}{r['bcubed_f1']:>7.3f}{r['nmi']:>7.3f}"
            )


if __name__ == "__main__":
    main()
