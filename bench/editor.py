"""An editor's read of digests written from real multi-outlet stories, as checks a script can make.

    python bench/editor.py [--json] [--examples N] [--story NAME] [--show] [--set labelled|auto|pages]

Writes one digest (``write_digest``, the pipeline's default writer) for every story of
``bench/data/polnear-stories.tsv`` with two or more articles (33 real stories from seven US
outlets, 2016; texts in ``../shared/data/quotes/polnear``) and counts, per check, the
digests an editor would send back. ``--set auto`` does the same for 16 stories the writer
was not tuned on: the PolNeAR articles outside the labelled set's windows, grouped
automatically (``auto_stories``). ``--set pages`` writes one-article stories from the 121 real
pages of the extraction set (many outlets and beats, through the pipeline's extractor;
``page_stories``). All three sets have floors in ``bench/floors.json``. The checks look at the
digest as a reader sees it, independently of how the writer decided:

headline
- ``headline_deck``: a second headline glued on ("…; Trump and Clinton point out …", "… // …")
- ``headline_label``: a live-file or section label ("The Latest:", "Breaking:", "Opinion:")
- ``headline_speaker_colon``: one person's claim as the headline ("Brooks: Rubio did well …")
- ``headline_second_person``: talks to the reader ("Don't let …", "… you …")
- ``headline_teaser``: a question, an exclamation, an ellipsis, "here's why", "one tweet"
- ``headline_loaded``: a loaded verb or label (skewered, slams, blasts, derelict, bombshell …)
- ``headline_outlet``: an outlet's name in the headline
- ``headline_form``: not a headline's shape — a bare attribution ("The ministry said on
  Monday"), a fragment ("And with polls showing …", "Even as some polls show …" with no main
  clause after it), a lower-case start, unbalanced quote marks, mojibake
house style (``STYLE_CHECKS``: floored like the others, outside "clean digests")
- ``headline_title_case``: Title Case, not sentence case — two or more capitalised words
  (after the first, a colon or an opening quote) that the story's articles do not write as
  names in mid-sentence ("Bernie Sanders Beats Hillary Clinton In Oklahoma"); or the opposite,
  a name in lower case — a day, a month, or a word the articles write only capitalised in
  mid-sentence ("… eyes super tuesday", "… as obama stays neutral")
- ``headline_verbless``: a label, not a report — no verb at all ("Hillary Clinton's backseat
  driver", "In the Democrats' debate, some familiar embellishments")
- ``media_reference``: a sentence pointing at a picture, video or post on the outlet's page
  ("he posted the following picture", "pictured above", "The photo is of …")
- ``dateline_here``: the reporter's "here" outside quotes ("demonstrators here"), which a
  digest without a dateline leaves nowhere (not "from here", "is here")
- ``relative_day``: the reporter's relative day outside quotes ("injured tonight", "went off in
  New Jersey today", "ruled out a bid this morning", "Last night, …"), wrong once the digest is
  read on another day; the weekday says it ("on Saturday night"). "today" only after a past verb
  of its clause and not before "is", "are", "than", "as" (it is as often "nowadays": "Clinton's
  advantage today is …", "are tied in the state today"); not a name ("CBS This Morning")
- ``unintroduced_name``: a person the articles name in full (the analyse stage's PERSON
  entities) first mentioned in the body (quotes left out) by the bare surname or a title and
  the surname ("Rubio said", "Mr. Rubio", "Gov. Kasich"), not "Marco Rubio"; a surname two
  people share is introduced by either full name ("Bill Clinton" … "Clinton"); not a thing
  of theirs ("the Clinton campaign", "anti-Trump", "Trump Tower")
- ``reintroduced_name``: a person named in full again in the body (quotes left out) after
  the first mention ("Hollins Ford Mayor Gareth Pike said …" in two paragraphs), where the
  surname would do; not when two people share the surname
- ``near_repeat``: two body sentences that share a run of six words (quotes left out) holding
  two uncommon lower-case words (in fewer than one PolNeAR article in ten) and a small word
  inside it ("… ended a long standoff over farm subsidies", twice): one phrase copied, one
  fact told twice; not a thing's long name two facts share ("of Trump's 1995 state income tax
  filings": no small word inside)
- ``headline_dated``: a built headline's report time — a weekday or "tonight" said of when it
  happened ("… primary Tuesday", "… on Tuesday night", "… in Dallas Thursday"), not a named
  day ("Super Tuesday", "Black Friday") or "until Friday"
body
- ``caps_heading``: a run of three or more ALL-CAPS words (a roundup's item heading)
- ``title_in_body``: a source title, or the deck after its "; ", repeated as a sentence
- ``dangling_start``: a paragraph opening on a pronoun or a connective ("He", "This", "But",
  "Nor", "First,"), or pointing back in its first words ("Asked about this in …", "such change")
- ``bare_told``: an attribution missing its object ("Trump told, “…”")
- ``debris``: a dateline, byline, "Click here", a stray "~" bullet, a link, mojibake; the outlet's
  call to its reader ("Follow Newsbeat on Instagram …", "Listen to … live"), a syndication note
  ("originally published by …"), a page widget's "please try again", a wire's market instrument
  code ("the Dow Jones Industrial Average .DJI fell", "Apple Inc (AAPL.O)", "notes US10YT=RR",
  "Brent LCOc1") (text compared in Unicode NFC, so decomposed "Ã" is caught too)
- ``repeated_sentence``: the same sentence twice
- ``quote_punctuation``: a full stop outside the closing quote mark (“… in the country”.), a
  quote that ends the sentence on a comma, a straight ' closing a curly ‘ (‘… echo,'”)
- ``spacing``: a double space or a line break inside a paragraph ("support  --")
- ``first_person``: the outlet's own voice outside quotes ("we", "our", "This reporter was …")
provenance (must be 100 %)
- quotes verbatim in their source with the speaker the analyse stage found
- digest sentences carrying a citation (``bench/rouge.py``'s check)

A check's figure is the share of digests that pass it; ``bench/floors.json`` ("editor")
holds floors and ``tests/test_floors_editor.py`` gates them. The checks are patterns,
so they miss what patterns cannot see (an outlet's opinion stated as fact, a lede that
is a preview of an event the later articles report): read the digests too (``--show``).
The analyses (spaCy, ~45 CPU-seconds) are cached in ``~/.cache/newsdigest-bench``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import pickle
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cluster_stories import load_set, shared_data  # noqa: E402
from rouge import digest_sentences, provenance_checks, quote_checks  # noqa: E402

from newsdigest.quotes.people import dictionary_words  # noqa: E402
from newsdigest.records import Analysis, Article, Digest  # noqa: E402
from newsdigest.write import write_digest  # noqa: E402

OUTLETS = ("Washington Post", "USA Today", "Politico", "Breitbart", "Western Journal", "HuffPost",
           "Huffington Post", "New York Times", "NYT", "AP", "Reuters")
_LABEL = re.compile(r"^(?:the latest|breaking(?: news)?|live(?: updates)?|opinion|analysis|watch|exclusive)\s*[:|\-–—]",
                    re.IGNORECASE)
# "Brooks: …", "Donald Trump: …"; not a wire label for a poll or a study's finding ("Poll: …").
_SPEAKER_COLON = re.compile(
    r"^(?!(?:New\s)?(?:Poll|Polls|Survey|Study|Report|Analysis|Census)\b)(?:[A-Z][\w.'’\-]*\s){0,2}[A-Z][\w.'’\-]*:\s"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you’re)\b|^(?:don['’]t|do not|never|stop|read|see|meet)\b",
                            re.IGNORECASE)
_TEASER = re.compile(r"[?!…]|\.\.\.|\bhere['’]s\b|\bthere['’]s something\b|\bone tweet\b|\bthis is why\b|"
                     r"\bwhat happens next\b|\byou won['’]t believe\b", re.IGNORECASE)
_LOADED = re.compile(
    r"\b(?:skewer(?:s|ed)?|slams?|slammed|blasts?|blasted|rips?|ripped|torch(?:es|ed)?|destroys?|destroyed|"
    r"eviscerat\w*|derelict|bombshell|disgrace\w*|absurd|meltdown|fever|blistering|humiliat\w*|"
    r"epic|shock(?:ing|ed)?|outrage\w*|fix is in|small fry)\b",
    re.IGNORECASE,
)
_CAPS_RUN = re.compile(r"(?:\b[A-Z][A-Z'’.\-]{1,}\b[\s,:]+){2,}\b[A-Z][A-Z'’.\-]{1,}\b")
_CAPS_OK = re.compile(r"^(?:U\.?S\.?A?|UK|EU|UN|NATO|FBI|CIA|NSA|GOP|DNC|RNC|NBC|CBS|ABC|CNN|MSNBC|PBS|NPR|"
                      r"AP|AFP|NFL|NBA|ISIS|ISIL|II|III|IV|CEO|NYPD|LGBT|TV|AM|PM|A\.M\.|P\.M\.|D\.C\.)$")
_PRONOUN_START = re.compile(
    r"^(?:He|She|They|It|This|These|Those|His|Her|Their|Its|That|Such|And|But|Or|So|Yet|Also|However|"
    r"Meanwhile|Still|Instead|Moreover|The latter|The former|Nor|Neither (?:is|are|was|were|do|does|did)|"
    r"Similarly|Likewise|Conversely|Furthermore|Indeed|The implication|"
    r"(?:First|Second|Third|Finally|Lastly|In addition|By contrast|In contrast|Even so|After all)(?=,))\b"
)
# A paragraph's first words pointing back at what came before: "Asked a question about
# this in the debate, …", "Making a final effort to effect such change, …".
_BACK_REFERENCE = re.compile(
    r"^(?:\S+\s+){0,7}(?:about|on|of|to|with|for|by|after|despite)\s+(?:this|these|those)"
    r"(?=\s*[,.;:]|\s+(?:in|at|on|during|is|was)\b)"
    r"|^(?:\S+\s+){0,7}such\s+(?!as\b)[a-z]+(?=\s*[,;:.])"
)
# Quotes as a newsroom closes them: the full stop inside the closing mark (“… the
# country.”), not after it (“… the country”.), nor a comma ending the sentence
# (“… an echo,”); a straight ' does not close a curly ‘ (‘choice, not an echo,'”).
_QUOTE_PUNCTUATION = re.compile(r"[^.!?…—]['’]?”\.(?=\s|$)|[,;:]['’]?”(?:\.|$)|‘[^‘’“”]*'”")
_SPACING = re.compile(r"\s{2,}|[\t\n\r]")
# The outlet or its reporter speaking (outside quotes): "we", "our", "This reporter was …".
_FIRST_PERSON = re.compile(
    r"\b(?:I|we|We|our|Our|us|me|my|My)\b|(?i:\bthis (?:reporter|writer|correspondent|columnist)\b)"
)
# Curly and straight quotes, and the wire's ``…'' and typewriter ''…'' (the NYT's ''makes me smart,'').
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?:``|'')(?:(?!'')[^\n])*''")
_BARE_TOLD = re.compile(r"\b(?:told|tells|informed|assured|reminded),\s*[“\"]")
_DEBRIS = re.compile(
    r"(?-i:^[A-Z][A-Z .'’,]{2,30}\s*(?:\([A-Za-z .]+\))?\s*[-–—―]\s|^By [A-Z][a-z]+ [A-Z])|\(AP\)|\(Reuters\)|click here|"
    r"sign up|https?://|www\.|(?:^|\s)~\s|Ã|â€|Â|"
    # the outlet's call to its reader, a syndication note, a page widget's error
    r"(?:^|[.!?”]\s+)(?:follow|listen\s+to|subscribe\s+to|be\s+sure\s+to|shop\s+the)\s[^.!?]{0,120}?"
    r"\b(?:instagram|facebook|twitter|youtube|podcast|newsletter|live|here)\b|"
    r"originally\s+(?:published|appeared)\b|please\s+try\s+again|"
    # a wire's instrument code: an index (".DJI"), a share ("(AAPL.O)"), a yield ("US10YT=RR"), a future ("LCOc1")
    r"(?-i:\s\.(?!(?:NET|PDF|JPE?G|PNG|GIF|EXE|DOCX?|ZIP|MP[34]|CSV|TXT|HTML?|COM|ORG|GOV|EDU|XXX|IO|AI|UK|CO|US|EU"
    r"|INFO|BIZ|TV|APP)\b)[A-Z][A-Z0-9]{1,11}(?=[\s,.;:)])"
    r"|[(<](?!(?:D\.C|N\.Y|N\.J|L\.A|Ph\.D|U\.S|U\.K|U\.N|E\.U)[)>])[A-Z0-9][A-Za-z0-9]{0,7}\.[A-Z]{1,3}[)>]"
    r"|\s[A-Z0-9]{2,10}=[A-Z]{0,4}(?=[\s,.;:)])|\s[A-Z]{1,4}c\d\b)",
    re.IGNORECASE,
)


_ATTRIBUTION_ONLY = re.compile(
    r"^(?:the\s+)?[\w .,'’\-]{0,60}?\b(?:said|says|reported|reports|announced|confirmed|told\s+\w+(?:\s+\w+)?)"
    r"(?:\s+(?:on|in|at|late|early|this|last|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today)\b[\w ]{0,25})?$",
    re.IGNORECASE,
)
# A picture, video or post of the outlet's page the digest does not carry.
_MEDIA = re.compile(r"\bthe following (?:picture|photo|image|video|tweet|chart|graphic|clip|map)\b|"
                    # not a figure's bound: "Everyone else is at 2 percent or below."
                    r"(?<!\bor )(?<!\band )\b(?:below|above)\s*[.:;]|\bpictured\b|\b(?:photo|picture|image) is of\b",
                    re.IGNORECASE)
# The reporter's "here", which a digest without a dateline leaves nowhere.
_HERE = re.compile(r"(?<!\bfrom)(?<!\bto)(?<!\bis)(?<!\bare)(?<!\bwas)(?<!\bcame)(?<!\bcome)(?<!\bright)\s+here\b")
# A reporter's "tonight", "yesterday" …: lower case, or capitalised where a sentence starts.
_RELATIVE_DAY = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:Tonight|Yesterday|Tomorrow|This (?:morning|afternoon|evening)|Last night)\b"
    r"|(?<!\bof )\b(?:tonight|yesterday|tomorrow|this (?:morning|afternoon|evening)|last night)\b"
    r"|(?<!\bare )(?<!\bis )\b(?:[a-z]+ed|said|went|told|was|were|had|did|made|came|took|met|won|lost|held)\b"
    r"[^,;:.!?]{0,50}?\btoday\b(?!['’]s|\s+(?:is|are|than|as)\b)"
)
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_JOINING = re.compile(r"(?:And|But|Or|Nor)\s")
_SUBORDINATE_OPEN = re.compile(
    r"(?:Even\s+)?(?:As|While|Although|Though|Because|Since|Unless|Whereas|If|When|Even though|Even if)\s",
    re.IGNORECASE,
)


def _headline_form(headline: str) -> bool:
    h = _nfc(headline).strip()
    if not h or h[0].islower() or _DEBRIS.search(h):
        return True
    # An attribution with nothing attributed: "The emergencies ministry said on Monday".
    words = h.split()
    if _ATTRIBUTION_ONLY.match(h) and len(words) <= 8:
        return True
    if h.count('"') % 2:
        return True
    # A fragment: a conjunction joining what came before ("And with polls showing rival Sen. Ted
    # Cruz"), or a subordinate clause with no main clause after it ("Even as some polls show
    # Sanders besting …"; "As Paris mourns, France strikes back" has one).
    if _JOINING.match(h) or (_SUBORDINATE_OPEN.match(h) and not re.search(r"[,:;]\s", h)):
        return True
    # Curly quotes must pair up (an apostrophe is a closing single quote: only count opens).
    return any(h.count(o) > h.count(c) for o, c in _QUOTE_PAIRS)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SMALL = frozenset("a an the and but or nor for of in on at to by as up off via vs per with from into onto over out "
                   "about after before than".split())
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)[\"“‘'(\[]*$|[\"“‘(\[]\s*$")


CasingCounts = tuple[dict[str, int], dict[str, int], set[str], set[tuple[str, str]]]


def _casing_in(articles: Sequence[Article]) -> CasingCounts:
    """How often the articles write each word capitalised, and in lower case, in mid-sentence;
    the words they write capitalised on their own ("Obama said"), and the pairs of capitalised
    words they write together ("White House")."""
    cap: dict[str, int] = defaultdict(int)
    low: dict[str, int] = defaultdict(int)
    alone: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for a in articles:
        toks: list[tuple[str, bool | None, int, int]] = []  # word, capitalised mid-sentence, span
        for m in _WORD.finditer(a.text):
            w = re.sub(r"['’]s$", "", m.group())
            opens = _SENTENCE_START.search(a.text[max(0, m.start() - 4) : m.start()])
            if opens or (len(w) > 1 and w.isupper()):
                toks.append((w.lower(), None, m.start(), m.end()))
                continue
            (cap if w[:1].isupper() else low)[w.lower()] += 1
            toks.append((w.lower(), w[:1].isupper(), m.start(), m.end()))
        for i, (w, c, start, end) in enumerate(toks):
            if not c:
                continue
            near = [t for t in (toks[i - 1] if i else None, toks[i + 1] if i + 1 < len(toks) else None)
                    if t and t[1] is not False and a.text[min(t[3], end) : max(t[2], start)] == " "]
            if not near:
                alone.add(w)
            for t in near:
                if t[1] and t[2] > start:
                    pairs.add((w, t[0]))
    return cap, low, alone, pairs


# Capitalised in English wherever they stand ("may" and "march" are words too).
_CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february april june july "
                      "august september october november december".split())


def _title_case(headline: str, articles: Sequence[Article]) -> bool:
    """Title Case (two or more capitalised words the articles do not write as names), or the
    opposite: a name in lower case — a day or a month, or a word the articles write only
    capitalised in mid-sentence, on its own ("obama") or with its neighbour ("white house",
    "Clinton foundation"; not "white voters" where they write only "White House")."""
    cap, low, alone, pairs = _casing_in(articles)
    names = {w for w in cap if cap[w] >= low[w]}
    common = 0
    words = [(m, re.sub(r"['’]s$", "", m.group())) for m in _WORD.finditer(headline)]
    for k, (m, w) in enumerate(words):
        before = headline[: m.start()]
        if not before.strip("\"“‘'( ") or _SENTENCE_START.search(before[-4:]):
            continue  # the first word, after a colon, inside an opening quote
        if headline[m.end() : m.end() + 1] == "." and len(w) <= 5:
            continue  # an abbreviation: "Clinton takes Pa., Md. and Del."
        if w[:1].isupper() and not any(c.isupper() for c in w[1:]) and len(w) > 1 and w.lower() not in names:
            common += 1
        if not w.islower() or w in _SMALL:
            continue
        if w in _CALENDAR:
            return True  # "eyes super tuesday"
        if cap.get(w, 0) and not low.get(w, 0):
            prev = words[k - 1][1].lower() if k else ""
            nxt = words[k + 1][1].lower() if k + 1 < len(words) else ""
            if w in alone or (prev, w) in pairs or (w, nxt) in pairs:
                return True  # "as obama stays neutral", "the white house", "Clinton foundation"
    return common >= 2


_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|am|be|been|has|have|had|do|does|did|will|would|can|could|may|might|must|shall|"
    r"should)\b|n['’]t\b|\b(?:he|she|it|that|there|here)['’]s\b|\w['’](?:d|ll|re|ve)\b",
    re.IGNORECASE,
)
_PAST_OR_ING = re.compile(
    r"\b[a-z]{3,}(?:ed|ing)\b|\b(?:vied|died|used|said|won|lost|took|made|led|met|left|went|came|gave|fell|rose|told|held|"
    r"got|found|saw|ran|began|became|brought|chose|drew|felt|fought|kept|knew|paid|sent|sold|spoke|stood|"
    r"thought|wrote|broke|grew|hid)\b",
    re.IGNORECASE,
)
_NOUN_BEFORE = frozenset("a an the his her their its our my your some many few several all both each every no "
                         "and or of in on at to for with from by as".split())


def _verbless(headline: str) -> bool:
    """No verb: no auxiliary or modal, no past or -ing form, no "-s" verb after its subject
    ("debate signals", "Obama lays"), no plain verb after a plural ("Candidates vie", "Polls miss"),
    no headline future ("Gore to skip")."""
    h = re.sub(r"[“‘\"][^”’\"]*[”’\"]", " … ", headline)  # quoted words are a source's
    if _AUXILIARY.search(h) or _PAST_OR_ING.search(h):
        return False
    words = [re.sub(r"[^\w'’-]", "", w) for w in h.split()]
    for i in range(1, len(words)):
        prev, w = words[i - 1], words[i]
        if not w or not prev or prev.lower() in _NOUN_BEFORE or prev.endswith(("'s", "’s", "s'", "s’")):
            continue
        if w.lower() == "to" and i < 5 and i + 1 < len(words):
            return False
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if re.fullmatch(r"[A-Za-z]{2,}[^s'’]s", w) and nxt != "of" and not h.split()[i].endswith(","):
            if nxt or prev[:1].isupper():
                return False
        if re.fullmatch(r"[A-Za-z]{3,}[^s'’]s", prev) and w.isalpha() and w.islower() \
                and w not in _NOUN_BEFORE and (w.endswith("ss") or not w.endswith("s")):
            return False
        if prev[:1].isupper() and "." not in prev and w.isalpha() and w.islower() and w not in _NOUN_BEFORE \
                and nxt:  # "Donald Trump and Hillary Clinton vie for …" (a plain verb after a name)
            return False
    return True


# A day said of when it happened; not a named day ("Super Tuesday", "Black Friday"): any other
# capitalised word before a day ("in Dallas Thursday", "Trump Monday") does not keep it.
_DAY = re.compile(r"(?<!\bSuper\s)(?<!\bBlack\s)(?<!\bGood\s)(?<!\bCyber\s)(?<!\bAsh\s)(?<!\bEaster\s)"
                  r"(?<!\bPalm\s)(?<!\bFat\s)(?<!\bShrove\s)(?<!\bMaundy\s)(?<!\bHoly\s)(?<!\bGiving\s)"
                  r"(?<!\bBloody\s)"
                  r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|tonight|yesterday)\b(?!['’])")
_DAY_KEPT = re.compile(r"\b(?:until|till|by|since|before|after|through|from|next|last|this|every|each|of|for|to)\s+"
                       r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _dated(headline: str, articles: Sequence[Article]) -> bool:
    """A built headline (no source's title) telling the day it happened: "… primary Tuesday"."""
    titles = {_norm(a.title) for a in articles}
    if any(_norm(headline) in t for t in titles):
        return False  # an outlet's own title, as it wrote it
    return any(not _DAY_KEPT.search(headline[max(0, m.start() - 12) : m.end()]) for m in _DAY.finditer(headline))


# The analyse stage's findings per article id, filled by ``evaluate``: ``unintroduced_name``
# takes the people the articles name in full from their PERSON entities.
ANALYSES: dict[str, Analysis] = {}

# Titles written before a name ("Gov. John Kasich", "Sens. Ted Cruz"): not a first name.
_NAME_TITLES = frozenset(
    """mr mrs ms miss dr prof president vice sen sens senator rep reps representative gov governor lt
    mayor judge justice gen general col secretary minister chairman chairwoman speaker attorney chief
    director commissioner rev father sister sir dame lord lady former candidate nominee""".split()
)
_PARTICLES = frozenset("de da del della di du van von der den la le st. bin al".split())
# A surname naming a thing of theirs: "the Clinton campaign", "an Obama nominee", "Team Trump", "held Trump signs".
_THING_BEFORE = re.compile(r"(?:\b(?:the|a|an|The|A|An|Team)\s+|\d\s+)$")  # and a model: "iPhone 11 and 11 Pro"
_THING_AFTER = re.compile(
    r"\s+(?:campaign|campaigns|administration|aides?|camp|team|staff|supporters|backers|delegates|"
    r"voters|era|presidency|foundation|machine|machinery|family|surrogates|allies|loyalists|forces|"
    r"troops|brand|doctrine|years|"
    # nouns that are verbs too: "held Trump signs high", "a Trump rally in Iowa"; not "Cooper signs the
    # budget", "Cooper rallies supporters"
    r"(?:signs|hats|rally|rallies)(?!\s+(?:the|a|an|his|her|their|its|this|that|these|those|off|up|"
    r"supporters|voters|backers|legislation|bills?|laws?|orders?|deals?|agreements?|executive)\b))\b"
)
_NOT_FIRST = frozenset("""neither nor said says asked told added noted wrote while when as but and if
    after before since because though then so also only even meanwhile still yet like unlike with for from
    by""".split())
_CALENDAR_NAMES = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March "
                            "April May June July August September October November December".split())


