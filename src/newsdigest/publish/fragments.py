"""Quote links a reader can check: a ``#:~:text=`` fragment for the words a quote says.

The quote shown on the page stays verbatim; only the words its link searches for are
chosen, from runs that look the same in our extracted text and on the rendered page.
bench/fragments.py measures the links on real pages.
"""

from __future__ import annotations

from urllib.parse import quote as url_quote

# Characters a page may render differently from our extracted text, or that browsers
# match differently: quote marks and apostrophes (Chromium folds curly and straight ones,
# the spec's comparison does not), hyphens and dashes (non-breaking and soft hyphens,
# minus signs), anything invisible or not a plain space, and "|", which trafilatura
# puts between table cells (each cell is a block of its own on the page).
_FRAGILE = frozenset("\"'`´‘’‚‛“”„‟«»‹›′″-‐‑‒–—―−⁃﹘﹣－|")
_TERM_WORDS = 4  # words per textStart / textEnd term
_MIN_TERM_WORDS = 3  # a term shorter than this (and than _MIN_TERM_CHARS) is too common
_MIN_TERM_CHARS = 15


def text_fragment(url: str, quoted: str) -> str:
    """``url#:~:text=…`` so a browser highlights the quoted words on the source page.

    The link must match the page as the browser renders it, while ``quoted`` is our
    extracted text, so the terms are made of words that survive the difference: runs of
    words without quote marks, dashes or invisible characters, never across a line break
    or a table cell's "|" (a new paragraph, ``<br>`` or cell is a new block, and a term
    cannot span blocks). A quote longer than eight such words becomes
    ``textStart,textEnd`` (four words each, the end grown until it occurs once after the
    start), which also keeps links short. The quote shown on the page stays verbatim;
    only the words the link searches for are chosen. A quote with no run of three words
    (or 15 characters) falls back to its own words. bench/fragments.py measures it on
    real pages.
    """
    lines = [cell for line in quoted.splitlines() for cell in _cells(line.split())]
    runs = [run for words in lines for run in _sturdy_runs(words)]
    good = [run for run in runs if _distinctive(run)]
    if not good:  # nothing sturdy and distinctive: the quote's own words are all there is
        good = [trimmed for words in lines if (trimmed := _trim_marks(words))]
        if not good:
            return url
    first, last = good[0], good[-1]
    if len(good) == 1 and len(first) <= 2 * _TERM_WORDS:
        directive = _fragment_term(" ".join(first))
    else:
        start = first[:_TERM_WORDS]
        after = " ".join(start)
        flat = " ".join(" ".join(words) for words in lines)
        rest = flat[flat.find(after) + len(after) :]
        end = _end_term(last if last is not first else first[_TERM_WORDS:], rest)
        directive = _fragment_term(" ".join(start)) + ("," + _fragment_term(end) if end else "")
    return url.split("#", 1)[0] + "#:~:text=" + directive


def _cells(words: list[str]) -> list[list[str]]:
    """A line cut at trafilatura's "|" between table cells: each cell is its own block."""
    cells: list[list[str]] = [[]]
    for w in words:
        if w == "|":
            cells.append([])
        else:
            cells[-1].append(w)
    return [c for c in cells if c]


def _sturdy_runs(words: list[str]) -> list[list[str]]:
    """Maximal runs of consecutive words free of fragile characters."""
    runs: list[list[str]] = [[]]
    for w in words:
        if any(c in _FRAGILE or not c.isprintable() for c in w):
            runs.append([])
        else:
            runs[-1].append(w)
    return [r for r in runs if r]


def _trim_marks(words: list[str]) -> list[str]:
    """``words`` without the words that are only marks at either end ("-", "|", "—"):
    trafilatura's list bullets and cell bars, which the page does not show."""
    has_alnum = [any(c.isalnum() for c in w) for w in words]
    if not any(has_alnum):
        return []
    lo = has_alnum.index(True)
    hi = len(words) - has_alnum[::-1].index(True)
    return words[lo:hi]


def _distinctive(run: list[str]) -> bool:
    return len(run) >= _MIN_TERM_WORDS or len(" ".join(run)) >= _MIN_TERM_CHARS


def _end_term(run: list[str], rest: str) -> str:
    """The last words of ``run``, as few as occur only once in ``rest`` (the quote after
    textStart): a browser takes textEnd's first match, which is then the intended one."""
    rest = rest.casefold()
    for n in range(min(_TERM_WORDS, len(run)), len(run) + 1):
        term = " ".join(run[-n:])
        if rest.find(term.casefold()) == rest.rfind(term.casefold()) != -1:
            return term
    return ""


def _fragment_term(s: str) -> str:
    # "-", "," and "&" are syntax inside a text directive, so they must be escaped too.
    return url_quote(s, safe="").replace("-", "%2D")
