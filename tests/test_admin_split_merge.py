"""Editors split and merge stories in ``/admin/``: the same ``grouping`` functions as the
CLI, an ``edits`` row naming the editor, messages (not 500s) for bad input, CSRF refused.

The stories are made by the real pipeline (analyse, dedupe, cluster, write) from articles
on a real SQLite file, once per module; each test gets its own copy of that file. The
browser test splits a story in a real chromium, runs the pipeline again with a new report
that reads like both halves, and checks the halves stay apart on the public site.
"""

from __future__ import annotations

import re
import shutil
from html import unescape
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from browser_helpers import free_port, serve_app
from browser_helpers import shot as _shot
from conftest import cheap_argon2
from newsdigest import auth, publish
from newsdigest.pipeline import process
from newsdigest.records import Article
from newsdigest.settings import load_config
from newsdigest.storage import Storage, open_storage
from newsdigest.storage.schema_admin import edits
from newsdigest.web import create_app

LOCAL = ("127.0.0.1", 41000)
PASSWORD = "correct horse battery"
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)  # fresh: no archive gate

BRIDGE = (
    "The Harwick river bridge partly collapsed on Monday after engineers warned of cracks "
    "in its central span."
)
RESCUE = [
    "Divers searched the river below for debris while police kept onlookers away from the banks. "
    "Ferry operators added extra crossings for stranded commuters during the evening rush.",
    "Residents of the east bank described hearing loud cracking noises for several weeks beforehand. "
    "One shop owner said deliveries now take an hour longer because of the detours.",
    "Traffic on the ring road doubled as drivers looked for other ways across the water. "
    "Schools on the west bank allowed pupils to arrive late until the closure ends.",
]
INQUIRY = [
    "Mayor Elena Ruiz said inspectors from the transport agency would examine every support pier. "
    "She told reporters the city had asked the national government for emergency funding.",
    "The transport agency confirmed the structure had passed its last inspection eighteen months ago. "
    "Opposition councillors demanded the publication of every maintenance report since 2015.",
    "Engineers estimated that repairs to the damaged span could take at least six months. "
    "Temporary pontoon crossings for pedestrians are being considered by the council.",
]
PORT = (
    "Dock workers at the port of Kelling walked out on Tuesday in a dispute over night-shift pay, "
    "leaving container ships waiting at anchor in the bay."
)
PORT_OUTLETS = ("Harbour News", "Coast Herald", "Daily Courier")
PORT_EXTRAS = [
    "The union said talks with the port authority had broken down after six weeks.",
    "Shipping lines warned that supermarket deliveries could be delayed by the end of the week.",
    "The port authority said it remained open to mediation and regretted the disruption.",
]


def _bridge(aid: str, outlet: str, title: str, extra: str, hours: float) -> Article:
    return Article(
        id=aid, text=f"{BRIDGE} {extra} {BRIDGE}", url=f"https://{aid}.example/bridge", source=outlet,
        title=title, published=NOW - timedelta(hours=hours),
    )


def articles() -> list[Article]:
    """One bridge story of seven reports (one a wire reprint) and one port strike story."""
    rescue = [
        _bridge("rescue-1", "Harwick Gazette", "Harwick river bridge collapse: divers search", RESCUE[0], 10),
        _bridge("rescue-2", "River Times", "Harwick river bridge collapse: cracks heard", RESCUE[1], 9.5),
        _bridge("rescue-3", "Daily Courier", "Harwick river bridge collapse: ring road jammed", RESCUE[2], 9),
    ]
    reprint = Article(
        id="rescue-1-wire", text=rescue[0].text, url="https://wire.example/bridge", source="Wire Reprints",
        title="Harwick river bridge collapse: divers search", published=NOW - timedelta(hours=8.5),
    )
    inquiry = [
        _bridge("inquiry-1", "North Post", "Harwick river bridge collapse: piers inspected", INQUIRY[0], 8),
        _bridge("inquiry-2", "Evening Star", "Harwick river bridge collapse: last inspection", INQUIRY[1], 7.5),
        _bridge("inquiry-3", "Morning Ledger", "Harwick river bridge collapse: six months of repairs", INQUIRY[2], 7),
    ]
    port = [
        Article(
            id=f"port-{i}", text=f"{PORT} {extra} {PORT}", url=f"https://port{i}.example/strike",
            source=outlet, title=f"Kelling dock workers strike over night-shift pay ({i})",
            published=NOW - timedelta(hours=6 - i),
        )
        for i, (outlet, extra) in enumerate(zip(PORT_OUTLETS, PORT_EXTRAS, strict=True))
    ]
    return [*rescue, reprint, *inquiry, *port]


