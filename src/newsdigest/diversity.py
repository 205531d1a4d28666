"""Coverage diversity: how a story's outlets spread over their operators' labels.

Labels are free strings; ``key:value`` ones (``country:uk``, ``ownership:public``) form
dimensions. Outlets are counted, not articles: one outlet's five articles are one voice.
Only outlets with a report of their own are counted; outlets that only reprint another's
(wire) story are counted apart, so ten papers carrying one AP story do not look like
coverage from ten places, and the one-country flag is not cleared by a reprint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Dimensions shown first, in this order; any other ``key:value`` label follows, by key.
PREFERRED = ("country", "language", "ownership")
# Values that read better upper-cased (country and language codes).
_CODES = {"country", "language"}


@dataclass(frozen=True, slots=True)
class Dimension:
    key: str  # "country"
    counts: tuple[tuple[str, int], ...]  # ("UK", 3), ("US", 1): most outlets first
    unlabelled: int  # outlets of the story without a label of this key

    @property
    def text(self) -> str:
        """ "UK 3 · US 1"."""
        return " · ".join(f"{v} {n}" for v, n in self.counts)


@dataclass(frozen=True, slots=True)
class Coverage:
    outlets: int  # outlets with an independent report
    dimensions: tuple[Dimension, ...]  # over those outlets only
    one_sided: tuple[str, ...]  # dimension keys where every labelled independent outlet shares one value
    reprinting: int = 0  # outlets whose only articles are reprints: not in ``dimensions``
    reprint_dimensions: tuple[Dimension, ...] = ()  # the reprinting outlets' labels, apart

    @property
    def reprint_text(self) -> str:
        """ "country: US 2; ownership: Private 1" — the reprinting outlets' labels."""
        return "; ".join(f"{d.key}: {d.text}" for d in self.reprint_dimensions)

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)


def split_label(label: str) -> tuple[str, str] | None:
    """ "country:UK" → ("country", "uk"); a label without a key is None."""
    key, sep, value = label.partition(":")
    key, value = key.strip().lower(), value.strip()
    if not sep or not key or not value:
        return None
    return key, value.lower()


def normalise_label(label: str) -> str:
    """Labels are compared lower-case, ``key:value`` without spaces round the colon."""
    parts = split_label(label)
    return f"{parts[0]}:{parts[1]}" if parts else " ".join(label.split()).lower()


def merge_labels(old: Iterable[str], new: Iterable[str]) -> list[str]:
    """``old`` with ``new`` added; a new ``key:value`` replaces an old one of the same key
    (an outlet has one country), a plain label is just added."""
    merged = [normalise_label(x) for x in old]
    for label in (normalise_label(x) for x in new):
        if not label:
            continue
        parts = split_label(label)
        if parts:
            merged = [m for m in merged if (split_label(m) or ("", ""))[0] != parts[0]]
        if label not in merged:
            merged.append(label)
    return merged


def _shown(key: str, value: str) -> str:
    return value.upper() if key in _CODES and len(value) <= 3 else value.capitalize()


def _dimensions(outlet_labels: Mapping[str, Iterable[str]]) -> tuple[Dimension, ...]:
    per_key: dict[str, Counter[str]] = {}
    labelled: Counter[str] = Counter()
    for labels in outlet_labels.values():
        seen: dict[str, str] = {}
        for label in labels:
            parts = split_label(label)
            if parts and parts[0] not in seen:  # one value per key per outlet
                seen[parts[0]] = parts[1]
        for key, value in seen.items():
            per_key.setdefault(key, Counter())[value] += 1
            labelled[key] += 1
    order = sorted(per_key, key=lambda k: (PREFERRED.index(k) if k in PREFERRED else len(PREFERRED), k))
    total = len(outlet_labels)
    return tuple(
        Dimension(
            key=k,
            counts=tuple((_shown(k, v), n) for v, n in sorted(per_key[k].items(), key=lambda kv: (-kv[1], kv[0]))),
            unlabelled=total - labelled[k],
        )
        for k in order
    )


def coverage(
    outlet_labels: Mapping[str, Iterable[str]], reprinting: Mapping[str, Iterable[str]] | None = None
) -> Coverage:
    """Per dimension, how many of the independent outlets (``outlet_labels``) carry each
    value; the outlets that only reprint (``reprinting``) are counted apart.

    A dimension is one-sided when at least two independent outlets are labelled in it and
    all share one value: a story seen from one country only. One labelled outlet says
    nothing yet, and reprints from elsewhere do not make it two-sided.
    """
    dims = _dimensions(outlet_labels)
    one_sided = tuple(d.key for d in dims if len(d.counts) == 1 and d.counts[0][1] >= 2)
    copies = {k: v for k, v in (reprinting or {}).items() if k not in outlet_labels}
    return Coverage(
        outlets=len(outlet_labels), dimensions=dims, one_sided=one_sided,
        reprinting=len(copies), reprint_dimensions=_dimensions(copies),
    )
