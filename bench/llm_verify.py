"""Bench: does the LLM writer's verifier catch corrupted digests, and pass correct ones?

Digests are real: the extractive writer's output on real article text, turned into the
form the LLM writer expects back from a model (headline + paragraphs citing fact ids).
Stories come from these corpora (each used when present):

- ``demo``: the bundled fictional sample outlets (src/newsdigest/demo/sample/), grouped
  by their story ids — several outlets, shared quotes, wire copies;
- ``polnear``: PolNeAR dev texts (US political news, quote-heavy), one story per text;
- ``polnear-train``: the same from PolNeAR's train split (840 texts; ``polnear-train:300``
  takes the first 300, as the default run does);
- ``extraction``: the Zyte extraction ground-truth bodies, two per pseudo-story in id
  order (unrelated articles, but real sentences, names, numbers and quotes).

Every unmutated digest is verified (a rejection is a false rejection). Then each digest
gets each mutation that applies to it (``--draws`` times, with different random picks),
made with plain regexes independent of the verifier:

    quote_word       one word inside a quotation replaced by another word
    swap_speakers    the names of two quoted speakers swapped everywhere in the text
    number           a number changed to a value that appears in no source text
    number_swap      two numbers of the digest trade places (both values are in the sources)
    number_scale     "5 million" becomes "5 billion" (the digits stay)
    add_name         a sentence naming an invented person added to a paragraph
    add_common_name  the same with a common word of the sources as the name ("Hope, a
                     spokesperson …"; "rose" is in the sources, "Hope" is not)
    invent_quote     a made-up quotation attributed to a real speaker of the story
    quote_own_words  two of the reporter's own words put in quotation marks

A mutation is caught when :func:`newsdigest.verify.verify` rejects the draft with a
reason the unmutated draft did not have. And each accepted digest gets faithful rewrites a
model makes, each of which must be accepted:

    surname            a quoted speaker's full name as the surname alone
    attribution_after  "X said, “Q.”" as "“Q,” X said."
    number_form        "6" as "six", "55,000" as "55 thousand"
    abbreviation       "U.S." as "US" and back

Goal: 100 % caught, 0 % of correct digests rejected, 100 % of rewrites accepted.
``--cache FILE`` keeps the articles' analyses between runs (spaCy is most of the time).

    python bench/llm_verify.py [--corpus demo,polnear,extraction,polnear-train:300] [--limit N]
                               [--draws 2] [--json] [--errors N] [--cache FILE]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import pickle
import random
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from newsdigest.analyse import analyse_many
from newsdigest.records import Analysis, Article, Digest
from newsdigest.verify import Draft, Evidence, Fact, verify
from newsdigest.verify.names import COLLECTIVE as VERIFIER_COLLECTIVE
from newsdigest.write import write_digest
from newsdigest.write_llm import select_facts

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", REPO.parent / "shared" / "data"))
SAMPLE = REPO / "src" / "newsdigest" / "demo" / "sample"
MUTATIONS = (
    "quote_word",
    "swap_speakers",
    "number",
    "number_swap",
    "number_scale",
    "add_name",
    "add_common_name",
    "invent_quote",
    "quote_own_words",
)
# Faithful rewrites a model makes; the verifier must accept every one.
VARIANTS = ("surname", "attribution_after", "number_form", "abbreviation")

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


def polnear_stories(split: str = "dev") -> list[Story]:
    base = SHARED / "quotes" / "polnear"
    titles: dict[str, tuple[str, str]] = {}
    meta = base / "metadata.tsv"
    if meta.is_file():
        with meta.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                titles[row["filename"]] = (row.get("title", ""), row.get("publisher", ""))
    out = []
    for path in sorted((base / split / "text").glob("*.txt")):
        title, outlet = titles.get(path.stem, ("", ""))
        text = path.read_text(encoding="utf-8")
        out.append(
            Story(
                "polnear" if split == "dev" else f"polnear-{split}",
                path.stem,
                [Article(id=path.stem, text=text, source=outlet, title=title)],
            )
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


DEFAULT_CORPORA = "demo,polnear,extraction,polnear-train:300"
LOADERS = {
    "demo": demo_stories,
    "polnear": polnear_stories,
    "polnear-train": lambda: polnear_stories("train"),
    "extraction": extraction_stories,
}


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


def mutate_number_swap(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """Two numbers of the story trade places: each value is in the sources, but not there."""
    texts = [t for t, _ in draft.paragraphs]
    spots = [
        (i, m)
        for i, t in enumerate(texts)
        for s, e in _outside_quotes(t)
        for m in _DIGITS.finditer(t, s, e)
        if not re.match(r"\d{4}$", m.group(0))  # years swap with years only in odd ways
    ]
    pairs = [
        (a, b)
        for k, a in enumerate(spots)
        for b in spots[k + 1 :]
        if float(a[1].group(0).replace(",", "")) != float(b[1].group(0).replace(",", ""))
    ]
    if not pairs:
        return None
    (i, a), (j, b) = rng.choice(pairs)
    edits = sorted([(i, a.start(), a.end(), b.group(0)), (j, b.start(), b.end(), a.group(0))], reverse=True)
    for k, s, e, new in edits:  # from the end, so the other offsets hold
        texts[k] = texts[k][:s] + new + texts[k][e:]
    return with_paragraphs(draft, texts)


_SCALES = ("thousand", "million", "billion", "trillion")


def mutate_number_scale(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """ "5 million" → "5 billion": the digits stay, the value changes."""
    texts = [t for t, _ in draft.paragraphs]
    spots = [
        (i, m) for i, t in enumerate(texts) for m in re.finditer(r"(?<=\d )(" + "|".join(_SCALES) + r")\b", t)
    ]
    if not spots:
        return None
    i, m = rng.choice(spots)
    new = rng.choice([w for w in _SCALES if w != m.group(1)])
    texts[i] = texts[i][: m.start()] + new + texts[i][m.end() :]
    return with_paragraphs(draft, texts)


# Bodies that speak without an article ("Security said …"), as the verifier reads them: no
# person's name. "Crowd" is not one the verifier knows, but no reader takes it for a name either.
COLLECTIVE = VERIFIER_COLLECTIVE | {"crowd"}
COMMON_NAME_TEMPLATES = (
    "{name} said more details would follow.",
    "The decision was also criticised by {name}, who called for a review.",
    "According to {name}, further announcements are expected.",
    "{name}, a spokesperson for the committee, said the situation was being monitored.",
)


def mutate_add_common_name(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """An added person whose name is a common word of the sources, capitalised ("Rose")."""
    capitalised = set(re.findall(r"\b[A-Z][a-z]+\b", sources))
    # Singular words only: "Stations said …" or "People said …" names nobody.
    words = sorted(
        {
            w
            for w in re.findall(r"\b[a-z]{4,9}\b", sources)
            if w.capitalize() not in capitalised
            and not w.endswith(("s", "ing", "ed", "ly"))  # nor "Paying", "Walked", "Sharply"
            and w not in COLLECTIVE
            and w not in STOP_WORDS  # "Then said …" names nobody either
        }
    )
    if not words:
        return None
    name = rng.choice(words).capitalize()
    sentence = rng.choice(COMMON_NAME_TEMPLATES).format(name=name)
    texts = [t for t, _ in draft.paragraphs]
    i = rng.randrange(len(texts))
    texts[i] = f"{texts[i]} {sentence}"
    return with_paragraphs(draft, texts)


# Quotations in the source texts, in any of the marks sources use.
_SOURCE_QUOTES = re.compile(r"“[^“”]*”|\"[^\"\n]*\"|(?<!\w)''.*?''|(?<!\w)‘[^‘’]*’(?!\w)|«[^«»]*»")


def mutate_quote_own_words(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """Two of the reporter's own words put in quotation marks, as if someone had said them."""
    texts = [t for t, _ in draft.paragraphs]
    quoted_in_sources = "\n".join(m.group(0) for m in _SOURCE_QUOTES.finditer(sources))
    spots = []
    for i, t in enumerate(texts):
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(t)]
        for m in re.finditer(r"(?<![\w'’-])[a-z]{4,} [a-z]{4,}(?![\w'’-])", t):
            if any(a <= m.start() < b for a, b in quoted):
                continue
            if re.search(rf"(?<!\w){re.escape(m.group(0))}(?!\w)", quoted_in_sources):
                continue  # a source quotes these words itself, alone or in a longer quote
            spots.append((i, m))
    if not spots:
        return None
    i, m = rng.choice(spots)
    texts[i] = f"{texts[i][: m.start()]}“{m.group(0)}”{texts[i][m.end() :]}"
    return with_paragraphs(draft, texts)


