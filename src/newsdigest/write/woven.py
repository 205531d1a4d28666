"""Quotes woven in with attribution: a quote the analyse stage found becomes a digest sentence.

A quote sentence is the source's own when it reads alone ("“…,” Peskov said.") and is built
around the verbatim quote otherwise: "<role> <speaker> <verb>, “…”" when the analyse stage
found all three, e.g. “Kremlin spokesperson Dmitry Peskov warned, “…”” — or “Duncan Moir,
chief executive of the federation, said, “…”” when the role is long (``roles``). A quote is
left out when it leans on words the digest does not print (a pronoun its sentence does not
resolve, a lead-in it completes). The full stop goes inside the closing mark, newsroom style
(see ``_closed``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..records import Quote
from .candidates import Sent, Story
from .context import refers_back
from .days import PAST_TIME
from .quoting import OPEN_QUOTES, unquoted
from .roles import ROLE_AFTER, SPEECH_VERB, is_title, lone_noun_role, plausible_role
from .units import Piece, Unit, dated, described_role, named_unit, role_after_name

_NAME_PRONOUN = re.compile(r"^(He|She)\b")  # replaceable by a resolved speaker's name
# Verbs that need an object ("told reporters"): alone before a quote ("X told, “…”") they
# do not read, so they become the plain speech verb of the same tense. So does a verb that
# goes on from the speaker's words before it ("Clinton continued, “…”", "Obama added, “…”") or
# answers someone's ("Trump responded, “…”"), which the digest does not print before the quote.
_GOES_ON = {"continued": "said", "continues": "says", "added": "said", "adds": "says", "responded": "said",
            "responds": "says", "replied": "said", "replies": "says", "answered": "said", "answers": "says",
            "retorted": "said"}
_BARE_OBJECT_VERB = {"told": "said", "tells": "says", "informed": "said", "assured": "said",
                     "reminded": "said", "advised": "said", **_GOES_ON}
MIN_BUILT_QUOTE_WORDS = 7  # "“People here are tough”" alone says too little to stand as a sentence


def quote_units(story: Story) -> list[Unit]:
    """Quote sentences, best first, one per quote text (outlets often carry the same quote)."""
    seen: list[set[str]] = []
    units: list[Unit] = []
    ranked = sorted(story.quotes, key=lambda qh: (-_quote_score(story, *qh), story.rank[qh[0].article_id], qh[0].start))
    for q, host in ranked:
        toks = set(re.findall(r"\w+", q.text.lower()))
        if any(len(toks & other) / max(1, min(len(toks), len(other))) > 0.6 for other in seen):
            continue
        unit = _quote_unit(story, q, host)
        if unit is not None:
            seen.append(toks)
            units.append(unit)
    return units


def _quote_score(story: Story, q: Quote, host: Sent | None) -> float:
    surname = q.speaker.split()[-1]
    mentions = sum(1 for a in story.articles.values() if surname in a.text)
    prominence = mentions / max(1, len(story.articles))
    centrality = host.score if host is not None else 0.0
    return centrality + 0.3 * prominence + (0.1 if q.role else 0.0)


def _pronoun_is_speaker(story: Story, q: Quote, host: Sent) -> bool:
    """Only put the speaker's name for "He"/"She" when the sentences just before name them
    and this one does not: a resolution that skips over another name is not trusted."""
    surname = q.speaker.split()[-1]
    text = story.articles[host.article_id].text
    before = text[max(0, host.start - 300) : host.start]
    return surname in before and surname not in host.text


def _quote_unit(story: Story, q: Quote, host: Sent | None) -> Unit | None:
    """“<role> <speaker> <verb>, “…”” when all are known, else the verbatim source sentence."""
    index = host.index if host is not None else 0
    verb = q.verb.strip()
    start = _sentence_start(story, q, host)  # of the source sentence that holds the quote
    if _answers_question_before(story, q, start) or _relayed(story, q, start):
        return None
    # Only a whole quoted sentence can follow "<speaker> <verb>,"; a fragment ("a tram to
    # nowhere") needs the source sentence around it. A quote its source dates in the past is
    # built only with that time ("<speaker> said in 2008, “…”"), which ``_said_when`` finds:
    # "<speaker> said, “…”" would tell it as said now.
    past = _said_before(story, q, host)
    when = _said_when(story, q, host) if past else None
    speakable = (
        SPEECH_VERB.match(verb) is not None
        and q.text[0].isupper()
        and len(q.text.split()) >= MIN_BUILT_QUOTE_WORDS
        and (not past or when is not None)
        and not _completes_lead_in(story, q, start)
        and not _conditioned(story, q, start)
        and not _opens_on_antecedent(q.text)
        and not _runs_on(story, q)
    )
    if q.role and speakable:
        return _built_unit(q, verb, index, host, when, _speaker_named(story, q), _article_of_role(story, q),
                           described_role(story, q))
    usable = host is not None and not host.reason and host.text[0] not in ",;:"
    if host is not None and usable and not _unsaid_antecedent(story, q, host):
        m = _NAME_PRONOUN.match(host.text)
        if m and _pronoun_is_speaker(story, q, host):  # "He said …" → "<speaker> said …"
            # The rest of the sentence names people as any other does ("… that Mr. Biden might
            # appreciate" → "Biden"); the pronoun, which names no one, opens its first piece.
            named = named_unit(story, host).pieces
            cut = m.end() + 1  # after the pronoun and its space
            if named and named[0].start == host.start and len(named[0].text) > cut:
                head = named[0]
                said = (Piece(head.text[cut:], head.start + cut, head.end), *named[1:])
            else:
                said = tuple(dated(story, host.article_id, [Piece(host.text[cut:], host.start + cut, host.end)]))
            return Unit(q.article_id, index, (Piece("", name=q.speaker), Piece(" "), *said), host, quote=q)
        # The surname as a word: "Trumpian" in "On Friday, he joined …" names no Trump.
        named_here = re.search(rf"(?<![\w'’-]){re.escape(q.speaker.split()[-1])}(?![\w-])", host.text)
        if not refers_back(host.text) and named_here:
            unit = named_unit(story, host)  # "“…,” Sanders said": whose Sanders, at first mention
            unit.quote = q
            return unit
    if speakable:
        return _built_unit(q, verb, index, host, when, _speaker_named(story, q), _article_of_role(story, q),
                           described_role(story, q))
    return None


# Words that show a finite clause without a tagger: an auxiliary, a copula, a modal, a subject
# pronoun, a contraction ("it's", "don't"). ``_CLAUSE_AFTER`` adds "that" opening a reported clause.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|am|be|been|has|have|had|do|does|did|will|would|can|could|should|shall|"
    r"may|might|must|I|we|he|she|they|let['’]s)\b|\w(?:['’](?:m|re|ve|ll|d)|n['’]t)\b|"
    r"\b(?:it|that|there|here|what|who|he|she)['’]s\b",
    re.IGNORECASE,
)
_CLAUSE_AFTER = re.compile(rf"{_FINITE.pattern}|\bthat\b", re.IGNORECASE)
# A noun phrase just after "said" opens the reported clause ("said the job needs one quality:"),
# except a verb's own object ("told the crowd:", "asked voters:") and "the following".
_SUBJECT_AFTER = re.compile(r"\s+(?!the\s+following\b)(?:the|an?|his|her|their|its|our|my|your|some|many|"
                            r"most|no|every|each|all|both|these|those|one|two|three)\b", re.IGNORECASE)
_OBJECT_VERBS = frozenset("told tells asked asks urged urges warned warns reminded reminds assured assures "
                          "informed informs advised advises promised promises".split())
_COLON_BEFORE = re.compile(r":\s*(?:''|``|[“\"‘'])?\s*$")


def _sentence_start(story: Story, q: Quote, host: Sent | None) -> int:
    """Where the source sentence that holds the quote starts (about 300 characters back when
    no candidate sentence holds it)."""
    if host is not None and host.start < q.start:
        return host.start
    return next((s.start for s in story.sents if s.article_id == q.article_id and s.start < q.start <= s.end),
                max(0, q.start - 300))


# A condition the reporter's words set on the quote: "Mr. Trump is so reckless, the vice
# president said, that if his late son had planned to enlist in a Trump administration, “I
# would have thrown my body in front of him.”" Built as "Biden said, “I would have thrown …”",
# the quote would say something else. So would the answer to a question the sentence opens on:
# "Asked on Fox News who leads the party, Trump said, “I would say Paul for the time being …”".
_ASKED = re.compile(r"\s*(?:When\s+)?(?:[Aa]sked|Pressed|Questioned)\b")
_CONDITION = re.compile(rf"\b(?:[Ii]f|[Uu]nless)\b|^{_ASKED.pattern}")


def _conditioned(story: Story, q: Quote, start: int) -> bool:
    """Whether the quote's sentence sets a condition before the quote, or opens on the question
    the quote answers (``_CONDITION``): its source sentence, frame and all, may still be told."""
    source = story.articles[q.article_id].text
    return _CONDITION.search(unquoted(source, start, q.start)) is not None


# Words someone else relays, as they remember or allege them: "The staff member who reported the
# call recalled that he said, “I'll put a bullet in her (expletive) skull,” the U.S. attorney's
# office said." Built as "Carlineo said, “…”", the threat would be told as heard by the reporter.
_RELAYED = re.compile(
    r"\b(?:accused|quoted)\s+(?:him|her|them|[A-Z][\w'’\-]+)\s+(?:of|as)\s+(?:saying|telling|shouting|yelling)\b"
    r"|\b(?:recalled|recounted|remembered|alleged|alleges|testified|overheard|heard|quoted)\s+"
    r"(?:that\s+)?(?:he|she|they|him|her|[A-Z][\w'’\-]+)\s+(?:\w+ly\s+)?(?:said|saying|say|says|told|telling|"
    r"shouted|shouting|yelled|yelling)\b"
)


def _relayed(story: Story, q: Quote, start: int) -> bool:
    """Whether the quote's sentence tells its words as someone else relays them (``_RELAYED``)."""
    source = story.articles[q.article_id].text
    before = unquoted(source, start, q.start)
    ends = list(re.finditer(r"[.!?][\"”’']?\s+(?=[A-Z\"“‘'])", before))
    return _RELAYED.search(before, ends[-1].end() if ends else 0) is not None  # in the quote's own sentence


