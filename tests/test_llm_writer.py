"""The optional LLM writer against a real OpenAI-compatible server on 127.0.0.1.

The server (tests/llm_server.py) answers scripted completions; the story is a small
fictional one told by two outlets, analysed by the real analyse stage. Every failure the
issue lists — an invented quote, a misattributed quote, an invented number or name,
malformed JSON, a timeout, 429 and 500 — must be caught, and the extractive digest
published instead with the reason recorded; a faithful answer must be accepted.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest

from llm_server import LLMServer, Reply
from newsdigest.analyse import analyse_many
from newsdigest.errors import NewsdigestError
from newsdigest.llm import LLMClient, LLMError
from newsdigest.records import Article
from newsdigest.verify import Draft, Evidence, verify
from newsdigest.write import write_digest
from newsdigest.write_llm import build_messages, select_facts, write_digest_llm

HERALD = """VELDMARK — The Orren Bridge in Veldmark was closed to all traffic on Monday after engineers found cracks in two of its steel supports, cutting the main road link between the city's north and south banks.
By Clara Voss
The Veldmark Roads Agency said inspectors discovered the damage during a routine check on Sunday evening and ordered the closure as a precaution.
About 42,000 vehicles cross the bridge on an average weekday, according to the agency.
“We will not reopen the Orren Bridge until every support has been tested and we are certain it is safe,” said Roads Agency director Piet Hollander.
Hollander said repairs could take up to six weeks, depending on what further tests show.
Buses are being diverted over the Kade Bridge, which adds about 20 minutes to most journeys.
Sign up for our newsletter to get the day's news in your inbox.
"""

COURIER = """Commuters in Veldmark faced long queues on Monday after the city's busiest bridge was shut because of structural damage.
The Orren Bridge, which opened in 1968, carries the main road between the north and south banks of the river.
Mayor Elsa Brandt said the city would pay for extra ferry services while the bridge is closed.
“Nobody should lose a day's pay because a bridge is broken, so the ferries will be free,” Brandt told reporters at the town hall.
Local shop owner Ruben Smit said trade had already fallen sharply.
“Half my customers come from the south bank, and today the shop was empty,” Smit said.
The Veldmark Roads Agency expects to publish a repair plan by Friday.
Click here to read more about the city's transport plans.
"""

MODEL = "test-model"
KEY = "sk-test-secret-4242"


@pytest.fixture(scope="module")
def story():
    articles = [
        Article(
            id="herald-1",
            text=HERALD,
            url="https://herald.example/orren",
            source="Veldmark Herald",
            title="Orren Bridge closed after cracks found in supports - Veldmark Herald",
            published=datetime(2026, 5, 4, 9, 0, tzinfo=UTC),
        ),
        Article(
            id="courier-1",
            text=COURIER,
            url="https://courier.example/bridge",
            source="River Courier",
            title="Bridge shutdown leaves Veldmark commuters queuing",
            published=datetime(2026, 5, 4, 11, 0, tzinfo=UTC),
        ),
    ]
    analyses = {a.article_id: a for a in analyse_many(articles)}
    base = write_digest(7, articles, analyses)
    facts = select_facts(base, articles)
    return articles, analyses, base, facts


@pytest.fixture
def server():
    with LLMServer() as srv:
        yield srv


def fid(facts, phrase: str) -> str:
    """The id of the fact containing ``phrase`` (the extractive writer picks the facts)."""
    ids = [f.id for f in facts if phrase in f.text]
    assert ids, f"no selected fact contains {phrase!r}: {[f.text for f in facts]}"
    return ids[0]


# A faithful rewrite, one paragraph per entry: (text, phrases of the facts it cites). The
# extractive writer decides which facts are selected, so a paragraph whose facts were not
# selected is left out rather than cite something the model was never given.
PARAPHRASES = [
    (
        (
            "Veldmark's Orren Bridge was closed to all traffic on Monday after engineers found cracks in two "
            "of its steel supports, cutting the main road link between the city's north and south banks."
        ),
        ["closed to all traffic"],
    ),
    (
        "The Veldmark Roads Agency said inspectors found the damage during a routine check on Sunday evening.",
        ["routine check"],
    ),
    ("About 42,000 vehicles use the bridge on an average weekday, according to the agency.", ["42,000"]),
    (
        (
            "Roads Agency director Piet Hollander said, “We will not reopen the Orren Bridge until every support "
            "has been tested and we are certain it is safe.” He said repairs could take up to six weeks."
        ),
        ["We will not reopen", "six weeks"],
    ),
    (
        "Buses are being diverted over the Kade Bridge, adding about 20 minutes to most journeys.",
        ["Kade Bridge"],
    ),
    ("Commuters faced long queues on Monday.", ["long queues"]),
    (
        (
            "Mayor Elsa Brandt said the city would pay for extra ferry services. “Nobody should lose a day's pay "
            "because a bridge is broken, so the ferries will be free,” Brandt told reporters."
        ),
        ["ferry services", "Nobody should lose"],
    ),
    (
        (
            "Local shop owner Ruben Smit said trade had already fallen sharply. “Half my customers come from the "
            "south bank, and today the shop was empty,” he said."
        ),
        ["fallen sharply", "Half my customers"],
    ),
    ("The agency expects to publish a repair plan by Friday.", ["repair plan"]),
]
HEADLINE = "Orren Bridge in Veldmark closed after cracks found in steel supports"


def good_answer(facts) -> dict:
    """The paraphrases whose facts were selected, citing those facts' ids."""
    paragraphs = []
    for text, phrases in PARAPHRASES:
        ids = [f.id for p in phrases for f in facts if p in f.text][: len(phrases)]
        if len({i for i in ids}) == len(phrases):
            paragraphs.append({"text": text, "sources": ids})
    assert len(paragraphs) >= 4, [f.text for f in facts]
    return {"headline": HEADLINE, "paragraphs": paragraphs}