def people_named_in_full(articles: Sequence[Article]) -> dict[str, set[str]]:
    """Surname → the words written before it in the full names the articles' PERSON entities
    give ("Trump" → {"Donald", "Donald J.", "Melania"}), titles left out ("Gov. John Kasich")."""
    out: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        analysis = ANALYSES.get(a.id)
        for e in analysis.entities if analysis else ():
            if e.label != "PERSON":
                continue
            words = re.sub(r"['’]s?$", "", " ".join(e.text.split())).split()
            while words and words[0].lower().rstrip(".") in _NAME_TITLES:
                words = words[1:]
            if len(words) < 2 or not re.fullmatch(r"[A-Z][a-z][\w'’\-]*", words[-1]):
                continue
            if not all(w[:1].isupper() or w in _PARTICLES for w in words[:-1]) or not words[0][:1].isupper():
                continue
            if words[0].lower() in _NOT_FIRST or words[0].endswith("ing"):
                continue  # the tagger ran a word into the name: "Neither Cruz", "Telling Jeb Bush"
            out[words[-1]].add(" ".join(words[:-1]))
    # A two-word name the tagger found inside a longer one: "Wasserman Schultz" of "Debbie
    # Wasserman Schultz" is a surname, written alone after the first mention, not a full name.
    texts = [a.text for a in articles]
    no_first = {w for t in texts for w in re.findall(r"\b[a-z][\w'’-]*", t)} | _NAME_TITLES | _NOT_FIRST
    for last, given in out.items():
        for g in [g for g in given if len(g.split()) == 1]:
            for t in texts:
                # no contraction: "That’s Hillary Clinton" is no "That’s Hillary"
                name = rf"(?<![\w'’.\-])([A-Z][a-z](?:[\w-]*[a-z])?)(?!['’])[^\S\n]+{re.escape(g)}\s+{re.escape(last)}\b"
                for m in re.finditer(name, t):  # on one line: not a heading's last word above
                    first = m.group(1)
                    if first.lower() not in no_first and not _word_form(first.lower()):
                        given.discard(g)
                        given.add(f"{first} {g}")
    return out