def _answers_question_before(story: Story, q: Quote, start: int) -> bool:
    """Whether the quote opens its sentence and the sentence before asked the question it
    answers ("Asked on Fox News who leads the party in his view, he said Ryan. “I would say
    Paul for the time being …,” he said."): neither a built sentence nor its own says what."""
    source = story.articles[q.article_id].text
    if source[start:q.start].strip(" “\"'`‘"):
        return False
    before = [s for s in story.sents if s.article_id == q.article_id and s.end <= start]
    return bool(before) and _ASKED.match(max(before, key=lambda s: s.end).text) is not None


def _completes_lead_in(story: Story, q: Quote, start: int) -> bool:
    """The quote ends a sentence of the reporter's after a colon as the noun phrase that
    sentence promises, not as the speaker's own sentence: "… and said she has the essential
    quality for the job of president: “Steadiness -- an absolute rock steadiness, and mixed
    with strength.”" — a colon after a clause of the reporter's (the words between the saying
    and the colon hold a finite verb or open on a subject: "said she has …", "said that …",
    "said the job needs …"), or with no saying before it, and a quote without a finite verb
    of its own. "<speaker> said, “Steadiness …”" would report a bare answer that no longer
    says what it answers; the source sentence, lead-in and all, says it (see ``_quote_unit``).
    A colon just after the saying ("Trump said:", "told reporters in Ohio:", "said, recalling
    her experience:") gives the speaker's words whole, whatever their form."""
    if _FINITE.search(q.text):
        return False
    source = story.articles[q.article_id].text
    colon = _COLON_BEFORE.search(source, start, q.start)
    if colon is None:
        return False
    lead = unquoted(source, start, colon.start())
    verb = q.verb.split()[:1]
    said = list(re.finditer(rf"\b{re.escape(verb[0])}\b", lead)) if verb else []
    if not said:
        return True
    after = said[-1].end()
    subject = verb[0] not in _OBJECT_VERBS and _SUBJECT_AFTER.match(lead, after) is not None
    return subject or _CLAUSE_AFTER.search(lead, after) is not None


