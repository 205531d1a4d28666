"""Quality gates for the extractive writer (slow: they run the spaCy analyse stage).

- ROUGE floors on the authored dev set live in bench/floors.json and are gated by
  tests/test_floors_rouge.py.
- Real article bodies (the extraction set in ../shared/data) through the writer: every
  citation verbatim, no boilerplate, 5–8 paragraphs.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", ROOT / ".." / "shared" / "data"))

pytestmark = pytest.mark.slow


def test_real_articles_keep_provenance():
    truth = SHARED / "extraction" / "ground-truth.json"
    if not truth.exists():
        pytest.skip(f"no shared data at {truth}")
    from newsdigest.analyse import analyse_many
    from newsdigest.records import Article
    from newsdigest.write import write_digest

    data = json.loads(truth.read_text(encoding="utf-8"))
    ids = sorted(data, key=lambda k: (len(data[k]["articleBody"]), k))[20:26]  # mid-length pages
    articles = [
        Article(id=i, text=data[i]["articleBody"], url=data[i]["url"], source=f"outlet-{n}", title="")
        for n, i in enumerate(ids)
    ]
    analyses = {a.id: an for a, an in zip(articles, analyse_many(articles))}
    by_id = {a.id: a for a in articles}
    for group in (articles[:1], articles):
        d = write_digest(1, group, analyses)
        assert d.headline and d.paragraphs
        assert len(group) == 1 or 5 <= len(d.paragraphs) <= 8
        for p in d.paragraphs:
            assert p.citations
            assert not re.match(r"(He|She|They|It|This)\b", p.text)
            assert not re.search(r"click here|sign up|read more", p.text, re.IGNORECASE)
            for c in p.citations:
                assert by_id[c.article_id].text[c.start : c.end] in p.text
        for q in d.quotes:
            assert by_id[q.article_id].text[q.start : q.end] == q.text and q.speaker