BOTH = (  # words of both halves, in sentences of its own (not a reprint of either)
    "Police divers kept searching the river for debris on Tuesday while inspectors from the transport "
    "agency examined every support pier. Mayor Elena Ruiz repeated her call for emergency funding, and "
    "ferry operators kept the extra crossings for stranded commuters."
)


def both_halves() -> Article:
    """A later report that reads like both halves of the bridge story."""
    return Article(
        id="both-1", url="https://late.example/bridge", source="Late Edition",
        title="Harwick river bridge collapse: divers and inspectors",
        text=f"{BRIDGE} {BOTH} {BRIDGE}", published=NOW - timedelta(hours=2),
    )


RESCUE_IDS = ["rescue-1", "rescue-2", "rescue-3", "rescue-1-wire"]
INQUIRY_IDS = ["inquiry-1", "inquiry-2", "inquiry-3"]


def make_config(db: Path, base: str = "http://testserver") -> Any:
    return load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.0/8"}).replace(
        database_url=str(db), site_url=base, site_title="The Daily Digest", secret_key="k" * 48
    )


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two stories, clustered and written once by the real pipeline."""
    db = tmp_path_factory.mktemp("split-merge") / "template.db"
    storage = open_storage(str(db))
    try:
        storage.add_articles(articles())
        process(storage, make_config(db), now=NOW - timedelta(hours=5))
        stories = {storage.article(a.id).story_id for a in articles()}
        assert len(stories) == 2, "the bridge and port reports must start as two stories"
        with cheap_argon2():
            auth.add_user(storage, "alice", PASSWORD)
    finally:
        storage.close()
    return db


@pytest.fixture
def site(template_db: Path, tmp_path: Path) -> Iterator[Storage]:
    db = tmp_path / "news.db"
    shutil.copyfile(template_db, db)
    storage = open_storage(str(db))
    yield storage
    storage.close()


def story_of(storage: Storage, article_id: str) -> int:
    sid = storage.article(article_id).story_id
    assert sid is not None
    return sid


@pytest.fixture
def client(site: Storage, cheap_hashing: None) -> Iterator[TestClient]:
    with TestClient(create_app(make_config(Path(site.engine.url.database)), site, cache_seconds=0),
                    client=LOCAL, follow_redirects=False) as c:
        page = c.get("/admin/login")
        r = c.post("/admin/login", data={"csrf_token": token_in(page.text), "name": "alice",
                                         "password": PASSWORD, "next": "/admin/"})
        assert r.status_code == 303, r.text
        yield c


def token_in(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field on the page"
    return m.group(1)


def edit_rows(storage: Storage) -> list[Any]:
    with storage.engine.connect() as conn:
        return list(conn.execute(sa.select(edits).order_by(edits.c.id)))


def text_of(html: str) -> str:
    """The page's text with tags out and whitespace made single, for messages."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# ---------------------------------------------------------------------- the page


def test_story_page_lists_the_articles_to_split_and_stories_to_merge_into(client, site) -> None:
    bridge, port = story_of(site, "rescue-1"), story_of(site, "port-0")
    html = client.get(f"/admin/stories/{bridge}").text
    assert f'action="/admin/stories/{bridge}/split"' in html
    assert f'action="/admin/stories/{bridge}/merge"' in html
    for aid in RESCUE_IDS + INQUIRY_IDS:
        assert f'name="article" value="{aid}"' in html
    page = text_of(html)
    assert "Harwick river bridge collapse: piers inspected" in page and "Morning Ledger" in page
    assert page.count("reprint of Harwick Gazette") == 1  # the wire copy, marked as such
    assert re.search(rf'<option value="{port}">{port} — ', html)  # the other story is offered
    assert f'<option value="{bridge}">' not in html  # not the story itself


# ---------------------------------------------------------------------- split