# After a quote closed without its own punctuation, the reporter's sentence going on in the
# quote's grammar: a lower-case word that opens no attribution ("“… is far more credible” than
# that of the CIA chief, Zuckoff said.").
_RUNS_ON = re.compile(r"(?:''|[”\"’'])[ \t]*(?P<word>[a-z][\w'’\-]*)")
_ATTRIBUTION_OPENERS = frozenset("he she they the a an according".split())
_ATTRIBUTION_REACH = 4  # words: "her spokesman said", "one senior aide said"


def _runs_on(story: Story, q: Quote) -> bool:
    """The quote is a piece of the reporter's sentence that goes on after it: printed alone as
    "<speaker> said, “…”", it would lose what it is said of ("far more credible" than what)."""
    source = story.articles[q.article_id].text
    if not source[q.end - 1 : q.end].isalnum():
        return False  # "“…,” Zuckoff said", "“…?” he asked": the quote's own sentence ends
    m = _RUNS_ON.match(source, q.end)
    if m is None or m.group("word") in _ATTRIBUTION_OPENERS:
        return False
    # An attribution without its comma: a speech verb within a few words, before any punctuation
    # ("“…” her spokesman said.", "“…” campaign aides said."; not "“…” than Bob's, he said").
    clause = re.split(r"[,;:.!?—–(]", source[m.start("word") : m.start("word") + 80], maxsplit=1)[0]
    return not any(SPEECH_VERB.match(w) for w in clause.split()[:_ATTRIBUTION_REACH])


