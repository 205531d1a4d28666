"""Which sentences of a story told by several articles are about something else.

An article rarely holds only the story it was clustered into: a morning newsletter runs
several items, one of them the story; an outlet adds a line about who owns it. A sentence
that nothing ties to the story's other articles — no shared name, two-word phrase or close
wording, not even through the sentences around it in its own article — is such an item:
``candidates`` sets it aside (``Story.set_aside``, counted as "off_topic"), and it still
counts for centrality but the writer does not choose it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ..records import Analysis, Article
from .text import STOP, words


class Sentence(Protocol):
    """What ``off_topic`` reads of a source sentence (a ``candidates.Sent``)."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    row: int
    reason: str

    @property
    def key(self) -> tuple[str, int]: ...


# What ties a sentence to the rest of its story (``off_topic``): a name (these entity
# labels; NORP words such as "American" would tie everything), a phrase of two content
# words, or close wording (TF-IDF cosine ≥ CROSS_TIE) shared with another article; inside
# one article, any shared word (cosine ≥ INNER_TIE) or being the next sentence.
_TIE_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
CROSS_TIE = 0.2
INNER_TIE = 0.05


def off_topic(
    sents: Sequence[Sentence], sim: np.ndarray, order: Sequence[Article], analyses: Mapping[str, Analysis]
) -> list[int]:
    """Rows of usable sentences that nothing ties to the other articles of the story.

    A sentence is on topic when it shares a name, a two-word phrase or close wording with
    another article, or when it hangs on such a sentence of its own article: through a
    shared word, or by following it directly (a report runs on from sentence to sentence).
    What is left is a roundup's other items — a morning newsletter's "Two former college
    punters died …" in a DNC story; its items are parted by headings and source tags, which
    are not usable sentences, so the run stops there — and asides such as an outlet's
    ownership line. Nothing is dropped from a single article, nor when nothing at all ties
    the articles together.
    """
    usable = [s for s in sents if not s.reason]
    if len({s.article_id for s in usable}) < 2:
        return []
    # Which articles use each name and each phrase.
    ents = {a.id: [e for e in analyses[a.id].entities if e.label in _TIE_LABELS] for a in order}
    users: dict[str, set[str]] = defaultdict(set)
    for aid, es in ents.items():
        for e in es:
            for k in _name_keys(e.text, e.label):
                users["n:" + k].add(aid)
    phrases = {s.row: _phrases(s.text) for s in sents}
    for s in sents:
        for k in phrases[s.row]:
            users["p:" + k].add(s.article_id)
    owner = np.array([s.article_id for s in sents])
    rows = np.array([s.row for s in usable])
    own = owner[rows]
    # One article's block at a time: a 60-article story has thousands of sentences, and a
    # whole masked copy of ``sim`` would cost as much memory as ``sim`` itself.
    cross = np.zeros(len(rows))
    blocks = {aid: np.flatnonzero(own == aid) for aid in dict.fromkeys(own.tolist())}
    for aid, mine in blocks.items():
        others = np.flatnonzero(owner != aid)
        if others.size:
            cross[mine] = sim[np.ix_(rows[mine], others)].max(axis=1)
    tied = cross >= CROSS_TIE
    for i, s in enumerate(usable):
        if not tied[i]:
            inside = (e for e in ents[s.article_id] if s.start <= e.start and e.end <= s.end)
            keys = {"n:" + k for e in inside for k in _name_keys(e.text, e.label)}
            keys |= {"p:" + k for k in phrases[s.row]}
            tied[i] = any(users[k] - {s.article_id} for k in keys)
    if not tied.any():
        return []
    # Links inside each article only: shared words, and each sentence to the one before it.
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    for mine in blocks.values():
        a, b = np.nonzero(sim[np.ix_(rows[mine], rows[mine])] >= INNER_TIE)
        src.append(mine[a])
        dst.append(mine[b])
    at = {s.key: i for i, s in enumerate(usable)}
    pairs = [(i, j) for i, s in enumerate(usable) if (j := at.get((s.article_id, s.index - 1))) is not None]
    if pairs:
        src.append(np.array([i for i, _ in pairs]))
        dst.append(np.array([j for _, j in pairs]))
    i_all, j_all = np.concatenate(src), np.concatenate(dst)
    links = csr_matrix((np.ones(len(i_all)), (i_all, j_all)), shape=(len(usable), len(usable)))
    _, part = connected_components(links, directed=False)
    on_topic = set(part[tied].tolist())
    return [s.row for s, p in zip(usable, part.tolist()) if p not in on_topic]


def _name_keys(name: str, label: str) -> set[str]:
    """"the Democratic National Committee" → {"democratic national committee"}; a person's
    surname stands for them too ("Debbie Wasserman Schultz" → also "schultz")."""
    name = re.sub(r"^the\s+|['’]s$", "", " ".join(name.split()), flags=re.IGNORECASE)
    keys = {name.casefold()} if name else set()
    parts = name.split()
    if label == "PERSON" and len(parts) > 1:
        keys.add(parts[-1].casefold())
    return keys


def _phrases(text: str) -> set[str]:
    """Word pairs of two content words ("email leak", "interim chair")."""
    content = [w if w not in STOP and len(w) > 1 else "" for w in words(text)]
    return {f"{a} {b}" for a, b in zip(content, content[1:]) if a and b}