MUTATORS = {
    "quote_word": mutate_quote_word,
    "swap_speakers": mutate_swap_speakers,
    "number": mutate_number,
    "number_swap": mutate_number_swap,
    "number_scale": mutate_number_scale,
    "add_name": mutate_add_name,
    "add_common_name": mutate_add_common_name,
    "invent_quote": mutate_invent_quote,
    "quote_own_words": mutate_quote_own_words,
}


# --- faithful rewrites (each must be accepted) ---------------------------------------


def _outside_quotes(text: str) -> list[tuple[int, int]]:
    spans, last = [], 0
    for m in _QUOTED.finditer(text):
        spans.append((last, m.start()))
        last = m.end()
    return [*spans, (last, len(text))]


def _sub_outside(text: str, pattern: re.Pattern[str], repl, rng: random.Random) -> str | None:
    """``text`` with one match of ``pattern`` outside quotations replaced (``repl`` may say None)."""
    spots = [m for s, e in _outside_quotes(text) for m in pattern.finditer(text, s, e)]
    rng.shuffle(spots)
    for m in spots:
        new = repl(m)
        if new is not None:
            return text[: m.start()] + new + text[m.end() :]
    return None


def _one_paragraph(draft: Draft, rng: random.Random, change) -> Draft | None:
    texts = [t for t, _ in draft.paragraphs]
    order = list(range(len(texts)))
    rng.shuffle(order)
    for i in order:
        new = change(texts[i])
        if new is not None and new != texts[i]:
            texts[i] = new
            return with_paragraphs(draft, texts)
    return None