def edited(answer: dict, old: str, new: str) -> dict:
    """``answer`` with ``old`` replaced by ``new`` in the paragraph that contains it."""
    out = json.loads(json.dumps(answer))
    hits = [p for p in out["paragraphs"] if old in p["text"]]
    assert hits, f"{old!r} is in no paragraph of the answer"
    hits[0]["text"] = hits[0]["text"].replace(old, new)
    return out


def client_for(server: LLMServer, **kw) -> LLMClient:
    kw.setdefault("timeout", 5.0)
    kw.setdefault("backoff", 0.01)
    return LLMClient(server.url, MODEL, api_key=KEY, **kw)


def run(story, server, *replies, **client_kw):
    articles, analyses, _, _ = story
    server.script(*replies)
    with client_for(server, **client_kw) as client:
        return write_digest_llm(7, articles, analyses, client=client)


def assert_fell_back(story, digest, outcome, expect: str) -> None:
    _, _, base, _ = story
    assert not outcome.accepted
    assert digest == base  # the extractive digest, unchanged
    assert digest.writer == "extractive" and outcome.writer == "extractive"
    assert expect in outcome.fallback_reason, outcome.reasons
    assert any(expect in r for r in outcome.reasons)


# --- accepted ---------------------------------------------------------------------------


def test_faithful_answer_is_published_with_verbatim_provenance(story, server):
    articles, _, base, facts = story
    digest, outcome = run(story, server, Reply.json_answer(good_answer(facts)))
    assert outcome.accepted, outcome.reasons
    assert outcome.attempts == 1 and outcome.fallback_reason == ""
    assert digest.writer == f"llm:{MODEL}"
    answer = good_answer(facts)
    assert digest.headline == HEADLINE
    assert digest.slug == "orren-bridge-in-veldmark-closed-after-cracks-found-in-steel-supports"
    assert [p.text for p in digest.paragraphs] == [p["text"] for p in answer["paragraphs"]]
    assert digest.lede == digest.paragraphs[0].text
    assert digest.relevant_articles == base.relevant_articles
    texts = {a.id: a.text for a in articles}
    by_span = {(f.article_id, f.start, f.end): f for f in facts}
    for p in digest.paragraphs:
        assert p.citations
        for c in p.citations:
            # Every citation is a selected fact's verbatim span.
            assert (c.article_id, c.start, c.end) in by_span
            assert texts[c.article_id][c.start : c.end] == by_span[(c.article_id, c.start, c.end)].text
    speakers = {q.speaker for q in digest.quotes}
    assert speakers == {"Piet Hollander", "Elsa Brandt", "Ruben Smit"}
    body = " ".join(p.text for p in digest.paragraphs)
    for q in digest.quotes:
        assert texts[q.article_id][q.start : q.end] == q.text
        assert q.text.rstrip(",.") in body


