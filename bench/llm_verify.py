"""Bench: does the LLM writer's verifier catch corrupted digests, and pass correct ones?

Digests are real: the extractive writer's output on real article text, turned into the
form the LLM writer expects back from a model (headline + paragraphs citing fact ids).
Stories come from three corpora (each used when present):

- ``demo``: the bundled fictional sample outlets (src/newsdigest/demo/sample/), grouped
  by their story ids — several outlets, shared quotes, wire copies;
- ``polnear``: PolNeAR dev texts (US political news, quote-heavy), one story per text;
- ``extraction``: the Zyte extraction ground-truth bodies, two per pseudo-story in id
  order (unrelated articles, but real sentences, names, numbers and quotes).

Every unmutated digest is verified (a rejection is a false rejection). Then each digest
gets each mutation that applies to it, made with plain regexes independent of the
verifier:

    quote_word     one word inside a quotation replaced by another word
    swap_speakers  the names of two quoted speakers swapped everywhere in the text
    number         a number changed to a value that appears in no source text
    add_name       a sentence naming an invented person added to a paragraph
    invent_quote   a made-up quotation attributed to a real speaker of the story

A mutation is caught when :func:`newsdigest.write_llm.verify` rejects the draft.
Goal: 100 % caught, 0 % of correct digests rejected.

    python bench/llm_verify.py [--corpus demo,polnear,extraction] [--limit N] [--json] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdigest.analyse import analyse_many
from newsdigest.records import Article, Digest
from newsdigest.write import write_digest
from newsdigest.write_llm import Draft, Evidence, Fact, select_facts, verify

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", REPO.parent / "shared" / "data"))
SAMPLE = REPO / "src" / "newsdigest" / "demo" / "sample"
MUTATIONS = ("quote_word", "swap_speakers", "number", "add_name", "invent_quote")

INVENTED_PEOPLE = (
    "Marta Kowalczyk",
    "Desmond Achterberg",
    "Lucia Ferreira",
    "Henrik Vallgren",
    "Priya Ramaswamy",
    "Tobias Quellmann",
    "Oluwaseun Adebanjo",
    "Greta Lindqvist",
)
NAME_TEMPLATES = (
    "{name}, a spokesperson for the committee, said the situation was being monitored.",
    "The decision was also criticised by {name}, who called for a review.",
    "According to {name}, further announcements are expected.",
    "{name} said more details would follow.",
)
REPLACEMENT_WORDS = ("never", "always", "certainly", "nobody", "everyone", "refused", "welcomed", "tomorrow")
INVENTED_QUOTE = "We will not accept any outcome that leaves these questions unanswered"


@dataclass
class Story:
    corpus: str
    key: str
    articles: list[Article]


# --- corpora -------------------------------------------------------------------------


def demo_stories() -> list[Story]:
    manifest = json.loads((SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    outlets = {o["id"]: o["name"] for o in manifest["outlets"]}
    now = datetime(2026, 3, 4, 12, tzinfo=UTC)
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in manifest["articles"]:
        if not a.get("story"):
            continue
        raw = (SAMPLE / a["file"]).read_text(encoding="utf-8")
        raw = re.sub(r"\{\{(?:DAY|DATE):-?\d+\}\}", "Tuesday", raw)
        text = "\n\n".join(p for p in raw.split("\n\n") if not p.startswith("## "))
        published = now - timedelta(hours=a.get("offset_hours", 0))
        groups[a["story"]].append(
            Article(
                id=a["slug"], text=text, source=outlets[a["outlet"]], title=a["title"], published=published
            )
        )
    return [Story("demo", k, v) for k, v in sorted(groups.items())]


def polnear_stories() -> list[Story]:
    base = SHARED / "quotes" / "polnear"
    titles: dict[str, tuple[str, str]] = {}
    meta = base / "metadata.tsv"
    if meta.is_file():
        with meta.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                titles[row["filename"]] = (row.get("title", ""), row.get("publisher", ""))
    out = []
    for path in sorted((base / "dev" / "text").glob("*.txt")):
        title, outlet = titles.get(path.stem, ("", ""))
        text = path.read_text(encoding="utf-8")
        out.append(
            Story("polnear", path.stem, [Article(id=path.stem, text=text, source=outlet, title=title)])
        )
    return out


def extraction_stories() -> list[Story]:
    truth = json.loads((SHARED / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    items = sorted((k, v["articleBody"]) for k, v in truth.items() if len(v["articleBody"].split()) >= 80)
    out = []
    for i in range(0, len(items) - 1, 2):
        pair = items[i : i + 2]
        arts = [Article(id=k, text=body) for k, body in pair]
        out.append(Story("extraction", "+".join(k for k, _ in pair), arts))
    return out


LOADERS = {"demo": demo_stories, "polnear": polnear_stories, "extraction": extraction_stories}


# --- digests in "LLM output" form ----------------------------------------------------


def as_draft(digest: Digest, facts: list[Fact]) -> Draft:
    """The extractive digest written back as a model would answer: text + cited fact ids."""
    paragraphs = []
    for p in digest.paragraphs:
        ids = []
        for c in p.citations:
            fact = next(
                (f for f in facts if f.article_id == c.article_id and f.start <= c.start and c.end <= f.end),
                None,
            )
            if fact is not None and fact.id not in ids:
                ids.append(fact.id)
        paragraphs.append((p.text, tuple(ids)))
    return Draft(digest.headline, tuple(paragraphs))


def with_paragraphs(draft: Draft, texts: list[str]) -> Draft:
    return Draft(draft.headline, tuple((t, ids) for t, (_, ids) in zip(texts, draft.paragraphs)))


# --- mutations (independent of the verifier's own parsing) ---------------------------

_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")


def mutate_quote_word(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    texts = [t for t, _ in draft.paragraphs]
    spots = []
    for i, t in enumerate(texts):
        for m in _QUOTED.finditer(t):
            g = 1 if m.group(1) is not None else 2
            for w in re.finditer(r"[A-Za-z]{3,}", m.group(g)):
                spots.append((i, m.start(g) + w.start(), m.start(g) + w.end(), w.group(0)))
    if not spots:
        return None
    i, s, e, word = rng.choice(spots)
    new = rng.choice([w for w in REPLACEMENT_WORDS if w != word.lower()])
    texts[i] = texts[i][:s] + new + texts[i][e:]
    return with_paragraphs(draft, texts)


def mutate_swap_speakers(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    text = " ".join(t for t, _ in draft.paragraphs)
    speakers = list(dict.fromkeys(q.speaker for q in digest.quotes if q.speaker))

    def present(name: str) -> bool:
        return re.search(rf"\b{re.escape(name.split()[-1])}\b", text) is not None

    speakers = [s for s in speakers if present(s)]
    pairs = [
        (a, b) for i, a in enumerate(speakers) for b in speakers[i + 1 :] if a.split()[-1] != b.split()[-1]
    ]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    forms = {a: b, b: a, a.split()[-1]: b.split()[-1], b.split()[-1]: a.split()[-1]}
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")\b"
    )
    texts = [pattern.sub(lambda m: forms[m.group(1)], t) for t, _ in draft.paragraphs]
    if texts == [t for t, _ in draft.paragraphs]:
        return None
    return with_paragraphs(draft, texts)


_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])")
_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty")


def mutate_number(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    texts = [t for t, _ in draft.paragraphs]
    spots = [(i, m.start(), m.end(), m.group(0)) for i, t in enumerate(texts) for m in _DIGITS.finditer(t)]
    if spots:
        i, s, e, old = rng.choice(spots)
        value = float(old.replace(",", ""))
        for step in (1, 2, 3, 7, 11, 13, 17, 19, 23, 29):
            new_value = value + step
            new = (
                f"{new_value:,.0f}"
                if "," in old
                else (f"{new_value:g}" if "." in old else str(int(new_value)))
            )
            if (
                not re.search(rf"(?<![\d.,]){re.escape(new)}(?![\d])", sources)
                and new.replace(",", "") not in sources
            ):
                break
        else:
            return None
        texts[i] = texts[i][:s] + new + texts[i][e:]
        return with_paragraphs(draft, texts)
    words = [
        (i, m) for i, t in enumerate(texts) for m in re.finditer(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", t)
    ]
    if not words:
        return None
    i, m = rng.choice(words)
    options = [
        w for w in _NUMBER_WORDS if w != m.group(1) and not re.search(rf"\b{w}\b", sources, re.IGNORECASE)
    ]
    if not options:
        return None
    texts[i] = texts[i][: m.start()] + rng.choice(options) + texts[i][m.end() :]
    return with_paragraphs(draft, texts)


def mutate_add_name(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    names = [n for n in INVENTED_PEOPLE if n.split()[-1] not in sources and n.split()[0] not in sources]
    if not names:
        return None
    sentence = rng.choice(NAME_TEMPLATES).format(name=rng.choice(names))
    texts = [t for t, _ in draft.paragraphs]
    i = rng.randrange(len(texts))
    texts[i] = f"{texts[i]} {sentence}"
    return with_paragraphs(draft, texts)


def mutate_invent_quote(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    speakers = [q for q in digest.quotes if q.speaker]
    if not speakers:
        return None
    q = rng.choice(speakers)
    texts = [t for t, _ in draft.paragraphs]
    i = rng.randrange(len(texts))
    texts[i] = f"{texts[i]} {q.speaker} also said, “{INVENTED_QUOTE}.”"
    return with_paragraphs(draft, texts)


MUTATORS = {
    "quote_word": mutate_quote_word,
    "swap_speakers": mutate_swap_speakers,
    "number": mutate_number,
    "add_name": mutate_add_name,
    "invent_quote": mutate_invent_quote,
}


def reason_kind(reason: str) -> str:
    body = reason.split(": ", 1)[-1]
    for key in (
        "verbatim",
        "attributed",
        "no named speaker",
        "unbalanced",
        "number",
        "person",
        "organisation",
        "place",
        "name",
        "cites",
    ):
        if key in body:
            return key
    return "other"


# --- run -----------------------------------------------------------------------------


def run(corpora: list[str], limit: int | None, seed: int, errors: int) -> dict:
    stories: list[Story] = []
    for name in corpora:
        try:
            got = LOADERS[name]()
        except FileNotFoundError as exc:
            print(f"llm_verify: corpus {name} not available: {exc}", file=sys.stderr)
            continue
        stories += got[:limit] if limit else got
    t0 = time.perf_counter()
    all_articles = [a for s in stories for a in s.articles]
    analyses = {a.article_id: a for a in analyse_many(all_articles)}
    t_analyse = time.perf_counter() - t0

    digests = 0
    false_rejections: list[tuple[str, list[str]]] = []
    tried: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    caught_by: dict[str, Counter[str]] = {m: Counter() for m in MUTATIONS}
    missed: list[tuple[str, str, str]] = []
    t1 = time.perf_counter()
    for story in stories:
        digest = write_digest(1, story.articles, analyses)
        if not digest.paragraphs:
            continue
        facts = select_facts(digest, story.articles)
        evidence = Evidence.build(story.articles, analyses, facts)
        draft = as_draft(digest, facts)
        digests += 1
        verdict = verify(draft, evidence)
        if not verdict.ok:
            false_rejections.append((f"{story.corpus}/{story.key}", list(verdict.reasons)))
        sources = "\n".join(f"{a.title}\n{a.text}" for a in story.articles)
        rng = random.Random(f"{seed}:{story.key}")
        for name in MUTATIONS:
            mutated = MUTATORS[name](draft, digest, sources, rng)
            if mutated is None or mutated == draft:
                continue
            tried[name] += 1
            result = verify(mutated, evidence)
            new_reasons = [r for r in result.reasons if r not in verdict.reasons]
            if new_reasons:
                caught[name] += 1
                caught_by[name][reason_kind(new_reasons[0])] += 1
            else:
                changed = next(
                    (m for m, (o, _) in zip(mutated.paragraphs, draft.paragraphs) if m[0] != o), ("", ())
                )[0]
                missed.append((name, f"{story.corpus}/{story.key}", changed))
    t_verify = time.perf_counter() - t1

    report = {
        "stories": len(stories),
        "digests": digests,
        "false_rejection_rate": round(len(false_rejections) / max(1, digests), 4),
        "false_rejections": len(false_rejections),
        "mutations": {
            m: {
                "tried": tried[m],
                "caught": caught[m],
                "catch_rate": round(caught[m] / tried[m], 4) if tried[m] else None,
                "caught_by": dict(caught_by[m]),
            }
            for m in MUTATIONS
        },
        "overall_catch_rate": round(sum(caught.values()) / max(1, sum(tried.values())), 4),
        "seconds": {"analyse": round(t_analyse, 1), "write_and_verify": round(t_verify, 1)},
    }
    if errors:
        report["examples"] = {
            "false_rejections": [{"story": k, "reasons": r[:5]} for k, r in false_rejections[:errors]],
            "missed": [{"mutation": m, "story": k, "paragraph": p} for m, k, p in missed[:errors]],
        }
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="demo,polnear,extraction")
    ap.add_argument("--limit", type=int, default=None, help="at most N stories per corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--errors", type=int, default=0, help="show N false rejections and misses")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    report = run([c.strip() for c in args.corpus.split(",") if c.strip()], args.limit, args.seed, args.errors)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(f"digests: {report['digests']} (stories {report['stories']})")
    print(f"false rejections: {report['false_rejections']} ({100 * report['false_rejection_rate']:.1f} %)")
    for m, r in report["mutations"].items():
        rate = "n/a" if r["catch_rate"] is None else f"{100 * r['catch_rate']:.1f} %"
        print(f"  {m:<14} caught {r['caught']:>4} / {r['tried']:<4} {rate:>8}   by {r['caught_by']}")
    print(f"overall catch rate: {100 * report['overall_catch_rate']:.1f} %")
    print(f"time: {report['seconds']}")
    for key, items in report.get("examples", {}).items():
        print(f"\n{key}:")
        for item in items:
            print("  ", json.dumps(item, ensure_ascii=False)[:600])


if __name__ == "__main__":
    main()