# A quote's first word that stands for someone or something said before it: a personal pronoun
# ("They are fortified for a longer fight …", of a lead-in "… that she has learned her lesson:"),
# a demonstrative standing alone ("That's why …", "Those are the issues …"), or "it" as the
# subject of a verb that does something ("It cannot be contained", "It doesn't make sense").
# Not an "it" before a form of "be" (as often the race, the time or an extraposed clause as a
# thing said: "It's time to …", "It's going to be a race to the finish", "It is hard to …"), of a
# verb that takes no doer ("It seems …", "It takes courage to …") or before a clause it stands
# for ("It bothers me that …"); not "This", which in speech points at the speaker's here and now
# ("This is a crucial two- or three-week period"); not "There" ("There is …"); and not a
# pronoun the source names in brackets ("He (Trump) had talked …").
_PERSONAL_START = re.compile(r"(?:He|She|They|Him|Them|His|Her|Hers|Their|Theirs|Its)\b(?!\s*[(\[])")
_STANDING_DEMONSTRATIVE = re.compile(
    r"(?:That|These|Those)(?:['’](?:s|ll|d|re)\b|\s+(?:is|was|are|were|will|would|could|can|may|might|"
    r"must|should|has|have|had|does|do|did|means|meant|(?:is|was|are|were|does|do|did|has|have|had|"
    r"wo|would|could|ca)n['’]t)\b)(?!\s*[(\[])"
)
_CONNECTIVE = re.compile(r"(?:But|And|So|Yet|Or)\s+(?=[a-z])")
_GOES_ON_FROM = re.compile(r"(?:And|Or)\s")
_IT_START = re.compile(r"It(?:['’](?:ll|d))?\s+(?!\s*[(\[])")
# Words between "it" and its verb: auxiliaries, modals, negation, adverbs ("It just", "It never",
# "It doesn't necessarily").
_IT_AUX = frozenset(
    "will would could can may might must should shall ought to does do did has have had not never just "
    "really also certainly still only already actually truly even ever always simply all now cannot "
    "doesn't don't didn't won't wouldn't can't couldn't hasn't haven't hadn't shouldn't mustn't".split()
)
_BE = frozenset("is was are were be been being am isn't wasn't".split())
_NO_DOER = frozenset(
    "seem seems seemed appear appears appeared look looks looked feel feels felt sound sounds sounded "
    "take takes took taken cost costs remain remains remained happen happens happened turn turns turned "
    "matter matters mattered depend depends depended become becomes became get gets got".split()
)
# A passive's participle ("contained", "placed", "done"); not "supposed to", "used to".
_PARTICIPLE = re.compile(
    r"(?!(?:supposed|used)$)[a-z]+ed|done|made|seen|given|taken|known|built|held|shown|written|driven|broken|"
    r"paid|sold|told|thrown|chosen|beaten|won|lost|heard|found|brought|caught|kept|left"
)
_CLAUSE_FOR_IT = frozenset("that how whether why what when if".split())
_CLAUSE_REACH = 4  # "It bothers me very much that …": the clause "it" stands for, a few words after the verb


