"""The forms text is compared in: typography folded (offsets kept), names without the
marks that do not make a different name, and title abbreviations whose dot ends nothing."""

from __future__ import annotations

import re

from ..extract import INVISIBLE


_TYPO = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‑": "-", "\u00a0": " "}
)


def _norm(text: str) -> str:
    """Typography folded, one character for one, so offsets survive."""
    return text.translate(_TYPO)


# Characters that print nothing, which the writer leaves out of what it prints ("Doug \u00adAndres",
# "country \u200bcombined"): the source may have them anywhere in the words printed without them.
_INVISIBLE = f"(?:{INVISIBLE.pattern})*"


def _char(c: str) -> str:
    # A double mark matches the typewriter's pair too: the writer prints an archive's ''…'' as “…”.
    return "(?:\"|'')" if c == '"' else re.escape(c)


def _span_pattern(text: str, *, loose_first: bool = False) -> re.Pattern[str] | None:
    words = _norm(text).split()
    if not words:
        return None
    parts = [_INVISIBLE.join(_char(c) for c in w) for w in words]
    if loose_first and words[0][:1].isalpha():
        c = words[0][0]
        parts[0] = _INVISIBLE.join([f"[{re.escape(c.lower())}{re.escape(c.upper())}]", *map(_char, words[0][1:])])
    return re.compile(rf"(?:\s|{INVISIBLE.pattern})+".join(parts))


_ABBREVIATION = re.compile(r"\b[A-Z](?:\.[A-Z])+\.?(?!\w)")


def _name_form(text: str) -> str:
    """A name as compared: typography folded, "U.S." as "US", possessive 's, hyphens and
    other punctuation as spaces. Case is kept: "Rose" the person is not "rose" the verb."""
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), _norm(text))
    text = re.sub(r"(?<=\w)'(?:s\b|(?!\w))", " ", text)  # "Obama's", "Giggs'"
    # A comma is kept: "Tom Johnston, Michael McDonald" is two names, not "Tom … McDonald".
    text = re.sub(r"[,;:!?()\[\]\"]+", " , ", text)
    return " ".join(re.sub(r"[^\w'&,]+", " ", text).split())


def _clean_name(name: str) -> str:
    """A name without "the", possessive "'s" (also misprinted "Trump‘s") or stray marks
    (">Sanders", "Ava DuVernay’s ‘")."""
    name = re.sub(r"^\W+|\W+$", "", " ".join(name.split()))
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"^\W+|\W+$", "", re.sub(r"['’‘]s\W*$", "", name))


_TITLE_DOT = re.compile(
    r"\b(Mrs|Mr|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Prof|Jr|Sr"
    r"|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No|Vol|approx|est)\."
)


def _unabbreviated(text: str) -> str:
    """ "Mrs. Clinton" as "Mrs  Clinton", "Nov. 8" as "Nov  8", same length: such a dot ends
    no clause."""
    return _TITLE_DOT.sub(lambda m: m.group(1) + " ", text)
