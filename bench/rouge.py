"""ROUGE of the extractive writer against classic extractive baselines, on DUC-layout data.

    python bench/rouge.py [--data DIR] [--words 100] [--peers lexrank,textrank,lsa,lead] [--whole] [--json]

Layout (as DUC/TAC distribute it, one sentence per line):
    DIR/docs/<cluster>/*.txt          the cluster's documents (every file when none ends in .txt)
    DIR/references/<cluster>.*        one human reference summary per file (DUC's own names,
                                      "D30001.M.100.T.A" for the folder "d30001t", are matched too)

Files are read as UTF-8, or as Windows-1252 when they are not (older newswire copies). A
document file may also be the newswire's own SGML, as DUC 2004 ships its documents
(``<DOC><DOCNO>APW19981016.0240</DOCNO> … <TEXT>…</TEXT></DOC>``, lines wrapped at 80
columns) and TAC its own (``<DOC id="…">``, a headline, paragraphs indented or in ``<P>``),
one document or several to a file: each ``<DOC>`` is one
document, its text is split into sentences by the pipeline's own splitter (spaCy, with the
analyse stage's corrections), and those sentences are the lines every system is given. No
system is given the headline or the date (DUC 2004's own copies have neither but the date in
the DOCNO; given to our writer, the DOCNO's date cost ROUGE-2 0.0500 → 0.0486 on the PolNeAR
clusters written that way, ``rouge_polnear.py --rotate --sgml``).

For each cluster every system writes a summary of at most ``--words`` words; ROUGE-1
and ROUGE-2 recall (rouge-score, Porter stemmer) are averaged over the references, then
over clusters. Systems: ours (``newsdigest.write.summarize``), sumy's LexRank, TextRank
and LSA, and a lead baseline (the first words of the first document). The sumy
baselines are given the same sentences (the lines) and are cut to the same number of
words, as DUC evaluation cuts every system. So is ours: ``summarize(..., fill=True)`` tells
its whole sentences and then the best next one up to the budget (``--whole``: whole
sentences only, which stop a few words short).

It also checks every digest our writer makes here (the ``summarize`` ones and a full
``write_digest`` per cluster): the share of quotes that are verbatim in their source with
the speaker the analyse stage found, and the share of digest sentences that carry
provenance (a cited span inside or around them). Both must be 100 %.

Provenance of a digest sentence means: it contains verbatim cited source text, and what no
citation covers is at most ``MAX_UNCITED_WORDS`` words of attribution ("<role> <name>
<verb>, “"); sentences are split without breaking after "Mr." or "Sen.".

The default data is bench/data/rouge-dev: six small clusters of fictional news written
for this project (see its README); its figures are pinned in bench/floors.json ("rouge")
and gated by tests/test_floors_rouge.py. A larger development set is built from PolNeAR
texts by bench/rouge_polnear.py (written outside the repository). Point ``--data`` at a
DUC 2004 task 2 copy you hold a licence for to get the figures that compare with the
published ones (those use ROUGE-1.5.5; rouge-score tokenises slightly differently).

Cost: sumy's LexRank and TextRank are pure Python and quadratic in sentences; each is
called once per cluster (ranking all sentences, then the fewest top ones that reach the
budget are kept), which on 10-document clusters still takes tens of seconds per cluster.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

from rouge_score import rouge_scorer

from newsdigest.analyse import analyse_many, nlp, sentence_spans
from newsdigest.datelines import dateline_length
from newsdigest.records import Analysis, Article, Digest
from newsdigest.write import summarize, write_digest

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "data" / "rouge-dev"
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Document:
    id: str  # "<cluster>/<file>", or "<cluster>/<DOCNO>" for SGML newswire
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    name: str
    documents: tuple[Document, ...]
    references: tuple[str, ...]


def _read(path: Path) -> str:
    """A file's text: UTF-8, or Windows-1252 for the older newswire copies that are not."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _reference_files(data: Path, cluster: str) -> list[Path]:
    """``references/<cluster>.*``; failing that, the same name in any case and without the
    assessor letter DUC puts on document folders ("d30001t" for "D30001.M.100.T.A")."""
    refs = sorted((data / "references").glob(f"{cluster}.*"))
    if refs or not (data / "references").is_dir():
        return refs
    names = {cluster.lower(), cluster.lower().rstrip("abcdefghijklmnopqrstuvwxyz")}
    return sorted(r for r in (data / "references").iterdir()
                  if r.is_file() and r.name.split(".")[0].lower() in names)


