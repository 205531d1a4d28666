"""How much a title is one outlet's voice rather than a report: the penalty it pays in the
headline's choice.

Clickbait and teasers, shouting, questions, quotes, one speaker's claim ("Brooks: …"; a topic
label such as "Gaza: …" is milder), loaded or commentator's words in their attack or verdict
sense ("X slams Y", not "Grand Slam" or "Blast kills 12"), talking to the reader, opinion
modals the title does not attribute, a person called by first name, two headlines glued, a
quote cut open, mojibake the headline cannot repair. Quoted words are a source's, not the
title's; the names and places the story knows tell a name from a loaded word.

A title without a verb ("Hillary Clinton's backseat driver", "The Democratic race, in charts")
is a label, not a report (``has_verb``): the headline's choice makes it pay when a report
title is there to take its place.
"""

from __future__ import annotations

import re
from collections import Counter

from ..quotes.people import dictionary_words_of
from .candidates import Story, garbled
from .quoting import OPEN_QUOTES
from .roles import is_title
from .titles import _QUOTED, repair, _unquoted_split
from .verbs import irregular_pasts

_CLICKBAIT = re.compile(
    r"you won'?’?t believe|\bshock(?:ing|ed)\b|\bhere['’]s\b|this is why|what happens next|"
    r"jaw[- ]dropping|must[- ]see|mind[- ]blowing|(?:things|facts) (?:you need )?to know|what we know|"
    r"\bepic\b|\bunbelievable\b|\bgoes viral\b|^watch\b|\bexplained\b|\bbombshell\b|"
    # "This is why …", "These Angry Protesters …"; not "This year's Nobel prize …".
    r"^there['’]s\b|^that['’]s\b|^(?:this|these)\b(?!\s+(?:year|week|weekend|month|season|morning|afternoon|"
    r"evening|spring|summer|autumn|fall|winter|time|decade|century)\b)|"
    # Viral sites' teasers: "Wow: …", "BUSTED: …", "X Just Said Something Unexpected", "5-Word Missile".
    r"^(?:wow|look|boom|busted|revealed|whoa|omg|huge|exposed|caught|ouch|yikes|oops)\s*:|"
    r"\bjust (?:did|said|made|gave|responded|fired|dropped|unleashed|exposed|revealed|destroyed|sent)\b|"
    r"\bsomething (?:unexpected|big|huge|amazing|incredible)\b|\b(?:\d+|one|two|three|four|five)[- ]words?\b|"
    r"\bdo(?:ing)? this\b|"
    r"\bsums? up\b|\bthe reason why\b|\bhas (?:many|everyone)\b",
    re.IGNORECASE,
)
# A list, not a report: "5 things to know …", "Seven GOP presidential hopefuls who could still
# make a case" (a count of people or things who might, a feature's guesswork).
_COUNT = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_LISTICLE = re.compile(
    rf"^\d+\s+(?:\w+\s+)?(?:things|ways|reasons|facts|photos|signs|trends|takeaways)\b"
    # Not a report of them: "Two men who could face charges are arrested", "…, officials say".
    rf"|^(?!.*\b(?:are|is|were|was|remain|say|says|finds?)\b){_COUNT}\s+(?:[\w\-'’]+\s+){{1,4}}?(?:who|that)\s+"
    r"(?:\w+\s+)?(?:could|might|may|can|should|would|will)\b",
    re.IGNORECASE,
)
# Explainers, previews and guesses ("How X could…", "What each … needs", "Maybe …") are not
# reports. Case matters: "WHO declares …" is the World Health Organization.
_EXPLAINER = re.compile(r"^(?:How|Why|What|Who|When|Where|Maybe)\b")