def test_split_moves_the_ticked_articles_and_records_the_editor(client, site) -> None:
    bridge = story_of(site, "rescue-1")
    before = site.digest_for_story(bridge)
    token = token_in(client.get(f"/admin/stories/{bridge}").text)
    r = client.post(f"/admin/stories/{bridge}/split", data={"csrf_token": token, "article": INQUIRY_IDS})
    assert r.status_code == 303
    new = story_of(site, "inquiry-1")
    assert new != bridge and r.headers["location"] == f"/admin/stories/{bridge}?new={new}&done=split"
    assert {story_of(site, a) for a in INQUIRY_IDS} == {new}
    assert {story_of(site, a) for a in RESCUE_IDS} == {bridge}

    shown = text_of(client.get(r.headers["location"]).text)
    assert "Split: the ticked articles are now a story of their own." in shown
    assert f"Open the new story ({new})" in shown and f"3 articles moved to story {new}" in shown

    # The same records as `newsdigest stories split`: constraints by the editor, both stories to rewrite.
    must, cannot = site.constraints_for(["rescue-2"])
    assert frozenset(("rescue-2", "inquiry-1")) in cannot and frozenset(("rescue-1", "rescue-2")) in must
    assert ("inquiry-1", "rescue-1", "cannot", "alice") in site.list_constraints()
    assert {s.id for s in site.changed_stories()} >= {bridge, new}
    logged = [(e.story_id, e.user_name, e.via, e.action, e.digest_id) for e in edit_rows(site)]
    assert logged == [(bridge, "alice", "admin", "split", before.id), (new, "alice", "admin", "split", None)]
    assert edit_rows(site)[0].detail == {"new_story": new, "moved": INQUIRY_IDS}
    # Nothing public changes until the next run writes the digests again.
    assert site.digest_for_story(bridge).version == before.version


@pytest.mark.parametrize(
    "ticked,message",
    [
        ([], "Tick at least one article to move into a new story."),
        (RESCUE_IDS + INQUIRY_IDS, "Leave at least one article in this story"),
        (["port-0"], "has no article port-0"),
        (["inquiry-1", "no-such-article"], "has no article no-such-article"),
    ],
)
def test_bad_splits_are_explained_and_change_nothing(client, site, ticked, message) -> None:
    bridge = story_of(site, "rescue-1")
    token = token_in(client.get(f"/admin/stories/{bridge}").text)
    r = client.post(f"/admin/stories/{bridge}/split", data={"csrf_token": token, "article": ticked})
    assert r.status_code == 400
    assert message in text_of(r.text) and 'class="admin-error"' in r.text
    assert {story_of(site, a) for a in RESCUE_IDS + INQUIRY_IDS} == {bridge}
    assert site.list_constraints() == [] and edit_rows(site) == []
    for aid in ticked:  # the editor's ticks are kept, to correct rather than redo
        if aid in RESCUE_IDS + INQUIRY_IDS:
            assert f'value="{aid}" checked' in r.text


def test_without_the_recorded_constraints_the_next_run_would_join_the_halves(client, site) -> None:
    # The control for the browser test: these reports are alike enough that only the
    # editor's recorded split keeps them apart.
    bridge = story_of(site, "rescue-1")
    token = token_in(client.get(f"/admin/stories/{bridge}").text)
    _split(client, token, bridge, INQUIRY_IDS)
    with site.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM story_constraints")
    site.add_articles([both_halves()])
    process(site, make_config(Path(site.engine.url.database)), now=NOW)
    assert len({story_of(site, a) for a in [*RESCUE_IDS, *INQUIRY_IDS, "both-1"]}) == 1


def test_split_of_an_unknown_story_is_404(client, site) -> None:
    token = token_in(client.get("/admin/stories").text)
    r = client.post("/admin/stories/999/split", data={"csrf_token": token, "article": "rescue-1"})
    assert r.status_code == 404


# ---------------------------------------------------------------------- merge


