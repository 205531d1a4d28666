"""Clustering partitions: one per language, so stories never mix languages and the
partitions of one pass can run at once on different workers (``tasks.cluster_partition``).

What must hold: an article's language comes from its page (``<html lang>``) before its
source's setting and is stored as the primary subtag; clustering one language never reads
or rescores another's stories; clustering every language in one call gives what
per-language calls give; and two partitions creating stories at the same moment on
PostgreSQL never store the same story id (ids come in blocks from ``id_counters``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from ingest_helpers import LocalServer, text

from newsdigest import pipeline
from newsdigest.pipeline import PassReport, cluster_pending, run_pass
from newsdigest.progress import NullReporter
from newsdigest.records import Analysis, Article, Entity, Source
from newsdigest.settings import load_config
from newsdigest.storage import Storage, open_storage
from newsdigest.storage.articles import language_tag

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

# --- a German outlet pair on a local HTTP server (fictional people, places and events) ---------

GERMAN = {
    "stadtkurier": [
        ("hochwasser", 5, "Hochwasser in Lindenau: Weiler tritt über die Ufer",
         "Das Hochwasser der Weiler hat am Montag weite Teile von Lindenau überflutet. Bürgermeisterin "
         "Karin Hollmann rief am Vormittag den Katastrophenfall aus und ließ die Altstadt räumen. Nach "
         "Angaben der Feuerwehr stand das Wasser in der Uferstraße mehr als einen Meter hoch. Rund "
         "vierhundert Bewohner verbrachten die Nacht in der Turnhalle der Gesamtschule. Die Pegel der "
         "Weiler steigen nach dem Dauerregen weiter, warnte das Landesamt für Umwelt. Hollmann sagte, "
         "die Deiche am Mühlenwehr würden mit Sandsäcken verstärkt. Helfer aus den Nachbarorten sind "
         "seit dem frühen Morgen im Einsatz, die Bundeswehr steht bereit."),
        ("strassenbahn", 3, "Straßenbahnstreik legt Brückstadt lahm",
         "In Brückstadt fahren seit Dienstagmorgen keine Straßenbahnen. Die Gewerkschaft Verkehr Plus hat "
         "die Fahrer der Städtischen Verkehrsbetriebe zu einem ganztägigen Warnstreik aufgerufen. "
         "Gewerkschaftssprecher Jonas Feldmann sagte, die Betriebe hätten in drei Verhandlungsrunden "
         "kein Angebot zu den Löhnen vorgelegt. Pendler standen an den Haltestellen der Innenstadt vor "
         "leeren Gleisen, Busse des Ersatzverkehrs waren überfüllt. Die Verkehrsbetriebe nannten den "
         "Streik unverhältnismäßig und riefen zur Rückkehr an den Verhandlungstisch auf. Die nächste "
         "Tarifrunde ist für Donnerstag im Rathaus von Brückstadt angesetzt."),
    ],
    "nordblatt": [
        ("lindenau-flut", 4, "Weiler-Hochwasser: Lindenau ruft Katastrophenfall aus",
         "Lindenau kämpft gegen das Hochwasser der Weiler. Die Stadt hat am Montag den Katastrophenfall "
         "ausgerufen, sagte Bürgermeisterin Karin Hollmann. Die Altstadt und die Uferstraße wurden "
         "geräumt, etwa vierhundert Bewohner schliefen in der Turnhalle der Gesamtschule. Die Feuerwehr "
         "meldete einen Wasserstand von über einem Meter in den Straßen am Fluss. Das Landesamt für "
         "Umwelt erwartet nach dem anhaltenden Dauerregen weiter steigende Pegel der Weiler. Am "
         "Mühlenwehr verstärken Helfer und Feuerwehr die Deiche mit Sandsäcken, die Bundeswehr hält "
         "Soldaten in Bereitschaft."),
        ("warnstreik", 2, "Warnstreik: Keine Straßenbahnen in Brückstadt",
         "Ein Warnstreik der Gewerkschaft Verkehr Plus hat den Straßenbahnverkehr in Brückstadt am "
         "Dienstag vollständig gestoppt. Sprecher Jonas Feldmann warf den Städtischen Verkehrsbetrieben "
         "vor, nach drei Verhandlungsrunden noch immer kein Lohnangebot vorgelegt zu haben. An den "
         "Haltestellen der Innenstadt warteten Pendler vergeblich, die Busse des Ersatzverkehrs waren "
         "überfüllt. Die Verkehrsbetriebe kritisierten den Streik als unverhältnismäßig. Verhandelt "
         "wird wieder am Donnerstag im Rathaus von Brückstadt, die Gewerkschaft droht mit weiteren "
         "Streiks."),
    ],
}
GERMAN_STORIES = 2  # each reported by both outlets


def _page(title: str, body: str, when: datetime) -> bytes:
    return (
        f'<!doctype html><html lang="de-DE"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta property="article:published_time" content="{when.isoformat()}"></head><body>'
        f"<nav><a href='/'>Startseite</a> <a href='/politik'>Politik</a></nav>"
        f"<article><h1>{escape(title)}</h1><p>{escape(body)}</p></article>"
        f"<footer>Impressum · Datenschutz</footer></body></html>"
    ).encode()


def _feed(outlet: str, items: list[tuple[str, str, datetime]], base: str) -> bytes:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{base}/{outlet}/{slug}.html</link>"
        f"<guid>{base}/{outlet}/{slug}.html</guid><pubDate>{format_datetime(when)}</pubDate></item>"
        for slug, title, when in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}</title>'
            f"<link>{base}/{outlet}/</link><language>de</language>{entries}</channel></rss>").encode()


@contextmanager
def german_outlets() -> Iterator[list[tuple[str, str]]]:
    """Two German outlets (RSS feed + article pages with ``lang="de-DE"``); yields their
    (name, feed URL). Dates are hours before the serve time, as in the English sample."""
    served = datetime.now(UTC).replace(microsecond=0)
    with LocalServer() as server:
        base = server.url("").rstrip("/")
        feeds = []
        for outlet, articles in GERMAN.items():
            items = []
            for slug, hours, title, body in articles:
                when = served - timedelta(hours=hours)
                server.routes[f"/{outlet}/{slug}.html"] = text(_page(title, body, when))
                items.append((slug, title, when))
            feed = _feed(outlet, items, base)
            server.routes[f"/{outlet}/feed.xml"] = text(feed, Content_Type="application/rss+xml")
            feeds.append((outlet.capitalize(), server.url(f"/{outlet}/feed.xml")))
        yield feeds


# --- language of an article ------------------------------------------------------------------


def test_language_tags_keep_the_primary_subtag() -> None:
    assert [language_tag(v) for v in ["en-GB", "de_DE", "FR", " pt-br ", "", None, "english", "x"]] == [
        "en", "de", "fr", "pt", "und", "und", "und", "und"]


def test_page_language_wins_over_the_source_setting(tmp_path: Path) -> None:
    config = load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
                              "NEWSDIGEST_FETCH_HOST_DELAY": "0"})
    with german_outlets() as feeds, open_storage(str(tmp_path / "de.db")) as storage:
        for name, url in feeds:
            storage.add_source(Source(name=name, url=url))  # language left at its default, "en"
        run_pass(storage, config)
        articles = list(storage.iter_articles())
        assert len(articles) == 4 and {a.language for a in articles} == {"de"}
        stories = [s for s in storage.list_stories(100) if s.article_ids]
        assert sorted(len(s.article_ids) for s in stories) == [2, 2]  # each story from both outlets


# --- clustering by language ---------------------------------------------------------------------

# The same event in two languages, with the same names: similar enough to share a story were the
# languages clustered together (checked below), which partitions must never let happen.
EVENT = {
    "en": "Mayor Karin Hollmann of Lindenau declared a disaster as the Weiler flood rose in Lindenau. "
          "Karin Hollmann said the Weiler dykes at the Muehlenwehr were reinforced in Lindenau.",
    "de": "Bürgermeisterin Karin Hollmann hat in Lindenau den Katastrophenfall ausgerufen, die Weiler "
          "steigt in Lindenau. Karin Hollmann sagte, die Deiche an der Weiler am Muehlenwehr halten.",
}
NAMES = (("Karin Hollmann", "PERSON"), ("Lindenau", "GPE"), ("Weiler", "LOC"), ("Muehlenwehr", "FAC"))


def _store(storage: Storage, articles: list[Article], entities: tuple[tuple[str, str], ...] = ()) -> None:
    storage.add_articles(articles)
    ents = tuple(Entity(t, label, 0, len(t)) for t, label in entities)
    storage.save_analyses([Analysis(a.id, (), ents, (), language=a.language) for a in articles])


def _bilingual(storage: Storage) -> None:
    """Three English and three German reports of one event, an hour apart, in turns."""
    arts = [
        Article(id=f"{lang}{i}", text=EVENT[lang] + f" Update {i}.", source=f"{lang}-outlet-{i}",
                title=f"Lindenau flood {i}", published=NOW - timedelta(hours=6 - 2 * i - (lang == "de")),
                language=lang)
        for i in range(3) for lang in ("en", "de")
    ]
    _store(storage, arts, NAMES)


def _partition(storage: Storage) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in storage.list_stories(1000) if s.article_ids}


def _languages(storage: Storage) -> list[set[str]]:
    stories = [s for s in storage.list_stories(1000) if s.article_ids]
    return [{a.language for a in storage.get_articles(s.article_ids)} for s in stories]


def test_stories_never_mix_languages_and_one_call_equals_per_language_calls(storage: Storage,
                                                                           tmp_path: Path) -> None:
    config = load_config(env={})
    _bilingual(storage)
    assert storage.cluster_languages(NOW - timedelta(days=4)) == {"de": 3, "en": 3}
    cluster_pending(storage, config, NullReporter(), PassReport(), NOW)
    assert _partition(storage) == {frozenset({"en0", "en1", "en2"}), frozenset({"de0", "de1", "de2"})}
    assert storage.cluster_languages(NOW - timedelta(days=4)) == {"de": 0, "en": 0}  # only rescoring left

    with open_storage(str(tmp_path / "per-language.db")) as other:
        _bilingual(other)
        for lang in ("en", "de"):  # the order the workers happen to run them in must not matter
            report = PassReport()
            cluster_pending(other, config, NullReporter(), report, NOW, language=lang)
            assert report.clustered == 3
            waiting = {a.language for a in other.articles_in_stage("analysed")}
            assert waiting == ({"de"} if lang == "en" else set())
        assert _partition(other) == _partition(storage)

    # Without partitions the two languages would have made one story: the test can fail.
    with open_storage(str(tmp_path / "mixed.db")) as mixed:
        _bilingual(mixed)
        with mixed.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE articles SET language = 'xx'")
        cluster_pending(mixed, config, NullReporter(), PassReport(), NOW)
        assert frozenset({"en0", "en1", "en2", "de0", "de1", "de2"}) in _partition(mixed)


def test_a_partition_rescores_only_its_own_stories(storage: Storage) -> None:
    config = load_config(env={})
    _bilingual(storage)
    cluster_pending(storage, config, NullReporter(), PassReport(), NOW)
    before = {s.id: s.trend_score for s in storage.list_stories(100)}
    later = NOW + timedelta(hours=12)
    cluster_pending(storage, config, NullReporter(), PassReport(), later, language="de")
    after = {s.id: (s.trend_score, _languages_of(storage, s.article_ids)) for s in storage.list_stories(100)}
    for sid, (score, langs) in after.items():
        assert (score < before[sid]) == (langs == {"de"})  # only the German story decayed


def _languages_of(storage: Storage, ids: tuple[str, ...]) -> set[str]:
    return {a.language for a in storage.get_articles(ids)}


# --- story ids ---------------------------------------------------------------------------------


def test_story_ids_come_in_disjoint_blocks_above_stored_stories(storage: Storage) -> None:
    from newsdigest.records import Story

    assert storage.allocate_story_ids(3) == range(1, 4)
    assert storage.next_story_id() == 4
    storage.save_stories([Story(id=40, article_ids=())])  # stored without the counter (as before it)
    assert storage.allocate_story_ids(2) == range(41, 43)
    assert storage.allocate_story_ids(0) == range(0)


SINGLES = 60  # articles per language, each its own story: 120 new stories made in small batches


def _unrelated(lang: str, n: int) -> list[Article]:
    # Words no other article shares: every article starts a story of its own.
    return [
        Article(id=f"{lang}-{i:03d}", text=" ".join(f"{lang}{i}w{j}" for j in range(30)),
                source=f"{lang}-o{i}", published=NOW - timedelta(minutes=SINGLES - i), language=lang)
        for i in range(n)
    ]


@pytest.mark.postgres
def test_concurrent_partitions_never_store_the_same_story_id(pg_url: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Two consumers of different languages, clustering at the same moment on PostgreSQL
    (threads with their own connections, released together, many small batches): every
    article gets a story of its own, so a shared id would show as a story of two languages."""
    monkeypatch.setattr(pipeline, "CLUSTER_BATCH", 3)
    config = load_config(env={})
    with open_storage(pg_url) as setup:
        for lang in ("en", "de"):
            _store(setup, _unrelated(lang, SINGLES))
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def consume(lang: str) -> None:
        try:
            with open_storage(pg_url) as own:
                start.wait()
                cluster_pending(own, config, NullReporter(), PassReport(), NOW, language=lang)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=consume, args=(lang,)) for lang in ("en", "de")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with open_storage(pg_url) as storage:
        stories = storage.list_stories(1000)
        assert len(stories) == 2 * SINGLES
        assert all(len(s.article_ids) == 1 for s in stories)  # no story got a second language's article
        articles = list(storage.iter_articles())
        assert len({a.story_id for a in articles}) == len(articles) == 2 * SINGLES


def test_migration_adds_the_id_counter_above_existing_stories(tmp_path: Path) -> None:
    import sqlalchemy as sa
    from alembic.runtime.migration import MigrationContext

    from newsdigest.records import Story
    from newsdigest.storage.base import make_engine
    from newsdigest.storage.migrate import script_directory

    path = tmp_path / "old.db"
    with open_storage(str(path)) as s:
        s.save_stories([Story(id=7, article_ids=())])
    engine = make_engine(str(path))
    with engine.begin() as conn:  # as a database from before partitions
        conn.execute(sa.text("DROP TABLE id_counters"))
        MigrationContext.configure(conn).stamp(script_directory(), "0004")
    engine.dispose()
    with open_storage(str(path)) as s:
        assert s.next_story_id() == 8
        with s.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == script_directory().get_current_head()
