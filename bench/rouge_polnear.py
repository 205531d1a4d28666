"""Build a second, larger ROUGE dev set from PolNeAR news texts (development only).

    python bench/rouge_polnear.py [--out /tmp/newsdigest-rouge-polnear]
    python bench/rouge.py --data /tmp/newsdigest-rouge-polnear

PolNeAR (../shared/data/quotes/polnear, 924 US political news articles from seven
outlets, Nov 2015 – Oct 2016) has no summaries and no story clusters, so both are made
here, deterministically, and written in the DUC layout OUTSIDE the repository (the texts
are not ours to redistribute):

- **clusters**: articles whose TF-IDF cosine is at least ``--link`` and whose dates are at
  most three days apart are linked; connected groups of four or more articles, capped at
  eleven by closeness to the group's centroid, become clusters. That groups reports of the
  same event (a primary night, a debate, a convention speech) — looser than DUC's hand-made
  clusters, so expect lower absolute scores.
- **pseudo-references**: the article closest to the cluster's centroid (and the next
  closest, when the cluster has six or more) is held out, and its lead (whole sentences up to about 100 words, title dropped) is the reference
  summary; the other articles are the documents to summarise. An outlet's lead is the
  journalist's own summary of the event, which makes it a usable if imperfect stand-in for
  a human abstract; it favours lead-heavy systems, the lead baseline included, which is
  why that baseline runs beside ours. Titles are dropped from the documents too: DUC
  gives only sentences.

With ``--rotate`` every article of a cluster is held out in turn instead (its lead the one
reference, the others the documents): about seven times as many clusters from the same
texts, a leave-one-out check that judges a change to the writer on many pseudo-references
per event rather than one or two (168 clusters at the default link)::

    python bench/rouge_polnear.py --rotate --out /tmp/newsdigest-rouge-polnear-rot
    python bench/rouge.py --data /tmp/newsdigest-rouge-polnear-rot

Sentences are split with a plain punctuation rule (one per line), the same lines every
system is given.

With ``--sgml`` the documents are written as DUC 2004 ships its own instead: newswire SGML
(``<DOC>``, ``<DOCNO>``, ``<TEXT>``; no headline, no date but the one in the DOCNO, the
paragraphs run together and wrapped at 72 columns, quote marks as the wire's ASCII
``\`\`…''``), files named by DOCNO without ".txt", folders "d3NNNNt" and references
"D3NNNN.M.100.T.A": the same clusters, to check that ``bench/rouge.py`` reads a DUC copy as
distributed as well as the sentence layout (it splits the sentences itself, and no line
break tells it where a paragraph ends, so the figures differ a little)::

    python bench/rouge_polnear.py --sgml --out /tmp/newsdigest-rouge-polnear-sgml
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import textwrap
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDIGEST_SHARED_DATA", ROOT / ".." / "shared" / "data"))
POLNEAR = SHARED / "quotes" / "polnear"
_SPLIT_KEEP = re.compile(r"(?<=[.!?][”\"’'])\s+|(?<=[.!?])\s+(?=[“\"‘A-Z0-9])")
# Not a sentence end: titles, initials, months ("Mr. Trump", "J. Smith", "Nov. 19").
_NO_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Prof|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|vs|U\.S|D\.C)|\b[A-Z])\.$",
    re.IGNORECASE,
)


def sentences(body: str) -> list[str]:
    out: list[str] = []
    new_para = True
    for para in re.split(r"\n\s*\n|\n", body):
        para = " ".join(para.split())
        for piece in (s.strip() for s in _SPLIT_KEEP.split(para) if s.strip()):
            if out and _NO_END.search(out[-1]) and not new_para:
                out[-1] = f"{out[-1]} {piece}"
            else:
                out.append(piece)
            new_para = False
        new_para = True
    return out


def load() -> list[dict]:
    rows = []
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = POLNEAR / row["compartment"] / "text" / f"{row['filename']}.txt"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            title, _, body = text.partition("\n")
            sents = sentences(body)
            if len(sents) < 8:
                continue
            rows.append(
                {
                    "name": row["filename"],
                    "date": date.fromisoformat(row["publication_date"]),
                    "sents": sents,
                    "body": body,
                }
            )
    return sorted(rows, key=lambda r: (r["date"], r["name"]))


def clusters(rows: list[dict], link: float) -> list[list[int]]:
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2, max_df=0.3)
    x = vec.fit_transform(" ".join(r["sents"]) for r in rows)
    sim = (x @ x.T).toarray()
    days = np.array([r["date"].toordinal() for r in rows])
    near = np.abs(days[:, None] - days[None, :]) <= 3
    adj = (sim >= link) & near
    np.fill_diagonal(adj, False)
    seen: set[int] = set()
    groups = []
    for i in range(len(rows)):
        if i in seen:
            continue
        stack, group = [i], []
        seen.add(i)
        while stack:
            j = stack.pop()
            group.append(j)
            for k in np.flatnonzero(adj[j]):
                if int(k) not in seen:
                    seen.add(int(k))
                    stack.append(int(k))
        if len(group) >= 4:
            centroid = np.asarray(x[group].mean(axis=0)).ravel()
            close = sorted(group, key=lambda g: (-float((x[g] @ centroid)[0]), rows[g]["name"]))
            groups.append(close[:11])
    return groups


def lead(sents: list[str], words: int = 100) -> str:
    out: list[str] = []
    n = 0
    for s in sents:
        if n >= words * 0.8:
            break
        out.append(s)
        n += len(s.split())
    return " ".join(out)


def _wire_marks(text: str) -> str:
    """Double quote marks as the wire's ASCII: \`\` to open, '' to close."""
    text = text.replace("“", "``").replace("”", "''")
    return re.sub(r'(^|(?<=[\s(\[—-]))"', "``", text).replace('"', "''")


