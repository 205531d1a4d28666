"""The optional LLM writer behind the pipeline's seam: used only when configured, and a
refused draft publishes the extractive digest with the reason kept for editors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from llm_server import LLMServer, Reply

from newsdigest.pipeline import process
from newsdigest.records import Article

T0 = datetime.now(UTC) - timedelta(hours=5)
BODY = (
    "Workers at the port of Calloway walked out on Tuesday over pay and automation, halting container traffic. "
    "The union said 1,800 members joined the strike after talks with the port authority collapsed on Monday night. "
    "“We are not going anywhere until the automation plan is off the table,” said union leader Femi Adeyemi. "
    "The port authority said it remained open to talks and called the walkout premature. "
    "Shipping lines warned of delays for importers across the region as ships queued offshore. "
)


def _articles() -> list[Article]:
    # Three independent reports (not wire copies): each outlet writes its own story.
    texts = [
        BODY,
        "Container traffic at Calloway stopped on Tuesday as about 1,800 dock workers struck in a row over wages "
        "and the spread of automated cranes. Union leader Femi Adeyemi told a rally outside the gates that members "
        "would stay out as long as it took. Port managers called the strike premature and said their offer was fair. "
        "Freight companies said dozens of vessels were waiting at anchor and some cargo would be diverted elsewhere.",
        "Importers are bracing for weeks of delays after dockers in Calloway began an open-ended strike on Tuesday. "
        "The dispute centres on a plan to automate container handling, which the union says threatens hundreds of "
        "jobs, and on a pay offer members rejected. The port authority said it was ready to return to the table. "
        "Retailers said shelves could feel the effect within a fortnight if the ships stay stuck offshore.",
    ]
    return [
        Article(id=f"a{i}", text=t, source=f"Outlet {i}", title="Port workers strike over pay and automation",
                published=T0 + timedelta(minutes=10 * i))
        for i, t in enumerate(texts)
    ]


def test_refused_llm_draft_falls_back_with_a_visible_reason(sqlite_storage, config):
    sqlite_storage.add_articles(_articles())
    with LLMServer() as server:
        server.script(Reply.completion("this is not json"), Reply.completion("still not json"))
        cfg = config.replace(llm_url=server.url, llm_model="test-model", digest_min_articles=2)
        report = process(sqlite_storage, cfg)
    assert report.digests_written == 1 and report.llm_fallbacks == 1
    digest = sqlite_storage.latest_digests()[0]
    assert digest.writer == "extractive"
    assert digest.writer_note.startswith("LLM draft refused:")


def test_without_llm_settings_no_request_is_made(sqlite_storage, config):
    sqlite_storage.add_articles(_articles())
    with LLMServer() as server:
        report = process(sqlite_storage, config.replace(digest_min_articles=2))
        assert server.requests == []
    assert report.digests_written == 1 and report.llm_fallbacks == 0
    assert sqlite_storage.latest_digests()[0].writer_note == ""
