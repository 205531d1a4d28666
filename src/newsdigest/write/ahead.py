"""How a sentence stands to the event it is about, and whose claim it tells.

- ``is_preview``: it looks ahead ("Clinton will deliver her acceptance speech on Thursday"),
  unless it reports speech or goes on to the event, past ("… will get a line after the
  council voted").
- ``speculates``: the writer's own guess ("If Clinton loses, it would be …").
- ``POLL``: an opinion poll, overtaken once the vote is reported.
- ``attributed``: it says whose claim it is ("X said …", "according to …").

``select`` uses them to choose a lede that reports and to leave out what an article of the day
before looked ahead to; ``headline`` to pass over a title that looks ahead.
"""

from __future__ import annotations

import re

from .quoting import unquoted
from .text import WEEKDAYS
from .verbs import irregular_pasts

# A preview looks ahead: its main clause is in the future or states an intent, or it is
# set before the event ("ahead of", "on the eve of") or waits for it ("has yet to endorse",
# "have not yet decided"), or an infinitive aims at a named
# day's event ("asked Holt … to fact check Trump during Monday’s showdown", "expect Clinton to
# win Monday's debate"; not "leading up to Monday's caucuses", told after them). Reported
# speech is not a preview ("Trump said he will …": what happened is that he said it).
_DAY = rf"(?:{'|'.join(WEEKDAYS)}|tonight|tomorrow)"
_PREVIEW = re.compile(
    r"(?<!\bthe )(?<!\bfree )(?<!\bgood )(?<!\bown )\bwill\s+(?!of\b)[a-z]{2,}\b|\w['’]ll\s+[a-z]{2,}\b"
    r"|\b(?:is|are|am|['’]s|['’]re|appears?|appeared|seems?|seemed|looks?|looked)\s+(?:\w+ly\s+|now\s+|also\s+)?"
    r"(?:set|expected|scheduled|slated|due|poised|planning|preparing|going|about|likely|hoping|looking)"
    r"\s+to\s+[a-z]{2,}\b"
    r"|(?<!\bthe )(?<!\ba )(?<!['’]s )(?<!['’] )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bits )(?<!\bour )"
    r"\b(?:plans?|intends?|hopes?)\s+to\s+[a-z]{2,}\b"
    r"|\b(?:has|have|is|are)\s+(?:\w+ly\s+)?(?:yet\s+to\s+[a-z]{2,}|not\s+yet\s+[a-z]{2,})\b"
    r"|(?i:\b(?:ahead of|heading into|on the eve of|in advance of|in the run-up to)\b)"
    r"|\b(?:hours|days|minutes) before (?:the|his|her|their)\b"
    r"|\b(?:tomorrow|later (?:today|tonight|this (?:week|month)))\b"
    r"|\bto\s+(?!(?:the|a|an|his|her|their|its|our|this|that)\b)[a-z]{2,}\b"
    rf"(?:[^.;]*?\b(?:at|during|in|before)\s+|\s+(?:[A-Z][a-z]+\s+){{0,2}})(?:this\s+)?{_DAY}(?:['’]s|\s+night['’]s)\s"
)
REPORTED = re.compile(
    r"\b(?:said|says|say|told|tells|according to|announced|announces|added|argued|claimed|insisted|predicted|"
    r"promised|pledged|vowed|warned|wrote|writes|noted|stated|suggested|tweeted|testified|acknowledged|"
    r"confirmed|denied|reported)\b"
)


# A clause that opens shortly before the look-ahead and is not closed by a comma holds it
# ("… why he will not be supporting Trump", "Clinton, who will speak Thursday, met …" is
# not held: the comma closes the clause, and "will" is the main verb's).
_EMBEDDED = re.compile(
    r"\b(?:that|why|how|whether|if|who|whom|whose|which|when|where|because)\b(?:\s+[^\s,;]+){0,5}\s+$"
)


