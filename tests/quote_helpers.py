"""Who said each quote, as the quote extractor reads a text: shared by the speaker tests."""

from __future__ import annotations

from newsdigest.quotes import scan_quotes


def speakers(text: str) -> dict[str, str]:
    """Quote text → speaker name, for every quote found."""
    return {d.quote.text: d.quote.speaker for d in scan_quotes(text).quotes}


def speaker_of(text: str, start: str) -> str:
    """The speaker of the one quote that starts with ``start`` (more than one fails the test)."""
    [speaker] = [d.quote.speaker for d in scan_quotes(text).quotes if d.quote.text.startswith(start)]
    return speaker
