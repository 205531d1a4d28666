"""An editor at work in a real browser (Debian's chromium via Playwright): log in, edit a
headline, moderate a comment, log out. A real app on a real SQLite file is served by
uvicorn on 127.0.0.1 (an admin network); screenshots go to tests/artifacts/admin-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import web_sample
from browser_helpers import free_port, serve_app
from browser_helpers import shot as _shot
from conftest import cheap_argon2
from newsdigest import auth, publish
from newsdigest.settings import load_config
from newsdigest.storage import Storage, open_storage
from newsdigest.web import create_app

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Storage]]:
    with cheap_argon2():  # for the whole module: every test logs in
        yield from _serve_site(tmp_path_factory)


def _serve_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Storage]]:
    storage = open_storage(str(tmp_path_factory.mktemp("admin-browser") / "news.db"))
    web_sample.fill(storage)
    auth.add_user(storage, "alice", PASSWORD)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = load_config(env={}).replace(site_url=base, site_title="The Daily Digest", secret_key="k" * 48)
    with serve_app(create_app(config, storage, cache_seconds=0), port):
        yield base, storage
    storage.close()


@pytest.mark.parametrize("width,height,kind", [(1280, 900, "desktop"), (390, 844, "phone")])
def test_editor_logs_in_edits_moderates_and_logs_out(
    site, browser, width: int, height: int, kind: str
) -> None:
    base, storage = site
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # A wrong password first: the form comes back with one message.
    page.goto(base + "/admin/stories/2")
    assert page.url.startswith(base + "/admin/login?next=")
    page.fill("#login-name", "alice")
    page.fill("#login-password", "wrong password")
    page.click("main button[type=submit]")
    assert page.locator(".admin-error").inner_text() == "Wrong user name or password."
    _shot(page, f"admin-login-{kind}")
    problems.clear()  # the browser logs the refused login's 401 on purpose

    page.fill("#login-password", PASSWORD)
    page.click("main button[type=submit]")
    assert page.url == base + "/admin/stories/2"  # back where the editor was going
    cookie = next(c for c in context.cookies() if c["name"] == "nd_admin")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/admin"

    page.goto(base + "/admin/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.locator("#top-h + .admin-scroll tbody tr").count() >= 4
    _shot(page, f"admin-dashboard-{kind}")

    # Edit a headline.
    page.goto(base + "/admin/stories/2")
    before = storage.digest_for_story(2)
    new_headline = f"Harbour bridge reopens to traffic after repair ({kind})"
    page.fill("#headline", new_headline)
    page.fill("#p1", "Officials said little more on Wednesday; more is expected this week.")
    page.click(".admin-edit button[type=submit]")
    assert page.locator(".admin-done").inner_text() == "Saved as a new version."
    assert page.locator("h1").inner_text() == new_headline
    assert page.locator("label[for=p1] .admin-tag").inner_text().lower() == "edited"
    assert "alice (admin): edit" in page.locator("#log-h + .admin-log").inner_text()
    after = storage.digest_for_story(2)
    assert after.version == before.version + 1 and after.headline == new_headline
    _shot(page, f"admin-story-{kind}")
    page.goto(base + publish.digest_path(after))
    assert page.locator("h1").inner_text() == new_headline

    # Moderate a comment (the reader side's queue).
    comment = storage.add_comment(
        after.id, "Reader", f"Good summary, thanks ({kind})", author_key=kind, ip_hash=kind
    )
    page.goto(base + "/admin/comments")
    item = page.locator(f"#comment-{comment.id}")
    assert f"Good summary, thanks ({kind})" in item.inner_text()
    _shot(page, f"admin-comments-{kind}")
    item.locator("button[value=approve]").click()
    assert page.locator(".admin-done").is_visible()
    assert page.locator(f"#comment-{comment.id}").count() == 0
    assert storage.comment(comment.id).status == "published"

    # No sideways scrolling on the editing page at this width.
    page.goto(base + "/admin/stories/2")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"admin page scrolls sideways by {overflow}px"

    page.click(".admin-logout button")
    assert page.url == base + "/admin/login"
    page.goto(base + "/admin/")
    assert page.url.startswith(base + "/admin/login")
    assert not problems, problems
    context.close()