def _word_form(word: str) -> bool:
    """A word of the dictionary, or a regular form of one ("hits", "claimed"): no first name."""
    stems = {word}
    for end in ("s", "es", "ed", "ing"):
        if word.endswith(end) and len(word) > len(end) + 2:
            stems |= {word[: -len(end)], word[: -len(end)] + "e", word[: -len(end) - 1]}
    return bool(stems & dictionary_words())


def unintroduced_mention(d: Digest, articles: Sequence[Article]) -> tuple[str, str] | None:
    """(surname, sentence) where a person the articles name in full is first mentioned in the
    body (quotes left out) without a first name ("Rubio said", "Mr. Rubio", "Gov. Kasich");
    None when every such person is introduced. A surname two people share is introduced by
    either full name; a surname naming a thing of theirs ("the Clinton campaign") or a word
    after a number (a model: "11 Pro", where the tagger took "MacBook Pro" for a person) is not
    a mention."""
    people = people_named_in_full(articles)
    if not people:
        return None
    # Quotes are blanked out, not cut, so positions in ``body`` are the paragraphs'.
    body = "\n".join(_QUOTED.sub(lambda m: " " * len(m.group()), p.text) for p in d.paragraphs)
    found: list[tuple[int, str]] = []
    for last, given in people.items():
        firsts = "|".join(map(re.escape, sorted(given, key=len, reverse=True)))
        introduced = re.compile(rf"\b(?:{firsts})(?:\s+[A-Z][\w'’.\-]*){{0,2}}\s+$")  # "Donald J. Trump"
        for m in re.finditer(rf"(?<![\w'’.\-]){re.escape(last)}(?![\w\-])", body):
            before, after = body[: m.start()], body[m.end() :]
            if _THING_BEFORE.search(before) or _THING_AFTER.match(after):
                continue
            if introduced.search(before) or _first_name_before(before):
                break
            nxt = re.match(r"\s+([A-Z][\w'’.\-]*)", after)
            if nxt and nxt.group(1) not in _CALENDAR_NAMES:
                continue  # part of another name: "Trump Tower", "Washington Post"
            found.append((m.start(), last))
            break
    if not found:
        return None
    pos, last = min(found)
    return last, _sentence_at(d, pos)


