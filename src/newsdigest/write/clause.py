"""The lede's main clause as a headline: the one candidate not written by an editor.

A lead-in before the subject ("On Tuesday, …", "In a speech on Monday, …") is dropped, never
a noun phrase ("At least 20 people …"); so are asides (", who died Monday at 92,", ", at least
temporarily,"). The clause ends at the first clause break that leaves 5–14 words, or up to 16
at a comma or a dash (whole), else it is cut before the last preposition or conjunction within
14 words; "as" breaks a clause only when a clause follows it ("… as the convention opened"), not
a role ("… Tim Kaine as her running mate"). A clause that is only an attribution ("the ministry
said on Monday"), or one that opens on a subordinate clause ("While discussing …"), is not the
report: it is never whole, so it keeps the cut's handicap in the headline's choice.

Then it is written as a headline (``headline_style``): the day goes with its own preposition
("… primary Tuesday", "… sworn in on Tuesday night" → "… sworn in"), and the main verb, where a
clear pattern shows it right after its subject, goes to the present ("won" → "wins", "vied" →
"vie", "has chosen" → "chooses", "was" → "is"; an irregular past's base is the lemmatizer's,
"hid" → "hide" (``verbs.py``), a regular past's the one its verbs know: "eyed" → "eye",
"controlled" → "control"). The past stays where a time says it is past ("in 1995", "last year",
"two decades ago", "while secretary of state"), where a second past verb follows ("… and John
Kasich won Ohio"), where the subject is a one-word name in "-s" ("Starbucks") and without the
lemmatizer's tables. The writer has no part-of-speech tags: anything unclear is left as the
lede has it.
"""

from __future__ import annotations

import re

from ..quotes.people import dictionary_words, dictionary_words_of
from .context import PRONOUN_START
from .days import PAST_TIME, WEEKDAY
from .neutral import has_verb
from .text import WEEKDAYS
from .units import Unit
from .verbs import PASTS_AS_BASE, irregular_participles, irregular_pasts

