"""Dedupe: find wire copies — one outlet's article reprinted by others, lightly edited.

A wire copy counts as "also carried by" for a story but adds no diversity, so the
ranker and the writer need to know which article is the original.

How: each text becomes a set of word shingles (``shingle`` consecutive words, lower-case,
punctuation dropped); a MinHash sketch of that set goes into a datasketch ``MinHashLSH``.
A new text is a copy when, for some indexed text, the share of the *smaller* text's
shingles that also occur in the other one (containment) is at least ``threshold``.
Containment rather than Jaccard because the usual edits — cutting the last paragraphs,
adding a "This story was provided by…" line, rewriting the headline — shrink or grow one
side; Jaccard falls with every cut paragraph, containment does not. Containment comes
from the sketches' Jaccard estimate and the exact set sizes:
``|A∩B| = J/(1+J)·(|A|+|B|)``. The LSH index itself is only a candidate filter, tuned to a
Jaccard low enough (``candidate_jaccard``) that a copy cut to about a third of the
original is still found.

Two articles that report the same story in their own words share few 5-word shingles
(quotes, a name or two), far below the threshold: they are not copies.

Only originals go into the LSH index; a copy is remembered as a member of its original's
family. A wire story reprinted by fifty outlets then costs one candidate, not fifty, and
a copy is always judged against the first publication. When an original leaves the
index, the earliest remaining copy takes its place.

Building is cheap (no pickling; one vectorised MinHash per text), so the pipeline can
rebuild the index from the recent window at the start of each pass.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+", re.UNICODE)
# Multiplier of the rolling shingle hash (an odd 64-bit constant); wraparound is intended.
_ROLL = np.uint64(0x9E3779B97F4A7C15)
# Fewer distinct shingles than this and containment is too easily reached by chance
# (two one-line summaries sharing a phrase); such texts must match by Jaccard instead.
_MIN_SHINGLES_FOR_CONTAINMENT = 12


_TOKEN_CACHE: dict[str, int] = {}


def _token_hash(word: str) -> int:
    # crc32 is stable across processes (unlike hash()), so sketches are reproducible.
    try:
        return _TOKEN_CACHE[word]
    except KeyError:
        if len(_TOKEN_CACHE) > 1_000_000:  # bounded: names and typos never stop coming
            _TOKEN_CACHE.clear()
        value = _TOKEN_CACHE[word] = zlib.crc32(word.encode())
        return value


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3's finaliser, as datasketch's "affine32" scheme applies it to its input.
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@dataclass(frozen=True, slots=True)
class Match:
    """Why one text was judged a copy of another."""

    original: str
    jaccard: float  # estimated from the sketches
    containment: float  # share of the smaller text's shingles found in the other


def shingle_hashes(text: str, shingle: int = 5) -> np.ndarray:
    """The sorted distinct 32-bit hashes of the text's word ``shingle``-grams.

    A text shorter than one shingle yields one hash of all its words (so it can still
    match an identical short text); an empty text yields an empty array.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint32)
    token = np.fromiter(map(_token_hash, words), dtype=np.uint64, count=len(words))
    k = min(shingle, len(words))
    rolled = np.zeros(len(words) - k + 1, dtype=np.uint64)
    for offset in range(k):
        rolled = rolled * _ROLL + token[offset : offset + len(rolled)]
    folded = (rolled >> np.uint64(32)) ^ (rolled & np.uint64(0xFFFFFFFF))
    return np.unique(folded.astype(np.uint32))