def _first_name_before(before: str) -> bool:
    """The surname follows a first name the analyses did not give it: "Fans of Bradley Cooper’s
    performance", where the tagger made "Bradley Cooper’s" an organisation and the story's other
    Cooper is Kristen. A title, a party, a calendar name or a possessive ("Florida's Rubio") is
    no first name."""
    m = re.search(r"(?<![\w'’.\-])([A-Z][a-z][\w\-]*)[^\S\n]+$", before)
    if m is None:
        return False
    word = m.group(1)
    low = word.lower()
    return not ({low, low.rstrip(".")} & (_NAME_TITLES | _NOT_FIRST | _PARTIES)) and word not in _CALENDAR_NAMES


_PARTIES = frozenset("democrat democrats democratic republican republicans gop independent libertarian".split())


def _sentence_at(d: Digest, pos: int) -> str:
    """The digest sentence holding position ``pos`` of its paragraphs joined by newlines."""
    for p in d.paragraphs:
        if pos <= len(p.text):
            return next((p.text[a:b].strip() for a, b in digest_sentences(p.text) if pos < b), p.text)
        pos -= len(p.text) + 1
    return d.paragraphs[-1].text


def reintroduced_mention(d: Digest, articles: Sequence[Article]) -> tuple[str, str] | None:
    """(full name, sentence) where a person the articles name in full is named in full again
    in the body (quotes left out) after the first mention ("Mayor Gareth Pike said …" twice);
    None when every later mention is the short form. Not when the digest names two people
    who share the surname ("Bill Clinton", "Hillary Clinton"): then the full names tell them
    apart (one only the sources name, such as "Heidi Cruz", does not); nor when the sources
    never write the surname alone ("Hun Sen")."""
    body = "\n".join(_QUOTED.sub(lambda m: " " * len(m.group()), p.text) for p in d.paragraphs)
    found: list[tuple[int, str]] = []
    for last, given in people_named_in_full(articles).items():
        named = {g.split()[0] for g in given
                 if re.search(rf"(?<![\w'’.\-]){re.escape(g)}\s+{re.escape(last)}\b", body)}
        if len(named) > 1:
            continue
        given = {g for g in given if g.split()[0] in named} or given
        alone = re.compile(rf"(?<![\w'’.\-])(?<!{re.escape(sorted(given)[0].split()[-1])} ){re.escape(last)}\b")
        if not any(alone.search(a.text) for a in articles):
            continue  # the sources never call them by the surname alone ("Hun Sen"): nor need we
        firsts = "|".join(map(re.escape, sorted(given, key=len, reverse=True)))
        written = list(re.finditer(rf"(?<![\w'’.\-])(?:{firsts})(?:\s+[A-Z]\.)*\s+{re.escape(last)}(?![\w\-])", body))
        if len(written) > 1:
            found.append((written[1].start(), written[1].group(0)))
    if not found:
        return None
    pos, name = min(found)
    return name, _sentence_at(d, pos)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _caps_heading(text: str) -> bool:
    for m in _CAPS_RUN.finditer(text):
        words = [w.strip(",:") for w in m.group(0).split()]
        if sum(1 for w in words if not _CAPS_OK.match(w)) >= 3:
            return True
    return False


