"""What search engines and link previews read: schema.org JSON-LD and Open Graph."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .. import publish
from ..records import Digest
from ..urls import safe_href
from .gate import paywall_markup


def script_json(data: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/ld+json">``.

    ``<`` is what could end the script element (``</script>``) or open a comment, so
    every one becomes ``\\u003c``; ``>`` and ``&`` likewise for good measure. The
    result is still the same JSON value.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def news_article(digest: Digest, config: Any) -> dict[str, Any]:
    """schema.org NewsArticle for one digest."""
    url = publish.digest_url(digest, config)
    base = publish.site_base(config)
    org = {"@type": "Organization", "name": config.site_title, "url": base + "/"}
    sources = [h for ra in digest.relevant_articles if (h := safe_href(ra.url))]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        # Google shows at most 110 characters of a headline.
        "headline": publish.excerpt(digest.headline, 110),
        "description": publish.excerpt(digest.lede, 200),
        "datePublished": publish.rfc3339(digest.published),  # type: ignore[arg-type]
        "dateModified": publish.rfc3339(publish.last_modified(digest)),  # type: ignore[arg-type]
        "author": org,
        "publisher": org,
        "wordCount": digest.word_count,
        "inLanguage": "en",
    }
    if sources:
        data["isBasedOn"] = sources
    if digest.entities:
        data["keywords"] = list(digest.entities)
    data.update(paywall_markup(digest, config))  # archived: Google's paywalled-content fields
    return data


def page_meta(digest: Digest, config: Any) -> dict[str, str]:
    """Open Graph / Twitter card values (the template escapes them)."""
    return {
        "title": digest.headline,
        "description": publish.excerpt(digest.lede, 200),
        "url": publish.digest_url(digest, config),
        "published": publish.rfc3339(digest.published),  # type: ignore[arg-type]
        "modified": publish.rfc3339(publish.last_modified(digest)),  # type: ignore[arg-type]
    }
