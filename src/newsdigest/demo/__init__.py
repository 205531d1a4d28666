"""Bundled sample outlets for ``newsdigest demo`` and the tests.

``serve_sample()`` starts a local HTTP server that plays seven fictional outlets (six good
feeds in RSS 2.0, Atom and JSON Feed, one broken feed) with full article pages; see
``sample/README.md`` for what the sample contains and why.
"""

from newsdigest.demo.manifest import (
    SAMPLE_DIR,
    SampleArticle,
    SampleManifest,
    SampleOutlet,
    article_body,
    load_manifest,
)
from newsdigest.demo.server import SampleServer, serve_sample
from newsdigest.demo.site import sample_opml

__all__ = [
    "SAMPLE_DIR",
    "SampleArticle",
    "SampleManifest",
    "SampleOutlet",
    "SampleServer",
    "article_body",
    "load_manifest",
    "sample_opml",
    "serve_sample",
]