def _title_parts(articles: Sequence[Article]) -> set[str]:
    out = set()
    for a in articles:
        for part in [a.title, *re.split(r";\s+|\s//\s|\s[|–—-]\s", a.title)]:
            n = _norm(part)
            if len(n.split()) >= 4:
                out.add(n)
    return out


Check = Callable[[Digest, Sequence[Article]], bool]  # True = the editor sends it back


def _sentences(text: str) -> list[str]:
    return [text[a:b].strip() for a, b in digest_sentences(text)]


def _body_sentences(d: Digest) -> list[str]:
    """The digest's sentences of four words or more (shorter ones can repeat by chance)."""
    return [s for p in d.paragraphs for s in _sentences(p.text) if len(s.split()) >= 4]


_NEAR_RUN = 6  # words in a row two sentences share: a phrase, not chance
# A word, a figure ("5.1", "$1.2", "1,800") or a quote, which breaks a run (a quote is the speaker's).
_RUN_TOKEN = re.compile(r"“[^”]*”?|\"[^\"]*\"?|[\w$%][\w$%'’.,\-]*[\w%]|[\w$%]")


@functools.cache
def _common_words() -> frozenset[str]:
    """Words in one PolNeAR article in ten or more (``../shared/data/quotes/polnear``)."""
    files = (shared_data() / "quotes" / "polnear").glob("*/text/*.txt")
    texts = [f.read_text(encoding="utf-8").lower() for f in files]
    counts = Counter(w for t in texts for w in set(_WORD.findall(t)))
    return frozenset(w for w, n in counts.items() if n >= len(texts) / 10)


