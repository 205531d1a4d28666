"""The optional LLM writer: a fluent rewrite of the extractive digest, verified before use.

The model never sees whole articles. The extractive writer (:mod:`newsdigest.write`)
first selects the story's facts — its cited source sentences (``F1``, ``F2`` …) and its
attributed quotes (``Q1`` … with speaker, role and verb) — and the model is asked to
rewrite only those, in the house style, as JSON::

    {"headline": "...", "paragraphs": [{"text": "...", "sources": ["F1", "Q2"]}]}

Nothing is published before :func:`newsdigest.verify.verify` passes: quotes verbatim and
given to the speaker the sources give them to, names and numbers found in the sources, and
citations of facts that exist (the rules in full are in :mod:`newsdigest.verify`).

A failing answer is sent back once with the reasons; a second failure, a malformed
answer or an unreachable model publishes the extractive digest instead, and
:class:`LLMOutcome` says why (``fallback_reason``) so editors can see it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from .llm import LLMClient, LLMError
from .records import Analysis, Article, Digest
from .verify import Draft, Evidence, Fact, Verdict, verify
from .write import slugify, write_digest

log = logging.getLogger(__name__)

__all__ = [
    "LLMOutcome",
    "build_messages",
    "parse_answer",
    "select_facts",
    "write_digest_llm",
]

# Transport failures end the attempt at once (the client already retried them); these
# mean the model answered but badly, which one more try with the reason may fix.
_OUTPUT_FAILURES = frozenset({"bad_answer", "cut_off"})


@dataclass
class LLMOutcome:
    """What the LLM writer did for one story; ``reasons`` lists every rejection."""

    model: str
    attempts: int = 0
    accepted: bool = False
    reasons: list[str] = field(default_factory=list)
    fallback_reason: str = ""  # set when the extractive digest was published instead

    @property
    def writer(self) -> str:
        return f"llm:{self.model}" if self.accepted else "extractive"


# --- the writer -----------------------------------------------------------------------


def write_digest_llm(
    story_id: int,
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    *,
    client: LLMClient,
    words: int = 400,
    now: datetime | None = None,
    duplicate_of: Mapping[str, str] | None = None,
) -> tuple[Digest, LLMOutcome]:
    """A verified LLM digest, or the extractive one with the reason the LLM's was refused."""
    base = write_digest(story_id, articles, analyses, words=words, now=now, duplicate_of=duplicate_of)
    outcome = LLMOutcome(model=client.model)
    facts = select_facts(base, articles)
    if not facts:
        outcome.fallback_reason = "no facts selected by the extractive writer"
        outcome.reasons.append(outcome.fallback_reason)
        return base, outcome
    evidence = Evidence.build(articles, analyses, facts)
    messages = build_messages(facts, articles, words=words)
    last: list[str] = ["no answer"]
    for attempt in (1, 2):
        outcome.attempts = attempt
        try:
            answer = client.chat(messages, json_mode=True)
        except LLMError as exc:
            last = [str(exc)]
            outcome.reasons.append(f"attempt {attempt}: {exc}")
            if exc.reason in _OUTPUT_FAILURES and attempt == 1:
                messages = [*messages, _retry_message(last)]
                continue
            break
        draft, reasons = parse_answer(answer)
        verdict = _safe_verify(draft, evidence) if draft is not None else Verdict(tuple(reasons))
        if verdict.ok and draft is not None:
            outcome.accepted = True
            log.info("write: story %s written by llm:%s (attempt %d)", story_id, client.model, attempt)
            return _llm_digest(base, draft, verdict, client.model), outcome
        last = list(verdict.reasons)
        outcome.reasons.extend(f"attempt {attempt}: {r}" for r in last)
        messages = [*messages, {"role": "assistant", "content": answer}, _retry_message(last)]
    outcome.fallback_reason = f"llm:{client.model} refused after {outcome.attempts} attempt(s): " + "; ".join(
        last
    )
    log.warning(
        "write: story %s: llm:%s digest refused, extractive published: %s",
        story_id,
        client.model,
        outcome.fallback_reason,
    )
    return base, outcome


def _safe_verify(draft: Draft, evidence: Evidence) -> Verdict:
    """A checker bug must refuse the draft (and be seen), never publish it or lose the story."""
    try:
        return verify(draft, evidence)
    except Exception as exc:  # any failure here means "not verified"
        log.exception("write: verifier failed")
        return Verdict((f"verifier error: {type(exc).__name__}: {exc}",))


def _llm_digest(base: Digest, draft: Draft, verdict: Verdict, model: str) -> Digest:
    paragraphs = verdict.paragraphs
    return replace(
        base,
        headline=draft.headline,
        lede=paragraphs[0].text,
        paragraphs=paragraphs,
        quotes=verdict.quotes,
        slug=slugify(draft.headline) or base.slug,
        writer=f"llm:{model}",
    )


# --- facts and prompt -----------------------------------------------------------------


