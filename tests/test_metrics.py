"""/metrics: Prometheus text from the database, only for operators' networks; JSON logs."""

from __future__ import annotations

import json
import logging

from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from newsdigest.logs import JSONFormatter
from newsdigest.records import Article, Source
from newsdigest.web.app import create_app


def test_metrics_from_the_database_and_only_for_admin_networks(sqlite_storage, config):
    src = sqlite_storage.add_source(Source(name="A", url="https://a.example/feed"))
    sqlite_storage.record_fetch(src.id, status="error", error="fetch: timed out")
    sqlite_storage.add_articles([Article(id="x", text="t")])
    run = sqlite_storage.start_run()
    sqlite_storage.finish_run(run, status="done", stats={"stage_seconds": {"fetch": 1.5}, "fetch_outcomes": {"error": 1},
                                                         "new_articles": 1, "digests_written": 0})
    app = create_app(config, sqlite_storage)
    inside = TestClient(app, client=("127.0.0.1", 5000))
    resp = inside.get("/metrics")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
    values = {(s.name, tuple(sorted(s.labels.items()))): s.value
              for fam in text_string_to_metric_families(resp.text) for s in fam.samples}
    assert values[("newsdigest_articles", ())] == 1
    assert values[("newsdigest_queue_articles", (("stage", "new"),))] == 1
    assert values[("newsdigest_source_errors", (("source", "A"),))] == 1
    assert values[("newsdigest_last_run_stage_seconds", (("stage", "fetch"),))] == 1.5
    outside = TestClient(app, client=("203.0.113.9", 5000))
    assert outside.get("/metrics").status_code == 403


def test_json_logs_carry_context():
    rec = logging.LogRecord("newsdigest.ingest", logging.INFO, __file__, 1, "page failed", (), None)
    rec.source, rec.url, rec.story_id = "Harbor Daily", "https://h.example/a", 7
    out = json.loads(JSONFormatter().format(rec))
    assert out["source"] == "Harbor Daily" and out["url"] == "https://h.example/a" and out["story_id"] == 7
    assert out["message"] == "page failed" and out["level"] == "info"