# Words that judge rather than report: the title's own verdict (quoted words are a source's).
# Each is loaded in its attack or verdict sense only, not inside a name: "Derelict building
# collapses", "Nuclear plant meltdown fears", "Car slams into crowd", "Djokovic wins record 24th
# Grand Slam title", "Bad Bunny leads Grammy nominations" are reports.
_VERDICT_WORDS = re.compile(
    r"\b(?:blistering|scathing|skewer(?:s|ed|ing)?|eviscerat\w*|humiliat\w*|disgrace\w*|absurd|ridiculous|"
    r"pathetic|outrageous|shameful|disastrous|frenzy|hysteria|unhinged|crazy|insane|stunning|"
    r"savage(?:ly|s|d)?|brutal(?:ly)?|awkward\w*|hilarious|terrible|awful|horrible|embarrassing|stupid|dumb|"
    r"amazing|incredible|goes after|lash(?:es|ed)? out|(?:tears?|tore|rips?|ripped) into|swipes? at|"
    r"freaks? out|fix is in|fever pitch|"
    r"(?<!grand )slam(?:s|med|ming)?(?! into| dunk| the door| door| shut| the brakes| brakes)|"
    r"bad(?! (?:weather|loans?|debts?|blood|banks?))|"
    r"derelict(?!(?: \w+)? (?:buildings?|houses?|homes?|propert(?:y|ies)|sites?|land|blocks?|factor(?:y|ies)|"
    r"hotels?|mills?|ships?|vessels?|boats?|churche?s?|pubs?|shops?|warehouses?|estates?|plots?|structures?|"
    r"towers?|schools?|hospitals?|cinemas?|theatres?|stations?|offices?|flats|apartments?|mansions?|barns?|"
    r"cars?|lots?|piers?|railways?|mines?))|"
    r"(?<!nuclear )(?<!reactor )(?<!plant )(?<!market )(?<!stock )(?<!financial )(?<!banking )(?<!core )"
    r"meltdown)\b",
    re.IGNORECASE,
)
# Verbs that are loaded only with a person or an organisation as their object ("Trump blasts
# Clinton", "mocks reporter") or in the passive ("slammed as", "blasted by"): "Blast kills 12",
# "Three drown in rip currents", "Olympic torch relay", "Wildfire destroys hundreds of homes",
# "Israel demolishes Palestinian homes" are reports.
_ATTACK_VERB = re.compile(
    r"\b(?:(?P<fig>blast(?:s|ed|ing)?|rip(?:s|ped|ping)?|trash(?:es|ed|ing)?|bash(?:es|ed|ing)?|"
    r"mock(?:s|ed|ing)?)|(?P<lit>destroy(?:s|ed|ing)?|demolish(?:es|ed|ing)?|obliterat(?:es|ed|ing)|"
    r"torch(?:es|ed|ing)?))\b",
    re.IGNORECASE,
)
_PASSIVE_ATTACK = re.compile(
    r"\b(?:blasted|ripped|trashed|bashed|mocked|savaged|torched)\s+(?:as|by|for|over|after)\b", re.IGNORECASE
)
_PERSON_NOUNS = frozenset(
    "critic critics rival rivals opponent opponents media press reporter reporters journalist journalists "
    "lawmaker lawmakers official officials democrats republicans liberals conservatives president "
    "administration government leader leaders party congress senator senators governor mayor host anchor "
    "fans player players coach judge judges colleague colleagues successor predecessor challenger "
    "establishment elites gop dems minister ministers boss bosses ceo campaign team camp aides allies "
    "supporters voters staff pundits protesters".split()
)
_DETERMINERS = frozenset(
    "the his her their its fellow former ex rival own top a an this that these those".split()
)
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for and or but by with from as over after before about during amid "
    "against again into onto than via vs per".split()
)
# A name in a title is the capitalised word of a sentence-case title ("Bad Bunny", "Grand Slam",
# "Human Rights Watch"); at its start, one followed by such a word or a reporting verb ("Savage wins").
_NAME_VERBS = frozenset(
    "wins won says said dies died leads joins quits signs signed named takes gets returns resigns "
    "announces becomes admits denies faces sues beats tops claims scores breaks sets retires makes calls "
    "tells warns urges".split()
)
_FEVER = re.compile(r"\b([A-Z][\w'’]*)\s+fever\b")
_FEVERS = frozenset("dengue lassa yellow scarlet typhoid valley nile rift ebola marburg hay swine q".split())
_VERDICT = re.compile(
    r"\b(?:merely|utterly|truly|totally|obviously|frankly|hardly|absolutely|actually|really)\b", re.IGNORECASE
)
_OPINION = re.compile(
    r"\b(?:should(?:n'?’?t)?|ought to|needs? to|didn'?’?t need|it'?’?s time)\b", re.IGNORECASE
)
# Reported speech the title attributes: "US needs to do more, says UN chief", "Powell says …".
_SAY = r"(?:says?|said|warns?|warned|tells?|told|argues?|argued|urges?|urged|claims?|insists?|believes?)"
_NOT_MODAL = r"(?<!should )(?<!must )(?<!to )(?<!would )(?<!could )(?<!will )(?<!n't )(?<!n’t )"
_ATTRIBUTED = re.compile(
    rf",\s+(?:[\w.'’&-]+\s+){{0,6}}?{_NOT_MODAL}{_SAY}\b[^,]*$|,\s+{_SAY}\s|"
    rf"^(?:[\w.'’&-]+\s+){{1,6}}?{_NOT_MODAL}{_SAY}\b|"
    r"\baccording to\b",
    re.IGNORECASE,
)
_READER = re.compile(
    r"\b(?:you|your|yours|yourself)\b|^(?:don'?’?t|do not|never|stop|let'?’?s|read|see|meet|get)\s",
    re.IGNORECASE,
)
_WE = re.compile(r"\b(?:we|our|ours|we'?’?d|we'?’?re)\b", re.IGNORECASE)
# "Brooks: …", "Paul Ryan: …": one person's claim presented as the news. A label is milder:
# a topic, a place or one word ("Gaza: …", "Storm Babet: …", "NHS: …", "Police: …"), unless
# the story knows it as a person.
_COLON_PREFIX = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*)\s*:\s+")
_LABELS = {"poll", "polls", "update", "report", "review", "obituary", "timeline", "q&a", "quiz", "chart"}
_TOPIC_HEADS = frozenset(
    "storm hurricane typhoon cyclone tropical wildfire wildfires flood floods earthquake covid coronavirus "
    "operation election elections budget brexit war crisis strike strikes trial inquiry world cop "
    "general spring autumn winter summer".split()
)
# Acronyms are not shouting ("NATO allies agree …").
_ACRONYMS = frozenset(
    "NATO NASA OPEC FIFA UEFA UNICEF UNESCO ASEAN NAFTA USMCA DACA ISIS ISIL HSBC UNHCR FEMA NOAA NCAA NYPD "
    "LAPD AIPAC BRICS OSCE IAEA UNRWA AIDS COVID SARS MERS LGBT LGBTQ NASDAQ MSNBC CNBC NAACP ACLU NYSE FTSE "
    "AUKUS OECD INTERPOL EFTA SWIFT".split()
)
_POSSESSIVE = re.compile(r"['’]s?$")

