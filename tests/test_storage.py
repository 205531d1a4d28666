"""Storage on both databases: the same tests on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext

from newsdigest.errors import NotFound, SourceError
from newsdigest.records import Analysis, Article, Citation, Digest, Entity, Paragraph, Quote, RelevantArticle, Sentence, Source, Story
from newsdigest.storage import open_storage
from newsdigest.storage.migrate import migrate, script_directory

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def _digest(story_id: int, headline: str, body: str = "First paragraph.") -> Digest:
    return Digest(
        story_id=story_id,
        headline=headline,
        lede=body,
        paragraphs=(Paragraph(body, (Citation("a1", 0, 5),)),),
        quotes=(Quote("We are ready", 10, 22, "Ana Li", "mayor", "said", "a1"),),
        relevant_articles=(RelevantArticle("a1", "Title", "Outlet", "https://example.com/1", T0),),
        slug=headline.lower().replace(" ", "-"),
        entities=("Ana Li",),
    )


def test_sources_round_trip_and_refuse_duplicates(storage):
    s = storage.add_source(Source(name="Harbor Daily", url="https://harbor.example/feed.xml", labels=("us",)))
    assert s.id and s.labels == ("us",) and s.error_count == 0
    with pytest.raises(SourceError, match="exists already"):
        storage.add_source(Source(name="Other", url="https://harbor.example/feed.xml"))
    with pytest.raises(SourceError, match="name"):
        storage.add_source(Source(name="Harbor Daily", url="https://other.example/feed.xml"))
    storage.record_fetch(s.id, status="error", error="fetch: timed out")
    storage.record_fetch(s.id, status="error", error="fetch: 404")
    got = storage.source("Harbor Daily")
    assert got.error_count == 2 and got.last_error == "fetch: 404" and got.last_status == "error"
    storage.record_fetch(s.id, status="ok", etag='"abc"', last_modified="Fri, 01 May 2026 12:00:00 GMT", new_articles=3)
    got = storage.source(s.id)
    assert (got.error_count, got.last_error, got.etag, got.last_new_articles) == (0, None, '"abc"', 3)
    assert got.last_fetched is not None and got.last_fetched.tzinfo is not None
    with pytest.raises(NotFound):
        storage.source("nope")


def test_articles_are_stored_once_by_id_and_by_url(storage):
    a = Article(id="a1", text="Body one.", url="https://x.example/1", source="X", published=T0)
    assert storage.add_articles([a]) == ["a1"]
    assert storage.add_articles([a]) == []
    same_url = Article(id="other-id", text="Body.", url="https://x.example/1", source="X")
    assert storage.add_articles([same_url]) == []
    no_url = [Article(id="j1", text="Imported."), Article(id="j2", text="Imported too.")]
    assert storage.add_articles(no_url) == ["j1", "j2"]
    assert storage.count_articles() == 3
    assert [x.id for x in storage.iter_articles(batch=2)] == ["a1", "j1", "j2"]
    assert storage.get_articles(["j2", "a1"])[1].published == T0
    assert storage.known_urls(["https://x.example/1", "https://x.example/2"]) == {"https://x.example/1"}


def test_articles_keep_the_outlets_utc_offset(storage):
    evening = Article(id="us", text="Body.", published=datetime(2016, 9, 18, 3, tzinfo=UTC),
                      utc_offset_minutes=-240)
    storage.add_articles([evening, Article(id="plain", text="Body.", published=T0)])
    us, plain = storage.get_articles(["us", "plain"])
    assert (us.published, us.utc_offset_minutes) == (evening.published, -240)
    assert us.local_published.isoformat() == "2016-09-17T23:00:00-04:00"
    assert plain.utc_offset_minutes is None and plain.local_published == T0


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_migration_adds_the_utc_offset_column(db, tmp_path, request):
    """A database from before 0007 gets ``articles.utc_offset_minutes``; its articles keep theirs unknown."""
    url = str(tmp_path / "old.db") if db == "sqlite" else request.getfixturevalue("pg_url")
    with open_storage(url) as s:
        s.add_articles([Article(id="old", text="Body.", published=T0)])
        with s.engine.begin() as c:  # as a database from before the column
            c.execute(sa.text("ALTER TABLE articles DROP COLUMN utc_offset_minutes"))
            MigrationContext.configure(c).stamp(script_directory(), "0006")
    with open_storage(url) as s:
        with s.engine.connect() as c:
            assert "utc_offset_minutes" in {col["name"] for col in sa.inspect(c).get_columns("articles")}
            assert MigrationContext.configure(c).get_current_revision() == script_directory().get_current_head()
        assert s.article("old").utc_offset_minutes is None
        s.add_articles([Article(id="new", text="Body.", published=T0, utc_offset_minutes=60)])
        assert s.article("new").utc_offset_minutes == 60


def test_analyses_move_articles_through_stages(storage):
    storage.add_articles([Article(id="a1", text="Ana Li said hi.", published=T0)])
    assert [a.id for a in storage.articles_in_stage("new")] == ["a1"]
    an = Analysis("a1", (Sentence(0, 15, "Ana Li said hi."),), (Entity("Ana Li", "PERSON", 0, 6),),
                  (Quote("hi", 12, 14, "Ana Li", "", "said", "a1"),))
    storage.save_analyses([an])
    storage.save_analyses([an])  # idempotent
    assert storage.articles_in_stage("new") == []
    assert storage.get_analyses(["a1"])["a1"] == an
    storage.assign_stories({"a1": 7}, {})
    assert storage.article("a1").story_id == 7
    assert [a.id for a in storage.articles_since(T0 - timedelta(days=1))] == ["a1"]


def test_stories_and_digest_versions(storage):
    storage.add_articles([Article(id="a1", text="x", published=T0), Article(id="a2", text="y", published=T0 + timedelta(hours=1))])
    sid = storage.next_story_id()
    storage.save_stories([Story(id=sid, article_ids=(), article_count=2, outlet_count=2, trend_score=3.5, title="T")])
    storage.assign_stories({"a1": sid, "a2": sid}, {"a2": "a1"})
    story = storage.story(sid)
    assert story.article_ids == ("a1", "a2") and story.trend_score == 3.5
    assert [s.id for s in storage.changed_stories()] == [sid]
    storage.mark_written([sid])
    assert storage.changed_stories() == []

    first = storage.save_digest(_digest(sid, "Harbor strike ends"))
    assert first.version == 1 and first.published == first.updated and first.slug == "harbor-strike-ends"
    again = storage.save_digest(_digest(sid, "Harbor strike ends"))
    assert again.version == 1  # unchanged rewrite is a no-op
    later = datetime.now(UTC) + timedelta(hours=2)
    grown = storage.save_digest(_digest(sid, "Harbor strike ends", "A longer first paragraph."), now=later)
    assert grown.version == 2 and grown.slug == first.slug and grown.published == first.published
    assert grown.updated > grown.published
    assert [v for v, _, _ in storage.digest_versions(grown.id)] == [2, 1]
    assert storage.digest_by_slug("harbor-strike-ends").paragraphs[0].text == "A longer first paragraph."
    assert storage.digest_by_slug("harbor-strike-ends").quotes[0].speaker == "Ana Li"

    hidden = storage.save_digest(replace(_digest(sid, "Harbor strike ends", "A longer first paragraph."), status="unpublished"))
    assert hidden.status == "unpublished" and storage.digest_by_slug("harbor-strike-ends") is None
    rewritten = storage.save_digest(_digest(sid, "Harbor strike ends", "Grown again."), keep_status=True)
    assert rewritten.status == "unpublished", "a rewrite must not republish what an editor took down"
    storage.save_digest(_digest(sid, "Harbor strike ends", "A longer first paragraph."))

    other = storage.next_story_id()
    storage.save_stories([Story(id=other, article_ids=(), trend_score=9.0)])
    clash = storage.save_digest(_digest(other, "Harbor strike ends"))
    assert clash.slug == f"harbor-strike-ends-{other}"
    assert [d.story_id for d in storage.trending_digests()] == [other, sid]
    assert storage.count_digests() == 2


def test_first_articles_are_each_storys_earliest(storage):
    # Undated articles count by fetch time; each story gets at most n, in time order.
    arts = [
        Article(id="late", text="x", published=T0 + timedelta(days=3)),
        Article(id="first", text="x", published=T0),
        Article(id="undated", text="x", fetched=T0 + timedelta(hours=2)),
        Article(id="second", text="x", published=T0 + timedelta(hours=1)),
        Article(id="other", text="x", published=T0 + timedelta(days=1)),
    ]
    storage.add_articles(arts)
    a, b = storage.next_story_id(), storage.next_story_id() + 1
    storage.save_stories([Story(id=a, article_ids=()), Story(id=b, article_ids=())])
    storage.assign_stories({"late": a, "first": a, "undated": a, "second": a, "other": b}, {})
    got = storage.first_articles([a, b], 3)
    assert {k: [x.id for x in v] for k, v in got.items()} == {a: ["first", "second", "undated"], b: ["other"]}
    assert storage.first_articles([], 3) == {}


def test_similar_digests_prefers_content_over_recency(storage):
    for sid, head in [(1, "Port strike halts container traffic"), (2, "Election results delayed in capital"),
                      (3, "Dockworkers strike spreads to second port")]:
        storage.save_stories([Story(id=sid, article_ids=())])
        storage.save_digest(_digest(sid, head, f"{head}. Workers and officials spoke."))
    target = storage.digest_for_story(1)
    similar = storage.similar_digests(target, limit=2)
    assert similar[0].story_id == 3


def test_runs_record_what_each_source_did(storage):
    src = storage.add_source(Source(name="A", url="https://a.example/feed"))
    run = storage.start_run()
    storage.record_run_source(run, src.id, status="error", entries=0, new_articles=0, dropped={}, error="feed: not a feed")
    storage.finish_run(run, status="done", stats={"new_articles": 0})
    last = storage.last_run()
    assert last["status"] == "done" and last["sources"][0]["error"] == "feed: not a feed"


def test_migration_is_idempotent_and_stamped(tmp_path):
    path = str(tmp_path / "m.db")
    s = open_storage(path)
    assert migrate(s.engine) == "current"
    with s.engine.connect() as c:
        assert c.execute(sa.text("select version_num from alembic_version")).scalar() == script_directory().get_current_head()
        assert c.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    s.close()


def test_a_baseline_database_is_upgraded(tmp_path):  # noqa: D103
    """A database stamped at 0001 before the site tables existed gets them from 0002."""
    path = tmp_path / "old.db"
    eng = sa.create_engine(f"sqlite:///{path}")
    with eng.begin() as c:
        c.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        c.execute(sa.text("INSERT INTO alembic_version VALUES ('0001')"))
        from newsdigest.storage.schema import metadata

        old = [t for t in metadata.sorted_tables if t.name in {"sources", "articles", "analyses", "stories", "digests",
                                                                "digest_versions", "runs", "run_sources"}]
        metadata.create_all(c, tables=old)
        c.execute(sa.text("ALTER TABLE digests DROP COLUMN writer_note"))
    eng.dispose()
    s = open_storage(str(path))
    with s.engine.connect() as c:
        assert c.execute(sa.text("select version_num from alembic_version")).scalar() == script_directory().get_current_head()
        tables = set(sa.inspect(c).get_table_names())
    assert {"comments", "subscribers", "users", "edits"} <= tables
    s.save_stories([Story(id=1, article_ids=())])
    assert s.save_digest(_digest(1, "Upgraded")).writer_note == ""
    s.close()


def test_newsletter_delivery_is_claimed_once(storage) -> None:
    """The claim before each newsletter mail: True the first time, False after, on both databases.

    On PostgreSQL the insert's rowcount was -1 for this composite key, so every claim
    failed and no newsletter was ever sent there.
    """
    from datetime import timedelta

    req = storage.request_subscription("reader@example.org", cooldown=timedelta(0))
    sub = storage.confirm_subscriber("reader@example.org", req.subscriber.nonce)
    assert sub is not None and sub.status == "confirmed"
    storage.start_newsletter_issue("2026-11-26", [])
    assert storage.claim_delivery("2026-11-26", sub.id) is True
    assert storage.claim_delivery("2026-11-26", sub.id) is False
    assert storage.newsletter_recipients("2026-11-26") == []
