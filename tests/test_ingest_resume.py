"""An attempt at one source cut short (``HostBusy``: the distributed mode's fetch task is
then retried) is carried on by the next: what it stored counts, in the outcome and in the
sources table, and the pages it fetched without storing anything are not asked for again."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import LocalServer, ingest_config, text

from newsdigest.fetch import Fetcher, HostBusy, MemoryPacer
from newsdigest.ingest import Carried, ingest_source
from newsdigest.records import Source
from newsdigest.storage import open_storage


class _BusyOnce(MemoryPacer):
    """Paces in memory, but gives up once, at its ``at``-th turn, as at a crowded host."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at, self.turns = at, 0

    def wait_turn(self, host: str, delay: float) -> None:
        self.turns += 1
        if self.turns == self.at:
            raise HostBusy(host, 0.3, 0.3)
        super().wait_turn(host, delay)


def test_a_put_off_attempt_is_carried_on_and_counted_in_the_sources_table(tmp_path: Path) -> None:
    from test_hostile import RSS, page, rss

    srv = LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n", Content_Type="text/plain")})
    srv.routes["/feed.xml"] = text(rss([("Berth 1 closes", srv.url("/a/1.html"), "Teaser."),
                                        ("Berth 2 closes", srv.url("/a/2.html"), "Teaser."),  # 404, too short
                                        ("Berth 3 closes", srv.url("/a/3.html"), "Teaser.")]), Content_Type=RSS)
    srv.routes["/a/1.html"] = text(page(1))
    srv.routes["/a/3.html"] = text(page(3))
    config = ingest_config(fetch_host_delay=0.0)
    with srv, open_storage(str(tmp_path / "resume.db")) as storage:
        source = storage.source(storage.add_source(Source(name="Outlet", url=srv.url("/feed.xml"))).id)
        pacer = _BusyOnce(at=5)  # robots.txt, the feed, /a/1, /a/2, then busy before /a/3
        carried = Carried()
        with Fetcher(config, pacer=pacer) as fetcher:
            with pytest.raises(HostBusy):
                ingest_source(storage, fetcher, source, config, carried)
            first_attempt = srv.paths()
            assert "/a/1.html" in first_attempt and "/a/2.html" in first_attempt
            assert "/a/3.html" not in first_attempt
            assert len(carried.stored) == 1 and list(carried.tried) == [srv.url("/a/2.html")]
            assert storage.source(source.id).last_new_articles == 0  # nothing recorded yet

            outcome = ingest_source(storage, fetcher, storage.source(source.id), config, carried)
        again = srv.paths()[len(first_attempt):]
        assert again.count("/feed.xml") == 1 and "/a/3.html" in again
        assert "/a/2.html" not in again and "/a/1.html" not in again  # tried and stored pages: not asked again
        assert outcome.status == "ok" and outcome.new_articles == 2 and len(outcome.new_ids) == 2
        assert outcome.new_ids[0] == carried.stored[0]
        assert outcome.dropped["known"] == 0  # the first attempt's article is new, not known
        assert outcome.dropped["page_http_status"] == 1 and outcome.dropped["too_short"] == 1
        # the sources table (sources list, the API, the dashboard) holds the whole count
        assert storage.source(source.id).last_new_articles == 2


def test_an_attempt_without_carried_state_is_as_before(tmp_path: Path) -> None:
    """The in-process mode passes nothing: one attempt, its own count."""
    from test_hostile import RSS, page, rss

    srv = LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n", Content_Type="text/plain")})
    srv.routes["/feed.xml"] = text(rss([("Berth 1 closes", srv.url("/a/1.html"), "Teaser.")]), Content_Type=RSS)
    srv.routes["/a/1.html"] = text(page(1))
    config = ingest_config(fetch_host_delay=0.0)
    with srv, open_storage(str(tmp_path / "plain.db")) as storage, Fetcher(config) as fetcher:
        source = storage.add_source(Source(name="Outlet", url=srv.url("/feed.xml")))
        outcome = ingest_source(storage, fetcher, storage.source(source.id), config)
        assert outcome.new_articles == 1 and storage.source(source.id).last_new_articles == 1
        outcome = ingest_source(storage, fetcher, storage.source(source.id), config)
        assert outcome.new_articles == 0 and outcome.dropped["known"] == 1


def test_the_feeds_utc_offset_is_stored_with_the_article(tmp_path: Path) -> None:
    """A US evening report: 23:00 at -04:00 is the next day in UTC; the offset kept says
    which day the outlet's "tonight" was (the writer names it)."""
    from test_hostile import RSS, page

    srv = LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n", Content_Type="text/plain")})
    item = (f"<item><title>Berth 1 closes</title><link>{srv.url('/a/1.html')}</link>"
            "<pubDate>Sat, 17 Sep 2016 23:00:00 -0400</pubDate></item>")
    srv.routes["/feed.xml"] = text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>O</title>{item}'
                                   "</channel></rss>", Content_Type=RSS)
    srv.routes["/a/1.html"] = text(page(1))
    config = ingest_config(fetch_host_delay=0.0)
    with srv, open_storage(str(tmp_path / "offset.db")) as storage, Fetcher(config) as fetcher:
        source = storage.add_source(Source(name="Outlet", url=srv.url("/feed.xml")))
        outcome = ingest_source(storage, fetcher, storage.source(source.id), config)
        article = storage.article(outcome.new_ids[0])
    assert article.published.isoformat() == "2016-09-18T03:00:00+00:00"
    assert article.utc_offset_minutes == -240
    assert article.local_published.date().isoformat() == "2016-09-17"