_CLAUSE_BREAK = re.compile(
    r",\s|;\s|\s(?:[-–—]|--)\s|"
    r"\s(?:after|as|when|while|because|which|who|but|following|amid|despite|since|until)\s"
)
# A clause after "as": a subject pronoun, or a verb before the next comma ("as a clutch of groups
# scrambled …", "as the four remaining candidates took the stage"); not a role ("as her running mate").
# Bounded, and searched only in a window after "as" (``_AS_WINDOW``): a lede has no length limit.
_AS_CLAUSE = re.compile(
    r"^(?:he|she|it|they|we|i|you|there)\b"
    r"|^(?:(?!--)[^,;–—]){0,200}?\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|"
    r"[a-z]{3,30}ed|said|says|took|won|lost|made|came|went|got|began|left|met|held|told|gave|fell|rose|ran|"
    r"saw|"
    r"(?-i:[A-Z][\w'’.-]{0,30}\s+[a-z]{3,30}s))\b",
    re.IGNORECASE,
)
_AS_WINDOW = 200
# A comma inside a list of names ("Florida, Ohio and North Carolina"), not a clause break.
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:of\s+)?[A-Z][\w.'’-]*){0,3}"
_NAME_LIST = re.compile(rf"(?:{_NAME},\s+){{0,8}}{_NAME},?\s+(?:and|or)\s+[A-Z]")
# A relative clause on the subject, opened by a comma: the main verb comes after its closing comma.
_OPEN_RELATIVE = re.compile(r"^[^,;]{0,80}?,\s+(?:who|whose|which)\b")  # "who’s" too: "who" then "’"
# A light clause whose event is told by the participle after it: "Hillary Clinton had a good
# night Tuesday, winning the key states of Florida, Ohio and North Carolina …" → "Hillary
# Clinton won the key states of …". The subject is short; the participle must be a verb's.
_LIGHT = re.compile(
    r"(?P<subject>(?:\S+\s+){1,5}?)(?:had|has|have)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:night|day|week|weekend|evening|showing|outing)\b[^,;]{0,40},\s+(?P<verb>[a-z]{3,20}ing)\s+(?P<rest>\S)"
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
_TIMES = (
    rf"(?:week|weekend|month|year|night|morning|afternoon|evening|season|spring|summer|autumn|fall|winter|"
    rf"{WEEKDAY}|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)s?"
)
# A lead-in before the subject, up to its comma: a prepositional or adverbial phrase or clause
# ("On Thursday night, …", "In a speech on Monday, …", "When police arrived, …"), a lone
# adverb ("First, …", "Meanwhile, …"), a time phrase ("Last week, …", "Nearly a week after …,
# …"), a participle's phrase ("Standing in the midst of …, …"). Never a noun phrase: "At least
# 20 people …", "Nearly 300 people …", "This year's budget …", "King Charles …", "Boeing will …".
_LEAD_IN = re.compile(
    r"^(?:(?P<prep>(?:even\s+(?=as|if|though|when|while|after|before|with|without|since|amid|despite))?"
    r"(?:on|in|at(?! least| most| about| around)|during|after|before|since|following|for|"
    r"as(?! many| much| few| of\b| well)|with|without|amid|despite|under|throughout|across|within|from|until|"
    r"according to|based on|when|while|although|though|once|if)\s)"
    r"|(?:first|second|meanwhile|however|still|now|earlier|later|separately|elsewhere|instead|overnight|"
    r"today|yesterday|tonight|previously|initially|finally|ultimately|nonetheless|nevertheless|moreover|"
    r"also|then)(?=,)"
    r"|(?P<adverb>(?-i:[A-Z][a-z]{3,}ly)(?=,))"  # a sentence adverb: "Unsurprisingly, …", "Notably, …"
    r"|(?:(?:last|this|next|earlier|later|early|late)\s+(?:this\s+|last\s+|next\s+|on\s+)?)?"
    rf"{_TIMES}\b(?!['’])"
    r"|(?:(?:nearly|almost|just|about|more than|less than|some|barely|only)\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\d+)\s+)?"
    r"(?:hours?|days?|weeks?|months?|years?|decades?|minutes?)\s+"
    r"(?:after|before|since|ago|later|earlier|into)\b"
    r"|(?P<part>(?-i:(?:[AEIOU]|[A-Z][a-z]*[aeiou])[a-z]*ing\s(?=[a-z])))"
    # a past participle's phrase ("Armed with …, …", "Faced with …, …") and an infinitive's ("To
    # be sure, …", "Not to be confused with …, …")
    r"|(?P<done>(?-i:[A-Z][a-z]{2,}ed\s(?=(?:with|by|about|from|for|into|on|in|at|as|to)\s)))"
    r"|(?:not\s+)?to\s(?=[a-z]))"
    # up to its comma; a date's own comma before the year is not it ("On Nov. 15, 2019, …")
    r"(?:[^,;]|(?:(?<=\s\d)|(?<=\s\d\d)),(?=\s(?:1[6-9]|20)\d\d\b)){0,150},[”\"’']?\s+",
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
# Asides that leave a clause without its verb when cut: ", who died Monday at 92," "(R-Fla.)",
# ", at least temporarily,"; an age before the relative goes with it (", 51, who’s married to …,").
# A relative ends where the main clause goes on in lower case: in "…, which premiered her play,
# Cleanliness, Godliness, and Madness, at …" the comma after "play" opens a title, not the verb.
_ASIDE = re.compile(
    r",\s(?:\d{1,3},\s)?(?:who(?:['’]s)?|which)\s[^,;]{1,120},\s(?=[a-z])|\s\([^()]{1,40}\)|\s--\s[^-]{1,120}\s--\s"
    r"|(?<!\d)\s[—―–]\s(?!\d)[^—―–]{1,120}(?<!\d)\s[—―–]\s(?!\d)"
    r"|,\s(?:at least|at most|for now|for the moment|in effect|in fact|however|so far|once again|"
    r"(?-i:[a-z]+ly))(?:\s(?-i:[a-z]+ly))?,\s"
)
_MAX_WORDS = 14  # a clause cut where no break ends it
# A first word that leaves no main clause to stand as a headline: a subordinator ("While
# discussing …"), "even" before one ("Even as some polls show …") or a conjunction joining what
# came before ("And with polls showing …", left by a lead-in cut at its first comma).
_SUBORDINATE = frozenset(
    "while when whenever although though if because as after before since until unless despite amid "
    "following during with without whether once even and but or nor yet so given".split()
)
_MAX_CLAUSE_WORDS = 16  # a clause that ends at a comma, a semicolon or a dash
# A relative clause inside the subject ("The group that owns most of her music, …"): its verb is
# not the clause's.
_RELATIVE = re.compile(r"\s(?:that|who|whom|whose|which)\s|\s[-–—]\s+(?:who|whose|which)\s")
# The main verb right after a break: what came before the break was the subject and its aside.
_VERB_NEXT = re.compile(
    r"(?:has|have|had|is|are|was|were|will|would|can|could|may|might|must|should|says|said|told|tells)\b"
    r"|(?:also|now|reportedly|then|later|recently)\s"
)
# The verb of a short clause after a comma ("…, officials said", "…, it added"): without one, the
# words after the comma end the phrase before it ("… in major, statewide races").
_SHORT_CLAUSE_VERB = re.compile(
    r"\b(?:said|says|say|added|adds|told|tells|wrote|writes|noted|notes|reported|is|are|was|were|has|have|had|"
    r"will|would|can|could|\w+ed)\b"
)
_DETERMINERS = frozenset("the a an his her their its our this that these those".split())
# A past or third-person form has_verb leaves for a noun ("Clinton used a private server").
_PAST_OR_S = re.compile(r"\b[a-z]{2,}(?:ed|es)\b")
# A pronoun subject: the headline would name no one ("In Virginia, they voted …").
# "This"/"These" only before a verb: "This year's deficit widened …" names its subject.
_PRONOUN_SUBJECT = re.compile(
    r"^(?:[^,]{0,40},\s+)?"
    r"(?:(?:he|she|they|it|we)\s|(?:this|these|those)\s+(?:is|are|was|were|has|have|had|will|would)\b)",
    re.IGNORECASE,
)


def _lead_in(text: str) -> int:
    """Where the sentence's subject starts after a lead-in ("On Tuesday, …"), or 0."""
    m = _LEAD_IN.match(text)
    if not m or len(text[m.end() :].split()) < 5:
        return 0
    rest = text[m.end() :]
    if PRONOUN_START.match(rest[:1].upper() + rest[1:]):
        return 0  # "As Trump and Cruz led the field, those trailing them …": the lead-in says who
    lead = text[: m.end()]
    if m.group("part"):  # "Standing in …, …", not "Boeing will cut …, chief executive … told"
        word = m.group("part").strip()
        if word.lower() in _ING_SUBJECTS or len(word) < 5 or _FINITE.search(lead):
            return 0
    elif m.group("adverb"):  # "Unsurprisingly, …", not "Italy, France and Spain …"
        word = m.group("adverb").lower()
        adverbs = dictionary_words_of("adv")
        if word not in adverbs and not (word.startswith("un") and word[2:] in adverbs):
            return 0
    elif m.group("done"):  # "Armed with …, …", not "Ted in Austin, …"
        if _FINITE.search(lead) or not _regular_past(m.group("done").strip().lower()):
            return 0
    elif not m.group("prep") and _FINITE.search(lead):
        return 0
    # The lead-in's list goes on past its first comma: "Armed with guns, knives and baseball bats,
    # the men …", "In Iowa, New Hampshire and Nevada, Trump …" (no verb before the next comma).
    more = _LIST_REST.match(text, m.end())
    if more and not has_verb(more.group("items")) and len(text[more.end() :].split()) >= 5:
        return more.end()
    return m.end()


_LIST_REST = re.compile(r"(?P<items>[^,;.]{1,60}?\s(?:and|or)\s[^,;.]{1,60}?),\s+")


def _attribution_only(clause: str) -> bool:
    """A clause that only says who said it ("Police said on Saturday night in a statement")."""
    m = _ATTRIBUTION.match(clause)
    if not m:
        return False
    rest = m.group("rest")
    bare = len(rest.split()) <= 10 and not _CLAUSE_WORDS.search(rest)
    return bare and bool(m.group("say") or _WHEN_WHERE.match(rest))


def lede_text(units: list[Unit]) -> str:
    """The lede's words, each name as written there in full (no role), or "" without a lede."""
    return "".join(p.text if not p.name else p.name for p in units[0].pieces).strip() if units else ""


def _lede_clause(units: list[Unit], people: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """The lede's main clause, in the lede's words, and whether it is whole: a lead-in ("On
    Tuesday, …") and asides dropped, up to the first clause break that leaves 5–14 words (16
    at a comma or a dash: whole), else cut before the last preposition or conjunction within
    14 words. A clause that is only an attribution, or one that opens on a subordinate clause
    ("While discussing …"), is never whole (it keeps the cut's handicap). A light clause ("had a
    good night") gives way to the participle after it (``_LIGHT``), as whole as the light clause
    was: only the participle's own adjuncts ("by margins big enough …") are cut. A clause about one
    of the story's ``people`` (the words of their names) that the lede gives to a person named
    after it ("…, former President Bill Clinton said") is headed as that person's say ("Bill
    Clinton says Hillary Clinton thinks …"). ``headline_style`` then writes it as a headline."""
    if not units:
        return "", False
    text = lede_text(units)
    start = _lead_in(text)
    tries = [text[start:][:1].upper() + text[start + 1 :], text] if start else [text]
    for t in tries:
        clause, whole = _main_clause(t)
        if not _attribution_only(clause):
            light = _participle_for_light_verb(t)
            if light != t:
                return _main_clause(light)[0], whole
            about = {re.sub(r"['’]s$", "", w) for w in clause.split()[:3]} & people
            if whole and about and (who := _speaker_after(clause, t, people)) and not about <= set(who.split()):
                # "Hillary Clinton thinks the federal government requires too many tests …, former
                # President Bill Clinton said this week": the claim is his; the headline says so.
                first, _, rest = clause.partition(" ")
                # A name keeps its capital: a word the dictionary lacks, or one a capitalised word
                # follows ("Hillary Clinton"), or that the sentence capitalises further on.
                word = first.lower()
                keep = (word not in dictionary_words() and word not in _FUNCTION_WORDS) or first.isupper() or (
                    rest[:1].isupper() or re.search(rf"\s{re.escape(first)}\b", t) is not None
                    or re.sub(r"['’]s$", "", first) in people  # "Trump will win …", "Bush cannot …"
                )
                return f"{who} says {first if keep else first.lower()} {rest}", whole
            return clause, whole
    return _main_clause(text)[0], False


_FUNCTION_WORDS = _DETERMINERS | frozenset("it its they we some many most all no one two three every each".split())
# Last words of an organisation's name, not a person's.
_BODIES = frozenset(
    "department office ministry agency police commission council party house committee court bank "
    "service services group inc corp company association board government administration campaign".split()
)
# A person's attribution after the clause, right after its comma or closing quote mark: ",
# former President Bill Clinton said this week …" (a role in lower case, a title, the name).
_SAID_AFTER = re.compile(
    r"[,”\"’']+\s+(?P<role>(?:(?:[a-z][\w-]*|[A-Z][a-z]{0,3}\.)\s+){0,4})"
    r"(?P<name>(?:[A-Z][\w.'’-]+\s+){0,4}[A-Z][\w'’-]+)\s+(?:said|says|told|added|wrote|argued|claimed|insisted)\b"
)
# Words that open another clause, not a role: "…, and Bernie Sanders said the result was a tie".
_CLAUSE_OPENERS = frozenset(
    "and but or nor so yet while when whereas as after before because though although until since if "
    "unless once where".split()
)


def _speaker_after(clause: str, sentence: str, people: frozenset[str]) -> str:
    """The name of the person the sentence gives its claim to right after the clause ("…, former
    President Bill Clinton said …" → "Bill Clinton"), or "": not an organisation ("…, the Home
    Office said", "…, CNN said"), nor the speaker of another clause ("…, and Bernie Sanders said
    the result was a tie"). The name must be one of the story's ``people``."""
    tail = [re.escape(w) for w in clause.split()[-3:]]
    m = re.search(r"\s+".join(tail), sentence) if tail else None
    if m is None or (said := _SAID_AFTER.match(sentence, m.end())) is None:
        return ""
    role = said.group("role").lower().split()
    name = said.group("name").split()
    if role and (role[0] in _DETERMINERS or set(role) & _CLAUSE_OPENERS):
        return ""  # "…, the Treasury Department said", "…, when Bill Clinton said otherwise"
    if name[-1].lower() in _BODIES or not {re.sub(r"['’]s$", "", w) for w in name} & people:
        return ""
    # A title before the name ("President Bill Clinton"): the last two words name the person.
    return " ".join(name[-2:]) if len(name) > 2 else " ".join(name)


def _participle_for_light_verb(text: str) -> str:
    """The lede with a light clause's participle as its verb, in the past (``_LIGHT``); the lede
    unchanged when it has none, or the participle's base is no verb the lemmatizer knows."""
    m = _LIGHT.match(text, _lead_in(text))
    if m is None or not _verbs():
        return text
    past = _past_of(m.group("verb"))
    if past is None:
        return text
    return text[: m.start("subject")] + m.group("subject") + past + " " + text[m.start("rest") :]


def _past_of(participle: str) -> str | None:
    """The past of a verb's -ing form ("winning" → "won", "claiming" → "claimed", "stopping" →
    "stopped", "carrying" → "carried", "taking" → "took"), or None when no base is a verb."""
    stem = participle[:-3]
    doubled = len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS
    verbs = _verbs()
    tied = stem[:-1] + "ie" if stem.endswith("y") else ""  # "dying", "tying"
    base = next((b for b in (stem[:-1] if doubled else "", stem, tied, stem + "e") if b and b in verbs), None)
    if base is None:
        return None
    if base in PASTS_AS_BASE:
        return base  # "beating" → "beat"
    pasts = [p for p, b in irregular_pasts().items() if b == base]
    if pasts:
        return min(pasts)  # one form where the tables hold two ("dreamt", "dreamed")
    if doubled:
        return stem + "ed"
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in _VOWELS:
        return base[:-1] + "ied"
    return base + "ed"


def _main_clause(text: str) -> tuple[str, bool]:
    """The lede's main clause and whether it is whole (see ``_lede_clause``); "" when it can
    only be cut where the cut says the opposite of the lede."""
    text = _ASIDE.sub(" ", text)
    words = all_words = text.split()
    broken = False
    for m in _CLAUSE_BREAK.finditer(text):
        if m.group().startswith(",") and _NAME_LIST.match(text, m.end()) and re.search(
            r"[A-Z][\w.'’-]*$", text[max(0, m.start() - 40) : m.start()]
        ):
            continue  # "… Florida, Ohio and North Carolina": one list
        if _OPEN_RELATIVE.search(text, 0, m.start()) and m.group().startswith(","):
            continue  # "Phyllis Schlafly, whose campaigns against Communism, …": the verb is still to come
        head = text[: m.start()]
        clause = head.split()
        if len(clause) > _MAX_CLAUSE_WORDS:
            break  # every later break leaves a longer clause
        if m.group().startswith(",") and "," in head and not has_verb(head):
            continue  # "First his wife, longtime Hillary Clinton aide Huma Abedin, announced …": an aside
        core = _RELATIVE.split(head, 1)[0]
        if core != head and not (has_verb(core) or _PAST_OR_S.search(core)):
            continue  # "The group that owns most of her music, Big Machine, says …": the subject only
        rest = re.split(r"[.!?;]", text[m.end():], maxsplit=1)[0].split()
        if (m.group().startswith(",") and 0 < len(rest) <= 2 and rest[0][:1].islower() and rest[0] not in _DETERMINERS
                and not rest[0].endswith("ing") and not _SHORT_CLAUSE_VERB.search(" ".join(rest))):
            continue  # "… to vote in major, statewide races.": the phrase goes on after the comma
        if _VERB_NEXT.match(text, m.end()):
            continue  # "Prince Andrew, the … brother of …, Charles, has reportedly told …": the verb is next
        if m.group().strip() == "as" and not _AS_CLAUSE.search(text[m.end() : m.end() + _AS_WINDOW]):
            continue  # "… Tim Kaine as her running mate": a role, not a clause
        # A clause the lede's own punctuation ends may run longer than one cut at a conjunction.
        if 5 <= len(clause) <= (_MAX_WORDS if m.group().strip().isalpha() else _MAX_CLAUSE_WORDS):
            words, broken = clause, True
            break
    whole = broken or len(words) <= _MAX_WORDS
    first = _bare(words[0]) if words else ""
    # "While discussing a tweet …": no main clause to stand as a headline, never whole.
    main = first not in _SUBORDINATE and not (first.endswith("ing") and first not in _ING_SUBJECTS)
    main = main and not _PRONOUN_SUBJECT.match(" ".join(words))
    if not whole:
        full = words
        words = words[: _MAX_WORDS + 1]
        ends = _WEAK_END | _CUT_BEFORE
        cuts = [
            k
            for k in range(6, _MAX_WORDS + 1)
            if _bare(words[k]) in _CUT_BEFORE and _bare(words[k - 1]) not in ends
        ]
        if not cuts:  # no phrase boundary: before the last small word ("revealed a variety | of …")
            cuts = [k for k in range(6, _MAX_WORDS) if _bare(words[k]) in _WEAK_END] or [_MAX_WORDS]
        if _wants_more(words, cuts[-1]):
            # The cut leaves a word wanting what follows it: cut at the next boundary, or take the
            # clause whole, when either is not much longer; else no clause (a title takes its place).
            later = [k for k in range(cuts[-1] + 1, len(full)) if _bare(full[k]) in _CUT_BEFORE
                     and _bare(full[k - 1]) not in ends and not _wants_more(full, k)]
            stop = later[0] if later else len(full)
            if stop - sum(_bare(w) in _DAY_PARTS for w in full[:stop]) > _MAX_WORDS + _OVERRUN:
                return "", False
            cuts, words, whole = [stop], full, stop == len(full)
        words = words[: cuts[-1]]
    while len(words) > 4 and _bare(words[-1]) in _WEAK_END | _CUT_BEFORE:
        words.pop()
    words = _negation_bounded(words, all_words)
    if not words:
        return "", False
    words, closed = _quote_closed(words)
    whole = whole and not closed
    text = " ".join(words).rstrip(",;:.!? ")
    text = re.sub(r"[.,;:!?]([”\"’']?)$", r"\1", text)  # 'a "failed candidate."' → '… candidate"'
    return text, whole and main


def _wants_more(words: list[str], k: int) -> bool:
    """Whether a cut before ``words[k]`` leaves a word that wants what follows it (a day before
    the cut is dropped, see ``_drop_days``): a participle after the name it describes ("… the
    LC Convertible Concept previewed | in January") or a verb's "-ing" object before "as" ("…
    the Chargers saw winning Monday night | as the most important step")."""
    if k >= len(words):
        return False
    j = k - 1
    while j > 1 and _bare(words[j]) in _DAY_PARTS:
        j -= 1
    before, at = _bare(words[j]), _bare(words[k])
    if before.endswith("ing") and at == "as":
        return True
    return j == k - 1 and _reduced_relative(words, j)


_OVERRUN = 3  # words a clause may run past _MAX_WORDS rather than be cut where it wants more


def _negation_bounded(words: list[str], all_words: list[str]) -> list[str]:
    """The clause's words with the bound of a negation they hold, which a cut before it would
    drop: "… isn't expected | until next year" says the opposite of the lede. The clause runs on
    to the comma that ends the bound (within a few words), else there is no clause ([])."""
    tail = all_words[len(words) :]
    if not tail or not words or not _NEGATION.search(" ".join(words)):
        return words
    if all_words[len(words) - 1][-1:] in ",;:.!?" or tail[0] in ("—", "–", "--"):
        return words  # cut at its own punctuation: the negation's clause ends there
    bound = next((i for i, w in enumerate(tail) if _bare(w) in _NEGATION_BOUNDS), None)
    if bound is None or any(w[-1:] in ".;:!?," for w in tail[:bound]):
        return words  # no bound, or one past the negation's own clause
    end = next((i for i in range(bound, min(len(tail), bound + _BOUND_WORDS)) if tail[i][-1:] in ",;.:"), None)
    if end is None and len(tail) <= bound + _BOUND_WORDS:
        end = len(tail) - 1  # the sentence ends with the bound
    return [] if end is None else words + tail[: end + 1]


_BOUND_WORDS = 5  # "until next year", "unless Congress acts first"


def _open_quote_at(words: list[str]) -> int | None:
    """The index of the word whose quotation mark the words leave open (“…, "…), or None."""
    curly: list[int] = []
    straight: int | None = None
    for i, w in enumerate(words):
        for ch in w:
            if ch == "“":
                curly.append(i)
            elif ch == "”" and curly:
                curly.pop()
            elif ch == '"':
                straight = i if straight is None else None
    opened = [k for k in (*curly[:1], straight) if k is not None]
    return min(opened) if opened else None


def _quote_closed(words: list[str]) -> tuple[list[str], bool]:
    """The clause with no quotation left open where it was cut: "The headline reads: “Repeat
    after me: Obama is …" ends before the quote ("The headline reads"); a clause that opens on
    the quote (fewer than four words before it) gets its closing mark where the cut falls —
    words from inside someone's quote, which the headline's choice passes over when a title is
    there (``opens_on_quote``). True when the clause was changed."""
    at = _open_quote_at(words)
    if at is None:
        return words, False
    if at >= 4:
        words = words[:at]
        while len(words) > 4 and _bare(words[-1]) in _WEAK_END | _CUT_BEFORE:
            words.pop()
        words[-1] = words[-1].rstrip(",;:")
        return words, True
    words = list(words)
    words[-1] = words[-1].rstrip(",;:.!? ") + ("”" if "“" in words[at] else '"')
    return words, True


def opens_on_quote(clause: str) -> bool:
    """A clause that opens on a quotation mark: words from inside someone's quote."""
    return clause.lstrip()[:1] in "“\"‘"


def _bare(word: str) -> str:
    return word.lower().strip(",;:.!?\"“”‘’'()")


# --- headline style ------------------------------------------------------------------------

# "today" stays: it is as often a comparison ("Trump's support today is below …") as a date.
_DAY_WORDS = frozenset(d.lower() for d in WEEKDAYS) | {"tonight", "yesterday"}
_PARTS_OF_DAY = frozenset("night morning afternoon evening".split())
_DAY_PARTS = _DAY_WORDS | _PARTS_OF_DAY  # the words ``_drop_days`` may drop
# Words before a day that make it part of the report: "until Tuesday", "by Friday", "last Monday's".
_KEEP_DAY_AFTER = frozenset(
    "until till by since before after through from next last this every each that of for to between".split()
)
_RECENT = {
    "this": {"week", "weekend", "morning", "afternoon", "evening"},
    "last": {"night", "week", "weekend"},
}

_THIRD_PERSON = {"have": "has", "do": "does", "go": "goes", "be": "is"}
_VOWELS = "aeiouy"
_AUX_PRESENT = {"has": "3sg", "have": "plural"}
_BE_PRESENT = {"was": "is", "were": "are"}
# Words a subject does not hold (a clause of its own, a verb), or end on.
_NOT_SUBJECT = frozenset(
    "that which who whom whose when while because if as said says say told tells is are was were be been has "
    "have had will would can could may might must should did does do not".split()
)
# A contracted auxiliary or negation ("haven’t", "I’ve", "Don't"): the verb after it is a
# participle or a base ("I haven’t heard", "Don't get hung up"), not a past to put in the present.
_CONTRACTED = re.compile(r"n['’]t$|['’](?:ve|d|ll|re)$")
_SUBJECT_END_BAD = _WEAK_END | _CUT_BEFORE | frozenset(
    "not also just only his her their its our my your".split()
)
_PREPOSITIONS = frozenset(
    "of at in on for with from near across among around inside outside over under by after before behind "
    "between within without".split()
)
_IRREGULAR_PLURALS = frozenset("people police men women children".split())
_SINGULAR_S = frozenset("news series politics economics species".split())
# Days that are events, kept after their capitalised word ("Super Tuesday", "Black Friday"); any
# other capitalised word before a day ("in Dallas Thursday", "Trump Monday") does not keep it.
_NAMED_DAY = frozenset(
    "super black good cyber ash easter palm fat shrove maundy holy giving bloody".split()
)
# Where a second verb may start ("… on Tuesday and John Kasich won Ohio", "…, saying it was …").
_JOINS = frozenset("and or but while as then".split())
# A negation the words after it bound ("isn't expected until next year", "won't vote unless …").
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n['’]t\b", re.IGNORECASE)
_NEGATION_BOUNDS = frozenset("until till unless".split())
# After a participle that qualifies the subject ("a car based on …", "a man accused of …"), the
# clause's own verb: a form of "be", "have", "do", a modal, a negation ("isn't") or a past.
_PLACE_PREPOSITIONS = frozenset("on in at of from with for to into as under over near".split())
_FINITE_WORDS = frozenset(
    "is are was were has have had does do did will would can could should may might must".split()
)


def _finite_later(rest: list[str]) -> bool:
    """A finite verb of the clause's own after ``rest``'s first words, before a join or a comma."""
    for a in rest:
        if _bare(a) in _JOINS:
            return False
        if _bare(a) in _FINITE_WORDS or re.search(r"n['’]t$", a.lower()) or (a.islower() and _past_form(_bare(a))):
            return True
        if a[-1:] in ",;":
            return False
    return False


def headline_style(clause: str, names: frozenset[str] = frozenset(), sentence: str = "") -> str:
    """The clause as a headline: its day or time dropped, its main verb in the present where a
    clear pattern shows it ("Bernie Sanders won New Hampshire's Democratic primary Tuesday" →
    "Bernie Sanders wins New Hampshire's Democratic primary"). ``names`` are the words of the
    story's people and places: "Sanders" is one person, not a plural. ``sentence`` is the
    lede the clause was cut from: a time or a role right after the clause ("… while secretary of
    state") keeps the past too. Without the lemmatizer's verbs the tense is never changed."""
    words = _drop_days(clause.split()) or clause.split()
    if _verbs() and not PAST_TIME.search(clause + " " + _continuation(clause, sentence)):
        words = _present(words, names) or words
    return " ".join(words).rstrip(",;: ")


def _verbs() -> frozenset[str]:
    """The lemmatizer's verbs ("eye", "owe", "control"): what a past's base must be."""
    return dictionary_words_of("verb")


def _nouns() -> frozenset[str]:
    return dictionary_words_of("noun")


def _continuation(clause: str, sentence: str) -> str:
    """What follows the clause in its sentence up to the next punctuation ("while secretary of
    state"), or "" when the clause ended at a comma or is not found."""
    tail = [re.escape(w.strip(".,;:!?\"“”‘’'")) for w in clause.split()[-3:]]
    if not sentence or not all(tail):
        return ""
    m = re.search(r"\s+".join(tail), sentence)
    if m is None:
        return ""
    return re.split(r"[,;:.!?—–(]|\s--\s", sentence[m.end() : m.end() + 300], maxsplit=1)[0]


def _drop_days(words: list[str]) -> list[str]:
    """Without "Wednesday", "on Tuesday night", "late Monday", "this week" (said of when it
    happened), the day phrase as a unit with its own preposition ("sworn in on Tuesday" →
    "sworn in"); a day that is part of the report ("until Tuesday", "Super Tuesday",
    "Tuesday's primary") stays."""
    out: list[str] = []
    quoted = _inside_quotes(words)
    i = 0
    while i < len(words):
        w = _bare(words[i])
        span = 0
        if quoted[i]:
            pass  # someone's words, or a name ("“Fox News Sunday”"), as written
        elif w in _DAY_WORDS and not re.search(r"['’]s?\W*$", words[i]) and i > 0:
            before = words[i - 1]
            named = before[:1].isupper() and _bare(before) in _NAMED_DAY
            if not named and _bare(before) not in _KEEP_DAY_AFTER and not _after_participle(words, i):
                span = 1
                if i + 1 < len(words) and _bare(words[i + 1]) in _PARTS_OF_DAY and words[i][-1:] not in ",;":
                    span = 2
        elif w in _RECENT and i > 0 and i + 1 < len(words) and _bare(words[i + 1]) in _RECENT[w]:
            if _bare(words[i - 1]) not in _KEEP_DAY_AFTER and not re.search(r"['’]s?\W*$", words[i + 1]):
                span = 2
        if span:
            while out and out[-1][-1:].isalpha() and _bare(out[-1]) in {"on", "late", "early", "earlier"}:
                out.pop()  # the day's own words ("late on"), and only they
            tail = words[i + span - 1]
            punct = tail[len(tail.rstrip(",;:.!?")) :]
            if punct and out:
                out[-1] += punct
            i += span
            continue
        out.append(words[i])
        i += 1
    return out


def _after_participle(words: list[str], i: int) -> bool:
    """Whether the day at ``words[i]`` ends a participle's phrase after a name, which it
    completes: "the LC Convertible Concept previewed in January", not "… previewed"."""
    j = i - 1
    if j > 0 and _bare(words[j]) in {"in", "on", "late", "early", "earlier"}:
        j -= 1
    return j > 0 and _reduced_relative(words, j)


def _reduced_relative(words: list[str], j: int) -> bool:
    """Whether ``words[j]`` is a participle describing the name before it, the clause's verb
    come before ("… looks largely similar to the LC Convertible Concept previewed"), not the
    clause's own verb after its subject ("Donald Trump called …")."""
    if not (_participle(_bare(words[j])) and words[j - 1][:1].isupper()):
        return False
    i = j - 1
    while i > 0 and words[i - 1][:1].isupper():
        i -= 1
    if i == 0 or _bare(words[i - 1]) in _CLAUSE_OPENERS or _past_form(_bare(words[i - 1])):
        return False  # "… argued that Governor Andrew Cuomo failed": the name is its clause's subject
    verbs = _verbs()
    return any(w.islower() and (_past_form(w) or w in _AUX or (w.endswith("s") and w[:-1] in verbs))
               for w in map(_bare, words[1 : j - 1]))


_AUX = frozenset("is are was were has have had will would can could".split())
_CLAUSE_OPENERS = frozenset("that who which whom because after before when while if and but or".split())


def _inside_quotes(words: list[str]) -> list[bool]:
    """Per word, whether it is inside a quotation (its marks' words included)."""
    out, depth, straight = [], 0, False
    for w in words:
        opens = w.count("“") + (w.count('"') if not straight else 0)
        out.append(depth > 0 or straight or opens > 0)
        for ch in w:
            if ch == "“":
                depth += 1
            elif ch == "”" and depth:
                depth -= 1
            elif ch == '"':
                straight = not straight
    return out


def _past_form(w: str) -> bool:
    """An irregular past, "was"/"were" or a regular past whose base is a verb."""
    return w in irregular_pasts() or w in _BE_PRESENT or _regular_past(w)


def _present(words: list[str], names: frozenset[str]) -> list[str] | None:
    """The words with the main verb in the present, or None when no clear pattern shows it: the
    first verb-like word must follow a plain subject (no clause, no verb of its own, at most one
    "-ly" adverb between), and no second past verb may follow ("… and John Kasich won Ohio")."""
    for k, raw in enumerate(words):
        w = raw.lower()
        if w in _BE_PRESENT or w in _AUX_PRESENT or w in irregular_pasts() or _regular_past(w):
            break
        if w in _NOT_SUBJECT or _CONTRACTED.search(w):
            return None
        if not re.fullmatch(r"[\w.'’&$%,-]+", raw) or raw.endswith(","):
            return None
    else:
        return None
    end = k - 1 if k > 1 and words[k - 1].lower().endswith("ly") and words[k - 1].islower() else k
    subject = words[:end]
    if not 1 <= len(subject) <= 10 or _bare(subject[-1]) in _SUBJECT_END_BAD or not raw.islower():
        return None
    rest = words[k + 1 :]
    nxt = _bare(rest[0]) if rest else ""
    joined = False  # "won … and followed that up", "won … and John Kasich won Ohio": two verbs, one tense
    for a in rest:
        if joined and a.islower() and _past_form(_bare(a)):
            return None
        joined = joined or _bare(a) in _JOINS or a[-1:] in ",;"
    if w in _BE_PRESENT:
        if not rest or _participle(nxt) or nxt in {"been", "being"}:
            return None  # a passive ("were killed") is left as it is
        new = _BE_PRESENT[w]
    elif w in _AUX_PRESENT or w == "had":
        if rest and (_participle(nxt) or nxt in {"been", "already", "not"}):
            if w == "had" or nxt in {"been", "already", "not"} or len(rest) < 2:
                return None  # the past perfect, the passive "has been …": left as they are
            base = irregular_participles().get(nxt) or _regular_base(nxt)
            number = _number(subject, names)
            if base is None or number is None or _AUX_PRESENT[w] != number:
                return None
            return words[:k] + [_conjugate(base, number)] + rest[1:]
        if w == "had":  # "had a good night" → "has a good night"
            number = _number(subject, names)
            return None if number is None else words[:k] + [_conjugate("have", number)] + rest
        return None  # "has" already present
    else:
        if nxt == "by" or (w in {"said", "told"} and re.search(r"\b(?:would|had)\b", " ".join(rest))):
            return None  # "… leaked by hackers", "said it would …": the tense belongs to the report
        if nxt in _PLACE_PREPOSITIONS and _participle(w) and _finite_later(rest):
            return None  # "… car based on the new platform isn't expected": a participle, not the verb
        base = irregular_pasts().get(w) or _regular_base(w)
        number = _number(subject, names)
        if base is None or number is None:
            return None
        new = _conjugate(base, number)
    return words[:k] + [new] + rest


def _regular_past(w: str) -> bool:
    return _regular_base(w) is not None


def _participle(w: str) -> bool:
    return w in irregular_participles() or _regular_past(w)


# Pasts of two verbs a headline could mean: "routed" (rout, route).
_AMBIGUOUS_PAST = frozenset({"routed"})


def _regular_base(w: str) -> str | None:
    """The base of a regular past, the first candidate that the lemmatizer's verbs know: "eyed"
    → "eye", "hoped" → "hope", "visited" → "visit", "controlled" → "control", "called" →
    "call", "carried" → "carry", "vied" → "vie". None when none is a verb ("hundred"), when
    the word is a verb's base itself ("feed", "shred") or without the lemmatizer's verbs."""
    if len(w) < 4 or not w.endswith("ed") or not w.isalpha():
        return None
    verbs = _verbs()
    if w in verbs or w in _AMBIGUOUS_PAST or (len(w) == 4 and w.endswith("eed")):  # "shred"; "feed", "seed"
        return None
    stem = w[:-2]
    if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        candidates = [stem, stem[:-1]]  # "called", "added"; "controlled", "nodded"
    elif w.endswith("ied"):
        candidates = [w[:-1], w[:-3] + "y"]  # "vied", "died"; "carried"
    else:
        candidates = [w[:-1], stem]  # "hoped", "eyed", "agreed"; "visited", "walked"
    return next((c for c in candidates if c in verbs), None)


def _number(subject: list[str], names: frozenset[str]) -> str | None:
    """"3sg" or "plural" for the subject, or None when unclear ("Democrats" may be a name)."""
    bare = [_bare(w) for w in subject]
    if bare[0] in {"he", "she", "it"} and len(bare) == 1:
        return "3sg"
    if bare[0] in {"they", "we", "i", "you"} and len(bare) == 1:
        return "plural"
    head = len(bare)
    for j, w in enumerate(bare):
        if w in _PREPOSITIONS and j > 0:
            head = j
            break
        if w in {"and", "&"} and j > 0:
            after = subject[j + 1] if j + 1 < len(subject) else ""
            named_before = any(re.sub(r"['’]s$", "", w.strip(",")) in names for w in subject[:j])
            if after[:1].islower() and _bare(after) not in _DETERMINERS and j + 3 < len(subject) and not named_before:
                continue  # two words of one description: "Republican and billionaire presidential candidate …"
            return "plural"
    word = re.sub(r"['’]s$", "", subject[head - 1].strip(",;:\"“”‘’'()"))
    low = word.lower()
    if low in _IRREGULAR_PLURALS:
        return "plural"
    if word in names:
        return "3sg"
    if word[:1].isupper() and head > 1:  # capitalised mid-sentence: "Senate Democrats" or "Goldman Sachs"?
        return None if low.endswith("s") else "3sg"
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and low not in _SINGULAR_S:
        if word[:1].isupper() and not _plural_noun(low):
            return None  # "Starbucks", "Reuters", "Jones": a name, not a plural
        return "plural"
    return "3sg"


def _plural_noun(w: str) -> bool:
    """Whether ``w`` is the plural of a dictionary noun ("protesters", "democrats", "companies")."""
    nouns = _nouns()
    singular = {w[:-1], w[:-2] if w.endswith("es") else "", w[:-3] + "y" if w.endswith("ies") else ""}
    return any(s in nouns for s in singular if s)


def _conjugate(base: str, number: str) -> str:
    if number == "plural":
        return "are" if base == "be" else base
    if base in _THIRD_PERSON:
        return _THIRD_PERSON[base]
    if base.endswith(("s", "sh", "ch", "x", "z")) or (base[-1:] == "o" and base[-2:-1] not in _VOWELS):
        return base + "es"  # "vetoes", "goes"; "boos", "radios"
    if base.endswith("y") and base[-2:-1] not in _VOWELS:
        return base[:-1] + "ies"
    return base + "s"
