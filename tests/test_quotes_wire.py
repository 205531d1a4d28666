"""The quote extractor on the 1990s newswire typography (AP and NYT wires as in the TDT and
DUC 2004 corpora, the Penn Treebank): `` opens and '' closes a double quote, ` and ' a
single one, and " _ " stands for a dash. The same paragraphs written with curly marks and
with the wires' marks must give the same quotes: words, speaker, role, verb, and spans at
the matching offsets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdigest.quotes import QuoteDetail, extract_quotes, find_marked_spans, scan_quotes

_WIRE = {"“": "``", "”": "''", "‘": "`", "’": "'"}


def to_wire(text: str, dashes: bool = False) -> tuple[str, list[int]]:
    """``text`` with curly marks in the wires' typography (and " — " as " _ " with ``dashes``),
    and where each offset of ``text`` lands in it (one entry more than ``text`` has)."""
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for ch in text:
        where.append(pos)
        piece = _WIRE.get(ch, "_" if dashes and ch == "—" else ch)
        out.append(piece)
        pos += len(piece)
    where.append(pos)
    return "".join(out), where


def _check_verbatim(text: str, quotes) -> None:
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


BRIEF_EXAMPLE = (
    "Cambodian leader Hun Sen on Friday rejected opposition parties' demands for talks outside the "
    "country, accusing them of trying to ``internationalize'' the political crisis.\n"
    "``The government will not negotiate abroad,'' Hun Sen told reporters in Phnom Penh.\n"
    "Opposition leader Sam Rainsy said the talks were the only way forward _ and that ``we will not "
    "return until our safety is guaranteed by the king.''\n"
)


def test_cli_reads_the_wire_typography(tmp_path) -> None:
    f = tmp_path / "wire.txt"
    f.write_bytes(BRIEF_EXAMPLE.encode("utf-8"))
    r = subprocess.run(
        [sys.executable, "-m", "newsdigest", "--db", str(tmp_path / "q.db"), "quotes", str(f), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    for q in found:
        assert BRIEF_EXAMPLE[q["start"] : q["end"]] == q["text"]
    # "internationalize" is a scare quote, dropped as with curly marks.
    assert [(q["text"], q["speaker"], q["role"], q["verb"]) for q in found] == [
        ("The government will not negotiate abroad,", "Hun Sen", "Cambodian leader", "told reporters"),
        (
            "we will not return until our safety is guaranteed by the king.",
            "Sam Rainsy",
            "Opposition leader",
            "said",
        ),
    ]


# Each paragraph set in curly marks, with the speakers its quotes must have (in order).
PARAGRAPHS = {
    "brief example": (
        "Cambodian leader Hun Sen on Friday rejected opposition parties’ demands for talks outside the "
        "country, accusing them of trying to “internationalize” the political crisis.\n"
        "“The government will not negotiate abroad,” Hun Sen told reporters in Phnom Penh.\n"
        "Opposition leader Sam Rainsy said the talks were the only way forward — and that “we will not "
        "return until our safety is guaranteed by the king.”\n",
        ["Hun Sen", "Sam Rainsy"],
    ),
    "quote split around the attribution, pronoun": (
        "Opposition leader Sam Rainsy, who fled to Bangkok last month, said he would return only if his "
        "safety were guaranteed — a demand the government has rejected.\n"
        "“I am not afraid of prison,” he said, “but I am afraid of a bullet.”\n",
        ["Sam Rainsy", "Sam Rainsy"],
    ),
    "quote over two paragraphs": (
        "WASHINGTON (AP) — Federal Reserve Chairman Alan Greenspan told Congress on Wednesday that the "
        "economy was slowing.\n"
        "“We are seeing the first signs that the pace of growth is moderating in a number of sectors.\n"
        "“But it would be premature to conclude that the expansion is over,” Greenspan said.\n",
        ["Alan Greenspan", "Alan Greenspan"],
    ),
    "scare quote dropped, partial quote kept": (
        "Critics say the plan is a “giveaway” to the banks.\n"
        "Sen. Paul Wellstone, a Minnesota Democrat, said the bill would “leave millions of working "
        "families without any protection at all.”\n",
        ["Paul Wellstone"],
    ),
    "nested single quote": (
        "Prosecutor Maria Velasco described the scene to the jury on Thursday.\n"
        "“He looked at me and said ‘I never touched the money,’ and then he walked out,” Velasco said.\n",
        ["Maria Velasco"],
    ),
    "asides between dashes": (
        "MOSCOW (AP) — Russian President Boris Yeltsin — who has been ill for weeks — said Monday that he "
        "would not resign.\n"
        "“I will serve out my term to the very last day,” Yeltsin said in a televised address.\n"
        "Opposition leader Grigory Yavlinsky — speaking in St. Petersburg — said the president should step "
        "aside. “The country cannot be run from a hospital bed,” he said.\n",
        ["Boris Yeltsin", "Grigory Yavlinsky"],
    ),
    "colon, question split off, continuation": (
        "President Clinton told the crowd in Little Rock:\n"
        "“We will not rest until the job is done.”\n"
        "“Why should we wait for them?” Israeli Prime Minister Benjamin Netanyahu asked reporters. "
        "“They have had five years.”\n",
        ["Clinton", "Benjamin Netanyahu", "Benjamin Netanyahu"],
    ),
    "role from the apposition, the king": (
        "The king — who has been in Beijing for medical treatment — told reporters in a statement that "
        "“all parties must put the nation first.”\n"
        "“The country needs a government,” the king said. “Every day without one costs us dearly.”\n",
        ["", "", ""],
    ),
    "the team in an aside does not chant": (
        "Small groups of protesters looped the streets around the stadium — where the league's Charlotte "
        "Panthers played the Minnesota Vikings — while chanting, “Hands up, don't shoot.”\n",
        [""],
    ),
    "a short quote the parser cuts off from its verb": (
        "CLEVELAND — Donald Trump accepted the Republican presidential nomination here on Thursday.\n"
        "“Believe me,” Trump said in a long address to the delegates.\n",
        ["Donald Trump"],
    ),
}


def _row(d: QuoteDetail, where: list[int] | None = None) -> tuple:
    q = d.quote
    start, end = (where[q.start], where[q.end]) if where else (q.start, q.end)
    return start, end, q.speaker, q.role, q.verb, d.group


@pytest.mark.parametrize("name", list(PARAGRAPHS))
def test_curly_and_wire_marks_give_the_same_quotes(name: str) -> None:
    curly, speakers = PARAGRAPHS[name]
    wire, where = to_wire(curly, dashes=True)
    assert "“" not in wire and "—" not in wire
    ours = scan_quotes(curly).quotes
    theirs = scan_quotes(wire).quotes
    assert [d.quote.speaker for d in ours] == speakers
    _check_verbatim(wire, [d.quote for d in theirs])
    # Same words, speaker, role, verb and grouping, at the offsets the marks' widths move them to.
    assert [_row(d, where) for d in ours] == [_row(d) for d in theirs]


def test_the_brief_example_in_detail() -> None:
    scan = scan_quotes(BRIEF_EXAMPLE)
    quotes = [d.quote for d in scan.quotes]
    _check_verbatim(BRIEF_EXAMPLE, quotes)
    assert [q.text for q in quotes] == [
        "The government will not negotiate abroad,",
        "we will not return until our safety is guaranteed by the king.",
    ]
    assert [(q.speaker, q.role, q.verb) for q in quotes] == [
        ("Hun Sen", "Cambodian leader", "told reporters"),
        ("Sam Rainsy", "Opposition leader", "said"),
    ]
    scare = BRIEF_EXAMPLE.index("internationalize")
    assert [(d.start, d.reason) for d in scan.dropped] == [(scare, "scare_quote")]


def test_a_dateline_before_the_wires_dash_is_not_a_role() -> None:
    text = (
        "NEW YORK _ Republican presidential candidate Donald Trump on Saturday tweeted an image bearing "
        "the words ``most corrupt candidate ever!'' prompting outrage."
    )
    [q] = extract_quotes(text)
    assert q.speaker == "Donald Trump"
    assert q.role == "Republican presidential candidate"


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("``He said `no' to us,'' she said.", ["He said `no' to us,"]),
        # The nested quote closes right before the pair: ''' is ' then ''.
        ("``They told us `never''' and left.", ["They told us `never'"]),
        ("``It's the workers' money,'' he said.", ["It's the workers' money,"]),
        ("The report called it `a disgrace' and worse.", ["a disgrace"]),
        ("Opposition parties' demands don't matter ``at all,'' he said.", ["at all,"]),
        # Penn Treebank tokens, spaced out.
        (
            "`` The government will not negotiate abroad , '' Hun Sen told",
            ["The government will not negotiate abroad ,"],
        ),
        (
            "``Quote one.'' And ``quote two,'' he said, ``and three.''",
            ["Quote one.", "quote two,", "and three."],
        ),
    ],
)
def test_wire_marks_pair(text: str, inside: list[str]) -> None:
    spans, dropped = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == inside
    assert dropped == []
    for s in spans:
        assert text[s.open_at] == "`" and text[s.close_end - 1] == "'"


def test_wire_quote_over_paragraphs_is_one_group_and_a_short_unclosed_one_is_dropped() -> None:
    text = "``A quote that runs on past the end.\n``And ends here,'' he said.\n``Not closed\nNext."
    spans, dropped = find_marked_spans(text)
    assert [(text[s.start : s.end], s.group) for s in spans] == [
        ("A quote that runs on past the end.", 1),
        ("And ends here,", 1),
    ]
    assert [(text[d.start : d.end], d.reason) for d in dropped] == [("``Not closed", "unclosed")]


def test_a_new_opening_pair_drops_the_quote_left_open() -> None:
    text = "``first one never closed ``second one,'' he said."
    spans, dropped = find_marked_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["second one,"]
    assert [(text[d.start : d.end], d.reason) for d in dropped] == [("``first one never closed ", "unclosed")]


# Well-formed paragraphs in curly marks: words (some with apostrophes), double quotes with
# nested single ones, single quotes, and double quotes running over to the next paragraph.
_PLAIN = st.sampled_from(["the", "talks", "Hun", "Sen’s", "don’t", "parties’", "said", "king", "Sen,", "and"])
_INNER = st.sampled_from(["we", "will", "not", "return", "don’t", "it’s", "safety", "King", "no,", "go."])
_WORDS = st.lists(_INNER, min_size=1, max_size=8).map(" ".join)
_SINGLE = _WORDS.map(lambda w: f"‘{w}’")
_CONTENT = st.lists(st.one_of(_WORDS, _SINGLE), min_size=1, max_size=3).map(" ".join)
_DOUBLE = _CONTENT.map(lambda c: f"“{c}”")
_SEGMENT = st.one_of(_PLAIN, _DOUBLE, _SINGLE)
_PARAGRAPH = st.tuples(_WORDS, st.lists(_SEGMENT, min_size=1, max_size=6), st.one_of(st.none(), _CONTENT))


def _curly_text(paragraphs: list[tuple[str, list[str], str | None]]) -> str:
    """Paragraphs of segments; one left open (a last “ never closed) goes on in the next,
    which reopens with “ (the news convention), unless it is the last."""
    out: list[str] = []
    left_open = False
    for cont, segments, tail in paragraphs:
        body = " ".join(segments) + (f" “{tail}" if tail is not None else "")
        out.append((f"“{cont}” " if left_open else "") + body)
        left_open = tail is not None
    return "\n".join(out)


_CURLY_TEXT = st.lists(_PARAGRAPH, min_size=1, max_size=4).map(_curly_text)


@settings(max_examples=300, deadline=None)
@given(_CURLY_TEXT)
def test_marks_pair_the_same_in_curly_and_wire_typography(curly: str) -> None:
    wire, where = to_wire(curly)
    spans, dropped = find_marked_spans(curly)
    wspans, wdropped = find_marked_spans(wire)
    moved = [
        (where[s.open_at], where[s.start], where[s.end], where[s.close_end], s.group, s.kind) for s in spans
    ]
    assert moved == [(s.open_at, s.start, s.end, s.close_end, s.group, s.kind) for s in wspans]
    moved_drops = [(where[d.start], where[d.end], d.reason) for d in dropped]
    assert moved_drops == [(d.start, d.end, d.reason) for d in wdropped]


_WIRE_ALPHABET = st.sampled_from(
    list("ab cD.,\n'`_") + ["``", "''", "'''", "he said", "Anna Berg", "told", " _ "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WIRE_ALPHABET, max_size=60).map("".join))
def test_wire_marks_offsets_always_exact(text: str) -> None:
    spans, dropped = find_marked_spans(text)
    last = 0
    for s in spans:
        assert last <= s.open_at < s.start < s.end <= s.close_end <= len(text)
        assert text[s.open_at] in "`'"
        inner = text[s.start : s.end]
        assert inner == inner.strip() and "\n" not in inner
        last = s.close_end
    for d in dropped:
        assert 0 <= d.start <= d.end <= len(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WIRE_ALPHABET, max_size=60).map("".join))
def test_wire_quotes_verbatim_and_never_raise(text: str) -> None:
    _check_verbatim(text, extract_quotes(text))