def variant_surname(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """A quoted speaker's full name written as the surname alone ("Clinton said")."""
    names = sorted({q.speaker for q in digest.quotes if len(q.speaker.split()) >= 2})
    rng.shuffle(names)
    for name in names:
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        got = _one_paragraph(draft, rng, lambda t: _sub_outside(t, pattern, lambda m: name.split()[-1], rng))
        if got is not None:
            return got
    return None


_SAID_QUOTE = re.compile(
    # a sentence's start, not a title's dot ("Speaker of the House Rep. Paul Ryan said") nor
    # the middle of a name ("Gilda Cobb-Hunter said")
    r"(?<![^.!?] )(?<!\w)(?<!Mr\. )(?<!Ms\. )(?<!Dr\. )(?<!Mrs\. )"
    r"(?<!Rep\. )(?<!Sen\. )(?<!Gov\. )(?<!Gen\. )(?<!St\. )(?<![-’'])"
    r"(?P<who>[A-Z][^.!?“”\"]{2,80}?),? said,? “(?P<q>[^“”]+?)[.,]?”\.?"
)


def variant_attribution_after(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """ "X said, “Q.”" rewritten as "“Q,” X said." """


    def change(text: str) -> str | None:
        spots = list(_SAID_QUOTE.finditer(text))
        if not spots:
            return None
        m = rng.choice(spots)
        return f"{text[: m.start()]}“{m['q']},” {m['who']} said.{text[m.end() :]}"

    return _one_paragraph(draft, rng, change)


_SMALL = {str(i): w for i, w in enumerate(("zero", "one", "two", "three", "four", "five", "six", "seven",
                                            "eight", "nine", "ten", "eleven", "twelve"))}
_NUMBER_FORM = re.compile(
    r"(?<![\w.,$£€-])(\d{1,3}),000(?![\d,.])|(?<![\w.,$£€:/-])([2-9]|1[0-2])(?![\w.,:/%-])"
)


def variant_number_form(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """A number written another way: "6" as "six", "55,000" as "55 thousand"."""

    def repl(m: re.Match[str]) -> str:
        return f"{m[1]} thousand" if m[1] else _SMALL[m[2]]

    return _one_paragraph(draft, rng, lambda t: _sub_outside(t, _NUMBER_FORM, repl, rng))


_ABBREVIATION = re.compile(r"\b(?:U\.S\.|U\.K\.|U\.N\.)(?=\s+[a-z]|[,;)])|\b(?:US|UK|UN)\b(?![-.])")


def variant_abbreviation(draft: Draft, digest: Digest, sources: str, rng: random.Random) -> Draft | None:
    """ "U.S." as "US" and back."""

    def repl(m: re.Match[str]) -> str:
        return m[0].replace(".", "") if "." in m[0] else ".".join(m[0]) + "."

    return _one_paragraph(draft, rng, lambda t: _sub_outside(t, _ABBREVIATION, repl, rng))


VARIANTERS = {
    "surname": variant_surname,
    "attribution_after": variant_attribution_after,
    "number_form": variant_number_form,
    "abbreviation": variant_abbreviation,
}


def reason_kind(reason: str) -> str:
    body = reason.split(": ", 1)[-1]
    for key in (
        "not quoted",
        "not named where",
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


def load(corpora: list[str], limit: int | None) -> list[Story]:
    """The stories of each corpus; ``name:N`` takes its first N stories."""
    stories: list[Story] = []
    for spec in corpora:
        name, _, n = spec.partition(":")
        try:
            got = LOADERS[name]()
        except FileNotFoundError as exc:
            print(f"llm_verify: corpus {name} not available: {exc}", file=sys.stderr)
            continue
        cap = int(n) if n else limit
        stories += got[:cap] if cap else got
    return stories


def analyse_stories(stories: list[Story], cache: Path | None = None) -> dict[str, Analysis]:
    """The analyse stage on every article; with ``cache``, analyses kept from an earlier run
    of the same articles are reused (spaCy is most of this bench's time)."""
    articles = [a for s in stories for a in s.articles]
    stored: dict[str, Analysis] = {}
    if cache is not None and cache.is_file():
        stored = pickle.loads(cache.read_bytes())
    key = {a.id: hashlib.sha256(a.text.encode()).hexdigest()[:16] for a in articles}
    todo = [a for a in articles if f"{a.id}:{key[a.id]}" not in stored]
    for analysis in analyse_many(todo):
        stored[f"{analysis.article_id}:{key[analysis.article_id]}"] = analysis
    if cache is not None and todo:
        cache.write_bytes(pickle.dumps(stored))
    return {a.id: stored[f"{a.id}:{key[a.id]}"] for a in articles}


def run(
    corpora: list[str],
    limit: int | None,
    seed: int,
    errors: int,
    draws: int = 1,
    cache: Path | None = None,
) -> dict:
    stories = load(corpora, limit)
    t0 = time.perf_counter()
    analyses = analyse_stories(stories, cache)
    t_analyse = time.perf_counter() - t0

    digests = 0
    false_rejections: list[tuple[str, list[str]]] = []
    tried: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    caught_by: dict[str, Counter[str]] = {m: Counter() for m in MUTATIONS}
    missed: list[tuple[str, str, str]] = []
    v_tried: Counter[str] = Counter()
    v_rejected: list[tuple[str, str, list[str], str]] = []
    per_corpus: dict[str, Counter[str]] = defaultdict(Counter)
    t1 = time.perf_counter()
    for story in stories:
        digest = write_digest(1, story.articles, analyses)
        if not digest.paragraphs:
            continue
        facts = select_facts(digest, story.articles)
        evidence = Evidence.build(story.articles, analyses, facts)
        draft = as_draft(digest, facts)
        digests += 1
        tally = per_corpus[story.corpus]
        tally["digests"] += 1
        verdict = verify(draft, evidence)
        where = f"{story.corpus}/{story.key}"
        if not verdict.ok:
            false_rejections.append((where, list(verdict.reasons)))
            tally["false_rejections"] += 1
        sources = "\n".join(f"{a.title}\n{a.text}" for a in story.articles)
        seen: set[tuple[str, Draft]] = set()  # a draw that repeats an earlier one is not counted twice
        for draw in range(draws):
            rng = random.Random(f"{seed}:{story.key}" + (f":{draw}" if draw else ""))
            for name in MUTATIONS:
                mutated = MUTATORS[name](draft, digest, sources, rng)
                if mutated is None or mutated == draft or (name, mutated) in seen:
                    continue
                seen.add((name, mutated))
                tried[name] += 1
                tally["mutations"] += 1
                result = verify(mutated, evidence)
                new_reasons = [r for r in result.reasons if r not in verdict.reasons]
                if new_reasons:
                    caught[name] += 1
                    tally["caught"] += 1
                    caught_by[name][reason_kind(new_reasons[0])] += 1
                else:
                    missed.append((name, where, _changed(mutated, draft)))
            if not verdict.ok:
                continue  # a variant of a refused digest says nothing
            for name in VARIANTS:
                variant = VARIANTERS[name](draft, digest, sources, rng)
                if variant is None or variant == draft or (name, variant) in seen:
                    continue
                seen.add((name, variant))
                v_tried[name] += 1
                result = verify(variant, evidence)
                if not result.ok:
                    v_rejected.append((name, where, list(result.reasons), _changed(variant, draft)))
    t_verify = time.perf_counter() - t1

    v_bad = Counter(name for name, *_ in v_rejected)
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
        "variants": {
            v: {
                "tried": v_tried[v],
                "rejected": v_bad[v],
                "accept_rate": round(1 - v_bad[v] / v_tried[v], 4) if v_tried[v] else None,
            }
            for v in VARIANTS
        },
        "variant_accept_rate": round(1 - len(v_rejected) / max(1, sum(v_tried.values())), 4),
        "per_corpus": {k: dict(v) for k, v in per_corpus.items()},
        "seconds": {"analyse": round(t_analyse, 1), "write_and_verify": round(t_verify, 1)},
    }
    if errors:
        report["examples"] = {
            "false_rejections": [{"story": k, "reasons": r[:5]} for k, r in false_rejections[:errors]],
            "missed": [{"mutation": m, "story": k, "paragraph": p} for m, k, p in missed[:errors]],
            "variants_rejected": [
                {"variant": v, "story": k, "reasons": r[:5], "paragraph": p}
                for v, k, r, p in v_rejected[:errors]
            ],
        }
    return report


def _changed(new: Draft, old: Draft) -> str:
    return next((m for m, (o, _) in zip(new.paragraphs, old.paragraphs) if m[0] != o), ("", ()))[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus",
        default=DEFAULT_CORPORA,
        help=f"comma-separated corpora ({', '.join(LOADERS)}); NAME:N takes its first N stories "
        f"(default {DEFAULT_CORPORA})",
    )
    ap.add_argument("--limit", type=int, default=None, help="at most N stories per corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--draws", type=int, default=2, help="mutations and variants of each kind per digest")
    ap.add_argument("--errors", type=int, default=0, help="show N false rejections and misses")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--cache", type=Path, default=None, help="keep the articles' analyses in this file between runs"
    )
    args = ap.parse_args()
    corpora = [c.strip() for c in args.corpus.split(",") if c.strip()]
    report = run(corpora, args.limit, args.seed, args.errors, args.draws, args.cache)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    print(f"digests: {report['digests']} (stories {report['stories']})")
    print(f"false rejections: {report['false_rejections']} ({100 * report['false_rejection_rate']:.1f} %)")
    for m, r in report["mutations"].items():
        rate = "n/a" if r["catch_rate"] is None else f"{100 * r['catch_rate']:.1f} %"
        print(f"  {m:<16} caught {r['caught']:>4} / {r['tried']:<4} {rate:>8}   by {r['caught_by']}")
    print(f"overall catch rate: {100 * report['overall_catch_rate']:.1f} %")
    for v, r in report["variants"].items():
        rate = "n/a" if r["accept_rate"] is None else f"{100 * r['accept_rate']:.1f} %"
        print(f"  {v:<16} accepted {r['tried'] - r['rejected']:>4} / {r['tried']:<4} {rate:>8}")
    print(f"faithful rewrites accepted: {100 * report['variant_accept_rate']:.1f} %")
    print(f"per corpus: {report['per_corpus']}")
    print(f"time: {report['seconds']}")
    for key, items in report.get("examples", {}).items():
        print(f"\n{key}:")
        for item in items:
            print("  ", json.dumps(item, ensure_ascii=False)[:600])


if __name__ == "__main__":
    main()
