"""A parsed document's text, joined once.

spaCy's ``Doc.text`` joins every token's text on each access, so slicing it in a loop costs
the whole document each time: quadratic in a long text (a 30 KB file took 8 s, 4 of them
in that join). The text is kept in the doc's ``user_data`` the first time it is asked for;
a doc is not changed after it is parsed.
"""

from __future__ import annotations

from typing import Any

_KEY = "newsdigest.text"


def doc_text(doc: Any) -> str:
    """``doc.text``, joined on the first call only."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text  # type: ignore[no-any-return]
