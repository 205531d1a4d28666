"""Clustering quality metrics shared by the benches: pairwise and B-cubed P/R/F1, NMI.

All are computed from the contingency table of (gold, predicted) labels, so they cost
O(n) rather than O(n²) pairs and run on a million items.

- pairwise: over all item pairs, a pair is "predicted together" when both items share
  a predicted cluster; precision = correct together-pairs / predicted together-pairs.
- B-cubed (Bagga & Baldwin 1998): per item, precision = share of its predicted cluster
  that is in its gold cluster, recall = share of its gold cluster that is in its
  predicted cluster; averaged over items.
- NMI: scikit-learn ``normalized_mutual_info_score`` (arithmetic mean normalisation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass

from sklearn.metrics import normalized_mutual_info_score


@dataclass(frozen=True)
class Scores:
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    nmi: float
    n_items: int
    n_gold: int
    n_pred: int

    def as_dict(self) -> dict[str, float]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    joint = Counter(zip(gold, pred))
    together_both = sum(_pairs(n) for n in joint.values())
    together_pred = sum(_pairs(n) for n in Counter(pred).values())
    together_gold = sum(_pairs(n) for n in Counter(gold).values())
    # No predicted pairs means no wrong pair was claimed: precision 1 by convention.
    p = together_both / together_pred if together_pred else 1.0
    r = together_both / together_gold if together_gold else 1.0
    return p, r, _f1(p, r)


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[float, float, float]:
    n = len(gold)
    if n == 0:
        return 1.0, 1.0, 1.0
    joint = Counter(zip(gold, pred))
    gold_size = Counter(gold)
    pred_size = Counter(pred)
    # Each of the n_ij items in cell (i, j) has precision n_ij / |pred j| and recall
    # n_ij / |gold i|; summing over the cell gives n_ij² / size.
    p = sum(c * c / pred_size[j] for (_, j), c in joint.items()) / n
    r = sum(c * c / gold_size[i] for (i, _), c in joint.items()) / n
    return p, r, _f1(p, r)


def score(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> Scores:
    if len(gold) != len(pred):
        raise ValueError(f"metrics: {len(gold)} gold labels but {len(pred)} predicted")
    pp, pr, pf = pairwise(gold, pred)
    bp, br, bf = bcubed(gold, pred)
    nmi = float(normalized_mutual_info_score(list(map(str, gold)), list(map(str, pred)))) if gold else 1.0
    return Scores(pp, pr, pf, bp, br, bf, nmi, len(gold), len(set(gold)), len(set(pred)))
