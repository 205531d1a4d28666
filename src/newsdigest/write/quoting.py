"""Which characters of a source text are someone's quoted words, with marks or without.

A quote runs over sentences: a sentence that starts inside a quote opened earlier in its
paragraph, or on a transcript's speaker line ("A: …"), has no marks of its own and is still
someone's words. ``candidates`` drops such a sentence as ``inside_quote``; ``opinion`` and
``select`` blank what is quoted before they look for the writer's own "I" or for an
attribution, so that a speaker's words are not taken for the outlet's.
"""

from __future__ import annotations

import functools
import re

OPEN_QUOTES = "“\"‘'«`"
# Curly, straight, the wire's ``…'' (DUC/TDT newswire prints quotes so) and the typewriter's
# ''…'' some wires print for both marks (''The lack of reciprocity is deplorable,'' said …).
# A doubled apostrophe is never a possessive's, so it is a quote mark wherever it stands.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|(?:``|'')(?:(?!'')[^\n])*''")


def outside_quotes(span: str) -> str:
    """The span with each quote that opens and closes inside it (marks included) replaced by a space."""
    return _QUOTED.sub(" ", span)


# A transcript's or an interview's speaker label opening a line ("Q: ", "A: ", "JAKE TAPPER: ").
_SPEAKER_LABEL = re.compile(r"[ \t]*(?:Q|A|[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}):\s")
_FIRST_MARK = re.compile(r"[“”\"«»]|''|``")


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def quote_depth(text: str, start: int, end: int) -> list[bool]:
    """For each character of ``text[start:end]``: True when it sits inside a quote, marks
    included. The quote state runs from the start of the paragraph, so a quote opened in
    an earlier sentence ("Limbaugh said, “What has happened … Donald Trump is a liar …”")
    covers the sentences after it; it ends with the paragraph. Curly and straight double
    marks count, and the doubled apostrophes and backticks some wires print for them
    (''…'', ``…''); single
    marks do not (they are apostrophes too). A line a speaker label opens ("A: I think …",
    "TAPPER: …") is someone's words as a whole, as a transcript prints them; a line whose
    first mark is a closing one starts inside a quote."""
    return [b == 1 for b in _depth_of(text)[start : min(end, len(text))]]


@functools.lru_cache(maxsize=64)
def _depth_of(text: str) -> bytes:
    """``quote_depth`` of the whole text, one byte a character (1: quoted), worked out once per
    text: the writer asks about many sentences of the same article, each from its paragraph's
    start, and the state starts afresh at every line."""
    inside = spoken = False
    out = bytearray()
    end = len(text)
    pos = 0
    while pos < end:
        if pos == 0 or text[pos - 1] == "\n":
            spoken = _SPEAKER_LABEL.match(text, pos) is not None
            # A line whose first mark closes a quote continues one opened above it (text
            # laid out a sentence per line: "I give him the award,” Trump said.").
            mark = _FIRST_MARK.search(text, pos, _line_end(text, pos))
            inside = mark is not None and mark.group() == "”"
        c = text[pos]
        width = 2 if text.startswith(("''", "``"), pos) else 1
        was = inside
        if c == "\n":
            inside = False
        elif c == "`" and width == 2:
            inside = True  # the wire's opening ``
        elif width == 2 or c == '"':
            inside = not inside
        elif c in "“«":
            inside = True
        elif c in "”»":
            inside = False
        quoted = (was or inside or spoken) and c != "\n"  # a mark belongs to the quote it opens or closes
        out.extend([quoted] * (min(pos + width, end) - pos))
        pos += width
    return bytes(out)


def in_running_quote(text: str, start: int) -> bool:
    """True when ``start`` lies inside a quote opened earlier in its paragraph, or on a
    speaker's line of a transcript."""
    depth = quote_depth(text, start, start + 1)
    return bool(depth) and depth[0] and text[start] not in OPEN_QUOTES


def unquoted(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with what is quoted (quotes running over sentences included) blanked."""
    return "".join(" " if q else c for c, q in zip(text[start:end], quote_depth(text, start, end)))
