"""Pass 1 of the quote extractor: quote marks paired in plain text, no NLP.

A scan pairs opening and closing marks line by line — curly “ ” and ‘ ’, straight " and ',
guillemets « », and the typography of the 1990s newswires (AP, NYT; the TDT and DUC corpora
and the Penn Treebank): two backticks open a double quote that two apostrophes close, one
backtick opens a single quote that an apostrophe closes, as in: ``He said `no' to us,''
she said. A single mark counts as a quote mark only where it cannot be an apostrophe
(don’t, Clinton’s); a backtick never is one. Inside a double-quoted span, single marks are
nested quotes and belong to it, and so is a double quote typed like the outer one when the
next two marks of the paragraph close it and then the outer one (a tweet quoting a shout:
"Reporting that Orlando killer shouted "Allah hu Akbar!" as he …"). A paragraph that ends inside an open quote continues when
the next paragraph reopens with a mark (the news convention for a quote over several
paragraphs); each paragraph's piece is its own span and the pieces share a ``group``. An
unclosed mark that is not continued is dropped (reason ``unclosed``), except that a double
mark left open to the paragraph's end still makes a quote when it holds
``UNCLOSED_MIN_WORDS`` words, as sources do forget closing marks.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘'`"
SINGLE_CLOSE = "’'"
# The newswire opening double mark, closed by the typewriter pair ''.
BACKTICKS = "``"
# An opening mark never closed in its paragraph still starts a quote from this length on.
UNCLOSED_MIN_WORDS = 6
# Characters after which a straight mark or ‘ opens a quote rather than closes one.
_OPENING_CONTEXT = " \t\n([{—–-/:;,\u202a\u202c\u200b\u200e\ufeff\xa0"


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """Quote content between marks: ``start``/``end`` inside, ``open_at``/``close_end`` with marks."""

    start: int
    end: int
    open_at: int
    close_end: int
    group: int
    kind: str  # "double" or "single"


@dataclass(frozen=True, slots=True)
class Dropped:
    start: int
    end: int
    reason: str  # unclosed, empty, scare_quote, unattributed
    # A speech verb takes the span as its own complement ("Burman said, “A Fair Share”"):
    # a title or term put in someone's mouth, not only named.
    spoken: bool = False


def _prev(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else " "


def _next(text: str, i: int) -> str:
    return text[i + 1] if i + 1 < len(text) else " "


def _opens_straight(text: str, i: int, width: int = 1) -> bool:
    prev = _prev(text, i)
    return (prev in _OPENING_CONTEXT or prev in "“‘") and not _next(text, i + width - 1).isspace()


def _opens_single(text: str, i: int) -> bool:
    # ‘ or ' opens only before a word and after a space/bracket: never inside "don't".
    # A backtick is no apostrophe: it opens wherever something follows it.
    if text[i] == "`":
        return not _next(text, i).isspace()
    prev = _prev(text, i)
    return (prev in _OPENING_CONTEXT or prev in "“\"") and _next(text, i).isalnum()


def _closes_single(text: str, i: int) -> bool:
    # A closing single mark ends a word and is not followed by a letter ("it’s", "rock’n’roll").
    return not _prev(text, i).isspace() and not _next(text, i).isalnum()


def _double_width(text: str, i: int) -> int:
    """Width of a double mark at ``i``: 1 for “ ” « » ", 2 for the typewriter pair '' and
    the newswire opening `` (0: none)."""
    ch = text[i]
    if ch in DOUBLE_OPEN or ch in DOUBLE_CLOSE or ch == '"':
        return 1
    if (ch == "'" or ch == "`") and text.startswith(ch * 2, i):
        return 2
    return 0


def _opens_paragraph(text: str, i: int) -> bool:
    """The ” at ``i`` starts words, not ends them: a word right after it, or an ellipsis
    after a space (an excerpt taken up mid-sentence: ” … they are so not like him,”)."""
    if _next(text, i).isalnum():
        return True
    j = i + 1
    while j < len(text) and text[j] in " \t\xa0":
        j += 1
    return text.startswith(("…", "..."), j)


def _only_opens(text: str, i: int) -> bool:
    """“ « „ and `` open a quote; they close one only by mistake (see the scan)."""
    return text[i] in DOUBLE_OPEN or text.startswith(BACKTICKS, i)


def _closes_double(text: str, i: int) -> int:
    """Width of a double mark at ``i`` that can only close a quote (0: none): ” or », or a
    straight " or '' that ends a word and starts none ("Akbar!" as he)."""
    if text[i] in DOUBLE_CLOSE:
        return 1
    width = _double_width(text, i)
    if not width or _only_opens(text, i):
        return 0
    return width if not _prev(text, i).isspace() and not _next(text, i + width - 1).isalnum() else 0


def _style(mark: str) -> str:
    """The typography a mark belongs to: a nested quote is typed like the one around it; a
    curly quote inside a paragraph wrapped in straight marks ("“You don’t win …,” Rubio
    responded …") is the paragraph's own quote, not a nested one."""
    styles = {"\"": "straight", "“": "curly", "”": "curly", "„": "curly", "«": "guillemet", "»": "guillemet"}
    return styles.get(mark, "wire")