Names = tuple[frozenset[str], frozenset[str]]  # first names; words that may follow one in a name


def _bare_word(w: str) -> str:
    return _POSSESSIVE.sub("", w.strip(",;:.!?\"“”‘’()"))


def _title_case(words: list[str]) -> bool:
    """Every content word capitalised ("Port Bosses Skewered As …"): capitals do not mark names."""
    content = [w for w in words[1:] if w[:1].isalpha() and w.lower() not in _FUNCTION_WORDS]
    return len(content) >= 2 and all(w[:1].isupper() for w in content)


def _word_at(spans: list[tuple[int, int]], pos: int) -> int:
    return next((i for i, (a, b) in enumerate(spans) if a <= pos < b), -1)


def _in_name(words: list[str], i: int, titled: bool, names: Names) -> bool:
    """Whether the i-th word is part of a name: "Grand Slam", "Human Rights Watch", "Bad Bunny",
    "Savage wins …", or a word of a person the story names."""
    w = _bare_word(words[i])
    if w in names[0] or w in names[1]:
        return True
    if titled or not w[:1].isupper():
        return False
    if i > 0:
        return True
    nxt = words[1] if len(words) > 1 else ""
    return nxt[:1].isupper() or _bare_word(nxt).lower() in _NAME_VERBS


