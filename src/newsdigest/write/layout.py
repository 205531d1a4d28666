"""Putting chosen sentences in order and into paragraphs, and rendering them to text.

Order: the lede (the core event) first, then the rest of the lede's article in its own
order (the details of the core event), then the other articles' sentences by publication
time (developments as they were reported), each article's in source position. Without
dates the articles keep a stable order by id, and position inside an article still holds.
Paragraphs: 5–8 of similar length, never starting with a sentence that leans on the one
before it; a story with fewer than five usable sentences gets one paragraph each.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..extract import INVISIBLE
from ..quotes.people import dictionary_words_of, name_words
from ..records import Citation, Paragraph, Quote
from .candidates import Story
from .names import (
    common_words, full_name_regex, is_first_name_slip, named_in, one_person, particle_surname, person_key,
    short_form, surname_of,
)
from .quoting import outside_quotes
from .text import tokens
from .titles import word_bases
from .roles import is_title
from .units import Piece, Unit


def layout(story: Story, units: list[Unit]) -> tuple[list[Paragraph], list[Quote]]:
    if not units:
        return [], []
    lede, body = units[0], units[1:]
    first = lede.article_id
    # In time and source order, the lede's article first; a live blog's entries oldest first,
    # after the rest of the lede's own entry.
    entry = (first, story.reading(first, lede.index)[0])

    def order(u: Unit) -> tuple[bool, int, bool, tuple[int, int]]:
        place = story.reading(u.article_id, u.index)
        return (u.article_id != first, story.rank[u.article_id], (u.article_id, place[0]) != entry, place)

    body.sort(key=order)
    groups = paragraph_groups(_chains_kept([lede, *body]))
    paragraphs: list[Paragraph] = []
    mentioned: set[str] = set()
    short = short_names(story, units)
    quotes: list[Quote] = []
    previous: Unit | None = None  # the sentence read just before, across a paragraph break too
    for group in groups:
        texts: list[str] = []
        cites: list[Citation] = []
        for unit in group:
            before = " ".join(p.text for p in paragraphs) + " " + " ".join(texts)
            # Not when the quoted words end on their own full stop, which stays verbatim: “… him.”
            # Biden said. would be no English.
            if (texts and (speaker := _attribution(unit)) and _says(texts[-1], speaker, short)
                    and not unit.pieces[2].text.rstrip().endswith(".")):
                unit = _quote_first(unit)  # "Brandt said the door … “This is …,” Brandt said."
            elif previous is not None and previous.quote is not None and (speaker := _attribution(unit, True)) \
                    and person_key(previous.quote.speaker) == person_key(speaker) and _met(person_key(speaker), mentioned):
                unit = _also(unit)  # "Haynes said, “…” Haynes also said, “…”" (no role again: met)
            previous = unit
            text, unit_cites = render(unit, mentioned, before, short)
            texts.append(text)
            cites.extend(unit_cites)
            if unit.quote is not None:
                quotes.append(unit.quote)
        paragraphs.append(Paragraph(" ".join(texts), tuple(cites)))
    return paragraphs, quotes


def _chains_kept(units: list[Unit]) -> list[Unit]:
    """The units in order, each chained one (it leans on its article's sentence before) right
    after the one it leans on: the lede's article's sentences from before the lede go after
    the lede's own next one, not between ("… has collected roughly $56.5 million …" then
    "That puts the committee about $7.5 million short …")."""
    keys = Counter(u.key for u in units)
    chained = {u.key: u for u in units[1:] if u.chained and keys[u.key] == 1
               and keys[(u.article_id, u.index - 1)] == 1}  # the lede stays first
    pulled = set(chained)
    out: list[Unit] = []
    for u in units:
        if u.key in pulled and u.chained:
            continue
        out.append(u)
        while (nxt := chained.pop((out[-1].article_id, out[-1].index + 1), None)) is not None:
            out.append(nxt)
    return out if len(out) == len(units) else units


# A built quote's attribution ("<name> said, “"): what ``woven._built_quote`` puts before the quote.
_BUILT_VERB = re.compile(r"^ \w+(?: \w+)?, “$")
_SPEECH = re.compile(r"\s+(?:\w+ly\s+)?(?:said|says|told|tells|added|warned|argued|insisted|noted)\b")


def _attribution(unit: Unit, role_after: bool = False) -> str:
    """The speaker of a built quote sentence ("Brandt said, “…”"; with ``role_after`` also "Bruce
    Haynes, a strategist, said, “…”"), else ""."""
    p = unit.pieces
    if unit.quote is None or len(p) != 4 or not p[0].name or not _BUILT_VERB.match(p[1].text):
        return ""
    return "" if p[0].role_after and not role_after else p[0].name


def _says(previous: str, speaker: str, short: dict[str, str]) -> bool:
    """The sentence before opens on the speaker saying something ("Brandt said the door …")."""
    forms = {speaker, short.get(speaker, speaker), speaker.split()[-1]}
    return any(previous.startswith(f) and _SPEECH.match(previous, len(f)) for f in forms)


def _quote_first(unit: Unit) -> Unit:
    """The built quote with its attribution after it (“…,” Brandt said.), after a sentence that
    opens on the same speaker saying something: "Brandt said … Brandt said, “…”" reads twice."""
    lead, verb, quoted, closing = unit.pieces
    mark = closing.text[1:] if closing.text[:1] == "." else closing.text  # “… one,” not “… one.,”
    comma = "," if closing.text[:1] == "." else ""
    said = verb.text.strip(" ,“")
    return replace(unit, pieces=(Piece("“"), quoted, Piece(f"{comma}{mark} "), replace(lead, text=""), Piece(f" {said}.")))


def _also(unit: Unit) -> Unit:
    """The built quote of a speaker whose quote the sentence before gave: "Haynes said, “…”
    Haynes said, “…”" reads as a slip; "Haynes also said, “…”" (or "has also said") does not."""
    lead, verb, *rest = unit.pieces
    words = verb.text.strip(" ,“").split()
    at = 1 if len(words) > 1 and words[0].lower() in _AUXILIARIES else 0  # "has also said", "also told CNN"
    said = " ".join([*words[:at], "also", *words[at:]])
    return replace(unit, pieces=(lead, replace(verb, text=f" {said}, “"), *rest))


_AUXILIARIES = frozenset("has have had will would".split())


def short_names(story: Story, units: list[Unit]) -> dict[str, str]:
    """The form a person is called by after the first mention: the surname, when the sources
    call them so ("Carrow said"); the full name when they never write the last word alone
    ("Hun Sen", "Sam Rainsy": a family name first, or a surname a reader would misread)."""
    names = {p.name or p.person for u in units for p in u.pieces if p.name or p.person}
    texts = [a.text for a in story.articles.values()]
    # A name the tagger also found as the end of a longer one ("Wasserman Schultz" of "Debbie
    # Wasserman Schultz") is itself a surname: it stays whole.
    tagged = {a.text[x:y] for a in story.articles.values() for x, y in story.person_spans.get(a.id, ())}
    # People the digest names who share a surname ("Bernie Sanders", "Felicia Sanders") keep
    # their full names ("during Bill Clinton's presidency … has backed Hillary Clinton"); one
    # only the sources name does not make the surname ambiguous to the digest's reader.
    said = " ".join(u.text for u in units)
    known = names | {t for t in tagged if len(t.split()) > 1 and t in said}
    # "James B. Comey" is "James Comey"; "Councillor Martin Hale" is "Martin Hale"; the tagger's
    # "a Donald Trump" ("… than a Donald Trump") is Donald Trump, no second Trump.
    # "De Blasio" (a surname with its particle, capitalised as it opens a sentence) is no other person.
    people = {(w[0], w[-1]) for w in ([x for x in n.split() if not is_title(x) and not x.islower()] or n.split()
                                      for n in known if not particle_surname(n))}
    shared = {last for last, n in Counter(last for _, last in people).items() if n > 1}
    common = common_words(texts)
    out = {}
    for name in names:
        short = surname_of(name)  # "de Blasio"; none for "Donald Trump Jr"
        if short is None:
            out[name] = _suffixed_short(name, tagged | names, said, common)
            continue
        given = name.split()[: -len(short.split())]
        alone = re.compile(rf"(?<![\w'’.\-])(?<!{re.escape(given[-1])} )(?i:{re.escape(short)})\b")
        # No article writes the surname alone: the family name may come first ("Xi Jinping",
        # "Xi said …"; "Hun Sen" in every mention); but one mention in each article, its first
        # word never alone either, is no sign of that ("Finance Minister Lucinda Varga said …",
        # then "she"): the surname does.
        first = re.compile(rf"(?<![\w'’.\-]){re.escape(given[0])}(?!\s+{re.escape(given[1] if len(given) > 1 else short.split()[0])})\b")
        once = not any(t.count(name) > 1 or first.search(t) for t in texts)
        ok = once or any(alone.search(t) for t in texts)
        longer = any(t.endswith(" " + name) and _first_name_part(t[: -len(name)].split()[-1]) for t in tagged) or (
            len(name.split()) == 2 and _written_after_a_first_name(texts, name, common))
        # Someone else the digest names with the surname, tagged or not ("his wife Susan Pike").
        other = _someone_else(said, short, given, common)
        # The one the sources call by the surname they share with others (``Story.leading``:
        # "Trump" for Donald Trump beside "Melania Trump") keeps it; the others keep their
        # full names.
        theirs = short in story.leading and person_key(story.leading[short]) == person_key(name)
        unshared = theirs or (name.split()[-1] not in shared and not other)
        out[name] = short if ok and unshared and not longer else name
    return out


def _suffixed_short(name: str, others: set[str], said: str, common: set[str]) -> str:
    """A name with a generational suffix ("Joseph R. Biden Jr") is called by the surname when
    no one else the story's articles or the digest name has it ("Biden said"); "Donald Trump Jr"
    beside Donald Trump keeps his whole name."""
    base = " ".join(name_words(name))
    short = surname_of(base) if base != name else None
    if short is None:
        return name
    given = base.split()[: -len(short.split())]

    # Another of the family: another first name ("Beau Biden"), or ours without the suffix (the
    # father, "Donald Trump"); "Joe Biden" beside "Joseph R. Biden Jr" is himself.
    if any(surname_of(" ".join(name_words(o))) == short and not one_person(name, o) for o in others):
        return name
    himself = {w for w in re.findall(r"\b[A-Z][a-z]+", said) if short_form(w, given[0])}
    return name if _someone_else(said, short, [*given, *himself], common) else short


def _written_after_a_first_name(texts: list[str], name: str, common: set[str]) -> bool:
    """The sources write a first name before the whole of ``name`` ("Debbie Wasserman Schultz"
    where the tagger found "Wasserman Schultz"): the name is a two-word surname, not a first
    name and a surname. A word the sources write in lower case ("The", "Chair") or a form of a
    word of the dictionary ("Republican Donald Trump", a heading's "Christie Hits Marco Rubio")
    is no first name."""
    # On one line ("…Than Waterboarding'" ends a heading above "Donald Trump said …"), not "7:30 PM".
    # No contraction: "That’s Hillary Clinton" is no "That’s" before a two-word surname.
    before = re.compile(rf"(?<![\w'’.\-])([A-Z][a-z](?:[\w\-]*[a-z])?)(?!['’])[^\S\n]+{re.escape(name)}\b")
    return any(
        _first_name_part(w := m.group(1)) and w.lower() not in common and not _dictionary_form(w.lower())
        for t in texts
        for m in before.finditer(t)
    )


def _dictionary_form(word: str) -> bool:
    """The word or a word it may be a form of ("hits", "hoped", "running") is a word of the
    lemmatizer's dictionary."""
    return any(f in dictionary_words_of(pos) for pos in ("noun", "verb", "adj", "adv") for f in word_bases(word))


def _someone_else(text: str, surname: str, given: list[str], common: set[str]) -> bool:
    """True when ``text`` writes ``surname`` after another first name in mid-sentence ("his
    wife Susan Pike"), tagged or not; not after a title, a party or a sentence's first word
    ("Electing Obama …"), nor after the person's own first or middle name ("Hillary Rodham
    Clinton" beside "Hillary Clinton": a middle name follows the first name)."""
    pattern = re.compile(rf"(?<=[a-z,;] )([A-Z][a-z][\w\-]*)(?!['’])\s+{re.escape(surname)}\b")  # not "Here’s"
    own = re.compile(rf"(?<![\w'’.\-]){re.escape(given[0])}\s+$")
    # One first name, other middle initials: "George H.W. Bush" beside "George W. Bush".
    initials = {w for w in given[1:] if _INITIALS.fullmatch(w)}
    if initials and any(m.group(1) not in initials for m in re.finditer(
            rf"(?<![\w'’.\-]){re.escape(given[0])}\s+((?:[A-Z]\.)+)\s+{re.escape(surname)}\b", text)):
        return True
    return any(
        m.group(1) not in given
        and not own.search(text, 0, m.start())
        and not is_first_name_slip(m.group(1), common)
        for m in pattern.finditer(text)
    )


_INITIALS = re.compile(r"(?:[A-Z]\.)+")


def _namesake_here(name: str, sentence: str) -> bool:
    """The sentence so far names someone else with the person's surname: "… made Bill Clinton
    the last Democrat to win Kentucky and gave Hillary Clinton a huge victory" keeps her whole
    name, as the source wrote it, where "gave Clinton" would read as him."""
    short = surname_of(name)
    given = name.split()[: -len(short.split())] if short else []
    return bool(given) and _someone_else(sentence, short, given, set())


def _first_name_part(word: str) -> bool:
    """A capitalised word that may be part of a name; not a title, nor a participle or an
    adverb in -ly the tagger ran into the name ("Entrusting Donald Trump …", "Certainly Donald
    Trump …")."""
    low = word.lower()
    participle = len(low) > 5 and low.endswith("ing") and low[:-3] in dictionary_words_of("verb")
    adverb = low.endswith("ly") and low in dictionary_words_of("adv")
    return word[:1].isupper() and "." not in word and not is_title(word) and not participle and not adverb


def render(
    unit: Unit, mentioned: set[str], before: str, short: dict[str, str] | None = None
) -> tuple[str, list[Citation]]:
    out, cites = [], []
    tail: str | None = None  # the last piece's trailing whitespace; None after words we add
    for p in unit.pieces:
        if p.person:
            # A name the source writes in full, title and all: whole at the first mention,
            # then the short form, each part cited where it stands in the source.
            said = outside_quotes(f"{before} {''.join(out)}")
            first = not _met(p.person, mentioned) and not named_in(said, p.person)
            mentioned.add(p.person)
            if not first:
                # The full name or the surname, without a suffix the short form leaves out
                # ("Biden" of "Joseph R. Biden Jr.") or a party tag after it (", R-Fla.,"),
                # which go with the first mention only.
                # As written, initials and all: "George W. Bush" after "George H.W. Bush and ".
                written = p.text[p.name_at : p.name_end or len(p.text)]
                whole = ((short or {}).get(p.person) == p.person
                         or _namesake_here(written or p.person, "".join(out)))
                at, stop = (p.name_at, p.name_end) if whole else (p.surname_at, p.surname_end)
                stop = stop or len(p.text)
                p = replace(p, text=p.text[at:stop], start=p.start + at, end=p.start + stop)
        if p.name:
            # First mention: role and full name; after that the short form (the surname), the
            # source's courtesy title left out ("Mr. Sanders" → "Sanders"). A quote naming the
            # person (“Donald Trump’s visit …”) is the speaker's words: it does not introduce.
            said = outside_quotes(f"{before} {''.join(out)}")
            key = person_key(p.name)  # "Hillary Rodham Clinton" is "Hillary Clinton" met again
            if not _met(key, mentioned) and not named_in(said, p.name):
                role = _met_in_role(p.text, mentioned, short)
                out.append(p.name if p.courtesy else p.name + role if p.role_after else role + p.name)
            else:  # "Mr. Sanders" too: a digest of several outlets is in one style, without them
                out.append((short or {}).get(p.name) or p.name.split()[-1])
            mentioned.add(key)
            tail = None
        elif p.start < 0:
            out.append(p.text)
            tail = None
        else:
            # A source's double space ("support  --") or line break is not printed: the span
            # is cited in parts split there, each part verbatim, joined by one space.
            if p.text[:1].isspace():
                out.append(" ")
            prev_b = 0
            for k, (a, b) in enumerate(_parts(p.text)):
                marked = _typewriter_marks(p.text, a, b)
                if marked:
                    # The typewriter's ''…'' (the wires' ``…'') printed as curly marks: the words
                    # between are cited, the marks are ours.
                    out.append("" if k == 0 else _joint(p.text, prev_b, a))
                    prev_b = b
                    for s, e, mark in marked:
                        out.append(mark or p.text[s:e])
                        inner = p.text[s:e].strip()
                        if not mark and inner:
                            at = s + p.text[s:e].index(inner)
                            cites.append(Citation(unit.article_id, p.start + at, p.start + at + len(inner)))
                    continue
                # Characters that print nothing (a soft hyphen, a bidirectional embedding) are cut
                # out too: a space between the parts only where the source has one.
                out.append(p.text[a:b] if k == 0 else _joint(p.text, prev_b, a) + p.text[a:b])
                prev_b = b
                # The piece goes on where the last one stopped, one space at most between
                # (a name split out of the sentence and printed whole): one citation, as the
                # source runs.
                gap = (tail or "") + p.text[:a]
                joins = k == 0 and tail is not None and cites and cites[-1].end + len(gap) == p.start + a
                if joins and gap in ("", " "):
                    cites[-1] = replace(cites[-1], end=p.start + b)
                else:
                    cites.append(Citation(unit.article_id, p.start + a, p.start + b))
            if p.text[-1:].isspace():
                out.append(" ")
            tail = p.text[len(p.text.rstrip()):]
    text = _GAP.sub(lambda m: _joint(m.group(), 0, len(m.group())), "".join(out)).strip()
    return (text[0].upper() + text[1:] if text else text), cites


def _met_in_role(role: str, mentioned: set[str], short: dict[str, str] | None) -> str:
    """A role we print that names someone the digest has named already, with the short form
    for them, their title left out: "Doug Andres, the spokesman for House Speaker Paul Ryan,"
    after Ryan's first mention is "…, the spokesman for Ryan,"."""
    for name in mentioned:
        if len(name.split()) > 1 and name.split()[-1] in role:
            role = re.sub(rf"(?:\b[A-Z][\w.'’\-]*\s+)*?{full_name_regex(name)}(?!\w)",
                          lambda _m, n=name: (short or {}).get(n) or surname_of(n), role)
    return role


def _met(name: str, mentioned: set[str]) -> bool:
    """The digest has named the person already, in this form or another of theirs ("Joe
    Biden" before "Joseph R. Biden Jr.", see ``names.one_person``)."""
    return name in mentioned or any(one_person(name, m) for m in mentioned)


_GAP = re.compile(rf"\s{{2,}}|[\t\n\r\f\v]|\s*(?:{INVISIBLE.pattern})+\s*")  # a slip a reader would see


def _joint(text: str, end: int, start: int) -> str:
    """What is printed between two parts of ``text`` cut at a gap: a space where the gap has
    whitespace, nothing where it has only characters that print nothing ("re\u00adsign")."""
    return " " if any(c.isspace() for c in text[end:start]) else ""


_TYPEWRITER = re.compile(r"(?<!['`])(?:``|'')(?!['`])")


def _typewriter_marks(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """``text[a:b]`` in stretches around its pairs of typewriter quote marks (the archive's
    ''…'', the wires' ``…''): (start, end, "") for words, (-1, -1, mark) for the curly mark
    printed in a mark's place — an opening one at the start or after a space or a bracket, a
    closing one after a word. [] when there are no pairs."""
    paired: list[re.Match[str]] = []
    opened: re.Match[str] | None = None
    for m in _TYPEWRITER.finditer(text, a, b):
        before = text[m.start() - 1] if m.start() > a else " "
        if m.group() == "``" or (before.isspace() or before in "([{—–-/") and text[m.end() : m.end() + 1].strip():
            opened = m
        elif opened is not None:
            paired += [opened, m]
            opened = None
    # A mark without its pair (a quote the sentence was cut from) stays as the source has it.
    out: list[tuple[int, int, str]] = []
    pos = a
    for k, m in enumerate(paired):
        if m.start() > pos:
            out.append((pos, m.start(), ""))
        out.append((-1, -1, "”" if k % 2 else "“"))
        pos = m.end()
    if out and pos < b:
        out.append((pos, b, ""))
    return out


def _parts(text: str) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``text`` between gaps, without their edge spaces."""
    out: list[tuple[int, int]] = []
    pos = 0
    for gap in [*_GAP.finditer(text), None]:
        a, b = pos, gap.start() if gap else len(text)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
        pos = gap.end() if gap else len(text)
    return out


def paragraph_groups(units: list[Unit]) -> list[list[Unit]]:
    """Cut the ordered sentences into 5–8 paragraphs of similar length (fewer if too few).

    A paragraph never starts with a sentence that leans on the one before it; paragraphs
    that mix two articles cost a little more, and more again where a sentence from another
    article shares no word of its own with the one before it (Palin skipping a state
    convention, then the Democrats' lawsuit in Arizona: two items, two paragraphs). Exact by
    dynamic programming (n is small).
    """
    n = len(units)
    cuts_allowed = [j for j in range(1, n) if not units[j].chained]
    total = sum(u.words for u in units)
    want = min(8, max(5, round(total / 60)), len(cuts_allowed) + 1)
    target = total / want
    inf = float("inf")
    apart = _unrelated_joins(units)

    def cost(i: int, j: int) -> float:
        w = sum(u.words for u in units[i:j])
        mixed = len({u.article_id for u in units[i:j]}) > 1
        jumps = sum(1 for k in range(i + 1, j) if k in apart)
        return (w - target) ** 2 + (0.25 * target * target if mixed else 0.0) + jumps * 0.5 * target * target

    allowed = set(cuts_allowed) | {0, n}
    best = [[inf] * (n + 1) for _ in range(want + 1)]
    back = [[0] * (n + 1) for _ in range(want + 1)]
    best[0][0] = 0.0
    for k in range(1, want + 1):
        for j in range(1, n + 1):
            if j not in allowed:
                continue
            for i in range(j):
                if i in allowed and best[k - 1][i] < inf:
                    c = best[k - 1][i] + cost(i, j)
                    if c < best[k][j]:
                        best[k][j], back[k][j] = c, i
    groups: list[list[Unit]] = []
    j = n
    for k in range(want, 0, -1):
        i = back[k][j]
        groups.append(units[i:j])
        j = i
    return groups[::-1]


def _unrelated_joins(units: list[Unit]) -> set[int]:
    """The positions k where unit k comes from another article than unit k-1 and the two share
    no word that is their own: a content word fewer than a third of the digest's sentences use
    (the story's main names are in all of them and relate nothing)."""
    said = [set(tokens(u.text)) for u in units]
    df = Counter(w for ws in said for w in ws)
    rare = max(2, len(units) // 3)
    return {
        k
        for k in range(1, len(units))
        if units[k].article_id != units[k - 1].article_id
        and not any(df[w] <= rare for w in said[k] & said[k - 1])
    }


def cut(paragraphs: list[Paragraph], words: int) -> list[Paragraph]:
    """Hard word cap: only ever bites when the lede alone is longer than ``words``."""
    out: list[Paragraph] = []
    left = words
    for p in paragraphs:
        n = len(p.text.split())
        if n <= left:
            out.append(p)
            left -= n
            continue
        if left > 0 and _plain(p):
            toks = list(re.finditer(r"\S+", p.text))
            keep = p.text[: toks[left - 1].end()].rstrip(",;:")
            # The kept words are a verbatim prefix of the cited spans (plain sentences only).
            cites: list[Citation] = []
            pos = 0
            for c in p.citations:
                if pos >= len(keep):
                    break
                length = min(c.end - c.start, len(keep) - pos)
                cites.append(Citation(c.article_id, c.start, c.start + length))
                pos += length + 1
            out.append(Paragraph(keep + "…", tuple(cites)))
        break
    return out


def _plain(p: Paragraph) -> bool:
    """The paragraph is one source sentence as it stands: its cited spans joined by single
    spaces, none of them but the last ending a sentence (a sentence is cited in parts where
    the source has a double space in it, see ``render``)."""
    cites = p.citations
    if not cites or len({c.article_id for c in cites}) > 1:
        return False
    if sum(c.end - c.start for c in cites) + len(cites) - 1 != len(p.text):
        return False
    pos = 0
    for c in cites[:-1]:
        pos += c.end - c.start
        if p.text[pos - 1] in ".!?”\"’'":
            return False
        pos += 1
    return True
