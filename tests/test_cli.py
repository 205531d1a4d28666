"""The command line as other tools use it: exit codes, JSON keys, stdout/stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsdigest.demo.server import serve_sample


def nd(*args: str, db: Path, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "NEWSDIGEST_FETCH_HOST_DELAY": "0",
                **(env or {})}
    full_env.pop("NEWSDIGEST_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "newsdigest", "--db", str(db), *args], capture_output=True, text=True,
                          env=full_env, input=input, timeout=600)


def test_sources_add_list_refuse(tmp_path):
    db = tmp_path / "cli.db"
    ok = nd("sources", "add", "https://news.example.org/feed.xml", "--name", "Example News", db=db)
    assert ok.returncode == 0, ok.stderr
    for bad in (["sources", "add", "ftp://x.example/feed"], ["sources", "add", "javascript:alert(1)"],
                ["sources", "add", "https://news.example.org/feed.xml", "--name", "Again"]):
        r = nd(*bad, db=db)
        assert r.returncode != 0 and "error:" in r.stderr and "Traceback" not in r.stderr
    listed = json.loads(nd("sources", "list", "--json", db=db).stdout)
    assert listed[0]["name"] == "Example News"
    assert {"name", "url", "last_fetched", "error_count", "last_error"} <= set(listed[0])
    opml = nd("sources", "export", db=db).stdout
    assert "Example News" in opml and 'xmlUrl="https://news.example.org/feed.xml"' in opml
    (tmp_path / "in.opml").write_text(opml.replace("Example News", "Renamed").replace("news.example.org", "other.example.org"))
    assert nd("sources", "import", str(tmp_path / "in.opml"), db=db).returncode == 0
    assert len(json.loads(nd("sources", "list", "--json", db=db).stdout)) == 2


def test_run_stories_digest_export_import(tmp_path):
    db = tmp_path / "run.db"
    with serve_sample() as sample:
        for name, url in sample.feed_urls:
            assert nd("sources", "add", url, "--name", name, db=db).returncode == 0
        r = nd("run", "--json", db=db)
        assert r.returncode == 0, r.stderr
        summary = json.loads(r.stdout)
        assert summary["new_articles"] > 0 and summary["source_errors"] == 1
        again = json.loads(nd("run", "--json", db=db).stdout)
        assert again["new_articles"] == 0
    listed = json.loads(nd("sources", "list", "--json", db=db).stdout)
    broken = [s for s in listed if s["error_count"]]
    assert len(broken) == 1 and broken[0]["last_error"]

    stories = json.loads(nd("stories", "--json", db=db).stdout)
    with_digest = [s for s in stories if s["digest"]]
    assert with_digest and all("story_id" in s and s["article_ids"] for s in stories)
    d = json.loads(nd("digest", str(with_digest[0]["story_id"]), "--json", db=db).stdout)
    assert {"headline", "lede", "paragraphs", "quotes", "relevant_articles"} <= set(d)
    assert all({"text", "citations"} <= set(p) for p in d["paragraphs"])
    assert all({"article_id", "start", "end"} <= set(c) for p in d["paragraphs"] for c in p["citations"])
    no_digest = nd("digest", "999999", db=db)
    assert no_digest.returncode != 0 and "no digest" in no_digest.stderr

    exported = tmp_path / "all.jsonl"
    assert nd("export", "-o", str(exported), db=db).returncode == 0
    lines = exported.read_text().splitlines()
    assert len(lines) == sum(len(s["article_ids"]) for s in stories)
    # import into a fresh database keeps ids and carries them through to digests
    with exported.open("a") as fh:
        fh.write("{broken json\n")
    db2 = tmp_path / "imported.db"
    imp = nd("import", str(exported), db=db2)
    assert imp.returncode == 1 and f"line {len(lines) + 1}" in imp.stderr
    stories2 = json.loads(nd("stories", "--json", db=db2).stdout)
    ids = {i for s in stories2 for i in s["article_ids"]}
    assert ids == {json.loads(x)["id"] for x in lines}
    assert any(s["digest"] for s in stories2)


def test_quotes_and_summarize(tmp_path):
    text = ('The harbour reopened on Monday. “We are back in business,” said Maria Okafor, the port\'s chief executive.\r\n'
            'She added that crews had worked through the night. "Nobody expected this to take a week," she said.\n')
    f = tmp_path / "t.txt"
    f.write_bytes(text.encode("utf-8"))
    r = nd("quotes", str(f), "--json", db=tmp_path / "q.db")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert len(found) == 2
    for q in found:
        assert text[q["start"]:q["end"]] == q["text"]
        assert set(q) == {"text", "start", "end", "speaker", "role", "verb"}
        assert q["speaker"] == "Maria Okafor"

    arts = tmp_path / "a.jsonl"
    rows = [
        {"id": "x1", "source": "A", "title": "Harbour reopens after week-long closure",
         "text": "The harbour in Port Ellis reopened on Monday after a week-long closure caused by a storm. " * 3
         + "“We are back in business,” said Maria Okafor, the port's chief executive."},
        {"id": "x2", "source": "B", "title": "Port Ellis harbour back open",
         "text": "Ships returned to Port Ellis on Monday as the harbour reopened following storm damage. " * 3},
    ]
    arts.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    s = nd("summarize", str(arts), "--words", "30", "--json", db=tmp_path / "s.db")
    assert s.returncode == 0, s.stderr
    d = json.loads(s.stdout)
    assert sum(len(p["text"].split()) for p in d["paragraphs"]) <= 30
    assert {r["article_id"] for r in d["relevant_articles"]} == {"x1", "x2"}
    # Two whole sentences make 30 words; filled to 36, the quote's sentence is cut after 6.
    filled = nd("summarize", str(arts), "--words", "36", "--fill", "--json", db=tmp_path / "s.db")
    assert filled.returncode == 0, filled.stderr
    paragraphs = json.loads(filled.stdout)["paragraphs"]
    assert sum(len(p["text"].split()) for p in paragraphs) == 36
    assert paragraphs[-1]["text"] == "“We are back in business,” said…"


def test_config_show_redacts_and_user_errors_are_messages(tmp_path):
    r = nd("config", "show", "--json", db=tmp_path / "c.db", env={"NEWSDIGEST_SECRET_KEY": "s3cret"})
    assert r.returncode == 0 and "s3cret" not in r.stdout
    assert json.loads(r.stdout)["secret_key"] == "********"
    bad = nd("config", "show", db=tmp_path / "c.db", env={"NEWSDIGEST_FETCH_TIMEOUT": "never"})
    assert bad.returncode != 0 and "NEWSDIGEST_FETCH_TIMEOUT" in bad.stderr and "Traceback" not in bad.stderr
    nodir = nd("stories", db=tmp_path / "missing" / "x.db")
    assert nodir.returncode != 0 and "Traceback" not in nodir.stderr


def test_every_command_is_documented_in_the_readme():
    from newsdigest.cli import app, config_app, newsletter_app, sources_app, users_app

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    def name(c):  # Typer names a command after its function unless told otherwise
        return c.name or c.callback.__name__.rstrip("_").replace("_", "-")

    names = [f"newsdigest {name(c)}" for c in app.registered_commands]
    names += [f"sources {name(c)}" for c in sources_app.registered_commands]
    names += [f"config {name(c)}" for c in config_app.registered_commands]
    names += [f"newsletter {name(c)}" for c in newsletter_app.registered_commands]
    names += [f"users {name(c)}" for c in users_app.registered_commands]
    missing = [n for n in names if n not in readme]
    assert not missing, missing


def test_users_add_and_token(tmp_path):
    db = tmp_path / "u.db"
    ok = nd("users", "add", "ana", "--role", "admin", db=db, env={"NEWSDIGEST_NEW_PASSWORD": "correct horse battery"})
    assert ok.returncode == 0, ok.stderr
    short = nd("users", "add", "bob", db=db, env={"NEWSDIGEST_NEW_PASSWORD": "short"})
    assert short.returncode != 0 and "Traceback" not in short.stderr
    again = nd("users", "add", "ana", db=db, env={"NEWSDIGEST_NEW_PASSWORD": "another long one"})
    assert again.returncode != 0
    token = nd("users", "token", "ana", "--label", "ci", db=db)
    assert token.returncode == 0 and len(token.stdout.strip()) >= 20
    assert nd("users", "token", "nobody", db=db).returncode != 0