def _opens_on_antecedent(text: str) -> bool:
    """The quote's first word needs what the source said before it (see ``_PERSONAL_START``):
    "<speaker> said, “They are fortified for a longer fight …”" would leave "they" pointing at
    nothing, so the quote is not built (``_quote_unit`` falls back on its source sentence).
    A connective before it changes nothing: "But he was an honest liberal …"; an "And" or an
    "Or" goes on from the speaker's words before it, which the digest does not print
    ("Giuffre said, “And I hope he comes clean about it.”", the half after "He knows exactly
    what he's done")."""
    if _GOES_ON_FROM.match(text):
        return True
    if (joined := _CONNECTIVE.match(text)) is not None:
        text = text[joined.end()].upper() + text[joined.end() + 1 :]
    if _PERSONAL_START.match(text) or _STANDING_DEMONSTRATIVE.match(text):
        return True
    m = _IT_START.match(text)
    if m is None:
        return False
    clause = re.split(r"[,;:.!?—–]", text[m.end() :])[0]
    words = [w.lower().replace("’", "'") for w in re.findall(r"[\w'’]+", clause)]
    at = _verb_at(words, 0)
    if at < len(words) and words[at] in _BE:  # "It cannot be contained": done to it, not "it is hard to …"
        at = _verb_at(words, at + 1)
        if at == len(words) or not _PARTICIPLE.fullmatch(words[at]):
            return False
    elif at == len(words) or words[at] in _NO_DOER:
        return False
    return not any(w in _CLAUSE_FOR_IT for w in words[at + 1 : at + 2 + _CLAUSE_REACH])


def _verb_at(words: list[str], start: int) -> int:
    """The first word from ``start`` that is not an auxiliary or an adverb (see ``_IT_AUX``)."""
    rest = (i for i in range(start, len(words)) if words[i] not in _IT_AUX and not words[i].endswith("ly"))
    return next(rest, len(words))


# Words of an attribution besides the speaker's name, role and verb ("said Len Burman", "Vermont Sen.
# Bernie Sanders says,", "he said").
_ATTRIBUTION_WORDS = frozenset("the a an and he she said says added adds".split())
_SAYS_MORE = 2  # a lead-in of the reporter's own: "Asked what characteristics he would like …, Adelson said"
# After the quote, the reporter's words that say whom or what it is about: "… said of Cruz", "added
# about Ben Carson", "said in reference to Donald Trump's stance", "told MSNBC when asked about …".
_SAID_OF = re.compile(r"\b(?:of|about|referring\s+to|in\s+reference\s+to)\b")