def select_facts(digest: Digest, articles: Sequence[Article]) -> list[Fact]:
    """The extractive digest's cited sentences (F…) and quotes (Q…), verbatim, in its order."""
    by_id = {a.id: a for a in articles}
    quote_spans = {(q.article_id, q.start, q.end) for q in digest.quotes}
    facts: list[Fact] = []
    seen: set[tuple[str, int, int]] = set()
    for para in digest.paragraphs:
        for c in para.citations:
            art = by_id.get(c.article_id)
            key = (c.article_id, c.start, c.end)
            if art is None or key in seen or key in quote_spans:
                continue
            seen.add(key)
            start = c.start
            if art.text[start : start + 1].islower():
                # A sentence whose opening pronoun the writer replaced ("He said …"): give
                # the model the whole line so the fact reads as the source wrote it.
                start = max(art.text.rfind("\n", 0, start) + 1, _sentence_start(art.text, start))
            facts.append(
                Fact(f"F{len(facts) + 1}", art.id, start, c.end, art.text[start : c.end], art.source)
            )
    for i, q in enumerate(digest.quotes, 1):
        art = by_id.get(q.article_id)
        if art is None or art.text[q.start : q.end] != q.text:
            continue
        facts.append(
            Fact(f"Q{i}", q.article_id, q.start, q.end, q.text, art.source, q.speaker, q.role, q.verb)
        )
    return facts


def _sentence_start(text: str, pos: int) -> int:
    m = None
    for m in re.finditer(r"[.!?][\"'”’)]*\s+", text[max(0, pos - 400) : pos]):
        pass
    return max(0, pos - 400) + m.end() if m else max(0, pos - 400)


_SYSTEM = """You are a news editor. Write a neutral digest of one news story for a news site, \
using ONLY the facts and quotes given to you.

House style:
- Headline: informative and neutral, at most 14 words, no quotation marks, no clickbait.
- First paragraph (the lede): what happened, who, where and when.
- {paragraphs} short paragraphs, about {words} words in all. Fewer paragraphs if there are few facts.
- Quotes: take them only from the "quotes" list. Copy the words between the quotation marks \
exactly, character for character; do not shorten, join or edit them and do not use ellipses. \
Attribute each quote to the speaker given for it, with their role and a verb, for example: \
Harbour chief executive Jane Doe said, “…”. Never attribute a quote to anyone else.
- Use only the people, organisations, places and numbers that appear in the facts and quotes, \
spelled as they are there. Add no background, no opinion and nothing the facts do not say.
- Every paragraph lists in "sources" the ids of the facts and quotes it uses (at least one).

Answer with one JSON object and nothing else:
{{"headline": "...", "paragraphs": [{{"text": "...", "sources": ["F1", "Q1"]}}]}}"""


def build_messages(
    facts: Sequence[Fact], articles: Sequence[Article], *, words: int = 400
) -> list[dict[str, str]]:
    """The chat messages: house style as the system message, the facts as JSON."""
    n = sum(1 for f in facts if not f.is_quote)
    paragraphs = "5–8" if n >= 5 else f"1–{max(1, n)}"
    material = {
        "articles": [
            {
                "outlet": a.source,
                "title": " ".join(a.title.split()),
                "published": a.published.isoformat() if a.published else None,
            }
            for a in articles
        ],
        "facts": [{"id": f.id, "outlet": f.outlet, "text": f.text} for f in facts if not f.is_quote],
        "quotes": [
            {
                "id": f.id,
                "speaker": f.speaker,
                "role": f.role,
                "verb": f.verb,
                "quote": f.text,
                "outlet": f.outlet,
            }
            for f in facts
            if f.is_quote
        ],
    }
    return [
        {"role": "system", "content": _SYSTEM.format(paragraphs=paragraphs, words=words)},
        {"role": "user", "content": json.dumps(material, ensure_ascii=False, indent=1)},
    ]


def _retry_message(reasons: Iterable[str]) -> dict[str, str]:
    listed = "\n".join(f"- {r}" for r in reasons)
    return {
        "role": "user",
        "content": "Your digest was rejected by the fact checker for these reasons:\n"
        f"{listed}\nWrite the digest again, following every rule. Answer with the JSON object only.",
    }


# --- parsing --------------------------------------------------------------------------

_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.IGNORECASE)


def parse_answer(answer: str) -> tuple[Draft | None, list[str]]:
    """The model's JSON answer as a :class:`Draft`, or None and why it cannot be used."""
    text = _FENCE.sub("", answer.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # Some models wrap the object in prose; take the outermost braces once.
        first, last = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[first : last + 1]) if 0 <= first < last else None
        except json.JSONDecodeError:
            data = None
        if data is None:
            return None, [f"answer is not valid JSON ({exc.msg} at character {exc.pos})"]
    if not isinstance(data, dict):
        return None, ["answer is not a JSON object"]
    headline = data.get("headline")
    paras = data.get("paragraphs")
    reasons = []
    if not isinstance(headline, str) or not headline.strip():
        reasons.append('"headline" is missing or not a non-empty string')
    if not isinstance(paras, list) or not paras:
        reasons.append('"paragraphs" is missing or not a non-empty list')
        return None, reasons
    out: list[tuple[str, tuple[str, ...]]] = []
    for i, p in enumerate(paras, 1):
        if not isinstance(p, dict) or not isinstance(p.get("text"), str) or not p["text"].strip():
            reasons.append(f'paragraph {i} has no "text" string')
            continue
        sources = p.get("sources")
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            reasons.append(f'paragraph {i}: "sources" must be a list of fact ids')
            sources = []
        out.append((" ".join(p["text"].split()), tuple(s.strip() for s in sources)))
    if reasons:
        return None, reasons
    return Draft(" ".join(str(headline).split()), tuple(out)), []
