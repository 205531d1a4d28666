"""Extraction quality and speed on the Zyte article-extraction benchmark pages.

Compares ``newsdigest.extract.extract_article`` (bytes in, our decoding and cleanup)
with ``trafilatura.extract(html, include_comments=False)`` on the same decoded pages
(how the benchmark itself runs trafilatura). Quality is the benchmark's own metric:
per page, true/false positives and negatives over bags of 4-token shingles (tokens are
``\\w+``), normalised so each page weighs the same; precision and recall are averaged
over pages and F1 is computed from the two averages. The same with single tokens
("token F1") is printed too.

    python bench/extraction.py [--json] [--limit N]

Data: ``$NEWSDIGEST_SHARED_DATA/extraction`` (default: the repo's ``../shared/data``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import trafilatura  # noqa: E402 - after the sys.path line so the bench runs without install

from newsdigest.errors import ExtractError  # noqa: E402
from newsdigest.extract import extract_article  # noqa: E402

_TOKEN = re.compile(r"\w+")


def data_dir() -> Path:
    base = os.environ.get("NEWSDIGEST_SHARED_DATA")
    return (Path(base) if base else ROOT / ".." / "shared" / "data") / "extraction"


def load_pages(limit: int | None = None) -> list[tuple[str, bytes, str, str]]:
    """(id, html bytes, url, true body) for every page that has ground truth."""
    d = data_dir()
    truth = json.loads((d / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((d / "html").glob("*.html.gz")):
        pid = path.name.split(".")[0]
        if pid in truth:
            pages.append(
                (
                    pid,
                    gzip.decompress(path.read_bytes()),
                    truth[pid].get("url", ""),
                    truth[pid]["articleBody"],
                )
            )
    return pages[:limit] if limit else pages


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(true: str, pred: str, n: int) -> tuple[float, float, float]:
    t, p = _shingles(true, n), _shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(pairs: list[tuple[str, str]], n: int) -> dict[str, float]:
    counts = [page_counts(true, pred, n) for true, pred in pairs]
    precision = statistics.mean(_precision(*c) for c in counts if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in counts if c[0] + c[2] > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def ours(html: bytes, url: str) -> str:
    try:
        return extract_article(html, url).text
    except ExtractError:
        return ""


def trafilatura_alone(html: bytes, url: str) -> str:
    return trafilatura.extract(html.decode("utf-8", errors="replace"), include_comments=False) or ""


def run(
    name: str, fn: Callable[[bytes, str], str], pages: list[tuple[str, bytes, str, str]]
) -> dict[str, float]:
    fn(pages[0][1], pages[0][2])  # warm-up: first call loads trafilatura's models and caches
    start = time.perf_counter()
    pairs = [(true, fn(html, url)) for _pid, html, url, true in pages]
    elapsed = time.perf_counter() - start
    shingle = score(pairs, 4)
    token = score(pairs, 1)
    return {
        "pages": len(pages),
        "f1": shingle["f1"],
        "precision": shingle["precision"],
        "recall": shingle["recall"],
        "token_f1": token["f1"],
        "empty": sum(1 for _t, p in pairs if not p.strip()),
        "pages_per_sec": len(pages) / elapsed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = ap.parse_args(argv)
    pages = load_pages(args.limit)
    results = {
        "newsdigest.extract_article": run("ours", ours, pages),
        "trafilatura.extract": run("trafilatura", trafilatura_alone, pages),
    }
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
        return 0
    print(f"{'extractor':<30} {'F1':>6} {'prec':>6} {'recall':>6} {'tokF1':>6} {'empty':>5} {'pages/s':>8}")
    for name, r in results.items():
        print(
            f"{name:<30} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} "
            f"{r['token_f1']:6.3f} {r['empty']:5d} {r['pages_per_sec']:8.1f}"
        )
    print(f"({len(pages)} pages; F1/prec/recall on 4-token shingles as the Zyte benchmark's evaluate.py)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
