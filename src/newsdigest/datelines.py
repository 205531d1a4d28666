"""Datelines: the place (and wire) a news text opens with, "LONDON (Reuters) - ", before its
first sentence. The writer cuts them off sentences; quote attribution never takes one for
the subject of the first sentence's speech verb.
"""

from __future__ import annotations

import re

DATELINES = (
    # "LONDON (Reuters) - ", "KYIV, Ukraine (AP) — ", "WASHINGTON — ", "KESTREL VALLEY - ",
    # HuffPost's horizontal bar "WASHINGTON ― ", and the AP/NYT wire's underscore:
    # "PHNOM PENH, Cambodia (AP) _ ", "WASHINGTON _ "
    re.compile(
        r"[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?\s*(?:\([^()]{2,30}\))?\s*(?:[-–—―]{1,2}|_)\s+"
    ),
    # "Nov 25 (Reuters) - ", "(AFP) — "
    re.compile(r"(?:[A-Z0-9][A-Za-z0-9.,'’\- ]{0,40}\s*)?\([A-Z][A-Za-z .&]{1,25}\)\s*(?:[-–—―:]{1,2}|_)\s+"),
)


def dateline_length(span: str) -> int:
    """How many characters of datelines open the span (0 when none): each pattern in turn,
    on what the one before left, and only when a sentence follows (not a lower-case word)."""
    cut = 0
    for pattern in DATELINES:
        # Matched on the rest itself: with a start position, "^" would anchor at the
        # article's first character and a dateline on a later line would survive.
        m = pattern.match(span[cut:])
        if m and not span[cut + m.end() : cut + m.end() + 1].islower():
            cut += m.end()
    return cut
