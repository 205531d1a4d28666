"""The reporter's relative day ("tonight", "yesterday") said as a weekday of the article's
local date: a digest is read on another day than its sources were written.

``weekdays`` finds them in a sentence's text (quotes blanked by the caller) and gives the words
to print instead; ``units.dated`` splits the verbatim pieces around them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from datetime import date, timedelta

from .text import DAYS_AND_MONTHS, MONTHS, WEEKDAYS
from .verbs import irregular_pasts

WEEKDAY = "(?:" + "|".join(d.lower() for d in WEEKDAYS) + ")"  # a weekday's name, as a pattern
_MONTHS = "|".join(MONTHS)
# A time that is not the report's day keeps the past: a year ("in 1995", not "$2000" or "2000
# percent"), "two decades ago", "last year", "in July", "yesterday", "earlier this month", "for
# two decades" ("over two years" may be a deal's term); so does a role held then ("while
# secretary of state").
PAST_TIME = re.compile(
    r"(?<![\w$£€.,])(?:19|20)\d\d(?:s|['’]s)?\b(?!\.\d|\s*%|\s*percent)"
    r"|\b(?:ago|yesterday|earlier|formerly|previously|once|while)\b"
    r"|\blast\s+(?:week|weekend|month|year|season|spring|summer|fall|autumn|winter|decade|century|term|time|"
    rf"{WEEKDAY}|(?-i:{_MONTHS}))\b"
    rf"|\bin\s+(?:early\s+|late\s+|mid-)?(?-i:{_MONTHS})\b"
    r"|\bfor\s+(?:the\s+)?(?:past\s+|last\s+)?(?:[\w-]+\s+)?(?:years|decades|centuries)\b"
    r"|\bover\s+the\s+(?:past|last)\s+(?:[\w-]+\s+)?(?:weeks|months|years|decades)\b",
    re.IGNORECASE,
)

# A reporter's relative day ("tonight", "yesterday"), wrong once the digest is read on another
# day: said as the weekday of the article's local date (``Story.days``), outside quotes only
# (a speaker's words stay as spoken), in lower case or capitalised at the sentence's start (a
# capital elsewhere is a name: "CBS This Morning", "USA Today", "the Today show"):
#   "were injured tonight in Chelsea"      → "were injured on Saturday night in Chelsea"
#   "Yesterday, police arrested …"         → "On Friday, police arrested …"
#   "ruled out a bid this morning"         → "ruled out a bid on Saturday morning"
#   "tonight's debate", "today's vote"     → "Saturday night's debate", "Saturday's vote"
#   "until tomorrow", "since last night"   → "until Sunday", "since Friday night"
# News writes "today" for "nowadays" as often as for the day ("Today, it is owned by …", "even
# today", "Clinton's advantage today is …", "are tied in the state today"), so "today" is
# rewritten only beside a past or future verb ("went off in New Jersey today", "will vote
# today"; after its comma when it opens the sentence: "Today, the Senate voted …"; see
# ``_tense``), and not before "is", "are", "than" or "as". A possessive today's, yesterday's
# or tomorrow's only before an event ("today's vote", not "today's economy", "yesterday's
# news", "tomorrow's leaders"); "of today", "of tomorrow", "no tomorrow" are never a day.
_RELATIVE_DAY = re.compile(
    r"(?<![\w'’\-])(?P<words>today|tonight|(?:yesterday|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|this\s+(?:morning|afternoon|evening)|last\s+night)(?P<s>['’]s)?(?![\w\-])",
    re.IGNORECASE,
)
_DAY_SHIFT = {"yesterday": -1, "last": -1, "tomorrow": 1}  # today, tonight, this …: the day itself
_NOT_A_DAY_AFTER = re.compile(r"\b(?:even|no|(?<!\bas )of)\s+$", re.IGNORECASE)
# After these the day takes no "on": "until Sunday", "as early as Sunday", "reported just Thursday".
_NO_ON_AFTER = re.compile(
    r"\b(?:until|till|since|by|from|before|after|through|for|of|as|than|on|between|just)\s+$", re.IGNORECASE
)
_NOWADAYS_NEXT = re.compile(r",?\s+(?:is|are|remains?|than|as)\b")
_DAY_EVENTS = frozenset(
    "vote votes voting election elections primary primaries caucus caucuses debate debates hearing hearings "
    "meeting meetings rally rallies speech address announcement attack attacks shooting bombing explosion "
    "explosions blast ruling verdict decision game match race session summit talks briefing statement "
    "ceremony march protest protests visit trip event events funeral service deadline interview "
    "appearance testimony vigil launch".split()
)
# The tense of the verb nearest "today" (within ``_NEAR`` words, in its clause): a past
# ("went", "were injured", "announced") or a future ("will vote", "is expected to") tells the
# day, a present ("is", "are tied") does not, and a modal, a condition or a comparison nearby
# ("would be worse than life today", "if you were betting today", "we still live today") is
# no report of the day at all. An -ed word after "a", "the" or "its" is an adjective ("its
# continued influence"), after "is"/"are" a present passive, a verb after "to" an infinitive
# ("was ready to do it again today").
_PRESENT = frozenset("is are am has have does do remain remains".split())
_PAST = frozenset("was were had did agreed freed".split())
_FUTURE = frozenset("expected scheduled set due slated poised plan plans planning going".split())  # + "to"
_HEDGES = frozenset("would could can may might should must if still than".split())
_NOT_A_TENSE_AFTER = frozenset("is are am be being a an the to its his her their our my your".split())
_NEAR = 6
_TOKEN = re.compile(r"[\w'’\-]+")
_CLAUSE_EDGE = re.compile(r"[,;:()—–]|\s-{1,2}\s")
# Bounds that keep the work per match small on a hostile sentence ("today,today,…"): the
# words read around a match, and the matches read in one piece.
_LOOK_BACK, _LOOK_AHEAD, _MAX_DAYS = 40, 200, 8
_WORD = re.compile(r"\w+")


def mentions_day(text: str) -> bool:
    """Whether ``text`` holds a relative day at all (the cheap test before ``weekdays``)."""
    return _RELATIVE_DAY.search(text) is not None


def weekdays(plain: str, opening: int, day: date) -> list[tuple[int, int, str]]:
    """(start, end, words) for each reporter's relative day in ``plain`` (quotes blanked):
    the weekday phrase of ``day`` to print instead. ``opening``: where the sentence starts in
    ``plain`` (-1 when it starts before it), for "Yesterday, …" → "On Friday, …"."""
    edges = [e.start() for e in _CLAUSE_EDGE.finditer(plain)]
    out = []
    for m in itertools.islice(_RELATIVE_DAY.finditer(plain), _MAX_DAYS):
        initial = m.start() == opening
        if _reporters_day(plain, m, initial, edges):
            out.append((m.start(), m.end(), _weekday_phrase(plain, m, initial, day)))
    return out


def _reporters_day(plain: str, m: re.Match[str], initial: bool, edges: list[int]) -> bool:
    """Whether the match is the reporter's day, not a name or "nowadays" (see ``_RELATIVE_DAY``).
    ``edges``: where the sentence's clauses break (``_CLAUSE_EDGE``), found once per piece."""
    said = m.group("words")
    if not (said.islower() or (initial and said[0].isupper() and said[1:].islower())):
        return False
    if said.lower() in ("today", "yesterday", "tomorrow"):
        if m.group("s"):  # one of the next three words names an event: "today's Senate vote"
            return not _DAY_EVENTS.isdisjoint(_WORD.findall(plain, m.end(), m.end() + 60)[:3])
        if _NOT_A_DAY_AFTER.search(plain, max(0, m.start() - _LOOK_BACK), m.start()):
            return False
    if said.lower() != "today":
        return True
    if _NOWADAYS_NEXT.match(plain, m.end()):
        return False
    k = bisect.bisect_left(edges, m.start())
    if initial:  # "Today, the Senate voted …": the first verb after its comma
        after = bisect.bisect_right(edges, m.end())
        words = _TOKEN.findall(plain, m.end(), min(edges[after] if after < len(edges) else len(plain),
                                                   m.end() + _LOOK_AHEAD))
        near = range(min(_NEAR, len(words)))
    else:  # "went off in New Jersey today": the verb nearest before it
        clause = edges[k - 1] + 1 if k else 0
        words = _TOKEN.findall(plain, max(clause, m.start() - _LOOK_AHEAD), m.start())
        near = range(len(words) - 1, max(-1, len(words) - 1 - _NEAR), -1)
    tenses = [t for i in near if (t := _tense(words, i))]
    return bool(tenses) and tenses[0] != "present" and _HEDGES.isdisjoint(words[i] for i in near)