# What follows a plain future may be the event, already past: "Ashford will get its first
# light rail line after the city council voted …", "… now that the court has ruled". Not a
# reason ("will win because polls showed her ahead": the win is still to come), and not when
# the main clause names the day ahead ("will vote on Tuesday after residents packed a hearing").
_CAUSE = re.compile(r"\b(?:after|now that)\s+((?:[\w'’\-]+,?\s+){0,7}[\w'’\-]+)")
_DAY_AHEAD = re.compile(rf"\b{_DAY}\b")
_NOT_PAST_BEFORE = frozenset("is are be been being get gets will would to can could may might must".split())
# After one of these an "-ed" word is an adjective: "after a detailed review", "its revised plan".
_DETERMINERS = frozenset("a an the its his her their".split())


def past_form(before: str, word: str) -> bool:
    """Whether ``word``, after ``before``, is a verb in the past by its form alone ("voted",
    "tore"), there being no part-of-speech tags; not an adjective ("a detailed review")."""
    if before.lower() in _DETERMINERS:
        return False
    return word in irregular_pasts() or (word.endswith("ed") and len(word) > 4)


def _past_cause(clause: str) -> bool:
    """The clause goes on to a past event as its cause: "after the council voted"; not
    "after it is approved", "once the council votes", "on Tuesday after residents packed …"."""
    for m in _CAUSE.finditer(clause):
        if _DAY_AHEAD.search(clause, 0, m.start()):
            return False
        words = m.group(1).replace(",", " ").split()
        for before, word in zip(["", *words], words):
            if before in _NOT_PAST_BEFORE or word in ("will", "would"):
                break
            if past_form(before, word):
                return True
    return False


def is_preview(text: str) -> bool:
    """True when the sentence's own clause (quotes left out) looks ahead to the event, and
    does not go on to report it as past ("… will get a line after the council voted")."""
    plain = unquoted(text, 0, len(text))
    for m in _PREVIEW.finditer(plain):
        before = plain[: m.start()]
        if REPORTED.search(before):
            return False  # reported speech: what happened is that someone said it
        if not _EMBEDDED.search(before):
            # Only a plain future has the past event as its cause: "is expected to win after
            # polls showed him ahead" still looks ahead to the vote.
            consequence = re.match(r"will\b|\w['’]ll\b", m.group(0)) is not None
            return not (consequence and _past_cause(re.split(r"[.;]", plain[m.end() :], maxsplit=1)[0]))
    return False


# An opinion poll ("a Kestrel Herald poll found …", "pollsters", "a survey of voters"); not
# the vote itself ("exit polls showed …", "polls closed at 8 p.m.", "went to the polls",
# "polling stations"), nor "surveyed" the verb ("inspectors surveyed the damage").
POLL = re.compile(
    r"(?<![Ee]xit )(?<![Ee]xit-)(?<!\bto the )\b(?:[Pp]oll(?:s|ing|sters?)?|[Ss]urveys?)\b"
    r"(?!\s+(?:open|opens|opened|close|closes|closed|stations?|places?|booths?)\b)"
)


# An event told as it happens, on its day: "Iowa residents on Monday are making the first picks
# …", "Voters are heading to the polls today". Written before the report of how it ended, it is
# out of date beside it. A progressive with the day, "today", "tonight" or "now" in its clause.
# not "Super Tuesday", "Black Friday" (names), "Monday's shooting", "the Monday vote", "next Tuesday"
_WHEN_NOW = (r"(?<!Super )(?<!Black )(?<!Cyber )(?<!Good )(?<!\bthe )(?<!\bnext )(?<!\blast )"
             rf"\b(?:{_DAY}|today|now)\b(?!['’]|\s+(?:night|morning|afternoon|evening)['’])")