def test_request_carries_facts_house_style_and_key_not_articles(story, server):
    _, _, _, facts = story
    run(story, server, Reply.json_answer(good_answer(facts)), max_tokens=900)
    (seen,) = server.requests
    assert seen.path == "/v1/chat/completions"
    assert seen.headers["authorization"] == f"Bearer {KEY}"
    assert seen.body["model"] == MODEL and seen.body["max_tokens"] == 900
    assert seen.body["response_format"] == {"type": "json_object"}
    system, user = seen.messages
    assert system["role"] == "system" and "5–8 short paragraphs" in system["content"]
    assert "exactly" in system["content"] and "role" in system["content"]
    material = json.loads(user["content"])
    assert {f["id"] for f in material["facts"]} | {q["id"] for q in material["quotes"]} == {
        f.id for f in facts
    }
    assert {q["speaker"] for q in material["quotes"]} == {"Piet Hollander", "Elsa Brandt", "Ruben Smit"}
    # Selected facts only: never the whole article, its byline or its boilerplate.
    assert "Sign up for our newsletter" not in seen.prompt and "Click here" not in seen.prompt
    assert HERALD not in seen.prompt


# --- caught and fallen back -------------------------------------------------------------


def test_invented_quote_is_caught_retried_with_reasons_then_falls_back(story, server):
    _, _, _, facts = story
    bad = edited(good_answer(facts), "until every support has been tested", "before the end of the week")
    digest, outcome = run(story, server, Reply.json_answer(bad), Reply.json_answer(bad))
    assert_fell_back(story, digest, outcome, "does not appear verbatim in any source")
    assert outcome.attempts == 2 and len(server.requests) == 2
    retry = server.requests[1].messages
    assert retry[-2]["role"] == "assistant" and "before the end of the week" in retry[-2]["content"]
    assert retry[-1]["role"] == "user" and "does not appear verbatim" in retry[-1]["content"]


def test_misattributed_quote_is_caught(story, server):
    _, _, _, facts = story
    bad = edited(good_answer(facts), "Brandt told reporters", "Hollander told reporters")
    digest, outcome = run(story, server, Reply.json_answer(bad), Reply.json_answer(bad))
    assert_fell_back(
        story, digest, outcome, "is attributed to Hollander, but the source gives it to Elsa Brandt"
    )


def test_invented_number_is_caught(story, server):
    _, _, _, facts = story
    bad = edited(good_answer(facts), "About 42,000 vehicles", "About 52,000 vehicles")
    digest, outcome = run(story, server, Reply.json_answer(bad), Reply.json_answer(bad))
    assert_fell_back(story, digest, outcome, "number '52,000' is not in the sources")


def test_invented_number_word_is_caught(story, server):
    _, _, _, facts = story
    bad = edited(good_answer(facts), "up to six weeks", "up to nine weeks")
    digest, outcome = run(story, server, Reply.json_answer(bad), Reply.json_answer(bad))
    assert_fell_back(story, digest, outcome, "number 'nine' is not in the sources")


def test_invented_name_is_caught(story, server):
    _, _, _, facts = story
    bad = edited(
        good_answer(facts),
        "most journeys.",
        "most journeys. Transport minister Joris Kuiper said the diversions would stay.",
    )
    digest, outcome = run(story, server, Reply.json_answer(bad), Reply.json_answer(bad))
    assert_fell_back(story, digest, outcome, "Joris Kuiper")


def test_paragraph_without_citation_or_with_unknown_id_is_caught(story, server):
    _, _, _, facts = story
    bad = good_answer(facts)
    bad["paragraphs"][1]["sources"] = []
    bad["paragraphs"][2]["sources"] = ["F99"]
    digest, outcome = run(story, server, Reply.json_answer(bad), Reply.json_answer(bad))
    assert_fell_back(story, digest, outcome, "cites unknown fact ids F99")
    assert any("paragraph 2: cites no fact" in r for r in outcome.reasons)


def test_malformed_json_twice_falls_back(story, server):
    broken = '{"headline": "Orren Bridge closed", "paragraphs": [{"text": "The bridge'
    digest, outcome = run(story, server, Reply.completion(broken), Reply.completion(broken))
    assert_fell_back(story, digest, outcome, "answer is not valid JSON")
    assert outcome.attempts == 2


def test_malformed_json_then_good_answer_is_accepted_on_the_retry(story, server):
    _, _, _, facts = story
    digest, outcome = run(
        story, server, Reply.completion("Sure! Here is the digest."), Reply.json_answer(good_answer(facts))
    )
    assert outcome.accepted and outcome.attempts == 2
    assert digest.writer == f"llm:{MODEL}"
    assert any("not valid JSON" in r for r in outcome.reasons)  # the first attempt stays on record
    assert "not valid JSON" in server.requests[1].messages[-1]["content"]