def _unsaid_antecedent(story: Story, q: Quote, host: Sent) -> bool:
    """The quote opens on a word that needs what was said before it (``_opens_on_antecedent``)
    and its source sentence says no more than who said it: "“He’s made a big deal …,” said Len
    Burman." dangles as the built quote would. The reporter's words can say whom it is about:
    a lead-in ("Nelson Diaz … said of Mr. Rubio: ‘He is American …’", "Asked what characteristics
    he would like the Republican party’s nominee to embody, Sheldon Adelson said, “They …”") or
    the attribution after the quote ("“He had a lot of Missouri supporters,” Sen. Roy Blunt, after
    a long pause, said of Cruz.")."""
    if not _opens_on_antecedent(q.text):
        return False
    source = story.articles[q.article_id].text
    role = re.sub(r"^(?:the|an?)\s+", "", " ".join(q.role.split()))

    def reporter(a: int, b: int) -> str:  # the role as the source wrote it out: its own "of", "at"
        words = " ".join(unquoted(source, a, b).split())
        return words.replace(role, " ") if role else words

    said = {w.lower() for w in re.findall(r"[\w'’\-]+", f"{q.speaker} {q.verb}")}

    def says_more(words: str) -> bool:
        more = [w for w in re.findall(r"[\w'’\-]+", words)
                if w.lower() not in said and w.lower() not in _ATTRIBUTION_WORDS and not is_title(w)]
        return len(more) >= _SAYS_MORE

    tail = reporter(q.end, host.end)
    # The reporter's clause between the quote and its attribution: "“He can assert it, but it seems
    # extremely unlikely” that Sanders can catch Clinton, said Steve Elmendorf".
    attribution = re.search(rf"\b(?:{'|'.join(map(re.escape, sorted(said)))})\b", tail, re.IGNORECASE)
    between = tail[: attribution.start()] if attribution else ""
    return not (says_more(reporter(host.start, q.start)) or says_more(between) or _SAID_OF.search(tail))