_SGML_DOC = re.compile(r"<DOC\b[^>]*>(.*?)</DOC>", re.S | re.I)  # AQUAINT-2/TAC: <DOC id="…" type="story">
_TAG = re.compile(r"<[^<>]{1,200}>")
# The wire's notes to its editors: "(STORY CAN END HERE. OPTIONAL 2ND TAKE FOLLOWS.)", "(END OPTIONAL TRIM)".
_WIRE_NOTE = re.compile(r"\((?=[^()]*\s)[A-Z0-9][A-Z0-9 .,;:'-]{8,}\)")
_PARAGRAPH_TAG = re.compile(r"</?P>", re.I)


def _field(doc: str, tag: str) -> str:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", doc, re.S | re.I)
    return m.group(1) if m else ""


def _marks(text: str) -> str:
    """The newswire's ASCII quote marks as the marks they stand for, in a text that opens its
    quotes with them: ``like this'' and `this' (AP copy in the LDC corpora DUC draws on). A
    text without them is left alone: the NYT archive's ''like this'' is read as it is."""
    if "``" not in text:
        return text
    # a single mark closing inside a double one: ``She told me `no.'''
    return text.replace("``", "“").replace("'''", "’”").replace("''", "”").replace("`", "‘")


_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "md": "—", "quot": '"', "apos": "'"}
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,4});")


def _plain(markup: str) -> str:
    """Tags and layout codes out first, then the escapes undone in one pass (so "&LT;" text
    is never read as a tag, and "M&AMP;Ms;" never as a layout code)."""
    text = _WIRE_NOTE.sub(" ", _TAG.sub(" ", markup))
    return _ENTITY.sub(lambda m: _ENTITIES.get(m.group(1).lower(), " "), text)


def _paragraphs(text: str) -> list[str]:
    """A newswire TEXT field's paragraphs, each on one line: ``<P>`` marks them, else a
    blank line or a line indented deeper than the text's wrapped lines starts one."""
    if _PARAGRAPH_TAG.search(text):
        chunks = _PARAGRAPH_TAG.split(text)
    else:
        lines = text.expandtabs(8).splitlines()
        margin = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
        chunks, current = [], []
        for line in lines:
            if not line.strip() or len(line) - len(line.lstrip()) > margin:
                chunks.append("\n".join(current))
                current = []
            current.append(line)
        chunks.append("\n".join(current))
    return [p for p in (" ".join(_plain(c).split()) for c in chunks) if p]


def sgml_documents(text: str, folder: str, fallback: str) -> list[Document]:
    """The ``<DOC>`` elements of a newswire SGML file (one or several), each with the
    sentences of its TEXT; ``fallback`` names a DOC without DOCNO."""
    out = []
    for k, m in enumerate(_SGML_DOC.finditer(text)):
        doc = m.group(1)
        own = re.match(r"<DOC\b[^>]*?\bid=\"([^\"]+)\"", m.group(0), re.I)  # AQUAINT-2: <DOC id="APW_ENG_…">
        docno = (" ".join(_plain(_field(doc, "DOCNO")).split()) or (own.group(1) if own else "")
                 or (fallback if k == 0 else f"{fallback}.{k}"))
        sents: list[str] = []
        for para in _paragraphs(_marks(_field(doc, "TEXT"))):
            spans = sentence_spans(nlp()(para))
            if len(spans) > 1 and dateline_length(para[: spans[0][1]] + " ") > spans[0][1] - spans[0][0]:
                spans[:2] = [(spans[0][0], spans[1][1])]  # "PHNOM PENH, Cambodia (AP) _" opens the first sentence
            sents.extend(para[s:e] for s, e in spans)
        if sents:
            out.append(Document(f"{folder}/{docno}", tuple(sents)))
    return out


