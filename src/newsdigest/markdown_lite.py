"""Readers' comments: plain text or a small Markdown subset, to sanitized HTML.

The subset: paragraphs (a blank line), line breaks, *em*, **strong**, `code`,
[links](https://…) and <https://…>, and > quotes. Anything else stays text. Raw HTML
in the input is never HTML (markdown-it escapes it), and the result still goes through
nh3 with an allow-list of exactly those elements, so neither a parser bug nor a new
Markdown feature can let through script, style, svg, math, iframe or an event handler.
Links keep only absolute http(s) addresses (``urls.safe_href``) and get
``rel="nofollow noopener noreferrer"``.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

from .urls import safe_href

ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "code", "a", "blockquote"})
LINK_REL = "nofollow noopener noreferrer"

_md = MarkdownIt("zero", {"html": False, "breaks": True, "linkify": False}).enable(
    ["emphasis", "backticks", "link", "blockquote", "newline", "escape", "autolink", "entity"]
)
_LINKISH = re.compile(r"https?://|www\.", re.IGNORECASE)
_HREF = re.compile(r"<a\s", re.IGNORECASE)


def _only_safe_hrefs(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return safe_href(value)
    return value


def render(text: str) -> str:
    """Sanitized HTML for a comment body."""
    html = _md.render(text)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "svg", "math", "iframe", "template", "noscript"},
        attributes={"a": {"href"}},
        attribute_filter=_only_safe_hrefs,
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def count_links(text: str) -> int:
    """Links a reader put in: Markdown links and bare addresses alike (the larger count)."""
    return max(len(_LINKISH.findall(text)), len(_HREF.findall(_md.render(text))))