def near_repeat(d: Digest) -> tuple[str, str, str] | None:
    """(run, sentence, earlier sentence) where two body sentences share ``_NEAR_RUN`` words in a
    row, quotes left out, two of them uncommon lower-case words and one a small word inside the
    run (not its first or last word); None when none do."""
    ordinary = _common_words() | _SMALL
    seen: dict[tuple[str, ...], str] = {}
    for p in d.paragraphs:
        tokens = [(m.start(), m.group()) for m in _RUN_TOKEN.finditer(p.text)]
        for a, b in digest_sentences(p.text):
            sentence = p.text[a:b].strip()
            words = [w for at, w in tokens if a <= at < b]
            runs: dict[tuple[str, ...], str] = {}
            for i in range(len(words) - _NEAR_RUN + 1):
                run = words[i : i + _NEAR_RUN]
                if any(w[0] in "“\"" for w in run):
                    continue
                uncommon = [w for w in run if w.isalpha() and w.islower() and w not in ordinary]
                # The small word inside the run: a phrase ("a long standoff over farm"), not a
                # thing's long name after "of" or "the" ("of Trump's 1995 state income tax").
                if len(uncommon) < 2 or not any(w.lower() in _SMALL for w in run[1:-1]):
                    continue
                key = tuple(w.lower() for w in run)
                if key in seen:
                    return " ".join(run), sentence, seen[key]
                runs[key] = sentence
            seen.update(runs)
    return None


