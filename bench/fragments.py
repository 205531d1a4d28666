"""Quote links a reader can check: does every quote's ``#:~:text=`` fragment match its source page?

Each digest quote links to its source article with a URL text fragment built from our
*extracted* text (trafilatura's output), while a browser matches the fragment against
the page *as rendered*. The two can differ: curly vs straight quote marks, dashes,
non-breaking spaces, soft hyphens, words split over inline elements, paragraphs that
trafilatura joins. This bench runs the 121 real pages of ``shared/data/extraction/html``
through the pipeline's own extraction and analysis (``extract.extract_article``,
``analyse.analyse_many``), builds each quote's link with the site's own code
(``publish.body.body_pieces``, which calls ``publish.fragments.text_fragment``) and
checks the link against the page:

- **lxml check (every link)**: the page's visible text, one string per block element
  (head/script/style/noscript/template/hidden dropped; ``<br>`` also separates, as
  Chromium matches no term across it), and the WICG "find a range from a text
  directive" steps over it: percent-decoded ``prefix-,textStart,textEnd,-suffix``
  matched case-insensitively, white space collapsed (NBSP and other Unicode spaces
  too, soft hyphens ignored), at word boundaries, each term inside one block. It is
  stricter than browsers on purpose in one way: quote marks, dashes and accents must
  be the same characters (Chromium folds curly and straight quotes and accents; the
  spec's primary-strength comparison folds accents), so a pass here is a pass there.
- **Windows**: besides the quotes analysis finds (a few hundred), random windows of
  1–40 words of each article's extracted lines get a link too
  (``publish.fragments.text_fragment`` directly): the link builder tested wherever on
  these pages a quote could have been.
- **Chromium check (a sample)**: the page is served from 127.0.0.1 with a tall empty
  spacer first in ``<body>`` and loaded at the fragment URL; browsers expose no API
  saying whether a text directive matched (``document.fragmentDirective`` is empty,
  the directive is stripped from ``location``), so, as the Web Platform Tests for
  text fragments do, a match is seen as the window having scrolled. Requests to other
  hosts are refused, so pages render unstyled, as the lxml check assumes.

    .venv/bin/python bench/fragments.py [--limit N] [--windows 30] [--chromium 30] [--json] [--failures 20]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import lxml.html

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from pagefeeds import load_pages  # noqa: E402

# ------------------------------------------------------------ the page as rendered

# Elements whose text is never rendered (or is "search invisible" in the spec).
_INVISIBLE = frozenset({
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "math", "select", "datalist", "video", "audio", "canvas", "meter", "progress", "textarea",
})
# Elements that are not inline in the UA stylesheet (block, list item, table parts,
# inline-block): each starts a block of its own. Every other element, custom elements
# (``<hl-trusted-source>``) and unknown tags included, is inline: its text belongs to the
# enclosing block. ``<br>`` is handled apart.
_BLOCKS = frozenset({
    "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "listing",
    "main", "menu", "nav", "ol", "p", "plaintext", "pre", "search", "section", "summary", "ul",
    "xmp", "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th",
    "optgroup", "option", "frameset", "frame", "button", "input", "img", "marquee", "picture",
})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Characters a collation at primary strength ignores: soft hyphen, zero-width ones, BOM.
_IGNORABLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
SEP = "\x00"  # between blocks: neither a word character nor whitespace


def _hidden(el: Any) -> bool:
    hidden = el.get("hidden")
    return (hidden is not None and hidden.lower() != "until-found") or bool(
        _DISPLAY_NONE.search(el.get("style") or "")) or (el.get("type") or "").lower() == "hidden"


def rendered_blocks(html: str) -> list[str]:
    """The visible text of a page, one string per block (raw, not yet normalised)."""
    root = lxml.html.document_fromstring(html)
    blocks: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if "".join(buf).strip():
            blocks.append("".join(buf))
        buf.clear()

    def walk(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _INVISIBLE or _hidden(el):
            return  # comments and processing instructions carry no text either
        block = tag in _BLOCKS
        if block:
            flush()
        if tag == "br":
            flush()  # Chromium matches no term across a <br> (seen in the synthetic check)
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return blocks


def normalise(s: str) -> str:
    """Case folded, ignorables removed, each run of white space (NBSP, thin space … too)
    one space: the spec compares at primary strength, where those spaces are equal, and
    Chromium matches them so."""
    s = unicodedata.normalize("NFC", s).translate(_IGNORABLE).casefold()
    return " ".join(s.split())


def page_text(blocks: list[str]) -> str:
    """The blocks normalised and joined by ``SEP``: what directives are matched against."""
    return SEP.join(n for n in (normalise(b) for b in blocks) if n)


# ------------------------------------------------------------ the matching algorithm

_MID = frozenset("'’.:·")  # UAX #29 MidLetter/MidNumLet: no word break between letters
_MID_NUM = frozenset(",.;'’")


def _word(c: str) -> bool:
    return c.isalnum() or c == "_" or unicodedata.category(c) == "Mn"


def at_word_boundary(text: str, i: int) -> bool:
    """Whether offset ``i`` of ``text`` is a word boundary (UAX #29, simplified)."""
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    if _word(a) and _word(b):
        return False
    for left, mid, right in ((i - 1, i, i + 1), (i - 2, i - 1, i)):
        if 0 <= left and right < len(text) and _word(text[left]) and _word(text[right]):
            m = text[mid]
            both_alpha = text[left].isalpha() and text[right].isalpha()
            both_digit = text[left].isdigit() and text[right].isdigit()
            if (m in _MID and both_alpha) or (m in _MID_NUM and both_digit):
                return False
    return True


def find_in(
    text: str, query: str, lo: int, hi: int, start_bounded: bool, end_bounded: bool
) -> tuple[int, int] | None:
    """First ``query`` in ``text[lo:hi]`` inside one block, at the word boundaries asked for."""
    if not query:
        return None
    i = text.find(query, lo, hi)
    while i != -1:
        j = i + len(query)
        starts = not start_bounded or at_word_boundary(text, i)
        if starts and (not end_bounded or at_word_boundary(text, j)):
            return i, j
        i = text.find(query, i + 1, hi)
    return None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in (" ", SEP):
        i += 1
    return i


@dataclass(frozen=True)
class TextDirective:
    start: str
    end: str | None = None
    prefix: str | None = None
    suffix: str | None = None


def parse_directives(url: str) -> list[TextDirective]:
    """The text directives of ``url``'s fragment directive, percent-decoded and normalised."""
    if ":~:" not in url:
        return []
    out = []
    for part in url.split(":~:", 1)[1].split("&"):
        if not part.startswith("text="):
            continue
        terms = part[len("text="):].split(",")
        prefix = terms.pop(0)[:-1] if terms and terms[0].endswith("-") else None
        suffix = terms.pop()[1:] if terms and terms[-1].startswith("-") else None
        if len(terms) not in (1, 2) or not terms[0]:
            continue  # malformed: the spec ignores the directive
        dec = [normalise(unquote(t)) for t in terms]
        out.append(TextDirective(dec[0], dec[1] if len(dec) > 1 else None,
                                 normalise(unquote(prefix)) if prefix else None,
                                 normalise(unquote(suffix)) if suffix else None))
    return out


def find_range(text: str, d: TextDirective) -> tuple[int, int] | None:
    """The WICG "find a range from a text directive" steps over a :func:`page_text`."""
    lo, hi = 0, len(text)
    while lo < hi:
        if d.prefix is not None:
            pm = find_in(text, d.prefix, lo, hi, True, False)
            if pm is None:
                return None
            lo = pm[0] + 1
            ms = _skip_space(text, pm[1])
            if ms >= hi:
                return None
            must_end = d.end is not None or d.suffix is None
            match = find_in(text, d.start, ms, hi, False, must_end)
            if match is None:
                return None
            if match[0] != ms:
                continue
        else:
            must_end = d.end is not None or d.suffix is None
            match = find_in(text, d.start, lo, hi, True, must_end)
            if match is None:
                return None
            lo = match[0] + 1
        s, e = match
        end_lo = e
        while True:  # ends: each round moves end_lo on, and find_in past the end is None
            if d.end is not None:
                em = find_in(text, d.end, end_lo, hi, True, d.suffix is None)
                if em is None:
                    return None
                e = em[1]
            if d.suffix is None:
                return s, e
            ss = _skip_space(text, e)
            sm = find_in(text, d.suffix, ss, hi, False, True)
            if sm is None:
                return None
            if sm[0] == ss:
                return s, e
            if d.end is None:
                break
            end_lo = e
    return None


def why_not(text: str, d: TextDirective) -> str:
    """A short reason a directive found nothing on the page."""
    terms = [t for t in (d.prefix, d.start, d.end, d.suffix) if t]
    joined = text.replace(SEP, " ")
    folded = _fold(joined)
    squeezed = joined.replace(" ", "")
    for t in terms:
        if t in text:
            continue
        if t in joined:
            return "crosses a block boundary"
        if _fold(t) in folded:
            return "quote marks, dashes, spaces or accents differ"
        if t.replace(" ", "") in squeezed:
            return "spaces differ (words split or joined by inline markup)"
        return "words not on the rendered page"
    return "terms present but not in order or not at word boundaries"


_FOLD = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―−"})


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", " ".join(s.translate(_FOLD).split()))
    return "".join(c for c in s if not unicodedata.combining(c))


def check_url(url: str, text: str) -> tuple[bool, str]:
    """(every text directive of ``url`` matches ``text``, the reason when not)."""
    directives = parse_directives(url)
    if not directives:
        return False, "no text directive"
    for d in directives:
        if find_range(text, d) is None:
            return False, why_not(text, d)
    return True, ""


# ------------------------------------------------------------ quotes from the pipeline


@dataclass
class Link:
    page: str
    quote: str
    href: str
    ok: bool = False
    reason: str = ""


@dataclass
class Run:
    pages: int = 0
    extracted: int = 0
    links: list[Link] = field(default_factory=list)  # one per quote the pipeline found
    windows: list[Link] = field(default_factory=list)  # random windows of extracted text
    seconds: float = 0.0


def page_url(name: str, base: str = "https://bench.example") -> str:
    return f"{base}/page/{name}.html"


def extract_all(pages: dict[str, bytes]) -> list[Any]:
    """The pages as the pipeline stores them: ``Article``s of ``extract_article``'s text."""
    from newsdigest.errors import ExtractError
    from newsdigest.extract import extract_article
    from newsdigest.records import Article

    articles = []
    for name, data in pages.items():
        try:
            ex = extract_article(data, page_url(name), content_type="text/html; charset=utf-8")
        except ExtractError:
            continue
        articles.append(Article(id=name, text=ex.text, url=page_url(name), title=ex.title))
    return articles


def quote_links(articles: list[Any]) -> list[tuple[str, str, str]]:
    """(page, quote as shown, link as the site renders it) for every quote analysis finds."""
    from newsdigest import analyse
    from newsdigest.publish.body import body_pieces
    from newsdigest.records import Digest, Paragraph, RelevantArticle

    out = []
    for art, an in zip(articles, analyse.analyse_many(articles), strict=True):
        if not an.quotes:
            continue
        # A digest carrying each quote in its own paragraph, rendered by the site's code.
        digest = Digest(story_id=1, headline=art.title, lede="", quotes=an.quotes,
                        paragraphs=tuple(Paragraph(f"“{q.text}”", ()) for q in an.quotes),
                        relevant_articles=(RelevantArticle(art.id, art.title, "bench", art.url),))
        for para in body_pieces(digest):
            for piece in para:
                if piece.kind == "quote" and piece.href:
                    out.append((art.id, piece.text, piece.href))
    return out


def window_links(articles: list[Any], per_page: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """(page, window, link) for random windows of 1–40 words of each article's text lines.

    Quotes are a few hundred places on these pages; windows test the link builder on the
    whole extracted text, wherever a quote could have been.
    """
    import random

    from newsdigest.publish.fragments import text_fragment

    rng = random.Random(seed)
    out = []
    for art in articles:
        lines = [words for line in art.text.split("\n") if len(words := line.split()) >= 2]
        for _ in range(per_page if lines else 0):
            words = rng.choice(lines)
            a = rng.randrange(len(words))
            window = " ".join(words[a : a + rng.randint(1, min(40, len(words) - a))])
            if any(c.isalnum() for c in window):
                out.append((art.id, window, text_fragment(art.url, window)))
    return out


def run(pages: dict[str, bytes], windows: int = 0) -> Run:
    """Build every quote's link (and ``windows`` window links per page) and check them
    against their page's rendered text."""
    from newsdigest.extract import decode_html

    t0 = time.perf_counter()
    articles = extract_all(pages)
    links = quote_links(articles)
    wins = window_links(articles, windows) if windows else []
    texts = {n: page_text(rendered_blocks(decode_html(pages[n], "text/html; charset=utf-8")))
             for n in {p for p, _, _ in links + wins}}
    result = Run(pages=len(pages), extracted=len(articles))
    for out, found in ((result.links, links), (result.windows, wins)):
        for name, quote, href in found:
            ok, reason = check_url(href, texts[name])
            out.append(Link(name, quote, href, ok, reason))
    result.seconds = time.perf_counter() - t0
    return result


def verbatim_share(links: list[Link]) -> float:
    return sum(link.ok for link in links) / len(links) if links else 0.0


# ------------------------------------------------------------ Chromium, for a sample

CONTROLS = 5
SPACER = b'<div style="height:20000px"></div>'


def with_spacer(html: bytes) -> bytes:
    """The page with an empty, tall first child of ``<body>``: any match is then far
    below the first screen, so Chromium scrolling to it is visible as ``scrollY > 0``."""
    m = re.search(rb"<body\b[^>]*>", html, re.IGNORECASE)
    at = m.end() if m else 0
    return html[:at] + SPACER + html[at:]


def chromium_check(
    pages: dict[str, bytes], links: list[Link], wait_s: float = 3.0, browser: Any = None
) -> list[tuple[Link, bool]]:
    """Load each link's page at its fragment URL in Chromium; True when it scrolled.

    ``browser``: a Playwright browser already running (the test suite's session one: a
    second sync Playwright cannot start inside the first); else one is launched here.
    """
    if browser is not None:
        return _chromium_check(browser, pages, links, wait_s)
    sys.path.insert(0, str(REPO / "tests"))
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS  # type: ignore[import-not-found]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return _chromium_check(launched, pages, links, wait_s)
        finally:
            launched.close()


def _chromium_check(browser: Any, pages: dict[str, bytes], links: list[Link], wait_s: float) -> list[tuple[Link, bool]]:
    sys.path.insert(0, str(REPO / "tests"))
    from ingest_helpers import LocalServer, text  # type: ignore[import-not-found]

    server = LocalServer({})
    for name in {link.page for link in links}:
        server.routes[f"/page/{name}.html"] = text(with_spacer(pages[name]))
    out = []
    with server:
        local = server.url("")
        for link in links:
            ctx = browser.new_context(viewport={"width": 1000, "height": 700}, java_script_enabled=False)
            page = ctx.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local)
                       else route.abort())
            url = page_url(link.page, local.rstrip("/")) + "#" + link.href.split("#", 1)[1]
            page.goto(url, wait_until="load")
            deadline = time.monotonic() + wait_s
            scrolled = False
            while time.monotonic() < deadline and not scrolled:
                scrolled = page.evaluate("window.scrollY") > 0
                if not scrolled:
                    page.wait_for_timeout(100)
            out.append((link, scrolled))
            ctx.close()
    return out