def _attacks(words: list[str], i: int, literal: bool, titled: bool, names: Names) -> bool:
    """Whether the verb at ``words[i]`` attacks a person or an organisation: its object is a
    person the story names, a person noun ("critics", "the media", "Mexican president") or (in a
    sentence-case title, for the verbs that are mostly figurative) a name; or its subject is a
    person ("Obama rips rhetoric …")."""
    k = i + 1
    while k < min(len(words), i + 4) and _bare_word(words[k]).lower() in _DETERMINERS:
        k += 1
    phrase: list[str] = []  # the object's noun phrase: up to a small word or a comma
    for raw in words[k : k + 4]:
        w = _bare_word(raw)
        if not w or w.lower() in _FUNCTION_WORDS:
            break
        phrase.append(raw)
        if raw[-1:] in ",;:." or _POSSESSIVE.search(raw.rstrip(",;:.")):
            break
    bare = [_bare_word(w) for w in phrase]
    if not bare:
        return False
    if any(w in names[0] or w in names[1] for w in bare) or bare[-1].lower() in _PERSON_NOUNS:
        return True
    subject = _bare_word(words[i - 1]) if i > 0 else ""
    if not literal and (subject in names[0] or subject in names[1] or subject.lower() in _PERSON_NOUNS):
        # A person attacking: "Obama rips rhetoric over …", not "Tornado rips through …".
        return bare[0].lower() not in {"through", "off", "apart", "open", "up", "out", "away", "down"}
    # A name: "blasts Clinton over …", "mocks Trump's …". Not for the verbs whose object is
    # mostly a thing ("Storm destroys Gaza mosque", "Fire destroys Notre Dame").
    return not literal and not titled and all(w[:1].isupper() for w in bare)


def _loaded(own: str, names: Names) -> bool:
    """A loaded word in its attack or verdict sense, not inside a name."""
    if _PASSIVE_ATTACK.search(own):
        return True
    spans = [m.span() for m in re.finditer(r"\S+", own)]
    words = [own[a:b] for a, b in spans]
    titled = _title_case(words)
    for m in _VERDICT_WORDS.finditer(own):
        i = _word_at(spans, m.start())
        if i >= 0 and not _in_name(words, i, titled, names):
            return True
    m = _FEVER.search(own)  # "Trump fever", not "Dengue fever"
    if m and not titled and m.group(1).lower() not in _FEVERS:
        return True
    for m in _ATTACK_VERB.finditer(own):
        i = _word_at(spans, m.start())
        if i >= 0 and not _in_name(words, i, titled, names):
            if _attacks(words, i, bool(m.group("lit")), titled, names):
                return True
    return False


# The figurative attack verbs a wire editor rewrites in a headline, as "criticizes": "Trump
# tweet that blasts Clinton …", "Ryan slams …", "… lashes out at …". Literal senses ("rips
# up the contract", "blasts off") are not attacks (``_attacks``, the slam exceptions).
_REWRITTEN = re.compile(
    r"\b(?:blast|rip|trash|bash|slam|lash(?:es|ed|ing)? out at|(?:rip|tear|tore|ripped|tearing|ripping)s? into|"
    r"swipe[sd]? at|swiping at)(?:s|es|ed|ped|med|ing|ping|ming)?\b(?!(?: \w+)? (?:into|off|up|open|apart)\b)",
    re.IGNORECASE,
)


