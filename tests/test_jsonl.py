"""Article JSONL: bad lines are reported with their number and skipped, good lines kept."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdigest.errors import ImportLineError
from newsdigest.jsonl import read_articles, write_articles
from newsdigest.records import Article


def test_good_and_bad_lines():
    lines = [
        json.dumps({"id": "a1", "text": "Body.", "title": "T", "published": "2024-05-22T10:00:00Z", "source": "X"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a2"}),
        json.dumps({"text": "no id"}),
        "",
        json.dumps({"id": "a3", "text": "Body three.", "published": "yesterday"}),
        json.dumps({"id": "a4", "text": "No title, no date."}),
        json.dumps({"id": 5, "text": "Numeric id."}),
        json.dumps({"id": "a6", "text": "x", "title": ["not", "a", "string"]}),
    ]
    got = list(read_articles(lines))
    good = [g for g in got if isinstance(g, Article)]
    bad = [g for g in got if isinstance(g, ImportLineError)]
    assert [a.id for a in good] == ["a1", "a4", "5"]
    assert good[0].published == datetime(2024, 5, 22, 10, tzinfo=UTC) and good[0].source == "X"
    assert good[1].title == "" and good[1].published is None
    assert [e.line_no for e in bad] == [2, 3, 4, 5, 7, 10]
    assert "line 2: not JSON" in str(bad[0])
    assert "'text' is required" in str(bad[2])
    assert "ISO-8601" in str(bad[4])


def test_round_trip():
    arts = [Article(id="x", text="Hello “world”.", url="https://e.example/1", source="E", title="T",
                    published=datetime(2024, 1, 2, 3, 4, tzinfo=UTC))]
    buf = io.StringIO()
    assert write_articles(arts, buf) == 1
    back = list(read_articles(buf.getvalue().splitlines()))
    assert back[0].id == "x" and back[0].text == arts[0].text and back[0].published == arts[0].published
    assert set(json.loads(buf.getvalue())) == {"id", "url", "source", "title", "text", "published", "lang"}


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.binary().map(lambda b: b.decode("utf-8", "replace")),
                 st.dictionaries(st.text(), st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers()))).map(json.dumps)))
def test_any_line_is_an_article_or_a_numbered_error(line):
    for item in read_articles([line]):
        assert isinstance(item, (Article, ImportLineError))
        if isinstance(item, ImportLineError):
            assert item.line_no == 1 and str(item).startswith("import: line 1:")
        else:
            assert item.id and item.text.strip()
