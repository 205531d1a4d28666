"""Putting chosen sentences in order and into paragraphs, and rendering them to text.

Order: the lede (the core event) first, then the rest of the lede's article in its own
order (the details of the core event), then the other articles' sentences by publication
time (developments as they were reported), each article's in source position. Without
dates the articles keep a stable order by id, and position inside an article still holds.
Paragraphs: 5–8 of similar length, never starting with a sentence that leans on the one
before it; a story with fewer than five usable sentences gets one paragraph each.
"""

from __future__ import annotations

import re

from ..records import Citation, Paragraph, Quote
from .candidates import Story
from .units import Unit


def layout(story: Story, units: list[Unit]) -> tuple[list[Paragraph], list[Quote]]:
    if not units:
        return [], []
    lede, body = units[0], units[1:]
    first = lede.article_id
    body.sort(key=lambda u: (u.article_id != first, story.rank[u.article_id], u.index))
    groups = paragraph_groups([lede, *body])
    paragraphs: list[Paragraph] = []
    mentioned: set[str] = set()
    quotes: list[Quote] = []
    for group in groups:
        texts: list[str] = []
        cites: list[Citation] = []
        for unit in group:
            before = " ".join(p.text for p in paragraphs) + " " + " ".join(texts)
            text, unit_cites = render(unit, mentioned, before)
            texts.append(text)
            cites.extend(unit_cites)
            if unit.quote is not None:
                quotes.append(unit.quote)
        paragraphs.append(Paragraph(" ".join(texts), tuple(cites)))
    return paragraphs, quotes


def render(unit: Unit, mentioned: set[str], before: str) -> tuple[str, list[Citation]]:
    out, cites = [], []
    for p in unit.pieces:
        if p.name:
            # First mention: role and full name; after that the surname alone.
            if p.name not in mentioned and p.name not in before:
                out.append(p.name + p.text if p.role_after else p.text + p.name)
            else:
                out.append(p.name.split()[-1])
            mentioned.add(p.name)
        else:
            out.append(p.text)
            if p.start >= 0:
                cites.append(Citation(unit.article_id, p.start, p.end))
    text = "".join(out)
    return (text[0].upper() + text[1:] if text else text), cites


def paragraph_groups(units: list[Unit]) -> list[list[Unit]]:
    """Cut the ordered sentences into 5–8 paragraphs of similar length (fewer if too few).

    A paragraph never starts with a sentence that leans on the one before it; paragraphs
    that mix two articles cost a little more. Exact by dynamic programming (n is small).
    """
    n = len(units)
    cuts_allowed = [j for j in range(1, n) if not units[j].chained]
    total = sum(u.words for u in units)
    want = min(8, max(5, round(total / 60)), len(cuts_allowed) + 1)
    target = total / want
    inf = float("inf")

    def cost(i: int, j: int) -> float:
        w = sum(u.words for u in units[i:j])
        mixed = len({u.article_id for u in units[i:j]}) > 1
        return (w - target) ** 2 + (0.25 * target * target if mixed else 0.0)

    allowed = set(cuts_allowed) | {0, n}
    best = [[inf] * (n + 1) for _ in range(want + 1)]
    back = [[0] * (n + 1) for _ in range(want + 1)]
    best[0][0] = 0.0
    for k in range(1, want + 1):
        for j in range(1, n + 1):
            if j not in allowed:
                continue
            for i in range(j):
                if i in allowed and best[k - 1][i] < inf:
                    c = best[k - 1][i] + cost(i, j)
                    if c < best[k][j]:
                        best[k][j], back[k][j] = c, i
    groups: list[list[Unit]] = []
    j = n
    for k in range(want, 0, -1):
        i = back[k][j]
        groups.append(units[i:j])
        j = i
    return groups[::-1]


def cut(paragraphs: list[Paragraph], words: int) -> list[Paragraph]:
    """Hard word cap: only ever bites when the lede alone is longer than ``words``."""
    out: list[Paragraph] = []
    left = words
    for p in paragraphs:
        n = len(p.text.split())
        if n <= left:
            out.append(p)
            left -= n
            continue
        if left > 0 and len(p.citations) == 1:
            c = p.citations[0]
            toks = list(re.finditer(r"\S+", p.text))
            keep = p.text[: toks[left - 1].end()].rstrip(",;:")
            # The kept words are a verbatim prefix of the cited span (plain sentences only).
            out.append(Paragraph(keep + "…", (Citation(c.article_id, c.start, c.start + len(keep)),)))
        break
    return out