def test_merge_asks_first_then_retires_the_digest_and_redirects_its_page(client, site) -> None:
    bridge, port = story_of(site, "rescue-1"), story_of(site, "port-0")
    kept_digest, gone_digest = site.digest_for_story(bridge), site.digest_for_story(port)
    assert kept_digest.status == gone_digest.status == "published"
    old_path = publish.digest_path(gone_digest)
    assert client.get(old_path).status_code == 200

    token = token_in(client.get(f"/admin/stories/{port}").text)
    ask = client.post(f"/admin/stories/{port}/merge", data={"csrf_token": token, "into": str(bridge)})
    assert ask.status_code == 200 and story_of(site, "port-0") == port  # nothing done yet
    assert f"Merge this story into story {bridge}," in text_of(ask.text)
    assert f'name="into_id" value="{bridge}"' in ask.text and 'name="confirm" value="yes"' in ask.text

    r = client.post(f"/admin/stories/{port}/merge",
                    data={"csrf_token": token, "into_id": str(bridge), "confirm": "yes"})
    assert r.status_code == 303 and r.headers["location"] == f"/admin/stories/{bridge}?done=merge"
    assert {story_of(site, f"port-{i}") for i in range(3)} == {bridge}
    assert site.story(port).status == "merged" and site.merged_into(port) == bridge
    assert site.digest_for_story(port).status == "merged"
    assert bridge in {s.id for s in site.changed_stories()}
    shown = text_of(client.get(r.headers["location"]).text)
    assert "Merged: the other story's articles are now part of this one" in shown
    assert f"story {port} merged into this one (3 articles)" in shown
    logged = [(e.story_id, e.user_name, e.action, e.detail) for e in edit_rows(site)]
    assert logged == [
        (bridge, "alice", "merge", {"absorbed_story": port, "articles": 3}),
        (port, "alice", "merge", {"into_story": bridge, "articles": 3}),
    ]
    assert frozenset(("port-0", "rescue-1")) in site.constraints_for(["port-0"])[0]

    # The retired digest's address moves to the kept story's page, permanently.
    moved = client.get(old_path)
    assert moved.status_code == 301 and moved.headers["location"] == publish.digest_path(kept_digest)
    # Its admin page says where it went and offers no more actions on it.
    gone_page = client.get(f"/admin/stories/{port}").text
    assert f"This story was merged into story {bridge}" in text_of(gone_page)
    assert "/merge" not in gone_page and "/split" not in gone_page and "/publish" not in gone_page
    assert client.post(f"/admin/stories/{port}/publish", data={"csrf_token": token}).status_code == 409


@pytest.mark.parametrize(
    "form,message",
    [
        ({}, "Choose the story to merge this one into."),
        ({"into_id": "abc"}, "“abc” is not a story number."),
        ({"into_id": "999", "confirm": "yes"}, "There is no story 999."),
        ({"into": "SELF", "confirm": "yes"}, "A story cannot be merged into itself"),
    ],
)
def test_bad_merges_are_explained_and_change_nothing(client, site, form, message) -> None:
    bridge = story_of(site, "rescue-1")
    form = {k: (str(bridge) if v == "SELF" else v) for k, v in form.items()}
    token = token_in(client.get(f"/admin/stories/{bridge}").text)
    r = client.post(f"/admin/stories/{bridge}/merge", data={"csrf_token": token, **form})
    assert r.status_code == 400 and message in text_of(r.text)
    assert site.story(bridge).status == "active" and site.list_constraints() == [] and edit_rows(site) == []


def test_merge_into_a_story_that_was_merged_away_is_refused(client, site) -> None:
    bridge, port = story_of(site, "rescue-1"), story_of(site, "port-0")
    token = token_in(client.get(f"/admin/stories/{bridge}").text)
    _, new = _split(client, token, bridge, INQUIRY_IDS)
    sure = {"csrf_token": token, "confirm": "yes"}
    first = client.post(f"/admin/stories/{new}/merge", data={**sure, "into_id": str(bridge)})
    assert first.status_code == 303
    r = client.post(f"/admin/stories/{port}/merge", data={**sure, "into_id": str(new)})
    assert r.status_code == 400 and f"Story {new} was merged into another story." in text_of(r.text)
    assert story_of(site, "port-0") == port


def _split(client: TestClient, token: str, story: int, ids: list[str]) -> tuple[int, int]:
    r = client.post(f"/admin/stories/{story}/split", data={"csrf_token": token, "article": ids})
    assert r.status_code == 303, r.text
    new = int(re.search(r"new=(\d+)", r.headers["location"]).group(1))  # type: ignore[union-attr]
    return story, new


def test_merging_retires_the_absorbed_digest_on_both_databases(storage) -> None:
    """``merge_stories`` (CLI and admin) retires the absorbed digest in the same transaction
    that moves the articles, so its address redirects at once, on SQLite and PostgreSQL."""
    from newsdigest.grouping import merge_stories
    from newsdigest.records import Digest, Paragraph, Story

    port = [a for a in articles() if a.id.startswith("port-")]
    storage.add_articles(port)
    storage.apply_regrouping([
        Story(id=1, article_ids=("port-0", "port-1"), first_seen=NOW, last_seen=NOW, title="one"),
        Story(id=2, article_ids=("port-2",), first_seen=NOW, last_seen=NOW, title="two"),
    ])
    for sid in (1, 2):
        storage.save_digest(Digest(sid, f"Story {sid}", "Lede.", (Paragraph("Lede.", ()),), (), (),
                                   slug=f"story-{sid}", published=NOW))
    merge_stories(storage, 1, 2, by="alice")
    assert storage.digest_for_story(2).status == "merged" and storage.digest_by_slug("story-2") is None
    assert storage.merged_digest("story-2").story_id == 1
    assert {storage.article(a.id).story_id for a in port} == {1}