def load(data: Path) -> list[Cluster]:
    clusters = []
    for folder in sorted(p for p in (data / "docs").iterdir() if p.is_dir()):
        docs: list[Document] = []
        files = sorted(folder.glob("*.txt")) or sorted(f for f in folder.iterdir()
                                                       if f.is_file() and not f.name.startswith("."))
        for f in files:
            text = _read(f)
            name = f.name.removesuffix(".txt")  # "APW19981016.0240" whole
            if _SGML_DOC.search(text):
                docs.extend(sgml_documents(text, folder.name, name))
                continue
            lines = tuple(line.strip() for line in _marks(text).splitlines() if line.strip())
            docs.append(Document(f"{folder.name}/{name}", lines))
        refs = tuple(_read(r).strip() for r in _reference_files(data, folder.name))
        if docs and refs:
            clusters.append(Cluster(folder.name, tuple(docs), refs))
    return clusters


def cut(text: str, words: int) -> str:
    return " ".join(WORD.findall(text)[:words])


# --- systems ----------------------------------------------------------------------------


class _LineTokenizer:
    """Sentences are the given lines; words are runs of letters/digits (sumy's own
    tokenizer needs NLTK's punkt data, which is not installed offline)."""

    @staticmethod
    def to_sentences(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.strip()]

    @staticmethod
    def to_words(text: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?", text)


def sumy_system(kind: str) -> Callable[[Cluster, int], str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}
    tokenizer = _LineTokenizer()

    def run(cluster: Cluster, words: int) -> str:
        doc = ObjectDocumentModel(
            tuple(Paragraph(tuple(Sentence(s, tokenizer) for s in d.sentences)) for d in cluster.documents)
        )
        summarizer = classes[kind](Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        # One ranking per document set: sumy takes a callable count, handed the sentences
        # best first; keep the fewest top ones that reach the budget (then document order).
        def enough(infos):  # type: ignore[no-untyped-def]
            kept, n = [], 0
            for info in infos:
                kept.append(info)
                n += len(WORD.findall(str(info.sentence)))
                if n >= words:
                    break
            return kept

        return cut(" ".join(str(s) for s in summarizer(doc, enough)), words)

    return run


def lead_system(cluster: Cluster, words: int) -> str:
    return cut(" ".join(cluster.documents[0].sentences), words)


def articles_of(cluster: Cluster) -> list[Article]:
    return [
        Article(id=d.id, text="\n".join(d.sentences), source=d.id.split("/")[-1], title="")
        for d in cluster.documents
    ]


# --- checks on our digests --------------------------------------------------------------


def quote_checks(d: Digest, articles: dict[str, Article], analyses: dict[str, Analysis]) -> tuple[int, int]:
    """(quotes verbatim with the analysed speaker, quotes)."""
    ok = 0
    for q in d.quotes:
        art = articles[q.article_id]
        found = [
            a
            for a in analyses[q.article_id].quotes
            if a.start <= q.start and q.end <= a.end and a.speaker == q.speaker
        ]
        if art.text[q.start : q.end] == q.text and found and q.speaker.split()[-1] in art.text:
            ok += 1
    return ok, len(d.quotes)


_SENT_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"A-Z0-9])")
# Not a sentence end: titles, initials, months ("Mr. Trump", "J. Smith", "Nov. 19").
_NO_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr|Prof|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
    r"Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|vs|U\.S|D\.C)|\b[A-Z])\.[”\"’']?$"
)
MAX_UNCITED_WORDS = 14  # attribution we add around a quote: "<role> <name> <verb>, “"


def digest_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, not split after "Mr." or "Sen."."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if _NO_END.search(text[pos : m.start() + len(m.group(0).rstrip())].rstrip()):
            continue
        out.append((pos, m.start() + len(m.group(0).rstrip())))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def provenance_checks(d: Digest, articles: dict[str, Article]) -> tuple[int, int]:
    """(digest sentences with provenance, digest sentences).

    A sentence has provenance when it contains verbatim cited source text and what no
    citation covers is at most a short attribution (``MAX_UNCITED_WORDS`` words)."""
    ok = total = 0
    for p in d.paragraphs:
        covered = [False] * len(p.text)
        pos = 0
        for c in p.citations:
            span = articles[c.article_id].text[c.start : c.end]
            at = p.text.find(span, pos) if span else -1
            if at >= 0:
                covered[at : at + len(span)] = [True] * len(span)
                pos = at + len(span)
        for s, e in digest_sentences(p.text):
            total += 1
            uncited = "".join(" " if covered[i] else p.text[i] for i in range(s, e))
            if any(covered[s:e]) and len(re.findall(r"\w+", uncited)) <= MAX_UNCITED_WORDS:
                ok += 1
    return ok, total


