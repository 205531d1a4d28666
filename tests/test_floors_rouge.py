"""Quality gate for the extractive writer: ROUGE on the committed dev set may not drop
below the floors in ``bench/floors.json`` ("rouge"), and every digest's quotes and
sentences keep their provenance (both shares exactly 1).

Runs the real analyse stage and the real bench (bench/rouge.py) on the six authored
clusters of bench/data/rouge-dev; the sumy peers are skipped here (they are reported by
the bench, not gated), which keeps this test well under a minute.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rouge_bench():
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import rouge  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "bench"))
    return rouge


def test_rouge_floors(rouge_bench):
    floor = json.loads((REPO / "bench" / "floors.json").read_text())["rouge"]
    clusters = rouge_bench.load(REPO / floor["data"])
    assert len(clusters) >= 6
    result = rouge_bench.evaluate(clusters, floor["words"], peers=())
    ours = result["systems"]["newsdigest"]
    assert ours["rouge1"] >= floor["rouge1"] and ours["rouge2"] >= floor["rouge2"], ours
    assert result["quotes_verbatim_right_speaker"]["total"] >= 6
    assert result["quotes_verbatim_right_speaker"]["share"] >= floor["quotes_verbatim_right_speaker"]
    assert result["sentences_with_provenance"]["share"] >= floor["sentences_with_provenance"]
    assert all(r["our_words"] <= floor["words"] for r in result["per_cluster"])
