"""The lede's main clause as a headline: the one candidate not written by an editor.

A lead-in before the subject ("On Tuesday, …", "In a speech on Monday, …") is dropped, never
a noun phrase ("At least 20 people …"); so are asides (", who died Monday at 92,"). The
clause ends at the first clause break that leaves 5–14 words (whole), else it is cut before
the last preposition or conjunction within 14 words. A clause that is only an attribution
("the ministry said on Monday") is not the report: it is never whole, so it keeps the cut's
handicap in the headline's choice.
"""

from __future__ import annotations

import re

from .units import Unit

_CLAUSE_BREAK = re.compile(
    r",\s|;\s|\s(?:[-–—]|--)\s|"
    r"\s(?:after|as|when|while|because|which|who|but|following|amid|despite|since|until)\s"
)
_WEAK_END = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "its", "their",
}  # fmt: skip
# Where a long clause may be cut: before a preposition, conjunction or relative word
# ("… speech next week | before a leading group"), not inside "a variety of …" or "X and Y".
_CUT_BEFORE = {
    "about", "after", "against", "amid", "among", "as", "at", "because", "before", "by", "despite", "during",
    "following", "for", "from", "if", "in", "including", "into", "on", "over", "since", "than", "that",
    "through", "to", "toward", "towards", "under", "until", "when", "where", "whether", "which", "while",
    "who", "whose", "with", "without",
}  # fmt: skip
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_TIMES = (
    rf"(?:week|weekend|month|year|night|morning|afternoon|evening|season|spring|summer|autumn|fall|winter|"
    rf"{_DAYS}|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)s?"
)
# A lead-in before the subject, up to its comma: a prepositional or adverbial phrase or clause
# ("On Thursday night, …", "In a speech on Monday, …", "When police arrived, …"), a lone
# adverb ("First, …", "Meanwhile, …"), a time phrase ("Last week, …", "Nearly a week after …,
# …"), a participle's phrase ("Standing in the midst of …, …"). Never a noun phrase: "At least
# 20 people …", "Nearly 300 people …", "This year's budget …", "King Charles …", "Boeing will …".
_LEAD_IN = re.compile(
    r"^(?:(?P<prep>(?:on|in|at(?! least| most| about| around)|during|after|before|since|following|for|"
    r"as(?! many| much| few| of\b| well)|with|without|amid|despite|under|throughout|across|within|from|until|"
    r"according to|based on|when|while|although|though|once)\s)"
    r"|(?:first|second|meanwhile|however|still|now|earlier|later|separately|elsewhere|instead|overnight|"
    r"today|yesterday|tonight|previously|initially|finally|ultimately|nonetheless|nevertheless|moreover|"
    r"also|then)(?=,)"
    r"|(?:(?:last|this|next|earlier|later|early|late)\s+(?:this\s+|last\s+|next\s+|on\s+)?)?"
    rf"{_TIMES}\b(?!['’])"
    r"|(?:(?:nearly|almost|just|about|more than|less than|some|barely|only)\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?|decades?|minutes?)\s+"
    r"(?:after|before|since|ago|later|earlier|into)\b"
    r"|(?P<part>(?-i:(?:[AEIOU]|[A-Z][a-z]*[aeiou])[a-z]*ing\s(?=[a-z]))))"
    r"[^,;]{0,150},[”\"’']?\s+",
    re.IGNORECASE,
)
# Nouns, names and gerunds ending in -ing that open a sentence as its subject.
_ING_SUBJECTS = frozenset(
    "beijing boeing sterling reading ewing harding browning kipling flooding shooting bombing fighting "
    "spending funding housing building ruling meeting hearing warning wedding morning evening landing "
    "opening voting polling trading lending banking mining shipping drinking smoking gambling".split()
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|shall|should|may|might|must|did|does|do|been|"
    r"said|says|told|tells)\b",
    re.IGNORECASE,
)
# A clause that is only an attribution, the report gone: "The civil defence agency said on
# Sunday", "Chief executive Kelly Ortberg told employees on Friday".
_ATTRIBUTION = re.compile(
    r"^(?:[\w.'’&-]+\s+){0,8}?(?:(?P<say>said|says|say|told|tells|according to)|reported|announced|added|"
    r"confirmed|stated|wrote|noted)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
# What may follow such a verb in a bare attribution ("reported on Monday"), where "Apple reported
# record profits" is a report.
_WHEN_WHERE = re.compile(
    r"^\W*(?:$|(?:on|in|at|late|early|this|last|yesterday|today|overnight)\b)", re.IGNORECASE
)
_CLAUSE_WORDS = re.compile(
    r"\b(?:that|it|he|she|they|we|i|there|to|is|are|was|were|has|have|had|will|would|can|could|should|may|"
    r"might|must|did|does|been|be)\b",
    re.IGNORECASE,
)
# Asides that leave a clause without its verb when cut: ", who died Monday at 92," "(R-Fla.)".
_ASIDE = re.compile(r",\s(?:who|which)\s[^,;]{1,120},\s|\s\([^()]{1,40}\)|\s--\s[^-]{1,120}\s--\s")
_MAX_WORDS = 14


def _lead_in(text: str) -> int:
    """Where the sentence's subject starts after a lead-in ("On Tuesday, …"), or 0."""
    m = _LEAD_IN.match(text)
    if not m or len(text[m.end() :].split()) < 5:
        return 0
    lead = text[: m.end()]
    if m.group("part"):  # "Standing in …, …", not "Boeing will cut …, chief executive … told"
        word = m.group("part").strip()
        if word.lower() in _ING_SUBJECTS or len(word) < 5 or _FINITE.search(lead):
            return 0
    elif not m.group("prep") and _FINITE.search(lead):
        return 0
    return m.end()


def _attribution_only(clause: str) -> bool:
    """A clause that only says who said it ("Police said on Saturday night in a statement")."""
    m = _ATTRIBUTION.match(clause)
    if not m:
        return False
    rest = m.group("rest")
    bare = len(rest.split()) <= 10 and not _CLAUSE_WORDS.search(rest)
    return bare and bool(m.group("say") or _WHEN_WHERE.match(rest))


def _lede_clause(units: list[Unit]) -> tuple[str, bool]:
    """The lede's main clause as a headline, and whether it is whole: a lead-in ("On
    Tuesday, …") and asides dropped, up to the first clause break that leaves 5–14 words
    (whole), else cut before the last preposition or conjunction within 14 words. A clause
    that is only an attribution is never whole (it keeps the cut's handicap)."""
    if not units:
        return "", False
    text = "".join(p.text if not p.name else p.name for p in units[0].pieces).strip()
    start = _lead_in(text)
    tries = [text[start:][:1].upper() + text[start + 1 :], text] if start else [text]
    for t in tries:
        clause, whole = _main_clause(t)
        if not _attribution_only(clause):
            return clause, whole
    return _main_clause(text)[0], False


def _main_clause(text: str) -> tuple[str, bool]:
    text = _ASIDE.sub(" ", text)
    words = text.split()
    for m in _CLAUSE_BREAK.finditer(text):
        clause = text[: m.start()].split()
        if 5 <= len(clause) <= _MAX_WORDS:
            words = clause
            break
    whole = len(words) <= _MAX_WORDS
    if not whole:
        words = words[: _MAX_WORDS + 1]
        ends = _WEAK_END | _CUT_BEFORE
        cuts = [
            k
            for k in range(6, _MAX_WORDS + 1)
            if _bare(words[k]) in _CUT_BEFORE and _bare(words[k - 1]) not in ends
        ]
        if not cuts:  # no phrase boundary: before the last small word ("revealed a variety | of …")
            cuts = [k for k in range(6, _MAX_WORDS) if _bare(words[k]) in _WEAK_END] or [_MAX_WORDS]
        words = words[: cuts[-1]]
    while len(words) > 4 and _bare(words[-1]) in _WEAK_END | _CUT_BEFORE:
        words.pop()
    text = " ".join(words).rstrip(",;:.!? ")
    return re.sub(r"[.,;:!?]([”\"’']?)$", r"\1", text), whole  # 'a "failed candidate."' → '… candidate"'


def _bare(word: str) -> str:
    return word.lower().strip(",;:.!?\"“”‘’'()")