# The saying's time as the reporter gives it, besides the past that ``clause`` reads in a
# year, "ago", "last year", "once": "she said at the time", "he said then" ("then" before a
# verb tells what came next: "Williams then said:").
_SAID_THEN = re.compile(
    r"\b(?:at\s+(?:the|that)\s+time|in\s+the\s+past|back\s+then)\b|\bthen(?=\s*(?:[,.;:|]|$))",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# What describes the speaker or the quote's subject, not the saying: a relative clause ("Geoff
# Garin, who was then a member …"), an apposition ("David Plouffe, the architect of Obama’s 2008
# campaign"), a participle ("Sanders said, invoking the 2008 race").
_ASIDE = re.compile(r",\s*(?:who|whose|which|an?|the|\w+ing)\b[^,;:]*")
# "Earlier" of a thing ("his earlier career") dates the thing, not the saying.
_EARLIER_THING = re.compile(r"\b(?:his|her|its|their|an?|the)\s+$", re.IGNORECASE)
_FRAME_WORDS = 8  # the attribution's reach each side of the quote: "During her 2008 campaign, Clinton said"


def _said_before(story: Story, q: Quote, host: Sent | None) -> bool:
    """The reporter's words next to the quote in its sentence (the attribution and what is
    around it; quoted words and asides on the speaker left out) place the saying before the
    article's time: "…,” she said at the time", "In 2008, Clinton said …", "…,” he said last
    year". A year is past only when it is before the article's ("the 2016 convention" in a
    2016 article is not); "while" (of ``days.PAST_TIME``'s past) is a clause's time, not the saying's."""
    source = story.articles[q.article_id].text
    if host is not None:
        start, end = host.start, host.end
    else:  # a quote over sentences: the ones it runs over
        over = [s for s in story.sents
                if s.article_id == q.article_id and s.start < q.end and s.end > q.start]
        start, end = min([q.start, *(s.start for s in over)]), max([q.end, *(s.end for s in over)])
    verb = q.verb.split()[:1]
    if host is not None and verb and verb[0] not in unquoted(source, start, end).split():
        # The quote goes on from the sentence before, which holds the attribution:
        # "“…,” Mr. Sanders told CNN last year. “On the other hand, …”"
        start = next((s.start for s in story.sents if s.key == (host.article_id, host.index - 1)), start)
    before = _ASIDE.sub(" ", unquoted(source, start, q.start)).split()[-_FRAME_WORDS:]
    after = _ASIDE.sub(" ", unquoted(source, q.end, end)).split()[:_FRAME_WORDS]
    frame = " ".join([*before, "|", *after])
    return _past(story, q, frame) or _SAID_THEN.search(frame) is not None


def _past(story: Story, q: Quote, words: str) -> bool:
    """``words`` name a time before the quote's article (see ``_said_before``)."""
    published = story.articles[q.article_id].published
    for m in PAST_TIME.finditer(words):
        word = m.group(0)
        thing = word.lower() == "earlier" and _EARLIER_THING.search(words, 0, m.start()) is not None
        if word.lower() == "while" or thing:
            continue
        if _YEAR.fullmatch(word[:4]) and published is not None and int(word[:4]) >= published.year:
            continue
        return True
    return False


# A quote that opens its sentence and the attribution after it, the saying's time last:
# "“…,” Sanders told CNN last year." ("CNN last year" the tail).
_ATTRIBUTION_TAIL = re.compile(
    r"[,.!?]?(?:''|[”\"’'])\s+(?:(?:he|she|they|[A-Z][\w.'’\-]*)\s+){1,4}"
    r"(?P<verb>[a-z]+)\s+(?P<tail>[^,;:.!?“”\"]+?)\s*[.!?]?[\s'\"“”‘’]*$"
)
_TAIL_WORDS = 8


def _said_when(story: Story, q: Quote, host: Sent | None) -> Piece | None:
    """The source's words that date a past saying, as the built sentence can keep them after
    its verb: "at a town hall in March" of "“…,” Trump said at a town hall in March." — the
    attribution after a quote that opens its sentence, whose verb is the quote's and whose
    words after it name a time the digest's reader can place ("in 2008", "last year", not
    "at the time", which the sentences before it set). None when there are none such."""
    if host is None or host.start < q.start - 2 or host.text[0] not in OPEN_QUOTES:
        return None
    source = story.articles[q.article_id].text
    m = _ATTRIBUTION_TAIL.match(source, q.end, host.end)
    if m is None or q.verb.split()[:1] != [m.group("verb")] or len(m.group("tail").split()) > _TAIL_WORDS:
        return None
    tail = m.group("tail")
    if not _past(story, q, tail) or _SAID_THEN.search(tail):
        return None
    return Piece(tail, m.start("tail"), m.end("tail"))


def _speaker_named(story: Story, q: Quote) -> str:
    """The speaker's full name: one the analyse stage gave by the surname alone ("Obama") is the
    person the surname stands for in the story or its article, or else the one full-named
    speaker of the story's quotes with that surname and the same role ("President Barack
    Obama" beside "Michelle Obama"). One person, one name: a second "Obama" would keep every
    "Barack Obama" in full (see ``layout.short_names``)."""
    if len(q.speaker.split()) != 1:
        return q.speaker
    same = {o.speaker for o, _ in story.quotes
            if q.role and o.role == q.role and o.speaker.endswith(" " + q.speaker)}
    return (story.persons.get(q.speaker) or story.article_persons.get(q.article_id, {}).get(q.speaker)
            or (same.pop() if len(same) == 1 else q.speaker))


def _article_of_role(story: Story, q: Quote) -> str:
    """The article the source writes before the speaker's role: "a political scientist at Rice
    University" is one of many, "the director of the Project" the one; none where the source
    writes the role right after the name without one ("Tim Selaty, organizer of a group called
    …"); "the" when the source writes none the writer can find."""
    role = " ".join(q.role.split())
    if not role:
        return "the"
    text = story.articles[q.article_id].text
    if role_after_name(text, q.speaker, role, article=""):
        return ""
    m = re.search(rf"\b([Aa]n?|[Tt]he)\s+{re.escape(role)}", text)
    return m.group(1).lower() if m else "the"


def _built_unit(q: Quote, verb: str, index: int, host: Sent | None, when: Piece | None = None,
                name: str = "", article: str = "the", described: str = "") -> Unit:
    """The built quote sentence; its quote is the span it prints (without a trailing comma
    the closing marks replace), so the digest's quote stays both verbatim and printed.
    ``name`` is the speaker's as printed, when not the quote's own (see ``_speaker_named``);
    ``article`` the one a role after the name takes (see ``_article_of_role``); ``described``
    the role as the source writes it after the name (see ``units.described_role``)."""
    pieces = _built_quote(replace(q, speaker=name or q.speaker), verb, when, article, described)
    said = next(p for p in pieces if p.start == q.start)
    printed = replace(q, text=said.text, start=said.start, end=said.end)
    return Unit(q.article_id, index, pieces, host, quote=printed)


# The most words a built quote's attribution may have, role, name, verb and time together:
# "Steven Aftergood, the director of the Project on Government Secrecy at the Federation of
# American Scientists, said, “…”" is a sentence of ours with a quote in it, not a quote with
# its speaker (bench/rouge.py counts a sentence's uncited words against the same figure).
_MAX_ATTRIBUTION_WORDS = 14


def _built_quote(q: Quote, verb: str, when: Piece | None = None, article: str = "the",
                 described: str = "") -> tuple[Piece, ...]:
    """"<role> <speaker> <verb>, “…”", with ``when`` (the source's words of the saying's time,
    verbatim) after the verb: "Sanders told CNN last year, “…”"; a role after the name takes
    ``article`` unless it has its own ("Mark Jones, a political scientist at Rice University,").
    A lone noun ``plausible_role`` leaves out is said as ``described`` gives it, after the name:
    "Steven M. Ekovich, a broker, said, “…”"."""
    role = plausible_role(" ".join(q.role.split())) or (described if lone_noun_role(q.role.strip()) else "")
    said = f"{role} {q.speaker} {verb} {when.text if when else ''}"
    if len(re.findall(r"\w+", said)) + 1 > _MAX_ATTRIBUTION_WORDS:  # + 1: the "the" a role after may take
        role = ""  # words we write around a quote stay few: the quote is what is cited
    if role and len(role.split()) <= 4 and not ROLE_AFTER.search(role):
        lead = [Piece(role[0].upper() + role[1:] + " ", name=q.speaker)]
    elif role:
        if article and role[0].islower() and not re.match(r"(?:the|a|an|his|her|its|their)\b", role):
            role = f"{article} {role}"
        lead = [Piece(f", {role},", name=q.speaker, role_after=True)]
    else:
        lead = [Piece("", name=q.speaker)]
    if when is not None:  # the source's verb and what follows it: "told CNN last year"
        first = verb.split()[0]
        first = _GOES_ON.get(first.lower(), first)  # "added Tuesday" → "said Tuesday"; "told CNN" stays
        return (*lead, Piece(f" {first} "), when, Piece(", “"), *_closed(q))
    *aux, last = verb.split() or [""]
    if last.lower() in _BARE_OBJECT_VERB and all(w.lower() in ("has", "have", "had") for w in aux):
        verb = " ".join([*aux, _BARE_OBJECT_VERB[last.lower()]])  # "has told" → "has said"
    return (*lead, Piece(f" {verb}, “"), *_closed(q))


_TERMINAL = ".!?…—"


def _closed(q: Quote) -> tuple[Piece, Piece]:
    """The quoted words and the marks that close the sentence, newsroom style: the full
    stop inside the closing quote mark (“… in the country.”), none added after a quote that
    ends in . ! ?, and a comma the source put before "he said" (“…, not an echo,’” she
    wrote) turned into the full stop. What we add stays outside the cited span, so the
    span is still verbatim; a straight ' that closes a ‘…’ inside the quote is printed ’
    (the source's own mark is left out of the span, not changed).
    """
    text = q.text
    end = len(text)
    inner = ""
    if text[-1] in "'’" and _closes_inner_quote(text):
        inner, end = "’", end - 1
    while end > 1 and text[end - 1] in ",;:":
        end -= 1
    stop = "" if text[end - 1] in _TERMINAL else "."
    return Piece(text[:end], q.start, q.start + end), Piece(f"{stop}{inner}”")


def _closes_inner_quote(text: str) -> bool:
    """The last character closes a ‘…’ opened inside the quote, not an apostrophe
    ("the voters'"): a ‘ comes before it and every ’ between them sits inside a word."""
    opened = text.rfind("‘", 0, len(text) - 1)
    if opened < 0:
        return False
    between = text[opened + 1 : -1]
    return all(
        0 < i < len(between) - 1 and between[i - 1].isalpha() and between[i + 1].isalpha()
        for i, c in enumerate(between)
        if c == "’"
    )