CHECKS: dict[str, Check] = {
    "headline_deck": lambda d, arts: bool(re.search(r";\s|\s//\s", d.headline)),
    "headline_label": lambda d, arts: bool(_LABEL.search(d.headline)),
    "headline_speaker_colon": lambda d, arts: bool(_SPEAKER_COLON.match(d.headline)),
    "headline_second_person": lambda d, arts: bool(_SECOND_PERSON.search(d.headline)),
    "headline_teaser": lambda d, arts: bool(_TEASER.search(d.headline)),
    "headline_loaded": lambda d, arts: bool(_LOADED.search(d.headline)),
    "headline_outlet": lambda d, arts: any(o.lower() in d.headline.lower() for o in OUTLETS if len(o) > 3),
    "headline_form": lambda d, arts: _headline_form(d.headline),
    # Outside quotes: a tweet quoted in capitals ("HE'S DEMONSTRATED A PENCHANT FOR SEXISM") is
    # its author's shouting, not a heading left in the text.
    "caps_heading": lambda d, arts: any(_caps_heading(_QUOTED.sub(" ", p.text)) for p in d.paragraphs),
    "title_in_body": lambda d, arts: any(_norm(s) in _title_parts(arts) for s in _body_sentences(d)),
    "dangling_start": lambda d, arts: any(_PRONOUN_START.match(p.text) or _BACK_REFERENCE.match(p.text)
                                          for p in d.paragraphs),
    "bare_told": lambda d, arts: any(_BARE_TOLD.search(p.text) for p in d.paragraphs),
    "debris": lambda d, arts: any(_DEBRIS.search(_nfc(p.text)) for p in d.paragraphs),
    "repeated_sentence": lambda d, arts: len(set(map(_norm, _body_sentences(d)))) < len(_body_sentences(d)),
    "quote_punctuation": lambda d, arts: any(_QUOTE_PUNCTUATION.search(p.text) for p in d.paragraphs),
    "spacing": lambda d, arts: any(_SPACING.search(p.text) for p in d.paragraphs),
    "first_person": lambda d, arts: any(_FIRST_PERSON.search(_QUOTED.sub(" ", p.text)) for p in d.paragraphs),
}


# House style, reported and floored like the other checks (bench/floors.json), outside "clean
# digests", whose figure predates them.
STYLE_CHECKS: dict[str, Check] = {
    "headline_title_case": lambda d, arts: _title_case(d.headline, arts),
    "headline_verbless": lambda d, arts: _verbless(d.headline),
    "headline_dated": lambda d, arts: _dated(d.headline, arts),
    "media_reference": lambda d, arts: any(_MEDIA.search(_QUOTED.sub(" ", p.text)) for p in d.paragraphs),
    "dateline_here": lambda d, arts: any(_HERE.search(_QUOTED.sub(" ", p.text)) for p in d.paragraphs),
    "relative_day": lambda d, arts: any(_RELATIVE_DAY.search(_QUOTED.sub(" ", p.text)) for p in d.paragraphs),
    "unintroduced_name": lambda d, arts: unintroduced_mention(d, arts) is not None,
    "reintroduced_name": lambda d, arts: reintroduced_mention(d, arts) is not None,
    "near_repeat": lambda d, arts: near_repeat(d) is not None,
}


ALL_CHECKS = {**CHECKS, **STYLE_CHECKS}


def stories(kind: str = "labelled") -> dict[str, list[Article]]:
    """The stories to write: the hand-labelled set, or (``auto``) the held-out one."""
    if kind == "auto":
        return auto_stories()
    if kind == "pages":
        return page_stories()
    groups: dict[str, list[Article]] = defaultdict(list)
    for item in load_set():
        groups[item.story].append(item.article)
    return {k: v for k, v in sorted(groups.items()) if len(v) >= 2}


_WINDOW = re.compile(r"(\d{4}-\d\d-\d\d)\.\.(\d{4}-\d\d-\d\d)")


def auto_stories() -> dict[str, list[Article]]:
    """Stories the writer was not tuned on: the PolNeAR articles outside the labelled set's
    date windows (named in its header), grouped as ``rouge_polnear.clusters`` groups them
    (TF-IDF link, three days apart at most, 4-11 articles), named by their first day. Looser
    than the labelled stories (a group may chain two events of a week), as a pipeline's
    stories can be; 16 stories of 111 articles."""
    from datetime import date

    from cluster_stories import GOLD, gold_rows, polnear_articles
    from rouge_polnear import clusters, load

    header = "".join(line for line in GOLD.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    windows = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in _WINDOW.findall(header)]
    labelled = {row["name"] for row in gold_rows()}
    rows = [r for r in load() if r["name"] not in labelled and not any(a <= r["date"] <= b for a, b in windows)]
    groups = clusters(rows, AUTO_LINK)
    articles = polnear_articles([rows[i]["name"] for g in groups for i in g])
    out: dict[str, list[Article]] = {}
    for g in groups:
        members = sorted((articles[rows[i]["name"]] for i in g), key=lambda a: (a.published, a.id))
        first = min(rows[i]["date"] for i in g)
        out[f"h{len(out) + 1:02d}-{first.isoformat()}"] = members
    return out


AUTO_LINK = 0.12  # rouge_polnear.py's default link


def page_stories() -> dict[str, list[Article]]:
    """One-article stories from the 121 real pages of the extraction set (many outlets and
    beats, 2012-2019, none of them US politics of 2016): each page through the pipeline's own
    extractor (``extract_article``: body, title, date), as a source with one article is
    written. Pages whose body is under 80 words (briefs, listings) or whose language is not
    English (the pipeline clusters and writes each language apart) are left out."""
    from urllib.parse import urlsplit

    from pagefeeds import load_pages

    from newsdigest.extract import extract_article

    truth = json.loads((shared_data() / "extraction" / "ground-truth.json").read_text(encoding="utf-8"))
    out: dict[str, list[Article]] = {}
    for name, html in load_pages().items():
        url = truth.get(name, {}).get("url") or f"https://example.com/{name}"
        try:
            ex = extract_article(html, url)
        except Exception:  # noqa: BLE001 - a page the extractor refuses is no story
            continue
        if len(ex.text.split()) < 80 or not (ex.language or "").lower().startswith("en"):
            continue  # a brief or a listing; or a page in another language (its own partition)
        host = urlsplit(url).hostname or ""
        out[f"p-{name[:12]}"] = [Article(id=name, text=ex.text, url=url, source=host.removeprefix("www."),
                                         title=ex.title, published=ex.published)]
    return out