def test_wrong_shape_is_caught(story, server):
    digest, outcome = run(
        story, server, Reply.json_answer({"title": "x", "body": "y"}), Reply.json_answer([1, 2])
    )
    assert_fell_back(story, digest, outcome, "not a JSON object")
    assert any('"paragraphs" is missing' in r for r in outcome.reasons)


def test_timeout_falls_back_after_client_retries(story, server):
    digest, outcome = run(story, server, Reply.slow(2.0), Reply.slow(2.0), timeout=0.4, retries=1)
    assert_fell_back(story, digest, outcome, "llm: timed out")
    assert len(server.requests) == 2  # one try and one retry, then the extractive digest
    assert outcome.attempts == 1  # a transport failure is not re-prompted


def test_429_is_retried_honouring_retry_after_then_accepted(story, server):
    _, _, _, facts = story
    digest, outcome = run(
        story, server, Reply.error(429, retry_after="0"), Reply.json_answer(good_answer(facts))
    )
    assert outcome.accepted and digest.writer == f"llm:{MODEL}"
    assert len(server.requests) == 2


def test_429_throughout_falls_back(story, server):
    replies = [Reply.error(429, retry_after="0", message="rate limited")] * 3
    digest, outcome = run(story, server, *replies, retries=2)
    assert_fell_back(story, digest, outcome, "llm: HTTP 429")
    assert "rate limited" in outcome.fallback_reason
    assert len(server.requests) == 3


def test_long_retry_after_is_not_waited_out(story, server):
    digest, outcome = run(story, server, Reply.error(429, retry_after="3600"), retries=3)
    assert_fell_back(story, digest, outcome, "llm: HTTP 429")
    assert len(server.requests) == 1


def test_500_falls_back_and_400_is_not_retried(story, server):
    digest, outcome = run(story, server, *[Reply.error(500)] * 3, retries=2)
    assert_fell_back(story, digest, outcome, "llm: HTTP 500")
    assert len(server.requests) == 3
    server.requests.clear()
    digest, outcome = run(story, server, Reply.error(400, message="bad model"), retries=2)
    assert_fell_back(story, digest, outcome, "llm: HTTP 400")
    assert len(server.requests) == 1


def test_answer_cut_off_at_max_tokens_is_caught(story, server):
    _, _, _, facts = story
    text = json.dumps(good_answer(facts))[:200]
    digest, outcome = run(
        story,
        server,
        Reply.completion(text, finish_reason="length"),
        Reply.completion(text, finish_reason="length"),
    )
    assert_fell_back(story, digest, outcome, "cut off at max_tokens")
    assert outcome.attempts == 2


def test_unreachable_server_falls_back(story):
    articles, analyses, _, _ = story
    with LLMServer() as srv:
        url = srv.url  # a port nothing listens on once the server is gone
    with LLMClient(url, MODEL, timeout=1.0, retries=1, backoff=0.01) as client:
        digest, outcome = write_digest_llm(7, articles, analyses, client=client)
    assert_fell_back(story, digest, outcome, "llm: cannot reach")


# --- the client on its own --------------------------------------------------------------


def test_client_counts_tokens_and_stops_at_the_budget(server):
    server.script(Reply.completion("{}"), Reply.completion("{}"))
    with client_for(server, budget=200) as client:
        assert client.chat([{"role": "user", "content": "hi"}]) == "{}"
        assert client.usage.total == 150 and client.usage.calls == 1
        client.chat([{"role": "user", "content": "hi"}])
        with pytest.raises(LLMError) as err:
            client.chat([{"role": "user", "content": "hi"}])
    assert err.value.reason == "budget" and str(err.value).startswith("llm: token budget")
    assert isinstance(err.value, NewsdigestError)
    assert len(server.requests) == 2


def test_secrets_never_reach_logs_or_errors(server, caplog):
    caplog.set_level(logging.DEBUG)
    server.script(*[Reply.error(503, retry_after="0")] * 2)
    url = server.url.replace("http://", f"http://user:{KEY}@")
    with (
        LLMClient(url, MODEL, api_key=KEY, retries=1, backoff=0.01) as client,
        pytest.raises(LLMError) as err,
    ):
        client.chat([{"role": "user", "content": "hi"}], json_mode=False)
    assert "response_format" not in server.requests[0].body
    assert KEY not in str(err.value) and KEY not in caplog.text
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert "llm: retry 1" in caplog.text


