"""Quality gates: each benchmark's figures on real data may not drop below the floors
pinned in ``bench/floors.json`` (floors are only ever raised)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import SHARED_DATA, need

REPO = Path(__file__).resolve().parents[1]
FLOORS = json.loads((REPO / "bench" / "floors.json").read_text())


@pytest.fixture(scope="module", autouse=True)
def bench_path():
    sys.path.insert(0, str(REPO / "bench"))
    yield
    sys.path.remove(str(REPO / "bench"))


@pytest.mark.slow
def test_extraction_floor():
    need((SHARED_DATA / "extraction" / "ground-truth.json").is_file(), f"shared data at {SHARED_DATA}")
    import extraction  # type: ignore[import-not-found]

    got = extraction.run("ours", extraction.ours, extraction.load_pages())
    floor = FLOORS["extraction"]
    assert got["f1"] >= floor["f1"] and got["recall"] >= floor["recall"], got
    assert got["empty"] <= floor["empty_pages"], got


@pytest.mark.slow
def test_dedupe_floor():
    need((SHARED_DATA / "extraction" / "ground-truth.json").is_file(), f"shared data at {SHARED_DATA}")
    import dedupe as bench_dedupe  # type: ignore[import-not-found]

    from newsdigest.dedupe import DuplicateIndex

    got = bench_dedupe.run(DuplicateIndex().threshold, seed=7)
    floor = FLOORS["dedupe"]
    assert got["precision"] >= floor["precision"] and got["recall"] >= floor["recall"], got


@pytest.mark.slow
def test_cluster_floor():
    need((SHARED_DATA / "clustering" / "mstream-googlenews" / "News.jsonl").is_file(), f"shared data at {SHARED_DATA}")
    import cluster as bench_cluster  # type: ignore[import-not-found]
    from metrics import score  # type: ignore[import-not-found]

    ids, texts, gold = bench_cluster.load_news()
    labels, _ = bench_cluster.run_ours(ids, texts)
    got = score(gold, labels)
    floor = FLOORS["cluster_googlenews"]
    assert got.bcubed_f1 >= floor["bcubed_f1"] and got.nmi >= floor["nmi"], got


@pytest.mark.slow
def test_quotes_floor():
    need((SHARED_DATA / "quotes" / "polnear" / "dev").is_dir(), f"shared data at {SHARED_DATA}")
    import quotes as bench_quotes  # type: ignore[import-not-found]

    texts = bench_quotes.load_split("dev")
    preds, _ = bench_quotes.run_ours(texts)
    got = bench_quotes.score(texts, preds).as_dict()
    floor = FLOORS["quotes_polnear_dev"]
    for key in ("f1", "speaker_accuracy", "speaker_name_accuracy"):
        assert got[key] >= floor[key], (key, got)