def _tense(words: list[str], i: int) -> str:
    """"past", "future" or "present" when ``words[i]`` says a verb's tense, else ""."""
    word, before = words[i], words[i - 1] if i else ""
    if word == "will" or word.endswith(("'ll", "’ll")) or (word in _FUTURE and "to" in words[i + 1 : i + 2]):
        return "future"
    if not (word.isalpha() and word.islower()) or before in _NOT_A_TENSE_AFTER:
        return ""
    if word in _PRESENT:
        return "present"
    return "past" if word in _PAST or word in irregular_pasts() or _regular_past(word) else ""


def _regular_past(word: str) -> bool:
    """An -ed past ("injured", "reported"); not "-eed" ("need", "indeed") nor "hundred"."""
    return len(word) > 4 and word.endswith("ed") and not word.endswith("eed") and word != "hundred"


def _weekday_phrase(plain: str, m: re.Match[str], initial: bool, day: date) -> str:
    """"on Saturday night", "Saturday night's", "On Friday": the words for the match on ``day``."""
    words = m.group("words").lower().split()
    part = "night" if words[0] in ("tonight", "last") else (words[-1] if len(words) > 1 else "")
    weekday = DAYS_AND_MONTHS[(day + timedelta(days=_DAY_SHIFT.get(words[0], 0))).weekday()]
    said = f"{weekday} {part}".strip()
    if m.group("s"):
        return said + m.group("s")
    if _NO_ON_AFTER.search(plain, max(0, m.start() - _LOOK_BACK), m.start()):
        return said
    return f"On {said}" if initial else f"on {said}"
