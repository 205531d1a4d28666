"""Wire copies are counted once everywhere: a story's independent reports apart from its
reprints in the stored counts, the trend score and the orderings built on it, the JSON API,
the ``stories`` CLI table, every count a reader sees, and the coverage-by-label lines.

Built by the real pipeline (analyse, dedupe, cluster, rank, write) on real SQLite files,
once per module: one store where a bridge story's first report is reprinted by six other
outlets, and one with the same independent reports and no reprints. Every figure must be
the same in both, except where reprints are said to be reprints.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from newsdigest import publish
from newsdigest.diversity import coverage
from newsdigest.grouping import article_counts, count_coverage, explain_story
from newsdigest.pipeline import process
from newsdigest.rank import trend_score
from newsdigest.records import Article, Source, Story
from newsdigest.settings import load_config
from newsdigest.storage import Storage, open_storage
from newsdigest.web import create_app
from test_split_merge import NOW, _article

PORT = (
    "Dock workers at the port of Kelling walked out on Tuesday in a dispute over night-shift pay, "
    "leaving container ships waiting at anchor in the bay."
)
PORT_EXTRAS = [
    "The union said talks with the port authority had broken down after six weeks of meetings.",
    "Shipping lines warned that supermarket deliveries could be delayed by the end of the week.",
    "The port authority said it remained open to mediation and regretted the disruption to trade.",
]
PORT_OUTLETS = ["Harbour News", "Coast Herald", "Bay Chronicle"]
REPRINTERS = [f"Reprint Paper {i}" for i in range(6)]
UK, US = ["country:uk", "ownership:private"], ["country:us"]


def _port(i: int, hours: float) -> Article:
    return Article(
        id=f"port-{i}", text=f"{PORT} {PORT_EXTRAS[i]} {PORT}", url=f"https://port{i}.example/strike",
        source=PORT_OUTLETS[i], title=f"Kelling dock workers strike over night-shift pay ({i})",
        published=NOW - timedelta(hours=hours),
    )


def _copy(i: int, of: Article) -> Article:
    """A wire copy of ``of`` carried by another outlet, published long after the original:
    if reprints counted, it would make the bridge story look fresher than the port strike."""
    return Article(
        id=f"copy-{i}", text=of.text, url=f"https://copy{i}.example/bridge", source=REPRINTERS[i],
        title=of.title, published=NOW - timedelta(minutes=30 - i),
    )


def _build(path: Path, with_copies: bool) -> Storage:
    """Bridge: three independent reports (8–10 h old) from UK outlets, and with ``with_copies``
    six US reprints of the first one. Port strike: three reports, 6–7 h old, no reprints."""
    storage = open_storage(str(path))
    ids: dict[str, int | None] = {}
    for name, labels in [*((_article(i, 0).source, UK) for i in range(3)), *((n, US) for n in REPRINTERS),
                         *((n, []) for n in PORT_OUTLETS)]:
        ids[name] = storage.add_source(Source(name=name, url=f"https://{len(ids)}.example/feed.xml",
                                              labels=tuple(labels))).id
    bridge = [_article(i, 10 - i) for i in range(3)]
    port = [_port(i, 7 - i / 2) for i in range(3)]
    copies = [_copy(i, bridge[0]) for i in range(len(REPRINTERS))] if with_copies else []
    storage.add_articles([replace(a, source_id=ids[a.source]) for a in [*bridge, *port, *copies]])
    config = load_config(env={}).replace(database_url=str(path), archive_gate_days=0)
    process(storage, config, now=NOW)
    return storage


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Storage, Storage, Path]]:
    """(with reprints, without reprints, the first one's database file)."""
    base = tmp_path_factory.mktemp("reprints")
    wired, plain = _build(base / "wired.db", True), _build(base / "plain.db", False)
    yield wired, plain, base / "wired.db"
    wired.close()
    plain.close()


def _story_of(storage: Storage, article_id: str) -> Story:
    story = storage.story(storage.article(article_id).story_id)
    assert story is not None
    return story


def _client(storage: Storage) -> TestClient:
    config = load_config(env={}).replace(site_url="http://testserver", secret_key="k" * 48, archive_gate_days=0)
    return TestClient(create_app(config, storage, cache_seconds=0), follow_redirects=False)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ------------------------------------------------------------------ counts and ranking


def test_story_counts_independent_reports_and_reprints_apart(stores) -> None:
    wired, plain, _ = stores
    bridge = _story_of(wired, "bridge-0")
    assert {_story_of(wired, f"copy-{i}").id for i in range(6)} == {bridge.id}, "the copies join their original's story"
    assert (bridge.article_count, bridge.independent_count, bridge.outlet_count) == (9, 3, 9)
    assert [wired.article(f"copy-{i}").duplicate_of for i in range(6)] == ["bridge-0"] * 6
    same = _story_of(plain, "bridge-0")
    assert (same.article_count, same.independent_count, same.outlet_count) == (3, 3, 3)
    counts = article_counts(wired.get_articles(list(bridge.article_ids)))
    assert (counts.reports, counts.outlets, counts.reprints, counts.reprint_outlets) == (3, 3, 6, 6)
    why = explain_story(wired, bridge.id)
    assert why is not None and why.counts == counts


def test_reprints_do_not_lift_the_trend_score_or_the_orderings(stores) -> None:
    wired, plain, _ = stores
    for article_id in ("bridge-0", "port-0"):
        assert _story_of(wired, article_id).trend_score == pytest.approx(_story_of(plain, article_id).trend_score)
    # Port's independent reports are fresher: it leads, six later reprints of the bridge story or not.
    assert _story_of(plain, "port-0").trend_score > _story_of(plain, "bridge-0").trend_score
    for storage in (wired, plain):
        assert [s.id for s in storage.list_stories(2)] == [_story_of(storage, "port-0").id, _story_of(storage, "bridge-0").id]
        trending = storage.trending_digests(2)
        assert [d.story_id for d in trending] == [_story_of(storage, "port-0").id, _story_of(storage, "bridge-0").id]
        home = _client(storage).get("/").text
        titles = re.findall(r'class="card-title"><a href="([^"]+)"', home)
        assert titles[:2] == [publish.digest_path(d) for d in trending]


def test_trend_score_a_late_copy_is_not_new_reporting() -> None:
    now = NOW
    first = now - timedelta(hours=9)
    alone = trend_score([first], ["AP"], [False], now)
    copies = trend_score([first, now, now], ["AP", "Paper A", "Paper B"], [False, True, True], now)
    assert copies == pytest.approx(alone)
    # A second outlet's own report does count: more voices and fresher.
    assert trend_score([first, now], ["AP", "Paper A"], [False, False], now) > alone


# ------------------------------------------------------------------ API and CLI


def test_api_story_json_has_independent_and_reprint_counts_and_keeps_its_keys(stores) -> None:
    wired, _, _ = stores
    bridge = _story_of(wired, "bridge-0")
    with _client(wired) as c:
        one = c.get(f"/api/stories/{bridge.id}").json()
        listed = {s["story_id"]: s for s in c.get("/api/stories").json()["items"]}
        schema = c.get("/api/openapi.json").json()["components"]["schemas"]["Story"]
    assert one == listed[bridge.id]
    assert one["article_count"] == 9 and one["outlet_count"] == 9  # unchanged meaning: copies included
    assert one["independent_count"] == 3 and one["reprint_count"] == 6
    assert len(one["article_ids"]) == 9 and one["story_id"] == bridge.id
    assert set(one) == set(schema["properties"]) and "reprint_count" in schema["required"]


def test_cli_stories_table_and_json_show_reprints(stores) -> None:
    _, _, db = stores
    env = {k: v for k, v in os.environ.items() if k != "NEWSDIGEST_DATABASE_URL"} | {"COLUMNS": "200"}

    def nd(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newsdigest", "--db", str(db), *args],
                              capture_output=True, text=True, env=env, timeout=120)

    table = nd("stories")
    assert table.returncode == 0, table.stderr
    header = next(line for line in table.stdout.splitlines() if "story" in line and "score" in line)
    assert re.search(r"articles\W+independent\W+reprints\W+outlets", header), header
    row = next(line for line in table.stdout.splitlines() if "Harwick" in line)
    assert re.search(r"\b9\W+3\W+6\W+9\b", row), row
    stories = {s["title"]: s for s in json.loads(nd("stories", "--json").stdout)}
    bridge = next(s for t, s in stories.items() if "Harwick" in t)
    assert (bridge["independent_count"], bridge["reprint_count"], bridge["article_count"]) == (3, 6, 9)


# ------------------------------------------------------------------ what readers see


def test_every_count_a_reader_sees_says_reports_and_reprints_apart(stores) -> None:
    wired, plain, _ = stores
    wording = "3 independent reports from 3 outlets; 6 reprints by 6 other outlets"
    bridge = wired.digest_for_story(_story_of(wired, "bridge-0").id)
    assert bridge is not None and sum(1 for r in bridge.relevant_articles if r.duplicate_of) == 6
    with _client(wired) as c:
        home = _text(c.get("/").text)
        assert wording in home and "Reprint Paper" not in home  # no reprinter is named as a reporter
        found = _text(c.get("/search", params={"q": "Harwick bridge"}).text)
        assert wording in found
        page = c.get(publish.digest_path(bridge)).text
        kicker = _text(re.search(r'<p class="kicker">.*?</p>', page, re.S).group(0))
        assert "3 independent reports from 3 outlets" in kicker and "9" not in kicker
        assert f"This digest draws on {wording}." in _text(page)
        box = _text(re.search(r'<section class="grouping".*?</section>', page, re.S).group(0))
        assert f"{wording}." in box and "9 reports from 9 outlets; 6 reprints of one Harwick Gazette story" in box
        chart = _text(re.search(r'<figcaption id="coverage-chart-caption">.*?</figcaption>', page, re.S).group(0))
        assert f"9 articles from 9 outlets ({wording})" in chart
        topic = next(t for t in wired.topics() if bridge.id in {d.id for d in wired.topic_digests(t.slug)})
        assert wording in _text(c.get(f"/topics/{topic.slug}/").text)
    # Without reprints the same digest says only its independent reports.
    with _client(plain) as c:
        same = plain.digest_for_story(_story_of(plain, "bridge-0").id)
        assert "This digest draws on 3 independent reports from 3 outlets." in _text(c.get(publish.digest_path(same)).text)


def test_coverage_by_label_counts_independent_outlets_and_reprinters_apart(stores) -> None:
    wired, plain, _ = stores
    bridge = _story_of(wired, "bridge-0")
    independent, reprinting = wired.story_outlet_labels(bridge.id)
    assert set(independent) == {"Harwick Gazette", "River Times", "Daily Courier"}
    assert set(reprinting) == set(REPRINTERS) and all(v == ("country:us",) for v in reprinting.values())
    digest = wired.digest_for_story(bridge.id)
    with _client(wired) as c:
        box = _text(re.search(r'<section class="coverage".*?</section>', c.get(publish.digest_path(digest)).text,
                              re.S).group(0))
    assert "Coverage by country: UK 3" in box and "US" not in box.split("+")[0]
    assert "Coverage by ownership: Private 3" in box
    assert "+ 6 outlets reprinting another's report, not counted above (country: US 6)." in box
    # Six US reprints do not make a UK-only story two-sided.
    assert "Independently covered by outlets from one country only." in box
    same = plain.digest_for_story(_story_of(plain, "bridge-0").id)
    with _client(plain) as c:
        plain_box = _text(re.search(r'<section class="coverage".*?</section>', c.get(publish.digest_path(same)).text,
                                    re.S).group(0))
    assert "Coverage by country: UK 3" in plain_box and "reprinting" not in plain_box


def test_a_digests_own_reprint_marks_count_when_storage_has_none(stores) -> None:
    wired, _, _ = stores
    bridge = _story_of(wired, "bridge-0")
    independent, reprinting = wired.story_outlet_labels(bridge.id, reprint_ids={"bridge-1"})
    assert "River Times" in reprinting and "River Times" not in independent


# ------------------------------------------------------------------ the one wording


def test_coverage_counts_wording() -> None:
    assert count_coverage([]).text == "no independent report"
    assert count_coverage([("AP", False)]).text == "1 independent report from 1 outlet"
    both = count_coverage([("AP", False), ("AP", True), ("Paper", True), ("Paper", True), ("BBC", False)])
    assert both.text == "2 independent reports from 2 outlets; 3 reprints by 1 other outlet"
    assert both.short == "2 independent reports from 2 outlets"
    # An outlet that reprints and also reports on its own is not a "reprinting outlet".
    assert count_coverage([("AP", False), ("AP", True)]).text == "1 independent report from 1 outlet; 1 reprint"
    assert count_coverage([("A", True), ("B", True)]).text == "no independent report; 2 reprints by 2 outlets"


def test_coverage_dimensions_leave_reprinting_outlets_out() -> None:
    cov = coverage({"Northwire": ["country:uk"], "Clarion": ["country:uk"]},
                   {"Paper A": ["country:us"], "Paper B": ["country:fr"], "Northwire": ["country:uk"]})
    assert cov.outlets == 2 and cov.dimension("country").text == "UK 2"
    assert cov.one_sided == ("country",)
    assert cov.reprinting == 2 and cov.reprint_text == "country: FR 1 · US 1"