def _nested_close(text: str, i: int, width: int) -> int:
    """Where a quote nested in an open double quote ends, or -1: the double mark at ``i``
    opens one (a tweet quoting a shout, “… shouted “Allah hu Akbar!” as he …”) when the
    next two double marks of the paragraph both close, the first the inner quote and the
    second the outer. Anything else (a mark never closed, a new quote) is not nested."""
    closes: list[int] = []
    j = i + width
    while j < len(text) and text[j] != "\n" and len(closes) < 2:
        w = _double_width(text, j) or (1 if text[j] in DOUBLE_CLOSE else 0)
        if not w:
            j += 1
            continue
        if not _closes_double(text, j):
            return -1
        closes.append(j)
        j += w
    return closes[0] if len(closes) == 2 else -1


def find_marked_spans(text: str) -> tuple[list[MarkedSpan], list[Dropped]]:
    """Pair quote marks in ``text``; pure string work, no NLP."""
    spans: list[MarkedSpan] = []
    dropped: list[Dropped] = []
    n = len(text)
    open_at = -1  # index of the opening mark, -1 when no quote is open
    content_at = -1  # first index after the opening mark
    kind = ""
    group = 0
    i = 0

    def emit(close_at: int, close_end: int) -> None:
        s, e = content_at, close_at
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append(MarkedSpan(s, e, open_at, close_end, group, kind))
        else:
            dropped.append(Dropped(open_at, close_end, "empty"))

    while i < n:
        ch = text[i]
        if ch == "\n":
            if open_at >= 0:
                j = i
                while j < n and text[j].isspace():
                    j += 1
                width = _double_width(text, j) if j < n else 0
                reopens = j < n and (
                    (kind == "double" and width and text[j] not in DOUBLE_CLOSE)
                    or (kind == "single" and text[j] in SINGLE_OPEN)
                )
                if reopens and j > i:
                    emit(i, i)  # this paragraph's piece; the quote goes on after the new mark
                    open_at, content_at = j, j + (width or 1)
                    i = content_at
                    continue
                if kind == "double" and len(text[content_at:i].split()) >= UNCLOSED_MIN_WORDS:
                    emit(i, i)  # the source forgot the closing mark at the paragraph's end
                else:
                    dropped.append(Dropped(open_at, i, "unclosed"))
                open_at = -1
            i += 1
            continue
        width = _double_width(text, i)
        if open_at < 0:
            if ch == "”" and _prev(text, i) in "\n\u202a\u200b\ufeff" + " " and _opens_paragraph(text, i):
                # ” typed as the opening mark at the start of a paragraph ("”Why …", "” … in
                # the case of Wyoming, …,” wrote Time magazine).
                open_at, content_at, kind, group = i, i + 1, "double", group + 1
                i += 1
                continue
            if _only_opens(text, i) or (width and ch not in DOUBLE_CLOSE and _opens_straight(text, i, width)):
                open_at, content_at, kind, group = i, i + width, "double", group + 1
                i += width
                continue
            if ch in SINGLE_OPEN and _opens_single(text, i):
                open_at, content_at, kind, group = i, i + 1, "single", group + 1
        elif kind == "double":
            opens_word = width and not _next(text, i + width - 1).isspace() and not _closes_double(text, i)
            same_style = _style(text[i]) == _style(text[open_at])
            if opens_word and same_style and (_only_opens(text, i) or _opens_straight(text, i, width)):
                inner = _nested_close(text, i, width)
                if inner >= 0:
                    i = inner + (_double_width(text, inner) or 1)  # the inner quote is the outer's
                    continue
            if text.startswith("'''", i):
                emit(i + 1, i + 3)  # a nested single quote closes right before the pair
                open_at = -1
                i += 3
                continue
            if width and not _only_opens(text, i):
                emit(i, i + width)
                open_at = -1
                i += width
                continue
            if ch == "“" and not _prev(text, i).isspace() and not _next(text, i).isalnum():
                emit(i, i + 1)  # a wrong-way closing mark (some sites only type “)
                open_at = -1
            elif ch == "“" or text.startswith(BACKTICKS, i):
                # A new quote opens: the open one was never closed.
                dropped.append(Dropped(open_at, i, "unclosed"))
                open_at, content_at, group = i, i + width, group + 1
                i += width
                continue
        elif ch in SINGLE_CLOSE and _closes_single(text, i):
            emit(i, i + 1)
            open_at = -1
        elif width:
            # A double mark while a "single quote" is open: the single was an apostrophe.
            dropped.append(Dropped(open_at, i, "unclosed"))
            open_at = -1
            continue
        i += 1
    if open_at >= 0:
        if kind == "double" and len(text[content_at:n].split()) >= UNCLOSED_MIN_WORDS:
            emit(n, n)
        else:
            dropped.append(Dropped(open_at, n, "unclosed"))
    return spans, dropped
