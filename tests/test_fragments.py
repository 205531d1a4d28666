"""The quote link's text fragment (``publish.fragments.text_fragment``) and the matcher the
fragments bench checks it with (``bench/fragments.py``, the WICG text-directive steps
over a page's rendered text).

The property test takes random word windows of real pages' rendered text — what a quote
is, as the browser sees it — and asserts the built link finds them: either inside the
window, or at an earlier place on the page with the same opening words (a link carries
no context, so a browser too would stop there first).
"""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from conftest import SHARED_DATA, need, bench_module
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsdigest.publish.fragments import text_fragment
from newsdigest.extract import decode_html

URL = "https://news.example/a"


@pytest.fixture(scope="module")
def fr():
    return bench_module("fragments")


def directive(url: str) -> str:
    return url.split("#:~:text=", 1)[1]


# ------------------------------------------------------------------ the encoder


def test_syntax_characters_are_escaped() -> None:
    d = directive(text_fragment(URL, "cost-cutting, jobs & more"))
    assert d == "jobs%20%26%20more"
    # No sturdy run of three words: the quote's own words are used, escaped.
    d = directive(text_fragment(URL, "cost-cutting, jobs, 9-5"))
    assert "-" not in d and "," not in d and "&" not in d
    assert unquote(d) == "cost-cutting, jobs, 9-5"


def test_terms_avoid_quote_marks_dashes_and_nbsp() -> None:
    quote = "It’s a cost-cutting plan that will hurt\u00a0everyone in this town, frankly"
    d = directive(text_fragment(URL, quote))
    assert unquote(d) == "plan that will hurt,in this town, frankly"
    for fragile in ("’", "-", "\u00a0", "%E2%80%99", "%2D", "%C2%A0"):
        assert fragile not in d


def test_short_quote_is_one_term_long_quote_start_and_end() -> None:
    short = text_fragment(URL + "#old", "we will rebuild this town")
    assert directive(short) == "we%20will%20rebuild%20this%20town"
    long = text_fragment(URL, "one two three four five six seven eight nine ten")
    assert long == URL + "#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"


def test_no_term_spans_a_line_break() -> None:
    # A new line in extracted text is a new block on the page; a term cannot cross it.
    quote = "first paragraph of the quote\nand the second paragraph"
    d = unquote(directive(text_fragment(URL, quote)))
    assert d == "first paragraph of the,and the second paragraph"


def test_end_term_is_the_first_of_its_kind_after_the_start() -> None:
    # "in the end" occurs twice: textEnd grows until its first match is the quote's end.
    q = "we knew that in the end it would hold and it did hold in the end"
    start, end = unquote(directive(text_fragment(URL, q))).split(",")
    rest = q[q.index(start) + len(start):]
    assert rest.find(end) == rest.rfind(end) and q.endswith(end)


def test_empty_quote_links_the_page() -> None:
    assert text_fragment(URL, "  \n ") == URL


# ------------------------------------------------------------------ the matcher


def test_matcher_follows_the_spec_basics(fr) -> None:
    html = ("<html><head><title>Gone</title></head><body>"
            "<p>Alpha said it’s a <a href=x>cost</a>-cutting plan."
            "</p><p hidden>Hidden words</p><p>Line one<br>line two</p><script>var words</script>"
            "<p>Mr\u00a0Smith, Mr Jones and Soft\u00adware</p></body></html>")
    text = fr.page_text(fr.rendered_blocks(html))
    ok = lambda frag: fr.check_url(URL + "#:~:text=" + frag, text)[0]  # noqa: E731
    assert ok("ALPHA%20said") and ok("cost%2Dcutting%20plan.") and ok("it%E2%80%99s")
    assert not ok("it%27s")  # stricter than Chromium, which folds quote marks
    assert not ok("pha%20said") and not ok("Alph")  # word boundaries
    assert not ok("Hidden") and not ok("Gone") and not ok("var")  # not rendered
    assert not ok("one%20line") and ok("one,line%20two")  # <br> separates terms, not a range
    assert ok("Mr%20Smith") and ok("software")  # NBSP is a space, soft hyphen ignorable
    assert ok("Alpha-,said") and not ok("Beta-,said")  # prefix
    assert ok("Smith%2C,-Mr%20Jones") and not ok("Smith%2C,-and")  # suffix
    assert ok("Mr%20Smith,Jones") and not ok("Jones,Mr%20Smith")  # start,end in order


# ------------------------------------------------------------------ property: real pages


@pytest.fixture(scope="module")
def real_pages(fr):
    """(page text, [(offset in it, raw words, normalised words) per usable block]) of a few real pages."""
    need((SHARED_DATA / "extraction" / "html").is_dir(), f"shared data at {SHARED_DATA}")
    from pagefeeds import load_pages  # type: ignore[import-not-found]  # on sys.path via fragments

    out = []
    for name, data in list(load_pages().items())[::10]:
        raw_blocks = fr.rendered_blocks(decode_html(data, "text/html; charset=utf-8"))
        text = fr.page_text(raw_blocks)
        blocks, at = [], 0
        for raw in raw_blocks:
            norm = fr.normalise(raw)
            if not norm:
                continue
            words = raw.split()
            nwords = [fr.normalise(w) for w in words]
            if len(words) >= 3 and all(nwords) and " ".join(nwords) == norm:
                blocks.append((at, words, nwords))
            at += len(norm) + 1
        out.append((name, text, blocks))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fragment_of_a_real_window_matches_where_intended(fr, real_pages, data) -> None:
    name, text, blocks = data.draw(st.sampled_from(real_pages))
    at, words, nwords = data.draw(st.sampled_from(blocks))
    a = data.draw(st.integers(0, len(words) - 1))
    n = data.draw(st.integers(1, min(40, len(words) - a)))
    start = at + sum(len(w) + 1 for w in nwords[:a])
    end = start + len(" ".join(nwords[a : a + n]))
    window = " ".join(words[a : a + n])
    assume(any(c.isalnum() for c in window))  # marks alone are no quote (and get no directive)
    url = text_fragment(URL, window)
    (d,) = fr.parse_directives(url)
    found = fr.find_range(text, d)
    assert found is not None, (name, url)
    s, e = found
    # Inside the window, or earlier at an occurrence of the same opening words.
    assert s < start or (start <= s < e <= end), (name, url, text[s:e], text[start:end])
