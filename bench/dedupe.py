"""Bench: precision/recall of DuplicateIndex on wire copies made from real article bodies.

Data: the article bodies of /work/shared/data/extraction/ground-truth.json (121 real pages
from many outlets). For each body we make edited copies the way outlets reprint wire
copy — each kind separately and all combined:

- ``cut``: the last 30-50 % of paragraphs dropped (outlets trim to fit),
- ``lede``: the first paragraph rewritten (a new first line / headline-ish lead),
- ``boiler``: a dateline before and a "provided by / subscribe" block after,
- ``subst``: about 2 % of words replaced,
- ``all``: cut + lede + boiler + subst together.

Positives: every copy must be matched to its own original. Negatives: the originals
themselves (distinct articles: each must come back ``None``) and "borrowers" — a
different article that quotes one paragraph of another (shared quotes are how two
outlets' own stories on one event overlap; they must not match).

The index is filled in a realistic order: all originals, then all copies and borrowers
shuffled (seeded). Also prints the add throughput (adds/sec) of a rebuild.

    python bench/dedupe.py [--json] [--threshold 0.8]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsdigest.dedupe import DuplicateIndex  # noqa: E402

BOILER_HEAD = ["(AP) —", "LONDON (Reuters) -", "WASHINGTON —", "By Staff Writer, with wire services."]
BOILER_TAIL = [
    "This story was provided by a wire service. Subscribe to our newsletter for the day's top stories.",
    "Copyright 2019 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Sign up for our morning briefing. Follow us on Twitter and Facebook for the latest updates. "
    "Reporting by staff; editing by the news desk.",
]
NEW_LEDES = [
    "Here is what we know so far about the latest developments in this story.",
    "Officials and experts weighed in on Tuesday as the situation continued to unfold.",
    "The news, first reported earlier this week, drew wide reactions across the country.",
]
FILLER_WORDS = ["reportedly", "new", "major", "key", "local", "senior", "recent", "former", "big", "top"]


def shared_data() -> Path:
    env = os.environ.get("NEWSDIGEST_SHARED_DATA")
    return Path(env) if env else ROOT / ".." / "shared" / "data"


def paragraphs(text: str) -> list[str]:
    return [p for p in (s.strip() for s in text.split("\n")) if p]


def cut(paras: list[str], rng: random.Random) -> list[str]:
    keep = max(1, round(len(paras) * rng.uniform(0.5, 0.7)))
    return paras[:keep]


def lede(paras: list[str], rng: random.Random) -> list[str]:
    return [rng.choice(NEW_LEDES)] + paras[1:]


def boiler(paras: list[str], rng: random.Random) -> list[str]:
    return [rng.choice(BOILER_HEAD)] + paras + [rng.choice(BOILER_TAIL)]


def subst(paras: list[str], rng: random.Random, rate: float = 0.02) -> list[str]:
    out = []
    for p in paras:
        words = p.split(" ")
        out.append(" ".join(rng.choice(FILLER_WORDS) if rng.random() < rate else w for w in words))
    return out


EDITS = {
    "cut": [cut],
    "lede": [lede],
    "boiler": [boiler],
    "subst": [subst],
    "all": [cut, lede, subst, boiler],
}


def build_cases(bodies: dict[str, str], seed: int) -> tuple[list[tuple[str, str, str | None, str]], int]:
    """(id, text, expected original or None, kind) in add order; also the originals count.

    Two thirds of the bodies are indexed as originals and get edited copies; the other
    third are never indexed and only host borrowed paragraphs, so a borrower has no
    original in the index.
    """
    rng = random.Random(seed)
    ids = sorted(bodies)
    rng.shuffle(ids)
    split = len(ids) * 2 // 3
    indexed, hosts = sorted(ids[:split]), sorted(ids[split:])
    originals = [(i, bodies[i], None, "original") for i in indexed]
    later: list[tuple[str, str, str | None, str]] = []
    for i in indexed:
        paras = paragraphs(bodies[i])
        for kind, steps in EDITS.items():
            edited = paras
            for step in steps:
                edited = step(edited, rng)
            later.append((f"{i}~{kind}", "\n\n".join(edited), i, kind))
    for n, host_id in enumerate(hosts):
        # A borrower: an article in its own words that quotes one paragraph of another.
        donor_id = indexed[(n * 7) % len(indexed)]
        donor = max(paragraphs(bodies[donor_id]), key=len)
        host = paragraphs(bodies[host_id])
        at = rng.randrange(len(host) + 1)
        text = "\n\n".join(host[:at] + [donor] + host[at:])
        later.append((f"{host_id}+{donor_id}~borrow{n}", text, None, "borrow"))
    rng.shuffle(later)
    return originals + later, len(originals)


def run(threshold: float, seed: int) -> dict:
    truth = json.loads((shared_data() / "extraction" / "ground-truth.json").read_text())
    bodies = {k: v["articleBody"] for k, v in truth.items() if len(v["articleBody"].split()) >= 50}
    cases, _ = build_cases(bodies, seed)
    index = DuplicateIndex(threshold=threshold)
    per_kind: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    errors = []
    start = time.process_time()
    for case_id, text, expected, kind in cases:
        got = index.add(case_id, text)
        per_kind[kind] += 1
        if expected is not None:
            # Any member of the copy's own family (its original or an earlier copy of it)
            # is a right answer: they are the same wire text.
            if got is not None and got.split("~")[0] == expected:
                hits[kind] += 1
            else:
                errors.append((kind, case_id, got))
                if got is not None:
                    false_pos[kind] += 1
        elif got is not None:
            false_pos[kind] += 1
            errors.append((kind, case_id, got))
    elapsed = time.process_time() - start
    positives = sum(n for k, n in per_kind.items() if k in EDITS)
    tp = sum(hits.values())
    fp = sum(false_pos.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 1.0

    # Rebuild throughput: what the pipeline pays at the start of a pass.
    texts = [(c[0], c[1]) for c in cases]
    words = sum(len(t.split()) for _, t in texts)
    rebuild = DuplicateIndex(threshold=threshold)
    t0 = time.process_time()
    for case_id, text in texts:
        rebuild.add(case_id, text)
    rebuild_s = time.process_time() - t0
    return {
        "threshold": threshold,
        "articles": len(bodies),
        "cases": len(cases),
        "positives": positives,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "recall_by_edit": {k: round(hits[k] / per_kind[k], 4) for k in EDITS},
        "false_positives_by_kind": dict(false_pos),
        "adds_per_sec": round(len(texts) / rebuild_s, 1),
        "mean_words": round(words / len(texts)),
        "bench_seconds": round(elapsed, 2),
        "errors": errors[:20],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--threshold", type=float, default=DuplicateIndex().threshold)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sweep", action="store_true", help="also score thresholds 0.5..0.9")
    args = parser.parse_args()
    result = run(args.threshold, args.seed)
    if args.sweep:
        result["sweep"] = {
            t: {k: run(t, args.seed)[k] for k in ("precision", "recall", "f1")} for t in (0.5, 0.6, 0.7, 0.8, 0.9)
        }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"DuplicateIndex(threshold={result['threshold']}) on {result['articles']} real article bodies")
    print(f"{'cases':<24}{result['cases']:>8}   positives {result['positives']}")
    print(f"{'precision':<24}{result['precision']:>8.3f}")
    print(f"{'recall':<24}{result['recall']:>8.3f}")
    print(f"{'F1':<24}{result['f1']:>8.3f}")
    for kind, r in result["recall_by_edit"].items():
        print(f"  recall {kind:<15}{r:>8.3f}")
    print(f"{'false positives':<24}{result['false_positives_by_kind']}")
    print(f"{'adds/sec (rebuild)':<24}{result['adds_per_sec']:>8.0f}   ({result['mean_words']} words/text)")
    for t, r in result.get("sweep", {}).items():
        print(f"  threshold {t}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
    for err in result["errors"]:
        print("  miss/false:", err)


if __name__ == "__main__":
    main()