def analyse(articles: Sequence[Article], cache: bool = True) -> dict[str, Analysis]:
    import spacy

    from newsdigest.analyse import MODEL_NAME, analyse_many

    h = hashlib.sha256(f"{MODEL_NAME} {spacy.__version__}".encode())
    for a in articles:
        h.update(a.id.encode() + b"\0" + a.text.encode() + b"\0")
    # The analyse stage's code is part of the key: its quotes and speakers are what is checked.
    src = HERE.parent / "src" / "newsdigest"
    for code in [src / "analyse.py", *sorted((src / "quotes").glob("*.py"))]:
        h.update(code.read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsdigest-bench"
    path = base / f"editor-analyses-{h.hexdigest()[:16]}.pickle"
    if cache and path.is_file():
        return pickle.loads(path.read_bytes())
    out = {a.article_id: a for a in analyse_many(list(articles))}
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(out))
    return out


def evaluate(examples: int = 3, only: str | None = None, kind: str = "labelled") -> dict:
    groups = stories(kind)
    if only:
        groups = {k: v for k, v in groups.items() if k == only}
    analyses = analyse([a for arts in groups.values() for a in arts])
    ANALYSES.update(analyses)
    checks = ALL_CHECKS
    failed: dict[str, list[str]] = {name: [] for name in checks}
    shown: dict[str, list[str]] = {name: [] for name in checks}
    q_ok = q_all = p_ok = p_all = 0
    digests = {}
    for name, arts in groups.items():
        d = write_digest(1, arts, analyses)
        digests[name] = d
        by_id = {a.id: a for a in arts}
        a, b = quote_checks(d, by_id, analyses)
        c, e = provenance_checks(d, by_id)
        q_ok, q_all, p_ok, p_all = q_ok + a, q_all + b, p_ok + c, p_all + e
        for check, bad in checks.items():
            if bad(d, arts):
                failed[check].append(name)
                if len(shown[check]) < examples:
                    shown[check].append(f"{name}: {d.headline if check.startswith('headline') else _offender(check, d, arts)}")
    n = len(groups)
    return {
        "digests": n,
        "checks": {k: {"pass": round(1 - len(v) / n, 4) if n else 1.0, "failed": v} for k, v in failed.items()},
        "clean_digests": round(sum(1 for s in groups if not any(s in failed[c] for c in CHECKS)) / n, 4) if n else 1.0,
        "quotes_verbatim_right_speaker": round(q_ok / q_all, 4) if q_all else 1.0,
        "quotes": q_all,
        "sentences_with_provenance": round(p_ok / p_all, 4) if p_all else 1.0,
        "sentences": p_all,
        "examples": shown,
        "_digests": digests,
    }


def _offender(check: str, d: Digest, arts: Sequence[Article]) -> str:
    """The first paragraph that fails the check, narrowed to its failing sentence when one is."""
    if check == "unintroduced_name":  # a check across paragraphs: the first mention's sentence
        last, sentence = unintroduced_mention(d, arts) or ("", "")
        return f"{last} in “{sentence[:140]}”"
    if check == "reintroduced_name":
        name, sentence = reintroduced_mention(d, arts) or ("", "")
        return f"{name} again in “{sentence[:140]}”"
    if check == "near_repeat":
        run, sentence, earlier = near_repeat(d) or ("", "", "")
        return f"“{run}” in “{sentence[:70]}” and “{earlier[:70]}”"
    for p in d.paragraphs:
        if ALL_CHECKS[check](replace(d, paragraphs=(p,)), arts):
            for s in _sentences(p.text):
                if ALL_CHECKS[check](replace(d, paragraphs=(replace(p, text=s),)), arts):
                    return s[:160]
            return p.text[:160]
    seen: set[str] = set()
    for s in _body_sentences(d):  # a check across paragraphs: the repeated sentence
        if _norm(s) in seen:
            return s[:160]
        seen.add(_norm(s))
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--story", help="one story of the set")
    ap.add_argument("--show", action="store_true", help="print every digest")
    ap.add_argument(
        "--set", choices=("labelled", "auto", "pages"), default="labelled",
        help="the 33 hand-labelled stories, 16 held-out ones grouped automatically (see auto_stories), "
        "or one-article stories from the extraction set's real pages (see page_stories)",
    )
    args = ap.parse_args(argv)
    result = evaluate(args.examples, args.story, args.set)
    digests = result.pop("_digests")
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if args.show:
        for name, d in digests.items():
            print(f"\n## {name}\n# {d.headline}")
            for p in d.paragraphs:
                print(p.text)
    what = {"labelled": "multi-outlet stories (PolNeAR, bench/data/polnear-stories.tsv)",
            "auto": "multi-outlet stories (PolNeAR, outside its windows, grouped automatically)",
            "pages": "one-article stories (the extraction set's pages, through the pipeline's extractor)"}[args.set]
    print(f"\n{result['digests']} digests of real {what}\n")
    print(f"{'check':28} {'pass':>7}  examples")
    for name, row in result["checks"].items():
        ex = "; ".join(result["examples"][name])
        print(f"{name:28} {row['pass']:7.1%}  {ex[:150]}")
    print(f"{'clean digests (all checks)':28} {result['clean_digests']:7.1%}")
    print(f"{'quotes verbatim, speaker':28} {result['quotes_verbatim_right_speaker']:7.1%}  of {result['quotes']}")
    print(f"{'sentences with provenance':28} {result['sentences_with_provenance']:7.1%}  of {result['sentences']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
