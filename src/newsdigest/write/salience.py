"""How much a sentence matters to the story: centrality and concept weights.

Two signals, both computed from the story's own text (no training, no model):

- **centrality** (``Sent.score`` in [0, 1]): LexRank over TF-IDF cosine, plus support
  (the share of other outlets carrying a close sentence), plus a lead-position prior —
  news puts what matters first.
- **concept weights** (``Story.weights``): word bigrams weighted by how many articles use
  them (what several outlets say is what the story is about), boosted when they occur in
  an article's opening sentences. A summary is scored by the weight of the concepts it
  covers, each counted once, which is what makes repeating a fact worthless (the
  ICSI/Gillick–Favre concept-coverage idea, optimised greedily in ``select.py``).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .candidates import Story
from .text import concepts

LEAD_SENTENCES = 3  # an article's opening: where its most important concepts are
LEAD_BOOST = 0.5


def score(story: Story) -> None:
    """Fill ``Sent.score`` and ``Sent.concepts`` of usable sentences and ``Story.weights``."""
    usable = story.usable
    if not usable:
        return
    _centrality(story)
    for s in usable:
        s.concepts = concepts(s.text)
    story.weights = concept_weights(story)


def _centrality(story: Story) -> None:
    usable = story.usable
    rows = [s.row for s in usable]
    sim = story.sim[np.ix_(rows, rows)]
    n = len(usable)
    weights = np.where(sim > 0.05, sim, 0.0)
    np.fill_diagonal(weights, 0.0)
    sums = weights.sum(axis=1, keepdims=True)
    trans = np.divide(weights, sums, out=np.full_like(weights, 1.0 / n), where=sums > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(100):  # power iteration; converges in a few dozen steps
        new = 0.15 / n + 0.85 * rank @ trans
        if np.abs(new - rank).sum() < 1e-9:
            break
        rank = new
    lexrank = rank / rank.max()
    # Support: the share of other articles that carry a sentence close to this one.
    ids = sorted({s.article_id for s in usable})
    owner = np.array([ids.index(s.article_id) for s in usable])
    onehot = np.zeros((n, len(ids)))
    onehot[np.arange(n), owner] = 1.0
    close = ((sim >= 0.2).astype(float) @ onehot) > 0  # sentence × article
    close[np.arange(n), owner] = False
    support = close.sum(axis=1) / max(1, len(ids) - 1)
    for i, s in enumerate(usable):
        position = 1.0 / (1.0 + s.index / 2.0)
        s.score = 0.45 * float(lexrank[i]) + 0.35 * float(support[i]) + 0.20 * position


def concept_weights(story: Story) -> dict[str, float]:
    """Concept → weight: articles using it (at least two when there are three or more
    articles, else how often it recurs), times a boost for appearing in an opening."""
    usable = story.usable
    used_by: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    in_lead: set[str] = set()
    for s in usable:
        for c in s.concepts:
            used_by[c].add(s.article_id)
            count[c] += 1
            if s.index < LEAD_SENTENCES:
                in_lead.add(c)
    n_articles = len({s.article_id for s in usable})
    out: dict[str, float] = {}
    for c, arts in used_by.items():
        if n_articles >= 3:
            base = float(len(arts)) if len(arts) >= 2 else 0.0
        else:  # one or two articles: recurrence inside them is the only evidence
            base = float(count[c]) if count[c] >= 2 else 0.25
        if base > 0:
            out[c] = base * (1.0 + LEAD_BOOST * (c in in_lead))
    return out