def plain_verbs(title: str, names: Names, british: bool = False) -> str:
    """The headline with each figurative attack verb aimed at a person made "criticizes" (or
    "criticises" when the story spells so), in the verb's tense: the outlet's heat is not the
    digest's. Only a verb ``_attacks`` finds aimed at someone, never inside a name."""
    spans = [m.span() for m in re.finditer(r"\S+", title)]
    words = [title[a:b] for a, b in spans]
    titled = _title_case(words)
    stem = "criticis" if british else "criticiz"
    out, done = [], 0
    for m in _REWRITTEN.finditer(title):
        i = _word_at(spans, m.start())
        last = _word_at(spans, m.end() - 1)
        if i < 0 or _in_name(words, i, titled, names) or not _attacks(words, last, False, titled, names):
            continue
        verb = m.group(0).split()[0].lower()
        ending = "ing" if verb.endswith("ing") else "ed" if verb.endswith(("ed", "tore")) else "es" if verb.endswith("s") else "e"
        word = stem + ending
        out.append(title[done : m.start()] + (word.capitalize() if m.group(0)[0].isupper() else word))
        done = m.end()
    return "".join(out) + title[done:]


def _colon_label(label: str, names: Names, places: frozenset[str]) -> float:
    """The penalty of a "Label: …" title: 0.2 for a label (a topic, a place, one word), 0.6 for a
    speaker (a person the story names, or a name of two or three words)."""
    words = [_bare_word(w) for w in label.split()]
    if label.lower() in _LABELS:
        return 0.2
    if any(w in names[0] or w in names[1] for w in words):  # before places: spaCy takes "Kasich" for one
        return 0.6
    if label.lower() in places or len(words) == 1 or words[0].lower() in _TOPIC_HEADS:
        return 0.2
    return 0.6


def _short_report(words: list[str]) -> bool:
    """A short title that reports: a subject, a verb in -s or -ed and its object ("Trump leads pack",
    "Obama wins reelection"); ``has_verb`` errs towards a verb ("Clinton emails", "Live updates")."""
    return (len(words) == 3 and words[0][:1].isupper() and words[1].isalpha() and words[1].islower()
            and words[1].endswith(("s", "ed")) and not words[1].endswith(("ss", "us", "is")))


def _title_penalty(
    title: str, names: Names = (frozenset(), frozenset()), places: frozenset[str] = frozenset()
) -> float:
    words = title.split()
    penalty = 0.0
    if "?" in title or "!" in title:
        penalty += 1.0
    if _CLICKBAIT.search(title) or _LISTICLE.match(title) or "…" in title or "..." in title:
        penalty += 1.0
    elif _EXPLAINER.match(title):
        penalty += 0.5
    shouted = [w for w in words if sum(c.isalpha() for c in w) >= 4 and w.isupper()]
    caps = [w for w in shouted if _bare_word(w) not in _ACRONYMS]
    if words and len(caps) / len(words) > 0.3:
        penalty += 1.0
    elif caps:
        penalty += 0.2 * len(caps)
    if title[:1] in OPEN_QUOTES:
        penalty += 0.3  # a quote as headline takes one side's words
    elif _QUOTED.search(title):
        penalty += 0.2  # quoted words inside: one side's phrase, often a scare quote
    m = _COLON_PREFIX.match(title)
    if m:
        penalty += _colon_label(m.group(1), names, places)
    if garbled(repair(title)):
        penalty += 1.0
    if title.count('"') % 2 or title.count("“") > title.count("”") or title.count("‘") > title.count("’"):
        penalty += 0.3  # a quote cut open
    if len(_unquoted_split(title)) > 1:
        penalty += 0.2  # two headlines glued ("Ex-officer convicted; sentencing set for May")
    own = _QUOTED.sub(" ", title)  # what the title says in its own voice
    if _loaded(own, names) or _VERDICT.search(own):
        penalty += 0.6
    attributed = bool(_ATTRIBUTED.search(own))  # reported speech: the speaker's words, not the title's
    if _READER.search(own):
        penalty += 0.8
    elif _WE.search(own) and not attributed:
        penalty += 0.4
    if _OPINION.search(own) and not attributed:
        penalty += 0.4
    if _first_name_only(own, names, places):
        penalty += 0.3
    if len(words) < 4 and not _short_report(words):
        penalty += 0.5  # a label ("Drama at the convention"); a short report ("Trump leads pack") is a headline
    elif len(words) > 18:
        penalty += 0.3
    return penalty