_IN_PROGRESS = re.compile(
    rf"\b(?:is|are)\s+(?:\w+ly\s+|now\s+|still\s+)?(?!going\b)[a-z]{{3,}}ing\b"
    r"(?=(?:(?!\b(?:that|which|who|when|after|before|since|until|released|published|filed|and|but|while)\b)"
    rf"[^.;,]){{0,60}}?{_WHEN_NOW})"
    rf"|{_WHEN_NOW}[^.;,]{{0,40}}?\b(?:is|are)\s+(?:\w+ly\s+)?[a-z]{{3,}}ing\b"
)


def in_progress(text: str) -> bool:
    """True when the sentence's own clause (quotes left out, not reported speech) tells the
    event as it happens on its day ("Iowa residents on Monday are making the first picks …")."""
    plain = unquoted(text, 0, len(text))
    m = _IN_PROGRESS.search(plain)
    return m is not None and not REPORTED.search(plain, 0, m.start()) and not _EMBEDDED.search(plain[: m.start()])


# A guess at what is to come: a condition ("If Clinton loses, it would be …", "Should Rubio
# finish second, …") or a would/could/might of the writer's own ("A second-place finish would
# bolster Rubio's claim"); not "would have set a new standard", a past that did not happen;
# not a past inability or refusal ("officials could not say", "would not comment"); not a
# would that describes, in a relative clause ("the bill, which would raise the minimum wage,
# passed the House").
_GUESS = re.compile(
    r"^(?:(?:But|And|So|Yet),?\s+)?(?:If|Unless|Should)\b"
    r"|\bcould\b(?!\s+(?:have|not)\b)|\bmight\b(?!\s+have\b)"
    r"|(?<!\bwhich )(?<!\bthat )\bwould\b(?!\s+have\b)"
    r"(?!\s+not\s+(?:say|comment|confirm|discuss|elaborate|disclose)\b)"
)
# Whose guess it is, told at the end: "…, witnesses said.", "…, according to police."
_SAID_AT_END = re.compile(
    r",\s+(?!(?:and|but|or|so|yet|while|as|because|though|although|which|who)\b)(?:[\w'’.\-]+\s+){0,6}"
    + REPORTED.pattern
    + r"(?:\s+[\w'’.\-]+){0,8}[^\w,]*(?:,[^,]*)?$"
)


def speculates(text: str) -> bool:
    """True when the sentence's own clause (quotes left out) guesses at what is to come, not
    in reported speech ("Trump said he would win", "… would win, aides said" report what
    someone said)."""
    plain = unquoted(text, 0, len(text))
    m = _GUESS.search(plain)
    if m is None or REPORTED.search(plain[: m.start()]):
        return False
    return not _SAID_AT_END.search(plain, m.end())


# Who says it: "Comey said", "the mayor also said", "according to …" — a reporting verb
# whose subject is a name or stands for one; one buried in a clause of the writer's own
# claim ("… his news conference, in which he … then announced …, was just the latest …")
# does not attribute the claim.
_ATTRIBUTION = re.compile(
    r"\baccording to\b"
    r"|(?:\b[A-Z][\w'’.\-]*|\b(?:he|she|they|officials?|spokes(?:man|woman|person)|mayor|president|governor|"
    r"senator|police))\s+(?:\w+ly\s+|also\s+|later\s+|then\s+)?"
    r"(?:said|says|told|tells|added|argued|claimed|insisted|wrote|writes|tweeted|stated|announced|testified|"
    r"warned|noted|explained|acknowledged|confirmed|denied)\b"
)


def attributed(text: str) -> bool:
    """True when the sentence says whose claim it tells ("X said …", "according to …")."""
    return _ATTRIBUTION.search(unquoted(text, 0, len(text))) is not None


def attributed_to(text: str) -> str:
    """The name whose claim the sentence tells, as the word before the speech verb ("Issa" of
    "Rep. Darrell Issa said …"); "" when it names none there ("he said", "according to")."""
    m = _ATTRIBUTION.search(unquoted(text, 0, len(text)))
    word = m.group(0).split()[0] if m is not None else ""
    return word if word[:1].isupper() and word.lower() not in ("he", "she", "they", "according") else ""