# ---------------------------------------------------------------------- refusals


def test_split_and_merge_refuse_without_a_valid_csrf_token(client, site) -> None:
    bridge, port = story_of(site, "rescue-1"), story_of(site, "port-0")
    for token in (None, "forged"):
        data: dict[str, Any] = {"article": INQUIRY_IDS, "into_id": str(port), "confirm": "yes"}
        if token:
            data["csrf_token"] = token
        assert client.post(f"/admin/stories/{bridge}/split", data=data).status_code == 403
        assert client.post(f"/admin/stories/{bridge}/merge", data=data).status_code == 403
    assert {story_of(site, a) for a in RESCUE_IDS + INQUIRY_IDS} == {bridge}
    assert site.story(port).status == "active" and site.list_constraints() == [] and edit_rows(site) == []


def test_split_and_merge_need_a_session(site) -> None:
    app = create_app(make_config(Path(site.engine.url.database)), site, cache_seconds=0)
    bridge = story_of(site, "rescue-1")
    with TestClient(app, client=LOCAL, follow_redirects=False) as c:
        token = token_in(c.get("/admin/login").text)
        r = c.post(f"/admin/stories/{bridge}/split", data={"csrf_token": token, "article": "inquiry-1"})
        assert r.status_code == 403 and site.list_constraints() == []


# ---------------------------------------------------------------------- in a real browser


@pytest.mark.browser
def test_editor_splits_in_the_browser_and_the_next_run_keeps_it(site, browser, tmp_path, cheap_hashing) -> None:
    bridge = story_of(site, "rescue-1")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = make_config(Path(site.engine.url.database), base)
    with serve_app(create_app(config, site, cache_seconds=0), port):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))

        page.goto(f"{base}/admin/stories/{bridge}")
        page.fill("#login-name", "alice")
        page.fill("#login-password", PASSWORD)
        page.click("main button[type=submit]")
        assert page.url == f"{base}/admin/stories/{bridge}"

        # Nothing ticked: a message, not an error page.
        page.click(".admin-split button[type=submit]")
        error = page.locator(".admin-error").inner_text()
        assert error == "Tick at least one article to move into a new story."
        problems.clear()  # the browser logs the refused form's 400 on purpose

        for aid in INQUIRY_IDS:
            page.check(f'.admin-split input[value="{aid}"]')
        _shot(page, "admin-split-ticked")
        page.click(".admin-split button[type=submit]")
        page.wait_for_url(re.compile(r".*[?&]done=split$"))
        done = page.locator(".admin-done").inner_text()
        assert done.startswith("Split: the ticked articles are now a story of their own."), done
        new = story_of(site, "inquiry-1")
        assert new != bridge and f"Open the new story ({new})" in done, (bridge, new, page.url, done)
        assert page.locator(".admin-split input[name=article]").count() == len(RESCUE_IDS)
        assert "alice (admin): split" in page.locator("#log-h + .admin-log").inner_text()
        _shot(page, "admin-split-done")
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: the controls fit its width
        page.reload()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the story page scrolls sideways by {overflow}px"
        _shot(page, "admin-split-phone")

        # A new report that reads like both halves arrives, and the pipeline runs again.
        site.add_articles([both_halves()])
        report = process(site, config, now=NOW)
        assert not report.errors, report.errors
        assert {story_of(site, a) for a in RESCUE_IDS} == {bridge}  # the split survives the run
        assert {story_of(site, a) for a in INQUIRY_IDS} == {new}
        assert story_of(site, "both-1") in {bridge, new}
        assert site.story(bridge).status == site.story(new).status == "active"

        # The public site shows two stories, each citing only its own half.
        halves = {bridge: site.digest_for_story(bridge), new: site.digest_for_story(new)}
        assert all(d is not None and d.status == "published" for d in halves.values()), halves
        page.goto(base + "/")
        for d in halves.values():
            assert page.locator(f'main a[href="{publish.digest_path(d)}"]').count() > 0
        for sid, digest in halves.items():
            page.goto(base + publish.digest_path(digest))
            assert page.locator("h1").inner_text() == digest.headline
            cited = {a.article_id for a in digest.relevant_articles}
            own = set(RESCUE_IDS if sid == bridge else INQUIRY_IDS)
            assert cited & own and cited <= own | {"both-1"}, (sid, cited)
        _shot(page, "admin-split-public")
        assert not problems, problems
        context.close()
