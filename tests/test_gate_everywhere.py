"""The archive gate holds wherever a digest leaves the site: the feeds and the API read no
cookie, so they give anyone an archived digest's lede only, as its page does; an editor's
API token reads it whole; a locked page keeps the body's facts out of its timeline too."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from starlette.testclient import TestClient

from newsdigest import auth
from newsdigest.records import Article
from test_subscribe import FIRE, client, env, locked, make_client, smtp  # noqa: F401 (fixtures)

BODY_WORDS = "Halgrid chief executive"  # in the archived fire digest's body, not in its lede
LEDE_WORDS = "180,000"  # in its lede
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM = "{http://www.w3.org/2005/Atom}"


def _fire_story(storage) -> int:
    return next(d.story_id for d in storage.latest_digests(100) if d.slug == FIRE.strip("/").split("/")[-1])


def test_feeds_give_an_archived_digest_by_its_lede(env, smtp, client: TestClient) -> None:
    assert locked(client.get(FIRE).text)
    rss = ET.fromstring(client.get("/feed.xml").content)
    item = next(i for i in rss.iter("item") if i.findtext("link").endswith(FIRE))
    assert LEDE_WORDS in item.findtext(CONTENT) and BODY_WORDS not in item.findtext(CONTENT)
    atom = ET.fromstring(client.get("/atom.xml").content)
    entry = next(e for e in atom.iter(ATOM + "entry") if e.findtext(ATOM + "id").endswith(FIRE))
    assert LEDE_WORDS in entry.findtext(ATOM + "content") and BODY_WORDS not in entry.findtext(ATOM + "content")
    feed = json.loads(client.get("/feed.json").content)
    item = next(i for i in feed["items"] if i["url"].endswith(FIRE))
    assert LEDE_WORDS in item["content_html"] and BODY_WORDS not in item["content_html"]
    story = _fire_story(env[0])
    topic = next(t.slug for t in env[0].topics() if env[0].topic_digests(t.slug)[0].story_id == story)
    for path in (f"/stories/{story}/feed.xml", f"/stories/{story}/atom.xml",
                 f"/topics/{topic}/feed.xml", f"/topics/{topic}/atom.xml"):
        r = client.get(path, follow_redirects=True)
        assert r.status_code == 200 and LEDE_WORDS in r.text and BODY_WORDS not in r.text, path
    # A fresh digest is whole in the feed.
    fresh = next(i for i in json.loads(client.get("/feed.json").content)["items"] if "fresh-story-today" in i["url"])
    assert "readers should know about" in fresh["content_html"]


def test_feeds_are_whole_when_the_gate_is_off(env, smtp) -> None:
    with make_client(env, smtp, archive_gate_days=0) as c:
        item = next(i for i in json.loads(c.get("/feed.json").content)["items"] if i["url"].endswith(FIRE))
        assert BODY_WORDS in item["content_html"]


def test_the_api_gives_an_archived_digest_by_its_lede_but_whole_to_an_editor(env, smtp, client: TestClient) -> None:
    storage = env[0]
    story = _fire_story(storage)
    anyone = client.get(f"/api/digests/{story}").json()
    assert anyone["archived"] is True and len(anyone["paragraphs"]) == 1
    assert BODY_WORDS not in json.dumps(anyone) and LEDE_WORDS in anyone["paragraphs"][0]["text"]
    assert all(q["text"] in anyone["paragraphs"][0]["text"] for q in anyone["quotes"])
    listed = next(d for d in client.get("/api/digests?per_page=50").json()["items"] if d["story_id"] == story)
    assert listed["archived"] is True and BODY_WORDS not in json.dumps(listed)
    auth.add_user(storage, "alice", "correct horse battery staple")
    token = auth.new_api_token(storage, "alice", "tests")
    r = client.get(f"/api/digests/{story}", headers={"Authorization": f"Bearer {token}"})
    whole = r.json()
    assert whole["archived"] is True and len(whole["paragraphs"]) > 1 and BODY_WORDS in json.dumps(whole)
    assert r.headers["cache-control"] == "no-store"


def test_a_locked_page_leaves_out_its_timeline(env, smtp, client: TestClient) -> None:
    storage, digests = env[0], env[1]
    fire = next(d for d in digests if d.slug == FIRE.strip("/").split("/")[-1])
    storage.add_articles([
        Article(id=ra.article_id, text=f"{ra.title}. Halgrid chief executive Maria Olsen spoke to reporters.",
                url=ra.url, source=ra.outlet, title=ra.title, published=ra.published)
        for ra in fire.relevant_articles
    ])
    page = client.get(FIRE).text
    assert locked(page) and 'id="timeline-h"' not in page
    with make_client(env, smtp, archive_gate_days=0) as c:
        assert 'id="timeline-h"' in c.get(FIRE).text
