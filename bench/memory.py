"""Peak memory of a ``run``-equivalent over N imported articles.

The ``newsdigest import`` path: ``storage.add_articles`` (in chunks, as an import reads a
JSONL stream) on a fresh SQLite file, then one ``newsdigest.pipeline.process`` (analyse →
dedupe/cluster → rank → write). Articles come from a seeded generator of synthetic
multi-outlet stories: each story has its own people, organisation, place and event; 3–8
outlets each write an article about it with the shared facts in their own order, direct
quotes attributed to the story's speakers, and now and then a near-verbatim wire reprint.

Printed: peak RSS of this process (``ru_maxrss``) after setup, after import and after
processing, with wall and CPU time per step (wall includes waiting for a core on a
loaded machine; CPU does not).

    .venv/bin/python bench/memory.py --n 10000 [--words 120] [--seed 1] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

FIRST = ["Maria", "James", "Aisha", "Chen", "Olga", "Pedro", "Fatima", "David", "Ingrid", "Kwame", "Lucia",
         "Tomas", "Priya", "Samuel", "Hannah", "Yusuf", "Elena", "Marcus", "Keiko", "Rafael"]
LAST = ["Alvarez", "Okafor", "Lindqvist", "Moreau", "Nakamura", "Haddad", "Kowalski", "Brennan", "Osei",
        "Petrov", "Santos", "Fischer", "Mensah", "Ibrahim", "Novak", "Costa", "Reyes", "Walsh", "Dubois", "Sato"]
ORGS = ["Ministry of Transport", "Northern Water Board", "City Council", "Federal Reserve Bank", "Harbor Authority",
        "National Health Service", "Teachers Union", "Energy Regulator", "Supreme Court", "Port Workers Guild"]
PLACES = ["Lisbon", "Toronto", "Nairobi", "Osaka", "Denver", "Krakow", "Manila", "Glasgow", "Lagos", "Perth",
          "Valparaiso", "Bergen", "Hanoi", "Tucson", "Marseille"]
EVENTS = ["a rail strike", "a bridge closure", "a budget vote", "flooding", "a data breach", "a factory fire",
          "a drought emergency", "a vaccine rollout", "a court ruling on housing", "a power outage"]
OUTLETS = ["Northwire", "Daily Clarion", "Metro Gazette", "The Ledger", "Coastal Times", "Evening Post",
           "Global Dispatch", "Valley Herald", "The Sentinel", "Morning Record", "Capital Review", "Harbor News"]
# Story-specific vocabulary: real stories differ in what they are about, not only in names.
TOPIC = ("turbine levy pension tunnel vaccine pipeline harvest reservoir subsidy tariff airport ferry tram "
         "landslide wildfire refinery stadium hospital shipyard curriculum landlord mortgage copper lithium "
         "satellite cable asylum ballot pollution sewage bakery fishery vineyard orchard timber quarry glacier "
         "coral drone robot chip bandwidth encryption ransom pharmacy insulin nurses wages rent tolls fares "
         "bonds dividend merger layoffs recall audit embargo sanctions ceasefire monsoon heatwave avalanche "
         "earthquake cyclone locusts rabies measles cholera").split()
VERBS = ["said", "told reporters", "said in a statement", "added", "warned"]
FILLER = ["Officials expect further updates later in the week.", "Residents were advised to check local notices.",
          "The figures could not be independently verified.", "Critics questioned the timing of the announcement.",
          "Similar measures were taken two years ago.", "Markets reacted cautiously to the news.",
          "Talks are expected to continue on Monday.", "Local businesses reported disruption."]


_SYL = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "pa", "ri", "mo", "lu", "be", "ga", "fi", "zo", "ta"]


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(syllables))


# Story-specific words have four syllables: 18**4 = 104,976 of them. With three (5,832), the
# ~1,500 stories of a 4-day window drew ~15,000 words from 5,832, so unrelated stories shared
# a surname or two topic words and chained into stories of hundreds of articles, which no
# real news stream does (real names and topics rarely collide within days).
WORD_SYLLABLES = 4


def story_facts(rng: random.Random, k: int) -> dict[str, Any]:
    """One story's facts and quotes.

    Real stories differ in who and what they are about: each story gets its own people,
    place, organisation and topic words (generated, so 100k articles still make tens of
    thousands of distinct stories), inside sentence frames and filler that every story
    shares — the boilerplate real articles share too.
    """
    people = [f"{rng.choice(FIRST)} {_word(rng, WORD_SYLLABLES).title()}" for _ in range(3)]
    place = rng.choice([_word(rng, WORD_SYLLABLES).title(), rng.choice(PLACES)])
    org = f"{_word(rng, WORD_SYLLABLES).title()} {rng.choice(ORGS)}"
    event = rng.choice(EVENTS)
    n = rng.randint(120, 9000)
    topic = [_word(rng, WORD_SYLLABLES) for _ in range(4)] + rng.sample(TOPIC, 2)
    facts = [
        f"The dispute over the {topic[0]} {topic[4]} and the {topic[1]} has dominated debate in {place}.",
        f"Figures on the {topic[2]} and {topic[3]} {topic[5]} were published by the {org}.",
        f"The {org} in {place} responded on {rng.choice(['Monday', 'Tuesday', 'Friday'])} to {event} "
        f"at the {topic[0]} {topic[4]}.",
        f"About {n} people in {place} were affected by the {topic[1]} closure, according to the {org}.",
        f"{people[0]}, a spokesperson for the {org}, confirmed the {topic[2]} figures.",
        f"{people[1]} of {place} has led calls for an inquiry into the {topic[3]} {topic[5]}.",
        f"The {org} said a review of the {topic[0]} would report within {rng.randint(2, 12)} weeks.",
    ]
    quotes = [
        f"\u201cWe are doing everything we can to restore the {topic[0]} {topic[4]} in {place},\u201d "
        f"{people[0]} {rng.choice(VERBS)}.",
        f"\u201cPeople in {place} deserve answers about the {topic[1]},\u201d {people[1]} {rng.choice(VERBS)}.",
        f"{people[2]} {rng.choice(VERBS)}: \u201cThe {topic[3]} {topic[5]} was entirely predictable and it will "
        f"happen again.\u201d",
    ]
    return {"title": f"{place} {topic[0]} {topic[4]}: {org} and the {topic[1]}", "facts": facts, "quotes": quotes}


def article_text(rng: random.Random, facts: dict[str, Any], words: int) -> str:
    parts = facts["facts"][:3] + rng.sample(facts["facts"][3:], 3) + rng.sample(facts["quotes"], 2)
    rng.shuffle(parts[1:])
    out = list(parts)
    while sum(len(p.split()) for p in out) < words:
        out.insert(rng.randint(1, len(out)), rng.choice(FILLER))
    return "\n".join(out)


def article_stream(n: int, *, words: int = 120, seed: int = 1, start: datetime | None = None,
                   per_day: int = 2000) -> Iterator[Any]:
    """n synthetic ``Article`` records, stories of 3–8 outlets, a few wire reprints, in time order.

    About ``per_day`` articles a day (2,000 is a few hundred busy sources), ending now:
    a big run spans weeks, as a real archive does, so the clustering window holds days,
    not everything.
    """
    from newsdigest.records import Article

    rng = random.Random(seed)
    start = start or datetime.now(UTC) - timedelta(days=n / per_day, hours=4)
    made, k = 0, 0
    while made < n:
        facts = story_facts(rng, k)
        when = start + timedelta(days=k * 5.5 / per_day)  # 5.5 articles a story on average
        previous = ""
        for outlet in rng.sample(OUTLETS, rng.randint(3, 8)):
            if made >= n:
                break
            reprint = previous and rng.random() < 0.15
            body = previous + "\n" + rng.choice(FILLER) if reprint else article_text(rng, facts, words)
            previous = body
            published = when + timedelta(minutes=rng.randint(0, 240))
            slug = f"s{k}-{made}"
            yield Article(id=f"bench-{seed}-{made}", text=body, url=f"https://{outlet.lower().replace(' ', '')}.example/{slug}",
                          source=outlet, title=facts["title"], author=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                          published=published, fetched=published + timedelta(minutes=5))
            made += 1
        k += 1


def story_sizes(storage: Any) -> list[int]:
    import sqlalchemy as sa

    from newsdigest.storage.schema import articles

    q = sa.select(sa.func.count()).where(articles.c.story_id.is_not(None)).group_by(articles.c.story_id)
    with storage.engine.connect() as conn:
        return [int(r[0]) for r in conn.execute(q)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--words", type=int, default=120, help="least words per generated article")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=1000, help="articles per add_articles call")
    ap.add_argument("--per-day", type=int, default=2000, help="articles a day in the generated stream")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from newsdigest.analyse import nlp
    from newsdigest.pipeline import process
    from newsdigest.settings import load_config
    from newsdigest.storage import open_storage

    steps: list[dict[str, Any]] = []

    def step(name: str, w0: float, c0: float, **extra: Any) -> None:
        steps.append({"step": name, "wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0,
                      "peak_rss_mb": peak_rss_mb(), **extra})

    w, c = time.perf_counter(), time.process_time()
    nlp()
    config = load_config(env={})
    step("setup (imports, spaCy model)", w, c)
    with tempfile.TemporaryDirectory(prefix="nd-bench-memory-") as tmp:
        storage = open_storage(str(Path(tmp) / "bench.db"))
        w, c = time.perf_counter(), time.process_time()
        added, chunk = 0, []
        for a in article_stream(args.n, words=args.words, seed=args.seed, per_day=args.per_day):
            chunk.append(a)
            if len(chunk) >= args.chunk:
                added += len(storage.add_articles(chunk))
                chunk = []
        if chunk:
            added += len(storage.add_articles(chunk))
        step("import (add_articles)", w, c, articles=added)
        w, c = time.perf_counter(), time.process_time()
        report = process(storage, config)
        step("process (analyse, cluster, write)", w, c, analysed=report.analysed, stories=report.stories_touched,
             digests=report.digests_written, stage_seconds=dict(report.stage_seconds))
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 2**20
        sizes = story_sizes(storage)
        storage.close()

    result = {"n": args.n, "words": args.words, "steps": steps, "db_mb": db_mb, "load_avg": os.getloadavg(),
              "largest_story": max(sizes, default=0), "stories_over_8": sum(1 for x in sizes if x > 8),
              "stories": len(sizes)}
    if args.json:
        print(json.dumps(result, indent=2))
        return result
    print(f"memory bench: {args.n} synthetic articles (≥{args.words} words), SQLite; load average "
          f"{' '.join(f'{x:.1f}' for x in result['load_avg'])} on {os.cpu_count()} CPUs")
    print(f"{'step':36} {'wall s':>8} {'cpu s':>8} {'peak RSS MB':>12}")
    for s in steps:
        print(f"{s['step']:36} {s['wall_s']:>8.1f} {s['cpu_s']:>8.1f} {s['peak_rss_mb']:>12.0f}")
    last = steps[-1]
    print(f"analysed {last['analysed']}, stories touched {last['stories']}, digests written {last['digests']}, "
          f"database {db_mb:.0f} MB; stages: {last['stage_seconds']}")
    print(f"{result['stories']} stories; largest {result['largest_story']} articles; {result['stories_over_8']} "
          "with more than 8 (the generator writes 3–8 per story: more means unrelated stories were chained)")
    return result


if __name__ == "__main__":
    main()