# --- run --------------------------------------------------------------------------------


PEERS = ("lexrank", "textrank", "lsa", "lead")


def evaluate(clusters: Sequence[Cluster], words: int, peers: Sequence[str] = PEERS, fill: bool = True) -> dict:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    systems: dict[str, Callable[[Cluster, int], str]] = {
        "newsdigest": lambda c, n: "",  # filled per cluster below (needs the analyses)
    }
    for name in peers:
        systems[name] = lead_system if name == "lead" else sumy_system(name)
    scores: dict[str, dict[str, list[float]]] = {s: {"rouge1": [], "rouge2": []} for s in systems}
    quotes_ok = quotes_all = prov_ok = prov_all = 0
    per_cluster = []
    for cluster in clusters:
        arts = articles_of(cluster)
        analyses = {a.id: an for a, an in zip(arts, analyse_many(arts))}
        by_id = {a.id: a for a in arts}
        ours = summarize(arts, analyses, words=words, fill=fill)
        full = write_digest(0, arts, analyses)
        for d in (ours, full):
            q_ok, q_all = quote_checks(d, by_id, analyses)
            p_ok, p_all = provenance_checks(d, by_id)
            quotes_ok, quotes_all, prov_ok, prov_all = (
                quotes_ok + q_ok,
                quotes_all + q_all,
                prov_ok + p_ok,
                prov_all + p_all,
            )
        row = {
            "cluster": cluster.name,
            "our_words": ours.word_count,
            "digest_words": full.word_count,
            "digest_paragraphs": len(full.paragraphs),
            "digest_quotes": len(full.quotes),
        }
        for name, system in systems.items():
            # Ours is cut as the peers are (words as runs of letters and digits: "U.S." is two).
            text = (
                cut(" ".join(p.text for p in ours.paragraphs), words) if name == "newsdigest" else system(cluster, words)
            )
            assert len(WORD.findall(text)) <= words, (name, cluster.name)
            r = [scorer.score(ref, text) for ref in cluster.references]
            for metric in ("rouge1", "rouge2"):
                value = mean(x[metric].recall for x in r)
                scores[name][metric].append(value)
                row[f"{name}_{metric}"] = round(value, 4)
        per_cluster.append(row)
    return {
        "clusters": len(clusters),
        "words": words,
        "systems": {
            name: {m: round(mean(v), 4) for m, v in metrics.items()} for name, metrics in scores.items()
        },
        "quotes_verbatim_right_speaker": {
            "ok": quotes_ok,
            "total": quotes_all,
            "share": round(quotes_ok / quotes_all, 4) if quotes_all else 1.0,
        },
        "sentences_with_provenance": {
            "ok": prov_ok,
            "total": prov_all,
            "share": round(prov_ok / prov_all, 4) if prov_all else 1.0,
        },
        "per_cluster": per_cluster,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--peers",
        default=",".join(PEERS),
        help="comma-separated peers to run beside ours (sumy's are slow on large sets; '' for none)",
    )
    parser.add_argument(
        "--whole", action="store_true",
        help="ours in whole sentences only (the default fills the budget with the next sentence, cut, as the peers are)",
    )
    args = parser.parse_args(argv)
    peers = tuple(p for p in args.peers.split(",") if p)
    unknown = set(peers) - set(PEERS)
    if unknown:
        print(f"rouge: unknown peers {sorted(unknown)} (known: {', '.join(PEERS)})", file=sys.stderr)
        return 2
    clusters = load(args.data)
    if not clusters:
        print(f"rouge: no clusters under {args.data}/docs with references", file=sys.stderr)
        return 1
    result = evaluate(clusters, args.words, peers, fill=not args.whole)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"ROUGE recall, {result['words']}-word summaries, {result['clusters']} clusters ({args.data})")
    print(f"{'system':<12} {'ROUGE-1':>8} {'ROUGE-2':>8}")
    for name, m in result["systems"].items():
        print(f"{name:<12} {m['rouge1']:>8.4f} {m['rouge2']:>8.4f}")
    q, p = result["quotes_verbatim_right_speaker"], result["sentences_with_provenance"]
    print(f"quotes verbatim with the analysed speaker: {q['ok']}/{q['total']} ({q['share']:.0%})")
    print(f"digest sentences with provenance:          {p['ok']}/{p['total']} ({p['share']:.0%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