# ------------------------------------------------------------ report


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--windows", type=int, default=30, help="random text windows per page (0: none)")
    ap.add_argument("--chromium", type=int, default=30, help="quote links checked in Chromium too (0: none)")
    ap.add_argument("--failures", type=int, default=20, help="failures to list")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    pages = load_pages()
    if args.limit:
        pages = dict(list(pages.items())[: args.limit])
    r = run(pages, args.windows)
    fails = [x for x in r.links if not x.ok]
    wfails = [x for x in r.windows if not x.ok]
    result: dict[str, Any] = {
        "pages": r.pages, "extracted": r.extracted, "pages_with_quotes": len({x.page for x in r.links}),
        "quotes": len(r.links), "verbatim": round(verbatim_share(r.links), 4),
        "windows": len(r.windows), "windows_verbatim": round(verbatim_share(r.windows), 4),
        "seconds": round(r.seconds, 1),
        "failure_reasons": dict(Counter(x.reason for x in fails).most_common()),
        "window_failure_reasons": dict(Counter(x.reason for x in wfails).most_common()),
        "failures": [{"page": x.page, "quote": x.quote, "href": x.href.split("#", 1)[1], "reason": x.reason}
                     for x in (fails + wfails)[: args.failures]],
    }
    if args.chromium:
        step = max(1, len(r.links) // args.chromium)
        sample = r.links[::step][: args.chromium]
        # Controls: the same links with a word no page has; Chromium must not scroll for them.
        controls = [Link(x.page, x.quote, x.href.replace(":~:text=", ":~:text=qqzxv%20"))
                    for x in sample[:CONTROLS]]
        seen = chromium_check(pages, sample + controls)
        seen, control_hits = seen[: len(sample)], sum(hit for _, hit in seen[len(sample):])
        result["chromium"] = {
            "checked": len(seen), "matched": sum(hit for _, hit in seen),
            "agrees_with_lxml": sum(1 for link, hit in seen if hit == link.ok),
            "controls": len(controls), "controls_scrolled": control_hits,
            "disagreements": [{"page": x.page, "href": x.href.split("#", 1)[1], "lxml": x.ok, "chromium": hit}
                              for x, hit in seen if hit != x.ok]}
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return result
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"fragments bench: {r.pages} real pages ({r.extracted} extracted, "
          f"{result['pages_with_quotes']} with quotes), {r.seconds:.0f} s; load average {load}")
    print(f"{'links':<40} {'pages':>6} {'links':>6} {'verbatim':>9} {'verbatim %':>11}")
    rows = (("quotes found by analysis", r.links), ("random windows of extracted text", r.windows))
    for label, links in rows:
        if links:
            print(f"{label:<40} {len({x.page for x in links}):>6} {len(links):>6} "
                  f"{sum(x.ok for x in links):>9} {100 * verbatim_share(links):>10.1f}%")
    if "chromium" in result:
        c = result["chromium"]
        print(f"Chromium sample of quote links: {c['matched']}/{c['checked']} matched "
              f"(scrolled to the text); agrees with the lxml check on "
              f"{c['agrees_with_lxml']}/{c['checked']}; "
              f"{c['controls_scrolled']}/{c['controls']} controls (a word no page has) scrolled")
        for d in c["disagreements"]:
            print(f"  disagree: {d['page']} lxml={d['lxml']} chromium={d['chromium']} #{d['href']}")
    for label, reasons in (("quote", result["failure_reasons"]),
                           ("window", result["window_failure_reasons"])):
        if reasons:
            print(f"{label} failures by reason: " + ", ".join(f"{k} {v}" for k, v in reasons.items()))
    for x in (fails + wfails)[: args.failures]:
        shown = unquote(x.href.split("#", 1)[1])[:110]
        print(f"  {x.page[:12]} {x.reason}: {x.quote[:70]!r}\n      #{shown}")
    return result


if __name__ == "__main__":
    main()
