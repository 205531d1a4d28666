"""The quote bench's gold speaker names (``bench/quotes.py``): a pronoun Source stands for
the last named Source before it; a description without a name gives no name to score."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

TEXT = (
    "Senator Maria Lopez spoke first. “We will win,” Lopez said. "
    "“The vote is close,” she added. "
    "“Nobody expected this,” one campaign aide said. "
    "“Turnout was high,” the statement said. "
    "The statement came late; a campaign aide sent it."
)


@pytest.fixture
def bench_quotes(tmp_path, monkeypatch):
    root = tmp_path / "quotes" / "polnear" / "dev"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "t1.txt").write_text(TEXT, encoding="utf-8")
    lines = []
    for i, (quote, source) in enumerate(
        [("“We will win,”", "Lopez"), ("“The vote is close,”", "she"),
         ("“Nobody expected this,”", "one campaign aide"), ("“Turnout was high,”", "the statement")],
        start=1,
    ):
        q, s = TEXT.index(quote), TEXT.index(source, TEXT.index(quote))
        lines += [f"T{2 * i - 1}\tContent {q} {q + len(quote)}\t{quote}",
                  f"T{2 * i}\tSource {s} {s + len(source)}\t{source}",
                  f"E{i}\tAttribution:T0 Content:T{2 * i - 1} Source:T{2 * i}"]
    (root / "attributions" / "t1_ab12.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("NEWSDIGEST_SHARED_DATA", str(tmp_path))
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import quotes  # type: ignore[import-not-found]

        yield quotes
    finally:
        sys.path.remove(str(REPO / "bench"))


def test_gold_names(bench_quotes):
    (text,) = bench_quotes.load_split("dev")
    names = {TEXT[u.start : u.end]: u.source_name for u in text.units}
    assert names == {
        "We will win": "Lopez",
        "The vote is close": "Lopez",  # a pronoun: the last named Source before it
        "Nobody expected this": "",  # a description: no name, not the earlier Lopez
        "Turnout was high": "",  # "The" is capitalised but written in lower case elsewhere
    }