def test_client_accepts_a_full_endpoint_url_and_refuses_bad_config(server):
    server.script(Reply.completion("ok"))
    with LLMClient(server.url + "/chat/completions", MODEL) as client:
        assert client.chat([{"role": "user", "content": "hi"}], json_mode=False) == "ok"
    assert "authorization" not in server.requests[0].headers
    # A password in the URL is sent as Basic auth, never as part of the logged URL.
    server.script(Reply.completion("ok"))
    with LLMClient(server.url.replace("http://", "http://me:pw%40x@"), MODEL) as client:
        client.chat([{"role": "user", "content": "hi"}])
    assert server.requests[1].headers["authorization"] == "Basic bWU6cHdAeA=="  # me:pw@x
    with pytest.raises(LLMError, match="^llm: llm_url"):
        LLMClient("ftp://example.org/v1", MODEL)
    with pytest.raises(LLMError, match="^llm: llm_model"):
        LLMClient(server.url, "")


# --- the verifier on its own ------------------------------------------------------------


def check(story, *paragraphs: tuple[str, list[str]], headline: str = "Orren Bridge closed in Veldmark"):
    articles, analyses, _, facts = story
    evidence = Evidence.build(articles, analyses, facts)
    return verify(Draft(headline, tuple((t, tuple(ids)) for t, ids in paragraphs)), evidence)


def test_verifier_attribution_forms(story):
    _, _, _, facts = story
    q = fid(facts, "Half my customers")
    quote = "“Half my customers come from the south bank, and today the shop was empty”"
    ok = [
        f"Ruben Smit said: {quote}.",
        f"{quote[:-1]},” said local shop owner Ruben Smit.",
        f"Smit, a local shop owner, said {quote}.",
        f"Local shop owner Ruben Smit said trade had fallen. {quote[:-1]},” he said.",
        'Ruben Smit said: "Half my customers come from the south bank, and today the shop was empty."',
        "Smit said it plainly: ‘half my customers come from the south bank’.",
    ]
    for text in ok:
        assert check(story, (text, [q])).ok, text
    bad = [
        (f"Mayor Elsa Brandt said: {quote}.", "attributed to Elsa Brandt"),
        (f"{quote[:-1]},” Hollander said.", "attributed to Hollander"),
        (f"The bridge is closed. {quote[:-1]},” one resident said.", "not attributed to a named speaker"),
        ("Ruben Smit said “Half my customers come from the north bank”.", "does not appear verbatim"),
        ("Ruben Smit said “Half my customers come from the south bank.", "unbalanced quotation marks"),
    ]
    for text, why in bad:
        verdict = check(story, (text, [q]))
        assert not verdict.ok and any(why in r for r in verdict.reasons), (text, verdict.reasons)


def test_verifier_numbers_by_value_and_headline(story):
    _, _, _, facts = story
    f = fid(facts, "42,000")
    assert check(story, ("About 42,000 vehicles cross the bridge each weekday.", [f])).ok
    assert not check(
        story,
        ("About 42,000 vehicles cross the bridge each weekday.", [f]),
        headline="Orren Bridge shut for 8 weeks",
    ).ok
    assert not check(story, ("About 42 million vehicles cross the bridge each weekday.", [f])).ok
    assert not check(story, ("The bridge, opened in 1967, is closed.", [f])).ok
    # The articles' dates are in the prompt, so the model may use them.
    assert check(story, ("On Monday 4 May 2026, about 42,000 vehicles were diverted.", [f])).ok
    assert not check(story, ("On Monday 5 May 2026, about 42,000 vehicles were diverted.", [f])).ok


def test_build_messages_lists_quotes_with_speaker_role_and_verb(story):
    articles, _, _, facts = story
    system, user = build_messages(facts, articles, words=300)
    assert "about 300 words" in system["content"]
    quotes = json.loads(user["content"])["quotes"]
    brandt = next(q for q in quotes if q["speaker"] == "Elsa Brandt")
    assert brandt["role"] == "Mayor" and brandt["verb"] and brandt["quote"].startswith("Nobody should lose")


def test_client_from_config_only_when_url_and_model_are_set(server):
    from types import SimpleNamespace

    from newsdigest.llm import client_from_config

    assert client_from_config(SimpleNamespace()) is None
    assert client_from_config(SimpleNamespace(llm_url=server.url, llm_model="")) is None
    cfg = SimpleNamespace(
        llm_url=server.url, llm_model=MODEL, llm_api_key=KEY, llm_timeout=3.0, llm_max_tokens=700
    )
    with client_from_config(cfg) as client:
        assert client.model == MODEL and client.max_tokens == 700 and client.budget is None
        server.script(Reply.completion("ok"))
        assert client.chat([{"role": "user", "content": "hi"}]) == "ok"
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