class DuplicateIndex:
    """An index of recent texts that answers "is this a copy of one we have?".

    ``add`` indexes every text and returns the id of the original it copies — the
    earliest added text of its copy family that is still indexed — or ``None``.
    Deterministic: the same adds in the same order give the same answers.
    """

    def __init__(
        self,
        threshold: float = 0.6,
        num_perm: int = 128,
        shingle: int = 5,
        *,
        candidate_jaccard: float = 0.25,
        seed: int = 1,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"dedupe: threshold must be in (0, 1], got {threshold}")
        if shingle < 1:
            raise ValueError(f"dedupe: shingle must be at least 1, got {shingle}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.seed = seed
        self._lsh = MinHashLSH(threshold=candidate_jaccard, num_perm=num_perm)
        # Permutations are drawn once; each text's sketch reuses them (drawing them is the
        # slow part of MinHash construction).
        self._permutations = MinHash(num_perm=num_perm, seed=seed).permutations
        self._sketch: dict[str, MinHash] = {}
        self._size: dict[str, int] = {}
        self._order: dict[str, int] = {}
        self._original: dict[str, str | None] = {}  # as answered by add()
        self._root_of: dict[str, str] = {}  # current family representative (in the LSH)
        self._family: dict[str, list[str]] = {}  # representative -> copies, in add order
        self._added = 0

    def __len__(self) -> int:
        return len(self._sketch)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sketch

    def sketch(self, text: str) -> tuple[MinHash, int]:
        """The MinHash of the text's shingles and the number of distinct shingles."""
        hashes = shingle_hashes(text, self.shingle)
        if len(hashes):
            # datasketch's affine32 permutation, vectorised over all shingles at once
            # (update_batch would call a Python hash function per shingle).
            a, b = self._permutations
            values = (_fmix32(hashes)[:, None] * a[None, :] + b[None, :]).min(axis=0)
        else:
            values = np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        minhash = MinHash(seed=self.seed, hashvalues=values, permutations=self._permutations, scheme="affine32")
        return minhash, len(hashes)

    def match(self, text: str) -> Match | None:
        """The best original for this text among the indexed ones, without indexing it."""
        minhash, size = self.sketch(text)
        return self._best_match(minhash, size)

    def add(self, article_id: str, text: str) -> str | None:
        """Index the text; return the id of the original it copies, or ``None``.

        Adding an id that is already indexed changes nothing and returns the same
        answer as the first time (a re-run pass must not re-judge its articles).
        """
        if article_id in self._sketch:
            return self.original_of(article_id)
        minhash, size = self.sketch(text)
        found = self._best_match(minhash, size)
        self._sketch[article_id] = minhash
        self._size[article_id] = size
        self._order[article_id] = self._added
        self._added += 1
        if found:
            self._original[article_id] = found.original
            self._root_of[article_id] = found.original
            self._family[found.original].append(article_id)
            return found.original
        self._original[article_id] = None
        self._root_of[article_id] = article_id
        self._family[article_id] = []
        if size:
            self._lsh.insert(article_id, minhash, check_duplication=False)
        return None

    def original_of(self, article_id: str) -> str | None:
        """The original an indexed text was judged a copy of (``None`` for originals)."""
        return self._original.get(article_id)

    def remove(self, article_id: str) -> None:
        """Forget a text (it left the window). Unknown ids are ignored."""
        if article_id not in self._sketch:
            return
        root = self._root_of.pop(article_id)
        if root == article_id:
            if self._size[article_id]:
                self._lsh.remove(article_id)
            members = self._family.pop(article_id)
            if members:
                # The earliest remaining copy now stands for the family.
                heir, rest = members[0], members[1:]
                self._family[heir] = rest
                self._root_of[heir] = heir
                for member in rest:
                    self._root_of[member] = heir
                if self._size[heir]:
                    self._lsh.insert(heir, self._sketch[heir], check_duplication=False)
        else:
            self._family[root].remove(article_id)
        del self._sketch[article_id], self._size[article_id], self._order[article_id]
        del self._original[article_id]

    def _best_match(self, minhash: MinHash, size: int) -> Match | None:
        if size == 0:
            return None
        best: tuple[int, Match] | None = None
        for key in self._lsh.query(minhash):
            other_size = self._size[key]
            jaccard = minhash.jaccard(self._sketch[key])
            if jaccard <= 0.0:
                continue
            common = jaccard / (1.0 + jaccard) * (size + other_size)
            smaller = min(size, other_size)
            containment = min(1.0, common / smaller)
            if smaller >= _MIN_SHINGLES_FOR_CONTAINMENT:
                is_copy = containment >= self.threshold
            else:
                is_copy = jaccard >= self.threshold
            # Several originals can match (two wire stories later merged into one text):
            # the earliest published wins, so answers do not depend on LSH bucket order.
            if is_copy and (best is None or self._order[key] < best[0]):
                best = (self._order[key], Match(original=key, jaccard=jaccard, containment=containment))
        return best[1] if best else None
