"""Editors' splits and merges: applied at once, recorded, and kept by later clustering runs."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from newsdigest.grouping import GroupingError, merge_stories, split_story
from newsdigest.errors import NotFound
from newsdigest.pipeline import process
from newsdigest.records import Article

NOW = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)

CORE = "The Harwick river bridge partly collapsed on Monday after engineers warned of cracks in its central span."
EXTRAS = [
    "Divers searched the river below for debris while police kept onlookers away from the banks. "
    "Ferry operators added extra crossings for stranded commuters during the evening rush.",
    "Mayor Elena Ruiz said inspectors from the transport agency would examine every support pier. "
    "She told reporters the city had asked the national government for emergency funding.",
    "Residents of the east bank described hearing loud cracking noises for several weeks beforehand. "
    "One shop owner said deliveries now take an hour longer because of the detours.",
    "The transport agency confirmed the structure had passed its last inspection eighteen months ago. "
    "Opposition councillors demanded the publication of every maintenance report since 2015.",
    "Engineers estimated that repairs to the damaged span could take at least six months. "
    "Temporary pontoon crossings for pedestrians are being considered by the council.",
    "Traffic on the ring road doubled as drivers looked for other ways across the water. "
    "Schools on the west bank allowed pupils to arrive late until the closure ends.",
]
OUTLETS = ["Harwick Gazette", "River Times", "Daily Courier", "North Post", "Evening Star", "Morning Ledger"]


def _article(i: int, hours: float) -> Article:
    return Article(
        id=f"bridge-{i}", text=f"{CORE} {EXTRAS[i % len(EXTRAS)]} {CORE}", url=f"https://news{i}.example/bridge",
        source=OUTLETS[i % len(OUTLETS)], title=f"Harwick river bridge collapse closes roads ({i})",
        published=NOW - timedelta(hours=hours),
    )


def _story_of(storage, article_id: str) -> int:
    return storage.article(article_id).story_id


@pytest.fixture
def grouped(sqlite_storage, config):
    """Four reports of one story, clustered and written."""
    sqlite_storage.add_articles([_article(i, 10 - i) for i in range(4)])
    process(sqlite_storage, config, now=NOW - timedelta(hours=5))
    sids = {_story_of(sqlite_storage, f"bridge-{i}") for i in range(4)}
    assert len(sids) == 1, "the four reports must start as one story"
    return sqlite_storage, config, sids.pop()


def test_split_applies_at_once_and_survives_new_articles(grouped):
    storage, config, sid = grouped
    old, new = split_story(storage, sid, ["bridge-2", "bridge-3"], by="editor1", now=NOW - timedelta(hours=4))
    assert new.id != sid and set(new.article_ids) == {"bridge-2", "bridge-3"}
    assert set(old.article_ids) == {"bridge-0", "bridge-1"}
    assert {s.id for s in storage.changed_stories()} >= {sid, new.id}  # both digests get rewritten
    must, cannot = storage.constraints_for(["bridge-0"])
    assert frozenset(("bridge-0", "bridge-2")) in cannot and frozenset(("bridge-0", "bridge-1")) in must
    assert ("bridge-0", "bridge-2", "cannot", "editor1") in storage.list_constraints()

    # New reports that read like both halves arrive and the pipeline runs again.
    storage.add_articles([_article(i, 3 - i * 0.5) for i in (4, 5)])
    process(storage, config, now=NOW)
    assert _story_of(storage, "bridge-0") == _story_of(storage, "bridge-1") == sid
    assert _story_of(storage, "bridge-2") == _story_of(storage, "bridge-3") == new.id
    assert {_story_of(storage, "bridge-4"), _story_of(storage, "bridge-5")} <= {sid, new.id}
    assert storage.story(new.id).status == "active" and storage.story(sid).status == "active"


def test_without_the_recorded_constraints_the_halves_would_merge_again(grouped):
    # The control for the test above: the constraints are what keeps the split.
    storage, config, sid = grouped
    split_story(storage, sid, ["bridge-2", "bridge-3"], now=NOW - timedelta(hours=4))
    with storage.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM story_constraints")
    storage.add_articles([_article(i, 3 - i * 0.5) for i in (4, 5)])
    process(storage, config, now=NOW)
    assert len({_story_of(storage, f"bridge-{i}") for i in range(6)}) == 1


def test_merge_survives_and_a_later_split_wins(grouped):
    storage, config, sid = grouped
    _, new = split_story(storage, sid, ["bridge-3"], now=NOW - timedelta(hours=4))
    merged = merge_stories(storage, sid, new.id, by="editor2", now=NOW - timedelta(hours=3))
    assert merged.id == sid and merged.article_count == 4
    assert storage.story(new.id).status == "merged" and storage.merged_into(new.id) == sid
    must, cannot = storage.constraints_for(["bridge-3"])
    assert frozenset(("bridge-0", "bridge-3")) in must and not cannot  # the latest decision wins
    storage.add_articles([_article(i, 2 - i * 0.2) for i in (4, 5)])
    process(storage, config, now=NOW)
    assert len({_story_of(storage, f"bridge-{i}") for i in range(6)}) == 1
    assert _story_of(storage, "bridge-3") == sid


def test_bad_corrections_are_refused(grouped):
    storage, _, sid = grouped
    with pytest.raises(NotFound):
        split_story(storage, 999, ["bridge-0"])
    with pytest.raises(NotFound):
        split_story(storage, sid, ["not-in-story"])
    with pytest.raises(GroupingError):
        split_story(storage, sid, [f"bridge-{i}" for i in range(4)])
    with pytest.raises(GroupingError):
        merge_stories(storage, sid, sid)
    with pytest.raises(NotFound):
        merge_stories(storage, sid, 999)


def nd(*args: str, db) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsdigest", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_split_and_merge(grouped, tmp_path):
    storage, _, sid = grouped
    db = storage.engine.url.database
    before = nd("stories", "--json", db=db)
    assert before.returncode == 0 and json.loads(before.stdout)[0]["story_id"] == sid
    r = nd("stories", "split", str(sid), "bridge-2", "bridge-3", "--json", db=db)
    assert r.returncode == 0, r.stderr
    old, new = json.loads(r.stdout)
    assert set(new["article_ids"]) == {"bridge-2", "bridge-3"} and old["story_id"] == sid
    assert new["digest"] is None  # 2 articles: under digest_min_articles (3), so no digest
    listed = {s["story_id"]: s for s in json.loads(nd("stories", "--json", db=db).stdout)}
    assert set(listed) == {sid, new["story_id"]}

    r = nd("stories", "merge", str(sid), str(new["story_id"]), db=db)
    assert r.returncode == 0, r.stderr
    assert "merged story" in r.stderr
    listed = json.loads(nd("stories", "--json", db=db).stdout)
    assert [s["story_id"] for s in listed] == [sid] and listed[0]["article_count"] == 4

    for bad in (["stories", "split", "999", "bridge-0"], ["stories", "merge", str(sid), "999"],
                ["stories", "split", str(sid), "nope"], ["stories", "merge", str(sid), str(new["story_id"])]):
        r = nd(*bad, db=db)
        assert r.returncode != 0 and "error:" in r.stderr and "Traceback" not in r.stderr, bad


def test_a_merged_storys_digest_moves_to_the_kept_story(sqlite_storage, config):
    """After a merge the absorbed digest is retired and its address redirects (301) to the kept one."""
    from starlette.testclient import TestClient

    import web_sample
    from newsdigest import publish
    from newsdigest.web.app import create_app

    web_sample.fill(sqlite_storage)
    a, b = [d for d in sqlite_storage.latest_digests(10) if publish.is_publishable(d)][:2]
    sqlite_storage.merge_story(b.story_id, a.story_id)
    assert sqlite_storage.digest_for_story(b.story_id).status == "merged"
    client = TestClient(create_app(config, sqlite_storage, cache_seconds=0))
    resp = client.get(publish.digest_path(b), follow_redirects=False)
    assert resp.status_code == 301 and resp.headers["location"] == publish.digest_path(a)
