"""Killing `newsdigest run` at any moment and running it again neither loses nor duplicates anything."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from newsdigest.demo.server import serve_sample


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun(tmp_path):
    db = tmp_path / "crash.db"
    env = {**os.environ, "NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "NEWSDIGEST_FETCH_HOST_DELAY": "0"}
    env.pop("NEWSDIGEST_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "newsdigest", "--db", str(db)]
    rng = random.Random(20261125)
    with serve_sample() as sample:
        for name, url in sample.feed_urls:
            subprocess.run([*cmd, "sources", "add", url, "--name", name], env=env, check=True, capture_output=True)
        kills = 0
        # Up to 12 runs, until 6 were killed mid-pass: on a fast machine a later run (most
        # of the work already stored) may finish before its kill time, which is fine.
        for _ in range(12):
            proc = subprocess.Popen([*cmd, "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.5, 6.0))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait(timeout=60)
            if kills >= 6:
                break
        assert kills >= 3, "the kills must land while the pass is working"
        final = subprocess.run([*cmd, "run", "--json"], env=env, capture_output=True, text=True, timeout=600)
        assert final.returncode == 0, final.stderr
        urls = {u for u in sample.article_urls.values()}

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT url, stage, story_id FROM articles").fetchall()
        stored = [r[0] for r in rows]
        assert len(stored) == len(set(stored)), "an article was stored twice"
        # every page the sample serves is stored once, except robots-disallowed ones the feed text could not replace
        assert len(urls - set(stored)) <= 1
        assert all(stage == "clustered" and story for _, stage, story in rows), "an article was left behind"
        per_story = con.execute(
            "SELECT s.id, s.article_count, COUNT(a.id) FROM stories s JOIN articles a ON a.story_id = s.id "
            "WHERE s.status != 'merged' GROUP BY s.id"
        ).fetchall()
        assert all(count == n for _, count, n in per_story), per_story
        assert con.execute("SELECT COUNT(*) FROM stories WHERE changed").fetchone()[0] == 0
        digests = con.execute("SELECT COUNT(*), COUNT(DISTINCT story_id), COUNT(DISTINCT slug) FROM digests").fetchone()
        assert digests[0] >= 4 and digests[0] == digests[1] == digests[2]
    finally:
        con.close()
