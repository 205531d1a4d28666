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


def test_load_reads_duc_names_and_older_encodings(rouge_bench, tmp_path):
    """DUC ships document files without ".txt", its references under the assessor's names
    ("D30001.M.100.T.A" for the folder "d30001t"), and some newswire copies in Windows-1252:
    every one is read, none is mistaken for another cluster's."""
    docs = tmp_path / "docs" / "d30001t"
    docs.mkdir(parents=True)
    older = "WASHINGTON (AP) _ The caf\xe9 vote passed.\nIt was close.\n"
    (docs / "APW19981016.0240").write_bytes(older.encode("cp1252"))
    (docs / "APW19981016.0250").write_text("The Senate voted.\n", encoding="utf-8")
    (tmp_path / "docs" / "d30002t").mkdir()
    (tmp_path / "docs" / "d30002t" / "a.txt").write_text("Another story.\n", encoding="utf-8")
    refs = tmp_path / "references"
    refs.mkdir()
    (refs / "D30001.M.100.T.A").write_text("The Senate passed it.", encoding="utf-8")
    (refs / "D30001.M.100.T.B").write_text("A close vote.", encoding="utf-8")
    (refs / "D30002.M.100.T.A").write_text("Another.", encoding="utf-8")
    (refs / "D30010.M.100.T.A").write_text("Not ours.", encoding="utf-8")
    clusters = {c.name: c for c in rouge_bench.load(tmp_path)}
    assert set(clusters) == {"d30001t", "d30002t"}
    one = clusters["d30001t"]
    assert sorted(one.references) == ["A close vote.", "The Senate passed it."]
    assert [doc for doc, _ in one.documents] == ["d30001t/APW19981016.0240", "d30001t/APW19981016.0250"]
    assert one.documents[0][1] == ("WASHINGTON (AP) _ The café vote passed.", "It was close.")
    assert clusters["d30002t"].references == ("Another.",)
