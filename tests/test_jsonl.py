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


def test_the_outlets_utc_offset_is_kept_and_written_back():
    # A US evening article: 23:00 at -04:00 is 03:00 UTC the next day; its local date is kept.
    lines = [json.dumps({"id": "us", "text": "Body.", "published": "2016-09-17T23:00:00-04:00"}),
             json.dumps({"id": "z", "text": "Body.", "published": "2016-09-17T23:00:00Z"}),
             json.dumps({"id": "naive", "text": "Body.", "published": "2016-09-17"})]
    us, z, naive = read_articles(lines)
    assert (us.published, us.utc_offset_minutes) == (datetime(2016, 9, 18, 3, tzinfo=UTC), -240)
    assert us.local_published.date().isoformat() == "2016-09-17"
    assert (z.utc_offset_minutes, naive.utc_offset_minutes) == (0, None)  # no offset written: taken as UTC
    assert naive.published == datetime(2016, 9, 17, tzinfo=UTC) and naive.local_published == naive.published
    buf = io.StringIO()
    write_articles([us, z, naive], buf)
    # The same key and the same instant, at the offset it came with (UTC when there was none).
    assert [json.loads(line)["published"] for line in buf.getvalue().splitlines()] == [
        "2016-09-17T23:00:00-04:00", "2016-09-17T23:00:00+00:00", "2016-09-17T00:00:00+00:00"]
    back = list(read_articles(buf.getvalue().splitlines()))
    assert [(a.published, a.local_published) for a in back] == [(a.published, a.local_published)
                                                                 for a in (us, z, naive)]
    assert [a.utc_offset_minutes for a in back] == [-240, 0, 0]  # an unknown one was written as UTC, as before