def _names(story: Story) -> Names:
    """First names of the people the sources name in full ("Hillary Clinton"), and the words
    that follow a first name in a name ("Clinton", "Bader" of "Ruth Bader Ginsburg")."""
    first: set[str] = set()
    rest: set[str] = set()
    tagged: Counter[str] = Counter()
    for aid, spans in story.person_spans.items():
        text = story.articles[aid].text if aid in story.articles else ""
        tagged.update(" ".join(text[a:b].split()) for a, b in spans)
    texts = [a.text for a in story.articles.values()]
    for name, times in tagged.items():
        parts = [_POSSESSIVE.sub("", w) for w in name.split()]
        while len(parts) > 1 and is_title(parts[0]):
            parts = parts[1:]  # "Councillor Martin Hale"
        # A name the tagger calls a person in fewer than half the places the articles write
        # it is a thing's ("the Crosstown Line", tagged a person once).
        if len(parts) >= 2 and times * 2 < sum(t.count(name) for t in texts):
            continue
        if len(parts) >= 2 and parts[0].isalpha():
            first.add(parts[0])
        rest.update(parts[1:] if len(parts) >= 2 else parts)
    return frozenset(first - rest), frozenset(rest)


def _places(story: Story) -> frozenset[str]:
    """The places the sources name (GPE, LOC, FAC), lower-cased."""
    out: set[str] = set()
    for aid, spans in story.places.items():
        text = story.articles[aid].text if aid in story.articles else ""
        out.update(_POSSESSIVE.sub("", " ".join(text[a:b].split())).lower() for a, b in spans)
    return frozenset(out)


def _first_name_only(title: str, names: Names, places: frozenset[str] = frozenset()) -> bool:
    """A person called by first name alone ("Hillary's pick"): familiar, not neutral. A place
    of the story ("Jordan's king") is not one."""
    first, rest = names
    words = [_bare_word(w) for w in title.split()]
    return any(
        w in first and w.lower() not in places and (i + 1 == len(words) or words[i + 1] not in rest)
        for i, w in enumerate(words)
    )


# A headline's verb, roughly (the writer has no part-of-speech tags): an auxiliary, a modal, a
# negation or a contraction ("she’s"); a past or an -ing form; an irregular past (the
# lemmatizer's, ``verbs.py``); a third-person "-s" after its subject ("Scrappy debate signals …",
# "Obama lays out …"); a plain verb after a plural subject ("Candidates vie for …", "Polls miss
# …"), a list of names ("Clinton, Sanders clash in …", "Trump and Clinton vie for …") or a plural
# without "-s" ("Police shoot …", "People flee …").
_AUXILIARIES = frozenset(
    "is are was were am be been being has have had do does did will would can could may might must shall "
    "should".split()
)
_ING_NOUNS = frozenset(
    "morning evening thing nothing something everything anything king ring spring string wing building "
    "meeting hearing shooting bombing funding spending ruling fighting polling voting wedding housing "
    "landing opening warning ceiling offering briefing feeling setting".split()
)
_EED_NOUNS = frozenset("speed greed breed steed creed tweed bleed".split())
# Words after which a word ending in -s is a noun, not a verb: "the polls", "Clinton's wins".
_NOUN_AFTER = _DETERMINERS | _FUNCTION_WORDS | frozenset(
    "and or nor some many few several all both each every no his her their its our my your key new".split()
)
_PLURALS_WITHOUT_S = frozenset("police people women men children".split())
_MAX_SUBJECT = 8  # words of a subject that opens a title ("Donald Trump and Hillary Clinton")
_PRONOUN_IS = re.compile(
    r"^(?:he|she|it|that|there|here|what|who|where)['’]s$|['’](?:re|ve|ll|d)$", re.IGNORECASE
)


