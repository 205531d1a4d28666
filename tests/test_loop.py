"""The whole loop on the embedded default: sample outlets on a local HTTP server → site data."""

from __future__ import annotations

from collections import Counter

import pytest

from newsdigest.demo.server import serve_sample
from newsdigest.pipeline import run_pass
from newsdigest.records import Source
from newsdigest.storage import open_storage


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    from newsdigest.settings import load_config

    tmp = tmp_path_factory.mktemp("loop")
    config = load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "NEWSDIGEST_FETCH_HOST_DELAY": "0"}).replace(
        database_url=str(tmp / "loop.db")
    )
    with serve_sample() as sample:
        storage = open_storage(config.database_url)
        for name, url in sample.feed_urls:
            storage.add_source(Source(name=name, url=url))
        first = run_pass(storage, config)
        second = run_pass(storage, config)
        yield sample, storage, first, second
        storage.close()


def test_every_good_source_yields_articles_and_the_broken_one_is_recorded(loop):
    sample, storage, first, _ = loop
    by_name = {s.name: s for s in storage.list_sources()}
    errors = [s for s in by_name.values() if s.error_count]
    assert len(errors) == 1, [(s.name, s.last_error) for s in errors]
    assert errors[0].last_error.startswith("feed:")
    for o in first.sources:
        if o.name != errors[0].name:
            assert o.status == "ok" and o.new_articles > 0, o
    # the second pass asked with ETag / Last-Modified and the sample server answered 304
    assert {s.last_status for s in by_name.values() if not s.error_count} == {"not_modified"}
    expected = len(sample.manifest.articles)
    assert storage.count_articles() >= expected - 2  # robots-disallowed pages may fall back or drop
    last = storage.last_run()
    assert {r["name"] for r in last["sources"]} == set(by_name)


def test_second_run_adds_nothing(loop):
    _, storage, first, second = loop
    assert first.new_articles > 0
    assert second.new_articles == 0 and second.digests_written == 0


def test_stories_group_the_sample_coverage(loop):
    sample, storage, _, _ = loop
    coverage = sample.manifest.coverage()  # story key -> outlet ids
    multi = [k for k, outlets in coverage.items() if len(outlets) >= 2]
    digests = storage.latest_digests(100)
    assert len(digests) >= len(multi) - 1
    for d in digests:
        story = storage.story(d.story_id)
        assert story.outlet_count >= 2


def test_digests_are_traceable(loop):
    _, storage, _, _ = loop
    for d in storage.latest_digests(100):
        assert d.headline and 1 <= len(d.paragraphs) <= 8
        texts = {a.id: a.text for a in storage.get_articles([r.article_id for r in d.relevant_articles])}
        for p in d.paragraphs:
            assert p.citations, f"paragraph without provenance: {p.text[:60]}"
            for c in p.citations:
                assert 0 <= c.start < c.end <= len(texts[c.article_id])
        for q in d.quotes:
            assert texts[q.article_id][q.start:q.end] == q.text


def test_wire_copies_are_linked(loop):
    _, storage, _, _ = loop
    arts = list(storage.iter_articles())
    dups = [a for a in arts if a.duplicate_of]
    assert dups, "the sample wire story reprinted by two outlets must be linked to its original"
    originals = {a.id: a for a in arts}
    for d in dups:
        assert d.duplicate_of in originals and originals[d.duplicate_of].story_id == d.story_id