def sgml(row: dict, docno: str) -> str:
    """One article as DUC 2004 ships its documents: TDT newswire SGML with no headline and
    no date but the DOCNO's, the text's paragraphs run together and wrapped at 72 columns."""
    text = textwrap.fill(_wire_marks(" ".join(row["body"].split())), 72)
    text = text.replace("&", "&AMP;").replace("<", "&LT;").replace(">", "&GT;")
    return (
        f"<DOC>\n<DOCNO> {docno} </DOCNO>\n<DOCTYPE> NEWS </DOCTYPE>\n<TXTTYPE> NEWSWIRE </TXTTYPE>\n"
        f"<TEXT>\n{text}\n</TEXT>\n</DOC>\n"
    )


def _write_cluster(out: Path, n: int, name: str, docs: list[dict], held: list[dict], as_sgml: bool) -> None:
    if as_sgml:  # DUC's own names: folder "d30001t", references "D30001.M.100.T.A"
        folder = out / "docs" / f"d3{n:04d}t"
        folder.mkdir(parents=True)
        for k, d in enumerate(docs):
            docno = f"{d['name'][:3].upper()}{d['date']:%Y%m%d}.{k:04d}"
            (folder / docno).write_text(sgml(d, docno), encoding="utf-8")
        for ref, h in zip("AB", held):
            (out / "references" / f"D3{n:04d}.M.100.T.{ref}").write_text(lead(h["sents"]) + "\n", encoding="utf-8")
        return
    folder = out / "docs" / name
    folder.mkdir(parents=True)
    for d in docs:
        (folder / f"{d['name']}.txt").write_text("\n".join(d["sents"]) + "\n", encoding="utf-8")
    for ref, h in zip("AB", held):
        (out / "references" / f"{name}.{ref}").write_text(lead(h["sents"]) + "\n", encoding="utf-8")


def build(out: Path, link: float, rotate: bool = False, as_sgml: bool = False) -> int:
    rows = load()
    groups = clusters(rows, link)
    if out.exists():
        shutil.rmtree(out)
    (out / "references").mkdir(parents=True)
    if rotate:
        return _build_rotated(out, rows, groups, as_sgml)
    for n, group in enumerate(groups, 1):
        keep_out = 2 if len(group) >= 6 else 1  # two references where the cluster affords it
        held, docs = [rows[g] for g in group[:keep_out]], [rows[g] for g in group[keep_out:]]
        _write_cluster(out, n, f"p{n:02d}-{held[0]['date'].isoformat()}", docs, held, as_sgml)
    return len(groups)


def _build_rotated(out: Path, rows: list[dict], groups: list[list[int]], as_sgml: bool = False) -> int:
    """Every article of every cluster held out in turn (its lead the one reference, the
    others the documents): several times more clusters from the same texts, so a change
    to the writer is judged on more than one pseudo-reference per event."""
    made = 0
    for n, group in enumerate(groups, 1):
        for k, held in enumerate(group):
            docs = [rows[g] for g in group if g != held]
            name = f"p{n:02d}r{k:02d}-{rows[held]['date'].isoformat()}"
            _write_cluster(out, n * 100 + k, name, docs, [rows[held]], as_sgml)
            made += 1
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/newsdigest-rouge-polnear"))
    parser.add_argument("--link", type=float, default=0.12, help="cosine that links two articles")
    parser.add_argument(
        "--rotate",
        action="store_true",
        help="hold out every article of a cluster in turn (one cluster per held-out article)",
    )
    parser.add_argument("--sgml", action="store_true", help="write the documents as DUC 2004's newswire SGML")
    args = parser.parse_args()
    if not POLNEAR.exists():
        print(f"rouge_polnear: no PolNeAR data at {POLNEAR}")
        return 1
    if ROOT in args.out.resolve().parents:
        print("rouge_polnear: refusing to write third-party texts inside the repository")
        return 1
    n = build(args.out, args.link, args.rotate, args.sgml)
    print(f"{n} clusters written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