def has_verb(
    title: str, names: Names = (frozenset(), frozenset()), places: frozenset[str] = frozenset()
) -> bool:
    """Whether the title says that something happened or is (a verb of its own, quotes left out),
    rather than naming a topic. Errs towards finding a verb."""
    raw = _QUOTED.sub(" … ", title).split()
    bare = [_bare_word(w) for w in raw]
    low = [w.lower() for w in bare]
    known = names[0] | names[1]

    def plural(i: int) -> bool:  # a plural noun as a subject: "Polls", "rivals", not "Sanders"
        w = bare[i]
        noun = len(w) > 3 and w[-1:] == "s" and not w.endswith(("ss", "us", "sis"))
        return noun and w not in known and w.lower() not in places and raw[i][-1:] not in ",;:'’"

    for i, w in enumerate(low):
        if w in _AUXILIARIES or w.endswith(("n't", "n’t")) or _PRONOUN_IS.search(w) or w in irregular_pasts():
            return True
        if not w.replace("-", "").isalpha():
            continue
        if w == "to" and 0 < i < 5 and i + 1 < len(low) and low[i + 1].isalpha():
            if low[i - 1] not in _NOUN_AFTER:
                return True  # the headline future: "Al Gore to skip Democratic convention"
        if len(w) >= 5 and w.endswith("ed") and not (w.endswith("eed") and w in _EED_NOUNS):
            return True
        if len(w) == 4 and w.endswith("ied"):
            return True  # "died", "vied", "tied", "lied"
        if len(w) >= 5 and w.endswith("ing") and i > 0 and w not in _ING_NOUNS:
            return True
        if i == 0 or low[i - 1] in _NOUN_AFTER or not low[i - 1][-1:].isalpha():
            continue
        if _POSSESSIVE.search(raw[i - 1]):
            continue  # "Clinton's wins"
        if plural(i):
            if i + 1 < len(low):
                if low[i + 1] != "of" and raw[i][-1:] not in ",;:":
                    return True
            elif i < 2 or low[i - 2] not in _NOUN_AFTER:  # "… deficit widens", not "some familiar ideas"
                return True
        elif plural(i - 1) and w.isalpha() and w not in _NOUN_AFTER and (w.endswith("ss") or w[-1:] != "s"):
            if i - 1 == 0 or low[i - 2] not in _DETERMINERS:
                return True  # "Candidates vie for …", "Trump's rivals pull …"
    return _verb_after_subject(raw, bare, low, known | {w.capitalize() for p in places for w in p.split()})


def _verb_after_subject(raw: list[str], bare: list[str], low: list[str], known: frozenset[str]) -> bool:
    """A plain verb (the lemmatizer's) right after a subject that opens the title (or its part
    after a colon): names ("Trump and Clinton vie for …", "Clinton, Sanders clash in …"), or a
    plural without "-s", alone or after names ("Police shoot man", "Charlotte police shoot
    man"). The title's last word is not taken ("… before N.H. vote"). In Title Case, capitals
    do not mark names: only the story's names count."""
    verbs = dictionary_words_of("verb")
    titled = _title_case(raw)
    start = 0
    for i in range(1, len(raw) - 1):
        if raw[i - 1].endswith(":"):
            start = i  # "Brexit: UK votes …"
        w = low[i]
        if w not in verbs or w in _NOUN_AFTER or not w.isalpha() or (raw[i][:1].isupper() and not titled):
            continue
        if not 0 < i - start <= _MAX_SUBJECT or _POSSESSIVE.search(raw[i - 1]) or raw[i - 1][-1:] in ",;:":
            continue
        subject = list(range(start, i))
        last = subject[-1]
        plural = low[last] in _PLURALS_WITHOUT_S
        names = subject[:-1] if plural else subject
        if not plural and not any(low[k] not in {"and", "&"} for k in names):
            continue
        if all(_name_word(raw[k], bare[k], low[k], titled, known) for k in names):
            return True
    return False


def _name_word(raw: str, bare: str, low: str, titled: bool, known: frozenset[str]) -> bool:
    """A word of a list of names: a name ("Donald", "Clinton," "N.H." not), "and" or "&"."""
    if low in {"and", "&"}:
        return True
    if "." in bare or _POSSESSIVE.search(raw.rstrip(",")) or low in _NOUN_AFTER:
        return False
    return bare in known or (not titled and bare[:1].isupper() and bare.isalpha())
